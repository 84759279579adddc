"""Outline → measured boxes: every paragraph the writer will write, its lines counted, nothing written.

Each block of the outline becomes one or more `pager.Box`es carrying what to write (`Text`, or the
版记's `RuledTable`) and how the box may break; the masthead's closing blank and the 版记 are
placed by the pager (`LineUp`, `AtFoot`), since their heights depend on where they land. No
python-docx: `page_count` pages an outline with these boxes alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from zhoubao.errors import ZhoubaoError
from zhoubao.outline import (
    Block,
    Distribution,
    Heading,
    Masthead,
    Outline,
    OutlineParagraph,
    Paragraph,
    PartTitle,
    paragraphs_of,
)
from zhoubao.validate import Record
from zhoubao.word import pager
from zhoubao.word.formats import Border, Formats, ParagraphFormat, RunFormat, formats
from zhoubao.word.layout import Layout, at_pitch, lines_per_page, resolve_layout, text_height
from zhoubao.word.measure import count_lines, rule_height, text_width
from zhoubao.word.pager import AtFoot, Box, Fit, Item, LineUp

# The empty paragraph Word needs after the 版记's table: 0.7 pt, the smallest exact line Word sets, so
# the closing rule lies within 0.25 mm of the text block's bottom edge.
TAIL_HEIGHT = 14


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Text(Record):
    """A paragraph to write: its format and its runs; a run whose text is a tab is a tab."""

    format: ParagraphFormat
    runs: tuple[tuple[str, RunFormat], ...]
    block: int  # the outline block it comes from, for error messages


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class RuledTable(Record):
    """The 版记: a full-width table, one ruled row per paragraph (the copies line may stand in a cell
    beside the last), then the blank Word needs after it."""

    width: int
    top: Border
    inside: Border
    bottom: Border
    rows: tuple[Text, ...]
    after: Text
    beside: Text | None = None  # the copies line in a cell of its own beside the last row
    beside_width: int = 0

    @property
    def block(self) -> int:
        return self.after.block


def build(outline: Outline) -> tuple[Formats, list[Item]]:
    """The formats of the outline's layout and the boxes of its blocks, in order, as the layout says
    (`fit` may set them tighter)."""
    fmt = formats(resolve_layout(outline.layout))
    return fmt, _Builder(fmt).build(outline.blocks)


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Step(Record):
    """One setting the pager may try to fit the 版记: what the clerk is told, and the layout."""

    said: str
    layout: Layout


def fit_steps(layout: Layout, blocks: tuple[Block, ...] = ()) -> list[Step]:
    """The settings tried in turn, each tighter than the one before; every page on one grid in each.

    1. as the layout says; 2. the copies line beside the last row (docs/format.md: its own row, or
    at the right of the last line), where the 版记 of `blocks` has room for it there; 3. the
    版记's rows at `distribution_line_tight`; 4. the whole issue at `fit_line_pitch`, the same lines a
    page.
    """
    steps = [Step("", layout)]
    dist = next((block for block in blocks if isinstance(block, Distribution)), None)
    if not layout["copies_on_last_line"] and (dist is None or _copies_join(layout, dist)):
        layout = {**layout, "copies_on_last_line": True}
        steps.append(Step("印数移到版记末行右侧", layout))
    tight = layout["distribution_line_tight"]
    if tight < (layout["distribution_line"] or layout["line_pitch"]):
        layout = {**layout, "distribution_line": tight}
        steps.append(Step(f"版记行距改为{_points(tight)}磅", layout))
    if layout["fit_line_pitch"] < layout["line_pitch"]:
        before = _points(layout["line_pitch"])
        layout = at_pitch(layout, layout["fit_line_pitch"])
        steps.append(
            Step(
                f"全期行距由{before}磅改为{_points(layout['line_pitch'])}磅（每页仍排{lines_per_page(layout)}行）",
                layout,
            )
        )
    return steps


def _copies_join(layout: Layout, dist: Distribution) -> bool:
    """Whether the 版记's copies line has room beside its last row."""
    if not dist.copies or not dist.lines:
        return False
    fmt = formats({**layout, "copies_on_last_line": True})
    return _Builder(fmt).distribution_rows(paragraphs_of(dist))[1] is not None


