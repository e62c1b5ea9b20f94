"""What changed between two versions of a data package (:func:`medclusters.diff`):
resources and fields added or removed, and per resource the rows added, removed and
changed, matched by primary key.

The module is ``changes``, not ``diff``: importing a submodule named ``diff`` would bind the
name ``medclusters.diff`` to the module and hide the function.

The packages are read as tables of text, not as records, so two versions with different
schemas (0.1.0 and 0.2.0) compare: a row is matched by the newer primary key where both
versions have its fields, else by the older one, else by its values on the fields both
versions share. Every file is read through the same checked readers as :func:`load`.

>>> import medclusters as mc
>>> changes = mc.diff(mc.bundled_path(), mc.bundled_path())
>>> bool(changes), changes.summary()
(False, 'no changes')
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from medclusters.io.limits import Limits, limits_of
from medclusters.utils.markdown import cell, code

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

__all__ = [
    "Diff",
    "FieldChange",
    "ResourceDiff",
    "RowChange",
    "StatusChange",
    "diff",
    "write_json",
    "write_markdown",
]

Row = Mapping[str, str]


@attrs.frozen
class FieldChange:
    """One field of a row: its old and new text (``""`` where empty)."""

    field: str
    old: str
    new: str


@attrs.frozen
class RowChange:
    """A row present in both versions whose fields differ."""

    key: tuple[str, ...]
    changes: tuple[FieldChange, ...]


@attrs.frozen
class ResourceDiff:
    """What changed in one resource. ``matched_by`` names the key fields rows were paired
    by, or is empty where they were compared by their values on the shared fields."""

    name: str
    status: str  # "added", "removed", "changed" or "unchanged"
    matched_by: tuple[str, ...]
    fields_added: tuple[str, ...]
    fields_removed: tuple[str, ...]
    added: tuple[dict[str, str], ...]
    removed: tuple[dict[str, str], ...]
    changed: tuple[RowChange, ...]

    def __bool__(self) -> bool:
        return self.status != "unchanged"

    def key_of(self, row: Row) -> str:
        """How a row is named in a summary: its key, or its id or name."""
        fields = self.matched_by or tuple(f for f in ("id", "name") if f in row)[:1]
        return " | ".join(row.get(field, "") for field in fields) or "(row)"


@attrs.frozen
class StatusChange:
    """A cluster whose status (the latest row of ``statuses``) differs between the versions:
    ``old`` and ``new`` are ``active``, ``inactive``, ``closed``, ``merged`` or ``""`` where
    the version states none; ``since``, ``as_of`` and ``source_id`` are the new row's."""

    cluster_id: str
    old: str
    new: str
    since: str
    as_of: str
    source_id: str


