"""The bundled package's records, prebuilt: read from one checked file instead of parsed.

The bundled data package is fixed when the library is built, so every check the loader makes
of it gives the same answer on every start. ``python -m medclusters.loader.prebuilt`` loads it once
through the full loader, every check made, and writes its records column by column
(:mod:`marshal`, plain values only: text, numbers, ``None``; enums by value, dates as their
parts, decimals as text) to ``bundled.tables`` beside this module, with the size and sha256
of the descriptor and of every resource file they were read from, and a sha256 of the whole.
It names no path: the files are found where the descriptor, checked byte for byte, says.

``mc.load()`` uses that file only where all of it checks out: its own sha256, and the
descriptor and every resource file byte for byte as they were (size and sha256). Anything
else (a data file edited, a copy damaged, a format this Python cannot read) and the bundled
package is loaded in full, with every check, as any other package is. A package from
anywhere else never comes here.

The tables are made on first use, each once (:meth:`Tables.deferred`): a first load reads and
checks the bytes and leaves building a table's records to the first question asked of it.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import sys
from collections.abc import Callable, Iterable
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from medclusters import records
from medclusters.dates import PartialDate
from medclusters.errors import PackageError
from medclusters.io.files import read_regular
from medclusters.io.limits import Limits, bundled_path
from medclusters.records import RECORD_TYPES

if TYPE_CHECKING:
    from medclusters.dataset import Dataset

__all__ = ["PREBUILT", "load_prebuilt", "write_prebuilt"]

#: The prebuilt tables of the bundled package, in the library's own folder.
PREBUILT = Path(__file__).with_name("bundled.tables")
#: The first line of the file: what it is and the layout of what follows. Then the sha256 of
#: the rest in hex and a newline, then the marshalled payload.
_MAGIC = b"medclusters prebuilt tables 1\n"
_MARSHAL_VERSION = 4  # read by every Python this library supports
_PLAIN = (str, int, bool, type(None))  # exactly these types: a StrEnum is not plain text


def write_prebuilt(target: Path = PREBUILT, descriptor_path: Path | None = None) -> Path:
    """Load the bundled package (or the one at ``descriptor_path``) in full, every check
    made, and write its records to ``target``."""
    from medclusters.io.readers import FolderReader
    from medclusters.loader.full import load_reader

    reader = FolderReader(descriptor_path or bundled_path(), Limits())
    dataset = load_reader(reader)
    files = {  # by resource: the paths are the descriptor's, read again from it
        entry["name"]: _stamp(reader.read(entry["path"], entry["name"]))
        for entry in dataset.descriptor["resources"]
    }
    payload = {
        "descriptor": _stamp(reader.descriptor_bytes()),
        "files": files,
        "tables": {  # each table marshalled apart: unmarshalled when first asked for
            name: marshal.dumps(_encode(name, rows), _MARSHAL_VERSION)
            for name, rows in dataset.tables().items()
        },
    }
    body = marshal.dumps(payload, _MARSHAL_VERSION)
    target.write_bytes(_MAGIC + _hex(body) + b"\n" + body)
    return target


def load_prebuilt(descriptor_path: Path, prebuilt: Path = PREBUILT) -> Dataset | None:
    """The Dataset of the package at ``descriptor_path`` from its prebuilt tables, or
    ``None`` where the prebuilt file is missing or does not match the package byte for byte
    (the caller then loads the package in full, which says what is wrong, if anything)."""
    from medclusters.dataset import Dataset

    content = _read(prebuilt, None)
    start = len(_MAGIC) + 64 + 1  # the magic line, then the hex sha256 of the rest, newline
    if content is None or content[: len(_MAGIC)] != _MAGIC:
        return None
    body = memoryview(content)[start:]
    if content[start - 65 : start - 1] != _hex(body):
        return None
    try:
        payload = marshal.loads(body)  # noqa: S302  # our own file, its sha256 checked above
        descriptor_bytes = _read(descriptor_path, tuple(payload["descriptor"]))
        if descriptor_bytes is None:
            return None
        # the very bytes the full load checked when the file was written: parsed as they are,
        # and the paths of the files taken from them (the prebuilt file names none)
        descriptor = json.loads(descriptor_bytes)
        files: dict[str, Any] = payload["files"]
        entries = descriptor["resources"]
        if sorted(entry["name"] for entry in entries) != sorted(files):
            return None
        folder = descriptor_path.parent
        for entry in entries:
            path = folder.joinpath(*entry["path"].split("/"))
            if _read(path, tuple(files[entry["name"]])) is None:
                return None
        tables: dict[str, bytes] = payload["tables"]
        if set(tables) != set(RECORD_TYPES) or not all(type(t) is bytes for t in tables.values()):
            return None
    except (ValueError, KeyError, TypeError, EOFError):
        return None
    return Dataset.deferred(
        lambda name: _decode(name, tables[name]),
        name=str(descriptor.get("name", "")),
        version=str(descriptor.get("version", "")),
        descriptor=descriptor,
        origin=str(descriptor_path.parent),
    )


def _read(path: Path, stamp: tuple[int, str] | None) -> bytes | None:
    """The bytes of the regular file at ``path``, read as the readers read one (opened without
    blocking, refused past its limit), where it has the size and sha256 of ``stamp`` (any
    size up to the limit of all files, where ``stamp`` is None); else None."""
    limit = stamp[0] if stamp is not None else Limits().max_total_bytes
    try:
        data = read_regular(str(path), limit, None, str(path))
    except PackageError:
        return None
    if stamp is not None and _stamp(data) != stamp:
        return None
    return data


def _stamp(data: bytes) -> tuple[int, str]:
    return len(data), hashlib.sha256(data).hexdigest()


def _hex(data: bytes | memoryview) -> bytes:
    return hashlib.sha256(data).hexdigest().encode()


# -- records as columns of plain values, and back --------------------------------------------


def _encode(
    name: str, rows: tuple[Any, ...]
) -> tuple[int, tuple[tuple[str, str, tuple[Any, ...]], ...]]:
    """(row count, (field, how, values) for each field) of one table, ``how`` saying how the
    plain values become the field's values again."""
    columns = []
    for field in attrs.fields(RECORD_TYPES[name]):
        values = [getattr(row, field.name) for row in rows]
        kinds = {type(value) for value in values} - {type(None)}
        if kinds <= set(_PLAIN):
            columns.append((field.name, "plain", tuple(values)))
        elif len(kinds) == 1 and issubclass(kind := next(iter(kinds)), Enum):
            how = f"enum {kind.__name__}"  # a class of medclusters.records, named
            columns.append((field.name, how, tuple(_or_none(_value, values))))
        elif kinds == {PartialDate}:
            columns.append((field.name, "date", tuple(_or_none(_parts, values))))
        elif kinds == {Decimal}:
            columns.append((field.name, "decimal", tuple(_or_none(str, values))))
        else:
            raise TypeError(f"{name}.{field.name}: no prebuilt form for values of {kinds}")
    return len(rows), tuple(columns)


