"""Cross-cluster lookups: the indexes behind ``Dataset.cluster()``, ``partners_of()`` and friends.

Each group of indexes is built once per :class:`~medclusters.Dataset`, on the first call that
needs it, so a lookup afterwards is a dictionary access or two and costs the same on a package
of four clusters as on one of thousands. Answers are tuples in a stable order: the order of the
records in their CSV files.
"""

from __future__ import annotations

import datetime as dt
import difflib
import threading
from collections.abc import Callable, Iterable
from functools import cached_property
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import attrs

from medclusters._gc import collector_paused
from medclusters.countries import country, fold
from medclusters.dates import PartialDate
from medclusters.errors import NotFoundError
from medclusters.records import (
    KEYS,
    RECORD_TYPES,
    Claim,
    Cluster,
    Collaboration,
    Event,
    Label,
    LabelKind,
    LabelLevel,
    MarketScope,
    Membership,
    MembershipRole,
    Observation,
    Organisation,
    Programme,
    Source,
    TopicScheme,
)

if TYPE_CHECKING:
    from medclusters._search import SearchIndex
    from medclusters.dataset import Dataset

__all__ = ["Attribution", "Party", "SearchHit", "Shared"]

#: A partner or participant: an in-dataset cluster, or any other organisation.
Party = Cluster | Organisation

_R = TypeVar("_R", Cluster, Organisation, Programme)
_E = TypeVar("_E")
_CACHE_LIMIT = 10_000


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


class _Finder(Generic[_R]):
    """Resolves a record or any of its keys (id, names, acronym, ...) to the record.

    Ids are indexed at once; the folded names only on the first lookup by something other
    than an id, since folding every name of a large package is most of the build's cost.
    """

    def __init__(
        self,
        noun: str,
        records: Iterable[_R],
        record_type: type[_R],
        names: Callable[[], Iterable[tuple[str, str | None]]],
    ) -> None:
        self.noun = noun
        self.record_type: type[_R] = record_type
        self.by_id: dict[str, _R] = {record.id: record for record in records}
        self._names = names
        self._keys: dict[str, list[str]] | None = None
        self._lock = threading.Lock()
        self._seen: dict[str, _R | None] = {}  # text as given -> answer, for repeated calls

    @property
    def keys(self) -> dict[str, list[str]]:
        """Folded name -> ids, in record order."""
        if self._keys is None:
            with self._lock, collector_paused():
                if self._keys is None:
                    self._keys = self._fold_names()
        return self._keys

    def _fold_names(self) -> dict[str, list[str]]:
        keys: dict[str, list[str]] = {}
        for record_id, text in self._names():
            if not text:
                continue
            key = fold(text)
            ids = keys.get(key)
            if ids is None:
                if key:
                    keys[key] = [record_id]
            elif record_id not in ids:
                ids.append(record_id)
        return keys

    def get(self, key: _R | str) -> _R | None:
        if isinstance(key, self.record_type):
            return self.by_id.get(key.id)
        try:
            return self.by_id.get(key) or self._seen[key]  # type: ignore[arg-type,index]
        except KeyError:
            pass
        except TypeError:  # not hashable: not a key
            return None
        if not isinstance(key, str):
            return None
        ids = self.keys.get(fold(key), ())
        found = self.by_id[ids[0]] if len(ids) == 1 else None
        if len(self._seen) >= _CACHE_LIMIT:
            self._seen.clear()
        self._seen[key] = found
        return found

    def find(self, key: _R | str) -> _R:
        found = self.get(key)
        if found is not None:
            return found
        if isinstance(key, self.record_type):
            raise NotFoundError(f"{self.noun} {key.id!r} is not in this dataset")
        if not isinstance(key, str):
            raise NotFoundError(
                f"a {self.noun} is given by its record or a key (str), not {type(key).__name__}"
            )
        folded = fold(key)
        ids = self.keys.get(folded, ())
        if len(ids) > 1:
            names = tuple(f"{self.by_id[i].name} ({i})" for i in ids[:5])
            raise NotFoundError(
                f"{self.noun} {key!r} is ambiguous: {len(ids)} records answer to it; give an id",
                names,
            )
        close = difflib.get_close_matches(folded, self.keys.keys(), n=15, cutoff=0.6)
        best = dict.fromkeys(i for k in close for i in self.keys[k])  # best first, each once
        suggestions = tuple(f"{self.by_id[i].name} ({i})" for i in list(best)[:5])
        raise NotFoundError(f"no {self.noun} {key!r}", suggestions)


