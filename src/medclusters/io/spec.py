"""A package descriptor read as typed specs: the one parser of resources, paths, fields,
constraints, keys, dialects and patterns. Every property the library reads is checked for
its type first; a wrong one is a PackageError naming the resource and the property.

The descriptor is hostile input: the checks refuse what could make a load read elsewhere
(a schema, dialect or profile given by path or URL), misread (another dialect, encoding or
set of missing values), or hang (a pattern that backtracks without end).
"""

from __future__ import annotations

import importlib
import math
import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any, Protocol

import attrs

from medclusters.errors import PackageError, install_hint

__all__ = [
    "FieldSpec",
    "ResourceSpec",
    "compile_pattern",
    "parse_resources",
]

ForeignKey = tuple[tuple[str, ...], str, tuple[str, ...]]

_NAME = re.compile(r"[a-z0-9][a-z0-9._-]*", re.ASCII)
_PROFILES = {"data-package", "tabular-data-package"}
_RESOURCE_PROFILES = {"data-resource", "tabular-data-resource"}
#: Dialect properties and the only values the loader reads (RFC 4180 CSV, a header row).
_DIALECT: dict[str, set[Any]] = {
    "delimiter": {","},
    "doubleQuote": {True},
    "lineTerminator": {"\r\n", "\n"},
    "quoteChar": {'"'},
    "skipInitialSpace": {False},
    "header": {True},
    "caseSensitiveHeader": {False, True},
}
_TYPES = {"string", "integer", "number", "boolean"}
_BOOLEAN_CONSTRAINTS = ("required", "unique")
_LENGTH_CONSTRAINTS = ("minLength", "maxLength")
_BOUND_CONSTRAINTS = ("minimum", "maximum")
_KNOWN_CONSTRAINTS = frozenset(
    (*_BOOLEAN_CONSTRAINTS, *_LENGTH_CONSTRAINTS, *_BOUND_CONSTRAINTS, "enum", "pattern")
)
_MAX_PATTERN = 1000


class Matcher(Protocol):
    """What a compiled pattern offers: ``fullmatch`` (re and re2 alike)."""

    def fullmatch(self, text: str) -> object: ...


@attrs.frozen
class FieldSpec:
    """One field of a schema: name, type and its constraints, checked."""

    name: str
    type: str
    constraints: Mapping[str, Any]


@attrs.frozen
class ResourceSpec:
    """What the library reads of one resource entry, every property checked."""

    name: str
    path: str
    entry: dict[str, Any] = attrs.field(repr=False)
    fields: tuple[FieldSpec, ...] = attrs.field(repr=False)
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...]

    @property
    def names(self) -> tuple[str, ...]:
        """The field names, in order."""
        return tuple(field.name for field in self.fields)

    @property
    def schema(self) -> dict[str, Any]:
        """The entry's schema object as the package writes it."""
        return self.entry["schema"]  # type: ignore[no-any-return]


def _fail(message: str, resource: str | None, field: str | None = None) -> PackageError:
    return PackageError(message, resource=resource, field=field)


#: The hash algorithms a resource may declare, with the length of their hex digests. The Data
#: Package spec makes MD5 the default and lets a lower-case algorithm name and a colon come
#: first ("sha256:..."); these are the fixed-length ones every Python has. SHAKE is left out:
#: its digest's length is the reader's choice, so a declared digest cannot be checked.
HASH_ALGORITHMS: Mapping[str, int] = {
    "md5": 32, "sha1": 40, "sha224": 56, "sha256": 64, "sha384": 96, "sha512": 128,
    "sha3_224": 56, "sha3_256": 64, "sha3_384": 96, "sha3_512": 128,
    "blake2b": 128, "blake2s": 64,
}  # fmt: skip


def declared_hash(entry: Mapping[str, Any], resource: str | None) -> tuple[str, str] | None:
    """The ``hash`` a resource entry declares, as (algorithm, lower-case hex digest), or None.
    An algorithm outside :data:`HASH_ALGORITHMS`, or a digest that is not hex of its length,
    is a :class:`PackageError` naming the resource."""
    text = _optional_text(entry, "hash", resource)
    if text is None:
        return None
    algorithm, _, digest = text.rpartition(":")
    algorithm = algorithm or "md5"  # the Data Package default
    length = HASH_ALGORITHMS.get(algorithm)
    if length is None:
        raise _fail(
            f"hash algorithm {algorithm!r:.40} is not one the library checks "
            f"({', '.join(HASH_ALGORITHMS)})",
            resource,
            "hash",
        )
    if len(digest) != length or digest.strip("0123456789abcdefABCDEF"):
        raise _fail(
            f"hash {digest!r:.80} is not a {algorithm} digest ({length} hex digits)",
            resource,
            "hash",
        )
    return algorithm, digest.lower()


