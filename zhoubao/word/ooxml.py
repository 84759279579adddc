"""Raw WordprocessingML: the only module that writes XML, as text.

The writer describes what it wants with the frozen format records of `formats` (`RunFormat`,
`ParagraphFormat`, `Border`) and calls the functions here; they return XML text (paragraphs, runs,
tables) or the bytes of whole parts, and `package_bytes` zips the parts into a .docx.

Why text and no XML library: the writer only ever writes, every element it writes is one of a
dozen shapes, and a whole command pays for each library it imports (python-docx and lxml are
most of a plain python-docx script's start-up). Each distinct run or paragraph format becomes its
rPr or pPr text once (`_rpr`, `_ppr`); every run then costs one escape and a concatenation. The
rules that keep the text well-formed live here and nowhere else:

- user text goes through `_text` (`&`, `<`, `>` escaped) after `check_xml_chars` refused what a .docx
  cannot carry; every attribute value through `_attr` (quotes too; `resolve_layout` has refused
  control characters in the layout's names);
- children are written in the schema's order (Word refuses a file whose pPr, rPr, sectPr or
  style children are out of order; LibreOffice shows nothing wrong), noted at each builder.

tests/test_writer.py reads arbitrary text back from the file; tests/test_word_fidelity.py checks
every part against the schemas. The parts are what Word needs and nothing else: a minimal theme
(Word's files always have one; no run uses it), no numbering, web settings, custom XML or
thumbnail; the one custom part is docProps/custom.xml, the render's fingerprint (which issue, which
content), that `import --into` reads back to find the version that was sent.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from zhoubao.errors import ZhoubaoError
from zhoubao.validate import Record, first_bad_char
from zhoubao.word.formats import Border, ParagraphFormat, RunFormat
from zhoubao.word.layout import Layout

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument"
_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_W_ROOT = f'xmlns:w="{W_NS}" xmlns:r="{R_NS}"'


class InvalidTextError(ValueError):
    """Text holds a character that XML cannot carry (a control character)."""


# ------------------------------------------------------------------ escaping
def _text(text: str) -> str:
    """Character data: markup-like text is escaped, never parsed."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def _attr(value: object) -> str:
    """An attribute value, for a double-quoted attribute."""
    return _text(str(value)).replace('"', "&quot;")


def check_xml_chars(text: str) -> None:
    """Raise InvalidTextError when `text` holds a character a .docx cannot hold (validate.first_bad_char:
    the one rule, also applied where the clerk types the text and where a template makes it)."""
    bad = first_bad_char(text)
    if bad:
        raise InvalidTextError(repr(bad))


# ------------------------------------------------------------------ properties, once per format
def _rpr_children(fmt: RunFormat) -> str:
    """rPr children in schema order: rFonts, b, bCs, color, spacing, sz, szCs."""
    latin = _attr(fmt.latin)
    parts = [
        f'<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{_attr(fmt.east_asia)}" w:cs="{latin}" '
        'w:hint="eastAsia"/>'
    ]
    if fmt.bold:
        parts.append("<w:b/><w:bCs/>")
    if fmt.color:
        parts.append(f'<w:color w:val="{_attr(fmt.color)}"/>')
    if fmt.spacing is not None:
        parts.append(f'<w:spacing w:val="{fmt.spacing}"/>')
    parts.append(f'<w:sz w:val="{fmt.size}"/><w:szCs w:val="{fmt.size}"/>')
    return "".join(parts)


@lru_cache(maxsize=256)
def _rpr(fmt: RunFormat) -> str:
    return f"<w:rPr>{_rpr_children(fmt)}</w:rPr>"


def _border(tag: str, border: Border) -> str:
    return (
        f'<w:{tag} w:val="{_attr(border.style)}" w:sz="{border.size}" w:space="{border.space}" '
        f'w:color="{_attr(border.color)}"/>'
    )


