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
    "placement_margin": 40,  # twips kept free under the distribution block against rounding
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
    {"header_distance", "footer_distance", "masthead_offset", "masthead_rule_space", "placement_margin"}
)


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
        if isinstance(default, int):
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
    return layout  # type: ignore[return-value]


def east_asian_fonts(layout: Layout) -> list[str]:
    """The East Asian faces a layout names, in a stable order, each once."""
    return list(dict.fromkeys(str(layout[key]) for key in FONT_KEYS))  # type: ignore[literal-required]
