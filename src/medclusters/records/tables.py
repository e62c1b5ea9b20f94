"""The tables of one loaded data package: a tuple of records per resource, and the package's
name, version, descriptor and origin. :class:`~medclusters.Dataset` adds the questions asked
of them; the modules below it (the indexes, the views, the rules, the card) take ``Tables``,
so that none of them needs the Dataset's module."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Self

import attrs

from medclusters.records import (
    RECORD_TYPES,
    Budget,
    Citation,
    Claim,
    Cluster,
    ClusterName,
    Collaboration,
    Contact,
    Event,
    EventRole,
    Identifier,
    IdentifierScheme,
    Label,
    Language,
    Lead,
    Market,
    Membership,
    Observation,
    Organisation,
    OrganisationName,
    Participation,
    Programme,
    Relationship,
    Source,
    Statement,
    Status,
    Topic,
    Vocabulary,
)
from medclusters.utils.once import stored

__all__ = ["Tables"]


def _table() -> Any:
    return attrs.field(repr=False)


@attrs.frozen(eq=False, slots=False)
class Tables:
    """The records of a data package: ``clusters``, ``organisations``, ...

    Each resource is a tuple of frozen records in the order of its CSV file. ``name`` and
    ``version`` come from the package descriptor (the dataset's version, not the library's).
    """

    name: str
    version: str
    descriptor: dict[str, Any] = attrs.field(factory=dict, repr=False, kw_only=True)
    #: Where the package was read from: its folder, zip file or URL (None if built in code).
    origin: str | None = attrs.field(default=None, repr=False, kw_only=True)
    sources: tuple[Source, ...] = _table()
    clusters: tuple[Cluster, ...] = _table()
    leads: tuple[Lead, ...] = _table()
    cluster_names: tuple[ClusterName, ...] = _table()
    statuses: tuple[Status, ...] = _table()
    relationships: tuple[Relationship, ...] = _table()
    organisations: tuple[Organisation, ...] = _table()
    organisation_names: tuple[OrganisationName, ...] = _table()
    memberships: tuple[Membership, ...] = _table()
    programmes: tuple[Programme, ...] = _table()
    identifier_schemes: tuple[IdentifierScheme, ...] = _table()
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

    @classmethod
    def deferred(
        cls,
        build: Callable[[str], tuple[Any, ...]],
        *,
        name: str,
        version: str,
        descriptor: dict[str, Any],
        origin: str | None,
    ) -> Self:
        """Tables made on first use, each once, by ``build(resource name)``: for a package
        whose every check was made before (the bundled package's prebuilt tables). Reading a
        table, ``tables()``, ``repr`` and pickling build what they touch; nothing else
        differs from tables passed in."""
        made = cls.__new__(cls)  # attrs' __init__ wants every table now
        made.__dict__.update(
            name=name, version=version, descriptor=descriptor, origin=origin, _deferred=build
        )
        return made

    if not TYPE_CHECKING:  # only for tables not made yet; to the type checker, no such hook

        def __getattr__(self, name: str) -> Any:
            build = self.__dict__.get("_deferred")
            if build is None or name not in RECORD_TYPES:
                raise AttributeError(
                    f"{type(self).__name__!r} object has no attribute {name!r}", name=name, obj=self
                )
            return stored(self, name, lambda _: build(name))

    def __getstate__(self) -> dict[str, Any]:
        """The instance's state with every table made (a deferred build is not pickled)."""
        self.tables()
        return {key: value for key, value in self.__dict__.items() if key != "_deferred"}

    def tables(self) -> dict[str, tuple[Any, ...]]:
        """Resource name -> its records, in the package's resource order."""
        return {name: getattr(self, name) for name in RECORD_TYPES}

    def __repr__(self) -> str:
        counts = ", ".join(f"{name}={len(rows)}" for name, rows in self.tables().items())
        return f"{type(self).__name__}(name={self.name!r}, version={self.version!r}, {counts})"
