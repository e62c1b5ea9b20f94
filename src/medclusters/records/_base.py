"""The base every record shares: the methods attrs would otherwise generate and compile for
each of the 27 record classes at every import (``__repr__``, ``__eq__``, ``__hash__`` and
pickling), written once. They behave as attrs' own: records are equal when they are of the
same class with equal fields, equal records hash alike, and a record pickles and copies as
its class called with its fields."""

from __future__ import annotations

from operator import attrgetter
from typing import Any

import attrs

#: Each record class's fields, read together as one tuple (made on first use, per class).
_VALUES: dict[type, Any] = {}


def _values(record: object) -> tuple[Any, ...]:
    """The record's field values, in the order of its fields."""
    cls = type(record)
    read = _VALUES.get(cls)
    if read is None:
        names = [field.name for field in attrs.fields(cls)]  # type: ignore[arg-type]  # attrs class
        getter = attrgetter(*names)
        read = _VALUES[cls] = getter if len(names) > 1 else lambda r: (getter(r),)
    return read(record)


class _Record:
    """The base of every record (each declared ``@attrs.frozen(repr=False, eq=False,
    getstate_setstate=False)``, so that attrs compiles only its ``__init__``)."""

    __slots__ = ()

    def __repr__(self) -> str:
        fields = attrs.fields(type(self))  # type: ignore[arg-type]  # every subclass is attrs
        values = ", ".join(f"{a.name}={getattr(self, a.name)!r}" for a in fields)
        return f"{type(self).__name__}({values})"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return _values(self) == _values(other)

    def __hash__(self) -> int:
        return hash((self.__class__, *_values(self)))

    def __reduce__(self) -> tuple[type, tuple[Any, ...]]:
        return self.__class__, _values(self)
