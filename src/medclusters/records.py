"""Typed records, one ``@attrs.frozen`` class per resource of the data package.

Field names equal the CSV column names and follow the column order of each Table Schema in
``datapackage.json``; a test fails when the two drift apart. Empty cells (unknown) are ``None``,
never ``0`` or ``""``. Closed sets of values are :class:`enum.StrEnum` members whose values are
exactly what the CSV holds.

Every record shares one ``__repr__`` (:class:`_Record`): attrs compiles one per class, which
cost a sixth of ``import medclusters`` across two dozen classes.
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType
from typing import Any

import attrs

from medclusters.dates import PartialDate

__all__ = [
    "KEYS",
    "PERSONAL",
    "RECORD_TYPES",
    "Bound",
    "Budget",
    "BudgetItem",
    "BudgetScope",
    "Citation",
    "Claim",
    "ClaimKind",
    "Cluster",
    "ClusterName",
    "ClusterStatus",
    "Collaboration",
    "CollaborationKind",
    "Contact",
    "Event",
    "EventKind",
    "EventRole",
    "EventRoleKind",
    "Gender",
    "Identifier",
    "IdentifierScheme",
    "Instrument",
    "Keys",
    "Label",
    "LabelKind",
    "LabelLevel",
    "Language",
    "Lead",
    "Market",
    "MarketScope",
    "Measure",
    "Membership",
    "MembershipRole",
    "NameType",
    "Observation",
    "Organisation",
    "OrganisationKind",
    "OrganisationName",
    "Participation",
    "ParticipationRole",
    "Programme",
    "ProgrammeKind",
    "Relation",
    "Relationship",
    "SizeClass",
    "Source",
    "SourceKind",
    "Statement",
    "StatementKind",
    "Status",
    "Topic",
    "TopicScheme",
    "Vocabulary",
    "row_key",
]


class SourceKind(StrEnum):
    """What kind of document a source is."""

    CLUSTER_PROFILE = "cluster_profile"
    ARTICLE = "article"
    PROJECT_ENTRY = "project_entry"
    NEWS = "news"
    ORGANISATION_PAGE = "organisation_page"
    PROJECT_PAGE = "project_page"
    REGISTRY_ENTRY = "registry_entry"
    REPORT = "report"


class NameType(StrEnum):
    """How a name stands for a cluster or an organisation (after ROR's name types), and
    ``as_given``: a rendering in a source's language, kept exactly as that source writes it."""

    LABEL = "label"
    ALIAS = "alias"
    ACRONYM = "acronym"
    LOCAL = "local"
    FORMER = "former"
    AS_GIVEN = "as_given"


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
    HEALTHCARE_PROVIDER = "healthcare_provider"
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
    INTERREG_CROSS_BORDER = "interreg_cross_border"
    ERDF = "erdf"
    NATIONAL = "national"
    OTHER = "other"


class BudgetItem(StrEnum):
    """Which budget figure a row gives."""

    TOTAL = "total"
    ELIGIBLE_COSTS = "eligible_costs"
    ERDF = "erdf"
    EU_FUNDING = "eu_funding"
    PARTNER_CONTRIBUTION = "partner_contribution"
    NATIONAL = "national"
    PRIVATE = "private"


class BudgetScope(StrEnum):
    """Whose figure a budget row is: the whole project's, one partner's, or one country's
    partners' together."""

    PROJECT = "project"
    PARTNER = "partner"
    COUNTRY = "country"


class ParticipationRole(StrEnum):
    """A cluster's or organisation's part in a programme or project."""

    PARTICIPANT = "participant"
    PARTNER = "partner"
    LEAD_PARTNER = "lead_partner"
    ASSOCIATED_PARTNER = "associated_partner"
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
    """The classification scheme a topic term belongs to (``field``: the cluster's field of
    work, harmonised across clusters by the editors)."""

    FIELD = "field"
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
    """What a statement about a cluster is."""

    PROFILE = "profile"
    OBJECTIVE = "objective"
    PRIORITY = "priority"
    ACTIVITY = "activity"
    SERVICE = "service"
    BUSINESS_MODEL = "business_model"
    ACHIEVEMENT = "achievement"
    STRENGTH = "strength"


class Measure(StrEnum):
    """What a dated observation counts."""

    MEMBERS = "members"
    FOUNDING_MEMBERS = "founding_members"
    MEMBER_COMPANIES = "member_companies"
    MEMBER_SMES = "member_smes"
    MEMBER_STARTUPS = "member_startups"
    MEMBER_LARGE_COMPANIES = "member_large_companies"
    MEMBER_RESEARCH_ORGANISATIONS = "member_research_organisations"
    MEMBER_OTHER = "member_other"
    MEMBER_CLINICS = "member_clinics"
    MEMBER_HOSPITALS = "member_hospitals"
    MEMBER_EMPLOYEES = "member_employees"
    EMPLOYEES = "employees"
    PARTNERS = "partners"
    LIVING_LABS = "living_labs"
    WORKING_GROUPS = "working_groups"
    CONFERENCES_INTERNATIONAL = "conferences_international"
    CONFERENCES_LOCAL = "conferences_local"
    TRADE_SHOWS = "trade_shows"
    BUSINESS_MISSIONS = "business_missions"
    COUNTRIES_VISITED = "countries_visited"
    CONTINENTS_VISITED = "continents_visited"
    CONTACTS_MADE = "contacts_made"
    APPROVED_PROJECTS = "approved_projects"
    APPLICATIONS = "applications"


class Bound(StrEnum):
    """How an observed figure bounds the true one: ``exact``, ``more_than`` ("over 100"),
    ``at_least``, ``about`` ("some 40"), ``up_to``."""

    EXACT = "exact"
    MORE_THAN = "more_than"
    AT_LEAST = "at_least"
    ABOUT = "about"
    UP_TO = "up_to"


class EventKind(StrEnum):
    """What an event is."""

    CONFERENCE = "conference"
    ASSEMBLY = "assembly"
    SIGNING = "signing"
    MISSION = "mission"
    MEETING = "meeting"
    AWARD_CEREMONY = "award_ceremony"
    CEREMONY = "ceremony"
    FAIR = "fair"


class EventRoleKind(StrEnum):
    """A cluster's or organisation's part in an event."""

    ORGANISER = "organiser"
    CO_ORGANISER = "co_organiser"
    HOST = "host"
    PARTICIPANT = "participant"
    SIGNATORY = "signatory"


class ClaimKind(StrEnum):
    """What a claim records.

    ``disagreement``: a source gives another value than the one the table holds.
    ``incomplete``: the source's list is not exhaustive. The editorial kinds mark a value the
    editors wrote rather than copied, and say on what basis: ``derived`` (inferred from other
    facts), ``normalised`` (rewritten to a standard form), ``translated`` (the editors'
    English), ``interpreted`` (one reading of an ambiguous source).
    """

    DISAGREEMENT = "disagreement"
    INCOMPLETE = "incomplete"
    DERIVED = "derived"
    NORMALISED = "normalised"
    TRANSLATED = "translated"
    INTERPRETED = "interpreted"


class ClusterStatus(StrEnum):
    """A cluster's status (ROR's, with closed and merged apart from inactive)."""

    ACTIVE = "active"
    INACTIVE = "inactive"
    CLOSED = "closed"
    MERGED = "merged"


class Relation(StrEnum):
    """How one cluster stands to another (``relationships.relation``)."""

    SUCCESSOR = "successor"
    MEMBER_OF = "member_of"
    RELATED = "related"


class _Record:
    """The base of every record: one ``__repr__``, written as attrs writes it."""

    __slots__ = ()

    def __repr__(self) -> str:
        fields = attrs.fields(type(self))  # type: ignore[arg-type]  # every subclass is attrs
        values = ", ".join(f"{a.name}={getattr(self, a.name)!r}" for a in fields)
        return f"{type(self).__name__}({values})"


@attrs.frozen(repr=False)  # the shared __repr__ of _Record
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


@attrs.frozen(repr=False)  # the shared __repr__ of _Record
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


@attrs.frozen(repr=False)  # the shared __repr__ of _Record
class ClusterName(_Record):
    """A name a cluster is known by, typed and tagged with its language."""

    cluster_id: str
    name: str
    name_type: NameType
    language: str
    valid_from: PartialDate | None
    valid_until: PartialDate | None
    source_id: str


@attrs.frozen(repr=False)  # the shared __repr__ of _Record
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


@attrs.frozen(repr=False)  # the shared __repr__ of _Record
class Status(_Record):
    """A dated, sourced status of a cluster; its latest row is its status."""

    id: str
    cluster_id: str
    status: ClusterStatus
    since: PartialDate | None
    as_of: PartialDate | None
    note: str | None
    source_id: str


@attrs.frozen(repr=False)  # the shared __repr__ of _Record
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


@attrs.frozen(repr=False)  # the shared __repr__ of _Record
class IdentifierScheme(_Record):
    """A register or platform whose identifiers the dataset records, with the pattern its
    values match."""

    scheme: str
    name: str
    pattern: str
    url_template: str | None
    description: str | None


@attrs.frozen(repr=False)  # the shared __repr__ of _Record
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


@attrs.frozen(repr=False)  # the shared __repr__ of _Record
class Organisation(_Record):
    """A member, partner, funder, network or external cluster."""

    id: str
    name: str
    local_name: str | None
    local_name_language: str | None
    acronym: str | None
    kind: OrganisationKind | None
    size_class: SizeClass | None
    country: str | None
    region: str | None
    city: str | None
    established: PartialDate | None
    website: str | None
    description: str | None
    source_id: str


@attrs.frozen(repr=False)  # the shared __repr__ of _Record
class OrganisationName(_Record):
    """A name an organisation is known by, typed and tagged with its language."""

    organisation_id: str
    name: str
    name_type: NameType
    language: str
    source_id: str


@attrs.frozen(repr=False)  # the shared __repr__ of _Record
class Membership(_Record):
    """An organisation's role in a cluster."""

    cluster_id: str
    organisation_id: str
    role: MembershipRole
    since: PartialDate | None
    detail: str | None
    source_id: str


@attrs.frozen(repr=False)  # the shared __repr__ of _Record
class Programme(_Record):
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
    website: str | None
    description: str | None
    source_id: str


@attrs.frozen(repr=False)  # the shared __repr__ of _Record
class Budget(_Record):
    """One budget figure, in euro: of a whole project, one partner, or one country's
    partners together (``scope``)."""

    id: str
    programme_id: str
    scope: BudgetScope
    cluster_id: str | None
    organisation_id: str | None
    country: str | None
    item: BudgetItem
    amount_eur: Decimal
    bound: Bound
    share_percent: Decimal | None
    label_as_given: str
    source_id: str


@attrs.frozen(repr=False)  # the shared __repr__ of _Record
class Participation(_Record):
    """A cluster's or organisation's part in a programme or project."""

    id: str
    programme_id: str
    cluster_id: str | None
    organisation_id: str | None
    role: ParticipationRole | None
    detail: str | None
    source_id: str


@attrs.frozen(repr=False)  # the shared __repr__ of _Record
class Label(_Record):
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


@attrs.frozen(repr=False)  # the shared __repr__ of _Record
class Collaboration(_Record):
    """A link from a cluster to a partner: an in-dataset cluster or an organisation."""

    id: str
    cluster_id: str
    partner_cluster_id: str | None
    partner_organisation_id: str | None
    kind: CollaborationKind
    name_as_given: str
    since: PartialDate | None
    detail: str | None
    source_id: str


@attrs.frozen(repr=False)  # the shared __repr__ of _Record
class Market(_Record):
    """A country a cluster targets, works in or focuses on."""

    cluster_id: str
    country: str
    name_as_given: str
    scope: MarketScope
    source_id: str


@attrs.frozen(repr=False)  # the shared __repr__ of _Record
class Topic(_Record):
    """A cluster's classification under a scheme."""

    cluster_id: str
    scheme: TopicScheme
    term: str
    term_as_given: str | None
    source_id: str


@attrs.frozen(repr=False)  # the shared __repr__ of _Record
class Vocabulary(_Record):
    """An allowed term of a topic scheme."""

    scheme: TopicScheme
    term: str
    scheme_description: str


@attrs.frozen(repr=False)  # the shared __repr__ of _Record
class Language(_Record):
    """A language a cluster works in (ISO 639-1)."""

    cluster_id: str
    language: str
    name_as_given: str
    source_id: str


@attrs.frozen(repr=False)  # the shared __repr__ of _Record
class Contact(_Record):
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


@attrs.frozen(repr=False)  # the shared __repr__ of _Record
class Statement(_Record):
    """What a source says of a cluster's aims, services or record, in the editors' words."""

    id: str
    cluster_id: str
    kind: StatementKind
    text: str
    source_id: str


@attrs.frozen(repr=False)  # the shared __repr__ of _Record
class Observation(_Record):
    """A dated figure about a cluster, an organisation or a programme: what was counted,
    the figure, how it bounds the truth, and when."""

    id: str
    cluster_id: str | None
    organisation_id: str | None
    programme_id: str | None
    measure: Measure
    value: int
    bound: Bound
    as_of: PartialDate | None
    since: PartialDate | None
    note: str | None
    source_id: str


@attrs.frozen(repr=False)  # the shared __repr__ of _Record
class Event(_Record):
    """A conference, assembly, signing, mission, meeting or award ceremony."""

    id: str
    name: str
    local_name: str | None
    local_name_language: str | None
    acronym: str | None
    kind: EventKind
    start: PartialDate | None
    end: PartialDate | None
    city: str | None
    country: str | None
    programme_id: str | None
    description: str | None
    source_id: str


@attrs.frozen(repr=False)  # the shared __repr__ of _Record
class EventRole(_Record):
    """A cluster's or organisation's part in an event."""

    id: str
    event_id: str
    cluster_id: str | None
    organisation_id: str | None
    role: EventRoleKind
    detail: str | None
    source_id: str


@attrs.frozen(repr=False)  # the shared __repr__ of _Record
class Claim(_Record):
    """A disagreement between sources, an incomplete list, or a value the editors derived,
    normalised, translated or interpreted, with its basis.

    ``subject_id`` is the row's primary key; a key of several fields is written with its
    values joined by ``|``. ``value`` is the other source's value for a disagreement, else the
    value the table holds; ``as_given`` is the source's own wording where the table's differs.
    """

    id: str
    resource: str
    subject_id: str
    field: str
    kind: ClaimKind
    value: str
    as_given: str | None
    note: str
    source_id: str


@attrs.frozen(repr=False)  # the shared __repr__ of _Record
class Citation(_Record):
    """One more source for a row or one of its fields, where a fact combines several sources
    (each row's own ``source_id`` names the first). ``subject_id`` is written as in claims;
    an empty ``field`` means the whole row."""

    id: str
    resource: str
    subject_id: str
    field: str | None
    source_id: str
    note: str | None


#: Resource name -> record class, in the order of the package's resources.
RECORD_TYPES: MappingProxyType[str, type] = MappingProxyType(
    {
        "sources": Source,
        "clusters": Cluster,
        "leads": Lead,
        "cluster_names": ClusterName,
        "statuses": Status,
        "relationships": Relationship,
        "organisations": Organisation,
        "organisation_names": OrganisationName,
        "memberships": Membership,
        "programmes": Programme,
        "identifier_schemes": IdentifierScheme,
        "identifiers": Identifier,
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
        "observations": Observation,
        "events": Event,
        "event_roles": EventRole,
        "claims": Claim,
        "citations": Citation,
    }
)


#: Resources that hold personal data: a package may leave them out (the public edition does).
PERSONAL: frozenset[str] = frozenset({"contacts"})


@attrs.frozen
class Keys:
    """What the library holds a resource to, whatever a package's schema says: its primary
    key, its foreign keys ``(fields, resource, fields)``, and the columns of which exactly
    one is given in each row (``one_of``: a link names one party). A package whose schema
    declares other keys is refused at load."""

    primary: tuple[str, ...]
    foreign: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...] = ()
    one_of: tuple[str, ...] = ()


