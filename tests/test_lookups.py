"""Cross-cluster questions, each answered through the Dataset API alone and checked against the
source documents: seed file and line for the four seeds (000 is the ECCP LHTC profile, 001 the
ECCP LITCARE profile, 002 the City of Lublin article, 003 the BLACK SEA HORIZON entry of Health
Romania), the source id of the sources table for the pages of 0.2.0."""

from __future__ import annotations

import datetime as dt
import sys
import threading

import attrs
import pytest

import medclusters as mc


@pytest.fixture(scope="module")
def ds() -> mc.Dataset:
    return mc.load()


def ids(records: tuple[object, ...]) -> list[str]:
    return [record.id for record in records]  # type: ignore[attr-defined]


#: The ten clusters of dataset 0.2.0, whose sources the questions below were written from.
TEN = frozenset(("lhtc", "litcare", "lubelska-medycyna", "health-romania",
                 "kvarner-health-tourism-cluster", "estonian-health-tourism-cluster",
                 "medicine-estonia-cluster", "estonian-connected-health-cluster",
                 "cbm-smart-health", "rohealth"))  # fmt: skip


def ten(records: tuple[object, ...]) -> list[str]:
    """The ids among the ten of 0.2.0, in the answer's order."""
    return [i for i in ids(records) if i in TEN]


# -- the questions ---------------------------------------------------------------------------


def test_which_clusters_took_part_in_provahealth(ds: mc.Dataset) -> None:
    """000:194 (LHTC's subsidy contract #R039) and 002:32 (Lublin, partner in ProVaHealth)."""
    assert ids(ds.clusters_in_programme("ProVaHealth")) == ["lhtc", "lubelska-medycyna"]
    assert ids(ds.clusters_in_programme("R039")) == ["lhtc", "lubelska-medycyna"]


def test_who_took_part_in_interreg_bsr_through_its_projects(ds: mc.Dataset) -> None:
    """000:194 and 002:32: ProVaHealth is an Interreg BSR project; no cluster is a direct party."""
    assert ids(ds.clusters_in_programme("Interreg BSR")) == ["lhtc", "lubelska-medycyna"]
    assert ds.clusters_in_programme("Interreg BSR", with_projects=False) == ()


def test_which_clusters_target_kazakhstan(ds: mc.Dataset) -> None:
    """000:172 (LHTC, international markets) and the LITCARE profile (current markets)."""
    assert ids(ds.clusters_targeting("Kazakhstan")) == ["lhtc", "litcare"]
    assert ids(ds.clusters_targeting("Kazachstan")) == ["lhtc", "litcare"]  # Polish spelling
    assert ids(ds.clusters_targeting("KZ", "current")) == ["litcare"]
    assert ids(ds.clusters_targeting("Казахстан", "international")) == ["lhtc"]


def test_which_clusters_hold_a_bronze_label(ds: mc.Dataset) -> None:
    """000:16, 001:13, 002:39, 003:19, ee-medicineestonia-esca, ee-tehnopol-esca,
    it-esca-italy and ro-rohealth-gold-2021: eight of the ten hold a bronze label; no page
    gives Kvarner's or the Estonian Health Tourism Cluster's."""
    everyone = [
        "lhtc",
        "litcare",
        "lubelska-medycyna",
        "health-romania",
        "medicine-estonia-cluster",
        "estonian-connected-health-cluster",
        "cbm-smart-health",
        "rohealth",
    ]
    assert ten(ds.clusters_with_label("bronze")) == everyone
    assert ten(ds.clusters_with_label("Bronze", "cluster excellence label")) == everyone
    # ro-rohealth-gold-2021: bronze 2017, silver 2019, gold 2021 (renewed 2024)
    assert ten(ds.clusters_with_label("gold")) == ["rohealth"]
    # the field edition: the Danish merger's parts and successor held gold (F's sources)
    assert {"welfare-tech", "biopeople", "danish-life-science-cluster"} <= set(
        ids(ds.clusters_with_label("gold"))
    )


