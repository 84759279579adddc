"""zhoubao collect: the week's 收稿 folder — Word files, WeChat text in GBK, a leader's visit in a
sentence — read into entries of the right sections, nothing twice, hostile files refused."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import docx
import pytest

from tests import test_import as makers
from tests.conftest import EXAMPLES
from zhoubao import store
from zhoubao.errors import ZhoubaoError
from zhoubao.importing import collect
from zhoubao.model import Issue

VISIT = (
    "9月29日，省自然资源厅党组成员、副厅长王建国到省政务中心“自然资源窗口”调研，"
    "详细了解不动产登记业务办理情况，看望慰问窗口工作人员。"
)


def word_file(path: Path, *paragraphs: str) -> Path:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(path)
    return path


def inbox(folder: Path) -> Path:
    """The acceptance folder: a Word file of two dated items under a 栏目 line, a GBK text file of
    one item, a visit written as a sentence; a photo and Word's lock file beside them."""
    folder.mkdir()
    word_file(
        folder / "交通运输窗口.docx",
        "栏目：效能提升",
        "9月26日，交通运输厅窗口推行“帮办代办”服务，为企业办理道路运输许可12件。",
        "窗口安排专人全程跟踪，平均办理时间压缩至1个工作日。",
        "2022年9月28日，交通运输厅窗口开展业务培训，12名工作人员参加。",
    )
    (folder / "市场监管窗口.txt").write_bytes(
        "27日，市场监管局窗口围绕优化营商环境，推出企业开办“一日办结”，本周办结42件。\r\n".encode("gbk")
    )
    (folder / "自然资源窗口.txt").write_text(VISIT + "\n", encoding="utf-8")
    (folder / "现场照片.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    (folder / "~$交通运输窗口.docx").write_bytes(b"\x00" * 162)
    return folder


def planned(issue_path: Path, folder: Path, previous: Issue | None = None) -> collect.Plan:
    plain = store.load_plain(issue_path)  # the shipped kind's sections, with their keywords
    issue = Issue.from_dict(plain)
    read = collect.read_folder(folder, collect.source_label(folder, issue_path.parent))
    result = collect.plan(read.submissions, plain, issue, previous)
    result.skipped[:0] = read.skipped
    return result


# ----------------------------------------------------------------------------- the week's folder


def test_the_folder_becomes_four_entries_in_their_sections(issue):
    result = planned(issue, inbox(issue.parent / "收稿"))
    got = [(p.source, p.section_title, p.date, p.row["text"].split("，")[0]) for p in result.items]
    assert got == [
        (
            "收稿/交通运输窗口.docx",
            "窗口服务效能提升工作情况",
            dt.date(2022, 9, 26),
            "交通运输厅窗口推行“帮办代办”服务",
        ),
        ("收稿/交通运输窗口.docx", "窗口服务效能提升工作情况", dt.date(2022, 9, 28), "交通运输厅窗口开展业务培训"),
        ("收稿/市场监管窗口.txt", "优化营商环境工作开展情况", dt.date(2022, 9, 27), "市场监管局窗口围绕优化营商环境"),
        ("收稿/自然资源窗口.txt", "厅（局）长进大厅", dt.date(2022, 9, 29), "到省政务中心“自然资源窗口”调研"),
    ]
    first, _, _, visit = result.items
    assert first.row["text"].endswith("\n窗口安排专人全程跟踪，平均办理时间压缩至1个工作日。")
    assert (visit.row["unit"], visit.row["post"], visit.row["name"]) == ("省自然资源厅", "党组成员、副厅长", "王建国")
    assert visit.bulletin_text == VISIT and visit.row["source"] == "收稿/自然资源窗口.txt"
    assert first.bulletin_text.startswith("9月26日，交通运输厅")
    assert {(s.source, s.why.split("，")[0]) for s in result.skipped} == {
        ("收稿/现场照片.jpg", "不是 .docx、.txt 或 .md 文件"),
        ("收稿/~$交通运输窗口.docx", "Word 打开文件时留下的临时文件"),
    }


def test_items_already_in_the_issue_or_the_previous_one_are_skipped_and_counted(issue):
    folder = inbox(issue.parent / "收稿")
    plain = store.load_plain(issue)
    first = planned(issue, folder)
    for item in first.items[:3]:  # as if written: the plan's rows in their sections
        table = plain["section"][item.section_path[0]]
        for index in item.section_path[1:]:
            table = table["sub"][index]
        table.setdefault("entry", []).append({"id": len(table.get("entry", [])) + 100, **item.row})
    read = collect.read_folder(folder, "收稿")
    again = collect.plan(read.submissions, plain, Issue.from_dict(plain))
    assert [p.source for p in again.items] == ["收稿/自然资源窗口.txt"]
    assert again.duplicates == 3 and {s.why for s in again.skipped} == {"本期已有这一条"}
    # last week's issue holding the visit: this week it is not collected again
    last_plain = store.load_plain(issue)
    last_plain["section"][3]["sub"][2]["entry"] = [{**first.items[3].row, "id": 200}]
    last_week = Issue.from_dict(last_plain)
    third = collect.plan(read.submissions, plain, Issue.from_dict(plain), last_week)
    assert third.items == [] and third.duplicates == 4
    assert [s.why for s in third.skipped if s.source.endswith("自然资源窗口.txt")] == ["上一期已收过这一条"]


def test_the_same_item_sent_twice_in_one_folder_is_collected_once(issue):
    folder = issue.parent / "收稿"
    folder.mkdir()
    (folder / "a.txt").write_text("栏目：营商环境\n9月27日，窗口推出“一件事”套餐。\n", encoding="utf-8")
    (folder / "a - 副本.txt").write_text("栏目：营商环境\n9月27日，窗口推出 “一件事” 套餐。\n", encoding="utf-8")
    result = planned(issue, folder)
    assert [p.source for p in result.items] == ["收稿/a - 副本.txt"]
    assert [s.why for s in result.skipped] == ["与 收稿/a - 副本.txt 中的一条相同"]


# ----------------------------------------------------------------------------- never guessed


def test_an_item_matching_no_section_or_several_is_listed_and_left_out(issue):
    folder = issue.parent / "收稿"
    folder.mkdir()
    (folder / "none.txt").write_text("9月27日，窗口召开周例会。\n", encoding="utf-8")
    (folder / "both.txt").write_text("9月27日，窗口以优化营商环境为题开展业务培训。\n", encoding="utf-8")
    result = planned(issue, folder)
    assert result.items == []
    why = {s.source: s.why for s in result.skipped}
    assert why["收稿/none.txt"].startswith("没有栏目行，也不含任何栏目的关键词")
    assert why["收稿/both.txt"].startswith("同时符合“优化营商环境工作开展情况”、“窗口服务效能提升工作情况”")
    assert all(s.words for s in result.skipped)


def test_a_leaders_visit_is_a_visit_whatever_else_it_mentions(issue):
    folder = issue.parent / "收稿"
    folder.mkdir()
    (folder / "a.txt").write_text(VISIT.replace("调研", "调研优化营商环境和帮办代办工作") + "\n", encoding="utf-8")
    (folder / "b.txt").write_text("9月27日，有关领导到窗口调研，要求“进大厅”常态化。\n", encoding="utf-8")
    result = planned(issue, folder)
    assert [(p.source, p.section_title, p.row["name"]) for p in result.items] == [
        ("收稿/a.txt", "厅（局）长进大厅", "王建国")
    ]
    [skipped] = result.skipped  # a keyword of the visits section, but no unit, post and name to read
    assert skipped.source == "收稿/b.txt" and skipped.why.startswith("读不出来访领导的单位、职务和姓名")


def test_a_section_line_naming_no_section_or_several_skips_the_file(issue):
    folder = issue.parent / "收稿"
    folder.mkdir()
    (folder / "a.txt").write_text("栏目：巡查\n9月27日，窗口召开周例会。\n", encoding="utf-8")
    (folder / "b.txt").write_text("栏目：工作\n9月27日，窗口召开周例会。\n", encoding="utf-8")
    result = planned(issue, folder)
    assert result.items == []
    assert [s.why.split("：")[1] for s in result.skipped] == [
        "没有名为“巡查”的栏目",
        "“工作”对应多个栏目（优化营商环境工作开展情况、窗口服务效能提升工作情况）",
    ]


def test_a_visit_that_cannot_be_read_is_not_guessed(issue):
    folder = issue.parent / "收稿"
    folder.mkdir()
    (folder / "a.txt").write_text("栏目：进大厅\n9月27日，有关领导到窗口调研。\n", encoding="utf-8")
    [skipped] = planned(issue, folder).skipped
    assert (
        skipped.why.startswith("读不出来访领导的单位、职务和姓名") and skipped.words == "9月27日，有关领导到窗口调研。"
    )


def test_words_before_the_first_date_and_files_without_dates_are_named(issue):
    folder = issue.parent / "收稿"
    folder.mkdir()
    word_file(folder / "a.docx", "自然资源窗口本周工作动态", "9月27日，窗口完成“帮办代办”30件。")
    (folder / "b.md").write_text("本周窗口运行平稳。\n", encoding="utf-8")
    result = planned(issue, folder)
    assert [p.source for p in result.items] == ["收稿/a.docx"]
    assert [(s.source, s.words, s.why.split("（")[0]) for s in result.skipped] == [
        ("收稿/a.docx", "自然资源窗口本周工作动态", "第一条日期之前的文字"),
        ("收稿/b.md", "", "没有以日期开头的段落"),
    ]


# ----------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("typed", "date", "text"),
    [
        ("9月27日，窗口办结42件。", dt.date(2022, 9, 27), "窗口办结42件。"),
        ("2022年9月27日，窗口办结42件。", dt.date(2022, 9, 27), "窗口办结42件。"),
        ("27日，窗口办结42件。", dt.date(2022, 9, 27), "窗口办结42件。"),
        ("（2）27号，窗口办结42件。", dt.date(2022, 9, 27), "窗口办结42件。"),
        ("9 月 27 日 ， 窗口办结42件。", dt.date(2022, 9, 27), "窗口办结42件。"),
        # the date goes on (上午) or names another year: kept in the text, printed as typed
        ("9月27日上午，窗口办结42件。", dt.date(2022, 9, 27), "9月27日上午，窗口办结42件。"),
        ("27日下午，窗口办结42件。", dt.date(2022, 9, 27), "9月27日下午，窗口办结42件。"),
        ("2021年9月27日，窗口办结42件。", dt.date(2021, 9, 27), "2021年9月27日，窗口办结42件。"),
        # a day of the next month, near the period's end
        ("1日，窗口办结42件。", dt.date(2022, 10, 1), "窗口办结42件。"),
    ],
)
def test_the_date_comes_out_of_the_text_as_add_news_keeps_it(issue, typed, date, text):
    folder = issue.parent / "收稿"
    folder.mkdir()
    (folder / "a.txt").write_text(f"栏目：营商环境\n{typed}\n", encoding="utf-8")
    [item] = planned(issue, folder).items
    assert (item.date, item.row["text"]) == (date, text)


