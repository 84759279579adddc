"""Outline → .docx on the official page of docs/format.md.

The writer only lays blocks out; text and numbers arrive final in the outline. Every text line
has an exact height, so a `_Pager` can follow where each line lands the way Word and
LibreOffice break pages; that is how the distribution block (报尾) reaches the bottom of the
last page: one spacer paragraph of the exact remaining height goes in front of it.
"""
from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.shared import Twips
from lxml import etree

from zhoubao.errors import ZhoubaoError
from zhoubao.outline import (
    Block,
    Distribution,
    Heading,
    Masthead,
    Outline,
    Paragraph,
    PartTitle,
    Run,
)
from zhoubao.word import ooxml
from zhoubao.word.layout import FONT_ALT_NAMES, Layout, east_asian_fonts, resolve_layout
from zhoubao.word.measure import count_lines, rule_height, text_width


# ------------------------------------------------------------------ pages
@dataclass(slots=True)
class _Box:
    """What the pager needs of a paragraph: its lines and how it may break."""

    lines: int
    height: int  # of each line
    keep_next: bool = False
    keep_lines: bool = False
    element: etree._Element | None = None
    drop_at_page_top: bool = False  # a blank line that has no business at the top of a page


def _first_piece(lines: int) -> int:
    """Lines of a paragraph that must stay together at a page foot (widow/orphan control)."""
    return lines if lines <= 3 else 2


@dataclass
class _Pager:
    """Follows where each line lands, breaking pages as Word and LibreOffice do.

    Paragraphs with widow/orphan control (2 lines each side), headings kept with the first lines
    of what follows, and a blank line before a part title dropped when the title opens a page.
    """

    page_height: int
    page: int = 1
    y: int = 0  # twips used on the current page
    placed: list[tuple[_Box, int, int]] = field(default_factory=list)  # box, page, top of first line
    _chain: list[_Box] = field(default_factory=list)

    def add(self, box: _Box) -> None:
        if box.keep_next:
            self._chain.append(box)
            return
        self._place_chain(box)
        self._flow(box)

    def flush(self) -> None:
        self._place_chain(None)

    def new_page(self) -> None:
        self.page += 1
        self.y = 0

    def _place_chain(self, follower: _Box | None) -> None:
        if not self._chain:
            return
        chain, self._chain = self._chain, []
        need = sum(box.lines * box.height for box in chain)
        if follower is not None:
            need += _first_piece(follower.lines) * follower.height
        if self.y > 0 and self.y + need > self.page_height:
            self.new_page()
        while self.y == 0 and chain and chain[0].drop_at_page_top:
            dropped = chain.pop(0).element
            if dropped is not None:
                dropped.getparent().remove(dropped)
        for box in chain:
            self._flow(box)

    def _flow(self, box: _Box) -> None:
        if box.keep_lines or box.lines == 1:
            total = box.lines * box.height
            if self.y > 0 and self.y + total > self.page_height:
                self.new_page()
            self.placed.append((box, self.page, self.y))
            self.y += total
            return
        remaining = box.lines
        while True:
            room = (self.page_height - self.y) // box.height
            if remaining <= room:
                if remaining == box.lines:
                    self.placed.append((box, self.page, self.y))
                self.y += remaining * box.height
                return
            here = room
            if here < 2:
                here = 0
            elif remaining - here < 2:
                here = remaining - 2 if remaining - 2 >= 2 else 0
            if here == 0 and self.y == 0:
                here = room
            if here and remaining == box.lines:
                self.placed.append((box, self.page, self.y))
            remaining -= here
            self.new_page()


# ------------------------------------------------------------------ formats
@dataclass(frozen=True)
class _Formats:
    """Every run and paragraph format of one layout, built once per layout."""

    layout: Layout
    runs: dict[str, ooxml.RunFormat]
    issue: ooxml.RunFormat
    mark: ooxml.RunFormat
    part_title: ooxml.RunFormat
    subtitle: ooxml.RunFormat
    distribution: ooxml.RunFormat
    page_number: ooxml.RunFormat
    tiny: ooxml.RunFormat
    body: ooxml.ParagraphFormat
    heading: ooxml.ParagraphFormat
    centred_title: ooxml.ParagraphFormat
    line: ooxml.ParagraphFormat
    copies: ooxml.ParagraphFormat

    @property
    def width(self) -> int:
        lay = self.layout
        return lay["page_width"] - lay["margin_left"] - lay["margin_right"]

    @property
    def height(self) -> int:
        lay = self.layout
        return lay["page_height"] - lay["margin_top"] - lay["margin_bottom"]

    def run(self, font: str, size: int, *, bold: bool = False, color: str | None = None) -> ooxml.RunFormat:
        return _run_format(self.layout, font, size, bold=bold, color=color)


