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
import re
import threading
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from importlib import resources
from typing import Any, Protocol

import attrs

from medclusters.errors import UnknownCountryError

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


# What the key of a name ignores or unifies, beyond fold(): see _key().
_APOSTROPHES = re.compile("['\u2019\u2018\u02bc\u02b9\u0060\u00b4\u2032]")
#: Abbreviations that folding splits in two: Swedish "S:t", Russian "о-в" and "о-ва"  # noqa: RUF003
#: (island, islands).
_PAIRS = {
    ("s", "t"): "saint",
    ("\u043e", "в"): "остров",
    ("\u043e", "ва"): "острова",
}
#: Articles that open a name: Maltese (il-, l-, ir-, ...), Irish (an, na), English, French.
_ARTICLES = frozenset(
    ["il", "l", "ir", "is", "it", "id", "in", "ix", "iz", "ic", "ie", "an", "na", "the", "la",
     "le", "les"]
)  # fmt: skip
#: Words joining the parts of a name ("Bosnia and Herzegovina", "Trinidad a Tobago"), and
#: English "of"/"the": left out of keys, so "Bosnia-Herzegovina" and "Rep. of Moldova" match.
_JOINERS = frozenset(
    ["and", "und", "et", "i", "y", "e", "en", "og", "och", "a", "es", "ir", "un", "ja", "ve",
     "u", "in", "agus", "of", "the", "и", "\u0456", "й", "та", "και"]
)  # fmt: skip
#: Words written in full or abbreviated, unified in keys ("Czech Rep.", "Fed. Rep. of Germany").
_ABBREVIATED = {
    **dict.fromkeys(["republic", "republik", "republique", "republica", "repubblica",
                     "republika", "republiek"], "rep"),
    **dict.fromkeys(["республика", "республіка", "република", "респ"], "респ"),
    **dict.fromkeys(["democratic", "democratique", "democratica", "democratico",
                     "demokratische"], "dem"),
    **dict.fromkeys(["federal", "federation", "federative", "federale", "foderation",
                     "federacion"], "fed"),
    **dict.fromkeys(["федерация", "федерація", "федерации"], "фед"),
    **dict.fromkeys(["saint", "st", "ste", "sainte", "sankt"], "saint"),
    **dict.fromkeys(["north", "n"], "n"),
    **dict.fromkeys(["south", "s"], "s"),
    **dict.fromkeys(["islands", "island", "isl", "is", "isls"], "isl"),
    **dict.fromkeys(["острова", "остров"], "\u043e-ва"),
}  # fmt: skip


def _key(text: str) -> str:
    """The form names are matched in: :func:`fold`, then no opening article, no joining words,
    abbreviations unified, and no spaces, so that brackets, commas and hyphens do not matter.

    >>> _key("il-Belġju"), _key("Bosnia-Herzegovina"), _key("Czech Rep."), _key("Вʼєтнам")
    ('belgju', 'bosniaherzegovina', 'czechrep', 'вєтнам')
    >>> _key("Fed. Rep. of Germany") == _key("Federal Republic of Germany")
    True
    """
    if "'" in text or not text.isascii():
        text = _APOSTROPHES.sub(" ", text)
    words = _fold_characters(text).split()
    if len(words) > 1:
        if "t" in words or "в" in words or "ва" in words:
            words = _paired(words)
        if words[0] in _ARTICLES:
            del words[0]
        words[1:] = [_ABBREVIATED.get(word, word) for word in words[1:] if word not in _JOINERS]
        words[0] = _ABBREVIATED.get(words[0], words[0]) if len(words) > 1 else words[0]
    return "".join(words)


def _paired(words: list[str]) -> list[str]:
    result: list[str] = []
    for word in words:
        pair = _PAIRS.get((result[-1], word)) if result else None
        if pair is None:
            result.append(word)
        else:
            result[-1] = pair
    return result


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


#: Where a name comes from, in the index's ``tags`` (bits 0-3; the languages follow).
SOURCES = {1: "iso-codes", 2: "CLDR", 4: "alias", 8: "derived"}
_SOURCE_BITS = 4

_index: _Index | None = None
_lock = threading.Lock()
_cache: dict[str, Country | None] = {}
_cache_by_language: dict[tuple[str, str], Country | None] = {}
_refused: dict[tuple[str, str | None], str] = {}  # what a refused text names, if anything
_CACHE_LIMIT = 100_000  # distinct texts remembered; beyond it the cache starts afresh


def _build() -> _Index:
    """Read the compiled index (see ``_country_index``), a few ms instead of a second."""
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
    return _Index(
        countries,
        codes,
        data["names"],
        data["by_language"],
        data["display"],
        order,
        data["regions"],
        data["tags"],
    )


def _get_index() -> _Index:
    global _index
    if _index is None:
        with _lock:
            if _index is None:
                _index = _build()
    return _index


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
    if " " in found and language is not None:
        found = index.by_language.get(language, {}).get(key, found)
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
    from medclusters._country_suggest import suggest

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
            if tag >> (_SOURCE_BITS + number) & 1
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
