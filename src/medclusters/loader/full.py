"""The loader behind :func:`medclusters.load`: bytes from a reader to a checked Dataset.

Imported on the first load, not with the library. Every byte comes through
:mod:`medclusters.io.readers` (the boundary and its limits); the descriptor is read as checked
specs (:mod:`medclusters.io.spec`); the schema must agree with the records and declare the keys
the library holds each resource to (:data:`medclusters.records.KEYS`). CSV is read with the
standard library's ``csv`` module or, for large files where it provably reads the same rows,
by pyarrow (:mod:`medclusters.io.columnar`, in the reading thread); records are built with
compiled builders (:mod:`medclusters.io.rows`), and constraints, keys and one-party links
checked here, each table as soon as it and the tables it refers to are read. When a row is
bad, the table is re-run through the cattrs converter to name row, field and value. A load
returns a complete Dataset or raises a PackageError; frictionless is used for validation
only.
"""

from __future__ import annotations

import csv
import threading
import unicodedata
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence, Set
from typing import Any

import attrs

from medclusters.dataset import Dataset
from medclusters.errors import PackageError
from medclusters.io import columnar as _columnar
from medclusters.io.cells import Columns, Rows, Table
from medclusters.io.constraints import (
    check_agreement,
    check_cells,
    check_contract,
    check_cycles,
    check_one_of,
    check_values,
    same_pattern_references,
)
from medclusters.io.readers import MemoryReader, Reader
from medclusters.io.rows import builder, column_builder
from medclusters.io.spec import ResourceSpec, parse_resources
from medclusters.records import KEYS, PERSONAL, RECORD_TYPES
from medclusters.utils.version import older_than_read


