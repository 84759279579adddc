"""The approval round trip: the leader's edits in Word come back into the issue file.

The clerk renders the week's bulletin and sends it up; the leader changes a word, strikes a
sentence, adds an item, corrects a figure, with track changes on and a comment or two; the clerk
brings the approved file back with `zhoubao import 批改稿.docx --into 期刊.toml`. The approved
files here are made from a real rendering by editing its XML the way Word saves (tests/wordedit.py).
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
from zhoubao.compose import compose
from zhoubao.errors import ZhoubaoError
from zhoubao.importing.approval import plan_import, printed_paragraphs
from zhoubao.importing.docx import read_paragraphs
from zhoubao.importing.revisions import DELETED, FORMATTED, INSERTED, read_approved
from zhoubao.render import RenderOptions, render_issue

NEW_ITEM = "（3）9月30日，交通运输厅窗口推行“午间不打烊”服务，全周办件1200余件。"


@pytest.fixture(scope="module")
def sent_week(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of `week`, made once for the module: each test gets its own copy."""
    folder = tmp_path_factory.mktemp("week")
    shutil.copy(EXAMPLES / "2022-33.toml", folder / "2022-33.toml")
    render_issue(folder / "2022-33.toml", folder / "送审.docx")
    return folder


@pytest.fixture
def week(tmp_path: Path, sent_week: Path) -> tuple[Path, Path]:
    """This week's issue file and the .docx rendered from it, as sent for approval (with the sent
    version the render kept in .zhoubao-sent/, which names no path)."""
    shutil.copytree(sent_week, tmp_path, dirs_exist_ok=True)
    return tmp_path / "2022-33.toml", tmp_path / "送审.docx"


def leader_edits(rendered: Path, out: Path) -> Path:
    """What the leader did in Word: a word typed over (track changes off), then with track
    changes on an insertion, a deletion, a figure corrected, an item added under （二）, a visit
    struck out (the next one renumbered), a word made bold, and a comment."""
    edit = WordEdit(rendered)
    edit.replace("经济和信息化厅组织召开", "推进会", "部署会")
    edit.bookmark("经济和信息化厅组织召开")
    edit.tracked_insert("省交通物流发展中心二级巡视员", "详细了解", "认真")
    edit.tracked_delete("生态环境厅党组书记", "亲手为两家企业办理业务，")
    edit.tracked_replace("据四川一体化政务服务平台", "644608", "644700")
    edit.tracked_insert_paragraph("经济和信息化厅组织召开", NEW_ITEM)
    edit.tracked_delete_paragraph("商务厅一级巡视员刘祥超")
    edit.tracked_replace("生态环境厅党组书记", "（3）", "（2）")
    edit.tracked_bold("大厅防控情况", "大厅人员管控到位")
    edit.comment("斯伦贝谢科技服务", "锦旗和感谢信", "此条请补充办件数量。")
    return edit.save(out)


def texts(paragraphs) -> list[str]:
    return [p.text for p in paragraphs if p.text.strip()]


def test_the_approved_text_comes_back_and_renders_paragraph_for_paragraph(week, invoke, tmp_path):
    issue, rendered = week
    approved = leader_edits(rendered, tmp_path / "批改稿.docx")

    done = invoke("import", str(approved), "--into", str(issue), "--accept-changes", "--yes")
    assert done.exit_code == 0, done.stderr
    assert "已把 批改稿.docx 中的" in done.stderr

    again = render_issue(issue, tmp_path / "定稿.docx").docx
    assert texts(read_paragraphs(again)) == texts(read_approved(approved).accepted)

    shown = json.loads(invoke("show", "--json", "-f", str(issue)).stdout)
    sections = {s["title"]: s for top in shown["section"] for s in [top, *top.get("sub", [])]}
    stats = sections["省级政务服务事项受理办理情况"]["category"][0]
    assert stats["name"] == "行政许可事项" and stats["values"]["受理"] == 644700
    efficiency = sections["窗口服务效能提升工作情况"]["entry"]
    assert [e["id"] for e in efficiency] == [2, 3, 7]  # old ids kept, the added item a new one
    assert "部署会" in efficiency[1]["text"]
    assert efficiency[2]["text"] == "交通运输厅窗口推行“午间不打烊”服务，全周办件1200余件。"
    assert efficiency[2]["date"] == "2022-09-30"
    visits = sections["厅（局）长进大厅"]["entry"]
    assert [e["id"] for e in visits] == [4, 6]  # the struck-out visit is gone
    assert "详细了解认真" in visits[0]["text"] and "亲手" not in visits[1]["text"]
    # the comment was listed, never written into the issue
    assert "张主任" in done.stdout and "此条请补充办件数量。" in done.stdout and "条目 #2" in done.stdout
    assert "此条请补充" not in issue.read_text(encoding="utf-8")
    assert (issue.parent / "2022-33.toml.bak").read_bytes() == (EXAMPLES / "2022-33.toml").read_bytes()


