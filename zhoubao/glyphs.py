"""Which characters a font can print: 仿宋_GB2312 and 楷体_GB2312 hold the GB2312 set only.

Names of people and places often fall outside it (喆, 堃, 昇); Word then prints them in another
face, which shows on paper. Windows' own 仿宋 and 楷体 hold GBK; characters beyond GBK (𠮷)
are in neither and come out in a fallback face such as SimSun-ExtB. Pure: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

# The character set each face of the font sets holds.
FONT_CHARSETS = {
    "仿宋_GB2312": "gb2312",
    "楷体_GB2312": "gb2312",
    "方正小标宋简体": "gb2312",
    "仿宋": "gbk",
    "楷体": "gbk",
    "黑体": "gbk",
    "宋体": "gbk",
    "华文中宋": "gbk",
}
_CHARSET_NAMES = {"gb2312": "GB2312", "gbk": "GBK"}


def _holds(charset: str, ch: str) -> bool:
    try:
        ch.encode(charset)
    except UnicodeEncodeError:
        return False
    return True


@dataclass(frozen=True)
class Missing:
    """A character a face cannot print, and what would print it."""

    char: str
    font: str

    @property
    def in_gbk(self) -> bool:
        return _holds("gbk", self.char)

    def advice(self) -> str:
        charset = _CHARSET_NAMES.get(FONT_CHARSETS.get(self.font, ""), "")
        where = f"{self.font} 的字库（{charset}）" if charset else f"{self.font} 的字库"
        if self.in_gbk:
            return (
                f"“{self.char}”不在{where}中，Word 会换用其他字体显示：用“系统”字体集"
                "（zhoubao render --fonts 系统，Windows 自带的仿宋、楷体含此字）"
            )
        return (
            f"“{self.char}”（U+{ord(self.char):04X}）超出 GBK，两种字体集都不含此字，Word 会借用其他字体"
            "（如 SimSun-ExtB）显示：请核对打印效果"
        )


def missing(text: str, font: str) -> list[Missing]:
    """Chinese characters of `text` that `font` cannot print, each once, in order of appearance.

    Latin letters and digits are set in the Latin font and never count; a face whose character
    set is unknown is taken to print everything.
    """
    charset = FONT_CHARSETS.get(font)
    if charset is None:
        return []
    found: dict[str, Missing] = {}
    for ch in text:
        if ord(ch) >= 0x2E80 and ch not in found and not _holds(charset, ch):
            found[ch] = Missing(ch, font)
    return list(found.values())
