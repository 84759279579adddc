"""statistics: figures by category and column, printed through the kind's sentence template.

Figures count from `since` (1 January by default) to `as_of` (the period's end by default). The
week's increment (本周新增) is this issue's figure minus the predecessor's, where both count from
the same date; `increments` is the one place that rule is written. Comparisons with the previous
issue of the series (环比) and with the same period a year earlier (同比), shares of the total
(占比) and the per-unit table's rankings are worked out here too, each in one function, so that a
kind's template only chooses words.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import field
from typing import TYPE_CHECKING, Any, NamedTuple

from zhoubao import dates, figures
from zhoubao.cadence import WEEKLY, period_names
from zhoubao.errors import ZhoubaoError
from zhoubao.sections.base import Reading, Report, Section
from zhoubao.validate import Record, array, check_date, check_number, check_text, integer, record, table

if TYPE_CHECKING:
    from decimal import Decimal

    from rich.tree import Tree

    from zhoubao.compose import Context
    from zhoubao.outline import Block

Figure = figures.Figure

# Import: a figure as printed (`644608`, `1,234`, `58.37`); a period `2022年1月1日至2022年9月30日`.
_FIGURE = r"\s*(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_DATE = r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"
_DATE_RANGE = _DATE + r"\s*(?:至|到|—|－|-|~|～)\s*" + _DATE
MAX_DECIMALS = 10  # a figure printed with more decimals than this is a mistake (and 10**8 would fill memory)
# The template rendered with these for a category's name and its columns' figures shows what it
# prints before each figure.
_CATEGORY_MARK, _COLUMN_MARK = "\ue010", 0xE020


@record
class Column(Record):
    """A statistics column: its name, unit and decimals, and any options the kind gives."""

    name: str
    unit: str = ""
    decimals: int = 0
    # not_above = <another column>, flag = "accepted", points = true (the column is itself a
    # percentage: its change is in 百分点, at points_decimals), words = [up, down, same],
    # percent_decimals = 2 (of a percentage change)
    options: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, d: dict, where: str) -> Column:
        d = table(d, where)
        column = cls(
            name=check_text(d.get("name"), f"{where}的名称"),
            unit=check_text(d.get("unit", ""), f"{where}的单位", allow_empty=True),
            decimals=integer(d.get("decimals", 0), f"{where}的小数位数", minimum=0, maximum=MAX_DECIMALS),
            options={k: v for k, v in d.items() if k not in ("name", "unit", "decimals")},
        )
        _check_change_options(column.options, where)
        return column

    @property
    def words(self) -> tuple[str, str, str]:
        return _words(self.options, RATE_WORDS if self.options.get("points") else COLUMN_WORDS)


@record
class Rate(Record):
    """A computed percentage, e.g. 节约率 = 节约资金 / 交易金额 × 100; never typed."""

    name: str
    numerator: str
    denominator: str
    decimals: int = 2
    options: dict[str, Any] = field(default_factory=dict)  # words = [up, down, same], points_decimals

    @classmethod
    def from_dict(cls, d: dict, where: str, columns: list[str]) -> Rate:
        d = table(d, where)
        rate = cls(
            name=check_text(d.get("name"), f"{where}的名称"),
            numerator=check_text(d.get("numerator"), f"{where}的分子"),
            denominator=check_text(d.get("denominator"), f"{where}的分母"),
            decimals=integer(d.get("decimals", 2), f"{where}的小数位数", minimum=0, maximum=MAX_DECIMALS),
            options={k: v for k, v in d.items() if k not in ("name", "numerator", "denominator", "decimals")},
        )
        for column in (rate.numerator, rate.denominator):
            if column not in columns:
                raise ZhoubaoError(f"{where}引用的列“{column}”未声明：可用列为 {'、'.join(columns)}")
        if rate.name in columns:
            raise ZhoubaoError(f"{where}的名称“{rate.name}”与一列同名：请换一个名称")
        _check_change_options(rate.options, where)
        return rate

    def of(self, values: dict[str, Figure]) -> str:
        """The rate of one category's (or the totals') figures, formatted; "—" when undefined."""
        return figures.rate(values.get(self.numerator, 0), values.get(self.denominator, 0), self.decimals)

    def value(self, values: dict[str, Figure]) -> Decimal | None:
        """The rate as printed (rounded at its decimals); None when a figure is missing or the
        denominator is zero."""
        if self.numerator not in values or self.denominator not in values:
            return None
        exact = figures.percent(values[self.numerator], values[self.denominator])
        return None if exact is None else figures.rounded(exact, self.decimals)

    @property
    def words(self) -> tuple[str, str, str]:
        return _words(self.options, RATE_WORDS)


@record
class Category(Record):
    """A statistics category (a row) and its figures by column name."""

    name: str
    values: dict[str, Figure] = field(default_factory=dict)
    # The category's own word for a column where it differs: 其它九类行权事项 累计办结, not 办结.
    labels: dict[str, str] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)  # its own unit where it differs: 宗, not 项
    lacks: list[str] = field(default_factory=list)  # columns it does not have: no 节约资金 for land
    total: bool = False  # the stated total of the section (全州), not one of the parts summed
    # Figures typed for the comparisons where no issue file holds them: BASES' keys → column → figure.
    bases: dict[str, dict[str, Figure]] = field(default_factory=dict)

    def label(self, column: str) -> str:
        return self.labels.get(column, column)


@record
class Statistics(Section):
    """Categories × columns of cumulative figures, and the sentence that prints them."""

    TYPE = "statistics"
    NAME = "统计"
    HOLDS = "figures"
    COMMAND = "stats"
    KEYS = frozenset(
        {
            "template",
            "source",
            "since",
            "as_of",
            "columns",
            "rates",
            "category",
            "row",
            "share_decimals",
            "sum",
            "count_from",
        }
    )
    WEEKLY_KEYS = ("since", "as_of")
    TEMPLATES = {"template": ""}

    template: str = ""
    source: str = ""
    since: dt.date | None = None
    as_of: dt.date | None = None
    columns: list[Column] = field(default_factory=list)
    rates: list[Rate] = field(default_factory=list)
    categories: list[Category] = field(default_factory=list)  # type: ignore[misc,assignment]
    rows: list[Category] = field(default_factory=list)  # the per-unit table (单位 × columns), for rankings
    share_decimals: int = 2
    summed: bool = True  # totals are the categories' sum, unless a category is the total or `sum = false`
    count_from: str = "year"  # figures count from 1 January ("year") or from the period's start ("period")

    @classmethod
    def read(cls, d: dict[str, Any], where: str, path: tuple[int, ...]) -> Statistics:
        title, where, options = cls.common(d, where)
        section = cls(
            title=title,
            path=path,
            options=options,
            template=check_text(d.get("template", ""), f"{where}的模板", allow_empty=True),
            source=check_text(d.get("source", ""), f"{where}的数据来源", allow_empty=True),
            share_decimals=integer(
                d.get("share_decimals", 2), f"{where}的占比小数位数", minimum=0, maximum=MAX_DECIMALS
            ),
        )
        if not isinstance(d.get("sum", True), bool):
            raise ZhoubaoError(f"{where}的 sum 应为 true 或 false：false 表示各类别不相加（不计合计）")
        section.summed = d.get("sum", True)
        section.count_from = d.get("count_from", "year")
        if section.count_from not in ("year", "period"):
            raise ZhoubaoError(
                f"{where}的 count_from “{section.count_from}”未知：应为 year（从1月1日累计）或 period（只计本期）"
            )
        if "since" in d:
            section.since = check_date(d["since"], f"{where}的统计起始日期")
        if "as_of" in d:
            section.as_of = check_date(d["as_of"], f"{where}的统计截止日期")
        if section.since and section.as_of and section.as_of < section.since:
            raise ZhoubaoError(f"{where}的统计截止日期 {section.as_of} 早于起始日期 {section.since}：请改正")
        section.columns = [
            Column.from_dict(c, f"{where}的第{i}列") for i, c in enumerate(array(d.get("columns"), where), 1)
        ]
        if not section.columns:
            raise ZhoubaoError(f"{where}没有列：请在 columns 中声明统计列")
        decimals = {c.name: c.decimals for c in section.columns}
        section.rates = [
            Rate.from_dict(r, f"{where}的第{i}个比率", list(decimals))
            for i, r in enumerate(array(d.get("rates"), f"{where}的 rates"), 1)
        ]
        for i, c in enumerate(array(d.get("category"), f"{where}的 category"), 1):
            section.categories.append(_read_category(c, f"{where}的第{i}个类别", decimals))
        if sum(c.total for c in section.categories) > 1:
            raise ZhoubaoError(f"{where}有多个类别标为合计（total = true）：只能有一个")
        for what, names in (
            ("列", [c.name for c in section.columns]),
            ("比率", [r.name for r in section.rates]),
            ("类别", [c.name for c in section.categories]),
        ):
            twice = next((n for i, n in enumerate(names) if n in names[:i]), None)
            if twice is not None:  # neither could be filled: `stats 甲` would name both
                raise ZhoubaoError(f"{where}的{what}“{twice}”出现两次：请删去一个或改名")
        named = next(
            (c.name for c in section.categories if not c.total and "".join(c.name.split()) in TOTAL_NAMES), None
        )
        if named is not None and section.summed:
            raise ZhoubaoError(
                f"{where}的类别“{named}”会与其他类别相加，合计算了两遍：平台给出的合计请写成"
                f' {{ name = "{named}", total = true }}'
            )
        for i, r in enumerate(array(d.get("row"), f"{where}的 row"), 1):
            section.rows.append(_read_category(r, f"{where}的明细表第{i}行", decimals, what="单位"))
        return section

    # -- dates
    def period(self, period_start: dt.date, period_end: dt.date) -> tuple[dt.date, dt.date]:
        """(counting from, as of): `since` defaults to 1 January of the as-of date's year, or to the
        period's start where the kind counts each issue's period alone (`count_from = "period"`)."""
        as_of = self.as_of or period_end
        return self.since or self.default_since(period_start, as_of), as_of

    def default_since(self, period_start: dt.date, as_of: dt.date) -> dt.date:
        return period_start if self.count_from == "period" else as_of.replace(month=1, day=1)

    # -- composing
    def compose_body(self, ctx: Context) -> list[Block]:
        from zhoubao import typography
        from zhoubao.compose import para

        text = self.paragraphs(ctx)[0]
        return [para(typography.normalise(line)) for line in text.split("\n") if line.strip()]

    def paragraphs(self, ctx: Context) -> tuple[str, list[Change]]:
        """The template's text (a line break starts another paragraph), and every comparison the
        template was offered, each marked when the template printed it."""
        filled: list[dict[str, Any]] = []
        weekly = increments(self, ctx.issue, ctx.previous)
        for category in self.categories:
            if category.total:
                continue
            if not self._complete(category, ctx):
                continue
            filled.append(self._row(category, weekly.get(category.name, {})))
        table_rows = [self._row(r, {}) for r in self.rows if r.values]
        total_category = next((c for c in self.categories if c.total and self._complete(c, ctx)), None)
        if not filled and not table_rows and total_category is None:
            return "", []
        if total_category is not None:
            total = self._row(total_category, {})
        elif self.summed:
            summed = [c for c in self.categories if not c.total and c.name in {r["name"] for r in filled}]
            bases = {key: _sum_bases(summed, key, self.columns) for key in BASES.values()}
            total = self._row(Category("合计", self._sums(filled), total=True, bases=bases), {})
        else:
            total = self._row(Category("合计", {}, total=True), {})
        for row in [*filled, total]:
            row["share"] = {
                c.name: _share(row["values"].get(c.name), total["values"].get(c.name), self.share_decimals)
                for c in self.columns
            }
        table_sums = {c.name: _sum(table_rows, c.name) for c in self.columns}  # once, not once a row
        for row in table_rows:
            row["share"] = {
                c.name: _share(row["values"].get(c.name), table_sums[c.name], self.share_decimals) for c in self.columns
            }
        changes: list[Change] = []
        # a week is no base for a month: 环比 compares periods of the same length only
        previous = ctx.previous if ctx.previous is None or ctx.previous.cadence == ctx.issue.cadence else None
        for key, other in (("huanbi", previous), ("tongbi", ctx.year_before)):
            bases = self._bases_from(other)
            for row in [*filled, total]:
                row[key] = self._changes(row, bases.get(row["total_key"] or row["name"]), key, changes)
        since, as_of = self.period(ctx.issue.period_start, ctx.issue.period_end)
        text = self.sentence(
            source=self.source,
            since=dates.cn_date(since),
            as_of=dates.cn_date(as_of),
            categories=filled,
            totals={c.name: total[c.name] for c in self.columns if c.name in total},
            total_rates=total["rates"],
            total=total,
            rows=RowTable(table_rows, {c.name: c.decimals for c in self.columns}),
            year=ctx.issue.year,
            period=period_names(
                ctx.issue.period_start,
                ctx.issue.period_end,
                ctx.issue.cadence,
                dates.cn_period(ctx.issue.period_start, ctx.issue.period_end)[1:-1],
            ),
        )
        return text, changes

    def wants_year_before(self) -> bool:
        return "tongbi" in self.template

    def _complete(self, category: Category, ctx: Context) -> bool:
        """Whether a category is printed: all its columns filled. None filled: left out with a
        word; some filled: an error naming the missing ones."""
        expected = [c.name for c in self.columns if c.name not in category.lacks]
        missing = [name for name in expected if name not in category.values]
        if len(missing) == len(expected):
            ctx.warnings.append(f"统计类别“{category.name}”没有数字，未列入文件")
            return False
        if missing:
            raise ZhoubaoError(f"统计类别“{category.name}”缺少{'、'.join(missing)}：请用 zhoubao stats 补上")
        return True

    def _row(self, category: Category, weekly: dict[str, Figure]) -> dict[str, Any]:
        """What a template gets for one category (or the total, or a row of the per-unit table)."""
        row: dict[str, Any] = {
            "name": category.name,
            "values": dict(category.values),
            "increase": {},
            "rates": {rate.name: rate.of(category.values) for rate in self.rates if _has_rate(rate, category)},
            "labels": {c.name: category.label(c.name) for c in self.columns},
            "units": {c.name: category.units.get(c.name, c.unit) for c in self.columns},
            "columns": [c.name for c in self.columns if c.name in category.values],
            "total_key": TOTAL if category.total else "",
        }
        for column in self.columns:
            if column.name in category.values:
                row[column.name] = figures.format_figure(category.values[column.name], column.decimals)
            if column.name in weekly:
                row["increase"][column.name] = figures.format_figure(weekly[column.name], column.decimals)
        row["typed_bases"] = category.bases
        return row

    def _sums(self, rows: list[dict[str, Any]]) -> dict[str, Figure]:
        sums: dict[str, Figure] = {}
        for column in self.columns:
            present = [r["values"][column.name] for r in rows if column.name in r["values"]]
            if present:
                sums[column.name] = _figure_sum(present, column.decimals)
        return sums

    def _bases_from(self, other: Any) -> dict[str, dict[str, Figure]]:
        """The figures of another issue's section of the same title, by category name, with the
        total under TOTAL: what 环比 or 同比 compares with."""
        if other is None:
            return {}
        before = next((s for s in other.all_sections() if isinstance(s, Statistics) and s.title == self.title), None)
        if before is None:
            return {}
        out = {c.name: dict(c.values) for c in before.categories if not c.total and c.values}
        given = next((c for c in before.categories if c.total and c.values), None)
        if given is not None:
            out[TOTAL] = dict(given.values)
        elif before.summed:
            out[TOTAL] = self._sums([{"values": v} for v in out.values()])
        return out

    def _changes(
        self, row: dict[str, Any], found: dict[str, Figure] | None, key: str, changes: list[Change]
    ) -> dict[str, Change]:
        """The row's comparisons (环比 or 同比) for each column and rate; a base the clerk typed
        (`上期受理`, `去年同期受理`) stands before one from an issue file."""
        typed = row["typed_bases"].get(key, {})
        base_values = {**(found or {}), **typed}
        out: dict[str, Change] = {}
        where = f"{'环比' if key == 'huanbi' else '同比'}：统计类别“{row['name']}”"
        for column in self.columns:
            points = bool(column.options.get("points"))
            change = Change.between(
                row["values"].get(column.name),
                base_values.get(column.name),
                decimals=column.options.get("points_decimals", column.decimals) if points else column.decimals,
                points=points,
                words=column.words,
                percent_decimals=column.options.get("percent_decimals", 2),
                where=f"{where}的{column.name}",
            )
            out[column.name] = change
            changes.append(change)
        for rate in self.rates:
            change = Change.between(
                rate.value(row["values"]),
                rate.value(base_values),
                decimals=rate.options.get("points_decimals", rate.decimals),
                points=True,
                words=rate.words,
                where=f"{where}的{rate.name}",
            )
            out[rate.name] = change
            changes.append(change)
        return out

    def sentence(
        self,
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
            self.template,
            f"栏目“{self.title}”",
            **(period or _NO_PERIOD),
            source=source,
            since=since,
            as_of=as_of,
            categories=categories,
            totals=totals,
            total_rates=total_rates,
            total=total if total is not None else {"name": "合计", "values": {}, "rates": total_rates},
            rows=rows if rows is not None else RowTable([], {c.name: c.decimals for c in self.columns}),
            columns=[{"name": c.name, "unit": c.unit, "decimals": c.decimals} for c in self.columns],
            year=year,
        )

    # -- checking
    def has_content(self) -> bool:
        return any(c.values for c in self.categories) or any(r.values for r in self.rows)

    def check(self, ctx: Context, error: Report, warn: Report) -> None:
        weekly = increments(self, ctx.issue, ctx.previous)
        for category in self.categories:
            where = f"统计类别“{category.name}”"
            missing = [c.name for c in self.columns if c.name not in category.values and c.name not in category.lacks]
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
        import dataclasses

        try:
            _text, changes = self.paragraphs(dataclasses.replace(ctx, warnings=[]))
        except ZhoubaoError as e:
            error("模板", e.message)  # render refuses it too: check must not pass an issue render cannot make
            return
        for change in changes:
            if change.used and change.problem:
                where, _, problem = change.problem.partition("|")
                warn(where, problem)

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
            for key in BASE_KEYS.values():  # typed bases belong to this period
                if key in category:
                    del category[key]
        if "row" in section_table:  # the per-unit table comes anew from the platform's export
            del section_table["row"]

    @classmethod
    def sample(cls, section_table: dict[str, Any]) -> None:
        columns = [c for c in section_table.get("columns", []) if isinstance(c, dict)]
        categories = section_table.get("category") or [{"name": "示例类别"}]
        for category in categories:
            lacks = category.get("lacks", [])
            category["values"] = {
                c.get("name"): (1.5 if c.get("decimals") else 2) for c in columns if c.get("name") not in lacks
            }
        section_table["category"] = categories
        section_table["row"] = [
            {"name": name, "values": {c.get("name"): (value if c.get("decimals") else int(value)) for c in columns}}
            for name, value in (("示例单位甲", 2.5), ("示例单位乙", 0.0))
        ]

    # -- import
    @classmethod
    def place(cls, reader: Reading, section_table: dict[str, Any], text: str) -> bool:
        """Find each category of the section, then each column's figure after it.

        Tolerant of wording (`，` for `；`, `累计办结`); a later paragraph may carry more categories.
        The figures are kept until `settle`, which fills the categories that have all of them.
        """
        columns = section_table.get("columns", [])
        names = sorted((c["name"] for c in section_table.get("category", [])), key=len, reverse=True)
        if not names or not columns:
            return False
        state = reader.state(section_table)
        found_figures = state.setdefault("figures", {})
        labels = cls._column_labels(section_table)
        hits = list(re.finditer("|".join(re.escape(n) for n in names), text))
        found_any = False
        for i, hit in enumerate(hits):
            if hit.group() in found_figures:
                continue
            segment = text[hit.end() : hits[i + 1].start() if i + 1 < len(hits) else len(text)]
            found: dict[str, Figure] = {}
            words = state.setdefault("words", {}).setdefault(hit.group(), {})
            for column in columns:
                m = _figure(segment, labels.get(column["name"]), column["name"])
                value = figures.read_figure(m.group(1), column.get("decimals", 0)) if m else None
                typed = (
                    re.search(r"([\u4e00-\u9fff]+)\s*$", segment[: m.start(1)])
                    if m and labels.get(column["name"])
                    else None
                )
                if typed and typed.group(1) != labels[column["name"]] and typed.group(1).endswith(column["name"]):
                    words[column["name"]] = typed.group(1)  # this category's own word: 累计办结
                if m and value is None:
                    reader.hint(
                        f"统计类别“{hit.group()}”的{column['name']}“{m.group(1)}”应为整数：未导入，请用 zhoubao stats 填写"
                    )
                elif value is not None:
                    found[column["name"]] = value
            if found:
                found_figures[hit.group()] = found
                found_any = True
        if not found_any:
            return False
        given = state.setdefault("given", set())  # which of the period and the source a paragraph gave
        span = re.search(_DATE_RANGE, text)
        if span and "as_of" not in given:
            since = dates.valid_date(*(int(g) for g in span.groups()[:3]))
            as_of = dates.valid_date(*(int(g) for g in span.groups()[3:]))
            if since and as_of and since <= as_of:
                section_table["since"], section_table["as_of"] = since, as_of
                given.add("as_of")
        source = _source(section_table.get("template", ""), text)
        if source and "source" not in given:
            section_table["source"] = source
            given.add("source")
        state.setdefault("originals", []).append(text)
        return True

    @classmethod
    def settle(cls, reader: Reading, section_table: dict[str, Any]) -> None:
        """Complete categories get their figures; partial or missing ones are reported, not guessed.
        Where the template prints other words than were typed, the typed ones are kept as a comment."""
        from zhoubao import typography

        state = reader.state(section_table)
        if "originals" not in state:
            return
        found_figures = state.get("figures", {})
        columns = [c["name"] for c in section_table.get("columns", [])]
        for category in section_table.get("category", []):
            found = found_figures.get(category["name"], {})
            missing = [c for c in columns if c not in found]
            if not found:
                reader.hint(f"统计类别“{category['name']}”在原文中没有数字：请用 zhoubao stats 填写")
            elif missing:
                reader.hint(
                    f"统计类别“{category['name']}”缺少{'、'.join(missing)}：该类别未导入，请用 zhoubao stats 填写"
                )
            else:
                category["values"] = {c: found[c] for c in columns}
                words = state.get("words", {}).get(category["name"])
                if words:
                    category["labels"] = dict(words)
        if reader.printed(section_table) != [typography.normalise(text) for text in state["originals"]]:
            for text in state["originals"]:
                reader.note(section_table, f"导入时的原文：{text}")
            reader.hint(
                f"统计段“{section_table.get('title', '')}”的措辞与种类模板不同：已按模板重写，"
                f"原文保留在期刊文件的注释中，请核对数字"
            )

    @classmethod
    def _column_labels(cls, section_table: dict[str, Any]) -> dict[str, str]:
        """What the sentence prints right before each column's figure: 受理, 交易金额, or "" (the
        figure follows the category's name, as in `某类项目35个`). Learnt by rendering the template
        for one category whose figures are marks; {} when it cannot be rendered so."""
        try:
            section = cls.read(section_table, "统计栏目", ())
            marks = {c.name: chr(_COLUMN_MARK + i) for i, c in enumerate(section.columns)}
            blank = {name: Change() for name in [*marks, *(r.name for r in section.rates)]}
            row: dict[str, Any] = {
                "name": _CATEGORY_MARK,
                "values": dict.fromkeys(marks, 0),
                "increase": {},
                "labels": {name: name for name in marks},
                "units": {c.name: c.unit for c in section.columns},
                "columns": list(marks),
                "share": dict.fromkeys(marks, ""),
                "huanbi": blank,
                "tongbi": blank,
            }
            row.update(marks)
            row["rates"] = rates = {rate.name: "0" for rate in section.rates}
            shape = section.sentence(
                source="",
                since="",
                as_of="",
                categories=[row],
                totals=dict.fromkeys(marks, "0"),
                total_rates=rates,
                year=0,
            )
        except ZhoubaoError:
            return {}
        units = {marks[c.name]: c.unit for c in section.columns}
        labels: dict[str, str] = {}
        for name, mark in marks.items():
            at = shape.find(mark)
            if at < 0:
                continue
            before = max(shape.rfind(m, 0, at) for m in [_CATEGORY_MARK, *marks.values()])
            if before < 0:
                continue
            literal = shape[before + 1 : at]
            unit = units.get(shape[before], "")
            if unit and literal.startswith(unit):
                literal = literal[len(unit) :]
            labels[name] = re.split(r"[，,、；;：:。\s]", literal)[-1]
        return labels

    # -- the approval round trip (zhoubao/importing/approval.py)
    def read_back(self, ctx: Context, printed: str, approved: str) -> tuple[list[ReadBack], list[str]]:
        """The stored figures an approver changed in this section's printed paragraphs (joined by
        line breaks), and what could not be read back (Chinese lines for the clerk).

        Nothing here knows the sentence's shape: each stored figure (a category's, the given
        total's, a typed base's, a row of the per-unit table's) is moved in turn by a unit or two of
        its last decimal and the section composed again, so a figure's own place is where the moved
        value is printed while every other word stays (a ranking or a sorted list not reordered),
        and places that change with it without showing it are computed from it (totals, shares,
        环比/同比, rates, ranks, 本周新增). The approved text must have the printed one's words
        exactly, figures aside; a changed figure is taken only where it is one stored figure's own place.
        """
        where = f"统计段“{self.title}”"
        old, old_words = _numbers(printed)
        new, new_words = _numbers(approved)
        if old_words != new_words or len(old) != len(new):
            return [], [
                f"{where}在批改稿中的文字与模板生成的不同（不只是数字改动）：数字未回填，请用 zhoubao stats 核对"
            ]
        changed = [i for i, (a, b) in enumerate(zip(old, new, strict=False)) if _plain(a) != _plain(b)]
        if not changed:
            return [], []
        owners: dict[int, list[_Stored]] = {}
        decimals = {c.name: c.decimals for c in self.columns}
        # A figure's own place prints it: only the figures printed as a changed one was are probed.
        was = {figures.exact(_plain(old[i])) for i in changed}
        for stored in self._stored():
            if figures.exact(self._figure(stored)) in was:
                for i in self._places(ctx, stored, decimals[stored.column], old, old_words):
                    owners.setdefault(i, []).append(stored)
        moved = self._moved(ctx, old) if any(not owners.get(i) for i in changed) else set()
        found: dict[_Stored, Figure] = {}
        problems: list[str] = []
        for i in changed:
            mine = owners.get(i, [])
            if len(mine) > 1:
                problems.append(
                    f"{where}中的“{old[i]}”改为“{new[i]}”：对应不止一个数字，未回填，请用 zhoubao stats 填写"
                )
            elif mine:
                stored = mine[0]
                value = self._approved_figure(stored, new[i], decimals[stored.column], problems)
                if value is None or (value == self._figure(stored) and stored not in found):
                    continue
                if stored in found and found[stored] != value:
                    problems.append(f"{stored.what}在批改稿中两处不同：未回填，请用 zhoubao stats 填写")
                    found[stored] = _CONFLICT
                elif found.get(stored) is not _CONFLICT:
                    found[stored] = value
            elif i not in moved:
                problems.append(
                    f"{where}中的“{old[i]}”改为“{new[i]}”：不是存下的统计数字（日期或模板文字），未回填，请核对"
                )
        taken = {stored: value for stored, value in found.items() if value is not _CONFLICT}
        # What the figures taken make of the text: a computed figure changed otherwise is told.
        final = self._composed_with(ctx, taken)
        if final is not None and taken:
            numbers, words = _numbers(final)
            if words != new_words or len(numbers) != len(new):
                problems.append(f"{where}按回填的数字重新生成时顺序或文字会变（如排名先后）：数字已回填，生成后请核对")
            else:
                for i, (made, wanted) in enumerate(zip(numbers, new, strict=False)):
                    if made == _plain(wanted):
                        continue
                    if owners.get(i):
                        problems.append(
                            f"{where}中的“{old[i]}”与改动的数字是同一个数，批改稿中此处未改：按回填的数字应为“{made}”，请核对"
                        )
                    elif made != _plain(old[i]):
                        problems.append(
                            f"{where}中计算得出的数（合计、占比、环比/同比、比率、排名或本周新增）“{old[i]}”在批改稿中为“{wanted}”，"
                            f"按回填的数字应为“{made}”：计算得出的数不保存，请核对"
                        )
        elif final is None and taken:
            problems.append(f"{where}按回填的数字无法重新生成：数字未回填，请用 zhoubao stats 核对")
            taken = {}
        for i in changed:  # a computed figure changed while no stored one was
            if i in moved and not owners.get(i) and not taken:
                problems.append(
                    f"{where}中计算得出的数（合计、占比、环比/同比、比率、排名或本周新增）“{old[i]}”改为“{new[i]}”："
                    f"计算得出的数不保存，请改它所由的数字（zhoubao stats）"
                )
        return [ReadBack(*s, value, self._figure(s), decimals[s.column]) for s, value in taken.items()], problems

    def _approved_figure(self, stored: _Stored, printed: str, decimals: int, problems: list[str]) -> Figure | None:
        """The figure the approver typed, if the column can hold it; else None, and why in `problems`."""
        value = figures.read_figure(printed, decimals)
        if value is None:
            problems.append(f"{stored.what}“{printed}”不是有效的数字：未回填，请用 zhoubao stats 填写")
            return None
        if len(_plain(printed).partition(".")[2]) > decimals:
            problems.append(
                f"{stored.what}“{printed}”的小数位数多于该列的 {decimals} 位：未回填，请用 zhoubao stats 填写"
            )
            return None
        try:
            return check_number(value, stored.what, decimals)
        except ZhoubaoError as error:
            problems.append(f"批改稿中{error.message}（未回填）")
            return None

    def _stored(self) -> Iterator[_Stored]:
        """Every figure this section stores: its categories' (the given total among them) and their
        typed bases, and the per-unit table's rows."""
        for table_key, holders in (("category", self.categories), ("row", self.rows)):
            for index, holder in enumerate(holders):
                for key, values in (("values", holder.values), *((BASE_KEYS[k], v) for k, v in holder.bases.items())):
                    for column in values:
                        yield _Stored(table_key, index, holder.name, key, column)

    def _places(self, ctx: Context, stored: _Stored, decimals: int, old: list[str], old_words: str) -> set[int]:
        """Where a stored figure is printed: the places showing it when it is moved a unit or two
        up (or, where that reorders the text, down) while every other word stays."""
        value = figures.exact(self._figure(stored))
        step = figures.exact(1).scaleb(-decimals)
        for direction in (1, -1):
            probes = [value + direction * k * step for k in (1, 2)]
            if any(p < 0 for p in probes):
                continue
            shown: list[set[int]] = []
            for probe in probes:
                text = self._composed_with(ctx, {stored: _as_figure(probe, decimals)})
                numbers, words = _numbers(text) if text is not None else ([], "")
                if words != old_words or len(numbers) != len(old):
                    break
                printed = figures.format_figure(probe, decimals)
                shown.append({i for i, n in enumerate(numbers) if n == printed and n != old[i]})
            else:
                return set.intersection(*shown)
        return set()

    def _moved(self, ctx: Context, old: list[str]) -> set[int]:
        """The places that change when some stored figure changes a good deal (shares and rates are
        rounded coarser than a unit): computed ones, to word a report. A reordering may mark a few
        too many; nothing is stored by it."""
        moved: set[int] = set()
        decimals = {c.name: c.decimals for c in self.columns}
        for stored in self._stored():
            value, places = figures.exact(self._figure(stored)), decimals[stored.column]
            step = figures.exact(1).scaleb(-places)
            for probe in (value * figures.exact(1.1) + step, value * figures.exact(0.9), value + _FAR):
                text = self._composed_with(ctx, {stored: _as_figure(figures.rounded(probe, places), places)})
                numbers = _numbers(text)[0] if text is not None else []
                if len(numbers) == len(old):
                    moved.update(i for i, n in enumerate(numbers) if n != old[i])
        return moved

    def _figure(self, stored: _Stored) -> Figure:
        holder = (self.categories if stored.table == "category" else self.rows)[stored.position]
        if stored.key == "values":
            return holder.values[stored.column]
        return holder.bases[_BASE_OF_KEY[stored.key]][stored.column]

    def _composed_with(self, ctx: Context, changes: dict[_Stored, Figure]) -> str | None:
        """This section's printed paragraphs (joined by line breaks) with some stored figures
        changed; None when it cannot be composed."""
        import copy

        from zhoubao.compose import Context as Composing
        from zhoubao.outline import Paragraph

        probe = copy.copy(self)
        probe.categories = [copy.copy(c) for c in self.categories]  # so whatever else one holds stays
        probe.rows = [copy.copy(r) for r in self.rows]
        for stored, value in changes.items():
            holder = (probe.categories if stored.table == "category" else probe.rows)[stored.position]
            if stored.key == "values":
                holder.values = {**holder.values, stored.column: value}
            else:
                base = _BASE_OF_KEY[stored.key]
                holder.bases = {**holder.bases, base: {**holder.bases.get(base, {}), stored.column: value}}
        try:
            blocks = probe.compose_body(Composing(ctx.issue, ctx.previous))
        except ZhoubaoError:
            return None
        return "\n".join(b.text for b in blocks if isinstance(b, Paragraph))

    # -- show
    def show(self, node: Tree, ctx: Context) -> None:
        from rich.table import Table
        from rich.text import Text

        weekly = increments(self, ctx.issue, ctx.previous)
        new_word = "本周新增" if ctx.issue.cadence == WEEKLY else "本期新增"
        grid = Table(show_edge=False, pad_edge=False)
        grid.add_column("类别")
        for column in self.columns:
            # headers as Text: a column name is shown as typed, never read as rich markup
            grid.add_column(Text(f"{column.name}（{column.unit}）" if column.unit else column.name), justify="right")
            if weekly:
                grid.add_column(Text(f"{new_word}{column.name}"), justify="right", style="green")
        for category in self.categories:
            cells: list[str | Text] = []
            for c in self.columns:
                if c.name in category.values:
                    cells.append(figures.format_figure(category.values[c.name], c.decimals))
                else:
                    cells.append(Text("—", style="dim") if c.name in category.lacks else Text("未填", style="red"))
                if weekly:
                    cells.append(str(weekly.get(category.name, {}).get(c.name, "")))
            grid.add_row(Text(category.name + ("（合计）" if category.total else "")), *cells)
        since, as_of = self.period(ctx.issue.period_start, ctx.issue.period_end)
        node.add(Text(f"{self.source + ' ' if self.source else ''}{since} 至 {as_of}", style="dim"))
        if self.categories:
            node.add(grid)
        for category in self.categories:
            for prefix, comparison in BASES.items():
                typed = category.bases.get(comparison)
                if typed:
                    said = "，".join(f"{prefix}{column} {value}" for column, value in typed.items())
                    node.add(Text(f"{category.name}：{said}", style="dim"))
        if self.rows:
            table = Table(show_edge=False, pad_edge=False, title=Text(f"明细表（{len(self.rows)} 行）"))
            table.add_column("单位")
            for column in self.columns:
                table.add_column(Text(column.name), justify="right")
            for row in self.rows:
                table.add_row(
                    Text(row.name),
                    *(
                        figures.format_figure(row.values[c.name], c.decimals) if c.name in row.values else ""
                        for c in self.columns
                    ),
                )
            node.add(table)


