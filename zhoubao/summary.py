"""A report across issues: who visited, what the hall inspections found, the figures week by week.

Read-only, like `show`: issue files come in through `store.load_issue`, `summarise` turns the
validated models into plain rows (no I/O, easy to test), and the rows go out as rich tables on
the terminal or as one CSV table that Excel opens.

The week's increment (本周新增) of a statistics figure is this issue's cumulative value minus the
previous issue's, where "previous" is the one just before it in the summary (same bulletin kind,
sorted by year and issue number); for the first issue of a kind, the issue its `previous` names
(as `show` compares with), when that one is readable and not summarised itself. It is left blank
when there is nothing honest to subtract from: a first issue without such a predecessor, a
category or column the previous issue did not fill, or a count that starts afresh (a new year, or
any other change of the `since` date). A figure counted from the issue's
own first day (`count_from = "period"`, as monthly bulletins count) is its own increment.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from zhoubao import figures, store
from zhoubao.cadence import MONTHLY, QUARTERLY, WEEKLY
from zhoubao.errors import ZhoubaoError
from zhoubao.model import Issue
from zhoubao.sections import News, Visit, increments

if TYPE_CHECKING:
    from rich.console import Console

Figure = figures.Figure


# ----------------------------------------------------------------------------- rows


@dataclass(frozen=True)
class UnitVisits:
    """All visits by one unit's leaders."""

    unit: str
    count: int
    dates: tuple[dt.date, ...]


@dataclass(frozen=True)
class LeaderVisits:
    """All visits by one leader, known by unit, post and name as the bulletin printed them."""

    unit: str
    post: str
    name: str
    count: int
    dates: tuple[dt.date, ...]


@dataclass(frozen=True)
class FindingRow:
    """An inspection item that was not 良好 in one issue: a finding, or a result sentence that
    is neither the default nor says 良好 (then `window` is blank and `text` is that sentence)."""

    item: str
    window: str
    text: str
    issue: str  # 2022年第33期


@dataclass(frozen=True)
class StatRow:
    """One figure of one issue: the cumulative value and the week's increment (None: blank)."""

    issue: str
    period: str  # 2022-09-26至2022-09-30
    category: str
    column: str
    cumulative: Figure
    increment: Figure | None
    decimals: int = 0


@dataclass(frozen=True)
class IssueCounts:
    """What one issue holds; in `Summary.totals`, `issue` is 合计 and the counts are summed."""

    issue: str
    period: str
    news: int
    visits: int
    items_with_findings: int
    findings: int


@dataclass
class Summary:
    issues: int
    unit_visits: list[UnitVisits] = field(default_factory=list)
    leader_visits: list[LeaderVisits] = field(default_factory=list)
    findings: list[FindingRow] = field(default_factory=list)
    statistics: list[StatRow] = field(default_factory=list)
    counts: list[IssueCounts] = field(default_factory=list)
    totals: IssueCounts | None = None
    notes: list[str] = field(default_factory=list)  # things a reader should know, e.g. a missing issue
    # issue label → how long its increment runs when that is more than one period of its cadence
    # ("2周": the week before was a holiday with no issue, or an issue is missing from the summary)
    long_increments: dict[str, str] = field(default_factory=dict)


# ----------------------------------------------------------------------------- building


def period_label(issue: Issue) -> str:
    return f"{issue.period_start.isoformat()}至{issue.period_end.isoformat()}"


def _order(issue: Issue) -> tuple:
    return (issue.year, issue.number, issue.period_start)


def _check_distinct(issues: list[tuple[Path, Issue]]) -> None:
    """The same file twice, or two files of one issue, would count that week twice."""
    by_file: dict[Path, Path] = {}
    by_issue: dict[tuple[str, int, int], Path] = {}
    for path, issue in issues:
        real = path.resolve()
        if real in by_file:
            raise ZhoubaoError(f"期刊文件 {path} 重复给出：同一文件只能列一次，请删去重复的文件名")
        by_file[real] = path
        key = (issue.kind, issue.year, issue.number)
        if key in by_issue:
            raise ZhoubaoError(
                f"{by_issue[key]} 和 {path} 都是{issue.kind}{issue.label}：同一期只能汇总一次，请只保留其中一个文件"
            )
        by_issue[key] = path


_SPAN_UNITS = {WEEKLY: "周", MONTHLY: "个月", QUARTERLY: "个季度"}


