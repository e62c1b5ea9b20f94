"""The base of the Dataset's families of questions: the tables, and the lookup indexes they
ask, built on the first question."""

from __future__ import annotations

from typing import TYPE_CHECKING

from medclusters.records import (
    Cluster,
    Organisation,
    Programme,
)
from medclusters.records.tables import Tables
from medclusters.utils.once import once_property

if TYPE_CHECKING:
    from medclusters.index.indexes import Index

__all__ = ["Asking", "ClusterKey", "OrganisationKey", "ProgrammeKey"]

ClusterKey = Cluster | str
OrganisationKey = Organisation | str
ProgrammeKey = Programme | str


class Asking(Tables):
    """Tables that answer questions through their lookup indexes (``_index``)."""

    @once_property
    def _index(self) -> Index:
        """The lookup indexes, made on the first lookup (importing them only then, which
        keeps ``import medclusters`` light)."""
        from medclusters.index.indexes import Index

        return Index(self)