# ----------------------------------------------------------------------------- comparisons, shares, rankings

_NO_PERIOD = {"period_name": "", "month": 0, "months": "", "cumulative_months": "", "quarter": 0, "quarter_cn": ""}
# What a kind may write in a column, a rate and a category (kinds --check names any other key).
COLUMN_KEYS = frozenset(
    {"name", "unit", "decimals", "flag", "not_above", "points", "words", "percent_decimals", "points_decimals"}
)
RATE_KEYS = frozenset({"name", "numerator", "denominator", "decimals", "words", "points_decimals"})
CATEGORY_KEYS = frozenset({"name", "units", "lacks", "total", "labels"})
TOTAL = "\0合计"  # the total's key among a section's figures by category (no category can be named so)
# A base typed by the clerk where no issue file holds it: its prefix in a CSV header or --value
# (`上期受理`, `去年同期受理`) → the comparison it serves.
BASES = {"上期": "huanbi", "去年同期": "tongbi"}
COLUMN_WORDS = ("增加", "减少", "持平")
RATE_WORDS = ("提高", "降低", "持平")


def _words(options: dict[str, Any], default: tuple[str, str, str]) -> tuple[str, str, str]:
    words = options.get("words")
    return (words[0], words[1], words[2]) if isinstance(words, list) and len(words) == 3 else default


