"""The structure walk: every paragraph of an old bulletin placed in the kind's sections.

The walk knows the shape every bulletin shares and nothing about any one section type: part
titles, `一、` and `（一）` headings matched to the kind's sections by title (a clerk's numbering
may be wrong, a title typed short), paragraphs a page break split joined again, and the tail
(报、送、发 and the copies line). What a paragraph under a heading means is the section type's own
business: the walk hands it to `type_of(section).place`, and when the last paragraph is read,
`settle` lets each type complete what it gathered. What the walk asks of a type, it asks the
class (`IS_PART`, `HAS_SUBS`, `headless`, `run_in_label`).

Nothing is dropped silently: a paragraph that fits nowhere goes into a free-text section titled
未归类内容 and into the report.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from zhoubao import kinds, sections, typography
from zhoubao.compose import compose, with_full_stop
from zhoubao.errors import ZhoubaoError
from zhoubao.importing.docx import DocParagraph
from zhoubao.importing.masthead import PERIOD_LINE, Line, read_head
from zhoubao.importing.reading import ItemReading
from zhoubao.importing.text import CN_NUMERAL, best_match, snippet, title_key, without_item_number
from zhoubao.model import Issue
from zhoubao.numerals import cn_to_int
from zhoubao.outline import Paragraph
from zhoubao.sections import type_of

UNPLACED_TITLE = "未归类内容"

_HEADING1 = re.compile(rf"^([{CN_NUMERAL}]+)\s*[、，,.．]\s*(.+)$")
_HEADING1_ARABIC = re.compile(r"^(\d{1,2})\s*[、.．]\s*(?!\d)(.+)$")  # 1、工作动态: only a kind's title
_HEADING2 = re.compile(rf"^[（(]\s*([{CN_NUMERAL}]+)\s*[)）]\s*(.+)$")
_STARTS_ANEW = re.compile(rf"^(?:\d|[{CN_NUMERAL}]+[、.．]|[（(]\s*[\d{CN_NUMERAL}])")
_COPIES = re.compile(r"^[（(]?\s*共印\s*(\d+)\s*份\s*[)）]?$")
_DISTRIBUTION = re.compile(r"^([\u4e00-\u9fff]{1,4})\s*[：:]\s*(.+)$")
_DISTRIBUTION_LABELS = {"报", "送", "发", "抄送", "抄报", "主送", "分送", "报送", "印送"}
_SENTENCE_END = "。！？；：…!?;:"
_CLOSERS = "”’）)」』》】"


@dataclass
class Walked:
    """What the walk makes of a bulletin: the issue's plain data, what the clerk should check, and
    comment lines for the issue file by top-level section index."""

    data: dict[str, Any]
    report: list[str] = field(default_factory=list)
    notes: dict[int, list[str]] = field(default_factory=dict)


def _heading_like(text: str) -> bool:
    """A title, not a sentence: short, and no full stop in it."""
    return len(text) <= 40 and "。" not in text and not text.endswith(("；", ";"))


def _ends_sentence(text: str) -> bool:
    if not text or text[-1] in _SENTENCE_END:
        return True
    return text[-1] in _CLOSERS and len(text) > 1 and text[-2] in _SENTENCE_END


def _without_full_stop(text: str) -> str:
    """`中心领导。` → `中心领导`, but only where compose puts the 。 back (`with_full_stop`)."""
    if len(text) > 1 and text.endswith("。") and with_full_stop(text[:-1]) == text:
        return text[:-1]
    return text


def tables(section_tables: Iterable[dict[str, Any]]) -> Iterable[dict[str, Any]]:
    """Section tables and their sub-sections', depth first."""
    for section in section_tables:
        yield section
        yield from tables(section.get("sub", []))


