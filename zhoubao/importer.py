"""Import: a bulletin .docx back into an issue file, from zhoubao's own output or one a clerk typed.

A pipeline of plain functions, each testable on its own:

    read_paragraphs   the .docx opened defensively (size, OLE, zip bomb, DOCTYPE refused) → paragraphs
    _Reader           masthead → header; page-broken paragraphs joined; titles matched against the
                      kind's sections by title (a clerk's numbering may be wrong); every paragraph
                      placed as a figure, news item, visit, inspection result or distribution line
    write_import      the plain data as a tomlkit document, written through store.create

Nothing is dropped silently. A paragraph that fits nowhere goes into a `paragraph` section titled
未归类内容 (it renders, under its own heading) and into the report that `zhoubao import` prints as
提示 lines; a statistics sentence rewritten from the kind's template keeps its original wording as a
comment in the issue file.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
import tomllib
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.parsers import expat

from zhoubao import dates, kinds, typography
from zhoubao.compose import DRAFT_MARK, compose, render_template
from zhoubao.errors import ZhoubaoError
from zhoubao.model import Issue
from zhoubao.outline import Paragraph

UNPLACED_TITLE = "未归类内容"

_MB = 1024 * 1024
MAX_FILE_BYTES = 20 * _MB  # a weekly bulletin is well under 1 MB; more is the wrong file
MAX_UNPACKED_BYTES = 200 * _MB  # sum of the declared sizes of every part in the package
MAX_DOCUMENT_BYTES = 50 * _MB  # word/document.xml alone
MAX_TEXT_CHARS = 2_000_000  # a weekly bulletin holds some ten thousand characters
MAX_PARAGRAPHS = 100_000
DOCUMENT_PART = "word/document.xml"
_OLE_SIGNATURE = bytes.fromhex("d0cf11e0a1b11ae1")  # an encrypted .docx, or a legacy .doc
_ZIP_SIGNATURE = b"PK"
_CHUNK = 64 * 1024

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
# Text inside these is not what the reader sees: tracked deletions, the copy of a text box kept
# for old Word versions.
_SKIPPED = {(_W, "del"), (_W, "moveFrom"), (_MC, "Fallback")}


# ----------------------------------------------------------------------------- reading the .docx


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
    name = docx_path.name
    _check_file(docx_path)
    try:
        with zipfile.ZipFile(docx_path) as package:
            info = _document_info(package, name)
            return _parse_document(package, info, name)
    except (zipfile.BadZipFile, zlib.error, EOFError):
        raise ZhoubaoError(f"{name} 不完整或已损坏：请重新复制或下载原文件，或在 Word 中打开后另存为 .docx 再导入") from None
    except RuntimeError:  # zipfile: a part encrypted with a password
        raise ZhoubaoError(f"{name} 已加密：请在 Word 中取消密码并另存为 .docx 后重试") from None
    except NotImplementedError:
        raise ZhoubaoError(f"{name} 使用了不支持的压缩方式：请在 Word 中打开后另存为 .docx 再导入") from None
    except OSError as e:
        raise ZhoubaoError(f"无法读取 {docx_path}（{e.strerror or e}）：请检查文件权限") from None


def _check_file(path: Path) -> None:
    if not path.exists():
        raise ZhoubaoError(f"Word 文件 {path} 不存在：请检查路径")
    if path.is_dir():
        raise ZhoubaoError(f"{path} 是文件夹：请指定要导入的 .docx 文件")
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            head = f.read(8)
    except OSError as e:
        raise ZhoubaoError(f"无法读取 {path}（{e.strerror}）：请检查文件权限") from None
    if size > MAX_FILE_BYTES:
        raise ZhoubaoError(f"{path.name} 过大（{size / _MB:.1f} MB）：周报的 Word 文件应小于 20 MB，请检查是否选错文件")
    if head.startswith(_OLE_SIGNATURE):
        raise ZhoubaoError(f"{path.name} 是加密的 Word 文件或旧版 .doc 文件：请在 Word 中取消密码并另存为 .docx 后重试")
    if not head.startswith(_ZIP_SIGNATURE):
        raise ZhoubaoError(f"{path.name} 不是 Word 文档（.docx）：请在 Word 中另存为 .docx 后重试")


def _document_info(package: zipfile.ZipFile, name: str) -> zipfile.ZipInfo:
    """The main document part, after checking the declared sizes (nothing is unpacked yet)."""
    unpacked = sum(info.file_size for info in package.infolist())
    if unpacked > MAX_UNPACKED_BYTES:
        raise ZhoubaoError(f"{name} 解压后达 {unpacked / _MB:.0f} MB，远超正常 Word 文件，可能是恶意文件：已拒绝导入，请检查文件来源")
    try:
        info = package.getinfo(DOCUMENT_PART)
    except KeyError:
        raise ZhoubaoError(f"{name} 是压缩包但不是 Word 文档（缺少 {DOCUMENT_PART}）：请在 Word 中另存为 .docx 后重试") from None
    if info.file_size > MAX_DOCUMENT_BYTES:
        raise ZhoubaoError(f"{name} 的正文部分达 {info.file_size / _MB:.0f} MB，远超正常周报，可能是恶意文件：已拒绝导入，请检查文件来源")
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
                raise ZhoubaoError(f"{name} 的正文部分超过 50 MB，可能是恶意文件：已拒绝导入，请检查文件来源")
            reader.feed(chunk)
    return reader.close()


class _DocumentXml:
    """Streams document.xml through expat, collecting paragraph texts; DOCTYPE is refused outright."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.paragraphs: list[DocParagraph] = []
        self._open: list[list[str]] = []  # nested paragraphs (a text box inside a paragraph)
        self._tables = 0
        self._runs = 0
        self._in_text = False
        self._skip = 0
        self._chars = 0
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.buffer_text = True
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartDoctypeDeclHandler = self._refuse
        parser.EntityDeclHandler = self._refuse
        parser.UnparsedEntityDeclHandler = self._refuse
        parser.ExternalEntityRefHandler = self._refuse
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._characters
        self._parser = parser

    def feed(self, chunk: bytes, final: bool = False) -> None:
        try:
            self._parser.Parse(chunk, final)
        except expat.ExpatError as e:
            raise ZhoubaoError(f"{self.name} 的正文 XML 已损坏（第 {e.lineno} 行）：请在 Word 中打开后另存为 .docx 再导入") from None

    def close(self) -> list[DocParagraph]:
        self.feed(b"", final=True)
        return self.paragraphs

    def _refuse(self, *_args: Any) -> None:
        raise ZhoubaoError(f"{self.name} 的正文含有 DOCTYPE 或实体声明（Word 不会这样写，可能是恶意文件）：已拒绝导入，请检查文件来源")

    def _start(self, tag: str, attrs: dict[str, str]) -> None:
        namespace, _, local = tag.rpartition(" ")
        if self._skip or (namespace, local) in _SKIPPED:
            self._skip += 1
            return
        if namespace != _W:
            return
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

    def _end(self, tag: str) -> None:
        if self._skip:
            self._skip -= 1
            return
        namespace, _, local = tag.rpartition(" ")
        if namespace != _W:
            return
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

    def _characters(self, data: str) -> None:
        if self._in_text and not self._skip and self._open:
            self._open[-1].append(data)
            self._chars += len(data)
            if self._chars > MAX_TEXT_CHARS:
                self._too_long(f"超过 {MAX_TEXT_CHARS // 10000} 万字")

    def _too_long(self, how: str) -> None:
        raise ZhoubaoError(f"{self.name} 的正文{how}，不像一期周报：请检查是否选错文件")


