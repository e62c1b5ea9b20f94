"""Shared fixtures: a writable copy of the bundled package, to break in controlled ways."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import medclusters as mc
from tests.fixtures.broken.corpus import unstamp, unstamped_copy
from tests.fixtures.browser import Browser, chromium_path

Editor = Callable[[str, int, str, str], Path]
ROOT = Path(__file__).resolve().parent.parent
#: Where browser tests keep their screenshots (a build artefact, like build/site).
SCREENSHOTS = ROOT / "build" / "screenshots"


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the whole run. Without one, browser tests fail under CI
    (``make test`` and ``.ci/run`` install Debian's chromium) and are skipped elsewhere."""
    executable = chromium_path()
    if executable is None:
        message = "Chromium is not installed: apt-get install chromium (make test does it as root)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    session = Browser(executable)
    yield session
    session.close()


@pytest.fixture
def package_copy(tmp_path: Path) -> Path:
    """A fresh copy of the bundled data package folder, its size and hash stamps removed so
    that a test's edits meet the check they aim at (the stamps have tests of their own)."""
    return unstamped_copy(tmp_path / "package")


@pytest.fixture
def stamped_copy(tmp_path: Path) -> Path:
    """A fresh copy of the bundled data package folder, stamps and all."""
    target = tmp_path / "stamped"
    shutil.copytree(mc.bundled_path().parent, target)
    return target


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


HEAVY = ("cattrs", "frictionless", "pycountry", "pandas", "pyarrow", "polars", "networkx",
         "medclusters.countries", "medclusters.lookups", "medclusters.validation")  # fmt: skip


def modules_after(code: str) -> set[str]:
    """Which of the heavy modules a fresh interpreter holds after running ``code``."""
    import subprocess
    import sys

    probe = f"{code}\nimport sys\nprint(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    return set(result.stdout.split())