def test_which_clusters_won_awards_or_nominations(ds: mc.Dataset) -> None:
    """002 lists Lublin's award (EEPA 2016) and nominations (SYMBOL, IMTJ 2017);
    kv-poslovni-2016 the IMTJ award Kvarner won in 2016."""
    winners = ["lubelska-medycyna", "kvarner-health-tourism-cluster"]
    assert ten(ds.clusters_with_label(kind="award")) == winners
    assert ten(ds.clusters_with_label(kind="nomination")) == ["lubelska-medycyna"]
    assert ids(ds.clusters_with_label(scheme="IMTJ Medical Travel Awards")) == winners


def test_label_validity_is_unknown_where_no_source_gives_it(ds: mc.Dataset) -> None:
    """No source dates LHTC's label; pl-medycyna-bronze-2016/2018 date Lublin's (two years,
    then renewed in June 2018 for three), it-esca-italy CBM's (valid until 25 July 2016)."""
    label = ds.labels_of("LHTC")[0]
    assert label.valid_on(dt.date(2020, 1, 1)) is None
    assert ids(ds.clusters_with_label("bronze", valid_on=dt.date(2015, 1, 1))) == [
        "cbm-smart-health"
    ]
    assert ids(ds.clusters_with_label("bronze", valid_on=dt.date(2017, 1, 1))) == [
        "lubelska-medycyna"
    ]
    assert ids(ds.clusters_with_label("bronze", valid_on=dt.date(2020, 1, 1))) == [
        "lubelska-medycyna"
    ]
    assert ds.clusters_with_label("bronze", valid_on=dt.date(2022, 1, 1)) == ()
    dated = attrs.evolve(label, valid_from=mc.PartialDate(2019), valid_until=mc.PartialDate(2021))
    assert dated.valid_on(dt.date(2020, 6, 1)) is True
    assert dated.valid_on(dt.date(2022, 1, 1)) is False


def test_who_are_lhtcs_partners(ds: mc.Dataset) -> None:
    """000:186-188: LITCARE, the Medicine Estonia cluster and the Lublin medical cluster (which
    names LHTC too, pl-medycyna-lhtc-2021); lv-cleantech-2019: the Latvian Clusters Network."""
    partners = ds.partners_of("Latvian Health Tourism Cluster")
    assert ids(partners) == [
        "litcare",
        "medicine-estonia-cluster",
        "lubelska-medycyna",
        "latvian-clusters-network",
        "liepajas-universitate",  # irliepaja.lv: a cooperation agreement
    ]
    assert [type(p) for p in partners] == [mc.Cluster] * 3 + [mc.Organisation] * 2


def test_partners_are_found_from_either_side(ds: mc.Dataset) -> None:
    """Only LHTC's profile (000:188) names Lublin; Lublin's partners still include LHTC."""
    partners = ds.partners_of("Lubelska Medycyna")
    assert ids(partners)[0] == "lhtc"
    assert "kvarner-health-tourism-cluster" in ids(partners)
    assert isinstance(ds.cluster("kvarner-health-tourism-cluster"), mc.Cluster)
    # 002's seven, LHTC, ScanBalt (pl-medycyna-scanbalt-2019), the Galician Health Cluster
    # (gospodarczy.lublin.eu) and the four clusters of the Polish medical clusters' agreement
    assert len(partners) == 14
    assert {"csg", "medcluster", "medsilesia", "lifescience-krakow"} <= set(ids(partners))


def test_which_networks_do_clusters_belong_to(ds: mc.Dataset) -> None:
    """001 (Lithuanian Clusters Association), 003 (part of the ECCP), ro-eccp-medro (MEDRO)."""
    assert ids(ds.partners_of("LITCARE", "network_membership")) == [
        "lithuanian-clusters-association"
    ]
    assert ids(ds.partners_of("Health Romania", "network membership")) == ["eccp", "medro"]


