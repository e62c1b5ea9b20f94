"""The Dataset in other shapes: JSON, JSON-LD, SQLite, Parquet, pandas and polars.

Each exporter writes every table with its columns in schema order. JSON keeps values as
the CSV text. SQLite, Parquet and the data frames are typed (``_typed``, beside this module):
in SQLite a number is ``NUMERIC`` with its exact text beside it (``<field>_text``), in
Parquet a ``decimal128`` that holds every value of the column exactly, in pandas and polars a
float for analysis; a date keeps its text and gains ``<field>_date`` (where known to the day)
and ``<field>_precision``. Optional libraries (pandas, polars, pyarrow) are imported only by
the exporter that needs them. JSON-LD is built in ``_jsonld``.
"""

from __future__ import annotations

import datetime as _dt
import json
import sqlite3
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from medclusters.dates import PartialDate
from medclusters.errors import install_hint
from medclusters.export._jsonld import to_jsonld
from medclusters.export._typed import Derived, date_fields, decimal_type, derived, layout
from medclusters.io.readers import descriptor_or_bundled
from medclusters.records import KEYS, RECORD_TYPES
from medclusters.utils.files import refuse_inside, safe_path, taken, write_bytes
from medclusters.utils.sql import quoted

if TYPE_CHECKING:
    from medclusters.records.tables import Tables

__all__ = [
    "plain",
    "to_json",
    "to_jsonld",
    "to_pandas",
    "to_parquet",
    "to_polars",
    "to_sqlite",
    "write_text",
]


def plain(value: Any) -> Any:
    """A JSON value: enums and dates as their CSV text, decimals as exact text."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, PartialDate | Decimal):
        return str(value)
    return value


def _row_dicts(dataset: Tables, resource: str) -> list[dict[str, Any]]:
    """The resource's records as dicts of JSON values, in schema order."""
    names = [field.name for field in attrs.fields(RECORD_TYPES[resource])]
    return [
        {name: plain(getattr(record, name)) for name in names}
        for record in getattr(dataset, resource)
    ]


def to_json(dataset: Tables, *, indent: int | None = 2) -> str:
    """``{"name", "version", "resources": {resource: [row, ...]}}`` as JSON text."""
    document = {
        "name": dataset.name,
        "version": dataset.version,
        "resources": {name: _row_dicts(dataset, name) for name in RECORD_TYPES},
    }
    return json.dumps(document, ensure_ascii=False, indent=indent) + "\n"


_SQL_TYPES = {"integer": "INTEGER", "boolean": "INTEGER", "number": "NUMERIC"}
#: The SQL types of the derived columns (DATE has NUMERIC affinity: ISO text stays text).
_SQL_DERIVED = {"text": "TEXT", "date": "DATE", "precision": "TEXT"}


def write_text(path: str | Path, text: str, dataset: Tables, *, overwrite: bool = False) -> Path:
    """Write ``text`` (an export of ``dataset``, e.g. :func:`to_json`) to ``path`` as UTF-8,
    by the rules every exporter keeps: never inside the package read, an existing file
    replaced only with ``overwrite``, and nothing left behind by a failure."""
    target = Path(path)
    refuse_inside(target, dataset.origin)
    return write_bytes(target, text.encode("utf-8"), overwrite=overwrite)


def to_sqlite(dataset: Tables, path: str | Path, *, overwrite: bool = False) -> Path:
    """Write every table, with primary and foreign keys, to a new SQLite database at ``path``
    (an existing file is replaced only with ``overwrite``; a failure leaves nothing behind).

    Booleans are 0/1. A number is ``NUMERIC`` (SQLite stores it as an integer or a real, so
    ``sum()`` adds it) and ``<field>_text`` keeps its exact text. A date is ISO text of the
    precision the source gave; ``<field>_date`` holds it where it is known to the day and
    ``<field>_precision`` says ``year``, ``month`` or ``day``.
    """
    target = Path(path)
    refuse_inside(target, dataset.origin)
    with safe_path(target, overwrite=overwrite) as temporary:
        temporary.unlink()  # sqlite3 makes its own file
        _write_sqlite(dataset, temporary)
    return target


