"""Country names as Europeans write them, normalised to ISO 3166-1.

``country(text)`` accepts ISO codes (alpha-2, alpha-3, numeric), ISO short, official and common
names, and the country's name in every official language of the EU plus Norwegian, Icelandic,
Ukrainian, Russian and Turkish, in any case, with or without diacritics, stray spaces, dots
and "&". A curated alias table (``country_aliases.csv``, a reason per row) adds the common names
ISO leaves out. Anything that is not exactly one country raises :class:`UnknownCountryError`
with ranked suggestions; a fuzzy guess is never returned as an answer.

>>> country("Włochy").alpha_2
'IT'
>>> country("U.K.").name
'United Kingdom'
>>> name("HR", "pl")
'Chorwacja'

The index is built on first use (not at import) under a lock, one index per language, since a
chained gettext fallback would hide names that differ between languages.
"""

from __future__ import annotations

import csv
import difflib
import gettext
import re
import threading
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from importlib import resources
from typing import Any, Protocol

import attrs

from medclusters.errors import UnknownCountryError

__all__ = ["LANGUAGES", "Country", "country", "get", "name", "normalise_many", "normalise_series"]

#: Languages whose country names are indexed: the EU's official languages, then
#: Norwegian (Bokmål and Nynorsk), Icelandic, Ukrainian, Russian and Turkish.
LANGUAGES: tuple[str, ...] = (
    "bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr", "hu", "it", "lt",
    "lv", "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv",
    "nb", "nn", "is", "uk", "ru", "tr",
)  # fmt: skip
_LOCALE_OF = {"nb": "nb_NO", "no": "nb_NO"}
_LETTERS = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d",
                          "þ": "th", "ı": "i", "ħ": "h", "ŀ": "l"})  # fmt: skip
_NON_WORD = re.compile(r"[^\w]+")
_ABBREVIATION = re.compile(r"\b(\w)\.(?=\w\.)|(?<=\b\w)\.")


@attrs.frozen
class Country:
    """An ISO 3166-1 country."""

    alpha_2: str
    alpha_3: str
    numeric: str
    name: str
    common_name: str
    official_name: str | None


def fold(text: str) -> str:
    """The form names are compared in: no case, no diacritics, no punctuation, single spaces.

    >>> fold("  Côte d’Ivoire ")
    'cote d ivoire'
    >>> fold("U.S.A."), fold("Bosnia & Herzegovina")
    ('usa', 'bosnia and herzegovina')
    """
    text = _ABBREVIATION.sub(r"\1", text.strip())  # "U.S.A." -> "USA", "U.K." -> "UK"
    text = text.replace("&", " and ").casefold().translate(_LETTERS)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return _NON_WORD.sub(" ", text).replace("_", " ").strip()


@attrs.frozen
class _Index:
    countries: dict[str, Country]  # alpha-2 -> Country
    codes: dict[str, str]  # alpha-2, alpha-3, numeric (upper-case) -> alpha-2
    names: dict[str, frozenset[str]]  # folded name in any language -> alpha-2 codes
    by_language: dict[str, dict[str, frozenset[str]]]
    translations: dict[str, gettext.NullTranslations]


_index: _Index | None = None
_lock = threading.Lock()
_cache: dict[str, Country] = {}


def _add(table: dict[str, set[str]], text: str | None, code: str) -> None:
    if text:
        key = fold(text)
        if key:
            table.setdefault(key, set()).add(code)


def _build() -> _Index:
    import pycountry  # its JSON is parsed here, on first use, not at import

    countries: dict[str, Country] = {}
    codes: dict[str, str] = {}
    english: dict[str, set[str]] = {}
    for record in pycountry.countries:
        iso_name = record.name
        common = getattr(record, "common_name", None) or iso_name
        official = getattr(record, "official_name", None)
        found = Country(record.alpha_2, record.alpha_3, record.numeric, iso_name, common, official)
        countries[found.alpha_2] = found
        codes[found.alpha_2] = codes[found.alpha_3] = codes[found.numeric] = found.alpha_2
        codes[str(int(found.numeric))] = found.alpha_2  # "40" for Austria's "040"
        for text in (iso_name, common, official):
            _add(english, text, found.alpha_2)
    for alias, code in _aliases().items():  # an alias names one country, overriding ISO
        english[fold(alias)] = {code}
    translations: dict[str, gettext.NullTranslations] = {}
    by_language: dict[str, dict[str, frozenset[str]]] = {}
    for language in LANGUAGES:
        table: dict[str, set[str]] = {}
        if language == "en":
            table = {key: set(value) for key, value in english.items()}
        else:
            translation = gettext.translation(
                "iso3166-1", pycountry.LOCALES_DIR, languages=[_LOCALE_OF.get(language, language)]
            )
            translations[language] = translation
            for found in countries.values():
                for text in {found.name, found.common_name, found.official_name}:
                    if text:
                        translated = translation.gettext(text)
                        if translated != text:
                            _add(table, translated, found.alpha_2)
        by_language[language] = {key: frozenset(value) for key, value in table.items()}
    names: dict[str, set[str]] = {}
    for table_of_language in by_language.values():
        for key, value in table_of_language.items():
            names.setdefault(key, set()).update(value)
    return _Index(
        countries,
        codes,
        {key: frozenset(value) for key, value in names.items()},
        by_language,
        translations,
    )


