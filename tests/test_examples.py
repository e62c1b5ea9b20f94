"""Every script in examples/ runs and prints what it promises."""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
from pathlib import Path

import pytest

import medclusters as mc

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.py"))


@pytest.mark.parametrize("script", EXAMPLES, ids=[path.name for path in EXAMPLES])
def test_example_runs(script: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.strip()
    assert result.stderr == ""


def _output(name: str) -> str:
    script = next(path for path in EXAMPLES if path.name == name)
    return subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, check=True
    ).stdout


def test_quickstart_output() -> None:
    out = _output("quickstart.py")
    assert "host: Latvian Resort Association" in out
    assert "founder: City of Lublin, Medical University of Lublin" in out
    ds = mc.load()
    bronze = {label.cluster_id for label in ds.labels if label.level is mc.LabelLevel.BRONZE}
    assert f"Clusters holding a Bronze label: {len(bronze)} of {len(ds.clusters)}" in out
    # the 2021 Danish merger (echalliance.com): five clusters into Danish Life Science Cluster
    assert "Welfare Tech merged into Danish Life Science Cluster (2021, " in out
    # member counts over the years, each with its date and source
    assert (
        "members: <=30 (2016-11, kv-poslovni-2016); 39 (2024-02-28, kv-teklic-2024); 40 (2024, "
    ) in out


def test_cross_cluster_output() -> None:
    out = _output("cross_cluster.py")
    graph = mc.load().collaboration_graph()
    counts = (
        f"{len(graph.nodes)} nodes, {len(graph.edges)} links, {len(graph.hyperedges)} programmes"
    )
    assert f"Collaboration network: {counts}" in out
    assert "LHTC (LV) & LITCARE (LT): name each other as partners;" in out
    assert "programmes ProVaHealth, Interreg BSR" in out
    assert "markets AZ KZ EE NO RU GB" in out
    assert "LITCARE (LT) & EHTC (EE): linked; events Letter of intent" in out
    pairs = out.split("What pairs of clusters share", 1)[1].split("Mermaid", 1)[0]
    lines = pairs.strip().splitlines()
    linked = sum(
        bool(shared.linked or shared.programmes or shared.events)
        for a, b in itertools.combinations(mc.load().clusters, 2)
        for shared in [mc.load().shared(a, b)]
    )
    assert len(lines) == 2 + linked + 1  # the heading, the pairs shown, the count of the rest
    assert re.fullmatch(
        r"  and \d+ more pairs that share only labels, markets or topics", lines[-1]
    )
    assert "flowchart LR" in out


def test_countries_messy_csv_output() -> None:
    out = _output("countries_messy_csv.py")
    assert "'Kazachstan' -> KZ  Kazakhstan" in out
    assert "'Itly' -> refused (did you mean Italy?)" in out
    assert "'Scandinavia' -> refused" in out
    assert "with pandas: 12 of 15 rows have a code" in out


def test_release_example_output() -> None:
    out = _output("release_with_pandas_and_sqlite.py")
    assert "release: medclusters-data-" in out
    assert "  KZ: 2 clusters" in out
    assert "51  major_player     Latvian Health Tourism Cluster" in out


def test_jsonld_example_output() -> None:
    out = _output("jsonld_export.py")
    assert f"org:Membership {len(mc.load().memberships)}" in out
    assert "53 members named: Latvian Health Tourism Cluster" in out
    assert "23 members named: Kvarner Health Tourism Cluster" in out
