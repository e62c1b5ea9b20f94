"""Properties, with hypothesis: every record type survives CSV and back (500 examples each),
arbitrary text survives a full load, and random bytes thrown at the CSV and descriptor readers
only ever raise PackageError."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import os
import sys
import warnings
import zipfile
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import medclusters as mc
from medclusters.convert import make_converter
from medclusters.io.constraints import record_signature
from medclusters.io.limits import Limits
from medclusters.io.readers import MemoryReader, ZipReader
from medclusters.io.rows import builder
from medclusters.io.spec import parse_resources
from medclusters.loader.full import load_reader, read_rows
from tests.fixtures.broken.corpus import unstamp, unstamped_copy

CONVERTER = make_converter()
#: MEDCLUSTERS_DEEP=20 runs every property twenty times longer (other examples); the default
#: run keeps pytest near a minute on two cores.
DEEP = int(os.environ.get("MEDCLUSTERS_DEEP", "1"))
EXAMPLES = settings(
    max_examples=100 * DEEP,
    deadline=None,
    derandomize=True,  # the same examples on every run: CI stays reproducible
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Text a CSV cell can hold: anything but surrogates (not encodable) and NUL (refused on
# purpose); never empty, since an empty cell means unknown.
TEXT = st.text(
    st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), min_size=1, max_size=40
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


@pytest.mark.slow
@pytest.mark.parametrize("record_type", list(mc.RECORD_TYPES.values()), ids=list(mc.RECORD_TYPES))
def test_records_survive_csv_and_back(record_type: type) -> None:
    @EXAMPLES
    @given(records(record_type))
    def round_trip(items: list[Any]) -> None:
        text = to_csv(record_type, items)
        rows = list(csv.reader(io.StringIO(text, newline="")))[1:]
        assert builder(record_type)(rows, {}) == items  # the fast path
        names = [a.name for a in attrs.fields(record_type)]
        reference: list[Any] = [
            CONVERTER.structure(dict(zip(names, [c or None for c in r], strict=True)), record_type)
            for r in rows
        ]
        assert reference == items  # and the cattrs reference

    round_trip()


STATEMENTS = len(mc.load().statements)


@pytest.mark.slow
@settings(max_examples=100 * DEEP, deadline=None, derandomize=True)
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
        def get(self, key: str, default: Any = None) -> bytes:
            return data

    return MemoryReader("fuzz", data, Same(), Limits())


MARKETS = parse_resources(json.loads(mc.bundled_path().read_text(encoding="utf-8")))["markets"]
CSV_LIKE = st.text(st.sampled_from('ab,"\n\r\x00é ;\t\ufeffLVAZlhtc-'), max_size=200)


@settings(max_examples=500 * DEEP, deadline=None, derandomize=True)
@given(st.binary(max_size=300) | CSV_LIKE.map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_only_package_errors_escape_the_csv_reader(data: bytes) -> None:
    with contextlib.suppress(mc.PackageError):
        read_rows(data, MARKETS)


@settings(max_examples=500 * DEEP, deadline=None, derandomize=True)
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


@pytest.mark.slow
@settings(max_examples=100 * DEEP, deadline=None, derandomize=True)
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


# -- the descriptor and schema as hostile JSON: mutations of the real descriptor ------------

_REAL: dict[str, Any] = unstamp(json.loads(mc.bundled_path().read_text(encoding="utf-8")))
_FILES = {
    f"data/{path.name}": path.read_bytes() for path in (mc.bundled_path().parent / "data").iterdir()
}


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a JSON value: keys of objects, indexes of arrays."""
    found = [prefix]
    if isinstance(value, dict):
        for key, inner in value.items():
            found += _paths(inner, (*prefix, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found += _paths(inner, (*prefix, index))
    return found


_PLACES = _paths(_REAL)[1:]  # not the root itself
#: What an attacker would put in a schema or descriptor, beside random JSON.
_HOSTILE = st.sampled_from(
    [
        "(a+)+b", "(x|x)*y", "(?P<a>x)(?P=a)", "(?=a)", "[", "a{99999}{99999}", "\\", "",
        "../secret.csv", "%2e%2e/secret.csv", "/etc/passwd", "file:///etc/passwd",
        "http://127.0.0.1:9/x", "data/\u2024\u2024/x.csv", "data\x00/x.csv", "C:/x.csv",
        "x" * 5000, -1, 0, 2**70, 1e308, -0.0, True, None, [], {}, [None], {"$ref": "#"},
        {"fields": "x"}, {"fields": [{"name": None}]}, {"pattern": ["a"]}, "NaN", "latin-1",
        {"delimiter": ";"}, {"missingValues": ["NA"]}, ["id", "id"],
    ]
)  # fmt: skip
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


def _mutate(place: tuple[Any, ...], operation: str, value: Any) -> dict[str, Any]:
    """The real descriptor with the value at ``place`` replaced, deleted or given a sibling."""
    descriptor: dict[str, Any] = json.loads(json.dumps(_REAL))
    *parents, last = place
    container: Any = descriptor
    for step in parents:
        container = container[step]
    if operation == "delete":
        del container[last]
    elif operation == "replace":
        container[last] = value
    elif isinstance(container, list):
        container.insert(last, value)
    else:
        container[f"{last}_"] = value
    return descriptor


_MUTATIONS = st.tuples(
    st.sampled_from(_PLACES),
    st.sampled_from(["replace", "replace", "delete", "insert"]),
    _HOSTILE | _JSON,
)


@pytest.mark.slow
@settings(max_examples=150 * DEEP, deadline=None, derandomize=True)
@given(_MUTATIONS)
def test_only_package_errors_escape_a_hostile_descriptor(mutation: tuple[Any, str, Any]) -> None:
    """One mutation of the real descriptor (any property of any resource, field or
    constraint) loads or is a PackageError; the files are the real ones, in memory."""
    data = json.dumps(_mutate(*mutation)).encode()
    with contextlib.suppress(mc.PackageError):
        load_reader(MemoryReader("fuzz", data, _FILES, Limits()))


_connections: list[Any] = []


def _watch_sockets(event: str, args: tuple[Any, ...]) -> None:
    if event == "socket.connect" and _watching:
        _connections.append(args[1])


_watching = False
sys.addaudithook(_watch_sockets)


@pytest.mark.slow
@settings(max_examples=15 * DEEP, deadline=None, derandomize=True)
@given(_MUTATIONS)
def test_validate_reports_a_hostile_descriptor_and_connects_nowhere(
    mutation: tuple[Any, str, Any],
) -> None:
    """validate() on a folder returns a Report for any mutation, and opens no socket."""
    global _watching
    folder = _scratch_copy()
    descriptor_path = folder / "datapackage.json"
    original = descriptor_path.read_bytes()
    descriptor_path.write_text(json.dumps(_mutate(*mutation)), encoding="utf-8")
    _connections.clear()
    _watching = True
    try:
        report = mc.validate(folder)
    finally:
        _watching = False
        descriptor_path.write_bytes(original)
    assert isinstance(report, mc.Report)
    assert _connections == []


_MEMBER_NAMES = st.sampled_from(
    [
        "p/datapackage.json", "datapackage.json", "a/b/datapackage.json", "p/data/clusters.csv",
        "p/data/markets.csv", "p/../x.csv", "/abs.csv", "p/data/", "p\\data\\x.csv",
        *(f"p/{name}" for name in _FILES),
    ]
)  # fmt: skip
_MEMBER_DATA = (
    st.sampled_from([json.dumps(_REAL).encode(), *_FILES.values()])
    | st.binary(max_size=200)
    | _JSON.map(lambda value: json.dumps(value).encode())
)


@settings(max_examples=150 * DEEP, deadline=None, derandomize=True)
@given(
    st.lists(st.tuples(_MEMBER_NAMES, _MEMBER_DATA), max_size=30),
    st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2]),
)
def test_only_package_errors_escape_a_zip_of_random_members(
    members: list[tuple[str, bytes]], method: int
) -> None:
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns of the duplicate names drawn here
        with zipfile.ZipFile(buffer, "w", method) as archive:
            for name, data in members:
                archive.writestr(name, data)
    with contextlib.suppress(mc.PackageError):
        load_reader(ZipReader(buffer.getvalue(), "fuzz.zip", Limits()))


def test_decimals_are_written_without_exponents() -> None:
    assert CONVERTER.unstructure(Decimal("1E+2")) == "100"
    assert CONVERTER.structure(CONVERTER.unstructure(Decimal("1E-7")), Decimal) == Decimal("1E-7")
