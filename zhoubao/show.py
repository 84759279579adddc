"""Presenting an issue in the terminal (rich) and as JSON. Read-only; imported by `show` only.

rich is imported by the functions that print with it, so `show --json` never loads it.
"""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from zhoubao.model import Issue, News, Section, Visit, increments

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


def _entry_line(entry: News | Visit) -> str:
    if isinstance(entry, Visit):
        return f"[cyan]#{entry.id}[/] {entry.date} {entry.unit}{entry.post}{entry.name}：{_short(entry.text)}"
    date = f"{entry.date} " if entry.date else ""
    return f"[cyan]#{entry.id}[/] {date}{_short(entry.text)}"


def _short(text: str, width: int = 60) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


def _add_section(tree: Tree, section: Section, weekly: dict) -> None:
    from rich.table import Table

    if section.type == "part":
        tree.add(f"[bold magenta]{section.title}[/]")
        return
    node = tree.add(f"[bold]{section.title}[/] [dim]（{section.type}）[/]")
    if section.type == "statistics":
        table = Table(show_edge=False, pad_edge=False)
        table.add_column("类别")
        for column in section.columns:
            table.add_column(f"{column.name}（{column.unit}）" if column.unit else column.name, justify="right")
            if weekly.get(section.title):
                table.add_column(f"本周新增{column.name}", justify="right", style="green")
        for category in section.categories:
            cells = []
            for c in section.columns:
                cells.append(str(category.values[c.name]) if c.name in category.values else "[red]未填[/]")
                if weekly.get(section.title):
                    cells.append(str(weekly[section.title].get(category.name, {}).get(c.name, "")))
            table.add_row(category.name, *cells)
        span = f"{section.since or '?'} 至 {section.as_of or '?'}"
        node.add(f"[dim]{section.source} {span}[/]")
        node.add(table)
    for entry in section.entries:
        node.add(_entry_line(entry))
    for item in section.items:
        if item.findings:
            found = "；".join(f"{f.window}：{f.text}" if f.window else f.text for f in item.findings)
            node.add(f"{item.name}：[yellow]{found}[/]")
        else:
            node.add(f"{item.name}：{item.result if item.result is not None else '[red]未填[/]'}")
    if section.type == "paragraph" and section.intro:
        node.add(_short(section.intro))
    for sub in section.subs:
        _add_section(node, sub, weekly)
    if section.type in ("entries", "visits") and not section.entries and not section.subs:
        node.add("[dim]（暂无）[/]")


def print_issue(issue: Issue, previous: Issue | None = None, console: Console | None = None) -> None:
    """The issue as a tree; with its predecessor, statistics also show 本周新增."""
    from rich.console import Console
    from rich.tree import Tree

    console = console or Console()
    weekly = {s.title: increments(s, previous, issue) for s in issue.all_sections() if s.type == "statistics"}
    tree = Tree(f"[bold red]{issue.name}[/] {issue.year}年第{issue.number}期（总第{issue.total}期）  "
                f"印发 {issue.date}  期间 {issue.period_start} 至 {issue.period_end}")
    for section in issue.sections:
        _add_section(tree, section, weekly)
    dist = tree.add("[bold]分送[/]")
    for line in issue.distribution:
        dist.add(f"{line.label}：{line.text}")
    if issue.copies is not None:
        dist.add(f"共印{issue.copies}份")
    console.print(tree)


def print_entries(issue: Issue, console: Console | None = None) -> None:
    from rich.console import Console
    from rich.table import Table

    console = console or Console()
    table = Table("编号", "栏目", "日期", "内容")
    for section, entry in issue.entries():
        who = f"{entry.unit}{entry.post}{entry.name}：" if isinstance(entry, Visit) else ""
        table.add_row(str(entry.id), section.title, str(entry.date or ""), _short(who + entry.text, 50))
    console.print(table)
