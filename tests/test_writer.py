"""The writer: the seed bulletin comes out of Word-ready .docx in the official layout.

Every test reads the written file back (zipfile + lxml), the way Word or the audit would.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from tests.conftest import AUDIT, AUDIT_MISSING
from tests.seed_outline import (
    SEED_BODY,
    distribution,
    long_outline,
    masthead,
    properties,
    seed_outline,
    text,
)
from zhoubao import word
from zhoubao.errors import ZhoubaoError
from zhoubao.outline import Distribution, Heading, Outline, Paragraph, PartTitle, Run
from zhoubao.word import emit, measure, ooxml, pdf

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
TEXT_BLOCK_BOTTOM = 16838 - 1984  # twips from the page top
PITCH = 579


def w(name: str) -> str:
    return f"{{{W}}}{name}"


class Docx:
    """A written .docx opened for reading: parts as lxml trees, helpers to find paragraphs."""

    def __init__(self, data: bytes):
        self.data = data
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        self.document = self.xml("word/document.xml")
        self.styles = self.xml("word/styles.xml")
        self.settings = self.xml("word/settings.xml")

    def xml(self, name: str) -> etree._Element:
        return etree.fromstring(self.zip.read(name))

    @property
    def body(self) -> etree._Element:
        return self.document.find("w:body", NS)

    def paragraphs(self) -> list[etree._Element]:
        return list(self.body.iter(w("p")))

    def paragraph(self, starts: str) -> etree._Element:
        return next(p for p in self.paragraphs() if text_of(p).startswith(starts))

    def footer(self, kind: str) -> etree._Element:
        sect = self.body.find("w:sectPr", NS)
        rid = sect.find(f"w:footerReference[@w:type='{kind}']", NS).get(
            "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
        )
        rels = self.xml("word/_rels/document.xml.rels")
        target = next(r.get("Target") for r in rels if r.get("Id") == rid)
        return self.xml(f"word/{target}")


def text_of(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(w("t")))


def runs_of(p: etree._Element) -> list[etree._Element]:
    return [r for r in p.iter(w("r")) if r.find("w:t", NS) is not None]


def val(el: etree._Element, path: str, attr: str = "val") -> str | None:
    found = el.find(path, NS)
    return None if found is None else found.get(w(attr))


@pytest.fixture(scope="module")
def seed() -> Docx:
    return Docx(word.render_docx(seed_outline()))


@pytest.fixture(scope="module")
def long() -> Docx:
    return Docx(word.render_docx(long_outline()))


def audit(path: Path) -> list[dict]:
    if not AUDIT.exists():
        pytest.skip(AUDIT_MISSING)
    spec = importlib.util.spec_from_file_location("audit_docx", AUDIT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.Audit(str(path)).run()


# ------------------------------------------------------------------ the audit
@pytest.mark.parametrize(
    "outline", [seed_outline(), long_outline(), seed_outline(draft_mark="送审稿")], ids=["seed", "three-pages", "draft"]
)
def test_the_audit_finds_no_deviation(outline: Outline, tmp_path: Path) -> None:
    path = tmp_path / "out.docx"
    word.write_docx(outline, path)
    assert audit(path) == []


# ------------------------------------------------------------------ fonts
def test_every_run_names_its_chinese_font_and_no_theme_font(seed: Docx) -> None:
    for name in ("word/document.xml", "word/styles.xml", "word/footer1.xml", "word/footer2.xml"):
        xml = seed.zip.read(name).decode()
        assert not re.search(r"w:\w*[Tt]heme=", xml), f"theme font attribute left in {name}"
    runs = [r for p in seed.paragraphs() for r in runs_of(p)]
    assert runs
    for r in runs:
        fonts = r.find("w:rPr/w:rFonts", NS)
        assert fonts.get(w("eastAsia")), text_of(r)
        assert fonts.get(w("hint")) == "eastAsia"
        assert fonts.get(w("ascii")) == fonts.get(w("hAnsi")) == fonts.get(w("cs")) == "Times New Roman"


def test_defaults_and_normal_style_are_chinese(seed: Docx) -> None:
    defaults = seed.styles.find("w:docDefaults/w:rPrDefault/w:rPr", NS)
    assert val(defaults, "w:rFonts", "eastAsia") == "仿宋_GB2312"
    assert val(defaults, "w:rFonts", "ascii") == "Times New Roman"
    # L1: Latin text and digits in en-US (a CJK value lets `2022` break across lines), Chinese in zh-CN
    assert val(defaults, "w:lang") == "en-US" and val(defaults, "w:lang", "eastAsia") == "zh-CN"
    normal = seed.styles.find("w:style[@w:styleId='Normal']", NS)
    assert val(normal, "w:rPr/w:rFonts", "eastAsia") == "仿宋_GB2312"
    assert val(normal, "w:rPr/w:sz") == "32"
    # Word's schema order inside a style: name, ..., qFormat, ..., pPr, rPr
    tags = [etree.QName(child).localname for child in normal]
    assert tags == ["name", "qFormat", "pPr", "rPr"]
    assert seed.settings.find("w:themeFontLang", NS).get(w("eastAsia")) == "zh-CN"


# ------------------------------------------------------------------ sizes and paragraphs
@pytest.mark.parametrize(
    ("starts", "font", "size"),
    [
        ("窗口工作周报", "方正小标宋简体", "84"),
        ("2022年第33期", "仿宋_GB2312", "32"),
        ("四川省政府政务服务", "仿宋_GB2312", "28"),  # unit and date do not fit one line at 16 pt
        ("政务服务工作", "方正小标宋简体", "44"),
        ("（9月26日", "楷体_GB2312", "32"),
        ("一、省级政务服务", "黑体", "32"),
        ("（一）优化营商环境", "楷体_GB2312", "32"),
        ("据四川一体化", "仿宋_GB2312", "32"),
        ("报：", "仿宋_GB2312", "28"),
        ("发：", "仿宋_GB2312", "28"),  # （共印80份） on its last line: the seed is fitted to four pages
    ],
)
def test_fonts_and_sizes(seed: Docx, starts: str, font: str, size: str) -> None:
    for r in runs_of(seed.paragraph(starts)):
        assert val(r, "w:rPr/w:rFonts", "eastAsia") == font
        assert val(r, "w:rPr/w:sz") == size == val(r, "w:rPr/w:szCs")
        # 16 pt runs are narrowed by 0.25 pt so 28 characters fit a line; others set 0 explicitly
        assert val(r, "w:rPr/w:spacing") == ("-5" if size == "32" else "0")


def test_masthead_name_is_red_and_centred_above_a_red_rule(seed: Docx) -> None:
    name = seed.paragraph("窗口工作周报")
    assert val(name, "w:pPr/w:jc") == "center"
    assert {val(r, "w:rPr/w:color") for r in runs_of(name)} == {"FF0000"}
    unit = seed.paragraph("四川省政府政务服务")
    assert text_of(unit) == "四川省政府政务服务和公共资源交易服务中心2022年11月1日"
    assert unit.find(".//w:tab", NS) is not None  # date on the same line, at a right tab stop
    assert val(unit, "w:pPr/w:tabs/w:tab") == "right"
    assert val(unit, "w:pPr/w:ind", "firstLine") == "280"  # one 14 pt character
    rule = unit.find("w:pPr/w:pBdr/w:bottom", NS)
    assert (rule.get(w("val")), rule.get(w("sz")), rule.get(w("color"))) == ("single", "18", "FF0000")


def test_a_short_unit_keeps_16pt(tmp_path: Path) -> None:
    head = dataclasses.replace(masthead(), unit="某某局办公室")
    doc = Docx(word.render_docx(Outline((head, *SEED_BODY, distribution()), properties())))
    assert {val(r, "w:rPr/w:sz") for r in runs_of(doc.paragraph("某某局办公室"))} == {"32"}


def test_draft_mark_stands_top_right_above_the_name() -> None:
    doc = Docx(word.render_docx(seed_outline(draft_mark="送审稿")))
    texts = [text_of(p) for p in doc.paragraphs() if text_of(p)]
    assert texts[:2] == ["送审稿", "窗口工作周报"]
    mark = doc.paragraph("送审稿")
    assert val(mark, "w:pPr/w:jc") == "right"
    assert val(mark, "w:r/w:rPr/w:rFonts", "eastAsia") == "黑体"


@pytest.mark.parametrize(("document", "pitch"), [("long", "579"), ("seed", "561")])
def test_body_and_heading_paragraphs_are_on_the_line_grid(request, document: str, pitch: str) -> None:
    """On 579 twips, or for the seed, fitted to four pages, on 561 (28.05 pt): one grid either way."""
    doc = request.getfixturevalue(document)
    assert doc.body.find("w:sectPr/w:docGrid", NS).get(w("linePitch")) == pitch
    starts_with = ("一、窗口工作动态", "（一）窗口服务效能", "（1）9月28日") if document == "long" else ()
    for starts in starts_with or ("一、省级政务服务", "（一）优化营商环境", "据四川一体化", "（六）大厅防控情况"):
        p = doc.paragraph(starts)
        spacing = p.find("w:pPr/w:spacing", NS)
        assert (spacing.get(w("line")), spacing.get(w("lineRule"))) == (pitch, "exact")
        assert spacing.get(w("before")) == spacing.get(w("after")) == "0"
        assert val(p, "w:pPr/w:ind", "firstLineChars") == "200"
        assert val(p, "w:pPr/w:ind", "firstLine") == "640"
        assert val(p, "w:pPr/w:jc") == "both"


def test_run_in_label_is_bold(seed: Docx) -> None:
    label, finding = runs_of(seed.paragraph("（一）按时到岗情况"))
    assert text_of(label) == "（一）按时到岗情况。" and label.find("w:rPr/w:b", NS) is not None
    assert text_of(finding) == "总体情况良好。" and finding.find("w:rPr/w:b", NS) is None


def test_page_is_a4_with_the_official_margins(long: Docx) -> None:
    sect = long.body.find("w:sectPr", NS)
    assert (val(sect, "w:pgSz", "w"), val(sect, "w:pgSz", "h")) == ("11906", "16838")
    margins = sect.find("w:pgMar", NS)
    assert {k: margins.get(w(k)) for k in ("top", "bottom", "left", "right", "footer")} == {
        "top": "2098",
        "bottom": "1984",
        "left": "1587",
        "right": "1474",
        "footer": "1400",
    }
    grid = sect.find("w:docGrid", NS)
    assert grid.get(w("linePitch")) == "579" and grid.get(w("charSpace")) is None


# ------------------------------------------------------------------ distribution block
def test_distribution_lines_sit_in_a_ruled_full_width_table(long: Docx) -> None:
    tables = long.body.findall("w:tbl", NS)
    assert len(tables) == 1
    table = tables[0]
    assert [text_of(p) for p in table.iter(w("p"))] == [
        "报：中心领导。",
        "送：各相关省级部门（单位），中心各处（室）、直属单位。",
        "发：各部门窗口。",
        "（共印80份）",
    ]
    borders = table.find("w:tblPr/w:tblBorders", NS)
    sizes = {
        edge: (val(borders, f"w:{edge}"), val(borders, f"w:{edge}", "sz"), val(borders, f"w:{edge}", "color"))
        for edge in ("top", "insideH", "bottom")
    }
    assert sizes == {
        "top": ("single", "8", "000000"),
        "insideH": ("single", "6", "000000"),
        "bottom": ("single", "8", "000000"),
    }
    assert val(borders, "w:left") == val(borders, "w:right") == val(borders, "w:insideV") == "nil"
    assert val(table, "w:tblPr/w:tblW", "w") == str(11906 - 1587 - 1474)
    margins = table.find("w:tblPr/w:tblCellMar", NS)
    assert {val(margins, f"w:{side}", "w") for side in ("top", "left", "bottom", "right")} == {"0"}
    # 1 字 in from both sides; wrapped lines align after 报：
    ind = table.find(".//w:p/w:pPr/w:ind", NS)
    assert (ind.get(w("left")), ind.get(w("hanging")), ind.get(w("right"))) == ("840", "560", "280")


def test_copies_line_is_the_last_ruled_row_right_aligned(long: Docx, seed: Docx) -> None:
    """D4: （共印80份） inside the rules, the closing rule last; nothing with text follows the table."""
    table = long.body.find("w:tbl", NS)
    copies = table.findall("w:tr", NS)[-1].find(".//w:p", NS)
    assert text_of(copies) == "（共印80份）"
    assert val(copies, "w:pPr/w:jc") == "right" and val(copies, "w:pPr/w:ind", "right") == "280"
    last = long.body.findall("w:p", NS)[-1]
    assert last.getprevious() is table and text_of(last) == ""
    assert val(last, "w:pPr/w:spacing", "line") == "14"  # 0.7 pt: Word needs a paragraph after a table
    # Fitted (the seed): the copies in a cell of their own beside the 发 line, a paragraph of their own.
    last_row = seed.body.find("w:tbl", NS).findall("w:tr", NS)[-1]
    fa, copies = (cell.find(".//w:p", NS) for cell in last_row.findall("w:tc", NS))
    assert (text_of(fa), text_of(copies)) == ("发：各部门窗口。", "（共印80份）")
    assert val(copies, "w:pPr/w:jc") == "right" and val(copies, "w:pPr/w:ind", "right") == "280"
    widths = [int(col.get(w("w"))) for col in seed.body.find("w:tbl/w:tblGrid", NS)]
    assert (
        sum(widths) == 11906 - 1587 - 1474 and widths[1] == 6 * 280 + 2 * 280
    )  # （共印份）and two half-width digits, a character each side


def spacer_height(doc: Docx) -> int:
    """Height of the spacer paragraph in front of the distribution table."""
    spacer = doc.body.find("w:tbl", NS).getprevious()
    assert text_of(spacer) == ""
    return int(val(spacer, "w:pPr/w:spacing", "line"))


def test_spacer_fills_the_last_page_down_to_the_block(seed: Docx, long: Docx) -> None:
    # Block: 4 rows (报 送 发 and the copies), rules (20+15+15+15+20), the 0.7-point paragraph after
    # the table, 2 margin. Three-page outline: the last page holds the last item's 9 lines after its
    # 2-line carry-over.
    block = 4 * PITCH + 85 + 14 + 2
    assert spacer_height(long) == (16838 - 2098 - 1984) - 11 * PITCH - block
    # The seed's page 4 ends with （六） two lines above the foot: fitted, its 20 lines at 561 twips
    # and a block of three rows of 21 pt (the copies on the 发 line) stand on it, no page break.
    fitted = 3 * 420 + 20 + 15 + 15 + 20 + 14 + 2
    assert spacer_height(seed) == (16838 - 2098 - 1984) - 20 * 561 - fitted
    spacer = seed.body.find("w:tbl", NS).getprevious()
    assert spacer.find("w:pPr/w:pageBreakBefore", NS) is None
    assert spacer.find("w:pPr/w:keepNext", NS) is not None and spacer.find("w:pPr/w:keepLines", NS) is not None


def test_a_block_that_does_not_fit_starts_a_new_page() -> None:
    # Fill page one to its last line: the block cannot follow on that page.
    filler = tuple(text("政" * 26) for _ in range(30))
    for count in range(8, 20):
        outline = Outline((masthead(), *filler[:count], distribution()), properties())
        doc = Docx(word.render_docx(outline))
        spacer = doc.body.find("w:tbl", NS).getprevious()
        if spacer.find("w:pPr/w:pageBreakBefore", NS) is not None:
            assert int(val(spacer, "w:pPr/w:spacing", "line")) == 12756 - (4 * PITCH + 85 + 14 + 2)
            return
    pytest.fail("no filler length pushed the distribution block to a new page")


def test_distribution_without_copies_still_ends_with_a_paragraph() -> None:
    outline = Outline((masthead(), *SEED_BODY, Distribution(distribution().lines, "")), properties())
    doc = Docx(word.render_docx(outline))
    last = doc.body.findall("w:p", NS)[-1]
    assert text_of(last) == "" and last.getprevious().tag == w("tbl")


# ------------------------------------------------------------------ page numbers
@pytest.mark.parametrize(("kind", "align", "side"), [("default", "right", "right"), ("even", "left", "left")])
def test_page_numbers_are_fields_between_dashes(seed: Docx, kind: str, align: str, side: str) -> None:
    footer = seed.footer(kind)
    (p,) = footer.findall("w:p", NS)
    assert val(p, "w:pPr/w:jc") == align
    assert val(p, "w:pPr/w:ind", side) == "280"  # one 14 pt character in from the edge
    pieces = []
    for r in p.findall("w:r", NS):
        assert val(r, "w:rPr/w:rFonts", "eastAsia") == "宋体" and val(r, "w:rPr/w:sz") == "28"
        child = r[-1]
        pieces.append(child.get(w("fldCharType")) or child.text)
    assert pieces == ["— ", "begin", " PAGE ", "separate", "1", "end", " —"]
    assert seed.settings.find("w:evenAndOddHeaders", NS) is not None


def footer_pieces(p: etree._Element) -> list[str]:
    return [r[-1].get(w("fldCharType")) or r[-1].text for r in p.findall("w:r", NS)]


def test_a_kind_writes_its_own_page_numbers() -> None:
    outline = dataclasses.replace(
        seed_outline(), layout={"page_number_format": "第{page}页", "page_number_align": "center"}
    )
    doc = Docx(word.render_docx(outline))
    for kind in ("default", "even"):
        (p,) = doc.footer(kind).findall("w:p", NS)
        assert val(p, "w:pPr/w:jc") == "center"
        assert {val(p, "w:pPr/w:ind", side) for side in ("left", "right")} <= {None, "0"}
        assert footer_pieces(p) == ["第", "begin", " PAGE ", "separate", "1", "end", "页"]


def test_one_sided_print_puts_every_page_number_on_the_right() -> None:
    outline = dataclasses.replace(seed_outline(), layout={"page_number_format": "{page}", "page_number_align": "right"})
    doc = Docx(word.render_docx(outline))
    for kind in ("default", "even"):
        (p,) = doc.footer(kind).findall("w:p", NS)
        assert val(p, "w:pPr/w:jc") == "right" and val(p, "w:pPr/w:ind", "right") == "280"
        assert footer_pieces(p) == ["begin", " PAGE ", "separate", "1", "end"]  # no empty runs around it


# ------------------------------------------------------------------ same input, same bytes
def test_rendering_twice_gives_the_same_bytes(tmp_path: Path) -> None:
    first, second = tmp_path / "a.docx", tmp_path / "b.docx"
    word.write_docx(seed_outline(), first)
    word.render_docx(long_outline())  # another issue in between changes nothing
    word.write_docx(seed_outline(), second)
    assert first.read_bytes() == second.read_bytes()


def test_package_dates_come_from_the_issue(seed: Docx) -> None:
    assert {info.date_time for info in seed.zip.infolist()} == {(2022, 11, 1, 0, 0, 0)}
    core = seed.zip.read("docProps/core.xml").decode()
    assert '<dcterms:created xsi:type="dcterms:W3CDTF">2022-11-01T00:00:00Z</dcterms:created>' in core
    assert '<dcterms:modified xsi:type="dcterms:W3CDTF">2022-11-01T00:00:00Z</dcterms:modified>' in core
    assert "<dc:creator>四川省政府政务服务和公共资源交易服务中心</dc:creator>" in core
    assert "<dc:title>窗口工作周报 2022年第33期</dc:title>" in core
    assert "python-docx" not in core
    assert seed.zip.namelist()[0] == "[Content_Types].xml"


# ------------------------------------------------------------------ user text is data
def test_user_text_comes_out_literally() -> None:
    tricky = "合计{{ 7*7 }}件，见<w:p>标签 & “引号”"
    outline = Outline((masthead(), Heading(1, "一、{{ title }} & <b>"), text(tricky), distribution()), properties())
    doc = Docx(word.render_docx(outline))
    assert doc.paragraph("合计").find(".//w:t", NS).text == tricky
    assert text_of(doc.paragraph("一、")) == "一、{{ title }} & <b>"
    raw = doc.zip.read("word/document.xml").decode()
    assert "&lt;w:p&gt;" in raw and "{{ 7*7 }}" in raw and "&amp; " in raw
    assert "合计49件" not in "".join(text_of(p) for p in doc.paragraphs())


def test_control_characters_are_refused_in_chinese() -> None:
    outline = Outline((masthead(), text("响铃\x07字符"), distribution()), properties())
    with pytest.raises(ZhoubaoError, match="控制字符"):
        word.render_docx(outline)


def test_tabs_and_newlines_become_word_tabs_and_breaks() -> None:
    doc = Docx(word.render_docx(Outline((masthead(), text("甲\t乙\n丙"), distribution()), properties())))
    run = runs_of(doc.paragraph("甲"))[0]
    assert [etree.QName(c).localname for c in run][1:] == ["t", "tab", "t", "br", "t"]


def _xml_can_carry(ch: str) -> bool:
    return not (ch < " " and ch not in "\t\n\r") and ch not in "\ufffe\uffff" and not "\ud800" <= ch <= "\udfff"


def _written_text(p: etree._Element) -> str:
    pieces = {w("tab"): "\t", w("br"): "\n"}
    return "".join(
        child.text or "" if child.tag == w("t") else pieces.get(child.tag, "")
        for r in p.findall("w:r", NS)
        for child in r
    )


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.one_of(st.characters(), st.sampled_from("\x00\x07\r\t\n\ud800\udfff\ufffe\uffff&<>\"' \u3000")), min_size=1
    ).map("".join)
)  # st.text() never makes lone surrogates
def test_any_text_comes_back_as_written_or_is_refused(typed: str) -> None:
    """The writer escapes text itself: whatever a clerk types reads back unchanged from a well-formed
    file, or is refused in Chinese when XML cannot carry it."""
    outline = Outline((masthead(), text("开头", typed), distribution()), properties())
    if not all(map(_xml_can_carry, typed)):
        with pytest.raises(ZhoubaoError, match="控制字符"):
            word.render_docx(outline)
        return
    doc = Docx(word.render_docx(outline))
    assert _written_text(doc.paragraph("开头")) == "开头" + typed.replace("\r\n", "\n").replace("\r", "\n")


@given(st.one_of(st.characters(), st.sampled_from("\r\t\n\x00\x1f\x7f\x85\ud800\udfff\ufffe\uffff")))
def test_what_a_clerk_may_type_is_what_the_writer_writes(ch: str) -> None:
    """One rule for characters a .docx cannot hold: the check on a clerk's text (values) and the
    writer's refuse the same ones, so nothing that passes `check` stops a render."""
    from zhoubao.validate import bad_char

    try:
        ooxml.check_xml_chars(ch)
        written = True
    except ooxml.InvalidTextError:
        written = False
    assert written == (not bad_char(ch)) == _xml_can_carry(ch)


