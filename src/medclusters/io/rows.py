"""Compiled row builders: CSV cells straight into records, the loader's fast path.

For each record class one small function is generated from its fields' types (as cattrs
generates its structuring functions) and compiled once: it unpacks a row's cells, converts
each with the shared strict parsers of :mod:`medclusters.io.scalars` and sets the record's
slots through their own setters, as attrs' ``__init__`` does, without calling it. It
raises on the first bad cell without saying where; the loader then re-runs the table through
the cattrs converter, the reference, to name row, field and value. A test holds the two paths
to the same records.

References (``*_id``) and other short repeated values are interned per load, so a cluster id
referred to by a hundred rows of five tables is one string in memory.
"""

from __future__ import annotations

import inspect
import sys
import typing
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from enum import Enum
from functools import cache, partial
from types import UnionType
from typing import Any

import attrs

from medclusters.dates import PartialDate
from medclusters.io.cells import Columns
from medclusters.io.scalars import parse_bool, parse_decimal, parse_int, parse_partial_date

Builder = Callable[[Iterable[Sequence[str]], dict[str, str]], list[Any]]

#: Text fields whose values repeat across rows and tables: stored once per load.
_SHARED_TEXT = {"scheme", "language", "country", "resource", "field"}
_PARSERS: dict[type, Callable[[Any], Any]] = {
    int: parse_int,
    bool: parse_bool,
    Decimal: parse_decimal,
}


@cache  # compiled once a record type (two threads racing may both compile: the same code)
def builder(record_type: type) -> Builder:
    """The compiled builder of ``record_type``: ``build(rows, shared) -> list of records``."""
    return _compile(record_type)


@cache
def column_builder(record_type: type) -> Callable[[Columns, dict[str, str]], list[Any]]:
    """The compiled builder of ``record_type`` from a table read by columns (pyarrow): each
    column converted first, once a distinct text where it has a dictionary, then the slots
    set row by row. Raises on a bad cell and builds what :func:`builder` builds."""
    return _compile_columns(record_type)


def _missing() -> Any:
    raise ValueError("a value is required")


@cache
def type_hints(record_type: type) -> dict[str, Any]:
    """The record's resolved field types (its annotations are strings): worked out once,
    as ``typing.get_type_hints`` gives them (a test holds the two equal), each class's
    annotations evaluated in one expression in its module's namespace instead of one
    compiled expression each (235 for the records: most of the cost of the first load's
    type hints)."""
    hints: dict[str, Any] = {}
    for base in reversed(record_type.__mro__):
        annotations = inspect.get_annotations(base)  # inspect: imported by attrs already
        if not annotations:
            continue
        names = list(annotations)
        texts = [annotations[name] for name in names]
        if all(isinstance(text, str) for text in texts):
            namespace = vars(sys.modules[base.__module__])
            values = eval(f"({', '.join(texts)},)", dict(namespace))  # noqa: S307  # our own annotations
        else:  # annotations already evaluated, or a mix: the general path
            return typing.get_type_hints(record_type)
        hints.update(zip(names, values, strict=True))
    return hints


@cache
def _plan(record_type: type) -> tuple[tuple[str, bool, Any], ...]:
    """How each field's text becomes its value, for both compilers: ``(how, optional,
    with)``, ``how`` one of ``"text"`` (as it is), ``"shared"`` (text stored once per load),
    ``"enum"`` (``with`` the members by value), ``"date"`` or ``"parse"`` (``with`` the
    parser)."""
    hints = type_hints(record_type)
    plan = []
    for field in attrs.fields(record_type):
        kind, optional = unwrap(hints[field.name])
        how: str
        using: Any = None
        if kind is str:  # "id" is unique: not worth sharing
            shared = field.name in _SHARED_TEXT or field.name.endswith("_id")
            how = "shared" if shared else "text"
        elif isinstance(kind, type) and issubclass(kind, Enum):
            how, using = "enum", {member.value: member for member in kind}
        elif kind is PartialDate:
            how, using = "date", parse_partial_date
        elif kind in _PARSERS:
            how, using = "parse", _PARSERS[kind]
        else:  # pragma: no cover - every record field has one of the kinds above
            raise TypeError(f"{record_type.__name__}.{field.name}: no parser for {kind!r}")
        plan.append((how, optional, using))
    return tuple(plan)


def _setters(record_type: type) -> dict[str, Any]:
    """``_set<n>``: each slot's own setter, what attrs' ``__init__`` calls, without the call."""
    return {
        f"_set{number}": record_type.__dict__[field.name].__set__
        for number, field in enumerate(attrs.fields(record_type))
    }


