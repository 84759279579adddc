"""The entries of a section: add-news, add-visit, edit, remove, move; a paragraph section's text;
collect, the windows' submissions in a folder made entries."""

from __future__ import annotations

from pathlib import Path

from zhoubao.cli._click import argument, command, option
from zhoubao.cli._common import (
    ENTRY_ID,
    PATH,
    ask_before_writing,
    body_text,
    changed,
    choose_issue,
    complete_entry_sections,
    complete_news_sections,
    complete_text_sections,
    complete_visit_sections,
    file_option,
    tell,
    text_file_option,
)
from zhoubao.errors import ZhoubaoError


@command("add-news")
@option(
    "--section",
    required=True,
    metavar="栏目",
    help="栏目名称或其中独有的一部分。",
    shell_complete=complete_news_sections,
)
@option("--date", "date_text", metavar="日期", help="日期；正文前会加“9月26日，”。")
@argument("text", required=False, metavar="正文")
@text_file_option
@file_option
def add_news_cmd(
    section: str, date_text: str | None, text: str | None, text_file: str | None, file: str | None
) -> None:
    """添加一条工作动态。正文为 - 时从标准输入读取；每一行是一段。"""
    from zhoubao import edits

    body = body_text(text, text_file)
    path = choose_issue(file)
    notes: list[str] = []
    entry_id = edits.add_news(path, section, body, edits.typed_date(date_text, path), notes)
    changed(path, f"已添加条目 #{entry_id}")
    for note in notes:
        tell(f"提示：{note}")


@command("add-visit")
@option("--date", "date_text", required=True, metavar="日期", help="来访日期。")
@option("--unit", required=True, metavar="单位", help="来访领导的单位。")
@option("--post", required=True, metavar="职务", help="职务，如 二级巡视员、主任。")
@option("--name", required=True, metavar="姓名", help="姓名。")
@option("--section", metavar="栏目", help="来访栏目；只有一个时可省略。", shell_complete=complete_visit_sections)
@argument("text", required=False, metavar="正文")
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

    body = body_text(text, text_file)
    path = choose_issue(file)
    date = edits.typed_date(date_text, path)
    assert date is not None  # --date is required
    notes: list[str] = []
    entry_id = edits.add_visit(path, date, unit, post, name, body, section, notes)
    changed(path, f"已添加来访 #{entry_id}")
    for note in notes:
        tell(f"提示：{note}")


@command("edit")
@argument("entry_id", type=ENTRY_ID, metavar="编号")
@argument("text", required=False, metavar="正文")
@option("--date", "date_text", metavar="日期", help="新日期。")
@option("--unit", metavar="单位", help="新单位（来访）。")
@option("--post", metavar="职务", help="新职务（来访）。")
@option("--name", metavar="姓名", help="新姓名（来访）。")
@option("--replace", "replace", nargs=2, metavar="旧 新", help="只改正文中的几个字：把“旧”替换为“新”，不必重打整段。")
@option(
    "--section",
    metavar="栏目",
    help="移到另一个栏目（同类栏目之间），编号和内容不变。",
    shell_complete=complete_entry_sections,
)
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
    """修改一个条目（编号见 zhoubao entries）：新正文、--replace 旧 新、--date 等，或 --section 移到另一个栏目。"""
    from zhoubao import edits

    if replace or section:
        if text is not None or text_file or date_text or unit or post or name or (replace and section):
            raise ZhoubaoError("--replace 或 --section 要单独使用，不能再给新正文、--date 等：请分开运行")
        path = choose_issue(file)
        if replace:
            count = edits.replace_in_entry(path, entry_id, replace[0], replace[1])
            changed(path, f"已把条目 #{entry_id} 中的“{replace[0]}”改为“{replace[1]}”（{count} 处）")
        else:
            title = edits.move_entry_to(path, entry_id, section or "")
            changed(path, f"已把条目 #{entry_id} 移到栏目“{title}”")
        return

    body = body_text(text, text_file) if (text is not None or text_file) else None
    path = choose_issue(file)
    edits.edit_entry(path, entry_id, text=body, date=edits.typed_date(date_text, path), unit=unit, post=post, name=name)
    changed(path, f"已修改条目 #{entry_id}")


