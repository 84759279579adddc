"""The store: the only code that touches issue files.

Every edit takes a lock on a sidecar file, reads, changes the tomlkit document (so comments and
layout a person wrote survive), writes a temp file in the same folder, fsyncs it, re-parses it
with tomllib and compares it with what was meant, keeps the previous version as `NAME.bak`, and
`os.replace`s it into place. A killed writer leaves the old file or the new one, never half.
"""
from __future__ import annotations

import contextlib
import fcntl
import functools
import os
import re
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from zhoubao.errors import ZhoubaoError
from zhoubao.model import Issue
from zhoubao.sections import read_section

if TYPE_CHECKING:
    import tomlkit

T = TypeVar("T")
MB = 1024 * 1024
MAX_BYTES = 5 * MB  # an issue file is a few KB; refuse anything absurd before parsing


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
    """A newer issue in the same folder rolled forward from `path` (its `previous` names it), if any."""
    folder, target = path.parent, path.resolve()
    for candidate in folder.glob("*.toml"):
        if candidate.resolve() == target:
            continue
        try:
            with candidate.open("rb") as f:
                head = f.read(64 * 1024)
        except OSError:
            continue
        m = _previous_field().search(head)
        if m and (folder / m.group(1).decode("utf-8", "replace")).resolve() == target:
            return candidate
    return None


@functools.cache
def _previous_field() -> re.Pattern[bytes]:
    return re.compile(rb'^\s*previous\s*=\s*"([^"\n]+)"', re.MULTILINE)


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
        with path.open("rb") as f:
            head = f.read(64 * 1024)
    except OSError:
        return None
    if not _issue_mark().search(head):
        return None
    cut = head.find(b"[[")  # the head's keys come before the first section
    fields = {key.decode(): value.decode() for key, value in _head_fields().findall(head[:cut] if cut >= 0 else head)}
    number = lambda key: int(fields[key]) if fields.get(key, "").isdigit() else 0  # noqa: E731
    return (0 if fields.get("supplement") == "true" else 1), number("year"), number("total"), number("number")


def check_size(path: Path, limit: int, what: str) -> None:
    """Refuse a file over `limit` bytes before reading it: the one size guard for every file the
    program opens (issue files here, Word files in import). `what` names the file in the message.
    An OSError from stat is the caller's to report."""
    size = path.stat().st_size
    if size > limit:
        raise ZhoubaoError(f"{what} {path} 过大（{size / MB:.1f} MB）：{what}应小于 {limit // MB} MB，请检查是否选错文件")


def read_bytes(path: Path) -> bytes:
    if not path.exists():
        raise ZhoubaoError(f"期刊文件 {path} 不存在：请检查路径，或用 zhoubao new 新建")
    if path.is_dir():
        raise ZhoubaoError(f"{path} 是文件夹，不是期刊文件：请指定 .toml 文件")
    try:
        check_size(path, MAX_BYTES, "期刊文件")
        return path.read_bytes()
    except OSError as e:
        raise ZhoubaoError(f"无法读取期刊文件 {path}（{e.strerror}）：请检查文件权限") from None


def _decode(path: Path, raw: bytes) -> str:
    # What decode("utf-8-sig") does, without importing that codec's module on every command.
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ZhoubaoError(f"期刊文件 {path} 不是 UTF-8 编码：请用 UTF-8 保存后重试") from None


def load_plain(path: Path) -> dict[str, Any]:
    """Fast read-only load with tomllib."""
    return _parse_plain(path, _decode(path, read_bytes(path)))


