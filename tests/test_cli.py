from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import medclusters as mc
from medclusters.cli import main
from tests.helpers import set_cell

#: The clusters of the bundled package, in the order of clusters.csv.
#: The clusters of the bundled package, in CSV order; the ten of 0.2.0 come first.
CLUSTERS = [c.id for c in mc.load().clusters]
TEN = [
    "lhtc",
    "litcare",
    "lubelska-medycyna",
    "health-romania",
    "kvarner-health-tourism-cluster",
    "estonian-health-tourism-cluster",
    "medicine-estonia-cluster",
    "estonian-connected-health-cluster",
    "cbm-smart-health",
    "rohealth",
]


def test_info(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["info"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"medclusters 0.3.1: {len(CLUSTERS)} clusters")
    assert "Lubelska medycyna – Klaster Usług Medycznych i Prozdrowotnych" in out
    assert "established 2014-01-21; members 130" in out
    assert "Klaster zdravstvenog turizma Kvarnera" in out


def test_info_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["info", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [c["id"] for c in data["clusters"]] == CLUSTERS
    assert CLUSTERS[:10] == TEN
    assert data["clusters"][0]["members_total"] == 60
    assert data["clusters"][3]["members_total"] is None  # no source counts Health Romania's


def test_validate_exit_codes(package_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate"]) == 0
    set_cell(package_copy, "markets", 1, "country", "XK")
    assert main(["validate", str(package_copy), "--json"]) == 1
    report = json.loads(capsys.readouterr().out.split("\n", 1)[1])
    assert report["valid"] is False
    assert report["problems"][0]["value"] == "XK"


def test_broken_package_is_a_clean_error(
    package_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    set_cell(package_copy, "clusters", 1, "members_total", "many")
    assert main(["info", str(package_copy)]) == 1
    assert "resource 'clusters', row 1, field 'members_total'" in capsys.readouterr().err


def test_python_dash_m() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "medclusters", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip().startswith("medclusters 0.2.0")


def test_clusters(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["clusters"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == CLUSTERS
    assert main(["clusters", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == len(CLUSTERS)


def test_show(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "Lublin medical cluster"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Lublin Medicine – Medical & Wellness Cluster")
    assert "founder (2): City of Lublin, Medical University of Lublin" in out
    assert "coordinator (2): City of Lublin, Medical University of Lublin" in out
    assert main(["show", "LHTC", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["cluster"]["established"] == "2012-06-15"
    assert len(data["members"]) == len([m for m in data["members"] if m["role"]]) == 53


def test_show_tells_figures_over_time_events_and_disagreements(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "100")  # show wraps to the terminal: make the width known
    assert main(["show", "Kvarner Health Tourism Cluster"]) == 0
    out = capsys.readouterr().out
    assert "members over time: <=30 (2016-11); 39 (2024-02-28); 40 (2024)" in out
    assert "Crikvenica International Health Tourism Conference 2018 (2018-11-08)" in out
    assert main(["show", "ECHC"]) == 0
    assert "sources disagree on: established (also 2016" in capsys.readouterr().out
    assert main(["show", "lhtc", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["sources"][0]["id"] == "eccp-lhtc"
    assert {c["kind"] for c in data["claims"]} >= {"disagreement", "derived"}
    assert [o["value"] for o in data["observations"] if o["measure"] == "members"] == [60]


def test_unknown_cluster_exits_3(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "Lithuanian Medical Cluster"]) == 3
    assert "did you mean: Lithuanian Medical Tourism Cluster (litcare)" in capsys.readouterr().err


def test_partners(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["partners", "lubelska-medycyna", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    clusters = {item["id"] for item in data if item["type"] == "cluster"}
    assert clusters == {
        "lhtc",
        "kvarner-health-tourism-cluster",
        "estonian-connected-health-cluster",
        "cbm-smart-health",
        "csg",  # and the four of the Polish medical clusters' agreement (medcluster.pl)
        "medcluster",
        "medsilesia",
        "lifescience-krakow",
        "ogolnopolski-klaster-e-zdrowie",
    }
    assert "scanbalt" in {item["id"] for item in data if item["type"] == "organisation"}


def test_country(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["country", "Włochy", "U.K."]) == 0
    assert capsys.readouterr().out.splitlines() == ["Włochy\tIT\tItaly", "U.K.\tGB\tUnited Kingdom"]
    assert main(["country", "Itly", "Latvija", "--json"]) == 3
    data = json.loads(capsys.readouterr().out)
    assert data[0]["suggestions"] == ["Italy"]
    assert data[1]["alpha_3"] == "LVA"


def test_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["name"] == "medclusters"
    assert main(["export", "jsonld", "-o", str(tmp_path / "x.jsonld")]) == 0
    assert "@graph" in json.loads((tmp_path / "x.jsonld").read_text(encoding="utf-8"))
    assert main(["export", "sqlite", "-o", str(tmp_path / "x.sqlite")]) == 0
    assert (tmp_path / "x.sqlite").stat().st_size > 0
    assert main(["export", "sqlite"]) == 2
    assert main(["export", "xml"]) == 2  # argparse's refusal, as an exit code, no traceback


def test_release_and_load_it_back(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["release", "--out", str(tmp_path)]) == 0
    full, public = capsys.readouterr().out.split()
    assert main(["clusters", "--source", public, "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == len(CLUSTERS)
    assert main(["release", "--stamp"]) == 0
    assert capsys.readouterr().out.strip() == "already stamped"
    assert Path(full).name.endswith(".zip")


# -- a user's mistakes and hostile packages: an error line and an exit code, never a traceback


def test_a_missing_extra_exits_4(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow now raises ImportError
    assert main(["export", "parquet", "-o", str(tmp_path / "pq")]) == 4
    err = capsys.readouterr().err
    assert err.startswith("error: ")
    assert "pip install 'medclusters[parquet]'" in err
    assert "Traceback" not in err


def test_a_missing_folder_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["info", "--source", str(tmp_path / "nowhere")]) == 1
    assert capsys.readouterr().err.startswith("error: no data package descriptor at ")


def test_an_existing_file_is_kept_unless_forced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    thesis = tmp_path / "thesis.json"
    thesis.write_text("my thesis", encoding="utf-8")
    assert main(["export", "json", "-o", str(thesis)]) == 4
    assert capsys.readouterr().err == f"error: {thesis} exists; add --force to replace it\n"
    assert thesis.read_text(encoding="utf-8") == "my thesis"
    assert main(["export", "json", "-o", str(thesis), "--force"]) == 0
    assert json.loads(thesis.read_text(encoding="utf-8"))["name"] == "medclusters"
    assert [p.name for p in tmp_path.iterdir()] == ["thesis.json"]  # no temporary left


@pytest.mark.parametrize("fmt", ["json", "jsonld", "sqlite", "parquet"])
def test_no_export_writes_inside_the_package_it_reads(
    package_copy: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = sorted(p.name for p in package_copy.rglob("*"))
    target = package_copy / ("data" if fmt == "parquet" else "datapackage.json")
    assert main(["export", fmt, "--source", str(package_copy), "-o", str(target), "--force"]) == 4
    assert "inside the package the dataset was read from" in capsys.readouterr().err
    assert sorted(p.name for p in package_copy.rglob("*")) == before


@pytest.mark.parametrize(
    ("out", "message"),
    [
        ("{tmp}", "is a folder; give a file name"),
        (
            "/proc/version/x.json",
            "cannot write /proc/version/x.json: /proc/version is not a folder",
        ),
        ("/proc/x.json", "cannot write /proc/"),
    ],
)
def test_an_unwritable_output_exits_4(
    tmp_path: Path, out: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    if out.startswith("/proc") and not Path("/proc/version").exists():
        pytest.skip("needs Linux's /proc")
    assert main(["export", "json", "-o", out.format(tmp=tmp_path)]) == 4
    err = capsys.readouterr().err
    assert err.startswith("error: ")
    assert message in err
    assert "Traceback" not in err


def test_names_cannot_drive_the_terminal(
    package_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ANSI escapes, the bell, C1 controls and a right-to-left override in a name are shown
    as \\u escapes in text and JSON output alike."""
    hostile = "Evil\x1b[2J\x07\x9b31m\u202eCluster\U000e0001"  # ... and a language tag
    set_cell(package_copy, "clusters", 1, "name", hostile)
    assert main(["clusters", "--source", str(package_copy)]) == 0  # load() accepts it ...
    out = capsys.readouterr().out
    assert not any(char in out for char in "\x1b\x07\x9b\u202e")
    assert "Evil\\u001b[2J\\u0007\\u009b31m\\u202eCluster\\udb40\\udc01" in out
    assert main(["clusters", "--source", str(package_copy), "--json"]) == 0
    text = capsys.readouterr().out
    assert not any(char in text for char in "\x1b\x07\x9b\u202e\U000e0001")
    assert hostile in [c["name"] for c in json.loads(text)]  # escapes that decode back
    assert main(["validate", "--source", str(package_copy)]) == 1  # ... validate() does not
    out = capsys.readouterr().out
    assert "contains the control character U+001B" in out
    assert "contains the bidirectional control U+202E" in out
    assert not any(char in out for char in "\x1b\x07\x9b\u202e")


COMMANDS = ["info", "validate", "clusters", "show", "partners", "country", "export", "diff"]
COMMANDS += ["release"]


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_help_is_plain_text(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    """--help shows no Markdown or reStructuredText: no backticks, no roles, no **bold**."""
    assert main([command, "--help"] if command else ["--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: medclusters")
    for markup in ("`", ":func:", ":class:", ":mod:", "**", ".. "):
        assert markup not in out, (command, markup)


@pytest.mark.parametrize(
    "command", ["info", "validate", "clusters", "show lhtc", "partners lhtc", "export json"]
)
def test_every_command_reading_a_package_takes_dash_s(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = str(tmp_path / "nowhere")
    for flag in ("-s", "--source"):
        code = main([*command.split(), flag, missing])
        err = capsys.readouterr()
        assert code == 1, (command, flag)
        assert f"no data package descriptor at {missing}" in err.err + err.out


@pytest.mark.parametrize("command", ["info", "validate"])
def test_the_positional_source_is_a_deprecated_alias(
    command: str, stamped_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([command, str(stamped_copy)]) == 0
    captured = capsys.readouterr()
    assert captured.err == "warning: the positional PATH is deprecated; write --source PATH\n"
    assert main([command, "--source", str(stamped_copy)]) == 0
    assert capsys.readouterr().err == ""
    assert main([command, "-s", str(stamped_copy), str(stamped_copy)]) == 2
    assert capsys.readouterr().err == "error: give the package once: --source PATH\n"


@pytest.mark.parametrize(
    ("argv", "code", "says"),
    [
        (["bogus"], 2, "invalid choice: 'bogus'"),
        ([], 2, "required: COMMAND"),
        (["diff"], 2, "the following arguments are required: old, new"),
        (["info", "--bogus"], 2, "unrecognized arguments: --bogus"),
        (["country"], 2, "required: text"),
        (["export", "yaml"], 2, "invalid choice: 'yaml'"),
        (["export", "parquet"], 2, "export parquet needs --out PATH"),
        (["show", "no-such-cluster"], 3, "no cluster 'no-such-cluster'"),
        (["country", "Atlantis"], 3, ""),
        (["info", "-s", "{tmp}/nowhere"], 1, "no data package descriptor"),
        (["info", "-s", "{tmp}/bad.json"], 1, "is not a JSON data package descriptor"),
        (["diff", "{tmp}/nowhere", "{tmp}/nowhere"], 1, "no data package descriptor"),
        (["export", "json", "-o", "{tmp}"], 4, ""),
    ],
)
def test_every_error_is_one_line(
    argv: list[str], code: int, says: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "bad.json").write_text("not json", encoding="utf-8")
    assert main([arg.replace("{tmp}", str(tmp_path)) for arg in argv]) == code
    err = capsys.readouterr().err
    if (
        argv[:1] == ["country"] and code == 3
    ):  # a name not found is a line of the answer, and exit 3
        assert err == ""
        return
    assert len(err.splitlines()) == 1, err
    assert err.startswith("error: ")
    assert says in err
    assert "Traceback" not in err


def test_counts_are_singular_for_one(
    package_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["info"]) == 0
    out = capsys.readouterr().out
    assert "1 partner," in out  # rohealth: one partner (the count issue 14 found as "1 partners")
    assert "1 target market country," in out
    for wrong in ("partners", "programmes", "named organisations", "topics", "labels"):
        assert not re.search(rf"(?<![0-9])1 {wrong}", out), wrong
    assert main(["validate", "-s", str(package_copy / "nowhere")]) == 1
    assert ": 1 problem\n  [load-error]" in capsys.readouterr().out
    set_cell(package_copy, "markets", 1, "country", "XK")  # a code, and a name it contradicts
    assert main(["validate", "-s", str(package_copy)]) == 1
    assert ": 2 problems\n" in capsys.readouterr().out


def test_no_required_argument_is_called_optional() -> None:
    """``diff --help`` said its required OLD defaulted to the bundled package."""
    import argparse

    from medclusters.cli import _parser

    parser = _parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    checked = 0
    for name, command in commands.choices.items():
        for action in command._actions:
            if action.required or (not action.option_strings and action.nargs in (None, "+")):
                assert "default" not in (action.help or ""), (name, action.dest, action.help)
                checked += 1
    assert checked >= 5
