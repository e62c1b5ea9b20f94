"""What sources say and show: statements, dated observations, events and their roles, and
the claims and citations that tie a value to its sources.
"""

from __future__ import annotations

import attrs

from medclusters.dates import PartialDate
from medclusters.records._base import _Record
from medclusters.records._enums import (
    Bound,
    ClaimKind,
    EventKind,
    EventRoleKind,
    Measure,
    StatementKind,
)

__all__ = ["Citation", "Claim", "Event", "EventRole", "Observation", "Statement"]


@attrs.frozen(repr=False, eq=False, getstate_setstate=False)  # _Record's methods
class Statement(_Record):
    """What a source says of a cluster's aims, services or record, in the editors' words."""

    id: str
    cluster_id: str
    kind: StatementKind
    text: str
    source_id: str


@attrs.frozen(repr=False, eq=False, getstate_setstate=False)  # _Record's methods
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


@attrs.frozen(repr=False, eq=False, getstate_setstate=False)  # _Record's methods
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


@attrs.frozen(repr=False, eq=False, getstate_setstate=False)  # _Record's methods
class EventRole(_Record):
    """A cluster's or organisation's part in an event."""

    id: str
    event_id: str
    cluster_id: str | None
    organisation_id: str | None
    role: EventRoleKind
    detail: str | None
    source_id: str


@attrs.frozen(repr=False, eq=False, getstate_setstate=False)  # _Record's methods
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


@attrs.frozen(repr=False, eq=False, getstate_setstate=False)  # _Record's methods
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
