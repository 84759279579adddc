"""The command line: parse, call the API, print. No business logic lives here.

Every command is a fresh process, so start-up is part of each command's cost: this module
imports only click and the error type at module level, and each command imports what it uses
(editing commands never import rich, jinja2, python-docx or tomlkit's parse unless needed).
Only the command being run is built: declare commands with `command`, `option` and `argument`
from this module (the same arguments as cli.command, click.option and click.argument), not
with click's decorators, which would build a command's options on every start.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from zhoubao.errors import ZhoubaoError

if TYPE_CHECKING:
    from zhoubao.model import Issue
    from zhoubao.render import RenderOptions

# ----------------------------------------------------------------------------- Chinese click


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

    def write_dl(self, rows: Any, *args: Any, **kwargs: Any) -> None:
        super().write_dl(
            [(term, text.replace("[required]", "[必填]").replace("[default: ", "[默认：")) for term, text in rows],
            *args,
            **kwargs,
        )


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
    """A group whose commands are built (options and all) only when one is looked up.

    Every run starts a new process and runs one command, so making the other commands' click
    objects would be wasted start-up. Commands are declared with `command`, `option` and
    `argument` below: the same as cli.command, click.option and click.argument, applied later.
    """

    command_class = Command

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pending: dict[str, tuple[Callable, dict[str, Any]]] = {}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *self.pending})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.pending:
            callback, settings = self.pending.pop(cmd_name)
            for decorator in callback.__dict__.pop("later", []):
                callback = decorator(callback)
            self.command(cmd_name, **settings)(callback)
        return super().get_command(ctx, cmd_name)


def _later(decorator: Callable) -> Callable:
    """Keep a click decorator on the function, for Group.get_command to apply in the same order."""

    def keep(f: Callable) -> Callable:
        f.__dict__.setdefault("later", []).append(decorator)
        return f

    return keep


def option(*args: Any, **kwargs: Any) -> Callable:
    return _later(click.option(*args, **kwargs))


def argument(*args: Any, **kwargs: Any) -> Callable:
    return _later(click.argument(*args, **kwargs))


click.Context.formatter_class = _Formatter
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _click_message(e: click.ClickException) -> str:
    """One Chinese line for click's own (English) usage errors."""
    ctx = getattr(e, "ctx", None)
    name = ctx.command_path if ctx is not None else "zhoubao"
    hint = f"请运行 {name} --help 查看用法"
    if isinstance(e, click.MissingParameter):
        param = e.param.get_error_hint(e.ctx) if e.param and e.ctx else "参数"
        return f"缺少 {param}：{hint}"
    if isinstance(e, click.NoSuchOption):
        return f"没有选项 {e.option_name}：{hint}"
    if isinstance(e, click.BadParameter):
        param = e.param.get_error_hint(e.ctx) if e.param and e.ctx else "参数"
        return f"{param} 的值无效（{_click_words(e.message)}）：{hint}"
    if isinstance(e, click.UsageError) and "No such command" in e.message:
        import difflib

        quoted = e.message.split("'")
        name = quoted[1] if len(quoted) > 2 else e.message
        near = difflib.get_close_matches(name, cli.list_commands(click.Context(cli)), n=1, cutoff=0.6)
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


def run(args: list[str] | None = None) -> int:
    """Run one command and return its exit code; every failure is one Chinese line on stderr."""
    if (sys.argv[1:] if args is None else args) in (["--version"], ["-V"]):
        # Not a click option: an option on the group is built on every start, and its help text
        # sends gettext looking for translations, a measurable share of an edit command.
        print(_version())
        return 0
    try:
        code = cli.main(args=args, prog_name="zhoubao", standalone_mode=False)
    except ZhoubaoError as e:
        click.echo(f"错误：{e.message}", err=True)
        return 1
    except click.exceptions.Exit as e:
        return e.exit_code
    except (click.Abort, KeyboardInterrupt):
        click.echo("已取消。", err=True)
        return 130
    except click.ClickException as e:
        click.echo(f"错误：{_click_message(e)}", err=True)
        return 2
    except BrokenPipeError:
        return 1
    except OSError as e:  # a file the system would not let us read or write, said in Chinese
        from zhoubao.errors import os_message

        click.echo(f"错误：{os_message(e)}", err=True)
        return 1
    return code if isinstance(code, int) else 0  # click returns an Exit's code without raising


def _printable_anywhere() -> None:
    """Output never crashes on the console's encoding (GBK on a Chinese Windows when redirected,
    a zh_CN.GBK locale): a character it cannot hold is printed as an escape such as \\U0001f600.
    The issue file and the .docx keep every character; only what is printed is replaced.
    """
    for stream in (sys.stdout, sys.stderr):
        if getattr(stream, "errors", None) == "strict" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


def main() -> None:
    _printable_anywhere()
    sys.exit(run())


# ----------------------------------------------------------------------------- helpers

file_option = option(
    "-f", "--file", "file", metavar="PATH", help="期刊文件；默认取 ZHOUBAO_FILE，或当前文件夹中最新的一期。"
)
text_file_option = option(
    "--text-file", metavar="PATH", help="从文本文件读取正文（UTF-8 或 GBK，记事本保存的都可以）。"
)


