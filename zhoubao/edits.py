"""The editing API: each function changes one issue file through the store, and works without the CLI.

Lookups go through the validated `Issue` model; changes go into the tomlkit document at the
path the model reports, so whatever else a person wrote in the file stays as it was.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from zhoubao import store
from zhoubao.errors import ZhoubaoError
from zhoubao.figures import format_figure, parse_figure
from zhoubao.model import Issue
from zhoubao.sections import Checklist, Column, Section, Statistics
from zhoubao.sections.statistics import BASE_KEYS, BASES, TOTAL_NAMES
from zhoubao.validate import check_text, pick

FLAG_KEY_PREFIX = "--"  # a figure keyed "--accepted" goes to the column the kind flags "accepted"


# ----------------------------------------------------------------------------- entries


def add_news(path: Path, section: str, text: str, date: dt.date | None = None) -> int:
    check_text(text, "新闻正文")

    def locate(issue: Issue) -> tuple[tuple[int, ...], str, dict[str, Any]]:
        target = issue.find_section(section, "news")
        row: dict[str, Any] = {"id": issue.next_entry_id()}
        if date is not None:
            row["date"] = date
        row["text"] = text
        return target.path, "entry", row

    return store.append(path, locate)["id"]


def add_visit(path: Path, date: dt.date, unit: str, post: str, name: str, text: str, section: str | None = None) -> int:
    for value, what in ((unit, "单位"), (name, "姓名"), (text, "正文")):
        check_text(value, f"来访的{what}")
    check_text(post, "来访的职务", allow_empty=True)

    def locate(issue: Issue) -> tuple[tuple[int, ...], str, dict[str, Any]]:
        target = _visits_section(issue, section)
        row = {"id": issue.next_entry_id(), "date": date, "unit": unit, "post": post, "name": name, "text": text}
        return target.path, "entry", row

    return store.append(path, locate)["id"]


def _visits_section(issue: Issue, name: str | None) -> Section:
    if name is not None:
        return issue.find_section(name, "visit", "来访栏目")
    visits = issue.sections_holding("visit")
    if len(visits) == 1:
        return visits[0]
    if not visits:
        raise ZhoubaoError("本期没有来访栏目：请检查简报种类，或改用 add-news")
    raise ZhoubaoError(f"本期有多个来访栏目（{'、'.join(s.title for s in visits)}）：请用 --section 指定")


def _entry_table(doc: Any, issue: Issue, entry_id: int) -> tuple[Any, int]:
    section, entry = issue.find_entry(entry_id)
    table = store.table_in(doc, section.path)
    return table, section.entries.index(entry)


def edit_entry(path: Path, entry_id: int, **fields: Any) -> None:
    """Change the given fields (text, date, unit, post, name) of one entry; None leaves a field."""
    fields = {k: v for k, v in fields.items() if v is not None}
    if not fields:
        raise ZhoubaoError("没有要修改的内容：请给出新的正文或 --date/--unit/--post/--name")
    for key, value in fields.items():
        if isinstance(value, str):
            check_text(value, "条目内容", allow_empty=key == "post")

    def change(doc, issue: Issue) -> None:
        _section, entry = issue.find_entry(entry_id)
        allowed = set(entry.fields())
        extra = set(fields) - allowed
        if extra:
            names = {"unit": "单位", "post": "职务", "name": "姓名"}
            extra_names = "、".join(names.get(key, key) for key in sorted(extra))
            raise ZhoubaoError(f"条目 {entry_id} 是新闻，没有{extra_names}：只能修改正文和日期")
        table, index = _entry_table(doc, issue, entry_id)
        for key, value in fields.items():
            table["entry"][index][key] = value

    store.edit(path, change)


def remove_entry(path: Path, entry_id: int) -> None:
    """Remove one entry with the comment lines written above it; the comment above the next entry
    stays with that entry (tomlkit keeps comment lines at the end of the table before them)."""

    def change(doc, issue: Issue) -> None:
        table, index = _entry_table(doc, issue, entry_id)
        rows = table["entry"]
        _hand_on_comments(table, rows, index)
        del rows[index]

    store.edit(path, change)


def _trailing(table: Any) -> int:
    """Where the comment lines and blank lines at the end of a tomlkit table's body begin."""
    body = table.value.body
    end = len(body)
    while end and body[end - 1][0] is None:
        end -= 1
    return end