def _optional_text(entry: Mapping[str, Any], key: str, resource: str | None) -> str | None:
    value = entry.get(key)
    if value is not None and not isinstance(value, str):
        raise _fail(f"{key!r} must be text, not {type(value).__name__}", resource, key)
    return value


def _key(value: object, resource: str, what: str, names: tuple[str, ...]) -> tuple[str, ...]:
    """A key's fields: one name or a non-empty list of names, each a field of the schema."""
    fields = (value,) if isinstance(value, str) else value
    if (
        not isinstance(fields, list | tuple)
        or not fields
        or not all(isinstance(name, str) for name in fields)
    ):
        raise _fail(f"{what} must be a field name or a list of them, not {value!r:.60}", resource)
    missing = [name for name in fields if name not in names]
    if missing:
        raise _fail(f"{what} names fields the schema lacks: {missing}", resource)
    if len(set(fields)) != len(fields):
        raise _fail(f"{what} names a field twice: {list(fields)}", resource)
    return tuple(fields)


def _constraints(value: object, resource: str, field: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _fail(f"constraints must be an object, not {value!r:.60}", resource, field)
    for key in _BOOLEAN_CONSTRAINTS:
        if key in value and not isinstance(value[key], bool):
            raise _fail(f"constraint {key!r} must be true or false", resource, field)
    for key in _LENGTH_CONSTRAINTS:
        if key in value and (
            isinstance(value[key], bool) or not isinstance(value[key], int) or value[key] < 0
        ):
            raise _fail(f"constraint {key!r} must be a whole number >= 0", resource, field)
    for key in _BOUND_CONSTRAINTS:
        bound = value.get(key)
        if key in value and (
            isinstance(bound, bool)
            or not isinstance(bound, int | float)
            or bound != bound  # NaN
            or bound in (float("inf"), float("-inf"))
        ):
            raise _fail(f"constraint {key!r} must be a finite number", resource, field)
    unknown = sorted(set(value) - _KNOWN_CONSTRAINTS)
    if unknown:  # a check the loader would not make: refused, not skipped
        raise _fail(
            f"constraint {unknown[0]!r:.40} is not enforced by this library", resource, field
        )
    if "enum" in value:
        members = value["enum"]
        if not isinstance(members, list) or not all(
            isinstance(m, str) or (isinstance(m, int | float) and not isinstance(m, bool))
            for m in members
        ):
            raise _fail("constraint 'enum' must be a list of values", resource, field)
    if "pattern" in value:
        if not isinstance(value["pattern"], str):
            raise _fail(
                f"constraint 'pattern' must be text, not {value['pattern']!r:.40}", resource, field
            )
        compile_pattern(value["pattern"], resource, field)
    return value


def _fields(schema: Mapping[str, Any], resource: str) -> tuple[FieldSpec, ...]:
    fields = schema.get("fields")
    if not isinstance(fields, list) or not fields:
        raise _fail("the schema has no list of fields", resource, "fields")
    specs = []
    for number, field in enumerate(fields, start=1):
        if not isinstance(field, dict) or not isinstance(field.get("name"), str):
            raise _fail(f"field {number} of the schema has no name", resource)
        name = field["name"]
        kind = field.get("type", "string")
        if not isinstance(kind, str) or kind not in _TYPES:
            raise _fail(
                f"has type {kind!r}; the library reads {', '.join(sorted(_TYPES))}",
                resource,
                name,
            )
        specs.append(FieldSpec(name, kind, _constraints(field.get("constraints"), resource, name)))
    names = [spec.name for spec in specs]
    if len(set(names)) != len(names):
        repeated = next(name for name in names if names.count(name) > 1)
        raise _fail(f"the schema names the field {repeated!r} twice", resource, repeated)
    return tuple(specs)


def _foreign_keys(
    schema: Mapping[str, Any], resource: str, names: tuple[str, ...]
) -> tuple[ForeignKey, ...]:
    declared = schema.get("foreignKeys", [])
    if not isinstance(declared, list):
        raise _fail("foreignKeys must be a list", resource, "foreignKeys")
    keys = []
    for foreign in declared:
        reference = foreign.get("reference") if isinstance(foreign, dict) else None
        if not isinstance(reference, dict):
            raise _fail(f"a foreign key has no reference object: {foreign!r:.60}", resource)
        fields = _key(foreign.get("fields"), resource, "a foreign key", names)
        target = reference.get("resource")
        if not isinstance(target, str):
            raise _fail("a foreign key's reference names no resource", resource)
        target_fields = reference.get("fields")
        target_fields = (target_fields,) if isinstance(target_fields, str) else target_fields
        if (
            not isinstance(target_fields, list | tuple)
            or len(target_fields) != len(fields)
            or not all(isinstance(name, str) for name in target_fields)
        ):
            raise _fail(
                f"the foreign key on {list(fields)} must reference as many fields as it has",
                resource,
            )
        keys.append((fields, target or resource, tuple(target_fields)))
    return tuple(keys)


def _dialect(entry: Mapping[str, Any], resource: str) -> None:
    dialect = entry.get("dialect")
    if dialect is None:
        return
    if not isinstance(dialect, dict):
        raise _fail(
            "a dialect given by path or URL is not read: write it inline, or leave it out for "
            "comma-separated values",
            resource,
            "dialect",
        )
    for key, value in dialect.items():
        allowed = _DIALECT.get(key)
        if key == "csvddfVersion":
            continue
        if (
            allowed is None
            or value not in allowed
            or isinstance(value, bool) != isinstance(next(iter(allowed)), bool)
        ):
            raise _fail(
                f"the dialect sets {key} = {value!r}; the library reads comma-separated UTF-8 "
                "with a header row and double quotes only",
                resource,
                "dialect",
            )


def _resource(entry: dict[str, Any], names_seen: set[str]) -> ResourceSpec:
    name = entry.get("name")
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise _fail(
            f"a resource of the descriptor has no valid name (lower-case letters, digits, "
            f"'.', '_' and '-'): {name!r:.60}",
            None,
        )
    if name in names_seen:
        raise _fail("the descriptor has two resources of this name", name)
    names_seen.add(name)
    if "data" in entry:
        raise _fail("inline data is not read: a resource is a CSV file", name, "data")
    path = entry.get("path")
    if not isinstance(path, str):
        message = (
            "a resource split over several files is not read"
            if isinstance(path, list)
            else ("the resource has no path")
        )
        raise _fail(message, name, "path")
    for key, allowed in (("profile", _RESOURCE_PROFILES), ("format", {"csv"}),
                         ("mediatype", {"text/csv"})):  # fmt: skip
        value = _optional_text(entry, key, name)
        if value is not None and value.lower() not in allowed:
            raise _fail(f"{key} {value!r} is not read; the library reads CSV", name, key)
    encoding = _optional_text(entry, "encoding", name)
    if encoding is not None and encoding.lower().replace("-", "") != "utf8":
        raise _fail(f"encoding {encoding!r} is not read; the library reads UTF-8", name, "encoding")
    compression = _optional_text(entry, "compression", name)
    if compression not in (None, "no"):
        raise _fail(f"compression {compression!r} is not read", name, "compression")
    declared = entry.get("bytes")
    if declared is not None and (
        isinstance(declared, bool) or not isinstance(declared, int) or declared < 0
    ):
        raise _fail(f"bytes must be a whole number >= 0, not {declared!r:.40}", name, "bytes")
    declared_hash(entry, name)
    _dialect(entry, name)
    schema = entry.get("schema")
    if not isinstance(schema, dict):
        raise _fail(
            "the entry is not a tabular resource with an inline schema (a schema given by "
            "path or URL is not read)",
            name,
            "schema",
        )
    missing = schema.get("missingValues", [""])
    if missing != [""]:
        raise _fail(
            f"missingValues {missing!r:.60} is not read: an empty cell is the only missing value",
            name,
            "missingValues",
        )
    fields = _fields(schema, name)
    names = tuple(field.name for field in fields)
    primary = schema.get("primaryKey")
    primary_key = () if primary is None else _key(primary, name, "the primary key", names)
    return ResourceSpec(name, path, entry, fields, primary_key, _foreign_keys(schema, name, names))


#: A package's version: semantic versioning (https://semver.org), as the Data Package
#: specification recommends; anything else (a path, a URL) is refused.
_SEMVER = re.compile(
    r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)"
    r"(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?"
)


