"""statistics placing: an old bulletin's statistics paragraphs read back into a section's table
(`zhoubao import`): each category's figures found after its name and each column's label, the
period and the data source; what is missing is told, never guessed."""

from __future__ import annotations

import re
from typing import Any

from zhoubao import dates, figures
from zhoubao.errors import ZhoubaoError
from zhoubao.sections.base import Reading
from zhoubao.sections.statistics.records import Figure, StatisticsRecord
from zhoubao.sections.statistics.sentences import Comparison, sentence

# A figure as printed (`644608`, `1,234`, `58.37`), after any space; a period `2022年1月1日至2022年9月30日`.
_FIGURE = r"\s*" + figures.PRINTED
_DATE = r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"
_DATE_RANGE = _DATE + r"\s*(?:至|到|—|－|-|~|～)\s*" + _DATE
# The template rendered with these for a category's name and its columns' figures shows what it
# prints before each figure.
_CATEGORY_MARK, _COLUMN_MARK = "\ue010", 0xE020


def place(reader: Reading, section_table: dict[str, Any], text: str) -> bool:
    """Find each category of the section, then each column's figure after it.

    Tolerant of wording (`，` for `；`, `累计办结`); a later paragraph may carry more categories.
    The figures are kept until `settle`, which fills the categories that have all of them.
    """
    columns = section_table.get("columns", [])
    names = sorted((c["name"] for c in section_table.get("category", [])), key=len, reverse=True)
    if not names or not columns:
        return False
    state = reader.state(section_table)
    found_figures = state.setdefault("figures", {})
    labels = column_labels(section_table)
    lacking = _lacking(section_table)
    hits = list(re.finditer("|".join(re.escape(n) for n in names), text))
    found_any = False
    for i, hit in enumerate(hits):
        if hit.group() in found_figures:
            continue
        segment = text[hit.end() : hits[i + 1].start() if i + 1 < len(hits) else len(text)]
        found: dict[str, Figure] = {}
        words = state.setdefault("words", {}).setdefault(hit.group(), {})
        for column in columns:
            if column["name"] in lacking.get(hit.group(), ()):
                continue  # not printed for this category: a figure near it is another's
            m = _figure(segment, labels.get(column["name"]), column["name"])
            value = figures.read_figure(m.group(1), column.get("decimals", 0)) if m else None
            typed = (
                re.search(r"([\u4e00-\u9fff]+)\s*$", segment[: m.start(1)])
                if m and labels.get(column["name"])
                else None
            )
            if typed and typed.group(1) != labels[column["name"]] and typed.group(1).endswith(column["name"]):
                words[column["name"]] = typed.group(1)  # this category's own word: 累计办结
            if m and value is None:
                reader.hint(
                    f"统计类别“{hit.group()}”的{column['name']}“{m.group(1)}”应为整数：未导入，请用 zhoubao stats 填写"
                )
            elif value is not None:
                found[column["name"]] = value
        if found:
            found_figures[hit.group()] = found
            found_any = True
    if not found_any:
        return False
    given = state.setdefault("given", set())  # which of the period and the source a paragraph gave
    span = re.search(_DATE_RANGE, text)
    if span and "as_of" not in given:
        since = dates.valid_date(*(int(g) for g in span.groups()[:3]))
        as_of = dates.valid_date(*(int(g) for g in span.groups()[3:]))
        if since and as_of and since <= as_of:
            section_table["since"], section_table["as_of"] = since, as_of
            given.add("as_of")
    source = _source(section_table.get("template", ""), text)
    if source and "source" not in given:
        section_table["source"] = source
        given.add("source")
    state.setdefault("originals", []).append(text)
    return True


