"""The boundary (medclusters.io.readers): what a package may make the reader open, how much
it may make it read, and what a zip may hold. Each case names what it must produce."""

from __future__ import annotations

import gc
import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import medclusters as mc
from medclusters.io.files import read_regular
from medclusters.io.limits import Limits
from medclusters.io.readers import clean_path, parse_json
from tests.helpers import package_entries, zip_of

# -- what may be opened ------------------------------------------------------------------------


def _point(package: Path, resource: str, path: str) -> None:
    descriptor_path = package / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    next(r for r in descriptor["resources"] if r["name"] == resource)["path"] = path
    descriptor_path.write_text(json.dumps(descriptor), encoding="utf-8")


def _refused_fast(source: object, match: str, **options: object) -> mc.PackageError:
    started = time.perf_counter()
    with pytest.raises(mc.PackageError, match=match) as caught:
        mc.load(source, **options)  # type: ignore[arg-type]
    assert time.perf_counter() - started < 5
    return caught.value


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_in_the_package_is_refused_without_blocking(package_copy: Path) -> None:
    fifo = package_copy / "data" / "pipe.csv"
    os.mkfifo(fifo)
    _point(package_copy, "sources", "data/pipe.csv")
    error = _refused_fast(package_copy, "not a regular file")
    assert error.resource == "sources"


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="no Unix sockets on this system")
def test_a_socket_in_the_package_is_refused(package_copy: Path, tmp_path: Path) -> None:
    path = package_copy / "data" / "s.csv"
    if len(str(path)) > 100:  # Unix socket paths are short
        pytest.skip("temporary path too long for a socket")
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        _point(package_copy, "sources", "data/s.csv")
        error = _refused_fast(package_copy, "cannot open|not a regular file")
        assert error.resource == "sources"
    finally:
        server.close()


def test_a_device_is_not_read(package_copy: Path) -> None:
    """A link to /dev/zero leaves the package; read directly, a device is not a file."""
    (package_copy / "data" / "zero.csv").symlink_to("/dev/zero")
    _point(package_copy, "sources", "data/zero.csv")
    _refused_fast(package_copy, "leaves the package folder")
    with pytest.raises(mc.PackageError, match="not a regular file"):
        read_regular("/dev/zero", 1000, "x", "/dev/zero")


def test_a_symlink_loop_is_a_package_error(package_copy: Path) -> None:
    (package_copy / "data" / "a.csv").symlink_to(package_copy / "data" / "b.csv")
    (package_copy / "data" / "b.csv").symlink_to(package_copy / "data" / "a.csv")
    _point(package_copy, "sources", "data/a.csv")
    error = _refused_fast(package_copy, "cannot open|leaves the package")
    assert error.resource == "sources"


def test_a_long_path_is_a_package_error(package_copy: Path) -> None:
    _point(package_copy, "sources", "/".join(["d" * 200] * 5) + ".csv")
    _refused_fast(package_copy, "missing|cannot open|longer than")


@pytest.mark.parametrize(
    ("source", "match"),
    [
        ("pack\x00age", "no data package descriptor"),
        ("x" * 5000, "cannot read"),
        ("file:///etc/passwd", "only folders, zip files and http"),
        ("ftp://x/y", "only folders, zip files and http"),
    ],
)
def test_a_hostile_source_argument_is_a_package_error(source: str, match: str) -> None:
    _refused_fast(source, match)


@pytest.mark.parametrize(
    ("path", "refused"),
    [
        ("data/clusters.csv", None),
        ("data/Ärzte 2024.csv", None),  # letters of any script, spaces: fine
        ("../x.csv", "leaves"),
        ("data/../../x.csv", "leaves"),
        ("./x.csv", "leaves"),
        ("data//x.csv", "leaves"),
        ("/etc/passwd", "absolute"),
        ("C:/x.csv", "absolute"),
        ("http://h/x.csv", "absolute"),
        ("data/%2e%2e/x.csv", "'%'"),
        ("data\\x.csv", "'\\\\\\\\'"),
        ("data/\u2024\u2024/x.csv", "stand for others"),  # one-dot leaders
        ("data/\uff0e\uff0e/x.csv", "stand for others"),  # full-width full stops
        ("data/\u2215x.csv", "stand for others"),  # division slash
        ("data/\u202ex.csv", "u202e"),
        ("data/x\x07.csv", "x07"),
        ("", "not a file path"),
    ],
)
def test_clean_path(path: str, refused: str | None) -> None:
    if refused is None:
        assert clean_path(path, "r") == path
    else:
        with pytest.raises(mc.PackageError, match=refused):
            clean_path(path, "r")


# -- how much may be read ---------------------------------------------------------------------


def test_limits_are_checked_and_named() -> None:
    with pytest.raises(ValueError, match="max_rows must be a positive number"):
        Limits(max_rows=0)
    with pytest.raises(ValueError, match="timeout"):
        Limits(timeout=True)
    assert Limits(timeout=3).download_deadline == 30
    assert Limits(deadline=5).download_deadline == 5


