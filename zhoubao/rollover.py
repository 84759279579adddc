"""Week to week: the next issue from last week's.

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
from zhoubao.model import Issue, next_numbers
from zhoubao.sections import type_of


def _empty_week(section_table: Any) -> None:
    """What belongs to one week goes; each section type knows what that is."""
    type_of(section_table).clear_week(section_table)


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
    auto_year, auto_number, auto_total = next_numbers(previous, period[0].year)
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
