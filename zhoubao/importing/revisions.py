"""An approved .docx read with its track changes (修订) and comments (批注) in view.

A leader edits the bulletin in Word or WPS, often with track changes on. The file then holds two
texts at once: the revised one (`w:ins` and `w:moveTo` kept, `w:del` and `w:moveFrom` gone) and
the original (the other way round, `w:delText` read as text). A paragraph mark can be inserted or
deleted too (`w:ins`/`w:del` in the paragraph's own run properties): the paragraph then joins the
next in that text. Formatting changes (`w:rPrChange`, `w:pPrChange` …) change no text, but are
revisions nobody has decided on yet, so they are counted.

Comments stand in word/comments.xml (author, date, text); the document marks what they are about
with `w:commentRangeStart`/`End` and a `w:commentReference`. WPS and Word keep whether one is
resolved in word/commentsExtended.xml (`w15:done`).

The file goes through the same guards as `import` (docx.py: size, OLE, zip bomb, DOCTYPE, amount
of text); the comments part is held to the main part's limit and refused with a DOCTYPE alike.
Every text is built once from its pieces (never a string copied again for each run), and what a
file may hold is capped: MAX_COMMENTS comments, MAX_COMMENT_MARKS comment ranges and references,
MAX_REVISIONS revision marks, MAX_COMMENT_CHARS characters in one comment; a comment's marked
text is kept to MARKED_CHARS (a snippet of it is all that is shown). docs/safety.md lists them.

A revision (处) is one stretch of inserted or deleted text, however many runs Word split it into:
a `w:ins` right after a `w:ins` (nothing but bookmarks or proofing marks between) is the same
insertion, a `w:ins` after unchanged text another one. Formatting changes count once a paragraph.

docProps/custom.xml holds the render's fingerprint (store/sent.py): its properties are read too.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.parsers import expat

from zhoubao.errors import ZhoubaoError
from zhoubao.importing.docx import (
    _CHUNK,
    _MC,
    MAX_DOCUMENT_BYTES,
    MAX_PARAGRAPHS,
    MAX_TEXT_CHARS,
    MB,
    DocParagraph,
    PartReader,
    open_package,
)

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
_W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
COMMENTS_PART = "word/comments.xml"
COMMENTS_EXTENDED_PART = "word/commentsExtended.xml"
CUSTOM_PART = "docProps/custom.xml"
_CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"

MAX_COMMENTS = 1_000  # a leader's comments on one bulletin number in the tens
MAX_COMMENT_MARKS = 4 * MAX_COMMENTS  # commentRangeStart, commentRangeEnd, commentReference in the body
MAX_REVISIONS = 20_000  # revision marks (w:ins, w:del, a formatting change …) in the body
MAX_COMMENT_CHARS = 20_000  # characters of one comment
MARKED_CHARS = 200  # of the text a comment marks, kept (the view shows 20)
MAX_PROPERTIES = 100  # custom document properties read
MAX_PROPERTY_BYTES = 64 * 1024  # docProps/custom.xml

INSERTED, DELETED, MOVED, FORMATTED = "插入", "删除", "移动", "格式修改"
_WRAPPERS = {"ins": INSERTED, "del": DELETED, "moveFrom": MOVED, "moveTo": MOVED}
_FORMAT_CHANGES = {
    "rPrChange",
    "pPrChange",
    "sectPrChange",
    "tblPrChange",
    "tblPrExChange",
    "trPrChange",
    "tcPrChange",
    "tblGridChange",
    "numberingChange",
}
_CELL_CHANGES = {"cellIns": INSERTED, "cellDel": DELETED, "cellMerge": FORMATTED}


@dataclass
class Revision:
    """Unresolved revisions of one kind in one paragraph (one 处, however many runs Word split it into)."""

    kind: str  # INSERTED, DELETED, MOVED, FORMATTED
    paragraph: int  # index among the raw paragraphs of the document
    where: str = ""  # the paragraph's text, to name it


@dataclass
class Comment:
    """A comment (批注): who wrote it, when, what it says, and the text it marks."""

    id: str
    author: str = ""
    date: str = ""
    text: str = ""
    marked: str = ""
    paragraph: int = -1  # index in the chosen text's paragraphs, -1 when the document does not anchor it
    resolved: bool = False


@dataclass
class Approved:
    """An approved Word file: its paragraphs as revised and as originally written, the revisions
    not yet accepted or rejected, and the comments."""

    name: str
    accepted: list[DocParagraph]
    original: list[DocParagraph]
    revisions: list[Revision] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    # raw paragraph index → index in `accepted` / `original` (joined paragraphs share one)
    accepted_at: list[int] = field(default_factory=list)
    original_at: list[int] = field(default_factory=list)
    properties: dict[str, str] = field(default_factory=dict)  # the custom document properties

    def summary(self) -> str:
        """`5 处修订（插入2、删除2、格式修改1），在“9月26日，省广播…”等 3 段`: for the refusal."""
        counts: dict[str, int] = {}
        for revision in self.revisions:
            counts[revision.kind] = counts.get(revision.kind, 0) + 1
        kinds = "、".join(f"{kind}{counts[kind]}" for kind in (INSERTED, DELETED, MOVED, FORMATTED) if kind in counts)
        places = list(dict.fromkeys(revision.where for revision in self.revisions))
        named = "、".join(f"“{_snippet(p)}”" for p in places[:3])
        more = "等 " if len(places) > 3 else ""
        return f"{len(self.revisions)} 处修订（{kinds}），在{named}{more}{len(places)} 段"

    def paragraphs(self, accept: bool) -> list[DocParagraph]:
        return self.accepted if accept else self.original

    def anchored(self, accept: bool) -> list[Comment]:
        """The comments with their paragraph in the chosen text."""
        at = self.accepted_at if accept else self.original_at
        out = []
        for comment in self.comments:
            raw = comment.paragraph
            index = at[raw] if 0 <= raw < len(at) else -1
            out.append(
                Comment(comment.id, comment.author, comment.date, comment.text, comment.marked, index, comment.resolved)
            )
        return out


def _snippet(text: str, length: int = 12) -> str:
    text = text.replace("\n", " ").replace("\t", " ").strip()
    return text if len(text) <= length else text[:length] + "…"


def read_approved(docx_path: Path) -> Approved:
    """The approved file read both ways, with its revisions and comments; the guards of `import`."""
    return open_package(docx_path, _read)


def _read(package: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> Approved:
    body = _Body(name)
    _stream(package, info, name, body)
    approved = body.result()
    custom = _read_part(package, CUSTOM_PART, name, _Custom, MAX_PROPERTY_BYTES)
    if custom is not None:
        approved.properties = custom.found
    comments = _read_part(package, COMMENTS_PART, name, _Comments)
    if comments is not None:
        done = _read_part(package, COMMENTS_EXTENDED_PART, name, _Done)
        resolved = done.done if done is not None else set()
        for comment in approved.comments:
            found = comments.comments.get(comment.id)
            if found is not None:
                comment.author, comment.date, comment.text = found["author"], found["date"], found["text"]
                comment.resolved = found["para"] in resolved
        anchored = {c.id for c in approved.comments}
        approved.comments.extend(
            Comment(cid, c["author"], c["date"], c["text"], resolved=c["para"] in resolved)
            for cid, c in comments.comments.items()
            if cid not in anchored
        )
    return approved


def _stream(
    package: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, reader: PartReader, limit: int = MAX_DOCUMENT_BYTES
) -> None:
    parser = reader.parser
    read = 0
    try:
        with package.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                read += len(chunk)
                if read > limit:
                    raise ZhoubaoError(
                        f"{name} 的 {info.filename} 超过 {_size(limit)}，可能是恶意文件：已拒绝导入，请检查文件来源"
                    )
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except expat.ExpatError as e:
        raise ZhoubaoError(
            f"{name} 的 {info.filename} 已损坏（第 {e.lineno} 行）：请在 Word 中打开后另存为 .docx 再导入"
        ) from None


def _size(limit: int) -> str:
    return f"{limit // MB} MB" if limit >= MB else f"{limit // 1024} KB"


def _read_part(package: zipfile.ZipFile, part: str, name: str, reader: Any, limit: int = MAX_DOCUMENT_BYTES) -> Any:
    try:
        info = package.getinfo(part)
    except KeyError:
        return None
    if info.file_size > limit:
        raise ZhoubaoError(
            f"{name} 的 {part} 达 {info.file_size / MB:.1f} MB，远超正常大小，可能是恶意文件：已拒绝导入，请检查文件来源"
        )
    found = reader(name)
    _stream(package, info, name, found, limit)
    return found


def _too_many(name: str, what: str, limit: int) -> ZhoubaoError:
    return ZhoubaoError(f"{name} 中的{what}超过 {limit} 处，不像一期周报的批改稿：已拒绝导入，请检查文件来源")


@dataclass
class _Open:
    """A paragraph being read: its text both ways, and whether its mark was inserted or deleted."""

    accepted: list[str] = field(default_factory=list)
    original: list[str] = field(default_factory=list)
    mark_inserted: bool = False
    mark_deleted: bool = False
    kinds: set[str] = field(default_factory=set)
    counts: dict[str, int] = field(default_factory=dict)  # INSERTED, DELETED, MOVED: stretches of each
    last: str = ""  # the kind of the revision that ended last, while nothing unchanged has followed it


class _Body(PartReader):
    """document.xml, streamed: each paragraph's text as revised and as written, revisions, comment anchors."""

    SKIPPED = frozenset({(_MC, "Fallback")})

    def __init__(self, name: str) -> None:
        super().__init__(f"{name} ")  # the refusal reads “a.docx 含有 DOCTYPE …”
        self.name = name
        self.raw: list[tuple[str, str, bool, bool, bool]] = []  # accepted, original, in table, mark ins, mark del
        self.revisions: list[Revision] = []
        self._open: list[_Open] = []
        self._tables = 0
        self._runs = 0
        self._in_text = False  # in w:t or w:delText
        self._inserted = 0  # inside w:ins / w:moveTo
        self._deleted = 0  # inside w:del / w:moveFrom
        self._in_ppr = 0
        self._chars = 0
        self._pending: set[str] = set()  # revisions outside any paragraph (a table's), told with the next one
        self._marks = 0  # revision marks seen
        self.comments: dict[str, Comment] = {}
        self._comment_marks = 0
        # The revised text of the whole body as it streams past, in pieces joined once at the end;
        # a comment's range is where it starts and ends in it (never text copied for each open range).
        self._pieces: list[str] = []
        self._length = 0
        self._opened: dict[str, int] = {}  # comment id → where its open range started
        self._spans: dict[str, list[tuple[int, int]]] = {}

    def start(self, local: str, attrs: dict[str, str]) -> None:
        current = self._open[-1] if self._open else None
        if local in _WRAPPERS:
            self._note(_WRAPPERS[local])
            if self._in_ppr and current is not None:  # the paragraph mark itself
                if local in ("ins", "moveTo"):
                    current.mark_inserted = True
                else:
                    current.mark_deleted = True
            elif local in ("ins", "moveTo"):
                self._inserted += 1
            else:
                self._deleted += 1
        elif local in _FORMAT_CHANGES:
            self._note(FORMATTED)
            self.skip_content()  # the old properties inside hold nothing to read
        elif local in _CELL_CHANGES:
            self._note(_CELL_CHANGES[local])
        elif local == "p":
            self._open.append(_Open())
        elif local == "pPr":
            self._in_ppr += 1
        elif local == "tbl":
            self._tables += 1
        elif local == "r":
            self._runs += 1
            if current is not None and not self._inserted and not self._deleted and not self._in_ppr:
                current.last = ""  # unchanged text: a revision after it is another one
        elif local in ("t", "delText"):
            self._in_text = True
        elif local == "commentRangeStart":
            cid = self._comment_mark(attrs)
            self._anchor(cid)
            self._opened.setdefault(cid, self._length)
        elif local == "commentRangeEnd":
            cid = self._comment_mark(attrs)
            if cid in self._opened:
                self._spans.setdefault(cid, []).append((self._opened.pop(cid), self._length))
        elif local == "commentReference":
            self._anchor(self._comment_mark(attrs))
        elif self._runs and current is not None and not self._in_ppr:
            char = {"tab": "\t", "noBreakHyphen": "-"}.get(local)
            if local in ("br", "cr") and attrs.get(f"{_W} type") not in ("page", "column"):
                char = "\n"
            if char:
                self._text(char)

    def _comment_mark(self, attrs: dict[str, str]) -> str:
        self._comment_marks += 1
        if self._comment_marks > MAX_COMMENT_MARKS:
            raise _too_many(self.name, "批注标记", MAX_COMMENT_MARKS)
        return attrs.get(f"{_W} id", "")

    def _note(self, kind: str) -> None:
        self._marks += 1
        if self._marks > MAX_REVISIONS:
            raise _too_many(self.name, "修订标记", MAX_REVISIONS)
        if not self._open:
            self._pending.add(kind)
            return
        current = self._open[-1]
        current.kinds.add(kind)
        if kind != FORMATTED and current.last != kind:  # a new stretch, not the same one continued
            current.counts[kind] = current.counts.get(kind, 0) + 1
        if kind != FORMATTED:
            current.last = kind

    def _anchor(self, cid: str) -> None:
        if cid not in self.comments:
            if len(self.comments) >= MAX_COMMENTS:
                raise _too_many(self.name, "批注", MAX_COMMENTS)
            self.comments[cid] = Comment(cid, paragraph=len(self.raw))

    def end(self, local: str) -> None:
        if local in _WRAPPERS and not self._in_ppr:
            if local in ("ins", "moveTo"):
                self._inserted -= 1
            else:
                self._deleted -= 1
        elif local == "p" and self._open:
            done = self._open.pop()
            accepted, original = "".join(done.accepted), "".join(done.original)
            index = len(self.raw)
            where = _snippet(accepted or original, 40)
            for kind in sorted(done.kinds | self._pending):
                for _ in range(done.counts.get(kind, 1)):
                    self.revisions.append(Revision(kind, index, where))
            self._pending = set()
            self.raw.append((accepted, original, self._tables > 0, done.mark_inserted, done.mark_deleted))
            if len(self.raw) > MAX_PARAGRAPHS:
                raise ZhoubaoError(f"{self.name} 的正文超过 {MAX_PARAGRAPHS} 段，不像一期周报：请检查是否选错文件")
        elif local == "pPr":
            self._in_ppr -= 1
        elif local == "tbl":
            self._tables -= 1
        elif local == "r":
            self._runs -= 1
        elif local in ("t", "delText"):
            self._in_text = False

    def characters(self, data: str) -> None:
        if self._in_text and self._open:
            self._text(data)
            self._chars += len(data)
            if self._chars > MAX_TEXT_CHARS:
                raise ZhoubaoError(
                    f"{self.name} 的正文超过 {MAX_TEXT_CHARS // 10000} 万字，不像一期周报：请检查是否选错文件"
                )

    def _text(self, data: str) -> None:
        current = self._open[-1]
        if not self._deleted:
            current.accepted.append(data)
            self._pieces.append(data)
            self._length += len(data)
        if not self._inserted:
            current.original.append(data)

    def result(self) -> Approved:
        accepted, accepted_at = _joined(self.raw, 0, mark_gone=4)
        original, original_at = _joined(self.raw, 1, mark_gone=3)
        text = "".join(self._pieces)
        for cid, at in self._opened.items():  # a range never closed runs to the end
            self._spans.setdefault(cid, []).append((at, len(text)))
        for cid, spans in self._spans.items():
            marked = ""
            for start, end in spans:
                marked += text[start : min(end, start + MARKED_CHARS - len(marked))]
                if len(marked) >= MARKED_CHARS:
                    break
            self.comments[cid].marked = marked
        return Approved(
            self.name, accepted, original, self.revisions, list(self.comments.values()), accepted_at, original_at
        )


