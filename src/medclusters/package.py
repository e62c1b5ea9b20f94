"""Load a Frictionless Data Package: the bundled copy, a folder, a descriptor, a release zip
or an http(s) URL. The work is done by :mod:`medclusters._loader`, imported on the first load
so that ``import medclusters`` stays light.

Every failure is a :class:`~medclusters.errors.PackageError` that names the resource, row,
field and value: a load returns a complete Dataset or nothing.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from medclusters.errors import PackageError

if TYPE_CHECKING:
    from medclusters.dataset import Dataset

__all__ = ["MAX_BYTES", "TIMEOUT", "bundled_path", "load", "read_descriptor"]

#: The largest file read (unpacked from a zip, too) and the largest download, in bytes;
#: ``load(..., max_bytes=...)`` raises it.
MAX_BYTES = 512 * 2**20
#: Seconds a remote read may stall; ``load(..., timeout=...)`` changes it.
TIMEOUT = 30.0

_bundled: Dataset | None = None
_bundled_lock = threading.Lock()


def bundled_path() -> Path:
    """Path of the ``datapackage.json`` bundled with the library.

    In a wheel it is ``medclusters/_data``; in a source checkout, the repository's
    ``datapackage/`` folder.
    """
    packaged = Path(__file__).resolve().parent / "_data" / "datapackage.json"  # in a wheel
    if packaged.is_file():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / "datapackage" / "datapackage.json"
    if checkout.is_file():
        return checkout
    raise PackageError(f"the bundled data package is missing (looked in {packaged.parent})")


def read_descriptor(source: str | Path) -> dict[str, Any]:
    """The parsed ``datapackage.json`` of a folder, descriptor path, zip file or URL."""
    from medclusters._sources import open_source

    return open_source(source).descriptor()


def load(
    source: str | Path | None = None, *, max_bytes: int = MAX_BYTES, timeout: float = TIMEOUT
) -> Dataset:
    """Load a data package into a :class:`~medclusters.Dataset`.

    With no argument, the copy bundled with the library, parsed once and cached. Otherwise a
    folder holding ``datapackage.json``, the descriptor's path, a zip file of a package (as
    ``medclusters release`` builds them), or an http(s) URL of such a zip or of a
    ``datapackage.json``. Every file is checked against the size and sha256 the descriptor
    declares. ``max_bytes`` caps each file (and a download); ``timeout`` limits each remote
    read, in seconds.
    """
    from medclusters._gc import collector_paused
    from medclusters._loader import load_source
    from medclusters._sources import FolderSource, open_source

    global _bundled
    if source is not None:
        opened = open_source(source, max_bytes, timeout)
        with collector_paused():
            return load_source(opened)
    with _bundled_lock:
        if _bundled is None:
            with collector_paused():
                _bundled = load_source(FolderSource(bundled_path(), max_bytes))
        return _bundled
