"""The yardstick for rendering: a plain python-docx script, what a person would write by hand.

It writes given paragraphs with the same run formatting zhoubao uses (East Asian font, size,
bold, colour, exact line spacing, first-line indent) into python-docx's default document and
saves it. It imports nothing but python-docx and the standard library, so it can run as its own
process:

- bench/render.py imports `floor_render` and times it in-process;
- bench/commands.py writes a copy of this file with PARAGRAPHS filled in (the seed bulletin's
  paragraphs as a Python literal) and runs `python plain_script.py OUT.docx` as a whole process.
"""

from __future__ import annotations

import io
import sys

from docx import Document
from docx.enum.text import WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

FONTS = {"body": "仿宋_GB2312", "bold": "仿宋_GB2312", "kai": "楷体_GB2312", "hei": "黑体"}

# (alignment, runs as (text, style), size in half-points, colour) for every paragraph.
PARAGRAPHS: list = []  # bench/commands.py replaces this line with the seed's paragraphs


def floor_render(paragraphs) -> bytes:
    """What a person would write with python-docx alone for the same paragraphs and runs."""
    document = Document()
    align = {"center": 1, "left": 0, "right": 2, "justify": 3}
    for alignment, runs, size, colour in paragraphs:
        paragraph = document.add_paragraph()
        fmt = paragraph.paragraph_format
        fmt.alignment = align[alignment]
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(28.95)
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.first_line_indent = Pt(32)
        for text, style in runs:
            run = paragraph.add_run(text)
            run.font.size = Pt(size / 2)
            run.font.name = "Times New Roman"
            run.font.bold = style == "bold"
            if colour:
                run.font.color.rgb = RGBColor.from_string(colour)
            run._element.rPr.rFonts.set(qn("w:eastAsia"), FONTS[style])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


if __name__ == "__main__":
    with open(sys.argv[1], "wb") as out:
        out.write(floor_render(PARAGRAPHS))
