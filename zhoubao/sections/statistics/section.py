"""statistics: figures by category and column, printed through the kind's sentence template.

The section type itself (registered in zhoubao/sections/__init__.py): its records and their
reading are in records.py; what it does with them is in the module of each job, which this class
only calls: composing the sentence (sentences.py), the figures' arithmetic and 本周新增
(arithmetic.py), reading an old bulletin's paragraphs back (placing.py) and an approver's changed
figures (readback.py). Checking and showing are here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from zhoubao import figures
from zhoubao.cadence import WEEKLY
from zhoubao.errors import ZhoubaoError
from zhoubao.sections.base import Context, Reading, Report
from zhoubao.sections.statistics.arithmetic import increments
from zhoubao.sections.statistics.records import BASES, StatisticsRecord
from zhoubao.validate import record

if TYPE_CHECKING:
    from rich.tree import Tree

    from zhoubao.outline import Block
    from zhoubao.sections.statistics.readback import ReadBack


@record
class Statistics(StatisticsRecord):
    """Categories × columns of cumulative figures, and the sentence that prints them."""

    # -- composing
    def compose_body(self, ctx: Context) -> list[Block]:
        from zhoubao.sections.statistics import sentences

        return sentences.compose_body(self, ctx)

    # -- checking
    def check(self, ctx: Context, error: Report, warn: Report) -> None:
        from zhoubao.sections.statistics import sentences

        self.check_figures(ctx, error, warn)
        import dataclasses

        try:
            _text, comparisons = sentences.paragraphs(self, dataclasses.replace(ctx, warnings=[]))
        except ZhoubaoError as e:
            error("模板", e.message)  # render refuses it too: check must not pass an issue render cannot make
            return
        for comparison in comparisons:
            if comparison.used and comparison.problem:
                where, _, problem = comparison.problem.partition("|")
                warn(where, problem)

    def check_figures(self, ctx: Context, error: Report, warn: Report) -> None:
        """The figures themselves, category by category (`stats` says these at once): missing,
        above their bound, below last week's, last week's again."""
        increases = increments(self, ctx.issue, ctx.previous)
        for category in self.categories:
            where = f"统计类别“{category.name}”"
            missing = [c.name for c in self.columns if c.name not in category.values and c.name not in category.lacks]
            if missing:
                error(where, f"缺少{'、'.join(missing)}：用 zhoubao stats {category.name} 填写")
            for column in self.columns:
                limit = column.options.get("not_above")
                value, bound = category.values.get(column.name), category.values.get(limit) if limit else None
                if value is not None and bound is not None and value > bound and not category.carry_over:
                    warn(
                        where,
                        f"{column.name} {value} 大于{limit} {bound}（有结转时可能属实）：请核对；"
                        "有结转的类别可在种类中写 carry_over = true，不再提醒",
                    )
                increase = increases.get(category.name, {}).get(column.name)
                if value is not None and increase is not None and increase < 0:
                    # A figure counted per period (count_from = "period") is its own increment: never here.
                    last = figures.difference(value, increase, column.decimals)
                    error(
                        where,
                        f"累计{column.name} {value} 小于上一期的 {last}：累计数不会减少，请核对平台导出的数字；"
                        '该数字只计本期时，在种类中写 count_from = "period"',
                    )
        self._check_same_as_previous(ctx, warn)

    def _check_same_as_previous(self, ctx: Context, warn: Report) -> None:
        """Every figure the same as in the previous issue: last week's export filled in again (every
        本周新增 is 0); else each category whose figures are all last week's (one row copied). A
        section of zeros, the same both weeks, is left alone, and so is a category of zeros."""
        before = self.same_in(ctx.previous) if ctx.previous is not None else None
        if before is None:
            return
        mine = {c.name: c.values for c in self.categories if c.values}
        if not mine or not any(mine.values()) or all(v == 0 for values in mine.values() for v in values.values()):
            return
        theirs = {c.name: c.values for c in before.categories if c.values}
        named = f"（{ctx.issue.previous}）" if ctx.issue.previous else ""
        if mine == theirs:
            warn(
                f"栏目“{self.title}”",
                f"数字与上一期{named}完全相同：是否又填了上一期的导出表？请核对后用 zhoubao stats 改正",
            )
            return
        for name, values in mine.items():  # one row of last week's export copied in
            if values == theirs.get(name) and any(v != 0 for v in values.values()):
                warn(
                    f"统计类别“{name}”",
                    f"数字与上一期{named}完全相同（本期新增都是 0）：是否填了上一期的数？请核对后用 zhoubao stats {name} 改正",
                )

    # -- import
    @classmethod
    def place(cls, reader: Reading, section_table: dict[str, Any], text: str) -> bool:
        from zhoubao.sections.statistics import placing

        return placing.place(reader, section_table, text)

    @classmethod
    def settle(cls, reader: Reading, section_table: dict[str, Any]) -> None:
        from zhoubao.sections.statistics import placing

        placing.settle(reader, section_table)

    # -- the approval round trip (zhoubao/importing/approval.py)
    def read_back(self, ctx: Context, composed: str, approved: str) -> tuple[list[ReadBack], list[str]]:
        """The stored figures an approver changed in this section's printed paragraphs, and what
        could not be read back (zhoubao.sections.statistics.readback)."""
        from zhoubao.sections.statistics import readback

        return readback.read_back(self, ctx, composed, approved)

    # -- show
    def show(self, node: Tree, ctx: Context) -> None:
        from rich.table import Table
        from rich.text import Text

        increases = increments(self, ctx.issue, ctx.previous)
        new_word = "本周新增" if ctx.issue.cadence == WEEKLY else "本期新增"
        grid = Table(show_edge=False, pad_edge=False)
        grid.add_column("类别")
        for column in self.columns:
            # headers as Text: a column name is shown as typed, never read as rich markup
            grid.add_column(Text(f"{column.name}（{column.unit}）" if column.unit else column.name), justify="right")
            if increases:
                grid.add_column(Text(f"{new_word}{column.name}"), justify="right", style="green")
        for category in self.categories:
            cells: list[str | Text] = []
            for c in self.columns:
                if c.name in category.values:
                    cells.append(figures.format_figure(category.values[c.name], c.decimals))
                else:
                    cells.append(Text("—", style="dim") if c.name in category.lacks else Text("未填", style="red"))
                if increases:
                    increase = increases.get(category.name, {}).get(c.name)
                    cells.append("" if increase is None else figures.format_figure(increase, c.decimals))
            grid.add_row(Text(category.name + ("（合计）" if category.is_total else "")), *cells)
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
