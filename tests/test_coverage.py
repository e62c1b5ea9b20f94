"""mc.coverage() and `medclusters coverage`: which profile facts each cluster has, per
country, and the leads not yet profiled."""

from __future__ import annotations

import json

import pytest

import medclusters as mc
from medclusters._coverage import PROFILE
from medclusters.cli import main

DS = mc.load()
REPORT = mc.coverage(DS)


def test_every_cluster_is_reported_once() -> None:
    assert [row.cluster_id for row in REPORT.clusters] == [c.id for c in DS.clusters]
    for row in REPORT.clusters:
        assert set(row.filled) | set(row.missing) == set(PROFILE)
        assert not set(row.filled) & set(row.missing)
        assert row.sources >= 1


def test_a_fact_is_filled_exactly_where_the_tables_hold_it() -> None:
    lhtc = next(row for row in REPORT.clusters if row.cluster_id == "lhtc")
    assert "established" in lhtc.filled  # 2012-06-15
    assert "status" in lhtc.missing  # no page states LHTC's status
    welfare = next(row for row in REPORT.clusters if row.cluster_id == "welfare-tech")
    assert {"status", "partners", "labels"} <= set(welfare.filled)
    rates = REPORT.field_rates()
    assert rates["description"] == 1.0
    with_city = sum(c.city is not None for c in DS.clusters) / len(DS.clusters)
    assert rates["city"] == pytest.approx(with_city)


def test_countries_count_clusters_and_leads() -> None:
    by_country = {c.country: c for c in REPORT.countries}
    assert sum(c.clusters for c in REPORT.countries) == len(DS.clusters)
    assert sum(c.leads for c in REPORT.countries) == len(DS.leads)
    assert by_country["PL"].clusters == sum(c.country == "PL" for c in DS.clusters)
    only_leads = [c for c in REPORT.countries if not c.clusters]
    assert all(c.fill_rate is None and c.leads for c in only_leads)
    assert len([c for c in REPORT.countries if c.clusters]) >= 18


def test_leads_name_their_page() -> None:
    sources = {s.id for s in DS.sources}
    assert REPORT.leads == DS.leads
    assert all(lead.source_id in sources and lead.why for lead in REPORT.leads)


def test_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["coverage"]) == 0
    out = capsys.readouterr().out
    countries = sum(1 for c in REPORT.countries if c.clusters)
    assert out.startswith(
        f"coverage of {DS.version}: {len(DS.clusters)} clusters in {countries} countries, "
        f"{len(DS.leads)} leads not yet profiled"
    )
    assert "leads (named by a page, too little to profile):" in out
    assert main(["coverage", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["profile"] == list(PROFILE)
    assert len(data["clusters"]) == len(DS.clusters)
    assert {lead["id"] for lead in data["leads"]} == {lead.id for lead in DS.leads}
