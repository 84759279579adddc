"""What changed between two versions of an issue file, in a few Chinese words for `history` and `undo`.

Works on the plain data (tomllib's dicts) of both versions, whatever the sections are: an entry is
named by its number (#6), any other row by its name or title, the head's fields by their Chinese
names; a changed text is shown by the part that changed (“…旧…”→“…新…”). Pure: no I/O.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

# The words of the file's keys as a clerk knows them (the model's names, for display only).
WORDS = {
    "date": "日期",
    "number": "期号",
    "total": "总期号",
    "year": "年份",
    "name": "名称",
    "unit": "单位",
    "mark": "版头标记",
    "period_start": "期间起",
    "period_end": "期间止",
    "copies": "印数",
    "text": "正文",
    "post": "职务",
    "result": "结果",
    "title": "标题",
    "values": "",
    "labels": "措辞",
    "since": "起始日",
    "as_of": "截止日",
    "last": "上期",
    "last_year": "去年同期",
    "finding": "巡查发现",
    "row": "明细表",
    "window": "窗口",
    "source": "来源",
    "previous": "上一期文件",
    "kind": "种类",
    "supplement": "增刊",
    "cadence": "周期",
    "intro": "导语",
    "subtitle": "副标题",
    "label": "",
    # tables that only hold rows: their rows are named instead
    "issue": "",
    "section": "",
    "sub": "",
    "distribution": "",
    "line": "分送",
    "category": "",
    "item": "",
    "entry": "",
}
HEAD_WORDS = WORDS | {"date": "印发日期", "name": "简报名称", "unit": "编发单位"}
SHOWN = 3  # changes named in a summary; the rest are counted
CUT = 14  # characters of a text shown on each side of a change
CONTEXT = 4  # characters shown around the part of a text that changed


def describe(before: dict[str, Any] | None, after: dict[str, Any]) -> str:
    """One line: what `after` changed against `before` (None: a new file)."""
    if before is None:
        head = after.get("issue", {})
        return f"新建 {head.get('year', '')}年第{head.get('number', '')}期"
    changes = _entry_changes(before, after)
    _walk(_without_entries(before), _without_entries(after), "", changes)
    if not changes:
        return "内容未变（只改了排版或注释）"
    shown = "；".join(changes[:SHOWN])
    return shown + (f"；等 {len(changes)} 处" if len(changes) > SHOWN else "")


def _entries(data: dict[str, Any]) -> dict[int, tuple[str, int, dict[str, Any]]]:
    """Every numbered row (an entry: it has an integer `id`) → (its section's title, position, row)."""
    found: dict[int, tuple[str, int, dict[str, Any]]] = {}

    def visit(table: Any, title: str) -> None:
        if isinstance(table, dict):
            title = str(table.get("title", title))
            for value in table.values():
                visit(value, title)
        elif isinstance(table, list):
            for position, row in enumerate(table):
                if isinstance(row, dict) and isinstance(row.get("id"), int) and not isinstance(row["id"], bool):
                    found[row["id"]] = (title, position, row)
                else:
                    visit(row, title)

    visit(data.get("section", []), "")
    return found


def _without_entries(data: Any) -> Any:
    if isinstance(data, dict):
        return {key: _without_entries(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_without_entries(row) for row in data if not (isinstance(row, dict) and "id" in row)]
    return data


def _entry_changes(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    old, new = _entries(before), _entries(after)
    changes = []
    for number in sorted(old.keys() | new.keys()):
        if number not in old:
            changes.append(f"#{number} 新增“{_cut(_gist(new[number][2]))}”")
        elif number not in new:
            changes.append(f"#{number} 删除“{_cut(_gist(old[number][2]))}”")
        else:
            (old_title, _old_at, old_row), (new_title, _new_at, new_row) = old[number], new[number]
            if old_title != new_title:
                changes.append(f"#{number} 移到“{new_title}”")
            _walk(old_row, new_row, f"#{number} ", changes)
    return changes + _reordered(old, new)


def _reordered(old: dict[int, tuple[str, int, Any]], new: dict[int, tuple[str, int, Any]]) -> list[str]:
    """Entries that changed place among the entries of their section that both versions hold (an
    entry added or removed before them moves nobody): one moved entry is named, more are counted."""
    changes = []
    for title in dict.fromkeys(where for where, _at, _row in new.values()):
        both = [n for n in old if old[n][0] == title and n in new and new[n][0] == title]
        before = sorted(both, key=lambda n: old[n][1])
        after = sorted(both, key=lambda n: new[n][1])
        if before == after:
            continue
        moved = [n for n in both if [m for m in before if m != n] == [m for m in after if m != n]]
        if moved:
            n = max(moved, key=lambda m: abs(after.index(m) - before.index(m)))  # the one that went furthest
            changes.append(f"#{n} 移到“{title}”第 {new[n][1] + 1} 位")
        else:
            changes.append(f"“{title}”调整了条目顺序")
    return changes


def _gist(row: dict[str, Any]) -> str:
    """The words that say which row this is: its text, else its name."""
    for key in ("text", "result", "name", "title"):
        if isinstance(row.get(key), str) and row[key]:
            return row[key]
    return ""


def _row_name(row: Any, index: int) -> str:
    if isinstance(row, dict):
        for key in ("name", "title", "label"):
            if isinstance(row.get(key), str) and row[key]:
                return f"“{row[key]}”"
    return f"第 {index + 1} 项"


def _walk(old: Any, new: Any, where: str, changes: list[str]) -> None:
    if old == new or (old in (None, [], {}) and new in (None, [], {})):  # absent and empty say the same
        return
    if isinstance(old, dict) and isinstance(new, dict):
        words = HEAD_WORDS if where == "" else WORDS
        for key in list(old) + [key for key in new if key not in old]:
            _walk(old.get(key), new.get(key), where + words.get(key, _word(key)), changes)
        return
    if isinstance(old, list) and isinstance(new, list) and all(isinstance(row, dict) for row in old + new):
        old_named = {_row_name(row, i): row for i, row in enumerate(old)}
        new_named = {_row_name(row, i): row for i, row in enumerate(new)}
        for name in list(old_named) + [name for name in new_named if name not in old_named]:
            if name not in new_named:
                changes.append(f"{where}删除{name}")
            elif name not in old_named:
                changes.append(f"{where}新增{name}")
            else:
                # a row is named by itself (the innermost name says enough); an entry's number stays
                _walk(old_named[name], new_named[name], f"{where}{name}" if where.startswith("#") else name, changes)
        return
    changes.append(f"{where}：{_change(old, new)}" if where else _change(old, new))


def _word(key: str) -> str:
    """A key without a Chinese word: a name a person wrote (a column, 受理) is shown as written; a
    key of the file's own (ASCII) never reaches the clerk in English."""
    return "" if key.isascii() else key


def _change(old: Any, new: Any) -> str:
    if old is None:
        return f"填写{_spaced(new)}"
    if new is None:
        return f"删去{_spaced(old)}"
    if isinstance(old, str) and isinstance(new, str):
        start = 0
        while start < min(len(old), len(new)) and old[start] == new[start]:
            start += 1
        end = 0
        while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
            end += 1
        start, end = (start if start > 1 else 0), (end if end > 1 else 0)  # one common character says nothing
        # the changed part with a few characters of what stayed on either side
        before_it = old[max(0, start - CONTEXT) : start]
        after_it = old[len(old) - end : len(old) - end + CONTEXT] if end else ""
        left = "…" if start > CONTEXT else ""
        right = "…" if end > CONTEXT else ""
        old_mid, new_mid = old[start : len(old) - end], new[start : len(new) - end]
        return (
            f"“{left}{before_it}{_cut(old_mid)}{after_it}{right}”→“{left}{before_it}{_cut(new_mid)}{after_it}{right}”"
        )
    return f"{_shown(old)}→{_shown(new)}"


def _spaced(value: Any) -> str:
    return _shown(value) if isinstance(value, str) else f" {_shown(value)}"


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return f"“{_cut(value)}”"
    if isinstance(value, (dt.date, int, float)):
        return str(value)
    if isinstance(value, dict):
        return "，".join(f"{key} {_shown(item)}" for key, item in value.items())
    if isinstance(value, list):
        return f"{len(value)} 项"
    return str(value)


def _cut(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 2 * CUT else f"{text[:CUT]}…{text[-CUT // 2 :]}"