@lru_cache(maxsize=256)
def _ppr(fmt: ParagraphFormat) -> str:
    """pPr children in schema order (keepNext … pBdr, tabs, overflowPunct, spacing, ind, jc, rPr)."""
    parts = ["<w:pPr>"]
    if fmt.keep_next:
        parts.append("<w:keepNext/>")
    if fmt.keep_lines:
        parts.append("<w:keepLines/>")
    if fmt.page_break_before:
        parts.append("<w:pageBreakBefore/>")
    parts.append("<w:widowControl/>" if fmt.widow_control else '<w:widowControl w:val="0"/>')
    if fmt.border_bottom is not None:
        parts.append(f"<w:pBdr>{_border('bottom', fmt.border_bottom)}</w:pBdr>")
    if fmt.right_tabs:
        parts.append("<w:tabs>")
        parts.extend(f'<w:tab w:val="right" w:pos="{pos}"/>' for pos in fmt.right_tabs)
        parts.append("</w:tabs>")
    # No hanging punctuation: a closing mark that would start a line takes the character before it
    # down, as the writer's line count assumes. (LibreOffice 7.4 ignores this and hangs ，。 anyway,
    # which only ever makes its lines fewer.)
    parts.append('<w:overflowPunct w:val="0"/>')
    line = "" if fmt.line is None else f' w:line="{fmt.line}" w:lineRule="exact"'
    parts.append(f'<w:spacing w:before="0" w:after="0"{line}/>')
    ind = f'<w:ind w:left="{fmt.left}" w:right="{fmt.right}"'
    if fmt.hanging:
        ind += f' w:hanging="{fmt.hanging}"'
    elif fmt.first_line:
        if fmt.first_line_chars:
            ind += f' w:firstLineChars="{fmt.first_line_chars}"'
        ind += f' w:firstLine="{fmt.first_line}"'
    parts.append(ind + "/>")
    if fmt.align:
        parts.append(f'<w:jc w:val="{_attr(fmt.align)}"/>')
    if fmt.mark is not None:
        parts.append(_rpr(fmt.mark))
    parts.append("</w:pPr>")
    return "".join(parts)


