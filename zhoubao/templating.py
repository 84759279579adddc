"""The kind's text templates: jinja2 in its sandbox, strict about undefined variables, bounded.

User text only ever enters a template as a variable's value, never as template source, so
`{{ 7*7 }}` typed in a news item prints as typed. jinja2 is imported when a template is first
compiled, so commands that render none never load it.

A template comes from a kind folder or an issue file someone else may have written, so besides
the sandbox (no Python internals) it is bounded in time and size (docs/safety.md): ranges of at
most MAX_RANGE, no string, list or number built past MAX_OUTPUT characters (`*`, `+`, `~`, `**`,
format widths, filters such as center), output of at most MAX_OUTPUT characters, and at most
TIME_LIMIT seconds of work. Every breach, a runaway recursion and running out of memory are one
line naming the template.
"""

from __future__ import annotations

import functools
import sys
import time
from typing import TYPE_CHECKING, Any

from zhoubao.errors import ZhoubaoError

if TYPE_CHECKING:
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

MAX_OUTPUT = 100_000  # characters: a template writes a sentence or a paragraph
MAX_RANGE = 10_000  # items of one range()
MAX_WIDTH = 1_000  # a format width or precision
MAX_POWER_BITS = 4_096  # an integer `**` result
TIME_LIMIT = 5.0  # seconds of one template's rendering


class _Limit(Exception):
    """A template went past one of the limits above; the message says which, in Chinese."""


def _check_size(value: Any) -> Any:
    if isinstance(value, str | list | tuple | dict | bytes) and len(value) > MAX_OUTPUT:
        raise _Limit(f"生成的内容超过 {MAX_OUTPUT} 个字符")
    return value


def _check_width(number: int) -> None:
    if number > MAX_WIDTH:
        raise _Limit(f"格式宽度或精度 {number} 超过 {MAX_WIDTH}")


def _check_format_string(fmt: str) -> None:
    """Widths and precisions in a str.format string; nested fields in a spec are refused."""
    import re
    import string

    try:
        fields = list(string.Formatter().parse(fmt))
    except ValueError:
        return  # str.format raises the same error, reported as a template error
    for _literal, _name, spec, _conversion in fields:
        if not spec:
            continue
        if "{" in spec:
            raise _Limit("格式说明中不能嵌套 {}")
        for digits in re.findall(r"\d+", spec):
            _check_width(int(digits))


def _check_printf(fmt: Any) -> None:
    """Widths and precisions of %-formatting (`%5d`, the format filter); `*` widths are refused."""
    import re

    if not isinstance(fmt, str):
        return
    for m in re.finditer(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d*))?", fmt):
        for part in m.groups():
            if part == "*":
                raise _Limit("格式宽度不能用 *")
            if part:
                _check_width(int(part))


def _bounded_range(*args: int) -> Any:
    rng = range(*args)
    if len(rng) > MAX_RANGE:
        raise _Limit(f"range() 超过 {MAX_RANGE} 项")
    return rng


_WIDTH_METHODS = {"center", "ljust", "rjust", "zfill"}


def _check_replace(text: Any, old: Any, new: Any, count: Any = None) -> None:
    """What `text.replace(old, new, count)` would build, measured before it is built."""
    text, old, new = str(text), str(old), str(new)
    found = text.count(old) if old else len(text) + 1
    if isinstance(count, int) and count >= 0:
        found = min(found, count)
    if len(text) + found * (len(new) - len(old)) > MAX_OUTPUT:
        raise _Limit(f"替换生成的内容超过 {MAX_OUTPUT} 个字符")


def _check_join(separator: Any, items: list[str]) -> None:
    if sum(map(len, items)) + len(str(separator)) * max(len(items) - 1, 0) > MAX_OUTPUT:
        raise _Limit(f"连接生成的内容超过 {MAX_OUTPUT} 个字符")


