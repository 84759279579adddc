"""The statistics arithmetic a clerk would otherwise do with a calculator: rounding at the printed
decimals, 环比 and 同比 with their wording, shares of a total, rankings from the per-unit table,
and the shapes real categories take (another unit, a column they lack, a total that is given)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from zhoubao import figures
from zhoubao.compose import compose
from zhoubao.errors import ZhoubaoError
from zhoubao.model import Issue
from zhoubao.outline import Paragraph
from zhoubao.sections.statistics import COLUMN_WORDS, RATE_WORDS, Comparison, RowTable

# ----------------------------------------------------------------------------- rounding


@pytest.mark.parametrize(
    ("value", "decimals", "printed"),
    [
        (75.415, 2, "75.42"),  # binary floating point would print 75.41
        (0.125, 2, "0.13"),  # and round half to even 0.12
        (2.675, 2, "2.68"),
        (1021.34565, 4, "1021.3457"),
        (2.5, 0, "3"),
        (644608, 0, "644608"),
        (-0.001, 2, "0.00"),  # never "-0.00"
        (58.37, 2, "58.37"),
    ],
)
def test_a_figure_rounds_half_up_on_its_decimal_value(value, decimals, printed):
    assert figures.format_figure(value, decimals) == printed
    assert figures.format_figure(value, decimals) == printed  # the same each time


def test_a_percentage_is_worked_out_in_decimals():
    assert figures.percent(15083, 20000) == Decimal("75.415")
    assert figures.rate(15083, 20000, 2) == "75.42"
    assert figures.rate(1, 3, 2) == "33.33"
    assert figures.rate(5, 0, 2) == "—"
    assert figures.percent(5, 0) is None


# ----------------------------------------------------------------------------- one comparison


def between(value, base, *, decimals=0, points=False, words=COLUMN_WORDS, percent_decimals=2) -> Comparison:
    return Comparison.between(
        value,
        base,
        decimals=decimals,
        points=points,
        words=words,
        where="环比：统计类别“受理”",
        percent_decimals=percent_decimals,
    )


def test_an_increase_and_a_decrease_are_worded_by_their_sign():
    up = between(5610, 3198)  # 2412 / 3198 = 75.4221…%
    assert (up.text, up.word, up.percent, up.diff, up.base, up.sign) == (
        "增加75.42%",
        "增加",
        "75.42",
        "2412",
        "3198",
        1,
    )
    down = between(3100, 3200)
    assert (down.text, down.sign, down.diff) == ("减少3.13%", -1, "100")


def test_equal_figures_read_as_unchanged_without_a_percentage_sign():
    same = between(100, 100)
    assert (same.text, same.sign, same.percent) == ("持平", 0, "0.00")


def test_equal_at_the_printed_decimals_is_unchanged():
    assert between(58.371, 58.369, decimals=2).text == "持平"


def test_a_zero_base_gives_no_percentage_and_says_why():
    comparison = between(12, 0)
    assert comparison.text == "" and comparison.percent == ""
    assert "基数为 0" in comparison.problem
    assert between(0, 0).text == "持平" and not between(0, 0).problem


def test_a_missing_base_gives_nothing_and_says_why():
    comparison = between(12, None)
    assert comparison.text == "" and not comparison.known
    assert "没有可比的数字" in comparison.problem


def test_rounding_at_the_printed_decimals_is_half_up():
    # 15083 against 20000: a fall of 4917 = 24.585% → 24.59 (half up), the same each time
    assert between(15083, 20000).text == "减少24.59%"
    assert between(35083, 20000).text == "增加75.42%"  # 75.415%


def test_a_rate_changes_in_percentage_points():
    comparison = between(Decimal("92.80"), Decimal("91.70"), decimals=1, points=True, words=RATE_WORDS)
    assert (comparison.text, comparison.points, comparison.percent) == ("提高1.1个百分点", "1.1", "")
    assert between(100, 100, points=True, words=RATE_WORDS).text == "持平"
    assert between(Decimal("90"), Decimal("95.5"), decimals=1, points=True, words=RATE_WORDS).text == "降低5.5个百分点"


def test_a_kind_chooses_its_words():
    assert between(80, 100, words=("增长", "下降", "持平")).text == "下降20.00%"


def test_the_comparison_notes_whether_the_template_printed_it():
    comparison = between(1, None)
    assert not comparison.used
    assert comparison.text == ""
    assert comparison.used


# ----------------------------------------------------------------------------- the per-unit table


def rows(*pairs) -> RowTable:
    return RowTable([{"name": n, "values": {"办件量": v}, "办件量": str(v)} for n, v in pairs])


def test_the_top_n_in_order_of_a_column_with_ties_in_the_tables_order():
    table = rows(("甲", 5), ("乙", 9), ("丙", 9), ("丁", 0), ("戊", 7))
    assert [r["name"] for r in table.top("办件量", 3)] == ["乙", "丙", "戊"]
    assert [r["name"] for r in table.bottom("办件量", 2)] == ["丁", "甲"]
    assert [r["name"] for r in table.zero("办件量")] == ["丁"]
    assert [r["name"] for r in table.nonzero("办件量")] == ["甲", "乙", "丙", "戊"]
    assert table.count == 5 and table.total("办件量") == "30"
    assert table.top("办件量", 10) == table.top("办件量", 5)  # fewer than asked: all of them
    assert table.top("办件量", -1) == []


# ----------------------------------------------------------------------------- in a bulletin


TEMPLATE = (
    "{% for c in categories %}{{ c.name }}{{ c['项目数'] }}{{ c.units['项目数'] }}"
    "{% if '节约资金' in c.columns %}，节约资金{{ c['节约资金'] }}亿元{% endif %}"
    "，占比{{ c.share['项目数'] }}%，环比{{ c.huanbi['项目数'] }}，同比{{ c.tongbi['项目数'] }}；{% endfor %}"
    "合计{{ total['项目数'] }}个，节约率{{ total.rates['节约率'] }}%，"
    "节约率比上月{{ total.huanbi['节约率'] }}。"
)


def issue_data(year: int, month: int, values: dict[str, dict], **section) -> dict:
    start = dt.date(year, month, 1)
    end = (dt.date(year + month // 12, month % 12 + 1, 1)) - dt.timedelta(days=1)
    return {
        "issue": {
            "kind": "测试月报",
            "name": "公共资源交易月报",
            "unit": "某州公共资源交易中心",
            "year": year,
            "number": month,
            "total": 100 + month,
            "date": end + dt.timedelta(days=5),
            "period_start": start,
            "period_end": end,
        },
        "section": [
            {
                "type": "statistics",
                "title": "交易情况",
                "template": TEMPLATE,
                "columns": [
                    {"name": "项目数", "unit": "项"},
                    {"name": "交易金额", "unit": "亿元", "decimals": 4},
                    {"name": "节约资金", "unit": "亿元", "decimals": 4},
                ],
                "rates": [{"name": "节约率", "numerator": "节约资金", "denominator": "交易金额", "decimals": 2}],
                "category": [
                    {"name": "政府采购", "values": values.get("政府采购", {})},
                    {
                        "name": "土地使用权出让",
                        "units": {"项目数": "宗"},
                        "lacks": ["节约资金"],
                        "values": values.get("土地使用权出让", {}),
                    },
                ],
                **section,
            }
        ],
    }


MAY = {
    "政府采购": {"项目数": 138, "交易金额": 9.8765, "节约资金": 0.4567},
    "土地使用权出让": {"项目数": 32, "交易金额": 250.1234},
}
APRIL = {
    "政府采购": {"项目数": 120, "交易金额": 9.0, "节约资金": 0.45},
    "土地使用权出让": {"项目数": 32, "交易金额": 200.0},
}
MAY_LAST_YEAR = {
    "政府采购": {"项目数": 200, "交易金额": 10.0, "节约资金": 0.5},
    "土地使用权出让": {"项目数": 0, "交易金额": 0.0},
}


def sentence(data: dict, previous: dict | None = None, year_before: dict | None = None) -> str:
    outline = compose(
        Issue.from_dict(data),
        previous=Issue.from_dict(previous) if previous else None,
        year_before=Issue.from_dict(year_before) if year_before else None,
    )
    return "".join(b.text for b in outline.blocks if isinstance(b, Paragraph))


def test_comparisons_shares_units_and_a_missing_column_in_one_sentence():
    text = sentence(issue_data(2023, 5, MAY), issue_data(2023, 4, APRIL), issue_data(2022, 5, MAY_LAST_YEAR))
    assert text == (
        "政府采购138项，节约资金0.4567亿元，占比81.18%，环比增加15.00%，同比减少31.00%；"
        "土地使用权出让32宗，占比18.82%，环比持平，同比；"  # a base of 0: no percentage
        "合计170个，节约率0.18%，节约率比上月降低0.04个百分点。"  # 0.4567 of 259.9999 against 0.45 of 209
    )


def test_without_a_previous_issue_the_comparisons_print_nothing():
    text = sentence(issue_data(2023, 5, MAY))
    assert "环比，同比；" in text and text.endswith("节约率比上月。")


def test_check_names_each_comparison_the_bulletin_cannot_print(tmp_path):
    from zhoubao.check import check_issue

    problems = check_issue(
        Issue.from_dict(issue_data(2023, 5, MAY)),
        previous=None,
        year_before=Issue.from_dict(issue_data(2022, 5, MAY_LAST_YEAR)),
    )
    said = [f"{p.where} {p.message}" for p in problems]
    assert any("环比：统计类别“政府采购”的项目数" in s and "没有可比的数字" in s for s in said)
    assert any("同比：统计类别“土地使用权出让”的项目数" in s and "基数为 0" in s for s in said)
    # the template prints no 交易金额 comparison: nothing is said about one
    assert not any("交易金额" in s for s in said)


def test_a_category_lacking_a_column_is_complete_without_it():
    from zhoubao.check import check_issue

    problems = check_issue(Issue.from_dict(issue_data(2023, 5, MAY)))
    assert not [p for p in problems if "缺少" in p.message]


def test_a_given_total_is_printed_as_given_not_summed():
    data = issue_data(2023, 5, MAY)
    data["section"][0]["category"].insert(
        0, {"name": "全州", "total": True, "values": {"项目数": 500, "交易金额": 300.0, "节约资金": 1.0}}
    )
    text = sentence(data)
    assert "合计500个" in text and "节约率0.33%" in text
    assert "占比27.60%" in text  # 138 of the stated 500, the listed parts need not add up
    assert "全州" not in text  # the total is not one of the categories


def test_two_totals_are_refused():
    data = issue_data(2023, 5, MAY)
    for category in data["section"][0]["category"]:
        category["total"] = True
    with pytest.raises(ZhoubaoError, match="多个类别标为合计"):
        Issue.from_dict(data)


def test_typed_bases_stand_in_for_missing_issue_files():
    data = issue_data(2023, 5, MAY)
    data["section"][0]["category"][0]["last"] = {"项目数": 100}
    data["section"][0]["category"][0]["last_year"] = {"项目数": 276}
    text = sentence(data)
    assert "政府采购138项，节约资金0.4567亿元，占比81.18%，环比增加38.00%，同比减少50.00%；" in text


def test_a_breakdown_that_does_not_add_up_has_no_sum():
    data = issue_data(2023, 5, MAY, sum=False)
    data["section"][0]["template"] = "{% for c in categories %}{{ c.name }}{{ c['项目数'] }}；{% endfor %}"
    assert sentence(data) == "政府采购138；土地使用权出让32；"
    data["section"][0]["template"] = "合计{{ totals['项目数'] }}"
    with pytest.raises(ZhoubaoError, match="未定义的变量"):
        sentence(data)


def test_rankings_and_lists_from_the_per_unit_table():
    data = issue_data(2023, 5, MAY)
    data["section"][0]["row"] = [
        {"name": n, "values": {"项目数": v, "交易金额": a, "节约资金": 0.0}}
        for n, v, a in [
            ("州本级", 40, 120.5),
            ("甲县", 12, 30.25),
            ("乙县", 0, 0.0),
            ("丙市", 12, 60.0),
            ("丁县", 0, 0.0),
        ]
    ]
    data["section"][0]["template"] = (
        "交易金额排名前3位的依次为："
        "{% for r in rows.top('交易金额', 3) %}{{ r.name }}（{{ r['交易金额'] }}亿元）{{ '、' if not loop.last else '；' }}{% endfor %}"
        "项目数并列时按表中顺序：{{ rows.top('项目数', 3)|map(attribute='name')|join('、') }}；"
        "本月无交易的{{ rows.zero('项目数')|length }}个：{{ rows.zero('项目数')|map(attribute='name')|join('、') }}；"
        "共{{ rows.count }}个单位，合计{{ rows.total('交易金额') }}亿元，州本级占{{ rows.top('交易金额', 1)[0].share['交易金额'] }}%。"
    )
    assert sentence(data) == (
        "交易金额排名前3位的依次为：州本级（120.5000亿元）、丙市（60.0000亿元）、甲县（30.2500亿元）；"
        "项目数并列时按表中顺序：州本级、甲县、丙市；"
        "本月无交易的2个：乙县、丁县；"
        "共5个单位，合计210.7500亿元，州本级占57.18%。"
    )


def test_a_line_break_in_the_template_starts_another_paragraph():
    data = issue_data(2023, 5, MAY)
    data["section"][0]["template"] = "总体情况。\n\n按类别：{{ categories|length }}类。"
    outline = compose(Issue.from_dict(data))
    assert [b.text for b in outline.blocks if isinstance(b, Paragraph)] == ["总体情况。", "按类别：2类。"]


def test_a_rate_may_not_share_a_columns_name():
    data = issue_data(2023, 5, MAY)
    data["section"][0]["rates"][0]["name"] = "项目数"
    with pytest.raises(ZhoubaoError, match="与一列同名"):
        Issue.from_dict(data)


def test_bad_words_are_refused_with_the_fix():
    data = issue_data(2023, 5, MAY)
    data["section"][0]["columns"][0]["words"] = ["增长", "下降"]
    with pytest.raises(ZhoubaoError, match="三个词"):
        Issue.from_dict(data)


# ----------------------------------------------------------------------------- from the command line


@pytest.fixture
def monthly(tmp_path):
    """The monthly example's May issue and its April predecessor, copied."""
    import shutil

    from tests.conftest import EXAMPLES

    for name in ("ggzy-monthly-2023-04.toml", "ggzy-monthly-2023-05.toml"):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    return tmp_path / "ggzy-monthly-2023-05.toml"


