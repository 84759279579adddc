"""zhoubao import: last week's Word file, typed by a clerk or rendered by zhoubao, back into an issue file."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
import tomllib
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import docx
import pytest
from docx.enum.text import WD_BREAK
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import DATA, EXAMPLES, audit
from tests.layout_checks import assert_layout
from zhoubao import edits, typography
from zhoubao.compose import compose
from zhoubao.errors import ZhoubaoError
from zhoubao.importing import (
    UNPLACED_TITLE,
    DocParagraph,
    import_docx,
    import_file,
    read_paragraphs,
    split_lead,
    split_visitor,
    write_import,
)
from zhoubao.outline import Distribution, Heading, Paragraph, PartTitle
from zhoubao.render import RenderOptions
from zhoubao.render import render_issue as _render_issue
from zhoubao.summary import FindingRow, load_issues, summarise


def render_issue(issue_path, out):
    """These tests render partly filled issues on purpose: past `check`'s refusal of a final render."""
    return _render_issue(issue_path, out, RenderOptions(force=True))


# The real bulletin 窗口工作周报 2022年第33期 as text extracted from its PDF, spaces and mistakes included.
SEED = DATA / "seed-2022-33.txt"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def example() -> dict:
    return tomllib.loads((EXAMPLES / "2022-33.toml").read_text(encoding="utf-8"))


def paragraph_texts(path: Path) -> list[str]:
    """Every paragraph's text in the .docx (body and tables), read independently of the importer."""
    with zipfile.ZipFile(path) as package:
        root = ElementTree.fromstring(package.read("word/document.xml"))
    texts = []
    for p in root.iter(f"{W}p"):
        texts.append(
            "".join(
                node.text or "" if node.tag == f"{W}t" else "\t"
                for node in p.iter()
                if node.tag in (f"{W}t", f"{W}tab")
            )
        )
    return texts


def sections_by_title(data: dict) -> dict[str, dict]:
    return {s["title"]: s for top in data["section"] for s in [top, *top.get("sub", [])]}


def without_ids(data: dict) -> dict:
    return {**data, "section": [_no_ids(s) for s in data["section"]]}


def _no_ids(section: dict) -> dict:
    out = {**section, "sub": [_no_ids(s) for s in section.get("sub", [])]}
    out["entry"] = [{k: v for k, v in e.items() if k != "id"} for e in section.get("entry", [])]
    return out


# ----------------------------------------------------------------------------- a clerk's Word file


def add_runs(document, *runs: tuple[str, bool]):
    """One paragraph made of runs, as Word splits them: (text, bold)."""
    paragraph = document.add_paragraph()
    for text, bold in runs:
        paragraph.add_run(text).bold = bold
    return paragraph


def hand_typed_seed(path: Path) -> Path:
    """The seed bulletin as a clerk types it in Word from the PDF, mistakes and all.

    Built from the seed's text: its stray spaces (`2022 年 11 月 1 日`), the second `一、`, the two
    paragraphs the PDF broke at a page (one with a Word page break between the halves), bold run-in
    labels as separate runs (`（一）` + `按时到岗情况` + `。总体情况良好。`), and runs that split words.
    """
    lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    name, issue_line, unit, date, *body = lines
    assert date == "2022 年 11 月 1 日" and body.count("一、窗口工作动态") == 1
    document = docx.Document()
    document.add_paragraph(name)
    document.add_paragraph(issue_line)
    unit_line = document.add_paragraph(unit)
    unit_line.add_run().add_tab()
    unit_line.add_run("  " + date)
    for line in body:
        label = re.match(r"^(（[一二三四五六]）)\*\*(.+?)\*\*(.*)$", line)
        if label:  # （一）**按时到岗情况**。总体情况良好。
            add_runs(document, (label.group(1), True), (label.group(2), True), (label.group(3), False))
        elif line.startswith("9 月 26 日，省广播电视局"):  # a run boundary inside 电视
            at = line.index("电视") + 1
            add_runs(document, (line[:at], False), (line[at:], False))
        elif "644608" in line:  # and one inside a figure
            at = line.index("644608") + 3
            add_runs(document, (line[:at], False), (line[at:], False))
        else:
            document.add_paragraph(line)
        if line.endswith("关于做"):  # the clerk pasted the PDF's page break too
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.save(path)
    return path


def typed(path: Path, *paragraphs: str, date: str = "2022年11月1日") -> Path:
    """A short typed bulletin: the masthead, then the given paragraphs."""
    document = docx.Document()
    for text in (
        "窗口工作周报",
        "2022年第33期（总第408期）",
        f"四川省政府政务服务和公共资源交易服务中心  {date}",
        *paragraphs,
    ):
        document.add_paragraph(text)
    document.save(path)
    return path


