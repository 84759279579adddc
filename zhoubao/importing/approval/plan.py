"""plan: compare the approved .docx with the issue and list what the approver changed; nothing is written.

Two readings of one bulletin are compared: the base (what the approver was sent) and the approved
file, each read back by the import walk into the issue's own sections. `plan_against` takes any
base: merge.py gives it the version that was sent (the three-way merge), `plan_two_way` the issue
file as it is now, rendered again. Each diff line names the unit it changes (`DiffLine.unit`), so
that merge.py can tell it from what the clerk changed since.
"""

from __future__ import annotations

import copy
import difflib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zhoubao import sections, store, typography
from zhoubao.compose import Context, compose
from zhoubao.errors import ZhoubaoError
from zhoubao.importing.approval import align
from zhoubao.importing.docx import DocParagraph
from zhoubao.importing.revisions import Approved, Comment, read_approved
from zhoubao.importing.text import snippet, without_item_number
from zhoubao.importing.walk import UNPLACED_TITLE, Reader, Walked
from zhoubao.model import Issue
from zhoubao.outline import Outline, Paragraph, outline_paragraphs

if TYPE_CHECKING:
    from zhoubao.sections.statistics import ReadBack

# Keys of a section's table that are not its content: ids and structure, or read back otherwise.
_STRUCTURE = {"type", "sub", "entry", "category", "row", "columns", "rates", "id"}
ENTRY_KEYS = ("date", "unit", "post", "name", "text")  # an entry's own fields, as a plan carries them
ACCEPT, REJECT = "accept", "reject"
SENTENCE = "统计段"  # a statistics sentence shown in full beside the figures read back from it
NOT_WRITTEN = "未回填"  # a change shown but never written (the period line, a part title): not counted


@dataclass
class DiffLine:
    """One line of the diff view: what changed, where, before and after ("" for added / deleted)."""

    where: str
    old: str
    new: str
    what: str = "修改"  # 修改 新增 删除 移动 顺序, SENTENCE, NOT_WRITTEN
    # What in the issue the line changes, for the three-way merge (merge.py): ("head", key),
    # ("copies",), ("lines",), ("table", path, key), ("figure", path, table, position, key, column),
    # ("entry", id), ("new", path, nth new entry of the section), ("order", path), ("sentence", path),
    # ("template", index): one unit is taken, kept or in conflict as a whole.
    unit: tuple[Any, ...] = ()


@dataclass
class Plan:
    """What the approved file changes in the issue, and how to write it."""

    issue_path: Path
    approved: Path
    issue: Issue  # the issue as read when planning; the file must still hold it when applying
    changes: list[DiffLine] = field(default_factory=list)  # the diff view's lines
    problems: list[str] = field(default_factory=list)  # what it could not place or read back
    hints: list[str] = field(default_factory=list)  # what the walk noticed (titles read near …)
    comments: list[tuple[Comment, str]] = field(default_factory=list)  # comment, where it belongs
    revisions: str = ""  # the summary of the revisions taken ("" when the file had none)
    three_way: bool = False  # compared with the version that was sent, the clerk's later changes kept
    conflicts: list[Conflict] = field(default_factory=list)  # changed on both sides (merge.py)
    # how to write it
    head: dict[str, Any] = field(default_factory=dict)
    head_removed: list[str] = field(default_factory=list)
    distribution: dict[str, Any] = field(default_factory=dict)
    tables: list[tuple[tuple[int, ...], str, Any]] = field(default_factory=list)  # (path, key, value or GONE)
    figures: list[tuple[tuple[int, ...], ReadBack]] = field(default_factory=list)  # section path, figure
    entries: dict[tuple[int, ...], list[tuple[int | None, dict[str, Any] | None]]] = field(default_factory=dict)
    deleted: set[int] = field(default_factory=set)

    @property
    def empty(self) -> bool:
        """Nothing to write: no change, or only statistics sentences shown for what was not read back."""
        return self.count == 0

    @property
    def count(self) -> int:
        """How many changes there are (a statistics sentence shown for its figures, a line shown but
        not written, not counted)."""
        return sum(1 for line in self.changes if line.what not in (SENTENCE, NOT_WRITTEN))


GONE = object()  # a value the approved file takes away


