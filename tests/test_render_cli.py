"""render from the command line: names, drafts, same bytes, literal text, batches, PDF without LibreOffice."""

from __future__ import annotations

import os
import pty
import select
import shutil
import subprocess
import zipfile
from pathlib import Path

from tests.conftest import EXAMPLES, audit, run, zhoubao_exe
from tests.layout_checks import assert_layout
from zhoubao import edits, store


def document_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read("word/document.xml").decode("utf-8")


def test_default_name_beside_the_issue_and_zero_deviations(example):
    r = run("render", "-f", str(example))
    assert r.returncode == 0, r.stderr
    out = example.with_name("窗口工作周报-2022年第33期.docx")
    assert out.exists()
    assert_layout(out)
    assert audit(out) == "0 deviations"


def test_two_renders_are_byte_identical(example, tmp_path):
    a, b = tmp_path / "a.docx", tmp_path / "b.docx"
    assert run("render", "-f", str(example), "-o", str(a)).returncode == 0
    assert run("render", "-f", str(example), "-o", str(b)).returncode == 0
    assert a.read_bytes() == b.read_bytes()


def test_user_text_comes_out_literally(example, tmp_path):
    # In place of an item's text, not beside it: the example fills its four pages, and one more item
    # sends the 版记 to a page of its own (unnumbered, GB/T 9704 7.5), which is not this test's matter.
    last = store.load_issue(example).sections_holding("news")[-1].entries[-1]
    edits.edit_entry(example, last.id, text="模板{{ 7*7 }}、标签<w:p>与符号&都照印。")
    out = tmp_path / "x.docx"
    assert run("render", "-f", str(example), "-o", str(out)).returncode == 0
    xml = document_xml(out)
    assert "{{ 7*7 }}" in xml and "&lt;w:p&gt;" in xml and "&amp;" in xml and "49" not in xml.split("{{ 7*7 }}")[0][-5:]
    assert_layout(out)
    assert audit(out) == "0 deviations"


def test_draft_is_marked_and_final_is_not(example, tmp_path):
    assert run("render", "-f", str(example), "--draft").returncode == 0
    draft = example.with_name("窗口工作周报-2022年第33期-送审稿.docx")
    assert "送审稿" in document_xml(draft)
    assert_layout(draft)
    final = tmp_path / "final.docx"
    run("render", "-f", str(example), "-o", str(final))
    assert "送审稿" not in document_xml(final)
    assert audit(draft) == "0 deviations"


def _year_of_issues(folder: Path, count: int) -> list[Path]:
    paths = []
    for n in range(1, count + 1):
        path = folder / f"2022-{n:02d}.toml"
        text = (EXAMPLES / "2022-33.toml").read_text(encoding="utf-8")
        path.write_text(
            text.replace("number = 33", f"number = {n}").replace("total = 408", f"total = {375 + n}"), encoding="utf-8"
        )
        paths.append(path)
    return paths


def test_a_year_of_issues_renders_in_one_process(tmp_path):
    issues = _year_of_issues(tmp_path, 52)
    outdir = tmp_path / "out"
    outdir.mkdir()
    r = run("render", *map(str, issues), "-d", str(outdir))
    assert r.returncode == 0, r.stderr
    made = sorted(outdir.glob("*.docx"))
    assert len(made) == 52
    assert_layout(outdir / "窗口工作周报-2022年第52期.docx")
    assert "\x1b[" not in r.stderr  # no progress bar when stderr is not a terminal
    assert audit(outdir / "窗口工作周报-2022年第52期.docx") == "0 deviations"


def test_a_batch_with_previews_converts_them_all_in_one_run(tmp_path, monkeypatch):
    """LibreOffice's start is most of a preview's seconds: a batch makes every .docx first, then
    converts them together (word.pdf.to_pdfs starts LibreOffice once a step); an existing PDF of
    the tool's own earlier render is replaced, as one issue's render replaces it."""
    from zhoubao import render
    from zhoubao.word import pdf

    calls: list[list[tuple[Path, Path]]] = []

    def converted(pairs, timeout=120, engine="auto", *, replace=False):
        calls.append([(Path(a), Path(b)) for a, b in pairs])
        for _docx, target in pairs:
            Path(target).write_bytes(b"%PDF-1.7 stand-in")
        return [Path(target) for _docx, target in pairs]

    monkeypatch.setattr(pdf, "to_pdfs", converted)
    issues = _year_of_issues(tmp_path, 3)
    outdir = tmp_path / "out"
    done = render.render_many(issues, outdir, render.RenderOptions(pdf=True))
    assert len(calls) == 1 and [docx for docx, _ in calls[0]] == [r.out for r in done]
    assert all(r.pdf == r.out.with_suffix(".pdf") and r.pdf.exists() for r in done)
    again = render.render_many(issues, outdir, render.RenderOptions(pdf=True))  # our own: replaced
    assert len(calls) == 2 and all(r.pdf is not None for r in again)


