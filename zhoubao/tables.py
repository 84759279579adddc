"""Tables a clerk hands over as the platform exports them: .xlsx, .xls, or CSV/TSV/semicolon text.

A platform's export is rarely a clean table: a merged title row above the header, units in the
headers (受理（件）), figures stored as text with thousands separators ("658,321"), "—" for a
figure not given, a 合计 row, a footnote (注：…) below. `read_table` finds the header, strips the
units, names every row it leaves out, and keeps the total rows apart; `Table.check_totals` holds
each total row to the sum of the rows it sums, so a wrong export is refused before anything is
written.

The file is recognised by its content, not its name: a zip is an .xlsx (openpyxl, read-only,
imported only here), an OLE container an .xls (xlrd, imported only here), anything else text in
the encodings textfiles handles. A workbook is a zip of XML parts a stranger may have made, so
before openpyxl opens it every guard of docs/safety.md runs on the raw package: the file's size,
the number and declared unpacked sizes of its parts, and one streaming pass over every XML part
that refuses a DOCTYPE or entity declaration (openpyxl's stdlib parser would expand entities),
counts rows and cells, and notes formula cells saved without their value (refused: a figure the
program would have to compute; formulas are never evaluated, a saved value is read as it is).
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn
from xml.parsers import expat

from zhoubao.errors import ZhoubaoError
from zhoubao.safefiles import MB, TEXT_FILE_LIMIT, guarded_expat, package_errors, read_regular
from zhoubao.validate import nfkc

MAX_WORKBOOK_BYTES = 20 * MB  # an export of ten thousand rows is well under 2 MB
MAX_PARTS = 1_000  # parts in the package: a workbook of a few sheets has some twenty
MAX_UNPACKED_BYTES = 64 * MB  # sum of the declared sizes of every part
MAX_PART_BYTES = 32 * MB  # one part (a sheet, the shared strings)
MAX_ROWS = 10_100  # rows of the sheet or text, title and notes included (the per-unit table holds 10,000)
MAX_CELLS = 1_000_000  # cells of the workbook's sheets together
MAX_COLUMNS = 100  # columns read; a platform's export has a dozen
MAX_CELL_CHARS = 2_000  # a name, a figure or a footnote; Excel allows 32,767
_HEAD_ROWS = 50  # the header is looked for among the first rows

_ZIP = b"PK\x03\x04"
_OLE = bytes.fromhex("d0cf11e0a1b11ae1")
_CHUNK = 64 * 1024

# What stands for "not given" in a cell: nothing, or a dash as platforms print it. Never 0.
NOT_GIVEN = frozenset({"", "—", "——", "-", "--", "–", "－", "―", "/", "／", "\\"})
# A column whose figures do not add up: rates, shares, averages, ranks.
_NOT_SUMMED = re.compile(r"率|%|％|占比|比例|比重|平均|均值|同比|环比|增幅|增速|增长|排名|名次|序号|编号")
_SERIAL = frozenset({"序号", "编号", "no", "no.", "#"})
# A row below the table that is a note, not a unit: 注：…, 数据来源：…, 制表人：…
_NOTE = re.compile(
    r"^\s*(注|备注|说明|附注|附：|数据来源|资料来源|来源|制表|填表|填报|审核|负责人|联系人|统计时间|截至|截止|单位[:：]|[*※])"
)
_UNIT = re.compile(r"[（(【\[［〔][^（(【\[［〔）)】\]］〕]*[）)】\]］〕]$")
_FIGURE = re.compile(r"[+-]?([0-9]{1,3}(,[0-9]{3})+|[0-9]+)(\.[0-9]+)?|[+-]?\.[0-9]+")
_WIDE = str.maketrans("０１２３４５６７８９．，＋－％", "0123456789.,+-%")
_TOTAL_WORDS = ("合计", "总计", "小计")
_TOTAL_EXACT = frozenset({"合计", "总计", "小计", "总数", "total", "grandtotal", "subtotal", "sum"})


def _invisible(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch) == "Cf"  # spaces, zero-width characters, BOMs


def clean_name(text: str) -> str:
    """A row's name as written, without zero-width characters and surrounding spaces."""
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf").strip()


