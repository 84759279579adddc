"""The statistics: figures of a category, the per-unit table, a category's wording, CSV tables."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from zhoubao import store, tomldoc
from zhoubao.edits.typed import typed_pair
from zhoubao.errors import ZhoubaoError
from zhoubao.figures import format_figure, parse_figure
from zhoubao.model import Issue
from zhoubao.sections import Column, Statistics
from zhoubao.sections.statistics import BASE_KEYS, BASES
from zhoubao.validate import check_text, pick

if TYPE_CHECKING:
    from zhoubao.tables import Table

FLAG_KEY_PREFIX = "--"  # a figure keyed "--accepted" goes to the column the kind flags "accepted"


def typed_figures(accepted: str | None, completed: str | None, pairs: Iterable[str]) -> dict[str, str]:
    """One category's figures as typed: --accepted and --completed for the columns the kind flags so,
    each `--value 列名=数字` for its column (or a base: `上期受理=…`). A column given twice is refused:
    the last one would win without a word."""
    figures: dict[str, str] = {}
    for flag, text in (("accepted", accepted), ("completed", completed)):
        if text is not None:
            figures[FLAG_KEY_PREFIX + flag] = text
    for pair in pairs:
        column, text = typed_pair(pair, "--value", "列名=数字，如 金额=3.45")
        if column in figures:
            raise ZhoubaoError(f"--value 给了两次“{column}”：一个数字只能给一次，请删去其中一个")
        figures[column] = text
    return figures


def typed_wording(pairs: Iterable[str]) -> dict[str, str]:
    """A category's wording as typed, `--label 办结=累计办结` each: column → word (empty: the default)."""
    wording = {}
    for pair in pairs:
        column, word = typed_pair(pair, "--label", "列名=措辞，如 办结=累计办结")
        wording[column] = word.strip()
    return wording


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
    table: Table | None = None,
) -> dict[str, list[tuple[str, str]]]:
    """Set figures of several categories (of the statistics section named, when one is); for each
    category set, by its full name, every figure it now holds as (column, printed figure), in the
    kind's column order. `table`: the file `rows` were read from, whose total rows (合计) are checked
    against the sum of its rows, or fill the category the kind marks `total = true` of that name."""
    if not rows:
        raise ZhoubaoError("没有要设置的统计数据：请给出类别和数字")

    source = table

    def change(doc, issue: Issue) -> dict[str, list[tuple[str, str]]]:
        done = {}
        filled = dict(rows)
        if source is not None:
            filled |= _settle_totals(source, issue, section)
        for category, texts in filled.items():
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
                    cat_table[key] = tomldoc.inline_table()
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


def fill_rows(
    path: Path, rows: dict[str, dict[str, str]], section: str | None = None, table: Table | None = None
) -> tuple[str, int, bool]:
    """Replace a statistics section's per-unit table (单位 × columns, the platform's export) that
    rankings and lists are drawn from; the section's title, how many rows it now has, and whether
    its sentence template reads them at all. `table`: the file `rows` were read from, whose total
    rows (合计, 小计) are checked, never stored."""
    if not rows:
        raise ZhoubaoError("明细表没有数据行：请检查表格文件")
    if len(rows) > MAX_TABLE_ROWS:
        raise ZhoubaoError(
            f"明细表有 {len(rows)} 行，超过 {MAX_TABLE_ROWS} 行的上限：请用按单位（市州、区县、窗口）汇总后的表"
        )
    from zhoubao.tables import total_word  # the table reader is imported by what reads tables only

    summed = next((name for name in rows if total_word(name)), None)
    if summed is not None:
        raise ZhoubaoError(
            f"明细表中有“{summed}”行：它会被当作一个单位排名和计入占比；合计由程序算出，请删去这一行后重试"
        )

    def change(doc, issue: Issue) -> tuple[str, int, bool]:
        from zhoubao.templating import names_used

        statistics = issue.find_statistics(section)
        if table is not None:
            table.check_totals(_adds_up(statistics))
        section_table = store.table_in(doc, statistics.path)
        out = tomldoc.array_of_tables()
        for name, texts in rows.items():
            values = tomldoc.inline_table()
            given: dict[tuple[str, str], str] = {}
            for column_name, text in texts.items():
                column = _column(statistics, column_name)
                _once(given, ("values", column.name), column_name, f"{name}的{column.name}")
                values[column.name] = parse_figure(text, f"{name}的{column.name}", column.decimals)
            row = tomldoc.table()
            row["name"], row["values"] = name, values
            out.append(row)
        section_table["row"] = out
        return statistics.title, len(rows), "rows" in names_used(statistics.template, f"栏目“{statistics.title}”")

    return store.edit(path, change)


def set_labels(path: Path, category: str, wording: dict[str, str], section: str | None = None) -> tuple[str, str]:
    """A category's own word for columns (`办结` → `累计办结`); an empty word goes back to the column's
    name. Returns the category's name and what it now says."""
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
            cat_table["labels"] = tomldoc.inline_table(labels)
        elif "labels" in cat_table:
            del cat_table["labels"]
        said = "，".join(f"{c.name}→{labels.get(c.name, c.name)}" for c in statistics.columns)
        return found.name, said

    return store.edit(path, change)


def read_stats_table(file: Path, first: str | None = "类别", sheet: str | None = None) -> Table:
    """The table in `file` as the platform exports it: .xlsx, .xls, or CSV/TSV/semicolon text in
    UTF-8 (± BOM), GBK or UTF-16 (zhoubao.tables). Headed 类别 (or, for a per-unit table, any name:
    单位, 窗口, 地区; `first` None); title rows, notes, units in headers and 合计 rows as tables says."""
    from zhoubao.tables import read_table

    return read_table(file, first=first, sheet=sheet)


def read_stats_csv(csv_path: Path, first: str | None = "类别", sheet: str | None = None) -> dict[str, dict[str, str]]:
    """The rows of `read_stats_table` by name (the API's older form): its total rows checked against
    the sum of the rows by the columns' names alone (rates and shares are not summed)."""
    table = read_stats_table(csv_path, first, sheet)
    table.check_totals()
    return table.as_dict()


def _adds_up(statistics: Statistics) -> Callable[[str], bool]:
    """Whether a header's column adds up to its total: not a percentage column of the kind
    (`points`), not a rate or share by its name."""
    from zhoubao.tables import adds_up

    def summed(header: str) -> bool:
        try:
            _key, column = _figure_key(statistics, header)
        except ZhoubaoError:
            return adds_up(header)  # fill_stats names the unknown column
        return not column.options.get("points") and adds_up(header)

    return summed


def _settle_totals(table: Table, issue: Issue, section: str | None) -> dict[str, dict[str, str]]:
    """A table's total rows: one the kind names as its total category (`total = true`, e.g. 全省)
    is filled like any category; every other is checked against the sum of the rows and left out."""
    fill: dict[str, dict[str, str]] = {}
    checked = []
    for row in table.totals:
        try:
            _statistics, found = issue.find_category(row.name, section)
        except ZhoubaoError:
            found = None
        if found is not None and found.is_total:
            fill[row.name] = dict(row.cells)
        else:
            checked.append(row)
    if checked:
        first = next(iter(table.as_dict()), None)
        statistics = issue.find_category(first, section)[0] if first else issue.find_statistics(section)
        dataclasses.replace(table, totals=checked).check_totals(_adds_up(statistics))
    return fill
