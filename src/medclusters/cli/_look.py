"""The commands that read a package and answer: info, validate, clusters, show, coverage,
partners and country."""

from __future__ import annotations

import argparse
from collections import Counter
from typing import Any

import attrs

from medclusters.cli._output import _item, _plural, _print_json, _say
from medclusters.dataset import Dataset
from medclusters.errors import NotFoundError
from medclusters.package import load

# -- commands ----------------------------------------------------------------------------------


def _counts(dataset: Dataset) -> dict[str, dict[str, int]]:
    """Cluster id -> its counts, through the lookups (given records: no search of names), so
    they agree with show and partners; markets (each country once) and topics in one pass."""
    pairs = dict.fromkeys((market.cluster_id, market.country) for market in dataset.markets)
    markets, topics = Counter(c for c, _ in pairs), Counter(t.cluster_id for t in dataset.topics)
    return {
        cluster.id: {
            "organisations": len(dataset.members_of(cluster)),
            "programmes": len(dataset.programmes_of(cluster)),
            "labels": len(dataset.labels_of(cluster)),
            "partners": len(dataset.partners_of(cluster)),
            "markets": markets[cluster.id],
            "topics": topics[cluster.id],
        }
        for cluster in dataset.clusters
    }


def _summary(dataset: Dataset) -> list[dict[str, object]]:
    counts = _counts(dataset)
    return [
        {
            "id": cluster.id,
            "name": cluster.name,
            "local_name": cluster.local_name,
            "acronym": cluster.acronym,
            "country": cluster.country,
            "established": None if cluster.established is None else str(cluster.established),
            "members_total": cluster.members_total,
            **counts[cluster.id],
        }
        for cluster in dataset.clusters
    ]


def _info(args: argparse.Namespace) -> int:
    dataset = load(args.source)
    if args.json:
        _print_json(
            {"name": dataset.name, "version": dataset.version, "clusters": _summary(dataset)}
        )
        return 0
    _say(
        f"{dataset.name} {dataset.version}: {_plural(len(dataset.clusters), 'cluster')}, "
        f"{_plural(len(dataset.organisations), 'organisation')}, "
        f"{_plural(len(dataset.programmes), 'programme')}, "
        f"{_plural(len(dataset.sources), 'source')}"
    )
    tallies = _counts(dataset)
    for cluster in dataset.clusters:
        counts = tallies[cluster.id]
        members = "?" if cluster.members_total is None else cluster.members_total
        _say(f"\n{cluster.name} [{cluster.country}]")
        if cluster.local_name:
            _say(f"  {cluster.local_name}")
        _say(f"  established {cluster.established or '?'}; members {members}")
        _say(
            f"  {_plural(counts['organisations'], 'named organisation')}, "
            f"{_plural(counts['partners'], 'partner')}, "
            f"{_plural(counts['programmes'], 'programme')}, "
            f"{_plural(counts['labels'], 'label or award', 'labels and awards')}"
        )
        countries = _plural(counts["markets"], "target market country", "target market countries")
        _say(f"  {countries}, {_plural(counts['topics'], 'topic')}")
    return 0


def _validate(args: argparse.Namespace) -> int:
    from medclusters.validation import validate

    report = validate(args.source)
    if args.json:
        _print_json(
            {
                "source": report.source,
                "valid": report.valid,
                "problems": [attrs.asdict(p) for p in report.problems],
            }
        )
    else:
        _say(report)
    return 0 if report.valid else 1


def _clusters(args: argparse.Namespace) -> int:
    dataset = load(args.source)
    if args.json:
        _print_json(_summary(dataset))
        return 0
    width = max(len(c.id) for c in dataset.clusters) if dataset.clusters else 0
    for cluster in dataset.clusters:
        members = "?" if cluster.members_total is None else cluster.members_total
        _say(f"{cluster.id:<{width}}  {cluster.country}  {members:>4}  {cluster.name}")
    return 0


def _record(record: Any) -> dict[str, Any]:
    from medclusters.export import plain

    return {a.name: plain(getattr(record, a.name)) for a in attrs.fields(type(record))}


#: How a bounded figure is shown: "more than 80" as ">80".
_BOUND = {"exact": "", "more_than": ">", "at_least": ">=", "about": "~", "up_to": "<="}


def _show(args: argparse.Namespace) -> int:
    dataset = load(args.source)
    cluster = dataset.cluster(args.cluster)
    details: dict[str, Any] = {
        "cluster": _record(cluster),
        "names": [_record(n) for n in dataset.names_of(cluster)],
        "statuses": [_record(s) for s in dataset.statuses_of(cluster)],
        "relationships": [_record(r) for r in dataset.relationships_of(cluster)],
        "identifiers": [_record(i) for i in dataset.identifiers_of(cluster)],
        "members": [
            {"role": m.role.value, **_record(dataset.organisation(m.organisation_id))}
            for m in dataset.memberships_of(cluster)
        ],
        "partners": [_record(p) for p in dataset.partners_of(cluster)],
        "programmes": [_record(p) for p in dataset.programmes_of(cluster, with_parents=True)],
        "labels": [_record(label) for label in dataset.labels_of(cluster)],
        "markets": [_record(m) for m in dataset.markets if m.cluster_id == cluster.id],
        "observations": [_record(o) for o in dataset.observations_of(cluster)],
        "events": [_record(e) for e in dataset.events_of(cluster)],
        "claims": [_record(c) for c in dataset.claims_about(cluster)],
        "sources": [
            {"field": a.field, "note": a.note, **_record(a.source)}
            for a in dataset.sources_of(cluster)
        ],
    }
    if args.json:
        _print_json(details)
        return 0
    _say(f"{cluster.name} ({cluster.id}), {cluster.country}")
    for label, value in (
        ("local name", cluster.local_name),
        ("acronym", cluster.acronym),
        ("established", cluster.established),
        ("members", cluster.members_total),
        ("website", cluster.website),
    ):
        if value is not None:
            _say(f"  {label}: {value}")
    _lifecycle(dataset, cluster)
    roles: dict[str, list[str]] = {}
    for member in details["members"]:
        roles.setdefault(member["role"], []).append(member["name"])
    for role, names in roles.items():
        shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
        _item(f"{role.replace('_', ' ')} ({len(names)})", shown)
    for key in ("partners", "programmes", "labels"):
        if details[key]:
            _item(key, "; ".join(item["name"] for item in details[key]))
    if details["markets"]:
        _item("markets", " ".join(dict.fromkeys(m["country"] for m in details["markets"])))
    members = [o for o in dataset.observations_of(cluster) if o.measure.value == "members"]
    if members:
        _item(
            "members over time",
            "; ".join(
                f"{_BOUND[o.bound.value]}{o.value} ({o.as_of or 'undated'})" for o in members
            ),
        )
    events = dataset.events_of(cluster)
    if events:
        _item("events", "; ".join(f"{e.name} ({e.start or 'undated'})" for e in events))
    disagreements = [c for c in details["claims"] if c["kind"] == "disagreement"]
    if disagreements:
        _item(
            "sources disagree on",
            "; ".join(f"{c['field']} (also {c['value']}, {c['source_id']})" for c in disagreements),
        )
    return 0


