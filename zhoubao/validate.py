"""Validating values read from an issue file or typed by a clerk: one Chinese line per problem.

The building blocks of every data class (model, section types); no I/O. The one regular
expression is compiled on first use, so importing this costs nothing.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import TYPE_CHECKING, Any

from zhoubao.errors import ZhoubaoError


# Characters a Word file cannot hold, the one rule for what a clerk types, what a template makes
# and what the writer writes: C0 controls but tab and the line breaks (\n, and \r as in \r\n: a
# line break starts a paragraph in compose, and the writer writes one as w:br), lone surrogates,
# U+FFFE and U+FFFF. DEL and C1 XML 1.0 allows.
@functools.cache
def _bad_controls() -> re.Pattern[str]:
    return re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


# What NFKC makes of the full-width forms a Chinese input method types (ＡＢ，１０：) and of the
# ideographic space: the ASCII character 0xFEE0 below, and a space.
_WIDE = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def nfkc(text: str) -> str:
    """`unicodedata.normalize("NFKC", text)`, the form typed text is read and compared in, the
    quick way for Chinese: the full-width forms are mapped first (to what NFKC maps them to), and
    NFKC itself runs only on a text its quick check cannot pass (…, ①, compatibility ideographs).
    Normalising every text in full costs an edit more than its other checks together."""
    import unicodedata

    text = text.translate(_WIDE)
    return text if unicodedata.is_normalized("NFKC", text) else unicodedata.normalize("NFKC", text)


DEFAULT_RESULT = "总体情况良好。"


MAX_TEXT = 100_000  # characters of one text (a news item is a paragraph; an issue file is at most 5 MB)


def first_bad_char(text: str) -> str:
    """The first character a .docx cannot hold; "" when there is none."""
    # A lone surrogate is found by the UTF-8 codec, which refuses it: a pattern holding the whole
    # surrogate range costs more to compile than an edit spends on all its other patterns.
    at = [m.start()] if (m := _bad_controls().search(text)) else []
    at += [i for i in (text.find("\ufffe"), text.find("\uffff")) if i >= 0]
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as e:
        at.append(e.start)
    return text[min(at)] if at else ""


def bad_char(text: str) -> str:
    """The first character a .docx cannot hold, as U+XXXX; "" when there is none."""
    bad = first_bad_char(text)
    return f"U+{ord(bad):04X}" if bad else ""


def check_text(text: Any, what: str, *, allow_empty: bool = False) -> str:
    """Text a clerk typed: a string, not blank, not absurdly long, with nothing a .docx cannot hold."""
    if not isinstance(text, str):
        raise ZhoubaoError(f"{what}应为文字：请用引号写成字符串")
    if not allow_empty and not text.strip():
        raise ZhoubaoError(f"{what}为空：请写入内容")
    if len(text) > MAX_TEXT:
        raise ZhoubaoError(f"{what}过长（{len(text)} 个字符）：一条最多 {MAX_TEXT} 个字符，请缩短或分成几条")
    code = bad_char(text)
    if code:
        raise ZhoubaoError(f"{what}含有 Word 文件无法保存的控制字符 {code}：请删除该字符后重试")
    terminal = _terminal_controls().search(text)
    if terminal:
        raise ZhoubaoError(
            f"{what}含有控制字符 U+{ord(terminal.group()):04X}（在终端上会被当作控制命令）：请删除该字符后重试"
        )
    return text


@functools.cache
def _terminal_controls() -> re.Pattern[str]:
    """DEL and the C1 controls: a .docx may hold them, but no clerk types them, and a terminal
    showing the text (show, entries) may take U+009B for the start of an escape sequence."""
    return re.compile("[\x7f-\x9f]")


def check_count(value: Any, what: str) -> int:
    """A count of cases: a non-negative integer."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ZhoubaoError(f"{what}应为非负整数，实际为 {value!r}：请填写整数件数")
    if value < 0:
        raise ZhoubaoError(f"{what}为负数 {value}：件数不能为负，请改为 0 或正整数")
    if value > INT64_MAX:
        raise ZhoubaoError(f"{what} {str(value)[:30]}… 过大（超出 64 位整数）：请改正")
    return value


def check_number(value: Any, what: str, decimals: int) -> int | float:
    """A statistics figure: non-negative, an integer unless the column has decimals."""
    if decimals == 0:
        return check_count(value, what)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ZhoubaoError(f"{what}应为数字，实际为 {value!r}：请填写数字")
    if value != value or value in (float("inf"), float("-inf")):
        raise ZhoubaoError(f"{what}不是有效数字：请填写数字")
    if value < 0:
        raise ZhoubaoError(f"{what}为负数 {value}：请改为 0 或正数")
    if value >= MAX_AMOUNT:
        raise ZhoubaoError(f"{what} {value:.6g} 过大（带小数的数字最多 15 位整数）：请核对单位或改正")
    return value


def check_date(value: Any, what: str) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise ZhoubaoError(f"{what}应为日期，实际为 {value!r}：请写成 YYYY-MM-DD（不加引号）")
    return value


