"""The year in pictures: at year end the clerk runs `summary 2022-*.toml --chart 全年.png` for the
annual report. Twelve weeks written with the editing API stand for the year here.

The chart must print its Chinese: a glyph matplotlib cannot find comes out as an empty box, and
matplotlib says so with a "Glyph … missing from font" warning; these tests turn every warning
into an error (pytestmark below), so such a box fails them.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from tests.conftest import ROOT
from zhoubao import chart, edits
from zhoubao.errors import ZhoubaoError
from zhoubao.summary import chart_panels, load_issues, summarise, write_chart

pytestmark = pytest.mark.filterwarnings("error")

D = dt.date
UNITS = [("生态环境厅", "厅长", "钟承林"), ("商务厅", "一级巡视员", "刘祥超"), ("省交通物流发展中心", "主任", "柏吉琼")]


def write_weeks(folder: Path, weeks: int = 12, holiday_before: int | None = None) -> list[Path]:
    """第1期 … 第N期 of 2022, Monday to Friday from 10 January: the three categories' cumulative
    figures growing, a leader's visit every third week, a finding at a window every fourth. With
    `holiday_before`, the week before that issue is a holiday without an issue (its period and
    every later one a week later)."""
    paths = []
    accepted, completed = 10000, 9800
    for n in range(1, weeks + 1):
        late = 1 if holiday_before is not None and n >= holiday_before else 0
        monday = D(2022, 1, 10) + dt.timedelta(weeks=n - 1 + late)
        path = folder / f"2022-{n:02d}.toml"
        edits.new_issue(
            path,
            "窗口工作周报",
            number=n,
            total=375 + n,
            date=monday + dt.timedelta(days=7),
            period=(monday, monday + dt.timedelta(days=4)),
        )
        accepted += 11000 + 700 * (n % 5)
        completed += 10500 + 600 * (n % 4)
        edits.set_stats_many(
            path,
            {
                "行政许可事项": {"受理": str(accepted), "办结": str(completed)},
                "公共服务事项": {"受理": str(accepted * 30), "办结": str(completed * 12)},
                "其它九类行权事项": {"受理": str(accepted // 10), "办结": str(completed // 10)},
            },
        )
        edits.add_news(path, "服务效能", f"窗口第{n}周持续推进“一网通办”。", monday)
        if n % 3 == 0:
            unit, post, name = UNITS[(n // 3) % 3]
            edits.add_visit(path, monday + dt.timedelta(days=2), unit, post, name, "到窗口走访调研。")
        if n % 4 == 1:
            edits.add_findings(path, "纪律秩序", [("工作时间玩手机", ["税务窗口", "公安窗口"][(n // 4) % 2])])
        edits.all_good(path)
        paths.append(path)
    return paths


@pytest.fixture(scope="module")
def written_year(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The twelve weeks written once for the module; each test gets its own copy (`year`)."""
    folder = tmp_path_factory.mktemp("year")
    write_weeks(folder)
    return folder


@pytest.fixture
def year(tmp_path: Path, written_year: Path) -> list[Path]:
    shutil.copytree(written_year, tmp_path, dirs_exist_ok=True)  # the issues with their histories
    return sorted(tmp_path.glob("2022-*.toml"))


@pytest.fixture
def summary(year):
    return summarise(load_issues(year))


def png_size(data: bytes) -> tuple[int, int]:
    from PIL import Image

    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return Image.open(io.BytesIO(data)).size


def test_the_panels_hold_the_weeks_increments_the_visits_and_the_findings(summary):
    panels = chart_panels(summary)
    lines = [p for p in panels if p["kind"] == "lines"]
    assert [p["title"] for p in lines] == [
        "行政许可事项：本周新增",
        "公共服务事项：本周新增",
        "其它九类行权事项：本周新增",
    ]
    first = lines[0]
    assert first["ticks"][:3] == ["第1期", "第2期", "第3期"]
    accepted = first["series"]["受理"]
    assert accepted[1:4] == [11000 + 700 * 2, 11000 + 700 * 3, 11000 + 700 * 4]
    assert accepted[0] != accepted[0]  # the first week has nothing to subtract from: a gap (NaN)
    bars = {p["title"]: dict(p["bars"]) for p in panels if p["kind"] == "bars"}
    assert bars["来访次数（按单位）"] == {"商务厅": 2, "省交通物流发展中心": 1, "生态环境厅": 1}
    assert bars["巡查问题（按巡查项）"] == {"纪律秩序": 3}
    assert bars["巡查问题（按窗口）"] == {"税务窗口": 2, "公安窗口": 1}


def test_a_png_of_the_year_with_every_chinese_glyph_found(summary, tmp_path):
    out = tmp_path / "全年.png"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        write_chart(summary, out)
    assert not [w for w in caught if "missing from font" in str(w.message)]
    width, height = png_size(out.read_bytes())
    assert width == 1800  # 12 inches at 150 dpi
    assert height == round(3.4 * 4 * 150)  # two rows of line panels and two of bars
    assert out.stat().st_size > 50_000  # drawn, not blank