@command("remove")
@argument("entry_id", type=ENTRY_ID, metavar="编号")
@file_option
def remove_cmd(entry_id: int, file: str | None) -> None:
    """删除一个条目（编号见 zhoubao entries）。"""
    from zhoubao import edits

    path = choose_issue(file)
    edits.remove_entry(path, entry_id)
    changed(path, f"已删除条目 #{entry_id}")


@command("move")
@argument("entry_id", type=ENTRY_ID, metavar="编号")
@argument("position", type=int, required=False, metavar="位置")
@option(
    "--to",
    "to",
    metavar="栏目",
    help="移到另一个栏目（同类栏目之间）；可同时给出位置。",
    shell_complete=complete_entry_sections,
)
@file_option
def move_cmd(entry_id: int, position: int | None, to: str | None, file: str | None) -> None:
    """把一个条目移到所在栏目的第几位（位置从 1 数起），或用 --to 移到另一个栏目。"""
    from zhoubao import edits

    path = choose_issue(file)
    if to is not None:
        title = edits.move_entry_to(path, entry_id, to, position)
        changed(path, f"已把条目 #{entry_id} 移到栏目“{title}”" + (f"第 {position} 位" if position else ""))
        return
    if position is None:
        raise ZhoubaoError("缺少位置：如 zhoubao move 6 1，或用 --to 栏目名 移到另一个栏目")
    edits.move_entry(path, entry_id, position)
    changed(path, f"已把条目 #{entry_id} 移到第 {position} 位")


@command("paragraph")
@argument("section", metavar="栏目", shell_complete=complete_text_sections)
@argument("text", required=False, metavar="正文")
@text_file_option
@file_option
def paragraph_cmd(section: str, text: str | None, text_file: str | None, file: str | None) -> None:
    """填写段落栏目的正文（zhoubao sections 列出本期的段落栏目）；每一行是一段。"""
    from zhoubao import edits

    path = choose_issue(file)
    title = edits.set_paragraph(path, section, body_text(text, text_file))
    changed(path, f"已填写“{title}”")


@command("collect")
@argument("folder", type=PATH, metavar="文件夹")
@option("-y", "--yes", is_flag=True, help="不询问，直接写入（供脚本使用）。")
@file_option
def collect_cmd(folder: Path, yes: bool, file: str | None) -> None:
    """把各窗口交来的稿件收成本期的条目：文件夹中的 .docx、.txt、.md 按日期分条，按“栏目：”行或
    种类的关键词分栏，领导来访读出单位、职务、姓名；已有的不再收。先列出计划，确认后写入。"""
    from rich.console import Console

    from zhoubao.edits.collect import plan_collection, write_collection
    from zhoubao.importing.collect import plan_view

    path = choose_issue(file)
    collection = plan_collection(path, folder)
    plan = collection.plan
    if collection.note:
        tell(f"提示：{collection.note}：没有与上一期比较是否重复")
    Console(highlight=False).print(plan_view(plan, f"{folder} → {path.name}"))
    if not plan.items:
        tell(f"没有要收的新条目：{path.name} 未改动。")
        return
    ask_before_writing(
        yes,
        f"以上是 {folder} 中要收的 {len(plan.items)} 条，未写入：确认无误后加 --yes 再运行一次。",
        f"把以上 {len(plan.items)} 条收进 {path.name}？输入 y 写入，直接回车不写入 [y/N]：",
        f"未写入，{path.name} 未改动。",
    )
    ids = write_collection(collection)
    numbers = f"#{ids[0]}" if len(ids) == 1 else f"#{ids[0]}—#{ids[-1]}"
    changed(path, f"已从 {folder} 收进 {len(ids)} 条（条目 {numbers}），zhoubao undo 可撤销")
