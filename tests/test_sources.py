"""A test per source: the key facts each source states are in the tables, attributed to it
(as the row's source_id, or by a citation of the row or field).

The facts of the sources of 0.1.0 and 0.2.0 are written here from the source pages, one line
each. Those of the 750 pages the field edition (0.3.0) added are in
``tests/fixtures/field_sources.json``, written from the research notes that quote each page:
the rows each page's facts must have become (a name, a status, a figure, a label, a
programme, an event, a topic, a lead), and for every page the clusters it speaks of
(``"any"``: some row about that cluster is attributed to the page). They guard that no fact
taken from a page was dropped on the way into the tables. A source without an entry fails,
so a new source cannot land without its facts being checked.
"""

from __future__ import annotations

import functools
import json
import re
from enum import Enum
from pathlib import Path
from typing import Any

import attrs
import pytest

import medclusters as mc

DS = mc.load()

#: source id -> [(resource, {field: value as the CSV writes it}), ...]
FACTS: dict[str, list[tuple[str, dict[str, str]]]] = {
    # the four seeds
    "eccp-lhtc": [
        ("clusters", {"id": "lhtc", "established": "2012-06-15", "members_total": "60"}),
        ("budgets", {"id": "provahealth:project:total", "amount_eur": "3022842.70"}),
        (
            "programmes",
            {"id": "lv-erdf-3-2-1-1-16-a-010", "signed": "2017-02-09", "duration_months": "48"},
        ),
    ],
    "eccp-litcare": [
        ("clusters", {"id": "litcare", "established": "2013-05-30"}),
        (
            "labels",
            {"cluster_id": "litcare", "name": "Best National Tourism Business Project 2014"},
        ),
    ],
    "lublin-klaster": [
        ("observations", {"cluster_id": "lubelska-medycyna", "measure": "members", "value": "130"}),
        ("observations", {"programme_id": "provahealth", "measure": "partners", "value": "17"}),
        ("events", {"id": "hmts-2018", "start": "2018-06-12", "acronym": "HMTS"}),
    ],
    "bsh-health-romania": [
        ("clusters", {"id": "health-romania", "acronym": "Sanatate Romania"}),
        ("labels", {"cluster_id": "health-romania", "level": "bronze"}),
    ],
    # Kvarner
    "kv-opatija-osnivanje": [
        (
            "memberships",
            {
                "cluster_id": "kvarner-health-tourism-cluster",
                "organisation_id": "hr-thalassotherapia-opatija",
                "role": "founder",
            },
        ),
        ("events", {"id": "kvarner-founding-assembly-2014", "city": "Opatija"}),
    ],
    "kv-regionalni-10": [
        (
            "observations",
            {
                "cluster_id": "kvarner-health-tourism-cluster",
                "measure": "founding_members",
                "value": "22",
            },
        ),
        (
            "observations",
            {"cluster_id": "kvarner-health-tourism-cluster", "measure": "members", "value": "40"},
        ),
    ],
    "kv-teklic-2024": [
        ("clusters", {"id": "kvarner-health-tourism-cluster", "established": "2014"}),
        (
            "observations",
            {
                "cluster_id": "kvarner-health-tourism-cluster",
                "measure": "members",
                "value": "39",
                "as_of": "2024-02-28",
            },
        ),
    ],
    "kv-vodstvo-2021": [("events", {"id": "kvarner-assembly-2021", "start": "2021-02-26"})],
    "kv-poslovni-2016": [
        (
            "labels",
            {"cluster_id": "kvarner-health-tourism-cluster", "year": "2016", "kind": "award"},
        ),
        (
            "observations",
            {
                "cluster_id": "kvarner-health-tourism-cluster",
                "value": "30",
                "bound": "up_to",
                "as_of": "2016-11",
            },
        ),
    ],
    "kv-health-projekt-2017": [
        ("budgets", {"programme_id": "plus-health", "item": "total", "amount_eur": "860740.50"}),
        (
            "budgets",
            {
                "programme_id": "plus-health",
                "item": "eu_funding",
                "amount_eur": "731629.42",
                "share_percent": "85",
            },
        ),
        (
            "participations",
            {
                "programme_id": "plus-health",
                "cluster_id": "kvarner-health-tourism-cluster",
                "role": "lead_partner",
            },
        ),
    ],
    "kv-sihr-2019": [
        ("observations", {"programme_id": "plus-health", "measure": "partners", "value": "8"}),
        (
            "participations",
            {
                "programme_id": "plus-health",
                "organisation_id": "hr-dnv-adriatica",
                "role": "associated_partner",
            },
        ),
    ],
    "kv-eu-projekti": [("programmes", {"id": "plus-health", "start": "2017-08", "end": "2019-07"})],
    "kv-timeout-ciht-2018": [
        ("events", {"id": "ciht-2018", "start": "2018-11-08", "end": "2018-11-09"})
    ],
    "kv-n1-2023": [("events", {"id": "ciht-2023", "start": "2023-10-26", "city": "Crikvenica"})],
    "kv-tcn-2023": [("memberships", {"organisation_id": "hr-hotel-miramare", "role": "member"})],
    "kv-svjetlost-2017": [
        ("events", {"id": "imtj-summit-2017", "city": "Opatija", "start": "2017-04-24"})
    ],
    "kv-pgz-ciht10": [("event_roles", {"event_id": "ciht-2022", "role": "organiser"})],
    # Estonia
    "ee-healthrepublic-en": [
        # the cluster is a cooperation council; January 2011 is its association's founding
        ("clusters", {"id": "estonian-health-tourism-cluster", "acronym": "EHTC"}),
        ("organisations", {"id": "ee-terviseturismi-uhendus", "established": "2011-01"}),
        (
            "claims",
            {"subject_id": "estonian-health-tourism-cluster", "field": "organisation_type"},
        ),
    ],
    "ee-healthrepublic-et": [
        ("cluster_names", {"cluster_id": "estonian-health-tourism-cluster", "name": "ETTK"}),
    ],
    "ee-medlt-loi": [
        ("events", {"id": "baltic-health-tourism-loi-2013", "start": "2013-09-11"}),
        (
            "event_roles",
            {
                "event_id": "baltic-health-tourism-loi-2013",
                "cluster_id": "lhtc",
                "role": "signatory",
            },
        ),
    ],
    "ee-lrs-2015": [
        (
            "claims",
            {
                "subject_id": "baltic-health-tourism-loi-2013",
                "value": "2013-10-11",
                "kind": "disagreement",
            },
        )
    ],
    "ee-medicineestonia-summary": [
        (
            "clusters",
            {
                "id": "medicine-estonia-cluster",
                "local_name": "MTÜ Eesti Meditsiiniekspordi klaster",
            },
        ),
    ],
    "ee-battleit-eas": [
        ("observations", {"cluster_id": "medicine-estonia-cluster", "value": "20"}),
        (
            "budgets",
            {
                "programme_id": "medicine-estonia-cluster-project",
                "item": "total",
                "amount_eur": "630000",
            },
        ),
        (
            "memberships",
            {"cluster_id": "medicine-estonia-cluster", "organisation_id": "ee-taltech"},
        ),
    ],
    "ee-medicineestonia-tookorraldus": [
        ("contacts", {"cluster_id": "medicine-estonia-cluster", "family_name": "Niin"})
    ],
    "ee-medicineestonia-esca": [
        ("labels", {"cluster_id": "medicine-estonia-cluster", "level": "bronze"})
    ],
    "ee-connectedhealth-about": [
        (
            "observations",
            {
                "cluster_id": "estonian-connected-health-cluster",
                "value": "80",
                "bound": "more_than",
            },
        ),
        (
            "collaborations",
            {
                "cluster_id": "estonian-connected-health-cluster",
                "partner_organisation_id": "scanbalt",
            },
        ),
    ],
    "ee-tehnopol-projects": [
        (
            "observations",
            {
                "cluster_id": "estonian-connected-health-cluster",
                "value": "60",
                "bound": "more_than",
            },
        )
    ],
    "ee-dgregio-2020": [
        (
            "observations",
            {
                "cluster_id": "estonian-connected-health-cluster",
                "measure": "member_companies",
                "value": "43",
            },
        )
    ],
    "ee-oreanda-2014": [
        (
            "observations",
            {
                "cluster_id": "estonian-connected-health-cluster",
                "measure": "founding_members",
                "value": "40",
                "as_of": "2014-11-18",
            },
        ),
        ("clusters", {"id": "estonian-connected-health-cluster", "established": "2014"}),
    ],
    "ee-connectedhealth-ehealthtallinn": [
        (
            "memberships",
            {
                "cluster_id": "estonian-connected-health-cluster",
                "organisation_id": "technopol-tallinn",
                "role": "coordinator",
            },
        ),
    ],
    "ee-pharmaboardroom-hirv": [
        (
            "claims",
            {
                "subject_id": "estonian-connected-health-cluster",
                "field": "established",
                "value": "2016",
            },
        )
    ],
    "ee-tehnopol-chc-2017": [
        ("contacts", {"cluster_id": "estonian-connected-health-cluster", "family_name": "Tärnov"})
    ],
    "ee-tehnopol-esca": [
        ("labels", {"cluster_id": "estonian-connected-health-cluster", "level": "bronze"})
    ],
    "ee-researchinestonia-2021": [
        ("programmes", {"id": "in-4-aha", "start": "2021-01", "end": "2022-12"})
    ],
    "ee-ukesttechlink": [("organisations", {"id": "technopol-tallinn", "established": "2003"})],
    # Poland
    "pl-medycyna-powolanie": [
        ("clusters", {"id": "lubelska-medycyna", "established": "2014-01-21"})
    ],
    "pl-medycyna-about-en": [
        ("cluster_names", {"cluster_id": "lubelska-medycyna", "name": "Lublin Medicine Cluster"})
    ],
    "pl-cgm-2015": [
        ("observations", {"cluster_id": "lubelska-medycyna", "value": "50", "as_of": "2015-03-16"})
    ],
    "pl-medicus-2015": [
        ("observations", {"cluster_id": "lubelska-medycyna", "value": "50", "bound": "more_than"})
    ],
    "pl-medicus-2016-08": [
        ("observations", {"cluster_id": "lubelska-medycyna", "value": "100", "as_of": "2016-08-28"})
    ],
    "pl-medicus-2016-12": [("observations", {"cluster_id": "lubelska-medycyna", "value": "103"})],
    "pl-medycyna-bronze-2016": [
        ("labels", {"id": "lubelska-medycyna:cme-bronze", "valid_from": "2016-06"}),
        (
            "memberships",
            {
                "cluster_id": "lubelska-medycyna",
                "organisation_id": "uniwersytet-medyczny-w-lublinie",
                "role": "coordinator",
            },
        ),
    ],
    "pl-medycyna-bronze-2018": [
        ("labels", {"id": "lubelska-medycyna:cme-bronze-2018", "valid_from": "2018-06"})
    ],
    "pl-gazetaprawna-2018": [
        ("observations", {"cluster_id": "lubelska-medycyna", "value": "130", "as_of": "2018"})
    ],
    "pl-lublin-sektor-medyczny": [
        ("observations", {"cluster_id": "lubelska-medycyna", "value": "160", "as_of": "2021"}),
        (
            "observations",
            {"cluster_id": "lubelska-medycyna", "measure": "member_hospitals", "value": "11"},
        ),
    ],
    "pl-medycyna-inauguracja": [
        ("events", {"id": "lubelska-medycyna-inauguration-2015", "start": "2015-02-24"})
    ],
    "pl-medycyna-hmts-2018": [
        ("event_roles", {"event_id": "hmts-2018", "cluster_id": "lubelska-medycyna"})
    ],
    "pl-medycyna-ihtf-2019": [("events", {"id": "ihtf-2019", "start": "2019-10-07"})],
    "pl-medycyna-lrot-2015": [
        (
            "collaborations",
            {
                "id": "lubelska-medycyna>lubelska-regionalna-organizacja-turystyczna",
                "since": "2015-02-20",
            },
        )
    ],
    "pl-medycyna-gala-2024": [
        ("events", {"id": "lubelska-medycyna-gala-2024", "start": "2024-03-18"})
    ],
    "pl-scanbalt-lublin": [
        ("collaborations", {"id": "lubelska-medycyna>scanbalt"}),
        ("organisation_names", {"organisation_id": "scanbalt", "name": "ScanBalt fmba"}),
    ],
    "pl-medycyna-scanbalt-2019": [
        ("collaborations", {"id": "lubelska-medycyna>scanbalt", "since": "2019-01-14"})
    ],
    "pl-medycyna-usa-2017": [
        (
            "events",
            {"id": "eu-cluster-mission-usa-2017", "start": "2017-05-15", "end": "2017-05-19"},
        )
    ],
    "pl-medycyna-lhtc-2021": [
        ("collaborations", {"id": "lubelska-medycyna>lhtc", "since": "2016"})
    ],
    "pl-medcluster-rada-2016": [
        (
            "organisation_names",
            {
                "organisation_id": "rada-klastrow-branzy-medycznej",
                "name": "Rada Klastrów Medycznych",
            },
        )
    ],
    "pl-ibirtm-dzialalnosc": [
        (
            "organisations",
            {"id": "instytut-badan-i-rozwoju-turystyki-medycznej", "established": "2015-10-05"},
        )
    ],
    "pl-ibirtm-regulamin": [
        ("organisations", {"id": "instytut-badan-i-rozwoju-turystyki-medycznej", "city": "Gdańsk"})
    ],
    "pl-ibirtm-en": [
        (
            "organisation_names",
            {
                "organisation_id": "instytut-badan-i-rozwoju-turystyki-medycznej",
                "name": "Institute for Medical Tourism Research and Development",
            },
        )
    ],
    "pl-lrot-statut": [
        ("organisations", {"id": "lubelska-regionalna-organizacja-turystyczna", "city": "Lublin"})
    ],
    "pl-lrot-dzialalnosc": [
        (
            "observations",
            {"organisation_id": "lubelska-regionalna-organizacja-turystyczna", "value": "83"},
        )
    ],
    "pl-eqar-umlub": [
        (
            "identifiers",
            {
                "organisation_id": "uniwersytet-medyczny-w-lublinie",
                "scheme": "ror",
                "value": "016f61126",
            },
        ),
        ("identifiers", {"scheme": "erasmus", "value": "PL LUBLIN05"}),
        ("identifiers", {"scheme": "eu_pic", "value": "952657953"}),
        ("organisations", {"id": "uniwersytet-medyczny-w-lublinie", "established": "1950"}),
    ],
    # ProVaHealth
    "pv-lublin-vilnius-2018": [
        ("observations", {"programme_id": "provahealth", "measure": "partners", "value": "18"}),
        ("events", {"id": "provahealth-vilnius-2018", "start": "2018-06-18"}),
    ],
    "pv-lublin-wilno-2018": [
        ("programmes", {"id": "provahealth", "website": "http://scanbalt.org/livinglabs/"})
    ],
    "pv-lublin-greifswald-2019": [
        (
            "event_roles",
            {
                "event_id": "provahealth-greifswald-2019",
                "organisation_id": "de-witeno",
                "role": "host",
            },
        )
    ],
    "pv-lublin-meeting-2019": [
        ("events", {"id": "provahealth-lublin-2019", "start": "2019-05-22"})
    ],
    "pv-lublin-oulu-2019": [("events", {"id": "provahealth-oulu-2019", "start": "2019-10-16"})],
    "pv-sdsi-2020": [("claims", {"subject_id": "provahealth", "field": "end", "value": "2020-05"})],
    "pv-sdsi-project": [
        ("participations", {"programme_id": "provahealth", "organisation_id": "tallinn-university"})
    ],
    "pv-eir-2017": [
        ("programmes", {"id": "provahealth", "start": "2017-10"}),
        (
            "participations",
            {
                "programme_id": "provahealth",
                "organisation_id": "technopol-tallinn",
                "role": "lead_partner",
            },
        ),
        ("budgets", {"programme_id": "provahealth", "amount_eur": "3800000", "bound": "about"}),
    ],
    "pv-ouluhealth": [
        (
            "participations",
            {"programme_id": "provahealth", "organisation_id": "fi-oulu-uas", "role": "partner"},
        )
    ],
    "pv-esbendradarbiavimas-2017": [
        ("observations", {"programme_id": "interreg-bsr-2014-2020", "value": "39"})
    ],
    "pv-interreg-about": [
        ("observations", {"programme_id": "interreg-bsr-2014-2020", "as_of": "2017-05"})
    ],
    "pv-laurea-2020": [
        ("programmes", {"id": "provahealth", "end": "2020-03"}),
        ("participations", {"programme_id": "provahealth", "organisation_id": "pl-garr"}),
    ],
    # Baltic, Romania, Italy
    "lv-healthtravel-cluster": [("clusters", {"id": "lhtc", "members_total": "60"})],
    "lv-healthtravel-projects": [
        ("budgets", {"id": "lv-erdf-3-2-1-1-16-a-010:project:total", "amount_eur": "485874.42"})
    ],
    "lv-kohesio-q3056745": [
        ("budgets", {"programme_id": "lv-erdf-3-2-1-1-16-a-010", "amount_eur": "554453.47"}),
        ("identifiers", {"scheme": "kohesio", "value": "Q3056745"}),
    ],
    "lv-cleantech-2019": [
        ("clusters", {"id": "lhtc", "local_name": "Latvijas veselības tūrisma klasteris"}),
        ("organisations", {"id": "latvian-clusters-network", "established": "2019-07-01"}),
        ("collaborations", {"id": "lhtc>latvian-clusters-network", "since": "2019-07-01"}),
    ],
    "lt-litcare-eu": [
        (
            "programmes",
            {"reference": "03.2.1-LVPA-K-807-02-0026", "start": "2019-08-07", "end": "2023-02-28"},
        ),
        (
            "budgets",
            {"programme_id": "lt-erdf-03-2-1-lvpa-k-807-02-0026", "amount_eur": "496138.17"},
        ),
    ],
    "lt-15min": [("observations", {"cluster_id": "litcare", "value": "18"})],
    "lt-vlmedicina-2015": [
        ("clusters", {"id": "litcare", "local_name": "Lietuvos medicinos turizmo klasteris"})
    ],
    "lt-klaster-lca": [
        ("organisations", {"id": "lithuanian-clusters-association", "established": "2014-10"})
    ],
    "lt-lca-kryptis": [
        ("observations", {"organisation_id": "lithuanian-clusters-association", "value": "10"})
    ],
    "ro-sanatate-rof": [
        (
            "observations",
            {"cluster_id": "health-romania", "measure": "founding_members", "value": "17"},
        ),
        (
            "memberships",
            {"cluster_id": "health-romania", "organisation_id": "ro-umf-iasi", "role": "founder"},
        ),
    ],
    "ro-eccp-medro": [
        ("organisations", {"id": "medro", "established": "2018"}),
        ("observations", {"organisation_id": "medro", "value": "7"}),
    ],
    "ro-rohealth-medro": [("observations", {"organisation_id": "medro", "value": "8"})],
    "ro-turismuldesanatate-2016": [
        (
            "events",
            {"id": "ro-health-tourism-forum-2016", "start": "2016-04-21", "city": "Râmnicu Vâlcea"},
        )
    ],
    "ro-eccp-rohealth": [
        ("clusters", {"id": "rohealth", "established": "2015-05-28"}),
        ("collaborations", {"id": "rohealth>enrich-in-china"}),
    ],
    "ro-rohealth-gold-2021": [
        ("labels", {"cluster_id": "rohealth", "level": "bronze", "year": "2017"}),
        ("labels", {"cluster_id": "rohealth", "level": "gold", "year": "2021"}),
    ],
    "ro-rohealth-gold-2024": [("labels", {"cluster_id": "rohealth", "year": "2024"})],
    "ro-medicalmanager-rohealth": [
        (
            "clusters",
            {"id": "rohealth", "local_name": "ROHEALTH – Cluster pentru Sănătate și Bioeconomie"},
        ),
    ],
    "ro-rohealth-interview": [("contacts", {"cluster_id": "rohealth", "family_name": "Rotaru"})],
    "it-cbm-about": [
        ("observations", {"cluster_id": "cbm-smart-health", "value": "150", "bound": "about"})
    ],
    "it-marketpress-2004": [
        ("clusters", {"id": "cbm-smart-health", "established": "2004-01-22"}),
        (
            "observations",
            {"cluster_id": "cbm-smart-health", "measure": "founding_members", "value": "12"},
        ),
    ],
    "it-marketpress-2008": [
        (
            "clusters",
            {
                "id": "cbm-smart-health",
                "local_name": "Consorzio per il Centro di Biomedicina Molecolare",
            },
        )
    ],
    "it-investinfvg": [("observations", {"cluster_id": "cbm-smart-health", "value": "125"})],
    "it-ansa-2017-09-13": [
        ("observations", {"cluster_id": "cbm-smart-health", "value": "70", "as_of": "2017-09-13"})
    ],
    "it-ansa-2017-09-23": [("events", {"id": "eurobiohightech-2017", "start": "2017-09-21"})],
    "it-piccolo-2018": [
        ("observations", {"cluster_id": "cbm-smart-health", "value": "120", "as_of": "2018-03-14"})
    ],
    "it-ansa-2018-09-25": [
        ("contacts", {"cluster_id": "cbm-smart-health", "family_name": "Chies"})
    ],
    "it-alisei-gerometta": [("observations", {"cluster_id": "cbm-smart-health", "value": "130"})],
    "it-alisei-chies": [
        ("observations", {"cluster_id": "cbm-smart-health", "value": "100", "bound": "about"})
    ],
    "it-esca-italy": [
        ("labels", {"id": "cbm-smart-health:esca-bronze", "valid_until": "2016-07-25"})
    ],
    "esca-rules": [
        (
            "claims",
            {
                "subject_id": "cbm-smart-health:esca-bronze",
                "field": "valid_from",
                "kind": "derived",
            },
        )
    ],
}