def header_name(text: str) -> str:
    """A header without spaces and its unit: 受理（件） → 受理, `办 结 (件)` → 办结, 金额【万元】 → 金额."""
    name = "".join(ch for ch in text if not _invisible(ch))
    while True:
        stripped = _UNIT.sub("", name)
        if stripped == name or not stripped:
            return name
        name = stripped


def total_word(name: str) -> str | None:
    """合计 / 小计 … when a row's name says it is a total, however disguised: 全市合计, 合计：,
    总计(全市), ＴＯＴＡＬ, 合\u200b计. None for a unit's or a category's own name."""
    plain = "".join(ch for ch in nfkc(name) if not _invisible(ch)).casefold()
    plain = plain.rstrip(":：.。、")
    while True:
        stripped = _UNIT.sub("", plain)
        if stripped == plain or not stripped:
            break
        plain = stripped.rstrip(":：")
    plain = re.sub(r"^[(（][^)）]*[)）]", "", plain)  # (全市)合计
    if plain in _TOTAL_EXACT:
        return "小计" if plain in ("小计", "subtotal") else "合计"
    for word in _TOTAL_WORDS:
        if plain.endswith(word) or plain.startswith(word):
            return word if word == "小计" else "合计"
    return None


def adds_up(header: str) -> bool:
    """Whether a column's figures add up to its total (counts, amounts), not rates or shares."""
    return not _NOT_SUMMED.search(header)


@dataclass
class Row:
    """One row of the table: its line (as the file or Excel numbers it), name, and given cells."""

    line: int
    name: str
    cells: dict[str, str] = field(default_factory=dict)  # header → cell text; "not given" left out


@dataclass
class Table:
    """A table read from a file: normalised header, the rows, the total rows, what was left out."""

    where: str
    header: list[str]
    rows: list[Row]
    totals: list[Row] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, dict[str, str]]:
        """name → {header: cell text}, the rows only (the total rows are checks, not figures)."""
        return {row.name: dict(row.cells) for row in self.rows}

    def skipped_line(self) -> str:
        """What was left out, in one line: 已略过 第1行“2024年8月…”、第9行“注：…”; "" when nothing was."""
        return f"已略过 {'、'.join(self.skipped)}" if self.skipped else ""

    def check_totals(self, summed: Callable[[str], bool] = adds_up) -> None:
        """Each total row equals the sum of the rows it sums, for the columns that add up; else one
        Chinese line naming the row, the column and both figures. A 小计 sums the rows since the
        previous total row; a 合计 all the rows. A cell that is not a figure is left to the caller."""
        from decimal import Decimal

        for total in self.totals:
            scope = [r for r in self.rows if r.line < total.line]
            if total_word(total.name) == "小计":
                before = [t.line for t in self.totals if t.line < total.line]
                scope = [r for r in scope if not before or r.line > max(before)]
            for column in self.header[1:]:
                given = total.cells.get(column)
                if given is None or not summed(column):
                    continue
                stated = _decimal(given)
                parts = [_decimal(r.cells[column]) for r in scope if column in r.cells]
                if stated is None or any(p is None for p in parts):
                    continue
                exact = [p for p in parts if p is not None]
                places = max((_places(p) for p in [stated, *exact]), default=0)
                added = sum(exact, Decimal(0))
                if _at(added, places) != _at(stated, places):
                    raise ZhoubaoError(
                        f"{self.where}第 {total.line} 行“{total.name}”的{column}为 {given}，而各行之和为 "
                        f"{_at(added, places):f}：合计与明细不符，未写入；请核对导出的表（或删去合计行）"
                    )


def _decimal(text: str) -> Any:
    from decimal import Decimal

    cleaned = text.strip().translate(_WIDE).removesuffix("%")
    if not _FIGURE.fullmatch(cleaned):
        return None
    return Decimal(cleaned.replace(",", ""))


def _places(value: Any) -> int:
    exponent = value.as_tuple().exponent
    return min(-exponent, 10) if isinstance(exponent, int) and exponent < 0 else 0


def _at(value: Any, places: int) -> Any:
    from decimal import ROUND_HALF_UP, Decimal, localcontext

    with localcontext() as context:
        context.prec = 60
        return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


# ----------------------------------------------------------------------------- reading


