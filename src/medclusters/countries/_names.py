"""How country names are matched: the languages indexed, the key a name is compared by (folding,
then articles, joining words and abbreviations unified), and the sources a name comes from.

Shared by the compiler of the index (``_build``), the lookups (``countries``) and the
suggestions (``_suggestions``), which each import it, so none imports another.
"""

from __future__ import annotations

import re
import unicodedata

from medclusters.utils.text import fold_characters

__all__ = ["LANGUAGES", "LOCALE_OF", "SOURCES", "SOURCE_BITS", "key", "rearranged", "spelling"]

#: Languages whose country names are indexed: the EU's official languages, then
#: Norwegian (Bokmål and Nynorsk), Icelandic, Ukrainian, Russian and Turkish.
LANGUAGES: tuple[str, ...] = (
    "bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr", "hu", "it", "lt",
    "lv", "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv",
    "nb", "nn", "is", "uk", "ru", "tr",
)  # fmt: skip
LOCALE_OF = {"nb": "nb_NO", "no": "nb_NO"}


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


# What the key of a name ignores or unifies, beyond folding: see key().
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


def key(text: str) -> str:
    """The form names are matched in: ``fold()``, then no opening article, no joining words,
    abbreviations unified, and no spaces, so that brackets, commas and hyphens do not matter.

    >>> key("il-Belġju"), key("Bosnia-Herzegovina"), key("Czech Rep."), key("Вʼєтнам")
    ('belgju', 'bosniaherzegovina', 'czechrep', 'вєтнам')
    >>> key("Fed. Rep. of Germany") == key("Federal Republic of Germany")
    True
    """
    if "'" in text or not text.isascii():
        text = _APOSTROPHES.sub(" ", text)
    words = fold_characters(text).split()
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


#: Where a name comes from, in the index's ``tags`` (bits 0-3; the languages follow).
SOURCES = {1: "iso-codes", 2: "CLDR", 4: "alias", 8: "derived"}
SOURCE_BITS = 4


def spelling(text: str) -> str:
    """A name as written, less what a typist varies: case, spaces, a closing full stop. It
    keeps the diacritics :func:`key` folds away, so that where two languages' names share a
    key (Slovak "Južná Afrika", South Africa; Croatian "Južna Afrika", Southern Africa) the
    spelling can tell them apart.

    >>> spelling("  JUŽNÁ   Afrika. ")
    'južná afrika'
    """
    return " ".join(unicodedata.normalize("NFC", text).casefold().split()).rstrip(".").strip()
