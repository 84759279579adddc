"""Run and paragraph formats: frozen records of what the writer asks for, and the set of one layout.

Plain data: the boxes are measured and paged with these records before any XML exists; `ooxml`
turns each distinct record into its rPr or pPr once.

`RunFormat`, `Border` and `ParagraphFormat` are cache keys (ooxml's lru_caches): plain frozen
data classes, hashable. `Formats`, which is never hashed, takes `__repr__` and `__eq__` from
`validate.Record` as the model's classes do: generating them per class is most of what importing a
module of data classes costs, and every render imports this one (docs/performance.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from zhoubao.validate import Record
from zhoubao.word.layout import Layout, footer_line


@dataclass(frozen=True)
class RunFormat:
    """How a run is set: East Asian font, Latin font, size in half-points and the rest."""

    east_asia: str
    latin: str
    size: int
    bold: bool = False
    color: str | None = None
    spacing: int | None = None  # twentieths of a point (w:spacing in rPr); None inherits the style's


@dataclass(frozen=True)
class Border:
    """One border line; `size` in eighths of a point, `space` in points."""

    size: int
    color: str = "000000"
    style: str = "single"
    space: int = 0


@dataclass(frozen=True)
class ParagraphFormat:
    """Paragraph properties the writer uses; lengths in twips."""

    align: str | None = None  # both / center / right / left
    line: int | None = None  # exact line height
    first_line: int = 0
    first_line_chars: int = 0
    left: int = 0
    right: int = 0
    hanging: int = 0
    right_tabs: tuple[int, ...] = ()
    keep_next: bool = False
    keep_lines: bool = False
    page_break_before: bool = False
    widow_control: bool = True
    border_bottom: Border | None = None
    mark: RunFormat | None = None  # formatting of the paragraph mark (sets an empty line's font)


@dataclass(frozen=True, repr=False, eq=False)
class Formats(Record):
    """Every run and paragraph format of one layout, built once per layout."""

    layout: Layout
    runs: dict[str, RunFormat]  # the outline's run styles: body, bold, kai, hei
    issue: RunFormat
    mark: RunFormat
    part_title: RunFormat
    subtitle: RunFormat
    distribution: RunFormat
    page_number: RunFormat
    tiny: RunFormat  # one point: the mark of a blank paragraph of exact height
    body: ParagraphFormat
    heading: ParagraphFormat
    centred_title: ParagraphFormat
    copies: ParagraphFormat
    footer_odd: ParagraphFormat
    footer_even: ParagraphFormat
    page_number_text: tuple[str, str]  # the text before and after the PAGE field

    @property
    def width(self) -> int:
        """Width of the text block."""
        lay = self.layout
        return lay["page_width"] - lay["margin_left"] - lay["margin_right"]

    @property
    def height(self) -> int:
        """Height of the text block: what the pager fills."""
        lay = self.layout
        return lay["page_height"] - lay["margin_top"] - lay["margin_bottom"]

    def run(self, font: str, size: int, *, bold: bool = False, color: str | None = None) -> RunFormat:
        return _run_format(self.layout, font, size, bold=bold, color=color)


def _run_format(lay: Layout, font: str, size: int, *, bold: bool = False, color: str | None = None) -> RunFormat:
    """Body-size runs get the spacing that sets 28 characters a line; others an explicit 0,
    since Normal carries the body spacing for text a clerk types in Word."""
    spacing = lay["char_spacing"] if size == lay["body_size"] else 0
    return RunFormat(font, lay["latin_font"], size, bold=bold, color=color, spacing=spacing)


def layout_key(layout: Layout) -> tuple[tuple[str, int | str], ...]:
    """A layout as a hashable key, for the caches of formats and templates."""
    return tuple(layout.items())  # type: ignore[arg-type]


def formats(layout: Layout) -> Formats:
    """The formats of a resolved layout (cached)."""
    return formats_of_key(layout_key(layout))


def _footers(lay: Layout) -> tuple[ParagraphFormat, ParagraphFormat]:
    """Odd and even footer paragraphs: page numbers on the outer edge (or on the right) one character
    in, or centred, as the layout's page_number_align says."""
    indent = lay["page_number_size"] * 10  # one character of the page number
    line = footer_line(lay)  # its own exact line, not the body's: the footer stays below the text block
    right, left = (
        ParagraphFormat(align="right", line=line, right=indent),
        ParagraphFormat(align="left", line=line, left=indent),
    )
    return {
        "outside": (right, left),
        "right": (right, right),
        "center": (ParagraphFormat(align="center", line=line), ParagraphFormat(align="center", line=line)),
    }[lay["page_number_align"]]


@lru_cache(maxsize=16)
def formats_of_key(key: tuple[tuple[str, int | str], ...]) -> Formats:
    lay: Layout = dict(key)  # type: ignore[assignment]
    pitch, body_size = lay["line_pitch"], lay["body_size"]
    char = body_size * 10
    dist_char = lay["distribution_size"] * 10

    def run(font: str, size: int, bold: bool = False) -> RunFormat:
        return _run_format(lay, font, size, bold=bold)

    footer_odd, footer_even = _footers(lay)
    before, after = lay["page_number_format"].split("{page}")
    return Formats(
        layout=lay,
        runs={
            "body": run(lay["body_font"], body_size),
            "bold": run(lay["body_font"], body_size, bold=True),
            "kai": run(lay["level2_font"], body_size),
            "hei": run(lay["level1_font"], body_size),
        },
        issue=run(lay["issue_font"], lay["issue_size"]),
        mark=run(lay["mark_font"], lay["mark_size"]),
        part_title=run(lay["title_font"], lay["part_title_size"]),
        subtitle=run(lay["subtitle_font"], lay["subtitle_size"]),
        distribution=run(lay["body_font"], lay["distribution_size"]),
        # GB/T 9704: page numbers in 宋体, digits included.
        page_number=RunFormat(lay["page_number_font"], lay["page_number_font"], lay["page_number_size"], spacing=0),
        tiny=RunFormat(lay["body_font"], lay["latin_font"], 2, spacing=0),
        body=ParagraphFormat(align="both", line=pitch, first_line=2 * char, first_line_chars=200),
        heading=ParagraphFormat(
            align="both", line=pitch, first_line=2 * char, first_line_chars=200, keep_next=True, keep_lines=True
        ),
        centred_title=ParagraphFormat(align="center", line=pitch, keep_next=True, keep_lines=True),
        copies=ParagraphFormat(align="right", line=pitch, right=dist_char),
        footer_odd=footer_odd,
        footer_even=footer_even,
        page_number_text=(before, after),
    )