def test_a_time_limit_is_not_a_date(issue):
    split = collect.split_items(["9月27日，窗口承诺：", "30日内办结的事项一律提前办结。"])
    assert split.items == [["9月27日，窗口承诺：", "30日内办结的事项一律提前办结。"]]


# ----------------------------------------------------------------------------- hostile folders


@pytest.mark.parametrize(
    "make",
    [
        makers.zip_bomb,
        makers.doctype,
        makers.ole_container,
        makers.truncated,
        makers.oversized,
        makers.too_much_text,
        makers.not_a_docx,
    ],
)
def test_a_hostile_word_file_refuses_the_collection_quickly(issue, make):
    folder = inbox(issue.parent / "收稿")
    make(folder / "恶意.docx")
    started = time.monotonic()
    with pytest.raises(ZhoubaoError) as caught:
        collect.read_folder(folder, "收稿")
    assert time.monotonic() - started < 5
    assert "恶意.docx" in caught.value.message and "\n" not in caught.value.message


def test_a_huge_text_file_and_a_fifo_are_refused(issue, tmp_path):
    folder = issue.parent / "收稿"
    folder.mkdir()
    with (folder / "huge.txt").open("wb") as f:
        f.truncate(6 * 1024 * 1024)
    with pytest.raises(ZhoubaoError, match="过大"):
        collect.read_folder(folder, "收稿")
    (folder / "huge.txt").unlink()
    if hasattr(__import__("os"), "mkfifo"):
        __import__("os").mkfifo(folder / "pipe.txt")
        started = time.monotonic()
        with pytest.raises(ZhoubaoError, match="不是普通文件"):
            collect.read_folder(folder, "收稿")
        assert time.monotonic() - started < 5


