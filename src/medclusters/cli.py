"""The ``medclusters`` command line: validate a package and summarise its clusters.

Exit codes: 0 success; 1 the package has problems; 2 the command line is wrong.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

import attrs

from medclusters._version import __version__
from medclusters.dataset import Dataset
from medclusters.errors import PackageError
from medclusters.package import load
from medclusters.validation import validate

__all__ = ["main"]


def _counts(cluster_id: str, dataset: Dataset) -> dict[str, int]:
    def count(rows: Sequence[Any]) -> int:
        return sum(1 for row in rows if row.cluster_id == cluster_id)

    return {
        "organisations": len(
            {m.organisation_id for m in dataset.memberships if m.cluster_id == cluster_id}
        ),
        "programmes": count(dataset.participations),
        "labels": count(dataset.labels),
        "partners": count(dataset.collaborations),
        "markets": count(dataset.markets),
        "topics": count(dataset.topics),
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
        print(
            f"  established {established}; members {members}; "
            f"{row['organisations']} named organisations, {row['partners']} partners, "
            f"{row['programmes']} programmes, {row['labels']} labels and awards, "
            f"{row['markets']} target markets, {row['topics']} topics"
        )
    return 0


def _validate(args: argparse.Namespace) -> int:
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


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = argparse.ArgumentParser(prog="medclusters", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"medclusters {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, handler, text in (
        ("info", _info, "summarise the clusters of a package"),
        ("validate", _validate, "validate a package; exit 1 on problems"),
    ):
        command = commands.add_parser(name, help=text, description=text)
        command.add_argument(
            "source", nargs="?", help="folder or datapackage.json (default: the bundled package)"
        )
        command.add_argument("--json", action="store_true", help="print JSON")
        command.set_defaults(handler=handler)
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args))
    except PackageError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
