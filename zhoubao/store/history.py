"""The history of an issue file: every version kept beside it, what changed in each, undo and redo.

The journal of NAME is the hidden folder `.NAME.history/` beside it:

    <sha256>.toml   one version, the file's bytes, named by their SHA-256 (one file per content)
    index.tsv       the versions, oldest first, one line each: hash, time, user, command, what
                    changed; and `current`, the version the issue file is (what zhoubao last wrote)

NAME.bak beside the issue is the version the last write replaced: a plain file to open by hand.
At most HISTORY versions are kept (the oldest go first). `undo` moves `current` back and puts that
version in place, `redo` forward again; a new change drops the undone versions after `current`.
A file that is not the version zhoubao last wrote (a hand edit, another program) is kept as a
version of its own before anything replaces it. Every file here is written like the issue file
(exclusive temp file, fsync, replace) and has the issue file's mode and group. See docs/safety.md.

The store's writer calls `prepare` (the versions' files, NAME.bak) before it replaces the issue
file and `commit` (the index) after; `nothing_written` when a change meant nothing new.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import time
from dataclasses import field
from pathlib import Path
from typing import Any

from zhoubao import safefiles
from zhoubao.errors import ZhoubaoError, in_chinese
from zhoubao.model import Issue
from zhoubao.store.changes import describe
from zhoubao.store.lock import current_user, editing, real_path
from zhoubao.store.read import MAX_BYTES, decode, parse_plain, read_bytes
from zhoubao.validate import Record, record

HISTORY = 50  # versions kept in `.NAME.history/`; the oldest go first
INDEX = "index.tsv"
INDEX_LIMIT = 1024 * 1024  # the index of HISTORY versions is a few KB
MAGIC = "zhoubao-history 1"
START = "（开始记录）"  # the command of the version found when the journal was started
BY_HAND = "（手工改动）"  # the command of a version zhoubao did not write
_DIGEST = re.compile(r"[0-9a-f]{64}")


def _sha256() -> Any:
    # hashlib imports OpenSSL (several ms on every edit); the interpreter's own SHA-256 module is
    # enough here: _sha2 from Python 3.12, _sha256 before (named at run time: both are stdlib).
    import importlib

    for name in ("_sha2", "_sha256"):
        try:
            return importlib.import_module(name).sha256
        except ImportError:
            continue
    from hashlib import sha256

    return sha256


def digest_of(data: bytes) -> str:
    """The SHA-256 of a version's bytes, in hex: its name in the journal (hashlib.sha256(data).hexdigest())."""
    return str(_sha256()(data).hexdigest())


# ----------------------------------------------------------------------------- names


def journal_dir(path: Path) -> Path:
    return path.with_name(f".{path.name}.history")


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def _version_file(path: Path, digest: str) -> Path:
    return journal_dir(path) / f"{digest}.toml"


def kept_version_of(path: Path) -> Path | None:
    """The issue file `path` is a kept version of (NAME.bak, the NAME.bak.2 … of earlier releases, a
    file in `.NAME.history/`), when that issue file is there; None for anything else."""
    match = re.fullmatch(r"(.+)\.bak(\.\d+)?", path.name)
    if match and (path.parent / match.group(1)).exists():
        return path.parent / match.group(1)
    match = re.fullmatch(r"\.(.+)\.history", path.parent.name)
    if match and (path.parent.parent / match.group(1)).exists():
        return path.parent.parent / match.group(1)
    return None


def refuse_kept_version(path: Path) -> None:
    """An edit, an import or a new file never goes into a kept version of another file."""
    issue = kept_version_of(path)
    if issue is not None:
        raise ZhoubaoError(
            f"{path.name} 是期刊文件 {issue.name} 保存的旧版本，不是期刊文件：不能写入它；"
            f"要恢复旧版本请用 zhoubao undo -f {issue.name}（zhoubao history 可查看各版本）"
        )


# ----------------------------------------------------------------------------- the index


