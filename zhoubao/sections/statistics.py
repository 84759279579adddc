"""statistics: figures by category and column, printed through the kind's sentence template.

Figures are cumulative from `since` (1 January by default) to `as_of` (the period's end by
default). The week's increment (本周新增) is this issue's figure minus the predecessor's, where
both count from the same date; `increments` is the one place that rule is written.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import field
from typing import TYPE_CHECKING, Any

from zhoubao import dates, figures
from zhoubao.errors import ZhoubaoError
from zhoubao.sections.base import Reading, Report, Section
from zhoubao.values import Record, array, check_date, check_number, check_text, integer, record, table

if TYPE_CHECKING:
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
# The approval round trip: values a stored figure is set to, in turn, to find where it is printed.
_PROBES = (97531, 86420)


@record
class Column(Record):
    """A statistics column: its name, unit and decimals, and any options the kind gives."""

    name: str
    unit: str = ""
    decimals: int = 0
    options: dict[str, Any] = field(default_factory=dict)  # e.g. not_above = <another column>, flag = "accepted"

    @classmethod
    def from_dict(cls, d: dict, where: str) -> Column:
        d = table(d, where)
        return cls(
            name=check_text(d.get("name"), f"{where}的名称"),
            unit=check_text(d.get("unit", ""), f"{where}的单位", allow_empty=True),
            decimals=integer(d.get("decimals", 0), f"{where}的小数位数", minimum=0, maximum=MAX_DECIMALS),
            options={k: v for k, v in d.items() if k not in ("name", "unit", "decimals")},
        )


@record
class Rate(Record):
    """A computed percentage, e.g. 节约率 = 节约资金 / 交易金额 × 100; never typed."""

    name: str
    numerator: str
    denominator: str
    decimals: int = 2

    @classmethod
    def from_dict(cls, d: dict, where: str, columns: list[str]) -> Rate:
        d = table(d, where)
        rate = cls(
            name=check_text(d.get("name"), f"{where}的名称"),
            numerator=check_text(d.get("numerator"), f"{where}的分子"),
            denominator=check_text(d.get("denominator"), f"{where}的分母"),
            decimals=integer(d.get("decimals", 2), f"{where}的小数位数", minimum=0, maximum=MAX_DECIMALS),
        )
        for column in (rate.numerator, rate.denominator):
            if column not in columns:
                raise ZhoubaoError(f"{where}引用的列“{column}”未声明：可用列为 {'、'.join(columns)}")
        return rate

    def of(self, values: dict[str, Figure]) -> str:
        """The rate of one category's (or the totals') figures, formatted; "—" when undefined."""
        return figures.rate(values.get(self.numerator, 0), values.get(self.denominator, 0), self.decimals)


@record
class Category(Record):
    """A statistics category (a row) and its figures by column name."""

    name: str
    values: dict[str, Figure] = field(default_factory=dict)
    # The category's own word for a column where it differs: 其它九类行权事项 累计办结, not 办结.
    labels: dict[str, str] = field(default_factory=dict)

    def label(self, column: str) -> str:
        return self.labels.get(column, column)


@record
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
        section = cls(
            title=title,
            path=path,
            options=options,
            template=check_text(d.get("template", ""), f"{where}的模板", allow_empty=True),
            source=check_text(d.get("source", ""), f"{where}的数据来源", allow_empty=True),
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
            c = table(c, f"{where}的第{i}个类别")
            name = check_text(c.get("name"), f"{where}的第{i}个类别名称")
            values = table(c.get("values", {}), f"类别“{name}”的 values")
            for col in values:
                if col not in decimals:
                    raise ZhoubaoError(f"类别“{name}”的列“{col}”未声明：可用列为 {'、'.join(decimals)}")
            labels = table(c.get("labels", {}), f"类别“{name}”的 labels")
            for col, word in labels.items():
                if col not in decimals:
                    raise ZhoubaoError(f"类别“{name}”的措辞对应的列“{col}”未声明：可用列为 {'、'.join(decimals)}")
                check_text(word, f"类别“{name}”的{col}措辞")
            section.categories.append(
                Category(
                    name,
                    {col: check_number(v, f"类别“{name}”的{col}", decimals[col]) for col, v in values.items()},
                    dict(labels),
                )
            )
        return section

    # -- dates
    def period(self, period_end: dt.date) -> tuple[dt.date, dt.date]:
        """(counting from, as of): `since` defaults to 1 January of the as-of date's year."""
        as_of = self.as_of or period_end
        return self.since or as_of.replace(month=1, day=1), as_of

    # -- composing
    def compose_body(self, ctx: Context) -> list[Block]:
        from zhoubao import typography
        from zhoubao.compose import para

        filled = []
        weekly = increments(self, ctx.issue, ctx.previous)
        for category in self.categories:
            missing = [c.name for c in self.columns if c.name not in category.values]
            if len(missing) == len(self.columns):
                ctx.warnings.append(f"统计类别“{category.name}”没有数字，未列入文件")
                continue
            if missing:
                raise ZhoubaoError(f"统计类别“{category.name}”缺少{'、'.join(missing)}：请用 zhoubao stats 补上")
            row: dict[str, Any] = {
                "name": category.name,
                "values": dict(category.values),
                "increase": {},
                "rates": {rate.name: rate.of(category.values) for rate in self.rates},
                "labels": {c.name: category.label(c.name) for c in self.columns},
            }
            for column in self.columns:
                row[column.name] = figures.format_figure(category.values[column.name], column.decimals)
                if column.name in weekly.get(category.name, {}):
                    row["increase"][column.name] = figures.format_figure(
                        weekly[category.name][column.name], column.decimals
                    )
            filled.append(row)
        if not filled:
            return []
        sums = {c.name: sum(r["values"][c.name] for r in filled) for c in self.columns}
        totals = {c.name: figures.format_figure(sums[c.name], c.decimals) for c in self.columns}
        since, as_of = self.period(ctx.issue.period_end)
        sentence = self.sentence(
            source=self.source,
            since=dates.cn_date(since),
            as_of=dates.cn_date(as_of),
            categories=filled,
            totals=totals,
            total_rates={rate.name: rate.of(sums) for rate in self.rates},
            year=ctx.issue.year,
        )
        return [para(typography.normalise(sentence))]

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
    ) -> str:
        """The kind's sentence template rendered: the one place that names its variables."""
        from zhoubao.templating import render_template

        return render_template(
            self.template,
            f"栏目“{self.title}”",
            source=source,
            since=since,
            as_of=as_of,
            categories=categories,
            totals=totals,
            total_rates=total_rates,
            columns=[{"name": c.name, "unit": c.unit, "decimals": c.decimals} for c in self.columns],
            year=year,
        )

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
            row: dict[str, Any] = {
                "name": _CATEGORY_MARK,
                "values": dict.fromkeys(marks, 0),
                "increase": {},
                "labels": {name: name for name in marks},
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
    def read_back(self, ctx: Context, printed: str, approved: str) -> tuple[dict[str, dict[str, Figure]], list[str]]:
        """The figures an approver changed in this section's printed sentence: {category: {column:
        value}}, and what could not be read back (Chinese lines for the clerk).

        Nothing here knows the sentence's shape: each stored figure is changed in turn to a probe
        value and the section composed again, so a figure's own place in the sentence is where the
        probe is printed, and places that change with it without showing it are computed from it
        (totals, rates, 本周新增). The approved sentence must have the printed one's words exactly,
        figures aside; a changed figure is taken only where it is one stored figure's own place.
        """
        where = f"统计段“{self.title}”"
        old, old_words = _numbers(printed)
        new, new_words = _numbers(approved)
        if old_words != new_words or len(old) != len(new):
            return {}, [
                f"{where}在批改稿中的文字与模板生成的不同（不只是数字改动）：数字未回填，请用 zhoubao stats 核对"
            ]
        changed = [i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b]
        if not changed:
            return {}, []
        owners: dict[int, list[tuple[str, str]]] = {}
        moved: set[int] = set()
        decimals = {c.name: c.decimals for c in self.columns}
        for category in self.categories:
            for column in category.values:
                shown: list[set[int]] = []
                for probe in _PROBES:
                    value = round(probe / 10 ** decimals[column], decimals[column]) if decimals[column] else probe
                    text = self._composed_with(ctx, category.name, column, value)
                    numbers = _numbers(text)[0] if text is not None else []
                    if len(numbers) != len(old):
                        shown.append(set())
                        continue
                    moved.update(i for i, n in enumerate(numbers) if n != old[i])
                    shown.append(
                        {i for i, n in enumerate(numbers) if n == figures.format_figure(value, decimals[column])}
                    )
                for i in set.intersection(*shown):
                    owners.setdefault(i, []).append((category.name, column))
        found: dict[str, dict[str, Figure]] = {}
        problems: list[str] = []
        for i in changed:
            mine = owners.get(i, [])
            if len(mine) > 1:
                problems.append(
                    f"{where}中的“{old[i]}”改为“{new[i]}”：对应不止一个数字，未回填，请用 zhoubao stats 填写"
                )
            elif mine:
                name, column = mine[0]
                value = figures.read_figure(new[i], decimals[column])
                before = found.get(name, {}).get(column)
                if value is None:
                    problems.append(
                        f"统计类别“{name}”的{column}“{new[i]}”不是有效的数字：未回填，请用 zhoubao stats 填写"
                    )
                elif before is not None and before != value:
                    problems.append(f"统计类别“{name}”的{column}在批改稿中两处不同：未回填，请用 zhoubao stats 填写")
                else:
                    found.setdefault(name, {})[column] = value
            elif i not in moved:
                problems.append(
                    f"{where}中的“{old[i]}”改为“{new[i]}”：不是存下的统计数字（日期或模板文字），未回填，请核对"
                )
        # What the figures taken make of the sentence: a computed figure changed otherwise is told.
        final = self._composed_with_all(ctx, found)
        if final is not None:
            numbers = _numbers(final)[0]
            if len(numbers) == len(new):
                for i, (made, wanted) in enumerate(zip(numbers, new, strict=False)):
                    if made != wanted and i in moved and not owners.get(i):
                        problems.append(
                            f"{where}中计算得出的数（合计、比率或本周新增）“{old[i]}”在批改稿中为“{wanted}”，"
                            f"按回填的数字应为“{made}”：计算得出的数不保存，请核对"
                        )
        return found, problems

    def _composed_with(self, ctx: Context, name: str, column: str, value: Figure) -> str | None:
        return self._composed_with_all(ctx, {name: {column: value}})

    def _composed_with_all(self, ctx: Context, changes: dict[str, dict[str, Figure]]) -> str | None:
        """This section's printed sentence with some figures changed; None when it cannot be composed."""
        import copy

        from zhoubao.compose import Context as Composing
        from zhoubao.outline import Paragraph

        probe = copy.copy(self)
        probe.categories = []
        for category in self.categories:  # copies, so whatever else a category holds stays with it
            changed = copy.copy(category)
            changed.values = {**category.values, **changes.get(category.name, {})}
            probe.categories.append(changed)
        try:
            blocks = probe.compose_body(Composing(ctx.issue, ctx.previous))
        except ZhoubaoError:
            return None
        texts = [b.text for b in blocks if isinstance(b, Paragraph)]
        return "\n".join(texts)

    # -- show
    def show(self, node: Tree, ctx: Context) -> None:
        from rich.table import Table
        from rich.text import Text

        weekly = increments(self, ctx.issue, ctx.previous)
        grid = Table(show_edge=False, pad_edge=False)
        grid.add_column("类别")
        for column in self.columns:
            # headers as Text: a column name is shown as typed, never read as rich markup
            grid.add_column(Text(f"{column.name}（{column.unit}）" if column.unit else column.name), justify="right")
            if weekly:
                grid.add_column(Text(f"本周新增{column.name}"), justify="right", style="green")
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
    before = next((s for s in previous.all_sections() if isinstance(s, Statistics) and s.title == section.title), None)
    if before is None or before.period(previous.period_end)[0] != section.period(issue.period_end)[0]:
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
