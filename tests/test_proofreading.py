"""A week without surprises (issue 21, points 2–6): check reads like a proof-reader, the dates
`new --from` proposes are ones a bulletin is printed on, the editing commands say a slip when it
happens, a draft shows what is missing, and the output says each thing once, when it matters."""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from pathlib import Path

import pytest

from tests.conftest import audit
from zhoubao import edits, store
from zhoubao.check import ERROR, WARNING, check_path
from zhoubao.compose import compose
from zhoubao.outline import Heading, Paragraph

D = dt.date


def head(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))["issue"]


def roll(invoke, previous: Path, name: str, *args: str):
    r = invoke("new", str(previous.with_name(name)), "--from", str(previous), *args)
    assert r.exit_code == 0, r.stderr
    return r


def fill_stats(invoke, path: Path, figures: dict[str, tuple[int, int]]) -> None:
    for category, (accepted, completed) in figures.items():
        r = invoke("stats", "-f", str(path), category, "--accepted", str(accepted), "--completed", str(completed))
        assert r.exit_code == 0, r.stderr


SEED_FIGURES = {
    "行政许可事项": (644608, 636146),
    "公共服务事项": (19985725, 7756140),
    "其它九类行权事项": (50880, 51546),
}


def problems(path: Path, level: str | None = None) -> list[str]:
    return [f"{p.where}：{p.message}" for p in check_path(path) if level is None or p.level == level]


# ----------------------------------------------------------------------------- 2. check as a proof-reader


def test_last_weeks_figures_again_are_a_warning_naming_the_previous_issue(example, invoke):
    roll(invoke, example, "2022-34.toml")
    nxt = example.with_name("2022-34.toml")
    fill_stats(invoke, nxt, SEED_FIGURES)  # last week's export, by mistake
    said = [p for p in problems(nxt, WARNING) if "与上一期" in p and "完全相同" in p]
    assert said and "2022-33.toml" in said[0]
    assert len([p for p in problems(nxt) if "完全相同" in p]) == 1  # the section once, not each category too
    fill_stats(invoke, nxt, {**SEED_FIGURES, "行政许可事项": (650000, 640000)})
    said = [p for p in problems(nxt, WARNING) if "完全相同" in p]
    # one row of last week's export copied in: each such category is named, the new one is not
    assert sorted(p.split("：")[0] for p in said) == ["统计类别“公共服务事项”", "统计类别“其它九类行权事项”"]
    assert all("本期新增都是 0" in p for p in said)
    fill_stats(invoke, nxt, {"公共服务事项": (19995725, 7766140), "其它九类行权事项": (50890, 51556)})
    assert not [p for p in problems(nxt) if "完全相同" in p]


def test_a_cumulative_figure_lower_than_last_weeks_is_an_error_unless_counted_per_period(example, invoke):
    roll(invoke, example, "2022-34.toml")
    nxt = example.with_name("2022-34.toml")
    fill_stats(invoke, nxt, {**SEED_FIGURES, "行政许可事项": (600000, 640000)})
    assert any("累计受理 600000 小于上一期的 644608" in p for p in problems(nxt, ERROR))
    assert invoke("render", "-f", str(nxt), "-o", str(nxt.with_name("x.docx"))).exit_code != 0
    text = nxt.read_text(encoding="utf-8")
    per_period = text.replace("since = 2022-01-01\n", "").replace(
        'source = "四川一体化政务服务平台"', 'source = "四川一体化政务服务平台"\ncount_from = "period"'
    )
    nxt.write_text(per_period, encoding="utf-8")
    assert not any("小于上一期" in p for p in problems(nxt))


def test_stats_says_at_once_what_check_would_say_of_the_figures_just_filled(example, invoke):
    roll(invoke, example, "2022-34.toml")
    nxt = example.with_name("2022-34.toml")
    r = invoke("stats", "-f", str(nxt), "行政许可", "--accepted", "644608", "--completed", "636146")
    assert (
        r.exit_code == 0 and "提示：统计类别“行政许可事项”：数字与上一期（2022-33.toml）完全相同" in r.stderr + r.stdout
    )
    r = invoke("stats", "-f", str(nxt), "公共服务", "--accepted", "19985000", "--completed", "7766140")
    out = r.stderr + r.stdout
    assert r.exit_code == 0 and "提示：统计类别“公共服务事项”：累计受理 19985000 小于上一期的 19985725" in out
    assert "行政许可事项" not in out  # only the category just filled
    r = invoke("stats", "-f", str(nxt), "公共服务", "--accepted", "19995725", "--completed", "7766140")
    assert r.exit_code == 0 and "提示" not in r.stderr + r.stdout


