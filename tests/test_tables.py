"""The platform's export as it is: .xlsx, .xls and text tables read by zhoubao/tables.py.

Workbooks are made here with openpyxl (write mode) and, for the hostile ones, by rewriting the
parts of such a workbook; the one .xls is tests/data/excel/platform-export.xls (made by
make_xls.py beside it, since nothing maintained writes the old format).
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from zhoubao import tables
from zhoubao.errors import ZhoubaoError
from zhoubao.tables import read_table

XLS = Path(__file__).parent / "data" / "excel" / "platform-export.xls"
TITLE = "2022年1-9月省级政务服务事项受理办理情况统计表"
NOTE = "注：数据来源于四川一体化政务服务平台，截至9月30日。"
FIGURES = {
    "行政许可事项": {"受理": "658,321", "办结": "636146"},
    "公共服务事项": {"受理": "19985725", "办结": "7756140"},
    "其它九类行权事项": {"受理": "52000", "办结": "51546"},
}


def _workbook():
    """A new openpyxl workbook; openpyxl (and the numpy it takes along, 1.3 s) is imported by the
    tests that make one, not by every test process that collects this file."""
    import openpyxl

    return openpyxl.Workbook()


def export(path: Path, total_accepted: int = 20696046, *, sheets: tuple[str, ...] = ("统计",)) -> Path:
    """The platform's export: a merged title row, unit headers, "658,321" stored as text, a 合计
    row and a footnote."""
    book = _workbook()
    for i, name in enumerate(sheets):
        ws = book.active if i == 0 else book.create_sheet()
        ws.title = name
        ws.append([TITLE])
        ws.merge_cells("A1:C1")
        ws.append(["类别", "受理（件）", "办结（件）"])
        ws.append(["行政许可事项", "658,321", 636146])
        ws.append(["公共服务事项", 19985725, 7756140])
        ws.append(["其它九类行权事项", 52000, 51546])
        ws.append(["合计", total_accepted, 8443832])
        ws.append([NOTE])
    book.save(path)
    return path


def rewrite(source: Path, target: Path, parts: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> Path:
    """A copy of a workbook with some parts replaced or added."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", method) as new:
        for item in old.infolist():
            new.writestr(item.filename, parts.pop(item.filename, None) or old.read(item))
        for name, data in parts.items():
            new.writestr(name, data)
    return target


def sheet_xml(rows: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{rows}</sheetData></worksheet>"
    ).encode()


def inline_row(r: int, *cells: str | int) -> str:
    out = []
    for col, value in zip("ABCDEFG", cells, strict=False):
        if isinstance(value, int):
            out.append(f'<c r="{col}{r}"><v>{value}</v></c>')
        else:
            out.append(f'<c r="{col}{r}" t="inlineStr"><is><t>{value}</t></is></c>')
    return f'<row r="{r}">{"".join(out)}</row>'


# ----------------------------------------------------------------------------- the export as it is


def test_the_platforms_excel_export_is_read_as_the_clerk_sees_it(tmp_path):
    table = read_table(export(tmp_path / "8月.xlsx"), first="类别")
    assert table.header == ["类别", "受理", "办结"]
    assert table.as_dict() == FIGURES
    assert [(t.name, t.cells) for t in table.totals] == [("合计", {"受理": "20696046", "办结": "8443832"})]
    assert table.skipped_line() == f"已略过 第 1 行“{TITLE[:20]}…”、第 7 行“{NOTE[:20]}…”"
    table.check_totals()  # the 合计 row adds up


def test_a_total_off_by_a_thousand_is_refused_naming_the_row_the_column_and_both_figures(tmp_path):
    table = read_table(export(tmp_path / "8月.xlsx", total_accepted=20697046), first="类别")
    with pytest.raises(ZhoubaoError) as refused:
        table.check_totals()
    message = refused.value.message
    assert "合计" in message and "受理" in message and "20697046" in message and "20696046" in message
    assert "\n" not in message


def test_the_old_xls_format_is_read_too():
    table = read_table(XLS, first="类别", sheet="统计")
    assert table.as_dict() == FIGURES and table.skipped_line().startswith("已略过 第 1 行")
    table.check_totals()
    with pytest.raises(ZhoubaoError, match="20697046"):
        read_table(XLS, first="类别", sheet="合计有误").check_totals()


