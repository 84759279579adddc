"""The year in pictures: `summary --chart FILE.png|.svg` draws the summary's rows as one figure.

Panels, top to bottom: for each statistics category, the increments (本周新增) of each of its
columns as lines over the issues, the y axis from zero (a dip of 7% looks like one), an increment
that covers more than one period (two weeks after a holiday) shaded and labelled 含2周; then visits
per unit, inspection findings per item and per window, as bars. One figure holds at most
MAX_LINE_PANELS categories of MAX_SERIES columns and MAX_BARS bars a panel (docs/safety.md): what is
left out is said in one line, and the summary's tables and CSV keep every figure. The panels and their numbers are the summary's (zhoubao.summary.chart_panels):
the chart only draws what it is given, and knows nothing of the summary.

matplotlib is an optional extra (pip install 'zhoubao[chart]'), imported only here and only when
a chart is asked for: every other command starts without it. It draws with the figure API (no
pyplot, no GUI backend). Chinese needs a Chinese face: the first of `CJK_FAMILIES` matplotlib
finds on the machine, with DejaVu Sans (matplotlib's own) behind it for Latin and digits; every
character the chart will print is looked up in those faces first, so a glyph that would come out
as an empty box stops the command with one line naming it, before anything is written.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from zhoubao.errors import ZhoubaoError

# Faces with Chinese that matplotlib may find: Linux (Noto, Source Han, WenQuanYi, AR PL), Windows
# (SimHei, Microsoft YaHei, SimSun), macOS (PingFang, Heiti, Songti, Hiragino, Arial Unicode).
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "Heiti SC",
    "STHeiti",
    "Hiragino Sans GB",
    "Noto Serif CJK SC",
    "Source Han Serif SC",
    "SimSun",
    "Songti SC",
    "AR PL UMing CN",
    "AR PL UKai CN",
    "Noto Sans CJK JP",
    "Noto Sans CJK TC",
    "Arial Unicode MS",
)
LATIN = "DejaVu Sans"  # ships with matplotlib
SUFFIXES = (".png", ".svg")
# What one figure draws at most: a readable page, drawn in seconds. 1,000 categories would be
# 500 rows of panels (> 400 s and 2.4 GB); the rest stay in the summary's tables and CSV.
MAX_LINE_PANELS = 12
MAX_SERIES = 6
MAX_BARS = 15
INSTALL_HINT = "生成图表需要 matplotlib：请运行 pip install 'zhoubao[chart]'（或 pip install matplotlib）后重试"


def check_target(path: Path) -> None:
    """A chart file name the command can write: .png or .svg, in a folder that exists."""
    if path.suffix.lower() not in SUFFIXES:
        raise ZhoubaoError(f"图表文件 {path} 须以 .png 或 .svg 结尾：如 --chart 全年.png")
    if path.is_dir():
        raise ZhoubaoError(f"{path} 是文件夹：请给出图表文件名，如 --chart 全年.png")
    if not path.parent.is_dir():
        raise ZhoubaoError(f"图表文件夹 {path.parent} 不存在：请先创建它")


def _matplotlib() -> Any:
    try:
        import matplotlib
    except ImportError:
        raise ZhoubaoError(INSTALL_HINT) from None
    return matplotlib


def cjk_family() -> str | None:
    """The first face of CJK_FAMILIES that matplotlib finds on this machine, or None."""
    from matplotlib import font_manager

    known = {font.name for font in font_manager.fontManager.ttflist}
    return next((family for family in CJK_FAMILIES if family in known), None)


def _charmaps(families: list[str]) -> list[dict[int, Any]]:
    from matplotlib import font_manager

    maps = []
    for family in families:
        path = font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
        maps.append(font_manager.get_font(path).get_charmap())
    return maps


def _missing(texts: list[str], families: list[str]) -> list[str]:
    """Characters of `texts` none of `families` can print (spaces and line breaks need no glyph)."""
    maps = _charmaps(families)
    wanted = dict.fromkeys(ch for text in texts for ch in text if not ch.isspace())
    return [ch for ch in wanted if not any(ord(ch) in m for m in maps)]


# ----------------------------------------------------------------------------- what is drawn


def bounded(panels: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], str | None]:
    """The panels one figure draws (MAX_LINE_PANELS categories, MAX_SERIES columns each, MAX_BARS
    bars a panel, each the first in the summary's order) and one line saying what was left out."""
    lines = [p for p in panels if p["kind"] == "lines"]
    bars = [p for p in panels if p["kind"] == "bars"]
    left: list[str] = []
    if len(lines) > MAX_LINE_PANELS:
        left.append(f"只画了前 {MAX_LINE_PANELS} 个统计类别（共 {len(lines)} 个）")
        lines = lines[:MAX_LINE_PANELS]
    wide = [p for p in lines if len(p["series"]) > MAX_SERIES]
    if wide:
        left.append(f"{len(wide)} 个类别只画了前 {MAX_SERIES} 列")
        lines = [{**p, "series": dict(list(p["series"].items())[:MAX_SERIES])} if p in wide else p for p in lines]
    for panel in bars:
        if len(panel["bars"]) > MAX_BARS:
            left.append(f"“{panel['title']}”只画了前 {MAX_BARS} 项（共 {len(panel['bars'])} 项）")
    bars = [{**p, "bars": p["bars"][:MAX_BARS]} for p in bars]
    note = f"图表未画全：{'；'.join(left)}；完整的数字见汇总表（或 --csv）" if left else None
    return lines + bars, note


def _texts(title: str, panels: list[dict[str, Any]]) -> list[str]:
    texts = [title, "无", "次", "条", "期号", "0123456789.-−,%()", FOOTNOTE]
    for panel in panels:
        texts.append(panel["title"])
        texts += panel.get("ticks", [])
        texts += list(panel.get("marks", {}).values())
        texts += list(panel.get("series", {}))
        texts += [name for name, _count in panel.get("bars", [])]
    return texts


# ----------------------------------------------------------------------------- drawing


FOOTNOTE = "灰底标“含2周”等的一期：这一期的新增跨两期以上（节假日停刊或中间缺期），不是一期之数。"


def _draw_lines(ax: Any, panel: dict[str, Any]) -> None:
    ticks = panel["ticks"]
    x = list(range(len(ticks)))
    drawn = [v for values in panel["series"].values() for v in values if not math.isnan(v)]
    if not drawn:
        _nothing(ax)
        return
    marks = panel.get("marks", {})
    for column, values in panel["series"].items():
        if any(not math.isnan(v) for v in values):
            (line,) = ax.plot(x, values, marker="o", markersize=3, linewidth=1.6, label=column)
            long = [i for i in marks if i < len(values) and not math.isnan(values[i])]
            ax.plot(long, [values[i] for i in long], "o", markersize=7, markerfacecolor="white", color=line.get_color())
    # the y axis from zero, so a dip of a few per cent does not look like a collapse
    low, high = min(0.0, min(drawn)), max(0.0, max(drawn))
    margin = (high - low) * 0.12 or 1.0  # room at the top for a mark's label
    ax.set_ylim(low - (margin if low < 0 else 0), high + margin)
    for i, text in marks.items():
        ax.axvspan(i - 0.4, i + 0.4, color="#EEEEEE", zorder=0)
        ax.text(i, 0.99, text, transform=ax.get_xaxis_transform(), ha="center", va="top", fontsize=7, color="#666666")
    step = max(1, math.ceil(len(ticks) / 12))
    ax.set_xticks(x[::step], [ticks[i] for i in x[::step]], rotation=45, ha="right", fontsize=8)
    ax.grid(axis="y", color="#DDDDDD", linewidth=0.6)
    ax.ticklabel_format(axis="y", style="plain", useOffset=False)
    ax.legend(fontsize=8, frameon=False, loc="lower right" if low == 0 else "best")  # clear of the lines


def _draw_bars(ax: Any, panel: dict[str, Any], colour: str, unit: str) -> None:
    bars = panel["bars"][:MAX_BARS]  # the largest keep a panel readable (bounded says so)
    if not bars:
        _nothing(ax)
        return
    names = [name if len(name) <= 14 else name[:13] + "…" for name, _count in bars][::-1]
    counts = [count for _name, count in bars][::-1]
    ax.barh(range(len(bars)), counts, color=colour)
    ax.set_yticks(range(len(bars)), names, fontsize=8)
    ax.set_xlabel(unit, fontsize=8)
    ax.xaxis.get_major_locator().set_params(integer=True)
    for y, count in enumerate(counts):
        ax.text(count, y, f" {count}", va="center", fontsize=8)
    ax.grid(axis="x", color="#DDDDDD", linewidth=0.6)


def _nothing(ax: Any) -> None:
    ax.text(0.5, 0.5, "无", ha="center", va="center", fontsize=14, color="#888888", transform=ax.transAxes)
    ax.set_xticks([])
    ax.set_yticks([])


# The mark of a chart this tool drew (PNG: a tEXt chunk Software; SVG: the creator in its
# metadata): `summary --chart` replaces an existing file only when it carries it, or with --force.
MARK = "zhoubao"
_MARKS = (b"tEXtSoftware\x00" + MARK.encode(), f"<cc:Agent>\n      <dc:title>{MARK}</dc:title>".encode())


def is_earlier_chart(path: Path) -> bool:
    """Whether the file at `path` is a chart this tool drew (its mark in the first 4 KB)."""
    from zhoubao.safefiles import read_head

    head = read_head(path, 4096)
    return any(mark in head for mark in _MARKS)


def write_chart(title: str, panels: list[dict[str, Any]], path: Path, *, force: bool = False) -> str | None:
    """Draw `panels` under `title` to `path` (.png at 150 dpi, or .svg with the text as outlines,
    so it prints the same where the fonts are missing). Refused, naming why, before anything is
    written: another suffix, no matplotlib, no Chinese face, or a character no face can print.
    Returns the line saying what the bounds left out (`bounded`), or None.

    A panel is a dict: "kind" "lines" (a "title", "ticks" along x, "series" column → values, NaN
    for a gap, "marks" index → 含2周 for an increment of more than one period) or "bars" (a
    "title" and "bars", (name, count) largest first)."""
    check_target(path)
    panels, left_out = bounded(panels)
    matplotlib = _matplotlib()
    from matplotlib.figure import Figure

    family = cjk_family()
    if family is None:
        raise ZhoubaoError(
            "本机没有 matplotlib 能用的中文字体，图表里的中文会成为方框：请安装一种中文字体"
            "（如 Linux 上 apt-get install fonts-noto-cjk，Windows 自带黑体、微软雅黑）后重试"
        )
    missing = _missing(_texts(title, panels), [family, LATIN])
    if missing:
        shown = "、".join(missing[:5])
        raise ZhoubaoError(
            f"图表里的字“{shown}”在本机字体 {family} 中没有，会印成方框：请改用常用字，或安装含这些字的字体"
        )

    from zhoubao import store

    store.refuse_issue_target(path, "图表文件")
    settings = {
        "font.family": [family, LATIN],
        "axes.unicode_minus": False,
        "text.parse_math": False,  # a unit or window named with $…$ is text as typed, not mathtext
        "svg.fonttype": "path",
        "svg.hashsalt": "zhoubao",
        "axes.spines.top": False,
        "axes.spines.right": False,
    }
    with matplotlib.rc_context(settings):
        lines = [p for p in panels if p["kind"] == "lines"]
        bars = [p for p in panels if p["kind"] == "bars"]
        rows = math.ceil(len(lines) / 2) + 2
        figure = Figure(figsize=(12, 3.4 * rows), layout="constrained")
        grid = figure.add_gridspec(rows, 2)
        for index, panel in enumerate(lines):
            ax = figure.add_subplot(grid[index // 2, index % 2])
            ax.set_title(panel["title"], fontsize=11, loc="left")
            _draw_lines(ax, panel)
        top = math.ceil(len(lines) / 2)
        places = [grid[top, :], grid[top + 1, 0], grid[top + 1, 1]]
        for panel, place, colour, unit in zip(
            bars, places, ("#C00000", "#1F5FA8", "#E08000"), ("次", "条", "条"), strict=True
        ):
            ax = figure.add_subplot(place)
            ax.set_title(panel["title"], fontsize=11, loc="left")
            _draw_bars(ax, panel, colour, unit)
        figure.suptitle(title, fontsize=14, color="#C00000")
        if any(p.get("marks") for p in lines):
            figure.supxlabel(FOOTNOTE, fontsize=8, color="#666666")
        import io

        out = io.BytesIO()
        fmt = path.suffix.lower().lstrip(".")
        metadata = {"Date": None, "Creator": MARK} if fmt == "svg" else {"Software": MARK}
        figure.savefig(out, format=fmt, dpi=150, metadata=metadata)
    from zhoubao.safefiles import write_new_file

    write_new_file(path, out.getvalue(), "图表文件", force=force, ours=is_earlier_chart)
    return left_out
