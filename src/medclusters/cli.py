"""The ``medclusters`` command line: look up, validate, export and publish the dataset.

Exit codes: 0 success; 1 the package has problems or cannot be read; 2 the command line is
wrong; 3 a cluster or country named on the command line was not found.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs

from medclusters._version import __version__
from medclusters.dataset import Dataset
from medclusters.errors import NotFoundError, PackageError
from medclusters.package import load

__all__ = ["main"]


def _counts(cluster_id: str, dataset: Dataset) -> dict[str, int]:
    """Counts through the lookups, so they agree with `show` and `partners`: partners stated
    by either side, each market country once."""
    return {
        "organisations": len(dataset.members_of(cluster_id)),
        "programmes": len(dataset.programmes_of(cluster_id)),
        "labels": len(dataset.labels_of(cluster_id)),
        "partners": len(dataset.partners_of(cluster_id)),
        "markets": len({m.country for m in dataset.markets if m.cluster_id == cluster_id}),
        "topics": sum(1 for t in dataset.topics if t.cluster_id == cluster_id),
    }


def _summary(dataset: Dataset) -> list[dict[str, object]]:
    return [
        {
            "id": cluster.id,
            "name": cluster.name,
            "local_name": cluster.local_name,
            "acronym": cluster.acronym,
            "country": cluster.country,
            "established": None if cluster.established is None else str(cluster.established),
            "members_total": cluster.members_total,
            **_counts(cluster.id, dataset),
        }
        for cluster in dataset.clusters
    ]


def _info(args: argparse.Namespace) -> int:
    dataset = load(args.source)
    rows = _summary(dataset)
    if args.json:
        print(
            json.dumps(
                {"name": dataset.name, "version": dataset.version, "clusters": rows},
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    print(
        f"{dataset.name} {dataset.version}: {len(dataset.clusters)} clusters, "
        f"{len(dataset.organisations)} organisations, {len(dataset.programmes)} programmes, "
        f"{len(dataset.sources)} sources"
    )
    for row in rows:
        established = row["established"] or "?"
        members = row["members_total"] if row["members_total"] is not None else "?"
        print(f"\n{row['name']} [{row['country']}]")
        if row["local_name"]:
            print(f"  {row['local_name']}")
        print(f"  established {established}; members {members}")
        print(
            f"  {row['organisations']} named organisations, {row['partners']} partners, "
            f"{row['programmes']} programmes, {row['labels']} labels and awards"
        )
        print(f"  {row['markets']} target market countries, {row['topics']} topics")
    return 0


def _validate(args: argparse.Namespace) -> int:
    from medclusters.validation import validate

    report = validate(args.source)
    if args.json:
        print(
            json.dumps(
                {
                    "source": report.source,
                    "valid": report.valid,
                    "problems": [attrs.asdict(p) for p in report.problems],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        print(report)
    return 0 if report.valid else 1


def _print_json(value: object) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2))


def _clusters(args: argparse.Namespace) -> int:
    dataset = load(args.source)
    if args.json:
        _print_json(_summary(dataset))
        return 0
    width = max(len(c.id) for c in dataset.clusters) if dataset.clusters else 0
    for cluster in dataset.clusters:
        members = "?" if cluster.members_total is None else cluster.members_total
        print(f"{cluster.id:<{width}}  {cluster.country}  {members:>4}  {cluster.name}")
    return 0


def _record(record: Any) -> dict[str, Any]:
    from medclusters.export import _plain

    return {a.name: _plain(getattr(record, a.name)) for a in attrs.fields(type(record))}


def _show(args: argparse.Namespace) -> int:
    dataset = load(args.source)
    cluster = dataset.cluster(args.cluster)
    details: dict[str, Any] = {
        "cluster": _record(cluster),
        "names": [_record(n) for n in dataset.cluster_names if n.cluster_id == cluster.id],
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
    print(f"{cluster.name} ({cluster.id}), {cluster.country}")
    for label, value in (
        ("local name", cluster.local_name),
        ("acronym", cluster.acronym),
        ("established", cluster.established),
        ("members", cluster.members_total),
        ("website", cluster.website),
    ):
        if value is not None:
            print(f"  {label}: {value}")
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


#: How a bounded figure is shown: "more than 80" as ">80".
_BOUND = {"exact": "", "more_than": ">", "at_least": ">=", "about": "~", "up_to": "<="}


def _item(label: str, text: str) -> None:
    """``label: text``, wrapped to the terminal's width with a hanging indent."""
    width = min(shutil.get_terminal_size((100, 24)).columns, 100)
    print(textwrap.fill(f"{label}: {text}", width, initial_indent="  ", subsequent_indent="    "))


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
        print(f"{partner.id:<{width}}  {partner.country or '--'}  {kind:<12}  {partner.name}")
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
            print(f"{item['text']}\t?\t{item['error']}")
        else:
            print(f"{item['text']}\t{item['alpha_2']}\t{item['name']}")
    return status


