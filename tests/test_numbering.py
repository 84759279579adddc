"""The GB/T 9704 numbering ladder 一、（一）1.（1）: a kind numbers each depth with a rung of it."""

from __future__ import annotations

import tomllib

import pytest
from docx import Document

from tests.conftest import EXAMPLES, audit
from tests.layout_checks import assert_layout
from zhoubao.compose import compose
from zhoubao.errors import ZhoubaoError
from zhoubao.kindcheck import check_kind
from zhoubao.model import Issue
from zhoubao.numerals import DEFAULT_NUMBERING, LADDER, number_as, read_numbering
from zhoubao.outline import Heading, Paragraph
from zhoubao.word import resolve_layout


def seed_data(numbering: list[str] | None = None) -> dict:
    data = tomllib.loads((EXAMPLES / "2022-33.toml").read_text(encoding="utf-8"))
    if numbering is not None:
        data.setdefault("layout", {})["numbering"] = numbering
    return data


def headings(data: dict) -> list[tuple[int, str]]:
    return [(b.level, b.text) for b in compose(Issue.from_dict(data)).blocks if isinstance(b, Heading)]


def paragraphs(data: dict) -> list[Paragraph]:
    return [b for b in compose(Issue.from_dict(data)).blocks if isinstance(b, Paragraph)]


@pytest.mark.parametrize(
    "style,numbers",
    [
        ("一、", ["一、", "二、", "九、", "十、", "十一、", "二十、", "二十一、", "九十九、"]),
        ("（一）", ["（一）", "（二）", "（九）", "（十）", "（十一）", "（二十）", "（二十一）", "（九十九）"]),
        ("1.", ["1.", "2.", "9.", "10.", "11.", "20.", "21.", "99."]),
        ("（1）", ["（1）", "（2）", "（9）", "（10）", "（11）", "（20）", "（21）", "（99）"]),
    ],
)
def test_each_rung_numbers_as_gbt_9704_writes_it(style, numbers):
    assert [number_as(style, n) for n in (1, 2, 9, 10, 11, 20, 21, 99)] == numbers


def test_the_default_is_the_seeds_numbering_and_an_explicit_default_changes_nothing():
    assert DEFAULT_NUMBERING == ("一、", "（一）", "（1）")
    plain = compose(Issue.from_dict(seed_data()))
    explicit = compose(Issue.from_dict(seed_data(list(DEFAULT_NUMBERING))))
    assert plain.blocks == explicit.blocks
    assert (1, "一、省级政务服务事项受理办理情况") in headings(seed_data())
    assert (2, "（一）优化营商环境工作开展情况") in headings(seed_data())


def test_sections_numbered_一_sub_sections_1_items_1_in_brackets():
    data = seed_data(["一、", "1.", "（1）"])
    found = headings(data)
    assert (1, "二、窗口工作动态") in found
    # level 3: set in bold 仿宋 by the writer, as GB/T 9704's 1. usually is
    assert [h for h in found if h[0] == 3][:3] == [
        (3, "1.优化营商环境工作开展情况"),
        (3, "2.窗口服务效能提升工作情况"),
        (3, "3.厅（局）长进大厅"),
    ]
    items = [p for p in paragraphs(data) if p.text.startswith("1.按时到岗情况")]
    assert len(items) == 1
    label, _rest = items[0].runs
    assert (label.text, label.style) == ("1.按时到岗情况", "bold")  # the inspection item's label, one face


def test_items_numbered_1_dot_and_sections_in_brackets():
    data = seed_data(["（一）", "1.", "（1）"])
    found = headings(data)
    assert found[0] == (2, "（一）省级政务服务事项受理办理情况")  # level 2: 楷体
    assert (2, "（二）窗口工作动态") in found and (3, "1.优化营商环境工作开展情况") in found
    items = [p.text for p in paragraphs(seed_data(["一、", "（一）", "1."]))]
    assert any(t.startswith("1.") for t in items) and any(t.startswith("2.") for t in items)
    assert not any(t.startswith("（1）") for t in items)
    checklist = next(p for p in paragraphs(data) if p.text.startswith("1.按时"))
    assert checklist.runs[0].style == "bold"