def _check_call(obj: Any, args: tuple, kwargs: dict) -> tuple:
    """A method call checked before it runs; the arguments to call it with (an iterator given to
    str.join is read into a list once, to measure it)."""
    owner = getattr(obj, "__self__", None)
    name = getattr(obj, "__name__", "")
    if isinstance(owner, str):
        if name in _WIDTH_METHODS and args and isinstance(args[0], int):
            if args[0] > MAX_OUTPUT:
                raise _Limit(f"宽度 {args[0]} 超过 {MAX_OUTPUT}")
        elif name == "expandtabs":
            size = args[0] if args else kwargs.get("tabsize", 8)
            if isinstance(size, int):
                _check_width(size)
        elif name == "replace" and len(args) >= 2:
            _check_replace(owner, args[0], args[1], args[2] if len(args) > 2 else kwargs.get("count"))
        elif name == "join" and len(args) == 1:
            items = list(args[0])
            _check_join(owner, [item if isinstance(item, str) else "" for item in items])
            return (items,)
        elif name == "translate":  # one character can become any string: not measurable beforehand
            raise _Limit("模板中不能使用 translate")
    elif isinstance(owner, list) and name in ("append", "insert", "extend"):
        added = len(args[-1]) if name == "extend" and args and hasattr(args[-1], "__len__") else 1
        if name == "extend" and args and not hasattr(args[-1], "__len__"):
            raise _Limit("extend 只能接列表")
        if len(owner) + added > MAX_OUTPUT:
            raise _Limit(f"列表超过 {MAX_OUTPUT} 项")
    return args


def _check_binop(operator: str, left: Any, right: Any) -> None:
    sized = str | list | tuple
    if operator == "*":
        for seq, times in ((left, right), (right, left)):
            if isinstance(seq, sized) and isinstance(times, int) and len(seq) * times > MAX_OUTPUT:
                raise _Limit(f"重复生成的内容超过 {MAX_OUTPUT} 个字符")
    elif operator == "+":
        if isinstance(left, sized) and isinstance(right, sized) and len(left) + len(right) > MAX_OUTPUT:
            raise _Limit(f"拼接生成的内容超过 {MAX_OUTPUT} 个字符")
    elif operator == "**":
        if isinstance(left, int) and isinstance(right, int) and abs(left) > 1 and right > 0:
            if right * max(1, abs(left).bit_length()) > MAX_POWER_BITS:
                raise _Limit("乘方的结果过大")
    elif operator == "%":
        _check_printf(left)


def _before_filter(name: str, arguments: dict[str, Any]) -> None:
    """A filter's arguments checked before it builds anything (docs/safety.md lists the bounds).
    `arguments` are the filter's own, by name; an iterable to join is read into a list here."""
    width = arguments.get("width")
    if name in ("center", "indent", "wordwrap") and isinstance(width, int) and width > MAX_WIDTH:
        raise _Limit(f"宽度 {width} 超过 {MAX_WIDTH}")
    if name == "format":
        _check_printf(arguments.get("value"))
    elif name == "replace":
        _check_replace(arguments["s"], arguments["old"], arguments["new"], arguments.get("count"))
    elif name == "join":
        attribute = arguments.get("attribute")
        getter: Any = str
        if attribute is not None:
            from jinja2.filters import make_attrgetter

            pick = make_attrgetter(_environment(), attribute)
            getter = lambda item: str(pick(item))  # noqa: E731
        separator, size = len(str(arguments.get("d", ""))), 0
        items: list[Any] = []
        for item in arguments["value"]:  # read one at a time: refused as soon as the sum is too long
            size += len(getter(item)) + (separator if items else 0)
            if size > MAX_OUTPUT:
                raise _Limit(f"连接生成的内容超过 {MAX_OUTPUT} 个字符")
            items.append(item)
        arguments["value"] = items
    elif name == "indent":
        text = str(arguments["s"])
        step = len(width) if isinstance(width, str) else width if isinstance(width, int) else 0
        if len(text) + (text.count("\n") + 1) * max(step, 0) > MAX_OUTPUT:
            raise _Limit(f"缩进生成的内容超过 {MAX_OUTPUT} 个字符")
    elif name == "wordwrap":
        text, wrap = str(arguments["s"]), arguments.get("wrapstring") or "\n"
        lines = len(text) // max(width if isinstance(width, int) else 1, 1) + text.count("\n") + 1
        if lines > MAX_RANGE or len(text) + lines * len(str(wrap)) > MAX_OUTPUT:
            raise _Limit(f"折行生成的内容超过 {MAX_OUTPUT} 个字符或 {MAX_RANGE} 行")
    elif name in ("batch", "slice"):
        count = arguments.get("linecount" if name == "batch" else "slices")
        if isinstance(count, int) and count > MAX_RANGE:
            raise _Limit(f"{name} 的份数 {count} 超过 {MAX_RANGE}")


