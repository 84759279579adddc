"""Week to week (or month to month, quarter to quarter): the next issue from the last one.

`new --from LAST.toml` copies last week's file as a tomlkit document, so its structure,
templates, distribution, copies and whatever comments the clerk wrote carry over, then empties
what belongs to one week only: entries, figures and inspection results.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zhoubao import store
from zhoubao.errors import ZhoubaoError
from zhoubao.model import Issue, next_numbers
from zhoubao.sections import clear_week


def new_from(
    path: Path,
    previous_path: Path,
    *,
    number: int | None = None,
    total: int | None = None,
    year: int | None = None,
    date: dt.date | None = None,
    period: tuple[dt.date, dt.date] | None = None,
    force: bool = False,
) -> Rolled:
    """Write the issue after `previous_path`; returns it, any notes for the clerk and the sections
    it emptied.

    A weekly series rolls to the next working week; a monthly (quarterly) one to the next
    calendar month (quarter), by the cadence of the kind as it is now (else the previous issue's).
    """
    from zhoubao import cadence

    notes = []
    doc, previous = store.load_document(previous_path)
    fresh = _kind_now(previous, path.parent)
    every = previous.cadence if fresh is None else fresh["issue"].get("cadence", cadence.WEEKLY)
    if period is None:
        try:
            if every == cadence.WEEKLY:
                from zhoubao.workweek import next_period

                start, end, note = next_period(previous.period_end, path.parent)  # 节假日.toml there counts
                notes += [line for line in (note, holiday_shift(previous.period_end, end, path.parent)) if line]
            else:
                start, end = cadence.next_span(every, previous.period_end)
        except OverflowError:  # a period ending 9999-12-31 has no next week
            raise ZhoubaoError(
                f"上一期的期间截至 {previous.period_end}，之后没有可用的日期：请用 --period 给出本期期间"
            ) from None
        period = (start, end)
    auto_year, auto_number, auto_total = next_numbers(previous, period[0].year)
    head = doc["issue"]
    head["year"] = year if year is not None else auto_year
    head["number"] = number if number is not None else auto_number
    head["total"] = total if total is not None else auto_total
    if date is None:
        today = dt.date.today()
        date, note = issue_date(period[1], today, previous.date, path.parent)
        if note:
            notes.append(note)
        alone, _note = issue_date(period[1], today, None, path.parent)
        if date != alone:  # the previous issue's 印发日期 decided it: said, as it may be that one's slip
            notes.append(
                f"印发日期 {date} 而不是 {alone}：不早于上一期的印发日期（{previous.date}）；如上一期的日期有误，"
                f"请先改正上一期（zhoubao set -f {previous_path} 印发日期 日期），再用 zhoubao set 印发日期 改正本期"
            )
    head["date"] = date
    head["period_start"], head["period_end"] = period
    head["previous"] = Path(os.path.relpath(previous_path.resolve(), path.resolve().parent)).as_posix()
    held = {}
    for section in doc.get("section", []):
        before = section.unwrap()
        clear_week(section)  # what belongs to one week goes; each section type knows what that is
        if section.unwrap() != before:
            held[_section_key(section)] = before
    notes += _follow_kind(doc, previous, fresh)
    cleared = [  # a standing text the kind gave back, as it was, was not cleared
        _section_title(section)
        for section in doc.get("section", [])
        if _section_key(section) in held and section.unwrap() != held[_section_key(section)]
    ]
    issue = Issue.from_dict(doc.unwrap())
    _relabel(doc, f"{previous.name} {previous.full_label}", f"{issue.name} {issue.full_label}")
    store.create(path, doc, force=force)
    from zhoubao.proofread import same_number_problem

    twin = same_number_problem(path, issue)  # a second 第34期 beside the first is a slip, said now
    return Rolled(issue, [*notes, twin] if twin else notes, cleared)


@dataclass(frozen=True)
class Rolled:
    """The issue `new --from` wrote, the notes for the clerk, and the titles of the sections whose
    week's content (news, figures, inspection results, an editor's note) it emptied."""

    issue: Issue
    notes: list[str]
    cleared: list[str]


def _section_key(section: Any) -> tuple[str, str]:
    return section.get("type", ""), section.get("title", "")


def _section_title(section: Any) -> str:
    from zhoubao.sections import type_of

    return section.get("title") or type_of(section).NAME


def _relabel(doc: Any, old: str, new: str) -> None:
    """The file's opening comment names its issue (`# <name> 2022年第33期（总第408期）`): the
    new file's names the new issue, not last week's."""
    import tomlkit
    from tomlkit.items import Comment

    for index, (key, item) in enumerate(doc.body):
        if key is not None:
            return
        if isinstance(item, Comment) and item.as_string().strip() == f"# {old}":
            doc.body[index] = (None, tomlkit.comment(new))
            return


def issue_date(
    period_end: dt.date, today: dt.date, previous_date: dt.date | None = None, folder: Path | None = None
) -> tuple[dt.date, str]:
    """The 印发日期 `new --from` proposes, whatever the cadence, and a note when a guessed calendar
    decided it: today while that is within a month after the period's end (the clerk writes this
    issue now), else the day after the period (a back issue: a 2022 series rolled forward in
    2026); never before the previous issue's 印发日期 (an issue is not printed before the one it
    follows); then the first working day from there by the calendar the period comes from
    (after the National Day holiday, not on 除夕 or 元旦's make-up Monday)."""
    from zhoubao.workweek import first_workday

    if period_end < today <= period_end + dt.timedelta(days=31):
        day = today
    else:
        day = period_end + dt.timedelta(days=1)
    if previous_date is not None and previous_date > day:
        day = previous_date
    return first_workday(day, folder)


def holiday_shift(previous_end: dt.date, end: dt.date, folder: Path) -> str:
    """One line for the clerk when a holiday moved the weekly period (国庆 10月1日—7日放假，10月8日
    （周六）调休上班), so a make-up Saturday at its start is not "fixed"; "" for a plain week."""
    from zhoubao.workweek import holiday_note

    said = holiday_note(previous_end, end, folder)
    return f"本期期间按放假安排调整：{said}" if said else ""


# ----------------------------------------------------------------------------- the kind as it is now

_HEAD_KEYS = ("name", "unit", "issue_line", "supplement_line", "max_pages", "cadence")
_SECTION_CONTENT = ("category", "item", "sub", "entry")  # compared by name, or the clerk's own


def _kind_now(previous: Issue, folder: Path) -> dict[str, Any] | None:
    """The plain data of a new issue of the previous issue's kind as the kind is today; None
    when the kind cannot be found or read (the next issue then follows the previous one)."""
    from zhoubao import kinds
    from zhoubao.cadence import WEEKLY, check_cadence

    try:
        ref = kinds.find_kind(previous.kind, folder)
        kind = kinds.load_kind(ref.path)
    except ZhoubaoError:
        return None
    check_cadence(kind.get("cadence", WEEKLY), f"种类“{ref.name}”的 kind.toml 中")  # a wrong one stops here
    return kinds.issue_data(kind, ref.name, {})


def _follow_kind(doc: Any, previous: Issue, fresh: dict[str, Any] | None) -> list[str]:
    """Sections, templates and layout of the next issue come from the kind as it is today.

    A running weekly series then picks up a change to its kind's wording; the archived issues
    keep their own copies and render as they were. What the clerk set in the file (distribution,
    copies, comments, a paragraph's text) stays. Returns what changed, for the clerk.
    """
    if fresh is None:
        return [f"找不到种类“{previous.kind}”，栏目和模板照上一期沿用"]
    changes: list[str] = []
    head = doc["issue"]
    for key in _HEAD_KEYS:
        if key in fresh["issue"] and head.get(key) != fresh["issue"][key]:
            head[key] = store.toml_items(fresh["issue"][key], key)
            changes.append(f"期头的 {key}")
    if "cadence" in head and "cadence" not in fresh["issue"]:  # the kind went back to weekly
        del head["cadence"]
        changes.append("期头的 cadence")
    if fresh.get("layout", {}) != doc.get("layout", {}):
        if fresh.get("layout"):
            doc["layout"] = store.toml_items(fresh["layout"], "layout")
        elif "layout" in doc:
            del doc["layout"]
        changes.append("版式")
    old = list(doc.get("section", []))
    doc["section"] = _sections_like(fresh.get("section", []), old, changes)
    if not changes:
        return []
    return ["按种类“{}”的现行设置更新了：{}（往期文件不受影响）".format(previous.kind, "、".join(changes))]


def _sections_like(wanted: list[dict[str, Any]], old: list[Any], changes: list[str], parent: str = "") -> Any:
    """The kind's sections in the kind's order, each the previous issue's table where it has one
    (same type and title: its comments and the clerk's text stay), brought up to the kind."""
    import tomlkit

    from zhoubao.sections import type_of

    rows = tomlkit.aot()
    unused = list(old)
    for section in wanted:
        match = next(
            (
                t
                for t in unused
                if t.get("type") == section.get("type") and t.get("title", "") == section.get("title", "")
            ),
            None,
        )
        title = section.get("title") or section.get("type", "")
        if match is None:
            rows.append(store.toml_items(section))
            changes.append(f"新增栏目“{title}”")
            continue
        unused.remove(match)
        for key, value in section.items():
            if key in _SECTION_CONTENT:
                continue
            if match.get(key) != value:
                # a week's key the kind gives a standing value (a fixed 说明's text) after last
                # week's was cleared: what any new issue of the kind has, not a change of the kind
                restored = key not in match and key in type_of(match).WEEKLY_KEYS
                match[key] = store.toml_items(value, key)
                if not restored:
                    changes.append(f"栏目“{title}”的 {key}")
        for key in [k for k in match if k not in section and k not in _SECTION_CONTENT and k != "text"]:
            del match[key]
            changes.append(f"栏目“{title}”去掉 {key}")
        for key, name_key in (("category", "name"), ("item", "name")):
            names = [row.get(name_key) for row in section.get(key, [])]
            if [row.get(name_key) for row in match.get(key, [])] != names:
                match[key] = store.toml_items(section.get(key, []), key) if names else tomlkit.aot()
                if not names:
                    del match[key]
                changes.append(f"栏目“{title}”的{'类别' if key == 'category' else '巡查项'}")
            elif key == "category":
                _follow_carry_over(section.get(key, []), match.get(key, []), title, changes)
        if section.get("sub") or match.get("sub"):
            match["sub"] = _sections_like(section.get("sub", []), list(match.get("sub", [])), changes, title)
            if not section.get("sub"):
                del match["sub"]
        rows.append(match)
    for table in unused:
        changes.append(f"删去栏目“{table.get('title') or table.get('type', '')}”（种类中已没有）")
    return rows


def _follow_carry_over(wanted: list[dict[str, Any]], rows: Any, title: str, changes: list[str]) -> None:
    """A category's `carry_over` (办结 above 受理 expected) is the kind's to say: the same categories
    as last week take it as the kind says it today."""
    for want, row in zip(wanted, rows, strict=True):
        if bool(want.get("carry_over", False)) == bool(row.get("carry_over", False)):
            continue
        if want.get("carry_over"):
            row["carry_over"] = True
        else:
            del row["carry_over"]
        changes.append(f"栏目“{title}”类别“{row.get('name')}”的 carry_over")