def _hand_on_comments(section: Any, rows: Any, index: int) -> None:
    """Before entry `index` goes: drop the comment above it, keep the one above the next entry."""
    from tomlkit.items import Comment, Whitespace

    gone = rows[index]
    passed_on = gone.value.body[_trailing(gone) :]  # the blank line and comment above the next entry
    if index > 0:
        before = rows[index - 1].value.body
        del before[_trailing(rows[index - 1]) :]
        before.extend(passed_on)
        return
    # The first entry's own comment stands in the section's body, just before the entries.
    body = section.value.body
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


def move_entry(path: Path, entry_id: int, position: int) -> None:
    """Put an entry at `position` (1-based) within its own section."""

    def change(doc, issue: Issue) -> None:
        table, index = _entry_table(doc, issue, entry_id)
        count = len(table["entry"])
        if not 1 <= position <= count:
            raise ZhoubaoError(f"位置 {position} 超出范围：该栏目共有 {count} 条，请给出 1 到 {count}")
        rows = table["entry"]
        moved = rows[index]
        del rows[index]
        rows.insert(position - 1, moved)

    store.edit(path, change)


def move_entry_to(path: Path, entry_id: int, section: str, position: int | None = None) -> str:
    """Move an entry typed under the wrong section to another section of the same kind (news to
    news, visits to visits), at `position` (1-based; default: last). Its id and text stay."""

    def change(doc, issue: Issue) -> str:
        here, entry = issue.find_entry(entry_id)
        target = issue.find_section(section, here.HOLDS)
        if target.path == here.path:
            raise ZhoubaoError(
                f"条目 #{entry_id} 已在栏目“{target.title}”中：要调整顺序请用 zhoubao move {entry_id} 位置"
            )
        source_table, index = _entry_table(doc, issue, entry_id)
        row = {key: value for key, value in source_table["entry"][index].unwrap().items()}
        _hand_on_comments(source_table, source_table["entry"], index)
        del source_table["entry"][index]
        if not len(source_table["entry"]):
            del source_table["entry"]
        target_table = store.table_in(doc, target.path)
        store.append_row(target_table, "entry", row)
        count = len(target_table["entry"])
        if position is not None:
            if not 1 <= position <= count:
                raise ZhoubaoError(
                    f"位置 {position} 超出范围：栏目“{target.title}”移入后共有 {count} 条，请给出 1 到 {count}"
                )
            rows = target_table["entry"]
            moved = rows[count - 1]
            del rows[count - 1]
            rows.insert(position - 1, moved)
        return target.title

    return store.edit(path, change)


def replace_in_entry(path: Path, entry_id: int, old: str, new: str) -> int:
    """Fix a typo without retyping: replace `old` by `new` in one entry's text; returns how often.

    `old` must occur in the text; every occurrence is replaced (they are told how many).
    """
    if not old:
        raise ZhoubaoError("要替换的文字为空：请写成 --replace 旧 新")
    check_text(new, "替换成的文字", allow_empty=True)

    def change(doc, issue: Issue) -> int:
        _section, entry = issue.find_entry(entry_id)
        count = entry.text.count(old)
        if not count:
            raise ZhoubaoError(f"条目 #{entry_id} 的正文中没有“{old}”：请核对要替换的文字（zhoubao entries 可查看）")
        text = entry.text.replace(old, new)
        check_text(text, "条目正文")
        table, index = _entry_table(doc, issue, entry_id)
        table["entry"][index]["text"] = text
        return count

    return store.edit(path, change)


def set_paragraph(path: Path, section: str, text: str) -> str:
    """Set the text of a free-paragraph section (an editor's note, a closing requirement …)."""
    check_text(text, "段落正文")  # before the lock: bad input never touches the file

    def change(doc, issue: Issue) -> str:
        target = issue.find_section(section, "text", "段落栏目")
        store.table_in(doc, target.path)["text"] = text
        return target.title

    return store.edit(path, change)


# ----------------------------------------------------------------------------- inspection


def _item_table(doc: Any, issue: Issue, item: str) -> tuple[Any, Checklist, Any]:
    """The tomlkit table of the inspection item `item` names, its section and its model."""
    section, found = issue.find_item(item)
    return store.table_in(doc, section.path)["item"][section.items.index(found)], section, found


