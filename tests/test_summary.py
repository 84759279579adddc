"""The summary over two weeks: the seed's 第33期 and the 第34期 a clerk wrote after it."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from pathlib import Path

import pytest
from rich.console import Console

from tests.conftest import EXAMPLES
from zhoubao import edits, store
from zhoubao.errors import ZhoubaoError
from zhoubao.summary import (
    FindingRow,
    Summary,
    load_issues,
    print_summary,
    summarise,
    summary_command,
    write_csv,
)

D = dt.date


def new_week(path: Path, number: int, total: int, period: tuple[dt.date, dt.date], date: dt.date) -> Path:
    edits.new_issue(path, "窗口工作周报", number=number, total=total, date=date, period=period)
    return path


@pytest.fixture
def weeks(tmp_path: Path) -> list[Path]:
    """第33期 (the seed, one item result reworded) and 第34期 written with the editing API."""
    first = tmp_path / "2022-33.toml"
    shutil.copy(EXAMPLES / "2022-33.toml", first)
    edits.inspect(first, "着装情况", "着装整齐规范，总体良好。")  # says 良好: not a problem

    second = new_week(tmp_path / "2022-34.toml", 34, 409, (D(2022, 10, 8), D(2022, 10, 14)), D(2022, 10, 17))
    edits.set_stats_many(
        second,
        {
            "行政许可事项": {"受理": "660000", "办结": "650000"},
            "公共服务事项": {"受理": "20100000", "办结": "7800000"},
            "其它九类行权事项": {"受理": "51000", "办结": "51600"},
        },
    )
    edits.add_news(second, "服务效能", "某企业向窗口赠送锦旗。", D(2022, 10, 11))
    edits.add_visit(second, D(2022, 10, 10), "省交通物流发展中心", "副主任", "王明", "到“交通窗口”调研。")
    edits.add_visit(second, D(2022, 10, 12), "商务厅", "一级巡视员", "刘祥超", "再次到商务窗口调研。")
    edits.add_findings(second, "纪律秩序", [("工作时间玩手机", "税务窗口")])
    edits.all_good(second)
    return [first, second]


@pytest.fixture
def summary(weeks: list[Path]) -> Summary:
    return summarise(load_issues(weeks))


def stat(summary: Summary, issue: str, category: str, column: str):
    [row] = [r for r in summary.statistics if (r.issue, r.category, r.column) == (issue, category, column)]
    return row


# ----------------------------------------------------------------------------- summarise


def test_visits_are_summed_per_unit_and_per_leader(summary):
    units = {r.unit: r for r in summary.unit_visits}
    assert units["省交通物流发展中心"].count == 2
    assert units["省交通物流发展中心"].dates == (D(2022, 9, 28), D(2022, 10, 10))
    assert units["生态环境厅"].count == 1
    leaders = {r.name: r for r in summary.leader_visits}
    assert (leaders["柏吉琼"].unit, leaders["柏吉琼"].post, leaders["柏吉琼"].count) == (
        "省交通物流发展中心",
        "二级巡视员、主任",
        1,
    )
    assert leaders["刘祥超"].count == 2 and leaders["刘祥超"].dates == (D(2022, 9, 30), D(2022, 10, 12))
    assert summary.leader_visits[0].count == 2  # most visits first


def test_the_weeks_increment_is_this_cumulative_minus_the_last(summary):
    row = stat(summary, "2022年第34期", "行政许可事项", "受理")
    assert (row.cumulative, row.increment) == (660000, 15392)
    assert row.period == "2022-10-08至2022-10-14"
    assert stat(summary, "2022年第34期", "其它九类行权事项", "办结").increment == 51600 - 51546
    assert stat(summary, "2022年第33期", "行政许可事项", "受理").increment is None  # nothing before it
    assert summary.notes == []


def test_files_in_any_order_give_the_same_summary(weeks, summary):
    assert summarise(load_issues(list(reversed(weeks)))) == summary
    assert [r.issue for r in summary.statistics[:1]] == ["2022年第33期"]


def test_findings_and_results_that_are_not_good(summary):
    assert FindingRow("纪律秩序", "税务窗口", "工作时间玩手机", "2022年第34期") in summary.findings
    listed = {r.item for r in summary.findings}
    # the seed's 大厅防控情况 is a result sentence of its own, not a finding: not listed
    assert "大厅防控情况" not in listed
    assert listed.isdisjoint({"着装情况", "按时到岗情况"})  # says 良好 / is the default


def test_issues_and_entries_are_counted(summary):
    assert summary.issues == 2
    assert [(c.issue, c.news, c.visits, c.items_with_findings, c.findings) for c in summary.counts] == [
        ("2022年第33期", 3, 3, 0, 0),
        ("2022年第34期", 1, 2, 1, 1),
    ]
    totals = summary.totals
    assert (totals.issue, totals.period, totals.news, totals.visits, totals.items_with_findings, totals.findings) == (
        "合计",
        "共2期",
        4,
        5,
        1,
        1,
    )


def test_a_new_year_starts_without_an_increment(weeks, tmp_path):
    january = new_week(tmp_path / "2023-01.toml", 1, 410, (D(2023, 1, 3), D(2023, 1, 6)), D(2023, 1, 9))
    edits.set_stats(january, "行政许可事项", {"受理": "12000", "办结": "11000"})
    result = summarise(load_issues([*weeks, january]))
    row = stat(result, "2023年第1期", "行政许可事项", "受理")
    assert (row.cumulative, row.increment) == (12000, None)
    assert [r.issue for r in result.statistics][-1] == "2023年第1期"


def test_a_missing_week_is_pointed_out(tmp_path):
    first = tmp_path / "2022-33.toml"
    shutil.copy(EXAMPLES / "2022-33.toml", first)
    later = new_week(tmp_path / "2022-35.toml", 35, 410, (D(2022, 10, 17), D(2022, 10, 21)), D(2022, 10, 24))
    edits.set_stats(later, "行政许可事项", {"受理": "670000"})
    result = summarise(load_issues([first, later]))
    assert stat(result, "2022年第35期", "行政许可事项", "受理").increment == 670000 - 644608
    filled = {(r.category, r.column) for r in result.statistics if r.issue == "2022年第35期"}
    assert filled == {("行政许可事项", "受理")}  # figures not filled give no row
    [note] = result.notes
    assert "第33期" in note and "第35期" in note


# ----------------------------------------------------------------------------- output


def test_csv_opens_in_excel_and_holds_every_part(summary, tmp_path):
    out = tmp_path / "汇总.csv"
    write_csv(summary, out)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["来访统计（按单位）"] and rows[1] == ["单位", "次数", "日期"]
    titles = [
        i
        for i, row in enumerate(rows)
        if row and row[0] in ("来访统计（按领导）", "巡查问题", "统计数据", "合计") and len(row) == 1
    ]
    assert len(titles) == 4 and all(rows[i - 1] == [] for i in titles)
    assert ["省交通物流发展中心", "2", "2022-09-28、2022-10-10"] in rows
    assert ["期号", "期间", "类别", "列", "累计", "本周新增"] in rows
    assert ["2022年第34期", "2022-10-08至2022-10-14", "行政许可事项", "受理", "660000", "15392"] in rows
    assert ["2022年第33期", "2022-09-26至2022-09-30", "行政许可事项", "受理", "644608", ""] in rows
    assert ["纪律秩序", "税务窗口", "工作时间玩手机", "2022年第34期"] in rows
    assert ["合计", "共2期", "4", "5", "1", "1"] in rows


def test_print_summary_shows_chinese_tables(summary):
    console = Console(file=io.StringIO(), width=160)
    print_summary(summary, console)
    text = console.file.getvalue()
    for expected in ("来访统计（按单位）", "本周新增", "15392", "工作时间玩手机", "省交通物流发展中心"):
        assert expected in text


def test_a_period_is_never_folded_in_the_middle_of_a_date_at_80_columns(summary):
    """Piped to a file (80 columns) the tables once printed 2022-10-08至20 / 22-10-14."""
    console = Console(file=io.StringIO(), width=80)
    print_summary(summary, console)
    assert "2022-10-08至2022-10-14" in console.file.getvalue()


def test_summary_command_prints_and_writes_csv(weeks, tmp_path, capsys):
    out = tmp_path / "汇总.csv"
    summary_command(weeks, out)
    printed = capsys.readouterr().out
    assert "统计数据" in printed and "15392" in printed
    assert "15392" in out.read_text(encoding="utf-8-sig")


# ----------------------------------------------------------------------------- bad input


def message(call) -> str:
    with pytest.raises(ZhoubaoError) as caught:
        call()
    text = caught.value.message
    assert "\n" not in text and "：" in text  # one line: the problem, then the fix
    return text


def test_no_files(tmp_path):
    assert "没有给出期刊文件" in message(lambda: summary_command([], None))
    assert "没有给出期刊文件" in message(lambda: summarise([]))


def test_the_same_file_twice(weeks):
    spelled_again = weeks[0].parent / "." / weeks[0].name
    assert "重复" in message(lambda: summary_command([weeks[0], weeks[1], spelled_again], None))


def test_one_issue_in_two_files(weeks, tmp_path):
    copy = tmp_path / "copy.toml"
    shutil.copy(weeks[0], copy)
    text = message(lambda: summary_command([weeks[0], copy], None))
    assert "2022年第33期" in text and "copy.toml" in text


def test_an_unreadable_file_is_named(weeks, tmp_path):
    missing = tmp_path / "2022-35.toml"
    assert str(missing) in message(lambda: summary_command([*weeks, missing], None))
    broken = tmp_path / "broken.toml"
    broken.write_text("[issue]\nkind = \n", encoding="utf-8")
    assert "broken.toml" in message(lambda: summary_command([*weeks, broken], None))
    bad_value = tmp_path / "bad.toml"
    bad_value.write_text(weeks[0].read_text(encoding="utf-8").replace("number = 33", "number = 0"), encoding="utf-8")
    text = message(lambda: summary_command([bad_value], None))
    assert "bad.toml" in text and "期号" in text


def test_csv_must_not_overwrite_an_issue_file(weeks):
    before = weeks[1].read_bytes()
    assert "期刊文件" in message(lambda: summary_command(weeks, weeks[1]))
    assert weeks[1].read_bytes() == before
    assert store.load_issue(weeks[1]).number == 34


def test_csv_into_a_missing_folder(summary, tmp_path):
    assert "CSV" in message(lambda: write_csv(summary, tmp_path / "没有" / "汇总.csv"))