# ----------------------------------------------------------------------------- text helpers

_SPACE = re.compile(r"\s")


def _key(title: str) -> str:
    """A title for comparison: typography fixed, no whitespace, no trailing colon or full stop."""
    return _SPACE.sub("", typography.normalise(title)).rstrip("：:。.")


def _snippet(text: str, length: int = 18) -> str:
    return text if len(text) <= length else text[:length] + "…"


_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "Ｏ": 0, "O": 0, "两": 2}


def cn_to_int(numeral: str) -> int | None:
    """一 → 1, 十二 → 12, 二十 → 20, 九十九 → 99; None for anything else."""
    if not numeral or any(c not in _CN_DIGITS and c != "十" for c in numeral):
        return None
    if "十" not in numeral:
        return int("".join(str(_CN_DIGITS[c]) for c in numeral))
    tens, _, ones = numeral.partition("十")
    if "十" in ones or len(tens) > 1 or len(ones) > 1:
        return None
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


def _best_match(title: str, candidates: Iterable[tuple[str, Any]]) -> tuple[Any, bool] | None:
    """The candidate whose title is `title` (exact after _key), else the closest similar one.

    Returns (candidate, exact). Similar means one title starts with the other, or contains it (four
    characters at least), or difflib's ratio is at least 0.8.
    """
    wanted = _key(title)
    best: tuple[float, Any] | None = None
    for name, candidate in candidates:
        have = _key(name)
        if not have:
            continue
        if have == wanted:
            return candidate, True
        shorter, longer = sorted((have, wanted), key=len)
        score = difflib.SequenceMatcher(None, have, wanted).ratio()
        if len(shorter) >= 4 and shorter in longer:
            score = max(score, 0.9)
        if len(shorter) >= 2 and longer.startswith(shorter):  # a title typed short: 考勤 for 考勤情况
            score = max(score, 0.85)
        if score >= 0.8 and (best is None or score > best[0]):
            best = (score, candidate)
    return (best[1], False) if best else None


# ----------------------------------------------------------------------------- patterns

_CN_NUMERAL = "一二三四五六七八九十"
_HEADING1 = re.compile(rf"^([{_CN_NUMERAL}]+)\s*[、，,.．]\s*(.+)$")
_HEADING1_ARABIC = re.compile(r"^(\d{1,2})\s*[、.．]\s*(?!\d)(.+)$")  # 1、工作动态: only a kind's title
_HEADING2 = re.compile(rf"^[（(]\s*([{_CN_NUMERAL}]+)\s*[)）]\s*(.+)$")
_ITEM_NUMBER = re.compile(rf"^(?:[（(]\s*(?:\d{{1,3}}|[{_CN_NUMERAL}]+)\s*[)）]|\d{{1,3}}\s*[.．、](?!\d))\s*")
_CHECK_ITEM = re.compile(rf"^(?:[（(]\s*(?:\d{{1,2}}|[{_CN_NUMERAL}]+)\s*[)）]|\d{{1,2}}\s*[.．、](?!\d))\s*(?P<rest>.+)$")
_ISSUE_NUMBER = re.compile(r"第\s*\d+\s*期|增刊")
_DATE = r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"
_DATE_AT_END = re.compile(_DATE + r"\s*$")
_CN_DATE_AT_END = re.compile(r"([〇零一二三四五六七八九○Ｏ]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日\s*$")
_MONTH_DAY = r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日"
_PERIOD_LINE = re.compile(rf"^[（(]\s*{_MONTH_DAY}\s*(?:[—–\-－~～至到]+\s*{_MONTH_DAY})?\s*[)）]$")
_LEADING_DATE = re.compile(r"^(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")
_DATE_RANGE = re.compile(_DATE + r"\s*(?:至|到|—|－|-|~|～)\s*" + _DATE)
_COPIES = re.compile(r"^[（(]?\s*共印\s*(\d+)\s*份\s*[)）]?$")
_DISTRIBUTION = re.compile(r"^([\u4e00-\u9fff]{1,4})\s*[：:]\s*(.+)$")
_DISTRIBUTION_LABELS = {"报", "送", "发", "抄送", "抄报", "主送", "分送", "报送", "印送"}
_SENTENCE_END = "。！？；：…!?;:"
_CLOSERS = "”’）)」』》】"
_FULL_STOP_ENDINGS = ("。", "！", "？", "；", "…", "”", "）")  # where compose adds no 。 of its own


def _heading_like(text: str) -> bool:
    """A title, not a sentence: short, and no full stop in it."""
    return len(text) <= 40 and "。" not in text and not text.endswith(("；", ";"))


def _ends_sentence(text: str) -> bool:
    if not text or text[-1] in _SENTENCE_END:
        return True
    return text[-1] in _CLOSERS and len(text) > 1 and text[-2] in _SENTENCE_END


def _drop_full_stop(text: str) -> str:
    """`中心领导。` → `中心领导`, but only where the renderer puts the 。 back."""
    if len(text) > 1 and text.endswith("。") and not text[:-1].endswith(_FULL_STOP_ENDINGS):
        return text[:-1]
    return text


def _number(text: str, decimals: int) -> int | float | None:
    plain = text.replace(",", "")
    try:
        value = float(plain) if "." in plain else int(plain)
    except ValueError:
        return None
    if decimals == 0 and isinstance(value, float):
        return int(value) if value.is_integer() else None
    return value


_FIGURE = r"\s*(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_CATEGORY_MARK, _COLUMN_MARK = "\ue010", 0xE020


def _column_labels(section: dict[str, Any]) -> dict[str, str]:
    """What the kind's sentence prints right before each column's figure: 受理, 交易金额, or "" (the
    figure follows the category's name, as in `某类项目35个`). Learnt by rendering the template for
    one category whose figures are placeholders; {} when the template cannot be rendered so."""
    columns = section.get("columns", [])
    marks = {c["name"]: chr(_COLUMN_MARK + i) for i, c in enumerate(columns)}
    row: dict[str, Any] = {"name": _CATEGORY_MARK, "values": dict.fromkeys(marks, 0), "increase": {}, "rates": {}}
    row.update(marks)
    rates = {r.get("name", ""): "0" for r in section.get("rates", []) if isinstance(r, dict)}
    row["rates"] = rates
    try:
        shape = render_template(section.get("template", ""), "统计模板", source="", since="", as_of="",
                                categories=[row], totals=dict.fromkeys(marks, "0"), total_rates=rates,
                                columns=columns, year=0)
    except ZhoubaoError:
        return {}
    units = {mark: c.get("unit", "") for c, mark in zip(columns, marks.values(), strict=True)}
    labels: dict[str, str] = {}
    for name, mark in marks.items():
        at = shape.find(mark)
        if at < 0:
            continue
        before = max(shape.rfind(m, 0, at) for m in [_CATEGORY_MARK, *marks.values()])
        if before < 0:
            continue
        literal = shape[before + 1:at]
        unit = units.get(shape[before], "")
        if unit and literal.startswith(unit):
            literal = literal[len(unit):]
        labels[name] = re.split(r"[，,、；;：:。\s]", literal)[-1]
    return labels


