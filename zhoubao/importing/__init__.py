"""Import: a bulletin .docx back into an issue file, from zhoubao's own output or one a clerk typed.

The render pipeline run backwards, one stage per module, each testable on its own:

    docx.py       the Word file opened defensively (size, OLE, zip bomb, DOCTYPE refused) → paragraphs;
                  the one SAX base every XML part is read with (PartReader)
    masthead.py   the issue line, unit, date and period → the issue's head; the kind by its name
    walk.py       headings matched to the kind's sections; each paragraph handed to its section's
                  type (`Section.place` in zhoubao/sections/), the tail read, nothing dropped
    visitors.py   a visit's lead split into unit, post and name
    windows.py    a finding's window told from its text, by how windows are named
    text.py       title comparison, item numbers and dates, shared by the walk and the types

The approval round trip (`import APPROVED.docx --into ISSUE.toml`) builds on the same stages:

    revisions.py  an approved file read with its track changes both ways, and its comments
    approval/     the issue as rendered and the approved file walked alike and compared: the plan
                  of changes (plan.py), its one edit through the store (apply.py), its terminal
                  view (view.py)

`zhoubao collect FOLDER` uses them on the windows' submissions: collect.py splits each file at its
dates and places the items through the section types' `place`, as the walk does.

The result is plain data, written as a new issue file through the store. Nothing here prints:
the report (what the clerk should check) is returned, and `zhoubao import` prints it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zhoubao import kinds
from zhoubao.errors import ZhoubaoError
from zhoubao.importing.docx import DocParagraph, read_paragraphs
from zhoubao.importing.masthead import kind_named, masthead_name
from zhoubao.importing.visitors import split_lead, split_visitor
from zhoubao.importing.walk import UNPLACED_TITLE, Reader
from zhoubao.model import Issue


@dataclass
class ImportResult:
    source: Path
    data: dict[str, Any]  # the issue's plain data, valid for Issue.from_dict
    report: list[str] = field(default_factory=list)  # Chinese lines: what was not placed as typed
    notes: dict[int, list[str]] = field(default_factory=dict)  # top-level section index → comment lines

    @property
    def issue(self) -> Issue:
        return Issue.from_dict(self.data)


def import_docx(docx_path: Path, kind: str | None = None, issue_dir: Path | None = None) -> ImportResult:
    """Read a bulletin .docx into an issue of `kind`.

    Without `kind`, the kind whose bulletin name is the one in the masthead, else the default kind.
    Kinds are looked up beside `issue_dir` (default: the Word file's folder) as for `new`.
    """
    docx_path = Path(docx_path)
    paragraphs = read_paragraphs(docx_path)
    _refuse_too_much_text(docx_path, paragraphs)
    folder = issue_dir if issue_dir is not None else docx_path.parent
    ref = kinds.find_kind(kind or kind_named(masthead_name(paragraphs), folder), folder)
    walked = Reader(ref.name, kinds.load_kind(ref.path), docx_path.name).read(paragraphs)
    return ImportResult(docx_path, walked.data, walked.report, walked.notes)


def _refuse_too_much_text(docx_path: Path, paragraphs: list[DocParagraph]) -> None:
    """A document whose text alone is more than an issue file may hold is refused before it is
    read into sections: the file it would make could never be written (store.MAX_BYTES), and
    typesetting megabytes of text first only makes the clerk wait for that answer."""
    from zhoubao.store import MAX_BYTES, MB

    size = sum(len(p.text.encode("utf-8")) for p in paragraphs)
    if size > MAX_BYTES:
        raise ZhoubaoError(
            f"{docx_path.name} 的正文有 {size / MB:.1f} MB，导入后的期刊文件将超过 {MAX_BYTES // MB} MB 的上限："
            "未导入；一期简报的正文不过几十 KB，请检查是否选错了文件"
        )


def default_output(docx_path: Path) -> Path:
    """`<stem>.toml` beside the Word file."""
    return docx_path.with_suffix(".toml")


def _check_output(out: Path) -> None:
    if out.suffix.lower() != ".toml":
        raise ZhoubaoError(f"输出文件 {out} 不是 .toml：期刊文件请以 .toml 结尾")


def write_import(result: ImportResult, out_path: Path | None = None, force: bool = False) -> Path:
    """Write the imported issue as a new issue file through the store (atomic; refuses to overwrite)."""
    from zhoubao import store
    from zhoubao.tomldoc import NEW_FILE_NOTE

    out = out_path if out_path is not None else default_output(result.source)
    _check_output(out)
    issue = result.issue
    comments = [
        f"{issue.name} {issue.full_label}",
        NEW_FILE_NOTE,
        f"由 {result.source.name} 导入（zhoubao import）：请用 zhoubao show、zhoubao check 核对。",
    ]
    store.create(out, store.new_document(result.data, comments, result.notes), force=force)
    return out


def import_file(
    docx: Path, output: Path | None = None, kind: str | None = None, *, force: bool = False
) -> tuple[ImportResult, Path]:
    """`zhoubao import`: the issue file written (beside the Word file unless `output`); returns the
    result, whose report the command prints, and where it was written.

    A wrong or existing output is refused before the Word file is read."""
    out = output if output is not None else default_output(docx)
    _check_output(out)
    if out.exists() and not force:
        raise ZhoubaoError(f"{out} 已存在：如要覆盖请加 --force")
    result = import_docx(docx, kind, issue_dir=out.parent)
    write_import(result, out, force=force)
    return result, out


__all__ = [
    "UNPLACED_TITLE",
    "DocParagraph",
    "ImportResult",
    "default_output",
    "import_docx",
    "import_file",
    "read_paragraphs",
    "split_lead",
    "split_visitor",
    "write_import",
]
