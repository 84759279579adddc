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

__all__ = ["LAYOUT", "Layout", "font_set_name", "page_count", "render_docx", "resolve_layout", "to_pdf", "write_docx"]


def render_docx(outline: Outline) -> bytes:
    """The .docx of `outline` as bytes; the same outline always gives the same bytes."""
    from zhoubao.word import emit

    return emit.render_docx(outline)


def write_docx(outline: Outline, path: str | Path) -> None:
    """Write the .docx of `outline` to `path`: replaced whole through an exclusive temp file of its
    own (safefiles.write_new_file), never left half-written, never written through a planted name."""
    from zhoubao.safefiles import write_new_file
    from zhoubao.word import emit

    write_new_file(Path(path), emit.render_docx(outline), "Word 文件")


def page_count(outline: Outline) -> int:
    """Pages the bulletin takes, as the pager places it (for length limits); no document is built."""
    from zhoubao.word import boxes, pager

    fmt, items = boxes.build(outline)
    return pager.place(items, fmt.height).count


def to_pdf(docx_path: str | Path, pdf_path: str | Path, timeout: float = 120, engine: str = "auto") -> Path:
    """Convert a .docx to a PDF preview with Microsoft Word (Windows) or LibreOffice; `engine` is
    auto, word or libreoffice. A Chinese ZhoubaoError on failure."""
    from zhoubao.word import pdf

    return pdf.to_pdf(docx_path, pdf_path, timeout, engine)
