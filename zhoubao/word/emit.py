"""The emitter: paged boxes → .docx, speaking in paragraphs, runs and tables through `ooxml`.

By the time anything is written the pager has decided every page (`boxes.build` → `pager.place`):
the emitter writes the placed boxes in order, each once, and never takes back what it wrote. The
page itself (styles, margins, footers, settings) is a set of parts prepared once per layout.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache

from zhoubao.errors import ZhoubaoError
from zhoubao.outline import Outline
from zhoubao.word import boxes, ooxml
from zhoubao.word.formats import Formats, ParagraphFormat, formats_of_key, layout_key
from zhoubao.word.layout import FONT_ALT_NAMES, Layout, east_asian_fonts
from zhoubao.word.pager import Box, place


# ------------------------------------------------------------------ the parts of one layout
def font_entries(layout: Layout) -> list[ooxml.FontEntry]:
    """Font-table entries: every face the document names, Chinese ones with the GB2312 charset."""
    latin = ooxml.FontEntry(
        layout["latin_font"], charset="00", family="roman", pitch="variable", panose="02020603050405020304"
    )
    return [latin] + [ooxml.FontEntry(name, alt_name=FONT_ALT_NAMES.get(name, "")) for name in east_asian_fonts(layout)]


@lru_cache(maxsize=16)
def _template_parts(key: tuple[tuple[str, int | str], ...]) -> tuple[tuple[str, bytes], ...]:
    """Every part but the document and its properties, and the body's sectPr, for one layout.

    Built once per layout and process; a batch of issues shares them.
    """
    fmt = formats_of_key(key)
    lay = fmt.layout
    before, after = fmt.page_number_text
    return (
        ("word/_rels/document.xml.rels", ooxml.document_rels_xml()),
        ("word/styles.xml", ooxml.styles_xml(fmt.runs["body"], lay["line_pitch"], "zh-CN")),
        ("word/settings.xml", ooxml.settings_xml("zh-CN", 15)),
        ("word/fontTable.xml", ooxml.font_table_xml(font_entries(lay))),
        ("word/footer1.xml", ooxml.footer_xml(fmt.footer_odd, fmt.page_number, before, after)),
        ("word/footer2.xml", ooxml.footer_xml(fmt.footer_even, fmt.page_number, before, after)),
        ("word/theme/theme1.xml", ooxml.theme_xml(lay["latin_font"])),
    )


@lru_cache(maxsize=16)
def _section(key: tuple[tuple[str, int | str], ...]) -> str:
    return ooxml.section_xml(formats_of_key(key).layout)


# ------------------------------------------------------------------ writing boxes
def _paragraph(text: boxes.Text) -> str:
    return ooxml.paragraph(text.format, text.runs)


def _blank(box: Box, fmt: Formats) -> str:
    """A box without payload: an empty paragraph exactly as tall as the box."""
    return ooxml.paragraph(ParagraphFormat(line=box.height, page_break_before=box.page_break_before, mark=fmt.tiny))


def _table(table: boxes.RuledTable) -> str:
    after = _paragraph(table.after)
    if not table.rows:
        return after
    cells = [_paragraph(row) for row in table.rows]
    return ooxml.ruled_table(table.width, table.top, table.inside, table.bottom, cells) + after


def emit(placed: Iterable[Box], fmt: Formats) -> list[str]:
    """The XML of every placed box, in order: the document body."""
    body = []
    for box in placed:
        payload = box.payload
        try:
            match payload:
                case None:
                    body.append(_blank(box, fmt))
                case boxes.Text():
                    body.append(_paragraph(payload))
                case boxes.RuledTable():
                    body.append(_table(payload))
                case _:
                    raise TypeError(f"no way to write {type(payload).__name__}")
        except ooxml.InvalidTextError as exc:
            block = getattr(payload, "block", 0)
            raise ZhoubaoError(f"第{block + 1}块内容含有 Word 无法保存的控制字符（{exc}），请删除后重试。") from exc
    return body


# ------------------------------------------------------------------ entry points
def render_docx(outline: Outline) -> bytes:
    """The .docx of `outline` as bytes; the same outline always gives the same bytes."""
    fmt, items = boxes.build(outline)
    pages = place(items, fmt.height)
    key = layout_key(fmt.layout)
    document = ooxml.document_xml(emit(pages.boxes, fmt), _section(key))
    props = outline.properties
    when = dt.datetime.combine(props.date, dt.time())
    stamp = (max(props.date.year, 1980), props.date.month, props.date.day, 0, 0, 0)
    custom = bool(props.custom)
    parts = [
        ("[Content_Types].xml", ooxml.content_types_xml(custom)),
        ("_rels/.rels", ooxml.package_rels_xml(custom)),
        ("docProps/core.xml", ooxml.core_xml(props.title, props.author, when)),
        ("docProps/app.xml", ooxml.app_xml(pages.count)),
        *([(ooxml.CUSTOM_PART, ooxml.custom_xml(props.custom))] if custom else []),
        ("word/document.xml", document),
        *_template_parts(key),
    ]
    return ooxml.package_bytes(parts, stamp)
