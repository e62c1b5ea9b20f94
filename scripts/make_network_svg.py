"""Draw docs/network.svg, the network between the clusters of the bundled dataset, with
Graphviz.

The graph comes from the data (``mc.load().collaboration_graph()`` and ``relationships``),
cut to what ties clusters of the dataset together, so that it stays readable at the field's
size: the clusters linked to another cluster, the links between clusters, the programmes two
or more of them take part in, successors and networks. Partner organisations are left out
(``medclusters partners`` and the data browser list them). Graphviz's ``dot`` places it in
ranks from left to right, each label inside its node, so no label runs into another. The
picture starts with the SHA-256 of the DOT text it was drawn from: a test rebuilds that text
from the data (which needs no Graphviz) and fails when the picture is stale.

Run: python scripts/make_network_svg.py   (needs Graphviz: apt-get install graphviz)
"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import _graphviz as graphviz  # scripts/_graphviz.py, beside this script

import medclusters as mc

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "docs" / "network.svg"
#: fill and border of each kind of node
COLOURS = {
    "cluster": ("#dbeafe", "#1d4ed8"),
    "organisation": ("#f3f4f6", "#6b7280"),
    "programme": ("#fef3c7", "#b45309"),
}
FONT = "Helvetica,Arial,sans-serif"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _label(text: str, width: int = 18) -> str:
    """The text wrapped to lines of at most ``width`` characters, as a DOT string with
    centred line breaks."""
    lines = textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)
    return "\\n".join(_quote(line)[1:-1] for line in lines).join('""')


def _programme(programme: mc.Programme) -> str:
    if programme.acronym:
        return programme.acronym
    return programme.name


def between_clusters(
    graph: mc.CollaborationGraph, relationships: tuple[mc.Relationship, ...]
) -> tuple[list[mc.Node], list[mc.Edge], list[tuple[str, list[str]]], list[mc.Relationship]]:
    """What the picture draws: the links between two clusters, the programmes of two or more
    clusters (with their cluster members), the relationships, and the clusters they touch."""
    edges = [
        e
        for e in graph.edges
        if e.source.startswith("cluster/") and e.target.startswith("cluster/")
    ]
    programmes = []
    for hyperedge in graph.hyperedges:
        members = [m for m in hyperedge.members if m.startswith("cluster/")]
        if len(members) >= 2:
            programmes.append((f"programme/{hyperedge.programme.id}", members))
    touched = {e.source for e in edges} | {e.target for e in edges}
    touched |= {m for _, members in programmes for m in members}
    touched |= {f"cluster/{r.cluster_id}" for r in relationships}
    touched |= {f"cluster/{r.related_cluster_id}" for r in relationships}
    nodes = [n for n in graph.nodes if n.key in touched]
    return nodes, edges, programmes, list(relationships)


def dot_source(graph: mc.CollaborationGraph, relationships: tuple[mc.Relationship, ...]) -> str:
    """The DOT text of the network between clusters: one node per cluster (its key as the
    DOT name, which Graphviz writes as the node's ``<title>``), one per programme of two or
    more clusters, one edge per link, membership and relationship."""
    nodes, edges, programmes, related = between_clusters(graph, relationships)
    names = {h.programme.id: h.programme for h in graph.hyperedges}
    lines = [
        "graph network {",
        (
            f"  graph [layout=dot, rankdir=LR, ranksep=0.2, nodesep=0.1, outputorder=edgesfirst,"
            f" fontname={_quote(FONT)}, fontsize=14, pad=0.2];"
        ),
        f'  node [fontname={_quote(FONT)}, fontsize=14, style=filled, margin="0.08,0.04"];',
        "  edge [penwidth=1.2];",
    ]
    for node in nodes:
        fill, line = COLOURS[node.kind]
        shape = 'box, style="filled,rounded,bold"' if node.kind == "cluster" else "box"
        label = f"{node.label} ({node.country})" if node.country else node.label
        lines.append(f"  {_quote(node.key)} [label={_label(label)}, shape={shape},"
                     f' fillcolor="{fill}", color="{line}"];')  # fmt: skip
    fill, line = COLOURS["programme"]
    for key, _ in programmes:
        label = _label(_programme(names[key.split("/", 1)[1]]), 24)
        lines.append(f"  {_quote(key)} [label={label},"
                     f' shape=hexagon, fillcolor="{fill}", color="{line}"];')  # fmt: skip
    for edge in edges:
        if edge.mutual:
            style = 'color="#1d4ed8", penwidth=2'
        else:  # drawn from the cluster that states it
            style = 'color="#94a3b8", dir=forward, arrowsize=0.7'
        lines.append(f"  {_quote(edge.source)} -- {_quote(edge.target)} [{style}];")
    for key, members in programmes:
        for member in members:
            lines.append(f'  {_quote(member)} -- {_quote(key)} [color="#d97706", style=dashed];')
    for edge in related:
        style = {"successor": 'color="#111827", dir=forward, style=bold',
                 "member_of": 'color="#7c3aed", dir=forward, style=dotted',
                 "related": 'color="#7c3aed", style=dotted'}[edge.relation.value]  # fmt: skip
        lines.append(f'  {_quote("cluster/" + edge.cluster_id)} -- '
                     f'{_quote("cluster/" + edge.related_cluster_id)} [{style}];')  # fmt: skip
    legend = (
        "Blue rounded box: cluster of the dataset; amber hexagon: programme or project of two"
        " or more clusters\\l"
        "Thick blue line: both sides state the link; grey arrow: one side states it;"
        " dashed amber line: takes part in\\l"
        "Black arrow: merged into (successor); dotted violet arrow: member of a network\\l"
    )
    lines.append(f'  label="{legend}"; labelloc=b; labeljust=l;')
    lines.append("}")
    return "\n".join(lines) + "\n"


def stamp(source: str) -> str:
    """The comment that ties network.svg to the DOT text it was drawn from."""
    return graphviz.stamp(source, "network.svg")


def main() -> None:
    ds = mc.load()
    source = dot_source(ds.collaboration_graph(), ds.relationships)
    TARGET.write_text(graphviz.render(source, "network.svg"), encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