def _compile(record_type: type) -> Builder:
    names: dict[str, Any] = {"_cls": record_type, "_missing": _missing, "_new": object.__new__,
                             **_setters(record_type)}  # fmt: skip
    cells, values = [], []
    for number, (how, optional, using) in enumerate(_plan(record_type)):
        cell = f"c{number}"
        cells.append(cell)
        if how == "text":
            value = cell
        elif how == "shared":
            value = f"_share({cell}, {cell})"
        elif how == "enum":
            names[f"_members{number}"] = using
            value = f"_members{number}[{cell}]"
        elif how == "date":
            value = f"(_dates.get({cell}) or _date({cell}))"
        else:
            names[f"_parse{number}"] = using
            value = f"_parse{number}({cell})"
        values.append(f"({value} if {cell} else {'None' if optional else '_missing()'})")
    setters = "\n".join(
        f"        _set{number}(record, {value})" for number, value in enumerate(values)
    )
    source = f"""
def build(rows, shared):
    _share = shared.setdefault
    _dates = {{}}

    def _date(text):
        found = _dates[text] = _parse_date(text)
        return found

    out = []
    append = out.append
    for {", ".join(cells)}, in rows:
        record = _new(_cls)
{setters}
        append(record)
    return out
"""
    names["_parse_date"] = parse_partial_date
    code = compile(source, f"<medclusters row builder for {record_type.__name__}>", "exec")
    exec(code, names)  # noqa: S102  # code generated from the record's own fields, no input
    return names["build"]  # type: ignore[no-any-return]


def _plain(column: Sequence[str], optional: bool) -> Iterable[Any]:
    """Text kept as it is: ``""`` is ``None`` where optional, refused where required."""
    if optional:
        return map({"": None}.get, column, column)
    if "" in column:
        raise ValueError("a value is required")
    return column


def _shared(table: Columns, index: int, optional: bool, shared: dict[str, str]) -> Iterable[Any]:
    """Text stored once per load (references, codes)."""
    if table.has_dictionary(index):
        return table.converted(index, partial(_or_empty, partial(_intern, shared), optional))
    column = table.column(index)
    return _plain(list(map(shared.setdefault, column, column)), optional)


def _parsed(table: Columns, index: int, optional: bool, parse: Callable[[str], Any]) -> Any:
    """Values parsed from text, once a distinct text where the column has a dictionary."""
    return table.converted(index, partial(_or_empty, parse, optional))


def _or_empty(convert: Callable[[str], Any], optional: bool, text: str) -> Any:
    if not text:
        return None if optional else _missing()
    return convert(text)


def _intern(shared: dict[str, str], text: str) -> str:
    return shared.setdefault(text, text)


def _compile_columns(record_type: type) -> Callable[[Columns, dict[str, str]], list[Any]]:
    names: dict[str, Any] = {"_cls": record_type, "_new": object.__new__, "_zip": zip,
                             "_plain": _plain, "_shared": _shared, "_parsed": _parsed,
                             **_setters(record_type)}  # fmt: skip
    columns = []
    for number, (how, optional, using) in enumerate(_plan(record_type)):
        if how == "shared":
            columns.append(f"_shared(table, {number}, {optional}, shared)")
        elif how == "text":
            columns.append(f"_plain(table.column({number}), {optional})")
        else:  # enum, date or number: parsed once a distinct text where there is a dictionary
            names[f"_parse{number}"] = using.__getitem__ if how == "enum" else using
            columns.append(f"_parsed(table, {number}, {optional}, _parse{number})")
    cells = ", ".join(f"c{number}" for number in range(len(columns)))
    setters = "\n".join(
        f"        _set{number}(record, c{number})" for number in range(len(columns))
    )
    source = f"""
def build(table, shared):
    out = []
    append = out.append
    for {cells}, in _zip({", ".join(columns)}):
        record = _new(_cls)
{setters}
        append(record)
    return out
"""
    code = compile(source, f"<medclusters column builder for {record_type.__name__}>", "exec")
    exec(code, names)  # noqa: S102  # code generated from the record's own fields, no input
    return names["build"]  # type: ignore[no-any-return]


def unwrap(hint: Any) -> tuple[Any, bool]:
    """(the type, whether ``None`` is allowed) of ``T`` or ``T | None``."""
    if isinstance(hint, UnionType) or typing.get_origin(hint) is typing.Union:
        members = [member for member in typing.get_args(hint) if member is not type(None)]
        if len(members) == 1:
            return members[0], True
    return hint, False