def _names_elsewhere(
    ds: Dataset, identified: str, partner: str
) -> Iterable[tuple[str, str | None]]:
    """(record id, key) from the identifiers of a record and the names collaborations give it
    ("Lublin medical cluster"); ``identified`` and ``partner`` name the referring fields."""
    for identifier in ds.identifiers:
        owner = getattr(identifier, identified)
        if owner is not None:
            yield owner, identifier.id
            yield owner, identifier.value
    for link in ds.collaborations:
        named = getattr(link, partner)
        if named is not None:
            yield named, link.name_as_given


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
    grouped: dict[Any, list[_E]] = {}
    for key, value in pairs:
        values = grouped.get(key)
        if values is None:
            grouped[key] = [value]
        else:
            values.append(value)
    return {key: tuple(values) for key, values in grouped.items()}


def _once(build: Callable[[Lookups], _E]) -> cached_property[_E]:
    """A cached property whose first computation holds the Dataset's lock (built exactly once)."""

    name = build.__name__

    def locked(self: Lookups) -> _E:
        with self.lock:  # re-entrant: one index may be built from another
            if name not in self.__dict__:
                with collector_paused():
                    self.__dict__[name] = build(self)
            return self.__dict__[name]  # type: ignore[no-any-return]

    locked.__name__ = build.__name__
    locked.__doc__ = build.__doc__
    return cached_property(locked)


