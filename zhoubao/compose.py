"""Compose: an issue becomes an outline of numbered, typeset blocks. Pure: no I/O, no python-docx.

The numbering is decided here: `一、` per section, restarting after a part title; what stands
under each heading is the section type's own compose step (zhoubao/sections/), built with the
helpers below: text as printed (typography), items numbered `（1）` only from two on, sentences
closed with a full stop. A kind may number its three depths with other rungs of the GB/T 9704
ladder 一、（一）1.（1） (`[layout] numbering`, zhoubao.numerals). The masthead and the distribution block come from the issue's head.
Kind templates run in jinja2's sandbox (zhoubao.templating); user text only ever enters a
template as a variable's value, so `{{ 7*7 }}` typed in a news item prints as typed.

compose works on the issue it is given and imports neither the model nor the section types:
data flows into it, never back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from zhoubao import dates, typography
from zhoubao.numerals import DEFAULT_NUMBERING, RUNG_STYLES, number_as, read_numbering, rung
from zhoubao.outline import (
    Block,
    Distribution,
    DistributionLine,
    Heading,
    Masthead,
    Outline,
    Paragraph,
    PartTitle,
    Properties,
    Run,
)
from zhoubao.templating import render_template

if TYPE_CHECKING:
    from zhoubao.model import Issue

DRAFT_MARK = "送审稿"


# ----------------------------------------------------------------------------- helpers for section types


def printed(text: str) -> str:
    """User text as printed: typography normalised, line breaks folded into the paragraph."""
    return typography.normalise(" ".join(part.strip() for part in text.splitlines() if part.strip()))


def para(text: str, style: str = "body") -> Paragraph:
    return Paragraph((Run(text, style),))  # type: ignore[arg-type]


def printed_paragraphs(text: str) -> list[str]:
    """User text as printed, one string per paragraph: a line break the clerk typed starts a new
    paragraph (never silently run into the one before)."""
    return [typography.normalise(line.strip()) for line in text.splitlines() if line.strip()]


def numbered(items: list[str], style: str = DEFAULT_NUMBERING[2]) -> list[Paragraph]:
    """`（1）…（2）…` (or the kind's `1.`) when there are two or more; a single item stands unnumbered.
    An item of several paragraphs (joined by newlines) is numbered on its first; the others follow
    it unnumbered."""
    out: list[Paragraph] = []
    for i, item in enumerate(items, 1):
        first, *rest = item.split("\n")
        out.append(para(f"{number_as(style, i)}{first}" if len(items) >= 2 else first))
        out.extend(para(line) for line in rest)
    return out


def with_full_stop(text: str) -> str:
    return text if text.endswith(("。", "！", "？", "；", "…", "”", "）")) else text + "。"


def heading(style: str, number: int, title: str) -> Heading:
    """A numbered heading on its own line, at the level of its rung of the ladder (一、 is level 1,
    set in 黑体; （一） level 2, 楷体; 1. level 3, bold 仿宋; （1） level 4, 仿宋)."""
    return Heading(rung(style), f"{number_as(style, number)}{title}")


def level2_heading(number: int, title: str, style: str = DEFAULT_NUMBERING[1]) -> Heading:
    """A sub-section's heading: `（一）title` unless the kind numbers sub-sections otherwise."""
    return heading(style, number, title)


def run_in_number(style: str, number: int) -> Run:
    """The number of a run-in label (`（一）` before an inspection item's bold name), set as its rung is set."""
    return Run(number_as(style, number), RUNG_STYLES[style])  # type: ignore[arg-type]


@dataclass
class Context:
    """What a section type needs from the issue around it while composing, checking or showing."""

    issue: Issue
    previous: Issue | None = None  # the predecessor, for week-on-week figures and 环比
    year_before: Issue | None = None  # the same period a year earlier, for 同比
    warnings: list[str] = field(default_factory=list)  # what compose left out and why

    @property
    def period(self) -> tuple[dt.date, dt.date]:
        return self.issue.period_start, self.issue.period_end

    @property
    def numbering(self) -> tuple[str, str, str]:
        """The kind's numbering of section headings, sub-sections and inspection items, and items."""
        chosen = self.issue.layout.get("numbering")
        return DEFAULT_NUMBERING if chosen is None else read_numbering(chosen)


# ----------------------------------------------------------------------------- the issue


def sections_blocks(ctx: Context) -> list[Block]:
    """Every section's heading and body, numbered `一、二、` and restarting after a part title."""
    blocks: list[Block] = []
    level1 = 0
    for section in ctx.issue.sections:
        part = section.opens_part()
        if part is not None:
            blocks.extend(section.part_blocks(ctx))
            level1 = 0
            continue
        body = section.compose_body(ctx)
        if not body:
            if section.options.get("required", True) is not False:  # an optional one is left out quietly
                ctx.warnings.append(f"栏目“{section.title or section.NAME}”没有内容，未列入文件")
            continue
        if not section.numbered_heading():
            blocks.extend(body)
            continue
        level1 += 1
        blocks.append(heading(ctx.numbering[0], level1, section.title))
        blocks.extend(body)
    return blocks


def masthead(issue: Issue, draft: bool) -> Masthead:
    lines = tuple(
        render_template(line, "期号行", year=issue.year, number=issue.number, total=issue.total)
        for line in issue.masthead_lines
    )
    return Masthead(
        name=issue.name,
        issue_lines=lines,
        unit=issue.unit,
        date=dates.cn_date(issue.date),
        mark=issue.mark,
        draft_mark=DRAFT_MARK if draft else "",
    )


def distribution(issue: Issue) -> Distribution | None:
    if not issue.distribution and issue.copies is None:
        return None
    lines = tuple(DistributionLine(line.label, with_full_stop(printed(line.text))) for line in issue.distribution)
    return Distribution(lines, f"（共印{issue.copies}份）" if issue.copies is not None else "")


def compose(
    issue: Issue, *, draft: bool = False, previous: Issue | None = None, year_before: Issue | None = None
) -> Outline:
    """The whole bulletin as blocks, ready for the writer. `previous` gives week-on-week increments
    and 环比, `year_before` (the same period a year earlier) 同比."""
    ctx = Context(issue, previous, year_before)
    blocks: list[Block] = [masthead(issue, draft), *sections_blocks(ctx)]
    tail = distribution(issue)
    if tail is not None:
        blocks.append(tail)
    properties = Properties(title=f"{issue.name} {issue.label}", author=issue.unit, date=issue.date)
    layout: dict[str, Any] = dict(issue.layout)
    return Outline(tuple(blocks), properties, layout, tuple(ctx.warnings))


__all__ = [
    "DRAFT_MARK",
    "Context",
    "PartTitle",
    "compose",
    "distribution",
    "heading",
    "level2_heading",
    "masthead",
    "numbered",
    "para",
    "printed",
    "render_template",
    "run_in_number",
    "with_full_stop",
]
