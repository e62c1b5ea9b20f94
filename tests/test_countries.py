"""Country normalisation: every supported language, codes, aliases, and the refusals."""

from __future__ import annotations

import csv
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import attrs
import pytest

import medclusters as mc
from medclusters import countries
from tests.helpers import modules_after

FIXTURES = Path(__file__).parent / "fixtures"

GERMANY = {
    "bg": "Германия", "cs": "Německo", "da": "Tyskland", "de": "Deutschland", "el": "Γερμανία",
    "en": "Germany", "es": "Alemania", "et": "Saksamaa", "fi": "Saksa", "fr": "Allemagne",
    "ga": "An Ghearmáin", "hr": "Njemačka", "hu": "Németország", "it": "Germania",
    "lt": "Vokietija", "lv": "Vācija", "mt": "Ġermanja", "nl": "Duitsland", "pl": "Niemcy",
    "pt": "Alemanha", "ro": "Germania", "sk": "Nemecko", "sl": "Nemčija", "sv": "Tyskland",
    "nb": "Tyskland", "nn": "Tyskland", "is": "Þýskaland", "uk": "Німеччина", "ru": "Германия",
    "tr": "Almanya",
}  # fmt: skip


def test_every_language_is_covered() -> None:
    assert set(GERMANY) == set(countries.LANGUAGES)


@pytest.mark.parametrize(("language", "text"), sorted(GERMANY.items()))
def test_germany_in_every_language(language: str, text: str) -> None:
    assert mc.country(text).alpha_2 == "DE"
    assert mc.country(text.upper()).alpha_2 == "DE"
    assert mc.country(countries.fold(text)).alpha_2 == "DE"  # without diacritics


@pytest.mark.parametrize(
    ("text", "code"),
    [("Włochy", "IT"), ("Chorwacja", "HR"), ("Latvija", "LV"), ("Lietuva", "LT"),
     ("Russian Federation", "RU"), ("Russia", "RU"), ("Россия", "RU"), ("UK", "GB"),
     ("U.K.", "GB"), ("U.S.A.", "US"), ("United States", "US"), ("USA", "US"), ("UAE", "AE"),
     ("Turkey", "TR"), ("Türkiye", "TR"), ("Holland", "NL"), ("Ivory Coast", "CI"),
     ("Bosnia & Herzegovina", "BA"), ("  latvia ", "LV"), ("lv", "LV"), ("LVA", "LV"),
     ("428", "LV"), ("040", "AT"), ("40", "AT"), ("Ísland", "IS"), ("Norge", "NO"),
     ("Україна", "UA"), ("Ελλάδα", "GR"), ("Éire", "IE"), ("România", "RO"), ("Romania", "RO")],
)  # fmt: skip
def test_spellings(text: str, code: str) -> None:
    assert mc.country(text).alpha_2 == code


@pytest.mark.parametrize(
    "text",
    [
        "Europe",
        "EU",
        "Baltic States",
        "Middle East",
        "New Jersey",
        "Mexico City",
        "",
        "n/a",
        "Itly",
        "Scandinavia",
        "Balkans",
    ],
)
def test_refusals(text: str) -> None:
    with pytest.raises(mc.UnknownCountryError):
        mc.country(text)
    assert countries.get(text) is None


def test_suggestions_are_ranked_but_never_returned() -> None:
    with pytest.raises(LookupError) as caught:
        mc.country("Itly")
    assert isinstance(caught.value, mc.UnknownCountryError)
    assert caught.value.suggestions[0] == "Italy"
    assert "did you mean: Italy" in str(caught.value)


def test_country_record() -> None:
    found = mc.country("Włochy")
    assert (found.alpha_2, found.alpha_3, found.numeric, found.name) == (
        "IT",
        "ITA",
        "380",
        "Italy",
    )
    assert found.official_name == "Italian Republic"


def test_names_in_a_language() -> None:
    assert countries.name("HR", "pl") == "Chorwacja"
    assert countries.name("Italy", "pl") == "Włochy"
    assert countries.name("DE") == "Germany"
    with pytest.raises(ValueError, match="no country names"):
        countries.name("DE", "xx")


def test_normalise_many() -> None:
    codes = [c.alpha_2 for c in countries.normalise_many(["UK", "Włochy", "UK", "Latvija"])]
    assert codes == ["GB", "IT", "GB", "LV"]
    with pytest.raises(mc.UnknownCountryError, match="Europe"):
        countries.normalise_many(["UK", "Europe"])


class _Series:
    """The two methods normalise_series uses, as pandas and polars Series have them."""

    def __init__(self, values: list[object]) -> None:
        self.values = values
        self.unique_calls = 0

    def unique(self) -> list[object]:
        self.unique_calls += 1
        return list(dict.fromkeys(self.values))

    def map(self, mapping: Mapping[Any, Any]) -> list[object]:
        return [mapping[value] for value in self.values]


