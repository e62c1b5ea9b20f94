"""What the loader enforces of a Table Schema beyond types: that it agrees with the records,
the field constraints (pattern, enum, minimum, maximum, length, unique), and that references
within a table (a programme's parent) do not go round in circles.

Checks run a column at a time with C-level passes (``map``, ``filter``, ``set``, ``min``) and
scan for the offending row only when a column fails, so a clean package pays little.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from enum import Enum
from functools import cache, partial
from operator import attrgetter, itemgetter
from typing import Any

import attrs

from medclusters._rows import type_hints, unwrap
from medclusters.dates import PartialDate
from medclusters.errors import PackageError


def key_fields(value: object) -> list[str]:
    """A Table Schema key's fields as a list: it may be written as one name or a list."""
    if isinstance(value, str):
        return [value]
    return [str(name) for name in value] if isinstance(value, list) else []


def keys(
    schema: dict[str, Any], resource: str
) -> tuple[list[str], list[tuple[list[str], str, list[str]]]]:
    """(primary key fields, [(fields, referenced resource, referenced fields), ...])."""
    foreign = [
        (
            key_fields(fk.get("fields")),
            str((fk.get("reference") or {}).get("resource") or resource),
            key_fields((fk.get("reference") or {}).get("fields")),
        )
        for fk in schema.get("foreignKeys") or []
    ]
    return key_fields(schema.get("primaryKey")), foreign


_TEXT_CHECKS = {"enum", "minLength", "maxLength"}
_TYPES: dict[type, str] = {str: "string", int: "integer", Decimal: "number", bool: "boolean"}


@cache
def record_signature(record_type: type) -> tuple[tuple[str, str, bool, Any], ...]:
    """(field, Table Schema type, optional, enum values or None) of each record field."""
    hints = type_hints(record_type)
    signature = []
    for field in attrs.fields(record_type):
        kind, optional = unwrap(hints[field.name])
        members = None
        if isinstance(kind, type) and issubclass(kind, Enum):
            members = frozenset(member.value for member in kind)
            table_type = "string"
        elif kind is PartialDate:
            table_type = "string"
        else:
            table_type = _TYPES[kind]
        signature.append((field.name, table_type, optional, members))
    return tuple(signature)


def check_agreement(resource: str, schema: dict[str, Any], record_type: type) -> None:
    """The schema's fields must be the record's, with the same types, required-ness and enums."""
    fields = schema.get("fields") or []
    for field, (name, table_type, optional, members) in zip(
        fields, record_signature(record_type), strict=True
    ):
        declared = field.get("type", "string")
        constraints = field.get("constraints") or {}
        problem = None
        if declared != table_type:
            problem = f"has type {declared!r} where the record needs {table_type!r}"
        elif bool(constraints.get("required")) == optional:
            needed = "optional" if optional else "required"
            problem = (
                f"is {'required' if optional else 'optional'} where the record has it {needed}"
            )
        elif members is not None and set(constraints.get("enum") or ()) != members:
            problem = (
                f"allows {sorted(constraints.get('enum') or [])}, the record {sorted(members)}"
            )
        if problem:
            raise PackageError(
                f"the schema disagrees with the record {record_type.__name__}: field {problem}",
                resource=resource,
                field=name,
            )


def _first(
    rows: Sequence[list[str]], column: int, good: Callable[[str], object]
) -> tuple[int, str]:
    """The first row (1-based) whose non-empty cell in ``column`` is not ``good``."""
    return next(
        (n, c[column]) for n, c in enumerate(rows, start=1) if c[column] and not good(c[column])
    )


def check_cells(
    resource: str,
    schema: dict[str, Any],
    rows: Sequence[list[str]],
    referenced: frozenset[str] = frozenset(),
) -> None:
    """Text constraints on the raw cells: pattern, enum, lengths, unique. A pattern is not
    re-checked on ``referenced`` fields: their foreign key holds them to values of a field
    with the same pattern, checked where it is defined."""
    primary = schema.get("primaryKey")
    for column, field in enumerate(schema.get("fields") or []):
        constraints = field.get("constraints") or {}
        name = field["name"]
        pattern = constraints.get("pattern") if name not in referenced else None
        unique = constraints.get("unique") and primary not in (name, [name])  # else: the key's
        if not (pattern or unique or _TEXT_CHECKS & constraints.keys()):
            continue  # "required" is the builder's, minimum and maximum check_values's
        cells = list(filter(None, map(itemgetter(column), rows)))
        where = (resource, name, rows, column, cells)
        if pattern is not None:
            _each(*where, _pattern(pattern).fullmatch, f"does not match the pattern {pattern}")
        allowed = constraints.get("enum")
        if allowed is not None:
            _each(
                *where, set(allowed).__contains__, f"is not one of {', '.join(map(str, allowed))}"
            )
        low, high = constraints.get("minLength"), constraints.get("maxLength")
        if low is not None or high is not None:
            reason = f"has a length outside {low or 0} to {high or 'any'} characters"
            _each(*where, partial(_fits, low=low, high=high), reason)
        if unique and len(set(cells)) != len(cells):
            seen: set[str] = set()
            for number, row in enumerate(rows, start=1):
                value = row[column]
                if value and value in seen:
                    raise PackageError(
                        "repeats a value that must be unique",
                        resource=resource, row=number, field=name, value=value,
                    )  # fmt: skip
                seen.add(value)


