"""The boundary: every byte of a package comes in here, from a folder, a zip file or an
http(s) URL, and nothing leaves it unchecked.

- A resource path is a clean relative POSIX path: checked after Unicode normalisation, with no
  ``..``, no percent escapes, backslashes, NUL, control or bidirectional characters, drive
  letters or URLs; links may not leave the package folder.
- Only regular files are read (not FIFOs, devices or sockets), never past the limits:
  :class:`Limits` caps the descriptor, each file, all files together, the members of a zip,
  the rows and cells a CSV may hold, the nesting of JSON, and the time of a download.
- A zip must hold one package: one ``datapackage.json``, no member twice, no encrypted member.
- The descriptor is JSON with no duplicate key, no NaN or Infinity, and limited nesting.

Every failure is a :class:`~medclusters.errors.PackageError`; no other exception escapes.

The readers by source kind live in ``_folder``, ``_zip`` and ``_url``, what they share in
``_reader``; this module picks one (:func:`open_reader`) and reads descriptors.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from medclusters.errors import PackageError
from medclusters.io._folder import FolderReader
from medclusters.io._reader import (
    MemoryReader,
    Reader,
    check_integrity,
    clean_path,
    count_check,
    parse_json,
)
from medclusters.io._url import UrlReader, _download
from medclusters.io._zip import ZipReader
from medclusters.io.files import _reason
from medclusters.io.limits import Limits, bundled_path, limits_of

__all__ = [
    "FolderReader",
    "MemoryReader",
    "Reader",
    "UrlReader",
    "ZipReader",
    "check_integrity",
    "clean_path",
    "count_check",
    "descriptor_list",
    "descriptor_or_bundled",
    "iter_entries",
    "open_reader",
    "parse_json",
    "read_descriptor",
]


def _starts_like_zip(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(4) == b"PK\x03\x04"
    except OSError:
        return False


def open_reader(source: str | Path, limits: Limits) -> Reader:
    """The right reader for a folder, a descriptor path, a zip path or an http(s) URL."""
    text = str(source)
    scheme = text.split("://", 1)[0].lower() if isinstance(source, str) and "://" in text else ""
    if scheme in ("http", "https"):
        data = _download(text, limits, limits.max_bytes)
        if data[:4] == b"PK\x03\x04":
            return ZipReader(data, text, limits)
        return UrlReader(text, data, limits)
    if scheme and len(scheme) > 1:  # "file://", "ftp://", ... (but not "C:\\...")
        raise PackageError(f"only folders, zip files and http(s) URLs are read, not {text!r}")
    try:
        path = Path(source)
        if path.is_file() and (path.suffix.lower() == ".zip" or _starts_like_zip(path)):
            return ZipReader(path, str(path), limits)
        if path.is_dir():
            path = path / "datapackage.json"
        found = path.is_file()
    except (OSError, ValueError) as error:
        raise PackageError(f"cannot read {text!r}: {_reason(error)}") from None
    if not found:
        raise PackageError(f"no data package descriptor at {path}")
    return FolderReader(path, limits)


def read_descriptor(source: str | Path, *, limits: Limits | None = None) -> dict[str, Any]:
    """The parsed ``datapackage.json`` of a folder, descriptor path, zip file or URL."""
    return open_reader(source, limits_of(limits)).descriptor()


def descriptor_or_bundled(descriptor: dict[str, Any]) -> dict[str, Any]:
    """``descriptor``, or the bundled package's where it is empty (a Dataset built in code
    has the library's schemas)."""
    return descriptor or read_descriptor(bundled_path())


def iter_entries(descriptor: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The descriptor's resource entries; PackageError where ``resources`` is not a list of
    objects."""
    resources = descriptor.get("resources")
    if not isinstance(resources, list) or not resources:
        raise PackageError("the descriptor is not a data package: no list of resources")
    for entry in resources:
        if not isinstance(entry, dict):
            raise PackageError(f"a resource of the descriptor is not an object: {entry!r:.60}")
        yield entry


def descriptor_list(descriptor: dict[str, Any], key: str) -> list[dict[str, str]]:
    """The descriptor's ``licenses`` or ``sources`` as objects with text values: a plain
    string (which load() accepts) becomes the title, anything else is left out."""
    value = descriptor.get(key)
    if not isinstance(value, list):
        return []
    entries = []
    for item in value:
        if isinstance(item, str):
            entries.append({"title": item})
        elif isinstance(item, dict):
            entries.append({str(k): v for k, v in item.items() if isinstance(v, str)})
    return entries