def _text(value: Any) -> str:
    if value is None:
        return ""
    return value.value if isinstance(value, Enum) else str(value)


def _attributed(record: Any, source: str, fields: dict[str, str]) -> bool:
    """The row's own source, or a citation of the row or of one of the matched fields."""
    if record.source_id == source:
        return True
    return any(
        a.source_id == source and (a.field is None or a.field in fields)
        for a in DS.sources_of(record)
    )


#: The facts of the field edition's sources (see the module's docstring).
FIELD: dict[str, list[tuple[str, dict[str, str]]]] = {
    source: [(resource, fields) for resource, fields in facts]
    for source, facts in json.loads(
        (Path(__file__).parent / "fixtures" / "field_sources.json").read_text("utf-8")
    ).items()
}


def _cluster_of(name: str, record: Any) -> set[str]:
    """The clusters a row is about: its own id, the clusters it names, or the subject of a
    claim or citation."""
    if name == "clusters":
        return {record.id}
    if name in ("claims", "citations"):
        return {re.split(r"[|>:]", record.subject_id)[0]}
    return {
        value
        for field in ("cluster_id", "related_cluster_id", "partner_cluster_id")
        if (value := getattr(record, field, None))
    }


@functools.cache
def _sources_about() -> dict[str, set[str]]:
    """cluster id -> the sources of every row about it, and of the citations of those rows."""
    found: dict[str, set[str]] = {}
    for name, records in DS.tables().items():
        for record in records:
            clusters = _cluster_of(name, record)
            if not clusters or not hasattr(record, "source_id"):
                continue
            sources = {record.source_id} | {a.source_id for a in DS.sources_of(record)}
            for cluster_id in clusters:
                found.setdefault(cluster_id, set()).update(sources)
    return found


