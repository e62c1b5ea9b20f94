"""Where a package's bytes come from: a folder, a zip file, or an http(s) URL of either a zip
or a ``datapackage.json``. Each source hands out a descriptor and the bytes of the files it
names, refusing any path that would leave the package, and checks each file's declared size
and hash (Frictionless ``bytes`` and ``hash``) before its content is used.
"""

from __future__ import annotations

import abc
import io
import json
import posixpath
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    pass

# hashlib, zipfile and urllib.request (with http.client and email) cost more to import than
# the rest of the library: each is imported where it is first needed.

from medclusters.errors import PackageError
from medclusters.package import MAX_BYTES, TIMEOUT


class Source(abc.ABC):
    """A package's files: ``descriptor()`` and ``read(relative path, resource name)``."""

    label: str

    @abc.abstractmethod
    def descriptor(self) -> dict[str, Any]:
        """The parsed ``datapackage.json``."""

    @abc.abstractmethod
    def read(self, relative: str, resource: str) -> bytes:
        """The bytes of the file at ``relative``, a path checked to stay in the package."""


def _parse_descriptor(data: bytes, where: str) -> dict[str, Any]:
    try:
        descriptor = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise PackageError(f"{where} is not a JSON data package descriptor: {error}") from None
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        raise PackageError(f"{where} is not a data package descriptor: no list of resources")
    return descriptor


def _relative(path: object, resource: str) -> str:
    """``path`` as a clean relative POSIX path inside the package, or a PackageError."""
    if not isinstance(path, str) or not path:
        raise PackageError(f"the resource path {path!r} is not a file path", resource=resource)
    if "://" in path or path.startswith(("/", "\\")) or (len(path) > 1 and path[1] == ":"):
        raise PackageError(
            f"path {path!r} is not relative to the package (absolute paths and URLs are refused)",
            resource=resource,
        )
    clean = posixpath.normpath(path.replace("\\", "/"))
    if clean == ".." or clean.startswith("../"):
        raise PackageError(f"path {path!r} leaves the package folder", resource=resource)
    return clean


def check_integrity(entry: dict[str, Any], data: bytes, resource: str) -> None:
    """Refuse ``data`` if the descriptor entry declares another ``bytes`` or ``hash``."""
    declared_bytes = entry.get("bytes")
    if declared_bytes is not None and declared_bytes != len(data):
        raise PackageError(
            f"the file has {len(data)} bytes where the descriptor declares {declared_bytes}: "
            "damaged or changed since it was published",
            resource=resource,
        )
    declared = entry.get("hash")
    if declared is None:
        return
    import hashlib

    if not isinstance(declared, str):
        raise PackageError(f"the declared hash {declared!r} is not text", resource=resource)
    algorithm, _, digest = declared.rpartition(":")
    algorithm = algorithm or "md5"  # the Data Package default
    if algorithm not in hashlib.algorithms_guaranteed:
        raise PackageError(f"unknown hash algorithm {algorithm!r}", resource=resource)
    actual = hashlib.new(algorithm, data).hexdigest()
    if actual != digest.lower():
        raise PackageError(
            f"{algorithm} is {actual} where the descriptor declares {digest}: damaged or "
            "changed since it was published",
            resource=resource,
        )


class FolderSource(Source):
    """A folder holding ``datapackage.json`` (or the descriptor's own path)."""

    def __init__(self, descriptor_path: Path, max_bytes: int = MAX_BYTES) -> None:
        self.path = descriptor_path
        self.base = descriptor_path.parent.resolve()
        self.label = str(descriptor_path)
        self.max_bytes = max_bytes

    def descriptor(self) -> dict[str, Any]:
        return _parse_descriptor(self.path.read_bytes(), str(self.path))

    def read(self, relative: str, resource: str) -> bytes:
        target = (self.base / _relative(relative, resource)).resolve()  # follows symlinks
        if not target.is_relative_to(self.base):
            raise PackageError(
                f"path {relative!r} leaves the package folder (through a link)", resource=resource
            )
        try:
            size = target.stat().st_size
            if size > self.max_bytes:
                raise PackageError(
                    f"the file has {size:,} bytes, over the limit of {self.max_bytes:,} "
                    "(raise it with load(..., max_bytes=...))",
                    resource=resource,
                )
            return target.read_bytes()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            raise PackageError(f"the file {target} is missing", resource=resource) from None


