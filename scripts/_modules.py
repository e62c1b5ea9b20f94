"""The package's modules and their run-time imports, read from the code (``ast``, nothing
run): what the architecture test holds to docs/architecture.md and what
make_architecture_svg.py draws."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "medclusters"


def module_name(path: Path) -> str:
    """``io.readers`` for ``src/medclusters/io/readers.py``; a package by its folder
    (``io``), the package itself ``__init__``."""
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts) or "__init__"


FILES = {module_name(path): path for path in PACKAGE.rglob("*.py")}
MODULES = sorted(FILES)
SUBPACKAGES = sorted(path.parent.name for path in PACKAGE.glob("*/__init__.py"))


def _module(dotted: str) -> str | None:
    """The map's name of ``medclusters.<dotted>``, where that is a module of the package."""
    name = dotted.removeprefix("medclusters").removeprefix(".") or "__init__"
    return name if name in FILES else None


def imports_of(path: Path) -> set[tuple[str, str | None]]:
    """(module, name imported from it or None) for each import of the package that ``path``
    makes when its code runs: at its top and inside functions, but not under
    ``if TYPE_CHECKING:``. ``from medclusters.io import readers`` imports the module
    ``io.readers``; ``from medclusters import load`` a name of ``__init__``."""
    found: set[tuple[str, str | None]] = set()

    def visit(node: ast.AST, typing_only: bool) -> None:
        if isinstance(node, ast.If):
            checking = isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"
            for statement in node.body:
                visit(statement, typing_only or checking)
            for statement in node.orelse:
                visit(statement, typing_only)
            return
        if (
            not typing_only
            and isinstance(node, ast.ImportFrom)
            and node.module
            and node.level == 0
            and node.module.split(".")[0] == "medclusters"
        ):
            for alias in node.names:
                submodule = _module(f"{node.module}.{alias.name}")
                if submodule is not None:
                    found.add((submodule, None))
                else:
                    found.add((_module(node.module) or node.module, alias.name))
        if not typing_only and isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "medclusters":
                    found.add((_module(alias.name) or alias.name, None))
        for child in ast.iter_child_nodes(node):
            visit(child, typing_only)

    visit(ast.parse(path.read_text(encoding="utf-8")), False)
    own = module_name(path) if path.is_relative_to(PACKAGE) else None
    return {(module, name) for module, name in found if module != own}


def runtime_imports(path: Path) -> set[str]:
    """The modules of the package that ``path`` imports when its code runs."""
    return {module for module, _ in imports_of(path)}


def part(module: str) -> str:
    """The part a module belongs to: its subpackage, or ``""`` for the front door (the
    modules at the top of the package)."""
    first = module.split(".")[0]
    return first if first in SUBPACKAGES else ""


def unit(module: str) -> str:
    """The node a module is in the graph of parts: its subpackage, or itself at the top."""
    return part(module) or module


GRAPH = {name: runtime_imports(path) for name, path in FILES.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A cycle of ``graph`` as a path (first node repeated at the end), or None."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    path: list[str] = []

    def walk(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state:
                found = walk(target)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = walk(node)
            if found:
                return found
    return None


def units() -> dict[str, set[str]]:
    """The graph of parts: each subpackage one node, each module at the top its own."""
    graph: dict[str, set[str]] = {}
    for module, targets in GRAPH.items():
        graph.setdefault(unit(module), set()).update(
            unit(target) for target in targets if unit(target) != unit(module)
        )
    return graph
