"""The issue file's history: undo."""

from __future__ import annotations

from zhoubao.cli._click import command, option
from zhoubao.cli._common import (
    changed,
    choose_issue,
    file_option,
)


@command("undo")
@option("--steps", type=int, default=1, show_default=True, metavar="步数", help="撤销几步（最多 5 步）。")
@file_option
def undo_cmd(steps: int, file: str | None) -> None:
    """撤销最近的修改：放回修改前的版本（期刊文件旁的 .bak 各版本）。"""
    from zhoubao import store

    path = choose_issue(file)
    remaining = store.undo(path, steps)
    changed(path, f"已撤销 {steps} 步，还可再撤销 {remaining} 步")