def test_rows_and_cells_are_counted_before_parsing(package_copy: Path) -> None:
    csv_path = package_copy / "data" / "statements.csv"
    csv_path.write_bytes(csv_path.read_bytes() + b"\n" * 2000)
    with pytest.raises(mc.PackageError, match=r"may hold 2,[0-9]{3} rows, over the limit of 1,000"):
        mc.load(package_copy, limits=Limits(max_rows=1000))
    with pytest.raises(mc.PackageError, match="cells, over the limit of 500") as caught:
        mc.load(package_copy, limits=Limits(max_cells=500))
    assert caught.value.resource in mc.RECORD_TYPES


def test_the_descriptor_has_its_own_cap(package_copy: Path) -> None:
    with pytest.raises(mc.PackageError, match="over the limit of 1,000"):
        mc.load(package_copy, limits=Limits(max_descriptor_bytes=1000))


def test_all_files_together_have_a_cap(package_copy: Path) -> None:
    with pytest.raises(
        mc.PackageError, match="left under the limit on all the package's files together"
    ):
        mc.load(package_copy, limits=Limits(max_total_bytes=100_000))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (b'{"resources": [], "resources": []}', "repeats the key 'resources'"),
        (b'{"a": NaN}', "NaN is not a JSON number"),
        (b'{"a": Infinity}', "Infinity is not a JSON number"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply|not a JSON object"),
        (b'{"a": ' + b"[" * 100 + b"]" * 100 + b"}", "nested more than 64 levels"),
        (b"\xff\xfe", "not a JSON"),
        (b"[]", "not a JSON object"),
    ],
)
def test_descriptor_json_is_read_strictly(text: bytes, message: str) -> None:
    with pytest.raises(mc.PackageError, match=message):
        parse_json(text, "descriptor", 64)


# -- what a zip may hold ------------------------------------------------------------------------


def _load_zip(tmp_path: Path, data: bytes, **options: object) -> mc.Dataset:
    path = tmp_path / "package.zip"
    path.write_bytes(data)
    return mc.load(path, **options)  # type: ignore[arg-type]


def test_a_good_zip_loads(tmp_path: Path) -> None:
    assert len(_load_zip(tmp_path, zip_of(package_entries())).clusters) == len(mc.load().clusters)


def test_too_many_members(tmp_path: Path) -> None:
    entries = list(package_entries().items()) + [(f"p/extra/{n}", b"") for n in range(100)]
    with pytest.raises(mc.PackageError, match="members, over the limit of 50"):
        _load_zip(tmp_path, zip_of(entries), limits=Limits(max_members=50))


def test_a_member_twice(tmp_path: Path) -> None:
    entries = list(package_entries().items())
    entries.append(("p/data/clusters.csv", b"id\nx\n"))
    with pytest.warns(UserWarning, match="Duplicate name"):
        data = zip_of(entries)
    with pytest.raises(mc.PackageError, match="holds the member 'p/data/clusters\\.csv' twice"):
        _load_zip(tmp_path, data)


def test_two_packages_in_one_zip(tmp_path: Path) -> None:
    entries = {**package_entries("a/"), **package_entries("b/")}
    with pytest.raises(mc.PackageError, match="holds 2 packages"):
        _load_zip(tmp_path, zip_of(entries))


def _patch_member(data: bytes, name: bytes, offset_local: int, value: bytes) -> bytes:
    """Overwrite a field of both headers (local at ``offset_local``, central at +2) of one
    member."""
    raw = bytearray(data)
    for header, name_at, field_at in (
        (b"PK\x03\x04", 30, offset_local),
        (b"PK\x01\x02", 46, offset_local + 2),
    ):
        start = 0
        while (start := raw.find(header, start)) != -1:
            if raw[start + name_at : start + name_at + len(name)] == name:
                raw[start + field_at : start + field_at + len(value)] = value
            start += 4
    return bytes(raw)


def test_an_encrypted_member(tmp_path: Path) -> None:
    data = zip_of(package_entries())
    data = _patch_member(data, b"p/data/clusters.csv", 6, (1).to_bytes(2, "little"))  # flag bit 0
    with pytest.raises(mc.PackageError, match="encrypted") as caught:
        _load_zip(tmp_path, data)
    assert caught.value.resource == "clusters"


def test_an_unknown_compression_method(tmp_path: Path) -> None:
    data = zip_of(package_entries())
    data = _patch_member(data, b"p/data/clusters.csv", 8, (99).to_bytes(2, "little"))
    with pytest.raises(mc.PackageError, match=r"cannot be unpacked|not a readable zip"):
        _load_zip(tmp_path, data)


def test_corrupt_deflate_data(tmp_path: Path) -> None:
    data = bytearray(zip_of(package_entries()))
    start = data.find(b"p/data/clusters.csv") + len(b"p/data/clusters.csv")
    data[start + 10 : start + 60] = b"\xff" * 50
    with pytest.raises(mc.PackageError, match=r"cannot be unpacked|sha256|not a readable zip"):
        _load_zip(tmp_path, bytes(data))


