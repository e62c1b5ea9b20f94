"""The collaboration network: clusters and their partners as nodes, links as edges, and each
programme as a hyperedge over the clusters and organisations taking part in it.

``Dataset.collaboration_graph()`` builds it; ``to_mermaid()`` always works, ``to_networkx()``
needs networkx (imported only then).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import attrs

from medclusters.errors import install_hint
from medclusters.records import Cluster, CollaborationKind, Organisation, Programme

if TYPE_CHECKING:
    from medclusters.index.indexes import Index
    from medclusters.records.tables import Tables

__all__ = ["CollaborationGraph", "Edge", "Hyperedge", "Node"]


@attrs.frozen
class Node:
    """A cluster of the dataset or an organisation linked to one; ``key`` is ``kind/id``."""

    key: str
    kind: str
    label: str
    country: str | None
    record: Cluster | Organisation = attrs.field(repr=False)


@attrs.frozen
class Edge:
    """A link between two nodes, merged over both directions and every stated kind.

    ``stated_by`` holds the ids of the clusters whose source states the link: both ends when
    each names the other.
    """

    source: str
    target: str
    kinds: tuple[CollaborationKind, ...]
    stated_by: tuple[str, ...]
    collaborations: tuple[str, ...]

    @property
    def mutual(self) -> bool:
        """Whether both ends state the link."""
        return len(self.stated_by) > 1


@attrs.frozen
class Hyperedge:
    """A programme and the nodes that take part in it directly."""

    programme: Programme
    members: tuple[str, ...]


@attrs.frozen
class CollaborationGraph:
    """Nodes, edges and programme hyperedges, each in a stable order."""

    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    hyperedges: tuple[Hyperedge, ...]

    def node(self, key: str) -> Node:
        """The node of ``key`` (``"cluster/lhtc"``)."""
        for node in self.nodes:
            if node.key == key:
                return node
        raise KeyError(key)

    def to_networkx(self) -> Any:
        """A ``networkx.Graph``: programmes become nodes of kind ``programme``, joined to the
        nodes taking part by edges of kind ``participation``. Needs networkx installed."""
        try:
            import networkx as nx
        except ImportError as error:  # pragma: no cover - depends on the environment
            raise ImportError(f"to_networkx() needs networkx: {install_hint('graph')}") from error
        graph = nx.Graph()
        for node in self.nodes:
            graph.add_node(node.key, kind=node.kind, label=node.label, country=node.country)
        for edge in self.edges:
            graph.add_edge(
                edge.source,
                edge.target,
                kind="collaboration",
                kinds=[str(kind) for kind in edge.kinds],
                stated_by=list(edge.stated_by),
                mutual=edge.mutual,
            )
        for hyperedge in self.hyperedges:
            key = f"programme/{hyperedge.programme.id}"
            graph.add_node(key, kind="programme", label=_programme_label(hyperedge.programme))
            for member in hyperedge.members:
                graph.add_edge(member, key, kind="participation")
        return graph

    def to_mermaid(self) -> str:
        """A Mermaid flowchart: clusters as rounded boxes, partners as boxes, programmes as
        hexagons; ``<-->`` for a link both ends state, ``-->`` for one stated by its source,
        dotted lines for taking part in a programme."""
        lines = ["flowchart LR"]
        for node in self.nodes:
            text = _mermaid_text(f"{node.label} ({node.country})" if node.country else node.label)
            shape = f'("{text}")' if node.kind == "cluster" else f'["{text}"]'
            lines.append(f"    {_mermaid_id(node.key)}{shape}:::{node.kind}")
        for hyperedge in self.hyperedges:
            text = _mermaid_text(_programme_label(hyperedge.programme))
            lines.append(f'    {_mermaid_id("programme/" + hyperedge.programme.id)}{{{{"{text}"}}}}'
                         ":::programme")  # fmt: skip
        for edge in self.edges:
            arrow = "<-->" if edge.mutual else "-->"
            kinds = _mermaid_text(", ".join(str(kind).replace("_", " ") for kind in edge.kinds))
            lines.append(
                f"    {_mermaid_id(edge.source)} {arrow}|{kinds}| {_mermaid_id(edge.target)}"
            )
        for hyperedge in self.hyperedges:
            target = _mermaid_id("programme/" + hyperedge.programme.id)
            lines.extend(f"    {_mermaid_id(member)} -.- {target}" for member in hyperedge.members)
        lines += [
            "    classDef cluster fill:#dbeafe,stroke:#1d4ed8",
            "    classDef organisation fill:#f3f4f6,stroke:#6b7280",
            "    classDef programme fill:#fef3c7,stroke:#b45309",
        ]
        return "\n".join(lines) + "\n"


def _programme_label(programme: Programme) -> str:
    return programme.acronym or programme.name


def _mermaid_id(key: str) -> str:
    return re.sub(r"\W", "_", key, flags=re.ASCII)


def _mermaid_text(text: str) -> str:
    return text.replace('"', "#quot;").replace("|", "#124;")


def build(dataset: Tables, index: Index) -> CollaborationGraph:
    """The graph of ``dataset``: every cluster, every partner and programme participant."""
    nodes: dict[str, Node] = {}

    def node_of(record: Cluster | Organisation) -> str:
        kind = "cluster" if isinstance(record, Cluster) else "organisation"
        key = f"{kind}/{record.id}"
        if key not in nodes:
            nodes[key] = Node(key, kind, record.name, record.country, record)
        return key

    for cluster in dataset.clusters:
        node_of(cluster)
    clusters = index.clusters.by_id
    merged: dict[frozenset[str], dict[str, Any]] = {}
    for link in dataset.collaborations:
        source = node_of(clusters[link.cluster_id])
        target = node_of(index.party(link.partner_cluster_id, link.partner_organisation_id))
        entry = merged.setdefault(
            frozenset((source, target)),
            {"source": source, "target": target, "kinds": {}, "by": {}, "ids": []},
        )
        entry["kinds"][link.kind] = None
        entry["by"][link.cluster_id] = None
        entry["ids"].append(link.id)
    edges = tuple(
        Edge(e["source"], e["target"], tuple(e["kinds"]), tuple(e["by"]), tuple(e["ids"]))
        for e in merged.values()
    )
    members: dict[str, dict[str, None]] = {}
    for p in dataset.participations:
        party = index.party(p.cluster_id, p.organisation_id)
        members.setdefault(p.programme_id, {})[node_of(party)] = None
    hyperedges = tuple(
        Hyperedge(programme, tuple(members[programme.id]))
        for programme in dataset.programmes
        if programme.id in members
    )
    return CollaborationGraph(tuple(nodes.values()), edges, hyperedges)
