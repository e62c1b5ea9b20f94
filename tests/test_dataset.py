"""Known facts of each cluster, read through the API and checked against the source documents."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

import attrs
import pytest

import medclusters as mc

DS = mc.load()
CLUSTERS = {cluster.id: cluster for cluster in DS.clusters}
#: The ten clusters of dataset 0.2.0, whose facts the tests below were written from.
TEN = ("lhtc", "litcare", "lubelska-medycyna", "health-romania", "kvarner-health-tourism-cluster",
       "estonian-health-tourism-cluster", "medicine-estonia-cluster",
       "estonian-connected-health-cluster", "cbm-smart-health", "rohealth")  # fmt: skip
ORGANISATIONS = {organisation.id: organisation for organisation in DS.organisations}


def test_typed_values_are_typed() -> None:
    for records in DS.tables().values():
        for record in records:
            for field in attrs.fields(type(record)):
                value = getattr(record, field.name)
                assert value != "", f"{type(record).__name__}.{field.name} holds ''"
                if isinstance(value, str) and field.name in {"kind", "role", "scope", "level"}:
                    assert isinstance(value, StrEnum), field.name


def test_latvian_health_tourism_cluster() -> None:
    lhtc = CLUSTERS["lhtc"]
    assert lhtc.acronym == "LHTC"
    assert str(lhtc.established) == "2012-06-15"
    assert lhtc.staff_size == "1-5"
    assert (
        lhtc.members_total,
        lhtc.members_sme,
        lhtc.members_startups,
        lhtc.members_large,
        lhtc.members_research,
        lhtc.members_other,
    ) == (60, 31, 2, 25, 2, 2)
    assert lhtc.has_formal_strategy is True
    assert lhtc.has_internationalisation_strategy is True
    assert sorted(lang.language for lang in DS.languages if lang.cluster_id == "lhtc") == [
        "en",
        "fr",
        "lv",
        "ru",
    ]
    players = [
        m
        for m in DS.memberships
        if m.cluster_id == "lhtc" and m.role is mc.MembershipRole.MAJOR_PLAYER
    ]
    assert len(players) == 51
    assert {ORGANISATIONS[m.organisation_id].name for m in players} >= {
        "PAULS STRADIŅŠ CLINICAL UNIVERSITY HOSPITAL",
        "DERMATOLOGY CLINIC",
        "TAKA SPA",
    }
    municipality = ORGANISATIONS["lv-liepajas-pilsetas-pasvaldiba"]
    assert municipality.local_name == "LIEPĀJAS PILSĒTAS PAŠVALDĪBA"
    assert municipality.local_name_language == "lv"
    manager = next(
        c for c in DS.contacts if c.cluster_id == "lhtc" and c.position == "Cluster Manager"
    )
    assert (manager.given_name, manager.family_name) == ("Gunta", "Ušpele")
    assert manager.gender is mc.Gender.FEMALE


def test_lhtc_established_disagreement_is_kept() -> None:
    claim = next(c for c in DS.claims if c.subject_id == "lhtc" and c.field == "established")
    assert claim.value == "2012-03"
    assert claim.kind is mc.ClaimKind.DISAGREEMENT
    assert claim.source_id == "eccp-lhtc"


def test_lhtc_markets() -> None:
    markets = {(m.country, m.scope) for m in DS.markets if m.cluster_id == "lhtc"}
    assert {
        ("KZ", mc.MarketScope.INTERNATIONAL),
        ("GB", mc.MarketScope.TRANS_NATIONAL),
        ("RU", mc.MarketScope.TRANS_NATIONAL),
    } <= markets
    assert len(markets) == 8
    russia = next(m for m in DS.markets if m.cluster_id == "lhtc" and m.country == "RU")
    assert russia.name_as_given == "Russian Federation"


def test_provahealth_budget() -> None:
    """The ECCP profile's figures are the whole project's, Latvia's is a country's share: the
    scope column says whose figure each is, so none reads as a partner's own budget."""
    budgets = {
        b.item: b.amount_eur
        for b in DS.budgets
        if b.programme_id == "provahealth"
        and b.source_id == "eccp-lhtc"
        and b.scope is mc.BudgetScope.PROJECT
    }
    assert budgets[mc.BudgetItem.TOTAL] == Decimal("3022842.70")
    assert (
        budgets[mc.BudgetItem.ERDF] + budgets[mc.BudgetItem.PARTNER_CONTRIBUTION]
        == budgets[mc.BudgetItem.TOTAL]
    )
    latvia = next(
        b
        for b in DS.budgets
        if b.programme_id == "provahealth" and b.scope is mc.BudgetScope.COUNTRY
    )
    assert (latvia.country, latvia.amount_eur, latvia.cluster_id) == ("LV", Decimal(81740), None)
    assert not [b for b in DS.budgets if b.programme_id == "provahealth" and b.cluster_id == "lhtc"]
    provahealth = next(p for p in DS.programmes if p.id == "provahealth")
    assert provahealth.reference == "R039"
    assert provahealth.parent_id == "interreg-bsr-2014-2020"
    assert str(provahealth.approved) == "2017-05"
    taking_part = {
        p.cluster_id for p in DS.participations if p.programme_id == "provahealth" and p.cluster_id
    }
    assert taking_part == {"lhtc", "lubelska-medycyna"}
    # the expansion of the name comes from the Lublin article, the rest from the ECCP profile
    assert provahealth.source_id == "eccp-lhtc"
    assert ("name", "lublin-klaster") in {
        (c.field, c.source_id) for c in DS.sources_of(provahealth)
    }


