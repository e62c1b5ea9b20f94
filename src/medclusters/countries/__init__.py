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

import json
from collections.abc import Callable, Iterable, Mapping
from importlib import resources
from typing import Any, Protocol

import attrs

from medclusters.countries._names import (
    LANGUAGES,
    SOURCE_BITS,
    SOURCES,
    rearranged,
    spelling,
)
from medclusters.countries._names import key as _key
from medclusters.errors import UnknownCountryError
from medclusters.utils.once import once
from medclusters.utils.text import fold

__all__ = [
    "LANGUAGES",
    "SOURCES",
    "Country",
    "country",
    "get",
    "name",
    "normalise_many",
    "normalise_series",
    "sources",
]

_INDEX_FILE = "country_index.json"  # compiled by medclusters.countries._build


@attrs.frozen
class Country:
    """An ISO 3166-1 country."""

    alpha_2: str
    alpha_3: str
    numeric: str
    name: str
    common_name: str
    official_name: str | None


@attrs.frozen
class _Index:
    countries: dict[str, Country]  # alpha-2 -> Country
    codes: dict[str, str]  # alpha-2, alpha-3, numeric (upper-case) -> alpha-2
    names: dict[str, str]  # key of a name in any language -> codes, space-separated
    by_language: dict[str, dict[str, str]]  # the same, per language, for ambiguous names only
    display: dict[str, list[str]]  # language -> ISO short names in ``order``
    order: dict[str, int]  # alpha-2 -> position in ``display`` lists
    regions: dict[str, str]  # CLDR code of a region, group or place without ISO code -> name
    tags: list[int]  # per name, in order: languages (bit 4 + position in LANGUAGES) | sources
    by_spelling: dict[str, dict[str, str]]  # ambiguous key -> spelling that names one code


_cache: dict[str, Country | None] = {}
_cache_by_language: dict[tuple[str, str], Country | None] = {}
_refused: dict[tuple[str, str | None], str] = {}  # what a refused text names, if anything
_CACHE_LIMIT = 100_000  # distinct texts remembered; beyond it the cache starts afresh


@once
def _get_index() -> _Index:
    """Read the compiled index (see ``_build``), a few ms instead of a second; once."""
    text = resources.files("medclusters.countries").joinpath(_INDEX_FILE).read_text("utf-8")
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
    return _Index(
        countries,
        codes,
        data["names"],
        data["by_language"],
        data["display"],
        order,
        data["regions"],
        data["tags"],
        data["by_spelling"],
    )


def _lookup(text: str, language: str | None, index: _Index) -> str:
    """What ``text`` names: an alpha-2 code, region codes, several codes, or ""."""
    stripped = text.strip().upper()
    if stripped in index.codes:
        return index.codes[stripped]
    if stripped in index.regions:  # CLDR's "EU", "UN", "150", "XK": refused as regions
        return stripped
    folded = fold(text)
    if " " not in folded and folded.upper() in index.codes:  # "u.s." -> "us"
        return index.codes[folded.upper()]
    return _names_for(_key(text), text, language, index)


def _names_for(key: str, text: str, language: str | None, index: _Index) -> str:
    found = index.names.get(key, "")
    if not found and (natural := rearranged(text)) is not None:  # "Korea, South"
        key = _key(natural)
        found = index.names.get(key, "")
    if " " in found:
        if language is not None:
            found = index.by_language.get(language, {}).get(key, found)
        elif (spelled := index.by_spelling.get(key)) is not None:
            found = spelled.get(spelling(text), found)  # "Južná Afrika": ZA; "Južna": a region
    return found


class _RefusalError(UnknownCountryError):
    """An :class:`UnknownCountryError` whose suggestions are worked out when first read."""

    def __init__(self, text: str, language: str | None, found: str) -> None:
        LookupError.__init__(self, text)
        self.text = text
        self.language = language
        self._found = found
        self._suggestions: tuple[str, ...] | None = None

    @property
    def suggestions(self) -> tuple[str, ...]:
        if self._suggestions is None:
            self._suggestions = _explain(self.text, self.language, self._found)[1]
        return self._suggestions

    @suggestions.setter
    def suggestions(self, value: tuple[str, ...]) -> None:
        self._suggestions = value

    def __str__(self) -> str:
        message = _explain(self.text, self.language, self._found)[0]
        if self.suggestions:
            message += f" (did you mean: {', '.join(self.suggestions)}?)"
        return message


