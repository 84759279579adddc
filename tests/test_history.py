"""The history of an issue file, as a clerk meets it: nothing lost, nothing written for nothing,
undo that says what it reverts and refuses what it would lose, redo, and the kept versions' names,
modes and groups."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import stat
import sys
import tempfile
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES
from zhoubao.store import history

SECTION = "服务效能"


@pytest.fixture
def week(tmp_path: Path) -> Path:
    """A whole issue (2022年第33期, every section filled) in a folder of its own."""
    path = tmp_path / "2022-33.toml"
    shutil.copy(EXAMPLES / "2022-33.toml", path)
    return path


def add(invoke, issue: Path, text: str):
    r = invoke("add-news", "-f", str(issue), "--section", SECTION, text)
    assert r.exit_code == 0, r.stderr
    return r


def kept_files(issue: Path) -> list[Path]:
    """Every file that holds a kept version of `issue` (NAME.bak, NAME.bak.N, and the journal's)."""
    folder = issue.with_name(f".{issue.name}.history")  # the name docs/safety.md gives
    found = list(folder.iterdir()) if folder.is_dir() else []
    return found + [p for p in issue.parent.glob(issue.name + ".bak*") if p.is_file()]


# ----------------------------------------------------------------------------- nothing written for nothing


@pytest.mark.parametrize(
    "args",
    [
        ["set", "印数", "80"],
        ["inspect", "--all-good"],
        ["stats", "行政许可事项", "--accepted", "644608", "--completed", "636146"],
        ["inspect", "纪律秩序", "总体情况良好。", "--replace"],
    ],
    ids=["set-same", "all-good-all-filled", "stats-same-figures", "inspect-same-text"],
)
def test_a_command_that_changes_nothing_writes_nothing(week, invoke, args):
    add(invoke, week, "甲。")
    before, mtime, kept = week.read_bytes(), week.stat().st_mtime_ns, sorted(kept_files(week))
    bak = week.with_name(week.name + ".bak").read_bytes()
    r = invoke(*args, "-f", str(week))
    assert r.exit_code == 0, r.stderr
    assert "未作改动" in r.stderr
    assert week.read_bytes() == before and week.stat().st_mtime_ns == mtime
    assert sorted(kept_files(week)) == kept and week.with_name(week.name + ".bak").read_bytes() == bak
    # and it used up no undo step: undo reverts the news item
    r = invoke("undo", "-f", str(week))
    assert r.exit_code == 0 and "#7 新增“甲。”" in r.stderr
    assert week.read_bytes() == (EXAMPLES / "2022-33.toml").read_bytes()


def test_editing_an_entry_to_the_text_it_has_writes_nothing(week, invoke):
    text = "经济和信息化厅组织召开省本级政务服务“三化”建设工作推进会。"
    assert invoke("edit", "-f", str(week), "3", text).exit_code == 0
    before = week.read_bytes()
    r = invoke("edit", "-f", str(week), "3", text)
    assert r.exit_code == 0 and "未作改动" in r.stderr and week.read_bytes() == before
    assert len(history.load(week).versions) == 2


# ----------------------------------------------------------------------------- history, undo, redo


def test_history_lists_when_which_command_and_what_changed(week, invoke):
    add(invoke, week, "窗口推行午间不打烊服务。")
    assert invoke("set", "-f", str(week), "印数", "95").exit_code == 0
    assert invoke("edit", "-f", str(week), "7", "窗口推行午间不打烊服务，全周办件1200余件。").exit_code == 0
    r = invoke("history", "-f", str(week))
    assert r.exit_code == 0, r.stderr
    lines = r.stdout.splitlines()
    assert "共 4 个" in lines[0] and f"最多保留 {history.HISTORY} 个" in lines[0]
    newest, middle, oldest, start = lines[1:5]
    assert newest.lstrip().startswith("4.") and "← 当前" in newest
    assert "edit 7" in newest and "#7 正文" in newest and "，全周办件1200余件" in newest
    assert "set 印数 95" in middle and "印数：80→95" in middle
    assert "add-news --section 服务效能" in oldest and "#7 新增“窗口推行午间不打烊服务。”" in oldest
    assert "开始记录" in start
    assert any(ch.isdigit() for ch in newest.split()[1])  # the date it was written


def test_undo_says_what_it_reverts_and_redo_brings_it_back(week, invoke):
    original = week.read_bytes()
    add(invoke, week, "甲。")
    with_news = week.read_bytes()
    assert invoke("set", "-f", str(week), "印数", "95").exit_code == 0
    latest = week.read_bytes()

    r = invoke("undo", "-f", str(week), "--steps", "2")
    assert r.exit_code == 0, r.stderr
    assert "已撤销：" in r.stderr and "set 印数 95：印数：80→95" in r.stderr and "#7 新增“甲。”" in r.stderr
    assert week.read_bytes() == original
    shown = invoke("history", "-f", str(week)).stdout
    assert shown.count("已撤销，可用 redo 恢复") == 2  # neither undone version is lost

    r = invoke("redo", "-f", str(week))
    assert r.exit_code == 0 and "已重做：" in r.stderr and "#7 新增“甲。”" in r.stderr
    assert week.read_bytes() == with_news
    assert invoke("redo", "-f", str(week)).exit_code == 0 and week.read_bytes() == latest
    r = invoke("redo", "-f", str(week))
    assert r.exit_code == 1 and "没有撤销过的版本" in r.stderr


def test_an_undone_version_is_kept_until_a_new_change_replaces_it(week, invoke):
    add(invoke, week, "甲。")
    add(invoke, week, "乙。")
    assert invoke("undo", "-f", str(week)).exit_code == 0
    r = add(invoke, week, "丙。")
    assert "此前撤销的 1 个版本被这次修改取代" in r.stderr
    r = invoke("redo", "-f", str(week))
    assert r.exit_code == 1 and "没有撤销过的版本" in r.stderr
    assert "乙。" not in week.read_text(encoding="utf-8") and "丙。" in week.read_text(encoding="utf-8")


def test_undo_refuses_a_hand_edit_and_with_force_keeps_it_for_redo(week, invoke):
    add(invoke, week, "甲。")
    written = week.read_bytes()
    with open(week, "a", encoding="utf-8") as f:  # the clerk fixes something in a text editor
        f.write("# 手工加的注释\n")
    by_hand = week.read_bytes()

    r = invoke("undo", "-f", str(week))
    assert r.exit_code == 1 and "被改动过" in r.stderr and "--force" in r.stderr
    assert week.read_bytes() == by_hand

    r = invoke("undo", "-f", str(week), "--force")
    assert r.exit_code == 0, r.stderr
    assert "手工改动" in r.stderr and week.read_bytes() == written  # the version zhoubao wrote
    assert invoke("redo", "-f", str(week)).exit_code == 0 and week.read_bytes() == by_hand


def test_an_edit_over_a_hand_edit_keeps_the_hand_edit_as_a_version(week, invoke):
    add(invoke, week, "甲。")
    week.write_text(week.read_text(encoding="utf-8").replace("copies = 80", "copies = 70"), encoding="utf-8")
    r = add(invoke, week, "乙。")
    assert "手工编辑或别的程序" in r.stderr
    journal = history.load(week)
    history.summaries(journal)  # what a hand edit changed is worked out when it is shown
    versions = journal.versions
    assert [v.command for v in versions][-2] == history.BY_HAND and "印数：80→70" in versions[-2].summary
    assert invoke("undo", "-f", str(week)).exit_code == 0
    assert "copies = 70" in week.read_text(encoding="utf-8") and "乙。" not in week.read_text(encoding="utf-8")


def test_undo_refuses_to_revert_another_users_change_without_force(week, invoke, monkeypatch):
    monkeypatch.setenv("USER", "zhangsan")
    add(invoke, week, "甲。")
    monkeypatch.setenv("USER", "lisi")
    r = invoke("undo", "-f", str(week))
    assert r.exit_code == 1 and "zhangsan" in r.stderr and "甲。" in week.read_text(encoding="utf-8")
    r = invoke("undo", "-f", str(week), "--force")
    assert r.exit_code == 0 and "甲。" not in week.read_text(encoding="utf-8")


def test_undo_never_restores_another_issue(week, invoke, tmp_path):
    """A backup of another bulletin at NAME.bak is never put in place; nor is a version with
    another 期号 (a set 期号 is set back with set)."""
    add(invoke, week, "甲。")
    other = tmp_path / "other.toml"
    shutil.copy(EXAMPLES / "ggzy-2023-05.toml", other)
    shutil.copy(other, week.with_name(week.name + ".bak"))
    assert invoke("undo", "-f", str(week)).exit_code == 0
    assert "窗口工作周报" in week.read_text(encoding="utf-8")  # the journal's version, not the planted .bak

    assert invoke("set", "-f", str(week), "期号", "34").exit_code == 0
    now = week.read_bytes()
    for extra in ([], ["--force"]):
        r = invoke("undo", "-f", str(week), *extra)
        assert r.exit_code == 1 and "另一期" in r.stderr and "第33期" in r.stderr, r.stderr
        assert week.read_bytes() == now


def test_a_version_whose_file_was_changed_is_not_restored(week, invoke):
    add(invoke, week, "甲。")
    first = history.load(week).versions[0]
    version_file = history.journal_dir(week) / f"{first.digest}.toml"
    version_file.write_bytes(version_file.read_bytes().replace(b"copies = 80", b"copies = 10"))
    now = week.read_bytes()
    r = invoke("undo", "-f", str(week))
    assert r.exit_code == 1 and "已丢失或被改动" in r.stderr and week.read_bytes() == now


def test_at_most_history_versions_are_kept_and_the_rest_removed(week, invoke, monkeypatch):
    monkeypatch.setattr(history, "HISTORY", 4)
    for n in range(6):
        add(invoke, week, f"第{n}条。")
    journal = history.load(week)
    assert len(journal.versions) == 4 and journal.current == 3
    assert len(list(history.journal_dir(week).glob("*.toml"))) == 4
    assert invoke("undo", "-f", str(week), "--steps", "3").exit_code == 0
    r = invoke("undo", "-f", str(week))
    assert r.exit_code == 1 and "没有以前的版本" in r.stderr


def test_a_version_is_found_by_the_sha256_of_its_bytes(week, invoke):
    """What the approval merge needs: the version that was sent, by its fingerprint."""
    sent = week.read_bytes()
    digest = history.snapshot(week)
    assert digest == hashlib.sha256(sent).hexdigest()
    add(invoke, week, "甲。")
    assert history.read_version(week, digest) == sent
    assert history.read_version(week, "0" * 64) is None and history.read_version(week, "../x") is None


# ----------------------------------------------------------------------------- names, modes, groups


def test_a_folder_at_the_backups_name_neither_stops_an_edit_nor_is_blamed_on_the_issue(week, invoke):
    week.with_name(week.name + ".bak").mkdir()
    for n in range(7):  # more edits than an earlier release kept backups
        r = add(invoke, week, f"第{n}条。")
        assert f"{week.name}.bak 不是普通文件" in r.stderr
    assert week.with_name(week.name + ".bak").is_dir() and not list(week.parent.glob("*.bak.*"))
    assert invoke("undo", "-f", str(week)).exit_code == 0 and "第6条。" not in week.read_text(encoding="utf-8")


def test_something_else_at_the_journals_name_is_refused_by_name(week, invoke):
    history.journal_dir(week).write_text("不是历史", encoding="utf-8")
    before = week.read_bytes()
    r = invoke("add-news", "-f", str(week), "--section", SECTION, "甲。")
    assert r.exit_code == 1 and history.journal_dir(week).name in r.stderr and "未改动" in r.stderr
    assert week.read_bytes() == before


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
def test_kept_versions_follow_the_issue_files_mode(week, invoke):
    os.chmod(week, 0o644)
    for text in ("甲。", "乙。"):
        add(invoke, week, text)
    legacy = week.with_name(week.name + ".bak.2")  # what an earlier release kept
    legacy.write_bytes(week.read_bytes())
    os.chmod(legacy, 0o644)
    os.chmod(week, 0o600)
    add(invoke, week, "丙。")
    for path in [*kept_files(week), week.with_name(f".{week.name}.history")]:
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, (path, oct(path.stat().st_mode))


def test_an_edit_or_import_into_a_kept_version_is_refused(week, invoke, tmp_path):
    add(invoke, week, "甲。")
    draft = tmp_path / "draft.docx"
    assert invoke("render", "--draft", "-f", str(week), "-o", str(draft)).exit_code == 0
    assert kept_files(week)
    for target in kept_files(week):
        if target.suffix == ".tsv":
            continue
        before = target.read_bytes()
        r = invoke("import", str(draft), "--into", str(target), "--yes")
        assert r.exit_code == 1 and "保存的旧版本" in r.stderr and week.name in r.stderr, r.stderr
        r = invoke("add-news", "-f", str(target), "--section", SECTION, "乙。")
        assert r.exit_code == 1 and "保存的旧版本" in r.stderr
        assert target.read_bytes() == before


@pytest.mark.skipif(not hasattr(os, "fork") or os.geteuid() != 0, reason="needs root to act as another user")
def test_an_owner_outside_the_files_group_is_told_the_group_was_not_kept(invoke):
    folder = Path(tempfile.mkdtemp(prefix="zhoubao-group-"))
    try:
        os.chmod(folder, 0o777)
        scratch = folder / "scratch.toml"  # one edit first, so that every module is loaded before the fork
        shutil.copy(EXAMPLES / "2022-33.toml", scratch)
        add(invoke, scratch, "预先。")
        import grp  # noqa: F401  (what the note looks the group's name up with)

        issue = folder / "2022-33.toml"
        shutil.copy(EXAMPLES / "2022-33.toml", issue)
        nobody, foreign_group = 65534, 4321  # the owner is not in the group the file is shared with
        os.chown(issue, nobody, foreign_group)
        os.chmod(issue, 0o664)
        said = folder / "said.txt"
        pid = os.fork()
        if pid == 0:  # the child: the file's owner, outside its group
            code = 1
            try:
                os.setgroups([])
                os.setgid(nobody)
                os.setuid(nobody)
                os.environ["USER"] = "nobody"
                r = invoke("add-news", "-f", str(issue), "--section", SECTION, "甲。")
                said.write_text(r.stderr, encoding="utf-8")
                code = r.exit_code
            finally:
                os._exit(code)
        _pid, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0, said.read_text(encoding="utf-8") if said.exists() else ""
        assert "甲。" in issue.read_text(encoding="utf-8")
        lines = [line for line in said.read_text(encoding="utf-8").splitlines() if "用户组" in line]
        assert len(lines) == 1 and "4321" in lines[0] and "chgrp" in lines[0], lines
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_history_names_a_move_a_figure_and_a_filled_item_in_few_words(week, invoke):
    f = ["-f", str(week)]
    assert invoke("move", *f, "6", "1").exit_code == 0
    assert invoke("stats", *f, "行政许可事项", "--accepted", "644700", "--completed", "636146").exit_code == 0
    assert invoke("inspect", *f, "着装情况", "有人未着工装。", "--replace").exit_code == 0
    assert invoke("remove", *f, "2").exit_code == 0
    lines = invoke("history", *f).stdout.splitlines()
    assert "#2 删除“斯伦贝谢科技服务（成都）有限…表示非常满意。”" in lines[1]
    assert "“着装情况”结果：“总体情况良好。”→“有人未着工装。”" in lines[2]
    assert "“行政许可事项”受理：644608→644700" in lines[3]
    assert "#6 移到“厅（局）长进大厅”第 1 位" in lines[4]
    assert all("等" not in line for line in lines[1:5])  # one change each, nothing else named


def test_history_speaks_chinese_for_findings_and_a_table_of_rows(week, invoke, tmp_path):
    """A new clerk saw `“纪律秩序”finding：填写 1 项` and `row：填写 3 项`: the file's own keys never reach
    the clerk in English."""
    f = ["-f", str(week)]
    assert invoke("inspect", *f, "纪律", "--finding", "3号窗口人员离岗未挂牌。").exit_code == 0
    table = tmp_path / "明细.csv"
    table.write_text("单位,受理,办结\n成都,100,90\n绵阳,50,40\n", encoding="utf-8")
    assert invoke("stats", *f, "--table", str(table)).exit_code == 0
    said = "\n".join(invoke("history", *f).stdout.splitlines()[1:3])
    assert "巡查发现" in said and "明细表" in said, said
    described = [line.split("：", 1)[1] for line in said.splitlines()]  # what changed, after the command
    assert not any(re.search(r"[A-Za-z]", line) for line in described), said