def test_hand_typed_seed_gives_back_every_fact_of_the_issue(tmp_path):
    result = import_docx(hand_typed_seed(tmp_path / "33.docx"))
    data, expected = result.data, example()
    head = data["issue"]
    assert (head["name"], head["unit"], head["year"], head["number"], head["total"]) == (
        "窗口工作周报",
        "四川省政府政务服务和公共资源交易服务中心",
        2022,
        33,
        408,
    )
    assert (head["date"], head["period_start"], head["period_end"]) == (
        dt.date(2022, 11, 1),
        dt.date(2022, 9, 26),
        dt.date(2022, 9, 30),
    )

    sections, want = sections_by_title(data), sections_by_title(expected)
    stats = sections["省级政务服务事项受理办理情况"]
    figures = {c["name"]: c["values"] for c in stats["category"]}
    assert figures == {
        "行政许可事项": {"受理": 644608, "办结": 636146},
        "公共服务事项": {"受理": 19985725, "办结": 7756140},
        "其它九类行权事项": {"受理": 50880, "办结": 51546},
    }
    assert (stats["since"], stats["as_of"]) == (dt.date(2022, 1, 1), dt.date(2022, 9, 30))
    news = [e for title in ("优化营商环境工作开展情况", "窗口服务效能提升工作情况") for e in sections[title]["entry"]]
    assert [e["date"] for e in news] == [dt.date(2022, 9, 26), dt.date(2022, 9, 28), dt.date(2022, 9, 29)]
    # The text broken at the page is whole again, without the date it starts with.
    assert news[0]["text"].startswith("省广播电视局与重庆市") and "关于做好“川渝通办”" in news[0]["text"]
    visits = sections["厅（局）长进大厅"]["entry"]
    assert [(v["date"], v["unit"], v["post"], v["name"]) for v in visits] == [
        (dt.date(2022, 9, 28), "省交通物流发展中心", "二级巡视员、主任", "柏吉琼"),
        (dt.date(2022, 9, 30), "商务厅", "一级巡视员", "刘祥超"),
        (dt.date(2022, 9, 30), "生态环境厅", "党组书记、厅长", "钟承林"),
    ]
    assert "第一站，要认真落实" in visits[2]["text"]
    items = sections["大厅巡查情况"]["item"]
    assert [(i["name"], i["result"]) for i in items] == [(i["name"], i["result"]) for i in want["大厅巡查情况"]["item"]]
    assert "72小时" in items[5]["result"]  # stray spaces gone
    assert data["distribution"] == expected["distribution"]
    # Every entry, figure and line is the one in the example issue, to the character.
    assert data["section"] == expected["section"]
    assert data["issue"] == expected["issue"]

    report = "\n".join(result.report)
    assert "一级标题编号有误" in report  # the second 一、
    assert report.count("已合并") == 2  # the two page breaks
    assert "按模板重写" in report  # the irregular statistics sentence
    assert UNPLACED_TITLE not in report


def test_hand_typed_seed_renders_to_the_standard(tmp_path):
    result = import_docx(hand_typed_seed(tmp_path / "33.docx"))
    issue_path = write_import(result)
    assert issue_path == tmp_path / "33.toml"
    text = issue_path.read_text(encoding="utf-8")
    assert "# 导入时的原文：据四川一体化政务服务平台数据统计" in text  # the typed sentence is kept
    rendered = render_issue(issue_path, tmp_path / "out.docx")
    assert_layout(rendered.docx)
    example_render = render_issue(EXAMPLES / "2022-33.toml", tmp_path / "example.docx")
    assert paragraph_texts(rendered.docx) == paragraph_texts(example_render.docx)
    assert audit(rendered.docx) == "0 deviations"


# ----------------------------------------------------------------------------- zhoubao's own output


def round_trip(issue_path: Path, folder: Path) -> tuple[list[str], list[str], dict]:
    first = render_issue(issue_path, folder / "first.docx").docx
    result = import_docx(first)
    again = write_import(result, folder / "again.toml")
    second = render_issue(again, folder / "second.docx").docx
    return paragraph_texts(first), paragraph_texts(second), result.data


def test_render_import_render_gives_the_same_text(tmp_path):
    first, second, data = round_trip(EXAMPLES / "2022-33.toml", tmp_path)
    assert first == second
    assert data == example()


