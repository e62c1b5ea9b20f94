"""Generated documentation stays current: the data dictionary and the network picture."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import medclusters as mc

ROOT = Path(__file__).resolve().parent.parent


def _script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_data_dictionary_is_current() -> None:
    """Fails when datapackage.json changed: run python scripts/make_dictionary.py."""
    descriptor = json.loads((ROOT / "datapackage" / "datapackage.json").read_text("utf-8"))
    expected = _script("make_dictionary").render(descriptor)
    assert (ROOT / "docs" / "dictionary.md").read_text(encoding="utf-8") == expected


def test_data_dictionary_lists_every_field() -> None:
    text = (ROOT / "docs" / "dictionary.md").read_text(encoding="utf-8")
    for record_type in mc.RECORD_TYPES.values():
        for field in record_type.__attrs_attrs__:  # type: ignore[attr-defined]
            assert f"| `{field.name}` |" in text


def test_network_picture_is_current() -> None:
    """Fails when the collaborations changed: run python scripts/make_network_svg.py."""
    expected = _script("make_network_svg").render(mc.load().collaboration_graph())
    assert (ROOT / "docs" / "network.svg").read_text(encoding="utf-8") == expected


def test_reliability_page_is_current() -> None:
    """Fails when an error message or the corpus changed: run scripts/make_reliability.py."""
    script = _script("make_reliability")
    expected = script.render(script.outcomes())
    assert (ROOT / "docs" / "reliability.md").read_text(encoding="utf-8") == expected


def test_dataset_card_is_current() -> None:
    """Fails when the data changed: run python scripts/make_card.py."""
    from medclusters import release

    card = (ROOT / "datapackage" / "README.md").read_text(encoding="utf-8")
    assert card == release.card()
    assert "contacts" in card  # the full edition's card
    assert "| `kv-teklic-2024` | Teklić (teklic.hr) |" in card  # every source, with publisher


def test_public_card_leaves_out_contacts() -> None:
    from medclusters import release

    card = release.card(public=True, copies=("SQLite", "Parquet"))
    assert "`contacts`" not in card.split("## Personal data")[0]
    assert "public edition" in card
    assert "medclusters.sqlite" in card
    assert "parquet/" in card