def read_table(path: Path, first: str | None = None, sheet: str | None = None) -> Table:
    """The table in `path` (.xlsx, .xls or text), its header found below any title rows.

    `first` is the name column's required header (类别 for categories); None takes any (单位, 窗口,
    地区 for a per-unit table). A leading 序号 column is left out. Rows with nothing in them are
    passed over; rows above the header and notes below the table are named in `skipped`; total
    rows (合计, 小计, disguised) go to `totals`. A name given twice, a row wider than the header, a
    data row after the notes and a cell of more than MAX_CELL_CHARS characters are refused.
    """
    path = Path(path)
    if path.is_dir():
        raise ZhoubaoError(f"{path} 是文件夹：请指定表格文件（.xlsx、.xls 或 .csv）")
    try:
        from zhoubao.safefiles import read_head

        head = read_head(path, 8)
    except FileNotFoundError:
        raise ZhoubaoError(f"表格文件 {path} 不存在：请检查路径") from None
    except PermissionError:
        raise ZhoubaoError(f"无法读取表格文件 {path}（没有权限，或在别的程序中打开）：请检查后重试") from None
    except OSError:
        read_regular(path, TEXT_FILE_LIMIT, "表格文件")  # words a FIFO, a device or a folder
        raise
    if head.startswith(_ZIP):
        where, grid = f"Excel 文件 {path.name} ", _xlsx_grid(path, sheet)
    elif head.startswith(_OLE):
        where, grid = f"Excel 文件 {path.name} ", _xls_grid(path, sheet)
    else:
        if sheet is not None:
            raise ZhoubaoError(f"{path.name} 是文本表格，没有工作表：--sheet 只用于 Excel 文件，请去掉 --sheet")
        return _table(_text_grid(path), f"表格文件 {path.name} ", first, text=True)
    return _table(grid, where, first)


def _table(grid: Iterable[tuple[int, list[str]]], where: str, first: str | None, text: bool = False) -> Table:
    """The table in a grid of (line, cells). `text`: the grid is a text file, where a row with
    fewer cells than the header is a line cut short (its figures would stay last week's), not
    empty cells at the end as a workbook leaves them."""
    rows = [(line, cells) for line, cells in grid if any(c.strip() for c in cells)]
    for line, cells in rows:
        long = next((c for c in cells if len(c) > MAX_CELL_CHARS), None)
        if long is not None:
            raise ZhoubaoError(
                f"{where}第 {line} 行有一格长达 {len(long)} 个字符（上限 {MAX_CELL_CHARS}）：请检查是否选错文件"
            )
    if not rows:
        raise ZhoubaoError(f"{where}是空的：应有表头（如 {first or '单位'},列名1,列名2…）和数据行")
    at = _header_at(rows, where, first)
    header_line, raw = rows[at]
    skipped = [_named(line, cells) for line, cells in rows[:at]]
    serial = bool(raw) and header_name(raw[0]).casefold() in _SERIAL and len([c for c in raw if c.strip()]) > 2
    offset = 1 if serial else 0
    header = [header_name(h) for h in raw[offset:]]
    if header:  # the name column's header is a word for messages (市（州）), not a column to match
        header[0] = "".join(ch for ch in raw[offset] if not _invisible(ch))
    while header and not header[-1]:
        header.pop()
    if first is not None and (not header or header_name(header[0]) != first):
        raise ZhoubaoError(
            f"{where}的第一列表头应为“{first}”：如 {first},列名1,列名2…（找到的表头在第 {header_line} 行）"
        )
    if not header or not header[0]:
        raise ZhoubaoError(f"{where}的第一列表头为空：应为单位名称的表头，如 单位,列名1,列名2…")
    twice = next((h for i, h in enumerate(header) if h and h in header[:i]), None)
    if twice is not None:
        raise ZhoubaoError(f"{where}的表头中“{twice}”出现两次（单位和空格不计）：请删去重复的一列")
    what = header[0]
    table = Table(where, header, [])
    seen: dict[str, int] = {}
    notes_from: int | None = None
    for line, full in rows[at + 1 :]:
        cells = [c.strip() for c in full[offset:]]
        while cells and not cells[-1]:
            cells.pop()
        if _is_note(cells):
            notes_from = notes_from or line
            table.skipped.append(_named(line, full))
            continue
        if notes_from is not None:
            raise ZhoubaoError(
                f"{where}第 {line} 行在第 {notes_from} 行的表注之后还有数据：请把表注移到表的最后，或删去表注"
            )
        name = clean_name(cells[0]) if cells else ""
        if serial and not name and full and total_word(full[0]):  # 合计 merged across 序号 and 单位
            name = clean_name(full[0])
        if not name:
            raise ZhoubaoError(f"{where}第 {line} 行缺少{what}：请补上{what}名称")
        if len(cells) > len(header):
            raise ZhoubaoError(f"{where}第 {line} 行多出 {len(cells) - len(header)} 列：请与表头对齐")
        missing = "、".join(h for h in header[len(full) - offset :] if h) if text else ""
        if missing and not total_word(name):
            raise ZhoubaoError(
                f"{where}第 {line} 行（{name}）缺少 {missing} 列：请补上数字；不改的数字可留空，但逗号要写全"
            )
        given = {header[i]: _figure_text(cell) for i, cell in enumerate(cells[1:], 1) if cell not in NOT_GIVEN}
        row = Row(line, name, given)
        if total_word(name):
            table.totals.append(row)
            continue
        if name in seen:
            raise ZhoubaoError(f"{where}第 {line} 行的{what}“{name}”与第 {seen[name]} 行重复：请删去一行")
        seen[name] = line
        table.rows.append(row)
    if serial:
        table.skipped.append(f"“{raw[0].strip()}”列")
    if skipped:
        table.skipped[:0] = skipped
    return table


