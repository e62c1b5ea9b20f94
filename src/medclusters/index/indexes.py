"""The indexes behind the lookups of :class:`~medclusters.Dataset`: ``cluster()``,
``partners_of()``, ``shared()`` and friends.

Each group of indexes is built once per Dataset, on the first call that needs it, so a lookup
afterwards is a dictionary access or two and costs the same on a package of four clusters as
on one of thousands. Answers are tuples in a stable order: the order of the records in their
CSV files. User words for enums ("Bronze", "trans-national") are read here too, so the
Dataset's methods stay one line each.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from medclusters.records import (
    Cluster,
)
from medclusters.utils.once import once_property
from medclusters.utils.text import fold

if TYPE_CHECKING:
    from medclusters.index._search import SearchIndex
    from medclusters.results import Shared

from medclusters.index._base import member
from medclusters.index._members import MemberIndex
from medclusters.index._places import PlaceIndex
from medclusters.index._provenance import ProvenanceIndex
from medclusters.index._ties import TieIndex

__all__ = ["Index", "member"]


class Index(MemberIndex, TieIndex, PlaceIndex, ProvenanceIndex):
    """The indexes of one Dataset; ``Dataset`` builds one on first use and keeps it. Each
    lookup family is a class of its own (members and programmes, labels and partners,
    countries and topics, provenance); what compares two clusters across all of them, and
    the word index, are here."""

    def cluster_sets(self, cluster_id: str) -> dict[str, Any]:
        """The cluster's partners, members, programmes, markets and topics as sets, and its
        labels' (scheme, level) keys, for :meth:`Dataset.shared`; worked out once a cluster."""
        found = self._sets.get(cluster_id)
        if found is None:
            found = self._sets[cluster_id] = {
                "partners": frozenset(map(id, self.partners.get((cluster_id, None), ()))),
                "members": frozenset(map(id, self.members(cluster_id, None))),
                "programmes": frozenset(
                    map(id, self.programmes_by_cluster.get((cluster_id, True), ()))
                ),
                "markets": frozenset(self.markets_of.get(cluster_id, ())),
                "topics": frozenset(self.topics_of.get(cluster_id, ())),
                "events": frozenset(map(id, self.events.get(cluster_id, ()))),
                "labels": [  # each label with the (scheme, level) it is compared by
                    (label, (fold(label.scheme or label.name), label.level))
                    for label in self.labels_by_cluster.get(cluster_id, ())
                ],
            }
        return found

    def shared(self, a: Cluster | str, b: Cluster | str) -> Shared:
        """What clusters ``a`` and ``b`` have in common, worked out once a pair."""
        first, second = self.clusters.find(a), self.clusters.find(b)
        pair = (first.id, second.id)
        found = self._shared.get(pair)
        if found is not None:
            return found
        mine, theirs = self.cluster_sets(first.id), self.cluster_sets(second.id)
        partners_a = self.partners.get((first.id, None), ())
        from medclusters.results import Shared  # with the first comparison

        found = self._shared[pair] = Shared(
            a=first,
            b=second,
            linked=any(p is second for p in partners_a),
            partners=tuple(
                p
                for p in partners_a
                if id(p) in theirs["partners"] and p is not first and p is not second
            ),
            members=tuple(m for m in self.members(first.id, None) if id(m) in theirs["members"]),
            programmes=tuple(
                p
                for p in self.programmes_by_cluster.get((first.id, True), ())
                if id(p) in theirs["programmes"]
            ),
            labels=tuple(
                (la, lb)
                for la, key_a in mine["labels"]
                for lb, key_b in theirs["labels"]
                if key_a == key_b
            ),
            markets=tuple(m for m in self.markets_of.get(first.id, ()) if m in theirs["markets"]),
            topics=tuple(t for t in self.topics_of.get(first.id, ()) if t in theirs["topics"]),
            events=tuple(e for e in self.events.get(first.id, ()) if id(e) in theirs["events"]),
        )
        return found

    @once_property
    def search_index(self) -> SearchIndex:
        from medclusters.index._search import SearchIndex

        return SearchIndex(self.dataset)
