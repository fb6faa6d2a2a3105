"""The layout shows the architecture: layers import downward only, no cycles, small modules.

The import graph is read from the source with ``ast`` (every ``import`` statement, at module
level or inside a function), so a lazy import inside a function counts like any other: the
layer rules hold for what a module can reach, not only for what it loads at start-up.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "ecosystem"

#: The layers from the bottom up; a module may import its own layer and the layers below it.
LAYERS = ("model", "formats", "stores", "analyses", "pages", "cli")

#: The longest a module may be (issue: no module over ~700 lines).
MAX_LINES = 700


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The package modules ``name`` imports (relative imports resolved; ``from x import y`` to x.y if a module)."""
    is_package = path.name == "__init__.py"
    package = name if is_package else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                stem = ".".join(base + ([node.module] if node.module else []))
            else:
                stem = node.module or ""
            targets = [f"{stem}.{a.name}" if f"{stem}.{a.name}" in known else stem for a in node.names]
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {name: _imports(name, path, known) for name, path in modules.items()}


def _layer(module: str) -> int | None:
    parts = module.split(".")
    if len(parts) < 2 or parts[1] not in LAYERS:
        return None  # the facade (ecosystem/__init__.py) sits above every layer
    return LAYERS.index(parts[1])


def test_every_module_belongs_to_a_layer() -> None:
    loose = [m for m in _modules() if m != "ecosystem" and _layer(m) is None]
    assert loose == [], f"modules outside the layer subpackages {LAYERS}: {loose}"


def test_layers_import_downward_only() -> None:
    upward = []
    for module, targets in _graph().items():
        here = _layer(module)
        if here is None:
            continue
        for target in sorted(targets):
            there = _layer(target)
            if there is None or there > here:
                upward.append(f"{module} -> {target}")
    assert upward == [], "imports that point up a layer (or at the facade):\n" + "\n".join(upward)


def test_no_import_cycles() -> None:
    graph = _graph()
    # Tarjan's strongly connected components: any component of two or more modules is a cycle.
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in graph:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    assert cycles == [], f"import cycles: {cycles}"


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_is_over_the_limit(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(PACKAGE.parent)} has {lines} lines (limit {MAX_LINES}): split it by role"


def test_networkx_internals_are_read_in_one_module_only() -> None:
    internals = re.compile(r"\b\w*graph\._(succ|pred|node|adj)\b")
    readers = sorted(_module_name(p) for p in PACKAGE.rglob("*.py") if internals.search(p.read_text(encoding="utf-8")))
    assert readers == ["ecosystem.model.graph"], f"networkx internals (graph._succ/_pred/_node/_adj) read in {readers}"


def test_the_checker_reads_real_imports() -> None:
    # The checks above would pass on a reader that finds nothing: prove it finds known edges,
    # relative and absolute, at module level and inside functions.
    graph = _graph()
    assert "ecosystem.model.errors" in graph["ecosystem.model.graph"]
    reached_by_cli = set().union(*(graph[m] for m in graph if m.startswith("ecosystem.cli")))
    assert any(_layer(t) == LAYERS.index("analyses") for t in reached_by_cli)