def _header_at(rows: list[tuple[int, list[str]]], where: str, first: str | None) -> int:
    """Which of the first rows is the header: the one whose first name cell is `first`; else the
    last row of two or more text cells above the first row with a figure beside its name."""
    head = rows[:_HEAD_ROWS]
    if first is not None:
        for i, (_line, cells) in enumerate(head):
            names = [header_name(c) for c in cells if c.strip()]
            if names and names[0].casefold() in _SERIAL:
                names = names[1:]
            if names and names[0] == first and len(names) > 1:
                return i
    candidate = None
    for i, (_line, cells) in enumerate(head):
        filled = [c for c in cells if c.strip()]
        if len(filled) >= 2 and not any(_decimal(c) is not None for c in filled):
            candidate = i
        elif candidate is not None and any(_decimal(c) is not None for c in cells[1:]):
            return candidate
    return candidate if candidate is not None else 0  # else the first row, as a plain CSV has it


def _is_note(cells: list[str]) -> bool:
    filled = [c for c in cells if c.strip()]
    if not filled:
        return False
    if _NOTE.match(filled[0]) and not any(_decimal(c) is not None for c in filled):
        return True
    return len(filled) == 1 and _decimal(filled[0]) is None and (len(filled[0]) > 30 or cells[0] == "")


def _named(line: int, cells: list[str]) -> str:
    text = " ".join(c.strip() for c in cells if c.strip())
    return f"第 {line} 行“{text[:20]}{'…' if len(text) > 20 else ''}”"


def _figure_text(cell: str) -> str:
    """A cell as a figure's text: 99.87% and 99.87％ are 99.87; anything else as written."""
    plain = cell.translate(_WIDE)
    if plain.endswith("%") and _decimal(plain) is not None:
        return plain[:-1].strip()
    return cell


# ----------------------------------------------------------------------------- text


