"""Country normalisation: every supported language, codes, aliases, and the refusals."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

import medclusters as mc
from medclusters import countries
from medclusters.countries import _names as _country_names
from medclusters.utils.text import fold
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
    assert mc.country(fold(text)).alpha_2 == "DE"  # without diacritics


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
    text = resources.files(countries).joinpath("country_aliases.csv").read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


def test_aliases_have_reasons_languages_and_real_codes() -> None:
    rows = _aliases()
    assert len(rows) >= 100
    for row in rows:
        assert row["reason"].strip(), row
        assert row["language"] in countries.LANGUAGES, row
        assert mc.country(row["alpha_2"]).alpha_2 == row["alpha_2"]
        assert mc.country(row["alias"], language=row["language"]).alpha_2 == row["alpha_2"]
        found = countries.get(row["alias"])
        if found is None:  # another language means something else by it: refused, and why
            with pytest.raises(mc.UnknownCountryError, match="ambiguous"):
                mc.country(row["alias"])
        else:
            assert found.alpha_2 == row["alpha_2"]


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
    ``python -m medclusters.countries._build`` and commit the result.
    """
    from medclusters.countries import _build as _country_index

    shipped = (
        resources.files("medclusters.countries").joinpath("country_index.json").read_text("utf-8")
    )
    assert _country_index.render(_country_index.compile_index()) == shipped


def test_wrong_upstream_translations_are_left_out() -> None:
    from medclusters.countries._build import WRONG_TRANSLATIONS

    assert mc.country("Slovenská republika").alpha_2 == "SK"  # not also Gambia
    assert countries.get("Republic of Nigeria") is None  # it answered Niger; no source has it
    assert mc.country("Poblacht Dhaonlathach an Chongó").alpha_2 == "CD"  # not also Algeria
    assert len(WRONG_TRANSLATIONS) == 3


def test_inverted_and_abbreviated_forms() -> None:
    assert mc.country("Korea, South").alpha_2 == "KR"
    assert mc.country("Korea (South)").alpha_2 == "KR"
    assert mc.country("Republic of Korea").alpha_2 == "KR"
    assert mc.country("Netherlands, The").alpha_2 == "NL"
    assert mc.country("St. Vincent & the Grenadines").alpha_2 == "VC"
    assert mc.country("u.s.").alpha_2 == "US"
    assert _country_names.rearranged("Latvia (") is None


@pytest.mark.parametrize(
    ("text", "settled", "refused"),
    [
        ("America", {"en": "US"}, ["es", "pt", None]),  # es/pt: the Americas
        ("Amerika", {}, ["de", "nl", None]),  # CLDR: the Americas
        ("Južna Afrika", {"sk": "ZA"}, ["hr", "sl", None]),  # hr: Southern Africa; sl: both
        ("Mikronesia", {"fi": "FM", "is": "FM"}, ["nb", None]),  # nb: the Micronesian region
        ("Kongo", {"de": "CG", "pl": "CG"}, ["nb", None]),  # nb: both Congos
        ("Svatý Martin", {}, ["cs", None]),  # cs: Saint Martin and Sint Maarten alike
        ("Virgin Islands", {}, ["en", None]),  # British or U.S.
    ],
)
def test_ambiguous_names_are_refused_unless_a_language_settles_them(
    text: str, settled: dict[str, str], refused: list[str | None]
) -> None:
    for language, code in settled.items():
        assert mc.country(text, language=language).alpha_2 == code
    for maybe in refused:
        assert countries.get(text, language=maybe) is None
    with pytest.raises(mc.UnknownCountryError, match=r"ambiguous|region") as caught:
        mc.country(text)
    assert len(caught.value.suggestions) >= 2 or "region" in str(caught.value)


