"""The next working week, by China's official calendar, for `zhoubao new --from`.

The rule: the period starts on the first working day after the last period, and ends on the
last working day of the Monday-to-Sunday week that holds the first Monday-to-Friday working day
on or after that start. So

- a make-up Saturday or Sunday (调休上班) at the start joins the week after it: after the National
  Day holiday 2022 the period runs from Saturday 8 to Friday 14 October;
- a week that starts on a Tuesday after a holiday stays one week: 2023-01-03..2023-01-06;
- a make-up day inside that Monday-to-Sunday week ends the period: 2025-10-09..2025-10-11.

Holidays and make-up working days come from the `chinese_calendar` package.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable

ONE_DAY = dt.timedelta(days=1)
# Far more than any holiday lasts: a search that gets this far has a bug, not a long holiday.
_SEARCH_LIMIT = 60


def _workday_checker() -> tuple[Callable[[dt.date], bool], list[bool]]:
    """`is_workday` with a Monday-to-Friday fallback for years the package has no data for.

    The second value is a one-item flag list, set when the fallback was used, so the caller
    can tell the clerk to check the period by hand.
    """
    import chinese_calendar  # imported here: it is only needed by `new --from`

    fell_back = [False]

    def is_workday(day: dt.date) -> bool:
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:  # the package only knows the years it was released for
            fell_back[0] = True
            return day.weekday() < 5

    return is_workday, fell_back


def next_period(prev_end: dt.date) -> tuple[dt.date, dt.date, bool]:
    """The working week after a period ending on prev_end: (start, end, used_fallback).

    start is the first working day after prev_end; the anchor is the first Monday-to-Friday
    working day on or after start, and end the last working day of the anchor's Monday-to-Sunday
    week. used_fallback is True when the official calendar did not cover a year and Monday to
    Friday was assumed.
    """
    is_workday, fell_back = _workday_checker()

    start = _first(prev_end + ONE_DAY, is_workday)
    anchor = _first(start, lambda day: day.weekday() < 5 and is_workday(day))
    # The anchor's Monday-to-Sunday week ends the period; its days before the anchor cannot.
    rest_of_week = (anchor + dt.timedelta(days=n) for n in range(7 - anchor.weekday()))
    end = max(day for day in rest_of_week if is_workday(day))
    return start, end, fell_back[0]


def _first(day: dt.date, wanted: Callable[[dt.date], bool]) -> dt.date:
    for _ in range(_SEARCH_LIMIT):
        if wanted(day):
            return day
        day += ONE_DAY
    raise AssertionError(f"no working day within {_SEARCH_LIMIT} days of {day}")