class _EntryId(click.ParamType):
    """An entry's number as the tool prints it: `6` or `#6`."""

    name = "ID"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        text = str(value).strip().lstrip("#＃")
        if not text.isdigit():
            self.fail(f"“{value}”不是条目编号：请写成 6 或 #6（zhoubao entries 可查看编号）", param, ctx)
        return int(text)


ENTRY_ID = _EntryId()


# One instance serves every path parameter: making a click.Path looks up a translation of its
# name, which stats the locale folders, and the command table is built on every start.
class _PathType(click.ParamType):
    """A path as typed. click.Path would look up translations of its messages when made, which
    sends gettext through the locale folders on every start; the commands check paths themselves."""

    name = "path"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Path:
        return value if isinstance(value, Path) else Path(value)


PATH = _PathType()


def _date(value: str | None, issue_path: Path | None = None) -> dt.date | None:
    """A typed date; a month and day alone (`9月26日`) take the year of the issue's period."""
    from zhoubao.dates import parse_date

    if value is None:
        return None
    digits = sum(ch.isdigit() for ch in value)
    near = _period_of(issue_path) if issue_path is not None and digits <= 4 else None  # no year typed
    return parse_date(value, near)


def _period_of(issue_path: Path) -> tuple[dt.date, dt.date] | None:
    from zhoubao import store

    head = store.load_plain(issue_path).get("issue", {})  # a broken file is told as such, not as a date
    start, end = head.get("period_start"), head.get("period_end")
    return (start, end) if isinstance(start, dt.date) and isinstance(end, dt.date) else None


def _text(text: str | None, text_file: str | None, what: str = "正文") -> str:
    """TEXT, or `-` for standard input, or --text-file."""
    if text_file is not None:
        if text is not None:
            raise ZhoubaoError(f"{what}和 --text-file 只能给一个：请删去其中之一")
        from zhoubao.textfiles import read_text

        return read_text(text_file, "文本文件").strip("\n")
    if text is None:
        raise ZhoubaoError(f"缺少{what}：请在命令末尾写上{what}，或用 - 从标准输入读取，或用 --text-file")
    if text == "-":
        from zhoubao.safefiles import TEXT_FILE_LIMIT, read_stdin
        from zhoubao.textfiles import decode_text

        return decode_text(read_stdin(TEXT_FILE_LIMIT), "标准输入").strip("\n")  # at most the cap, never all of it
    return text


def _complete_names(names_of: Callable[[Issue], list[str]]):
    """A click shell_complete callback offering names from the issue file the command would use."""

    def complete(ctx: click.Context, _param: click.Parameter, incomplete: str) -> list[str]:
        from zhoubao import store

        try:
            issue = store.load_issue(store.locate(ctx.params.get("file")))
        except ZhoubaoError:
            return []
        return [name for name in names_of(issue) if incomplete in name]

    return complete


complete_sections = _complete_names(
    lambda issue: [s.title for s in issue.all_sections() if s.HOLDS in ("news", "visit", "text") and not s.subs]
)
complete_items = _complete_names(lambda issue: [it.name for s in issue.all_sections() for it in s.items])
complete_categories = _complete_names(lambda issue: [c.name for s in issue.all_sections() for c in s.categories])


def _done(message: str) -> None:
    # print, not click.echo: echo's stream setup imports locale, a measurable share of an edit.
    print(message, file=sys.stderr, flush=True)


def _issue_path(file: str | None) -> Path:
    """The issue file a command works on; says which one when the folder's newest was taken."""
    from zhoubao import store

    path, note = store.choose(file)
    if note:
        _done(f"提示：{note}")
    return path


def _changed(path: Path, message: str) -> None:
    """Confirm a change, naming the file; warn when the file already has a successor.

    With ZHOUBAO_FILE still set to last week's issue after `new --from`, an edit would go into
    last week's file: the clerk is told, and told how to switch.
    """
    from zhoubao import store

    _done(f"{message}（{path.name}）")
    newer = store.successor(path)
    if newer is not None:
        _done(
            f"提示：{path.name} 之后已有新的一期 {newer.name}；如要写入新一期，请用 -f {newer.name}，"
            f"或 export ZHOUBAO_FILE={newer.name}"
        )


# ----------------------------------------------------------------------------- commands


@click.group(cls=Group, context_settings=CONTEXT, invoke_without_command=True)
@click.pass_context
def cli(ctx: click.Context) -> None:
    """zhoubao：编写工作周报（简报）的命令行工具。

    每期简报是一个 TOML 期刊文件；用下列命令逐条填写，再用 render 生成公文格式的 Word 文件。
    zhoubao --version 显示版本。
    """
    if ctx.invoked_subcommand is None:  # `zhoubao` alone: the help, not an error
        click.echo(ctx.get_help())
        ctx.exit(0)


def command(name: str, **settings: Any) -> Callable:
    """cli.command(name), made when the command is first looked up (see Group)."""

    def register(f: Callable) -> Callable:
        cli.pending[name] = (f, settings)
        return f

    return register


