"""The house plan, checked from the source (docs/architecture.md).

Every module of zhoubao/ belongs to one layer, named by its top-level step so that a module moved into
a package keeps its place (`zhoubao.store.lock` is the store, `zhoubao.cli.entries` the command layer):

- the chain `store | compose → model → sections → word | web`: a module of the chain imports only
  modules of its own step or to its right; the two steps at each end are siblings that never import
  each other: the store (reads and writes issue files) and compose (the orchestrator: takes an Issue
  and asks each section to compose itself with sections/typeset.py) build on the model; the two
  writers (word: the .docx, web: the HTML page) both take compose's outline;
- the foundation (validate, dates, typography, outline …): imports only the foundation;
- the command layer (cli, edits, render, check …): may import all of the above; only `__main__` and the
  CLI itself import the CLI.

A module in none of them fails: a new module says where it belongs here, in `LAYERS`.

An import is every way of reaching a module: `import`, `from … import`, relative (`from . import x`),
`importlib.import_module(…)` and `__import__(…)` with a literal, f-string or looked-up target, and
any string constant that names a zhoubao module (`"zhoubao.cli.entries:add_news"`, a lazy table).
Imports inside functions count. Imports under `if TYPE_CHECKING:` are annotations: they do not count
for the flow, but there is no cycle, annotations included.

No module outside zhoubao/sections/ names a section type (as a string), or switches on one: no
`isinstance`/`issubclass`/`type(x) is …`/`match … case Statistics()` with a section class, and no
if/elif chain, `match` or dispatch table on a section's `HOLDS` or `TYPE`. Asking for the sections that
hold something (`issue.sections_holding("figures")`) is how a command finds them.

Each check is a plain function over sources or a graph; the tests under "the rule can fail" run the
same functions on made-up breaks and see every one fail.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "zhoubao"

# The chain's steps by their place in the flow; steps of one place are siblings, never importing each other.
RANKS = {"store": 0, "compose": 0, "model": 1, "sections": 2, "word": 3, "web": 3}
CHAIN = tuple(RANKS)
# The writers at the end of the chain: siblings, each taking compose's outline, neither importing the other.
WRITERS = frozenset({"word", "web"})
FOUNDATION = frozenset(
    {
        "",  # zhoubao/__init__.py: imported with every module of the package, so it imports none
        "errors",
        "safefiles",
        "textfiles",
        "tables",  # the tables a clerk hands over: .xlsx, .xls, CSV and TSV
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
        "kinds",
        "cadence",
        "tomldoc",  # every tomlkit edit of a document: the store's and the commands' alike
    }
)
COMMANDS = frozenset(
    {
        "__main__",
        "cli",
        "edits",
        "render",
        "check",
        "show",
        "summary",
        "chart",
        "rollover",
        "kindcheck",
        "importing",
        "proofread",
    }
)
# The commands' entry point: imported only by itself and `python -m zhoubao`.
CLI = "cli"
LAYERS = {**{s: s for s in CHAIN}, **{f: "foundation" for f in FOUNDATION}, **{c: "command" for c in COMMANDS}}
FLOW = "store | compose → model → sections → word | web"


# ----------------------------------------------------------------------------- the sources


@dataclass(frozen=True)
class Module:
    """One module's source: its dotted name, whether it is a package's __init__, its parsed text."""

    name: str
    is_package: bool
    tree: ast.Module
    path: str = ""

    @property
    def package(self) -> str:
        return self.name if self.is_package else self.name.rpartition(".")[0]


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def tree_modules() -> dict[str, Module]:
    """Every module of zhoubao/ as it is on disk."""
    return {
        module_name(p): Module(
            module_name(p),
            p.name == "__init__.py",
            ast.parse(p.read_text(encoding="utf-8"), str(p)),
            str(p.relative_to(ROOT)),
        )
        for p in sorted(PACKAGE.rglob("*.py"))
    }


def module_from_source(name: str, source: str, *, is_package: bool = False) -> Module:
    return Module(name, is_package, ast.parse(source), name)


def with_module(modules: Mapping[str, Module], module: Module) -> dict[str, Module]:
    """`modules` with one added or replaced: a made-up tree for the self-test."""
    return {**modules, module.name: module}


def step(name: str) -> str:
    """A module's top-level step: zhoubao.store.lock → store; the package itself → ''."""
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else ""


