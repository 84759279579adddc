"""A new clerk's week with only the README (issue 21's tryout): what surprised her, each a test.

Next week's file starts without last week's 编者按; `new` says why its 印发日期 is later than the
first working day after the period; a date typed at the head of a news item is read the same way
whether the text comes as an argument, from standard input or from collect; add-news says when an
item is out of date order; the small ones (numbers sorted, a visit's reading shown, 本周新增 in a
summary of one issue).
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from zhoubao import store
from zhoubao.check import check_path


def roll(invoke, previous: Path, name: str, *extra: str):
    r = invoke("new", str(previous.with_name(name)), "--from", str(previous), *extra)
    assert r.exit_code == 0, r.stderr
    return r


def paragraph_text(path: Path, title: str) -> str:
    [section] = [s for s in store.load_issue(path).all_sections() if s.title == title]
    return section.text  # type: ignore[attr-defined]


# ----------------------------------------------------------------------------- 1. the 编者按 is this week's


def test_next_weeks_issue_starts_without_last_weeks_editors_note(example, invoke):
    r = roll(invoke, example, "2022-34.toml")
    [said] = [line for line in r.stderr.splitlines() if line.startswith("已清空上一期的内容")]
    assert "省级政务服务事项受理办理情况" in said and "窗口工作动态" in said and "大厅巡查情况" in said
    week34 = example.with_name("2022-34.toml")
    note = "本期重点报道国庆节后窗口复工情况。"
    assert invoke("paragraph", "-f", str(week34), "编者按", note).exit_code == 0
    r = roll(invoke, week34, "2022-35.toml")
    week35 = example.with_name("2022-35.toml")
    assert paragraph_text(week35, "编者按") == ""
    assert note not in week35.read_text(encoding="utf-8")
    shown = invoke("show", "-f", str(week35))
    assert note not in shown.stdout
    [said] = [line for line in r.stderr.splitlines() if line.startswith("已清空上一期的内容")]
    assert said == "已清空上一期的内容：编者按（栏目、分送和印数照旧）"  # the rest was empty already
    assert paragraph_text(week34, "编者按") == note  # last week's file keeps it


def test_a_standing_text_the_kind_gives_comes_back_from_the_kind(tmp_path, invoke):
    kind = tmp_path / "templates" / "说明周报"
    kind.mkdir(parents=True)
    (kind / "kind.toml").write_text(
        'name = "说明周报"\nunit = "某中心"\n\n'
        '[[section]]\ntype = "entries"\ntitle = "工作动态"\n\n'
        '[[section]]\ntype = "paragraph"\ntitle = "说明"\nlabel = "说明："\n'
        'text = "本简报数据来源于四川一体化政务服务平台。"\n',
        encoding="utf-8",
    )
    first = tmp_path / "2022-33.toml"
    made = invoke("new", str(first), "--kind", "说明周报", "--number", "33", "--total", "8", "--date", "2022-10-08")
    assert made.exit_code == 0, made.stderr
    assert invoke("add-news", "-f", str(first), "--section", "工作动态", "甲窗口办结一件。").exit_code == 0
    r = roll(invoke, first, "2022-34.toml")
    second = first.with_name("2022-34.toml")
    assert paragraph_text(second, "说明") == "本简报数据来源于四川一体化政务服务平台。"
    said = [line for line in r.stderr.splitlines() if line.startswith("已清空上一期的内容")]
    assert said == ["已清空上一期的内容：工作动态（栏目、分送和印数照旧）"]
    assert "说明" not in r.stderr.replace("说明周报", "")  # neither cleared nor "changed by the kind"


# ----------------------------------------------------------------------------- 2. why the 印发日期 is late


def test_new_says_why_the_issue_date_follows_the_previous_issue(example, invoke):
    r = roll(invoke, example, "2022-34.toml")
    assert "印发日期 2022-11-01" in r.stderr
    [why] = [line for line in r.stderr.splitlines() if "不早于上一期的印发日期" in line]
    assert "2022-10-17" in why  # the first working day after the period, which it is not
    assert "（2022-11-01）" in why and "zhoubao set 印发日期" in why
    # a date that is the first working day after the period needs no word
    r = roll(invoke, example.with_name("2022-34.toml"), "2022-35.toml", "--date", "2022-10-24")
    assert "不早于上一期" not in r.stderr
    r = roll(invoke, example.with_name("2022-35.toml"), "2022-36.toml")
    assert "印发日期 2022-10-31" in r.stderr and "不早于上一期" not in r.stderr


# ----------------------------------------------------------------------------- 3. a typed leading date


@pytest.mark.parametrize("way", ["argument", "stdin", "text-file"])
def test_a_leading_date_in_typed_news_is_read_however_the_text_comes(example, invoke, way):
    text = "10月12日，民政窗口为群众办理“一件事”。"
    args = ["add-news", "-f", str(example), "--section", "营商"]
    if way == "argument":
        r = invoke(*args, text)
    elif way == "stdin":
        r = invoke(*args, "-", input=text + "\n")
    else:
        typed = example.with_name("稿.txt")
        typed.write_text(text, encoding="gbk")
        r = invoke(*args, "--text-file", str(typed))
    assert r.exit_code == 0, r.stderr
    assert "日期 2022-10-12 不在本期期间 2022-09-26 至 2022-09-30 内" in r.stderr
    _section, entry = store.load_issue(example).find_entry(7)
    assert (entry.date, entry.text) == (dt.date(2022, 10, 12), "民政窗口为群众办理“一件事”。")
    assert entry.bulletin_text() == text  # printed as typed


def test_add_news_and_collect_read_a_leading_date_alike(example, invoke):
    text = "9月27日，民政窗口为群众办理“一件事”，当天办结。"
    twin = example.with_name("twin.toml")
    shutil.copy(example, twin)
    folder = example.with_name("收稿")
    folder.mkdir()
    (folder / "民政窗口.txt").write_text(f"栏目：营商\n{text}\n", encoding="utf-8")
    assert invoke("collect", str(folder), "--yes", "-f", str(twin)).exit_code == 0
    assert invoke("add-news", "-f", str(example), "--section", "营商", "-", input=text).exit_code == 0
    _s, collected = store.load_issue(twin).find_entry(7)
    _s, typed = store.load_issue(example).find_entry(7)
    assert (typed.date, typed.text) == (collected.date, collected.text) == (dt.date(2022, 9, 27), text[6:])


@pytest.mark.parametrize(
    "text",
    ["2022年10月12日，民政窗口办结一件。", "10月12日至13日，民政窗口开展延时服务。", "10月12日"],
)
def test_a_leading_date_that_is_not_a_plain_lead_stays_in_the_text(example, invoke, text):
    assert invoke("add-news", "-f", str(example), "--section", "营商", text).exit_code == 0
    _section, entry = store.load_issue(example).find_entry(7)
    assert entry.date == dt.date(2022, 10, 12) and entry.text == text
    assert entry.bulletin_text() == text  # the date not printed twice


def test_add_news_says_when_an_item_comes_before_the_last_ones_date(example, invoke):
    args = ("add-news", "-f", str(example), "--section", "服务效能")  # #2 of 9月28日, #3 of 9月29日
    r = invoke(*args, "-", input="9月26日，甲窗口开展延时服务。")
    assert r.exit_code == 0
    [hint] = [line for line in r.stderr.splitlines() if "早于已有的" in line]
    assert hint == "提示：本条日期（9月26日）早于已有的 #3（9月29日）：如需按日期排列，请用 zhoubao move 7 1"
    r = invoke(*args, "--date", "2022-09-30", "乙窗口开展上门服务。")
    assert "早于已有的" not in r.stderr
    r = invoke(*args, "9月29日，丙窗口开展帮办代办。")  # after 9月30日 (#8): belongs before it
    assert "早于已有的 #8（9月30日）：如需按日期排列，请用 zhoubao move 9 4" in r.stderr
    r = invoke(*args, "丁窗口开展错时服务。")  # no date: nothing to compare
    assert "早于已有的" not in r.stderr
    # The section is now out of order (9月30日 before 9月29日): a new 9月29日 item is compared with
    # the latest date in the section, not only with the last item's.
    r = invoke(*args, "--date", "2022-09-30", "戊窗口开展预约服务。")
    r = invoke(*args, "9月29日，己窗口开展延时服务。")
    assert "早于已有的 #8（9月30日）" in r.stderr


def test_a_text_opening_with_another_date_than_its_own_is_said_at_once_and_by_check(example, invoke):
    """A new clerk typed --date 10月12日 with a text opening 9月1日，…: the bulletin prints 9月1日,
    outside the week, and nothing said so."""
    r = invoke(
        "add-news",
        "-f",
        str(example),
        "--section",
        "服务效能",
        "--date",
        "2022-09-29",
        "9月1日，大厅开展帮办代办服务。",
    )
    assert r.exit_code == 0
    assert "正文开头的日期 2022-09-01 与条目的日期 2022-09-29 不同，印出的是正文开头的日期" in r.stderr
    assert "这条新闻的日期 2022-09-01 不在本期期间" in r.stderr
    said = [f"{p.where}：{p.message}" for p in check_path(example)]
    assert any("条目 #7：正文开头的日期 2022-09-01 与条目的日期 2022-09-29 不同" in p for p in said), said
    assert any("条目 #7：日期 2022-09-01 不在本期期间" in p for p in said), said


# ----------------------------------------------------------------------------- 4. the small ones


def test_a_missing_entry_number_lists_the_numbers_in_order(example, invoke):
    assert invoke("add-news", "-f", str(example), "--section", "营商", "甲。").exit_code == 0  # #7, in the first
    r = invoke("edit", "-f", str(example), "99", "乙。")
    assert r.exit_code != 0
    assert "现有编号 1、2、3、4、5、6、7，" in r.stderr


def test_the_collect_preview_shows_the_visitor_it_read(example, invoke, monkeypatch):
    monkeypatch.setenv("COLUMNS", "250")  # one line per item: a folded cell interleaves with the others
    folder = example.with_name("收稿")
    folder.mkdir()
    (folder / "自然资源厅窗口.txt").write_text(
        "9月29日，省自然资源厅党组成员、副厅长王建国到省政务中心“自然资源窗口”调研，详细了解不动产登记业务办理情况。\n",
        encoding="utf-8",
    )
    r = invoke("collect", str(folder), "-f", str(example), input="n\n")
    assert "单位：省自然资源厅，职务：党组成员、副厅长，姓名：王建国；到省政务中心" in r.stdout


def test_check_names_the_previous_issue_it_cannot_find(example, invoke, tmp_path):
    roll(invoke, example, "2022-34.toml")
    moved = tmp_path / "归档"
    moved.mkdir()
    shutil.move(example.with_name("2022-34.toml"), moved / "2022-34.toml")
    r = invoke("check", "-f", str(moved / "2022-34.toml"))
    [line] = [line for line in r.stdout.splitlines() if "上一期" in line and "无法读取" in line]
    assert str(moved / "2022-33.toml") in line  # the file it looked for, where it looked


def test_a_summary_of_one_issue_takes_its_increments_from_the_previous_issue(example, invoke):
    roll(invoke, example, "2022-34.toml")
    week34 = example.with_name("2022-34.toml")
    for category, accepted, completed in (
        ("行政许可事项", 646000, 637000),
        ("公共服务事项", 1000000, 990000),
        ("其它九类行权事项", 50000, 52000),
    ):
        r = invoke("stats", "-f", str(week34), category, "--accepted", str(accepted), "--completed", str(completed))
        assert r.exit_code == 0, r.stderr
    from zhoubao.summary import load_issues, predecessors, summarise

    loaded = load_issues([week34])
    alone = summarise(loaded, predecessors(loaded))
    loaded = load_issues([example, week34])
    both = summarise(loaded, predecessors(loaded))
    increments = {(r.category, r.column): r.increment for r in alone.statistics}
    assert increments[("行政许可事项", "受理")] == 646000 - 644608
    assert increments == {(r.category, r.column): r.increment for r in both.statistics if r.issue == "2022年第34期"}
    r = invoke("summary", str(week34))
    assert str(646000 - 644608) in r.stdout


def test_check_says_an_inspection_record_dated_outside_the_period(example, invoke):
    r = invoke("inspect", "-f", str(example), "到岗", "10月20日，发现个别窗口迟到。", "--replace")
    assert r.exit_code == 0 and "巡查记录的日期 2022-10-20 不在本期期间" in r.stderr
    said = [f"{p.where}：{p.message}" for p in check_path(example)]
    assert any("巡查项“按时到岗情况”：巡查记录的日期 2022-10-20 不在本期期间" in p for p in said), said


def test_new_from_finds_the_previous_issue_without_its_suffix_and_check_says_a_shared_print_date(example, invoke):
    nxt = example.with_name("2022-34.toml")
    r = invoke("new", str(nxt), "--from", str(example.with_suffix("")))  # --from 2022-33, as -f takes it
    assert r.exit_code == 0, r.stderr
    # the example was printed 2022-11-01, so the next one is too: said, and check asks about it
    said = [f"{p.where}：{p.message}" for p in check_path(nxt)]
    assert any("2022-11-01 与上一期的印发日期相同" in p for p in said), said
    assert invoke("set", "-f", str(nxt), "印发日期", "2022-11-07").exit_code == 0
    assert not any("印发日期相同" in f"{p.message}" for p in check_path(nxt))


def test_a_section_named_without_its_brackets_and_a_field_by_another_word(example, invoke):
    """厅长 names 厅（局）长进大厅 (and tells add-news which command fills it); 份数 is 印数."""
    r = invoke("add-news", "-f", str(example), "--section", "厅长", "甲。")
    assert r.exit_code == 1 and "栏目“厅（局）长进大厅”是来访栏目：请用 zhoubao add-visit 填写" in r.stderr
    r = invoke(
        "add-visit", "-f", str(example), "--section", "厅长", "--date", "2022-09-28",
        "--unit", "省交通运输厅", "--post", "副厅长", "--name", "王某", "到大厅调研。",
    )  # fmt: skip
    assert r.exit_code == 0, r.stderr
    assert invoke("set", "-f", str(example), "份数", "90").exit_code == 0
    assert store.load_issue(example).copies == 90
