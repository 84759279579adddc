"""The seed bulletin, built from nothing by the batch script, holds every fact of the real issue."""

from __future__ import annotations

import json
import shutil
import sys
import tomllib

from tests.conftest import EXAMPLES, run, script_env


def test_batch_script_builds_the_example_issue(tmp_path):
    script = tmp_path / "2022-33.sh"
    shutil.copy(EXAMPLES / "2022-33.sh", script)
    import subprocess

    env = script_env(ZHOUBAO_FILE="")
    done = subprocess.run(["bash", str(script)], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    built = tomllib.loads((tmp_path / "2022-33.toml").read_text(encoding="utf-8"))
    assert built == tomllib.loads((EXAMPLES / "2022-33.toml").read_text(encoding="utf-8"))

    data = json.loads(run("show", "--json", "-f", str(tmp_path / "2022-33.toml")).stdout)
    head = data["issue"]
    assert (head["name"], head["year"], head["number"], head["total"], head["date"]) == (
        "窗口工作周报",
        2022,
        33,
        408,
        "2022-11-01",
    )
    assert (head["period_start"], head["period_end"]) == ("2022-09-26", "2022-09-30")
    sections = {s["title"]: s for top in data["section"] for s in [top, *top.get("sub", [])]}
    figures = {c["name"]: c["values"] for c in sections["省级政务服务事项受理办理情况"]["category"]}
    assert figures == {
        "行政许可事项": {"受理": 644608, "办结": 636146},
        "公共服务事项": {"受理": 19985725, "办结": 7756140},
        "其它九类行权事项": {"受理": 50880, "办结": 51546},
    }
    assert sections["省级政务服务事项受理办理情况"]["source"] == "四川一体化政务服务平台"
    optimise = sections["优化营商环境工作开展情况"]["entry"]
    efficiency = sections["窗口服务效能提升工作情况"]["entry"]
    assert [e["date"] for e in optimise] == ["2022-09-26"]
    assert optimise[0]["text"].startswith("省广播电视局与重庆市文化和旅游发展委员会联合印发")
    assert [e["date"] for e in efficiency] == ["2022-09-28", "2022-09-29"]
    assert efficiency[0]["text"].startswith("斯伦贝谢科技服务（成都）有限公司")
    visits = [(v["date"], v["unit"], v["post"], v["name"]) for v in sections["厅（局）长进大厅"]["entry"]]
    assert visits == [
        ("2022-09-28", "省交通物流发展中心", "二级巡视员、主任", "柏吉琼"),
        ("2022-09-30", "商务厅", "一级巡视员", "刘祥超"),
        ("2022-09-30", "生态环境厅", "党组书记、厅长", "钟承林"),
    ]
    items = {it["name"]: it["result"] for it in sections["大厅巡查情况"]["item"]}
    assert list(items) == [
        "按时到岗情况",
        "工作区域标准化执行情况",
        "着装情况",
        "工作牌佩戴情况",
        "纪律秩序",
        "大厅防控情况",
    ]
    assert [items[k] for k in list(items)[:5]] == ["总体情况良好。"] * 5
    assert items["大厅防控情况"].startswith("大厅人员管控到位") and "72小时" in items["大厅防控情况"]
    dist = data["distribution"]
    assert dist["copies"] == 80
    assert [(x["label"], x["text"]) for x in dist["line"]] == [
        ("报", "中心领导"),
        ("送", "各相关省级部门（单位），中心各处（室）、直属单位"),
        ("发", "各部门窗口"),
    ]
    assert sys.executable  # the script ran with this interpreter's zhoubao
