"""Week to week: the next issue from last week's, and finding an issue's predecessor.

`new --from LAST.toml` copies last week's file as a tomlkit document, so its structure,
templates, distribution, copies and whatever comments the clerk wrote carry over, then empties
what belongs to one week only: entries, figures and inspection results.
"""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from zhoubao import store
from zhoubao.errors import ZhoubaoError
from zhoubao.model import Issue

WEEKLY_KEYS = ("entry",)  # per-section keys that hold one week's content


def next_numbers(previous: Issue, period_start: dt.date) -> tuple[int, int, int]:
    """(year, number, total): the number restarts at 1 when the period starts in a new year."""
    if period_start.year > previous.year:
        return period_start.year, 1, previous.total + 1
    return previous.year, previous.number + 1, previous.total + 1


def _empty_week(section: Any) -> None:
    for key in WEEKLY_KEYS:
        if key in section:
            del section[key]
    for key in ("since", "as_of"):
        if key in section:
            del section[key]
    for category in section.get("category", []):
        if "values" in category:
            category["values"].clear()
    for item in section.get("item", []):
        for key in ("result", "finding"):
            if key in item:
                del item[key]
    for sub in section.get("sub", []):
        _empty_week(sub)


def new_from(path: Path, previous_path: Path, *, number: int | None = None, total: int | None = None,
             year: int | None = None, date: dt.date | None = None,
             period: tuple[dt.date, dt.date] | None = None, force: bool = False) -> tuple[Issue, list[str]]:
    """Write the issue after `previous_path`; returns it and any notes for the clerk."""
    from zhoubao.workweek import next_period

    notes = []
    doc, previous = store.load_document(previous_path)
    if period is None:
        start, end, fallback = next_period(previous.period_end)
        period = (start, end)
        if fallback:
            notes.append(f"节假日数据不含 {start.year} 年，本期期间按周一至周五计算：如有调休请用 --period 指定")
    auto_year, auto_number, auto_total = next_numbers(previous, period[0])
    head = doc["issue"]
    head["year"] = year if year is not None else auto_year
    head["number"] = number if number is not None else auto_number
    head["total"] = total if total is not None else auto_total
    head["date"] = date or dt.date.today()
    head["period_start"], head["period_end"] = period
    head["previous"] = Path(os.path.relpath(previous_path.resolve(), path.resolve().parent)).as_posix()
    for section in doc.get("section", []):
        _empty_week(section)
    store.create(path, doc, force=force)
    return Issue.from_dict(doc.unwrap()), notes


def previous_of(issue_path: Path, issue: Issue) -> tuple[Issue | None, str]:
    """The predecessor an issue names, and a note when it names one that cannot be read."""
    if not issue.previous:
        return None, ""
    path = (issue_path.parent / issue.previous)
    try:
        return store.load_issue(path), ""
    except ZhoubaoError as e:
        return None, f"无法读取上一期 {issue.previous}（{e.message}）"