@dataclass
class Conflict:
    """A unit both the approver and the clerk changed since it was sent, each their own way
    (merge.py): the approver's line (sent → approved) and the clerk's version as it is now."""

    line: DiffLine
    local: str
    kept: str = ""  # "" nothing written for it; 审批 the approver's taken; 本地 the clerk's kept


# ----------------------------------------------------------------------------- read


def read_for_issue(docx_path: Path, revisions: str | None) -> tuple[list[DocParagraph], list[Comment], str]:
    """The approved file's paragraphs and comments; refused while it holds undecided revisions
    unless `revisions` is ACCEPT (the revised text) or REJECT (the original)."""
    return _chosen_text(docx_path, read_approved(docx_path), revisions)


def _chosen_text(
    docx_path: Path, approved: Approved, revisions: str | None
) -> tuple[list[DocParagraph], list[Comment], str]:
    summary = approved.summary() if approved.revisions else ""
    if approved.revisions and revisions is None:
        raise ZhoubaoError(
            f"{docx_path.name} 中有未处理的修订：{summary}。期刊文件未改动；请在 Word 中接受或拒绝全部修订后再导入，"
            f"或加 --accept-changes（按修订后的文字）或 --reject-changes（按原文）"
        )
    accept = revisions != REJECT
    return approved.paragraphs(accept), approved.anchored(accept), summary


# ----------------------------------------------------------------------------- plan


def printed_paragraphs(outline: Outline) -> list[DocParagraph]:
    """The paragraphs the writer makes of an outline, as the import reads them from a .docx (the
    版记 in its table)."""
    return [DocParagraph(p.text, p.role in _IN_TABLE) for p in outline_paragraphs(outline)]


_IN_TABLE = ("distribution", "copies")


def issue_as_kind(plain: dict[str, Any]) -> dict[str, Any]:
    """The issue's own structure and templates in the shape of a kind, one week's content cleared,
    so the import walk reads a bulletin back into exactly this issue's sections."""
    head = plain["issue"]
    kind: dict[str, Any] = {k: v for k, v in head.items() if k in ("name", "unit", "issue_line", "supplement_line")}
    kind["section"] = [_cleared(s) for s in copy.deepcopy(plain.get("section", []))]
    if "distribution" in plain:
        kind["distribution"] = copy.deepcopy(plain["distribution"])
    if plain.get("layout"):
        kind["layout"] = plain["layout"]
    return kind


def _cleared(section: dict[str, Any]) -> dict[str, Any]:
    sections.clear_week(section)
    return section


def _walk(paragraphs: list[DocParagraph], issue: Issue, plain: dict[str, Any], source: str) -> Walked:
    """A bulletin read back by the import walk into this issue's own sections."""
    return Reader(issue.kind, issue_as_kind(plain), source).read(paragraphs)


@dataclass(frozen=True)
class IssueAtHand:
    """The issue file the approval comes back into, as it is now: the issue, its predecessor (for
    what the issue prints from it) and its plain data (its own sections and templates)."""

    path: Path
    issue: Issue
    previous: Issue | None
    plain: dict[str, Any]

    @classmethod
    def load(cls, path: Path) -> IssueAtHand:
        issue = store.load_issue(path)
        previous, _why = store.load_previous(path, issue)
        return cls(path, issue, previous, store.load_plain(path))

    def paragraphs(self) -> list[DocParagraph]:
        """The issue as rendered now, as the import reads a .docx."""
        return printed_paragraphs(compose(self.issue, previous=self.previous))

    def template_lines(self) -> dict[str, tuple[str, str]]:
        """The paragraphs only the kind's templates make (a part's title, the line under it), by
        their text: what each is and what to do instead, as the clerk is told."""
        outline = compose(self.issue, previous=self.previous)
        return {p.text: _TEMPLATE_ROLES[p.role] for p in outline_paragraphs(outline) if p.role in _TEMPLATE_ROLES}


@dataclass(frozen=True)
class ApprovedFile:
    """The approved .docx as read: its paragraphs in the chosen text, its comments anchored in
    them, and the summary of the revisions taken ("" when it had none)."""

    path: Path
    paragraphs: list[DocParagraph]
    comments: list[Comment]
    revisions: str

    @classmethod
    def read(cls, path: Path, revisions: str | None) -> ApprovedFile:
        return cls.of(path, read_approved(path), revisions)

    @classmethod
    def of(cls, path: Path, approved: Approved, revisions: str | None) -> ApprovedFile:
        """The file already read, its text chosen: refused while it holds undecided revisions
        unless `revisions` is ACCEPT or REJECT."""
        return cls(path, *_chosen_text(path, approved, revisions))


