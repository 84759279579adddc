"""The project's own layout checks on a rendered .docx: the key rules of docs/format.md.

Written independently of the writer: it opens the package with zipfile and lxml and reads what
the XML says, resolving paragraph and run properties through docDefaults, the style chain and
direct formatting the way Word does. Each rule is a function returning the problems it found,
so a test can check one rule at a time (`RULES`) or all of them (`assert_layout`).

These checks run everywhere, with nothing beside the repository. The external auditor
(`shared/tools/audit_docx.py`, run by CI) is a second, independent opinion on top of them.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"w": W}

# docs/format.md: A4, margins 37/35/28/26 mm, 22 lines of 579 twips, body text 3号 (16 pt).
PAGE_SIZE = {"w": 11906, "h": 16838}
MARGINS = {"top": 2098, "bottom": 1984, "left": 1587, "right": 1474}
LINE_PITCH = 579
LINE_PITCH_MIN = 560  # 28 pt: the tightest grid format.md accepts, still 22 lines a page
DISTRIBUTION_LINE_MIN = 420  # 1.5 lines of 4号 (14 pt): the 版记's rows at their tightest
BODY_SIZE = 32  # half-points
MASTHEAD_NAME_MIN_SIZE = 72  # 小初; the masthead name line is two text lines high, not one
GB2312_CHARSET = "86"
COMPATIBILITY_MODE = "15"

DISTRIBUTION_LINE = re.compile(r"^(报|送|发|抄送)：")
COPIES = re.compile(r"共印\s*\d+\s*份")
CN_DIGITS = "一二三四五六七八九"
LEVEL1 = re.compile(r"^([一二三四五六七八九十]{1,3})、")
LEVEL2 = re.compile(r"^（([一二三四五六七八九十]{1,3})）")
LEVEL3 = re.compile(r"^(\d{1,3})[.．](?!\d)")
LEVEL4 = re.compile(r"^（(\d{1,3})）")


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def chinese_number(text: str) -> int:
    """一 … 九十九 as an int (enough for heading numbers)."""
    if "十" not in text:
        return CN_DIGITS.index(text) + 1
    tens, _, units = text.partition("十")
    return (CN_DIGITS.index(tens) + 1 if tens else 1) * 10 + (CN_DIGITS.index(units) + 1 if units else 0)


def off(element: etree._Element | None) -> bool:
    """An on/off property explicitly switched off."""
    return element is not None and element.get(w("val")) in ("0", "false", "off")


@dataclass
class Package:
    """The parts of a .docx the rules read, parsed once."""

    document: etree._Element
    styles: etree._Element
    settings: etree._Element
    font_table: etree._Element | None
    footers: list[etree._Element] = field(default_factory=list)

    @classmethod
    def open(cls, source: Path | bytes) -> Package:
        data = source if isinstance(source, bytes) else Path(source).read_bytes()
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())

            def part(name: str) -> etree._Element | None:
                return etree.fromstring(package.read(name)) if name in names else None

            footers = [part(name) for name in sorted(names) if re.fullmatch(r"word/footer\d*\.xml", name)]
            return cls(
                part("word/document.xml"),
                part("word/styles.xml"),
                part("word/settings.xml"),
                part("word/fontTable.xml"),
                [f for f in footers if f is not None],
            )

    # ------------------------------------------------------------------ structure
    @property
    def body(self) -> etree._Element:
        return self.document.find("w:body", NS)

    def paragraphs(self) -> list[etree._Element]:
        """Every paragraph of the body, in order, table cells included."""
        return list(self.body.iter(w("p")))

    def in_table(self, p: etree._Element) -> bool:
        return any(a.tag == w("tbl") for a in p.iterancestors())

    def masthead_end(self) -> int | None:
        """Index of the paragraph carrying the masthead's rule (the last masthead paragraph)."""
        for i, p in enumerate(self.paragraphs()[:20]):
            borders = p.find("w:pPr/w:pBdr", NS)
            if borders is not None and any(b.get(w("val")) not in (None, "nil", "none") for b in borders):
                return i
        return None

    def distribution_table(self) -> etree._Element | None:
        """The table holding the 报：/送：/发： lines."""
        for table in self.body.iter(w("tbl")):
            if any(DISTRIBUTION_LINE.match(text_of(p).strip()) for p in table.iter(w("p"))):
                return table
        return None

    def body_paragraphs(self) -> list[etree._Element]:
        """Non-empty paragraphs after the masthead and before the distribution block, outside tables."""
        paragraphs = self.paragraphs()
        end = self.masthead_end()
        table = self.distribution_table()
        stop = len(paragraphs)
        if table is not None:
            first_in_table = next(table.iter(w("p")))
            stop = paragraphs.index(first_in_table)
        start = 0 if end is None else end + 1
        return [p for p in paragraphs[start:stop] if text_of(p).strip() and not self.in_table(p)]

    # ------------------------------------------------------------------ properties
    def style_chain(self, style_id: str | None) -> list[etree._Element]:
        """The style and its basedOn ancestors, root first."""
        by_id = {s.get(w("styleId")): s for s in self.styles.findall("w:style", NS)}
        chain, seen = [], set()
        while style_id and style_id in by_id and style_id not in seen:
            seen.add(style_id)
            chain.append(by_id[style_id])
            based = by_id[style_id].find("w:basedOn", NS)
            style_id = None if based is None else based.get(w("val"))
        return chain[::-1]

    def paragraph_style(self, p: etree._Element) -> str | None:
        named = p.find("w:pPr/w:pStyle", NS)
        if named is not None:
            return named.get(w("val"))
        default = self.styles.find("w:style[@w:type='paragraph'][@w:default='1']", NS)
        return None if default is None else default.get(w("styleId"))

    def ppr_layers(self, p: etree._Element) -> list[etree._Element]:
        """Paragraph property layers, weakest first: docDefaults, style chain, direct."""
        layers = [self.styles.find("w:docDefaults/w:pPrDefault/w:pPr", NS)]
        layers += [s.find("w:pPr", NS) for s in self.style_chain(self.paragraph_style(p))]
        layers.append(p.find("w:pPr", NS))
        return [layer for layer in layers if layer is not None]

    def rpr_layers(self, p: etree._Element, r: etree._Element) -> list[etree._Element]:
        """Run property layers, weakest first: docDefaults, paragraph style, run style, direct."""
        layers = [self.styles.find("w:docDefaults/w:rPrDefault/w:rPr", NS)]
        layers += [s.find("w:rPr", NS) for s in self.style_chain(self.paragraph_style(p))]
        run_style = r.find("w:rPr/w:rStyle", NS)
        if run_style is not None:
            layers += [s.find("w:rPr", NS) for s in self.style_chain(run_style.get(w("val")))]
        layers.append(r.find("w:rPr", NS))
        return [layer for layer in layers if layer is not None]

    def line_spacing(self, p: etree._Element) -> tuple[int | None, str | None]:
        line = rule = None
        for layer in self.ppr_layers(p):
            spacing = layer.find("w:spacing", NS)
            if spacing is not None and spacing.get(w("line")) is not None:
                line, rule = int(spacing.get(w("line"))), spacing.get(w("lineRule"), "auto")
        return line, rule

    def size(self, p: etree._Element, r: etree._Element) -> int:
        size = 20  # Word's built-in default, 10 pt
        for layer in self.rpr_layers(p, r):
            sz = layer.find("w:sz", NS)
            if sz is not None:
                size = int(sz.get(w("val")))
        return size

    def alignment(self, p: etree._Element) -> str | None:
        jc = None
        for layer in self.ppr_layers(p):
            found = layer.find("w:jc", NS)
            if found is not None:
                jc = found.get(w("val"))
        return jc

    def parts(self) -> Iterator[tuple[str, etree._Element]]:
        yield "document", self.document
        yield "styles", self.styles
        for i, footer in enumerate(self.footers, 1):
            yield f"footer{i}", footer


