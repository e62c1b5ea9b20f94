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

The index is compiled from pycountry's names and translations (one table per language, since a
chained gettext fallback would hide names that differ between languages) into
``country_index.json``, shipped with the package and read on first use, not at import.
"""

from __future__ import annotations

import difflib
import json
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
# Letters NFKD does not decompose, spelled as their base letters
_LETTERS = {"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i",
            "ħ": "h", "ŀ": "l"}  # fmt: skip
_LETTER = re.compile(f"[{''.join(_LETTERS)}]")
_WORDS = {"st": "saint", "ste": "sainte"}  # "St. Lucia", "St Kitts and Nevis"
_INDEX_FILE = "country_index.json"  # compiled by medclusters._country_index
_NON_WORD = re.compile(r"[\W_]+")
# Combining marks left by NFKD in the Latin, Greek and Cyrillic scripts of the languages here
_COMBINING = re.compile("[\u0300-\u036f\u0483-\u0489]")
_ABBREVIATION = re.compile(r"\b(\w)\.")  # the dot after a one-letter word: "U.S.A."


@attrs.frozen
class Country:
    """An ISO 3166-1 country."""

    alpha_2: str
    alpha_3: str
    numeric: str
    name: str
    common_name: str
    official_name: str | None


def _first_group(match: re.Match[str]) -> str:
    return match.group(1)


def _base_letter(match: re.Match[str]) -> str:
    return _LETTERS[match.group()]


def fold(text: str) -> str:
    """The form names are compared in: no case, no diacritics, no punctuation, single spaces.

    >>> fold("  Côte d’Ivoire ")
    'cote d ivoire'
    >>> fold("U.S.A."), fold("Bosnia & Herzegovina"), fold("St. Lucia"), fold("The Gambia")
    ('usa', 'bosnia and herzegovina', 'saint lucia', 'gambia')
    """
    return _fold_words(_fold_characters(text))


def _fold_characters(text: str) -> str:
    """The steps of :func:`fold` that work on characters."""
    if "." in text:
        text = _ABBREVIATION.sub(_first_group, text)  # "U.S.A." -> "USA", "U.K." -> "UK"
    if "&" in text:
        text = text.replace("&", " and ")
    text = text.casefold()
    if not text.isascii():  # the slow steps only where they can change something
        text = _LETTER.sub(_base_letter, text)
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    return _NON_WORD.sub(" ", text)


def _fold_words(text: str) -> str:
    words = text.split()
    if "st" in words or "ste" in words:
        words = [_WORDS.get(word, word) for word in words]
    if len(words) > 1 and words[0] == "the":  # "The Gambia", "the Netherlands"
        del words[0]
    if len(words) > 1 and words[-1] == "the":  # "Netherlands, The"
        del words[-1]
    return " ".join(words)


def rearranged(text: str) -> str | None:
    """The natural order of an inverted name: "Korea, Republic of" -> "Republic of Korea".

    >>> rearranged("Korea, Republic of"), rearranged("Korea (South)"), rearranged("Latvia")
    ('Republic of Korea', 'South Korea', None)
    """
    head, comma, tail = text.partition(",")
    if not comma:
        head, bracket, tail = text.partition("(")
        if not bracket or not tail.rstrip().endswith(")"):
            return None
        tail = tail.rstrip()[:-1]
    if not head.strip() or not tail.strip() or "," in tail:
        return None
    return f"{tail.strip()} {head.strip()}"


@attrs.frozen
class _Index:
    countries: dict[str, Country]  # alpha-2 -> Country
    codes: dict[str, str]  # alpha-2, alpha-3, numeric (upper-case) -> alpha-2
    names: dict[str, str]  # folded name in any language -> alpha-2 code(s), space-separated
    by_language: dict[str, dict[str, str]]  # the same, per language, for ambiguous names only
    display: dict[str, list[str]]  # language -> ISO short names in ``order``
    order: dict[str, int]  # alpha-2 -> position in ``display`` lists


_index: _Index | None = None
_lock = threading.Lock()
_cache: dict[str, Country | None] = {}
_CACHE_LIMIT = 100_000  # distinct texts remembered; beyond it the cache starts afresh


def _build() -> _Index:
    """Read the compiled index (see ``_country_index``): about 5 ms instead of 130 ms."""
    text = resources.files("medclusters").joinpath(_INDEX_FILE).read_text("utf-8")
    data = json.loads(text)
    countries: dict[str, Country] = {}
    codes: dict[str, str] = {}
    order: dict[str, int] = {}
    for position, row in enumerate(data["countries"]):
        found = Country(*row)
        countries[found.alpha_2] = found
        order[found.alpha_2] = position
        codes[found.alpha_2] = codes[found.alpha_3] = codes[found.numeric] = found.alpha_2
        codes[str(int(found.numeric))] = found.alpha_2  # "40" for Austria's "040"
    return _Index(countries, codes, data["names"], data["by_language"], data["display"], order)


def _get_index() -> _Index:
    global _index
    if _index is None:
        with _lock:
            if _index is None:
                _index = _build()
    return _index


def _resolve(text: str, language: str | None) -> Country | None:
    """The one country ``text`` names, or ``None``; cheap, since it makes no suggestions."""
    index = _get_index()
    stripped = text.strip().upper()
    if stripped in index.codes:
        return index.countries[index.codes[stripped]]
    key = fold(text)
    if key.upper() in index.codes and " " not in key:  # "u.s." -> "us"
        return index.countries[index.codes[key.upper()]]
    found = _names_for(key, text, language, index)
    return index.countries[found] if found and " " not in found else None


def _names_for(key: str, text: str, language: str | None, index: _Index) -> str:
    found = index.names.get(key, "")
    if not found and (natural := rearranged(text)) is not None:  # "Korea, South"
        key = fold(natural)
        found = index.names.get(key, "")
    if " " in found and language is not None:
        found = index.by_language.get(language, {}).get(key, found)
    return found


def _refusal(text: object, language: str | None) -> UnknownCountryError:
    """The error for text that names no single country, with ranked suggestions."""
    if not isinstance(text, str):
        return UnknownCountryError(f"{text!r} is not text")
    index = _get_index()
    key = fold(text)
    found = _names_for(key, text, language, index)
    if found:
        names = tuple(index.countries[code].name for code in found.split())
        return UnknownCountryError(f"{text!r} is ambiguous", names)
    return UnknownCountryError(f"{text!r} is not a country name or code", _suggest(key, index))


def _suggest(key: str, index: _Index, limit: int = 5) -> tuple[str, ...]:
    if not key:
        return ()
    close = difflib.get_close_matches(key, index.names.keys(), n=limit * 3, cutoff=0.75)
    ranked: list[str] = []
    for match in close:
        for code in index.names[match].split():
            label = index.countries[code].name
            if label not in ranked:
                ranked.append(label)
    return tuple(ranked[:limit])


def country(text: str, *, language: str | None = None) -> Country:
    """The one country ``text`` names; ``language`` (ISO 639-1) settles ambiguous names.

    Raises :class:`UnknownCountryError` (a ``LookupError``) with ``.suggestions`` otherwise;
    the suggestions are close names, ranked, and never taken as an answer.
    """
    found = get(text, language=language)
    if found is None:
        raise _refusal(text, language)
    return found


def get(text: str, *, language: str | None = None) -> Country | None:
    """Like :func:`country`, but ``None`` where ``text`` names no single country.

    Answers, refusals included, are remembered per text, so a repeated name costs one dict
    lookup.
    """
    if language is None:
        try:
            return _cache[text]
        except (KeyError, TypeError):  # not seen yet, or not even hashable
            pass
    if not isinstance(text, str):
        return None
    found = _resolve(text, language)
    if language is None:
        if len(_cache) >= _CACHE_LIMIT:
            _cache.clear()
        _cache[text] = found
    return found


def name(code: str, language: str = "en") -> str:
    """The country's ISO short name in ``language`` (ISO 639-1), e.g. ``name("IT", "pl")``."""
    found = country(code)
    index = _get_index()
    names = index.display.get(language)
    if names is None:
        raise ValueError(f"no country names in language {language!r}; have {list(LANGUAGES)}")
    return names[index.order[found.alpha_2]]


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
        found = get(value, language=language)
        if found is not None:
            mapping[value] = getattr(found, field)
        elif on_unknown is None:
            raise _refusal(value, language)
        else:
            mapping[value] = on_unknown(value)
    return series.map(mapping)
