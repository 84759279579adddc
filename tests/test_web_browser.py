"""Each example's web page in a real browser (Debian's chromium, headless), at a phone's width and
a desktop's: not blank, the red masthead there, no sideways scrolling at 390 px, and the text the
reader sees equal to the .docx's text, paragraph for paragraph (the 版记 aside: the page leaves it out).

Where chromium is not installed these tests are skipped and say so (CI installs it: .ci/run).
"""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from tests.browser import Browser, Look, find_chromium
from tests.conftest import EXAMPLES
from zhoubao import edits
from zhoubao.render import RenderOptions, render_issue, render_site

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PHONE = (390, 844)
DESKTOP = (1280, 900)
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.toml"))


@pytest.fixture(scope="module")
def browser():
    executable = find_chromium()
    if executable is None:
        pytest.skip("chromium is not installed: the browser tests did not run (apt-get install chromium)")
    b = Browser(executable)
    yield b
    b.close()


def docx_paragraphs(path: Path) -> list[str]:
    """The text of the body's paragraphs, in order, empty ones left out; the 版记 (a table) aside.
    A tab (unit ⇥ date, mark ⇥ 送审稿) counts as the space between two words."""
    with zipfile.ZipFile(path) as z:
        body = ElementTree.fromstring(z.read("word/document.xml")).find(f"{W}body")
    assert body is not None
    texts = []
    for p in body.findall(f"{W}p"):  # direct children only: the 版记's rows are inside w:tbl
        text = "".join(
            node.text or "" if node.tag == f"{W}t" else "\t" for node in p.iter() if node.tag in (f"{W}t", f"{W}tab")
        )
        if text.strip():
            texts.append(text)
    return [normal(t) for t in texts]


def normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def pixels(look: Look):
    from PIL import Image

    image = Image.open(io.BytesIO(look.png)).convert("RGB")
    raw = image.tobytes()
    return image, list(zip(raw[0::3], raw[1::3], raw[2::3], strict=True))


def assert_not_blank(look: Look, width: int) -> None:
    image, data = pixels(look)
    assert image.size == (width, PHONE[1] if width == PHONE[0] else DESKTOP[1])
    red = sum(1 for r, g, b in data if r > 200 and g < 60 and b < 60)  # the masthead's name and rule
    ink = sum(1 for r, g, b in data if r < 90 and g < 90 and b < 90)  # the black text
    assert red > 2000, f"no red masthead at {width} px ({red} red pixels)"
    assert ink > 2000, f"no text at {width} px ({ink} dark pixels)"


@pytest.fixture(params=EXAMPLE_FILES, ids=[p.stem for p in EXAMPLE_FILES])
def rendered(request, tmp_path: Path) -> tuple[Path, Path]:
    """An example rendered both ways: its .docx and its web page."""
    issue = tmp_path / request.param.name
    shutil.copy(request.param, issue)
    docx = render_issue(issue, tmp_path / "bulletin.docx", RenderOptions(force=True)).out
    page = render_issue(issue, tmp_path / "bulletin.html", RenderOptions(html=True, force=True)).out
    return docx, page


def test_the_page_on_a_phone_shows_the_bulletin_without_sideways_scrolling(browser, rendered):
    docx, page = rendered
    look = browser.look(page, *PHONE)
    assert look.client_width == PHONE[0]
    assert look.scroll_width <= PHONE[0], f"the page scrolls sideways: {look.scroll_width} px wide"
    assert look.widest <= PHONE[0] + 0.5
    assert look.name_lines == 1, "the bulletin's name wraps in the masthead"
    assert look.height > PHONE[1]  # a whole bulletin: longer than one screen
    assert_not_blank(look, PHONE[0])


def test_the_page_on_a_desktop_is_not_blank_and_does_not_scroll_sideways(browser, rendered):
    _docx, page = rendered
    look = browser.look(page, *DESKTOP, mobile=False)
    assert look.scroll_width <= DESKTOP[0]
    assert_not_blank(look, DESKTOP[0])


def test_the_page_reads_as_the_docx_paragraph_for_paragraph(browser, rendered):
    docx, page = rendered
    expected = docx_paragraphs(docx)
    assert len(expected) > 10 and expected[0] == normal(expected[0])
    for width, height in (PHONE, DESKTOP):
        look = browser.look(page, width, height, mobile=width < 600)
        assert [normal(t) for t in look.paragraphs] == expected


def test_typed_markup_shows_as_typed_in_the_browser(browser, example, tmp_path):
    typed = "窗口<script>document.body.innerHTML=''</script>与A&B公司座谈。"
    edits.add_news(example, "服务效能", typed)
    page = render_issue(example, tmp_path / "x.html", RenderOptions(html=True)).out
    docx = render_issue(example, tmp_path / "x.docx").out
    look = browser.look(page, *PHONE)
    assert any(typed in t for t in look.paragraphs)
    assert [normal(t) for t in look.paragraphs] == docx_paragraphs(docx)
    assert_not_blank(look, PHONE[0])


def test_the_archive_index_opens_from_a_folder_and_fits_a_phone(browser, tmp_path):
    issues = []
    text = (EXAMPLES / "2022-33.toml").read_text(encoding="utf-8")
    for n in (31, 32, 33):
        path = tmp_path / f"2022-{n}.toml"
        path.write_text(text.replace("number = 33", f"number = {n}").replace("total = 408", f"total = {375 + n}"))
        issues.append(path)
    site = render_site(issues, tmp_path / "网站")
    look = browser.look(site.index, *PHONE)
    assert look.scroll_width <= PHONE[0]
    assert [normal(t) for t in look.paragraphs][1].startswith("窗口工作周报 2022年第33期")
    # the first link, followed the way a reader's click would: a relative file beside the index
    first = site.index.parent / "窗口工作周报-2022年第33期.html"
    assert browser.look(first, *PHONE).paragraphs[1] == "2022年第33期（总第408期）"


def test_a_long_unbroken_string_wraps_instead_of_widening_the_page(browser, example, tmp_path):
    """A pasted link or a run of digits has no break opportunity; it must not push the page sideways."""
    link = "https://www.sczwfw.gov.cn/jiq/front/transition/ywTransToDetail?areaCode=510000000000&" + "x" * 120
    edits.add_news(example, "服务效能", f"详见{link}，办件编号{'9' * 80}。")
    edits.set_field(example, "unit", "四川省政府政务服务和公共资源交易服务中心" * 2)
    page = render_issue(example, tmp_path / "x.html", RenderOptions(html=True)).out
    look = browser.look(page, *PHONE)
    assert look.scroll_width <= PHONE[0] and look.widest <= PHONE[0] + 0.5
    assert any(link in t for t in look.paragraphs)


@pytest.mark.parametrize("name", ["周报", "公共资源交易工作月报", "四川省政务服务和公共资源交易中心周报"])
def test_the_bulletins_name_fits_one_line_on_a_phone(browser, example, tmp_path, name):
    """A bulletin's name is the masthead's one line on paper; on a phone it is sized to stay so
    (up to the 16 characters a name can have there, beyond which it wraps rather than shrinks)."""
    edits.set_field(example, "name", name)
    page = render_issue(example, tmp_path / "x.html", RenderOptions(html=True)).out
    look = browser.look(page, *PHONE)
    assert look.name_lines == 1
    assert look.scroll_width <= PHONE[0]