def layer(name: str) -> str | None:
    """The layer a module belongs to: a chain step, "foundation" or "command"; None when unlisted."""
    return LAYERS.get(step(name))


def rank(chain_step: str) -> int:
    """A chain step's place in the flow; siblings (store and compose, the writers) share one."""
    return RANKS[chain_step]


# ----------------------------------------------------------------------------- the import graph


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def annotation_only(tree: ast.AST) -> set[int]:
    """ids of the nodes under `if TYPE_CHECKING:` (never run: imports for annotations)."""
    return {
        id(n)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and _is_type_checking(block.test)
        for stmt in block.body
        for n in ast.walk(stmt)
    }


def resolve_relative(module: Module, level: int, name: str | None) -> str:
    """`from ..x import y` in `module` → the absolute name of `..x`."""
    base = module.package.split(".")
    if level > 1:
        base = base[: len(base) - (level - 1)]
    return ".".join([*base, name] if name else base)


def _owner(target: str, known: Iterable[str]) -> str | None:
    """The known module a dotted name is or lies in (`zhoubao.cli.entries:add` → zhoubao.cli.entries)."""
    target = target.split(":")[0]
    while target:
        if target in known:
            return target
        target = target.rpartition(".")[0]
    return None


def _string_parts(expr: ast.expr) -> tuple[str, bool] | None:
    """A literal string → (text, exact); an f-string → (its constant prefix, False); else None."""
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return expr.value, True
    if isinstance(expr, ast.JoinedStr):
        prefix = ""
        for value in expr.values:
            if not (isinstance(value, ast.Constant) and isinstance(value.value, str)):
                break
            prefix += value.value
        return prefix, False
    return None


def _is_dynamic_import(call: ast.Call) -> bool:
    func = call.func
    name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
    return name in {"import_module", "__import__"}


def _dynamic_targets(module: Module, call: ast.Call, known: set[str]) -> set[str]:
    """The modules `import_module(...)` / `__import__(...)` may reach."""
    if not call.args:
        return set()
    target = _string_parts(call.args[0])
    package_arg = call.args[1] if len(call.args) > 1 and getattr(call.func, "id", "") != "__import__" else None
    for keyword in call.keywords:
        if keyword.arg == "package":
            package_arg = keyword.value
    if target is None:  # a looked-up name: it may be any module this one names in a string
        return _named_modules(module, known) | _relative_strings(module, known)
    text, exact = target
    if text.startswith("."):
        level = len(text) - len(text.lstrip("."))
        if isinstance(package_arg, ast.Constant) and isinstance(package_arg.value, str):
            anchor = Module(package_arg.value, True, module.tree)
        else:  # __name__ / __package__: relative to this module's package
            anchor = module
        text = resolve_relative(anchor, level, text[level:] or None)
    if exact:
        owner = _owner(text, known)
        found = {owner} if owner else set()
        if getattr(call.func, "id", "") == "__import__" and len(call.args) > 3:
            fromlist = call.args[3]
            if isinstance(fromlist, ast.List | ast.Tuple):
                found |= {
                    f"{text}.{e.value}"
                    for e in fromlist.elts
                    if isinstance(e, ast.Constant) and f"{text}.{e.value}" in known
                }
        return found
    return {k for k in known if k.startswith(text)} or ({_owner(text, known)} - {None})  # type: ignore[arg-type]


def _named_modules(module: Module, known: set[str]) -> set[str]:
    """Modules named in full by a string constant of `module` (a lazy table, `sys.modules[...]`)."""
    found = set()
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith("zhoubao."):
            owner = _owner(node.value, known)
            if owner:
                found.add(owner)
    return found


def _relative_strings(module: Module, known: set[str]) -> set[str]:
    """Strings that name a module relative to `module`'s package (".entries" or "entries")."""
    found = set()
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.strip("."):
            text = node.value
            level = len(text) - len(text.lstrip("."))
            candidate = resolve_relative(module, max(level, 1), text[level:])
            owner = candidate if candidate in known else None
            if owner and owner != module.name:
                found.add(owner)
    return found


@dataclass
class Imports:
    runtime: set[str] = field(default_factory=set)
    annotation: set[str] = field(default_factory=set)


