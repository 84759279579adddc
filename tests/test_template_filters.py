"""Template filters: checked before they build (issue 24 point 4), and the kind's own filters.

Each attack below used to build its result first and measure it after (`replace` to 2.7 GB,
`lipsum(100000)` 31 s): now each is refused from its arguments, in bounded time and memory.
"""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest

from zhoubao import templating
from zhoubao.errors import ZhoubaoError

FILTER_ATTACKS = [
    "{{ 'x'|replace('x', 'y'*10**6) * 1000 }}",
    "{{ ('x' * 100000)|replace('x', 'y' * 1000) }}",
    "{{ ('x' * 100000)|replace('', 'yy') }}",
    "{{ ('x' * 100000).replace('x', 'y' * 1000) }}",
    "{{ lipsum(100000) }}",
    "{{ range(10000)|join('y' * 10000) }}",
    "{{ ('y' * 10000).join(range(10000)|map('string')) }}",
    "{{ ([('y' * 100000)] * 2)|join }}",
    "{{ range(10000)|map('string')|map('center', 1000)|join }}",
    "{{ ('a\\n' * 50000)|indent(1000) }}",
    "{{ ('a\\n' * 50000)|indent('y' * 1000) }}",
    "{{ ('a' * 100000)|wordwrap(1) }}",
    "{{ ('a' * 10000)|wordwrap(10, wrapstring='y' * 10000) }}",
    "{{ [1]|batch(10**9, 0)|list }}",
    "{{ [1]|slice(10**9)|list }}",
    "{{ 'x'.translate({120: 'y' * 100000}) * 1 }}",
    "{% set l = [1] %}{% for i in range(64) %}{% set _ = l.extend(l) %}{% endfor %}{{ l|length }}",
]


@pytest.mark.parametrize("template", FILTER_ATTACKS)
def test_filters_are_checked_before_they_build(template):
    tracemalloc.start()
    start = time.monotonic()
    try:
        with pytest.raises(ZhoubaoError) as caught:
            templating.render_template(template, "测试模板")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert time.monotonic() - start < 2
    assert peak < 30 * 1024 * 1024, peak
    assert "\n" not in caught.value.message and caught.value.message.startswith("测试模板的模板")


def test_the_checked_filters_still_do_their_work():
    rows = [{"name": "甲"}, {"name": "乙"}]
    text = templating.render_template(
        "{{ 'a-b'|replace('-', '、') }}|{{ rows|join('、', attribute='name') }}|{{ 'x\\ny'|indent(2) }}|"
        "{{ 'aaa bbb'|wordwrap(3) }}|{{ [1, 2, 3]|batch(2)|list }}|{{ 'ab'.replace('a', 'c') }}|"
        "{{ '、'.join(['甲', '乙']) }}|{{ [1, 2, 3]|slice(2)|list }}",
        "测试模板",
        rows=rows,
    )
    assert text == "a、b|甲、乙|x\n  y|aaa\nbbb|[[1, 2], [3]]|cb|甲、乙|[[1, 2], [3]]"


def test_a_rows_key_wins_over_the_dict_method_of_that_name():
    # docs/kinds.md documents c.values['列名'] as the figure itself; c.values was dict.values
    c = {"name": "行政许可事项", "values": {"受理": 644608}, "受理": "644608"}
    text = templating.render_template("{{ c.values['受理'] }}/{{ c.values.受理 }}/{{ c.name }}", "测试模板", c=c)
    assert text == "644608/644608/行政许可事项"
    assert templating.render_template("{{ d.items()|list }}", "测试模板", d={"a": 1}) == "[('a', 1)]"


@pytest.mark.parametrize(
    ("number", "words"),
    [(0, "零"), (1, "一"), (2, "两"), (4, "四"), (10, "十"), (12, "十二"), (22, "二十二"), (120, "120")],
)
def test_count_cn_writes_a_number_of_things_in_words(number, words):
    assert templating.render_template("{{ n|count_cn }}", "测试模板", n=number) == words
    assert templating.render_template("{{ n|count_cn }}", "测试模板", n=str(number)) == words


@pytest.mark.parametrize("bad", ["-1", "2.5", "甲"])
def test_count_cn_refuses_what_is_not_a_count(bad):
    with pytest.raises(ZhoubaoError, match="count_cn"):
        templating.render_template("{{ n|count_cn }}", "测试模板", n=bad)


@pytest.mark.parametrize(
    ("figure", "printed"), [("100.00", "100"), ("100", "100"), ("99.50", "99.50"), ("0.00", "0"), ("—", "—")]
)
def test_whole_prints_a_whole_figure_without_its_zeros(figure, printed):
    assert templating.render_template("{{ f|whole }}", "测试模板", f=figure) == printed


# ----------------------------------------------------------------------------- the documented forms

KINDS_MD = Path(__file__).parent.parent / "docs" / "kinds.md"


def _doc_section(heading: str, end: str) -> str:
    doc = KINDS_MD.read_text(encoding="utf-8")
    start = doc.index(heading)
    return doc[start : doc.index(end, start + len(heading))]