def _run_format(lay: Layout, font: str, size: int, *, bold: bool = False,
                color: str | None = None) -> ooxml.RunFormat:
    """Body-size runs get the spacing that sets 28 characters a line; others an explicit 0,
    since Normal carries the body spacing for text a clerk types in Word."""
    spacing = lay["char_spacing"] if size == lay["body_size"] else 0
    return ooxml.RunFormat(font, lay["latin_font"], size, bold=bold, color=color, spacing=spacing)


def _layout_key(layout: Layout) -> tuple[tuple[str, int | str], ...]:
    return tuple(layout.items())  # type: ignore[arg-type]


@lru_cache(maxsize=16)
def _formats(key: tuple[tuple[str, int | str], ...]) -> _Formats:
    lay: Layout = dict(key)  # type: ignore[assignment]
    pitch, body_size = lay["line_pitch"], lay["body_size"]
    char = body_size * 10
    dist_char = lay["distribution_size"] * 10

    def run(font: str, size: int, bold: bool = False) -> ooxml.RunFormat:
        return _run_format(lay, font, size, bold=bold)

    body = ooxml.ParagraphFormat(align="both", line=pitch, first_line=2 * char, first_line_chars=200)
    return _Formats(
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
        page_number=ooxml.RunFormat(lay["page_number_font"], lay["page_number_font"], lay["page_number_size"],
                                    spacing=0),
        tiny=ooxml.RunFormat(lay["body_font"], lay["latin_font"], 2, spacing=0),
        body=body,
        heading=ooxml.ParagraphFormat(align="both", line=pitch, first_line=2 * char, first_line_chars=200,
                                      keep_next=True, keep_lines=True),
        centred_title=ooxml.ParagraphFormat(align="center", line=pitch, keep_next=True, keep_lines=True),
        line=ooxml.ParagraphFormat(line=pitch),
        copies=ooxml.ParagraphFormat(align="right", line=pitch, right=dist_char),
    )


# ------------------------------------------------------------------ template
def font_entries(layout: Layout) -> list[ooxml.FontEntry]:
    """Font-table entries: every face the document names, Chinese ones with the GB2312 charset."""
    latin = ooxml.FontEntry(layout["latin_font"], charset="00", family="roman", pitch="variable",
                            panose="02020603050405020304")
    return [latin] + [ooxml.FontEntry(name, alt_name=FONT_ALT_NAMES.get(name, "")) for name in east_asian_fonts(layout)]


_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


@lru_cache(maxsize=16)
def _template_bytes(key: tuple[tuple[str, int | str], ...]) -> bytes:
    """python-docx's default template set up for one layout: styles, page, footers, settings.

    Built once per layout and process; each render opens these bytes instead of the 800 kB
    default template.
    """
    fmt = _formats(key)
    lay = fmt.layout
    document = docx.Document()
    ooxml.drop_unused_parts(document)
    ooxml.prepare_styles(document.styles.element, fmt.runs["body"], lay["line_pitch"], "zh-CN")
    ooxml.set_east_asian_theme_language(document.settings.element, "zh-CN")
    ooxml.set_compatibility_mode(document.settings.element, 15)
    ooxml.replace_font_table(document, font_entries(lay))
    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    section.page_width, section.page_height = Twips(lay["page_width"]), Twips(lay["page_height"])
    section.top_margin, section.bottom_margin = Twips(lay["margin_top"]), Twips(lay["margin_bottom"])
    section.left_margin, section.right_margin = Twips(lay["margin_left"]), Twips(lay["margin_right"])
    section.header_distance = Twips(lay["header_distance"])
    section.footer_distance = Twips(lay["footer_distance"])
    section.gutter = Twips(0)
    ooxml.set_doc_grid(section, lay["line_pitch"])
    indent = lay["page_number_size"] * 10  # one character of the page number
    odd = ooxml.ParagraphFormat(align="right", right=indent)
    even = ooxml.ParagraphFormat(align="left", left=indent)
    section.footer.is_linked_to_previous = False
    ooxml.fill_footer(section.footer, odd, fmt.page_number, "— ", " —")
    section.even_page_footer.is_linked_to_previous = False
    ooxml.fill_footer(section.even_page_footer, even, fmt.page_number, "— ", " —")
    return ooxml.package_bytes(document, _ZIP_EPOCH)