def plan_two_way(docx_path: Path, issue_path: Path, revisions: str | None = None) -> Plan:
    """Compare the approved file with the issue as it is now (the two-way compare: what the clerk
    changed since sending shows as the approver's); nothing is written. `import --into` uses it
    only when the file was not changed since it was sent, or with --no-fingerprint (merge.py)."""
    approved = ApprovedFile.read(docx_path, revisions)
    at_hand = IssueAtHand.load(issue_path)
    return plan_against(at_hand, at_hand.paragraphs(), approved)


def plan_against(at_hand: IssueAtHand, base: list[DocParagraph], approved: ApprovedFile) -> Plan:
    """What the approver changed from `base` (the paragraphs the approver was sent) to `approved`,
    planned for the issue at hand: the issue at hand rendered again (two-way), or the version that
    was sent (merge.py, three-way); the statistics' figures are located in it by its own composing.
    The lines the kind's templates make alone (a part's title, the period line under it) are held
    as they were sent, and an edit to them shown as such (`_hold_template_lines`)."""
    issue, plain = at_hand.issue, at_hand.plain
    plan = Plan(at_hand.path, approved.path, issue, revisions=approved.revisions)
    paragraphs = _hold_template_lines(plan, base, approved.paragraphs, at_hand.template_lines())
    before = _walk(base, issue, plain, "原期刊")
    after = _walk(paragraphs, issue, plain, approved.path.name)
    plan.hints = [h for h in after.report if h not in before.report]
    _plan_head(plan, before.data, after.data)
    _plan_distribution(plan, before.data, after.data)
    pairs = _pair_sections(plan, _placed(before.data), _placed(after.data))
    _plan_tables(plan, pairs)
    _plan_entries(plan, pairs, before.data, after.data)
    _refuse_another_issue(plan, before.data, after.data, approved.path)
    figures_read = _plan_figures(plan, issue, at_hand.previous, base, paragraphs)
    _plan_unplaced(plan, _unplaced(before.data), _unplaced(after.data), figures_read)
    place = _CommentPlaces(approved.paragraphs, after.data, plan)
    plan.comments = [(c, place(c)) for c in approved.comments]
    return plan


# What a line only templates make is, as the clerk is told, and what to do instead.
_TEMPLATE_ROLES = {
    "part_title": ("部分标题", "要改标题，请改期刊文件中该部分的 title"),
    "subtitle": ("期间行", "期间有误请用 zhoubao set period 改正"),
}


def _hold_template_lines(
    plan: Plan, base: list[DocParagraph], approved: list[DocParagraph], lines: dict[str, tuple[str, str]]
) -> list[DocParagraph]:
    """The approved paragraphs with the lines only templates make (`lines`: text → what it is)
    as they were sent. An approver's edit to one is a diff line and a problem, never read into
    another field: a reworded period line is not a new period, a deleted one not a period to
    guess, a reworded part title not an editor's note."""
    old = [p.text for p in base]
    new = [typography.strip_stray_spaces(p.text) for p in approved]
    out: list[DocParagraph] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        block = list(approved[j1:j2])
        if tag == "equal" or not any(old[i] in lines for i in range(i1, i2)):
            out += block
            continue
        used: set[int] = set()
        missing: list[DocParagraph] = []
        for i in (i for i in range(i1, i2) if old[i] in lines):
            if i2 - i1 == j2 - j1:
                at: int | None = i - i1
            else:
                scored = [
                    (difflib.SequenceMatcher(None, old[i], new[j1 + k], autojunk=False).ratio(), k)
                    for k in range(len(block))
                    if k not in used
                ]
                best = max(scored, default=(0.0, 0))
                at = best[1] if best[0] >= 0.5 else None
            what, instead = lines[old[i]]
            if at is None:
                missing.append(base[i])
                plan.changes.append(DiffLine(what, old[i], "", NOT_WRITTEN, unit=("template", i)))
                plan.problems.append(
                    f"批改稿删去了{what}“{snippet(old[i], 30)}”：它由简报种类的模板生成，未回填；{instead}"
                )
                continue
            used.add(at)
            if new[j1 + at] != old[i]:
                plan.changes.append(DiffLine(what, old[i], new[j1 + at], NOT_WRITTEN, unit=("template", i)))
                plan.problems.append(
                    f"批改稿改动了{what}（“{snippet(old[i], 20)}”改为“{snippet(new[j1 + at], 20)}”）："
                    f"它由简报种类的模板生成，未回填；{instead}"
                )
            block[at] = DocParagraph(old[i], base[i].in_table)
        out += missing + block
    return out


