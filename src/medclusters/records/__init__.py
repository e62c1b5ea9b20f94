"""Typed records, one ``@attrs.frozen`` class per resource of the data package.

Field names equal the CSV column names and follow the column order of each Table Schema in
``datapackage.json``; a test fails when the two drift apart. Empty cells (unknown) are ``None``,
never ``0`` or ``""``. Closed sets of values are :class:`enum.StrEnum` members whose values are
exactly what the CSV holds.

Every record shares one ``__repr__``, ``__eq__``, ``__hash__`` and ``__reduce__``
(``_base._Record``), which answer as attrs' own would: attrs compiles them for each class at
every import, which cost a third of ``import medclusters`` across 27 classes. attrs compiles
only each record's ``__init__``.

Everything is imported from here (``medclusters.records``); the modules behind it hold one
family each: ``_cluster`` (the registry: sources, clusters, names, leads, statuses,
relationships, identifiers), ``_profile`` (organisations, members, programmes, budgets,
labels, collaborations, markets, topics, languages, contacts), ``_evidence`` (statements,
observations, events, claims, citations), ``_enums`` (the closed sets of values) and
``_keys`` (``RECORD_TYPES``, ``KEYS``, ``PERSONAL``, ``row_key``). ``tables`` holds
:class:`~medclusters.records.tables.Tables`, a package's records resource by resource.
"""

from __future__ import annotations

from medclusters.records._cluster import (
    Cluster,
    ClusterName,
    Identifier,
    IdentifierScheme,
    Lead,
    Relationship,
    Source,
    Status,
)
from medclusters.records._enums import (
    Bound,
    BudgetItem,
    BudgetScope,
    ClaimKind,
    ClusterStatus,
    CollaborationKind,
    EventKind,
    EventRoleKind,
    Gender,
    Instrument,
    LabelKind,
    LabelLevel,
    MarketScope,
    Measure,
    MembershipRole,
    NameType,
    OrganisationKind,
    ParticipationRole,
    ProgrammeKind,
    Relation,
    SizeClass,
    SourceKind,
    StatementKind,
    TopicScheme,
)
from medclusters.records._evidence import Citation, Claim, Event, EventRole, Observation, Statement
from medclusters.records._keys import KEYS, PERSONAL, RECORD_TYPES, Keys, row_key
from medclusters.records._profile import (
    Budget,
    Collaboration,
    Contact,
    Label,
    Language,
    Market,
    Membership,
    Organisation,
    OrganisationName,
    Participation,
    Programme,
    Topic,
    Vocabulary,
)

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
