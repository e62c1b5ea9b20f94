"""Every script in examples/ runs and prints what it promises."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.py"))


@pytest.mark.parametrize("script", EXAMPLES, ids=[path.name for path in EXAMPLES])
def test_example_runs(script: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.strip()
    assert result.stderr == ""


def test_quickstart_output() -> None:
    script = next(path for path in EXAMPLES if path.name == "quickstart.py")
    out = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, check=True
    ).stdout
    assert "host: Latvian Resort Association" in out
    assert "founder: Medical University of Lublin" in out
    assert "Clusters holding a Bronze label: 4 of 4" in out