def increment_span(cadence: str, before_end: dt.date, end: dt.date) -> str | None:
    """How many periods of `cadence` an increment from one issue's end to the next's covers, said
    as 2周 or 2个月, when it is more than one: two weeks' worth in one weekly issue after a holiday."""
    if cadence == WEEKLY:
        count = round((end - before_end).days / 7)
    else:
        months = (end.year - before_end.year) * 12 + end.month - before_end.month
        count = months if cadence == MONTHLY else round(months / 3)
    return f"{count}{_SPAN_UNITS[cadence]}" if count > 1 else None


class Predecessors(NamedTuple):
    """The issue before the first summarised one of each kind, where its `previous` names one that
    is not summarised itself (kind → issue); and why one named could not be read."""

    issues: dict[str, Issue]
    notes: list[str]


def predecessors(issues: list[tuple[Path, Issue]]) -> Predecessors:
    """What `show` compares the first issue of a summary with: the issue its `previous` names
    (relative to its file), so `summary 2022-34.toml` gives 34's 本周新增 as `show` does."""
    found: dict[str, Issue] = {}
    notes: list[str] = []
    summarised = {(issue.kind, issue.year, issue.number, issue.supplement) for _path, issue in issues}
    seen: set[str] = set()
    for path, issue in sorted(issues, key=lambda pair: _order(pair[1])):
        if issue.kind in seen:  # only the first of each kind has no issue before it in the summary
            continue
        seen.add(issue.kind)
        before, why = store.load_previous(path, issue)
        if why:
            notes.append(f"{issue.label}的本周新增留空：{why}")
        if before is None or before.kind != issue.kind:
            continue
        if (before.kind, before.year, before.number, before.supplement) not in summarised:
            found[issue.kind] = before
    return Predecessors(found, notes)


def _statistics(
    ordered: list[Issue], earlier: dict[str, Issue] | None = None
) -> tuple[list[StatRow], list[str], dict[str, str]]:
    """Every figure of every issue, with its increment over the issue before it in the summary
    (for the first of a kind, over `earlier`'s issue of that kind, if any); the notes; the issues
    whose increment covers more than one period."""
    rows: list[StatRow] = []
    notes: list[str] = []
    spans: dict[str, str] = {}
    previous: dict[str, Issue] = dict(earlier or {})  # kind → the issue before, in summary order
    for issue in ordered:
        before = previous.get(issue.kind)
        if before is not None and before.total_number + 1 != issue.total_number:
            notes.append(
                f"{before.full_label}与{issue.full_label}不相连：{issue.label}的本周新增是与{before.label}相比的差数"
            )
        for section in issue.statistics_sections():
            increases = increments(section, issue, before)
            counted_from = section.period(issue.period_start, issue.period_end)[0]
            if before is not None and increases and counted_from != issue.period_start:  # a difference
                span = increment_span(issue.cadence, before.period_end, issue.period_end)
                if span:
                    spans[issue.label] = span
            for category in section.categories:
                for column in section.columns:
                    if column.name in category.values:
                        rows.append(
                            StatRow(
                                issue.label,
                                period_label(issue),
                                category.name,
                                column.name,
                                category.values[column.name],
                                increases.get(category.name, {}).get(column.name),
                                column.decimals,
                            )
                        )
        previous[issue.kind] = issue
    return rows, notes, spans


def _not_good(issue: Issue) -> list[FindingRow]:
    rows = []
    for section in issue.all_sections():
        for item in section.items:
            # Problems are what the clerk recorded as findings; a result sentence is a result,
            # however it is worded (a result sentence of its own is a normal report).
            rows += [FindingRow(item.name, f.window, f.text, issue.label) for f in item.findings]
    return rows


def _counts(issue: Issue) -> IssueCounts:
    entries = [entry for _section, entry in issue.entries()]
    items = [item for section in issue.all_sections() for item in section.items]
    return IssueCounts(
        issue=issue.label,
        period=period_label(issue),
        news=sum(isinstance(e, News) for e in entries),
        visits=sum(isinstance(e, Visit) for e in entries),
        items_with_findings=sum(bool(it.findings) for it in items),
        findings=sum(len(it.findings) for it in items),
    )