@pytest.mark.parametrize("make", ["xlsx", "xls"])
def test_a_workbook_of_several_sheets_asks_which_naming_them(tmp_path, make):
    path = export(tmp_path / "两表.xlsx", sheets=("统计", "说明")) if make == "xlsx" else XLS
    with pytest.raises(ZhoubaoError) as refused:
        read_table(path, first="类别")
    assert "--sheet" in refused.value.message and "“统计”" in refused.value.message
    assert read_table(path, first="类别", sheet="统").as_dict() == FIGURES  # a unique part is enough
    with pytest.raises(ZhoubaoError, match="没有工作表“九月”"):
        read_table(path, first="类别", sheet="九月")


def test_a_tab_separated_gbk_export_with_unit_headers_is_read(tmp_path):
    path = tmp_path / "平台导出.txt"
    text = (
        f"{TITLE}\r\n单位\t受理（件）\t办结（件）\r\n成都市\t658,321\t636146\r\n绵阳市\t—\t\r\n"
        f"全省合计\t658,321\t636146\r\n{NOTE}\r\n"
    )
    path.write_bytes(text.encode("gbk"))
    table = read_table(path)
    assert table.header == ["单位", "受理", "办结"]
    assert table.as_dict() == {"成都市": {"受理": "658,321", "办结": "636146"}, "绵阳市": {}}  # "—" is not 0
    assert [t.name for t in table.totals] == ["全省合计"]
    table.check_totals()


@pytest.mark.parametrize("separator", [",", ";", "\t"])
@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig", "utf-16"])
def test_text_tables_in_every_separator_and_encoding(tmp_path, separator, encoding):
    path = tmp_path / "t.csv"
    cells = [["类别", "受理（件）", "办结（件）"], ["行政许可事项", '"658,321"', "636146"]]
    path.write_bytes("\r\n".join(separator.join(row) for row in cells).encode(encoding))
    assert read_table(path, first="类别").as_dict() == {"行政许可事项": {"受理": "658,321", "办结": "636146"}}


def test_headers_are_matched_without_units_and_spaces():
    assert tables.header_name("受理（件）") == "受理"
    assert tables.header_name(" 办 结\n(件) ") == "办结"
    assert tables.header_name("交易金额【万元】") == "交易金额"
    assert tables.header_name("金额（亿元）（含税）") == "金额"
    assert tables.header_name("（件）") == "（件）"  # nothing left: kept as written


@pytest.mark.parametrize(
    "name",
    [
        "合计",
        "全省合计",
        "合计：",
        "总计(全省)",
        "总计（全省）",
        "ＴＯＴＡＬ",
        "TOTAL",
        "Total",
        "合\u200b计",
        "合 计",
        "小计",
    ],
)
def test_disguised_total_rows_are_total_rows(name):
    assert tables.total_word(name) in ("合计", "小计")


@pytest.mark.parametrize("name", ["成都市", "合江县", "计划生育服务", "总工会", "行政许可事项"])
def test_units_are_not_total_rows(name):
    assert tables.total_word(name) is None


