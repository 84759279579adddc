"""The Word file as Word and WPS show it: languages, spacing, compatibility, the font table, the 版记
on the bottom line, page 1 on the line grid, one style per heading level, font sets, characters
the fonts cannot print, and a schema check of every file we render.

The schema check uses `openxml-audit`, a validator made for OOXML: an element out of order in
pPr is enough for Word's "unreadable content" while LibreOffice shows nothing wrong.
"""

from __future__ import annotations

import dataclasses
import shutil
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from lxml import etree

from tests import pdf_measure
from tests.conftest import EXAMPLES, audit, run
from zhoubao import check, glyphs, word
from zhoubao.errors import ZhoubaoError
from zhoubao.render import RenderOptions, render_issue
from zhoubao.word import layout, measure, pager, pdf

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
PITCH = 579
STRESS_TEXT = (
    "大厅人员管控到位，进出人员须出示“健康码”及72小时核酸检测阴性证明，落实体温监测，"
    "物业对大厅各点位消杀落实到位，大厅运行保障有序。"
)
LONG_SEND = (
    "各相关省级部门（单位），中心各处（室）、直属单位，各市（州）政务服务中心，各县（市、区）政务服务中心，"
    "省直有关部门办公室"
)


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read(name))


def text_of(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(w("t")))


def schema_errors(path: Path) -> list[str]:
    from openxml_audit import OpenXmlValidator  # 0.4 s to import: by the tests that validate, not at collection

    result = OpenXmlValidator().validate(str(path))
    return [str(error) for error in result.errors]


# ------------------------------------------------------------------ the files under test
def stress_issue(folder: Path) -> Path:
    """The seed with 大厅防控情况 seven times over and a long 送 line."""
    path = folder / "stress.toml"
    shutil.copy(EXAMPLES / "2022-33.toml", path)
    assert run("inspect", "-f", str(path), "大厅防控情况", STRESS_TEXT * 7, "--replace").returncode == 0
    assert run("set", "-f", str(path), "送", LONG_SEND).returncode == 0
    return path


RENDERS = {
    "seed": (EXAMPLES / "2022-33.toml", {}),
    "seed-draft": (EXAMPLES / "2022-33.toml", {"draft": True}),
    "seed-system-fonts": (EXAMPLES / "2022-33.toml", {"fonts": "系统"}),
    "ggzy": (EXAMPLES / "ggzy-2023-05.toml", {}),
    "ggzy-system-fonts": (EXAMPLES / "ggzy-2023-05.toml", {"fonts": "windows"}),
    "ggzy-monthly-04": (EXAMPLES / "ggzy-monthly-2023-04.toml", {}),
    "ggzy-monthly-05": (EXAMPLES / "ggzy-monthly-2023-05.toml", {}),
    "ggzy-monthly-05-draft-system-fonts": (EXAMPLES / "ggzy-monthly-2023-05.toml", {"draft": True, "fonts": "系统"}),
    "stress": (None, {}),
}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("fidelity")
    out = {}
    for name, (source, options) in RENDERS.items():
        issue = source or stress_issue(folder)
        out[name] = render_issue(issue, folder / f"{name}.docx", RenderOptions(**options)).docx
    return out


# ------------------------------------------------------------------ L1 S1 C1 F3 D4, per file
@pytest.mark.parametrize("name", list(RENDERS))
def test_languages_spacing_compatibility_and_font_table(rendered: dict[str, Path], name: str) -> None:
    path = rendered[name]
    styles, settings, fonts = (
        part(path, "word/styles.xml"),
        part(path, "word/settings.xml"),
        part(path, "word/fontTable.xml"),
    )
    lang = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert (lang.get(w("val")), lang.get(w("eastAsia"))) == ("en-US", "zh-CN")  # L1
    defaults_ppr = styles.find("w:docDefaults/w:pPrDefault/w:pPr", NS)
    for tag in ("autoSpaceDE", "autoSpaceDN"):  # S1
        assert defaults_ppr.find(f"w:{tag}", NS).get(w("val")) == "0"
    modes = [s.get(w("val")) for s in settings.iter(w("compatSetting")) if s.get(w("name")) == "compatibilityMode"]
    assert modes == ["15"]  # C1
    declared = {f.get(w("name")): f for f in fonts.findall("w:font", NS)}
    used = {r.get(w("eastAsia")) for r in part(path, "word/document.xml").iter(w("rFonts"))} - {None}
    assert used and used <= set(declared)  # F3: every East Asian face is declared ...
    for name_ in used:
        entry = declared[name_]
        assert entry.find("w:charset", NS).get(w("val")) == "86"  # ... with the GB2312 charset
        if name_.endswith("_GB2312"):
            assert entry.find("w:altName", NS).get(w("val")) == name_.removesuffix("_GB2312")
    assert not any(n.startswith("ＭＳ") for n in declared)  # python-docx's Japanese faces are gone


