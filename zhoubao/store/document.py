"""tomlkit documents of issue files: a new one from plain data, a section's table, a row appended.

Used by the writer (`append`'s slow path) and by the commands that build or change a document
before handing it to `write.edit` or `write.create`; nothing here touches a file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import tomlkit


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