def parse_resources(descriptor: Mapping[str, Any]) -> dict[str, ResourceSpec]:
    """Resource name -> its checked spec, in the descriptor's order."""
    for key in ("name", "version", "title", "created"):
        _optional_text(descriptor, key, None)
    version = descriptor.get("version")
    if version is not None and not _SEMVER.fullmatch(str(version)[:100]):
        raise _fail(
            f"version {str(version)!r:.60} is not a semantic version (MAJOR.MINOR.PATCH)",
            None,
            "version",
        )
    profile = _optional_text(descriptor, "profile", None)
    if profile is not None and profile not in _PROFILES:
        raise _fail(
            f"profile {profile!r:.60} is not read: profiles are named (tabular-data-package), "
            "never fetched",
            None,
            "profile",
        )
    resources = descriptor.get("resources")
    if not isinstance(resources, list) or not resources:
        raise _fail("the descriptor is not a data package: no list of resources", None)
    seen: set[str] = set()
    specs = {}
    for entry in resources:
        if not isinstance(entry, dict):
            raise _fail(f"a resource of the descriptor is not an object: {entry!r:.60}", None)
        spec = _resource(entry, seen)
        specs[spec.name] = spec
    for spec in specs.values():
        for _, target, target_fields in spec.foreign_keys:
            if target not in specs:
                raise _fail(f"a foreign key refers to the missing resource {target!r}", spec.name)
            missing = [f for f in target_fields if f not in specs[target].names]
            if missing:
                raise _fail(
                    f"a foreign key refers to fields {target!r} lacks: {missing}", spec.name
                )
    return specs


