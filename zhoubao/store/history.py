"""The versions an edit keeps, and undo.

Every write keeps the version it replaces (`keep_backup`, called by the writer just before the
new file takes its place): NAME.bak is the last, NAME.bak.2 … NAME.bak.5 the ones before.
`versions` names them and `kept` lists those on disk, newest first; `undo` puts one back. What
is kept and how it is named is decided here only, so the writer knows nothing but `keep_backup`.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from zhoubao import safefiles
from zhoubao.errors import ZhoubaoError
from zhoubao.model import Issue
from zhoubao.store.lock import check_writable, lock_mode, locked, real_path
from zhoubao.store.read import decode, parse_plain, read_bytes

HISTORY = 5  # versions kept for undo: NAME.bak (the last), NAME.bak.2 … NAME.bak.5


def versions(path: Path) -> list[Path]:
    """The names of the versions of `path` that may be kept, newest first: NAME.bak, NAME.bak.2, …"""
    return [path.with_name(path.name + ".bak")] + [
        path.with_name(f"{path.name}.bak.{n}") for n in range(2, HISTORY + 1)
    ]


def kept(path: Path) -> list[Path]:
    """The versions of `path` on disk, newest first: they run without a gap from NAME.bak (a
    missing one, or a symlink put in its place, ends them)."""
    found = []
    for version in versions(path):
        if not version.exists() or version.is_symlink():
            break
        found.append(version)
    return found


def _rotate(path: Path) -> None:
    """Every kept version moves one place back (the oldest goes), freeing NAME.bak."""
    names = versions(path)
    for older, newer in zip(reversed(names), list(reversed(names))[1:], strict=False):
        if newer.exists() and not newer.is_symlink():
            os.replace(newer, older)


def undo(path: Path, steps: int = 1) -> int:
    """Put back the version before the last `steps` changes (NAME.bak, NAME.bak.2 …), under the lock.

    The kept versions move forward as they are used; returns how many versions remain. The
    version undone is not kept: undo is for a mistake just made.
    """
    path = real_path(path)
    check_writable(path)
    if steps < 1:
        raise ZhoubaoError(f"撤销步数 {steps} 不对：应为 1 到 {HISTORY}")
    with locked(path, lock_mode(path)):
        names = versions(path)
        available = len(kept(path))
        if steps > available:
            raise ZhoubaoError(
                f"{path.name} 只保留了 {available} 个以前的版本：最多撤销 {available} 步"
                if available
                else f"{path.name} 没有以前的版本可撤销"
            )
        chosen = names[steps - 1]
        Issue.from_dict(parse_plain(chosen, decode(chosen, read_bytes(chosen))))
        os.replace(chosen, path)
        for undone in names[: steps - 1]:  # versions newer than the one put back
            undone.unlink()
        remaining = names[steps:available]
        for target, source in zip(names, remaining, strict=False):
            os.replace(source, target)
        safefiles.fsync_dir(path.parent)
        return available - steps


def keep_backup(path: Path) -> None:
    """NAME.bak becomes the version being replaced: a hard link, so no copy and no gap. The link is
    made under a fresh temp name (a link never goes through an existing name), then renamed. The
    versions before it move one place back (NAME.bak.2 …) for `undo`."""
    bak = versions(path)[0]
    tmp: Path | None = None
    for _ in range(100):
        candidate = safefiles.temp_name(bak)
        try:
            os.link(path, candidate)
        except FileExistsError:
            continue
        except OSError:  # a file system without hard links: an exclusive copy
            fd, candidate = safefiles.create_temp(bak)
            try:
                safefiles.write_all(fd, read_bytes(path))
                os.fsync(fd)
            finally:
                os.close(fd)
        tmp = candidate
        break
    if tmp is None:
        raise FileExistsError(f"no free temp name beside {bak}")
    try:
        _rotate(path)
        os.replace(tmp, bak)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
