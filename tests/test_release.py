"""The release zips: contents, reproducibility, the public edition, integrity, loading by
path and by URL from a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

import medclusters as mc
from medclusters import release
from tests.helpers import serving

VERSION = mc.load().version


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    release.build(out)
    return out


@pytest.fixture(scope="module")
def full(dist: Path) -> Path:
    return dist / f"medclusters-data-{VERSION}.zip"


@pytest.fixture(scope="module")
def public(dist: Path) -> Path:
    return dist / f"medclusters-data-{VERSION}.public.zip"


def test_the_full_zip_holds_everything(full: Path) -> None:
    names = set(zipfile.ZipFile(full).namelist())
    top = f"medclusters-data-{VERSION}/"
    expected = {"datapackage.json", "README.md", "LICENSE", "CHANGES.md", "CHANGELOG.md", "map.svg"}
    expected.add("medclusters.sqlite")
    expected |= {f"data/{name}.csv" for name in mc.RECORD_TYPES}
    expected |= {f"parquet/{name}.parquet" for name in mc.RECORD_TYPES}
    assert names == {top + name for name in expected}


def test_building_twice_gives_identical_bytes(dist: Path, tmp_path: Path) -> None:
    again = release.build(tmp_path)
    for path in again:
        assert path.read_bytes() == (dist / path.name).read_bytes(), path.name


def test_every_resource_declares_size_and_sha256(full: Path) -> None:
    with zipfile.ZipFile(full) as archive:
        top = f"medclusters-data-{VERSION}/"
        descriptor = json.loads(archive.read(top + "datapackage.json"))
        for entry in descriptor["resources"]:
            data = archive.read(top + entry["path"])
            assert entry["bytes"] == len(data)
            assert entry["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()


@pytest.mark.slow
def test_the_public_edition_has_no_personal_data(public: Path) -> None:
    email = re.compile(rb"[\w.+-]+@[\w-]+\.[\w.]+")
    phone = re.compile(rb"\+\d[\d ()-]{7,}\d")
    with zipfile.ZipFile(public) as archive:
        names = archive.namelist()
        assert not any("contacts" in name for name in names)
        for name in names:
            data = archive.read(name)
            if name.endswith((".csv", ".json", ".md")):
                assert not email.findall(data), name
                assert not phone.findall(data), name
        contacts = mc.load().contacts
        everything = b"".join(archive.read(name) for name in names)
    assert contacts, "the full edition has contacts to leave out"
    for contact in contacts:
        for value in (contact.email, contact.telephone, contact.family_name):
            if value:  # as a word: a family name may be part of a company's ("Chiesi")
                word = rb"(?<!\w)" + re.escape(value.encode()) + rb"(?!\w)"
                assert not re.search(word, everything), value


def test_the_full_edition_scan_finds_what_the_public_one_leaves_out(full: Path) -> None:
    """The e-mail pattern above is not vacuous: it finds the contacts of the full edition."""
    with zipfile.ZipFile(full) as archive:
        data = archive.read(f"medclusters-data-{VERSION}/data/contacts.csv")
    assert re.findall(rb"[\w.+-]+@[\w-]+\.[\w.]+", data)


@pytest.mark.parametrize("edition", ["full", "public"])
def test_the_zips_load(edition: str, full: Path, public: Path) -> None:
    ds = mc.load(full if edition == "full" else public)
    assert len(ds.clusters) == len(mc.load().clusters)
    assert (len(ds.contacts) > 0) is (edition == "full")
    assert ds.version == VERSION


def test_the_unzipped_release_validates(full: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(full) as archive:
        archive.extractall(tmp_path)
    report = mc.validate(tmp_path / f"medclusters-data-{VERSION}")
    assert report.valid, str(report)


def test_the_sqlite_copy_has_keys(full: Path, tmp_path: Path) -> None:
    import sqlite3

    with zipfile.ZipFile(full) as archive:
        (tmp_path / "db.sqlite").write_bytes(
            archive.read(f"medclusters-data-{VERSION}/medclusters.sqlite")
        )
    db = sqlite3.connect(tmp_path / "db.sqlite")
    count = db.execute("SELECT count(*) FROM memberships").fetchone()[0]
    assert count == len(mc.load().memberships)
    foreign = db.execute("PRAGMA foreign_key_list(memberships)").fetchall()
    assert {row[2] for row in foreign} == {"clusters", "organisations", "sources"}


def test_a_flipped_byte_is_refused(full: Path, tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.zip"
    with zipfile.ZipFile(full) as source, zipfile.ZipFile(damaged, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.endswith("data/clusters.csv"):
                data = data.replace(b"Latvian", b"Latvien", 1)  # same size, other bytes
            target.writestr(info, data)
    with pytest.raises(mc.PackageError, match=r"sha256 is \w+ where the descriptor declares") as e:
        mc.load(damaged)
    assert e.value.resource == "clusters"


def test_an_edited_package_is_refused_until_restamped(stamped_copy: Path, tmp_path: Path) -> None:
    path = stamped_copy / "data" / "clusters.csv"
    path.write_bytes(path.read_bytes().replace(b"Latvian", b"Latvien", 1))
    with pytest.raises(mc.PackageError, match="damaged or changed"):
        mc.load(stamped_copy)
    with pytest.raises(mc.PackageError, match="--stamp"):
        release.build(tmp_path, stamped_copy)
    assert release.stamp(stamped_copy) is True
    assert release.stamp(stamped_copy) is False
    assert mc.load(stamped_copy).clusters[0].name.startswith("Latvien")


def test_a_changed_size_is_refused(stamped_copy: Path) -> None:
    path = stamped_copy / "data" / "sources.csv"
    path.write_bytes(path.read_bytes() + b"\n")
    with pytest.raises(mc.PackageError, match="bytes where the descriptor declares") as caught:
        mc.load(stamped_copy)
    assert caught.value.resource == "sources"


def test_the_bundled_descriptor_is_stamped() -> None:
    """Edited data without a re-stamp fails here (and in every load) rather than in a release."""
    assert release.stamp.__doc__
    descriptor = json.loads(mc.bundled_path().read_text(encoding="utf-8"))
    for entry in descriptor["resources"]:
        data = (mc.bundled_path().parent / entry["path"]).read_bytes()
        assert entry["hash"] == "sha256:" + hashlib.sha256(data).hexdigest(), entry["name"]


# -- over HTTP -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(dist: Path, full: Path) -> Iterator[str]:
    """A real HTTP server on 127.0.0.1 serving the release zips and an unzipped copy."""
    with zipfile.ZipFile(full) as archive:
        archive.extractall(dist / "unzipped")
    with serving(dist) as url:
        yield url


def test_load_the_zip_by_url(server: str) -> None:
    ds = mc.load(f"{server}/medclusters-data-{VERSION}.zip")
    assert [c.id for c in ds.clusters] == [c.id for c in mc.load().clusters]


def test_load_a_descriptor_by_url(server: str) -> None:
    ds = mc.load(f"{server}/unzipped/medclusters-data-{VERSION}/datapackage.json")
    assert len(ds.memberships) == len(mc.load().memberships)


def test_a_missing_url_is_a_package_error(server: str) -> None:
    with pytest.raises(mc.PackageError, match="404"):
        mc.load(f"{server}/nothing-here.zip")


def test_other_schemes_are_refused() -> None:
    with pytest.raises(mc.PackageError, match="only folders, zip files and http"):
        mc.load("file:///etc/passwd")
    with pytest.raises(mc.PackageError, match="only folders, zip files and http"):
        mc.load("ftp://example.org/package.zip")


def test_validate_a_zip_and_a_url(full: Path, server: str) -> None:
    assert mc.validate(full).valid
    report = mc.validate(f"{server}/medclusters-data-{VERSION}.zip")
    assert report.valid, str(report)
    assert report.source.endswith(".zip")
    broken = mc.validate(f"{server}/nothing-here.zip")
    assert not broken.valid
    assert broken.problems[0].code == "load-error"


def _card(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        top = archive.namelist()[0].split("/")[0]
        return archive.read(f"{top}/README.md").decode("utf-8")


def test_each_edition_has_its_own_card(full: Path, public: Path) -> None:
    full_card, public_card = _card(full), _card(public)
    assert "full edition" in full_card
    assert "public edition, without personal data" in public_card
    for card in (full_card, public_card):  # both list the copies inside, with their types
        assert "`medclusters.sqlite`" in card
        assert "`parquet/<resource>.parquet`" in card
        assert "`decimal128`" in card
        assert "`<field>_date`" in card
    # the full card describes contacts: a table row, a count, the personal data it holds
    assert "| `contacts` |" in full_card
    counts = next(line for line in public_card.splitlines() if line.startswith("Counts:"))
    assert "contacts" not in counts
    assert "contacts" in next(line for line in full_card.splitlines() if line.startswith("Counts"))
    assert "| `contacts` |" not in public_card
    assert "work telephone numbers" in full_card
    assert "work telephone numbers" not in public_card
    assert "This is the public edition: it leaves out `contacts`" in public_card
    assert f"{len(mc.RECORD_TYPES) - 1} CSV files" in public_card
    assert f"{len(mc.RECORD_TYPES)} CSV files" in full_card
    # and the card is the one the package's own data gives for that edition
    assert public_card == release.card(public, public=True, copies=("SQLite", "Parquet"))


def test_the_zips_carry_the_typed_copies(full: Path, public: Path, tmp_path: Path) -> None:
    import sqlite3
    from decimal import Decimal

    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    expected = sum(b.amount_eur for b in mc.load().budgets)
    for path in (full, public):
        with zipfile.ZipFile(path) as archive:
            top = archive.namelist()[0].split("/")[0]
            (tmp_path / "budgets.parquet").write_bytes(
                archive.read(f"{top}/parquet/budgets.parquet")
            )
            (tmp_path / "db.sqlite").write_bytes(archive.read(f"{top}/medclusters.sqlite"))
        table = pq.read_table(tmp_path / "budgets.parquet")
        assert pa.types.is_decimal(table.schema.field("amount_eur").type)
        assert sum(table.column("amount_eur").to_pylist()) == expected
        db = sqlite3.connect(tmp_path / "db.sqlite")
        texts = [row[0] for row in db.execute("SELECT amount_eur_text FROM budgets")]
        assert sum(map(Decimal, texts)) == expected
        (total,) = db.execute("SELECT sum(amount_eur) FROM budgets").fetchone()
        assert round(total, 2) == float(expected)
        columns = {row[1] for row in db.execute("PRAGMA table_info(clusters)")}
        assert {"established_date", "established_precision"} <= columns
        db.close()


def test_release_refuses_to_build_without_pyarrow(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without pyarrow there would be no Parquet copies: nothing is built, exit 4."""
    import sys

    from medclusters.cli import main

    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow raises ImportError
    with pytest.raises(ImportError, match=r"needs pyarrow.*medclusters\[parquet\]"):
        release.build(tmp_path / "dist")
    assert not (tmp_path / "dist").exists()
    assert main(["release", "--out", str(tmp_path / "dist")]) == 4
    err = capsys.readouterr().err
    assert err.startswith("error: building a release needs pyarrow")
    assert len(err.splitlines()) == 1
    assert not (tmp_path / "dist").exists()


