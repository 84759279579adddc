"""Reading issue files: bounded, regular files only, UTF-8, TOML errors told in Chinese.

`load_plain` (tomllib) for commands that only read; `load_document` (tomlkit, which keeps the
clerk's comments and layout) for building another file from one. Nothing here writes.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zhoubao import safefiles, tomltext
from zhoubao.errors import ZhoubaoError
from zhoubao.model import Issue

if TYPE_CHECKING:
    import tomlkit

MB = 1024 * 1024
MAX_BYTES = 5 * MB  # an issue file is a few KB; refuse anything absurd before parsing


def check_size(path: Path, limit: int, what: str) -> None:
    """Refuse a file over `limit` bytes before reading it: the one size guard for every file the
    program opens (issue files here, Word files in import). `what` names the file in the message.
    An OSError from stat is the caller's to report."""
    size = path.stat().st_size
    if size > limit:
        raise ZhoubaoError(
            f"{what} {path} 过大（{size / MB:.1f} MB）：{what}应小于 {limit // MB} MB，请检查是否选错文件"
        )


def read_bytes(path: Path) -> bytes:
    """An issue file's bytes: a regular file of at most MAX_BYTES (a FIFO or device is refused)."""
    if path.suffix.lower() in (".docx", ".doc", ".wps"):
        raise ZhoubaoError(f"{path} 是 Word 文件，不是期刊文件：要把它转成期刊文件，请用 zhoubao import {path.name}")
    try:
        return safefiles.read_regular(path, MAX_BYTES, "期刊文件")
    except FileNotFoundError:
        raise ZhoubaoError(f"期刊文件 {path} 不存在：请检查路径，或用 zhoubao new 新建") from None
    except OSError as e:
        raise ZhoubaoError(f"无法读取期刊文件 {path}（{e.strerror}）：请检查文件权限") from None


def decode(path: Path, raw: bytes) -> str:
    # What decode("utf-8-sig") does, without importing that codec's module on every command.
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ZhoubaoError(f"期刊文件 {path} 不是 UTF-8 编码：请用 UTF-8 保存后重试") from None


def load_plain(path: Path) -> dict[str, Any]:
    """Fast read-only load with tomllib."""
    return parse_plain(path, decode(path, read_bytes(path)))


# The TOML readers' English, as the clerk reads it.
_TOML_WORDS = (
    ("Invalid value", "这里的值写法不对（文字要加引号，日期写成 2022-09-26）"),
    ("Expected '=' after a key", "键后面缺少 ="),
    ("Invalid statement", "这一行不是“键 = 值”"),
    ("Cannot declare", "重复声明了同一个表"),
    ("Cannot overwrite a value", "同一个键写了两次"),
    ("Unterminated string", "引号没有闭合"),
    ("Unclosed array", "方括号没有闭合"),
    ("Unclosed inline table", "花括号没有闭合"),
    ("Expected newline or end of document", "这一行在值后面还有多余的内容"),
    ("Invalid key", "键的写法不对"),
    ("Key already exists", "同一个键写了两次"),
    ("Empty key", "键为空"),
    ("Invalid date", "日期不存在或写法不对"),
    ("Unexpected character", "有不应出现的字符"),
    ("Illegal character", "有不允许的字符"),
)


def _toml_problem(path: Path, error: Exception) -> ZhoubaoError:
    """One Chinese line for a TOML syntax error: where it is (line and column) and what it is."""
    import re

    text = str(error)
    where = re.search(r"line (\d+)(?:,)? col(?:umn)? (\d+)", text)
    line = getattr(error, "line", None) or (int(where.group(1)) if where else None)
    col = getattr(error, "col", None) or (int(where.group(2)) if where else None)
    what = next((chinese for english, chinese in _TOML_WORDS if english.lower() in text.lower()), "写法不合 TOML 格式")
    at = f"第 {line} 行第 {col} 列" if line and col else (f"第 {line} 行" if line else "")
    return ZhoubaoError(f"期刊文件 {path} {at}格式错误：{what}；{_fix_hint(path)}")


def parse_plain(path: Path, text: str) -> dict[str, Any]:
    try:
        return tomltext.loads(text)
    except tomltext.TooDeep as e:
        raise ZhoubaoError(f"期刊文件 {path} {e}：这不是 zhoubao 的期刊文件") from None
    except tomllib.TOMLDecodeError as e:
        raise _toml_problem(path, e) from None
    except RecursionError:
        raise ZhoubaoError(f"期刊文件 {path} 嵌套过深：这不是 zhoubao 的期刊文件") from None


def load_issue(path: Path) -> Issue:
    return Issue.from_dict(load_plain(path))


def load_document(path: Path) -> tuple[tomlkit.TOMLDocument, Issue]:
    """The tomlkit document of a valid issue file and its model, for building another file from it."""
    doc = parse_document(path, decode(path, read_bytes(path)))
    return doc, Issue.from_dict(doc.unwrap())


def parse_document(path: Path, text: str) -> tomlkit.TOMLDocument:
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    try:
        return tomlkit.parse(text)
    except TOMLKitError as e:
        raise _toml_problem(path, e) from None
    except RecursionError:
        raise ZhoubaoError(f"期刊文件 {path} 嵌套过深：这不是 zhoubao 的期刊文件") from None


def _fix_hint(path: Path) -> str:
    bak = path.with_name(path.name + ".bak")
    return f"请改正该行，或从上一版 {bak.name} 恢复" if bak.exists() else "请改正该行"