def test_too_many_files_items_or_characters_are_refused(issue, monkeypatch):
    folder = issue.parent / "收稿"
    folder.mkdir()
    for i in range(collect.MAX_FILES + 1):
        (folder / f"{i}.jpg").write_bytes(b"")
    with pytest.raises(ZhoubaoError, match=f"超过 {collect.MAX_FILES} 个文件"):
        collect.read_folder(folder, "收稿")
    for path in folder.iterdir():
        path.unlink()
    (folder / "many.txt").write_text(
        "栏目：营商环境\n" + "".join(f"9月27日，第{i}条。\n" for i in range(collect.MAX_ITEMS + 1)), encoding="utf-8"
    )
    with pytest.raises(ZhoubaoError, match=f"超过 {collect.MAX_ITEMS} 条"):
        planned(issue, folder)
    monkeypatch.setattr(collect, "MAX_CHARS", 1000)
    with pytest.raises(ZhoubaoError, match="万字"):
        collect.read_folder(folder, "收稿")


def test_a_control_character_skips_the_item_with_the_reason(issue):
    folder = issue.parent / "收稿"
    folder.mkdir()
    (folder / "a.txt").write_text("栏目：营商环境\n9月27日，窗口\x07办结42件。\n", encoding="utf-8")
    [skipped] = planned(issue, folder).skipped
    assert "控制字符" in skipped.why


