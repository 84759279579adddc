"""Chinese numerals of heading numbers, both ways: one table for compose and import."""

from __future__ import annotations

from zhoubao.errors import ZhoubaoError

DIGITS = "一二三四五六七八九"
# Reading also takes the zeros of typed years (二〇二二年) and 两.
_VALUE = {c: i for i, c in enumerate("〇" + DIGITS)} | {"零": 0, "○": 0, "Ｏ": 0, "O": 0, "两": 2}


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九 (heading numbers)."""
    if not 1 <= n <= 99:
        raise ZhoubaoError(f"编号 {n} 超出范围：一级、二级标题最多九十九个")
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else DIGITS[tens - 1] + "十")
    return head + (DIGITS[ones - 1] if ones else "")


def cn_to_int(numeral: str) -> int | None:
    """一 → 1, 十二 → 12, 二十 → 20, 九十九 → 99, 二〇二二 → 2022 (digit by digit); None for anything else."""
    if not numeral or any(c not in _VALUE and c != "十" for c in numeral):
        return None
    if "十" not in numeral:
        return int("".join(str(_VALUE[c]) for c in numeral))
    tens, _, ones = numeral.partition("十")
    if "十" in ones or len(tens) > 1 or len(ones) > 1:
        return None
    return (_VALUE[tens] if tens else 1) * 10 + (_VALUE[ones] if ones else 0)
