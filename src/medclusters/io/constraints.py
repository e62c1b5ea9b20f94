"""What the loader enforces of a Table Schema beyond types: that it agrees with the records
and declares the keys the library holds it to, the field constraints (pattern, enum,
minimum, maximum, length, unique), that each link names exactly one party, and that
references within a table (a programme's parent) do not go round in circles.

Checks run a column at a time with C-level passes (``map``, ``filter``, ``set``, ``min``) and
scan for the offending row only when a column fails, so a clean package pays little.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from enum import Enum
from functools import cache, partial
from operator import attrgetter, countOf
from typing import Any

import attrs

from medclusters.dates import PartialDate
from medclusters.errors import PackageError
from medclusters.io.cells import Table
from medclusters.io.rows import type_hints, unwrap
from medclusters.io.spec import ResourceSpec, compile_pattern
from medclusters.records import Keys

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


def check_agreement(spec: ResourceSpec, record_type: type) -> None:
    """The schema's fields must be the record's, with the same types, required-ness and enums."""
    expected = tuple(field.name for field in attrs.fields(record_type))
    if spec.names != expected:
        raise PackageError(
            f"the schema's fields {list(spec.names)} disagree with the record "
            f"{record_type.__name__} {list(expected)}",
            resource=spec.name,
        )
    for field, (name, table_type, optional, members) in zip(
        spec.fields, record_signature(record_type), strict=True
    ):
        constraints = field.constraints
        problem = None
        if field.type != table_type:
            problem = f"has type {field.type!r} where the record needs {table_type!r}"
        elif bool(constraints.get("required")) == optional:
            needed = "optional" if optional else "required"
            problem = (
                f"is {'required' if optional else 'optional'} where the record has it {needed}"
            )
        elif table_type not in ("integer", "number") and (
            "minimum" in constraints or "maximum" in constraints
        ):
            problem = "has a minimum or maximum, which only a number can have"
        elif members is not None and set(constraints.get("enum") or ()) != members:
            problem = (
                f"allows {sorted(map(str, constraints.get('enum') or []))}, the record "
                f"{sorted(members)}"
            )
        if problem:
            raise PackageError(
                f"the schema disagrees with the record {record_type.__name__}: field {problem}",
                resource=spec.name,
                field=name,
            )


def check_contract(spec: ResourceSpec, keys: Keys) -> None:
    """The schema must declare the keys the library holds the resource to: a package that
    drops or changes a primary or foreign key is refused, so lookups can rely on them."""
    if spec.primary_key != keys.primary:
        raise PackageError(
            f"the schema's primary key {list(spec.primary_key)} is not the library's "
            f"{list(keys.primary)}",
            resource=spec.name,
            field="primaryKey",
        )
    declared, expected = set(spec.foreign_keys), set(keys.foreign)
    if declared != expected:
        missing = sorted("+".join(fields) for fields, _, _ in expected - declared)
        other = sorted("+".join(fields) for fields, _, _ in declared - expected)
        raise PackageError(
            "the schema's foreign keys are not the library's"
            + (f"; missing on {', '.join(missing)}" if missing else "")
            + (f"; not the library's on {', '.join(other)}" if other else ""),
            resource=spec.name,
            field="foreignKeys",
        )


def check_one_of(resource: str, fields: Sequence[str], one_of: Sequence[str], table: Table) -> None:
    """Each row gives exactly one of the ``one_of`` fields: a link names one party."""
    if len(one_of) < 2:
        return
    given = [list(map(bool, table.column(fields.index(name)))) for name in one_of]
    if set(map(sum, zip(*given, strict=True))) <= {1}:  # at C speed; then which row
        return
    for number, cells in enumerate(table.keys([fields.index(name) for name in one_of]), 1):
        if sum(1 for cell in cells if cell) != 1:
            raise PackageError(
                f"exactly one of {', '.join(one_of)} must be given",
                resource=resource,
                row=number,
                field=one_of[0],
            )


def _first(table: Table, column: int, good: Callable[[str], object]) -> tuple[int, str]:
    """The first row (1-based) whose non-empty cell in ``column`` is not ``good``."""
    return next(
        (n, cell) for n, cell in enumerate(table.column(column), 1) if cell and not good(cell)
    )


def check_cells(spec: ResourceSpec, table: Table, referenced: frozenset[str] = frozenset()) -> None:
    """Text constraints on the raw cells: pattern, enum, lengths, unique. A pattern is not
    re-checked on ``referenced`` fields: their foreign key holds them to values of a field
    with the same pattern, checked where it is defined."""
    resource = spec.name
    for column, field in enumerate(spec.fields):
        constraints = field.constraints
        name = field.name
        pattern = constraints.get("pattern") if name not in referenced else None
        unique = constraints.get("unique") and spec.primary_key != (name,)  # else: the key's
        if not (pattern or unique or _TEXT_CHECKS & constraints.keys()):
            continue  # "required" is the builder's, minimum and maximum check_values's
        distinct = table.distinct(column)  # each check runs once a value, "" left out:
        where = (resource, name, table, column, distinct)  # an empty cell is unknown
        if pattern is not None:
            matcher = compile_pattern(pattern, resource, name)
            _each(*where, matcher.fullmatch, f"does not match the pattern {pattern}")
        allowed = constraints.get("enum")
        if allowed is not None:
            _each(
                *where, set(map(str, allowed)).__contains__,
                f"is not one of {', '.join(map(str, allowed))}",
            )  # fmt: skip
        low, high = constraints.get("minLength"), constraints.get("maxLength")
        if low is not None or high is not None:
            reason = f"has a length outside {low or 0} to {high or 'any'} characters"
            _each(*where, partial(_fits, low=low, high=high), reason)
        given = len(distinct) - ("" in distinct)  # distinct non-empty values
        if unique and given != len(table) - countOf(table.column(column), ""):
            seen: set[str] = set()
            for number, value in enumerate(table.column(column), start=1):
                if value and value in seen:
                    raise PackageError(
                        "repeats a value that must be unique",
                        resource=resource, row=number, field=name, value=value,
                    )  # fmt: skip
                seen.add(value)


def same_pattern_references(spec: ResourceSpec, specs: dict[str, ResourceSpec]) -> frozenset[str]:
    """Fields whose single-field foreign key points at a field with the very same pattern."""

    def pattern(of: ResourceSpec, name: str) -> object:
        field = next((f for f in of.fields if f.name == name), None)
        return None if field is None else field.constraints.get("pattern")

    found = set()
    for fields, target, target_fields in spec.foreign_keys:
        if len(fields) != 1 or target not in specs:
            continue
        mine = pattern(spec, fields[0])
        if mine is not None and mine == pattern(specs[target], target_fields[0]):
            found.add(fields[0])
    return frozenset(found)


def _each(
    resource: str,
    name: str,
    table: Table,
    column: int,
    distinct: frozenset[str],
    good: Callable[[str], object],
    reason: str,
) -> None:
    """Every non-empty cell of the column must be ``good``: checked at C speed over its
    ``distinct`` values, then the first bad row found and named."""
    if not all(map(good, filter(None, distinct))):  # "" is no value: nothing to check
        number, value = _first(table, column, good)
        raise PackageError(reason, resource=resource, row=number, field=name, value=value)


def _fits(text: str, low: int | None, high: int | None) -> bool:
    return (low is None or len(text) >= low) and (high is None or len(text) <= high)


def check_values(spec: ResourceSpec, records: Sequence[Any]) -> None:
    """Numeric bounds, on the typed values: ``minimum`` and ``maximum``."""
    for field in spec.fields:
        low, high = field.constraints.get("minimum"), field.constraints.get("maximum")
        if low is None and high is None:
            continue
        name = field.name
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
            raise PackageError(reason, resource=spec.name, row=number, field=name, value=str(value))


def check_cycles(resource: str, fields: tuple[str, ...], target: tuple[str, ...],
                 field_names: tuple[str, ...], table: Table) -> None:  # fmt: skip
    """A reference from a table to itself (``parent_id`` -> ``id``) must not form a cycle."""
    if len(fields) != 1 or len(target) != 1:
        return
    child, parent = field_names.index(target[0]), field_names.index(fields[0])
    pairs = table.keys([child, parent])
    parents = {key: above for key, above in pairs if above}
    state: dict[str, int] = {}  # 1: on the current path, 2: known to end
    for number, (start, above) in enumerate(table.keys([child, parent]), start=1):
        path: list[str] = []
        key: str | None = start
        while key and state.get(key) != 2:
            if state.get(key) == 1:
                loop = " → ".join([*path[path.index(key) :], key])
                raise PackageError(
                    f"circular reference: {loop}",
                    resource=resource, row=number, field=fields[0], value=above,
                )  # fmt: skip
            state[key] = 1
            path.append(key)
            key = parents.get(key)
        for visited in path:
            state[visited] = 2