def test_a_longer_issue_survives_the_round_trip(tmp_path):
    """The example plus a page and more of news and visits (LibreOffice sets it on six pages, not five)."""
    path = tmp_path / "2022-33.toml"
    shutil.copy(EXAMPLES / "2022-33.toml", path)
    for day in (26, 27, 28, 29, 30):
        edits.add_news(
            path,
            "优化营商环境",
            f"省市场监管局在窗口推行“一件事一次办”，当天办结企业开办事项{day}件，"
            "群众办事平均时间缩短一半以上。窗口还为新设企业免费刻制印章、寄递执照，"
            "实现企业开办“零成本”，相关做法得到办事群众和企业的一致好评。",
            dt.date(2022, 9, day),
        )
    edits.add_news(path, "效能提升", "窗口工作人员利用午间休息时间为群众办理业务，当周延时服务32人次。")
    visitors = [
        (dt.date(2022, 9, 27), "省发展改革委", "副主任", "王晓东"),
        (dt.date(2022, 9, 29), "省市场监管局", "党组成员、副局长", "李明"),
        (dt.date(2022, 9, 29), "省大数据中心", "主任", "欧阳建国"),
    ]
    for day, unit, post, name in visitors:
        edits.add_visit(
            path,
            day,
            unit,
            post,
            name,
            "到省政务中心窗口调研，详细了解窗口运行、事项办理和人员管理情况，"
            "要求进一步优化办事流程，压缩办理时限，提升群众和企业的满意度。",
        )
    first, second, data = round_trip(path, tmp_path)
    assert first == second
    shorter = paragraph_texts(render_issue(EXAMPLES / "2022-33.toml", tmp_path / "example.docx").docx)
    assert sum(map(len, first)) > sum(map(len, shorter)) + 22 * 28  # a page of 22 lines of 28 characters more
    visits = sections_by_title(data)["厅（局）长进大厅"]["entry"]
    assert [(v["date"], v["unit"], v["post"], v["name"]) for v in visits[3:]] == visitors
    # The same issue; entry ids are numbered afresh in reading order (add_news had put 7 after 3).
    assert without_ids(data) == without_ids(tomllib.loads(path.read_text(encoding="utf-8")))
    ids = [e["id"] for s in sections_by_title(data).values() for e in s.get("entry", [])]
    assert ids == list(range(1, 16))


# Findings as `inspect --finding … --window …` records them: (item, [(text, window) …]) per example.
FINDINGS = {
    "2022-33.toml": [("纪律秩序", [("工作时间玩手机", "税务窗口"), ("离岗未挂暂离牌", "社保窗口")])],
    "ggzy-2023-05.toml": [
        ("评标专家管理", [("评标现场使用手机未登记", "某学校食堂食材采购项目")]),
        (
            "见证服务",
            [("开标时间推迟半小时未提前公告", "某县污水处理厂提标改造工程"), ("2个项目未按时上传见证记录", "")],
        ),
    ],
}


def with_findings(name: str, folder: Path) -> Path:
    """The example issue with the findings above added through the editing API."""
    path = folder / name
    shutil.copy(EXAMPLES / name, path)
    for item, findings in FINDINGS[name]:
        edits.add_findings(path, item, findings)
    return path


def checklist_items(data: dict) -> list[dict]:
    return [item for s in data["section"] if s["type"] == "checklist" for item in s["item"]]


def visit_entries(data: dict) -> list[dict]:
    return [
        e
        for top in data["section"]
        for s in [top, *top.get("sub", [])]
        if s["type"] == "visits"
        for e in s.get("entry", [])
    ]


@pytest.mark.parametrize("name", list(FINDINGS))
def test_visits_and_findings_come_back_field_by_field(tmp_path, name):
    """Render → import gives back the source: every visit's unit, post, name and text (the seed's
    `刘祥超同志开展…` keeps 同志 where the source has it, at the start of the text), and findings
    with their windows, not one result sentence."""
    source = with_findings(name, tmp_path)
    first = render_issue(source, tmp_path / "first.docx").docx
    result = import_docx(first)
    want = tomllib.loads(source.read_text(encoding="utf-8"))
    assert visit_entries(result.data) == visit_entries(want)
    assert checklist_items(result.data) == checklist_items(want)
    assert any(item.get("finding") for item in checklist_items(result.data))
    assert result.data == want
    assert not any("巡查项" in line for line in result.report)
    again = render_issue(write_import(result, tmp_path / "again.toml"), tmp_path / "again.docx").docx
    assert paragraph_texts(again) == paragraph_texts(first)


def test_the_seeds_honorific_stays_where_the_source_keeps_it(tmp_path):
    """`商务厅一级巡视员刘祥超同志开展…`: name 刘祥超 (the summary counts the leader by it), 同志 opens the text."""
    first = render_issue(EXAMPLES / "2022-33.toml", tmp_path / "first.docx").docx
    [visit] = [v for v in visit_entries(import_docx(first).data) if v["unit"] == "商务厅"]
    [source] = [v for v in visit_entries(example()) if v["unit"] == "商务厅"]
    assert visit == source
    assert (visit["post"], visit["name"], visit["text"][:6]) == ("一级巡视员", "刘祥超", "同志开展“厅")


