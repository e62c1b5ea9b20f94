"""The collaboration network of the clusters, and what pairs of clusters share.

Run: python examples/cross_cluster.py
Needs: the library alone.
"""

from __future__ import annotations

from itertools import combinations

import medclusters as mc


def name(record: mc.Cluster | mc.Organisation) -> str:
    short = record.acronym if isinstance(record, mc.Cluster) else None
    return f"{short or record.name} ({record.country or '?'})"


def main() -> None:
    ds = mc.load()
    graph = ds.collaboration_graph()
    print(f"Collaboration network: {len(graph.nodes)} nodes, {len(graph.edges)} links, "
          f"{len(graph.hyperedges)} programmes")  # fmt: skip
    for cluster in ds.clusters:
        print(f"\n{name(cluster)}")
        for partner in ds.partners_of(cluster):
            kind = "cluster in the dataset" if isinstance(partner, mc.Cluster) else "organisation"
            print(f"  partner: {name(partner)} - {kind}")
        for programme in ds.programmes_of(cluster, with_parents=True):
            print(f"  programme: {programme.acronym or programme.name}")
        for label in ds.labels_of(cluster):
            print(f"  {label.kind}: {label.name}")

    print("\nWhat pairs of clusters share (pairs that are neither linked nor in a programme or")
    print("event together are counted, not shown)")
    quieter = 0
    for a, b in combinations(ds.clusters, 2):
        shared = ds.shared(a, b)
        if not (shared.linked or shared.programmes or shared.events):
            quieter += bool(shared.labels or shared.markets or shared.topics)
            continue
        parts = []
        if shared.linked:
            parts.append("name each other as partners" if _mutual(graph, a, b) else "linked")
        if shared.programmes:
            parts.append("programmes " + ", ".join(p.acronym or p.name for p in shared.programmes))
        if shared.labels:
            parts.append("labels " + ", ".join(_label(x) for x, _ in shared.labels))
        if shared.events:
            parts.append("events " + ", ".join(e.acronym or e.name for e in shared.events))
        if shared.markets:
            parts.append("markets " + " ".join(shared.markets))
        if shared.topics:
            parts.append(f"{len(shared.topics)} topics")
        print(f"  {name(a)} & {name(b)}: {'; '.join(parts)}")
    print(f"  and {quieter} more pairs that share only labels, markets or topics")

    print("\nMermaid source of the network (paste into any Mermaid viewer):")
    print(graph.to_mermaid())


def _label(label: mc.Label) -> str:
    return " ".join(part for part in (label.scheme or label.name, label.level) if part)


def _mutual(graph: mc.CollaborationGraph, a: mc.Cluster, b: mc.Cluster) -> bool:
    ends = {f"cluster/{a.id}", f"cluster/{b.id}"}
    return any(edge.mutual and {edge.source, edge.target} == ends for edge in graph.edges)


if __name__ == "__main__":
    main()
