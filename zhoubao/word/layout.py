"""Layout numbers of the official page (docs/format.md) and the font sets: data, no python-docx.

The writer lays pages out with these numbers; `check` reads the font set to know which characters
the faces can print. A bulletin kind overrides any number in its `[layout]` table.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, TypedDict

from zhoubao.errors import ZhoubaoError
from zhoubao.numerals import read_numbering


class Layout(TypedDict):
    """Layout numbers: lengths in twips, sizes in half-points, rules in eighths of a point."""

    page_width: int
    page_height: int
    margin_top: int
    margin_bottom: int
    margin_left: int
    margin_right: int
    header_distance: int
    footer_distance: int
    line_pitch: int
    char_spacing: int
    body_size: int
    masthead_name_size: int
    masthead_name_size_long: int
    issue_size: int
    unit_size: int
    unit_size_small: int
    mark_size: int
    part_title_size: int
    subtitle_size: int
    distribution_size: int
    page_number_size: int
    page_number_format: str
    page_number_align: str
    body_font: str
    level1_font: str
    level2_font: str
    title_font: str
    subtitle_font: str
    issue_font: str
    mark_font: str
    page_number_font: str
    latin_font: str
    fonts: str
    red: str
    black: str
    masthead_offset: int
    masthead_name_line: int
    masthead_rule_size: int
    masthead_rule_space: int
    masthead_rule_style: str
    distribution_rule_outer: int
    distribution_rule_inner: int
    placement_margin: int
    distribution_line: int
    copies_on_last_line: bool
    distribution_line_tight: int
    fit_line_pitch: int
    two_sided: bool


# Font sets. 标准: the official faces of GB/T 9704 (the default; the reader's machine needs
# 仿宋_GB2312, 楷体_GB2312 and 方正小标宋简体 installed). 系统: faces that Chinese Windows 10/11
# ship (仿宋, 楷体, 黑体, 宋体) and 华文中宋, which Microsoft Office and WPS install, for the title.
FONT_SETS: dict[str, dict[str, str]] = {
    "标准": {
        "body_font": "仿宋_GB2312",
        "level1_font": "黑体",
        "level2_font": "楷体_GB2312",
        "title_font": "方正小标宋简体",
        "subtitle_font": "楷体_GB2312",
        "issue_font": "仿宋_GB2312",
        "mark_font": "黑体",
        "page_number_font": "宋体",
    },
    "系统": {
        "body_font": "仿宋",
        "level1_font": "黑体",
        "level2_font": "楷体",
        "title_font": "华文中宋",
        "subtitle_font": "楷体",
        "issue_font": "仿宋",
        "mark_font": "黑体",
        "page_number_font": "宋体",
    },
}
# format.md's values. An outline's `layout` (from the bulletin kind) overrides any of them.
LAYOUT: Layout = {
    "page_width": 11906,  # A4
    "page_height": 16838,
    "margin_top": 2098,  # 37 mm
    "margin_bottom": 1984,  # 35 mm
    "margin_left": 1587,  # 28 mm, binding side
    "margin_right": 1474,  # 26 mm
    "header_distance": 851,
    "footer_distance": 1400,  # the page number sits ~7 mm below the text block
    "line_pitch": 579,  # exact height of every text line: 22 lines a page
    "char_spacing": -5,  # on body-size runs, twentieths of a point: 28 characters a line
    "body_size": 32,  # 3号 16 pt
    "masthead_name_size": 84,  # 初号 42 pt
    "masthead_name_size_long": 72,  # 小初 36 pt when the name does not fit one line at 42 pt
    "issue_size": 32,
    "unit_size": 32,
    "unit_size_small": 28,  # 4号, when unit and date do not fit one line at 3号
    "mark_size": 32,
    "part_title_size": 44,  # 2号 22 pt
    "subtitle_size": 32,
    "distribution_size": 28,  # 4号 14 pt
    "page_number_size": 28,
    "page_number_format": "— {page} —",  # the footer text, {page} the page number field
    "page_number_align": "outside",  # odd pages right, even pages left, one character in
    **FONT_SETS["标准"],  # type: ignore[typeddict-item]  # the faces of the default font set, written once
    "latin_font": "Times New Roman",
    "fonts": "标准",  # the font set the *_font keys start from (FONT_SETS); a kind's own keys win
    "red": "FF0000",
    "black": "000000",
    "masthead_offset": 1134,  # text-block top to the top of the name line (20 mm)
    "masthead_name_line": 1158,  # exact height of the name line: two text lines
    "masthead_rule_size": 18,  # 2.25 pt red rule under the unit line
    "masthead_rule_space": 6,  # points between the unit line and the red rule
    "masthead_rule_style": "single",  # or thickThinSmallGap for the double rule
    "distribution_rule_outer": 8,  # first and last rule 0.35 mm
    "distribution_rule_inner": 6,  # rules between lines 0.25 mm
    # Twips kept free under the 版记, whose closing rule lies on the text block's edge (within 0.3 mm):
    # what LibreOffice's preview rounds lengths up by (its .odt step writes inches to four places).
    "placement_margin": 2,
    "distribution_line": 0,  # exact line of the 版记's rows; 0: the body's line pitch
    "copies_on_last_line": False,  # （共印80份） right-aligned on the last row's last line, not a row of its own
    # When the 版记 does not fit under the last text, the pager tightens, in this order, until it fits
    # (boxes.fit_steps): the copies line onto the last row, the rows at this exact line (1.5 lines of 4号),
    # then the whole issue at fit_line_pitch: 28 pt, the smallest line docs/format.md accepts, still 22
    # lines a page on one grid (GB/T 9704-2012 7.3.5.1 names 调整行距、字距 as the remedy when the end
    # of a document does not fit; 23 lines would need 27.7 pt). Equal to line_pitch: the body stays.
    # 561, not 560: 28 pt is 0.38889 in, which the preview's .odt step writes as 0.389 in and sets a
    # fifth of a twip lower on every line; 561 (28.05 pt) it keeps.
    "distribution_line_tight": 420,
    "fit_line_pitch": 561,
    # Printed on both sides (odd pages right, even pages left): a 版记 that needs a page of its own goes
    # on the next even page, the back of a sheet (GB/T 9704-2012 7.5). False: one side, the next page.
    "two_sided": True,
}


FONT_SET_ALIASES = {"official": "标准", "windows": "系统"}
FONT_KEYS = tuple(FONT_SETS["标准"])
# What Word takes when a face is missing (w:altName in the font table): a face Windows ships, or
# the face's English name, under which Windows installs it.
FONT_ALT_NAMES = {
    "仿宋_GB2312": "仿宋",
    "楷体_GB2312": "楷体",
    "方正小标宋简体": "宋体",
    "仿宋": "FangSong",
    "楷体": "KaiTi",
    "黑体": "SimHei",
    "宋体": "SimSun",
    "华文中宋": "STZhongsong",
}


def font_set_name(name: str) -> str:
    """The canonical name of a font set (`windows` → 系统); a Chinese error for an unknown one."""
    canonical = FONT_SET_ALIASES.get(name.strip().lower(), name.strip())
    if canonical not in FONT_SETS:
        known = "、".join(f"{key}（{alias}）" for alias, key in FONT_SET_ALIASES.items())
        raise ZhoubaoError(f"没有名为“{name}”的字体集：可用 {known}。")
    return canonical


_BORDER_STYLES = frozenset(
    {
        "single",
        "double",
        "thick",
        "triple",
        "thickThinSmallGap",
        "thinThickSmallGap",
        "thickThinMediumGap",
        "thinThickMediumGap",
        "thickThinLargeGap",
        "thinThickLargeGap",
    }
)
# Where the page number goes: outside (odd right, even left, as GB/T 9704 for two-sided print),
# right (every page, one-sided print) or center.
PAGE_NUMBER_ALIGNS = ("outside", "right", "center")
# Keys of a kind's [layout] that compose reads, not the writer: the numbering ladder (numerals.py).
COMPOSE_KEYS = frozenset({"numbering"})
_MAY_BE_NEGATIVE = frozenset({"char_spacing"})
_MAY_BE_ZERO = frozenset(
    {
        "header_distance",
        "footer_distance",
        "masthead_offset",
        "masthead_rule_space",
        "placement_margin",
        "distribution_line",
    }
)


# The page-number paragraph's exact line, in twips per half-point of its size: 1.5 lines of 4号 (420).
# Its own height, not the body's: the footer grows upward from footer_distance and must stay below the
# text block.
FOOTER_LINE_PER_HALF_POINT = 15


def lines_per_page(layout: Layout) -> int:
    """Text lines of one page at the layout's line pitch (22 on the official page)."""
    return text_height(layout) // layout["line_pitch"]