def test_a_truncated_zip(tmp_path: Path) -> None:
    data = zip_of(package_entries())
    with pytest.raises(mc.PackageError, match="not a readable zip"):
        _load_zip(tmp_path, data[: len(data) // 2])


def test_a_small_zip_of_empty_rows_is_refused_by_count(tmp_path: Path) -> None:
    """40 MiB of newlines zip to about 40 KB; they are counted, not parsed into a list of
    lists that would take gigabytes."""
    entries = package_entries(stamped=False)
    entries["p/data/statements.csv"] += b"\n" * (40 * 2**20)
    data = zip_of(entries)
    assert len(data) < 2**20
    started = time.perf_counter()
    with pytest.raises(mc.PackageError, match="rows, over the limit of 1,000,000") as caught:
        _load_zip(tmp_path, data)
    assert caught.value.resource == "statements"
    assert time.perf_counter() - started < 10


# -- threads ---------------------------------------------------------------------------------


def test_the_collector_pause_is_safe_under_threads() -> None:
    """Loads running at once in threads leave the collector on when the last one ends."""
    assert gc.isenabled()
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(3):
                mc.load(mc.bundled_path())
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=work) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert gc.isenabled()


# -- bombs, under a memory limit and a timeout --------------------------------------------------

_BOMBS = r"""
import json, resource, signal, sys, time
from pathlib import Path
resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
signal.alarm(120)
import medclusters as mc
from tests.helpers import package_entries as entries, zip_of as zipped
out = Path(sys.argv[1])
bombs = {}
rows = entries(stamped=False); rows["p/data/markets.csv"] += b"\n" * (40 * 2**20)
bombs["rows.zip"] = zipped(rows); del rows
cells = entries(stamped=False); cells["p/data/markets.csv"] += b"," * (30 * 2**20)
bombs["cells.zip"] = zipped(cells); del cells
many = entries(); many.update({f"p/x/{n}": b"" for n in range(12_000)})
bombs["members.zip"] = zipped(many)
big = entries()
big["p/datapackage.json"] = b'{"resources": [], "pad": "' + b"x" * (40 * 2**20) + b'"}'
bombs["descriptor.zip"] = zipped(big)
deep = entries(); deep["p/datapackage.json"] = b"[" * 2_000_000 + b"]" * 2_000_000
bombs["deep.zip"] = zipped(deep)
pattern = entries(stamped=False)
evil = json.loads(pattern["p/datapackage.json"])
evil["resources"][1]["schema"]["fields"][1]["constraints"]["pattern"] = "(a+)+b"
pattern["p/datapackage.json"] = json.dumps(evil).encode()
lines = pattern["p/data/clusters.csv"].split(b"\n")
cells_ = lines[1].split(b",")
cells_[1] = b"a" * 40
lines[1] = b",".join(cells_)
pattern["p/data/clusters.csv"] = b"\n".join(lines)
bombs["pattern.zip"] = zipped(pattern)
for name, data in bombs.items():
    (out / name).write_bytes(data)
    started = time.perf_counter()
    try:
        mc.load(out / name)
    except mc.PackageError as error:
        print(name, round(time.perf_counter() - started, 2), str(error)[:400].replace(chr(10), " "))
    else:
        print(name, "LOADED")
"""


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_AS is reliable on Linux")
def test_bombs_are_refused_within_a_memory_limit_and_a_timeout(tmp_path: Path) -> None:
    """Zip, descriptor and schema bombs, each refused by a PackageError in a process that
    may not take more than 1.5 GiB of address space nor run more than two minutes."""
    limit = 1536 * 2**20
    result = subprocess.run(
        [sys.executable, "-c", _BOMBS.replace("MEMORY", str(limit)), str(tmp_path)],
        cwd=Path(__file__).resolve().parent.parent,  # where the tests package is importable
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    outcomes = {line.split(" ", 1)[0]: line for line in result.stdout.splitlines()}
    assert set(outcomes) == {"rows.zip", "cells.zip", "members.zip", "descriptor.zip",
                             "deep.zip", "pattern.zip"}, result.stdout  # fmt: skip
    for name, line in outcomes.items():
        assert "LOADED" not in line or name == "pattern.zip", line
        if "LOADED" not in line:
            seconds = float(line.split(" ")[1])
            assert seconds < 20, line
    assert "rows, over the limit" in outcomes["rows.zip"]
    assert "cells, over the limit" in outcomes["cells.zip"]
    assert "members, over the limit" in outcomes["members.zip"]
    assert "over the limit of 16,777,216" in outcomes["descriptor.zip"]
    assert "nested" in outcomes["deep.zip"] or "not a data package" in outcomes["deep.zip"]
    # with google-re2 the evil pattern is matched in linear time (the cell does not match:
    # refused by the pattern); without it, the pattern is refused before any matching
    assert (
        "does not match the pattern" in outcomes["pattern.zip"]
        or "repeats a repetition" in outcomes["pattern.zip"]
    )
