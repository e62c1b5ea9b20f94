"""Country names: medclusters against pycountry and country_converter, side by side.

Reads the real-world spellings in tests/fixtures/country_spellings.csv (text, expected alpha-2,
empty where the text names no single country) and prints, per library: right answers, right
refusals, wrong answers, misses, and the median time per name; then the cost of building
medclusters' index on first use, measured in fresh interpreters.

Run with ``make bench`` (or ``python benchmarks/countries.py``).
"""

from __future__ import annotations

import contextlib
import csv
import logging
import warnings
from collections.abc import Callable
from pathlib import Path

from _bench import in_subprocess, machine, microseconds, milliseconds, per_call, table

SPELLINGS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "country_spellings.csv"
Resolver = Callable[[str], str | None]


def read_spellings() -> list[tuple[str, str]]:
    with SPELLINGS.open(encoding="utf-8", newline="") as handle:
        return [(row["text"], row["expected"]) for row in csv.DictReader(handle)]


def medclusters_resolver() -> Resolver:
    import medclusters

    def resolve(text: str) -> str | None:
        found = medclusters.countries.get(text)
        return found.alpha_2 if found else None

    return resolve


def medclusters_uncached() -> Resolver:
    """Every call does the full work: the warm cache is emptied before each name."""
    from medclusters import countries

    def resolve(text: str) -> str | None:
        countries._cache.clear()
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


def score(resolve: Resolver, spellings: list[tuple[str, str]]) -> dict[str, object]:
    right = refused = wrong = missed = 0
    mistakes: list[str] = []
    for text, expected in spellings:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                got = resolve(text)
            except Exception:  # a crash on odd input counts as a refusal
                got = None
        if got == (expected or None):
            right, refused = right + bool(expected), refused + (not expected)
        elif got is None:
            missed += 1
        else:
            wrong += 1
            mistakes.append(f"{text!r}: {got} (expected {expected or 'a refusal'})")
    named = sum(1 for _, expected in spellings if expected)
    return {
        "accuracy": (right + refused) / len(spellings),
        "resolved": right / named,
        "right": right,
        "refused": refused,
        "wrong": wrong,
        "missed": missed,
        "mistakes": mistakes,
    }


def time_per_name(resolve: Resolver, spellings: list[tuple[str, str]]) -> float:
    texts = [text for text, _ in spellings]

    def run() -> None:
        for text in texts:
            with contextlib.suppress(Exception):
                resolve(text)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return per_call(run, repeat=5, budget=0.5) / len(texts)


def main() -> None:
    spellings = read_spellings()
    named = sum(1 for _, expected in spellings if expected)
    print(
        f"# Country names: {len(spellings)} real-world spellings "
        f"({named} name a country, {len(spellings) - named} must be refused)"
    )
    print(machine())
    contenders: list[tuple[str, Resolver | str]] = [
        ("medclusters (warm)", medclusters_resolver()),
        ("medclusters (uncached)", medclusters_uncached()),
        ("pycountry.countries.lookup", pycountry_resolver()),
        ("country_converter", country_converter_resolver()),
    ]
    rows = []
    baseline = None
    notes = []
    for label, resolve in contenders:
        if isinstance(resolve, str):
            rows.append([label, "-", "-", "-", "-", "-", "-"])
            notes.append(f"{label}: {resolve}")
            continue
        result = score(resolve, spellings)
        seconds = time_per_name(resolve, spellings)
        baseline = baseline or seconds
        rows.append(
            [
                label,
                f"{result['accuracy']:.1%}",
                f"{result['resolved']:.1%}",
                result["refused"],
                result["wrong"],
                microseconds(seconds),
                f"{seconds / baseline:,.1f}x",
            ]
        )
        notes.extend(f"{label} wrong: {m}" for m in result["mistakes"])  # type: ignore[attr-defined]
    print()
    print(
        table(
            [
                "library",
                "accuracy",
                "resolved",
                "refused ok",
                "wrong",
                "per name",
                "vs medclusters",
            ],
            rows,
        )
    )
    for note in notes:
        print(f"  {note}")

    print()
    first_use = in_subprocess(
        "import time, medclusters as mc; t = time.perf_counter(); mc.country('Latvija'); "
        "print(time.perf_counter() - t)"
    )
    pycountry_first = in_subprocess(
        "import time; t = time.perf_counter(); import pycountry; "
        "pycountry.countries.lookup('Latvia'); print(time.perf_counter() - t)"
    )
    lazy = in_subprocess(
        "import sys, medclusters.countries as c; "
        "print(float(c._index is None and 'pycountry' not in sys.modules))",
        repeat=1,
    )
    print(
        table(
            ["first use, fresh interpreter (median of 9)", "time", "vs medclusters"],
            [
                ["medclusters: index built on first country()", milliseconds(first_use), "1.0x"],
                [
                    "pycountry: import and first lookup",
                    milliseconds(pycountry_first),
                    f"{pycountry_first / first_use:.1f}x",
                ],
            ],
        )
    )
    print(f"import medclusters builds no index and loads no pycountry: {lazy == 1.0}")
    print()
    print("targets: resolved >= 99% with 0 wrong; warm <= 2 us a name; first use <= 30 ms")


if __name__ == "__main__":
    main()
