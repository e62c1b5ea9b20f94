"""The Dataset's questions of the registry: a cluster's dated status, its successors and
predecessors, the networks it belongs to, its names over time and its identifiers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from medclusters.records import (
    Cluster,
    ClusterName,
    Identifier,
    Organisation,
    Programme,
    Relationship,
    Status,
)

if TYPE_CHECKING:
    pass

from medclusters.dataset._base import Asking, ClusterKey

__all__ = ["RegistryQuestions"]


class RegistryQuestions(Asking):
    """The registry's questions, each answered by the index's registry."""

    def status_of(self, cluster: ClusterKey) -> Status | None:
        """The cluster's latest status row (active, inactive, closed or merged, with its date
        and source), or ``None`` where no source states one.

        >>> import medclusters as mc
        >>> status = mc.load().status_of("Welfare Tech")
        >>> status.status.value, str(status.since)
        ('merged', '2021')
        """
        return self._index.registry.status(cluster)

    def statuses_of(self, cluster: ClusterKey) -> tuple[Status, ...]:
        """Every status row of the cluster, oldest first."""
        return self._index.registry.statuses(cluster)

    def successor_of(self, cluster: ClusterKey) -> Cluster | None:
        """The cluster that continues this one after a merger or absorption, or ``None``."""
        return self._index.registry.successor(cluster)

    def current_of(self, cluster: ClusterKey) -> Cluster:
        """The cluster at the end of the chain of successors: itself where it has none."""
        return self._index.registry.current(cluster)

    def predecessors_of(self, cluster: ClusterKey) -> tuple[Cluster, ...]:
        """The clusters this one continues (those whose successor it is)."""
        return self._index.registry.predecessors(cluster)

    def networks_of(self, cluster: ClusterKey) -> tuple[Cluster, ...]:
        """The networks and clusters of clusters this cluster is a member of."""
        return self._index.registry.networks(cluster)

    def network_members_of(self, cluster: ClusterKey) -> tuple[Cluster, ...]:
        """The clusters that are members of this network or cluster of clusters."""
        return self._index.registry.network_members(cluster)

    def relationships_of(self, cluster: ClusterKey) -> tuple[Relationship, ...]:
        """Every relationship row from or to the cluster (dated and sourced)."""
        return self._index.registry.relationships(cluster)

    def names_of(self, cluster: ClusterKey) -> tuple[ClusterName, ...]:
        """Every name row of the cluster: label, aliases, acronyms, local and former names,
        with their languages and, where sources give them, the dates each was in use."""
        return self._index.registry.names(cluster)

    def identifiers_of(self, record: Cluster | Organisation | Programme) -> tuple[Identifier, ...]:
        """The external identifiers of a cluster, organisation or programme record."""
        return self._index.registry.identifiers(record)

    def by_identifier(self, scheme: str, value: str) -> Cluster | Organisation | Programme | None:
        """The record an external identifier names (``value`` in any case, or the record's
        address), or ``None``; a ValueError names the known schemes for an unknown one.

        >>> import medclusters as mc
        >>> mc.load().by_identifier("eccp", "latvian-health-tourism-cluster").id
        'lhtc'
        """
        return self._index.registry.by_identifier(scheme, value)
