"""The compiled builders, from rows (the csv module's reading) and from columns (pyarrow's,
plain or as dictionaries), agree with the cattrs converter, the reference, value for value."""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

import attrs
import pytest

import medclusters as mc
from medclusters.convert import make_converter
from medclusters.io.cells import Columns, Dictionary
from medclusters.io.rows import builder, column_builder

CONVERTER = make_converter(detailed_validation=False)


def _by_rows(record_type: type, rows: list[list[str]], shared: dict[str, str]) -> list[Any]:
    return builder(record_type)(rows, shared)


def _by_columns(record_type: type, rows: list[list[str]], shared: dict[str, str]) -> list[Any]:
    width = len(attrs.fields(record_type))
    columns = [[row[n] for row in rows] for n in range(width)]
    return column_builder(record_type)(Columns(columns), shared)


def _by_dictionaries(record_type: type, rows: list[list[str]], shared: dict[str, str]) -> list[Any]:
    """Every column as its distinct texts, filled in as pyarrow's dictionaries are."""
    width = len(attrs.fields(record_type))
    columns: list[list[str] | Dictionary] = []
    for n in range(width):
        cells = [row[n] for row in rows]
        distinct = sorted(set(cells))
        codes = [distinct.index(cell) for cell in cells]
        columns.append(Dictionary(distinct, partial(_take, codes)))
    return column_builder(record_type)(Columns(columns), shared)


def _take(codes: list[int], values: Sequence[Any]) -> list[Any]:
    return [values[code] for code in codes]


Build = Callable[[type, list[list[str]], dict[str, str]], list[Any]]
BUILDERS = pytest.mark.parametrize(
    "build", [_by_rows, _by_columns, _by_dictionaries], ids=["rows", "columns", "dictionaries"]
)


def _rows(resource: str) -> list[list[str]]:
    path = mc.bundled_path().parent / "data" / f"{resource}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))[1:]


def _reference(record_type: type, cells: list[str]) -> object:
    names = [field.name for field in attrs.fields(record_type)]
    return CONVERTER.structure(
        dict(zip(names, [c or None for c in cells], strict=True)), record_type
    )


@BUILDERS
@pytest.mark.parametrize(("resource", "record_type"), list(mc.RECORD_TYPES.items()))
def test_builders_equal_the_converter_on_every_row(
    resource: str, record_type: type, build: Build
) -> None:
    rows = _rows(resource)
    built = build(record_type, rows, {})
    assert built == [_reference(record_type, cells) for cells in rows]
    assert len(built) == len(rows)


# One row of each type of field, then cell values both paths must accept or both refuse.
CASES = [
    ("members_total", ["60", "0", "-1", "", " 60", "060", "6.0", "1e3", "sixty"]),
    ("has_formal_strategy", ["true", "false", "", "True", "yes", "1", "0"]),
    ("established", ["2012", "2012-06", "2012-06-15", "", "2012-13", "2012-02-30", "12-06-2012"]),
    ("name", ["Any text", "", " "]),
    ("id", ["lhtc", ""]),
]


@BUILDERS
@pytest.mark.parametrize(("field", "values"), CASES, ids=[case[0] for case in CASES])
def test_builders_accept_and_refuse_what_the_converter_does(
    field: str, values: list[str], build: Build
) -> None:
    names = [f.name for f in attrs.fields(mc.Cluster)]
    base = _rows("clusters")[0]
    for value in values:
        cells = list(base)
        cells[names.index(field)] = value
        try:
            expected: object = _reference(mc.Cluster, cells)
        except Exception:
            expected = "refused"
        try:
            got: object = build(mc.Cluster, [cells], {})[0]
        except Exception:
            got = "refused"
        assert got == expected, (field, value)


@BUILDERS
@pytest.mark.parametrize(
    ("resource", "field", "value"),
    [("labels", "level", "platinum"), ("labels", "level", "Bronze"),
     ("budgets", "amount_eur", "1,5"), ("memberships", "role", ""), ("markets", "scope", "global")],
)  # fmt: skip
def test_bad_enums_and_decimals_are_refused_by_both(
    resource: str, field: str, value: str, build: Build
) -> None:
    record_type = mc.RECORD_TYPES[resource]
    cells = _rows(resource)[0]
    cells[[f.name for f in attrs.fields(record_type)].index(field)] = value
    with pytest.raises(Exception):  # noqa: B017, PT011 - each path raises its own error
        _reference(record_type, cells)
    with pytest.raises(Exception):  # noqa: B017, PT011
        build(record_type, [cells], {})


def test_repeated_text_is_stored_once() -> None:
    ds = mc.load(mc.bundled_path())
    memberships = [m for m in ds.memberships if m.cluster_id == "lhtc"]
    assert memberships[0].cluster_id is memberships[1].cluster_id
    assert memberships[0].source_id is ds.markets[0].source_id  # across tables too


@BUILDERS
def test_every_builder_stores_repeated_text_once(build: Build) -> None:
    shared: dict[str, str] = {}
    memberships = build(mc.Membership, _rows("memberships"), shared)
    markets = build(mc.Market, _rows("markets"), shared)
    lhtc = [m for m in memberships if m.cluster_id == "lhtc"]
    assert lhtc[0].cluster_id is lhtc[1].cluster_id
    source = memberships[0].source_id
    assert any(market.source_id is source for market in markets)  # across tables too


def test_type_hints_are_typings() -> None:
    """The records' type hints, evaluated a class at a time, are what typing gives."""
    import typing

    from medclusters.io.rows import type_hints

    for name, record_type in mc.RECORD_TYPES.items():
        assert type_hints(record_type) == typing.get_type_hints(record_type), name