def _figure(segment: str, label: str | None, column: str) -> re.Match[str] | None:
    """The figure after the column's label (or right at the start when the label is empty), else
    after the column's name anywhere in the segment (`累计办结 51546`)."""
    if label == "":
        m = re.match(_FIGURE, segment)
    else:
        m = re.search(re.escape(label) + _FIGURE, segment) if label else None
    return m or re.search(re.escape(column) + _FIGURE, segment)


def _valid_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def date_near(month: int, day: int, start: dt.date, end: dt.date | None = None) -> dt.date | None:
    """The month and day in the year that puts them nearest the span start..end (a week, a day).

    `12月30日` near a period in early January is last year's; `1月2日` near late December, next year's.
    """
    end = end or start
    found = [d for year in range(start.year - 1, end.year + 2) if (d := _valid_date(year, month, day))]
    if not found:
        return None
    return min(found, key=lambda d: 0 if start <= d <= end else min(abs((d - start).days), abs((d - end).days)))


# ----------------------------------------------------------------------------- visits

_SENTINELS = {"date": "\ue000", "full_date": "\ue001", "unit": "\ue002", "post": "\ue003", "name": "\ue004"}
_DEFAULT_VISIT = "{{ date }}，{{ unit }}{{ post }}{{ name }}"
_HALF_WIDTH = {"，": ",", "：": ":", "；": ";", "（": "(", "）": ")", "！": "!", "？": "?"}

# A unit's name ends with one of these; a post is a run of these titles joined by 、 or 兼.
_UNIT_ENDINGS = ("委员会", "办公厅", "办公室", "中心", "公司", "集团", "政府", "大学", "学院", "医院", "协会",
                 "学会", "银行", "厅", "局", "委", "办", "院", "会", "部", "署", "处", "室", "所", "站", "队", "司",
                 "行", "馆", "社", "校", "团", "组", "科", "庭", "台", "区", "市", "州", "县", "省")
_POSTS = sorted({
    "党组书记", "党委书记", "党组副书记", "党委副书记", "党组成员", "党委委员", "书记", "副书记", "党支部书记",
    "机关党委书记", "专职副书记", "厅长", "副厅长", "常务副厅长", "局长", "副局长", "常务副局长", "主任", "副主任",
    "常务副主任", "一级巡视员", "二级巡视员", "巡视员", "副巡视员", "一级调研员", "二级调研员", "三级调研员",
    "四级调研员", "调研员", "副调研员", "一级主任科员", "二级主任科员", "处长", "副处长", "科长", "副科长",
    "院长", "副院长", "会长", "副会长", "秘书长", "副秘书长", "部长", "副部长", "司长", "副司长", "署长", "副署长",
    "主席", "副主席", "委员", "总经理", "副总经理", "董事长", "副董事长", "总工程师", "总经济师", "总会计师",
    "总审计师", "总规划师", "总督学", "副总督学", "督察专员", "一级督办", "检察长", "副检察长", "庭长", "副庭长",
    "行长", "副行长", "社长", "副社长", "站长", "副站长", "所长", "副所长", "馆长", "副馆长", "队长", "副队长",
    "总队长", "副总队长", "支队长", "政委", "组长", "副组长", "纪检监察组组长", "省长", "副省长", "市长", "副市长",
    "县长", "副县长", "区长", "副区长", "州长", "副州长", "理事长", "副理事长", "校长", "副校长",
}, key=len, reverse=True)
# What follows a visitor's name: how the sentence goes on.
_AFTER_NAME = sorted({
    "同志", "一行", "一同", "带队", "带领", "率队", "率领", "深入", "莅临", "前往", "来到", "走访", "调研", "参加",
    "开展", "看望", "慰问", "检查", "视察", "亲临", "亲自", "专程", "主持", "出席", "陪同", "听取", "考察", "督导",
    "督查", "指导", "实地", "召开", "先后", "到", "来", "赴", "在", "对", "为", "与", "和", "及", "率", "等", "进",
    "就", "，", ",", "、", "（", "(",
}, key=len, reverse=True)
_HAN = re.compile("[\u3400-\u9fff]")


_UNIT = re.compile(r"^[\u3400-\u9fffA-Za-z0-9（）()·]{2,40}$")  # a unit's name: no sentence punctuation


def _post_at(text: str, at: int) -> int:
    """Where the run of post titles starting at `at` ends (== at when none starts there)."""
    end = at
    while True:
        word = next((p for p in _POSTS if text.startswith(p, end)), None)
        if word is None:
            return end
        end += len(word)
        joiner = next((j for j in ("、", "兼") if text.startswith(j, end)), None)
        if joiner and any(text.startswith(p, end + len(joiner)) for p in _POSTS):
            end += len(joiner)


def _name_at(text: str, at: int) -> int | None:
    """The end of a 2–4 character name at `at`, judged by how the sentence goes on after it."""
    best: tuple[int, int, int] | None = None  # (how sure, preference, end)
    for length, preference in ((3, 3), (2, 2), (4, 1)):
        end = at + length
        if end >= len(text) or not all(_HAN.match(c) for c in text[at:end]):
            continue
        follow = next((w for w in _AFTER_NAME if text.startswith(w, end)), "")
        if follow and (best is None or (len(follow), preference) > best[:2]):
            best = (len(follow), preference, end)
    return best[2] if best else None


def split_visitor(text: str) -> tuple[str, str, str, str] | None:
    """`省交通物流发展中心二级巡视员、主任柏吉琼到…` → (unit, post, name, rest), or None when unsure.

    The unit is the shortest start that ends like a unit's name and is followed by a post title
    (or, with no post, by a name); the name is 2–4 characters followed by how such sentences go on
    (到, 同志, 一行, 调研 …).
    """
    for with_post in (True, False):
        for at in range(2, min(len(text), 41)):
            if not text[:at].endswith(_UNIT_ENDINGS) or not _UNIT.match(text[:at]):
                continue
            post_end = _post_at(text, at)
            if with_post == (post_end == at):
                continue
            name_end = _name_at(text, post_end)
            if name_end is not None:
                return text[:at], text[at:post_end], text[post_end:name_end], text[name_end:]
    return None


def split_lead(text: str) -> tuple[str, str, str] | None:
    """`商务厅一级巡视员刘祥超` → (unit, post, name) when nothing follows the name."""
    for with_post in (True, False):
        for at in range(2, min(len(text) - 1, 41)):
            if not text[:at].endswith(_UNIT_ENDINGS) or not _UNIT.match(text[:at]):
                continue
            post_end = _post_at(text, at)
            name = text[post_end:]
            if with_post != (post_end == at) and 2 <= len(name) <= 4 and all(_HAN.match(c) for c in name):
                return text[:at], text[at:post_end], name
    return None


