"""What a proof-reader notices that the file's own rules cannot: the same news twice, last week's
news again, a 印发日期 nobody prints on, two issues with one 期号, a date outside the period.

`check` reports all of it; the editing commands say the part that concerns what was just typed
at once (`add-news`, `add-visit`, `inspect`), and `new --from` the second issue of a number. Each
rule is written once, here. Pure but for `same_number` and the calendar (which reads the clerk's
holiday file beside the issues).

"Nearly the same" news: the two texts, with a leading date, punctuation and spaces taken out
(NFKC, letters and digits only), are equal, or difflib's ratio between them is at least 0.9
(at most one character in ten differs: a typo fixed, a word added). Long texts are compared on
their first `COMPARED` characters, so a check of fifty long items stays well under a second.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zhoubao.validate import nfkc

if TYPE_CHECKING:
    from zhoubao.model import Issue

SIMILAR = 0.9  # difflib ratio from which two texts are "nearly the same"
COMPARED = 600  # characters of each normalised text the ratio looks at
_WEEKDAYS = "一二三四五六日"


class Repeat:
    """An entry that says what another says: its id, the other's id, whether exactly, how nearly.
    (A plain class: a NamedTuple costs a command that only imports this module a millisecond.)"""

    __slots__ = ("entry_id", "exact", "other_id", "ratio")

    def __init__(self, entry_id: int, other_id: int, exact: bool, ratio: float) -> None:
        self.entry_id, self.other_id, self.exact, self.ratio = entry_id, other_id, exact, ratio


# ----------------------------------------------------------------------------- the same news twice


def normalised(text: str) -> str:
    """What a text says, for comparing: NFKC, a leading date dropped, letters and digits only."""
    from zhoubao.dates import leading_month_day

    text = nfkc(text).strip()
    date = leading_month_day(text)
    return _not_a_letter().sub("", text[date[3] :] if date else text)


@functools.cache
def _not_a_letter() -> re.Pattern[str]:
    return re.compile(r"[\W_]+")  # punctuation, symbols and spaces: everything but letters and digits


def likeness(a: str, b: str) -> float:
    """1.0 for the same normalised text, else difflib's ratio (0 when it cannot reach SIMILAR)."""
    if a == b:
        return 1.0
    if not a or not b or 2 * min(len(a), len(b)) / (len(a) + len(b)) < SIMILAR:
        return 0.0  # the lengths alone rule it out
    from difflib import SequenceMatcher

    matcher = SequenceMatcher(None, a[:COMPARED], b[:COMPARED], autojunk=False)
    if matcher.real_quick_ratio() < SIMILAR or matcher.quick_ratio() < SIMILAR:
        return 0.0
    return matcher.ratio()


def _said(entry: Any) -> str:
    return normalised(entry.content())


def entries_of(issue: Any) -> Iterator[Any]:
    """Every entry (news, visit) of an issue, in order."""
    for section in issue.all_sections():
        yield from section.entries


def repeats(entries: list[Any], earlier: list[Any] | None = None) -> list[Repeat]:
    """Each entry that says (nearly) what another says: with `earlier` None, an entry before it in
    `entries`; else an entry of `earlier` (another issue's). The first such one is named."""
    pool = [] if earlier is None else [(e.id, _said(e)) for e in earlier]
    found: list[Repeat] = []
    for entry in entries:
        mine = _said(entry)
        best = _closest(mine, pool)
        if best is not None:
            found.append(Repeat(entry.id, best[0], best[1] == 1.0, best[1]))
        if earlier is None:
            pool.append((entry.id, mine))
    return found


def _closest(mine: str, pool: list[tuple[int, str]]) -> tuple[int, float] | None:
    """(id, ratio) of the entry in `pool` most like `mine`, the first of equals; None below SIMILAR."""
    best: tuple[int, float] | None = None
    for other_id, other in pool:
        ratio = likeness(mine, other)
        if ratio >= SIMILAR and (best is None or ratio > best[1]):
            best = (other_id, ratio)
            if ratio == 1.0:
                break
    return best


def repeat_problems(issue: Any, previous: Any | None) -> list[tuple[str, str]]:
    """(where, message) of news and visits given twice in the issue, or again from the previous one."""
    out: list[tuple[str, str]] = []
    mine = sorted(entries_of(issue), key=lambda e: e.id)  # the one typed later is the repeat
    for r in repeats(mine):
        out.append(
            (
                f"条目 #{r.entry_id}",
                f"与条目 #{r.other_id} {_how(r)}：请核对，重复的可用 zhoubao remove {r.entry_id} 删去",
            )
        )
    if previous is not None:
        named = f"（{issue.previous}）" if getattr(issue, "previous", "") else ""
        for r in repeats(mine, list(entries_of(previous))):
            out.append(
                (
                    f"条目 #{r.entry_id}",
                    f"与上一期{named}的条目 #{r.other_id} {_how(r)}：是否把上一期的动态又录了一遍？请核对",
                )
            )
    return out


