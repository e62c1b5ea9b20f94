"""The columnar fast path (pyarrow) against the csv module: the same rows, or no answer.

The proof the fast path needs is differential: on arbitrary bytes, wherever it answers, the
strict csv path must accept the file and read the very same rows; where it does not answer,
the csv path reads the file (and names the bad row), so a refusal is the csv path's own.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path
from typing import Any, Literal

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import medclusters as mc
from medclusters.errors import PackageError
from medclusters.io import columnar as _columnar
from medclusters.io.spec import parse_resources
from medclusters.loader.full import read_rows
from tests.fixtures.broken.corpus import CASES

pytest.importorskip("pyarrow")

DEEP = int(os.environ.get("MEDCLUSTERS_DEEP", "1"))
SPEC = parse_resources(
    {"resources": [{"name": "t", "path": "t.csv", "schema": {"fields": [{"name": "a"}]}}]}
)["t"]

#: The bytes on which CSV readers differ: separators, quotes, line ends, a NUL, a BOM, a
#: stray UTF-8 lead byte, a surrogate's encoding, and plain and accented letters.
PIECES = [b",", b'"', b'""', b"\n", b"\r", b"\r\n", b"a", b"b", b" ", b"\xc3\xa9", b"\x00",
          b"\xef\xbb\xbf", b"\xc3", b"\xed\xa0\x80", b"1"]  # fmt: skip


def _csv_path(data: bytes) -> list[tuple[str, ...]] | str:
    """The rows the csv path reads, the header first, or its refusal."""
    try:
        header, rows = read_rows(data, SPEC, match_schema=False)
    except PackageError as error:
        return str(error)
    return [tuple(header), *map(tuple, rows.rows())]


def _agree(data: bytes) -> None:
    _widths_agree(data)
    fast = _columnar.read(data)
    if fast is None:
        return  # the csv path reads it
    header, columns = fast
    assert _csv_path(data) == [tuple(header), *map(tuple, columns.rows())], data


def _widths_agree(data: bytes) -> None:
    """The two ways of checking the quotes and line ends, with numpy and without, agree."""
    import numpy as np

    with_numpy = _columnar._quoted_fields_width_numpy(np, data)
    if b"\r" in data and data.count(b"\r") != data.count(b"\r\n"):
        assert with_numpy is None, data
    else:
        assert with_numpy == _columnar._quoted_fields_width(data), data


@settings(
    max_examples=800 * DEEP,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map(b"".join))
@example(b"a,b\n1,2\n\n")  # a blank line: pyarrow reads a row of empty cells
@example(b'a,b\n1,"2')  # an unterminated quote: pyarrow reads an empty field
@example(b',a",,,"')  # a quote inside an unquoted field, then one left open
@example(b'"a"b,c\n')  # text after a closing quote: pyarrow reads it as more of the field
@example(b"a\rb\n")  # a bare carriage return
@example(b"\xef\xbb\xbfa,b\n")  # a byte-order mark
def test_fast_path_reads_what_the_csv_path_reads(data: bytes) -> None:
    _agree(data)


#: A cell a CSV writer may be given: any text but NUL and carriage returns (a bare one is left
#: to the csv path, which is tested above) and surrogates (not UTF-8).
CELL = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00\r"), max_size=8)


@settings(max_examples=300 * DEEP, deadline=None, derandomize=True)
@given(
    st.lists(st.lists(CELL, min_size=3, max_size=3), min_size=1, max_size=12),
    st.sampled_from(["\n", "\r\n"]),
    st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC]),
)
def test_fast_path_reads_files_written_by_the_csv_module(
    table: list[list[str]], end: str, quoting: Literal[0, 1, 2]
) -> None:
    """Well-formed files, as a CSV writer writes them: answered, and read alike."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=end, quoting=quoting).writerows(table)
    data = buffer.getvalue().encode("utf-8")
    if all(map(any, table)):  # no row of empty cells, which pyarrow cannot tell from a blank line
        assert _columnar.read(data) is not None, data
    _agree(data)


@st.composite
def _near_csv(draw: st.DrawFn) -> bytes:
    """A file as a CSV writer writes it, then bent: a few pieces inserted, replaced or cut."""
    rows = draw(st.lists(st.lists(st.sampled_from(["", "a", "b c", "é", "x,y", 'say "hi"',
                                                   "two\nlines", "1"]),
                                  min_size=2, max_size=2), min_size=1, max_size=6))  # fmt: skip
    buffer = io.StringIO()
    quoting: Literal[0, 1] = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]))
    csv.writer(buffer, lineterminator=draw(st.sampled_from(["\n", "\r\n"])),
               quoting=quoting).writerows(rows)  # fmt: skip
    data = bytearray(buffer.getvalue().encode("utf-8"))
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(data)))
        cut = draw(st.integers(0, 2))
        data[at : at + cut] = draw(st.sampled_from(PIECES))
    return bytes(data)


