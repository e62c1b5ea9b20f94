"""The base every record shares."""

from __future__ import annotations

import attrs


class _Record:
    """The base of every record: one ``__repr__``, written as attrs writes it."""

    __slots__ = ()

    def __repr__(self) -> str:
        fields = attrs.fields(type(self))  # type: ignore[arg-type]  # every subclass is attrs
        values = ", ".join(f"{a.name}={getattr(self, a.name)!r}" for a in fields)
        return f"{type(self).__name__}({values})"
