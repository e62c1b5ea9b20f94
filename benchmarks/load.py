"""Import, first load and load at scale: medclusters against csv.DictReader, csv.DictReader +
cattrs, and frictionless, side by side on the same files, in the same order every run.

Prints the figures of docs/performance.md and writes docs/load-scaling.svg. Run with
``make bench`` (or ``python benchmarks/load.py [--quick]``; --quick stops at 100x).
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import synthetic
from _bench import ROOT, in_subprocess, machine, milliseconds, spread, table

SCALES = (1, 10, 100, 1000)
PLOT = ROOT / "docs" / "load-scaling.svg"


def import_times(repeat: int = 21) -> dict[str, float]:
    """Median wall time of whole interpreter processes that import one thing each."""
    cases = {"python -c pass": "pass", "import cattrs": "import cattrs",
             "import medclusters": "import medclusters"}  # fmt: skip
    samples: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(repeat):  # interleaved, so drift on a shared machine hits all alike
        for name, code in cases.items():
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True)
            samples[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in samples.items()}


def heavy_modules_after_import() -> list[str]:
    code = (
        "import sys, medclusters; "
        "print(' '.join(m for m in ('frictionless', 'pandas', 'pyarrow', 'polars', 'networkx') "
        "if m in sys.modules)); "
        "print('medclusters.countries' not in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded, lazy = out.stdout.splitlines()
    return [*loaded.split(), *([] if lazy == "True" else ["the country index"])]


def resources_of(descriptor: Path) -> list[Path]:
    data = json.loads(descriptor.read_text(encoding="utf-8"))
    return [descriptor.parent / entry["path"] for entry in data["resources"]]


def read_dictreader(descriptor: Path) -> int:
    """Every row as a dict, kept in a list per file (what a user would hold)."""
    tables = []
    for path in resources_of(descriptor):
        with path.open(encoding="utf-8", newline="") as handle:
            tables.append(list(csv.DictReader(handle)))
    return sum(map(len, tables))


def read_dictreader_cattrs(descriptor: Path) -> int:
    from medclusters import RECORD_TYPES, make_converter

    converter = make_converter(detailed_validation=False)
    rows = 0
    for path, record_type in zip(resources_of(descriptor), RECORD_TYPES.values(), strict=True):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                converter.structure({k: v or None for k, v in row.items()}, record_type)
                rows += 1
    return rows


def read_medclusters(descriptor: Path) -> int:
    """The load as installed: with the columnar fast path where pyarrow (and numpy) are."""
    from synthetic import LIMITS

    import medclusters

    dataset = medclusters.load(descriptor, limits=LIMITS)
    return sum(len(records) for records in dataset.tables().values())


def read_medclusters_csv(descriptor: Path) -> int:
    """The load without the fast path, as where pyarrow is not installed: the csv module."""
    from medclusters.io import columnar as _columnar

    _columnar.OFF = True
    try:
        return read_medclusters(descriptor)
    finally:
        _columnar.OFF = False


def read_pandas(descriptor: Path) -> int:
    """Every file as a DataFrame of text (no type inference, empty cells kept as "")."""
    import pandas as pd

    frames = [pd.read_csv(p, dtype=str, keep_default_na=False) for p in resources_of(descriptor)]
    return sum(map(len, frames))


def read_polars(descriptor: Path) -> int:
    """Every file as a polars DataFrame of text (no type inference)."""
    import polars as pl

    frames = [pl.read_csv(p, infer_schema=False) for p in resources_of(descriptor)]
    return sum(frame.height for frame in frames)


def read_frictionless(descriptor: Path) -> int:
    import frictionless

    package = frictionless.Package(str(descriptor))
    rows = 0
    for resource in package.resources:
        for row in resource.read_rows():
            row.to_dict()  # the values, typed
            rows += 1
    return rows


READERS: dict[str, Callable[[Path], int]] = {
    "medclusters.load": read_medclusters,
    "medclusters.load, csv module only": read_medclusters_csv,
    "csv.DictReader": read_dictreader,
    "csv.DictReader + cattrs": read_dictreader_cattrs,
    "frictionless read_rows": read_frictionless,
    "pandas read_csv (text)": read_pandas,
    "polars read_csv (text)": read_polars,
}


def timed(
    reader: Callable[[Path], int], descriptor: Path, repeat: int
) -> tuple[float, int, list[float]]:
    """Median seconds, rows read, and every sample."""
    samples, rows = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        rows = reader(descriptor)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), rows, samples


def validate_times(repeat: int = 9) -> list[float]:
    """Seconds of each warm ``medclusters.validate()`` of the bundled package."""
    import medclusters

    medclusters.validate()  # frictionless imported, the country index read
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        medclusters.validate()
        samples.append(time.perf_counter() - start)
    return samples


def retained_memory(descriptor: Path) -> dict[str, float]:
    """Bytes held (tracemalloc, in a fresh process) by the loaded Dataset and by the same rows
    as a list of dicts from csv.DictReader (pyarrow and numpy imported beforehand: a module's
    code is not the data's)."""
    code = f"""
import csv, gc, json, sys, tracemalloc
sys.path.insert(0, {str(Path(__file__).parent)!r})
from load import resources_of
from pathlib import Path
import medclusters
from synthetic import LIMITS
try:  # the fast path's modules: imported first, so their code is not counted as data
    import numpy, pyarrow.compute, pyarrow.csv
except ImportError:
    pass
descriptor = Path({str(descriptor)!r})
gc.collect(); tracemalloc.start()
ds = medclusters.load(descriptor, limits=LIMITS)
gc.collect(); dataset = tracemalloc.get_traced_memory()[0]
del ds; gc.collect(); tracemalloc.stop(); tracemalloc.start()
rows = []
for path in resources_of(descriptor):
    with path.open(encoding="utf-8", newline="") as handle:
        rows.extend(csv.DictReader(handle))
gc.collect(); dicts = tracemalloc.get_traced_memory()[0]
print(dataset, dicts)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    dataset, dicts = map(float, out.stdout.split())
    return {"dataset": dataset, "dicts": dicts}


#: What :func:`peak_memory` runs in a fresh process, after the imports of all of them.
PEAKS = {
    "python": "pass",
    "medclusters.load": "read_medclusters(descriptor)",
    "csv module only": "read_medclusters_csv(descriptor)",
    "csv.DictReader into lists": "read_dictreader(descriptor)",
}


def peak_memory(descriptor: Path, name: str) -> float:
    """Peak resident bytes (``VmHWM``; ``ru_maxrss`` would count the parent's peak from before
    the ``exec``) of a fresh process that runs ``PEAKS[name]``: arrow's buffers and the bytes
    read count too, which tracemalloc does not see."""
    code = f"""
import sys
sys.path.insert(0, {str(Path(__file__).parent)!r})
from pathlib import Path
from load import read_dictreader, read_medclusters, read_medclusters_csv
import medclusters, medclusters.loader.full, medclusters.io.columnar, pyarrow.csv, numpy
descriptor = Path({str(descriptor)!r})
{PEAKS[name]}
status = Path("/proc/self/status").read_text()
print(int(status.split("VmHWM:")[1].split()[0]) * 1024)  # kB: this process's peak, since exec
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.split()[-1])


