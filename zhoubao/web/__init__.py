"""The writer for the web: outline → one self-contained HTML page, and the index of an archive.

The page is made from the same outline the .docx writer receives, so its text, numbering and order
are the bulletin's by construction; this package only decides how each block looks on a screen.

What the page must survive: pasting into the WeChat editor or a government CMS, which strip
`<style>` blocks, `<link>`s and scripts. So there are none: every element carries its own `style`
attribute, fonts are named (never downloaded), and nothing refers to another file. It must read on
a phone: no fixed width anywhere, text wraps anywhere rather than push the page sideways.

User text is escaped once, where it is written (`_text`): a news item reading `<script>` or `&`
shows as typed. The 版记 (报/送/发, 印数) is internal: left out unless `distribution=True`.

    page_html(outline)            the page of one issue
    index_html(entries, title)    the archive's list of pages, as given (newest first)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING
from urllib.parse import quote

from zhoubao.outline import Distribution, Heading, Masthead, OutlineParagraph, Paragraph, PartTitle, Run, paragraphs_of

if TYPE_CHECKING:
    from zhoubao.outline import Block, Outline

__all__ = ["FONTS", "IndexEntry", "index_html", "page_html"]

# Font stacks that find the official faces where they are: the GB2312 faces a government PC has,
# Windows' own (仿宋, 楷体, 黑体), macOS' (STFangsong, STKaiti, Songti, PingFang) and the free
# Noto / Source Han / AR PL faces of Linux; the generic family last. Single quotes: they go inside
# a double-quoted style attribute.
FONTS = {
    "body": "'仿宋_GB2312', 'FangSong_GB2312', '仿宋', FangSong, STFangsong, '华文仿宋', "
    "'Noto Serif CJK SC', 'Source Han Serif SC', 'Noto Serif SC', serif",
    "kai": "'楷体_GB2312', 'KaiTi_GB2312', '楷体', KaiTi, STKaiti, '华文楷体', 'Kaiti SC', "
    "'AR PL UKai CN', 'Noto Serif CJK SC', 'Source Han Serif SC', serif",
    "hei": "'黑体', SimHei, 'Heiti SC', STHeiti, 'PingFang SC', 'Microsoft YaHei', "
    "'Noto Sans CJK SC', 'Source Han Sans SC', 'Noto Sans SC', sans-serif",
    "title": "'方正小标宋简体', 'FZXiaoBiaoSong-B05S', '方正小标宋_GBK', '华文中宋', STZhongsong, "
    "'Songti SC', '宋体', SimSun, 'Noto Serif CJK SC', 'Source Han Serif SC', serif",
}

RED = "#FF0000"
TEXT = "#1A1A1A"

# Every text element: no element wider than the screen, a long unbroken string (a URL, a number
# run) wraps rather than scroll the page.
_WRAP = f"margin:0;max-width:100%;overflow-wrap:anywhere;word-break:normal;color:{TEXT}"
_BODY = f"font-family:{FONTS['body']};font-size:17px;line-height:1.8;color:{TEXT}"
STYLE = {
    "body": "margin:0;padding:0;background:#FFFFFF",
    "page": f"box-sizing:border-box;max-width:46em;margin:0 auto;padding:20px 16px 32px;{_BODY}",
    "topline": f"{_WRAP};display:flex;flex-wrap:wrap;justify-content:space-between;font-family:{FONTS['hei']};"
    "font-size:15px;line-height:1.6",
    "mark": "margin:0",
    "draft": f"margin:0 0 0 auto;color:{RED}",
    "name": f"{_WRAP};padding:12px 0 4px;font-family:{FONTS['title']};font-weight:normal;"
    "font-size:clamp(30px,11vw,56px);line-height:1.25;letter-spacing:0.04em;text-align:center",
    "issue_line": f"{_WRAP};font-family:{FONTS['body']};font-size:17px;line-height:1.8;text-align:center",
    "unit_line": f"{_WRAP};font-family:{FONTS['body']};display:flex;flex-wrap:wrap;justify-content:space-between;column-gap:1em;"
    f"padding:4px 0.5em 6px;border-bottom:3px solid {RED};margin-bottom:24px;font-size:16px;line-height:1.8",
    "unit": "margin:0",
    "date": "margin:0 0 0 auto",
    "part_title": f"{_WRAP};padding-top:8px;font-family:{FONTS['title']};font-weight:normal;font-size:24px;"
    "line-height:1.5;text-align:center",
    "part_title_later": f"{_WRAP};padding-top:32px;font-family:{FONTS['title']};font-weight:normal;"
    "font-size:24px;line-height:1.5;text-align:center",
    "subtitle": f"{_WRAP};font-family:{FONTS['kai']};font-size:17px;line-height:1.8;text-align:center;"
    "margin-bottom:8px",
    "heading1": f"{_WRAP};padding-top:8px;font-family:{FONTS['hei']};font-weight:normal;font-size:17px;"
    "line-height:1.8;text-indent:2em;text-align:justify",
    "heading2": f"{_WRAP};font-family:{FONTS['kai']};font-weight:normal;font-size:17px;line-height:1.8;"
    "text-indent:2em;text-align:justify",
    "body_text": f"{_WRAP};{_BODY};text-indent:2em;text-align:justify",
    "distribution": f"{_WRAP};font-family:{FONTS['body']};margin-top:32px;border-top:1px solid {TEXT};border-bottom:1px solid {TEXT};"
    "font-size:15px;line-height:1.8",
    "distribution_line": f"{_WRAP};padding:2px 0.5em;border-bottom:1px solid {TEXT}",
    "copies": f"{_WRAP};padding:2px 0.5em;text-align:right",
}
RUN_STYLE = {
    "body": "",
    "bold": "font-weight:bold",
    "kai": f"font-family:{FONTS['kai']}",
    "hei": f"font-family:{FONTS['hei']}",
}


def _text(text: str) -> str:
    """User text as it shows: escaped, quotes too (it may end up in an attribute)."""
    return escape(text, quote=True)


def _el(tag: str, style: str, content: str) -> str:
    return f'<{tag} style="{style}">{content}</{tag}>'


def _runs(runs: tuple[Run, ...]) -> str:
    out = []
    for run in runs:
        style = RUN_STYLE.get(run.style, "")
        out.append(_el("span", style, _text(run.text)) if style else _text(run.text))
    return "".join(out)


def _name_size(name: str) -> str:
    """The name's size: as large as fits one line of the screen (the page's 16 px padding either
    side, 0.04 em letter spacing), between 18 px and 56 px; on paper the name is one line too."""
    width = max(len(name), 1) * 1.06  # a character's advance in em, spacing and a margin included
    return f"clamp(18px,calc((100vw - 36px) / {width:.2f}),56px)"


def _masthead(paragraphs: tuple[OutlineParagraph, ...]) -> list[str]:
    out = []
    for paragraph in paragraphs:
        match paragraph.role:
            case "mark":
                mark, draft_mark = paragraph.runs
                inner = ""
                if mark.text:
                    inner += _el("span", STYLE["mark"], _text(mark.text))
                if mark.text and draft_mark.text:
                    inner += " "
                if draft_mark.text:
                    inner += _el("span", STYLE["draft"], _text(draft_mark.text))
                out.append(_el("p", STYLE["topline"], inner))
            case "name":
                name = paragraph.text
                out.append(_el("h1", f"{STYLE['name']};font-size:{_name_size(name)};color:{RED}", _text(name)))
            case "issue_line":
                out.append(_el("p", STYLE["issue_line"], _text(paragraph.text)))
            case "unit_date":
                unit, date = paragraph.runs
                spans = f"{_el('span', STYLE['unit'], _text(unit.text))} {_el('span', STYLE['date'], _text(date.text))}"
                out.append(_el("p", STYLE["unit_line"], spans))
    return out


def _distribution(paragraphs: tuple[OutlineParagraph, ...]) -> list[str]:
    lines = []
    for paragraph in paragraphs:
        if paragraph.role == "copies":
            lines.append(_el("p", STYLE["copies"], _text(paragraph.text)))
            continue
        hang = len(paragraph.runs[0].text)  # hanging: a second line starts under the text, not under 报：
        style = f"{STYLE['distribution_line']};padding-left:{hang + 0.5}em;text-indent:-{hang}em"
        lines.append(_el("p", style, _text(paragraph.text)))
    return [_el("div", STYLE["distribution"], "".join(lines))]


def _blocks(blocks: Iterable[Block], distribution: bool) -> list[str]:
    out: list[str] = []
    body_started = False
    for block in blocks:
        paragraphs = paragraphs_of(block)
        match block:
            case Masthead():
                out += _masthead(paragraphs)
            case PartTitle():
                for paragraph in paragraphs:
                    if paragraph.role == "subtitle":
                        out.append(_el("p", STYLE["subtitle"], _text(paragraph.text)))
                    else:
                        style = STYLE["part_title_later"] if body_started else STYLE["part_title"]
                        out.append(_el("h2", style, _text(paragraph.text)))
            case Heading():
                heading = paragraphs[0]
                tag, style = ("h3", STYLE["heading1"]) if heading.level == 1 else ("h4", STYLE["heading2"])
                out.append(_el(tag, style, _text(heading.text)))
                body_started = True
            case Paragraph():
                out.append(_el("p", STYLE["body_text"], _runs(paragraphs[0].runs)))
                body_started = True
            case Distribution():
                if distribution:
                    out += _distribution(paragraphs)
    return out


# The mark of a page this tool wrote: a render replaces a page only when it carries this and the
# same <title> (its own earlier output of the same issue, or the archive's index), see is_earlier_page.
GENERATOR = '<meta name="generator" content="zhoubao">'


def is_earlier_page(head: bytes, title: str | None) -> bool:
    """Whether `head` (the start of an existing file) is a page of ours with this title (None:
    any title, for the archive's index)."""
    text = head.decode("utf-8", errors="replace")
    return GENERATOR in text and (title is None or f"<title>{_text(title)}</title>" in text)


def _document(title: str, body: list[str]) -> str:
    """A whole page: the head holds only the character set, the viewport, our mark and the title."""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"{GENERATOR}\n<title>{_text(title)}</title>\n</head>\n"
        f'<body style="{STYLE["body"]}">\n'
        f'<section style="{STYLE["page"]}">\n' + "\n".join(body) + "\n</section>\n</body>\n</html>\n"
    )