def text_of(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(w("t")))


def text_runs(element: etree._Element) -> list[etree._Element]:
    """Runs that carry text (not field codes, tabs or breaks alone)."""
    return [r for r in element.iter(w("r")) if any(t.text for t in r.findall("w:t", NS))]


def short(p: etree._Element) -> str:
    return text_of(p).strip()[:20]


# ---------------------------------------------------------------------- the rules
def page_size_and_margins(doc: Package) -> list[str]:
    problems = []
    sections = list(doc.body.iter(w("sectPr")))
    if not sections:
        return ["no section properties: Word falls back to US Letter and its own margins"]
    for i, section in enumerate(sections, 1):
        size = section.find("w:pgSz", NS)
        got = {} if size is None else {k: int(size.get(w(k), "0")) for k in PAGE_SIZE}
        if got != PAGE_SIZE:
            problems.append(f"section {i}: page {got}, want A4 {PAGE_SIZE}")
        margins = section.find("w:pgMar", NS)
        got = {} if margins is None else {k: int(margins.get(w(k), "0")) for k in MARGINS}
        if got != MARGINS:
            problems.append(f"section {i}: margins {got}, want {MARGINS}")
    return problems


def exact_line_spacing(doc: Package) -> list[str]:
    """Every text line of the text block is exactly one line of the document's grid (the masthead
    name: two), the grid 579 twips or, when the pager tightened the issue to fit the 版记, no less than
    28 pt (560; format.md accepts 28–29.5 pt); the 版记's rows exact, from 1.5 lines of 4号 to one line."""
    problems = []
    grid = doc.document.find(".//w:body/w:sectPr/w:docGrid", NS)
    pitch = int(grid.get(w("linePitch"), "0")) if grid is not None else 0
    if not LINE_PITCH_MIN <= pitch <= LINE_PITCH:
        problems.append(f"line grid {pitch}, want {LINE_PITCH_MIN}–{LINE_PITCH} twips (22 lines a page)")
    for p in doc.paragraphs():
        runs = text_runs(p)
        if not text_of(p).strip() or max((doc.size(p, r) for r in runs), default=0) >= MASTHEAD_NAME_MIN_SIZE:
            continue
        line, rule = doc.line_spacing(p)
        if doc.in_table(p):
            if rule != "exact" or line is None or not DISTRIBUTION_LINE_MIN <= line <= pitch:
                problems.append(f"版记 line {line} {rule}, want exact {DISTRIBUTION_LINE_MIN}–{pitch}: {short(p)!r}")
        elif (line, rule) != (pitch, "exact"):
            problems.append(f"line spacing {line} {rule}, want exact {pitch}: {short(p)!r}")
    return problems


