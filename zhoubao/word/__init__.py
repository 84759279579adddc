"""The writer: outline → .docx on the official page of docs/format.md, and the PDF preview.

One way through, each step its own module:

    outline ─boxes─▶ measured boxes ─pager─▶ pages decided ─emit─▶ .docx

    layout.py    layout numbers and font sets (data)
    formats.py   run and paragraph formats of a layout (frozen records)
    measure.py   text widths and line breaking
    boxes.py     outline → boxes: every paragraph measured, with what to write for it
    pager.py     boxes → pages: what lands where, what is dropped, the blanks' heights
    emit.py      placed boxes → .docx, through ooxml.py
    ooxml.py     the one module that writes raw WordprocessingML (as text) and zips the package
    pdf.py       .docx → PDF with Word (Windows) or LibreOffice, for a preview

The writer needs no XML library and no python-docx: ooxml writes the parts as text and zipfile
packs them. Only pdf needs Word or LibreOffice; `page_count` stops at the pager. The functions below are
the package's API; importing the package loads only the layout data.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from zhoubao.word.layout import LAYOUT, Layout, font_set_name, resolve_layout

if TYPE_CHECKING:
    from zhoubao.outline import Outline
    from zhoubao.word.pager import Fit

__all__ = [
    "LAYOUT",
    "Layout",
    "fit",
    "fit_note",
    "font_set_name",
    "page_count",
    "render_docx",
    "resolve_layout",
    "to_pdf",
    "write_docx",
]


def render_docx(outline: Outline) -> bytes:
    """The .docx of `outline` as bytes; the same outline always gives the same bytes."""
    from zhoubao.word import emit

    return emit.render_docx(outline)


def write_docx(outline: Outline, path: str | Path, *, force: bool = False) -> Fit:
    """Write the .docx of `outline` to `path`: replaced whole through an exclusive temp file of its
    own (safefiles.write_new_file), never left half-written, never written through a planted name.
    A file already at `path` is replaced only when it is this tool's earlier render of the same
    issue (`is_earlier_render`) or with `force`; a FIFO, device or folder never. How the pager set
    it comes back, for `fit_note`."""
    from zhoubao.safefiles import write_new_file
    from zhoubao.word import emit

    data, fitted = emit.render(outline)
    title = outline.properties.title
    write_new_file(Path(path), data, "Word 文件", force=force, ours=lambda p: is_earlier_render(p, title))
    return fitted


def is_earlier_render(path: Path, title: str) -> bool:
    """Whether the .docx at `path` is this tool's own render titled `title` (the issue's name and
    label): docProps/app.xml names zhoubao as the application and docProps/core.xml has the title.
    Word and WPS rewrite both when they save, so a leader's 批改稿.docx is never taken for ours.
    (A fingerprint in docProps/custom.xml, when the approval merge writes one, may join this test.)"""
    from zhoubao.word import ooxml

    return ooxml.written_by_us(path, title)


def page_count(outline: Outline) -> int:
    """Pages the bulletin takes, as the pager places it (for length limits); no document is built."""
    return fit(outline).pages.count


def fit(outline: Outline) -> Fit:
    """How the pager sets the outline: its pages, the setting it took, and whether the 版记 fitted
    under the last text (`fit_note` says it to the clerk); no document is built."""
    from zhoubao.word import boxes

    return boxes.fit(outline)[1]


def fit_note(outline: Outline, fitted: Fit | None = None) -> str | None:
    """One line for the clerk when the 版记 did not simply fit under the last text: what was tightened
    to fit it, or by how much the text is over and where the 版记 went; None when it fitted as set."""
    from zhoubao.word import boxes

    steps = boxes.fit_steps(resolve_layout(outline.layout), outline.blocks)
    done = fitted or fit(outline)
    foot = done.pages.foot
    if foot is None or not done.step and not done.over:
        return None
    if done.step:
        said = "，".join(step.said for step in steps[1 : done.step + 1])
        return f"末页原本放不下版记：已将{said}，版记排在第{foot.page}页底部。"
    last = steps[-1].layout
    lines = -(-done.over // last["line_pitch"])
    chars = lines * chars_a_line(last)
    tried = "、".join(step.said for step in steps[1:]) or "不作调整"
    cut = f"删去约{lines}行（约{chars}字）即可与正文排在同一页"
    if foot.blank is not None:
        return (
            f"版记在末页放不下（{tried}后仍超出约{lines}行）：已移到第{foot.page}页（双面印刷的背面），"
            f"第{foot.blank}页留空，这两页不编页码；{cut}。"
        )
    return f"版记在末页放不下（{tried}后仍超出约{lines}行）：已单独排在第{foot.page}页；{cut}。"


def chars_a_line(layout: Layout) -> int:
    """Body characters a line holds (28 on the official page)."""
    width = layout["page_width"] - layout["margin_left"] - layout["margin_right"]
    return int(width // (layout["body_size"] * 10 + layout["char_spacing"]))


def to_pdf(
    docx_path: str | Path, pdf_path: str | Path, timeout: float = 120, engine: str = "auto", *, replace: bool = False
) -> Path:
    """Convert a .docx to a PDF preview with Microsoft Word (Windows) or LibreOffice; `engine` is
    auto, word or libreoffice. A file already at `pdf_path` is replaced only with `replace` (the
    caller knows it is the preview of an earlier render, or was told --force). A Chinese
    ZhoubaoError on failure."""
    from zhoubao.word import pdf

    return pdf.to_pdf(docx_path, pdf_path, timeout, engine, replace=replace)