def test_every_ambiguous_name_in_the_index_is_refused_unless_a_language_settles_it() -> None:
    from medclusters.countries import _build as _country_index

    shipped = (
        resources.files("medclusters.countries").joinpath("country_index.json").read_text("utf-8")
    )
    index = countries._get_index()
    tested = 0
    for key, _, meanings in _country_index.ambiguous_names(json.loads(shipped)):
        if _country_names.key(key) != key:  # "виргинскиео-ва" is no text anyone writes
            continue
        tested += 1
        assert countries.get(key) is None, key
        for language, codes in meanings.items():
            found = countries.get(key, language=language)
            if " " in codes or codes in index.regions:
                assert found is None, (key, language)
            else:
                assert found is not None, (key, language)
                assert found.alpha_2 == codes, (key, language)
    assert tested >= 20


def test_every_ambiguous_name_in_the_index_is_listed_in_the_docs() -> None:
    """The closing list in docs/countries.md names each ambiguous name the index holds."""
    from medclusters.countries import _build as _country_index

    shipped = (
        resources.files("medclusters.countries").joinpath("country_index.json").read_text("utf-8")
    )
    ambiguous = _country_index.ambiguous_names(json.loads(shipped))
    docs = (Path(__file__).parent.parent / "docs" / "countries.md").read_text("utf-8")
    assert ambiguous
    for key, codes, _ in ambiguous:
        assert f"`{key}`" in docs, (key, codes)


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
    code = "import medclusters.countries as c; assert not c._get_index.built; c.country('LV')"
    assert "pycountry" not in modules_after(code)  # the shipped index needs no pycountry


# --- Unicode CLDR, through babel (a dev dependency; the runtime needs none) -------------------


def _cldr() -> dict[str, dict[str, str]]:
    from babel import Locale

    return {language: dict(Locale.parse(language).territories) for language in countries.LANGUAGES}


def _iso_codes() -> set[str]:
    return set(countries._get_index().countries)


_ARTICLE = re.compile(r"^(?:(?:il|l|ir|is|it|id|in|ix|iż|iċ)-|(?:an|na) )", re.IGNORECASE)


def _written_forms(text: str) -> set[str]:
    """How people write a name: as given, upper case, without diacritics or article, with the
    apostrophe look-alikes swapped."""
    forms = {text, text.upper(), fold(text), _ARTICLE.sub("", text)}
    for apostrophe in "\u02bc\u2019'":
        forms |= {
            form.replace(other, apostrophe) for form in set(forms) for other in "\u02bc\u2019'"
        }
    return forms


def test_every_language_resolves_cldrs_country_names() -> None:
    """Each supported language resolves >= 99% of CLDR's names of ISO 3166-1 countries, in
    every form people write them, with ``language=`` given (the column's language); without
    it, only names another language means otherwise may be refused, never answered wrongly."""
    iso = _iso_codes()
    shortfalls = {}
    for language, names in _cldr().items():
        total = right = 0
        for code, text in names.items():
            if code not in iso:
                continue
            for form in _written_forms(text):
                total += 1
                found = countries.get(form, language=language)
                right += found is not None and found.alpha_2 == code
                unhinted = countries.get(form)
                assert unhinted is None or unhinted.alpha_2 == code, (language, form)
        if right / total < 0.99:
            shortfalls[language] = f"{right / total:.1%} of {total}"
    assert not shortfalls


def test_cldr_regions_groups_and_places_are_refused_in_every_language() -> None:
    """CLDR's names of regions and groups (World, Europe, EU, UN, ...) and of places without an
    ISO 3166-1 code (Kosovo, Canary Islands, ...) are refused, with or without ``language=``."""
    iso = _iso_codes()
    accepted = []
    for language, names in _cldr().items():
        for code, text in names.items():
            if code in iso:
                continue
            for form in _written_forms(text):
                if countries.get(form) or countries.get(form, language=language):
                    accepted.append((language, code, form))
    assert not accepted
    for code in ("EU", "EZ", "UN", "150", "001", "XK", "IC"):
        with pytest.raises(mc.UnknownCountryError, match="region, group or place"):
            mc.country(code)


