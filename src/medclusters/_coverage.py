"""How much of the field the dataset covers (:func:`medclusters.coverage`; the module is
private so that its name does not hide the function): per cluster, which
profile facts are filled and from how many sources; per country, the clusters, the leads and
the fill rate; and the leads not yet profiled, each with the page that names it.

>>> import medclusters as mc
>>> report = mc.coverage()
>>> report.clusters[0].cluster_id, 0.0 < report.clusters[0].fill_rate <= 1.0
('lhtc', True)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import attrs

from medclusters.index.registry import sources_about

if TYPE_CHECKING:
    from medclusters.records import Lead
    from medclusters.records.tables import Tables

__all__ = ["PROFILE", "ClusterCoverage", "CountryCoverage", "Coverage", "coverage"]

#: The facts of a cluster's profile, in the order the report shows them.
PROFILE: tuple[str, ...] = (
    "local_name",
    "acronym",
    "region",
    "city",
    "established",
    "organisation_type",
    "website",
    "description",
    "status",
    "members",
    "topics",
    "members_named",
    "programmes",
    "labels",
    "partners",
    "identifiers",
)


@attrs.frozen
class ClusterCoverage:
    """One cluster: which profile facts (:data:`PROFILE`) are filled, and its sources."""

    cluster_id: str
    name: str
    country: str
    filled: tuple[str, ...]
    missing: tuple[str, ...]
    sources: int

    @property
    def fill_rate(self) -> float:
        """Filled profile facts over all of them."""
        return len(self.filled) / len(PROFILE)


@attrs.frozen
class CountryCoverage:
    """One country: its clusters, its leads and their mean fill rate."""

    country: str
    clusters: int
    leads: int
    fill_rate: float | None


@attrs.frozen
class Coverage:
    """The coverage report of one dataset."""

    version: str
    clusters: tuple[ClusterCoverage, ...]
    countries: tuple[CountryCoverage, ...]
    leads: tuple[Lead, ...]

    def field_rates(self) -> dict[str, float]:
        """Profile fact -> the share of clusters that have it."""
        total = len(self.clusters) or 1
        return {field: sum(field in c.filled for c in self.clusters) / total for field in PROFILE}

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {
            "version": self.version,
            "profile": list(PROFILE),
            "field_rates": self.field_rates(),
            "clusters": [
                {**attrs.asdict(c), "fill_rate": round(c.fill_rate, 3)} for c in self.clusters
            ],
            "countries": [attrs.asdict(c) for c in self.countries],
            "leads": [
                {
                    name: getattr(lead, name)
                    for name in ("id", "name", "country", "why", "source_id")
                }
                for lead in self.leads
            ],
        }


def _ids(rows: Iterable[Any], field: str = "cluster_id") -> set[str]:
    return {getattr(row, field) for row in rows if getattr(row, field) is not None}


def coverage(dataset: Tables | None = None) -> Coverage:
    """The coverage report of ``dataset`` (the bundled package by default)."""
    if dataset is None:
        from medclusters.package import load

        dataset = load()
    ds = dataset
    partners = _ids(ds.collaborations) | _ids(ds.collaborations, "partner_cluster_id")
    has = {
        "status": _ids(ds.statuses),
        "members": _ids(o for o in ds.observations if o.measure.value == "members")
        | {c.id for c in ds.clusters if c.members_total is not None},
        "topics": _ids(ds.topics),
        "members_named": _ids(ds.memberships),
        "programmes": _ids(ds.participations),
        "labels": _ids(ds.labels),
        "partners": partners
        | _ids(ds.relationships)
        | _ids(ds.relationships, "related_cluster_id"),
        "identifiers": _ids(ds.identifiers),
    }
    sources = sources_about(ds)
    rows = []
    for cluster in ds.clusters:
        filled = tuple(
            field
            for field in PROFILE
            if (cluster.id in has[field] if field in has else getattr(cluster, field) is not None)
        )
        missing = tuple(field for field in PROFILE if field not in filled)
        rows.append(
            ClusterCoverage(
                cluster.id, cluster.name, cluster.country, filled, missing, len(sources[cluster.id])
            )
        )
    by_country: defaultdict[str, list[ClusterCoverage]] = defaultdict(list)
    for row in rows:
        by_country[row.country].append(row)
    leads_by_country: defaultdict[str, int] = defaultdict(int)
    for lead in ds.leads:
        leads_by_country[lead.country or ""] += 1
    countries = tuple(
        CountryCoverage(
            code,
            len(by_country.get(code, ())),
            leads_by_country.get(code, 0),
            (
                sum(c.fill_rate for c in by_country[code]) / len(by_country[code])
                if by_country.get(code)
                else None
            ),
        )
        for code in sorted({*by_country, *leads_by_country})
    )
    return Coverage(ds.version, tuple(rows), countries, ds.leads)
