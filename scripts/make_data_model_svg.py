"""Draw docs/data-model.svg, the resources of the data package and their foreign keys, with
Graphviz, from datapackage.json.

Each resource is a box naming its primary key; each foreign key is an arrow from the resource
that holds it to the resource it refers to, labelled with its fields unless they are simply
the referenced resource's name and ``_id`` (``cluster_id`` to ``clusters``). The ``source_id`` key
every resource but ``sources`` and ``vocabularies`` holds is left out (it would draw 21 arrows
into one box); the page says so. The picture starts with the SHA-256 of the DOT text it was
drawn from: a test rebuilds the text from datapackage.json (which needs no Graphviz) and
fails when the picture is stale.

Run: python scripts/make_data_model_svg.py   (needs Graphviz: apt-get install graphviz)
"""

from __future__ import annotations

import json
import sys
from html import escape
from pathlib import Path
from typing import Any

import _graphviz as graphviz  # scripts/_graphviz.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
DESCRIPTOR = ROOT / "datapackage" / "datapackage.json"
TARGET = ROOT / "docs" / "data-model.svg"
FONT = "Helvetica,Arial,sans-serif"
#: foreign keys not drawn: every fact's source
HIDDEN = ("source_id",)


def _fields(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def foreign_keys(descriptor: dict[str, Any]) -> list[tuple[str, tuple[str, ...], str]]:
    """(resource, fields, referenced resource) of every foreign key drawn, in order."""
    keys = []
    for resource in descriptor["resources"]:
        for key in resource["schema"].get("foreignKeys", []):
            fields = tuple(_fields(key["fields"]))
            if fields in {(hidden,) for hidden in HIDDEN}:
                continue
            keys.append(
                (resource["name"], fields, key["reference"]["resource"] or resource["name"])
            )
    return keys


def dot_source(descriptor: dict[str, Any]) -> str:
    """The DOT text of the diagram: one node per resource (its name is the node's DOT name,
    which Graphviz writes as the node's ``<title>``), one edge per drawn foreign key."""
    lines = [
        "digraph data_model {",
        f'  graph [rankdir=RL, ranksep=0.4, nodesep=0.12, fontname="{FONT}", pad=0.2];',
        f'  node [shape=plain, fontname="{FONT}", fontsize=14];',
        (
            f'  edge [fontname="{FONT}", fontsize=12, color="#64748b", fontcolor="#334155",'
            " arrowsize=0.7];"
        ),
    ]
    for resource in descriptor["resources"]:
        key = ", ".join(_fields(resource["schema"].get("primaryKey", [])))
        label = (
            '<table border="1" cellborder="0" cellspacing="0" cellpadding="3"'
            ' color="#1d4ed8" bgcolor="#eff6ff">'
            f"<tr><td><b>{escape(resource['name'])}</b></td></tr>"
            f'<tr><td><font point-size="12" color="#334155">key: {escape(key)}</font></td></tr>'
            "</table>"
        )
        lines.append(f'  "{resource["name"]}" [label=<{label}>];')
    for resource, fields, referenced in foreign_keys(descriptor):
        # labelled only where the field is not simply the referenced table's name + _id
        plain = fields == (referenced.removesuffix("s") + "_id",)
        label = "" if plain else f' [label="{", ".join(fields)}"]'
        lines.append(f'  "{resource}" -> "{referenced}"{label};')
    lines.append("}")
    return "\n".join(lines) + "\n"


def stamp(source: str) -> str:
    """The comment that ties data-model.svg to the DOT text it was drawn from."""
    return graphviz.stamp(source, "data-model.svg")


def main() -> None:
    descriptor = json.loads(DESCRIPTOR.read_text(encoding="utf-8"))
    TARGET.write_text(graphviz.render(dot_source(descriptor), "data-model.svg"), encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
