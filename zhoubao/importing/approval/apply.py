"""apply: the plan written through the store in one edit (lock, atomic write, backup), only when
the issue is still the one the plan was made from.

Every change to a row of the issue file's tomlkit document goes through one small function per
operation at the end of this module (delete, move, append, update a row; drop an emptied array).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from zhoubao import store, tomldoc
from zhoubao.errors import ZhoubaoError
from zhoubao.importing.approval.plan import ENTRY_KEYS, GONE, Plan, section_at
from zhoubao.model import Issue


def apply_plan(plan: Plan) -> None:
    """Write the plan through the store, in one edit; refused when the issue changed meanwhile."""

    def change(doc: Any, issue: Issue) -> None:
        if issue != plan.issue:
            raise ZhoubaoError(f"{plan.issue_path.name} 在核对期间被修改过：未回填，请重新运行 zhoubao import --into")
        head = doc["issue"]
        for key, value in plan.head.items():
            head[key] = value
        for key in plan.head_removed:
            if key in head:
                del head[key]
        _apply_distribution(doc, plan.distribution)
        for path, key, value in plan.tables:
            table = store.table_in(doc, path)
            if value is GONE:
                if key in table:
                    del table[key]
            elif key == "item" and key in table and len(table[key]) == len(value):
                for row, new in zip(table[key], value, strict=False):
                    update_row(row, new, [*(k for k in row if k not in new), *new])
            else:
                table[key] = store.toml_items(value, key)
        for path, figure in plan.figures:
            row = store.table_in(doc, path)[figure.table][figure.position]
            if figure.key not in row:
                row[figure.key] = tomldoc.inline_table()
            row[figure.key][figure.column] = figure.value
        _apply_entries(doc, issue, plan)

    store.edit(plan.issue_path, change)


def _apply_distribution(doc: Any, changes: dict[str, Any]) -> None:
    if not changes:
        return
    tail = doc.setdefault("distribution", tomldoc.table())
    if "copies" in changes:
        if changes["copies"] is GONE:
            if "copies" in tail:
                del tail["copies"]
        else:
            tail["copies"] = changes["copies"]
    if "line" in changes:
        old = tail.get("line", [])
        new = changes["line"]
        if len(old) == len(new) and all(a.get("label") == b["label"] for a, b in zip(old, new, strict=False)):
            for row, line in zip(old, new, strict=False):
                if row.get("text") != line["text"]:
                    row["text"] = line["text"]
        elif new:
            tail["line"] = store.toml_items(new, "line")
        elif "line" in tail:
            del tail["line"]


def _apply_entries(doc: Any, issue: Issue, plan: Plan) -> None:
    """Deleted and moved-out rows taken out (their comments passed on), changed fields set,
    added and moved-in rows appended, then each section's rows put in the approved order."""
    carried: dict[int, dict[str, Any]] = {}
    for path, rows in plan.entries.items():
        wanted = {old_id for old_id, _f in rows if old_id is not None}
        section = section_at(issue, path)
        table = store.table_in(doc, path)
        for index in reversed(range(len(section.entries))):
            entry = section.entries[index]
            if entry.id in wanted:
                continue
            if entry.id not in plan.deleted:
                carried[entry.id] = {k: v for k, v in table["entry"][index].unwrap().items()}
            tomldoc.delete_row(table, "entry", index)
        tomldoc.drop_if_empty(table, "entry")
    next_id = issue.next_entry_id()
    for path, rows in plan.entries.items():
        table = store.table_in(doc, path)
        order: list[int] = []
        for old_id, fields in rows:
            if old_id is None:
                tomldoc.append_row(table, "entry", {"id": next_id, **(fields or {})})
                order.append(next_id)
                next_id += 1
                continue
            order.append(old_id)
            if old_id in carried:
                row = carried.pop(old_id)
                tomldoc.append_row(
                    table, "entry", {"id": old_id, **(fields or {k: row[k] for k in ENTRY_KEYS if k in row})}
                )
                continue
            if fields is None:
                continue
            update_row(next(r for r in table["entry"] if r["id"] == old_id), fields, ENTRY_KEYS)
        if "entry" not in table:
            continue
        entries = table["entry"]
        for position, wanted_id in enumerate(order):
            at = next(i for i in range(len(entries)) if entries[i]["id"] == wanted_id)
            tomldoc.move_row(table, "entry", at, position)


# ----------------------------------------------------------------------------- tomlkit row edits


def update_row(row: Any, new: dict[str, Any], keys: Iterable[str]) -> None:
    """A row changed in place, key by key in `keys`: one `new` lacks deleted, a changed value set."""
    for key in keys:
        if key in new and row.get(key) != new[key]:
            row[key] = store.toml_items(new[key], key)
        elif key not in new and key in row:
            del row[key]