def _aliases() -> dict[str, str]:
    """The curated aliases shipped as ``country_aliases.csv``: alias -> alpha-2."""
    text = resources.files("medclusters").joinpath("country_aliases.csv").read_text("utf-8")
    return {row["alias"]: row["alpha_2"] for row in csv.DictReader(text.splitlines())}


def _get_index() -> _Index:
    global _index
    if _index is None:
        with _lock:
            if _index is None:
                _index = _build()
    return _index


def _resolve(text: str, language: str | None) -> Country:
    index = _get_index()
    stripped = text.strip().upper()
    if stripped in index.codes:
        return index.countries[index.codes[stripped]]
    key = fold(text)
    candidates = index.names.get(key, frozenset())
    if len(candidates) > 1 and language is not None:
        candidates = index.by_language.get(language, {}).get(key, candidates)
    if len(candidates) == 1:
        (code,) = candidates
        return index.countries[code]
    suggestions = (
        _suggest(key, index)
        if not candidates
        else tuple(index.countries[code].name for code in sorted(candidates))
    )
    reason = "is ambiguous" if candidates else "is not a country name or code"
    raise UnknownCountryError(f"{text!r} {reason}", suggestions)


def _suggest(key: str, index: _Index, limit: int = 5) -> tuple[str, ...]:
    if not key:
        return ()
    close = difflib.get_close_matches(key, index.names.keys(), n=limit * 3, cutoff=0.75)
    ranked: list[str] = []
    for match in close:
        for code in sorted(index.names[match]):
            label = index.countries[code].name
            if label not in ranked:
                ranked.append(label)
    return tuple(ranked[:limit])


def country(text: str, *, language: str | None = None) -> Country:
    """The one country ``text`` names; ``language`` (ISO 639-1) settles ambiguous names.

    Raises :class:`UnknownCountryError` (a ``LookupError``) with ``.suggestions`` otherwise.
    """
    if language is None:
        cached = _cache.get(text)
        if cached is not None:
            return cached
    if not isinstance(text, str):
        raise UnknownCountryError(f"{text!r} is not text")
    found = _resolve(text, language)
    if language is None:
        _cache[text] = found
    return found


def get(text: str, *, language: str | None = None) -> Country | None:
    """Like :func:`country`, but ``None`` where ``text`` names no single country."""
    try:
        return country(text, language=language)
    except UnknownCountryError:
        return None


def name(code: str, language: str = "en") -> str:
    """The country's ISO short name in ``language`` (ISO 639-1), e.g. ``name("IT", "pl")``."""
    found = country(code)
    if language == "en":
        return found.name
    index = _get_index()
    translation = index.translations.get(language)
    if translation is None:
        raise ValueError(f"no country names in language {language!r}; have {list(LANGUAGES)}")
    return translation.gettext(found.name)


def normalise_many(texts: Iterable[str], *, language: str | None = None) -> list[Country]:
    """:func:`country` for each text, each distinct text resolved once."""
    seen: dict[str, Country] = {}
    result = []
    for text in texts:
        found = seen.get(text)
        if found is None:
            found = seen[text] = country(text, language=language)
        result.append(found)
    return result


class _SeriesLike(Protocol):
    def unique(self) -> Iterable[Any]: ...

    def map(self, mapping: Mapping[Any, Any]) -> Any: ...


def normalise_series(
    series: _SeriesLike,
    field: str = "alpha_2",
    *,
    language: str | None = None,
    on_unknown: Callable[[str], object] | None = None,
) -> Any:
    """Map a pandas (or polars-like) Series of names to ``field`` of their countries.

    The work is done once per distinct value; missing values (not text) stay missing. Unknown
    names raise, unless ``on_unknown`` gives their replacement.
    """
    mapping: dict[Any, object] = {}
    for value in series.unique():
        if not isinstance(value, str):
            mapping[value] = value
            continue
        try:
            mapping[value] = getattr(country(value, language=language), field)
        except UnknownCountryError:
            if on_unknown is None:
                raise
            mapping[value] = on_unknown(value)
    return series.map(mapping)
