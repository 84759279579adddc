"""check: a lint of one issue before it goes for approval.

Errors stop the issue (exit 1): figures missing, a required section empty, an inspection item
not filled in, issue numbers that do not follow the predecessor, a cumulative figure lower than
the predecessor's. Warnings are worth a look but can be right (exit 0): entry dates outside the
period, a column above the one it should not exceed (a completed count above the accepted one
happens with carry-over, which a category can declare), figures identical to the predecessor's,
the same news twice or again from the predecessor, a 印发日期 on a day off or before the
predecessor's, a second issue of the same 期号 in the folder (zhoubao.proofread), typography the
renderer will correct, an issue longer than the kind's limit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from zhoubao import glyphs, proofread, typography
from zhoubao.cadence import CADENCES, period_problem
from zhoubao.errors import ZhoubaoError
from zhoubao.model import Issue, next_numbers
from zhoubao.sections import Section
from zhoubao.sections.base import Context
from zhoubao.word.layout import resolve_layout

ERROR, WARNING, NOTE = "错误", "警告", "说明"  # a NOTE says what was done, nothing to correct


@dataclass(frozen=True)
class Problem:
    level: str  # ERROR, WARNING or NOTE
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.level}  {self.where}：{self.message}"


def _required(section: Section, top_level: bool) -> bool:
    """Top-level sections must have content unless the kind says otherwise; sub-sections may be empty."""
    return bool(section.options.get("required", top_level))


def _sections(issue: Issue) -> Iterator[tuple[Section, bool]]:
    for top in issue.sections:
        yield top, True
        for sub in top.walk():
            if sub is not top:
                yield sub, False


def check_issue(
    issue: Issue,
    previous: Issue | None = None,
    max_pages: int | None = None,
    pages: int | None = None,
    *,
    year_before: Issue | None = None,
) -> list[Problem]:
    """Every problem found, errors first. `pages` is the rendered length when known."""
    problems: list[Problem] = []
    error = lambda where, msg: problems.append(Problem(ERROR, where, msg))  # noqa: E731
    warn = lambda where, msg: problems.append(Problem(WARNING, where, msg))  # noqa: E731

    if previous is not None:
        _year, want_number, want_total_number = next_numbers(previous, issue.year)
        if issue.number != want_number and not issue.supplement:
            error(
                "期号",
                f"第{issue.number}期不接上一期第{previous.number}期，应为第{want_number}期：用 zhoubao set number {want_number} 改正",
            )
        if issue.total_number != want_total_number and not issue.supplement:
            error(
                "总期号",
                f"总第{issue.total_number}期不接上一期总第{previous.total_number}期，应为总第{want_total_number}期："
                f"用 zhoubao set total {want_total_number} 改正",
            )
        if issue.period_start <= previous.period_end:
            warn("期间", f"本期起始 {issue.period_start} 不晚于上一期截止 {previous.period_end}：请核对期间")
        if previous.cadence != issue.cadence and any(
            "huanbi" in getattr(s, "template", "") for s in issue.all_sections()
        ):
            warn(
                "环比",
                f"上一期是{CADENCES[previous.cadence]}一期的简报，本期{CADENCES[issue.cadence]}一期，两者不可比：环比不取上一期的数；"
                "需要环比时用 zhoubao stats 类别 --value 上期列名=数字 填写",
            )

    wrong_period = period_problem(issue.cadence, issue.period_start, issue.period_end)
    if wrong_period:
        warn("期间", wrong_period)
    if issue.date < issue.period_end:
        error(
            "印发日期",
            f"{issue.date} 早于本期截止日期 {issue.period_end}：印发日期应在期间之后，"
            f"用 zhoubao set 印发日期 YYYY-MM-DD 改正",
        )
    if issue.year != issue.period_start.year and issue.year != issue.period_end.year:
        error(
            "年份",
            f"{issue.year}年与本期期间 {issue.period_start} 至 {issue.period_end} 不符：用 zhoubao set 年份 "
            f"{issue.period_end.year} 改正",
        )
    if issue.date - issue.period_end > dt.timedelta(days=92):
        warn("印发日期", f"{issue.date} 距本期截止 {issue.period_end} 已超过三个月：请核对")
    if issue.copies == 0:
        error("印数", "印数为 0：用 zhoubao set 印数 80 改正，或删去印数")
    ctx = Context(issue, previous, year_before)
    for section, top_level in _sections(issue):
        if _required(section, top_level) and not section.has_content():
            error(f"栏目“{section.title}”", "没有内容：请填写，或在种类中将其设为 required = false")
        section.check(ctx, error, warn)
    for section in issue.all_sections():
        for where, text in section.texts():
            for line in text.splitlines():  # a line break starts a paragraph: each is typeset alone
                for correction in typography.corrections(line):
                    warn(where, f"排版将自动更正 {correction.message}")

    for where, message in proofread.repeat_problems(issue, previous):
        warn(where, message)
    _check_glyphs(issue, warn)
    _check_rows_within_total(issue, warn)
    if max_pages is not None and pages is not None and pages > max_pages:
        warn("篇幅", f"本期约 {pages} 页，超过该种类的上限 {max_pages} 页：请精简内容")
    problems.sort(key=_order)
    return problems


def _order(problem: Problem) -> int:
    return (ERROR, WARNING, NOTE).index(problem.level)


def _check_rows_within_total(issue: Issue, warn) -> None:
    """A per-unit table (the 21 市（州）) whose rows add up to more than the stated total: the section's
    own total category, else the issue's first stated total of the same column. Parts above
    their whole mean a typo or a table of another period; shares of the total would not add up."""
    from zhoubao import figures

    sections = issue.statistics_sections()
    stated = [c for s in sections for c in s.categories if c.is_total and c.values]
    for section in sections:
        rows = [row for row in section.rows if row.values]
        if not rows:
            continue
        own = [c for c in section.categories if c.is_total and c.values]
        for column in dict.fromkeys(name for row in rows for name in row.values):
            total = next((c for c in own + stated if column in c.values), None)
            if total is None:
                continue
            added = sum(figures.exact(row.values[column]) for row in rows if column in row.values)
            if added > figures.exact(total.values[column]):
                warn(
                    f"栏目“{section.title}”",
                    f"明细表 {len(rows)} 行的“{column}”合计 {added}，大于{total.name}的 {total.values[column]}："
                    "各部分之和不应超过总数，请核对明细表或总数",
                )


def _texts(issue: Issue) -> Iterator[tuple[str, str]]:
    """Every piece of text the bulletin prints in its body font, with where it stands."""
    yield "报头", issue.unit
    for section in issue.all_sections():
        yield from section.texts()
    for line in issue.distribution:
        yield f"分送“{line.label}”", line.text


def _check_glyphs(issue: Issue, warn) -> None:
    """Characters the chosen font set cannot print (a name with 喆 in 仿宋_GB2312)."""
    try:
        layout = resolve_layout(issue.layout)
    except ZhoubaoError:
        return  # a broken layout is reported by render and kinds --check
    told: set[tuple[str, str]] = set()  # one warning per character and place: a visitor's name is in the text too
    for where, text in _texts(issue):
        for gap in glyphs.missing(text, str(layout["body_font"])):
            if (where, gap.char) not in told:
                told.add((where, gap.char))
                warn(where, gap.advice())


def check_path(path: Path) -> list[Problem]:
    """Load an issue (and its predecessor, if it names one) and check it."""
    from zhoubao import store

    try:
        issue = store.load_issue(path)
    except ZhoubaoError as e:
        return [Problem(ERROR, str(path), e.message)]
    previous, note = store.load_previous(path, issue)
    unreadable: list[str] = []
    year_before = store.load_year_before(path, issue, unreadable)
    from zhoubao import compose, word

    try:  # paged as render pages it: the length, and what it took to fit the 版记
        outline = compose.compose(issue, previous=previous, year_before=year_before)
        fitted = word.fit(outline)
    except ZhoubaoError as e:
        return [Problem(ERROR, "生成", e.message)]
    problems = check_issue(issue, previous, issue.max_pages, fitted.pages.count, year_before=year_before)
    fitting = word.fit_note(outline, fitted)
    if fitting:
        # what render did to fit it is a 说明; a text too long for the block to share its page, a warning
        problems.append(Problem(WARNING if fitted.over else NOTE, "版记", fitting))
    problems += around(path, issue, previous)
    if note:
        problems.append(Problem(WARNING, "上一期", note))
    if year_before is None:  # a broken file of last year may be the one 同比 wanted
        problems.extend(Problem(WARNING, "去年同期", text) for text in unreadable)
    problems.sort(key=_order)
    return problems


def around(path: Path, issue: Issue, previous: Issue | None) -> list[Problem]:
    """What is wrong with the issue among the others: a 印发日期 on a day off or before the
    previous issue's, a second issue file of the same 期号 in the folder."""
    try:
        dated = proofread.issue_date_problems(issue, previous, path.parent)
    except ZhoubaoError as e:  # a broken 节假日.toml: said, and the rest of the check stands
        dated = [e.message]
    problems = [Problem(WARNING, "印发日期", message) for message in dated]
    twin = proofread.same_number_problem(path, issue)
    if twin:
        problems.append(Problem(WARNING, "期号", twin))
    return problems