def east_asian_font_on_every_run(doc: Package) -> list[str]:
    """Each run names its Chinese font itself; no theme font anywhere can override a name."""
    problems = []
    for name, root in doc.parts():
        for fonts in root.iter(w("rFonts")):
            themed = sorted(
                etree.QName(a).localname for a in fonts.attrib if etree.QName(a).localname.endswith("Theme")
            )
            if themed:
                problems.append(f"{name}: rFonts with theme attributes {themed}")
        if name == "styles":
            continue
        for r in text_runs(root):
            fonts = r.find("w:rPr/w:rFonts", NS)
            if fonts is None or not fonts.get(w("eastAsia")):
                text = "".join(t.text or "" for t in r.findall("w:t", NS))
                problems.append(f"{name}: run without w:eastAsia font: {text[:20]!r}")
    return problems


def body_text_is_16pt(doc: Package) -> list[str]:
    """Body text and headings are 3号; centred part titles have their own size."""
    problems = []
    body = doc.body_paragraphs()
    if doc.masthead_end() is None:
        problems.append("no masthead rule found: cannot tell the masthead from the body")
    for p in body:
        if doc.alignment(p) == "center":
            continue
        sizes = sorted({doc.size(p, r) for r in text_runs(p)})
        if sizes != [BODY_SIZE]:
            problems.append(f"sizes {[s / 2 for s in sizes]} pt, want {BODY_SIZE / 2:g} pt: {short(p)!r}")
    return problems


def default_language(doc: Package) -> list[str]:
    """Latin text in English, Chinese text in Chinese, as Word writes it on a Chinese system."""
    lang = doc.styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    got = None if lang is None else (lang.get(w("val")), lang.get(w("eastAsia")))
    if got != ("en-US", "zh-CN"):
        return [f"docDefaults lang (val, eastAsia) is {got}, want ('en-US', 'zh-CN')"]
    return []


def auto_space_off(doc: Package) -> list[str]:
    """No automatic gap between Chinese and Latin letters or digits: 28 characters a line hold."""
    ppr = doc.styles.find("w:docDefaults/w:pPrDefault/w:pPr", NS)
    problems = []
    for tag in ("autoSpaceDE", "autoSpaceDN"):
        found = None if ppr is None else ppr.find(f"w:{tag}", NS)
        if not off(found):
            problems.append(f'docDefaults pPr lacks <w:{tag} w:val="0"/>')
    return problems


