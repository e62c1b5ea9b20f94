"""Suggestions for a refused country name, worked out only when a refusal's message is read.

Candidates come from a trigram index of every name's key (built on first use, about 0.1 s,
never for answers), then are ranked: a name in the language asked for (or, without
``language=``, in the same script as the text) first, then the edit distance between the
keys, then the country's prominence (a state with an official name before a territory; a name
more languages share before a rarer one).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Protocol

from medclusters.countries._names import LANGUAGES, SOURCE_BITS
from medclusters.countries._names import key as _key


class _Country(Protocol):
    @property
    def official_name(self) -> str | None: ...


class _Index(Protocol):
    """What suggestions read of the country index (``countries._Index``), by shape, so that
    this module needs nothing of ``countries``, which imports it."""

    @property
    def countries(self) -> Mapping[str, _Country]: ...
    @property
    def names(self) -> Mapping[str, str]: ...
    @property
    def tags(self) -> Sequence[int]: ...
    @property
    def display(self) -> Mapping[str, list[str]]: ...
    @property
    def order(self) -> Mapping[str, int]: ...


#: Keys of words that qualify a name ("Republic", "Fed.", "of"), for :func:`suggest`.
_QUALIFIERS = frozenset({"", "rep", "dem", "fed", "респ", "фед", "people", "peoples", "state"})
_CANDIDATES = 100  # names re-ranked per query, of those sharing the most trigrams
_LONGEST = 120  # characters of a key; the longest name's key has about 60


class _Trigrams:
    def __init__(self, index: _Index) -> None:
        self.keys: list[str] = []
        self.codes: list[list[str]] = []
        self.languages: list[int] = []
        self.postings: dict[str, list[int]] = {}
        for (key, codes), tag in zip(index.names.items(), index.tags, strict=True):
            countries = [code for code in codes.split() if code in index.countries]
            if not countries:  # a region's name is never suggested as a country
                continue
            position = len(self.keys)
            self.keys.append(key)
            self.codes.append(countries)
            self.languages.append(tag >> SOURCE_BITS)
            for gram in _grams(key):
                self.postings.setdefault(gram, []).append(position)


_trigrams: dict[int, _Trigrams] = {}  # id of the index -> its trigrams (there is one index)


def _get_trigrams(index: _Index) -> _Trigrams:
    found = _trigrams.get(id(index))
    if found is None:
        found = _trigrams[id(index)] = _Trigrams(index)
    return found


def _grams(key: str) -> set[str]:
    padded = f"^{key}$"
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def _distance(a: str, b: str) -> int:
    """Levenshtein distance (insertions, deletions, substitutions)."""
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, left in enumerate(a, 1):
        current = [i]
        for j, right in enumerate(b, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (left != right))
            )
        previous = current
    return previous[-1]


def _script(text: str) -> str:
    for character in text:
        if "\u0370" <= character <= "\u03ff":
            return "greek"
        if "\u0400" <= character <= "\u04ff":
            return "cyrillic"
    return "latin"


def suggest(text: str, language: str | None, index: _Index, limit: int = 5) -> tuple[str, ...]:
    """Up to ``limit`` country names close to ``text``, the likeliest first."""
    key = _key(text)
    if not key or len(key) > _LONGEST:  # no country's name is that long: nothing is close
        return ()
    # "Republic of Irland": the distance is also taken without the words that qualify a name
    core = _key(" ".join(w for w in text.split() if _key(f"x {w}")[1:] not in _QUALIFIERS))
    trigrams = _get_trigrams(index)
    shared: Counter[int] = Counter()
    for gram in _grams(key) | (_grams(core) if core else set()):
        shared.update(trigrams.postings.get(gram, ()))
    candidates = sorted(
        shared, key=lambda i: (-shared[i], abs(len(trigrams.keys[i]) - len(key)), i)
    )[:_CANDIDATES]
    cutoff = max(2, len(key) // 3)
    bit = 1 << LANGUAGES.index(language) if language in LANGUAGES else 0
    script = _script(key)
    ranked: list[tuple[tuple[int, int, int, int, str], str]] = []
    for i in candidates:
        candidate = trigrams.keys[i]
        distance = _distance(key, candidate)
        if core and core != key:
            distance = min(distance, _distance(core, candidate) + 1)
        if len(key) <= 4:  # "GER", "Ital": the start of a name, as codes and stems are
            distance = min(distance, _distance(key, candidate[: len(key)]) + 1)
        if distance > cutoff:
            continue
        same = bool(trigrams.languages[i] & bit) if bit else _script(candidate) == script
        spread = trigrams.languages[i].bit_count()
        for code in trigrams.codes[i]:
            state = index.countries[code].official_name is not None
            ranked.append(((not same, distance, -state, -spread, code), code))
    ranked.sort()
    label = language if language is not None and language in index.display else "en"
    result: list[str] = []
    for _, code in ranked:
        name = index.display[label][index.order[code]]
        if name not in result:
            result.append(name)
        if len(result) == limit:
            break
    return tuple(result)
