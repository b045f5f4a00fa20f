"""Layering rules that keep the core usable without a display."""

import ast
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_core_and_cli_import_no_qt():
    code = (
        "import sys, readinglist.core.library, readinglist.cli.main\n"
        "bad = sorted(m for m in sys.modules if m.startswith('PySide6'))\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_no_qt_import_statements_in_core():
    offenders = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "readinglist" / "core").rglob("*.py")
        if "PySide6" in p.read_text("utf-8")
    ]
    assert offenders == []


# ---- the import graph ---------------------------------------------------------------

PACKAGE = ROOT / "readinglist"
FRONT_ENDS = ("gui", "cli")
# Libraries that belong behind the core's services: the front ends reach the
# database, the index and the network only through LibraryService.
STORAGE_LIBRARIES = ("sqlite3", "sqlite_utils", "whoosh", "requests", "urllib3")
# Front-end modules still allowed a storage library, with the reason.
KNOWN_LEAKS: dict[str, str] = {}


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _imported_names(module: str, path: Path, tree: ast.AST) -> list[str]:
    """Every module name an import statement names, ``TYPE_CHECKING`` blocks included."""
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.split(".")
                if path.name != "__init__.py":
                    package = package[:-1]
                package = package[: len(package) - (node.level - 1)]
                base = ".".join(package + ([base] if base else []))
            names.append(base)
            names += [f"{base}.{alias.name}" for alias in node.names]
    return names


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        tree = ast.parse(path.read_text("utf-8"))
        graph[module] = {
            name for name in _imported_names(module, path, tree) if name in modules and name != module
        }
    return graph


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
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
    return cycles


def test_cycle_finder_sees_a_type_checking_cycle():
    source_a = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from readinglist.b import B\n"
    tree = ast.parse(source_a)
    names = _imported_names("readinglist.a", Path("a.py"), tree)
    graph = {"readinglist.a": {n for n in names if n == "readinglist.b"}, "readinglist.b": {"readinglist.a"}}
    assert find_cycles(graph) == [["readinglist.a", "readinglist.b"]]


def test_no_import_cycles():
    assert find_cycles(import_graph()) == []


def test_front_ends_import_no_storage_or_network_library():
    offenders = []
    for front in FRONT_ENDS:
        for path in (PACKAGE / front).rglob("*.py"):
            rel = str(path.relative_to(ROOT))
            if rel in KNOWN_LEAKS:
                continue
            tree = ast.parse(path.read_text("utf-8"))
            for name in _imported_names(rel, path, tree):
                if name.split(".")[0] in STORAGE_LIBRARIES:
                    offenders.append(f"{rel}: {name}")
    assert offenders == []


def test_front_ends_never_reach_into_the_store_or_the_index():
    """``service.store`` / ``service.index`` are the core's own; the front ends ask the service."""
    offenders = []
    for front in FRONT_ENDS:
        for path in (PACKAGE / front).rglob("*.py"):
            rel = str(path.relative_to(ROOT))
            if rel in KNOWN_LEAKS:
                continue
            for node in ast.walk(ast.parse(path.read_text("utf-8"))):
                if isinstance(node, ast.Attribute) and node.attr in ("store", "index"):
                    owner = node.value
                    owner_name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
                    if owner_name in ("service", "_service", "library", "lib"):
                        offenders.append(f"{rel}:{node.lineno}: {owner_name}.{node.attr}")
    assert offenders == []


# ---- size: the shape issue 9 asked for ---------------------------------------------

MAX_MODULE_LINES = 600
MAX_SERVICE_CLASS_LINES = 400
SERVICE_MODULES = [PACKAGE / "core" / "library.py", *sorted((PACKAGE / "core" / "services").glob("*.py"))]


def test_no_module_is_over_600_lines():
    """A module past ~600 lines holds more than one thing: split it by what it holds."""
    long = {
        str(path.relative_to(ROOT)): n
        for path in PACKAGE.rglob("*.py")
        if (n := len(path.read_text("utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}


def test_the_facade_and_its_services_are_small_classes_without_sql():
    """LibraryService and the services it owns stay focused; SQL lives in core/storage."""
    too_big, sql = {}, []
    for path in SERVICE_MODULES:
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                size = node.end_lineno - node.lineno + 1
                if size > MAX_SERVICE_CLASS_LINES:
                    too_big[f"{path.name}:{node.name}"] = size
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                if node.func.attr in ("execute", "executemany", "executescript", "query"):
                    sql.append(f"{path.name}:{node.lineno}")
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                if re.match(r"\s*(SELECT|INSERT|UPDATE|DELETE|PRAGMA|WITH)\b", node.value):
                    sql.append(f"{path.name}:{node.lineno}")
    assert too_big == {}
    assert sql == []
