"""The store under load: concurrent writers, killed writers, and what editing commands import."""

from __future__ import annotations

import random
import subprocess
import sys
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.conftest import kill_mid_write, zhoubao_exe


def _entries(path: Path) -> list[dict]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [e for top in data["section"] for s in [top, *top.get("sub", [])] for e in s.get("entry", [])]


WRITER = """
import sys
from pathlib import Path
from zhoubao import edits
path, tag, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
for i in range(count):
    edits.add_news(path, "服务效能", f"进程{tag}第{i}条。")
"""


def test_four_processes_adding_ten_entries_each_lose_nothing(issue):
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(issue), str(n), "10"]) for n in range(4)]
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0, 0]
    entries = _entries(issue)
    assert len(entries) == 40
    assert len({e["id"] for e in entries}) == 40
    assert {e["text"] for e in entries} == {f"进程{n}第{i}条。" for n in range(4) for i in range(10)}


def test_concurrent_cli_commands_lose_nothing(issue):
    def add(n: int) -> int:
        return subprocess.run(
            [*zhoubao_exe(), "add-news", "-f", str(issue), "--section", "服务效能", f"第{n}条。"],
            capture_output=True,
            timeout=120,
        ).returncode

    with ThreadPoolExecutor(4) as pool:
        assert set(pool.map(add, range(12))) == {0}
    assert len(_entries(issue)) == 12


def test_a_writer_killed_at_random_moments_never_leaves_a_broken_file(issue):
    # killed at a random write, half done (the writer says when), not after a random sleep that a
    # slow machine may spend before the first write
    rng = random.Random(20221101)
    for round_ in range(12):
        before = kill_mid_write(issue, rng.randint(1, 6), tag=f"k{round_}")
        assert issue.read_bytes() == before
        data = tomllib.loads(issue.read_text(encoding="utf-8"))  # must parse, every time
        assert data["issue"]["number"] == 33
        bak = Path(str(issue) + ".bak")
        if bak.exists():
            tomllib.loads(bak.read_text(encoding="utf-8"))
    assert len(_entries(issue)) > 0


def test_editing_commands_do_not_import_docx_lxml_or_jinja2(issue):
    probe = (
        "import sys; from zhoubao.cli import run; "
        f"code = run(['add-news', '-f', {str(issue)!r}, '--section', '服务效能', '甲。']); "
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('docx', 'lxml', 'jinja2', 'rich')); "
        "print(code, heavy)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60).stdout
    assert out.strip() == "0 []"


def test_appending_keeps_comments_with_the_table_they_introduce(issue):
    from zhoubao import edits

    text = issue.read_text(encoding="utf-8")
    text = text.replace(
        '[[section.sub]]\ntype = "entries"\ntitle = "窗口服务效能提升工作情况"',
        '# （二）每周至少两条\n[[section.sub]]\ntype = "entries"\ntitle = "窗口服务效能提升工作情况"',
    )
    issue.write_text(text.rstrip("\n"), encoding="utf-8")  # no newline at the end either
    edits.add_news(issue, "优化营商", "甲。")
    edits.add_news(issue, "服务效能", "乙。")
    edits.inspect(issue, "着装")
    after = issue.read_text(encoding="utf-8")
    assert after.index('text = "甲。"') < after.index("# （二）每周至少两条") < after.index('text = "乙。"')
    assert (
        after.index("# （二）每周至少两条") + len("# （二）每周至少两条\n[[section.sub]]")
        <= after.index('title = "窗口服务效能提升工作情况"') + 30
    )


def test_unusual_headers_fall_back_to_tomlkit_with_the_same_result(issue):
    from zhoubao import edits

    text = issue.read_text(encoding="utf-8").replace("[[section.sub]]", '[["section".sub]]')
    issue.write_text(text, encoding="utf-8")
    edits.add_news(issue, "服务效能", "甲。")
    edits.add_visit(issue, __import__("datetime").date(2022, 9, 28), "单位", "职务", "姓名", "正文。")
    entries = _entries(issue)
    assert [e["text"] for e in entries] == ["甲。", "正文。"]


def test_one_reading_of_a_file_head_decides_which_files_are_issues(issue, monkeypatch):
    """Finding the newest issue, what follows an issue, last year's issue, the next supplement's
    number and the outputs refused all ask the store's one head reader: a .toml without an
    [issue] table is no issue to any of them, and a supplement whose body a clerk broke still
    holds its number."""
    from zhoubao import edits, store

    folder = issue.parent
    text = issue.read_text(encoding="utf-8")
    later = text.replace("number = 33", "number = 34").replace("total = 408", 'total = 409\nprevious = "2022-33.toml"')
    (folder / "2022-34.toml").write_text(later, encoding="utf-8")
    (folder / "notes.toml").write_text('previous = "2022-33.toml"\nyear = 2099\nsupplement = true\n', encoding="utf-8")
    broken = text.replace("number = 33", "number = 3\nsupplement = true") + "\n[[section]\n"
    (folder / "增刊3.toml").write_text(broken, encoding="utf-8")

    assert [path.name for path, _head in store.issues_in(folder)] == ["2022-33.toml", "2022-34.toml", "增刊3.toml"]
    assert store.successor(issue) == folder / "2022-34.toml"
    monkeypatch.chdir(folder)
    monkeypatch.delenv("ZHOUBAO_FILE", raising=False)
    assert store.choose(None)[0].name == "2022-34.toml"
    assert edits.next_supplement_number(folder, 2022) == 4
    assert edits.next_supplement_number(folder, 2099) == 1
    store.refuse_issue_target(folder / "notes.toml", "CSV 文件")  # not an issue: may be written over


def test_without_a_system_lock_an_edit_is_refused_and_nothing_changes(issue, monkeypatch):
    """Every platform zhoubao runs on locks with fcntl or msvcrt; one with neither gets no edit
    without a lock, but a Chinese message, the file as it was and no lock file."""
    import pytest

    from zhoubao import edits
    from zhoubao.errors import ZhoubaoError
    from zhoubao.store import lock

    before = issue.read_bytes()
    monkeypatch.setattr(lock._NativeLock, "_primitive", staticmethod(lambda: None))
    with pytest.raises(ZhoubaoError, match="不提供文件锁"):
        edits.add_news(issue, "服务效能", "甲。")
    assert issue.read_bytes() == before
    assert [p.name for p in issue.parent.iterdir()] == [issue.name]
