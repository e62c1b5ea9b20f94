"""The module map of docs/architecture.md holds: run-time imports point only down its layers,
so there is no import cycle, and every module imports alone in a fresh interpreter."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "medclusters"
MAP = ROOT / "docs" / "architecture.md"


def declared_layers() -> dict[str, int]:
    """Module -> layer, from the table of docs/architecture.md."""
    layers: dict[str, int] = {}
    for line in MAP.read_text(encoding="utf-8").splitlines():
        row = re.match(r"\|\s*(\d+)\s*\|\s*`([\w.]+)`\s*\|", line)
        if row:
            assert row[2] not in layers, f"{row[2]} is in the map twice"
            layers[row[2]] = int(row[1])
    return layers


def runtime_imports(path: Path) -> set[str]:
    """The modules of the package that ``path`` imports when its code runs: at its top and
    inside functions, but not under ``if TYPE_CHECKING:``."""
    found: set[str] = set()

    def visit(node: ast.AST, typing_only: bool) -> None:
        if isinstance(node, ast.If):
            checking = isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"
            for statement in node.body:
                visit(statement, typing_only or checking)
            for statement in node.orelse:
                visit(statement, typing_only)
            return
        if not typing_only and isinstance(node, ast.ImportFrom) and node.module:
            parts = node.module.split(".")
            if parts[0] == "medclusters" and node.level == 0:
                if len(parts) > 1:
                    found.add(parts[1])
                else:  # from medclusters import x: a submodule, or a name of __init__
                    for alias in node.names:
                        is_module = (PACKAGE / f"{alias.name}.py").is_file()
                        found.add(alias.name if is_module else "__init__")
        if not typing_only and isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "medclusters":
                    found.add(parts[1] if len(parts) > 1 else "__init__")
        for child in ast.iter_child_nodes(node):
            visit(child, typing_only)

    visit(ast.parse(path.read_text(encoding="utf-8")), False)
    return found - {path.stem}


MODULES = sorted(path.stem for path in PACKAGE.glob("*.py"))
GRAPH = {name: runtime_imports(PACKAGE / f"{name}.py") for name in MODULES}


def test_the_map_names_every_module_once() -> None:
    layers = declared_layers()
    assert sorted(layers) == MODULES


def test_run_time_imports_point_down_the_layers() -> None:
    layers = declared_layers()
    wrong = [
        f"{module} (layer {layers[module]}) imports {target} (layer {layers[target]})"
        for module, targets in GRAPH.items()
        for target in sorted(targets)
        if layers[target] >= layers[module]
    ]
    assert not wrong, "\n".join(wrong)


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


def test_there_is_no_import_cycle_at_run_time() -> None:
    assert find_cycle(GRAPH) is None, " -> ".join(find_cycle(GRAPH) or [])


def test_the_cycle_finder_finds_cycles() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_imports_under_type_checking_are_not_run_time_imports(tmp_path: Path) -> None:
    module = tmp_path / "probe.py"
    module.write_text(
        "from typing import TYPE_CHECKING\n"
        "from medclusters.errors import PackageError\n"
        "if TYPE_CHECKING:\n    from medclusters.dataset import Dataset\n"
        "def f():\n    from medclusters import _loader\n    import medclusters.records\n",
        encoding="utf-8",
    )
    assert runtime_imports(module) == {"errors", "_loader", "records"}


@pytest.mark.slow
@pytest.mark.parametrize(
    "names",
    [MODULES[: len(MODULES) // 2], MODULES[len(MODULES) // 2 :]],
    ids=["first-half", "second-half"],
)
def test_each_module_imports_alone_in_a_fresh_interpreter(names: list[str]) -> None:
    """Each module imported first, in its own interpreter (so no other import has loaded
    what it forgot to import); a small script runs them one after another."""
    script = (
        "import subprocess, sys\n"
        f"for name in {[n for n in names if n != '__main__']!r}:\n"
        "    module = 'medclusters' if name == '__init__' else 'medclusters.' + name\n"
        "    result = subprocess.run([sys.executable, '-c', 'import ' + module],\n"
        "                            capture_output=True, text=True)\n"
        "    if result.returncode:\n"
        "        print(module, result.stderr.strip().splitlines()[-1])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout == ""


def test_the_front_door_lists_each_public_name_once() -> None:
    """``__all__`` (the literal list type checkers read) is exactly the names imported at the
    top of ``__init__`` plus the lazy table, the imports under TYPE_CHECKING name the lazy
    table's names from their modules, and every name resolves."""
    import medclusters as mc

    tree = ast.parse((PACKAGE / "__init__.py").read_text(encoding="utf-8"))
    eager: set[str] = set()
    typed: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("medclusters"):
            eager.update(alias.asname or alias.name for alias in node.names)
        if isinstance(node, ast.If):  # if TYPE_CHECKING:
            for inner in node.body:
                if isinstance(inner, ast.ImportFrom) and inner.module != "medclusters":
                    module = (inner.module or "").removeprefix("medclusters.")
                    typed.update((alias.name, module) for alias in inner.names)
    lazy = mc._LAZY
    assert len(mc.__all__) == len(set(mc.__all__))
    assert set(mc.__all__) == eager | set(lazy) | {"DATA_VERSION"}
    assert typed == lazy
    for name in mc.__all__:
        assert getattr(mc, name) is not None, name
    assert set(mc.__all__) | set(mc._SUBMODULES) <= set(dir(mc))


def test_public_modules_are_attributes_and_the_old_lookups_module_warns() -> None:
    import medclusters as mc

    assert mc.export.to_sqlite is not None
    assert mc.release.build is not None
    assert mc.results.Shared is mc.Shared
    with pytest.warns(DeprecationWarning, match="moved"):
        from medclusters.lookups import Shared
    assert Shared is mc.Shared
    with pytest.raises(AttributeError):
        mc.lookups.Lookups  # noqa: B018
