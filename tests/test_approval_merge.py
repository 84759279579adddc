"""The three-way approval merge: only what the approver changed comes back; what the clerk did
after sending stays.

The clerk renders the draft and sends it up, then keeps working: a late news item, a typo fixed,
印数 95. The approver's file comes back. `import 批改稿.docx --into` compares it with the version
that was sent (the .docx's fingerprint names it; the render kept it in .zhoubao-sent/), not with
the issue as it is now.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES
from tests.wordedit import WordEdit
from zhoubao import store
from zhoubao.importing.approval import plan_import
from zhoubao.render import RenderOptions, render_issue

LATE = "9月30日，省自然资源厅窗口上线“不动产登记一网通办”，当日办件120件。"
TYPO = ("大件运输审批团队工作汇报", "大件运输审批团队的工作汇报")  # the clerk's fix in entry #4


@pytest.fixture(scope="module")
def sent_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of `sent`, made once for the module: each test gets its own copy."""
    folder = tmp_path_factory.mktemp("sent")
    shutil.copy(EXAMPLES / "2022-33.toml", folder / "2022-33.toml")
    render_issue(folder / "2022-33.toml", folder / "送审稿.docx", RenderOptions(draft=True))
    return folder


@pytest.fixture
def sent(tmp_path: Path, sent_folder: Path) -> tuple[Path, Path]:
    """This week's issue and the draft rendered from it, as sent for approval (with the sent version
    the render kept in .zhoubao-sent/, which names no path)."""
    shutil.copytree(sent_folder, tmp_path, dirs_exist_ok=True)
    return tmp_path / "2022-33.toml", tmp_path / "送审稿.docx"


def clerk_works_on(issue: Path, invoke) -> None:
    """After sending: a late news item, a typo fixed, 印数 95."""
    for args in (
        ("add-news", "--section", "优化营商环境", "--date", "2022-09-30", LATE),
        ("edit", "4", "--replace", *TYPO),
        ("set", "印数", "95"),
    ):
        done = invoke(*args, "-f", str(issue))
        assert done.exit_code == 0, done.stderr


def shown(issue: Path, invoke) -> dict:
    return json.loads(invoke("show", "--json", "-f", str(issue)).stdout)


def entry(issue: Path, invoke, entry_id: int) -> dict:
    for top in shown(issue, invoke)["section"]:
        for section in [top, *top.get("sub", [])]:
            for e in section.get("entry", []):
                if e["id"] == entry_id:
                    return e
    raise AssertionError(f"no entry #{entry_id}")


def test_the_clerks_work_after_sending_survives_an_approval_that_changed_nothing(sent, invoke):
    """The attack of issue 24: the two-way compare deleted the late item, undid the typo fix and
    reset 印数, all credited to the approver."""
    issue, draft = sent
    clerk_works_on(issue, invoke)
    before = issue.read_bytes()

    done = invoke("import", str(draft), "--into", str(issue), "--yes")

    assert done.exit_code == 0, done.stderr
    assert "没有要回填的改动" in done.stderr or "没有可直接回填" in done.stderr
    assert issue.read_bytes() == before
    text = issue.read_text(encoding="utf-8")
    assert LATE.split("，", 1)[1] in text and TYPO[1] in text and "copies = 95" in text


def test_the_approvers_changes_come_back_and_the_clerks_stay(sent, invoke, tmp_path):
    issue, draft = sent
    edit = WordEdit(draft)
    edit.replace("经济和信息化厅组织召开", "推进会", "部署会")  # entry #3
    edit.replace("2022年11月1日", "11月1日", "11月2日")  # 印发日期
    approved = edit.save(tmp_path / "批改稿.docx")
    clerk_works_on(issue, invoke)

    done = invoke("import", str(approved), "--into", str(issue), "--yes")

    assert done.exit_code == 0, done.stderr
    assert "送审后改过" in done.stdout and "冲突" not in done.stdout
    assert "部署会" in entry(issue, invoke, 3)["text"]
    assert TYPO[1] in entry(issue, invoke, 4)["text"]
    head = shown(issue, invoke)
    assert str(head["issue"]["date"]).startswith("2022-11-02")
    text = issue.read_text(encoding="utf-8")
    assert LATE.split("，", 1)[1] in text and "copies = 95" in text