def imports_of(module: Module, known: set[str]) -> Imports:
    """The zhoubao modules `module` reaches, at run time and for annotations only."""
    skipped = annotation_only(module.tree)
    found = Imports()
    for node in ast.walk(module.tree):
        targets: set[str] = set()
        if isinstance(node, ast.Import):
            targets = {o for alias in node.names if (o := _owner(alias.name, known))}
        elif isinstance(node, ast.ImportFrom):
            base = resolve_relative(module, node.level, node.module) if node.level else (node.module or "")
            for alias in node.names:
                owner = _owner(f"{base}.{alias.name}", known) or _owner(base, known)
                if owner:
                    targets.add(owner)
        elif isinstance(node, ast.Call) and _is_dynamic_import(node):
            targets = _dynamic_targets(module, node, known)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith("zhoubao."):
            targets = {o for o in [_owner(node.value, known)] if o}
        targets -= {module.name, "zhoubao"}
        (found.annotation if id(node) in skipped else found.runtime).update(targets)
    found.annotation -= found.runtime
    return found


@dataclass
class Graph:
    runtime: dict[str, set[str]]
    annotation: dict[str, set[str]]

    def all_edges(self) -> dict[str, set[str]]:
        return {name: self.runtime[name] | self.annotation[name] for name in self.runtime}


def build_graph(modules: Mapping[str, Module]) -> Graph:
    known = frozenset(modules)
    found = {name: imports_in(m, known) for name, m in modules.items()}
    return Graph({n: set(i.runtime) for n, i in found.items()}, {n: set(i.annotation) for n, i in found.items()})


@cache
def imports_in(module: Module, known: frozenset[str]) -> Imports:
    """`imports_of`, once for a module's parsed text among the same modules: the self-tests plant
    one change at a time into the same tree."""
    return imports_of(module, set(known))


# ----------------------------------------------------------------------------- the checks


def unlisted(names: Iterable[str]) -> list[str]:
    return sorted(n for n in names if layer(n) is None)


def flow_violations(graph: Graph) -> list[str]:
    """Run-time imports against the flow, into the command layer from below, or of the CLI."""
    wrong = []
    for name, targets in sorted(graph.runtime.items()):
        here = layer(name)
        for target in sorted(targets):
            there = layer(target)
            if here is None or there is None:
                continue  # reported by the classification check
            if step(target) == CLI and step(name) not in {CLI, "__main__"}:
                wrong.append(f"{name} imports {target}: only `python -m zhoubao` starts the CLI")
            elif here == "foundation" and there != "foundation":
                wrong.append(f"{name} (foundation) imports {target} ({there})")
            elif here in CHAIN and there == "command":
                wrong.append(f"{name} ({here}) imports {target}, a command above the chain")
            elif here in CHAIN and there in CHAIN and here != there:
                if rank(there) < rank(here):
                    wrong.append(f"{name} ({here}) imports {target} ({there}), against {FLOW}")
                elif rank(there) == rank(here):
                    wrong.append(f"{name} ({here}) imports {target} ({there}): the two are siblings in {FLOW}")
    return wrong


def cycles(edges: Mapping[str, set[str]]) -> list[list[str]]:
    """One cycle through each strongly connected group of modules (Tarjan), each as a closed path."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(group)

    for node in sorted(edges):
        if node not in index:
            connect(node)
    return [_path_through(group, edges) for group in groups]


def _path_through(group: set[str], edges: Mapping[str, set[str]]) -> list[str]:
    """A closed path inside a strongly connected group, from its first member back to it."""
    start = min(group)
    came_from: dict[str, str] = {}
    frontier = [start]
    while frontier:
        node = frontier.pop(0)
        for nxt in sorted(edges.get(node, set()) & group):
            if nxt == start:
                path = [node]
                while path[-1] != start:
                    path.append(came_from[path[-1]])
                return [start, *reversed(path[:-1]), start] if node != start else [start, start]
            if nxt not in came_from:
                came_from[nxt] = node
                frontier.append(nxt)
    raise AssertionError(f"no cycle in {group}")  # a strongly connected group always has one


def describe(found: list[list[str]], graph: Graph | None = None) -> str:
    lines = []
    for cycle in found:
        hops = []
        for a, b in zip(cycle, cycle[1:], strict=False):
            kind = " (annotation)" if graph and b in graph.annotation.get(a, set()) else ""
            hops.append(f"{a} → {b}{kind}")
        lines.append("; ".join(hops))
    return "\n".join(lines)


@cache
def section_classes() -> frozenset[str]:
    """Names of the section types' classes: every subclass of `Section` defined in zhoubao/sections/."""
    classes: dict[str, list[str]] = {}
    for name, module in tree_modules().items():
        if layer(name) == "sections":
            for node in ast.walk(module.tree):
                if isinstance(node, ast.ClassDef):
                    classes[node.name] = [
                        b.id if isinstance(b, ast.Name) else b.attr
                        for b in node.bases
                        if isinstance(b, ast.Name | ast.Attribute)
                    ]
    found: set[str] = set()
    grew = True
    while grew:
        before = len(found)
        found |= {c for c, bases in classes.items() if any(b == "Section" or b in found for b in bases)}
        grew = len(found) != before
    return frozenset(found)