def test_unresolved_revisions_are_refused_and_the_issue_stays_as_it_was(week, invoke, tmp_path):
    issue, rendered = week
    approved = leader_edits(rendered, tmp_path / "批改稿.docx")
    before = issue.read_bytes()

    done = invoke("import", str(approved), "--into", str(issue), "--yes")

    assert done.exit_code == 1
    line = done.stderr.strip()
    assert "\n" not in line and "Traceback" not in line
    # two deletions in the visit of 生态环境厅 (亲手… and the item number （3）) are two 处 (issue 21, point 9)
    assert "9 处修订（插入4、删除4、格式修改1）" in line and "--accept-changes" in line
    assert issue.read_bytes() == before
    assert not (issue.parent / "2022-33.toml.bak").exists()


def test_reject_changes_takes_the_original_text_and_only_what_was_typed_without_tracking(week, tmp_path):
    issue, rendered = week
    approved = leader_edits(rendered, tmp_path / "批改稿.docx")

    plan = plan_import(approved, issue, "reject")

    assert [c.where for c in plan.changes] == ["栏目“窗口服务效能提升工作情况”条目 #3"]
    assert "部署会" in plan.changes[0].new


def test_off_a_terminal_without_yes_the_changes_are_shown_and_nothing_is_written(week, invoke, tmp_path):
    issue, rendered = week
    edit = WordEdit(rendered)
    edit.replace("经济和信息化厅组织召开", "推进会", "部署会")
    approved = edit.save(tmp_path / "批改稿.docx")
    before = issue.read_bytes()

    done = invoke("import", str(approved), "--into", str(issue))

    assert done.exit_code == 3
    assert "【修改】栏目“窗口服务效能提升工作情况”条目 #3" in done.stdout
    assert "原：" in done.stdout and "新：" in done.stdout and "部署会" in done.stdout
    assert "未回填" in done.stderr and "--yes" in done.stderr
    assert issue.read_bytes() == before


def test_an_approved_file_without_changes_writes_nothing(week, invoke):
    issue, rendered = week
    before = issue.read_bytes()
    done = invoke("import", str(rendered), "--into", str(issue), "--yes")
    assert done.exit_code == 0
    assert "没有要回填的改动" in done.stderr
    assert issue.read_bytes() == before


@pytest.mark.parametrize("draft", [False, True])
def test_the_issue_is_compared_paragraph_for_paragraph_as_the_docx_holds_it(week, tmp_path, draft):
    """The base of the comparison is the outline's paragraphs as the writer sets them: the same
    texts, the mark line's and the unit line's tabs and the 版记 in its table included."""
    issue_path, _rendered = week
    rendered = render_issue(issue_path, tmp_path / "稿.docx", RenderOptions(draft=draft)).docx
    issue = store.load_issue(issue_path)
    outline = compose(issue, draft=draft, previous=store.load_previous(issue_path, issue)[0])

    def seen(paragraphs) -> list[tuple[str, bool]]:
        return [(p.text, p.in_table) for p in paragraphs if p.text.strip()]

    assert seen(printed_paragraphs(outline)) == seen(read_paragraphs(rendered))
    assert any("\t" in text for text, _ in seen(read_paragraphs(rendered)))