def text_height(layout: Layout) -> int:
    return layout["page_height"] - layout["margin_top"] - layout["margin_bottom"]


def footer_line(layout: Layout) -> int:
    """Exact line height of the page-number paragraph."""
    return layout["page_number_size"] * FOOTER_LINE_PER_HALF_POINT


def at_pitch(layout: Layout, pitch: int) -> Layout:
    """The layout with every text line `pitch` twips tall, the masthead's name line as many lines as
    before: one grid for every page."""
    if pitch == layout["line_pitch"]:
        return layout
    name_lines = max(round(layout["masthead_name_line"] / layout["line_pitch"]), 1)
    return {**layout, "line_pitch": pitch, "masthead_name_line": name_lines * pitch}


def resolve_layout(overrides: Mapping[str, object]) -> Layout:
    """LAYOUT with the kind's overrides, checked: a misspelt key must not be silently ignored."""
    unknown = sorted(str(key) for key in set(overrides) - set(LAYOUT) - COMPOSE_KEYS)
    if unknown:
        raise ZhoubaoError(f"版式设置中有未知项：{'、'.join(unknown)}；可用的项见 zhoubao.word.layout.LAYOUT。")
    if "numbering" in overrides:
        read_numbering(overrides["numbering"])  # compose numbers by it; checked here with the rest
    layout: dict[str, Any] = dict(LAYOUT)
    fonts = overrides.get("fonts", LAYOUT["fonts"])
    if not isinstance(fonts, str):
        raise ZhoubaoError(f"版式设置“fonts”应为字体集名称（{'、'.join(FONT_SETS)}），现为 {fonts!r}。")
    layout["fonts"] = font_set_name(fonts)
    layout.update(FONT_SETS[layout["fonts"]])
    for key, value in overrides.items():
        if key == "fonts" or key in COMPOSE_KEYS:
            continue
        default = LAYOUT[key]  # type: ignore[literal-required]
        if isinstance(default, bool):
            if not isinstance(value, bool):
                raise ZhoubaoError(f"版式设置“{key}”应为 true 或 false，现为 {value!r}。")
        elif isinstance(default, int):
            if isinstance(value, bool) or not isinstance(value, int):
                raise ZhoubaoError(f"版式设置“{key}”应为整数，现为 {value!r}。")
            if value < 0 and key not in _MAY_BE_NEGATIVE or value == 0 and key not in _MAY_BE_ZERO | _MAY_BE_NEGATIVE:
                raise ZhoubaoError(f"版式设置“{key}”的值 {value} 不合理，应为正数。")
        elif not isinstance(value, str) or not value.strip():
            raise ZhoubaoError(f"版式设置“{key}”应为非空文字，现为 {value!r}。")
        elif any(ch < " " or ch in "\ufffe\uffff" or "\ud800" <= ch <= "\udfff" for ch in value):
            raise ZhoubaoError(f"版式设置“{key}”含有 Word 文件无法保存的控制字符，现为 {value!r}。")
        layout[key] = value
    for key in ("red", "black"):
        if not re.fullmatch(r"[0-9A-Fa-f]{6}", str(layout[key])):
            raise ZhoubaoError(f"版式设置“{key}”应为六位十六进制颜色（如 FF0000），现为 {layout[key]!r}。")
    if layout["masthead_rule_style"] not in _BORDER_STYLES:
        raise ZhoubaoError(
            f"版式设置“masthead_rule_style”应为 {'、'.join(sorted(_BORDER_STYLES))} 之一，"
            f"现为 {layout['masthead_rule_style']!r}。"
        )
    if layout["page_number_format"].count("{page}") != 1 or not layout["page_number_format"].isprintable():
        raise ZhoubaoError(
            f"版式设置“page_number_format”应为一行文字，其中有且只有一个 {{page}}（页码所在处，如 “— {{page}} —”），"
            f"现为 {layout['page_number_format']!r}。"
        )
    if layout["page_number_align"] not in PAGE_NUMBER_ALIGNS:
        raise ZhoubaoError(
            f"版式设置“page_number_align”应为 {'、'.join(PAGE_NUMBER_ALIGNS)} 之一，"
            f"现为 {layout['page_number_align']!r}。"
        )
    if (
        int(layout["page_width"]) - int(layout["margin_left"]) - int(layout["margin_right"]) <= 0
        or int(layout["page_height"]) - int(layout["margin_top"]) - int(layout["margin_bottom"]) <= 0
    ):
        raise ZhoubaoError("版式设置的页边距大于纸张，版心没有位置。")
    _check_page_lines(layout)  # type: ignore[arg-type]
    return layout  # type: ignore[return-value]


