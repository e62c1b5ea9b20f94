"""SQL text built from names: a quoted identifier and a string literal, for the SQLite copy and
the queries of ``medclusters serve``. Names come from the library's own schema, but are quoted
as if they did not, so that no name can end a statement."""

from __future__ import annotations

__all__ = ["literal", "quoted"]


def quoted(name: str) -> str:
    """``name`` as an SQL identifier.

    >>> quoted('odd"name')
    '"odd""name"'
    """
    return '"' + name.replace('"', '""') + '"'


def literal(value: str) -> str:
    """``value`` as an SQL string literal.

    >>> literal("it's")
    "'it''s'"
    """
    return "'" + value.replace("'", "''") + "'"