def test_masthead_date_distribution_and_copies_come_back(week, invoke, tmp_path):
    issue, rendered = week
    edit = WordEdit(rendered)
    edit.replace("2022年11月1日", "11月1日", "11月2日")
    edit.replace("（共印80份）", "80", "100")
    edit.replace("发：各部门窗口。", "各部门窗口", "各部门窗口、各市（州）政务服务中心")
    approved = edit.save(tmp_path / "批改稿.docx")

    assert invoke("import", str(approved), "--into", str(issue), "--yes").exit_code == 0

    shown = json.loads(invoke("show", "--json", "-f", str(issue)).stdout)
    assert shown["issue"]["date"] == "2022-11-02"
    assert shown["distribution"]["copies"] == 100
    assert shown["distribution"]["line"][2] == {"label": "发", "text": "各部门窗口、各市（州）政务服务中心"}


def test_a_moved_entry_keeps_its_id_in_the_new_order(week, invoke, tmp_path):
    issue, rendered = week
    edit = WordEdit(rendered)
    first = edit.paragraph("斯伦贝谢科技服务")
    second = edit.paragraph("经济和信息化厅组织召开")
    second.addnext(first)  # cut and pasted below the other, numbers put right by the leader
    approved = edit.save(tmp_path / "批改稿.docx")
    edit = WordEdit(approved)
    edit.replace("斯伦贝谢科技服务", "（1）", "（2）")
    edit.replace("经济和信息化厅组织召开", "（2）", "（1）")
    approved = edit.save(approved)

    assert invoke("import", str(approved), "--into", str(issue), "--yes").exit_code == 0

    shown = json.loads(invoke("show", "--json", "-f", str(issue)).stdout)
    efficiency = shown["section"][3]["sub"][1]["entry"]
    assert [e["id"] for e in efficiency] == [3, 2]


def test_a_statistics_sentence_in_other_words_is_reported_not_guessed(week, tmp_path):
    issue, rendered = week
    edit = WordEdit(rendered)
    edit.replace("据四川一体化政务服务平台", "644608件，办结", "644700件，已办结")
    plan = plan_import(edit.save(tmp_path / "批改稿.docx"), issue)
    assert not plan.figures
    assert any("文字与模板生成的不同" in p for p in plan.problems)


def test_a_computed_total_changed_by_the_approver_is_reported_not_stored(tmp_path):
    issue = tmp_path / "ggzy.toml"
    shutil.copy(EXAMPLES / "ggzy-2023-05.toml", issue)
    rendered = render_issue(issue, tmp_path / "送审.docx", RenderOptions(force=True)).docx
    lead = "全省完成公共资源交易项目366个，交易金额"
    sentence = next(t for t in texts(read_paragraphs(rendered)) if lead in t)
    total = sentence.split(lead)[1].split("亿元")[0]
    edit = WordEdit(rendered)
    edit.replace(lead, f"交易金额{total}", f"交易金额{total}9")

    plan = plan_import(edit.save(tmp_path / "批改稿.docx"), issue)

    assert not plan.figures
    assert any("计算得出的数" in p and f"{total}9" in p for p in plan.problems)


def test_a_paragraph_that_fits_nowhere_is_listed(week, tmp_path):
    issue, rendered = week
    edit = WordEdit(rendered)
    edit.tracked_insert_paragraph("大厅防控情况", "四、下周工作安排")
    edit.replace("经济和信息化厅组织召开", "推进会", "部署会")
    plan = plan_import(edit.save(tmp_path / "批改稿.docx"), issue, "accept")
    assert any("下周工作安排" in line and "未回填" in line for line in plan.problems)
    assert any("部署会" in c.new for c in plan.changes)  # the rest is still brought back


