"""checklist: the hall inspection (大厅巡查情况): an intro, then one run-in paragraph per item,
`（一）按时到岗情况。总体情况良好。`; an item holds a result sentence or the problems found."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import field
from typing import TYPE_CHECKING, Any

from zhoubao.errors import ZhoubaoError
from zhoubao.sections.base import Context, Reading, Report, Section
from zhoubao.sections.entries import short
from zhoubao.validate import Record, array, check_text, record, table

if TYPE_CHECKING:
    from rich.tree import Tree

    from zhoubao.outline import Block

DEFAULT_RESULT = "总体情况良好。"
DEFAULT_FINDING = "{{ window }}{{ text }}"
# Import: an item as printed or typed, `（一）按时到岗情况。总体情况良好。` or `1. 考勤：良好`.
_ITEM = r"^(?:[（(]\s*(?:\d{1,2}|[一二三四五六七八九十]+)\s*[)）]|\d{1,2}\s*[.．、](?!\d))\s*(?P<rest>.+)$"
# Import: the finding template rendered with these in place of window and text shows where each stands.
_WINDOW, _TEXT = "\ue010", "\ue011"


@record
class Finding(Record):
    """A problem found by an inspection, and the window where it was found."""

    text: str
    window: str = ""

    @classmethod
    def from_dict(cls, d: dict, where: str) -> Finding:
        d = table(d, where)
        return cls(
            text=check_text(d.get("text"), f"{where}的问题"),
            window=check_text(d.get("window", ""), f"{where}的窗口", allow_empty=True),
        )


@record
class CheckItem(Record):
    """One inspection item: either a result sentence or the problems found, or not yet set."""

    name: str
    result: str | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def is_set(self) -> bool:
        return self.result is not None or bool(self.findings)

    @classmethod
    def from_dict(cls, d: dict, where: str) -> CheckItem:
        d = table(d, where)
        name = check_text(d.get("name"), f"{where}的名称")
        where = f"巡查项“{name}”"
        result = check_text(d["result"], f"{where}的结果") if "result" in d else None
        findings = [
            Finding.from_dict(f, f"{where}的第{i}条问题")
            for i, f in enumerate(array(d.get("finding"), f"{where}的 finding"), 1)
        ]
        if result is not None and findings:
            raise ZhoubaoError(f"{where}同时有结果和问题：请只保留其一")
        return cls(name=name, result=result, findings=findings)


@record
class Checklist(Section):
    """Inspection items in the kind's order; unset items are left out of the file (and reported)."""

    TYPE = "checklist"
    NAME = "巡查"
    HOLDS = "results"
    COMMAND = "inspect"
    KEYS = frozenset({"template", "intro", "default_result", "item"})
    TEMPLATES = {"template": "的问题模板"}

    template: str = ""  # how one finding prints
    intro: str = ""
    default_result: str = DEFAULT_RESULT
    items: list[CheckItem] = field(default_factory=list)  # type: ignore[misc,assignment]

    @classmethod
    def read(cls, d: dict[str, Any], where: str, path: tuple[int, ...]) -> Checklist:
        title, where, options = cls.common(d, where)
        return cls(
            title=title,
            path=path,
            options=options,
            template=check_text(d.get("template", ""), f"{where}的模板", allow_empty=True),
            intro=check_text(d.get("intro", ""), f"{where}的导语", allow_empty=True),
            default_result=check_text(d.get("default_result", DEFAULT_RESULT), f"{where}的默认结果"),
            items=[CheckItem.from_dict(it, f"{where}的第{i}项") for i, it in enumerate(array(d.get("item"), where), 1)],
        )

    def result_text(self, item: CheckItem) -> str:
        """What follows the item's label: its findings joined by `；`, or its result sentence."""
        from zhoubao.sections.typeset import one_paragraph, with_full_stop
        from zhoubao.templating import render_template

        if not item.findings:
            return with_full_stop(one_paragraph(item.result or ""))
        found = [
            render_template(
                self.template or DEFAULT_FINDING,
                f"栏目“{self.title}”的问题模板",
                window=one_paragraph(f.window) if f.window else "",
                text=one_paragraph(f.text),
            ).rstrip("。；")
            for f in item.findings
        ]
        return "；".join(found) + "。"

    def compose_body(self, ctx: Context) -> list[Block]:
        from zhoubao.outline import Paragraph, Run
        from zhoubao.sections.typeset import PLACEHOLDER, left_out, one_paragraph, para, run_in_label

        out: list[Block] = [para(one_paragraph(self.intro))] if self.intro.strip() else []
        number = 0
        for item in self.items:
            if not item.is_set:
                ctx.warnings.append(left_out(ctx.draft, f"巡查项“{item.name}”未填写"))
                if not ctx.draft:
                    continue
            number += 1
            # The run-in label bold as in the seed, its number in the same face.
            out.append(
                Paragraph(
                    (
                        run_in_label(ctx.numbering[1], number, item.name),
                        Run(f"。{self.result_text(item) if item.is_set else PLACEHOLDER}"),
                    )
                )
            )
        return out

    def has_content(self) -> bool:
        return bool(self.items)

    def check(self, ctx: Context, error: Report, warn: Report) -> None:
        from zhoubao.dates import opening_date

        start, end = ctx.period
        for item in self.items:
            where = f"栏目“{self.title}”巡查项“{item.name}”"
            if not item.is_set:
                error(where, f"未填写：用 zhoubao inspect {item.name} [结果] 或 zhoubao inspect --all-good 填写")
            for text in [item.result or "", *(finding.text for finding in item.findings)]:
                day = opening_date(text, start, end)  # a record that opens with its date: 10月20日，…
                if day is not None and not start <= day <= end:
                    warn(where, f"巡查记录的日期 {day} 不在本期期间 {start} 至 {end} 内")

    def texts(self) -> Iterator[tuple[str, str]]:
        if self.intro:
            yield f"栏目“{self.title}”", self.intro
        for item in self.items:
            where = f"巡查项“{item.name}”"
            yield where, item.name
            if item.result:
                yield where, item.result
            for finding in item.findings:
                yield where, f"{finding.window}{finding.text}"

    @classmethod
    def clear_week(cls, section_table: Any) -> None:
        super().clear_week(section_table)
        for item in section_table.get("item", []):
            for key in ("result", "finding"):
                if key in item:
                    del item[key]

    @classmethod
    def sample(cls, section_table: dict[str, Any]) -> None:
        items = section_table.get("item") or []
        for index, item in enumerate(items):
            if index % 2 or len(items) == 1:  # at least one finding, to exercise the finding template
                item["finding"] = [{"window": "示例窗口", "text": "示例问题"}]
            else:
                item["result"] = section_table.get("default_result", DEFAULT_RESULT)

    # -- import
    @classmethod
    def place(cls, reader: Reading, section_table: dict[str, Any], text: str) -> bool:
        """An item: its number, its name (the kind's, or a near one typed), then its result. A
        paragraph before the first item is the intro."""
        m = re.match(_ITEM, text)
        state = reader.state(section_table)
        present = state.setdefault("items", [])  # the items in the document's order
        if m is None:
            if present or state.get("started"):
                return False
            section_table["intro"] = text
            state["started"] = True
            return True
        rest = m.group("rest")
        items = section_table.setdefault("item", [])
        free = [it for it in items if not any(it is p for p in present)]
        item = next((it for it in sorted(free, key=lambda it: -len(it["name"])) if rest.startswith(it["name"])), None)
        if item is not None:
            result = rest[len(item["name"]) :]
        else:
            name, _sep, result = _split_label(rest)
            if not name.strip():
                return False
            found = reader.match(name, [(it["name"], it) for it in free])
            if found is None:
                item = {"name": name}
                items.append(item)
                reader.hint(f"巡查项“{name}”不在种类的巡查项中：已作为新巡查项导入，请核对")
            else:
                item = found[0]
                if not found[1]:
                    reader.hint(f"巡查项“{name}”按种类中的“{item['name']}”导入，名称保留原文")
                    item["name"] = name
        result = result.lstrip("。：:．.，, ")
        item.pop("finding", None)
        findings = _read_findings(reader, section_table, item["name"], result) if result else None
        if findings:
            item.pop("result", None)
            item["finding"] = findings
        elif result:
            item["result"] = result
        else:
            item.pop("result", None)
            reader.hint(f"巡查项“{item['name']}”在原文中没有结果：未填写，请用 zhoubao inspect 填写")
        present.append(item)
        if not state.get("started"):
            state["started"] = True
            section_table["intro"] = ""  # the typed bulletin has no introduction before its items
        return True

    @classmethod
    def settle(cls, reader: Reading, section_table: dict[str, Any]) -> None:
        """The items in the document's order; the kind's items it lacks follow, unset."""
        present = reader.state(section_table).get("items")
        if present is None:
            return
        out = list(present)
        for item in section_table.get("item", []):
            if not any(item is p for p in present):
                item.pop("result", None)
                item.pop("finding", None)
                out.append(item)
                reader.hint(f"巡查项“{item['name']}”在原文中没有：未填写")
        section_table["item"] = out

    @classmethod
    def keep_structure_only(cls, section_table: dict[str, Any]) -> None:
        section_table["intro"] = ""
        for item in section_table.get("item", []):
            item.pop("result", None)
            item.pop("finding", None)

    def show(self, node: Tree, ctx: Context) -> None:
        from rich.text import Text

        for item in self.items:
            line = Text(f"{item.name}：")
            if item.findings:
                line.append(
                    "；".join(f"{f.window}：{f.text}" if f.window else f.text for f in item.findings), style="yellow"
                )
            elif item.result is not None:
                line.append(short(item.result))
            else:
                line.append("未填", style="red")
            node.add(line)