# ----------------------------------------------------------------------------- the result


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
    folder = issue_dir if issue_dir is not None else docx_path.parent
    ref = kinds.find_kind(kind or _kind_named(_masthead_name(paragraphs), folder), folder)
    return _Reader(ref.name, kinds.load_kind(ref.path), docx_path).read(paragraphs)


def _masthead_name(paragraphs: list[DocParagraph]) -> str | None:
    """The line above the issue number line: the bulletin's name."""
    lines: list[str] = []
    for paragraph in paragraphs:
        if paragraph.text.strip():
            lines.append(typography.strip_stray_spaces(paragraph.text))
            if _ISSUE_NUMBER.search(lines[-1]):
                return lines[-2] if len(lines) > 1 else None
            if len(lines) == 12:
                break
    return None


def _kind_named(name: str | None, folder: Path) -> str:
    if name:
        for ref in kinds.list_kinds(folder):
            try:
                declared = tomllib.loads((ref.path / kinds.KIND_FILE).read_text(encoding="utf-8")).get("name")
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                continue
            if _key(name) in (_key(ref.name), _key(declared if isinstance(declared, str) else "")):
                return ref.name
    return kinds.default_kind(folder)


@dataclass
class _Line:
    text: str  # stray spaces stripped
    raw: str
    in_table: bool


