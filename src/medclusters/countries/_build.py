"""Compile the country-name index shipped as ``country_index.json``.

The names come from iso-codes (pycountry's JSON and gettext catalogues), from Unicode CLDR's
territory names (through babel, a build-time and dev dependency: the runtime reads only the
compiled file) and from the curated aliases. Reading and folding them all costs most of a
second, too much for a first lookup, so the index is compiled once, here, and shipped as data.
The tests recompile it from the pinned pycountry and babel and the alias table and fail when
the shipped file is stale. Regenerate with ``python -m medclusters.countries._build``.

The file holds: ``countries`` (one row per ISO 3166-1 entry), ``regions`` (CLDR's codes
without an ISO 3166-1 entry: regions, groups and places, with their English names), ``names``
(the key of a name in any language, see ``_names.key`` -> codes, space-separated where a
name is ambiguous), ``tags`` (per name, in the same order: the languages that use it, bit
4 + position in ``LANGUAGES``, and its sources in bits 0-3, see ``_names.SOURCES``),
``by_language`` (only for the ambiguous names: what each language means by them) and
``display`` (each country's ISO short name per language, in ``countries`` order, for
:func:`medclusters.countries.name`) and ``by_spelling`` (for the ambiguous names only: each
spelling with a letter beyond ASCII, see ``_names.spelling``, that names one code in
every language that writes it so: Slovak "Južná Afrika" is South Africa where Croatian "Južna
Afrika" is a region; a plain "America" stays ambiguous).

CLDR's names include its alternative forms ("UK", "Czech Republic", "Congo (DRC)"), which
babel drops: they are read from ``scripts/data/cldr-alt-territories.json``, written from the
CLDR JSON release of babel's CLDR version by ``scripts/make_cldr_alt_names.py``.
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
#: CLDR's alternative names ("UK", "Czech Republic", "Congo (DRC)"), which babel drops: read
#: from the CLDR JSON release by ``scripts/make_cldr_alt_names.py`` (a checkout's file; the
#: index is compiled in a checkout only).
ALT_NAMES_FILE = Path(__file__).resolve().parents[3] / "scripts/data/cldr-alt-territories.json"

#: Translations in pycountry's iso-codes catalogues that name another country, left out of
#: the index: (language, alpha-2, translated text) -> why.
WRONG_TRANSLATIONS: dict[tuple[str, str, str], str] = {
    ("sk", "GM", "Slovenská republika"): (
        "iso-codes translates Gambia's official name as Slovakia's ('Slovenská republika')"
    ),
    ("ga", "DZ", "Poblacht Dhaonlathach an Chongó"): (
        "iso-codes gives Algeria's official name the Irish name of the DR Congo"
    ),
    ("ro", "NE", "Republica Nigeria"): (
        "iso-codes gives Niger's official name as 'Republica Nigeria', which names Nigeria "
        "(found on countrynames' table: 'Republic of Nigeria' answered Niger)"
    ),
}


def read_aliases() -> list[dict[str, str]]:
    """The curated aliases shipped as ``country_aliases.csv``: alias, alpha_2, language, reason."""
    text = resources.files("medclusters.countries").joinpath(ALIAS_FILE).read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


#: Letters German, Danish and Norwegian write out where the keyboard lacks them
#: ("Oesterreich", "Tuerkei", "Faeroeerne"): each name with them is also indexed spelled out.
_SPELLED_OUT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "å": "aa", "ø": "oe"})

Table = dict[str, dict[str, int]]  # key -> code -> sources (bits of _names.SOURCES)


def read_alt_names() -> dict[str, dict[str, list[str]]]:
    """CLDR's alternative names per language and territory code, from the CLDR JSON release
    of the CLDR version babel's data come from (refused if the versions differ)."""
    from babel.core import get_cldr_version

    data = json.loads(ALT_NAMES_FILE.read_text(encoding="utf-8"))
    if data["cldr"] != str(get_cldr_version()):
        raise RuntimeError(
            f"{ALT_NAMES_FILE.name} holds CLDR {data['cldr']}'s names, babel CLDR "
            f"{get_cldr_version()}'s: rerun scripts/make_cldr_alt_names.py for that version"
        )
    names: dict[str, dict[str, list[str]]] = data["names"]
    return names


def compile_index() -> dict[str, Any]:
    """Build the index from the installed pycountry (iso-codes), babel (CLDR), CLDR's
    alternative names and the aliases."""
    import pycountry
    from babel import Locale

    from medclusters.countries._names import LANGUAGES, LOCALE_OF, rearranged, spelling
    from medclusters.countries._names import key as _key

    rows: list[tuple[str, str, str, str, str, str | None]] = []
    for record in pycountry.countries:
        name = str(record.name)
        common = str(getattr(record, "common_name", None) or name)
        official = getattr(record, "official_name", None)
        iso_codes = (str(record.alpha_2), str(record.alpha_3), str(record.numeric))
        rows.append((*iso_codes, name, common, None if official is None else str(official)))
    rows.sort()
    iso = {row[0] for row in rows}

    spellings: dict[str, dict[str, set[str]]] = {}  # key -> spelling -> codes

    def add(table: Table, derived: Table, text: str | None, code: str, source: int) -> None:
        if not text:
            return
        for form in (text, rearranged(text)):
            if form and (key := _key(form)):
                codes = table.setdefault(key, {})
                codes[code] = codes.get(code, 0) | source
                spellings.setdefault(key, {}).setdefault(spelling(form), set()).add(code)
        variants = {text.casefold().translate(_SPELLED_OUT)}
        if "(" in text:  # "Sint Maarten (Dutch part)" -> "Sint Maarten"
            variants.add(text.partition("(")[0])
        if "," in text:  # "Virgin Islands, British" -> "Virgin Islands" (ambiguous)
            variants.add(text.partition(",")[0])
        for variant in variants:
            if (key := _key(variant)) and key not in table:
                codes = derived.setdefault(key, {})
                codes[code] = codes.get(code, 0) | source | 8
                spellings.setdefault(key, {}).setdefault(spelling(variant), set()).add(code)

    tables: dict[str, Table] = {}
    derived_tables: dict[str, Table] = {}
    display: dict[str, list[str]] = {}
    regions: dict[str, str] = {}
    alternatives = read_alt_names()
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
        for code, texts in sorted(alternatives.get(language, {}).items()):
            for text in texts:  # "UK", "Czech Republic", "Congo (DRC)", "UN"
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
    # Ambiguous key -> spelling naming one code. Only spellings with a letter beyond ASCII:
    # a diacritic a writer typed says which language's name it is ("Južná Afrika" is Slovak),
    # but a plain "America" may be English or Spanish "América" typed without its accent.
    by_spelling: dict[str, dict[str, str]] = {}
    for key in sorted(ambiguous):
        for written, spelled in sorted(spellings.get(key, {}).items()):
            if not written.isascii() and len(named := spelled & merged[key]) == 1:
                by_spelling.setdefault(key, {})[written] = named.pop()
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
        "by_spelling": by_spelling,
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
