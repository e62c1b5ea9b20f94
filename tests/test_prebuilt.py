"""The bundled package's prebuilt tables: the records the full load makes, used only where
every byte they were built from is unchanged, each table made once on first use."""

from __future__ import annotations

import os
import pickle
import threading
from pathlib import Path
from typing import Any

import attrs
import pytest

import medclusters as mc
from medclusters import package
from medclusters.io.limits import Limits
from medclusters.io.readers import FolderReader
from medclusters.loader.full import load_reader
from medclusters.loader.prebuilt import PREBUILT, load_prebuilt, write_prebuilt
from medclusters.records import RECORD_TYPES

STALE = "the prebuilt tables are stale: run `python -m medclusters.loader.prebuilt`"


@pytest.fixture(scope="module")
def full() -> mc.Dataset:
    """The bundled package loaded in full, every check made."""
    return load_reader(FolderReader(mc.bundled_path(), Limits()))


@pytest.fixture
def built(stamped_copy: Path, tmp_path: Path) -> tuple[Path, Path]:
    """(descriptor path, prebuilt file) of a copy of the bundled package."""
    descriptor = stamped_copy / "datapackage.json"
    return descriptor, write_prebuilt(tmp_path / "copy.tables", descriptor)


def test_the_bundled_load_takes_the_prebuilt_tables() -> None:
    assert load_prebuilt(mc.bundled_path()) is not None, STALE
    assert "_deferred" in vars(mc.load())


def test_the_prebuilt_tables_are_the_full_load(full: mc.Dataset) -> None:
    """Record for record, value for value, type for type (an enum is not its text, a date
    not a string)."""
    prebuilt = load_prebuilt(mc.bundled_path())
    assert prebuilt is not None, STALE
    assert (prebuilt.name, prebuilt.version, prebuilt.origin) == (
        full.name,
        full.version,
        full.origin,
    )
    assert prebuilt.descriptor == full.descriptor
    for name in RECORD_TYPES:
        made, reference = getattr(prebuilt, name), getattr(full, name)
        assert type(made) is tuple, name
        assert made == reference, name
        for a, b in zip(made, reference, strict=True):
            assert type(a) is type(b)
            for field in attrs.fields(type(a)):
                x, y = getattr(a, field.name), getattr(b, field.name)
                assert type(x) is type(y), (name, field.name, x, y)


def _reject(descriptor: Path, prebuilt: Path) -> None:
    assert load_prebuilt(descriptor, prebuilt) is None


def test_a_copy_matches_its_own_prebuilt_tables(built: tuple[Path, Path]) -> None:
    descriptor, prebuilt = built
    found = load_prebuilt(descriptor, prebuilt)
    assert found is not None
    assert len(found.clusters) == len(mc.load().clusters)
    assert found.origin == str(descriptor.parent)


def test_a_data_file_changed_in_place_is_not_trusted(built: tuple[Path, Path]) -> None:
    """The same size, one letter different: the sha256 tells."""
    descriptor, prebuilt = built
    clusters = descriptor.parent / "data" / "clusters.csv"
    data = bytearray(clusters.read_bytes())
    data[-3] = ord("X") if data[-3] != ord("X") else ord("Y")
    clusters.write_bytes(bytes(data))
    _reject(descriptor, prebuilt)
    with pytest.raises(mc.PackageError, match="clusters"):  # the full load says what is wrong
        mc.load(descriptor.parent)


@pytest.mark.parametrize("change", ["descriptor", "missing", "longer", "fifo"])
def test_any_other_change_is_not_trusted(built: tuple[Path, Path], change: str) -> None:
    descriptor, prebuilt = built
    target = descriptor.parent / "data" / "organisations.csv"
    if change == "descriptor":
        descriptor.write_bytes(descriptor.read_bytes().replace(b'"title"', b'"title" ', 1))
    elif change == "missing":
        target.unlink()
    elif change == "longer":
        target.write_bytes(target.read_bytes() + b"\n")
    else:  # a FIFO where a file was: not opened (it would block), refused
        target.unlink()
        os.mkfifo(target)
    _reject(descriptor, prebuilt)