class _Reader:
    """Walks the paragraphs once, keeping track of the section and sub-section they belong to."""

    def __init__(self, kind_name: str, kind: dict[str, Any], source: Path) -> None:
        self.kind_name = kind_name
        self.kind = kind
        self.source = source
        self.report: list[str] = []
        self.notes: dict[int, list[str]] = {}
        self.data: dict[str, Any] = {}
        self.kind_sections: list[dict[str, Any]] = []
        self.present: list[dict[str, Any]] = []  # top-level sections in the document's order
        self.present_subs: dict[int, list[dict[str, Any]]] = {}  # id(section) → its subs, in order
        self.present_items: dict[int, list[dict[str, Any]]] = {}  # id(checklist) → its items, in order
        self.started: set[int] = set()  # sections whose typed text replaced the kind's (intro, text)
        self.originals: dict[int, list[str]] = {}  # id(statistics section) → its paragraphs as typed
        self.figures: dict[int, dict[str, dict[str, int | float]]] = {}  # id(section) → category → column
        self.stats_given: dict[int, set[str]] = {}
        self.current: dict[str, Any] | None = None
        self.current_sub: dict[str, Any] | None = None
        self.last_kind_index = -1
        self.awaiting_period: dict[str, Any] | None = None
        self.level1 = 0
        self.numbering_reported = False
        self.in_tail = False
        self.distribution: list[dict[str, str]] = []
        self.copies: int | None = None
        self.unplaced_texts: list[str] = []
        self.period = (dt.date.min, dt.date.min)

    # -- the whole document

    def read(self, paragraphs: list[DocParagraph]) -> ImportResult:
        lines = [_Line(typography.strip_stray_spaces(p.text), p.text, p.in_table) for p in paragraphs if p.text.strip()]
        lines = [line for line in lines if line.text]
        if not lines:
            raise ZhoubaoError(f"{self.source.name} 中没有文字：请确认选对了文件")
        header, issue_fields, body_start = self.masthead(lines)
        self.data = kinds.issue_data(self.kind, self.kind_name, header)
        self.data["issue"].update(issue_fields)
        if not issue_fields.get("mark"):
            self.data["issue"].pop("mark", None)
        self.kind_sections = self.data.get("section", [])
        self.data["section"] = []
        body = self.join_broken(lines[body_start:])
        for line in body:
            self.place(line)
        self.finish()
        Issue.from_dict(self.data)  # the import must be a valid issue; raises otherwise
        return ImportResult(self.source, self.data, self.report, self.notes)

    # -- masthead

    def masthead(self, lines: list[_Line]) -> tuple[dict[str, Any], dict[str, Any], int]:
        """Header fields (year, number, total, date, period) and typed ones (name, unit, mark, lines)."""
        name = self.source.name
        at = next((i for i, line in enumerate(lines[:12]) if _ISSUE_NUMBER.search(line.text)), None)
        if at is None:
            raise ZhoubaoError(f"{name} 开头没有期号行（如“2022年第33期（总第408期）”）：这不像一期简报，请检查文件")
        fields: dict[str, Any] = {}
        if at > 0:
            fields["name"] = lines[at - 1].text
            marks = [part.strip() for line in lines[: at - 1] for part in line.raw.split("\t")]
            marks = [m for m in marks if m and typography.strip_stray_spaces(m) != DRAFT_MARK]
            if marks:
                fields["mark"] = marks[0]
                if len(marks) > 1:
                    self.report.append(f"版头上方有多行标记，只导入了“{marks[0]}”，其余（{'；'.join(marks[1:])}）未导入")
        else:
            self.report.append(f"期号行上方没有简报名称：已用种类“{self.kind_name}”的名称")
        issue_lines: list[str] = []
        end = at
        while end < len(lines) and end < at + 3 and _ISSUE_NUMBER.search(lines[end].text) \
                and not _DATE_AT_END.search(lines[end].text):
            issue_lines.append(lines[end].text)
            end += 1
        date_at = next((i for i in range(end, min(end + 3, len(lines))) if self._masthead_date(lines[i].text)), None)
        if date_at is None:
            raise ZhoubaoError(f"{name} 的版头没有印发日期（如“2022年11月1日”，在期号行之后）：请检查文件")
        date, unit = self._masthead_date(lines[date_at].text)  # type: ignore[misc]
        unit = unit or "".join(line.text for line in lines[end:date_at])  # unit and date on two lines
        if unit:
            fields["unit"] = unit
        else:
            self.report.append(f"版头没有编发单位：已用种类“{self.kind_name}”的编发单位")

        joined = "".join(issue_lines)
        supplement = "增刊" in joined
        number = re.search(r"增刊\s*第?\s*(\d+)\s*期" if supplement else r"(?<!总)第\s*(\d+)\s*期", joined)
        total = re.search(r"总第\s*(\d+)\s*期", joined)
        year = re.search(r"(\d{4})\s*年", joined)
        if number is None:
            raise ZhoubaoError(f"{name} 的期号行“{joined}”中没有期号（第N期）：请检查文件")
        if total is None and not supplement:
            raise ZhoubaoError(f"{name} 的期号行“{joined}”中没有总期号（总第N期）：请检查文件")
        header: dict[str, Any] = {
            "year": int(year.group(1)) if year else date.year,
            "number": int(number.group(1)),
            "total": int(total.group(1)) if total else 0,
            "date": date,
        }
        if supplement:
            header["supplement"] = True
        start, finish = self.find_period(lines[date_at + 1:], date)
        header["period_start"], header["period_end"] = start, finish
        self.period = (start, finish)
        key = "supplement_line" if supplement else "issue_line"
        template = self._issue_line_template(issue_lines, header, key)
        if template is not None:
            fields[key] = template
        return header, fields, date_at + 1

    @staticmethod
    def _masthead_date(text: str) -> tuple[dt.date, str] | None:
        m = _DATE_AT_END.search(text)
        if m:
            day = _valid_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        else:
            m = _CN_DATE_AT_END.search(text)
            if not m:
                return None
            year = "".join(str(_CN_DIGITS[c]) for c in m.group(1))
            month, mday = cn_to_int(m.group(2)), cn_to_int(m.group(3))
            day = _valid_date(int(year), month, mday) if month and mday else None
        if day is None:
            return None
        return day, text[: m.start()].strip()

    def _issue_line_template(self, typed: list[str], header: dict[str, Any], key: str) -> list[str] | None:
        """None when the kind's issue line prints what was typed, else a template made from the typing."""
        default = "{{ year }}年增刊第{{ number }}期" if key == "supplement_line" else "{{ year }}年第{{ number }}期（总第{{ total }}期）"
        kind_lines = self.kind.get(key, [default])
        values = {"year": header["year"], "number": header["number"], "total": header["total"]}
        try:
            printed = [_key(render_template(line, "期号行", **values)) for line in kind_lines]
        except ZhoubaoError:
            printed = []
        if printed == [_key(line) for line in typed]:
            return None
        if any(c in "".join(typed) for c in "{}%#"):
            self.report.append(f"期号行“{''.join(typed)}”与种类的格式不同：已按种类的格式导入，请核对")
            return None
        made = []
        for line in typed:
            line = re.sub(r"总第(\d+)期", lambda m: "总第{{ total }}期" if int(m.group(1)) == values["total"] else m.group(0), line)
            line = re.sub(r"(?<!总)第(\d+)期", lambda m: "第{{ number }}期" if int(m.group(1)) == values["number"] else m.group(0), line)
            line = re.sub(r"(\d{4})年", lambda m: "{{ year }}年" if int(m.group(1)) == values["year"] else m.group(0), line)
            made.append(line)
        self.report.append(f"期号行“{''.join(typed)}”与种类的格式不同：已按原文的格式导入")
        return made

    def find_period(self, lines: list[_Line], issue_date: dt.date) -> tuple[dt.date, dt.date]:
        """The period line under the part title; years come from the issue date (a period across New
        Year gets the right ones). Without one, the working week before the issue date, reported."""
        for line in lines:
            m = _PERIOD_LINE.match(line.text)
            if not m:
                continue
            y1, m1, d1, y2, m2, d2 = m.groups()
            if m2 is None:
                y2, m2, d2 = y1, m1, d1
            end = _valid_date(int(y2), int(m2), int(d2)) if y2 else date_near(int(m2), int(d2), issue_date)
            if end is None:
                continue
            if y1:
                start = _valid_date(int(y1), int(m1), int(d1))
            else:
                start = _valid_date(end.year, int(m1), int(d1))
                if start is not None and start > end:
                    start = _valid_date(end.year - 1, int(m1), int(d1))
            if start is not None and start <= end:
                return start, end
        monday = issue_date - dt.timedelta(days=issue_date.weekday() + 7)
        friday = monday + dt.timedelta(days=4)
        self.report.append(f"没有找到本期期间（如“（9月26日—9月30日）”）：已暂定为 {monday} 至 {friday}，"
                           f"请用 zhoubao set period 改正")
        return monday, friday

    # -- paragraphs a page break split

    def _structural(self, line: _Line) -> bool:
        text = line.text
        if line.in_table or _PERIOD_LINE.match(text) or _COPIES.match(text) or self._distribution_match(line):
            return True
        for pattern in (_HEADING1, _HEADING2):
            m = pattern.match(text)
            if m and _heading_like(m.group(2)):
                return True
        titles = [s.get("title", "") for s in self._walk(self.kind_sections)]
        return any(title and _key(title) == _key(text) for title in titles) or self._arabic_heading(text) is not None

    def _arabic_heading(self, text: str) -> tuple[str, int] | None:
        """`1、工作动态`: a heading only when the title is one of the kind's top-level sections."""
        m = _HEADING1_ARABIC.match(text)
        if not m or not _heading_like(m.group(2)):
            return None
        tops = [(s.get("title", ""), s) for s in self.kind_sections if s.get("type") != "part"]
        return (m.group(2).strip(), int(m.group(1))) if _best_match(m.group(2), tops) else None

    def join_broken(self, lines: list[_Line]) -> list[_Line]:
        """Join a paragraph that stops mid-sentence to the next when that one does not start anew."""
        out: list[_Line] = []
        for line in lines:
            if out:
                before = out[-1]
                starts_anew = bool(re.match(rf"^(?:\d|[{_CN_NUMERAL}]+[、.．]|[（(]\s*[\d{_CN_NUMERAL}])", line.text))
                if not (_ends_sentence(before.text) or starts_anew or self._structural(before)
                        or self._structural(line)):
                    glue = " " if before.text[-1].isascii() and line.text[0].isascii() else ""
                    out[-1] = _Line(before.text + glue + line.text, before.raw + line.raw, before.in_table)
                    self.report.append(f"段落“…{before.text[-8:]}”与下一段“{_snippet(line.text, 8)}”已合并"
                                       f"（前一段未以句末标点结束，应是分页时断开的）：请核对")
                    continue
            out.append(line)
        return out

    # -- placing one paragraph

    def place(self, line: _Line) -> None:
        text = line.text
        if self.awaiting_period is not None:
            part, self.awaiting_period = self.awaiting_period, None
            if _PERIOD_LINE.match(text):
                return
            if part.get("subtitle"):
                part["subtitle"] = ""
        if self.tail(line):
            return
        part = self.match_part(text)
        if part is not None:
            self.open_kind_section(part)
            self.current = self.current_sub = None
            self.awaiting_period = part
            self.level1 = 0
            return
        heading = self.level1_heading(text)
        if heading is not None:
            self.open_section(*heading)
            return
        labelled = self.labelled_section(text)
        if labelled is not None:
            self.open_kind_section(labelled)
            self.current, self.current_sub = labelled, None
            self.paragraph(labelled, text)
            return
        if self.current is None:
            self.unplaced(text, "不在任何栏目之下")
            return
        section = self.current
        if section["type"] == "entries":
            title = self.sub_heading(section, text)
            if title is not None:
                self.open_sub(section, title)
                return
        self.place_in(self.current_sub or section, text)

    def tail(self, line: _Line) -> bool:
        """报尾: distribution lines and the copies line; once it starts, nothing else belongs there."""
        m = _COPIES.match(line.text)
        if m:
            self.copies = int(m.group(1))
            self.in_tail = True
            return True
        m = self._distribution_match(line)
        if m:
            self.distribution.append({"label": m.group(1), "text": _drop_full_stop(m.group(2).strip())})
            self.in_tail = True
            return True
        if self.in_tail:
            self.unplaced_texts.append(line.text)
            self.report.append(f"报尾中的“{_snippet(line.text)}”不是分送行或印数行：已放入“{UNPLACED_TITLE}”栏目，请核对")
            return True
        return False

    def _distribution_match(self, line: _Line) -> re.Match[str] | None:
        m = _DISTRIBUTION.match(line.text)
        labels = _DISTRIBUTION_LABELS | {d.get("label") for d in self.kind.get("distribution", {}).get("line", [])}
        if m and (m.group(1) in labels or (line.in_table and len(m.group(1)) <= 2)):
            return m
        return None

    def match_part(self, text: str) -> dict[str, Any] | None:
        parts = [s for s in self.kind_sections if s.get("type") == "part" and not self._is_present(s)]
        return next((s for s in parts if _key(s.get("title", "")) == _key(text)), None)

    def level1_heading(self, text: str) -> tuple[str, int | None] | None:
        """(title, number) of a level-1 heading: `一、…`, or a top-level title typed without number."""
        m = _HEADING1.match(text)
        if m and _heading_like(m.group(2)):
            return m.group(2).strip(), cn_to_int(m.group(1))
        tops = [s for s in self.kind_sections if s.get("type") != "part" and not self._is_present(s)]
        if any(s.get("title") and _key(s["title"]) == _key(text) for s in tops):
            return text, None
        return self._arabic_heading(text)

    def sub_heading(self, section: dict[str, Any], text: str) -> str | None:
        m = _HEADING2.match(text)
        if m and _heading_like(m.group(2)):
            return m.group(2).strip()
        present = self.present_subs.get(id(section), [])
        subs = [s for s in section.get("sub", []) if not any(s is p for p in present)]
        if any(s.get("title") and _key(s["title"]) == _key(text) for s in subs):
            return text
        return None

    def labelled_section(self, text: str) -> dict[str, Any] | None:
        """A heading-less paragraph section of the kind whose run-in label (要求：) starts `text`."""
        return next((s for s in self.kind_sections if s.get("type") == "paragraph" and not s.get("heading")
                     and s.get("label") and text.startswith(s["label"]) and not self._is_present(s)), None)

    def _is_present(self, section: dict[str, Any]) -> bool:
        return any(section is s for s in self.present)

    def open_kind_section(self, section: dict[str, Any]) -> None:
        self.present.append(section)
        self.last_kind_index = next(i for i, s in enumerate(self.kind_sections) if s is section)

    def open_section(self, title: str, number: int | None) -> None:
        if number is not None:
            expected = self.level1 + 1
            if number != expected and not self.numbering_reported:
                self.report.append(f"原文一级标题编号有误（“{_snippet(title, 10)}”编为第{number}个，应为第{expected}个）："
                                   f"已按栏目标题对应，渲染时重新编号")
                self.numbering_reported = True
        candidates = [(s.get("title", ""), s) for s in self.kind_sections
                      if s.get("type") != "part" and not self._is_present(s)]
        section = self.adopt(title, candidates, "一级标题", "种类栏目")
        if section is None:
            section = {"type": "paragraph", "title": title, "heading": True, "text": ""}
            self.present.append(section)
            self.report.append(f"一级标题“{title}”不是种类“{self.kind_name}”的栏目：已作为自由文字栏目导入，请核对")
        else:
            self.open_kind_section(section)
        self.level1 += 1
        self.current, self.current_sub = section, None

    def adopt(self, title: str, candidates: list[tuple[str, Any]], heading: str, what: str) -> dict[str, Any] | None:
        """The kind's section a typed heading stands for; a near match keeps the typed title, reported."""
        found = _best_match(title, candidates)
        if found is None:
            return None
        section, exact = found
        if not exact:
            self.report.append(f"{heading}“{title}”按{what}“{section['title']}”导入，标题保留原文")
            section["title"] = title
        return section

    def open_sub(self, section: dict[str, Any], title: str) -> None:
        present = self.present_subs.setdefault(id(section), [])
        candidates = [(s.get("title", ""), s) for s in section.get("sub", []) if not any(s is p for p in present)]
        sub = self.adopt(title, candidates, "二级标题", "子栏目")
        if sub is None:
            sub = {"type": "entries", "title": title}
            self.report.append(f"二级标题“{title}”不是栏目“{section['title']}”下的子栏目：已作为新的子栏目导入，请核对")
        present.append(sub)
        self.current_sub = sub

    def place_in(self, section: dict[str, Any], text: str) -> None:
        placers: dict[str, Callable[[dict[str, Any], str], bool]] = {
            "entries": self.news, "visits": self.visit, "statistics": self.statistics,
            "checklist": self.checklist, "paragraph": self.paragraph,
        }
        placer = placers.get(section.get("type", ""))
        if placer is None or not placer(section, text):
            self.unplaced(text, f"在栏目“{section.get('title', '')}”中无法识别")

    def unplaced(self, text: str, why: str) -> None:
        """A heading-less paragraph section of the kind next in line takes it; else 未归类内容."""
        following = self.kind_sections[self.last_kind_index + 1:self.last_kind_index + 2]
        if following and following[0].get("type") == "paragraph" and not following[0].get("heading") \
                and not self._is_present(following[0]):
            section = following[0]
            self.open_kind_section(section)
            self.current, self.current_sub = section, None
            self.paragraph(section, text)
            return
        self.unplaced_texts.append(text)
        self.report.append(f"段落“{_snippet(text)}”{why}：已放入“{UNPLACED_TITLE}”栏目，请核对后移到合适位置或删除")

    # -- one paragraph of each kind of section

    def entry_date(self, year: str | None, month: str, day: str) -> dt.date | None:
        if year:
            return _valid_date(int(year), int(month), int(day))
        return date_near(int(month), int(day), *self.period)

    def news(self, section: dict[str, Any], text: str) -> bool:
        body = _ITEM_NUMBER.sub("", text, count=1) or text
        entry: dict[str, Any] = {"id": 0}
        m = _LEADING_DATE.match(body)
        date = self.entry_date(*m.groups()) if m else None
        if m and date is not None:
            entry["date"] = date
            rest = body[m.end():]
            if not m.group(1) and rest[:1] in ("，", ","):
                rest = rest[1:].strip()
                if rest and not dates.starts_with_date(rest):
                    body = rest
        entry["text"] = body
        section.setdefault("entry", []).append(entry)
        return True

    def visit(self, section: dict[str, Any], text: str) -> bool:
        body = _ITEM_NUMBER.sub("", text, count=1) or text
        parsed = self._visit(section.get("template") or _DEFAULT_VISIT, section.get("title", ""), body)
        if parsed is None:
            return False
        section.setdefault("entry", []).append(parsed)
        return True

    def _visit(self, template: str, title: str, text: str) -> dict[str, Any] | None:
        """Match the lead the kind's template prints; split unit, post and name; check by re-rendering."""
        try:
            shape = render_template(template, f"栏目“{title}”的来访导语", **_SENTINELS)
        except ZhoubaoError:
            return None
        s = _SENTINELS
        run = s["unit"] + s["post"] + s["name"]
        if run not in shape:
            run = s["unit"] + s["name"]
            if run not in shape:
                return None
        before, after = shape.split(run, 1)
        pattern = ""
        for char in before:
            if char == s["date"]:
                pattern += r"(?:(?P<year>\d{4})年)?(?P<month>\d{1,2})月(?P<day>\d{1,2})日"
            elif char == s["full_date"]:
                pattern += r"(?P<year>\d{4})年(?P<month>\d{1,2})月(?P<day>\d{1,2})日"
            elif char in s.values():
                return None
            else:
                pattern += f"[{re.escape(char)}{re.escape(_HALF_WIDTH.get(char, char))}]"
        try:
            m = re.match(pattern, text)
        except re.error:  # a template printing the date twice
            return None
        if m is None or "month" not in m.groupdict():
            return None
        date = self.entry_date(m.group("year"), m.group("month"), m.group("day"))
        if date is None or any(c in after for c in s.values()):
            return None
        rest = text[m.end():]
        if after:  # the template's own words follow the name: the name runs up to them
            who, found, body = rest.partition(after)
            lead = split_lead(who) if found else None
            if lead is None:
                return None
            unit, post, name = lead
        else:
            split = split_visitor(rest)
            if split is None:
                return None
            unit, post, name, body = split
        if not body or not name:
            return None
        lead = render_template(template, f"栏目“{title}”的来访导语", date=dates.cn_month_day(date),
                               full_date=dates.cn_date(date), unit=typography.normalise(unit),
                               post=typography.normalise(post), name=typography.normalise(name))
        if typography.normalise(lead + body) != typography.normalise(text):
            return None
        return {"id": 0, "date": date, "unit": unit, "post": post, "name": name, "text": body}

    def statistics(self, section: dict[str, Any], text: str) -> bool:
        """Find each category of the kind, then each column name followed by a number.

        Tolerant of wording (`，` for `；`, `累计办结`); a later paragraph may carry more categories.
        """
        columns = section.get("columns", [])
        names = sorted((c["name"] for c in section.get("category", [])), key=len, reverse=True)
        if not names or not columns:
            return False
        figures = self.figures.setdefault(id(section), {})
        labels = _column_labels(section)
        hits = list(re.finditer("|".join(re.escape(n) for n in names), text))
        found_any = False
        for i, hit in enumerate(hits):
            if hit.group() in figures:
                continue
            segment = text[hit.end(): hits[i + 1].start() if i + 1 < len(hits) else len(text)]
            found: dict[str, int | float] = {}
            for column in columns:
                m = _figure(segment, labels.get(column["name"]), column["name"])
                value = _number(m.group(1), column.get("decimals", 0)) if m else None
                if m and value is None:
                    self.report.append(f"统计类别“{hit.group()}”的{column['name']}“{m.group(1)}”应为整数：未导入，请用 zhoubao stats 填写")
                elif value is not None:
                    found[column["name"]] = value
            if found:
                figures[hit.group()] = found
                found_any = True
        if not found_any:
            return False
        span = _DATE_RANGE.search(text)
        if span and "as_of" not in self.started_stats(section):
            since = _valid_date(*(int(g) for g in span.groups()[:3]))
            as_of = _valid_date(*(int(g) for g in span.groups()[3:]))
            if since and as_of and since <= as_of:
                section["since"], section["as_of"] = since, as_of
                self.started_stats(section).add("as_of")
        source = self._source(section, text)
        if source and "source" not in self.started_stats(section):
            section["source"] = source
            self.started_stats(section).add("source")
        self.originals.setdefault(id(section), []).append(text)
        return True

    def started_stats(self, section: dict[str, Any]) -> set[str]:
        """Which of since/as_of and source a statistics paragraph has already given."""
        return self.stats_given.setdefault(id(section), set())

    def _fill_statistics(self, section: dict[str, Any]) -> None:
        """Complete categories get their figures; partial or missing ones are reported, not guessed."""
        figures = self.figures.get(id(section), {})
        columns = [c["name"] for c in section.get("columns", [])]
        for category in section.get("category", []):
            found = figures.get(category["name"], {})
            missing = [c for c in columns if c not in found]
            if not found:
                self.report.append(f"统计类别“{category['name']}”在原文中没有数字：请用 zhoubao stats 填写")
            elif missing:
                self.report.append(f"统计类别“{category['name']}”缺少{'、'.join(missing)}：该类别未导入，请用 zhoubao stats 填写")
            else:
                category["values"] = {c: found[c] for c in columns}

    @staticmethod
    def _source(section: dict[str, Any], text: str) -> str | None:
        """The data source, read between the template's words around {{ source }} (据…数据统计)."""
        template = section.get("template", "")
        m = re.search(r"([^}%]*)\{\{\s*source\s*\}\}([^{，,。]*)", template)
        if not m or not (m.group(1) or m.group(2)):
            return None
        before = m.group(1)[-4:]
        found = re.search(re.escape(before) + r"(.+?)" + re.escape(m.group(2)), text) if m.group(2) \
            else re.search(re.escape(before) + r"(.+?)[，,]", text)
        return found.group(1) if found else None

    def checklist(self, section: dict[str, Any], text: str) -> bool:
        m = _CHECK_ITEM.match(text)
        present = self.present_items.setdefault(id(section), [])
        if m is None:
            if present or id(section) in self.started:
                return False
            section["intro"] = text
            self.started.add(id(section))
            return True
        rest = m.group("rest")
        items = section.setdefault("item", [])
        free = [it for it in items if not any(it is p for p in present)]
        item = next((it for it in sorted(free, key=lambda it: -len(it["name"])) if rest.startswith(it["name"])), None)
        if item is not None:
            result = rest[len(item["name"]):]
        else:
            name, _sep, result = _split_label(rest)
            if not name.strip():
                return False
            found = _best_match(name, [(it["name"], it) for it in free])
            if found is None:
                item = {"name": name}
                items.append(item)
                self.report.append(f"巡查项“{name}”不在种类的巡查项中：已作为新巡查项导入，请核对")
            else:
                item = found[0]
                if not found[1]:
                    self.report.append(f"巡查项“{name}”按种类中的“{item['name']}”导入，名称保留原文")
                    item["name"] = name
        result = result.lstrip("。：:．.，, ")
        item.pop("finding", None)
        if result:
            item["result"] = result
        else:
            item.pop("result", None)
            self.report.append(f"巡查项“{item['name']}”在原文中没有结果：未填写，请用 zhoubao inspect 填写")
        present.append(item)
        if id(section) not in self.started:
            self.started.add(id(section))
            section["intro"] = ""  # the typed bulletin has no introduction before its items
        return True

    def paragraph(self, section: dict[str, Any], text: str) -> bool:
        label = section.get("label", "")
        if id(section) not in self.started:
            self.started.add(id(section))
            if label and text.startswith(label):
                text = text[len(label):]
            section["text"] = text
        else:
            section["text"] = f"{section.get('text', '')}\n\n{text}" if section.get("text") else text
        return True

    # -- after the last paragraph

    def finish(self) -> None:
        sections = self._merge(self.kind_sections, self.present, "栏目")
        for section in sections:
            if section.get("type") == "entries" and (section.get("sub") or id(section) in self.present_subs):
                section["sub"] = self._merge(section.get("sub", []), self.present_subs.get(id(section), []), "子栏目")
            for sub in [section, *section.get("sub", [])]:
                if sub.get("type") == "checklist" and id(sub) in self.present_items:
                    sub["item"] = self._merge_items(sub)
        if self.unplaced_texts:
            sections.append({"type": "paragraph", "title": UNPLACED_TITLE, "heading": True,
                             "text": "\n\n".join(self.unplaced_texts)})
        self._settle_statistics(sections)
        self.data["section"] = [_tidy(s) for s in sections]
        number = 0
        for section in self._walk(self.data["section"]):
            for entry in section.get("entry", []):
                number += 1
                entry["id"] = number
        if self.distribution or self.copies is not None:
            tail: dict[str, Any] = {}
            if self.copies is not None:
                tail["copies"] = self.copies
            if self.distribution:
                tail["line"] = self.distribution
            self.data["distribution"] = tail
        elif self.data.pop("distribution", None):
            self.report.append("原文没有报尾（报、送、发和印数）：未导入种类的默认报尾，需要时请用 zhoubao set 补上")

    def _merge(self, kind_order: list[dict[str, Any]], present: list[dict[str, Any]], what: str) -> list[dict[str, Any]]:
        """The document's sections in its order; a kind's section it lacks kept empty where it belongs."""
        out = list(present)
        for index, section in enumerate(kind_order):
            if any(section is s for s in out):
                continue
            if section.get("type") == "part":
                self.report.append(f"原文没有“{section.get('title', '')}”部分标题：未导入")
                continue
            _empty(section)
            if section.get("title"):
                self.report.append(f"种类中的{what}“{section['title']}”在原文中没有：已保留为空{what}")
            at = 0
            for earlier in reversed(kind_order[:index]):
                where = next((i for i, s in enumerate(out) if s is earlier), None)
                if where is not None:
                    at = where + 1
                    break
            out.insert(at, section)
        return out

    def _merge_items(self, section: dict[str, Any]) -> list[dict[str, Any]]:
        present = self.present_items[id(section)]
        out = list(present)
        for item in section.get("item", []):
            if not any(item is p for p in present):
                item.pop("result", None)
                out.append(item)
                self.report.append(f"巡查项“{item['name']}”在原文中没有：未填写")
        return out

    def _settle_statistics(self, sections: list[dict[str, Any]]) -> None:
        """Give each statistics section its figures, then render its sentence from the template;
        where that prints other words than were typed, keep the typed ones as a comment."""
        for index, section in ((i, s) for i, top in enumerate(sections) for s in self._walk([top])):
            originals = self.originals.get(id(section))
            if originals is None:
                continue
            self._fill_statistics(section)
            alone = {"issue": self.data["issue"], "section": [section]}
            try:
                blocks = compose(Issue.from_dict(alone)).blocks
                printed = [b.text for b in blocks if isinstance(b, Paragraph)]
            except ZhoubaoError:
                printed = []
            if printed != [typography.normalise(text) for text in originals]:
                self.notes.setdefault(index, []).extend(f"导入时的原文：{text}" for text in originals)
                self.report.append(f"统计段“{section.get('title', '')}”的措辞与种类模板不同：已按模板重写，"
                                   f"原文保留在期刊文件的注释中，请核对数字")

    @staticmethod
    def _walk(sections: list[dict[str, Any]]) -> Iterable[dict[str, Any]]:
        for section in sections:
            yield section
            yield from _Reader._walk(section.get("sub", []))