@attrs.frozen
class Diff:
    """The changes between ``old`` and ``new``, one :class:`ResourceDiff` per resource in
    either version (the new version's order, then resources only the old one has)."""

    old: str
    new: str
    old_version: str
    new_version: str
    resources: tuple[ResourceDiff, ...]
    #: Clusters of both versions whose status changed (a status change is also a row added).
    status_changes: tuple[StatusChange, ...] = ()

    def __bool__(self) -> bool:
        return any(self.resources)

    def resource(self, name: str) -> ResourceDiff:
        """The changes of one resource; ``KeyError`` names the resources there are."""
        for found in self.resources:
            if found.name == name:
                return found
        raise KeyError(f"no resource {name!r}: {', '.join(r.name for r in self.resources)}")

    def summary(self) -> str:
        """One line per changed resource: rows added, removed and changed."""
        lines = []
        for r in self.resources:
            if not r:
                continue
            counts = f"+{len(r.added)} -{len(r.removed)} ~{len(r.changed)} rows"
            extra = "".join(
                f"; fields {sign}{', '.join(names)}"
                for sign, names in (("+", r.fields_added), ("-", r.fields_removed))
                if names
            )
            lines.append(f"{r.name}: {r.status}, {counts}{extra}")
        if self.status_changes:
            lines.append(f"status changes: {len(self.status_changes)} clusters")
        return "\n".join(lines) or "no changes"

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON: every added, removed and changed row."""
        return {
            **_versions(self.old, self.new, self.old_version, self.new_version),
            "resources": [_resource_dict(r) for r in self.resources],
            "status_changes": [attrs.asdict(change) for change in self.status_changes],
        }

    def to_markdown(self, title: str | None = None) -> str:
        """A changelog: per resource the fields and rows added and removed, and each changed
        row with its old and new values."""
        sections = [line for r in self.resources for line in _section(r)]
        return "\n".join(
            _markdown_head(self, title, [_counts(r) for r in self.resources], self.status_changes)
            + sections
        )


def _versions(old: str, new: str, old_version: str, new_version: str) -> dict[str, Any]:
    return {
        "old": {"source": old, "version": old_version},
        "new": {"source": new, "version": new_version},
    }


def _resource_dict(r: ResourceDiff) -> dict[str, Any]:
    return {
        "name": r.name,
        "status": r.status,
        "matched_by": list(r.matched_by),
        "fields_added": list(r.fields_added),
        "fields_removed": list(r.fields_removed),
        "added": list(r.added),
        "removed": list(r.removed),
        "changed": [
            {"key": list(c.key), "changes": [attrs.asdict(f) for f in c.changes]} for c in r.changed
        ],
    }


#: What the summary table of a changelog needs of a resource: name, status, rows added,
#: removed and changed (kept while the rows themselves are let go).
_Counts = tuple[str, str, int, int, int]


def _counts(r: ResourceDiff) -> _Counts:
    return (r.name, r.status, len(r.added), len(r.removed), len(r.changed))


def _markdown_head(
    versions: Diff | _Header,
    title: str | None,
    counts: list[_Counts],
    status_changes: Iterable[StatusChange],
) -> list[str]:
    """The title, the table of changed resources and the status changes of a changelog."""
    heading = title or f"Changes from {versions.old_version} to {versions.new_version}"
    lines = [f"# {heading}", ""]
    changed = [c for c in counts if c[1] != "unchanged"]
    if not changed:
        return [*lines, "No changes.", ""]
    lines += [
        "| resource | status | rows added | removed | changed |",
        "| --- | --- | --- | --- | --- |",
        *(
            f"| {code(name, table=True)} | {status} | {added} | {removed} | {changes} |"
            for name, status, added, removed, changes in changed
        ),
        "",
    ]
    status_changes = tuple(status_changes)
    if status_changes:
        lines += [
            "## Status changes",
            "",
            "| cluster | old status | new status | since | as of | source |",
            "| --- | --- | --- | --- | --- | --- |",
            *(
                f"| {code(c.cluster_id, table=True)} | {cell(c.old or '(none)')} | "
                f"{cell(c.new or '(none)')} | {cell(c.since or '-')} | "
                f"{cell(c.as_of or '-')} | "
                f"{code(c.source_id, table=True)} |"
                for c in status_changes
            ),
            "",
        ]
    return lines


def _section(r: ResourceDiff) -> list[str]:
    """A changed resource's part of a changelog (nothing for an unchanged one)."""
    if not r:
        return []
    lines = [f"## {code(r.name)}", ""]
    matched = ", ".join(r.matched_by) if r.matched_by else "their values"
    lines.append(f"Rows matched by {matched}.")
    for label, names in (("Fields added", r.fields_added), ("Fields removed", r.fields_removed)):
        if names:
            lines.append(f"{label}: {', '.join(code(n) for n in names)}.")
    lines.append("")
    for label, rows in (("Added", r.added), ("Removed", r.removed)):
        if rows:
            keys = ", ".join(code(r.key_of(row)) for row in rows)
            lines += [f"{label} ({len(rows)}): {keys}", ""]
    if r.changed:
        lines += ["| row | field | old | new |", "| --- | --- | --- | --- |"]
        for change in r.changed:
            for field in change.changes:
                lines.append(
                    f"| {code(' | '.join(change.key), table=True)} | "
                    f"{code(field.field, table=True)} | {_md(_short(field.old))} | "
                    f"{_md(_short(field.new))} |"
                )
        lines.append("")
    return lines


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _md(text: str) -> str:
    """A changed value as an inert table cell, ``(empty)`` where it is empty."""
    return cell(text) if text else "(empty)"


@attrs.frozen
class _Table:
    fields: tuple[str, ...]
    primary_key: tuple[str, ...]
    rows: tuple[dict[str, str], ...]