def test_do_lhtc_and_litcare_name_each_other(ds: mc.Dataset) -> None:
    """000:186 and the LITCARE profile each list the other as a collaborating cluster."""
    shared = ds.shared("lhtc", "litcare")
    assert shared.linked
    assert [c.id for c in ds.collaborations_of("litcare")] == [
        "lhtc>litcare",
        "litcare>lhtc",
        "litcare>estonian-health-tourism-cluster",
        "litcare>lithuanian-clusters-association",
    ]


def test_what_lhtc_and_litcare_share(ds: mc.Dataset) -> None:
    """Markets: 000:160-180 and LITCARE's lists; both Bronze; both list dentistry."""
    shared = ds.shared("LHTC", "LITCARE")
    assert shared.markets == ("AZ", "KZ", "EE", "NO", "RU", "GB")
    assert [(a.id, b.id) for a, b in shared.labels] == [("lhtc:cme-bronze", "litcare:cme-bronze")]
    assert (mc.TopicScheme.MEDICAL_SPECIALITY, "Dentistry") in shared.topics
    assert shared.programmes == ()
    assert shared.members == ()
    assert shared.partners == ()
    assert shared


def test_what_lhtc_and_lublin_share(ds: mc.Dataset) -> None:
    """Both took part in ProVaHealth (000:194, 002:32), hence in Interreg BSR too."""
    shared = ds.shared("lhtc", "Lublin medical cluster")
    assert ids(shared.programmes) == ["provahealth", "interreg-bsr-2014-2020"]
    assert shared.linked


def test_health_romania_and_litcare_share_only_the_label(ds: mc.Dataset) -> None:
    shared = ds.shared("health-romania", "litcare")
    assert not shared.linked
    assert shared.markets == ()
    assert shared.programmes == ()
    assert len(shared.labels) == 1


def test_which_clusters_are_in_a_country(ds: mc.Dataset) -> None:
    """Each source gives its cluster's country; any spelling of the country works."""
    assert ten(ds.clusters_in("Polska")) == ["lubelska-medycyna"]
    assert ten(ds.clusters_in("Lettland")) == ["lhtc"]
    assert ten(ds.clusters_in("ROU")) == ["health-romania", "rohealth"]
    assert len(ds.clusters_in("Polska")) == sum(c.country == "PL" for c in ds.clusters) > 10
    assert ten(ds.clusters_in("Estonia")) == [
        "estonian-health-tourism-cluster",
        "medicine-estonia-cluster",
        "estonian-connected-health-cluster",
    ]
    assert ten(ds.clusters_in("Chorwacja")) == ["kvarner-health-tourism-cluster"]
    assert ten(ds.clusters_in("Italia")) == ["cbm-smart-health"]
    with pytest.raises(mc.UnknownCountryError):
        ds.clusters_in("Baltic States")


def test_which_clusters_target_the_uk(ds: mc.Dataset) -> None:
    """000 (United Kingdom, trans-national) and LITCARE ("UK", entering)."""
    assert ids(ds.clusters_targeting("U.K.")) == ["lhtc", "litcare"]
    assert ids(ds.clusters_targeting("Wielka Brytania", "entering")) == ["litcare"]
    assert ids(ds.clusters_targeting("UK", "trans-national")) == ["lhtc"]


def test_who_founded_and_coordinates_lublin(ds: mc.Dataset) -> None:
    """002: founded by the City and the Medical University of Lublin; the City coordinates.
    pl-medycyna-bronze-2016 names both as coordinators (a claim records the disagreement)."""
    assert ids(ds.members_of("lubelska-medycyna", "founder")) == [
        "miasto-lublin",
        "uniwersytet-medyczny-w-lublinie",
    ]
    assert ids(ds.members_of("lubelska-medycyna", "coordinator")) == [
        "miasto-lublin",
        "uniwersytet-medyczny-w-lublinie",
    ]
    assert len(ds.members_of("lubelska-medycyna")) == 2  # each once, in two roles
    assert len(ds.memberships_of("lubelska-medycyna")) == 4


