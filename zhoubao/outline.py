"""The outline: what compose hands to the writer.

Plain frozen dataclasses, no behaviour. Every number and every piece of text is final here:
the writer only lays blocks out, it never numbers, formats dates or changes text.

Declared `@dataclass(frozen=True, repr=False, eq=False)` with `__repr__` and `__eq__` from
`validate.Record`, as the model's classes are (docs/performance.md): every render imports this
module, and generating those methods per class was most of its import. Outline objects are
compared, never hashed (Record leaves them unhashable, as a dict field made Outline anyway).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from zhoubao.validate import Record

# How a run of text is set. "body": the body font (仿宋); "bold": bold body font (a run-in
# label); "kai": the level-2 heading font (楷体); "hei": the level-1 heading font (黑体).
RunStyle = Literal["body", "bold", "kai", "hei"]


@dataclass(frozen=True, repr=False, eq=False)
class Run(Record):
    """A stretch of text in one style."""

    text: str
    style: RunStyle = "body"


@dataclass(frozen=True, repr=False, eq=False)
class Masthead(Record):
    """报头: everything above the red rule."""

    name: str  # the bulletin's name, red, 小标宋
    issue_lines: tuple[str, ...]  # ("2022年第33期（总第408期）",) or ("第33期", "（总第408期）")
    unit: str  # issuing unit, left
    date: str  # "2022年11月1日", right on the unit's line
    mark: str = ""  # optional top-left mark such as 内部资料　注意保存
    draft_mark: str = ""  # "送审稿" top right of page 1 on a draft render, else ""


@dataclass(frozen=True, repr=False, eq=False)
class PartTitle(Record):
    """A centred part title and its optional period line (（9月26日—9月30日）)."""

    title: str
    subtitle: str = ""


@dataclass(frozen=True, repr=False, eq=False)
class Heading(Record):
    """A heading paragraph on its own line: level 1 `一、…` (黑体), level 2 `（一）…` (楷体), level 3
    `1.…` (bold 仿宋), level 4 `（1）…` (仿宋): the level is the rung of its number, not its depth."""

    level: int
    text: str


@dataclass(frozen=True, repr=False, eq=False)
class Paragraph(Record):
    """A body paragraph, first line indented two characters, made of runs."""

    runs: tuple[Run, ...]

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True, repr=False, eq=False)
class DistributionLine(Record):
    """One line of the 报尾: its label and its text."""

    label: str  # 报 / 送 / 发 / 抄送
    text: str  # 中心领导。 (final punctuation included)


@dataclass(frozen=True, repr=False, eq=False)
class Distribution(Record):
    """报尾: lines between black rules at the bottom of the last page, then the copies line."""

    lines: tuple[DistributionLine, ...]
    copies: str  # "（共印80份）", or "" for none


Block = Masthead | PartTitle | Heading | Paragraph | Distribution


@dataclass(frozen=True, repr=False, eq=False)
class Properties(Record):
    """Document properties, taken from the issue (never from the clock)."""

    title: str
    author: str
    date: dt.date
    # Custom properties (name, text): the render's fingerprint (render.fingerprint), none from compose.
    custom: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, repr=False, eq=False)
class Outline(Record):
    """The blocks of one bulletin in order, its document properties, its layout and the warnings."""

    blocks: tuple[Block, ...]
    properties: Properties
    # Layout numbers from the kind, overriding the writer's format.md defaults (see zhoubao.word.LAYOUT).
    layout: dict = field(default_factory=dict)
    # What compose left out and why (an unset inspection item, an empty section), for the clerk.
    warnings: tuple[str, ...] = ()


# ----------------------------------------------------------------------------- the outline's paragraphs

# What a paragraph of the bulletin is; each writer sets each role its own way.
ParagraphRole = Literal[
    "mark", "name", "issue_line", "unit_date", "part_title", "subtitle", "heading", "body", "distribution", "copies"
]
# Two texts on one line, the second at the right margin (版头标记 and 送审稿, the unit and the date).
SHARED_LINE = ("mark", "unit_date")


@dataclass(frozen=True, repr=False, eq=False)
class OutlineParagraph(Record):
    """One paragraph of the bulletin as a reader sees it, whatever writes it: its role, its runs
    and a heading's level. A shared line holds its two texts as two runs, either may be empty; a
    版记 line holds its label (报：) and its text."""

    role: ParagraphRole
    runs: tuple[Run, ...]
    level: int = 0  # a heading's rung (1 一、 … 4 （1）), else 0

    @property
    def text(self) -> str:
        """The paragraph's text; a shared line's two texts a tab apart, as the .docx holds them."""
        if self.role in SHARED_LINE:
            return "\t".join(r.text for r in self.runs if r.text)
        return "".join(r.text for r in self.runs)


def paragraphs_of(block: Block) -> tuple[OutlineParagraph, ...]:
    """The paragraphs of one block, in reading order: the one place the outline becomes paragraphs
    (the .docx writer, the web page and the approval round trip all read them here)."""
    if isinstance(block, Masthead):
        out: list[OutlineParagraph] = []
        if block.mark or block.draft_mark:
            out.append(OutlineParagraph("mark", (Run(block.mark), Run(block.draft_mark))))
        out.append(OutlineParagraph("name", (Run(block.name),)))
        out += [OutlineParagraph("issue_line", (Run(line),)) for line in block.issue_lines]
        out.append(OutlineParagraph("unit_date", (Run(block.unit), Run(block.date))))
        return tuple(out)
    if isinstance(block, PartTitle):
        title = OutlineParagraph("part_title", (Run(block.title),))
        return (title, OutlineParagraph("subtitle", (Run(block.subtitle),))) if block.subtitle else (title,)
    if isinstance(block, Heading):
        return (OutlineParagraph("heading", (Run(block.text),), block.level),)
    if isinstance(block, Paragraph):
        return (OutlineParagraph("body", block.runs),)
    if isinstance(block, Distribution):
        lines = tuple(
            OutlineParagraph("distribution", (Run(f"{line.label}："), Run(line.text))) for line in block.lines
        )
        return (*lines, OutlineParagraph("copies", (Run(block.copies),))) if block.copies else lines
    return ()


def outline_paragraphs(outline: Outline) -> list[OutlineParagraph]:
    """Every paragraph of the bulletin, block by block (`paragraphs_of`)."""
    return [paragraph for block in outline.blocks for paragraph in paragraphs_of(block)]
