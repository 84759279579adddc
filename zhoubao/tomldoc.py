"""Edits of a tomlkit document, in one place: new items, appending, moving and deleting a row of an
array of tables (with the comment lines a person wrote above it), reading a row back as plain data.

The editing commands change an issue file through the store as a tomlkit document, so whatever a
person wrote (comments, blank lines, the order of keys) stays. tomlkit is imported when an edit
needs it, never when this module is: adding an entry goes through the store's text fast path
(tomltext.py) and needs no tomlkit at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

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
