"""Files in a folder other people can write to: bounded reads of regular files, exclusive temp files.

Every file the program reads on a clerk's behalf (an issue file, a --text-file, a CSV table, a kind
template, a Word file to import, standard input) goes through `read_regular` or `read_stdin`: a
regular file only (no FIFO, device or folder, which would hang or never end), and never more than
a cap. Every file it writes goes through an exclusive temp file beside the target (created with
O_EXCL and O_NOFOLLOW under an unguessable name, so a planted file or symlink is never written
through) that is then `os.replace`d into place. See docs/safety.md.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from zhoubao.errors import ZhoubaoError

MB = 1024 * 1024
TEMP_SUFFIX = ".zhoubao-tmp"  # `.NAME.<random>.zhoubao-tmp`: ours, and obviously a leftover if seen
TEXT_FILE_LIMIT = 5 * MB  # a --text-file, a CSV table or standard input
STALE_SECONDS = 10 * 60  # a temp file of ours this old belongs to a killed process

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_BINARY = getattr(os, "O_BINARY", 0)  # Windows: no newline translation
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # opening a FIFO must not wait for a writer


def _size_text(size: int) -> str:
    return f"{size / MB:.1f} MB" if size >= MB / 10 else f"{size} 字节"


def too_large(path: Path | str, size: int, limit: int, what: str) -> ZhoubaoError:
    return ZhoubaoError(
        f"{what} {path} 过大（{_size_text(size)}）：{what}应小于 {_size_text(limit)}，请检查是否选错文件"
    )


def read_regular(path: Path | str, limit: int, what: str) -> bytes:
    """The bytes of the regular file `path`, at most `limit` of them; anything else is a one-line
    ZhoubaoError. An OSError opening or reading it is the caller's to word."""
    try:
        fd = os.open(path, os.O_RDONLY | _BINARY | _NONBLOCK)
    except IsADirectoryError:
        raise ZhoubaoError(f"{path} 是文件夹，不是{what}：请指定文件") from None
    except PermissionError:
        if Path(path).is_dir():  # Windows answers a folder with PermissionError
            raise ZhoubaoError(f"{path} 是文件夹，不是{what}：请指定文件") from None
        raise
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise ZhoubaoError(f"{path} 是文件夹，不是{what}：请指定文件")
        if not stat.S_ISREG(info.st_mode):
            raise ZhoubaoError(f"{path} 不是普通文件（可能是管道或设备）：请指定一个普通的{what}")
        if info.st_size > limit:
            raise too_large(path, info.st_size, limit, what)
        chunks = []
        left = limit + 1  # a file that grew since fstat is still caught
        while left > 0:
            chunk = os.read(fd, min(left, MB))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
    finally:
        os.close(fd)
    if len(data) > limit:
        raise too_large(path, len(data), limit, what)
    return data


def read_head(path: Path | str, size: int) -> bytes:
    """The first `size` bytes of a regular file (to recognise it); OSError for anything else."""
    fd = os.open(path, os.O_RDONLY | _BINARY | _NONBLOCK)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"{path} is not a regular file")
        return os.read(fd, size)
    finally:
        os.close(fd)


def read_stdin(limit: int, what: str = "标准输入", stream: BinaryIO | None = None) -> bytes:
    """At most `limit` bytes of standard input: reads limit+1 and refuses if that many came."""
    source = stream if stream is not None else sys.stdin.buffer
    data = source.read(limit + 1)
    if len(data) > limit:
        raise ZhoubaoError(f"{what}过长（超过 {_size_text(limit)}）：请缩短内容，或检查是否接错了输入")
    return data


# ----------------------------------------------------------------------------- writing


def temp_name(target: Path) -> Path:
    return target.with_name(f".{target.name}.{os.urandom(6).hex()}{TEMP_SUFFIX}")


