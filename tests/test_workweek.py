"""The next working week: what `new --from` proposes after each kind of week."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhoubao.workweek import next_period

D = dt.date


def test_ordinary_week() -> None:
    # After 9月19日—9月23日 comes the seed's week, 9月26日—9月30日.
    assert next_period(D(2022, 9, 23)) == (D(2022, 9, 26), D(2022, 9, 30), False)


def test_national_day_rolls_over_to_the_make_up_saturday() -> None:
    # 10月1日—7日 off; Saturday 8 and Sunday 9 October are make-up working days and join
    # the week that follows.
    assert next_period(D(2022, 9, 30)) == (D(2022, 10, 8), D(2022, 10, 14), False)


def test_week_after_the_holiday_week() -> None:
    assert next_period(D(2022, 10, 14)) == (D(2022, 10, 17), D(2022, 10, 21), False)


def test_new_year() -> None:
    # Monday 2 January 2023 was the New Year holiday, so the period starts on Tuesday 3rd.
    # The week that starts on or after the 3rd is 9—15 January, so the rule folds the short
    # first week into it.
    assert next_period(D(2022, 12, 30)) == (D(2023, 1, 3), D(2023, 1, 13), False)


def test_spring_festival() -> None:
    # 1月21日—27日 off; Saturday 28 and Sunday 29 January were make-up working days.
    assert next_period(D(2023, 1, 20)) == (D(2023, 1, 28), D(2023, 2, 3), False)


def test_make_up_day_after_the_week_ends() -> None:
    # Spring Festival 2024: Sunday 4 February was a make-up working day before the holiday.
    assert next_period(D(2024, 2, 2)) == (D(2024, 2, 4), D(2024, 2, 9), False)


def test_week_of_holiday_ending_in_a_make_up_sunday() -> None:
    # 2024年2月10日—17日 off, Sunday 18th a make-up day: the week of 12—18 ends on that Sunday.
    assert next_period(D(2024, 2, 8)) == (D(2024, 2, 9), D(2024, 2, 18), False)


def test_unknown_year_falls_back_to_monday_to_friday() -> None:
    assert next_period(D(2031, 3, 7)) == (D(2031, 3, 10), D(2031, 3, 14), True)


def test_fallback_is_flagged_when_only_the_new_year_is_unknown() -> None:
    start, end, fell_back = next_period(D(2030, 12, 27))
    assert (start, end, fell_back) == (D(2030, 12, 30), D(2031, 1, 3), True)


def test_a_week_without_working_days_is_passed_over() -> None:
    # 2007: Saturday 29 and Sunday 30 September were make-up days and 1—7 October all holiday,
    # so the week starting on or after the 29th has no working day; the next one ends the period.
    assert next_period(D(2007, 9, 28)) == (D(2007, 9, 29), D(2007, 10, 12), False)


@settings(derandomize=True, max_examples=200, deadline=None)
@given(st.dates(min_value=D(2004, 1, 1), max_value=D(2026, 11, 30)))
def test_period_follows_the_rule(prev_end: dt.date) -> None:
    import chinese_calendar

    start, end, fell_back = next_period(prev_end)
    assert not fell_back
    assert prev_end < start <= end
    assert chinese_calendar.is_workday(start) and chinese_calendar.is_workday(end)
    # start is the first working day after prev_end ...
    assert not chinese_calendar.get_workdays(prev_end + dt.timedelta(days=1), start - dt.timedelta(days=1))
    # ... and end the last working day of the first Monday-to-Sunday week on or after start
    # that has one.
    first_monday = start + dt.timedelta(days=(7 - start.weekday()) % 7)
    end_sunday = end + dt.timedelta(days=6 - end.weekday())
    assert first_monday <= end
    assert not chinese_calendar.get_workdays(end + dt.timedelta(days=1), end_sunday)
    assert not chinese_calendar.get_workdays(first_monday, end - dt.timedelta(days=end.weekday() + 1))


@pytest.mark.parametrize("year", [2022, 2023, 2024])
def test_a_year_of_weeks_chains_without_gaps(year: int) -> None:
    # Rolling forward week after week never skips a working day and never overlaps.
    import chinese_calendar

    prev_end = D(year - 1, 12, 31) - dt.timedelta(days=1)
    while prev_end.year < year or prev_end < D(year, 12, 1):
        start, end, fell_back = next_period(prev_end)
        assert not fell_back
        skipped = [prev_end + dt.timedelta(days=n) for n in range(1, (start - prev_end).days)]
        assert not any(chinese_calendar.is_workday(day) for day in skipped)
        assert chinese_calendar.is_workday(start) and chinese_calendar.is_workday(end)
        prev_end = end