def _span(since: object, until: object) -> str:
    """`` (2004-2019)``, `` (since 2013)``, `` (until 2019)`` or nothing."""
    if since and until:
        return f" ({since} to {until})"
    return f" (since {since})" if since else f" (until {until})" if until else ""


def _lifecycle(dataset: Dataset, cluster: Any) -> None:
    """The registry lines of ``show``: status, former names, relationships, identifiers."""
    status = dataset.status_of(cluster)
    if status is not None:
        when = status.since or status.as_of
        _say(f"  status: {status.status.value}{f' ({when})' if when else ''} [{status.source_id}]")
    former = [n for n in dataset.names_of(cluster) if n.name_type.value == "former"]
    if former:
        _item(
            "former names",
            "; ".join(f"{n.name}{_span(n.valid_from, n.valid_until)}" for n in former),
        )
    inverse = {"successor": "predecessor", "member_of": "has member", "related": "related"}
    for edge in dataset.relationships_of(cluster):
        if edge.cluster_id == cluster.id:
            label, other = edge.relation.value.replace("_", " "), edge.related_cluster_id
        else:
            label, other = inverse[edge.relation.value], edge.cluster_id
        _item(label, f"{dataset.cluster(other).name} ({other}){_span(edge.since, edge.until)}")
    identifiers = dataset.identifiers_of(cluster)
    if identifiers:
        _item("identifiers", "; ".join(f"{i.scheme} {i.value}" for i in identifiers))


def _coverage(args: argparse.Namespace) -> int:
    from medclusters import coverage  # the front door's, loaded on first use

    report = coverage(load(args.source))
    if args.json:
        _print_json(report.to_dict())
        return 0
    leads = _plural(len(report.leads), "lead")
    _say(
        f"coverage of {report.version}: {_plural(len(report.clusters), 'cluster')} in "
        f"{_plural(sum(1 for c in report.countries if c.clusters), 'country', 'countries')}, "
        f"{leads} not yet profiled"
    )
    _say("\nprofile facts filled, share of clusters:")
    for field, rate in report.field_rates().items():
        _say(f"  {field:<18} {rate:>5.0%}")
    _say("\nper country (clusters, leads, mean fill):")
    for country in report.countries:
        fill = "-" if country.fill_rate is None else f"{country.fill_rate:.0%}"
        _say(f"  {country.country or '??'}  {country.clusters:>3}  {country.leads:>3}  {fill:>5}")
    _say(f"\nper cluster (fill of {len(report.field_rates())} facts, sources, missing):")
    width = max((len(c.cluster_id) for c in report.clusters), default=0)
    for row in report.clusters:
        missing = ", ".join(row.missing) or "-"
        _say(
            f"  {row.cluster_id:<{width}}  {row.country}  {row.fill_rate:>4.0%}  "
            f"{row.sources:>3}  {missing}"
        )
    if report.leads:
        _say("\nleads (named by a page, too little to profile):")
        for lead in report.leads:
            _item(f"{lead.name} [{lead.country or '??'}]", f"{lead.why} [{lead.source_id}]")
    return 0


def _partners(args: argparse.Namespace) -> int:
    dataset = load(args.source)
    cluster = dataset.cluster(args.cluster)
    partners = dataset.partners_of(cluster)
    if args.json:
        _print_json([{**_record(p), "type": type(p).__name__.lower()} for p in partners])
        return 0
    width = max((len(p.id) for p in partners), default=0)
    for partner in partners:
        kind = "cluster" if type(partner).__name__ == "Cluster" else "organisation"
        _say(f"{partner.id:<{width}}  {partner.country or '--'}  {kind:<12}  {partner.name}")
    return 0


def _country(args: argparse.Namespace) -> int:
    from medclusters import countries

    found = []
    status = 0
    for text in args.text:
        try:
            country = countries.country(text, language=args.language)
        except NotFoundError as error:
            found.append({"text": text, "error": str(error), "suggestions": error.suggestions})
            status = 3
        else:
            found.append({"text": text, **attrs.asdict(country)})
    if args.json:
        _print_json(found)
        return status
    for item in found:
        if "error" in item:
            _say(f"{item['text']}\t?\t{item['error']}")
        else:
            _say(f"{item['text']}\t{item['alpha_2']}\t{item['name']}")
    return status
