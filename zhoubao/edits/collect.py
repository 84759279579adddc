"""collect: a 收稿 folder's items planned against the issue, then written in one store edit.

Imported by the `collect` command only (not re-exported from `zhoubao.edits`), so that no other
command loads the folder reader: `from zhoubao.edits.collect import plan_collection, write_collection`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zhoubao import store, tomldoc
from zhoubao.errors import ZhoubaoError
from zhoubao.model import Issue

if TYPE_CHECKING:
    from zhoubao.importing.collect import Plan


@dataclass
class Collection:
    """What collecting a folder into an issue file would write, and the issue it was planned on."""

    path: Path
    folder: Path
    issue: Issue
    plan: Plan
    note: str = ""  # the previous issue named but not read: its items were not compared


def plan_collection(path: Path, folder: Path) -> Collection:
    """Read `folder` and plan its items against the issue file at `path` and its predecessor.
    Writes nothing; a file of the folder that cannot be read refuses the whole folder."""
    from zhoubao.importing import collect

    plain = store.load_plain(path)
    issue = Issue.from_dict(plain)
    previous, note = store.load_previous(path, issue)
    found = collect.read_folder(folder, collect.source_label(folder, path.parent))
    plan = collect.plan(found.submissions, plain, issue, previous)
    plan.skipped[:0] = found.skipped
    return Collection(path, folder, issue, plan, note)


def write_collection(collection: Collection) -> list[int]:
    """Write the planned items, numbered on from the issue's last entry, in one store edit (one
    undo step); refused when the issue changed since the plan was made. Returns the new ids."""

    def change(doc: Any, issue: Issue) -> list[int]:
        if issue != collection.issue:
            raise ZhoubaoError(f"{collection.path.name} 在列出收稿计划之后被修改过：未写入，请重新运行 zhoubao collect")
        first = issue.next_entry_id()
        ids = []
        for number, item in enumerate(collection.plan.items, first):
            tomldoc.append_row(tomldoc.table_in(doc, item.section_path), "entry", {"id": number, **item.row})
            ids.append(number)
        return ids

    if not collection.plan.items:
        return []
    return store.edit(collection.path, change)
