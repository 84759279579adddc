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
from zhoubao.word.pager import Box, Fit, Pages

# ------------------------------------------------------------------ the parts of one layout
# What Word's font table says of each face: family, pitch, PANOSE and signature (usb0–3, csb0–1), as
# written in files where the face was installed. Sources: 宋体 and Times New Roman from font tables
# Microsoft Word writes (e.g. python-docx-template fixtures); 黑体, 仿宋, 仿宋_GB2312 (FangSong_GB2312) and
# 方正小标宋简体 from the font table WPS writes (a docx writer's WPS_FONT_METADATA); 楷体_GB2312 from a
# Word 2003 XML font list; 楷体's PANOSE from a font table beside 黑体's. The PANOSE proportion digit
# (09, monospaced) is why the Zhongyi faces are fixed-pitch; 宋体 and 华文中宋 are declared variable as
# Word does. Where no source gives a value it is left out, never made up (华文中宋: family only).
_CJK_FACES: dict[str, tuple[str, str, str, tuple[str, str, str, str, str, str] | None]] = {
    "宋体": (
        "auto",
        "variable",
        "02010600030101010101",
        ("00000003", "288F0000", "00000016", "00000000", "00040001", "00000000"),
    ),
    "黑体": (
        "modern",
        "fixed",
        "02010609060101010101",
        ("800002BF", "38CF7CFA", "00000016", "00000000", "00040001", "00000000"),
    ),
    "仿宋": (
        "modern",
        "fixed",
        "02010609060101010101",
        ("800002BF", "38CF7CFA", "00000016", "00000000", "00040001", "00000000"),
    ),
    "楷体": ("modern", "fixed", "02010609060101010101", None),
    "仿宋_GB2312": (
        "modern",
        "fixed",
        "02010609030101010101",
        ("00000001", "080E0000", "00000000", "00000000", "00040000", "00000000"),
    ),
    "楷体_GB2312": (
        "modern",
        "fixed",
        "02010609030101010101",
        ("00000001", "080E0000", "00000000", "00000000", "00040000", "00000000"),
    ),
    "方正小标宋简体": (
        "auto",
        "variable",
        "03000509000000000000",
        ("00000001", "080E0000", "00000000", "00000000", "00040000", "00000000"),
    ),
    "华文中宋": ("roman", "variable", "", None),
}
_TIMES_SIG = ("E0002AFF", "C0007841", "00000009", "00000000", "000001FF", "00000000")


def font_entries(layout: Layout) -> list[ooxml.FontEntry]:
    """Font-table entries: every face the document names, Chinese ones with the GB2312 charset and
    what is known of each face (_CJK_FACES)."""
    latin_name = layout["latin_font"]
    times = latin_name == "Times New Roman"
    latin = ooxml.FontEntry(
        latin_name,
        charset="00",
        family="roman",
        pitch="variable",
        panose="02020603050405020304" if times else "",
        sig=_TIMES_SIG if times else None,
    )
    entries = [latin]
    for name in east_asian_fonts(layout):
        family, pitch, panose, sig = _CJK_FACES.get(name, ("auto", "variable", "", None))
        entries.append(
            ooxml.FontEntry(name, FONT_ALT_NAMES.get(name, ""), family=family, pitch=pitch, panose=panose, sig=sig)
        )
    return entries


@lru_cache(maxsize=16)
def _template_parts(
    key: tuple[tuple[str, int | str], ...], blank_footer: bool = False
) -> tuple[tuple[str, bytes], ...]:
    """Every part but the document and its properties, and the body's sectPr, for one layout; with
    `blank_footer`, the footer without a page number of the pages GB/T 9704-2012 7.5 leaves unnumbered.

    Built once per layout and process; a batch of issues shares them.
    """
    fmt = formats_of_key(key)
    lay = fmt.layout
    before, after = fmt.page_number_text
    blank = (("word/footer3.xml", ooxml.footer_xml(fmt.footer_odd, fmt.page_number, "", "", page=False)),)
    return (
        ("word/_rels/document.xml.rels", ooxml.document_rels_xml(blank_footer)),
        ("word/styles.xml", ooxml.styles_xml(fmt.runs["body"], lay["line_pitch"], "zh-CN")),
        ("word/settings.xml", ooxml.settings_xml("zh-CN", 15)),
        ("word/fontTable.xml", ooxml.font_table_xml(font_entries(lay))),
        ("word/footer1.xml", ooxml.footer_xml(fmt.footer_odd, fmt.page_number, before, after)),
        ("word/footer2.xml", ooxml.footer_xml(fmt.footer_even, fmt.page_number, before, after)),
        ("word/theme/theme1.xml", ooxml.theme_xml(lay["latin_font"])),
    ) + (blank if blank_footer else ())


