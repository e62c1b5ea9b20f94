"""Dataset: the records of one loaded data package, one tuple per resource, and the
cross-cluster questions asked of them, one call each.

>>> import medclusters as mc
>>> ds = mc.load()
>>> [c.acronym for c in ds.clusters_in_programme("ProVaHealth")]
['LHTC', None]
>>> [c.id for c in ds.clusters_targeting("Kazachstan")]
['lhtc', 'litcare']
"""

from __future__ import annotations

import datetime as _dt
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from medclusters.dates import PartialDate
from medclusters.records import (
    RECORD_TYPES,
    Budget,
    Citation,
    Claim,
    Cluster,
    ClusterName,
    Collaboration,
    CollaborationKind,
    Contact,
    Event,
    EventRole,
    Identifier,
    Label,
    LabelKind,
    LabelLevel,
    Language,
    Market,
    MarketScope,
    Measure,
    Membership,
    MembershipRole,
    Observation,
    Organisation,
    OrganisationName,
    Participation,
    Programme,
    Source,
    Statement,
    Topic,
    TopicScheme,
    Vocabulary,
)

if TYPE_CHECKING:
    from medclusters.graph import CollaborationGraph
    from medclusters.lookups import Attribution, Lookups, Party, SearchHit, Shared

__all__ = ["Dataset"]

_lookups_lock = threading.Lock()

ClusterKey = Cluster | str
OrganisationKey = Organisation | str
ProgrammeKey = Programme | str


def _table() -> Any:
    return attrs.field(repr=False)


