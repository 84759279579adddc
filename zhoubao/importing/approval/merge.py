"""merge: the three-way approval merge — what the approver changed relative to the version that
was sent, applied to the issue as it is now; what the clerk changed since kept.

Every .docx render carries a fingerprint (store/sent.py: the bulletin, 年份, 期号, the hash of the
issue file's bytes) and keeps those bytes in `.zhoubao-sent/`. `plan_merge`:

1. reads the approved file and its fingerprint, and names a file that is not a draft of this
   issue in one line before anything else is shown: no fingerprint (refused unless the clerk
   says `--no-fingerprint`, then today's two-way compare with the issue as it is now), another
   bulletin, another 年份 or 期号 (last week's .docx);
2. finds the sent version: the issue file itself when it still hashes to the fingerprint (the
   two-way compare is then the three-way one), else the kept copy; a copy no longer kept is a
   one-line refusal (or, with `--no-fingerprint`, the two-way compare);
3. plans the approver's changes against the sent version (plan.plan_against), and the clerk's
   since (sent → now) unit by unit: a head field, the 印数, the 版记 lines, a section's own field,
   one figure, one entry, a section's order of entries. An approver's change to a unit the clerk
   did not touch is taken; to a unit the clerk changed the same way, nothing to do; to a unit
   the clerk changed otherwise, a conflict: nothing is written for it unless `keep` says which
   side to keep (APPROVED: the approver's; LOCAL: the clerk's, as it is now). Whatever the clerk
   changed that the approver did not is never touched (a late entry, a typo fixed, the 印数).

The result is a Plan on the issue as it is now, so apply.py writes it as any other, refused when
the file changed again meanwhile.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from zhoubao import store
from zhoubao.errors import ZhoubaoError
from zhoubao.importing.approval.plan import (
    ENTRY_KEYS,
    GONE,
    NOT_WRITTEN,
    SENTENCE,
    ApprovedFile,
    Conflict,
    DiffLine,
    IssueAtHand,
    Plan,
    _shown,
    plan_against,
    section_at,
)
from zhoubao.importing.revisions import read_approved
from zhoubao.model import Issue
from zhoubao.store.read import decode, parse_plain

APPROVED, LOCAL = "审批", "本地"  # `--keep`: which side a conflict keeps


def plan_import(
    docx_path: Path,
    issue_path: Path,
    revisions: str | None = None,
    keep: str | None = None,
    no_fingerprint: bool = False,
) -> Plan:
    """The approver's changes relative to the version that was sent, planned for the issue as it
    is now; nothing is written. See the module's docstring for the steps and the refusals."""
    if keep not in (None, APPROVED, LOCAL):
        raise ZhoubaoError(f"--keep 只能是 {APPROVED} 或 {LOCAL}")
    read = read_approved(docx_path)
    issue, raw = store.read_issue(issue_path)
    fingerprint = store.Fingerprint.from_properties(read.properties)
    if fingerprint is None:
        if not no_fingerprint:
            raise ZhoubaoError(
                f"{docx_path.name} 没有 zhoubao 的送审标记（不是 zhoubao 生成的稿子，或转存时丢了）：无法知道送审的是哪一版。"
                f"确认它是 {issue.name}{issue.label}的批改稿后，可加 --no-fingerprint 与期刊文件现在的内容比对"
                "（送审后您自己的改动会显示为审批稿的改动，请逐条核对）；期刊文件未改动"
            )
        return _two_way(docx_path, issue_path, read, revisions)
    if fingerprint.name != issue.name:
        raise ZhoubaoError(
            f"{docx_path.name} 是“{fingerprint.name}”{fingerprint.label}的稿子，{issue_path.name} 是“{issue.name}”"
            f"{issue.label}：不是同一种简报，请检查是否选错文件，期刊文件未改动"
        )
    if not fingerprint.same_issue(issue):
        raise ZhoubaoError(
            f"{docx_path.name} 是“{fingerprint.name}”{fingerprint.label}的稿子，{issue_path.name} 是{issue.label}："
            f"不是这一期的批改稿，请检查是否选错文件，期刊文件未改动"
        )
    if fingerprint.digest == store.sent.digest(raw):
        return _two_way(docx_path, issue_path, read, revisions)  # nothing changed since it was sent
    sent_raw = store.load_sent(issue_path, fingerprint.digest)
    if sent_raw is None:
        if no_fingerprint:
            return _two_way(docx_path, issue_path, read, revisions)
        raise ZhoubaoError(
            f"{docx_path.name} 送审时的那一版没有保存在 {store.sent.SENT_FOLDER} 中（已被清理、文件夹不可写，"
            f"或稿子是在别处生成的），而 {issue_path.name} 在送审后改过：无法分清哪些是审批的改动、哪些是您送审后的改动。"
            "可加 --no-fingerprint 与期刊文件现在的内容比对（送审后您自己的改动会显示为审批稿的改动，请逐条核对）；期刊文件未改动"
        )
    approved = ApprovedFile.of(docx_path, read, revisions)
    sent_plain = parse_plain(issue_path, decode(issue_path, sent_raw))
    sent_issue = Issue.from_dict(sent_plain)
    previous, _why = store.load_previous(issue_path, sent_issue)
    sent = IssueAtHand(issue_path, sent_issue, previous, sent_plain)
    by_approver = plan_against(sent, sent.paragraphs(), approved)
    return merge(by_approver, sent, IssueAtHand.load(issue_path), keep)


