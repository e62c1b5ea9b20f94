"""Use the published release without the library's Python API: pandas on the CSVs inside
the zip, and plain SQL on the SQLite database it ships.

Run: python examples/release_with_pandas_and_sqlite.py [medclusters-data-<version>.zip]
With no argument it builds the release zips into a temporary folder first.
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
import zipfile
from pathlib import Path


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        if len(sys.argv) > 1:
            release = Path(sys.argv[1])
        else:
            from medclusters import release as publish

            release, _ = publish.build(Path(scratch) / "dist")
        print(f"release: {release.name}")
        with zipfile.ZipFile(release) as archive:
            top = archive.namelist()[0].split("/")[0]
            database = Path(scratch) / "medclusters.sqlite"
            database.write_bytes(archive.read(f"{top}/medclusters.sqlite"))
            try:
                import pandas as pd
            except ImportError:
                print("pandas is not installed: skipping the pandas part")
            else:
                with archive.open(f"{top}/data/markets.csv") as handle:
                    markets = pd.read_csv(handle, dtype=str, keep_default_na=False)
                per_country = markets.groupby("country")["cluster_id"].nunique()
                shared = per_country[per_country > 1].sort_index()
                print("markets targeted by more than one cluster (pandas):")
                for country, clusters in shared.items():
                    print(f"  {country}: {clusters} clusters")

        db = sqlite3.connect(database)
        print("members per cluster and role (SQL):")
        query = """
            SELECT c.name, m.role, count(*) FROM memberships m
            JOIN clusters c ON c.id = m.cluster_id
            GROUP BY c.name, m.role ORDER BY count(*) DESC, c.name
        """
        for name, role, count in db.execute(query):
            print(f"  {count:>3}  {role:<16} {name}")
        db.close()


if __name__ == "__main__":
    main()