# -- what a hostile package cannot make a release do ------------------------------------------


def _set_version(package: Path, version: str) -> None:
    path = package / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor["version"] = version
    path.write_text(json.dumps(descriptor), encoding="utf-8")


@pytest.mark.parametrize(
    "version", ["/../../escaped", "0.3.0/../x", "..", "1.0", "v1.0.0", "1.0.0 "]
)
def test_a_version_that_is_no_semantic_version_is_refused(
    version: str, stamped_copy: Path, tmp_path: Path
) -> None:
    """It would name the zips and their top folder: load(), validate() and release all say no,
    and nothing is written."""
    _set_version(stamped_copy, version)
    with pytest.raises(mc.PackageError, match="not a semantic version"):
        mc.load(stamped_copy)
    report = mc.validate(stamped_copy)
    assert not report.valid
    assert any("semantic version" in p.message for p in report.problems)
    out = tmp_path / "out"
    with pytest.raises(mc.PackageError):
        release.build(out, stamped_copy)
    assert not out.exists() or not any(out.iterdir())
    assert not any(tmp_path.parent.glob("*escaped*"))


def test_no_zip_entry_climbs_out(full: Path) -> None:
    for name in zipfile.ZipFile(full).namelist():
        assert not name.startswith("/"), name
        assert ".." not in name.split("/"), name