@cache
def type_names() -> frozenset[str]:
    """The section types as the issue file names them (the `TYPE` of each section class)."""
    names = set()
    for name, module in tree_modules().items():
        if layer(name) == "sections":
            for node in ast.walk(module.tree):
                if isinstance(node, ast.ClassDef) and node.name in section_classes():
                    for stmt in node.body:
                        target = stmt.targets[0] if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 else None
                        if isinstance(stmt, ast.AnnAssign):
                            target = stmt.target
                        value = stmt.value if isinstance(stmt, ast.Assign | ast.AnnAssign) else None
                        if isinstance(target, ast.Name) and target.id == "TYPE" and isinstance(value, ast.Constant):
                            names.add(value.value)
    return frozenset(names)


def _registered_names(tree: ast.AST) -> set[int]:
    """ids of the strings commands are registered under: `@command("paragraph")`, and the keys of a
    lazy table naming each command's function (`{"paragraph": "zhoubao.cli.entries:paragraph_cmd"}`)."""
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for decorator in node.decorator_list:
                if isinstance(decorator, ast.Call):
                    ids |= {id(arg) for arg in decorator.args}
        elif isinstance(node, ast.Dict):
            ids |= {
                id(key)
                for key, value in zip(node.keys, node.values, strict=True)
                if key is not None
                and isinstance(value, ast.Constant)
                and isinstance(value.value, str)
                and value.value.startswith("zhoubao.")
                and ":" in value.value
            }
    return ids


def section_type_strings(module: Module, types: Iterable[str], classes: Iterable[str]) -> list[str]:
    """String constants that name a section type (`"statistics"`) or its class (`"Statistics"`)."""
    names = set(types) | set(classes)
    registered = _registered_names(module.tree)
    return [
        f"{module.path}:{node.lineno} {node.value!r}"
        for node in ast.walk(module.tree)
        if isinstance(node, ast.Constant) and node.value in names and id(node) not in registered
    ]


SWITCH_ATTRIBUTES = {"HOLDS", "TYPE"}


