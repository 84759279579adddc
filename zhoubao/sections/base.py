"""What every section type is: a data class with its own validation, compose step, content check,
weekly clearing, show lines, sample content and import placing, behind one interface.

A section type is one module in this package, a subclass of `Section`, registered in
`zhoubao/sections/__init__.py`. Nothing outside this package names a type: the rest of the
program asks a section what it holds (`HOLDS`) and lets it do its own part.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import field
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from zhoubao.errors import ZhoubaoError
from zhoubao.validate import Record, check_text, record

if TYPE_CHECKING:
    from rich.tree import Tree

    from zhoubao.outline import Block

Report = Callable[[str, str], None]  # (where, message)


class IssueView(Protocol):
    """What a section type reads of the issue around it (zhoubao.model.Issue is one): the section
    types never import the model, which is built of them."""

    @property
    def year(self) -> int: ...
    @property
    def number(self) -> int: ...
    @property
    def period_start(self) -> dt.date: ...
    @property
    def period_end(self) -> dt.date: ...
    @property
    def cadence(self) -> str: ...
    @property
    def previous(self) -> str: ...  # the previous issue's file, as the head names it
    @property
    def layout(self) -> dict[str, Any]: ...
    def all_sections(self) -> list[Section]: ...


@record
class Context(Record):
    """What a section type needs from the issue around it while composing, checking or showing."""

    issue: IssueView
    previous: IssueView | None = None  # the predecessor, for week-on-week figures and 环比
    year_before: IssueView | None = None  # the same period a year earlier, for 同比
    warnings: list[str] = field(default_factory=list)  # what compose left out and why
    draft: bool = False  # a 送审稿: what is still missing shows as （待填写） instead of being left out

    @property
    def period(self) -> tuple[dt.date, dt.date]:
        return self.issue.period_start, self.issue.period_end

    @property
    def numbering(self) -> tuple[str, str, str]:
        """The kind's numbering of section headings, sub-sections and inspection items, and items."""
        from zhoubao.numerals import DEFAULT_NUMBERING, read_numbering

        chosen = self.issue.layout.get("numbering")
        return DEFAULT_NUMBERING if chosen is None else read_numbering(chosen)


class Reading(Protocol):
    """What a section type's import hooks (`place`, `settle`) get from the walk that reads an old
    bulletin (zhoubao/importing/walk.py): tools for reading printed text back, a place to keep
    what a section gathers, and a way to tell the clerk what to check."""

    def hint(self, message: str) -> None:
        """A line for the clerk: what was not placed as typed, and what to check."""

    def state(self, section_table: dict[str, Any]) -> dict[str, Any]:
        """Scratch space for one section, kept from its first paragraph to `settle`."""

    def item_text(self, text: str) -> str:
        """The paragraph without the item number compose puts back (`（2）`, `2.`)."""

    def entry_date(self, year: str | None, month: str, day: str) -> dt.date | None:
        """A date typed in an item; without a year, the year that puts it nearest the period."""

    def match(self, name: str, candidates: list[tuple[str, Any]]) -> tuple[Any, bool] | None:
        """The candidate a typed name stands for, and whether exactly, as headings are matched."""

    def split_visitor(self, text: str) -> tuple[str, str, str, str] | None:
        """(unit, post, name, the rest) of a visit's lead and text; None when unsure."""

    def split_lead(self, text: str) -> tuple[str, str, str] | None:
        """(unit, post, name) when nothing follows the name; None when unsure."""

    def split_window(self, text: str, between: str) -> tuple[str, str] | None:
        """(window, text) of one printed finding, `between` being what the finding template prints
        between them (`：`, or nothing); None when no window's name starts `text`."""

    def composed_paragraphs(self, section_table: dict[str, Any]) -> list[str]:
        """The paragraphs a section of this table prints in the issue being imported."""

    def note(self, section_table: dict[str, Any], line: str) -> None:
        """A comment line to keep in the issue file with the section."""


MAX_KEYWORDS = 100


def check_keywords(value: Any, where: str) -> list[str]:
    """`keywords = ["营商环境", …]`: words by which `collect` places a submission without a 栏目 line."""
    if not isinstance(value, list) or len(value) > MAX_KEYWORDS:
        raise ZhoubaoError(f'{where}的 keywords 应为不超过 {MAX_KEYWORDS} 个词的列表，如 keywords = ["营商环境"]')
    for word in value:
        if not isinstance(word, str) or not word.strip() or len(word) > 50 or word != word.strip():
            raise ZhoubaoError(
                f"{where}的 keywords 中的 {word!r} 不是一个词：每个关键词应为 1—50 个字、前后无空格的文字"
            )
    if len(set(value)) < len(value):
        raise ZhoubaoError(f"{where}的 keywords 中有重复的词：请删去重复的")
    return value


