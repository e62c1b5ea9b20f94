"""Write datapackage/LICENSE, the data licence shipped in the release zips, from the package:
its version, its licence, and every source with its publisher, title and address.

Run: python scripts/make_licence.py   (a test fails when the committed file is stale)
"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import medclusters as mc

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "datapackage" / "LICENSE"


def _wrap(text: str, indent: str = "") -> list[str]:
    return textwrap.wrap(
        text, 92, initial_indent=indent, subsequent_indent=" " * len(indent),
        break_long_words=False, break_on_hyphens=False,
    )  # fmt: skip


def render() -> str:
    ds = mc.load()
    descriptor = ds.descriptor
    licence = descriptor["licenses"][0]
    year = str(descriptor.get("created", ""))[:4]
    lines = [
        *_wrap(
            "The medclusters data package (datapackage.json, data/*.csv and map.svg) is licensed "
            f"under the {licence['title']} licence ({licence['name']}): {licence['path']}"
        ),
        "",
        *_wrap(
            "You may share and adapt it for any purpose, provided you give appropriate credit, "
            "link to the licence and indicate if changes were made."
        ),
        "",
        *_wrap(
            f'Attribution. Cite it as: medclusters contributors, "{descriptor["title"]}" '
            f"(medclusters data package), version {ds.version}, {year}."
        ),
        "",
        *_wrap(
            "The data are facts (names, dates, figures, places, roles) taken from the public "
            "documents listed below. Descriptions, statements and notes are the medclusters "
            "editors' own words; no sentence of a source is copied. English names the editors "
            "translated are marked so in the claims table. City coordinates are GeoNames' "
            "(CC BY 4.0, https://www.geonames.org/); the outlines of map.svg are Natural "
            "Earth's (public domain). Credit the sources as well when you reuse the data."
        ),
        "",
        f"Sources ({len(ds.sources)}):",
        "",
    ]
    for source in ds.sources:
        lines += _wrap(f'{source.publisher}, "{source.title}", {source.url}', "- ")
    return "\n".join(lines) + "\n"


def main() -> None:
    TARGET.write_text(render(), encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