def test_a_zip_entry_name_is_checked_where_it_is_written(tmp_path: Path) -> None:
    from medclusters.release import _write_zip

    with pytest.raises(mc.PackageError, match="cannot be a name inside a release zip"):
        _write_zip(tmp_path / "x.zip", "top", {"../evil": b""}, (1980, 1, 1, 0, 0, 0), False)
    with pytest.raises(mc.PackageError, match="cannot be a name inside a release zip"):
        _write_zip(tmp_path / "x.zip", "/abs", {"a": b""}, (1980, 1, 1, 0, 0, 0), False)
    assert not (tmp_path / "x.zip").exists()


def test_a_release_from_a_zip_takes_every_file_from_the_zip(full: Path, tmp_path: Path) -> None:
    """The licence travels with the zip; a stray file beside it is not published."""
    beside = tmp_path / "in"
    beside.mkdir()
    copy = beside / full.name
    copy.write_bytes(full.read_bytes())
    (beside / "CHANGELOG.md").write_text("a stray file next to the zip\n", encoding="utf-8")
    (beside / "LICENSE").write_text("not the data licence\n", encoding="utf-8")
    rebuilt, _ = release.build(tmp_path / "out", copy)
    with zipfile.ZipFile(rebuilt) as archive, zipfile.ZipFile(full) as original:
        top = archive.namelist()[0].split("/")[0]
        licence = archive.read(f"{top}/LICENSE")
        assert licence == original.read(f"{top}/LICENSE")
        assert b"stray" not in archive.read(f"{top}/CHANGELOG.md")


