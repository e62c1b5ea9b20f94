"""Use the published release without the library's Python API: pandas on the CSVs inside
the zip, and plain SQL on the SQLite database it ships.

Run: python examples/release_with_pandas_and_sqlite.py [medclusters-data-<version>.zip]
With no argument it reads the newest release kept in the repository (``releases/index.json``
names it); outside a checkout it builds the release zips into a temporary folder first.
Needs: the library alone for the SQL part; pandas (the ``pandas`` extra) for the pandas
part, which is skipped without it; building a release needs pyarrow (the ``parquet``
extra).
"""

from __future__ import annotations

import json
import sqlite3
import sys
import tempfile
import zipfile
from pathlib import Path

RELEASES = Path(__file__).resolve().parent.parent / "releases"


def newest_release() -> Path | None:
    """The full zip of the newest release in the repository's releases/, if there is one."""
    try:
        index = json.loads((RELEASES / "index.json").read_text(encoding="utf-8"))
        version = index["latest"]
    except (OSError, ValueError, KeyError):
        return None
    path = RELEASES / version / f"medclusters-data-{version}.zip"
    return path if path.is_file() else None


def built_release(scratch: Path) -> Path:
    """Build the release zips of the bundled package (needs pyarrow)."""
    from medclusters import release as publish

    try:
        full, _ = publish.build(scratch / "dist")
    except ImportError as error:
        sys.exit(f"error: no release zip given and none in a checkout; {error}")
    return full


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        if len(sys.argv) > 1:
            release = Path(sys.argv[1])
        else:
            release = newest_release() or built_release(Path(scratch))
        print(f"release: {release.name}")
        try:
            archive = zipfile.ZipFile(release)
        except (OSError, zipfile.BadZipFile) as error:
            sys.exit(f"error: cannot read {release} as a release zip: {error}")
        with archive:
            top = archive.namelist()[0].split("/")[0]
            database = Path(scratch) / "medclusters.sqlite"
            try:
                database.write_bytes(archive.read(f"{top}/medclusters.sqlite"))
            except KeyError:
                sys.exit(f"error: {release} holds no {top}/medclusters.sqlite")
            try:
                import pandas as pd
            except ImportError:
                print("pandas is not installed (the pandas extra): skipping the pandas part")
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