def section_switches(module: Module, classes: Iterable[str]) -> list[str]:
    """Where `module` switches on a section's class, or on its HOLDS/TYPE."""
    classes = set(classes)
    aliases = set(classes)
    for node in ast.walk(module.tree):
        if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("zhoubao")):
            aliases |= {a.asname or a.name for a in node.names if a.name in classes}

    def is_class(expr: ast.expr) -> bool:
        if isinstance(expr, ast.Tuple):
            return any(is_class(e) for e in expr.elts)
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.BitOr):  # isinstance(s, A | B)
            return is_class(expr.left) or is_class(expr.right)
        return (isinstance(expr, ast.Name) and expr.id in aliases) or (
            isinstance(expr, ast.Attribute) and expr.attr in classes
        )

    def is_type_of(expr: ast.expr) -> bool:
        return (isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name) and expr.func.id == "type") or (
            isinstance(expr, ast.Attribute) and expr.attr == "__class__"
        )

    def is_switch_key(expr: ast.expr) -> bool:
        return isinstance(expr, ast.Attribute) and expr.attr in SWITCH_ATTRIBUTES

    def tests_key(test: ast.expr) -> bool:
        return any(is_switch_key(n) for n in ast.walk(test) if isinstance(n, ast.Attribute))

    found = []
    elifs: set[int] = set()
    for node in ast.walk(module.tree):
        where = f"{module.path}:{getattr(node, 'lineno', 0)}"
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in {"isinstance", "issubclass"}
        ):
            if len(node.args) == 2 and is_class(node.args[1]):
                found.append(f"{where} {node.func.id}(…, {ast.unparse(node.args[1])})")
        elif isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            if any(is_type_of(o) for o in operands) and any(is_class(o) for o in operands):
                found.append(f"{where} {ast.unparse(node)}")
        elif isinstance(node, ast.match_case):
            if any(isinstance(p, ast.MatchClass) and is_class(p.cls) for p in ast.walk(node.pattern)):
                found.append(f"{where} case {ast.unparse(node.pattern)}")
        elif isinstance(node, ast.Match) and (is_switch_key(node.subject) or is_type_of(node.subject)):
            found.append(f"{where} match {ast.unparse(node.subject)}")
        elif isinstance(node, ast.Subscript) and is_switch_key(node.slice):
            found.append(f"{where} a table looked up by {ast.unparse(node.slice)}")
        elif isinstance(node, ast.If | ast.IfExp) and id(node) not in elifs:
            branches, current = 0, node
            while isinstance(current, ast.If | ast.IfExp):
                branches += tests_key(current.test)
                nxt = current.orelse
                if isinstance(nxt, list):
                    nxt = nxt[0] if len(nxt) == 1 else None
                if isinstance(nxt, ast.If | ast.IfExp):
                    elifs.add(id(nxt))
                current = nxt
            if branches >= 2:
                found.append(f"{where} an if/elif chain on {ast.unparse(node.test)}")
    return found


def outside_sections(modules: Mapping[str, Module]) -> list[Module]:
    return [m for name, m in sorted(modules.items()) if layer(name) != "sections"]


# ----------------------------------------------------------------------------- the real tree


def test_every_module_belongs_to_a_layer() -> None:
    missing = unlisted(tree_modules())
    assert not missing, "modules in no layer (add them to LAYERS in tests/test_architecture.py):\n" + "\n".join(missing)


def test_no_import_against_the_flow() -> None:
    wrong = flow_violations(build_graph(tree_modules()))
    assert not wrong, "\n".join(wrong)


def test_no_cycle_at_run_time() -> None:
    graph = build_graph(tree_modules())
    found = cycles(graph.runtime)
    assert not found, "import cycles:\n" + describe(found, graph)


def test_no_cycle_annotations_included() -> None:
    graph = build_graph(tree_modules())
    found = cycles(graph.all_edges())
    assert not found, "import cycles (annotations included):\n" + describe(found, graph)


def test_no_module_outside_sections_names_a_section_type() -> None:
    named = [
        hit
        for m in outside_sections(tree_modules())
        for hit in section_type_strings(m, type_names(), section_classes())
    ]
    assert not named, "section types named outside zhoubao/sections/:\n" + "\n".join(named)


def test_no_module_outside_sections_switches_on_a_section_type() -> None:
    switches = [hit for m in outside_sections(tree_modules()) for hit in section_switches(m, section_classes())]
    assert not switches, "switches on section types outside zhoubao/sections/:\n" + "\n".join(switches)


def test_every_type_is_registered_once_with_its_own_module() -> None:
    from zhoubao import sections

    assert set(sections.TYPES) == type_names()
    assert {cls.__name__ for cls in sections.TYPES.values()} <= section_classes()
    for type_name, cls in sections.TYPES.items():
        assert cls.TYPE == type_name and cls.__module__.startswith("zhoubao.sections.")
        assert cls.NAME and not cls.NAME.isascii()  # the clerk sees a Chinese name


def test_the_importer_is_a_package_not_one_file() -> None:
    assert not (PACKAGE / "importer.py").exists()
    assert (PACKAGE / "importing" / "__init__.py").exists()


MAX_LINES = 700  # a module longer than this is doing more than one job (issue 23)


def too_long(files: dict[str, str]) -> list[str]:
    """The modules (name → source) over MAX_LINES lines."""
    return sorted(
        f"{name}: {text.count(chr(10))} lines" for name, text in files.items() if text.count("\n") > MAX_LINES
    )