# ----------------------------------------------------------------------------- the kinds' keywords


def test_the_seeds_items_sent_as_submissions_go_back_to_their_sections(issue):
    """The shipped kind's keywords and the visit reading put each of the seed's items where the
    real bulletin printed it; none goes to another section."""
    seed = store.load_issue(EXAMPLES / "2022-33.toml")
    folder = issue.parent / "收稿"
    folder.mkdir()
    where = {}
    for n, (section, entry) in enumerate(seed.entries()):
        text = section.bulletin_text(entry)
        (folder / f"{n}.txt").write_text(text + "\n", encoding="utf-8")
        where[f"收稿/{n}.txt"] = section.title
    result = planned(issue, folder)
    assert result.skipped == []
    assert {p.source: p.section_title for p in result.items} == where
    visits = [p.row for p in result.items if "name" in p.row]
    assert [(v["unit"], v["post"], v["name"]) for v in visits] == [
        (e.unit, e.post, e.name) for s, e in seed.entries() if s.HOLDS == "visit"
    ]


@pytest.mark.parametrize(
    ("keywords", "needle"),
    [
        ('"营商环境"', "应为不超过"),
        ('["营商环境", ""]', "不是一个词"),
        ('["营商环境", 3]', "不是一个词"),
        ('["营商环境", "营商环境"]', "重复"),
    ],
)
def test_keywords_in_an_issue_file_are_validated(issue, keywords, needle):
    text = issue.read_text(encoding="utf-8")
    text = text.replace('keywords = ["进大厅"]', f"keywords = {keywords}")
    issue.write_text(text, encoding="utf-8")
    with pytest.raises(ZhoubaoError, match=needle) as caught:
        store.load_issue(issue)
    assert "厅（局）长进大厅" in caught.value.message


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        (('title = "大厅巡查情况"', 'title = "大厅巡查情况"\nkeywords = ["巡查"]'), "用不上 keywords"),
        (('title = "窗口工作动态"', 'title = "窗口工作动态"\nkeywords = ["动态"]'), "请把 keywords 写在子栏目上"),
        (
            ('keywords = ["进大厅"]', 'keywords = ["进大厅", "锦旗"]'),
            "关键词“锦旗”同时属于栏目“窗口服务效能提升工作情况”和“厅（局）长进大厅”",
        ),
    ],
)
def test_kinds_check_names_keywords_that_cannot_work(tmp_path, change, needle):
    from zhoubao.kindcheck import check_kind
    from zhoubao.kinds import builtin_dir

    kind = tmp_path / "窗口工作周报"
    shutil.copytree(builtin_dir() / "窗口工作周报", kind)
    assert check_kind(kind) == []
    text = (kind / "kind.toml").read_text(encoding="utf-8")
    assert change[0] in text
    (kind / "kind.toml").write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    assert any(needle in problem for problem in check_kind(kind))


