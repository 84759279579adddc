"""Whole commands as a user runs them, each against its yardstick, as fresh processes.

Every timing is one `subprocess.run` of a new Python process, wall clock: interpreter start-up,
imports, the work and exit are all included. Each pair runs alternately (A, B, A, B, ...) so
machine noise hits both alike, after one untimed warm-up run of each; the medians and their
ratio are reported.

- render: `zhoubao render -f examples/2022-33.toml -o OUT.docx` against
  `python plain_script.py OUT.docx`, a plain python-docx script (bench/plain_docx.py with the
  seed bulletin's paragraphs written into it as a literal) that writes the same paragraphs with
  the same run formatting.
- add-news: `zhoubao add-news ...` on a fresh copy of the seed issue (copied before every run,
  outside the timing) against `python -c "import click, tomlkit"`.

Both sides of a pair run in the same scratch folder (not the repository, which `python -c`
would put first on sys.path).

On a shared or virtual machine wall-clock medians move by several per cent from one run to the
next. `--instructions` adds a measure that does not: each command runs once under valgrind
(callgrind) and the instructions the whole process executes are counted (PYTHONHASHSEED=0;
the same count on every run to a few parts in a million). Instructions are not time (I/O and
cache misses cost no instructions), but a change that removes start-up work shows in them
however busy the machine is.

    python bench/commands.py [--runs 30] [--instructions]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "2022-33.toml"


def zhoubao_cmd() -> list[str]:
    """The installed console script next to this Python, else `python -m zhoubao`."""
    exe = Path(sys.executable).parent / "zhoubao"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "zhoubao"]


def timed(cmd: list[str], cwd: Path | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd)
    return time.perf_counter() - start


def alternate(
    ours: list[str], floor: list[str], runs: int, cwd: Path, before: Callable[[], None] = lambda: None
) -> dict[str, float]:
    """Medians of `runs` alternating runs of both commands (ms) and ours/floor, both run in `cwd`."""
    before(), timed(ours, cwd), timed(floor, cwd)  # warm the file cache and the bytecode caches
    a, b = [], []
    for _ in range(runs):
        before()
        a.append(timed(ours, cwd))
        b.append(timed(floor, cwd))
    ours_ms, floor_ms = statistics.median(a) * 1000, statistics.median(b) * 1000
    return {"ours_ms": ours_ms, "floor_ms": floor_ms, "ratio": ours_ms / floor_ms}


def instructions(cmd: list[str], cwd: Path) -> int:
    """Instructions the whole process executes, counted by valgrind's callgrind tool."""
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *cmd],
        cwd=cwd,
        env={**os.environ, "PYTHONHASHSEED": "0"},
        capture_output=True,
        text=True,
        check=True,
    )
    return int(re.search(r"Collected : (\d+)", done.stderr).group(1))


def counted(
    ours: list[str], floor: list[str], cwd: Path, before: Callable[[], None] = lambda: None
) -> dict[str, float]:
    """Millions of instructions of one run of each command and ours/floor (after a warm-up run)."""
    before(), timed(ours, cwd), timed(floor, cwd)
    before()
    a, b = instructions(ours, cwd), instructions(floor, cwd)
    return {"ours_minstr": a / 1e6, "floor_minstr": b / 1e6, "ratio": a / b}


def plain_script(folder: Path) -> Path:
    """bench/plain_docx.py with the seed bulletin's paragraphs filled in: a standalone script."""
    sys.path.insert(0, str(ROOT))
    from bench.render import floor_paragraphs

    source = (ROOT / "bench" / "plain_docx.py").read_text(encoding="utf-8")
    marker = "PARAGRAPHS: list = []"
    assert marker in source
    script = folder / "plain_script.py"
    script.write_text(source.replace(marker, f"PARAGRAPHS = {floor_paragraphs(SEED)!r}", 1), encoding="utf-8")
    return script


def render_pair(runs: int, count: bool = False) -> dict[str, float]:
    """Wall-clock medians of `runs` alternating runs, or (count) instruction counts."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        script = plain_script(folder)
        ours = [*zhoubao_cmd(), "render", "-f", str(SEED), "-o", str(folder / "OUT.docx")]
        floor = [sys.executable, str(script), str(folder / "plain.docx")]
        return counted(ours, floor, folder) if count else alternate(ours, floor, runs, folder)


def edit_pair(runs: int, count: bool = False) -> dict[str, float]:
    """Wall-clock medians of `runs` alternating runs, or (count) instruction counts."""
    with tempfile.TemporaryDirectory() as tmp:
        issue = Path(tmp) / "2022-33.toml"
        ours = [
            *zhoubao_cmd(),
            "add-news",
            "-f",
            str(issue),
            "--section",
            "服务效能",
            "--date",
            "2022-09-29",
            "窗口工作人员主动服务，企业表示满意。",
        ]
        floor = [sys.executable, "-c", "import click, tomlkit"]
        copy = lambda: shutil.copy(SEED, issue)  # noqa: E731
        return counted(ours, floor, Path(tmp), copy) if count else alternate(ours, floor, runs, Path(tmp), copy)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--instructions", action="store_true", help="also count instructions (valgrind)")
    args = parser.parse_args()
    pairs = (
        ("zhoubao render seed", "python plain_script.py (python-docx)", "1.2", render_pair),
        ("zhoubao add-news", 'python -c "import click, tomlkit"', "1.3", edit_pair),
    )
    for name, floor_name, goal, pair in pairs:
        result = pair(args.runs)
        print(
            f"{name:20} {result['ours_ms']:7.1f} ms   {floor_name:38} {result['floor_ms']:7.1f} ms   "
            f"ratio {result['ratio']:.2f}x  (goal <= {goal}x)"
        )
    if args.instructions:
        if shutil.which("valgrind") is None:
            print("valgrind not installed (apt-get install valgrind): no instruction counts")
            return
        for name, floor_name, _goal, pair in pairs:
            result = pair(0, count=True)
            print(
                f"{name:20} {result['ours_minstr']:7.1f} M    {floor_name:38} {result['floor_minstr']:7.1f} M    "
                f"ratio {result['ratio']:.3f}  (instructions)"
            )


if __name__ == "__main__":
    main()