def same_pattern_references(
    schema: dict[str, Any], schemas: dict[str, dict[str, Any]], resource: str
) -> frozenset[str]:
    """Fields whose single-field foreign key points at a field with the very same pattern."""

    def pattern(of: dict[str, Any], name: str) -> object:
        field: dict[str, Any] = next(
            (f for f in of.get("fields") or [] if f.get("name") == name), {}
        )
        return (field.get("constraints") or {}).get("pattern")

    found = set()
    for foreign in schema.get("foreignKeys") or []:
        fields, reference = foreign.get("fields"), foreign.get("reference") or {}
        target_fields = reference.get("fields")
        fields = [fields] if isinstance(fields, str) else fields
        target_fields = [target_fields] if isinstance(target_fields, str) else target_fields
        target = schemas.get(reference.get("resource") or resource)
        if not fields or len(fields) != 1 or not target_fields or target is None:
            continue
        mine = pattern(schema, fields[0])
        if mine is not None and mine == pattern(target, target_fields[0]):
            found.add(fields[0])
    return frozenset(found)


def _each(
    resource: str,
    name: str,
    rows: Sequence[list[str]],
    column: int,
    cells: list[str],
    good: Callable[[str], object],
    reason: str,
) -> None:
    """Every non-empty cell of the column must be ``good``: checked at C speed over ``cells``,
    then the first bad row found and named."""
    if not all(map(good, cells)):
        number, value = _first(rows, column, good)
        raise PackageError(reason, resource=resource, row=number, field=name, value=value)


def _fits(text: str, low: int | None, high: int | None) -> bool:
    return (low is None or len(text) >= low) and (high is None or len(text) <= high)


def check_values(resource: str, schema: dict[str, Any], records: Sequence[Any]) -> None:
    """Numeric bounds, on the typed values: ``minimum`` and ``maximum``."""
    for field in schema.get("fields") or []:
        constraints = field.get("constraints") or {}
        low, high = constraints.get("minimum"), constraints.get("maximum")
        if low is None and high is None:
            continue
        name = field["name"]
        values = [v for v in map(attrgetter(name), records) if v is not None]
        if not values:
            continue
        smallest, largest = min(values), max(values)
        if (low is None or smallest >= Decimal(str(low))) and (
            high is None or largest <= Decimal(str(high))
        ):
            continue
        for number, record in enumerate(records, start=1):
            value = getattr(record, name)
            if value is None:
                continue
            if low is not None and value < Decimal(str(low)):
                reason = f"is below the minimum {low}"
            elif high is not None and value > Decimal(str(high)):
                reason = f"is above the maximum {high}"
            else:
                continue
            raise PackageError(reason, resource=resource, row=number, field=name, value=str(value))


def check_cycles(resource: str, fields: tuple[str, ...], target: tuple[str, ...],
                 field_names: tuple[str, ...], rows: Sequence[list[str]]) -> None:  # fmt: skip
    """A reference from a table to itself (``parent_id`` -> ``id``) must not form a cycle."""
    if len(fields) != 1 or len(target) != 1:
        return
    child, parent = field_names.index(target[0]), field_names.index(fields[0])
    parents = {row[child]: row[parent] for row in rows if row[parent]}
    state: dict[str, int] = {}  # 1: on the current path, 2: known to end
    for number, row in enumerate(rows, start=1):
        path: list[str] = []
        key: str | None = row[child]
        while key and state.get(key) != 2:
            if state.get(key) == 1:
                loop = " → ".join([*path[path.index(key) :], key])
                raise PackageError(
                    f"circular reference: {loop}",
                    resource=resource, row=number, field=fields[0], value=row[parent],
                )  # fmt: skip
            state[key] = 1
            path.append(key)
            key = parents.get(key)
        for visited in path:
            state[visited] = 2


@cache
def _pattern(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)