def _parse_plain(path: Path, text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ZhoubaoError(f"期刊文件 {path} 格式错误（{e}）：{_fix_hint(path)}") from None
    except RecursionError:
        raise ZhoubaoError(f"期刊文件 {path} 嵌套过深：这不是 zhoubao 的期刊文件") from None


def load_issue(path: Path) -> Issue:
    return Issue.from_dict(load_plain(path))


def load_previous(issue_path: Path, issue: Issue) -> tuple[Issue | None, str]:
    """The predecessor an issue names (`previous`, relative to its file), and a note when it names
    one that cannot be read."""
    if not issue.previous:
        return None, ""
    try:
        return load_issue(issue_path.parent / issue.previous), ""
    except ZhoubaoError as e:
        return None, f"无法读取上一期 {issue.previous}（{e.message}）"


def load_document(path: Path) -> tuple[tomlkit.TOMLDocument, Issue]:
    """The tomlkit document of a valid issue file and its model, for building another file from it."""
    doc = _parse_document(path, _decode(path, read_bytes(path)))
    return doc, Issue.from_dict(doc.unwrap())


def _parse_document(path: Path, text: str) -> tomlkit.TOMLDocument:
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    try:
        return tomlkit.parse(text)
    except TOMLKitError as e:
        raise ZhoubaoError(f"期刊文件 {path} 格式错误（{e}）：{_fix_hint(path)}") from None
    except RecursionError:
        raise ZhoubaoError(f"期刊文件 {path} 嵌套过深：这不是 zhoubao 的期刊文件") from None


def _fix_hint(path: Path) -> str:
    bak = path.with_name(path.name + ".bak")
    return f"请改正该行，或从上一版 {bak.name} 恢复" if bak.exists() else "请改正该行"


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    lock_path = path.with_name(f".{path.name}.lock")
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as e:
        raise ZhoubaoError(f"无法在 {path.parent} 创建锁文件（{e.strerror}）：请检查文件夹权限") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def edit(path: Path, change: Callable[[tomlkit.TOMLDocument, Issue], T]) -> T:
    """Apply `change` to the issue file under the lock; write only a valid, verified result."""
    with _locked(path):
        raw = read_bytes(path)
        doc = _parse_document(path, _decode(path, raw))
        issue = Issue.from_dict(doc.unwrap())
        result = change(doc, issue)
        _write(path, doc, backup=True)
    return result


def append(path: Path, locate: Callable[[Issue], tuple[tuple[int, ...], str, dict[str, Any]]]) -> dict[str, Any]:
    """Append one table (an entry) to a section. `locate` picks (section path, key, row).

    Fast path: the table's lines are written into the text and the result checked with tomllib;
    if that cannot be done with certainty, the same change goes through tomlkit.
    """
    from zhoubao import tomltext

    with _locked(path):
        text = _decode(path, read_bytes(path))
        plain = _parse_plain(path, text)
        issue = Issue.from_dict(plain)
        table_path, key, row = locate(issue)
        meant = _appended(plain, table_path, key, row)
        # The rest of the file was valid a moment ago: reading the one section that changed back
        # is the same guarantee as reading the whole issue, at a fraction of the cost.
        read_section(table_in(meant, table_path), table_path, "子" if len(table_path) > 1 else "")
        new_text = tomltext.append_table(text, table_path, key, row)
        if new_text is None or not _write_text(path, new_text, meant, backup=True):
            doc = _parse_document(path, text)
            append_row(table_in(doc, table_path), key, row)
            _write(path, doc, backup=True)
    return row


def append_row(table: Any, key: str, row: dict[str, Any]) -> None:
    """Append `row` as a table to the array of tables `key` of a tomlkit table."""
    import tomlkit

    item = tomlkit.table()
    for k, v in row.items():
        item[k] = v
    item.add(tomlkit.nl())  # a blank line before whatever table follows
    if key not in table:
        table[key] = tomlkit.aot()
    table[key].append(item)


def table_in(container: Any, table_path: tuple[int, ...]) -> Any:
    table = container["section"][table_path[0]]
    for index in table_path[1:]:
        table = table["sub"][index]
    return table


def _appended(plain: dict[str, Any], table_path: tuple[int, ...], key: str, row: dict[str, Any]) -> dict[str, Any]:
    """A copy of `plain` with `row` appended at the table's `key` (copying only the path)."""
    meant = dict(plain)
    meant["section"] = list(plain["section"])
    holder = meant["section"]
    index = table_path[0]
    for sub_index in table_path[1:]:
        holder[index] = dict(holder[index])
        holder[index]["sub"] = list(holder[index]["sub"])
        holder, index = holder[index]["sub"], sub_index
    holder[index] = dict(holder[index])
    holder[index][key] = [*holder[index].get(key, []), dict(row)]
    return meant


def create(path: Path, doc: tomlkit.TOMLDocument, *, force: bool = False) -> None:
    """Write a new issue file; refuses to overwrite unless `force`."""
    if path.is_dir():
        raise ZhoubaoError(f"{path} 是文件夹：请给出新期刊文件的文件名，如 2022-33.toml")
    if not path.parent.is_dir():
        raise ZhoubaoError(f"文件夹 {path.parent} 不存在：请先创建它")
    with _locked(path):
        if path.exists() and not force:
            raise ZhoubaoError(f"{path} 已存在：如要覆盖请加 --force")
        _write(path, doc, backup=path.exists())


def _write(path: Path, doc: tomlkit.TOMLDocument, *, backup: bool) -> None:
    meant = doc.unwrap()
    Issue.from_dict(meant)  # never write an issue file we could not read back
    if not _write_text(path, doc.as_string(), meant, backup=backup):
        raise ZhoubaoError(f"写入 {path} 后校验不一致：文件未改动，请报告此问题")


def _write_text(path: Path, text: str, meant: dict[str, Any], *, backup: bool) -> bool:
    """Replace `path` by `text` if, written and read back with tomllib, it means `meant`.

    Returns False (the file untouched) when it does not, so a caller can try another way.
    """
    data = text.encode("utf-8")
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        try:
            written = tomllib.loads(tmp.read_bytes().decode("utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError):
            written = None
        if written != meant:
            return False
        if backup:
            _keep_backup(path)
        os.replace(tmp, path)
    except OSError as e:
        raise ZhoubaoError(f"无法写入 {path}（{e.strerror}）：请检查磁盘空间和权限，原文件未改动") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    _fsync_dir(path.parent)
    return True


def _keep_backup(path: Path) -> None:
    """NAME.bak becomes the version being replaced: a hard link, so no copy and no gap."""
    bak = path.with_name(path.name + ".bak")
    tmp = path.with_name(f".{path.name}.{os.getpid()}.bak.tmp")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    try:
        os.link(path, tmp)
    except OSError:  # a file system without hard links
        tmp.write_bytes(path.read_bytes())
    os.replace(tmp, bak)


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# ----------------------------------------------------------------------------- new files from plain data

_INLINE = {"columns", "values"}  # small tables that read best on one line


def toml_items(value: Any, key: str = "") -> Any:
    """Plain data as tomlkit items, with column lists and figure tables written inline."""
    import tomlkit

    if isinstance(value, dict):
        table = tomlkit.inline_table() if key in _INLINE else tomlkit.table()
        for k, v in value.items():
            table[k] = toml_items(v, k)
        return table
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        if key in _INLINE:
            array = tomlkit.array()
            array.extend(toml_items(v, key) for v in value)
            return array
        rows = tomlkit.aot()
        for v in value:
            rows.append(toml_items(v))
        return rows
    return value


def new_document(data: dict[str, Any], comments: list[str],
                 section_notes: dict[int, list[str]] | None = None) -> tomlkit.TOMLDocument:
    """A tomlkit document of plain issue data, headed by `comments`, ready for `create`.

    `section_notes` gives comment lines for the `[[section]]` at an index (import keeps there the
    sentence it rewrote); they stand after the section's own values, before its sub-tables.
    """
    import tomlkit

    doc = tomlkit.document()
    for comment in comments:
        doc.add(tomlkit.comment(comment))
    doc.add(tomlkit.nl())
    for key, value in data.items():
        if key == "section" and section_notes:
            rows = tomlkit.aot()
            for index, section in enumerate(value):
                rows.append(_noted_table(section, section_notes.get(index, [])))
            doc[key] = rows
        else:
            doc[key] = toml_items(value)
    return doc


def _noted_table(section: dict[str, Any], notes: list[str]) -> Any:
    """A section's table with `notes` as comments between its own values and its sub-tables."""
    import tomlkit
    from tomlkit.items import AoT, Table

    items = {key: toml_items(value, key) for key, value in section.items()}
    table = tomlkit.table()
    for key, item in items.items():
        if not isinstance(item, AoT | Table):
            table[key] = item
    for note in notes:
        table.add(tomlkit.comment(note))
    for key, item in items.items():
        if isinstance(item, AoT | Table):
            table[key] = item
    return table
