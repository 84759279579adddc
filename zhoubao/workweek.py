"""The next working week, by China's official calendar, for `zhoubao new --from`.

The rule: the period starts on the first working day after the last
period and ends on the last working day of the Monday-to-Sunday week that starts on or after
that day. Holidays and make-up working days (调休) come from the `chinese_calendar` package;
a week after the National Day holiday therefore starts on the make-up Saturday 2022-10-08 and
runs to Friday 2022-10-14.
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

    start is the first working day after prev_end. The week is the Monday-to-Sunday week
    that starts on or after start (start itself when it is a Monday), and end is its last
    working day, so make-up days before a Monday join the week that follows. Should that
    week hold no working day at all, the following week is taken. used_fallback is True when
    the official calendar did not cover a year and Monday to Friday was assumed.
    """
    is_workday, fell_back = _workday_checker()

    start = prev_end + ONE_DAY
    for _ in range(_SEARCH_LIMIT):
        if is_workday(start):
            break
        start += ONE_DAY
    else:
        raise AssertionError(f"no working day within {_SEARCH_LIMIT} days after {prev_end}")

    monday = start + dt.timedelta(days=(7 - start.weekday()) % 7)
    for _ in range(_SEARCH_LIMIT // 7):
        week = [monday + dt.timedelta(days=offset) for offset in range(7)]
        workdays = [day for day in week if is_workday(day)]
        if workdays:
            return start, workdays[-1], fell_back[0]
        monday += dt.timedelta(days=7)
    raise AssertionError(f"no working week within {_SEARCH_LIMIT} days after {start}")
