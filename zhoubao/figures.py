"""Statistics figures, written once: how a figure is typed, read back from a sentence, and printed.

`parse_figure` takes what a clerk types (a CLI option, a CSV cell) and refuses anything unclear
with a Chinese line; `read_figure` takes a figure found in a printed sentence (an old bulletin)
and answers None where it cannot be sure; `format_figure` prints one with a column's decimals.

Every figure is rounded where it is printed, half up on its decimal value as typed (75.415 at two
places prints 75.42, as a clerk's calculator shows it, never 75.41 as binary floating point would),
and every percentage is worked out in decimal arithmetic from the figures as typed, so the same
figures print the same way each time.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from zhoubao.errors import ZhoubaoError
from zhoubao.values import MAX_AMOUNT

if TYPE_CHECKING:
    from decimal import Decimal

Figure = int | float
# A figure as a bulletin prints it: `644608`, `1,234` (grouped by thousands), `58.37`.
PRINTED = r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"


@functools.cache
def _places() -> list[Decimal]:
    """1, 0.1, 0.01 …: the quantize targets. decimal is imported on the first figure printed, so an
    edit that prints none (add-news) does not pay for it."""
    from decimal import Decimal

    return [Decimal(1).scaleb(-n) for n in range(0, 21)]


def exact(value: Figure | Decimal | str) -> Decimal:
    """A figure as the decimal it was typed (or printed) as: 58.37 is 58.37, not the float nearest to it."""
    from decimal import Decimal

    return value if isinstance(value, Decimal) else Decimal(repr(value) if isinstance(value, float) else value)


def rounded(value: Figure | Decimal, decimals: int) -> Decimal:
    """Half up at `decimals` places on the decimal value: 75.415 → 75.42, 2.5 → 3, -2.5 → -3."""
    from decimal import ROUND_HALF_UP, localcontext

    with localcontext() as context:
        context.prec = 60
        return exact(value).quantize(_places()[min(decimals, 20)], rounding=ROUND_HALF_UP)


def format_figure(value: Figure | Decimal, decimals: int) -> str:
    """644608 → "644608"; 58.37 at 2 decimals → "58.37"; never grouped, as the bulletins print them."""
    text = f"{rounded(value, decimals):f}"
    return "0" + text[2:] if text.startswith("-0") and not rounded(value, decimals) else text


def percent(numerator: Figure | Decimal, denominator: Figure | Decimal) -> Decimal | None:
    """numerator ÷ denominator × 100 in decimal arithmetic; None when the denominator is zero."""
    if not denominator:
        return None
    from decimal import localcontext

    with localcontext() as context:
        context.prec = 40
        return exact(numerator) * 100 / exact(denominator)


def exact_sum(values: Iterable[Figure | Decimal]) -> Decimal:
    """Figures added in decimal arithmetic, as typed: every sum of figures is this one."""
    from decimal import Decimal

    return sum((exact(v) for v in values), Decimal(0))


def held(value: Decimal, decimals: int) -> Figure:
    """A worked-out figure held as its column holds a typed one: a count an int, an amount a float."""
    return int(value) if decimals == 0 else float(value)


def difference(value: Figure, last: Figure, decimals: int) -> Figure:
    """value − last in decimal arithmetic, rounded at the column's decimals and held as it holds figures."""
    return held(rounded(exact(value) - exact(last), decimals), decimals)


def rate(numerator: Figure, denominator: Figure, decimals: int) -> str:
    """A percentage of two figures, formatted; "—" when the denominator is zero."""
    value = percent(numerator, denominator)
    return "—" if value is None else format_figure(value, decimals)


# Full-width digits and signs as a Chinese input method types them: １２３４．５ is 1234.5.
_WIDE = str.maketrans("０１２３４５６７８９．，＋－", "0123456789.,+-")


def parse_figure(text: str, what: str, decimals: int) -> Figure:
    """A figure typed on the command line or in a CSV cell: non-negative, an integer unless decimals.
    Thousands separators only where they group thousands (1,234,567; "1,5" is not 15), full-width
    digits as ASCII ones; a count may end in .0 as Excel writes a number cell (5.0 is 5)."""
    cleaned = text.strip().translate(_WIDE)
    if "," in cleaned:
        if not re.fullmatch(r"[+-]?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]*)?", cleaned):
            raise ZhoubaoError(f"{what}“{text}”中的逗号不是千位分隔：请写成 1,234 或 1234（小数点用 .）")
        cleaned = cleaned.replace(",", "")
    if decimals == 0:
        if not re.fullmatch(r"[+-]?[0-9]+(\.0*)?", cleaned):
            raise ZhoubaoError(f"{what}“{text}”不是整数：请填写非负整数，如 644608")
        value = int(cleaned.partition(".")[0])
        if value < 0:
            raise ZhoubaoError(f"{what}为负数 {value}：件数不能为负，请改为 0 或正整数")
        return value
    if not re.fullmatch(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)", cleaned):
        raise ZhoubaoError(f"{what}“{text}”不是数字：请填写数字，如 3.45")
    number = float(cleaned)
    if number < 0:
        raise ZhoubaoError(f"{what}为负数 {text}：请改为 0 或正数")
    if number >= MAX_AMOUNT:
        raise ZhoubaoError(f"{what}“{text[:30]}”过大（带小数的数字最多 15 位整数）：请核对单位或改正")
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