# ------------------------------------------------------------------ layout overrides and block order
def test_layout_overrides_apply() -> None:
    outline = dataclasses.replace(seed_outline(), layout={"red": "C00000", "masthead_rule_style": "thickThinSmallGap"})
    doc = Docx(word.render_docx(outline))
    assert {val(r, "w:rPr/w:color") for r in runs_of(doc.paragraph("窗口工作周报"))} == {"C00000"}
    assert val(doc.paragraph("四川省政府"), "w:pPr/w:pBdr/w:bottom") == "thickThinSmallGap"


@pytest.mark.parametrize(
    ("layout", "message"),
    [
        ({"body_sise": 32}, "未知项：body_sise"),
        ({"body_size": "32"}, "应为整数"),
        ({"line_pitch": 0}, "应为正数"),
        ({"red": "red"}, "十六进制颜色"),
        ({"body_font": ""}, "非空文字"),
        ({"body_font": "仿宋\x07"}, "控制字符"),
        ({"masthead_rule_style": "wavy"}, "masthead_rule_style"),
        ({"page_number_format": "— 1 —"}, "有且只有一个 {page}"),
        ({"page_number_format": "{page}/{page}"}, "有且只有一个 {page}"),
        ({"page_number_format": "第{page}页\x07"}, "page_number_format"),
        ({"page_number_align": "inside"}, "page_number_align.*outside、right、center"),
    ],
)
def test_bad_layout_is_refused_in_chinese(layout: dict, message: str) -> None:
    with pytest.raises(ZhoubaoError, match=message):
        word.render_docx(dataclasses.replace(seed_outline(), layout=layout))


