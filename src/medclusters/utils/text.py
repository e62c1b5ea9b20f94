"""Folding: the one form in which names, search words and country names are compared.

A leaf module (standard library only), shared by the country index, the name finders and the
search index, so that a name typed one way finds a record written another.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["fold", "fold_characters", "fold_words", "words"]

# Letters NFKD does not decompose, spelled as their base letters
_LETTERS = {"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i",
            "ħ": "h", "ŀ": "l"}  # fmt: skip
_LETTER = re.compile(f"[{''.join(_LETTERS)}]")
_WORDS = {"st": "saint", "ste": "sainte"}  # "St. Lucia", "St Kitts and Nevis"
_NON_WORD = re.compile(r"[\W_]+")
# Combining marks left by NFKD in the Latin, Greek and Cyrillic scripts of the languages here
_COMBINING = re.compile("[\u0300-\u036f\u0483-\u0489]")
_ABBREVIATION = re.compile(r"\b(\w)\.")  # the dot after a one-letter word: "U.S.A."
_WORD = re.compile(r"\w+")
#: ASCII characters that are not letters or digits, each to a space (what _NON_WORD does to
#: ASCII text, without a regular expression: most names are ASCII)
_ASCII_NON_WORD = str.maketrans(dict.fromkeys(
    [chr(code) for code in range(128) if not chr(code).isalnum()], " "
))  # fmt: skip


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
    return fold_words(fold_characters(text))


def fold_characters(text: str) -> str:
    """The steps of :func:`fold` that work on characters: words separated by white space."""
    if "." in text:
        text = _ABBREVIATION.sub(_first_group, text)  # "U.S.A." -> "USA", "U.K." -> "UK"
    if "&" in text:
        text = text.replace("&", " and ")
    text = text.casefold()
    if text.isascii():
        return text.translate(_ASCII_NON_WORD)
    text = _LETTER.sub(_base_letter, text)  # the slow steps only where they can change
    text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))  # something
    return _NON_WORD.sub(" ", text)


def fold_words(text: str) -> str:
    """The steps of :func:`fold` that work on words: "St" and "Ste" spelled out, a leading or
    trailing "the" dropped."""
    words = text.split()
    if "st" in words or "ste" in words:
        words = [_WORDS.get(word, word) for word in words]
    if len(words) > 1 and words[0] == "the":  # "The Gambia", "the Netherlands"
        del words[0]
    if len(words) > 1 and words[-1] == "the":  # "Netherlands, The"
        del words[-1]
    return " ".join(words)


def words(text: str) -> list[str]:
    """The folded words of ``text``, in order (repeats kept).

    >>> words("Rehabilitācijas centrs «Līgatne»")
    ['rehabilitacijas', 'centrs', 'ligatne']
    """
    return _WORD.findall(fold(text))
