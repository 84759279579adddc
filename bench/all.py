"""Every benchmark in one table: `python bench/all.py` (--quick: fewer repeats; --instructions:
also the whole commands' instruction counts under valgrind, see bench/commands.py).

| measure | zhoubao | floor / rival | ratio | goal |
Whole commands (fresh processes, start-up and imports included) against their yardsticks, also
run as processes (bench/commands.py); renders in-process against a plain python-docx script
(bench/render.py); the year of issues as whole commands against 52 pandoc runs (bench/year.py), and
the same year as a web site against 52 pandoc runs .docx → .html (bench/site.py).
Run it with the Python of the environment where zhoubao is installed: the commands are that
environment's `zhoubao` script.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import commands, render, site, year  # noqa: E402


def _first_line(path: str, prefix: str) -> str | None:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(prefix):
                return line.split(prefix, 1)[1].strip(' :=\t"')
    except OSError:
        pass
    return None


def machine() -> str:
    cpu = _first_line("/proc/cpuinfo", "model name") or "unknown CPU"
    memory = _first_line("/proc/meminfo", "MemTotal")
    memory = f"{round(int(memory.split()[0]) / 1024 / 1024)} GiB, " if memory else ""
    system = _first_line("/etc/os-release", "PRETTY_NAME")
    system = f"{platform.system()} {platform.release().split('-')[0]}" + (f" ({system})" if system else "")
    pandoc = shutil.which("pandoc")
    if pandoc:
        pandoc = subprocess.run([pandoc, "--version"], capture_output=True, text=True).stdout.split("\n")[0]
    return f"{cpu}, {os.cpu_count()} cores, {memory}Python {platform.python_version()}, {system}" + (
        f", {pandoc}" if pandoc else ""
    )


def install() -> str:
    """Where the commands' zhoubao comes from: a regular install or a source tree (editable)."""
    where = subprocess.run(
        [sys.executable, "-c", "import zhoubao; print(zhoubao.__file__)"],
        cwd=tempfile.gettempdir(),
        capture_output=True,
        text=True,
    ).stdout.strip()
    kind = "regular install" if "site-packages" in where else "editable install / source tree"
    return f"zhoubao: {kind} ({Path(where).parent})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="also count the whole commands' instructions under valgrind (steady on a busy machine)",
    )
    args = parser.parse_args()
    quick = args.quick
    rows = []
    r = commands.render_pair(15 if quick else 40)
    rows.append(
        (
            "render seed (whole command)",
            f"{r['ours_ms']:.1f} ms",
            f"{r['floor_ms']:.1f} ms python plain_script.py",
            r["ratio"],
            "<= 1.2",
        )
    )
    e = commands.edit_pair(15 if quick else 40)
    rows.append(
        (
            "add-news (whole command)",
            f"{e['ours_ms']:.1f} ms",
            f"{e['floor_ms']:.1f} ms python+click+tomlkit",
            e["ratio"],
            "<= 1.3",
        )
    )
    if args.instructions and shutil.which("valgrind"):
        for name, pair, floor_name, goal in (
            ("render seed, instructions", commands.render_pair, "plain_script.py", "<= 1.2"),
            ("add-news, instructions", commands.edit_pair, "python+click+tomlkit", "<= 1.3"),
        ):
            c = pair(0, count=True)
            rows.append(
                (name, f"{c['ours_minstr']:.0f} M", f"{c['floor_minstr']:.0f} M {floor_name}", c["ratio"], goal)
            )
    with tempfile.TemporaryDirectory() as tmp:
        seed = Path(tmp) / "2022-33.toml"
        shutil.copy(ROOT / "examples" / "2022-33.toml", seed)
        floor, ours = render.compare(seed, 7 if quick else 15)
        rows.append(
            (
                "render seed, in-process",
                f"{ours * 1000:.1f} ms",
                f"{floor * 1000:.1f} ms python-docx script",
                ours / floor,
                "<= 1.3",
            )
        )
        big = render.scaled_issue(50, Path(tmp))
        floor, ours = render.compare(big, 3 if quick else 7)
        rows.append(
            (
                "render 50x, in-process",
                f"{ours * 1000:.1f} ms",
                f"{floor * 1000:.1f} ms python-docx script",
                ours / floor,
                "<= 1.5",
            )
        )
    y = year.measure(1 if quick else 3)
    if y is None:
        rows.append(("52 issues, one process", "-", "pandoc not installed", float("nan"), "< 1.0"))
    else:
        rows.append(
            (
                "52 issues, one process",
                f"{y['zhoubao_s']:.2f} s",
                f"{y['pandoc_s']:.2f} s 52x pandoc",
                y["ratio"],
                "< 1.0",
            )
        )
    s = site.measure(1 if quick else 3)
    if s is None:
        rows.append(("52 issues to a site", "-", "pandoc not installed", float("nan"), "< 1.0"))
    else:
        rows.append(
            (
                "52 issues to a site",
                f"{s['zhoubao_s']:.2f} s",
                f"{s['pandoc_s']:.2f} s 52x pandoc .docx→.html",
                s["ratio"],
                "< 1.0",
            )
        )
    print(f"machine: {machine()}")
    print(install())
    print()
    print(f"| {'measure':27} | {'zhoubao':>10} | {'floor / rival':37} | {'ratio':>6} | goal   |")
    print(f"|{'-' * 29}|{'-' * 12}|{'-' * 39}|{'-' * 8}|--------|")
    for name, ours_text, rival, ratio, goal in rows:
        print(f"| {name:27} | {ours_text:>10} | {rival:37} | {ratio:6.2f} | {goal:6} |")


if __name__ == "__main__":
    main()