def summarise(issues: list[tuple[Path, Issue]], earlier: Predecessors | None = None) -> Summary:
    """The report over `issues` (path, model), in any order; they are sorted by year and number.
    `earlier` (see `predecessors`) gives the first issue of each kind its 本周新增."""
    if not issues:
        raise ZhoubaoError("没有给出期刊文件：请在命令后列出要汇总的期刊文件，如 zhoubao summary 2022-*.toml")
    _check_distinct(issues)
    ordered = sorted((issue for _path, issue in issues), key=_order)

    # visits: first seen first among equal counts (Chinese names have no useful alphabetical order)
    by_unit: dict[str, list[dt.date]] = {}
    by_leader: dict[tuple[str, str, str], list[dt.date]] = {}
    for issue in ordered:
        for _section, entry in issue.entries():
            if isinstance(entry, Visit):
                by_unit.setdefault(entry.unit, []).append(entry.date)
                by_leader.setdefault((entry.unit, entry.post, entry.name), []).append(entry.date)
    unit_visits = [UnitVisits(unit, len(dates), tuple(sorted(dates))) for unit, dates in by_unit.items()]
    leader_visits = [LeaderVisits(*who, len(dates), tuple(sorted(dates))) for who, dates in by_leader.items()]
    unit_visits.sort(key=lambda row: -row.count)
    leader_visits.sort(key=lambda row: -row.count)

    # findings grouped by item (in the order items first appear), then window, then week
    findings = [row for issue in ordered for row in _not_good(issue)]
    item_order: dict[str, int] = {}
    for row in findings:
        item_order.setdefault(row.item, len(item_order))
    findings.sort(key=lambda row: (item_order[row.item], row.window))  # stable: weeks stay in order

    statistics, notes, spans = _statistics(ordered, earlier.issues if earlier else None)
    notes = [*(earlier.notes if earlier else []), *notes]
    counts = [_counts(issue) for issue in ordered]
    numbers = [f.name for f in fields(IssueCounts) if f.type in ("int", int)]
    totals = IssueCounts("合计", f"共{len(ordered)}期", *(sum(getattr(c, name) for c in counts) for name in numbers))
    return Summary(
        issues=len(ordered),
        unit_visits=unit_visits,
        leader_visits=leader_visits,
        findings=findings,
        statistics=statistics,
        counts=counts,
        totals=totals,
        notes=notes,
        long_increments=spans,
    )


# ----------------------------------------------------------------------------- output

UNIT_HEADER = ["单位", "次数", "日期"]
LEADER_HEADER = ["单位", "职务", "姓名", "次数", "日期"]
FINDING_HEADER = ["巡查项", "窗口", "问题", "期号"]
STAT_HEADER = ["期号", "期间", "类别", "列", "累计", "本周新增"]
COUNT_HEADER = ["期号", "期间", "新闻条目", "来访", "有问题的巡查项", "问题条数"]


def _figure(value: Figure | None, decimals: int) -> str:
    return "" if value is None else figures.format_figure(value, decimals)


def _dates(dates: tuple[dt.date, ...]) -> str:
    return "、".join(d.isoformat() for d in dates)


def _tables(summary: Summary) -> list[tuple[str, list[str], list[list[str]]]]:
    """Each part of the report as (title, header, rows of text): one layout for screen and CSV."""
    counts = [*summary.counts, *([summary.totals] if summary.totals else [])]
    return [
        ("来访统计（按单位）", UNIT_HEADER, [[r.unit, str(r.count), _dates(r.dates)] for r in summary.unit_visits]),
        (
            "来访统计（按领导）",
            LEADER_HEADER,
            [[r.unit, r.post, r.name, str(r.count), _dates(r.dates)] for r in summary.leader_visits],
        ),
        ("巡查问题", FINDING_HEADER, [[r.item, r.window, r.text, r.issue] for r in summary.findings]),
        (
            "统计数据",
            STAT_HEADER,
            [
                [
                    r.issue,
                    r.period,
                    r.category,
                    r.column,
                    _figure(r.cumulative, r.decimals),
                    _figure(r.increment, r.decimals),
                ]
                for r in summary.statistics
            ],
        ),
        (
            "合计",
            COUNT_HEADER,
            [
                [c.issue, c.period, str(c.news), str(c.visits), str(c.items_with_findings), str(c.findings)]
                for c in counts
            ],
        ),
    ]


_NUMERIC = {"次数", "累计", "本周新增", "新闻条目", "来访", "有问题的巡查项", "问题条数"}
_WHOLE = {"期号", "期间"}  # a period folded in the middle of a date (2022-10-08至20 / 22-10-14) misreads


