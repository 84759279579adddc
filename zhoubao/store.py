"""The store: the only code that touches issue files.

Every edit takes a lock on a sidecar file, reads, changes the tomlkit document (so comments and
layout a person wrote survive), writes a temp file in the same folder, fsyncs it, re-parses it
with tomllib and compares it with what was meant, keeps the previous version as `NAME.bak`, and
`os.replace`s it into place. A killed writer leaves the old file or the new one, never half.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import stat
import time
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from zhoubao import safefiles
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


def check_size(path: Path, limit: int, what: str) -> None:
    """Refuse a file over `limit` bytes before reading it: the one size guard for every file the
    program opens (issue files here, Word files in import). `what` names the file in the message.
    An OSError from stat is the caller's to report."""
    size = path.stat().st_size
    if size > limit:
        raise ZhoubaoError(
            f"{what} {path} 过大（{size / MB:.1f} MB）：{what}应小于 {limit // MB} MB，请检查是否选错文件"
        )


def read_bytes(path: Path) -> bytes:
    """An issue file's bytes: a regular file of at most MAX_BYTES (a FIFO or device is refused)."""
    if path.suffix.lower() in (".docx", ".doc", ".wps"):
        raise ZhoubaoError(f"{path} 是 Word 文件，不是期刊文件：要把它转成期刊文件，请用 zhoubao import {path.name}")
    try:
        return safefiles.read_regular(path, MAX_BYTES, "期刊文件")
    except FileNotFoundError:
        raise ZhoubaoError(f"期刊文件 {path} 不存在：请检查路径，或用 zhoubao new 新建") from None
    except OSError as e:
        raise ZhoubaoError(f"无法读取期刊文件 {path}（{e.strerror}）：请检查文件权限") from None


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


# The TOML readers' English, as the clerk reads it.
_TOML_WORDS = (
    ("Invalid value", "这里的值写法不对（文字要加引号，日期写成 2022-09-26）"),
    ("Expected '=' after a key", "键后面缺少 ="),
    ("Invalid statement", "这一行不是“键 = 值”"),
    ("Cannot declare", "重复声明了同一个表"),
    ("Cannot overwrite a value", "同一个键写了两次"),
    ("Unterminated string", "引号没有闭合"),
    ("Unclosed array", "方括号没有闭合"),
    ("Unclosed inline table", "花括号没有闭合"),
    ("Expected newline or end of document", "这一行在值后面还有多余的内容"),
    ("Invalid key", "键的写法不对"),
    ("Key already exists", "同一个键写了两次"),
    ("Empty key", "键为空"),
    ("Invalid date", "日期不存在或写法不对"),
    ("Unexpected character", "有不应出现的字符"),
    ("Illegal character", "有不允许的字符"),
)


def _toml_problem(path: Path, error: Exception) -> ZhoubaoError:
    """One Chinese line for a TOML syntax error: where it is (line and column) and what it is."""
    import re

    text = str(error)
    where = re.search(r"line (\d+)(?:,)? col(?:umn)? (\d+)", text)
    line = getattr(error, "line", None) or (int(where.group(1)) if where else None)
    col = getattr(error, "col", None) or (int(where.group(2)) if where else None)
    what = next((chinese for english, chinese in _TOML_WORDS if english.lower() in text.lower()), "写法不合 TOML 格式")
    at = f"第 {line} 行第 {col} 列" if line and col else (f"第 {line} 行" if line else "")
    return ZhoubaoError(f"期刊文件 {path} {at}格式错误：{what}；{_fix_hint(path)}")


