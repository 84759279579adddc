"""Where a problem was found: an inspection finding's window told from its text, by how windows are named.

`zhoubao inspect 纪律秩序 --finding 工作时间玩手机 --window 税务窗口` prints, through the kind's finding
template, `税务窗口：工作时间玩手机` or (with the plain `{{ window }}{{ text }}`) `税务窗口工作时间玩手机`.
Reading it back, the template says what stands between window and text; what a window's name ends
with (窗口, 专窗, 项目, 工程 …) says whether the words before it are a window at all, so that
`经检查：总体情况良好` stays a result and `部分窗口人员未穿工装` stays one finding without a window.
Where it is not sure it answers None; the section type then keeps the sentence as a result.
"""

from __future__ import annotations

import re

# What a window's name ends with. With nothing printed between window and text, only the first
# row counts: a single character (厅, 区, 台 …) ends too many words that are not windows.
_WINDOW_WORDS = ("窗口", "专窗", "综窗", "柜台", "专区", "大厅", "项目", "工程", "标段", "服务区", "办事区")
_WINDOW_ENDINGS = (
    *_WINDOW_WORDS,
    "中心",
    "公司",
    "医院",
    "学校",
    "窗",
    "台",
    "区",
    "厅",
    "局",
    "处",
    "科",
    "室",
    "站",
    "所",
    "队",
    "部",
    "组",
    "岗",
    "点",
)
# How a sentence about many windows starts: 部分窗口 is no window's name.
_NOT_A_NAME = (
    "部分",
    "个别",
    "少数",
    "多数",
    "多个",
    "一些",
    "有的",
    "有些",
    "某些",
    "所有",
    "全部",
    "其他",
    "其余",
    "各",
    "每",
    "该",
)
_NAME = re.compile(r"^[\u3400-\u9fffA-Za-z0-9（）()·\-]{2,30}$")  # no sentence punctuation in a window's name


def looks_like_window(text: str, strict: bool = False) -> bool:
    """Whether `text` reads as a window's name: `税务窗口`, `某县污水处理厂提标改造工程`, not `经检查`.

    `strict`: only the longer endings (窗口, 项目 …), for a window printed right against its text."""
    endings = _WINDOW_WORDS if strict else _WINDOW_ENDINGS
    return (
        bool(_NAME.match(text))
        and text.endswith(endings)
        and not text.startswith(_NOT_A_NAME)
        and not any(text == ending for ending in endings)
    )


def split_window(text: str, between: str) -> tuple[str, str] | None:
    """`税务窗口：工作时间玩手机` → (`税务窗口`, `工作时间玩手机`), or None when no window starts `text`.

    `between` is what the finding template prints between window and text (`：`, or nothing); its
    half-width form is taken too. With nothing between, the window is the shortest start that ends
    like a window's name (strictly) and leaves two characters or more of text.
    """
    if between:
        found = [(at, form) for form in {between, between.translate(_HALF_WIDTH)} if (at := text.find(form)) >= 0]
        if not found:
            return None
        at, form = min(found)
        window, rest = text[:at], text[at + len(form) :]
        return (window, rest) if rest and looks_like_window(window) else None
    for end in range(3, min(len(text) - 1, 31)):
        if looks_like_window(text[:end], strict=True):
            return text[:end], text[end:]
    return None


_HALF_WIDTH = str.maketrans({"：": ":", "，": ",", "；": ";", "（": "(", "）": ")"})
