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

from collections.abc import Callable, Iterable
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
    what is already on the page, a page break and a blank that takes it to a later page's foot: the
    next page, or, printed on both sides (`two_sided`), the next even page, the back of a sheet, with
    a blank page before it when the next page is odd (GB/T 9704-2012 7.5).
    """

    box: Box
    margin: int
    two_sided: bool = False


Item = Box | LineUp | AtFoot


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Placed(Record):
    """A box the emitter is to write, with the page and the height on it where its first line lands."""

    box: Box
    page: int
    top: int


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Foot(Record):
    """Where the AtFoot box went: its page, and when it did not fit under the last text, by how many
    twips it did not (`over`) and the blank page put before it (`blank`: its page number; GB/T 9704-2012
    7.5 numbers neither the blank page nor the block's page)."""

    page: int
    over: int = 0
    blank: int | None = None


@dataclass(frozen=True, repr=False, eq=False)
class Pages(Record):
    """What the pager decided: the boxes to write in order (the blanks it sized among them), the
    boxes it dropped, the number of pages and where the AtFoot box went."""

    placed: tuple[Placed, ...]
    dropped: tuple[Box, ...]
    count: int
    foot: Foot | None = None

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
            case AtFoot(box, margin, two_sided):
                pager.at_foot(box, margin, two_sided)
    pager.flush()
    return Pages(tuple(pager.placed), tuple(pager.dropped), pager.page, pager.foot)


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Fit(Record):
    """The pages of an issue set so that its AtFoot box fits under the last text, where it can.

    `step`: the index of the setting used (0: as the layout says); `over`: when the box fitted at no
    setting, the twips it lacked at the last one (the page it took of its own then is the first
    setting's), else 0.
    """

    pages: Pages
    step: int = 0
    over: int = 0


def fit(settings: Iterable[Callable[[], list[Item]]], page_height: int) -> Fit:
    """Place the items of each setting in turn (each a little tighter than the one before) and keep
    the first at which the AtFoot box fits under the last text; when none does, the first setting,
    the box on a page of its own.

    An editor's remedy before turning a page for four lines: GB/T 9704-2012 7.3.5.1 names 调整行距、
    字距 as the way to fit the end of a document. Decided here, before anything is written.
    """
    first: Pages | None = None
    over = 0
    for step, build in enumerate(settings):
        pages = place(build(), page_height)
        first = first or pages
        if pages.foot is None or not pages.foot.over:
            return Fit(pages, step)
        over = pages.foot.over
    assert first is not None, "no setting to place"
    return Fit(first, 0, over)


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
    foot: Foot | None = None
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

    def at_foot(self, box: Box, margin: int, two_sided: bool) -> None:
        """The block at the foot of this page, or of the next page it may stand on alone.

        The spacer keeps with the block (keep_next, keep_lines): if another program sets the text
        above longer than counted, spacer and block move to the next page together.
        """
        self.flush()
        block = box.lines * box.height
        room = self.page_height - self.y - block - margin
        blank = None
        if room < 0:
            if two_sided and (self.page + 1) % 2:  # the next page is a front: leave it blank
                blank = self.page + 1
                self.add(Box(1, ONE_POINT, page_break_before=True))
            spacer = max(self.page_height - block - margin, ONE_POINT)
            self.add(Box(1, spacer, keep_next=True, keep_lines=True, page_break_before=True))
        elif room >= ONE_POINT:
            self.add(Box(1, room, keep_next=True, keep_lines=True))
        self.add(box)
        self.foot = Foot(self.page, max(-room, 0), blank)

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
