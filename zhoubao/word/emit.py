"""The emitter: paged boxes → .docx, speaking in paragraphs, runs and tables through `ooxml`.

By the time anything is written the pager has decided every page (`boxes.build` → `pager.place`):
the emitter writes the placed boxes in order, each once, and never removes what it wrote. The
page itself (styles, margins, footers, settings) is a template prepared once per layout.
"""
from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import docx
from docx.shared import Twips
from lxml import etree

from zhoubao.errors import ZhoubaoError
from zhoubao.outline import Outline
from zhoubao.word import boxes, ooxml
from zhoubao.word.formats import Formats, ParagraphFormat, formats_of_key, layout_key
from zhoubao.word.layout import FONT_ALT_NAMES, Layout, east_asian_fonts
from zhoubao.word.pager import Box, place


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
    fmt = formats_of_key(key)
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
    before, after = fmt.page_number_text
    section.footer.is_linked_to_previous = False
    ooxml.fill_footer(section.footer, fmt.footer_odd, fmt.page_number, before, after)
    section.even_page_footer.is_linked_to_previous = False
    ooxml.fill_footer(section.even_page_footer, fmt.footer_even, fmt.page_number, before, after)
    return ooxml.package_bytes(document, _ZIP_EPOCH)


# ------------------------------------------------------------------ writing boxes
def _paragraph(parent: etree._Element, text: boxes.Text) -> None:
    p = ooxml.append_paragraph(parent, text.format)
    for run_text, rfmt in text.runs:
        if run_text == "\t":
            ooxml.append_tab(p, rfmt)
        elif run_text:
            ooxml.append_run(p, run_text, rfmt)


def _blank(body: etree._Element, box: Box, fmt: Formats) -> None:
    """A box without payload: an empty paragraph exactly as tall as the box."""
    ooxml.append_paragraph(body, ParagraphFormat(line=box.height, page_break_before=box.page_break_before,
                                                 mark=fmt.tiny))


def _table(body: etree._Element, table: boxes.RuledTable) -> None:
    if table.rows:
        cells = ooxml.append_ruled_table(body, table.width, len(table.rows), table.top, table.inside, table.bottom)
        for cell, row in zip(cells, table.rows, strict=True):
            _paragraph(cell, row)
    _paragraph(body, table.after)


def emit(body: etree._Element, placed: Iterable[Box], fmt: Formats) -> None:
    """Append every placed box to the document body, in order."""
    for box in placed:
        payload = box.payload
        try:
            match payload:
                case None:
                    _blank(body, box, fmt)
                case boxes.Text():
                    _paragraph(body, payload)
                case boxes.RuledTable():
                    _table(body, payload)
                case _:
                    raise TypeError(f"no way to write {type(payload).__name__}")
        except ooxml.InvalidTextError as exc:
            block = getattr(payload, "block", 0)
            raise ZhoubaoError(f"第{block + 1}块内容含有 Word 无法保存的控制字符（{exc}），请删除后重试。") from exc


# ------------------------------------------------------------------ entry points
def render_docx(outline: Outline) -> bytes:
    """The .docx of `outline` as bytes; the same outline always gives the same bytes."""
    fmt, items = boxes.build(outline)
    pages = place(items, fmt.height)
    document = docx.Document(io.BytesIO(_template_bytes(layout_key(fmt.layout))))
    emit(document.element.body, pages.boxes, fmt)
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