def test_stats_with_a_section_and_a_base_typed_beside_the_figure(monthly, invoke):
    r = invoke("stats", "-f", str(monthly), "房屋建筑", "--section", "分行业", "--value", "项目数=420")
    assert r.exit_code == 0, r.stderr
    r = invoke("stats", "-f", str(monthly), "政府采购", "--value", "上期项目数=1800", "--value", "去年同期项目数=2000")
    assert r.exit_code == 0, r.stderr
    assert "上期项目数 1800" in r.stderr and "去年同期项目数 2000" in r.stderr
    import tomllib

    data = tomllib.loads(monthly.read_text(encoding="utf-8"))
    category = next(c for c in data["section"][1]["category"] if c["name"] == "政府采购")
    assert category["last"] == {"项目数": 1800} and category["last_year"]["项目数"] == 2000
    industry = next(c for c in data["section"][3]["category"] if c["name"] == "房屋建筑工程")
    assert industry["values"]["项目数"] == 420


def test_a_name_in_two_statistics_sections_asks_which(monthly, invoke):
    r = invoke("stats", "-f", str(monthly), "--table", str(monthly.with_name("none.csv")))
    assert r.exit_code != 0
    before = monthly.read_bytes()
    csv = monthly.with_name("t.csv")
    csv.write_text("地区,项目数\n甲,1\n", encoding="utf-8")
    r = invoke("stats", "-f", str(monthly), "--table", str(csv))
    assert r.exit_code != 0 and "请用 --section 指明" in r.stderr
    assert monthly.read_bytes() == before


