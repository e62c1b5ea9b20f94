"""Validate a data package: frictionless's checks plus the domain rules it cannot express.

Frictionless checks each table against its Table Schema (types, constraints, keys). The domain
rules here check what a schema cannot say: member counts that add up, ISO codes that exist,
claims whose subject exists, one and only one party per link, and clean Unicode text. Every
problem is collected into one :class:`Report`; nothing stops at the first.
"""

from __future__ import annotations

import csv
import hashlib
import json
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs

from medclusters.errors import PackageError
from medclusters.io.limits import Limits, bundled_path, limits_of
from medclusters.io.readers import open_reader
from medclusters.io.rules import Problem, domain_problems
from medclusters.loader.full import load_reader, snapshot

__all__ = ["Problem", "Report", "validate"]


@attrs.frozen
class Report:
    """The outcome of :func:`validate`: every problem found, from every check."""

    source: str
    problems: tuple[Problem, ...]

    @property
    def valid(self) -> bool:
        """True when no check found a problem."""
        return not self.problems

    def __str__(self) -> str:
        if self.valid:
            return f"{self.source}: valid"
        count = len(self.problems)
        lines = [f"{self.source}: {count} problem{'' if count == 1 else 's'}"]
        lines.extend(f"  {problem}" for problem in self.problems)
        return "\n".join(lines)


def validate(
    source: str | Path | None = None, *, limits: Limits | None = None, full: bool = False
) -> Report:
    """Validate the package at ``source``: a folder, descriptor, zip file or http(s) URL, as
    :func:`~medclusters.load` takes them (default: the bundled package). All problems found
    by frictionless, by the loader and by the domain rules come back in one report; nothing
    is raised for what a package holds.

    Every byte is read once, through the loader's boundary and within ``limits``. frictionless
    checks the descriptor against the Data Package profile every time. Its row-by-row checks
    of the tables run where the loader refuses the package, so that the report lists every
    problem and not the loader's first; on a package that loads they would repeat the loader's
    checks (types, constraints, keys: the library refuses any constraint it does not enforce),
    so they run there only with ``full=True``. frictionless reads a local copy of what the
    boundary admitted: nothing else, and no network.
    """
    path = bundled_path() if source is None else source
    label = str(path)
    chosen = limits_of(limits)
    try:
        package = snapshot(open_reader(path, chosen))
    except PackageError as error:
        return Report(label, (_problem(error),))
    admitted = _admitted(package.descriptor())
    try:
        dataset = load_reader(package)
    except PackageError as error:
        tables = _frictionless_problems(admitted, package.files)
        return Report(label, (*tables, _problem(error)))
    if full:
        problems = _frictionless_problems(admitted, package.files)
    else:
        problems = _descriptor_problems(admitted)
    problems.extend(domain_problems(dataset))
    return Report(label, tuple(problems))


def _problem(error: PackageError) -> Problem:
    return Problem("load-error", str(error), error.resource, error.row, error.field, error.value)


#: The properties frictionless is shown: what the boundary checked, nothing it would fetch.
_PACKAGE_KEYS = {"name", "title", "description", "version", "created", "homepage", "keywords",
                 "licenses", "contributors", "sources", "resources"}  # fmt: skip
_RESOURCE_KEYS = {"name", "path", "title", "description", "format", "mediatype", "encoding",
                  "bytes", "hash", "schema"}  # fmt: skip
_SCHEMA_KEYS = {"fields", "primaryKey", "foreignKeys"}
_FIELD_KEYS = {"name", "type", "title", "description", "constraints"}


def _admitted(descriptor: dict[str, Any]) -> dict[str, Any]:
    """The descriptor frictionless checks: known properties only (no profile, dialect or
    ``$schema`` that it could fetch), and no ``pattern``: the loader matches patterns on an
    engine that cannot backtrack without end, which frictionless's is not."""
    copy = {k: v for k, v in descriptor.items() if k in _PACKAGE_KEYS and k != "resources"}
    copy["resources"] = []
    for entry in descriptor["resources"]:
        resource = {k: v for k, v in entry.items() if k in _RESOURCE_KEYS}
        schema = {k: v for k, v in entry["schema"].items() if k in _SCHEMA_KEYS}
        schema["fields"] = [
            {
                **{k: v for k, v in field.items() if k in _FIELD_KEYS and k != "constraints"},
                "constraints": {
                    k: v for k, v in (field.get("constraints") or {}).items() if k != "pattern"
                },
            }
            for field in entry["schema"]["fields"]
        ]
        resource["schema"] = schema
        copy["resources"].append(resource)
    return copy


def _frictionless_problems(descriptor: dict[str, Any], files: dict[str, bytes]) -> list[Problem]:
    """frictionless's problems with a local copy of the admitted package, rows and all."""
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
        for relative, data in files.items():
            target = folder.joinpath(*relative.split("/"))
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        return _guarded(
            lambda frictionless: frictionless.validate(str(folder / "datapackage.json"))
        )


#: frictionless's verdicts on the last descriptors checked, by the sha256 of their JSON text.
_VERDICTS: dict[bytes, tuple[Problem, ...]] = {}
_VERDICTS_KEPT = 16


def _descriptor_problems(descriptor: dict[str, Any]) -> list[Problem]:
    """frictionless's problems with the descriptor alone (the Data Package profile).

    The verdict is a function of the descriptor alone (frictionless is shown no reference it
    could fetch), so it is remembered for the process, keyed by the sha256 of the JSON text,
    for the last 16 descriptors: validating a package again, or after its data changed,
    does not check an unchanged descriptor twice. frictionless failing is not remembered."""
    text = json.dumps(descriptor, ensure_ascii=False, allow_nan=False)
    key = hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()
    verdict = _VERDICTS.get(key)
    if verdict is None:
        verdict = tuple(
            _guarded(lambda frictionless: frictionless.Package.validate_descriptor(descriptor))
        )
        if any(problem.code == "frictionless-error" for problem in verdict):
            return list(verdict)
        while len(_VERDICTS) >= _VERDICTS_KEPT:
            _VERDICTS.pop(next(iter(_VERDICTS)), None)
        _VERDICTS[key] = verdict
    return list(verdict)


def _guarded(check: Callable[[Any], Any]) -> list[Problem]:
    """The problems of the frictionless report ``check(frictionless)`` returns; a crash of
    frictionless itself is reported as a problem, never raised. Importing frictionless sets
    the csv module's field size limit for the whole process (to 2**31); the limit is put
    back after, so that what ``load()`` accepts does not depend on whether ``validate()``
    ran before."""
    limit = csv.field_size_limit()
    try:
        import frictionless  # lazy: heavy, and needed only to validate

        return list(_problems_of(check(frictionless)))
    except Exception as error:  # noqa: BLE001  # frictionless failing on admitted content
        return [Problem("frictionless-error", f"frictionless failed: {error!r:.200}")]
    finally:
        csv.field_size_limit(limit)


def _problems_of(report: Any) -> Iterator[Problem]:
    for error in report.errors:
        yield Problem(f"frictionless:{error.type}", error.message)
    for task in report.tasks:
        for error in task.errors:
            row_number = getattr(error, "row_number", None)
            cell = getattr(error, "cell", None)
            yield Problem(
                f"frictionless:{error.type}",
                error.message,
                task.name,
                None if row_number is None else row_number - 1,
                getattr(error, "field_name", None),
                None if cell is None else str(cell),
            )
