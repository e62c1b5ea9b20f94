from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from medclusters.cli import main
from tests.conftest import set_cell


def test_info(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["info"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("medclusters 0.1.0: 4 clusters")
    assert "Lubelska medycyna – Klaster Usług Medycznych i Prozdrowotnych" in out
    assert "established 2014-01; members 130" in out


def test_info_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["info", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [c["id"] for c in data["clusters"]] == [
        "lhtc",
        "litcare",
        "lubelska-medycyna",
        "health-romania",
    ]
    assert data["clusters"][0]["members_total"] == 60
    assert data["clusters"][1]["members_total"] is None


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
    assert result.stdout.strip().startswith("medclusters 0.1.0")
