"""The facts page of ``medclusters serve`` over a package with 30,000 more citations: its
query on the served database (with the indexes ``build_database`` adds) against the same
query without them, and the whole page through Datasette. Run with ``make bench`` (needs the
``serve`` extra for the page; the query alone needs nothing more).

Without the indexes, each fact's citations are a scan of the whole table: the page's cost
grows with facts times citations and hit Datasette's 3 s limit (issue 27).
"""

from __future__ import annotations

import asyncio
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import synthetic
from _bench import machine, milliseconds, table

import medclusters as mc
from medclusters import serve

CITATIONS = 30_000
CLUSTER = "lhtc"


def median_of(function: Callable[[], object], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    print(f"# The cluster page with {CITATIONS:,} more citations")
    print(machine())
    ds = synthetic.with_citations(mc.load(), CITATIONS)
    sql = serve.cluster_facts_sql(ds)
    with tempfile.TemporaryDirectory() as folder:
        database = serve.build_database(ds, folder)
        plain = Path(folder) / "plain.sqlite"
        ds.to_sqlite(plain)  # the same tables, without the page's indexes
        timings, facts = {}, {}
        for label, path in (("served database (indexed)", database), ("without indexes", plain)):
            with sqlite3.connect(path) as connection:
                facts[label] = len(connection.execute(sql, {"id": CLUSTER}).fetchall())
                timings[label] = median_of(
                    lambda c=connection: c.execute(sql, {"id": CLUSTER}).fetchall(), repeat=5
                )
        print(f"{len(ds.citations):,} citations; the page of {CLUSTER!r}:")
        lines = [[label, facts[label], milliseconds(t)] for label, t in timings.items()]
        print(table(["query", "facts", "median"], lines))
        fast, slow = timings.values()
        print(f"ratio without/with indexes: {slow / fast:,.0f}x")
        try:
            app = serve.make_app(ds, database)
        except ImportError as error:
            print(f"the page through Datasette: skipped ({error})")
            return

        async def page() -> int:
            response = await app.client.get(f"/{serve.DATABASE}/{serve.CLUSTER_QUERY}?id={CLUSTER}")
            return int(response.status_code)

        assert asyncio.run(page()) == 200
        timing = median_of(lambda: asyncio.run(page()), repeat=7)
        print(f"the whole page through Datasette (HTML, in process): {milliseconds(timing)}")


if __name__ == "__main__":
    main()
