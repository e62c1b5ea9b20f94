"""The typed columns: the narrowest exact decimal, the derived date columns, clashes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, localcontext

import pytest

import medclusters as mc
from medclusters.dates import PartialDate
from medclusters.export._typed import date_fields, day, decimal_type, layout, precision


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([], (1, 0)),
        ([None], (1, 0)),
        ([Decimal(0)], (1, 0)),
        ([Decimal("0.05")], (2, 2)),  # 0.05: no digit before the point, room for one
        ([Decimal(81740), Decimal("3022842.70")], (9, 2)),
        ([Decimal("12.5"), Decimal("0.125")], (5, 3)),
        ([Decimal("1E+3")], (4, 0)),
        ([Decimal("-12.50")], (4, 2)),
        ([Decimal("9" * 38)], (38, 0)),
    ],
)
def test_decimal_type_is_the_narrowest_that_holds_every_value(
    values: list[Decimal | None], expected: tuple[int, int]
) -> None:
    assert decimal_type(values) == expected
    digits, scale = expected
    with localcontext() as context:
        context.prec = 100
        for value in values:  # each fits: quantized to the scale, it has at most the digits
            if value is not None:
                exact = value.quantize(Decimal(1).scaleb(-scale))
                assert exact == value
                assert len(exact.as_tuple().digits) <= digits


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("Infinity")])
def test_decimal_type_refuses_what_is_not_finite(value: Decimal) -> None:
    with pytest.raises(ValueError, match="not a finite decimal"):
        decimal_type([value])


def test_decimal_type_refuses_more_than_76_digits() -> None:
    assert decimal_type([Decimal("1" * 76)]) == (76, 0)
    with pytest.raises(ValueError, match="77 digits"):
        decimal_type([Decimal("1" * 70), Decimal("0." + "1" * 7)])


def test_date_fields_are_the_partial_dates() -> None:
    assert date_fields(mc.Cluster) == {"established"}
    assert date_fields(mc.Programme) == {"start", "end", "approved", "signed"}
    assert date_fields(mc.Source) == {"published"}
    assert date_fields(mc.Budget) == frozenset()


def test_a_day_only_for_a_date_known_to_the_day() -> None:
    assert day(PartialDate.parse("2013-05-30")) == dt.date(2013, 5, 30)
    assert day(PartialDate.parse("2011-01")) is None
    assert day(PartialDate.parse("2014")) is None
    assert day(None) is None
    assert precision(PartialDate.parse("2011-01")) == "month"
    assert precision(None) is None


def test_a_derived_name_that_is_a_field_is_refused() -> None:
    with pytest.raises(ValueError, match="'start_date' has the name of the column derived"):
        layout(["start", "start_date"], {}, {"start"}, exact_text=False)
    with pytest.raises(ValueError, match="'amount_text'"):
        layout(["amount", "amount_text"], {"amount": "number"}, set(), exact_text=True)
    assert layout(["amount", "amount_text"], {"amount": "number"}, set(), exact_text=False)
