"""A table's cells read the same whether held by rows (the csv module) or by columns
(pyarrow), with or without a dictionary."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from medclusters.io.cells import Columns, Dictionary, Rows, Table

ROWS = [("a1", "x", ""), ("a2", "y", "p"), ("a3", "x", "")]


def _take(cells: Sequence[str], distinct: Sequence[str]) -> Any:
    codes = [distinct.index(cell) for cell in cells]
    return lambda values: [values[code] for code in codes]


def _tables() -> list[Table]:
    columns = [list(column) for column in zip(*ROWS, strict=True)]
    distinct = sorted(set(columns[1]))
    with_dictionary: list[Sequence[str] | Dictionary] = [
        columns[0],
        Dictionary(distinct, _take(columns[1], distinct)),
        columns[2],
    ]
    return [Rows(ROWS), Columns(columns), Columns(with_dictionary)]


@pytest.mark.parametrize("table", _tables(), ids=["rows", "columns", "dictionary"])
def test_every_shape_reads_the_same(table: Table) -> None:
    assert len(table) == 3
    assert [tuple(row) for row in table.rows()] == ROWS
    assert list(table.column(1)) == ["x", "y", "x"]
    assert list(table.keys([0])) == ["a1", "a2", "a3"]
    assert list(table.keys([0, 2])) == [("a1", ""), ("a2", "p"), ("a3", "")]
    assert table.distinct(1) == {"x", "y"}
    assert table.distinct(2) == {"", "p"}  # "" kept: the checks leave it out themselves
    assert table.distinct(1) is table.distinct(1)  # worked out once
    assert table.widths() == {3}


def test_a_dictionary_column_converts_once_a_distinct_text() -> None:
    calls: list[str] = []

    def convert(text: str) -> str:
        calls.append(text)
        return text.upper()

    table = _tables()[2]
    assert isinstance(table, Columns)
    assert table.has_dictionary(1)
    assert table.converted(1, convert) == ["X", "Y", "X"]
    assert sorted(calls) == ["x", "y"]
    calls.clear()
    assert table.converted(0, convert) == ["A1", "A2", "A3"]  # no dictionary: once a cell
    assert calls == ["a1", "a2", "a3"]


def test_an_empty_table_has_no_width() -> None:
    assert Rows([]).widths() == set()
    assert Columns([[], []]).widths() == set()
    assert len(Columns([[], []])) == 0