def settle(reader: Reading, section_table: dict[str, Any]) -> None:
    """Complete categories get their figures; partial or missing ones are reported, not guessed.
    Where the template prints other words than were typed, the typed ones are kept as a comment."""
    from zhoubao import typography

    state = reader.state(section_table)
    if "originals" not in state:
        return
    found_figures = state.get("figures", {})
    columns = [c["name"] for c in section_table.get("columns", [])]
    lacking = _lacking(section_table)
    for category in section_table.get("category", []):
        found = found_figures.get(category["name"], {})
        expected = [c for c in columns if c not in lacking.get(category["name"], ())]
        missing = [c for c in expected if c not in found]
        if not found:
            reader.hint(f"统计类别“{category['name']}”在原文中没有数字：请用 zhoubao stats 填写")
        elif missing:
            reader.hint(f"统计类别“{category['name']}”缺少{'、'.join(missing)}：该类别未导入，请用 zhoubao stats 填写")
        else:
            category["values"] = {c: found[c] for c in expected}
            words = state.get("words", {}).get(category["name"])
            if words:
                category["labels"] = dict(words)
    if reader.composed_paragraphs(section_table) != [typography.normalise(text) for text in state["originals"]]:
        for text in state["originals"]:
            reader.note(section_table, f"导入时的原文：{text}")
        reader.hint(
            f"统计段“{section_table.get('title', '')}”的措辞与种类模板不同：已按模板重写，"
            f"原文保留在期刊文件的注释中，请核对数字"
        )


def _lacking(section_table: dict[str, Any]) -> dict[str, list[str]]:
    """The columns each category lacks (`lacks = ["节约资金"]`: land has 溢价, no savings): the
    sentence does not print them, so they are neither looked for nor missed."""
    return {
        c["name"]: [col for col in c.get("lacks", []) if isinstance(col, str)]
        for c in section_table.get("category", [])
        if isinstance(c, dict) and isinstance(c.get("name"), str) and isinstance(c.get("lacks"), list)
    }


def column_labels(section_table: dict[str, Any]) -> dict[str, str]:
    """What the sentence prints right before each column's figure: 受理, 交易金额, or "" (the
    figure follows the category's name, as in `某类项目35个`). Learnt by rendering the template
    for one category whose figures are marks; {} when it cannot be rendered so."""
    try:
        section = StatisticsRecord.read(section_table, "统计栏目", ())
        marks = {c.name: chr(_COLUMN_MARK + i) for i, c in enumerate(section.columns)}
        blank = {name: Comparison() for name in [*marks, *(r.name for r in section.rates)]}
        row: dict[str, Any] = {
            "name": _CATEGORY_MARK,
            "values": dict.fromkeys(marks, 0),
            "increase": {},
            "labels": {name: name for name in marks},
            "units": {c.name: c.unit for c in section.columns},
            "columns": list(marks),
            "share": dict.fromkeys(marks, ""),
            "huanbi": blank,
            "tongbi": blank,
        }
        row.update(marks)
        row["rates"] = rates = {rate.name: "0" for rate in section.rates}
        shape = sentence(
            section,
            source="",
            since="",
            as_of="",
            categories=[row],
            totals=dict.fromkeys(marks, "0"),
            total_rates=rates,
            year=0,
        )
    except ZhoubaoError:
        return {}
    units = {marks[c.name]: c.unit for c in section.columns}
    labels: dict[str, str] = {}
    for name, mark in marks.items():
        at = shape.find(mark)
        if at < 0:
            continue
        before = max(shape.rfind(m, 0, at) for m in [_CATEGORY_MARK, *marks.values()])
        if before < 0:
            continue
        literal = shape[before + 1 : at]
        unit = units.get(shape[before], "")
        if unit and literal.startswith(unit):
            literal = literal[len(unit) :]
        labels[name] = re.split(r"[，,、；;：:。\s]", literal)[-1]
    return labels


def _figure(segment: str, label: str | None, column: str) -> re.Match[str] | None:
    """The figure after the column's label (or right at the start when the label is empty), else
    after the column's name anywhere in the segment (`累计办结 51546`)."""
    if label == "":
        m = re.match(_FIGURE, segment)
    else:
        m = re.search(re.escape(label) + _FIGURE, segment) if label else None
    return m or re.search(re.escape(column) + _FIGURE, segment)


def _source(template: str, text: str) -> str | None:
    """The data source, read between the template's words around {{ source }} (据…数据统计)."""
    m = re.search(r"([^}%]*)\{\{\s*source\s*\}\}([^{，,。]*)", template)
    if not m or not (m.group(1) or m.group(2)):
        return None
    before = m.group(1)[-4:]
    found = (
        re.search(re.escape(before) + r"(.+?)" + re.escape(m.group(2)), text)
        if m.group(2)
        else re.search(re.escape(before) + r"(.+?)[，,]", text)
    )
    return found.group(1) if found else None
