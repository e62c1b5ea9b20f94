"""The indexes behind the lookups of :class:`~medclusters.Dataset`: ``cluster()``,
``partners_of()``, ``shared()`` and friends.

Each group of indexes is built once per Dataset, on the first call that needs it, so a lookup
afterwards is a dictionary access or two and costs the same on a package of four clusters as
on one of thousands. Answers are tuples in a stable order: the order of the records in their
CSV files. User words for enums ("Bronze", "trans-national") are read here too, so the
Dataset's methods stay one line each.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from operator import attrgetter
from typing import TYPE_CHECKING, Any, TypeVar

from medclusters._finder import Finder, names_elsewhere
from medclusters._once import once_property
from medclusters._text import fold
from medclusters.dates import PartialDate
from medclusters.records import (
    Claim,
    Cluster,
    Collaboration,
    CollaborationKind,
    Event,
    Label,
    LabelKind,
    LabelLevel,
    MarketScope,
    Measure,
    Membership,
    MembershipRole,
    Observation,
    Organisation,
    Programme,
    Source,
    TopicScheme,
    row_key,
)
from medclusters.results import Attribution, Party, Shared

if TYPE_CHECKING:
    from medclusters._registry import Registry
    from medclusters._search import SearchIndex
    from medclusters._tables import Tables

__all__ = ["Index", "member"]

_E = TypeVar("_E")


def member(enum: Any, value: Any, what: str) -> Any:
    """``value`` as a member of ``enum`` (``None`` stays ``None``), or a ValueError naming the
    allowed values.

    >>> member(LabelLevel, "Bronze", "level"), member(MarketScope, "trans-national", "scope")
    (<LabelLevel.BRONZE: 'bronze'>, <MarketScope.TRANS_NATIONAL: 'trans_national'>)
    """
    if value is None:
        return None
    try:
        return enum(value)
    except ValueError:
        pass
    try:  # "Bronze", "trans-national", "Medical speciality"
        return enum(str(value).strip().casefold().replace("-", "_").replace(" ", "_"))
    except ValueError:
        allowed = ", ".join(item.value for item in enum)
        raise ValueError(f"{what} {value!r} is not one of: {allowed}") from None


def _party_names(
    ds: Tables, records: Sequence[Any], aliases: Sequence[Any], owner: str
) -> Callable[[], Iterable[tuple[str, str | None]]]:
    """(id, key) of every name a cluster or organisation answers to: its name, local name and
    acronym, its other names (``owner`` is their reference field: ``cluster_id``), its
    identifiers and the names collaborations give it."""

    def names() -> Iterable[tuple[str, str | None]]:
        for record in records:
            yield record.id, record.name
            yield record.id, record.local_name
            yield record.id, record.acronym
        yield from ((getattr(alias, owner), alias.name) for alias in aliases)
        yield from names_elsewhere(ds, owner, f"partner_{owner}")

    return names


def _chronological(day: PartialDate | None) -> tuple[bool, dt.date | None]:
    """Sort key: by the last day a partial date may mean (a figure "in 2024" after one of
    28 February 2024), unknown dates last."""
    return (day is None, day.last_day() if day is not None else None)


def _group(pairs: Iterable[tuple[Any, _E]]) -> dict[Any, tuple[_E, ...]]:
    """key -> its values in first-seen order, each value object once.

    Values are told apart by identity: a Dataset holds one object per row, and hashing a
    record would hash all its fields.
    """
    grouped: dict[Any, dict[int, _E]] = {}
    for key, value in pairs:
        values = grouped.get(key)
        if values is None:
            values = grouped[key] = {}
        values[id(value)] = value
    return {key: tuple(values.values()) for key, values in grouped.items()}


def _group_all(pairs: Iterable[tuple[Any, _E]]) -> dict[Any, tuple[_E, ...]]:
    """key -> its values in order, for values already unique under their key."""
    grouped: defaultdict[Any, list[_E]] = defaultdict(list)
    for key, value in pairs:
        grouped[key].append(value)
    return {key: tuple(values) for key, values in grouped.items()}


def _by(field: str, rows: Sequence[_E]) -> dict[Any, tuple[_E, ...]]:
    """The rows grouped by one field's value, in order (the common case, at C speed)."""
    return _group_all(zip(map(attrgetter(field), rows), rows, strict=True))


