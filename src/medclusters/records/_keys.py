"""Which record class each resource holds (:data:`RECORD_TYPES`), the keys the loader
holds each resource to (:data:`KEYS`), which resources are personal, and :func:`row_key`.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

import attrs

from medclusters.records._cluster import (
    Cluster,
    ClusterName,
    Identifier,
    IdentifierScheme,
    Lead,
    Relationship,
    Source,
    Status,
)
from medclusters.records._evidence import Citation, Claim, Event, EventRole, Observation, Statement
from medclusters.records._profile import (
    Budget,
    Collaboration,
    Contact,
    Label,
    Language,
    Market,
    Membership,
    Organisation,
    OrganisationName,
    Participation,
    Programme,
    Topic,
    Vocabulary,
)

__all__ = ["KEYS", "PERSONAL", "RECORD_TYPES", "Keys", "row_key"]


#: Resource name -> record class, in the order of the package's resources.
RECORD_TYPES: MappingProxyType[str, type] = MappingProxyType(
    {
        "sources": Source,
        "clusters": Cluster,
        "leads": Lead,
        "cluster_names": ClusterName,
        "statuses": Status,
        "relationships": Relationship,
        "organisations": Organisation,
        "organisation_names": OrganisationName,
        "memberships": Membership,
        "programmes": Programme,
        "identifier_schemes": IdentifierScheme,
        "identifiers": Identifier,
        "budgets": Budget,
        "participations": Participation,
        "labels": Label,
        "collaborations": Collaboration,
        "markets": Market,
        "topics": Topic,
        "vocabularies": Vocabulary,
        "languages": Language,
        "contacts": Contact,
        "statements": Statement,
        "observations": Observation,
        "events": Event,
        "event_roles": EventRole,
        "claims": Claim,
        "citations": Citation,
    }
)


#: Resources that hold personal data: a package may leave them out (the public edition does).
PERSONAL: frozenset[str] = frozenset({"contacts"})


@attrs.frozen
class Keys:
    """What the library holds a resource to, whatever a package's schema says: its primary
    key, its foreign keys ``(fields, resource, fields)``, and the columns of which exactly
    one is given in each row (``one_of``: a link names one party). A package whose schema
    declares other keys is refused at load."""

    primary: tuple[str, ...]
    foreign: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...] = ()
    one_of: tuple[str, ...] = ()


def _keys(primary: str, *references: str, one_of: str = "") -> Keys:
    """``_keys("id", "cluster_id>clusters", "scheme,term>vocabularies.scheme,term")``."""
    foreign = []
    for reference in references:
        fields, _, target = reference.partition(">")
        resource, _, target_fields = target.partition(".")
        foreign.append(
            (tuple(fields.split(",")), resource, tuple((target_fields or "id").split(",")))
        )
    return Keys(tuple(primary.split(",")), tuple(foreign), tuple(filter(None, one_of.split(","))))


_SOURCE = "source_id>sources"

#: Resource name -> the keys the loader enforces (see :class:`Keys`).
KEYS: MappingProxyType[str, Keys] = MappingProxyType(
    {
        "sources": _keys("id"),
        "clusters": _keys("id", _SOURCE, "members_observation_id>observations"),
        "leads": _keys("id", _SOURCE),
        "cluster_names": _keys("cluster_id,name,source_id", "cluster_id>clusters", _SOURCE),
        "statuses": _keys("id", "cluster_id>clusters", _SOURCE),
        "relationships": _keys("id", "cluster_id>clusters", "related_cluster_id>clusters", _SOURCE),
        "organisations": _keys("id", _SOURCE),
        "organisation_names": _keys(
            "organisation_id,name,source_id", "organisation_id>organisations", _SOURCE
        ),
        "memberships": _keys(
            "cluster_id,organisation_id,role",
            "cluster_id>clusters",
            "organisation_id>organisations",
            _SOURCE,
        ),
        "programmes": _keys("id", "parent_id>programmes", _SOURCE),
        "identifier_schemes": _keys("scheme"),
        "identifiers": _keys(
            "id",
            "cluster_id>clusters",
            "organisation_id>organisations",
            "programme_id>programmes",
            "scheme>identifier_schemes.scheme",
            _SOURCE,
            one_of="cluster_id,organisation_id,programme_id",
        ),
        "budgets": _keys(
            "id",
            "programme_id>programmes",
            "cluster_id>clusters",
            "organisation_id>organisations",
            _SOURCE,
        ),
        "participations": _keys(
            "id",
            "programme_id>programmes",
            "cluster_id>clusters",
            "organisation_id>organisations",
            _SOURCE,
            one_of="cluster_id,organisation_id",
        ),
        "labels": _keys("id", "cluster_id>clusters", _SOURCE),
        "collaborations": _keys(
            "id",
            "cluster_id>clusters",
            "partner_cluster_id>clusters",
            "partner_organisation_id>organisations",
            _SOURCE,
            one_of="partner_cluster_id,partner_organisation_id",
        ),
        "markets": _keys("cluster_id,country,scope", "cluster_id>clusters", _SOURCE),
        "topics": _keys(
            "cluster_id,scheme,term",
            "cluster_id>clusters",
            "scheme,term>vocabularies.scheme,term",
            _SOURCE,
        ),
        "vocabularies": _keys("scheme,term"),
        "languages": _keys("cluster_id,language", "cluster_id>clusters", _SOURCE),
        "contacts": _keys("id", "cluster_id>clusters", _SOURCE),
        "statements": _keys("id", "cluster_id>clusters", _SOURCE),
        "observations": _keys(
            "id",
            "cluster_id>clusters",
            "organisation_id>organisations",
            "programme_id>programmes",
            _SOURCE,
            one_of="cluster_id,organisation_id,programme_id",
        ),
        "events": _keys("id", "programme_id>programmes", _SOURCE),
        "event_roles": _keys(
            "id",
            "event_id>events",
            "cluster_id>clusters",
            "organisation_id>organisations",
            _SOURCE,
            one_of="cluster_id,organisation_id",
        ),
        "claims": _keys("id", _SOURCE),
        "citations": _keys("id", _SOURCE),
    }
)


_ROW_KEYS = {record_type: (name, KEYS[name].primary) for name, record_type in RECORD_TYPES.items()}


def row_key(record: Any) -> tuple[str, str]:
    """(resource, key) of a record: its primary key's values joined by ``|``, as claims and
    citations write their ``subject_id``.

    >>> from medclusters.records import Topic, TopicScheme
    >>> row_key(Topic("lhtc", TopicScheme.MEDICAL_SPECIALITY, "dentistry", None, "eccp-lhtc"))
    ('topics', 'lhtc|medical_speciality|dentistry')
    """
    resource, fields = _ROW_KEYS[type(record)]
    return resource, "|".join(str(getattr(record, field)) for field in fields)
