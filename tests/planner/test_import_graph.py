"""The planner's import graph: no loops, no imports hidden in functions, no reaching into another
module's private names, and planner.model at the bottom (it imports only text/labels).

Read from the source with ast, so a loop that only works because of import order still fails.
"""

from __future__ import annotations

import ast
from pathlib import Path

PLANNER = Path(__file__).resolve().parents[2] / "planner"


def _modules() -> dict[str, ast.Module]:
    return {
        f"planner.{p.stem}": ast.parse(p.read_text(encoding="utf-8"))
        for p in sorted(PLANNER.glob("*.py"))
        if p.stem != "__init__"
    }


def _planner_imports(node: ast.AST) -> list[tuple[str, list[str]]]:
    """(module, names) of every `from planner… import …` / `import planner…` under node."""
    out: list[tuple[str, list[str]]] = []
    for n in ast.walk(node):
        if isinstance(n, ast.ImportFrom) and n.module and n.module.split(".")[0] == "planner":
            if n.module == "planner":  # from planner import child
                out += [(f"planner.{a.name}", []) for a in n.names]
            else:
                out.append((n.module, [a.name for a in n.names]))
        elif isinstance(n, ast.Import):
            out += [(a.name, []) for a in n.names if a.name.split(".")[0] == "planner"]
    return out


def _graph() -> dict[str, set[str]]:
    mods = _modules()
    return {
        name: {m for m, _ in _planner_imports(tree) if m in mods and m != name}
        for name, tree in mods.items()
    }


def test_no_import_loops_in_planner() -> None:
    graph = _graph()
    state: dict[str, int] = {}
    loops: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                loops.append(path[path.index(nxt) :] + [nxt])
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert loops == []


def test_model_is_at_the_bottom() -> None:
    assert _graph()["planner.model"] <= {"planner.text", "planner.labels"}
    assert _graph()["planner.text"] == set() and _graph()["planner.labels"] == set()


def test_no_planner_imports_inside_functions() -> None:
    hidden = []
    for name, tree in _modules().items():
        for fn in ast.walk(tree):
            if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
                hidden += [f"{name}.{fn.name}: {m}" for m, _ in _planner_imports(fn)]
    assert hidden == []


def test_no_private_names_taken_from_another_module() -> None:
    taken = [
        f"{name} takes {m}.{n}"
        for name, tree in _modules().items()
        for m, names in _planner_imports(tree)
        for n in names
        if n.startswith("_") and m != name
    ]
    assert taken == []