# The empty paragraph Word needs after the 版记's table: one point tall.
_TAIL_HEIGHT = 20


def masthead_gap(used: int, pitch: int) -> int:
    """Height of the blank line under a masthead `used` twips tall: it ends on a whole line.

    At least half a line, so the body never touches the red rule.
    """
    gap = -used % pitch
    return gap + pitch if gap < pitch // 2 else gap


# ------------------------------------------------------------------ the writer
class _Writer:
    """Lays the blocks of one outline into a document opened from the prepared template."""

    def __init__(self, document: DocxDocument, fmt: _Formats):
        self.body = document.element.body
        self.fmt = fmt
        self.lay = fmt.layout
        self.pager = _Pager(fmt.height)
        self.after_masthead = True  # no blank line needed before a part title here

    # -- helpers
    def paragraph(self, pfmt: ooxml.ParagraphFormat, runs: Iterable[tuple[str, ooxml.RunFormat]],
                  *, container: etree._Element | None = None) -> etree._Element:
        p = ooxml.append_paragraph(self.body if container is None else container, pfmt)
        for text, rfmt in runs:
            if text == "\t":
                ooxml.append_tab(p, rfmt)
            elif text:
                ooxml.append_run(p, text, rfmt)
        return p

    def lines_of(self, runs: Iterable[tuple[str, ooxml.RunFormat]], pfmt: ooxml.ParagraphFormat) -> int:
        segments = [(text, rfmt.size, rfmt.spacing or 0) for text, rfmt in runs]
        width = self.fmt.width - pfmt.left - pfmt.right
        first = width - pfmt.first_line + pfmt.hanging
        return count_lines(segments, first, width)

    def text_block(self, pfmt: ooxml.ParagraphFormat, runs: list[tuple[str, ooxml.RunFormat]],
                   *, drop_at_page_top: bool = False) -> None:
        """A paragraph of the text block, followed by the pager."""
        p = self.paragraph(pfmt, runs)
        self.pager.add(_Box(self.lines_of(runs, pfmt), pfmt.line or self.lay["line_pitch"],
                            keep_next=pfmt.keep_next, keep_lines=pfmt.keep_lines, element=p,
                            drop_at_page_top=drop_at_page_top))

    def spacer(self, height: int, *, page_break_before: bool = False) -> None:
        """An empty paragraph exactly `height` twips tall."""
        pfmt = ooxml.ParagraphFormat(line=height, page_break_before=page_break_before, mark=self.fmt.tiny)
        self.paragraph(pfmt, ())
        if page_break_before:
            self.pager.flush()
            self.pager.new_page()
        self.pager.add(_Box(1, height))

    # -- blocks
    def write(self, blocks: tuple[Block, ...]) -> None:
        for index, block in enumerate(blocks):
            try:
                self.block(block, index, len(blocks))
            except ooxml.InvalidTextError as exc:
                raise ZhoubaoError(f"第{index + 1}块内容含有 Word 无法保存的控制字符（{exc}），请删除后重试。") from exc
        self.pager.flush()

    def block(self, block: Block, index: int, count: int) -> None:
        match block:
            case Masthead():
                if index != 0:
                    raise ZhoubaoError("报头必须是第一块内容。")
                self.masthead(block)
            case PartTitle():
                self.part_title(block)
            case Heading():
                self.heading(block)
            case Paragraph():
                self.body_paragraph(block.runs)
            case Distribution():
                if index != count - 1:
                    raise ZhoubaoError("报尾（报、送、发）必须是最后一块内容。")
                self.distribution(block)
            case _:
                raise ZhoubaoError(f"无法排版的内容块：{type(block).__name__}。")

    def masthead(self, head: Masthead) -> None:
        """Name, issue line(s), unit and date over the red rule, then a blank line.

        The blank line is as tall as makes the masthead a whole number of text lines, so the body
        of page 1 sits on the same line grid as every other page.
        """
        fmt, lay, width = self.fmt, self.lay, self.fmt.width
        pitch = lay["line_pitch"]
        start = self.pager.y
        used = 0
        if head.mark or head.draft_mark:
            align = "right" if head.draft_mark and not head.mark else None
            pfmt = ooxml.ParagraphFormat(align=align, line=pitch, right_tabs=(width,), keep_lines=True)
            runs = [(head.mark, fmt.mark)]
            if head.mark and head.draft_mark:
                runs.append(("\t", fmt.mark))
            runs.append((head.draft_mark, fmt.mark))
            self.text_block(pfmt, runs)
            used = pitch
        if lay["masthead_offset"] - used > 0:
            self.spacer(lay["masthead_offset"] - used)
        name_size = lay["masthead_name_size"]
        if text_width(head.name, name_size) > width:
            name_size = lay["masthead_name_size_long"]
        name_run = self.fmt.run(lay["title_font"], name_size, color=lay["red"])
        self.text_block(ooxml.ParagraphFormat(align="center", line=lay["masthead_name_line"], keep_lines=True),
                        [(head.name, name_run)])
        for issue_line in head.issue_lines:
            self.text_block(ooxml.ParagraphFormat(align="center", line=pitch, keep_lines=True),
                            [(issue_line, fmt.issue)])
        self.unit_and_date(head.unit, head.date)
        self.spacer(masthead_gap(self.pager.y - start, pitch))

    def unit_and_date(self, unit: str, date: str) -> None:
        """Unit indented one character, date on the right of the same line, red rule below.

        At 3号 when both fit with a character's gap, else at 4号; when they do not fit even then,
        the date takes its own right-aligned line.
        """
        lay, width = self.lay, self.fmt.width
        rule = ooxml.Border(lay["masthead_rule_size"], lay["red"], lay["masthead_rule_style"],
                            lay["masthead_rule_space"])
        rule_below = rule_height(lay["masthead_rule_size"], lay["masthead_rule_space"])
        for size in (lay["unit_size"], lay["unit_size_small"]):
            rfmt = self.fmt.run(lay["body_font"], size)
            char = size * 10
            needed = 3 * char + text_width(unit, size, rfmt.spacing or 0) + text_width(date, size, rfmt.spacing or 0)
            if needed <= width:
                break
        one_line = needed <= width
        pitch = lay["line_pitch"]
        unit_fmt = ooxml.ParagraphFormat(
            line=pitch, first_line=char, right_tabs=(width - char,), keep_lines=True,
            border_bottom=rule if one_line else None)
        runs = [(unit, rfmt), ("\t", rfmt), (date, rfmt)] if one_line else [(unit, rfmt)]
        self.paragraph(unit_fmt, runs)
        self.pager.add(_Box(1, pitch + (rule_below if one_line else 0), keep_lines=True))
        if not one_line:
            date_fmt = ooxml.ParagraphFormat(align="right", line=pitch, right=char, keep_lines=True,
                                             border_bottom=rule)
            self.paragraph(date_fmt, [(date, rfmt)])
            self.pager.add(_Box(1, pitch + rule_below, keep_lines=True))

    def part_title(self, part: PartTitle) -> None:
        fmt = self.fmt
        if not self.after_masthead:  # a blank line sets a later part apart, unless it opens a page
            self.text_block(ooxml.ParagraphFormat(line=self.lay["line_pitch"], keep_next=True), [],
                            drop_at_page_top=True)
        self.text_block(fmt.centred_title, [(part.title, fmt.part_title)])
        if part.subtitle:
            self.text_block(fmt.centred_title, [(part.subtitle, fmt.subtitle)])

    def heading(self, heading: Heading) -> None:
        style = {1: "hei", 2: "kai"}.get(heading.level, "body")
        self.text_block(self.fmt.heading, [(heading.text, self.fmt.runs[style])])
        self.after_masthead = False

    def body_paragraph(self, runs: tuple[Run, ...]) -> None:
        formats = self.fmt.runs
        try:
            self.text_block(self.fmt.body, [(run.text, formats[run.style]) for run in runs])
        except KeyError as exc:
            raise ZhoubaoError(f"未知的文字样式：{exc.args[0]}（可用 body、bold、kai、hei）。") from exc
        self.after_masthead = False

    def distribution(self, dist: Distribution) -> None:
        """报尾 between black rules, pushed to the foot of the last page by a spacer paragraph.

        One ruled row per line, the copies line (（共印80份）) right-aligned in the last row, so the
        closing rule is the last thing on the page and lies on the bottom edge of the text block.
        Word needs a paragraph after a closing table: it is one point tall and holds nothing.
        """
        self.pager.flush()
        fmt, lay = self.fmt, self.lay
        char, pitch = lay["distribution_size"] * 10, lay["line_pitch"]
        rows: list[tuple[ooxml.ParagraphFormat, str]] = []
        for line in dist.lines:
            label = f"{line.label}："
            hang = len(label) * char
            pfmt = ooxml.ParagraphFormat(align="both", line=pitch, left=char + hang, hanging=hang, right=char)
            rows.append((pfmt, label + line.text))
        if dist.copies:
            rows.append((fmt.copies, dist.copies))
        heights = [self.lines_of([(text, fmt.distribution)], pfmt) * pitch for pfmt, text in rows]
        outer = rule_height(lay["distribution_rule_outer"])
        inner = rule_height(lay["distribution_rule_inner"])
        tail = _TAIL_HEIGHT
        block = sum(heights) + (2 * outer + inner * (len(rows) - 1) if rows else 0) + tail
        free = self.pager.page_height - self.pager.y
        room = free - block - lay["placement_margin"]
        if room < 0:
            self.spacer(max(self.pager.page_height - block - lay["placement_margin"], _TAIL_HEIGHT),
                        page_break_before=True)
        elif room >= _TAIL_HEIGHT:
            self.spacer(room)
        if rows:
            black = lay["black"]
            cells = ooxml.append_ruled_table(
                self.body, fmt.width, len(rows), ooxml.Border(lay["distribution_rule_outer"], black),
                ooxml.Border(lay["distribution_rule_inner"], black), ooxml.Border(lay["distribution_rule_outer"], black))
            for cell, (pfmt, text) in zip(cells, rows, strict=True):
                self.paragraph(pfmt, [(text, fmt.distribution)], container=cell)
        self.paragraph(ooxml.ParagraphFormat(line=tail, mark=fmt.tiny), ())
        self.pager.add(_Box(1, block))