@record
class Version(Record):
    """One kept version: its bytes' hash, when and by whom it was written, by which command, and
    what it changed against the version before it."""

    digest: str
    time: str
    user: str
    command: str
    summary: str

    def line(self) -> str:
        return "\t".join((self.digest, *(_field(x) for x in (self.time, self.user, self.command, self.summary))))

    @property
    def said(self) -> str:
        """The version in the words `history`, `undo` and `redo` all use."""
        command = self.command or "—"
        return f"{self.time[5:16]} {command}：{self.summary}"


def _field(text: str) -> str:
    return "".join(" " if ch in "\t\r\n" or ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 else ch for ch in text)[:300]


@record
class Journal(Record):
    """The versions of one issue file, oldest first, and which one the file is now (`current`)."""

    path: Path
    versions: list[Version] = field(default_factory=list)
    current: int = -1

    @property
    def latest(self) -> Version | None:
        return self.versions[self.current] if self.versions else None

    @property
    def undone(self) -> int:
        """Versions after the current one: undone, and back with redo until a new change."""
        return len(self.versions) - 1 - self.current if self.versions else 0


def _check_folder(path: Path) -> bool:
    """Whether the journal folder is there; anything else at its name is refused, named."""
    folder = journal_dir(path)
    try:
        info = os.lstat(folder)
    except FileNotFoundError:
        return False
    except OSError as e:
        raise ZhoubaoError(f"无法读取历史文件夹 {folder}（{e.strerror}）：请检查文件夹权限；期刊文件未改动") from None
    if not stat.S_ISDIR(info.st_mode):
        raise ZhoubaoError(
            f"{folder.name} 不是 zhoubao 的历史文件夹（{'符号链接' if stat.S_ISLNK(info.st_mode) else '文件'}）："
            f"请改名或移走它；期刊文件 {path.name} 未改动"
        )
    return True


def load(path: Path) -> Journal:
    """The journal of the issue file `path` (empty when there is none). A line that is not one of
    ours is passed over; the index is read as a regular file of at most INDEX_LIMIT bytes."""
    path = real_path(path)
    journal = Journal(path)
    if not _check_folder(path):
        return journal
    try:
        raw = safefiles.read_regular(journal_dir(path) / INDEX, INDEX_LIMIT, "历史索引")
    except FileNotFoundError:
        return journal
    except OSError as e:
        raise ZhoubaoError(f"无法读取 {journal_dir(path).name}/{INDEX}（{e.strerror}）：请检查权限") from None
    lines = raw.decode("utf-8", "replace").splitlines()
    if not lines or lines[0] != MAGIC:
        return journal
    current = None
    for line in lines[1:]:
        parts = line.split("\t")
        if len(parts) == 2 and parts[0] == "current" and parts[1].isdigit():
            current = int(parts[1])
        elif len(parts) == 5 and _DIGEST.fullmatch(parts[0]):
            journal.versions.append(Version(*parts))
    if journal.versions:
        journal.current = min(current if current is not None else len(journal.versions) - 1, len(journal.versions) - 1)
    return journal


def summaries(journal: Journal) -> None:
    """Fill in what a version zhoubao did not write changed (worked out only when shown: an edit
    over a hand edit should not pay for reading and comparing two versions)."""
    for number, version in enumerate(journal.versions):
        if version.summary or not number:
            continue
        old, new = (read_version(journal.path, v.digest) for v in journal.versions[number - 1 : number + 1])
        old_plain = _plain(journal.path, old) if old is not None else None
        new_plain = _plain(journal.path, new) if new is not None else None
        version.summary = describe(old_plain, new_plain) if old_plain and new_plain else "（无法比较：版本文件已不在）"


def _index_text(journal: Journal) -> bytes:
    lines = [MAGIC, f"current\t{journal.current}", *(v.line() for v in journal.versions)]
    return ("\n".join(lines) + "\n").encode("utf-8")


# ----------------------------------------------------------------------------- files in the journal


def _folder_mode(file_mode: int) -> int:
    """The journal folder's mode from the issue file's: whoever may read the file may list it."""
    mode = file_mode & 0o777
    return mode | ((mode & 0o444) >> 2) | 0o700