class ZipSource(Source):
    """A zip file (a path or bytes) holding a package at its root or in one top folder."""

    def __init__(self, file: Path | bytes, label: str, max_bytes: int = MAX_BYTES) -> None:
        import zipfile

        self.label = label
        self.max_bytes = max_bytes
        try:
            handle = io.BytesIO(file) if isinstance(file, bytes) else file
            self.zip = zipfile.ZipFile(handle)
            names = self.zip.namelist()
        except (zipfile.BadZipFile, OSError) as error:
            raise PackageError(f"{label} is not a readable zip file: {error}") from None
        descriptors = [n for n in names if posixpath.basename(n) == "datapackage.json"]
        top = sorted(descriptors, key=lambda name: name.count("/"))
        if not top or top[0].count("/") > 1:
            raise PackageError(f"{label} holds no datapackage.json at its root or one folder down")
        self.prefix = posixpath.dirname(top[0])
        self.members = set(names)

    def _member(self, relative: str) -> str:
        return posixpath.join(self.prefix, relative) if self.prefix else relative

    def _read_member(self, name: str, resource: str | None) -> bytes:
        info = self.zip.getinfo(name)
        if info.file_size > self.max_bytes:
            raise PackageError(
                f"{name} unpacks to {info.file_size:,} bytes, over the limit of "
                f"{self.max_bytes:,} (raise it with load(..., max_bytes=...))",
                resource=resource,
            )
        with self.zip.open(info) as member:
            data = member.read(self.max_bytes + 1)  # a lying header cannot make this grow more
        if len(data) > self.max_bytes:
            raise PackageError(
                f"{name} unpacks to more than {self.max_bytes:,} bytes", resource=resource
            )
        return data

    def descriptor(self) -> dict[str, Any]:
        where = f"{self.label}:{self._member('datapackage.json')}"
        return _parse_descriptor(self._read_member(self._member("datapackage.json"), None), where)

    def read(self, relative: str, resource: str) -> bytes:
        import zipfile

        name = self._member(_relative(relative, resource))
        if name not in self.members:
            raise PackageError(f"the zip file holds no {name}", resource=resource)
        try:
            return self._read_member(name, resource)
        except (zipfile.BadZipFile, OSError, EOFError) as error:  # CRC errors and truncation
            raise PackageError(f"{name} cannot be unpacked: {error}", resource=resource) from None


def fetch(
    url: str, max_bytes: int = MAX_BYTES, timeout: float = TIMEOUT, resource: str | None = None
) -> bytes:
    """GET an http(s) URL, with a timeout and a size cap; redirects must stay on http(s)."""
    import urllib.parse
    import urllib.request

    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise PackageError(f"only http and https URLs are read, not {url!r}", resource=resource)
    opener = urllib.request.build_opener(_http_only_redirects())
    try:
        with opener.open(url, timeout=timeout) as response:
            declared = response.headers.get("Content-Length")
            if declared is not None and declared.isdigit() and int(declared) > max_bytes:
                raise PackageError(
                    f"{url} is {int(declared):,} bytes, over the limit of {max_bytes:,} "
                    "(raise it with load(..., max_bytes=...))",
                    resource=resource,
                )
            data = bytes(response.read(max_bytes + 1))
    except PackageError:
        raise
    except Exception as error:  # URLError, HTTPError, timeouts, IncompleteRead, ...
        raise PackageError(f"cannot read {url}: {error}", resource=resource) from None
    if len(data) > max_bytes:
        raise PackageError(
            f"{url} sends more than {max_bytes:,} bytes (raise the limit with "
            "load(..., max_bytes=...))",
            resource=resource,
        )
    if declared is not None and declared.isdigit() and int(declared) != len(data):
        raise PackageError(
            f"{url} sent {len(data):,} bytes of the {int(declared):,} announced",
            resource=resource,
        )
    return data


def _http_only_redirects() -> Any:
    """A redirect handler that refuses to leave http(s) (urllib.request imported lazily)."""
    import urllib.parse
    import urllib.request

    class HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
        def redirect_request(
            self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str
        ) -> Any:
            if urllib.parse.urlsplit(newurl).scheme not in ("http", "https"):
                raise PackageError(f"{req.full_url} redirects to {newurl!r}, which is not http(s)")
            return super().redirect_request(req, fp, code, msg, headers, newurl)

    return HttpOnlyRedirects()


class UrlSource(Source):
    """A ``datapackage.json`` on the web; its resources are read from beside it, never from
    another scheme or from above its folder."""

    def __init__(self, url: str, data: bytes, max_bytes: int, timeout: float) -> None:
        self.label = url
        self.url = url
        self.base = url.rsplit("/", 1)[0] + "/"
        self.data = data
        self.max_bytes = max_bytes
        self.timeout = timeout

    def descriptor(self) -> dict[str, Any]:
        return _parse_descriptor(self.data, self.url)

    def read(self, relative: str, resource: str) -> bytes:
        import urllib.parse

        target = urllib.parse.urljoin(self.base, _relative(relative, resource))
        if not target.startswith(self.base):  # pragma: no cover - _relative refuses ".."
            raise PackageError(f"path {relative!r} leaves the package's folder", resource=resource)
        return fetch(target, self.max_bytes, self.timeout, resource)


def _starts_like_zip(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(4) == b"PK\x03\x04"


def open_source(source: str | Path, max_bytes: int = MAX_BYTES, timeout: float = TIMEOUT) -> Source:
    """The right Source for a folder, a descriptor path, a zip path or an http(s) URL."""
    text = str(source)
    scheme = text.split("://", 1)[0].lower() if isinstance(source, str) and "://" in text else ""
    if scheme in ("http", "https"):
        data = fetch(text, max_bytes, timeout)
        if data[:4] == b"PK\x03\x04":
            return ZipSource(data, text, max_bytes)
        return UrlSource(text, data, max_bytes, timeout)
    if scheme and len(scheme) > 1:  # "file://", "ftp://", ... (but not "C:\\...")
        raise PackageError(f"only folders, zip files and http(s) URLs are read, not {text!r}")
    path = Path(source)
    if path.is_file() and (path.suffix.lower() == ".zip" or _starts_like_zip(path)):
        return ZipSource(path, str(path), max_bytes)
    if path.is_dir():
        path = path / "datapackage.json"
    if not path.is_file():
        raise PackageError(f"no data package descriptor at {path}")
    return FolderSource(path, max_bytes)
