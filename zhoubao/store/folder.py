"""The issues of a folder: which file a command works on, what follows which, the predecessor and
the same period a year earlier, and which paths an output must not overwrite.
"""

from __future__ import annotations

import functools
import os
import re
import stat
from pathlib import Path

from zhoubao import safefiles
from zhoubao.errors import ZhoubaoError
from zhoubao.model import Issue
from zhoubao.store.read import load_issue


@functools.cache
def _issue_mark() -> re.Pattern[bytes]:
    """`[issue]` on a line of its own: compiled only when a command has to look for the file."""
    return re.compile(rb"^\s*\[issue\]\s*(#.*)?$", re.MULTILINE)


def locate(explicit: str | None) -> Path:
    """-f PATH, else $ZHOUBAO_FILE, else the newest issue file in the current folder."""
    return choose(explicit)[0]


def choose(explicit: str | None) -> tuple[Path, str]:
    """The issue file a command works on, and how it was chosen when the clerk did not name it.

    -f PATH, else $ZHOUBAO_FILE, else the only issue file of the current folder, else its newest
    regular issue (by year and total number; supplements only when there is nothing else): a
    year's issues live in one folder. The clerk is told which one was taken when that could
    surprise them (`_surprise`).
    """
    if explicit:
        return _with_suffix(Path(explicit)), ""
    if os.environ.get("ZHOUBAO_FILE"):
        return Path(os.environ["ZHOUBAO_FILE"]), ""
    found = issues_in(Path.cwd())
    if not found:
        raise ZhoubaoError("当前文件夹没有期刊文件：请用 -f 指定，或设置 ZHOUBAO_FILE，或先运行 zhoubao new")
    if len(found) == 1:
        return found[0][0], ""
    newest = max(found, key=lambda pair: pair[1].order)[0]
    return newest, _surprise(found, newest)


def _surprise(found: list[tuple[Path, IssueHead]], newest: Path) -> str:
    """What the clerk is told about the file taken, only when it could surprise them: the folder
    holds issues of several bulletins (the newest of one is not the file of another), or the file
    written last is not the newest issue (last week's was just edited). Otherwise "": every
    command taking the newest of a year's folder is what the clerk expects, and says nothing."""
    kinds = list(dict.fromkeys(head.kind for _path, head in found if head.kind))
    if len(kinds) > 1:
        return (
            f"当前文件夹有 {len(found)} 期，分属 {len(kinds)} 种简报（{'、'.join(kinds)}），"
            f"取最新的一期 {newest.name}；其他期请用 -f 指定"
        )

    def written(path: Path) -> int:
        try:
            return os.stat(path).st_mtime_ns
        except OSError:
            return 0

    last = max(found, key=lambda pair: (written(pair[0]), pair[1].order))[0]
    if last != newest:
        return (
            f"当前文件夹有 {len(found)} 期，取最新的一期 {newest.name}（最近改动的是 {last.name}）；其他期请用 -f 指定"
        )
    return ""


def successor(path: Path) -> Path | None:
    """A newer issue in the same folder rolled forward from `path` (its `previous` names it), if any.

    Runs after every edit, so it reads only the heads of the folder's issue files.
    """
    folder, target = path.parent, os.path.realpath(path)
    for candidate, head in issues_in(folder):
        if head.previous and os.path.realpath(folder / head.previous) == target:
            if os.path.realpath(candidate) != target:
                return candidate
    return None


def _with_suffix(path: Path) -> Path:
    """`-f 2022-33` finds 2022-33.toml when only that exists."""
    if not path.exists() and path.suffix != ".toml" and path.with_name(path.name + ".toml").exists():
        return path.with_name(path.name + ".toml")
    return path


@functools.cache
def _head_fields() -> re.Pattern[bytes]:
    return re.compile(
        rb'^\s*(?:(year|total|number|supplement)\s*=\s*(\d+|true|false)|(previous|kind)[ \t]*=[ \t]*"([^"\r\n]*)")',
        re.MULTILINE,
    )


