"""Measuring text the way Word sets it: advance widths, tokens and greedy line breaking.

Every text line of the page has an exact height, so counting lines is all the pager needs to
know where a paragraph ends. The widths are Times New Roman's for Latin letters and a full em
for Chinese characters; the breaking follows Word's zh-CN no-start/no-end (kinsoku) lists.
No python-docx here: `check` counts pages without building a document.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from zhoubao.validate import Record

# Advance widths (em) of Times New Roman; Liberation Serif, LibreOffice's stand-in, matches them.
_LATIN_EM: dict[str, float] = {
    **dict.fromkeys("0123456789", 0.5),
    **dict(
        zip(
            "abcdefghijklmnopqrstuvwxyz",
            (
                0.444,
                0.5,
                0.444,
                0.5,
                0.444,
                0.333,
                0.5,
                0.5,
                0.278,
                0.278,
                0.5,
                0.278,
                0.778,
                0.5,
                0.5,
                0.5,
                0.5,
                0.333,
                0.389,
                0.278,
                0.5,
                0.5,
                0.722,
                0.5,
                0.5,
                0.444,
            ),
            strict=True,
        )
    ),
    **dict(
        zip(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
            (
                0.722,
                0.667,
                0.667,
                0.722,
                0.611,
                0.556,
                0.722,
                0.722,
                0.333,
                0.389,
                0.722,
                0.611,
                0.889,
                0.722,
                0.722,
                0.556,
                0.722,
                0.667,
                0.556,
                0.611,
                0.722,
                0.722,
                0.944,
                0.722,
                0.722,
                0.611,
            ),
            strict=True,
        )
    ),
    " ": 0.25,
    ".": 0.25,
    ",": 0.25,
    ":": 0.278,
    ";": 0.278,
    "%": 0.833,
    "-": 0.333,
    "(": 0.333,
    ")": 0.333,
    "/": 0.278,
    "&": 0.778,
    "+": 0.564,
    "=": 0.564,
    "#": 0.5,
    "@": 0.921,
    "*": 0.5,
    "'": 0.18,
    '"': 0.408,
}
# Hinted to the East Asian font (w:hint="eastAsia"), so a full em wide.
_WIDE_PUNCTUATION = frozenset("“”‘’—…·")
# Line-breaking rules for Chinese (Word's zh-CN kinsoku lists): may not start / may not end a line.
_NO_LINE_START = frozenset("!%),.:;?]}¢°·'\"’”…‰′″›℃∶、。〃〉》」』】〕〗〞︶︺︾﹀﹄﹚﹜﹞！＂％＇），．：；？］｝～")
_NO_LINE_END = frozenset("$([{£¥·‘“〈《「『【〔〖〝﹙﹛﹝＄（．［｛￡￥")
# Twips a line may appear to run over and still be taken as fitting (rounding of the estimate).
_FIT_TOLERANCE = 5


def _is_wide(ch: str) -> bool:
    return ch in _WIDE_PUNCTUATION or ord(ch) >= 0x2E80


@dataclass(slots=True, repr=False, eq=False)
class _Token(Record):
    """An unbreakable piece of a line: one Chinese character, a Latin word or a space."""

    width: float  # twips
    em: int  # twips of one em at the token's size
    first: str
    last: str
    wide: bool = False
    space: bool = False
    newline: bool = False


def _tokens(segments: Iterable[tuple[str, int, int]]) -> list[_Token]:
    """Split (text, size, spacing) segments into tokens with their advance widths in twips."""
    tokens: list[_Token] = []
    word: list[str] = []  # a Latin word may run on across runs: it is still one word
    word_width = 0.0
    word_em = 0

    def flush() -> None:
        nonlocal word_width
        if word:
            tokens.append(_Token(word_width, word_em, word[0], word[-1]))
            word.clear()
            word_width = 0.0

    for text, size, spacing in segments:
        em = size * 10
        for ch in text:
            if ch == "\n":
                flush()
                tokens.append(_Token(0, em, ch, ch, newline=True))
            elif ch in " \t":
                flush()
                tokens.append(_Token((0.25 if ch == " " else 2.0) * em + spacing, em, ch, ch, space=True))
            elif _is_wide(ch):
                flush()
                tokens.append(_Token(em + spacing, em, ch, ch, wide=True))
            else:
                if not word:
                    word_em = em
                word.append(ch)
                word_width += _LATIN_EM.get(ch, 0.6) * em + spacing
    flush()
    # No extra room between Chinese and Latin letters or digits: the document switches Word's
    # automatic gap off (autoSpaceDE/DN), so a digit is as wide as its font says.
    return tokens


def count_lines(segments: Iterable[tuple[str, int, int]], first_width: int, width: int) -> int:
    """Lines a paragraph takes: greedy breaking with the Chinese no-start/no-end rules.

    Where Word and LibreOffice may differ (a closing mark that would start a line) the count
    takes the longer outcome: one line too many lifts the 报尾 a line, one too few pushes it off.
    """
    tokens = _tokens(segments)
    lines, x, avail, start, i = 1, 0.0, first_width + _FIT_TOLERANCE, 0, 0
    while i < len(tokens):
        token = tokens[i]
        if token.newline:
            lines, x, avail, start, i = lines + 1, 0.0, width + _FIT_TOLERANCE, i + 1, i + 1
            continue
        if x + token.width <= avail or token.space:
            x += token.width
            i += 1
            continue
        if i == start:  # a word wider than the line is broken wherever it must
            x += token.width
            while x > avail:
                x -= avail
                lines, avail = lines + 1, width + _FIT_TOLERANCE
            i += 1
            continue
        k = i
        while k > start + 1 and (tokens[k].first in _NO_LINE_START or tokens[k - 1].last in _NO_LINE_END):
            k -= 1
        lines, x, avail, start, i = lines + 1, 0.0, width + _FIT_TOLERANCE, k, k
    return lines


def text_width(text: str, size: int, spacing: int = 0) -> float:
    """Width of `text` on one line, in twips."""
    return sum(token.width for token in _tokens([(text, size, spacing)]))


# What Word draws for a border of w:sz `size` (eighths of a point) by style, in eighths of a point:
# a factor of the size and eighths added (0.75 pt = 6). Word (and LibreOffice, whose import copies
# Word's widths: editeng's ConvertBorderWidthFromWord) lays a paragraph out with the border's
# distance and this whole width below its last line, so a compound rule is taller than its w:sz.
_RULE_WIDTHS: dict[str, tuple[int, int]] = {
    "single": (1, 0),
    "thick": (2, 0),  # one line twice the size
    "double": (3, 0),  # two lines and the gap between them, each the size
    "triple": (5, 0),  # three lines and two gaps, each the size (LibreOffice draws it as double)
    "thinThickSmallGap": (1, 12),  # the line, a 0.75 pt thin line and a 0.75 pt gap
    "thickThinSmallGap": (1, 12),
    "thinThickMediumGap": (2, 0),  # thick, gap and thin halving twice the size
    "thickThinMediumGap": (2, 0),
    "thinThickLargeGap": (1, 18),  # the line, a 0.75 pt line and a 1.5 pt gap
    "thickThinLargeGap": (1, 18),
}
RULE_STYLES = frozenset(_RULE_WIDTHS)


def rule_height(size: int, space: int = 0, style: str = "single") -> int:
    """Twips a paragraph border adds below its text, as Word lays it out: its distance (points) and
    the width it draws for the style (`size` in eighths of a point), rounded up."""
    factor, added = _RULE_WIDTHS[style]
    return space * 20 + ((size * factor + added) * 5 + 1) // 2
