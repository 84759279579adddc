"""`zhoubao collect`: the windows' submissions in a 收稿 folder read into a plan of entries.

One stage after another, each testable on its own:

    read_folder   the folder listed (capped); a .docx read by docx.py with every guard `import` has,
                  a .txt/.md by textfiles (UTF-8 ± BOM, GBK, UTF-16); any other file named and skipped
    split_items   a paragraph that opens with a date starts an item, the paragraphs after it belong
                  to it; a first line `栏目：NAME` names the section for the whole file
    plan          each item placed: the 栏目 line's section, else the one whose `keywords` it holds or
                  the visits section whose lead it reads as (unit, post, name); none or several is
                  skipped and said, never guessed. The section type's own import hook (`place`)
                  reads the date and the visitor, as `import` reads a bulletin; an item already in
                  the issue or in the previous one is skipped and counted.

Nothing here writes or prints: the plan is data, which the edit writes through the store and the
command shows. Imported only by `collect`.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from zhoubao import typography
from zhoubao.dates import date_near, valid_date
from zhoubao.errors import ZhoubaoError
from zhoubao.importing.reading import ItemReading
from zhoubao.importing.text import snippet, without_item_number
from zhoubao.model import Issue
from zhoubao.sections import read_section, type_of
from zhoubao.sections.entries import LEADING_DATE, EntrySection
from zhoubao.validate import pick

MAX_FILES = 300  # forty windows send a file or two a week; a folder of thousands is the wrong one
MAX_ITEMS = 500  # items in one collection
MAX_CHARS = 1_000_000  # characters of every file together: a week's submissions are some tens of thousands
HOLDS = ("news", "visit")  # what collected items become
TEXT_SUFFIXES = (".txt", ".md")
WORD_SUFFIX = ".docx"

_SECTION_LINE = re.compile(r"^\s*栏目\s*[：:]\s*(.*?)\s*$")
# A day without its month opens an item only when the sentence goes on at once: `10日，`, `10日上午，`
# (`30日内办结` is a time limit, not a date).
_BARE_DAY = re.compile(r"^(\d{1,2})\s*[日号](?=\s*(?:[，,]|上午|下午|中午|晚上|早上|全天|当天))")
_YEAR = re.compile(r"^(\d{4})\s*年\s*")


@dataclass(frozen=True)
class Submission:
    """One file of the folder, read: where it came from and its paragraphs, in order."""

    source: str  # as the entry keeps it: `收稿/自然资源窗口.docx`
    paragraphs: list[str]


@dataclass(frozen=True)
class Skipped:
    """A file or an item left out, and why (one Chinese phrase)."""

    source: str
    words: str  # the item's first words; "" for a whole file
    why: str
    duplicate: bool = False


@dataclass(frozen=True)
class Planned:
    """An item to write: the section it goes to and its row (date, text, the visitor's fields, source)."""

    source: str
    section_path: tuple[int, ...]
    section_title: str
    row: dict[str, Any]
    bulletin_text: str  # the item as the bulletin prints it

    @property
    def date(self) -> dt.date | None:
        date = self.row.get("date")
        return date if isinstance(date, dt.date) else None

    @property
    def words(self) -> str:
        """The first words as printed, after the date (shown beside them); for a leader's visit the
        unit, post and name read out of the sentence, which the summary counts visits by."""
        if "unit" in self.row:
            post = self.row.get("post") or "（无）"
            who = f"单位：{self.row['unit']}，职务：{post}，姓名：{self.row.get('name', '')}"
            return f"{who}；{snippet(self.row.get('text', ''), 16)}"
        date = self.date
        lead = f"{date.month}月{date.day}日，" if date else ""
        return snippet(self.bulletin_text.removeprefix(lead), 24)


@dataclass
class Folder:
    """What `read_folder` makes of a folder: the files read, and those skipped."""

    submissions: list[Submission] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


@dataclass
class Plan:
    """What collecting would write, and what it leaves out."""

    items: list[Planned] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def duplicates(self) -> int:
        return sum(1 for s in self.skipped if s.duplicate)

    def summary(self) -> str:
        """`收进 4 条；跳过 3 处，其中 2 条已收过`."""
        skipped = len(self.skipped)
        tail = f"；跳过 {skipped} 处" if skipped else ""
        if self.duplicates:
            tail += f"，其中 {self.duplicates} 条已收过"
        return f"收进 {len(self.items)} 条{tail}"


# ----------------------------------------------------------------------------- the folder


def source_label(folder: Path, issue_dir: Path) -> str:
    """How an entry names the folder its file came from: relative to the issue file's folder when
    inside it (`收稿`), else the folder's own name; always with `/`."""
    try:
        return folder.resolve().relative_to(issue_dir.resolve()).as_posix()
    except ValueError:
        return folder.resolve().name


def read_folder(folder: Path, label: str) -> Folder:
    """Every file of `folder` read or named as skipped, in name order.

    A .docx or text file that cannot be read (broken, encrypted, hostile, too large) refuses the
    whole collection with the reader's one Chinese line: it is a window's submission the clerk
    must see to, not something to pass over. So do more than MAX_FILES files or MAX_CHARS
    characters in all.
    """
    from zhoubao.importing.docx import read_paragraphs
    from zhoubao.textfiles import read_text

    if not folder.exists():
        raise ZhoubaoError(f"文件夹 {folder} 不存在：请检查路径")
    if not folder.is_dir():
        raise ZhoubaoError(f"{folder} 不是文件夹：请给出放收稿文件的文件夹")
    try:
        with os.scandir(folder) as listing:
            entries = []
            for entry in listing:
                entries.append(entry)
                if len(entries) > MAX_FILES:
                    raise ZhoubaoError(f"文件夹 {folder} 中超过 {MAX_FILES} 个文件，不像一周的收稿：请确认选对了文件夹")
    except OSError as e:
        raise ZhoubaoError(f"无法读取文件夹 {folder}（{e.strerror}）：请检查权限") from None
    found = Folder()
    chars = 0
    for entry in sorted(entries, key=lambda e: e.name):
        source = f"{label}/{entry.name}" if label else entry.name
        suffix = Path(entry.name).suffix.lower()
        why = _not_read(entry, suffix)
        if why:
            found.skipped.append(Skipped(source, "", why))
            continue
        path = folder / entry.name
        if suffix == WORD_SUFFIX:
            paragraphs = [p.text for p in read_paragraphs(path)]
        else:
            paragraphs = read_text(path, "收稿文件", "请在记事本中另存为 UTF-8 后重试").split("\n")
        chars += sum(len(p) for p in paragraphs)
        if chars > MAX_CHARS:
            raise ZhoubaoError(
                f"文件夹 {folder} 中的收稿共超过 {MAX_CHARS // 10000} 万字，不像一周的收稿：请确认选对了文件夹"
            )
        found.submissions.append(Submission(source, paragraphs))
    return found


def _not_read(entry: os.DirEntry[str], suffix: str) -> str:
    """Why a folder entry is not read ("" when it is)."""
    name = entry.name
    if name.startswith("~$"):
        return "Word 打开文件时留下的临时文件，未读取"
    if name.startswith("."):
        return "隐藏文件，未读取"
    if entry.is_dir():
        return "子文件夹，未读取（收稿请直接放在文件夹中）"
    if suffix == ".doc" or suffix == ".wps":
        return "旧版 Word/WPS 文件，未读取：请另存为 .docx"
    if suffix != WORD_SUFFIX and suffix not in TEXT_SUFFIXES:
        return "不是 .docx、.txt 或 .md 文件，未读取"
    return ""


# ----------------------------------------------------------------------------- items


@dataclass(frozen=True)
class Split:
    """A file's paragraphs cut into items: its 栏目 line, the items, and the words before the first."""

    section: str | None
    items: list[list[str]]
    before: list[str]


def split_items(paragraphs: list[str]) -> Split:
    """A paragraph that opens with a date (`10月10日，` / `2022年10月10日，` / `10日，`, an item
    number before it allowed) starts an item; the paragraphs after it belong to it. The first line
    `栏目：NAME` names the file's section; what comes before the first date opens no item."""
    lines = [typography.strip_stray_spaces(p) for p in paragraphs]
    lines = [line for line in lines if line]
    section = None
    if lines and (m := _SECTION_LINE.match(lines[0])):
        section, lines = m.group(1), lines[1:]
    items: list[list[str]] = []
    before: list[str] = []
    for line in lines:
        if opens_with_date(line):
            items.append([line])
        elif items:
            items[-1].append(line)
        else:
            before.append(line)
    return Split(section, items, before)


def opens_with_date(text: str) -> bool:
    body = without_item_number(text)
    return bool(re.match(LEADING_DATE, body) or _BARE_DAY.match(body))


def full_date_head(text: str, period: tuple[dt.date, dt.date]) -> str:
    """The item's first paragraph with its date as `import` reads it best: a day without its month
    (`10日，`) gets the month that puts it in or nearest the period, and a year that adds nothing to
    the period's (`2022年10月10日，`) goes, so the date comes out of the text as `add-news --date`
    keeps it (a year that is not the period's stays, printed as typed)."""
    body = without_item_number(text)
    m = _BARE_DAY.match(body)
    if m:
        day = _day_near(int(m.group(1)), *period)
        return f"{day.month}月{day.day}日{body[m.end() :]}" if day else body
    m = re.match(LEADING_DATE, body)
    if m and m.group(1):
        typed = valid_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if typed is not None and typed == date_near(typed.month, typed.day, *period):
            return _YEAR.sub("", body, count=1)
    return body


def _day_near(day: int, start: dt.date, end: dt.date) -> dt.date | None:
    """The date of a day of the month in or nearest the period (months around it tried)."""
    last = (end.year, end.month + 1) if end.month < 12 else (end.year + 1, 1)
    year, month = (start.year, start.month - 1) if start.month > 1 else (start.year - 1, 12)
    found = []
    while (year, month) <= last:
        if d := valid_date(year, month, day):
            found.append(d)
        year, month = (year, month + 1) if month < 12 else (year + 1, 1)
    if not found:
        return None
    return min(found, key=lambda d: 0 if start <= d <= end else min(abs((d - start).days), abs((d - end).days)))


# ----------------------------------------------------------------------------- placing


class _Reading(ItemReading):
    """What a section type's `place` hook asks of its reader (zhoubao/sections/base.py `Reading`),
    for items dated near the issue's period."""

    def __init__(self, period: tuple[dt.date, dt.date]) -> None:
        self.period = period
        self.hints: list[str] = []

    def hint(self, message: str) -> None:
        self.hints.append(message)

    def period_bounds(self) -> tuple[dt.date, dt.date]:
        return self.period

    def state(self, section_table: dict[str, Any]) -> dict[str, Any]:
        return {}

    def composed_paragraphs(self, section_table: dict[str, Any]) -> list[str]:
        return []

    def note(self, section_table: dict[str, Any], line: str) -> None:
        pass


@dataclass(frozen=True)
class _Target:
    """A section collected items may go to: the model's section, its table in the file, its keywords."""

    path: tuple[int, ...]
    title: str
    holds: str
    table: dict[str, Any]
    keywords: tuple[str, ...]


def _table_at(plain: dict[str, Any], path: tuple[int, ...]) -> dict[str, Any]:
    table: dict[str, Any] = plain["section"][path[0]]
    for index in path[1:]:
        table = table["sub"][index]
    return table


def _targets(plain: dict[str, Any], issue: Issue) -> list[_Target]:
    out = []
    for section in issue.all_sections():
        if section.subs or section.HOLDS not in HOLDS:
            continue
        table = _table_at(plain, section.path)
        keywords = table.get("keywords", [])
        out.append(
            _Target(section.path, section.title, section.HOLDS, table, tuple(k for k in keywords if isinstance(k, str)))
        )
    return out


class _Placer:
    """Items into rows of their sections, through each section type's own import hook."""

    def __init__(self, plain: dict[str, Any], issue: Issue) -> None:
        self.issue = issue
        self.targets = _targets(plain, issue)
        self.reading = _Reading((issue.period_start, issue.period_end))

    def named(self, name: str) -> _Target:
        """The 栏目 line's section: its title or a unique part of it, as `--section` takes it."""
        return pick(self.targets, name, lambda t: t.title, "栏目")

    def row(self, target: _Target, item: list[str], source: str) -> tuple[dict[str, Any], str] | None:
        """(row, bulletin text) of `item` in `target`, or None when the section's type cannot read it."""
        head = full_date_head(item[0], self.reading.period)
        scratch = {k: v for k, v in target.table.items() if k not in type_of(target.table).WEEKLY_KEYS}
        if not type_of(scratch).place(self.reading, scratch, head):
            return None
        [row] = scratch["entry"]
        del row["id"]
        if len(item) > 1:
            row["text"] = "\n".join([row["text"], *item[1:]])
        row["source"] = source
        section = cast(EntrySection, read_section({**scratch, "entry": [{"id": 1, **row}]}, target.path))
        return row, section.bulletin_text(section.entries[0])  # a news or visits section: it took the entry

    def choose(self, item: list[str], source: str) -> tuple[_Target, tuple[dict[str, Any], str]] | str:
        """The one section an item without a 栏目 line goes to, and its row; else why none.

        A sentence that opens as a leader's visit (unit, post and name, as the visits section's
        lead prints them) is a visit, whatever else it mentions; any other item goes to the one
        section whose keywords it holds."""
        visits = {}
        for target in self.targets:
            if target.holds == "visit":
                read = self.row(target, item, source)
                if read is not None and read[0].get("post"):
                    visits[target.path] = read
        text = "".join(item)
        matched = [t for t in self.targets if (t.path in visits if visits else any(k in text for k in t.keywords))]
        if not matched:
            return "没有栏目行，也不含任何栏目的关键词（keywords）：请在文件第一行写“栏目：栏目名”"
        if len(matched) > 1:
            titles = "、".join(f"“{t.title}”" for t in matched)
            return f"同时符合{titles}：请在文件第一行写“栏目：栏目名”"
        [target] = matched
        read = visits.get(target.path) or self.row(target, item, source)
        return _unread(target) if read is None else (target, read)


def _unread(target: _Target) -> str:
    if target.holds == "visit":
        return f"读不出来访领导的单位、职务和姓名（栏目“{target.title}”）：请用 zhoubao add-visit 填写"
    return f"栏目“{target.title}”无法读取这一条"


def _bulletin_keys(issue: Issue | None) -> set[str]:
    """The entries an issue already holds, as printed (compared without spaces or typography)."""
    if issue is None:
        return set()
    keys = set()
    holding = [*issue.sections_holding("news"), *issue.sections_holding("visit")]
    for section in (cast(EntrySection, s) for s in holding):
        for entry in section.entries:
            try:
                keys.add(_key(section.bulletin_text(entry)))
            except ZhoubaoError:
                continue
    return keys


def _key(bulletin_text: str) -> str:
    return re.sub(r"\s", "", typography.normalise(bulletin_text)).rstrip("。")


def plan(submissions: list[Submission], plain: dict[str, Any], issue: Issue, previous: Issue | None = None) -> Plan:
    """What collecting `submissions` into the issue (`plain`, its file's data, and `issue`, its
    model) would write. Pure: the same submissions and issue give the same plan."""
    placer = _Placer(plain, issue)
    here, before = _bulletin_keys(issue), _bulletin_keys(previous)
    collected: dict[str, str] = {}  # key → the file an item of this collection came from
    result = Plan()
    count = 0
    for submission in submissions:
        source = submission.source
        split = split_items(submission.paragraphs)
        if not split.items:
            result.skipped.append(Skipped(source, "", "没有以日期开头的段落（如“10月10日，……”），未收入"))
            continue
        if split.before:
            result.skipped.append(
                Skipped(source, snippet(split.before[0], 24), "第一条日期之前的文字（标题或说明），未收入")
            )
        named: _Target | None = None
        if split.section is not None:
            try:
                named = placer.named(split.section)
            except ZhoubaoError as e:
                result.skipped.append(Skipped(source, "", f"栏目行：{e.message}"))
                continue
        for item in split.items:
            count += 1
            if count > MAX_ITEMS:
                raise ZhoubaoError(f"收稿中的条目超过 {MAX_ITEMS} 条，不像一周的收稿：请确认选对了文件夹")
            words = snippet(without_item_number(item[0]), 24)
            try:
                if named is not None:
                    read = placer.row(named, item, source)
                    chosen: tuple[_Target, tuple[dict[str, Any], str]] | str = (
                        (named, read) if read is not None else _unread(named)
                    )
                else:
                    chosen = placer.choose(item, source)
            except ZhoubaoError as e:  # a control character, a text too long
                chosen = e.message
            if isinstance(chosen, str):
                result.skipped.append(Skipped(source, words, chosen))
                continue
            target, (row, bulletin_text) = chosen
            key = _key(bulletin_text)
            if key in here:
                result.skipped.append(Skipped(source, words, "本期已有这一条", duplicate=True))
                continue
            if key in before:
                result.skipped.append(Skipped(source, words, "上一期已收过这一条", duplicate=True))
                continue
            if key in collected:
                result.skipped.append(Skipped(source, words, f"与 {collected[key]} 中的一条相同", duplicate=True))
                continue
            collected[key] = source
            result.items.append(Planned(source, target.path, target.title, row, bulletin_text))
    return result


# ----------------------------------------------------------------------------- the plan shown


def plan_view(plan: Plan, title: str) -> Any:
    """The plan as the command shows it (rich renderables): each item's file, section, date and
    first words; then each file or item left out and why; then the counts. Long cells wrap, never cut."""
    from rich.console import Group
    from rich.table import Column, Table
    from rich.text import Text

    def table(heading: str, style: str, *names: str) -> Table:
        columns = [Column(name, overflow="fold") for name in names]
        return Table(*columns, title=heading, title_justify="left", title_style=style)

    parts: list[Any] = [Text(title, style="bold")]
    if plan.items:
        taken = table("收进", "bold green", "文件", "栏目", "日期", "开头")
        for item in plan.items:
            date = f"{item.date.month}月{item.date.day}日" if item.date else "无日期"
            taken.add_row(Text(_file_name(item.source)), Text(item.section_title), date, Text(item.words))
        parts.append(taken)
    if plan.skipped:
        left = table("跳过", "bold yellow", "文件", "开头", "原因")
        for skipped in plan.skipped:
            style = "dim" if skipped.duplicate else ""
            left.add_row(Text(_file_name(skipped.source)), Text(skipped.words), Text(skipped.why, style=style))
        parts.append(left)
    parts.append(Text(plan.summary()))
    return Group(*parts)


def _file_name(source: str) -> str:
    return source.rpartition("/")[2]
