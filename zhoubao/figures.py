"""Statistics figures, written once: how a figure is typed, read back from a sentence, and printed.

`parse_figure` takes what a clerk types (a CLI option, a CSV cell) and refuses anything unclear
with a Chinese line; `read_figure` takes a figure found in a printed sentence (an old bulletin)
and answers None where it cannot be sure; `format_figure` prints one with a column's decimals.
"""

from __future__ import annotations

import re

from zhoubao.errors import ZhoubaoError

Figure = int | float


def format_figure(value: Figure, decimals: int) -> str:
    """644608 → "644608"; 58.37 at 2 decimals → "58.37"; never grouped, as the bulletins print them."""
    return f"{value:.{decimals}f}" if decimals else str(round(value))


def rate(numerator: Figure, denominator: Figure, decimals: int) -> str:
    """A percentage of two figures, formatted; "—" when the denominator is zero."""
    if not denominator:
        return "—"
    return format_figure(100 * numerator / denominator, decimals)


def parse_figure(text: str, what: str, decimals: int) -> Figure:
    """A figure typed on the command line or in a CSV cell: non-negative, an integer unless decimals."""
    cleaned = text.strip().replace(",", "").replace("，", "")
    if decimals == 0:
        if not re.fullmatch(r"[+-]?\d+", cleaned):
            raise ZhoubaoError(f"{what}“{text}”不是整数：请填写非负整数，如 644608")
        value = int(cleaned)
        if value < 0:
            raise ZhoubaoError(f"{what}为负数 {value}：件数不能为负，请改为 0 或正整数")
        return value
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", cleaned):
        raise ZhoubaoError(f"{what}“{text}”不是数字：请填写数字，如 3.45")
    number = float(cleaned)
    if number < 0:
        raise ZhoubaoError(f"{what}为负数 {text}：请改为 0 或正数")
    return number


def read_figure(text: str, decimals: int) -> Figure | None:
    """A figure as printed in a sentence (`644608`, `1,234`, `58.37`); None when it is not one the
    column can hold (a fraction in a count)."""
    plain = text.replace(",", "")
    try:
        value: Figure = float(plain) if "." in plain else int(plain)
    except ValueError:
        return None
    if decimals == 0 and isinstance(value, float):
        return int(value) if value.is_integer() else None
    return value