def _placed(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The walked sections that stand for the issue's own, without the walk's 未归类内容."""
    return [s for s in data["section"] if s.get("title") != UNPLACED_TITLE]


def _unplaced(data: dict[str, Any]) -> list[str]:
    """The paragraphs the walk could not place, one by one."""
    return [t for s in data["section"] if s.get("title") == UNPLACED_TITLE for t in s.get("text", "").split("\n\n")]


def _plan_unplaced(plan: Plan, before: list[str], after: list[str], figures_read: set[str]) -> None:
    """The approved file's paragraphs the walk could not place, told, except those it cannot place
    in the issue's own rendering either (a part's subtitle, a ranking sentence), unchanged, and
    the statistics paragraphs read back by their sections."""
    left = list(before)
    for text in after:
        if text in left:
            left.remove(text)
        elif typography.strip_stray_spaces(text) not in figures_read and text not in figures_read:
            was = max(before, key=lambda t: difflib.SequenceMatcher(None, t, text, autojunk=False).ratio(), default="")
            if was and difflib.SequenceMatcher(None, was, text, autojunk=False).ratio() >= 0.5:
                plan.problems.append(f"段落“{snippet(text, 30)}”的改动无法读回期刊文件的任何一项：未回填，请手工核对")
            else:
                plan.problems.append(f"无法对应到期刊中任何位置的段落：“{snippet(text, 30)}”，未回填，请手工核对")


def _plan_head(plan: Plan, before: dict[str, Any], after: dict[str, Any]) -> None:
    old, new = before["issue"], after["issue"]
    names = {
        "name": "简报名称",
        "unit": "编发单位",
        "date": "印发日期",
        "year": "年份",
        "number": "期号",
        "total": "总期号",
        "mark": "版头标记",
        "period_start": "本期起始日期",
        "period_end": "本期截止日期",
        "issue_line": "期号行",
        "supplement_line": "增刊期号行",
        "supplement": "增刊",
    }
    for key in names:
        if old.get(key) == new.get(key):
            continue
        if key in new:
            plan.head[key] = new[key]
        else:
            plan.head_removed.append(key)
        plan.changes.append(
            DiffLine(f"版头：{names[key]}", _shown(old.get(key)), _shown(new.get(key)), unit=("head", key))
        )


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)


def _plan_distribution(plan: Plan, before: dict[str, Any], after: dict[str, Any]) -> None:
    old, new = before.get("distribution", {}), after.get("distribution", {})
    if old.get("copies") != new.get("copies"):
        plan.distribution["copies"] = new.get("copies", GONE)
        plan.changes.append(
            DiffLine("版记：印数", _shown(old.get("copies")), _shown(new.get("copies")), unit=("copies",))
        )
    old_lines, new_lines = old.get("line", []), new.get("line", [])
    if old_lines != new_lines:
        plan.distribution["line"] = new_lines
        for i in range(max(len(old_lines), len(new_lines))):
            a = old_lines[i] if i < len(old_lines) else None
            b = new_lines[i] if i < len(new_lines) else None
            if a != b:
                label = (b or a or {}).get("label", "")
                plan.changes.append(
                    DiffLine(
                        f"版记：{label}",
                        f"{a['label']}：{a['text']}" if a else "",
                        f"{b['label']}：{b['text']}" if b else "",
                        "修改" if a and b else ("新增" if b else "删除"),
                        unit=("lines",),
                    )
                )


def _pair_sections(
    plan: Plan, before: list[dict[str, Any]], after: list[dict[str, Any]]
) -> list[tuple[tuple[int, ...], dict[str, Any], dict[str, Any]]]:
    """(path in the issue, the section read from the rendering, from the approved file), by
    position; a section the approved file adds or has in another place is reported."""
    pairs = []

    def pair(old: list[dict[str, Any]], new: list[dict[str, Any]], path: tuple[int, ...]) -> None:
        for index, (a, b) in enumerate(zip(old, new, strict=False)):
            here = (*path, index)
            if a.get("type") != b.get("type") or (
                a.get("title") != b.get("title") and b.get("title") == UNPLACED_TITLE
            ):
                plan.problems.append(
                    f"批改稿的栏目结构与期刊不同（“{b.get('title', '')}”在“{a.get('title', '')}”的位置）：该栏目及以后的改动未回填，请手工核对"
                )
                return
            pairs.append((here, a, b))
            pair(a.get("sub", []), b.get("sub", []), here)
        for extra in new[len(old) :]:
            plan.problems.append(f"批改稿多出栏目“{extra.get('title', '')}”：未回填，请手工核对")

    pair(before, after, ())
    return pairs


def _plan_tables(plan: Plan, pairs: list[tuple[tuple[int, ...], dict[str, Any], dict[str, Any]]]) -> None:
    """A section's own content other than entries and figures: a paragraph section's text, a
    checklist's intro and items, a heading changed a little."""
    for path, old, new in pairs:
        if "category" in old:  # figures are read back by the section type itself
            continue
        for key in sorted(set(old) | set(new)):
            if key in _STRUCTURE or old.get(key) == new.get(key):
                continue
            plan.tables.append((path, key, new[key] if key in new else GONE))
            where = f"栏目“{old.get('title') or new.get('title') or ''}”"
            if key == "item" and isinstance(old.get(key), list) and isinstance(new.get(key), list):
                for a, b in zip(old[key], new[key], strict=False):
                    if a != b:
                        plan.changes.append(
                            DiffLine(
                                f"{where}：{a.get('name', '')}", _item_text(a), _item_text(b), unit=("table", path, key)
                            )
                        )
                continue
            plan.changes.append(
                DiffLine(
                    where if key != "title" else f"{where}的标题",
                    _shown(old.get(key)),
                    _shown(new.get(key)),
                    unit=("table", path, key),
                )
            )


