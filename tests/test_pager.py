"""The pager decides on measured boxes before anything is written; the emitter only writes.

The first tests use boxes alone (no outline, no python-docx): lines of a fixed pitch on pages of 22
lines, as on the official page.
"""

from __future__ import annotations

import inspect
import io
import subprocess
import sys
import zipfile
from pathlib import Path

from lxml import etree

from tests.seed_outline import distribution, masthead, properties, seed_outline, text
from zhoubao import word
from zhoubao.outline import Heading, Outline, PartTitle
from zhoubao.word import boxes, emit, pager
from zhoubao.word.pager import AtFoot, Box, LineUp, place

PITCH = 579
PAGE = 22 * PITCH
ROOT = Path(__file__).resolve().parent.parent


def body(lines: int, name: str = "") -> Box:
    return Box(lines, PITCH, payload=name or None)


def part_title(name: str) -> list[Box]:
    """A later part's title: the blank line that sets it apart, the title, the period line."""
    return [
        Box(1, PITCH, keep_next=True, drop_at_page_top=True, payload="blank"),
        Box(1, PITCH, keep_next=True, keep_lines=True, payload=name),
        Box(1, PITCH, keep_next=True, keep_lines=True, payload="period"),
    ]


def payloads(pages: pager.Pages) -> list[object]:
    return [placed.box.payload for placed in pages.placed]


# ------------------------------------------------------------------ boxes alone
def test_the_blank_line_before_a_part_title_that_opens_a_page_is_dropped_before_anything_is_written() -> None:
    # 18 lines used: blank, title and period (3) and two lines of what follows do not fit in 4.
    pages = place([body(18, "first"), *part_title("second part"), body(5, "news")], PAGE)
    blank = part_title("")[0]
    assert pages.dropped == (blank,)
    assert "blank" not in payloads(pages)
    title = next(p for p in pages.placed if p.box.payload == "second part")
    assert (title.page, title.top) == (2, 0)
    assert pages.count == 2


def test_the_blank_line_stays_when_the_part_title_fits_on_the_page() -> None:
    pages = place([body(10, "first"), *part_title("second part"), body(5, "news")], PAGE)
    assert pages.dropped == ()
    assert payloads(pages) == ["first", "blank", "second part", "period", "news"]
    assert [p.top for p in pages.placed] == [0, 10 * PITCH, 11 * PITCH, 12 * PITCH, 13 * PITCH]


def test_the_distribution_spacer_fills_the_page_down_to_the_block() -> None:
    block = Box(1, 2000, payload="版记")
    pages = place([body(10, "news"), AtFoot(block, margin=40)], PAGE)
    spacer = pages.placed[1]
    assert spacer.box.payload is None and not spacer.box.page_break_before  # a blank the emitter writes
    assert spacer.box.height == PAGE - 10 * PITCH - 2000 - 40
    assert (pages.placed[2].box, pages.placed[2].page, pages.placed[2].top) == (block, 1, PAGE - 2000 - 40)


def test_a_distribution_that_does_not_fit_goes_to_the_foot_of_a_new_page() -> None:
    block = Box(1, 3 * PITCH, payload="版记")
    pages = place([body(20, "news"), AtFoot(block, margin=40)], PAGE)
    spacer = pages.placed[1].box
    assert spacer.page_break_before and spacer.height == PAGE - 3 * PITCH - 40
    assert (pages.placed[2].page, pages.placed[2].top) == (2, PAGE - 3 * PITCH - 40)
    assert pages.count == 2


def test_no_spacer_under_one_point() -> None:
    block = Box(1, 2 * PITCH - 40 - 10, payload="版记")
    pages = place([body(20, "news"), AtFoot(block, margin=40)], PAGE)
    assert payloads(pages) == ["news", "版记"]


def test_the_blank_under_the_masthead_brings_it_to_a_whole_line() -> None:
    pages = place(
        [
            Box(1, 1134),
            Box(1, 1158, keep_lines=True),
            Box(1, PITCH + 26, keep_lines=True),
            LineUp(PITCH),
            body(1, "part title"),
        ],
        PAGE,
    )
    gap = pages.placed[3].box
    assert (1134 + 1158 + PITCH + 26 + gap.height) % PITCH == 0 and gap.height >= PITCH // 2
    assert pages.placed[4].top % PITCH == 0


def test_widows_and_orphans_move_with_their_paragraph() -> None:
    pages = place([body(21, "first"), body(3, "second")], PAGE)  # one line left: no orphan
    assert (pages.placed[1].page, pages.placed[1].top) == (2, 0)


# ------------------------------------------------------------------ the emitter only writes
def opens_a_page(paragraphs: int) -> Outline:
    first = (PartTitle("政务服务工作"), Heading(1, "一、窗口工作动态"), *[text("本周办件12件。")] * paragraphs)
    second = (
        PartTitle("公共资源交易工作", "（9月26日—9月30日）"),
        Heading(1, "一、交易情况"),
        text("本周完成交易项目12个。"),
    )
    return Outline((masthead(), *first, *second, distribution()), properties())


def paged(outline: Outline) -> pager.Pages:
    return boxes.fit(outline)[1].pages


def test_the_emitter_writes_each_placed_box_once_and_takes_nothing_back() -> None:
    outline = next(o for o in map(opens_a_page, range(1, 40)) if paged(o).dropped)
    pages = paged(outline)
    document = etree.fromstring(zipfile.ZipFile(io.BytesIO(word.render_docx(outline))).read("word/document.xml"))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    written = [child for child in document.find(f"{w}body") if child.tag != f"{w}sectPr"]
    expected = sum(2 if isinstance(box.payload, boxes.RuledTable) and box.payload.rows else 1 for box in pages.boxes)
    assert len(written) == expected
    title = next(p for p in written if "".join(p.itertext()) == "公共资源交易工作")
    assert "".join(title.getprevious().itertext()) == "本周办件12件。"  # no blank line above it at the top


def test_no_module_of_the_writer_removes_an_element() -> None:
    for module in (boxes, pager, emit):
        source = inspect.getsource(module)
        assert ".remove(" not in source and "getparent" not in source, module.__name__


def test_pages_are_counted_without_python_docx() -> None:
    probe = (
        "import sys; from tests.seed_outline import seed_outline; from zhoubao.word import page_count; "
        "pages = page_count(seed_outline()); "
        "print(pages, sorted({m.split('.')[0] for m in sys.modules} & {'docx', 'lxml'}))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.stdout.strip() == f"{paged(seed_outline()).count} []", done.stderr


def test_a_whole_docx_is_written_without_python_docx_or_lxml() -> None:
    """The writer zips XML it writes as text: importing python-docx (and lxml with it) would cost
    every render more than all the rest of its start-up (docs/performance.md)."""
    probe = (
        "import sys; from tests.seed_outline import seed_outline; from zhoubao.word import render_docx; "
        "data = render_docx(seed_outline()); "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'docx', 'lxml'}), data[:2])"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.stdout.strip() == "[] b'PK'", done.stderr
