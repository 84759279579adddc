#!/usr/bin/env bash
# 用 zhoubao 命令写出《窗口工作周报》2022年的一整年（第1期至第50期：春节和国庆两周不出刊），
# 供 summary --chart 和网站示例使用。在一个空文件夹里运行：bash year-2022.sh；生成 2022-01.toml … 2022-50.toml。
# 数字和内容是编的（逐周递增的累计数、轮流来访的单位、偶尔发现的问题），格式与真实的一年相同。
# ZHOUBAO 可换成别的调用方式，如 ZHOUBAO="python -m zhoubao"。
set -euo pipefail
zb() { ${ZHOUBAO:-zhoubao} "$@"; }

units=(生态环境厅 商务厅 省交通物流发展中心 自然资源厅 省市场监管局 人力资源社会保障厅)
posts=(厅长 一级巡视员 主任 副厅长 局长 副厅长)
names=(钟承林 刘祥超 柏吉琼 王明 李华 张强)
items=(按时到岗情况 着装情况 工作牌佩戴情况 纪律秩序)
windows=(税务窗口 公安窗口 市场监管窗口 交通窗口)

accepted1=10000; completed1=9800; accepted2=400000; completed2=150000; accepted3=900; completed3=950
for n in $(seq 1 50); do
  file=$(printf '2022-%02d.toml' "$n")
  if [ "$n" -eq 1 ]; then
    zb new "$file" --number 1 --total 376 --date 2022-01-10 --period 2022-01-04..2022-01-07
  else
    zb new "$file" --from "$(printf '2022-%02d.toml' $((n - 1)))"
  fi
  export ZHOUBAO_FILE=$file
  # 累计数：每周的新增有起伏（年初和年末少、年中多，每周再有些出入）
  season=$((25 - (n > 25 ? n - 25 : 25 - n))); noise=$(((n * n * 13 + n * 7) % 11))
  accepted1=$((accepted1 + 11000 + season * 300 + noise * 400));    completed1=$((completed1 + 10500 + season * 320 + noise * 350))
  accepted2=$((accepted2 + 380000 + season * 9000 + noise * 8000)); completed2=$((completed2 + 150000 + season * 3000 + noise * 3000))
  accepted3=$((accepted3 + 900 + season * 20 + noise * 30));        completed3=$((completed3 + 880 + season * 22 + noise * 25))
  zb stats 行政许可事项 --accepted $accepted1 --completed $completed1
  zb stats 公共服务事项 --accepted $accepted2 --completed $completed2
  zb stats 其它九类行权事项 --accepted $accepted3 --completed $completed3
  zb add-news --section 服务效能 "窗口第${n}周持续推进“一网通办”，群众办事满意度保持较高水平。"
  if [ $((n % 3)) -eq 0 ]; then
    i=$(((n / 3) % 6))
    zb add-visit --date "$(zb show --json | ${PYTHON:-python3} -c 'import json,sys; print(json.load(sys.stdin)["issue"]["period_end"])')" \
      --unit "${units[$i]}" --post "${posts[$i]}" --name "${names[$i]}" "到本厅窗口走访调研，听取工作汇报。"
  fi
  if [ $((n % 4)) -eq 1 ]; then
    k=$(((n / 4) % 4))
    zb inspect "${items[$k]}" --finding "个别工作人员未按要求执行" --window "${windows[$(((n / 8) % 4))]}"
  fi
  zb inspect --all-good
done
