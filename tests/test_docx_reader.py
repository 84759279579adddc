"""Every render read back by python-docx, a reader the writer does not use.

zhoubao writes its OOXML itself (word/ooxml.py); python-docx, installed with the tests only, reads each
rendered file as Word's own object model and must find what the writer meant: the paragraphs of the
outline compose made (text, in order), each run's East Asian font as the kind's layout assigns it to
that kind of text, and the page the layout describes (size, margins, header and footer distances,
the line grid, exact line height of the body).

The expectations come from the outline and the resolved layout numbers, never from a rendered file.
"""

from __future__ import annotations

import dataclasses
import shutil

import docx
import pytest
from docx.enum.text import WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Twips
from docx.table import Table
from docx.text.paragraph import Paragraph as DocxParagraph

from tests.conftest import EXAMPLES
from zhoubao import store
from zhoubao.compose import compose
from zhoubao.outline import Distribution, Heading, Masthead, Outline, Paragraph, PartTitle
from zhoubao.render import RenderOptions, render_issue
from zhoubao.word import boxes
from zhoubao.word.layout import Layout, font_set_name

# Every example issue, final where it can be, a draft of the seed, and the seed in the other font set.
RENDERS = [(path.name, {}) for path in sorted(EXAMPLES.glob("*.toml"))] + [
    ("2022-33.toml", {"draft": True}),
    ("2022-33.toml", {"fonts": "系统"}),
]


@dataclasses.dataclass
class Render:
    outline: Outline
    layout: Layout
    document: docx.document.Document


