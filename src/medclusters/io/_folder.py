"""A package in a folder: files read only where they stay inside it."""

from __future__ import annotations

import os
from pathlib import Path

from medclusters.errors import PackageError
from medclusters.io._reader import Reader
from medclusters.io.files import _reason, read_regular
from medclusters.io.limits import Limits


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
        return read_regular(
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
        return read_regular(real, limit, resource, repr(path), self._setting(limit, resource))
