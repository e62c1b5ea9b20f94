"""What every reader shares: clean paths, sizes and hashes checked, strict JSON, regular
files read within the limits, and :class:`Reader`, the base of the readers by source kind;
:class:`MemoryReader` serves bytes already read."""

from __future__ import annotations

import abc
import json
import unicodedata
from typing import Any

from medclusters.errors import PackageError
from medclusters.io.files import _over
from medclusters.io.limits import Limits
from medclusters.io.spec import declared_hash

_MIB = 2**20


#: Characters refused anywhere in a resource path, besides control and format characters.
_PATH_REFUSED = set('%\\:*?"<>|\x7f')
#: Slashes, backslashes and dots that NFKC leaves alone but a reader, a shell or a server
#: may take for the plain ones (Unicode confusables of '/', '\\' and '.').
_LOOKALIKES = set("\u2044\u2215\u2216\u29f5\u29f8\u29f9\u3002\uff61\u0338")


def clean_path(path: object, resource: str | None) -> str:
    """``path`` as a clean relative POSIX path inside the package, or a PackageError.

    >>> clean_path("data/clusters.csv", "clusters")
    'data/clusters.csv'
    >>> for path in ("data/%2e%2e/x.csv", "data/../../x.csv", "C:/x.csv"):
    ...     try:
    ...         clean_path(path, "x")
    ...     except PackageError as error:
    ...         print(str(error)[14:60].strip())
    the path 'data/%2e%2e/x.csv' holds '%', which
    path 'data/../../x.csv' leaves the package fol
    path 'C:/x.csv' is not relative to the package
    """
    if not isinstance(path, str) or not path:
        raise PackageError(f"the resource path {path!r} is not a file path", resource=resource)
    if len(path) > 1024:
        raise PackageError("the resource path is longer than 1,024 characters", resource=resource)
    if "://" in path or path.startswith("/") or (len(path) > 1 and path[1] == ":"):
        raise PackageError(
            f"path {path!r} is not relative to the package (absolute paths and URLs are refused)",
            resource=resource,
        )
    for char in path:
        if char in _PATH_REFUSED or unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp"):
            raise PackageError(
                f"the path {path!r} holds {char!r}, which a resource path may not: percent "
                "escapes, backslashes, colons and control characters are refused",
                resource=resource,
            )
    if unicodedata.normalize("NFKC", path) != path or not _LOOKALIKES.isdisjoint(path):
        raise PackageError(
            f"the path {path!r} holds characters that stand for others (look-alike dots or "
            "slashes); write it in plain characters",
            resource=resource,
        )
    parts = path.split("/")
    if any(part in ("", ".", "..") for part in parts):
        raise PackageError(
            f"path {path!r} leaves the package folder or has an empty or '.' segment",
            resource=resource,
        )
    return path


def check_integrity(entry: dict[str, Any], data: bytes, resource: str) -> None:
    """Refuse ``data`` if the descriptor entry declares another ``bytes`` or ``hash``."""
    declared_bytes = entry.get("bytes")
    if declared_bytes is not None and declared_bytes != len(data):
        raise PackageError(
            f"the file has {len(data)} bytes where the descriptor declares {declared_bytes}: "
            "damaged or changed since it was published (after editing the data, re-stamp the "
            "descriptor: medclusters release --stamp --source FOLDER)",
            resource=resource,
        )
    declared = declared_hash(entry, resource)
    if declared is None:
        return
    import hashlib

    algorithm, digest = declared
    actual = hashlib.new(algorithm, data).hexdigest()
    if actual != digest:
        raise PackageError(
            f"{algorithm} is {actual} where the descriptor declares {digest}: damaged or "
            "changed since it was published (after editing the data, re-stamp the descriptor: "
            "medclusters release --stamp --source FOLDER)",
            resource=resource,
        )


def count_check(data: bytes, resource: str, limits: Limits, cells_so_far: int) -> int:
    """Refuse a CSV file that may hold more rows or cells than the limits allow, counted on
    its bytes before any parsing (a small file of empty rows is refused by count, not by
    running out of memory). Returns the file's upper bound of cells."""
    rows = data.count(b"\n") + 1
    if rows > limits.max_rows + 1:
        raise PackageError(
            f"the file may hold {rows - 1:,} rows, over the limit of {limits.max_rows:,} "
            "(raise it with load(..., limits=Limits(max_rows=...)))",
            resource=resource,
        )
    cells = rows + data.count(b",")
    if cells_so_far + cells > limits.max_cells:
        raise PackageError(
            f"the package may hold {cells_so_far + cells:,} cells, over the limit of "
            f"{limits.max_cells:,} (raise it with load(..., limits=Limits(max_cells=...)))",
            resource=resource,
        )
    return cells


class _DuplicateKeyError(Exception):
    pass


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) != len(pairs):
        seen: set[str] = set()
        repeated = next(key for key, _ in pairs if key in seen or seen.add(key))  # type: ignore[func-returns-value]
        raise _DuplicateKeyError(repeated)
    return found