def test_the_per_unit_table_is_replaced_whole(monthly, invoke):
    csv = monthly.with_name("regions.csv")
    csv.write_text("市（州）,项目数,交易金额,矿业权出让\n成都市,5,1.5,0\n绵阳市,3,0.25,2\n", encoding="gbk")
    r = invoke("stats", "-f", str(monthly), "--table", str(csv), "--section", "分地区")
    assert r.exit_code == 0, r.stderr
    assert "2 行" in r.stderr
    import tomllib

    rows = tomllib.loads(monthly.read_text(encoding="utf-8"))["section"][2]["row"]
    assert rows == [
        {"name": "成都市", "values": {"项目数": 5, "交易金额": 1.5, "矿业权出让": 0}},
        {"name": "绵阳市", "values": {"项目数": 3, "交易金额": 0.25, "矿业权出让": 2}},
    ]


@pytest.mark.parametrize(
    ("table", "needle"),
    [
        ("市（州）,项目数\n成都市,5\n成都市,6\n", "重复"),
        ("市（州）,项目数\n成都市,-5\n", "负数"),
        ("市（州）,件数\n成都市,5\n", "统计列"),
        ("市（州）,项目数\n成都市,5.5\n", "整数"),
        (",项目数\n成都市,5\n", "表头为空"),
        ("市（州）,项目数\n", "没有数据行"),
    ],
)
def test_a_bad_table_changes_nothing(monthly, invoke, table, needle):
    csv = monthly.with_name("bad.csv")
    csv.write_text(table, encoding="utf-8")
    before = monthly.read_bytes()
    r = invoke("stats", "-f", str(monthly), "--table", str(csv), "--section", "分地区")
    assert r.exit_code != 0 and needle in r.stderr and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert monthly.read_bytes() == before


