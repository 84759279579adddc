"""The command line: parse, call the API, print. No business logic lives here.

The framework (Chinese help and messages, the lazy group) is `_click.py`; each command lives in
the module of its group of commands, named in COMMANDS and imported only when that command runs
or the help lists it. `_common.py` holds what the commands share.
"""

from __future__ import annotations

import click

from zhoubao.cli import _click
from zhoubao.cli._click import CONTEXT, Group, version_option

# Command name → "module:function"; the table click's lazy group reads (see _click.Group).
COMMANDS = {
    "new": "zhoubao.cli.issue:new_cmd",
    "set": "zhoubao.cli.issue:set_cmd",
    "show": "zhoubao.cli.issue:show_cmd",
    "entries": "zhoubao.cli.issue:entries_cmd",
    "sections": "zhoubao.cli.issue:sections_cmd",
    "check": "zhoubao.cli.issue:check_cmd",
    "render": "zhoubao.cli.issue:render_cmd",
    "add-news": "zhoubao.cli.entries:add_news_cmd",
    "add-visit": "zhoubao.cli.entries:add_visit_cmd",
    "edit": "zhoubao.cli.entries:edit_cmd",
    "remove": "zhoubao.cli.entries:remove_cmd",
    "move": "zhoubao.cli.entries:move_cmd",
    "paragraph": "zhoubao.cli.entries:paragraph_cmd",
    "collect": "zhoubao.cli.entries:collect_cmd",
    "inspect": "zhoubao.cli.inspection:inspect_cmd",
    "stats": "zhoubao.cli.stats:stats_cmd",
    "import": "zhoubao.cli.archive:import_cmd",
    "summary": "zhoubao.cli.archive:summary_cmd",
    "kinds": "zhoubao.cli.archive:kinds_cmd",
    "history": "zhoubao.cli.history:history_cmd",
    "undo": "zhoubao.cli.history:undo_cmd",
    "redo": "zhoubao.cli.history:redo_cmd",
}


@click.group(cls=Group, lazy=COMMANDS, context_settings=CONTEXT, invoke_without_command=True)
@version_option
@click.pass_context
def cli(ctx: click.Context) -> None:
    """zhoubao：编写工作周报（简报）的命令行工具。

    每期简报是一个 TOML 期刊文件；用下列命令逐条填写，再用 render 生成公文格式的 Word 文件。
    """
    if ctx.invoked_subcommand is None:  # `zhoubao` alone: the help, not an error
        click.echo(ctx.get_help())
        ctx.exit(0)


def run(args: list[str] | None = None) -> int:
    """Run one command and return its exit code; every failure is one Chinese line on stderr."""
    return _click.run(cli, args)


def main() -> None:
    """The console script `zhoubao` and `python -m zhoubao`."""
    _click.main(cli)
