"""Dates: printed as the bulletin prints them, parsed as clerks type them."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhoubao.dates import (
    cn_date,
    cn_month_day,
    cn_period,
    parse_date,
    parse_period,
    starts_with_date,
)
from zhoubao.errors import ZhoubaoError

D = dt.date


def test_seed_dates_are_printed_without_padding() -> None:
    assert cn_date(D(2022, 11, 1)) == "2022年11月1日"
    assert cn_month_day(D(2022, 9, 26)) == "9月26日"
    assert cn_period(D(2022, 9, 26), D(2022, 9, 30)) == "（9月26日—9月30日）"


def test_period_across_months_and_years() -> None:
    assert cn_period(D(2022, 9, 26), D(2022, 10, 2)) == "（9月26日—10月2日）"
    assert cn_period(D(2022, 12, 26), D(2023, 1, 6)) == "（2022年12月26日—2023年1月6日）"


def test_one_day_period_names_the_day_once() -> None:
    assert cn_period(D(2023, 1, 3), D(2023, 1, 3)) == "（1月3日）"


def test_backwards_period_is_refused() -> None:
    with pytest.raises(ZhoubaoError, match="结束日期早于开始日期"):
        cn_period(D(2022, 9, 30), D(2022, 9, 26))


@settings(derandomize=True, max_examples=300)
@given(st.dates(), st.dates())
def test_printed_dates_match_the_audit(first: dt.date, second: dt.date) -> None:
    start, end = sorted((first, second))
    for text in (cn_date(start), cn_month_day(start), cn_period(start, end)):
        assert not re.search(r"\d{4}年0\d月|月0\d日", text)  # audit T3
        assert not re.search(r"\s", text)


@pytest.mark.parametrize(
    "text",
    [
        "9月28日，斯伦贝谢科技服务（成都）有限公司向生态环境厅政务窗口赠送了锦旗和感谢信。",
        "2022年9月28日，召开推进会。",
        "9月28日至29日，开展培训。",
        "9 月 28 日，省广播电视局印发通知。",
        "九月二十八日，召开会议。",
        "12月1号起施行。",
        "9月下旬，开展督查。",
        "9月底前完成梳理。",
        "9月份以来，累计办件1000件。",
    ],
)
def test_texts_that_start_with_a_date(text: str) -> None:
    assert starts_with_date(text)


@pytest.mark.parametrize(
    "text",
    [
        "省广播电视局与重庆市文化和旅游发展委员会联合印发通知。",
        "30日内办结。",  # a time limit, not a date
        "28日，召开会议。",  # a bare day: decided not to count, see starts_with_date
        "近日，召开会议。",
        "2022年，全省受理……",
        "9月，全省受理……",
        "会议于9月28日召开。",
        "",
    ],
)
def test_texts_that_do_not_start_with_a_date(text: str) -> None:
    assert not starts_with_date(text)


@pytest.mark.parametrize(
    "typed",
    [
        "2022-09-26",
        "2022-9-26",
        "2022/09/26",
        "2022/9/26",
        "2022年9月26日",
        "2022 年 9 月 26 日",
        " 2022-09-26\n",
        "２０２２－０９－２６",
        "2022年09月26日",
    ],
)
def test_parse_date_accepts_what_clerks_type(typed: str) -> None:
    assert parse_date(typed) == D(2022, 9, 26)


def test_parse_date_names_a_date_that_does_not_exist() -> None:
    with pytest.raises(ZhoubaoError) as raised:
        parse_date("2022-02-30")
    assert raised.value.message == "日期 2022-02-30 不存在：请写成存在的日期，格式 YYYY-MM-DD"


@pytest.mark.parametrize("typed", ["2022-13-01", "2022-00-10", "2023-02-29", "0000-01-01", "2022年4月31日"])
def test_impossible_dates_are_refused(typed: str) -> None:
    with pytest.raises(ZhoubaoError, match=f"日期 {typed} 不存在"):
        parse_date(typed)


@pytest.mark.parametrize("typed", ["", "tomorrow", "2022-09", "22-09-26", "2022-09-26T10:00", "2022-09-26\n2022-09-27"])
def test_malformed_dates_are_refused_on_one_line(typed: str) -> None:
    with pytest.raises(ZhoubaoError, match="格式不对") as raised:
        parse_date(typed)
    assert "\n" not in raised.value.message
    assert "YYYY-MM-DD" in raised.value.message


@settings(derandomize=True, max_examples=300)
@given(st.dates(min_value=D(1000, 1, 1)))
def test_parse_date_reads_back_what_is_printed(day: dt.date) -> None:
    assert parse_date(day.isoformat()) == day
    assert parse_date(cn_date(day)) == day


@settings(derandomize=True, max_examples=300)
@given(st.text(max_size=30))
def test_parse_date_fails_only_with_zhoubao_error(text: str) -> None:
    try:
        parse_date(text)
    except ZhoubaoError as error:
        assert "\n" not in error.message


def test_parse_period() -> None:
    assert parse_period("2022-09-26..2022-09-30") == (D(2022, 9, 26), D(2022, 9, 30))
    assert parse_period("2022-09-26 至 2022-09-30") == (D(2022, 9, 26), D(2022, 9, 30))
    assert parse_period("2022-09-26～2022-09-30") == (D(2022, 9, 26), D(2022, 9, 30))
    assert parse_period("2023-01-03..2023-01-03") == (D(2023, 1, 3), D(2023, 1, 3))


def test_backwards_period_names_the_problem() -> None:
    with pytest.raises(ZhoubaoError, match="2022-09-30..2022-09-26 的结束日期早于开始日期"):
        parse_period("2022-09-30..2022-09-26")


@pytest.mark.parametrize(
    "typed",
    ["2022-09-26", "2022-09-26..", "..2022-09-30", "2022-09-26-2022-09-30", "2022-09-26..2022-09-28..2022-09-30", ""],
)
def test_malformed_periods_are_refused(typed: str) -> None:
    with pytest.raises(ZhoubaoError, match="格式不对"):
        parse_period(typed)


def test_a_bad_date_inside_a_period_is_named() -> None:
    with pytest.raises(ZhoubaoError, match="日期 2022-02-30 不存在"):
        parse_period("2022-02-28..2022-02-30")


@pytest.mark.parametrize(
    "typed", ["2022-09-26", "20220926", "2022.9.26", "2022/9/26", "2022年9月26日", "２０２２－０９－２６"]
)
def test_a_full_date_typed_the_ways_clerks_type_it(typed):
    assert parse_date(typed) == dt.date(2022, 9, 26)


@pytest.mark.parametrize(
    ("typed", "want"),
    [
        ("9月26日", dt.date(2022, 9, 26)),
        ("9-26", dt.date(2022, 9, 26)),
        ("9/26", dt.date(2022, 9, 26)),
        ("12月30日", dt.date(2022, 12, 30)),
        ("1月2日", dt.date(2023, 1, 2)),
    ],
)
def test_a_month_and_day_take_the_year_of_the_period(typed, want):
    near = (
        (dt.date(2022, 12, 26), dt.date(2022, 12, 30))
        if typed.startswith(("12", "1月"))
        else (dt.date(2022, 9, 26), dt.date(2022, 9, 30))
    )
    assert parse_date(typed, near) == want


def test_a_month_and_day_without_a_period_ask_for_the_year_once():
    with pytest.raises(ZhoubaoError) as raised:
        parse_date("9月26日")
    assert raised.value.message == "日期 9月26日 没有年份：请写成 YYYY-09-26"
    with pytest.raises(ZhoubaoError) as raised:
        parse_date("明天")
    assert raised.value.message.count("格式") == 1


def test_add_news_with_a_month_and_day(issue, invoke):
    r = invoke("add-news", "-f", str(issue), "--section", "服务效能", "--date", "9月28日", "甲。")
    assert r.exit_code == 0, r.stderr
    assert "date = 2022-09-28" in issue.read_text(encoding="utf-8")


# ----------------------------------------------------------------------------- NFKC, the quick way

_WIDE_AND_TRICKY = "ＡＺａｚ０９，：；（）　１０月５日…①㈠ﬁ\u0301\u0308Å丽\uf900한글가\u1100\u1161"


@settings(derandomize=True, max_examples=300, deadline=None)
@given(
    st.one_of(
        st.text(max_size=40),
        st.lists(st.sampled_from(list(_WIDE_AND_TRICKY) + ["A", "e", "甲", " "]), max_size=20).map("".join),
        st.text(alphabet=st.characters(min_codepoint=0xFF00, max_codepoint=0xFFEF), max_size=20),
    )
)
def test_nfkc_is_exactly_what_unicodedata_makes(text: str) -> None:
    import unicodedata

    from zhoubao.validate import nfkc

    assert nfkc(text) == unicodedata.normalize("NFKC", text)


def test_nfkc_maps_what_a_chinese_input_method_types() -> None:
    from zhoubao.validate import nfkc

    assert nfkc("２０２２年１０月５日，ＡＢ　窗口…") == "2022年10月5日,AB 窗口..."
    assert parse_date("２０２２－１０－０５") == D(2022, 10, 5)