def test_no_module_is_over_700_lines() -> None:
    files = {str(p.relative_to(ROOT)): p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py")}
    assert not too_long(files)
    assert too_long({"planted.py": "x = 1\n" * (MAX_LINES + 1)}) == ["planted.py: 701 lines"]  # the check can fail


# ----------------------------------------------------------------------------- the rule can fail


def planted(name: str, source: str, *, is_package: bool = False) -> dict[str, Module]:
    """The real tree with `source` added at the end of module `name` (or as a new module)."""
    modules = tree_modules()
    old = modules.get(name)
    text = ast.unparse(old.tree) + "\n" if old else ""
    return with_module(
        modules, module_from_source(name, text + source, is_package=old.is_package if old else is_package)
    )


def test_the_places_the_breaks_are_planted_in_pass_as_they_are() -> None:
    """Each break below is the only thing wrong in its tree: the same checks pass without it."""
    modules = tree_modules()
    graph = build_graph(modules)
    assert not flow_violations(graph) and not cycles(graph.runtime)
    assert not unlisted(modules)
    assert not section_switches(modules["zhoubao.render"], section_classes())
    assert not section_type_strings(modules["zhoubao.render"], type_names(), section_classes())


@pytest.mark.parametrize(
    ("where", "source", "expected"),
    [
        # relative back edges: compose reaching a command, the model reaching compose, a section the store
        ("zhoubao.compose", "from . import render\n", "zhoubao.compose (compose) imports zhoubao.render, a command"),
        (
            "zhoubao.model",
            "def f():\n    from .compose import compose\n",
            "zhoubao.model (model) imports zhoubao.compose",
        ),
        (
            "zhoubao.sections.typeset",
            "from .. import store\n",
            "zhoubao.sections.typeset (sections) imports zhoubao.store",
        ),
        # the siblings at the head of the chain
        (
            "zhoubao.compose",
            "from .store import load_issue\n",
            "zhoubao.compose (compose) imports zhoubao.store (store): the two are siblings",
        ),
        # a relative import two levels up, from inside a package of the chain
        ("zhoubao.word.emit", "from ..render import render_issue\n", "zhoubao.word.emit (word) imports zhoubao.render"),
        # importlib reaching the CLI from the writer
        (
            "zhoubao.word.emit",
            "import importlib\nimportlib.import_module('zhoubao.cli')\n",
            "zhoubao.word.emit imports zhoubao.cli",
        ),
        ("zhoubao.word.emit", "__import__('zhoubao.cli')\n", "zhoubao.word.emit imports zhoubao.cli"),
        (
            "zhoubao.word.emit",
            "from importlib import import_module\nimport_module('..cli', __package__)\n",
            "zhoubao.word.emit imports zhoubao.cli",
        ),
        (
            "zhoubao.word.pager",
            "import importlib\nname = 'cli'\nimportlib.import_module(f'zhoubao.{name}')\n",
            "zhoubao.word.pager imports zhoubao.cli",
        ),
        # a lazy table naming a command's module from the foundation
        (
            "zhoubao.dates",
            "LAZY = {'x': 'zhoubao.render:render_issue'}\n",
            "zhoubao.dates (foundation) imports zhoubao.render",
        ),
        # the writers are siblings
        (
            "zhoubao.web",
            "from zhoubao.word import layout\n",
            "zhoubao.web (web) imports zhoubao.word.layout (word): the two are siblings",
        ),
        # a command importing the CLI
        ("zhoubao.render", "from zhoubao import cli\n", "zhoubao.render imports zhoubao.cli"),
    ],
)
def test_the_flow_check_sees_a_planted_import(where: str, source: str, expected: str) -> None:
    assert not any(expected in w for w in flow_violations(build_graph(tree_modules())))
    wrong = flow_violations(build_graph(planted(where, source)))
    assert any(expected in w for w in wrong), wrong


def test_an_annotation_import_is_no_flow_edge_but_closes_a_cycle() -> None:
    source = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from zhoubao.render import Rendered\n"
    graph = build_graph(planted("zhoubao.word.emit", source))
    assert "zhoubao.render" in graph.annotation["zhoubao.word.emit"]
    assert "zhoubao.render" not in graph.runtime["zhoubao.word.emit"]
    assert not flow_violations(graph)
    found = cycles(graph.all_edges())
    assert any(c[0] == c[-1] and "zhoubao.word.emit" in c and "zhoubao.render" in c for c in found), found
    assert "(annotation)" in describe(found, graph)


def test_the_cycle_check_sees_a_planted_cycle() -> None:
    # made-up graphs: a two-module cycle, a longer one, and none
    assert cycles({"a": {"b"}, "b": {"a"}}) == [["a", "b", "a"]]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]
    assert cycles({"a": {"b", "c"}, "b": {"c"}, "c": set()}) == []
    # in the real tree: the foundation reaching back from the writer's end through a relative import
    graph = build_graph(planted("zhoubao.outline", "def f():\n    from .word import emit\n"))
    found = cycles(graph.runtime)
    assert any("zhoubao.outline" in c and "zhoubao.word.emit" in c for c in found), found


