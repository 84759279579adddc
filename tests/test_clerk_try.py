"""A clerk's month with the monthly example, and what went wrong when she fed it Excel's tables.

Each test is one thing found by trying the statistics features as a clerk would: refused in one
Chinese line with the issue file unchanged, or done in good time.
"""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import EXAMPLES, python_lines


@pytest.fixture
def may(tmp_path):
    """The monthly example's May issue and its April predecessor, copied."""
    for name in ("ggzy-monthly-2023-04.toml", "ggzy-monthly-2023-05.toml"):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    return tmp_path / "ggzy-monthly-2023-05.toml"


def refused(invoke, issue, *args, needle: str) -> None:
    before = issue.read_bytes()
    r = invoke(*args[:1], "-f", str(issue), *args[1:])
    assert r.exit_code != 0, r.stderr
    assert needle in r.stderr and "Traceback" not in r.stderr, r.stderr
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert issue.read_bytes() == before


@pytest.mark.parametrize("amount", ["1" + "0" * 400, "1" + "0" * 60, "9223372036854775808"])
def test_an_amount_too_big_for_its_decimals_is_refused_in_one_line(may, invoke, amount):
    # 1 followed by 400 zeros was a float infinity and ended in a decimal.InvalidOperation traceback;
    # 9223372036854775808 was stored and printed as 9223372036854776000.0000
    csv = may.with_name("5月分类别.csv")
    csv.write_text(f"类别,项目数,交易金额\n全省,3256,{amount}\n", encoding="utf-8")
    refused(invoke, may, "stats", "--csv", str(csv), "--section", "总体情况", needle="过大")
    refused(invoke, may, "stats", "全省", "--value", f"交易金额={amount}", needle="过大")


def test_an_amount_too_big_in_a_hand_edited_file_is_named_not_a_traceback(may, invoke):
    text = may.read_text(encoding="utf-8").replace('"交易金额" = 1013.33', '"交易金额" = 1e300', 1)
    assert "1e300" in text
    may.write_text(text, encoding="utf-8")
    for command in ("render", "show", "check"):
        r = invoke(command, "-f", str(may))
        assert r.exit_code != 0 and "过大" in r.stderr + r.stdout and "Traceback" not in r.stderr, command


def test_the_platforms_total_row_is_not_ranked_as_a_unit(may, invoke):
    # Excel exports of the per-city table end in a 合计 row: it came first in 排名前5位, took half
    # of every share, and a 合计 of 0 was listed among the cities without trade. It is a check now:
    # never stored as a unit, and a 合计 that is not the sum of the rows refuses the table.
    csv = may.with_name("6月分地区.csv")
    csv.write_text("市（州）,项目数,交易金额,矿业权出让\n成都市,865,386.4521,0\n合 计,866,386.4521,0\n", encoding="gbk")
    refused(invoke, may, "stats", "--table", str(csv), "--section", "分地区", needle="“合 计”的项目数为 866")
    csv.write_text("市（州）,项目数,交易金额,矿业权出让\n成都市,865,386.4521,0\n合 计,865,386.4521,0\n", encoding="gbk")
    r = invoke("stats", "-f", str(may), "--table", str(csv), "--section", "分地区")
    assert r.exit_code == 0 and "已核对 第 3 行“合 计”" in r.stderr, r.stderr
    assert "不用明细表" not in r.stderr  # the monthly 分地区 sentence ranks the rows
    import tomllib

    rows = tomllib.loads(may.read_text(encoding="utf-8"))["section"][2]["row"]
    assert [row["name"] for row in rows] == ["成都市"]


