"""Properties, with hypothesis: every record type survives CSV and back (500 examples each),
arbitrary text survives a full load, and random bytes thrown at the CSV and descriptor readers
only ever raise PackageError."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import medclusters as mc
from medclusters._constraints import record_signature
from medclusters._loader import _read_rows, load_reader
from medclusters._readers import Limits, MemoryReader
from medclusters._rows import builder
from medclusters._spec import parse_resources
from medclusters.convert import make_converter
from tests.fixtures.broken.corpus import unstamped_copy

CONVERTER = make_converter()
EXAMPLES = settings(
    max_examples=500,
    deadline=None,
    derandomize=True,  # the same examples on every run: CI stays reproducible
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Text a CSV cell can hold: anything but surrogates (not encodable) and NUL (refused on
# purpose); never empty, since an empty cell means unknown.
TEXT = st.text(
    st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), min_size=1, max_size=40
)


def _dates() -> st.SearchStrategy[mc.PartialDate]:
    days = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))
    return st.one_of(
        days.map(mc.PartialDate.from_date),
        days.map(lambda d: mc.PartialDate(d.year, d.month)),
        days.map(lambda d: mc.PartialDate(d.year)),
    )


def _value(record_type: type, name: str) -> st.SearchStrategy[Any]:
    for field, table_type, optional, members in record_signature(record_type):
        if field != name:
            continue
        if members is not None:
            enum = next(
                t
                for t in vars(mc.records).values()
                if isinstance(t, type) and issubclass(t, Enum) and {m.value for m in t} == members
            )
            strategy: st.SearchStrategy[Any] = st.sampled_from(list(enum))
        elif table_type == "integer":
            strategy = st.integers()
        elif table_type == "number":
            strategy = st.decimals(allow_nan=False, allow_infinity=False)
        elif table_type == "boolean":
            strategy = st.booleans()
        elif _is_date(record_type, name):
            strategy = _dates()
        else:
            strategy = TEXT
        return st.none() | strategy if optional else strategy
    raise KeyError(name)  # pragma: no cover


def _is_date(record_type: type, name: str) -> bool:
    import typing

    hint = typing.get_type_hints(record_type)[name]
    return mc.PartialDate in (typing.get_args(hint) or (hint,))


def records(record_type: type) -> st.SearchStrategy[list[Any]]:
    fields = {a.name: _value(record_type, a.name) for a in attrs.fields(record_type)}
    return st.lists(st.builds(record_type, **fields), min_size=1, max_size=5)


def to_csv(record_type: type, items: list[Any]) -> str:
    names = [a.name for a in attrs.fields(record_type)]
    out = io.StringIO()
    # "\r\n" so that a bare CR in a value is quoted: with "\n" alone, csv.writer leaves it
    # bare and the row splits when read back (hypothesis found this).
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(names)
    for item in items:
        row = CONVERTER.unstructure(item)
        writer.writerow(["" if row[n] is None else str(row[n]) for n in names])
    return out.getvalue()


@pytest.mark.parametrize("record_type", list(mc.RECORD_TYPES.values()), ids=list(mc.RECORD_TYPES))
def test_records_survive_csv_and_back(record_type: type) -> None:
    @EXAMPLES
    @given(records(record_type))
    def round_trip(items: list[Any]) -> None:
        text = to_csv(record_type, items)
        rows = list(csv.reader(io.StringIO(text, newline="")))[1:]
        assert builder(record_type)(rows, {}) == items  # the fast path
        names = [a.name for a in attrs.fields(record_type)]
        reference = [
            CONVERTER.structure(dict(zip(names, [c or None for c in r], strict=True)), record_type)
            for r in rows
        ]
        assert reference == items  # and the cattrs reference

    round_trip()


STATEMENTS = len(mc.load().statements)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.lists(TEXT, min_size=STATEMENTS, max_size=STATEMENTS))
def test_any_text_survives_a_full_load(texts: list[str]) -> None:
    """Statements rewritten with arbitrary text, loaded through load(): the same text back."""
    folder = _scratch_copy()
    path = folder / "data" / "statements.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    column = rows[0].index("text")
    for row, text in zip(rows[1:], texts, strict=True):
        row[column] = text
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8", newline="")
    assert [s.text for s in mc.load(folder).statements] == texts


_copies: dict[str, Path] = {}


def _scratch_copy() -> Path:
    """One unstamped copy of the bundled package, reused (each example rewrites one file)."""
    import tempfile

    if "package" not in _copies:
        _copies["package"] = unstamped_copy(Path(tempfile.mkdtemp()) / "package")
    return _copies["package"]


def _bytes(data: bytes) -> MemoryReader:
    """A reader whose descriptor and every file are ``data``."""

    class Same(dict[str, bytes]):
        def get(self, key: str, default: Any = None) -> bytes:  # type: ignore[override]
            return data

    return MemoryReader("fuzz", data, Same(), Limits())


MARKETS = parse_resources(json.loads(mc.bundled_path().read_text(encoding="utf-8")))["markets"]
CSV_LIKE = st.text(st.sampled_from('ab,"\n\r\x00é ;\t\ufeffLVAZlhtc-'), max_size=200)


@settings(max_examples=2000, deadline=None, derandomize=True)
@given(st.binary(max_size=300) | CSV_LIKE.map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_only_package_errors_escape_the_csv_reader(data: bytes) -> None:
    with contextlib.suppress(mc.PackageError):
        _read_rows(data, MARKETS)


@settings(max_examples=2000, deadline=None, derandomize=True)
@given(
    st.binary(max_size=300)
    | st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=10),
        lambda inner: (
            st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
        ),
        max_leaves=20,
    ).map(lambda value: json.dumps({"resources": value}).encode())
)
def test_only_package_errors_escape_the_descriptor_reader(data: bytes) -> None:
    with contextlib.suppress(mc.PackageError):
        load_reader(_bytes(data))


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.binary(max_size=400) | CSV_LIKE.map(str.encode))
def test_only_package_errors_escape_a_full_load(data: bytes) -> None:
    folder = _scratch_copy()
    original = (mc.bundled_path().parent / "data" / "markets.csv").read_bytes()
    try:
        (folder / "data" / "markets.csv").write_bytes(data)
        mc.load(folder)
    except mc.PackageError:
        pass
    finally:
        (folder / "data" / "markets.csv").write_bytes(original)


def test_decimals_are_written_without_exponents() -> None:
    assert CONVERTER.unstructure(Decimal("1E+2")) == "100"
    assert CONVERTER.structure(CONVERTER.unstructure(Decimal("1E-7")), Decimal) == Decimal("1E-7")
