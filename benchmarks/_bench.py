"""Shared helpers for the benchmarks: medians of repeated timings, subprocess timings, tables.

Benchmarks print medians (this machine is shared and noisy) and ratios between alternatives
measured side by side in the same run, always in the same order.
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def per_call(function: Callable[[], object], *, repeat: int = 7, budget: float = 0.2) -> float:
    """Median seconds per call of ``function``, over ``repeat`` batches of about ``budget`` s."""
    number = 1
    while True:  # grow the batch until it takes a measurable share of the budget
        start = time.perf_counter()
        for _ in range(number):
            function()
        elapsed = time.perf_counter() - start
        if elapsed >= budget / 10 or number >= 1_000_000:
            break
        number *= 10
    number = max(1, int(number * (budget / max(elapsed, 1e-9)) / 10))
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            function()
        samples.append((time.perf_counter() - start) / number)
    return statistics.median(samples)


def in_subprocess(code: str, *, repeat: int = 9) -> float:
    """Median of the float that ``code`` prints last, each run in a fresh interpreter."""
    samples = []
    for _ in range(repeat):
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
        )
        samples.append(float(result.stdout.split()[-1]))
    return statistics.median(samples)


#: The libraries whose versions a benchmark's figures depend on.
LIBRARIES = ("medclusters", "attrs", "cattrs", "frictionless", "pandas", "polars", "pyarrow",
             "numpy", "pycountry", "country_converter")  # fmt: skip


def machine() -> str:
    """Two lines naming the machine, the interpreter and the libraries measured, printed at the
    top of every benchmark."""
    from importlib import metadata

    versions = []
    for name in LIBRARIES:
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} (not installed)")
    return (
        f"{platform.python_implementation()} {platform.python_version()} on "
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs\n" + ", ".join(versions)
    )


def spread(samples: Sequence[float]) -> str:
    """``median (min-max)`` of timings in seconds, in milliseconds."""
    return (
        f"{statistics.median(samples) * 1e3:,.0f} ms "
        f"({min(samples) * 1e3:,.0f}-{max(samples) * 1e3:,.0f})"
    )


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A plain-text table, left-aligned first column, the others right-aligned."""
    cells = [[str(cell) for cell in row] for row in [headers, *rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = []
    for number, row in enumerate(cells):
        parts = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)
        ]
        lines.append("  ".join(parts).rstrip())
        if number == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def microseconds(seconds: float) -> str:
    return f"{seconds * 1e6:,.2f} us"


def milliseconds(seconds: float) -> str:
    return f"{seconds * 1e3:,.1f} ms"
