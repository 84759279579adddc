"""Shared fixtures: a fresh issue in a temporary folder, and two ways to run the CLI."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from zhoubao import edits
from zhoubao.cli import run as run_cli

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
# Test data kept in the repository: the tests need nothing beside it.
DATA = Path(__file__).resolve().parent / "data"
# The optional independent auditor: shared/tools/audit_docx.py beside the repository (as in CI), or
# wherever ZHOUBAO_SHARED points. Without it the audit is skipped, visibly; the project's own layout
# checks (tests/layout_checks.py) run either way.
SHARED = Path(os.environ.get("ZHOUBAO_SHARED", ROOT.parent / "shared"))
AUDIT = SHARED / "tools" / "audit_docx.py"
AUDIT_MISSING = (
    f"shared/tools/audit_docx.py not found beside the repository ({AUDIT}): layout audit not run "
    "(CI runs it; set ZHOUBAO_SHARED to run it here). The project's own layout checks still ran."
)


def audit(path: Path) -> str:
    """The independent checker's verdict on a .docx: its last line, e.g. `0 deviations`.

    Skips the calling test, saying why, when the checker is not there. Call it after the test's
    own assertions (tests/layout_checks.py), so that those run with or without the checker.
    """
    if not AUDIT.exists():
        pytest.skip(AUDIT_MISSING)
    done = subprocess.run([sys.executable, str(AUDIT), str(path)], capture_output=True, text=True, timeout=60)
    return (done.stdout.strip().splitlines() or [done.stderr.strip()])[-1]


def zhoubao_exe() -> list[str]:
    """The installed console script beside this Python, else `python -m zhoubao`."""
    exe = Path(sys.executable).parent / "zhoubao"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "zhoubao"]


def run(*args: str, cwd: Path | None = None, input: str | None = None, env: dict | None = None):
    """Run the real executable in a subprocess, as a clerk's shell or a batch script would."""
    return subprocess.run(
        [*zhoubao_exe(), *args],
        cwd=cwd,
        input=input,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=180,
    )


def run_doc_commands(commands: list[str], cwd: Path) -> None:
    """The `zhoubao …` lines of a docs example, each run as the clerk would type it (`a && b` as
    two steps, "quoted text" as one argument); every one must succeed."""
    import re

    for command in commands:
        for step in command.split(" && "):
            args = re.findall(r'"[^"]*"|\S+', step)
            assert args[0] == "zhoubao", step
            r = run(*[a.strip('"') for a in args[1:]], cwd=cwd)
            assert r.returncode == 0, (step, r.stderr)


def run_example_script(name: str, cwd: Path) -> None:
    """One of examples/*.sh run in an empty folder with only the system's PATH and this zhoubao."""
    script = cwd / "build.sh"
    script.write_bytes((EXAMPLES / name).read_bytes())
    done = subprocess.run(
        ["bash", str(script)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env={"ZHOUBAO": " ".join(zhoubao_exe()), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def invoke():
    """Run a command in-process through click's test runner, exactly as `main()` would."""
    runner = CliRunner()

    def _invoke(*args: str, input: str | None = None) -> Result:
        with runner.isolation(input=input) as (out, err, _both):
            code = run_cli(list(args))
        return Result(code, out.getvalue().decode(), err.getvalue().decode())

    return _invoke


@pytest.fixture
def issue(tmp_path: Path) -> Path:
    """A new, empty 窗口工作周报 issue: 2022年第33期."""
    path = tmp_path / "2022-33.toml"
    edits.new_issue(
        path,
        "窗口工作周报",
        number=33,
        total=408,
        date=dt.date(2022, 11, 1),
        period=(dt.date(2022, 9, 26), dt.date(2022, 9, 30)),
    )
    return path


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A copy of the complete seed issue."""
    path = tmp_path / "2022-33.toml"
    shutil.copy(EXAMPLES / "2022-33.toml", path)
    return path
