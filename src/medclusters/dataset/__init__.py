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
import sys
from typing import TYPE_CHECKING, Any

from medclusters.dataset._base import ClusterKey, OrganisationKey, ProgrammeKey
from medclusters.dataset._exports import Exports
from medclusters.dataset._registry import RegistryQuestions
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
    TopicScheme,
)

if TYPE_CHECKING:
    from medclusters.results import Attribution, Party, SearchHit, Shared


__all__ = ["Dataset"]


class Dataset(RegistryQuestions, Exports):  # Tables' attrs fields, __init__ and __repr__
    """The records of a data package: ``ds.clusters``, ``ds.organisations``, ...

    Each resource is a tuple of frozen records in the order of its CSV file. ``name`` and
    ``version`` come from the package descriptor (the dataset's version, not the library's).

    The lookup methods take a record or any key of it (id, name, local name, acronym, alias,
    identifier, programme reference; case, diacritics and punctuation do not matter), answer
    with tuples in the order of the CSV files, and build their indexes once, on first use.
    The registry's questions (``status_of()`` and the rest) and the exports (``to_sqlite()``
    and the rest) are written in ``dataset._registry`` and ``dataset._exports``.
    """

    # -- records by key ---------------------------------------------------------------------

    def cluster(self, key: ClusterKey) -> Cluster:
        """The cluster ``key`` names; :class:`NotFoundError` with close names otherwise.

        >>> import medclusters as mc
        >>> mc.load().cluster("Lubelska Medycyna").city
        'Lublin'
        """
        return self._index.clusters.find(key)

    def get_cluster(self, key: ClusterKey) -> Cluster | None:
        """Like :meth:`cluster`, but ``None`` where no single cluster answers to ``key``."""
        return self._index.clusters.get(key)

    def organisation(self, key: OrganisationKey) -> Organisation:
        """The organisation ``key`` names; :class:`NotFoundError` with close names otherwise."""
        return self._index.organisations.find(key)

    def get_organisation(self, key: OrganisationKey) -> Organisation | None:
        """Like :meth:`organisation`, but ``None`` where no single organisation answers."""
        return self._index.organisations.get(key)

    def programme(self, key: ProgrammeKey) -> Programme:
        """The programme or project ``key`` names (also its reference, e.g. ``"R039"``)."""
        return self._index.programmes.find(key)

    def get_programme(self, key: ProgrammeKey) -> Programme | None:
        """Like :meth:`programme`, but ``None`` where no single programme answers."""
        return self._index.programmes.get(key)

    # -- members ----------------------------------------------------------------------------

    def members_of(
        self, cluster: ClusterKey, role: MembershipRole | str | None = None
    ) -> tuple[Organisation, ...]:
        """The cluster's member organisations, each once, optionally only those in ``role``."""
        return self._index.members_of(cluster, role)

    def memberships_of(self, cluster: ClusterKey) -> tuple[Membership, ...]:
        """The cluster's membership rows: role, detail and source of each."""
        return self._index.memberships_of(cluster)

    def clusters_of(self, organisation: OrganisationKey) -> tuple[Cluster, ...]:
        """The clusters the organisation is a member of (in any role)."""
        return self._index.clusters_of(organisation)

    # -- programmes -------------------------------------------------------------------------

    def programmes_of(
        self, cluster: ClusterKey, *, with_parents: bool = False
    ) -> tuple[Programme, ...]:
        """The programmes and projects the cluster took part in; ``with_parents`` adds the
        programmes those projects belong to (ProVaHealth -> Interreg BSR)."""
        return self._index.programmes_of(cluster, with_parents)

    def clusters_in_programme(
        self, programme: ProgrammeKey, *, with_projects: bool = True
    ) -> tuple[Cluster, ...]:
        """The clusters that took part in the programme, and (``with_projects``) in its
        projects: a partner of ProVaHealth took part in Interreg BSR."""
        return self._index.clusters_in_programme(programme, with_projects)

    def participants_of(
        self, programme: ProgrammeKey, *, with_projects: bool = True
    ) -> tuple[Party, ...]:
        """Clusters and organisations that took part in the programme (and its projects)."""
        return self._index.participants_of(programme, with_projects)

    # -- labels -----------------------------------------------------------------------------

    def labels_of(self, cluster: ClusterKey) -> tuple[Label, ...]:
        """The labels, awards and nominations of the cluster."""
        return self._index.labels_of(cluster)

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
        return self._index.clusters_with_label(level, scheme, kind, valid_on)

    # -- partners ---------------------------------------------------------------------------

    def partners_of(
        self, cluster: ClusterKey, kind: CollaborationKind | str | None = None
    ) -> tuple[Party, ...]:
        """The cluster's partners, whichever side states the link: clusters of the dataset as
        :class:`Cluster`, everyone else as :class:`Organisation`. ``kind`` narrows the links
        (cluster_collaboration, partnership, network_membership)."""
        return self._index.partners_of(cluster, kind)

    def collaborations_of(self, cluster: ClusterKey) -> tuple[Collaboration, ...]:
        """The collaboration rows the cluster states or is named in, with their sources."""
        return self._index.collaborations_of(cluster)

    # -- countries and topics ---------------------------------------------------------------

    def clusters_in(self, country: str) -> tuple[Cluster, ...]:
        """Clusters based in ``country``: any spelling :func:`medclusters.country` accepts."""
        return self._index.clusters_in(country)

    def clusters_targeting(
        self, country: str, scope: MarketScope | str | None = None
    ) -> tuple[Cluster, ...]:
        """Clusters naming ``country`` as a market, optionally only in ``scope`` (current,
        entering, international, trans_national, focus)."""
        return self._index.clusters_targeting(country, scope)

    def clusters_with_topic(
        self, term: str, scheme: TopicScheme | str | None = None
    ) -> tuple[Cluster, ...]:
        """Clusters with the topic ``term`` (as harmonised or as the source wrote it), in any
        ``scheme`` or only in one (medical_speciality, working_group, ...)."""
        return self._index.clusters_with_topic(term, scheme)

    def shared(self, a: ClusterKey, b: ClusterKey) -> Shared:
        """What two clusters have in common: partners, members, programmes, labels of the
        same scheme and level, target markets, topics and events."""
        return self._index.shared(a, b)

    def search(self, text: str, limit: int | None = 10) -> tuple[SearchHit, ...]:
        """Clusters, organisations and programmes whose names or descriptions hold the words
        of ``text`` (a word may be the start of a longer one), best first: names weigh three
        times descriptions; records holding every word come before those holding some.

        ``limit`` is the most hits returned: a non-negative ``int`` (0 returns none), or
        ``None`` for every hit. It means the same for one word, several or none; anything
        else (a negative number, a float, a string, a bool) raises ``TypeError`` or
        ``ValueError``.

        >>> import medclusters as mc
        >>> hits = mc.load().search("ligatne rehab")
        >>> hits[0].record.name, hits[0].field, len(hits)
        ('REHABILITATION CENTER "LIGATNE"', 'name', 10)
        """
        if limit is None:
            limit = sys.maxsize
        elif isinstance(limit, bool) or not isinstance(limit, int):
            raise TypeError(f"limit must be an int >= 0 or None, not {type(limit).__name__}")
        elif limit < 0:
            raise ValueError(f"limit must be an int >= 0 or None, not {limit}")
        return self._index.search_index.query(text, limit)

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
        return self._index.sources_of(record, field)

    def claims_about(self, record: Any, field: str | None = None) -> tuple[Claim, ...]:
        """The claims on a record (or on one of its fields): where sources disagree, and the
        values the editors derived, normalised, translated or interpreted, with their basis.

        >>> import medclusters as mc
        >>> ds = mc.load()
        >>> for claim in ds.claims_about(ds.cluster("LHTC"), "established"):
        ...     print(claim.kind.value, claim.value, claim.source_id)
        disagreement 2012-03 eccp-lhtc
        """
        return self._index.claims_about(record, field)

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
        return self._index.observations_of(subject, measure)

    def events_of(self, party: Cluster | Organisation | str) -> tuple[Event, ...]:
        """The events a cluster or organisation organised, hosted, signed or attended, by date
        (undated last)."""
        return self._index.events_of(party)