class _Package:
    """One side of a comparison: its descriptor read at once, each resource's rows only when
    asked for (and let go after, but for the two the status changes need)."""

    _KEPT = ("clusters", "statuses")

    def __init__(self, source: str | Path, limits: Limits) -> None:
        from medclusters.io.readers import open_reader
        from medclusters.io.spec import parse_resources

        self.source = str(source)
        self._reader = open_reader(source, limits)
        descriptor = self._reader.descriptor()
        self.version = str(descriptor.get("version", ""))
        self.specs = parse_resources(descriptor)
        self.kept: dict[str, _Table] = {}

    def table(self, name: str) -> _Table | None:
        """The resource ``name`` as a table of text, ``None`` where the package has none."""
        from medclusters.loader.full import read_rows

        if name in self.kept:
            return self.kept[name]
        spec = self.specs.get(name)
        if spec is None:
            return None
        data = self._reader.read_resource(spec.path, name, spec.entry)
        header, rows = read_rows(data, spec, match_schema=False)  # old versions differ
        del data
        table = _Table(
            tuple(header),
            spec.primary_key,
            tuple(dict(zip(header, cells, strict=False)) for cells in rows.rows()),
        )
        if name in self._KEPT:
            self.kept[name] = table
        return table


@attrs.frozen
class _Header:
    old: str
    new: str
    old_version: str
    new_version: str


def _resource_diffs(before: _Package, after: _Package) -> Iterator[ResourceDiff]:
    """Each resource's changes, in the new version's order then the old one's own: one
    resource of each version read at a time."""
    names = [*after.specs, *(name for name in before.specs if name not in after.specs)]
    for name in names:
        yield _compare(name, before.table(name), after.table(name))


def _unique(rows: Iterable[Row], key: tuple[str, ...]) -> dict[tuple[str, ...], Row] | None:
    """The rows by ``key``, or None where a key is missing or repeated (it cannot match)."""
    found: dict[tuple[str, ...], Row] = {}
    for row in rows:
        value = tuple(row.get(field, "") for field in key)
        if value in found:
            return None
        found[value] = row
    return found


def _compare(name: str, old: _Table | None, new: _Table | None) -> ResourceDiff:
    if old is None or new is None:
        present = new or old
        if present is None:  # pragma: no cover - a name is in one package at least
            raise ValueError(f"resource {name!r} is in neither package")
        status = "added" if old is None else "removed"
        rows = present.rows
        return ResourceDiff(
            name,
            status,
            present.primary_key,
            present.fields if status == "added" else (),
            present.fields if status == "removed" else (),
            rows if status == "added" else (),
            rows if status == "removed" else (),
            (),
        )
    shared = tuple(f for f in new.fields if f in old.fields)
    fields_added = tuple(f for f in new.fields if f not in old.fields)
    fields_removed = tuple(f for f in old.fields if f not in new.fields)
    for key in (new.primary_key, old.primary_key):
        if key and all(f in shared for f in key):
            before, after = _unique(old.rows, key), _unique(new.rows, key)
            if before is not None and after is not None:
                break
    else:
        key, before, after = (), None, None
    added: list[dict[str, str]] = []
    removed: list[dict[str, str]] = []
    changed: list[RowChange] = []
    if before is not None and after is not None:
        for value, row in after.items():
            if value not in before:
                added.append(dict(row))
                continue
            changes = tuple(
                FieldChange(f, before[value].get(f, ""), row.get(f, ""))
                for f in shared
                if before[value].get(f, "") != row.get(f, "")
            )
            if changes:
                changed.append(RowChange(value, changes))
        removed = [dict(row) for value, row in before.items() if value not in after]
    else:  # no usable key: rows equal on the shared fields are the same row
        remaining = Counter(tuple(row.get(f, "") for f in shared) for row in old.rows)
        for row in new.rows:
            value = tuple(row.get(f, "") for f in shared)
            if remaining[value] > 0:
                remaining[value] -= 1
            else:
                added.append(dict(row))
        for row in old.rows:
            value = tuple(row.get(f, "") for f in shared)
            if remaining[value] > 0:
                remaining[value] -= 1
                removed.append(dict(row))
    unchanged = not (added or removed or changed or fields_added or fields_removed)
    return ResourceDiff(
        name,
        "unchanged" if unchanged else "changed",
        key,
        fields_added,
        fields_removed,
        tuple(added),
        tuple(removed),
        tuple(changed),
    )