def _points(twips: int) -> str:
    return f"{twips / 20:g}"


def fit(outline: Outline) -> tuple[Formats, Fit, list[Step]]:
    """The outline paged so that its 版记 fits under the last text where a setting of `fit_steps`
    allows (pager.fit), the formats of the setting chosen, and the settings tried."""
    steps = fit_steps(resolve_layout(outline.layout), outline.blocks)
    chosen: list[Formats] = []
    counted: dict[tuple, int] = {}

    def setting(step: Step) -> Callable[[], list[Item]]:
        def items() -> list[Item]:
            chosen.append(formats(step.layout))
            return _Builder(chosen[-1], counted).build(outline.blocks)

        return items

    done = pager.fit(map(setting, steps), text_height(steps[0].layout))
    return formats(steps[done.step].layout), done, steps


class _Builder:
    """Turns the blocks of one outline into measured boxes."""

    def __init__(self, fmt: Formats, counted: dict[tuple, int] | None = None):
        self.fmt = fmt
        self.lay = fmt.layout
        # Lines counted so far, shared by the settings `fit` tries: a line's width does not change
        # with the line pitch, so each paragraph is broken into lines once.
        self.counted: dict[tuple, int] = {} if counted is None else counted
        self.items: list[Item] = []
        self.index = 0  # of the block being built
        self.after_masthead = True  # no blank line needed before a part title here

    # -- helpers
    def lines_of(self, runs: Iterable[tuple[str, RunFormat]], pfmt: ParagraphFormat) -> int:
        segments = tuple((text, rfmt.size, rfmt.spacing or 0) for text, rfmt in runs)
        width = self.fmt.width - pfmt.left - pfmt.right
        first = width - pfmt.first_line + pfmt.hanging
        key = (segments, first, width)
        lines = self.counted.get(key)
        if lines is None:
            lines = self.counted[key] = count_lines(segments, first, width)
        return lines

    def text(self, pfmt: ParagraphFormat, runs: Iterable[tuple[str, RunFormat]]) -> Text:
        return Text(pfmt, tuple(runs), self.index)

    def text_block(
        self, pfmt: ParagraphFormat, runs: list[tuple[str, RunFormat]], *, drop_at_page_top: bool = False
    ) -> None:
        """A paragraph of the text block, as tall as its lines."""
        self.items.append(
            Box(
                self.lines_of(runs, pfmt),
                pfmt.line or self.lay["line_pitch"],
                keep_next=pfmt.keep_next,
                keep_lines=pfmt.keep_lines,
                drop_at_page_top=drop_at_page_top,
                payload=self.text(pfmt, runs),
            )
        )

    # -- blocks
    def build(self, blocks: tuple[Block, ...]) -> list[Item]:
        for index, block in enumerate(blocks):
            self.index = index
            self.block(block, index, len(blocks))
        return self.items

    def block(self, block: Block, index: int, count: int) -> None:
        paragraphs = paragraphs_of(block)
        match block:
            case Masthead():
                if index != 0:
                    raise ZhoubaoError("报头必须是第一块内容。")
                self.masthead(paragraphs)
            case PartTitle():
                self.part_title(paragraphs)
            case Heading():
                self.heading(paragraphs[0])
            case Paragraph():
                self.body_paragraph(paragraphs[0])
            case Distribution():
                if index != count - 1:
                    raise ZhoubaoError("报尾（报、送、发）必须是最后一块内容。")
                self.distribution(paragraphs)
            case _:
                raise ZhoubaoError(f"无法排版的内容块：{type(block).__name__}。")

    def masthead(self, paragraphs: tuple[OutlineParagraph, ...]) -> None:
        """Mark line, name, issue line(s), unit and date over the red rule, then a blank line.

        The blank line is as tall as makes the masthead a whole number of text lines, so the body
        of page 1 sits on the same line grid as every other page.
        """
        fmt, lay, width = self.fmt, self.lay, self.fmt.width
        pitch = lay["line_pitch"]
        used = 0
        for paragraph in paragraphs:
            match paragraph.role:
                case "mark":
                    mark, draft_mark = paragraph.runs
                    align = "right" if draft_mark.text and not mark.text else None
                    pfmt = ParagraphFormat(align=align, line=pitch, right_tabs=(width,), keep_lines=True)
                    self.text_block(pfmt, _tabbed(paragraph, fmt.mark))
                    used = pitch
                case "name":
                    if lay["masthead_offset"] - used > 0:
                        self.items.append(Box(1, lay["masthead_offset"] - used))
                    name = paragraph.text
                    name_size = lay["masthead_name_size"]
                    if text_width(name, name_size) > width:
                        name_size = lay["masthead_name_size_long"]
                    name_run = fmt.run(lay["title_font"], name_size, color=lay["red"])
                    self.text_block(
                        ParagraphFormat(align="center", line=lay["masthead_name_line"], keep_lines=True),
                        [(name, name_run)],
                    )
                case "issue_line":
                    pfmt = ParagraphFormat(align="center", line=pitch, keep_lines=True)
                    self.text_block(pfmt, [(paragraph.text, fmt.issue)])
                case "unit_date":
                    self.unit_and_date(paragraph)
        self.items.append(LineUp(pitch))

    def unit_and_date(self, paragraph: OutlineParagraph) -> None:
        """Unit indented one character, date on the right of the same line, red rule below.

        At 3号 when both fit with a character's gap, else at 4号; when they do not fit even then,
        the date takes its own right-aligned line.
        """
        lay, width = self.lay, self.fmt.width
        unit, date = (run.text for run in paragraph.runs)
        rule = Border(lay["masthead_rule_size"], lay["red"], lay["masthead_rule_style"], lay["masthead_rule_space"])
        rule_below = rule_height(lay["masthead_rule_size"], lay["masthead_rule_space"], lay["masthead_rule_style"])
        for size in (lay["unit_size"], lay["unit_size_small"]):
            rfmt = self.fmt.run(lay["body_font"], size)
            char = size * 10
            needed = 3 * char + text_width(unit, size, rfmt.spacing or 0) + text_width(date, size, rfmt.spacing or 0)
            if needed <= width:
                break
        one_line = needed <= width
        pitch = lay["line_pitch"]
        unit_fmt = ParagraphFormat(
            line=pitch,
            first_line=char,
            right_tabs=(width - char,),
            keep_lines=True,
            border_bottom=rule if one_line else None,
        )
        runs = _tabbed(paragraph, rfmt) if one_line else [(unit, rfmt)]
        self.items.append(
            Box(1, pitch + (rule_below if one_line else 0), keep_lines=True, payload=self.text(unit_fmt, runs))
        )
        if not one_line:
            date_fmt = ParagraphFormat(align="right", line=pitch, right=char, keep_lines=True, border_bottom=rule)
            self.items.append(Box(1, pitch + rule_below, keep_lines=True, payload=self.text(date_fmt, [(date, rfmt)])))

    def distribution_rows(
        self, paragraphs: tuple[OutlineParagraph, ...]
    ) -> tuple[list[tuple[ParagraphFormat, str]], tuple[ParagraphFormat, str, int] | None]:
        """The 版记's rows: 报/送/发 with a hanging indent; and the copies line, right-aligned in a row of
        its own, or, where the layout says so and the last row's lines leave room, in a cell of its own
        beside that row (its format, text and the cell's width): a paragraph of its own either way."""
        fmt, lay = self.fmt, self.lay
        char, pitch = lay["distribution_size"] * 10, lay["distribution_line"] or lay["line_pitch"]
        rows: list[tuple[ParagraphFormat, str]] = []
        copies = ""
        for paragraph in paragraphs:
            if paragraph.role == "copies":
                copies = paragraph.text
                continue
            hang = len(paragraph.runs[0].text) * char  # the label, 报：, hangs
            pfmt = ParagraphFormat(align="both", line=pitch, left=char + hang, hanging=hang, right=char)
            rows.append((pfmt, paragraph.text))
        if not copies:
            return rows, None
        copies_fmt = replace(fmt.copies, line=pitch)
        if rows and lay["copies_on_last_line"]:
            cell = int(text_width(copies, lay["distribution_size"])) + 2 * char  # a character each side
            pfmt, text = rows[-1]
            beside = replace(pfmt, right=pfmt.right + cell)
            if self.lines_of([(text, fmt.distribution)], beside) == self.lines_of([(text, fmt.distribution)], pfmt):
                return rows, (copies_fmt, copies, cell)
        rows.append((copies_fmt, copies))
        return rows, None

    def part_title(self, paragraphs: tuple[OutlineParagraph, ...]) -> None:
        fmt = self.fmt
        if not self.after_masthead:  # a blank line sets a later part apart, unless it opens a page
            self.text_block(ParagraphFormat(line=self.lay["line_pitch"], keep_next=True), [], drop_at_page_top=True)
        for paragraph in paragraphs:  # the title, then its period line if any
            rfmt = fmt.part_title if paragraph.role == "part_title" else fmt.subtitle
            self.text_block(fmt.centred_title, [(paragraph.text, rfmt)])

    def heading(self, heading: OutlineParagraph) -> None:
        style = {1: "hei", 2: "kai", 3: "bold"}.get(heading.level, "body")  # GB/T 9704's four levels
        self.text_block(self.fmt.heading, [(heading.text, self.fmt.runs[style])])
        self.after_masthead = False

    def body_paragraph(self, paragraph: OutlineParagraph) -> None:
        formats = self.fmt.runs
        try:
            self.text_block(self.fmt.body, [(run.text, formats[run.style]) for run in paragraph.runs])
        except KeyError as exc:
            raise ZhoubaoError(f"未知的文字样式：{exc.args[0]}（可用 body、bold、kai、hei）。") from exc
        self.after_masthead = False

    def distribution(self, paragraphs: tuple[OutlineParagraph, ...]) -> None:
        """报尾 between black rules, at the foot of the last page (the pager puts it there).

        One ruled row per line, the copies line (（共印80份）) right-aligned in the last row, so the
        closing rule is the last thing on the page and lies on the bottom edge of the text block.
        Word needs a paragraph after a closing table: it is one point tall and holds nothing.
        """
        fmt, lay = self.fmt, self.lay
        pitch = lay["distribution_line"] or lay["line_pitch"]
        rows, beside = self.distribution_rows(paragraphs)
        heights = [self.lines_of([(text, fmt.distribution)], pfmt) * pitch for pfmt, text in rows]
        outer = rule_height(lay["distribution_rule_outer"])
        inner = rule_height(lay["distribution_rule_inner"])
        block = sum(heights) + (2 * outer + inner * (len(rows) - 1) if rows else 0) + TAIL_HEIGHT
        black = lay["black"]
        table = RuledTable(
            width=fmt.width,
            top=Border(lay["distribution_rule_outer"], black),
            inside=Border(lay["distribution_rule_inner"], black),
            bottom=Border(lay["distribution_rule_outer"], black),
            # Every row keeps with the next and its lines together (and ooxml makes rows cantSplit): if
            # Word or WPS sets the text above longer than counted, the block moves whole.
            rows=tuple(
                self.text(replace(pfmt, keep_next=k < len(rows) - 1, keep_lines=True), [(text, fmt.distribution)])
                for k, (pfmt, text) in enumerate(rows)
            ),
            after=self.text(ParagraphFormat(line=TAIL_HEIGHT, mark=fmt.tiny), ()),
            beside=None
            if beside is None
            else self.text(replace(beside[0], keep_lines=True), [(beside[1], fmt.distribution)]),
            beside_width=0 if beside is None else beside[2],
        )
        self.items.append(AtFoot(Box(1, block, payload=table), lay["placement_margin"], lay["two_sided"]))


def _tabbed(paragraph: OutlineParagraph, rfmt: RunFormat) -> list[tuple[str, RunFormat]]:
    """A shared line's runs: its texts, a tab before the one at the right margin."""
    texts = [run.text for run in paragraph.runs if run.text]
    runs = [(texts[0], rfmt)] if texts else []
    for text in texts[1:]:
        runs += [("\t", rfmt), (text, rfmt)]
    return runs
