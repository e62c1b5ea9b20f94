"""What one load may read (:class:`Limits`), and where the bundled package is: the light
part of the boundary, imported with ``medclusters`` itself. The readers that apply the
limits (:mod:`medclusters.io.readers`) are imported on the first load that needs them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs

from medclusters.errors import PackageError

__all__ = ["Limits", "bundled_path", "limits_of"]

_MIB = 2**20


@attrs.frozen(kw_only=True)
class Limits:
    """What one load may read. Each limit is refused past, with a message naming it and how
    to raise it (``mc.load(..., limits=mc.Limits(max_rows=...))``)."""

    #: bytes of one file: a CSV, unpacked from a zip or downloaded, or a downloaded zip
    max_bytes: int = 64 * _MIB
    #: bytes of all the files of one package together
    max_total_bytes: int = 256 * _MIB
    #: bytes of ``datapackage.json``
    max_descriptor_bytes: int = 16 * _MIB
    #: members of a zip file
    max_members: int = 10_000
    #: data rows of one CSV file
    max_rows: int = 1_000_000
    #: cells of all the CSV files of one package together
    max_cells: int = 5_000_000
    #: nesting of arrays and objects in JSON
    max_depth: int = 64
    #: seconds one network read may wait
    timeout: float = 30.0
    #: seconds one download may take in all (None: ten times ``timeout``)
    deadline: float | None = None

    def __attrs_post_init__(self) -> None:
        for field in attrs.fields(type(self)):
            value = getattr(self, field.name)
            if field.name == "deadline" and value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
                raise ValueError(f"{field.name} must be a positive number, not {value!r}")

    @property
    def download_deadline(self) -> float:
        """The deadline of one download, in seconds."""
        return self.deadline if self.deadline is not None else 10 * self.timeout


def bundled_path() -> Path:
    """Path of the ``datapackage.json`` bundled with the library.

    In a wheel it is ``medclusters/_data``; in a source checkout, the repository's
    ``datapackage/`` folder.
    """
    packaged = Path(__file__).resolve().parents[1] / "_data" / "datapackage.json"  # in a wheel
    if packaged.is_file():
        return packaged
    checkout = Path(__file__).resolve().parents[3] / "datapackage" / "datapackage.json"
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
    chosen = limits if limits is not None else Limits()
    changes: dict[str, Any] = {
        name: value
        for name, value in (("max_bytes", max_bytes), ("timeout", timeout), ("deadline", deadline))
        if value is not None
    }
    return attrs.evolve(chosen, **changes) if changes else chosen