def _text_grid(path: Path) -> list[tuple[int, list[str]]]:
    """CSV, TSV or semicolon-separated text in any encoding textfiles reads; the separator is
    the one of tab, semicolon and comma found on most of the first lines (tab first on a tie:
    a tab-separated export keeps "658,321" unquoted)."""
    import csv
    import io

    from zhoubao.textfiles import read_text

    text = read_text(path, "表格文件", "在 Excel 中另存为 .xlsx 或“CSV UTF-8”后重试")
    lower = text[:2000].lstrip().lower()
    if lower.startswith(("<html", "<!doctype", "<table", "<?xml", "<meta")):
        raise ZhoubaoError(
            f"{path.name} 是网页或 XML 格式的表格（有的平台把它存成 .xls）：请在 Excel 中打开后另存为 .xlsx 再试"
        )
    sample = [line for line in text.split("\n", 200)[:200] if line.strip()][:50]
    counts = {sep: sum(sep in line for line in sample) for sep in ("\t", ";", ",")}
    delimiter = max(counts, key=lambda sep: counts[sep])  # dicts keep order: tab wins a tie
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    out: list[tuple[int, list[str]]] = []
    try:
        for row in reader:
            if len(out) >= MAX_ROWS:
                raise _too_many_rows(f"表格文件 {path.name} ")
            out.append((reader.line_num, row[: MAX_COLUMNS + 1]))
    except csv.Error:  # a cell over csv's 131,072 characters: no figure or name is that long
        raise ZhoubaoError(
            f"表格文件 {path.name} 第 {reader.line_num} 行有一格过长，读不出来：请检查是否选错文件，"
            "或某格中有没配对的引号"
        ) from None
    return out


def _too_many_rows(where: str) -> ZhoubaoError:
    return ZhoubaoError(
        f"{where}超过 {MAX_ROWS} 行：明细表最多 10000 行，请用按单位（市州、区县、窗口）汇总后的表，或检查是否选错文件"
    )


# ----------------------------------------------------------------------------- .xlsx


def _refuse(name: str, why: str) -> NoReturn:
    raise ZhoubaoError(f"Excel 文件 {name} {why}，可能是恶意文件：已拒绝读取，请检查文件来源或在 Excel 中另存后重试")


def check_workbook(path: Path) -> dict[str, list[str]]:
    """Every guard on the raw package before openpyxl opens it; the formula cells saved without
    a value, by part. Refuses (one Chinese line) a file over MAX_WORKBOOK_BYTES, a broken zip,
    too many parts, parts declared larger than the caps, an encrypted part, and any XML part with
    a DOCTYPE or entity declaration, more than MAX_ROWS rows in a sheet or MAX_CELLS cells."""
    name = path.name
    read_regular(path, MAX_WORKBOOK_BYTES, "Excel 文件")  # a regular file under the cap
    unsaved: dict[str, list[str]] = {}
    with package_errors(path, f"Excel 文件 {name}", "Excel", ".xlsx"), zipfile.ZipFile(path) as package:
        infos = package.infolist()
        if len(infos) > MAX_PARTS:
            _refuse(name, f"有 {len(infos)} 个部件（正常不过几十个）")
        unpacked = sum(info.file_size for info in infos)
        if unpacked > MAX_UNPACKED_BYTES:
            _refuse(name, f"解压后达 {unpacked / MB:.0f} MB（上限 {MAX_UNPACKED_BYTES // MB} MB）")
        big = next((info for info in infos if info.file_size > MAX_PART_BYTES), None)
        if big is not None:
            _refuse(name, f"的部件 {big.filename[:60]} 解压后达 {big.file_size / MB:.0f} MB")
        if any(info.flag_bits & 0x1 for info in infos):
            raise ZhoubaoError(f"Excel 文件 {name} 已加密：请在 Excel 中取消密码并另存为 .xlsx 后重试")
        if "xl/workbook.xml" not in package.namelist():
            raise ZhoubaoError(f"{name} 是压缩包但不是 Excel 工作簿（.xlsx）：请在 Excel 中另存为 .xlsx 后重试")
        scan = _XmlScan(name)
        for info in infos:
            scan.part(package, info)
            if scan.unsaved:
                unsaved[info.filename] = scan.unsaved
    return unsaved


