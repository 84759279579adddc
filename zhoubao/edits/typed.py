"""What a clerk types, read as the edits need it: a date without a year (placed by the issue's
period), a `名称=值` pair, a whole number. One reading each, for every command that takes one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from zhoubao import store
from zhoubao.errors import ZhoubaoError


def typed_date(value: str | None, issue_path: Path | None = None) -> dt.date | None:
    """A typed date; a month and day alone (`9月26日`) take the year that puts them nearest the
    period of the issue at `issue_path`. None stays None."""
    from zhoubao.dates import parse_date

    if value is None:
        return None
    digits = sum(ch.isdigit() for ch in value)
    near = period_of(issue_path) if issue_path is not None and digits <= 4 else None  # no year typed
    return parse_date(value, near)


def period_of(issue_path: Path) -> tuple[dt.date, dt.date] | None:
    """The period an issue file's head gives, read without validating the rest of the file."""
    head = store.load_plain(issue_path).get("issue", {})  # a broken file is told as such, not as a date
    start, end = head.get("period_start"), head.get("period_end")
    return (start, end) if isinstance(start, dt.date) and isinstance(end, dt.date) else None


def typed_pair(text: str, flag: str, shape: str) -> tuple[str, str]:
    """`名称=值` as typed after `flag` (`--value 金额=3.45`, `--label 办结=累计办结`): the name and the
    value, both stripped; `shape` says how it is written when it is not (`列名=数字，如 金额=3.45`)."""
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise ZhoubaoError(f"{flag} “{text}”格式不对：应写成 {shape}")
    return name.strip(), value


def whole_number(text: str, what: str) -> int:
    """A typed whole number (`34`, `０`, `-1`); the range it must lie in is the model's to check."""
    try:
        return int(text.strip())
    except ValueError:
        raise ZhoubaoError(f"{what}“{text}”不是整数：请改正") from None
