"""Edits of a tomlkit document, in one place: a new document or items from plain data, appending,
moving, updating and deleting a row of an array of tables (with the comment lines a person wrote
above it), reading a row back as plain data, a section's table by its path.

The editing commands change an issue file through the store as a tomlkit document, so whatever a
person wrote (comments, blank lines, the order of keys) stays. tomlkit is imported when an edit
needs it, never when this module is: adding an entry goes through the store's text fast path
(tomltext.py) and needs no tomlkit at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import tomlkit

# The comment that heads every issue file the tool makes (new, new --from, import).
NEW_FILE_NOTE = "zhoubao 期刊文件：可直接编辑，注释和排版在用命令修改时会保留。"

# ----------------------------------------------------------------------------- new items


def table() -> Any:
    """An empty table (`[…]` or `[[…]]` when put into an array of tables)."""
    import tomlkit

    return tomlkit.table()


def inline_table(values: Mapping[str, Any] | None = None) -> Any:
    """A table written on one line: `{ 受理 = 3, 办结 = 2 }`."""
    import tomlkit

    made = tomlkit.inline_table()
    if values:
        made.update(values)
    return made


def array_of_tables(rows: Iterable[Any] = ()) -> Any:
    """An array of tables (`[[…]]`) holding `rows`, each a table."""
    import tomlkit

    made = tomlkit.aot()
    for row in rows:
        made.append(row)
    return made


# ----------------------------------------------------------------------------- rows of an array of tables


def append_row(holder: Any, key: str, row: Mapping[str, Any]) -> None:
    """Append `row` as a table to the array of tables `key` of a tomlkit table, made when missing."""
    import tomlkit

    item = tomlkit.table()
    for k, v in row.items():
        item[k] = v
    item.add(tomlkit.nl())  # a blank line before whatever table follows
    if key not in holder:
        holder[key] = tomlkit.aot()
    holder[key].append(item)


def move_row(holder: Any, key: str, index: int, position: int) -> None:
    """Put the row at `index` of the array of tables `key` at `position` (both 0-based)."""
    if index == position:
        return
    rows = holder[key]
    moved = rows[index]
    del rows[index]
    rows.insert(position, moved)


def delete_row(holder: Any, key: str, index: int) -> None:
    """Delete the row at `index` of the array of tables `key` of `holder` with the comment lines written
    above it; the comment above the next row stays with that row (tomlkit keeps comment lines at
    the end of the table before them). The array stays, empty or not (see `drop_if_empty`)."""
    rows = holder[key]
    _hand_on_comments(holder, rows, index)
    del rows[index]


def drop_if_empty(holder: Any, key: str) -> None:
    """Remove the array of tables `key` when no row is left in it."""
    if key in holder and not len(holder[key]):
        del holder[key]


def plain_row(holder: Any, key: str, index: int) -> dict[str, Any]:
    """The row at `index` of the array of tables `key` as plain data (to be appended elsewhere)."""
    return dict(holder[key][index].unwrap())


# ----------------------------------------------------------------------------- comments


def _trailing(item: Any) -> int:
    """Where the comment lines and blank lines at the end of a tomlkit table's body begin."""
    body = item.value.body
    end = len(body)
    while end and body[end - 1][0] is None:
        end -= 1
    return end


def _hand_on_comments(holder: Any, rows: Any, index: int) -> None:
    """Before row `index` goes: drop the comment above it, keep the one above the next row."""
    from tomlkit.items import Comment, Whitespace

    gone = rows[index]
    passed_on = gone.value.body[_trailing(gone) :]  # the blank line and comment above the next row
    if index > 0:
        before = rows[index - 1].value.body
        del before[_trailing(rows[index - 1]) :]
        before.extend(passed_on)
        return
    # The first row's own comment stands in the holder's body, just before the rows.
    body = holder.value.body
    at = next((i for i, (key, item) in enumerate(body) if key is not None and item is rows), None)
    if at is None:
        return
    slot = None
    i = at - 1
    while i >= 0 and body[i][0] is None:
        if isinstance(body[i][1], Comment):
            body[i] = (None, Whitespace(""))  # same place, so tomlkit's key positions stay right
        slot = i
        i -= 1
    kept = "".join(item.as_string() for key, item in passed_on if isinstance(item, Comment))
    if not kept:
        return
    if slot is not None:
        body[slot] = (None, Whitespace(body[slot][1].as_string() + kept))
    elif i >= 0 and hasattr(body[i][1], "trivia"):
        body[i][1].trivia.trail += kept


# ----------------------------------------------------------------------------- documents and tables from plain data


def table_in(container: Any, table_path: tuple[int, ...]) -> Any:
    """The table of the section at `table_path` (its index, then the indexes of its sub-sections)."""
    table = container["section"][table_path[0]]
    for index in table_path[1:]:
        table = table["sub"][index]
    return table


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


def update_row(row: Any, new: Mapping[str, Any], keys: Iterable[str]) -> None:
    """A row changed in place, key by key in `keys`: a key `new` lacks deleted, a changed value set."""
    for key in keys:
        if key in new and row.get(key) != new[key]:
            row[key] = toml_items(new[key], key)
        elif key not in new and key in row:
            del row[key]
