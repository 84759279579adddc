"""statistics: figures by category and column, printed through the kind's sentence template.

Figures are cumulative from `since` (1 January by default) to `as_of` (the period's end by
default). The week's increment (本周新增) is this issue's figure minus the predecessor's, where
both count from the same date; `increments` is the one place that rule is written.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from zhoubao import dates, figures, typography
from zhoubao.compose import Context, para
from zhoubao.errors import ZhoubaoError
from zhoubao.sections.base import Report, Section
from zhoubao.templating import render_template
from zhoubao.values import Record, array, check_date, check_number, check_text, integer, table

if TYPE_CHECKING:
    from rich.tree import Tree

    from zhoubao.outline import Block

Figure = figures.Figure


@dataclass(repr=False, eq=False)
class Column(Record):
    """A statistics column: its name, unit and decimals, and any options the kind gives."""

    name: str
    unit: str = ""
    decimals: int = 0
    options: dict[str, Any] = field(default_factory=dict)  # e.g. not_above = <another column>, flag = "accepted"

    @classmethod
    def from_dict(cls, d: dict, where: str) -> Column:
        d = table(d, where)
        return cls(name=check_text(d.get("name"), f"{where}的名称"),
                   unit=check_text(d.get("unit", ""), f"{where}的单位", allow_empty=True),
                   decimals=integer(d.get("decimals", 0), f"{where}的小数位数", minimum=0),
                   options={k: v for k, v in d.items() if k not in ("name", "unit", "decimals")})


@dataclass(repr=False, eq=False)
class Rate(Record):
    """A computed percentage, e.g. 节约率 = 节约资金 / 交易金额 × 100; never typed."""

    name: str
    numerator: str
    denominator: str
    decimals: int = 2

    @classmethod
    def from_dict(cls, d: dict, where: str, columns: list[str]) -> Rate:
        d = table(d, where)
        rate = cls(name=check_text(d.get("name"), f"{where}的名称"),
                   numerator=check_text(d.get("numerator"), f"{where}的分子"),
                   denominator=check_text(d.get("denominator"), f"{where}的分母"),
                   decimals=integer(d.get("decimals", 2), f"{where}的小数位数", minimum=0))
        for column in (rate.numerator, rate.denominator):
            if column not in columns:
                raise ZhoubaoError(f"{where}引用的列“{column}”未声明：可用列为 {'、'.join(columns)}")
        return rate

    def of(self, values: dict[str, Figure]) -> str:
        """The rate of one category's (or the totals') figures, formatted; "—" when undefined."""
        return figures.rate(values.get(self.numerator, 0), values.get(self.denominator, 0), self.decimals)


@dataclass(repr=False, eq=False)
class Category(Record):
    """A statistics category (a row) and its figures by column name."""

    name: str
    values: dict[str, Figure] = field(default_factory=dict)


@dataclass(repr=False, eq=False)
class Statistics(Section):
    """Categories × columns of cumulative figures, and the sentence that prints them."""

    TYPE = "statistics"
    NAME = "统计"
    HOLDS = "figures"
    COMMAND = "stats"
    KEYS = frozenset({"template", "source", "since", "as_of", "columns", "rates", "category"})
    WEEKLY_KEYS = ("since", "as_of")
    TEMPLATES = {"template": ""}

    template: str = ""
    source: str = ""
    since: dt.date | None = None
    as_of: dt.date | None = None
    columns: list[Column] = field(default_factory=list)
    rates: list[Rate] = field(default_factory=list)
    categories: list[Category] = field(default_factory=list)  # type: ignore[misc,assignment]

    @classmethod
    def read(cls, d: dict[str, Any], where: str, path: tuple[int, ...]) -> Statistics:
        title, where, options = cls.common(d, where)
        section = cls(title=title, path=path, options=options,
                      template=check_text(d.get("template", ""), f"{where}的模板", allow_empty=True),
                      source=check_text(d.get("source", ""), f"{where}的数据来源", allow_empty=True))
        if "since" in d:
            section.since = check_date(d["since"], f"{where}的统计起始日期")
        if "as_of" in d:
            section.as_of = check_date(d["as_of"], f"{where}的统计截止日期")
        if section.since and section.as_of and section.as_of < section.since:
            raise ZhoubaoError(f"{where}的统计截止日期 {section.as_of} 早于起始日期 {section.since}：请改正")
        section.columns = [Column.from_dict(c, f"{where}的第{i}列") for i, c in enumerate(array(d.get("columns"), where), 1)]
        if not section.columns:
            raise ZhoubaoError(f"{where}没有列：请在 columns 中声明统计列")
        decimals = {c.name: c.decimals for c in section.columns}
        section.rates = [Rate.from_dict(r, f"{where}的第{i}个比率", list(decimals))
                         for i, r in enumerate(array(d.get("rates"), f"{where}的 rates"), 1)]
        for i, c in enumerate(array(d.get("category"), f"{where}的 category"), 1):
            c = table(c, f"{where}的第{i}个类别")
            name = check_text(c.get("name"), f"{where}的第{i}个类别名称")
            values = table(c.get("values", {}), f"类别“{name}”的 values")
            for col in values:
                if col not in decimals:
                    raise ZhoubaoError(f"类别“{name}”的列“{col}”未声明：可用列为 {'、'.join(decimals)}")
            section.categories.append(Category(name, {col: check_number(v, f"类别“{name}”的{col}", decimals[col])
                                                      for col, v in values.items()}))
        return section

    # -- dates
    def period(self, period_end: dt.date) -> tuple[dt.date, dt.date]:
        """(counting from, as of): `since` defaults to 1 January of the as-of date's year."""
        as_of = self.as_of or period_end
        return self.since or as_of.replace(month=1, day=1), as_of

    # -- composing
    def compose_body(self, ctx: Context) -> list[Block]:
        filled = []
        weekly = increments(self, ctx.issue, ctx.previous)
        for category in self.categories:
            missing = [c.name for c in self.columns if c.name not in category.values]
            if len(missing) == len(self.columns):
                ctx.warnings.append(f"统计类别“{category.name}”没有数字，未列入文件")
                continue
            if missing:
                raise ZhoubaoError(f"统计类别“{category.name}”缺少{'、'.join(missing)}：请用 zhoubao stats 补上")
            row: dict[str, Any] = {"name": category.name, "values": dict(category.values), "increase": {},
                                   "rates": {rate.name: rate.of(category.values) for rate in self.rates}}
            for column in self.columns:
                row[column.name] = figures.format_figure(category.values[column.name], column.decimals)
                if column.name in weekly.get(category.name, {}):
                    row["increase"][column.name] = figures.format_figure(weekly[category.name][column.name],
                                                                         column.decimals)
            filled.append(row)
        if not filled:
            return []
        sums = {c.name: sum(r["values"][c.name] for r in filled) for c in self.columns}
        totals = {c.name: figures.format_figure(sums[c.name], c.decimals) for c in self.columns}
        since, as_of = self.period(ctx.issue.period_end)
        sentence = render_template(
            self.template, f"栏目“{self.title}”", source=self.source, since=dates.cn_date(since),
            as_of=dates.cn_date(as_of), categories=filled, totals=totals,
            total_rates={rate.name: rate.of(sums) for rate in self.rates},
            columns=[{"name": c.name, "unit": c.unit, "decimals": c.decimals} for c in self.columns],
            year=ctx.issue.year)
        return [para(typography.normalise(sentence))]

    # -- checking
    def has_content(self) -> bool:
        return any(c.values for c in self.categories)

    def check(self, ctx: Context, error: Report, warn: Report) -> None:
        weekly = increments(self, ctx.issue, ctx.previous)
        for category in self.categories:
            where = f"统计类别“{category.name}”"
            missing = [c.name for c in self.columns if c.name not in category.values]
            if missing:
                error(where, f"缺少{'、'.join(missing)}：用 zhoubao stats {category.name} 填写")
            for column in self.columns:
                limit = column.options.get("not_above")
                value, bound = category.values.get(column.name), category.values.get(limit) if limit else None
                if value is not None and bound is not None and value > bound:
                    warn(where, f"{column.name} {value} 大于{limit} {bound}（有结转时可能属实）：请核对")
                increase = weekly.get(category.name, {}).get(column.name)
                if value is not None and increase is not None and increase < 0:
                    last = round(value - increase, column.decimals) if column.decimals else value - increase
                    warn(where, f"累计{column.name} {value} 小于上一期的 {last}：累计数不应减少，请核对")

    def texts(self) -> Iterator[tuple[str, str]]:
        for category in self.categories:
            yield f"统计类别“{category.name}”", category.name

    # -- the next issue
    @classmethod
    def clear_week(cls, section_table: Any) -> None:
        super().clear_week(section_table)
        for category in section_table.get("category", []):
            if "values" in category:
                category["values"].clear()

    @classmethod
    def sample(cls, section_table: dict[str, Any]) -> None:
        columns = [c for c in section_table.get("columns", []) if isinstance(c, dict)]
        categories = section_table.get("category") or [{"name": "示例类别"}]
        for category in categories:
            category["values"] = {c.get("name"): (1.5 if c.get("decimals") else 2) for c in columns}
        section_table["category"] = categories

    # -- show
    def show(self, node: Tree, ctx: Context) -> None:
        from rich.table import Table
        from rich.text import Text

        weekly = increments(self, ctx.issue, ctx.previous)
        grid = Table(show_edge=False, pad_edge=False)
        grid.add_column("类别")
        for column in self.columns:
            grid.add_column(f"{column.name}（{column.unit}）" if column.unit else column.name, justify="right")
            if weekly:
                grid.add_column(f"本周新增{column.name}", justify="right", style="green")
        for category in self.categories:
            cells: list[str | Text] = []
            for c in self.columns:
                cells.append(str(category.values[c.name]) if c.name in category.values else Text("未填", style="red"))
                if weekly:
                    cells.append(str(weekly.get(category.name, {}).get(c.name, "")))
            grid.add_row(Text(category.name), *cells)
        node.add(Text(f"{self.source} {self.since or '?'} 至 {self.as_of or '?'}", style="dim"))
        node.add(grid)


def increments(section: Statistics, issue: Any, previous: Any) -> dict[str, dict[str, Figure]]:
    """本周新增 per category and column: this cumulative figure minus the predecessor's.

    Only where the predecessor has a statistics section of the same title that counts from the
    same date (a new year, or another `since`, starts the count afresh), and only for the
    categories and columns both filled. Rounded to the column's decimals.
    """
    if previous is None:
        return {}
    before = next((s for s in previous.all_sections() if isinstance(s, Statistics) and s.title == section.title),
                  None)
    if before is None or before.period(previous.period_end)[0] != section.period(issue.period_end)[0]:
        return {}
    decimals = {c.name: c.decimals for c in section.columns}
    last = {c.name: c.values for c in before.categories}
    out: dict[str, dict[str, Figure]] = {}
    for category in section.categories:
        common = set(category.values) & set(last.get(category.name, {}))
        out[category.name] = {col: _difference(category.values[col], last[category.name][col], decimals.get(col, 0))
                              for col in common}
    return out


def _difference(value: Figure, last: Figure, decimals: int) -> Figure:
    return value - last if decimals == 0 else round(value - last, decimals)
