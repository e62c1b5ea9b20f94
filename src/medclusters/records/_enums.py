"""The closed sets of values of the records: :class:`enum.StrEnum` members whose values
are exactly what the CSV holds.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "Bound",
    "BudgetItem",
    "BudgetScope",
    "ClaimKind",
    "ClusterStatus",
    "CollaborationKind",
    "EventKind",
    "EventRoleKind",
    "Gender",
    "Instrument",
    "LabelKind",
    "LabelLevel",
    "MarketScope",
    "Measure",
    "MembershipRole",
    "NameType",
    "OrganisationKind",
    "ParticipationRole",
    "ProgrammeKind",
    "Relation",
    "SizeClass",
    "SourceKind",
    "StatementKind",
    "TopicScheme",
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