RELEASES = Path(__file__).resolve().parent.parent / "releases"


def test_the_current_release_is_in_the_repository() -> None:
    """A data user can download the current version, file by file: both zips, the CSV
    files, SQLite, Parquet, all under their hashes, and the very data the package holds."""
    folder = RELEASES / VERSION
    sums: dict[str, str] = {}
    for line in (folder / "SHA256SUMS").read_text("utf-8").splitlines():
        digest, name = line.split("  ", 1)
        sums[name] = digest
    on_disk = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    assert set(sums) == on_disk - {"SHA256SUMS"}
    for name, digest in sums.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name
    for edition in ("", ".public"):
        assert mc.load(folder / f"medclusters-data-{VERSION}{edition}.zip").version == VERSION
    unpacked = mc.load(folder)  # the folder itself is the full edition
    assert unpacked.version == VERSION
    for path in sorted((mc.bundled_path().parent / "data").iterdir()):
        assert (folder / "data" / path.name).read_bytes() == path.read_bytes(), path.name
    with sqlite3.connect(folder / "medclusters.sqlite") as connection:
        count = connection.execute("SELECT count(*) FROM clusters").fetchone()[0]
    assert count == len(unpacked.clusters)
    assert {p.stem for p in (folder / "parquet").glob("*.parquet")} == {
        r["name"] for r in unpacked.descriptor["resources"]
    }


def test_the_index_of_releases_is_true() -> None:
    """releases/index.json: every release folder, newest first, each file's size and hash
    as on disk; ``latest`` is the bundled version; it is what release.index() makes."""
    listed = json.loads((RELEASES / release.INDEX).read_text(encoding="utf-8"))
    assert listed == release.index(RELEASES)
    assert listed["latest"] == VERSION
    versions = [r["version"] for r in listed["releases"]]
    assert versions[0] == VERSION
    assert {"0.1.0", "0.2.0"} <= set(versions)
    for entry in listed["releases"]:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", entry["date"])
        for file in entry["files"]:
            data = (RELEASES / file["path"]).read_bytes()
            assert len(data) == file["bytes"]
            assert hashlib.sha256(data).hexdigest() == file["sha256"]


@pytest.mark.parametrize(("version", "commit"), [("0.1.0", "f96bf68"), ("0.2.0", "2ab743e")])
def test_an_earlier_release_says_which_library_reads_it(version: str, commit: str) -> None:
    with pytest.raises(mc.PackageError) as caught:
        mc.load(RELEASES / version / f"medclusters-data-{version}.zip")
    from medclusters.utils.version import DATASET_VERSION

    message = str(caught.value)
    assert f"the package is dataset {version}" in message
    assert f"this library reads dataset {DATASET_VERSION} and later" in message
    assert f"commit {commit}" in message
    assert mc.diff(RELEASES / version / f"medclusters-data-{version}.zip", mc.bundled_path())


