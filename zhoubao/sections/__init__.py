"""Section types: one module each, registered in `TYPES`. Adding a type is one new module here,
its line in `TYPES`, and its page in docs/kinds.md; no other module names a type."""
from __future__ import annotations

from typing import Any

from zhoubao.errors import ZhoubaoError
from zhoubao.sections.base import Section
from zhoubao.sections.checklist import CheckItem, Checklist, Finding
from zhoubao.sections.entries import Entries, News
from zhoubao.sections.paragraph import ParagraphSection
from zhoubao.sections.part import Part
from zhoubao.sections.statistics import Category, Column, Rate, Statistics, increments
from zhoubao.sections.visits import Visit, Visits
from zhoubao.values import table

TYPES: dict[str, type[Section]] = {cls.TYPE: cls for cls in
                                   (Part, Statistics, Entries, Visits, Checklist, ParagraphSection)}


def type_of(d: Any, where: str = "栏目") -> type[Section]:
    """The section type a file's table names in its `type` key."""
    name = d.get("type") if isinstance(d, dict) else None
    if name not in TYPES:
        raise ZhoubaoError(f"{where}的类型 {name!r} 未知：可用类型为 {'、'.join(TYPES)}")
    return TYPES[name]


def read_section(d: Any, path: tuple[int, ...], parent: str = "") -> Section:
    """A section (and its sub-sections) from the issue file's table, validated."""
    where = f"第{path[-1] + 1}个{'子' if parent else ''}栏目"
    d = table(d, where)
    return type_of(d, where).read(d, where, path)


__all__ = ["TYPES", "Category", "CheckItem", "Checklist", "Column", "Entries", "Finding", "News", "ParagraphSection",
           "Part", "Rate", "Section", "Statistics", "Visit", "Visits", "increments", "read_section", "type_of"]
