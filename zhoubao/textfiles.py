"""Text files a clerk hands over (--text-file, --csv, standard input), read as Windows writes them.

Notepad and Excel on a Chinese Windows write UTF-8 with a BOM, plain UTF-8, GBK (Excel's default
"CSV" and older Notepad's "ANSI"), or UTF-16 with a BOM (Notepad's "Unicode"), with CRLF line ends.
All of them are read; what comes out is clean text: no BOM, LF line ends.
"""

from __future__ import annotations

from pathlib import Path

from zhoubao.errors import ZhoubaoError


def decode_text(raw: bytes, where: str, fix: str = "请另存为 UTF-8 后重试") -> str:
    """The text of `raw`: UTF-16 with a BOM, else UTF-8 (a BOM stripped), else GBK (as GB18030)."""
    try:
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            text = raw.decode("utf-16")
        else:
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = raw.decode("gb18030")  # a superset of GBK and GB2312
    except UnicodeDecodeError:
        raise ZhoubaoError(f"{where}既不是 UTF-8 也不是 GBK 编码：{fix}") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text(path: str | Path, what: str = "文件", fix: str = "请另存为 UTF-8 后重试") -> str:
    """The clean text of a file; a Chinese line naming the file when it cannot be read."""
    if Path(path).is_dir():  # Windows answers a folder with PermissionError, not IsADirectoryError
        raise ZhoubaoError(f"{path} 是文件夹：请指定{what}")
    from zhoubao.safefiles import TEXT_FILE_LIMIT, read_regular

    try:
        raw = read_regular(path, TEXT_FILE_LIMIT, what)  # a regular file, capped: never /dev/zero or a FIFO
    except PermissionError:
        raise ZhoubaoError(f"无法读取{what} {path}（没有权限，或在别的程序中打开）：请检查后重试") from None
    except OSError as e:
        raise ZhoubaoError(f"无法读取{what} {path}（{e.strerror}）：请检查路径") from None
    return decode_text(raw, f"{what} {path} ", fix)
