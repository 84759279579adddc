"""Raw WordprocessingML helpers: the only module that builds or edits XML elements.

The writer describes what it wants with the frozen format records of `formats` (`RunFormat`,
`ParagraphFormat`, `Border`) and calls the functions here. Each distinct format is turned into
an element once (`_rpr_prototype`, `_ppr_prototype`) and every run or paragraph gets a copy:
an lxml copy of a five-node rPr costs ~2 µs, building it again ~13 µs.
"""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.pkgwriter import _ContentTypesItem  # python-docx pinned <2; keeps the OPC rules in one place
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section, _Footer
from lxml import etree

from zhoubao.word.formats import Border, ParagraphFormat, RunFormat

# Clark names used on every run and paragraph, resolved once.
_W_P = qn("w:p")
_W_R = qn("w:r")
_W_T = qn("w:t")
_W_TAB = qn("w:tab")
_W_BR = qn("w:br")
_W_PPR = qn("w:pPr")
_W_RPR = qn("w:rPr")
_W_VAL = qn("w:val")
_W_SECT_PR = qn("w:sectPr")
_XML_SPACE = qn("xml:space")

_THEME_ATTRS = tuple(qn(f"w:{name}") for name in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"))

# Characters Word and LibreOffice accept in text; anything else below U+0020 breaks the file.
_ALLOWED_CONTROL = {"\t", "\n"}

# Styles kept from python-docx's default template; the other ~160 only slow every load and save.
_KEPT_STYLES = {"Normal", "DefaultParagraphFont", "TableNormal", "NoList", "TableGrid",
                "Header", "HeaderChar", "Footer", "FooterChar"}


class InvalidTextError(ValueError):
    """Text holds a character that XML cannot carry (a control character)."""


# ------------------------------------------------------------------ element prototypes
def _sub(parent: etree._Element, tag: str, attrs: dict[str, str] | None = None) -> etree._Element:
    el = OxmlElement(tag, attrs or {})
    parent.append(el)
    return el


def _fill_rpr(rpr: etree._Element, fmt: RunFormat) -> None:
    """Children in schema order: rFonts, b, bCs, color, spacing, sz, szCs."""
    _sub(rpr, "w:rFonts", {qn("w:ascii"): fmt.latin, qn("w:hAnsi"): fmt.latin, qn("w:eastAsia"): fmt.east_asia,
                           qn("w:cs"): fmt.latin, qn("w:hint"): "eastAsia"})
    if fmt.bold:
        _sub(rpr, "w:b")
        _sub(rpr, "w:bCs")
    if fmt.color:
        _sub(rpr, "w:color", {_W_VAL: fmt.color})
    if fmt.spacing is not None:
        _sub(rpr, "w:spacing", {_W_VAL: str(fmt.spacing)})
    _sub(rpr, "w:sz", {_W_VAL: str(fmt.size)})
    _sub(rpr, "w:szCs", {_W_VAL: str(fmt.size)})


@lru_cache(maxsize=256)
def _rpr_prototype(fmt: RunFormat) -> etree._Element:
    rpr = OxmlElement("w:rPr")
    _fill_rpr(rpr, fmt)
    return rpr


def _border(tag: str, border: Border) -> etree._Element:
    return OxmlElement(tag, {_W_VAL: border.style, qn("w:sz"): str(border.size),
                             qn("w:space"): str(border.space), qn("w:color"): border.color})


@lru_cache(maxsize=256)
def _ppr_prototype(fmt: ParagraphFormat) -> etree._Element:
    """pPr children in schema order (keepNext … pBdr, tabs, spacing, ind, jc, rPr)."""
    ppr = OxmlElement("w:pPr")
    if fmt.keep_next:
        _sub(ppr, "w:keepNext")
    if fmt.keep_lines:
        _sub(ppr, "w:keepLines")
    if fmt.page_break_before:
        _sub(ppr, "w:pageBreakBefore")
    _sub(ppr, "w:widowControl", {} if fmt.widow_control else {_W_VAL: "0"})
    if fmt.border_bottom is not None:
        _sub(ppr, "w:pBdr").append(_border("w:bottom", fmt.border_bottom))
    if fmt.right_tabs:
        tabs = _sub(ppr, "w:tabs")
        for pos in fmt.right_tabs:
            _sub(tabs, "w:tab", {_W_VAL: "right", qn("w:pos"): str(pos)})
    # No hanging punctuation: a closing mark that would start a line takes the character before it
    # down, as the writer's line count assumes. (LibreOffice 7.4 ignores this and hangs ，。 anyway,
    # which only ever makes its lines fewer.)
    _sub(ppr, "w:overflowPunct", {_W_VAL: "0"})
    spacing = {qn("w:before"): "0", qn("w:after"): "0"}
    if fmt.line is not None:
        spacing.update({qn("w:line"): str(fmt.line), qn("w:lineRule"): "exact"})
    _sub(ppr, "w:spacing", spacing)
    ind = {qn("w:left"): str(fmt.left), qn("w:right"): str(fmt.right)}
    if fmt.hanging:
        ind[qn("w:hanging")] = str(fmt.hanging)
    elif fmt.first_line:
        if fmt.first_line_chars:
            ind[qn("w:firstLineChars")] = str(fmt.first_line_chars)
        ind[qn("w:firstLine")] = str(fmt.first_line)
    _sub(ppr, "w:ind", ind)
    if fmt.align:
        _sub(ppr, "w:jc", {_W_VAL: fmt.align})
    if fmt.mark is not None:
        _fill_rpr(_sub(ppr, "w:rPr"), fmt.mark)
    return ppr


# ------------------------------------------------------------------ paragraphs and runs
def _append_block(parent: etree._Element, block: etree._Element) -> None:
    """Append a paragraph or table to `parent`, keeping a body's sectPr last."""
    if len(parent) and parent[-1].tag == _W_SECT_PR:
        parent[-1].addprevious(block)
    else:
        parent.append(block)


def append_paragraph(parent: etree._Element, fmt: ParagraphFormat) -> etree._Element:
    """Add a w:p formatted as `fmt` at the end of `parent` (a body, cell or footer)."""
    p = parent.makeelement(_W_P, {})
    p.append(_ppr_prototype(fmt).__copy__())
    _append_block(parent, p)
    return p


def _new_run(p: etree._Element, fmt: RunFormat) -> etree._Element:
    r = p.makeelement(_W_R, {})
    r.append(_rpr_prototype(fmt).__copy__())
    p.append(r)
    return r


def check_text(text: str) -> None:
    """Raise InvalidTextError when `text` holds a character XML 1.0 cannot carry."""
    for ch in text:
        if ch < " " and ch not in _ALLOWED_CONTROL or ch in "\ufffe\uffff":
            raise InvalidTextError(repr(ch))


def append_run(p: etree._Element, text: str, fmt: RunFormat) -> etree._Element:
    """Add a run holding `text` literally: markup-like text is escaped by lxml, never parsed.

    A tab becomes w:tab and a newline w:br, as Word itself stores them.
    """
    r = _new_run(p, fmt)
    if "\t" not in text and "\n" not in text and text.isprintable():
        _append_text(r, text)
        return r
    check_text(text)
    chunk: list[str] = []
    for ch in text:
        if ch in "\t\n":
            if chunk:
                _append_text(r, "".join(chunk))
                chunk = []
            r.append(r.makeelement(_W_TAB if ch == "\t" else _W_BR, {}))
        else:
            chunk.append(ch)
    if chunk:
        _append_text(r, "".join(chunk))
    return r


def _append_text(r: etree._Element, text: str) -> None:
    t = r.makeelement(_W_T, {})
    try:
        t.text = text
    except ValueError as exc:  # lxml refuses characters XML cannot hold
        raise InvalidTextError(text) from exc
    if text[:1].isspace() or text[-1:].isspace():
        t.set(_XML_SPACE, "preserve")
    r.append(t)


def append_tab(p: etree._Element, fmt: RunFormat) -> etree._Element:
    """Add a run holding one tab character (jumps to the paragraph's next tab stop)."""
    r = _new_run(p, fmt)
    r.append(r.makeelement(_W_TAB, {}))
    return r


def append_field(p: etree._Element, instruction: str, placeholder: str, fmt: RunFormat) -> None:
    """Add a complex field (e.g. ' PAGE ') as fldChar begin / instrText / separate / result / end."""
    _new_run(p, fmt).append(OxmlElement("w:fldChar", {qn("w:fldCharType"): "begin"}))
    instr = OxmlElement("w:instrText", {_XML_SPACE: "preserve"})
    instr.text = instruction
    _new_run(p, fmt).append(instr)
    _new_run(p, fmt).append(OxmlElement("w:fldChar", {qn("w:fldCharType"): "separate"}))
    append_run(p, placeholder, fmt)
    _new_run(p, fmt).append(OxmlElement("w:fldChar", {qn("w:fldCharType"): "end"}))


# ------------------------------------------------------------------ tables
def append_ruled_table(body: etree._Element, width: int, rows: int, top: Border, inside: Border,
                       bottom: Border) -> list[etree._Element]:
    """A full-width one-column table ruled above, between rows and below; returns the cells.

    Cell margins are zero so the text lines up with the text block and the rules span it exactly.
    """
    nil = {_W_VAL: "nil"}
    tbl = OxmlElement("w:tbl")
    tbl_pr = _sub(tbl, "w:tblPr")
    _sub(tbl_pr, "w:tblW", {qn("w:w"): str(width), qn("w:type"): "dxa"})
    _sub(tbl_pr, "w:tblInd", {qn("w:w"): "0", qn("w:type"): "dxa"})
    borders = _sub(tbl_pr, "w:tblBorders")
    borders.append(_border("w:top", top))
    _sub(borders, "w:left", nil)
    borders.append(_border("w:bottom", bottom))
    _sub(borders, "w:right", nil)
    borders.append(_border("w:insideH", inside))
    _sub(borders, "w:insideV", nil)
    _sub(tbl_pr, "w:tblLayout", {qn("w:type"): "fixed"})
    margins = _sub(tbl_pr, "w:tblCellMar")
    for side in ("top", "left", "bottom", "right"):
        _sub(margins, f"w:{side}", {qn("w:w"): "0", qn("w:type"): "dxa"})
    _sub(tbl_pr, "w:tblLook", {_W_VAL: "0000", qn("w:firstRow"): "0", qn("w:lastRow"): "0",
                               qn("w:firstColumn"): "0", qn("w:lastColumn"): "0",
                               qn("w:noHBand"): "1", qn("w:noVBand"): "1"})
    _sub(_sub(tbl, "w:tblGrid"), "w:gridCol", {qn("w:w"): str(width)})
    cells = []
    for _ in range(rows):
        tr = _sub(tbl, "w:tr")
        _sub(_sub(tr, "w:trPr"), "w:cantSplit")
        tc = _sub(tr, "w:tc")
        _sub(_sub(tc, "w:tcPr"), "w:tcW", {qn("w:w"): str(width), qn("w:type"): "dxa"})
        cells.append(tc)
    _append_block(body, tbl)
    return cells


# ------------------------------------------------------------------ template preparation
def strip_theme_fonts(root: etree._Element) -> None:
    """Delete every *Theme attribute of every rFonts: a theme font beats the explicit name."""
    for rfonts in root.iter(qn("w:rFonts")):
        for attr in _THEME_ATTRS:
            if attr in rfonts.attrib:
                del rfonts.attrib[attr]


def _replace_child(parent: etree._Element, tag: str, attrs: dict[str, str], before: Iterable[str] = ()) -> None:
    """Replace (or insert) the child `tag` of `parent`, placing a new one before any of `before`."""
    old = parent.find(qn(tag))
    new = OxmlElement(tag, attrs)
    if old is not None:
        old.addprevious(new)
        parent.remove(old)
        return
    for successor in before:
        found = parent.find(qn(successor))
        if found is not None:
            found.addprevious(new)
            return
    parent.append(new)


def set_run_defaults(rpr: etree._Element, fmt: RunFormat, east_asian_lang: str | None = None) -> None:
    """Make an existing rPr (docDefaults or a style's) carry `fmt`'s fonts and size.

    `east_asian_lang` sets the languages as Word on a Chinese system writes them: `w:val` is the
    language of Latin text and digits (en-US: a CJK value there lets `2022` break across lines),
    `w:eastAsia` that of the Chinese text.
    """
    fonts = {qn("w:ascii"): fmt.latin, qn("w:hAnsi"): fmt.latin, qn("w:eastAsia"): fmt.east_asia,
             qn("w:cs"): fmt.latin, qn("w:hint"): "eastAsia"}
    order = ("w:b", "w:color", "w:spacing", "w:kern", "w:sz", "w:szCs", "w:lang")
    _replace_child(rpr, "w:rFonts", fonts, before=order)
    if fmt.spacing:
        _replace_child(rpr, "w:spacing", {_W_VAL: str(fmt.spacing)}, before=order[3:])
    _replace_child(rpr, "w:sz", {_W_VAL: str(fmt.size)}, before=order[5:])
    _replace_child(rpr, "w:szCs", {_W_VAL: str(fmt.size)}, before=order[6:])
    if east_asian_lang:
        _replace_child(rpr, "w:lang", {_W_VAL: "en-US", qn("w:eastAsia"): east_asian_lang, qn("w:bidi"): "ar-SA"})


def prepare_styles(styles: etree._Element, body: RunFormat, line: int, lang: str) -> None:
    """Set docDefaults and Normal to the body font, exact lines and Chinese; drop unused styles.

    docDefaults: rFonts without theme attributes, size, `w:lang en-US/zh-CN`, no automatic gap
    between Chinese and Latin letters or digits (Word and WPS would widen `2022 年第 33 期` and a
    line would no longer hold 28 characters), 0 before/after and an exact line; Normal: the same
    fonts plus justification and widow/orphan control.
    """
    doc_defaults = styles.find(qn("w:docDefaults"))
    set_run_defaults(doc_defaults.find(f"{qn('w:rPrDefault')}/{_W_RPR}"), body, lang)
    ppr_default = doc_defaults.find(f"{qn('w:pPrDefault')}/{_W_PPR}")
    # pPr order: ... autoSpaceDE, autoSpaceDN, ... spacing, ind ...
    _replace_child(ppr_default, "w:autoSpaceDE", {_W_VAL: "0"}, before=("w:autoSpaceDN", "w:spacing", "w:ind", "w:jc"))
    _replace_child(ppr_default, "w:autoSpaceDN", {_W_VAL: "0"}, before=("w:spacing", "w:ind", "w:jc"))
    _replace_child(ppr_default, "w:spacing", {qn("w:before"): "0", qn("w:after"): "0",
                                             qn("w:line"): str(line), qn("w:lineRule"): "exact"})
    latent = styles.find(qn("w:latentStyles"))
    if latent is not None:
        styles.remove(latent)
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:styleId")) not in _KEPT_STYLES:
            styles.remove(style)
    for style in styles.findall(qn("w:style")):
        for link in ("w:link", "w:next"):
            el = style.find(qn(link))
            if el is not None and el.get(_W_VAL) not in _KEPT_STYLES:
                style.remove(el)
        if style.get(qn("w:styleId")) == "Normal":
            # A style ends with ... rsid, pPr, rPr: keep that order for Word.
            ppr = style.find(_W_PPR)
            rpr = style.find(_W_RPR)
            if ppr is None:
                ppr = OxmlElement("w:pPr")
                if rpr is not None:
                    rpr.addprevious(ppr)
                else:
                    style.append(ppr)
            _replace_child(ppr, "w:widowControl", {}, before=("w:overflowPunct", "w:autoSpaceDE", "w:spacing", "w:ind",
                                                             "w:jc"))
            _replace_child(ppr, "w:overflowPunct", {_W_VAL: "0"}, before=("w:autoSpaceDE", "w:spacing", "w:ind", "w:jc"))
            _replace_child(ppr, "w:autoSpaceDE", {_W_VAL: "0"}, before=("w:autoSpaceDN", "w:spacing", "w:ind", "w:jc"))
            _replace_child(ppr, "w:autoSpaceDN", {_W_VAL: "0"}, before=("w:spacing", "w:ind", "w:jc"))
            _replace_child(ppr, "w:jc", {_W_VAL: "both"})
            if rpr is None:
                rpr = OxmlElement("w:rPr")
                ppr.addnext(rpr)
            set_run_defaults(rpr, body)
    strip_theme_fonts(styles)


def set_east_asian_theme_language(settings: etree._Element, lang: str) -> None:
    """python-docx's template says ja-JP, which makes Word pick Japanese fallback fonts."""
    el = settings.find(qn("w:themeFontLang"))
    if el is not None:
        el.set(qn("w:eastAsia"), lang)


def set_compatibility_mode(settings: etree._Element, mode: int = 15) -> None:
    """Word 2013 and later open a file of an older compatibility mode as [兼容模式]."""
    for setting in settings.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(_W_VAL, str(mode))
            return
    compat = settings.find(qn("w:compat"))
    if compat is None:
        raise ValueError("settings.xml without w:compat")  # python-docx's template always has one
    compat.append(OxmlElement("w:compatSetting", {qn("w:name"): "compatibilityMode",
                                                  qn("w:uri"): "http://schemas.microsoft.com/office/word",
                                                  _W_VAL: str(mode)}))


@dataclass(frozen=True)
class FontEntry:
    """A font declared in word/fontTable.xml: what Word falls back on when the face is missing."""

    name: str
    alt_name: str = ""  # a face the reader's machine has (仿宋 for 仿宋_GB2312)
    charset: str = "86"  # GB2312
    family: str = "modern"  # modern: fixed pitch, as Chinese faces are declared
    pitch: str = "fixed"
    panose: str = "02010609030101010101"


def font_table_xml(fonts: Iterable[FontEntry]) -> bytes:
    """word/fontTable.xml declaring `fonts` (children of w:font in schema order)."""
    root = OxmlElement("w:fonts")
    for font in fonts:
        el = _sub(root, "w:font", {qn("w:name"): font.name})
        if font.alt_name:
            _sub(el, "w:altName", {_W_VAL: font.alt_name})
        _sub(el, "w:panose1", {_W_VAL: font.panose})
        _sub(el, "w:charset", {_W_VAL: font.charset})
        _sub(el, "w:family", {_W_VAL: font.family})
        _sub(el, "w:pitch", {_W_VAL: font.pitch})
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def replace_font_table(document: DocxDocument, fonts: Iterable[FontEntry]) -> None:
    """python-docx's template declares Japanese faces only; Word then substitutes 宋体 for ours."""
    for rel in document.part.rels.values():
        if rel.reltype == RT.FONT_TABLE:
            rel.target_part._blob = font_table_xml(fonts)
            return
    raise ValueError("document without a font table part")


def set_doc_grid(section: Section, line_pitch: int) -> None:
    """A line pitch without a grid type: a `lines` grid makes LibreOffice round line heights up."""
    _replace_child(section._sectPr, "w:docGrid", {qn("w:linePitch"): str(line_pitch)})


def drop_unused_parts(document: DocxDocument) -> None:
    """Drop stylesWithEffects (Word 2010 cache of the pruned styles) and the template thumbnail."""
    part = document.part
    for rid, rel in list(part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            del part.rels[rid]
    package = part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package.rels[rid]


def fill_footer(footer: _Footer, fmt: ParagraphFormat, run: RunFormat, before: str, after: str) -> None:
    """Replace the footer's content by one paragraph: `before`, a PAGE field, `after`."""
    element = footer._element
    for child in list(element):
        element.remove(child)
    p = append_paragraph(element, fmt)
    if before:
        append_run(p, before, run)
    append_field(p, " PAGE ", "1", run)
    if after:
        append_run(p, after, run)


# ------------------------------------------------------------------ package
def set_core_properties(document: DocxDocument, title: str, author: str, when: dt.datetime) -> None:
    """Core properties from the issue, never from the clock, so re-rendering gives the same bytes."""
    props = document.core_properties
    props.title = title
    props.author = author
    props.last_modified_by = author
    props.created = when
    props.modified = when
    props.revision = 1
    props.comments = ""
    props.language = "zh-CN"


def package_bytes(document: DocxDocument, date_time: tuple[int, int, int, int, int, int]) -> bytes:
    """Serialize the package as python-docx does, but with fixed entry times and attributes.

    Same parts, same order ([Content_Types].xml, package rels, then a walk of the rels graph);
    `zipfile.writestr` with a name would stamp the clock, a ZipInfo does not.
    """
    package = document.part.package
    parts = list(package.iter_parts())
    entries: list[tuple[str, bytes | str]] = [
        ("[Content_Types].xml", _ContentTypesItem.from_parts(parts).blob),
        ("_rels/.rels", package.rels.xml),
    ]
    for part in parts:
        entries.append((part.partname.membername, part.blob))
        if len(part.rels):
            entries.append((part.partname.rels_uri.membername, part.rels.xml))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, blob in entries:
            info = zipfile.ZipInfo(name, date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            archive.writestr(info, blob)
    return buffer.getvalue()