def print_summary(summary: Summary, console: Console | None = None) -> None:
    """The report as rich tables, one per part, in the CSV's order."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = console or Console()
    for title, header, rows in _tables(summary):
        if not rows:
            console.print(Text.assemble((title, "bold"), "：", ("无", "dim")))
            continue
        table = Table(title=title, title_style="bold", title_justify="left")
        for name in header:
            numeric = name in _NUMERIC
            # numbers stay whole; text folds onto more lines rather than losing its end to an ellipsis
            table.add_column(
                name,
                justify="right" if numeric else "left",
                no_wrap=numeric or name in _WHOLE,
                overflow="ellipsis" if numeric else "fold",
                min_width=len("2022-10-08至2022-10-14") if name == "期间" else None,
            )
        for index, row in enumerate(rows):
            # cells are Text: a unit or finding typed as `[bold]` or `[link=…]` shows as typed
            table.add_row(*(Text(cell) for cell in row), end_section=index + 2 == len(rows) and rows[-1][0] == "合计")
        console.print(table)
    for note in summary.notes:
        console.print(Text(f"提示：{note}", style="yellow"))


# The first line every summary CSV starts with (the BOM and the first part's title): an existing
# file that starts so is an earlier summary, which `summary --csv` replaces without --force.
CSV_MARK = "\ufeff来访统计（按单位）\r\n".encode()


def is_earlier_csv(path: Path) -> bool:
    from zhoubao.safefiles import read_head

    return read_head(path, len(CSV_MARK)) == CSV_MARK


def write_csv(summary: Summary, path: Path, *, force: bool = False) -> None:
    """Write the whole report as ONE CSV table, UTF-8 with a BOM so Excel reads the Chinese.

    Layout, top to bottom; every part is a title row (one cell), a header row, then its rows,
    and parts are separated by one empty row:

        来访统计（按单位）    单位,次数,日期
        来访统计（按领导）    单位,职务,姓名,次数,日期
        巡查问题              巡查项,窗口,问题,期号
        统计数据              期号,期间,类别,列,累计,本周新增
        合计                  期号,期间,新闻条目,来访,有问题的巡查项,问题条数 (one row an issue, then 合计)

    Dates are YYYY-MM-DD, several joined by 、; a blank 本周新增 means no increment can be given.
    A part with no rows keeps its title and header. Rows end in CRLF, as Excel writes them.
    A cell that Excel would run as a formula (it starts with = + - @, a tab or a carriage return)
    gets a leading ' so it shows as typed; numbers and dates are written by the program and stay.
    The file is written whole through an exclusive temp file (safefiles.write_new_file).
    """
    import csv
    import io

    from zhoubao.safefiles import write_new_file

    lines: list[list[str]] = []
    for title, header, rows in _tables(summary):
        if lines:
            lines.append([])
        lines += [
            [title],
            header,
            *([_cell(cell, name in _NUMERIC) for name, cell in zip(header, row, strict=True)] for row in rows),
        ]
    if path.is_dir():
        raise ZhoubaoError(f"{path} 是文件夹：请给出 CSV 文件名，如 --csv 汇总.csv")
    store.refuse_issue_target(path, "CSV 文件")
    out = io.StringIO(newline="")
    csv.writer(out).writerows(lines)
    write_new_file(path, out.getvalue().encode("utf-8-sig"), "CSV 文件", force=force, ours=is_earlier_csv)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str, numeric: bool) -> str:
    """A CSV cell Excel shows as typed: text that would start a formula gets a leading '."""
    if numeric or not text.startswith(_FORMULA_START):
        return text
    return "'" + text


# ----------------------------------------------------------------------------- the chart's panels

NO_WINDOW = "未注明窗口"


def _short_label(label: str, one_year: bool) -> str:
    """第33期 when every issue is of one year (the year goes into the title), else 2022年第33期."""
    return re.sub(r"^\d+年", "", label) if one_year else label


def chart_panels(summary: Summary) -> list[dict[str, Any]]:
    """What `--chart` draws (zhoubao.chart): each panel's title and data, in drawing order; all
    the text the chart will print is here. Lines: each category's increments by column over the
    issues (NaN where there is none), with "marks" on the issues whose increment covers more than
    one period (index → 含2周); bars: visits per unit, findings per item and per window."""
    import math

    issues = [c.issue for c in summary.counts]
    years = {re.sub(r"年.*", "", label) for label in issues}
    one_year = len(years) == 1
    ticks = [_short_label(label, one_year) for label in issues]
    position = {label: i for i, label in enumerate(issues)}
    panels: list[dict[str, Any]] = []
    categories: dict[str, dict[str, list[float]]] = {}
    for row in summary.statistics:
        series = categories.setdefault(row.category, {}).setdefault(row.column, [math.nan] * len(issues))
        if row.increment is not None and row.issue in position:
            series[position[row.issue]] = float(row.increment)
    marks = {position[label]: f"含{span}" for label, span in summary.long_increments.items() if label in position}
    for category, columns in categories.items():
        panels.append(
            {"kind": "lines", "title": f"{category}：本周新增", "ticks": ticks, "series": columns, "marks": marks}
        )
    panels.append(
        {
            "kind": "bars",
            "title": "来访次数（按单位）",
            "bars": [(r.unit, r.count) for r in summary.unit_visits],
        }
    )
    per_item: dict[str, int] = {}
    per_window: dict[str, int] = {}
    for finding in summary.findings:
        per_item[finding.item] = per_item.get(finding.item, 0) + 1
        window = finding.window or NO_WINDOW
        per_window[window] = per_window.get(window, 0) + 1
    panels.append({"kind": "bars", "title": "巡查问题（按巡查项）", "bars": list(per_item.items())})
    panels.append(
        {"kind": "bars", "title": "巡查问题（按窗口）", "bars": sorted(per_window.items(), key=lambda kv: -kv[1])}
    )
    return panels


