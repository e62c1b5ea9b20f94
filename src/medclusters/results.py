"""What the lookups answer beside records: the partner or participant (:data:`Party`), what two
clusters share (:class:`Shared`), a search hit (:class:`SearchHit`) and a source of a record
(:class:`Attribution`)."""

from __future__ import annotations

import attrs

from medclusters.records import Cluster, Event, Label, Organisation, Programme, Source, TopicScheme

__all__ = ["Attribution", "Party", "SearchHit", "Shared"]

#: A partner or participant: an in-dataset cluster, or any other organisation.
Party = Cluster | Organisation


@attrs.frozen
class Shared:
    """What two clusters have in common, from :meth:`Dataset.shared`.

    ``linked`` says whether either cluster names the other as a partner; ``labels`` pairs a
    label of ``a`` with a label of ``b`` of the same scheme and level; ``events`` are those
    both took part in (a conference, a signing).
    """

    a: Cluster
    b: Cluster
    linked: bool
    partners: tuple[Party, ...]
    members: tuple[Organisation, ...]
    programmes: tuple[Programme, ...]
    labels: tuple[tuple[Label, Label], ...]
    markets: tuple[str, ...]
    topics: tuple[tuple[TopicScheme, str], ...]
    events: tuple[Event, ...] = ()

    def __bool__(self) -> bool:
        return self.linked or any(
            (
                self.partners,
                self.members,
                self.programmes,
                self.labels,
                self.markets,
                self.topics,
                self.events,
            )
        )


@attrs.frozen
class SearchHit:
    """One answer of :meth:`Dataset.search`: the record, its score and the field that matched."""

    score: float
    record: Cluster | Organisation | Programme
    field: str

    @property
    def kind(self) -> str:
        """``"cluster"``, ``"organisation"`` or ``"programme"``."""
        return type(self.record).__name__.lower()


@attrs.frozen
class Attribution:
    """One source of a record, from :meth:`Dataset.sources_of`: the row's own ``source_id``
    (``field`` ``None``) or a citation of the row (``field`` ``None``) or of one field."""

    source: Source
    field: str | None
    note: str | None

    @property
    def source_id(self) -> str:
        """The source's id."""
        return self.source.id
