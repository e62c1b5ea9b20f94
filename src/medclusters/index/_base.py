"""What every lookup family of the Index shares: the Dataset, the finders of clusters,
organisations and programmes, the registry, and the grouping helpers."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from operator import attrgetter
from typing import TYPE_CHECKING, Any, TypeVar

from medclusters.dates import PartialDate
from medclusters.index._finder import Finder, names_elsewhere
from medclusters.records import (
    Cluster,
    MembershipRole,
    Organisation,
    Programme,
    TopicScheme,
)
from medclusters.utils.once import once_property

if TYPE_CHECKING:
    from medclusters.index.registry import Registry
    from medclusters.records.tables import Tables
    from medclusters.results import Party, Shared

__all__ = ["IndexBase", "by", "chronological", "group", "group_all", "member"]

_E = TypeVar("_E")


def member(enum: Any, value: Any, what: str) -> Any:
    """``value`` as a member of ``enum`` (``None`` stays ``None``), or a ValueError naming the
    allowed values.

    >>> from medclusters.records import LabelLevel, MarketScope
    >>> member(LabelLevel, "Bronze", "level"), member(MarketScope, "trans-national", "scope")
    (<LabelLevel.BRONZE: 'bronze'>, <MarketScope.TRANS_NATIONAL: 'trans_national'>)
    """
    if value is None:
        return None
    try:
        return enum(value)
    except ValueError:
        pass
    try:  # "Bronze", "trans-national", "Medical speciality"
        return enum(str(value).strip().casefold().replace("-", "_").replace(" ", "_"))
    except ValueError:
        allowed = ", ".join(item.value for item in enum)
        raise ValueError(f"{what} {value!r} is not one of: {allowed}") from None


def _party_names(
    ds: Tables, records: Sequence[Any], aliases: Sequence[Any], owner: str
) -> Callable[[], Iterable[tuple[str, str | None]]]:
    """(id, key) of every name a cluster or organisation answers to: its name, local name and
    acronym, its other names (``owner`` is their reference field: ``cluster_id``), its
    identifiers and the names collaborations give it."""

    def names() -> Iterable[tuple[str, str | None]]:
        for record in records:
            yield record.id, record.name
            yield record.id, record.local_name
            yield record.id, record.acronym
        yield from ((getattr(alias, owner), alias.name) for alias in aliases)
        yield from names_elsewhere(ds, owner, f"partner_{owner}")

    return names


def chronological(day: PartialDate | None) -> tuple[bool, dt.date | None]:
    """Sort key: by the last day a partial date may mean (a figure "in 2024" after one of
    28 February 2024), unknown dates last."""
    return (day is None, day.last_day() if day is not None else None)


def group(pairs: Iterable[tuple[Any, _E]]) -> dict[Any, tuple[_E, ...]]:
    """key -> its values in first-seen order, each value object once.

    Values are told apart by identity: a Dataset holds one object per row, and hashing a
    record would hash all its fields.
    """
    grouped: dict[Any, dict[int, _E]] = {}
    for key, value in pairs:
        values = grouped.get(key)
        if values is None:
            values = grouped[key] = {}
        values[id(value)] = value
    return {key: tuple(values.values()) for key, values in grouped.items()}


def group_all(pairs: Iterable[tuple[Any, _E]]) -> dict[Any, tuple[_E, ...]]:
    """key -> its values in order, for values already unique under their key."""
    grouped: defaultdict[Any, list[_E]] = defaultdict(list)
    for key, value in pairs:
        grouped[key].append(value)
    return {key: tuple(values) for key, values in grouped.items()}


def by(field: str, rows: Sequence[_E]) -> dict[Any, tuple[_E, ...]]:
    """The rows grouped by one field's value, in order (the common case, at C speed)."""
    return group_all(zip(map(attrgetter(field), rows), rows, strict=True))


class IndexBase:
    """The finders and the answers worked out per key, shared by the lookup families."""

    def __init__(self, dataset: Tables) -> None:
        self.dataset = dataset
        # answers worked out per key on first ask, from the grouped rows
        self._members: dict[tuple[str, MembershipRole | None], tuple[Organisation, ...]] = {}
        self._clusters_of: dict[str, tuple[Cluster, ...]] = {}
        self._with_topic: dict[tuple[str, TopicScheme | None], tuple[Cluster, ...]] = {}
        self._sets: dict[str, dict[str, Any]] = {}
        self._shared: dict[tuple[str, str], Shared] = {}

    @once_property
    def clusters(self) -> Finder[Cluster]:
        ds = self.dataset
        names = _party_names(ds, ds.clusters, ds.cluster_names, "cluster_id")
        return Finder("cluster", ds.clusters, Cluster, names)

    @once_property
    def organisations(self) -> Finder[Organisation]:
        ds = self.dataset
        names = _party_names(ds, ds.organisations, ds.organisation_names, "organisation_id")
        return Finder("organisation", ds.organisations, Organisation, names)

    @once_property
    def programmes(self) -> Finder[Programme]:
        ds = self.dataset

        def names() -> Iterable[tuple[str, str | None]]:
            for p in ds.programmes:
                for text in (p.name, p.local_name, p.acronym, p.reference):
                    yield p.id, text

        return Finder("programme", ds.programmes, Programme, names)

    @once_property
    def registry(self) -> Registry:
        """Statuses, relationships, names over time and identifiers (imported on first use)."""
        from medclusters.index.registry import Registry

        return Registry(self.dataset, lambda key: self.clusters.find(key).id)

    @staticmethod
    def country_code(text: str) -> str:
        """The alpha-2 code of any spelling :func:`medclusters.country` accepts (the country
        index imported on the first question that names a country)."""
        from medclusters.countries import country

        return country(text).alpha_2

    def party(self, cluster_id: str | None, organisation_id: str | None) -> Party:
        """The cluster or organisation a row's pair of references names (the loader has
        checked that exactly one is given)."""
        if cluster_id is not None:
            return self.clusters.by_id[cluster_id]
        return self.organisations.by_id[organisation_id]  # type: ignore[index]

    def subject(self, key: Any) -> Cluster | Organisation | Programme:
        """A cluster, organisation or programme given by its record or any key, in that order
        of preference; NotFoundError names the closest clusters where none answers."""
        if isinstance(key, Cluster | Organisation | Programme):
            return key
        found = self.clusters.get(key) or self.organisations.get(key) or self.programmes.get(key)
        return found if found is not None else self.clusters.find(key)
