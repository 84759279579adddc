"""The bulletin as a web page: the clerk publishes 第33期 on the centre's site and pastes it into
the WeChat editor; at year end the whole year goes up as a small archive site.

No browser here (tests/test_web_browser.py looks at the pages in chromium): the page's markup,
its text against the outline, escaping, the 版记 left out, the archive's index and the CLI.
"""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest

from tests.conftest import EXAMPLES, run
from zhoubao import edits, store, web
from zhoubao.compose import compose
from zhoubao.outline import Distribution, Heading, Masthead, Paragraph, PartTitle
from zhoubao.render import RenderOptions, render_issue, render_site

VOID = {"meta", "br", "hr", "img", "input", "link"}


class Markup(HTMLParser):
    """Every element of a page with its attributes, and the text of each paragraph-like element."""

    BLOCKS = {"h1", "h2", "h3", "h4", "p", "li"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[str] = []
        self.in_body = False
        self.texts: list[str] = []
        self._open: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag == "body":
            self.in_body = True
        if tag in self.BLOCKS:
            self._open.append([])
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.BLOCKS and self._open:
            self.texts.append("".join(self._open.pop()))
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        for parts in self._open:
            parts.append(data)


def parse(text: str) -> Markup:
    markup = Markup()
    markup.feed(text)
    markup.close()
    return markup


def outline_paragraphs(outline) -> list[str]:
    """The outline's text as the page should print it, paragraph by paragraph, 版记 aside."""
    out: list[str] = []
    for block in outline.blocks:
        if isinstance(block, Masthead):
            if block.mark or block.draft_mark:
                out.append(" ".join(t for t in (block.mark, block.draft_mark) if t))
            out += [block.name, *block.issue_lines, f"{block.unit} {block.date}"]
        elif isinstance(block, PartTitle):
            out += [block.title] + ([block.subtitle] if block.subtitle else [])
        elif isinstance(block, Heading | Paragraph):
            out.append(block.text)
    return out


@pytest.fixture
def seed_outline(example: Path):
    return compose(store.load_issue(example), previous=None)


def test_the_page_says_what_the_bulletin_says_in_its_order(seed_outline):
    page = parse(web.page_html(seed_outline))
    assert page.texts == outline_paragraphs(seed_outline)
    assert page.texts[:3] == [
        "窗口工作周报",
        "2022年第33期（总第408期）",
        "四川省政府政务服务和公共资源交易服务中心 2022年11月1日",
    ]
    assert "（9月26日—9月30日）" in page.texts and "三、大厅巡查情况" in page.texts


def test_the_page_is_self_contained_and_styled_element_by_element(seed_outline):
    text = web.page_html(seed_outline)
    page = parse(text)
    tags = {tag for tag, _ in page.elements}
    assert not tags & {"style", "link", "script", "img", "iframe"}
    assert not re.search(r"url\(|@import|src=|https?://", text)
    in_body = page.elements[[tag for tag, _ in page.elements].index("body") :]
    unstyled = [tag for tag, attrs in in_body if not attrs.get("style")]
    assert unstyled == []
    assert ("meta", {"charset": "utf-8"}) in page.elements


def test_no_fixed_width_that_would_make_a_phone_scroll_sideways(seed_outline):
    text = web.page_html(seed_outline)
    assert not re.search(r"(?<!max-)width:\s*\d", text)  # only max-width, never a width
    assert 'name="viewport" content="width=device-width' in text


def test_the_masthead_is_red_and_the_rule_under_unit_and_date_too(seed_outline):
    page = parse(web.page_html(seed_outline))
    h1 = next(attrs for tag, attrs in page.elements if tag == "h1")
    assert "color:#FF0000" in (h1["style"] or "")
    unit_line = [attrs for tag, attrs in page.elements if tag == "p"][1]
    assert "border-bottom:3px solid #FF0000" in (unit_line["style"] or "")


def test_font_stacks_find_fangsong_on_windows_mac_and_linux(seed_outline):
    text = web.page_html(seed_outline)
    for face in ("'仿宋'", "FangSong", "STFangsong", "'Noto Serif CJK SC'", "KaiTi", "SimHei", "'Noto Sans CJK SC'"):
        assert face in text


def test_what_the_clerk_typed_shows_as_typed(example):
    edits.add_news(example, "服务效能", "窗口<script>alert(1)</script>与“A&B”公司座谈，<b>不加粗</b>。")
    outline = compose(store.load_issue(example))
    text = web.page_html(outline)
    assert "<script>" not in text and "<b>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text and "A&amp;B" in text
    page = parse(text)
    assert any("窗口<script>alert(1)</script>与“A&B”公司座谈，<b>不加粗</b>。" in t for t in page.texts)
    assert page.texts == outline_paragraphs(outline)


def test_the_distribution_stays_internal_unless_asked_for(seed_outline):
    tail = next(b for b in seed_outline.blocks if isinstance(b, Distribution))
    without = web.page_html(seed_outline)
    assert tail.copies not in without and "报：" not in without
    with_it = parse(web.page_html(seed_outline, distribution=True))
    assert with_it.texts[-1] == tail.copies
    assert with_it.texts[-1 - len(tail.lines)].startswith(f"{tail.lines[0].label}：")


def test_a_draft_page_is_marked_and_the_mark_line_kept(tmp_path):
    path = tmp_path / "ggzy.toml"
    shutil.copy(EXAMPLES / "ggzy-2023-05.toml", path)
    outline = compose(store.load_issue(path), draft=True)
    page = parse(web.page_html(outline))
    assert page.texts[0] == "内部资料　注意保存 送审稿"
    assert page.texts == outline_paragraphs(outline)


def test_the_same_issue_gives_the_same_page(seed_outline):
    assert web.page_html(seed_outline) == web.page_html(seed_outline)


# ----------------------------------------------------------------------------- render --html


def test_render_html_writes_the_page_beside_the_issue(example):
    result = render_issue(example, options=RenderOptions(html=True))
    assert result.out == example.with_name("窗口工作周报-2022年第33期.html")
    assert result.out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert not list(example.parent.glob("*.docx"))


def test_render_html_from_the_command_line(example, tmp_path):
    out = tmp_path / "周报.html"
    r = run("render", "-f", str(example), "--html", "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert f"已生成 {out}" in r.stderr
    assert parse(out.read_text(encoding="utf-8")).texts[0] == "窗口工作周报"


@pytest.mark.parametrize(
    "args, needle",
    [
        (["--html", "--pdf"], "--html 生成网页，不生成 PDF"),
        (["--html", "--fonts", "系统"], "--fonts 只用于 Word 文件"),
        (["--with-distribution"], "--with-distribution 只用于网页"),
        (["--html", "-o", "x.docx"], "不是 .html"),
    ],
)
def test_options_that_do_not_go_with_html_are_refused_and_nothing_changes(example, args, needle):
    before = example.read_bytes()
    r = run("render", "-f", str(example), *args, cwd=example.parent)
    assert r.returncode == 1 and needle in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
    assert example.read_bytes() == before
    assert sorted(p.name for p in example.parent.iterdir()) == [example.name]


def test_an_unfinished_issue_is_not_published(issue):
    r = run("render", "-f", str(issue), "--html")
    assert r.returncode == 1 and "还不能生成定稿" in r.stderr
    assert not list(issue.parent.glob("*.html"))


# ----------------------------------------------------------------------------- the archive site


def year_of_issues(folder: Path, count: int) -> list[Path]:
    """The seed, numbered 1…count: the clerk's year of issues (same text, its own number each)."""
    text = (EXAMPLES / "2022-33.toml").read_text(encoding="utf-8")
    paths = []
    for n in range(1, count + 1):
        path = folder / f"2022-{n:02d}.toml"
        path.write_text(
            text.replace("number = 33", f"number = {n}").replace("total = 408", f"total = {375 + n}"), encoding="utf-8"
        )
        paths.append(path)
    return paths


def links_of(index: Path) -> list[str]:
    return [
        unquote(attrs["href"] or "")
        for tag, attrs in parse(index.read_text(encoding="utf-8")).elements
        if tag == "a" and "href" in attrs
    ]


def test_a_site_lists_the_issues_newest_first_with_links_that_work_from_a_folder(tmp_path):
    issues = year_of_issues(tmp_path, 5)
    site = render_site(reversed(issues), tmp_path / "网站")  # given in any order
    assert site.index == tmp_path / "网站" / "index.html"
    links = links_of(site.index)
    assert links == [f"窗口工作周报-2022年第{n}期.html" for n in (5, 4, 3, 2, 1)]
    for link in links:  # relative: a plain file beside index.html, no server, no absolute path
        assert "/" not in link and (site.index.parent / link).is_file()
    index = parse(site.index.read_text(encoding="utf-8"))
    assert index.texts[0] == "窗口工作周报归档"
    assert index.texts[1].startswith("窗口工作周报 2022年第5期（总第380期）")
    assert not {tag for tag, _ in index.elements} & {"style", "link", "script"}


def test_render_a_year_to_a_site_from_the_command_line(tmp_path):
    issues = year_of_issues(tmp_path, 52)
    site = tmp_path / "网站"
    r = run("render", *map(str, issues), "--html", "-d", str(site))
    assert r.returncode == 0, r.stderr
    assert len(list(site.glob("*.html"))) == 53
    assert "已生成目录页" in r.stderr and "共 52 期" in r.stderr
    assert links_of(site / "index.html")[0] == "窗口工作周报-2022年第52期.html"
    assert not list(site.glob("*.docx"))


def test_a_broken_issue_in_the_year_writes_no_site(tmp_path):
    issues = year_of_issues(tmp_path, 3)
    issues[1].write_text(issues[1].read_text(encoding="utf-8").replace("number = 2", "number = 二"), encoding="utf-8")
    r = run("render", *map(str, issues), "--html", "-d", str(tmp_path / "网站"))
    assert r.returncode == 1 and "2022-02.toml" in r.stderr and "未生成任何文件" in r.stderr
    assert not (tmp_path / "网站").exists()
