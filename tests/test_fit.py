"""The 版记 as an editor sets it: fitted under the last text before a page is turned, alone only on
purpose (the next even page of a two-sided kind, GB/T 9704-2012 7.5), held together in Word itself.

The first tests use the pager and the writer alone; the last ones read PDFs: the preview of every
example, and a plain LibreOffice conversion (no preview settings) of each example with its last body
paragraph made two lines longer than the pager counted.
"""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from lxml import etree

from tests import pdf_measure
from tests.conftest import EXAMPLES
from tests.seed_outline import distribution, masthead, properties, seed_outline, text
from zhoubao import word
from zhoubao.errors import ZhoubaoError
from zhoubao.outline import Outline
from zhoubao.render import RenderOptions, render_issue
from zhoubao.word import boxes, layout, measure, pdf
from zhoubao.word.layout import resolve_layout
from zhoubao.word.pager import AtFoot, Box, Fit, fit, place

PITCH = 579
PAGE = 12756  # the text block: 22 lines of 579 and 18 twips
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.toml"))


def body(lines: int) -> Box:
    return Box(lines, PITCH, payload="text")


# ------------------------------------------------------------------ the pager alone
def test_a_block_that_fits_nowhere_goes_to_the_next_even_page_of_a_two_sided_kind() -> None:
    block = Box(1, 4 * PITCH, payload="版记")
    one_page = place([body(21), AtFoot(block, 2, two_sided=True)], PAGE)  # page 1 full: page 2 is a back
    assert (one_page.foot.page, one_page.foot.blank, one_page.count) == (2, None, 2)
    two_pages = place([body(22 + 21), AtFoot(block, 2, two_sided=True)], PAGE)  # page 2 full: 3 is a front
    assert (two_pages.foot.page, two_pages.foot.blank, two_pages.count) == (4, 3, 4)
    blank, spacer, placed = two_pages.placed[-3:]
    assert blank.page == 3 and blank.box.payload is None and blank.box.page_break_before
    assert spacer.page == 4 and spacer.box.page_break_before and spacer.box.keep_next and spacer.box.keep_lines
    assert (placed.page, placed.top) == (4, PAGE - 4 * PITCH - 2)


def test_a_one_sided_kind_takes_the_next_page() -> None:
    pages = place([body(22 + 21), AtFoot(Box(1, 4 * PITCH, payload="版记"), 2, two_sided=False)], PAGE)
    assert (pages.foot.page, pages.foot.blank, pages.count) == (3, None, 3)
    assert pages.foot.over == 21 * PITCH + 4 * PITCH + 2 - PAGE


def test_the_first_setting_at_which_the_block_fits_is_kept() -> None:
    tried: list[int] = []

    def setting(block_lines: int):
        def items() -> list:
            tried.append(block_lines)
            return [body(19), AtFoot(Box(1, block_lines * PITCH, payload="版记"), 2)]

        return items

    done = fit([setting(4), setting(3), setting(2)], PAGE)
    assert (done.step, done.over, done.pages.count, tried) == (1, 0, 1, [4, 3])
    nothing = fit([setting(5), setting(4)], PAGE)
    assert (nothing.step, nothing.pages.foot.page) == (0, 2)  # alone, as first set; over by the last try
    assert nothing.over == 19 * PITCH + 4 * PITCH + 2 - PAGE


# ------------------------------------------------------------------ the steps and what the clerk is told
def test_the_steps_tighten_the_block_then_the_whole_issue_on_one_grid() -> None:
    steps = boxes.fit_steps(resolve_layout({}))
    assert [step.said for step in steps] == [
        "",
        "印数移到版记末行右侧",
        "版记行距改为21磅",
        "全期行距由28.95磅改为28.05磅（每页仍排22行）",
    ]
    last = steps[-1].layout
    assert (last["line_pitch"], last["masthead_name_line"], last["distribution_line"]) == (561, 1122, 420)
    assert last["copies_on_last_line"]
    # 561 twips is within format.md's 28–29.5 pt; 23 lines a page (554) would not be.
    assert 560 <= last["line_pitch"] and PAGE // last["line_pitch"] == 22
    assert [step.said for step in boxes.fit_steps(resolve_layout({"fit_line_pitch": 579}))][-1] == "版记行距改为21磅"