def test_render_says_when_check_has_warnings_so_a_clerk_who_skips_check_learns_it(example, invoke):
    r = invoke("render", "-f", str(example), "-o", str(example.with_name("a.docx")))
    assert r.exit_code == 0 and "检查发现" not in r.stdout + r.stderr  # the seed: nothing to look at
    twice = "窗口工作人员主动服务，企业表示满意，送来锦旗一面。"
    for _ in range(2):
        assert (
            invoke("add-news", "-f", str(example), "--section", "服务效能", "--date", "2022-09-29", twice).exit_code
            == 0
        )
    r = invoke("render", "-f", str(example), "-o", str(example.with_name("b.docx")))
    out = r.stdout + r.stderr
    assert r.exit_code == 0 and "提示：检查发现 1 个警告（如条目 #8）：送审前请用 zhoubao check 查看" in out
    r = invoke("render", "-f", str(example), "--draft", "-o", str(example.with_name("c.docx")))
    assert "检查发现 1 个警告" in r.stdout + r.stderr


NEWS = "经济和信息化厅组织召开省本级政务服务“三化”建设工作推进会，扎实推进政务服务标准化、规范化、便利化工作。"


def test_the_same_news_twice_or_nearly_is_a_warning_with_both_entry_numbers(example, invoke):
    r = invoke("add-news", "-f", str(example), "--section", "服务效能", "--date", "2022-09-29", NEWS)
    assert r.exit_code == 0 and "条目 #7 与条目" not in r.stderr  # not yet in the issue: no warning
    nearly = NEWS.replace("扎实推进", "切实推进").replace("，", " ")  # a word changed, punctuation gone
    r = invoke("add-news", "-f", str(example), "--section", "营商", "--date", "2022-09-30", nearly)
    assert r.exit_code == 0
    assert "条目 #8 与条目 #7 几乎相同" in r.stderr  # add-news says it at once
    assert "zhoubao remove 8" in r.stderr
    r = invoke("add-news", "-f", str(example), "--section", "营商", "9月30日，" + NEWS)
    assert "条目 #9 与条目 #7 相同" in r.stderr
    said = problems(example, WARNING)
    assert any(p.startswith("条目 #8：与条目 #7 几乎相同") for p in said)
    assert any(p.startswith("条目 #9：与条目 #7 相同") for p in said)
    assert not any(p.startswith("条目 #7：") for p in said)  # the first one is not the repeat
    assert not any("条目 #4：" in p or "条目 #5：" in p for p in said)  # different news pass


def test_news_repeated_from_the_previous_issue_is_a_warning(example, invoke):
    roll(invoke, example, "2022-34.toml")
    nxt = example.with_name("2022-34.toml")
    last_week = tomllib.loads(example.read_text(encoding="utf-8"))["section"][3]["sub"][1]["entry"][0]
    r = invoke("add-news", "-f", str(nxt), "--section", "服务效能", last_week["text"])
    assert r.exit_code == 0
    assert f"条目 #1 与上一期（2022-33.toml）的条目 #{last_week['id']} 相同" in r.stderr
    said = problems(nxt, WARNING)
    assert any(p.startswith(f"条目 #1：与上一期（2022-33.toml）的条目 #{last_week['id']} 相同") for p in said)


def test_nearly_the_same_is_a_ratio_of_at_least_nine_tenths_over_text_without_punctuation():
    from zhoubao.proofread import SIMILAR, likeness, normalised

    assert normalised("9月26日，召开 推进会。") == normalised("召开推进会") == "召开推进会"
    assert likeness("一二三四五六七八九十", "一二三四五六七八九拾") >= SIMILAR  # one in ten differs
    assert likeness("一二三四五", "一二三四六") < SIMILAR  # one in five is another item
    long_a, long_b = "甲" * 50_000, "甲" * 49_000 + "乙" * 1_000
    assert likeness(long_a, long_b) >= SIMILAR  # bounded: compares the first characters, fast


def test_an_issue_date_on_a_holiday_or_before_the_previous_ones_is_a_warning(example, invoke):
    roll(invoke, example, "2022-34.toml", "--date", "2022-11-07")
    nxt = example.with_name("2022-34.toml")
    assert not any("印发日期" in p for p in problems(nxt))
    edits.set_field(nxt, "date", D(2022, 10, 17))  # a Monday, but before 33's 2022-11-01
    assert any("早于上一期的印发日期 2022-11-01" in p for p in problems(nxt, WARNING))
    edits.set_field(nxt, "date", D(2022, 11, 5))  # a Saturday
    assert any("2022-11-05 是星期六，不是工作日" in p for p in problems(nxt, WARNING))
    edits.set_field(example, "date", D(2022, 10, 3))
    assert any("2022-10-03 是国庆假期，不是工作日" in p for p in problems(example, WARNING))


