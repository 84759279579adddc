"""The lock: one edit of an issue file at a time, a bounded wait, the holder named, no lock file left.

`editing(path)` is what every change goes through: the file an edit changes (a symlink's target),
refused when read-only, held under `.NAME.lock` beside it for as long as the change takes.
"""

from __future__ import annotations

import contextlib
import functools
import os
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from zhoubao import safefiles
from zhoubao.errors import ZhoubaoError

LOCK_WAIT = 15.0  # seconds an edit waits for another to finish; $ZHOUBAO_LOCK_WAIT overrides


def lock_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.lock")


def _lock_wait() -> float:
    try:
        return max(0.0, float(os.environ.get("ZHOUBAO_LOCK_WAIT", LOCK_WAIT)))
    except ValueError:
        return LOCK_WAIT


def current_user() -> str:
    """Who is running the program, as the lock file and the history name them."""
    user = os.environ.get("USER") or os.environ.get("USERNAME") or os.environ.get("LOGNAME") or ""
    if not user and hasattr(os, "getuid"):
        try:
            import pwd  # POSIX only, and only when the environment does not say

            user = pwd.getpwuid(os.getuid()).pw_name
        except (ImportError, KeyError):
            user = str(os.getuid())
    return user


def _holder_record() -> bytes:
    """Who holds the lock, written into the lock file for a waiter's message: pid and host on the
    first two lines, then user and time."""
    user = current_user()
    host = os.uname().nodename if hasattr(os, "uname") else os.environ.get("COMPUTERNAME", "")
    since = time.strftime("%Y-%m-%d %H:%M:%S")
    return f"{os.getpid()}\n{host}\nuser={user}\nsince={since}\n".encode("utf-8", "replace")


def _holder_text(lock: Path) -> str:
    """The holder as recorded in the lock file, as one short phrase; "" when nothing is recorded."""
    try:
        raw = safefiles.read_regular(lock, 4096, "锁文件")
    except (OSError, ZhoubaoError):
        return ""
    lines = [line.strip() for line in raw.decode("utf-8", "replace").splitlines()]
    fields = dict(line.split("=", 1) for line in lines[2:] if "=" in line)
    pid = lines[0] if lines and lines[0].isdigit() else ""
    parts = []
    if fields.get("user"):
        parts.append(f"用户 {fields['user'][:40]}")
    if len(lines) > 1 and lines[1]:
        parts.append(f"计算机 {lines[1][:60]}")
    if pid:
        parts.append(f"进程 {pid}")
    if fields.get("since"):
        parts.append(f"自 {fields['since'][:19]} 起")
    return "，".join(parts)


class _Stale(Exception):
    """The lock was taken on a lock file that is no longer at its path: take it again."""


class _TimedOut(Exception):
    """The lock was not free within the wait."""


class _NativeLock:
    """The system's own lock on the lock file: flock on POSIX (Linux, macOS, the BSDs), msvcrt's
    byte lock on Windows; every platform Python runs zhoubao on has one of the two. The kernel
    drops it when its process dies, so a killed editor never blocks anyone."""

    POLL = 0.05

    def __init__(self, lock: Path, mode: int | None) -> None:
        self.lock, self.mode, self.fd = lock, mode, -1

    @staticmethod
    @functools.cache
    def _primitive() -> tuple[str, Any] | None:
        try:
            import fcntl

            return "flock", fcntl
        except ImportError:
            pass
        try:
            import msvcrt

            return "msvcrt", msvcrt
        except ImportError:
            return None

    def _try(self, fd: int) -> bool:
        kind, module = self._primitive()  # type: ignore[misc]
        try:
            if kind == "flock":
                module.flock(fd, module.LOCK_EX | module.LOCK_NB)
            else:
                module.locking(fd, module.LK_NBLCK, 1)
        except OSError:  # BlockingIOError (flock) or PermissionError (msvcrt): held by someone else
            return False
        return True

    def acquire(self, deadline: float, claim: Callable[[int], None]) -> None:
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
        while True:
            fd = os.open(self.lock, flags, 0o644 if self.mode is None else self.mode)
            if self._try(fd):
                try:
                    if os.fstat(fd).st_nlink == 0:  # unlinked by its last holder after we opened it
                        raise _Stale
                    claim(fd)
                except BaseException:
                    self._unlock(fd)
                    raise
                self.fd = fd
                return
            os.close(fd)
            if time.monotonic() >= deadline:
                raise _TimedOut
            time.sleep(self.POLL)

    def _unlock(self, fd: int) -> None:
        kind, module = self._primitive()  # type: ignore[misc]
        try:
            if kind == "flock":
                module.flock(fd, module.LOCK_UN)
            else:
                os.lseek(fd, 0, os.SEEK_SET)
                module.locking(fd, module.LK_UNLCK, 1)
        except OSError:
            pass
        finally:
            os.close(fd)

    def release(self) -> None:
        if self.fd >= 0:
            fd, self.fd = self.fd, -1
            self._unlock(fd)
            if self._primitive()[0] == "msvcrt":  # type: ignore[index]
                # Windows cannot unlink a file while it is open: remove it once closed. A waiter
                # that has it open keeps it (Windows refuses the unlink), so no lock is lost.
                with contextlib.suppress(OSError):
                    os.unlink(self.lock)