# ----------------------------------------------------------------------------- where an entry came from


def test_an_entrys_source_is_kept_validated_and_never_printed(issue):
    from zhoubao.compose import compose

    plain = store.load_plain(issue)
    sub = plain["section"][3]["sub"]
    sub[0]["entry"] = [{"id": 1, "date": dt.date(2022, 9, 27), "text": "窗口办结42件。", "source": "收稿/a.docx"}]
    sub[2]["entry"] = [
        {"id": 2, "date": dt.date(2022, 9, 29), "unit": "省自然资源厅", "post": "副厅长", "name": "王建国"}
        | {"text": "到窗口调研。", "source": "收稿/b.txt"}
    ]
    model = Issue.from_dict(plain)
    assert [e.source for _, e in model.entries()] == ["收稿/a.docx", "收稿/b.txt"]
    printed = "\n".join(getattr(b, "text", "") for b in compose(model).blocks)
    assert "9月27日，窗口办结42件。" in printed and "收稿" not in printed
    for bad in (3, "a\nb", "x" * 501):
        sub[0]["entry"][0]["source"] = bad
        with pytest.raises(ZhoubaoError, match="来源文件"):
            Issue.from_dict(plain)


# ----------------------------------------------------------------------------- the command


def entries_of(path: Path) -> list[dict]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [e for top in data["section"] for s in [top, *top.get("sub", [])] for e in s.get("entry", [])]


def test_collect_writes_the_example_folder_once_with_yes(issue, invoke):
    folder = issue.parent / "收稿"
    shutil.copytree(EXAMPLES / "收稿", folder)
    r = invoke("collect", str(folder), "--yes", "-f", str(issue))
    assert r.exit_code == 0, r.stderr
    assert "收进 4 条" in r.stdout and "已从" in r.stderr and "#1—#4" in r.stderr
    rows = entries_of(issue)
    assert [(e["id"], e["date"], e["source"]) for e in rows] == [
        (3, dt.date(2022, 9, 28), "收稿/市场监管局窗口.txt"),
        (1, dt.date(2022, 9, 26), "收稿/交通运输厅窗口.docx"),
        (2, dt.date(2022, 9, 29), "收稿/交通运输厅窗口.docx"),
        (4, dt.date(2022, 9, 30), "收稿/自然资源厅窗口.txt"),
    ]
    assert (rows[3]["unit"], rows[3]["post"], rows[3]["name"]) == ("省自然资源厅", "党组成员、副厅长", "王建国")
    written = issue.read_bytes()
    again = invoke("collect", str(folder), "--yes", "-f", str(issue))
    assert again.exit_code == 0 and "其中 4 条已收过" in again.stdout and "未改动" in again.stderr
    assert issue.read_bytes() == written
    listed = invoke("entries", "--source", "-f", str(issue))
    assert "收稿/自然资源厅窗口.txt" in listed.stdout.replace("\n", "").replace("│", "").replace(" ", "")
    assert invoke("check", "-f", str(issue)).stdout.count("来源") == 0


def test_collect_is_one_undo_step(issue, invoke):
    folder = issue.parent / "收稿"
    shutil.copytree(EXAMPLES / "收稿", folder)
    before = issue.read_bytes()
    assert invoke("collect", str(folder), "-y", "-f", str(issue)).exit_code == 0
    assert len(entries_of(issue)) == 4
    assert invoke("undo", "-f", str(issue)).exit_code == 0
    assert issue.read_bytes() == before