def test_the_library_reads_the_dataset_version_it_says() -> None:
    from medclusters.utils.version import DATASET_VERSION, older_than_read

    # the bundled package is of the version the records are, or a patch of it (0.3.1 fixed
    # the descriptor's list of sources only)
    assert DATASET_VERSION.split(".")[:2] == VERSION.split(".")[:2]
    assert DATASET_VERSION.split(".")[2] <= VERSION.split(".")[2]
    assert older_than_read(VERSION) == ""
    assert older_than_read(DATASET_VERSION) == ""
    assert mc.load(RELEASES / DATASET_VERSION / f"medclusters-data-{DATASET_VERSION}.zip")
    assert older_than_read("9.0.0") == ""
    assert older_than_read("not a version") == ""
    assert "an earlier release of the library" in older_than_read("0.0.1")


@pytest.mark.slow
def test_publish_keeps_a_release_file_by_file(tmp_path: Path) -> None:
    root = tmp_path / "releases"
    folder = release.publish(root)
    assert folder == root / VERSION
    assert mc.load(folder).version == VERSION
    assert (folder / "data" / "clusters.csv").read_bytes() == (
        mc.bundled_path().parent / "data" / "clusters.csv"
    ).read_bytes()
    listed = json.loads((root / release.INDEX).read_text(encoding="utf-8"))
    assert listed["latest"] == VERSION
    assert [p.name for p in root.iterdir() if p.name.startswith(".")] == []  # no scratch left
    with pytest.raises(FileExistsError) as caught:
        release.publish(root)
    assert "replaced only when asked (--force)" in caught.value.args[0]
    assert release.publish(root, overwrite=True) == folder

    # the data of one version is the same, byte for byte, each time it is published (the
    # library's changelog it carries grows after)
    def data(sums: Path) -> list[str]:
        lines = sums.read_text(encoding="utf-8").splitlines()
        return [line for line in lines if line.endswith(("datapackage.json", ".csv"))]

    assert data(folder / "SHA256SUMS") == data(RELEASES / VERSION / "SHA256SUMS")


def test_every_relative_link_to_the_releases_resolves() -> None:
    """The README's and releases/README.md's links to downloads point at files that exist."""
    root = RELEASES.parent
    for document in (root / "README.md", RELEASES / "README.md", root / "docs" / "publishing.md"):
        text = document.read_text(encoding="utf-8")
        links = re.findall(r"\]\(([^)#\s]+)\)", text)
        local = [link for link in links if "://" not in link and not link.startswith("mailto:")]
        assert local, document
        for link in local:
            assert (document.parent / link).exists(), f"{document.name}: {link}"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("change", "loads"),
    [
        ({"licenses": ["CC-BY-4.0"], "sources": ["https://example.org/a"]}, True),
        ({"licenses": "CC-BY-4.0"}, True),
        ({"sources": [{"title": None}]}, True),
        ({"version": "1.0"}, False),
        ({"resources": "nope"}, False),
    ],
)
def test_release_answers_in_one_line_on_any_descriptor(
    change: dict[str, object],
    loads: bool,
    stamped_copy: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """On a package ``load()`` accepts, the zips are built; on one it refuses, one error
    line: never a traceback (plain-string licences and sources once gave one)."""
    from medclusters.cli import main

    path = stamped_copy / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor.update(change)
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    try:
        mc.load(stamped_copy)
        accepted = True
    except mc.PackageError:
        accepted = False
    assert accepted is loads
    code = main(["release", "--source", str(stamped_copy), "--out", str(tmp_path / "out")])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    if loads:
        assert code == 0, captured.err
        for built in (tmp_path / "out").glob("*.zip"):
            assert len(mc.load(built).clusters) == len(mc.load().clusters)
    else:
        assert code == 1
        assert len(captured.err.strip().splitlines()) == 1
        assert captured.err.startswith("error: ")