@pytest.mark.slow
@settings(
    max_examples=800 * DEEP,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(_near_csv())
def test_fast_path_reads_bent_files_as_the_csv_path_does(data: bytes) -> None:
    """Near a well-formed file, where the two parsers part: the same rows, or no answer."""
    _agree(data)


def test_fast_path_answers_a_plain_file() -> None:
    data = b'id,name,note\nx1,"Clinic, Riga","said ""yes""\nthen left"\r\nx2,,plain\n'
    read = _columnar.read(data)
    assert read is not None
    header, columns = read
    assert header == ["id", "name", "note"]
    assert list(columns.rows()) == [
        ("x1", "Clinic, Riga", 'said "yes"\nthen left'),
        ("x2", "", "plain"),
    ]
    assert list(columns.column(1)) == ["Clinic, Riga", ""]
    assert list(columns.keys([0, 2])) == [("x1", 'said "yes"\nthen left'), ("x2", "plain")]


@pytest.mark.parametrize(
    "data",
    [
        b"",  # empty
        b"a,b\n1,2\n\n",  # blank line
        b"a,b\r\n\r\n1,2\r\n",  # blank line, CRLF
        b"\na,b\n",  # blank first line
        b'a,b\n1,"2',  # open quote
        b'a,b\n1,2"x"\n',  # quote inside an unquoted field
        b'a,b\n"1"x,2\n',  # text after a closing quote
        b'a,b\n"1" ,2\n',  # a space after a closing quote
        b"a,b\n1,2\r3,4\n",  # bare carriage return
        b"\xef\xbb\xbfa,b\n",  # BOM
        b"a,b\n1,\x00\n",  # NUL
        b"a,b\n1,\xc3\n",  # not UTF-8
        b"a,b\n1,2,3\n",  # a row wider than the header
        b"1,2,3,4",  # one line, no line end: pyarrow refuses it, the csv path reads it
    ],
)
def test_fast_path_leaves_doubtful_files_to_the_csv_path(data: bytes) -> None:
    assert _columnar.read(data) is None


def test_fast_path_leaves_a_field_over_the_csv_limit_to_the_csv_path() -> None:
    limit = 1000  # the limit in force when the file is read (importing frictionless raises it)
    before = csv.field_size_limit(limit)
    try:
        data = b"a,b\n1," + b"x" * (limit + 1) + b"\n"
        assert _columnar.read(data) is None
        assert isinstance(_csv_path(data), str)  # the csv path refuses it, naming the row
        assert _columnar.read(data.replace(b"x", b"", 1)) is not None  # at the limit: read
    finally:
        csv.field_size_limit(before)


def test_fast_path_is_wanted_only_for_big_files(monkeypatch: pytest.MonkeyPatch) -> None:
    assert not _columnar.wanted(1000, 1000)  # the bundled package's files
    assert _columnar.wanted(_columnar.WORTH_IMPORTING, _columnar.WORTH_IMPORTING)
    monkeypatch.setattr(_columnar, "OFF", True)
    assert not _columnar.wanted(_columnar.WORTH_IMPORTING, _columnar.WORTH_IMPORTING)
    assert not _columnar.enabled()


@pytest.fixture
def columnar_always(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file of every package read through the fast path, however small."""
    monkeypatch.setattr(_columnar, "SMALLEST", 0)
    monkeypatch.setattr(_columnar, "WORTH_IMPORTING", 0)


def test_a_load_through_the_fast_path_builds_the_same_dataset(
    columnar_always: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    read: list[object] = []
    monkeypatch.setattr(_columnar, "parse", _counting(_columnar.parse, read))
    fast = mc.load(mc.bundled_path())
    assert len(read) == len(fast.descriptor["resources"])  # every file went the fast way
    assert sum(answer is not None for answer in read) >= len(read) - 1  # and nearly all read
    monkeypatch.setattr(_columnar, "OFF", True)
    slow = mc.load(mc.bundled_path())
    for name in mc.RECORD_TYPES:
        assert getattr(fast, name) == getattr(slow, name), name
    first, second = fast.memberships[0], fast.memberships[1]
    assert first.cluster_id == second.cluster_id
    assert first.cluster_id is second.cluster_id  # repeated text kept once


@pytest.mark.slow
def test_broken_packages_are_refused_alike_through_the_fast_path(
    corpus: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every package of the broken corpus that fails to load fails with the same error,
    row, field and value, through either path."""

    def refusal(package: Path) -> tuple[object, ...]:
        with pytest.raises(mc.PackageError) as caught:
            mc.load(package)
        error = caught.value
        return (str(error), error.resource, error.row, error.field, error.value)

    cases = [case for case in CASES if case.expect.load]
    slow = {case.name: refusal(corpus[case.name]) for case in cases}
    monkeypatch.setattr(_columnar, "SMALLEST", 0)
    monkeypatch.setattr(_columnar, "WORTH_IMPORTING", 0)
    fast = {case.name: refusal(corpus[case.name]) for case in cases}
    assert fast == slow


def _counting(read: Any, calls: list[object]) -> Any:
    def counted(data: bytes) -> object:
        answer = read(data)
        calls.append(answer)
        return answer

    return counted


def test_repeating_columns_are_read_through_their_dictionary() -> None:
    """A long file whose columns repeat (the path through pyarrow's dictionary and numpy):
    the same rows as the csv path, equal cells one object."""
    lines = ["id,kind,note"]
    lines += [f"r{n},{('kind-a', 'kind-b', '')[n % 3]},{'x' * (n % 7)}" for n in range(10_000)]
    data = ("\n".join(lines) + "\n").encode()
    read = _columnar.read(data)
    assert read is not None
    header, columns = read
    assert [tuple(header), *columns.rows()] == _csv_path(data)
    kinds = list(columns.column(1))
    assert kinds[0] is kinds[3]  # one object for a repeated text


def test_a_file_of_very_many_columns_is_left_to_the_csv_path() -> None:
    data = b",".join(b"c%d" % n for n in range(5000)) + b"\n" + b"," * 4999 + b"x\n"
    assert _columnar.read(data) is None
    assert _columnar.read(b"a,b\n1,2\n") is not None


def test_the_bundled_package_loads_without_importing_pyarrow() -> None:
    """The fast path pays for importing pyarrow only on large packages."""
    import subprocess
    import sys

    code = (
        "import sys, medclusters as mc; mc.load(); "
        "print(sorted(m for m in ('pyarrow', 'numpy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_quoted_crlf_at_a_block_boundary_is_left_to_the_csv_path() -> None:
    """pyarrow 26 reads a quoted CRLF whose CR ends one of its 1 MiB blocks as a bare CR
    (apache/arrow#51368, found by review): a file with a CR inside quotes is not answered,
    and the loader reads the CRLF whole."""
    data = b"a\n" + b"bbbbbbbbb\n" * 104856 + b"bbbbbbbbbb\n" + b'"x\r\ny"\n'
    assert data.index(b"\r") == (1 << 20) - 1
    assert _columnar.read(data) is None
    _, rows = read_rows(data, SPEC, columnar=True)
    assert list(list(rows.rows())[-1]) == ["x\r\ny"]
    assert _columnar.read(data.replace(b'"x\r\ny"', b'"x\ny"')) is not None  # LF alone: read


def test_both_width_checks_leave_a_first_row_of_very_many_quotes_alone() -> None:
    data = b'"' + b'""' * 40000 + b'",b\n1,2\n'
    _widths_agree(data)
    assert _columnar.read(data) is None
    _widths_agree(b'"' + b'""' * 100 + b'",b\n1,2\n')
    assert _columnar.read(b'"' + b'""' * 100 + b'",b\n1,2\n') is not None


@pytest.mark.parametrize(
    "snippet",
    [b'"x\ny"', b'"x,y"', b'"x""y"', b'""', b"x\r\ny", b'"x\r\ny"', b'"\xc3\xa9\n"'],
    ids=["quoted-lf", "quoted-comma", "doubled-quote", "empty-quoted", "crlf", "quoted-crlf",
         "quoted-utf8-lf"],
)  # fmt: skip
def test_rows_across_pyarrows_block_boundary_read_alike(snippet: bytes) -> None:
    """pyarrow reads 1 MiB blocks: a snippet placed across the first boundary at each of a
    dozen offsets reads as the csv path reads it, or is left to it."""
    for shift in range(-6, 6):
        filler = (1 << 20) - 2 - len(snippet) // 2 + shift  # "a\n", then rows of one cell
        lines, rest = divmod(filler, 1000)
        data = b"a\n" + (b"b" * 999 + b"\n") * lines + b"b" * rest + b"\n" + snippet + b"\nz\n"
        _agree(data)
