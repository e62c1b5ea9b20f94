"""Loading: the bundled package loads whole; a broken one raises PackageError saying where."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import medclusters as mc
from medclusters.records import RECORD_TYPES
from tests.helpers import modules_after, set_cell


def test_bundled_package_loads_every_resource() -> None:
    ds = mc.load()
    for name in RECORD_TYPES:
        rows = getattr(ds, name)
        assert isinstance(rows, tuple)
        assert rows, f"{name} is empty"
        assert all(isinstance(row, RECORD_TYPES[name]) for row in rows)
    assert ds.name == "medclusters"
    assert ds.version == "0.3.1"


def test_bundled_load_is_cached() -> None:
    assert mc.load() is mc.load()


def test_load_a_folder_or_a_descriptor(package_copy: Path) -> None:
    by_folder = mc.load(package_copy)
    by_descriptor = mc.load(package_copy / "datapackage.json")
    assert by_folder.clusters == by_descriptor.clusters == mc.load().clusters
    assert by_folder is not by_descriptor


def test_row_counts_match_the_csv_files(package_copy: Path) -> None:
    ds = mc.load(package_copy)
    for name in RECORD_TYPES:
        lines = (package_copy / "data" / f"{name}.csv").read_text(encoding="utf-8")
        import csv
        import io

        assert len(getattr(ds, name)) == len(list(csv.reader(io.StringIO(lines)))) - 1


BROKEN_CELLS = [
    ("clusters", 1, "established", "2012-13-01", "does not match the pattern"),
    ("clusters", 2, "established", "30 May 2013", "does not match the pattern"),
    ("clusters", 1, "established", "2013-02-29", "day is out of range"),
    ("clusters", 1, "has_formal_strategy", "yes", "not a boolean"),
    ("clusters", 1, "has_formal_strategy", "True", "not a boolean"),
    ("clusters", 1, "members_total", "sixty", "not an integer"),
    ("clusters", 1, "members_total", "60.0", "not an integer"),
    ("budgets", 1, "amount_eur", "3 022 842,70", "not a decimal"),
    ("labels", 1, "level", "platinum", "is not one of bronze, silver, gold"),
    ("clusters", 1, "name", "", "a value is required"),
    ("memberships", 3, "organisation_id", "nobody", "no row of 'organisations'"),
    ("clusters", 1, "source_id", "nowhere", "no row of 'sources'"),
    ("topics", 1, "term", "Quantum tourism", "no row of 'vocabularies'"),
    ("clusters", 2, "id", "lhtc", "duplicate primary key"),
    ("markets", 2, "country", "AZ", "duplicate primary key"),
]


@pytest.mark.parametrize(("resource", "row", "field", "value", "message"), BROKEN_CELLS)
def test_broken_cell_names_resource_row_field(
    package_copy: Path, resource: str, row: int, field: str, value: str, message: str
) -> None:
    set_cell(package_copy, resource, row, field, value)
    with pytest.raises(mc.PackageError, match=message) as caught:
        mc.load(package_copy)
    error = caught.value
    assert error.resource == resource
    assert error.row == row
    assert error.field is not None
    assert field in error.field
    assert f"resource {resource!r}" in str(error)
    assert f"row {row}" in str(error)
    if value:
        assert error.value is not None
        assert value in error.value


def test_wrong_header(package_copy: Path) -> None:
    path = package_copy / "data" / "markets.csv"
    text = path.read_text(encoding="utf-8").replace("name_as_given", "name", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(mc.PackageError, match=r"header .* \(missing \['name_as_given'\]") as caught:
        mc.load(package_copy)
    assert caught.value.resource == "markets"


def test_wrong_cell_count(package_copy: Path) -> None:
    path = package_copy / "data" / "languages.csv"
    path.write_text(path.read_text(encoding="utf-8") + "lhtc,de\n", encoding="utf-8")
    with pytest.raises(mc.PackageError, match="2 cells where the header has 4") as caught:
        mc.load(package_copy)
    assert (caught.value.resource, caught.value.row) == ("languages", 5)


def test_not_utf8(package_copy: Path) -> None:
    path = package_copy / "data" / "contacts.csv"
    path.write_bytes(path.read_bytes().replace("Ušpele".encode(), "Ušpele".encode("cp1257")))
    with pytest.raises(mc.PackageError, match="not UTF-8") as caught:
        mc.load(package_copy)
    assert caught.value.resource == "contacts"


def test_empty_file(package_copy: Path) -> None:
    (package_copy / "data" / "labels.csv").write_text("", encoding="utf-8")
    with pytest.raises(mc.PackageError, match="empty"):
        mc.load(package_copy)


def test_missing_file(package_copy: Path) -> None:
    (package_copy / "data" / "claims.csv").unlink()
    with pytest.raises(mc.PackageError, match="missing") as caught:
        mc.load(package_copy)
    assert caught.value.resource == "claims"


def _edit_descriptor(package: Path, edit: object) -> None:
    path = package / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    edit(descriptor)  # type: ignore[operator]
    path.write_text(json.dumps(descriptor), encoding="utf-8")


def test_missing_resource(package_copy: Path) -> None:
    _edit_descriptor(package_copy, lambda d: d["resources"].pop())
    with pytest.raises(mc.PackageError, match=r"lacks the resources \['citations'\]"):
        mc.load(package_copy)


def test_schema_that_disagrees_with_the_record(package_copy: Path) -> None:
    def rename(descriptor: dict) -> None:  # type: ignore[type-arg]
        descriptor["resources"][0]["schema"]["fields"][1]["name"] = "headline"

    _edit_descriptor(package_copy, rename)
    (package_copy / "data" / "sources.csv").write_text(
        (package_copy / "data" / "sources.csv")
        .read_text(encoding="utf-8")
        .replace("id,title", "id,headline", 1),
        encoding="utf-8",
    )
    with pytest.raises(mc.PackageError, match="disagree with the record Source"):
        mc.load(package_copy)


@pytest.mark.parametrize(
    ("path", "message"),
    [("../outside.csv", "leaves the package folder"), ("data/../../x.csv", "leaves the package"),
     ("/etc/passwd", "not relative to the package"), ("file:///etc/passwd", "not relative"),
     ("C:\\Windows\\win.ini", "not relative")],
)  # fmt: skip
def test_resource_path_may_not_leave_the_package(
    package_copy: Path, path: str, message: str
) -> None:
    def point_outside(descriptor: dict) -> None:  # type: ignore[type-arg]
        descriptor["resources"][0]["path"] = path

    _edit_descriptor(package_copy, point_outside)
    with pytest.raises(mc.PackageError, match=message) as caught:
        mc.load(package_copy)
    assert caught.value.resource == "sources"


def test_a_symlink_out_of_the_package_is_refused(package_copy: Path, tmp_path: Path) -> None:
    outside = tmp_path / "secret.csv"
    outside.write_text((package_copy / "data" / "sources.csv").read_text("utf-8"), "utf-8")
    (package_copy / "data" / "sources.csv").unlink()
    (package_copy / "data" / "sources.csv").symlink_to(outside)
    with pytest.raises(mc.PackageError, match="through a link"):
        mc.load(package_copy)


def test_descriptor_that_is_not_json(package_copy: Path) -> None:
    (package_copy / "datapackage.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(mc.PackageError, match="not a JSON data package descriptor"):
        mc.load(package_copy)


def test_descriptor_that_is_not_a_package(package_copy: Path) -> None:
    (package_copy / "datapackage.json").write_text('{"name": "x"}', encoding="utf-8")
    with pytest.raises(mc.PackageError, match="no list of resources"):
        mc.load(package_copy)


def test_no_descriptor(tmp_path: Path) -> None:
    with pytest.raises(mc.PackageError, match="no data package descriptor"):
        mc.load(tmp_path)


def test_package_error_is_a_value_error() -> None:
    assert issubclass(mc.PackageError, ValueError)
    assert issubclass(mc.PackageError, mc.MedclustersError)


def test_import_and_first_load_stay_light() -> None:
    """Importing loads none of the heavy modules, nor the readers; the bundled package loads
    from its prebuilt tables (no reader, no loader); each of the rest waits for first use."""
    assert modules_after("import medclusters") == set()
    assert modules_after("import medclusters as mc; mc.load()") == set()
    assert modules_after("import medclusters as mc; mc.load().cluster('lhtc')") == {
        "medclusters.index.indexes",
    }
    assert modules_after("import medclusters as mc; mc.load().clusters_targeting('LV')") == {
        "medclusters.index.indexes",
        "medclusters.countries",
    }
    assert modules_after("import medclusters as mc; mc.country('Łotwa')") == {
        "medclusters.countries"
    }
    assert "cattrs" in modules_after("import medclusters as mc; mc.make_converter()")


def test_versions_are_kept_apart() -> None:
    descriptor = json.loads(mc.bundled_path().read_text(encoding="utf-8"))
    assert mc.DATA_VERSION == descriptor["version"] == mc.load().version
    from medclusters.utils.version import __version__

    assert mc.__version__ == __version__
    assert "DATA_VERSION" in dir(mc)
    with pytest.raises(AttributeError, match="no attribute 'nonsense'"):
        mc.nonsense  # noqa: B018
