"""Measuring a PDF preview: where the full-width rules and the text lines of each page lie.

Pages are rasterised with poppler's `pdftoppm -gray` into PGM (read here with the standard
library) and the text boxes come from `pdftotext -bbox-layout`; positions are in millimetres
from the top of the page.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

MM_PER_INCH = 25.4
DARK = 160  # a grey value below this is ink
INK = bytes(range(DARK))  # the grey values of ink, for counting a row's ink with bytes.translate


@dataclass
class Page:
    width: int
    height: int
    dpi: int
    pixels: bytes

    def mm(self, px: float) -> float:
        return px * MM_PER_INCH / self.dpi

    def px(self, mm: float) -> int:
        return round(mm * self.dpi / MM_PER_INCH)

    def dark(self, x: int, y: int) -> bool:
        return self.pixels[y * self.width + x] < DARK

    def rules(self, left_mm: float = 28, right_mm: float = 26, cover: float = 0.95) -> list[tuple[float, float]]:
        """Horizontal rules spanning the text block (`cover` of its width): (top, bottom) in mm."""
        x0, x1 = self.px(left_mm), self.width - self.px(right_mm)
        rows = []
        for y in range(self.height):
            row = self.pixels[y * self.width + x0 : y * self.width + x1]
            if len(row) - len(row.translate(None, INK)) >= cover * (x1 - x0):  # the row's ink
                rows.append(y)
        found: list[tuple[float, float]] = []
        start = prev = None
        for y in rows:
            if start is None:
                start = prev = y
            elif y == prev + 1:
                prev = y
            else:
                found.append((self.mm(start), self.mm(prev + 1)))
                start = prev = y
        if start is not None:
            found.append((self.mm(start), self.mm(prev + 1)))
        return found


def _read_pgm(path: Path, dpi: int) -> Page:
    data = path.read_bytes()
    match = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    assert match, f"not a binary PGM: {path}"
    width, height = int(match.group(1)), int(match.group(2))
    return Page(width, height, dpi, data[match.end() : match.end() + width * height])


def page_count(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True, timeout=60).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))  # type: ignore[union-attr]


def pages(pdf: Path, dpi: int = 100, first: int | None = None, last: int | None = None) -> list[Page]:
    """The pages (or pages `first` to `last`) as grey pixels."""
    span = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
    with tempfile.TemporaryDirectory() as work:
        subprocess.run(["pdftoppm", "-gray", "-r", str(dpi), *span, str(pdf), f"{work}/p"], check=True, timeout=120)
        return [_read_pgm(path, dpi) for path in sorted(Path(work).glob("p-*.pgm"), key=lambda p: int(p.stem[2:]))]


@dataclass
class Line:
    page: int
    top: float  # mm from the top of the page
    bottom: float
    left: float
    text: str


def text_lines(pdf: Path) -> list[Line]:
    """Every text line of the PDF with its box, in reading order."""
    out = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    lines: list[Line] = []
    pt = MM_PER_INCH / 72
    for number, page in enumerate(re.findall(r"<page .*?</page>", out, re.S), 1):
        for line in re.findall(r"<line (.*?)>(.*?)</line>", page, re.S):
            box = dict(re.findall(r'(\w+)="([\d.]+)"', line[0]))
            words = re.findall(r"<word [^>]*>(.*?)</word>", line[1])
            lines.append(
                Line(number, float(box["yMin"]) * pt, float(box["yMax"]) * pt, float(box["xMin"]) * pt, "".join(words))
            )
    return lines
