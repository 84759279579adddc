"""The statistics: stats."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from zhoubao.cli._click import argument, command, option
from zhoubao.cli._common import (
    PATH,
    changed,
    choose_issue,
    complete_categories,
    file_option,
    history_notes,
    tell,
    unchanged,
)
from zhoubao.errors import ZhoubaoError

if TYPE_CHECKING:
    from zhoubao.tables import Table


@command("stats")
@argument("category", required=False, metavar="类别", shell_complete=complete_categories)
@option("--accepted", metavar="数字", help='受理数（种类中 flag = "accepted" 的列）。')
@option("--completed", metavar="数字", help='办结数（种类中 flag = "completed" 的列）。')
@option("--value", "values", multiple=True, metavar="列名=数字", help="任一统计列，列名可写独有的一部分（可重复）。")
@option("--as-of", "as_of", metavar="日期", help="统计截止日期；默认本期截止日期。")
@option(
    "--since",
    metavar="日期",
    help='统计起始日期；默认截止日期当年的1月1日（种类写 count_from = "period" 的只计本期，默认本期起始日）。',
)
@option(
    "--csv",
    "csv_path",
    type=PATH,
    metavar="表格文件",
    help="从表格一次设置多个类别：表头为 类别 和各列名；平台导出的 .xlsx、.xls、CSV/TSV 原样可用。",
)
@option(
    "--table",
    "table_path",
    type=PATH,
    metavar="表格文件",
    help="从平台导出的明细表（单位,列名1,列名2…；.xlsx、.xls 或 CSV）设置排名用的明细，整表替换。",
)
@option("--sheet", metavar="工作表", help="Excel 文件有多个工作表时读哪一个（名称或其中独有的一部分）。")
@option("--section", metavar="栏目", help="统计栏目名称（本期有多个统计栏目时指明）。")
@option(
    "--label",
    "labels",
    multiple=True,
    metavar="列名=措辞",
    help="这个类别对某列的说法，如 办结=累计办结（句中印作“累计办结51546件”）；写 办结= 恢复默认。",
)
@file_option
def stats_cmd(
    category: str | None,
    accepted: str | None,
    completed: str | None,
    values: tuple[str, ...],
    as_of: str | None,
    since: str | None,
    csv_path: Path | None,
    table_path: Path | None,
    sheet: str | None,
    section: str | None,
    labels: tuple[str, ...],
    file: str | None,
) -> None:
    """填写统计数字：类别 --accepted 数字 --completed 数字，或 --csv 表格文件；--table 填明细表；--label 设措辞。

    --value 上期受理=数字、--value 去年同期受理=数字（CSV 表头同样写法）填环比、同比的基数，只在找不到上一期或
    去年同期的期刊文件时需要。"""
    from zhoubao import edits

    path = choose_issue(file)
    if table_path is not None:
        if category or accepted or completed or values or csv_path is not None or labels:
            raise ZhoubaoError("--table 不能与类别、数字或 --csv 同时使用：请分开运行")
        table = edits.read_stats_table(table_path, first=None, sheet=sheet)
        title, count, used = edits.fill_rows(path, table.as_dict(), section, table=table)
        _skipped(table)
        changed(path, f"已填写栏目“{title}”的明细表：{count} 行")
        if not used:
            tell(f"提示：栏目“{title}”的统计句不用明细表（模板中没有 rows）：这些行不会印出；填写类别的数字请用 --csv")
        return
    if sheet is not None and csv_path is None:
        raise ZhoubaoError("--sheet 要与 --csv 或 --table 一起用：如 zhoubao stats --csv 平台导出.xlsx --sheet 8月")
    if labels:
        if not category or csv_path is not None:
            raise ZhoubaoError("--label 要跟在一个统计类别后：如 zhoubao stats 类别名 --label 办结=累计办结")
        name, said = edits.set_labels(path, category, edits.typed_wording(labels), section)
        changed(path, f"已设定“{name}”的措辞：{said}")
        if not (accepted or completed or values):
            return
    dates = {"as_of": edits.typed_date(as_of, path), "since": edits.typed_date(since, path)}
    if csv_path is not None:
        if category or accepted or completed or values:
            raise ZhoubaoError("--csv 不能与类别或数字同时使用：请分开运行")
        table = edits.read_stats_table(csv_path, sheet=sheet)
        done = edits.fill_stats(
            path, table.as_dict(), section=section, table=table, as_of=dates["as_of"], since=dates["since"]
        )
        _skipped(table, filled=set(done))
        _stats_done(path, done)
        return
    if not category:
        raise ZhoubaoError("缺少统计类别：请写明类别，如 zhoubao stats 类别名 --accepted 1 --completed 1")
    figures = edits.typed_figures(accepted, completed, values)
    _stats_done(
        path, edits.fill_stats(path, {category: figures}, section=section, as_of=dates["as_of"], since=dates["since"])
    )


def _skipped(table: Table, filled: frozenset[str] | set[str] = frozenset()) -> None:
    """The rows of the file left out (a title above the header, notes below) and the total rows
    checked against the rows (a total the kind holds as its total category is filled instead)."""
    if table.skipped:
        tell(table.skipped_line())
    for total in table.totals:
        if total.name not in filled:
            tell(f"已核对 第 {total.line} 行“{total.name}”：与各行之和相符，不单独填入")


def _stats_done(path: Path, done: dict[str, list[tuple[str, str]]]) -> None:
    """What stats stored, category by category, and where: 已填写 <类别>：受理 644608，办结 636146（文件 …）."""
    from zhoubao import store

    outcome = store.last_outcome(path)
    same = outcome is not None and not outcome.wrote
    for name, figures in done.items():
        said = "，".join(f"{column} {figure}" for column, figure in figures)
        tell(f"{'与文件中的相同' if same else '已填写'} {name}：{said}（文件 {path.name}）")
    if not unchanged(path):
        history_notes(path)
    from zhoubao.proofread import figure_notes

    for note in figure_notes(path, done):  # what check would say of these figures, said now
        tell(f"提示：{note}")
