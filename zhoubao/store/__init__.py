"""The store: the only code that touches issue files.

    read.py      bounded reads, UTF-8, TOML errors in Chinese; tomllib to read, tomlkit to rebuild
    folder.py    which file a command works on, what follows which, the predecessor, last year's
    lock.py      one edit at a time: `.NAME.lock` beside the file, a bounded wait, the holder named
    changes.py   what changed between two versions, in a few words (pure)
    history.py   the versions kept beside the file (.NAME.history/, NAME.bak), undo, redo
    document.py  tomlkit documents: a new one from plain data, a section's table, a row appended
    write.py     edit, append, create: under the lock, written to a temp file, read back, replaced
    sent.py      the versions a .docx was rendered from (.zhoubao-sent/), found by the .docx's fingerprint

The functions below are the store's API (`from zhoubao import store; store.edit(...)`); each
module imports only modules listed above it.
"""

from typing import TYPE_CHECKING, Any

from zhoubao.store.folder import (
    IssueHead,
    choose,
    issue_head,
    issues_in,
    load_previous,
    load_year_before,
    locate,
    refuse_issue_target,
    successor,
)
from zhoubao.store.history import HISTORY, announce, last_outcome, read_version, redo, snapshot, undo
from zhoubao.store.lock import LOCK_WAIT, lock_path, locked
from zhoubao.store.read import MAX_BYTES, MB, check_size, load_document, load_issue, load_plain, read_bytes
from zhoubao.store.write import append, create, edit
from zhoubao.tomldoc import append_row, new_document, table_in, toml_items

_locked = locked  # the name the lock had before the store became a package

if TYPE_CHECKING:
    from zhoubao.store.sent import Fingerprint, keep_sent, load_sent, read_issue

_SENT = frozenset({"Fingerprint", "keep_sent", "load_sent", "read_issue"})


def __getattr__(name: str) -> Any:
    """The sent versions are for render and import --into only: an edit does not load them."""
    if name in _SENT:
        from zhoubao.store import sent

        return getattr(sent, name)
    raise AttributeError(f"module 'zhoubao.store' has no attribute {name!r}")


__all__ = [
    "HISTORY",
    "Fingerprint",
    "IssueHead",
    "LOCK_WAIT",
    "MAX_BYTES",
    "MB",
    "append",
    "announce",
    "append_row",
    "check_size",
    "choose",
    "create",
    "edit",
    "issue_head",
    "issues_in",
    "keep_sent",
    "last_outcome",
    "load_document",
    "load_issue",
    "load_plain",
    "load_previous",
    "load_sent",
    "load_year_before",
    "locate",
    "lock_path",
    "locked",
    "new_document",
    "read_bytes",
    "read_issue",
    "read_version",
    "redo",
    "refuse_issue_target",
    "snapshot",
    "successor",
    "table_in",
    "toml_items",
    "undo",
]