@command("new")
@argument("path", type=PATH)
@option("--kind", help="简报种类；默认取标为 default 的种类（zhoubao kinds 可列出）。")
@option("--number", type=int, help="期号（第N期）。")
@option("--total", type=int, help="总期号（总第N期）。")
@option("--year", type=int, help="年份；默认取本期起始日期的年份。")
@option("--date", "date_text", metavar="YYYY-MM-DD", help="印发日期；默认今天。")
@option(
    "--period",
    metavar="YYYY-MM-DD..YYYY-MM-DD",
    help="本期期间；默认周报为印发日期所在周的周一至周五，月报为此前最近一个整月，季报为此前最近一个整季度。",
)
@option(
    "--from",
    "previous",
    type=PATH,
    metavar="PREVIOUS.toml",
    help="从上一期滚动生成：期号加一，周报到下一个工作周，月报到下个月，季报到下个季度。",
)
@option("--supplement", is_flag=True, help="增刊：单独编号；不给 --number 时接着本文件夹里同年增刊的期号。")
@option("--force", is_flag=True, help="覆盖已有文件。")
def new_cmd(
    path: Path,
    kind: str | None,
    number: int | None,
    total: int | None,
    year: int | None,
    date_text: str | None,
    period: str | None,
    previous: Path | None,
    supplement: bool,
    force: bool,
) -> None:
    """新建一期简报的期刊文件。"""
    from zhoubao import edits
    from zhoubao.dates import parse_period

    if path.suffix.lower() != ".toml":
        path = path.with_name(path.name + ".toml")  # `new 2022-35` makes 2022-35.toml, which commands find

    if previous is not None and supplement:
        raise ZhoubaoError("--from 和 --supplement 不能同时使用：增刊请用 --supplement 单独新建")
    if previous is not None:
        from zhoubao import rollover

        issue, notes = rollover.new_from(
            path,
            previous,
            number=number,
            total=total,
            year=year,
            date=_date(date_text),
            period=parse_period(period) if period else None,
            force=force,
        )
        for note in notes:
            _done(f"提示：{note}")
    else:
        date = _date(date_text) or dt.date.today()
        if supplement:
            number = number or edits.next_supplement_number(path.parent, (year or date.year))
            total = total or 0
        missing = " 和 ".join(flag for flag, value in (("--number", number), ("--total", total)) if value is None)
        if missing or number is None or total is None:
            raise ZhoubaoError(f"缺少 {missing}：新建第一期时须给出期号和总期号，或用 --from 上一期文件")
        span = parse_period(period) if period else None  # else the kind's cadence decides
        from zhoubao.kinds import default_kind

        kind = kind or default_kind(path.parent)
        issue = edits.new_issue(
            path,
            kind,
            number=number,
            total=total,
            date=date,
            period=span,
            year=year,
            supplement=supplement,
            force=force,
        )
    _done(
        f"已新建 {path}：{issue.name} {issue.full_label}，期间 {issue.period_start} 至 {issue.period_end}，"
        f"印发日期 {issue.date}"
    )
    current = os.environ.get("ZHOUBAO_FILE")
    if current and Path(current).resolve() != path.resolve():
        _done(
            f"提示：ZHOUBAO_FILE 仍指向 {current}；要在新一期上继续，请运行 export ZHOUBAO_FILE={path}"
            f'（PowerShell：$env:ZHOUBAO_FILE="{path}"），或在命令后加 -f {path}'
        )


@command("add-news")
@option(
    "--section", required=True, metavar="NAME", help="栏目名称或其中独有的一部分。", shell_complete=complete_sections
)
@option("--date", "date_text", metavar="YYYY-MM-DD", help="日期；正文前会加“9月26日，”。")
@argument("text", required=False)
@text_file_option
@file_option
def add_news_cmd(
    section: str, date_text: str | None, text: str | None, text_file: str | None, file: str | None
) -> None:
    """添加一条工作动态。TEXT 为 - 时从标准输入读取。"""
    from zhoubao import edits

    body = _text(text, text_file)
    path = _issue_path(file)
    entry_id = edits.add_news(path, section, body, _date(date_text, path))
    _changed(path, f"已添加条目 #{entry_id}")


@command("add-visit")
@option("--date", "date_text", required=True, metavar="YYYY-MM-DD", help="来访日期。")
@option("--unit", required=True, help="来访领导的单位。")
@option("--post", required=True, help="职务，如 二级巡视员、主任。")
@option("--name", required=True, help="姓名。")
@option("--section", metavar="NAME", help="来访栏目；只有一个时可省略。")
@argument("text", required=False)
@text_file_option
@file_option
def add_visit_cmd(
    date_text: str,
    unit: str,
    post: str,
    name: str,
    section: str | None,
    text: str | None,
    text_file: str | None,
    file: str | None,
) -> None:
    """添加一条领导来访：日期、单位、职务、姓名和正文。"""
    from zhoubao import edits

    body = _text(text, text_file)
    path = _issue_path(file)
    date = _date(date_text, path)
    assert date is not None  # --date is required
    entry_id = edits.add_visit(path, date, unit, post, name, body, section)
    _changed(path, f"已添加来访 #{entry_id}")