def chart_title(summary: Summary) -> str:
    """The issues the chart covers: 2022年第33—35期概览; the count follows when some issue in
    between is not in the summary (2022年第1—12期概览（共10期）) or the span is not one year's."""
    labels = [c.issue for c in summary.counts]
    if len(labels) == 1:
        return f"{labels[0]}概览"
    first, last = (re.fullmatch(r"(\d+)年第(\d+)期", label) for label in (labels[0], labels[-1]))
    if first and last and first[1] == last[1]:
        whole = int(last[2]) - int(first[2]) + 1 == len(labels)
        return f"{first[1]}年第{first[2]}—{last[2]}期概览" + ("" if whole else f"（共{len(labels)}期）")
    return f"{labels[0]}—{labels[-1]}概览（共{len(labels)}期）"


def write_chart(summary: Summary, path: Path, *, force: bool = False) -> str | None:
    """The summary drawn to `path` (.png or .svg) by zhoubao.chart; refused there, naming why,
    before anything is written. Returns the line saying what the chart's bounds left out, or None."""
    from zhoubao.chart import write_chart as draw

    return draw(chart_title(summary), chart_panels(summary), path, force=force)


# ----------------------------------------------------------------------------- the command


def load_issues(paths: list[Path]) -> list[tuple[Path, Issue]]:
    """Load each file; a problem in one names that file, since several are read at once."""
    loaded = []
    for path in paths:
        try:
            loaded.append((path, store.load_issue(path)))
        except ZhoubaoError as e:
            if str(path) in e.message:
                raise
            raise ZhoubaoError(f"期刊文件 {path}：{e.message}") from None
    return loaded


def summary_command(
    paths: list[Path], csv_path: Path | None, chart_path: Path | None = None, *, force: bool = False
) -> list[str]:
    """`zhoubao summary ISSUE.toml... [--csv OUT.csv] [--chart OUT.png] [--force]`: load, summarise,
    write, print. Returns the notes for the clerk (what the chart left out).

    A chart that cannot be drawn (no matplotlib, no Chinese face) is refused before any file is
    written, and so is an output path a writer may not use (safefiles.check_output): an existing
    file is replaced only when it is an earlier summary CSV or chart of this tool (its mark), or
    with `force`."""
    from zhoubao.chart import is_earlier_chart
    from zhoubao.safefiles import check_output

    for option, out in (("--csv", csv_path), ("--chart", chart_path)):
        if out is not None and any(out.resolve() == p.resolve() for p in paths):
            raise ZhoubaoError(f"{option} {out} 是要汇总的期刊文件：请另给一个文件名，以免覆盖期刊文件")
    if csv_path is not None and chart_path is not None and csv_path.resolve() == chart_path.resolve():
        raise ZhoubaoError(f"--csv 和 --chart 都是 {csv_path}：后写的会覆盖先写的，请给两个不同的文件名")
    if chart_path is not None:
        from zhoubao.chart import check_target

        check_target(chart_path)
    if csv_path is not None:
        store.refuse_issue_target(csv_path, "CSV 文件")
        check_output(csv_path, "CSV 文件", force=force, ours=is_earlier_csv)
    if chart_path is not None:
        store.refuse_issue_target(chart_path, "图表文件")
        check_output(chart_path, "图表文件", force=force, ours=is_earlier_chart)
    loaded = load_issues(paths)
    summary = summarise(loaded, predecessors(loaded))
    left_out = write_chart(summary, chart_path, force=force) if chart_path is not None else None
    if csv_path is not None:
        write_csv(summary, csv_path, force=force)
    print_summary(summary)
    return [left_out] if left_out else []