def test_the_seed_is_fitted_to_four_pages_and_the_clerk_is_told_how() -> None:
    outline = seed_outline()
    done = word.fit(outline)
    assert (done.step, done.pages.count, done.pages.foot.page) == (3, 4, 4)
    assert word.fit_note(outline, done) == (
        "末页原本放不下版记：已将印数移到版记末行右侧，版记行距改为21磅，全期行距由28.95磅改为28.05磅（每页仍排22行），"
        "版记排在第4页底部。"
    )


def test_check_says_how_the_block_was_fitted_as_a_note_not_a_warning(example, invoke) -> None:
    """A fit within the limits is done, not something to correct: `check` passes the seed with a
    说明, no 警告 (a new clerk read the warning as a fault to fix)."""
    r = invoke("check", "-f", str(example))
    out = r.stdout + r.stderr
    assert r.exit_code == 0 and "说明  版记：末页原本放不下版记：已将印数移到版记末行右侧" in out
    assert "警告" not in out and "检查通过。" in out


def filled(count: int, **layout: object) -> Outline:
    """Page one filled with `count` paragraphs of 26 characters (one line each)."""
    fill = tuple(text("政" * 26) for _ in range(count))
    return Outline((masthead(), *fill, distribution()), properties(), layout=dict(layout))