# -- patterns --------------------------------------------------------------------------------


def _sre() -> Any:
    """The constants of Python's regular-expression parser (``re._constants``)."""
    return importlib.import_module("re._constants")


def _sre_parse(pattern: str) -> Any:
    """Python's parse tree of ``pattern`` (``re._parser``), under ASCII rules."""
    return importlib.import_module("re._parser").parse(pattern, re.ASCII)


def _re2() -> Any:
    """google-re2, where installed: linear-time matching, so no pattern can hang a load."""
    try:
        import re2  # type: ignore[import-untyped,import-not-found,unused-ignore]
    except ImportError:
        return None
    return re2


ENGINE = "re2" if _re2() is not None else "re"


def _nodes(parsed: Any) -> Any:
    """Every (opcode, argument) of a parsed pattern, depth first."""
    for op, argument in parsed:
        yield op, argument
        for child in _children(op, argument):
            yield from _nodes(child)


def _children(op: Any, argument: Any) -> list[Any]:
    c = _sre()

    if op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
        return [argument[2]]
    if op is c.SUBPATTERN:
        return [argument[3]]
    if op is c.BRANCH:
        return list(argument[1])
    if op in (c.ASSERT, c.ASSERT_NOT):
        return [argument[1]]
    if op is getattr(c, "ATOMIC_GROUP", None):
        return [argument]
    return []


def _bounds(op: Any, argument: Any) -> tuple[int, float] | None:
    """The least and most times a repetition matches (``inf`` for ``+``, ``*``, ``{2,}``),
    or None if ``op`` is not a repetition."""
    c = _sre()

    if op not in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
        return None
    least, most = argument[0], argument[1]
    return least, float("inf") if most is c.MAXREPEAT else most


def _unsupported(parsed: Any) -> str | None:
    """What XML Schema patterns (Table Schema's) do not have, or None."""
    c = _sre()

    for op, _ in _nodes(parsed):
        if op in (c.GROUPREF, c.GROUPREF_EXISTS):
            return "refers back to a group"
        if op in (c.ASSERT, c.ASSERT_NOT):
            return "looks ahead or behind"
    return None


#: The most ways a bounded repetition may split a text, as in \\d{1,3}(\\.\\d{1,3}){3}.
_MAX_WAYS = 10_000


