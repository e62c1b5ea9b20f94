"""The registry of the field edition: dated statuses, relationships between clusters, names
over time and external identifiers; their lookups, rules and command-line output."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

import medclusters as mc
from medclusters.cli import main

DS = mc.load()


def ids(records: tuple[mc.Cluster, ...]) -> list[str]:
    return [record.id for record in records]


# -- status -----------------------------------------------------------------------------------


def test_the_latest_status_row_is_the_status() -> None:
    """Spaincares keeps both statuses its sources give (redaccionmedica.com: closed with the
    pandemic, undated; plantadoce.com: a new president on 12 December 2022): the dated row
    is the later one, so the status is active, and the history shows both."""
    history = DS.statuses_of("Spaincares")
    assert [s.status.value for s in history] == ["closed", "active"]
    status = DS.status_of("spaincares")
    assert status is not None
    assert (status.status, str(status.since)) == (mc.ClusterStatus.ACTIVE, "2022-12-12")


def test_a_cluster_without_a_status_row_has_an_unknown_status() -> None:
    assert DS.status_of("lhtc") is None
    assert DS.statuses_of("lhtc") == ()


def test_every_merged_cluster_names_its_successor_or_says_why_not() -> None:
    """A merged cluster has a successor, or (Norwegian Smart Care Cluster, whose merged
    cluster no page names) a related cluster and a statement."""
    for cluster in DS.clusters:
        status = DS.status_of(cluster)
        if status is None or status.status is not mc.ClusterStatus.MERGED:
            continue
        if DS.successor_of(cluster) is None:
            related = [r.relation for r in DS.relationships_of(cluster)]
            assert mc.Relation.RELATED in related, cluster.id


# -- relationships ----------------------------------------------------------------------------


def test_a_merger_makes_successors_and_predecessors() -> None:
    """echalliance.com (2021): five Danish clusters merged into the Danish Life Science
    Cluster; 2019 (cadureso, Eurobiomed's assembly): Cancer-Bio-Santé into Eurobiomed."""
    assert DS.successor_of("Welfare Tech") == DS.cluster("danish-life-science-cluster")
    assert set(ids(DS.predecessors_of("Danish Life Science Cluster"))) == {
        "welfare-tech",
        "biopeople",
        "medtech-innovation-consortium",
        "copenhagen-healthtech-cluster",
        "life-science-innovation-north-denmark",
    }
    assert DS.successor_of("cancer-bio-sante") == DS.cluster("eurobiomed")
    assert DS.current_of("cancer-bio-sante").id == "eurobiomed"
    assert DS.current_of("eurobiomed").id == "eurobiomed"  # no successor: itself
    assert DS.successor_of("eurobiomed") is None


def test_networks_and_their_members() -> None:
    """ee-medlt-loi: the Baltic health-tourism letter of intent of 2013."""
    assert "baltic-health-tourism-cluster" in ids(DS.networks_of("LHTC"))
    assert {"lhtc", "litcare", "estonian-health-tourism-cluster"} <= set(
        ids(DS.network_members_of("Baltic Health Tourism Cluster"))
    )


def test_relationships_of_lists_both_directions() -> None:
    rows = DS.relationships_of("danish-life-science-cluster")
    assert rows
    assert all(r.related_cluster_id == "danish-life-science-cluster" for r in rows)
    outgoing = DS.relationships_of("welfare-tech")
    assert [(r.relation, r.related_cluster_id) for r in outgoing] == [
        (mc.Relation.SUCCESSOR, "danish-life-science-cluster")
    ]
    assert all(r.source_id in {s.id for s in DS.sources} for r in DS.relationships)


# -- names over time --------------------------------------------------------------------------


def test_a_renamed_cluster_is_found_by_its_former_name() -> None:
    """mva (FAQ): Medicon Valley Academy became Medicon Valley Alliance in 2007."""
    former = [n for n in DS.names_of("Medicon Valley Alliance") if n.name_type == "former"]
    assert {n.name for n in former} == {"Medicon Valley Academy"}
    assert any(str(n.valid_until) == "2007" for n in former)
    assert DS.cluster("Medicon Valley Academy").id == "medicon-valley-alliance"
    assert DS.cluster("Oslo Medtech").id == "norway-health-tech"
    assert DS.search("Uppsala BIO")[0].record.id == "stuns-life-science-uppsala-bio"


def test_every_former_name_is_found_by_lookup_or_is_ambiguous() -> None:
    for name in DS.cluster_names:
        if name.name_type == "former":
            found = DS.get_cluster(name.name)
            assert found is None or found.id == name.cluster_id, name


# -- identifiers ------------------------------------------------------------------------------


def test_by_identifier_finds_clusters_organisations_and_programmes() -> None:
    assert DS.by_identifier("eccp", "latvian-health-tourism-cluster") == DS.cluster("lhtc")
    assert DS.by_identifier("eccp", "LATVIAN-Health-Tourism-Cluster ") == DS.cluster("lhtc")
    address = (
        "https://www.clustercollaboration.eu/cluster-organisations/latvian-health-tourism-cluster"
    )
    assert DS.by_identifier("eccp", address) == DS.cluster("lhtc")
    university = DS.by_identifier("ror", "016f61126")
    assert isinstance(university, mc.Organisation)
    assert university.id == "uniwersytet-medyczny-w-lublinie"
    assert isinstance(DS.by_identifier("kohesio", "Q3056745"), mc.Programme)
    # the old address of a renamed cluster's profile still finds it (clustercollaboration.eu)
    assert DS.by_identifier("eccp", "oslo-medtech") == DS.cluster("norway-health-tech")
    assert DS.by_identifier("eccp", "no-such-profile") is None
    with pytest.raises(ValueError, match=r"scheme 'isbn' is not one of: .*eccp"):
        DS.by_identifier("isbn", "123")


def test_identifiers_of_a_record() -> None:
    schemes = {i.scheme for i in DS.identifiers_of(DS.cluster("lhtc"))}
    assert schemes == {"eccp"}
    assert DS.identifiers_of(DS.organisation("uniwersytet-medyczny-w-lublinie"))


def test_every_identifier_matches_its_schemes_pattern() -> None:
    import re

    patterns = {s.scheme: re.compile(s.pattern) for s in DS.identifier_schemes}
    for identifier in DS.identifiers:
        assert patterns[identifier.scheme].fullmatch(identifier.value), identifier


# -- rules ------------------------------------------------------------------------------------


def _append(package: Path, resource: str, row: dict[str, str]) -> None:
    path = package / "data" / f"{resource}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    with path.open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerow([row.get(f, "") for f in header])


def _codes(package: Path) -> list[str]:
    return [p.code for p in mc.validate(package).problems]


def test_an_identifier_that_breaks_its_pattern_is_a_problem(package_copy: Path) -> None:
    _append(package_copy, "identifiers", {
        "id": "wikidata:x1", "cluster_id": "lhtc", "scheme": "wikidata", "value": "X1",
        "source_id": "eccp-lhtc",
    })  # fmt: skip
    report = mc.validate(package_copy)
    problem = next(p for p in report.problems if p.code == "identifier-pattern")
    assert (problem.resource, problem.field, problem.value) == ("identifiers", "value", "X1")


def test_a_scheme_pattern_is_compiled_as_a_schemas_patterns_are(package_copy: Path) -> None:
    """A back reference (which XML Schema patterns cannot hold, and which can make a match
    take exponential time) is reported, not run."""
    _append(package_copy, "identifier_schemes", {
        "scheme": "evil", "name": "Evil", "pattern": "(a*)*\\1b",
    })  # fmt: skip
    report = mc.validate(package_copy)
    problem = next(p for p in report.problems if p.code == "identifier-scheme-pattern")
    assert (problem.resource, problem.field) == ("identifier_schemes", "pattern")


def test_relationships_to_itself_and_cycles_of_successors(package_copy: Path) -> None:
    _append(package_copy, "relationships", {
        "id": "lhtc>related>lhtc", "cluster_id": "lhtc", "relation": "related",
        "related_cluster_id": "lhtc", "source_id": "eccp-lhtc",
    })  # fmt: skip
    _append(package_copy, "relationships", {
        "id": "danish-life-science-cluster>successor>welfare-tech",
        "cluster_id": "danish-life-science-cluster", "relation": "successor",
        "related_cluster_id": "welfare-tech", "source_id": "eccp-lhtc",
    })  # fmt: skip
    codes = _codes(package_copy)
    assert "relationship-self" in codes
    assert codes.count("successor-cycle") == 2  # both edges of the circle


def test_a_relationship_to_no_cluster_is_refused_at_load(package_copy: Path) -> None:
    _append(package_copy, "relationships", {
        "id": "lhtc>successor>nope", "cluster_id": "lhtc", "relation": "successor",
        "related_cluster_id": "nope", "source_id": "eccp-lhtc",
    })  # fmt: skip
    with pytest.raises(mc.PackageError, match=r"relationships.*related_cluster_id.*nope"):
        mc.load(package_copy)


def test_the_bundled_registry_is_valid() -> None:
    codes = {p.code for p in mc.validate().problems}
    assert not codes & {"identifier-pattern", "relationship-self", "successor-cycle"}


# -- the command line -------------------------------------------------------------------------


def test_show_prints_status_former_names_relationships_and_identifiers(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # lines wrap at the terminal's width, 100 at most
    assert main(["show", "Welfare Tech"]) == 0
    out = capsys.readouterr().out
    assert "status: merged (2021)" in out
    assert (
        "successor: Danish Life Science Cluster (danish-life-science-cluster) (since 2021)" in out
    )
    assert main(["show", "Medicon Valley Academy"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Medicon Valley Alliance")
    assert "former names: Medicon Valley Academy (1997 to 2007)" in out
    assert main(["show", "norway-health-tech", "--json"]) == 0
    import json

    data = json.loads(capsys.readouterr().out)
    assert {"eccp"} <= {i["scheme"] for i in data["identifiers"]}
    assert any(r["relation"] == "related" for r in data["relationships"])