def test_a_second_issue_with_the_same_number_in_the_folder_is_a_warning(example, invoke):
    r = roll(invoke, example, "2022-34.toml")
    assert "也是2022年第34期" not in r.stderr
    r = roll(invoke, example, "2022-34-again.toml")
    assert "本文件夹中 2022-34.toml 也是2022年第34期" in r.stderr  # new --from says it at once
    assert any("2022-34.toml 也是2022年第34期" in p for p in problems(example.with_name("2022-34-again.toml"), WARNING))
    assert not any("也是2022年第33期" in p for p in problems(example))


# ----------------------------------------------------------------------------- 3. 印发日期 and the period


def test_the_weekly_issue_date_is_the_first_working_day_after_the_period_and_not_before_the_last():
    from zhoubao.rollover import issue_date

    later = D(2026, 11, 27)  # a back issue rolled forward years later
    assert issue_date(D(2022, 9, 30), later)[0] == D(2022, 10, 8)  # not 10-03 (国庆): the make-up Saturday
    assert issue_date(D(2022, 1, 30), later)[0] == D(2022, 2, 7)  # not 01-31 (除夕) nor the Spring Festival
    assert issue_date(D(2022, 12, 30), later)[0] == D(2023, 1, 3)  # not 01-02 (元旦补休)
    assert issue_date(D(2022, 10, 14), later, D(2022, 11, 1))[0] == D(2022, 11, 1)  # 33 printed 11-01
    assert issue_date(D(2026, 11, 20), later)[0] == D(2026, 11, 27)  # this week's issue: today
    assert issue_date(D(2026, 11, 20), D(2026, 11, 28))[0] == D(2026, 11, 30)  # today a Saturday: Monday


def test_new_from_explains_a_holiday_shift_and_never_dates_before_the_previous(example, invoke):
    r = roll(invoke, example, "2022-34.toml")
    assert "期间 2022-10-08 至 2022-10-14，印发日期 2022-11-01" in r.stderr
    assert "国庆 10月1日—7日放假，10月8日（周六）、10月9日（周日）调休上班" in r.stderr
    r = roll(invoke, example.with_name("2022-34.toml"), "2022-35.toml")
    assert "放假" not in r.stderr  # a plain week says nothing


def test_the_site_index_orders_by_year_and_issue_number(example, invoke, tmp_path):
    from zhoubao.render import RenderOptions, render_site

    roll(invoke, example, "2022-34.toml", "--date", "2022-10-17")  # 34 printed before 33 was
    roll(invoke, example.with_name("2022-34.toml"), "2022-35.toml", "--date", "2022-11-07")
    paths = [example.with_name(f"2022-{n}.toml") for n in (33, 34, 35)]
    site = render_site(paths, tmp_path / "site", RenderOptions(draft=True))
    index = site.index.read_text(encoding="utf-8")
    where = [index.index(f"第{n}期") for n in (35, 34, 33)]
    assert where == sorted(where)


# ----------------------------------------------------------------------------- 4. said when it happens


def test_add_news_and_add_visit_say_a_date_outside_the_period_at_once(example, invoke):
    r = invoke("add-news", "-f", str(example), "--section", "服务效能", "--date", "2022-10-09", "甲。")
    assert r.exit_code == 0
    assert "日期 2022-10-09 不在本期期间 2022-09-26 至 2022-09-30 内：已写入" in r.stderr
    assert "甲。" in example.read_text(encoding="utf-8")  # still written
    r = invoke("add-news", "-f", str(example), "--section", "服务效能", "9月20日，乙。")  # the date in the text
    assert "日期 2022-09-20 不在本期期间" in r.stderr
    r = invoke("add-news", "-f", str(example), "--section", "服务效能", "--date", "2022-09-28", "丙。")
    assert "不在本期期间" not in r.stderr
    r = invoke(
        "add-visit",
        "-f",
        str(example),
        "--date",
        "9月20日",
        "--unit",
        "商务厅",
        "--post",
        "厅长",
        "--name",
        "张三",
        "调研。",
    )
    assert r.exit_code == 0 and "这次来访的日期 2022-09-20 不在本期期间" in r.stderr


def test_inspect_says_a_date_outside_the_period_at_once(issue, invoke):
    r = invoke("inspect", "-f", str(issue), "着装情况", "--finding", "10月10日，3号窗口未着工装")
    assert r.exit_code == 0 and "巡查记录的日期 2022-10-10 不在本期期间" in r.stderr
    r = invoke("inspect", "-f", str(issue), "纪律秩序", "9月27日，总体情况良好。")
    assert r.exit_code == 0 and "不在本期期间" not in r.stderr


