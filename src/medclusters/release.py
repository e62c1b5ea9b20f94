"""Publish the dataset: integrity stamps and the release zips.

``stamp(folder)`` writes each resource's ``bytes`` and ``hash`` (sha256) into the folder's
``datapackage.json``; ``build(out)`` writes ``medclusters-data-<version>.zip`` (descriptor,
CSVs, its own dataset card, licence, data changelog and changelog, the tables as one SQLite
database and as Parquet files) and ``medclusters-data-<version>.public.zip``, the same
without the personal data of ``contacts`` and with the public edition's card. Building twice
gives byte-identical zips: entries are sorted and carry the dataset's own date, not the
clock's. Existing zips are replaced only when asked (``overwrite=True``, ``--force``).

Maintainers re-stamp after editing the data: ``medclusters release --stamp --source FOLDER``.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from medclusters.errors import PackageError, install_hint
from medclusters.package import bundled_path, load
from medclusters.records import PERSONAL
from medclusters.utils.files import refuse_inside, safe_path, taken, write_bytes

__all__ = ["INDEX", "PERSONAL", "build", "card", "index", "publish", "stamp"]

_EXTRA_FILES = ("LICENSE", "CHANGES.md", "CHANGELOG.md", "map.svg")
#: The other formats each edition carries beside the CSV files.
_COPIES = ("SQLite", "Parquet")


def card(
    source: str | Path | None = None, *, public: bool = False, copies: tuple[str, ...] = ()
) -> str:
    """The dataset card (README.md) of the package at ``source`` (the bundled one by
    default): coverage, counts, tables, conventions, every source, known gaps. ``public``
    writes the public edition's card, without ``contacts``; ``copies`` names the other
    formats an edition carries (``"SQLite"``, ``"Parquet"``)."""
    from medclusters.publish.card import render

    return render(load(source), public=public, copies=copies)


def _dump(descriptor: dict[str, Any]) -> bytes:
    return (json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _restamped(descriptor: dict[str, Any], files: dict[str, bytes]) -> dict[str, Any]:
    stamped = copy.deepcopy(descriptor)
    for entry in stamped["resources"]:
        data = files[entry["path"]]
        entry["bytes"] = len(data)
        entry["hash"] = "sha256:" + hashlib.sha256(data).hexdigest()
    return stamped


def stamp(folder: str | Path | None = None) -> bool:
    """Record each resource's size and sha256 in the folder's descriptor (the bundled package
    by default). Returns whether the descriptor changed."""
    from medclusters.io.limits import limits_of
    from medclusters.io.readers import open_reader
    from medclusters.loader.full import snapshot

    path = Path(folder) / "datapackage.json" if folder else bundled_path()
    package = snapshot(open_reader(path, limits_of()))
    text = _dump(_restamped(package.descriptor(), package.files))
    if text == path.read_bytes():
        return False
    write_bytes(path, text, overwrite=True)  # asked for: stamping rewrites the descriptor
    return True


def _date_time(descriptor: dict[str, Any]) -> tuple[int, int, int, int, int, int]:
    """The zip entries' timestamp: the dataset's ``created`` date (zip cannot go before 1980)."""
    created = str(descriptor.get("created", ""))[:10]
    try:
        year, month, day = (int(part) for part in created.split("-"))
    except ValueError:
        return (1980, 1, 1, 0, 0, 0)
    return (max(year, 1980), month, day, 0, 0, 0)


#: What a release's file names and top folder may be built of: no path separator, no "..".
_SAFE_NAME = re.compile(r"medclusters-data-[0-9A-Za-z][0-9A-Za-z.+-]*(?<!\.)")


def _extras(reader: Any, folder: Path) -> dict[str, bytes]:
    """The licence, changelogs and map an edition carries: from the zip itself when the
    package is a zip (never from beside it), from the package's folder or the one above it
    when it is a folder, and none for a package read from a URL (nothing more is fetched)."""
    from medclusters.io.readers import FolderReader, ZipReader

    extras: dict[str, bytes] = {}
    for name in _EXTRA_FILES:
        if isinstance(reader, ZipReader):
            try:
                extras[name] = reader.read(name, name)
            except PackageError:
                continue  # the zip does not carry it
        elif isinstance(reader, FolderReader):
            for candidate in (folder / name, folder.parent / name):
                if candidate.is_file():
                    extras[name] = candidate.read_bytes()
                    break
    return extras


def _write_zip(
    target: Path, top: str, entries: dict[str, bytes], when: tuple[int, ...], overwrite: bool
) -> None:
    for name in (top, *entries):  # a zip-slip archive is never written, whatever the names
        parts = name.split("/")
        if name.startswith(("/", "\\")) or ".." in parts or "\\" in name or ":" in parts[0]:
            raise PackageError(f"{name!r:.60} cannot be a name inside a release zip")
    with (
        safe_path(target, overwrite=overwrite) as temporary,
        zipfile.ZipFile(temporary, "w") as archive,
    ):
        for name in sorted(entries):
            info = zipfile.ZipInfo(f"{top}/{name}", date_time=when)  # type: ignore[arg-type]
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # unix, whatever builds it
            archive.writestr(info, entries[name], compresslevel=9)


def _edition(
    descriptor: dict[str, Any], files: dict[str, bytes], public: bool, extras: dict[str, bytes]
) -> dict[str, bytes]:
    """The files of one edition: descriptor, CSVs, its card, extra files, SQLite and Parquet."""
    from medclusters.publish.card import render

    edition = copy.deepcopy(descriptor)
    if public:
        edition["resources"] = [r for r in edition["resources"] if r["name"] not in PERSONAL]
        edition["description"] = (
            f"{edition.get('description', '')} Public edition: without the resources "
            f"{', '.join(sorted(PERSONAL))}, which hold personal data."
        ).strip()
    entries = {entry["path"]: files[entry["path"]] for entry in edition["resources"]}
    entries["datapackage.json"] = _dump(edition)
    entries.update(extras)
    with tempfile.TemporaryDirectory() as scratch:
        unpacked = Path(scratch) / "package"
        for name, data in entries.items():
            (unpacked / name).parent.mkdir(parents=True, exist_ok=True)
            (unpacked / name).write_bytes(data)
        dataset = load(unpacked)  # checks sizes, hashes, keys: what is published loads
        entries["README.md"] = render(dataset, public=public, copies=_COPIES).encode("utf-8")
        database = Path(scratch) / "medclusters.sqlite"
        dataset.to_sqlite(database)
        entries["medclusters.sqlite"] = database.read_bytes()
        for path in dataset.to_parquet(Path(scratch) / "parquet"):
            entries[f"parquet/{path.name}"] = path.read_bytes()
    return entries


def build(
    out: str | Path = "dist", source: str | Path | None = None, *, overwrite: bool = False
) -> tuple[Path, Path]:
    """Write the full and the public release zips into ``out``; return their paths.

    The package (the bundled one by default) is read through the loader's boundary and must
    load, and its descriptor must be stamped: the zips carry the sizes and hashes it
    declares. Needs pyarrow for the Parquet copies (``pip install 'medclusters[parquet]'``):
    an edition is never silently built without them. Existing zips are replaced only with
    ``overwrite``; ``out`` may not be inside the package.
    """
    from medclusters.io.limits import limits_of
    from medclusters.io.readers import open_reader
    from medclusters.loader.full import load_reader, snapshot

    try:
        import pyarrow  # noqa: F401 - checked before anything is written
    except ImportError:
        raise ImportError(
            f"building a release needs pyarrow for the Parquet copies: {install_hint('parquet')}"
        ) from None
    reader = open_reader(source if source is not None else bundled_path(), limits_of())
    package = snapshot(reader)
    dataset = load_reader(package)  # it must load, from the very bytes the zips will hold
    descriptor = dataset.descriptor
    files = package.files
    folder = Path(package.origin)
    target = Path(out)
    refuse_inside(target, package.origin)
    if _restamped(descriptor, files) != descriptor:
        raise PackageError(
            f"{package.label} does not declare the current size and sha256 of every resource: "
            f"run medclusters release --stamp --source {folder}"
        )
    version = str(descriptor.get("version", "0"))
    extras = _extras(reader, folder)
    top = f"medclusters-data-{version}"
    if not _SAFE_NAME.fullmatch(top):  # load() refuses such a version; checked again here
        raise PackageError(f"version {version!r:.60} cannot name a release file", field="version")
    full = target / f"{top}.zip"
    public = target / f"{top}.public.zip"
    for path in (full, public):
        if path.exists() and not overwrite:
            raise taken(path)
    target.mkdir(parents=True, exist_ok=True)
    when = _date_time(descriptor)
    _write_zip(full, top, _edition(descriptor, files, False, extras), when, overwrite)
    _write_zip(public, f"{top}.public", _edition(descriptor, files, True, extras), when, overwrite)
    return full, public


#: The index of an archive of releases, at its root.
INDEX = "index.json"
_SUMS = "SHA256SUMS"
_VERSION_FOLDER = re.compile(r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)")


def publish(
    root: str | Path = "releases", source: str | Path | None = None, *, overwrite: bool = False
) -> Path:
    """Keep a release in an archive of releases (the repository's ``releases/``), where it
    can be downloaded file by file; return its folder, ``root/<version>/``.

    The folder holds both zips of :func:`build` and, beside them, the full edition unpacked:
    ``datapackage.json`` (so the folder loads as a package), ``data/*.csv``,
    ``medclusters.sqlite``, ``parquet/``, the card, the licence and the changelogs; and
    ``SHA256SUMS`` of every file. ``root/index.json`` is then rewritten from every release
    folder in ``root``: versions, dates, files with sizes and hashes, and the newest as
    ``latest``. An existing release folder is replaced only with ``overwrite``.
    """
    import shutil

    root = Path(root)
    with tempfile.TemporaryDirectory(dir=_made(root), prefix=".publishing-") as scratch:
        staging = Path(scratch) / "release"
        full, _ = build(staging, source)
        version = full.name.removeprefix("medclusters-data-").removesuffix(".zip")
        if not _VERSION_FOLDER.fullmatch(version):
            raise PackageError(f"version {version!r:.60} is not one an archive keeps (X.Y.Z)")
        target = root / version
        if target.exists() and not overwrite:
            raise taken(target, f"{target} exists and is replaced only when asked (--force)")
        with zipfile.ZipFile(full) as archive:
            top = f"medclusters-data-{version}/"
            for info in archive.infolist():  # names checked when the zip was written
                if info.is_dir() or not info.filename.startswith(top):
                    continue
                path = staging / info.filename.removeprefix(top)
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(archive.read(info))
        files = sorted(path for path in staging.rglob("*") if path.is_file())
        lines = [
            f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(staging).as_posix()}"
            for p in files
        ]
        (staging / _SUMS).write_text("\n".join(lines) + "\n", encoding="utf-8")
        if target.exists():
            shutil.rmtree(target)
        staging.rename(target)
    write_bytes(root / INDEX, _dump(index(root)), overwrite=True)
    return target


def _made(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def index(root: str | Path = "releases") -> dict[str, Any]:
    """The index of an archive of releases: each ``root/<X.Y.Z>/`` folder with a
    ``SHA256SUMS``, newest first, with its date (the ``created`` of its descriptor) and its
    files (path from ``root``, bytes, sha256), and ``latest``, the newest version."""
    root = Path(root)
    releases = []
    folders = [p for p in root.iterdir() if p.is_dir() and _VERSION_FOLDER.fullmatch(p.name)]
    for folder in sorted(folders, key=lambda p: tuple(map(int, p.name.split("."))), reverse=True):
        sums = folder / _SUMS
        if not sums.is_file():
            continue
        files = []
        for line in sums.read_text(encoding="utf-8").splitlines():
            digest, name = line.split("  ", 1)
            files.append({"path": f"{folder.name}/{name}", "bytes": (folder / name).stat().st_size,
                          "sha256": digest})  # fmt: skip
        files.append({"path": f"{folder.name}/{_SUMS}", "bytes": sums.stat().st_size,
                      "sha256": hashlib.sha256(sums.read_bytes()).hexdigest()})  # fmt: skip
        releases.append({"version": folder.name, "date": _created(folder), "files": files})
    return {
        "latest": releases[0]["version"] if releases else None,
        "releases": releases,
    }


def _created(folder: Path) -> str | None:
    """The ``created`` date of the release in ``folder``, from its full zip's descriptor."""
    name = f"medclusters-data-{folder.name}"
    try:
        with zipfile.ZipFile(folder / f"{name}.zip") as archive:
            descriptor = json.loads(archive.read(f"{name}/datapackage.json"))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        return None
    created = str(descriptor.get("created") or "")[:10]
    return created or None
