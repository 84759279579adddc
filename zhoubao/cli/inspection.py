"""The inspection items: inspect."""

from __future__ import annotations

from zhoubao.cli._click import argument, command, option
from zhoubao.cli._common import (
    body_text,
    changed,
    choose_issue,
    complete_items,
    file_option,
    tell,
    text_file_option,
)
from zhoubao.errors import ZhoubaoError


@command("inspect")
@argument("item", required=False, metavar="巡查项", shell_complete=complete_items)
@argument("result", required=False, metavar="结果")
@option("--all-good", is_flag=True, help="把所有未填写的巡查项设为默认结果。")
@option("--finding", "findings", multiple=True, metavar="问题", help="发现的问题（可重复）。")
@option(
    "--window",
    "windows",
    multiple=True,
    metavar="窗口",
    help="问题所在窗口；一个对应全部问题，或与 --finding 一一对应。",
)
@option("--replace", is_flag=True, help="改写已记录的结果或问题（不加时不会覆盖已记录的内容）。")
@option(
    "--remove-finding", "remove", type=int, metavar="序号", help="删去该巡查项记录的第几个问题（zhoubao show 可查看）。"
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
    """填写巡查项：巡查项 [结果]，或 --finding 记录问题，或 --all-good；--remove-finding 序号 删去一个问题。"""
    from zhoubao import edits

    path = choose_issue(file)
    if remove is not None:
        if not item or findings or result is not None or all_good:
            raise ZhoubaoError("--remove-finding 只与巡查项一起使用：如 zhoubao inspect 巡查项名称 --remove-finding 1")
        name, gone = edits.remove_finding(path, item, remove)
        changed(path, f"已删去“{name}”的问题：{gone}")
        return
    if all_good:
        if item or findings:
            raise ZhoubaoError("--all-good 不能与巡查项同时使用：请分开运行")
        filled = edits.all_good(path)
        if filled:
            changed(path, f"已填写 {len(filled)} 项：{'、'.join(filled)}")
        else:
            tell(f"所有巡查项都已填写，未作改动（{path.name}）。")
        return
    if not item:
        raise ZhoubaoError("缺少巡查项：请写明巡查项名称，或用 --all-good")
    if findings:
        if result is not None or text_file:
            raise ZhoubaoError("结果和 --finding 只能给一种：巡查项要么是结果，要么是问题")
        pairs = edits.pair_windows(list(findings), list(windows))
        notes: list[str] = []
        name = edits.add_findings(path, item, pairs, replace=replace, notes=notes)
        changed(path, f"已记录“{name}”的 {len(pairs)} 个问题")
        for note in notes:
            tell(f"提示：{note}")
        return
    if windows:
        raise ZhoubaoError("--window 须与 --finding 一起使用：请补上 --finding")
    body = body_text(result, text_file, "结果") if (result is not None or text_file) else None
    notes = []
    name = edits.inspect(path, item, body, replace=replace, notes=notes)
    changed(path, f"已填写巡查项“{name}”")
    for note in notes:
        tell(f"提示：{note}")