# ----------------------------------------------------------------------------- 5. a draft shows what is missing


def test_a_draft_keeps_the_heading_of_an_empty_section_with_a_placeholder(issue, invoke, tmp_path):
    edits.inspect(issue, "着装情况")
    loaded = store.load_issue(issue)
    blocks = compose(loaded, draft=True).blocks
    texts = [
        b.text if isinstance(b, Heading) else "".join(r.text for r in b.runs)
        for b in blocks
        if isinstance(b, Heading | Paragraph)
    ]
    stats = texts.index("一、省级政务服务事项受理办理情况")
    assert texts[stats + 1] == "（待填写）"
    assert "二、窗口工作动态" in texts and "三、大厅巡查情况" in texts  # the numbering as the final will have it
    assert texts[texts.index("（一）优化营商环境工作开展情况") + 1] == "（待填写）"
    assert "（一）按时到岗情况。（待填写）" in texts and "（三）着装情况。总体情况良好。" in texts
    final = [b.text for b in compose(loaded).blocks if isinstance(b, Heading)]
    assert "一、大厅巡查情况" in final  # a final (forced) render still leaves them out
    out = tmp_path / "draft.docx"
    assert invoke("render", "-f", str(issue), "--draft", "-o", str(out)).exit_code == 0
    page = tmp_path / "draft.html"
    assert invoke("render", "-f", str(issue), "--draft", "--html", "-o", str(page)).exit_code == 0
    assert page.read_text(encoding="utf-8").count("（待填写）") == texts.count("（待填写）") + 5
    r = invoke("render", "-f", str(issue), "-o", str(tmp_path / "final.docx"))
    assert r.exit_code != 0 and "还不能生成定稿" in r.stderr
    assert audit(out) == "0 deviations"


# ----------------------------------------------------------------------------- 6. quiet output


def test_the_newest_issue_hint_only_when_it_could_surprise(example, invoke, monkeypatch):
    monkeypatch.delenv("ZHOUBAO_FILE", raising=False)
    monkeypatch.chdir(example.parent)
    roll(invoke, example, "2022-34.toml")
    nxt = example.with_name("2022-34.toml")
    r = invoke("entries")
    assert r.exit_code == 0 and "提示：当前文件夹" not in r.stderr  # the newest was written last: expected
    os.utime(example, ns=(os.stat(nxt).st_mtime_ns + 10**9,) * 2)  # last week's file edited after
    r = invoke("entries")
    assert "取最新的一期 2022-34.toml（最近改动的是 2022-33.toml）" in r.stderr
    other = example.with_name("other.toml")
    other.write_text(example.read_text(encoding="utf-8").replace('kind = "窗口工作周报"', 'kind = "公共资源交易周报"'))
    os.utime(nxt, ns=(os.stat(other).st_mtime_ns + 10**9,) * 2)
    r = invoke("entries")
    assert "分属 2 种简报（窗口工作周报、公共资源交易周报）" in r.stderr


def test_one_warning_per_character_per_entry(example, invoke):
    r = invoke(
        "add-visit", "-f", str(example), "--date", "2022-09-29", "--unit", "某厅", "--post", "厅长", "--name", "王喆",
        "王喆到窗口调研。",
    )  # fmt: skip
    assert r.exit_code == 0
    said = [p for p in problems(example, WARNING) if "“喆”" in p]
    assert len(said) == 1 and said[0].startswith("栏目“厅（局）长进大厅”条目 #7")


def test_a_category_with_carry_over_expects_completed_above_accepted(example, invoke):
    assert not any("大于受理" in p for p in problems(example))  # the kind says 其它九类行权事项 carries over
    text = example.read_text(encoding="utf-8")
    example.write_text(text.replace("carry_over = true\n", ""), encoding="utf-8")
    said = [p for p in problems(example, WARNING) if "大于受理" in p]
    assert said and "carry_over = true" in said[0]
    r = roll(invoke, example, "2022-34.toml")  # the next issue follows the kind as it is now
    assert "carry_over" in r.stderr
    fill_stats(invoke, example.with_name("2022-34.toml"), {**SEED_FIGURES, "其它九类行权事项": (51000, 52000)})
    assert not any("大于受理" in p for p in problems(example.with_name("2022-34.toml")))


@pytest.mark.parametrize("value", ["yes", "1"])
def test_carry_over_is_true_or_false(example, value):
    from zhoubao.errors import ZhoubaoError

    text = example.read_text(encoding="utf-8")
    example.write_text(text.replace("carry_over = true", f'carry_over = "{value}"'), encoding="utf-8")
    with pytest.raises(ZhoubaoError, match="carry_over 应为 true 或 false"):
        store.load_issue(example)
