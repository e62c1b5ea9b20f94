"""Publish the dataset: integrity stamps and the release zips.

``stamp(folder)`` writes each resource's ``bytes`` and ``hash`` (sha256) into the folder's
``datapackage.json``; ``build(out)`` writes ``medclusters-data-<version>.zip`` (descriptor,
CSVs, dataset card, licence, changelog, the tables as one SQLite database and, with pyarrow,
as Parquet files) and ``medclusters-data-<version>.public.zip``, the same without the personal
data of ``contacts``. Building twice gives byte-identical zips: entries are sorted and carry
the dataset's own date, not the clock's.

Maintainers re-stamp after editing the data: ``python -m medclusters.release --stamp``.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from medclusters.errors import PackageError
from medclusters.package import bundled_path, load

__all__ = ["PERSONAL", "build", "card", "stamp"]

#: Resources holding personal data, left out of the public edition.
PERSONAL = ("contacts",)
_EXTRA_FILES = ("README.md", "LICENSE", "CHANGES.md", "CHANGELOG.md")


def card(
    source: str | Path | None = None, *, public: bool = False, copies: tuple[str, ...] = ()
) -> str:
    """The dataset card (README.md) of the package at ``source`` (the bundled one by
    default): coverage, counts, tables, conventions, every source, known gaps. ``public``
    writes the public edition's card, without ``contacts``; ``copies`` names the other
    formats an edition carries (``"SQLite"``, ``"Parquet"``)."""
    from medclusters._card import render

    return render(load(source), public=public, copies=copies)


def _dump(descriptor: dict[str, Any]) -> bytes:
    return (json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _stamped(descriptor: dict[str, Any], folder: Path) -> dict[str, Any]:
    stamped = copy.deepcopy(descriptor)
    for entry in stamped["resources"]:
        data = (folder / entry["path"]).read_bytes()
        entry["bytes"] = len(data)
        entry["hash"] = "sha256:" + hashlib.sha256(data).hexdigest()
    return stamped


def stamp(folder: str | Path | None = None) -> bool:
    """Record each resource's size and sha256 in the folder's descriptor (the bundled package
    by default). Returns whether the descriptor changed."""
    path = Path(folder) / "datapackage.json" if folder else bundled_path()
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    text = _dump(_stamped(descriptor, path.parent))
    if text == path.read_bytes():
        return False
    path.write_bytes(text)
    return True


def _date_time(descriptor: dict[str, Any]) -> tuple[int, int, int, int, int, int]:
    """The zip entries' timestamp: the dataset's ``created`` date (zip cannot go before 1980)."""
    created = str(descriptor.get("created", ""))[:10]
    try:
        year, month, day = (int(part) for part in created.split("-"))
    except ValueError:
        return (1980, 1, 1, 0, 0, 0)
    return (max(year, 1980), month, day, 0, 0, 0)


def _write_zip(target: Path, top: str, entries: dict[str, bytes], when: tuple[int, ...]) -> None:
    with zipfile.ZipFile(target, "w") as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(f"{top}/{name}", date_time=when)  # type: ignore[arg-type]
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # unix, whatever builds it
            archive.writestr(info, entries[name], compresslevel=9)


def _edition(
    descriptor: dict[str, Any], folder: Path, leave_out: Iterable[str], extras: dict[str, bytes]
) -> dict[str, bytes]:
    """The files of one edition: descriptor, CSVs, extra files, SQLite and Parquet copies."""
    left_out = set(leave_out)
    edition = copy.deepcopy(descriptor)
    edition["resources"] = [r for r in edition["resources"] if r["name"] not in left_out]
    if left_out:
        edition["description"] = (
            f"{edition.get('description', '')} Public edition: without the resources "
            f"{', '.join(sorted(left_out))}, which hold personal data."
        ).strip()
    entries = {
        entry["path"]: (folder / entry["path"]).read_bytes() for entry in edition["resources"]
    }
    entries["datapackage.json"] = _dump(edition)
    entries.update(extras)
    with tempfile.TemporaryDirectory() as scratch:
        unpacked = Path(scratch) / "package"
        for name, data in entries.items():
            (unpacked / name).parent.mkdir(parents=True, exist_ok=True)
            (unpacked / name).write_bytes(data)
        dataset = load(unpacked)  # checks sizes, hashes, keys: what is published loads
        database = Path(scratch) / "medclusters.sqlite"
        dataset.to_sqlite(database)
        entries["medclusters.sqlite"] = database.read_bytes()
        try:
            parquet = dataset.to_parquet(Path(scratch) / "parquet")
        except ImportError:
            parquet = []  # pyarrow is optional; the release log says so
        for path in parquet:
            entries[f"parquet/{path.name}"] = path.read_bytes()
    return entries


def build(out: str | Path = "dist", source: str | Path | None = None) -> tuple[Path, Path]:
    """Write the full and the public release zips into ``out``; return their paths.

    The package (the bundled one by default) must be valid, and its descriptor stamped:
    the zips carry the sizes and hashes it declares, recomputed here and compared.
    """
    descriptor_path = Path(source) / "datapackage.json" if source else bundled_path()
    folder = descriptor_path.parent
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    if _stamped(descriptor, folder) != descriptor:
        raise PackageError(
            f"{descriptor_path} does not declare the current size and sha256 of every "
            "resource: run python -m medclusters.release --stamp"
        )
    version = str(descriptor.get("version", "0"))
    extras = {}
    for name in _EXTRA_FILES:
        for candidate in (folder / name, folder.parent / name):
            if candidate.is_file():
                extras[name] = candidate.read_bytes()
                break
    target = Path(out)
    target.mkdir(parents=True, exist_ok=True)
    when = _date_time(descriptor)
    top = f"medclusters-data-{version}"
    full = target / f"{top}.zip"
    public = target / f"{top}.public.zip"
    _write_zip(full, top, _edition(descriptor, folder, (), extras), when)
    _write_zip(public, f"{top}.public", _edition(descriptor, folder, PERSONAL, extras), when)
    return full, public


def main(argv: list[str] | None = None) -> None:
    """``python -m medclusters.release [--stamp] [--out dist]``."""
    parser = argparse.ArgumentParser(prog="python -m medclusters.release")
    parser.add_argument("--stamp", action="store_true", help="re-record sizes and hashes")
    parser.add_argument("--out", default="dist", help="folder for the zips (default: dist)")
    parser.add_argument("source", nargs="?", help="package folder (default: the bundled one)")
    args = parser.parse_args(argv)
    if args.stamp:
        changed = stamp(args.source)
        print("stamped" if changed else "already stamped")
        return
    for path in build(args.out, args.source):
        print(path)


if __name__ == "__main__":
    main()