def test_summary_of_an_imported_issue_lists_its_findings(tmp_path):
    source = with_findings("2022-33.toml", tmp_path)
    result = import_docx(render_issue(source, tmp_path / "33.docx").docx)
    imported = write_import(result, tmp_path / "imported.toml")
    summary = summarise(load_issues([imported]))
    assert sorted(summary.findings, key=repr) == [
        FindingRow("纪律秩序", "社保窗口", "离岗未挂暂离牌", "2022年第33期"),
        FindingRow("纪律秩序", "税务窗口", "工作时间玩手机", "2022年第33期"),
    ]
    [counts] = [c for c in summary.counts if c.issue == "2022年第33期"]
    assert (counts.items_with_findings, counts.findings) == (1, 2)
    assert summary == summarise(load_issues([source]))


def kind_as_window_weekly(tmp_path: Path, change=lambda kind: kind, files: dict[str, str] | None = None) -> Path:
    """The 窗口工作周报 kind copied as 窗口周报 beside a new issue of it (1.toml), its kind.toml
    passed through `change` and the template `files` given written over; the issue file's path."""
    kind_dir = tmp_path / "templates" / "窗口周报"
    shutil.copytree(EXAMPLES.parent / "templates" / "窗口工作周报", kind_dir)
    kind = (kind_dir / "kind.toml").read_text(encoding="utf-8")
    kind = kind.replace('name = "窗口工作周报"', 'name = "窗口周报"').replace("default = true", "default = false")
    (kind_dir / "kind.toml").write_text(change(kind), encoding="utf-8")
    for name, text in (files or {}).items():
        (kind_dir / name).write_text(text, encoding="utf-8")
    path = tmp_path / "1.toml"
    edits.new_issue(
        path,
        "窗口周报",
        number=1,
        total=1,
        date=dt.date(2022, 10, 8),
        period=(dt.date(2022, 9, 26), dt.date(2022, 9, 30)),
    )
    return path


def kind_with_finding_template(tmp_path: Path, template: str) -> Path:
    """The 窗口工作周报 kind as 窗口周报, its findings printed through `template`."""
    return kind_as_window_weekly(tmp_path, files={"finding.j2": template})


def test_findings_through_the_default_template_are_told_apart_by_the_windows_shape(tmp_path):
    """`{{ window }}{{ text }}` prints `税务窗口工作时间玩手机`: the window is where a window's name ends."""
    path = kind_with_finding_template(tmp_path, "{{ window }}{{ text }}")
    edits.add_findings(path, "纪律秩序", [("工作时间玩手机", "税务窗口"), ("离岗未挂暂离牌", "不动产登记专窗")])
    edits.add_findings(path, "着装情况", [("部分窗口人员未穿工装", "")])  # 部分窗口 is no window
    edits.all_good(path)
    first = render_issue(path, tmp_path / "1.docx").docx
    assert "（五）纪律秩序。税务窗口工作时间玩手机；不动产登记专窗离岗未挂暂离牌。" in paragraph_texts(first)
    result = import_docx(first)
    items = {item["name"]: item for item in checklist_items(result.data)}
    assert items["纪律秩序"] == {
        "name": "纪律秩序",
        "finding": [
            {"window": "税务窗口", "text": "工作时间玩手机"},
            {"window": "不动产登记专窗", "text": "离岗未挂暂离牌"},
        ],
    }
    # One sentence with no window in it reads as a result: it prints the same, and nothing tells them apart.
    assert items["着装情况"] == {"name": "着装情况", "result": "部分窗口人员未穿工装。"}
    assert items["按时到岗情况"] == {"name": "按时到岗情况", "result": "总体情况良好。"}
    again = render_issue(write_import(result, tmp_path / "again.toml"), tmp_path / "again.docx").docx
    assert paragraph_texts(again) == paragraph_texts(first)


def test_a_result_that_only_looks_like_findings_is_kept_and_reported(tmp_path):
    path = typed(
        tmp_path / "x.docx",
        "政务服务工作",
        "（9月26日—9月30日）",
        "一、大厅巡查情况",
        "（一）按时到岗情况。税务窗口:1人迟到；社保窗口：1人早退。",  # a half-width colon, as typed
        "（二）纪律秩序。税务窗口：工作时间玩手机。社保窗口：离岗。",  # two sentences, not `；`
        "（三）着装情况。经检查：总体情况良好。",
    )  # 经检查 is no window
    result = import_docx(path)
    items = {item["name"]: item for item in checklist_items(result.data)}
    assert items["按时到岗情况"]["finding"] == [
        {"window": "税务窗口", "text": "1人迟到"},
        {"window": "社保窗口", "text": "1人早退"},
    ]
    assert items["纪律秩序"] == {"name": "纪律秩序", "result": "税务窗口：工作时间玩手机。社保窗口：离岗。"}
    assert items["着装情况"] == {"name": "着装情况", "result": "经检查：总体情况良好。"}
    report = "\n".join(result.report)
    assert "巡查项“纪律秩序”" in report and "问题" in report
    assert "巡查项“着装情况”" not in report and "巡查项“按时到岗情况”" not in report


