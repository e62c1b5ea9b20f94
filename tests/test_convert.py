from __future__ import annotations

from decimal import Decimal

import cattrs
import pytest

from medclusters import Cluster, PartialDate, make_converter
from medclusters.convert import configure_converter

CONVERTER = make_converter(detailed_validation=False)


@pytest.mark.parametrize(("text", "expected"), [("true", True), ("false", False)])
def test_booleans_are_strict(text: str, expected: bool) -> None:
    assert CONVERTER.structure(text, bool) is expected


@pytest.mark.parametrize("text", ["True", "FALSE", "yes", "no", "1", "0", "", " true"])
def test_unexpected_booleans_are_errors(text: str) -> None:
    with pytest.raises(ValueError, match="not a boolean"):
        CONVERTER.structure(text, bool)


@pytest.mark.parametrize("text", ["1.5", " 12", "12 ", "1_000", "+3", "012", "", "1e3"])
def test_integers_are_strict(text: str) -> None:
    with pytest.raises(ValueError, match="not an integer"):
        CONVERTER.structure(text, int)


def test_decimals_keep_their_digits() -> None:
    assert CONVERTER.structure("3022842.70", Decimal) == Decimal("3022842.70")
    assert str(CONVERTER.structure("3022842.70", Decimal)) == "3022842.70"
    for bad in ["3 022 842,70", "1,5", "NaN", "Infinity", ""]:
        with pytest.raises(ValueError, match="not a decimal"):
            CONVERTER.structure(bad, Decimal)


def test_enums_are_structured_as_members() -> None:
    from medclusters import LabelLevel

    level = CONVERTER.structure("bronze", LabelLevel)
    assert level is LabelLevel.BRONZE
    with pytest.raises(ValueError, match="not a valid LabelLevel"):
        CONVERTER.structure("Bronze", LabelLevel)


def test_partial_dates() -> None:
    assert CONVERTER.structure("2014-01", PartialDate) == PartialDate(2014, 1)


def test_optional_takes_none_required_refuses_it() -> None:
    assert CONVERTER.structure(None, int | None) is None  # type: ignore[arg-type]  # a union
    with pytest.raises(ValueError, match="not an integer"):
        CONVERTER.structure(None, int)


def test_unstructure_gives_csv_text() -> None:
    converter = make_converter()
    assert converter.unstructure(PartialDate(2014, 1)) == "2014-01"
    assert converter.unstructure(Decimal(85)) == "85"
    assert converter.unstructure(True) == "true"


def test_configure_converter_on_users_converter() -> None:
    converter = cattrs.Converter()
    configure_converter(converter)
    assert converter.structure("false", bool) is False


def test_detailed_validation_names_every_field() -> None:
    converter = make_converter()
    names = [a.name for a in Cluster.__attrs_attrs__]
    row = dict.fromkeys(names)
    row.update(
        id="x",
        name="X",
        country="LV",
        source_id="s",
        members_total="many",
        has_formal_strategy="yes",
    )
    with pytest.raises(cattrs.ClassValidationError) as caught:
        converter.structure(row, Cluster)
    messages = cattrs.transform_error(caught.value)
    assert any("members_total" in m for m in messages)
    assert any("has_formal_strategy" in m for m in messages)