_PASSED = frozenset({"context", "eval_ctx", "environment", "env"})
# Filters whose arguments are checked before they run; the others only build what their input holds.
_CHECKED_FILTERS = frozenset({"center", "indent", "wordwrap", "format", "replace", "join", "batch", "slice"})


def _bounded_filter(name: str, func: Any) -> Any:
    import inspect

    signature = inspect.signature(func) if name in _CHECKED_FILTERS else None
    # jinja's async variants (slice, join …) are called with the evaluation context first, which
    # the signature of the function they wrap does not name
    first = next(iter(signature.parameters), "") if signature is not None else ""
    passed = 1 if getattr(func, "jinja_pass_arg", None) is not None and first not in _PASSED else 0

    @functools.wraps(func)  # keeps jinja's pass_context/pass_environment marks
    def bounded(*args: Any, **kwargs: Any) -> Any:
        if signature is not None:
            try:
                bound = signature.bind(*args[passed:], **kwargs)
            except TypeError:
                pass  # the filter itself says what is wrong with its arguments
            else:
                bound.apply_defaults()
                _before_filter(name, bound.arguments)
                args, kwargs = args[:passed] + bound.args, bound.kwargs
        return _check_size(func(*args, **kwargs))

    return bounded


# ----------------------------------------------------------------------------- the kind's own filters


def count_cn(value: Any) -> str:
    """`{{ 4|count_cn }}个` → 四个: a number of things in words, 两 for 2 (两个, 十二个, 二十二个)."""
    from zhoubao.numerals import count_words

    return count_words(_integer(value, "count_cn"))


def whole(value: Any) -> str:
    """`{{ c.rates['办结率']|whole }}%` → 100% for 100.00, 99.50% as it is: a whole figure without its zeros."""
    import re

    text = str(value)
    match = re.fullmatch(r"(-?\d+)\.0+", text)
    return match.group(1) if match else text


def _integer(value: Any, where: str) -> int:
    if isinstance(value, bool):
        raise ValueError(f"{where} 需要整数，得到 {value}")
    if isinstance(value, int):
        return value
    text = str(value).strip().replace(",", "")
    try:
        number = float(text)
    except ValueError:
        raise ValueError(f"{where} 需要整数，得到“{str(value)[:20]}”") from None
    if not number.is_integer():
        raise ValueError(f"{where} 需要整数，得到 {text}")
    return int(number)


FILTERS = {"count_cn": count_cn, "whole": whole}


@functools.lru_cache(maxsize=1)
def _environment() -> SandboxedEnvironment:
    import jinja2
    from jinja2.compiler import CodeGenerator
    from jinja2.sandbox import SandboxedEnvironment

    class BoundedCode(CodeGenerator):
        """`a ~ b` goes through the environment's bounded_concat, so a loop cannot double a string."""

        def visit_Concat(self, node: Any, frame: Any) -> None:
            self.write("environment.bounded_concat((")
            for arg in node.nodes:
                self.visit(arg, frame)
                self.write(", ")
            self.write("))")

    class Bounded(SandboxedEnvironment):
        code_generator_class = BoundedCode
        intercepted_binops = frozenset({"*", "+", "**", "%"})

        def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
            args = _check_call(__obj, args, kwargs)
            return _check_size(SandboxedEnvironment.call(__self, __context, __obj, *args, **kwargs))

        def getattr(self, obj: Any, attribute: str) -> Any:
            # `c.values['受理']` as documented: a row's key before the dict method of that name
            if isinstance(obj, dict) and isinstance(attribute, str) and attribute in obj:
                return obj[attribute]
            return super().getattr(obj, attribute)

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            _check_binop(operator, left, right)
            return _check_size(super().call_binop(context, operator, left, right))

        def wrap_str_format(self, value: Any) -> Any:
            wrapped = super().wrap_str_format(value)
            if wrapped is not None:  # str.format / format_map: widths checked before any call
                _check_format_string(str(value.__self__))
            return wrapped

        @staticmethod
        def bounded_concat(parts: tuple) -> str:
            text = "".join([str(part) for part in parts])
            return _check_size(text)

    env = Bounded(undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=False)
    env.globals["range"] = _bounded_range
    del env.globals["lipsum"]  # placeholder text has no place in a bulletin (lipsum(100000) ran 31 s)
    env.filters.update(FILTERS)
    env.filters = {name: _bounded_filter(name, func) for name, func in env.filters.items()}
    return env


