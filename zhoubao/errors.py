"""The one user-facing error type, and the operating system's words put into Chinese.

Messages embed `OSError.strerror` where a file could not be read or written; the system says
that in English (`Permission denied`), which must not reach the clerk. `ZhoubaoError` puts the
common ones into Chinese, with the likely cause on a clerk's desk: the Word file is open in Word
or WPS.
"""

from __future__ import annotations

_OPEN_IN_WORD = "文件可能正在 Word 或 WPS 中打开，请关闭后重试"
OS_WORDS = {
    "Permission denied": f"没有权限；{_OPEN_IN_WORD}，或检查文件是否只读",
    "Operation not permitted": f"不允许此操作；{_OPEN_IN_WORD}",
    "The process cannot access the file because it is being used by another process": f"文件正被其他程序占用；{_OPEN_IN_WORD}",
    "Device or resource busy": f"文件正被占用；{_OPEN_IN_WORD}",
    "No such file or directory": "文件或文件夹不存在",
    "The system cannot find the file specified": "文件不存在",
    "The system cannot find the path specified": "文件夹不存在",
    "No space left on device": "磁盘已满",
    "Disk quota exceeded": "磁盘配额已满",
    "Is a directory": "这是一个文件夹",
    "Not a directory": "路径中有一段不是文件夹",
    "Read-only file system": "所在磁盘是只读的",
    "File exists": "文件已存在",
    "File name too long": "文件名太长",
    "Too many open files": "同时打开的文件太多",
    "Input/output error": "读写磁盘出错",
    "Invalid argument": "参数无效",
    "Access is denied": f"拒绝访问；{_OPEN_IN_WORD}，或检查文件是否只读",
}


def in_chinese(text: str) -> str:
    """`text` with the operating system's English error words replaced by Chinese ones."""
    for english, chinese in OS_WORDS.items():
        if english in text:
            text = text.replace(english, chinese)
    return text


def os_message(error: OSError) -> str:
    """One Chinese line for an OSError nobody caught more precisely."""
    where = f" {error.filename}" if error.filename else ""
    reason = in_chinese(error.strerror or str(error))
    return f"无法访问{where}（{reason}）"


# What must not reach a terminal as it is: C0 controls but tab and newline (ESC starts an escape
# sequence), DEL, the C1 controls (U+009B is a one-byte CSI to some terminals) and the bidirectional
# overrides and isolates (they reorder what the line shows).
_UNSAFE = {
    code: f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    for code in [
        *range(0x00, 0x09),
        *range(0x0B, 0x20),
        *range(0x7F, 0xA0),
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
    ]
}


def terminal_safe(text: str) -> str:
    """`text` as it may be printed on a terminal: every control character and bidirectional
    override shown as its escape (`\\x1b`, `\\x9b`, `\\u202e`), so a file name, a kind name or
    a text echoed in a message cannot move the cursor, retitle the window or reorder the line.
    The one function for it: ZhoubaoError's message and the CLI's own lines go through it."""
    return text.translate(_UNSAFE)


class ZhoubaoError(Exception):
    """A problem the user can fix; `message` is one Chinese line naming problem and fix (made
    safe for the terminal: it often names a file or repeats what was typed)."""

    def __init__(self, message: str):
        message = terminal_safe(message)
        if any(english in message for english in OS_WORDS):
            message = in_chinese(message)
        super().__init__(message)
        self.message = message
