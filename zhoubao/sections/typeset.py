"""How a section type sets its text: the helpers every type's compose step is built with.

Text as printed (typography), items numbered `（1）` only from two on, sentences closed with a
full stop, headings at the rung of their number. A kind may number its three depths with other
rungs of the GB/T 9704 ladder 一、（一）1.（1） (`[layout] numbering`, zhoubao.numerals). Pure:
the outline's blocks out, no I/O; compose (the orchestrator) uses them for the head and the tail.
"""

from __future__ import annotations

from zhoubao import typography
from zhoubao.numerals import DEFAULT_NUMBERING, number_as, rung
from zhoubao.outline import Heading, Paragraph, Run

PLACEHOLDER = "（待填写）"  # what a 送审稿 shows where content is still missing


def placeholder() -> Paragraph:
    """The paragraph a draft shows under a heading with nothing yet to print: the approver sees
    what is missing, and the numbering of the rest stays as the final issue will have it."""
    return para(PLACEHOLDER)


def left_out(draft: bool, what: str) -> str:
    """The render warning for something empty: left out of a final issue, marked in a draft."""
    return f"{what}，{'送审稿中标为' + PLACEHOLDER if draft else '未列入文件'}"


def one_paragraph(text: str) -> str:
    """User text as printed: typography normalised, line breaks folded into the paragraph."""
    return typography.normalise(" ".join(part.strip() for part in text.splitlines() if part.strip()))


def para(text: str, style: str = "body") -> Paragraph:
    return Paragraph((Run(text, style),))  # type: ignore[arg-type]


def paragraphs_of(text: str) -> list[str]:
    """User text as printed, one string per paragraph: the one rule for paragraphs in what the clerk
    types (a news item, a visit, a paragraph section). A line break starts a new paragraph (never
    silently run into the one before); a blank line between paragraphs changes nothing."""
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


def run_in_label(style: str, number: int, name: str) -> Run:
    """A run-in label, `（一）按时到岗情况`: numbered by its rung, and in one face, bold 仿宋, number
    and name alike (docs/format.md: a run-in label may be bold 仿宋 instead of its rung's 楷体;
    a 楷体 number before a bold 仿宋 name would mix two families in one label)."""
    return Run(number_as(style, number) + name, "bold")