def test_an_svg_keeps_its_text_as_outlines_and_is_the_same_each_time(summary, tmp_path):
    a, b = tmp_path / "a.svg", tmp_path / "b.svg"
    write_chart(summary, a)
    write_chart(summary, b)
    text = a.read_text(encoding="utf-8")
    assert "<svg" in text and "<text" not in text  # glyphs drawn as paths: prints without the font
    assert a.read_bytes() == b.read_bytes()


def test_the_warning_the_tests_rely_on_is_what_matplotlib_gives_for_an_empty_box(tmp_path):
    """Drawn with a face without Chinese, matplotlib warns; under this module's filter, it raises."""
    from matplotlib.figure import Figure

    figure = Figure()
    figure.text(0.5, 0.5, "巡查", family="DejaVu Sans")
    with pytest.raises(UserWarning, match="missing from font"):
        figure.savefig(io.BytesIO(), format="png")


def test_the_chart_from_the_command_line(year, tmp_path, invoke):
    out = tmp_path / "全年.png"
    r = invoke("summary", *map(str, year), "--chart", str(out), "--csv", str(tmp_path / "汇总.csv"))
    assert r.exit_code == 0, r.stderr
    assert f"已汇总 12 期，并写入 {tmp_path / '汇总.csv'}、{out}。" in r.stderr
    assert png_size(out.read_bytes())[0] == 1800


def test_without_a_chinese_font_one_line_says_so_and_nothing_is_written(year, tmp_path, invoke, monkeypatch):
    monkeypatch.setattr(chart, "CJK_FAMILIES", ("一种没有的字体",))
    out = tmp_path / "全年.png"
    r = invoke("summary", *map(str, year), "--chart", str(out))
    assert r.exit_code == 1
    assert r.stderr.count("\n") == 1 and "没有 matplotlib 能用的中文字体" in r.stderr and "fonts-noto-cjk" in r.stderr
    assert not out.exists()


def test_a_character_no_font_holds_is_named_before_anything_is_written(year, tmp_path, invoke):
    private = "\ue000"  # a private-use character: in no font of the machine (the clerk's own font's symbol)
    edits.add_visit(year[5], D(2022, 2, 16), f"省{private}局", "主任", "王明", "到窗口调研。")
    out = tmp_path / "全年.png"
    r = invoke("summary", *map(str, year), "--chart", str(out))
    assert r.exit_code == 1 and private in r.stderr and "方框" in r.stderr
    assert not out.exists()


def test_without_matplotlib_the_command_says_how_to_get_it(year, tmp_path, invoke, monkeypatch):
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib → ImportError
    out = tmp_path / "全年.png"
    r = invoke("summary", *map(str, year), "--chart", str(out))
    assert r.exit_code == 1 and "pip install 'zhoubao[chart]'" in r.stderr
    assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr
    assert not out.exists()


@pytest.mark.parametrize(
    "name, needle",
    [("全年.pdf", "须以 .png 或 .svg 结尾"), ("没有的文件夹/全年.png", "不存在")],
)
def test_a_chart_name_that_cannot_be_written_is_refused_first(year, tmp_path, invoke, name, needle):
    before = [p.read_bytes() for p in year]
    r = invoke("summary", *map(str, year), "--chart", str(tmp_path / name))
    assert r.exit_code == 1 and needle in r.stderr
    assert [p.read_bytes() for p in year] == before


def test_the_chart_never_overwrites_an_issue_file(year, tmp_path, invoke):
    target = year[0].with_suffix(".png")
    target.write_bytes(year[0].read_bytes())  # an issue file saved under a .png name
    r = invoke("summary", *map(str, year), "--chart", str(target))
    assert r.exit_code == 1 and "是期刊文件" in r.stderr
    assert target.read_bytes() == year[0].read_bytes()


def test_other_commands_start_without_matplotlib():
    code = "import sys, zhoubao.cli, zhoubao.summary, zhoubao.render; assert 'matplotlib' not in sys.modules"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0


def test_write_chart_refuses_with_the_error_type_the_cli_prints(summary, tmp_path):
    with pytest.raises(ZhoubaoError, match="须以 .png 或 .svg 结尾"):
        write_chart(summary, tmp_path / "x.jpg")


# ----------------------------------------------------------------------------- what the chart says


@pytest.fixture
def drawn(monkeypatch):
    """The figures write_chart saves, to look at their axes and texts."""
    from matplotlib.figure import Figure

    figures: list = []
    save = Figure.savefig

    def keep(self, *args, **kwargs):
        figures.append(self)
        return save(self, *args, **kwargs)

    monkeypatch.setattr(Figure, "savefig", keep)
    return figures


