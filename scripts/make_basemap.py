"""Write scripts/data/europe-basemap.json, the country outlines the cluster map is drawn on,
from Natural Earth's 1:50m countries as the world-atlas package (ISC licence; the data are
Natural Earth's, in the public domain) ships them in TopoJSON.

Run once per basemap update, not in the tests (they need no network):
    npm pack world-atlas@2 && tar xzf world-atlas-2.*.tgz
    python scripts/make_basemap.py package/countries-50m.json

Each country becomes rings of [longitude, latitude] rounded to 0.01 degree, clamped to a box
around Europe (the map clips them to its frame), each point at least STEP from the last.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "scripts" / "data" / "europe-basemap.json"
#: Longitude and latitude kept (wider than any frame the map draws).
WEST, EAST, SOUTH, NORTH = -26.0, 46.0, 33.0, 72.0
#: The least step, in degrees, between two points kept (about 10 km: about a pixel of the map).
STEP = 0.1


def _arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """The topology's arcs in degrees (delta-decoded and transformed)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def _clean(ring: list[tuple[float, float]]) -> list[list[float]]:
    out: list[list[float]] = []
    for lon, lat in ring:
        point = [round(min(max(lon, WEST), EAST), 2), round(min(max(lat, SOUTH), NORTH), 2)]
        if not out or max(abs(point[0] - out[-1][0]), abs(point[1] - out[-1][1])) >= STEP:
            out.append(point)
    return out


def _inside(ring: list[tuple[float, float]]) -> bool:
    return any(WEST <= lon <= EAST and SOUTH <= lat <= NORTH for lon, lat in ring)


def main(path: str) -> None:
    topology = json.loads(Path(path).read_text(encoding="utf-8"))
    arcs = _arcs(topology)
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = geometry.get("arcs", [])
        if geometry["type"] == "Polygon":
            polygons = [polygons]
        rings = []
        for polygon in polygons:
            outer = _ring(polygon[0], arcs)
            if _inside(outer):
                cleaned = _clean(outer)
                if len(cleaned) >= 4:
                    rings.append(cleaned)
        if rings:
            countries.append({"name": geometry["properties"]["name"], "rings": rings})
    countries.sort(key=lambda c: c["name"])
    document = {
        "source": "Natural Earth 1:50m admin 0 countries (public domain), via world-atlas 2 "
        "(countries-50m.json)",
        "countries": countries,
    }
    TARGET.write_text(json.dumps(document, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}: {len(countries)} countries", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1])