def page_html(outline: Outline, *, distribution: bool = False) -> str:
    """The bulletin of `outline` as one self-contained HTML page (UTF-8 text).

    Masthead (mark, name in red, issue lines, unit and date over the red rule), part titles and
    periods, headings and paragraphs, in the outline's order and words. The 版记 only when
    `distribution`. The same outline always gives the same text."""
    return _document(outline.properties.title, _blocks(outline.blocks, distribution))


# ----------------------------------------------------------------------------- the archive's index


@dataclass(frozen=True)
class IndexEntry:
    """One page of the archive: its file name beside index.html and the words of its link."""

    file_name: str
    title: str  # 窗口工作周报 2022年第33期（总第408期）
    period: str  # 9月26日—9月30日, or ""
    date: str  # 2022年11月1日


INDEX_STYLE = {
    "title": f"{_WRAP};padding:8px 0 16px;font-family:{FONTS['title']};font-weight:normal;font-size:28px;"
    f"line-height:1.4;text-align:center;color:{RED};border-bottom:3px solid {RED};margin-bottom:16px",
    "list": "margin:0;padding:0;list-style:none",
    "item": f"{_WRAP};font-family:{FONTS['body']};padding:10px 0;border-bottom:1px solid #DDDDDD",
    "link": f"color:{TEXT};text-decoration:none;font-size:18px",
    "meta": f"{_WRAP};display:block;font-size:14px;color:#666666",
    "count": f"{_WRAP};font-family:{FONTS['body']};margin-top:16px;font-size:14px;color:#666666;text-align:right",
}


def _href(file_name: str) -> str:
    """A link that works from a plain folder (file://, no server): the name percent-encoded."""
    if re.search(r"[/\\]", file_name):
        raise ValueError(f"not a plain file name: {file_name!r}")
    return quote(file_name)


def index_html(entries: list[IndexEntry], title: str) -> str:
    """The archive's index: one link a page, in the order given (the caller puts the newest first)."""
    items = []
    for entry in entries:
        link = f'<a href="{_href(entry.file_name)}" style="{INDEX_STYLE["link"]}">{_text(entry.title)}</a>'
        meta = "　".join(part for part in (entry.period, f"{entry.date}印发" if entry.date else "") if part)
        items.append(
            _el("li", INDEX_STYLE["item"], link + (_el("span", INDEX_STYLE["meta"], _text(meta)) if meta else ""))
        )
    body = [
        _el("h1", INDEX_STYLE["title"], _text(title)),
        _el("ul", INDEX_STYLE["list"], "\n".join(items)),
        _el("p", INDEX_STYLE["count"], f"共{len(entries)}期"),
    ]
    return _document(title, body)