# ----------------------------------------------------------------------------- a clerk's variations


def test_a_period_over_new_year_gets_its_years_from_the_issue_date(tmp_path):
    path = typed(
        tmp_path / "1.docx",
        "政务服务工作",
        "（12月29日—1月4日）",
        "二、窗口工作动态",
        "（一）优化营商环境工作开展情况",
        "12月30日，省税务局窗口开展年终办税辅导。",
        "1月3日，窗口恢复正常办公。",
        date="2023年1月5日",
    )
    data = import_docx(path).data
    assert (data["issue"]["period_start"], data["issue"]["period_end"]) == (dt.date(2022, 12, 29), dt.date(2023, 1, 4))
    entries = sections_by_title(data)["优化营商环境工作开展情况"]["entry"]
    assert [e["date"] for e in entries] == [dt.date(2022, 12, 30), dt.date(2023, 1, 3)]


def test_text_that_fits_nowhere_is_kept_marked_and_reported(tmp_path):
    path = typed(
        tmp_path / "x.docx",
        "政务服务工作",
        "（9月26日—9月30日）",
        "附言：本期起增设专栏。",
        "一、窗口工作动态",
        "（一）厅（局）长进大厅",
        "（1）9月28日，有关领导到窗口调研。",
        "（2）9月30日，商务厅一级巡视员刘祥超同志到窗口调研。",
        "二、其他事项",
        "窗口完成了年度考核。",
        "报：中心领导。",
        "（共印 80 份）",
        "四川省政府政务服务和公共资源交易服务中心 2022年11月1日印发",
    )
    result = import_docx(path)
    sections = sections_by_title(result.data)
    unplaced = sections[UNPLACED_TITLE]
    assert unplaced["heading"] is True
    assert unplaced["text"].split("\n\n") == [
        "附言：本期起增设专栏。",
        "（1）9月28日，有关领导到窗口调研。",
        "四川省政府政务服务和公共资源交易服务中心2022年11月1日印发",
    ]
    assert sections["其他事项"] == {
        "type": "paragraph",
        "title": "其他事项",
        "heading": True,
        "text": "窗口完成了年度考核。",
    }
    assert [v["name"] for v in sections["厅（局）长进大厅"]["entry"]] == ["刘祥超"]
    report = "\n".join(result.report)
    assert report.count(UNPLACED_TITLE) == 3 and "其他事项" in report
    assert result.data["distribution"] == {"copies": 80, "line": [{"label": "报", "text": "中心领导"}]}
    rendered = render_issue(write_import(result), tmp_path / "x-out.docx").docx
    texts = paragraph_texts(rendered)
    assert "附言：本期起增设专栏。" in texts and f"三、{UNPLACED_TITLE}" in texts


def _trade_week(
    path: Path, kind: str, figures: dict[str, dict[str, str]], news: tuple[str, dt.date], **head: Any
) -> Path:
    """A 公共资源交易 week made with the editing API (figures, one news item, the hall all good)
    and rendered beside its file: the .docx."""
    edits.new_issue(path, kind, **head)
    for category, values in figures.items():
        edits.set_stats(path, category, values)
    edits.add_news(path, "重点工作", *news)
    edits.all_good(path)
    return render_issue(path, path.with_suffix(".docx")).docx


def test_another_kind_round_trips_and_is_chosen_by_its_name(tmp_path):
    """公共资源交易周报: a mark, figures right after the category (`政府采购35个`), decimals, New Year."""
    path = tmp_path / "交易.toml"
    figures = {  # land and property lack 节约资金 (lacks in the kind): the sentence leaves it out
        "工程建设项目招标投标": {"项目数": "120", "交易金额": "356.78", "节约资金": "3.21"},
        "政府采购": {"项目数": "35", "交易金额": "12.50", "节约资金": "0.80"},
        "土地使用权和矿业权出让": {"项目数": "8", "交易金额": "40.00"},
        "国有产权交易": {"项目数": "5", "交易金额": "1.05"},
    }
    first = _trade_week(
        path,
        "公共资源交易周报",
        figures,
        ("中心召开年终工作会。", dt.date(2022, 12, 30)),
        number=1,
        total=300,
        date=dt.date(2023, 1, 9),
        period=(dt.date(2022, 12, 26), dt.date(2022, 12, 30)),
        year=2023,
    )
    result = import_docx(first)  # no kind given: the masthead says which
    assert result.report == []
    assert result.data == tomllib.loads(path.read_text(encoding="utf-8"))
    again = render_issue(write_import(result, tmp_path / "again.toml"), tmp_path / "again.docx").docx
    assert paragraph_texts(again) == paragraph_texts(first)


