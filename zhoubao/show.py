"""Presenting an issue in the terminal (rich) and as JSON. Read-only; imported by `show` only.

rich is imported by the functions that print with it, so `show --json` never loads it.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from zhoubao.model import Issue
from zhoubao.sections import Section
from zhoubao.sections.base import Context
from zhoubao.sections.entries import short

if TYPE_CHECKING:
    from rich.console import Console
    from rich.tree import Tree


def as_json(plain: dict[str, Any]) -> str:
    """The whole issue as one JSON object; dates as YYYY-MM-DD."""
    import json

    def default(value: Any) -> str:
        if isinstance(value, dt.date):
            return value.isoformat()
        raise TypeError(type(value).__name__)

    return json.dumps(plain, ensure_ascii=False, indent=2, default=default)


def _add_section(tree: Tree, section: Section, ctx: Context) -> None:
    """A section's node: its title and type in Chinese, then what the type shows of itself."""
    from rich.text import Text

    if section.opens_part() is not None:
        tree.add(Text(section.title, style="bold magenta"))
        return
    label = Text(section.title or section.NAME, style="bold")
    label.append(f" （{section.NAME}）", style="dim")
    node = tree.add(label)
    section.show(node, ctx)
    for sub in section.subs:
        _add_section(node, sub, ctx)
    if section.is_empty_for_show():
        node.add(Text("（暂无）", style="dim"))


def print_issue(issue: Issue, previous: Issue | None = None, console: Console | None = None) -> None:
    """The issue as a tree; with its predecessor, statistics also show 本周新增."""
    from rich.console import Console
    from rich.text import Text
    from rich.tree import Tree

    console = console or Console()
    ctx = Context(issue, previous)
    head = Text(issue.name, style="bold red")
    head.append(f" {issue.full_label}  印发 {issue.date}  期间 {issue.period_start} 至 {issue.period_end}")
    tree = Tree(head)
    for section in issue.sections:
        _add_section(tree, section, ctx)
    dist = tree.add(Text("分送", style="bold"))
    for line in issue.distribution:
        dist.add(Text(f"{line.label}：{line.text}"))
    if issue.copies is not None:
        dist.add(f"共印{issue.copies}份")
    console.print(tree)


def print_entries(issue: Issue, console: Console | None = None, *, sources: bool = False) -> None:
    """The entries with their ids; with `sources`, the file `collect` read each from."""
    from rich.console import Console
    from rich.table import Column, Table
    from rich.text import Text

    console = console or Console()
    table = Table("编号", "栏目", "日期", "内容", *([Column("来源", overflow="fold")] if sources else []))
    for section, entry in issue.entries():
        source = [Text(entry.source)] if sources else []
        table.add_row(
            str(entry.id), Text(section.title), str(entry.date or ""), Text(short(entry.content(), 50)), *source
        )
    console.print(table)


def print_outline(issue: Issue, console: Console | None = None) -> None:
    """The issue's sections with the command that fills each, its inspection items and categories."""
    from rich.console import Console
    from rich.text import Text

    console = console or Console()

    def walk(sections: list[Section], depth: int) -> None:
        for section in sections:
            line = Text("  " * depth + (section.title or section.NAME), style="bold" if depth == 0 else "")
            line.append(f"  （{section.NAME}", style="dim")
            line.append(
                f"，用 zhoubao {section.COMMAND} 填写）" if section.COMMAND and not section.subs else "）", style="dim"
            )
            console.print(line)
            for item in section.items:
                console.print(Text("  " * (depth + 1) + f"巡查项：{item.name}"))
            for category in section.categories:
                console.print(Text("  " * (depth + 1) + f"统计类别：{category.name}"))
            walk(section.subs, depth + 1)

    walk(issue.sections, 0)
