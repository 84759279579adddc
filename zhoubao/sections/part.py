"""part: a centred part title (政务服务工作) with its period line; restarts the 一、二、 numbering."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from zhoubao import dates
from zhoubao.cadence import period_names
from zhoubao.sections.base import Context, Section
from zhoubao.values import check_text, record

if TYPE_CHECKING:
    from rich.tree import Tree

    from zhoubao.outline import Block


@record
class Part(Section):
    """A part title; `subtitle` is the template of the line under it (the period)."""

    TYPE = "part"
    NAME = "部分标题"
    KEYS = frozenset({"subtitle"})
    TEMPLATES = {"subtitle": "的副标题"}
    IS_PART = True

    subtitle: str = ""

    @classmethod
    def read(cls, d: dict[str, Any], where: str, path: tuple[int, ...]) -> Part:
        title, where, options = cls.common(d, where)
        return cls(
            title=title,
            path=path,
            options=options,
            subtitle=check_text(d.get("subtitle", ""), f"{where}的副标题", allow_empty=True),
        )

    def opens_part(self) -> str | None:
        return self.title

    def part_blocks(self, ctx: Context) -> list[Block]:
        from zhoubao.outline import PartTitle
        from zhoubao.templating import render_template

        issue = ctx.issue
        period = dates.cn_period(issue.period_start, issue.period_end)[1:-1]
        subtitle = (
            render_template(
                self.subtitle,
                f"栏目“{self.title}”的副标题",
                period=period,
                period_start=dates.cn_month_day(issue.period_start),
                period_end=dates.cn_month_day(issue.period_end),
                year=issue.year,
                number=issue.number,
                # 3月份, 1-3月, 第二季度: monthly and quarterly bulletins name their period so
                **period_names(issue.period_start, issue.period_end, issue.cadence, period),
            )
            if self.subtitle
            else ""
        )
        return [PartTitle(self.title, subtitle)]

    def has_content(self) -> bool:
        return True  # a title is its own content

    def show(self, node: Tree, ctx: Context) -> None:
        pass
