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
"""

from __future__ import annotations

import abc
import io
import json
import os
import posixpath
import stat
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from medclusters._limits import Limits, bundled_path, limits_of
from medclusters._spec import declared_hash
from medclusters.errors import PackageError

__all__ = [
    "Reader",
    "check_integrity",
    "clean_path",
    "count_check",
    "descriptor_or_bundled",
    "open_reader",
    "parse_json",
    "read_descriptor",
]

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


def _over(what: str, size: int, limit: int, setting: str, resource: str | None) -> PackageError:
    """The refusal of ``what``, ``size`` bytes against ``limit``, named by its setting."""
    hint = f"raise it with load(..., limits=Limits({setting}=...))"
    if setting == "max_total_bytes":
        return PackageError(
            f"{what} has {size:,} bytes, more than the {limit:,} left under the limit on all "
            f"the package's files together ({hint})",
            resource=resource,
        )
    return PackageError(
        f"{what} has {size:,} bytes, over the limit of {limit:,} ({hint})", resource=resource
    )


def _read_regular(
    path: str, limit: int, resource: str | None, shown: str, setting: str = "max_bytes"
) -> bytes:
    """Read a regular file, at most ``limit`` bytes; refuse anything else without blocking."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    flags |= getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags)
    except FileNotFoundError:
        raise PackageError(f"the file {shown} is missing", resource=resource) from None
    except (OSError, ValueError) as error:
        raise PackageError(f"cannot open {shown}: {_reason(error)}", resource=resource) from None
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise PackageError(
                f"{shown} is not a regular file (a folder, link target, pipe or device): "
                "only files are read",
                resource=resource,
            )
        if status.st_size > limit:
            raise _over(shown, status.st_size, limit, setting, resource)
        with os.fdopen(descriptor, "rb", closefd=True) as handle:
            descriptor = -1
            data = handle.read(limit + 1)
    except PackageError:
        raise
    except OSError as error:
        raise PackageError(f"cannot read {shown}: {_reason(error)}", resource=resource) from None
    finally:
        if descriptor >= 0:
            os.close(descriptor)
    if len(data) > limit:
        raise PackageError(
            f"the file grew past the limit of {limit:,} bytes while it was read",
            resource=resource,
        )
    return data


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


def _reason(error: BaseException) -> str:
    return getattr(error, "strerror", None) or str(error) or type(error).__name__


class FolderReader(Reader):
    """A folder holding ``datapackage.json`` (or the descriptor's own path)."""

    def __init__(self, descriptor_path: Path, limits: Limits) -> None:
        super().__init__(str(descriptor_path), limits)
        self.path = descriptor_path
        try:
            self.base = os.path.realpath(descriptor_path.parent)
        except (OSError, ValueError) as error:
            raise PackageError(f"cannot read {descriptor_path}: {_reason(error)}") from None

    @property
    def descriptor_label(self) -> str:
        return self.label

    @property
    def origin(self) -> str:
        return str(self.path.parent)

    def _descriptor_bytes(self) -> bytes:
        return _read_regular(
            str(self.path),
            self.limits.max_descriptor_bytes,
            None,
            self.label,
            "max_descriptor_bytes",
        )

    def _read(self, path: str, resource: str, limit: int) -> bytes:
        target = os.path.join(self.base, *path.split("/"))
        try:
            real = os.path.realpath(target)  # follows links; never raises on a loop
        except (OSError, ValueError) as error:
            raise PackageError(
                f"cannot read {path!r}: {_reason(error)}", resource=resource
            ) from None
        if os.path.commonpath([self.base, real]) != self.base:
            raise PackageError(
                f"path {path!r} leaves the package folder (through a link)", resource=resource
            )
        return _read_regular(real, limit, resource, repr(path), self._setting(limit, resource))


#: What a damaged or hostile zip can raise while it is read.
_ZIP_ERRORS: tuple[type[BaseException], ...] = (
    OSError,
    EOFError,
    RuntimeError,  # encrypted members
    NotImplementedError,  # unknown compression methods
    ValueError,
    OverflowError,
)


