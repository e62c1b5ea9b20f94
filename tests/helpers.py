"""Helpers the tests import: the bundled package as zip entries, zips in memory, one cell
changed in a package copy, and which heavy modules a fresh interpreter loads."""

from __future__ import annotations

import contextlib
import csv
import functools
import http.server
import io
import json
import subprocess
import sys
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import medclusters as mc
from tests.fixtures.broken.corpus import unstamp

ROOT = Path(__file__).resolve().parent.parent
#: Where browser tests keep their screenshots (a build artefact, like build/site).
SCREENSHOTS = ROOT / "build" / "screenshots"


def benchmark_module(name: str) -> Any:
    """A module of benchmarks/ (not a package), e.g. ``synthetic``: its packages at scale.
    Its own imports of its neighbours (``_bench``) find them while it loads."""
    import importlib.util

    folder = str(ROOT / "benchmarks")
    spec = importlib.util.spec_from_file_location(name, f"{folder}/{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, folder)
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(folder)
    return module


def package_entries(prefix: str = "p/", *, stamped: bool = True) -> dict[str, bytes]:
    """The bundled package's files as zip member names (under ``prefix``) and bytes; with
    ``stamped=False`` the descriptor declares no sizes or hashes, so edits meet the check
    they aim at."""
    folder = mc.bundled_path().parent
    descriptor = (folder / "datapackage.json").read_bytes()
    if not stamped:
        descriptor = json.dumps(unstamp(json.loads(descriptor))).encode()
    entries = {prefix + "datapackage.json": descriptor}
    for path in (folder / "data").iterdir():
        entries[f"{prefix}data/{path.name}"] = path.read_bytes()
    return entries


def zip_of(
    entries: list[tuple[str, bytes]] | dict[str, bytes], method: int = zipfile.ZIP_DEFLATED
) -> bytes:
    """A zip file of ``entries`` (a list may name a member twice), as bytes."""
    buffer = io.BytesIO()
    items = entries.items() if isinstance(entries, dict) else entries
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in items:
            archive.writestr(name, data)
    return buffer.getvalue()


def set_cell(package: Path, resource: str, row: int, field: str, value: str) -> Path:
    """Set one cell (``row`` is the 1-based data row) of a resource's CSV; return the package."""
    path = package / "data" / f"{resource}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[row][rows[0].index(field)] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return package


HEAVY = ("cattrs", "frictionless", "pycountry", "pandas", "pyarrow", "polars", "networkx", "re2",
         "medclusters.countries", "medclusters.index.indexes", "medclusters.validation",
         "medclusters.io.readers", "medclusters.loader.full")  # fmt: skip


def modules_after(code: str) -> set[str]:
    """Which of the heavy modules a fresh interpreter holds after running ``code``."""
    probe = f"{code}\nimport sys\nprint(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    return set(result.stdout.split())


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002  # base signature
        pass


@contextlib.contextmanager
def serving(folder: Path) -> Iterator[str]:
    """``folder``'s files over real HTTP on a free loopback port: the base URL, then the
    server shut down."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
