"""Write scripts/data/europe-basemap.json, the country outlines the cluster map is drawn on,
from Natural Earth's 1:50m countries as the world-atlas package (ISC licence; the data are
Natural Earth's, in the public domain) ships them in TopoJSON.

Run once per basemap update, not in the tests (they need no network):
    npm pack world-atlas@2 && tar xzf world-atlas-2.*.tgz
    python scripts/make_basemap.py package/countries-50m.json

Each country becomes rings of [longitude, latitude] rounded to 0.01 degree, cut to a box
around Europe wider than the map's frame, each point at least STEP from the last.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "scripts" / "data" / "europe-basemap.json"
#: Longitude and latitude kept (wider than any frame the map draws).
WEST, EAST, SOUTH, NORTH = -40.0, 80.0, 28.0, 84.0
#: Rings wholly north of this latitude are left out.
ARCTIC = 74.0
#: Not Europe, and too big to clamp: left out.
LEFT_OUT = frozenset({"Greenland"})
#: The least step, in degrees, between two points kept (about 12 km: about a pixel of the map).
STEP = 0.12


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


def _clip(ring: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The ring cut to the box (Sutherland-Hodgman, one side of the box at a time)."""

    def cut(points, inside, cross):  # type: ignore[no-untyped-def]
        out = []
        for i, current in enumerate(points):
            previous = points[i - 1]
            if inside(current):
                if not inside(previous):
                    out.append(cross(previous, current))
                out.append(current)
            elif inside(previous):
                out.append(cross(previous, current))
        return out

    def at_lon(x):  # type: ignore[no-untyped-def]
        return lambda a, b: (x, a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0]))

    def at_lat(y):  # type: ignore[no-untyped-def]
        return lambda a, b: (a[0] + (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]), y)

    points = list(ring)
    for inside, cross in (
        (lambda p: p[0] >= WEST, at_lon(WEST)),
        (lambda p: p[0] <= EAST, at_lon(EAST)),
        (lambda p: p[1] >= SOUTH, at_lat(SOUTH)),
        (lambda p: p[1] <= NORTH, at_lat(NORTH)),
    ):
        if not points:
            break
        points = cut(points, inside, cross)
    return points


def _clean(ring: list[tuple[float, float]]) -> list[list[float]]:
    out: list[list[float]] = []
    for lon, lat in _clip(ring):
        point = [round(lon, 2), round(lat, 2)]
        if not out or max(abs(point[0] - out[-1][0]), abs(point[1] - out[-1][1])) >= STEP:
            out.append(point)
    return out


def _inside(ring: list[tuple[float, float]]) -> bool:
    """A ring the map may show: some point in the box, and not all of it in the high Arctic
    (Svalbard, Franz Josef Land), which the map's frame leaves out."""
    return any(WEST <= lon <= EAST and SOUTH <= lat <= NORTH for lon, lat in ring) and (
        min(lat for _, lat in ring) < ARCTIC
    )


def main(path: str) -> None:
    topology = json.loads(Path(path).read_text(encoding="utf-8"))
    arcs = _arcs(topology)
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry["properties"]["name"] in LEFT_OUT:
            continue
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