def test_which_clusters_is_an_organisation_in(ds: mc.Dataset) -> None:
    assert ids(ds.clusters_of("Miasto Lublin")) == ["lubelska-medycyna"]
    # ee-medlt-loi: a signatory of the Baltic health-tourism letter of intent too
    assert ids(ds.clusters_of("Latvian Resort Association")) == [
        "lhtc",
        "baltic-health-tourism-cluster",
    ]
    assert ds.clusters_of("eccp") == ()


def test_how_many_major_players_each_profile_lists(ds: mc.Dataset) -> None:
    """000 lists 51 major players for LHTC and 001 lists 9 for LITCARE."""
    assert len(ds.members_of("lhtc", "major_player")) == 51
    assert len(ds.members_of("litcare", mc.MembershipRole.MAJOR_PLAYER)) == 9


def test_which_programmes_did_lhtc_take_part_in(ds: mc.Dataset) -> None:
    """000: ProVaHealth (#R039) and the ERDF project 3.2.1.1/16/A/010."""
    assert ids(ds.programmes_of("lhtc")) == ["provahealth", "lv-erdf-3-2-1-1-16-a-010"]
    assert ids(ds.programmes_of("lhtc", with_parents=True)) == [
        "provahealth",
        "interreg-bsr-2014-2020",
        "lv-erdf-3-2-1-1-16-a-010",
    ]
    assert ids(ds.programmes_of("LITCARE")) == [
        "inoklaster-lt",
        "lt-erdf-03-2-1-lvpa-k-807-02-0026",
    ]
    assert ds.programmes_of("health-romania") == ()


def test_who_took_part_in_the_latvian_erdf_project(ds: mc.Dataset) -> None:
    """000: the cluster, the Latvian Resort Association (beneficiary) and the CFCA."""
    assert ids(ds.participants_of("3.2.1.1/16/A/010")) == [
        "lhtc",
        "latvian-resort-association",
        "central-finance-and-contracting-agency",
    ]


def test_which_clusters_work_on_a_topic(ds: mc.Dataset) -> None:
    """Dentistry: LHTC's and LITCARE's specialities, and a Lublin working group (002)."""
    everyone = ["lhtc", "litcare", "lubelska-medycyna"]
    assert ids(ds.clusters_with_topic("dentistry")) == everyone
    assert ids(ds.clusters_with_topic("Dentistry", "medical_speciality")) == ["lhtc", "litcare"]
    assert ids(ds.clusters_with_topic("Dentistry", "working group")) == ["lubelska-medycyna"]
    assert ids(ds.clusters_with_topic("Medical SPA")) == ["litcare"]
    assert ds.clusters_with_topic("Astronautics") == ()


def test_which_estonian_bodies_are_in_the_network(ds: mc.Dataset) -> None:
    """000:187, LITCARE's profile and 002:34 name three Estonian clusters and Tehnopol;
    pv-laurea-2020 two more Estonian partners of ProVaHealth."""
    graph = ds.collaboration_graph()
    estonian = [node.record.id for node in graph.nodes if node.country == "EE"]
    assert estonian == [
        "estonian-health-tourism-cluster",
        "medicine-estonia-cluster",
        "estonian-connected-health-cluster",
        "technopol-tallinn",
        "tallinn-university",
        "ee-haapsalu-neurological-rehabilitation-centre",
    ]


# -- keys, refusals, search --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "expected"),
    [("lhtc", "lhtc"), ("LHTC", "lhtc"), ("latvian health tourism cluster", "lhtc"),
     ("Lublin medical cluster", "lubelska-medycyna"),
     ("Klaster Lubelska Medycyna", "lubelska-medycyna"),
     ("lubelska medycyna – klaster uslug medycznych i prozdrowotnych", "lubelska-medycyna"),
     ("Sanatate Romania", "health-romania"), ('Medical Cluster "Health Romania"', "health-romania"),
     ("1022", "health-romania"), ("eccp:lithuanian-medical-tourism-cluster", "litcare")],
)  # fmt: skip
def test_cluster_keys(ds: mc.Dataset, key: str, expected: str) -> None:
    assert ds.cluster(key).id == expected
    assert ds.get_cluster(key) is ds.cluster(key)