def create_temp(target: Path, mode: int = 0o600) -> tuple[int, Path]:
    """A new, empty file beside `target`, opened for writing: (fd, path). Created exclusively
    (O_EXCL: never through an existing name, file or symlink; O_NOFOLLOW besides), like
    tempfile.mkstemp, without importing tempfile on every edit."""
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _BINARY
    for _ in range(100):
        tmp = temp_name(target)
        try:
            return os.open(tmp, flags, mode), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temp name beside {target}")


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def copy_owner_and_mode(fd: int, tmp: Path, like: os.stat_result) -> None:
    """Give the temp file the mode, group (and owner, where allowed) of the file it replaces.
    Best effort: a system without fchown/fchmod (Windows) keeps what it has."""
    mine = os.fstat(fd)
    if hasattr(os, "fchown") and (mine.st_uid, mine.st_gid) != (like.st_uid, like.st_gid):
        with contextlib.suppress(OSError):
            os.fchown(fd, like.st_uid, like.st_gid)  # as root: the owner too; otherwise fails …
        with contextlib.suppress(OSError):
            os.fchown(fd, -1, like.st_gid)  # … and the group is kept where we belong to it
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, stat.S_IMODE(like.st_mode))
        else:
            os.chmod(tmp, stat.S_IMODE(like.st_mode))
    except OSError:
        pass


def default_mode() -> int:
    """What a plain open() would give a new file: 0o666 less the umask."""
    if sys.platform == "win32":
        return 0o666
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def guarded_expat(refuse: Callable[..., Any]) -> Any:
    """An expat parser (namespaces split by a space) for a part of a file a clerk hands over:
    `refuse` is called at any DOCTYPE or entity declaration and at any external entity, and
    parameter entities are never read (billion laughs, XXE). The one rule for every reader of
    .docx and .xlsx parts; the caller adds its element handlers."""
    from xml.parsers import expat

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.UnparsedEntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    return parser


@contextlib.contextmanager
def package_errors(path: Path, what: str, app: str, suffix: str) -> Iterator[None]:
    """The ways zipfile fails on a Word or Excel file a clerk hands over, each said in one Chinese
    line: broken or cut short, encrypted, packed a way zipfile cannot read, unreadable. `what`
    names the file in the message (`Excel 文件 x.xlsx`), `app` and `suffix` the way to repair it."""
    import zipfile
    import zlib

    try:
        yield
    except (zipfile.BadZipFile, zlib.error, EOFError):
        raise ZhoubaoError(
            f"{what} 不完整或已损坏：请重新复制或下载原文件，或在 {app} 中打开后另存为 {suffix} 再试"
        ) from None
    except RuntimeError:  # zipfile: a part encrypted with a password
        raise ZhoubaoError(f"{what} 已加密：请在 {app} 中取消密码并另存为 {suffix} 后重试") from None
    except NotImplementedError:
        raise ZhoubaoError(f"{what} 使用了不支持的压缩方式：请在 {app} 中打开后另存为 {suffix} 再试") from None
    except OSError as e:
        raise ZhoubaoError(f"无法读取 {path}（{e.strerror or e}）：请检查文件权限") from None


def fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def check_output(
    path: Path, what: str, *, force: bool = False, ours: Callable[[Path], bool] | None = None
) -> os.stat_result | None:
    """May a writer put a new `what` at `path`, a name the clerk gave or the tool chose? The one
    rule for every output (Word file, PDF, web page, CSV, chart, new issue file): see docs/safety.md.

    Nothing there, or a regular file (or a link to one) that this user may write in place, and,
    unless `force`, that `ours` recognises as the tool's own earlier output of the same thing
    (without `ours`, any existing file needs `force`). A folder, FIFO, socket or device (or a
    link to one) is refused even with `force`: replacing it by a rename would succeed, and would
    take away what someone put there. Returns the status of what is there (None: nothing).
    A ZhoubaoError in one line otherwise."""
    shown = str(path)  # ZhoubaoError makes it safe for the terminal
    try:
        os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as e:
        raise ZhoubaoError(f"无法写入{what} {shown}（{e.strerror}）：请检查文件夹是否存在和权限") from None
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None  # a link to nothing: the link is replaced, nothing is lost
    except OSError as e:
        raise ZhoubaoError(f"无法写入{what} {shown}（{e.strerror}）：请检查文件夹是否存在和权限") from None
    if stat.S_ISDIR(info.st_mode):
        raise ZhoubaoError(f"{shown} 是文件夹：请给出{what}的文件名")
    if not stat.S_ISREG(info.st_mode):
        raise ZhoubaoError(f"{shown} 不是普通文件（是管道、套接字或设备）：不会替换它，请给出另一个{what}文件名")
    if not info.st_mode & 0o222 or not _may_write(path):
        raise ZhoubaoError(
            f"{shown} 是只读的或属于别人：你不能修改它，所以也不会替换它；请换一个文件名，或请文件的所有者处理"
        )
    if force:
        return info
    try:
        earlier = ours is not None and ours(path)
    except (OSError, ValueError, ZhoubaoError):
        earlier = False
    if not earlier:
        raise ZhoubaoError(
            f"{shown} 已存在，且不是 zhoubao 先前为同一内容生成的{what}：未覆盖；如确要覆盖请加 --force，或换一个文件名"
        )
    return info