def test_a_category_csv_naming_a_category_twice_is_refused(monthly, invoke):
    csv = monthly.with_name("twice.csv")
    csv.write_text("类别,项目数\n政府采购,5\n政府采购,6\n", encoding="utf-8")
    before = monthly.read_bytes()
    r = invoke("stats", "-f", str(monthly), "--csv", str(csv))
    assert r.exit_code != 0 and "重复" in r.stderr
    assert monthly.read_bytes() == before


def test_the_next_issue_keeps_no_table_and_no_typed_base(monthly, invoke):
    nxt = monthly.with_name("ggzy-monthly-2023-06.toml")
    r = invoke("new", str(nxt), "--from", str(monthly), "--date", "2023-07-05")
    assert r.exit_code == 0, r.stderr
    import tomllib

    data = tomllib.loads(nxt.read_text(encoding="utf-8"))
    assert (data["issue"]["period_start"], data["issue"]["period_end"]) == (dt.date(2023, 6, 1), dt.date(2023, 6, 30))
    assert "row" not in data["section"][2]
    assert all("last_year" not in c and c["values"] == {} for c in data["section"][1]["category"])
    kind = next(c for c in data["section"][1]["category"] if c["name"] == "土地使用权出让")
    assert kind["units"] == {"项目数": "宗"} and kind["lacks"] == ["节约资金"]  # the kind's shape stays


