"""Who visited: a visit's lead split into unit, post and name, from tables of how they read.

A clerk types `省交通物流发展中心二级巡视员、主任柏吉琼到省政务中心走访调研。` as one sentence;
the issue file keeps unit, post and name apart (the kind's lead template joins them, and the
summary counts visits by unit). Names carry no mark of where they end, so the split leans on
what a unit's name ends with, a table of post titles, and how such a sentence goes on after
the name (到, 同志, 一行, 调研 …). Where it is not sure it answers None and the paragraph is
reported, never guessed.

An honorific after the name (`刘祥超同志开展…`) opens the text, as `add-visit` takes it (the seed's
`--name 刘祥超` and text `同志开展“厅长进大厅”活动。…`): the name is the person alone, so that the
summary counts one leader's visits together, and the printed sentence cannot tell a separate field
from the text anyway. A kind that calls every visitor 同志 writes it into its lead template.
"""

from __future__ import annotations

import re

# A unit's name ends with one of these; a post is a run of these titles joined by 、 or 兼.
_UNIT_ENDINGS = (
    "委员会",
    "办公厅",
    "办公室",
    "中心",
    "公司",
    "集团",
    "政府",
    "大学",
    "学院",
    "医院",
    "协会",
    "学会",
    "银行",
    "厅",
    "局",
    "委",
    "办",
    "院",
    "会",
    "部",
    "署",
    "处",
    "室",
    "所",
    "站",
    "队",
    "司",
    "行",
    "馆",
    "社",
    "校",
    "团",
    "组",
    "科",
    "庭",
    "台",
    "区",
    "市",
    "州",
    "县",
    "省",
)
_POSTS = sorted(
    {
        "党组书记",
        "党委书记",
        "党组副书记",
        "党委副书记",
        "党组成员",
        "党委委员",
        "书记",
        "副书记",
        "党支部书记",
        "机关党委书记",
        "专职副书记",
        "厅长",
        "副厅长",
        "常务副厅长",
        "局长",
        "副局长",
        "常务副局长",
        "主任",
        "副主任",
        "常务副主任",
        "一级巡视员",
        "二级巡视员",
        "巡视员",
        "副巡视员",
        "一级调研员",
        "二级调研员",
        "三级调研员",
        "四级调研员",
        "调研员",
        "副调研员",
        "一级主任科员",
        "二级主任科员",
        "处长",
        "副处长",
        "科长",
        "副科长",
        "院长",
        "副院长",
        "会长",
        "副会长",
        "秘书长",
        "副秘书长",
        "部长",
        "副部长",
        "司长",
        "副司长",
        "署长",
        "副署长",
        "主席",
        "副主席",
        "委员",
        "总经理",
        "副总经理",
        "董事长",
        "副董事长",
        "总工程师",
        "总经济师",
        "总会计师",
        "总审计师",
        "总规划师",
        "总督学",
        "副总督学",
        "督察专员",
        "一级督办",
        "检察长",
        "副检察长",
        "庭长",
        "副庭长",
        "行长",
        "副行长",
        "社长",
        "副社长",
        "站长",
        "副站长",
        "所长",
        "副所长",
        "馆长",
        "副馆长",
        "队长",
        "副队长",
        "总队长",
        "副总队长",
        "支队长",
        "政委",
        "组长",
        "副组长",
        "纪检监察组组长",
        "省长",
        "副省长",
        "市长",
        "副市长",
        "县长",
        "副县长",
        "区长",
        "副区长",
        "州长",
        "副州长",
        "理事长",
        "副理事长",
        "校长",
        "副校长",
    },
    key=len,
    reverse=True,
)
_LONGEST_POST = len(_POSTS[0])
# What follows a visitor's name: how the sentence goes on.
_AFTER_NAME = sorted(
    {
        "同志",
        "一行",
        "一同",
        "带队",
        "带领",
        "率队",
        "率领",
        "深入",
        "莅临",
        "前往",
        "来到",
        "走访",
        "调研",
        "参加",
        "开展",
        "看望",
        "慰问",
        "检查",
        "视察",
        "亲临",
        "亲自",
        "专程",
        "主持",
        "出席",
        "陪同",
        "听取",
        "考察",
        "督导",
        "督查",
        "指导",
        "实地",
        "召开",
        "先后",
        "到",
        "来",
        "赴",
        "在",
        "对",
        "为",
        "与",
        "和",
        "及",
        "率",
        "等",
        "进",
        "就",
        "，",
        ",",
        "、",
        "（",
        "(",
    },
    key=len,
    reverse=True,
)
# Honorifics: they follow a name and open the text, never end the name (`王同志` is no name).
_HONORIFICS = ("同志",)
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


def _in_post(text: str, at: int) -> bool:
    """Whether `at` falls inside a post title (`副厅|长`): no unit ends there."""
    return any(
        text.startswith(p, start) and at < start + len(p)
        for start in range(max(0, at - _LONGEST_POST + 1), at)
        for p in _POSTS
    )


def _name_at(text: str, at: int) -> int | None:
    """The end of a 2–4 character name at `at`, judged by how the sentence goes on after it."""
    best: tuple[int, int, int] | None = None  # (how sure, preference, end)
    for length, preference in ((3, 3), (2, 2), (4, 1)):
        end = at + length
        if end >= len(text) or not all(_HAN.match(c) for c in text[at:end]) or text[at:end].endswith(_HONORIFICS):
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
            if not text[:at].endswith(_UNIT_ENDINGS) or not _UNIT.match(text[:at]) or _in_post(text, at):
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
            if not text[:at].endswith(_UNIT_ENDINGS) or not _UNIT.match(text[:at]) or _in_post(text, at):
                continue
            post_end = _post_at(text, at)
            name = text[post_end:]
            if (
                with_post != (post_end == at)
                and 2 <= len(name) <= 4
                and all(_HAN.match(c) for c in name)
                and not name.endswith(_HONORIFICS)
            ):
                return text[:at], text[at:post_end], name
    return None
