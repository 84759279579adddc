"""statistics arithmetic: sums, shares and differences of figures, and 本周新增 (`increments`).

Every figure is worked in decimal arithmetic on the value as typed (zhoubao.figures) and held as
its column holds it: a count an int, an amount a float of the decimal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from zhoubao import figures
from zhoubao.sections.base import IssueView
from zhoubao.sections.statistics.records import Category, Column, Figure, Rate, StatisticsRecord

if TYPE_CHECKING:
    from decimal import Decimal


def sum_bases(categories: list[Category], key: str, columns: list[Column]) -> dict[str, Figure]:
    """The total's typed base: the categories' sum, for each column every one of them has typed."""
    out: dict[str, Figure] = {}
    for column in columns:
        present = [c.bases.get(key, {}).get(column.name) for c in categories if column.name in c.values]
        if present and all(v is not None for v in present):
            out[column.name] = figure_sum([v for v in present if v is not None], column.decimals)
    return out


def figure_sum(values: list[Figure], decimals: int) -> Figure:
    """Figures added in decimal arithmetic, held as the column holds them (a count an int)."""
    return figures.held(figures.exact_sum(values), decimals)


def has_rate(rate: Rate, category: Category) -> bool:
    return rate.numerator in category.values and rate.denominator in category.values


def share(value: Figure | None, total: Figure | Decimal | None, decimals: int) -> str:
    """A figure's share of the total in per cent, formatted; "" when either is missing or the total is 0."""
    if value is None or total is None:
        return ""
    share = figures.percent(value, total)
    return "" if share is None else figures.format_figure(share, decimals)


def column_sum(rows: list[dict[str, Any]], column: str) -> Decimal | None:
    """The exact sum of a column over the rows that have it (a base for shares); None when none has it."""
    present = [r["values"][column] for r in rows if column in r["values"]]
    return figures.exact_sum(present) if present else None


def increments(section: StatisticsRecord, issue: IssueView, previous: IssueView | None) -> dict[str, dict[str, Figure]]:
    """本周新增 (本期新增) per category and column: the one place this rule is written.

    A figure counted from this issue's own first day (`count_from = "period"`, as monthly
    bulletins count, or a count that starts with the period) is its own increment. Otherwise it
    is this cumulative figure minus the predecessor's, only where the predecessor has a statistics
    section of the same title that counts from the same date (a new year, or another `since`,
    starts the count afresh), and only for the categories and columns both filled. Rounded to
    the column's decimals.
    """
    since = section.period(issue.period_start, issue.period_end)[0]
    if since == issue.period_start:
        return {category.name: dict(category.values) for category in section.categories}
    if previous is None:
        return {}
    before = section.same_in(previous)
    if before is None or before.period(previous.period_start, previous.period_end)[0] != since:
        return {}
    decimals = {c.name: c.decimals for c in section.columns}
    last = {c.name: c.values for c in before.categories}
    out: dict[str, dict[str, Figure]] = {}
    for category in section.categories:
        common = set(category.values) & set(last.get(category.name, {}))
        out[category.name] = {
            col: figures.difference(category.values[col], last[category.name][col], decimals.get(col, 0))
            for col in common
        }
    return out
