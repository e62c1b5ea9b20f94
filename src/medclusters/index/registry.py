"""The registry lookups behind :class:`~medclusters.Dataset`: a cluster's dated status, its
relationships to other clusters (successor and predecessors, networks and their members), its
names over time and the records an external identifier names; and the sources that speak of
each cluster.

Built once per Dataset, on the first such question, from the ``statuses``,
``relationships``, ``cluster_names`` and ``identifiers`` tables.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from medclusters.dates import PartialDate
from medclusters.records import (
    Cluster,
    ClusterName,
    Identifier,
    Organisation,
    Programme,
    Relation,
    Relationship,
    Status,
)

if TYPE_CHECKING:
    from medclusters.records.tables import Tables

__all__ = ["Registry", "sources_about"]

Record = Cluster | Organisation | Programme


def _when(status: Status) -> dt.date:
    """The day a status row speaks of: when it began, else when the source shows it (the
    last day a partial date may mean); undated rows sort first."""
    day: PartialDate | None = status.since or status.as_of
    return day.last_day() if day is not None else dt.date.min


def _fold(value: str) -> str:
    return value.strip().casefold()


def sources_about(dataset: Tables) -> dict[str, set[str]]:
    """Cluster id -> the sources that speak of it: its row's, its row's citations', and those
    of every row naming it as ``cluster_id`` or ``partner_cluster_id``; one pass over the
    tables (the dataset card and the coverage report count these)."""
    found: defaultdict[str, set[str]] = defaultdict(set)
    for cluster in dataset.clusters:
        found[cluster.id].add(cluster.source_id)
    for citation in dataset.citations:
        if citation.resource == "clusters":
            found[citation.subject_id].add(citation.source_id)
    for records in dataset.tables().values():
        for record in records:
            for field in ("cluster_id", "partner_cluster_id"):
                cluster_id = getattr(record, field, None)
                if cluster_id is not None:
                    found[cluster_id].add(record.source_id)
    return found


class Registry:
    """Statuses, relationships, names and identifiers of one Dataset, grouped once."""

    def __init__(self, dataset: Tables, cluster_id: Callable[[Any], str]) -> None:
        self._cluster_id = cluster_id
        self._clusters = {c.id: c for c in dataset.clusters}
        self._organisations = {o.id: o for o in dataset.organisations}
        self._programmes = {p.id: p for p in dataset.programmes}
        statuses: defaultdict[str, list[Status]] = defaultdict(list)
        for status in dataset.statuses:
            statuses[status.cluster_id].append(status)
        # chronological; rows of one day keep their order, so the later row is the latest
        self._statuses = {k: tuple(sorted(v, key=_when)) for k, v in statuses.items()}
        self._out: defaultdict[str, list[Relationship]] = defaultdict(list)
        self._in: defaultdict[str, list[Relationship]] = defaultdict(list)
        for edge in dataset.relationships:
            self._out[edge.cluster_id].append(edge)
            self._in[edge.related_cluster_id].append(edge)
        self._names: defaultdict[str, list[ClusterName]] = defaultdict(list)
        for name in dataset.cluster_names:
            self._names[name.cluster_id].append(name)
        self._schemes = {s.scheme for s in dataset.identifier_schemes} | {
            i.scheme for i in dataset.identifiers
        }
        self._by_value: dict[tuple[str, str], Identifier] = {}
        self._of: defaultdict[str, list[Identifier]] = defaultdict(list)
        for identifier in dataset.identifiers:
            self._by_value.setdefault((identifier.scheme, _fold(identifier.value)), identifier)
            if identifier.url:
                self._by_value.setdefault((identifier.scheme, _fold(identifier.url)), identifier)
            owner = identifier.cluster_id or identifier.organisation_id or identifier.programme_id
            self._of[owner or ""].append(identifier)

    # -- status -------------------------------------------------------------------------------

    def statuses(self, cluster: Any) -> tuple[Status, ...]:
        return self._statuses.get(self._cluster_id(cluster), ())

    def status(self, cluster: Any) -> Status | None:
        rows = self.statuses(cluster)
        return rows[-1] if rows else None

    # -- relationships ------------------------------------------------------------------------

    def relationships(self, cluster: Any) -> tuple[Relationship, ...]:
        """Edges from the cluster, then edges to it, each in the order of the CSV file."""
        cluster_id = self._cluster_id(cluster)
        return (*self._out.get(cluster_id, ()), *self._in.get(cluster_id, ()))

    def _targets(self, cluster: Any, relation: Relation) -> tuple[Cluster, ...]:
        edges = self._out.get(self._cluster_id(cluster), ())
        ids = dict.fromkeys(e.related_cluster_id for e in edges if e.relation == relation)
        return tuple(self._clusters[i] for i in ids)

    def _sources(self, cluster: Any, relation: Relation) -> tuple[Cluster, ...]:
        edges = self._in.get(self._cluster_id(cluster), ())
        ids = dict.fromkeys(e.cluster_id for e in edges if e.relation == relation)
        return tuple(self._clusters[i] for i in ids)

    def successor(self, cluster: Any) -> Cluster | None:
        found = self._targets(cluster, Relation.SUCCESSOR)
        return found[-1] if found else None

    def current(self, cluster: Any) -> Cluster:
        """The cluster at the end of its chain of successors (itself if it has none)."""
        at = self._clusters[self._cluster_id(cluster)]
        seen = {at.id}
        while (nxt := self.successor(at)) is not None and nxt.id not in seen:
            seen.add(nxt.id)
            at = nxt
        return at

    def predecessors(self, cluster: Any) -> tuple[Cluster, ...]:
        return self._sources(cluster, Relation.SUCCESSOR)

    def networks(self, cluster: Any) -> tuple[Cluster, ...]:
        return self._targets(cluster, Relation.MEMBER_OF)

    def network_members(self, cluster: Any) -> tuple[Cluster, ...]:
        return self._sources(cluster, Relation.MEMBER_OF)

    # -- names and identifiers ----------------------------------------------------------------

    def names(self, cluster: Any) -> tuple[ClusterName, ...]:
        return tuple(self._names.get(self._cluster_id(cluster), ()))

    def identifiers(self, record: Record | str) -> tuple[Identifier, ...]:
        key = record if isinstance(record, str) else record.id
        return tuple(self._of.get(key, ()))

    def by_identifier(self, scheme: str, value: str) -> Record | None:
        if scheme not in self._schemes:
            known = ", ".join(sorted(self._schemes))
            raise ValueError(f"scheme {scheme!r} is not one of: {known}")
        identifier = self._by_value.get((scheme, _fold(value)))
        if identifier is None:
            return None
        if identifier.cluster_id is not None:
            return self._clusters[identifier.cluster_id]
        if identifier.organisation_id is not None:
            return self._organisations[identifier.organisation_id]
        return self._programmes[str(identifier.programme_id)]
