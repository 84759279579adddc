"""Makes platform-export.xls, the one checked-in .xls fixture (tests/test_tables.py).

The old binary format cannot be written by openpyxl, and xlwt (the writer for it) is no longer
maintained, so it is not a dependency: run this once in a throwaway environment with
`pip install xlwt==1.3.0`. The workbook is the platform's export as the acceptance describes it:
a merged title row, unit headers, a figure stored as text with a thousands separator, a 合计 row
and a footnote; the second sheet has a 合计 off by 1000.
"""

from pathlib import Path

import xlwt

ROWS = [
    ("行政许可事项", "658,321", 636146),
    ("公共服务事项", 19985725, 7756140),
    ("其它九类行权事项", 52000, 51546),
]


def sheet(book: xlwt.Workbook, name: str, total_accepted: int) -> None:
    ws = book.add_sheet(name)
    ws.write_merge(0, 0, 0, 2, "2022年1-9月省级政务服务事项受理办理情况统计表")
    for col, text in enumerate(["类别", "受理（件）", "办结（件）"]):
        ws.write(1, col, text)
    for r, row in enumerate(ROWS, 2):
        for col, value in enumerate(row):
            ws.write(r, col, value)
    ws.write(5, 0, "合计")
    ws.write(5, 1, total_accepted)
    ws.write(5, 2, 8443832)
    ws.write(6, 0, "注：数据来源于四川一体化政务服务平台，截至9月30日。")


book = xlwt.Workbook(encoding="utf-8")
sheet(book, "统计", 20696046)
sheet(book, "合计有误", 20697046)
book.save(str(Path(__file__).with_name("platform-export.xls")))