def test_latvian_erdf_project() -> None:
    project = next(p for p in DS.programmes if p.reference == "3.2.1.1/16/A/010")
    assert project.duration_months == 48
    assert str(project.signed) == "2017-02-09"
    erdf = next(b for b in DS.budgets if b.programme_id == project.id and b.item == "erdf")
    assert (erdf.amount_eur, erdf.share_percent) == (Decimal("412993.26"), Decimal(85))


def test_litcare() -> None:
    litcare = CLUSTERS["litcare"]
    assert litcare.acronym == "LITCARE"
    assert str(litcare.established) == "2013-05-30"
    # The profile leaves these empty: unknown, never 0 ...
    assert litcare.staff_size is None
    # ... and the member count comes from another source, the only count found (before 2015)
    shown = next(o for o in DS.observations if o.id == litcare.members_observation_id)
    assert (litcare.members_total, shown.source_id, shown.as_of) == (18, "lt-15min", None)
    assert litcare.has_formal_strategy is None
    labels = {label.name for label in DS.labels if label.cluster_id == "litcare"}
    assert labels == {"Bronze Label", "Best National Tourism Business Project 2014"}
    large = {
        ORGANISATIONS[m.organisation_id].name
        for m in DS.memberships
        if m.cluster_id == "litcare" and ORGANISATIONS[m.organisation_id].size_class == "large"
    }
    assert large == {
        "Medical Diagnostic and Treatment Centre",
        'Rehabilitation & Wellness Centres "Eglės sanatorija"',
    }
    entering = {
        m.country
        for m in DS.markets
        if m.cluster_id == "litcare" and m.scope is mc.MarketScope.ENTERING
    }
    assert entering == {"GB", "IL", "NO", "SE", "DE", "US"}
    networks = [
        c
        for c in DS.collaborations
        if c.cluster_id == "litcare" and c.kind is mc.CollaborationKind.NETWORK_MEMBERSHIP
    ]
    assert [ORGANISATIONS[c.partner_organisation_id or ""].name for c in networks] == [
        "Lithuanian Clusters Association"
    ]


def test_lubelska_medycyna_keeps_polish_beside_english() -> None:
    lublin = CLUSTERS["lubelska-medycyna"]
    assert lublin.name == "Lublin Medicine – Medical & Wellness Cluster"  # its own English name
    assert lublin.local_name == "Lubelska medycyna – Klaster Usług Medycznych i Prozdrowotnych"
    assert lublin.local_name_language == "pl"
    # the first source says January 2014; the cluster's own page gives the day
    assert str(lublin.established) == "2014-01-21"
    assert lublin.established is not None
    assert lublin.established.precision == "day"
    assert lublin.members_total == 130
    assert lublin.city == "Lublin"
    derived = {(c.field, c.kind) for c in DS.claims_about(lublin)}
    assert ("city", mc.ClaimKind.DERIVED) in derived
    founders = {
        ORGANISATIONS[m.organisation_id].local_name
        for m in DS.memberships
        if m.cluster_id == "lubelska-medycyna" and m.role is mc.MembershipRole.FOUNDER
    }
    assert founders == {"Miasto Lublin", "Uniwersytet Medyczny w Lublinie"}
    bound = next(
        o
        for o in DS.observations
        if o.cluster_id == "lubelska-medycyna"
        and o.measure is mc.Measure.MEMBER_COMPANIES
        and o.source_id == "lublin-klaster"
    )
    assert (bound.value, bound.bound) == (100, mc.Bound.MORE_THAN)
    shown = next(o for o in DS.observations if o.id == lublin.members_observation_id)
    assert (shown.value, shown.source_id) == (130, "lublin-klaster")
    groups = [
        t.term
        for t in DS.topics
        if t.scheme is mc.TopicScheme.WORKING_GROUP and t.cluster_id == "lubelska-medycyna"
    ]
    assert len(groups) == 7
    assert "Senior policy" in groups
    nominations = [label for label in DS.labels if label.kind is mc.LabelKind.NOMINATION]
    assert {label.year for label in nominations} == {2016, 2017}
    summit = next(e for e in DS.events if e.acronym == "HMTS")
    assert (summit.name, str(summit.start), summit.city) == (
        "Health and Medical Tourism Summit Eastern Europe 2018",
        "2018-06-12",
        "Lublin",
    )
    assert summit.source_id == "lublin-klaster"