def _empty(section: dict[str, Any]) -> None:
    """A section kept for its structure must print nothing: no default intro or text."""
    if section.get("type") == "checklist":
        section["intro"] = ""
        for item in section.get("item", []):
            item.pop("result", None)
    if section.get("type") == "paragraph":
        section["text"] = ""
    for sub in section.get("sub", []):
        _empty(sub)


def _split_label(text: str) -> tuple[str, str, str]:
    """`考勤情况。总体情况良好。` → (`考勤情况`, `。`, `总体情况良好。`): a run-in label and its text."""
    m = re.search(r"[。：:．]", text)
    return (text[: m.start()], m.group(), text[m.end():]) if m else (text, "", "")


def _is_table(key: str, value: Any) -> bool:
    if key in ("columns", "values"):
        return False
    return isinstance(value, dict) or (isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value))


def _tidy(section: dict[str, Any]) -> dict[str, Any]:
    """Keys in the order TOML needs: plain values first, then the arrays of tables (category, entry, sub)."""
    plain = {k: v for k, v in section.items() if not _is_table(k, v)}
    tables = {k: ([_tidy(s) for s in v] if k == "sub" else v) for k, v in section.items() if _is_table(k, v)}
    return plain | tables


# ----------------------------------------------------------------------------- writing


def default_output(docx_path: Path) -> Path:
    """`<stem>.toml` beside the Word file."""
    return docx_path.with_suffix(".toml")