class IssueHead:
    """What the head of an issue file says, read from its first bytes without parsing the file:
    enough to tell an issue file from any other .toml, to find the newest, and what follows what."""

    __slots__ = ("kind", "number", "previous", "supplement", "total_number", "year")

    def __init__(
        self, supplement: bool, year: int, total_number: int, number: int, previous: str, kind: str = ""
    ) -> None:
        self.supplement, self.year, self.total_number, self.number = supplement, year, total_number, number
        self.previous, self.kind = previous, kind

    @property
    def order(self) -> tuple[int, int, int, int]:
        """Newest last: regular issues after supplements, then by year, total number and number."""
        return (0 if self.supplement else 1), self.year, self.total_number, self.number


HEAD_BYTES = 64 * 1024  # the head of an issue file is a few hundred bytes; comments before it a few more


def issue_head(path: Path) -> IssueHead | None:
    """The head of the regular file at `path` if it is an issue file (it has an `[issue]` table);
    None for anything else. The one test of "is this an issue file" for every folder search."""
    try:
        head = safefiles.read_head(path, HEAD_BYTES)
    except OSError:
        return None
    if not _issue_mark().search(head):
        return None
    cut = head.find(b"[[")  # the head's keys come before the first section
    fields: dict[str, str] = {}
    for key, value, previous_key, previous in _head_fields().findall(head[:cut] if cut >= 0 else head):
        if previous_key:
            fields.setdefault(previous_key.decode(), previous.decode("utf-8", "replace"))
        else:
            fields[key.decode()] = value.decode()
    number = lambda key: int(fields[key]) if fields.get(key, "").isdigit() else 0  # noqa: E731
    return IssueHead(
        fields.get("supplement") == "true",
        number("year"),
        number("total"),
        number("number"),
        fields.get("previous", ""),
        fields.get("kind", ""),
    )


def issues_in(folder: Path) -> list[tuple[Path, IssueHead]]:
    """The issue files of `folder` (its .toml files that are issue files), by name, with their heads."""
    try:
        entries = [entry.name for entry in os.scandir(folder) if os.path.normcase(entry.name).endswith(".toml")]
    except OSError:
        return []
    found = []
    for name in sorted(entries):
        path = folder / name
        head = issue_head(path)
        if head is not None:
            found.append((path, head))
    return found


def refuse_issue_target(path: Path, what: str) -> None:
    """Refuse to write an output (a .docx, a CSV) where an issue file or its backup is: the path
    itself, or a hard link to one, would be lost."""
    try:
        info = os.lstat(path)
    except OSError:
        return
    if not stat.S_ISREG(info.st_mode):
        return
    kept = re.search(r"\.bak(\.\d+)?$", path.name) or re.fullmatch(r"\..+\.history", path.parent.name)
    if kept or issue_head(path) is not None:  # NAME.bak, NAME.bak.2 …, a version in .NAME.history/
        raise ZhoubaoError(f"{what} {path} 是期刊文件或其备份：请另给一个{what}名，以免覆盖期刊文件")


def load_previous(issue_path: Path, issue: Issue) -> tuple[Issue | None, str]:
    """The predecessor an issue names (`previous`, relative to its file), and a note when it names
    one that cannot be read."""
    if not issue.previous:
        return None, ""
    try:
        return load_issue(issue_path.parent / issue.previous), ""
    except ZhoubaoError as e:
        return None, f"无法读取上一期 {issue.previous}（{e.message}）"


def load_year_before(issue_path: Path, issue: Issue, notes: list[str] | None = None) -> Issue | None:
    """The issue of the same bulletin, beside this one, whose period holds this period's end a year
    earlier (29 February counts as the 28th): what 同比 compares with. Looked for only when a
    section prints 同比; None when the folder has none. A file of that year that cannot be read
    is passed over; when `notes` is given, it says so there."""
    if issue.supplement or not any(s.wants_year_before() for s in issue.all_sections()):
        return None
    end = issue.period_end
    day = end.replace(year=end.year - 1, day=28 if (end.month, end.day) == (2, 29) else end.day)
    for candidate, head in issues_in(issue_path.parent):
        if head.supplement or head.year != end.year - 1:
            continue
        try:
            other = load_issue(candidate)
        except ZhoubaoError as e:
            if notes is not None:
                notes.append(f"无法读取 {candidate.name}，没有用它比较（{e.message}）")
            continue
        if other.name == issue.name and other.period_start <= day <= other.period_end:
            return other
    return None