def east_asian_fonts(layout: Layout) -> list[str]:
    """The East Asian faces a layout names, in a stable order, each once."""
    return list(dict.fromkeys(str(layout[key]) for key in FONT_KEYS))  # type: ignore[literal-required]


def _check_page_lines(layout: Layout) -> None:
    """The footer stays below the text block, and fit_line_pitch keeps the lines a page."""
    footer_top = layout["footer_distance"] + footer_line(layout)
    if footer_top > layout["margin_bottom"]:
        most = layout["margin_bottom"] - footer_line(layout)
        raise ZhoubaoError(
            f"版式设置“footer_distance”为 {layout['footer_distance']}，页码行（高 {footer_line(layout)}）会伸进版心"
            f"（下边距 {layout['margin_bottom']}），每页都会少排一行：footer_distance 最大为 {max(most, 0)}。"
        )
    if lines_per_page(layout) < 1:
        raise ZhoubaoError(f"版式设置“line_pitch”为 {layout['line_pitch']}，比版心还高，一行也排不下。")
    if layout["fit_line_pitch"] > layout["line_pitch"] or lines_per_page(
        at_pitch(layout, layout["fit_line_pitch"])
    ) != (lines_per_page(layout)):
        raise ZhoubaoError(
            f"版式设置“fit_line_pitch”为 {layout['fit_line_pitch']}：应不大于 line_pitch（{layout['line_pitch']}），"
            "且每页行数不变（报尾放不下时全期行距最小可调到多少；与 line_pitch 相同即不调整）。"
        )
