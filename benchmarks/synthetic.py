"""Synthetic data packages with the real package's schema, for benchmarks at scale.

``build(target, copies)`` writes ``copies`` copies of every row of the bundled package, with
every identifier suffixed by the copy number (``lhtc.17``) so keys stay unique and references
stay whole, and names suffixed too (``Latvian Health Tourism Cluster 17``) so name lookups
stay unambiguous. Resources keyed without identifiers (``vocabularies``) are written once.
Every resource is stamped with its ``bytes`` and sha256 ``hash``, as the bundled package is,
so a load checks them. ``members_per_cluster`` replaces the copied memberships by that many
per cluster, drawn in a fixed pattern from the organisations.

    python benchmarks/synthetic.py /tmp/pkg-500 500 --members-per-cluster 100
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

from medclusters import Limits, bundled_path

#: Every text a lookup answers to, in the resources that give it: suffixed in each copy.
NAME_FIELDS = {"name", "local_name", "acronym", "reference", "name_as_given", "value"}
RECORD_NAMES = {
    "clusters",
    "organisations",
    "programmes",
    "cluster_names",
    "organisation_names",
    "collaborations",
    "identifiers",
}


def _is_id(field: str) -> bool:
    return field == "id" or field.endswith("_id")


def build(target: Path, copies: int, *, members_per_cluster: int | None = None) -> Path:
    """Write the synthetic package into ``target`` (replaced) and return its descriptor."""
    source = bundled_path().parent  # bundled_path() is the descriptor
    descriptor: dict[str, Any] = json.loads((source / "datapackage.json").read_text("utf-8"))
    if target.exists():
        shutil.rmtree(target)
    (target / "data").mkdir(parents=True)
    descriptor["name"] = f"{descriptor['name']}-x{copies}"
    organisations: list[str] = []
    clusters: list[str] = []
    for resource in descriptor["resources"]:
        with (source / resource["path"]).open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader)
            rows = list(reader)
        primary = resource["schema"].get("primaryKey", [])
        primary = [primary] if isinstance(primary, str) else primary
        repeat = copies if any(_is_id(field) for field in primary) else 1
        ids = [i for i, field in enumerate(header) if _is_id(field)]
        names = [i for i, field in enumerate(header) if field in NAME_FIELDS]
        out = []
        for copy in range(repeat):
            for row in rows:
                new = list(row)
                if copy:
                    for i in ids:
                        if new[i]:
                            new[i] = f"{new[i]}.{copy}"
                    if resource["name"] in RECORD_NAMES:
                        for i in names:
                            if new[i]:
                                new[i] = f"{new[i]} {copy}"
                out.append(new)
        if resource["name"] == "organisations":
            organisations = [row[header.index("id")] for row in out]
        if resource["name"] == "clusters":
            clusters = [row[header.index("id")] for row in out]
        if resource["name"] == "memberships" and members_per_cluster:
            out = _memberships(header, clusters, organisations, members_per_cluster)
        with (target / resource["path"]).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(out)
        data = (target / resource["path"]).read_bytes()  # stamped as the real package is, so
        resource["bytes"] = len(data)  # every load checks the size and hash of every file
        resource["hash"] = f"sha256:{hashlib.sha256(data).hexdigest()}"
    path = target / "datapackage.json"
    path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False), encoding="utf-8")
    return path


def _memberships(
    header: list[str], clusters: list[str], organisations: list[str], per_cluster: int
) -> list[list[str]]:
    rows = []
    for number, cluster in enumerate(clusters):
        for offset in range(per_cluster):
            organisation = organisations[(number * per_cluster + offset) % len(organisations)]
            values = {
                "cluster_id": cluster,
                "organisation_id": organisation,
                "role": "major_player",
                "source_id": "eccp-lhtc",
            }
            rows.append([values.get(field, "") for field in header])  # other columns unknown
    return rows


#: Limits wide enough for the largest synthetic package (the defaults stop at 5M cells).
LIMITS_ARGS = {"max_rows": 10_000_000, "max_cells": 200_000_000, "max_bytes": 2**30,
               "max_total_bytes": 2**32}  # fmt: skip
LIMITS = Limits(**LIMITS_ARGS)


def with_citations(ds: Any, count: int) -> Any:
    """``ds`` with ``count`` more citations, spread over every cluster's fields in turn (the
    cluster page looks up a fact's citations once per fact)."""
    import attrs

    from medclusters import Citation

    fields = [
        f.name for f in attrs.fields(type(ds.clusters[0])) if f.name not in {"id", "source_id"}
    ]
    sources = [source.id for source in ds.sources]
    extra = tuple(
        Citation(
            id=f"bench-{number}",
            resource="clusters",
            subject_id=ds.clusters[number % len(ds.clusters)].id,
            field=fields[number // len(ds.clusters) % len(fields)],
            source_id=sources[number % len(sources)],
            note=None,
        )
        for number in range(count)
    )
    return attrs.evolve(ds, citations=(*ds.citations, *extra))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", type=Path)
    parser.add_argument("copies", type=int)
    parser.add_argument("--members-per-cluster", type=int)
    args = parser.parse_args()
    print(build(args.target, args.copies, members_per_cluster=args.members_per_cluster))


if __name__ == "__main__":
    main()