def _ensure_folder(path: Path, like: os.stat_result | None) -> Path:
    """The journal folder, made when missing, with the issue file's group and a mode that follows the
    file's (a file made private makes every kept version private: `_follow_mode`)."""
    folder = journal_dir(path)
    file_mode = stat.S_IMODE(like.st_mode) if like is not None else safefiles.default_mode()
    if not _check_folder(path):
        try:
            os.mkdir(folder, 0o700)
        except FileExistsError:
            _check_folder(path)
        except OSError as e:
            raise ZhoubaoError(
                f"无法在 {path.parent} 建立历史文件夹 {folder.name}（{e.strerror}）：请检查文件夹权限；期刊文件未改动"
            ) from None
        if like is not None and hasattr(os, "chown"):
            with contextlib.suppress(OSError):
                os.chown(folder, -1, like.st_gid)
        with contextlib.suppress(OSError):
            os.chmod(folder, _folder_mode(file_mode))
    else:
        _follow_mode(path, folder, file_mode)
    return folder


def _follow_mode(path: Path, folder: Path, file_mode: int) -> None:
    """When the issue file's mode changed (chmod 600), every kept version follows it: the folder,
    its files, and the NAME.bak.N an earlier release left. Only looked at when the folder's mode
    says the file's changed, so an edit costs one stat."""
    try:
        if stat.S_IMODE(os.stat(folder).st_mode) == _folder_mode(file_mode):
            return
    except OSError:
        return
    with contextlib.suppress(OSError):
        os.chmod(folder, _folder_mode(file_mode))
    kept = [Path(entry.path) for entry in os.scandir(folder) if entry.is_file(follow_symlinks=False)]
    kept += [p for n in range(2, 6) if (p := path.with_name(f"{path.name}.bak.{n}")).is_file() and not p.is_symlink()]
    for version in kept:
        with contextlib.suppress(OSError):
            os.chmod(version, file_mode)


def _write_file(target: Path, data: bytes, like: os.stat_result | None, *, durable: bool = True) -> None:
    """`data` at `target`: an exclusive temp file with the issue file's mode and group, fsynced
    (unless not `durable`), replaced."""
    safefiles.replace_like(target, data, like, durable=durable)


def _store_version(path: Path, data: bytes, digest: str, like: os.stat_result | None) -> None:
    """The version's file in the journal, unless it is there with these very bytes. Not fsynced:
    the version written now is the issue file itself, which is; a file a power cut left short or
    zeroed is rewritten by the next write that keeps this version (the one that replaces it), and
    never restored meanwhile (`read_version` checks the bytes against the name)."""
    target = _version_file(path, digest)
    try:
        if safefiles.read_regular(target, len(data), "历史版本") == data:
            return
    except (OSError, ZhoubaoError):
        pass
    _write_file(target, data, like, durable=False)


def read_version(path: Path, digest: str) -> bytes | None:
    """The bytes of the version of `path` whose SHA-256 is `digest`, if the journal holds it (and
    its file still has those bytes); None otherwise. For the approval merge: the version sent."""
    if not _DIGEST.fullmatch(digest):
        return None
    path = real_path(path)
    try:
        data = safefiles.read_regular(_version_file(path, digest), MAX_BYTES, "历史版本")
    except (OSError, ZhoubaoError):
        return None
    return data if digest_of(data) == digest else None


def _refresh_backup(path: Path, notes: list[str]) -> None:
    """NAME.bak becomes the version about to be replaced: a hard link to it under a fresh temp name
    (a link never goes through an existing name), renamed over NAME.bak. Something else at that
    name (a folder, a link, a pipe) is left alone and said: the journal holds the version anyway."""
    bak = backup_path(path)
    try:
        info = os.lstat(bak)
    except FileNotFoundError:
        info = None
    if info is not None and not stat.S_ISREG(info.st_mode):
        notes.append(
            f"{bak.name} 不是普通文件（可能是文件夹或链接），没有更新它；旧版本已保存在历史中（zhoubao history）"
        )
        return
    tmp = safefiles.temp_name(bak)
    try:
        os.link(path, tmp)
    except OSError:  # a file system without hard links: an exclusive copy
        fd, tmp = safefiles.create_temp(bak)
        try:
            safefiles.write_all(fd, read_bytes(path))
            os.fsync(fd)
        finally:
            os.close(fd)
    try:
        os.replace(tmp, bak)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


