"""Records and Table Schemas are one source of truth: these tests fail when they drift apart."""

from __future__ import annotations

import json
import types
import typing
from decimal import Decimal
from enum import StrEnum
from typing import Any

import attrs
import pytest

import medclusters as mc
from medclusters.records import RECORD_TYPES

DESCRIPTOR = json.loads(mc.bundled_path().read_text(encoding="utf-8"))
SCHEMAS = {resource["name"]: resource["schema"] for resource in DESCRIPTOR["resources"]}
DATE_PATTERN = r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"
TABLE_TYPES = {
    str: "string",
    int: "integer",
    bool: "boolean",
    Decimal: "number",
    mc.PartialDate: "string",
}


def _split_optional(annotation: Any) -> tuple[Any, bool]:
    """(the inner type, whether None is allowed)."""
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        args = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        assert len(args) == 1, annotation
        return args[0], True
    return annotation, False


def test_every_resource_has_a_record_in_package_order() -> None:
    assert list(SCHEMAS) == list(RECORD_TYPES)


@pytest.mark.parametrize("resource", list(RECORD_TYPES))
def test_record_fields_match_schema(resource: str) -> None:
    record = RECORD_TYPES[resource]
    hints = typing.get_type_hints(record)
    fields = SCHEMAS[resource]["fields"]
    assert [f.name for f in attrs.fields(record)] == [f["name"] for f in fields]
    assert attrs.has(record)
    assert record.__setattr__ is not object.__setattr__  # frozen
    for field in fields:
        inner, optional = _split_optional(hints[field["name"]])
        constraints = field.get("constraints", {})
        assert constraints.get("required", False) is (not optional), field["name"]
        if isinstance(inner, type) and issubclass(inner, StrEnum):
            assert field["type"] == "string"
            assert constraints["enum"] == [member.value for member in inner], field["name"]
        else:
            assert field["type"] == TABLE_TYPES[inner], field["name"]
            if inner is mc.PartialDate:
                assert constraints["pattern"] == DATE_PATTERN, field["name"]
        assert field.get("description"), f"{resource}.{field['name']} has no description"


@pytest.mark.parametrize("resource", list(RECORD_TYPES))
def test_schema_has_keys(resource: str) -> None:
    schema = SCHEMAS[resource]
    assert schema["primaryKey"]
    assert schema["missingValues"] == [""]
    if resource not in {"sources", "vocabularies", "identifier_schemes"}:
        targets = {fk["reference"]["resource"] for fk in schema["foreignKeys"]}
        assert "sources" in targets or resource == "claims" or targets


def test_every_fact_row_carries_a_source() -> None:
    without = [
        name
        for name, record in RECORD_TYPES.items()
        if "source_id" not in attrs.fields_dict(record)
    ]
    # the sources themselves, and the editors' reference lists: topic terms, identifier schemes
    assert without == ["sources", "identifier_schemes", "vocabularies"]


def test_records_are_frozen() -> None:
    cluster = mc.load().clusters[0]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        cluster.name = "x"  # type: ignore[misc]


def test_repr_is_the_attrs_repr() -> None:
    """Records share one __repr__ (it saves import time); it writes what attrs' own would."""
    for records in mc.load().tables().values():
        record = records[0]
        names = [a.name for a in attrs.fields(type(record))]
        twin_type = attrs.make_class(type(record).__name__, names, frozen=True)  # attrs' repr
        twin = twin_type(*(getattr(record, name) for name in names))
        assert repr(record) == repr(twin)


def test_equality_hashing_and_pickling_are_attrs_own() -> None:
    """Records share ``__eq__``, ``__hash__`` and pickling (attrs would compile them for each
    class at every import); they answer as an attrs class of the same fields would: equal
    when of one class with equal fields, never equal to another class, equal records hash
    alike, and a record comes back from pickle and copy equal and of its class."""
    import copy
    import pickle

    from medclusters.records._base import _Record

    tables = mc.load().tables()
    others = iter([*list(tables.values())[1:], tables["sources"]])
    for name, records in tables.items():
        record_type = RECORD_TYPES[name]
        assert vars(record_type).get("__eq__") is None  # attrs compiled none
        assert vars(record_type).get("__hash__") is None
        assert _Record in record_type.__mro__
        names = [a.name for a in attrs.fields(record_type)]
        twin_type = attrs.make_class(record_type.__name__, names, frozen=True)  # attrs' eq

        def twin(record: Any, fields: list[str] = names, made: type = twin_type) -> Any:
            return made(*(getattr(record, field) for field in fields))

        first, second = records[0], records[-1]
        same = attrs.evolve(first)
        changed = attrs.evolve(first, **{names[0]: f"{getattr(first, names[0])}-x"})
        for a, b in ((first, same), (first, changed), (first, second), (second, same)):
            assert (a == b) == (twin(a) == twin(b)), name
            assert (a != b) == (twin(a) != twin(b)), name
        assert first is not same
        assert hash(first) == hash(same)
        other = next(others)[0]
        assert first != other
        assert first.__eq__(other) is NotImplemented
        for copied in (pickle.loads(pickle.dumps(first)), copy.copy(first), copy.deepcopy(first)):  # noqa: S301
            assert type(copied) is record_type
            assert copied == first
            assert hash(copied) == hash(first)
    assert len({*tables["clusters"], *tables["clusters"]}) == len(tables["clusters"])
