"""mc.diff() and `medclusters diff`: what changed between two versions of the data package,
and the data changelog generated from it."""

from __future__ import annotations

import gc
import importlib.util
import io
import json
import shutil
import weakref
from pathlib import Path
from typing import Any

import pytest

import medclusters as mc
from medclusters import changes as compare
from medclusters.cli import main
from tests.helpers import set_cell

ROOT = Path(__file__).resolve().parent.parent
PREVIOUS = ROOT / "releases" / "0.1.0" / "medclusters-data-0.1.0.zip"
#: The release after it: the tests below read the 0.1.0 -> 0.2.0 changes between the two
#: zips kept in the repository; the field edition's own changes are tested further down.
NEXT = ROOT / "releases" / "0.2.0" / "medclusters-data-0.2.0.zip"


@pytest.fixture(scope="module")
def changes() -> mc.Diff:
    return mc.diff(PREVIOUS, NEXT)


def test_a_package_has_no_changes_from_itself() -> None:
    same = mc.diff(mc.bundled_path(), mc.bundled_path().parent)
    assert not same
    assert same.summary() == "no changes"
    assert all(r.status == "unchanged" for r in same.resources)


def test_the_previous_release_is_reachable_and_loads_as_text(changes: mc.Diff) -> None:
    assert (changes.old_version, changes.new_version) == ("0.1.0", "0.2.0")


def test_resources_and_fields_added_and_removed(changes: mc.Diff) -> None:
    statuses = {r.name: r.status for r in changes.resources}
    for name in ("observations", "events", "event_roles", "citations", "organisation_names"):
        assert statuses[name] == "added"
    clusters = changes.resource("clusters")
    assert clusters.fields_added == ("members_observation_id",)
    assert clusters.fields_removed == ("local_description",)
    assert changes.resource("claims").fields_removed == ("qualifier",)
    with pytest.raises(KeyError, match="no resource 'budget'"):
        changes.resource("budget")


def test_rows_are_matched_by_key_and_their_changes_named(changes: mc.Diff) -> None:
    clusters = changes.resource("clusters")
    assert clusters.matched_by == ("id",)
    assert [row["id"] for row in clusters.added] == [
        "kvarner-health-tourism-cluster",
        "estonian-health-tourism-cluster",
        "medicine-estonia-cluster",
        "estonian-connected-health-cluster",
        "cbm-smart-health",
        "rohealth",
    ]
    lublin = next(c for c in clusters.changed if c.key == ("lubelska-medycyna",))
    fields = {f.field: (f.old, f.new) for f in lublin.changes}
    assert fields["established"] == ("2014-01", "2014-01-21")
    assert fields["name"][1] == "Lublin Medicine – Medical & Wellness Cluster"
    # the promoted organisations left organisations as they entered clusters
    removed = {row["id"] for row in changes.resource("organisations").removed}
    assert "kvarner-health-tourism-cluster" in removed
    memberships = changes.resource("memberships")
    assert memberships.matched_by == ("cluster_id", "organisation_id", "role")


def test_rows_whose_key_changed_are_matched_by_their_values(changes: mc.Diff) -> None:
    """budgets was keyed by (programme_id, item) and is keyed by id now: the old key is no
    longer unique, so rows pair by the fields both versions share."""
    budgets = changes.resource("budgets")
    assert budgets.matched_by == ()
    removed = [(row["programme_id"], row["item"]) for row in budgets.removed]
    assert removed == [("provahealth", "country_partner_total")]  # now scope country, item total
    assert ("provahealth", "total") in {(r["programme_id"], r["item"]) for r in budgets.added}


def test_markdown_and_json(changes: mc.Diff) -> None:
    text = changes.to_markdown()
    assert text.startswith("# Changes from 0.1.0 to 0.2.0\n")
    assert "| `clusters` | changed | 6 | 0 | 4 |" in text
    assert "| `lubelska-medycyna` | `established` | 2014-01 | 2014-01-21 |" in text
    data = changes.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["old"]["version"] == "0.1.0"


def test_an_edit_shows_as_one_changed_cell(package_copy: Path) -> None:
    set_cell(package_copy, "clusters", 1, "members_total", "61")
    found = mc.diff(mc.bundled_path(), package_copy)
    assert found.summary() == "clusters: changed, +0 -0 ~1 rows"
    (change,) = found.resource("clusters").changed
    assert (change.key, change.changes) == (
        ("lhtc",),
        (mc.FieldChange("members_total", "60", "61"),),
    )