def line_axes(figure) -> list:
    return [ax for ax in figure.axes if ax.get_legend() is not None]


def test_the_y_axes_of_the_increments_start_at_zero(summary, tmp_path, drawn):
    """Increments of 11,000 to 14,000 a week: an axis from 10,800 would make a dip of 7% look like
    a collapse."""
    write_chart(summary, tmp_path / "全年.png")
    (figure,) = drawn
    axes = line_axes(figure)
    assert len(axes) == 3
    for ax in axes:
        low, high = ax.get_ylim()
        drawn_values = [v for line in ax.get_lines() for v in line.get_ydata() if v == v]
        assert low == 0 and high > max(drawn_values)


def test_the_title_names_the_issues_the_chart_covers(tmp_path, drawn):
    three = summarise(load_issues(write_weeks(tmp_path, 3)))
    write_chart(three, tmp_path / "三期.png")
    assert drawn[0].get_suptitle() == "2022年第1—3期概览"
    assert "全年" not in drawn[0].get_suptitle()


def test_the_title_counts_the_issues_when_some_are_missing(year):
    from zhoubao.summary import chart_title

    assert chart_title(summarise(load_issues(year))) == "2022年第1—12期概览"
    assert chart_title(summarise(load_issues([year[0], year[1], year[5]]))) == "2022年第1—6期概览（共3期）"
    assert chart_title(summarise(load_issues([year[4]]))) == "2022年第5期概览"


def test_an_increment_over_a_holiday_is_marked_as_two_weeks(tmp_path, drawn):
    """第4期 comes two weeks after 第3期 (a holiday week between, no issue): its increment is
    two weeks' worth, shaded and labelled 含2周, with a note under the chart saying why."""
    paths = write_weeks(tmp_path, 6, holiday_before=4)
    summary = summarise(load_issues(paths))
    lines = [p for p in chart_panels(summary) if p["kind"] == "lines"]
    assert all(p["marks"] == {3: "含2周"} for p in lines)
    write_chart(summary, tmp_path / "节假日.png")
    (figure,) = drawn
    for ax in line_axes(figure):
        assert [t.get_text() for t in ax.texts] == ["含2周"]
    assert "节假日停刊" in figure.get_supxlabel()


def test_consecutive_weeks_are_not_marked(summary):
    assert all(not p["marks"] for p in chart_panels(summary) if p["kind"] == "lines")


def _many_categories(count: int, columns: int = 2):
    from zhoubao.summary import IssueCounts, StatRow, Summary

    labels = ["2022年第1期", "2022年第2期", "2022年第3期"]
    rows = [
        StatRow(label, "", f"类别{c}", f"列{k}", 1000 * (i + 1), 1000 if i else None)
        for c in range(count)
        for k in range(columns)
        for i, label in enumerate(labels)
    ]
    counts = [IssueCounts(label, "", 0, 0, 0, 0) for label in labels]
    return Summary(issues=3, statistics=rows, counts=counts)


def test_a_thousand_categories_are_capped_and_the_left_out_said_in_one_line():
    """1,000 categories made 500 rows of panels (> 400 s, 2.4 GB): the figure holds a bounded
    number of panels and columns, and one line says what is not drawn."""
    panels, note = chart.bounded(chart_panels(_many_categories(1000, columns=10)))
    lines = [p for p in panels if p["kind"] == "lines"]
    assert len(lines) == chart.MAX_LINE_PANELS
    assert all(len(p["series"]) == chart.MAX_SERIES for p in lines)
    assert note is not None and "\n" not in note
    assert f"只画了前 {chart.MAX_LINE_PANELS} 个统计类别（共 1000 个）" in note and "汇总表" in note


def test_the_drawn_chart_of_many_categories_keeps_its_bounds(tmp_path, drawn, invoke, year):
    out = tmp_path / "多.png"
    note = chart.write_chart("多", chart_panels(_many_categories(30)), out)
    assert len(line_axes(drawn[0])) == chart.MAX_LINE_PANELS
    assert png_size(out.read_bytes())[1] <= round(3.4 * (chart.MAX_LINE_PANELS // 2 + 2) * 150)
    assert note and "共 30 个" in note
    r = invoke("summary", *map(str, year), "--chart", str(tmp_path / "全年.png"))
    assert "图表未画全" not in r.stderr  # within the bounds: nothing to say


def test_the_command_says_what_the_chart_left_out(year, tmp_path, invoke, monkeypatch):
    monkeypatch.setattr(chart, "MAX_LINE_PANELS", 2)
    r = invoke("summary", *map(str, year), "--chart", str(tmp_path / "全年.png"))
    assert r.exit_code == 0, r.stderr
    said = [line for line in r.stderr.splitlines() if "图表未画全" in line]
    assert said == ["提示：图表未画全：只画了前 2 个统计类别（共 3 个）；完整的数字见汇总表（或 --csv）"]
