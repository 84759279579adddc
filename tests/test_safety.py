"""Safe in a shared folder (docs/safety.md): each attack of the attack run, refused with one Chinese
line, the issue file byte for byte unchanged, nothing written outside the folder."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import threading
import time
import tomllib
from pathlib import Path

import pytest

from tests.conftest import kill_mid_write, run, zhoubao_exe
from zhoubao import edits, safefiles, store, templating
from zhoubao.errors import ZhoubaoError

SECTION = "服务效能"


def one_line_error(result) -> None:
    assert result.exit_code != 0, result.stdout
    assert result.stderr.startswith("错误：") and result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr


# ----------------------------------------------------------------------------- 1. planted temp files


def test_planted_symlinks_at_predictable_temp_names_are_never_written_through(issue, tmp_path, invoke):
    victim = tmp_path / "victim.txt"
    victim.write_text("the other user's file", encoding="utf-8")
    pid_names = [f".{issue.name}.{pid}.tmp" for pid in range(os.getpid() - 5, os.getpid() + 400)]
    pid_names += [f".{issue.name}.{pid}.bak.tmp" for pid in range(os.getpid() - 5, os.getpid() + 400)]
    for name in pid_names:
        (issue.parent / name).symlink_to(victim)
    assert invoke("add-news", "-f", str(issue), "--section", SECTION, "甲。").exit_code == 0
    assert victim.read_text(encoding="utf-8") == "the other user's file"
    assert not issue.is_symlink() and "甲。" in issue.read_text(encoding="utf-8")
    assert invoke("set", "-f", str(issue), "name", "乙周报").exit_code == 0  # the tomlkit path too
    assert victim.read_text(encoding="utf-8") == "the other user's file"
    assert not issue.is_symlink()


def test_temp_files_are_created_exclusively(tmp_path):
    target = tmp_path / "a.toml"
    fd, tmp = safefiles.create_temp(target)
    os.close(fd)
    assert tmp.name.startswith(".a.toml.") and tmp.name.endswith(safefiles.TEMP_SUFFIX)
    with pytest.raises(FileExistsError):
        os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL)
    assert stat.S_IMODE(tmp.stat().st_mode) == 0o600


def test_render_writes_through_an_exclusive_temp_file(example, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep", encoding="utf-8")
    out = tmp_path / "out.docx"
    (tmp_path / ".out.docx.tmp").symlink_to(victim)
    r = run("render", "-f", str(example), "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert victim.read_text(encoding="utf-8") == "keep" and out.stat().st_size > 1000


# ----------------------------------------------------------------------------- 2. the file's nature


def test_a_read_only_issue_file_is_refused_and_unchanged(issue, invoke):
    issue.chmod(0o444)
    before = issue.read_bytes()
    r = invoke("add-news", "-f", str(issue), "--section", SECTION, "甲。")
    one_line_error(r)
    assert "只读" in r.stderr
    assert issue.read_bytes() == before and stat.S_IMODE(issue.stat().st_mode) == 0o444


@pytest.mark.parametrize("mode", [0o600, 0o664, 0o640])
def test_an_edit_keeps_the_file_mode(issue, invoke, mode):
    issue.chmod(mode)
    assert invoke("add-news", "-f", str(issue), "--section", SECTION, "甲。").exit_code == 0
    assert stat.S_IMODE(issue.stat().st_mode) == mode
    assert invoke("remove", "-f", str(issue), "1").exit_code == 0
    assert stat.S_IMODE(issue.stat().st_mode) == mode


@pytest.mark.skipif(not hasattr(os, "chown") or os.geteuid() != 0, reason="changing a file's group needs root")
def test_an_edit_keeps_the_owner_and_group(issue, invoke):
    os.chown(issue, 1234, 4321)
    assert invoke("add-news", "-f", str(issue), "--section", SECTION, "甲。").exit_code == 0
    info = issue.stat()
    assert (info.st_uid, info.st_gid) == (1234, 4321)


def test_a_symlinked_issue_file_is_edited_at_its_target(issue, tmp_path, invoke):
    folder = tmp_path / "shared"
    folder.mkdir()
    link = folder / "current.toml"
    link.symlink_to(issue)
    assert invoke("add-news", "-f", str(link), "--section", SECTION, "甲。").exit_code == 0
    assert link.is_symlink() and os.readlink(link) == str(issue)
    assert "甲。" in issue.read_text(encoding="utf-8")
    assert not list(folder.glob(".*"))  # nothing left beside the link


# ----------------------------------------------------------------------------- 3. templates


TEMPLATE_ATTACKS = [
    "{{ '{0:>999999999}'.format(1) }}",
    "{{ '{0:{1}}'.format(1, 999999999) }}",
    "{{ 'x' * 10**9 }}",
    "{{ [1] * 10**9 }}",
    "{{ 10 ** (10 ** 10) }}",
    "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}",
    "{% for i in range(9999) %}{% for j in range(9999) %}{% endfor %}{% endfor %}",
    "{% for i in range(9999) %}{% for j in range(9999) %}x{% endfor %}{% endfor %}",
    "{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}",
    "{{ '\\ud800' }}",
    "{% set ns = namespace(s='x') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s }}",
    "{% set ns = namespace(s='x') %}{% for i in range(64) %}{% set ns.s = ns.s + ns.s %}{% endfor %}{{ ns.s }}",
    "{{ 'x'|center(999999999) }}",
    "{{ 'x'.ljust(999999999) }}",
    "{{ '%999999999d'|format(1) }}",
    "{{ '%.999999999f' % 1.5 }}",
    "{{ 'a'|indent(999999999) }}",
]


class StepClock:
    """A clock that moves a millisecond each time it is read: the template's time budget becomes a
    budget of work (of its clock checks), the same on any machine."""

    def __init__(self) -> None:
        self.reads = 0

    def monotonic(self) -> float:
        self.reads += 1
        return self.reads / 1000


@pytest.mark.parametrize("template", TEMPLATE_ATTACKS)
def test_templates_are_bounded_in_work_and_size(template, monkeypatch):
    clock = StepClock()
    monkeypatch.setattr(templating, "time", clock)
    monkeypatch.setattr(templating, "TIME_LIMIT", 1.0)
    with pytest.raises(ZhoubaoError) as caught:
        templating.render_template(template, "测试模板", name="甲")
    assert clock.reads <= templating.TIME_LIMIT * 1000 + 2  # stopped at the budget, or before it
    assert "\n" not in caught.value.message and caught.value.message.startswith("测试模板的模板")


def test_ordinary_templates_still_work():
    text = templating.render_template(
        "{{ name }}：{{ '%.2f'|format(3.14159) }}{{ '{:>3}'.format(7) }}"
        "{% for i in range(3) %}{{ i }}{% endfor %}{{ 'ab' * 2 }}{{ 2 ** 10 }}",
        "测试模板",
        name="甲",
    )
    assert text == "甲：3.14  7012abab1024"


def test_a_template_attack_in_an_issue_file_is_one_line_from_render(example, invoke):
    text = example.read_text(encoding="utf-8")
    template = "{{ '{0:>999999999}'.format(1) }}"
    assert 'template = "' in text
    start = text.index('template = "')
    end = text.index("\n", start)
    example.write_text(text[:start] + f'template = "{template}"' + text[end:], encoding="utf-8")
    r = invoke("render", "-f", str(example), "-o", str(example.with_suffix(".docx")))
    one_line_error(r)
    assert "模板" in r.stderr and not example.with_suffix(".docx").exists()


def test_a_column_with_absurd_decimals_is_refused(example, invoke):
    text = example.read_text(encoding="utf-8")
    assert '{name = "受理", unit = "件"' in text
    example.write_text(
        text.replace('{name = "受理", unit = "件"', '{name = "受理", unit = "件", decimals = 100000000', 1),
        encoding="utf-8",
    )
    before = example.read_bytes()
    r = invoke("render", "-f", str(example), "-o", str(example.with_suffix(".docx")))
    one_line_error(r)
    assert "小数位数" in r.stderr
    assert example.read_bytes() == before


# ----------------------------------------------------------------------------- 4. limits before writing


def test_a_huge_news_text_is_refused_before_writing(issue, invoke):
    before = issue.read_bytes()
    r = invoke("add-news", "-f", str(issue), "--section", SECTION, "-", input="长" * 3_000_000)
    one_line_error(r)
    assert issue.read_bytes() == before


def test_an_edit_that_would_make_the_file_too_large_is_refused(issue, invoke):
    assert invoke("add-news", "-f", str(issue), "--section", SECTION, "甲" * 90_000).exit_code == 0
    # the file filled to 200 kB short of the limit by a note (a comment, four bytes a character) in
    # one step, rather than by a score of edits each reading the growing file again
    room = store.MAX_BYTES - issue.stat().st_size - 200_000
    with issue.open("a", encoding="utf-8") as file:
        file.write("# " + "\U00020000" * (room // 4) + "\n")
    assert invoke("show", "-f", str(issue), "--json").exit_code == 0
    r = invoke("add-news", "-f", str(issue), "--section", SECTION, "乙" * 90_000)  # 270 kB more
    one_line_error(r)
    assert "上限" in r.stderr
    assert issue.stat().st_size <= store.MAX_BYTES
    assert invoke("show", "-f", str(issue), "--json").exit_code == 0  # still readable


# ----------------------------------------------------------------------------- 6. unbounded reads


def test_a_fifo_as_issue_file_is_refused_without_waiting(tmp_path, invoke):
    fifo = tmp_path / "a.toml"
    os.mkfifo(fifo)  # opening it for reading would wait for a writer forever: the refusal never opens it
    for args in (["show"], ["add-news", "--section", SECTION, "甲。"], ["render"], ["check"]):
        r = invoke(args[0], "-f", str(fifo), *args[1:])
        assert r.exit_code != 0 and "普通文件" in r.stdout + r.stderr and "Traceback" not in r.stderr


def test_a_fifo_named_like_an_issue_does_not_hang_the_folder_search(issue, monkeypatch, invoke):
    os.mkfifo(issue.parent / "z.toml")
    monkeypatch.chdir(issue.parent)
    assert invoke("show", "--json").exit_code == 0


def test_previous_naming_a_device_is_a_note_not_a_hang(example, invoke):
    text = example.read_text(encoding="utf-8")
    example.write_text(text.replace("[issue]\n", '[issue]\nprevious = "/dev/zero"\n', 1), encoding="utf-8")
    r = invoke("show", "-f", str(example))  # reading /dev/zero would never end: the note says it was not read
    assert r.exit_code == 0 and "/dev/zero" in r.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["add-news", "--section", SECTION, "--text-file", "/dev/zero"],
        ["stats", "--csv", "/dev/zero"],
        ["paragraph", "编者按", "--text-file", "FIFO"],
    ],
)
def test_devices_and_fifos_as_input_files_are_refused_at_once(example, tmp_path, invoke, args):
    fifo = tmp_path / "in.fifo"
    os.mkfifo(fifo)
    before = example.read_bytes()
    r = invoke(args[0], "-f", str(example), *[str(fifo) if a == "FIFO" else a for a in args[1:]])
    one_line_error(r)
    assert "普通文件" in r.stderr
    assert example.read_bytes() == before


def test_a_huge_standard_input_is_read_only_up_to_the_cap(issue):
    before = issue.read_bytes()
    proc = subprocess.Popen(
        [
            *zhoubao_exe(),
            "add-news",
            "-f",
            str(issue),
            "--section",
            SECTION,
            "-",
        ],
        stdin=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    chunk = b"x" * (1024 * 1024)
    try:
        for _ in range(3 * 1024):  # offers 3 GB; the command stops reading after 5 MB
            proc.stdin.write(chunk)
    except BrokenPipeError:
        pass
    proc.stdin.close()
    assert proc.wait(timeout=60) == 1
    assert "过长" in proc.stderr.read().decode()
    assert issue.read_bytes() == before


def test_a_fifo_as_word_file_to_import_is_refused_at_once(tmp_path, invoke):
    fifo = tmp_path / "old.docx"
    os.mkfifo(fifo)
    r = invoke("import", str(fifo))  # opening the FIFO would wait forever: it is refused unopened
    one_line_error(r)
    assert "普通文件" in r.stderr


def test_reads_are_capped(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 2000)
    with pytest.raises(ZhoubaoError):
        safefiles.read_regular(big, 1000, "文本文件")
    with pytest.raises(ZhoubaoError):
        safefiles.read_regular("/dev/zero", 1000, "文本文件")
    import io

    with pytest.raises(ZhoubaoError):
        safefiles.read_stdin(1000, stream=io.BytesIO(b"x" * 5000))
    assert safefiles.read_stdin(1000, stream=io.BytesIO(b"x" * 1000)) == b"x" * 1000


# ----------------------------------------------------------------------------- 9. the lock, numbers, leftovers


HOLDER = """
import sys, time
from pathlib import Path
from zhoubao import store
with store._locked(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def test_a_lock_held_by_a_stopped_editor_is_waited_for_a_bounded_time_and_named(issue):
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(issue), "60"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        os.kill(holder.pid, signal.SIGSTOP)
        before = issue.read_bytes()
        # waits its second and gives up (run's timeout would end a wait without end)
        r = run("add-news", "-f", str(issue), "--section", SECTION, "甲。", env={"ZHOUBAO_LOCK_WAIT": "1"})
        assert r.returncode == 1 and r.stderr.count("\n") == 1
        assert f"进程 {holder.pid}" in r.stderr and "正由别人修改" in r.stderr and "用户 " in r.stderr
        assert issue.read_bytes() == before
    finally:
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait()
    assert (
        run("add-news", "-f", str(issue), "--section", SECTION, "甲。").returncode == 0
    )  # a dead holder holds nothing


def test_no_lock_file_is_left_in_the_folder(issue, invoke):
    before = set(os.listdir(issue.parent))
    assert invoke("add-news", "-f", str(issue), "--section", SECTION, "甲。").exit_code == 0
    assert invoke("inspect", "-f", str(issue), "--all-good").exit_code == 0
    history = f".{issue.name}.history"  # the versions kept for undo, and NAME.bak the last of them
    assert not [n for n in os.listdir(issue.parent) if n.endswith(".lock") or n.startswith(".") and n != history]
    assert set(os.listdir(issue.parent)) - before <= {issue.name + ".bak", history}
    assert not [n for n in os.listdir(issue.parent / history) if n.endswith((".lock", ".zhoubao-tmp"))]


def test_eight_concurrent_writers_lose_nothing_and_leave_no_lock_file(issue):
    def add(n: int) -> int:
        return run("add-news", "-f", str(issue), "--section", SECTION, f"第{n}条。").returncode

    codes: list[int] = []
    threads = [threading.Thread(target=lambda n=n: codes.append(add(n))) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert codes == [0] * 8
    text = issue.read_text(encoding="utf-8")
    assert all(f"第{n}条。" in text for n in range(8))
    assert not [n for n in os.listdir(issue.parent) if n.startswith(".") and n != f".{issue.name}.history"]
    from zhoubao.store import history

    assert len(history.load(issue).versions) == 1 + 8  # every writer's version kept


def test_a_waiter_holding_an_unlinked_lock_file_takes_the_lock_again(issue):
    """The release unlinks the lock file; a waiter that had opened it must not count it as held."""
    done = [
        subprocess.Popen([sys.executable, "-c", HOLDER, str(issue), "0.05"], stdout=subprocess.DEVNULL)
        for _ in range(12)
    ]
    assert [p.wait(timeout=60) for p in done] == [0] * 12
    assert not (issue.parent / f".{issue.name}.lock").exists()


@pytest.mark.parametrize(
    "args",
    [
        ["stats", "一般事项", "--accepted", "99999999999999999999", "--completed", "1"],
        ["set", "number", "99999999999999999999"],
        ["set", "copies", "99999999999999999999"],
    ],
)
def test_numbers_beyond_64_bits_are_refused(example, invoke, args):
    before = example.read_bytes()
    r = invoke(args[0], "-f", str(example), *args[1:])
    one_line_error(r)
    assert example.read_bytes() == before


def test_stale_temp_files_of_ours_are_cleaned_on_the_next_edit(issue, tmp_path, invoke):
    old = time.time() - 3600
    stale = [issue.parent / f".{issue.name}.{n}.tmp" for n in (123, 456)]
    stale += [issue.parent / f".{issue.name}.abcdef012345{safefiles.TEMP_SUFFIX}"]
    fresh = issue.parent / f".{issue.name}.fedcba987654{safefiles.TEMP_SUFFIX}"
    foreign = issue.parent / ".other.toml.123.tmp"
    for path in [*stale, fresh, foreign]:
        path.write_bytes(b"x" * 1000)
        os.utime(path, (old, old))
    os.utime(fresh)  # just now: may belong to a running writer
    link = issue.parent / f".{issue.name}.999.tmp"
    link.symlink_to(tmp_path / "elsewhere")
    assert invoke("add-news", "-f", str(issue), "--section", SECTION, "甲。").exit_code == 0
    assert not any(p.exists() for p in stale)
    assert fresh.exists() and foreign.exists() and link.is_symlink()


def test_killed_writers_leave_parsable_files_and_no_lock_behind(issue, monkeypatch):
    # each writer is killed in the middle of a write (its 1st, 2nd … file write half done: an edit's
    # temp file or its backup), never at a moment a clock chose
    for stop in (1, 2, 3, 5, 8):
        before = kill_mid_write(issue, stop, tag=str(stop))
        assert issue.read_bytes() == before  # the file as it was before the interrupted edit, whole
        tomllib.loads(before.decode("utf-8"))
    assert "第8-0条。" in issue.read_text(encoding="utf-8")  # the edits before the kill are kept
    # a killed holder's lock dies with it: the next edit takes it without waiting at all
    monkeypatch.setenv("ZHOUBAO_LOCK_WAIT", "0")
    edits.add_news(issue, SECTION, "最后一条。")
    assert "最后一条。" in issue.read_text(encoding="utf-8")


# ----------------------------------------------------------------------------- 5. content choosing paths


@pytest.mark.parametrize("name", ["../outside", "ABSOLUTE", "a/../../b", "..", "C:\\x\\y"])
def test_the_default_output_name_stays_in_the_folder(example, tmp_path_factory, invoke, name):
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    if name == "ABSOLUTE":
        name = str(elsewhere / "x")
    text = example.read_text(encoding="utf-8")
    example.write_text(text.replace('name = "窗口工作周报"', f"name = '{name}'", 1), encoding="utf-8")
    folder = example.parent
    before = set(folder.parent.iterdir())
    r = invoke("render", "-f", str(example))
    assert r.exit_code == 0, r.stderr
    made = [p for p in folder.iterdir() if p.suffix == ".docx"]
    assert len(made) == 1 and made[0].parent == folder
    assert set(folder.parent.iterdir()) == before
    assert not list(elsewhere.iterdir())


def _kind_folder(root: Path, reference: str) -> Path:
    import shutil

    from zhoubao.kinds import builtin_dir

    kind = root / "templates" / "恶意种类"
    shutil.copytree(builtin_dir() / "窗口工作周报", kind)
    text = (kind / "kind.toml").read_text(encoding="utf-8")
    text = text.replace("default = true", "default = false")
    (kind / "kind.toml").write_text(
        text + f'\n[[section]]\ntype = "paragraph"\ntitle = "附"\ntext_file = "{reference}"\n', encoding="utf-8"
    )
    return kind


@pytest.mark.parametrize("reference", ["/etc/hostname", "../../secret.txt", "link.txt"])
def test_kind_files_are_confined_to_the_kind_folder(tmp_path, invoke, reference):
    (tmp_path / "secret.txt").write_text("机密", encoding="utf-8")
    kind = _kind_folder(tmp_path, reference)
    (kind / "link.txt").symlink_to(tmp_path / "secret.txt")
    r = invoke("new", str(tmp_path / "a.toml"), "--kind", "恶意种类", "--number", "1", "--total", "1")
    one_line_error(r)
    assert "不在种类文件夹内" in r.stderr and not (tmp_path / "a.toml").exists()
    r = invoke("kinds", "--check", str(kind))
    assert r.exit_code == 1 and "不在种类文件夹内" in r.stdout


# ----------------------------------------------------------------------------- 7. text shown as typed


MARKUP = ["会议结束[/bold]", "[link=http://example.com]官网[/link]", "[red]红[/red]", "[/]"]


@pytest.mark.parametrize("text", MARKUP)
def test_user_text_is_shown_as_typed(issue, invoke, text):
    assert invoke("add-news", "-f", str(issue), "--section", SECTION, text).exit_code == 0
    assert (
        invoke(
            "add-visit",
            "-f",
            str(issue),
            "--date",
            "2022-09-27",
            "--unit",
            text,
            "--post",
            "主任",
            "--name",
            "张三",
            "来访。",
        ).exit_code
        == 0
    )
    for args in (["show"], ["entries"]):
        r = invoke(args[0], "-f", str(issue))
        assert r.exit_code == 0, r.stderr
        assert text in r.stdout.replace("\n", "") or text[:6] in r.stdout
        assert "\x1b]8;" not in r.stdout  # no terminal hyperlink
    r = invoke("summary", str(issue))
    assert r.exit_code == 0 and "Traceback" not in r.stderr
    assert text[:4] in r.stdout


def test_a_column_name_is_shown_as_typed(example, invoke):
    text = example.read_text(encoding="utf-8")
    example.write_text(
        text.replace('{name = "办结", unit = "件"', '{name = "[/]办结", unit = "件"', 1)
        .replace(', not_above = "受理"', "")
        .replace('"办结" = ', '"[/]办结" = ')
        .replace("c['办结']", "c['[/]办结']"),
        encoding="utf-8",
    )
    r = invoke("show", "-f", str(example))
    assert r.exit_code == 0, r.stderr
    assert "[/]办结" in r.stdout


# ----------------------------------------------------------------------------- 8. CSV for Excel, outputs


def test_csv_cells_excel_would_run_are_neutralised(issue, tmp_path, invoke):
    evil = '=HYPERLINK("http://example.com","点我")'
    for unit in (evil, "+1", "-2", "@SUM(A1)", "\tx"):
        assert (
            invoke(
                "add-visit",
                "-f",
                str(issue),
                "--date",
                "2022-09-27",
                "--unit",
                unit,
                "--post",
                "主任",
                "--name",
                "张三",
                "来访。",
            ).exit_code
            == 0
        )
    out = tmp_path / "汇总.csv"
    assert invoke("summary", str(issue), "--csv", str(out)).exit_code == 0
    import csv

    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    cells = [cell for row in rows for cell in row]
    assert "'" + evil in cells and evil not in cells
    assert not any(cell[:1] in ("=", "+", "-", "@", "\t") for cell in cells)


@pytest.mark.parametrize("kind", ["hardlink", "bak", "issue"])
def test_outputs_onto_issue_files_or_backups_are_refused(issue, tmp_path, invoke, kind):
    assert invoke("add-news", "-f", str(issue), "--section", SECTION, "甲。").exit_code == 0
    bak = issue.with_name(issue.name + ".bak")
    target = {"hardlink": tmp_path / "out.csv", "bak": bak, "issue": issue}[kind]
    if kind == "hardlink":
        os.link(issue, target)
    before, bak_before = issue.read_bytes(), bak.read_bytes()
    r = invoke("summary", str(issue), "--csv", str(target))
    one_line_error(r)
    if kind == "hardlink":  # render's -o can only name an issue file through a link called .docx
        docx_target = tmp_path / "x.docx"
        os.link(issue, docx_target)
        r = invoke("render", "--draft", "-f", str(issue), "-o", str(docx_target))
        one_line_error(r)
        assert "期刊文件或其备份" in r.stderr
    assert issue.read_bytes() == before and bak.read_bytes() == bak_before


def test_six_concurrent_renders_to_one_path_all_succeed(example, tmp_path):
    out = tmp_path / "same.docx"
    procs = [
        subprocess.Popen(
            [
                *zhoubao_exe(),
                "render",
                "-f",
                str(example),
                "-o",
                str(out),
            ],
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(6)
    ]
    results = [(p.wait(timeout=180), p.stderr.read()) for p in procs]
    assert [code for code, _err in results] == [0] * 6, results
    import zipfile

    assert zipfile.ZipFile(out).testzip() is None
    # no temp file left, beside the output or in the sent versions' folder (store/sent.py)
    assert not [p for p in tmp_path.rglob(".*") if p.name != ".zhoubao-sent"]


# ----------------------------------------------------------------------------- 9. smaller


def test_new_from_a_period_ending_9999_12_31_is_one_line(example, tmp_path, invoke):
    text = example.read_text(encoding="utf-8")
    import re

    text = re.sub(r"(?m)^period_start = .*$", "period_start = 9999-12-27", text)
    text = re.sub(r"(?m)^period_end = .*$", "period_end = 9999-12-31", text)
    example.write_text(text, encoding="utf-8")
    r = invoke("new", str(tmp_path / "next.toml"), "--from", str(example))
    one_line_error(r)
    assert "--period" in r.stderr and not (tmp_path / "next.toml").exists()


def test_remove_takes_its_own_comment_and_leaves_the_next_ones(issue, invoke):
    for n in (1, 2, 3):
        assert invoke("add-news", "-f", str(issue), "--section", SECTION, f"第{n}条。").exit_code == 0
    text = issue.read_text(encoding="utf-8")
    for n in (1, 2, 3):
        head = text.index(f'text = "第{n}条。"')
        start = text.rindex("[[", 0, head)
        text = text[:start] + f"# 关于第{n}条的说明\n" + text[start:]
    issue.write_text(text, encoding="utf-8")
    assert invoke("remove", "-f", str(issue), "2").exit_code == 0
    after = issue.read_text(encoding="utf-8")
    assert "关于第2条" not in after
    assert after.index("关于第3条") < after.index('text = "第3条。"')
    assert after.index("关于第1条") < after.index('text = "第1条。"')
    assert invoke("remove", "-f", str(issue), "1").exit_code == 0
    after = issue.read_text(encoding="utf-8")
    assert "关于第1条" not in after and "关于第3条" in after
    assert after.index("关于第3条") < after.index('text = "第3条。"')


def test_an_import_that_would_write_a_file_too_large_to_read_is_refused(tmp_path, invoke):
    """A small .docx whose text would make an issue file over the limit (the attack used 60,000 short
    paragraphs; 1,900 long ones make the same size of file) is refused as soon as its text is read,
    before megabytes are typeset into sections only to be refused at writing (4 s, now under 1)."""
    import zipfile

    from tests.test_import import typed

    small = typed(tmp_path / "small.docx", "一、窗口工作动态", "第一条。")
    source = tmp_path / "big.docx"
    news = "".join(
        f"<w:p><w:r><w:t>9月26日，第{n}条动态，{'窗口情况良好' * 158}。</w:t></w:r></w:p>" for n in range(1_900)
    )
    with zipfile.ZipFile(small) as old, zipfile.ZipFile(source, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item)
            if item.filename == "word/document.xml":
                data = data.replace(b"<w:sectPr", news.encode() + b"<w:sectPr", 1)
            new.writestr(item, data)
    assert source.stat().st_size < 1024 * 1024
    r = invoke("import", str(source))
    one_line_error(r)
    assert "big.docx 的正文有" in r.stderr and "将超过 5 MB 的上限" in r.stderr
    assert not source.with_suffix(".toml").exists()


# ----------------------------------------------------------------------------- 15. no POSIX-only modules


AS_ON_WINDOWS = """
import os, sys, types
import fcntl as posix_locks  # taken before the blocker: Windows' msvcrt is played with it below

# msvcrt.locking as the store calls it on Windows: a byte range from the file position, refused
# at once (OSError) while another holds it; so the store takes the lock the Windows way here.
msvcrt = types.ModuleType("msvcrt")
msvcrt.LK_UNLCK, msvcrt.LK_NBLCK = 0, 2
def locking(fd, mode, nbytes):
    start = os.lseek(fd, 0, os.SEEK_CUR)
    how = posix_locks.LOCK_EX | posix_locks.LOCK_NB if mode == msvcrt.LK_NBLCK else posix_locks.LOCK_UN
    posix_locks.lockf(fd, how, nbytes, start)
msvcrt.locking = locking
sys.modules["msvcrt"] = msvcrt
BLOCKED = {"fcntl", "termios", "pwd", "grp", "resource"}
class Blocker:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ImportError(f"{name} is blocked (as on Windows)")
        return None
for name in BLOCKED:
    sys.modules.pop(name, None)
sys.meta_path.insert(0, Blocker())
"""
BLOCKED_RUN = (
    AS_ON_WINDOWS
    + """
from zhoubao.cli import run
code = run(sys.argv[1:])
assert not BLOCKED & set(sys.modules), BLOCKED & set(sys.modules)
sys.exit(code)
"""
)


def test_the_commands_run_without_posix_only_modules(tmp_path):
    def zb(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-c", BLOCKED_RUN, *args],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            timeout=180,
            env={**os.environ, "ZHOUBAO_LOCK_WAIT": "5"},
        )

    issue = tmp_path / "a.toml"
    steps = [
        ["new", str(issue), "--kind", "窗口工作周报", "--number", "1", "--total", "1", "--date", "2022-11-01"],
        ["add-news", "-f", str(issue), "--section", SECTION, "甲。"],
        ["show", "-f", str(issue)],
        ["check", "-f", str(issue)],
        ["render", "--draft", "-f", str(issue), "-o", str(tmp_path / "a.docx")],
    ]
    for args in steps:
        r = zb(*args)
        assert "Traceback" not in r.stderr and "blocked" not in r.stderr, (args, r.stderr)
        assert r.returncode in ((0, 1) if args[0] == "check" else (0,)), (args, r.stderr)
    assert "甲。" in issue.read_text(encoding="utf-8") and (tmp_path / "a.docx").stat().st_size > 1000
    # the lock file is gone too; no temp file left: only the kept versions and the sent ones
    hidden = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("."))
    assert hidden == [f".{issue.name}.history", ".zhoubao-sent"]


def test_the_lock_taken_the_windows_way_keeps_a_second_editor_out(issue):
    """msvcrt's byte lock (played here with POSIX record locks) excludes as flock does: while one
    process holds the lock, an edit waits its bounded time and is refused, naming the holder."""
    holder = subprocess.Popen(
        [sys.executable, "-c", AS_ON_WINDOWS + HOLDER, str(issue), "60"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        before = issue.read_bytes()
        r = subprocess.run(
            [sys.executable, "-c", BLOCKED_RUN, "add-news", "-f", str(issue), "--section", SECTION, "甲。"],
            capture_output=True,
            text=True,
            timeout=180,
            env={**os.environ, "ZHOUBAO_LOCK_WAIT": "0.5"},
        )
        assert r.returncode == 1 and "正由别人修改" in r.stderr and f"进程 {holder.pid}" in r.stderr, r.stderr
        assert issue.read_bytes() == before
    finally:
        holder.kill()
        holder.wait()


def test_a_lock_won_on_a_file_no_longer_at_its_path_is_taken_again(issue, monkeypatch):
    """The holder unlinks the lock file before releasing it; a waiter whose lock lands on that old
    file (seen here as the path naming another file) must take the lock again, not go ahead."""
    real = os.path.samestat
    calls: list[bool] = []

    def first_time_moved(a, b):
        calls.append(True)
        return False if len(calls) == 1 else real(a, b)

    monkeypatch.setattr(os.path, "samestat", first_time_moved)
    with store._locked(issue):
        assert len(calls) == 2  # refused once, taken on the second try
        assert (issue.parent / f".{issue.name}.lock").exists()
    assert not (issue.parent / f".{issue.name}.lock").exists()


# ----------------------------------------------------------------------------- outputs (issue 24, point 2)
# Every writer goes through safefiles.check_output: a regular file or nothing at the path, one this
# user may write in place, and the tool's own earlier output of the same issue unless --force.


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def _socket(path: Path) -> Path:
    import socket

    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.close()  # the socket file stays
    return path


def _device(path: Path) -> Path:
    if os.geteuid() != 0:
        pytest.skip("making a device node (like /dev/null) needs root; CI runs as root")
    os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # the null device's numbers
    return path


SPECIAL = {"fifo": _fifo, "socket": _socket, "device": _device, "folder": lambda p: (p.mkdir(), p)[1]}


def _writers(example: Path, out_dir: Path) -> dict[str, tuple[str, list[str]]]:
    """Each writer's command line, by the suffix of the file it writes."""
    return {
        ".docx": ("render", ["render", "-f", str(example), "-o"]),
        ".html": ("render --html", ["render", "--html", "-f", str(example), "-o"]),
        ".csv": ("summary --csv", ["summary", str(example), "--csv"]),
    }


@pytest.mark.parametrize("special", list(SPECIAL))
@pytest.mark.parametrize("suffix", [".docx", ".html", ".csv"])
def test_no_writer_replaces_anything_but_a_regular_file(example, tmp_path, invoke, special, suffix):
    target = SPECIAL[special](tmp_path / f"out{suffix}")
    before = os.lstat(target)
    for force in ([], ["--force"]):
        _what, command = _writers(example, tmp_path)[suffix]
        r = invoke(*command, str(target), *force)
        one_line_error(r)
        after = os.lstat(target)
        assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode), "the special file was replaced"
    assert not list(tmp_path.glob(f".out{suffix}.*"))


@pytest.mark.parametrize("special", ["fifo", "socket", "device"])
def test_a_symlink_to_a_special_file_is_refused_too(example, tmp_path, invoke, special):
    target = SPECIAL[special](tmp_path / "special")
    link = tmp_path / "out.docx"
    link.symlink_to(target)
    r = invoke("render", "-f", str(example), "-o", str(link), "--force")
    one_line_error(r)
    assert link.is_symlink()


def test_summary_csv_onto_a_device_leaves_the_device(example, tmp_path, invoke):
    device = _device(tmp_path / "full")
    r = invoke("summary", str(example), "--csv", str(device))
    one_line_error(r)
    assert stat.S_ISCHR(os.lstat(device).st_mode)


def test_a_new_issue_file_never_replaces_a_fifo(tmp_path, invoke):
    fifo = _fifo(tmp_path / "2022-33.toml")
    r = invoke("new", str(fifo), "--number", "33", "--date", "2022-11-01", "--force")
    one_line_error(r)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_an_unrelated_docx_is_not_replaced_without_force(example, tmp_path, invoke):
    leaders = tmp_path / "批改稿.docx"
    leaders.write_bytes(b"PK\x03\x04 the leader's approved copy")
    r = invoke("render", "-f", str(example), "-o", str(leaders))
    one_line_error(r)
    assert "--force" in r.stderr and leaders.read_bytes() == b"PK\x03\x04 the leader's approved copy"
    assert invoke("render", "-f", str(example), "-o", str(leaders), "--force").exit_code == 0
    assert leaders.read_bytes().startswith(b"PK") and leaders.stat().st_size > 1000


def test_a_render_of_another_issue_is_not_replaced(example, tmp_path, invoke):
    out = tmp_path / "out.docx"
    assert invoke("render", "-f", str(example), "-o", str(out)).exit_code == 0
    other = tmp_path / "2022-34.toml"
    other.write_text(example.read_text(encoding="utf-8").replace("number = 33", "number = 34"), encoding="utf-8")
    before = out.read_bytes()
    r = invoke("render", "-f", str(other), "-o", str(out), "--draft")
    one_line_error(r)
    assert out.read_bytes() == before


def test_the_tools_own_earlier_outputs_are_replaced(example, tmp_path, invoke):
    """How it knows (docs/safety.md): the .docx names zhoubao in docProps/app.xml and the issue in
    docProps/core.xml; the page carries <meta name="generator" content="zhoubao"> and the title;
    the CSV starts with the summary's first line; the chart has the mark in its metadata."""
    docx, page, table = tmp_path / "out.docx", tmp_path / "out.html", tmp_path / "汇总.csv"
    for _ in range(2):
        assert invoke("render", "-f", str(example), "-o", str(docx)).exit_code == 0
        assert invoke("render", "-f", str(example), "-o", str(docx), "--draft").exit_code == 0
        assert invoke("render", "--html", "-f", str(example), "-o", str(page)).exit_code == 0
        assert invoke("summary", str(example), "--csv", str(table)).exit_code == 0
        assert invoke("render", "-f", str(example)).exit_code == 0  # the default name, beside the issue
    folder = tmp_path / "site"
    for _ in range(2):
        assert invoke("render", "--html", str(example), "-d", str(folder)).exit_code == 0


def test_an_unrelated_page_or_csv_is_not_replaced(example, tmp_path, invoke):
    page, table = tmp_path / "out.html", tmp_path / "汇总.csv"
    page.write_text("<html><title>我的网页</title></html>", encoding="utf-8")
    table.write_bytes("名单,电话\r\n".encode())
    one_line_error(invoke("render", "--html", "-f", str(example), "-o", str(page)))
    one_line_error(invoke("summary", str(example), "--csv", str(table)))
    assert page.read_text(encoding="utf-8") == "<html><title>我的网页</title></html>"
    assert table.read_bytes() == "名单,电话\r\n".encode()
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "index.html").write_text("<p>单位主页</p>", encoding="utf-8")
    one_line_error(invoke("render", "--html", str(example), "-d", str(folder)))
    assert (folder / "index.html").read_text(encoding="utf-8") == "<p>单位主页</p>"
    assert not [p for p in folder.iterdir() if p.name != "index.html"], "nothing is written before the refusal"


def test_a_pdf_beside_a_new_docx_is_not_replaced(example, tmp_path):
    """The PDF follows its .docx: an existing PDF is ours only when the .docx beside it was."""
    from zhoubao import render

    pdf = tmp_path / "out.pdf"
    pdf.write_bytes(b"%PDF-1.4 somebody's")
    options = render.RenderOptions(pdf=True)
    with pytest.raises(ZhoubaoError, match="--force"):
        render.render_issue(example, tmp_path / "out.docx", options)
    assert pdf.read_bytes() == b"%PDF-1.4 somebody's" and not (tmp_path / "out.docx").exists()


def test_another_users_file_in_a_shared_folder_is_not_replaced(example, tmp_path):
    """As root: root's 644 file in a 777 folder, the command run as another user (a child that
    drops to uid/gid 4242): the rename would succeed, so access is checked first."""
    if os.geteuid() != 0:
        pytest.skip("needs root to run a command as another user; CI runs as root")
    import shutil
    import tempfile

    shared = Path(tempfile.mkdtemp(prefix="zhoubao-shared-", dir="/tmp"))  # pytest's folders are root's 700
    shared.chmod(0o777)
    request_cleanup = shutil.rmtree
    issue = shared / "2022-33.toml"
    issue.write_bytes(example.read_bytes())
    issue.chmod(0o644)
    table = shared / "汇总.csv"
    table.write_bytes("\ufeff来访统计（按单位）\r\nroot's\r\n".encode())  # even one that looks like ours
    table.chmod(0o644)
    before = table.read_bytes()
    program = (  # everything the command imports is imported before the child becomes uid 4242
        "import os, sys, csv, io, tempfile, traceback\n"
        "from zhoubao.cli import run\n"
        "import zhoubao.cli.archive, zhoubao.summary, zhoubao.chart, zhoubao.store, zhoubao.model\n"
        "import rich.console, rich.table, rich.text\n"
        "os.setgroups([]); os.setgid(4242); os.setuid(4242)\n"
        "sys.exit(run(sys.argv[1:]))\n"
    )
    for extra in ([], ["--force"]):
        r = subprocess.run(
            [sys.executable, "-c", program, "summary", str(issue), "--csv", str(table), *extra],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "HOME": str(shared)},
        )
        assert r.returncode == 1, r.stderr
        assert "属于别人" in r.stderr and "Traceback" not in r.stderr
    try:
        assert table.read_bytes() == before and table.stat().st_uid == 0
        assert [p.name for p in shared.iterdir() if p.name.startswith(".")] == []
    finally:
        request_cleanup(shared)


def test_the_access_check_itself(tmp_path):
    """The unit under the shared-folder test, for systems where it cannot run: a file without
    write bits is refused even to root, whom os.access would let through."""
    target = tmp_path / "a.csv"
    target.write_text("x", encoding="utf-8")
    target.chmod(0o444)
    with pytest.raises(ZhoubaoError, match="属于别人"):
        safefiles.check_output(target, "CSV 文件", force=True)


def test_a_killed_writers_temp_files_are_removed_by_the_next_write(example, tmp_path, invoke):
    out = tmp_path / "out.docx"
    stale = tmp_path / f".out.docx.0123456789ab{safefiles.TEMP_SUFFIX}"
    fresh = tmp_path / f".out.docx.ba9876543210{safefiles.TEMP_SUFFIX}"
    foreign = tmp_path / ".out.docx.notes"
    for path in (stale, fresh, foreign):
        path.write_bytes(b"half a docx")
    old = time.time() - safefiles.STALE_SECONDS - 60
    os.utime(stale, (old, old))
    os.utime(foreign, (old, old))
    assert invoke("render", "-f", str(example), "-o", str(out)).exit_code == 0
    assert not stale.exists(), "a killed render's temp file stays forever"
    assert fresh.exists(), "a temp file of a writer that may still run is left alone"
    assert foreign.exists(), "only our own naming pattern is cleaned"


# ----------------------------------------------------------------------------- no traceback (point 5)


def test_a_holiday_file_with_months_of_days_off_is_one_line(example, tmp_path, invoke):
    runs = ["2022-10-01..2022-10-19", "2022-10-20..2022-11-07", "2022-11-08..2022-11-26", "2022-11-27..2022-12-15"]
    listed = ", ".join(f'"{run}"' for run in runs)  # each run under 20 days, 76 days together
    (tmp_path / "节假日.toml").write_text(f'[2022]\n"放假" = [{listed}]\n', encoding="utf-8")
    r = invoke("new", str(tmp_path / "2022-34.toml"), "--from", str(example))
    one_line_error(r)
    assert "节假日" in r.stderr and "工作日" in r.stderr


@pytest.mark.parametrize("file_name", ["节假日.toml", "kind.toml"])
def test_deeply_nested_toml_is_one_line(tmp_path, invoke, file_name):
    deep = "x = " + "{a = " * 5000 + "1" + "}" * 5000 + "\n"
    if file_name == "kind.toml":
        kind = tmp_path / "templates" / "深"
        kind.mkdir(parents=True)
        (kind / "kind.toml").write_text(deep, encoding="utf-8")
        r = invoke("kinds", "--check", str(kind))
        assert r.exit_code == 1 and "嵌套过深" in r.stdout and "Traceback" not in r.stdout + r.stderr
        return
    (tmp_path / "节假日.toml").write_text("[2022]\n" + deep, encoding="utf-8")
    issue = tmp_path / "2022-33.toml"
    issue.write_bytes((Path(__file__).parent.parent / "examples" / "2022-33.toml").read_bytes())
    r = invoke("new", str(tmp_path / "2022-34.toml"), "--from", str(issue))
    one_line_error(r)
    assert "嵌套过深" in r.stderr


def test_a_nested_issue_file_is_refused_before_anything_recurses(tmp_path, invoke):
    issue = tmp_path / "2022-33.toml"
    issue.write_text("x = " + "[" * 200 + "]" * 200 + "\n", encoding="utf-8")
    r = invoke("show", "-f", str(issue))
    one_line_error(r)
    assert "嵌套过深" in r.stderr


def test_an_unexpected_error_is_one_line_with_a_log_and_the_file_unchanged(issue, invoke, monkeypatch, tmp_path):
    from zhoubao import edits as edits_package

    def broken(*_args, **_kwargs):
        raise KeyError("a bug")

    monkeypatch.setattr(edits_package, "add_news", broken)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    before = issue.read_bytes()
    r = invoke("add-news", "-f", str(issue), "--section", SECTION, "甲。")
    assert r.exit_code == 70
    assert r.stderr.startswith("错误：程序内部出错（KeyError）") and r.stderr.count("\n") == 1, r.stderr
    assert "维护者" in r.stderr and "Traceback" not in r.stderr
    logs = list(tmp_path.glob("zhoubao-错误-*.log"))
    assert len(logs) == 1 and "Traceback" in logs[0].read_text(encoding="utf-8") and "a bug" in logs[0].read_text()
    assert stat.S_IMODE(logs[0].stat().st_mode) == 0o600
    assert issue.read_bytes() == before


# ----------------------------------------------------------------------------- the smaller points


def test_a_long_bulletin_name_gives_a_file_name_that_fits(issue, invoke):
    name = "四川省政府政务服务和公共资源交易服务中心" * 5  # 100 characters, 300 bytes
    assert invoke("set", "-f", str(issue), "name", name).exit_code == 0
    r = invoke("render", "-f", str(issue), "--draft")
    assert r.exit_code == 0, r.stderr
    made = [p for p in issue.parent.iterdir() if p.suffix == ".docx"]
    assert len(made) == 1 and len(made[0].name.encode()) <= 200
    assert made[0].name.startswith("四川省") and made[0].name.endswith("2022年第33期-送审稿.docx")


def test_a_kind_file_too_large_is_named_as_such(tmp_path, invoke, monkeypatch):
    templates = tmp_path / "templates"
    for name in ("甲", "乙"):
        (templates / name).mkdir(parents=True)
        (templates / name / "kind.toml").write_text('name = "周报"\nunit = "中心"\n', encoding="utf-8")
    (templates / "甲" / "kind.toml").write_text('default = true\nname = "周报"\n' + "# x\n" * 600_000, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    r = invoke("new", str(tmp_path / "a.toml"), "--number", "1", "--total", "1", "--date", "2022-11-01")
    one_line_error(r)
    assert "过大" in r.stderr and "没有默认" not in r.stderr


def test_escape_sequences_in_names_never_reach_the_terminal(tmp_path, invoke):
    hostile = tmp_path / "\x1b]0;pwned\x07\x1b[2J\u202eevil\x9b31m.toml"
    r = invoke("show", "-f", str(hostile))
    one_line_error(r)
    assert not any(char in r.stderr for char in "\x1b\x07\x9b\u202e"), repr(r.stderr)
    assert "\\x1b]0;pwned" in r.stderr


def test_c1_controls_are_refused_in_typed_text(issue, invoke):
    before = issue.read_bytes()
    r = invoke("add-news", "-f", str(issue), "--section", SECTION, "甲\x9b31m乙。")
    one_line_error(r)
    assert "U+009B" in r.stderr and "\x9b" not in r.stderr
    assert issue.read_bytes() == before