def test_a_resource_left_out_shows_as_removed(tmp_path: Path) -> None:
    """The public release leaves contacts out: diff says so."""
    from medclusters import release

    full, public = release.build(tmp_path)
    found = mc.diff(full, public)
    assert found.resource("contacts").status == "removed"
    assert [r.name for r in found.resources if r] == ["contacts"]


def test_a_broken_package_is_a_package_error(tmp_path: Path) -> None:
    shutil.copytree(mc.bundled_path().parent, tmp_path / "pkg")
    (tmp_path / "pkg" / "data" / "clusters.csv").write_bytes(b"id\n\xff\n")
    with pytest.raises(mc.PackageError, match="resource 'clusters'"):
        mc.diff(mc.bundled_path(), tmp_path / "pkg")


def test_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(PREVIOUS), str(NEXT)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("0.1.0 -> 0.2.0\nsources: changed, +99 -0 ~0 rows\n")
    assert main(["diff", str(NEXT), str(mc.bundled_path()), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["new"]["version"] == "0.3.1"
    assert main(["diff", str(PREVIOUS), str(NEXT), "--markdown"]) == 0
    assert capsys.readouterr().out.startswith("# Changes from 0.1.0 to 0.2.0")
    assert main(["diff", str(PREVIOUS), "nowhere"]) == 1


def test_the_data_changelog_is_generated_from_diff() -> None:
    """Fails when the data changed: run python scripts/make_data_changelog.py."""
    spec = importlib.util.spec_from_file_location(
        "make_data_changelog", ROOT / "scripts" / "make_data_changelog.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    expected = module.render()
    for target in module.TARGETS:
        assert target.read_text(encoding="utf-8") == expected


# -- the field edition: 0.2.0 -> 0.3.0 -------------------------------------------------------


@pytest.fixture(scope="module")
def field_changes() -> mc.Diff:
    return mc.diff(NEXT, mc.bundled_path())


def test_the_registry_resources_arrive_with_the_field_edition(field_changes: mc.Diff) -> None:
    statuses = {r.name: r.status for r in field_changes.resources}
    for name in ("statuses", "relationships", "leads", "identifier_schemes"):
        assert statuses[name] == "added"
    assert field_changes.resource("cluster_names").fields_added == ("valid_from", "valid_until")
    assert field_changes.resource("clusters").fields_added == ("latitude", "longitude")


def test_a_status_change_is_reported_as_one(package_copy: Path) -> None:
    """A cluster of both versions whose latest status row changed is one StatusChange,
    beside the statuses row added; an older row does not count."""
    rows = (package_copy / "data" / "statuses.csv").read_text(encoding="utf-8")
    (package_copy / "data" / "statuses.csv").write_text(
        rows
        + "lhtc:closed:2026-01,lhtc,closed,2026-01,,,eccp-lhtc\n"
        + "litcare:active:2019,litcare,active,2019,,,eccp-litcare\n",
        encoding="utf-8",
    )
    found = mc.diff(mc.bundled_path(), package_copy)
    assert [(c.cluster_id, c.old, c.new, c.since) for c in found.status_changes] == [
        ("lhtc", "", "closed", "2026-01"),
        ("litcare", "", "active", "2019"),
    ]
    assert "status changes: 2 clusters" in found.summary()
    markdown = found.to_markdown()
    assert "## Status changes" in markdown
    assert "| `lhtc` | (none) | closed | 2026-01 | - | `eccp-lhtc` |" in markdown
    assert found.to_dict()["status_changes"][0]["new"] == "closed"
    # a later row changes it back: the latest row is the status
    with (package_copy / "data" / "statuses.csv").open("a", encoding="utf-8") as handle:
        handle.write("lhtc:active:2026-06,lhtc,active,2026-06,,,eccp-lhtc\n")
    again = mc.diff(mc.bundled_path(), package_copy)
    assert [(c.cluster_id, c.new) for c in again.status_changes] == [
        ("lhtc", "active"),
        ("litcare", "active"),
    ]


def test_no_status_change_between_equal_packages() -> None:
    assert mc.diff(mc.bundled_path(), mc.bundled_path()).status_changes == ()


def test_markdown_made_from_data_is_inert(package_copy: Path) -> None:
    """HTML, links and control characters from a package's cells stay text in the changelog;
    ``|`` is escaped in tables only."""
    hostile = "<script>alert(1)</script> [x](javascript:alert(2)) a|b\x07c\u2028d"
    set_cell(package_copy, "clusters", 1, "description", hostile)
    set_cell(package_copy, "sources", 1, "title", "<img src=x onerror=alert(3)>")
    markdown = mc.diff(mc.bundled_path(), package_copy).to_markdown()
    assert "<script>" not in markdown
    assert "<img" not in markdown
    assert "[x](javascript:" not in markdown  # \\[x\\] is text, not a link
    assert "\x07" not in markdown
    assert "\u2028" not in markdown
    assert "&lt;script&gt;" in markdown
    assert "a\\|b" in markdown  # in a table cell
    outside = [line for line in markdown.splitlines() if not line.startswith("|")]
    assert not any("\\|" in line for line in outside)  # no backslash before | outside tables


# -- the reports written as they are made ---------------------------------------------------------


@pytest.mark.parametrize(("old", "new"), [(PREVIOUS, NEXT), (NEXT, ROOT / "datapackage")])
def test_the_streamed_reports_equal_the_held_ones(old: Path, new: Path) -> None:
    held = mc.diff(old, new)
    streamed = io.StringIO()
    compare.write_json(old, new, streamed)
    assert streamed.getvalue() == json.dumps(held.to_dict(), ensure_ascii=False, indent=2) + "\n"
    streamed = io.StringIO()
    compare.write_markdown(old, new, streamed)
    assert streamed.getvalue() == held.to_markdown()
    streamed = io.StringIO()
    compare.write_markdown(old, new, streamed, title="Changelog")
    assert streamed.getvalue() == held.to_markdown("Changelog")


def test_the_streamed_reports_of_equal_packages() -> None:
    streamed = io.StringIO()
    compare.write_markdown(NEXT, NEXT, streamed)
    assert streamed.getvalue() == mc.diff(NEXT, NEXT).to_markdown()
    assert streamed.getvalue().endswith("No changes.\n")
    streamed = io.StringIO()
    compare.write_json(NEXT, NEXT, streamed)
    assert json.loads(streamed.getvalue()) == mc.diff(NEXT, NEXT).to_dict()


class _Watch(io.StringIO):
    """Output that counts, at each write, the tables of text still alive."""

    def __init__(self, tables: list[weakref.ref[Any]]) -> None:
        super().__init__()
        self.tables = tables
        self.most = 0

    def write(self, text: str) -> int:
        gc.collect()
        self.most = max(self.most, sum(ref() is not None for ref in self.tables))
        return super().write(text)


@pytest.mark.slow
@pytest.mark.parametrize("writer", ["write_json", "write_markdown"])
def test_the_streamed_reports_hold_one_resource_at_a_time(
    writer: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Memory bounded by the largest resource: while a report is written, no more than one
    resource of each version is alive, beside the two that status changes need (clusters and
    statuses, of each version)."""
    tables: list[weakref.ref[Any]] = []
    table = compare._Package.table

    def watched(self: Any, name: str) -> Any:
        found = table(self, name)
        if found is not None:
            tables.append(weakref.ref(found))
        return found

    monkeypatch.setattr(compare._Package, "table", watched)
    out = _Watch(tables)
    getattr(compare, writer)(NEXT, ROOT / "datapackage", out)
    resources = len(mc.load().descriptor["resources"])
    assert len(tables) > resources  # every resource of the new version, and the old ones
    assert 2 < out.most <= 2 * 2 + 2, out.most


def test_the_command_line_streams_safely(
    package_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The streamed reports escape what a terminal would obey, as the other commands do."""
    package = package_copy
    set_cell(package, "clusters", 1, "description", "bell\x07 and \x1b[31mred\u202e")
    assert main(["diff", str(mc.bundled_path()), str(package), "--json"]) == 0
    out = capsys.readouterr().out
    assert "\x07" not in out
    assert "\x1b" not in out
    assert "\u202e" not in out
    found = json.loads(out)["resources"][1]["changed"][0]["changes"][0]["new"]
    assert found == "bell\x07 and \x1b[31mred\u202e"
    assert main(["diff", str(mc.bundled_path()), str(package), "--markdown"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out
    assert "\x07" not in out
