"""The issue's head and its distribution block, one field at a time."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from zhoubao import store, tomldoc
from zhoubao.edits.typed import whole_number
from zhoubao.errors import ZhoubaoError
from zhoubao.model import Issue
from zhoubao.validate import check_text, integer

HEADER_FIELDS = {
    "date": "印发日期",
    "number": "期号",
    "total": "总期号",
    "year": "年份",
    "name": "简报名称",
    "unit": "编发单位",
    "mark": "版头标记",
    "period": "本期期间",
    "copies": "印数",
}
# The Chinese names a clerk types: `zhoubao set 印数 80`.
FIELD_NAMES = {label: field for field, label in HEADER_FIELDS.items()} | {
    "期间": "period",
    "日期": "date",
    "印发时间": "date",
    "份数": "copies",  # what a clerk may call them: 印数 is the 版记's word
    "印份": "copies",
    "名称": "name",
    "单位": "unit",
    "编印单位": "unit",
}


def field_key(name: str) -> str:
    """A header field by its key (`copies`) or its Chinese name (`印数`); other names pass through."""
    return FIELD_NAMES.get(name.strip(), name.strip())


# The fields whose value is a whole number. The range of 期号, 总期号 (0 only for a supplement) and
# 年份 is the model's rule (Issue.from_dict), checked before anything is written. 印数 is the one
# stricter here: a file that says 0 copies still reads (check warns of it), but setting 0 is a slip.
NUMBER_FIELDS = ("number", "total", "year", "copies")


def field_value(field: str, text: str) -> Any:
    """A field's value from the text typed for it: a date, a period (`2022-09-26..2022-09-30`), a
    whole number, else the text itself."""
    from zhoubao.dates import parse_date, parse_period

    if field == "date":
        return parse_date(text)
    if field == "period":
        return parse_period(text)
    if field == "copies":
        return integer(whole_number(text, HEADER_FIELDS[field]), HEADER_FIELDS[field], minimum=1)
    if field in NUMBER_FIELDS:
        return whole_number(text, HEADER_FIELDS[field])
    return text


def field_names(issue: Issue | None) -> list[str]:
    """What `set` takes: the header fields' keys and Chinese names, and the issue's distribution labels."""
    return list(FIELD_NAMES) + ([line.label for line in issue.distribution] if issue is not None else [])


def set_field(path: Path, field: str, value: Any) -> str:
    """Change a header field (date, number, total, year, period, name, unit, mark, copies) or the
    text of a distribution line by its label (报, 送, 发 …). Values arrive already parsed."""

    def change(doc, issue: Issue) -> str:
        if field == "period":
            start, end = value
            doc["issue"]["period_start"], doc["issue"]["period_end"] = start, end
        elif field == "copies":
            doc.setdefault("distribution", tomldoc.table())["copies"] = value
        elif field in HEADER_FIELDS:
            doc["issue"][field] = value
        else:
            labels = [line.label for line in issue.distribution]
            if field not in labels:
                fields = "、".join(list(HEADER_FIELDS.values()) + labels)
                raise ZhoubaoError(f"没有字段“{field}”：可设置的有 {fields}")
            check_text(value, f"分送“{field}”")
            doc["distribution"]["line"][labels.index(field)]["text"] = value
        return HEADER_FIELDS.get(field, f"分送“{field}”")

    return store.edit(path, change)