def inspect(path: Path, item: str, result: str | None = None, *, replace: bool = False) -> str:
    """Set one inspection item's result sentence (default: the kind's 总体情况良好。).

    What was recorded (a typed result, findings) is replaced only with `replace`: a second
    `inspect ITEM` must not wipe the problems found earlier in the week without a word.
    """
    if result is not None:
        check_text(result, "巡查结果")

    def change(doc, issue: Issue) -> str:
        table, section, found = _item_table(doc, issue, item)
        new = result if result is not None else section.default_result
        typed = found.result is not None and found.result not in (new, section.default_result)
        if not replace and (found.findings or typed):
            had = f"{len(found.findings)} 个问题" if found.findings else f"结果“{found.result}”"
            raise ZhoubaoError(
                f"巡查项“{found.name}”已记录{had}：要改写请加 --replace，"
                f"要删去一个问题请用 zhoubao inspect {found.name} --remove-finding 编号"
            )
        table["result"] = new
        if "finding" in table:
            del table["finding"]
        return found.name

    return store.edit(path, change)


def add_findings(path: Path, item: str, findings: list[tuple[str, str]], *, replace: bool = False) -> str:
    """Record problems found at an item, each (text, window), after those already recorded.

    A typed result sentence is replaced only with `replace`; a problem already recorded at the
    same window is refused, not written twice.
    """
    if not findings:
        raise ZhoubaoError("没有给出问题：请用 --finding 写明发现的问题")
    for text, window in findings:
        check_text(text, "巡查发现的问题")
        check_text(window, "窗口名称", allow_empty=True)
    if len(set(findings)) != len(findings):
        raise ZhoubaoError("同一个问题写了两遍：请删去重复的 --finding")

    def change(doc, issue: Issue) -> str:
        table, section, found = _item_table(doc, issue, item)
        if found.result is not None and found.result != section.default_result and not replace:
            raise ZhoubaoError(f"巡查项“{found.name}”已填写结果“{found.result}”：要改为记录问题请加 --replace")
        if replace and "finding" in table:
            del table["finding"]
        recorded = set() if replace else {(f.text.strip(), f.window.strip()) for f in found.findings}
        for text, window in findings:
            if (text.strip(), window.strip()) in recorded:
                raise ZhoubaoError(
                    f"巡查项“{found.name}”已记录过这个问题（{window + '：' if window else ''}{text}）：未重复记录"
                )
        if "result" in table:
            del table["result"]
        for text, window in findings:
            store.append_row(table, "finding", {"window": window, "text": text} if window else {"text": text})
        return found.name

    return store.edit(path, change)


def remove_finding(path: Path, item: str, number: int) -> tuple[str, str]:
    """Delete the `number`-th (1-based) problem recorded at an item; returns (item, the problem)."""

    def change(doc, issue: Issue) -> tuple[str, str]:
        table, _section, found = _item_table(doc, issue, item)
        if not found.findings:
            raise ZhoubaoError(f"巡查项“{found.name}”没有记录问题：无可删除")
        if not 1 <= number <= len(found.findings):
            raise ZhoubaoError(
                f"巡查项“{found.name}”共有 {len(found.findings)} 个问题：请给出 1 到 {len(found.findings)}"
            )
        gone = found.findings[number - 1]
        del table["finding"][number - 1]
        if not len(table["finding"]):
            del table["finding"]
        return found.name, f"{gone.window + '：' if gone.window else ''}{gone.text}"

    return store.edit(path, change)


def all_good(path: Path) -> list[str]:
    """Fill every inspection item not yet set with its section's default result."""

    def change(doc, issue: Issue) -> list[str]:
        filled = []
        for section in issue.all_sections():
            if not isinstance(section, Checklist):
                continue
            for index, it in enumerate(section.items):
                if not it.is_set:
                    store.table_in(doc, section.path)["item"][index]["result"] = section.default_result
                    filled.append(it.name)
        return filled

    return store.edit(path, change)


# ----------------------------------------------------------------------------- statistics


def _column(section: Statistics, name: str) -> Column:
    """A column by name or unique part, or by the flag the CLI's --accepted/--completed name."""
    if name.startswith(FLAG_KEY_PREFIX):
        flag = name[len(FLAG_KEY_PREFIX) :]
        for column in section.columns:
            if column.options.get("flag") == flag:
                return column
        raise ZhoubaoError(
            f"栏目“{section.title}”没有与 {name} 对应的列：请用 --value 列名=数字（可用列 "
            f"{'、'.join(c.name for c in section.columns)}）"
        )
    return pick(section.columns, name, lambda c: c.name, "统计列")


