"""statistics read-back: the figures an approver changed in a statistics section's printed
paragraphs (`import --into`, zhoubao/importing/approval.py), found by moving each stored figure
and composing the section again; what cannot be mapped is told, never stored."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, NamedTuple

from zhoubao import figures
from zhoubao.errors import ZhoubaoError
from zhoubao.sections.base import Context
from zhoubao.sections.statistics.records import BASE_KEYS, Figure, StatisticsRecord
from zhoubao.sections.statistics.sentences import compose_body
from zhoubao.validate import check_number

_BASE_OF_KEY = {key: comparison for comparison, key in BASE_KEYS.items()}


class _Stored(NamedTuple):
    """One figure a statistics section stores: in `category` or `row` at `position` (its `name`),
    under `key` (values, or a typed base: last, last_year), in `column`."""

    table: str
    position: int
    name: str
    key: str
    column: str

    @property
    def what(self) -> str:
        holder = f"统计类别“{self.name}”" if self.table == "category" else f"明细表中“{self.name}”"
        base = {"last": "的上期", "last_year": "的去年同期"}.get(self.key, "的")
        return f"{holder}{base}{self.column}"


class ReadBack(NamedTuple):
    """A figure read back from the approved file: where it is stored (as `_Stored`) and its value."""

    table: str  # category, row
    position: int
    name: str
    key: str  # values, last, last_year
    column: str
    value: Figure
    was: Figure
    decimals: int  # the column's, to show the figure as the bulletin prints it

    @property
    def what(self) -> str:
        return _Stored(self.table, self.position, self.name, self.key, self.column).what

    def format_figure(self, value: Figure) -> str:
        """`value` (this figure's `was` or `value`) as the bulletin prints it in this column."""
        return figures.format_figure(value, self.decimals)


_FAR = 97531  # a figure moved this far moves every place computed from it
_CONFLICT: Any = object()  # a figure printed twice and changed to two different values


def read_back(
    section: StatisticsRecord, ctx: Context, composed: str, approved: str
) -> tuple[list[ReadBack], list[str]]:
    """The stored figures an approver changed in this section's printed paragraphs (joined by
    line breaks), and what could not be read back (Chinese lines for the clerk).

    Nothing here knows the sentence's shape: each stored figure (a category's, the given
    total's, a typed base's, a row of the per-unit table's) is moved in turn by a unit or two of
    its last decimal and the section composed again, so a figure's own place is where the moved
    value is printed while every other word stays (a ranking or a sorted list not reordered),
    and places that change with it without showing it are computed from it (totals, shares,
    环比/同比, rates, ranks, 本周新增). The approved text must have the printed one's words
    exactly, figures aside; a changed figure is taken only where it is one stored figure's own place.
    """
    where = f"统计段“{section.title}”"
    old, old_words = _numbers(composed)
    new, new_words = _numbers(approved)
    if old_words != new_words or len(old) != len(new):
        return [], [f"{where}在批改稿中的文字与模板生成的不同（不只是数字改动）：数字未回填，请用 zhoubao stats 核对"]
    changed = [i for i, (a, b) in enumerate(zip(old, new, strict=False)) if _plain(a) != _plain(b)]
    if not changed:
        return [], []
    owners: dict[int, list[_Stored]] = {}
    decimals = {c.name: c.decimals for c in section.columns}
    # A figure's own place prints it: only the figures printed as a changed one was are probed.
    was = {figures.exact(_plain(old[i])) for i in changed}
    for stored in stored_figures(section):
        if figures.exact(stored_value(section, stored)) in was:
            for i in places(section, ctx, stored, decimals[stored.column], old, old_words):
                owners.setdefault(i, []).append(stored)
    moved = moved_places(section, ctx, old) if any(not owners.get(i) for i in changed) else set()
    found: dict[_Stored, Figure] = {}
    problems: list[str] = []
    for i in changed:
        mine = owners.get(i, [])
        if len(mine) > 1:
            problems.append(f"{where}中的“{old[i]}”改为“{new[i]}”：对应不止一个数字，未回填，请用 zhoubao stats 填写")
        elif mine:
            stored = mine[0]
            value = approved_figure(section, stored, new[i], decimals[stored.column], problems)
            if value is None or (value == stored_value(section, stored) and stored not in found):
                continue
            if stored in found and found[stored] != value:
                problems.append(f"{stored.what}在批改稿中两处不同：未回填，请用 zhoubao stats 填写")
                found[stored] = _CONFLICT
            elif found.get(stored) is not _CONFLICT:
                found[stored] = value
        elif i not in moved:
            problems.append(
                f"{where}中的“{old[i]}”改为“{new[i]}”：不是存下的统计数字（日期或模板文字），未回填，请核对"
            )
    taken = {stored: value for stored, value in found.items() if value is not _CONFLICT}
    # What the figures taken make of the text: a computed figure changed otherwise is told.
    final = composed_with(section, ctx, taken)
    if final is not None and taken:
        numbers, words = _numbers(final)
        if words != new_words or len(numbers) != len(new):
            problems.append(f"{where}按回填的数字重新生成时顺序或文字会变（如排名先后）：数字已回填，生成后请核对")
        else:
            for i, (made, wanted) in enumerate(zip(numbers, new, strict=False)):
                if made == _plain(wanted):
                    continue
                if owners.get(i):
                    problems.append(
                        f"{where}中的“{old[i]}”与改动的数字是同一个数，批改稿中此处未改：按回填的数字应为“{made}”，请核对"
                    )
                elif made != _plain(old[i]):
                    problems.append(
                        f"{where}中计算得出的数（合计、占比、环比/同比、比率、排名或本周新增）“{old[i]}”在批改稿中为“{wanted}”，"
                        f"按回填的数字应为“{made}”：计算得出的数不保存，请核对"
                    )
    elif final is None and taken:
        problems.append(f"{where}按回填的数字无法重新生成：数字未回填，请用 zhoubao stats 核对")
        taken = {}
    for i in changed:  # a computed figure changed while no stored one was
        if i in moved and not owners.get(i) and not taken:
            problems.append(
                f"{where}中计算得出的数（合计、占比、环比/同比、比率、排名或本周新增）“{old[i]}”改为“{new[i]}”："
                f"计算得出的数不保存，请改它所由的数字（zhoubao stats）"
            )
    return [ReadBack(*s, value, stored_value(section, s), decimals[s.column]) for s, value in taken.items()], problems


def approved_figure(
    section: StatisticsRecord, stored: _Stored, typed: str, decimals: int, problems: list[str]
) -> Figure | None:
    """The figure the approver typed, if the column can hold it; else None, and why in `problems`."""
    value = figures.read_figure(typed, decimals)
    if value is None:
        problems.append(f"{stored.what}“{typed}”不是有效的数字：未回填，请用 zhoubao stats 填写")
        return None
    if len(_plain(typed).partition(".")[2]) > decimals:
        problems.append(f"{stored.what}“{typed}”的小数位数多于该列的 {decimals} 位：未回填，请用 zhoubao stats 填写")
        return None
    try:
        return check_number(value, stored.what, decimals)
    except ZhoubaoError as error:
        problems.append(f"批改稿中{error.message}（未回填）")
        return None


def stored_figures(section: StatisticsRecord) -> Iterator[_Stored]:
    """Every figure this section stores: its categories' (the given total among them) and their
    typed bases, and the per-unit table's rows."""
    for table_key, holders in (("category", section.categories), ("row", section.rows)):
        for index, holder in enumerate(holders):
            for key, values in (("values", holder.values), *((BASE_KEYS[k], v) for k, v in holder.bases.items())):
                for column in values:
                    yield _Stored(table_key, index, holder.name, key, column)


def places(
    section: StatisticsRecord, ctx: Context, stored: _Stored, decimals: int, old: list[str], old_words: str
) -> set[int]:
    """Where a stored figure is printed: the places showing it when it is moved a unit or two
    up (or, where that reorders the text, down) while every other word stays."""
    value = figures.exact(stored_value(section, stored))
    step = figures.exact(1).scaleb(-decimals)
    for direction in (1, -1):
        probes = [value + direction * k * step for k in (1, 2)]
        if any(p < 0 for p in probes):
            continue
        shown: list[set[int]] = []
        for probe in probes:
            text = composed_with(section, ctx, {stored: figures.held(probe, decimals)})
            numbers, words = _numbers(text) if text is not None else ([], "")
            if words != old_words or len(numbers) != len(old):
                break
            probe_shown = figures.format_figure(probe, decimals)
            shown.append({i for i, n in enumerate(numbers) if n == probe_shown and n != old[i]})
        else:
            return set.intersection(*shown)
    return set()


def moved_places(section: StatisticsRecord, ctx: Context, old: list[str]) -> set[int]:
    """The places that change when some stored figure changes a good deal (shares and rates are
    rounded coarser than a unit): computed ones, to word a report. A reordering may mark a few
    too many; nothing is stored by it."""
    moved: set[int] = set()
    decimals = {c.name: c.decimals for c in section.columns}
    for stored in stored_figures(section):
        value, places = figures.exact(stored_value(section, stored)), decimals[stored.column]
        step = figures.exact(1).scaleb(-places)
        for probe in (value * figures.exact(1.1) + step, value * figures.exact(0.9), value + _FAR):
            text = composed_with(section, ctx, {stored: figures.held(figures.rounded(probe, places), places)})
            numbers = _numbers(text)[0] if text is not None else []
            if len(numbers) == len(old):
                moved.update(i for i, n in enumerate(numbers) if n != old[i])
    return moved


def stored_value(section: StatisticsRecord, stored: _Stored) -> Figure:
    holder = (section.categories if stored.table == "category" else section.rows)[stored.position]
    if stored.key == "values":
        return holder.values[stored.column]
    return holder.bases[_BASE_OF_KEY[stored.key]][stored.column]


def composed_with(section: StatisticsRecord, ctx: Context, changes: dict[_Stored, Figure]) -> str | None:
    """This section's printed paragraphs (joined by line breaks) with some stored figures
    changed; None when it cannot be composed."""
    import copy

    from zhoubao.outline import Paragraph

    probe = copy.copy(section)
    probe.categories = [copy.copy(c) for c in section.categories]  # so whatever else one holds stays
    probe.rows = [copy.copy(r) for r in section.rows]
    for stored, value in changes.items():
        holder = (probe.categories if stored.table == "category" else probe.rows)[stored.position]
        if stored.key == "values":
            holder.values = {**holder.values, stored.column: value}
        else:
            base = _BASE_OF_KEY[stored.key]
            holder.bases = {**holder.bases, base: {**holder.bases.get(base, {}), stored.column: value}}
    try:
        blocks = compose_body(probe, Context(ctx.issue, ctx.previous))
    except ZhoubaoError:
        return None
    return "\n".join(b.text for b in blocks if isinstance(b, Paragraph))


def _plain(figure: str) -> str:
    """A figure as printed without its thousands separators: 1,210 is 1210."""
    return figure.replace(",", "")


def _numbers(text: str) -> tuple[list[str], str]:
    """The figures of a printed sentence in order, and its words with each figure taken out."""
    found = [m.group(1) for m in re.finditer(figures.PRINTED, text)]
    return found, re.sub(figures.PRINTED, "\0", text)
