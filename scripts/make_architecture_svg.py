"""Draw docs/architecture.svg, the parts of the library and which part imports which, with
Graphviz, from the code's own imports (``scripts/_modules.py``).

Each subpackage is one box, naming how many modules it holds; each module at the top of the
package (the front door) is a box of its own, in a lighter colour. An arrow runs from a part
to a part it imports at run time. Arrows implied by others are left out (the transitive
reduction: where ``cli`` imports ``package`` and ``package`` imports ``loader``, no arrow
runs from ``cli`` to ``loader`` even where ``cli`` imports it too); the page says so. The
picture starts with the SHA-256 of the DOT text it was drawn from: a test rebuilds the text
from the code (which needs no Graphviz) and fails when the picture is stale.

Run: python scripts/make_architecture_svg.py   (needs Graphviz: apt-get install graphviz)
"""

from __future__ import annotations

import sys

import _graphviz as graphviz  # scripts/_graphviz.py, beside this script
from _modules import MODULES, ROOT, SUBPACKAGES, unit, units

TARGET = ROOT / "docs" / "architecture.svg"
FONT = "Helvetica,Arial,sans-serif"


def reduced(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """The arrows of ``graph`` (acyclic) that no longer path implies."""

    def reach(start: str, skip: tuple[str, str]) -> set[str]:
        seen: set[str] = set()
        todo = [start]
        while todo:
            node = todo.pop()
            for target in graph.get(node, ()):
                if (node, target) != skip and target not in seen:
                    seen.add(target)
                    todo.append(target)
        return seen

    return {
        node: {target for target in targets if target not in reach(node, (node, target))}
        for node, targets in graph.items()
    }


def dot_source() -> str:
    """The DOT text: one node per part (its name is the node's DOT name, which Graphviz
    writes as the node's ``<title>``), one edge per arrow of the reduced graph."""
    graph = reduced(units())
    sizes = {name: sum(1 for module in MODULES if unit(module) == name) for name in graph}
    lines = [
        "digraph architecture {",
        f'  graph [rankdir=BT, ranksep=0.35, nodesep=0.15, fontname="{FONT}", pad=0.2];',
        f'  node [shape=box, style="rounded,filled", fontname="{FONT}", fontsize=13];',
        '  edge [color="#64748b", arrowsize=0.6];',
    ]
    for name in sorted(graph):
        if name in SUBPACKAGES:
            label = f"{name}/\\n{sizes[name]} modules"
            colours = 'color="#1d4ed8", fillcolor="#dbeafe"'
        else:
            label = name
            colours = 'color="#94a3b8", fillcolor="#f8fafc"'
        lines.append(f'  "{name}" [label="{label}", {colours}];')
    for name in sorted(graph):
        for target in sorted(graph[name]):
            lines.append(f'  "{name}" -> "{target}";')
    lines.append("}")
    return "\n".join(lines) + "\n"


def stamp(source: str) -> str:
    """The comment that ties architecture.svg to the DOT text it was drawn from."""
    return graphviz.stamp(source, "architecture.svg")


def main() -> None:
    TARGET.write_text(graphviz.render(dot_source(), "architecture.svg"), encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
