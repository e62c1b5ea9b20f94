"""Exports: JSON and JSON-LD (parsed as RDF), SQLite, pandas, polars and Parquet."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
import sqlite3
import stat
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import medclusters as mc
from medclusters.export._typed import date_fields


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
        "SELECT established FROM clusters WHERE id='transylvania-regional-balneotourism-cluster'"
    )
    assert established == ("2014-02",)  # the month the source gave, no invented day
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
    assert 0 < unknown < len(ds.clusters)
    assert clusters["members_total"].isna().sum() == unknown  # unknown stays unknown, not 0
    assert len(frames["memberships"]) == len(ds.memberships)


def test_polars(ds: mc.Dataset) -> None:
    pl = pytest.importorskip("polars")
    frames = ds.to_polars()
    assert frames["clusters"].schema["members_total"] == pl.Int64
    assert frames["budgets"].schema["amount_eur"] == pl.Float64
    unknown = sum(c.members_total is None for c in ds.clusters)
    assert frames["clusters"]["members_total"].null_count() == unknown


def test_parquet(ds: mc.Dataset, tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    paths = ds.to_parquet(tmp_path / "parquet")
    assert len(paths) == len(mc.RECORD_TYPES)
    table = pq.read_table(tmp_path / "parquet" / "budgets.parquet")
    amounts = [b.amount_eur for b in ds.budgets]
    # the narrowest decimal that holds every amount: the most digits after the point (2 in
    # 3022842.70) and room for the most before it (the largest amount's)
    scale = max(-int(a.as_tuple().exponent) for a in amounts)
    digits = max(len(str(int(a))) for a in amounts) + scale
    assert table.schema.field("amount_eur").type == pa.decimal128(digits, scale)
    assert table.column("amount_eur").to_pylist() == amounts  # exact, as Decimal
    shares = [b.share_percent for b in ds.budgets]
    assert table.column("share_percent").to_pylist() == shares
    clusters = pq.read_table(tmp_path / "parquet" / "clusters.parquet")
    assert clusters.schema.field("established_date").type == pa.date32()
    assert clusters.schema.field("established").type == pa.string()


def _csv_sum(resource: str, field: str) -> Decimal:
    """The sum of a column of the bundled CSV file, read with the csv module alone."""
    import csv

    path = Path(str(mc.load().origin)) / "data" / f"{resource}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return sum((Decimal(row[field]) for row in csv.DictReader(handle) if row[field]), Decimal())


def _day_dates(ds: mc.Dataset) -> dict[tuple[str, str], int]:
    """(resource, field) -> how many of its dates are known to the day, for every date field."""
    return {
        (name, field): sum(
            getattr(r, field) is not None and getattr(r, field).precision == "day"
            for r in getattr(ds, name)
        )
        for name, record_type in mc.RECORD_TYPES.items()
        for field in sorted(date_fields(record_type))
    }


def test_duckdb_sums_decimals_and_reads_dates(ds: mc.Dataset, tmp_path: Path) -> None:
    """DuckDB reads the Parquet copy: an exact sum of the amounts, dates as DATE."""
    db = pytest.importorskip("duckdb").connect()
    folder = tmp_path / "parquet"
    ds.to_parquet(folder)
    budgets = (folder / "budgets.parquet").as_posix()
    (total,) = db.execute(f"SELECT sum(amount_eur) FROM '{budgets}'").fetchone()
    assert isinstance(total, Decimal)
    assert total == sum(b.amount_eur for b in ds.budgets)
    assert total == _csv_sum("budgets", "amount_eur")  # read apart from the loader
    (shares,) = db.execute(f"SELECT sum(share_percent) FROM '{budgets}'").fetchone()
    assert shares == sum(b.share_percent for b in ds.budgets if b.share_percent is not None)
    days = _day_dates(ds)
    assert sum(days.values()) > 0
    for (name, field), count in days.items():
        path = (folder / f"{name}.parquet").as_posix()
        kinds = dict(
            db.execute(f"SELECT column_name, column_type FROM (DESCRIBE '{path}')").fetchall()
        )
        assert kinds[f"{field}_date"] == "DATE", (name, field)
        assert kinds[field] == "VARCHAR", (name, field)
        (known,) = db.execute(
            f"SELECT count({field}_date) FROM '{path}' WHERE {field}_precision = 'day'"
        ).fetchone()
        assert known == count, (name, field)
    (litcare,) = db.execute(
        f"SELECT established_date FROM '{(folder / 'clusters.parquet').as_posix()}' "
        "WHERE id = 'litcare'"
    ).fetchone()
    assert litcare == dt.date(2013, 5, 30)


def test_pandas_reads_the_parquet_copy(ds: mc.Dataset, tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    ds.to_parquet(tmp_path / "parquet")
    budgets = pd.read_parquet(tmp_path / "parquet" / "budgets.parquet")
    assert budgets["amount_eur"].sum() == sum(b.amount_eur for b in ds.budgets)  # Decimals
    clusters = pd.read_parquet(tmp_path / "parquet" / "clusters.parquet").set_index("id")
    assert clusters.loc["litcare", "established_date"] == dt.date(2013, 5, 30)
    estonian = clusters.loc["transylvania-regional-balneotourism-cluster"]
    assert pd.isna(estonian["established_date"])  # known to the month: no day invented
    assert (estonian["established"], estonian["established_precision"]) == ("2014-02", "month")
    typed = pd.read_parquet(tmp_path / "parquet" / "clusters.parquet", dtype_backend="pyarrow")
    assert str(typed["established_date"].dtype) == "date32[day][pyarrow]"


def test_frames_have_typed_dates(ds: mc.Dataset) -> None:
    pytest.importorskip("pandas")
    pl = pytest.importorskip("polars")
    frame = ds.to_pandas()["clusters"].set_index("id")
    assert str(frame["established_date"].dtype) == "datetime64[s]"
    assert frame.loc["litcare", "established_date"].date() == dt.date(2013, 5, 30)
    assert (
        frame.loc["transylvania-regional-balneotourism-cluster", "established_precision"] == "month"
    )
    polars = ds.to_polars()["clusters"]
    assert polars.schema["established_date"] == pl.Date
    assert polars["established_date"].null_count() == sum(
        c.established is None or c.established.precision != "day" for c in ds.clusters
    )


def test_sqlite_adds_numbers_and_keeps_their_text(ds: mc.Dataset, tmp_path: Path) -> None:
    db = sqlite3.connect(ds.to_sqlite(tmp_path / "mc.sqlite"))
    expected = sum(b.amount_eur for b in ds.budgets)
    (total,) = db.execute("SELECT sum(amount_eur) FROM budgets").fetchone()
    assert isinstance(total, float)  # SQLite adds NUMERIC as reals: right to the cent
    assert round(total, 2) == float(expected)
    texts = [row[0] for row in db.execute("SELECT amount_eur_text FROM budgets ORDER BY rowid")]
    assert texts == [str(b.amount_eur) for b in ds.budgets]  # the exact text, trailing 0 kept
    assert sum(map(Decimal, texts)) == expected
    kinds = {row[0] for row in db.execute("SELECT typeof(amount_eur) FROM budgets")}
    assert kinds <= {"integer", "real"}
    columns = {row[1]: row[2] for row in db.execute("PRAGMA table_info(budgets)")}
    assert (columns["amount_eur"], columns["amount_eur_text"]) == ("NUMERIC", "TEXT")
    row = db.execute(
        "SELECT established, established_date, established_precision FROM clusters "
        "WHERE id = 'transylvania-regional-balneotourism-cluster'"
    ).fetchone()
    assert row == ("2014-02", None, "month")
    (day,) = db.execute("SELECT established_date FROM clusters WHERE id='litcare'").fetchone()
    assert day == "2013-05-30"


def test_sqlite_round_trips_every_record(ds: mc.Dataset, tmp_path: Path) -> None:
    """Read every table back from SQLite, as CSV text, through the converter: equal records."""
    db = sqlite3.connect(ds.to_sqlite(tmp_path / "back.sqlite"))
    converter = mc.make_converter()
    for entry in ds.descriptor["resources"]:
        name, record_type = entry["name"], mc.RECORD_TYPES[entry["name"]]
        booleans = {f["name"] for f in entry["schema"]["fields"] if f["type"] == "boolean"}
        numbers = {f["name"] for f in entry["schema"]["fields"] if f["type"] == "number"}
        cursor = db.execute(f'SELECT * FROM "{name}"')
        columns = [column[0] for column in cursor.description]
        back: list[Any] = []
        for values in cursor:
            cells = dict(zip(columns, values, strict=True))
            for field in numbers:  # the exact text, and the number SQLite adds up
                number, text = cells.pop(field), cells.pop(f"{field}_text")
                assert (number is None) is (text is None)
                assert number is None or float(number) == float(text)
                cells[field] = text
            _check_dates(cells, date_fields(record_type), lambda day: day)
            row = {
                column: _csv_text(
                    bool(value) if column in booleans and value is not None else value
                )
                for column, value in cells.items()
            }
            back.append(converter.structure(row, record_type))
        assert tuple(back) == getattr(ds, name), name


def _check_dates(cells: dict[str, Any], fields: frozenset[str], as_text: Any) -> None:
    """Pop each date's derived columns from ``cells``, checking they agree with its text."""
    for field in fields:
        text = cells[field]
        day, precision = as_text(cells.pop(f"{field}_date")), cells.pop(f"{field}_precision")
        if text is None:
            assert (day, precision) == (None, None)
            continue
        expected = {4: "year", 7: "month", 10: "day"}[len(text)]
        assert precision == expected, (field, text)
        assert day == (text if expected == "day" else None), (field, text)


