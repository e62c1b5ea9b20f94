from __future__ import annotations

import datetime as dt

import pytest

from medclusters import PartialDate


@pytest.mark.parametrize("text", ["2014", "2014-01", "2012-06-15", "2016-02-29"])
def test_round_trip(text: str) -> None:
    assert str(PartialDate.parse(text)) == text


@pytest.mark.parametrize(
    "text",
    [
        "",
        "14",
        "2014-1",
        "2014-13",
        "2014-00",
        "2014-02-30",
        "2015-02-29",
        "2014/01",
        "2014-01-01T00:00",
        " 2014",
        "Friday, 15 June, 2012",
    ],
)
def test_refuses_what_is_not_a_partial_date(text: str) -> None:
    with pytest.raises(ValueError, match=r"month|day|date|YYYY"):
        PartialDate.parse(text)


def test_precision_and_bounds() -> None:
    assert PartialDate.parse("2014").precision == "year"
    assert PartialDate.parse("2014-01").precision == "month"
    assert PartialDate.parse("2014-01-03").precision == "day"
    assert PartialDate.parse("2014").first_day() == dt.date(2014, 1, 1)
    assert PartialDate.parse("2014").last_day() == dt.date(2014, 12, 31)
    assert PartialDate.parse("2016-02").last_day() == dt.date(2016, 2, 29)
    assert PartialDate.from_date(dt.date(2018, 6, 12)) == PartialDate(2018, 6, 12)


def test_order_puts_less_precise_first() -> None:
    dates = [PartialDate.parse(t) for t in ["2012-06-15", "2012", "2012-03", "2012-03-01"]]
    assert [str(d) for d in sorted(dates)] == ["2012", "2012-03", "2012-03-01", "2012-06-15"]


def test_day_needs_month() -> None:
    with pytest.raises(ValueError, match="needs a month"):
        PartialDate(2014, None, 3)
