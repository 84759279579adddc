"""Week to week: rolling forward, checking, and increments against the predecessor."""

from __future__ import annotations

import datetime as dt
import shutil
import tomllib
from pathlib import Path

import pytest

from tests.conftest import ROOT
from zhoubao import edits, store
from zhoubao.check import ERROR, WARNING, check_path
from zhoubao.compose import compose
from zhoubao.store import load_previous as previous_of


def load(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def roll(invoke, last: Path, name: str, *extra: str) -> Path:
    path = last.with_name(name)
    r = invoke("new", str(path), "--from", str(last), "--date", "2023-02-06", *extra)
    assert r.exit_code == 0, r.stderr
    return path


def test_after_national_day_the_next_issue_covers_the_make_up_working_days(example, invoke):
    nxt = roll(invoke, example, "2022-34.toml")
    head = load(nxt)["issue"]
    assert (head["year"], head["number"], head["total"]) == (2022, 34, 409)
    assert (head["period_start"], head["period_end"]) == (dt.date(2022, 10, 8), dt.date(2022, 10, 14))
    assert head["previous"] == "2022-33.toml"


def test_the_new_files_opening_comment_names_the_new_issue(example, invoke):
    nxt = roll(invoke, example, "2022-34.toml")
    first = nxt.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# 窗口工作周报 2022年第34期（总第409期）"


def test_carries_structure_distribution_and_comments_but_not_the_week(example, invoke):
    text = example.read_text(encoding="utf-8").replace("[distribution]", "# 分送按中心办公室要求\n[distribution]")
    example.write_text(text, encoding="utf-8")
    edits.set_field(example, "copies", 60)
    nxt = roll(invoke, example, "2022-34.toml")
    data = load(nxt)
    assert "# 分送按中心办公室要求" in nxt.read_text(encoding="utf-8")
    assert data["distribution"]["copies"] == 60
    assert [line["label"] for line in data["distribution"]["line"]] == ["报", "送", "发"]
    sections = {s["title"]: s for top in data["section"] for s in [top, *top.get("sub", [])]}
    assert all("entry" not in s for s in sections.values())
    assert all(c["values"] == {} for c in sections["省级政务服务事项受理办理情况"]["category"])
    assert "since" not in sections["省级政务服务事项受理办理情况"]
    assert all(set(it) == {"name"} for it in sections["大厅巡查情况"]["item"])
    before = {s["title"]: s for s in load(example)["section"]}
    assert sections["省级政务服务事项受理办理情况"]["template"] == before["省级政务服务事项受理办理情况"]["template"]


@pytest.mark.parametrize(
    "last_period,want",
    [
        (("2022-12-26", "2022-12-30"), (2023, 1, dt.date(2023, 1, 3))),  # a new year: 第1期, total continues
        (("2023-01-16", "2023-01-20"), (2023, 34, dt.date(2023, 1, 28))),  # Spring Festival, make-up Saturday
        (("2022-09-19", "2022-09-23"), (2022, 34, dt.date(2022, 9, 26))),  # an ordinary week
    ],
)
def test_numbers_and_periods_roll_over(example, invoke, last_period, want):
    start, end = (dt.date.fromisoformat(d) for d in last_period)
    edits.set_field(example, "period", (start, end))
    edits.set_field(example, "year", start.year)
    nxt = roll(invoke, example, "next.toml")
    head = load(nxt)["issue"]
    assert (head["year"], head["number"], head["period_start"]) == want
    assert head["total"] == 409
    assert head["period_start"].weekday() in (0, 5) or head["period_start"] == dt.date(2023, 1, 3)


def test_unknown_calendar_year_falls_back_to_monday_to_friday_and_says_so(example, invoke):
    edits.set_field(example, "period", (dt.date(2031, 3, 3), dt.date(2031, 3, 7)))
    edits.set_field(example, "year", 2031)
    r = invoke("new", str(example.with_name("n.toml")), "--from", str(example), "--date", "2031-03-17")
    assert r.exit_code == 0 and "周一至周五" in r.stderr
    head = load(example.with_name("n.toml"))["issue"]
    assert (head["period_start"], head["period_end"]) == (dt.date(2031, 3, 10), dt.date(2031, 3, 14))


def test_check_passes_the_complete_seed(example, invoke):
    r = invoke("check", "-f", str(example))
    assert r.exit_code == 0, r.stdout
    assert "大于受理" not in r.stdout  # 其它九类行权事项 says carry_over = true: expected, not asked every week
    assert ERROR not in r.stdout


def test_check_fails_a_fresh_issue_with_a_message_for_each_problem(issue, invoke):
    r = invoke("check", "-f", str(issue))
    assert r.exit_code == 1
    assert "统计类别“行政许可事项”：缺少受理、办结" in r.stdout
    assert "栏目“窗口工作动态”：没有内容" in r.stdout
    assert r.stdout.count("未填写：用 zhoubao inspect") == 6
    assert "检查未通过" in r.stderr


def test_check_follows_the_predecessor(example, invoke):
    nxt = roll(invoke, example, "2022-34.toml")
    edits.set_field(nxt, "number", 35)
    edits.set_field(nxt, "total", 400)
    edits.add_news(nxt, "服务效能", "窗口服务。", dt.date(2022, 9, 1))
    edits.set_stats(nxt, "行政许可", {"受理": "600000", "办结": "650000"})
    problems = check_path(nxt)
    messages = [str(p) for p in problems]
    assert any("第35期不接上一期第33期，应为第34期" in m for m in messages)
    assert any("总第400期不接上一期总第408期，应为总第409期" in m for m in messages)
    assert any(p.level == WARNING and "2022-09-01 不在本期期间" in p.message for p in problems)
    assert any(p.level == ERROR and "累计受理 600000 小于上一期的 644608" in p.message for p in problems)


def test_check_warns_of_typography_it_will_fix(example, invoke):
    edits.add_news(example, "服务效能", "受理 100 件 , 办结 99 件.", dt.date(2022, 9, 30))
    r = invoke("check", "-f", str(example))
    assert r.exit_code == 0 and "排版将自动更正" in r.stdout


def test_increment_against_the_predecessor_in_show_and_in_a_kind_template(example, invoke):
    nxt = roll(invoke, example, "2022-34.toml")
    edits.set_stats(nxt, "行政许可", {"受理": "660000", "办结": "650000"})
    r = invoke("show", "-f", str(nxt))
    assert "本周新增" in r.stdout and "15392" in r.stdout
    issue = store.load_issue(nxt)
    previous, _ = previous_of(nxt, issue)
    section = next(s for s in issue.sections if s.type == "statistics")
    section.template = "{% for c in categories %}{{ c.name }}本周新增受理{{ c.increase['受理'] }}件{% endfor %}"
    section.categories = section.categories[:1]
    text = [b for b in compose(issue, previous=previous).blocks if hasattr(b, "runs")][0].text
    assert text == "行政许可事项本周新增受理15392件"


def test_check_warns_when_an_issue_runs_past_the_kinds_page_limit(example, invoke):
    text = example.read_text(encoding="utf-8").replace("max_pages = 6", "max_pages = 3")
    example.write_text(text, encoding="utf-8")
    r = invoke("check", "-f", str(example))
    assert (
        r.exit_code == 0 and "超过该种类的上限 3 页" in r.stdout and "本期约 4 页" in r.stdout
    )  # the seed fitted to 4 pages
    example.write_text(text.replace("max_pages = 3", "max_pages = 6"), encoding="utf-8")
    assert "篇幅" not in invoke("check", "-f", str(example)).stdout


def test_the_next_issue_follows_the_kind_as_it_is_now_and_the_archive_stays(example, invoke, tmp_path):
    """A change to the kind's wording reaches a running weekly series; last week's file is untouched."""
    kind = tmp_path / "templates" / "窗口工作周报"
    shutil.copytree(ROOT / "templates" / "窗口工作周报", kind)
    toml = kind / "kind.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8")
        .replace("本周大厅巡查情况如下：", "本周大厅巡查结果如下：")
        .replace(', "大厅防控情况"]', "]"),
        encoding="utf-8",
    )
    before = example.read_bytes()
    nxt = tmp_path / "2022-34.toml"
    r = invoke("new", str(nxt), "--from", str(example))
    assert r.exit_code == 0, r.stderr
    assert "按种类“窗口工作周报”的现行设置更新了" in r.stderr and "巡查项" in r.stderr
    issue = store.load_issue(nxt)
    checklist = next(s for s in issue.all_sections() if s.items)
    assert checklist.intro.endswith("本周大厅巡查结果如下：")
    assert [item.name for item in checklist.items][-1] == "纪律秩序"
    assert example.read_bytes() == before  # the archive keeps its own copy of the old wording
    assert "本周大厅巡查情况如下：" in example.read_text(encoding="utf-8")


