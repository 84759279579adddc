"""Property tests: any text a clerk pastes is stored exactly or refused cleanly; compose and render
never fail with anything but the user-facing error. Fixed seeds (derandomize) so CI is repeatable."""

from __future__ import annotations

import datetime as dt
import io
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from zhoubao import edits, store
from zhoubao.compose import compose
from zhoubao.errors import ZhoubaoError

TRICKY = [
    "𠮷野家的𠀋字",
    "👍🏽👩‍👩‍👧‍👦 点赞",
    "e\u0301 组合符号",
    "零宽\u200b空格\u200d连接",
    "全角　空格",
    "\u202e右到左\u202c标记",
    '引号"与\\反斜杠',
    "TOML 的 \"\"\" 和 ''' 引号",
    "很长" * 3000,
    "制表\t与\n换行",
    "\r\n回车换行",
    "{{ 7*7 }}{% raw %}",
    "<w:p>&amp;</w:p>",
    "[[section]]\n[issue]",
    "\ufeff开头的BOM",
    "私用区\ue000字符",
]

texts = st.one_of(
    st.sampled_from(TRICKY),
    st.text(min_size=0, max_size=200),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=60),
    st.lists(st.sampled_from(TRICKY + ["\x00", "\x07", "\x1f", "\ud800", "\uffff", " ", "甲"]), max_size=6).map(
        "".join
    ),
)

SETTINGS = settings(
    derandomize=True,
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(scope="module")
def blank(tmp_path_factory) -> bytes:
    path = tmp_path_factory.mktemp("blank") / "i.toml"
    edits.new_issue(
        path,
        "窗口工作周报",
        number=1,
        total=1,
        date=dt.date(2022, 11, 1),
        period=(dt.date(2022, 9, 26), dt.date(2022, 9, 30)),
    )
    return path.read_bytes()


def _entries(path: Path) -> list[dict]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [e for top in data["section"] for s in [top, *top.get("sub", [])] for e in s.get("entry", [])]


@SETTINGS
@given(text=texts)
@example(text="甲\x00乙")
def test_any_text_is_stored_exactly_or_refused_with_the_file_unchanged(tmp_path, blank, text):
    path = tmp_path / "i.toml"
    path.write_bytes(blank)
    try:
        edits.add_news(path, "服务效能", text)
    except ZhoubaoError as e:
        assert e.message and "\n" not in e.message
        assert path.read_bytes() == blank
        return
    assert [e["text"] for e in _entries(path)] == [text]
    # the tomlkit path (an edit) keeps it exactly too
    edits.edit_entry(path, 1, text=text + "。")
    assert [e["text"] for e in _entries(path)] == [text + "。"]


@SETTINGS
@given(unit=texts, name=texts, result=texts)
def test_visits_and_inspection_text_round_trip_or_refuse(tmp_path, blank, unit, name, result):
    path = tmp_path / "i.toml"
    path.write_bytes(blank)
    before = blank
    for action in (
        lambda: edits.add_visit(path, dt.date(2022, 9, 28), unit, "职务", name, "正文。"),
        lambda: edits.inspect(path, "着装", result),
    ):
        try:
            action()
        except ZhoubaoError:
            assert path.read_bytes() == before
        before = path.read_bytes()
    store.load_issue(path)  # whatever happened, the file is a valid issue


@SETTINGS
@given(text=texts, finding=texts, window=texts)
def test_compose_and_render_raise_nothing_but_the_user_error(tmp_path, blank, text, finding, window):
    from zhoubao.word import render_docx

    path = tmp_path / "i.toml"
    path.write_bytes(blank)
    for action in (
        lambda: edits.add_news(path, "服务效能", text, dt.date(2022, 9, 27)),
        lambda: edits.add_findings(path, "纪律", [(finding, window)]),
        lambda: edits.all_good(path),
        lambda: edits.set_stats_many(path, {c: {"受理": "1", "办结": "1"} for c in ("行政", "公共", "其它")}),
    ):
        try:
            action()
        except ZhoubaoError:
            pass
    issue = store.load_issue(path)
    try:
        outline = compose(issue)
        data = render_docx(outline)
    except ZhoubaoError:
        return
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.testzip() is None
