"""Compose: the seed's text with its mistakes fixed, numbering, dates, templates, literal user text."""

from __future__ import annotations

import copy
import datetime as dt
import tomllib

import pytest

from tests.conftest import EXAMPLES
from zhoubao.compose import compose
from zhoubao.errors import ZhoubaoError
from zhoubao.model import Issue
from zhoubao.numerals import cn_number
from zhoubao.outline import Distribution, Heading, Masthead, Paragraph, PartTitle


def seed_data() -> dict:
    return tomllib.loads((EXAMPLES / "2022-33.toml").read_text(encoding="utf-8"))


def texts(data: dict, **kw) -> list[str]:
    outline = compose(Issue.from_dict(data), **kw)
    out = []
    for block in outline.blocks:
        if isinstance(block, Masthead):
            out += [block.draft_mark, block.name, *block.issue_lines, block.unit, block.date]
        elif isinstance(block, PartTitle):
            out += [block.title, block.subtitle]
        elif isinstance(block, Heading | Paragraph):
            out.append(block.text)
        elif isinstance(block, Distribution):
            out += [f"{line.label}：{line.text}" for line in block.lines] + [block.copies]
    return [t for t in out if t]


def sections(data: dict) -> dict[str, dict]:
    return {s["title"]: s for top in data["section"] for s in [top, *top.get("sub", [])]}


def test_the_seed_reads_as_the_real_bulletin_with_its_mistakes_fixed():
    lines = texts(seed_data())
    assert lines[:7] == [
        "窗口工作周报",
        "2022年第33期（总第408期）",
        "四川省政府政务服务和公共资源交易服务中心",
        "2022年11月1日",
        "政务服务工作",
        "（9月26日—9月30日）",
        "一、省级政务服务事项受理办理情况",
    ]
    assert lines[7] == (
        "据四川一体化政务服务平台数据统计，2022年1月1日至2022年9月30日，省本级行政许可事项受理644608件，"
        "办结636146件；公共服务事项受理19985725件，办结7756140件；其它九类行权事项受理50880件，累计办结51546件。"
    )
    assert "二、窗口工作动态" in lines and "三、大厅巡查情况" in lines
    headings = [t for t in lines if t[:2] in ("一、", "二、", "三、") or t.startswith("（")]
    assert [t for t in headings if t.endswith("情况") or t.endswith("大厅")][:4] == [
        "一、省级政务服务事项受理办理情况",
        "（一）优化营商环境工作开展情况",
        "（二）窗口服务效能提升工作情况",
        "（三）厅（局）长进大厅",
    ]
    single = lines[lines.index("（一）优化营商环境工作开展情况") + 1]
    assert single.startswith("9月26日，省广播电视局")  # a single item stands unnumbered
    assert any(t.startswith("（1）9月28日，斯伦贝谢科技服务（成都）有限公司") for t in lines)
    assert any(t.startswith("（2）9月29日，经济和信息化厅") for t in lines)
    assert any(t.startswith("（1）9月28日，省交通物流发展中心二级巡视员、主任柏吉琼到省政务中心") for t in lines)
    assert any(t.startswith("（2）9月30日，商务厅一级巡视员刘祥超同志开展") for t in lines)
    assert "（一）按时到岗情况。总体情况良好。" in lines
    assert any(t.startswith("（六）大厅防控情况。大厅人员管控到位") and "72小时" in t for t in lines)
    assert lines[-4:] == [
        "报：中心领导。",
        "送：各相关省级部门（单位），中心各处（室）、直属单位。",
        "发：各部门窗口。",
        "（共印80份）",
    ]
    for t in lines:
        assert "  " not in t and " 年" not in t and " 件" not in t


def test_inspection_label_is_a_bold_run_in_heading_numbered_like_level_two():
    outline = compose(Issue.from_dict(seed_data()))
    label = next(b for b in outline.blocks if isinstance(b, Paragraph) and b.text.startswith("（一）按时到岗"))
    # the label bold as in the seed, its number in the same face: one font family (issue 20)
    assert [(r.text, r.style) for r in label.runs] == [
        ("（一）按时到岗情况", "bold"),
        ("。总体情况良好。", "body"),
    ]


def test_headings_restart_after_a_part_title():
    data = seed_data()
    titles = [section.get("title") for section in data["section"]]
    data["section"].insert(titles.index("窗口工作动态"), {"type": "part", "title": "公共资源交易工作"})
    lines = texts(data)
    assert lines.count("一、省级政务服务事项受理办理情况") == 1
    after = lines[lines.index("公共资源交易工作") :]
    assert after[1] == "一、窗口工作动态" and "二、大厅巡查情况" in after


def test_dates_prefix_unless_text_starts_with_one_and_typography_is_fixed():
    data = seed_data()
    entry = sections(data)["优化营商环境工作开展情况"]["entry"][0]
    entry["text"] = "9月27日 召开 2 次 会议, 部署工作."
    lines = texts(data)
    assert "9月27日召开2次会议，部署工作。" in lines


