"""Typed records, one ``@attrs.frozen`` class per resource of the data package.

Field names equal the CSV column names and follow the column order of each Table Schema in
``datapackage.json``; a test fails when the two drift apart. Empty cells (unknown) are ``None``,
never ``0`` or ``""``. Closed sets of values are :class:`enum.StrEnum` members whose values are
exactly what the CSV holds.
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from enum import StrEnum

import attrs

from medclusters.dates import PartialDate

__all__ = [
    "RECORD_TYPES",
    "Budget",
    "BudgetItem",
    "Claim",
    "ClaimQualifier",
    "Cluster",
    "ClusterName",
    "Collaboration",
    "CollaborationKind",
    "Contact",
    "Gender",
    "Identifier",
    "Instrument",
    "Label",
    "LabelKind",
    "LabelLevel",
    "Language",
    "Market",
    "MarketScope",
    "Membership",
    "MembershipRole",
    "NameType",
    "Organisation",
    "OrganisationKind",
    "Participation",
    "ParticipationRole",
    "Programme",
    "ProgrammeKind",
    "SizeClass",
    "Source",
    "SourceKind",
    "Statement",
    "StatementKind",
    "Topic",
    "TopicScheme",
    "Vocabulary",
]


class SourceKind(StrEnum):
    """What kind of document a source is."""

    CLUSTER_PROFILE = "cluster_profile"
    ARTICLE = "article"
    PROJECT_ENTRY = "project_entry"


class NameType(StrEnum):
    """How a name stands for a cluster (after ROR's name types)."""

    LABEL = "label"
    ALIAS = "alias"
    ACRONYM = "acronym"
    LOCAL = "local"
    FORMER = "former"


class OrganisationKind(StrEnum):
    """What an organisation is, where a source or its own name says so."""

    CLUSTER = "cluster"
    NETWORK = "network"
    COMPANY = "company"
    UNIVERSITY = "university"
    RESEARCH_INSTITUTE = "research_institute"
    SCIENCE_PARK = "science_park"
    PUBLIC_AUTHORITY = "public_authority"
    PUBLIC_AGENCY = "public_agency"
    ASSOCIATION = "association"
    TOURISM_ORGANISATION = "tourism_organisation"
    OTHER = "other"


class SizeClass(StrEnum):
    """Company size class as the source gives it."""

    SME = "sme"
    LARGE = "large"


class MembershipRole(StrEnum):
    """An organisation's role in a cluster."""

    MEMBER = "member"
    MAJOR_PLAYER = "major_player"
    FOUNDER = "founder"
    COORDINATOR = "coordinator"
    HOST = "host"
    SUPPORT_FACILITY = "support_facility"


class ProgrammeKind(StrEnum):
    """A funding programme, or a project (which may sit under a programme)."""

    PROGRAMME = "programme"
    PROJECT = "project"


class Instrument(StrEnum):
    """The funding instrument behind a programme or project."""

    INTERREG_BSR = "interreg_bsr"
    ERDF = "erdf"
    NATIONAL = "national"
    OTHER = "other"


class BudgetItem(StrEnum):
    """Which budget figure of a programme or project a row gives."""

    TOTAL = "total"
    ELIGIBLE_COSTS = "eligible_costs"
    ERDF = "erdf"
    PARTNER_CONTRIBUTION = "partner_contribution"
    PRIVATE = "private"
    COUNTRY_PARTNER_TOTAL = "country_partner_total"


class ParticipationRole(StrEnum):
    """A cluster's or organisation's part in a programme or project."""

    PARTICIPANT = "participant"
    PARTNER = "partner"
    LEAD_PARTNER = "lead_partner"
    BENEFICIARY = "beneficiary"
    CONTRACTING_AUTHORITY = "contracting_authority"


class LabelKind(StrEnum):
    """A label held, an award won, or a nomination."""

    LABEL = "label"
    AWARD = "award"
    NOMINATION = "nomination"


class LabelLevel(StrEnum):
    """Level of a tiered label (the Cluster Excellence labels)."""

    BRONZE = "bronze"
    SILVER = "silver"
    GOLD = "gold"


class CollaborationKind(StrEnum):
    """How a cluster is linked to a partner."""

    CLUSTER_COLLABORATION = "cluster_collaboration"
    PARTNERSHIP = "partnership"
    NETWORK_MEMBERSHIP = "network_membership"


class MarketScope(StrEnum):
    """Why a country is listed as a cluster's market."""

    INTERNATIONAL = "international"
    TRANS_NATIONAL = "trans_national"
    CURRENT = "current"
    ENTERING = "entering"
    FOCUS = "focus"


class TopicScheme(StrEnum):
    """The classification scheme a topic term belongs to."""

    SECTORAL_INDUSTRY = "sectoral_industry"
    TECHNOLOGY_FIELD = "technology_field"
    S3_PRIORITY_AREA = "s3_priority_area"
    EMERGING_INDUSTRY = "emerging_industry"
    SPECIALISATION = "specialisation"
    SUPPORT_SERVICE = "support_service"
    INTERNATIONAL_ACTIVITY = "international_activity"
    TRANS_NATIONAL_ACTIVITY = "trans_national_activity"
    MEDICAL_SPECIALITY = "medical_speciality"
    WORKING_GROUP = "working_group"
    SCIENTIFIC_FIELD = "scientific_field"
    RELATED_TOPIC = "related_topic"


class Gender(StrEnum):
    """Gender of a contact, where the source states it."""

    FEMALE = "female"
    MALE = "male"


class StatementKind(StrEnum):
    """What a free-text statement about a cluster is."""

    PROFILE = "profile"
    OBJECTIVE = "objective"
    PRIORITY = "priority"
    ACTIVITY = "activity"
    SERVICE = "service"
    BUSINESS_MODEL = "business_model"
    ACHIEVEMENT = "achievement"
    STRENGTH = "strength"
    EVENT = "event"


class ClaimQualifier(StrEnum):
    """How a claim's value relates to the fact: exact, a bound, a disagreement, an edit."""

    EXACT = "exact"
    MORE_THAN = "more_than"
    AT_LEAST = "at_least"
    APPROXIMATELY = "approximately"
    DISAGREES = "disagrees"
    INCOMPLETE = "incomplete"
    NORMALISED = "normalised"
    INTERPRETED = "interpreted"


@attrs.frozen(repr=False)  # one shared __repr__, set below
class Source:
    """A source document that facts are taken from."""

    id: str
    title: str
    publisher: str
    url: str
    language: str
    published: PartialDate | None
    kind: SourceKind
    description: str | None


@attrs.frozen(repr=False)  # one shared __repr__, set below
class Cluster:
    """One profiled cluster organisation."""

    id: str
    name: str
    local_name: str | None
    local_name_language: str | None
    acronym: str | None
    country: str
    region: str | None
    city: str | None
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
    has_formal_strategy: bool | None
    has_internationalisation_strategy: bool | None
    description: str | None
    local_description: str | None
    source_id: str


@attrs.frozen(repr=False)  # one shared __repr__, set below
class ClusterName:
    """A name a cluster is known by, typed and tagged with its language."""

    cluster_id: str
    name: str
    name_type: NameType
    language: str
    source_id: str


@attrs.frozen(repr=False)  # one shared __repr__, set below
class Identifier:
    """An external identifier of a cluster or an organisation."""

    id: str
    cluster_id: str | None
    organisation_id: str | None
    scheme: str
    value: str
    url: str | None
    source_id: str


@attrs.frozen(repr=False)  # one shared __repr__, set below
class Organisation:
    """A member, partner, funder, network or external cluster."""

    id: str
    name: str
    local_name: str | None
    local_name_language: str | None
    kind: OrganisationKind | None
    size_class: SizeClass | None
    country: str | None
    city: str | None
    website: str | None
    source_id: str


@attrs.frozen(repr=False)  # one shared __repr__, set below
class Membership:
    """An organisation's role in a cluster."""

    cluster_id: str
    organisation_id: str
    role: MembershipRole
    detail: str | None
    source_id: str


@attrs.frozen(repr=False)  # one shared __repr__, set below
class Programme:
    """A funded programme or project."""

    id: str
    name: str
    local_name: str | None
    acronym: str | None
    kind: ProgrammeKind
    parent_id: str | None
    instrument: Instrument | None
    reference: str | None
    start: PartialDate | None
    end: PartialDate | None
    approved: PartialDate | None
    signed: PartialDate | None
    duration_months: int | None
    description: str | None
    source_id: str


@attrs.frozen(repr=False)  # one shared __repr__, set below
class Budget:
    """One budget figure of a programme or project, in euro."""

    programme_id: str
    item: BudgetItem
    amount_eur: Decimal
    share_percent: Decimal | None
    label_as_given: str
    source_id: str


@attrs.frozen(repr=False)  # one shared __repr__, set below
class Participation:
    """A cluster's or organisation's part in a programme or project."""

    id: str
    programme_id: str
    cluster_id: str | None
    organisation_id: str | None
    role: ParticipationRole | None
    detail: str | None
    source_id: str


@attrs.frozen(repr=False)  # one shared __repr__, set below
class Label:
    """A label held, an award won or a nomination received by a cluster."""

    id: str
    cluster_id: str
    kind: LabelKind
    scheme: str | None
    name: str
    local_name: str | None
    level: LabelLevel | None
    category: str | None
    local_category: str | None
    stage: str | None
    year: int | None
    valid_from: PartialDate | None
    valid_until: PartialDate | None
    source_id: str

    def valid_on(self, day: _dt.date | PartialDate) -> bool | None:
        """Whether the label was valid on ``day``: ``None`` where its validity is not known.

        A partial date counts from its first day to its last: a label valid until 2024 is
        still valid on 2024-12-31.

        >>> from medclusters.dates import PartialDate as D
        >>> label = Label("x", "c", LabelKind.LABEL, None, "Gold", None, LabelLevel.GOLD,
        ...               None, None, None, None, D.parse("2023-05"), D.parse("2025"), "s")
        >>> label.valid_on(D.parse("2024-02-29")), label.valid_on(D.parse("2023-04"))
        (True, False)
        >>> attrs.evolve(label, valid_until=None).valid_on(D.parse("2030"))  # expired? unknown
        """
        first = day.first_day() if isinstance(day, PartialDate) else day
        last = day.last_day() if isinstance(day, PartialDate) else day
        if self.valid_from is not None and last < self.valid_from.first_day():
            return False
        if self.valid_until is not None and first > self.valid_until.last_day():
            return False
        if self.valid_from is None or self.valid_until is None:
            return None
        inside = first >= self.valid_from.first_day() and last <= self.valid_until.last_day()
        return True if inside else None  # a partial ``day`` that straddles a bound: unknown


@attrs.frozen(repr=False)  # one shared __repr__, set below
class Collaboration:
    """A link from a cluster to a partner: an in-dataset cluster or an organisation."""

    id: str
    cluster_id: str
    partner_cluster_id: str | None
    partner_organisation_id: str | None
    kind: CollaborationKind
    name_as_given: str
    detail: str | None
    source_id: str


@attrs.frozen(repr=False)  # one shared __repr__, set below
class Market:
    """A country a cluster targets, works in or focuses on."""

    cluster_id: str
    country: str
    name_as_given: str
    scope: MarketScope
    source_id: str


@attrs.frozen(repr=False)  # one shared __repr__, set below
class Topic:
    """A cluster's classification under a scheme."""

    cluster_id: str
    scheme: TopicScheme
    term: str
    term_as_given: str | None
    source_id: str


@attrs.frozen(repr=False)  # one shared __repr__, set below
class Vocabulary:
    """An allowed term of a topic scheme."""

    scheme: TopicScheme
    term: str
    scheme_description: str


@attrs.frozen(repr=False)  # one shared __repr__, set below
class Language:
    """A language a cluster works in (ISO 639-1)."""

    cluster_id: str
    language: str
    name_as_given: str
    source_id: str


@attrs.frozen(repr=False)  # one shared __repr__, set below
class Contact:
    """A person (or a named position) in a cluster's management team: personal data."""

    id: str
    cluster_id: str
    given_name: str | None
    family_name: str | None
    position: str | None
    telephone: str | None
    email: str | None
    gender: Gender | None
    source_id: str


@attrs.frozen(repr=False)  # one shared __repr__, set below
class Statement:
    """A free-text statement a source makes about a cluster, with its original wording."""

    id: str
    cluster_id: str
    kind: StatementKind
    text: str
    original_text: str | None
    original_language: str | None
    date: PartialDate | None
    source_id: str


@attrs.frozen(repr=False)  # one shared __repr__, set below
class Claim:
    """A figure with no column of its own, a bound, a disagreement or an editorial change."""

    id: str
    resource: str
    subject_id: str
    field: str
    value: str
    qualifier: ClaimQualifier
    note: str
    source_id: str


#: Resource name -> record class, in the order of the package's resources.
RECORD_TYPES: dict[str, type] = {
    "sources": Source,
    "clusters": Cluster,
    "cluster_names": ClusterName,
    "identifiers": Identifier,
    "organisations": Organisation,
    "memberships": Membership,
    "programmes": Programme,
    "budgets": Budget,
    "participations": Participation,
    "labels": Label,
    "collaborations": Collaboration,
    "markets": Market,
    "topics": Topic,
    "vocabularies": Vocabulary,
    "languages": Language,
    "contacts": Contact,
    "statements": Statement,
    "claims": Claim,
}


def _repr(self: attrs.AttrsInstance) -> str:
    """``Cluster(id='lhtc', name=...)``, as attrs writes it. attrs compiles a ``__repr__`` per
    class, a quarter of the cost of defining one; eighteen of them were a sixth of
    ``import medclusters``, so the records share this one."""
    values = ", ".join(f"{a.name}={getattr(self, a.name)!r}" for a in attrs.fields(type(self)))
    return f"{type(self).__name__}({values})"


for _record_type in RECORD_TYPES.values():
    _record_type.__repr__ = _repr  # type: ignore[assignment,method-assign]
