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


def count_words(n: int) -> str:
    """A number of things as bulletins write it before a measure word: 0 → 零, 2 → 两 (两个),
    4 → 四, 12 → 十二, 22 → 二十二; from 100 on in digits, as documents print larger counts."""
    if n < 0:
        raise ValueError(f"count_cn：个数不能为负（{n}）")
    if n >= 100:
        return str(n)
    return "零" if n == 0 else "两" if n == 2 else cn_number(n)


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


# ----------------------------------------------------------------------------- the numbering ladder

# GB/T 9704-2012 §7.3.3: the numbers of the structure's levels, from the top: 一、 then （一）
# then 1. then （1）. A kind picks one for each of its three depths (`[layout] numbering`):
# section headings, sub-section headings with inspection items, and the items under them.
LADDER = ("一、", "（一）", "1.", "（1）")
DEPTHS = ("栏目标题", "子栏目标题和巡查项", "条目")
DEFAULT_NUMBERING = ("一、", "（一）", "（1）")  # the seed's: 1. is not used
# How each rung is set (outline run styles): 一、 黑体, （一） 楷体, 1. bold 仿宋, （1） 仿宋.
RUNG_STYLES = {"一、": "hei", "（一）": "kai", "1.": "bold", "（1）": "body"}


def number_as(style: str, n: int) -> str:
    """The number n written in a rung of the ladder: 十一、 （十一） 11. （11）."""
    if style == "一、":
        return f"{cn_number(n)}、"
    if style == "（一）":
        return f"（{cn_number(n)}）"
    return f"{n}." if style == "1." else f"（{n}）"


def rung(style: str) -> int:
    """1 for 一、 … 4 for （1）: the heading level the rung stands for."""
    return LADDER.index(style) + 1


def read_numbering(value: object) -> tuple[str, str, str]:
    """The kind's `numbering`: three rungs of the ladder going down; else one Chinese line.

    `(1)` and `1．` are read as `（1）` and `1.`. Levels may be skipped (the seed goes from （一）
    to （1）) but not repeated or climbed back:
    a sub-section numbered like its section, or above it, would read as a section of its own.
    """
    ladder = "、".join(f"“{style}”" for style in LADDER)
    example = "numbering = " + "[" + ", ".join(f'"{style}"' for style in DEFAULT_NUMBERING) + "]"
    if not isinstance(value, list) or len(value) != len(DEPTHS) or not all(isinstance(v, str) for v in value):
        raise ZhoubaoError(
            f"版式设置“numbering”应为三个编号样式的列表，依次用于{'、'.join(DEPTHS)}，如 {example}，现为 {value!r}。"
        )
    # Half-width brackets and a full-width point are how the same rungs are often typed.
    value = [v.strip().replace("(", "（").replace(")", "）").replace("．", ".") for v in value]
    for depth, style in zip(DEPTHS, value, strict=True):
        if style not in LADDER:
            raise ZhoubaoError(f"版式设置“numbering”中{depth}的编号“{style}”不认识：应为 {ladder} 之一。")
    if not rung(value[0]) < rung(value[1]) < rung(value[2]):
        raise ZhoubaoError(
            f"版式设置“numbering”的编号 {''.join(f'“{v}”' for v in value)} 不是由高到低：按 GB/T 9704 应依次取 {ladder} 中"
            f"靠后的一级（可以跳级，如 {example}）。"
        )
    return value[0], value[1], value[2]
