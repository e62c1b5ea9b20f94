"""Normalise the country column of a messy CSV: names in many languages, codes, stray spaces.

Run: python examples/countries_messy_csv.py [path.csv]
Needs: the library alone; with pandas installed (the ``pandas`` extra) it also shows
``normalise_series`` on a data frame.

Each distinct spelling is resolved once; what names no single country (a region, "n/a", a
typo) is reported with suggestions instead of being guessed.
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from pathlib import Path

import medclusters as mc

DEFAULT = Path(__file__).parent / "data" / "partners_messy.csv"


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        sys.exit(f"error: cannot read {path}: {getattr(error, 'strerror', None) or error}")
    if rows and "country" not in rows[0]:
        sys.exit(f"error: {path} has no 'country' column")
    resolved: dict[str, mc.Country] = {}
    refused: dict[str, mc.UnknownCountryError] = {}
    for text in dict.fromkeys(row["country"] for row in rows):  # each spelling once
        try:
            resolved[text] = mc.country(text)
        except mc.UnknownCountryError as error:
            refused[text] = error
    print(f"{len(rows)} rows, {len(resolved) + len(refused)} distinct spellings")
    for text, found in resolved.items():
        print(f"  {text.strip()!r:>16} -> {found.alpha_2}  {found.name}")
    for text, error in refused.items():
        hint = f" (did you mean {', '.join(error.suggestions)}?)" if error.suggestions else ""
        print(f"  {text.strip()!r:>16} -> refused{hint}")
    codes = Counter(resolved[row["country"]].alpha_2 for row in rows if row["country"] in resolved)
    print("partners per country:", ", ".join(f"{code} {n}" for code, n in codes.most_common()))
    try:
        import pandas as pd
    except ImportError:
        print("pandas is not installed (the pandas extra): skipping the data frame part")
        return
    frame = pd.read_csv(path, dtype=str)
    frame["alpha_2"] = mc.countries.normalise_series(
        frame["country"], on_unknown=lambda _text: None
    )
    print(f"with pandas: {frame['alpha_2'].notna().sum()} of {len(frame)} rows have a code")


if __name__ == "__main__":
    main()
