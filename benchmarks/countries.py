"""Country names: medclusters against pycountry and country_converter, side by side.

Two lists, reported apart:

- the regression list, tests/fixtures/country_spellings.csv (text, expected alpha-2, empty where
  the text names no single country): real-world spellings, assembled here and tuned on;
- an independent list, built below from a source the index was not compiled from:
  country_converter's own table (``country_data.tsv`` in its installed package): each entry's
  short and official English name with its ISO2 code (refused where the code is not an ISO
  3166-1 country, such as Kosovo's XK or an obsolete entry), and the names of the regions and
  groups it classifies countries into (continents, UN regions, EU, OECD, G20, ...), which must
  be refused. country_converter is at home on this list, which is why it is a fair contest and
  not a flattering one.

Per list and library: accuracy, names resolved, wrong answers, false accepts (an answer where a
refusal is expected: regions, groups, places without an ISO code), and the median time per
answer and per refusal, warm and, for medclusters, with every cache emptied before each name.
Then the cost of first use in fresh interpreters, and the size of the shipped index.

Run with ``make bench`` (or ``python benchmarks/countries.py``).
"""

from __future__ import annotations

import contextlib
import csv
import logging
import re
import warnings
from collections.abc import Callable
from pathlib import Path

from _bench import in_subprocess, machine, microseconds, milliseconds, per_call, table

ROOT = Path(__file__).resolve().parent.parent
SPELLINGS = ROOT / "tests" / "fixtures" / "country_spellings.csv"
INDEX = ROOT / "src" / "medclusters" / "countries" / "country_index.json"
#: Prints 1.0 where importing the country module reads no index, pycountry or babel.
LAZY = (
    "import sys, medclusters.countries as c; "
    "print(float(not c._get_index.built and 'pycountry' not in sys.modules "
    "and 'babel' not in sys.modules))"
)
Resolver = Callable[[str], str | None]
Spellings = list[tuple[str, str]]  # text, expected alpha-2 ("" where it must be refused)

#: country_converter's columns whose values name regions and groups of countries.
REGION_COLUMNS = ("continent", "Continent_7", "UNregion")
#: Its columns that mark membership of a group: the group's name must be refused too.
GROUP_COLUMNS = ("OECD", "EU", "EEA", "Schengen", "EURO", "UN", "CIS", "G7", "G20", "BRIC",
                 "APEC", "BASIC", "IEA", "CoE")  # fmt: skip


def read_spellings() -> Spellings:
    with SPELLINGS.open(encoding="utf-8", newline="") as handle:
        return [(row["text"], row["expected"]) for row in csv.DictReader(handle)]


def independent_spellings() -> Spellings | str:
    """The list built from country_converter's table, or why it cannot be built here."""
    try:
        import country_converter
    except Exception as error:
        return f"country_converter does not import: {type(error).__name__}: {error}"
    import pycountry

    iso = {str(record.alpha_2) for record in pycountry.countries}
    path = Path(country_converter.__file__).with_name("country_data.tsv")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    spellings: dict[str, str] = {}
    for row in rows:
        # "^GR$|^EL$": the table writes some codes as patterns, with non-ISO aliases
        codes = [code for code in re.findall(r"[A-Z]{2}", row["ISO2"]) if code in iso]
        expected = codes[0] if len(codes) == 1 else ""
        for column in ("name_short", "name_official"):
            text = row[column].strip()
            if text and spellings.get(text, expected) == expected:
                spellings[text] = expected
            elif text:  # two entries share a name: nobody can answer it
                spellings[text] = ""
    regions = {row[column].strip() for row in rows for column in REGION_COLUMNS}
    regions |= set(GROUP_COLUMNS)
    for region in sorted(regions - {""}):
        spellings.setdefault(region, "")
    return sorted(spellings.items())


def medclusters_resolver() -> Resolver:
    from medclusters import countries

    def resolve(text: str) -> str | None:
        found = countries.get(text)
        return found.alpha_2 if found else None

    return resolve


def _empty_caches() -> None:
    from medclusters import countries

    countries._cache.clear()
    countries._cache_by_language.clear()
    countries._refused.clear()
    countries._explained.clear()


def medclusters_uncached() -> Resolver:
    """Every call does the full work: every cache is emptied before each name."""
    from medclusters import countries

    def resolve(text: str) -> str | None:
        _empty_caches()
        found = countries.get(text)
        return found.alpha_2 if found else None

    return resolve


def pycountry_resolver() -> Resolver:
    import pycountry

    def resolve(text: str) -> str | None:
        try:
            return str(pycountry.countries.lookup(text).alpha_2)
        except LookupError:
            return None

    return resolve


def country_converter_resolver() -> Resolver | str:
    """country_converter's resolver, or why it cannot be measured here."""
    try:
        import country_converter

        converter = country_converter.CountryConverter()
    except Exception as error:  # it fails to read its data with pandas 3
        return f"does not import: {type(error).__name__}: {error}"
    logging.getLogger("country_converter").setLevel(logging.CRITICAL)

    def resolve(text: str) -> str | None:
        found = converter.convert(text, to="ISO2", not_found=None)
        if isinstance(found, list) or found == text or not found:
            return None  # several matches, or the input handed back unresolved
        return str(found)

    return resolve


def _quietly(resolve: Resolver, text: str) -> str | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return resolve(text)
        except Exception:  # a crash on odd input counts as a refusal
            return None


