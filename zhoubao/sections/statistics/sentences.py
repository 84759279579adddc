"""statistics sentences: the kind's template filled with a section's figures.

What a template gets for each category, the total and the per-unit table's rows, worked out
here so that a kind's template only chooses words: the figures as printed, 本周新增, shares of
the total (占比), rates, the comparisons with the previous issue of the series (环比) and with the
same period a year earlier (同比) as `Comparison`s, and the per-unit table's rankings (`RowTable`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from zhoubao import dates, figures
from zhoubao.cadence import period_names
from zhoubao.errors import ZhoubaoError
from zhoubao.sections.base import Context, IssueView
from zhoubao.sections.statistics.arithmetic import column_sum, figure_sum, has_rate, increments, share, sum_bases
from zhoubao.sections.statistics.records import BASES, TOTAL_KEY, Category, Figure, StatisticsRecord

if TYPE_CHECKING:
    from decimal import Decimal

    from zhoubao.outline import Block

_NO_PERIOD = {
    "period_name": "",
    "month": 0,
    "month_cn": "",
    "months": "",
    "cumulative_months": "",
    "quarter": 0,
    "quarter_cn": "",
}


def compose_body(section: StatisticsRecord, ctx: Context) -> list[Block]:
    from zhoubao import typography
    from zhoubao.sections.typeset import para

    text = paragraphs(section, ctx)[0]
    lines = [typography.normalise(line) for line in text.split("\n") if line.strip()]
    if section.numbered:  # several items: （1）（2）… as the kind numbers items; one stands alone
        from zhoubao.sections.typeset import numbered

        return list(numbered(lines, ctx.numbering[2]))
    return [para(line) for line in lines]


def paragraphs(section: StatisticsRecord, ctx: Context) -> tuple[str, list[Comparison]]:
    """The template's text (a line break starts another paragraph), and every comparison the
    template was offered, each marked when the template printed it."""
    filled: list[dict[str, Any]] = []
    increases = increments(section, ctx.issue, ctx.previous)
    for category in section.categories:
        if category.is_total:
            continue
        if not is_complete(section, category, ctx):
            continue
        filled.append(template_row(section, category, increases.get(category.name, {})))
    table_rows = [template_row(section, r, {}) for r in section.rows if r.values]
    total_category = next((c for c in section.categories if c.is_total and is_complete(section, c, ctx)), None)
    if not filled and not table_rows and total_category is None:
        return "", []
    if total_category is not None:
        total = template_row(section, total_category, {})
    elif section.summed:
        summed = [c for c in section.categories if not c.is_total and c.name in {r["name"] for r in filled}]
        bases = {key: sum_bases(summed, key, section.columns) for key in BASES.values()}
        total = template_row(section, Category("合计", sums(section, filled), is_total=True, bases=bases), {})
    else:
        total = template_row(section, Category("合计", {}, is_total=True), {})
    for rate in section.rates:  # `over`: the total's rate of only the categories named
        if "over" in rate.options:
            chosen = [r for r in filled if r["name"] in rate.options["over"]]
            total["rates"][rate.name] = rate.of(sums(section, chosen))
    for row in [*filled, total]:
        row["share"] = {
            c.name: share(row["values"].get(c.name), total["values"].get(c.name), section.share_decimals)
            for c in section.columns
        }
    table_sums = {c.name: column_sum(table_rows, c.name) for c in section.columns}  # once, not once a row
    for row in table_rows:
        row["share"] = {
            c.name: share(row["values"].get(c.name), table_sums[c.name], section.share_decimals)
            for c in section.columns
        }
    comparisons: list[Comparison] = []
    # a week is no base for a month: 环比 compares periods of the same length only
    previous = ctx.previous if ctx.previous is None or ctx.previous.cadence == ctx.issue.cadence else None
    for key, other in (("huanbi", previous), ("tongbi", ctx.year_before)):
        bases = bases_from(section, other)
        for row in [*filled, total]:
            row[key] = comparisons_of(section, row, bases.get(row["total_key"] or row["name"]), key, comparisons)
    since, as_of = section.period(ctx.issue.period_start, ctx.issue.period_end)
    text = sentence(
        section,
        source=section.source,
        since=dates.cn_date(since),
        as_of=dates.cn_date(as_of),
        categories=filled,
        totals={c.name: total[c.name] for c in section.columns if c.name in total},
        total_rates=total["rates"],
        total=total,
        rows=RowTable(table_rows, {c.name: c.decimals for c in section.columns}),
        year=ctx.issue.year,
        period=period_names(
            ctx.issue.period_start,
            ctx.issue.period_end,
            ctx.issue.cadence,
            dates.cn_period(ctx.issue.period_start, ctx.issue.period_end)[1:-1],
        ),
    )
    return text, comparisons


def is_complete(section: StatisticsRecord, category: Category, ctx: Context) -> bool:
    """Whether a category is printed: all its columns filled. None filled: left out with a
    word; some filled: an error naming the missing ones."""
    expected = [c.name for c in section.columns if c.name not in category.lacks]
    missing = [name for name in expected if name not in category.values]
    if len(missing) == len(expected):
        ctx.warnings.append(f"统计类别“{category.name}”没有数字，未列入文件")
        return False
    if missing:
        raise ZhoubaoError(f"统计类别“{category.name}”缺少{'、'.join(missing)}：请用 zhoubao stats 补上")
    return True


def template_row(section: StatisticsRecord, category: Category, increases: dict[str, Figure]) -> dict[str, Any]:
    """What a template gets for one category (or the total, or a row of the per-unit table)."""
    row: dict[str, Any] = {
        "name": category.name,
        "values": dict(category.values),
        "increase": {},
        "rates": {rate.name: rate.of(category.values) for rate in section.rates if has_rate(rate, category)},
        "labels": {c.name: category.label(c.name) for c in section.columns},
        "units": {c.name: category.units.get(c.name, c.unit) for c in section.columns},
        "columns": [c.name for c in section.columns if c.name in category.values],
        "total_key": TOTAL_KEY if category.is_total else "",
    }
    for column in section.columns:
        if column.name in category.values:
            row[column.name] = figures.format_figure(category.values[column.name], column.decimals)
        if column.name in increases:
            row["increase"][column.name] = figures.format_figure(increases[column.name], column.decimals)
    row["typed_bases"] = category.bases
    return row


def sums(section: StatisticsRecord, rows: list[dict[str, Any]]) -> dict[str, Figure]:
    sums: dict[str, Figure] = {}
    for column in section.columns:
        present = [r["values"][column.name] for r in rows if column.name in r["values"]]
        if present:
            sums[column.name] = figure_sum(present, column.decimals)
    return sums


def bases_from(section: StatisticsRecord, other: IssueView | None) -> dict[str, dict[str, Figure]]:
    """The figures of another issue's section of the same title, by category name, with the
    total under TOTAL_KEY: what 环比 or 同比 compares with."""
    before = section.same_in(other)
    if before is None:
        return {}
    out = {c.name: dict(c.values) for c in before.categories if not c.is_total and c.values}
    given = next((c for c in before.categories if c.is_total and c.values), None)
    if given is not None:
        out[TOTAL_KEY] = dict(given.values)
    elif before.summed:
        out[TOTAL_KEY] = sums(section, [{"values": v} for v in out.values()])
    return out


def comparisons_of(
    section: StatisticsRecord,
    row: dict[str, Any],
    found: dict[str, Figure] | None,
    key: str,
    comparisons: list[Comparison],
) -> dict[str, Comparison]:
    """The row's comparisons (环比 or 同比) for each column and rate; a base the clerk typed
    (`上期受理`, `去年同期受理`) stands before one from an issue file."""
    typed = row["typed_bases"].get(key, {})
    base_values = {**(found or {}), **typed}
    out: dict[str, Comparison] = {}
    where = f"{'环比' if key == 'huanbi' else '同比'}：统计类别“{row['name']}”"
    for column in section.columns:
        points = bool(column.options.get("points"))
        comparison = Comparison.between(
            row["values"].get(column.name),
            base_values.get(column.name),
            decimals=column.options.get("points_decimals", column.decimals) if points else column.decimals,
            points=points,
            words=column.words,
            percent_decimals=column.options.get("percent_decimals", 2),
            where=f"{where}的{column.name}",
        )
        out[column.name] = comparison
        comparisons.append(comparison)
    for rate in section.rates:
        comparison = Comparison.between(
            rate.value(row["values"]),
            rate.value(base_values),
            decimals=rate.options.get("points_decimals", rate.decimals),
            points=True,
            words=rate.words,
            where=f"{where}的{rate.name}",
        )
        out[rate.name] = comparison
        comparisons.append(comparison)
    return out


def sentence(
    section: StatisticsRecord,
    *,
    source: str,
    since: str,
    as_of: str,
    categories: list[dict[str, Any]],
    totals: dict[str, str],
    total_rates: dict[str, str],
    year: int,
    total: dict[str, Any] | None = None,
    rows: RowTable | None = None,
    period: dict[str, Any] | None = None,
) -> str:
    """The kind's sentence template rendered: the one place that names its variables.
    `period` holds the period's names (period_name 5月份, months, cumulative_months …)."""
    from zhoubao.templating import render_template

    return render_template(
        section.template,
        f"栏目“{section.title}”",
        **(period or _NO_PERIOD),
        source=source,
        since=since,
        as_of=as_of,
        categories=categories,
        totals=totals,
        total_rates=total_rates,
        total=total if total is not None else {"name": "合计", "values": {}, "rates": total_rates},
        rows=rows if rows is not None else RowTable([], {c.name: c.decimals for c in section.columns}),
        columns=[{"name": c.name, "unit": c.unit, "decimals": c.decimals} for c in section.columns],
        year=year,
    )