def _finding_shape(template: str, where: str) -> tuple[str, str, str, str, str] | None:
    """What the finding template prints around window and text, as (before the window, between
    window and text, after the text), then (before, after) the text of a finding without a window.
    None for a template that prints the window after the text, or either twice: not read back."""
    from zhoubao.templating import render_template

    try:
        windowed = render_template(template, f"{where}的问题模板", window=_WINDOW, text=_TEXT).rstrip("。；")
        bare = render_template(template, f"{where}的问题模板", window="", text=_TEXT).rstrip("。；")
    except ZhoubaoError:
        return None
    if windowed.count(_WINDOW) != 1 or windowed.count(_TEXT) != 1 or bare.count(_TEXT) != 1 or _WINDOW in bare:
        return None
    before, rest = windowed.split(_WINDOW)
    between, _, after = rest.partition(_TEXT)
    if _TEXT in before:
        return None
    bare_before, bare_after = bare.split(_TEXT)
    return before, between, after, bare_before, bare_after


def _read_findings(
    reader: Reading, section_table: dict[str, Any], name: str, result: str
) -> list[dict[str, str]] | None:
    """The findings an item's printed result is made of: `税务窗口：工作时间玩手机；社保窗口：离岗。`
    split on `；`, each matched against the section's finding template, a window told by its name
    (`reader.split_window`). Sure only when one at least has a window and the findings print the
    sentence again; otherwise None, and when it looked like findings the clerk is told."""
    from zhoubao import typography

    template = section_table.get("template") or DEFAULT_FINDING
    where = f"栏目“{section_table.get('title', '')}”"
    shape = _finding_shape(template, where)
    default = section_table.get("default_result", DEFAULT_RESULT)
    if shape is None or result.rstrip("。") == default.rstrip("。"):
        return None
    before, between, after, bare_before, bare_after = shape
    findings: list[dict[str, str]] = []
    windows, readable = 0, True
    for piece in re.split("[；;]", result.rstrip("。.")):
        found = None
        if len(piece) > len(before) + len(after) and piece.startswith(before) and piece.endswith(after):
            found = reader.split_window(piece[len(before) : len(piece) - len(after)], between)
        if found is not None:
            windows += 1
            window, text = found
        elif (
            len(piece) > len(bare_before) + len(bare_after)
            and piece.startswith(bare_before)
            and piece.endswith(bare_after)
        ):
            window, text = "", piece[len(bare_before) : len(piece) - len(bare_after)]
            # Where a window's place is marked (`：`), a finding without a window's name is no finding.
            readable &= not (between.strip() and between in typography.normalise(text))
        else:
            readable = False
            continue
        readable &= bool(text.strip()) and "。" not in text
        findings.append({"window": window, "text": text} if window else {"text": text})
    if not windows:
        return None
    if readable:
        checklist = Checklist(title=section_table.get("title", ""), template=template)
        as_found = CheckItem(name, findings=[Finding(f["text"], f.get("window", "")) for f in findings])
        try:
            if checklist.result_text(as_found) == checklist.result_text(CheckItem(name, result=result)):
                return findings
        except ZhoubaoError:
            pass
    reader.hint(
        f"巡查项“{name}”的结果像是逐条问题（窗口和问题），但按问题模板印出来与原文不同：已作为一句结果导入，"
        f"请核对（问题可用 zhoubao inspect {name} --finding 问题 --window 窗口 重新填写）"
    )
    return None


def _split_label(text: str) -> tuple[str, str, str]:
    """`考勤情况。总体情况良好。` → (`考勤情况`, `。`, `总体情况良好。`): a run-in label and its text."""
    m = re.search(r"[。：:．]", text)
    return (text[: m.start()], m.group(), text[m.end() :]) if m else (text, "", "")
