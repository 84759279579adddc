"""The issue model: the head of an issue, its sections and its distribution block, validated on the way in.

`Issue.from_dict` is the one gate between a TOML document and the rest of the program: every
problem it finds raises `ZhoubaoError` with a Chinese message that says where and how to fix it.
Sections are read by their type (zhoubao/sections/); a bulletin kind chooses and names them.
Pure: no I/O (the store reads files and hands their data here).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import field
from typing import Any, cast

from zhoubao.cadence import WEEKLY, check_cadence
from zhoubao.errors import ZhoubaoError
from zhoubao.sections import Category, CheckItem, Checklist, News, Section, Statistics, Visit, read_section
from zhoubao.validate import Record, array, check_count, check_date, check_text, fits, integer, pick, record, table

# ----------------------------------------------------------------------------- the issue


@record
class DistributionLine(Record):
    """One line of the distribution block: 报, 送 or 发 and whom to."""

    label: str
    text: str


@record
class Issue(Record):
    """One issue of a bulletin: the head, the sections and the distribution block."""

    kind: str
    name: str
    unit: str
    year: int
    number: int
    total_number: int  # 总期号, the running number across years (the file's `total`)
    date: dt.date
    period_start: dt.date
    period_end: dt.date
    issue_line: list[str] = field(default_factory=list)
    supplement: bool = False  # 增刊: its own counter, its own issue line
    supplement_line: list[str] = field(default_factory=list)
    mark: str = ""
    previous: str = ""
    sections: list[Section] = field(default_factory=list)
    distribution: list[DistributionLine] = field(default_factory=list)
    copies: int | None = None
    max_pages: int | None = None
    layout: dict[str, Any] = field(default_factory=dict)
    cadence: str = WEEKLY  # weekly, monthly or quarterly (zhoubao.cadence), from the kind

    @classmethod
    def from_dict(cls, d: dict) -> Issue:
        if not isinstance(d, dict) or not isinstance(d.get("issue"), dict):
            raise ZhoubaoError("不是期刊文件：缺少 [issue] 表，请用 zhoubao new 新建")
        head = d["issue"]

        def need(key: str, label: str) -> Any:
            if key not in head:
                raise ZhoubaoError(f"期刊文件缺少 [issue] 中的 {key}（{label}）：请补上")
            return head[key]

        issue = cls(
            kind=check_text(need("kind", "简报种类"), "简报种类"),
            name=check_text(need("name", "简报名称"), "简报名称"),
            unit=check_text(need("unit", "编发单位"), "编发单位"),
            year=integer(need("year", "年份"), "年份", minimum=1900),
            number=integer(need("number", "期号"), "期号"),
            total_number=integer(need("total", "总期号"), "总期号", minimum=0 if head.get("supplement") is True else 1),
            date=check_date(need("date", "印发日期"), "印发日期"),
            period_start=check_date(need("period_start", "本期起始日期"), "本期起始日期"),
            period_end=check_date(need("period_end", "本期截止日期"), "本期截止日期"),
            mark=check_text(head.get("mark", ""), "版头标记", allow_empty=True),
            previous=check_text(head.get("previous", ""), "上一期文件", allow_empty=True),
        )
        issue.cadence = check_cadence(head.get("cadence", WEEKLY), "期刊文件 [issue] 中")
        if "max_pages" in head:
            issue.max_pages = integer(head["max_pages"], "页数上限")
        if issue.period_end < issue.period_start:
            raise ZhoubaoError(f"本期截止日期 {issue.period_end} 早于起始日期 {issue.period_start}：请改正期间")
        lines = head.get("issue_line", ["{{ year }}年第{{ number }}期（总第{{ total }}期）"])
        issue.issue_line = [check_text(x, "期号行模板") for x in array(lines, "issue_line")]
        issue.supplement = head.get("supplement", False) is True
        lines = head.get("supplement_line", ["{{ year }}年增刊第{{ number }}期"])
        issue.supplement_line = [check_text(x, "增刊期号行模板") for x in array(lines, "supplement_line")]
        issue.sections = [read_section(s, (i,)) for i, s in enumerate(array(d.get("section"), "section"))]
        dist = table(d.get("distribution", {}), "distribution")
        for i, line in enumerate(array(dist.get("line"), "distribution.line"), 1):
            line = table(line, f"第{i}行分送")
            issue.distribution.append(
                DistributionLine(
                    label=check_text(line.get("label"), f"第{i}行分送的标签"),
                    text=check_text(line.get("text"), f"分送“{line.get('label')}”的内容"),
                )
            )
        if "copies" in dist:
            issue.copies = check_count(dist["copies"], "印数")
        issue.layout = dict(table(d.get("layout", {}), "layout"))
        return issue

    # -- lookups used by the editing commands; names match exactly or by a unique part

    def all_sections(self) -> list[Section]:
        return [s for top in self.sections for s in top.walk()]

    def sections_holding(self, holds: str) -> list[Section]:
        """The innermost sections that take what an editing command puts in (news, visits, text …)."""
        return [s for s in self.all_sections() if s.HOLDS == holds and not s.subs]

    def checklists(self) -> list[Checklist]:
        """Every section that holds inspection results, asked by what it holds."""
        return [cast(Checklist, s) for s in self.all_sections() if s.HOLDS == "results"]

    def statistics_sections(self) -> list[Statistics]:
        """Every section that holds figures, asked by what it holds."""
        return [cast(Statistics, s) for s in self.all_sections() if s.HOLDS == "figures"]

    def find_section(self, name: str, holds: str, what: str = "栏目") -> Section:
        """A section by its title or a unique part of it, among those that hold `holds`.

        A name that fits a section of another kind says which command that one takes.
        """
        candidates = self.sections_holding(holds)
        try:
            return pick(candidates, name, lambda s: s.title, what)
        except ZhoubaoError:
            other = [
                s for s in self.all_sections() if not s.subs and s.HOLDS != holds and s.COMMAND and fits(name, s.title)
            ]
            if len(other) == 1:
                raise ZhoubaoError(
                    f"栏目“{other[0].title}”是{other[0].NAME}栏目：请用 zhoubao {other[0].COMMAND} 填写"
                ) from None
            raise

    def find_item(self, name: str) -> tuple[Checklist, CheckItem]:
        pairs = [(s, it) for s in self.checklists() for it in s.items]
        return pick(pairs, name, lambda p: p[1].name, "巡查项")

    def find_category(self, name: str, section: str | None = None) -> tuple[Statistics, Category]:
        """A statistics category by name or unique part; within the section named, when one is
        (an issue with a breakdown by region and another by industry may repeat a name)."""
        within = [self.find_statistics(section)] if section else self.statistics_sections()
        pairs = [(s, c) for s in within for c in s.categories]
        return pick(pairs, name, lambda p: p[1].name, "统计类别")

    def find_statistics(self, name: str | None) -> Statistics:
        """A statistics section by title or unique part; without a name, the only one there is."""
        if name:
            found = self.find_section(name, "figures", "统计栏目")
        else:
            candidates = self.sections_holding("figures")
            if len(candidates) != 1:
                titles = "、".join(s.title for s in candidates) or "无"
                raise ZhoubaoError(f"本期有多个统计栏目（{titles}）：请用 --section 指明哪一个")
            found = candidates[0]
        return cast(Statistics, found)

    # -- how the issue is called, everywhere (file names, show, summary, headers)
    @property
    def label(self) -> str:
        """2022年第33期, or 2022年增刊第1期: a supplement never shares a regular issue's label."""
        return f"{self.year}年{'增刊' if self.supplement else ''}第{self.number}期"

    @property
    def full_label(self) -> str:
        """The label with the running total: 2022年第33期（总第408期）; a supplement has none."""
        return self.label if self.supplement else f"{self.label}（总第{self.total_number}期）"

    @property
    def masthead_lines(self) -> list[str]:
        """The templates of the issue line(s) under the bulletin's name."""
        return self.supplement_line if self.supplement else self.issue_line

    def entries(self) -> list[tuple[Section, News | Visit]]:
        return [(s, e) for s in self.all_sections() for e in s.entries]

    def find_entry(self, entry_id: int) -> tuple[Section, News | Visit]:
        for s, e in self.entries():
            if e.id == entry_id:
                return s, e
        ids = "、".join(str(n) for n in sorted(e.id for _s, e in self.entries())) or "无"
        raise ZhoubaoError(f"没有编号为 {entry_id} 的条目：现有编号 {ids}，可用 zhoubao entries 查看")

    def next_entry_id(self) -> int:
        return max((e.id for _s, e in self.entries()), default=0) + 1


def next_numbers(previous: Issue, year: int) -> tuple[int, int, int]:
    """(year, number, total number) of the issue after `previous` whose period starts in `year`:
    the number restarts at 1 in a new year, the total number runs on. The one roll-over rule."""
    if year > previous.year:
        return year, 1, previous.total_number + 1
    return previous.year, previous.number + 1, previous.total_number + 1