# ------------------------------------------------------------------ entry points
def _laid_out(outline: Outline) -> tuple[DocxDocument, _Writer]:
    key = _layout_key(resolve_layout(outline.layout))
    document = docx.Document(io.BytesIO(_template_bytes(key)))
    writer = _Writer(document, _formats(key))
    writer.write(outline.blocks)
    return document, writer


def page_count(outline: Outline) -> int:
    """Pages the bulletin takes, as the line-counting pager places it (for length limits)."""
    return _laid_out(outline)[1].pager.page


def render_docx(outline: Outline) -> bytes:
    """The .docx of `outline` as bytes; the same outline always gives the same bytes."""
    document, _writer = _laid_out(outline)
    props = outline.properties
    when = dt.datetime.combine(props.date, dt.time())
    ooxml.set_core_properties(document, props.title, props.author, when)
    stamp = (max(props.date.year, 1980), props.date.month, props.date.day, 0, 0, 0)
    return ooxml.package_bytes(document, stamp)


def write_docx(outline: Outline, path: str | Path) -> None:
    """Write the .docx of `outline` to `path` (replaced whole, never left half-written)."""
    data = render_docx(outline)
    target = Path(path)
    temporary = target.with_name(f".{target.name}.tmp")
    try:
        temporary.write_bytes(data)
        temporary.replace(target)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise ZhoubaoError(f"无法写入 Word 文件 {target}：{exc.strerror or exc}。") from exc
