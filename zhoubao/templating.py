"""The kind's text templates: jinja2 in its sandbox, strict about undefined variables.

User text only ever enters a template as a variable's value, never as template source, so
`{{ 7*7 }}` typed in a news item prints as typed. jinja2 is imported when a template is first
compiled, so commands that render none never load it.
"""
from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from zhoubao.errors import ZhoubaoError

if TYPE_CHECKING:
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment


@functools.lru_cache(maxsize=1)
def _environment() -> SandboxedEnvironment:
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

    return SandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=False)


@functools.lru_cache(maxsize=256)
def _compiled(template: str, where: str) -> jinja2.Template:
    import jinja2

    try:
        return _environment().from_string(template)
    except jinja2.TemplateSyntaxError as e:
        raise ZhoubaoError(f"{where}的模板第 {e.lineno} 行有语法错误（{e.message}）：请改正模板") from None


def compile_template(template: str, where: str) -> None:
    """Compile a template without rendering it: a syntax error is a one-line ZhoubaoError."""
    _compiled(template, where)


def render_template(template: str, where: str, /, **context: Any) -> str:
    """Render one kind template in the sandbox; every failure names the template and the problem."""
    import jinja2

    try:
        return _compiled(template, where).render(**context)
    except jinja2.UndefinedError as e:
        raise ZhoubaoError(f"{where}的模板使用了未定义的变量（{e.message}）：可用变量有 {'、'.join(sorted(context))}") from None
    except jinja2.exceptions.SecurityError as e:
        raise ZhoubaoError(f"{where}的模板做了不允许的操作（{e}）：模板只能使用给定的变量") from None
    except jinja2.TemplateError as e:
        raise ZhoubaoError(f"{where}的模板出错（{e}）：请改正模板") from None
    except (TypeError, ValueError, ArithmeticError, LookupError, AttributeError) as e:
        raise ZhoubaoError(f"{where}的模板运算出错（{e}）：请改正模板") from None
