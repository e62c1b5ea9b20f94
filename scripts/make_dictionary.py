"""Write docs/dictionary.md, the data dictionary, from datapackage/datapackage.json.

Run: python scripts/make_dictionary.py   (a test fails when the committed file is stale)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from medclusters.records import KEYS

ROOT = Path(__file__).resolve().parent.parent
DESCRIPTOR = ROOT / "datapackage" / "datapackage.json"
TARGET = ROOT / "docs" / "dictionary.md"


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _constraints(field: dict[str, Any]) -> str:
    parts = []
    for key, value in (field.get("constraints") or {}).items():
        if key == "required" and value:
            parts.append("required")
        elif key == "unique" and value:
            parts.append("unique")
        elif key == "enum":
            parts.append("one of " + ", ".join(f"`{item}`" for item in value))
        elif key == "pattern":
            parts.append(f"pattern `{value}`")
        else:
            parts.append(f"{key} {value}")
    return "; ".join(parts)


def _keys(resource: str) -> list[str]:
    primary, foreign = KEYS[resource].primary, KEYS[resource].foreign
    lines = [f"Primary key: {', '.join(f'`{k}`' for k in primary)}."] if primary else []
    for fields, target, target_fields in foreign:
        lines.append(
            f"Foreign key: {', '.join(f'`{f}`' for f in fields)} → "
            f"`{target}`.{', '.join(f'`{t}`' for t in target_fields)}."
        )
    return lines


def render(descriptor: dict[str, Any]) -> str:
    lines = [
        "# Data dictionary",
        "",
        f"Generated from `datapackage.json` (dataset version {descriptor['version']}) by",
        "`scripts/make_dictionary.py`; do not edit by hand. Empty cells mean unknown.",
        "",
    ]
    lines += [
        f"- [`{r['name']}`](#{r['name']}): {r.get('title', '')}" for r in descriptor["resources"]
    ]
    for resource in descriptor["resources"]:
        schema = resource["schema"]
        lines += ["", f"## {resource['name']}", "", resource.get("description", ""), ""]
        lines += [(f"File `{resource['path']}`, {resource.get('bytes', '?')} bytes, "
                   f"`{resource.get('hash', 'no hash')}`."), ""]  # fmt: skip
        lines += [*_keys(resource["name"]), ""]
        lines += ["| field | type | constraints | description |", "| --- | --- | --- | --- |"]
        for field in schema["fields"]:
            kind = field["type"] + (f" ({field['format']})" if field.get("format") else "")
            lines.append(
                f"| `{field['name']}` | {kind} | {_cell(_constraints(field))} | "
                f"{_cell(field.get('description', ''))} |"
            )
    return "\n".join(lines) + "\n"


def main() -> None:
    descriptor = json.loads(DESCRIPTOR.read_text(encoding="utf-8"))
    TARGET.write_text(render(descriptor), encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