def test_off_a_terminal_without_yes_nothing_is_written(issue, invoke):
    folder = issue.parent / "收稿"
    shutil.copytree(EXAMPLES / "收稿", folder)
    before = issue.read_bytes()
    r = invoke("collect", str(folder), "-f", str(issue))
    assert r.exit_code == 3 and "加 --yes" in r.stderr and "收进 4 条" in r.stdout
    assert issue.read_bytes() == before


@pytest.mark.parametrize(("answer", "code", "count"), [("y", 0, 4), ("", 3, 0), ("n", 3, 0)])
def test_at_a_terminal_a_y_writes(issue, invoke, monkeypatch, answer, code, count):
    folder = issue.parent / "收稿"
    shutil.copytree(EXAMPLES / "收稿", folder)
    monkeypatch.setattr("zhoubao.cli._common.interactive", lambda: True)
    asked = []
    monkeypatch.setattr("builtins.input", lambda question: asked.append(question) or answer)
    r = invoke("collect", str(folder), "-f", str(issue))
    assert (r.exit_code, len(entries_of(issue))) == (code, count)
    assert asked == ["把以上 4 条收进 2022-33.toml？输入 y 写入，直接回车不写入 [y/N]："]


def test_the_issue_changed_since_the_plan_is_not_written(issue):
    from zhoubao import edits
    from zhoubao.edits.collect import plan_collection, write_collection

    folder = issue.parent / "收稿"
    shutil.copytree(EXAMPLES / "收稿", folder)
    collection = plan_collection(issue, folder)
    edits.add_news(issue, "营商环境", "9月27日，另一个窗口的稿件。")
    before = issue.read_bytes()
    with pytest.raises(ZhoubaoError, match="被修改过"):
        write_collection(collection)
    assert issue.read_bytes() == before


def test_a_hostile_submission_is_refused_by_the_command_with_the_issue_unchanged(issue):
    from tests.conftest import run

    for make in (makers.zip_bomb, makers.doctype, makers.too_much_text):
        folder = issue.parent / make.__name__
        shutil.copytree(EXAMPLES / "收稿", folder)
        make(folder / "恶意.docx")
        before = issue.read_bytes()
        started = time.monotonic()
        r = run("collect", str(folder), "--yes", "-f", str(issue))
        assert time.monotonic() - started < 20, make.__name__
        assert r.returncode == 1 and r.stderr.startswith("错误：") and r.stderr.count("\n") == 1, r.stderr
        assert "恶意.docx" in r.stderr and issue.read_bytes() == before


def test_other_commands_do_not_load_the_folder_reader(issue):
    probe = (
        "import sys; from zhoubao.cli import run; "
        f"code = run(['add-news', '-f', {str(issue)!r}, '--section', '服务效能', '甲。']); "
        f"code += run(['entries', '-f', {str(issue)!r}]); "
        "print(code, sorted(m for m in sys.modules if m.startswith(('zhoubao.importing', 'zhoubao.edits.collect'))))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60).stdout
    assert out.strip().splitlines()[-1] == "0 []"


def test_the_readmes_collect_line_runs_on_the_example_folder(tmp_path):
    """The README's week: `zhoubao new …` then `zhoubao collect examples/收稿`, as printed (with --yes:
    a test is no terminal)."""
    from tests.conftest import ROOT, run

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    [line] = [line for line in readme.splitlines() if line.startswith("zhoubao collect ")]
    shutil.copytree(EXAMPLES / "收稿", tmp_path / "examples" / "收稿")
    new = "new 2022-33.toml --number 33 --total 408 --date 2022-11-01 --period 2022-09-26..2022-09-30"
    assert f"zhoubao {new}" in readme
    assert run(*new.split(), cwd=tmp_path).returncode == 0
    r = run(*line.split()[1:], "--yes", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert len(entries_of(tmp_path / "2022-33.toml")) == 4
