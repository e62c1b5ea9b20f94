"""Export the clusters and their members as JSON-LD (schema.org and W3C ORG) and read it
back as RDF.

Run: python examples/jsonld_export.py [out.jsonld]
Needs: the library alone; with rdflib installed (``pip install rdflib``) it also reads the
document back as RDF and queries it with SPARQL. An existing file is not replaced.
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
        out = Path(sys.argv[1])
        try:
            with out.open("x", encoding="utf-8") as handle:  # never over an existing file
                handle.write(text)
        except OSError as error:
            sys.exit(f"error: cannot write {out}: {error.strerror or error}")
        print(f"wrote {out}")
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
