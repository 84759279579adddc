"""Shared fixtures: a fresh issue in a temporary folder, and two ways to run the CLI.

One code under test: in-process tests import zhoubao from this tree, and every subprocess the tests
start (`python -m zhoubao`, `python -c …`, the example scripts) has the tree first on PYTHONPATH, so
a regular (non-editable) install beside it is never what a subprocess runs.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import TypeVar

import pytest


def _bytecode_in_a_temporary_folder() -> str | None:
    """With PYTHONDONTWRITEBYTECODE set, every test process and every `python -m zhoubao` the tests
    start would compile zhoubao (and pytest rewrite the test modules) again: hundreds of times a run.
    Bytecode is written instead to a folder of this run's own (PYTHONPYCACHEPREFIX, which the test
    processes and their children inherit), removed at the end: the source tree stays as clean as
    the setting wants it. The folder made here (removed when this process ends), or None."""
    if not sys.dont_write_bytecode or os.environ.get("PYTHONPYCACHEPREFIX"):
        return None
    import atexit
    import tempfile

    folder = tempfile.mkdtemp(prefix="zhoubao-tests-pycache-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)  # by the process that made it
    os.environ["PYTHONPYCACHEPREFIX"] = folder
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    sys.pycache_prefix = folder
    sys.dont_write_bytecode = False
    return folder


PYCACHE = _bytecode_in_a_temporary_folder()


from click.testing import CliRunner  # noqa: E402  (compiled into the folder above)
from hypothesis import settings  # noqa: E402

import zhoubao  # noqa: E402
from zhoubao import edits  # noqa: E402
from zhoubao.cli import run as run_cli  # noqa: E402

T = TypeVar("T")
ROOT = Path(__file__).resolve().parent.parent
if Path(zhoubao.__file__).resolve().parent != ROOT / "zhoubao":
    raise pytest.UsageError(f"the tests import zhoubao from {zhoubao.__file__}, not from the tree under test {ROOT}")
# Every subprocess of the tests imports the tree under test first (a child inherits os.environ).
os.environ["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])

# Property tests: no deadline (a loaded two-core machine makes any example slow now and then); in CI
# (CI=true) the same examples every run and no example database written into the clone.
settings.register_profile("default", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True, database=None, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "default")
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
    """The command that runs the tree under test: `python -m zhoubao` (PYTHONPATH: this tree first)."""
    return [sys.executable, "-m", "zhoubao"]


def script_env(**extra: str) -> dict[str, str]:
    """A bare environment for a shell script of examples/: the system's PATH, $ZHOUBAO running this tree."""
    return {
        "ZHOUBAO": " ".join(zhoubao_exe()),
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": os.environ["PYTHONPATH"],
        # bytecode where every other child of the tests keeps it (_bytecode_in_a_temporary_folder)
        **{name: value for name, value in os.environ.items() if name == "PYTHONPYCACHEPREFIX"},
        **extra,
    }


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
        env=script_env(),
    )
    assert done.returncode == 0, done.stderr


# A writer that adds entries without end, and at its `stop`-th write of a file (os.write of more than
# a lock record's few bytes: the temp file of an edit, or the backup) writes half, says so on stdout
# and waits to be killed there.
STOPPING_WRITER = """
import os, sys, time
from pathlib import Path
from zhoubao import edits
path, tag, stop = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
real_write, seen = os.write, 0
def write(fd, data):
    global seen
    if fd > 2 and len(data) > 256:
        seen += 1
        if seen == stop:
            real_write(fd, bytes(data[: len(data) // 2]))
            print("half written", flush=True)
            time.sleep(600)
    return real_write(fd, data)
os.write = write
for i in range(100_000):
    edits.add_news(path, "服务效能", f"第{tag}-{i}条。")
"""


