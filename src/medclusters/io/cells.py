"""A resource's cells as the loader holds them: by rows (the csv module reads rows) or by
columns (pyarrow reads columns), and read either way without copying into the other shape.

The checks read columns (a set of a column's values, a column of keys), the row builders read
rows: a table read by rows gives a column as a C-level ``map`` over its rows, and one read by
columns gives its rows as a ``zip`` of the columns, whose tuple is reused from row to row.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from operator import itemgetter
from typing import Any


class Table(ABC):
    """The cells of a CSV file below its header; ``""`` where a cell is empty. Each call
    of ``rows``, ``column`` or ``keys`` gives a fresh iterable. Held by :class:`Rows` or by
    :class:`Columns`."""

    __slots__ = ("_distinct",)

    def __init__(self) -> None:
        self._distinct: dict[int, frozenset[str]] = {}

    def distinct(self, index: int) -> frozenset[str]:
        """The distinct cells of column ``index``, ``""`` among them where a cell is empty:
        worked out once, for every check that needs them (constraints, keys, references)."""
        found = self._distinct.get(index)
        if found is None:
            found = self._distinct[index] = frozenset(self._unique(index))
        return found

    def _unique(self, index: int) -> Iterable[str]:
        return self.column(index)

    @abstractmethod
    def __len__(self) -> int:
        """The number of rows."""

    @abstractmethod
    def rows(self) -> Iterable[Sequence[str]]:
        """Every row, in order."""

    @abstractmethod
    def column(self, index: int) -> Iterable[str]:
        """The cells of column ``index``, in row order."""

    @abstractmethod
    def keys(self, indexes: Sequence[int]) -> Iterable[Any]:
        """Each row's cells at ``indexes``: the cell itself for one index, else a tuple (as
        ``operator.itemgetter`` gives them)."""

    @abstractmethod
    def widths(self) -> set[int]:
        """The distinct numbers of cells in a row."""


class Rows(Table):
    """A table held as its rows: a column is a C-level ``map`` over them."""

    __slots__ = ("_rows",)

    def __init__(self, rows: Sequence[Sequence[str]]) -> None:
        super().__init__()
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


class Dictionary:
    """A column given as its distinct texts and a way to fill in the cells from a value for
    each of them (pyarrow's dictionary encoding): a value is worked out once a distinct text."""

    __slots__ = ("_cells", "distinct", "take")

    def __init__(self, distinct: Sequence[str], take: Callable[[Sequence[Any]], list[Any]]) -> None:
        self.distinct = distinct
        self.take = take
        self._cells: list[str] | None = None

    @property
    def cells(self) -> list[str]:
        """The column's cells (filled in once, each text one object)."""
        if self._cells is None:
            self._cells = self.take(self.distinct)
        return self._cells


class Columns(Table):
    """A table held as its columns (all as long): its rows are a ``zip`` of them. A column
    may come as a :class:`Dictionary`, and is converted a distinct value at a time."""

    __slots__ = ("_columns", "_count", "_dictionaries")

    def __init__(self, columns: Sequence[Sequence[str] | Dictionary]) -> None:
        super().__init__()
        self._dictionaries = [c if isinstance(c, Dictionary) else None for c in columns]
        self._columns = [c.cells if isinstance(c, Dictionary) else c for c in columns]
        self._count = len(self._columns[0]) if self._columns else 0

    def __len__(self) -> int:
        return self._count

    def rows(self) -> Iterable[Sequence[str]]:
        return zip(*self._columns, strict=True)

    def column(self, index: int) -> Iterable[str]:
        return self._columns[index]

    def _unique(self, index: int) -> Iterable[str]:
        dictionary = self._dictionaries[index]
        return dictionary.distinct if dictionary else self._columns[index]

    def has_dictionary(self, index: int) -> bool:
        """Whether column ``index`` came as its distinct texts (and converts once each)."""
        return self._dictionaries[index] is not None

    def converted(self, index: int, convert: Callable[[str], Any]) -> Sequence[Any]:
        """The column with each cell passed through ``convert``: once a distinct text where
        the column has a dictionary, else once a cell."""
        dictionary = self._dictionaries[index]
        if dictionary is not None:
            return dictionary.take([convert(text) for text in dictionary.distinct])
        return list(map(convert, self._columns[index]))

    def keys(self, indexes: Sequence[int]) -> Iterable[Any]:
        if len(indexes) == 1:
            return self._columns[indexes[0]]
        return zip(*(self._columns[index] for index in indexes), strict=True)

    def widths(self) -> set[int]:
        return {len(self._columns)} if self._count else set()
