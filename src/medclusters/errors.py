"""The library's exceptions: a small tree rooted in the builtins users already catch.

``PackageError`` is a ``ValueError``: the package's content is wrong. The lookup errors are
``LookupError``\\ s, so ``except LookupError`` keeps working for callers who do not import them.
"""

from __future__ import annotations

__all__ = [
    "MedclustersError",
    "NotFoundError",
    "PackageError",
    "UnknownCountryError",
    "install_hint",
    "location",
]


class MedclustersError(Exception):
    """Base class of every error this library raises on purpose."""


class PackageError(MedclustersError, ValueError):
    """A data package cannot be read, or its content breaks its schema.

    ``resource``, ``row`` (1-based data row, the header not counted), ``field`` and ``value``
    say where, when the error is about one cell; each is ``None`` when it does not apply.
    """

    def __init__(
        self,
        message: str,
        *,
        resource: str | None = None,
        row: int | None = None,
        field: str | None = None,
        value: str | None = None,
    ) -> None:
        self.resource = resource
        self.row = row
        self.field = field
        self.value = value
        if value is not None and len(value) > _LIMIT:  # the message may quote it: shorten it
            message = message.replace(repr(value), repr(_truncate(value)))
        where = location(resource, row, field, value)
        super().__init__(f"{where}: {message}" if where else message)


class NotFoundError(MedclustersError, LookupError):
    """No record answers to the key given; ``suggestions`` holds close keys."""

    def __init__(self, message: str, suggestions: tuple[str, ...] = ()) -> None:
        self.suggestions = suggestions
        if suggestions:
            message += f" (did you mean: {', '.join(suggestions)}?)"
        super().__init__(message)


class UnknownCountryError(NotFoundError):
    """The text does not name exactly one country."""


_LIMIT = 60


def location(resource: str | None, row: int | None, field: str | None, value: str | None) -> str:
    """Where a problem is, as every message of the library says it: the parts that apply.

    >>> location("clusters", 3, "country", "Latvija")
    "resource 'clusters', row 3, field 'country', value 'Latvija'"
    >>> location(None, None, None, None)
    ''
    """
    where = []
    if resource is not None:
        where.append(f"resource {resource!r}")
    if row is not None:
        where.append(f"row {row}")
    if field is not None:
        where.append(f"field {field!r}")
    if value is not None:
        where.append(f"value {_truncate(value)!r}")
    return ", ".join(where)


def _truncate(value: str, limit: int = _LIMIT) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


def install_hint(extra: str) -> str:
    """How to install an optional extra today, as every missing-extra error says it:
    medclusters is not on PyPI yet, so ``pip install 'medclusters[extra]'`` finds nothing."""
    return (
        f"install the {extra!r} extra: in a checkout, pip install '.[{extra}]'; from a built "
        f"wheel, pip install 'medclusters-<version>-py3-none-any.whl[{extra}]' (once on PyPI: "
        f"pip install 'medclusters[{extra}]')"
    )
