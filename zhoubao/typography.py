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

# Full-width digits become ASCII ones: GB/T 15835-2011 prints Arabic numerals half-width, and an
# input method's ３２ stands out in print as wide, spaced-out figures.
_WIDE_DIGITS = {code: code - 0xFEE0 for code in range(0xFF10, 0xFF1A)}

# Half-width marks that become full-width beside Chinese ('.' and the pairs have own rules).
_FULL_WIDTH = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！"}
_CANDIDATES = frozenset('.()"“”,:;?!')  # the characters a rule may change (or pair up)

# Addresses are Latin however much Chinese surrounds them: nothing inside them is touched.
# A URL may not end in punctuation, so the comma or full stop after it is still prose.
# A scheme or a mailbox name is tried only where a run of the characters it may hold begins
# (the lookbehinds; a scheme's first letter may follow digits of that run), so a long run of
# letters or digits is scanned once, not once from each of its characters.
_URL_BODY = r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*[A-Za-z0-9\-_~/#=&%]"
_PROTECTED = (
    rf"(?<![A-Za-z0-9+.\-])[0-9+.\-]*+(?P<url>[A-Za-z][A-Za-z0-9+.\-]*://{_URL_BODY})"
    rf"|(?P<www>www\.{_URL_BODY})"
    r"|(?<![A-Za-z0-9._%+\-])(?P<mail>[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+)"
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


_CLASS_OF: dict[str, str] = {}  # char_class's answers for the characters seen (up to _CLASSES_KEPT)
_CLASSES_KEPT = 20_000


def char_class(char: str) -> str:
    """The typographic class of one character: HAN, FULL, AMBIGUOUS, DIGIT or OTHER."""
    known = _CLASS_OF.get(char)
    if known is None:
        known = _classify(char)
        if len(_CLASS_OF) < _CLASSES_KEPT:
            _CLASS_OF[char] = known
    return known


def _classify(char: str) -> str:
    if _RE.han.match(char):
        return HAN
    if _RE.full.match(char):
        return FULL
    if char in _AMBIGUOUS:
        return AMBIGUOUS
    if _RE.digit.match(char):
        return DIGIT
    return OTHER


def _stray_between(left: str, right: str) -> bool:
    """Whether whitespace between these two characters is a typing or extraction accident.

    Chinese carries no spaces, and a full-width mark already includes its own spacing. Spaces
    between Chinese and Latin letters are a house-style question the audit leaves open, so
    they stay, as do spaces between Latin words and between numbers.
    """
    classes = {left, right}
    if HAN in classes:
        return classes <= {HAN, FULL, AMBIGUOUS, DIGIT}
    if FULL in classes:
        return True
    return classes == {AMBIGUOUS, DIGIT}


def _protected_spans(text: str) -> list[bool]:
    """Which characters belong to a URL or an e-mail address (never touched)."""
    protected = [False] * len(text)
    for match in _RE.protected.finditer(text):
        start, end = match.span(match.lastgroup or 0)
        # A URL may end in a bracket it opened itself: https://zh.wikipedia.org/wiki/X_(Y)
        if text[end : end + 1] == ")" and text.count("(", start, end) > text.count(")", start, end):
            end += 1
        protected[start:end] = [True] * (end - start)
    return protected


def _fixed_point(text: str) -> str:
    """Every conversion and deletion of `normalise`, in time linear in the length of `text`.

    The rules only ever turn an ASCII mark full-width (a quote into “ ”), and a mark's rule looks
    at its nearest non-space neighbours; a conversion can only make a neighbour's rule hold, never
    stop one holding. So the result is reached by propagation: every mark is judged once, and a
    conversion judges again only its neighbours (and the bracket or quote pairs they stand
    beside). Whitespace goes last, by the classes the characters end with.
    """
    text = text.translate(_WIDE_DIGITS)  # one for one: positions stay where they were
    chars = list(text)
    size = len(chars)
    protected = _protected_spans(text)
    classes = [_CLASS_OF.get(char) or char_class(char) for char in chars]
    spaces = [char.isspace() for char in chars]  # what \s matches

    # The nearest non-space character before and after each position (-1 / size when none).
    before = [-1] * size
    last = -1
    for i in range(size):
        before[i] = last
        if not spaces[i]:
            last = i
    after = [size] * size
    last = size
    for i in range(size - 1, -1, -1):
        after[i] = last
        if not spaces[i]:
            last = i

    # Running counts, to ask in O(1) whether a span holds an ideograph or a Latin letter.
    han_before = [0]
    latin_before = [0]
    for char, kind in zip(chars, classes, strict=True):
        han_before.append(han_before[-1] + (kind == HAN))
        latin_before.append(latin_before[-1] + (kind == OTHER and char.isalpha()))

    def kind_at(index: int) -> str | None:
        return classes[index] if 0 <= index < size else None

    def latin_at(index: int) -> bool:
        return 0 <= index < size and classes[index] == OTHER and chars[index].isalpha()

    def beside_chinese(i: int) -> bool:
        """Whether a mark at i belongs to Chinese text, by its neighbours as they stand now.

        An ideograph on either side decides it (that is what the audit checks). A full-width
        mark on one side decides it only when the other side is not a Latin letter, so the `?`
        in 《Who Moved My Cheese?》 stays Latin.
        """
        left, right = before[i], after[i]
        if kind_at(left) == HAN or kind_at(right) == HAN:
            return True
        return (kind_at(left) == FULL and not latin_at(right)) or (kind_at(right) == FULL and not latin_at(left))

    def pair_is_chinese(open_at: int, close_at: int) -> bool:
        """A pair turns full-width when it holds Chinese or stands beside Chinese.

        Beside full-width marks only, it must hold no Latin letter: 《Hello (World)》 stays.
        """
        if han_before[close_at] > han_before[open_at + 1]:
            return True
        left, right = before[open_at], after[close_at]
        if kind_at(left) == HAN or kind_at(right) == HAN:
            return True
        no_latin = latin_before[close_at] == latin_before[open_at + 1]
        return (kind_at(left) == FULL or kind_at(right) == FULL) and no_latin

    # Double quotes pair up in order, curly ones included, so a pair typed half in each
    # (`“川渝通办"`) closes where it should; a pair with a straight quote round Chinese
    # becomes “ ”. A stray quote that pairs with nothing stays as typed.
    partner: dict[int, int] = {}  # both ends of a pair that may still change
    quote_open: int | None = None
    for i, char in enumerate(chars):
        if protected[i] or char not in '"“”':
            continue
        if quote_open is None:
            quote_open = None if char == "”" else i
        elif char == "“":
            quote_open = i
        else:
            if '"' in (chars[quote_open], char):
                partner[quote_open], partner[i] = i, quote_open
            quote_open = None

    # Brackets: both of a matched pair change together, so （Schlumberger) never happens.
    open_brackets: list[int] = []
    for i, char in enumerate(chars):
        if protected[i]:
            continue
        if char == "(":
            open_brackets.append(i)
        elif char == ")" and open_brackets:
            open_at = open_brackets.pop()
            partner[open_at], partner[i] = i, open_at

    def convert(i: int, new: str) -> None:
        chars[i] = new
        classes[i] = char_class(new)

    def settle(i: int) -> tuple[int, ...]:
        """Apply the rule of position i if it holds now: the positions it changed."""
        char = chars[i]
        if i in partner:
            open_at, close_at = sorted((i, partner[i]))
            if not pair_is_chinese(open_at, close_at):
                return ()
            del partner[open_at], partner[close_at]
            pair = "（）" if char in "()" else "“”"
            convert(open_at, pair[0])
            convert(close_at, pair[1])
            return open_at, close_at
        if char in "()":  # a bracket that pairs with nothing: by its neighbours, like a mark
            if beside_chinese(i):
                convert(i, "（" if char == "(" else "）")
                return (i,)
        elif char in _FULL_WIDTH:
            # Only beside Chinese: 1,000 and 9:30 and Latin prose keep their marks.
            if beside_chinese(i):
                convert(i, _FULL_WIDTH[char])
                return (i,)
        elif char == ".":
            # A full stop ends a Chinese sentence: Chinese before it, and after it the end,
            # a space or more Chinese. 3.45, No.1, x.cn and an ellipsis ... stay.
            if kind_at(before[i]) in (HAN, FULL) and (
                i + 1 == size or spaces[i + 1] or classes[i + 1] in (HAN, FULL, AMBIGUOUS)
            ):
                convert(i, "。")
                return (i,)
        return ()

    # Each position is judged once, then again only when a neighbour changed: a mark changes
    # at most once, so the work is linear.
    pending = [i for i in range(size) if not protected[i] and chars[i] in _CANDIDATES]
    while pending:
        for changed in settle(pending.pop()):
            for k in (before[changed], after[changed], changed - 1):
                if 0 <= k < size and not protected[k] and chars[k] in _CANDIDATES:
                    pending.append(k)

    # Whitespace goes between characters of the classes they end with.
    pieces: list[str] = []
    i = 0
    while i < size:
        if not spaces[i]:
            pieces.append(chars[i])
            i += 1
            continue
        end = i
        while end < size and spaces[end]:
            end += 1
        at_edge = i == 0 or end == size
        if not (at_edge or _stray_between(classes[i - 1], classes[end])):
            pieces.append(text[i:end])
        i = end
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
      Chinese), and digits (a zero-padded date is the author's to fix, not typography) but
    - full-width digits, which become ASCII ones (`３２人次` → `32人次`; GB/T 15835-2011 prints
      Arabic numerals half-width).
    - Quoted titles 《…》 and quotations “…” get the same rules as the rest: a title quoted
      from an official document never contains a space or half-width mark beside Chinese, so
      fixing one restores the title as issued; Latin inside a title is protected like any
      Latin.

    Every non-space character survives, changed only by the conversions above, and the
    result is a fixed point: `normalise(normalise(t)) == normalise(t)`.
    """
    return _fixed_point(text)


class Correction(NamedTuple):
    """One place `normalise` changed: the text as typed and as it will be printed."""

    before: str
    after: str
    spaces: bool  # whitespace was removed
    punctuation: bool  # half-width punctuation became full-width
    digits: bool = False  # full-width digits became ASCII ones

    @property
    def message(self) -> str:
        """A Chinese line for `check`: what was typed, what is printed, and why."""
        what = "、".join(
            reason
            for reason, happened in (
                ("删除了中文里的空格", self.spaces),
                ("改为全角标点", self.punctuation),
                ("改为半角数字", self.digits),
            )
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
                punctuation=any(position[i] is not None and ord(text[i]) not in _WIDE_DIGITS for i in group),
                digits=any(ord(text[i]) in _WIDE_DIGITS for i in group),
            )
        )
    return found