def table(value: Any, what: str) -> dict:
    if not isinstance(value, dict):
        raise ZhoubaoError(f"{what}应为表：请检查期刊文件中 {what} 的写法")
    return value


def array(value: Any, what: str) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ZhoubaoError(f"{what}应为列表：请检查期刊文件中 {what} 的写法")
    return value


INT64_MAX = 2**63 - 1  # TOML's integers are 64-bit
# A figure with decimals is a float: at 10**15 and above it no longer prints the digits typed
# (9223372036854775808 came out as …776000), and past ~10**50 it cannot be rounded at all.
MAX_AMOUNT = 10**15


def integer(value: Any, what: str, *, minimum: int = 1, maximum: int = INT64_MAX) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ZhoubaoError(f"{what}应为不小于 {minimum} 的整数，实际为 {repr(value)[:30]}：请改正")
    if value > maximum:
        raise ZhoubaoError(f"{what} {str(value)[:30]} 过大：应不大于 {maximum}，请改正")
    return value


def pick(candidates: list, name: str, title_of, what: str):
    """Exact match first, else the one candidate whose name contains `name`."""
    names = "、".join(title_of(c) for c in candidates) or "无"
    if not name.strip():
        raise ZhoubaoError(f"{what}名称为空：可选{what}有 {names}")
    exact = [c for c in candidates if title_of(c) == name]
    if len(exact) == 1:
        return exact[0]
    partial = exact or [c for c in candidates if name in title_of(c)]
    if not partial:
        partial = [c for c in candidates if fits(name, title_of(c))]
    if len(partial) == 1:
        return partial[0]
    if not partial:
        raise ZhoubaoError(f"没有名为“{name}”的{what}：可选{what}有 {names}")
    found = "、".join(title_of(c) for c in partial)
    raise ZhoubaoError(f"“{name}”对应多个{what}（{found}）：请写得更具体些")


def fits(name: str, title: str) -> bool:
    """Whether a name typed is part of a title, or of the title without what it says in brackets
    (a 厅长 typed for a title that reads 厅（局）长…)."""
    return bool(name.strip()) and (name in title or name in re.sub(r"（[^（）]*）|\([^()]*\)", "", title))


_MISSING = object()


def _init_fields(cls: type) -> list[tuple[str, Any, Any]]:
    """(name, default, default_factory) of the fields `__init__` takes, cached on the class."""
    cached = cls.__dict__.get("_record_fields")
    if cached is None:
        from dataclasses import MISSING, fields

        cached = [
            (
                f.name,
                _MISSING if f.default is MISSING else f.default,
                None if f.default_factory is MISSING else f.default_factory,
            )
            for f in fields(cls)
            if f.init
        ]
        cls._record_fields = cached  # type: ignore[attr-defined]
    return cached


class Record:
    """__repr__ and __eq__ of a data class, written once for all of them.

    The model's classes are declared `@dataclass(repr=False, eq=False)` and inherit these:
    generating both per class is most of what importing the model would cost, and every
    command imports it. They behave as the generated ones (tests/test_model_record.py).
    """

    __slots__ = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """The fields in order, by position or by name, defaults for the rest: what @dataclass would
        generate, without the `exec` that generating it costs at every start (see `record`)."""
        spec = _init_fields(type(self))
        if len(args) > len(spec):
            raise TypeError(f"{type(self).__name__}() takes {len(spec)} arguments, {len(args)} given")
        for (name, _default, _factory), value in zip(spec, args, strict=False):
            if name in kwargs:
                raise TypeError(f"{type(self).__name__}() got multiple values for {name!r}")
            object.__setattr__(self, name, value)
        for name, default, factory in spec[len(args) :]:
            if name in kwargs:
                value = kwargs.pop(name)
            elif factory is not None:
                value = factory()
            elif default is not _MISSING:
                value = default
            else:
                raise TypeError(f"{type(self).__name__}() missing argument {name!r}")
            object.__setattr__(self, name, value)
        unknown = set(kwargs) - {name for name, _d, _f in spec}
        if unknown:
            raise TypeError(f"{type(self).__name__}() got unexpected arguments {sorted(unknown)}")

    def __repr__(self) -> str:
        from dataclasses import fields

        inner = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in fields(self) if f.repr)  # type: ignore[arg-type]
        return f"{type(self).__qualname__}({inner})"

    def __eq__(self, other: object) -> bool:
        from dataclasses import fields

        if other.__class__ is not self.__class__:
            return NotImplemented
        return all(getattr(self, f.name) == getattr(other, f.name) for f in fields(self) if f.compare)  # type: ignore[arg-type]

    __hash__ = None  # type: ignore[assignment]  # as @dataclass(eq=True) leaves it: mutable, unhashable


if TYPE_CHECKING:
    from dataclasses import dataclass as record
else:

    def record(cls=None, /, **options):
        """@dataclass for the model's classes: fields declared as usual (type checkers read it as
        @dataclass), `__init__`, `__repr__` and `__eq__` from `Record`, so nothing is generated with
        `exec` when the class is made: the model is imported by every command."""
        from dataclasses import dataclass

        def wrap(klass):
            return dataclass(klass, init=False, repr=False, eq=False, **options)

        return wrap if cls is None else wrap(cls)