def set_stats(
    path: Path, category: str, values: dict[str, str], as_of: dt.date | None = None, since: dt.date | None = None
) -> str:
    """Set figures of one category. `values` maps a column name (or a unique part) to its text;
    `上期受理` / `去年同期受理` set the figure 环比 / 同比 compares with where no issue file has it."""
    return set_stats_many(path, {category: values}, as_of=as_of, since=since)[0]


def set_stats_many(
    path: Path, rows: dict[str, dict[str, str]], as_of: dt.date | None = None, since: dt.date | None = None
) -> list[str]:
    """Set figures of several categories at once; the categories' full names."""
    return list(fill_stats(path, rows, as_of=as_of, since=since))


def fill_stats(
    path: Path,
    rows: dict[str, dict[str, str]],
    as_of: dt.date | None = None,
    since: dt.date | None = None,
    section: str | None = None,
) -> dict[str, list[tuple[str, str]]]:
    """Set figures of several categories (of the statistics section named, when one is); for each
    category set, by its full name, every figure it now holds as (column, printed figure), in the
    kind's column order."""
    if not rows:
        raise ZhoubaoError("没有要设置的统计数据：请给出类别和数字")

    import tomlkit

    def change(doc, issue: Issue) -> dict[str, list[tuple[str, str]]]:
        done = {}
        for category, texts in rows.items():
            statistics, found = issue.find_category(category, section)
            if not texts:
                raise ZhoubaoError(f"类别“{found.name}”没有给出数字：请用 --accepted/--completed 或 --value 列名=数字")
            table = store.table_in(doc, statistics.path)
            cat_table = table["category"][statistics.categories.index(found)]
            given: dict[tuple[str, str], str] = {}
            for column_name, text in texts.items():
                key, column = _figure_key(statistics, column_name)
                _once(given, (key, column.name), column_name, f"{found.name}的{_BASE_WORDS.get(key, '')}{column.name}")
                if key not in cat_table:
                    cat_table[key] = tomlkit.inline_table()
                what = f"{found.name}的{_BASE_WORDS.get(key, '')}{column.name}"
                cat_table[key][column.name] = parse_figure(text, what, column.decimals)
            end = as_of or statistics.as_of or issue.period_end
            start = since or statistics.since or statistics.default_since(issue.period_start, end)
            if end < start:
                raise ZhoubaoError(f"统计截止日期 {end} 早于起始日期 {start}：请改正 --as-of/--since")
            table["since"], table["as_of"] = start, end
            done[found.name] = [
                (f"{_BASE_WORDS.get(key, '')}{c.name}", format_figure(cat_table[key][c.name], c.decimals))
                for key in ("values", *BASE_KEYS.values())
                if key in cat_table
                for c in statistics.columns
                if c.name in cat_table[key]
            ]
        return done

    return store.edit(path, change)


def _once(given: dict[tuple[str, str], str], target: tuple[str, str], typed: str, what: str) -> None:
    """Refuse two headers (or --value names) that fill one figure: `项目` and `项目数` both mean
    项目数, and the last one would win without a word."""
    if target in given:
        raise ZhoubaoError(f"“{given[target]}”和“{typed}”都是{what}：一个数字只能给一次，请删去其中一列")
    given[target] = typed


# The file's key of a typed base → the prefix a clerk writes before the column (`上期受理`).
_BASE_WORDS = {BASE_KEYS[comparison]: prefix for prefix, comparison in BASES.items()}


def _figure_key(section: Statistics, name: str) -> tuple[str, Column]:
    """Where a typed figure goes: ("values", column), or a base's key and column for `上期受理` /
    `去年同期受理` (a column's own name wins when a column is really called so)."""
    for prefix, comparison in BASES.items():
        rest = name[len(prefix) :]
        if name.startswith(prefix) and rest and not any(c.name == name for c in section.columns):
            return BASE_KEYS[comparison], _column(section, rest)
    return "values", _column(section, name)


# A per-unit table lists units (a province's 183 counties, a hall's windows); one of 100,000 rows
# is an item-level export by mistake, and would take minutes to store.
MAX_TABLE_ROWS = 10_000


