"""The masthead and the period: the head of an issue read from the top of an old bulletin.

The issue number line is what every bulletin has, so it anchors the rest: the line above it is
the bulletin's name (which picks the kind when none is given) and any mark above that; below it
come the unit and the date of issue, then, under the first part title, the period. The years of a
period typed without them come from the date of issue, so a week across New Year gets the right
ones. An issue line typed otherwise than the kind prints it becomes the issue's own template.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zhoubao import kinds, tomltext, typography
from zhoubao.compose import DRAFT_MARK, masthead
from zhoubao.dates import date_near, valid_date, week_of
from zhoubao.errors import ZhoubaoError
from zhoubao.importing.docx import DocParagraph
from zhoubao.importing.text import title_key
from zhoubao.model import Issue
from zhoubao.numerals import cn_to_int
from zhoubao.safefiles import read_regular

ISSUE_NUMBER = re.compile(r"第\s*\d+\s*期|增刊")
_DATE_AT_END = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$")
_CN_DATE_AT_END = re.compile(
    r"([〇零一二三四五六七八九○Ｏ]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月"
    r"\s*([一二三四五六七八九十]{1,3})\s*日\s*$"
)
_MONTH_DAY = r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日"
PERIOD_LINE = re.compile(rf"^[（(]\s*{_MONTH_DAY}\s*(?:[—–\-－~～至到]+\s*{_MONTH_DAY})?\s*[)）]$")
_LOOK = 12  # the masthead is within the first dozen lines


@dataclass
class Line:
    """A paragraph as the import reads it: stray spaces taken out, the raw text kept for its tabs."""

    text: str
    raw: str
    in_table: bool = False


@dataclass
class Head:
    """What the masthead gives: the issue's numbers, dates and period, the typed name, unit, mark
    and issue line where they differ from the kind's, and where the body starts."""

    header: dict[str, Any]
    typed: dict[str, Any]
    body_start: int
    report: list[str] = field(default_factory=list)


def masthead_name(paragraphs: list[DocParagraph]) -> str | None:
    """The line above the issue number line: the bulletin's name."""
    lines: list[str] = []
    for paragraph in paragraphs:
        if paragraph.text.strip():
            lines.append(typography.strip_stray_spaces(paragraph.text))
            if ISSUE_NUMBER.search(lines[-1]):
                return lines[-2] if len(lines) > 1 else None
            if len(lines) == _LOOK:
                break
    return None


def kind_named(name: str | None, folder: Path) -> str:
    """The kind whose folder or bulletin name is `name`; the default kind when none is."""
    if name:
        for ref in kinds.list_kinds(folder):
            try:
                raw = read_regular(ref.path / kinds.KIND_FILE, kinds.MAX_KIND_BYTES, "种类文件")
                declared = tomltext.loads(raw.decode("utf-8")).get("name")
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, ZhoubaoError):
                continue
            if title_key(name) in (title_key(ref.name), title_key(declared if isinstance(declared, str) else "")):
                return ref.name
    return kinds.default_kind(folder)


def read_head(lines: list[Line], kind: dict[str, Any], kind_name: str, source: str) -> Head:
    """Header fields (year, number, total, date, period) and typed ones (name, unit, mark, lines)."""
    at = next((i for i, line in enumerate(lines[:_LOOK]) if ISSUE_NUMBER.search(line.text)), None)
    if at is None:
        raise ZhoubaoError(f"{source} 开头没有期号行（如“2022年第33期（总第408期）”）：这不像一期简报，请检查文件")
    head = Head({}, {}, 0)
    if at > 0:
        head.typed["name"] = lines[at - 1].text
        marks = [part.strip() for line in lines[: at - 1] for part in line.raw.split("\t")]
        marks = [m for m in marks if m and typography.strip_stray_spaces(m) != DRAFT_MARK]
        if marks:
            head.typed["mark"] = marks[0]
            if len(marks) > 1:
                head.report.append(f"版头上方有多行标记，只导入了“{marks[0]}”，其余（{'；'.join(marks[1:])}）未导入")
    else:
        head.report.append(f"期号行上方没有简报名称：已用种类“{kind_name}”的名称")
    issue_lines: list[str] = []
    end = at
    while (
        end < len(lines)
        and end < at + 3
        and ISSUE_NUMBER.search(lines[end].text)
        and not _DATE_AT_END.search(lines[end].text)
    ):
        issue_lines.append(lines[end].text)
        end += 1
    date_at = next((i for i in range(end, min(end + 3, len(lines))) if _issue_date(lines[i].text)), None)
    if date_at is None:
        raise ZhoubaoError(f"{source} 的版头没有印发日期（如“2022年11月1日”，在期号行之后）：请检查文件")
    date, unit = _issue_date(lines[date_at].text)  # type: ignore[misc]
    unit = unit or "".join(line.text for line in lines[end:date_at])  # unit and date on two lines
    if unit:
        head.typed["unit"] = unit
    else:
        head.report.append(f"版头没有编发单位：已用种类“{kind_name}”的编发单位")

    joined = "".join(issue_lines)
    supplement = "增刊" in joined
    number = re.search(r"增刊\s*第?\s*(\d+)\s*期" if supplement else r"(?<!总)第\s*(\d+)\s*期", joined)
    total = re.search(r"总第\s*(\d+)\s*期", joined)
    year = re.search(r"(\d{4})\s*年", joined)
    if number is None:
        raise ZhoubaoError(f"{source} 的期号行“{joined}”中没有期号（第N期）：请检查文件")
    if total is None and not supplement:
        raise ZhoubaoError(f"{source} 的期号行“{joined}”中没有总期号（总第N期）：请检查文件")
    header = head.header
    header.update(
        year=int(year.group(1)) if year else date.year,
        number=int(number.group(1)),
        total=int(total.group(1)) if total else 0,
        date=date,
    )
    if supplement:
        header["supplement"] = True
    header["period_start"], header["period_end"] = find_period(lines[date_at + 1 :], date, head.report)
    template = _issue_line_template(issue_lines, head, kind, kind_name)
    if template is not None:
        head.typed["supplement_line" if supplement else "issue_line"] = template
    head.body_start = date_at + 1
    return head


