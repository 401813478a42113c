"""No import circles among the project's modules (issue 21, item 9).

The graph is read from the source with ``ast``, so an import written inside a function counts the same as one at
the top of a module: a circle "hidden" in a function still makes two modules depend on each other, and is how the
import loops of the past were held together. The allowlist is empty on purpose; break a new circle instead (a
service enqueues a task by name through its app's ``jobs`` module, it does not import the task module).
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("config", "core", "reconcile", "statements", "portal", "system")
ALLOWED_CYCLES: frozenset[frozenset[str]] = frozenset()


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue  # generated; they import models by app label through the migration state
            found[_module_name(path)] = path
        for path in (ROOT / package).rglob("*.c"):  # setup.py builds each C source as the module of its name
            found[_module_name(path)] = path
    return found


def _resolve(name: str, known: dict[str, Path]) -> str | None:
    """The longest known module that ``name`` is or lies inside (``a.b.func`` -> ``a.b``)."""
    while name:
        if name in known:
            return name
        name = name.rpartition(".")[0]
    return None


def import_graph() -> dict[str, set[str]]:
    known = _modules()
    graph: dict[str, set[str]] = {name: set() for name in known}
    for name, path in known.items():
        if path.suffix != ".py":
            continue
        is_package = path.name == "__init__.py"
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base_parts = name.split(".")
                    if not is_package:
                        base_parts = base_parts[:-1]
                    base_parts = base_parts[: len(base_parts) - (node.level - 1)]
                    base = ".".join(base_parts)
                    module = f"{base}.{node.module}" if node.module else base
                else:
                    module = node.module or ""
                # `from pkg import mod` depends on the submodule; `from mod import func` on the module itself.
                targets = [
                    f"{module}.{alias.name}" if f"{module}.{alias.name}" in known else module for alias in node.names
                ]
            for target in targets:
                resolved = _resolve(target, known)
                if resolved is not None and resolved != name:
                    graph[name].add(resolved)
    return graph


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative (the graph has hundreds of modules); components of size > 1 are circles."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    result: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    result.append(sorted(component))
    return result


def test_the_graph_sees_imports_inside_functions() -> None:
    # A check that finds nothing because it reads nothing would pass: prove the reader on known edges.
    graph = import_graph()
    assert len(graph) > 100
    assert "reconcile.engine" in graph["reconcile.engine.api"] or any(
        dep.startswith("reconcile.engine.") for dep in graph["reconcile.engine.api"]
    )
    tree = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert strongly_connected(tree) == [["a", "b", "c"]]


def test_a_function_level_import_is_an_edge(tmp_path: Path) -> None:
    source = "def f():\n    from statements import tasks\n    return tasks\n"
    found = [n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.ImportFrom)]
    assert found and found[0].module == "statements"  # ast.walk reaches into function bodies


def test_no_import_cycles() -> None:
    cycles = [c for c in strongly_connected(import_graph()) if frozenset(c) not in ALLOWED_CYCLES]
    assert cycles == [], "import circles among project modules:\n" + "\n".join(" <-> ".join(c) for c in cycles)
