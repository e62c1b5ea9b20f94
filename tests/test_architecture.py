"""The module map of docs/architecture.md holds: run-time imports point only down its layers,
so there is no import cycle, between modules or between parts; nothing private crosses from
one part to another; every module imports alone in a fresh interpreter; the top holds the
front door and the subpackages, and no file or class is too big to take in."""

from __future__ import annotations

import ast
import importlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "scripts") not in sys.path:  # the module map is read by scripts/_modules.py
    sys.path.insert(0, str(ROOT / "scripts"))

from _modules import (  # noqa: E402
    FILES,
    GRAPH,
    MODULES,
    PACKAGE,
    SUBPACKAGES,
    find_cycle,
    imports_of,
    part,
    runtime_imports,
    units,
)

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
        "def f():\n    from medclusters.loader import full\n    import medclusters.records\n"
        "    from medclusters.io.readers import open_reader\n    from medclusters import load\n",
        encoding="utf-8",
    )
    assert runtime_imports(module) == {"errors", "loader.full", "records", "io.readers", "__init__"}


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


def test_public_modules_are_attributes_and_the_old_lookups_module_is_gone() -> None:
    import medclusters as mc

    assert mc.export.to_sqlite is not None
    assert mc.release.build is not None
    assert mc.results.Shared is mc.Shared
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module("medclusters.lookups")
    with pytest.raises(AttributeError):
        mc.lookups  # noqa: B018


def test_the_parts_form_no_cycle() -> None:
    """Each subpackage taken as one node, each module at the top as its own: no part
    imports, through any of its modules, a part that imports it back."""
    parts = units()
    assert find_cycle(parts) is None, " -> ".join(find_cycle(parts) or [])


def private_crossings(module: str, imports: set[tuple[str, str | None]]) -> list[str]:
    """The imports of ``module`` that take a private module or name from another part."""
    wrong = []
    for target, name in sorted(imports, key=str):
        if part(target) == part(module):
            continue
        private_module = any(piece.startswith("_") for piece in target.split(".")[1:])
        if part(target) == "" and target.startswith("_") and target != "__init__":
            private_module = True
        private_name = name is not None and name.startswith("_") and not name.endswith("__")
        if private_module or private_name:
            wrong.append(f"{module} imports {target}{'.' + name if name else ''}")
    return wrong


def test_nothing_private_is_imported_across_parts() -> None:
    """A private module (``io._http``) or a private name (``_read_regular``) is imported
    only from within its own part: the subpackage, or the front door's modules."""
    wrong = [
        line
        for module, path in FILES.items()
        for line in private_crossings(module, imports_of(path))
    ]
    assert not wrong, "\n".join(wrong)


def test_the_privacy_check_sees_a_crossing() -> None:
    imports = {("io._http", None), ("io.readers", "_read_regular"), ("io.readers", "open_reader"),
               ("utils.version", "__version__"), ("_coverage", "coverage")}  # fmt: skip
    assert private_crossings("index.indexes", imports) == [
        "index.indexes imports _coverage.coverage",
        "index.indexes imports io._http",
        "index.indexes imports io.readers._read_regular",
    ]
    assert private_crossings("io.readers", {("io._http", "fetch")}) == []
    assert private_crossings("release", {("_coverage", "coverage")}) == []
    assert private_crossings("cli._look", {("_coverage", "coverage")}) == [
        "cli._look imports _coverage.coverage"
    ]


def test_the_top_shows_the_front_door_and_the_parts() -> None:
    """At most 16 modules at the top, at least three subpackages, each saying its job."""
    top = sorted(path.name for path in PACKAGE.glob("*.py"))
    assert len(top) <= 16, top
    assert len(SUBPACKAGES) >= 3
    for name in SUBPACKAGES:
        docstring = ast.get_docstring(
            ast.parse((PACKAGE / name / "__init__.py").read_text("utf-8"))
        )
        assert docstring, f"{name}/__init__.py says nothing of its job"
        assert len(docstring.split()) >= 12, name


def test_no_room_is_too_big_to_take_in() -> None:
    """No file over 600 lines and no class over 250 in the library."""
    big = []
    for module, path in FILES.items():
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > 600:
            big.append(f"{module}: {text.count(chr(10))} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ClassDef) and node.end_lineno is not None:
                size = node.end_lineno - node.lineno + 1
                if size > 250:
                    big.append(f"{module}.{node.name}: {size} lines")
    assert not big, "\n".join(big)
