"""Compose: an issue becomes an outline of numbered, typeset blocks. Pure: no I/O, no python-docx.

Everything a reader sees is decided here: heading numbers (`一、` per section, restarting after
a part title; `（一）` per sub-section; `（1）` for items only when there are two or more), dates
the Chinese way, date prefixes, visit leads, run-in inspection labels, the statistics sentence
from the kind's template, and typography. Kind templates run in jinja2's sandbox with undefined
variables as errors; user text only ever enters a template as a variable's value, never as
template source, so `{{ 7*7 }}` typed in a news item prints as typed.
"""
from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from zhoubao import dates, typography
from zhoubao.errors import ZhoubaoError
from zhoubao.model import Issue, News, Rate, Section, Visit, increments
from zhoubao.outline import (
    Block,
    Distribution,
    DistributionLine,
    Heading,
    Masthead,
    Outline,
    Paragraph,
    PartTitle,
    Properties,
    Run,
)

if TYPE_CHECKING:  # jinja2 is imported where a template is compiled or rendered
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

DRAFT_MARK = "送审稿"
_DIGITS = "一二三四五六七八九"


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九 (heading numbers)."""
    if not 1 <= n <= 99:
        raise ZhoubaoError(f"编号 {n} 超出范围：一级、二级标题最多九十九个")
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens - 1] + "十")
    return head + (_DIGITS[ones - 1] if ones else "")


# ----------------------------------------------------------------------------- templates


@functools.lru_cache(maxsize=1)
def _environment() -> SandboxedEnvironment:
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

    return SandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=False)


@functools.lru_cache(maxsize=256)
def _compiled(template: str, where: str) -> jinja2.Template:
    import jinja2

    try:
        return _environment().from_string(template)
    except jinja2.TemplateSyntaxError as e:
        raise ZhoubaoError(f"{where}的模板第 {e.lineno} 行有语法错误（{e.message}）：请改正模板") from None


def render_template(template: str, where: str, /, **context: Any) -> str:
    """Render one kind template in the sandbox; every failure names the template and the problem."""
    import jinja2

    try:
        return _compiled(template, where).render(**context)
    except jinja2.UndefinedError as e:
        raise ZhoubaoError(f"{where}的模板使用了未定义的变量（{e.message}）：可用变量有 {'、'.join(sorted(context))}") from None
    except jinja2.exceptions.SecurityError as e:
        raise ZhoubaoError(f"{where}的模板做了不允许的操作（{e}）：模板只能使用给定的变量") from None
    except jinja2.TemplateError as e:
        raise ZhoubaoError(f"{where}的模板出错（{e}）：请改正模板") from None
    except (TypeError, ValueError, ArithmeticError, LookupError, AttributeError) as e:
        raise ZhoubaoError(f"{where}的模板运算出错（{e}）：请改正模板") from None


# ----------------------------------------------------------------------------- helpers


def _text(text: str) -> str:
    """User text as printed: typography normalised, line breaks folded into the paragraph."""
    return typography.normalise(" ".join(part.strip() for part in text.splitlines() if part.strip()))


def _para(text: str, style: str = "body") -> Paragraph:
    return Paragraph((Run(text, style),))  # type: ignore[arg-type]


def _numbered(paragraphs: list[str]) -> list[Paragraph]:
    """`（1）…（2）…` when there are two or more; a single item stands unnumbered."""
    if len(paragraphs) < 2:
        return [_para(p) for p in paragraphs]
    return [_para(f"（{i}）{p}") for i, p in enumerate(paragraphs, 1)]


def _with_full_stop(text: str) -> str:
    return text if text.endswith(("。", "！", "？", "；", "…", "”", "）")) else text + "。"


def format_figure(value: int | float, decimals: int) -> str:
    return f"{value:.{decimals}f}" if decimals else str(round(value))


def rate_of(values: dict[str, int | float], rate: Rate) -> str:
    """A percentage computed from two columns, formatted; "—" when the denominator is zero."""
    denominator = values.get(rate.denominator, 0)
    if not denominator:
        return "—"
    return format_figure(100 * values.get(rate.numerator, 0) / denominator, rate.decimals)


# ----------------------------------------------------------------------------- sections


class _Composer:
    def __init__(self, issue: Issue, previous: Issue | None = None) -> None:
        self.issue = issue
        self.previous = previous
        self.blocks: list[Block] = []
        self.warnings: list[str] = []
        self.level1 = 0

    def section(self, section: Section) -> None:
        if section.type == "part":
            self.part(section)
            return
        body = self.body(section)
        if not body:
            self.warnings.append(f"栏目“{section.title or section.type}”没有内容，未列入文件")
            return
        if section.type == "paragraph" and not section.options.get("heading", False):
            self.blocks.extend(body)  # an editor's note or a closing requirement: no numbered heading
            return
        self.level1 += 1
        self.blocks.append(Heading(1, f"{cn_number(self.level1)}、{section.title}"))
        self.blocks.extend(body)

    def part(self, section: Section) -> None:
        issue = self.issue
        period = dates.cn_period(issue.period_start, issue.period_end)[1:-1]
        subtitle = render_template(section.subtitle, f"栏目“{section.title}”的副标题", period=period,
                                   period_start=dates.cn_month_day(issue.period_start),
                                   period_end=dates.cn_month_day(issue.period_end),
                                   year=issue.year, number=issue.number) if section.subtitle else ""
        self.blocks.append(PartTitle(section.title, subtitle))
        self.level1 = 0

    def body(self, section: Section) -> list[Block]:
        composer: dict[str, Callable[[Section], list[Block]]] = {
            "statistics": self.statistics, "entries": self.entries, "visits": self.entries,
            "checklist": self.checklist, "paragraph": self.paragraph,
        }
        return composer[section.type](section)

    def entries(self, section: Section) -> list[Block]:
        out: list[Block] = list(_numbered([self.entry(section, e) for e in section.entries]))
        level2 = 0
        for sub in section.subs:
            body = self.body(sub)
            if not body:
                self.warnings.append(f"栏目“{sub.title}”没有内容，未列入文件")
                continue
            level2 += 1
            out.append(Heading(2, f"（{cn_number(level2)}）{sub.title}"))
            out.extend(body)
        return out

    def entry(self, section: Section, entry: News | Visit) -> str:
        text = _text(entry.text)
        if isinstance(entry, Visit):
            lead = render_template(section.template or "{{ date }}，{{ unit }}{{ post }}{{ name }}",
                                   f"栏目“{section.title}”的来访导语", date=dates.cn_month_day(entry.date),
                                   full_date=dates.cn_date(entry.date), unit=_text(entry.unit),
                                   post=_text(entry.post) if entry.post.strip() else "", name=_text(entry.name))
            return lead + text
        if entry.date is not None and not dates.starts_with_date(text):
            return f"{dates.cn_month_day(entry.date)}，{text}"
        return text

    def statistics(self, section: Section) -> list[Block]:
        filled = []
        weekly = increments(section, self.previous, self.issue)
        for category in section.categories:
            missing = [c.name for c in section.columns if c.name not in category.values]
            if len(missing) == len(section.columns):
                self.warnings.append(f"统计类别“{category.name}”没有数字，未列入文件")
                continue
            if missing:
                raise ZhoubaoError(f"统计类别“{category.name}”缺少{'、'.join(missing)}：请用 zhoubao stats 补上")
            row: dict[str, Any] = {"name": category.name, "values": dict(category.values), "increase": {},
                                   "rates": {rate.name: rate_of(category.values, rate) for rate in section.rates}}
            for column in section.columns:
                row[column.name] = format_figure(category.values[column.name], column.decimals)
                if column.name in weekly.get(category.name, {}):
                    row["increase"][column.name] = format_figure(weekly[category.name][column.name], column.decimals)
            filled.append(row)
        if not filled:
            return []
        sums = {c.name: sum(r["values"][c.name] for r in filled) for c in section.columns}
        totals = {c.name: format_figure(sums[c.name], c.decimals) for c in section.columns}
        total_rates = {rate.name: rate_of(sums, rate) for rate in section.rates}
        as_of = section.as_of or self.issue.period_end
        since = section.since or as_of.replace(month=1, day=1)
        sentence = render_template(
            section.template, f"栏目“{section.title}”", source=section.source, since=dates.cn_date(since),
            as_of=dates.cn_date(as_of), categories=filled, totals=totals, total_rates=total_rates,
            columns=[{"name": c.name, "unit": c.unit, "decimals": c.decimals} for c in section.columns],
            year=self.issue.year)
        return [_para(typography.normalise(sentence))]

    def checklist(self, section: Section) -> list[Block]:
        out: list[Block] = [_para(_text(section.intro))] if section.intro.strip() else []
        number = 0
        for item in section.items:
            if not item.is_set:
                self.warnings.append(f"巡查项“{item.name}”未填写，未列入文件")
                continue
            number += 1
            if item.findings:
                found = [render_template(section.template or "{{ window }}{{ text }}",
                                         f"栏目“{section.title}”的问题模板", window=_text(f.window) if f.window else "",
                                         text=_text(f.text)).rstrip("。；")
                         for f in item.findings]
                result = "；".join(found) + "。"
            else:
                result = _with_full_stop(_text(item.result or ""))
            # The number set like every level-2 heading (楷体), the run-in label bold as in the seed.
            out.append(Paragraph((Run(f"（{cn_number(number)}）", "kai"), Run(item.name, "bold"),
                                  Run(f"。{result}"))))
        return out

    def paragraph(self, section: Section) -> list[Block]:
        """Free text, one paragraph per blank-line-separated block; an optional run-in label."""
        paragraphs: list[Block] = [_para(_text(p)) for p in section.intro.split("\n\n") if p.strip()]
        label = section.options.get("label", "")
        if paragraphs and label:
            first = paragraphs[0]
            paragraphs[0] = Paragraph((Run(label, "kai"), *first.runs))  # type: ignore[union-attr]
        return paragraphs


# ----------------------------------------------------------------------------- the issue


def masthead(issue: Issue, draft: bool) -> Masthead:
    templates = issue.supplement_line if issue.supplement else issue.issue_line
    lines = tuple(render_template(line, "期号行", year=issue.year, number=issue.number, total=issue.total)
                  for line in templates)
    return Masthead(name=issue.name, issue_lines=lines, unit=issue.unit, date=dates.cn_date(issue.date),
                    mark=issue.mark, draft_mark=DRAFT_MARK if draft else "")


def distribution(issue: Issue) -> Distribution | None:
    if not issue.distribution and issue.copies is None:
        return None
    lines = tuple(DistributionLine(line.label, _with_full_stop(_text(line.text))) for line in issue.distribution)
    return Distribution(lines, f"（共印{issue.copies}份）" if issue.copies is not None else "")


def compose(issue: Issue, *, draft: bool = False, previous: Issue | None = None) -> Outline:
    """The whole bulletin as blocks, ready for the writer. `previous` gives week-on-week increments."""
    composer = _Composer(issue, previous)
    composer.blocks.append(masthead(issue, draft))
    for section in issue.sections:
        composer.section(section)
    tail = distribution(issue)
    if tail is not None:
        composer.blocks.append(tail)
    properties = Properties(title=f"{issue.name} {issue.year}年第{issue.number}期", author=issue.unit, date=issue.date)
    return Outline(tuple(composer.blocks), properties, dict(issue.layout), tuple(composer.warnings))