@attrs.frozen(eq=False)
class Dataset:
    """The records of a data package: ``ds.clusters``, ``ds.organisations``, ...

    Each resource is a tuple of frozen records in the order of its CSV file. ``name`` and
    ``version`` come from the package descriptor (the dataset's version, not the library's).

    The lookup methods take a record or any key of it (id, name, local name, acronym, alias,
    identifier, programme reference; case, diacritics and punctuation do not matter), answer
    with tuples in the order of the CSV files, and build their indexes once, on first use.
    """

    name: str
    version: str
    descriptor: dict[str, Any] = attrs.field(factory=dict, repr=False, kw_only=True)
    #: Where the package was read from: its folder, zip file or URL (None if built in code).
    origin: str | None = attrs.field(default=None, repr=False, kw_only=True)
    sources: tuple[Source, ...] = _table()
    clusters: tuple[Cluster, ...] = _table()
    cluster_names: tuple[ClusterName, ...] = _table()
    organisations: tuple[Organisation, ...] = _table()
    organisation_names: tuple[OrganisationName, ...] = _table()
    memberships: tuple[Membership, ...] = _table()
    programmes: tuple[Programme, ...] = _table()
    identifiers: tuple[Identifier, ...] = _table()
    budgets: tuple[Budget, ...] = _table()
    participations: tuple[Participation, ...] = _table()
    labels: tuple[Label, ...] = _table()
    collaborations: tuple[Collaboration, ...] = _table()
    markets: tuple[Market, ...] = _table()
    topics: tuple[Topic, ...] = _table()
    vocabularies: tuple[Vocabulary, ...] = _table()
    languages: tuple[Language, ...] = _table()
    contacts: tuple[Contact, ...] = _table()
    statements: tuple[Statement, ...] = _table()
    observations: tuple[Observation, ...] = _table()
    events: tuple[Event, ...] = _table()
    event_roles: tuple[EventRole, ...] = _table()
    claims: tuple[Claim, ...] = _table()
    citations: tuple[Citation, ...] = _table()
    _lookups: Lookups | None = attrs.field(init=False, default=None, repr=False)

    def _index(self) -> Lookups:
        """The lookup indexes, made on the first lookup (importing medclusters.lookups only
        then, which keeps ``import medclusters`` light)."""
        lookups = self._lookups
        if lookups is None:
            from medclusters.lookups import Lookups

            with _lookups_lock:
                if self._lookups is None:
                    object.__setattr__(self, "_lookups", Lookups(self))
                lookups = self._lookups
        return lookups  # type: ignore[return-value]

    def tables(self) -> dict[str, tuple[Any, ...]]:
        """Resource name -> its records, in the package's resource order."""
        return {name: getattr(self, name) for name in RECORD_TYPES}

    def __repr__(self) -> str:
        counts = ", ".join(f"{name}={len(rows)}" for name, rows in self.tables().items())
        return f"Dataset(name={self.name!r}, version={self.version!r}, {counts})"

    # -- records by key ---------------------------------------------------------------------

    def cluster(self, key: ClusterKey) -> Cluster:
        """The cluster ``key`` names; :class:`NotFoundError` with close names otherwise.

        >>> import medclusters as mc
        >>> mc.load().cluster("Lubelska Medycyna").city
        'Lublin'
        """
        return self._index().clusters.find(key)

    def get_cluster(self, key: ClusterKey) -> Cluster | None:
        """Like :meth:`cluster`, but ``None`` where no single cluster answers to ``key``."""
        return self._index().clusters.get(key)

    def organisation(self, key: OrganisationKey) -> Organisation:
        """The organisation ``key`` names; :class:`NotFoundError` with close names otherwise."""
        return self._index().organisations.find(key)

    def get_organisation(self, key: OrganisationKey) -> Organisation | None:
        """Like :meth:`organisation`, but ``None`` where no single organisation answers."""
        return self._index().organisations.get(key)

    def programme(self, key: ProgrammeKey) -> Programme:
        """The programme or project ``key`` names (also its reference, e.g. ``"R039"``)."""
        return self._index().programmes.find(key)

    def get_programme(self, key: ProgrammeKey) -> Programme | None:
        """Like :meth:`programme`, but ``None`` where no single programme answers."""
        return self._index().programmes.get(key)

    # -- members ----------------------------------------------------------------------------

    def members_of(
        self, cluster: ClusterKey, role: MembershipRole | str | None = None
    ) -> tuple[Organisation, ...]:
        """The cluster's member organisations, each once, optionally only those in ``role``."""
        found = self.cluster(cluster)
        return self._index().members(found.id, _enum(MembershipRole, role, "role"))

    def memberships_of(self, cluster: ClusterKey) -> tuple[Membership, ...]:
        """The cluster's membership rows: role, detail and source of each."""
        return self._index().memberships.get(self.cluster(cluster).id, ())

    def clusters_of(self, organisation: OrganisationKey) -> tuple[Cluster, ...]:
        """The clusters the organisation is a member of (in any role)."""
        return self._index().clusters_of(self.organisation(organisation).id)

    # -- programmes -------------------------------------------------------------------------

    def programmes_of(
        self, cluster: ClusterKey, *, with_parents: bool = False
    ) -> tuple[Programme, ...]:
        """The programmes and projects the cluster took part in; ``with_parents`` adds the
        programmes those projects belong to (ProVaHealth -> Interreg BSR)."""
        found = self.cluster(cluster)
        return self._index().programmes_of.get((found.id, with_parents), ())

    def clusters_in_programme(
        self, programme: ProgrammeKey, *, with_projects: bool = True
    ) -> tuple[Cluster, ...]:
        """The clusters that took part in the programme, and (``with_projects``) in its
        projects: a partner of ProVaHealth took part in Interreg BSR."""
        return tuple(
            party
            for party in self.participants_of(programme, with_projects=with_projects)
            if isinstance(party, Cluster)
        )

    def participants_of(
        self, programme: ProgrammeKey, *, with_projects: bool = True
    ) -> tuple[Party, ...]:
        """Clusters and organisations that took part in the programme (and its projects)."""
        found = self.programme(programme)
        return self._index().participants.get((found.id, with_projects), ())

    # -- labels -----------------------------------------------------------------------------

    def labels_of(self, cluster: ClusterKey) -> tuple[Label, ...]:
        """The labels, awards and nominations of the cluster."""
        return self._index().labels_of.get(self.cluster(cluster).id, ())

    def clusters_with_label(
        self,
        level: LabelLevel | str | None = None,
        scheme: str | None = None,
        *,
        kind: LabelKind | str | None = None,
        valid_on: _dt.date | PartialDate | None = None,
    ) -> tuple[Cluster, ...]:
        """Clusters holding a label of ``level`` ("bronze") and ``scheme`` ("Cluster
        Excellence Label"), of ``kind`` (label, award, nomination). With ``valid_on``, only
        labels known to be valid on that day count: none, where no source gives validity."""
        key = (
            self._index().fold(scheme) if scheme else None,
            _enum(LabelLevel, level, "level"),
            _enum(LabelKind, kind, "kind"),
        )
        if valid_on is None:
            return self._index().label_clusters.get(key, ())
        labels = self._index().label_holders.get(key, ())
        clusters = self._index().clusters.by_id
        valid = (label.cluster_id for label in labels if label.valid_on(valid_on))
        return tuple(clusters[i] for i in dict.fromkeys(valid))

    # -- partners ---------------------------------------------------------------------------

    def partners_of(
        self, cluster: ClusterKey, kind: CollaborationKind | str | None = None
    ) -> tuple[Party, ...]:
        """The cluster's partners, whichever side states the link: clusters of the dataset as
        :class:`Cluster`, everyone else as :class:`Organisation`. ``kind`` narrows the links
        (cluster_collaboration, partnership, network_membership)."""
        found = self.cluster(cluster)
        return self._index().partners.get((found.id, _enum(CollaborationKind, kind, "kind")), ())

    def collaborations_of(self, cluster: ClusterKey) -> tuple[Collaboration, ...]:
        """The collaboration rows the cluster states or is named in, with their sources."""
        return self._index().links.get(self.cluster(cluster).id, ())

    # -- countries and topics ---------------------------------------------------------------

    def clusters_in(self, country: str) -> tuple[Cluster, ...]:
        """Clusters based in ``country``: any spelling :func:`medclusters.country` accepts."""
        return self._index().clusters_in.get(self._index().country_code(country), ())

    def clusters_targeting(
        self, country: str, scope: MarketScope | str | None = None
    ) -> tuple[Cluster, ...]:
        """Clusters naming ``country`` as a market, optionally only in ``scope`` (current,
        entering, international, trans_national, focus)."""
        code = self._index().country_code(country)
        return self._index().targeting.get((code, _enum(MarketScope, scope, "scope")), ())

    def clusters_with_topic(
        self, term: str, scheme: TopicScheme | str | None = None
    ) -> tuple[Cluster, ...]:
        """Clusters with the topic ``term`` (as harmonised or as the source wrote it), in any
        ``scheme`` or only in one (medical_speciality, working_group, ...)."""
        return self._index().with_topic(term, _enum(TopicScheme, scheme, "scheme"))

    def shared(self, a: ClusterKey, b: ClusterKey) -> Shared:
        """What two clusters have in common: partners, members, programmes, labels of the
        same scheme and level, target markets, topics and events."""
        first, second = self.cluster(a), self.cluster(b)
        index = self._index()
        pair = (first.id, second.id)
        found = index.shared.get(pair)
        if found is not None:
            return found
        mine, theirs = index.cluster_sets(first.id), index.cluster_sets(second.id)
        partners_a = index.partners.get((first.id, None), ())
        found = index.shared[pair] = index.Shared(
            a=first,
            b=second,
            linked=any(p is second for p in partners_a),
            partners=tuple(
                p
                for p in partners_a
                if id(p) in theirs["partners"] and p is not first and p is not second
            ),
            members=tuple(m for m in index.members(first.id, None) if id(m) in theirs["members"]),
            programmes=tuple(
                p
                for p in index.programmes_of.get((first.id, True), ())
                if id(p) in theirs["programmes"]
            ),
            labels=tuple(
                (la, lb)
                for la, key_a in mine["labels"]
                for lb, key_b in theirs["labels"]
                if key_a == key_b
            ),
            markets=tuple(m for m in index.markets_of.get(first.id, ()) if m in theirs["markets"]),
            topics=tuple(t for t in index.topics_of.get(first.id, ()) if t in theirs["topics"]),
            events=tuple(e for e in index.events.get(first.id, ()) if id(e) in theirs["events"]),
        )
        return found

    def search(self, text: str, limit: int = 10) -> tuple[SearchHit, ...]:
        """Clusters, organisations and programmes whose names or descriptions hold the words
        of ``text`` (a word may be the start of a longer one), best first: names weigh three
        times descriptions; records holding every word come before those holding some.

        >>> import medclusters as mc
        >>> hits = mc.load().search("ligatne rehab")
        >>> hits[0].record.name, hits[0].field, len(hits)
        ('REHABILITATION CENTER "LIGATNE"', 'name', 10)
        """
        return self._index().search_index.query(text, limit)

    # -- provenance, figures over time, events -----------------------------------------------

    def sources_of(self, record: Any, field: str | None = None) -> tuple[Attribution, ...]:
        """Where a record's facts come from: its own ``source_id`` first, then the further
        sources citations give for the row or, with ``field``, for that field.

        >>> import medclusters as mc
        >>> ds = mc.load()
        >>> for attribution in ds.sources_of(ds.programme("ProVaHealth"), "name"):
        ...     print(attribution.field, attribution.source_id)
        None eccp-lhtc
        name lublin-klaster
        """
        from medclusters.lookups import Attribution

        index = self._index()
        own = Attribution(index.sources[record.source_id], None, None)
        cited = index.citations.get(index.row_key(record), ())
        return (
            own,
            *(
                Attribution(index.sources[c.source_id], c.field, c.note)
                for c in cited
                if field is None or c.field in (None, field)
            ),
        )

    def claims_about(self, record: Any, field: str | None = None) -> tuple[Claim, ...]:
        """The claims on a record (or on one of its fields): where sources disagree, and the
        values the editors derived, normalised, translated or interpreted, with their basis.

        >>> import medclusters as mc
        >>> ds = mc.load()
        >>> for claim in ds.claims_about(ds.cluster("LHTC"), "established"):
        ...     print(claim.kind.value, claim.value, claim.source_id)
        disagreement 2012-03 eccp-lhtc
        """
        claims = self._index().claims.get(self._index().row_key(record), ())
        return claims if field is None else tuple(c for c in claims if c.field == field)

    def observations_of(
        self,
        subject: Cluster | Organisation | Programme | str,
        measure: Measure | str | None = None,
    ) -> tuple[Observation, ...]:
        """The dated figures of a cluster, organisation or programme, oldest first (undated
        last): every source's figure, so growth and disagreement both show.

        >>> import medclusters as mc
        >>> ds = mc.load()
        >>> for figure in ds.observations_of("Kvarner Health Tourism Cluster", "members"):
        ...     print(figure.as_of, figure.bound.value, figure.value)
        2016-11 up_to 30
        2024-02-28 exact 39
        2024 exact 40
        """
        found = self._subject(subject)
        wanted = _enum(Measure, measure, "measure")
        rows = self._index().observations.get(found.id, ())
        return rows if wanted is None else tuple(o for o in rows if o.measure == wanted)

    def events_of(self, party: Cluster | Organisation | str) -> tuple[Event, ...]:
        """The events a cluster or organisation organised, hosted, signed or attended, by date
        (undated last)."""
        found = self._subject(party)
        return self._index().events.get(found.id, ())

    def _subject(self, key: Any) -> Cluster | Organisation | Programme:
        """A cluster, organisation or programme given by its record or any key, in that order
        of preference; NotFoundError names the closest clusters where none answers."""
        if isinstance(key, Cluster | Organisation | Programme):
            return key
        index = self._index()
        found = index.clusters.get(key) or index.organisations.get(key) or index.programmes.get(key)
        return found if found is not None else index.clusters.find(key)

    # -- exports ----------------------------------------------------------------------------

    def to_json(self, *, indent: int | None = 2) -> str:
        """Every table as JSON: ``{"name", "version", "resources": {name: [row, ...]}}``."""
        from medclusters.export import to_json

        return to_json(self, indent=indent)

    def to_jsonld(self) -> dict[str, Any]:
        """Clusters and members as schema.org and W3C ORG JSON-LD (context inline)."""
        from medclusters.export import to_jsonld

        return to_jsonld(self)

    def to_sqlite(self, path: str | Path, *, overwrite: bool = False) -> Path:
        """Every table, with its keys and foreign keys, in a new SQLite database (an existing
        file is replaced only with ``overwrite``)."""
        from medclusters.export import to_sqlite

        return to_sqlite(self, path, overwrite=overwrite)

    def to_pandas(self) -> dict[str, Any]:
        """Resource name -> pandas DataFrame (needs pandas)."""
        from medclusters.export import to_pandas

        return to_pandas(self)

    def to_polars(self) -> dict[str, Any]:
        """Resource name -> polars DataFrame (needs polars)."""
        from medclusters.export import to_polars

        return to_polars(self)

    def to_parquet(self, folder: str | Path, *, overwrite: bool = False) -> list[Path]:
        """One Parquet file per resource in ``folder`` (needs pyarrow; existing files are
        replaced only with ``overwrite``)."""
        from medclusters.export import to_parquet

        return to_parquet(self, folder, overwrite=overwrite)

    def collaboration_graph(self) -> CollaborationGraph:
        """Clusters and partners as nodes, links as edges, programmes as hyperedges."""
        from medclusters.graph import build

        return build(self)


def _enum(enum: Any, value: Any, what: str) -> Any:
    """``value`` as a member of ``enum`` (``None`` stays ``None``), or a ValueError naming the
    allowed values."""
    if value is None:
        return None
    try:
        return enum(value)
    except ValueError:
        pass
    try:  # "Bronze", "trans-national", "Medical speciality"
        return enum(str(value).strip().casefold().replace("-", "_").replace(" ", "_"))
    except ValueError:
        allowed = ", ".join(member.value for member in enum)
        raise ValueError(f"{what} {value!r} is not one of: {allowed}") from None
