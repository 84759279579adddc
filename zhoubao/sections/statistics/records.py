"""statistics records: the columns, rates, categories and per-unit rows a statistics section holds,
read from the issue file and validated; the keys a kind may write; what a new issue clears."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import field
from typing import TYPE_CHECKING, Any, Self

from zhoubao import figures
from zhoubao.errors import ZhoubaoError
from zhoubao.sections.base import IssueView, Section
from zhoubao.validate import Record, array, check_date, check_number, check_text, integer, record, table

if TYPE_CHECKING:
    from decimal import Decimal

Figure = figures.Figure

MAX_DECIMALS = 10  # a figure printed with more decimals than this is a mistake (and 10**8 would fill memory)
# What a kind may write in a column, a rate and a category (kinds --check names any other key).
COLUMN_KEYS = frozenset(
    {"name", "unit", "decimals", "flag", "not_above", "points", "words", "percent_decimals", "points_decimals"}
)
RATE_KEYS = frozenset({"name", "numerator", "denominator", "decimals", "words", "points_decimals", "over"})
CATEGORY_KEYS = frozenset({"name", "units", "lacks", "total", "labels", "carry_over"})
TOTAL_KEY = "\0合计"  # the total's key among a section's figures by category (no category can be named so)
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


# The issue file's key of each comparison's typed base.
BASE_KEYS = {"huanbi": "last", "tongbi": "last_year"}
# What a platform calls its total row or category: never a unit or a category to add up.
TOTAL_NAMES = frozenset({"合计", "总计", "小计", "总数"})


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
    is_total: bool = False  # the stated total of the section (全州, `total = true`), not one of the parts summed
    # Figures typed for the comparisons where no issue file holds them: BASES' keys → column → figure.
    bases: dict[str, dict[str, Figure]] = field(default_factory=dict)
    # Work carried over from before the count began (`carry_over = true`): a column above the one
    # it should not exceed (办结 above 受理) is expected, and check does not ask every week.
    carry_over: bool = False

    def label(self, column: str) -> str:
        return self.labels.get(column, column)


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
    is_total = c.get("total", False)
    if not isinstance(is_total, bool):
        raise ZhoubaoError(f"{what}“{name}”的 total 应为 true 或 false")
    carry_over = c.get("carry_over", False)
    if not isinstance(carry_over, bool):
        raise ZhoubaoError(f"{what}“{name}”的 carry_over 应为 true 或 false：true 表示有结转，办结可以大于受理")
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
        is_total,
        bases,
        carry_over=carry_over,
    )


@record
class StatisticsRecord(Section):
    """A statistics section as the issue file holds it: categories × columns of cumulative figures,
    the per-unit table, and the sentence template that prints them. What is done with them is
    the section type's (zhoubao.sections.statistics.section.Statistics)."""

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
            "numbered",
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
    numbered: bool = False  # each paragraph of the template an item, numbered as the kind numbers items

    @classmethod
    def read(cls, d: dict[str, Any], where: str, path: tuple[int, ...]) -> Self:
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
        if not isinstance(d.get("numbered", False), bool):
            raise ZhoubaoError(
                f"{where}的 numbered 应为 true 或 false：true 表示模板的每一段是一项，按种类的编号（如（1））编号"
            )
        section.numbered = d.get("numbered", False)
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
        if sum(c.is_total for c in section.categories) > 1:
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
            (c.name for c in section.categories if not c.is_total and "".join(c.name.split()) in TOTAL_NAMES), None
        )
        if named is not None and section.summed:
            raise ZhoubaoError(
                f"{where}的类别“{named}”会与其他类别相加，合计算了两遍：平台给出的合计请写成"
                f' {{ name = "{named}", total = true }}'
            )
        parts = [c.name for c in section.categories if not c.is_total]
        for rate in section.rates:
            over = rate.options.get("over")
            if over is None:
                continue
            if not isinstance(over, list) or not over or not all(isinstance(n, str) for n in over):
                raise ZhoubaoError(f'{where}的比率“{rate.name}”的 over 应为类别名称的列表：如 over = ["政府采购"]')
            unknown = next((n for n in over if n not in parts), None)
            if unknown is not None:
                raise ZhoubaoError(
                    f"{where}的比率“{rate.name}”的 over 中的“{unknown}”不是本栏目的类别：可用类别有 {'、'.join(parts)}"
                )
        for i, r in enumerate(array(d.get("row"), f"{where}的 row"), 1):
            section.rows.append(_read_category(r, f"{where}的明细表第{i}行", decimals, what="单位"))
        return section

    def same_in(self, other: IssueView | None) -> StatisticsRecord | None:
        """This section in another issue (the previous one, or last year's): the statistics section
        of the same title; None when there is none. 本周新增, 环比 and 同比 all find it here."""
        if other is None:
            return None
        return next(
            (s for s in other.all_sections() if isinstance(s, StatisticsRecord) and s.title == self.title), None
        )

    # -- dates
    def period(self, period_start: dt.date, period_end: dt.date) -> tuple[dt.date, dt.date]:
        """(counting from, as of): `since` defaults to 1 January of the as-of date's year, or to the
        period's start where the kind counts each issue's period alone (`count_from = "period"`)."""
        as_of = self.as_of or period_end
        return self.since or self.default_since(period_start, as_of), as_of

    def default_since(self, period_start: dt.date, as_of: dt.date) -> dt.date:
        return period_start if self.count_from == "period" else as_of.replace(month=1, day=1)

    def wants_year_before(self) -> bool:
        return "tongbi" in self.template

    # -- checking
    def has_content(self) -> bool:
        return any(c.values for c in self.categories) or any(r.values for r in self.rows)

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