def _check_change_options(options: dict[str, Any], where: str) -> None:
    words = options.get("words")
    if words is not None and not (
        isinstance(words, list) and len(words) == 3 and all(isinstance(w, str) and w.strip() for w in words)
    ):
        raise ZhoubaoError(
            f'{where}的 words 应为三个词：[上升的说法, 下降的说法, 不变的说法]，如 ["增长", "下降", "持平"]'
        )
    for key in ("percent_decimals", "points_decimals"):
        if key in options:
            integer(options[key], f"{where}的 {key}", minimum=0, maximum=MAX_DECIMALS)
    if "points" in options and not isinstance(options["points"], bool):
        raise ZhoubaoError(f"{where}的 points 应为 true 或 false：true 表示本列本身是百分数，变化以百分点计")


def _read_category(c: Any, where: str, decimals: dict[str, int], what: str = "类别") -> Category:
    """A category (or a row of the per-unit table) of the file, validated against the columns."""
    c = table(c, where)
    name = check_text(c.get("name"), f"{where}名称")
    if name.startswith("\0"):
        raise ZhoubaoError(f"{where}名称含有控制字符：请改正")
    columns = "、".join(decimals)

    def figures_of(key: str, label: str) -> dict[str, Figure]:
        values = table(c.get(key, {}), f"{what}“{name}”的 {key}")
        for col in values:
            if col not in decimals:
                raise ZhoubaoError(f"{what}“{name}”{label}的列“{col}”未声明：可用列为 {columns}")
        return {col: check_number(v, f"{what}“{name}”{label}的{col}", decimals[col]) for col, v in values.items()}

    def words_of(key: str, label: str) -> dict[str, str]:
        words = table(c.get(key, {}), f"{what}“{name}”的 {key}")
        for col, word in words.items():
            if col not in decimals:
                raise ZhoubaoError(f"{what}“{name}”的{label}对应的列“{col}”未声明：可用列为 {columns}")
            check_text(word, f"{what}“{name}”的{col}{label}", allow_empty=key == "units")
        return dict(words)

    lacks = array(c.get("lacks", []), f"{what}“{name}”的 lacks")
    for col in lacks:
        if col not in decimals:
            raise ZhoubaoError(f"{what}“{name}”的 lacks 中的列“{col}”未声明：可用列为 {columns}")
    total = c.get("total", False)
    if not isinstance(total, bool):
        raise ZhoubaoError(f"{what}“{name}”的 total 应为 true 或 false")
    bases = {
        comparison: figures_of(key, f"的{prefix}数字")
        for prefix, comparison in BASES.items()
        for key in [BASE_KEYS[comparison]]
        if key in c
    }
    return Category(
        name,
        figures_of("values", ""),
        words_of("labels", "措辞"),
        words_of("units", "单位"),
        list(lacks),
        total,
        bases,
    )