def score(resolve: Resolver, spellings: Spellings) -> dict[str, object]:
    right = refused = wrong = false_accepts = missed = 0
    answered: list[str] = []
    refusals: list[str] = []
    mistakes: list[str] = []
    for text, expected in spellings:
        got = _quietly(resolve, text)
        (answered if got else refusals).append(text)
        if got == (expected or None):
            right, refused = right + bool(expected), refused + (not expected)
        elif got is None:
            missed += 1
        else:
            wrong += bool(expected)
            false_accepts += not expected
            mistakes.append(f"{text!r}: {got} (expected {expected or 'a refusal'})")
    named = sum(1 for _, expected in spellings if expected)
    return {
        "accuracy": (right + refused) / len(spellings),
        "resolved": right / named,
        "wrong": wrong,
        "false_accepts": false_accepts,
        "missed": missed,
        "mistakes": mistakes,
        "answered": answered,
        "refusals": refusals,
    }


def time_per_name(resolve: Callable[[str], object], texts: list[str]) -> float | None:
    if not texts:
        return None

    def run() -> None:
        for text in texts:
            with contextlib.suppress(Exception):
                resolve(text)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return per_call(run, repeat=5, budget=0.3) / len(texts)


def _raise_refusal(uncached: bool) -> Callable[[str], object]:
    """medclusters' refusal as users meet it: country() raising UnknownCountryError."""
    from medclusters import countries

    def refuse(text: str) -> object:
        if uncached:
            _empty_caches()
        try:
            return countries.country(text)
        except LookupError as error:
            return error

    return refuse


def report(title: str, spellings: Spellings) -> None:
    named = sum(1 for _, expected in spellings if expected)
    print(
        f"## {title}: {len(spellings)} names "
        f"({named} name a country, {len(spellings) - named} must be refused)"
    )
    contenders: list[tuple[str, Resolver | str]] = [
        ("medclusters (warm)", medclusters_resolver()),
        ("medclusters (uncached)", medclusters_uncached()),
        ("pycountry.countries.lookup", pycountry_resolver()),
        ("country_converter", country_converter_resolver()),
    ]
    rows = []
    notes = []
    for label, resolve in contenders:
        if isinstance(resolve, str):
            rows.append([label, "-", "-", "-", "-", "-", "-"])
            notes.append(f"{label}: {resolve}")
            continue
        result = score(resolve, spellings)
        answered: list[str] = result["answered"]  # type: ignore[assignment]
        refusals: list[str] = result["refusals"]  # type: ignore[assignment]
        answer_time = time_per_name(resolve, answered)
        if label.startswith("medclusters"):
            refusal_time = time_per_name(_raise_refusal("uncached" in label), refusals)
        else:
            refusal_time = time_per_name(resolve, refusals)
        rows.append(
            [
                label,
                f"{result['accuracy']:.1%}",
                f"{result['resolved']:.1%}",
                result["wrong"],
                result["false_accepts"],
                "-" if answer_time is None else microseconds(answer_time),
                "-" if refusal_time is None else microseconds(refusal_time),
            ]
        )
        if "uncached" not in label:
            notes.extend(f"{label}, wrong: {m}" for m in result["mistakes"])  # type: ignore[attr-defined]
    print(
        table(
            [
                "library",
                "accuracy",
                "resolved",
                "wrong",
                "false accepts",
                "per answer",
                "per refusal",
            ],
            rows,
        )
    )
    for note in notes[:40]:
        print(f"  {note}")
    if len(notes) > 40:
        print(f"  ... and {len(notes) - 40} more")
    print()


def main() -> None:
    print("# Country names")
    print(machine())
    print()
    report("Regression list (tests/fixtures/country_spellings.csv, tuned on)", read_spellings())
    independent = independent_spellings()
    if isinstance(independent, str):
        print(f"## Independent list: not built: {independent}\n")
    else:
        report("Independent list (country_converter's country_data.tsv)", independent)

    first_use = in_subprocess(
        "import time, medclusters as mc; t = time.perf_counter(); mc.country('Latvija'); "
        "print(time.perf_counter() - t)"
    )
    first_suggestion = in_subprocess(
        "import time, medclusters as mc\n"
        "try:\n    mc.country('Latvija'); mc.country('Germny')\n"
        "except LookupError as error:\n"
        "    t = time.perf_counter(); str(error); print(time.perf_counter() - t)",
        repeat=5,
    )
    pycountry_first = in_subprocess(
        "import time; t = time.perf_counter(); import pycountry; "
        "pycountry.countries.lookup('Latvia'); print(time.perf_counter() - t)"
    )
    lazy = in_subprocess(LAZY, repeat=1)
    print(
        table(
            ["first use, fresh interpreter (median)", "time", "vs medclusters"],
            [
                ["medclusters: index read on first country()", milliseconds(first_use), "1.0x"],
                [
                    "medclusters: first suggestions (trigram index built)",
                    milliseconds(first_suggestion),
                    f"{first_suggestion / first_use:.1f}x",
                ],
                [
                    "pycountry: import and first lookup",
                    milliseconds(pycountry_first),
                    f"{pycountry_first / first_use:.1f}x",
                ],
            ],
        )
    )
    print(f"shipped index: {INDEX.stat().st_size / 1024:,.0f} KiB")
    print(f"import medclusters builds no index, loads no pycountry or babel: {lazy == 1.0}")
    print()
    print(
        "targets: 0 wrong, 0 false accepts; warm answer <= 1 us, refusal <= 20 us, "
        "first use <= 30 ms"
    )


if __name__ == "__main__":
    main()