# ----------------------------------------------------------------------------- recording a write

_command = ""  # the command line that is running, as `announce` was told it
_outcomes: dict[str, Outcome] = {}


@record
class Outcome(Record):
    """What the last change of one issue file in this process did: whether it wrote, what it
    changed, and what the clerk should hear besides (a hand edit kept, undone versions dropped)."""

    wrote: bool
    summary: str = ""
    notes: list[str] = field(default_factory=list)


def announce(args: list[str]) -> None:
    """The command line now running, recorded with every version it writes (without `-f FILE`)."""
    global _command
    words: list[str] = []
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg in ("-f", "--file"):
            skip = True
        elif not arg.startswith(("-f=", "--file=")):
            words.append(arg if len(arg) <= 24 else arg[:20] + "…")
    _command = " ".join(words)[:80]


def last_outcome(path: Path) -> Outcome | None:
    """What the last change of `path` made in this process did; None when none was made."""
    return _outcomes.get(str(real_path(path)))


def nothing_written(path: Path) -> None:
    """A change that meant nothing new: no version, no step, nothing written."""
    _outcomes[str(path)] = Outcome(False)


def _now() -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S")


@record
class Pending(Record):
    """A write whose versions are kept and whose index waits for the issue file to be replaced."""

    journal: Journal
    like: os.stat_result | None
    outcome: Outcome


def _plain(path: Path, data: bytes) -> dict[str, Any] | None:
    try:
        return parse_plain(path, decode(path, data))
    except ZhoubaoError:
        return None


def _adopt(journal: Journal, before: bytes, like: os.stat_result | None) -> list[str]:
    """Make the file as it is now the journal's current version: the first version when there is
    no journal, a version of its own when it is not what zhoubao last wrote (said in a note).
    Versions undone before a hand edit are dropped like before any new change."""
    path = journal.path
    notes: list[str] = []
    digest = digest_of(before)
    latest = journal.latest
    if latest is not None and latest.digest == digest:
        return notes
    _store_version(path, before, digest, like)
    when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(like.st_mtime)) if like is not None else _now()
    if latest is None:
        journal.versions, journal.current = [Version(digest, when, "", START, "开始记录时的版本")], 0
        return notes
    _drop_undone(journal, notes)
    journal.versions.append(Version(digest, when, "", BY_HAND, ""))  # what it changed: `summaries`, when asked
    journal.current = len(journal.versions) - 1
    notes.append(
        f"{path.name} 在 zhoubao 上次写入之后被改动过（手工编辑或别的程序）：那时的内容已作为一个版本保存（zhoubao history）"
    )
    return notes


def _drop_undone(journal: Journal, notes: list[str]) -> None:
    if journal.undone:
        notes.append(f"此前撤销的 {journal.undone} 个版本被这次修改取代，不能再用 redo 恢复")
        del journal.versions[journal.current + 1 :]


def prepare(
    path: Path,
    before: bytes | None,
    before_plain: dict[str, Any] | None,
    after: bytes,
    after_plain: dict[str, Any],
    like: os.stat_result | None,
) -> Pending | None:
    """Before the issue file is replaced: the version it is now and the one that replaces it kept in
    the journal, NAME.bak refreshed. `before` is None for a new file, which starts no journal (its
    first change will) but goes into one left by a file of that name. Nothing of the issue file
    itself changes here; an OSError leaves it as it was."""
    if before is None and not _check_folder(path):
        _outcomes[str(path)] = Outcome(True)
        return None
    try:
        _ensure_folder(path, like)
        journal = load(path)
        notes: list[str] = []
        if before is not None:
            notes += _adopt(journal, before, like)
            _refresh_backup(path, notes)
        _drop_undone(journal, notes)
        digest = digest_of(after)
        _store_version(path, after, digest, like)
    except OSError as e:
        raise ZhoubaoError(
            f"无法在历史文件夹 {journal_dir(path).name} 中保存版本（{e.strerror}）：请检查文件夹权限和磁盘空间；"
            f"期刊文件 {path.name} 未改动"
        ) from None
    summary = describe(before_plain, after_plain)
    journal.versions.append(Version(digest, _now(), current_user(), _command, summary))
    journal.current = len(journal.versions) - 1
    return Pending(journal, like, Outcome(True, summary, notes))