def test_records_are_keys_too(ds: mc.Dataset) -> None:
    lhtc = ds.cluster("lhtc")
    assert ds.cluster(lhtc) is lhtc
    assert ds.members_of(lhtc) == ds.members_of("LHTC")
    assert ds.organisation(ds.organisation("City of Lublin")).id == "miasto-lublin"
    assert ds.programme("Lubelskie Obserwatorium Turystyki Medycznej").acronym is None


def test_unknown_keys_raise_with_suggestions(ds: mc.Dataset) -> None:
    with pytest.raises(mc.NotFoundError) as caught:
        ds.cluster("Lithuanian Medical Cluster")
    assert isinstance(caught.value, LookupError)
    assert caught.value.suggestions[0] == "Lithuanian Medical Tourism Cluster (litcare)"
    assert ds.get_cluster("Lithuanian Medical Cluster") is None
    with pytest.raises(mc.NotFoundError, match="no organisation 'Kvarner Health'"):
        ds.organisation("Kvarner Health")
    with pytest.raises(mc.NotFoundError, match="not int"):
        ds.cluster(1022)  # type: ignore[arg-type]
    assert ds.get_programme(["R039"]) is None  # type: ignore[arg-type]


def test_a_record_of_another_dataset_is_refused(ds: mc.Dataset) -> None:
    stranger = attrs.evolve(ds.cluster("lhtc"), id="elsewhere")
    with pytest.raises(mc.NotFoundError, match="'elsewhere' is not in this dataset"):
        ds.members_of(stranger)


def test_ambiguous_names_ask_for_an_id(ds: mc.Dataset) -> None:
    twin = attrs.evolve(ds.organisation("miasto-lublin"), id="lublin-twin")
    other = attrs.evolve(ds, organisations=(*ds.organisations, twin))
    with pytest.raises(mc.NotFoundError, match="ambiguous: 2 records answer to it") as caught:
        other.organisation("City of Lublin")
    assert caught.value.suggestions == (
        "City of Lublin (miasto-lublin)",
        "City of Lublin (lublin-twin)",
    )
    assert other.organisation("lublin-twin") is twin


def test_an_id_that_is_another_records_name_is_ambiguous(ds: mc.Dataset) -> None:
    # one cluster's id is another's acronym, in another case: the exact id does not win quietly
    lhtc = ds.cluster("lhtc")
    other = attrs.evolve(ds.cluster("litcare"), acronym="LHTC")
    both = attrs.evolve(ds, clusters=tuple(other if c.id == "litcare" else c for c in ds.clusters))
    for key in ("lhtc", "LHTC", "Lhtc"):
        assert both.get_cluster(key) is None
        with pytest.raises(mc.NotFoundError, match="ambiguous: 2 records answer") as caught:
            both.cluster(key)
        assert set(caught.value.suggestions) == {f"{lhtc.name} (lhtc)", f"{other.name} (litcare)"}
    with pytest.raises(mc.NotFoundError, match="the id of one, a name of another"):
        both.cluster("lhtc")
    assert both.cluster(lhtc) is lhtc  # the record itself always answers
    # without the clash, an id answers in any case
    assert ds.cluster("LHTC") is ds.cluster("lhtc") is lhtc


def test_bad_filter_values_name_the_allowed_ones(ds: mc.Dataset) -> None:
    with pytest.raises(ValueError, match="role 'boss' is not one of: member, major_player"):
        ds.members_of("lhtc", "boss")
    with pytest.raises(ValueError, match="level 'platinum'"):
        ds.clusters_with_label("platinum")


