"""The layout of ``directory/``: no import cycles among its modules, no huge files.

The import graph is read from the source (every ``import``, at the top of a module or
inside a function), so a cycle hidden by a deferred import still fails here. Importing
``directory.a.b`` also runs ``directory/a/__init__.py``; that implicit edge is left out
for a module inside ``a`` itself (a package's ``__init__`` re-exporting its own modules
is not a cycle a reader has to untangle).
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "directory"
MAX_LINES = 400
# Imports run when the app registry is ready, not when a module is imported.
APP_LOADING = {"directory.apps"}


def _module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _source_files():
    return sorted(p for p in APP.rglob("*.py") if "migrations" not in p.parts)


def import_graph():
    files = {_module_name(p): p for p in _source_files()}
    graph = {}
    for name, path in files.items():
        is_package = path.name == "__init__.py"
        package = name if is_package else name.rpartition(".")[0]
        targets = set()
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                found = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")
                    base = base[: len(base) - (node.level - 1)]
                    module = ".".join(base + ([node.module] if node.module else []))
                else:
                    module = node.module
                found = [module]
                found += [f"{module}.{alias.name}" for alias in node.names]
            else:
                continue
            for target in found:
                if target not in files:
                    continue
                targets.add(target)
                # Importing a.b.c runs a and a.b first, except a module's own packages.
                parts = target.split(".")
                for i in range(1, len(parts)):
                    parent = ".".join(parts[:i])
                    if parent in files and not name.startswith(parent + "."):
                        targets.add(parent)
        targets.discard(name)
        graph[name] = targets
    return graph


def find_cycles(graph):
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on_stack, cycles = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return cycles


def test_no_import_cycles_among_directory_modules():
    graph = {name: targets for name, targets in import_graph().items() if name not in APP_LOADING}
    assert find_cycles(graph) == []


def test_the_cycle_check_sees_a_deferred_import():
    graph = import_graph()
    graph["directory.text"] = graph["directory.text"] | {"directory.models"}
    assert any("directory.text" in cycle for cycle in find_cycles(graph))


def test_no_source_file_is_over_400_lines():
    long = {
        str(path.relative_to(ROOT))
        for path in _source_files()
        if len(path.read_text().splitlines()) > MAX_LINES
    }
    assert long == set()