def _how(r: Repeat) -> str:
    return "相同" if r.exact else f"几乎相同（相似度 {r.ratio:.0%}）"


def new_text_repeats(issue: Any, text: str, new_id: int, previous: Any | None = None) -> list[str]:
    """For `add-news`: the entry of the issue, and the one of the previous issue, that the text
    just typed (entry `new_id`) repeats, one line each."""
    mine = normalised(text)
    named = f"（{issue.previous}）" if getattr(issue, "previous", "") else ""
    out = []
    for where, other in (("", issue), (f"上一期{named}的", previous)):
        if other is None:
            continue
        best = _closest(mine, [(e.id, _said(e)) for e in entries_of(other)])
        if best is not None:
            how = _how(Repeat(new_id, best[0], best[1] == 1.0, best[1]))
            out.append(f"条目 #{new_id} 与{where}条目 #{best[0]} {how}：请核对，重复时用 zhoubao remove {new_id} 删去")
    return out


# ----------------------------------------------------------------------------- figures


def figure_notes(path: Path, names: Iterable[str]) -> list[str]:
    """For `stats`, at once: what `check` says of the categories just filled (a cumulative figure
    below last week's, the same figures as last week's, 办结 above 受理), one line each."""
    from zhoubao import store
    from zhoubao.sections.base import Context

    issue = store.load_issue(path)
    previous, _note = store.load_previous(path, issue)
    names = set(names)
    said: list[str] = []
    ctx = Context(issue, previous, None)
    found: list[tuple[str, str]] = []
    report = lambda where, message: found.append((where, message))  # noqa: E731
    for section in issue.statistics_sections():
        mine = {c.name for c in section.categories} & names
        if not mine:
            continue
        found.clear()
        section.check_figures(ctx, report, report)
        wanted = {f"统计类别“{name}”" for name in mine} | {f"栏目“{section.title}”"}
        said += [f"{where}：{message}" for where, message in found if where in wanted]
    return list(dict.fromkeys(said))


# ----------------------------------------------------------------------------- dates


def outside_period(day: dt.date | None, start: dt.date, end: dt.date, what: str) -> str:
    """One line when `day` is outside the period (the entry is still written); "" otherwise."""
    if day is None or start <= day <= end:
        return ""
    return f"{what}日期 {day} 不在本期期间 {start} 至 {end} 内：已写入，请核对"


def issue_date_problems(issue: Issue, previous: Issue | None, folder: Path | None) -> list[str]:
    """The 印发日期 on a day nobody prints (a weekend, a holiday by the calendar the period comes
    from), or before the previous issue's."""
    from zhoubao.workweek import Calendar, find_announcement

    out = []
    calendar = Calendar(find_announcement(folder) if folder is not None else None)
    if not calendar.is_workday(issue.date):
        name = calendar.holiday_name(issue.date)
        why = f"{name}假期" if name else ("节假日" if name == "" else f"星期{_WEEKDAYS[issue.date.weekday()]}")
        out.append(f"{issue.date} 是{why}，不是工作日：请核对，用 zhoubao set 印发日期 YYYY-MM-DD 改正")
    if previous is not None and issue.date == previous.date and issue.period_start > previous.period_end:
        out.append(f"{issue.date} 与上一期的印发日期相同：两期同一天印发？请核对，用 zhoubao set 印发日期 改正")
    if previous is not None and issue.date < previous.date:
        out.append(
            f"{issue.date} 早于上一期的印发日期 {previous.date}：请核对——本期日期有误时用 zhoubao set 印发日期 改正，"
            "上一期的日期有误时改正上一期"
        )
    return out


# ----------------------------------------------------------------------------- the folder


def same_number(path: Path, issue: Issue) -> list[str]:
    """The other issue files beside `path` of the same bulletin, year and 期号 (regular or
    supplement alike): two 第34期 in one folder."""
    from zhoubao import store

    here = path.resolve()
    return [
        other.name
        for other, head in store.issues_in(path.parent)
        if head.year == issue.year
        and head.number == issue.number
        and head.supplement == issue.supplement
        and head.kind in ("", issue.kind)
        and other.resolve() != here  # last: resolving every file of a year's folder is most of the work
    ]


def same_number_problem(path: Path, issue: Issue) -> str:
    others = same_number(path, issue)
    if not others:
        return ""
    return f"本文件夹中 {'、'.join(others)} 也是{issue.year}年第{issue.number}期：同一期只应有一个期刊文件，请核对期号或删去多余的文件"
