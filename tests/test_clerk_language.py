"""No English reaches the clerk, and the tool answers the questions a new clerk asks it."""

from __future__ import annotations

import errno

from tests.conftest import run
from zhoubao.errors import ZhoubaoError, os_message


def test_zhoubao_alone_prints_the_help_not_an_error():
    r = run()
    assert r.returncode == 0 and "用法：zhoubao" in r.stdout and "命令" in r.stdout and not r.stderr


def test_version():
    r = run("--version")
    assert r.returncode == 0 and r.stdout.startswith("zhoubao ")


def test_a_typo_suggests_the_nearest_command():
    r = run("rendr")
    assert r.returncode == 2 and "是不是 zhoubao render" in r.stderr


def test_an_entry_number_is_taken_as_the_tool_prints_it(example):
    r = run("edit", "-f", str(example), "#1", "--date", "2022-09-27")
    assert r.returncode == 0, r.stderr
    r = run("remove", "-f", str(example), "第一条")
    assert r.returncode == 2 and "不是条目编号" in r.stderr and "is not" not in r.stderr


def test_clicks_own_words_are_chinese(example):
    r = run("new", "x.toml", "--number", "abc", "--total", "1", cwd=example.parent)
    assert r.returncode == 2 and "“abc”不是整数" in r.stderr and "valid" not in r.stderr
    r = run("add-news", "-f", str(example), "--section", "营商", "甲", "乙")
    assert r.returncode == 2 and "多余的参数" in r.stderr and "unexpected" not in r.stderr
    r = run("add-news", "--help")
    assert "[必填]" in r.stdout and "[required]" not in r.stdout


def test_the_operating_systems_words_are_chinese():
    message = ZhoubaoError("无法写入 Word 文件 a.docx：Permission denied。").message
    assert "Permission" not in message and "Word 或 WPS 中打开" in message
    error = PermissionError(errno.EACCES, "Permission denied", "2022-33.docx")
    assert (
        os_message(error)
        == "无法访问 2022-33.docx（没有权限；文件可能正在 Word 或 WPS 中打开，请关闭后重试，或检查文件是否只读）"
    )
    busy = OSError(32, "The process cannot access the file because it is being used by another process", "a.docx")
    assert "占用" in os_message(busy) and "process" not in os_message(busy)


def test_show_names_section_types_in_chinese(example):
    r = run("show", "-f", str(example))
    assert r.returncode == 0
    for english in ("statistics", "entries", "visits", "checklist"):
        assert f"（{english}）" not in r.stdout
    assert "（统计）" in r.stdout and "（来访）" in r.stdout


def test_a_toml_mistake_is_told_in_chinese_with_its_line(tmp_path):
    bad = tmp_path / "2022-33.toml"
    bad.write_text('[issue]\nkind = "窗口工作周报"\nname = 窗口工作周报\n', encoding="utf-8")
    for command in (("show",), ("add-news", "--section", "营商", "甲。")):
        r = run(*command, "-f", str(bad))
        assert r.returncode == 1 and "第 3 行" in r.stderr and "文字要加引号" in r.stderr
        assert "Invalid" not in r.stderr and "Expected" not in r.stderr
    bad.write_text('[issue]\nkind = "x" y\n', encoding="utf-8")
    r = run("set", "-f", str(bad), "印数", "80")
    assert r.returncode == 1 and "第 2 行" in r.stderr and ("多余的内容" in r.stderr or "不应出现的字符" in r.stderr)
    assert not any(word in r.stderr for word in ("Expected", "Unexpected", "character"))


def test_the_right_command_for_the_right_section(example):
    r = run("add-news", "-f", str(example), "--section", "厅（局）长", "甲。")
    assert r.returncode == 1 and "请用 zhoubao add-visit 填写" in r.stderr
    r = run("paragraph", "-f", str(example), "大厅巡查", "甲。")
    assert r.returncode == 1 and "请用 zhoubao inspect 填写" in r.stderr


def test_a_batch_with_an_unfinished_issue_writes_nothing(example, tmp_path):
    """The finished seed and an unfinished issue: the batch is refused before any file is written."""
    unfinished = tmp_path / "other" / "2022-34.toml"
    unfinished.parent.mkdir()
    r = run("new", str(unfinished), "--from", str(example))
    assert r.returncode == 0, r.stderr
    for order in ((example, unfinished), (unfinished, example)):
        outdir = tmp_path / f"out-{order[0].stem}"
        r = run("render", str(order[0]), str(order[1]), "-d", str(outdir))
        assert r.returncode == 1 and "未生成任何文件" in r.stderr
        assert not outdir.exists() or not list(outdir.iterdir())


def test_everyday_mistakes_are_told_in_chinese(example):
    f = ["-f", str(example)]
    r = run("render", *f, "--pdf-with", "wps")
    assert r.returncode == 2 and "不是可选的值" in r.stderr and "is not one of" not in r.stderr
    r = run("set", *f, "抄送", "某单位")
    assert r.returncode == 1 and "印发日期" in r.stderr and "copies" not in r.stderr
    r = run("edit", *f, "1", "--unit", "某局")
    assert r.returncode == 1 and "没有单位" in r.stderr and "unit" not in r.stderr
    r = run("edit", *f, "1", "新正文", "--replace", "甲", "乙")
    assert r.returncode == 1 and "不能再给新正文" in r.stderr
    r = run("set", *f, "印数", "0")
    assert r.returncode == 1 and "印数" in r.stderr


def test_a_broken_issue_file_is_told_as_such_even_with_a_short_date(example):
    example.write_text(example.read_text(encoding="utf-8") + "\ngarbage = [\n", encoding="utf-8")
    r = run("add-news", "-f", str(example), "--section", "营商", "--date", "9月26日", "甲。")
    assert r.returncode == 1 and "格式错误" in r.stderr and "没有年份" not in r.stderr
