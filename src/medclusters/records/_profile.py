"""A cluster's profile: its organisations and members, programmes and budgets,
participations, labels, collaborations, markets, topics, languages and contacts.
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal

import attrs

from medclusters.dates import PartialDate
from medclusters.records._base import _Record
from medclusters.records._enums import (
    Bound,
    BudgetItem,
    BudgetScope,
    CollaborationKind,
    Gender,
    Instrument,
    LabelKind,
    LabelLevel,
    MarketScope,
    MembershipRole,
    NameType,
    OrganisationKind,
    ParticipationRole,
    ProgrammeKind,
    SizeClass,
    TopicScheme,
)

__all__ = [
    "Budget",
    "Collaboration",
    "Contact",
    "Label",
    "Language",
    "Market",
    "Membership",
    "Organisation",
    "OrganisationName",
    "Participation",
    "Programme",
    "Topic",
    "Vocabulary",
]


@attrs.frozen(repr=False, eq=False, getstate_setstate=False)  # _Record's methods
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


@attrs.frozen(repr=False, eq=False, getstate_setstate=False)  # _Record's methods
class OrganisationName(_Record):
    """A name an organisation is known by, typed and tagged with its language."""

    organisation_id: str
    name: str
    name_type: NameType
    language: str
    source_id: str


@attrs.frozen(repr=False, eq=False, getstate_setstate=False)  # _Record's methods
class Membership(_Record):
    """An organisation's role in a cluster."""

    cluster_id: str
    organisation_id: str
    role: MembershipRole
    since: PartialDate | None
    detail: str | None
    source_id: str


@attrs.frozen(repr=False, eq=False, getstate_setstate=False)  # _Record's methods
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


@attrs.frozen(repr=False, eq=False, getstate_setstate=False)  # _Record's methods
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


@attrs.frozen(repr=False, eq=False, getstate_setstate=False)  # _Record's methods
class Participation(_Record):
    """A cluster's or organisation's part in a programme or project."""

    id: str
    programme_id: str
    cluster_id: str | None
    organisation_id: str | None
    role: ParticipationRole | None
    detail: str | None
    source_id: str


@attrs.frozen(repr=False, eq=False, getstate_setstate=False)  # _Record's methods
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


@attrs.frozen(repr=False, eq=False, getstate_setstate=False)  # _Record's methods
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


@attrs.frozen(repr=False, eq=False, getstate_setstate=False)  # _Record's methods
class Market(_Record):
    """A country a cluster targets, works in or focuses on."""

    cluster_id: str
    country: str
    name_as_given: str
    scope: MarketScope
    source_id: str


@attrs.frozen(repr=False, eq=False, getstate_setstate=False)  # _Record's methods
class Topic(_Record):
    """A cluster's classification under a scheme."""

    cluster_id: str
    scheme: TopicScheme
    term: str
    term_as_given: str | None
    source_id: str


@attrs.frozen(repr=False, eq=False, getstate_setstate=False)  # _Record's methods
class Vocabulary(_Record):
    """An allowed term of a topic scheme."""

    scheme: TopicScheme
    term: str
    scheme_description: str


@attrs.frozen(repr=False, eq=False, getstate_setstate=False)  # _Record's methods
class Language(_Record):
    """A language a cluster works in (ISO 639-1)."""

    cluster_id: str
    language: str
    name_as_given: str
    source_id: str


@attrs.frozen(repr=False, eq=False, getstate_setstate=False)  # _Record's methods
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
