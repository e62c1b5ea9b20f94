"""Startup: what a user feels first, each figure from fresh processes (issue 24's baseline).

- ``import medclusters`` against ``import cattrs``, whole processes, beyond ``python -c pass``;
- the first load in a fresh process (timed inside it, after the import): ``mc.load()`` of the
  bundled package (its prebuilt tables), alone and with every table made, beside the same
  package through the full loader; and a folder holding the bundled package five times over
  (the synthetic copies of ``synthetic.py``: ids, names and keys made distinct), from its own
  prebuilt tables and through ``mc.load(folder)``;
- ``medclusters info`` and ``medclusters show lhtc`` as whole processes.

The commands run in turn (A B C ... A B C ...), so that a drift of the machine's speed touches
all of them alike; each figure is the median of the runs, with its min and max. Bytecode is
cached as in an installed library: the runs may write ``__pycache__`` (PYTHONDONTWRITEBYTECODE
is removed from their environment) and an uncounted first round writes it. Run with
``make bench`` (or ``python benchmarks/startup.py [--runs N]``).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import synthetic
from _bench import ROOT, machine, spread, table

#: Prints the seconds the first load takes in this fresh process, after the import, and the
#: clusters it read. ``{load}`` is the load timed; ``{touch}`` what else is timed with it.
FIRST_LOAD = (
    "import sys, time, medclusters as mc\n"
    "from pathlib import Path\n"
    "from medclusters.io.limits import Limits\n"
    "t = time.perf_counter(); ds = {load}; {touch}\n"
    "print(time.perf_counter() - t, len(ds.clusters))"
)
#: The loads compared: the bundled package as mc.load() reads it (its prebuilt tables,
#: checked byte for byte), the same with every table made, the same package through the full
#: loader (every check, as before issue 24), and the folder of five copies both ways.
_FULL = (  # the loader's imports inside the timed expression, as a first load pays them
    "__import__('medclusters.loader.full', fromlist=['_']).load_reader("
    "__import__('medclusters.io.readers', fromlist=['_'])"
    ".FolderReader(mc.bundled_path(), Limits()))"
)
_X5_PREBUILT = (
    "__import__('medclusters.loader.prebuilt', fromlist=['_'])"
    ".load_prebuilt(Path(sys.argv[1]), Path(sys.argv[2]))"
)
LOADS = {
    "bundled: mc.load()": ("mc.load()", "pass"),
    "bundled: mc.load(), every table made": ("mc.load()", "ds.tables()"),
    "bundled: full load, every check": (_FULL, "pass"),
    "x5: prebuilt tables": (_X5_PREBUILT, "pass"),
    "x5: prebuilt tables, every table made": (_X5_PREBUILT, "ds.tables()"),
    "x5: mc.load(folder), every check": (
        f"mc.load(sys.argv[1], limits=mc.Limits(**{synthetic.LIMITS_ARGS!r}))",
        "pass",
    ),
}


#: The runs' environment: bytecode written and read, as an installed library has it.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _script(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


def whole_processes(commands: dict[str, list[str]], runs: int) -> dict[str, list[float]]:
    """Wall seconds of each command as a whole process, the commands in turn, after a warm-up."""
    seconds: dict[str, list[float]] = {name: [] for name in commands}
    for round_ in range(runs + 1):
        for name, command in commands.items():
            start = time.perf_counter()
            subprocess.run(command, capture_output=True, check=True, cwd=ROOT, env=ENV)
            if round_:  # the first round warms the file cache
                seconds[name].append(time.perf_counter() - start)
    return seconds


def first_loads(arguments: list[str], runs: int) -> dict[str, tuple[list[float], int]]:
    """Seconds of each first load of :data:`LOADS` inside fresh processes, and the clusters
    it read; every process gets ``arguments`` (the x5 folder and its prebuilt tables)."""
    found: dict[str, tuple[list[float], int]] = {name: ([], 0) for name in LOADS}
    for round_ in range(runs + 1):
        for name, (load, touch) in LOADS.items():
            code = FIRST_LOAD.format(load=load, touch=touch)
            result = subprocess.run(
                [sys.executable, "-c", code, *arguments],
                capture_output=True, text=True, check=True, cwd=ROOT, env=ENV,
            )  # fmt: skip
            elapsed, clusters = result.stdout.split()
            if round_:
                found[name] = (found[name][0] + [float(elapsed)], int(clusters))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description="startup benchmarks")
    parser.add_argument("--runs", type=int, default=15, help="counted runs of each (15)")
    runs = parser.parse_args().runs
    print("# Startup")
    print(machine())
    print()
    python = sys.executable
    imports = whole_processes(
        {
            "python -c pass": [python, "-c", "pass"],
            "import cattrs": [python, "-c", "import cattrs"],
            "import medclusters": [python, "-c", "import medclusters"],
        },
        runs,
    )
    base = statistics.median(imports["python -c pass"])
    cattrs = statistics.median(imports["import cattrs"]) - base
    rows = []
    for name, samples in imports.items():
        beyond = statistics.median(samples) - base
        ratio = "" if name == "python -c pass" else f"{beyond / cattrs:.2f}x"
        rows.append([name, spread(samples), f"{beyond * 1000:,.1f} ms", ratio])
    print(table(["whole process", "median (min-max)", "beyond python", "vs cattrs"], rows))
    print()

    with tempfile.TemporaryDirectory() as folder:
        five = synthetic.build(Path(folder) / "x5", 5)
        # the x5 folder's own prebuilt tables, written as the library's are (a full load first)
        from medclusters.loader.prebuilt import write_prebuilt

        tables = write_prebuilt(Path(folder) / "x5.tables", five)
        loads = first_loads([str(five), str(tables)], runs)
    bundled = statistics.median(loads["bundled: full load, every check"][0])
    rows = [
        [name, str(clusters), spread(samples), f"{statistics.median(samples) / bundled:.2f}x"]
        for name, (samples, clusters) in loads.items()
    ]
    header = ["first load, fresh process", "clusters", "median (min-max)", "vs full load"]
    print(table(header, rows))
    print()

    cli = _script("medclusters")
    commands = whole_processes(
        {
            "python -c pass": [python, "-c", "pass"],
            "medclusters info": [cli, "info"],
            "medclusters show lhtc": [cli, "show", "lhtc"],
        },
        runs,
    )
    here = statistics.median(commands["python -c pass"])  # this round's own baseline
    rows = [
        [name, spread(samples), f"{statistics.median(samples) / here:.1f}x"]
        for name, samples in commands.items()
    ]
    print(table(["command, whole process", "median (min-max)", "vs python -c pass"], rows))
    print()
    print(
        "targets (issue 24): first load <= 20 ms at 5x the rows; import <= 1.2x cattrs; "
        "medclusters info <= 250 ms"
    )


if __name__ == "__main__":
    main()
