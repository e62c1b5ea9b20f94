"""Provenance, figures and events: the sources and claims behind a row, dated
observations and the events a cluster or organisation had a part in."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from medclusters.records import (
    Claim,
    Cluster,
    Event,
    Measure,
    Observation,
    Organisation,
    Source,
    row_key,
)
from medclusters.utils.once import once_property

if TYPE_CHECKING:
    from medclusters.results import Attribution

from medclusters.index._base import IndexBase, chronological, group, group_all, member

__all__ = ["ProvenanceIndex"]


class ProvenanceIndex(IndexBase):
    """Sources, claims, observations and events."""

    @once_property
    def citations(self) -> dict[tuple[str, str], tuple[Any, ...]]:
        return group_all(((c.resource, c.subject_id), c) for c in self.dataset.citations)

    @once_property
    def claims(self) -> dict[tuple[str, str], tuple[Claim, ...]]:
        return group_all(((c.resource, c.subject_id), c) for c in self.dataset.claims)

    @once_property
    def sources(self) -> dict[str, Source]:
        return {source.id: source for source in self.dataset.sources}

    @once_property
    def observations(self) -> dict[str, tuple[Observation, ...]]:
        """Subject id -> its observations, oldest first, undated ones last."""
        rows = sorted(self.dataset.observations, key=lambda o: chronological(o.as_of))
        return group_all((o.cluster_id or o.organisation_id or o.programme_id, o) for o in rows)

    @once_property
    def events(self) -> dict[str, tuple[Event, ...]]:
        """Cluster or organisation id -> the events it had a part in, by date, undated last."""
        events = {event.id: event for event in self.dataset.events}
        pairs = [
            (role.cluster_id or role.organisation_id, events[role.event_id])
            for role in self.dataset.event_roles
        ]
        pairs.sort(key=lambda pair: chronological(pair[1].start))
        return group(pairs)

    def sources_of(self, record: Any, field: str | None) -> tuple[Attribution, ...]:
        from medclusters.results import Attribution  # with the first question of sources

        own = Attribution(self.sources[record.source_id], None, None)
        cited = self.citations.get(row_key(record), ())
        return (
            own,
            *(
                Attribution(self.sources[c.source_id], c.field, c.note)
                for c in cited
                if field is None or c.field in (None, field)
            ),
        )

    def claims_about(self, record: Any, field: str | None) -> tuple[Claim, ...]:
        claims = self.claims.get(row_key(record), ())
        return claims if field is None else tuple(c for c in claims if c.field == field)

    def observations_of(self, subject: Any, measure: Any) -> tuple[Observation, ...]:
        wanted = member(Measure, measure, "measure")
        rows = self.observations.get(self.subject(subject).id, ())
        return rows if wanted is None else tuple(o for o in rows if o.measure == wanted)

    def events_of(self, party: Cluster | Organisation | str) -> tuple[Event, ...]:
        return self.events.get(self.subject(party).id, ())
