"""``diff`` at scale: the JSON report held in memory (``diff().to_dict()`` then
``json.dumps``, what ``medclusters diff --json`` did) against the streamed one
(``changes.write_json``, what it does now), each in a fresh interpreter, side by side: time
and peak memory (the process's maximum resident set). Run with ``make bench``.

The packages: a synthetic one of ``COPIES`` copies of every row against one of twice as
many, so every row of the second half is added.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import synthetic
from _bench import ROOT, machine, table

COPIES = 50
REPEAT = 3

#: Each way, in a fresh interpreter: it prints its seconds and its peak RSS in KiB.
PROGRAM = """
import json, os, resource, sys, time
from medclusters import changes
old, new, way = sys.argv[1:]
start = time.perf_counter()
with open(os.devnull, "w", encoding="utf-8") as out:
    if way == "held":
        out.write(json.dumps(changes.diff(old, new, limits=LIMITS).to_dict(),
                             ensure_ascii=False, indent=2))
    else:
        changes.write_json(old, new, out, limits=LIMITS)
print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def main() -> None:
    print(f"# diff --json: {COPIES} copies against {2 * COPIES}, held vs streamed")
    print(machine())
    limits = f"__import__('medclusters').Limits(**{synthetic.LIMITS_ARGS!r})"
    with tempfile.TemporaryDirectory() as folder:
        old = synthetic.build(Path(folder) / "old", COPIES)
        new = synthetic.build(Path(folder) / "new", 2 * COPIES)
        results: dict[str, list[tuple[float, float]]] = {"held": [], "streamed": []}
        for _ in range(REPEAT):
            for way, samples in results.items():  # alternated, in the same order
                code = PROGRAM.replace("LIMITS", limits)
                done = subprocess.run(
                    [sys.executable, "-c", code, str(old), str(new), way],
                    capture_output=True, text=True, check=True, cwd=ROOT,
                )  # fmt: skip
                seconds, kib = done.stdout.split()
                samples.append((float(seconds), float(kib) / 1024))
    rows = []
    for way, samples in results.items():
        rows.append([
            way,
            f"{statistics.median(s for s, _ in samples):,.2f} s",
            f"{statistics.median(m for _, m in samples):,.0f} MiB",
        ])  # fmt: skip
    print(table(["report", "median time", "median peak RSS"], rows))
    held, streamed = (statistics.median(m for _, m in results[w]) for w in results)
    print(f"peak memory held/streamed: {held / streamed:,.1f}x")


if __name__ == "__main__":
    main()