def _may_write(path: Path) -> bool:
    """Whether this user may write the file in place (as the effective user where the system tells)."""
    effective = os.access in os.supports_effective_ids
    return os.access(path, os.W_OK, effective_ids=effective)


def replace_like(
    target: Path,
    data: bytes,
    like: os.stat_result | None,
    before: Callable[[], None] | None = None,
    *,
    durable: bool = True,
) -> None:
    """`data` into `target` as the file `like` describes (its mode and group; without one, the
    default mode): an exclusive temp file beside it, written and synced (unless not `durable`),
    then replaced into place (`before` runs just before the replace); the temp file is gone
    whatever happens."""
    fd, tmp = create_temp(target)
    try:
        try:
            if like is not None:
                copy_owner_and_mode(fd, tmp, like)
            elif hasattr(os, "fchmod"):
                os.fchmod(fd, default_mode())
            write_all(fd, data)
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        if before is not None:
            before()
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_new_file(
    path: Path,
    data: bytes,
    what: str = "文件",
    *,
    force: bool = False,
    ours: Callable[[Path], bool] | None = None,
) -> None:
    """Replace `path` by `data` whole: an exclusive temp file beside it, fsynced, then os.replace.
    What is at `path` must pass `check_output` (with `force` and `ours`). A file already at `path`
    keeps its mode; a symlink at `path` is replaced, never written through. Concurrent writers to
    one path each use their own temp file; the last replace wins. Temp files a killed writer left
    beside `path` are removed afterwards (`remove_stale_temps`)."""
    existing = check_output(path, what, force=force, ours=ours)
    try:
        replace_like(path, data, existing)
    except OSError as e:
        raise ZhoubaoError(
            f"无法写入{what} {path}（{e.strerror}）：请检查文件夹是否存在、文件是否在别的程序中打开"
        ) from None
    fsync_dir(path.parent)
    remove_stale_temps(path)


def stale_temps(target: Path) -> Iterator[Path]:
    """Temp files of ours beside `target` left by a killed process: our naming pattern (and the
    older `.NAME.<pid>.tmp` / `.NAME.<pid>.bak.tmp`), regular files (never a symlink), owned by
    this user, untouched for STALE_SECONDS."""
    prefix = f".{target.name}."
    now = time.time()
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return
    for entry in entries:
        name = entry.name
        if not name.startswith(prefix):
            continue
        middle = name[len(prefix) :]
        ours = middle.endswith(TEMP_SUFFIX) or (
            middle.endswith(".tmp") and middle.removesuffix(".tmp").removesuffix(".bak").isdigit()
        )
        if not ours:
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISREG(info.st_mode) or now - info.st_mtime < STALE_SECONDS:
            continue
        if hasattr(os, "geteuid") and info.st_uid != os.geteuid():
            continue
        yield Path(entry.path)


def remove_stale_temps(target: Path) -> None:
    for path in stale_temps(target):
        with contextlib.suppress(OSError):
            path.unlink()
