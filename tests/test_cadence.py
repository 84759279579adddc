"""Monthly and quarterly series: the clerk's month (or quarter) from one issue to the next."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest

from zhoubao import cadence, edits, store
from zhoubao.cadence import MONTHLY, QUARTERLY, WEEKLY
from zhoubao.check import WARNING, check_path
from zhoubao.compose import compose
from zhoubao.errors import ZhoubaoError
from zhoubao.kindcheck import check_kind

D = dt.date

MONTHLY_KIND = """
name = "公共资源交易月报"
unit = "某州公共资源交易中心"
cadence = "{cadence}"

[[section]]
type = "part"
title = "公共资源交易工作"
subtitle = "（{{{{ period_name }}}}）"

[[section]]
type = "statistics"
title = "交易情况"
source = "州公共资源交易平台"
columns = [{{ name = "项目数", unit = "个" }}]
categories = ["政府采购"]
template = "{{{{ since }}}}至{{{{ as_of }}}}，{{% for c in categories %}}{{{{ c.name }}}}{{{{ c['项目数'] }}}}个{{% if c.increase %}}，本月{{{{ c.increase['项目数'] }}}}个{{% endif %}}{{% endfor %}}。"

[[section]]
type = "entries"
title = "重点工作"
required = false
"""


def write_kind(folder: Path, every: str, name: str = "月报") -> Path:
    kind = folder / "templates" / name
    kind.mkdir(parents=True, exist_ok=True)
    (kind / "kind.toml").write_text(MONTHLY_KIND.format(cadence=every), encoding="utf-8")
    return kind


def head(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))["issue"]


def first_issue(invoke, folder: Path, every: str, period: str, date: str, number: int = 12, total: int = 40) -> Path:
    write_kind(folder, every)
    path = folder / "first.toml"
    r = invoke(
        "new",
        str(path),
        "--kind",
        "月报",
        "--number",
        str(number),
        "--total",
        str(total),
        "--date",
        date,
        "--period",
        period,
    )
    assert r.exit_code == 0, r.stderr
    return path


def roll(invoke, last: Path, name: str, *extra: str) -> Path:
    path = last.with_name(name)
    r = invoke("new", str(path), "--from", str(last), *extra)
    assert r.exit_code == 0, r.stderr
    return path


# ----------------------------------------------------------------------------- the calendar rules


@pytest.mark.parametrize(
    "every,end,want",
    [
        (MONTHLY, D(2023, 3, 31), (D(2023, 4, 1), D(2023, 4, 30))),
        (MONTHLY, D(2023, 12, 31), (D(2024, 1, 1), D(2024, 1, 31))),  # December rolls the year
        (MONTHLY, D(2024, 1, 31), (D(2024, 2, 1), D(2024, 2, 29))),  # a leap February
        (MONTHLY, D(2023, 1, 31), (D(2023, 2, 1), D(2023, 2, 28))),
        (MONTHLY, D(2023, 3, 20), (D(2023, 4, 1), D(2023, 4, 30))),  # a short March still rolls to April
        (QUARTERLY, D(2023, 3, 31), (D(2023, 4, 1), D(2023, 6, 30))),
        (QUARTERLY, D(2023, 12, 31), (D(2024, 1, 1), D(2024, 3, 31))),  # Q4 → Q1 of the next year
        (QUARTERLY, D(2023, 8, 15), (D(2023, 10, 1), D(2023, 12, 31))),
    ],
)
def test_the_next_period_is_the_next_calendar_month_or_quarter(every, end, want):
    assert cadence.next_span(every, end) == want


def test_there_is_no_month_after_december_9999():
    with pytest.raises(OverflowError):
        cadence.next_span(MONTHLY, D(9999, 12, 31))


@pytest.mark.parametrize(
    "every,day,want",
    [
        (MONTHLY, D(2023, 4, 3), (D(2023, 3, 1), D(2023, 3, 31))),
        (MONTHLY, D(2024, 1, 5), (D(2023, 12, 1), D(2023, 12, 31))),
        (MONTHLY, D(2024, 3, 1), (D(2024, 2, 1), D(2024, 2, 29))),
        (QUARTERLY, D(2023, 4, 10), (D(2023, 1, 1), D(2023, 3, 31))),
        (QUARTERLY, D(2024, 1, 8), (D(2023, 10, 1), D(2023, 12, 31))),
        (WEEKLY, D(2022, 9, 28), (D(2022, 9, 26), D(2022, 9, 30))),  # as before: the week of the date
    ],
)
def test_a_first_issue_without_a_period_covers_the_last_complete_month_or_quarter(every, day, want):
    assert cadence.last_complete(every, day) == want


@pytest.mark.parametrize(
    "start,end,every,name,months,cumulative,quarter_cn",
    [
        (D(2023, 3, 1), D(2023, 3, 31), MONTHLY, "3月份", "3月", "1-3月", "一"),
        (D(2023, 1, 1), D(2023, 1, 31), MONTHLY, "1月份", "1月", "1月", "一"),
        (D(2024, 2, 1), D(2024, 2, 29), MONTHLY, "2月份", "2月", "1-2月", "一"),
        (D(2023, 4, 1), D(2023, 6, 30), QUARTERLY, "第二季度", "4-6月", "1-6月", "二"),
        (D(2023, 10, 1), D(2023, 12, 31), QUARTERLY, "第四季度", "10-12月", "1-12月", "四"),
        # a period that is not what the cadence expects names its dates
        (D(2023, 3, 1), D(2023, 3, 28), MONTHLY, "3月1日—3月28日", "3月", "1-3月", "一"),
        (
            D(2022, 12, 1),
            D(2023, 2, 28),
            QUARTERLY,
            "2022年12月1日—2023年2月28日",
            "2022年12月-2023年2月",
            "1-2月",
            "一",
        ),
        (D(2022, 9, 26), D(2022, 9, 30), WEEKLY, "9月26日—9月30日", "9月", "1-9月", "三"),
    ],
)
def test_the_period_reads_as_monthly_and_quarterly_bulletins_print_it(
    start, end, every, name, months, cumulative, quarter_cn
):
    from zhoubao.dates import cn_period

    names = cadence.period_names(start, end, every, cn_period(start, end)[1:-1])
    assert (names["period_name"], names["months"], names["cumulative_months"], names["quarter_cn"]) == (
        name,
        months,
        cumulative,
        quarter_cn,
    )
    assert names["month"] == end.month and names["quarter"] == (end.month - 1) // 3 + 1


@pytest.mark.parametrize("value", ["Monthly", "每月", "", 12, None, "biweekly"])
def test_a_wrong_cadence_is_named_in_chinese(value):
    with pytest.raises(ZhoubaoError, match="cadence .*应为 weekly（每周）、monthly（每月）、quarterly（每季度） 之一"):
        cadence.check_cadence(value, "kind.toml")


# ----------------------------------------------------------------------------- the clerk's commands


def test_december_rolls_to_january_numbered_1_with_the_total_running_on(tmp_path, invoke):
    dec = first_issue(invoke, tmp_path, MONTHLY, "2023-12-01..2023-12-31", "2024-01-03")
    jan = roll(invoke, dec, "2024-01.toml")
    h = head(jan)
    assert (h["year"], h["number"], h["total"]) == (2024, 1, 41)
    assert (h["period_start"], h["period_end"]) == (D(2024, 1, 1), D(2024, 1, 31))
    assert h["cadence"] == "monthly"
    feb = roll(invoke, jan, "2024-02.toml")
    h = head(feb)
    assert (h["number"], h["total"], h["period_start"], h["period_end"]) == (2, 42, D(2024, 2, 1), D(2024, 2, 29))


def test_the_fourth_quarter_rolls_to_the_first_of_the_next_year(tmp_path, invoke):
    q4 = first_issue(invoke, tmp_path, QUARTERLY, "2023-10-01..2023-12-31", "2024-01-05", number=4, total=20)
    q1 = roll(invoke, q4, "2024-Q1.toml")
    h = head(q1)
    assert (h["year"], h["number"], h["total"]) == (2024, 1, 21)
    assert (h["period_start"], h["period_end"]) == (D(2024, 1, 1), D(2024, 3, 31))
    assert compose(store.load_issue(q1)).blocks[1].subtitle == "（第一季度）"


def test_the_default_issue_date_is_the_first_working_day_after_the_period(tmp_path, invoke):
    """After September the National Day holiday; after a quarter ending in December, not 1 January."""
    sep = first_issue(invoke, tmp_path, MONTHLY, "2023-08-01..2023-08-31", "2023-09-01")
    oct_ = roll(invoke, sep, "2023-09.toml")
    assert head(oct_)["period_start"] == D(2023, 9, 1)
    assert head(oct_)["date"] == D(2023, 10, 7)  # 2023: 29 Sep – 6 Oct off, the make-up Saturday 7 Oct worked
    q = tmp_path / "q"
    q.mkdir()
    q3 = first_issue(invoke, q, QUARTERLY, "2022-07-01..2022-09-30", "2022-10-10", number=3, total=3)
    q4 = roll(invoke, q3, "2022-Q4.toml")
    assert (head(q4)["period_start"], head(q4)["period_end"]) == (D(2022, 10, 1), D(2022, 12, 31))
    assert head(q4)["date"] == D(2023, 1, 3)  # 2023-01-02 is the New Year holiday's Monday
    given = roll(invoke, q3, "given.toml", "--date", "2023-01-20")
    assert head(given)["date"] == D(2023, 1, 20)


def test_a_new_monthly_issue_without_a_period_takes_the_last_whole_month(tmp_path, invoke):
    write_kind(tmp_path, MONTHLY)
    path = tmp_path / "2023-03.toml"
    r = invoke("new", str(path), "--kind", "月报", "--number", "3", "--total", "3", "--date", "2023-04-04")
    assert r.exit_code == 0, r.stderr
    h = head(path)
    assert (h["period_start"], h["period_end"], h["year"]) == (D(2023, 3, 1), D(2023, 3, 31), 2023)
    assert "期间 2023-03-01 至 2023-03-31" in r.stderr


def test_a_weekly_kind_writes_no_cadence_and_rolls_a_week(example, invoke):
    assert "cadence" not in head(example)
    nxt = roll(invoke, example, "2022-34.toml", "--date", "2022-10-17")
    assert "cadence" not in nxt.read_text(encoding="utf-8")
    assert (head(nxt)["period_start"], head(nxt)["period_end"]) == (D(2022, 10, 8), D(2022, 10, 14))


def test_check_warns_of_a_period_that_is_not_a_whole_month(tmp_path, invoke):
    path = first_issue(invoke, tmp_path, MONTHLY, "2024-02-01..2024-02-28", "2024-03-04")
    warnings = [p for p in check_path(path) if p.where == "期间"]
    assert [p.level for p in warnings] == [WARNING]
    assert "不是一个整月" in warnings[0].message and "2024-02-01..2024-02-29" in warnings[0].message
    edits.set_field(path, "period", (D(2024, 2, 1), D(2024, 2, 29)))
    assert not [p for p in check_path(path) if p.where == "期间"]


def test_check_warns_of_a_quarter_that_is_one_month_short(tmp_path, invoke):
    path = first_issue(invoke, tmp_path, QUARTERLY, "2023-04-01..2023-05-31", "2023-06-05")
    (warning,) = [p for p in check_path(path) if p.where == "期间"]
    assert "不是一个整季度" in warning.message and "2023-04-01..2023-06-30" in warning.message


def test_a_kind_with_a_bad_cadence_is_refused_before_any_file_is_written(tmp_path, invoke):
    kind = write_kind(tmp_path, "montly")
    assert any("cadence “montly”不对" in p for p in check_kind(kind))
    path = tmp_path / "x.toml"
    r = invoke("new", str(path), "--kind", "月报", "--number", "1", "--total", "1")
    assert r.exit_code != 0 and "cadence “montly”不对" in r.stderr and "Traceback" not in r.stderr
    assert not path.exists()


def test_a_kind_turned_monthly_mid_series_rolls_by_month_and_leaves_the_old_file_alone(tmp_path, invoke):
    first = first_issue(invoke, tmp_path, WEEKLY, "2023-01-01..2023-01-31", "2023-02-01", number=1, total=1)
    before = first.read_bytes()
    write_kind(tmp_path, MONTHLY)
    r = invoke("new", str(tmp_path / "2.toml"), "--from", str(first))
    assert r.exit_code == 0, r.stderr
    assert "期头的 cadence" in r.stderr
    assert (head(tmp_path / "2.toml")["period_start"], head(tmp_path / "2.toml")["period_end"]) == (
        D(2023, 2, 1),
        D(2023, 2, 28),
    )
    assert first.read_bytes() == before


def test_a_bad_cadence_typed_into_an_issue_file_is_one_chinese_line(tmp_path, invoke):
    path = first_issue(invoke, tmp_path, MONTHLY, "2023-03-01..2023-03-31", "2023-04-03")
    path.write_text(path.read_text(encoding="utf-8").replace('cadence = "monthly"', 'cadence = "月"'), encoding="utf-8")
    before = path.read_bytes()
    r = invoke("stats", "-f", str(path), "政府采购", "--value", "项目数=3")
    assert r.exit_code != 0 and "cadence “月”不对" in r.stderr and "Traceback" not in r.stderr
    assert path.read_bytes() == before


def test_monthly_statistics_count_from_1_january_and_give_the_months_increase(tmp_path, invoke):
    jan = first_issue(invoke, tmp_path, MONTHLY, "2024-01-01..2024-01-31", "2024-02-01", number=1, total=1)
    assert invoke("stats", "-f", str(jan), "政府采购", "--value", "项目数=12").exit_code == 0
    feb = roll(invoke, jan, "2024-02.toml")
    assert invoke("stats", "-f", str(feb), "政府采购", "--value", "项目数=30").exit_code == 0
    issue = store.load_issue(feb)
    previous, note = store.load_previous(feb, issue)
    assert previous is not None and previous.number == 1 and note == ""
    assert store.successor(jan) == feb
    text = [b.text for b in compose(issue, previous=previous).blocks if hasattr(b, "runs")]
    assert "2024年1月1日至2024年2月29日，政府采购30个，本月18个。" in text
    assert compose(issue, previous=previous).blocks[1].subtitle == "（2月份）"
    shown = invoke("show", "-f", str(feb)).stdout
    assert "本期新增项目数" in shown and "本周新增" not in shown  # a month's increase is not a week's


# ----------------------------------------------------------------------------- docs/kinds.md's example


def quarterly_example() -> tuple[str, list[str]]:
    """The kind.toml and the commands of docs/kinds.md's quarterly example, as the docs give them."""
    import re

    from tests.conftest import ROOT

    doc = (ROOT / "docs" / "kinds.md").read_text(encoding="utf-8")
    example = doc[doc.index("## 月报和季报") :]
    kind_toml = re.search(r"```toml\n(.*?)```", example, re.S).group(1)  # type: ignore[union-attr]
    commands = re.search(r"```sh\n(.*?)```", example, re.S).group(1)  # type: ignore[union-attr]
    return kind_toml, [line.split("  #")[0].strip() for line in commands.splitlines() if line.strip()]