def _alt_names() -> list[tuple[str, str, str]]:
    """CLDR's alternative names (language, code, name), as the index was compiled from them."""
    from medclusters.countries._build import ALT_NAMES_FILE

    data = json.loads(ALT_NAMES_FILE.read_text(encoding="utf-8"))["names"]
    return [
        (language, code, text)
        for language, codes in data.items()
        for code, texts in codes.items()
        for text in texts
    ]


def _messy(text: str) -> set[str]:
    """The forms people type a name in: as given, upper and lower case, extra spaces, a
    closing full stop, no diacritics, apostrophe look-alikes swapped."""
    return _written_forms(text) | {text.lower(), f"  {text.replace(' ', '  ')} ", f"{text}."}


def test_cldrs_alternative_names_resolve_in_every_form() -> None:
    """Each of CLDR's alternative names of an ISO 3166-1 country ("UK", "R.-U.", "Czech
    Republic", "Congo (DRC)", "Swaziland", "Aotearoa New Zealand", in 30 languages) resolves
    in every messy form, with or without language=, except where the text is another
    country's ISO code (Spanish "RU" for the UK is Russia's code: codes come first). Those of
    regions and groups ("UN", "ONU") are refused."""
    iso = _iso_codes()
    index_codes = countries._get_index().codes
    names = _alt_names()
    assert len(names) >= 400
    missed, accepted, total = [], [], 0
    for language, code, text in names:
        for form in _messy(text):
            if form.strip(" .").upper() in index_codes:  # an ISO code: "RU", "VN", "SN"
                continue
            found, hinted = countries.get(form), countries.get(form, language=language)
            if code not in iso:
                if found or hinted:
                    accepted.append((language, code, form))
                continue
            total += 1
            if not (found and hinted and found.alpha_2 == hinted.alpha_2 == code):
                missed.append((language, code, form, found, hinted))
    assert total > 1_900
    assert not missed
    assert not accepted


@pytest.mark.parametrize(
    ("text", "code"),
    [("Míkrónesía", "FM"), ("Južná Afrika", "ZA"), ("JUŽNÁ AFRIKA", "ZA"), ("UK", "GB"),
     ("R.-U.", "GB"), ("VK", "GB"), ("ZK", "GB"), ("Congo (DRC)", "CD"), ("congo (drc).", "CD"),
     ("Falkland Islands (Islas Malvinas)", "FK"), ("Chagos Archipelago", "IO"),
     ("Aotearoa New Zealand", "NZ"), ("Swaziland", "SZ"), ("Ivory Coast", "CI")],
)  # fmt: skip
def test_names_the_audit_found_missing(text: str, code: str) -> None:
    assert mc.country(text).alpha_2 == code
    assert "CLDR" in countries.sources(text)["sources"]


@pytest.mark.parametrize(
    "text",
    ["America", "Juzna Afrika", "Микронезия", "južné územia Afriky", "Míkrónesíusvæðið"],
)
def test_a_spelling_settles_no_plain_or_shared_name(text: str) -> None:
    """The spelling tier answers an ambiguous name only by a letter beyond ASCII that one
    language alone writes so: plain "America" (English) may be Spanish "América" typed
    without its accent; "Микронезия" is Bulgarian's country and Russian's region; the rest
    are regions."""
    with pytest.raises(mc.UnknownCountryError):
        mc.country(text)