def test_a_category_lacking_a_column_is_imported_without_it(tmp_path):
    """土地 and 产权 lack 节约资金 (`lacks`): their sentence has none, so none is expected of them,
    and the 节约资金 the closing words print after the last of them is not taken for its own."""
    kind_dir = tmp_path / "templates" / "交易周报"
    shutil.copytree(EXAMPLES.parent / "templates" / "公共资源交易周报", kind_dir)
    kind = (kind_dir / "kind.toml").read_text(encoding="utf-8")
    (kind_dir / "kind.toml").write_text(
        kind.replace('name = "公共资源交易周报"', 'name = "交易周报"'), encoding="utf-8"
    )
    closing = "工程建设项目招标投标和政府采购共节约资金"
    template = (kind_dir / "statistics.j2").read_text(encoding="utf-8")
    assert closing in template
    (kind_dir / "statistics.j2").write_text(template.replace(closing, "合计节约资金"), encoding="utf-8")
    path = tmp_path / "交易.toml"
    figures = {
        "工程建设项目招标投标": {"项目数": "126", "交易金额": "58.37", "节约资金": "1.42"},
        "政府采购": {"项目数": "214", "交易金额": "9.86", "节约资金": "0.53"},
        "土地使用权和矿业权出让": {"项目数": "17", "交易金额": "23.18"},
        "国有产权交易": {"项目数": "9", "交易金额": "2.40"},
    }
    first = _trade_week(
        path,
        "交易周报",
        figures,
        ("上线“不见面开标”系统2.0版。", dt.date(2023, 2, 2)),
        number=5,
        total=120,
        date=dt.date(2023, 2, 6),
        period=(dt.date(2023, 1, 30), dt.date(2023, 2, 3)),
    )
    printed = next(t for t in paragraph_texts(first) if "合计节约资金" in t)
    assert "国有产权交易9宗，交易金额2.40亿元，占2.56%。合计节约资金1.95亿元" in printed

    result = import_docx(first)

    assert result.report == []
    assert result.data == tomllib.loads(path.read_text(encoding="utf-8"))
    land = {c["name"]: c for c in sections_by_title(result.data)["交易情况"]["category"]}
    assert land["国有产权交易"]["values"] == {"项目数": 9, "交易金额": 2.4}
    again = render_issue(write_import(result, tmp_path / "again.toml"), tmp_path / "again.docx").docx
    assert paragraph_texts(again) == paragraph_texts(first)


def test_a_kinds_notes_without_headings_find_their_sections(tmp_path):
    """An editor's note before the first heading and a closing requirement with a run-in label."""

    def own_notes(kind: str) -> str:
        kind = (
            kind[: kind.index("# 编者按")] + kind[kind.index('[[section]]\ntype = "part"') :]
        )  # its own notes instead
        kind = kind.replace(
            '[[section]]\ntype = "statistics"',
            '[[section]]\ntype = "paragraph"\ntext = "编者按：本期起统计口径调整。"\n\n[[section]]\ntype = "statistics"',
            1,
        )
        return kind + '\n[[section]]\ntype = "paragraph"\nlabel = "要求："\ntext = "各窗口按时报送信息。"\n'

    path = kind_as_window_weekly(tmp_path, own_notes)
    edits.add_visit(path, dt.date(2022, 9, 28), "省交通物流发展中心", "二级巡视员、主任", "柏吉琼", "到窗口调研。")
    edits.all_good(path)
    first = render_issue(path, tmp_path / "1.docx").docx
    texts = paragraph_texts(first)
    assert "编者按：本期起统计口径调整。" in texts and "要求：各窗口按时报送信息。" in texts
    result = import_docx(first)
    assert result.data["issue"]["kind"] == "窗口周报"
    assert without_ids(result.data) == without_ids(tomllib.loads(path.read_text(encoding="utf-8")))
    assert all("未归类" not in line for line in result.report)


def test_what_a_reader_does_not_see_is_not_imported(tmp_path):
    """Tracked deletions, field codes and the fallback copy of a text box stay out; tabs and
    hyperlinks come in; a page break inside a paragraph joins its halves."""
    body = (
        "<w:p><w:r><w:t>窗口</w:t></w:r><w:del><w:r><w:delText>删掉的</w:delText></w:r></w:del>"
        "<w:hyperlink><w:r><w:t>工作</w:t></w:r></w:hyperlink><w:r><w:instrText> PAGE </w:instrText></w:r>"
        '<w:r><w:t xml:space="preserve">周</w:t><w:br w:type="page"/><w:t>报</w:t><w:tab/><w:t>2022</w:t></w:r></w:p>'
        '<w:p><mc:AlternateContent><mc:Choice Requires="wps"><w:r><w:t>框内</w:t></w:r></mc:Choice>'
        "<mc:Fallback><w:r><w:t>框内</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>"
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>报：中心领导。</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    )
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="' + W[1:-1] + '" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>'
        + body
        + "</w:body></w:document>"
    )
    path = _zip(tmp_path / "x.docx", {"word/document.xml": xml.encode()})
    assert read_paragraphs(path) == [
        DocParagraph("窗口工作周报\t2022"),
        DocParagraph("框内"),
        DocParagraph("报：中心领导。", in_table=True),
    ]