def kill_mid_write(issue: Path, stop: int, tag: str) -> bytes:
    """Start a writer adding entries `第{tag}-{i}条。` to `issue`; SIGKILL it when its `stop`-th file
    write is half done (synchronised on the writer saying so, never on a clock). Returns the issue
    file's bytes as they were at that moment: what a reader must still find after the kill."""
    import signal

    proc = subprocess.Popen(
        [sys.executable, "-c", STOPPING_WRITER, str(issue), tag, str(stop)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None
        said = proc.stdout.readline()
        assert said.strip() == "half written", f"the writer ended before its write {stop}: {said!r}"
        before = issue.read_bytes()
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL  # killed in the write, not finished
    return before


def python_lines(action: Callable[[], T]) -> tuple[T, int]:
    """`action()` and the number of lines of zhoubao's Python it ran: work counted, not timed, so
    a test can bound how work grows with its input on any machine (speed itself lives in bench/)."""
    package = str(ROOT / "zhoubao")
    count = 0

    def in_zhoubao(frame: FrameType, event: str, arg: object):
        nonlocal count
        if event == "line":
            count += 1
        return in_zhoubao

    def on_call(frame: FrameType, event: str, arg: object):
        return in_zhoubao if frame.f_code.co_filename.startswith(package) else None

    previous = sys.gettrace()
    sys.settrace(on_call)
    try:
        result = action()
    finally:
        sys.settrace(previous)
    return result, count


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


@contextlib.contextmanager
def one_process_at_a_time(lock: Path) -> Iterator[None]:
    """Hold the file `lock` against the other test processes (pytest-xdist's workers): flock on
    POSIX, msvcrt on Windows."""
    with open(lock, "a+b") as handle:
        if sys.platform == "win32":
            import msvcrt

            while True:
                try:  # LK_LOCK tries for ten seconds, then raises
                    msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK, 1)
                    break
                except OSError:
                    continue
            try:
                yield
            finally:
                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


PREVIEW_WAIT = 900  # seconds a test process waits for a preview another one is making


@pytest.fixture(scope="session")
def previews(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Sequence[Path]], list[Path]]:
    """The PDF previews of .docx files, made together and once per test run for the same bytes.

    LibreOffice takes seconds to start and about one more for each file, so the files a module
    measures go to `pdf.to_pdfs` in one call. The test processes (pytest-xdist's workers) share the
    previews in a folder beside their own: under a lock each claims the files nobody has made or
    is making, converts those, and waits for the ones another process claimed."""
    import hashlib
    import time

    from zhoubao.word import pdf

    base = tmp_path_factory.getbasetemp()
    folder = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "previews"
    folder.mkdir(exist_ok=True)

    def _previews(docxs: Sequence[Path]) -> list[Path]:
        keys = [hashlib.sha256(docx.read_bytes()).hexdigest()[:16] for docx in docxs]
        with one_process_at_a_time(folder / "lock"):
            mine = {
                key: docx for key, docx in zip(keys, docxs, strict=True) if not (folder / f"{key}.claimed").exists()
            }
            for key in mine:
                (folder / f"{key}.claimed").touch()
        if mine:
            sources = []
            for key, docx in mine.items():  # one name per file: LibreOffice names its output after it
                shutil.copyfile(docx, folder / f"{key}.docx")
                sources.append((folder / f"{key}.docx", folder / f"{key}.pdf"))
            try:
                pdf.to_pdfs(sources, timeout=120 + 60 * len(sources))
            except Exception as e:
                for key in mine:
                    (folder / f"{key}.failed").write_text(f"{type(e).__name__}: {e}", encoding="utf-8")
                raise
        deadline = time.monotonic() + PREVIEW_WAIT
        for key in keys:  # the ones another process claimed
            while not (folder / f"{key}.pdf").exists():
                failed = folder / f"{key}.failed"
                if failed.exists():
                    pytest.fail(f"the preview another test process made failed: {failed.read_text(encoding='utf-8')}")
                if time.monotonic() > deadline:
                    pytest.fail(f"no preview of {key} after {PREVIEW_WAIT} s")
                time.sleep(0.1)
        return [folder / f"{key}.pdf" for key in keys]

    return _previews


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
