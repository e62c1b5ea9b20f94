"""Compile the country-name index shipped as ``country_index.json``.

Reading pycountry's JSON and 29 gettext catalogues and folding every name costs about 130 ms,
too much for a first lookup, so the index is compiled once, here, and shipped as data. The
tests recompile it from the installed pycountry and the alias table and fail when the shipped
file is stale. Regenerate with ``python -m medclusters._country_index``.

The file holds: ``countries`` (one row per ISO 3166-1 entry), ``names`` (folded name in any
language -> alpha-2 codes, space-separated where a name is ambiguous), ``by_language`` (only
for the ambiguous names: what each language means by them) and ``display`` (each country's
ISO short name per language, in ``countries`` order, for :func:`medclusters.countries.name`).
"""

from __future__ import annotations

import csv
import gettext
import json
import sys
from importlib import resources
from pathlib import Path
from typing import Any

INDEX_FILE = "country_index.json"
ALIAS_FILE = "country_aliases.csv"

#: Translations in pycountry's iso-codes catalogues that name another country, left out of
#: the index: (language, alpha-2, translated text) -> why.
WRONG_TRANSLATIONS: dict[tuple[str, str, str], str] = {
    ("sk", "GM", "Slovenská republika"): (
        "iso-codes translates Gambia's official name as Slovakia's ('Slovenská republika')"
    ),
    ("ga", "DZ", "Poblacht Dhaonlathach an Chongó"): (
        "iso-codes gives Algeria's official name the Irish name of the DR Congo"
    ),
}


def read_aliases() -> list[dict[str, str]]:
    """The curated aliases shipped as ``country_aliases.csv``: alias, alpha_2, language, reason."""
    text = resources.files("medclusters").joinpath(ALIAS_FILE).read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


def compile_index() -> dict[str, Any]:
    """Build the index from the installed pycountry and the alias table."""
    import pycountry

    from medclusters.countries import _LOCALE_OF, LANGUAGES, fold, rearranged

    rows: list[tuple[str, str, str, str, str, str | None]] = []
    for record in pycountry.countries:
        name = str(record.name)
        common = str(getattr(record, "common_name", None) or name)
        official = getattr(record, "official_name", None)
        iso_codes = (str(record.alpha_2), str(record.alpha_3), str(record.numeric))
        rows.append((*iso_codes, name, common, None if official is None else str(official)))
    rows.sort()

    def add(table: dict[str, set[str]], text: str | None, code: str) -> None:
        for form in (text, rearranged(text)) if text else ():
            key = fold(form) if form else ""
            if key:
                table.setdefault(key, set()).add(code)

    by_language: dict[str, dict[str, set[str]]] = {}
    display: dict[str, list[str]] = {}
    for language in LANGUAGES:
        table: dict[str, set[str]] = {}
        if language == "en":
            for code, _, _, iso_name, common, official in rows:
                for text in (iso_name, common, official):
                    add(table, text, code)
            display[language] = [row[3] for row in rows]
        else:
            translation = gettext.translation(
                "iso3166-1", pycountry.LOCALES_DIR, languages=[_LOCALE_OF.get(language, language)]
            )
            for code, _, _, iso_name, common, official in rows:
                for text in {iso_name, common, official}:
                    translated = translation.gettext(text) if text else text
                    if (
                        translated != text
                        and (language, code, translated) not in WRONG_TRANSLATIONS
                    ):
                        add(table, translated, code)
            display[language] = [translation.gettext(row[3]) for row in rows]
        by_language[language] = table
    for alias in read_aliases():  # an alias names one country in its language, overriding ISO
        by_language[alias["language"]][fold(alias["alias"])] = {alias["alpha_2"]}

    merged: dict[str, set[str]] = {}
    for table in by_language.values():
        for key, codes in table.items():
            merged.setdefault(key, set()).update(codes)
    ambiguous = {key for key, codes in merged.items() if len(codes) > 1}
    return {
        "pycountry": _pycountry_version(),
        "languages": list(LANGUAGES),
        "countries": rows,
        "names": {key: " ".join(sorted(merged[key])) for key in sorted(merged)},
        "by_language": {
            language: {
                key: " ".join(sorted(table[key])) for key in sorted(ambiguous & table.keys())
            }
            for language, table in by_language.items()
        },
        "display": display,
    }


def _pycountry_version() -> str:
    from importlib.metadata import version

    return version("pycountry")


def render(index: dict[str, Any]) -> str:
    """The file's text: stable key order, one line per top-level entry, so diffs stay small."""
    lines = [
        f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}"
        for key, value in index.items()
    ]
    return "{\n" + ",\n".join(lines) + "\n}\n"


def main() -> None:
    """Write the compiled index beside this module."""
    target = Path(__file__).with_name(INDEX_FILE)
    target.write_text(render(compile_index()), encoding="utf-8")
    print(f"wrote {target}", file=sys.stderr)


if __name__ == "__main__":
    main()
