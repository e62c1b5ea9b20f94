"""Labels and partners: the labels a cluster holds and the clusters holding one, the
collaborations a cluster states or is named in and its partners."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from medclusters.dates import PartialDate
from medclusters.records import (
    Cluster,
    Collaboration,
    CollaborationKind,
    Label,
    LabelKind,
    LabelLevel,
)
from medclusters.utils.once import once_property
from medclusters.utils.text import fold

if TYPE_CHECKING:
    from medclusters.results import Party

from medclusters.index._base import IndexBase, by, group, member

__all__ = ["TieIndex"]


class TieIndex(IndexBase):
    """Labels and partners."""

    @once_property
    def labels_by_cluster(self) -> dict[str, tuple[Label, ...]]:
        return by("cluster_id", self.dataset.labels)

    @once_property
    def label_holders(
        self,
    ) -> dict[tuple[str | None, LabelLevel | None, LabelKind | None], tuple[Label, ...]]:
        pairs = []
        for label in self.dataset.labels:
            for scheme in {None, fold(label.scheme) if label.scheme else None}:
                for level in {None, label.level}:
                    for kind in (None, label.kind):
                        pairs.append(((scheme, level, kind), label))
        return group(pairs)

    @once_property
    def label_clusters(
        self,
    ) -> dict[tuple[str | None, LabelLevel | None, LabelKind | None], tuple[Cluster, ...]]:
        clusters = self.clusters.by_id
        return {
            key: tuple(clusters[i] for i in dict.fromkeys(label.cluster_id for label in labels))
            for key, labels in self.label_holders.items()
        }

    @once_property
    def links(self) -> dict[str, tuple[Collaboration, ...]]:
        """Cluster id -> the collaborations it states or is named in, in file order."""
        pairs = []
        for link in self.dataset.collaborations:
            pairs.append((link.cluster_id, link))
            if link.partner_cluster_id is not None:
                pairs.append((link.partner_cluster_id, link))
        return group(pairs)

    @once_property
    def partners(self) -> dict[tuple[str, Any], tuple[Party, ...]]:
        pairs: list[tuple[tuple[str, Any], Party]] = []
        for cluster_id, links in self.links.items():
            for link in links:
                partner = self.partner_in(link, cluster_id)
                pairs += [((cluster_id, None), partner), ((cluster_id, link.kind), partner)]
        return group(pairs)

    def partner_in(self, link: Collaboration, cluster_id: str) -> Party:
        """The other party of ``link``, seen from ``cluster_id``."""
        if link.cluster_id != cluster_id:
            return self.clusters.by_id[link.cluster_id]
        return self.party(link.partner_cluster_id, link.partner_organisation_id)

    def labels_of(self, cluster: Cluster | str) -> tuple[Label, ...]:
        return self.labels_by_cluster.get(self.clusters.find(cluster).id, ())

    def clusters_with_label(
        self, level: Any, scheme: str | None, kind: Any, valid_on: dt.date | PartialDate | None
    ) -> tuple[Cluster, ...]:
        key = (
            fold(scheme) if scheme else None,
            member(LabelLevel, level, "level"),
            member(LabelKind, kind, "kind"),
        )
        if valid_on is None:
            return self.label_clusters.get(key, ())
        labels = self.label_holders.get(key, ())
        valid = (label.cluster_id for label in labels if label.valid_on(valid_on))
        return tuple(self.clusters.by_id[i] for i in dict.fromkeys(valid))

    def partners_of(self, cluster: Cluster | str, kind: Any) -> tuple[Party, ...]:
        found = self.clusters.find(cluster)
        return self.partners.get((found.id, member(CollaborationKind, kind, "kind")), ())

    def collaborations_of(self, cluster: Cluster | str) -> tuple[Collaboration, ...]:
        return self.links.get(self.clusters.find(cluster).id, ())