def test_the_quarterly_example_of_the_docs_works_end_to_end(tmp_path):

    from docx import Document

    from tests.conftest import audit, run_doc_commands
    from tests.layout_checks import assert_layout

    kind_toml, commands = quarterly_example()
    folder = tmp_path / "templates" / "季度通报"
    folder.mkdir(parents=True)
    (folder / "kind.toml").write_text(kind_toml, encoding="utf-8")
    run_doc_commands(commands, tmp_path)
    q1 = head(tmp_path / "2023-Q1.toml")
    assert (q1["period_start"], q1["period_end"]) == (D(2023, 1, 1), D(2023, 3, 31))
    q2 = head(tmp_path / "2023-Q2.toml")
    assert (q2["number"], q2["total"], q2["period_start"], q2["period_end"]) == (2, 6, D(2023, 4, 1), D(2023, 6, 30))
    out = tmp_path / "政务服务季度通报-2023年第1期.docx"
    text = [p.text for p in Document(str(out)).paragraphs if p.text.strip()]
    start = text.index("政务服务工作")
    assert text[start : start + 12] == [
        "政务服务工作",
        "（2023年第一季度）",
        "一、重点工作",
        "1.审批制度改革",
        "（1）新增“一件事一次办”事项12项。",
        "（2）全面推行电子证照。",
        "2.窗口服务",
        "大厅新设帮办代办窗口2个。",
        "二、大厅巡查",
        "本季度对大厅开展巡查，情况如下：",
        "1.窗口纪律。总体情况良好。",
        "2.服务态度。总体情况良好。",
    ]
    assert_layout(out)
    assert audit(out) == "0 deviations"
