"""The loader behind :func:`medclusters.load`: read, check and build a package's records.

Imported on the first load, not with the library. It reads CSV with the standard library,
builds records with compiled row builders (:mod:`medclusters._rows`), and checks sizes and
hashes, the schema against the records, constraints, and primary and foreign keys itself.
When a row is bad, the table is re-run through the cattrs converter to name row, field and
value. frictionless is used for validation only (:mod:`medclusters.validation`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from operator import itemgetter
from typing import Any

import attrs

from medclusters._rows import builder
from medclusters._schema import (
    check_agreement,
    check_cells,
    check_cycles,
    check_values,
    same_pattern_references,
)
from medclusters._sources import Source, check_integrity
from medclusters.dataset import Dataset
from medclusters.errors import PackageError
from medclusters.records import RECORD_TYPES

Cells = list[str]

#: Resources a package may leave out: the public edition has no ``contacts``.
OPTIONAL = frozenset({"contacts"})


@attrs.frozen
class _Resource:
    """What the loader needs of one resource's descriptor."""

    name: str
    path: str
    entry: dict[str, Any] = attrs.field(repr=False)
    fields: tuple[str, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...]


def _as_tuple(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return tuple(value)
    raise TypeError(value)


def _resource(entry: object) -> _Resource:
    if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
        raise PackageError(f"a resource of the descriptor has no name: {entry!r:.80}")
    name = entry["name"]
    try:
        relative = entry["path"]
        schema = entry["schema"]
        if not isinstance(relative, str) or not isinstance(schema, dict):
            raise TypeError(relative)
        fields = tuple(field["name"] for field in schema["fields"])
        primary_key = _as_tuple(schema.get("primaryKey", []))
        foreign_keys = tuple(
            (
                _as_tuple(fk["fields"]),
                str(fk["reference"]["resource"] or name),
                _as_tuple(fk["reference"]["fields"]),
            )
            for fk in schema.get("foreignKeys", [])
        )
    except (KeyError, TypeError) as error:
        raise PackageError(
            f"the descriptor entry is not a tabular resource with a schema ({error!r})",
            resource=name,
        ) from None
    return _Resource(name, relative, entry, fields, primary_key, foreign_keys)


def _read_rows(source: Source, resource: _Resource) -> list[Cells]:
    """The resource's rows as lists of cells (``""`` where empty), after its bytes passed the
    declared size and hash; the header must match the schema."""
    data = source.read(resource.path, resource.name)
    check_integrity(resource.entry, data, resource.name)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise PackageError(
            f"the file is not UTF-8 ({error.reason} at byte {error.start})", resource=resource.name
        ) from None
    if "\x00" in text:
        row = text.count(
            "\n", 0, text.index("\x00")
        )  # lines before it; exact without quoted newlines
        raise PackageError(
            "the file holds a NUL byte: damaged, or not a text file",
            resource=resource.name,
            row=row,
        )
    if text.startswith("\ufeff"):
        raise PackageError(
            "the file starts with a byte-order mark; save it as UTF-8 without BOM",
            resource=resource.name,
            row=0,
        )
    try:
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        header = next(reader, None)
        if header is None:
            raise PackageError("the CSV file is empty: no header row", resource=resource.name)
        if tuple(header) != resource.fields:
            missing = [name for name in resource.fields if name not in header]
            extra = [name for name in header if name not in resource.fields]
            raise PackageError(
                f"the CSV header {header} does not match the schema's fields "
                f"{list(resource.fields)} (missing {missing}, unexpected {extra})",
                resource=resource.name,
                row=0,
            )
        rows = list(reader)
    except csv.Error as error:
        raise PackageError(
            f"malformed CSV: {error}", resource=resource.name, row=_failing_row(text)
        ) from None
    width = len(resource.fields)
    if rows and set(map(len, rows)) != {width}:  # checked at C speed; the row found only then
        number, cells = next((n, c) for n, c in enumerate(rows, start=1) if len(c) != width)
        raise PackageError(
            f"{len(cells)} cells where the header has {width}", resource=resource.name, row=number
        )
    return rows


def _failing_row(text: str) -> int:
    """The data row (1-based; 0 is the header) at which the CSV reader fails: counted again,
    slowly, since the fast read does not count."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    number = -1
    try:
        for number, _ in enumerate(reader):  # noqa: B007 - the count is the point
            pass
    except csv.Error:
        return number + 1
    return number  # pragma: no cover - called only after the reader failed


def _structure(
    resource: str, rows: Sequence[Cells], record_type: type, shared: dict[str, str]
) -> tuple[Any, ...]:
    try:
        return tuple(builder(record_type)(rows, shared))
    except Exception:  # a bad cell somewhere: let the reference converter say where
        pass
    import cattrs  # lazy: needed only to explain a bad row
    from cattrs.errors import AttributeValidationNote

    from medclusters.convert import make_converter

    detailed = make_converter(detailed_validation=True)
    names = [field.name for field in attrs.fields(record_type)]
    for number, cells in enumerate(rows, start=1):
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


def _check_keys(
    resource: _Resource,
    rows: Sequence[Cells],
    tables: Mapping[str, tuple[_Resource, list[Cells]]],
    targets: dict[tuple[str, tuple[str, ...]], set[Any]],
) -> None:
    """Primary keys unique, foreign keys resolved: set operations at C speed over all rows,
    and a scan for the first offending row only when one exists. ``targets`` keeps the key
    sets of referenced tables between calls."""
    position = {name: number for number, name in enumerate(resource.fields)}
    if resource.primary_key:
        key_of = itemgetter(*(position[field] for field in resource.primary_key))
        if len(set(map(key_of, rows))) != len(rows):
            seen: dict[Any, int] = {}
            for number, key in enumerate(map(key_of, rows), start=1):
                if key in seen:
                    shown = "|".join(key) if isinstance(key, tuple) else key
                    raise PackageError(
                        f"duplicate primary key {shown.replace('|', ', ')} "
                        f"(first in row {seen[key]})",
                        resource=resource.name,
                        row=number,
                        field=",".join(resource.primary_key),
                        value=shown,
                    )
                seen[key] = number
    for fields, target, target_fields in resource.foreign_keys:
        if target not in tables:
            raise PackageError(
                f"foreign key refers to missing resource {target!r}", resource=resource.name
            )
        allowed = targets.get((target, target_fields))
        if allowed is None:
            target_resource, target_rows = tables[target]
            target_position = {name: n for n, name in enumerate(target_resource.fields)}
            target_key = itemgetter(*(target_position[field] for field in target_fields))
            allowed = targets[target, target_fields] = set(map(target_key, target_rows))
            allowed.add("" if len(target_fields) == 1 else ("",) * len(target_fields))
        key_of = itemgetter(*(position[field] for field in fields))
        if len(fields) == 1:
            resolved = allowed.issuperset(map(key_of, rows))  # stops at the first dangling key
        else:
            resolved = all(key in allowed or not all(key) for key in map(key_of, rows))
        if not resolved:
            for number, key in enumerate(map(key_of, rows), start=1):
                if key not in allowed and (len(fields) == 1 or all(key)):
                    shown = "|".join(key) if isinstance(key, tuple) else key
                    _dangling(resource, number, fields, target, target_fields, shown)


def _dangling(
    resource: _Resource,
    row: int,
    fields: tuple[str, ...],
    target: str,
    target_fields: tuple[str, ...],
    shown: str,
) -> None:
    raise PackageError(
        f"no row of {target!r} has {', '.join(target_fields)} = {shown}",
        resource=resource.name,
        row=row,
        field=",".join(fields),
        value=shown,
    )


def load_source(source: Source) -> Dataset:
    descriptor = source.descriptor()
    found = {resource.name: resource for resource in map(_resource, descriptor["resources"])}
    missing = [name for name in RECORD_TYPES if name not in found and name not in OPTIONAL]
    if missing:
        raise PackageError(f"the package lacks the resources {missing}")
    tables = {
        name: (found[name], _read_rows(source, found[name]))
        for name in RECORD_TYPES
        if name in found
    }
    records: dict[str, tuple[Any, ...]] = {}
    schemas = {name: resource.entry["schema"] for name, resource in found.items()}
    shared: dict[str, str] = {}  # repeated text, stored once
    targets: dict[tuple[str, tuple[str, ...]], set[Any]] = {}  # key sets of referenced tables
    for name, record_type in RECORD_TYPES.items():
        if name not in found:
            records[name] = ()  # an optional resource left out (the public edition)
            continue
        expected = tuple(field.name for field in attrs.fields(record_type))
        if found[name].fields != expected:
            raise PackageError(
                f"the schema's fields {list(found[name].fields)} disagree with the record "
                f"{record_type.__name__} {list(expected)}",
                resource=name,
            )
        resource, rows = tables[name]
        schema = resource.entry["schema"]
        check_agreement(name, schema, record_type)
        check_cells(name, schema, rows, same_pattern_references(schema, schemas, name))
        _check_keys(resource, rows, tables, targets)
        for fields, target, target_fields in resource.foreign_keys:
            if target == name:  # a reference within the table: no cycles
                check_cycles(name, fields, target_fields, resource.fields, rows)
        records[name] = _structure(name, rows, record_type, shared)
        check_values(name, schema, records[name])
    return Dataset(
        name=str(descriptor.get("name", "")),
        version=str(descriptor.get("version", "")),
        descriptor=descriptor,
        **records,
    )