class _XmlScan:
    """One streaming pass (expat) over each XML part of a workbook: refuses DOCTYPE and entity
    declarations, counts rows per sheet and cells in all, and notes formula cells without a value."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.cells = 0
        self.rows = 0
        self.unsaved: list[str] = []
        self._cell: str | None = None
        self._formula = self._value = False

    def part(self, package: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
        self.rows, self.unsaved = 0, []
        with package.open(info) as stream:
            chunk = stream.read(_CHUNK)
            if not chunk.lstrip().startswith(b"<") and not chunk.startswith(
                (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
            ):
                return  # an image or other binary part: no parser reads it as XML
            parser = guarded_expat(self._doctype)
            parser.StartElementHandler = self._start
            parser.EndElementHandler = self._end
            try:
                while chunk:
                    parser.Parse(chunk, False)
                    chunk = stream.read(_CHUNK)
                parser.Parse(b"", True)
            except expat.ExpatError as e:
                raise ZhoubaoError(
                    f"Excel 文件 {self.name} 的 {info.filename[:60]} 已损坏（第 {e.lineno} 行）：请在 Excel 中打开后另存为 .xlsx 再试"
                ) from None

    def _doctype(self, *_args: Any) -> NoReturn:
        _refuse(self.name, "含有 DOCTYPE 或实体声明（Excel 不会这样写）")

    def _start(self, tag: str, attrs: dict[str, str]) -> None:
        local = tag.rpartition(" ")[2]
        if local == "row":
            self.rows += 1
            if self.rows > MAX_ROWS:
                raise _too_many_rows(f"Excel 文件 {self.name} 的一个工作表")
        elif local == "c":
            self.cells += 1
            if self.cells > MAX_CELLS:
                _refuse(self.name, f"的单元格超过 {MAX_CELLS} 个")
            self._cell, self._formula, self._value = attrs.get("r", "?"), False, False
        elif local == "f" and self._cell is not None:
            self._formula = True
        elif local in ("v", "is") and self._cell is not None:
            self._value = True

    def _end(self, tag: str) -> None:
        if tag.rpartition(" ")[2] == "c" and self._cell is not None:
            if self._formula and not self._value:
                self.unsaved.append(self._cell)
            self._cell = None


def sheet_names(path: Path) -> list[str]:
    """The sheets of a workbook (.xlsx or .xls), after the same checks as reading it."""
    head = _head(path)
    if head.startswith(_OLE):
        return list(_xls_book(path).sheet_names())
    check_workbook(path)
    return list(_xlsx_book(path).sheetnames)


def _head(path: Path) -> bytes:
    from zhoubao.safefiles import read_head

    return read_head(path, 8)


def _xlsx_book(path: Path) -> Any:
    import openpyxl  # only for an Excel file: every other command starts without it

    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except ZhoubaoError:
        raise
    except Exception as e:  # openpyxl raises what its parsers meet: KeyError, ValueError, TypeError …
        raise ZhoubaoError(
            f"Excel 文件 {path.name} 读不出来（{type(e).__name__}）：请在 Excel 中打开后另存为 .xlsx 再试"
        ) from None


def _pick_sheet(names: list[str], sheet: str | None, file: str) -> str:
    if sheet is None:
        if len(names) == 1:
            return names[0]
        listed = "、".join(f"“{n}”" for n in names)
        raise ZhoubaoError(f"Excel 文件 {file} 有 {len(names)} 个工作表（{listed}）：请用 --sheet 指明读哪一个")
    wanted = sheet.strip()
    if wanted in names:
        return wanted
    found = [n for n in names if wanted and wanted in n]
    if len(found) == 1:
        return found[0]
    listed = "、".join(f"“{n}”" for n in names)
    if found:
        raise ZhoubaoError(f"--sheet “{sheet}”对应多个工作表（{'、'.join(found)}）：请写全名；工作表有 {listed}")
    raise ZhoubaoError(f"Excel 文件 {file} 没有工作表“{sheet}”：工作表有 {listed}")


def _xlsx_grid(path: Path, sheet: str | None) -> list[tuple[int, list[str]]]:
    unsaved = check_workbook(path)
    book = _xlsx_book(path)
    try:
        title = _pick_sheet(list(book.sheetnames), sheet, path.name)
        worksheet = book[title]
        part = str(getattr(worksheet, "_worksheet_path", "") or "").lstrip("/")
        cells = unsaved.get(part, []) if part else [c for found in unsaved.values() for c in found]
        if cells:
            raise ZhoubaoError(
                f"Excel 文件 {path.name} 工作表“{title}”的单元格 {'、'.join(cells[:5])} 是公式，但文件里没有保存计算结果"
                "（程序不计算公式）：请在 Excel 中打开、保存后重试，或把公式粘贴为数值"
            )
        out: list[tuple[int, list[str]]] = []
        try:
            rows = worksheet.iter_rows(min_row=1, max_row=MAX_ROWS + 1, max_col=MAX_COLUMNS)
            for line, row in enumerate(rows, 1):
                if line > MAX_ROWS:
                    raise _too_many_rows(f"Excel 文件 {path.name} 工作表“{title}”")
                out.append((line, [_cell_text(c.value, getattr(c, "number_format", None)) for c in row]))
        except ZhoubaoError:
            raise
        except Exception as e:
            raise ZhoubaoError(
                f"Excel 文件 {path.name} 工作表“{title}”读不出来（{type(e).__name__}）：请在 Excel 中另存为 .xlsx 再试"
            ) from None
        return out
    finally:
        book.close()


def _cell_text(value: Any, number_format: str | None = None) -> str:
    """A cell as text: 658321.0 → "658321", 0.9987 shown as a percentage → "99.87", a date → its ISO day."""
    import datetime as dt

    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        from decimal import Decimal

        number = Decimal(value) if isinstance(value, int) else Decimal(f"{value:.15g}")  # Excel keeps 15 digits
        if number_format and "%" in number_format:
            number *= 100
        text = f"{number.normalize():f}" if number != number.to_integral_value() else f"{number.to_integral_value():f}"
        return text
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


# ----------------------------------------------------------------------------- .xls


def _xls_book(path: Path) -> Any:
    import io

    data = read_regular(path, MAX_WORKBOOK_BYTES, "Excel 文件")
    import xlrd  # only for an old .xls: every other command starts without it

    try:
        return xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True, logfile=io.StringIO())
    except Exception as e:  # xlrd raises XLRDError, CompDocError, struct.error … on a broken or hostile file
        text = str(e)
        if "encrypt" in text.lower() or b"EncryptedPackage" in data[:4096] or _encrypted_xlsx(data):
            raise ZhoubaoError(f"Excel 文件 {path.name} 已加密：请在 Excel 中取消密码并另存为 .xlsx 后重试") from None
        raise ZhoubaoError(
            f"Excel 文件 {path.name} 读不出来（{type(e).__name__}）：请在 Excel 中打开后另存为 .xlsx 再试"
        ) from None


def _encrypted_xlsx(data: bytes) -> bool:
    """An encrypted .xlsx is an OLE container holding an `EncryptedPackage` stream (UTF-16 name)."""
    return "EncryptedPackage".encode("utf-16-le") in data


def _xls_grid(path: Path, sheet: str | None) -> list[tuple[int, list[str]]]:
    book = _xls_book(path)
    try:
        title = _pick_sheet(list(book.sheet_names()), sheet, path.name)
        try:
            worksheet = book.sheet_by_name(title)
        except Exception as e:
            raise ZhoubaoError(
                f"Excel 文件 {path.name} 工作表“{title}”读不出来（{type(e).__name__}）：请在 Excel 中另存为 .xlsx 再试"
            ) from None
        if worksheet.nrows > MAX_ROWS:
            raise _too_many_rows(f"Excel 文件 {path.name} 工作表“{title}”")
        return [(r + 1, list(_xls_row(book, worksheet, r))) for r in range(worksheet.nrows)]
    finally:
        book.release_resources()


def _xls_row(book: Any, worksheet: Any, r: int) -> Iterator[str]:
    import xlrd

    for c in range(min(worksheet.ncols, MAX_COLUMNS)):
        cell = worksheet.cell(r, c)
        if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
            yield ""
        elif cell.ctype == xlrd.XL_CELL_NUMBER:
            yield _cell_text(cell.value, _xls_format(book, cell.xf_index))
        elif cell.ctype == xlrd.XL_CELL_DATE:
            try:
                yield _cell_text(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode))
            except Exception:
                yield str(cell.value)
        elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
            yield _cell_text(bool(cell.value))
        elif cell.ctype == xlrd.XL_CELL_ERROR:
            yield xlrd.error_text_from_code.get(cell.value, "#ERROR")
        else:
            yield str(cell.value)


def _xls_format(book: Any, xf_index: int | None) -> str | None:
    try:
        xf = book.xf_list[xf_index]
        return str(book.format_map[xf.format_key].format_str)
    except (IndexError, KeyError, TypeError, AttributeError):
        return None