def _danger(parsed: Any) -> str | None:
    """Why a pattern could backtrack without end under Python's engine, or None.

    Refused: a repetition around anything that can match in more than one way (a repetition
    of varying length, an alternation) where the ways multiply past ``_MAX_WAYS``
    (``(a+)+``, ``(a?){30}``, ``(a|ab)*``: exponential); and two long repetitions with
    nothing required between them (``\\d+\\d+``, ``\\d+-?\\d+``, ``.*.*``: polynomial,
    hours on a long cell)."""
    c = _sre()

    for op, argument in _nodes(parsed):
        bounds = _bounds(op, argument)
        if bounds is None or bounds[1] <= 1:
            continue
        for inner_op, inner_argument in _nodes(argument[2]):
            inner = _bounds(inner_op, inner_argument)
            choices: float
            if inner_op is c.BRANCH:
                choices, reason = len(inner_argument[1]), "repeats an alternation, as (a|ab)* does"
            elif inner is not None and inner[0] != inner[1]:
                choices, reason = inner[1] - inner[0] + 1, "repeats a repetition, as (a+)+ does"
            else:
                continue
            # the ways to split a text between the repetitions: choices ** times
            if bounds[1] * math.log(choices) > math.log(_MAX_WAYS):
                return reason
    for sequence in _sequences(parsed):
        open_run = False  # a long repetition, and since then only optional items
        for op, argument in sequence:
            bounds = _bounds(op, argument)
            if bounds is not None and bounds[1] > 16:
                if open_run:
                    return "has two repetitions with nothing required between them, as \\d+\\d+ has"
                open_run = True
            elif bounds is None or bounds[0] > 0:
                open_run = False
    return None


def _sequences(parsed: Any) -> Any:
    yield list(parsed)
    for op, argument in parsed:
        for child in _children(op, argument):
            yield from _sequences(child)


def _uncompiled(pattern: str, error: Exception) -> str:
    """Why a pattern an engine cannot compile is refused (re2's messages are bytes)."""
    reason: object = error
    if error.args and isinstance(error.args[0], bytes):
        reason = error.args[0].decode("utf-8", "replace")
    return f"the pattern {pattern!r:.60} does not compile: {reason}"


def compile_pattern(pattern: str, resource: str | None = None, field: str | None = None) -> Matcher:
    """A Table Schema pattern, compiled so that matching cannot hang. Python's engine takes the
    patterns that cannot backtrack without end (no nested or adjacent repetitions, repeated
    alternations, back references or look-arounds): every pattern of the bundled package, at
    about a microsecond a cell. The others go to google-re2 where it is installed (linear
    time, but some ten microseconds a cell through its Python binding), and are refused
    otherwise, with a :class:`PackageError` naming ``resource`` and ``field``. ``\\d`` and
    ``\\w`` match ASCII only, as in XML Schema. Each distinct pattern is analysed once (the
    bundled package's 63 patterns are 8)."""
    found = _compiled(pattern)
    if isinstance(found, str):
        raise _fail(found, resource, field)
    return found


@lru_cache(maxsize=1024)
def _compiled(pattern: str) -> Matcher | str:
    """The matcher of ``pattern`` (see :func:`compile_pattern`), or why it is refused."""
    if len(pattern) > _MAX_PATTERN:
        return f"the pattern is longer than {_MAX_PATTERN} characters"
    try:
        parsed = _sre_parse(pattern)
    except (re.error, RecursionError, OverflowError) as error:
        return _uncompiled(pattern, error)
    unsupported = _unsupported(parsed)
    if unsupported is not None:
        return (
            f"the pattern {pattern!r:.60} {unsupported}, which Table Schema patterns (XML "
            "Schema regular expressions) cannot"
        )
    reason = _danger(parsed)
    if reason is None:
        return re.compile(pattern, re.ASCII)
    re2 = _re2()
    if re2 is not None:
        options = re2.Options()
        options.log_errors = False  # the refusal says it; re2 would also log to stderr
        try:
            return re2.compile(pattern, options)  # type: ignore[no-any-return]
        except Exception as error:  # noqa: BLE001  # re2's own error type
            return _uncompiled(pattern, error)
    return (
        f"the pattern {pattern!r:.60} {reason}: such patterns can take hours on one cell "
        f"(to have them matched in linear time, {install_hint('re2')})"
    )