_explained: dict[tuple[str, str | None], tuple[str, tuple[str, ...]]] = {}


def _explain(text: str, language: str | None, found: str) -> tuple[str, tuple[str, ...]]:
    """The message and suggestions for a refusal, worked out once per text and language."""
    result: tuple[str, tuple[str, ...]]
    known = _explained.get((text, language))
    if known is not None:
        return known
    index = _get_index()
    codes = found.split()
    label = language if language in index.display else "en"
    if codes and all(code in index.regions for code in codes):
        names = ", ".join(index.regions[code] for code in codes)
        result = (f"{text!r} is a region, group or place without an ISO code ({names})", ())
    elif codes:
        result = (
            f"{text!r} is ambiguous (language= may settle it)",
            tuple(_label(code, label, index) for code in codes),
        )
    else:
        result = (f"{text!r} is not a country name or code", _suggest(text, language, index))
    if len(_explained) >= _CACHE_LIMIT:
        _explained.clear()
    _explained[text, language] = result
    return result


def _label(code: str, language: str, index: _Index) -> str:
    if code in index.regions:
        return index.regions[code]
    return index.display[language][index.order[code]]


def _refusal(text: object, language: str | None) -> UnknownCountryError:
    """The error for text that names no single country; its suggestions come when read."""
    if not isinstance(text, str):
        return UnknownCountryError(f"{text!r} is not text")
    found = _refused.get((text, language))
    if found is None:
        found = _lookup(text, language, _get_index())
    return _RefusalError(text, language, found)


def _suggest(text: str, language: str | None, index: _Index, limit: int = 5) -> tuple[str, ...]:
    from medclusters.countries._suggestions import suggest

    return suggest(text, language, index, limit)


def country(text: str, *, language: str | None = None) -> Country:
    """The one country ``text`` names; ``language`` (ISO 639-1) settles ambiguous names.

    Raises :class:`UnknownCountryError` (a ``LookupError``) with ``.suggestions`` otherwise;
    the suggestions are close names, ranked, worked out only when read, and never taken as an
    answer.
    """
    found = get(text, language=language)
    if found is None:
        raise _refusal(text, language)
    return found


def get(text: str, *, language: str | None = None) -> Country | None:
    """Like :func:`country`, but ``None`` where ``text`` names no single country.

    Answers, refusals included, are remembered per text (and language), so a repeated name
    costs one dict lookup.
    """
    try:
        return _cache[text] if language is None else _cache_by_language[text, language]
    except (KeyError, TypeError):  # not seen yet, or not even hashable
        pass
    if not isinstance(text, str):
        return None
    index = _get_index()
    codes = _lookup(text, language, index)
    found = index.countries.get(codes) if codes else None
    if len(_cache) + len(_cache_by_language) + len(_refused) >= _CACHE_LIMIT:
        _cache.clear()
        _cache_by_language.clear()
        _refused.clear()
    if language is None:
        _cache[text] = found
    else:
        _cache_by_language[text, language] = found
    if found is None:
        _refused[text, language] = codes
    return found


def sources(text: str) -> dict[str, tuple[str, ...]]:
    """Where the index has ``text`` from: ``{"sources": ..., "languages": ...}``.

    Sources are ``"iso-codes"`` (pycountry), ``"CLDR"`` (Unicode CLDR, through babel at build
    time), ``"alias"`` (``country_aliases.csv``) and ``"derived"`` (a form made from one of
    those: spelled out, "Oesterreich", or without its bracket, "Sint Maarten"); both are empty
    for a name the index does not hold (codes, and texts that match only once rearranged).

    >>> sources("Deutschland")["sources"]
    ('iso-codes', 'CLDR')
    """
    index = _get_index()
    key = _key(text)
    position = _positions().get(key)
    if position is None:
        return {"sources": (), "languages": ()}
    tag = index.tags[position]
    return {
        "sources": tuple(label for bit, label in SOURCES.items() if tag & bit),
        "languages": tuple(
            language
            for number, language in enumerate(LANGUAGES)
            if tag >> (SOURCE_BITS + number) & 1
        ),
    }


_position_of: dict[str, int] | None = None


def _positions() -> dict[str, int]:
    global _position_of
    if _position_of is None:
        _position_of = {key: number for number, key in enumerate(_get_index().names)}
    return _position_of


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