def test_health_romania() -> None:
    romania = CLUSTERS["health-romania"]
    assert romania.acronym == "Sanatate Romania"
    assert romania.organisation_type == "Association/NGO"
    # the cluster's own rules disagree: no legal personality; both are kept
    disagreement = next(
        c
        for c in DS.claims_about(romania)
        if c.field == "organisation_type" and c.kind is mc.ClaimKind.DISAGREEMENT
    )
    assert disagreement.source_id == "ro-sanatate-rof"
    assert romania.country == "RO"
    # the BLACK SEA HORIZON entry shows "Website: Link" without the address; the address is
    # the one the cluster's own pages are published at, marked as derived
    assert romania.website == "http://sanatateromania.ro"
    assert ("website", mc.ClaimKind.DERIVED) in {
        (c.field, c.kind) for c in DS.claims_about(romania)
    }
    bronze = [label for label in DS.labels if label.cluster_id == "health-romania"]
    assert [label.level for label in bronze] == [mc.LabelLevel.BRONZE]
    source = next(s for s in DS.sources if s.id == romania.source_id)
    assert str(source.published) == "2017-09-04"


def test_in_dataset_partners_point_at_clusters() -> None:
    links = {
        (c.cluster_id, c.partner_cluster_id) for c in DS.collaborations if c.partner_cluster_id
    }
    assert links >= {  # the ten of 0.2.0; the field edition adds many more
        ("lhtc", "litcare"),
        ("litcare", "lhtc"),
        ("lhtc", "lubelska-medycyna"),
        ("lhtc", "medicine-estonia-cluster"),
        ("litcare", "estonian-health-tourism-cluster"),
        ("lubelska-medycyna", "lhtc"),
        ("lubelska-medycyna", "estonian-connected-health-cluster"),
        ("lubelska-medycyna", "cbm-smart-health"),
        ("lubelska-medycyna", "kvarner-health-tourism-cluster"),
    }
    assert not {c.partner_organisation_id for c in DS.collaborations} & set(CLUSTERS)
    lublin_alias = next(
        c
        for c in DS.collaborations
        if c.partner_cluster_id == "lubelska-medycyna" and c.cluster_id == "lhtc"
    )
    assert lublin_alias.name_as_given == "Lublin medical cluster"


TRANSLATED = {
    c.subject_id
    for c in DS.claims
    if c.resource == "clusters" and c.field == "name" and c.kind is mc.ClaimKind.TRANSLATED
}


@pytest.mark.parametrize("cluster_id", sorted(CLUSTERS))
def test_every_cluster_has_an_english_label_and_keeps_its_own_name(cluster_id: str) -> None:
    """Every cluster has an English label; a name in the cluster's own language is kept
    beside it, always where the English form is the editors' translation (a brand name such
    as "Eurobiomed", given alike in every language, has no other form to keep)."""
    names = [n for n in DS.cluster_names if n.cluster_id == cluster_id]
    assert any(n.name_type is mc.NameType.LABEL and n.language == "en" for n in names)
    cluster = CLUSTERS[cluster_id]
    if cluster_id in TRANSLATED:
        assert cluster.local_name is not None, cluster_id
    if cluster.local_name is not None:
        assert any(
            n.name_type is mc.NameType.LOCAL and n.name == cluster.local_name for n in names
        ) or cluster_id in ("lhtc", "lubelska-medycyna"), cluster_id


def test_the_ten_of_0_2_0_keep_their_local_names() -> None:
    assert all(CLUSTERS[cluster_id].local_name for cluster_id in TEN)


def test_bronze_labels_of_the_clusters_that_hold_one() -> None:
    bronze = {label.cluster_id for label in DS.labels if label.level is mc.LabelLevel.BRONZE}
    assert bronze & set(TEN) == set(TEN) - {
        "kvarner-health-tourism-cluster",  # no page states a label
        "estonian-health-tourism-cluster",
    }


def test_every_source_is_cited() -> None:
    cited = {
        record.source_id
        for records in DS.tables().values()
        for record in records
        if hasattr(record, "source_id")
    }
    assert cited == {source.id for source in DS.sources}


def test_repr_is_short() -> None:
    assert repr(DS).startswith(
        f"Dataset(name='medclusters', version='0.3.1', sources={len(DS.sources)}, "
        f"clusters={len(DS.clusters)}"
    )
