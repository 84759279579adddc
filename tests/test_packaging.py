"""A regular (non-editable) install ships only the packages pyproject.toml lists.

The tests run on an editable install, which imports from the source tree, so a package missing
from the list would pass every other test and still break `pip install .` (zhoubao.word did).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_package_under_zhoubao_is_listed_in_pyproject() -> None:
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "zhoubao").rglob("__init__.py")}
    assert found <= listed, f"add to [tool.setuptools] packages in pyproject.toml: {sorted(found - listed)}"


def _requirement_name(requirement: str) -> str:
    import re

    return re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def test_zhoubao_imports_only_what_a_plain_install_brings() -> None:
    """Every library zhoubao/ imports is a runtime dependency, or an optional extra's (chart); the
    test extra's (python-docx, pytest …) are never imported by the program."""
    import ast
    import sys
    from importlib.metadata import packages_distributions

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    allowed = {_requirement_name(r) for r in project["dependencies"]}
    allowed |= {
        _requirement_name(r) for extra, rs in project["optional-dependencies"].items() if extra != "test" for r in rs
    }
    assert "python-docx" not in allowed
    distributions = packages_distributions()
    wrong = []
    for path in sorted((ROOT / "zhoubao").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top in sys.stdlib_module_names or top == "zhoubao":
                    continue
                dists = {_requirement_name(d) for d in distributions.get(top, [top])}
                if not dists & allowed:
                    wrong.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {top} ({', '.join(sorted(dists))})")
    assert not wrong, "not installed by `pip install .`:\n" + "\n".join(wrong)