def _write_sqlite(dataset: Tables, target: Path) -> None:
    schemas = {
        entry["name"]: entry["schema"]
        for entry in descriptor_or_bundled(dataset.descriptor)["resources"]
    }
    connection = sqlite3.connect(target)
    try:
        # Tables refer to each other in both directions: load all, then check every key.
        for resource in RECORD_TYPES:
            if resource not in schemas:
                continue
            schema = schemas[resource]
            declared = {field["name"]: field for field in schema["fields"]}
            types = {name: field["type"] for name, field in declared.items()}
            dates = date_fields(RECORD_TYPES[resource])
            plan = layout(list(declared), types, dates, exact_text=True)
            columns = []
            for column, name, how in plan:
                sql_type = (
                    _SQL_TYPES.get(types[name], "TEXT") if how == "value" else _SQL_DERIVED[how]
                )
                constraints = declared[name].get("constraints") or {}
                required = how in ("value", "text") and constraints.get("required")
                columns.append(f"{quoted(column)} {sql_type}{' NOT NULL' if required else ''}")
            primary, foreign = KEYS[resource].primary, KEYS[resource].foreign
            if primary:
                columns.append(f"PRIMARY KEY ({', '.join(map(quoted, primary))})")
            for fields, referenced, referenced_fields in foreign:
                columns.append(
                    f"FOREIGN KEY ({', '.join(map(quoted, fields))}) REFERENCES "
                    f"{quoted(referenced)} ({', '.join(map(quoted, referenced_fields))})"
                )
            connection.execute(f"CREATE TABLE {quoted(resource)} ({', '.join(columns)})")
            placeholders = ", ".join("?" for _ in plan)
            connection.executemany(
                f"INSERT INTO {quoted(resource)} VALUES ({placeholders})",  # noqa: S608  # quoted name
                (
                    [_sql(getattr(record, name), how) for _, name, how in plan]
                    for record in getattr(dataset, resource)
                ),
            )
        connection.commit()
        problems = connection.execute("PRAGMA foreign_key_check").fetchall()
        if problems:  # pragma: no cover - load() has checked the keys
            raise ValueError(f"foreign keys broken in the SQLite copy: {problems[:3]}")
    finally:
        connection.close()


def _sql(value: Any, how: Derived = "value") -> Any:
    """A field's value, or a column derived from it, as SQLite stores it (dates as ISO text:
    the sqlite3 module's own date adapter is deprecated)."""
    if how != "value":
        value = derived(how, value)
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, _dt.date):
        return value.isoformat()
    return plain(value)


def _columns(
    dataset: Tables, resource: str, types: dict[str, str]
) -> list[tuple[str, str, Derived, list[Any]]]:
    """``(column, field, how, values)`` for each typed column of the resource (see
    :func:`medclusters.export._typed.layout`): each field's values, and those derived from dates."""
    record_type = RECORD_TYPES[resource]
    names = [field.name for field in attrs.fields(record_type)]
    records = getattr(dataset, resource)
    columns = []
    for column, name, how in layout(names, types, date_fields(record_type), exact_text=False):
        values = [getattr(record, name) for record in records]
        if how != "value":
            values = [derived(how, value) for value in values]
        columns.append((column, name, how, values))
    return columns