@pytest.mark.parametrize("name", list(RENDERS))
def test_the_copies_line_is_inside_the_closing_rule(rendered: dict[str, Path], name: str) -> None:
    body = part(rendered[name], "word/document.xml").find("w:body", NS)
    table = body.findall("w:tbl", NS)[-1]
    last_row = text_of(table.findall("w:tr", NS)[-1])
    assert last_row.startswith("（共印") or "（共印" in last_row and last_row.endswith("份）")  # a row, or the tab
    assert all(not text_of(p) for p in table.itersiblings() if p.tag == w("p"))  # D4: nothing follows


@pytest.mark.parametrize("name", list(RENDERS))
def test_word_would_open_every_file_cleanly(rendered: dict[str, Path], name: str) -> None:
    assert schema_errors(rendered[name]) == []


def test_the_schema_check_can_fail(rendered: dict[str, Path], tmp_path: Path) -> None:
    """An element out of order in pPr: LibreOffice shows nothing wrong, Word reports unreadable content."""
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(rendered["seed"]) as source, zipfile.ZipFile(broken, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                root = etree.fromstring(data)
                ppr = next(root.iter(w("pPr")))
                spacing = ppr.find("w:spacing", NS)
                ppr.remove(spacing)
                ppr.append(spacing)
                data = etree.tostring(root)
            target.writestr(info, data)
    assert any("spacing" in error for error in schema_errors(broken))


@pytest.mark.parametrize("name", list(RENDERS))
def test_the_audit_finds_no_deviation(rendered: dict[str, Path], name: str) -> None:
    assert audit(rendered[name]) == "0 deviations"


# ------------------------------------------------------------------ the masthead on the line grid
def grid_pitch(path: Path) -> int:
    """The document's line grid: 579, or the pitch the pager fitted the issue at."""
    grid = part(path, "word/document.xml").find("w:body/w:sectPr/w:docGrid", NS)
    return int(grid.get(w("linePitch")))


def masthead_height(path: Path) -> int:
    """Twips from the text-block top to the first line under the masthead (the part title)."""
    body = part(path, "word/document.xml").find("w:body", NS)
    total = 0
    for p in body.findall("w:p", NS):
        if text_of(p) in ("政务服务工作", "公共资源交易工作"):
            return total
        total += int(p.find("w:pPr/w:spacing", NS).get(w("line")))
        border = p.find("w:pPr/w:pBdr/w:bottom", NS)
        if border is not None:
            total += measure.rule_height(int(border.get(w("sz"))), int(border.get(w("space"))), border.get(w("val")))
    raise AssertionError("no part title")


@pytest.mark.parametrize("name", ["seed", "seed-draft", "ggzy"])
def test_the_masthead_is_a_whole_number_of_lines(rendered: dict[str, Path], name: str) -> None:
    assert masthead_height(rendered[name]) % grid_pitch(rendered[name]) == 0


@pytest.mark.parametrize(
    ("used", "gap"), [(3615, 438), (3639, 414), (4053 - 300, 300), (4053 - 200, 200 + PITCH), (4053, PITCH)]
)
def test_the_blank_under_the_masthead_ends_on_a_whole_line(used: int, gap: int) -> None:
    assert pager.masthead_gap(used, PITCH) == gap
    assert (used + gap) % PITCH == 0 and gap >= PITCH // 2


# ------------------------------------------------------------------ one style per heading level
def test_an_inspection_label_is_one_face_number_and_name(rendered: dict[str, Path]) -> None:
    """A run-in label, （一）按时到岗情况, is bold 仿宋 whole (docs/format.md allows a run-in label in
    bold 仿宋 instead of its rung's 楷体): never a 楷体 number before a bold 仿宋 name (issue 20)."""
    body = part(rendered["seed"], "word/document.xml").find("w:body", NS)
    item = next(p for p in body.iter(w("p")) if text_of(p).startswith("（一）按时到岗情况"))
    runs = [r for r in item.iter(w("r")) if r.find("w:t", NS) is not None]
    label = "".join(r.find("w:t", NS).text for r in runs if r.find("w:rPr/w:b", NS) is not None)
    assert label == "（一）按时到岗情况"
    faces = {r.find("w:rPr/w:rFonts", NS).get(w("eastAsia")) for r in runs}
    assert faces == {"仿宋_GB2312"}  # the label and the result sentence after it: one family


# ------------------------------------------------------------------ font sets
def fonts_of(path: Path) -> set[str]:
    return {r.get(w("eastAsia")) for r in part(path, "word/document.xml").iter(w("rFonts"))} - {None}


def test_the_system_font_set_uses_faces_windows_ships(rendered: dict[str, Path]) -> None:
    assert fonts_of(rendered["seed"]) == {"仿宋_GB2312", "楷体_GB2312", "黑体", "方正小标宋简体"}
    assert fonts_of(rendered["seed-system-fonts"]) == {"仿宋", "楷体", "黑体", "华文中宋"}
    table = part(rendered["seed-system-fonts"], "word/fontTable.xml")
    alt = {
        f.get(w("name")): f.find("w:altName", NS).get(w("val"))
        for f in table.findall("w:font", NS)
        if f.find("w:altName", NS) is not None
    }
    assert alt["仿宋"] == "FangSong" and alt["华文中宋"] == "STZhongsong"


def test_a_kind_chooses_its_font_set_and_the_run_overrides_it(tmp_path: Path) -> None:
    issue = tmp_path / "2022-33.toml"
    text = (EXAMPLES / "2022-33.toml").read_text(encoding="utf-8")
    issue.write_text(text + '\n[layout]\nfonts = "系统"\n', encoding="utf-8")
    assert fonts_of(render_issue(issue, tmp_path / "a.docx").docx) >= {"仿宋", "楷体"}
    assert "仿宋_GB2312" in fonts_of(render_issue(issue, tmp_path / "b.docx", RenderOptions(fonts="标准")).docx)


def test_an_unknown_font_set_is_one_chinese_line(example: Path) -> None:
    r = run("render", "-f", str(example), "--fonts", "宋体")
    assert r.returncode == 1 and r.stderr.strip().count("\n") == 0
    assert "没有名为“宋体”的字体集" in r.stderr and "系统" in r.stderr
    with pytest.raises(ZhoubaoError, match="字体集"):
        layout.resolve_layout({"fonts": "草书"})


# ------------------------------------------------------------------ characters the fonts cannot print
@pytest.mark.parametrize(
    ("name", "outside_gb2312", "outside_gbk"),
    [
        ("陶喆", "喆", ""),
        ("王堃", "堃", ""),
        ("李昇", "昇", ""),
        ("𠮷田", "𠮷", "𠮷"),
        ("柏吉琼", "", ""),
        ("镕", "镕", ""),
    ],
)
def test_names_outside_gb2312(name: str, outside_gb2312: str, outside_gbk: str) -> None:
    assert "".join(m.char for m in glyphs.missing(name, "仿宋_GB2312")) == outside_gb2312
    assert "".join(m.char for m in glyphs.missing(name, "仿宋")) == outside_gbk
    assert glyphs.missing("Schlumberger 2022", "仿宋_GB2312") == []


def test_check_names_each_character_the_font_set_cannot_print(example: Path) -> None:
    assert (
        run(
            "add-visit",
            "-f",
            str(example),
            "--date",
            "2022-09-29",
            "--unit",
            "省自然资源厅",
            "--post",
            "副厅长",
            "--name",
            "陶喆",
            "到窗口调研，与王堃座谈。",
        ).returncode
        == 0
    )
    assert (
        run("add-news", "-f", str(example), "--section", "优化营商环境", "𠮷野家成都店办理营业执照。").returncode == 0
    )
    r = run("check", "-f", str(example))
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    visit = [line for line in lines if "条目 #7" in line]
    assert any("“喆”不在仿宋_GB2312 的字库（GB2312）中" in line and "--fonts 系统" in line for line in visit)
    assert any("“堃”" in line for line in visit)
    assert any("条目 #8" in line and "“𠮷”（U+20BB7）超出 GBK" in line for line in lines)
    assert not any("柏吉琼" in line for line in lines)


def test_with_the_system_fonts_only_characters_beyond_gbk_are_named(example: Path) -> None:
    from zhoubao import store

    issue = store.load_issue(example)
    issue.layout = {"fonts": "系统"}
    visits = next(s for s in issue.all_sections() if s.HOLDS == "visit")
    news = next(s for s in issue.all_sections() if s.HOLDS == "news" and s.entries)
    visits.entries[0].name = "陶喆"
    news.entries[0].text += "𠮷"
    problems = [str(p) for p in check.check_issue(issue)]
    assert not any("喆" in p for p in problems)
    assert any("𠮷" in p for p in problems)


# ------------------------------------------------------------------ the preview: the 版记 on the bottom line
needs_preview = pytest.mark.skipif(
    pdf.find_soffice() is None or shutil.which("pdftoppm") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice or poppler-utils not installed: PDF placement not measured (CI installs both)",
)
BOTTOM_MM = 297 - 35  # the text block's bottom edge
LINES_SEED = 7  # the random paragraphs of the line-breaking test


def random_paragraphs() -> list[str]:
    """Forty paragraphs of Chinese with digits and punctuation at random places (seeded)."""
    import random

    rng = random.Random(LINES_SEED)
    hanzi = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经"
    paragraphs = []
    for i in range(40):
        pieces = [f"甲{i:02d}乙"]
        for _ in range(rng.randint(40, 140)):
            roll = rng.random()
            pieces.append(
                rng.choice("，，，。、；：“”《》（）")
                if roll < 0.12
                else str(rng.randint(1, 999999))
                if roll < 0.17
                else rng.choice(hanzi)
            )
        paragraphs.append("".join(pieces) + "。")
    return paragraphs


@pytest.fixture(scope="module")
def previewed(
    rendered: dict[str, Path],
    previews: Callable[[Sequence[Path]], list[Path]],
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, Path]:
    """The PDF preview of every render and of the random paragraphs ("lines"), made in one conversion."""
    import datetime as dt

    from zhoubao.outline import Masthead, Outline, Paragraph, Properties, Run

    head = Masthead("窗口工作周报", ("2022年第33期（总第408期）",), "四川省政务服务中心", "2022年11月1日")
    outline = Outline(
        (head, *(Paragraph((Run(p),)) for p in random_paragraphs())), Properties("t", "u", dt.date(2022, 11, 1))
    )
    lines = tmp_path_factory.mktemp("lines") / "lines.docx"
    lines.write_bytes(word.render_docx(outline))
    files = {**rendered, "lines": lines}
    return dict(zip(files, previews(list(files.values())), strict=True))


CLOSING_RULE_TOLERANCE_MM = 0.3


@needs_preview
@pytest.mark.parametrize("name", list(RENDERS))
def test_the_closing_rule_lies_on_the_bottom_edge_of_the_text_block(previewed: dict[str, Path], name: str) -> None:
    """GB/T 9704: the 版记's closing rule coincides with the text block's bottom edge (262 mm); measured
    at 600 dpi on the last page, every example, draft and font set and the stress case."""
    made = previewed[name]
    lines = pdf_measure.text_lines(made)
    count = pdf_measure.page_count(made)
    (last,) = pdf_measure.pages(made, dpi=600, first=count, last=count)
    rules = last.rules()
    assert rules, "no full-width rule on the last page"
    top, lowest = rules[-1]
    assert abs(lowest - BOTTOM_MM) <= CLOSING_RULE_TOLERANCE_MM, (
        f"closing rule at {lowest:.2f} mm, want {BOTTOM_MM}±{CLOSING_RULE_TOLERANCE_MM}"
    )
    copies = next(line for line in lines if "（共印" in line.text)
    assert copies.page == count and copies.top < top
    # The pager counted the same pages as LibreOffice set.
    issue_file = RENDERS[name][0]
    if issue_file is not None:
        from zhoubao import store
        from zhoubao.compose import compose

        issue = store.load_issue(issue_file)
        outline = compose(issue, draft=bool(RENDERS[name][1].get("draft")))
        if "fonts" in RENDERS[name][1]:
            outline = dataclasses.replace(outline, layout={**outline.layout, "fonts": "系统"})
        assert word.page_count(outline) == count


@needs_preview
def test_the_stress_case_keeps_body_text_on_the_block_s_page(previewed: dict[str, Path]) -> None:
    """A line-end comma LibreOffice lets hang must not push the 版记 to an otherwise empty page."""
    lines = pdf_measure.text_lines(previewed["stress"])
    last = max(line.page for line in lines)
    body = [
        line
        for line in lines
        if line.page == last and not line.text.startswith(("报：", "送：", "发：", "（共印", "—")) and line.top < 200
    ]
    assert body, "the 版记 stands alone on the last page"


@needs_preview
def test_page_one_sits_on_the_line_grid_of_page_two(rendered: dict[str, Path], previewed: dict[str, Path]) -> None:
    lines = pdf_measure.text_lines(previewed["seed"])
    pitch_mm = grid_pitch(rendered["seed"]) / 56.6929
    top = 37.0

    page1 = [line for line in lines if line.page == 1 and line.text.startswith(("据四川", "二、"))]
    page2 = [line for line in lines if line.page == 2][:3]
    assert page1 and page2
    reference = (page2[0].top - top) % pitch_mm
    for line in page1:
        assert abs((line.top - top) % pitch_mm - reference) < 0.3, (line.text, line.top)
    # and the last body line of page 1 ends where that of page 2 does
    last1 = max(line.bottom for line in lines if line.page == 1 and not line.text.startswith("—"))
    last2 = max(line.bottom for line in lines if line.page == 2 and not line.text.startswith("—"))
    assert abs(last1 - last2) < 0.3


def test_the_preview_sets_xiaobiaosong_in_bold() -> None:
    conf = pdf.fontconfig_text()
    block = conf[conf.index("<string>方正小标宋简体</string>") :]
    block = block[: block.index("</match>")]
    assert "<const>bold</const>" in block
    body = conf[conf.index("<string>仿宋_GB2312</string>") :]
    assert "<const>bold</const>" not in body[: body.index("</match>")]


@needs_preview
def test_the_preview_breaks_lines_where_the_pager_counts_them(previewed: dict[str, Path]) -> None:
    """Forty paragraphs of Chinese with digits and punctuation at random places: LibreOffice sets each
    in as many lines as the writer counts for Word (no automatic gap beside digits, no hanging
    punctuation), so the 版记 lands where the pager put it."""
    paragraphs = random_paragraphs()
    lines = [line for line in pdf_measure.text_lines(previewed["lines"]) if not line.text.startswith("—")]
    starts = [k for k, line in enumerate(lines) if line.text.startswith("甲")]
    assert len(starts) == len(paragraphs)
    lay = layout.resolve_layout({})
    width = lay["page_width"] - lay["margin_left"] - lay["margin_right"]
    counted = [measure.count_lines([(p, 32, -5)], width - 640, width) for p in paragraphs]
    set_by_libreoffice = [end - start for start, end in zip(starts, starts[1:] + [len(lines)], strict=True)]
    assert set_by_libreoffice == counted


def test_the_preview_switches_off_what_libreoffice_reads_differently() -> None:
    import io

    odt = io.BytesIO()
    with zipfile.ZipFile(odt, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("styles.xml", '<s style:text-autospace="ideograph-alpha" style:punctuation-wrap="hanging"/>')
        archive.writestr("content.xml", '<c style:punctuation-wrap="hanging"/>')
    fixed = zipfile.ZipFile(io.BytesIO(pdf.word_like_odt(odt.getvalue())))
    assert fixed.namelist()[0] == "mimetype" and fixed.getinfo("mimetype").compress_type == zipfile.ZIP_STORED
    assert b'text-autospace="none"' in fixed.read("styles.xml")
    assert b"hanging" not in fixed.read("styles.xml") + fixed.read("content.xml")
