"""Compose: an issue becomes an outline of numbered, typeset blocks. Pure: no I/O, no python-docx.

The orchestrator, and only that: the numbering is decided here (`一、` per section, restarting
after a part title); what stands under each heading is the section type's own compose step
(zhoubao/sections/), given a `Context` and built with the helpers of zhoubao/sections/typeset.py.
The masthead and the distribution block come from the issue's head. Kind templates run in
jinja2's sandbox (zhoubao.templating); user text only ever enters a template as a variable's
value, so `{{ 7*7 }}` typed in a news item prints as typed.

compose reads the issue it is given (the model's `Issue`, for annotations only) and asks each
section to compose itself: data flows into it, never back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from zhoubao import dates
from zhoubao.outline import Block, Distribution, DistributionLine, Masthead, Outline, Properties
from zhoubao.sections.base import Context
from zhoubao.sections.typeset import heading, left_out, one_paragraph, placeholder, with_full_stop
from zhoubao.templating import render_template

if TYPE_CHECKING:
    from zhoubao.model import Issue

DRAFT_MARK = "送审稿"


# ----------------------------------------------------------------------------- the issue


def sections_blocks(issue: Issue, ctx: Context) -> list[Block]:
    """Every section's heading and body, numbered `一、二、` and restarting after a part title."""
    blocks: list[Block] = []
    level1 = 0
    for section in issue.sections:
        part = section.opens_part()
        if part is not None:
            blocks.extend(section.part_blocks(ctx))
            level1 = 0
            continue
        told = len(ctx.warnings)
        body = section.compose_body(ctx)
        if not body:
            del ctx.warnings[told:]  # one warning per thing: the section, not each of its empty parts
            if section.options.get("required", True) is False:  # an optional one is left out quietly
                continue
            ctx.warnings.append(left_out(ctx.draft, f"栏目“{section.title or section.NAME}”没有内容"))
            if not ctx.draft:
                continue
            body = [placeholder()]  # a draft shows the heading and what is missing under it
        if not section.numbered_heading():
            blocks.extend(body)
            continue
        level1 += 1
        blocks.append(heading(ctx.numbering[0], level1, section.title))
        blocks.extend(body)
    return blocks


def masthead(issue: Issue, draft: bool) -> Masthead:
    lines = tuple(
        render_template(line, "期号行", year=issue.year, number=issue.number, total=issue.total_number)
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
    lines = tuple(DistributionLine(line.label, with_full_stop(one_paragraph(line.text))) for line in issue.distribution)
    return Distribution(lines, f"（共印{issue.copies}份）" if issue.copies is not None else "")


def compose(
    issue: Issue, *, draft: bool = False, previous: Issue | None = None, year_before: Issue | None = None
) -> Outline:
    """The whole bulletin as blocks, ready for the writer. `previous` gives week-on-week increments
    and 环比, `year_before` (the same period a year earlier) 同比. A `draft` keeps the heading of
    an empty section (and an unset inspection item) with （待填写） under it."""
    ctx = Context(issue, previous, year_before, draft=draft)
    blocks: list[Block] = [masthead(issue, draft), *sections_blocks(issue, ctx)]
    tail = distribution(issue)
    if tail is not None:
        blocks.append(tail)
    properties = Properties(title=document_title(issue), author=issue.unit, date=issue.date)
    layout: dict[str, Any] = dict(issue.layout)
    return Outline(tuple(blocks), properties, layout, tuple(ctx.warnings))


def document_title(issue: Issue) -> str:
    """The title in the document's properties (and the web page's <title>): name and label."""
    return f"{issue.name} {issue.label}"


__all__ = [
    "DRAFT_MARK",
    "Context",
    "compose",
    "distribution",
    "masthead",
    "render_template",
    "sections_blocks",
    "with_full_stop",
]