def _analysis(value: Any) -> Any:
    """Values for data frames: text for enums and dates, floats for decimals."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, PartialDate):
        return str(value)
    if isinstance(value, Decimal):
        return float(value)
    return value


def _field_types(dataset: Tables, resource: str) -> dict[str, str]:
    for entry in descriptor_or_bundled(dataset.descriptor)["resources"]:
        if entry["name"] == resource:
            return {field["name"]: field["type"] for field in entry["schema"]["fields"]}
    return {}


def to_pandas(dataset: Tables) -> dict[str, Any]:
    """Resource name -> ``pandas.DataFrame`` with nullable dtypes (``Int64``, ``boolean``,
    ``Float64``, ``string``); a date field's ``<field>_date`` is ``datetime64[s]`` (``NaT``
    unless known to the day). Needs pandas: ``pip install 'medclusters[pandas]'``."""
    try:
        import pandas as pd
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise ImportError(f"to_pandas() needs pandas: {install_hint('pandas')}") from error
    dtypes = {"integer": "Int64", "boolean": "boolean", "number": "Float64"}
    frames = {}
    for resource in RECORD_TYPES:
        types = _field_types(dataset, resource)
        frames[resource] = pd.DataFrame(
            {
                column: pd.array(
                    [_analysis(value) for value in values],
                    dtype=dtypes.get(types.get(name, ""), "string")
                    if how == "value"
                    else "datetime64[s]"
                    if how == "date"
                    else "string",
                )
                for column, name, how, values in _columns(dataset, resource, types)
            }
        )
    return frames


def to_polars(dataset: Tables) -> dict[str, Any]:
    """Resource name -> ``polars.DataFrame`` (Int64, Boolean, Float64, String columns; a
    date field's ``<field>_date`` is Date, empty unless known to the day). Needs polars:
    ``pip install 'medclusters[polars]'``."""
    try:
        import polars as pl
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise ImportError(f"to_polars() needs polars: {install_hint('polars')}") from error
    dtypes = {"integer": pl.Int64, "boolean": pl.Boolean, "number": pl.Float64}
    frames = {}
    for resource in RECORD_TYPES:
        types = _field_types(dataset, resource)
        columns = _columns(dataset, resource, types)
        frames[resource] = pl.DataFrame(
            {column: [_analysis(value) for value in values] for column, _, _, values in columns},
            schema={
                column: dtypes.get(types.get(name, ""), pl.String)
                if how == "value"
                else pl.Date
                if how == "date"
                else pl.String
                for column, name, how, _ in columns
            },
        )
    return frames


def to_parquet(dataset: Tables, folder: str | Path, *, overwrite: bool = False) -> list[Path]:
    """One Parquet file per resource in ``folder`` (created), typed: integers ``int64``,
    booleans ``bool``, numbers ``decimal128(precision, scale)`` with the scale of the value
    with most digits after the point and room for the one with most before it (so every value
    is exact, and DuckDB's ``sum()`` is exact), dates their ISO text with ``<field>_date``
    (``date32``, where known to the day) and ``<field>_precision``. Existing files are
    replaced only with ``overwrite``: without it, nothing is written if one of them exists.
    Needs pyarrow: ``pip install 'medclusters[parquet]'``."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise ImportError(f"to_parquet() needs pyarrow: {install_hint('parquet')}") from error
    target = Path(folder)
    refuse_inside(target, dataset.origin)
    paths = {r: target / f"{r}.parquet" for r in RECORD_TYPES if _field_types(dataset, r)}
    existing = [path for path in paths.values() if path.exists()]
    if existing and not overwrite:
        raise taken(
            existing[0],
            f"{len(existing)} files exist in {target} ({existing[0].name}, ...) and are replaced "
            "only when asked (overwrite=True)"
            if len(existing) > 1
            else f"{existing[0]} exists and is replaced only when asked (overwrite=True)",
        )
    target.mkdir(parents=True, exist_ok=True)
    arrow_types = {"integer": pa.int64(), "boolean": pa.bool_()}
    written = []
    for resource in RECORD_TYPES:
        types = _field_types(dataset, resource)
        if not types:
            continue
        arrays = {}
        for column, name, how, values in _columns(dataset, resource, types):
            if how == "date":
                arrays[column] = pa.array(values, type=pa.date32())
            elif how == "value" and types[name] == "number":
                arrays[column] = pa.array(values, type=_arrow_decimal(pa, resource, name, values))
            elif how == "value":
                arrays[column] = pa.array(
                    [plain(value) for value in values],
                    type=arrow_types.get(types[name], pa.string()),
                )
            else:
                arrays[column] = pa.array(values, type=pa.string())
        table = pa.table(arrays)
        path = paths[resource]
        with safe_path(path, overwrite=True) as temporary:
            pq.write_table(table, temporary, compression="zstd")
        written.append(path)
    return written


def _arrow_decimal(pa: Any, resource: str, name: str, values: list[Any]) -> Any:
    """The narrowest Arrow decimal that holds every value exactly (decimal256 past 38 digits,
    which DuckDB and most readers do not read: the error names the field)."""
    try:
        digits, scale = decimal_type(values)
    except ValueError as error:
        raise ValueError(f"{resource}, field {name}: {error}") from None
    return pa.decimal128(digits, scale) if digits <= 38 else pa.decimal256(digits, scale)