class Lookups:
    """The indexes of one Dataset; ``Dataset`` builds one on first use and keeps it."""

    fold = staticmethod(fold)
    Shared = Shared  # for Dataset.shared(), which does not import this module at its top

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self.lock = threading.RLock()
        # answers worked out per key on first ask, from the grouped rows
        self._members: dict[tuple[str, MembershipRole | None], tuple[Organisation, ...]] = {}
        self._clusters_of: dict[str, tuple[Cluster, ...]] = {}
        self._with_topic: dict[tuple[str, TopicScheme | None], tuple[Cluster, ...]] = {}
        self._sets: dict[str, dict[str, Any]] = {}
        self.shared: dict[tuple[str, str], Shared] = {}

    # -- records by key -------------------------------------------------------------------

    @_once
    def clusters(self) -> _Finder[Cluster]:
        ds = self.dataset

        def names() -> Iterable[tuple[str, str | None]]:
            for cluster in ds.clusters:
                yield from ((cluster.id, text) for text in (cluster.name, cluster.local_name))
                yield cluster.id, cluster.acronym
            yield from ((name.cluster_id, name.name) for name in ds.cluster_names)
            yield from _names_elsewhere(ds, "cluster_id", "partner_cluster_id")

        return _Finder("cluster", ds.clusters, Cluster, names)

    @_once
    def organisations(self) -> _Finder[Organisation]:
        ds = self.dataset

        def names() -> Iterable[tuple[str, str | None]]:
            for organisation in ds.organisations:
                yield organisation.id, organisation.name
                yield organisation.id, organisation.local_name
                yield organisation.id, organisation.acronym
            yield from ((name.organisation_id, name.name) for name in ds.organisation_names)
            yield from _names_elsewhere(ds, "organisation_id", "partner_organisation_id")

        return _Finder("organisation", ds.organisations, Organisation, names)

    @_once
    def programmes(self) -> _Finder[Programme]:
        ds = self.dataset

        def names() -> Iterable[tuple[str, str | None]]:
            for p in ds.programmes:
                for text in (p.name, p.local_name, p.acronym, p.reference):
                    yield p.id, text

        return _Finder("programme", ds.programmes, Programme, names)

    @staticmethod
    def country_code(text: str) -> str:
        """The alpha-2 code of any spelling :func:`medclusters.country` accepts."""
        return country(text).alpha_2

    # -- members ----------------------------------------------------------------------------

    @_once
    def memberships(self) -> dict[str, tuple[Membership, ...]]:
        return _group_all((m.cluster_id, m) for m in self.dataset.memberships)

    @_once
    def memberships_by_organisation(self) -> dict[str, tuple[Membership, ...]]:
        return _group_all((m.organisation_id, m) for m in self.dataset.memberships)

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

    def clusters_of(self, organisation_id: str) -> tuple[Cluster, ...]:
        """The clusters the organisation is a member of, each once."""
        found = self._clusters_of.get(organisation_id)
        if found is None:
            clusters = self.clusters.by_id
            rows = self.memberships_by_organisation.get(organisation_id, ())
            ids = dict.fromkeys(m.cluster_id for m in rows)
            found = self._clusters_of[organisation_id] = tuple(clusters[i] for i in ids)
        return found

    # -- programmes -------------------------------------------------------------------------

    @_once
    def programme_children(self) -> dict[str, tuple[str, ...]]:
        return _group((p.parent_id, p.id) for p in self.dataset.programmes if p.parent_id)

    @_once
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

    @_once
    def programmes_of(self) -> dict[tuple[str, bool], tuple[Programme, ...]]:
        programmes = self.programmes.by_id
        pairs = []
        for p in self.dataset.participations:
            if p.cluster_id is not None:
                pairs.append(((p.cluster_id, False), programmes[p.programme_id]))
                for pid in self._programme_family(p.programme_id, up=True):
                    pairs.append(((p.cluster_id, True), programmes[pid]))
        return _group(pairs)

    @_once
    def participants(self) -> dict[tuple[str, bool], tuple[Party, ...]]:
        clusters, organisations = self.clusters.by_id, self.organisations.by_id
        pairs: list[tuple[tuple[str, bool], Party]] = []
        for p in self.dataset.participations:
            party: Party = (
                clusters[p.cluster_id]
                if p.cluster_id is not None
                else organisations[p.organisation_id]  # type: ignore[index]
            )
            pairs.append(((p.programme_id, False), party))
            for pid in self._programme_family(p.programme_id, up=True):
                pairs.append(((pid, True), party))
        return _group(pairs)

    # -- labels -----------------------------------------------------------------------------

    @_once
    def labels_of(self) -> dict[str, tuple[Label, ...]]:
        return _group_all((label.cluster_id, label) for label in self.dataset.labels)

    @_once
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

    @_once
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
                "programmes": frozenset(map(id, self.programmes_of.get((cluster_id, True), ()))),
                "markets": frozenset(self.markets_of.get(cluster_id, ())),
                "topics": frozenset(self.topics_of.get(cluster_id, ())),
                "events": frozenset(map(id, self.events.get(cluster_id, ()))),
                "labels": [  # each label with the (scheme, level) it is compared by
                    (label, (fold(label.scheme or label.name), label.level))
                    for label in self.labels_of.get(cluster_id, ())
                ],
            }
        return found

    # -- partners ---------------------------------------------------------------------------

    @_once
    def links(self) -> dict[str, tuple[Collaboration, ...]]:
        """Cluster id -> the collaborations it states or is named in, in file order."""
        pairs = []
        for link in self.dataset.collaborations:
            pairs.append((link.cluster_id, link))
            if link.partner_cluster_id is not None:
                pairs.append((link.partner_cluster_id, link))
        return _group(pairs)

    @_once
    def partners(self) -> dict[tuple[str, Any], tuple[Party, ...]]:
        pairs: list[tuple[tuple[str, Any], Party]] = []
        for cluster_id, links in self.links.items():
            for link in links:
                partner = self.partner_in(link, cluster_id)
                pairs += [((cluster_id, None), partner), ((cluster_id, link.kind), partner)]
        return _group(pairs)

    def partner_in(self, link: Collaboration, cluster_id: str) -> Party:
        """The other party of ``link``, seen from ``cluster_id``."""
        clusters = self.clusters.by_id
        if link.cluster_id != cluster_id:
            return clusters[link.cluster_id]
        if link.partner_cluster_id is not None:
            return clusters[link.partner_cluster_id]
        return self.organisations.by_id[link.partner_organisation_id]  # type: ignore[index]

    # -- countries and topics ---------------------------------------------------------------

    @_once
    def clusters_in(self) -> dict[str, tuple[Cluster, ...]]:
        return _group((c.country, c) for c in self.dataset.clusters)

    @_once
    def targeting(self) -> dict[tuple[str, MarketScope | None], tuple[Cluster, ...]]:
        clusters = self.clusters.by_id
        pairs = []
        for market in self.dataset.markets:
            cluster = clusters[market.cluster_id]
            pairs += [((market.country, None), cluster), ((market.country, market.scope), cluster)]
        return _group(pairs)

    @_once
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

    def with_topic(self, term: str, scheme: TopicScheme | None) -> tuple[Cluster, ...]:
        key = (fold(term), scheme)
        found = self._with_topic.get(key)
        if found is None:
            clusters = self.clusters.by_id
            topics = self.topics_by_term.get(key[0], ())
            ids = (t.cluster_id for t in topics if scheme is None or t.scheme == scheme)
            found = self._with_topic[key] = tuple(clusters[i] for i in dict.fromkeys(ids))
        return found

    @_once
    def topics_of(self) -> dict[str, tuple[tuple[TopicScheme, str], ...]]:
        return _group_all((t.cluster_id, (t.scheme, t.term)) for t in self.dataset.topics)

    @_once
    def markets_of(self) -> dict[str, tuple[str, ...]]:
        return _group((m.cluster_id, m.country) for m in self.dataset.markets)

    # -- provenance, figures and events -------------------------------------------------------

    @_once
    def primary_keys(self) -> dict[type, tuple[str, tuple[str, ...]]]:
        """Record class -> (resource name, primary key fields)."""
        return {
            record_type: (name, KEYS[name].primary) for name, record_type in RECORD_TYPES.items()
        }

    def row_key(self, record: Any) -> tuple[str, str]:
        """(resource, key) of a record, the key written as claims and citations write it."""
        resource, fields = self.primary_keys[type(record)]
        return resource, "|".join(str(getattr(record, field)) for field in fields)

    @_once
    def citations(self) -> dict[tuple[str, str], tuple[Any, ...]]:
        return _group_all(((c.resource, c.subject_id), c) for c in self.dataset.citations)

    @_once
    def claims(self) -> dict[tuple[str, str], tuple[Claim, ...]]:
        return _group_all(((c.resource, c.subject_id), c) for c in self.dataset.claims)

    @_once
    def sources(self) -> dict[str, Source]:
        return {source.id: source for source in self.dataset.sources}

    @_once
    def observations(self) -> dict[str, tuple[Observation, ...]]:
        """Subject id -> its observations, oldest first, undated ones last."""
        rows = sorted(self.dataset.observations, key=lambda o: _chronological(o.as_of))
        return _group_all((o.cluster_id or o.organisation_id or o.programme_id, o) for o in rows)

    @_once
    def events(self) -> dict[str, tuple[Event, ...]]:
        """Cluster or organisation id -> the events it had a part in, by date, undated last."""
        events = {event.id: event for event in self.dataset.events}
        pairs = [
            (role.cluster_id or role.organisation_id, events[role.event_id])
            for role in self.dataset.event_roles
        ]
        pairs.sort(key=lambda pair: _chronological(pair[1].start))
        return _group(pairs)

    # -- search ---------------------------------------------------------------------------

    @_once
    def search_index(self) -> SearchIndex:
        from medclusters._search import SearchIndex

        return SearchIndex(self.dataset)