def test_revisions_and_comments_are_read_as_word_writes_them(week, tmp_path):
    _issue, rendered = week
    approved = leader_edits(rendered, tmp_path / "批改稿.docx")
    read = read_approved(approved)
    kinds = [r.kind for r in read.revisions]
    assert kinds.count(INSERTED) == 4 and kinds.count(DELETED) == 4 and kinds.count(FORMATTED) == 1  # issue 21.9
    accepted, original = texts(read.accepted), texts(read.original)
    assert NEW_ITEM in accepted and NEW_ITEM not in original
    assert any("刘祥超" in t for t in original) and not any("刘祥超" in t for t in accepted)
    (comment,) = read.comments
    assert (comment.author, comment.marked, comment.text) == ("张主任", "锦旗和感谢信", "此条请补充办件数量。")
    assert not comment.resolved


def test_a_hostile_comments_part_is_refused_like_any_hostile_file(week, invoke, tmp_path):
    issue, rendered = week
    approved = tmp_path / "批改稿.docx"
    with zipfile.ZipFile(rendered) as source, zipfile.ZipFile(approved, "w") as out:
        for name in source.namelist():
            out.writestr(name, source.read(name))
        out.writestr(
            "word/comments.xml",
            '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><w:comments '
            'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">&a;</w:comments>',
        )
    before = issue.read_bytes()
    done = invoke("import", str(approved), "--into", str(issue), "--yes")
    assert done.exit_code == 1 and "DOCTYPE" in done.stderr
    assert issue.read_bytes() == before
    with pytest.raises(ZhoubaoError, match="不是 Word 文档"):
        plan_import(issue, issue)


def test_into_with_an_output_is_a_usage_error(week, invoke):
    issue, rendered = week
    done = invoke("import", str(rendered), "--into", str(issue), "-o", str(issue))
    assert done.exit_code == 2
    assert invoke("import", str(rendered), "--yes").exit_code == 2


def test_a_visit_whose_lead_can_no_longer_be_read_is_kept_as_it_was_and_told(week, invoke, tmp_path):
    issue, rendered = week
    edit = WordEdit(rendered)
    edit.replace("省交通物流发展中心二级巡视员", "9月28日，", "")
    edit.replace("经济和信息化厅组织召开", "推进会", "部署会")
    approved = edit.save(tmp_path / "批改稿.docx")

    done = invoke("import", str(approved), "--into", str(issue), "--yes")

    assert done.exit_code == 0
    assert "条目 #4 在批改稿中的改动无法读回：该条保留原样" in done.stdout
    shown = json.loads(invoke("show", "--json", "-f", str(issue)).stdout)
    visits = shown["section"][3]["sub"][2]["entry"]
    assert [e["id"] for e in visits] == [4, 5, 6] and visits[0]["date"] == "2022-09-28"
    assert "部署会" in shown["section"][3]["sub"][1]["entry"][1]["text"]


def test_an_editors_note_a_checklist_result_and_an_items_date_come_back(week, invoke, tmp_path):
    issue, rendered = week
    edit = WordEdit(rendered)
    edit.tracked_insert_paragraph("四川省政府政务服务和公共资源交易服务中心", "编者按：本周窗口办件量再创新高。")
    edit.replace("（五）纪律秩序。总体情况良好。", "总体情况良好。", "个别窗口人员离岗未挂牌。")
    edit.replace("斯伦贝谢科技服务", "9月28日", "9月27日")
    approved = edit.save(tmp_path / "批改稿.docx")

    done = invoke("import", str(approved), "--into", str(issue), "--accept-changes", "--yes")
    assert done.exit_code == 0, done.stdout + done.stderr

    shown = json.loads(invoke("show", "--json", "-f", str(issue)).stdout)
    assert shown["section"][0]["text"] == "本周窗口办件量再创新高。"
    items = {it["name"]: it for it in shown["section"][4]["item"]}
    assert items["纪律秩序"]["result"] == "个别窗口人员离岗未挂牌。"
    assert items["着装情况"]["result"] == "总体情况良好。"
    item = shown["section"][3]["sub"][1]["entry"][0]
    assert (item["id"], item["date"]) == (2, "2022-09-27")
    again = render_issue(issue, tmp_path / "定稿.docx").docx
    assert texts(read_paragraphs(again)) == texts(read_approved(approved).accepted)