class Reader(ItemReading):
    """Walks the paragraphs once, keeping track of the section and sub-section they belong to.

    The section types' `place` and `settle` hooks get the reader as their `Reading` (declared in
    zhoubao/sections/base.py) and use only the methods under "for the section types".
    """

    def __init__(self, kind_name: str, kind: dict[str, Any], source: str) -> None:
        self.kind_name = kind_name
        self.kind = kind
        self.source = source
        self.report: list[str] = []
        self.data: dict[str, Any] = {}
        self.kind_sections: list[dict[str, Any]] = []
        self.present: list[dict[str, Any]] = []  # top-level sections in the document's order
        self.present_subs: dict[int, list[dict[str, Any]]] = {}  # id(section) → its subs, in order
        self.states: dict[int, dict[str, Any]] = {}  # id(section) → what its type keeps while reading
        self.notes: dict[int, list[str]] = {}  # id(section) → comment lines for the issue file
        self.current: dict[str, Any] | None = None
        self.current_sub: dict[str, Any] | None = None
        self.last_kind_index = -1
        self.awaiting_period: dict[str, Any] | None = None
        self.level1 = 0
        self.numbering_reported = False
        self.in_tail = False
        self.distribution: list[dict[str, str]] = []
        self.copies: int | None = None
        self.unplaced_texts: list[str] = []

    # -- for the section types

    def hint(self, message: str) -> None:
        """A line for the clerk: what was not placed as typed, and what to check."""
        self.report.append(message)

    def state(self, section: dict[str, Any]) -> dict[str, Any]:
        """Scratch space the section's type keeps between its paragraphs (and until `settle`)."""
        return self.states.setdefault(id(section), {})

    def period_bounds(self) -> tuple[dt.date, dt.date]:
        head = self.data["issue"]
        return head["period_start"], head["period_end"]

    def composed_paragraphs(self, section: dict[str, Any]) -> list[str]:
        """The paragraphs `section` prints in this issue, composed alone; [] where it cannot be."""
        try:
            blocks = compose(Issue.from_dict({"issue": self.data["issue"], "section": [section]})).blocks
        except ZhoubaoError:
            return []
        return [b.text for b in blocks if isinstance(b, Paragraph)]

    def note(self, section: dict[str, Any], line: str) -> None:
        """A comment line to keep in the issue file with `section` (its top-level table)."""
        self.notes.setdefault(id(section), []).append(line)

    # -- the whole document

    def read(self, paragraphs: list[DocParagraph]) -> Walked:
        lines = [Line(typography.strip_stray_spaces(p.text), p.text, p.in_table) for p in paragraphs if p.text.strip()]
        lines = [line for line in lines if line.text]
        if not lines:
            raise ZhoubaoError(f"{self.source} 中没有文字：请确认选对了文件")
        head = read_head(lines, self.kind, self.kind_name, self.source)
        self.report.extend(head.report)
        self.data = kinds.issue_data(self.kind, self.kind_name, head.header)
        self.data["issue"].update(head.typed)
        if not head.typed.get("mark"):
            self.data["issue"].pop("mark", None)
        self.kind_sections = self.data.get("section", [])
        self.data["section"] = []
        for line in self.join_broken(lines[head.body_start :]):
            self.place(line)
        notes = self.finish()
        Issue.from_dict(self.data)  # the import must be a valid issue; raises otherwise
        return Walked(self.data, self.report, notes)

    # -- paragraphs a page break split

    def _structural(self, line: Line) -> bool:
        text = line.text
        if line.in_table or PERIOD_LINE.match(text) or _COPIES.match(text) or self._distribution_match(line):
            return True
        for pattern in (_HEADING1, _HEADING2):
            m = pattern.match(text)
            if m and _heading_like(m.group(2)):
                return True
        titles = [s.get("title", "") for s in tables(self.kind_sections)]
        keys = {title_key(text), title_key(without_item_number(text))}  # 2.窗口服务 under [layout] numbering
        return any(title and title_key(title) in keys for title in titles) or self._arabic_heading(text) is not None

    def _arabic_heading(self, text: str) -> tuple[str, int] | None:
        """`1、工作动态`: a heading only when the title is one of the kind's top-level sections."""
        m = _HEADING1_ARABIC.match(text)
        if not m or not _heading_like(m.group(2)):
            return None
        tops = [(s.get("title", ""), s) for s in self.kind_sections if not type_of(s).IS_PART]
        return (m.group(2).strip(), int(m.group(1))) if best_match(m.group(2), tops) else None

    def join_broken(self, lines: list[Line]) -> list[Line]:
        """Join a paragraph that stops mid-sentence to the next when that one does not start anew."""
        out: list[Line] = []
        for line in lines:
            if out:
                before = out[-1]
                if not (
                    _ends_sentence(before.text)
                    or _STARTS_ANEW.match(line.text)
                    or self._structural(before)
                    or self._structural(line)
                ):
                    glue = " " if before.text[-1].isascii() and line.text[0].isascii() else ""
                    out[-1] = Line(before.text + glue + line.text, before.raw + line.raw, before.in_table)
                    self.hint(
                        f"段落“…{before.text[-8:]}”与下一段“{snippet(line.text, 8)}”已合并"
                        f"（前一段未以句末标点结束，应是分页时断开的）：请核对"
                    )
                    continue
            out.append(line)
        return out

    # -- placing one paragraph

    def place(self, line: Line) -> None:
        text = line.text
        if self.awaiting_period is not None:
            titled, self.awaiting_period = self.awaiting_period, None
            if PERIOD_LINE.match(text):
                return
            if titled.get("subtitle"):  # the part's period line is missing: print none
                titled["subtitle"] = ""
        if self.tail(line):
            return
        part = self.match_part(text)
        if part is not None:
            self.open_kind_section(part)
            self.current = self.current_sub = None
            self.awaiting_period = part
            self.level1 = 0
            return
        heading = self.level1_heading(text)
        if heading is not None:
            self.open_section(*heading)
            return
        labelled = self.labelled_section(text)
        if labelled is not None:
            self.open_kind_section(labelled)
            self.current, self.current_sub = labelled, None
            self.place_in(labelled, text)
            return
        if self.current is None:
            self.unplaced(text, "不在任何栏目之下")
            return
        section = self.current
        if type_of(section).HAS_SUBS:
            title = self.sub_heading(section, text)
            if title is not None:
                self.open_sub(section, title)
                return
        self.place_in(self.current_sub or section, text)

    def tail(self, line: Line) -> bool:
        """报尾: distribution lines and the copies line; once it starts, nothing else belongs there."""
        m = _COPIES.match(line.text)
        if m:
            self.copies = int(m.group(1))
            self.in_tail = True
            return True
        m = self._distribution_match(line)
        if m:
            self.distribution.append({"label": m.group(1), "text": _without_full_stop(m.group(2).strip())})
            self.in_tail = True
            return True
        if self.in_tail:
            self.unplaced_texts.append(line.text)
            self.hint(f"报尾中的“{snippet(line.text)}”不是分送行或印数行：已放入“{UNPLACED_TITLE}”栏目，请核对")
            return True
        return False

    def _distribution_match(self, line: Line) -> re.Match[str] | None:
        m = _DISTRIBUTION.match(line.text)
        labels = _DISTRIBUTION_LABELS | {d.get("label") for d in self.kind.get("distribution", {}).get("line", [])}
        if m and (m.group(1) in labels or (line.in_table and len(m.group(1)) <= 2)):
            return m
        return None

    def match_part(self, text: str) -> dict[str, Any] | None:
        parts = [s for s in self.kind_sections if type_of(s).IS_PART and not self._is_present(s)]
        return next((s for s in parts if title_key(s.get("title", "")) == title_key(text)), None)

    def level1_heading(self, text: str) -> tuple[str, int | None] | None:
        """(title, number) of a level-1 heading: `一、…`, or a top-level title typed without number."""
        m = _HEADING1.match(text)
        if m and _heading_like(m.group(2)):
            return m.group(2).strip(), cn_to_int(m.group(1))
        tops = [s for s in self.kind_sections if not type_of(s).IS_PART and not self._is_present(s)]
        for typed in dict.fromkeys((text, without_item_number(text))):  # （一）重点工作 under [layout] numbering
            if any(s.get("title") and title_key(s["title"]) == title_key(typed) for s in tops):
                return typed, None
        return self._arabic_heading(text)

    def sub_heading(self, section: dict[str, Any], text: str) -> str | None:
        m = _HEADING2.match(text)
        if m and _heading_like(m.group(2)):
            return m.group(2).strip()
        present = self.present_subs.get(id(section), [])
        subs = [s for s in section.get("sub", []) if not any(s is p for p in present)]
        for typed in dict.fromkeys((text, without_item_number(text))):  # 1.审批制度改革 under [layout] numbering
            if any(s.get("title") and title_key(s["title"]) == title_key(typed) for s in subs):
                return typed
        return None

    def labelled_section(self, text: str) -> dict[str, Any] | None:
        """A heading-less section of the kind whose run-in label (要求：) starts `text`."""
        return next(
            (
                s
                for s in self.kind_sections
                if (label := type_of(s).run_in_label(s)) and text.startswith(label) and not self._is_present(s)
            ),
            None,
        )

    def _is_present(self, section: dict[str, Any]) -> bool:
        return any(section is s for s in self.present)

    def open_kind_section(self, section: dict[str, Any]) -> None:
        self.present.append(section)
        self.last_kind_index = next(i for i, s in enumerate(self.kind_sections) if s is section)

    def open_section(self, title: str, number: int | None) -> None:
        if number is not None:
            expected = self.level1 + 1
            if number != expected and not self.numbering_reported:
                self.hint(
                    f"原文一级标题编号有误（“{snippet(title, 10)}”编为第{number}个，应为第{expected}个）："
                    f"已按栏目标题对应，渲染时重新编号"
                )
                self.numbering_reported = True
        candidates = [
            (s.get("title", ""), s) for s in self.kind_sections if not type_of(s).IS_PART and not self._is_present(s)
        ]
        section = self.adopt(title, candidates, "一级标题", "种类栏目")
        if section is None:
            section = sections.free_text(title)
            self.present.append(section)
            self.hint(f"一级标题“{title}”不是种类“{self.kind_name}”的栏目：已作为自由文字栏目导入，请核对")
        else:
            self.open_kind_section(section)
        self.level1 += 1
        self.current, self.current_sub = section, None

    def adopt(self, title: str, candidates: list[tuple[str, Any]], heading: str, what: str) -> dict[str, Any] | None:
        """The kind's section a typed heading stands for; a near match keeps the typed title, reported."""
        found = best_match(title, candidates)
        if found is None:
            return None
        section, exact = found
        if not exact:
            self.hint(f"{heading}“{title}”按{what}“{section['title']}”导入，标题保留原文")
            section["title"] = title
        return section

    def open_sub(self, section: dict[str, Any], title: str) -> None:
        present = self.present_subs.setdefault(id(section), [])
        candidates = [(s.get("title", ""), s) for s in section.get("sub", []) if not any(s is p for p in present)]
        sub = self.adopt(title, candidates, "二级标题", "子栏目")
        if sub is None:
            sub = type_of(section).new_sub(title)
            self.hint(f"二级标题“{title}”不是栏目“{section['title']}”下的子栏目：已作为新的子栏目导入，请核对")
        present.append(sub)
        self.current_sub = sub

    def place_in(self, section: dict[str, Any], text: str) -> None:
        if not type_of(section).place(self, section, text):
            self.unplaced(text, f"在栏目“{section.get('title', '')}”中无法识别")

    def unplaced(self, text: str, why: str) -> None:
        """A heading-less section of the kind next in line takes it; else 未归类内容."""
        following = self.kind_sections[self.last_kind_index + 1 : self.last_kind_index + 2]
        if following and type_of(following[0]).headless(following[0]) and not self._is_present(following[0]):
            section = following[0]
            self.open_kind_section(section)
            self.current, self.current_sub = section, None
            if type_of(section).place(self, section, text):
                return
        self.unplaced_texts.append(text)
        self.hint(f"段落“{snippet(text)}”{why}：已放入“{UNPLACED_TITLE}”栏目，请核对后移到合适位置或删除")

    # -- after the last paragraph

    def finish(self) -> dict[int, list[str]]:
        """The sections in the document's order, settled by their types; ids; the tail. Returns the
        comment lines by top-level section index."""
        merged = self._merge(self.kind_sections, self.present, "栏目")
        for section in merged:
            if section.get("sub") or id(section) in self.present_subs:
                section["sub"] = self._merge(section.get("sub", []), self.present_subs.get(id(section), []), "子栏目")
        if self.unplaced_texts:
            merged.append(sections.free_text(UNPLACED_TITLE, "\n\n".join(self.unplaced_texts)))
        for section in tables(merged):
            type_of(section).settle(self, section)
        self.data["section"] = merged
        notes = {
            index: lines
            for index, top in enumerate(merged)
            if (lines := [line for s in tables([top]) for line in self.notes.get(id(s), [])])
        }
        number = 0
        for section in tables(merged):
            for entry in section.get("entry", []):
                number += 1
                entry["id"] = number
        if self.distribution or self.copies is not None:
            tail: dict[str, Any] = {}
            if self.copies is not None:
                tail["copies"] = self.copies
            if self.distribution:
                tail["line"] = self.distribution
            self.data["distribution"] = tail
        elif self.data.pop("distribution", None):
            self.hint("原文没有报尾（报、送、发和印数）：未导入种类的默认报尾，需要时请用 zhoubao set 补上")
        return notes

    def _merge(
        self, kind_order: list[dict[str, Any]], present: list[dict[str, Any]], what: str
    ) -> list[dict[str, Any]]:
        """The document's sections in its order; a kind's section it lacks kept empty where it belongs."""
        out = list(present)
        for index, section in enumerate(kind_order):
            if any(section is s for s in out):
                continue
            if type_of(section).IS_PART:
                self.hint(f"原文没有“{section.get('title', '')}”部分标题：未导入")
                continue
            sections.keep_structure_only(section)
            if section.get("title") and section.get("required", True) is not False:  # an optional one is not missed
                self.hint(f"种类中的{what}“{section['title']}”在原文中没有：已保留为空{what}")
            at = 0
            for earlier in reversed(kind_order[:index]):
                where = next((i for i, s in enumerate(out) if s is earlier), None)
                if where is not None:
                    at = where + 1
                    break
            out.insert(at, section)
        return out