def _two_way(docx_path: Path, issue_path: Path, read: Any, revisions: str | None) -> Plan:
    approved = ApprovedFile.of(docx_path, read, revisions)
    at_hand = IssueAtHand.load(issue_path)
    return plan_against(at_hand, at_hand.paragraphs(), approved)


# ----------------------------------------------------------------------------- the merge


def merge(by_approver: Plan, sent: IssueAtHand, now: IssueAtHand, keep: str | None) -> Plan:
    """`by_approver` (planned on the sent version) as a plan on the issue as it is now."""
    plan = Plan(
        now.path,
        by_approver.approved,
        now.issue,
        problems=list(by_approver.problems),
        hints=list(by_approver.hints),
        comments=list(by_approver.comments),
        revisions=by_approver.revisions,
        three_way=True,
    )
    _Merge(by_approver, sent, now, plan, keep).run()
    return plan


def _table(plain: dict[str, Any], path: tuple[int, ...]) -> dict[str, Any] | None:
    try:
        return store.table_in(plain, path)
    except (IndexError, KeyError, TypeError):
        return None


def _lines(plain: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        (str(line.get("label", "")), str(line.get("text", "")))
        for line in plain.get("distribution", {}).get("line", [])
    ]


class _Merge:
    def __init__(self, by_approver: Plan, sent: IssueAtHand, now: IssueAtHand, plan: Plan, keep: str | None) -> None:
        self.a, self.sent, self.now, self.plan, self.keep = by_approver, sent, now, plan, keep
        self.sent_entries = self._entries(sent)
        self.now_entries = self._entries(now)

    @staticmethod
    def _entries(at_hand: IssueAtHand) -> dict[int, tuple[tuple[int, ...], dict[str, Any]]]:
        """entry id → (section path, its own fields)."""
        out = {}
        for section in at_hand.issue.all_sections():
            table = _table(at_hand.plain, section.path) or {}
            for row in table.get("entry", []):
                out[row["id"]] = (section.path, {k: row[k] for k in ENTRY_KEYS if k in row})
        return out

    # -- one unit: taken, already so, or in conflict
    def decide(self, lines: list[DiffLine], clerk_changed: bool, same: bool, local: list[str], take: Any) -> bool:
        """Take the approver's change to one unit (`take()`), unless the clerk changed it too:
        the same way, nothing to do; otherwise a conflict, taken only when `keep` says so."""
        if not clerk_changed:
            take()
            self.plan.changes.extend(lines)
            return True
        if same:
            return False
        taken = self.keep == APPROVED
        for k, line in enumerate(lines):
            here = local[k] if k < len(local) else (local[-1] if local else "")
            self.plan.conflicts.append(Conflict(line, here, self.keep or ""))
        if taken:
            take()
            self.plan.changes.extend(dataclasses.replace(line, what="冲突·采用审批稿") for line in lines)
        return taken

    def same_structure(self, path: tuple[int, ...]) -> bool:
        try:
            a, b = section_at(self.sent.issue, path), section_at(self.now.issue, path)
        except IndexError:
            return False
        return bool(a.TYPE == b.TYPE)

    def run(self) -> None:
        groups: dict[tuple[Any, ...], list[DiffLine]] = {}
        for line in self.a.changes:
            groups.setdefault(line.unit or ("line", id(line)), []).append(line)
        entry_units = []
        figures_taken: set[tuple[int, ...]] = set()
        for unit, lines in groups.items():
            kind = unit[0]
            if kind == "head":
                self.head(unit[1], lines)
            elif kind == "copies":
                self.copies(lines)
            elif kind == "lines":
                self.distribution_lines(lines)
            elif kind == "table":
                self.table(unit[1], unit[2], lines)
            elif kind == "figure":
                if self.figure(unit, lines):
                    figures_taken.add(unit[1])
            elif kind in ("entry", "new", "order"):
                entry_units.append((unit, lines))
            elif kind != "sentence":
                self.plan.changes.extend(lines)  # shown, never written (NOT_WRITTEN)
        if entry_units:
            self.entries(entry_units)
        for unit, lines in groups.items():  # a statistics sentence beside the figures taken from it
            if unit[0] == "sentence" and (unit[1] in figures_taken or self._conflicted(unit[1])):
                self.plan.changes.extend(lines)

    def _conflicted(self, path: tuple[int, ...]) -> bool:
        return any(c.line.unit[:1] == ("figure",) and c.line.unit[1] == path for c in self.plan.conflicts)

    def head(self, key: str, lines: list[DiffLine]) -> None:
        old, new = self.sent.plain["issue"].get(key), self.now.plain["issue"].get(key)
        wanted = self.a.head.get(key, GONE)

        def take() -> None:
            if wanted is GONE:
                self.plan.head_removed.append(key)
            else:
                self.plan.head[key] = wanted

        same = (new is None and wanted is GONE) or new == wanted
        self.decide(lines, old != new, same, [_shown(new)], take)

    def copies(self, lines: list[DiffLine]) -> None:
        old = self.sent.plain.get("distribution", {}).get("copies")
        new = self.now.plain.get("distribution", {}).get("copies")
        wanted = self.a.distribution.get("copies", GONE)

        def take() -> None:
            self.plan.distribution["copies"] = wanted

        same = (new is None and wanted is GONE) or new == wanted
        self.decide(lines, old != new, same, [_shown(new)], take)

    def distribution_lines(self, lines: list[DiffLine]) -> None:
        old, new = _lines(self.sent.plain), _lines(self.now.plain)
        wanted = [(str(line["label"]), str(line["text"])) for line in self.a.distribution.get("line", [])]

        def take() -> None:
            self.plan.distribution["line"] = self.a.distribution["line"]

        local = [f"{label}：{text}" for label, text in new] or ["（无）"]
        self.decide(lines, old != new, new == wanted, local, take)

    def table(self, path: tuple[int, ...], key: str, lines: list[DiffLine]) -> None:
        if not self.same_structure(path):
            self._structure_changed(lines)
            return
        old, new = (_table(self.sent.plain, path) or {}).get(key), (_table(self.now.plain, path) or {}).get(key)
        wanted = next(value for p, k, value in self.a.tables if (p, k) == (path, key))

        def take() -> None:
            self.plan.tables.append((path, key, wanted))

        same = (new is None and wanted is GONE) or new == wanted
        self.decide(lines, old != new, same, [_shown(new)], take)

    def _structure_changed(self, lines: list[DiffLine]) -> None:
        for line in lines:
            self.plan.problems.append(f"{line.where}：送审后期刊文件的栏目结构有变动，这处审批改动未回填，请手工核对")

    def figure(self, unit: tuple[Any, ...], lines: list[DiffLine]) -> bool:
        _kind, path, table, position, key, column = unit
        if not self.same_structure(path):
            self._structure_changed(lines)
            return False

        def value(plain: dict[str, Any]) -> Any:
            try:
                row = (_table(plain, path) or {})[table][position]
                return row.get(key, {}).get(column), row.get("name")
            except (KeyError, IndexError, TypeError, AttributeError):
                return None, None

        (old, old_name), (new, new_name) = value(self.sent.plain), value(self.now.plain)
        found = next(f for p, f in self.a.figures if p == path and (f.table, f.position, f.key, f.column) == unit[2:])
        if old_name != new_name:  # the rows moved since: the figure is not where it was
            self._structure_changed(lines)
            return False

        def take() -> None:
            self.plan.figures.append((path, found))

        return self.decide(lines, old != new, new == found.value, [_shown(new)], take)

    # -- entries: per entry, then the order of each section
    def entries(self, units: list[tuple[tuple[Any, ...], list[DiffLine]]]) -> None:
        a_rows = self.a.entries
        final: dict[tuple[int, ...], list[Any]] = {}
        for section in self.now.issue.all_sections():
            if section.path in a_rows:
                final[section.path] = [e.id for e in section.entries]
        fields: dict[Any, dict[str, Any]] = {}  # token → fields to write (an existing id, or ("new", …))
        inserts: dict[tuple[int, ...], list[Any]] = {}  # path → tokens to put in, in the approver's order
        new_lines: dict[Any, list[DiffLine]] = {}
        bad_paths = {path for path in a_rows if path not in final or not self.same_structure(path)}

        def where_now(entry_id: int) -> tuple[int, ...] | None:
            found = self.now_entries.get(entry_id)
            return found[0] if found else None

        def approver_row(entry_id: int) -> tuple[tuple[int, ...], dict[str, Any] | None] | None:
            for path, rows in a_rows.items():
                for old_id, row_fields in rows:
                    if old_id == entry_id:
                        return path, row_fields
            return None

        orders = []
        for unit, lines in units:
            if unit[0] == "order":
                orders.append((unit[1], lines))
                continue
            if unit[0] == "new":
                path, nth = unit[1], unit[2]
                if path in bad_paths:
                    self._structure_changed(lines)
                    continue
                token = ("new", path, nth)
                row_fields = [f for old_id, f in a_rows[path] if old_id is None][nth]
                fields[token] = row_fields or {}
                inserts.setdefault(path, []).append(token)
                new_lines[token] = lines
                self.plan.changes.extend(lines)
                continue
            entry_id = unit[1]
            sent_at = self.sent_entries.get(entry_id)
            now_at = self.now_entries.get(entry_id)
            clerk_changed = sent_at != now_at
            target = approver_row(entry_id)
            if (target and target[0] in bad_paths) or (sent_at and sent_at[0] in bad_paths):
                self._structure_changed(lines)
                continue
            if target is None or entry_id in self.a.deleted:  # the approver deleted it

                def delete(entry_id: int = entry_id) -> None:
                    path = where_now(entry_id)
                    if path is not None and path in final:
                        final[path].remove(entry_id)
                        self.plan.deleted.add(entry_id)

                local = self._bulletin_text_now(entry_id)
                self.decide(lines, clerk_changed, now_at is None, [local], delete)
                continue
            path, row_fields = target
            wanted_fields = row_fields if row_fields is not None else (sent_at[1] if sent_at else {})

            def change(entry_id: int = entry_id, path: tuple[int, ...] = path, wanted: Any = wanted_fields) -> None:
                here = where_now(entry_id)
                if here is None:  # the clerk deleted it; the approver's version comes back as a new entry
                    token = ("again", entry_id)
                    fields[token] = dict(wanted)
                    inserts.setdefault(path, []).append(token)
                    return
                fields[entry_id] = dict(wanted)
                if here != path:
                    final[here].remove(entry_id)
                    inserts.setdefault(path, []).append(entry_id)

            same = now_at == (path, wanted_fields)
            self.decide(lines, clerk_changed, same, [self._bulletin_text_now(entry_id)], change)
        for path, tokens in inserts.items():
            for token in tokens:
                self._insert(final[path], a_rows[path], token)
        for path, lines in orders:
            if path in bad_paths:
                self._structure_changed(lines)
                continue
            self._order(path, final[path], a_rows[path], lines)
        self._write_entries(final, fields, new_lines)

    @staticmethod
    def _insert(into: list[Any], rows: list[tuple[int | None, Any]], token: Any) -> None:
        """Put `token` after the entry the approver put it after, the nearest one still there
        (first when none is): entries the clerk added since stay where they are."""

        def key(t: Any) -> Any:  # a token as the approver's rows name it
            if isinstance(t, tuple):
                return ("new", t[2]) if t[0] == "new" else t[1]
            return t

        sequence: list[Any] = []
        for old_id, _f in rows:
            sequence.append(("new", sum(1 for s in sequence if isinstance(s, tuple))) if old_id is None else old_id)
        wanted = key(token)
        position = sequence.index(wanted) if wanted in sequence else len(sequence)
        at = 0
        for before in reversed(sequence[:position]):
            found = [i for i, t in enumerate(into) if key(t) == before]
            if found:
                at = found[0] + 1
                break
        into.insert(at, token)

    def _order(
        self, path: tuple[int, ...], into: list[Any], rows: list[tuple[int | None, Any]], lines: list[DiffLine]
    ) -> None:
        """The approver's order of the entries both kept, in the places they hold now: entries the
        clerk added since stay after the entry they follow."""
        wanted = [old_id for old_id, _f in rows if old_id is not None and old_id in into]
        sent_order = [e.id for e in section_at(self.sent.issue, path).entries]
        now_order = [e.id for e in section_at(self.now.issue, path).entries]
        common = [i for i in sent_order if i in now_order]
        clerk_changed = [i for i in now_order if i in common] != common
        slots = [k for k, t in enumerate(into) if t in wanted]
        same = [into[k] for k in slots] == wanted

        def take() -> None:
            for k, entry_id in zip(slots, wanted, strict=True):
                into[k] = entry_id

        local = " ".join(f"#{i}" for i in now_order)
        self.decide(lines, clerk_changed, same, [local], take)

    def _bulletin_text_now(self, entry_id: int) -> str:
        for section in self.now.issue.all_sections():
            for entry in section.entries:
                if entry.id == entry_id:
                    return str(section.bulletin_text(entry))  # type: ignore[attr-defined]
        return "（已删除）"

    def _write_entries(
        self,
        final: dict[tuple[int, ...], list[Any]],
        fields: dict[Any, dict[str, Any]],
        new_lines: dict[Any, list[DiffLine]],
    ) -> None:
        """The sections whose entries change, as plan rows on the issue as it is now; the entries
        added get their ids in the order apply.py gives them, and their lines say so."""
        next_id = self.now.issue.next_entry_id()
        for section in self.now.issue.all_sections():
            path = section.path
            if path not in final:
                continue
            rows: list[tuple[int | None, dict[str, Any] | None]] = []
            for token in final[path]:
                if isinstance(token, int):
                    rows.append((token, fields.get(token)))
                    continue
                rows.append((None, fields[token]))
                for line in new_lines.get(token, []):
                    line.where = f"栏目“{section.title}”新增条目 #{next_id}"
                next_id += 1
            if rows != [(e.id, None) for e in section.entries]:
                self.plan.entries[path] = rows


__all__ = ["APPROVED", "LOCAL", "NOT_WRITTEN", "SENTENCE", "merge", "plan_import"]