def test_the_file_of_another_issue_is_refused(week, tmp_path):
    issue, rendered = week
    other = tmp_path / "ggzy.toml"
    shutil.copy(EXAMPLES / "ggzy-2023-05.toml", other)
    before = other.read_bytes()
    with pytest.raises(ZhoubaoError, match="请检查是否选错文件"):
        plan_import(rendered, other)
    assert other.read_bytes() == before


def test_at_a_terminal_the_clerk_is_asked_and_only_yes_writes(week, invoke, tmp_path, monkeypatch):
    issue, rendered = week
    edit = WordEdit(rendered)
    edit.replace("经济和信息化厅组织召开", "推进会", "部署会")
    approved = edit.save(tmp_path / "批改稿.docx")
    before = issue.read_bytes()
    monkeypatch.setattr("zhoubao.cli._common.interactive", lambda: True)

    declined = invoke("import", str(approved), "--into", str(issue), input="n\n")
    assert declined.exit_code == 3 and "回填到 2022-33.toml？" in declined.stdout
    assert issue.read_bytes() == before

    accepted = invoke("import", str(approved), "--into", str(issue), input="y\n")
    assert accepted.exit_code == 0, accepted.stderr
    assert "部署会" in issue.read_text(encoding="utf-8")


def test_a_move_with_track_changes_keeps_the_ids_in_the_new_order(week, invoke, tmp_path):
    issue, rendered = week
    edit = WordEdit(rendered)
    edit.replace("斯伦贝谢科技服务", "（1）", "（2）")
    edit.replace("经济和信息化厅组织召开", "（2）", "（1）")
    edit.tracked_move_after("斯伦贝谢科技服务", "经济和信息化厅组织召开")
    edit.tracked_indent("经济和信息化厅组织召开")
    approved = edit.save(tmp_path / "批改稿.docx")
    read = read_approved(approved)
    assert "移动2" in read.summary() and "格式修改1" in read.summary()

    assert not plan_import(approved, issue, "reject").changes  # the original: as it was
    done = invoke("import", str(approved), "--into", str(issue), "--accept-changes", "--yes")
    assert done.exit_code == 0, done.stderr
    shown = json.loads(invoke("show", "--json", "-f", str(issue)).stdout)
    assert [e["id"] for e in shown["section"][3]["sub"][1]["entry"]] == [3, 2]


def test_runs_split_a_character_at_a_time_read_as_the_same_text(week, tmp_path):
    issue, rendered = week
    edit = WordEdit(rendered)
    edit.runs_per_character("经济和信息化厅组织召开")
    edit.runs_per_character("（五）纪律秩序")
    edit.bookmark("（五）纪律秩序")
    plan = plan_import(edit.save(tmp_path / "批改稿.docx"), issue)
    assert plan.empty and not plan.problems


def test_hand_comments_and_templates_stay_as_they_were(week, invoke, tmp_path):
    issue, rendered = week
    text = issue.read_text(encoding="utf-8")
    text = text.replace(
        "[[section.sub.entry]]\nid = 3\n", "# 经信厅的稿子，周五前核实\n[[section.sub.entry]]\nid = 3\n"
    )
    issue.write_text(text, encoding="utf-8")
    edit = WordEdit(rendered)
    edit.replace("经济和信息化厅组织召开", "推进会", "部署会")
    edit.tracked_delete_paragraph("斯伦贝谢科技服务")
    edit.tracked_replace("经济和信息化厅组织召开", "（2）", "")
    approved = edit.save(tmp_path / "批改稿.docx")

    assert invoke("import", str(approved), "--into", str(issue), "--accept-changes", "--yes").exit_code == 0

    after = issue.read_text(encoding="utf-8")
    assert "# 经信厅的稿子，周五前核实\n[[section.sub.entry]]\nid = 3\n" in after
    assert "部署会" in after and "斯伦贝谢" not in after
    for line in text.splitlines():
        if line.startswith(("template =", "subtitle =", "issue_line =")):
            assert line in after