def exponent(sizes: list[float], times: list[float]) -> float:
    """Slope of log(time) against log(size), least squares: 1.0 is linear."""
    xs, ys = [math.log(s) for s in sizes], [math.log(t) for t in times]
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mean_x) ** 2 for x in xs
    )


def svg_plot(series: dict[str, list[tuple[int, float]]]) -> str:
    """A log-log line chart of load time against rows, one line per reader, in plain SVG."""
    width, height, left, bottom, top, right = 760, 400, 70, 50, 20, 270
    points = [p for values in series.values() for p in values]
    x_lo, x_hi = (math.log10(min(p[0] for p in points)), math.log10(max(p[0] for p in points)))
    y_lo = math.floor(math.log10(min(p[1] for p in points)))
    y_hi = math.ceil(math.log10(max(p[1] for p in points)))

    def xy(rows: int, seconds: float) -> tuple[float, float]:
        x = left + (math.log10(rows) - x_lo) / (x_hi - x_lo) * (width - left - right)
        y = height - bottom - (math.log10(seconds) - y_lo) / (y_hi - y_lo) * (height - top - bottom)
        return round(x, 1), round(y, 1)

    colours = ["#1d4ed8", "#60a5fa", "#374151", "#b45309", "#be123c", "#15803d", "#7c3aed"]
    parts = [(f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
              'font-family="sans-serif" font-size="12">'),
             f'<rect width="{width}" height="{height}" fill="white"/>']  # fmt: skip
    for exp in range(y_lo, y_hi + 1):
        _, y = xy(10 ** round(x_lo), 10.0**exp)
        label = f"{10.0**exp:g} s"
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y}" y2="{y}" stroke="#e5e7eb"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4}" text-anchor="end">{label}</text>')
    for rows in sorted({p[0] for p in points}):
        x, _ = xy(rows, 10.0**y_lo)
        parts.append(
            f'<text x="{x}" y="{height - bottom + 18}" text-anchor="middle">{rows:,}</text>'
        )
    parts.append(f'<text x="{(width - right + left) / 2}" y="{height - 10}" '
                 'text-anchor="middle">rows in the package (log)</text>')  # fmt: skip
    for number, (name, values) in enumerate(series.items()):
        colour = colours[number % len(colours)]
        path = " ".join(f"{x},{y}" for x, y in (xy(r, s) for r, s in values))
        dash = ' stroke-dasharray="6 4"' if number % 2 else ""  # neighbours told apart in grey
        parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" '
                     f'stroke-width="2"{dash}/>')  # fmt: skip
        parts.extend(f'<circle cx="{x}" cy="{y}" r="3" fill="{colour}"/>'
                     for x, y in (xy(r, s) for r, s in values))  # fmt: skip
        parts.append(f'<text x="{width - right + 10}" y="{top + 20 + 18 * number}" '
                     f'fill="{colour}">{name}</text>')  # fmt: skip
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description="load benchmarks")
    parser.add_argument("--quick", action="store_true", help="scales up to 100x only")
    args = parser.parse_args()
    scales = [s for s in SCALES if not args.quick or s <= 100]
    print("# Import, first load and load at scale")
    print(machine())

    imports = import_times()
    base = imports["python -c pass"]
    print()
    print(table(["import, whole process (median of 21)", "time", "beyond python", "ratio"], [
        [name, milliseconds(t), milliseconds(t - base),
         f"{(t - base) / (imports['import cattrs'] - base):.2f}x"]
        for name, t in imports.items() if name != "python -c pass"
    ]))  # fmt: skip
    heavy = heavy_modules_after_import()
    print(f"import medclusters loads: {', '.join(heavy) or 'no frictionless, pandas, pyarrow, '}"
          f"{'' if heavy else 'polars, networkx or country index'}")  # fmt: skip
    first = in_subprocess(
        "import time, medclusters as mc; t = time.perf_counter(); mc.load(); "
        "print(time.perf_counter() - t)"
    )
    again = in_subprocess(
        "import time, medclusters as mc; mc.load(); t = time.perf_counter(); mc.load(); "
        "print(time.perf_counter() - t)"
    )
    print(f"first mc.load() after import: {milliseconds(first)} (median of 9 processes); "
          f"later calls: {again * 1e6:.1f} us (cached)")  # fmt: skip

    series: dict[str, list[tuple[int, float]]] = {name: [] for name in READERS}
    rows_table: list[list[str]] = []
    spreads: list[list[str]] = []
    with tempfile.TemporaryDirectory() as folder:
        for scale in scales:
            descriptor = synthetic.build(Path(folder) / f"x{scale}", scale)
            repeat = 5 if scale <= 100 else 3
            result: dict[str, tuple[float, int, list[float]]] = {}
            for name, reader in READERS.items():
                if name.startswith("frictionless") and scale > 100 and not args.quick:
                    result[name] = timed(reader, descriptor, 1)
                else:
                    result[name] = timed(reader, descriptor, repeat)
                series[name].append((result[name][1], result[name][0]))
            rows = result["csv.DictReader"][1]
            mine = result["medclusters.load"][0]
            plain = result["medclusters.load, csv module only"][0]
            dictreader = result["csv.DictReader"][0]
            rows_table.append([
                f"{scale}x", f"{rows:,}",
                *(f"{rows / seconds:,.0f}/s" for seconds, _, _ in result.values()),
                f"{dictreader / mine:.2f}x", f"{dictreader / plain:.2f}x",
                f"{result['frictionless read_rows'][0] / mine:.1f}x",
                f"{result['pandas read_csv (text)'][0] / mine:.2f}x",
                f"{result['polars read_csv (text)'][0] / mine:.2f}x",
            ])  # fmt: skip
            spreads.append([f"{scale}x", *(spread(samples) for _, _, samples in result.values())])
            if scale == scales[-1]:
                memory = retained_memory(descriptor)
                peaks = {name: peak_memory(descriptor, name) for name in PEAKS}
    print()
    print(table(["scale", "rows", *READERS, "load vs DictReader", "csv only vs DictReader",
                 "vs frictionless", "vs pandas", "vs polars"], rows_table))  # fmt: skip
    print("(ratios of rows per second: above 1.00x, medclusters.load reads faster)")
    print("\nrows per second from the median; each median with its range (min-max):")
    print(table(["scale", *READERS], spreads))
    checks = validate_times()
    print(f"\nvalidate() of the bundled package, warm: {spread(checks)} over {len(checks)} runs")
    sizes = [rows for rows, _ in series["medclusters.load"]]
    fit = [(r, t) for r, t in series["medclusters.load"] if r >= sizes[min(1, len(sizes) - 1)]]
    print(f"\nmedclusters.load time ~ rows^{exponent([r for r, _ in fit], [t for _, t in fit]):.2f}"
          f" from {fit[0][0]:,} to {fit[-1][0]:,} rows (1.00 is linear)")  # fmt: skip
    print(f"memory held at {scales[-1]}x: Dataset {memory['dataset'] / 2**20:,.1f} MiB, "
          f"list of dicts {memory['dicts'] / 2**20:,.1f} MiB, "
          f"ratio {memory['dataset'] / memory['dicts']:.2f}x")  # fmt: skip
    base = peaks.pop("python")
    print(
        f"peak resident memory of a process at {scales[-1]}x, beyond the "
        f"{base / 2**20:,.0f} MiB of one that imports them only: "
        + ", ".join(f"{name} {(peak - base) / 2**20:,.0f} MiB" for name, peak in peaks.items())
    )
    if not args.quick:
        PLOT.write_text(svg_plot(series), encoding="utf-8")
        print(f"plot written to {PLOT.relative_to(ROOT)}")
    print(
        "\ntargets: import <= 1.3x cattrs; first load <= 30 ms; at 1000x >= 1.0x DictReader "
        "into a list with the columnar fast path, >= 0.8x with the csv module only; linear; "
        "memory held <= 0.5x a list of dicts; validate() <= 150 ms warm"
    )


if __name__ == "__main__":
    main()