@functools.lru_cache(maxsize=256)
def _compiled(template: str, where: str) -> jinja2.Template:
    import jinja2

    if len(template) > MAX_OUTPUT:
        raise ZhoubaoError(f"{where}的模板过长（{len(template)} 个字符）：模板应少于 {MAX_OUTPUT} 个字符，请改正模板")
    try:
        return _environment().from_string(template)
    except jinja2.TemplateSyntaxError as e:
        raise ZhoubaoError(f"{where}的模板第 {e.lineno} 行有语法错误（{e.message}）：请改正模板") from None
    except (RecursionError, MemoryError):
        raise ZhoubaoError(f"{where}的模板嵌套过深或过大：请简化模板") from None


def compile_template(template: str, where: str) -> None:
    """Compile a template without rendering it: a syntax error is a one-line ZhoubaoError."""
    _compiled(template, where)


def names_used(template: str, where: str) -> set[str]:
    """The variables a template reads from what it is given (`rows`, `categories` …)."""
    from jinja2 import meta

    _compiled(template, where)  # a syntax error is said first, in one line
    return meta.find_undeclared_variables(_environment().parse(template))


class _Clock:
    """A trace function that stops template code running past its deadline (template frames only)."""

    def __init__(self, seconds: float) -> None:
        self.deadline = time.monotonic() + seconds
        self.lines = 0

    def __call__(self, frame: Any, event: str, arg: Any) -> Any:
        if event == "call" and frame.f_code.co_filename == "<template>":
            return self.line
        return None

    def line(self, frame: Any, event: str, arg: Any) -> Any:
        self.lines += 1
        if self.lines % 256 == 0 and time.monotonic() > self.deadline:
            raise _Limit(f"运行超过 {TIME_LIMIT:g} 秒")
        return self.line


def _render(template: jinja2.Template, context: dict[str, Any]) -> str:
    pieces: list[str] = []
    total = 0
    clock = _Clock(TIME_LIMIT)
    previous = sys.gettrace()
    if previous is None:  # a debugger's or coverage's tracer is left alone (and the clock off)
        sys.settrace(clock)
    try:
        for piece in template.generate(**context):
            total += len(piece)
            if total > MAX_OUTPUT:
                raise _Limit(f"输出超过 {MAX_OUTPUT} 个字符")
            pieces.append(piece)
            if time.monotonic() > clock.deadline:
                raise _Limit(f"运行超过 {TIME_LIMIT:g} 秒")
    finally:
        if previous is None:
            sys.settrace(None)
    return "".join(pieces)


def render_template(template: str, where: str, /, **context: Any) -> str:
    """Render one kind template in the sandbox; every failure names the template and the problem."""
    import jinja2

    from zhoubao.validate import bad_char

    try:
        text = _render(_compiled(template, where), context)
    except _Limit as e:
        raise ZhoubaoError(f"{where}的模板超出限制（{e}）：请简化模板") from None
    except jinja2.UndefinedError as e:
        raise ZhoubaoError(
            f"{where}的模板使用了未定义的变量（{e.message}）：可用变量有 {'、'.join(sorted(context))}"
        ) from None
    except jinja2.exceptions.SecurityError as e:
        raise ZhoubaoError(f"{where}的模板做了不允许的操作（{e}）：模板只能使用给定的变量") from None
    except jinja2.TemplateError as e:
        raise ZhoubaoError(f"{where}的模板出错（{e}）：请改正模板") from None
    except RecursionError:
        raise ZhoubaoError(f"{where}的模板递归过深（宏调用了自己？）：请改正模板") from None
    except MemoryError:
        raise ZhoubaoError(f"{where}的模板用尽了内存：请简化模板") from None
    except (TypeError, ValueError, ArithmeticError, LookupError, AttributeError) as e:
        raise ZhoubaoError(f"{where}的模板运算出错（{str(e)[:200]}）：请改正模板") from None
    bad = bad_char(text)
    if bad:
        raise ZhoubaoError(f"{where}的模板生成了 Word 文件无法保存的字符 {bad}：请改正模板")
    return text