def test_the_worked_examples_of_numbers_and_months_print_what_the_doc_says():
    import datetime as dt

    from zhoubao.cadence import MONTHLY, period_names

    section = _doc_section("### 数字和月份的印法", "\n## ")
    block = section.split("```text\n", 1)[1].split("```", 1)[0]
    examples = [line.split(" ⇒ ") for line in block.splitlines() if line.strip()]
    assert len(examples) >= 6 and all(len(e) == 2 for e in examples)
    context = period_names(dt.date(2023, 8, 1), dt.date(2023, 8, 31), MONTHLY, "8月1日—8月31日")
    context["c"] = {"name": "行政许可事项", "values": {"受理": 644608}, "受理": "644608"}
    for template, printed in examples:
        assert templating.render_template(template, "文档的例子", **context) == printed, template


# What stands for a name in the doc's tables, and the name the test issue has.
_NAMES = {
    "'列名或比率名'": "'交易金额'",
    "'列名'": "'交易金额'",
    "'比率名'": "'节约率'",
    "'办件量'": "'交易金额'",
    "'受理'": "'交易金额'",
}


def _documented_forms() -> list[str]:
    """Every form in the tables of docs/kinds.md's statistics variables (after 模板变量：)."""
    import re

    section = _doc_section("### `statistics`", "### `entries`")
    tables = section[section.index("模板变量：") :]
    forms = []
    for line in tables.splitlines():
        if line.startswith("|") and not line.startswith("|---"):
            first = line.split("|")[1]
            forms += re.findall(r"`([^`]+)`", first)
    return forms


def test_every_documented_statistics_variable_renders_from_a_template():
    from tests.test_statistics_figures import APRIL, MAY, MAY_LAST_YEAR, issue_data
    from zhoubao.compose import compose
    from zhoubao.model import Issue
    from zhoubao.outline import Paragraph

    forms = _documented_forms()
    assert {"c.values['列名']", "c.name", "source", "rows.top('办件量', 5)", ".percent"} <= set(forms), forms
    pieces = []
    for form in forms:
        for typed, name in _NAMES.items():
            form = form.replace(typed, name)
        if form.startswith("{{"):
            pieces.append("{% for c in categories if '节约资金' in c.columns %}" + form + "{% endfor %}")
        elif form.startswith("."):
            pieces.append(
                "{% for c in categories if '节约资金' in c.columns %}{{ c.huanbi['"
                + ("节约率" if form == ".points" else "交易金额")  # 百分点: of a rate
                + "']"
                + form
                + " }}{% endfor %}"
            )
        elif form.startswith(("c.", "c[")):
            pieces.append("{% for c in categories if '节约资金' in c.columns %}{{ " + form + " }}{% endfor %}")
        else:
            pieces.append("{{ " + form + " }}")
    rows = [{"name": "甲", "values": {"项目数": 1, "交易金额": 2.5, "节约资金": 0.1}}, {"name": "乙", "values": {}}]
    for template in pieces:
        data = issue_data(2023, 5, MAY, template=template, row=rows, source="公共资源交易平台")
        outline = compose(
            Issue.from_dict(data),
            previous=Issue.from_dict(issue_data(2023, 4, APRIL)),
            year_before=Issue.from_dict(issue_data(2022, 5, MAY_LAST_YEAR)),
        )
        text = "".join(b.text for b in outline.blocks if isinstance(b, Paragraph) and b.text)
        assert text, template
        if "c.values['交易金额']" in template:
            assert "9.8765" in text  # the figure itself, as typed


def test_the_worked_example_of_numbered_items_and_a_rate_over_some_categories_prints_what_the_doc_says():
    import tomllib

    from tests.test_statistics_figures import issue_data
    from zhoubao.compose import compose
    from zhoubao.model import Issue
    from zhoubao.outline import Paragraph

    section = _doc_section("### 分项编号和部分类别的比率", "\n## ")
    toml = section.split("```toml\n", 1)[1].split("```", 1)[0]
    printed = section.split("```text\n", 1)[1].split("```", 1)[0].splitlines()
    data = issue_data(2023, 8, {})
    data["section"] = tomllib.loads(toml)["section"]
    outline = compose(Issue.from_dict(data))
    assert [b.text for b in outline.blocks if isinstance(b, Paragraph) and b.text.startswith("（")] == printed
    # without `over` the rate is of both categories, as the doc says after the example
    del data["section"][0]["rates"][0]["over"]
    text = "".join(b.text for b in compose(Issue.from_dict(data)).blocks if isinstance(b, Paragraph))
    assert "节约率0.19%" in text


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        ({"numbered": "yes"}, "numbered 应为 true 或 false"),
        (
            {"rates": [{"name": "节约率", "numerator": "节约资金", "denominator": "交易金额", "over": ["工程建设"]}]},
            "“工程建设”不是本栏目的类别",
        ),
        (
            {"rates": [{"name": "节约率", "numerator": "节约资金", "denominator": "交易金额", "over": "政府采购"}]},
            "over 应为类别名称的列表",
        ),
    ],
)
def test_numbered_and_over_are_checked(change, needle):
    from tests.test_statistics_figures import MAY, issue_data
    from zhoubao.model import Issue

    with pytest.raises(ZhoubaoError, match=needle):
        Issue.from_dict(issue_data(2023, 5, MAY, **change))
