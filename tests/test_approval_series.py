"""The approval round trip for the monthly and quarterly series and every statistics shape.

The clerk of the 公共资源交易月报 renders May's issue (April's file beside it, for 环比), sends it
up, and the leader corrects a figure in the overall sentence, a city's amount in the ranking, a
percentage; the clerk brings the approved file back with `zhoubao import 批改稿.docx --into`.
Stored figures come back; what the program computes (totals, shares, 环比/同比, rates, ranks)
is told and never stored. Files made by editing a real rendering the way Word saves (tests/wordedit.py).
"""

from __future__ import annotations

import json
import re
import shutil
import tomllib
from pathlib import Path

import pytest
from docx import Document

from tests.conftest import EXAMPLES
from tests.test_cadence import quarterly_example
from tests.test_kinds import second_worked_example
from tests.wordedit import WordEdit
from zhoubao.errors import ZhoubaoError
from zhoubao.importing.approval import plan_import
from zhoubao.importing.docx import read_paragraphs
from zhoubao.render import RenderOptions, render_issue

OVERALL = "全省共完成公共资源交易项目"
RANKING = "交易金额排名前5位"
BY_INDUSTRY = "全省工程建设项目招标投标中"


@pytest.fixture(scope="module")
def sent_may(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of `may`, made once for the module: each test gets its own copy."""
    folder = tmp_path_factory.mktemp("may")
    for month in ("04", "05"):
        shutil.copy(EXAMPLES / f"ggzy-monthly-2023-{month}.toml", folder)
    render_issue(folder / "ggzy-monthly-2023-05.toml", folder / "送审.docx", RenderOptions(force=True))
    return folder


@pytest.fixture
def may(tmp_path: Path, sent_may: Path) -> tuple[Path, Path]:
    """May's issue of the monthly example, April's beside it, and the .docx sent for approval (with
    the sent version the render kept in .zhoubao-sent/, which names no path)."""
    shutil.copytree(sent_may, tmp_path, dirs_exist_ok=True)
    return tmp_path / "ggzy-monthly-2023-05.toml", tmp_path / "送审.docx"


def approved_with(rendered: Path, out: Path, *edits: tuple[str, str, str]) -> Path:
    """The leader types over words, track changes off: (paragraph containing, old, new)."""
    edit = WordEdit(rendered)
    for contains, old, new in edits:
        edit.replace(contains, old, new)
    return edit.save(out)


def texts(path: Path) -> list[str]:
    return [p.text for p in read_paragraphs(path) if p.text.strip()]


def stored(issue: Path) -> dict:
    return tomllib.loads(issue.read_text(encoding="utf-8"))


def section(issue: Path, title: str) -> dict:
    return next(s for s in stored(issue)["section"] if s.get("title") == title)


def figures_of(plan) -> list[tuple[str, str, str, object]]:
    return [(f.table, f.name, f.column, f.value) for _path, f in plan.figures]


# ----------------------------------------------------------------------------- the monthly example


def test_the_monthly_issue_sent_back_unchanged_writes_nothing(may, invoke):
    issue, rendered = may
    before = issue.read_bytes()
    done = invoke("import", str(rendered), "--into", str(issue), "--yes")
    assert done.exit_code == 0, done.stderr
    assert "没有要回填的改动" in done.stderr and "Traceback" not in done.stderr
    assert issue.read_bytes() == before
    assert not (issue.parent / f"{issue.name}.bak").exists()


def test_a_category_figure_corrected_in_the_overall_sentence_comes_back(may, invoke, tmp_path):
    issue, rendered = may
    approved = approved_with(rendered, tmp_path / "批改稿.docx", (OVERALL, "1203个", "1210个"))

    done = invoke("import", str(approved), "--into", str(issue), "--yes")

    assert done.exit_code == 0, done.stderr
    assert "已把 批改稿.docx 中的 1 处改动回填" in done.stderr
    categories = {c["name"]: c for c in section(issue, "全省交易总体情况")["category"]}
    assert categories["工程建设项目招标投标"]["values"]["项目数"] == 1210
    assert categories["全省"]["values"]["项目数"] == 3256  # the given total: not summed, not touched
    again = render_issue(issue, tmp_path / "定稿.docx", RenderOptions(force=True)).docx
    assert texts(again) == texts(approved)


def test_the_given_total_is_a_stored_figure_and_the_comparisons_it_moves_are_told(may, tmp_path):
    issue, rendered = may
    approved = approved_with(rendered, tmp_path / "批改稿.docx", (OVERALL, "3256个", "3300个"))

    plan = plan_import(approved, issue)

    assert figures_of(plan) == [("category", "全省", "项目数", 3300)]
    # 同比 and 环比 of the count are worked out from it: the approved file still says the old ones
    assert any("计算得出的数" in p and "“21.18”" in p and "应为“20.12”" in p for p in plan.problems)
    assert any("“5.20”" in p and "应为“6.62”" in p for p in plan.problems)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("下降21.18%", "下降21.20%"),  # 同比
        ("增长5.20%", "增长5.30%"),  # 环比
        ("占全省的57.97%", "占全省的60.00%"),  # a share
        ("节约率2.03%", "节约率2.10%"),  # a rate
        ("提高0.14个百分点", "提高0.20个百分点"),  # a rate's 环比 in points
    ],
)
def test_a_computed_percentage_changed_by_the_leader_is_told_never_stored(may, invoke, tmp_path, old, new):
    issue, rendered = may
    before = issue.read_bytes()
    approved = approved_with(rendered, tmp_path / "批改稿.docx", (OVERALL, old, new))

    plan = plan_import(approved, issue)
    assert not plan.figures and plan.empty
    figure = re.search(r"\d+\.\d+", new).group()  # type: ignore[union-attr]
    assert any("计算得出的数" in p and f"“{figure}”" in p for p in plan.problems), plan.problems

    done = invoke("import", str(approved), "--into", str(issue), "--yes")
    assert done.exit_code == 0 and "没有能回填的改动" in done.stderr and "1 处未能回填" in done.stderr
    assert issue.read_bytes() == before


def test_a_citys_amount_corrected_in_the_ranking_goes_to_its_row(may, invoke, tmp_path):
    issue, rendered = may
    approved = approved_with(rendered, tmp_path / "批改稿.docx", (RANKING, "凉山州72.29", "凉山州72.28"))

    plan = plan_import(approved, issue)
    assert figures_of(plan) == [("row", "凉山州", "交易金额", 72.28)]
    assert not plan.problems
    assert any(c.old == "72.29" and c.new == "72.28" for c in plan.changes)  # as printed

    assert invoke("import", str(approved), "--into", str(issue), "--yes").exit_code == 0
    rows = {r["name"]: r["values"] for r in section(issue, "分地区交易情况")["row"]}
    assert rows["凉山州"] == {"项目数": 114, "交易金额": 72.28, "矿业权出让": 0}
    assert rows["成都市"]["交易金额"] == 381.37
    again = render_issue(issue, tmp_path / "定稿.docx", RenderOptions(force=True)).docx
    assert texts(again) == texts(approved)


def test_a_ranking_figure_that_would_reorder_the_ranking_is_stored_and_told(may, tmp_path):
    issue, rendered = may
    approved = approved_with(rendered, tmp_path / "批改稿.docx", (RANKING, "凉山州72.29", "凉山州400.00"))
    plan = plan_import(approved, issue)
    assert figures_of(plan) == [("row", "凉山州", "交易金额", 400.0)]
    assert any("顺序或文字会变" in p for p in plan.problems)


def test_a_share_a_rank_count_or_the_number_of_cities_in_the_ranking_is_never_stored(may, tmp_path):
    issue, rendered = may
    for old, new in (("（占7.13%）", "（占7.20%）"), ("市（州）14个", "市（州）13个"), ("全省21个", "全省22个")):
        approved = approved_with(rendered, tmp_path / "批改稿.docx", (RANKING, old, new))
        plan = plan_import(approved, issue)
        assert not plan.figures and plan.empty, old
        assert len(plan.problems) == 1 and ("不保存" in plan.problems[0] or "未回填" in plan.problems[0]), old


def test_a_figure_in_a_sorted_list_comes_back_to_its_own_category(may, tmp_path):
    """分行业 prints the categories sorted by amount: the leader's 305 is 市政工程's, wherever it stands."""
    issue, rendered = may
    approved = approved_with(rendered, tmp_path / "批改稿.docx", (BY_INDUSTRY, "市政工程302个", "市政工程305个"))
    plan = plan_import(approved, issue)
    assert figures_of(plan) == [("category", "市政工程", "项目数", 305)]
    assert not plan.problems


def test_a_typed_base_the_template_prints_comes_back_to_last_year(may, invoke, tmp_path):
    """A template printing the 同比 base (`.base`): the leader's 4100 is 全省's typed last_year figure."""
    issue, _rendered = may
    text = issue.read_text(encoding="utf-8")
    issue.write_text(
        text.replace(
            "；同比项目数量{{ total.tongbi['项目数'] }}",
            "；同比（去年同期{{ total.tongbi['项目数'].base }}个）项目数量{{ total.tongbi['项目数'] }}",
        ),
        encoding="utf-8",
    )
    rendered = render_issue(issue, tmp_path / "送审2.docx", RenderOptions(force=True)).docx
    approved = approved_with(rendered, tmp_path / "批改稿.docx", (OVERALL, "去年同期4131个", "去年同期4100个"))

    assert invoke("import", str(approved), "--into", str(issue), "--yes").exit_code == 0

    whole = next(c for c in section(issue, "全省交易总体情况")["category"] if c["name"] == "全省")
    assert whole["last_year"] == {"项目数": 4100, "交易金额": 909.29}
    assert whole["values"]["项目数"] == 3256


# ----------------------------------------------------------------------------- attacks


def test_the_approved_file_of_another_kind_is_refused_both_ways(may, invoke, tmp_path):
    issue, rendered = may
    weekly = tmp_path / "2022-33.toml"
    shutil.copy(EXAMPLES / "2022-33.toml", weekly)
    weekly_docx = render_issue(weekly, tmp_path / "周报.docx", RenderOptions(force=True)).docx
    for docx, into in ((weekly_docx, issue), (rendered, weekly)):
        before = into.read_bytes()
        done = invoke("import", str(docx), "--into", str(into), "--yes")
        assert done.exit_code == 1 and "请检查是否选错文件" in done.stderr
        assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
        assert into.read_bytes() == before


def test_last_months_approved_file_is_refused(may, tmp_path):
    issue, _rendered = may
    april = render_issue(tmp_path / "ggzy-monthly-2023-04.toml", tmp_path / "4月.docx", RenderOptions(force=True)).docx
    before = issue.read_bytes()
    with pytest.raises(ZhoubaoError, match="2023年第4期.*2023年第5期.*请检查是否选错文件"):
        plan_import(april, issue)  # never April's figures stored as May's
    assert issue.read_bytes() == before


@pytest.mark.parametrize(
    ("typed", "told"),
    [
        ("120300000000000000000000个", "过大"),  # past what a count can hold
        ("1203.5个", "不是有效的数字"),  # a fraction of a project
    ],
)
def test_a_figure_the_column_cannot_hold_is_told_and_nothing_written(may, invoke, tmp_path, typed, told):
    issue, rendered = may
    before = issue.read_bytes()
    approved = approved_with(rendered, tmp_path / "批改稿.docx", (OVERALL, "1203个", typed))
    done = invoke("import", str(approved), "--into", str(issue), "--yes")
    assert done.exit_code == 0 and "没有能回填的改动" in done.stderr and "Traceback" not in done.stderr
    assert told in done.stdout.replace("\n", "").replace(" ", "")
    assert issue.read_bytes() == before


def test_an_amount_typed_with_more_decimals_than_the_column_is_not_rounded_into_the_file(may, tmp_path):
    issue, rendered = may
    approved = approved_with(rendered, tmp_path / "批改稿.docx", (OVERALL, "587.46", "587.461234"))
    plan = plan_import(approved, issue)
    assert not plan.figures and any("小数位数多于该列的 2 位" in p for p in plan.problems)


def test_a_figure_typed_with_a_thousands_separator_is_the_same_figure(may, tmp_path):
    issue, rendered = may
    plan = plan_import(approved_with(rendered, tmp_path / "a.docx", (OVERALL, "1203个", "1,203个")), issue)
    assert plan.empty and not plan.problems
    plan = plan_import(approved_with(rendered, tmp_path / "b.docx", (OVERALL, "1203个", "1,210个")), issue)
    assert figures_of(plan) == [("category", "工程建设项目招标投标", "项目数", 1210)] and not plan.problems


@pytest.mark.parametrize("content", ["empty", "zero bytes"])
def test_an_empty_docx_is_one_line_and_changes_nothing(may, invoke, tmp_path, content):
    issue, _rendered = may
    before = issue.read_bytes()
    empty = tmp_path / "批改稿.docx"
    if content == "empty":
        Document().save(str(empty))
    else:
        empty.write_bytes(b"")
    done = invoke("import", str(empty), "--into", str(issue), "--yes")
    assert done.exit_code == 1 and done.stderr.startswith("错误：") and done.stderr.count("\n") == 1
    assert issue.read_bytes() == before


@pytest.mark.parametrize(("contains", "title"), [(OVERALL, "全省交易总体情况"), (RANKING, "分地区交易情况")])
def test_a_statistics_paragraph_deleted_is_told_and_nothing_written(may, invoke, tmp_path, contains, title):
    issue, rendered = may
    before = issue.read_bytes()
    edit = WordEdit(rendered)
    edit.delete_paragraph(contains)
    approved = edit.save(tmp_path / "批改稿.docx")

    done = invoke("import", str(approved), "--into", str(issue), "--yes")

    assert done.exit_code == 0, done.stderr
    assert f"批改稿中找不到统计段“{title}”" in done.stdout.replace("\n", "").replace(" ", "")
    assert "没有能回填的改动" in done.stderr
    assert issue.read_bytes() == before


@pytest.fixture
def two_paragraphs(may) -> tuple[Path, Path]:
    """分地区 printing two paragraphs: the ranking, then the cities without 矿业权出让 (a line break
    the template keeps starts another paragraph)."""
    issue, _rendered = may
    text = issue.read_text(encoding="utf-8")
    issue.write_text(text.replace("\\n{%- set mining", "\\n{% set mining"), encoding="utf-8")
    rendered = render_issue(issue, issue.parent / "送审2.docx", RenderOptions(force=True)).docx
    assert any(t.startswith("本月无矿业权出让") for t in texts(rendered))
    return issue, rendered


def test_a_section_of_two_paragraphs_round_trips_and_a_figure_in_it_comes_back(two_paragraphs, tmp_path):
    issue, rendered = two_paragraphs
    assert plan_import(rendered, issue).empty
    approved = approved_with(rendered, tmp_path / "批改稿.docx", (RANKING, "72.29", "72.30"))
    assert figures_of(plan_import(approved, issue)) == [("row", "凉山州", "交易金额", 72.3)]


def test_two_statistics_paragraphs_run_into_one_are_told_not_read(two_paragraphs, invoke, tmp_path):
    issue, rendered = two_paragraphs
    before = issue.read_bytes()
    edit = WordEdit(rendered)
    edit.join_next(RANKING)
    edit.replace(RANKING, "72.29", "72.30")  # a figure changed too: still not guessed
    approved = edit.save(tmp_path / "批改稿.docx")

    plan = plan_import(approved, issue)
    assert not plan.figures
    assert any("分段与原文不同" in p for p in plan.problems)
    done = invoke("import", str(approved), "--into", str(issue), "--yes")
    assert done.exit_code == 0 and issue.read_bytes() == before


def test_two_sections_statistics_paragraphs_run_into_one_are_told_not_read(may, tmp_path):
    issue, rendered = may
    edit = WordEdit(rendered)
    edit.delete_paragraph("二、分地区交易情况")
    edit.join_next(OVERALL)
    plan = plan_import(edit.save(tmp_path / "批改稿.docx"), issue)
    assert not plan.figures and plan.empty
    told = [p for p in plan.problems if "分段与原文不同" in p]
    assert len(told) == 2  # 全省交易总体情况 and 分地区交易情况


# ----------------------------------------------------------------------------- the kinds of docs/kinds.md


def build_from_docs(folder: Path, kind: str, kind_toml: str, tables: dict[str, str], commands: list[str], invoke):
    """The docs' kind written to templates/, its commands run in `folder` (render left to the test)."""
    (folder / "templates" / kind).mkdir(parents=True)
    (folder / "templates" / kind / "kind.toml").write_text(kind_toml, encoding="utf-8")
    for name, text in tables.items():
        (folder / name).write_text(text, encoding="utf-8")
    for command in commands:
        for step in command.split(" && "):
            args = [a.strip('"') for a in re.findall(r'"[^"]*"|\S+', step)]
            if args[1] != "render":
                done = invoke(*args[1:])
                assert done.exit_code == 0, (step, done.stderr)


@pytest.fixture
def service_month(tmp_path, invoke, monkeypatch) -> tuple[Path, Path]:
    """docs/kinds.md's 政务服务月报: a given total with typed 上期 bases, shares, a ranking with a tie."""
    kind_toml, tables, commands, _printed = second_worked_example()
    monkeypatch.chdir(tmp_path)
    build_from_docs(tmp_path, "政务服务月报", kind_toml, tables, commands, invoke)
    issue = tmp_path / "2024-03.toml"
    return issue, render_issue(issue, tmp_path / "送审.docx", RenderOptions(force=True)).docx


def test_the_service_monthly_of_the_docs_round_trips(service_month, tmp_path):
    issue, rendered = service_month
    plan = plan_import(rendered, issue)
    assert plan.empty and not plan.problems

    cases = [
        ("本月全市受理", "5610件", "5620件", [("category", "全市", "受理", 5620)]),
        ("本月收到办事群众评价", "基本满意票21票", "基本满意票22票", [("category", "基本满意", "票数", 22)]),
        ("办件量排名前5位", "人社（958件）", "人社（960件）", [("row", "人社", "办件量", 960)]),
        ("办件量排名前5位", "公安（1102件）", "公安（1103件）", [("row", "公安", "办件量", 1103)]),  # a tie
        ("本月全市受理", "增加75.42%", "增加75.50%", []),  # 环比 on the typed 上期
        ("本月收到办事群众评价", "12345票", "12346票", []),  # the total of the votes, summed
        ("本月收到办事群众评价", "占比99.79%", "占比99.80%", []),
    ]
    for contains, old, new, wanted in cases:
        plan = plan_import(approved_with(rendered, tmp_path / "批改稿.docx", (contains, old, new)), issue)
        assert figures_of(plan) == wanted, (old, plan.problems)
        if not wanted:
            assert plan.empty and any("计算得出的数" in p for p in plan.problems), old


def test_the_quarterly_of_the_docs_with_its_own_numbering_round_trips(tmp_path, invoke, monkeypatch):
    kind_toml, commands = quarterly_example()
    monkeypatch.chdir(tmp_path)
    build_from_docs(tmp_path, "季度通报", kind_toml, {}, commands, invoke)
    issue = tmp_path / "2023-Q1.toml"
    rendered = render_issue(issue, tmp_path / "送审.docx", RenderOptions(force=True)).docx
    assert "1.审批制度改革" in texts(rendered)
    plan = plan_import(rendered, issue)
    assert plan.empty and not plan.problems

    approved = approved_with(
        rendered,
        tmp_path / "批改稿.docx",
        ("全面推行电子证照", "电子证照", "电子证照和电子印章"),
        ("1.窗口纪律", "总体情况良好", "个别窗口人员离岗"),
    )
    done = invoke("import", str(approved), "--into", str(issue), "--yes")
    assert done.exit_code == 0, done.stderr
    shown = json.loads(invoke("show", "--json", "-f", str(issue)).stdout)
    reform = shown["section"][1]["sub"][0]
    assert [e["text"] for e in reform["entry"]] == ["新增“一件事一次办”事项12项。", "全面推行电子证照和电子印章。"]
    assert [e["id"] for e in reform["entry"]] == [1, 2]
    assert shown["section"][2]["item"][0]["result"] == "个别窗口人员离岗。"
    again = render_issue(issue, tmp_path / "定稿.docx", RenderOptions(force=True)).docx
    assert texts(again) == texts(approved)
