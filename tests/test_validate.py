"""Validation: the bundled package is clean; each domain rule finds what it should, all at once."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

import medclusters as mc
from medclusters.io.rules import text_problems
from tests.helpers import set_cell


@pytest.fixture(scope="module")
def bundled_report() -> mc.Report:
    return mc.validate()


def test_bundled_package_is_valid(bundled_report: mc.Report) -> None:
    assert bundled_report.problems == ()
    assert bundled_report.valid
    assert str(bundled_report).endswith(": valid")


def _codes(report: mc.Report) -> list[str]:
    return [problem.code for problem in report.problems]


def test_member_counts_must_add_up(package_copy: Path) -> None:
    set_cell(package_copy, "clusters", 1, "members_sme", "30")
    set_cell(package_copy, "clusters", 1, "members_startups", "40")
    report = mc.validate(package_copy)
    problems = [p for p in report.problems if p.code == "member-counts"]
    assert {p.field for p in problems} == {"members_total", "members_startups", "members_sme"} - {
        "members_sme"
    }
    assert all(p.resource == "clusters" and p.row == 1 for p in problems)
    assert "= 59, not members_total 60" in str(report)


def test_unknown_codes(package_copy: Path) -> None:
    set_cell(package_copy, "markets", 1, "country", "XK")  # user-assigned, not ISO 3166-1
    set_cell(package_copy, "languages", 1, "language", "xx")
    report = mc.validate(package_copy)
    assert _codes(report) == ["country-code", "country-name", "language-code"]
    assert (report.problems[0].resource, report.problems[0].row, report.problems[0].value) == (
        "markets",
        1,
        "XK",
    )


def test_market_names_as_given_must_name_their_code(package_copy: Path) -> None:
    set_cell(package_copy, "markets", 1, "name_as_given", "Kasachstan")  # German: KZ, not AZ
    set_cell(package_copy, "markets", 2, "name_as_given", "CIS")  # a group, not a country
    report = mc.validate(package_copy)
    assert [(p.code, p.row, p.value) for p in report.problems] == [
        ("country-name", 1, "Kasachstan"),
        ("country-name", 2, "CIS"),
    ]
    assert "names KZ, not AZ" in str(report)


def test_mixed_script_and_spaces(package_copy: Path) -> None:
    set_cell(package_copy, "organisations", 25, "name", "DERMATOLOGY \u0421LINIC")
    set_cell(package_copy, "clusters", 2, "region", "Vilnius\u00a0region")
    report = mc.validate(package_copy)
    messages = [str(p) for p in report.problems if p.code == "text"]
    assert len(messages) == 2
    assert "CYRILLIC and LATIN" in messages[0] or "CYRILLIC and LATIN" in messages[1]
    assert any("no-break space" in m for m in messages)


@pytest.mark.slow
def test_a_link_with_two_parties_is_refused_at_load(package_copy: Path) -> None:
    set_cell(package_copy, "collaborations", 1, "partner_organisation_id", "eccp")
    report = mc.validate(package_copy)
    assert _codes(report) == ["load-error"]
    (problem,) = report.problems
    assert (problem.resource, problem.row, problem.field) == (
        "collaborations",
        1,
        "partner_cluster_id",
    )
    assert "exactly one of partner_cluster_id, partner_organisation_id" in problem.message


def test_claims_must_name_a_real_row(package_copy: Path) -> None:
    set_cell(package_copy, "claims", 1, "subject_id", "nobody")
    report = mc.validate(package_copy)
    assert _codes(report) == ["subject"]


@pytest.mark.slow
def test_frictionless_and_load_errors_are_reported_together(package_copy: Path) -> None:
    set_cell(package_copy, "clusters", 1, "established", "2012-13-01")
    set_cell(package_copy, "labels", 1, "level", "platinum")
    report = mc.validate(package_copy)
    codes = _codes(report)
    # frictionless checks the enum; patterns are the loader's (an engine that cannot hang)
    assert codes.count("frictionless:constraint-error") == 1
    assert codes[-1] == "load-error"
    rows = {(p.resource, p.row, p.field) for p in report.problems}
    assert rows == {("clusters", 1, "established"), ("labels", 1, "level")}
    assert not report.valid


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ušpele", []),
        ("Łódź", []),
        ("Гродно", []),
        ("x ", ["leading or trailing white space"]),
        ("Cafe\u0301", ["not in Unicode NFC"]),
        ("1\u202f000", ["contains a narrow no-break space (U+202F)"]),
        ("line one\nline two\tend", []),  # notes may have lines and tabs
        ("A\x1b[2JB", ["contains the control character U+001B"]),
        (
            "A\x85B\x85",
            ["leading or trailing white space", "contains the control character U+0085"],
        ),
        ("abc\u202edef", ["contains the bidirectional control U+202E"]),
        ("\u05e9\u05dc\u05d5\u05dd\u200f", []),  # a right-to-left mark is ordinary Hebrew
    ],
)
def test_text_problems(text: str, expected: list[str]) -> None:
    assert text_problems(text) == expected


@pytest.mark.slow
def test_the_bundled_package_passes_frictionless_row_by_row_too() -> None:
    """The full run: frictionless's table checks on a package that loads find nothing the
    loader let through (the loader enforces every constraint it admits)."""
    report = mc.validate(full=True)
    assert report.valid, str(report)


def test_the_descriptor_is_checked_against_the_profile_every_time(package_copy: Path) -> None:
    descriptor_path = package_copy / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    descriptor["licenses"] = [{"title": "no name and no path"}]
    descriptor_path.write_text(json.dumps(descriptor), encoding="utf-8")
    mc.load(package_copy)  # the loader does not read licenses
    codes = _codes(mc.validate(package_copy))
    assert codes
    assert all(code.startswith("frictionless:") for code in codes), codes


def test_the_profile_verdict_on_a_descriptor_is_remembered(
    package_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """frictionless checks a descriptor once per process: a second validate() of the same
    descriptor asks it nothing and reports the same; a changed descriptor is checked anew;
    frictionless failing is reported and not remembered."""
    import frictionless

    from medclusters import validation

    monkeypatch.setattr(validation, "_VERDICTS", {})
    real = frictionless.Package.validate_descriptor
    calls: list[object] = []

    def counted(descriptor: dict[str, Any]) -> object:
        calls.append(descriptor)
        return real(descriptor)

    monkeypatch.setattr(frictionless.Package, "validate_descriptor", counted)
    first = mc.validate(package_copy)
    second = mc.validate(package_copy)
    assert first.problems == second.problems
    assert len(calls) == 1
    descriptor_path = package_copy / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    descriptor["licenses"] = [{"title": "no name and no path"}]
    descriptor_path.write_text(json.dumps(descriptor), encoding="utf-8")
    assert _codes(mc.validate(package_copy))
    assert len(calls) == 2

    def failing(descriptor: dict[str, Any]) -> object:
        raise RuntimeError("frictionless broke")

    monkeypatch.setattr(frictionless.Package, "validate_descriptor", failing)
    descriptor["title"] = "another descriptor"
    descriptor_path.write_text(json.dumps(descriptor), encoding="utf-8")
    assert "frictionless-error" in _codes(mc.validate(package_copy))
    monkeypatch.setattr(frictionless.Package, "validate_descriptor", counted)
    assert "frictionless-error" not in _codes(mc.validate(package_copy))
    assert len(calls) == 3
    assert len(validation._VERDICTS) == 3
    for number in range(20):  # at most 16 verdicts are kept
        descriptor["title"] = f"descriptor {number}"
        descriptor_path.write_text(json.dumps(descriptor), encoding="utf-8")
        mc.validate(package_copy)
    assert len(validation._VERDICTS) == 16


def test_a_constraint_the_loader_does_not_enforce_is_refused(package_copy: Path) -> None:
    descriptor_path = package_copy / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    field = descriptor["resources"][1]["schema"]["fields"][0]
    field.setdefault("constraints", {})["exclusiveMinimum"] = 3
    descriptor_path.write_text(json.dumps(descriptor), encoding="utf-8")
    with pytest.raises(mc.PackageError, match="'exclusiveMinimum' is not enforced"):
        mc.load(package_copy)


def test_validate_leaves_the_csv_field_limit_as_it_found_it() -> None:
    """Importing frictionless raises the csv module's field size limit for the whole process;
    validate() puts it back, so load() accepts the same cells before and after it."""
    import subprocess
    import sys

    code = (
        "import csv, medclusters as mc; before = csv.field_size_limit(); mc.validate(); "
        "print(before, csv.field_size_limit())"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    before, after = out.stdout.split()
    assert before == after == "131072"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("resource", "row", "field", "twin"),
    [
        ("clusters", 2, "id", "lhtc\u200b"),  # zero-width space
        ("vocabularies", 2, "term", "Cardio\u00adlogy"),  # a soft hyphen
        ("cluster_names", 2, "name", "Latvian Health Tourism Cluster\ufeff"),
    ],
)
def test_keys_a_reader_cannot_tell_apart_are_refused(
    package_copy: Path, resource: str, row: int, field: str, twin: str
) -> None:
    """A key equal to another once NFKC-normalised, invisible characters removed: load()
    refuses it, validate() reports it, naming resource, row and value."""
    path = package_copy / "data" / f"{resource}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    first = rows[1]
    clone = list(first)
    clone[header.index(field)] = twin
    if resource == "clusters":  # a schema without the id pattern, which would refuse it first
        clone[header.index("members_observation_id")] = ""
        descriptor = json.loads((package_copy / "datapackage.json").read_text("utf-8"))
        for entry in descriptor["resources"]:
            for spec in entry["schema"]["fields"]:
                if entry["name"] == "clusters" and spec["name"] == "id":
                    spec["constraints"].pop("pattern")
        (package_copy / "datapackage.json").write_text(json.dumps(descriptor), "utf-8")
    if resource == "vocabularies":
        clone[header.index("term")] = (
            first[header.index("term")][:6] + "\u00ad" + first[header.index("term")][6:]
        )
    rows.insert(row, clone)
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    with pytest.raises(mc.PackageError, match="once Unicode-normalised") as caught:
        mc.load(package_copy)
    assert caught.value.resource == resource
    assert not mc.validate(package_copy).valid