@pytest.fixture(
    scope="module", params=RENDERS, ids=lambda r: r[0].removesuffix(".toml") + "".join(f"-{k}" for k in r[1])
)
def render(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Render:
    name, options = request.param
    folder = tmp_path_factory.mktemp("reader")
    for example in EXAMPLES.glob("*.toml"):  # the predecessors beside it, as in a clerk's folder
        shutil.copy(example, folder / example.name)
    path = folder / name
    out = folder / "out.docx"
    render_issue(path, out, RenderOptions(draft=options.get("draft", False), fonts=options.get("fonts")))
    issue = store.load_issue(path)
    previous, _note = store.load_previous(path, issue)
    outline = compose(
        issue, draft=options.get("draft", False), previous=previous, year_before=store.load_year_before(path, issue)
    )
    layout_numbers = dict(outline.layout)
    if "fonts" in options:
        layout_numbers["fonts"] = font_set_name(options["fonts"])
    # What the writer meant: the layout of the setting the pager chose to fit the 版记 (docs/format.md).
    meant, _fitted, _steps = boxes.fit(dataclasses.replace(outline, layout=layout_numbers))
    return Render(outline, meant.layout, docx.Document(str(out)))


# ----------------------------------------------------------------------------- what the writer meant


def masthead_pieces(head: Masthead) -> list[str]:
    """The masthead's texts in reading order (how they share lines is the writer's business)."""
    return [t for t in (head.mark, head.draft_mark, head.name, *head.issue_lines, head.unit, head.date) if t]


def block_paragraphs(block: PartTitle | Heading | Paragraph | Distribution) -> list[str]:
    """The paragraphs a block after the masthead becomes, each one paragraph of the file."""
    match block:
        case PartTitle():
            return [t for t in (block.title, block.subtitle) if t]
        case Heading():
            return [block.text]
        case Paragraph():
            return [block.text]
        case Distribution():
            return [f"{line.label}：{line.text}" for line in block.lines] + ([block.copies] if block.copies else [])
    raise AssertionError(block)


def expected_fonts(outline: Outline, lay: Layout) -> list[tuple[str, str]]:
    """(text, East Asian font) of every run the outline asks for, in order."""
    by_style = {
        "body": lay["body_font"],
        "bold": lay["body_font"],
        "kai": lay["level2_font"],
        "hei": lay["level1_font"],
    }
    by_level = {1: lay["level1_font"], 2: lay["level2_font"]}
    runs: list[tuple[str, str]] = []
    for block in outline.blocks:
        match block:
            case Masthead():
                runs += [(block.mark, lay["mark_font"]), (block.draft_mark, lay["mark_font"])]
                runs.append((block.name, lay["title_font"]))
                runs += [(line, lay["issue_font"]) for line in block.issue_lines]
                runs += [(block.unit, lay["body_font"]), (block.date, lay["body_font"])]
            case PartTitle():
                runs += [(block.title, lay["title_font"]), (block.subtitle, lay["subtitle_font"])]
            case Heading():
                runs.append((block.text, by_level.get(block.level, lay["body_font"])))
            case Paragraph():
                runs += [(run.text, by_style[run.style]) for run in block.runs]
            case Distribution():
                runs += [(text, lay["body_font"]) for text in block_paragraphs(block)]
    return merged([(text, font) for text, font in runs if text])


def merged(runs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Neighbouring runs in one font joined: where a writer splits a stretch of text is its own choice."""
    out: list[tuple[str, str]] = []
    for text, font in runs:
        if out and out[-1][1] == font:
            out[-1] = (out[-1][0] + text, font)
        else:
            out.append((text, font))
    return out


# ----------------------------------------------------------------------------- what python-docx reads


def body_paragraphs(document: docx.document.Document) -> list[DocxParagraph]:
    """Every paragraph of the body in order, those in table cells included."""
    found: list[DocxParagraph] = []
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            for row in item.rows:
                seen: set[int] = set()  # python-docx gives a cell spanning two grid columns twice
                for cell in row.cells:
                    if id(cell._tc) not in seen:
                        seen.add(id(cell._tc))
                        found += cell.paragraphs
        else:
            found.append(item)
    return found


def east_asia(run) -> str | None:
    fonts = run._element.rPr.rFonts if run._element.rPr is not None else None
    return fonts.get(qn("w:eastAsia")) if fonts is not None else None


def read_fonts(document: docx.document.Document) -> list[tuple[str, str]]:
    runs = [
        (run.text, east_asia(run)) for p in body_paragraphs(document) for run in p.runs if run.text.replace("\t", "")
    ]
    return merged([(text.replace("\t", ""), font) for text, font in runs])  # type: ignore[misc]


# ----------------------------------------------------------------------------- the tests


def test_python_docx_reads_the_outlines_paragraphs(render: Render) -> None:
    texts = [p.text for p in body_paragraphs(render.document) if p.text]
    head, *rest = render.outline.blocks
    assert isinstance(head, Masthead)
    pieces = masthead_pieces(head)
    # the masthead: its texts in order, however many lines they take (a tab between unit and date)
    read_pieces: list[str] = []
    while len(read_pieces) < len(pieces) and texts:
        read_pieces += [piece for piece in texts.pop(0).split("\t") if piece]
    assert read_pieces == pieces
    # every other block: its paragraphs, whole and in order; nothing else with text in the body
    assert texts == [text for block in rest for text in block_paragraphs(block)]  # type: ignore[arg-type]


def test_python_docx_reads_each_runs_east_asian_font(render: Render) -> None:
    assert read_fonts(render.document) == expected_fonts(render.outline, render.layout)
    normal = render.document.styles["Normal"].element.rPr.rFonts
    assert normal.get(qn("w:eastAsia")) == render.layout["body_font"]  # what a clerk types in Word


def test_python_docx_reads_the_page_numbers_in_their_font(render: Render) -> None:
    section = render.document.sections[0]
    before, after = render.layout["page_number_format"].split("{page}")
    for footer in (section.footer, section.even_page_footer):
        runs = [run for p in footer.paragraphs for run in p.runs if run.text]
        assert runs and {east_asia(run) for run in runs} == {render.layout["page_number_font"]}
        assert "".join(run.text for run in runs).startswith(before.strip() or "")
        assert "".join(run.text for run in runs).endswith(after.strip() or "")


def test_python_docx_reads_the_page_the_layout_describes(render: Render) -> None:
    lay = render.layout
    (section,) = render.document.sections
    assert (section.page_width, section.page_height) == (Twips(lay["page_width"]), Twips(lay["page_height"]))
    assert (section.top_margin, section.bottom_margin) == (Twips(lay["margin_top"]), Twips(lay["margin_bottom"]))
    assert (section.left_margin, section.right_margin) == (Twips(lay["margin_left"]), Twips(lay["margin_right"]))
    assert section.header_distance == Twips(lay["header_distance"])
    assert section.footer_distance == Twips(lay["footer_distance"])
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid is not None and int(grid.get(qn("w:linePitch"))) == lay["line_pitch"]


def test_python_docx_reads_body_paragraphs_on_the_line_pitch(render: Render) -> None:
    body = {block.text for block in render.outline.blocks if isinstance(block, Paragraph | Heading)}
    read = [p for p in body_paragraphs(render.document) if p.text in body]
    assert len(read) >= len(body) > 0
    for paragraph in read:
        spacing = paragraph.paragraph_format
        assert spacing.line_spacing_rule == WD_LINE_SPACING.EXACTLY, paragraph.text
        assert spacing.line_spacing == Twips(render.layout["line_pitch"]), paragraph.text