def _keys(primary: str, *references: str, one_of: str = "") -> Keys:
    """``_keys("id", "cluster_id>clusters", "scheme,term>vocabularies.scheme,term")``."""
    foreign = []
    for reference in references:
        fields, _, target = reference.partition(">")
        resource, _, target_fields = target.partition(".")
        foreign.append(
            (tuple(fields.split(",")), resource, tuple((target_fields or "id").split(",")))
        )
    return Keys(tuple(primary.split(",")), tuple(foreign), tuple(filter(None, one_of.split(","))))


_SOURCE = "source_id>sources"

#: Resource name -> the keys the loader enforces (see :class:`Keys`).
KEYS: MappingProxyType[str, Keys] = MappingProxyType(
    {
        "sources": _keys("id"),
        "clusters": _keys("id", _SOURCE, "members_observation_id>observations"),
        "leads": _keys("id", _SOURCE),
        "cluster_names": _keys("cluster_id,name,source_id", "cluster_id>clusters", _SOURCE),
        "statuses": _keys("id", "cluster_id>clusters", _SOURCE),
        "relationships": _keys("id", "cluster_id>clusters", "related_cluster_id>clusters", _SOURCE),
        "organisations": _keys("id", _SOURCE),
        "organisation_names": _keys(
            "organisation_id,name,source_id", "organisation_id>organisations", _SOURCE
        ),
        "memberships": _keys(
            "cluster_id,organisation_id,role",
            "cluster_id>clusters",
            "organisation_id>organisations",
            _SOURCE,
        ),
        "programmes": _keys("id", "parent_id>programmes", _SOURCE),
        "identifier_schemes": _keys("scheme"),
        "identifiers": _keys(
            "id",
            "cluster_id>clusters",
            "organisation_id>organisations",
            "programme_id>programmes",
            "scheme>identifier_schemes.scheme",
            _SOURCE,
            one_of="cluster_id,organisation_id,programme_id",
        ),
        "budgets": _keys(
            "id",
            "programme_id>programmes",
            "cluster_id>clusters",
            "organisation_id>organisations",
            _SOURCE,
        ),
        "participations": _keys(
            "id",
            "programme_id>programmes",
            "cluster_id>clusters",
            "organisation_id>organisations",
            _SOURCE,
            one_of="cluster_id,organisation_id",
        ),
        "labels": _keys("id", "cluster_id>clusters", _SOURCE),
        "collaborations": _keys(
            "id",
            "cluster_id>clusters",
            "partner_cluster_id>clusters",
            "partner_organisation_id>organisations",
            _SOURCE,
            one_of="partner_cluster_id,partner_organisation_id",
        ),
        "markets": _keys("cluster_id,country,scope", "cluster_id>clusters", _SOURCE),
        "topics": _keys(
            "cluster_id,scheme,term",
            "cluster_id>clusters",
            "scheme,term>vocabularies.scheme,term",
            _SOURCE,
        ),
        "vocabularies": _keys("scheme,term"),
        "languages": _keys("cluster_id,language", "cluster_id>clusters", _SOURCE),
        "contacts": _keys("id", "cluster_id>clusters", _SOURCE),
        "statements": _keys("id", "cluster_id>clusters", _SOURCE),
        "observations": _keys(
            "id",
            "cluster_id>clusters",
            "organisation_id>organisations",
            "programme_id>programmes",
            _SOURCE,
            one_of="cluster_id,organisation_id,programme_id",
        ),
        "events": _keys("id", "programme_id>programmes", _SOURCE),
        "event_roles": _keys(
            "id",
            "event_id>events",
            "cluster_id>clusters",
            "organisation_id>organisations",
            _SOURCE,
            one_of="cluster_id,organisation_id",
        ),
        "claims": _keys("id", _SOURCE),
        "citations": _keys("id", _SOURCE),
    }
)


_ROW_KEYS = {record_type: (name, KEYS[name].primary) for name, record_type in RECORD_TYPES.items()}


def row_key(record: Any) -> tuple[str, str]:
    """(resource, key) of a record: its primary key's values joined by ``|``, as claims and
    citations write their ``subject_id``.

    >>> row_key(Topic("lhtc", TopicScheme.MEDICAL_SPECIALITY, "dentistry", None, "eccp-lhtc"))
    ('topics', 'lhtc|medical_speciality|dentistry')
    """
    resource, fields = _ROW_KEYS[type(record)]
    return resource, "|".join(str(getattr(record, field)) for field in fields)