def test_a_next_issue_of_an_unchanged_kind_reports_nothing(example, invoke, tmp_path):
    r = invoke("new", str(tmp_path / "2022-34.toml"), "--from", str(example))
    assert r.exit_code == 0 and "现行设置" not in r.stderr


@pytest.mark.parametrize(
    ("field", "value", "needle"),
    [
        ("印发日期", "2022-09-29", "早于本期截止日期"),
        ("年份", "2021", "与本期期间"),
        ("印数", "0", "印数为 0"),
    ],
)
def test_check_catches_a_date_a_year_or_copies_that_cannot_be(example, invoke, field, value, needle):
    if field == "印数":  # set refuses 0 itself; a hand edit of the file can still write it
        example.write_text(example.read_text(encoding="utf-8").replace("copies = 80", "copies = 0"), encoding="utf-8")
    else:
        assert invoke("set", "-f", str(example), field, value).exit_code == 0
    r = invoke("check", "-f", str(example))
    assert r.exit_code == 1 and needle in r.stdout


def test_new_from_proposes_an_issue_date_after_the_period_and_shows_it(example, invoke, tmp_path):
    from zhoubao.rollover import issue_date

    assert issue_date(dt.date(2022, 9, 30), dt.date(2026, 11, 27))[0] == dt.date(2022, 10, 8)  # a back issue
    assert issue_date(dt.date(2026, 11, 20), dt.date(2026, 11, 27))[0] == dt.date(2026, 11, 27)  # this week's
    assert issue_date(dt.date(2026, 11, 27), dt.date(2026, 11, 27))[0] == dt.date(2026, 11, 30)  # never before the end
    r = invoke("new", str(tmp_path / "2022-34.toml"), "--from", str(example))
    assert r.exit_code == 0
    assert "期间 2022-10-08 至 2022-10-14，印发日期 2022-11-01" in r.stderr  # 33 was printed on 11-01


def test_check_does_not_call_a_paragraph_break_a_stray_space(example, invoke):
    assert invoke("add-news", "-f", str(example), "--section", "营商", "第一段。\n第二段。").exit_code == 0
    r = invoke("check", "-f", str(example))
    assert "第一段。第二段" not in r.stdout and "删除了中文里的空格" not in r.stdout