def fill_rows(path: Path, rows: dict[str, dict[str, str]], section: str | None = None) -> tuple[str, int]:
    """Replace a statistics section's per-unit table (单位 × columns, the platform's export) that
    rankings and lists are drawn from; the section's title and how many rows it now has."""
    if not rows:
        raise ZhoubaoError("明细表没有数据行：请检查 CSV 文件")
    if len(rows) > MAX_TABLE_ROWS:
        raise ZhoubaoError(
            f"明细表有 {len(rows)} 行，超过 {MAX_TABLE_ROWS} 行的上限：请用按单位（市州、区县、窗口）汇总后的表"
        )
    summed = next((name for name in rows if "".join(name.split()) in TOTAL_NAMES), None)
    if summed is not None:
        raise ZhoubaoError(
            f"明细表中有“{summed}”行：它会被当作一个单位排名和计入占比；合计由程序算出，请删去这一行后重试"
        )

    import tomlkit

    def change(doc, issue: Issue) -> tuple[str, int]:
        statistics = issue.find_statistics(section)
        table = store.table_in(doc, statistics.path)
        out = tomlkit.aot()
        for name, texts in rows.items():
            values = tomlkit.inline_table()
            given: dict[tuple[str, str], str] = {}
            for column_name, text in texts.items():
                column = _column(statistics, column_name)
                _once(given, ("values", column.name), column_name, f"{name}的{column.name}")
                values[column.name] = parse_figure(text, f"{name}的{column.name}", column.decimals)
            row = tomlkit.table()
            row["name"], row["values"] = name, values
            out.append(row)
        table["row"] = out
        return statistics.title, len(rows)

    return store.edit(path, change)


def set_labels(path: Path, category: str, wording: dict[str, str], section: str | None = None) -> tuple[str, str]:
    """A category's own word for columns (`办结` → `累计办结`); an empty word goes back to the column's
    name. Returns the category's name and what it now says."""
    import tomlkit

    for word in wording.values():
        check_text(word, "措辞", allow_empty=True)

    def change(doc, issue: Issue) -> tuple[str, str]:
        statistics, found = issue.find_category(category, section)
        cat_table = store.table_in(doc, statistics.path)["category"][statistics.categories.index(found)]
        labels = dict(found.labels)
        for name, word in wording.items():
            column = _column(statistics, name).name
            if word and word != column:
                labels[column] = word
            else:
                labels.pop(column, None)
        if labels:
            table = tomlkit.inline_table()
            table.update(labels)
            cat_table["labels"] = table
        elif "labels" in cat_table:
            del cat_table["labels"]
        said = "，".join(f"{c.name}→{labels.get(c.name, c.name)}" for c in statistics.columns)
        return found.name, said

    return store.edit(path, change)


def read_stats_csv(csv_path: Path, first: str | None = "类别") -> dict[str, dict[str, str]]:
    """A table headed 类别 (or, for a per-unit table, any name: 单位, 窗口, 地区; `first` None) and
    the column names, as Excel saves it: GBK (its plain "CSV" on a Chinese Windows) or UTF-8 with or
    without a BOM, CRLF or LF. A row with fewer cells than the header is refused (it would keep last
    week's figures in the missing columns without a word); an empty cell keeps the figure there; a
    name given twice is refused (which figures would count?)."""
    import csv
    import io

    from zhoubao.textfiles import read_text

    text = read_text(csv_path, "CSV 文件", "在 Excel 中另存为“CSV UTF-8”后重试")
    reader = csv.reader(io.StringIO(text))  # line numbers as the file has them, blank lines counted
    try:
        table = [(reader.line_num, row) for row in reader if any(cell.strip() for cell in row)]
    except csv.Error:  # a cell over csv's 131,072 characters: no figure or name is that long
        raise ZhoubaoError(
            f"CSV 文件 {csv_path} 第 {reader.line_num} 行有一格过长，读不出来：请检查是否选错文件，"
            "或某格中有没配对的引号"
        ) from None
    if not table:
        raise ZhoubaoError(f"CSV 文件 {csv_path} 是空的：第一行应为表头：类别,列名1,列名2…")
    header = [h.strip() for h in table[0][1]]
    if first is not None and (not header or header[0] != first):
        raise ZhoubaoError(f"CSV 文件 {csv_path} 的第一列表头应为“{first}”：如 {first},列名1,列名2…")
    if not header or not header[0]:
        raise ZhoubaoError(f"CSV 文件 {csv_path} 的第一列表头为空：应为单位名称的表头，如 单位,列名1,列名2…")
    twice = next((h for i, h in enumerate(header) if h and h in header[:i]), None)
    if twice is not None:
        raise ZhoubaoError(f"CSV 文件 {csv_path} 的表头中“{twice}”出现两次：请删去重复的一列")
    what = header[0]
    rows: dict[str, dict[str, str]] = {}
    for line_no, row in table[1:]:
        name = row[0].strip() if row else ""
        if not name:
            raise ZhoubaoError(f"CSV 文件第 {line_no} 行缺少{what}：请补上{what}名称")
        if name in rows:
            raise ZhoubaoError(f"CSV 文件第 {line_no} 行的{what}“{name}”与前面的行重复：请删去一行")
        if len(row) > len(header):
            raise ZhoubaoError(f"CSV 文件第 {line_no} 行多出 {len(row) - len(header)} 列：请与表头对齐")
        missing = "、".join(h for h in header[len(row) :] if h)
        if missing:
            raise ZhoubaoError(
                f"CSV 文件 {csv_path} 第 {line_no} 行（{name}）缺少 {missing} 列：请补上数字；"
                "不改的数字可留空，但逗号要写全"
            )
        rows[name] = {header[i]: cell for i, cell in enumerate(row[1:], 1) if cell.strip()}
    return rows


