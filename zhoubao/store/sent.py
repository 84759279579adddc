"""The versions that were sent: what a .docx was rendered from, kept so that the approved file
can be compared with it (the three-way merge of `import --into`, importing/approval/merge.py).

Every .docx render writes a fingerprint into the document's custom properties (docProps/custom.xml,
written by word/ooxml.py): the bulletin's name, 年份, 期号, whether it is a 增刊, and the SHA-256
of the issue file's bytes it was rendered from. The same bytes are kept beside the issue, in the
store-managed folder `.zhoubao-sent/`, as `NAME.<first 20 hex digits of the hash>`; the newest
KEEP of each issue file are kept, older ones removed. A kept version is only ever used when its
bytes hash to the fingerprint again, so a file planted or changed there is never taken for the
sent version. Nothing else of the store reads or writes this folder; it is written with the
primitives of safefiles (exclusive temp file, the issue file's mode, replace).
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from zhoubao import safefiles
from zhoubao.errors import ZhoubaoError
from zhoubao.model import Issue
from zhoubao.store.history import digest_of
from zhoubao.store.read import MAX_BYTES, decode, parse_plain, read_bytes

SENT_FOLDER = ".zhoubao-sent"
KEEP = 8  # sent versions kept per issue file, newest first (a draft, a second draft, the final …)
DIGEST_CHARS = 20  # of the hash, in a kept version's file name
_PREFIX = "zhoubao-"  # every custom property of ours
_NAMES = {
    "name": "zhoubao-bulletin",
    "year": "zhoubao-year",
    "number": "zhoubao-number",
    "supplement": "zhoubao-supplement",
    "digest": "zhoubao-content",
}


def digest(raw: bytes) -> str:
    """The SHA-256 of an issue file's bytes, hex."""
    return digest_of(raw)  # hashlib would load OpenSSL on every edit (store/history.py)


@dataclass(frozen=True)
class Fingerprint:
    """Which issue a .docx was rendered from, and from which bytes of it."""

    name: str
    year: int
    number: int
    supplement: bool
    digest: str

    @classmethod
    def of(cls, issue: Issue, raw: bytes) -> Fingerprint:
        return cls(issue.name, issue.year, issue.number, issue.supplement, digest(raw))

    @property
    def label(self) -> str:
        """`2022年第33期` or `2022年增刊第1期`, as Issue.label says it."""
        return f"{self.year}年{'增刊' if self.supplement else ''}第{self.number}期"

    def properties(self) -> tuple[tuple[str, str], ...]:
        """The custom document properties that carry it (name, text)."""
        return (
            (_NAMES["name"], self.name),
            (_NAMES["year"], str(self.year)),
            (_NAMES["number"], str(self.number)),
            (_NAMES["supplement"], "1" if self.supplement else "0"),
            (_NAMES["digest"], self.digest),
        )

    @classmethod
    def from_properties(cls, found: dict[str, str]) -> Fingerprint | None:
        """The fingerprint in a document's custom properties; None when it has none of ours.
        Properties of ours that do not read as a fingerprint are a one-line error."""
        if not any(name.startswith(_PREFIX) for name in found):
            return None
        try:
            year, number = int(found[_NAMES["year"]]), int(found[_NAMES["number"]])
            value = found[_NAMES["digest"]]
            if not re.fullmatch(r"[0-9a-f]{64}", value):
                raise ValueError(value)
            return cls(found[_NAMES["name"]], year, number, found.get(_NAMES["supplement"]) == "1", value)
        except (KeyError, ValueError):
            return None

    def same_issue(self, issue: Issue) -> bool:
        return (self.name, self.year, self.number, self.supplement) == (
            issue.name,
            issue.year,
            issue.number,
            issue.supplement,
        )


def read_issue(path: Path) -> tuple[Issue, bytes]:
    """The issue and the bytes it was read from, read once: the fingerprint's hash is of these."""
    raw = read_bytes(path)
    return Issue.from_dict(parse_plain(path, decode(path, raw))), raw


def _folder(issue_path: Path) -> Path:
    return issue_path.parent / SENT_FOLDER


def _kept_name(issue_path: Path, hexdigest: str) -> str:
    return f"{issue_path.name}.{hexdigest[:DIGEST_CHARS]}"


def keep_sent(issue_path: Path, raw: bytes) -> str:
    """Keep `raw`, the bytes a .docx was just rendered from, as a sent version of `issue_path`;
    the oldest beyond KEEP go. Returns "" or, when it could not be kept (a read-only folder, a
    file in the folder's place), a note for the clerk: the render itself stands."""
    folder = _folder(issue_path)
    try:
        info = os.lstat(folder)
        if not stat.S_ISDIR(info.st_mode):
            return f"{SENT_FOLDER} 不是文件夹：送审版本未保存，回填批改稿时将无法分清送审后的改动"
    except FileNotFoundError:
        try:
            folder.mkdir()
        except OSError as e:
            return f"无法创建 {folder}（{e.strerror}）：送审版本未保存，回填批改稿时将无法分清送审后的改动"
    except OSError as e:
        return f"无法读取 {folder}（{e.strerror}）：送审版本未保存"
    target = folder / _kept_name(issue_path, digest(raw))
    try:
        if load_sent(issue_path, digest(raw)) is not None:
            os.utime(target)  # the same version sent again: newest now
        else:
            _write(target, raw, os.stat(issue_path))
    except OSError as e:
        return f"无法保存送审版本 {target.name}（{e.strerror}）：回填批改稿时将无法分清送审后的改动"
    _prune(issue_path)
    return ""


def _write(target: Path, raw: bytes, like: os.stat_result) -> None:
    """An exclusive temp file with the issue file's mode and group, then replaced into place."""
    safefiles.replace_like(target, raw, like)


def _ours(issue_path: Path) -> list[os.DirEntry[str]]:
    """The kept versions of `issue_path` in the folder: our names, regular files (never a link)."""
    pattern = re.compile(re.escape(issue_path.name) + r"\.[0-9a-f]{" + str(DIGEST_CHARS) + "}")
    try:
        entries = list(os.scandir(_folder(issue_path)))
    except OSError:
        return []
    return [e for e in entries if pattern.fullmatch(e.name) and e.is_file(follow_symlinks=False)]


def _prune(issue_path: Path) -> None:
    def newest_first(entry: os.DirEntry[str]) -> float:
        try:
            return -entry.stat(follow_symlinks=False).st_mtime
        except OSError:
            return 0.0

    for entry in sorted(_ours(issue_path), key=newest_first)[KEEP:]:
        with contextlib.suppress(OSError):
            os.unlink(entry.path)


def load_sent(issue_path: Path, hexdigest: str) -> bytes | None:
    """The bytes kept for `hexdigest` beside `issue_path` (under any issue file's name, for an
    issue file renamed since), or None: none kept, or none that hashes to it."""
    suffix = f".{hexdigest[:DIGEST_CHARS]}"
    folder = _folder(issue_path)
    candidates = [folder / _kept_name(issue_path, hexdigest)]
    try:
        candidates += sorted(folder / e.name for e in os.scandir(folder) if e.name.endswith(suffix))
    except OSError:
        return None
    for path in dict.fromkeys(candidates):
        try:
            raw = safefiles.read_regular(path, MAX_BYTES, "送审版本")
        except (OSError, ZhoubaoError):
            continue
        if digest(raw) == hexdigest:
            return raw
    return None