@command("inspect")
@argument("item", required=False, shell_complete=complete_items)
@argument("result", required=False)
@option("--all-good", is_flag=True, help="把所有未填写的巡查项设为默认结果。")
@option("--finding", "findings", multiple=True, metavar="TEXT", help="发现的问题（可重复）。")
@option(
    "--window",
    "windows",
    multiple=True,
    metavar="NAME",
    help="问题所在窗口；一个对应全部问题，或与 --finding 一一对应。",
)
@option("--replace", is_flag=True, help="改写已记录的结果或问题（不加时不会覆盖已记录的内容）。")
@option(
    "--remove-finding", "remove", type=int, metavar="N", help="删去该巡查项记录的第 N 个问题（zhoubao show 可查看）。"
)
@text_file_option
@file_option
def inspect_cmd(
    item: str | None,
    result: str | None,
    all_good: bool,
    findings: tuple[str, ...],
    windows: tuple[str, ...],
    replace: bool,
    remove: int | None,
    text_file: str | None,
    file: str | None,
) -> None:
    """填写巡查项：ITEM [RESULT]，或 --finding 记录问题，或 --all-good；--remove-finding N 删去一个问题。"""
    from zhoubao import edits

    path = _issue_path(file)
    if remove is not None:
        if not item or findings or result is not None or all_good:
            raise ZhoubaoError("--remove-finding 只与巡查项一起使用：如 zhoubao inspect 巡查项名称 --remove-finding 1")
        name, gone = edits.remove_finding(path, item, remove)
        _changed(path, f"已删去“{name}”的问题：{gone}")
        return
    if all_good:
        if item or findings:
            raise ZhoubaoError("--all-good 不能与巡查项同时使用：请分开运行")
        filled = edits.all_good(path)
        if filled:
            _changed(path, f"已填写 {len(filled)} 项：{'、'.join(filled)}")
        else:
            _done(f"所有巡查项都已填写，未作改动（{path.name}）。")
        return
    if not item:
        raise ZhoubaoError("缺少巡查项：请写明巡查项名称，或用 --all-good")
    if findings:
        if result is not None or text_file:
            raise ZhoubaoError("结果和 --finding 只能给一种：巡查项要么是结果，要么是问题")
        if len(windows) not in (0, 1, len(findings)):
            raise ZhoubaoError("--window 的个数应为 1 个或与 --finding 相同：请改正")
        pairs = [
            (text, windows[0] if len(windows) == 1 else (windows[i] if windows else ""))
            for i, text in enumerate(findings)
        ]
        name = edits.add_findings(path, item, pairs, replace=replace)
        _changed(path, f"已记录“{name}”的 {len(pairs)} 个问题")
        return
    if windows:
        raise ZhoubaoError("--window 须与 --finding 一起使用：请补上 --finding")
    body = _text(result, text_file, "结果") if (result is not None or text_file) else None
    name = edits.inspect(path, item, body, replace=replace)
    _changed(path, f"已填写巡查项“{name}”")


@command("stats")
@argument("category", required=False, shell_complete=complete_categories)
@option("--accepted", metavar="N", help='受理数（种类中 flag = "accepted" 的列）。')
@option("--completed", metavar="N", help='办结数（种类中 flag = "completed" 的列）。')
@option(
    "--value", "values", multiple=True, metavar="COLUMN=NUMBER", help="任一统计列，列名可写独有的一部分（可重复）。"
)
@option("--as-of", "as_of", metavar="YYYY-MM-DD", help="统计截止日期；默认本期截止日期。")
@option(
    "--since",
    metavar="YYYY-MM-DD",
    help='统计起始日期；默认截止日期当年的1月1日（种类写 count_from = "period" 的只计本期，默认本期起始日）。',
)
@option("--csv", "csv_path", type=PATH, metavar="FILE", help="从 CSV 表一次设置多个类别：表头为 类别 和各列名。")
@option(
    "--table",
    "table_path",
    type=PATH,
    metavar="FILE",
    help="从平台导出的明细表（CSV：单位,列名1,列名2…）设置排名用的明细，整表替换。",
)
@option("--section", metavar="NAME", help="统计栏目名称（本期有多个统计栏目时指明）。")
@option(
    "--label",
    "labels",
    multiple=True,
    metavar="COLUMN=措辞",
    help="这个类别对某列的说法，如 办结=累计办结（句中印作“累计办结51546件”）；写 办结= 恢复默认。",
)
@file_option
def stats_cmd(
    category: str | None,
    accepted: str | None,
    completed: str | None,
    values: tuple[str, ...],
    as_of: str | None,
    since: str | None,
    csv_path: Path | None,
    table_path: Path | None,
    section: str | None,
    labels: tuple[str, ...],
    file: str | None,
) -> None:
    """填写统计数字：CATEGORY --accepted N --completed N，或 --csv FILE；--table FILE 填明细表；--label 设措辞。

    --value 上期受理=N、--value 去年同期受理=N（CSV 表头同样写法）填环比、同比的基数，只在找不到上一期或
    去年同期的期刊文件时需要。"""
    from zhoubao import edits

    path = _issue_path(file)
    if table_path is not None:
        if category or accepted or completed or values or csv_path is not None or labels:
            raise ZhoubaoError("--table 不能与类别、数字或 --csv 同时使用：请分开运行")
        title, count = edits.fill_rows(path, edits.read_stats_csv(table_path, first=None), section)
        _changed(path, f"已填写栏目“{title}”的明细表：{count} 行")
        return
    if labels:
        if not category or csv_path is not None:
            raise ZhoubaoError("--label 要跟在一个统计类别后：如 zhoubao stats 类别名 --label 办结=累计办结")
        wording = {}
        for pair in labels:
            column, sep, word = pair.partition("=")
            if not sep or not column.strip():
                raise ZhoubaoError(f"--label “{pair}”格式不对：应写成 列名=措辞，如 办结=累计办结")
            wording[column.strip()] = word.strip()
        name, said = edits.set_labels(path, category, wording, section)
        _changed(path, f"已设定“{name}”的措辞：{said}")
        if not (accepted or completed or values):
            return
    dates = {"as_of": _date(as_of, path), "since": _date(since, path)}
    if csv_path is not None:
        if category or accepted or completed or values:
            raise ZhoubaoError("--csv 不能与类别或数字同时使用：请分开运行")
        _stats_done(path, edits.fill_stats(path, edits.read_stats_csv(csv_path), section=section, **dates))
        return
    if not category:
        raise ZhoubaoError("缺少统计类别：请写明类别，如 zhoubao stats 类别名 --accepted 1 --completed 1")
    figures: dict[str, str] = {}
    for flag, text in (("accepted", accepted), ("completed", completed)):
        if text is not None:
            figures[edits.FLAG_KEY_PREFIX + flag] = text
    for pair in values:
        column, sep, text = pair.partition("=")
        if not sep or not column.strip():
            raise ZhoubaoError(f"--value “{pair}”格式不对：应写成 列名=数字，如 金额=3.45")
        if column.strip() in figures:  # the last one would win without a word
            raise ZhoubaoError(f"--value 给了两次“{column.strip()}”：一个数字只能给一次，请删去其中一个")
        figures[column.strip()] = text
    _stats_done(path, edits.fill_stats(path, {category: figures}, section=section, **dates))