def test_an_entry_changed_on_both_sides_is_a_conflict_and_written_only_when_told(sent, invoke, tmp_path):
    issue, draft = sent
    edit = WordEdit(draft)
    edit.replace("省交通物流发展中心二级巡视员", "详细了解", "深入了解")  # entry #4, the clerk's too
    edit.replace("经济和信息化厅组织召开", "推进会", "部署会")  # entry #3, the approver's only
    approved = edit.save(tmp_path / "批改稿.docx")
    clerk_works_on(issue, invoke)

    done = invoke("import", str(approved), "--into", str(issue), "--yes")

    assert done.exit_code == 0, done.stderr
    assert "【冲突】" in done.stdout and "送审稿：" in done.stdout and "本地：" in done.stdout
    assert "1 处冲突未回填" in done.stderr and "--keep 审批" in done.stderr
    assert "部署会" in entry(issue, invoke, 3)["text"]  # the rest is written
    kept = entry(issue, invoke, 4)["text"]
    assert TYPO[1] in kept and "深入了解" not in kept  # nothing written for the conflict

    again = invoke("import", str(approved), "--into", str(issue), "--yes", "--keep", "本地")
    assert again.exit_code == 0 and "（保留本地）" in again.stdout
    assert entry(issue, invoke, 4)["text"] == kept

    taken = invoke("import", str(approved), "--into", str(issue), "--yes", "--keep", "审批")
    assert taken.exit_code == 0, taken.stderr
    assert "（采用审批稿）" in taken.stdout
    assert "深入了解" in entry(issue, invoke, 4)["text"]
    assert LATE.split("，", 1)[1] in issue.read_text(encoding="utf-8")  # the late item still there


def test_copies_changed_on_both_sides_is_a_conflict(sent, invoke, tmp_path):
    issue, draft = sent
    edit = WordEdit(draft)
    edit.replace("（共印80份）", "80", "100")
    approved = edit.save(tmp_path / "批改稿.docx")
    clerk_works_on(issue, invoke)  # 印数 95

    plan = plan_import(approved, issue)

    assert [c.line.where for c in plan.conflicts] == ["版记：印数"]
    assert (plan.conflicts[0].line.new, plan.conflicts[0].local) == ("100", "95")
    assert plan.empty and "copies" not in plan.distribution


def test_an_item_the_approver_added_goes_in_after_the_entry_it_follows_and_the_late_one_stays(sent, invoke, tmp_path):
    issue, draft = sent
    edit = WordEdit(draft)
    new_item = "（3）9月30日，交通运输厅窗口推行“午间不打烊”服务，全周办件1200余件。"
    edit.tracked_insert_paragraph("经济和信息化厅组织召开", new_item)
    approved = edit.save(tmp_path / "批改稿.docx")
    invoke("add-news", "--section", "效能提升", "--date", "2022-09-30", LATE, "-f", str(issue))

    done = invoke("import", str(approved), "--into", str(issue), "--accept-changes", "--yes")

    assert done.exit_code == 0, done.stderr
    efficiency = next(
        s
        for top in shown(issue, invoke)["section"]
        for s in top.get("sub", [])
        if s["title"] == "窗口服务效能提升工作情况"
    )["entry"]
    assert [e["id"] for e in efficiency] == [2, 3, 8, 7]  # the approver's after #3, the clerk's #7 kept
    assert "新增条目 #8" in done.stdout


def test_the_previous_weeks_docx_is_named_before_anything_is_shown(tmp_path, invoke):
    """期号 33→32: last week's draft of the same bulletin taken for this week's approved file."""
    last = tmp_path / "2022-32.toml"
    shutil.copy(EXAMPLES / "2022-33.toml", last)
    assert invoke("set", "期号", "32", "-f", str(last)).exit_code == 0
    assert invoke("set", "总期号", "407", "-f", str(last)).exit_code == 0
    last_docx = render_issue(last, tmp_path / "上周.docx", RenderOptions(draft=True)).docx
    issue = tmp_path / "2022-33.toml"
    shutil.copy(EXAMPLES / "2022-33.toml", issue)
    before = issue.read_bytes()

    done = invoke("import", str(last_docx), "--into", str(issue), "--yes")

    assert done.exit_code == 1 and done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert "2022年第32期的稿子" in done.stderr and "2022年第33期" in done.stderr and "选错文件" in done.stderr
    assert issue.read_bytes() == before