def test_check_of_the_next_issue_speaks_of_the_comparisons_it_cannot_print(monthly, invoke):
    r = invoke("check", "-f", str(monthly))
    assert r.exit_code == 0, r.stderr  # the example has every base it prints
    assert "同比" not in r.stdout and "环比" not in r.stdout
    text = monthly.read_text(encoding="utf-8")
    monthly.write_text("\n".join(x for x in text.splitlines() if not x.startswith("last_year")), encoding="utf-8")
    r = invoke("check", "-f", str(monthly))
    assert "同比：统计类别“全省”的项目数" in r.stdout and "没有可比的数字" in r.stdout
    assert r.exit_code == 0  # a warning: the sentence is printed without the clause


def test_show_lists_the_table_the_typed_bases_and_what_a_category_lacks(monthly, invoke, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")  # each column beside its 本期新增 (counted by period): a wide table
    r = invoke("show", "-f", str(monthly))
    assert r.exit_code == 0, r.stderr
    assert "明细表（21 行）" in r.stdout and "凉山州" in r.stdout and "37.17" in r.stdout
    assert "全省（合计）" in r.stdout and "全省：去年同期项目数 4131" in r.stdout
    land = next(line for line in r.stdout.splitlines() if "土地使用权出让 " in line or "土地使用权出让│" in line)
    assert "—" in land and "未填" not in land