# The issue file's key of each comparison's typed base.
BASE_KEYS = {"huanbi": "last", "tongbi": "last_year"}
_BASE_OF_KEY = {key: comparison for comparison, key in BASE_KEYS.items()}


class _Stored(NamedTuple):
    """One figure a statistics section stores: in `category` or `row` at `position` (its `name`),
    under `key` (values, or a typed base: last, last_year), in `column`."""

    table: str
    position: int
    name: str
    key: str
    column: str

    @property
    def what(self) -> str:
        holder = f"统计类别“{self.name}”" if self.table == "category" else f"明细表中“{self.name}”"
        base = {"last": "的上期", "last_year": "的去年同期"}.get(self.key, "的")
        return f"{holder}{base}{self.column}"


class ReadBack(NamedTuple):
    """A figure read back from the approved file: where it is stored (as `_Stored`) and its value."""

    table: str  # category, row
    position: int
    name: str
    key: str  # values, last, last_year
    column: str
    value: Figure
    was: Figure
    decimals: int  # the column's, to show the figure as the bulletin prints it

    @property
    def what(self) -> str:
        return _Stored(self.table, self.position, self.name, self.key, self.column).what

    def printed(self, value: Figure) -> str:
        return figures.format_figure(value, self.decimals)


_FAR = 97531  # a figure moved this far moves every place computed from it
_CONFLICT: Any = object()  # a figure printed twice and changed to two different values


