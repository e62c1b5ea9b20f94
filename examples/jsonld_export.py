"""Export the clusters and their members as JSON-LD (schema.org and W3C ORG) and read it
back as RDF.

Run: python examples/jsonld_export.py [out.jsonld]
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import medclusters as mc


def main() -> None:
    document = mc.load().to_jsonld()
    text = json.dumps(document, ensure_ascii=False, indent=2)
    if len(sys.argv) > 1:
        Path(sys.argv[1]).write_text(text, encoding="utf-8")
        print(f"wrote {sys.argv[1]}")
    types = Counter(
        t
        for node in document["@graph"]
        for t in ([node["@type"]] if isinstance(node["@type"], str) else node["@type"])
    )
    print("nodes by type:", ", ".join(f"{t} {n}" for t, n in sorted(types.items())))
    try:
        import rdflib
    except ImportError:
        print("rdflib is not installed: skipping the RDF part")
        return
    graph = rdflib.Graph().parse(data=text, format="json-ld")
    print(f"{len(graph)} RDF triples")
    query = """
        PREFIX schema: <https://schema.org/>
        SELECT ?cluster (COUNT(?member) AS ?members) WHERE {
            ?m schema:memberOf ?c . ?c schema:name ?cluster . ?m schema:name ?member .
        } GROUP BY ?cluster ORDER BY DESC(?members)
    """
    for cluster, members in graph.query(query):  # type: ignore[misc]
        print(f"  {members} members named: {cluster}")


if __name__ == "__main__":
    main()
