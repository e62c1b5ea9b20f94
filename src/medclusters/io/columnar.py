"""The optional columnar fast path of the CSV reader: pyarrow parses, the csv module decides.

pyarrow's CSV parser is several times as fast as the csv module, but more lenient: it takes a
blank line as a row of empty cells, an unterminated quote at the end of the file as an empty
field, text after a closing quote as more of the field, and a bare carriage return as a line
end, all of which the strict csv path refuses. So a file is read here only where the two
cannot differ, proven by checks at C speed: on the bytes (numpy, or ``bytes.split``), no
BOM or NUL, every carriage return followed by a line feed and outside quotes (pyarrow 26 drops
the line feed of a quoted CRLF whose CR ends one of its 1 MiB blocks, apache/arrow#51368), and
every quote either opening a field, closing one before a comma, a line end or the end of the
file, or doubled inside a quoted field; on what pyarrow read (``pyarrow.compute``), valid UTF-8, no
row without a single non-empty cell (a blank line, or one the csv path should judge), no
cell over the csv module's field limit. Anything else (and any file pyarrow refuses) answers
``None``, and the csv path reads the file and, where it is bad, names the row. Differential
tests on arbitrary bytes hold the two paths to the same rows or to no answer.

pyarrow is an optional extra; it is imported on the first file big enough to pay for the
import, never for the bundled package.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Sequence
from typing import Any

from medclusters.io.cells import Columns, Dictionary

#: A file this big is read by pyarrow once pyarrow is imported (smaller ones: the csv module
#: is as fast, without the conversions).
SMALLEST = 1 << 20
#: Files this big, together, pay for importing pyarrow (about 0.1-0.15 s).
WORTH_IMPORTING = 16 << 20

#: Set by a benchmark to measure the library as without pyarrow: the csv module alone.
OFF = False

_FIELD_START = frozenset(b",\n")  # what precedes an opening quote
_FIELD_END = frozenset(b",\r\n")  # what follows a closing quote


def enabled() -> bool:
    """Whether the fast path can run: pyarrow installed and not switched off (a benchmark
    measures the library without it by setting ``medclusters.io.columnar.OFF``)."""
    if OFF:
        return False
    if "pyarrow.csv" in sys.modules:
        return True
    try:
        import pyarrow.csv  # noqa: F401
    except ImportError:
        return False
    return True


def wanted(size: int, package_size: int) -> bool:
    """Whether a file of ``size`` bytes, in a package of ``package_size`` bytes, should be
    read by pyarrow: big enough, and the import already paid or worth paying."""
    if size < SMALLEST:
        return False
    paid = "pyarrow.csv" in sys.modules or max(size, package_size) >= WORTH_IMPORTING
    return paid and enabled()


def width(data: bytes) -> int | None:
    """The number of cells of the first row where the bytes leave the csv module and pyarrow
    nothing to read differently (see the module text), else ``None``."""
    if not data or data.startswith((b"\xef\xbb\xbf", b"\n", b"\r")) or b"\x00" in data:
        return None
    try:
        import numpy as np
    except ImportError:  # pragma: no cover - numpy comes with pandas and the test tools
        if b"\r" in data and data.count(b"\r") != data.count(b"\r\n"):
            return None  # a carriage return that does not end a line
        return _quoted_fields_width(data)
    return _quoted_fields_width_numpy(np, data)


def _quoted_fields_width_numpy(np: Any, data: bytes) -> int | None:
    """:func:`_quoted_fields_width`, and the carriage returns checked, on the positions of
    the quotes found by numpy: vectorised, and without holding the GIL for long, so that it
    can run in the reading thread while the loader builds records."""
    text = np.frombuffer(data, dtype=np.uint8)
    returns = _positions(np, text, ord("\r"))
    if len(returns) and (returns[-1] + 1 == len(text) or (text[returns + 1] != ord("\n")).any()):
        return None  # a carriage return that does not end a line
    quotes = _positions(np, text, ord('"'))
    if len(quotes) % 2:
        return None  # an odd number of quotes: one is left open
    if len(returns) and (np.searchsorted(quotes, returns) % 2).any():
        # A carriage return inside quotes: pyarrow 26 drops the line feed of a quoted CRLF
        # whose CR ends one of its 1 MiB blocks (apache/arrow#51368), so such files are left
        # to the csv path.
        return None
    if len(quotes):
        if quotes[0] and text[quotes[0] - 1] not in _FIELD_START:
            return None
        if quotes[-1] + 1 < len(text) and text[quotes[-1] + 1] not in _FIELD_END:
            return None
        after, before = quotes[1:-1:2], quotes[2:-1:2]  # around the pieces outside quotes
        pieces = before > after + 1  # not empty: between a closing and an opening quote
        if not (
            np.isin(text[after[pieces] + 1], list(_FIELD_END)).all()
            and np.isin(text[before[pieces] - 1], list(_FIELD_START)).all()
        ):
            return None
    return _first_row_width(data, quotes[:_HEADER_QUOTES].tolist())


#: Quotes enough for any header (the positions past them are not needed).
_HEADER_QUOTES = 1 << 16


def _positions(np: Any, text: Any, byte: int) -> Any:
    """Where ``byte`` occurs in ``text``, found a block at a time (a bounded temporary)."""
    block = 1 << 24
    found = [np.flatnonzero(text[start : start + block] == byte) + start
             for start in range(0, len(text), block)]  # fmt: skip
    return np.concatenate(found) if found else np.empty(0, dtype=np.intp)


def _first_row_width(data: bytes, quotes: list[int]) -> int | None:
    """The cells of the first row, the quotes' positions known: its commas outside quotes,
    up to the first line feed outside quotes, plus one."""
    end = data.find(b"\n")
    commas = data.count(b",", 0, len(data) if end < 0 else end)
    for opened, closed in zip(quotes[::2], quotes[1::2], strict=True):
        if end >= 0 and opened > end:
            break
        if len(quotes) == _HEADER_QUOTES and closed == quotes[-1]:
            return None  # a first row of that many quotes: left to the csv path
        inside = data.count(b",", opened, closed)
        if end < 0 or closed < end:
            commas -= inside
            continue
        commas -= data.count(b",", opened, end)  # the line feed was quoted: look further
        end = data.find(b"\n", closed)
        commas += data.count(b",", closed, len(data) if end < 0 else end)
    return commas + 1


def _quoted_fields_width(data: bytes) -> int | None:
    """The first row's width where every quote opens a field (at the start of the file, after
    a comma or a line feed), closes it (before a comma, a line end or the end of the file), or
    is doubled inside it; else ``None``.

    Split at the quotes, the even pieces lie outside quoted fields, the odd ones inside: an
    even piece between two quotes is empty where a quote is doubled, and otherwise must
    begin where a field ends and end where one begins."""
    pieces = data.split(b'"') if b'"' in data else [data]
    if len(pieces) % 2 == 0:
        return None  # an odd number of quotes: one is left open
    first, last = pieces[0], pieces[-1]
    if len(pieces) > 1 and (
        (first and first[-1] not in _FIELD_START)
        or (last and last[0] not in _FIELD_END)
        or not all(
            not piece or (piece[0] in _FIELD_END and piece[-1] in _FIELD_START)
            for piece in pieces[2:-1:2]
        )
    ):
        return None
    if b"\r" in data and any(b"\r" in piece for piece in pieces[1::2]):
        return None  # a carriage return inside quotes (see _quoted_fields_width_numpy)
    commas = 0
    for number, piece in enumerate(pieces[::2]):  # commas outside quotes up to the line end
        if 2 * number >= _HEADER_QUOTES:
            return None  # a first row of that many quotes: left to the csv path
        end = piece.find(b"\n")
        commas += piece.count(b",", 0, len(piece) if end < 0 else end)
        if end >= 0:
            break
    return commas + 1


def read(data: bytes) -> tuple[list[str], Columns] | None:
    """The header and the columns of ``data``, or ``None`` where the csv path must read it
    (the bytes are not plain, a row is not as wide as the header, a cell is longer than the
    csv module's field limit, or pyarrow refuses the file)."""
    table = parse(data)
    return None if table is None else columns(table)


def parse(data: bytes) -> Any:
    """pyarrow's table of ``data`` (the header its first row), or ``None`` where the csv path
    must read it. Holds the GIL little (numpy and pyarrow work without it): the loader runs
    it in its reading thread, a file ahead of the records it builds."""
    wide = width(data)
    if wide is None or wide > _WIDEST:
        return None
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv

    try:
        table = pacsv.read_csv(
            pa.py_buffer(data),
            read_options=pacsv.ReadOptions(autogenerate_column_names=True),
            parse_options=pacsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys((f"f{n}" for n in range(wide)), pa.string()),
                strings_can_be_null=False,  # text is checked to be UTF-8
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return None  # a ragged row, a file of one line without a line end, not UTF-8
    if table.num_columns != wide:  # pragma: no cover - a wider row is refused above
        return None
    lengths = [pc.binary_length(column) for column in table.columns]
    if (
        pc.min(lengths[0]).as_py() == 0 and pc.any(pc.equal(_sum(pc, lengths), 0)).as_py()
    ):  # a row of empty cells: a blank line (the csv module reads no cells)
        return None
    limit = csv.field_size_limit()
    if len(data) > limit and any(pc.max(length).as_py() > limit for length in lengths):
        return None  # the csv module refuses a field this long
    return table


def columns(table: Any) -> tuple[list[str], Columns]:
    """The header and the columns of a table :func:`parse` made."""
    import pyarrow.compute as pc

    header = [column[0].as_py() for column in table.columns]
    return header, Columns([_column(column.slice(1), pc) for column in table.columns])


def _column(column: Any, pc: Any) -> list[str] | Dictionary:
    """A column as a list of text or, where a sample of it repeats (kinds, resources,
    sources), as its dictionary: each distinct text made once, and the cells filled in at C
    speed by numpy (if installed)."""
    if len(column) > _SAMPLE:
        try:
            import numpy as np
        except ImportError:  # pragma: no cover - numpy comes with pandas and the test tools
            return column.to_pylist()  # type: ignore[no-any-return]
        if pc.count_distinct(column.slice(0, _SAMPLE)).as_py() <= _SAMPLE // 4:
            encoded = pc.dictionary_encode(column.combine_chunks())
            return Dictionary(encoded.dictionary.to_pylist(), _Take(np, encoded.indices))
    return column.to_pylist()  # type: ignore[no-any-return]


class _Take:
    """Fills a column from the values of its distinct cells, at C speed (numpy's ``take``)."""

    __slots__ = ("_codes", "_np")

    def __init__(self, np: Any, indices: Any) -> None:
        self._np = np
        self._codes = indices.to_numpy()

    def __call__(self, values: Sequence[Any]) -> list[Any]:
        table = self._np.empty(len(values), dtype=object)
        table[:] = values  # each value an element, even one that is a sequence
        return table[self._codes].tolist()  # type: ignore[no-any-return]


#: More columns than any resource has: such a file is left to the csv path, which refuses
#: its header without building a table of that many columns.
_WIDEST = 1024
#: The rows a column is sampled on to see whether its cells repeat.
_SAMPLE = 4096


def _sum(pc: Any, lengths: list[Any]) -> Any:
    """The cells' lengths added up row by row."""
    total = lengths[0]
    for length in lengths[1:]:
        total = pc.add(total, length)
    return total