def _parse_plain(path: Path, text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise _toml_problem(path, e) from None
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
        raise _toml_problem(path, e) from None
    except RecursionError:
        raise ZhoubaoError(f"期刊文件 {path} 嵌套过深：这不是 zhoubao 的期刊文件") from None


def _fix_hint(path: Path) -> str:
    bak = path.with_name(path.name + ".bak")
    return f"请改正该行，或从上一版 {bak.name} 恢复" if bak.exists() else "请改正该行"


LOCK_WAIT = 15.0  # seconds an edit waits for another to finish; $ZHOUBAO_LOCK_WAIT overrides


def lock_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.lock")


def _lock_wait() -> float:
    try:
        return max(0.0, float(os.environ.get("ZHOUBAO_LOCK_WAIT", LOCK_WAIT)))
    except ValueError:
        return LOCK_WAIT


def _holder_record() -> bytes:
    """Who holds the lock, written into the lock file for a waiter's message: pid and host on the
    first two lines (as filelock's soft lock writes them), then user and time."""
    user = os.environ.get("USER") or os.environ.get("USERNAME") or os.environ.get("LOGNAME") or ""
    if not user and hasattr(os, "getuid"):
        try:
            import pwd  # POSIX only, and only when the environment does not say

            user = pwd.getpwuid(os.getuid()).pw_name
        except (ImportError, KeyError):
            user = str(os.getuid())
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
    """The system's own lock on the lock file, as filelock takes it (flock on POSIX, msvcrt's
    byte lock on Windows), without filelock's import: that import alone costs more than the rest
    of an edit command (docs/performance.md). Both lock the same way, so they exclude each other.
    Where neither primitive exists (a platform without fcntl or msvcrt) the store uses filelock."""

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

    @classmethod
    def available(cls) -> bool:
        return cls._primitive() is not None

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
def _locked(path: Path, mode: int | None = None) -> Iterator[None]:
    """Hold the lock of an issue file: `.NAME.lock` beside it, locked with the system's lock
    (`_NativeLock`: flock on POSIX, msvcrt on Windows; filelock's soft lock where neither exists), waited for at most
    $ZHOUBAO_LOCK_WAIT seconds, and removed on release so no lock file stays in the folder.

    The holder unlinks the lock file while it still holds it. A waiter that opened that file
    before the unlink wins a lock on a file no longer at the path: filelock sees its link count
    at 0 and `_claim` sees the path no longer names it (a network file system's silly rename), and
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
    handle: Any = _NativeLock(lock, mode) if _NativeLock.available() else None
    if handle is None:
        import warnings

        with warnings.catch_warnings():  # without fcntl filelock warns that it falls back to a soft lock
            warnings.simplefilter("ignore")
            import filelock
    while True:
        try:
            if isinstance(handle, _NativeLock):
                handle.acquire(deadline, claim)
            else:
                options: dict[str, Any] = {"on_acquired": claim} if filelock.has_fcntl else {}
                if mode is not None:
                    options["mode"] = mode
                handle = filelock.FileLock(str(lock), timeout=max(0.0, deadline - time.monotonic()), **options)
                try:
                    handle.acquire()
                except filelock.Timeout:
                    raise _TimedOut from None
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


def _real(path: Path) -> Path:
    """The file an edit changes: a symlinked issue file is edited at its target, so the link stays."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def _check_writable(path: Path) -> os.stat_result | None:
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


def edit(path: Path, change: Callable[[tomlkit.TOMLDocument, Issue], T]) -> T:
    """Apply `change` to the issue file under the lock; write only a valid, verified result."""
    path = _real(path)
    _check_writable(path)  # before the lock: a read-only file is refused without touching the folder
    with _locked(path, _lock_mode(path)):
        _check_writable(path)
        raw = read_bytes(path)
        doc = _parse_document(path, _decode(path, raw))
        issue = Issue.from_dict(doc.unwrap())
        result = change(doc, issue)
        _write(path, doc, backup=True)
    return result


def _lock_mode(path: Path) -> int | None:
    """The lock file's mode: whoever may write the issue file may open its lock file."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode) & 0o666 | 0o600
    except OSError:
        return None


def append(path: Path, locate: Callable[[Issue], tuple[tuple[int, ...], str, dict[str, Any]]]) -> dict[str, Any]:
    """Append one table (an entry) to a section. `locate` picks (section path, key, row).

    Fast path: the table's lines are written into the text and the result checked with tomllib;
    if that cannot be done with certainty, the same change goes through tomlkit.
    """
    from zhoubao import tomltext

    path = _real(path)
    _check_writable(path)  # before the lock: a read-only file is refused without touching the folder
    with _locked(path, _lock_mode(path)):
        _check_writable(path)
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
    path = _real(path)
    if path.is_dir():
        raise ZhoubaoError(f"{path} 是文件夹：请给出新期刊文件的文件名，如 2022-33.toml")
    if not path.parent.is_dir():
        raise ZhoubaoError(f"文件夹 {path.parent} 不存在：请先创建它")
    with _locked(path, _lock_mode(path)):
        if path.exists() and not force:
            raise ZhoubaoError(f"{path} 已存在：如要覆盖请加 --force")
        exists = _check_writable(path) is not None
        _write(path, doc, backup=exists)


def _write(path: Path, doc: tomlkit.TOMLDocument, *, backup: bool) -> None:
    meant = doc.unwrap()
    Issue.from_dict(meant)  # never write an issue file we could not read back
    if not _write_text(path, doc.as_string(), meant, backup=backup):
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


def _write_text(path: Path, text: str, meant: dict[str, Any], *, backup: bool) -> bool:
    """Replace `path` by `text` if, written and read back with tomllib, it means `meant`.

    Returns False (the file untouched) when it does not, so a caller can try another way. The
    limits are checked before anything is written: a file the program would then refuse to read
    is never written. The new file keeps the mode, group (and owner where allowed) of the old.
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
    try:
        fd, tmp = safefiles.create_temp(path)
        try:
            if existing is not None:
                safefiles.copy_owner_and_mode(fd, tmp, existing)
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
        if backup:
            _keep_backup(path)
        os.replace(tmp, path)
        tmp = None
    except OSError as e:
        raise ZhoubaoError(f"无法写入 {path}（{e.strerror}）：请检查磁盘空间和权限，原文件未改动") from None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                tmp.unlink()
    safefiles.fsync_dir(path.parent)
    safefiles.remove_stale_temps(path)
    return True


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


HISTORY = 5  # versions kept for undo: NAME.bak (the last), NAME.bak.2 … NAME.bak.5


def _history(path: Path) -> list[Path]:
    """The backups of `path`, newest first: NAME.bak, NAME.bak.2, …"""
    return [path.with_name(path.name + ".bak")] + [
        path.with_name(f"{path.name}.bak.{n}") for n in range(2, HISTORY + 1)
    ]


def _rotate(path: Path) -> None:
    """Every kept version moves one place back (the oldest goes), freeing NAME.bak."""
    versions = _history(path)
    for older, newer in zip(reversed(versions), list(reversed(versions))[1:], strict=False):
        if newer.exists() and not newer.is_symlink():
            os.replace(newer, older)


def undo(path: Path, steps: int = 1) -> int:
    """Put back the version before the last `steps` changes (NAME.bak, NAME.bak.2 …), under the lock.

    The kept versions move forward as they are used; returns how many versions remain. The
    version undone is not kept: undo is for a mistake just made.
    """
    path = _real(path)
    _check_writable(path)
    if steps < 1:
        raise ZhoubaoError(f"撤销步数 {steps} 不对：应为 1 到 {HISTORY}")
    with _locked(path, _lock_mode(path)):
        versions = _history(path)
        available = 0
        for version in versions:
            if not version.exists() or version.is_symlink():
                break
            available += 1
        if steps > available:
            raise ZhoubaoError(
                f"{path.name} 只保留了 {available} 个以前的版本：最多撤销 {available} 步"
                if available
                else f"{path.name} 没有以前的版本可撤销"
            )
        Issue.from_dict(
            _parse_plain(versions[steps - 1], _decode(versions[steps - 1], read_bytes(versions[steps - 1])))
        )
        os.replace(versions[steps - 1], path)
        for undone in versions[: steps - 1]:  # versions newer than the one put back
            undone.unlink()
        remaining = versions[steps:available]
        for target, source in zip(versions, remaining, strict=False):
            os.replace(source, target)
        safefiles.fsync_dir(path.parent)
        return available - steps


def _keep_backup(path: Path) -> None:
    """NAME.bak becomes the version being replaced: a hard link, so no copy and no gap. The link is
    made under a fresh temp name (a link never goes through an existing name), then renamed. The
    versions before it move one place back (NAME.bak.2 …) for `undo`."""
    bak = path.with_name(path.name + ".bak")
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


def new_document(
    data: dict[str, Any], comments: list[str], section_notes: dict[int, list[str]] | None = None
) -> tomlkit.TOMLDocument:
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
