"""The Dataset in other shapes: JSON, JSON-LD, SQLite, Parquet, pandas and polars.

Each exporter writes every table with its columns in schema order. JSON and SQLite keep
values exact (decimals as text); pandas and polars give numbers as floats for analysis.
Optional libraries (pandas, polars, pyarrow) are imported only by the exporter that needs them.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from medclusters._files import refuse_inside, safe_path, taken, write_bytes
from medclusters._jsonld import to_jsonld
from medclusters.dates import PartialDate
from medclusters.records import KEYS, RECORD_TYPES

if TYPE_CHECKING:
    from medclusters._tables import Tables

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


_SQL_TYPES = {"integer": "INTEGER", "boolean": "INTEGER", "number": "TEXT"}


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

    Booleans are 0/1, decimals exact text, dates ISO text of the precision the source gave.
    """
    target = Path(path)
    refuse_inside(target, dataset.origin)
    with safe_path(target, overwrite=overwrite) as temporary:
        temporary.unlink()  # sqlite3 makes its own file
        _write_sqlite(dataset, temporary)
    return target


def _write_sqlite(dataset: Tables, target: Path) -> None:
    schemas = {entry["name"]: entry["schema"] for entry in _descriptor(dataset)["resources"]}
    connection = sqlite3.connect(target)
    try:
        # Tables refer to each other in both directions: load all, then check every key.
        for resource in RECORD_TYPES:
            if resource not in schemas:
                continue
            schema = schemas[resource]
            columns = []
            for field in schema["fields"]:
                sql_type = _SQL_TYPES.get(field["type"], "TEXT")
                required = (field.get("constraints") or {}).get("required")
                columns.append(f'"{field["name"]}" {sql_type}{" NOT NULL" if required else ""}')
            primary, foreign = KEYS[resource].primary, KEYS[resource].foreign
            if primary:
                columns.append(f"PRIMARY KEY ({', '.join(map(_quote, primary))})")
            for fields, referenced, referenced_fields in foreign:
                columns.append(
                    f"FOREIGN KEY ({', '.join(map(_quote, fields))}) REFERENCES "
                    f"{_quote(referenced)} ({', '.join(map(_quote, referenced_fields))})"
                )
            connection.execute(f"CREATE TABLE {_quote(resource)} ({', '.join(columns)})")
            names = [field["name"] for field in schema["fields"]]
            placeholders = ", ".join("?" for _ in names)
            connection.executemany(
                f"INSERT INTO {_quote(resource)} VALUES ({placeholders})",  # noqa: S608  # quoted name
                (
                    [_sql(getattr(record, n)) for n in names]
                    for record in getattr(dataset, resource)
                ),
            )
        connection.commit()
        problems = connection.execute("PRAGMA foreign_key_check").fetchall()
        if problems:  # pragma: no cover - load() has checked the keys
            raise ValueError(f"foreign keys broken in the SQLite copy: {problems[:3]}")
    finally:
        connection.close()


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sql(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    return plain(value)


def _descriptor(dataset: Tables) -> dict[str, Any]:
    if dataset.descriptor:
        return dataset.descriptor
    from medclusters._readers import bundled_path, read_descriptor

    return read_descriptor(bundled_path())


def _columns(
    dataset: Tables, resource: str, value: Callable[[Any], Any] = lambda v: v
) -> dict[str, list[Any]]:
    """The resource's records column by column, each value passed through ``value``."""
    names = [field.name for field in attrs.fields(RECORD_TYPES[resource])]
    records = getattr(dataset, resource)
    return {name: [value(getattr(r, name)) for r in records] for name in names}


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
    for entry in _descriptor(dataset)["resources"]:
        if entry["name"] == resource:
            return {field["name"]: field["type"] for field in entry["schema"]["fields"]}
    return {}


def to_pandas(dataset: Tables) -> dict[str, Any]:
    """Resource name -> ``pandas.DataFrame`` with nullable dtypes (``Int64``, ``boolean``,
    ``Float64``, ``string``). Needs pandas: ``pip install 'medclusters[pandas]'``."""
    try:
        import pandas as pd
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise ImportError("to_pandas() needs pandas: pip install 'medclusters[pandas]'") from error
    dtypes = {"integer": "Int64", "boolean": "boolean", "number": "Float64"}
    frames = {}
    for resource in RECORD_TYPES:
        types = _field_types(dataset, resource)
        columns = _columns(dataset, resource, _analysis)
        frames[resource] = pd.DataFrame(
            {
                name: pd.array(values, dtype=dtypes.get(types.get(name, ""), "string"))
                for name, values in columns.items()
            }
        )
    return frames


def to_polars(dataset: Tables) -> dict[str, Any]:
    """Resource name -> ``polars.DataFrame`` (Int64, Boolean, Float64, String columns).
    Needs polars: ``pip install 'medclusters[polars]'``."""
    try:
        import polars as pl
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise ImportError("to_polars() needs polars: pip install 'medclusters[polars]'") from error
    dtypes = {"integer": pl.Int64, "boolean": pl.Boolean, "number": pl.Float64}
    frames = {}
    for resource in RECORD_TYPES:
        types = _field_types(dataset, resource)
        columns = _columns(dataset, resource, _analysis)
        schema = {name: dtypes.get(types.get(name, ""), pl.String) for name in columns}
        frames[resource] = pl.DataFrame(columns, schema=schema)
    return frames


def to_parquet(dataset: Tables, folder: str | Path, *, overwrite: bool = False) -> list[Path]:
    """One Parquet file per resource in ``folder`` (created), typed as in :func:`to_polars`
    but with exact decimals. Existing files are replaced only with ``overwrite``: without it,
    nothing is written if one of them exists. Needs pyarrow:
    ``pip install 'medclusters[parquet]'``."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise ImportError(
            "to_parquet() needs pyarrow: pip install 'medclusters[parquet]'"
        ) from error
    target = Path(folder)
    refuse_inside(target, dataset.origin)
    paths = {r: target / f"{r}.parquet" for r in RECORD_TYPES if _field_types(dataset, r)}
    existing = [path for path in paths.values() if path.exists()]
    if existing and not overwrite:
        raise taken(
            existing[0],
            f"{len(existing)} file(s) exist in {target} ({existing[0].name}, ...) and are replaced "
            "only when asked (overwrite=True)",
        )
    target.mkdir(parents=True, exist_ok=True)
    arrow_types = {"integer": pa.int64(), "boolean": pa.bool_(), "number": pa.string()}
    written = []
    for resource in RECORD_TYPES:
        types = _field_types(dataset, resource)
        if not types:
            continue
        table = pa.table(
            {
                name: pa.array(values, type=arrow_types.get(types[name], pa.string()))
                for name, values in _columns(dataset, resource, plain).items()
            }
        )
        path = paths[resource]
        with safe_path(path, overwrite=True) as temporary:
            pq.write_table(table, temporary, compression="zstd")
        written.append(path)
    return written