def commit(pending: Pending) -> None:
    """After the issue file was replaced: the index says so, the oldest versions beyond HISTORY go.
    The change is made by then: an index that cannot be written is said, not raised (the next
    write finds the file unlike the index's last version and keeps it as a version of its own)."""
    journal = pending.journal
    surplus = len(journal.versions) - HISTORY
    if surplus > 0:
        del journal.versions[:surplus]
        journal.current -= surplus
    try:
        _write_file(journal_dir(journal.path) / INDEX, _index_text(journal), pending.like)
        _prune(journal)
    except OSError as e:
        pending.outcome.notes.append(
            f"修改已写入，但历史索引 {journal_dir(journal.path).name}/{INDEX} 未能更新（{in_chinese(e.strerror or str(e))}）：zhoubao history 可能少列这一版"
        )
    _outcomes[str(journal.path)] = pending.outcome


def _prune(journal: Journal) -> None:
    """Remove the version files no kept version names, and our temp files a killed write left."""
    folder = journal_dir(journal.path)
    named = {f"{v.digest}.toml" for v in journal.versions}
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    now = time.time()
    for entry in entries:
        name = entry.name
        if name.endswith(".toml") and _DIGEST.fullmatch(name[:-5]) and name not in named:
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
        elif name.startswith(".") and name.endswith(safefiles.TEMP_SUFFIX):  # as safefiles.stale_temps
            with contextlib.suppress(OSError):
                info = entry.stat(follow_symlinks=False)
                ours = not hasattr(os, "geteuid") or info.st_uid == os.geteuid()
                if stat.S_ISREG(info.st_mode) and ours and now - info.st_mtime >= safefiles.STALE_SECONDS:
                    os.unlink(entry.path)


# ----------------------------------------------------------------------------- undo and redo


def _identity(data: dict[str, Any]) -> tuple[Any, ...]:
    head = data.get("issue", {}) if isinstance(data.get("issue"), dict) else {}
    return head.get("name"), head.get("year"), bool(head.get("supplement")), head.get("number")


def _label(data: dict[str, Any]) -> str:
    name, year, supplement, number = _identity(data)
    return f"{name} {year}年{'增刊' if supplement else ''}第{number}期"


def _restorable(path: Path, version: Version, now_plain: dict[str, Any] | None) -> bytes:
    """The bytes of a kept version, checked: still the bytes it was written with, a valid issue
    file, and the same issue as the file now (bulletin, year, 期号) — never another issue's."""
    data = read_version(path, version.digest)
    if data is None:
        raise ZhoubaoError(f"历史中的版本（{version.said}）已丢失或被改动，不能恢复：期刊文件 {path.name} 未改动")
    plain = parse_plain(path, decode(path, data))
    Issue.from_dict(plain)
    if now_plain is not None and _identity(plain) != _identity(now_plain):
        raise ZhoubaoError(
            f"要恢复的版本是 {_label(plain)}，而 {path.name} 现在是 {_label(now_plain)}：撤销不会换成另一期；"
            "如要改回期号等，请用 zhoubao set"
        )
    return data


def _put(path: Path, journal: Journal, target: int, data: bytes, notes: list[str]) -> None:
    """The issue file becomes version `target` of the journal (already kept there)."""
    like = os.stat(path)
    safefiles.replace_like(path, data, like, before=lambda: _refresh_backup(path, notes))
    safefiles.fsync_dir(path.parent)
    journal.current = target
    _write_file(journal_dir(path) / INDEX, _index_text(journal), like)


def _not_ours(path: Path) -> ZhoubaoError:
    return ZhoubaoError(
        f"{path.name} 在 zhoubao 上次写入之后被改动过（手工编辑、别的程序或别人）：撤销会丢掉这些改动，未撤销。"
        "zhoubao history 可查看各版本；确要撤销，请加 --force（现在的内容会先保存为一个版本，可用 redo 找回）"
    )