def test_an_unlisted_module_fails_wherever_it_sits() -> None:
    assert unlisted(planted("zhoubao.helpers", "X = 1\n")) == ["zhoubao.helpers"]
    assert unlisted(planted("zhoubao.newstep", "", is_package=True)) == ["zhoubao.newstep"]
    # a module moved into a package keeps its layer: classified by its top-level step
    assert layer("zhoubao.store.lock") == "store" and layer("zhoubao.cli.entries") == "command"
    assert layer("zhoubao.sections.statistics.records") == "sections"
    assert layer("zhoubao.importing.approval.plan") == "command" and layer("zhoubao.validate") == "foundation"
    assert layer("zhoubao.web") == "web" and rank("web") == rank("word") > rank("model") > rank("compose")
    assert rank("store") == rank("compose") and layer("zhoubao.tomldoc") == "foundation"


@pytest.mark.parametrize(
    "source",
    [
        "from zhoubao.sections import Statistics\ndef f(s):\n    return isinstance(s, Statistics)\n",
        "from zhoubao.sections.statistics import Statistics as S\ndef f(s):\n    return isinstance(s, (int, S))\n",
        "from zhoubao import sections\ndef f(s):\n    return issubclass(type(s), sections.Checklist)\n",
        "from zhoubao.sections import Entries\ndef f(s):\n    return type(s) is Entries\n",
        "def f(s):\n    return s.__class__ == sections.Visits\n",
        "def f(s):\n    match s:\n        case Checklist(items=[]):\n            return 1\n",
        "def f(s):\n    if s.HOLDS == 'news':\n        return 1\n    elif s.HOLDS == 'figures':\n        return 2\n",
        "def f(s):\n    return 1 if s.TYPE == a else 2 if s.TYPE == b else 3\n",
        "def f(s):\n    match s.HOLDS:\n        case 'news':\n            return 1\n",
        "def f(s):\n    return {'news': 1, 'figures': 2}[s.HOLDS]\n",
    ],
)
def test_the_switch_check_sees_a_planted_switch_in_render(source: str) -> None:
    module = planted("zhoubao.render", source)["zhoubao.render"]
    assert section_switches(module, section_classes())
    # and the same source inside zhoubao/sections/ is that package's own business
    assert "zhoubao.sections.part" not in {m.name for m in outside_sections(planted("zhoubao.sections.part", source))}


def test_asking_by_holds_is_no_switch() -> None:
    source = (
        "def f(issue, s):\n"
        "    found = issue.sections_holding('figures')\n"
        "    if s.HOLDS == 'news':\n        return found\n"
        "    return [t for t in issue.all_sections() if t.HOLDS in ('news', 'visit')]\n"
    )
    assert section_switches(module_from_source("zhoubao.render", source), section_classes()) == []


def test_the_string_check_sees_a_planted_type_name() -> None:
    assert "statistics" in type_names() and "Statistics" in section_classes()
    source = "def f(s):\n    return s.TYPE == 'statistics' or type(s).__name__ == 'Checklist'\n"
    hits = section_type_strings(module_from_source("zhoubao.render", source), type_names(), section_classes())
    assert len(hits) == 2, hits
    registered = "@group.command('statistics')\ndef f():\n    pass\n"
    assert section_type_strings(module_from_source("zhoubao.cli", registered), type_names(), section_classes()) == []
