"""A package in a zip file: one package, no member twice, none encrypted, none unpacked past
the limits."""

from __future__ import annotations

import io
import posixpath
from pathlib import Path
from typing import Any

from medclusters.errors import PackageError
from medclusters.io._reader import Reader, _read_chunks
from medclusters.io.files import _over, _reason, read_regular
from medclusters.io.limits import Limits

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
                handle = io.BytesIO(read_regular(str(file), limits.max_bytes, None, label))
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