@pytest.mark.parametrize("damage", ["flipped", "truncated", "magic", "empty", "folder"])
def test_a_damaged_prebuilt_file_is_not_read(built: tuple[Path, Path], damage: str) -> None:
    descriptor, prebuilt = built
    data = bytearray(prebuilt.read_bytes())
    if damage == "flipped":
        data[len(data) // 2] ^= 0x01
    elif damage == "truncated":
        del data[-100:]
    elif damage == "magic":
        data[:11] = b"medclusterz"
    elif damage == "empty":
        data.clear()
    prebuilt.write_bytes(bytes(data))
    if damage == "folder":
        prebuilt.unlink()
        prebuilt.mkdir()
    _reject(descriptor, prebuilt)
    _reject(descriptor, prebuilt.with_name("absent.tables"))


def test_tables_are_made_on_first_use_once_under_threads(built: tuple[Path, Path]) -> None:
    found = load_prebuilt(*built)
    assert found is not None
    assert "clusters" not in vars(found)
    seen: list[Any] = []
    threads = [threading.Thread(target=lambda: seen.append(found.clusters)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(seen) == 8
    assert all(table is seen[0] for table in seen)
    assert found.clusters is seen[0]
    assert "memberships" not in vars(found)


def test_a_deferred_dataset_behaves_as_a_loaded_one(built: tuple[Path, Path]) -> None:
    found = load_prebuilt(*built)
    assert found is not None
    with pytest.raises(AttributeError, match="no attribute 'nonsense'"):
        found.nonsense  # type: ignore[attr-defined]  # noqa: B018
    copy = pickle.loads(pickle.dumps(found))  # noqa: S301  # our own bytes
    assert "_deferred" not in vars(copy)
    assert copy.tables() == found.tables()
    assert repr(copy) == repr(mc.load())
    assert found.cluster("lhtc").name == mc.load().cluster("lhtc").name
    evolved = attrs.evolve(found, name="renamed")
    assert evolved.name == "renamed"
    assert evolved.clusters == found.clusters


def test_the_bundled_load_falls_back_to_the_full_load(monkeypatch: pytest.MonkeyPatch) -> None:
    import medclusters.loader.prebuilt

    monkeypatch.setattr(medclusters.loader.prebuilt, "load_prebuilt", lambda *_: None)
    loaded = package._bundled.build()
    assert "_deferred" not in vars(loaded)
    assert loaded.tables() == mc.load().tables()


def test_the_file_is_where_the_wheel_ships_it() -> None:
    assert PREBUILT.parent == Path(mc.__file__).parent / "loader"
    assert PREBUILT.is_file()


def _rewritten(prebuilt: Path, table: str, change: Any) -> None:
    """``prebuilt`` with one table's columns changed by ``change`` and its sha256 made good
    again: a file that a bug, another version or a hand wrote, not one damaged in transit."""
    import marshal

    from medclusters.loader import prebuilt as module

    content = prebuilt.read_bytes()
    body = content[len(module._MAGIC) + 65 :]
    payload = marshal.loads(body)  # noqa: S302  # the test's own file
    count, columns = marshal.loads(payload["tables"][table])  # noqa: S302
    payload["tables"][table] = marshal.dumps(change(count, [list(c) for c in columns]))
    body = marshal.dumps(payload)
    prebuilt.write_bytes(module._MAGIC + module._hex(body) + b"\n" + body)


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (lambda n, cols: (n, [*cols[:1], [cols[1][0], cols[1][1], cols[1][2][:-1]], *cols[2:]]),
         "holds"),
        (lambda n, cols: (n, [[c[0], "sometimes", c[2]] for c in cols]), "unknown column kind"),
        (lambda n, cols: (n, cols[1:]), "not the record's fields"),
        (lambda n, cols: (n, [[c[0], "enum Nothing" if c[1].startswith("enum") else c[1], c[2]]
                              for c in cols]), "no enum 'Nothing'"),
        (lambda n, cols: (n, [[c[0], c[1], tuple("not a member" if v is not None else v
                                                 for v in c[2])] if c[1].startswith("enum")
                               else c for c in cols]), "not a member"),
        (lambda n, cols: (str(n), cols), "not the record's fields"),
    ],
    ids=["short-column", "unknown-kind", "missing-field", "unknown-enum", "unknown-member",
         "count-not-int"],
)  # fmt: skip
def test_tables_written_wrong_are_refused_by_name(
    built: tuple[Path, Path], change: Any, says: str
) -> None:
    """A prebuilt file whose sha256 holds but whose columns do not fit the records: the
    table raises a PackageError naming it when first read, and no record is made with a
    slot unset or a value quietly turned into None."""
    descriptor, prebuilt = built
    _rewritten(prebuilt, "memberships", change)  # its role is an enum
    found = load_prebuilt(descriptor, prebuilt)
    assert found is not None  # the bytes check out: the columns are read on first use
    with pytest.raises(mc.PackageError, match=says) as raised:
        found.memberships  # noqa: B018
    assert raised.value.resource == "memberships"
    assert "python -m medclusters.loader.prebuilt" in str(raised.value)
    assert len(found.clusters) == len(mc.load().clusters)  # the other tables stand