def write_import(result: ImportResult, out_path: Path | None = None, force: bool = False) -> Path:
    """Write the imported issue as a new issue file through the store (atomic; refuses to overwrite)."""
    import tomlkit

    from zhoubao import store

    out = out_path if out_path is not None else default_output(result.source)
    if out.suffix.lower() != ".toml":
        raise ZhoubaoError(f"输出文件 {out} 不是 .toml：期刊文件请以 .toml 结尾")
    issue = result.issue
    doc = tomlkit.document()
    label = f"增刊第{issue.number}期" if issue.supplement else f"第{issue.number}期（总第{issue.total}期）"
    doc.add(tomlkit.comment(f"{issue.name} {issue.year}年{label}"))
    doc.add(tomlkit.comment("zhoubao 期刊文件：可直接编辑，注释和排版在用命令修改时会保留。"))
    doc.add(tomlkit.comment(f"由 {result.source.name} 导入（zhoubao import）：请用 zhoubao show、zhoubao check 核对。"))
    doc.add(tomlkit.nl())
    for key, value in result.data.items():
        if key == "section":
            rows = tomlkit.aot()
            for index, section in enumerate(value):
                rows.append(_section_table(section, result.notes.get(index, [])))
            doc[key] = rows
        else:
            doc[key] = store.toml_items(value)
    store.create(out, doc, force=force)
    return out


