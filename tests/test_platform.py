"""The clerk's machine: a Chinese Windows or a 国产 Linux desktop.

Output through the GBK code page never crashes (a character GBK cannot hold is printed as an
escape, the issue file and the .docx keep it exactly), and the files Notepad and Excel write
(UTF-8 with a BOM, GBK, UTF-16, CRLF line ends) are read into clean text.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tomllib
import zipfile
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, zhoubao_exe

FACE, JI = "😀", "𠮷"  # outside GBK: an emoji and a CJK Extension B character


def load(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def subs(data: dict) -> dict[str, dict]:
    return {s["title"]: s for top in data["section"] for s in [top, *top.get("sub", [])]}


def gbk_run(*args: str, cwd: Path, encoding: str = "gbk", stdin: bytes | None = None) -> tuple[int, str, str]:
    """The real executable with its output through GBK, as redirected output on a Chinese Windows."""
    done = subprocess.run(
        [*zhoubao_exe(), *args],
        cwd=cwd,
        capture_output=True,
        input=stdin,
        timeout=180,
        env={**os.environ, "PYTHONIOENCODING": encoding},
    )
    return done.returncode, done.stdout.decode(encoding), done.stderr.decode(encoding)


@pytest.fixture
def odd_issue(tmp_path: Path) -> Path:
    """The complete seed issue with 😀 and 𠮷 in a news entry, a visit and an inspection finding."""
    path = tmp_path / "2022-33.toml"
    shutil.copy(EXAMPLES / "2022-33.toml", path)
    for args in (
        ["add-news", "--section", "优化营商环境", f"表情{FACE}和{JI}字。"],
        [
            "add-visit",
            "--date",
            "2022-09-29",
            "--unit",
            f"省{FACE}局",
            "--post",
            "主任",
            "--name",
            f"吉{JI}",
            "来大厅调研。",
        ],
        ["inspect", "纪律秩序", "--finding", f"玩手机{FACE}", "--window", f"{JI}窗口"],
    ):
        code, _out, err = gbk_run(*args, "-f", str(path), cwd=tmp_path)
        assert code == 0, err
    return path


@pytest.mark.parametrize("encoding", ["gbk", "cp936", "gb2312"])
def test_output_through_a_narrow_code_page_never_crashes(odd_issue: Path, tmp_path: Path, encoding: str) -> None:
    for args in (["show"], ["entries"], ["check"], ["summary", str(odd_issue)], ["show", "--json"]):
        if args[0] != "summary":
            args += ["-f", str(odd_issue)]
        code, out, err = gbk_run(*args, cwd=tmp_path, encoding=encoding)
        assert code == 0, (args, err)
        assert "Traceback" not in err and "UnicodeEncodeError" not in err, (args, err)
        if args[0] in ("show", "entries", "summary") and args[1:2] != ["--json"]:
            assert "\\U0001f600" in out and ("\\U00020bb7" in out or args[0] == "entries"), (args, out)
    # the issue file keeps the characters exactly
    texts = [e["text"] for e in subs(load(odd_issue))["优化营商环境工作开展情况"]["entry"]]
    assert f"表情{FACE}和{JI}字。" in texts


def test_show_json_stays_exact_json_under_gbk(odd_issue: Path, tmp_path: Path) -> None:
    code, out, err = gbk_run("show", "--json", "-f", str(odd_issue), cwd=tmp_path)
    assert code == 0, err
    assert FACE not in out and "\\ud83d\\ude00" in out  # a JSON escape, so the JSON is exact
    plain = json.loads(out)
    entries = subs(plain)["优化营商环境工作开展情况"]["entry"]
    assert f"表情{FACE}和{JI}字。" in [e["text"] for e in entries]


def test_an_error_message_with_a_character_outside_gbk_is_one_line(odd_issue: Path, tmp_path: Path) -> None:
    code, out, err = gbk_run("add-news", "-f", str(odd_issue), "--section", f"没有这个栏目{FACE}", "甲。", cwd=tmp_path)
    assert code == 1 and out == ""
    assert err.startswith("错误：") and err.count("\n") == 1 and "Traceback" not in err


def test_the_docx_keeps_the_characters_outside_gbk(odd_issue: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.docx"
    code, _out, err = gbk_run("render", "-f", str(odd_issue), "-o", str(out), cwd=tmp_path)
    assert code == 0, err
    document = zipfile.ZipFile(out).read("word/document.xml").decode("utf-8")
    assert FACE in document and JI in document and "吉" in document


# ----------------------------------------------------------------------------- files from Notepad and Excel

NOTEPAD = {
    "utf-8-bom-crlf": "\ufeff第一段{0}。\r\n第二段{1}。\r\n".encode(),
    "utf-8-crlf": "第一段{0}。\r\n第二段{1}。\r\n".encode(),
    "gbk-crlf": "第一段{0}。\r\n第二段{1}。\r\n".encode("gbk"),
    "utf-16-bom": "第一段{0}。\r\n第二段{1}。\r\n".encode("utf-16"),
}


@pytest.mark.parametrize("name", list(NOTEPAD))
def test_text_file_as_notepad_saves_it(issue: Path, invoke, tmp_path: Path, name: str) -> None:
    text_file = tmp_path / "正文.txt"
    text_file.write_bytes(NOTEPAD[name])
    r = invoke("add-news", "-f", str(issue), "--section", "服务效能", "--text-file", str(text_file))
    assert r.exit_code == 0, r.stderr
    stored = subs(load(issue))["窗口服务效能提升工作情况"]["entry"][-1]["text"]
    assert stored == "第一段{0}。\n第二段{1}。"
    assert "\r" not in issue.read_text(encoding="utf-8") and "\ufeff" not in issue.read_text(encoding="utf-8")


def test_text_file_with_characters_outside_gbk_in_utf8(issue: Path, invoke, tmp_path: Path) -> None:
    text_file = tmp_path / "news.txt"
    text_file.write_bytes(f"\ufeff{JI}{FACE}。\r\n".encode())
    assert invoke("add-news", "-f", str(issue), "--section", "服务效能", "--text-file", str(text_file)).exit_code == 0
    assert subs(load(issue))["窗口服务效能提升工作情况"]["entry"][-1]["text"] == f"{JI}{FACE}。"


def test_standard_input_in_gbk_with_crlf(issue: Path, tmp_path: Path) -> None:
    code, _out, err = gbk_run(
        "add-news", "-f", str(issue), "--section", "服务效能", "-", cwd=tmp_path, stdin="来自管道。\r\n".encode("gbk")
    )
    assert code == 0, err
    assert subs(load(issue))["窗口服务效能提升工作情况"]["entry"][-1]["text"] == "来自管道。"


def test_a_text_file_in_neither_encoding_is_refused(issue: Path, invoke, tmp_path: Path) -> None:
    text_file = tmp_path / "bad.txt"
    text_file.write_bytes(b"\x81\x30")  # a cut-off GB18030 four-byte sequence, not UTF-8 either
    before = issue.read_bytes()
    r = invoke("add-news", "-f", str(issue), "--section", "服务效能", "--text-file", str(text_file))
    assert r.exit_code == 1 and "bad.txt" in r.stderr and "GBK" in r.stderr and r.stderr.count("\n") == 1
    assert issue.read_bytes() == before


PLATFORM_CSV = "类别,受理,办结\r\n行政许可事项,644608,636146\r\n公共服务事项,19985725,7756140\r\n"


@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig", "utf-8", "utf-16"])
def test_stats_csv_as_excel_writes_it_by_default(issue: Path, invoke, tmp_path: Path, encoding: str) -> None:
    table = tmp_path / "平台导出.csv"
    table.write_bytes(PLATFORM_CSV.encode(encoding))
    r = invoke("stats", "-f", str(issue), "--csv", str(table))
    assert r.exit_code == 0, r.stderr
    figures = [c.get("values") for c in subs(load(issue))["省级政务服务事项受理办理情况"]["category"]]
    assert figures[:2] == [{"受理": 644608, "办结": 636146}, {"受理": 19985725, "办结": 7756140}]


def test_stats_echoes_the_figures_it_stored_and_the_file(issue: Path, invoke) -> None:
    r = invoke("stats", "-f", str(issue), "行政许可", "--accepted", "644608", "--completed", "636146")
    assert r.exit_code == 0, r.stderr
    assert r.stderr == "已填写 行政许可事项：受理 644608，办结 636146（文件 2022-33.toml）\n"
    r = invoke("stats", "-f", str(issue), "行政许可", "--completed", "636147")  # the other figure is echoed too
    assert r.stderr == "已填写 行政许可事项：受理 644608，办结 636147（文件 2022-33.toml）\n"


def test_stats_csv_echoes_every_category(issue: Path, invoke, tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_bytes(PLATFORM_CSV.encode("gbk"))
    r = invoke("stats", "-f", str(issue), "--csv", str(table))
    assert r.stderr.splitlines() == [
        "已填写 行政许可事项：受理 644608，办结 636146（文件 2022-33.toml）",
        "已填写 公共服务事项：受理 19985725，办结 7756140（文件 2022-33.toml）",
    ]


def test_a_short_csv_row_is_refused_naming_the_row_and_the_missing_columns(issue: Path, invoke, tmp_path: Path) -> None:
    invoke("stats", "-f", str(issue), "行政许可", "--accepted", "600000", "--completed", "500000")
    before = issue.read_bytes()
    table = tmp_path / "short.csv"
    table.write_bytes("类别,受理,办结\r\n行政许可事项,1\r\n".encode("gbk"))
    r = invoke("stats", "-f", str(issue), "--csv", str(table))
    assert r.exit_code == 1 and r.stderr.count("\n") == 1
    assert "第 2 行" in r.stderr and "行政许可事项" in r.stderr and "办结" in r.stderr and "short.csv" in r.stderr
    assert issue.read_bytes() == before
    # an empty cell, written out, still keeps that figure
    table.write_bytes("类别,受理,办结\r\n行政许可事项,1,\r\n".encode("gbk"))
    r = invoke("stats", "-f", str(issue), "--csv", str(table))
    assert r.exit_code == 0 and "受理 1，办结 500000" in r.stderr


def test_csv_rows_are_named_by_their_line_in_the_file(issue: Path, invoke, tmp_path: Path) -> None:
    table = tmp_path / "blank.csv"
    table.write_bytes("类别,受理,办结\r\n\r\n公共服务事项,5,6\r\n\r\n行政许可事项,1\r\n".encode("gbk"))
    r = invoke("stats", "-f", str(issue), "--csv", str(table))
    assert r.exit_code == 1 and "第 5 行（行政许可事项）缺少 办结 列" in r.stderr, r.stderr


def test_an_empty_trailing_header_cell_asks_for_nothing(issue: Path, invoke, tmp_path: Path) -> None:
    table = tmp_path / "excel.csv"
    table.write_bytes("类别,受理,办结,\r\n行政许可事项,1,2\r\n".encode("gbk"))
    r = invoke("stats", "-f", str(issue), "--csv", str(table))
    assert r.exit_code == 0, r.stderr
    assert "受理 1，办结 2" in r.stderr
