"""The writer: outline → .docx on the official page of docs/format.md, and the PDF preview.

    layout.py   layout numbers and font sets (data; no python-docx)
    writer.py   outline → .docx
    ooxml.py    the one module that builds raw WordprocessingML
    pdf.py      .docx → PDF with LibreOffice, for a preview

The functions below are the package's API. Only `layout` is imported with the package: `check`
and `kinds` read layout numbers without paying for python-docx.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from zhoubao.word.layout import LAYOUT, Layout, font_set_name, resolve_layout

if TYPE_CHECKING:
    from zhoubao.outline import Outline

__all__ = ["LAYOUT", "Layout", "font_set_name", "page_count", "render_docx", "resolve_layout", "to_pdf",
           "write_docx"]


def render_docx(outline: Outline) -> bytes:
    """The .docx of `outline` as bytes; the same outline always gives the same bytes."""
    from zhoubao.word import writer

    return writer.render_docx(outline)


def write_docx(outline: Outline, path: str | Path) -> None:
    """Write the .docx of `outline` to `path` (replaced whole, never left half-written)."""
    from zhoubao.word import writer

    writer.write_docx(outline, path)


def page_count(outline: Outline) -> int:
    """Pages the bulletin takes, as the line-counting pager places it (for length limits)."""
    from zhoubao.word import writer

    return writer.page_count(outline)


def to_pdf(docx_path: str | Path, pdf_path: str | Path, timeout: float = 120) -> Path:
    """Convert a .docx to a PDF preview with LibreOffice; a Chinese ZhoubaoError on failure."""
    from zhoubao.word import pdf

    return pdf.to_pdf(docx_path, pdf_path, timeout)