def _item_text(item: dict[str, Any]) -> str:
    if "finding" in item:
        return "；".join(
            f"{f.get('window', '')}{'：' if f.get('window') else ''}{f.get('text', '')}" for f in item["finding"]
        )
    return str(item.get("result", ""))


@dataclass
class _Entry:
    path: tuple[int, ...]
    index: int
    row: dict[str, Any]
    bulletin_text: str
    id: int | None = None
    match: _Entry | None = None


def _plan_entries(
    plan: Plan,
    pairs: list[tuple[tuple[int, ...], dict[str, Any], dict[str, Any]]],
    before: dict[str, Any],
    after: dict[str, Any],
) -> None:
    """Entries matched to their old ids: the same text first, then the most alike in the same
    section; what is left of the old was deleted, what is left of the new was added."""
    issue = plan.issue
    old_texts, new_texts = _entry_texts(before), _entry_texts(after)
    olds: list[_Entry] = []
    news: list[_Entry] = []
    titles: dict[tuple[int, ...], str] = {}
    for path, a, b in pairs:
        real = section_at(issue, path)
        titles[path] = a.get("title", "")
        old_rows, new_rows = a.get("entry", []), b.get("entry", [])
        if len(old_rows) != len(real.entries):
            plan.problems.append(f"栏目“{real.title}”的条目无法与期刊一一对应：该栏目的改动未回填，请手工核对")
            continue
        olds += [_Entry(path, i, row, old_texts[id(row)], real.entries[i].id) for i, row in enumerate(old_rows)]
        news += [_Entry(path, i, row, new_texts[id(row)]) for i, row in enumerate(new_rows)]
    # the same text: the entry unchanged (perhaps moved)
    for new in news:
        same = [o for o in olds if o.match is None and o.bulletin_text == new.bulletin_text]
        if same:
            best = next((o for o in same if o.path == new.path), same[0])
            best.match, new.match = new, best
    # the most alike left in the same section: the entry edited
    scored = sorted(
        (
            (difflib.SequenceMatcher(None, o.bulletin_text, n.bulletin_text, autojunk=False).ratio(), k, j)
            for k, o in enumerate(olds)
            if o.match is None
            for j, n in enumerate(news)
            if n.match is None and n.path == o.path
        ),
        reverse=True,
    )
    for ratio, k, j in scored:
        if ratio < 0.5:
            break
        if olds[k].match is None and news[j].match is None:
            olds[k].match, news[j].match = news[j], olds[k]
    # An entry whose paragraph the walk could not read back (a visit's lead changed past reading)
    # is not deleted: it stays as it is, and is told.
    unread = [t for s in after["section"] if s.get("title") == UNPLACED_TITLE for t in s.get("text", "").split("\n\n")]
    for entry in olds:
        if entry.match is None and any(
            difflib.SequenceMatcher(None, without_item_number(t), entry.bulletin_text, autojunk=False).ratio() >= 0.5
            for t in unread
        ):
            entry.match = entry
            plan.problems.append(f"条目 #{entry.id} 在批改稿中的改动无法读回：该条保留原样，请手工核对")
    next_id = issue.next_entry_id()
    for path in titles:
        rows: list[tuple[int | None, dict[str, Any] | None]] = []
        added = 0
        for new in (n for n in news if n.path == path):
            fields = {k: new.row[k] for k in ENTRY_KEYS if k in new.row}
            old = new.match
            where = f"栏目“{titles[path]}”"
            if old is None:
                rows.append((None, fields))
                plan.changes.append(
                    DiffLine(f"{where}新增条目 #{next_id}", "", new.bulletin_text, "新增", unit=("new", path, added))
                )
                next_id += 1
                added += 1
                continue
            old_fields = {k: old.row[k] for k in ENTRY_KEYS if k in old.row}
            rows.append((old.id, fields if fields != old_fields or old.path != path else None))
            if old.path != path:
                plan.changes.append(
                    DiffLine(
                        f"条目 #{old.id} 从栏目“{titles[old.path]}”移到{where}",
                        old.bulletin_text,
                        new.bulletin_text,
                        "移动",
                        unit=("entry", old.id),
                    )
                )
            elif fields != old_fields:
                plan.changes.append(
                    DiffLine(f"{where}条目 #{old.id}", old.bulletin_text, new.bulletin_text, unit=("entry", old.id))
                )
        for held in olds:  # kept as it is, after the entry it followed
            if held.match is held and held.path == path:
                preceding = [o.id for o in olds if o.path == path and o.index < held.index]
                at = max((i + 1 for i, (oid, _f) in enumerate(rows) if oid in preceding), default=0)
                rows.insert(at, (held.id, None))
        plan.entries[path] = rows
        kept = [old_id for old_id, _f in rows if old_id is not None]
        was = [o.id for o in olds if o.path == path and o.id in kept]
        if kept != was:
            plan.changes.append(
                DiffLine(
                    f"栏目“{titles[path]}”的条目顺序",
                    " ".join(f"#{i}" for i in was),
                    " ".join(f"#{i}" for i in kept),
                    "顺序",
                    unit=("order", path),
                )
            )
    for old in olds:
        if old.match is None and old.id is not None:
            plan.deleted.add(old.id)
            plan.changes.append(
                DiffLine(
                    f"栏目“{titles[old.path]}”条目 #{old.id}", old.bulletin_text, "", "删除", unit=("entry", old.id)
                )
            )