_FORMATS = ("json", "jsonld", "sqlite", "parquet")


def _export(args: argparse.Namespace) -> int:
    dataset = load(args.source)
    if args.format in ("sqlite", "parquet") and not args.out:
        print(f"error: export {args.format} needs --out PATH", file=sys.stderr)
        return 2
    if args.format == "sqlite":
        print(dataset.to_sqlite(args.out))
        return 0
    if args.format == "parquet":
        for path in dataset.to_parquet(args.out):
            print(path)
        return 0
    text = (
        dataset.to_json()
        if args.format == "json"
        else json.dumps(dataset.to_jsonld(), ensure_ascii=False, indent=2) + "\n"
    )
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        print(args.out)
    else:
        sys.stdout.write(text)
    return 0


def _diff(args: argparse.Namespace) -> int:
    from medclusters.changes import diff

    changes = diff(args.old, args.new)
    if args.json:
        _print_json(changes.to_dict())
    elif args.markdown:
        sys.stdout.write(changes.to_markdown())
    else:
        print(f"{changes.old_version} -> {changes.new_version}")
        print(changes.summary())
    return 0


def _release(args: argparse.Namespace) -> int:
    from medclusters import release

    if args.stamp:
        print("stamped" if release.stamp(args.source) else "already stamped")
        return 0
    for path in release.build(args.out, args.source):
        print(path)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = argparse.ArgumentParser(
        prog="medclusters",
        description=__doc__.splitlines()[0],
        epilog="exit codes: 0 success, 1 package problems, 2 usage, 3 not found",
    )
    parser.add_argument("--version", action="version", version=f"medclusters {__version__}")
    source_help = "folder, datapackage.json, zip or http(s) URL (default: the bundled package)"
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-s", "--source", help=source_help)
    listing = argparse.ArgumentParser(add_help=False)
    listing.add_argument("--json", action="store_true", help="print JSON")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, handler: Any, text: str, *parents: argparse.ArgumentParser) -> Any:
        command = commands.add_parser(name, help=text, description=text, parents=list(parents))
        command.set_defaults(handler=handler)
        return command

    for name, handler, text in (
        ("info", _info, "summarise the clusters of a package"),
        ("validate", _validate, "validate a package; exit 1 on problems"),
    ):
        command = add(name, handler, text, listing)
        command.add_argument("source", nargs="?", help=source_help)
    add("clusters", _clusters, "list the clusters", common, listing)
    add("show", _show, "everything known of one cluster", common, listing).add_argument(
        "cluster", help="id, name, acronym or alias"
    )
    add(
        "partners", _partners, "a cluster's partners, both directions", common, listing
    ).add_argument("cluster", help="id, name, acronym or alias")
    command = add("country", _country, "normalise country names to ISO 3166-1", listing)
    command.add_argument("text", nargs="+", help="country names or codes, in any language")
    command.add_argument("--language", help="ISO 639-1 hint for ambiguous names")
    command = add("export", _export, "write the dataset in another format", common)
    command.add_argument("format", choices=_FORMATS)
    command.add_argument("-o", "--out", help="file (folder for parquet); default: stdout")
    command = add("diff", _diff, "rows added, removed and changed between two packages")
    command.add_argument("old", help="the older package: " + source_help)
    command.add_argument("new", help="the newer package")
    formats = command.add_mutually_exclusive_group()
    formats.add_argument("--json", action="store_true", help="print every row as JSON")
    formats.add_argument("--markdown", action="store_true", help="print a Markdown changelog")
    command = add("release", _release, "build the release zips (full and public)")
    command.add_argument("source", nargs="?", help="package folder (default: the bundled one)")
    command.add_argument("--out", default="dist", help="folder for the zips (default: dist)")
    command.add_argument("--stamp", action="store_true", help="re-record sizes and hashes")
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args))
    except NotFoundError as error:
        print(f"error: {error}", file=sys.stderr)
        return 3
    except PackageError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