def _issue_date(text: str) -> tuple[dt.date, str] | None:
    """(date, what stands before it) of a line ending in a date, Arabic or Chinese numerals."""
    m = _DATE_AT_END.search(text)
    if m:
        day = valid_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    else:
        m = _CN_DATE_AT_END.search(text)
        if not m:
            return None
        year, month, mday = cn_to_int(m.group(1)), cn_to_int(m.group(2)), cn_to_int(m.group(3))
        day = valid_date(year, month, mday) if year and month and mday else None
    if day is None:
        return None
    return day, text[: m.start()].strip()


def _issue_line_template(typed: list[str], head: Head, kind: dict[str, Any], kind_name: str) -> list[str] | None:
    """None when the kind's issue line prints what was typed, else a template made from the typing.

    What the kind prints is the masthead compose makes of the issue as imported so far."""
    values = {k: head.header[k] for k in ("year", "number", "total")}
    data = kinds.issue_data(kind, kind_name, head.header)
    data["issue"].update(head.typed)
    try:
        printed = [title_key(line) for line in masthead(Issue.from_dict(data | {"section": []}), False).issue_lines]
    except ZhoubaoError:
        printed = []
    if printed == [title_key(line) for line in typed]:
        return None
    if any(c in "".join(typed) for c in "{}%#"):
        head.report.append(f"期号行“{''.join(typed)}”与种类的格式不同：已按种类的格式导入，请核对")
        return None
    made = []
    for line in typed:
        line = re.sub(
            r"总第(\d+)期", lambda m: "总第{{ total }}期" if int(m.group(1)) == values["total"] else m.group(0), line
        )
        line = re.sub(
            r"(?<!总)第(\d+)期",
            lambda m: "第{{ number }}期" if int(m.group(1)) == values["number"] else m.group(0),
            line,
        )
        line = re.sub(r"(\d{4})年", lambda m: "{{ year }}年" if int(m.group(1)) == values["year"] else m.group(0), line)
        made.append(line)
    head.report.append(f"期号行“{''.join(typed)}”与种类的格式不同：已按原文的格式导入")
    return made


def find_period(lines: list[Line], issue_date: dt.date, report: list[str]) -> tuple[dt.date, dt.date]:
    """The period line under the part title; years come from the issue date (a period across New
    Year gets the right ones). Without one, the working week before the issue date, reported."""
    for line in lines:
        m = PERIOD_LINE.match(line.text)
        if not m:
            continue
        y1, m1, d1, y2, m2, d2 = m.groups()
        if m2 is None:
            y2, m2, d2 = y1, m1, d1
        end = valid_date(int(y2), int(m2), int(d2)) if y2 else date_near(int(m2), int(d2), issue_date)
        if end is None:
            continue
        if y1:
            start = valid_date(int(y1), int(m1), int(d1))
        else:
            start = valid_date(end.year, int(m1), int(d1))
            if start is not None and start > end:
                start = valid_date(end.year - 1, int(m1), int(d1))
        if start is not None and start <= end:
            return start, end
    monday, friday = week_of(issue_date - dt.timedelta(days=7))
    report.append(
        f"没有找到本期期间（如“（9月26日—9月30日）”）：已暂定为 {monday} 至 {friday}，请用 zhoubao set period 改正"
    )
    return monday, friday
