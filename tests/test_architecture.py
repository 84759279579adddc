"""The house plan, checked from the source: the import graph of zhoubao/ has no cycle and no
import against the flow, and no module outside zhoubao/sections/ names a section type.

The flow (docs/architecture.md): store → model → sections → compose → word | web. A module of the
chain imports only modules to its right; the two writers at its end (word: the .docx; web: the
HTML page) both take compose's outline and never import each other (the store builds the model, the model reads sections,
a section composes itself with compose's helpers, compose hands an outline to the writer), the
foundation modules (values, dates, typography, templating, outline …) import none of the chain,
and nothing in the chain or the foundation imports the commands above it (edits, render, cli …).
Every import counts, those inside functions too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "zhoubao"
CHAIN = ["store", "compose", "model", "sections", "word", "web"]
# The writers at the end of the chain: siblings, each taking compose's outline, neither importing the other.
WRITERS = {"word", "web"}


def rank(step: str) -> int:
    """A chain step's place in the flow; the writers share the last one."""
    return min(CHAIN.index(w) for w in WRITERS) if step in WRITERS else CHAIN.index(step)


FOUNDATION = {
    "errors",
    "safefiles",
    "validate",
    "figures",
    "numerals",
    "dates",
    "typography",
    "templating",
    "outline",
    "glyphs",
    "workweek",
    "tomltext",
    "tomldoc",
    "kinds",
    "cadence",
}
TYPE_NAMES = {"part", "statistics", "entries", "visits", "checklist", "paragraph"}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in PACKAGE.rglob("*.py")}


def runtime_nodes(tree: ast.AST) -> list[ast.AST]:
    """Every node but those under `if TYPE_CHECKING:` (imports for annotations only, never run)."""
    skipped = {
        id(n)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and isinstance(block.test, ast.Name) and block.test.id == "TYPE_CHECKING"
        for stmt in block.body
        for n in ast.walk(stmt)
    }
    return [node for node in ast.walk(tree) if id(node) not in skipped]


def imports_of(path: Path, known: set[str]) -> set[str]:
    """zhoubao modules `path` imports, anywhere in it (`from zhoubao import x` counts as zhoubao.x)."""
    found = set()
    for node in runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("zhoubao")}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("zhoubao") and node.level == 0:
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                found.add(candidate if candidate in known else node.module)
    return {name for name in found if name in known and name != "zhoubao"}


def graph() -> dict[str, set[str]]:
    found = modules()
    return {name: imports_of(path, set(found)) - {name} for name, path in found.items()}


def layer(name: str) -> str:
    """The chain step or foundation a module belongs to, else "app" (the commands above)."""
    parts = name.split(".")
    top = parts[1] if len(parts) > 1 else ""
    if top in CHAIN:
        return top
    return "foundation" if top in FOUNDATION else "app"


def test_the_import_graph_has_no_cycle() -> None:
    edges = graph()
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(edges[node]):
            if state.get(nxt) == 1:
                cycle = path[path.index(nxt) :] + [nxt]
                pytest.fail("import cycle: " + " → ".join(cycle))
            if nxt not in state:
                visit(nxt)
        path.pop()
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node)


FLOW = "store | compose → model → sections → word | web"


def test_no_import_against_the_flow() -> None:
    wrong = []
    for name, targets in graph().items():
        here = layer(name)
        for target in targets:
            there = layer(target)
            if here == "foundation" and there != "foundation":
                wrong.append(f"{name} (foundation) imports {target} ({there})")
            elif here in CHAIN and there == "app":
                wrong.append(f"{name} ({here}) imports {target}, a command above the chain")
            elif here in CHAIN and there in CHAIN and rank(there) < rank(here):
                wrong.append(f"{name} ({here}) imports {target} ({there}), against {FLOW}")
            elif here in WRITERS and there in WRITERS and here != there:
                wrong.append(f"{name} ({here}) imports {target} ({there}): the writers are siblings")
    assert not wrong, "\n".join(wrong)


def test_the_rule_can_fail() -> None:
    """The checks above see what they should: a back edge and a cycle in a made-up graph."""
    assert layer("zhoubao.word.writer") == "word" and layer("zhoubao.cli") == "app"
    assert layer("zhoubao.sections.entries") == "sections" and layer("zhoubao.validate") == "foundation"
    assert layer("zhoubao.web") == "web" and rank("web") == rank("word") > rank("compose")
    source = "def f():\n    from zhoubao import store\n    from zhoubao.compose import printed\n"
    tree = ast.parse(source)
    names = {
        f"{n.module}.{a.name}" if f"{n.module}.{a.name}" in modules() else n.module
        for n in ast.walk(tree)
        if isinstance(n, ast.ImportFrom)
        for a in n.names
    }
    assert names == {"zhoubao.store", "zhoubao.compose"}


def string_constants(path: Path) -> list[tuple[int, str]]:
    """String constants of a module, but not the names commands are registered under."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    command_names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for decorator in node.decorator_list:
                if isinstance(decorator, ast.Call):
                    command_names |= {id(arg) for arg in decorator.args}
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict):  # the CLI's lazy table
            if any(isinstance(target, ast.Name) and target.id == "COMMANDS" for target in node.targets):
                command_names |= {id(key) for key in node.value.keys}
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in command_names
    ]


def test_no_module_outside_sections_names_a_section_type() -> None:
    named = []
    for name, path in modules().items():
        if layer(name) == "sections":
            continue
        for line, value in string_constants(path):
            if value in TYPE_NAMES:
                named.append(f"{path.relative_to(ROOT)}:{line} {value!r}")
    assert not named, "section types named outside zhoubao/sections/:\n" + "\n".join(named)


def test_every_type_is_registered_once_with_its_own_module() -> None:
    from zhoubao import sections

    assert set(sections.TYPES) == TYPE_NAMES
    for type_name, cls in sections.TYPES.items():
        assert cls.TYPE == type_name and cls.__module__.startswith("zhoubao.sections.")
        assert cls.NAME and not cls.NAME.isascii()  # the clerk sees a Chinese name


def test_the_importer_is_a_package_not_one_file() -> None:
    assert not (PACKAGE / "importer.py").exists()
    assert (PACKAGE / "importing" / "__init__.py").exists()