@lru_cache(maxsize=16)
def _section(key: tuple[tuple[str, int | str], ...]) -> str:
    return ooxml.section_xml(formats_of_key(key).layout)


# ------------------------------------------------------------------ writing boxes
def _paragraph(text: boxes.Text) -> str:
    return ooxml.paragraph(text.format, text.runs)


def _blank(box: Box, fmt: Formats, page_break: bool = True) -> str:
    """A box without payload: an empty paragraph exactly as tall as the box (the 版记's spacer keeps
    with it: keep_next and keep_lines)."""
    return ooxml.paragraph(
        ParagraphFormat(
            line=box.height,
            keep_next=box.keep_next,
            keep_lines=box.keep_lines,
            page_break_before=box.page_break_before and page_break,
            mark=fmt.tiny,
        )
    )


def _table(table: boxes.RuledTable) -> str:
    after = _paragraph(table.after)
    if not table.rows:
        return after
    cells = [_paragraph(row) for row in table.rows]
    beside = _paragraph(table.beside) if table.beside is not None else ""
    return (
        ooxml.ruled_table(table.width, table.top, table.inside, table.bottom, cells, beside, table.beside_width) + after
    )


def emit(placed: Iterable[Box], fmt: Formats, section_end: int | None = None) -> list[str]:
    """The XML of every placed box, in order: the document body. The box at `section_end` ends the
    numbered section (its paragraph carries the section's properties); the next one opens the page
    the section break turns, so it needs no page break of its own."""
    body = []
    for index, box in enumerate(placed):
        payload = box.payload
        try:
            match payload:
                case None:
                    body.append(_blank(box, fmt, page_break=section_end is None or index != section_end + 1))
                case boxes.Text():
                    body.append(_paragraph(payload))
                case boxes.RuledTable():
                    body.append(_table(payload))
                case _:
                    raise TypeError(f"no way to write {type(payload).__name__}")
        except ooxml.InvalidTextError as exc:
            block = getattr(payload, "block", 0)
            raise ZhoubaoError(f"第{block + 1}块内容含有 Word 无法保存的控制字符（{exc}），请删除后重试。") from exc
        if index == section_end:
            body[-1] = ooxml.end_section(body[-1], _section(layout_key(fmt.layout)))
    return body


def _section_end(pages: Pages) -> int | None:
    """The last box before the blank page that precedes a 版记 standing alone, if there is one: the
    pages from the blank one on are a section without page numbers (GB/T 9704-2012 7.5)."""
    if pages.foot is None or pages.foot.blank is None:
        return None
    return max(index for index, placed in enumerate(pages.placed) if placed.page < pages.foot.blank)


# ------------------------------------------------------------------ entry points
def render_docx(outline: Outline) -> bytes:
    """The .docx of `outline` as bytes; the same outline always gives the same bytes."""
    return render(outline)[0]


def render(outline: Outline) -> tuple[bytes, Fit]:
    """The .docx of `outline` as bytes, and how the pager set it."""
    fmt, fitted, _steps = boxes.fit(outline)
    pages = fitted.pages
    key = layout_key(fmt.layout)
    section_end = _section_end(pages)
    last_section = _section(key) if section_end is None else ooxml.section_xml(fmt.layout, numbered=False)
    document = ooxml.document_xml(emit(pages.boxes, fmt, section_end), last_section)
    props = outline.properties
    when = dt.datetime.combine(props.date, dt.time())
    stamp = (max(props.date.year, 1980), props.date.month, props.date.day, 0, 0, 0)
    custom = bool(props.custom)
    parts = [
        ("[Content_Types].xml", ooxml.content_types_xml(custom, blank_footer=section_end is not None)),
        ("_rels/.rels", ooxml.package_rels_xml(custom)),
        ("docProps/core.xml", ooxml.core_xml(props.title, props.author, when)),
        ("docProps/app.xml", ooxml.app_xml(pages.count)),
        *([(ooxml.CUSTOM_PART, ooxml.custom_xml(props.custom))] if custom else []),
        ("word/document.xml", document),
        *_template_parts(key, section_end is not None),
    ]
    return ooxml.package_bytes(parts, stamp), fitted
