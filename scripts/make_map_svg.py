"""Draw the clusters on a map of Europe: docs/map.svg and datapackage/map.svg (the dataset
card shows the copy beside it; the release zips carry it).

Offline and from the data alone: each cluster is placed at its city's coordinates
(`clusters.latitude` and `longitude`, derived from GeoNames and marked so in `claims`), on
Natural Earth's country outlines (scripts/data/europe-basemap.json, public domain; see
scripts/make_basemap.py), in the Lambert azimuthal equal-area projection the EU uses for
maps of Europe (EPSG:3035's centre, on a sphere). No tile server, no script, no font file.

Run: python scripts/make_map_svg.py   (a test fails when either file is stale)
"""

from __future__ import annotations

import json
import math
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import medclusters as mc

ROOT = Path(__file__).resolve().parent.parent
BASEMAP = ROOT / "scripts" / "data" / "europe-basemap.json"
TARGETS = (ROOT / "docs" / "map.svg", ROOT / "datapackage" / "map.svg")
WIDTH = 830
#: The frame: every point of Europe the dataset may hold (Iceland to Turkey, Crete to the
#: North Cape), in degrees.
WEST, EAST, SOUTH, NORTH = -24.5, 44.5, 34.0, 71.5
CENTRE = (52.0, 10.0)  # latitude, longitude of EPSG:3035's projection centre
#: Marker colours: clusters with a health-tourism topic, and the others (health industry).
COLOURS = {"tourism": "#c2410c", "industry": "#1d4ed8"}
ENDED = ("inactive", "closed", "merged")


def project(lon: float, lat: float) -> tuple[float, float]:
    """Lambert azimuthal equal-area, unit sphere; y grows to the north."""
    phi0, lam0 = map(math.radians, CENTRE)
    phi, lam = math.radians(lat), math.radians(lon)
    cos_c = math.sin(phi0) * math.sin(phi) + math.cos(phi0) * math.cos(phi) * math.cos(lam - lam0)
    k = math.sqrt(2 / (1 + cos_c))
    x = k * math.cos(phi) * math.sin(lam - lam0)
    y = k * (math.cos(phi0) * math.sin(phi) - math.sin(phi0) * math.cos(phi) * math.cos(lam - lam0))
    return x, y


def _frame() -> tuple[float, float, float, float]:
    """(x0, y0, x1, y1) of the frame's outline, projected."""
    points = [
        project(WEST + (EAST - WEST) * i / 40, lat) for i in range(41) for lat in (SOUTH, NORTH)
    ]
    points += [
        project(lon, SOUTH + (NORTH - SOUTH) * i / 40) for i in range(41) for lon in (WEST, EAST)
    ]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def family(ds: mc.Dataset, cluster: mc.Cluster) -> str:
    """``tourism`` where a topic or the name speaks of tourism, else ``industry``."""
    words = [t.term for t in ds.topics if t.cluster_id == cluster.id]
    words += [cluster.name, cluster.local_name or ""]
    return "tourism" if any("touris" in w.casefold() for w in words) else "industry"