@pytest.mark.parametrize(
    ("text", "code"),
    [("il-Belġju", "BE"), ("Belġju", "BE"), ("an Rúis", "RU"), ("Rúis", "RU"),
     ("Myanmar (Burma)", "MM"), ("Burma (Myanmar)", "MM"), ("Kongó (Lýðveldið)", "CG"),
     ("Kongó, Lýðveldið", "CG"), ("Kongo-Kinshasa", "CD"), ("Hong Kong SAR China", "HK"),
     ("Palestinian Territories", "PS"), ("St. Vincent & Grenadines", "VC"),
     ("Tsjechische Republiek", "CZ"), ("ОАЭ", "AE"), ("Соломоновы о-ва", "SB"),  # noqa: RUF001
     ("Соломоновы острова", "SB"), ("Biélorussie", "BY"), ("Elfenbeinküste", "CI"),
     ("Vatikanstadt", "VA"), ("Färöer", "FO"), ("Dominikana", "DO"), ("Vietnã", "VN"),
     ("Вʼєтнам", "VN"), ("В’єтнам", "VN"), ("В'єтнам", "VN"), ("Czech Rep.", "CZ"),  # noqa: RUF001
     ("Rep. of Moldova", "MD"), ("N. Macedonia", "MK"), ("Bosnia-Herzegovina", "BA"),
     ("Fed. Rep. of Germany", "DE"), ("Oesterreich", "AT"), ("Tuerkei", "TR"),
     ("S:t Kitts och Nevis", "KN"), ("Saint Kitts und Nevis", "KN"), ("Cook Is.", "CK"),
     ("Trinidad i Tobago", "TT"), ("Antigua y Barbuda", "AG"), ("Dem. Rep. Congo", "CD"),
     ("Congo, Dem. Rep.", "CD"), ("Ιράν", "IR"), ("Sint Maarten", "SX"), ("Côte dIvoire", "CI"),
     ("Republic of Ireland", "IE"), ("Guinea Bissau", "GW"), ("Elfenbeinkueste", "CI")],
)  # fmt: skip
def test_forms_people_write(text: str, code: str) -> None:
    assert mc.country(text).alpha_2 == code


def test_names_record_their_sources() -> None:
    assert countries.sources("Deutschland") == {
        "sources": ("iso-codes", "CLDR"),
        "languages": ("de",),
    }
    assert countries.sources("Great Britain")["sources"] == ("alias",)
    assert countries.sources("Elfenbeinküste")["sources"] == ("CLDR", "alias")  # a CLDR variant
    assert "derived" in countries.sources("Oesterreich")["sources"]
    assert countries.sources("Atlantis") == {"sources": (), "languages": ()}


@pytest.mark.parametrize(
    ("text", "language", "first"),
    [("Dominikanna", None, "Dominican Republic"), ("Ιρανν", None, "Iran, Islamic Republic of"),  # noqa: RUF001
     ("Sint Maartin", None, "Sint Maarten (Dutch part)"), ("Republic of Irland", None, "Ireland"),
     ("GER", None, "Germany"), ("Itly", None, "Italy"), ("Germny", None, "Germany"),
     ("Niemcyy", "pl", "Niemcy"), ("Österreichh", "de", "Österreich")],
)  # fmt: skip
def test_suggestions_rank_the_intended_country_first(
    text: str, language: str | None, first: str
) -> None:
    with pytest.raises(mc.UnknownCountryError) as caught:
        mc.country(text, language=language)
    assert caught.value.suggestions[0] == first
    assert f"did you mean: {first}" in str(caught.value)


def test_suggestions_for_hostile_text_are_cheap_and_empty() -> None:
    with pytest.raises(mc.UnknownCountryError) as caught:
        mc.country("Germany" * 10_000)
    assert caught.value.suggestions == ()
    with pytest.raises(mc.UnknownCountryError) as caught:
        mc.country("!!!")
    assert caught.value.suggestions == ()


def test_a_region_is_refused_as_one_without_suggesting_a_country() -> None:
    with pytest.raises(mc.UnknownCountryError, match="European Union") as caught:
        mc.country("EU")
    assert caught.value.suggestions == ()
    assert "United States" not in str(caught.value)


def test_refusals_are_cached_and_suggestions_lazy() -> None:
    """A refusal costs a dict lookup and an exception; suggestions wait until read."""
    code = (
        "import medclusters.countries as c\n"
        "assert c.get('Atlantiss') is None and ('Atlantiss', None) in c._refused\n"
        "try:\n    c.country('Atlantiss')\nexcept LookupError as error:\n    caught = error\n"
        "import sys; assert 'medclusters.countries._suggestions' not in sys.modules\n"
        "assert caught.suggestions is not None and 'Atlantiss' in str(caught)\n"
        "assert 'medclusters.countries._suggestions' in sys.modules\n"
        "print('ok')"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "ok", result.stderr
