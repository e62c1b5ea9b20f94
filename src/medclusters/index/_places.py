"""Countries, markets and topics: the clusters of a country, those targeting one, and
those with a topic."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from medclusters.records import (
    Cluster,
    MarketScope,
    TopicScheme,
)
from medclusters.utils.once import once_property
from medclusters.utils.text import fold

if TYPE_CHECKING:
    pass

from medclusters.index._base import IndexBase, group, group_all, member

__all__ = ["PlaceIndex"]


class PlaceIndex(IndexBase):
    """Countries, markets and topics."""

    @once_property
    def clusters_by_country(self) -> dict[str, tuple[Cluster, ...]]:
        return group((c.country, c) for c in self.dataset.clusters)

    @once_property
    def targeting(self) -> dict[tuple[str, MarketScope | None], tuple[Cluster, ...]]:
        clusters = self.clusters.by_id
        pairs = []
        for market in self.dataset.markets:
            cluster = clusters[market.cluster_id]
            pairs += [((market.country, None), cluster), ((market.country, market.scope), cluster)]
        return group(pairs)

    @once_property
    def topics_by_term(self) -> dict[str, list[Any]]:
        """Folded term -> the topic rows whose term or wording as given folds to it."""
        by_text = group_all(
            (text, topic)
            for topic in self.dataset.topics
            for text in {topic.term, topic.term_as_given}
            if text
        )
        grouped: dict[str, list[Any]] = {}
        for text, topics in by_text.items():  # fold each distinct wording once
            grouped.setdefault(fold(text), []).extend(topics)
        return grouped

    def clusters_with_topic(
        self, term: str, scheme: TopicScheme | str | None
    ) -> tuple[Cluster, ...]:
        wanted: TopicScheme | None = member(TopicScheme, scheme, "scheme")
        key = (fold(term), wanted)
        found = self._with_topic.get(key)
        if found is None:
            clusters = self.clusters.by_id
            topics = self.topics_by_term.get(key[0], ())
            ids = (t.cluster_id for t in topics if wanted is None or t.scheme == wanted)
            found = self._with_topic[key] = tuple(clusters[i] for i in dict.fromkeys(ids))
        return found

    @once_property
    def topics_of(self) -> dict[str, tuple[tuple[TopicScheme, str], ...]]:
        return group_all((t.cluster_id, (t.scheme, t.term)) for t in self.dataset.topics)

    @once_property
    def markets_of(self) -> dict[str, tuple[str, ...]]:
        return group((m.cluster_id, m.country) for m in self.dataset.markets)

    def clusters_in(self, text: str) -> tuple[Cluster, ...]:
        return self.clusters_by_country.get(self.country_code(text), ())

    def clusters_targeting(self, text: str, scope: Any) -> tuple[Cluster, ...]:
        key = (self.country_code(text), member(MarketScope, scope, "scope"))
        return self.targeting.get(key, ())