def test_twenty_sections_count_on_to_二十_in_every_heading_rung():
    data = seed_data()
    data["section"] = [
        {"type": "entries", "title": f"栏目{n}", "entry": [{"id": n, "text": f"第{n}条。"}]} for n in range(1, 21)
    ]
    for style in ("一、", "（一）"):
        data["layout"] = {"numbering": [style, "1.", "（1）"]}
        texts = [t for _level, t in headings(data)]
        assert texts[9] == f"{number_as(style, 10)}栏目10"
        assert texts[10] == f"{number_as(style, 11)}栏目11" and texts[-1] == f"{number_as(style, 20)}栏目20"
    assert texts[10] == "（十一）栏目11" and texts[-1] == "（二十）栏目20"


@pytest.mark.parametrize(
    "value,message",
    [
        (["一、", "（一）"], "应为三个编号样式的列表"),
        ("一、（一）（1）", "应为三个编号样式的列表"),
        (["一、", "（一）", "1、"], "条目的编号“1、”不认识"),
        (["一、", "一、", "（1）"], "不是由高到低"),
        (["（一）", "一、", "（1）"], "不是由高到低"),
        (["一、", "（1）", "1."], "不是由高到低"),
    ],
)
def test_a_wrong_numbering_is_one_chinese_line(value, message):
    with pytest.raises(ZhoubaoError, match=message):
        read_numbering(value)
    with pytest.raises(ZhoubaoError, match=message):
        resolve_layout({"numbering": value})
    with pytest.raises(ZhoubaoError, match=message):
        compose(Issue.from_dict(seed_data(value)))  # type: ignore[arg-type]


def test_half_width_brackets_and_a_full_width_point_are_the_same_rungs():
    assert read_numbering(["一、", "(一)", "1．"]) == ("一、", "（一）", "1.")
    assert read_numbering([" 一、", "（一）", "(1)"]) == DEFAULT_NUMBERING


def test_every_ladder_of_three_rungs_going_down_is_accepted():
    ladders = [
        [a, b, c] for a in LADDER for b in LADDER for c in LADDER if LADDER.index(a) < LADDER.index(b) < LADDER.index(c)
    ]
    assert len(ladders) == 4
    for ladder in ladders:
        assert read_numbering(ladder) == tuple(ladder)
        assert "numbering" not in resolve_layout({"numbering": ladder})  # compose's, not the writer's


def test_kinds_check_names_a_wrong_numbering(tmp_path):
    kind = tmp_path / "编号"
    kind.mkdir()
    (kind / "kind.toml").write_text(
        'name = "n"\nunit = "u"\n[layout]\nnumbering = ["一、", "（一）", "1、"]\n[[section]]\ntype = "entries"\ntitle = "动态"\n',
        encoding="utf-8",
    )
    assert any("条目的编号“1、”不认识" in p for p in check_kind(kind))


def test_a_bulletin_numbered_一_1_and_1_renders_with_the_fonts_of_each_rung(tmp_path, invoke):
    path = tmp_path / "2022-33.toml"
    text = (EXAMPLES / "2022-33.toml").read_text(encoding="utf-8")
    path.write_text(text + '\n[layout]\nnumbering = ["一、", "1.", "1."]\n', encoding="utf-8")
    r = invoke("render", "-f", str(path), "-o", str(tmp_path / "x.docx"))
    assert r.exit_code != 0 and "不是由高到低" in r.stderr and "Traceback" not in r.stderr
    path.write_text(text + '\n[layout]\nnumbering = ["一、", "1.", "（1）"]\n', encoding="utf-8")
    out = tmp_path / "ladder.docx"
    r = invoke("render", "-f", str(path), "-o", str(out))
    assert r.exit_code == 0, r.stderr
    document = Document(str(out))
    by_text = {p.text: p for p in document.paragraphs}
    sub = by_text["1.优化营商环境工作开展情况"]
    assert all(run.bold for run in sub.runs)
    assert sub.runs[0].element.rPr.rFonts.get(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
    ) == ("仿宋_GB2312")
    section = by_text["二、窗口工作动态"]
    assert not any(run.bold for run in section.runs)
    item = next(p for p in document.paragraphs if p.text.startswith("2.工作区域标准化执行情况"))
    assert item.runs[0].bold
    assert_layout(out)
    assert audit(out) == "0 deviations"