def _decode(name: str, blob: bytes) -> tuple[Any, ...]:
    """The records of one table from its marshalled columns: each slot set through its own
    setter, as attrs' ``__init__`` (and the loader's row builders) set them. Every column
    must name its field, hold one value a row and say how its values are made; anything
    else (a file written by another version, edited by hand) is a PackageError naming the
    table, never a record with a slot left unset or a value quietly made None."""
    try:
        count, columns = marshal.loads(blob)  # noqa: S302  # our own file, its sha256 checked
        record_type = RECORD_TYPES[name]
        fields = attrs.fields(record_type)
        if type(count) is not int or [c[0] for c in columns] != [f.name for f in fields]:
            raise ValueError("its columns are not the record's fields")
        records: list[Any] = [object.__new__(record_type) for _ in range(count)]
        for field, (_, how, values) in zip(fields, columns, strict=True):
            if len(values) != count:
                raise ValueError(f"{field.name} holds {len(values)} values for {count} rows")
            setter = record_type.__dict__[field.name].__set__
            for _ in map(setter, records, _values(how, values)):
                pass
    except (ValueError, TypeError, KeyError, IndexError, EOFError) as error:
        raise PackageError(
            f"the prebuilt tables of the bundled package are damaged ({error}); write them "
            "again with python -m medclusters.loader.prebuilt",
            resource=name,
        ) from None
    return tuple(records)


def _values(how: str, values: tuple[Any, ...]) -> Iterable[Any]:
    if how == "plain":
        return values
    made: Callable[[Any], Any]
    if how.startswith("enum "):
        made = {member.value: member for member in _enum(how.removeprefix("enum "))}.__getitem__
    elif how == "date":
        made = _date
    elif how == "decimal":
        made = Decimal
    else:
        raise ValueError(f"unknown column kind {how!r}")
    distinct = {value: made(value) for value in set(values) if value is not None}
    return map(distinct.get, values)  # None stays None


def _enum(name: str) -> type[Enum]:
    """The enum of :mod:`medclusters.records` called ``name``."""
    found = getattr(records, name, None)
    if not (isinstance(found, type) and issubclass(found, Enum)):
        raise TypeError(f"no enum {name!r} among the records")
    return found


def _date(parts: tuple[int, int | None, int | None]) -> PartialDate:
    return PartialDate(*parts)


def _value(member: Enum) -> Any:
    return member.value


def _parts(date: PartialDate) -> tuple[int, int | None, int | None]:
    return date.year, date.month, date.day


def _or_none(convert: Callable[[Any], Any], values: Iterable[Any]) -> Iterable[Any]:
    return (None if value is None else convert(value) for value in values)


def main() -> None:
    """Write the prebuilt tables of the bundled package (run after the data changes)."""
    written = write_prebuilt()
    sys.stdout.write(f"wrote {written} ({written.stat().st_size:,} bytes)\n")


if __name__ == "__main__":
    main()
