"""The next working week: what `new --from` proposes after each kind of week."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhoubao.workweek import next_period

D = dt.date
ONE_DAY = dt.timedelta(days=1)


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


# ----------------------------------------------------------------------------- the rule


def test_ordinary_week() -> None:
    # After 9月19日—9月23日 comes the seed's week, 9月26日—9月30日.
    assert next_period(D(2022, 9, 23)) == (D(2022, 9, 26), D(2022, 9, 30), False)


def test_national_day_make_up_saturday_joins_the_week_after_it() -> None:
    # 10月1日—7日 off; Saturday 8 and Sunday 9 October are make-up working days and join
    # the week that follows.
    assert next_period(D(2022, 9, 30)) == (D(2022, 10, 8), D(2022, 10, 14), False)


def test_week_after_the_holiday_week() -> None:
    assert next_period(D(2022, 10, 14)) == (D(2022, 10, 17), D(2022, 10, 21), False)


def test_spring_festival_make_up_weekend_joins_the_week_after_it() -> None:
    # 1月21日—27日 off; Saturday 28 and Sunday 29 January were make-up working days.
    assert next_period(D(2023, 1, 20)) == (D(2023, 1, 28), D(2023, 2, 3), False)


def test_a_week_that_starts_on_a_tuesday_after_new_year_stays_one_week() -> None:
    # Monday 2 January 2023 was the New Year holiday: the period is Tuesday 3rd to Friday 6th.
    assert next_period(D(2022, 12, 30)) == (D(2023, 1, 3), D(2023, 1, 6), False)


def test_make_up_sunday_before_a_holiday_joins_the_week_after_it() -> None:
    # Spring Festival 2024: Sunday 4 February was a make-up working day before the holiday.
    assert next_period(D(2024, 2, 2)) == (D(2024, 2, 4), D(2024, 2, 9), False)


def test_make_up_saturday_inside_the_week_ends_it() -> None:
    # National Day 2025: 10月1日—8日 off, Saturday 11 October a make-up day in the week of 6—12.
    assert next_period(D(2025, 9, 30)) == (D(2025, 10, 9), D(2025, 10, 11), False)


def test_one_working_day_before_a_holiday_is_a_week_of_its_own() -> None:
    # 2024年2月10日—17日 off: after a period ending on Thursday 8th only Friday 9th is left of that
    # week; the make-up Sunday 18th then joins the week of 19—23.
    assert next_period(D(2024, 2, 8)) == (D(2024, 2, 9), D(2024, 2, 9), False)
    assert next_period(D(2024, 2, 9)) == (D(2024, 2, 18), D(2024, 2, 23), False)


def test_a_week_without_working_days_is_passed_over() -> None:
    # 2007: Saturday 29 and Sunday 30 September were make-up days and 1—7 October all holiday,
    # so the make-up days join the week of 8—14 October.
    assert next_period(D(2007, 9, 28)) == (D(2007, 9, 29), D(2007, 10, 12), False)


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
    assert next_period(prev_end) == (start, end, False)
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
        start, end, fell_back = next_period(prev_end)
        assert not fell_back
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

    start, end, fell_back = next_period(prev_end)
    assert not fell_back
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


def test_unknown_year_falls_back_to_monday_to_friday() -> None:
    assert next_period(D(2031, 3, 7)) == (D(2031, 3, 10), D(2031, 3, 14), True)