def units_table(path, rows: int, head: str = "单位") -> None:
    lines = [f"{head},项目数,交易金额,矿业权出让"] + [f"{head}{i},{i % 7},{i % 13}.5,{i % 3}" for i in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_table_of_a_hundred_thousand_rows_is_refused_in_one_line(may, invoke):
    # it took half a minute to be refused for the file's size, telling the clerk to shorten her text
    csv = may.with_name("事项.csv")
    units_table(csv, 100_000)
    refused(invoke, may, "stats", "--table", str(csv), "--section", "分地区", needle="10000 行")


def test_refusing_a_long_table_is_work_in_proportion_to_its_rows(may, invoke):
    # the refusal once took half a minute on 100,000 rows: its work may grow with the rows, no faster
    work = {}
    for rows in (12_000, 48_000):
        csv = may.with_name(f"事项{rows}.csv")
        units_table(csv, rows)
        r, work[rows] = python_lines(
            lambda csv=csv: invoke("stats", "-f", str(may), "--table", str(csv), "--section", "分地区")
        )
        assert r.exit_code != 0 and "10000 行" in r.stderr
    assert work[48_000] < 5 * work[12_000], work  # four times the rows: about four times the work


def test_a_table_of_thousands_of_units_renders_in_work_in_proportion_to_its_rows(may, invoke):
    # every row's share summed the whole table again: 2,000 rows took 6 s, 20,000 more than 10 minutes
    work = {}
    for rows in (250, 500):
        csv = may.with_name(f"区县{rows}.csv")
        units_table(csv, rows, head="区县")
        r = invoke("stats", "-f", str(may), "--table", str(csv), "--section", "分地区")
        assert r.exit_code == 0, r.stderr
        out = may.with_name(f"5月{rows}.docx")
        r, work[rows] = python_lines(lambda out=out: invoke("render", "-f", str(may), "--draft", "-o", str(out)))
        assert r.exit_code == 0, r.stderr
    assert work[500] < 2.5 * work[250], work  # twice the rows: about twice the work, not four times


def test_check_fails_where_render_would_fail_on_the_template(may, invoke):
    # a template that divides by zero passed check ("检查通过") and then render refused it; only a
    # kind with max_pages had check compose the bulletin (to count its pages)
    text = may.read_text(encoding="utf-8").replace("max_pages = 4\n", "")
    marker = "template = "
    at = text.index(marker, text.index('title = "分地区交易情况"'))
    may.write_text(text[: at + len(marker)] + '"{{ 1 / 0 }}"\n' + text[text.index("\n", at) + 1 :], encoding="utf-8")
    r = invoke("render", "-f", str(may), "--draft", "-o", str(may.with_name("x.docx")))
    assert r.exit_code != 0 and "运算出错" in r.stderr
    r = invoke("check", "-f", str(may))
    assert r.exit_code == 1 and "运算出错" in r.stdout, r.stdout


def test_a_month_is_not_compared_with_the_week_before_it(may, invoke):
    # previous pointing to a weekly issue: the May figures were compared with a week's and printed
    # 环比项目数量增长… as if that were April
    april = may.with_name("ggzy-monthly-2023-04.toml")
    week = may.with_name("2023-17.toml")
    text = april.read_text(encoding="utf-8").replace('cadence = "monthly"', 'cadence = "weekly"', 1)
    week.write_text(text.replace("period_start = 2023-04-01", "period_start = 2023-04-24", 1), encoding="utf-8")
    may.write_text(may.read_text(encoding="utf-8").replace(april.name, week.name, 1), encoding="utf-8")
    out = may.with_name("5月.docx")
    r = invoke("render", "-f", str(may), "--draft", "-o", str(out))
    assert r.exit_code == 0, r.stderr
    import zipfile

    body = zipfile.ZipFile(out).read("word/document.xml").decode("utf-8")
    assert "同比项目数量下降21.18%" in body and "环比" not in body and "比上月" not in body
    r = invoke("check", "-f", str(may))
    assert "上一期是每周一期的简报，本期每月一期" in r.stdout


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_a_dollar_sign_in_a_unit_or_window_is_drawn_as_typed(tmp_path, invoke, suffix):
    # matplotlib read $…$ as mathtext: 省$\frac{1}$厅 ended the chart in a ValueError traceback,
    # and 玩手机$x^2$ would have been drawn as a formula
    issue = tmp_path / "2022-33.toml"
    shutil.copy(EXAMPLES / "2022-33.toml", issue)
    r = invoke(
        "add-visit",
        "-f",
        str(issue),
        "--date",
        "2022-09-29",
        "--unit",
        "省$\\frac{1}$厅",
        "--post",
        "主任",
        "--name",
        "张三",
        "调研。",
    )
    assert r.exit_code == 0, r.stderr
    r = invoke("inspect", "-f", str(issue), "纪律秩序", "--finding", "玩手机", "--window", "税务$x^2$窗口")
    assert r.exit_code == 0, r.stderr
    out = tmp_path / f"全年{suffix}"
    r = invoke("summary", str(issue), "--chart", str(out))
    assert r.exit_code == 0, r.stderr
    assert out.stat().st_size > 10_000


def test_a_monthly_series_counted_by_period_is_charted_month_by_month(may):
    # count_from = "period": each month's figure is that month's, but the summary subtracted the
    # month before (a different count), left every increment blank and drew twelve empty panels
    from zhoubao.summary import chart_panels, load_issues, summarise

    summary = summarise(load_issues([may.with_name("ggzy-monthly-2023-04.toml"), may]))
    row = {(r.issue, r.category, r.column): r.increment for r in summary.statistics}
    assert row[("2023年第4期", "全省", "项目数")] == 3095
    assert row[("2023年第5期", "全省", "项目数")] == 3256
    assert row[("2023年第5期", "房屋建筑工程", "交易金额")] == 224.37
    lines = next(p for p in chart_panels(summary) if p["kind"] == "lines" and p["title"].startswith("全省"))
    assert lines["series"]["项目数"] == [3095.0, 3256.0]


def test_check_names_last_years_issue_it_could_not_read(may, invoke):
    # a truncated file of May 2022 beside the issue was passed over without a word: 同比 vanished
    # from the bulletin and check said only that there was no such file
    text = may.read_text(encoding="utf-8")
    may.write_text("\n".join(x for x in text.splitlines() if not x.startswith("last_year")) + "\n", encoding="utf-8")
    april = may.with_name("ggzy-monthly-2023-04.toml").read_text(encoding="utf-8")
    broken = may.with_name("ggzy-monthly-2022-05.toml")
    broken.write_text(april.replace("year = 2023", "year = 2022")[:700], encoding="utf-8")
    r = invoke("check", "-f", str(may))
    assert r.exit_code == 0, r.stdout
    assert "去年同期：无法读取 ggzy-monthly-2022-05.toml" in r.stdout and "格式错误" in r.stdout


def test_a_misspelt_column_in_a_ranking_is_named_before_any_issue_uses_it(tmp_path, invoke):
    # rows.top('交易额', 5) ranked nothing: the bulletin printed 排名前5位的依次为：。 and
    # kinds --check, check and render all passed
    kind = tmp_path / "templates" / "排名月报"
    kind.mkdir(parents=True)
    (kind / "kind.toml").write_text(
        'name = "排名月报"\nunit = "某中心"\ncadence = "monthly"\n\n'
        '[[section]]\ntype = "statistics"\ntitle = "窗口排名"\ncount_from = "period"\n'
        'columns = [{ name = "交易金额", unit = "亿元", decimals = 4 }]\n'
        "template = \"排名前5位的依次为：{{ rows.top('交易额', 5)|map(attribute='name')|join('、') }}。\"\n",
        encoding="utf-8",
    )
    r = invoke("kinds", "--check", str(kind))
    assert r.exit_code != 0 and "明细表没有“交易额”列：可用的列有 交易金额" in r.stdout + r.stderr


@pytest.mark.parametrize(
    ("table", "needle"),
    [
        # "1,5" (a decimal comma) was stored as 15, and "1,2,3" as 123
        ('类别,项目数,交易金额\n全省,3256,"1,5"\n', "逗号不是千位分隔"),
        ('类别,项目数,交易金额\n全省,"1,2,3",5\n', "逗号不是千位分隔"),
        # two columns for one figure: the last one won without a word
        ("类别,项目数,项目数\n全省,3256,3257\n", "出现两次"),
        ("类别,项目,项目数\n全省,3256,3257\n", "“项目”和“项目数”都是全省的项目数"),
        # ٣ (an Arabic-Indic digit) was read as 3
        ("类别,项目数\n全省,٣\n", "不是整数"),
    ],
    ids=["decimal-comma", "bad-grouping", "header-twice", "two-names-one-column", "arabic-digit"],
)
def test_a_cell_that_cannot_be_read_one_way_only_is_refused(may, invoke, table, needle):
    csv = may.with_name("6月分类别.csv")
    csv.write_text(table, encoding="utf-8")
    refused(invoke, may, "stats", "--csv", str(csv), "--section", "总体情况", needle=needle)


def test_excels_ways_of_writing_a_number_are_read(may, invoke):
    # full-width digits and point (１２３４．５) were refused after the digits, 5.0 in a count too
    csv = may.with_name("6月分类别.csv")
    csv.write_text(
        '类别,项目数,交易金额\r\n全省,"3,256","1,013.33"\r\n政府采购,１８４２,９６．３８\r\n矿业权出让,8.0,16.73\r\n',
        encoding="gbk",
    )
    r = invoke("stats", "-f", str(may), "--csv", str(csv), "--section", "总体情况")
    assert r.exit_code == 0, r.stderr
    assert "全省：项目数 3256，交易金额 1013.33" in r.stderr
    assert "政府采购：项目数 1842，交易金额 96.38" in r.stderr
    assert "矿业权出让：项目数 8，交易金额 16.73" in r.stderr


def test_a_category_named_as_the_total_is_not_added_to_the_others(tmp_path, invoke):
    # categories = ["合计", "甲", "乙"]: the platform's 合计 was summed with its own parts, and the
    # bulletin printed 总13 for 10 + 3 + 0
    kind = tmp_path / "templates" / "合计月报"
    kind.mkdir(parents=True)
    section = (
        '[[section]]\ntype = "statistics"\ntitle = "办件"\ncount_from = "period"\n'
        'columns = [{ name = "受理", unit = "件" }]\n'
        "template = \"{% for c in categories %}{{ c.name }}{{ c['受理'] }}件；{% endfor %}共{{ total['受理'] }}件。\"\n"
    )
    (kind / "kind.toml").write_text(
        'name = "合计月报"\nunit = "某中心"\ncadence = "monthly"\n\n' + section + 'categories = ["合计", "甲", "乙"]\n',
        encoding="utf-8",
    )
    r = invoke("kinds", "--check", str(kind))
    assert r.exit_code != 0 and "类别“合计”会与其他类别相加" in r.stdout + r.stderr
    assert 'name = "合计", total = true' in r.stdout + r.stderr
    r = invoke("new", str(tmp_path / "2024-01.toml"), "--kind", "合计月报", "--number", "1", "--total", "1")
    assert r.exit_code != 0 and not (tmp_path / "2024-01.toml").exists()


def test_the_table_and_the_chart_are_not_written_to_one_file(may, invoke):
    # --csv 全年.png --chart 全年.png: the chart was drawn, then the CSV written over it
    out = may.with_name("全年.png")
    r = invoke("summary", str(may), "--csv", str(out), "--chart", str(out))
    assert r.exit_code != 0 and "--csv 和 --chart 都是" in r.stderr and "Traceback" not in r.stderr
    assert not out.exists()


@pytest.mark.parametrize(
    ("values", "needle"),
    [
        (["--value", "项目数=3256", "--value", "项目数=3265"], "给了两次“项目数”"),
        (["--value", "项目=3256", "--value", "项目数=3265"], "都是全省的项目数"),
    ],
    ids=["same-name", "part-and-whole"],
)
def test_one_figure_typed_twice_on_the_command_line_is_refused(may, invoke, values, needle):
    # --value 项目数=3256 --value 项目数=3265 stored 3265 without a word
    refused(invoke, may, "stats", "全省", *values, needle=needle)


@pytest.mark.parametrize(
    ("lines", "needle"),
    [
        ('columns = [{ name = "受理" }, { name = "受理" }]\ncategories = ["甲"]\n', "列“受理”出现两次"),
        ('columns = [{ name = "受理" }]\ncategories = ["甲", "甲"]\n', "类别“甲”出现两次"),
    ],
    ids=["column-twice", "category-twice"],
)
def test_a_kind_naming_a_column_or_category_twice_is_refused(tmp_path, invoke, lines, needle):
    # kinds --check passed it; in the issue `stats 甲` answered “甲”对应多个统计类别（甲、甲）：请写得更具体些
    # and the figures could never be filled
    kind = tmp_path / "templates" / "重复月报"
    kind.mkdir(parents=True)
    (kind / "kind.toml").write_text(
        'name = "重复月报"\nunit = "某中心"\ncadence = "monthly"\n\n[[section]]\ntype = "statistics"\n'
        'title = "办件"\ntemplate = "办件。"\n' + lines,
        encoding="utf-8",
    )
    r = invoke("kinds", "--check", str(kind))
    assert r.exit_code != 0 and needle in r.stdout + r.stderr


@pytest.mark.parametrize("option", ["--csv", "--table"])
def test_a_cell_too_long_for_csv_is_named_not_a_traceback(may, invoke, option):
    # a cell of 200,000 characters (a stray quote swallowing the rest of the file does it too)
    # ended in _csv.Error: field larger than field limit (131072)
    csv = may.with_name("坏表.csv")
    csv.write_text("类别,项目数\n" + "甲" * 200_000 + ",5\n", encoding="utf-8")
    refused(invoke, may, "stats", option, str(csv), "--section", "分地区", needle="第 2 行有一格过长")


def test_show_gives_a_series_counted_by_period_its_increments_as_summary_does(may):
    # count_from = "period": summary gave each month's figure as its own 本期新增, but show
    # subtracted nothing and left the column out, as if no month had an increment
    from io import StringIO

    from rich.console import Console

    from zhoubao import show, store

    issue = store.load_issue(may)
    previous, _note = store.load_previous(may, issue)
    assert previous is not None
    out = StringIO()
    show.print_issue(issue, previous, Console(file=out, width=240))
    text = out.getvalue()
    assert "本期新增项目数" in text and "本期新增交易金额" in text
    row = next(line for line in text.splitlines() if "政府采购" in line)
    assert [cell.strip() for cell in row.split("│")][3:5] == ["1842", "1842"]  # 项目数, then its 本期新增


def test_show_prints_an_increment_with_its_columns_decimals(tmp_path):
    # 2.40 亿元 beside its 本周新增 shown as 2.4, and 0.00 as 0.0: the increment went through str()
    from io import StringIO

    from rich.console import Console

    from zhoubao import show, store

    shutil.copy(EXAMPLES / "ggzy-2023-05.toml", tmp_path / "ggzy-2023-05.toml")
    issue = store.load_issue(tmp_path / "ggzy-2023-05.toml")
    out = StringIO()
    show.print_issue(issue, None, Console(file=out, width=240))
    row = next(line for line in out.getvalue().splitlines() if "国有产权交易" in line)
    # 节约资金: the category lacks it (产权 has 溢价), shown as a dash with no increment
    assert [cell.strip() for cell in row.split("│")][2:] == ["9", "9", "2.40", "2.40", "—", ""]


def test_a_table_of_rows_for_a_sentence_that_never_reads_them_is_said(example, invoke, tmp_path):
    """The weekly kind's statistics sentence reads no `rows`: a clerk who filled them with --table
    (meaning --csv) learns at once that they will not print."""
    table = tmp_path / "平台导出.csv"
    table.write_text("单位,受理,办结\n成都,100,90\n绵阳,50,40\n", encoding="utf-8")
    r = invoke("stats", "-f", str(example), "--table", str(table))
    assert (
        r.exit_code == 0 and "统计句不用明细表（模板中没有 rows）：这些行不会印出；填写类别的数字请用 --csv" in r.stderr
    )
