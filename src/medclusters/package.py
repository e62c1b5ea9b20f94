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

__all__ = ["MAX_BYTES", "TIMEOUT", "Limits", "bundled_path", "load", "read_descriptor"]

from medclusters._readers import Limits

#: The largest file read (unpacked from a zip, too) and the largest download, in bytes;
#: ``load(..., max_bytes=...)`` raises it. The other limits are in :class:`Limits`.
MAX_BYTES = Limits().max_bytes
#: Seconds a remote read may stall; ``load(..., timeout=...)`` changes it.
TIMEOUT = Limits().timeout

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


def limits_of(
    limits: Limits | None = None,
    max_bytes: int | None = None,
    timeout: float | None = None,
    deadline: float | None = None,
) -> Limits:
    """``limits`` (the defaults if None) with any of the three shortcuts applied."""
    import attrs

    chosen = limits if limits is not None else Limits()
    changes: dict[str, Any] = {
        name: value
        for name, value in (("max_bytes", max_bytes), ("timeout", timeout), ("deadline", deadline))
        if value is not None
    }
    return attrs.evolve(chosen, **changes) if changes else chosen


def read_descriptor(source: str | Path, *, limits: Limits | None = None) -> dict[str, Any]:
    """The parsed ``datapackage.json`` of a folder, descriptor path, zip file or URL."""
    from medclusters._readers import open_reader

    return open_reader(source, limits_of(limits)).descriptor()


def load(
    source: str | Path | None = None,
    *,
    limits: Limits | None = None,
    max_bytes: int | None = None,
    timeout: float | None = None,
    deadline: float | None = None,
) -> Dataset:
    """Load a data package into a :class:`~medclusters.Dataset`.

    With no argument, the copy bundled with the library, parsed once and cached. Otherwise a
    folder holding ``datapackage.json``, the descriptor's path, a zip file of a package (as
    ``medclusters release`` builds them), or an http(s) URL of such a zip or of a
    ``datapackage.json``. Every file is checked against the size and sha256 the descriptor
    declares, and read within :class:`Limits` (``max_bytes`` caps each file and a download,
    ``timeout`` each remote read and ``deadline`` a whole download, in seconds; ``limits``
    sets the rest). A load returns a complete Dataset or raises a PackageError.
    """
    from medclusters._gc import collector_paused
    from medclusters._loader import load_reader
    from medclusters._readers import FolderReader, open_reader

    global _bundled
    chosen = limits_of(limits, max_bytes, timeout, deadline)
    if source is not None:
        reader = open_reader(source, chosen)
        with collector_paused():
            return load_reader(reader)
    with _bundled_lock:
        if _bundled is None:
            with collector_paused():
                _bundled = load_reader(FolderReader(bundled_path(), chosen))
        return _bundled
