"""The issue file's history: history, undo, redo."""

from __future__ import annotations

from zhoubao.cli._click import command, option
from zhoubao.cli._common import (
    choose_issue,
    file_option,
    history_notes,
    tell,
)


@command("history")
@file_option
def history_cmd(file: str | None) -> None:
    """列出期刊文件保存的各个版本：时间、修改人、命令、改了什么；标出当前版本和可重做的版本。"""
    from zhoubao.store import history

    path = choose_issue(file)
    journal = history.load(path)
    history.summaries(journal)
    if not journal.versions:
        tell(f"{path.name} 还没有保存的版本：用 zhoubao 修改它之后，每个版本都会保存下来。")
        return
    lines = [f"{path.name} 保存的版本（共 {len(journal.versions)} 个，最多保留 {history.HISTORY} 个；新的在前）："]
    for number in range(len(journal.versions), 0, -1):
        version = journal.versions[number - 1]
        who = f" {version.user}" if version.user else ""
        mark = ""
        if number - 1 == journal.current:
            mark = "  ← 当前"
        elif number - 1 > journal.current:
            mark = "  （已撤销，可用 redo 恢复）"
        lines.append(f"  {number:>2}. {version.time}{who}  {version.command or '—'}：{version.summary}{mark}")
    if journal.current:
        lines.append(f"zhoubao undo 撤销最近一步（{journal.versions[journal.current].said}）")
    print("\n".join(lines), flush=True)


@command("undo")
@option("--steps", type=int, default=1, show_default=True, metavar="步数", help="撤销几步。")
@option(
    "--force",
    is_flag=True,
    help="期刊文件在 zhoubao 上次写入后被改过、或要撤销别人的修改时，仍然撤销（现在的内容先保存为一个版本）。",
)
@file_option
def undo_cmd(steps: int, force: bool, file: str | None) -> None:
    """撤销最近的修改：放回修改前的版本，并说明撤销了什么；撤销的版本可用 redo 恢复。"""
    from zhoubao import store

    path = choose_issue(file)
    undone, _outcome = store.undo(path, steps, force=force)
    for version in undone:
        tell(f"已撤销：{version.said}")
    remaining = store.history.load(path).current
    tell(f"已撤销 {len(undone)} 步，还可再撤销 {remaining} 步，可用 zhoubao redo 恢复（{path.name}）")
    history_notes(path)


@command("redo")
@option("--steps", type=int, default=1, show_default=True, metavar="步数", help="重做几步。")
@file_option
def redo_cmd(steps: int, file: str | None) -> None:
    """重做：把撤销的版本恢复回来（在新的修改之前都可以）。"""
    from zhoubao import store

    path = choose_issue(file)
    redone, _outcome = store.redo(path, steps)
    for version in redone:
        tell(f"已重做：{version.said}")
    left = store.history.load(path).undone
    tell(f"已重做 {len(redone)} 步" + (f"，还可再重做 {left} 步" if left else "") + f"（{path.name}）")
    history_notes(path)
