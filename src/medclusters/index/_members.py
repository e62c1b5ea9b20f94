"""Members and programmes: who is in a cluster, which clusters an organisation is in,
which programmes a cluster takes part in (and their parents), who takes part in one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from medclusters.records import (
    Cluster,
    Membership,
    MembershipRole,
    Organisation,
    Programme,
)
from medclusters.utils.once import once_property

if TYPE_CHECKING:
    from medclusters.results import Party

from medclusters.index._base import IndexBase, by, group, member

__all__ = ["MemberIndex"]


class MemberIndex(IndexBase):
    """Members and programmes, by cluster, organisation and programme."""

    @once_property
    def memberships(self) -> dict[str, tuple[Membership, ...]]:
        return by("cluster_id", self.dataset.memberships)

    @once_property
    def memberships_by_organisation(self) -> dict[str, tuple[Membership, ...]]:
        return by("organisation_id", self.dataset.memberships)

    def members(self, cluster_id: str, role: MembershipRole | None) -> tuple[Organisation, ...]:
        """The cluster's members (in ``role``), each once; worked out per key on first ask."""
        key = (cluster_id, role)
        found = self._members.get(key)
        if found is None:
            organisations = self.organisations.by_id
            rows = self.memberships.get(cluster_id, ())
            ids = (m.organisation_id for m in rows if role is None or m.role == role)
            found = self._members[key] = tuple(organisations[i] for i in dict.fromkeys(ids))
        return found

    def clusters_of(self, organisation: Organisation | str) -> tuple[Cluster, ...]:
        """The clusters the organisation is a member of, each once."""
        organisation_id = self.organisations.find(organisation).id
        found = self._clusters_of.get(organisation_id)
        if found is None:
            clusters = self.clusters.by_id
            rows = self.memberships_by_organisation.get(organisation_id, ())
            ids = dict.fromkeys(m.cluster_id for m in rows)
            found = self._clusters_of[organisation_id] = tuple(clusters[i] for i in ids)
        return found

    @once_property
    def programme_children(self) -> dict[str, tuple[str, ...]]:
        return group((p.parent_id, p.id) for p in self.dataset.programmes if p.parent_id)

    @once_property
    def programme_parents(self) -> dict[str, str | None]:
        return {p.id: p.parent_id for p in self.dataset.programmes}

    def _programme_family(self, programme_id: str, up: bool) -> list[str]:
        """The programme and its ancestors (``up``) or descendants, nearest first, cycle-safe."""
        parents = self.programme_parents
        family, todo = [programme_id], [programme_id]
        while todo:
            current = todo.pop(0)
            nxt = [parents[current]] if up and parents.get(current) else []
            if not up:
                nxt = list(self.programme_children.get(current, ()))
            for other in nxt:
                if other is not None and other not in family:
                    family.append(other)
                    todo.append(other)
        return family

    @once_property
    def programmes_by_cluster(self) -> dict[tuple[str, bool], tuple[Programme, ...]]:
        programmes = self.programmes.by_id
        pairs = []
        for p in self.dataset.participations:
            if p.cluster_id is not None:
                pairs.append(((p.cluster_id, False), programmes[p.programme_id]))
                for pid in self._programme_family(p.programme_id, up=True):
                    pairs.append(((p.cluster_id, True), programmes[pid]))
        return group(pairs)

    @once_property
    def participants(self) -> dict[tuple[str, bool], tuple[Party, ...]]:
        pairs: list[tuple[tuple[str, bool], Party]] = []
        for p in self.dataset.participations:
            party = self.party(p.cluster_id, p.organisation_id)
            pairs.append(((p.programme_id, False), party))
            for pid in self._programme_family(p.programme_id, up=True):
                pairs.append(((pid, True), party))
        return group(pairs)

    def members_of(self, cluster: Cluster | str, role: Any) -> tuple[Organisation, ...]:
        found = self.clusters.find(cluster)
        return self.members(found.id, member(MembershipRole, role, "role"))

    def memberships_of(self, cluster: Cluster | str) -> tuple[Membership, ...]:
        return self.memberships.get(self.clusters.find(cluster).id, ())

    def programmes_of(self, cluster: Cluster | str, with_parents: bool) -> tuple[Programme, ...]:
        found = self.clusters.find(cluster)
        return self.programmes_by_cluster.get((found.id, with_parents), ())

    def participants_of(self, programme: Programme | str, with_projects: bool) -> tuple[Party, ...]:
        found = self.programmes.find(programme)
        return self.participants.get((found.id, with_projects), ())

    def clusters_in_programme(
        self, programme: Programme | str, with_projects: bool
    ) -> tuple[Cluster, ...]:
        parties = self.participants_of(programme, with_projects)
        return tuple(party for party in parties if isinstance(party, Cluster))
