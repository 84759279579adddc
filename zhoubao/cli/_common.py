"""What the commands share: the -f and --text-file options, the parameter types, reading a text
argument, choosing the issue file, and the lines that confirm a change."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from zhoubao.cli._click import option
from zhoubao.errors import ZhoubaoError

if TYPE_CHECKING:
    pass

file_option = option(
    "-f", "--file", "file", metavar="期刊文件", help="期刊文件；默认取 ZHOUBAO_FILE，或当前文件夹中最新的一期。"
)
text_file_option = option(
    "--text-file", metavar="文本文件", help="从文本文件读取正文（UTF-8 或 GBK，记事本保存的都可以）。"
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


def body_text(text: str | None, text_file: str | None, what: str = "正文") -> str:
    """The text typed, or `-` for standard input, or --text-file."""
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


def _complete_names(names_of: str, *args: str):
    """A click shell_complete callback offering names (edits.`names_of`(issue, *args)) from the
    issue file the command would use."""

    def complete(ctx: click.Context, _param: click.Parameter, incomplete: str) -> list[str]:
        from zhoubao import edits, store

        try:
            issue = store.load_issue(store.locate(ctx.params.get("file")))
        except ZhoubaoError:
            return []
        return [name for name in getattr(edits, names_of)(issue, *args) if incomplete in name]

    return complete


# Each command is offered the sections it takes, asked by what they hold (as the command finds them).
complete_news_sections = _complete_names("section_titles", "news")
complete_visit_sections = _complete_names("section_titles", "visit")
complete_entry_sections = _complete_names("section_titles", "news", "visit")  # edit --section, move --to
complete_text_sections = _complete_names("section_titles", "text")
complete_items = _complete_names("item_names")
complete_categories = _complete_names("category_names")


def tell(message: str) -> None:
    """A line for the clerk on stderr, made safe for the terminal (it often names a file)."""
    from zhoubao.errors import terminal_safe

    # print, not click.echo: echo's stream setup imports locale, a measurable share of an edit.
    print(terminal_safe(message), file=sys.stderr, flush=True)


def choose_issue(file: str | None) -> Path:
    """The issue file a command works on; says which one when the folder's newest was taken."""
    from zhoubao import store

    path, note = store.choose(file)
    if note:
        tell(f"提示：{note}")
    announce()
    return path


def announce() -> None:
    """Tell the store's history which command line is running (it records it with each version)."""
    from zhoubao import store
    from zhoubao.cli import _click

    store.announce(_click.ARGS)


def unchanged(path: Path) -> bool:
    """Whether the last change of `path` wrote nothing (it meant what the file already said); says so."""
    from zhoubao import store

    outcome = store.last_outcome(path)
    if outcome is not None and not outcome.wrote:
        tell(f"未作改动：内容与原来相同，没有写入，也不占撤销步数（{path.name}）")
        return True
    return False


def history_notes(path: Path) -> None:
    """What the history has to say about the last change of `path`, one line each."""
    from zhoubao import store

    outcome = store.last_outcome(path)
    for note in outcome.notes if outcome is not None else []:
        tell(f"提示：{note}")


def changed(path: Path, message: str) -> None:
    """Confirm a change, naming the file, with what the history has to say (a hand edit kept,
    undone versions dropped, a group lost); "未作改动" when it wrote nothing. Warn when the file
    already has a successor.

    With ZHOUBAO_FILE still set to last week's issue after `new --from`, an edit would go into
    last week's file: the clerk is told, and told how to switch.
    """
    from zhoubao import store

    if unchanged(path):
        return
    tell(f"{message}（{path.name}）")
    history_notes(path)
    newer = store.successor(path)
    if newer is not None:
        tell(
            f"提示：{path.name} 之后已有新的一期 {newer.name}；如要写入新一期，请用 -f {newer.name}，"
            f"或 export ZHOUBAO_FILE={newer.name}"
        )


# A command that shows its changes and asks first (`import --into`, `collect`), run off a terminal
# without --yes, or answered with anything but y: the changes were shown, nothing was written.
SHOWN_NOT_WRITTEN = 3


def interactive() -> bool:
    """Whether someone at a terminal can answer a question (never in a script or a pipe)."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def confirmed(question: str) -> bool:
    """A y to `question` at a terminal; an empty answer or the end of input is a no."""
    try:
        answer = input(question)
    except EOFError:
        answer = ""
    return answer.strip().lower() in ("y", "yes", "是")


def ask_before_writing(yes: bool, not_written: str, question: str, declined: str) -> None:
    """What was shown is written with --yes or after a y at a terminal; otherwise say so and stop
    with SHOWN_NOT_WRITTEN, nothing written (off a terminal: `not_written`; a no: `declined`)."""
    if yes:
        return
    if not interactive():
        tell(not_written)
        raise click.exceptions.Exit(SHOWN_NOT_WRITTEN)
    if not confirmed(question):
        tell(declined)
        raise click.exceptions.Exit(SHOWN_NOT_WRITTEN)