def read_rows(
    data: bytes,
    spec: ResourceSpec,
    *,
    match_schema: bool = True,
    columnar: bool = False,
    parsed: Any = None,
) -> tuple[list[str], Table]:
    """The header and the cells of a resource's CSV file (``""`` where empty): UTF-8
    without BOM or NUL, rows ended by LF or CRLF. With ``match_schema`` the header must be the
    schema's fields and every row as wide. The bytes have passed the declared size and hash
    and the count limits. With ``columnar``, pyarrow reads the file where it provably reads
    what the csv module would (:mod:`medclusters.io.columnar`); ``parsed`` is pyarrow's table
    of it where :func:`medclusters.io.columnar.parse` already made one."""
    name = spec.name
    if parsed is None and columnar:
        parsed = _columnar.parse(data)
    if parsed is not None:
        header, columns = _columnar.columns(parsed)
        _check_header(header, spec, match_schema)
        _check_width(columns, spec, match_schema)
        return header, columns
    if b"\x00" in data:  # checked on bytes, before decoding
        row = data.count(b"\n", 0, data.index(b"\x00"))  # exact without quoted newlines
        raise PackageError(
            "the file holds a NUL byte: damaged, or not a text file", resource=name, row=row
        )
    if data.startswith(b"\xef\xbb\xbf"):
        raise PackageError(
            "the file starts with a byte-order mark; save it as UTF-8 without BOM",
            resource=name,
            row=0,
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise PackageError(
            f"the file is not UTF-8 ({error.reason} at byte {error.start})", resource=name
        ) from None
    try:
        reader = csv.reader(_lines(text), strict=True)
        first = next(reader, None)
        if first is None:
            raise PackageError("the CSV file is empty: no header row", resource=name)
        _check_header(first, spec, match_schema)  # before the rows are parsed
        header, rows = first, Rows(list(reader))
    except csv.Error as error:
        reason = str(error)
        if reason.startswith("new-line character seen in unquoted field"):
            reason = "a carriage return outside quotes ends a line without a line feed (save "
            reason += "the file with LF or CRLF line ends)"
        raise PackageError(
            f"malformed CSV: {reason}", resource=name, row=_failing_row(text)
        ) from None
    _check_width(rows, spec, match_schema)
    return header, rows


def _check_header(header: list[str], spec: ResourceSpec, match_schema: bool) -> None:
    if match_schema and tuple(header) != spec.names:
        missing = [field for field in spec.names if field not in header]
        extra = [field for field in header if field not in spec.names]
        raise PackageError(
            f"the CSV header {header} does not match the schema's fields "
            f"{list(spec.names)} (missing {missing}, unexpected {extra})",
            resource=spec.name,
            row=0,
        )


def _check_width(table: Table, spec: ResourceSpec, match_schema: bool) -> None:
    width = len(spec.names)
    if match_schema and len(table) and table.widths() != {width}:  # at C speed; then which row
        number, cells = next((n, c) for n, c in enumerate(table.rows(), start=1) if len(c) != width)
        raise PackageError(
            f"{len(cells)} {'cell' if len(cells) == 1 else 'cells'} where the header has {width}",
            resource=spec.name,
            row=number,
        )


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text``, each ending at a line feed, for the CSV reader.

    ``io.StringIO`` would hold a copy four bytes a character wide and split at bare carriage
    returns too, past the row count taken on the bytes; here a bare ``\\r`` outside quotes
    is a malformed CSV (RFC 4180 ends rows with CRLF or, commonly, LF)."""
    find = text.find
    start = 0
    while (end := find("\n", start) + 1) > 0:
        yield text[start:end]
        start = end
    if start < len(text):
        yield text[start:]


def _failing_row(text: str) -> int:
    """The data row (1-based; 0 is the header) at which the CSV reader fails: counted again,
    slowly, since the fast read does not count."""
    reader = csv.reader(_lines(text), strict=True)
    number = -1
    try:
        for number, _ in enumerate(reader):  # noqa: B007 - the count is the point
            pass
    except csv.Error:
        return number + 1
    return number  # pragma: no cover - called only after the reader failed


def _structure(
    resource: str, table: Table, record_type: type, shared: dict[str, str]
) -> tuple[Any, ...]:
    try:
        if isinstance(table, Columns):
            return tuple(column_builder(record_type)(table, shared))
        return tuple(builder(record_type)(table.rows(), shared))
    except Exception:  # noqa: BLE001, S110  # a bad cell: the reference converter says where
        pass
    import cattrs  # lazy: needed only to explain a bad row
    from cattrs.errors import AttributeValidationNote

    from medclusters.convert import make_converter

    detailed = make_converter(detailed_validation=True)
    names = [field.name for field in attrs.fields(record_type)]
    for number, cells in enumerate(table.rows(), start=1):
        row = dict(zip(names, [cell or None for cell in cells], strict=True))
        try:
            detailed.structure(row, record_type)
        except cattrs.ClassValidationError as error:
            for problem in error.exceptions:
                field = next(
                    (
                        note.name
                        for note in getattr(problem, "__notes__", [])
                        if isinstance(note, AttributeValidationNote)
                    ),
                    None,
                )
                value = row.get(field) if field else None
                message = "a value is required" if value is None else str(problem)
                raise PackageError(
                    message, resource=resource, row=number, field=field, value=value
                ) from None
    raise PackageError(  # pragma: no cover - the two paths are tested to agree
        "the rows could not be built, yet the reference converter accepts them", resource=resource
    )


def key_set(spec: ResourceSpec, table: Table, fields: tuple[str, ...]) -> set[Any]:
    """The values of ``fields`` in every row (a tuple for several), and the empty key: what a
    foreign key to them may hold."""
    position = {name: number for number, name in enumerate(spec.names)}
    if len(fields) == 1:
        found = set(table.distinct(position[fields[0]]))  # a copy: the table keeps its own
        found.add("")
        return found
    return {("",) * len(fields), *table.keys([position[field] for field in fields])}


#: Characters a reader cannot see: zero-width space, joiners, word joiner, soft hyphen, BOM...
_INVISIBLE = dict.fromkeys(
    map(ord, "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200c\u200d"
             "\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff"),
    None,
)  # fmt: skip


def _seen_as(text: str) -> str:
    """``text`` as a reader sees it: NFKC, without invisible characters."""
    return unicodedata.normalize("NFKC", text.translate(_INVISIBLE))


def _twins(keys: Set[Any], columns: Sequence[frozenset[str]]) -> tuple[Any, Any] | None:
    """Two distinct keys a reader cannot tell apart (``LHTC`` and ``LHTC`` + U+200B), or None.
    ``columns`` are the distinct cells of each key column. Only a key with a cell that
    changes as a reader sees it can have a twin, so the common case costs one look at each
    column's distinct cells beyond ASCII, and no key is built."""
    changed: dict[str, str] = {}
    for values in columns:
        for value in values:
            if not value.isascii() and (seen := _seen_as(value)) != value:
                changed[value] = seen
    if not changed:
        return None
    folded: dict[Any, Any] = {}
    for key in keys:
        if isinstance(key, tuple):
            if not any(part in changed for part in key):
                continue
            seen_key: Any = tuple(changed.get(part, part) for part in key)
        elif key in changed:
            seen_key = changed[key]
        else:
            continue
        if seen_key in keys:
            return key, seen_key
        if seen_key in folded:
            return key, folded[seen_key]
        folded[seen_key] = key
    return None


def _check_keys(
    spec: ResourceSpec,
    table: Table,
    tables: Mapping[str, tuple[ResourceSpec, Table | None]],
    targets: dict[tuple[str, tuple[str, ...]], set[Any]],
) -> None:
    """Primary keys unique, foreign keys resolved: set operations at C speed over all rows,
    and a scan for the first offending row only when one exists. ``targets`` keeps the key
    sets of referenced tables between calls."""
    position = {name: number for number, name in enumerate(spec.names)}
    if spec.primary_key:
        at = [position[field] for field in spec.primary_key]
        unique = table.distinct(at[0]) if len(at) == 1 else set(table.keys(at))
        if len(unique) != len(table):
            seen: dict[Any, int] = {}
            for number, key in enumerate(table.keys(at), start=1):
                if key in seen:
                    shown = "|".join(key) if isinstance(key, tuple) else key
                    raise PackageError(
                        f"duplicate primary key {shown.replace('|', ', ')} "
                        f"(first in row {seen[key]})",
                        resource=spec.name,
                        row=number,
                        field=",".join(spec.primary_key),
                        value=shown,
                    )
                seen[key] = number
        clash = _twins(unique, [table.distinct(column) for column in at])
        if clash is not None:
            shown = ["|".join(k) if isinstance(k, tuple) else k for k in clash]
            row = next(n for n, k in enumerate(table.keys(at), start=1) if k == clash[0])
            raise PackageError(
                f"primary key {shown[0]!r} is {shown[1]!r} once Unicode-normalised (NFKC, "
                "invisible characters removed): two rows would answer to one key",
                resource=spec.name,
                row=row,
                field=",".join(spec.primary_key),
                value=shown[0],
            )
    for fields, target, target_fields in spec.foreign_keys:
        if target not in tables:
            raise PackageError(
                f"foreign key refers to missing resource {target!r}", resource=spec.name
            )
        allowed = targets.get((target, target_fields))
        if allowed is None:
            target_spec, target_table = tables[target]
            if target_table is None:  # pragma: no cover - its key sets were kept when released
                raise PackageError(f"the cells of {target!r} were released", resource=spec.name)
            allowed = targets[target, target_fields] = key_set(
                target_spec, target_table, target_fields
            )
        at = [position[field] for field in fields]
        resolved = allowed.issuperset(table.keys(at))  # stops at the first dangling key
        if not resolved and len(fields) > 1:  # a composite key with an empty part is no key
            resolved = all(key in allowed or not all(key) for key in table.keys(at))
        if not resolved:
            for number, key in enumerate(table.keys(at), start=1):
                if key not in allowed and (len(fields) == 1 or all(key)):
                    shown = "|".join(key) if isinstance(key, tuple) else key
                    raise PackageError(
                        f"no row of {target!r} has {', '.join(target_fields)} = {shown}",
                        resource=spec.name,
                        row=number,
                        field=",".join(fields),
                        value=shown,
                    )


#: Files the reading thread may have read and prepared ahead of the one being built.
_AHEAD = 2
#: The least declared size of a package read ahead by a thread: where pyarrow's parsing,
#: which releases the GIL, can run beside the building. Below it the thread cost more than it
#: overlapped (the bundled package, 1.1 MiB: 95 ms a warm load read in turn, 120 ms ahead).
READ_AHEAD_FROM = _columnar.WORTH_IMPORTING


def _read_ahead(
    reader: Reader,
    wanted: Sequence[tuple[str, ResourceSpec]],
    prepare: Callable[[bytes], Any],
    *,
    ahead: bool = True,
) -> Iterator[tuple[str, bytes, Any]]:
    """(name, checked bytes, ``prepare(bytes)``) of each resource in order, read, sized,
    hashed, counted and prepared by a worker thread up to ``_AHEAD`` files ahead of the
    caller (hashlib, file reads, numpy and pyarrow release the GIL), or in turn by the caller
    where ``ahead`` is false. One worker, taking the files in order, and none read once one
    was refused: the reads and refusals come in the order of a sequential read."""
    refused = threading.Event()

    def read(name: str, spec: ResourceSpec) -> tuple[bytes, Any]:
        if refused.is_set():  # an earlier file was refused (or the load given up): not read,
            # and the caller, stopped at that refusal, never asks for this one
            raise PackageError("not read: an earlier file was refused", resource=name)
        try:
            data = reader.read_resource(spec.path, name, spec.entry)
            return data, prepare(data)
        except BaseException:
            refused.set()
            raise

    if len(wanted) < 2 or not ahead:
        for name, spec in wanted:
            yield name, *read(name, spec)
        return
    from concurrent.futures import ThreadPoolExecutor  # only where a thread pays

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="medclusters-read") as pool:
        try:
            queued = deque(pool.submit(read, *entry) for entry in wanted[:_AHEAD])
            for number, (name, _) in enumerate(wanted):
                if number + _AHEAD < len(wanted):
                    queued.append(pool.submit(read, *wanted[number + _AHEAD]))
                # a refusal is raised here, in file order; nothing kept while suspended
                yield name, *queued.popleft().result()
        finally:
            refused.set()  # a load given up: the files still queued are not read


