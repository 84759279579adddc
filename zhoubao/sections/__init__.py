"""Section types: one module each, registered in `TYPES`. Adding a type is one new module here,
its line in `TYPES`, and its page in docs/kinds.md; no other module names a type."""

from __future__ import annotations

from typing import Any

from zhoubao.errors import ZhoubaoError
from zhoubao.sections.base import Section
from zhoubao.sections.checklist import CheckItem, Checklist, Finding
from zhoubao.sections.entries import Entries, News
from zhoubao.sections.paragraph import ParagraphSection, free_text
from zhoubao.sections.part import Part
from zhoubao.sections.statistics import Category, Column, Rate, Statistics, increments
from zhoubao.sections.visits import Visit, Visits
from zhoubao.validate import array, table

TYPES: dict[str, type[Section]] = {
    cls.TYPE: cls for cls in (Part, Statistics, Entries, Visits, Checklist, ParagraphSection)
}


def type_of(d: Any, where: str = "栏目") -> type[Section]:
    """The section type a file's table names in its `type` key."""
    name = d.get("type") if isinstance(d, dict) else None
    if name not in TYPES:
        raise ZhoubaoError(f"{where}的类型 {name!r} 未知：可用类型为 {'、'.join(TYPES)}")
    return TYPES[name]


def read_section(d: Any, path: tuple[int, ...], parent: str = "") -> Section:
    """A section (and its sub-sections, of any type) from the issue file's table, validated."""
    where = f"第{path[-1] + 1}个{'子' if parent else ''}栏目"
    d = table(d, where)
    cls = type_of(d, where)
    section = cls.read(d, where, path)
    if d.get("sub"):
        if not cls.HAS_SUBS:
            raise ZhoubaoError(
                f"{section_where(section, where)}是{cls.NAME}栏目，不能有子栏目：请把子栏目放到条目栏目下"
            )
        section.subs = [
            read_section(s, path + (j,), section.title)
            for j, s in enumerate(array(d["sub"], f"{section_where(section, where)}的 sub"))
        ]
    return section


def section_where(section: Section, where: str) -> str:
    return f"栏目“{section.title}”" if section.title else where


def clear_week(section_table: Any) -> None:
    """Empty what belongs to one week in a section's table and its sub-sections' (tomlkit tables)."""
    type_of(section_table).clear_week(section_table)
    for sub in section_table.get("sub", []):
        clear_week(sub)


def sample(section_table: dict[str, Any]) -> None:
    """One of everything in a section's table and its sub-sections', to exercise every template."""
    type_of(section_table).sample(section_table)
    for sub in section_table.get("sub", []):
        if isinstance(sub, dict):
            sample(sub)


def keep_structure_only(section_table: dict[str, Any]) -> None:
    """Take out what a section's table and its sub-sections' would print, keeping their structure
    (import: a section of the kind the old bulletin lacks)."""
    type_of(section_table).keep_structure_only(section_table)
    for sub in section_table.get("sub", []):
        keep_structure_only(sub)


__all__ = [
    "TYPES",
    "Category",
    "CheckItem",
    "Checklist",
    "Column",
    "Entries",
    "Finding",
    "News",
    "ParagraphSection",
    "Part",
    "Rate",
    "Section",
    "Statistics",
    "Visit",
    "Visits",
    "clear_week",
    "free_text",
    "increments",
    "keep_structure_only",
    "read_section",
    "sample",
    "type_of",
]