def test_search_ranks_names_over_descriptions(ds: mc.Dataset) -> None:
    hits = ds.search("Kvarner")
    assert hits[0].record.id == "kvarner-health-tourism-cluster"
    assert hits[0].kind == "cluster"
    assert hits[0].field == "name"
    hits = ds.search("medical tourism lithuania")
    # the cluster, and its project named after it (lt-litcare-eu)
    assert {hit.record.id for hit in hits[:2]} == {"litcare", "lt-erdf-03-2-1-lvpa-k-807-02-0026"}
    assert ds.search("ligatne rehab")[0].record.id == "lv-rehabilitation-center-ligatne"
    assert [h.kind for h in ds.search("provahealth")][:1] == ["programme"]
    assert ds.search("zzzz") == ()
    assert len(ds.search("clinic", limit=3)) == 3


def test_answers_are_tuples_in_file_order(ds: mc.Dataset) -> None:
    answer = ds.members_of("lhtc")
    assert isinstance(answer, tuple)
    order = {o.id: n for n, o in enumerate(ds.organisations)}
    positions = [order[o.id] for o in answer]
    assert positions == sorted(positions)


def test_indexes_are_built_once_even_from_many_threads() -> None:
    fresh = mc.load(mc.bundled_path())  # a Dataset of its own, indexes not built yet
    results: list[object] = []

    def ask() -> None:
        results.append(fresh._index.partners)

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(result) for result in results}) == 1


def test_fast_search_paths_agree_with_scoring_everything(ds: mc.Dataset) -> None:
    """One-word merges and rarest-word intersections give what scoring every record gives."""
    import random

    from medclusters.utils.text import fold

    index = ds._index.search_index
    rng = random.Random(7)
    words = index.words
    queries = [rng.choice(words) for _ in range(150)]
    queries += [rng.choice(words)[:3] for _ in range(100)]  # prefixes
    queries += [f"{rng.choice(words)} {rng.choice(words)[:4]}" for _ in range(150)]
    queries += ["medical tourism", "rehab ligatne", "lublin", "cluster bronze"]
    for query in queries:
        wanted = dict.fromkeys(fold(query).split())  # the words query() looks for
        known = {word: index._known(word) for word in wanted}
        expected = index._rank_all(known, 5)
        got = index.query(query, 5)
        assert [(h.score, h.record.id) for h in got] == [
            (h.score, h.record.id) for h in expected
        ], query


SEARCH_QUERIES = [
    "medical",
    "medical cluster",
    '"medical cluster"',
    "Medical  CLUSTER.",
    "",
    "zzzz",
]


@pytest.mark.parametrize("query", SEARCH_QUERIES)
def test_search_limit_means_the_same_whatever_the_query(ds: mc.Dataset, query: str) -> None:
    """limit: at most that many hits (0: none), None: all, the first ones always the same."""
    everything = ds.search(query, limit=None)
    assert len(everything) == len({id(hit.record) for hit in everything})
    if query.strip("z"):
        assert len(everything) > 10  # the limits below cut something
    for limit in (0, 1, 2, 3, 10, len(everything), len(everything) + 5, sys.maxsize):
        assert ds.search(query, limit=limit) == everything[:limit], limit
    assert ds.search(query) == everything[:10]  # the default


@pytest.mark.parametrize("query", SEARCH_QUERIES)
@pytest.mark.parametrize(
    ("limit", "error"),
    [
        (-1, ValueError),
        (-10, ValueError),
        (2.5, TypeError),
        (3.0, TypeError),
        ("3", TypeError),
        (True, TypeError),
        (False, TypeError),
        ([3], TypeError),
    ],
)
def test_search_refuses_a_limit_that_is_no_count(
    ds: mc.Dataset, query: str, limit: object, error: type[Exception]
) -> None:
    with pytest.raises(error, match="limit must be an int >= 0 or None"):
        ds.search(query, limit=limit)  # type: ignore[arg-type]