def render(ds: mc.Dataset, basemap: dict[str, Any]) -> str:
    x0, y0, x1, y1 = _frame()
    scale = WIDTH / (x1 - x0)
    height = round((y1 - y0) * scale)

    def xy(lon: float, lat: float) -> tuple[float, float]:
        x, y = project(lon, lat)
        return round((x - x0) * scale, 1), round((y1 - y) * scale, 1)

    placed = [c for c in ds.clusters if c.latitude is not None and c.longitude is not None]
    out = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
            f'width="{WIDTH}" height="{height}" font-family="Helvetica, Arial, sans-serif" '
            'role="img" aria-labelledby="map-title">'
        ),
        (
            f'<title id="map-title">{len(placed)} of the {len(ds.clusters)} cluster '
            f"organisations of medclusters {escape(ds.version)} on a map of Europe</title>"
        ),
        f'<rect width="{WIDTH}" height="{height}" fill="#eaf2f8"/>',
        f'<clipPath id="frame"><rect width="{WIDTH}" height="{height}"/></clipPath>',
        (
            '<g clip-path="url(#frame)" fill="#fbfaf7" stroke="#b8b8b8" stroke-width="0.6" '
            'stroke-linejoin="round">'
        ),
    ]
    for country in basemap["countries"]:
        rings = []
        for ring in country["rings"]:
            points = " ".join("{},{}".format(*xy(lon, lat)) for lon, lat in ring)
            rings.append(f"M{points}Z")
        out.append(
            f"<path d={quoteattr(''.join(rings))}><title>{escape(country['name'])}</title></path>"
        )
    out.append("</g>")
    groups: defaultdict[tuple[float, float], list[mc.Cluster]] = defaultdict(list)
    for cluster in placed:
        groups[xy(float(cluster.longitude), float(cluster.latitude))].append(cluster)  # type: ignore[arg-type]
    counts = {"tourism": 0, "industry": 0}
    ended = 0
    out.append('<g stroke-width="1.6">')
    for (x, y), clusters in sorted(groups.items()):
        kinds = [family(ds, c) for c in clusters]
        for kind in kinds:
            counts[kind] += 1
        statuses = [ds.status_of(c) for c in clusters]
        gone = all(s is not None and s.status.value in ENDED for s in statuses)
        ended += sum(s is not None and s.status.value in ENDED for s in statuses)
        colour = COLOURS["tourism" if "tourism" in kinds else "industry"]
        radius = 4.5 + 1.5 * min(len(clusters) - 1, 4)
        names = "; ".join(
            f"{c.name} ({c.city or c.country})"
            + (f", {s.status.value}" if s is not None and s.status.value in ENDED else "")
            for c, s in zip(clusters, statuses, strict=True)
        )
        fill = "#ffffff" if gone else colour
        out.append(
            f'<circle cx="{x}" cy="{y}" r="{radius}" fill="{fill}" stroke="{colour}" '
            f'fill-opacity="0.85"><title>{escape(names)}</title></circle>'
        )
        if len(clusters) > 1:
            out.append(
                f'<text x="{x}" y="{round(y + 3.5, 1)}" font-size="10" font-weight="bold" '
                f'text-anchor="middle" fill="#ffffff">{len(clusters)}</text>'
            )
    out.append("</g>")
    legend_y = height - 64
    out += [
        (
            f'<g font-size="12" fill="#222222"><rect x="10" y="{legend_y - 16}" width="330" '
            'height="70" fill="#ffffff" fill-opacity="0.9" stroke="#b8b8b8"/>'
        ),
        (
            f'<circle cx="24" cy="{legend_y}" r="5" fill="{COLOURS["tourism"]}"/>'
            f'<text x="36" y="{legend_y + 4}">health, medical or spa tourism '
            f"({counts['tourism']})</text>"
        ),
        (
            f'<circle cx="24" cy="{legend_y + 18}" r="5" fill="{COLOURS["industry"]}"/>'
            f'<text x="36" y="{legend_y + 22}">health industry, life sciences, medtech '
            f"({counts['industry']})</text>"
        ),
        (
            f'<circle cx="24" cy="{legend_y + 36}" r="5" fill="#ffffff" stroke="#555555"/>'
            f'<text x="36" y="{legend_y + 40}">no longer active: closed, merged, inactive ({ended})'
            "</text></g>"
        ),
        (
            f'<text x="{WIDTH - 8}" y="{height - 8}" font-size="10" fill="#555555" '
            'text-anchor="end">A number: clusters in one city. Outlines: Natural Earth. '
            "Places: GeoNames.</text>"
        ),
        "</svg>",
        "",
    ]
    return "\n".join(out)


def main() -> None:
    basemap = json.loads(BASEMAP.read_text(encoding="utf-8"))
    text = render(mc.load(), basemap)
    for target in TARGETS:
        target.write_text(text, encoding="utf-8")
        print(f"wrote {target.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
