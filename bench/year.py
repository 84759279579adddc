"""A year of 52 issues: `zhoubao render FILES... -d DIR` in one process against 52 runs of
`pandoc seed.md -o x.docx` (the tool a clerk might script instead) on the same content.

Both are timed as whole commands, wall clock, median of a few repeats.
    python bench/year.py [--runs 3]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.commands import zhoubao_cmd  # noqa: E402
from zhoubao import store  # noqa: E402
from zhoubao.compose import compose  # noqa: E402
from zhoubao.outline import Distribution, Heading, Masthead, Paragraph, PartTitle  # noqa: E402

ISSUES = 52


def seed_markdown() -> str:
    """The seed bulletin's text as Markdown, the way pandoc would be fed it."""
    outline = compose(store.load_issue(ROOT / "examples" / "2022-33.toml"))
    lines: list[str] = []
    for block in outline.blocks:
        if isinstance(block, Masthead):
            lines += [f"# {block.name}", "", *block.issue_lines, "", f"{block.unit}　{block.date}", ""]
        elif isinstance(block, PartTitle):
            lines += [f"## {block.title}", "", block.subtitle, ""]
        elif isinstance(block, Heading):
            lines += [f"{'###' if block.level == 1 else '####'} {block.text}", ""]
        elif isinstance(block, Paragraph):
            lines += [block.text, ""]
        elif isinstance(block, Distribution):
            lines += [f"{line.label}：{line.text}" for line in block.lines] + ["", block.copies]
    return "\n".join(lines)


def year_of_issues(folder: Path) -> list[Path]:
    text = (ROOT / "examples" / "2022-33.toml").read_text(encoding="utf-8")
    paths = []
    for n in range(1, ISSUES + 1):
        path = folder / f"2022-{n:02d}.toml"
        path.write_text(
            text.replace("number = 33", f"number = {n}").replace("total = 408", f"total = {375 + n}"), encoding="utf-8"
        )
        paths.append(path)
    return paths


def measure(runs: int) -> dict[str, float] | None:
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        issues = year_of_issues(folder)
        outdir = folder / "out"
        outdir.mkdir()
        markdown = folder / "seed.md"
        markdown.write_text(seed_markdown(), encoding="utf-8")
        ours, theirs = [], []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run(
                [*zhoubao_cmd(), "render", *map(str, issues), "-d", str(outdir)],
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            ours.append(time.perf_counter() - start)
            start = time.perf_counter()
            for n in range(ISSUES):
                subprocess.run([pandoc, str(markdown), "-o", str(folder / f"x{n}.docx")], check=True)
            theirs.append(time.perf_counter() - start)
    o, t = statistics.median(ours), statistics.median(theirs)
    return {"zhoubao_s": o, "pandoc_s": t, "ratio": o / t}


def run_against_pandoc(doc: str, measure: Callable[[int], dict | None], ours: str, theirs: str) -> None:
    """The command line of a one-process-against-52-pandoc-runs benchmark (this one and site.py)."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    result = measure(parser.parse_args().runs)
    if result is None:
        print("pandoc not installed (apt-get install pandoc)")
        return
    width = max(len(ours), len(theirs)) + 1
    print(f"{ours + ':':<{width}} {result['zhoubao_s']:.2f} s")
    print(f"{theirs + ':':<{width}} {result['pandoc_s']:.2f} s")
    print(f"ratio: {result['ratio']:.2f}  (goal < 1.0)")


def main() -> None:
    run_against_pandoc(__doc__ or "", measure, "zhoubao, 52 issues, one process", "pandoc, 52 runs")


if __name__ == "__main__":
    main()
