"""Load a Frictionless Data Package: the bundled copy, a folder, a descriptor, a release zip
or an http(s) URL. The work is done by :mod:`medclusters.loader.full` (the bundled package
from :mod:`medclusters.loader.prebuilt` where its prebuilt records match it), imported on the
first load so that ``import medclusters`` stays light; ``medclusters.io.limits`` holds the
limits and knows where the bundled package is.

Every failure is a :class:`~medclusters.errors.PackageError` that names the resource, row,
field and value: a load returns a complete Dataset or nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from medclusters.io.limits import Limits, bundled_path, limits_of
from medclusters.utils.once import once

if TYPE_CHECKING:
    from medclusters.dataset import Dataset

__all__ = ["MAX_BYTES", "TIMEOUT", "Limits", "bundled_path", "load", "read_descriptor"]

#: The largest file read (unpacked from a zip, too) and the largest download, in bytes;
#: ``load(..., max_bytes=...)`` raises it. The other limits are in :class:`Limits`.
MAX_BYTES = Limits().max_bytes
#: Seconds a remote read may stall; ``load(..., timeout=...)`` changes it.
TIMEOUT = Limits().timeout


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
    if source is None:
        return _bundled()
    from medclusters.io.readers import open_reader
    from medclusters.loader.full import load_reader
    from medclusters.utils.gc import collector_paused

    reader = open_reader(source, limits_of(limits, max_bytes, timeout, deadline))
    with collector_paused():
        return load_reader(reader)


def read_descriptor(source: str | Path, *, limits: Limits | None = None) -> dict[str, Any]:
    """The parsed ``datapackage.json`` of a folder, descriptor path, zip file or URL."""
    from medclusters.io.readers import read_descriptor as read

    return read(source, limits=limits)


@once
def _bundled() -> Dataset:
    """The bundled package, loaded once: from its prebuilt tables where they match the
    package byte for byte, otherwise in full with the default limits."""
    from medclusters.loader.prebuilt import load_prebuilt

    path = bundled_path()
    found = load_prebuilt(path)
    if found is not None:
        return found
    from medclusters.io.readers import FolderReader
    from medclusters.loader.full import load_reader

    return load_reader(FolderReader(path, Limits()))
