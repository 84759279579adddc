"""The README's Python example runs as printed: the commands are thin wrappers over this API."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import ROOT
from tests.layout_checks import assert_layout


def test_the_readme_python_example_runs(tmp_path: Path, capsys, monkeypatch) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    code = re.search(r"## 在 Python 里调用.*?```python\n(.*?)```", readme, re.S).group(1)
    monkeypatch.chdir(tmp_path)
    exec(compile(code, "README.md", "exec"), {})
    problems = capsys.readouterr().out
    assert "统计类别“公共服务事项”" in problems  # check names what is still missing
    assert_layout(tmp_path / "2022-33.docx")