def test_parquet_round_trips_every_record(ds: mc.Dataset, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    ds.to_parquet(tmp_path / "parquet")
    converter = mc.make_converter()
    for name, record_type in mc.RECORD_TYPES.items():
        table = pq.read_table(tmp_path / "parquet" / f"{name}.parquet")
        back: list[Any] = []
        for row in table.to_pylist():
            _check_dates(row, date_fields(record_type), lambda d: None if d is None else str(d))
            back.append(converter.structure({k: _csv_text(v) for k, v in row.items()}, record_type))
        assert tuple(back) == getattr(ds, name), name


def test_jsonld_ids_are_valid_iris(ds: mc.Dataset) -> None:
    """A key that an IRI cannot hold (ids may hold ">", as collaborations' do) is
    percent-encoded: every @id parses as an IRI."""
    import re
    from urllib.parse import urlsplit

    import attrs

    first, *rest = ds.organisations
    tampered = attrs.evolve(ds, organisations=(attrs.evolve(first, id="acme>x y"), *rest))
    ids = [node["@id"] for node in tampered.to_jsonld()["@graph"]]
    iri = re.compile(r"[^\s<>\"{}|\\^`]+")
    for value in ids:
        assert iri.fullmatch(value), value
        assert urlsplit(value).scheme
    assert any(value.endswith("/acme%3Ex%20y") for value in ids)


@pytest.mark.slow
@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600)])
def test_written_files_get_the_users_umask(
    umask: int, mode: int, ds: mc.Dataset, tmp_path: Path
) -> None:
    """Exports and release zips are readable as any new file of the user's would be (they
    were 0600, from the temporary file they are written through, whatever the umask)."""
    from medclusters import release
    from medclusters.export import write_text

    before = os.umask(umask)
    try:
        written = [
            write_text(tmp_path / "d.json", ds.to_json(), ds),
            ds.to_sqlite(tmp_path / "d.sqlite"),
            *release.build(tmp_path / "dist"),
        ]
        if importlib.util.find_spec("pyarrow") is not None:
            written += ds.to_parquet(tmp_path / "parquet")
    finally:
        os.umask(before)
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) == mode, path