def test_when_nothing_fits_the_clerk_learns_by_how_much_and_where_the_block_went() -> None:
    # 15 one-line paragraphs fill page 1 under the masthead: no setting leaves room for the block.
    outline = filled(15)
    done = word.fit(outline)
    assert (done.step, done.pages.foot.page, done.pages.foot.blank) == (0, 2, None)
    note = word.fit_note(outline, done)
    assert note is not None and note.startswith("版记在末页放不下（印数移到版记末行右侧、版记行距改为21磅、全期行距")
    lines = -(-done.over // 561)
    assert f"仍超出约{lines}行）：已单独排在第2页；删去约{lines}行（约{lines * 28}字）即可与正文排在同一页。" in note


def test_a_blank_page_before_a_block_standing_alone_and_that_page_carry_no_number() -> None:
    """GB/T 9704-2012 7.5: 版记页前有空白页的，空白页和版记页均不编排页码 — a section of their own."""
    outline = filled(15 + 22)  # page 2 full: the block goes to page 4, page 3 blank
    done = word.fit(outline)
    assert (done.pages.foot.page, done.pages.foot.blank, done.pages.count) == (4, 3, 4)
    assert "第3页留空，这两页不编页码" in (word.fit_note(outline, done) or "")
    package = zipfile.ZipFile(io.BytesIO(word.render_docx(outline)))
    document = etree.fromstring(package.read("word/document.xml"))
    sections = document.findall(".//w:sectPr", NS)
    assert len(sections) == 2
    rels = {
        r.get("Id"): r.get("Target")
        for r in etree.fromstring(package.read("word/_rels/document.xml.rels"))
        if r.get("Type", "").endswith("/footer")
    }

    def footers(section: etree._Element) -> set[str]:
        return {
            rels[ref.get(f"{{{W.replace('wordprocessingml/2006/main', 'officeDocument/2006/relationships')}}}id")]
            for ref in section.findall("w:footerReference", NS)
        }

    assert footers(sections[0]) == {"footer1.xml", "footer2.xml"}  # the numbered pages
    assert footers(sections[1]) == {"footer3.xml"}  # the blank page and the 版记's
    assert b"PAGE" not in package.read("word/footer3.xml")
    # the numbered section ends with the last text, on page 2
    ends = sections[0].getparent().getparent()
    assert "".join(ends.itertext()) == "政" * 26


def test_the_audit_finds_only_the_unnumbered_pages_footers_when_the_block_stands_alone(tmp_path) -> None:
    """Where GB/T 9704-2012 7.5 and the shared audit disagree, the standard wins: the audit's N3 wants
    a PAGE field in every footer, and the section of the blank page and the 版记 page has footers
    without one, on purpose. Nothing else of the audit's may be found (no example reaches this case)."""
    import sys

    from tests.conftest import AUDIT, AUDIT_MISSING

    if not AUDIT.exists():
        pytest.skip(AUDIT_MISSING)
    out = tmp_path / "alone.docx"
    out.write_bytes(word.render_docx(filled(15 + 22)))
    done = subprocess.run([sys.executable, str(AUDIT), str(out)], capture_output=True, text=True, timeout=60)
    found = [line.split()[0] for line in done.stdout.splitlines()[:-1] if line.strip()]
    assert found == ["N3", "N3"] and "default footer has no PAGE field" in done.stdout, done.stdout
    assert done.stdout.strip().endswith("2 deviations")


def test_a_one_sided_kind_numbers_every_page() -> None:
    outline = filled(15 + 22, two_sided=False)
    done = word.fit(outline)
    assert (done.pages.foot.page, done.pages.foot.blank) == (3, None)
    document = zipfile.ZipFile(io.BytesIO(word.render_docx(outline))).read("word/document.xml")
    assert document.count(b"<w:sectPr>") == 1


@pytest.mark.parametrize(
    ("layout", "says"),
    [
        ({"footer_distance": 1700}, "footer_distance 最大为 1564"),
        ({"fit_line_pitch": 600}, "fit_line_pitch"),
        ({"fit_line_pitch": 500}, "每页行数不变"),
        ({"two_sided": 1}, "应为 true 或 false"),
    ],
)
def test_the_layout_refuses_what_would_break_the_page(layout: dict, says: str) -> None:
    with pytest.raises(ZhoubaoError, match=says):
        resolve_layout(layout)


def test_the_page_number_has_its_own_line_below_the_text_block() -> None:
    footer = zipfile.ZipFile(io.BytesIO(word.render_docx(seed_outline()))).read("word/footer1.xml").decode()
    assert 'w:line="420" w:lineRule="exact"' in footer
    assert 1400 + 420 <= 1984  # footer distance + its line stays in the bottom margin


# ------------------------------------------------------------------ in the PDF
needs_libreoffice = pytest.mark.skipif(
    pdf.find_soffice() is None or shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
    reason="LibreOffice or poppler-utils not installed (CI installs both)",
)
DISTRIBUTION = ("报：", "送：", "发：", "（共印")


def distribution_pages(pdf_path: Path) -> dict[str, int]:
    """The page each line of the 版记 starts on."""
    found: dict[str, int] = {}
    for line in pdf_measure.text_lines(pdf_path):
        for start in DISTRIBUTION:
            if start in line.text and start not in found:
                found[start] = line.page
    return found


@pytest.fixture(scope="module")
def example_previews(
    tmp_path_factory: pytest.TempPathFactory, previews: Callable[[Sequence[Path]], list[Path]]
) -> dict[str, Path]:
    """The preview of every example as rendered, made in one conversion."""
    folder = tmp_path_factory.mktemp("fit-previews")
    docxs = [render_issue(example, folder / f"{example.stem}.docx").docx for example in EXAMPLE_FILES]
    return dict(zip((example.stem for example in EXAMPLE_FILES), previews(docxs), strict=True))


@needs_libreoffice
@pytest.mark.parametrize("example", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_no_example_prints_a_page_for_the_block_alone(example: Path, example_previews: dict[str, Path]) -> None:
    """The seed on four pages, its 版记 at the foot of page 4 (the real issue had four); every example's
    last page holds text above the 版记."""
    made = example_previews[example.stem]
    count = pdf_measure.page_count(made)
    lines = pdf_measure.text_lines(made)
    assert set(distribution_pages(made).values()) == {count}
    above = [
        line
        for line in lines
        if line.page == count and not line.text.startswith(DISTRIBUTION) and not re.fullmatch(r"—\s*\d+\s*—", line.text)
    ]
    assert above, f"page {count} holds only the 版记"
    if example.stem == "2022-33":
        assert count == 4
        copies = next(line for line in lines if "（共印" in line.text)
        assert copies.bottom > 262 - 10  # at the foot, not under the last text


@needs_libreoffice
def test_render_with_a_pdf_writes_the_preview_beside_the_docx(tmp_path: Path) -> None:
    """`render --pdf` through LibreOffice: the preview of what it rendered, beside the .docx (the
    seed: four pages, the 版记 on the last)."""
    done = render_issue(
        EXAMPLES / "2022-33.toml", tmp_path / "2022-33.docx", RenderOptions(pdf=True, pdf_with="libreoffice")
    )
    assert done.pdf == tmp_path / "2022-33.pdf"
    assert pdf_measure.page_count(done.pdf) == 4
    assert set(distribution_pages(done.pdf).values()) == {4}


def lengthened(data: bytes, extra: str) -> bytes:
    """The .docx with `extra` added to the end of the last paragraph above the 版记's table."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            blob = source.read(info.filename)
            if info.filename == "word/document.xml":
                xml = blob.decode("utf-8")
                at = xml[: xml.index("<w:tbl>")].rindex("</w:t></w:r>")
                blob = (xml[:at] + extra + xml[at:]).encode("utf-8")
            target.writestr(info, blob)
    return out.getvalue()


def plain_libreoffice_pdfs(docxs: list[Path]) -> list[Path]:
    """`soffice --headless --convert-to pdf` as anyone would run it: no preview fonts, no .odt step
    (the files of one folder, with names that differ, in one run)."""
    soffice = pdf.find_soffice()
    assert soffice is not None
    (folder,) = {docx.parent for docx in docxs}
    assert len({docx.stem for docx in docxs}) == len(docxs)
    with tempfile.TemporaryDirectory(prefix="zhoubao-plain-") as profile:
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={Path(profile).as_uri()}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(folder),
                *map(str, docxs),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
    produced = [docx.with_suffix(".pdf") for docx in docxs]
    assert all(path.is_file() for path in produced)
    return produced


@pytest.fixture(scope="module")
def lengthened_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every example with its last body paragraph two lines (56 characters) longer than the pager
    counted, converted plainly (one LibreOffice run for all)."""
    folder = tmp_path_factory.mktemp("fit-longer")
    longer = []
    for example in EXAMPLE_FILES:
        docx = render_issue(example, folder / f"{example.stem}-as-rendered.docx").docx
        longer.append(folder / f"{example.stem}.docx")
        longer[-1].write_bytes(lengthened(docx.read_bytes(), "经" * 56))
    return dict(zip((example.stem for example in EXAMPLE_FILES), plain_libreoffice_pdfs(longer), strict=True))


@needs_libreoffice
@pytest.mark.parametrize("example", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_the_block_moves_whole_when_the_text_above_it_is_longer_than_counted(
    example: Path, lengthened_pdfs: dict[str, Path]
) -> None:
    """Word or WPS may break a paragraph differently from the pager: give the last body paragraph two
    more lines (56 characters) than it counted; the spacer and every row keep with the next, so the
    block moves whole instead of leaving 报/送 on one page and （共印…份） on the next."""
    pages = distribution_pages(lengthened_pdfs[example.stem])
    assert set(pages) == set(DISTRIBUTION) and len(set(pages.values())) == 1, pages


# ------------------------------------------------------------------ page 1 under the red rule
# Rule styles LibreOffice draws as Word does (editeng's ConvertBorderWidthFromWord): its preview
# shows what Word reserves for them. It draws triple as double, so triple is counted but not compared.
WORD_LIKE_RULES = ("single", "thickThinSmallGap", "double")


def test_the_red_rule_is_counted_as_word_lays_it_out() -> None:
    """Word lays a paragraph out with its bottom border's distance (w:space, in points) and the whole
    width it draws below the last line (ECMA-376 17.3.1.7); a compound rule is wider than its w:sz."""
    assert measure.rule_height(18, 6) == 120 + 45  # 6 pt, then 2.25 pt
    assert measure.rule_height(18, 6, "thick") == 120 + 2 * 45
    assert measure.rule_height(18, 6, "double") == 120 + 3 * 45  # two lines and the gap, each 2.25 pt
    assert measure.rule_height(18, 6, "thickThinSmallGap") == 120 + 45 + 15 + 15  # a 0.75 pt line and gap
    assert measure.rule_height(18, 6, "thinThickLargeGap") == 120 + 45 + 15 + 30
    assert measure.rule_height(13, 0) == 33  # 1.625 pt rounded up, never down
    assert measure.RULE_STYLES == layout._BORDER_STYLES  # every style a kind may choose has its width


@pytest.mark.parametrize("style", sorted(layout._BORDER_STYLES))
def test_page_one_holds_its_lines_under_any_rule_with_room_to_spare(style: str) -> None:
    """The masthead and the blank under it end on a whole line whatever the rule's style, so page 1
    holds 22 lines and keeps the text block's 18 twips beyond what Word reserves for the rule."""
    done = word.fit(filled(15, masthead_rule_style=style))
    first = [p for p in done.pages.placed if p.page == 1]
    used = sum(p.box.lines * p.box.height for p in first)
    assert used == 22 * PITCH and PAGE - used == 18
    body = [p.top for p in first if isinstance(p.box.payload, boxes.Text) and p.box.payload.format.align == "both"]
    assert body == [body[0] + i * PITCH for i in range(len(body))] and body[0] % PITCH == 0
    assert len(body) == 22 - body[0] // PITCH == (15 if style != "triple" else 14)  # triple: a line more of masthead


def test_a_plain_rule_needs_none_of_the_slack() -> None:
    """The default rule (single, 2.25 pt at 6 pt) is in the unit line's box whole: the body starts on
    the grid, and the 18 twips under the 22nd line are left for rounding, not for the rule."""
    lay = resolve_layout({})
    unit_line = PITCH + measure.rule_height(lay["masthead_rule_size"], lay["masthead_rule_space"])
    assert unit_line == PITCH + 165
    done = word.fit(filled(15))
    unit, blank, *body = [p for p in done.pages.placed if p.page == 1][3:]
    assert unit.box.height == unit_line and blank.top + blank.box.height == 7 * PITCH
    assert [p.top for p in body] == [(7 + i) * PITCH for i in range(15)]  # every body line on the grid


@needs_libreoffice
def test_no_body_line_of_page_one_goes_to_page_two_under_any_rule(tmp_path: Path) -> None:
    """Page 1 filled to its 22nd line under rules of every width LibreOffice draws as Word does: the
    first line under the masthead lands at the same height under each, and page 1 keeps all 15 body
    lines (with the rule counted at its w:sz alone, a double rule pushed the last one to page 2)."""
    firsts: dict[str, float] = {}
    for style in WORD_LIKE_RULES:
        (tmp_path / f"{style}.docx").write_bytes(word.render_docx(filled(15, masthead_rule_style=style)))
    made = plain_libreoffice_pdfs([tmp_path / f"{style}.docx" for style in WORD_LIKE_RULES])
    for style, converted in zip(WORD_LIKE_RULES, made, strict=True):
        body = [line for line in pdf_measure.text_lines(converted) if line.text == "政" * 26]
        assert [line.page for line in body].count(1) == 15, style
        firsts[style] = next(line.top for line in body)
    assert max(firsts.values()) - min(firsts.values()) < 0.05, firsts


def test_a_fit_is_a_record_of_pages() -> None:
    done = word.fit(dataclasses.replace(seed_outline()))
    assert isinstance(done, Fit) and done.pages.count == word.page_count(seed_outline())


# ------------------------------------------------------------------ examples that hold up
def test_the_monthly_example_adds_up_and_check_warns_when_a_table_does_not() -> None:
    from zhoubao import check, store

    issue = store.load_issue(EXAMPLES / "ggzy-monthly-2023-05.toml")
    overall, regions, industries = (s for s in issue.all_sections() if getattr(s, "rows", None) is not None)
    whole = next(c for c in overall.categories if c.is_total)
    parts = [c for c in overall.categories if not c.is_total]
    for column in ("项目数", "交易金额"):
        assert round(sum(c.values[column] for c in parts), 2) == whole.values[column]
        assert round(sum(r.values[column] for r in regions.rows), 2) == whole.values[column]
        engineering = next(c for c in parts if c.name == "工程建设项目招标投标")
        assert round(sum(c.values[column] for c in industries.categories), 2) == engineering.values[column]
    assert all(round(c.values["交易金额"], 2) == c.values["交易金额"] for c in overall.categories)  # 亿元, 2 places
    assert not any("明细表" in p.message for p in check.check_issue(issue))
    regions.rows[0].values["交易金额"] += 10  # 成都 ten 亿元 too many: the cities exceed 全省
    [warning] = [p for p in check.check_issue(issue) if "明细表" in p.message]
    assert warning.level == check.WARNING and "合计 1023.33，大于全省的 1013.33" in warning.message


# ------------------------------------------------------------------ the preview says which faces stood in
@pytest.mark.skipif(shutil.which("fc-list") is None, reason="no fontconfig")
def test_the_preview_names_the_stand_in_for_each_missing_official_face(tmp_path: Path, monkeypatch) -> None:
    docx = tmp_path / "seed.docx"
    word.write_docx(seed_outline(), docx)
    installed: set[str] = set()

    def fc_list(command: list[str], **_kwargs: object) -> subprocess.CompletedProcess:
        family = command[1].removeprefix(":family=")
        return subprocess.CompletedProcess(command, 0, f"{family}\n" if family in installed else "", "")

    monkeypatch.setattr(pdf.subprocess, "run", fc_list)
    note = pdf.stand_in_note(docx)
    assert note is not None and note.count("\n") == 0
    assert "仿宋_GB2312→Noto Serif CJK SC" in note and "方正小标宋简体→Noto Serif CJK SC 粗体" in note
    assert "楷体_GB2312→AR PL UKai CN" in note
    installed.update(("仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312", "宋体"))
    assert pdf.stand_in_note(docx) is None  # every official face installed: nothing stood in


@pytest.mark.parametrize("fonts", ["标准", "系统"])
def test_the_font_table_gives_each_face_its_own_panose_pitch_and_signature(fonts: str) -> None:
    outline = dataclasses.replace(seed_outline(), layout={"fonts": fonts})
    table = etree.fromstring(zipfile.ZipFile(io.BytesIO(word.render_docx(outline))).read("word/fontTable.xml"))

    def field(font: etree._Element, tag: str, attr: str = "val") -> str | None:
        found = font.find(f"w:{tag}", NS)
        return None if found is None else found.get(f"{{{W}}}{attr}")

    faces = {f.get(f"{{{W}}}name"): f for f in table.findall("w:font", NS)}
    for name in ("宋体", "华文中宋", "方正小标宋简体"):
        if name in faces:
            assert field(faces[name], "pitch") == "variable", name
    panoses = {name: field(font, "panose1") for name, font in faces.items() if field(font, "panose1")}
    assert panoses.get("宋体") == "02010600030101010101" and panoses.get("黑体") == "02010609060101010101"
    if fonts == "标准":
        assert panoses["仿宋_GB2312"] == "02010609030101010101" and panoses["方正小标宋简体"] == "03000509000000000000"
        assert field(faces["仿宋_GB2312"], "sig", "csb0") == "00040000"  # GB2312 code page
    assert field(faces["宋体"], "sig", "usb1") == "288F0000"
    assert len(set(panoses.values())) > 2  # not one made-up PANOSE for every face