def test_normalise_series_works_once_per_distinct_value() -> None:
    series = _Series(["UK", None, "Włochy", "UK", "Atlantis"] * 1000)
    result = countries.normalise_series(series, on_unknown=lambda text: None)
    assert result[:5] == ["GB", None, "IT", "GB", None]
    assert series.unique_calls == 1
    with pytest.raises(mc.UnknownCountryError):
        countries.normalise_series(_Series(["Atlantis"]))


def _aliases() -> list[dict[str, str]]:
    text = resources.files("medclusters").joinpath("country_aliases.csv").read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


def test_aliases_have_reasons_languages_and_real_codes() -> None:
    rows = _aliases()
    assert len(rows) >= 100
    for row in rows:
        assert row["reason"].strip(), row
        assert row["language"] in countries.LANGUAGES, row
        assert mc.country(row["alpha_2"]).alpha_2 == row["alpha_2"]
        assert mc.country(row["alias"]).alpha_2 == row["alpha_2"]


def test_no_alias_is_another_countrys_code() -> None:
    """Codes are tried first, so an alias spelled like a code would be silently shadowed."""
    for row in _aliases():
        found = countries.get(row["alias"].strip().upper())
        assert found is None or found.alpha_2 == row["alpha_2"], row


def _spellings() -> list[dict[str, str]]:
    with (FIXTURES / "country_spellings.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_spelling_list_is_large_and_covers_refusals() -> None:
    rows = _spellings()
    assert len(rows) >= 150
    assert sum(1 for row in rows if not row["expected"]) >= 15
    assert all(row["note"] for row in rows)


@pytest.mark.parametrize("row", _spellings(), ids=lambda row: repr(row["text"]))
def test_real_world_spellings(row: dict[str, str]) -> None:
    """The benchmark's list: every spelling gives its expected code, or is refused."""
    found = countries.get(row["text"])
    assert (found.alpha_2 if found else "") == row["expected"]


def test_shipped_index_is_current() -> None:
    """country_index.json equals a fresh compile from pycountry and the alias table.

    When this fails after a pycountry upgrade or an alias edit, run
    ``python -m medclusters._country_index`` and commit the result.
    """
    from medclusters import _country_index

    shipped = resources.files("medclusters").joinpath("country_index.json").read_text("utf-8")
    assert _country_index.render(_country_index.compile_index()) == shipped


def test_wrong_upstream_translations_are_left_out() -> None:
    from medclusters._country_index import WRONG_TRANSLATIONS

    assert mc.country("Slovenská republika").alpha_2 == "SK"  # not also Gambia
    assert mc.country("Poblacht Dhaonlathach an Chongó").alpha_2 == "CD"  # not also Algeria
    assert len(WRONG_TRANSLATIONS) == 2


def test_inverted_and_abbreviated_forms() -> None:
    assert mc.country("Korea, South").alpha_2 == "KR"
    assert mc.country("Korea (South)").alpha_2 == "KR"
    assert mc.country("Republic of Korea").alpha_2 == "KR"
    assert mc.country("Netherlands, The").alpha_2 == "NL"
    assert mc.country("St. Vincent & the Grenadines").alpha_2 == "VC"
    assert mc.country("u.s.").alpha_2 == "US"
    assert countries.rearranged("Latvia (") is None


def test_language_settles_an_ambiguous_name(monkeypatch: pytest.MonkeyPatch) -> None:
    """No name is ambiguous in today's data, so the test makes one: "Georgia" in two languages."""
    index = countries._get_index()
    names = dict(index.names, georgia="GE US")
    by_language = dict(index.by_language, en={"georgia": "GE"}, xx={"georgia": "US"})
    monkeypatch.setattr(
        countries, "_index", attrs.evolve(index, names=names, by_language=by_language)
    )
    monkeypatch.setattr(countries, "_cache", {})
    with pytest.raises(mc.UnknownCountryError, match="ambiguous") as caught:
        mc.country("Georgia")
    assert caught.value.suggestions == ("Georgia", "United States")
    assert mc.country("Georgia", language="en").alpha_2 == "GE"
    assert mc.country("Georgia", language="xx").alpha_2 == "US"
    assert countries.get("Georgia") is None


def test_refusals_are_remembered_but_still_explained() -> None:
    assert countries.get("Atlantis") is None
    assert countries.get("Atlantis") is None
    with pytest.raises(mc.UnknownCountryError, match="Atlantis"):
        mc.country("Atlantis")
    with pytest.raises(mc.UnknownCountryError, match="not text"):
        mc.country(["Latvia"])  # type: ignore[arg-type]
    assert countries.get(None) is None  # type: ignore[arg-type]


def test_dataset_markets_agree_with_their_names() -> None:
    for market in mc.load().markets:
        assert mc.country(market.name_as_given).alpha_2 == market.country


def test_import_does_not_build_the_index() -> None:
    code = "import medclusters.countries as c; assert c._index is None; c.country('LV')"
    assert "pycountry" not in modules_after(code)  # the shipped index needs no pycountry