def _stats_done(path: Path, done: dict[str, list[tuple[str, str]]]) -> None:
    """What stats stored, category by category, and where: 已填写 <类别>：受理 644608，办结 636146（文件 …）."""
    for name, figures in done.items():
        _done(f"已填写 {name}：{'，'.join(f'{column} {figure}' for column, figure in figures)}（文件 {path.name}）")


@command("show")
@option("--json", "as_json", is_flag=True, help="以 JSON 输出整期内容。")
@file_option
def show_cmd(as_json: bool, file: str | None) -> None:
    """显示本期内容。"""
    from zhoubao import show, store

    path = _issue_path(file)
    plain = store.load_plain(path)
    if as_json:
        click.echo(_json_for_stdout(show.as_json(plain)))
    else:
        from zhoubao.model import Issue

        issue = Issue.from_dict(plain)
        previous, note = store.load_previous(path, issue)
        show.print_issue(issue, previous)
        if note:
            _done(f"提示：{note}")


def _json_for_stdout(text: str) -> str:
    """JSON the output encoding can hold: a character it cannot is written as a JSON escape
    (😀 → \\ud83d\\ude00), so the JSON stays exact and valid under GBK too."""
    import json
    import re

    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"

    def fits(chars: str) -> bool:
        try:
            chars.encode(encoding)
        except (UnicodeError, LookupError):
            return False
        return True

    if encoding.lower().replace("_", "-").startswith("utf-") or fits(text):
        return text
    return re.sub(r"[^\x00-\x7f]", lambda m: m.group() if fits(m.group()) else json.dumps(m.group())[1:-1], text)


@command("entries")
@file_option
def entries_cmd(file: str | None) -> None:
    """列出各条目及其编号（用于 edit、remove、move）。"""
    from zhoubao import show, store

    show.print_entries(store.load_issue(_issue_path(file)))


@command("undo")
@option("--steps", type=int, default=1, show_default=True, metavar="N", help="撤销几步（最多 5 步）。")
@file_option
def undo_cmd(steps: int, file: str | None) -> None:
    """撤销最近的修改：放回修改前的版本（期刊文件旁的 .bak 各版本）。"""
    from zhoubao import store

    path = _issue_path(file)
    remaining = store.undo(path, steps)
    _changed(path, f"已撤销 {steps} 步，还可再撤销 {remaining} 步")


@command("sections")
@file_option
def sections_cmd(file: str | None) -> None:
    """列出本期的栏目（及填写它们的命令）、巡查项和统计类别。"""
    from zhoubao import show, store

    show.print_outline(store.load_issue(_issue_path(file)))