def compatibility_mode(doc: Package) -> list[str]:
    """Word 2013 and later open the file without 兼容模式."""
    modes = [s.get(w("val")) for s in doc.settings.iter(w("compatSetting")) if s.get(w("name")) == "compatibilityMode"]
    if modes != [COMPATIBILITY_MODE]:
        return [f"compatibilityMode is {modes}, want ['{COMPATIBILITY_MODE}']"]
    return []


def east_asian_fonts_declared(doc: Package) -> list[str]:
    """Every Chinese font the file names is declared with the GB2312 charset."""
    used = {f.get(w("eastAsia")) for _name, root in doc.parts() for f in root.iter(w("rFonts"))} - {None, ""}
    if doc.font_table is None:
        return [f"no word/fontTable.xml; fonts used: {sorted(used)}"]
    declared = {f.get(w("name")): f for f in doc.font_table.findall("w:font", NS)}
    problems = []
    for name in sorted(used):
        font = declared.get(name)
        if font is None:
            problems.append(f"font {name} is not declared in word/fontTable.xml")
            continue
        charset = font.find("w:charset", NS)
        if charset is None or charset.get(w("val")) != GB2312_CHARSET:
            got = None if charset is None else charset.get(w("val"))
            problems.append(f"font {name}: charset {got}, want {GB2312_CHARSET} (GB2312)")
    return problems


def heading_numbers_in_sequence(doc: Package) -> list[str]:
    """一、二、… under each part title; （一）（二）… under each 一、; 1. 2. and （1）（2）… below."""
    problems = []
    level1 = level2 = level3 = level4 = 0
    for p in doc.body_paragraphs():
        text = text_of(p).strip()
        if doc.alignment(p) == "center":  # a part title (or its period line) restarts the numbering
            level1 = level2 = level3 = level4 = 0
            continue
        if m := LEVEL1.match(text):
            number, expected = chinese_number(m.group(1)), level1 + 1
            level1, level2, level3, level4 = number, 0, 0, 0
        elif m := LEVEL2.match(text):
            number, expected = chinese_number(m.group(1)), level2 + 1
            level2, level3, level4 = number, 0, 0
        elif m := LEVEL4.match(text):
            number, expected = int(m.group(1)), level4 + 1
            level4 = number
        elif m := LEVEL3.match(text):
            number, expected = int(m.group(1)), level3 + 1
            level3, level4 = number, 0
        else:
            continue
        if number != expected:
            problems.append(f"numbered {m.group(0)} where number {expected} belongs: {short(p)!r}")
    return problems


def copies_line_inside_the_distribution_table(doc: Package) -> list[str]:
    """（共印N份） sits inside the ruled block, and the closing rule is the last thing in the body."""
    table = doc.distribution_table()
    if table is None:
        return ["no distribution table (报：/送：/发： lines between rules)"]
    problems = []
    for p in doc.paragraphs():
        if COPIES.search(text_of(p)) and not any(a is table for a in p.iterancestors()):
            problems.append(f"copies line outside the distribution table: {short(p)!r}")
    after = [el for el in table.itersiblings() if el.tag != w("sectPr")]
    trailing = [short(el) for el in after if "".join(t.text or "" for t in el.iter(w("t"))).strip()]
    if trailing:
        problems.append(f"text after the distribution block: {trailing}")
    return problems


Rule = Callable[[Package], list[str]]
RULES: dict[str, Rule] = {
    "page": page_size_and_margins,
    "line-spacing": exact_line_spacing,
    "east-asian-fonts": east_asian_font_on_every_run,
    "body-size": body_text_is_16pt,
    "default-language": default_language,
    "auto-space": auto_space_off,
    "compatibility-mode": compatibility_mode,
    "font-table": east_asian_fonts_declared,
    "heading-numbers": heading_numbers_in_sequence,
    "copies-in-table": copies_line_inside_the_distribution_table,
}


def layout_problems(source: Path | bytes, rules: dict[str, Rule] = RULES) -> list[str]:
    """Every problem the rules find, each prefixed with its rule's name."""
    doc = Package.open(source)
    return [f"[{name}] {problem}" for name, rule in rules.items() for problem in rule(doc)]


def assert_layout(source: Path | bytes) -> None:
    """Fail with every problem listed, one a line."""
    problems = layout_problems(source)
    assert not problems, "layout problems:\n" + "\n".join(problems)
