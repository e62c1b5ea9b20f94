"""Draw docs/network.svg, the collaboration network of the bundled dataset, without any
plotting library: clusters on an inner ring, partners and programmes on an outer one.

Run: python scripts/make_network_svg.py   (a test fails when the committed file is stale)
"""

from __future__ import annotations

import math
import sys
from html import escape
from pathlib import Path

import medclusters as mc

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "docs" / "network.svg"
COLOURS = {"cluster": "#1d4ed8", "organisation": "#6b7280", "programme": "#b45309"}


def _programme(programme: mc.Programme) -> str:
    if programme.acronym:
        return programme.acronym
    return f"{programme.name} ({programme.reference})" if programme.reference else programme.name


def render(graph: mc.CollaborationGraph) -> str:
    width, height = 1240, 760
    cx, cy = width / 2, height / 2
    clusters = [n for n in graph.nodes if n.kind == "cluster"]
    outer: list[tuple[str, str, str]] = [(n.key, n.kind, n.label) for n in graph.nodes
                                         if n.kind != "cluster"]  # fmt: skip
    outer += [(f"programme/{h.programme.id}", "programme", _programme(h.programme))
              for h in graph.hyperedges]  # fmt: skip
    position: dict[str, tuple[float, float]] = {}
    for number, node in enumerate(clusters):
        angle = 2 * math.pi * number / len(clusters) - math.pi / 4
        position[node.key] = (cx + 140 * math.cos(angle), cy + 110 * math.sin(angle))
    for number, (key, _, _) in enumerate(outer):
        angle = 2 * math.pi * number / len(outer) - math.pi / 2
        position[key] = (cx + 400 * math.cos(angle), cy + 320 * math.sin(angle))
    parts = [(f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">'),
             f'<rect width="{width}" height="{height}" fill="white"/>']  # fmt: skip

    def line(a: str, b: str, colour: str, dash: str = "") -> None:
        (x1, y1), (x2, y2) = position[a], position[b]
        style = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                     f'stroke="{colour}" stroke-width="1.5"{style}/>')  # fmt: skip

    for edge in graph.edges:
        line(edge.source, edge.target, "#1d4ed8" if edge.mutual else "#94a3b8")
    for hyperedge in graph.hyperedges:
        for member in hyperedge.members:
            line(member, f"programme/{hyperedge.programme.id}", "#d97706", "4 3")
    labels = [(n.key, n.kind, n.label) for n in clusters] + outer
    for key, kind, label in labels:
        x, y = position[key]
        radius = 9 if kind == "cluster" else 6
        anchor = "middle" if kind == "cluster" else ("start" if x >= cx else "end")
        dx = 0 if kind == "cluster" else (10 if x >= cx else -10)
        dy = -14 if kind == "cluster" else 4
        text = label if len(label) <= 48 else label[:47] + "…"
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius}" fill="{COLOURS[kind]}"/>')
        parts.append(f'<text x="{x + dx:.1f}" y="{y + dy:.1f}" text-anchor="{anchor}" '
                     f'font-weight="{"bold" if kind == "cluster" else "normal"}">'
                     f"{escape(text)}</text>")  # fmt: skip
    legend = [("cluster of the dataset", "cluster"), ("partner organisation", "organisation"),
              ("programme or project", "programme")]  # fmt: skip
    for number, (text, kind) in enumerate(legend):
        y = 20 + 16 * number
        parts.append(f'<circle cx="20" cy="{y}" r="5" fill="{COLOURS[kind]}"/>')
        parts.append(f'<text x="32" y="{y + 4}">{text}</text>')
    parts.append('<text x="20" y="76">solid blue: both sides state the link; grey: one side; '
                 "dashed: takes part in</text>")  # fmt: skip
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def main() -> None:
    TARGET.write_text(render(mc.load().collaboration_graph()), encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
