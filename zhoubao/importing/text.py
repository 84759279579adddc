"""What reading any part of a printed bulletin needs: comparing titles, taking off item numbers.

A clerk types titles with other spaces and punctuation and numbers items `（1）` or `1.`; these
helpers take those variations and nothing else. The walk uses them, and hands them to the section
types through its reader (`Reading` in zhoubao/sections/base.py), so the types never import this
package. Dates typed without a year are read by zhoubao.dates (`date_near`).
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterable
from typing import Any

from zhoubao import typography

CN_NUMERAL = "一二三四五六七八九十"  # the characters of heading numbers, as a regex class body
_SPACE = re.compile(r"\s")
# `（1）`, `(一)`, `1.` or `1、` before an item; `1.5` is a figure, not a number.
_ITEM_NUMBER = re.compile(rf"^(?:[（(]\s*(?:\d{{1,3}}|[{CN_NUMERAL}]+)\s*[)）]|\d{{1,3}}\s*[.．、](?!\d))\s*")


@functools.lru_cache(maxsize=1024)
def title_key(title: str) -> str:
    """A title for comparison: typography fixed, no whitespace, no trailing colon or full stop.

    Cached: the structure walk asks it of every paragraph once per title it could be."""
    return _SPACE.sub("", typography.normalise(title)).rstrip("：:。.")


def snippet(text: str, length: int = 18) -> str:
    """The start of a paragraph, to name it in a message."""
    return text if len(text) <= length else text[:length] + "…"


def without_item_number(text: str) -> str:
    """`（2）9月30日，…` → `9月30日，…`: the number compose puts back when there are two or more."""
    return _ITEM_NUMBER.sub("", text, count=1) or text


def best_match(title: str, candidates: Iterable[tuple[str, Any]]) -> tuple[Any, bool] | None:
    """The candidate whose title is `title` (exact after title_key), else the closest similar one.

    Returns (candidate, exact). Similar means one title starts with the other, or contains it (four
    characters at least), or difflib's ratio is at least 0.8.
    """
    wanted = title_key(title)
    best: tuple[float, Any] | None = None
    for name, candidate in candidates:
        have = title_key(name)
        if not have:
            continue
        if have == wanted:
            return candidate, True
        shorter, longer = sorted((have, wanted), key=len)
        score = difflib.SequenceMatcher(None, have, wanted).ratio()
        if len(shorter) >= 4 and shorter in longer:
            score = max(score, 0.9)
        if len(shorter) >= 2 and longer.startswith(shorter):  # a title typed short: 考勤 for 考勤情况
            score = max(score, 0.85)
        if score >= 0.8 and (best is None or score > best[0]):
            best = (score, candidate)
    return (best[1], False) if best else None