def test_a_docx_without_a_fingerprint_is_named_and_compared_with_now_only_when_told(sent, invoke, tmp_path):
    issue, draft = sent
    stripped = tmp_path / "另存.docx"
    with zipfile.ZipFile(draft) as source, zipfile.ZipFile(stripped, "w", zipfile.ZIP_DEFLATED) as out:
        for name in source.namelist():
            if name != "docProps/custom.xml":
                out.writestr(name, source.read(name))
    edit = WordEdit(stripped)
    edit.replace("经济和信息化厅组织召开", "推进会", "部署会")
    approved = edit.save(tmp_path / "批改稿.docx")
    before = issue.read_bytes()

    refused = invoke("import", str(approved), "--into", str(issue), "--yes")
    assert refused.exit_code == 1 and refused.stdout == "" and refused.stderr.count("\n") == 1
    assert "没有 zhoubao 的送审标记" in refused.stderr and "--no-fingerprint" in refused.stderr
    assert issue.read_bytes() == before

    done = invoke("import", str(approved), "--into", str(issue), "--yes", "--no-fingerprint")
    assert done.exit_code == 0, done.stderr
    assert "部署会" in entry(issue, invoke, 3)["text"]


def test_a_sent_version_no_longer_kept_is_named_and_nothing_guessed(sent, invoke):
    issue, draft = sent
    clerk_works_on(issue, invoke)
    shutil.rmtree(issue.parent / store.sent.SENT_FOLDER)
    before = issue.read_bytes()

    done = invoke("import", str(draft), "--into", str(issue), "--yes")

    assert done.exit_code == 1 and done.stdout == "" and done.stderr.count("\n") == 1
    assert "没有保存" in done.stderr and "--no-fingerprint" in done.stderr
    assert issue.read_bytes() == before


def test_a_planted_sent_version_is_never_taken(sent, invoke):
    """A file put in .zhoubao-sent/ under the right name, with other content, is not the sent version."""
    issue, draft = sent
    clerk_works_on(issue, invoke)
    (kept,) = (issue.parent / store.sent.SENT_FOLDER).iterdir()
    kept.write_text(kept.read_text(encoding="utf-8").replace("copies = 80", "copies = 1"), encoding="utf-8")

    done = invoke("import", str(draft), "--into", str(issue), "--yes")

    assert done.exit_code == 1 and "没有保存" in done.stderr


def test_the_sent_versions_are_capped_and_keep_the_issue_files_mode(sent, invoke, tmp_path):
    issue, _draft = sent
    issue.chmod(0o600)
    for copies in range(81, 81 + store.sent.KEEP + 3):
        assert invoke("set", "印数", str(copies), "-f", str(issue)).exit_code == 0
        render_issue(issue, tmp_path / "稿.docx", RenderOptions(draft=True))
    kept = sorted((issue.parent / store.sent.SENT_FOLDER).iterdir())
    assert len(kept) == store.sent.KEEP
    assert all(k.stat().st_mode & 0o777 == 0o600 for k in kept)
    newest = store.load_sent(issue, store.sent.digest(issue.read_bytes()))
    assert newest == issue.read_bytes()


def test_the_render_says_so_when_the_sent_version_cannot_be_kept_and_still_renders(sent, tmp_path):
    issue, _draft = sent
    shutil.rmtree(issue.parent / store.sent.SENT_FOLDER)
    (issue.parent / store.sent.SENT_FOLDER).write_text("not a folder", encoding="utf-8")
    done = render_issue(issue, tmp_path / "稿2.docx", RenderOptions(draft=True))
    assert done.docx.exists() and any("送审版本未保存" in w for w in done.warnings)


# ----------------------------------------------------------------------------- period line and part title


@pytest.mark.parametrize(
    ("change", "told"),
    [
        (lambda e: e.delete_paragraph("（9月26日—9月30日）"), "删去了期间行"),
        (lambda e: e.replace("（9月26日—9月30日）", "9月30日", "10月2日"), "改动了期间行"),
        (lambda e: e.replace("政务服务工作", "政务服务工作", "政务服务工作情况"), "改动了部分标题"),
    ],
)
def test_an_edit_to_the_period_line_or_a_part_title_is_shown_as_such_and_never_guessed(sent, tmp_path, change, told):
    """Before: a deleted period line made the import guess a period a month off and erase the
    period template; a reworded part title became a bogus 编者按."""
    issue, draft = sent
    edit = WordEdit(draft)
    change(edit)
    plan = plan_import(edit.save(tmp_path / "批改稿.docx"), issue)
    assert plan.empty and not plan.head and not plan.head_removed and not plan.tables and not plan.deleted
    assert all(fields is None for rows in plan.entries.values() for _id, fields in rows)
    assert any(told in p for p in plan.problems)
    assert [line.what for line in plan.changes] == ["未回填"]