def _refuse_another_issue(plan: Plan, before: dict[str, Any], after: dict[str, Any], docx_path: Path) -> None:
    """A file of another issue (last week's, another bulletin) is refused: it would show as a
    rewrite of everything. Another number with most entries unmatched, or another name and number."""
    old, new = before["issue"], after["issue"]
    if (old.get("year"), old.get("number")) == (new.get("year"), new.get("number")):
        return
    had = sum(len(rows) for rows in plan.entries.values()) - sum(
        1 for rows in plan.entries.values() for old_id, _f in rows if old_id is None
    )
    total = had + len(plan.deleted)
    if old.get("name") != new.get("name") or (total and had * 2 < total):
        raise ZhoubaoError(
            f"{docx_path.name} 是“{new.get('name')}”{new.get('year')}年第{new.get('number')}期，"
            f"{plan.issue_path.name} 是“{old.get('name')}”{old.get('year')}年第{old.get('number')}期，内容也大多不同："
            f"请检查是否选错文件，期刊文件未改动"
        )


def _entry_texts(data: dict[str, Any]) -> dict[int, str]:
    """id(entry row) → the entry's bulletin text, from a walked issue's data."""
    issue = Issue.from_dict(data)
    out: dict[int, str] = {}
    for section in issue.all_sections():
        table = store.table_in(data, section.path)
        for row, entry in zip(table.get("entry", []), section.entries, strict=False):
            out[id(row)] = section.bulletin_text(entry)  # type: ignore[attr-defined]
    return out


