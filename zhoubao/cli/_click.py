"""The Chinese click: help, usage errors and click's own messages in Chinese, and a group that
builds only the command being run.

Every command is a fresh process, so start-up is part of each command's cost: this module
imports only click and the error type at module level, and each command imports what it uses
(editing commands never import rich, jinja2, python-docx or tomlkit's parse unless needed).
Only the command being run is built: declare commands with `command`, `option` and `argument`
from this module (the same arguments as click.command, click.option and click.argument), not
with click's decorators, which would build a command's options whenever its module is imported.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from typing import Any

import click

from zhoubao.errors import ZhoubaoError, terminal_safe


class _Formatter(click.HelpFormatter):
    HEADINGS = {"Options": "选项", "Commands": "命令", "Arguments": "参数"}

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        args = (
            args.replace("[OPTIONS]", "[选项]")
            .replace("[COMMAND] [ARGS]...", "[命令] [参数]...")
            .replace("COMMAND [ARGS]...", "命令 [参数]...")
        )
        super().write_usage(prog, args, prefix="用法：")

    def write_heading(self, heading: str) -> None:
        super().write_heading(self.HEADINGS.get(heading, heading))

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        """click's definition list (options, commands), aligned by the width the terminal gives
        each character: a Chinese placeholder (`--section 栏目`) takes two columns a character,
        where click counts one and would push the descriptions out of line."""
        rows = [(term, text.replace("[required]", "[必填]").replace("[default: ", "[默认：")) for term, text in rows]
        first_col = min(max((_width(term) for term, _text in rows), default=0), col_max) + col_spacing
        indent = " " * self.current_indent
        for term, text in rows:
            self.write(f"{indent}{term}")
            if not text:
                self.write("\n")
                continue
            if _width(term) <= first_col - col_spacing:
                self.write(" " * (first_col - _width(term)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            lines = click.wrap_text(text, max(self.width - first_col - 2, 10), preserve_paragraphs=True).splitlines()
            self.write(f"{lines[0] if lines else ''}\n")
            for line in lines[1:]:
                self.write(f"{' ' * (first_col + self.current_indent)}{line}\n")


def _width(text: str) -> int:
    """Columns `text` takes on a terminal: two for a wide (Chinese) character, one for others."""
    from unicodedata import east_asian_width

    return sum(2 if east_asian_width(ch) in "WF" else 1 for ch in text)


def _show_help(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(ctx.get_help(), color=ctx.color)
        ctx.exit()


class _ChineseHelp:
    """-h/--help in Chinese. Made here rather than by click's `help_option`, whose English help text
    goes through gettext, which searches the locale folders: a measurable share of an edit."""

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        names = self.get_help_option_names(ctx)  # type: ignore[attr-defined]
        if not names or not self.add_help_option:  # type: ignore[attr-defined]
            return None
        if getattr(self, "_chinese_help", None) is None:
            self._chinese_help = click.Option(
                names, is_flag=True, is_eager=True, expose_value=False, callback=_show_help, help="显示此帮助并退出。"
            )
        return self._chinese_help


class Command(_ChineseHelp, click.Command):
    def make_parser(self, ctx: click.Context) -> Any:
        """click's parser tries every option as a long one first and, for `-f`, builds a NoSuchOption
        (gettext and difflib) before falling back to the short form. Each short name is also entered
        as a long one, so `-f PATH` is matched at once, with the same meaning."""
        parser = super().make_parser(ctx)
        for name, opt in list(parser._short_opt.items()):
            parser._long_opt.setdefault(name, opt)
        return parser


class Group(_ChineseHelp, click.Group):
    """A group whose commands live in modules named by a table, command name → "module:function"
    (click's lazy group): a command's module is imported, and the command built (options and
    all), only when that command is looked up, to run it or to list it in the group's help.

    Every run starts a new process and runs one command, so importing the other commands' modules
    and making their click objects would be wasted start-up. Commands are declared with `command`,
    `option` and `argument` below: the same as click.command, click.option and click.argument,
    applied when the command is looked up.
    """

    command_class = Command

    def __init__(self, *args: Any, lazy: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = dict(lazy or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy:
            module, _, function = self.lazy[cmd_name].partition(":")
            callback = getattr(importlib.import_module(module), function)
            name, settings = callback.__dict__.pop("command")
            if name != cmd_name:
                raise LookupError(f"{self.lazy[cmd_name]} is the command {name!r}, not {cmd_name!r}")
            for decorator in callback.__dict__.pop("later", []):
                callback = decorator(callback)
            self.command(cmd_name, **settings)(callback)
        return super().get_command(ctx, cmd_name)


def command(name: str, **settings: Any) -> Callable:
    """click.command(name, **settings), made when the group first looks the command up (see Group)."""

    def keep(f: Callable) -> Callable:
        f.__dict__["command"] = (name, settings)
        return f

    return keep


def _later(decorator: Callable) -> Callable:
    """Keep a click decorator on the function, for Group.get_command to apply in the same order."""

    def keep(f: Callable) -> Callable:
        f.__dict__.setdefault("later", []).append(decorator)
        return f

    return keep


# What an option's value is called in the help when its declaration names no metavar: click
# would print the type's English name (TEXT, INTEGER, FLOAT).
_METAVARS = {int: "数字", float: "数字", str: "文字"}


def option(*args: Any, **kwargs: Any) -> Callable:
    """click.option, with a Chinese placeholder for a value whose declaration names none."""
    takes_value = not kwargs.get("is_flag") and not isinstance(kwargs.get("type"), click.Choice)
    if takes_value and "metavar" not in kwargs:
        kwargs["metavar"] = _METAVARS.get(kwargs.get("type", str), "值")
    return _later(click.option(*args, **kwargs))


def argument(name: str, *, metavar: str, **kwargs: Any) -> Callable:
    """click.argument; the metavar (the argument's Chinese name in the help, 正文, 编号) is required,
    since click would print the parameter's English name in capitals. It is shown as click shows
    its own: [正文] when it may be left out, 期刊文件... when it takes many."""
    many = kwargs.get("nargs", 1) != 1
    if kwargs.get("required") is False or (many and not kwargs.get("required")):
        metavar = f"[{metavar}]"
    return _later(click.argument(name, metavar=metavar + ("..." if many else ""), **kwargs))


click.Context.formatter_class = _Formatter
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _nearest(typed: str, names: set[str]) -> list[str]:
    """The names nearest what was typed: --namee gets --name, not --date beside it (click offers
    every name difflib finds at all)."""
    import difflib

    ratio = {name: difflib.SequenceMatcher(None, typed, name).ratio() for name in names}
    best = max(ratio.values(), default=0.0)
    return sorted(name for name, r in ratio.items() if r >= best - 0.05)


def _click_message(e: click.ClickException, group: click.Group) -> str:
    """One Chinese line for click's own (English) usage errors."""
    ctx = getattr(e, "ctx", None)
    name = ctx.command_path if ctx is not None else "zhoubao"
    hint = f"请运行 {name} --help 查看用法"
    if isinstance(e, click.MissingParameter):
        param = e.param.get_error_hint(e.ctx) if e.param and e.ctx else "参数"
        return f"缺少 {param}：{hint}"
    if isinstance(e, click.NoSuchOption):
        # click's parser found the near names (difflib); a short option also stands among the long
        # ones (Command.make_parser), so only real long names are offered
        near = _nearest(e.option_name, {p for p in e.possibilities or () if p.startswith("--")})
        guess = f"您是不是要找 {'、'.join(near)}？" if near else ""
        return f"没有选项 {e.option_name}：{guess}{hint}"
    if isinstance(e, click.BadParameter):
        param = e.param.get_error_hint(e.ctx) if e.param and e.ctx else "参数"
        return f"{param} 的值无效（{_click_words(e.message)}）：{hint}"
    if isinstance(e, click.UsageError) and "No such command" in e.message:
        import difflib

        quoted = e.message.split("'")
        name = quoted[1] if len(quoted) > 2 else e.message
        near = difflib.get_close_matches(name, group.list_commands(click.Context(group)), n=1, cutoff=0.6)
        if near:
            return f"没有这个命令（{name}）：是不是 zhoubao {near[0]}？请运行 zhoubao --help 查看命令"
        return f"没有这个命令（{name}）：请运行 zhoubao --help 查看命令"
    if isinstance(e, click.UsageError) and "unexpected extra argument" in e.message:
        return f"{_click_words(e.message)}：正文含空格时请整段加引号，{hint}"
    return f"用法错误（{_click_words(e.message)}）：{hint}"


_CLICK_WORDS = (
    (r"'(.*)' is not a valid integer( range)?\.?", r"“\1”不是整数"),
    (r"'(.*)' is not a valid float( range)?\.?", r"“\1”不是数字"),
    (r"(.*) is not in the range (.*)\.?", r"\1 超出范围 \2"),
    (r"(File|Directory|Path) '(.*)' does not exist\.?", r"“\2”不存在"),
    (r"(File|Directory|Path) '(.*)' is a directory\.?", r"“\2”是文件夹"),
    (r"Got unexpected extra arguments? \((.*)\)", r"多余的参数 \1"),
    (r"Option '(.*)' requires an argument\.?", r"选项 \1 后面要有值"),
    (r"Option '(.*)' does not take a value\.?", r"选项 \1 不带值"),
    (r"Missing argument '(.*)'\.?", r"缺少参数 \1"),
    (r"Missing option '(.*)'\.?", r"缺少选项 \1"),
    (r"'(.*)' is not one of (.*?)\.?$", r"“\1”不是可选的值，可选 \2"),
)


def _click_words(message: str) -> str:
    """click's English messages in Chinese (what it says most often)."""
    import re

    for pattern, chinese in _CLICK_WORDS:
        message = re.sub(pattern, chinese, message)
    return message


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"zhoubao {version('zhoubao')}"
    except PackageNotFoundError:
        return "zhoubao（未安装）"


def _show_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(_version())
        ctx.exit()


# -V/--version among the group's options, so the help lists it; `zhoubao --version` alone is
# answered by `run` before click parses anything. Its help is our own Chinese: click's
# version_option would send gettext through the locale folders for its English one.
version_option = click.option(
    "-V", "--version", is_flag=True, is_eager=True, expose_value=False, callback=_show_version, help="显示版本并退出。"
)


ARGS: list[str] = []  # the command line now running: the history records it with each version


def run(group: click.Group, args: list[str] | None = None) -> int:
    """Run one command and return its exit code; every failure is one Chinese line on stderr."""
    if (sys.argv[1:] if args is None else args) in (["--version"], ["-V"]):
        # Answered before click parses: the shortest way to the one line asked for.
        print(_version())
        return 0
    global ARGS
    ARGS = list(sys.argv[1:] if args is None else args)
    try:
        return _run(group, args)
    except Exception as e:  # the last resort: a bug, said in one line, never a traceback
        click.echo(f"错误：{unexpected(e)}", err=True)
        return INTERNAL_ERROR


INTERNAL_ERROR = 70  # EX_SOFTWARE: the program's fault, not the clerk's


def unexpected(error: BaseException) -> str:
    """One Chinese line for an error nobody foresaw, its traceback kept in a log file (in the
    system's temp folder, created new and readable by this user only) for the maintainers.
    Files are written whole or not at all (docs/safety.md), so the issue file is as it was."""
    import os
    import tempfile
    import time
    import traceback
    from pathlib import Path

    report = "".join(traceback.format_exception(error))
    where = ""
    try:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        log = Path(tempfile.gettempdir()) / f"zhoubao-错误-{stamp}-{os.getpid()}.log"
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(log, flags, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(f"zhoubao {' '.join(sys.argv[1:])}\n{_version()}\n\n{report}")
        where = f"，详细信息已写入 {log}"
    except OSError:
        pass
    kind = terminal_safe(type(error).__name__)
    return f"程序内部出错（{kind}），文件未改动{where}：这不是您的操作错误，请把这条信息和所运行的命令发给维护者"


def _run(group: click.Group, args: list[str] | None) -> int:
    try:
        code = group.main(args=args, prog_name="zhoubao", standalone_mode=False)
    except ZhoubaoError as e:
        click.echo(f"错误：{e.message}", err=True)
        return 1
    except click.exceptions.Exit as e:
        return e.exit_code
    except (click.Abort, KeyboardInterrupt):
        click.echo("已取消。", err=True)
        return 130
    except click.ClickException as e:
        click.echo(f"错误：{terminal_safe(_click_message(e, group))}", err=True)
        return 2
    except BrokenPipeError:
        return 1
    except OSError as e:  # a file the system would not let us read or write, said in Chinese
        from zhoubao.errors import os_message

        click.echo(f"错误：{terminal_safe(os_message(e))}", err=True)
        return 1
    finally:
        history = sys.modules.get("zhoubao.store.history")
        if history is not None:  # what runs next in this process is not this command
            history.announce([])
    return code if isinstance(code, int) else 0  # click returns an Exit's code without raising


def _printable_anywhere() -> None:
    """Output never crashes on the console's encoding (GBK on a Chinese Windows when redirected,
    a zh_CN.GBK locale): a character it cannot hold is printed as an escape such as \\U0001f600.
    The issue file and the .docx keep every character; only what is printed is replaced.
    """
    for stream in (sys.stdout, sys.stderr):
        if getattr(stream, "errors", None) == "strict" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


def main(group: click.Group) -> None:
    """The console script and `python -m zhoubao`: one command, then the process ends."""
    _printable_anywhere()
    code = run(group)
    # The process ends here. Python's last collection would walk every object the command made
    # (the modules, classes and functions of start-up, the issue read) to free what the system
    # takes back at exit anyway: 7 per cent of an edit's instructions (docs/performance.md).
    # Frozen objects are left out of it; output is flushed and files closed whatever the
    # collector does.
    import gc

    gc.freeze()
    sys.exit(code)
