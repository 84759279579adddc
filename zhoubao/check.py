"""check: a lint of one issue before it goes for approval.

Errors stop the issue (exit 1): figures missing, a required section empty, an inspection item
not filled in, issue numbers that do not follow the predecessor. Warnings are worth a look but
can be right (exit 0): entry dates outside the period, a column above the one it should not
exceed (a completed count above the accepted one happens with carry-over), cumulative figures that went down, typography
the renderer will correct, an issue longer than the kind's limit.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from zhoubao import glyphs, typography
from zhoubao.errors import ZhoubaoError
from zhoubao.model import Issue, Section, Visit, increments
from zhoubao.word.layout import resolve_layout

ERROR, WARNING = "错误", "警告"


@dataclass(frozen=True)
class Problem:
    level: str  # ERROR or WARNING
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.level}  {self.where}：{self.message}"


def _required(section: Section, top_level: bool) -> bool:
    """Top-level sections must have content unless the kind says otherwise; sub-sections may be empty."""
    return bool(section.options.get("required", top_level))


def _has_content(section: Section) -> bool:
    if section.type == "statistics":
        return any(c.values for c in section.categories)
    if section.type == "checklist":
        return bool(section.items)
    if section.type == "paragraph":
        return bool(section.intro.strip())
    return bool(section.entries) or any(_has_content(s) for s in section.subs)


def _sections(issue: Issue) -> Iterator[tuple[Section, bool]]:
    for top in issue.sections:
        yield top, True
        for sub in top.subs:
            yield sub, False


def check_issue(issue: Issue, previous: Issue | None = None, max_pages: int | None = None,
                pages: int | None = None) -> list[Problem]:
    """Every problem found, errors first. `pages` is the rendered length when known."""
    problems: list[Problem] = []
    error = lambda where, msg: problems.append(Problem(ERROR, where, msg))  # noqa: E731
    warn = lambda where, msg: problems.append(Problem(WARNING, where, msg))  # noqa: E731

    if previous is not None:
        want_total = previous.total + 1
        new_year = issue.year > previous.year
        want_number = 1 if new_year else previous.number + 1
        if issue.number != want_number:
            error("期号", f"第{issue.number}期不接上一期第{previous.number}期，应为第{want_number}期：用 zhoubao set number {want_number} 改正")
        if issue.total != want_total:
            error("总期号", f"总第{issue.total}期不接上一期总第{previous.total}期，应为总第{want_total}期：用 zhoubao set total {want_total} 改正")
        if issue.period_start <= previous.period_end:
            warn("期间", f"本期起始 {issue.period_start} 不晚于上一期截止 {previous.period_end}：请核对期间")

    for section, top_level in _sections(issue):
        where = f"栏目“{section.title}”"
        if section.type == "part":
            continue
        if _required(section, top_level) and not _has_content(section):
            error(where, "没有内容：请填写，或在种类中将其设为 required = false")
        if section.type == "statistics":
            _check_statistics(section, issue, previous, error, warn)
        for entry in section.entries:
            if entry.date is not None and not issue.period_start <= entry.date <= issue.period_end:
                warn(f"{where}条目 #{entry.id}", f"日期 {entry.date} 不在本期期间 {issue.period_start} 至 {issue.period_end} 内")
            texts = [entry.text] + ([entry.unit, entry.post, entry.name] if isinstance(entry, Visit) else [])
            for text in texts:
                _typography(f"{where}条目 #{entry.id}", text, warn)
        for item in section.items:
            if not item.is_set:
                error(f"{where}巡查项“{item.name}”", f"未填写：用 zhoubao inspect {item.name} [结果] 或 zhoubao inspect --all-good 填写")
            if item.result:
                _typography(f"巡查项“{item.name}”", item.result, warn)
            for finding in item.findings:
                _typography(f"巡查项“{item.name}”", finding.text, warn)

    _check_glyphs(issue, warn)
    if max_pages is not None and pages is not None and pages > max_pages:
        warn("篇幅", f"本期约 {pages} 页，超过该种类的上限 {max_pages} 页：请精简内容")
    problems.sort(key=lambda p: p.level != ERROR)
    return problems


def _check_statistics(section: Section, issue: Issue, previous: Issue | None, error, warn) -> None:
    weekly = increments(section, previous, issue)
    for category in section.categories:
        where = f"统计类别“{category.name}”"
        missing = [c.name for c in section.columns if c.name not in category.values]
        if missing:
            error(where, f"缺少{'、'.join(missing)}：用 zhoubao stats {category.name} 填写")
        for column in section.columns:
            limit = column.options.get("not_above")
            value, bound = category.values.get(column.name), category.values.get(limit) if limit else None
            if value is not None and bound is not None and value > bound:
                warn(where, f"{column.name} {value} 大于{limit} {bound}（有结转时可能属实）：请核对")
            increase = weekly.get(category.name, {}).get(column.name)
            if value is not None and increase is not None and increase < 0:
                last = round(value - increase, column.decimals) if column.decimals else value - increase
                warn(where, f"累计{column.name} {value} 小于上一期的 {last}：累计数不应减少，请核对")


def _texts(issue: Issue) -> Iterator[tuple[str, str, str]]:
    """Every piece of text the bulletin prints, with where it stands and the layout font key it is set in."""
    yield "报头", issue.unit, "body_font"
    for section, _top in _sections(issue):
        where = f"栏目“{section.title}”"
        if section.intro:
            yield where, section.intro, "body_font"
        for entry in section.entries:
            texts = [entry.text] + ([entry.unit, entry.post, entry.name] if isinstance(entry, Visit) else [])
            for text in texts:
                yield f"{where}条目 #{entry.id}", text, "body_font"
        for item in section.items:
            yield f"巡查项“{item.name}”", item.name, "body_font"
            if item.result:
                yield f"巡查项“{item.name}”", item.result, "body_font"
            for finding in item.findings:
                yield f"巡查项“{item.name}”", f"{finding.window}{finding.text}", "body_font"
        for category in section.categories:
            yield f"统计类别“{category.name}”", category.name, "body_font"
    for line in issue.distribution:
        yield f"分送“{line.label}”", line.text, "body_font"


def _check_glyphs(issue: Issue, warn) -> None:
    """Characters the chosen font set cannot print (a name with 喆 in 仿宋_GB2312)."""
    try:
        layout = resolve_layout(issue.layout)
    except ZhoubaoError:
        return  # a broken layout is reported by render and kinds --check
    for where, text, key in _texts(issue):
        for gap in glyphs.missing(text, str(layout[key])):  # type: ignore[literal-required]
            warn(where, gap.advice())


def _typography(where: str, text: str, warn) -> None:
    for correction in typography.corrections(text):
        warn(where, f"排版将自动更正 {correction.message}")


def check_path(path: Path) -> list[Problem]:
    """Load an issue (and its predecessor, if it names one) and check it."""
    from zhoubao import rollover, store
    from zhoubao.errors import ZhoubaoError

    try:
        issue = store.load_issue(path)
    except ZhoubaoError as e:
        return [Problem(ERROR, str(path), e.message)]
    previous, note = rollover.previous_of(path, issue)
    pages = None
    if issue.max_pages is not None:
        from zhoubao import compose, word

        try:
            pages = word.page_count(compose.compose(issue, previous=previous))
        except ZhoubaoError as e:
            return [Problem(ERROR, "生成", e.message)]
    problems = check_issue(issue, previous, issue.max_pages, pages)
    if note:
        problems.append(Problem(WARNING, "上一期", note))
    return problems