class Index:
    """The indexes of one Dataset; ``Dataset`` builds one on first use and keeps it."""

    def __init__(self, dataset: Tables) -> None:
        self.dataset = dataset
        # answers worked out per key on first ask, from the grouped rows
        self._members: dict[tuple[str, MembershipRole | None], tuple[Organisation, ...]] = {}
        self._clusters_of: dict[str, tuple[Cluster, ...]] = {}
        self._with_topic: dict[tuple[str, TopicScheme | None], tuple[Cluster, ...]] = {}
        self._sets: dict[str, dict[str, Any]] = {}
        self._shared: dict[tuple[str, str], Shared] = {}

    # -- records by key -------------------------------------------------------------------

    @once_property
    def clusters(self) -> Finder[Cluster]:
        ds = self.dataset
        names = _party_names(ds, ds.clusters, ds.cluster_names, "cluster_id")
        return Finder("cluster", ds.clusters, Cluster, names)

    @once_property
    def organisations(self) -> Finder[Organisation]:
        ds = self.dataset
        names = _party_names(ds, ds.organisations, ds.organisation_names, "organisation_id")
        return Finder("organisation", ds.organisations, Organisation, names)

    @once_property
    def programmes(self) -> Finder[Programme]:
        ds = self.dataset

        def names() -> Iterable[tuple[str, str | None]]:
            for p in ds.programmes:
                for text in (p.name, p.local_name, p.acronym, p.reference):
                    yield p.id, text

        return Finder("programme", ds.programmes, Programme, names)

    @once_property
    def registry(self) -> Registry:
        """Statuses, relationships, names over time and identifiers (imported on first use)."""
        from medclusters._registry import Registry

        return Registry(self.dataset, lambda key: self.clusters.find(key).id)

    @staticmethod
    def country_code(text: str) -> str:
        """The alpha-2 code of any spelling :func:`medclusters.country` accepts (the country
        index imported on the first question that names a country)."""
        from medclusters.countries import country

        return country(text).alpha_2

    # -- members ----------------------------------------------------------------------------

    @once_property
    def memberships(self) -> dict[str, tuple[Membership, ...]]:
        return _by("cluster_id", self.dataset.memberships)

    @once_property
    def memberships_by_organisation(self) -> dict[str, tuple[Membership, ...]]:
        return _by("organisation_id", self.dataset.memberships)

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

    # -- programmes -------------------------------------------------------------------------

    @once_property
    def programme_children(self) -> dict[str, tuple[str, ...]]:
        return _group((p.parent_id, p.id) for p in self.dataset.programmes if p.parent_id)

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
        return _group(pairs)

    @once_property
    def participants(self) -> dict[tuple[str, bool], tuple[Party, ...]]:
        pairs: list[tuple[tuple[str, bool], Party]] = []
        for p in self.dataset.participations:
            party = self.party(p.cluster_id, p.organisation_id)
            pairs.append(((p.programme_id, False), party))
            for pid in self._programme_family(p.programme_id, up=True):
                pairs.append(((pid, True), party))
        return _group(pairs)

    # -- labels -----------------------------------------------------------------------------

    @once_property
    def labels_by_cluster(self) -> dict[str, tuple[Label, ...]]:
        return _by("cluster_id", self.dataset.labels)

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
        return _group(pairs)

    @once_property
    def label_clusters(
        self,
    ) -> dict[tuple[str | None, LabelLevel | None, LabelKind | None], tuple[Cluster, ...]]:
        clusters = self.clusters.by_id
        return {
            key: tuple(clusters[i] for i in dict.fromkeys(label.cluster_id for label in labels))
            for key, labels in self.label_holders.items()
        }

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

    # -- partners ---------------------------------------------------------------------------

    @once_property
    def links(self) -> dict[str, tuple[Collaboration, ...]]:
        """Cluster id -> the collaborations it states or is named in, in file order."""
        pairs = []
        for link in self.dataset.collaborations:
            pairs.append((link.cluster_id, link))
            if link.partner_cluster_id is not None:
                pairs.append((link.partner_cluster_id, link))
        return _group(pairs)

    @once_property
    def partners(self) -> dict[tuple[str, Any], tuple[Party, ...]]:
        pairs: list[tuple[tuple[str, Any], Party]] = []
        for cluster_id, links in self.links.items():
            for link in links:
                partner = self.partner_in(link, cluster_id)
                pairs += [((cluster_id, None), partner), ((cluster_id, link.kind), partner)]
        return _group(pairs)

    def partner_in(self, link: Collaboration, cluster_id: str) -> Party:
        """The other party of ``link``, seen from ``cluster_id``."""
        if link.cluster_id != cluster_id:
            return self.clusters.by_id[link.cluster_id]
        return self.party(link.partner_cluster_id, link.partner_organisation_id)

    def party(self, cluster_id: str | None, organisation_id: str | None) -> Party:
        """The cluster or organisation a row's pair of references names (the loader has
        checked that exactly one is given)."""
        if cluster_id is not None:
            return self.clusters.by_id[cluster_id]
        return self.organisations.by_id[organisation_id]  # type: ignore[index]

    # -- countries and topics ---------------------------------------------------------------

    @once_property
    def clusters_by_country(self) -> dict[str, tuple[Cluster, ...]]:
        return _group((c.country, c) for c in self.dataset.clusters)

    @once_property
    def targeting(self) -> dict[tuple[str, MarketScope | None], tuple[Cluster, ...]]:
        clusters = self.clusters.by_id
        pairs = []
        for market in self.dataset.markets:
            cluster = clusters[market.cluster_id]
            pairs += [((market.country, None), cluster), ((market.country, market.scope), cluster)]
        return _group(pairs)

    @once_property
    def topics_by_term(self) -> dict[str, list[Any]]:
        """Folded term -> the topic rows whose term or wording as given folds to it."""
        by_text = _group_all(
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
        return _group_all((t.cluster_id, (t.scheme, t.term)) for t in self.dataset.topics)

    @once_property
    def markets_of(self) -> dict[str, tuple[str, ...]]:
        return _group((m.cluster_id, m.country) for m in self.dataset.markets)

    # -- provenance, figures and events -------------------------------------------------------

    @once_property
    def citations(self) -> dict[tuple[str, str], tuple[Any, ...]]:
        return _group_all(((c.resource, c.subject_id), c) for c in self.dataset.citations)

    @once_property
    def claims(self) -> dict[tuple[str, str], tuple[Claim, ...]]:
        return _group_all(((c.resource, c.subject_id), c) for c in self.dataset.claims)

    @once_property
    def sources(self) -> dict[str, Source]:
        return {source.id: source for source in self.dataset.sources}

    @once_property
    def observations(self) -> dict[str, tuple[Observation, ...]]:
        """Subject id -> its observations, oldest first, undated ones last."""
        rows = sorted(self.dataset.observations, key=lambda o: _chronological(o.as_of))
        return _group_all((o.cluster_id or o.organisation_id or o.programme_id, o) for o in rows)

    @once_property
    def events(self) -> dict[str, tuple[Event, ...]]:
        """Cluster or organisation id -> the events it had a part in, by date, undated last."""
        events = {event.id: event for event in self.dataset.events}
        pairs = [
            (role.cluster_id or role.organisation_id, events[role.event_id])
            for role in self.dataset.event_roles
        ]
        pairs.sort(key=lambda pair: _chronological(pair[1].start))
        return _group(pairs)

    # -- answers: what the Dataset's methods return, user keys and words read here ---------

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

    def clusters_in(self, text: str) -> tuple[Cluster, ...]:
        return self.clusters_by_country.get(self.country_code(text), ())

    def clusters_targeting(self, text: str, scope: Any) -> tuple[Cluster, ...]:
        key = (self.country_code(text), member(MarketScope, scope, "scope"))
        return self.targeting.get(key, ())

    def shared(self, a: Cluster | str, b: Cluster | str) -> Shared:
        """What clusters ``a`` and ``b`` have in common, worked out once a pair."""
        first, second = self.clusters.find(a), self.clusters.find(b)
        pair = (first.id, second.id)
        found = self._shared.get(pair)
        if found is not None:
            return found
        mine, theirs = self.cluster_sets(first.id), self.cluster_sets(second.id)
        partners_a = self.partners.get((first.id, None), ())
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

    def sources_of(self, record: Any, field: str | None) -> tuple[Attribution, ...]:
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

    def subject(self, key: Any) -> Cluster | Organisation | Programme:
        """A cluster, organisation or programme given by its record or any key, in that order
        of preference; NotFoundError names the closest clusters where none answers."""
        if isinstance(key, Cluster | Organisation | Programme):
            return key
        found = self.clusters.get(key) or self.organisations.get(key) or self.programmes.get(key)
        return found if found is not None else self.clusters.find(key)

    # -- search ---------------------------------------------------------------------------

    @once_property
    def search_index(self) -> SearchIndex:
        from medclusters._search import SearchIndex

        return SearchIndex(self.dataset)
