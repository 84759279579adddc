"""Hostile issue files and kind templates: refused with one Chinese line, file unchanged.

Never timed here (speed lives in bench/): a refusal that hung would end in `run`'s timeout, and the
template budget is checked as work in tests/test_safety.py."""

from __future__ import annotations

import pytest

from tests.conftest import run
from zhoubao.compose import render_template
from zhoubao.errors import ZhoubaoError

DEPTH = 200_000


@pytest.mark.parametrize(
    "name,content,needle",
    [
        ("deep-arrays", '[issue]\nkind = "k"\nx = ' + "[" * DEPTH + "]" * DEPTH + "\n", ("嵌套", "格式错误")),
        (
            "deep-tables",
            '[issue]\nkind = "k"\nx = ' + "{a = " * 50_000 + "1" + "}" * 50_000 + "\n",
            ("嵌套", "格式错误"),
        ),
        ("huge", "[issue]\n# " + "x" * 6_000_000 + "\n", ("过大",)),
        ("binary", "\x00\x01\x02PK", ("格式错误",)),
    ],
)
def test_hostile_issue_files_are_refused(tmp_path, name, content, needle):
    path = tmp_path / f"{name}.toml"
    path.write_text(content, encoding="utf-8")
    before = path.read_bytes()
    for args in (["add-news", "--section", "x", "甲。"], ["show"], ["render"], ["check"], ["inspect", "--all-good"]):
        r = run(args[0], "-f", str(path), *args[1:])
        assert r.returncode != 0, args
        assert any(n in r.stderr + r.stdout for n in needle) and "Traceback" not in r.stderr
        assert r.stderr.startswith("错误：") or r.stdout.startswith("错误")
        assert path.read_bytes() == before


@pytest.mark.parametrize(
    "template",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ source.__init__.__globals__ }}",
        "{{ cycler.__init__.__globals__.os }}",
        "{% for i in range(10**9) %}{% endfor %}",
        "{{ self._TemplateReference__context }}",
    ],
)
def test_kind_templates_cannot_reach_python_internals(template):
    with pytest.raises(ZhoubaoError):
        render_template(template, "测试模板", source="x")


def test_hostile_docx_files_are_refused_by_the_import_command(tmp_path):
    from tests import test_import as makers

    for make in (
        makers.not_a_docx,
        makers.ole_container,
        makers.zip_bomb,
        makers.doctype,
        makers.truncated,
        makers.oversized,
    ):
        folder = tmp_path / make.__name__
        folder.mkdir()
        source = make(folder / "bad.docx")
        r = run("import", str(source))
        assert r.returncode != 0 and r.stderr.startswith("错误：") and r.stderr.count("\n") == 1, make.__name__
        assert sorted(p.name for p in folder.iterdir()) == ["bad.docx"]
