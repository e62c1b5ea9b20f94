"""The corpus of broken packages (tests/fixtures/broken/corpus.py): every case refused by
load() with resource, row, field and value, and reported by validate() (marked slow: run by
make check and CI, not by make test); no partial Dataset."""

from __future__ import annotations

from pathlib import Path

import pytest

import medclusters as mc
from tests.fixtures.broken.corpus import CASES, Case


def test_the_corpus_is_large_and_varied() -> None:
    assert len(CASES) >= 40
    assert len({case.name for case in CASES}) == len(CASES)
    groups = {case.group for case in CASES}
    assert groups == {
        "csv",
        "values",
        "keys",
        "descriptor",
        "schema",
        "integrity",
        "hostile",
        "domain",
    }


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_case(case: Case, corpus: dict[str, Path]) -> None:
    expect = case.expect
    package = corpus[case.name]
    if expect.load:
        with pytest.raises(mc.PackageError) as caught:
            mc.load(package)
        error = caught.value
        assert expect.message in str(error)
        assert (error.resource, error.field) == (expect.resource, expect.field)
        if expect.row is not None:
            assert error.row == expect.row
        if expect.value is not None:
            assert error.value is not None
            assert expect.value in error.value
            assert f"value {error.value!r}"[:40] in str(error)  # the message shows the value
    else:
        assert len(mc.load(package).clusters) == len(mc.load().clusters)  # a domain rule only


@pytest.mark.slow  # frictionless reads every row of a broken package: about 3 s a case
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_case_is_reported_by_validate(case: Case, corpus: dict[str, Path]) -> None:
    expect = case.expect
    report = mc.validate(corpus[case.name])
    assert not report.valid
    codes = {problem.code for problem in report.problems}
    assert (expect.problem or "load-error") in codes
    assert any(expect.message in problem.message for problem in report.problems), str(report)


def test_values_are_truncated_in_messages(corpus: dict[str, Path]) -> None:
    with pytest.raises(mc.PackageError) as caught:
        mc.load(corpus["integer-long"])
    assert len(str(caught.value)) < 300
    assert "…" in str(caught.value)


@pytest.mark.slow
def test_validate_reports_every_problem_not_the_first_only(package_copy: Path) -> None:
    from tests.helpers import set_cell

    set_cell(package_copy, "clusters", 1, "members_total", "sixty")  # a type error
    set_cell(package_copy, "markets", 3, "country", "XK")  # a domain rule
    set_cell(package_copy, "organisations", 2, "name", "\u0421LINIC")  # mixed scripts
    set_cell(package_copy, "labels", 1, "level", "platinum")  # an enum constraint
    report = mc.validate(package_copy)
    located = {(p.resource, p.row) for p in report.problems}
    assert {("clusters", 1), ("labels", 1)} <= located  # both schema errors, from frictionless
    assert len(report.problems) >= 3


@pytest.mark.slow
def test_what_loads_frictionless_accepts(corpus: dict[str, Path]) -> None:
    """The differential check behind skipping frictionless's table checks where the package
    loads: on the corpus's packages that load (they break domain rules only), frictionless in
    full reports no problem of its own."""
    for name in ("member-counts", "mixed-script"):
        report = mc.validate(corpus[name], full=True)
        assert not report.valid
        assert not [p for p in report.problems if p.code.startswith("frictionless")], name


def test_the_readme_counts_the_corpus() -> None:
    import re

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    found = re.search(
        r"(\d+) broken packages in the tests, (\d+) of them built as\s+an attacker", readme
    )
    assert found is not None
    hostile = sum(case.group == "hostile" for case in CASES)
    assert (int(found[1]), int(found[2])) == (len(CASES), hostile)
