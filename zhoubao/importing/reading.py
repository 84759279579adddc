"""What a section type's import hook asks of any reader of typed paragraphs (zhoubao/sections/base.py
`Reading`), the same for the structure walk of an imported .docx (walk.py) and for the windows'
submissions (collect.py): an item's text without its number, a typed date near the issue's period,
a title matched among candidates, a visitor's unit, post and name, a window's name."""

from __future__ import annotations

import datetime as dt
from typing import Any

from zhoubao.dates import dated_near
from zhoubao.importing.text import best_match, without_item_number
from zhoubao.importing.visitors import split_lead, split_visitor
from zhoubao.importing.windows import split_window


class ItemReading:
    """The reader's tools the section types share; a reader says which period its items are dated in."""

    def period_bounds(self) -> tuple[dt.date, dt.date]:
        raise NotImplementedError

    def item_text(self, text: str) -> str:
        return without_item_number(text)

    def entry_date(self, year: str | None, month: str, day: str) -> dt.date | None:
        """A date typed in an item: with its year as typed, else the year that puts it nearest the period."""
        return dated_near(int(year) if year else None, int(month), int(day), *self.period_bounds())

    def match(self, name: str, candidates: list[tuple[str, Any]]) -> tuple[Any, bool] | None:
        return best_match(name, candidates)

    def split_visitor(self, text: str) -> tuple[str, str, str, str] | None:
        return split_visitor(text)

    def split_lead(self, text: str) -> tuple[str, str, str] | None:
        return split_lead(text)

    def split_window(self, text: str, between: str) -> tuple[str, str] | None:
        return split_window(text, between)