@contextlib.contextmanager
def locked(path: Path, mode: int | None = None) -> Iterator[None]:
    """Hold the lock of an issue file: `.NAME.lock` beside it, locked with the system's lock
    (`_NativeLock`: flock on POSIX, msvcrt on Windows), waited for at most $ZHOUBAO_LOCK_WAIT
    seconds, and removed on release so no lock file stays in the folder.

    The holder unlinks the lock file while it still holds it. A waiter that opened that file
    before the unlink wins a lock on a file no longer at the path: `acquire` sees its link count
    at 0 and `claim` sees the path no longer names it (a network file system's silly rename), and
    the waiter takes the lock again on whatever file is at the path now. See docs/safety.md.
    """
    lock = lock_path(path)
    held: dict[str, Any] = {}

    def claim(fd: int) -> None:
        mine = os.fstat(fd)
        try:
            there = os.lstat(lock)
        except FileNotFoundError:
            raise _Stale from None
        if not os.path.samestat(mine, there):
            raise _Stale
        held["id"] = mine
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            safefiles.write_all(fd, _holder_record())

    wait = _lock_wait()
    deadline = time.monotonic() + wait
    if _NativeLock._primitive() is None:
        raise ZhoubaoError(
            f"这台计算机的系统不提供文件锁（fcntl 或 msvcrt）：期刊文件 {path.name} 未改动；"
            "请在 Windows、Linux 或 macOS 上修改期刊文件"
        )
    handle = _NativeLock(lock, mode)
    while True:
        try:
            handle.acquire(deadline, claim)
        except _Stale:
            continue
        except _TimedOut:
            who = _holder_text(lock)
            raise ZhoubaoError(
                f"期刊文件 {path.name} 正由别人修改（{who or '锁文件 ' + lock.name}），等待 {wait:g} 秒后仍未完成："
                "请稍后重试；若对方的程序已停止响应，请关闭它后重试"
            ) from None
        except OSError as e:
            raise ZhoubaoError(
                f"无法在 {path.parent} 使用锁文件 {lock.name}（{e.strerror}）：请检查文件夹权限"
            ) from None
        break
    try:
        yield
    finally:
        try:
            if "id" in held:  # unlink while still holding it, and only if it is still ours
                with contextlib.suppress(OSError):
                    if os.path.samestat(os.lstat(lock), held["id"]):
                        os.unlink(lock)
        finally:
            handle.release()


def real_path(path: Path) -> Path:
    """The file an edit changes: a symlinked issue file is edited at its target, so the link stays."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def check_writable(path: Path) -> os.stat_result | None:
    """The issue file's status; a read-only file (or one this user may not write) is refused."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as e:
        raise ZhoubaoError(f"无法读取期刊文件 {path}（{e.strerror}）：请检查文件权限") from None
    if not info.st_mode & 0o222 or not os.access(path, os.W_OK):
        raise ZhoubaoError(
            f"期刊文件 {path} 是只读的：文件未改动；如确需修改，请先取消只读（chmod u+w，或在文件属性中去掉“只读”）"
        )
    return info


def lock_mode(path: Path) -> int | None:
    """The lock file's mode: whoever may write the issue file may open its lock file."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode) & 0o666 | 0o600
    except OSError:
        return None


@contextlib.contextmanager
def editing(path: Path) -> Iterator[Path]:
    """Hold an existing issue file for a change: yields the file to change (a symlink's target),
    refused when read-only, checked before the lock (so a read-only file is refused without
    touching the folder) and again under it."""
    path = real_path(path)
    check_writable(path)
    with locked(path, lock_mode(path)):
        check_writable(path)
        yield path
