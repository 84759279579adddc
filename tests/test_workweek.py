"""The next working week: what `new --from` proposes after each kind of week, and where the
calendar comes from (the clerk's 节假日.toml, chinese_calendar, the holidays package, Monday to Friday)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhoubao import workweek
from zhoubao.errors import ZhoubaoError
from zhoubao.workweek import next_period

D = dt.date
ONE_DAY = dt.timedelta(days=1)


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


# ----------------------------------------------------------------------------- the rule


def test_ordinary_week() -> None:
    # After 9月19日—9月23日 comes the seed's week, 9月26日—9月30日.
    assert next_period(D(2022, 9, 23)) == (D(2022, 9, 26), D(2022, 9, 30), "")


def test_national_day_make_up_saturday_joins_the_week_after_it() -> None:
    # 10月1日—7日 off; Saturday 8 and Sunday 9 October are make-up working days and join
    # the week that follows.
    assert next_period(D(2022, 9, 30)) == (D(2022, 10, 8), D(2022, 10, 14), "")


def test_week_after_the_holiday_week() -> None:
    assert next_period(D(2022, 10, 14)) == (D(2022, 10, 17), D(2022, 10, 21), "")


def test_spring_festival_make_up_weekend_joins_the_week_after_it() -> None:
    # 1月21日—27日 off; Saturday 28 and Sunday 29 January were make-up working days.
    assert next_period(D(2023, 1, 20)) == (D(2023, 1, 28), D(2023, 2, 3), "")


def test_a_week_that_starts_on_a_tuesday_after_new_year_stays_one_week() -> None:
    # Monday 2 January 2023 was the New Year holiday: the period is Tuesday 3rd to Friday 6th.
    assert next_period(D(2022, 12, 30)) == (D(2023, 1, 3), D(2023, 1, 6), "")


def test_make_up_sunday_before_a_holiday_joins_the_week_after_it() -> None:
    # Spring Festival 2024: Sunday 4 February was a make-up working day before the holiday.
    assert next_period(D(2024, 2, 2)) == (D(2024, 2, 4), D(2024, 2, 9), "")


def test_make_up_saturday_inside_the_week_ends_it() -> None:
    # National Day 2025: 10月1日—8日 off, Saturday 11 October a make-up day in the week of 6—12.
    assert next_period(D(2025, 9, 30)) == (D(2025, 10, 9), D(2025, 10, 11), "")


def test_one_working_day_before_a_holiday_is_a_week_of_its_own() -> None:
    # 2024年2月10日—17日 off: after a period ending on Thursday 8th only Friday 9th is left of that
    # week; the make-up Sunday 18th then joins the week of 19—23.
    assert next_period(D(2024, 2, 8)) == (D(2024, 2, 9), D(2024, 2, 9), "")
    assert next_period(D(2024, 2, 9)) == (D(2024, 2, 18), D(2024, 2, 23), "")


def test_a_week_without_working_days_is_passed_over() -> None:
    # 2007: Saturday 29 and Sunday 30 September were make-up days and 1—7 October all holiday,
    # so the make-up days join the week of 8—14 October.
    assert next_period(D(2007, 9, 28)) == (D(2007, 9, 29), D(2007, 10, 12), "")


# Every period from 2022 to 2025 that the old rule ("the week that starts on or after the first
# working day") stretched over two weeks: rolling week by week from 2021-12-31 with that rule
# gives exactly these fourteen. (previous end, start, the old rule's end, the end now)
TWO_WEEK_PERIODS = [
    (D(2021, 12, 31), D(2022, 1, 4), D(2022, 1, 14), D(2022, 1, 7)),  # 元旦, from Tuesday
    (D(2022, 4, 2), D(2022, 4, 6), D(2022, 4, 15), D(2022, 4, 8)),  # 清明, from Wednesday
    (D(2022, 4, 29), D(2022, 5, 5), D(2022, 5, 13), D(2022, 5, 7)),  # 劳动节, to the make-up Saturday
    (D(2022, 9, 9), D(2022, 9, 13), D(2022, 9, 23), D(2022, 9, 16)),  # 中秋
    (D(2022, 12, 30), D(2023, 1, 3), D(2023, 1, 13), D(2023, 1, 6)),  # 元旦
    (D(2023, 4, 28), D(2023, 5, 4), D(2023, 5, 12), D(2023, 5, 6)),  # 劳动节, to the make-up Saturday
    (D(2023, 12, 29), D(2024, 1, 2), D(2024, 1, 12), D(2024, 1, 5)),  # 元旦
    (D(2024, 6, 7), D(2024, 6, 11), D(2024, 6, 21), D(2024, 6, 14)),  # 端午
    (D(2024, 9, 14), D(2024, 9, 18), D(2024, 9, 29), D(2024, 9, 20)),  # 中秋
    (D(2024, 9, 30), D(2024, 10, 8), D(2024, 10, 18), D(2024, 10, 12)),  # 国庆, to the make-up Saturday
    (D(2025, 1, 27), D(2025, 2, 5), D(2025, 2, 14), D(2025, 2, 8)),  # 春节, to the make-up Saturday
    (D(2025, 4, 30), D(2025, 5, 6), D(2025, 5, 16), D(2025, 5, 9)),  # 劳动节
    (D(2025, 5, 30), D(2025, 6, 3), D(2025, 6, 13), D(2025, 6, 6)),  # 端午
    (D(2025, 9, 30), D(2025, 10, 9), D(2025, 10, 17), D(2025, 10, 11)),  # 国庆, to the make-up Saturday
]


@pytest.mark.parametrize("prev_end,start,old_end,end", TWO_WEEK_PERIODS, ids=[str(c[1]) for c in TWO_WEEK_PERIODS])
def test_a_short_week_after_a_holiday_is_not_stretched_to_two(prev_end, start, old_end, end) -> None:
    assert next_period(prev_end) == (start, end, "")
    assert monday_of(end) == monday_of(start) != monday_of(old_end)


def _old_rule(prev_end: dt.date) -> tuple[dt.date, dt.date]:
    """The rule before issue 11, to find the cases above again."""
    import chinese_calendar

    start = prev_end + ONE_DAY
    while not chinese_calendar.is_workday(start):
        start += ONE_DAY
    monday = start + dt.timedelta(days=(7 - start.weekday()) % 7)
    while True:
        workdays = [d for d in (monday + dt.timedelta(days=n) for n in range(7)) if chinese_calendar.is_workday(d)]
        if workdays:
            return start, workdays[-1]
        monday += dt.timedelta(days=7)


def _weeks_with_weekday_work(start: dt.date, end: dt.date) -> set[dt.date]:
    import chinese_calendar

    days = (start + dt.timedelta(days=n) for n in range((end - start).days + 1))
    return {monday_of(d) for d in days if d.weekday() < 5 and chinese_calendar.is_workday(d)}


def test_the_fourteen_are_all_the_old_rule_stretched_from_2022_to_2025() -> None:
    found, prev_end = [], D(2021, 12, 31)
    while True:
        start, end = _old_rule(prev_end)
        if start.year > 2025:
            break
        if len(_weeks_with_weekday_work(start, end)) > 1:
            found.append((prev_end, start, end))
        prev_end = end
    assert found == [(prev_end, start, old_end) for prev_end, start, old_end, _ in TWO_WEEK_PERIODS]


def test_rolling_2022_to_2025_week_by_week_never_skips_or_stretches() -> None:
    import chinese_calendar

    prev_end, weeks = D(2021, 12, 31), []
    while prev_end < D(2025, 12, 26):
        start, end, note = next_period(prev_end)
        assert note == ""
        skipped = [prev_end + dt.timedelta(days=n) for n in range(1, (start - prev_end).days)]
        assert not any(chinese_calendar.is_workday(day) for day in skipped)
        assert chinese_calendar.is_workday(start) and chinese_calendar.is_workday(end)
        [week] = _weeks_with_weekday_work(start, end)
        weeks.append(week)
        prev_end = end
    # One period for each week that has a working day from Monday to Friday, in order.
    assert weeks == sorted(_weeks_with_weekday_work(D(2022, 1, 1), prev_end))


@settings(derandomize=True, max_examples=200, deadline=None)
@given(st.dates(min_value=D(2004, 1, 1), max_value=D(2026, 11, 30)))
def test_period_follows_the_rule(prev_end: dt.date) -> None:
    import chinese_calendar

    start, end, note = next_period(prev_end)
    assert note == ""
    assert prev_end < start <= end
    assert chinese_calendar.is_workday(start) and chinese_calendar.is_workday(end)
    # start is the first working day after prev_end ...
    assert not chinese_calendar.get_workdays(prev_end + ONE_DAY, start - ONE_DAY)
    # ... the anchor the first Monday-to-Friday working day on or after start ...
    anchor = start
    while not (anchor.weekday() < 5 and chinese_calendar.is_workday(anchor)):
        anchor += ONE_DAY
    # ... and end the last working day of the anchor's Monday-to-Sunday week.
    assert monday_of(end) == monday_of(anchor)
    assert not chinese_calendar.get_workdays(end + ONE_DAY, monday_of(anchor) + dt.timedelta(days=6))


# ----------------------------------------------------------------------------- years the data lacks


@pytest.fixture
def official_until_2026(monkeypatch: pytest.MonkeyPatch) -> None:
    """chinese_calendar as installed today, whatever a later release knows: 2004 to 2026."""
    monkeypatch.setattr(workweek, "_official_knows", lambda year: 2004 <= year <= 2026)


@pytest.fixture
def no_holidays_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workweek, "_computed_holidays", lambda year: frozenset())


def test_new_year_2027_is_a_holiday_and_the_note_names_2027(official_until_2026) -> None:
    start, end, note = next_period(D(2026, 12, 25))
    assert (start, end) == (D(2026, 12, 28), D(2026, 12, 31))  # Friday 1 January 2027 is 元旦
    assert "2027 年的调休安排未收录" in note and "2026" not in note
    assert "节假日.toml" in note and "docs/holidays.md" in note and "--period" in note
    assert "\n" not in note


def test_lunar_holidays_of_an_unknown_year_are_computed(official_until_2026) -> None:
    # 春节 2027: 除夕 is Friday 5 February.
    start, end, note = next_period(D(2027, 1, 29))
    assert (start, end) == (D(2027, 2, 1), D(2027, 2, 4))
    assert "2027 年" in note and "周一至周五" in note


def test_a_year_far_ahead_is_computed_too() -> None:
    start, end, note = next_period(D(2031, 3, 7))
    assert (start, end) == (D(2031, 3, 10), D(2031, 3, 14))
    assert note.startswith("2031 年的调休安排未收录")


def test_no_note_when_the_unknown_year_was_not_looked_at(official_until_2026) -> None:
    assert next_period(D(2026, 12, 18)) == (D(2026, 12, 21), D(2026, 12, 25), "")


def test_without_computed_holidays_monday_to_friday_and_says_so(official_until_2026, no_holidays_package) -> None:
    start, end, note = next_period(D(2026, 12, 25))
    assert (start, end) == (D(2026, 12, 28), D(2027, 1, 1))
    assert note.startswith("2027 年的节假日未收录：本期期间按周一至周五计算")


# ----------------------------------------------------------------------------- the clerk's file

# A made-up arrangement for 2027, in the shape of the State Council's notice.
ANNOUNCEMENT_2027 = """\
# 国务院办公厅关于2027年部分节假日安排的通知（示例）
[2027]
"放假" = ["2027-01-01..2027-01-03", "2027-02-05..2027-02-13"]
"调休上班" = [2027-01-30, 2027-02-14]
"""


@pytest.mark.parametrize("name", workweek.ANNOUNCEMENT_NAMES)
def test_the_clerks_announcement_gives_the_make_up_days(official_until_2026, tmp_path, name) -> None:
    (tmp_path / name).write_text(ANNOUNCEMENT_2027, encoding="utf-8")
    assert next_period(D(2026, 12, 25), tmp_path) == (D(2026, 12, 28), D(2026, 12, 31), "")
    # The make-up Saturday 30 January joins the week after it; the last day before the holiday
    # is Thursday 4 February.
    assert next_period(D(2027, 1, 29), tmp_path) == (D(2027, 1, 30), D(2027, 2, 4), "")
    assert next_period(D(2027, 2, 4), tmp_path) == (D(2027, 2, 14), D(2027, 2, 19), "")


def test_the_clerks_announcement_comes_before_the_official_data(tmp_path) -> None:
    (tmp_path / "节假日.toml").write_text('[2022]\n"放假" = [2022-09-26]\n', encoding="utf-8")
    assert next_period(D(2022, 9, 23), tmp_path) == (D(2022, 9, 27), D(2022, 9, 30), "")
    assert next_period(D(2022, 9, 23), tmp_path / "elsewhere") == (D(2022, 9, 26), D(2022, 9, 30), "")


def test_an_announcement_for_another_year_leaves_the_note_and_says_where_to_add(official_until_2026, tmp_path) -> None:
    (tmp_path / "节假日.toml").write_text('[2026]\n"放假" = [2026-10-01]\n', encoding="utf-8")
    start, end, note = next_period(D(2026, 12, 25), tmp_path)
    assert (start, end) == (D(2026, 12, 28), D(2026, 12, 31))
    assert f"在 {tmp_path / '节假日.toml'} 中加上 [2027] 一节" in note


def test_the_announcement_may_reach_back_into_december(official_until_2026, tmp_path) -> None:
    # 元旦 2017 ran from Saturday 31 December 2016; such a run sits in the new year's notice.
    (tmp_path / "节假日.toml").write_text('[2027]\n"放假" = ["2026-12-31..2027-01-01"]\n', encoding="utf-8")
    assert next_period(D(2026, 12, 25), tmp_path) == (D(2026, 12, 28), D(2026, 12, 30), "")


def test_the_holidays_package_is_imported_only_when_a_year_is_unknown(tmp_path) -> None:
    (tmp_path / "节假日.toml").write_text(ANNOUNCEMENT_2027, encoding="utf-8")
    probe = (
        "import sys, datetime as dt; from pathlib import Path; from zhoubao import workweek; "
        "workweek._official_knows = lambda year: 2004 <= year <= 2026; "
        "a = workweek.next_period(dt.date(2022, 9, 23), Path('nowhere')); b = 'holidays' in sys.modules; "
        f"workweek.next_period(dt.date(2026, 12, 25), Path({str(tmp_path)!r})); c = 'holidays' in sys.modules; "
        "workweek.next_period(dt.date(2026, 12, 25)); d = 'holidays' in sys.modules; "
        "print(b, c, d)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert out.stdout.split() == ["False", "False", "True"], out.stderr


BAD_ANNOUNCEMENTS = [
    ('[2027\n"放假" = [2027-01-01]\n', "第 1 行写法有误"),
    ("[2027]\n放假 = [2027-01-01]\n", '第 2 行：放假 要加英文双引号，写成 "放假" = [...]'),
    ('["明年"]\n"放假" = [2027-01-01]\n', "“明年”不是年份"),
    ("2027 = [2027-01-01]\n", "[2027] 应是一节"),
    ('[2027]\n"放假" = [2027-01-01]\n"上班" = [2027-02-20]\n', "“上班”不认识"),
    ('[2027]\n"调休上班" = [2027-02-20]\n', "没有写放假日期"),
    ('[2027]\n"放假" = 2027-01-01\n', "应写成方括号列表"),
    ('[2027]\n"放假" = ["2027-02-30"]\n', "日期 2027-02-30 不存在"),
    ('[2027]\n"放假" = ["2027-10-07..2027-10-01"]\n', "结束日期早于开始日期"),
    ('[2027]\n"放假" = [20270101]\n', "不是日期"),
    ('[2027]\n"放假" = [2027-01-01T00:00:00]\n', "不是日期"),
    ('[2027]\n"放假" = [2026-10-01]\n', "2026-10-01 不在 2027 年"),
    ('[2027]\n"放假" = ["2027-10-01..2027-12-01"]\n', "长达 62 天"),
    ('[2027]\n"放假" = [2027-01-01]\n"调休上班" = [2027-01-01]\n', "既写在放假里又写在调休上班里"),
    ('[2027]\n"放假" = [2027-01-01]\n"调休上班" = [2027-01-04]\n', "2027-01-04 是星期一，本来就上班"),
]


@pytest.mark.parametrize("text,needle", BAD_ANNOUNCEMENTS, ids=[n for _, n in BAD_ANNOUNCEMENTS])
def test_a_malformed_announcement_is_one_chinese_line(tmp_path, text, needle) -> None:
    (tmp_path / "节假日.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ZhoubaoError) as caught:
        next_period(D(2026, 12, 25), tmp_path)
    message = caught.value.message
    assert needle in message and "\n" not in message
    assert message.startswith(f"节假日文件 {tmp_path / '节假日.toml'}")


def test_an_announcement_that_is_not_utf8_too_big_doubled_or_a_folder(tmp_path) -> None:
    path = tmp_path / "节假日.toml"
    path.write_bytes('[2027]\n"放假" = [2027-01-01]\n'.encode("gbk"))
    with pytest.raises(ZhoubaoError, match="不是 UTF-8 编码"):
        next_period(D(2026, 12, 25), tmp_path)
    path.write_text("# " + "注" * 30000 + "\n", encoding="utf-8")
    with pytest.raises(ZhoubaoError, match="过大"):
        next_period(D(2026, 12, 25), tmp_path)
    path.write_text(ANNOUNCEMENT_2027, encoding="utf-8")
    (tmp_path / "holidays.toml").write_text(ANNOUNCEMENT_2027, encoding="utf-8")
    with pytest.raises(ZhoubaoError, match="同时有 节假日.toml 和 holidays.toml"):
        next_period(D(2026, 12, 25), tmp_path)
    path.unlink()
    (tmp_path / "holidays.toml").unlink()
    path.mkdir()
    with pytest.raises(ZhoubaoError, match="是文件夹"):
        next_period(D(2026, 12, 25), tmp_path)


def test_the_example_in_the_user_doc_reads(tmp_path) -> None:
    doc = (Path(__file__).resolve().parent.parent / "docs" / "holidays.md").read_text(encoding="utf-8")
    example = doc.split("```toml\n", 1)[1].split("```", 1)[0]
    tomllib.loads(example)
    (tmp_path / "节假日.toml").write_text(example, encoding="utf-8")
    announcement = workweek.find_announcement(tmp_path)
    assert announcement is not None and announcement.years


# ----------------------------------------------------------------------------- through new --from


def test_new_from_uses_the_announcement_beside_the_issues(official_until_2026, example, invoke) -> None:
    from zhoubao import edits

    edits.set_field(example, "period", (D(2026, 12, 21), D(2026, 12, 25)))
    edits.set_field(example, "year", 2026)
    nxt = example.with_name("next.toml")
    r = invoke("new", str(nxt), "--from", str(example), "--date", "2027-01-04")
    assert r.exit_code == 0, r.stderr
    assert "2027 年的调休安排未收录" in r.stderr and "节假日.toml" in r.stderr
    head = tomllib.loads(nxt.read_text(encoding="utf-8"))["issue"]
    assert (head["period_start"], head["period_end"]) == (D(2026, 12, 28), D(2026, 12, 31))

    nxt.unlink()
    (example.parent / "节假日.toml").write_text(ANNOUNCEMENT_2027, encoding="utf-8")
    r = invoke("new", str(nxt), "--from", str(example), "--date", "2027-01-04")
    assert r.exit_code == 0 and "未收录" not in r.stderr


def test_new_from_with_a_malformed_announcement_stops_with_one_line(example, invoke) -> None:
    (example.parent / "节假日.toml").write_text('[2022]\n"放假" = [2022-09-31]\n', encoding="utf-8")
    nxt = example.with_name("next.toml")
    r = invoke("new", str(nxt), "--from", str(example))
    assert r.exit_code != 0 and not nxt.exists()
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "节假日文件" in lines[0], r.stderr
