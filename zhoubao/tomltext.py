"""Appending one table to an issue file as text: the store's fast path for adding entries.

Adding a news item or a visit only appends a `[[…entry]]` table to one section. Writing that
table's lines into the file text keeps every other byte as the person left it, and needs neither
tomlkit's import nor its parse, which dominate an edit's run time. The store re-parses the
result with tomllib and compares it with the intended data; when this module cannot find a
safe place (or the check fails) the store falls back to tomlkit.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from typing import Any

MAX_DEPTH = 16  # tables and arrays inside each other; an issue file or a kind needs about 5


class TooDeep(tomllib.TOMLDecodeError):
    """Tables or arrays nested deeper than any file of ours: refused before anything recurses on them."""


def loads(text: str) -> dict[str, Any]:
    """The one TOML reading function: tomllib's, with nesting held to MAX_DEPTH.

    tomllib recurses on nested inline tables and arrays; 5,000 of them raise RecursionError,
    and a few hundred would make every later walk over the data recurse as deep. Both are a
    TOMLDecodeError here (`TooDeep`), which every caller already words for the clerk."""
    try:
        data = tomllib.loads(text)
    except RecursionError:
        raise TooDeep(f"嵌套过深：表格和数组最多套 {MAX_DEPTH} 层") from None
    if _depth(data) > MAX_DEPTH:
        raise TooDeep(f"嵌套过深：表格和数组最多套 {MAX_DEPTH} 层")
    return data


def _depth(data: Any) -> int:
    """How deep tables and arrays are nested, measured without recursion."""
    deepest = 0
    stack = [(data, 1)]
    while stack:
        node, level = stack.pop()
        children = node.values() if isinstance(node, dict) else node
        deepest = max(deepest, level)
        if level > MAX_DEPTH:
            break
        stack.extend((child, level + 1) for child in children if isinstance(child, dict | list))
    return deepest


_HEADER = re.compile(r"^[ \t]*(\[\[?)[ \t]*([A-Za-z0-9_.\- \t]+?)[ \t]*(\]\]?)[ \t]*(#.*)?$")
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def dump_value(value: Any) -> str:
    """A TOML literal for the simple values entries hold: str, int, float, bool, date."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, str):
        out = []
        for ch in value:
            if ch in _ESCAPES:
                out.append(_ESCAPES[ch])
            elif ord(ch) < 0x20 or ord(ch) == 0x7F:
                out.append(f"\\u{ord(ch):04X}")
            else:
                out.append(ch)
        return '"' + "".join(out) + '"'
    raise TypeError(f"no TOML literal for {type(value).__name__}")


def _headers(lines: list[str]) -> list[tuple[int, str]] | None:
    """(line index, dotted key) of every table header; None if the file is beyond this scanner."""
    found = []
    in_multiline: str | None = None
    for index, line in enumerate(lines):
        if in_multiline:
            if line.count(in_multiline) % 2 == 1:
                in_multiline = None
            continue
        for quote in ('"""', "'''"):
            if line.count(quote) % 2 == 1:
                in_multiline = quote
        if in_multiline or not line.lstrip().startswith("["):
            continue
        match = _HEADER.match(line)
        if not match:
            return None  # quoted keys or something unusual: let tomlkit handle it
        key = ".".join(part.strip() for part in match.group(2).split("."))
        found.append((index, key))
    return found


def append_table(text: str, table_path: tuple[int, ...], key: str, row: dict[str, Any]) -> str | None:
    """Append `[[<table>.key]]` with `row` to the section at `table_path` ((section,) or (section, sub)).

    Returns the new text, or None when the place cannot be found with certainty.
    """
    lines = text.splitlines(keepends=True)
    headers = _headers(lines)
    if headers is None:
        return None
    names = ["section", "section.sub"][: len(table_path)]
    if len(names) != len(table_path):
        return None
    # Walk the headers counting [[section]] and [[section.sub]] to find the target's header.
    counts = [-1] * len(names)
    start = None
    for position, (_line, header) in enumerate(headers):
        if header in names:
            level = names.index(header)
            counts[level] += 1
            for deeper in range(level + 1, len(counts)):
                counts[deeper] = -1
            if counts == list(table_path):
                start = position
                break
    if start is None:
        return None
    prefix = names[-1] + "."
    end_line = len(lines)
    for line_index, header in headers[start + 1 :]:
        if not header.startswith(prefix):
            end_line = line_index
            break
    # Insert after the subtree's last content line, before comments that introduce the next table.
    insert_at = end_line
    while insert_at > 0 and (not lines[insert_at - 1].strip() or lines[insert_at - 1].lstrip().startswith("#")):
        insert_at -= 1
    if insert_at <= headers[start][0]:
        insert_at = headers[start][0] + 1
    head = lines[:insert_at]
    if head and not head[-1].endswith("\n"):
        head[-1] += "\n"
    block = [f"\n[[{names[-1]}.{key}]]\n", *(f"{k} = {dump_value(v)}\n" for k, v in row.items())]
    return "".join(head + block + lines[insert_at:])
