"""The typed columns of the SQLite and Parquet copies and the data frames.

A field of Table Schema type ``number`` is a decimal: in Parquet a ``decimal128`` just wide
enough for every value of the column (:func:`decimal_type`), in SQLite a ``NUMERIC`` column
beside ``<field>_text``, the exact text. A date field (a :class:`~medclusters.dates.PartialDate`)
keeps its ISO text, of the precision the source gave, and gains two columns:
``<field>_date``, the date where it is known to the day (empty otherwise, so that no day is
invented), and ``<field>_precision`` (``year``, ``month`` or ``day``).

>>> decimal_type([Decimal("3022842.70"), Decimal("81740"), None])
(9, 2)
>>> layout(["id", "amount_eur", "start"], {"amount_eur": "number"}, {"start"}, exact_text=True)
[('id', 'id', 'value'), ('amount_eur', 'amount_eur', 'value'), \
('amount_eur_text', 'amount_eur', 'text'), ('start', 'start', 'value'), \
('start_date', 'start', 'date'), ('start_precision', 'start', 'precision')]
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from functools import cache
from typing import Any, Literal

from medclusters.dates import PartialDate
from medclusters.io.rows import type_hints

__all__ = [
    "DATE",
    "PRECISION",
    "TEXT",
    "Derived",
    "date_fields",
    "day",
    "decimal_type",
    "derived",
    "layout",
    "precision",
]

#: The suffixes of the derived columns.
DATE, PRECISION, TEXT = "_date", "_precision", "_text"

#: How a column is derived from its field's value: the value itself, the exact text of a
#: decimal, the date of a date known to the day, a date's precision.
Derived = Literal["value", "text", "date", "precision"]

#: The widest decimal Parquet's decimal256 holds.
_MAX_DIGITS = 76


@cache
def date_fields(record_type: type) -> frozenset[str]:
    """The fields of ``record_type`` that hold a :class:`PartialDate`."""
    return frozenset(
        name for name, hint in type_hints(record_type).items() if PartialDate in _members(hint)
    )


def _members(hint: Any) -> tuple[Any, ...]:
    return getattr(hint, "__args__", None) or (hint,)


def day(value: PartialDate | None) -> _dt.date | None:
    """The calendar date of a date known to the day; ``None`` for a year or a month."""
    if value is None or value.day is None:
        return None
    return value.first_day()


def precision(value: PartialDate | None) -> str | None:
    """``"year"``, ``"month"`` or ``"day"``; ``None`` for an unknown date."""
    return None if value is None else value.precision


def decimal_type(values: Iterable[Decimal | None]) -> tuple[int, int]:
    """``(precision, scale)`` of the narrowest decimal that holds every value exactly: the
    scale is the most digits any value has after the point, the precision that plus the most
    digits any value has before it (at least 1). Raises ``ValueError`` past 76 digits, the
    most Parquet's widest decimal holds, and for a value that is not finite."""
    before, after = 0, 0
    for value in values:
        if value is None:
            continue
        if not value.is_finite():
            raise ValueError(f"{value} is not a finite decimal")
        sign_digits_exponent = value.as_tuple()
        digits, exponent = len(sign_digits_exponent.digits), int(sign_digits_exponent.exponent)
        after = max(after, -exponent)
        before = max(before, digits + exponent)
    if before + after > _MAX_DIGITS:
        raise ValueError(
            f"{before + after} digits ({before} before the point, {after} after) do not fit "
            f"the widest Parquet decimal ({_MAX_DIGITS} digits)"
        )
    return max(before + after, 1), after


def layout(
    names: Sequence[str],
    types: dict[str, str],
    dates: frozenset[str] | set[str],
    *,
    exact_text: bool,
) -> list[tuple[str, str, Derived]]:
    """``(column, field, how)`` for each column of a table of fields ``names`` (Table Schema
    ``types``; ``dates`` the date fields): each field's own column, then, for a number, its
    exact text (``exact_text``, for SQLite), and for a date, its day and its precision.
    Raises ``ValueError`` when a derived column's name is already a field's."""
    columns: list[tuple[str, str, Derived]] = []
    for name in names:
        columns.append((name, name, "value"))
        if exact_text and types.get(name) == "number":
            columns.append((name + TEXT, name, "text"))
        if name in dates:
            columns.append((name + DATE, name, "date"))
            columns.append((name + PRECISION, name, "precision"))
    taken = set(names)
    for column, field, how in columns:
        if how != "value" and column in taken:
            raise ValueError(
                f"field {column!r} has the name of the column derived from field {field!r}"
            )
    return columns


def derived(how: Derived, value: Any) -> Any:
    """The derived column's value for the field's ``value`` (``how`` not ``"value"``)."""
    if how == "text":
        return None if value is None else str(value)
    if how == "date":
        return day(value)
    return precision(value)
