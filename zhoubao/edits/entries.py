"""Entries: add, change, remove and move the news and visits of a section; a paragraph section's text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from zhoubao import store, tomldoc
from zhoubao.errors import ZhoubaoError
from zhoubao.model import Issue
from zhoubao.sections import Section
from zhoubao.validate import check_text


def add_news(path: Path, section: str, text: str, date: dt.date | None = None, notes: list[str] | None = None) -> int:
    """Append a news item; what a proof-reader would say about it at once (a date outside the
    period, the same news already in this issue or the previous one, a date before the section's
    last item's) goes into `notes`.

    Without `date`, a plain date the text opens with (`10月12日，…`) becomes the item's date, as
    collect and import read it: however the text came (argument, standard input, a file)."""
    check_text(text, "新闻正文")

    def locate(issue: Issue) -> tuple[tuple[int, ...], str, dict[str, Any]]:
        target = issue.find_section(section, "news")
        row: dict[str, Any] = {"id": issue.next_entry_id()}
        dated, body = (date, text) if date is not None else _leading_date(text, issue)
        if dated is not None:
            row["date"] = dated
        row["text"] = body
        if notes is not None:
            notes.extend(_news_notes(path, issue, target, body, dated, row["id"]))
        return target.path, "entry", row

    return store.append(path, locate)["id"]


def _leading_date(text: str, issue: Issue) -> tuple[dt.date | None, str]:
    """The date typed at the head of a news text, placed in the year nearest the issue's period,
    and the text to keep (sections.entries.leading_date: the one reading of it)."""
    from zhoubao.dates import dated_near
    from zhoubao.sections.entries import leading_date

    def date_of(year: str | None, month: str, day: str) -> dt.date | None:
        return dated_near(int(year) if year else None, int(month), int(day), issue.period_start, issue.period_end)

    date, body = leading_date(text.strip(), date_of)
    return (date, body) if date is not None else (None, text)


def _news_notes(path: Path, issue: Issue, target: Section, text: str, date: dt.date | None, new_id: int) -> list[str]:
    from zhoubao import proofread
    from zhoubao.dates import opening_date
    from zhoubao.sections.entries import clashing_dates

    start, end = issue.period_start, issue.period_end
    printed = opening_date(text, start, end) or date  # the text's own date is the one printed
    clash = clashing_dates(printed, date, new_id) if date is not None and printed != date else ""
    outside = proofread.outside_period(printed, start, end, "这条新闻的")
    order = _order_note(issue, target, printed, new_id)
    previous, _note = store.load_previous(path, issue)
    repeats = proofread.new_text_repeats(issue, text, new_id, previous)
    return [line for line in (clash, outside, order, *repeats) if line]


def _order_note(issue: Issue, target: Section, date: dt.date | None, new_id: int) -> str:
    """One line when a new item's date is before that of an item already in the section: the
    bulletin prints items in the order they stand, so it would print 10月12日 after 10月13日.
    Names the latest-dated item and where `move` would put the new one (before the first item
    dated later)."""
    from zhoubao.dates import cn_month_day

    if date is None:
        return ""
    dated = [
        (position, entry.id, day)
        for position, entry in enumerate(target.entries, 1)
        if (day := entry.printed_date(issue.period_start, issue.period_end)) is not None
    ]
    later = [item for item in dated if item[2] > date]
    if not later:
        return ""
    _position, latest_id, latest_day = max(later, key=lambda item: item[2])
    return (
        f"本条日期（{cn_month_day(date)}）早于已有的 #{latest_id}（{cn_month_day(latest_day)}）："
        f"如需按日期排列，请用 zhoubao move {new_id} {later[0][0]}"
    )


def add_visit(
    path: Path,
    date: dt.date,
    unit: str,
    post: str,
    name: str,
    text: str,
    section: str | None = None,
    notes: list[str] | None = None,
) -> int:
    """Append a visit; a date outside the period is written all the same and said in `notes`."""
    for value, what in ((unit, "单位"), (name, "姓名"), (text, "正文")):
        check_text(value, f"来访的{what}")
    check_text(post, "来访的职务", allow_empty=True)

    def locate(issue: Issue) -> tuple[tuple[int, ...], str, dict[str, Any]]:
        target = _visits_section(issue, section)
        row = {"id": issue.next_entry_id(), "date": date, "unit": unit, "post": post, "name": name, "text": text}
        if notes is not None:
            from zhoubao.proofread import outside_period

            outside = outside_period(date, issue.period_start, issue.period_end, "这次来访的")
            notes.extend([outside] if outside else [])
        return target.path, "entry", row

    return store.append(path, locate)["id"]


def _visits_section(issue: Issue, name: str | None) -> Section:
    if name is not None:
        return issue.find_section(name, "visit", "来访栏目")
    visits = issue.sections_holding("visit")
    if len(visits) == 1:
        return visits[0]
    if not visits:
        raise ZhoubaoError("本期没有来访栏目：请检查简报种类，或改用 add-news")
    raise ZhoubaoError(f"本期有多个来访栏目（{'、'.join(s.title for s in visits)}）：请用 --section 指定")


def _entry_table(doc: Any, issue: Issue, entry_id: int) -> tuple[Any, int]:
    section, entry = issue.find_entry(entry_id)
    table = store.table_in(doc, section.path)
    return table, section.entries.index(entry)


def edit_entry(path: Path, entry_id: int, **fields: Any) -> None:
    """Change the given fields (text, date, unit, post, name) of one entry; None leaves a field."""
    fields = {k: v for k, v in fields.items() if v is not None}
    if not fields:
        raise ZhoubaoError("没有要修改的内容：请给出新的正文或 --date/--unit/--post/--name")
    for key, value in fields.items():
        if isinstance(value, str):
            check_text(value, "条目内容", allow_empty=key == "post")

    def change(doc, issue: Issue) -> None:
        _section, entry = issue.find_entry(entry_id)
        allowed = set(entry.fields())
        extra = set(fields) - allowed
        if extra:
            names = {"unit": "单位", "post": "职务", "name": "姓名"}
            extra_names = "、".join(names.get(key, key) for key in sorted(extra))
            raise ZhoubaoError(f"条目 {entry_id} 是新闻，没有{extra_names}：只能修改正文和日期")
        table, index = _entry_table(doc, issue, entry_id)
        for key, value in fields.items():
            table["entry"][index][key] = value

    store.edit(path, change)


def remove_entry(path: Path, entry_id: int) -> None:
    """Remove one entry with the comment lines written above it; the comment above the next entry
    stays with that entry (tomlkit keeps comment lines at the end of the table before them)."""

    def change(doc, issue: Issue) -> None:
        table, index = _entry_table(doc, issue, entry_id)
        tomldoc.delete_row(table, "entry", index)

    store.edit(path, change)


def move_entry(path: Path, entry_id: int, position: int) -> None:
    """Put an entry at `position` (1-based) within its own section."""

    def change(doc, issue: Issue) -> None:
        table, index = _entry_table(doc, issue, entry_id)
        count = len(table["entry"])
        if not 1 <= position <= count:
            raise ZhoubaoError(f"位置 {position} 超出范围：该栏目共有 {count} 条，请给出 1 到 {count}")
        tomldoc.move_row(table, "entry", index, position - 1)

    store.edit(path, change)


def move_entry_to(path: Path, entry_id: int, section: str, position: int | None = None) -> str:
    """Move an entry typed under the wrong section to another section of the same kind (news to
    news, visits to visits), at `position` (1-based; default: last). Its id and text stay."""

    def change(doc, issue: Issue) -> str:
        here, entry = issue.find_entry(entry_id)
        target = issue.find_section(section, here.HOLDS)
        if target.path == here.path:
            raise ZhoubaoError(
                f"条目 #{entry_id} 已在栏目“{target.title}”中：要调整顺序请用 zhoubao move {entry_id} 位置"
            )
        source_table, index = _entry_table(doc, issue, entry_id)
        row = tomldoc.plain_row(source_table, "entry", index)
        tomldoc.delete_row(source_table, "entry", index)
        tomldoc.drop_if_empty(source_table, "entry")
        target_table = store.table_in(doc, target.path)
        tomldoc.append_row(target_table, "entry", row)
        count = len(target_table["entry"])
        if position is not None:
            if not 1 <= position <= count:
                raise ZhoubaoError(
                    f"位置 {position} 超出范围：栏目“{target.title}”移入后共有 {count} 条，请给出 1 到 {count}"
                )
            tomldoc.move_row(target_table, "entry", count - 1, position - 1)
        return target.title

    return store.edit(path, change)


def replace_in_entry(path: Path, entry_id: int, old: str, new: str) -> int:
    """Fix a typo without retyping: replace `old` by `new` in one entry's text; returns how often.

    `old` must occur in the text; every occurrence is replaced (they are told how many).
    """
    if not old:
        raise ZhoubaoError("要替换的文字为空：请写成 --replace 旧 新")
    check_text(new, "替换成的文字", allow_empty=True)

    def change(doc, issue: Issue) -> int:
        _section, entry = issue.find_entry(entry_id)
        count = entry.text.count(old)
        if not count:
            raise ZhoubaoError(f"条目 #{entry_id} 的正文中没有“{old}”：请核对要替换的文字（zhoubao entries 可查看）")
        text = entry.text.replace(old, new)
        check_text(text, "条目正文")
        table, index = _entry_table(doc, issue, entry_id)
        table["entry"][index]["text"] = text
        return count

    return store.edit(path, change)


def set_paragraph(path: Path, section: str, text: str) -> str:
    """Set the text of a free-paragraph section (an editor's note, a closing requirement …)."""
    check_text(text, "段落正文")  # before the lock: bad input never touches the file

    def change(doc, issue: Issue) -> str:
        target = issue.find_section(section, "text", "段落栏目")
        store.table_in(doc, target.path)["text"] = text
        return target.title

    return store.edit(path, change)
