"""A resource's cells as the loader holds them: by rows (the csv module reads rows) or by
columns (pyarrow reads columns), and read either way without copying into the other shape.

The checks read columns (a set of a column's values, a column of keys), the row builders read
rows: a table read by rows gives a column as a C-level ``map`` over its rows, and one read by
columns gives its rows as a ``zip`` of the columns, whose tuple is reused from row to row.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from operator import itemgetter
from typing import Any


class Table:
    """The cells of a CSV file below its header; ``""`` where a cell is empty. Each call
    of ``rows``, ``column`` or ``keys`` gives a fresh iterable."""

    __slots__ = ()

    def __len__(self) -> int:
        raise NotImplementedError

    def rows(self) -> Iterable[Sequence[str]]:
        """Every row, in order."""
        raise NotImplementedError

    def column(self, index: int) -> Iterable[str]:
        """The cells of column ``index``, in row order."""
        raise NotImplementedError

    def keys(self, indexes: Sequence[int]) -> Iterable[Any]:
        """Each row's cells at ``indexes``: the cell itself for one index, else a tuple (as
        ``operator.itemgetter`` gives them)."""
        raise NotImplementedError

    def widths(self) -> set[int]:
        """The distinct numbers of cells in a row."""
        raise NotImplementedError


class Rows(Table):
    """A table held as its rows: a column is a C-level ``map`` over them."""

    __slots__ = ("_rows",)

    def __init__(self, rows: Sequence[Sequence[str]]) -> None:
        self._rows = rows

    def __len__(self) -> int:
        return len(self._rows)

    def rows(self) -> Iterable[Sequence[str]]:
        return self._rows

    def column(self, index: int) -> Iterable[str]:
        return map(itemgetter(index), self._rows)

    def keys(self, indexes: Sequence[int]) -> Iterable[Any]:
        return map(itemgetter(*indexes), self._rows)

    def widths(self) -> set[int]:
        return set(map(len, self._rows))


class Columns(Table):
    """A table held as its columns (all as long): its rows are a ``zip`` of them."""

    __slots__ = ("_columns", "_count")

    def __init__(self, columns: Sequence[Sequence[str]]) -> None:
        self._columns = columns
        self._count = len(columns[0]) if columns else 0

    def __len__(self) -> int:
        return self._count

    def rows(self) -> Iterable[Sequence[str]]:
        return zip(*self._columns, strict=True)

    def column(self, index: int) -> Iterable[str]:
        return self._columns[index]

    def keys(self, indexes: Sequence[int]) -> Iterable[Any]:
        if len(indexes) == 1:
            return self._columns[indexes[0]]
        return zip(*(self._columns[index] for index in indexes), strict=True)

    def widths(self) -> set[int]:
        return {len(self._columns)} if self._count else set()
