"""CITATION.cff and CHANGELOG.md tell one story: the dataset version CITATION.cff asks to cite
is the one in datapackage.json, released on the date the CHANGELOG gives it (the descriptor's
``created``), and the library it names is this one, whose release CITATION.cff dates only if
the CHANGELOG does."""

from __future__ import annotations

import json
import re
from pathlib import Path

import medclusters as mc

ROOT = Path(__file__).resolve().parents[1]


def _citation() -> tuple[dict[str, str], dict[str, str]]:
    """The top-level keys of CITATION.cff, and those of its software reference."""
    text = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    top = dict(re.findall(r"^([a-z-]+): *(\S.*)$", text, flags=re.MULTILINE))
    software = text.split("- type: software", 1)[1]
    reference = dict(re.findall(r"^ {4}([a-z-]+): *(\S.*)$", software, flags=re.MULTILINE))
    return top, reference


def _headings(section: str) -> dict[str, str]:
    """Version -> the date or "unreleased" of each ``### version (...)`` of a section."""
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    body = text.split(f"## {section}\n", 1)[1].split("\n## ", 1)[0]
    return dict(re.findall(r"^### ([0-9.]+) \(([^)]+)\)$", body, flags=re.MULTILINE))


def test_the_dataset_cited_is_the_dataset_released() -> None:
    top, _ = _citation()
    descriptor = json.loads((ROOT / "datapackage" / "datapackage.json").read_text("utf-8"))
    assert top["version"] == descriptor["version"] == mc.DATA_VERSION
    released = _headings("Dataset")
    assert released[top["version"]] == top["date-released"]
    assert top["date-released"] == descriptor["created"][:10]
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", date) for date in released.values())


def test_the_library_cited_is_this_one_and_undated_until_released() -> None:
    _, reference = _citation()
    assert reference["version"] == mc.__version__
    released = _headings("Library")
    assert mc.__version__ in released
    if released[mc.__version__] == "unreleased":
        assert "date-released" not in reference
    else:
        assert reference.get("date-released") == released[mc.__version__]