def _section_table(section: dict[str, Any], notes: list[str]) -> Any:
    """One [[section]] table, with notes as comments after its plain values."""
    import tomlkit

    from zhoubao import store

    table = tomlkit.table()
    pending = list(notes)
    for key, value in section.items():
        if pending and _is_table(key, value):
            for note in pending:
                table.add(tomlkit.comment(note))
            pending = []
        table[key] = store.toml_items(value, key)
    for note in pending:
        table.add(tomlkit.comment(note))
    return table


def import_command(docx: Path, output: Path | None, kind: str | None, force: bool) -> str:
    """`zhoubao import`: write the issue file, print the report as 提示 lines, return the confirmation."""
    import click

    out = output if output is not None else default_output(docx)
    if out.suffix.lower() != ".toml":
        raise ZhoubaoError(f"输出文件 {out} 不是 .toml：期刊文件请以 .toml 结尾")
    if out.exists() and not force:
        raise ZhoubaoError(f"{out} 已存在：如要覆盖请加 --force")
    result = import_docx(docx, kind, issue_dir=out.parent)
    write_import(result, out, force=force)
    for line in result.report:
        click.echo(f"提示：{line}", err=True)
    issue = result.issue
    label = f"增刊第{issue.number}期" if issue.supplement else f"第{issue.number}期（总第{issue.total}期）"
    tail = f"；有 {len(result.report)} 条提示，请核对" if result.report else ""
    return f"已导入 {docx.name} → {out}：{issue.name} {issue.year}年{label}（种类 {issue.kind}）{tail}"
