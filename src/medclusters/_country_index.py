"""Compile the country-name index shipped as ``country_index.json``.

The names come from iso-codes (pycountry's JSON and gettext catalogues), from Unicode CLDR's
territory names (through babel, a build-time and dev dependency: the runtime reads only the
compiled file) and from the curated aliases. Reading and folding them all costs most of a
second, too much for a first lookup, so the index is compiled once, here, and shipped as data.
The tests recompile it from the pinned pycountry and babel and the alias table and fail when
the shipped file is stale. Regenerate with ``python -m medclusters._country_index``.

The file holds: ``countries`` (one row per ISO 3166-1 entry), ``regions`` (CLDR's codes
without an ISO 3166-1 entry: regions, groups and places, with their English names), ``names``
(the key of a name in any language, see ``_country_names.key`` -> codes, space-separated where a
name is ambiguous), ``tags`` (per name, in the same order: the languages that use it, bit
4 + position in ``LANGUAGES``, and its sources in bits 0-3, see ``_country_names.SOURCES``),
``by_language`` (only for the ambiguous names: what each language means by them) and
``display`` (each country's ISO short name per language, in ``countries`` order, for
:func:`medclusters.countries.name`).
"""

from __future__ import annotations

import csv
import gettext
import json
import sys
from collections.abc import Iterable
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


#: Letters German, Danish and Norwegian write out where the keyboard lacks them
#: ("Oesterreich", "Tuerkei", "Faeroeerne"): each name with them is also indexed spelled out.
_SPELLED_OUT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "å": "aa", "ø": "oe"})

Table = dict[str, dict[str, int]]  # key -> code -> sources (bits of _country_names.SOURCES)


def compile_index() -> dict[str, Any]:
    """Build the index from the installed pycountry (iso-codes), babel (CLDR) and the aliases."""
    import pycountry
    from babel import Locale

    from medclusters._country_names import LANGUAGES, LOCALE_OF, rearranged
    from medclusters._country_names import key as _key

    rows: list[tuple[str, str, str, str, str, str | None]] = []
    for record in pycountry.countries:
        name = str(record.name)
        common = str(getattr(record, "common_name", None) or name)
        official = getattr(record, "official_name", None)
        iso_codes = (str(record.alpha_2), str(record.alpha_3), str(record.numeric))
        rows.append((*iso_codes, name, common, None if official is None else str(official)))
    rows.sort()
    iso = {row[0] for row in rows}

    def add(table: Table, derived: Table, text: str | None, code: str, source: int) -> None:
        if not text:
            return
        for form in (text, rearranged(text)):
            if form and (key := _key(form)):
                codes = table.setdefault(key, {})
                codes[code] = codes.get(code, 0) | source
        variants = {text.casefold().translate(_SPELLED_OUT)}
        if "(" in text:  # "Sint Maarten (Dutch part)" -> "Sint Maarten"
            variants.add(text.partition("(")[0])
        if "," in text:  # "Virgin Islands, British" -> "Virgin Islands" (ambiguous)
            variants.add(text.partition(",")[0])
        for variant in variants:
            if (key := _key(variant)) and key not in table:
                codes = derived.setdefault(key, {})
                codes[code] = codes.get(code, 0) | source | 8

    tables: dict[str, Table] = {}
    derived_tables: dict[str, Table] = {}
    display: dict[str, list[str]] = {}
    regions: dict[str, str] = {}
    for language in LANGUAGES:
        table: Table = {}
        derived: Table = {}
        if language == "en":
            for code, _, _, iso_name, common, official in rows:
                for text in (iso_name, common, official):
                    add(table, derived, text, code, 1)
            display[language] = [row[3] for row in rows]
        else:
            translation = gettext.translation(
                "iso3166-1", pycountry.LOCALES_DIR, languages=[LOCALE_OF.get(language, language)]
            )
            for code, _, _, iso_name, common, official in rows:
                for text in {iso_name, common, official}:
                    translated = translation.gettext(text) if text else text
                    if (
                        translated != text
                        and (language, code, translated) not in WRONG_TRANSLATIONS
                    ):
                        add(table, derived, translated, code, 1)
            display[language] = [translation.gettext(row[3]) for row in rows]
        for code, text in sorted(Locale.parse(language).territories.items()):
            if code not in iso and language == "en":  # a region, group, or place without
                regions[code] = text  # an ISO 3166-1 code
            add(table, derived, text, code, 2)
        tables[language] = table
        derived_tables[language] = derived
    for alias in read_aliases():  # an alias names one country in its language, overriding
        table = tables[alias["language"]]
        key = _key(alias["alias"])
        table[key] = {alias["alpha_2"]: table.get(key, {}).get(alias["alpha_2"], 0) | 4}
        add({key: {}}, derived_tables[alias["language"]], alias["alias"], alias["alpha_2"], 4)

    primary = {key for table in tables.values() for key in table}
    merged: dict[str, set[str]] = {}
    tags: dict[str, int] = {}
    for position, language in enumerate(LANGUAGES):
        for key, codes in tables[language].items():
            merged.setdefault(key, set()).update(codes)
            tags[key] = tags.get(key, 0) | 1 << (4 + position) | _union(codes.values())
        for key, codes in derived_tables[language].items():
            if key not in primary:
                tables[language].setdefault(key, codes)
                merged.setdefault(key, set()).update(codes)
                tags[key] = tags.get(key, 0) | 1 << (4 + position) | _union(codes.values())
    ambiguous = {key for key, codes in merged.items() if len(codes) > 1}
    return {
        "pycountry": _version("pycountry"),
        "babel": _version("babel"),
        "languages": list(LANGUAGES),
        "countries": rows,
        "regions": regions,
        "names": {key: " ".join(sorted(merged[key])) for key in sorted(merged)},
        "tags": [tags[key] for key in sorted(merged)],  # in the order of "names"
        "by_language": {
            language: {
                key: " ".join(sorted(table[key])) for key in sorted(ambiguous & table.keys())
            }
            for language, table in tables.items()
        },
        "display": display,
    }


def _union(values: Iterable[int]) -> int:
    result = 0
    for value in values:
        result |= value
    return result


def ambiguous_names(index: dict[str, Any]) -> list[tuple[str, str, dict[str, str]]]:
    """Each ambiguous key, its codes, and what each language means by it (for the docs)."""
    result = []
    for key, codes in index["names"].items():
        if " " in codes:
            meanings = {
                language: table[key]
                for language, table in index["by_language"].items()
                if key in table
            }
            result.append((key, codes, meanings))
    return result


def _version(package: str) -> str:
    from importlib.metadata import version

    return version(package)


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
