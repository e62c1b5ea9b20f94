"""The benchmarks' synthetic packages: they must load and keep lookups unambiguous, or
`make bench` breaks unseen (a new column once did)."""

from __future__ import annotations

import sys
from pathlib import Path

import medclusters as mc
from tests.helpers import benchmark_module

synthetic = benchmark_module("synthetic")


def test_a_synthetic_package_loads_and_every_name_answers_once(tmp_path: Path) -> None:
    real = mc.load()
    descriptor = synthetic.build(tmp_path / "x3", 3, members_per_cluster=5)
    big = mc.load(descriptor, limits=synthetic.LIMITS)
    assert len(big.clusters) == 3 * len(real.clusters)
    assert len(big.memberships) == 5 * len(big.clusters)
    for cluster in big.clusters:
        assert big.cluster(cluster.name) is cluster
    for organisation in big.organisations[:: max(1, len(big.organisations) // 50)]:
        assert big.organisation(organisation.name) is organisation


def test_the_country_benchmarks_probe_of_laziness_still_runs() -> None:
    """It names a private attribute of the country module (a rename once broke make bench)."""
    import subprocess

    countries = benchmark_module("countries")
    out = subprocess.run([sys.executable, "-c", countries.LAZY], capture_output=True, text=True)
    assert out.stdout.strip() == "1.0", out.stderr