# ------------------------------------------------------------------ paragraphs and runs
def run(text: str, fmt: RunFormat) -> str:
    """A run holding `text` literally. A tab becomes w:tab and a line break (\n, \r\n or \r) w:br, as
    Word stores them."""
    if "\t" not in text and "\n" not in text and text.isprintable():
        return f"<w:r>{_rpr(fmt)}{_t(text)}</w:r>"
    check_xml_chars(text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    pieces: list[str] = []
    chunk: list[str] = []
    for ch in text:
        if ch in "\t\n":
            if chunk:
                pieces.append(_t("".join(chunk)))
                chunk = []
            pieces.append("<w:tab/>" if ch == "\t" else "<w:br/>")
        else:
            chunk.append(ch)
    if chunk:
        pieces.append(_t("".join(chunk)))
    return f"<w:r>{_rpr(fmt)}{''.join(pieces)}</w:r>"


def _t(text: str) -> str:
    if text[:1].isspace() or text[-1:].isspace():
        return f'<w:t xml:space="preserve">{_text(text)}</w:t>'
    return f"<w:t>{_text(text)}</w:t>"


def tab(fmt: RunFormat) -> str:
    """A run holding one tab character (jumps to the paragraph's next tab stop)."""
    return f"<w:r>{_rpr(fmt)}<w:tab/></w:r>"


def paragraph(fmt: ParagraphFormat, runs: Iterable[tuple[str, RunFormat]] = ()) -> str:
    """A w:p formatted as `fmt`; a run whose text is a tab is a tab, an empty one is left out."""
    parts = ["<w:p>", _ppr(fmt)]
    for text, rfmt in runs:
        if text == "\t":
            parts.append(tab(rfmt))
        elif text:
            parts.append(run(text, rfmt))
    parts.append("</w:p>")
    return "".join(parts)


def field(instruction: str, placeholder: str, fmt: RunFormat) -> str:
    """A complex field (e.g. ' PAGE ') as fldChar begin / instrText / separate / result / end."""
    rpr = _rpr(fmt)
    return (
        f'<w:r>{rpr}<w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r>{rpr}<w:instrText xml:space="preserve">{_text(instruction)}</w:instrText></w:r>'
        f'<w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r>'
        f"{run(placeholder, fmt)}"
        f'<w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r>'
    )


# ------------------------------------------------------------------ tables
def ruled_table(
    width: int,
    top: Border,
    inside: Border,
    bottom: Border,
    cells: Sequence[str],
    beside: str = "",
    beside_width: int = 0,
) -> str:
    """A full-width table ruled above, between rows and below, one row per cell content; with
    `beside`, the last row has a second cell `beside_width` wide holding it (the other rows span both).

    Cell margins are zero so the text lines up with the text block and the rules span it exactly.
    tblPr children in schema order: tblW, tblInd, tblBorders, tblLayout, tblCellMar, tblLook; tcPr:
    tcW, gridSpan.
    """
    dxa = f'w:w="{width}" w:type="dxa"'
    zero = 'w:w="0" w:type="dxa"'
    nil = 'w:val="nil"'
    columns = [width - beside_width, beside_width] if beside else [width]
    head = (
        "<w:tbl><w:tblPr>"
        f"<w:tblW {dxa}/><w:tblInd {zero}/>"
        f"<w:tblBorders>{_border('top', top)}<w:left {nil}/>{_border('bottom', bottom)}<w:right {nil}/>"
        f"{_border('insideH', inside)}<w:insideV {nil}/></w:tblBorders>"
        '<w:tblLayout w:type="fixed"/>'
        f"<w:tblCellMar><w:top {zero}/><w:left {zero}/><w:bottom {zero}/><w:right {zero}/></w:tblCellMar>"
        '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
        'w:noHBand="1" w:noVBand="1"/>'
        "</w:tblPr><w:tblGrid>" + "".join(f'<w:gridCol w:w="{c}"/>' for c in columns) + "</w:tblGrid>"
    )
    row = "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
    span = '<w:gridSpan w:val="2"/>' if beside else ""
    whole = f"<w:tc><w:tcPr><w:tcW {dxa}/>{span}</w:tcPr>"
    rows = [f"{row}{whole}{cell}</w:tc></w:tr>" for cell in cells]
    if beside and rows:
        left, right = (f'<w:tc><w:tcPr><w:tcW w:w="{c}" w:type="dxa"/></w:tcPr>' for c in columns)
        rows[-1] = f"{row}{left}{cells[-1]}</w:tc>{right}{beside}</w:tc></w:tr>"
    return head + "".join(rows) + "</w:tbl>"


# ------------------------------------------------------------------ the parts of one layout
def _part(xml: str) -> bytes:
    return (_DECLARATION + xml).encode("utf-8")


# The document's relationships; the footers' ids are named in sectPr.
FOOTER_ODD_ID, FOOTER_EVEN_ID, FOOTER_BLANK_ID = "rId4", "rId5", "rId7"
_DOCUMENT_PARTS = (  # (id, relationship type, target, content type), in the package's order
    ("rId1", "styles", "styles.xml", "wordprocessingml.styles+xml"),
    ("rId2", "settings", "settings.xml", "wordprocessingml.settings+xml"),
    ("rId3", "fontTable", "fontTable.xml", "wordprocessingml.fontTable+xml"),
    (FOOTER_ODD_ID, "footer", "footer1.xml", "wordprocessingml.footer+xml"),
    (FOOTER_EVEN_ID, "footer", "footer2.xml", "wordprocessingml.footer+xml"),
    ("rId6", "theme", "theme/theme1.xml", "theme+xml"),
)
# The footer of pages without a number (a blank page before a 版记 standing alone, and that page).
_BLANK_FOOTER_PART = (FOOTER_BLANK_ID, "footer", "footer3.xml", "wordprocessingml.footer+xml")


def _document_parts(blank_footer: bool) -> tuple[tuple[str, str, str, str], ...]:
    return _DOCUMENT_PARTS + ((_BLANK_FOOTER_PART,) if blank_footer else ())


def content_types_xml(custom: bool = False, blank_footer: bool = False) -> bytes:
    """[Content_Types].xml: every part the package holds (docProps/custom.xml when `custom`)."""
    overrides = [
        ("/docProps/app.xml", f"{_CT}.extended-properties+xml"),
        ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
        ("/word/document.xml", f"{_CT}.wordprocessingml.document.main+xml"),
    ]
    if custom:
        overrides.append((f"/{CUSTOM_PART}", f"{_CT}.custom-properties+xml"))
    overrides += [(f"/word/{target}", f"{_CT}.{kind}") for _id, _rel, target, kind in _document_parts(blank_footer)]
    return _part(
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        + "".join(f'<Override PartName="{name}" ContentType="{kind}"/>' for name, kind in sorted(overrides))
        + "</Types>"
    )


def _relationships(rels: Iterable[tuple[str, str, str]]) -> bytes:
    return _part(
        f'<Relationships xmlns="{_PKG_RELS_NS}">'
        + "".join(f'<Relationship Id="{rid}" Type="{kind}" Target="{target}"/>' for rid, kind, target in rels)
        + "</Relationships>"
    )


def package_rels_xml(custom: bool = False) -> bytes:
    """_rels/.rels: the main document and the two property parts (three when `custom`)."""
    extra = [("rId4", f"{_DOC_RELS}/custom-properties", CUSTOM_PART)] if custom else []
    return _relationships(
        [
            ("rId1", f"{_DOC_RELS}/officeDocument", "word/document.xml"),
            (
                "rId2",
                "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
                "docProps/core.xml",
            ),
            ("rId3", f"{_DOC_RELS}/extended-properties", "docProps/app.xml"),
            *extra,
        ]
    )


def document_rels_xml(blank_footer: bool = False) -> bytes:
    """word/_rels/document.xml.rels: styles, settings, font table, the footers and the theme."""
    return _relationships(
        (rid, f"{_DOC_RELS}/{rel}", target) for rid, rel, target, _kind in _document_parts(blank_footer)
    )


def _lang(east_asian_lang: str) -> str:
    """Languages as Word on a Chinese system writes them: `w:val` is the language of Latin text and
    digits (en-US: a CJK value there lets `2022` break across lines), `w:eastAsia` that of the
    Chinese text."""
    return f'<w:lang w:val="en-US" w:eastAsia="{_attr(east_asian_lang)}" w:bidi="ar-SA"/>'


def styles_xml(body: RunFormat, line: int, lang: str) -> bytes:
    """word/styles.xml: docDefaults and Normal set to the body font, exact lines and Chinese.

    docDefaults: rFonts without theme attributes, size, `w:lang en-US/zh-CN`, no automatic gap
    between Chinese and Latin letters or digits (Word and WPS would widen `2022 年第 33 期` and a
    line would no longer hold 28 characters), 0 before/after and an exact line; Normal: the same
    fonts plus justification, widow/orphan control and no hanging punctuation. Then the three
    default styles Word expects (paragraph font, table, list). A style's children in schema order:
    name, basedOn, …, uiPriority, semiHidden, unhideWhenUsed, qFormat, …, pPr, rPr, tblPr.
    """
    run_props = _rpr_children(body)
    return _part(
        f"<w:styles {_W_ROOT}>"
        f"<w:docDefaults><w:rPrDefault><w:rPr>{run_props}{_lang(lang)}</w:rPr></w:rPrDefault>"
        '<w:pPrDefault><w:pPr><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>'
        f'<w:spacing w:before="0" w:after="0" w:line="{line}" w:lineRule="exact"/></w:pPr></w:pPrDefault>'
        "</w:docDefaults>"
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>'
        '<w:pPr><w:widowControl/><w:overflowPunct w:val="0"/><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>'
        f'<w:jc w:val="both"/></w:pPr><w:rPr>{run_props}</w:rPr></w:style>'
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/>'
        "</w:style>"
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>'
        '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
        '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
        "</w:tblCellMar></w:tblPr></w:style>"
        '<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/>'
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>'
        "</w:styles>"
    )


_WORD_URI = "http://schemas.microsoft.com/office/word"
_CLR_SCHEME_MAPPING = (
    '<w:clrSchemeMapping w:bg1="light1" w:t1="dark1" w:bg2="light2" w:t2="dark2" w:accent1="accent1" '
    'w:accent2="accent2" w:accent3="accent3" w:accent4="accent4" w:accent5="accent5" '
    'w:accent6="accent6" w:hyperlink="hyperlink" w:followedHyperlink="followedHyperlink"/>'
)


def settings_xml(lang: str, compatibility_mode: int = 15) -> bytes:
    """word/settings.xml, children in schema order.

    Odd and even footers differ; `themeFontLang` says zh-CN (a ja-JP there makes Word pick Japanese
    fallback fonts); compatibility mode 15, or Word 2013 and later open the file as [兼容模式].
    """
    compat = [
        ("compatibilityMode", compatibility_mode),
        ("overrideTableStyleFontSizeAndJustification", 1),
        ("enableOpenTypeFeatures", 1),
        ("doNotFlipMirrorIndents", 1),
    ]
    return _part(
        f"<w:settings {_W_ROOT}>"
        '<w:defaultTabStop w:val="720"/><w:evenAndOddHeaders/><w:characterSpacingControl w:val="doNotCompress"/>'
        "<w:compat><w:useFELayout/>"
        + "".join(f'<w:compatSetting w:name="{name}" w:uri="{_WORD_URI}" w:val="{value}"/>' for name, value in compat)
        + f'</w:compat><w:themeFontLang w:val="en-US" w:eastAsia="{_attr(lang)}"/>{_CLR_SCHEME_MAPPING}'
        '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/>'
        "</w:settings>"
    )


@dataclass(frozen=True, repr=False, eq=False)
class FontEntry(Record):
    """A font declared in word/fontTable.xml: what Word falls back on when the face is missing.

    `panose` and `sig` (usb0–usb3, csb0–csb1 as Word writes them) are the face's own, or left out
    where no source gives them: a made-up PANOSE or signature misleads Word's fallback more than none.
    """

    name: str
    alt_name: str = ""  # a face the reader's machine has (仿宋 for 仿宋_GB2312)
    charset: str = "86"  # GB2312
    family: str = "auto"
    pitch: str = "variable"
    panose: str = ""
    sig: tuple[str, str, str, str, str, str] | None = None


def font_table_xml(fonts: Iterable[FontEntry]) -> bytes:
    """word/fontTable.xml declaring `fonts` (children of w:font in schema order: altName, panose1,
    charset, family, pitch, sig)."""
    entries = []
    for font in fonts:
        alt = f'<w:altName w:val="{_attr(font.alt_name)}"/>' if font.alt_name else ""
        panose = f'<w:panose1 w:val="{_attr(font.panose)}"/>' if font.panose else ""
        sig = ""
        if font.sig is not None:
            names = ("usb0", "usb1", "usb2", "usb3", "csb0", "csb1")
            sig = "<w:sig " + " ".join(f'w:{n}="{_attr(v)}"' for n, v in zip(names, font.sig, strict=True)) + "/>"
        entries.append(
            f'<w:font w:name="{_attr(font.name)}">{alt}{panose}'
            f'<w:charset w:val="{_attr(font.charset)}"/><w:family w:val="{_attr(font.family)}"/>'
            f'<w:pitch w:val="{_attr(font.pitch)}"/>{sig}</w:font>'
        )
    return _part(f"<w:fonts {_W_ROOT}>" + "".join(entries) + "</w:fonts>")


def theme_xml(latin: str) -> bytes:
    """word/theme/theme1.xml: the smallest complete theme (Word's own files always have one).

    No run uses it (every rFonts names its faces and no theme attribute is written); its fonts are
    what Word would offer for text a clerk adds in a new style: `latin`, and 宋体 for Chinese.
    """
    colours = [
        ("dk1", '<a:sysClr val="windowText" lastClr="000000"/>'),
        ("lt1", '<a:sysClr val="window" lastClr="FFFFFF"/>'),
    ]
    colours += [
        (name, f'<a:srgbClr val="{rgb}"/>')
        for name, rgb in (
            ("dk2", "44546A"),
            ("lt2", "E7E6E6"),
            ("accent1", "4472C4"),
            ("accent2", "ED7D31"),
            ("accent3", "A5A5A5"),
            ("accent4", "FFC000"),
            ("accent5", "5B9BD5"),
            ("accent6", "70AD47"),
            ("hlink", "0563C1"),
            ("folHlink", "954F72"),
        )
    ]
    scheme = "".join(f"<a:{name}>{colour}</a:{name}>" for name, colour in colours)
    font = (
        f'<a:latin typeface="{_attr(latin)}"/><a:ea typeface=""/><a:cs typeface=""/>'
        '<a:font script="Hans" typeface="宋体"/>'
    )
    fill = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
    line = f'<a:ln w="6350">{fill}</a:ln>'
    effect = "<a:effectStyle><a:effectLst/></a:effectStyle>"
    return _part(
        '<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Office"><a:themeElements>'
        f'<a:clrScheme name="Office">{scheme}</a:clrScheme>'
        f'<a:fontScheme name="Office"><a:majorFont>{font}</a:majorFont><a:minorFont>{font}</a:minorFont></a:fontScheme>'
        f'<a:fmtScheme name="Office"><a:fillStyleLst>{fill * 3}</a:fillStyleLst><a:lnStyleLst>{line * 3}</a:lnStyleLst>'
        f"<a:effectStyleLst>{effect * 3}</a:effectStyleLst><a:bgFillStyleLst>{fill * 3}</a:bgFillStyleLst>"
        "</a:fmtScheme></a:themeElements><a:objectDefaults/><a:extraClrSchemeLst/></a:theme>"
    )


def footer_xml(fmt: ParagraphFormat, run_fmt: RunFormat, before: str, after: str, page: bool = True) -> bytes:
    """A footer of one paragraph: `before`, a PAGE field, `after`; without `page` an empty one."""
    runs = (
        (run(before, run_fmt) if before else "")
        + (field(" PAGE ", "1", run_fmt) if page else "")
        + (run(after, run_fmt) if after else "")
    )
    return _part(f"<w:ftr {_W_ROOT}><w:p>{_ppr(fmt)}{runs}</w:p></w:ftr>")


def section_xml(lay: Layout, numbered: bool = True) -> str:
    """A sectPr: footers, page size, margins, columns, line grid (schema order). Not `numbered`: both
    footers the blank one (a section without a reference would inherit the previous section's).

    The line grid has a pitch and no type: a `lines` grid makes LibreOffice round line heights up.
    """
    odd, even = (FOOTER_ODD_ID, FOOTER_EVEN_ID) if numbered else (FOOTER_BLANK_ID, FOOTER_BLANK_ID)
    return (
        "<w:sectPr>"
        f'<w:footerReference w:type="default" r:id="{odd}"/>'
        f'<w:footerReference w:type="even" r:id="{even}"/>'
        f'<w:pgSz w:w="{lay["page_width"]}" w:h="{lay["page_height"]}"/>'
        f'<w:pgMar w:top="{lay["margin_top"]}" w:right="{lay["margin_right"]}" w:bottom="{lay["margin_bottom"]}" '
        f'w:left="{lay["margin_left"]}" w:header="{lay["header_distance"]}" w:footer="{lay["footer_distance"]}" '
        'w:gutter="0"/>'
        '<w:cols w:space="720"/>'
        f'<w:docGrid w:linePitch="{lay["line_pitch"]}"/>'
        "</w:sectPr>"
    )


def end_section(paragraph_xml: str, section: str) -> str:
    """A paragraph written by `paragraph` that ends a section: the section's sectPr is the last child
    of its pPr (a new page follows)."""
    head, tail = paragraph_xml.split("</w:pPr>", 1)
    return f"{head}{section}</w:pPr>{tail}"


def document_xml(body: Iterable[str], section: str) -> bytes:
    """word/document.xml: the body's paragraphs and tables, then its section properties."""
    return _part(f"<w:document {_W_ROOT}><w:body>" + "".join(body) + section + "</w:body></w:document>")


# ------------------------------------------------------------------ properties and package
def core_xml(title: str, author: str, when: dt.datetime) -> bytes:
    """docProps/core.xml from the issue, never from the clock, so re-rendering gives the same bytes."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    who = _text(author)
    return _part(
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{_text(title)}</dc:title><dc:creator>{who}</dc:creator>"
        f"<cp:lastModifiedBy>{who}</cp:lastModifiedBy><cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "<dc:language>zh-CN</dc:language></cp:coreProperties>"
    )


def written_by_us(path: Path, title: str) -> bool:
    """Whether the package at `path` says it is ours (app.xml: <Application>zhoubao</Application>)
    and carries `title` in core.xml, as core_xml and app_xml write them. Reads at most a few MB
    (a regular file only) and two small parts; anything unreadable is not ours."""
    from zhoubao.safefiles import read_regular

    try:
        data = read_regular(path, _OWN_OUTPUT_BYTES, "Word 文件")
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            parts = {}
            for name in ("docProps/app.xml", "docProps/core.xml"):
                info = package.getinfo(name)
                if info.file_size > 64 * 1024:
                    return False
                parts[name] = package.read(info).decode("utf-8")
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, ZhoubaoError):
        return False
    return "<Application>zhoubao</Application>" in parts["docProps/app.xml"] and (
        f"<dc:title>{_text(title)}</dc:title>" in parts["docProps/core.xml"]
    )


_OWN_OUTPUT_BYTES = 64 * 1024 * 1024  # a bulletin's .docx is tens of KB; a larger file is not ours


def app_xml(pages: int) -> bytes:
    """docProps/app.xml: the writing application and the pages the pager counted."""
    return _part(
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f"<Template>Normal.dotm</Template><TotalTime>0</TotalTime><Pages>{pages}</Pages>"
        "<Application>zhoubao</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
        "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>"
        "</Properties>"
    )


CUSTOM_PART = "docProps/custom.xml"
_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_CUSTOM_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the format id every custom property carries


def custom_xml(properties: Iterable[tuple[str, str]]) -> bytes:
    """docProps/custom.xml: custom document properties (name, text), as Word's 文件 → 属性 → 自定义
    shows them; property ids start at 2, as the format requires."""
    items = "".join(
        f'<property fmtid="{_CUSTOM_FMTID}" pid="{pid}" name="{_attr(name)}"><vt:lpwstr>{_text(value)}</vt:lpwstr></property>'
        for pid, (name, value) in enumerate(properties, start=2)
    )
    return _part(f'<Properties xmlns="{_CUSTOM_NS}" xmlns:vt="{_VT_NS}">{items}</Properties>')


def package_bytes(parts: Iterable[tuple[str, bytes]], date_time: tuple[int, int, int, int, int, int]) -> bytes:
    """Zip the parts in the order given ([Content_Types].xml first), with fixed entry times and attributes.

    `zipfile.writestr` with a name would stamp the clock, a ZipInfo does not.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, blob in parts:
            info = zipfile.ZipInfo(name, date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            archive.writestr(info, blob)
    return buffer.getvalue()