def _joined(
    raw: list[tuple[str, str, bool, bool, bool]], text: int, mark_gone: int
) -> tuple[list[DocParagraph], list[int]]:
    """The paragraphs of one text: a paragraph whose mark is gone in it runs on into the next."""
    out: list[DocParagraph] = []
    at: list[int] = []
    buffer: list[str] = []
    for index, row in enumerate(raw):
        buffer.append(str(row[text]))
        at.append(len(out))
        if row[mark_gone] and index + 1 < len(raw):
            continue
        out.append(DocParagraph("".join(buffer), row[2]))
        buffer = []
    return out, at


class _Comments(PartReader):
    """word/comments.xml: each comment's author, date and text (its paragraphs joined by newlines),
    each paragraph's text built once from its pieces."""

    def __init__(self, name: str) -> None:
        super().__init__(f"{name} 的批注 ")
        self.name = name
        self.comments: dict[str, dict[str, str]] = {}
        self._current: dict[str, str] | None = None
        self._paragraphs: list[list[str]] = []
        self._length = 0  # characters of the comment being read
        self._in_text = False

    def start(self, local: str, attrs: dict[str, str]) -> None:
        if local == "comment":
            if len(self.comments) >= MAX_COMMENTS:
                raise _too_many(self.name, "批注", MAX_COMMENTS)
            self._current = {
                "author": attrs.get(f"{_W} author", ""),
                "date": attrs.get(f"{_W} date", ""),
                "text": "",
                "para": "",
            }
            self._paragraphs = []
            self._length = 0
            self.comments[attrs.get(f"{_W} id", "")] = self._current
        elif local == "p" and self._current is not None:
            self._paragraphs.append([])
            self._current["para"] = attrs.get(f"{_W14} paraId", self._current["para"])
        elif local == "t":
            self._in_text = True

    def end(self, local: str) -> None:
        if local == "t":
            self._in_text = False
        elif local == "comment" and self._current is not None:
            texts = ("".join(pieces) for pieces in self._paragraphs)
            self._current["text"] = "\n".join(t for t in texts if t.strip())
            self._current = None
            self._paragraphs = []

    def characters(self, data: str) -> None:
        if self._in_text and self._current is not None and self._paragraphs:
            self._paragraphs[-1].append(data)
            self._length += len(data)
            if self._length > MAX_COMMENT_CHARS:
                raise ZhoubaoError(
                    f"{self.name} 中有一条批注超过 {MAX_COMMENT_CHARS // 10000} 万字，不像正常的批注：请检查文件来源"
                )


