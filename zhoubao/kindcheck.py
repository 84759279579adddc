"""`kinds --check`: every mistake of a kind folder at once, before any issue uses it.

Above compose and the writer: a sample issue of the kind, with one of everything in each
section (`Section.sample`), is read, composed, and its layout resolved; every template the kind
has is compiled, including those the sample would not reach.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path
from typing import Any

from zhoubao import cadence, compose, model, sections, tomltext
from zhoubao.errors import ZhoubaoError
from zhoubao.kinds import KIND_FILE, MAX_KIND_BYTES, _inline_files, issue_data
from zhoubao.safefiles import read_regular
from zhoubao.sections.statistics import CATEGORY_KEYS, COLUMN_KEYS, RATE_KEYS
from zhoubao.templating import compile_template
from zhoubao.word import layout

SAMPLE_DAY = dt.date(2022, 9, 28)


# Keys a section of a kind may carry besides its type's own: options compose and check read.
_OPTIONS = frozenset({"type", "title", "sub", "required", "heading", "label", "keywords"})
_FLAGS = frozenset({"accepted", "completed"})


def _unknown_keys(section: dict[str, Any], problems: list[str]) -> None:
    """A misspelt key (`titel`) or flag (`acepted`) would be ignored without a word: name it."""
    cls = sections.type_of(section)
    title = section.get("title") or cls.NAME
    unknown = sorted(set(section) - _OPTIONS - cls.KEYS)
    if unknown:
        problems.append(f"栏目“{title}”有未知的键 {'、'.join(unknown)}：请核对拼写（可用的键见 docs/kinds.md）")
    names = [c.get("name") for c in section.get("columns", []) if isinstance(c, dict)]
    for what, key, known in (
        ("列", "columns", COLUMN_KEYS),
        ("比率", "rates", RATE_KEYS),
        ("类别", "category", CATEGORY_KEYS | {"values"}),
    ):
        for entry in section.get(key, []) if isinstance(section.get(key), list) else []:
            odd = sorted(set(entry) - known) if isinstance(entry, dict) else []
            if odd:
                problems.append(
                    f"栏目“{title}”的{what}“{entry.get('name')}”有未知的键 {'、'.join(odd)}：请核对拼写（可用的键见 docs/kinds.md）"
                )
    for column in section.get("columns", []):
        if not isinstance(column, dict):
            continue
        flag = column.get("flag")
        if flag is not None and flag not in _FLAGS:
            problems.append(f"栏目“{title}”的列“{column.get('name')}”的 flag “{flag}”未知：应为 accepted 或 completed")
        limit = column.get("not_above")
        if limit is not None and limit not in names:
            problems.append(f"栏目“{title}”的列“{column.get('name')}”的 not_above “{limit}”不是本栏目的列")
    if "keywords" in section and cls.HOLDS not in ("news", "visit"):
        problems.append(
            f"栏目“{title}”是{cls.NAME}栏目，用不上 keywords：关键词只给条目和来访栏目（zhoubao collect 用）"
        )
    elif "keywords" in section and section.get("sub"):
        problems.append(f"栏目“{title}”有子栏目，不直接收条目：请把 keywords 写在子栏目上")
    for sub in section.get("sub", []) or []:
        if isinstance(sub, dict):
            _unknown_keys(sub, problems)


def _shared_keywords(kind_sections: list[Any], problems: list[str]) -> None:
    """A keyword two sections declare would send every submission holding it to neither: name it."""
    owner: dict[str, str] = {}
    for section in tables_of(kind_sections):
        words = section.get("keywords")
        for word in words if isinstance(words, list) else []:
            title = section.get("title", "")
            if isinstance(word, str) and owner.setdefault(word, title) != title:
                problems.append(
                    f"关键词“{word}”同时属于栏目“{owner[word]}”和“{title}”：collect 无法据此分栏，请只留在一个栏目中"
                )


def tables_of(kind_sections: list[Any]) -> list[dict[str, Any]]:
    """The kind's section tables and their sub-sections', depth first."""
    out = []
    for section in kind_sections:
        if isinstance(section, dict):
            out.append(section)
            out.extend(tables_of(section.get("sub", []) or []))
    return out


def _compile_templates(section: dict[str, Any], problems: list[str]) -> None:
    """Compile every template of a section (and its sub-sections), named as compose names them."""
    title = section.get("title", "")
    for key, role in sections.type_of(section).TEMPLATES.items():
        if isinstance(section.get(key), str) and section[key]:
            try:
                compile_template(section[key], f"栏目“{title}”{role}")
            except ZhoubaoError as e:
                problems.append(e.message)
    for sub in section.get("sub", []) or []:
        if isinstance(sub, dict):
            _compile_templates(sub, problems)


def check_kind(folder: Path) -> list[str]:
    """Every mistake in a kind folder, each a Chinese line."""
    path = folder / KIND_FILE
    if not folder.is_dir():
        return [f"{folder} 不是文件夹：请给出简报种类的文件夹"]
    try:
        raw = tomltext.loads(read_regular(path, MAX_KIND_BYTES, "种类文件").decode("utf-8"))
    except OSError:
        return [f"{folder} 中没有 {KIND_FILE}：每个种类文件夹都要有它"]
    except ZhoubaoError as e:
        return [e.message]
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        return [f"{path} 格式错误（{e}）：请改正"]
    problems: list[str] = []
    kind = _inline_files(raw, folder, problems)
    for key, label in (("name", "简报名称"), ("unit", "编发单位")):
        if not isinstance(kind.get(key), str) or not kind[key].strip():
            problems.append(f"{KIND_FILE} 缺少 {key}（{label}）：请补上")
    try:
        every = cadence.check_cadence(kind.get("cadence", cadence.WEEKLY), f"{KIND_FILE} 中")
    except ZhoubaoError as e:
        problems.append(e.message)
        kind.pop("cadence")
        every = cadence.WEEKLY
    start, end = cadence.last_complete(every, SAMPLE_DAY)  # a sample period the cadence expects
    header = {"year": 2022, "number": 1, "total": 1, "date": SAMPLE_DAY, "period_start": start, "period_end": end}
    data = issue_data(kind, folder.name, header)
    if not isinstance(data.get("section"), list) or not data["section"]:
        problems.append(f"{KIND_FILE} 没有栏目：请用 [[section]] 声明栏目")
    read: list[sections.Section] = []
    if isinstance(data.get("section"), list):
        _shared_keywords(data["section"], problems)
    for index, section in enumerate(data.get("section") or []):
        try:
            if not isinstance(section, dict):
                raise TypeError
            _unknown_keys(section, problems)
            _compile_templates(section, problems)
            sections.type_of(section, f"第{index + 1}个栏目")
            sections.sample(section)
            read.append(sections.read_section(section, (index,)))
        except ZhoubaoError as e:
            problems.append(e.message)
        except (AttributeError, TypeError):
            problems.append(f"第{index + 1}个栏目写法不对：每个栏目应为一个 [[section]] 表")
    try:
        issue = model.Issue.from_dict({**data, "section": []})
    except ZhoubaoError as e:
        return problems + [e.message]
    for lines, what in ((issue.issue_line, "期号行"), (issue.supplement_line, "增刊期号行")):
        for line in lines:
            try:
                compose.render_template(line, what, year=2022, number=1, total=1)
            except ZhoubaoError as e:
                problems.append(e.message)
    issue.sections = read
    ctx = compose.Context(issue)
    for section in read:
        try:
            if section.opens_part() is not None:
                section.part_blocks(ctx)
            else:
                section.compose_body(ctx)
        except ZhoubaoError as e:
            problems.append(e.message)
    try:
        layout.resolve_layout(issue.layout)
    except ZhoubaoError as e:
        problems.append(e.message)
    return list(dict.fromkeys(problems))  # a template compiled and then rendered is named once