def section_at(issue: Issue, path: tuple[int, ...]) -> Any:
    section = issue.sections[path[0]]
    for index in path[1:]:
        section = section.subs[index]
    return section


def _plan_figures(
    plan: Plan, issue: Issue, previous: Issue | None, base: list[DocParagraph], approved: list[DocParagraph]
) -> set[str]:
    """Each figures section's paragraphs in `base` (what the approver was sent) found again in the
    approved file, and read back by its type; a changed figure is stored, what cannot be mapped is
    told. Returns the approved paragraphs taken as statistics paragraphs (the walk need not place them)."""
    old_texts = [p.text for p in base if p.text.strip()]
    new_texts = [typography.strip_stray_spaces(p.text) for p in approved if p.text.strip()]
    aligned = align.aligned(old_texts, new_texts)
    shared = {j for j, n in Counter(aligned.values()).items() if n > 1}  # two paragraphs run into one
    ctx = Context(issue, previous)
    taken: set[str] = set()
    for section in issue.all_sections():
        read_back = getattr(section, "read_back", None)
        if read_back is None:
            continue
        blocks = [b.text for b in section.compose_body(Context(issue, previous)) if isinstance(b, Paragraph)]
        at = align.run_at(old_texts, blocks)
        if at is None:
            continue
        where = range(at, at + len(blocks))
        new_at = [aligned.get(i) for i in where]
        if any(j is None for j in new_at):
            plan.problems.append(f"批改稿中找不到统计段“{section.title}”：统计数字未回填，请核对")
            continue
        places = [j for j in new_at if j is not None]
        taken.update(new_texts[j] for j in places)
        if places != list(range(places[0], places[0] + len(places))) or shared.intersection(places):
            plan.problems.append(
                f"统计段“{section.title}”在批改稿中的分段与原文不同（段落合并、拆分或调换）：统计数字未回填，请核对"
            )
            continue
        old_text = "\n".join(old_texts[i] for i in where)
        new_text = "\n".join(new_texts[j] for j in places)
        if new_text == old_text:
            continue
        found, problems = read_back(ctx, old_text, new_text)
        plan.problems.extend(problems)
        for figure in found:
            plan.figures.append((section.path, figure))
            plan.changes.append(
                DiffLine(
                    f"统计：{figure.what}",
                    figure.format_figure(figure.was),
                    figure.format_figure(figure.value),
                    unit=("figure", section.path, figure.table, figure.position, figure.key, figure.column),
                )
            )
        if found or problems:
            plan.changes.append(
                DiffLine(
                    f"“{section.title}”的原句与批改稿", old_text, new_text, SENTENCE, unit=("sentence", section.path)
                )
            )
    return taken


class _CommentPlaces:
    """Where a comment belongs: the entry whose paragraph it marks, else the heading above it.
    The headings and the entries' bulletin texts are worked out once for all the comments."""

    def __init__(self, paragraphs: list[DocParagraph], data: dict[str, Any], plan: Plan) -> None:
        self.paragraphs = paragraphs
        self.headings: list[str] = []
        heading = ""
        for p in paragraphs:
            t = p.text.strip()
            if t and t[0] in "一二三四五六七八九十（" and len(t) <= 40 and "。" not in t:
                heading = t
            self.headings.append(heading)
        self.entries: list[tuple[str, str]] = []  # (the entry's bulletin text, where it goes)
        if not plan.entries:
            return
        texts = _entry_texts(data)
        for path, rows in plan.entries.items():
            table = store.table_in(data, path)
            for (old_id, _fields), row in zip(rows, table.get("entry", []), strict=False):
                where = f"条目 #{old_id}" if old_id is not None else f"栏目“{table.get('title', '')}”的新条目"
                self.entries.append((texts.get(id(row), ""), where))

    def __call__(self, comment: Comment) -> str:
        if not 0 <= comment.paragraph < len(self.paragraphs):
            return "（位置不明）"
        text = without_item_number(typography.strip_stray_spaces(self.paragraphs[comment.paragraph].text))
        for shown, where in self.entries:
            if text and (text in shown or shown.split("\n")[0] == text):
                return where
        return self.headings[comment.paragraph] or snippet(text)