def test_disguised_total_rows_never_become_units(tmp_path):
    path = tmp_path / "t.csv"
    lines = ["单位,办件量", "甲,3", "乙,4", "全省合计,7", "合计：,7", "总计(全省),7", "ＴＯＴＡＬ,7", "合\u200b计,7"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    table = read_table(path)
    assert list(table.as_dict()) == ["甲", "乙"] and len(table.totals) == 5
    table.check_totals()


def test_subtotals_check_their_own_rows_and_rates_are_not_summed(tmp_path):
    path = tmp_path / "t.csv"
    lines = [
        "序号,单位,办件量,办结率（%）",
        "1,甲,3,100",
        "2,乙,4,90",
        "小计,,7,95",
        "3,丙,5,80",
        "小计,,5,80",
        "合计,,12,88",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    table = read_table(path)
    assert table.header == ["单位", "办件量", "办结率"] and "“序号”列" in table.skipped_line()
    assert list(table.as_dict()) == ["甲", "乙", "丙"]
    table.check_totals()  # 办结率 is a rate: no sum is expected of it
    path.write_text("\n".join(lines).replace("小计,,5,80", "小计,,6,80") + "\n", encoding="utf-8")
    with pytest.raises(ZhoubaoError, match="小计.*6.*5"):
        read_table(path).check_totals()


def test_decimals_are_compared_at_their_printed_places(tmp_path):
    book = _workbook()
    ws = book.active
    ws.append(["单位", "金额（万元）"])
    ws.append(["甲", 0.1])
    ws.append(["乙", 0.2])
    ws.append(["合计", 0.3])  # 0.1 + 0.2 is 0.30000000000000004 in binary floating point
    book.save(tmp_path / "t.xlsx")
    table = read_table(tmp_path / "t.xlsx")
    assert table.as_dict() == {"甲": {"金额": "0.1"}, "乙": {"金额": "0.2"}}
    table.check_totals()


def test_a_percentage_cell_is_read_as_the_percentage_shown(tmp_path):
    book = _workbook()
    ws = book.active
    ws.append(["单位", "办结率"])
    ws.append(["甲", 0.9987])
    ws["B2"].number_format = "0.00%"
    ws.append(["乙", "99.5%"])
    book.save(tmp_path / "t.xlsx")
    assert read_table(tmp_path / "t.xlsx").as_dict() == {"甲": {"办结率": "99.87"}, "乙": {"办结率": "99.5"}}


def test_a_data_row_below_the_notes_is_refused(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("单位,办件量\n甲,3\n注：本表为初步数据。\n乙,4\n", encoding="utf-8")
    with pytest.raises(ZhoubaoError, match="第 4 行在第 3 行的表注之后"):
        read_table(path)


def test_a_web_page_saved_as_xls_is_named(tmp_path):
    path = tmp_path / "导出.xls"
    path.write_text("<html><body><table><tr><td>单位</td></tr></table></body></html>", encoding="utf-8")
    with pytest.raises(ZhoubaoError, match="网页"):
        read_table(path)


# ----------------------------------------------------------------------------- hostile workbooks


@pytest.fixture
def never_opened(monkeypatch):
    """openpyxl must not be reached: the guards refuse the file first."""

    def opened(path):
        raise AssertionError("openpyxl opened a file the guards should have refused")

    monkeypatch.setattr(tables, "_xlsx_book", opened)


def test_a_zip_bomb_is_refused_before_anything_is_unpacked(tmp_path, never_opened):
    base = export(tmp_path / "base.xlsx")
    bomb = rewrite(base, tmp_path / "bomb.xlsx", {"xl/worksheets/sheet1.xml": b" " * (80 * 1024 * 1024)})
    assert bomb.stat().st_size < 1024 * 1024
    with pytest.raises(ZhoubaoError, match="解压后达"):
        read_table(bomb)


def test_a_package_of_many_parts_is_refused(tmp_path, never_opened):
    base = export(tmp_path / "base.xlsx")
    many = rewrite(base, tmp_path / "many.xlsx", {f"xl/junk{i}.bin": b"" for i in range(tables.MAX_PARTS + 1)})
    with pytest.raises(ZhoubaoError, match="个部件"):
        read_table(many)


@pytest.mark.parametrize(
    "doctype",
    [
        # billion laughs
        '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>',
        # an external entity
        '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
    ],
)
@pytest.mark.parametrize("part", ["xl/worksheets/sheet1.xml", "xl/workbook.xml", "[Content_Types].xml"])
def test_xml_with_a_doctype_or_entities_is_refused(tmp_path, never_opened, doctype, part):
    base = export(tmp_path / "base.xlsx")
    with zipfile.ZipFile(base) as package:
        xml = package.read(part)
    declaration, mark, rest = xml.partition(b"?>")
    planted = declaration + mark + doctype.encode() + rest if mark else doctype.encode() + xml
    hostile = rewrite(base, tmp_path / "xxe.xlsx", {part: planted})
    with pytest.raises(ZhoubaoError, match="DOCTYPE"):
        read_table(hostile)


def test_a_hundred_thousand_rows_are_refused_before_openpyxl(tmp_path, never_opened):
    base = export(tmp_path / "base.xlsx")
    rows = inline_row(1, "单位", "办件量") + "".join(inline_row(r, f"单位{r}", r) for r in range(2, 100_002))
    big = rewrite(base, tmp_path / "big.xlsx", {"xl/worksheets/sheet1.xml": sheet_xml(rows)})
    with pytest.raises(ZhoubaoError, match="10000 行"):
        read_table(big)


def test_a_row_far_down_the_sheet_does_not_make_a_million_empty_rows(tmp_path):
    base = export(tmp_path / "base.xlsx")
    rows = inline_row(1, "单位", "办件量") + inline_row(2, "甲", 3) + inline_row(1_048_576, "乙", 4)
    far = rewrite(base, tmp_path / "far.xlsx", {"xl/worksheets/sheet1.xml": sheet_xml(rows)})
    with pytest.raises(ZhoubaoError, match="10000 行"):
        read_table(far)


def test_a_formula_without_its_saved_value_is_refused_and_one_with_it_is_read_never_evaluated(tmp_path):
    base = export(tmp_path / "base.xlsx")
    head = inline_row(1, "单位", "办件量") + inline_row(2, "甲", 3)
    unsaved = rewrite(
        base,
        tmp_path / "unsaved.xlsx",
        {
            "xl/worksheets/sheet1.xml": sheet_xml(
                head + '<row r="3"><c r="A3" t="inlineStr"><is><t>乙</t></is></c><c r="B3"><f>1+1</f></c></row>'
            )
        },
    )
    with pytest.raises(ZhoubaoError, match="B3 是公式"):
        read_table(unsaved)
    saved = rewrite(
        base,
        tmp_path / "saved.xlsx",
        {
            "xl/worksheets/sheet1.xml": sheet_xml(
                head + '<row r="3"><c r="A3" t="inlineStr"><is><t>乙</t></is></c><c r="B3"><f>1+1</f><v>7</v></c></row>'
            )
        },
    )
    assert read_table(saved).as_dict() == {"甲": {"办件量": "3"}, "乙": {"办件量": "7"}}  # the saved 7, not 2


def test_a_huge_cell_is_refused(tmp_path):
    book = _workbook()
    book.active.append(["单位", "办件量"])
    book.active.append(["甲" * 30_000, 3])
    book.save(tmp_path / "t.xlsx")
    with pytest.raises(ZhoubaoError, match="第 2 行有一格长达 30000 个字符"):
        read_table(tmp_path / "t.xlsx")


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        (b"PK\x03\x04" + b"\0" * 100, "损坏"),
        (bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 600, "读不出来"),
        (bytes.fromhex("d0cf11e0a1b11ae1") + "EncryptedPackage".encode("utf-16-le") + b"\0" * 600, "已加密"),
    ],
    ids=["broken-zip", "broken-ole", "encrypted"],
)
def test_a_broken_or_encrypted_workbook_is_named(tmp_path, data, needle):
    path = tmp_path / "t.xlsx"
    path.write_bytes(data)
    with pytest.raises(ZhoubaoError, match=needle):
        read_table(path)


def test_a_docx_is_not_taken_for_a_workbook(tmp_path):
    path = tmp_path / "t.xlsx"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(ZhoubaoError, match="不是 Excel 工作簿"):
        read_table(path)


def test_a_workbook_over_the_size_cap_is_refused_unread(tmp_path, never_opened, monkeypatch):
    monkeypatch.setattr(tables, "MAX_WORKBOOK_BYTES", 1000)
    with pytest.raises(ZhoubaoError, match="过大"):
        read_table(export(tmp_path / "t.xlsx"))


# ----------------------------------------------------------------------------- start-up


def test_excel_readers_are_imported_only_for_excel_files(tmp_path):
    issue = tmp_path / "a.toml"
    probe = (
        "import sys; from zhoubao.cli import run; "
        f"run(['new', {str(issue)!r}, '--kind', '窗口工作周报', '--number', '1', '--total', '1', '--date', '2022-11-01']); "
        f"code = run(['add-news', '-f', {str(issue)!r}, '--section', '服务效能', '甲。']); "
        "print(code, sorted(m for m in sys.modules if m.split('.')[0] in ('openpyxl', 'xlrd')))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == "0 []", out.stderr


# ----------------------------------------------------------------------------- stats, the clerk's week


def _figures(issue: Path) -> list[dict]:
    import tomllib

    data = tomllib.loads(issue.read_text(encoding="utf-8"))
    section = next(s for s in data["section"] if s.get("type") == "statistics")
    return [c.get("values") for c in section["category"]]


EXPECTED = [
    {"受理": 658321, "办结": 636146},
    {"受理": 19985725, "办结": 7756140},
    {"受理": 52000, "办结": 51546},
]


def test_stats_fills_the_statistics_exactly_from_the_platforms_excel_export(issue, invoke, tmp_path):
    r = invoke("stats", "-f", str(issue), "--csv", str(export(tmp_path / "8月统计.xlsx")))
    assert r.exit_code == 0, r.stderr
    assert _figures(issue) == EXPECTED
    lines = r.stderr.splitlines()
    assert lines[0].startswith("已略过 第 1 行“2022年1-9月") and "第 7 行“注：" in lines[0]
    assert lines[1] == "已核对 第 6 行“合计”：与各行之和相符，不单独填入"
    assert lines[2] == "已填写 行政许可事项：受理 658321，办结 636146（文件 2022-33.toml）"


def test_the_same_export_with_a_total_off_by_a_thousand_is_refused_and_the_file_unchanged(issue, invoke, tmp_path):
    before = issue.read_bytes()
    r = invoke("stats", "-f", str(issue), "--csv", str(export(tmp_path / "8月统计.xlsx", total_accepted=20697046)))
    assert r.exit_code == 1 and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert "合计" in r.stderr and "受理" in r.stderr and "20697046" in r.stderr and "20696046" in r.stderr
    assert issue.read_bytes() == before


def test_a_tab_separated_gbk_export_with_unit_headers_fills_the_statistics(issue, invoke, tmp_path):
    table = tmp_path / "平台导出.xls"  # platforms name a tab-separated text export .xls too
    rows = [f"{name}\t{f['受理']}\t{f['办结']}" for name, f in FIGURES.items()]
    table.write_bytes(("\r\n".join([TITLE, "类别\t受理（件）\t办结（件）", *rows, NOTE]) + "\r\n").encode("gbk"))
    r = invoke("stats", "-f", str(issue), "--csv", str(table))
    assert r.exit_code == 0, r.stderr
    assert _figures(issue) == EXPECTED


def test_the_old_xls_export_fills_the_statistics_by_its_sheet(issue, invoke):
    r = invoke("stats", "-f", str(issue), "--csv", str(XLS))
    assert r.exit_code == 1 and "--sheet" in r.stderr and "“合计有误”" in r.stderr
    r = invoke("stats", "-f", str(issue), "--csv", str(XLS), "--sheet", "统计")
    assert r.exit_code == 0, r.stderr
    assert _figures(issue) == EXPECTED
    before = issue.read_bytes()
    r = invoke("stats", "-f", str(issue), "--csv", str(XLS), "--sheet", "合计有误")
    assert r.exit_code == 1 and "20697046" in r.stderr and issue.read_bytes() == before


def test_a_hostile_workbook_changes_nothing(issue, invoke, tmp_path):
    bomb = rewrite(
        export(tmp_path / "base.xlsx"), tmp_path / "bomb.xlsx", {"xl/worksheets/sheet1.xml": b" " * (80 * 1024 * 1024)}
    )
    before = issue.read_bytes()
    for option in ("--csv", "--table"):
        r = invoke("stats", "-f", str(issue), option, str(bomb))
        assert r.exit_code == 1 and "解压后达" in r.stderr and "Traceback" not in r.stderr, r.stderr
        assert len(r.stderr.strip().splitlines()) == 1
    assert issue.read_bytes() == before


def test_sheet_is_only_for_a_table(issue, invoke):
    r = invoke("stats", "-f", str(issue), "行政许可", "--accepted", "1", "--sheet", "统计")
    assert r.exit_code != 0 and "--sheet 要与 --csv 或 --table 一起用" in r.stderr