def _constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _depth(value: Any) -> int:
    """The nesting of arrays and objects, walked without recursion."""
    deepest, todo = 0, [(value, 1)]
    while todo:
        item, level = todo.pop()
        if isinstance(item, dict):
            deepest = max(deepest, level)
            todo.extend((child, level + 1) for child in item.values())
        elif isinstance(item, list):
            deepest = max(deepest, level)
            todo.extend((child, level + 1) for child in item)
    return deepest


def parse_json(data: bytes, where: str, max_depth: int) -> dict[str, Any]:
    """A JSON object with no duplicate key, no NaN or Infinity, at most ``max_depth`` deep."""
    try:
        value = json.loads(
            data.decode("utf-8"), object_pairs_hook=_object, parse_constant=_constant
        )
    except _DuplicateKeyError as duplicate:
        raise PackageError(f"{where} repeats the key {duplicate.args[0]!r}") from None
    except RecursionError:
        raise PackageError(f"{where} is nested too deeply to read") from None
    except (UnicodeDecodeError, ValueError) as error:
        raise PackageError(f"{where} is not a JSON data package descriptor: {error}") from None
    if not isinstance(value, dict):
        raise PackageError(f"{where} is not a data package descriptor: not a JSON object")
    if _depth(value) > max_depth:
        raise PackageError(
            f"{where} is nested more than {max_depth} levels deep "
            "(raise it with load(..., limits=Limits(max_depth=...)))"
        )
    return value


class Reader(abc.ABC):
    """A package's files: ``descriptor()`` and ``read(path, resource)``, within ``limits``."""

    label: str

    def __init__(self, label: str, limits: Limits) -> None:
        self.label = label
        self.limits = limits
        self._total = 0  # bytes read so far, against max_total_bytes
        self._cells = 0  # cells counted so far, against max_cells
        self._descriptor: bytes | None = None

    @abc.abstractmethod
    def _descriptor_bytes(self) -> bytes:
        """The raw ``datapackage.json``."""

    @abc.abstractmethod
    def _read(self, path: str, resource: str, limit: int) -> bytes:
        """The bytes at a clean ``path``, refusing more than ``limit``."""

    @property
    def descriptor_label(self) -> str:
        return f"{self.label} (datapackage.json)"

    @property
    def origin(self) -> str:
        """Where the package is: its folder, zip file or URL."""
        return self.label

    def descriptor(self) -> dict[str, Any]:
        """The parsed ``datapackage.json``."""
        return parse_json(self.descriptor_bytes(), self.descriptor_label, self.limits.max_depth)

    def descriptor_bytes(self) -> bytes:
        """The raw ``datapackage.json``, within the limit of its size, read once.

        Files and zip members are refused by size before they are read; bytes already in
        memory (a download, a second pass) are checked here."""
        if self._descriptor is None:
            data = self._descriptor_bytes()
            limit = self.limits.max_descriptor_bytes
            if len(data) > limit:
                raise _over(self.descriptor_label, len(data), limit, "max_descriptor_bytes", None)
            self._descriptor = data
        return self._descriptor

    def read(self, path: object, resource: str) -> bytes:
        """The bytes of the resource file at ``path``, checked to stay in the package."""
        clean = clean_path(path, resource)
        remaining = self.limits.max_total_bytes - self._total
        data = self._read(clean, resource, min(self.limits.max_bytes, remaining))
        self._total += len(data)
        return data

    def read_resource(self, path: object, resource: str, entry: dict[str, Any]) -> bytes:
        """:meth:`read`, then checked against the size and hash ``entry`` declares, and its
        rows and cells counted against the limits (cells across the whole package)."""
        data = self.read(path, resource)
        check_integrity(entry, data, resource)
        self._cells += count_check(data, resource, self.limits, self._cells)
        return data

    def _setting(self, limit: int, resource: str | None) -> str:
        """Which limit ``limit`` is, to name it in a refusal."""
        if resource is None:
            return "max_descriptor_bytes"
        return "max_total_bytes" if limit < self.limits.max_bytes else "max_bytes"


def _read_chunks(handle: Any, limit: int) -> bytes:
    """At most ``limit + 1`` bytes of ``handle``, a MiB at a time (one read of ``limit``
    bytes would ask the decompressor for the whole buffer at once)."""
    parts = bytearray()
    while len(parts) <= limit:
        chunk = handle.read(min(_MIB, limit + 1 - len(parts)))
        if not chunk:
            break
        parts += chunk
    return bytes(parts)


class MemoryReader(Reader):
    """A package already read through another reader: its descriptor and files in memory,
    so that a second pass (validation) neither reads nor fetches anything again."""

    def __init__(
        self,
        label: str,
        descriptor: bytes,
        files: dict[str, bytes],
        limits: Limits,
        origin: str | None = None,
    ):
        super().__init__(label, limits)
        self.data = descriptor
        self.files = files
        self._origin = origin if origin is not None else label

    @property
    def descriptor_label(self) -> str:
        return self.label

    @property
    def origin(self) -> str:
        return self._origin

    def _descriptor_bytes(self) -> bytes:
        return self.data

    def _read(self, path: str, resource: str, limit: int) -> bytes:  # noqa: ARG002
        # (the limit was applied when these bytes were first read)
        data = self.files.get(path)
        if data is None:
            raise PackageError(f"the file {path!r} is missing", resource=resource)
        return data
