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


# -- on a plain install, and with bad arguments ----------------------------------------------------

#: The optional packages an example may use: blocked to run it as on a plain install.
OPTIONAL = ("pandas", "polars", "pyarrow", "numpy", "rdflib", "networkx", "datasette")

#: Runs an example with the optional packages missing, as ``pip install .`` leaves them.
PLAIN = """
import runpy, sys
class Missing:
    @staticmethod
    def find_spec(name, path=None, target=None):
        if name.split(".")[0] in {blocked!r}:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
        return None
sys.meta_path.insert(0, Missing)
script = sys.argv[1]
sys.argv = sys.argv[1:]
runpy.run_path(script, run_name="__main__")
"""


def _plain(script: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    code = PLAIN.format(blocked=set(OPTIONAL))
    return subprocess.run(
        [sys.executable, "-c", code, str(script), *arguments],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize("script", EXAMPLES, ids=[path.name for path in EXAMPLES])
def test_example_runs_on_a_plain_install(script: Path) -> None:
    """Without any extra, each example runs, says what it skips and why, and says at its
    top what it needs."""
    result = _plain(script)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.strip()
    assert "Needs:" in (script.read_text(encoding="utf-8").split('"""')[1])
    for name in OPTIONAL:
        if f"import {name}" in script.read_text(encoding="utf-8"):
            assert "is not installed" in result.stdout, (script.name, name)


def test_the_plain_install_blocker_blocks() -> None:
    """The check above means something: under it, pandas cannot be imported."""
    code = PLAIN.format(blocked={"pandas"}).replace(
        'runpy.run_path(script, run_name="__main__")', "import pandas"
    )
    blocked = subprocess.run([sys.executable, "-c", code, "x"], capture_output=True, text=True)
    assert "No module named 'pandas'" in blocked.stderr


@pytest.mark.parametrize(
    ("name", "arguments", "message"),
    [
        ("countries_messy_csv.py", ["nowhere.csv"], "error: cannot read nowhere.csv: "),
        ("release_with_pandas_and_sqlite.py", ["nowhere.zip"], "error: cannot read nowhere.zip"),
        ("release_with_pandas_and_sqlite.py", ["README.md"], "error: cannot read README.md"),
        ("jsonld_export.py", ["README.md"], "error: cannot write README.md: "),
    ],
)
def test_bad_arguments_are_one_error_line(name: str, arguments: list[str], message: str) -> None:
    """A wrong path is one ``error:`` line and exit status 1, never a traceback; an existing
    file is not replaced."""
    script = next(path for path in EXAMPLES if path.name == name)
    readme = script.parent.parent / "README.md"
    before = readme.read_bytes()
    result = subprocess.run(
        [sys.executable, str(script), *arguments],
        capture_output=True, text=True, timeout=120, cwd=script.parent.parent,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.startswith(message), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
    assert readme.read_bytes() == before