@command("edit")
@argument("entry_id", type=ENTRY_ID, metavar="ID")
@argument("text", required=False)
@option("--date", "date_text", metavar="YYYY-MM-DD", help="新日期。")
@option("--unit", help="新单位（来访）。")
@option("--post", help="新职务（来访）。")
@option("--name", help="新姓名（来访）。")
@option("--replace", "replace", nargs=2, metavar="旧 新", help="只改正文中的几个字：把“旧”替换为“新”，不必重打整段。")
@option("--section", metavar="NAME", help="移到另一个栏目（同类栏目之间），编号和内容不变。")
@text_file_option
@file_option
def edit_cmd(
    entry_id: int,
    text: str | None,
    date_text: str | None,
    unit: str | None,
    post: str | None,
    name: str | None,
    replace: tuple[str, str] | None,
    section: str | None,
    text_file: str | None,
    file: str | None,
) -> None:
    """修改编号为 ID 的条目：新正文、--replace 旧 新、--date 等，或 --section 移到另一个栏目。"""
    from zhoubao import edits

    if replace or section:
        if text is not None or text_file or date_text or unit or post or name or (replace and section):
            raise ZhoubaoError("--replace 或 --section 要单独使用，不能再给新正文、--date 等：请分开运行")
        path = _issue_path(file)
        if replace:
            count = edits.replace_in_entry(path, entry_id, replace[0], replace[1])
            _changed(path, f"已把条目 #{entry_id} 中的“{replace[0]}”改为“{replace[1]}”（{count} 处）")
        else:
            title = edits.move_entry_to(path, entry_id, section or "")
            _changed(path, f"已把条目 #{entry_id} 移到栏目“{title}”")
        return

    body = _text(text, text_file) if (text is not None or text_file) else None
    path = _issue_path(file)
    edits.edit_entry(path, entry_id, text=body, date=_date(date_text, path), unit=unit, post=post, name=name)
    _changed(path, f"已修改条目 #{entry_id}")


@command("remove")
@argument("entry_id", type=ENTRY_ID, metavar="ID")
@file_option
def remove_cmd(entry_id: int, file: str | None) -> None:
    """删除编号为 ID 的条目。"""
    from zhoubao import edits

    path = _issue_path(file)
    edits.remove_entry(path, entry_id)
    _changed(path, f"已删除条目 #{entry_id}")


@command("move")
@argument("entry_id", type=ENTRY_ID, metavar="ID")
@argument("position", type=int, required=False)
@option("--to", "to", metavar="NAME", help="移到另一个栏目（同类栏目之间）；可同时给出位置。")
@file_option
def move_cmd(entry_id: int, position: int | None, to: str | None, file: str | None) -> None:
    """把条目 ID 移到所在栏目的第 POSITION 位，或用 --to 移到另一个栏目。"""
    from zhoubao import edits

    path = _issue_path(file)
    if to is not None:
        title = edits.move_entry_to(path, entry_id, to, position)
        _changed(path, f"已把条目 #{entry_id} 移到栏目“{title}”" + (f"第 {position} 位" if position else ""))
        return
    if position is None:
        raise ZhoubaoError("缺少位置：如 zhoubao move 6 1，或用 --to 栏目名 移到另一个栏目")
    edits.move_entry(path, entry_id, position)
    _changed(path, f"已把条目 #{entry_id} 移到第 {position} 位")


def _field_value(field: str, text: str) -> Any:
    from zhoubao.dates import parse_date, parse_period

    parsers: dict[str, Callable[[str], Any]] = {
        "date": parse_date,
        "period": parse_period,
        "number": lambda t: _positive(t, "期号"),
        "total": lambda t: _positive(t, "总期号"),
        "year": lambda t: _positive(t, "年份"),
        "copies": lambda t: _positive(t, "印数"),
    }
    return parsers[field](text) if field in parsers else text


def _positive(text: str, what: str, minimum: int = 1) -> int:
    if not text.strip().isdigit() or int(text) < minimum:
        raise ZhoubaoError(f"{what}“{text}”不是{'非负' if minimum == 0 else '正'}整数：请改正")
    return int(text)


def _complete_fields(ctx: click.Context, _param: click.Parameter, incomplete: str) -> list[str]:
    from zhoubao import edits, store

    names = list(edits.FIELD_NAMES)
    try:
        names += [line.label for line in store.load_issue(store.locate(ctx.params.get("file"))).distribution]
    except ZhoubaoError:
        pass
    return [name for name in names if incomplete in name]


@command("set", context_settings={"ignore_unknown_options": True})
@argument("field", shell_complete=_complete_fields)
@argument("value")
@file_option
def set_cmd(field: str, value: str, file: str | None) -> None:
    """修改期头或分送：印发日期、期号、总期号、年份、期间、简报名称、编发单位、版头标记、印数，或 报/送/发。

    也可写英文键名：date、number、total、year、period、name、unit、mark、copies。
    """
    from zhoubao import edits

    field = edits.field_key(field)
    path = _issue_path(file)
    label = edits.set_field(path, field, _field_value(field, value))
    _changed(path, f"已修改{label}")