@record
class Section(Record):
    """A section of the bulletin: a title, where it sits in the file, and what the kind added."""

    TYPE: ClassVar[str] = ""  # the `type` key in the file
    NAME: ClassVar[str] = ""  # what the clerk sees (show, messages)
    HOLDS: ClassVar[str] = ""  # what the editing commands put in: news, visit, text, figures, results
    COMMAND: ClassVar[str] = ""  # the command that fills it, for "use add-visit here" hints
    KEYS: ClassVar[frozenset[str]] = frozenset()  # the type's own keys in the file (others go to options)
    WEEKLY_KEYS: ClassVar[tuple[str, ...]] = ()  # keys holding one week's content, cleared for the next issue
    TEMPLATES: ClassVar[dict[str, str]] = {}  # template keys, and how messages name each (的来访导语)
    HAS_SUBS: ClassVar[bool] = False
    TITLE_REQUIRED: ClassVar[bool] = True
    IS_PART: ClassVar[bool] = False  # a part title: outside the 一、二、 numbering, found by its title alone

    title: str
    path: tuple[int, ...] = ()  # indices into the file: (section,) or (section, sub)
    options: dict[str, Any] = field(default_factory=dict)  # any other key the kind gave
    subs: list[Section] = field(default_factory=list)

    # Empty for the types that do not hold them; the types that do declare fields of these names.
    entries: ClassVar[tuple[Any, ...]] = ()
    items: ClassVar[tuple[Any, ...]] = ()
    categories: ClassVar[tuple[Any, ...]] = ()

    @property
    def type(self) -> str:
        return self.TYPE

    def walk(self) -> Iterator[Section]:
        yield self
        for sub in self.subs:
            yield from sub.walk()

    # -- reading and validating
    @classmethod
    def read(cls, d: dict[str, Any], where: str, path: tuple[int, ...]) -> Section:
        """The section of the file's table `d`; `where` names it in messages."""
        raise NotImplementedError

    @classmethod
    def common(cls, d: dict[str, Any], where: str) -> tuple[str, str, dict[str, Any]]:
        """(title, where, options): what every type reads the same way."""
        title = check_text(d.get("title", ""), f"{where}的标题", allow_empty=not cls.TITLE_REQUIRED)
        known = {"type", "title", "sub"} | cls.KEYS
        where = f"栏目“{title}”" if title else where
        if "keywords" in d:
            check_keywords(d["keywords"], where)
        return title, where, {k: v for k, v in d.items() if k not in known}

    # -- composing
    def compose_body(self, ctx: Context) -> list[Block]:
        """The blocks under the section's heading; empty when there is nothing to print."""
        return []

    def numbered_heading(self) -> bool:
        """Whether the section prints an `一、title` heading above its body."""
        return True

    def opens_part(self) -> str | None:
        """A part title restarts the level-1 numbering; None for every other type."""
        return None

    def part_blocks(self, ctx: Context) -> list[Block]:
        """The blocks of a part title (only for types whose `opens_part` is not None)."""
        return []

    def wants_year_before(self) -> bool:
        """Whether composing needs the issue of the same period a year earlier (同比)."""
        return any(sub.wants_year_before() for sub in self.subs)

    # -- checking
    def has_content(self) -> bool:
        return any(sub.has_content() for sub in self.subs)

    def check(self, ctx: Context, error: Report, warn: Report) -> None:
        """Errors and warnings about what the clerk filled in (missing figures, unset items …)."""

    def texts(self) -> Iterator[tuple[str, str]]:
        """(where, text) of everything a person typed into this section, for typography and glyphs."""
        return iter(())

    # -- the next issue
    @classmethod
    def clear_week(cls, section_table: Any) -> None:
        """Empty what belongs to one week in the file's table of this section (a tomlkit table)."""
        for key in cls.WEEKLY_KEYS:
            if key in section_table:
                del section_table[key]

    # -- kinds --check
    @classmethod
    def sample(cls, section_table: dict[str, Any]) -> None:
        """Fill a new issue's table of this section with one of everything, to exercise its templates."""

    # -- import: an old bulletin read back into the file's table of this section (zhoubao/importing/)
    @classmethod
    def place(cls, reader: Reading, section_table: dict[str, Any], text: str) -> bool:
        """Read one paragraph printed under this section back into its table; False when it is not
        one this type prints (the walk then keeps it as text that fits nowhere)."""
        return False

    @classmethod
    def settle(cls, reader: Reading, section_table: dict[str, Any]) -> None:
        """After the last paragraph: complete what `place` gathered, and hint at what is missing."""

    @classmethod
    def keep_structure_only(cls, section_table: dict[str, Any]) -> None:
        """Take out what the kind's defaults would print (an intro, a note): the bulletin lacks
        this section, which stays in the file for its structure and prints nothing."""

    @classmethod
    def headless(cls, section_table: dict[str, Any]) -> bool:
        """Whether a section of this table prints no heading, so a bulletin shows no title to find it by."""
        return False

    @classmethod
    def run_in_label(cls, section_table: dict[str, Any]) -> str:
        """The label a headless section's first paragraph starts with (`要求：`); "" for none."""
        return ""

    @classmethod
    def new_sub(cls, title: str) -> dict[str, Any]:
        """The table of a sub-section for a `（一）` heading the kind does not have (types with subs)."""
        return {"type": cls.TYPE, "title": title}

    # -- show
    def show(self, node: Tree, ctx: Context) -> None:
        """Add this section's lines under its node of the `show` tree (rich)."""

    def is_empty_for_show(self) -> bool:
        return False