def test_masthead_first_and_distribution_last() -> None:
    blocks = seed_outline().blocks
    with pytest.raises(ZhoubaoError, match="报头"):
        word.render_docx(Outline((blocks[1], *blocks), properties()))
    with pytest.raises(ZhoubaoError, match="报尾"):
        word.render_docx(Outline((*blocks, blocks[2]), properties()))


def test_a_later_part_title_is_set_apart_by_a_blank_line() -> None:
    second = (
        PartTitle("公共资源交易工作", "（9月26日—9月30日）"),
        Heading(1, "一、交易情况"),
        text("本周完成交易项目12个。"),
    )
    first = (PartTitle("政务服务工作"), Heading(1, "一、窗口工作动态"), text("本周办件12件。"))
    outline = Outline((masthead(), *first, *second, distribution()), properties())
    doc = Docx(word.render_docx(outline))
    title = doc.paragraph("公共资源交易工作")
    assert text_of(title.getprevious()) == "" and text_of(title.getprevious().getprevious()) == "本周办件12件。"
    assert title.find("w:pPr/w:keepNext", NS) is not None


def test_the_template_is_prepared_once_per_layout() -> None:
    word.render_docx(seed_outline())
    before = emit._template_parts.cache_info()
    word.render_docx(long_outline())
    after = emit._template_parts.cache_info()
    assert after.hits == before.hits + 1 and after.misses == before.misses


