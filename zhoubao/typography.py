"""Typography of Chinese text in an official document (format.md, Typography section).

Clerks paste text out of PDFs and Word files, so it arrives with spaces inside Chinese
(`2022 年 11 月 1 日`) and half-width punctuation (`会议强调:`). `normalise` repairs what the
audit rules T1 (stray space) and T2 (half-width punctuation beside Chinese) look for, and
`corrections` says what it repaired, so `check` can warn about text the renderer had to fix.

Pure functions, standard library only. The regular expressions are compiled on first use, not
at import, so a command that imports this module without normalising text pays nothing for them.
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import NamedTuple

# Characters are sorted into five classes; which spaces go and which punctuation turns
# full-width depends only on the classes of the nearest characters.
HAN = "han"  # ideographs (the audit's U+3400-U+9FFF, compatibility ideographs, planes 2-3) and 〇
FULL = "full"  # full-width punctuation and forms: ，。、；：？！（）《》【】「」… and ０-９Ａ-Ｚ
AMBIGUOUS = "ambiguous"  # “ ” ‘ ’ — … ·: Chinese marks here, but English text uses them too
DIGIT = "digit"  # any decimal digit (what the audit's \d matches)
OTHER = "other"  # Latin letters, ASCII punctuation, everything else

_AMBIGUOUS = frozenset("\u201c\u201d\u2018\u2019\u2014\u2015\u2026\u00b7\u2e3a")

# Half-width marks that become full-width beside Chinese ('.' and the pairs have own rules).
_FULL_WIDTH = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！"}

# Addresses are Latin however much Chinese surrounds them: nothing inside them is touched.
# A URL may not end in punctuation, so the comma or full stop after it is still prose.
_PROTECTED = (
    r"(?:[A-Za-z][A-Za-z0-9+.\-]*://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*[A-Za-z0-9\-_~/#=&%]"
    r"|[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+"
)


class _Patterns:
    """The module's regular expressions, each compiled on first use and then an attribute.

    (A compiled pattern is a plain instance attribute after its first use, so the per-character
    lookups stay as cheap as a module constant.)
    """

    @cached_property
    def han(self) -> re.Pattern[str]:
        return re.compile("[\u3400-\u9fff\uf900-\ufaff\u3007\U00020000-\U0003134f]")

    @cached_property
    def full(self) -> re.Pattern[str]:
        return re.compile("[\u3001-\u303f\ufe10-\ufe1f\ufe30-\ufe4f\uff01-\uffef]")

    @cached_property
    def digit(self) -> re.Pattern[str]:
        return re.compile(r"\d")

    @cached_property
    def space(self) -> re.Pattern[str]:
        return re.compile(r"\s")

    @cached_property
    def space_run(self) -> re.Pattern[str]:
        return re.compile(r"\s+")

    @cached_property
    def protected(self) -> re.Pattern[str]:
        return re.compile(_PROTECTED)


_RE = _Patterns()


def char_class(char: str) -> str:
    """The typographic class of one character: HAN, FULL, AMBIGUOUS, DIGIT or OTHER."""
    if _RE.han.match(char):
        return HAN
    if _RE.full.match(char):
        return FULL
    if char in _AMBIGUOUS:
        return AMBIGUOUS
    if _RE.digit.match(char):
        return DIGIT
    return OTHER


def _space_is_stray(left: str, right: str) -> bool:
    """Whether whitespace between these two characters is a typing or extraction accident.

    Chinese carries no spaces, and a full-width mark already includes its own spacing. Spaces
    between Chinese and Latin letters are a house-style question the audit leaves open, so
    they stay, as do spaces between Latin words and between numbers.
    """
    classes = {char_class(left), char_class(right)}
    if HAN in classes:
        return classes <= {HAN, FULL, AMBIGUOUS, DIGIT}
    if FULL in classes:
        return True
    return classes == {AMBIGUOUS, DIGIT}


def _is_class(char: str | None, *classes: str) -> bool:
    return char is not None and char_class(char) in classes


def _is_latin_letter(char: str | None) -> bool:
    return char is not None and char.isalpha() and char_class(char) == OTHER


def _beside_chinese(left: str | None, right: str | None) -> bool:
    """Whether a mark between these neighbours belongs to Chinese text.

    An ideograph on either side decides it (that is what the audit checks). A full-width
    mark on one side decides it only when the other side is not a Latin letter, so the `?`
    in 《Who Moved My Cheese?》 stays Latin.
    """
    if _is_class(left, HAN) or _is_class(right, HAN):
        return True
    return (_is_class(left, FULL) and not _is_latin_letter(right)) or (
        _is_class(right, FULL) and not _is_latin_letter(left)
    )


def _one_pass(text: str) -> str:
    """One round of every rule; `normalise` repeats it because one fix can enable another."""
    chars = list(text)
    protected = [False] * len(chars)
    for match in _RE.protected.finditer(text):
        start, end = match.span()
        # A URL may end in a bracket it opened itself: https://zh.wikipedia.org/wiki/X_(Y)
        if text[end : end + 1] == ")" and text.count("(", start, end) > text.count(")", start, end):
            end += 1
        protected[start:end] = [True] * (end - start)

    def neighbour(index: int, step: int) -> str | None:
        """The nearest non-space character before (step -1) or after (step 1) index."""
        index += step
        while 0 <= index < len(chars):
            if not _RE.space.match(chars[index]):
                return chars[index]
            index += step
        return None

    # Running count of ideographs, to ask in O(1) whether a quoted or bracketed span has any.
    han_before = [0]
    for char in chars:
        han_before.append(han_before[-1] + (char_class(char) == HAN))

    def pair_is_chinese(open_at: int, close_at: int) -> bool:
        """A pair turns full-width when it holds Chinese or stands beside Chinese.

        Beside full-width marks only, it must hold no Latin letter: 《Hello (World)》 stays.
        """
        if han_before[close_at] > han_before[open_at + 1]:
            return True
        before, after = neighbour(open_at, -1), neighbour(close_at, 1)
        if _is_class(before, HAN) or _is_class(after, HAN):
            return True
        inside = chars[open_at + 1 : close_at]
        return (_is_class(before, FULL) or _is_class(after, FULL)) and not any(map(_is_latin_letter, inside))

    # Double quotes pair up in order, curly ones included, so a pair typed half in each
    # (`“川渝通办"`) closes where it should; a pair with a straight quote round Chinese
    # becomes “ ”. A stray quote that pairs with nothing stays as typed.
    open_at: int | None = None
    for i, char in enumerate(chars):
        if protected[i] or char not in '"“”':
            continue
        if open_at is None:
            open_at = None if char == "”" else i
        elif char == "“":
            open_at = i
        else:
            if '"' in (chars[open_at], char) and pair_is_chinese(open_at, i):
                chars[open_at], chars[i] = "“", "”"
            open_at = None

    # Brackets: both of a matched pair change together, so （Schlumberger) never happens.
    open_brackets: list[int] = []
    unmatched: list[int] = []
    for i, char in enumerate(chars):
        if protected[i]:
            continue
        if char == "(":
            open_brackets.append(i)
        elif char == ")":
            if open_brackets:
                open_at = open_brackets.pop()
                if pair_is_chinese(open_at, i):
                    chars[open_at], chars[i] = "（", "）"
            else:
                unmatched.append(i)
    for i in unmatched + open_brackets:
        if _beside_chinese(neighbour(i, -1), neighbour(i, 1)):
            chars[i] = "（" if chars[i] == "(" else "）"

    for i, char in enumerate(chars):
        if protected[i]:
            continue
        if char in _FULL_WIDTH:
            # Only beside Chinese: 1,000 and 9:30 and Latin prose keep their marks.
            if _beside_chinese(neighbour(i, -1), neighbour(i, 1)):
                chars[i] = _FULL_WIDTH[char]
        elif char == ".":
            # A full stop ends a Chinese sentence: Chinese before it, and after it the end,
            # a space or more Chinese. 3.45, No.1, x.cn and an ellipsis ... stay.
            after = chars[i + 1] if i + 1 < len(chars) else None
            if _is_class(neighbour(i, -1), HAN, FULL) and (
                after is None or _RE.space.match(after) or char_class(after) in (HAN, FULL, AMBIGUOUS)
            ):
                chars[i] = "。"

    text = "".join(chars)
    pieces: list[str] = []
    kept_to = 0
    for run in _RE.space_run.finditer(text):
        start, end = run.span()
        at_edge = start == 0 or end == len(text)
        if at_edge or _space_is_stray(text[start - 1], text[end]):
            pieces.append(text[kept_to:start])
            kept_to = end
    pieces.append(text[kept_to:])
    return "".join(pieces)


def normalise(text: str) -> str:
    """Fix the typography of one paragraph of Chinese prose for an official document.

    - Whitespace (spaces, U+3000, NBSP, tabs, line breaks) goes between two ideographs,
      between an ideograph and a digit or a Chinese mark (full-width, “ ” — …), between
      “ ” — … and a digit, and next to any full-width mark whatever is on the other side:
      `2022 年 11 月 1 日` → `2022年11月1日`, `受理 644608 件` → `受理644608件`.
      Leading and trailing whitespace goes too. Line breaks count as whitespace: pass one
      paragraph, not a page (the break in a PDF-extracted `做\\n\\n好` is an accident).
    - `, : ; ? !` beside Chinese become `，：；？！`; `( )` become `（ ）` pairwise when the
      pair holds or touches Chinese; straight `"…"` pairs around or beside Chinese become “…”;
      `.` becomes `。` only after Chinese at a sentence end.
    - Never touched: Latin words and the spaces between them (`Schlumberger Technology
      Services`), spaces between Chinese and Latin letters, numbers (`3.45`, `1,000`, `9:30`),
      URLs and e-mail addresses (a URL keeps a bracket it opened, `…/X_(Y)`, even before
      Chinese), and digits (a zero-padded date is the author's to fix, not typography).
    - Quoted titles 《…》 and quotations “…” get the same rules as the rest: a title quoted
      from an official document never contains a space or half-width mark beside Chinese, so
      fixing one restores the title as issued; Latin inside a title is protected like any
      Latin.

    Every non-space character survives, changed only by the conversions above, and the
    result is a fixed point: `normalise(normalise(t)) == normalise(t)`.
    """
    # Each pass only deletes whitespace or turns ASCII marks full-width, so it terminates.
    while True:
        fixed = _one_pass(text)
        if fixed == text:
            return fixed
        text = fixed


class Correction(NamedTuple):
    """One place `normalise` changed: the text as typed and as it will be printed."""

    before: str
    after: str
    spaces: bool  # whitespace was removed
    punctuation: bool  # half-width punctuation became full-width

    @property
    def message(self) -> str:
        """A Chinese line for `check`: what was typed, what is printed, and why."""
        what = "、".join(
            reason
            for reason, happened in (("删除了中文里的空格", self.spaces), ("改为全角标点", self.punctuation))
            if happened
        )
        return f"「{self.before}」→「{self.after}」（{what}）"


def _in_word(char: str) -> bool:
    """Part of a number or a Latin word, which a snippet should show whole."""
    return char.isalnum() and char_class(char) in (DIGIT, OTHER)


def _alignment(text: str, fixed: str) -> list[int | None]:
    """Index in `fixed` (normalise's output) of each character of `text`, None where deleted.

    normalise only deletes whitespace and replaces characters one for one, and it removes whole
    runs of whitespace, so a greedy walk recovers every edit.
    """
    position: list[int | None] = []
    j = 0
    for char in text:
        if j < len(fixed) and char == fixed[j]:
            position.append(j)
            j += 1
        elif _RE.space.match(char):
            position.append(None)
        else:
            position.append(j)
            j += 1
    return position


def strip_stray_spaces(text: str) -> str:
    """`2022 年 11 月 1 日` → `2022年11月1日`: only the whitespace normalise removes goes.

    Punctuation stays as typed; tabs and line breaks count as whitespace. Used where text must
    stay as the clerk typed it (importing an old bulletin) but the spacing accidents go.
    """
    text = text.replace("\t", " ").replace("\n", " ")
    return "".join(char for char, p in zip(text, _alignment(text, normalise(text)), strict=True) if p is not None)


def corrections(text: str, context: int = 3) -> list[Correction]:
    """Each change `normalise` makes to text, with `context` characters either side.

    Edits close together are reported as one (`2022 年 1 月 1 日` is one correction, not four).
    Trimming whitespace at the ends is not reported: it is invisible in print and the
    command line strips input anyway.
    """
    fixed = normalise(text)
    position = _alignment(text, fixed)
    first_kept = next((i for i, p in enumerate(position) if p is not None), len(text))
    last_kept = max((i for i, p in enumerate(position) if p is not None), default=-1)

    edits = [i for i, p in enumerate(position) if first_kept <= i <= last_kept and (p is None or text[i] != fixed[p])]
    groups: list[list[int]] = []
    for i in edits:
        between = text[groups[-1][-1] + 1 : i] if groups else ""
        if groups and (len(between) <= context or all(map(_in_word, between))):
            groups[-1].append(i)
        else:
            groups.append([i])

    found: list[Correction] = []
    for group in groups:
        start = max(first_kept, group[0] - context)
        end = min(last_kept, group[-1] + context)
        # Never cut a number or a Latin word in half: 「644608 件」, not 「608 件」.
        while start > first_kept and _in_word(text[start - 1]) and _in_word(text[start]):
            start -= 1
        while end < last_kept and _in_word(text[end]) and _in_word(text[end + 1]):
            end += 1
        span = range(start, end + 1)
        found.append(
            Correction(
                before=text[start : end + 1],
                after="".join(fixed[p] for i in span if (p := position[i]) is not None),
                spaces=any(position[i] is None for i in group),
                punctuation=any(position[i] is not None for i in group),
            )
        )
    return found
