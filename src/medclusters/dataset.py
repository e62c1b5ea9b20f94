"""Dataset: the records of one loaded data package, one tuple per resource."""

from __future__ import annotations

from typing import Any

import attrs

from medclusters.records import (
    RECORD_TYPES,
    Budget,
    Claim,
    Cluster,
    ClusterName,
    Collaboration,
    Contact,
    Identifier,
    Label,
    Language,
    Market,
    Membership,
    Organisation,
    Participation,
    Programme,
    Source,
    Statement,
    Topic,
    Vocabulary,
)

__all__ = ["Dataset"]


def _table() -> Any:
    return attrs.field(repr=False)


@attrs.frozen(eq=False)
class Dataset:
    """The records of a data package: ``ds.clusters``, ``ds.organisations``, ...

    Each resource is a tuple of frozen records in the order of its CSV file. ``name`` and
    ``version`` come from the package descriptor (the dataset's version, not the library's).
    """

    name: str
    version: str
    sources: tuple[Source, ...] = _table()
    clusters: tuple[Cluster, ...] = _table()
    cluster_names: tuple[ClusterName, ...] = _table()
    identifiers: tuple[Identifier, ...] = _table()
    organisations: tuple[Organisation, ...] = _table()
    memberships: tuple[Membership, ...] = _table()
    programmes: tuple[Programme, ...] = _table()
    budgets: tuple[Budget, ...] = _table()
    participations: tuple[Participation, ...] = _table()
    labels: tuple[Label, ...] = _table()
    collaborations: tuple[Collaboration, ...] = _table()
    markets: tuple[Market, ...] = _table()
    topics: tuple[Topic, ...] = _table()
    vocabularies: tuple[Vocabulary, ...] = _table()
    languages: tuple[Language, ...] = _table()
    contacts: tuple[Contact, ...] = _table()
    statements: tuple[Statement, ...] = _table()
    claims: tuple[Claim, ...] = _table()

    def tables(self) -> dict[str, tuple[Any, ...]]:
        """Resource name -> its records, in the package's resource order."""
        return {name: getattr(self, name) for name in RECORD_TYPES}

    def __repr__(self) -> str:
        counts = ", ".join(f"{name}={len(rows)}" for name, rows in self.tables().items())
        return f"Dataset(name={self.name!r}, version={self.version!r}, {counts})"
