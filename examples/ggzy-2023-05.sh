#!/usr/bin/env bash
# 用 zhoubao 命令从零生成《公共资源交易周报》2023年第5期（examples/ggzy-2023-05.toml）。
# 在一个空文件夹里运行：bash ggzy-2023-05.sh。ZHOUBAO 可换成别的调用方式，如 "python -m zhoubao"。
set -euo pipefail
zb() { ${ZHOUBAO:-zhoubao} "$@"; }

zb new ggzy-2023-05.toml --kind 公共资源交易周报 --number 5 --total 120 --date 2023-02-06 \
    --period 2023-01-30..2023-02-03
export ZHOUBAO_FILE=ggzy-2023-05.toml

# 交易情况：平台导出的本周数据，表头用种类声明的列名；土地、矿业权和产权没有节约资金，留空
cat > 本周交易.csv <<'CSV'
类别,项目数,交易金额,节约资金
工程建设项目招标投标,126,58.37,1.42
政府采购,214,9.86,0.53
土地使用权和矿业权出让,17,23.18,
CSV
zb stats --csv 本周交易.csv --since 2023-01-30
zb stats 国有产权交易 --value 项目数=9 --value 金额=2.4 --since 2023-01-30

# 重点工作
zb add-news --section 重点工作 --date 2023-01-30 "召开全省公共资源交易平台整合共享工作推进会，部署2023年“远程异地评标”扩面工作。"
zb add-news --section 重点工作 --date 2023-02-02 "上线“不见面开标”系统2.0版，投标人可在线签到、解密和质询，本周已有43个项目使用。"

# 监督管理：发现的问题记到窗口（项目）名下，其余一键“未发现异常。”
zb inspect 评标专家管理 --finding "1名评标专家迟到15分钟，已按规定记录并扣减信用分" --window "某市政道路工程施工项目"
zb inspect --all-good