def _sum_bases(categories: list[Category], key: str, columns: list[Column]) -> dict[str, Figure]:
    """The total's typed base: the categories' sum, for each column every one of them has typed."""
    out: dict[str, Figure] = {}
    for column in columns:
        present = [c.bases.get(key, {}).get(column.name) for c in categories if column.name in c.values]
        if present and all(v is not None for v in present):
            out[column.name] = _figure_sum([v for v in present if v is not None], column.decimals)
    return out


def _figure_sum(values: list[Figure], decimals: int) -> Figure:
    """Figures added in decimal arithmetic, held as the column holds them (a count an int)."""
    total = sum(figures.exact(v) for v in values)
    return int(total) if decimals == 0 else float(total)


def _has_rate(rate: Rate, category: Category) -> bool:
    return rate.numerator in category.values and rate.denominator in category.values


def _share(value: Figure | None, total: Figure | None, decimals: int) -> str:
    """A figure's share of the total in per cent, formatted; "" when either is missing or the total is 0."""
    if value is None or total is None:
        return ""
    share = figures.percent(value, total)
    return "" if share is None else figures.format_figure(share, decimals)


def _sum(rows: list[dict[str, Any]], column: str) -> Figure | None:
    present = [r["values"][column] for r in rows if column in r["values"]]
    return sum(figures.exact(v) for v in present) if present else None  # type: ignore[return-value]