def undo(path: Path, steps: int = 1, *, force: bool = False) -> tuple[list[Version], Outcome]:
    """Put back the version before the last `steps` changes, under the lock; returns the versions
    undone (newest first) and what the clerk should hear. Undone versions stay in the journal, and
    come back with `redo` until a new change replaces them.

    Refused, the file unchanged: when the file is not the version zhoubao last wrote (unless
    `force`: then it is kept as a version first), when a version to undo was written by another
    user (unless `force`), and when the version to restore is not this issue."""
    if steps < 1:
        raise ZhoubaoError(f"撤销步数 {steps} 不对：应为 1 或更多")
    with editing(path) as path:
        raw = read_bytes(path)
        now_plain = _plain(path, raw)
        like = os.stat(path)
        journal = load(path)
        notes: list[str] = []
        if journal.latest is None:
            raise ZhoubaoError(f"{path.name} 没有以前的版本可撤销（zhoubao 修改过它之后才有）")
        if journal.latest.digest != digest_of(raw):
            if not force:
                raise _not_ours(path)
            _ensure_folder(path, like)
            notes += _adopt(journal, raw, like)
        available = journal.current
        if steps > available:
            raise ZhoubaoError(
                f"{path.name} 只保留了 {available} 个以前的版本：最多撤销 {available} 步（zhoubao history 可查看）"
                if available
                else f"{path.name} 没有以前的版本可撤销"
            )
        summaries(journal)
        undone = journal.versions[journal.current - steps + 1 : journal.current + 1][::-1]
        me = current_user()
        others = [v for v in undone if v.user and v.user != me]
        if others and not force:
            raise ZhoubaoError(
                f"要撤销的修改中有用户 {others[0].user} 所作的（{others[0].said}）：未撤销；"
                "确要撤销，请加 --force（撤销的版本可用 redo 找回）"
            )
        target = journal.current - steps
        data = _restorable(path, journal.versions[target], now_plain)
        _put(path, journal, target, data, notes)
    outcome = Outcome(True, "；".join(v.summary for v in undone), notes)
    _outcomes[str(path)] = outcome
    return undone, outcome


def redo(path: Path, steps: int = 1) -> tuple[list[Version], Outcome]:
    """Bring back the last `steps` undone versions, under the lock; returns them (oldest first).
    Refused when nothing was undone, or when the file was changed since zhoubao last wrote it."""
    if steps < 1:
        raise ZhoubaoError(f"重做步数 {steps} 不对：应为 1 或更多")
    with editing(path) as path:
        raw = read_bytes(path)
        journal = load(path)
        if journal.latest is None or not journal.undone:
            raise ZhoubaoError(f"{path.name} 没有撤销过的版本可重做")
        if journal.latest.digest != digest_of(raw):
            raise ZhoubaoError(
                f"{path.name} 在 zhoubao 上次写入之后被改动过（手工编辑、别的程序或别人）：重做会丢掉这些改动，未重做；"
                "zhoubao history 可查看各版本"
            )
        if steps > journal.undone:
            raise ZhoubaoError(f"{path.name} 只撤销过 {journal.undone} 步：最多重做 {journal.undone} 步")
        target = journal.current + steps
        summaries(journal)
        redone = journal.versions[journal.current + 1 : target + 1]
        notes: list[str] = []
        data = _restorable(path, journal.versions[target], _plain(path, raw))
        _put(path, journal, target, data, notes)
    outcome = Outcome(True, "；".join(v.summary for v in redone), notes)
    _outcomes[str(path)] = outcome
    return redone, outcome


def snapshot(path: Path) -> str:
    """Keep the issue file as it is now as a version (if it is not the current one already) and
    return its SHA-256: what a draft sent for approval can carry to find this version again
    (`read_version`). Writes nothing when the journal's current version is the file."""
    with editing(path) as path:
        raw = read_bytes(path)
        like = os.stat(path)
        journal = load(path)
        digest = digest_of(raw)
        if journal.latest is None or journal.latest.digest != digest:
            _ensure_folder(path, like)
            _adopt(journal, raw, like)
            commit(Pending(journal, like, Outcome(True)))
        return digest
