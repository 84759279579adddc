"""Every benchmark in one table: `python bench/all.py` (add --quick for fewer repeats).

| measure | zhoubao | floor / rival | ratio | goal |
The edit is timed as whole commands; renders in-process against a plain python-docx script;
the year of issues as whole commands against 52 pandoc runs.
"""
from __future__ import annotations

import argparse
import platform
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import edit, render, year  # noqa: E402


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import os

    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()} {platform.release()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    quick = parser.parse_args().quick
    rows = []
    e = edit.measure(10 if quick else 30)
    rows.append(("add-news (whole command)", f"{e['edit_ms']:.1f} ms", f"{e['floor_ms']:.1f} ms python+click+tomlkit",
                 e["ratio"], "<= 1.5"))
    with tempfile.TemporaryDirectory() as tmp:
        seed = Path(tmp) / "2022-33.toml"
        shutil.copy(ROOT / "examples" / "2022-33.toml", seed)
        floor, ours = render.compare(seed, 7 if quick else 15)
        rows.append(("render seed issue", f"{ours * 1000:.1f} ms", f"{floor * 1000:.1f} ms python-docx script",
                     ours / floor, "<= 1.3"))
        big = render.scaled_issue(50, Path(tmp))
        floor, ours = render.compare(big, 3 if quick else 7)
        rows.append(("render 50x issue", f"{ours * 1000:.1f} ms", f"{floor * 1000:.1f} ms python-docx script",
                     ours / floor, "<= 1.5"))
    y = year.measure(1 if quick else 3)
    if y is None:
        rows.append(("52 issues, one process", "-", "pandoc not installed", float("nan"), "< 1.0"))
    else:
        rows.append(("52 issues, one process", f"{y['zhoubao_s']:.2f} s", f"{y['pandoc_s']:.2f} s 52x pandoc",
                     y["ratio"], "< 1.0"))
    print(f"machine: {machine()}")
    print(f"| {'measure':26} | {'zhoubao':>10} | {'floor / rival':34} | {'ratio':>6} | goal   |")
    print(f"|{'-' * 28}|{'-' * 12}|{'-' * 36}|{'-' * 8}|--------|")
    for name, ours_text, rival, ratio, goal in rows:
        print(f"| {name:26} | {ours_text:>10} | {rival:34} | {ratio:6.2f} | {goal:6} |")


if __name__ == "__main__":
    main()