# ----------------------------------------------------------------------------- header fields

HEADER_FIELDS = {
    "date": "印发日期",
    "number": "期号",
    "total": "总期号",
    "year": "年份",
    "name": "简报名称",
    "unit": "编发单位",
    "mark": "版头标记",
    "period": "本期期间",
    "copies": "印数",
}
# The Chinese names a clerk types: `zhoubao set 印数 80`.
FIELD_NAMES = {label: field for field, label in HEADER_FIELDS.items()} | {"期间": "period", "日期": "date"}


def field_key(name: str) -> str:
    """A header field by its key (`copies`) or its Chinese name (`印数`); other names pass through."""
    return FIELD_NAMES.get(name.strip(), name.strip())


def set_field(path: Path, field: str, value: Any) -> str:
    """Change a header field (date, number, total, year, period, name, unit, mark, copies) or the
    text of a distribution line by its label (报, 送, 发 …). Values arrive already parsed."""

    import tomlkit

    def change(doc, issue: Issue) -> str:
        if field == "period":
            start, end = value
            doc["issue"]["period_start"], doc["issue"]["period_end"] = start, end
        elif field == "copies":
            doc.setdefault("distribution", tomlkit.table())["copies"] = value
        elif field in HEADER_FIELDS:
            doc["issue"][field] = value
        else:
            labels = [line.label for line in issue.distribution]
            if field not in labels:
                fields = "、".join(list(HEADER_FIELDS.values()) + labels)
                raise ZhoubaoError(f"没有字段“{field}”：可设置的有 {fields}")
            check_text(value, f"分送“{field}”")
            doc["distribution"]["line"][labels.index(field)]["text"] = value
        return HEADER_FIELDS.get(field, f"分送“{field}”")

    return store.edit(path, change)


# ----------------------------------------------------------------------------- a new issue

NEW_FILE_NOTE = "zhoubao 期刊文件：可直接编辑，注释和排版在用命令修改时会保留。"


def next_supplement_number(folder: Path, year: int) -> int:
    """One more than the highest supplement of `year` among the issue files in `folder`."""
    numbers = [head.number for _path, head in store.issues_in(folder) if head.supplement and head.year == year]
    return max(numbers, default=0) + 1


def new_issue(
    path: Path,
    kind: str,
    *,
    number: int,
    total: int,
    date: dt.date,
    period: tuple[dt.date, dt.date] | None = None,
    year: int | None = None,
    previous: str = "",
    supplement: bool = False,
    force: bool = False,
) -> Issue:
    """Write a self-contained issue file: the kind's structure, defaults and templates copied in.

    Without a period, the kind's cadence gives one: the week of the issue's date (weekly), the
    last whole month (monthly) or quarter (quarterly) before it.
    """
    from zhoubao import cadence, kinds

    ref = kinds.find_kind(kind, path.parent)
    kind_data = kinds.load_kind(ref.path)
    every = cadence.check_cadence(kind_data.get("cadence", cadence.WEEKLY), f"种类“{ref.name}”的 kind.toml 中")
    if period is None:
        period = cadence.last_complete(every, date)
    header: dict[str, Any] = {
        "year": year if year is not None else period[0].year,
        "number": number,
        "total": total,
        "date": date,
        "period_start": period[0],
        "period_end": period[1],
    }
    if previous:
        header["previous"] = previous
    if supplement:
        header["supplement"] = True
    data = kinds.issue_data(kind_data, ref.name, header)
    issue = Issue.from_dict(data)
    store.create(path, store.new_document(data, [f"{issue.name} {issue.full_label}", NEW_FILE_NOTE]), force=force)
    return issue