def test_visit_leads_split_into_unit_post_and_name():
    assert split_visitor("省交通物流发展中心二级巡视员、主任柏吉琼到省政务中心走访调研。") == (
        "省交通物流发展中心",
        "二级巡视员、主任",
        "柏吉琼",
        "到省政务中心走访调研。",
    )
    assert split_visitor("商务厅一级巡视员刘祥超同志开展活动。") == ("商务厅", "一级巡视员", "刘祥超", "同志开展活动。")
    assert split_visitor("省大数据中心主任欧阳建国一行到窗口调研。")[2] == "欧阳建国"
    assert split_visitor("省市场监管局副局长李明到窗口。")[1:3] == ("副局长", "李明")
    assert split_visitor("有关领导到窗口调研。") is None


def test_an_honorific_opens_the_text_and_never_ends_the_name():
    assert split_visitor("商务厅副厅长李明同志到窗口。") == ("商务厅", "副厅长", "李明", "同志到窗口。")
    assert split_visitor("商务厅副厅长欧阳和平同志一行到窗口调研。")[2:] == ("欧阳和平", "同志一行到窗口调研。")
    assert split_visitor("商务厅副厅长王同志到窗口调研。") is None  # 王同志 is no name: reported, not guessed
    assert split_lead("商务厅一级巡视员刘祥超") == ("商务厅", "一级巡视员", "刘祥超")
    assert split_lead("商务厅副厅长李明同志") is None  # a template's words follow: 同志 has nowhere to go


def test_only_stray_spaces_are_taken_out():
    assert typography.strip_stray_spaces("2022 年 11 月 1 日") == "2022年11月1日"
    assert typography.strip_stray_spaces("受理 644608 件,办结") == "受理644608件,办结"  # the comma stays as typed
    assert typography.strip_stray_spaces("Schlumberger Technology 公司") == "Schlumberger Technology 公司"


def test_word_run_splitting_and_tables_are_read_whole(tmp_path):
    paragraphs = read_paragraphs(hand_typed_seed(tmp_path / "33.docx"))
    texts = [p.text for p in paragraphs]
    assert "（一）按时到岗情况。总体情况良好。" in texts
    assert any("省本级行政许可事项受理 644608 件" in t for t in texts)
    rendered = render_issue(EXAMPLES / "2022-33.toml", tmp_path / "r.docx").docx
    in_tables = [p.text for p in read_paragraphs(rendered) if p.in_table]
    assert in_tables == [
        "报：中心领导。",
        "送：各相关省级部门（单位），中心各处（室）、直属单位。",
        "发：各部门窗口。",
        "（共印80份）",
    ]


def test_import_command_writes_beside_the_word_file_and_reports(tmp_path, invoke):
    source = hand_typed_seed(tmp_path / "第33期.docx")
    r = invoke("import", str(source), "--kind", "窗口工作周报")
    assert r.exit_code == 0 and (tmp_path / "第33期.toml").exists()
    hints, done = r.stderr.splitlines()[:-1], r.stderr.splitlines()[-1]
    assert "已导入" in done and "2022年第33期（总第408期）" in done and f"有 {len(hints)} 条提示" in done
    assert hints and all(line.startswith("提示：") for line in hints)
    with pytest.raises(ZhoubaoError, match="已存在"):
        import_file(source, None, "窗口工作周报")
    result, out = import_file(source, None, "窗口工作周报", force=True)
    assert out == tmp_path / "第33期.toml" and result.report


# ----------------------------------------------------------------------------- refusals


def _zip(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return path


def not_a_docx(path: Path) -> Path:
    path.write_text("窗口工作周报\n2022年第33期\n", encoding="utf-8")
    return path


def ole_container(path: Path) -> Path:
    path.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + bytes(4096))  # how Word stores an encrypted .docx
    return path


