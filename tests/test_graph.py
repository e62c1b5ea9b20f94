"""The collaboration graph: nodes, merged edges, programme hyperedges, Mermaid and networkx."""

from __future__ import annotations

import pytest

import medclusters as mc


@pytest.fixture(scope="module")
def graph() -> mc.CollaborationGraph:
    return mc.load().collaboration_graph()


def test_nodes_are_the_clusters_then_everyone_linked_to_them(graph: mc.CollaborationGraph) -> None:
    ds = mc.load()
    kinds = [node.kind for node in graph.nodes]
    assert kinds[: len(ds.clusters)] == ["cluster"] * len(ds.clusters)
    assert set(kinds[len(ds.clusters) :]) == {"organisation"}
    linked = {c.partner_organisation_id for c in ds.collaborations} | {
        p.organisation_id for p in ds.participations
    }
    assert len(graph.nodes) == len(ds.clusters) + len(linked - {None})
    assert graph.node("cluster/lhtc").record is mc.load().cluster("lhtc")
    with pytest.raises(KeyError):
        graph.node("cluster/atlantis")


def test_a_link_stated_by_both_sides_is_one_mutual_edge(graph: mc.CollaborationGraph) -> None:
    both = [edge for edge in graph.edges if edge.mutual]
    assert [(e.source, e.target, e.stated_by) for e in both][:2] == [
        ("cluster/lhtc", "cluster/litcare", ("lhtc", "litcare")),
        # the ECCP profile names Lublin; the Lublin cluster's own page names the Latvian cluster
        ("cluster/lhtc", "cluster/lubelska-medycyna", ("lhtc", "lubelska-medycyna")),
    ]
    # the field edition: the Galician Health Cluster and Lublin name each other
    assert ("cluster/csg", "cluster/lubelska-medycyna") in {(e.source, e.target) for e in both}
    assert both[0].collaborations == ("lhtc>litcare", "litcare>lhtc")
    # each mutual edge stands for two collaboration rows
    assert len(graph.edges) == len(mc.load().collaborations) - len(both)


def test_programmes_are_hyperedges(graph: mc.CollaborationGraph) -> None:
    provahealth = next(h for h in graph.hyperedges if h.programme.id == "provahealth")
    assert provahealth.members[:2] == ("cluster/lhtc", "cluster/lubelska-medycyna")
    assert "organisation/technopol-tallinn" in provahealth.members  # the lead partner
    assert len(provahealth.members) == 20  # 18 on the partner map, the Lublin cluster, SeAMK
    assert all(h.members for h in graph.hyperedges)


def test_mermaid(graph: mc.CollaborationGraph) -> None:
    text = graph.to_mermaid()
    assert text.startswith("flowchart LR\n")
    assert "cluster_lhtc <-->|cluster collaboration| cluster_litcare" in text
    assert 'cluster_health_romania("Medical Cluster #quot;Health Romania#quot; (RO)")' in text
    assert "cluster_lubelska_medycyna -.- programme_provahealth" in text
    node_lines = [line for line in text.splitlines() if ":::" in line]
    assert len(node_lines) == len(graph.nodes) + len(graph.hyperedges)


def test_networkx(graph: mc.CollaborationGraph) -> None:
    nx = pytest.importorskip("networkx")
    g = graph.to_networkx()
    assert isinstance(g, nx.Graph)
    assert g.number_of_nodes() == len(graph.nodes) + len(graph.hyperedges)
    assert g.edges["cluster/lhtc", "cluster/litcare"]["mutual"] is True
    assert g.nodes["programme/provahealth"]["kind"] == "programme"
    # the Baltic, Polish, Estonian, Croatian and Italian clusters of 0.2.0 reach each other
    # through partners and programmes; the two Romanian ones meet only in MEDRO
    component = nx.node_connected_component(g, "cluster/lhtc")
    ten = {f"cluster/{c.id}" for c in mc.load().clusters[:10]}
    romanian = {"cluster/health-romania", "cluster/rohealth"}
    assert ten & component == ten - romanian
    assert romanian <= nx.node_connected_component(g, "organisation/medro")
    # the field edition links Lublin to Galicia, and Galicia to the other Spanish clusters
    assert {"cluster/csg", "cluster/bioga", "cluster/arahealth"} <= component