class Comparison:
    """One comparison (环比 or 同比) of a figure with its base, as a template prints it.

    `text` is the ready phrase: 增加75.42% / 减少3.10% / 持平 for a count or an amount, 提高1.1个百分点 /
    持平 for a rate; "" when there is no base, or (for a percentage) the base is zero. The parts
    are there too: `word`, `percent`, `points`, `diff` (magnitudes, printed), `base`, `sign`
    (1, 0, -1), `known`. `used` records whether the template printed it, so `check` speaks only of
    the comparisons the bulletin shows; `problem` says why one cannot be printed.
    """

    __slots__ = ("_percent", "_points", "_text", "base", "diff", "known", "problem", "sign", "used", "word")

    def __init__(self) -> None:
        self.used = False
        self.known = False
        self.sign = 0
        self.word = self.diff = self.base = self.problem = ""
        self._percent = self._points = self._text = ""

    @classmethod
    def between(
        cls,
        value: Figure | Decimal | None,
        base: Figure | Decimal | None,
        *,
        decimals: int,
        points: bool,
        words: tuple[str, str, str],
        where: str,
        percent_decimals: int = 2,
    ) -> Comparison:
        comparison = cls()
        if value is None:
            return comparison
        if base is None:
            comparison.problem = f"{where}|没有可比的数字（没有那一期的文件，或那一期没有这个数）：不印比较"
            return comparison
        comparison.known = True
        comparison.base = figures.format_figure(base, decimals)
        difference = figures.rounded(figures.exact(value) - figures.exact(base), decimals)
        comparison.sign = (difference > 0) - (difference < 0)
        comparison.word = words[0] if comparison.sign > 0 else words[1] if comparison.sign else words[2]
        comparison.diff = figures.format_figure(abs(difference), decimals)
        if points:
            comparison._points = comparison.diff
            comparison._text = f"{comparison.word}{comparison.diff}个百分点" if comparison.sign else comparison.word
            return comparison
        ratio = figures.percent(abs(difference), base)
        if ratio is None:
            if comparison.sign:
                comparison.problem = f"{where}|基数为 0，无法计算百分比：不印比较"
            else:
                comparison._text = comparison.word
            return comparison
        comparison._percent = figures.format_figure(ratio, percent_decimals)
        comparison._text = f"{comparison.word}{comparison._percent}%" if comparison.sign else comparison.word
        return comparison

    @property
    def text(self) -> str:
        self.used = True
        return self._text

    @property
    def percent(self) -> str:
        self.used = True
        return self._percent

    @property
    def points(self) -> str:
        self.used = True
        return self._points

    def __str__(self) -> str:
        return self.text


