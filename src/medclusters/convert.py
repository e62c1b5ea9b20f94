"""The cattrs converter that turns CSV rows (dicts of strings) into records, strictly.

``make_converter()`` returns a new converter; ``configure_converter()`` adds this package's
hooks to one of yours. Empty cells arrive as ``None`` (the reader maps them), so ``X | None``
fields take them and required fields refuse them. Text is never coerced loosely: ``"false"`` is
``False``, ``"no"`` or ``"0"`` is an error, and ``" 12"`` is not an integer.

>>> from medclusters.records import Budget
>>> conv = make_converter()
>>> row = {"id": "p:erdf", "programme_id": "p", "scope": "project", "cluster_id": None,
...        "organisation_id": None, "country": None, "item": "erdf", "amount_eur": "412993.26",
...        "bound": "exact", "share_percent": "85", "label_as_given": "ERDF funding",
...        "source_id": "s"}
>>> conv.structure(row, Budget).amount_eur
Decimal('412993.26')
>>> conv.structure("2014", bool)
Traceback (most recent call last):
...
ValueError: '2014' is not a boolean: write true or false
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import cattrs

from medclusters.dates import PartialDate
from medclusters.io.scalars import parse_bool, parse_decimal, parse_int, parse_partial_date

__all__ = ["configure_converter", "make_converter"]


def _structure_int(value: Any, _: type) -> int:
    return parse_int(value)


def _structure_bool(value: Any, _: type) -> bool:
    return parse_bool(value)


def _structure_decimal(value: Any, _: type) -> Decimal:
    return parse_decimal(value)


def _structure_partial_date(value: Any, _: type) -> PartialDate:
    return parse_partial_date(value)


def _structure_str(value: Any, cls: type[str]) -> str:
    """Text stays text; a str subclass (a StrEnum) is built from it, so bad members raise."""
    if not isinstance(value, str):  # a ValueError, as for every bad cell: cattrs collects those
        raise ValueError(f"{value!r} is not text")  # noqa: TRY004
    return value if cls is str else cls(value)


def _decimal_text(value: Decimal) -> str:
    """Plain digits, never an exponent: ``Decimal("1E+2")`` is written ``100``."""
    return format(value, "f")


def configure_converter(converter: cattrs.Converter) -> None:
    """Register the strict CSV hooks (and the CSV text form of each type) on ``converter``."""
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(bool, _structure_bool)
    converter.register_structure_hook(Decimal, _structure_decimal)
    converter.register_structure_hook(PartialDate, _structure_partial_date)
    # Registered for ``str``, this hook also receives every StrEnum subclass (see its body).
    converter.register_structure_hook(str, _structure_str)
    converter.register_unstructure_hook(PartialDate, str)
    converter.register_unstructure_hook(Decimal, _decimal_text)
    converter.register_unstructure_hook(bool, lambda value: "true" if value else "false")


def make_converter(*, detailed_validation: bool = True) -> cattrs.Converter:
    """A new converter for records. ``detailed_validation`` names every bad field at once."""
    converter = cattrs.Converter(detailed_validation=detailed_validation)
    configure_converter(converter)
    return converter
