"""PartialDate: a calendar date known to the year, the month or the day.

Sources say "January 2014" as often as "15 June 2012"; storing the first as 2014-01-01 would
invent a day. A PartialDate keeps the precision the source gave and prints as ISO 8601.

>>> d = PartialDate.parse("2014-01")
>>> str(d), d.precision
('2014-01', 'month')
>>> d.first_day(), d.last_day()
(datetime.date(2014, 1, 1), datetime.date(2014, 1, 31))
>>> PartialDate.parse("2012-06-15") > PartialDate.parse("2012-03")
True
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Literal

import attrs

__all__ = ["PartialDate"]

#: ASCII digits only: Arabic-Indic or full-width digits are not rewritten into a date.
_PATTERN = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")

Precision = Literal["year", "month", "day"]


def _none_first(value: int | None) -> int:
    """Order key: an unknown month or day sorts before every known one."""
    return 0 if value is None else value


def _check_month(instance: PartialDate, attribute: object, value: int | None) -> None:  # noqa: ARG001
    if value is not None and not 1 <= value <= 12:
        raise ValueError(f"month {value} is not between 1 and 12")


def _check_day(instance: PartialDate, attribute: object, value: int | None) -> None:  # noqa: ARG001
    if value is None:
        return
    if instance.month is None:
        raise ValueError("a day needs a month")
    _dt.date(instance.year, instance.month, value)  # raises ValueError for 2014-02-30


@attrs.frozen(order=True)
class PartialDate:
    """A date with year, month or day precision; ``str()`` gives ISO 8601."""

    year: int = attrs.field(validator=[attrs.validators.ge(1), attrs.validators.le(9999)])
    month: int | None = attrs.field(default=None, validator=_check_month, order=_none_first)
    day: int | None = attrs.field(default=None, validator=_check_day, order=_none_first)

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (ASCII digits); raise ``ValueError``
        otherwise.

        >>> PartialDate.parse("\u0662\u0660\u0661\u0664")  # Arabic-Indic digits
        Traceback (most recent call last):
        ...
        ValueError: '٢٠١٤' is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD
        """
        match = _PATTERN.fullmatch(text)
        if match is None:
            raise ValueError(f"{text!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = match.groups()
        return cls(
            int(year), None if month is None else int(month), None if day is None else int(day)
        )

    @classmethod
    def from_date(cls, value: _dt.date) -> PartialDate:
        """The PartialDate of day precision for a :class:`datetime.date`."""
        return cls(value.year, value.month, value.day)

    @property
    def precision(self) -> Precision:
        """``"year"``, ``"month"`` or ``"day"``."""
        if self.month is None:
            return "year"
        return "month" if self.day is None else "day"

    def first_day(self) -> _dt.date:
        """The earliest calendar day this date can mean."""
        return _dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> _dt.date:
        """The latest calendar day this date can mean."""
        import calendar  # on first use: it imports locale, which import medclusters need not

        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return _dt.date(self.year, month, day)

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text