def test_findings_are_joined_with_windows():
    data = seed_data()
    item = sections(data)["大厅巡查情况"]["item"][4]
    del item["result"]
    item["finding"] = [{"window": "税务窗口", "text": "工作时间玩手机"}, {"text": "个别窗口离岗未挂牌。"}]
    assert "（五）纪律秩序。税务窗口：工作时间玩手机；个别窗口离岗未挂牌。" in texts(data)


def test_user_text_is_data_not_template_source():
    data = seed_data()
    sections(data)["优化营商环境工作开展情况"]["entry"][0]["text"] = "{{ 7*7 }} 与 <w:p> & {% raw %}"
    visit = sections(data)["厅（局）长进大厅"]["entry"][0]
    visit["name"] = "{{ name }}"
    lines = texts(data)
    assert "9月26日，{{ 7*7 }}与<w:p> & {% raw %}" in lines or "9月26日，{{ 7*7 }} 与 <w:p> & {% raw %}" in lines
    assert any("二级巡视员、主任{{ name }}到省政务中心" in t for t in lines)


def test_templates_run_sandboxed_and_strict():
    data = seed_data()
    stats = sections(data)["省级政务服务事项受理办理情况"]
    stats["template"] = "{{ nosuch }}"
    with pytest.raises(ZhoubaoError, match="未定义的变量.*nosuch"):
        compose(Issue.from_dict(data))
    stats["template"] = "{{ source.__class__.__mro__[1].__subclasses__() }}"
    with pytest.raises(ZhoubaoError, match="不允许"):
        compose(Issue.from_dict(data))
    stats["template"] = "{% for %}"
    with pytest.raises(ZhoubaoError, match="第 1 行有语法错误"):
        compose(Issue.from_dict(data))


def test_unset_items_and_empty_sections_are_left_out_with_a_warning():
    data = seed_data()
    del sections(data)["大厅巡查情况"]["item"][0]["result"]
    sections(data)["厅（局）长进大厅"].pop("entry")
    outline = compose(Issue.from_dict(data))
    lines = texts(data)
    assert "（一）工作区域标准化执行情况。总体情况良好。" in lines
    assert not any("厅（局）长进大厅" in t for t in lines)
    assert any("按时到岗情况" in w for w in outline.warnings)
    assert any("厅（局）长进大厅" in w for w in outline.warnings)


def test_partly_filled_statistics_are_an_error():
    data = seed_data()
    del sections(data)["省级政务服务事项受理办理情况"]["category"][1]["values"]["办结"]
    with pytest.raises(ZhoubaoError, match="公共服务事项.*缺少办结"):
        compose(Issue.from_dict(data))


def test_draft_mark_and_properties():
    data = seed_data()
    assert texts(data, draft=True)[0] == "送审稿"
    assert texts(data)[0] == "窗口工作周报"
    props = compose(Issue.from_dict(data)).properties
    assert (props.title, props.author, props.date) == (
        "窗口工作周报 2022年第33期",
        "四川省政府政务服务和公共资源交易服务中心",
        dt.date(2022, 11, 1),
    )


def test_period_across_new_year_and_chinese_numbers():
    data = copy.deepcopy(seed_data())
    data["issue"]["period_start"], data["issue"]["period_end"] = dt.date(2022, 12, 26), dt.date(2023, 1, 6)
    assert "（2022年12月26日—2023年1月6日）" in texts(data)
    assert [cn_number(n) for n in (1, 9, 10, 11, 20, 21, 99)] == ["一", "九", "十", "十一", "二十", "二十一", "九十九"]


def test_a_line_break_the_clerk_typed_starts_a_paragraph_never_runs_into_the_last():
    data = seed_data()
    entry = sections(data)["优化营商环境工作开展情况"]["entry"][0]
    entry["text"] = "第一段写会议。\n第二段写要求。\r\n\n第三段写落实。"
    lines = texts(data)
    at = next(i for i, line in enumerate(lines) if line.startswith("9月26日，第一段写会议。"))
    assert lines[at : at + 3] == ["9月26日，第一段写会议。", "第二段写要求。", "第三段写落实。"]
    efficiency = sections(data)["窗口服务效能提升工作情况"]["entry"]
    efficiency[0]["text"] = "甲段。\n乙段。"
    lines = texts(data)
    at = next(i for i, line in enumerate(lines) if line.startswith("（1）9月28日，甲段。"))
    assert lines[at + 1] == "乙段。" and lines[at + 2].startswith("（2）9月29日")


def test_a_category_says_a_column_its_own_way():
    """The seed's 其它九类行权事项 受理50880件，累计办结51546件: the 累计 explains why 办结 exceeds 受理."""
    data = seed_data()
    other = sections(data)["省级政务服务事项受理办理情况"]["category"][2]
    assert other["labels"] == {"办结": "累计办结"}
    del other["labels"]
    assert "其它九类行权事项受理50880件，办结51546件。" in texts(data)[7]