class Change:
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
    ) -> Change:
        change = cls()
        if value is None:
            return change
        if base is None:
            change.problem = f"{where}|没有可比的数字（没有那一期的文件，或那一期没有这个数）：不印比较"
            return change
        change.known = True
        change.base = figures.format_figure(base, decimals)
        difference = figures.rounded(figures.exact(value) - figures.exact(base), decimals)
        change.sign = (difference > 0) - (difference < 0)
        change.word = words[0] if change.sign > 0 else words[1] if change.sign else words[2]
        change.diff = figures.format_figure(abs(difference), decimals)
        if points:
            change._points = change.diff
            change._text = f"{change.word}{change.diff}个百分点" if change.sign else change.word
            return change
        ratio = figures.percent(abs(difference), base)
        if ratio is None:
            if change.sign:
                change.problem = f"{where}|基数为 0，无法计算百分比：不印比较"
            else:
                change._text = change.word
            return change
        change._percent = figures.format_figure(ratio, percent_decimals)
        change._text = f"{change.word}{change._percent}%" if change.sign else change.word
        return change

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
        return figures.format_figure(sum(figures.exact(r["values"][column]) for r in present), decimals)

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.all)


def increments(section: Statistics, issue: Any, previous: Any) -> dict[str, dict[str, Figure]]:
    """本周新增 per category and column: this cumulative figure minus the predecessor's.

    Only where the predecessor has a statistics section of the same title that counts from the
    same date (a new year, or another `since`, starts the count afresh), and only for the
    categories and columns both filled. Rounded to the column's decimals.
    """
    if previous is None:
        return {}
    before = next((s for s in previous.all_sections() if isinstance(s, Statistics) and s.title == section.title), None)
    if before is None or (
        before.period(previous.period_start, previous.period_end)[0]
        != section.period(issue.period_start, issue.period_end)[0]
    ):
        return {}
    decimals = {c.name: c.decimals for c in section.columns}
    last = {c.name: c.values for c in before.categories}
    out: dict[str, dict[str, Figure]] = {}
    for category in section.categories:
        common = set(category.values) & set(last.get(category.name, {}))
        out[category.name] = {
            col: _difference(category.values[col], last[category.name][col], decimals.get(col, 0)) for col in common
        }
    return out


