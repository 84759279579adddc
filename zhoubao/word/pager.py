"""The pager: measured boxes in, page decisions out, before anything is written.

Every text line has an exact height, so where each line lands can be followed the way Word and
LibreOffice break pages: widow/orphan control (two lines each side), headings kept with the first
lines of what follows, a blank line before a part title dropped when the title opens a page. The
pager also sizes the blanks whose height depends on where they land: the one that ends the
masthead on a whole line, and the one that pushes the 版记 to the foot of the last page.

Nothing here knows about Word: a box's `payload` is what the emitter will write for it, opaque
to the pager. The emitter writes `Pages.placed` in order and never takes anything back.

The data classes take `__repr__` and `__eq__` from `validate.Record` (docs/performance.md); nothing
hashes them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from zhoubao.validate import Record

# Twips: one point, the smallest blank the pager makes; the 版记 spacer is left out below it.
ONE_POINT = 20


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Box(Record):
    """A paragraph (or the 版记's table) as the pager sees it: its lines and how it may break.

    A box without a payload is a blank paragraph of exactly its height.
    """

    lines: int
    height: int  # of each line, twips
    keep_next: bool = False
    keep_lines: bool = False
    drop_at_page_top: bool = False  # a blank line that has no business at the top of a page
    page_break_before: bool = False
    payload: object = None


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class LineUp(Record):
    """A blank that ends everything above it on its page on a whole line of `pitch`.

    At least half a line, so the body never touches the rule above it (the masthead's red rule).
    """

    pitch: int


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class AtFoot(Record):
    """A box that ends at the foot of the last page, `margin` twips above the bottom (the 版记).

    The pager puts a blank of the remaining height in front of it, or, when it does not fit under
    what is already on the page, a page break and a blank that takes it to the next page's foot.
    """

    box: Box
    margin: int


Item = Box | LineUp | AtFoot


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Placed(Record):
    """A box the emitter is to write, with the page and the height on it where its first line lands."""

    box: Box
    page: int
    top: int


@dataclass(frozen=True, repr=False, eq=False)
class Pages(Record):
    """What the pager decided: the boxes to write in order (the blanks it sized among them), the
    boxes it dropped, and the number of pages."""

    placed: tuple[Placed, ...]
    dropped: tuple[Box, ...]
    count: int

    @property
    def boxes(self) -> list[Box]:
        return [placed.box for placed in self.placed]


def masthead_gap(used: int, pitch: int) -> int:
    """Height of the blank line under a masthead `used` twips tall: it ends on a whole line.

    At least half a line, so the body never touches the red rule.
    """
    gap = -used % pitch
    return gap + pitch if gap < pitch // 2 else gap


def place(items: Iterable[Item], page_height: int) -> Pages:
    """Place every item on pages `page_height` twips tall; nothing is written yet."""
    pager = _Pager(page_height)
    for item in items:
        match item:
            case Box():
                pager.add(item)
            case LineUp(pitch):
                pager.add(Box(1, masthead_gap(pager.y, pitch)))
            case AtFoot(box, margin):
                pager.at_foot(box, margin)
    pager.flush()
    return Pages(tuple(pager.placed), tuple(pager.dropped), pager.page)


def _first_piece(lines: int) -> int:
    """Lines of a paragraph that must stay together at a page foot (widow/orphan control)."""
    return lines if lines <= 3 else 2


@dataclass(repr=False, eq=False)
class _Pager(Record):
    """Follows where each line lands. Boxes kept with the next wait in a chain until the box they
    keep with arrives: only then is it known whether the chain opens a page."""

    page_height: int
    page: int = 1
    y: int = 0  # twips used on the current page
    placed: list[Placed] = field(default_factory=list)
    dropped: list[Box] = field(default_factory=list)
    _chain: list[Box] = field(default_factory=list)

    def add(self, box: Box) -> None:
        if box.page_break_before:
            self.flush()
            self.new_page()
        if box.keep_next:
            self._chain.append(box)
            return
        self._place_chain(box)
        self._flow(box)

    def flush(self) -> None:
        self._place_chain(None)

    def new_page(self) -> None:
        self.page += 1
        self.y = 0

    def at_foot(self, box: Box, margin: int) -> None:
        self.flush()
        block = box.lines * box.height
        room = self.page_height - self.y - block - margin
        if room < 0:
            self.add(Box(1, max(self.page_height - block - margin, ONE_POINT), page_break_before=True))
        elif room >= ONE_POINT:
            self.add(Box(1, room))
        self.add(box)

    def _place_chain(self, follower: Box | None) -> None:
        if not self._chain:
            return
        chain, self._chain = self._chain, []
        need = sum(box.lines * box.height for box in chain)
        if follower is not None:
            need += _first_piece(follower.lines) * follower.height
        if self.y > 0 and self.y + need > self.page_height:
            self.new_page()
        while self.y == 0 and chain and chain[0].drop_at_page_top:
            self.dropped.append(chain.pop(0))
        for box in chain:
            self._flow(box)

    def _flow(self, box: Box) -> None:
        if box.keep_lines or box.lines == 1:
            total = box.lines * box.height
            if self.y > 0 and self.y + total > self.page_height:
                self.new_page()
            self.placed.append(Placed(box, self.page, self.y))
            self.y += total
            return
        remaining = box.lines
        while True:
            room = (self.page_height - self.y) // box.height
            if remaining <= room:
                if remaining == box.lines:
                    self.placed.append(Placed(box, self.page, self.y))
                self.y += remaining * box.height
                return
            here = room
            if here < 2:
                here = 0
            elif remaining - here < 2:
                here = remaining - 2 if remaining - 2 >= 2 else 0
            if here == 0 and self.y == 0:
                here = max(room, 1)  # a line taller than the page still takes its own page
            if here and remaining == box.lines:
                self.placed.append(Placed(box, self.page, self.y))
            remaining -= here
            self.new_page()