class ZipReader(Reader):
    """A zip file (a path or bytes) holding one package at its root or in one top folder."""

    def __init__(self, file: Path | bytes, label: str, limits: Limits) -> None:
        super().__init__(label, limits)
        import zipfile
        import zlib

        errors: tuple[type[BaseException], ...] = (*_ZIP_ERRORS, zipfile.BadZipFile, zlib.error)
        self._errors = errors
        try:
            if isinstance(file, bytes):
                handle: Any = io.BytesIO(file)
            else:
                handle = io.BytesIO(_read_regular(str(file), limits.max_bytes, None, label))
            self.zip = zipfile.ZipFile(handle)
            infos = self.zip.infolist()
        except errors as error:
            raise PackageError(f"{label} is not a readable zip file: {_reason(error)}") from None
        if len(infos) > limits.max_members:
            raise PackageError(
                f"{label} holds {len(infos):,} members, over the limit of "
                f"{limits.max_members:,} (raise it with load(..., limits=Limits(max_members=...)))"
            )
        self.members: dict[str, Any] = {}
        for info in infos:
            if info.filename in self.members:
                raise PackageError(f"{label} holds the member {info.filename!r} twice")
            self.members[info.filename] = info
        descriptors = [n for n in self.members if posixpath.basename(n) == "datapackage.json"]
        if not descriptors:
            raise PackageError(f"{label} holds no datapackage.json at its root or one folder down")
        if len(descriptors) > 1:
            raise PackageError(
                f"{label} holds {len(descriptors)} packages ({', '.join(sorted(descriptors)[:4])}):"
                " a release zip holds one"
            )
        (descriptor,) = descriptors
        if descriptor.count("/") > 1:
            raise PackageError(f"{label} holds no datapackage.json at its root or one folder down")
        self.prefix = posixpath.dirname(descriptor)

    def _member(self, path: str) -> str:
        return f"{self.prefix}/{path}" if self.prefix else path

    def _read_member(self, name: str, resource: str | None, limit: int) -> bytes:
        info = self.members.get(name)
        if info is None:
            raise PackageError(f"the zip file holds no {name}", resource=resource)
        if info.flag_bits & 0x1:
            raise PackageError(f"{name} is encrypted: it cannot be read", resource=resource)
        if info.is_dir():
            raise PackageError(f"{name} is a folder, not a file", resource=resource)
        if info.file_size > limit:
            raise _over(name, info.file_size, limit, self._setting(limit, resource), resource)
        try:
            with self.zip.open(info) as member:
                data = _read_chunks(member, limit)  # a lying header cannot make this grow
        except self._errors as error:
            raise PackageError(
                f"{name} cannot be unpacked: {_reason(error)}", resource=resource
            ) from None
        if len(data) > limit:
            raise PackageError(f"{name} unpacks to more than {limit:,} bytes", resource=resource)
        return data

    @property
    def descriptor_label(self) -> str:
        return f"{self.label}:{self._member('datapackage.json')}"

    def _descriptor_bytes(self) -> bytes:
        return self._read_member(
            self._member("datapackage.json"), None, self.limits.max_descriptor_bytes
        )

    def _read(self, path: str, resource: str, limit: int) -> bytes:
        return self._read_member(self._member(path), resource, limit)


class UrlReader(Reader):
    """A ``datapackage.json`` on the web; its resources are read from beside it, never from
    another scheme or from above its folder."""

    def __init__(self, url: str, data: bytes, limits: Limits) -> None:
        super().__init__(url, limits)
        import urllib.parse

        parts = urllib.parse.urlsplit(url)
        self.base = urllib.parse.urlunsplit(
            (parts.scheme, parts.netloc, parts.path.rsplit("/", 1)[0] + "/", "", "")
        )
        self.data = data

    @property
    def descriptor_label(self) -> str:
        return self.label

    def _descriptor_bytes(self) -> bytes:
        return self.data

    def _read(self, path: str, resource: str, limit: int) -> bytes:
        import urllib.parse

        quoted = "/".join(urllib.parse.quote(part, safe="") for part in path.split("/"))
        return _download(self.base + quoted, self.limits, limit, resource)


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


def _download(url: str, limits: Limits, max_bytes: int, resource: str | None = None) -> bytes:
    """``url``'s body, within ``max_bytes`` and the limits' timeout and deadline."""
    from medclusters._http import fetch  # urllib costs more to import than the library

    return fetch(
        url,
        max_bytes=max_bytes,
        timeout=limits.timeout,
        deadline=limits.download_deadline,
        resource=resource,
    )


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