def test_batch_shows_a_progress_bar_on_a_terminal(tmp_path):
    issues = _year_of_issues(tmp_path, 3)
    outdir = tmp_path / "out"
    outdir.mkdir()
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [*zhoubao_exe(), "render", *map(str, issues), "-d", str(outdir)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=slave,
        env={**os.environ, "COLUMNS": "100", "TERM": "xterm"},
    )
    os.close(slave)
    seen = b""
    while True:
        ready, _, _ = select.select([master], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    proc.wait(timeout=60)
    os.close(master)
    assert proc.returncode == 0
    assert "生成中".encode() in seen and b"3/3" in seen


def test_batch_needs_an_output_folder_and_names_the_bad_issue(tmp_path):
    issues = _year_of_issues(tmp_path, 2)
    r = run("render", *map(str, issues))
    assert r.returncode != 0 and "-d" in r.stderr
    issues[1].write_text("[issue\n", encoding="utf-8")
    outdir = tmp_path / "out"
    outdir.mkdir()
    r = run("render", *map(str, issues), "-d", str(outdir))
    assert r.returncode != 0 and issues[1].name in r.stderr and r.stderr.count("\n") == 1


def test_pdf_without_libreoffice_says_how_to_install_and_keeps_the_docx(example, tmp_path, invoke, monkeypatch):
    from zhoubao.word import pdf

    out = tmp_path / "x.docx"
    bare = tmp_path / "bin"
    bare.mkdir()
    monkeypatch.setenv("PATH", str(bare))  # nothing on PATH, and none in the install locations
    monkeypatch.setattr(pdf, "soffice_candidates", lambda: [])
    monkeypatch.delenv("ZHOUBAO_SOFFICE", raising=False)
    r = invoke("render", "-f", str(example), "-o", str(out), "--pdf")
    assert r.exit_code != 0
    assert "LibreOffice" in r.stderr and "apt-get install" in r.stderr and r.stderr.count("\n") == 1
    assert out.exists()
    assert_layout(out)
    assert audit(out) == "0 deviations"


def test_bad_output_paths_are_refused(example, tmp_path):
    assert "docx" in run("render", "-f", str(example), "-o", str(tmp_path / "x.pdf")).stderr
    assert "不存在" in run("render", "-f", str(example), "-o", str(tmp_path / "no" / "x.docx")).stderr
    assert shutil.which("python3")


def test_a_final_render_of_an_unfinished_issue_is_refused_naming_the_errors(issue, tmp_path):
    out = tmp_path / "final.docx"
    r = run("render", "-f", str(issue), "-o", str(out))
    assert r.returncode == 1 and "还不能生成定稿" in r.stderr and "缺少受理" in r.stderr and "--draft" in r.stderr
    assert not out.exists()
    assert run("render", "-f", str(issue), "-o", str(out), "--draft").returncode == 0
    out.unlink()
    assert run("render", "-f", str(issue), "-o", str(out), "--force").returncode == 0 and out.exists()


def test_a_batch_makes_its_folder_and_refuses_two_issues_writing_one_file(example, tmp_path):
    copy = tmp_path / "copy.toml"
    copy.write_bytes(example.read_bytes())
    outdir = tmp_path / "归档" / "2022"
    r = run("render", str(example), str(copy), "-d", str(outdir))
    assert r.returncode == 1 and "都会生成" in r.stderr and "未生成任何文件" in r.stderr
    assert not outdir.exists()
    r = run("render", str(example), "-d", str(outdir))
    assert r.returncode == 0, r.stderr
    assert [p.name for p in outdir.iterdir()] == ["窗口工作周报-2022年第33期.docx"]


def test_a_supplement_and_the_regular_issue_of_one_number_write_different_files(example, tmp_path):
    supplement = tmp_path / "zk.toml"
    r = run(
        "new",
        str(supplement),
        "--supplement",
        "--number",
        "33",
        "--date",
        "2022-11-02",
        "--period",
        "2022-09-26..2022-09-30",
    )
    assert r.returncode == 0, r.stderr
    r = run("render", str(example), str(supplement), "-d", str(tmp_path / "out"), "--draft")
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "窗口工作周报-2022年增刊第33期-送审稿.docx",
        "窗口工作周报-2022年第33期-送审稿.docx",
    ]
