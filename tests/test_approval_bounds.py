"""The approved file's reader is bounded: its text is built once, its comments, ranges and
revisions are capped, and its revisions are counted one per stretch of changed text.

The attacks are hand-made .docx files of a few hundred KB that made the reader copy one string
again for every run (2,000 open comment ranges over 20,000 runs; one comment of 1.5 million
runs): the old reader ran for minutes on them. No clock is read here: each attack runs in a
subprocess that is given a generous time (TIMEOUT) the old reader was far beyond; the caps are
tested by their counts.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES
from tests.wordedit import WordEdit
from zhoubao.errors import ZhoubaoError
from zhoubao.importing.revisions import (
    MARKED_CHARS,
    MAX_COMMENT_CHARS,
    MAX_COMMENT_MARKS,
    MAX_COMMENTS,
    MAX_REVISIONS,
    read_approved,
)
from zhoubao.render import render_issue

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TIMEOUT = 120  # seconds: the reader needs a few; the old one needed many minutes for each attack
ROOT = Path(__file__).resolve().parent.parent


def package(path: Path, body: str, comments: str = "") -> Path:
    """A minimal .docx: the document's body (paragraphs as XML text) and, if given, comments.xml."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as docx:
        docx.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/></Types>',
        )
        docx.writestr("word/document.xml", f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>')
        if comments:
            docx.writestr("word/comments.xml", f'<w:comments xmlns:w="{W}">{comments}</w:comments>')
    return path


def comments_part(count: int, text: str = "请核对") -> str:
    return "".join(
        f'<w:comment w:id="{i}" w:author="张主任"><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:comment>'
        for i in range(count)
    )


def read_in_subprocess(docx: Path) -> str:
    """Read `docx` in a fresh interpreter, bounded by TIMEOUT; what it printed (or its one-line error)."""
    code = (
        "import sys; from pathlib import Path\n"
        "from zhoubao.errors import ZhoubaoError\n"
        "from zhoubao.importing.revisions import read_approved\n"
        "try:\n"
        "    a = read_approved(Path(sys.argv[1]))\n"
        "    print(len(a.comments), max((len(c.marked) for c in a.comments), default=0))\n"
        "except ZhoubaoError as e:\n"
        "    print('refused', e.message)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(docx)], capture_output=True, text=True, timeout=TIMEOUT, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_many_open_comment_ranges_over_many_runs_are_read_in_one_pass(tmp_path):
    """900 comment ranges opened at the start and left open over 60,000 runs: the old reader
    appended every run's text to every open comment (54 million string copies, ever longer)."""
    ranges = 900
    starts = "".join(f'<w:commentRangeStart w:id="{i}"/>' for i in range(ranges))
    runs = "<w:r><w:t>字</w:t></w:r>" * 60_000
    docx = package(tmp_path / "批改稿.docx", f"<w:p>{starts}{runs}</w:p>", comments_part(ranges))
    assert docx.stat().st_size < 200_000
    assert read_in_subprocess(docx) == f"{ranges} {MARKED_CHARS}"


def test_one_comment_of_a_million_and_a_half_runs_is_refused_at_its_cap(tmp_path):
    """One comment whose text is 1.5 million runs of one character: the old reader copied the
    comment's text again for each run (over a minute); its cap refuses it at the 20,000th."""
    runs = "<w:r><w:t>批</w:t></w:r>" * 1_500_000
    comment = f'<w:comment w:id="0" w:author="张主任"><w:p>{runs}</w:p></w:comment>'
    docx = package(tmp_path / "批改稿.docx", "<w:p><w:r><w:t>正文</w:t></w:r></w:p>", comment)
    out = read_in_subprocess(docx)
    assert out.startswith("refused") and "批注" in out and f"{MAX_COMMENT_CHARS // 10000} 万字" in out


def test_comments_beyond_the_cap_are_refused_in_one_line(tmp_path):
    docx = package(tmp_path / "a.docx", "<w:p><w:r><w:t>正文</w:t></w:r></w:p>", comments_part(MAX_COMMENTS + 1))
    with pytest.raises(ZhoubaoError, match=f"批注超过 {MAX_COMMENTS} 处"):
        read_approved(docx)
    fine = package(tmp_path / "b.docx", "<w:p><w:r><w:t>正文</w:t></w:r></w:p>", comments_part(MAX_COMMENTS))
    assert len(read_approved(fine).comments) == MAX_COMMENTS


def test_comment_ranges_beyond_the_cap_are_refused(tmp_path):
    marks = '<w:commentRangeStart w:id="1"/><w:commentRangeEnd w:id="1"/>' * (MAX_COMMENT_MARKS // 2 + 1)
    docx = package(tmp_path / "a.docx", f"<w:p>{marks}<w:r><w:t>正文</w:t></w:r></w:p>", comments_part(2))
    with pytest.raises(ZhoubaoError, match=f"批注标记超过 {MAX_COMMENT_MARKS} 处"):
        read_approved(docx)


def test_revision_marks_beyond_the_cap_are_refused(tmp_path):
    inserted = '<w:ins w:id="1" w:author="a"><w:r><w:t>字</w:t></w:r></w:ins><w:r><w:t>x</w:t></w:r>'
    docx = package(tmp_path / "a.docx", f"<w:p>{inserted * (MAX_REVISIONS + 1)}</w:p>")
    with pytest.raises(ZhoubaoError, match=f"修订标记超过 {MAX_REVISIONS} 处"):
        read_approved(docx)


def test_the_marked_text_of_a_comment_is_the_text_it_spans_across_paragraphs(tmp_path):
    body = (
        '<w:p><w:r><w:t>甲</w:t></w:r><w:commentRangeStart w:id="7"/><w:r><w:t>乙丙</w:t></w:r></w:p>'
        '<w:p><w:del w:id="2" w:author="a"><w:r><w:delText>删</w:delText></w:r></w:del>'
        '<w:r><w:t>丁</w:t></w:r><w:commentRangeEnd w:id="7"/><w:r><w:t>戊</w:t></w:r></w:p>'
    )
    comment = read_approved(package(tmp_path / "a.docx", body, comments_part(8))).comments[0]
    assert (comment.id, comment.marked, comment.paragraph) == ("7", "乙丙丁", 0)


def test_two_insertions_and_a_deletion_in_one_paragraph_are_three_revisions(tmp_path):
    """Issue 21, point 9: the count said “2 处修订（插入1、删除1）” for these."""
    issue = tmp_path / "2022-33.toml"
    shutil.copy(EXAMPLES / "2022-33.toml", issue)
    rendered = render_issue(issue, tmp_path / "送审.docx").docx
    edit = WordEdit(rendered)
    edit.tracked_insert("省交通物流发展中心二级巡视员", "详细了解", "认真")
    edit.tracked_insert("省交通物流发展中心二级巡视员", "走访调研", "并座谈")
    edit.tracked_delete("省交通物流发展中心二级巡视员", "大件运输审批团队")
    summary = read_approved(edit.save(tmp_path / "批改稿.docx")).summary()
    assert summary.startswith("3 处修订（插入2、删除1），在“（1）9月28日，省交通")


def test_a_run_split_inside_one_insertion_is_still_one_revision(tmp_path):
    """Word splits one typed stretch into runs, and sometimes into w:ins side by side: one 处."""
    body = (
        "<w:p><w:r><w:t>原文</w:t></w:r>"
        '<w:ins w:id="1" w:author="a"><w:r><w:t>新</w:t></w:r><w:r><w:t>加</w:t></w:r></w:ins>'
        '<w:proofErr w:type="spellStart"/><w:bookmarkStart w:id="0" w:name="_GoBack"/>'
        '<w:ins w:id="2" w:author="a"><w:r><w:rPr><w:b/></w:rPr><w:t>的字</w:t></w:r></w:ins>'
        "<w:r><w:t>原文</w:t></w:r></w:p>"
    )
    read = read_approved(package(tmp_path / "a.docx", body))
    assert read.summary().startswith("1 处修订（插入1）")