def _render_batch(paths: list[Path], outdir: Path, options: RenderOptions) -> tuple[list, Path | None]:
    """Render many issues in this process; a progress bar on a terminal, nothing when piped.
    Returns the results and, for web pages, the index.html made beside them."""
    from zhoubao import render

    def run(progress: Callable | None) -> tuple[list, Path | None]:
        if options.html:
            site = render.render_site(paths, outdir, options, progress=progress)
            return site.pages, site.index
        return render.render_many(paths, outdir, options, progress=progress), None

    if not sys.stderr.isatty():
        return run(None)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("生成中"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("render", total=len(paths))
        return run(lambda _result: progress.advance(task))


@command("check")
@file_option
def check_cmd(file: str | None) -> None:
    """检查本期是否可以送审：错误（退出码 1）和警告。"""
    from zhoubao.check import ERROR, check_path

    problems = check_path(_issue_path(file))
    for problem in problems:
        click.echo(str(problem))
    errors = sum(p.level == ERROR for p in problems)
    warnings = len(problems) - errors
    if errors:
        _done(f"检查未通过：{errors} 个错误，{warnings} 个警告。")
        raise click.exceptions.Exit(1)
    _done(f"检查通过：{warnings} 个警告。" if warnings else "检查通过。")


@command("render")
@argument("issues", nargs=-1, type=PATH)
@option(
    "-o",
    "--output",
    type=PATH,
    metavar="OUT.docx",
    help="输出的 Word 文件（加 --html 时为 .html 网页）；默认放在期刊文件旁，按简报名称、年份和期号命名。",
)
@option("-d", "--outdir", type=PATH, metavar="DIR", help="批量生成时的输出文件夹。")
@option("--pdf", is_flag=True, help="同时生成 PDF 预览：Windows 上装有 Microsoft Word 时用 Word，否则用 LibreOffice。")
@option(
    "--pdf-with",
    "pdf_with",
    type=click.Choice(["auto", "word", "libreoffice"]),
    help="PDF 用什么生成（给出即生成 PDF）：auto（默认）、word（Word 自己的排版）或 libreoffice。",
)
@option("--draft", is_flag=True, help="送审稿：首页右上角标“送审稿”；检查未通过的一期也可生成。")
@option("--force", is_flag=True, help="检查未通过（缺数字、巡查项未填等）也照样生成定稿。")
@option(
    "--html",
    is_flag=True,
    help="生成网页（.html）而不是 Word 文件：可发布到网站、粘贴进公众号编辑器；批量时另生成目录页 index.html。",
)
@option("--with-distribution", "distribution", is_flag=True, help="网页也印出版记（报、送、发和印数）；默认不印。")
@option(
    "--fonts",
    metavar="字体集",
    help="字体集：标准（仿宋_GB2312 等公文字体，默认）或 系统（Windows 和 WPS 自带的仿宋、楷体、黑体）。",
)
@file_option
def render_cmd(
    issues: tuple[Path, ...],
    output: Path | None,
    outdir: Path | None,
    pdf: bool,
    pdf_with: str | None,
    draft: bool,
    force: bool,
    html: bool,
    distribution: bool,
    fonts: str | None,
    file: str | None,
) -> None:
    """生成公文格式的 Word 文件，或用 --html 生成网页；给出多个期刊文件和 -d 时批量生成（文件夹不存在时自动创建）。

    定稿要先通过 zhoubao check；还在填写时用 --draft 生成送审稿。
    """
    from zhoubao import render

    if issues:
        if file:
            raise ZhoubaoError("期刊文件和 -f 只能给一种：批量生成时把文件都写在命令后")
        if output and len(issues) > 1:
            raise ZhoubaoError("多个期刊文件不能共用 -o：请用 -d 指定输出文件夹")
        if len(issues) > 1 and outdir is None:
            raise ZhoubaoError("批量生成需要 -d 输出文件夹：如 zhoubao render *.toml -d 输出")
    paths = list(issues) or [_issue_path(file)]
    options = render.RenderOptions(
        draft=draft,
        force=force,
        html=html,
        distribution=distribution,
        pdf=pdf or bool(pdf_with),
        pdf_with=pdf_with or "auto",
        fonts=fonts,
    )
    if outdir is not None:
        if output:
            raise ZhoubaoError("-o 和 -d 只能给一个：单个文件用 -o，批量用 -d")
        results, index = _render_batch(paths, outdir, options)
    else:
        index = None
        results = [render.render_issue(paths[0], output, options)]
    for result in results:
        for warning in result.warnings:
            _done(f"提示：{warning}")
        made = f"{result.out}" + (f" 和 {result.pdf}" if result.pdf else "")
        _done(f"已生成 {made}")
    if index is not None:
        _done(f"已生成目录页 {index}（共 {len(results)} 期，新的在前）")


@command("import")
@argument("docx", type=PATH, metavar="OLD.docx")
@option(
    "-o",
    "--output",
    type=PATH,
    metavar="ISSUE.toml",
    help="写入的期刊文件；默认与 Word 文件同名（.toml），放在它旁边。",
)
@option("--kind", help="简报种类；默认按版头的简报名称选择，否则取标为 default 的种类。")
@option("--force", is_flag=True, help="覆盖已有的期刊文件。")
@option(
    "--into",
    type=PATH,
    metavar="ISSUE.toml",
    help="批改稿回填：把领导改定的 Word 文件中的改动写回生成它的期刊文件（先显示改动，确认后写入）。",
)
@option("--accept-changes", is_flag=True, help="与 --into 同用：文件中有未处理的修订时，按修订后的文字回填。")
@option("--reject-changes", is_flag=True, help="与 --into 同用：文件中有未处理的修订时，按修订前的原文回填。")
@option("-y", "--yes", is_flag=True, help="与 --into 同用：不询问，直接回填（供脚本使用）。")
def import_cmd(
    docx: Path,
    output: Path | None,
    kind: str | None,
    force: bool,
    into: Path | None,
    accept_changes: bool,
    reject_changes: bool,
    yes: bool,
) -> None:
    """把一期简报的 Word 文件（.docx）导入为期刊文件；加 --into 时把批改稿的改动回填到原期刊文件。"""
    if into is not None:
        if output is not None or kind is not None or force:
            raise click.UsageError("--into 不能与 -o、--kind、--force 同用：回填写入的就是 --into 给出的期刊文件")
        _approved_into(docx, into, accept_changes, reject_changes, yes)
        return
    if accept_changes or reject_changes or yes:
        raise click.UsageError(
            "--accept-changes、--reject-changes 和 --yes 只用于批改稿回填：请同时给出 --into 期刊.toml"
        )
    from zhoubao.importing import import_file

    result, out = import_file(docx, output, kind, force=force)
    for line in result.report:
        _done(f"提示：{line}")
    issue = result.issue
    tail = f"；有 {len(result.report)} 条提示，请核对" if result.report else ""
    _done(f"已导入 {docx.name} → {out}：{issue.name} {issue.full_label}（种类 {issue.kind}）{tail}")


# `import --into` off a terminal without --yes: the changes were shown, nothing was written.
SHOWN_NOT_WRITTEN = 3


def _interactive() -> bool:
    """Whether someone at a terminal can answer a question (never in a script or a pipe)."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def _approved_into(docx: Path, into: Path, accept: bool, reject: bool, yes: bool) -> None:
    """Show what the approved file changes in the issue; write it with --yes or on confirmation."""
    from rich.console import Console

    from zhoubao.importing import approval

    if accept and reject:
        raise click.UsageError("--accept-changes 和 --reject-changes 只能给一个")
    revisions = approval.ACCEPT if accept else approval.REJECT if reject else None
    plan = approval.plan_import(docx, into, revisions)
    Console(highlight=False).print(approval.diff_view(plan))
    if plan.empty:
        if plan.problems:
            _done(f"{docx.name} 中没有能回填的改动，{len(plan.problems)} 处未能回填，见上方列表：{into.name} 未改动。")
        else:
            _done(f"{docx.name} 与 {into.name} 一致：没有要回填的改动，文件未改动。")
        return
    if not yes:
        if not _interactive():
            _done(f"以上是 {docx.name} 中的 {plan.count} 处改动，未回填：确认无误后加 --yes 再运行一次。")
            raise click.exceptions.Exit(SHOWN_NOT_WRITTEN)
        try:
            answer = input(f"把以上 {plan.count} 处改动回填到 {into.name}？输入 y 回填，直接回车不回填 [y/N]：")
        except EOFError:
            answer = ""
        if answer.strip().lower() not in ("y", "yes", "是"):
            _done(f"未回填，{into.name} 未改动。")
            raise click.exceptions.Exit(SHOWN_NOT_WRITTEN)
    approval.apply_plan(plan)
    left = f"；{len(plan.problems)} 处未能回填，见上方列表" if plan.problems else ""
    _changed(into, f"已把 {docx.name} 中的 {plan.count} 处改动回填{left}，上一版保存为 {into.name}.bak")


@command("summary")
@argument("issues", nargs=-1, type=PATH, metavar="ISSUE.toml...")
@option(
    "--csv",
    "csv_path",
    type=PATH,
    metavar="OUT.csv",
    help="同时把汇总写入一个 CSV 文件（UTF-8 带 BOM，Excel 可直接打开）。",
)
@option(
    "--chart",
    "chart_path",
    type=PATH,
    metavar="OUT.png",
    help="同时画一张全年概览图（.png 或 .svg）：统计数据逐周新增的折线，来访和巡查问题的条形图。需要 pip install 'zhoubao[chart]'。",
)
def summary_cmd(issues: tuple[Path, ...], csv_path: Path | None, chart_path: Path | None) -> None:
    """汇总多期简报：各单位和领导来访次数、巡查发现的问题、统计数据逐周累计与本周新增。"""
    from zhoubao import summary

    summary.summary_command(list(issues), csv_path, chart_path)
    written = "、".join(str(p) for p in (csv_path, chart_path) if p)
    _done(f"已汇总 {len(issues)} 期" + (f"，并写入 {written}" if written else "") + "。")


@command("paragraph")
@argument("section", shell_complete=complete_sections)
@argument("text", required=False)
@text_file_option
@file_option
def paragraph_cmd(section: str, text: str | None, text_file: str | None, file: str | None) -> None:
    """填写段落栏目的正文（zhoubao sections 列出本期的段落栏目）；空行分段。"""
    from zhoubao import edits

    path = _issue_path(file)
    title = edits.set_paragraph(path, section, _text(text, text_file))
    _changed(path, f"已填写“{title}”")


@command("kinds")
@option("--check", "check_dir", type=PATH, metavar="DIR", help="检查一个简报种类文件夹。")
@file_option
def kinds_cmd(check_dir: Path | None, file: str | None) -> None:
    """列出可用的简报种类。"""
    from zhoubao import kinds

    if check_dir is not None:
        from zhoubao.kindcheck import check_kind

        problems = check_kind(check_dir)
        for problem in problems:
            click.echo(f"错误  {problem}")
        if problems:
            _done(f"种类 {check_dir.name} 有 {len(problems)} 处错误。")
            raise click.exceptions.Exit(1)
        _done(f"种类 {check_dir.name} 检查通过。")
        return
    issue_dir = Path(file).parent if file else Path.cwd()
    for ref in kinds.list_kinds(issue_dir):
        click.echo(f"{ref.name}\t{ref.source}\t{ref.path}")
