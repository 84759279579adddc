"""How often a series appears: weekly (the default), monthly or quarterly.

A kind says `cadence = "monthly"` (or `"quarterly"`); its issues carry it in their head. Then
`new` proposes the last complete month (quarter) as the period, `new --from` rolls to the next
calendar month (quarter), `check` warns of a period that is not a whole one, and the part's
period line can print it as such bulletins do: `3月份`, `1-3月`, `第二季度`. The 期号 restarts
with the year and the 总期号 runs on, as for a weekly series (`model.next_numbers`). Pure: no I/O.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from zhoubao.dates import week_of
from zhoubao.errors import ZhoubaoError
from zhoubao.numerals import cn_number

WEEKLY, MONTHLY, QUARTERLY = "weekly", "monthly", "quarterly"
# What each is called for the clerk, and the unit a period of it is.
CADENCES = {WEEKLY: "每周", MONTHLY: "每月", QUARTERLY: "每季度"}
_UNIT = {MONTHLY: "整月", QUARTERLY: "整季度"}
QUARTER_NAMES = "一二三四"


def check_cadence(value: Any, where: str) -> str:
    """The cadence as written, or a Chinese error naming `where` it stands and what it may be."""
    if isinstance(value, str) and value in CADENCES:
        return value
    allowed = "、".join(f"{key}（{name}）" for key, name in CADENCES.items())
    raise ZhoubaoError(f"{where}的 cadence “{value}”不对：应为 {allowed} 之一")


# ----------------------------------------------------------------------------- months and quarters


def quarter_of(day: dt.date) -> int:
    """1 for January to March … 4 for October to December."""
    return (day.month - 1) // 3 + 1


def month_span(year: int, month: int) -> tuple[dt.date, dt.date]:
    """The first and last day of a calendar month (29 February in a leap year)."""
    import calendar

    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def quarter_span(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    """The first and last day of a calendar quarter."""
    return month_span(year, 3 * quarter - 2)[0], month_span(year, 3 * quarter)[1]


def span_of(cadence: str, day: dt.date) -> tuple[dt.date, dt.date]:
    """The whole month or quarter that holds `day` (for a weekly series, Monday to Friday of its week)."""
    if cadence == MONTHLY:
        return month_span(day.year, day.month)
    if cadence == QUARTERLY:
        return quarter_span(day.year, quarter_of(day))
    return week_of(day)


def next_span(cadence: str, previous_end: dt.date) -> tuple[dt.date, dt.date]:
    """The month (quarter) after the one in which the previous period ended: `new --from`.

    December rolls to January of the next year, the fourth quarter to the first. Raises
    OverflowError after December 9999, as date arithmetic does at the end of the calendar.
    """
    _first, last = span_of(cadence, previous_end)
    if last == dt.date.max:
        raise OverflowError("no period after December 9999")
    return span_of(cadence, last + dt.timedelta(days=1))


def last_complete(cadence: str, day: dt.date) -> tuple[dt.date, dt.date]:
    """The last whole month (quarter) before the one holding `day`: the period `new` proposes for
    an issue printed on `day`. A weekly series keeps its rule: the week that holds `day`."""
    if cadence not in _UNIT:
        return span_of(WEEKLY, day)
    first, _last = span_of(cadence, day)
    if first == dt.date.min:
        raise ZhoubaoError("没有早于公元1年1月的期间：请用 --period 给出本期期间")
    return span_of(cadence, first - dt.timedelta(days=1))


def is_whole(cadence: str, start: dt.date, end: dt.date) -> bool:
    """Whether start..end is one whole month (quarter); any period is right for a weekly series."""
    return cadence not in _UNIT or span_of(cadence, start) == (start, end)


def period_problem(cadence: str, start: dt.date, end: dt.date) -> str:
    """For `check`: why start..end is not a whole period of the cadence, and the fix; "" when it is."""
    if is_whole(cadence, start, end):
        return ""
    want = span_of(cadence, end)
    return (
        f"{start} 至 {end} 不是一个{_UNIT[cadence]}，而本简报{CADENCES[cadence]}一期：请核对，"
        f"如用 zhoubao set 期间 {want[0]}..{want[1]} 改正"
    )


# ----------------------------------------------------------------------------- the period as printed


def months_text(start: dt.date, end: dt.date) -> str:
    """The months a period covers: `3月`, `1-3月`; across a New Year `2022年12月-2023年2月`."""
    if (start.year, start.month) == (end.year, end.month):
        return f"{end.month}月"
    if start.year == end.year:
        return f"{start.month}-{end.month}月"
    return f"{start.year}年{start.month}月-{end.year}年{end.month}月"


def period_names(start: dt.date, end: dt.date, cadence: str, period: str) -> dict[str, Any]:
    """The template variables that name a period as monthly and quarterly bulletins print it.

    `period` is the period as dates (`9月26日—9月30日`), which `period_name` falls back to when the
    period is not the whole month or quarter its cadence expects (and always for a weekly series).
    """
    quarter = quarter_of(end)
    if cadence == MONTHLY and is_whole(cadence, start, end):
        name = f"{end.month}月份"
    elif cadence == QUARTERLY and is_whole(cadence, start, end):
        name = f"第{QUARTER_NAMES[quarter - 1]}季度"
    else:
        name = period
    return {
        "period_name": name,
        "month": end.month,
        "month_cn": cn_number(end.month),  # 八月份, 十二月份
        "months": months_text(start, end),
        "cumulative_months": months_text(dt.date(end.year, 1, 1), end),
        "quarter": quarter,
        "quarter_cn": QUARTER_NAMES[quarter - 1],
    }
