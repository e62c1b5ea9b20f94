"""Shared fixtures: a writable copy of the bundled package, to break in controlled ways. The
helpers tests import are in ``tests/helpers.py``."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import medclusters as mc
from tests.fixtures.broken.corpus import build, unstamped_copy
from tests.fixtures.browser import Browser, chromium_path


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that drives the browser is slow (Chromium starts, pages render): make check
    and CI run it, make test does not."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The broken packages of ``tests/fixtures/broken/corpus.py``, built once a run (a worker)."""
    return build(tmp_path_factory.mktemp("broken"))


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the whole run. Without one, browser tests fail under CI
    (``make check`` and ``.ci/run`` install Debian's chromium) and are skipped elsewhere."""
    executable = chromium_path()
    if executable is None:
        message = "Chromium is not installed: apt-get install chromium (make check does it as root)"
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