def test_a_resolved_comment_is_told_as_resolved(week, invoke, tmp_path):
    issue, rendered = week
    edit = WordEdit(rendered)
    edit.comment("大厅防控情况", "核酸检测", "已按最新要求改。", author="李科长", done=True)
    approved = edit.save(tmp_path / "批改稿.docx")
    done = invoke("import", str(approved), "--into", str(issue))
    assert done.exit_code == 0  # nothing to write: a comment is no change
    assert "李科长" in done.stdout and "已解决" in done.stdout and "巡查情况" in done.stdout


def test_a_figure_with_decimals_is_stored_and_the_totals_it_moves_are_told(tmp_path):
    issue = tmp_path / "ggzy.toml"
    shutil.copy(EXAMPLES / "ggzy-2023-05.toml", issue)
    rendered = render_issue(issue, tmp_path / "送审.docx", RenderOptions(force=True)).docx
    edit = WordEdit(rendered)
    edit.replace("节约率", "58.37", "58.47")  # the leader corrects one figure, not the total

    plan = plan_import(edit.save(tmp_path / "批改稿.docx"), issue)

    assert [(path, f.name, f.column, f.value) for path, f in plan.figures] == [
        ((1,), "工程建设项目招标投标", "交易金额", 58.47)
    ]
    assert any("“93.81”" in p and "应为“93.91”" in p for p in plan.problems)


def test_a_figure_of_a_category_lacking_a_column_comes_back_and_the_column_stays_out(invoke, tmp_path):
    """土地 and 产权 lack 节约资金 (they have 溢价): the approver's corrected amount is stored, the
    category keeps no 节约资金, and the issue renders to the approved text."""
    issue = tmp_path / "ggzy.toml"
    shutil.copy(EXAMPLES / "ggzy-2023-05.toml", issue)
    rendered = render_issue(issue, tmp_path / "送审.docx", RenderOptions(force=True)).docx
    edit = WordEdit(rendered)
    edit.replace("节约率", "17宗", "18宗")
    edit.replace("节约率", "23.18", "23.28")
    approved = edit.save(tmp_path / "批改稿.docx")

    plan = plan_import(approved, issue)
    assert [(f.name, f.column, f.value) for _path, f in plan.figures] == [
        ("土地使用权和矿业权出让", "项目数", 18),
        ("土地使用权和矿业权出让", "交易金额", 23.28),
    ]
    done = invoke("import", str(approved), "--into", str(issue), "--yes")
    assert done.exit_code == 0, done.stdout + done.stderr

    shown = json.loads(invoke("show", "--json", "-f", str(issue)).stdout)
    land = {c["name"]: c for c in shown["section"][1]["category"]}["土地使用权和矿业权出让"]
    assert land["values"] == {"项目数": 18, "交易金额": 23.28} and land["lacks"] == ["节约资金"]
    again = render_issue(issue, tmp_path / "定稿.docx", RenderOptions(force=True)).docx
    sentence = next(t for t in texts(read_paragraphs(again)) if "节约率" in t)
    # the total and the shares the corrected figures move, worked out again; still no 节约资金 for land
    assert "项目367个，交易金额93.91亿元。" in sentence
    assert "土地使用权和矿业权出让18宗，交易金额23.28亿元，占24.79%；国有产权交易" in sentence


def test_what_the_approver_wrote_reaches_the_terminal_as_text_only(week, invoke, tmp_path):
    """A comment (shown, never written to the issue) carrying a C1 control (CSI, U+009B) or a
    bidirectional override is shown as its escape: it cannot move the cursor or reorder the line."""
    issue, rendered = week
    edit = WordEdit(rendered)
    edit.comment("斯伦贝谢科技服务", "锦旗和感谢信", "请核对\x9b2J数量\u202e。")
    approved = edit.save(tmp_path / "批改稿.docx")
    before = issue.read_bytes()
    shown = invoke("import", str(approved), "--into", str(issue))
    out = shown.stdout + shown.stderr
    assert "请核对" in out and "\\x9b2J数量\\u202e" in out
    assert "\x9b" not in out and "\u202e" not in out
    assert issue.read_bytes() == before