def snapshot(reader: Reader) -> MemoryReader:
    """Every byte of the package behind ``reader`` (descriptor and resource files, within
    the limits; sizes and hashes are checked when the snapshot is loaded), read once and
    served from memory: for validating, stamping or releasing what was loaded, without
    reading or fetching anything twice."""
    specs = parse_resources(reader.descriptor())
    files = {spec.path: reader.read(spec.path, name) for name, spec in specs.items()}
    return MemoryReader(
        reader.descriptor_label, reader.descriptor_bytes(), files, reader.limits, reader.origin
    )


def load_reader(reader: Reader) -> Dataset:
    """Read, check and build the package behind ``reader``: a complete Dataset or a
    PackageError naming resource, row, field and value."""
    descriptor = reader.descriptor()
    specs = parse_resources(descriptor)
    missing = [name for name in RECORD_TYPES if name not in specs and name not in PERSONAL]
    if missing:
        older = older_than_read(descriptor.get("version"))
        raise PackageError(f"the package lacks the resources {missing}{older}")
    present = [name for name in RECORD_TYPES if name in specs]
    try:
        for name in present:  # what the descriptor alone can tell, before any data is read
            check_agreement(specs[name], RECORD_TYPES[name])
            check_contract(specs[name], KEYS[name])
    except PackageError as error:
        error.args = (f"{error.args[0]}{older_than_read(descriptor.get('version'))}",)
        raise
    tables: dict[str, tuple[ResourceSpec, Table | None]] = {}  # None once built
    declared = sum(
        size
        for name in present
        if isinstance(size := specs[name].entry.get("bytes"), int) and size > 0
    )

    def parse(data: bytes) -> Any:  # in the reading thread: pyarrow's table, where it pays
        return _columnar.parse(data) if _columnar.wanted(len(data), declared) else None

    records: dict[str, tuple[Any, ...]] = dict.fromkeys(RECORD_TYPES, ())  # () if left out
    shared: dict[str, str] = {}  # repeated text, stored once
    targets: dict[tuple[str, tuple[str, ...]], set[Any]] = {}  # key sets of referenced tables

    referred: dict[str, set[tuple[str, ...]]] = {}  # the keys other tables refer to
    for name in present:
        for _, target, target_fields in specs[name].foreign_keys:
            referred.setdefault(target, set()).add(target_fields)

    def build(name: str, table: Table) -> None:  # every check of one table, then its records
        spec = specs[name]
        check_cells(spec, table, same_pattern_references(spec, specs))
        check_one_of(name, spec.names, KEYS[name].one_of, table)
        _check_keys(spec, table, tables, targets)
        for fields, target, target_fields in spec.foreign_keys:
            if target == name:  # a reference within the table: no cycles
                check_cycles(name, fields, target_fields, spec.names, table)
        records[name] = _structure(name, table, RECORD_TYPES[name], shared)
        check_values(spec, records[name])
        for fields in referred.get(name, ()):  # what later tables may check against
            if (name, fields) not in targets:
                targets[name, fields] = key_set(spec, table, fields)
        tables[name] = (spec, None)  # the cells are released: the records hold the values

    def ready(name: str) -> bool:  # the tables it refers to are read (or will never be)
        return all(t in tables or t not in present for _, t, _ in specs[name].foreign_keys)

    # Each table is checked and built in file order as soon as it and the tables it refers to
    # are read, while the reading thread reads, hashes and parses the files after it.
    waiting: deque[tuple[str, Table]] = deque()
    ahead = not declared or declared >= READ_AHEAD_FROM  # sizes unknown: as it may pay
    wanted = [(n, specs[n]) for n in present]
    for name, data, parsed in _read_ahead(reader, wanted, parse, ahead=ahead):
        table = read_rows(data, specs[name], parsed=parsed)[1]
        del data, parsed  # the bytes and pyarrow's table: not held while tables are built
        tables[name] = (specs[name], table)
        waiting.append((name, table))
        del table
        while waiting and ready(waiting[0][0]):
            build(*waiting.popleft())
    while waiting:
        build(*waiting.popleft())
    return Dataset(
        name=str(descriptor.get("name", "")),
        version=str(descriptor.get("version", "")),
        descriptor=descriptor,
        origin=reader.origin,
        **records,
    )
