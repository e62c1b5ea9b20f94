"""The strict text-to-value parsers every loader path shares: the cattrs hooks of
:mod:`medclusters.convert` and the compiled row builders of :mod:`medclusters.io.rows`.

One definition each, so the fast path and the reference converter cannot disagree on what
``"12"``, ``"true"`` or ``"2014-01"`` means.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from medclusters.dates import PartialDate

_INTEGER = re.compile(r"-?(0|[1-9][0-9]*)")
_NUMBER = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?")
_BOOLEANS = {"true": True, "false": False}


def parse_int(value: Any) -> int:
    """``"12"`` -> 12; no sign but "-", no spaces, no leading zeros."""
    if isinstance(value, str) and _INTEGER.fullmatch(value):
        return int(value)
    raise ValueError(f"{value!r} is not an integer")


def parse_bool(value: Any) -> bool:
    """``"true"`` or ``"false"``, nothing else."""
    try:
        return _BOOLEANS[value]
    except (KeyError, TypeError):
        raise ValueError(f"{value!r} is not a boolean: write true or false") from None


def parse_decimal(value: Any) -> Decimal:
    """``"1234.56"``: digits, one optional point, no exponent, no spaces."""
    if isinstance(value, str) and _NUMBER.fullmatch(value):
        try:
            return Decimal(value)
        except InvalidOperation:  # pragma: no cover - the pattern admits only valid numbers
            pass
    raise ValueError(f"{value!r} is not a decimal number (write 1234.56, no spaces)")


def parse_partial_date(value: Any) -> PartialDate:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
    if not isinstance(value, str):  # a ValueError, as for every bad cell: cattrs collects those
        raise ValueError(f"{value!r} is not a date")  # noqa: TRY004
    return PartialDate.parse(value)
