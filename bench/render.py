"""Render speed against the floor: a plain python-docx script writing the same paragraphs.

The floor (bench/plain_docx.py) gets the outline's paragraphs as ready-made text (no TOML, no
compose) and writes each with the same run formatting zhoubao uses (East Asian font, size, bold,
colour, exact line spacing, first-line indent) into python-docx's default document, then saves
it. zhoubao's side is the whole render: read the issue file, compose, write the .docx bytes.
Both run in this process, alternately, and the medians are compared (bench/commands.py times
the same pair as whole processes, start-up and imports included).

    python bench/render.py [--runs 15] [--scale 50]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
import tomllib
from pathlib import Path

import tomlkit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.plain_docx import floor_render  # noqa: E402
from zhoubao import store  # noqa: E402
from zhoubao.compose import compose  # noqa: E402
from zhoubao.outline import Distribution, Heading, Masthead, Paragraph, PartTitle  # noqa: E402
from zhoubao.word import render_docx  # noqa: E402


def scaled_issue(factor: int, folder: Path) -> Path:
    """The seed issue with every entry repeated `factor` times (a long issue)."""
    data = tomllib.loads((ROOT / "examples" / "2022-33.toml").read_text(encoding="utf-8"))
    next_id = 1
    for top in data["section"]:
        for section in [top, *top.get("sub", [])]:
            if "entry" in section:
                rows = []
                for _ in range(factor):
                    for entry in section["entry"]:
                        rows.append({**entry, "id": next_id})
                        next_id += 1
                section["entry"] = rows
    path = folder / f"seed-x{factor}.toml"
    path.write_text(tomlkit.dumps(data), encoding="utf-8")
    return path


def floor_paragraphs(issue_path: Path) -> list[tuple[str, list[tuple[str, str]], int, str | None]]:
    """(alignment, runs as (text, style), size in half-points, colour) for every paragraph."""
    outline = compose(store.load_issue(issue_path))
    out = []
    for block in outline.blocks:
        if isinstance(block, Masthead):
            out.append(("center", [(block.name, "body")], 84, "FF0000"))
            out += [("center", [(line, "body")], 32, None) for line in block.issue_lines]
            out.append(("left", [(f"{block.unit}\t{block.date}", "body")], 28, None))
        elif isinstance(block, PartTitle):
            out.append(("center", [(block.title, "body")], 44, None))
            out.append(("center", [(block.subtitle, "kai")], 32, None))
        elif isinstance(block, Heading):
            out.append(("justify", [(block.text, "hei" if block.level == 1 else "kai")], 32, None))
        elif isinstance(block, Paragraph):
            out.append(("justify", [(r.text, r.style) for r in block.runs], 32, None))
        elif isinstance(block, Distribution):
            out += [("left", [(f"{line.label}：{line.text}", "body")], 28, None) for line in block.lines]
            out.append(("right", [(block.copies, "body")], 28, None))
    return out


def zhoubao_render(issue_path: Path) -> bytes:
    return render_docx(compose(store.load_issue(issue_path)))


def compare(issue_path: Path, runs: int) -> tuple[float, float]:
    paragraphs = floor_paragraphs(issue_path)
    floor_render(paragraphs), zhoubao_render(issue_path)  # warm caches and imports alike
    floor, ours = [], []
    for _ in range(runs):
        start = time.perf_counter()
        floor_render(paragraphs)
        floor.append(time.perf_counter() - start)
        start = time.perf_counter()
        zhoubao_render(issue_path)
        ours.append(time.perf_counter() - start)
    return statistics.median(floor), statistics.median(ours)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--scale", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        seed = Path(tmp) / "2022-33.toml"
        shutil.copy(ROOT / "examples" / "2022-33.toml", seed)
        for label, path in (("seed issue", seed), (f"{args.scale}x issue", scaled_issue(args.scale, Path(tmp)))):
            floor, ours = compare(path, args.runs)
            print(
                f"{label:12}  floor {floor * 1000:8.1f} ms   zhoubao {ours * 1000:8.1f} ms   "
                f"ratio {ours / floor:.2f}x  (goal <= 1.5x)"
            )


if __name__ == "__main__":
    main()