def _difference(value: Figure, last: Figure, decimals: int) -> Figure:
    return value - last if decimals == 0 else round(value - last, decimals)


def _as_figure(value: Decimal, decimals: int) -> Figure:
    return int(value) if decimals == 0 else float(value)


def _plain(printed: str) -> str:
    """A figure as printed without its thousands separators: 1,210 is 1210."""
    return printed.replace(",", "")


def _numbers(text: str) -> tuple[list[str], str]:
    """The figures of a printed sentence in order, and its words with each figure taken out."""
    found = [m.group(1) for m in re.finditer(_FIGURE.strip("\\s*"), text)]
    return found, re.sub(_FIGURE.strip("\\s*"), "\0", text)


def _figure(segment: str, label: str | None, column: str) -> re.Match[str] | None:
    """The figure after the column's label (or right at the start when the label is empty), else
    after the column's name anywhere in the segment (`累计办结 51546`)."""
    if label == "":
        m = re.match(_FIGURE, segment)
    else:
        m = re.search(re.escape(label) + _FIGURE, segment) if label else None
    return m or re.search(re.escape(column) + _FIGURE, segment)


def _source(template: str, text: str) -> str | None:
    """The data source, read between the template's words around {{ source }} (据…数据统计)."""
    m = re.search(r"([^}%]*)\{\{\s*source\s*\}\}([^{，,。]*)", template)
    if not m or not (m.group(1) or m.group(2)):
        return None
    before = m.group(1)[-4:]
    found = (
        re.search(re.escape(before) + r"(.+?)" + re.escape(m.group(2)), text)
        if m.group(2)
        else re.search(re.escape(before) + r"(.+?)[，,]", text)
    )
    return found.group(1) if found else None
