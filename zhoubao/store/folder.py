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
    year's issues live in one folder, and the clerk is told which one was taken.
    """
    if explicit:
        return _with_suffix(Path(explicit)), ""
    if os.environ.get("ZHOUBAO_FILE"):
        return Path(os.environ["ZHOUBAO_FILE"]), ""
    found = [(p, head) for p in sorted(Path.cwd().glob("*.toml")) if p.is_file() for head in [_issue_head(p)] if head]
    if not found:
        raise ZhoubaoError("当前文件夹没有期刊文件：请用 -f 指定，或设置 ZHOUBAO_FILE，或先运行 zhoubao new")
    if len(found) == 1:
        return found[0][0], ""
    newest = max(found, key=lambda pair: pair[1])[0]
    return newest, f"当前文件夹有 {len(found)} 期，取最新的一期 {newest.name}；其他期请用 -f 指定"


def successor(path: Path) -> Path | None:
    """A newer issue in the same folder rolled forward from `path` (its `previous` names it), if any.

    Runs after every edit, so it reads only the heads of the folder's .toml files, with plain
    string searches (no glob, no regular expression).
    """
    folder, target = path.parent, os.path.realpath(path)
    try:
        names = [entry.name for entry in os.scandir(folder) if entry.name.endswith(".toml") and entry.is_file()]
    except OSError:
        return None
    for name in names:
        candidate = folder / name
        try:
            with open(candidate, "rb") as f:
                head = f.read(16 * 1024)
        except OSError:
            continue
        at = head.find(b"\nprevious")
        if at < 0:
            continue
        end = head.find(b"\n", at + 1)
        line = head[at + 1 : end if end >= 0 else len(head)].decode("utf-8", "replace")
        key, _, value = line.partition("=")
        value = value.strip()
        if key.strip() == "previous" and len(value) > 2 and value[0] == value[-1] == '"':
            if os.path.realpath(folder / value[1:-1]) == target and os.path.realpath(candidate) != target:
                return candidate
    return None


def _with_suffix(path: Path) -> Path:
    """`-f 2022-33` finds 2022-33.toml when only that exists."""
    if not path.exists() and path.suffix != ".toml" and path.with_name(path.name + ".toml").exists():
        return path.with_name(path.name + ".toml")
    return path


@functools.cache
def _head_fields() -> re.Pattern[bytes]:
    return re.compile(rb"^\s*(year|total|number|supplement)\s*=\s*(\d+|true|false)", re.MULTILINE)


def _issue_head(path: Path) -> tuple[int, int, int, int] | None:
    """(regular, year, total, number) read from the head of a file that looks like an issue; None otherwise."""
    try:
        head = safefiles.read_head(path, 64 * 1024)
    except OSError:
        return None
    if not _issue_mark().search(head):
        return None
    cut = head.find(b"[[")  # the head's keys come before the first section
    fields = {key.decode(): value.decode() for key, value in _head_fields().findall(head[:cut] if cut >= 0 else head)}
    number = lambda key: int(fields[key]) if fields.get(key, "").isdigit() else 0  # noqa: E731
    return (0 if fields.get("supplement") == "true" else 1), number("year"), number("total"), number("number")


def refuse_issue_target(path: Path, what: str) -> None:
    """Refuse to write an output (a .docx, a CSV) where an issue file or its backup is: the path
    itself, or a hard link to one, would be lost."""
    try:
        info = os.lstat(path)
    except OSError:
        return
    if not stat.S_ISREG(info.st_mode):
        return
    try:
        head = safefiles.read_head(path, 64 * 1024)
    except OSError:
        head = b""
    if re.search(r"\.bak(\.\d+)?$", path.name) or _issue_mark().search(head):  # NAME.bak, NAME.bak.2 …
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
    try:
        names = sorted(entry.name for entry in os.scandir(issue_path.parent) if entry.name.endswith(".toml"))
    except OSError:
        return None
    for name in names:
        candidate = issue_path.parent / name
        head = _issue_head(candidate) if candidate.is_file() else None
        if head is None or head[0] == 0 or head[1] != end.year - 1:
            continue
        try:
            other = load_issue(candidate)
        except ZhoubaoError as e:
            if notes is not None:
                notes.append(f"无法读取 {name}，没有用它比较（{e.message}）")
            continue
        if other.name == issue.name and other.period_start <= day <= other.period_end:
            return other
    return None
