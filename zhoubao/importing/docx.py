"""The .docx opened defensively: the one place import reads a file a stranger may have made.

A Word file is a zip of XML parts, so it can be a zip bomb, carry entity declarations (billion
laughs, external entities), or be something else named .docx. Every guard is here, and each
refuses with one Chinese line before anything large is read or unpacked: the file's size (the
store's size guard), an OLE container (an encrypted .docx or a .doc), a file that is not a zip or
a truncated one, the declared sizes of the parts, the main part's size while it streams, any
DOCTYPE or entity declaration, and the amount of text and number of paragraphs.

What comes out is plain: the paragraphs a reader sees, in reading order, and whether each sits
in a table. Everything after this works on those strings.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn, TypeVar
from xml.parsers import expat

from zhoubao.errors import ZhoubaoError
from zhoubao.safefiles import guarded_expat, package_errors
from zhoubao.store import MB, check_size

MAX_FILE_BYTES = 20 * MB  # a weekly bulletin is well under 1 MB; more is the wrong file
MAX_UNPACKED_BYTES = 200 * MB  # sum of the declared sizes of every part in the package
MAX_DOCUMENT_BYTES = 50 * MB  # word/document.xml alone
MAX_TEXT_CHARS = 2_000_000  # a weekly bulletin holds some ten thousand characters
MAX_PARAGRAPHS = 100_000
DOCUMENT_PART = "word/document.xml"
_OLE_SIGNATURE = bytes.fromhex("d0cf11e0a1b11ae1")  # an encrypted .docx, or a legacy .doc
_ZIP_SIGNATURE = b"PK"
_CHUNK = 64 * 1024
T = TypeVar("T")

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
# Text inside these is not what the reader sees: tracked deletions, the copy of a text box kept
# for old Word versions.
_SKIPPED = frozenset({(_W, "del"), (_W, "moveFrom"), (_MC, "Fallback")})


@dataclass(frozen=True)
class DocParagraph:
    """One paragraph of the Word file: its text (runs joined, tabs and breaks kept) and where it sits."""

    text: str
    in_table: bool = False


def read_paragraphs(docx_path: Path) -> list[DocParagraph]:
    """The paragraphs of the main document, body and tables in reading order.

    Refuses, each with one Chinese line and before reading anything large: a missing or huge file,
    an OLE file (an encrypted .docx or a .doc), a file that is not a zip or a truncated one, a zip
    whose parts unpack to more than MAX_UNPACKED_BYTES, a document.xml over MAX_DOCUMENT_BYTES, and
    XML with a DOCTYPE (entity declarations: billion laughs, external entities).
    """
    return open_package(docx_path, _parse_document)


def open_package(docx_path: Path, read: Callable[[zipfile.ZipFile, zipfile.ZipInfo, str], T]) -> T:
    """`read(package, main part, file name)` on the checked Word file; each way a file can be
    broken, encrypted or hostile told in one Chinese line (see `read_paragraphs`)."""
    name = docx_path.name
    _check_file(docx_path)
    with package_errors(docx_path, name, "Word", ".docx"), zipfile.ZipFile(docx_path) as package:
        info = _document_info(package, name)
        return read(package, info, name)


def _check_file(path: Path) -> None:
    if not path.exists():
        raise ZhoubaoError(f"Word 文件 {path} 不存在：请检查路径")
    if path.is_dir():
        raise ZhoubaoError(f"{path} 是文件夹：请指定要导入的 .docx 文件")
    if not path.is_file():  # a FIFO or device would be waited on for ever
        raise ZhoubaoError(f"{path} 不是普通文件（可能是管道或设备）：请指定要导入的 .docx 文件")
    try:
        check_size(path, MAX_FILE_BYTES, "Word 文件")
        with path.open("rb") as f:
            head = f.read(8)
    except OSError as e:
        raise ZhoubaoError(f"无法读取 {path}（{e.strerror}）：请检查文件权限") from None
    if head.startswith(_OLE_SIGNATURE):
        raise ZhoubaoError(f"{path.name} 是加密的 Word 文件或旧版 .doc 文件：请在 Word 中取消密码并另存为 .docx 后重试")
    if not head.startswith(_ZIP_SIGNATURE):
        raise ZhoubaoError(f"{path.name} 不是 Word 文档（.docx）：请在 Word 中另存为 .docx 后重试")


def _document_info(package: zipfile.ZipFile, name: str) -> zipfile.ZipInfo:
    """The main document part, after checking the declared sizes (nothing is unpacked yet)."""
    unpacked = sum(info.file_size for info in package.infolist())
    if unpacked > MAX_UNPACKED_BYTES:
        raise ZhoubaoError(
            f"{name} 解压后达 {unpacked / MB:.0f} MB，远超正常 Word 文件，可能是恶意文件：已拒绝导入，请检查文件来源"
        )
    try:
        info = package.getinfo(DOCUMENT_PART)
    except KeyError:
        raise ZhoubaoError(
            f"{name} 是压缩包但不是 Word 文档（缺少 {DOCUMENT_PART}）：请在 Word 中另存为 .docx 后重试"
        ) from None
    if info.file_size > MAX_DOCUMENT_BYTES:
        raise ZhoubaoError(
            f"{name} 的正文部分达 {info.file_size / MB:.0f} MB，远超正常周报，可能是恶意文件：已拒绝导入，请检查文件来源"
        )
    if info.flag_bits & 0x1:
        raise ZhoubaoError(f"{name} 已加密：请在 Word 中取消密码并另存为 .docx 后重试")
    return info


def _parse_document(package: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> list[DocParagraph]:
    reader = _DocumentXml(name)
    read = 0
    with package.open(info) as stream:
        while chunk := stream.read(_CHUNK):
            read += len(chunk)
            if read > MAX_DOCUMENT_BYTES:  # zipfile stops at the declared size; this is belt and braces
                raise ZhoubaoError(
                    f"{name} 的正文部分超过 {MAX_DOCUMENT_BYTES // MB} MB，可能是恶意文件：已拒绝导入，请检查文件来源"
                )
            reader.feed(chunk)
    return reader.close()


class PartReader:
    """One XML part of the package streamed through expat: DOCTYPE and entity declarations refused
    outright, and each element of `NAMESPACE` handed to `start` / `end` by its local name. What
    stands inside an element of `SKIPPED`, or one whose `start` called `skip_content`, is not seen."""

    NAMESPACE = _W
    SKIPPED: frozenset[tuple[str, str]] = frozenset()

    def __init__(self, who: str) -> None:
        self.who = who  # the part as the refusal names it: "a.docx 的正文"
        self._skip = 0
        parser = guarded_expat(self._refuse)
        parser.buffer_text = True
        parser.StartElementHandler = self._start_element
        parser.EndElementHandler = self._end_element
        parser.CharacterDataHandler = self._character_data
        self.parser = parser

    def start(self, local: str, attrs: dict[str, str]) -> None:
        """An element of NAMESPACE opens."""

    def end(self, local: str) -> None:
        """An element of NAMESPACE closes."""

    def characters(self, data: str) -> None:
        """Text, outside anything skipped."""

    def skip_content(self) -> None:
        """Called from `start`: nothing inside the element just opened is seen, its own end neither."""
        self._skip += 1

    def _refuse(self, *_args: Any) -> NoReturn:
        raise ZhoubaoError(
            f"{self.who}含有 DOCTYPE 或实体声明（Word 不会这样写，可能是恶意文件）：已拒绝导入，请检查文件来源"
        )

    def _start_element(self, tag: str, attrs: dict[str, str]) -> None:
        namespace, _, local = tag.rpartition(" ")
        if self._skip or (namespace, local) in self.SKIPPED:
            self._skip += 1
        elif namespace == self.NAMESPACE:
            self.start(local, attrs)

    def _end_element(self, tag: str) -> None:
        if self._skip:
            self._skip -= 1
            return
        namespace, _, local = tag.rpartition(" ")
        if namespace == self.NAMESPACE:
            self.end(local)

    def _character_data(self, data: str) -> None:
        if not self._skip:
            self.characters(data)


class _DocumentXml(PartReader):
    """document.xml as a reader sees it: each paragraph's text, and whether it sits in a table."""

    SKIPPED = _SKIPPED

    def __init__(self, name: str) -> None:
        super().__init__(f"{name} 的正文")
        self.name = name
        self.paragraphs: list[DocParagraph] = []
        self._open: list[list[str]] = []  # nested paragraphs (a text box inside a paragraph)
        self._tables = 0
        self._runs = 0
        self._in_text = False
        self._chars = 0

    def feed(self, chunk: bytes, final: bool = False) -> None:
        try:
            self.parser.Parse(chunk, final)
        except expat.ExpatError as e:
            raise ZhoubaoError(
                f"{self.name} 的正文 XML 已损坏（第 {e.lineno} 行）：请在 Word 中打开后另存为 .docx 再导入"
            ) from None

    def close(self) -> list[DocParagraph]:
        self.feed(b"", final=True)
        return self.paragraphs

    def start(self, local: str, attrs: dict[str, str]) -> None:
        if local == "p":
            self._open.append([])
        elif local == "tbl":
            self._tables += 1
        elif local == "r":
            self._runs += 1
        elif local == "t":
            self._in_text = True
        elif self._runs and self._open:
            if local == "tab":
                self._open[-1].append("\t")
            elif local in ("br", "cr"):
                # A page or column break inside a paragraph joins its halves; a line break is a space.
                if attrs.get(f"{_W} type") not in ("page", "column"):
                    self._open[-1].append("\n")
            elif local == "noBreakHyphen":
                self._open[-1].append("-")

    def end(self, local: str) -> None:
        if local == "p" and self._open:
            self.paragraphs.append(DocParagraph("".join(self._open.pop()), self._tables > 0))
            if len(self.paragraphs) > MAX_PARAGRAPHS:
                self._too_long(f"超过 {MAX_PARAGRAPHS} 段")
        elif local == "tbl":
            self._tables -= 1
        elif local == "r":
            self._runs -= 1
        elif local == "t":
            self._in_text = False

    def characters(self, data: str) -> None:
        if self._in_text and self._open:
            self._open[-1].append(data)
            self._chars += len(data)
            if self._chars > MAX_TEXT_CHARS:
                self._too_long(f"超过 {MAX_TEXT_CHARS // 10000} 万字")

    def _too_long(self, how: str) -> None:
        raise ZhoubaoError(f"{self.name} 的正文{how}，不像一期周报：请检查是否选错文件")