def zip_bomb(path: Path) -> Path:
    """300 MB of zeros as word/document.xml: a few hundred KB on disk."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
        with package.open("word/document.xml", "w", force_zip64=True) as part:
            zeros = bytes(1 << 20)
            for _ in range(300):
                part.write(zeros)
    return path


def doctype(path: Path) -> Path:
    xml = (
        b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">'
        b'<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>&x;&b;</w:t></w:r></w:p></w:body></w:document>"
    )
    return _zip(path, {"[Content_Types].xml": b"<Types/>", "word/document.xml": xml})


def truncated(path: Path) -> Path:
    render_issue(EXAMPLES / "2022-33.toml", path)
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) // 2])
    return path


def no_document_part(path: Path) -> Path:
    return _zip(path, {"xl/workbook.xml": b"<workbook/>"})


def too_much_text(path: Path) -> Path:
    paragraph = "<w:p><w:r><w:t>" + "字" * 10_000 + "</w:t></w:r></w:p>"
    xml = f'<w:document xmlns:w="{W[1:-1]}"><w:body>{paragraph * 210}</w:body></w:document>'
    return _zip(path, {"word/document.xml": xml.encode()})


def oversized(path: Path) -> Path:
    with path.open("wb") as f:
        f.write(b"PK\x03\x04")
        f.truncate(21 * 1024 * 1024)  # sparse: instant
    return path


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (not_a_docx, "不是 Word 文档"),
        (ole_container, "加密"),
        (zip_bomb, "恶意文件"),
        (doctype, "DOCTYPE"),
        (truncated, "不完整或已损坏"),
        (no_document_part, "缺少 word/document.xml"),
        (oversized, "过大"),
        (too_much_text, "不像一期周报"),
    ],
)
def test_a_bad_file_is_refused_with_one_chinese_line(tmp_path, make, says):
    source = make(tmp_path / "bad.docx")
    with pytest.raises(ZhoubaoError) as caught:
        import_file(source, None, "窗口工作周报")
    message = caught.value.message
    assert says in message and "\n" not in message and re.search("[\u4e00-\u9fff]", message)
    assert not (tmp_path / "bad.toml").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.docx"]


def test_the_bomb_is_refused_before_anything_is_unpacked(tmp_path, monkeypatch):
    source = zip_bomb(tmp_path / "bomb.docx")
    opened = []
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda *a, **k: opened.append(a) or io.BytesIO(b""))
    with pytest.raises(ZhoubaoError, match="恶意文件"):
        import_docx(source)
    assert opened == []


# ----------------------------------------------------------------------------- nothing is lost


def _seed_lines() -> list[str]:
    return [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.sampled_from(
            _seed_lines()[4:]
            + [
                "编者按：这一段不属于任何栏目。",
                "（一）未列入种类的巡查项。有问题。",
                "9月28日，有关领导到窗口调研。",
                "另附：一段说明",
            ]
        ),
        max_size=40,
    )
)
def test_whatever_the_order_every_paragraph_is_printed_or_kept(tmp_path, body):
    """Paragraphs in any order and number: the import is a valid issue, and each paragraph's words
    are printed again, kept in a comment, or at least kept in the issue file (a heading with nothing under it)."""
    document = docx.Document()
    for line in _seed_lines()[:4] + body:
        document.add_paragraph(line.replace("**", ""))
    source = tmp_path / "shuffled.docx"
    document.save(source)
    result = import_docx(source)
    issue = result.issue
    printed = [b.text for b in compose(issue).blocks if isinstance(b, Paragraph)]
    printed += [
        f"{h.title}{h.subtitle}" if isinstance(h, PartTitle) else getattr(h, "text", "")
        for h in compose(issue).blocks
        if isinstance(h, (Heading, PartTitle))
    ]
    printed += [
        f"{line.label}：{line.text}" for b in compose(issue).blocks if isinstance(b, Distribution) for line in b.lines
    ] + [b.copies for b in compose(issue).blocks if isinstance(b, Distribution)]
    haystack = typography.normalise(
        "\n".join(
            printed
            + [n for notes in result.notes.values() for n in notes]
            + [json.dumps(result.data, ensure_ascii=False, default=str)]
        )
    )
    for line in body:
        words = typography.normalise(
            re.sub(
                r"^(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、)",
                "",
                typography.strip_stray_spaces(line).replace("**", ""),
            )
        )
        pieces = [words] if words in haystack else re.split(r"(?<=[，。；：])", words)  # a paragraph joined to the next
        assert all(piece in haystack for piece in pieces if piece), line


def test_an_optional_section_left_empty_is_not_reported_missing(tmp_path):
    """The optional 编者按 prints nothing when empty: importing the render must not call it missing."""
    rendered = render_issue(EXAMPLES / "2022-33.toml", tmp_path / "r.docx").docx
    result = import_docx(rendered)
    assert not any("编者按" in line for line in result.report)


def test_an_item_of_several_paragraphs_comes_back_as_one_entry(tmp_path):
    path = tmp_path / "2022-33.toml"
    shutil.copy(EXAMPLES / "2022-33.toml", path)
    edits.add_news(path, "服务效能", "第一段写会议。\n第二段写要求。\n第三段写落实。", dt.date(2022, 9, 30))
    rendered = render_issue(path, tmp_path / "r.docx").docx
    result = import_docx(rendered)
    section = sections_by_title(result.data)["窗口服务效能提升工作情况"]
    assert [e["text"] for e in section["entry"]][-1] == "第一段写会议。\n第二段写要求。\n第三段写落实。"
    assert len(section["entry"]) == 3
