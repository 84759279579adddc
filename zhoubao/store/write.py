"""Writing issue files: every change under the lock, verified before it takes the file's place.

Every edit takes the lock (`lock.editing`), reads, changes the tomlkit document (so comments and
layout a person wrote survive), writes a temp file in the same folder, fsyncs it, re-parses it
with tomllib and compares it with what was meant, keeps the previous version (`history`) and
`os.replace`s it into place. A killed writer leaves the old file or the new one, never half.
A change that means nothing new (the same data before and after) writes nothing: no version, no
step of undo (`history.nothing_written`).
"""

from __future__ import annotations

import contextlib
import os
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from zhoubao import safefiles
from zhoubao.errors import ZhoubaoError
from zhoubao.model import Issue
from zhoubao.sections import read_section
from zhoubao.store import history
from zhoubao.store.lock import check_writable, editing, lock_mode, locked, real_path
from zhoubao.store.read import MAX_BYTES, MB, decode, parse_document, parse_plain, read_bytes
from zhoubao.tomldoc import append_row, table_in

if TYPE_CHECKING:
    import tomlkit

T = TypeVar("T")


def edit(path: Path, change: Callable[[tomlkit.TOMLDocument, Issue], T]) -> T:
    """Apply `change` to the issue file under the lock; write only a valid, verified result, and
    nothing at all when the result means what the file meant before."""
    history.refuse_kept_version(path)
    with editing(path) as path:
        raw = read_bytes(path)
        doc = parse_document(path, decode(path, raw))
        before = doc.unwrap()
        issue = Issue.from_dict(before)
        result = change(doc, issue)
        if doc.unwrap() == before:
            history.nothing_written(path)
        else:
            _write(path, doc, before=raw, before_plain=before)
    return result


def append(path: Path, locate: Callable[[Issue], tuple[tuple[int, ...], str, dict[str, Any]]]) -> dict[str, Any]:
    """Append one table (an entry) to a section. `locate` picks (section path, key, row).

    Fast path: the table's lines are written into the text and the result checked with tomllib;
    if that cannot be done with certainty, the same change goes through tomlkit.
    """
    from zhoubao import tomltext

    history.refuse_kept_version(path)
    with editing(path) as path:
        raw = read_bytes(path)
        text = decode(path, raw)
        plain = parse_plain(path, text)
        issue = Issue.from_dict(plain)
        table_path, key, row = locate(issue)
        meant = _appended(plain, table_path, key, row)
        # The rest of the file was valid a moment ago: reading the one section that changed back
        # is the same guarantee as reading the whole issue, at a fraction of the cost.
        read_section(table_in(meant, table_path), table_path, "子" if len(table_path) > 1 else "")
        new_text = tomltext.append_table(text, table_path, key, row)
        if new_text is None or not _write_text(path, new_text, meant, before=raw, before_plain=plain):
            doc = parse_document(path, text)
            append_row(table_in(doc, table_path), key, row)
            _write(path, doc, before=raw, before_plain=plain)
    return row


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
    path = real_path(path)
    history.refuse_kept_version(path)
    if path.is_dir():
        raise ZhoubaoError(f"{path} 是文件夹：请给出新期刊文件的文件名，如 2022-33.toml")
    if not path.parent.is_dir():
        raise ZhoubaoError(f"文件夹 {path.parent} 不存在：请先创建它")
    with locked(path, lock_mode(path)):
        if path.exists() and not force:
            raise ZhoubaoError(f"{path} 已存在：如要覆盖请加 --force")
        safefiles.check_output(path, "期刊文件", force=True)  # never over a FIFO, device or another's file
        before = read_bytes(path) if check_writable(path) is not None else None
        try:
            before_plain = parse_plain(path, decode(path, before)) if before is not None else None
        except ZhoubaoError:  # what --force replaces need not be an issue file
            before_plain = None
        _write(path, doc, before=before, before_plain=before_plain)


