"""The Dataset as JSON-LD: clusters and members in schema.org and W3C ORG terms, with an inline
context so that the document parses without a network. :func:`medclusters.export.to_jsonld`
and ``Dataset.to_jsonld()`` return it."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

if TYPE_CHECKING:
    from medclusters.records.tables import Tables

__all__ = ["SCHEMA_ORG", "W3C_ORG", "to_jsonld"]

SCHEMA_ORG = "https://schema.org/"
W3C_ORG = "http://www.w3.org/ns/org#"

#: Words that make a member a care provider (schema.org ``MedicalOrganization``) in JSON-LD.
#: The dataset has no such kind (its sources do not classify members), so the export reads
#: the name: a derivation of the export, stated in the docs, not a fact of the dataset.
_MEDICAL_WORDS = re.compile(
    r"\b(clinic|klinika|hospital|szpital|rehabilitation|dental|dentistry|medical cent(er|re)"
    r"|surgery|eye cent(er|re)|ivf|sanatori|spa centre)",
    re.IGNORECASE,
)


def to_jsonld(dataset: Tables) -> dict[str, Any]:
    """Clusters and their members as schema.org ``Organization`` (``MedicalOrganization``
    where the member is a care provider), each member ``memberOf`` its clusters, and every
    membership as a W3C ORG ``org:Membership`` with its role. The context is inline, so the
    document parses without a network."""
    context = {
        "@vocab": SCHEMA_ORG,
        "schema": SCHEMA_ORG,
        "org": W3C_ORG,
        "memberOf": {"@id": "schema:memberOf", "@type": "@id"},
        "org:member": {"@type": "@id"},
        "org:organization": {"@type": "@id"},
        "sameAs": {"@id": "schema:sameAs", "@type": "@id"},
        "url": {"@id": "schema:url", "@type": "@id"},
    }
    base = "https://w3id.org/medclusters/"

    def iri(kind: str, key: str) -> str:
        # a key is text from the package: what an IRI cannot hold is percent-encoded
        return f"{base}{kind}/{quote(key, safe='')}"

    graph: list[dict[str, Any]] = []
    names: dict[str, list[str]] = {}
    for alias in dataset.cluster_names:
        names.setdefault(alias.cluster_id, []).append(alias.name)
    for cluster in dataset.clusters:
        node: dict[str, Any] = {
            "@id": iri("cluster", cluster.id),
            "@type": ["Organization", "org:Organization"],
            "identifier": cluster.id,
            "name": cluster.name,
            "alternateName": sorted({n for n in names.get(cluster.id, []) if n != cluster.name}),
            "address": {"@type": "PostalAddress", "addressCountry": cluster.country},
        }
        if cluster.local_name:
            node["legalName"] = {"@value": cluster.local_name,
                                 "@language": cluster.local_name_language or "und"}  # fmt: skip
        if cluster.established:
            node["foundingDate"] = str(cluster.established)
        if cluster.website:
            node["url"] = cluster.website
        if cluster.description:
            node["description"] = cluster.description
        graph.append(node)
    clusters_of: dict[str, list[str]] = {}
    for membership in dataset.memberships:
        clusters_of.setdefault(membership.organisation_id, []).append(membership.cluster_id)
    for organisation in dataset.organisations:
        medical = _MEDICAL_WORDS.search(f"{organisation.name} {organisation.local_name or ''}")
        node = {
            "@id": iri("organisation", organisation.id),
            "@type": "MedicalOrganization" if medical else "Organization",
            "identifier": organisation.id,
            "name": organisation.name,
        }
        if organisation.country:
            node["address"] = {"@type": "PostalAddress", "addressCountry": organisation.country}
        if organisation.website:
            node["url"] = organisation.website
        member_of = sorted(set(clusters_of.get(organisation.id, ())))
        if member_of:
            node["memberOf"] = [iri("cluster", c) for c in member_of]
        graph.append(node)
    for number, membership in enumerate(dataset.memberships, start=1):
        graph.append({
            "@id": iri("membership", str(number)),
            "@type": "org:Membership",
            "org:member": iri("organisation", membership.organisation_id),
            "org:organization": iri("cluster", membership.cluster_id),
            "org:role": membership.role.value,
        })  # fmt: skip
    return {"@context": context, "@graph": graph}