class _Done(PartReader):
    """word/commentsExtended.xml: the paragraph ids of resolved comments (`w15:done="1"`)."""

    NAMESPACE = _W15

    def __init__(self, name: str) -> None:
        super().__init__(f"{name} 的批注 ")
        self.done: set[str] = set()

    def start(self, local: str, attrs: dict[str, str]) -> None:
        if local == "commentEx" and attrs.get(f"{_W15} done") == "1":
            self.done.add(attrs.get(f"{_W15} paraId", ""))


class _Custom(PartReader):
    """docProps/custom.xml: each custom property's name and text (the render's fingerprint)."""

    NAMESPACE = _CUSTOM

    def __init__(self, name: str) -> None:
        super().__init__(f"{name} 的文档属性 ")
        self.name = name
        self.found: dict[str, str] = {}
        self._current: str | None = None
        self._pieces: list[str] = []

    def start(self, local: str, attrs: dict[str, str]) -> None:
        if local == "property":
            if len(self.found) >= MAX_PROPERTIES:
                raise _too_many(self.name, "自定义文档属性", MAX_PROPERTIES)
            self._current = attrs.get("name", "")
            self._pieces = []

    def end(self, local: str) -> None:
        if local == "property" and self._current is not None:
            self.found[self._current] = "".join(self._pieces).strip()
            self._current = None

    def characters(self, data: str) -> None:
        if self._current is not None:
            self._pieces.append(data)