# What a platform calls its total row or category: never a unit or a category to add up.

TOTAL_NAMES = frozenset({"合计", "总计", "小计", "总数"})


class RowTable:
    """The per-unit table (a platform's export: 单位 and columns) as a template reads it.

    `rows.top('交易金额', 5)`: the five largest, ties kept in the table's order; `rows.bottom(…)`;
    `rows.zero('交易金额')` / `rows.nonzero(…)`: the units with (without) nothing in the column, in
    the table's order; `rows.count`; `rows.all`; `rows.total('交易金额')` the printed sum. Each row is
    like a category: `r.name`, `r['交易金额']`, `r.values`, `r.share['交易金额']` (of the table's sum).
    """

    def __init__(self, rows: list[dict[str, Any]], decimals: dict[str, int] | None = None) -> None:
        self.all = rows
        self.count = len(rows)
        # the section's columns and their decimals, when known: a misspelt column is an error
        self._decimals = decimals

    def _having(self, column: str) -> list[dict[str, Any]]:
        if self._decimals is not None and column not in self._decimals:
            # else rows.top('交易额', 5) ranks nothing and the bulletin prints an empty list
            raise LookupError(f"明细表没有“{column}”列：可用的列有 {'、'.join(self._decimals)}")
        return [r for r in self.all if column in r["values"]]

    def top(self, column: str, n: int = 3) -> list[dict[str, Any]]:
        ranked = sorted(self._having(column), key=lambda r: -figures.exact(r["values"][column]))
        return ranked[: max(int(n), 0)]

    def bottom(self, column: str, n: int = 3) -> list[dict[str, Any]]:
        ranked = sorted(self._having(column), key=lambda r: figures.exact(r["values"][column]))
        return ranked[: max(int(n), 0)]

    def zero(self, column: str) -> list[dict[str, Any]]:
        return [r for r in self._having(column) if not r["values"][column]]

    def nonzero(self, column: str) -> list[dict[str, Any]]:
        return [r for r in self._having(column) if r["values"][column]]

    def total(self, column: str) -> str:
        present = self._having(column)
        if not present:
            return ""
        decimals = (self._decimals or {}).get(column, 0)
        return figures.format_figure(figures.exact_sum(r["values"][column] for r in present), decimals)

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.all)
