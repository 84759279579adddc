"""Edit latency: `zhoubao add-news` against the floor `python -c "import click, tomlkit"`.

Runs each command N times alternately (so machine noise hits both alike) and prints the medians
and their ratio. The issue file is a copy of the seed example, so the edit parses and writes a
real week's file.  Usage: python bench/edit.py [--runs 30]
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def zhoubao_cmd() -> list[str]:
    exe = Path(sys.executable).parent / "zhoubao"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "zhoubao"]


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def measure(runs: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        issue = Path(tmp) / "2022-33.toml"
        shutil.copy(ROOT / "examples" / "2022-33.toml", issue)
        floor_cmd = [sys.executable, "-c", "import click, tomlkit"]
        edit_cmd = [*zhoubao_cmd(), "add-news", "-f", str(issue), "--section", "服务效能", "--date", "2022-09-29",
                    "窗口工作人员主动服务，企业表示满意。"]
        timed(floor_cmd), timed(edit_cmd)  # warm the file cache
        floor, edit = [], []
        for _ in range(runs):
            floor.append(timed(floor_cmd))
            edit.append(timed(edit_cmd))
    f, e = statistics.median(floor), statistics.median(edit)
    return {"floor_ms": f * 1000, "edit_ms": e * 1000, "ratio": e / f}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    result = measure(parser.parse_args().runs)
    print(f"python + click + tomlkit floor: {result['floor_ms']:.1f} ms (median)")
    print(f"zhoubao add-news:               {result['edit_ms']:.1f} ms (median)")
    print(f"ratio:                          {result['ratio']:.2f}x  (goal <= 1.5x)")


if __name__ == "__main__":
    main()
