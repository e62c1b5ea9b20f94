"""Exports: JSON and JSON-LD (parsed as RDF), SQLite, pandas, polars and Parquet."""

from __future__ import annotations

import json
import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import medclusters as mc


@pytest.fixture(scope="module")
def ds() -> mc.Dataset:
    return mc.load()


def test_json_round_trips_every_value(ds: mc.Dataset) -> None:
    document = json.loads(ds.to_json())
    assert document["version"] == ds.version
    assert list(document["resources"]) == list(mc.RECORD_TYPES)
    budgets = document["resources"]["budgets"]
    assert budgets[0]["amount_eur"] == str(ds.budgets[0].amount_eur)  # exact, as text
    assert Decimal(budgets[0]["amount_eur"]) == ds.budgets[0].amount_eur
    converter = mc.make_converter()
    for name, record_type in mc.RECORD_TYPES.items():
        rows = document["resources"][name]
        assert len(rows) == len(getattr(ds, name))
        back: list[Any] = [
            converter.structure({k: _csv_text(v) for k, v in row.items()}, record_type)
            for row in rows
        ]
        assert tuple(back) == getattr(ds, name), name


def _csv_text(value: object) -> str | None:
    """A JSON value back in the text form of the CSV files."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def test_jsonld_parses_as_rdf(ds: mc.Dataset) -> None:
    rdflib = pytest.importorskip("rdflib")
    graph = rdflib.Graph().parse(data=json.dumps(ds.to_jsonld()), format="json-ld")
    schema = rdflib.Namespace("https://schema.org/")
    org = rdflib.Namespace("http://www.w3.org/ns/org#")
    lhtc = rdflib.URIRef("https://w3id.org/medclusters/cluster/lhtc")
    assert (lhtc, schema.name, rdflib.Literal("Latvian Health Tourism Cluster")) in graph
    assert (lhtc, rdflib.RDF.type, org.Organization) in graph
    memberships = set(graph.subjects(rdflib.RDF.type, org.Membership))
    assert len(memberships) == len(ds.memberships)
    city = rdflib.URIRef("https://w3id.org/medclusters/organisation/miasto-lublin")
    assert (city, schema.memberOf, rdflib.URIRef(
        "https://w3id.org/medclusters/cluster/lubelska-medycyna")) in graph  # fmt: skip
    medical = set(graph.subjects(rdflib.RDF.type, schema.MedicalOrganization))
    assert rdflib.URIRef("https://w3id.org/medclusters/organisation/lv-jurmala-hospital") in medical
    assert city not in medical


def test_sqlite_has_every_table_with_keys(ds: mc.Dataset, tmp_path: Path) -> None:
    path = ds.to_sqlite(tmp_path / "mc.sqlite")
    db = sqlite3.connect(path)
    for name in mc.RECORD_TYPES:
        assert db.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] == len(getattr(ds, name))
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    (established,) = db.execute("SELECT established FROM clusters WHERE id='litcare'")
    assert established == ("2013-05-30",)
    (established,) = db.execute(
        "SELECT established FROM clusters WHERE id='estonian-health-tourism-cluster'"
    )
    assert established == ("2011-01",)  # the month the source gave, no invented day
    assert db.execute("SELECT has_formal_strategy FROM clusters WHERE id='lhtc'").fetchone() == (1,)
    with pytest.raises(FileExistsError):
        ds.to_sqlite(path)


def test_pandas(ds: mc.Dataset) -> None:
    pytest.importorskip("pandas")
    frames = ds.to_pandas()
    clusters = frames["clusters"]
    assert list(clusters.columns)[:3] == ["id", "name", "local_name"]
    assert str(clusters["members_total"].dtype) == "Int64"
    unknown = sum(c.members_total is None for c in ds.clusters)
    assert unknown == 5
    assert clusters["members_total"].isna().sum() == unknown  # unknown stays unknown, not 0
    assert len(frames["memberships"]) == len(ds.memberships)


def test_polars(ds: mc.Dataset) -> None:
    pl = pytest.importorskip("polars")
    frames = ds.to_polars()
    assert frames["clusters"].schema["members_total"] == pl.Int64
    assert frames["budgets"].schema["amount_eur"] == pl.Float64
    assert frames["clusters"]["members_total"].null_count() == 5


def test_parquet(ds: mc.Dataset, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    paths = ds.to_parquet(tmp_path / "parquet")
    assert len(paths) == len(mc.RECORD_TYPES)
    table = pq.read_table(tmp_path / "parquet" / "budgets.parquet")
    assert table.column("amount_eur").to_pylist()[0] == str(ds.budgets[0].amount_eur)


def test_sqlite_round_trips_every_record(ds: mc.Dataset, tmp_path: Path) -> None:
    """Read every table back from SQLite, as CSV text, through the converter: equal records."""
    db = sqlite3.connect(ds.to_sqlite(tmp_path / "back.sqlite"))
    converter = mc.make_converter()
    for entry in ds.descriptor["resources"]:
        name, record_type = entry["name"], mc.RECORD_TYPES[entry["name"]]
        booleans = {f["name"] for f in entry["schema"]["fields"] if f["type"] == "boolean"}
        cursor = db.execute(f'SELECT * FROM "{name}"')
        columns = [column[0] for column in cursor.description]
        back: list[Any] = []
        for values in cursor:
            row = {
                column: _csv_text(
                    bool(value) if column in booleans and value is not None else value
                )
                for column, value in zip(columns, values, strict=True)
            }
            back.append(converter.structure(row, record_type))
        assert tuple(back) == getattr(ds, name), name


def test_parquet_round_trips_every_record(ds: mc.Dataset, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    ds.to_parquet(tmp_path / "parquet")
    converter = mc.make_converter()
    for name, record_type in mc.RECORD_TYPES.items():
        table = pq.read_table(tmp_path / "parquet" / f"{name}.parquet")
        back: list[Any] = [
            converter.structure({k: _csv_text(v) for k, v in row.items()}, record_type)
            for row in table.to_pylist()
        ]
        assert tuple(back) == getattr(ds, name), name
