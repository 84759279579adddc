"""Dates as the bulletin prints them and as clerks type them.

Printed dates are never zero-padded (`2022年9月1日`, format.md T3) and a period uses an em
dash (`（9月26日—9月30日）`). Typed dates come from options and issue files, so every parse
failure is a `ZhoubaoError` whose one Chinese line names the bad value and the fix.

A command uses one or two of these patterns, so each regular expression is compiled on first use
(a process is one command: start-up counts), not at import.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from zhoubao.errors import ZhoubaoError
from zhoubao.validate import nfkc

DATE_FORMAT_HINT = "YYYY-MM-DD，例如 2022-09-26（也可写 2022年9月26日、20220926，或只写 9月26日）"
PERIOD_FORMAT_HINT = "YYYY-MM-DD..YYYY-MM-DD，例如 2022-09-26..2022-09-30"


def cn_date(day: dt.date) -> str:
    """`2022年11月1日`: the masthead date and dates in running text."""
    return f"{day.year}年{day.month}月{day.day}日"


def cn_month_day(day: dt.date) -> str:
    """`9月26日`: news items and visits carry no year, the issue line does."""
    return f"{day.month}月{day.day}日"


def cn_period(start: dt.date, end: dt.date) -> str:
    """The period line under a part title: `（9月26日—9月30日）`.

    Both ends name their month even when it is the same, as the seed does. A period across
    New Year names the year on both ends (`（2022年12月26日—2023年1月6日）`), and a one-day
    period prints that day alone (`（9月26日）`) rather than a range to itself.
    """
    if end < start:
        raise ZhoubaoError(
            f"期间 {start.isoformat()}..{end.isoformat()} 的结束日期早于开始日期：请把较早的日期写在前面"
        )
    if start == end:
        return f"（{cn_month_day(start)}）"
    if start.year != end.year:
        return f"（{cn_date(start)}—{cn_date(end)}）"
    return f"（{cn_month_day(start)}—{cn_month_day(end)}）"


# A number in Arabic or Chinese numerals, as a date part.
_NUM = r"(?:\d{1,2}|[〇零一二三四五六七八九十]{1,3})"


@functools.cache
def _leading_date_re() -> re.Pattern[str]:
    return re.compile(
        rf"^\s*(?:(?:\d{{4}}|[〇零一二三四五六七八九]{{4}})\s*年\s*)?{_NUM}\s*月\s*"
        rf"(?:{_NUM}\s*[日号]|[上中下]旬|初|底|末|份)"
    )


def starts_with_date(text: str) -> bool:
    """Whether a news text already opens with its date, so none is put in front of it.

    A date here names a month and a day, with or without a year, in Arabic or Chinese
    numerals: `9月28日`, `2022年9月28日`, `9月28日至29日`, `九月二十八日`; a part of a month
    (`9月下旬`, `9月底`, `9月份`) counts too, since `9月26日，9月下旬，…` would read wrong. A bare day
    (`28日`) does not count: `30日内办结` is a time limit, not a date.
    """
    return _leading_date_re().match(text) is not None


@functools.cache
def _leading_month_day_re() -> re.Pattern[str]:
    return re.compile(r"^\s*(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]\s*[，,]?")


def leading_month_day(text: str) -> tuple[int | None, int, int, int] | None:
    """(year or None, month, day, where it ends with the `，` after it) of the date in Arabic
    digits a text opens with (`9月20日，…`); None when it opens with none."""
    found = _leading_month_day_re().match(text)
    if found is None:
        return None
    year, month, day = found.groups()
    return (int(year) if year else None), int(month), int(day), found.end()


def opening_date(text: str, start: dt.date, end: dt.date) -> dt.date | None:
    """The date a typed text opens with (`9月20日，3号窗口…`, full-width digits too), in the year
    nearest the period start..end; None when it opens with none."""
    found = leading_month_day(nfkc(text))
    if found is None:
        return None
    year, month, day, _end = found
    return dated_near(year, month, day, start, end)


def dated_near(year: int | None, month: int, day: int, start: dt.date, end: dt.date) -> dt.date | None:
    """A date read from a text near the period start..end: with its year as written, else in the
    year that puts it nearest the period; None where the numbers make no date (2月30日)."""
    return valid_date(year, month, day) if year is not None else date_near(month, day, start, end)


def valid_date(year: int, month: int, day: int) -> dt.date | None:
    """The date read from a printed text, or None where the numbers make none (2月30日)."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def date_near(month: int, day: int, start: dt.date, end: dt.date | None = None) -> dt.date | None:
    """A month and day printed without a year, in the year that puts them nearest start..end.

    `12月30日` near a period in early January is last year's; `1月2日` near late December, next year's.
    """
    end = end or start
    found = [d for year in range(start.year - 1, end.year + 2) if (d := valid_date(year, month, day))]
    if not found:
        return None
    return min(found, key=lambda d: 0 if start <= d <= end else min(abs((d - start).days), abs((d - end).days)))


