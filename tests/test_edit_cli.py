"""A clerk's week at the terminal: the editing commands, their messages, and bad input."""

from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path

import pytest

from tests.conftest import run


def load(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def subs(data: dict) -> dict[str, dict]:
    return {s["title"]: s for top in data["section"] for s in [top, *top.get("sub", [])]}


def test_add_news_with_date_goes_into_the_named_subsection(issue, invoke):
    r = invoke("add-news", "-f", str(issue), "--section", "优化营商环境", "--date", "2022-09-26", "联合印发通知。")
    assert r.exit_code == 0, r.stderr
    assert "#1" in r.stderr and r.stdout == ""
    entry = subs(load(issue))["优化营商环境工作开展情况"]["entry"][0]
    assert entry["text"] == "联合印发通知。" and str(entry["date"]) == "2022-09-26" and entry["id"] == 1


def test_text_from_stdin_and_from_file(issue, invoke, tmp_path):
    invoke("add-news", "-f", str(issue), "--section", "服务效能", "-", input="来自标准输入。\n")
    text_file = tmp_path / "news.txt"
    text_file.write_text("\ufeff来自文件。\n", encoding="utf-8")
    invoke("add-news", "-f", str(issue), "--section", "服务效能", "--text-file", str(text_file))
    texts = [e["text"] for e in subs(load(issue))["窗口服务效能提升工作情况"]["entry"]]
    assert texts == ["来自标准输入。", "来自文件。"]


def test_add_visit_keeps_fields(issue, invoke):
    r = invoke(
        "add-visit",
        "-f",
        str(issue),
        "--date",
        "2022-09-28",
        "--unit",
        "省交通物流发展中心",
        "--post",
        "二级巡视员、主任",
        "--name",
        "柏吉琼",
        "到省政务中心“交通窗口”走访调研。",
    )
    assert r.exit_code == 0, r.stderr
    visit = subs(load(issue))["厅（局）长进大厅"]["entry"][0]
    assert (visit["unit"], visit["post"], visit["name"]) == ("省交通物流发展中心", "二级巡视员、主任", "柏吉琼")


def test_inspect_result_findings_and_all_good(issue, invoke):
    assert invoke("inspect", "-f", str(issue), "大厅防控", "大厅运行保障有序。").exit_code == 0
    r = invoke(
        "inspect",
        "-f",
        str(issue),
        "纪律秩序",
        "--finding",
        "工作时间玩手机",
        "--window",
        "税务窗口",
        "--finding",
        "离岗未挂牌",
        "--window",
        "公安窗口",
    )
    assert r.exit_code == 0, r.stderr
    assert invoke("inspect", "-f", str(issue), "--all-good").exit_code == 0
    items = {it["name"]: it for it in subs(load(issue))["大厅巡查情况"]["item"]}
    assert items["大厅防控情况"]["result"] == "大厅运行保障有序。"
    assert items["纪律秩序"]["finding"] == [
        {"window": "税务窗口", "text": "工作时间玩手机"},
        {"window": "公安窗口", "text": "离岗未挂牌"},
    ]
    assert "result" not in items["纪律秩序"]
    assert items["着装情况"]["result"] == "总体情况良好。"
    # a result sentence replaces findings only when asked to: nothing is lost without a word
    before = issue.read_bytes()
    r = invoke("inspect", "-f", str(issue), "纪律秩序")
    assert r.exit_code == 1 and "已记录2 个问题" in r.stderr and "--replace" in r.stderr
    assert issue.read_bytes() == before
    assert invoke("inspect", "-f", str(issue), "纪律秩序", "--replace").exit_code == 0
    items = {it["name"]: it for it in subs(load(issue))["大厅巡查情况"]["item"]}
    assert items["纪律秩序"] == {"name": "纪律秩序", "result": "总体情况良好。"}


def test_findings_are_not_lost_or_doubled_and_one_can_be_removed(issue, invoke):
    f = ["-f", str(issue)]
    assert invoke("inspect", *f, "大厅防控", "大厅运行保障有序。").exit_code == 0
    before = issue.read_bytes()
    r = invoke("inspect", *f, "大厅防控", "--finding", "未测体温")
    assert r.exit_code == 1 and "已填写结果“大厅运行保障有序。”" in r.stderr and issue.read_bytes() == before
    r = invoke("inspect", *f, "大厅防控", "大厅运行保障有序。")  # the same result again changes nothing
    assert r.exit_code == 0
    assert invoke("inspect", *f, "纪律秩序", "--finding", "工作时间玩手机", "--window", "税务窗口").exit_code == 0
    assert invoke("inspect", *f, "纪律秩序", "--finding", "离岗未挂牌", "--window", "公安窗口").exit_code == 0
    before = issue.read_bytes()
    r = invoke("inspect", *f, "纪律秩序", "--finding", "工作时间玩手机", "--window", "税务窗口")
    assert r.exit_code == 1 and "已记录过这个问题" in r.stderr and issue.read_bytes() == before
    r = invoke("inspect", *f, "纪律秩序", "--finding", "甲", "--finding", "甲")
    assert r.exit_code == 1 and "写了两遍" in r.stderr
    r = invoke("inspect", *f, "纪律秩序", "--remove-finding", "1")
    assert r.exit_code == 0 and "税务窗口：工作时间玩手机" in r.stderr
    items = {it["name"]: it for it in subs(load(issue))["大厅巡查情况"]["item"]}
    assert items["纪律秩序"]["finding"] == [{"window": "公安窗口", "text": "离岗未挂牌"}]
    r = invoke("inspect", *f, "纪律秩序", "--remove-finding", "5")
    assert r.exit_code == 1 and "共有 1 个问题" in r.stderr


def test_stats_sets_figures_and_default_dates(issue, invoke):
    r = invoke("stats", "-f", str(issue), "行政许可", "--accepted", "644608", "--completed", "636146")
    assert r.exit_code == 0, r.stderr
    section = subs(load(issue))["省级政务服务事项受理办理情况"]
    assert section["category"][0]["values"] == {"受理": 644608, "办结": 636146}
    assert (str(section["since"]), str(section["as_of"])) == ("2022-01-01", "2022-09-30")
    invoke("stats", "-f", str(issue), "公共服务事项", "--value", "受理=19985725", "--value", "办=7756140")
    assert subs(load(issue))["省级政务服务事项受理办理情况"]["category"][1]["values"] == {
        "受理": 19985725,
        "办结": 7756140,
    }


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig"])
def test_stats_csv_as_excel_saves_it(issue, invoke, tmp_path, encoding):
    table = tmp_path / "platform.csv"
    table.write_text(
        "类别,受理,办结\r\n行政许可事项,644608,636146\r\n公共服务事项,19985725,7756140\r\n"
        "其它九类行权事项,50880,51546\r\n",
        encoding=encoding,
    )
    r = invoke("stats", "-f", str(issue), "--csv", str(table))
    assert r.exit_code == 0, r.stderr
    figures = [c["values"] for c in subs(load(issue))["省级政务服务事项受理办理情况"]["category"]]
    assert figures == [
        {"受理": 644608, "办结": 636146},
        {"受理": 19985725, "办结": 7756140},
        {"受理": 50880, "办结": 51546},
    ]


def test_entries_have_stable_ids_through_edit_move_remove(issue, invoke):
    for text in ("甲。", "乙。", "丙。"):
        invoke("add-news", "-f", str(issue), "--section", "服务效能", text)
    r = invoke("entries", "-f", str(issue))
    assert r.exit_code == 0 and "甲" in r.stdout and "3" in r.stdout
    assert invoke("move", "-f", str(issue), "3", "1").exit_code == 0
    assert invoke("edit", "-f", str(issue), "2", "乙（改）。").exit_code == 0
    assert invoke("remove", "-f", str(issue), "1").exit_code == 0
    entries = subs(load(issue))["窗口服务效能提升工作情况"]["entry"]
    assert [(e["id"], e["text"]) for e in entries] == [(3, "丙。"), (2, "乙（改）。")]
    invoke("add-news", "-f", str(issue), "--section", "服务效能", "丁。")
    assert [e["id"] for e in subs(load(issue))["窗口服务效能提升工作情况"]["entry"]] == [3, 2, 4]


def test_set_header_and_distribution_fields(issue, invoke):
    for field, value in (
        ("date", "2022-11-02"),
        ("copies", "60"),
        ("报", "中心领导、主任"),
        ("period", "2022-09-26..2022-09-29"),
        ("number", "34"),
    ):
        r = invoke("set", "-f", str(issue), field, value)
        assert r.exit_code == 0, r.stderr
    data = load(issue)
    assert str(data["issue"]["date"]) == "2022-11-02" and data["issue"]["number"] == 34
    assert str(data["issue"]["period_end"]) == "2022-09-29"
    assert data["distribution"]["copies"] == 60
    assert data["distribution"]["line"][0] == {"label": "报", "text": "中心领导、主任"}


def test_show_prints_tree_and_json(example, invoke):
    r = invoke("show", "-f", str(example))
    assert r.exit_code == 0 and "窗口工作周报" in r.stdout and "柏吉琼" in r.stdout
    data = json.loads(invoke("show", "-f", str(example), "--json").stdout)
    assert data["issue"]["date"] == "2022-11-01"


def test_file_is_found_by_env_and_by_being_the_only_one(issue, tmp_path):
    r = run("add-news", "--section", "服务效能", "甲。", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    other = tmp_path / "other"
    other.mkdir()
    r = run("add-news", "--section", "服务效能", "乙。", cwd=other, env={"ZHOUBAO_FILE": str(issue)})
    assert r.returncode == 0, r.stderr
    (tmp_path / "pyproject.toml").write_text("[project]\nname='x'\n")  # not an issue file: ignored
    assert run("show", cwd=tmp_path).returncode == 0
    r = run("show", cwd=other, env={"ZHOUBAO_FILE": ""})
    assert r.returncode != 0 and "没有期刊文件" in r.stderr


def test_a_folder_of_issues_defaults_to_the_newest_and_says_so_when_it_could_surprise(issue, tmp_path):
    """A year's issues live in one folder: without -f the newest (by total number) is taken; the
    clerk is told so when the file written last is another one."""
    assert run("new", "2022-34.toml", "--from", issue.name, cwd=tmp_path).returncode == 0
    assert run("new", "2022-35", "--from", "2022-34.toml", cwd=tmp_path).returncode == 0
    assert (tmp_path / "2022-35.toml").exists()  # the suffix is added
    r = run("add-news", "--section", "服务效能", "甲。", cwd=tmp_path, env={"ZHOUBAO_FILE": ""})
    assert r.returncode == 0, r.stderr
    assert "取最新的一期" not in r.stderr and "（2022-35.toml）" in r.stderr  # 35 was written last: no surprise
    assert "甲。" in (tmp_path / "2022-35.toml").read_text(encoding="utf-8")
    assert "甲。" not in (tmp_path / "2022-34.toml").read_text(encoding="utf-8")
    later = os.stat(tmp_path / "2022-35.toml").st_mtime_ns + 10**9
    os.utime(tmp_path / "2022-34.toml", ns=(later, later))  # last week's issue edited since
    r = run("add-news", "--section", "服务效能", "乙。", cwd=tmp_path, env={"ZHOUBAO_FILE": ""})
    assert "取最新的一期 2022-35.toml（最近改动的是 2022-34.toml）" in r.stderr and "（2022-35.toml）" in r.stderr


def test_writing_into_an_issue_that_has_a_successor_says_so(issue, tmp_path):
    """ZHOUBAO_FILE still names last week's issue after new --from: the edit names the file and warns."""
    r = run("new", "2022-34.toml", "--from", issue.name, cwd=tmp_path, env={"ZHOUBAO_FILE": str(issue)})
    assert r.returncode == 0 and "ZHOUBAO_FILE=2022-34.toml" in r.stderr  # how to make it current
    r = run("add-news", "--section", "服务效能", "甲。", cwd=tmp_path, env={"ZHOUBAO_FILE": str(issue)})
    assert r.returncode == 0
    assert "已添加条目 #1（2022-33.toml）" in r.stderr
    assert "之后已有新的一期 2022-34.toml" in r.stderr and "-f 2022-34.toml" in r.stderr


def test_new_names_only_what_is_missing(tmp_path, invoke):
    r = invoke("new", str(tmp_path / "x.toml"), "--number", "1")
    assert r.exit_code != 0 and "缺少 --total" in r.stderr and "--number" not in r.stderr.split("：")[1][:12]
    r = invoke("new", str(tmp_path / "x.toml"), "--total", "9")
    assert r.exit_code != 0 and "缺少 --number" in r.stderr


def test_new_refuses_to_overwrite_and_needs_numbers(issue, invoke):
    before = issue.read_bytes()
    r = invoke("new", str(issue), "--number", "1", "--total", "1")
    assert r.exit_code != 0 and "--force" in r.stderr and issue.read_bytes() == before
    r = invoke("new", str(issue.with_name("x.toml")))
    assert r.exit_code != 0 and "--number" in r.stderr
    assert invoke("new", str(issue), "--number", "1", "--total", "1", "--force").exit_code == 0
    assert load(issue)["issue"]["number"] == 1


def test_help_is_chinese(invoke):
    r = invoke("--help")
    assert r.exit_code == 0 and "用法" in r.stdout and "命令" in r.stdout and "显示此帮助" in r.stdout
    r = invoke("add-news", "--help")
    assert "选项" in r.stdout and "栏目" in r.stdout


def test_installed_executable_runs_a_command(issue):
    r = run("inspect", "-f", str(issue), "--all-good")
    assert r.returncode == 0, r.stderr
    assert "已填写 6 项" in r.stderr


def test_comment_written_by_a_person_survives_edits(issue, invoke):
    text = issue.read_text(encoding="utf-8")
    text = text.replace("[issue]", "# 本期由张三负责\n[issue]  # 期头\n", 1)
    text = text.replace('title = "窗口工作动态"', 'title = "窗口工作动态"  # 每周必填')
    issue.write_text(text, encoding="utf-8")
    invoke("add-news", "-f", str(issue), "--section", "服务效能", "甲。")
    invoke("stats", "-f", str(issue), "行政许可", "--accepted", "1", "--completed", "1")
    after = issue.read_text(encoding="utf-8")
    assert "# 本期由张三负责" in after and "[issue]  # 期头" in after and "# 每周必填" in after
    assert Path(str(issue) + ".bak").exists()


# ----------------------------------------------------------------------------- bad input

BAD_INPUT = [
    (["add-news", "--section", "服务效能", "--date", "2022-02-30", "甲。"], "不存在"),
    (["add-visit", "--date", "2022-13-01", "--unit", "甲", "--post", "乙", "--name", "丙", "丁。"], "日期"),
    (["set", "period", "2022-09-30..2022-09-26"], "早于"),
    (["new", "x.toml", "--number", "1", "--total", "1", "--period", "2022-09-30..2022-09-26"], "早于"),
    (["stats", "行政许可", "--accepted", "-5", "--completed", "1"], "负"),
    (["stats", "行政许可", "--accepted", "12.5", "--completed", "1"], "整数"),
    (["stats", "行政许可", "--accepted", "abc"], "整数"),
    (["stats", "不存在的类别", "--accepted", "1"], "没有名为"),
    (["stats", "事项", "--accepted", "1"], "多个"),
    (["stats", "行政许可", "--value", "金额=1"], "统计列"),
    (["add-news", "--section", "不存在", "甲。"], "可选栏目有"),
    (["add-news", "--section", "情况", "甲。"], "多个栏目"),
    (["add-news", "--section", "服务效能", "  "], "为空"),
    (["add-news", "--section", "服务效能", "甲\x07乙"], "控制字符"),
    (["add-news", "--section", "服务效能"], "缺少正文"),
    (["inspect", "不存在的项"], "没有名为"),
    (["inspect", "情况", "好。"], "多个巡查项"),
    (["inspect", "着装", "好\x0b。"], "控制字符"),
    (["edit", "99", "甲。"], "没有编号"),
    (["move", "1", "5"], "没有编号"),
    (["set", "copies", "-1"], "整数"),
    (["set", "未知字段", "x"], "没有字段"),
    (["add-news", "--no-such-option"], "没有选项"),
    (["nosuch"], "没有这个命令"),
    (["add-visit", "--date", "2022-09-28", "甲。"], "缺少"),
]


@pytest.mark.parametrize("args,needle", BAD_INPUT, ids=[" ".join(a)[:40] for a, _ in BAD_INPUT])
def test_bad_input_is_one_chinese_line_and_leaves_the_file_alone(issue, invoke, args, needle, tmp_path):
    os.chdir(tmp_path)
    before = issue.read_bytes()
    r = invoke(*args[:1], *(["-f", str(issue)] if args[0] != "new" else []), *args[1:])
    assert r.exit_code != 0
    assert needle in r.stderr, r.stderr
    assert r.stderr.startswith("错误：") and r.stderr.count("\n") == 1 and "Traceback" not in r.stderr
    assert r.stdout == ""
    assert issue.read_bytes() == before
    assert not (tmp_path / "x.toml").exists()


@pytest.mark.parametrize(
    "content,needle",
    [
        (b"[issue\nkind = 1", "格式错误"),
        (b"\xff\xfe[issue]", "UTF-8"),
        (b'[issue]\nkind = "x"\n', "缺少"),
        (
            b'[issue]\nkind = "k"\nname = "n"\nunit = "u"\nyear = 2022\nnumber = 1\ntotal = 1\n'
            b"date = 2022-11-01\nperiod_start = 2022-09-30\nperiod_end = 2022-09-26\n",
            "早于",
        ),
        (
            b'[issue]\nkind = "k"\nname = "n"\nunit = "u"\nyear = 2022\nnumber = 1\ntotal = 1\n'
            b"date = 2022-11-01\nperiod_start = 2022-09-26\nperiod_end = 2022-09-30\n"
            b'[[section]]\ntype = "entries"\ntitle = "t"\n[[section.entry]]\nid = 1\ntext = "a\\u0001b"\n',
            "控制字符",
        ),
    ],
)
def test_malformed_issue_files_are_refused_untouched(tmp_path, invoke, content, needle):
    path = tmp_path / "bad.toml"
    path.write_bytes(content)
    for args in (["add-news", "--section", "x", "甲。"], ["show"], ["inspect", "--all-good"]):
        r = invoke(args[0], "-f", str(path), *args[1:])
        assert r.exit_code != 0 and needle in r.stderr, r.stderr
        assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr
        assert path.read_bytes() == content


def test_missing_file_and_directory(tmp_path, invoke):
    r = invoke("show", "-f", str(tmp_path / "nope.toml"))
    assert r.exit_code != 0 and "不存在" in r.stderr
    r = invoke("add-news", "-f", str(tmp_path), "--section", "x", "甲。")
    assert r.exit_code != 0 and "文件夹" in r.stderr
    assert list(tmp_path.iterdir()) == []


def test_shell_completion_offers_commands_sections_items_and_categories(issue):
    def complete(*words: str) -> list[str]:
        env = {
            "_ZHOUBAO_COMPLETE": "bash_complete",
            "COMP_WORDS": " ".join(["zhoubao", *words]),
            "COMP_CWORD": str(len(words)),
            "ZHOUBAO_FILE": str(issue),
        }
        return [line.split(",", 1)[1] for line in run(env=env).stdout.splitlines()]

    assert {"add-news", "add-visit"} <= set(complete("add-"))
    assert complete("add-news", "--section", "服务") == ["窗口服务效能提升工作情况"]
    assert complete("inspect", "着") == ["着装情况"]
    assert complete("stats", "公共") == ["公共服务事项"]


def test_an_entry_under_the_wrong_section_moves_without_retyping(example, invoke):
    f = ["-f", str(example)]
    r = invoke("move", *f, "1", "--to", "服务效能", "1")
    assert r.exit_code == 0, r.stderr
    efficiency = subs(load(example))["窗口服务效能提升工作情况"]["entry"]
    assert efficiency[0]["id"] == 1 and efficiency[0]["text"].startswith("省广播电视局")
    assert "entry" not in subs(load(example))["优化营商环境工作开展情况"]
    r = invoke("edit", *f, "#1", "--section", "营商环境")
    assert r.exit_code == 0 and subs(load(example))["优化营商环境工作开展情况"]["entry"][0]["id"] == 1
    before = example.read_bytes()
    r = invoke("move", *f, "1", "--to", "厅（局）长进大厅")  # a news item is no visit
    assert r.exit_code == 1 and example.read_bytes() == before


def test_a_typo_is_fixed_without_retyping_the_entry(example, invoke):
    f = ["-f", str(example)]
    r = invoke("edit", *f, "2", "--replace", "锦旗和感谢信", "锦旗")
    assert r.exit_code == 0 and "（1 处）" in r.stderr
    text = subs(load(example))["窗口服务效能提升工作情况"]["entry"][0]["text"]
    assert "赠送了锦旗，对窗口" in text and len(text) > 200
    before = example.read_bytes()
    r = invoke("edit", *f, "2", "--replace", "不存在的字", "甲")
    assert r.exit_code == 1 and "没有“不存在的字”" in r.stderr and example.read_bytes() == before


def test_a_categorys_own_wording_is_set_from_the_command_line(issue, invoke):
    f = ["-f", str(issue)]
    r = invoke("stats", *f, "其它九类", "--accepted", "50880", "--completed", "51546", "--label", "办结=累计办结")
    assert r.exit_code == 0, r.stderr
    category = subs(load(issue))["省级政务服务事项受理办理情况"]["category"][2]
    assert category["labels"] == {"办结": "累计办结"} and category["values"] == {"受理": 50880, "办结": 51546}
    assert invoke("stats", *f, "其它九类", "--label", "办结=").exit_code == 0
    assert "labels" not in subs(load(issue))["省级政务服务事项受理办理情况"]["category"][2]
    r = invoke("stats", *f, "其它九类", "--label", "没有这列=甲")
    assert r.exit_code == 1 and "统计列" in r.stderr


def test_undo_goes_back_several_steps_and_no_further(issue, invoke):
    f = ["-f", str(issue)]
    versions = [issue.read_bytes()]
    for text in ("甲。", "乙。", "丙。"):
        assert invoke("add-news", *f, "--section", "服务效能", text).exit_code == 0
        versions.append(issue.read_bytes())
    r = invoke("undo", *f)
    assert r.exit_code == 0 and "已撤销 1 步" in r.stderr and issue.read_bytes() == versions[2]
    r = invoke("undo", *f, "--steps", "2")
    assert r.exit_code == 0 and issue.read_bytes() == versions[0]
    r = invoke("undo", *f, "--steps", "3")
    assert r.exit_code == 1 and "撤销" in r.stderr and issue.read_bytes() == versions[0]
    for n in range(8):  # a new change replaces the three undone versions
        assert invoke("add-news", *f, "--section", "服务效能", f"第{n}条。").exit_code == 0
    assert invoke("undo", *f, "--steps", "8").exit_code == 0 and issue.read_bytes() == versions[0]
    r = invoke("undo", *f)
    assert r.exit_code == 1 and "没有以前的版本" in r.stderr