# ------------------------------------------------------------------ counting lines
def cjk(n: int) -> list[tuple[str, int, int]]:
    return [("政" * n, 32, -5)]


WIDTH = 11906 - 1587 - 1474


def test_a_line_holds_28_characters_and_26_after_the_indent() -> None:
    assert measure.count_lines(cjk(28), WIDTH, WIDTH) == 1
    assert measure.count_lines(cjk(29), WIDTH, WIDTH) == 2
    assert measure.count_lines(cjk(26), WIDTH - 640, WIDTH) == 1
    assert measure.count_lines(cjk(27), WIDTH - 640, WIDTH) == 2


def test_a_closing_mark_never_starts_a_line() -> None:
    # 56 characters would fill two lines, but the 29th is a closing mark: the 28th goes down with it.
    assert measure.count_lines([("政" * 28 + "”" + "政" * 27, 32, -5)], WIDTH, WIDTH) == 3
    # An opening mark never ends a line: it goes down to its character.
    assert measure.count_lines([("政" * 27 + "“" + "政" * 28, 32, -5)], WIDTH, WIDTH) == 3
    assert measure.count_lines([("政" * 56, 32, -5)], WIDTH, WIDTH) == 2


def test_latin_words_and_numbers_are_not_broken() -> None:
    # 27 characters, then an eight-digit number: it cannot start on line one.
    assert measure.count_lines([("政" * 27 + "19985725", 32, -5)], WIDTH, WIDTH) == 2
    # A word set in two runs is still one word.
    assert measure.count_lines([("政" * 27 + "199", 32, -5), ("85725", 32, -5)], WIDTH, WIDTH) == 2
    assert measure.text_width("2022", 32, -5) < measure.text_width("政政政", 32, -5)


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=1, max_value=400))
def test_plain_chinese_fills_lines_evenly(n: int) -> None:
    first_line = 26
    expected = 1 if n <= first_line else 1 + -(-(n - first_line) // 28)
    assert measure.count_lines(cjk(n), WIDTH - 640, WIDTH) == expected


# ------------------------------------------------------------------ PDF preview
needs_soffice = pytest.mark.skipif(
    pdf.find_soffice() is None or shutil.which("pdftotext") is None, reason="LibreOffice or poppler-utils not installed"
)


def pdf_lines(path: Path) -> list[list[tuple[float, float, float, str]]]:
    """Per page: (xMin, yMin, yMax in twips from the page top, text) of each text line."""
    out = subprocess.run(
        ["pdftotext", "-bbox-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages: list[list[tuple[float, float, float, str]]] = []
    for page in out.split("<page ")[1:]:
        lines = []
        for m in re.finditer(
            r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(.*?)</line>', page, re.S
        ):
            words = "".join(re.findall(r">([^<]*)</word>", m.group(4)))
            lines.append((float(m.group(1)) * 20, float(m.group(2)) * 20, float(m.group(3)) * 20, words))
        pages.append(lines)
    return pages


@pytest.fixture(scope="module")
def outline_previews(tmp_path_factory: pytest.TempPathFactory, previews) -> dict[str, Path]:
    """The previews of the seed and of a three-page outline, made in one conversion."""
    folder = tmp_path_factory.mktemp("writer-previews")
    outlines = {"seed": seed_outline(), "three-pages": long_outline()}
    for name, outline in outlines.items():
        word.write_docx(outline, folder / f"{name}.docx")
    return dict(zip(outlines, previews([folder / f"{name}.docx" for name in outlines]), strict=True))


@needs_soffice
@pytest.mark.parametrize("name", ["seed", "three-pages"])
def test_pdf_has_the_block_at_the_foot_of_the_last_page(name: str, outline_previews: dict[str, Path]) -> None:
    pages = pdf_lines(outline_previews[name])
    assert len(pages) >= 3
    copies = [line for line in pages[-1] if "共印" in line[3]]
    assert len(copies) == 1, "the copies line must be on the last page"
    assert 0 <= TEXT_BLOCK_BOTTOM - copies[0][2] <= PITCH  # within one line of the text-block bottom
    assert not any("共印" in line[3] or line[3].startswith("报：") for page in pages[:-1] for line in page)
    for number, page in enumerate(pages, start=1):
        (mark,) = [line for line in page if re.fullmatch(rf"—\s*{number}\s*—", line[3])]
        assert (mark[0] < 11906 / 2) == (number % 2 == 0), f"page {number} number on the wrong side"
        assert mark[1] > TEXT_BLOCK_BOTTOM  # below the text block


def test_fontconfig_maps_the_official_fonts() -> None:
    conf = pdf.fontconfig_text()
    assert '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>' in conf
    for official, free in (
        ("仿宋_GB2312", "Noto Serif CJK SC"),
        ("黑体", "Noto Sans CJK SC"),
        ("楷体_GB2312", "AR PL UKai CN"),
        ("方正小标宋简体", "Noto Serif CJK SC"),
        ("宋体", "Noto Serif CJK SC"),
    ):
        assert re.search(rf"<string>{official}</string></test>\s*<edit [^>]*><string>{free}</string>", conf)
    etree.fromstring(conf.split("\n", 2)[2].encode())  # well-formed after the prolog


def test_missing_libreoffice_is_explained(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    with pytest.raises(ZhoubaoError, match="未找到 LibreOffice.*libreoffice-writer-nogui"):
        pdf.to_pdf(tmp_path / "x.docx", tmp_path / "x.pdf")


def fake_soffice(tmp_path: Path, script: str, monkeypatch: pytest.MonkeyPatch) -> None:
    exe = tmp_path / "soffice"
    exe.write_text("#!/bin/sh\n" + script)
    exe.chmod(0o755)
    monkeypatch.setattr(pdf, "find_soffice", lambda: str(exe))


def test_a_hung_libreoffice_is_stopped(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fake_soffice(tmp_path, "sleep 30\n", monkeypatch)
    source = tmp_path / "x.docx"
    source.write_bytes(word.render_docx(seed_outline()))
    with pytest.raises(ZhoubaoError, match="超时"):
        pdf.to_pdf(source, tmp_path / "x.pdf", timeout=1)


def test_exit_zero_without_a_pdf_is_an_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fake_soffice(tmp_path, "exit 0\n", monkeypatch)
    source = tmp_path / "x.docx"
    source.write_bytes(b"PK")
    with pytest.raises(ZhoubaoError, match="未能生成 PDF"):
        pdf.to_pdf(source, tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_several_files_convert_in_one_libreoffice_run_per_step(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """pdf.to_pdfs: files whose names differ share one LibreOffice run for the .odt step and one for the
    PDF step; a second file of the same name (LibreOffice names its output after the input) goes in
    runs of its own; each PDF is made from its own .docx."""
    runs = tmp_path / "runs.txt"
    fake_soffice(  # copies each input to OUTDIR/STEM.FORMAT and writes down its run
        tmp_path,
        "out=; fmt=; files=\n"
        'while [ $# -gt 0 ]; do case "$1" in\n'
        '  --outdir) out=$2; shift;; --convert-to) fmt=${2%%:*}; shift;; -*) ;; *) files="$files $1";;\n'
        "esac; shift; done\n"
        f'mkdir -p "$out"; echo "$fmt$files" >> {runs}\n'
        'for f in $files; do n=$(basename "$f"); cp "$f" "$out/${n%.*}.$fmt"; done\n',
        monkeypatch,
    )
    sources = [tmp_path / "a" / "x.docx", tmp_path / "b" / "x.docx", tmp_path / "a" / "y.docx"]
    for source in sources:
        source.parent.mkdir(exist_ok=True)
        with zipfile.ZipFile(source, "w") as archive:
            archive.writestr("which", str(source))
    made = pdf.to_pdfs([(source, tmp_path / f"{k}.pdf") for k, source in enumerate(sources)])
    assert made == [tmp_path / f"{k}.pdf" for k in range(3)]
    for source, result in zip(sources, made, strict=True):
        assert zipfile.ZipFile(result).read("which").decode() == str(source)
    steps = [(line.split()[0], [Path(f).name for f in line.split()[1:]]) for line in runs.read_text().splitlines()]
    assert steps == [
        ("odt", ["x.docx", "y.docx"]),
        ("pdf", ["x.odt", "y.odt"]),
        ("odt", ["x.docx"]),
        ("pdf", ["x.odt"]),
    ]


def test_paragraph_with_runs_of_all_styles() -> None:
    runs = (Run("（一）", "hei"), Run("楷体", "kai"), Run("加粗", "bold"), Run("正文"))
    doc = Docx(word.render_docx(Outline((masthead(), Paragraph(runs), distribution()), properties())))
    fonts = [val(r, "w:rPr/w:rFonts", "eastAsia") for r in runs_of(doc.paragraph("（一）楷体"))]
    assert fonts == ["黑体", "楷体_GB2312", "仿宋_GB2312", "仿宋_GB2312"]


# ------------------------------------------------------------------ the data classes
def _records(value: object, found: list) -> None:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        found.append(value)
        for f in dataclasses.fields(value):
            _records(getattr(value, f.name), found)
    elif isinstance(value, list | tuple):
        for item in value:
            _records(item, found)


def test_outline_and_writer_records_behave_as_generated_data_classes() -> None:
    """outline's and the writer's classes take __repr__ and __eq__ from validate.Record (start-up):
    they print and compare as @dataclass's own methods would, and the frozen ones stay frozen."""
    from zhoubao.word import boxes, pager

    outline = seed_outline()
    fmt, items = boxes.build(outline)
    found: list = []
    for root in (outline, items, pager.place(items, fmt.height)):
        _records(root, found)
    kinds = {type(o) for o in found}
    assert {Outline, Paragraph, Run, pager.Box, pager.Placed, pager.Pages, boxes.Text, boxes.RuledTable} <= kinds
    for obj in found:
        ref = dataclasses.make_dataclass(type(obj).__name__, [f.name for f in dataclasses.fields(obj)])
        assert repr(obj) == ref.__repr__(obj)
        twin = dataclasses.replace(obj)
        assert (obj == twin) is ref.__eq__(obj, twin) is True
        if type(obj).__dataclass_params__.frozen:  # type: ignore[attr-defined]
            with pytest.raises(dataclasses.FrozenInstanceError):
                obj.__setattr__(dataclasses.fields(obj)[0].name, None)