def _write(path: Path, doc: tomlkit.TOMLDocument, *, before: bytes | None, before_plain: dict[str, Any] | None) -> None:
    meant = doc.unwrap()
    Issue.from_dict(meant)  # never write an issue file we could not read back
    if not _write_text(path, doc.as_string(), meant, before=before, before_plain=before_plain):
        raise ZhoubaoError(f"写入 {path} 后校验不一致：文件未改动，请报告此问题")


INT64 = (-(2**63), 2**63 - 1)  # TOML's integers are 64-bit: a larger one is not valid TOML


def _check_numbers(value: Any, path: Path) -> None:
    if isinstance(value, dict):
        for item in value.values():
            _check_numbers(item, path)
    elif isinstance(value, list):
        for item in value:
            _check_numbers(item, path)
    elif isinstance(value, int) and not INT64[0] <= value <= INT64[1]:
        raise ZhoubaoError(
            f"数字 {str(value)[:24]}… 超出范围（TOML 的整数最多 19 位）：文件 {path.name} 未改动，请改正该数字"
        )


def _write_text(
    path: Path, text: str, meant: dict[str, Any], *, before: bytes | None, before_plain: dict[str, Any] | None
) -> bool:
    """Replace `path` by `text` if, written and read back with tomllib, it means `meant`; the
    version it replaces (`before`, None for a new file) and the new one are kept (`history`).

    Returns False (the file untouched) when it does not, so a caller can try another way. The
    limits are checked before anything is written: a file the program would then refuse to read
    is never written. The new file keeps the mode, group (and owner where allowed) of the old;
    when the group cannot be kept (the writer is not in it), the clerk is told.
    """
    data = text.encode("utf-8")
    if len(data) > MAX_BYTES:
        raise ZhoubaoError(
            f"写入后期刊文件 {path.name} 将有 {len(data) / MB:.1f} MB，超过 {MAX_BYTES // MB} MB 的上限："
            "未写入，原文件未改动；请缩短过长的正文，或把内容分到几期"
        )
    _check_numbers(meant, path)
    try:
        existing: os.stat_result | None = os.stat(path)
    except OSError:
        existing = None
    tmp: Path | None = None
    group_lost = False
    try:
        fd, tmp = safefiles.create_temp(path)
        try:
            if existing is not None:
                safefiles.copy_owner_and_mode(fd, tmp, existing)
                group_lost = os.fstat(fd).st_gid != existing.st_gid
            elif hasattr(os, "fchmod"):
                os.fchmod(fd, safefiles.default_mode())
            safefiles.write_all(fd, data)
            os.fsync(fd)
            try:
                written = tomllib.loads(_read_back(fd, len(data)).decode("utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError):
                written = None
            if written != meant:
                return False
            if not os.path.samestat(os.fstat(fd), os.lstat(tmp)):  # our temp file, not one put in its place
                return False
        finally:
            os.close(fd)
        pending = history.prepare(path, before, before_plain, data, meant, existing)
        os.replace(tmp, path)
        tmp = None
        if pending is not None:
            history.commit(pending)
            if group_lost and existing is not None:
                pending.outcome.notes.append(_group_note(path, existing.st_gid))
    except OSError as e:
        raise ZhoubaoError(f"无法写入 {path}（{e.strerror}）：请检查磁盘空间和权限，原文件未改动") from None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                tmp.unlink()
    safefiles.fsync_dir(path.parent)
    safefiles.remove_stale_temps(path)
    return True


def _group_note(path: Path, gid: int) -> str:
    """One line when the new file could not keep the old one's group: the writer is not in it."""
    name = str(gid)
    with contextlib.suppress(ImportError, KeyError):
        import grp  # POSIX only

        name = grp.getgrgid(gid).gr_name
    return (
        f"{path.name} 原属用户组 {name}，你不在该组中，改后的文件不能保留这个组：组内的同事可能无法再修改它；"
        f"请组内的人或管理员运行 chgrp {name} {path.name}"
    )


def _read_back(fd: int, size: int) -> bytes:
    """What reached the file, read through the descriptor that wrote it."""
    os.lseek(fd, 0, os.SEEK_SET)
    chunks = []
    while size > 0:
        chunk = os.read(fd, size)
        if not chunk:
            break
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)