@functools.cache
def _iso_re() -> re.Pattern[str]:
    return re.compile(r"(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})")


@functools.cache
def _chinese_re() -> re.Pattern[str]:
    return re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")


def _one_line(value: str) -> str:
    """The value as typed, on one line, for an error message."""
    return " ".join(value.split())


def parse_date(value: str, near: tuple[dt.date, dt.date] | None = None) -> dt.date:
    """A date typed as `2022-09-26`, `2022/9/26`, `2022.9.26`, `20220926` or `2022年9月26日`; with
    `near` (the issue's period) also a month and day alone (`9月26日`, `9-26`), in the year that
    puts it nearest the period.

    Full-width digits and separators from a Chinese input method are accepted (NFKC), and
    so is a missing zero (`2022-9-26`): that is how dates look in the Word files clerks copy from.
    """
    typed = _one_line(value)
    text = nfkc(value).strip()
    match = _iso_re().fullmatch(text) or _chinese_re().fullmatch(text) or _compact_re().fullmatch(text)
    if match is None:
        short = _month_day_re().fullmatch(text)
        if short is None:
            raise ZhoubaoError(f"日期 {typed or '（空）'} 格式不对：请写成 {DATE_FORMAT_HINT}")
        month, day = int(short.group(1)), int(short.group(2) or short.group(3))
        if near is None:
            raise ZhoubaoError(f"日期 {typed} 没有年份：请写成 YYYY-{month:02d}-{day:02d}")
        found = date_near(month, day, *near)
        if found is None:
            raise ZhoubaoError(f"日期 {typed} 不存在：请写成存在的日期，格式 YYYY-MM-DD")
        return found
    year, month, day = (int(part) for part in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ZhoubaoError(f"日期 {typed} 不存在：请写成存在的日期，格式 YYYY-MM-DD") from None


@functools.cache
def _compact_re() -> re.Pattern[str]:
    return re.compile(r"(\d{4})(\d{2})(\d{2})")


@functools.cache
def _month_day_re() -> re.Pattern[str]:
    return re.compile(r"(\d{1,2})\s*(?:月\s*(\d{1,2})\s*[日号]?|[-/.]\s*(\d{1,2}))")


@functools.cache
def _period_separator_re() -> re.Pattern[str]:
    return re.compile(r"\s*(?:\.\.|~|至|—)\s*")


def parse_period(value: str) -> tuple[dt.date, dt.date]:
    """A period typed as `2022-09-26..2022-09-30` (also `~`, `至` or `—` between the dates).

    The end may equal the start (a one-day week after a holiday) but not precede it.
    """
    typed = _one_line(value)
    text = nfkc(value).strip()
    parts = _period_separator_re().split(text)
    if len(parts) != 2 or not all(parts):
        raise ZhoubaoError(f"期间 {typed or '（空）'} 格式不对：请写成 {PERIOD_FORMAT_HINT}")
    start, end = parse_date(parts[0]), parse_date(parts[1])
    if end < start:
        raise ZhoubaoError(f"期间 {typed} 的结束日期早于开始日期：请把较早的日期写在前面，{PERIOD_FORMAT_HINT}")
    return start, end


def week_of(day: dt.date) -> tuple[dt.date, dt.date]:
    """Monday to Friday of the week that holds `day`: the period a first issue is given when none is
    typed (`new`), and the one an imported bulletin without a period line is given (the week
    before its date)."""
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=4)