def diff(old: str | Path, new: str | Path, *, limits: Limits | None = None) -> Diff:
    """Compare two data packages (folders, descriptors, release zips or http(s) URLs, as
    :func:`~medclusters.load` takes them, read through the same boundary and ``limits``):
    resources and fields added or removed, and the rows added, removed and changed in each
    resource. Every change is held in memory; :func:`write_json` and :func:`write_markdown`
    write the same reports holding one resource at a time."""
    chosen = limits_of(limits)
    before, after = _Package(old, chosen), _Package(new, chosen)
    resources = tuple(_resource_diffs(before, after))
    return Diff(
        str(old),
        str(new),
        before.version,
        after.version,
        resources,
        _status_changes(before, after),
    )


def write_json(
    old: str | Path, new: str | Path, out: SupportsWrite[str], *, limits: Limits | None = None
) -> None:
    """``diff(old, new).to_dict()`` as JSON (two-space indents, UTF-8 as it is) written to
    ``out`` one resource at a time: memory holds one resource of each version and its
    changes, not every change of the packages."""
    chosen = limits_of(limits)
    before, after = _Package(old, chosen), _Package(new, chosen)
    head = json.dumps(_versions(before.source, after.source, before.version, after.version),
                      ensure_ascii=False, indent=2)  # fmt: skip
    out.write(head[:-2] + ',\n  "resources": [')
    for number, change in enumerate(_resource_diffs(before, after)):
        text = json.dumps(_resource_dict(change), ensure_ascii=False, indent=2)
        out.write(("," if number else "") + "\n    " + text.replace("\n", "\n    "))
        del change, text
    statuses = [attrs.asdict(c) for c in _status_changes(before, after)]
    text = json.dumps({"status_changes": statuses}, ensure_ascii=False, indent=2)
    out.write("\n  ],\n" + text[2:] + "\n")


def write_markdown(
    old: str | Path,
    new: str | Path,
    out: SupportsWrite[str],
    *,
    title: str | None = None,
    limits: Limits | None = None,
) -> None:
    """``diff(old, new).to_markdown(title)`` written to ``out`` holding one resource at a
    time: each resource's section waits in a temporary file (in memory while small) until
    the table of counts that heads the changelog is known."""
    chosen = limits_of(limits)
    before, after = _Package(old, chosen), _Package(new, chosen)
    counts: list[_Counts] = []
    with tempfile.SpooledTemporaryFile(max_size=8 << 20, mode="w+", encoding="utf-8") as spool:
        for change in _resource_diffs(before, after):
            counts.append(_counts(change))
            lines = _section(change)
            spool.writelines("\n" + line for line in lines)
            del change, lines
        header = _Header(before.source, after.source, before.version, after.version)
        head = _markdown_head(header, title, counts, _status_changes(before, after))
        out.write("\n".join(head))
        spool.seek(0)
        shutil.copyfileobj(spool, out)


def _latest_statuses(package: _Package) -> dict[str, Row]:
    """cluster id -> its latest ``statuses`` row (by the date it began, else the date the
    source shows it; the later row of one day), for a version that has the resource."""
    from medclusters.dates import PartialDate

    def when(row: Row) -> tuple[str, str]:
        text = row.get("since") or row.get("as_of") or ""
        try:
            return (PartialDate.parse(text).last_day().isoformat(), "") if text else ("", "")
        except ValueError:
            return ("", text)

    table = package.table("statuses")
    latest: dict[str, Row] = {}
    for row in table.rows if table is not None else ():
        cluster_id = row.get("cluster_id", "")
        if cluster_id not in latest or when(row) >= when(latest[cluster_id]):
            latest[cluster_id] = row
    return latest


def _status_changes(before: _Package, after: _Package) -> tuple[StatusChange, ...]:
    """The clusters of both versions whose latest status differs."""
    old_clusters, new_clusters = before.table("clusters"), after.table("clusters")
    if old_clusters is None or new_clusters is None:
        return ()
    both = {row.get("id", "") for row in old_clusters.rows}
    old_status, new_status = _latest_statuses(before), _latest_statuses(after)
    changes = []
    for row in new_clusters.rows:
        cluster_id = row.get("id", "")
        if cluster_id not in both:
            continue
        was, now = old_status.get(cluster_id, {}), new_status.get(cluster_id, {})
        if was.get("status", "") != now.get("status", ""):
            changes.append(
                StatusChange(
                    cluster_id,
                    was.get("status", ""),
                    now.get("status", ""),
                    now.get("since", ""),
                    now.get("as_of", ""),
                    now.get("source_id", ""),
                )
            )
    return tuple(changes)