@pytest.mark.parametrize("source", [s.id for s in DS.sources])
def test_the_key_facts_of_each_source_are_in_the_tables(source: str) -> None:
    facts = FACTS.get(source) or FIELD.get(source)
    assert facts, f"no key facts are listed for source {source!r}"
    for resource, fields in facts:
        if resource == "any":
            about = _sources_about().get(fields["cluster"], set())
            assert source in about, f"nothing on {fields} from {source}"
            continue
        rows = [
            record
            for record in getattr(DS, resource)
            if all(_text(getattr(record, f)) == v for f, v in fields.items())
        ]
        assert rows, f"{resource}: no row has {fields}"
        assert any(_attributed(row, source, fields) for row in rows), (
            f"{resource} {fields}: found, but not attributed to {source}"
        )


def test_the_facts_above_name_real_sources() -> None:
    assert set(FACTS) | set(FIELD) == {source.id for source in DS.sources}
    assert not set(FACTS) & set(FIELD)


def test_every_source_row_has_an_address_and_a_publisher() -> None:
    for source in DS.sources:
        assert source.url.startswith(("http://", "https://")), source.id
        assert source.publisher.strip(), source.id


def test_every_row_names_its_source_and_every_source_is_used() -> None:
    used = set()
    for records in DS.tables().values():
        for record in records:
            if attrs.has(type(record)) and "source_id" in attrs.fields_dict(type(record)):
                assert record.source_id, record
                used.add(record.source_id)
    assert used == {source.id for source in DS.sources}


def test_the_descriptor_counts_the_sources_the_table_holds() -> None:
    """The package-level ``sources`` of the descriptor points to the sources table and says
    how many rows it holds (0.3.0 listed 103 pages of 882)."""
    ds = mc.load()
    listed = ds.descriptor["sources"]
    assert len(listed) == 1
    assert listed[0]["path"] == "data/sources.csv"
    assert listed[0]["title"].startswith(f"The {len(ds.sources)} sources of this package")
