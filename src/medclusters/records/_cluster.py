"""The cluster registry's records: sources, clusters, their names over time, leads,
statuses, relationships and identifiers.
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from medclusters.dates import PartialDate
from medclusters.records._base import _Record
from medclusters.records._enums import ClusterStatus, NameType, Relation, SourceKind

__all__ = [
    "Cluster",
    "ClusterName",
    "Identifier",
    "IdentifierScheme",
    "Lead",
    "Relationship",
    "Source",
    "Status",
]


@attrs.frozen(repr=False, eq=False, getstate_setstate=False)  # _Record's methods
class Source(_Record):
    """A source document that facts are taken from."""

    id: str
    title: str
    publisher: str
    url: str
    language: str
    published: PartialDate | None
    kind: SourceKind
    description: str | None


@attrs.frozen(repr=False, eq=False, getstate_setstate=False)  # _Record's methods
class Cluster(_Record):
    """One profiled cluster organisation."""

    id: str
    name: str
    local_name: str | None
    local_name_language: str | None
    acronym: str | None
    country: str
    region: str | None
    city: str | None
    latitude: Decimal | None
    longitude: Decimal | None
    established: PartialDate | None
    organisation_type: str | None
    website: str | None
    staff_size: str | None
    members_total: int | None
    members_sme: int | None
    members_startups: int | None
    members_large: int | None
    members_research: int | None
    members_other: int | None
    members_observation_id: str | None
    has_formal_strategy: bool | None
    has_internationalisation_strategy: bool | None
    description: str | None
    source_id: str


@attrs.frozen(repr=False, eq=False, getstate_setstate=False)  # _Record's methods
class ClusterName(_Record):
    """A name a cluster is known by, typed and tagged with its language."""

    cluster_id: str
    name: str
    name_type: NameType
    language: str
    valid_from: PartialDate | None
    valid_until: PartialDate | None
    source_id: str


@attrs.frozen(repr=False, eq=False, getstate_setstate=False)  # _Record's methods
class Lead(_Record):
    """An organisation a page names as a cluster of the field, with too little sourced to
    profile it: kept with the page that names it."""

    id: str
    name: str
    local_name: str | None
    local_name_language: str | None
    country: str | None
    why: str
    source_id: str


@attrs.frozen(repr=False, eq=False, getstate_setstate=False)  # _Record's methods
class Status(_Record):
    """A dated, sourced status of a cluster; its latest row is its status."""

    id: str
    cluster_id: str
    status: ClusterStatus
    since: PartialDate | None
    as_of: PartialDate | None
    note: str | None
    source_id: str


@attrs.frozen(repr=False, eq=False, getstate_setstate=False)  # _Record's methods
class Relationship(_Record):
    """A typed, dated, sourced edge from one cluster to another."""

    id: str
    cluster_id: str
    relation: Relation
    related_cluster_id: str
    since: PartialDate | None
    until: PartialDate | None
    detail: str | None
    source_id: str


@attrs.frozen(repr=False, eq=False, getstate_setstate=False)  # _Record's methods
class IdentifierScheme(_Record):
    """A register or platform whose identifiers the dataset records, with the pattern its
    values match."""

    scheme: str
    name: str
    pattern: str
    url_template: str | None
    description: str | None


@attrs.frozen(repr=False, eq=False, getstate_setstate=False)  # _Record's methods
class Identifier(_Record):
    """An external identifier of a cluster, an organisation or a programme."""

    id: str
    cluster_id: str | None
    organisation_id: str | None
    programme_id: str | None
    scheme: str
    value: str
    url: str | None
    source_id: str
