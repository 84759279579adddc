"""entries: news items (窗口工作动态), each with an id and an optional date; may hold sub-sections.

Items print `9月26日，…` when they have a date, and are numbered `（1）（2）` from two on.
Sub-sections print as `（一）title` headings, numbered among those that have content.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import field
from typing import TYPE_CHECKING, Any

from zhoubao import dates
from zhoubao.errors import ZhoubaoError
from zhoubao.sections.base import Context, Reading, Report, Section
from zhoubao.validate import Record, array, check_date, check_text, integer, record, table

if TYPE_CHECKING:
    from rich.tree import Tree

    from zhoubao.outline import Block

SAMPLE_DAY = dt.date(2022, 9, 28)
# The date a news item starts with, as printed or typed: `9月26日`, `2022年9月26日`, `9月26号`.
LEADING_DATE = r"^(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]"


def leading_date(text: str, date_of: Callable[[str | None, str, str], dt.date | None]) -> tuple[dt.date | None, str]:
    """The date a news text opens with and the text to keep, however the text came (typed to
    add-news, collected from a window's file, read back from a bulletin): a plain `9月26日，` comes
    off, as `News.bulletin_text` puts it back; a date with its year, or one the text goes on from
    (`9月26日至27日，`), stays in the text too. `date_of(year, month, day)` places a date typed
    without its year; (None, text) when the text opens with no date."""
    m = re.match(LEADING_DATE, text)
    date = date_of(*m.groups()) if m else None
    if m is None or date is None:
        return None, text
    rest = text[m.end() :]
    if not m.group(1) and rest[:1] in ("，", ","):
        rest = rest[1:].strip()
        if rest and not dates.starts_with_date(rest):
            return date, rest
    return date, text


@record
class News(Record):
    """A news item: its text, and the date put in front of it when it has one."""

    id: int
    text: str
    date: dt.date | None = None
    source: str = ""  # the file `collect` read it from (收稿/自然资源窗口.docx); never printed

    @classmethod
    def from_dict(cls, d: dict, where: str) -> News:
        d = table(d, where)
        date = check_date(d["date"], f"{where}的日期") if "date" in d else None
        return cls(
            id=integer(d.get("id"), f"{where}的编号"),
            text=check_text(d.get("text"), f"{where}的正文"),
            date=date,
            source=check_source(d, where),
        )

    def bulletin_text(self) -> str:
        """The item as printed: `9月26日，` in front when it has a date; its paragraphs joined by newlines."""
        from zhoubao.sections.typeset import paragraphs_of

        text = "\n".join(paragraphs_of(self.text))
        if self.date is not None and not dates.starts_with_date(text):
            return f"{dates.cn_month_day(self.date)}，{text}"
        return text

    def printed_date(self, start: dt.date, end: dt.date) -> dt.date | None:
        """The date the bulletin prints for the item: the one its text opens with, else its own."""
        return dates.opening_date(self.text, start, end) or self.date

    def fields(self) -> dict[str, Any]:
        return {"text": self.text, "date": self.date}

    def content(self) -> str:
        """What the entry says, as `entries` lists it."""
        return self.text

    def show_line(self) -> str:
        date = f"{self.date} " if self.date else ""
        return f"{date}{short(self.text)}"


def check_source(d: dict, where: str) -> str:
    """An entry's `source`: the file it was collected from, a short line of text."""
    source = check_text(d.get("source", ""), f"{where}的来源文件", allow_empty=True)
    if len(source) > 500 or "\n" in source:
        raise ZhoubaoError(f"{where}的来源文件应为一行文件名（不超过 500 个字符）：请改正或删去 source")
    return source


def clashing_dates(printed: dt.date | None, own: dt.date, entry_id: int) -> str:
    """An item whose text opens with another date than its own: the text's is the one printed."""
    return (
        f"正文开头的日期 {printed} 与条目的日期 {own} 不同，印出的是正文开头的日期：请核对，"
        f"用 zhoubao edit {entry_id} 改正正文或日期"
    )


def short(text: str, width: int = 60) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


@record
class EntrySection(Section):
    """What news and visit sections share: numbered items with ids, dated within the period."""

    WEEKLY_KEYS = ("entry",)
    entries: list[Any] = field(default_factory=list)  # type: ignore[misc,assignment]

    def compose_items(self, ctx: Context) -> list[Block]:
        from zhoubao.sections.typeset import numbered

        return list(numbered([self.bulletin_text(entry) for entry in self.entries], ctx.numbering[2]))

    def bulletin_text(self, entry: Any) -> str:
        """`entry` as this section prints it (a visit in the section's lead), without its number."""
        return entry.bulletin_text()

    def has_content(self) -> bool:
        return bool(self.entries) or super().has_content()

    def check(self, ctx: Context, error: Report, warn: Report) -> None:
        start, end = ctx.period
        for entry in self.entries:
            where = f"栏目“{self.title}”条目 #{entry.id}"
            day = entry.printed_date(start, end)
            if entry.date is not None and day != entry.date:
                warn(where, clashing_dates(day, entry.date, entry.id))
            if day is not None and not start <= day <= end:
                warn(where, f"日期 {day} 不在本期期间 {start} 至 {end} 内")

    def texts(self) -> Iterator[tuple[str, str]]:
        for entry in self.entries:
            for text in entry.fields().values():
                if isinstance(text, str):
                    yield f"栏目“{self.title}”条目 #{entry.id}", text

    def show(self, node: Tree, ctx: Context) -> None:
        from rich.text import Text

        for entry in self.entries:
            line = Text(f"#{entry.id}", style="cyan")
            line.append(f" {entry.show_line()}")
            if entry.source:
                line.append(f"  ← {entry.source}", style="dim")
            node.add(line)

    def is_empty_for_show(self) -> bool:
        return not self.entries and not self.subs


@record
class Entries(EntrySection):
    """News items, and sub-sections of any type under `（一）` headings."""

    TYPE = "entries"
    NAME = "条目"
    HOLDS = "news"
    COMMAND = "add-news"
    HAS_SUBS = True

    @classmethod
    def read(cls, d: dict[str, Any], where: str, path: tuple[int, ...]) -> Entries:
        """The section's own entries; its sub-sections are read by the registry (any type)."""
        title, where, options = cls.common(d, where)
        entries = [News.from_dict(e, f"{where}的第{i}条") for i, e in enumerate(array(d.get("entry"), where), 1)]
        return cls(title=title, path=path, options=options, entries=entries)

    def compose_body(self, ctx: Context) -> list[Block]:
        from zhoubao.sections.typeset import left_out, level2_heading, placeholder

        out = self.compose_items(ctx)
        level2 = 0
        for sub in self.subs:
            told = len(ctx.warnings)
            body = sub.compose_body(ctx)
            if not body:
                del ctx.warnings[told:]  # the sub-section's, not each of its parts'
                if sub.options.get("required", True) is False:
                    continue
                ctx.warnings.append(left_out(ctx.draft, f"栏目“{sub.title}”没有内容"))
                if not ctx.draft:
                    continue
                body = [placeholder()]
            level2 += 1
            out.append(level2_heading(level2, sub.title, ctx.numbering[1]))
            out.extend(body)
        return out

    @classmethod
    def sample(cls, section_table: dict[str, Any]) -> None:
        if not section_table.get("sub"):
            section_table["entry"] = [{"id": 1, "date": SAMPLE_DAY, "text": "示例正文。"}]

    @classmethod
    def place(cls, reader: Reading, section_table: dict[str, Any], text: str) -> bool:
        """Any paragraph is a news item. A leading `9月26日，` becomes its date (what `News.bulletin_text`
        puts back); a date with its year, or one the text goes on from, stays in the text too."""
        body = reader.item_text(text)
        entries = section_table.get("entry", [])
        if entries and body == text.strip() and not re.match(LEADING_DATE, body):
            # No item number and no date after an item: the item's next paragraph (compose prints
            # an item of several paragraphs this way), not an item of its own.
            entries[-1]["text"] = f"{entries[-1]['text']}\n{body}"
            return True
        entry: dict[str, Any] = {"id": 0}
        date, body = leading_date(body, reader.entry_date)
        if date is not None:
            entry["date"] = date
        entry["text"] = body
        section_table.setdefault("entry", []).append(entry)
        return True
