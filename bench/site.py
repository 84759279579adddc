"""A year of 52 issues as a web site: `zhoubao render FILES... --html -d SITE` in one process
(52 pages and index.html) against 52 runs of `pandoc BULLETIN.docx -o x.html` on the same
bulletin (the .docx zhoubao writes of the seed issue), the way a clerk might script the web
version without zhoubao.

Both are timed as whole commands, wall clock, alternately, median of a few repeats.
    python bench/site.py [--runs 3]
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.commands import zhoubao_cmd  # noqa: E402
from bench.year import ISSUES, run_against_pandoc, year_of_issues  # noqa: E402


def measure(runs: int) -> dict[str, float] | None:
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        issues = year_of_issues(folder)
        site = folder / "site"
        bulletin = folder / "bulletin.docx"
        subprocess.run(
            [*zhoubao_cmd(), "render", "-f", str(issues[32]), "-o", str(bulletin)],
            check=True,
            stderr=subprocess.DEVNULL,
        )
        ours, theirs = [], []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run(
                [*zhoubao_cmd(), "render", *map(str, issues), "--html", "-d", str(site)],
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            ours.append(time.perf_counter() - start)
            start = time.perf_counter()
            for n in range(ISSUES):
                subprocess.run([pandoc, str(bulletin), "-o", str(folder / f"x{n}.html")], check=True)
            theirs.append(time.perf_counter() - start)
        assert len(list(site.glob("*.html"))) == ISSUES + 1
    o, t = statistics.median(ours), statistics.median(theirs)
    return {"zhoubao_s": o, "pandoc_s": t, "ratio": o / t}


def main() -> None:
    run_against_pandoc(
        __doc__ or "", measure, "zhoubao, 52 issues to a site, one process", "pandoc, 52 runs .docx -> .html"
    )


if __name__ == "__main__":
    main()
