r"""The domain rules: what a Table Schema cannot say, checked on a loaded dataset.

Member counts that add up, figures shown beside the counts they restate, ISO codes that exist,
one and only one party per link, budget scopes that name their party, dates in order, claims
and citations whose subject exists, and clean Unicode text. Each rule yields
:class:`Problem`\ s; :func:`medclusters.validate` collects them with frictionless's.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import cache, lru_cache
from operator import attrgetter
from typing import TYPE_CHECKING, Any

import attrs

from medclusters.errors import location
from medclusters.records import Citation, Claim, row_key

if TYPE_CHECKING:
    from medclusters.records.tables import Tables

__all__ = ["ONE_PARTY", "Problem", "domain_problems", "text_problems"]

_WORD = re.compile(r"\w+")
_SPACES = {"\u00a0": "no-break space", "\u202f": "narrow no-break space", "\u2007": "figure space"}
_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK")
#: Embeddings, overrides and isolates: they reorder what a reader sees ("Trojan Source").
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


@attrs.frozen
class Problem:
    """One problem: where it is (resource, 1-based data row, field, value) and what it is."""

    code: str
    message: str
    resource: str | None = None
    row: int | None = None
    field: str | None = None
    value: str | None = None

    def __str__(self) -> str:
        where = location(self.resource, self.row, self.field or None, self.value)
        return (
            f"[{self.code}] {where}: {self.message}" if where else f"[{self.code}] {self.message}"
        )


def domain_problems(dataset: Tables) -> Iterator[Problem]:
    """The rules a Table Schema cannot express, checked on a loaded dataset."""
    yield from _member_counts(dataset)
    yield from _shown_observations(dataset)
    yield from _codes(dataset)
    yield from _one_party(dataset)
    yield from _budget_scopes(dataset)
    yield from _date_order(dataset)
    yield from _identifier_patterns(dataset)
    yield from _relationships(dataset)
    yield from _subjects(dataset)
    yield from _text(dataset)


def _member_counts(dataset: Tables) -> Iterator[Problem]:
    for row, cluster in enumerate(dataset.clusters, start=1):
        parts = (
            cluster.members_sme,
            cluster.members_large,
            cluster.members_research,
            cluster.members_other,
        )
        if cluster.members_total is not None and None not in parts:
            total = sum(part for part in parts if part is not None)
            if total != cluster.members_total:
                yield Problem(
                    "member-counts",
                    f"SME + large + research + other = {total}, "
                    f"not members_total {cluster.members_total}",
                    "clusters",
                    row,
                    "members_total",
                    str(cluster.members_total),
                )
        if None not in (cluster.members_startups, cluster.members_sme) and (
            cluster.members_startups > cluster.members_sme  # type: ignore[operator]
        ):
            yield Problem(
                "member-counts",
                "more start-ups than SME members",
                "clusters",
                row,
                "members_startups",
                str(cluster.members_startups),
            )
        for name in ("members_sme", "members_large", "members_research", "members_other"):
            part = getattr(cluster, name)
            if None not in (part, cluster.members_total) and part > cluster.members_total:
                yield Problem(
                    "member-counts",
                    "a part is larger than members_total",
                    "clusters",
                    row,
                    name,
                    str(part),
                )


#: The count columns of ``clusters`` and the measure of the observation each one shows.
_SHOWN = {
    "members_total": "members",
    "members_sme": "member_smes",
    "members_startups": "member_startups",
    "members_large": "member_large_companies",
    "members_research": "member_research_organisations",
    "members_other": "member_other",
}


def _shown_observations(dataset: Tables) -> Iterator[Problem]:
    """``members_observation_id`` names an exact ``members`` observation of the same cluster
    and figure; the other counts match observations of the same source and date."""
    observations = {o.id: o for o in dataset.observations}
    for row, cluster in enumerate(dataset.clusters, start=1):
        key = cluster.members_observation_id
        if (key is None) != (cluster.members_total is None):
            yield Problem(
                "shown-observation",
                "members_total and members_observation_id are given together or not at all",
                "clusters",
                row,
                "members_observation_id",
                key,
            )
            continue
        if key is None:
            continue
        shown = observations.get(key)
        if shown is None:  # the foreign key says so already; nothing to compare
            continue
        if (shown.cluster_id, shown.measure.value, shown.bound.value, shown.value) != (
            cluster.id,
            "members",
            "exact",
            cluster.members_total,
        ):
            yield Problem(
                "shown-observation",
                f"the observation is {shown.measure.value} = {shown.value} ({shown.bound.value})"
                f" of {shown.cluster_id or 'another subject'}, not the exact member count "
                f"{cluster.members_total} of this cluster",
                "clusters",
                row,
                "members_observation_id",
                key,
            )
            continue
        for column, measure in _SHOWN.items():
            value = getattr(cluster, column)
            if value is None or column == "members_total":
                continue
            if not any(
                o.cluster_id == cluster.id
                and o.measure.value == measure
                and o.value == value
                and o.as_of == shown.as_of
                and o.source_id == shown.source_id
                for o in dataset.observations
            ):
                yield Problem(
                    "shown-observation",
                    f"no {measure} observation of this cluster from the source and date of "
                    f"{key} gives {value}",
                    "clusters",
                    row,
                    column,
                    str(value),
                )


def _codes(dataset: Tables) -> Iterator[Problem]:
    import pycountry  # lazy: its language database loads on first use

    from medclusters import countries

    country_columns = (
        ("clusters", "country"),
        ("organisations", "country"),
        ("markets", "country"),
        ("budgets", "country"),
        ("events", "country"),
    )
    language_columns = (
        ("sources", "language"),
        ("clusters", "local_name_language"),
        ("cluster_names", "language"),
        ("organisations", "local_name_language"),
        ("organisation_names", "language"),
        ("languages", "language"),
        ("events", "local_name_language"),
    )
    for resource, field in country_columns:
        for row, record in enumerate(getattr(dataset, resource), start=1):
            code = getattr(record, field)
            found = countries.get(code) if code is not None else None
            if code is not None and (found is None or found.alpha_2 != code):
                yield Problem(
                    "country-code", "not an ISO 3166-1 alpha-2 code", resource, row, field, code
                )
    for row, market in enumerate(dataset.markets, start=1):  # the source's words, normalised
        found = countries.get(market.name_as_given)
        if found is None or found.alpha_2 != market.country:
            yield Problem(
                "country-name",
                f"names {found.alpha_2 if found else 'no single country'}, not {market.country}",
                "markets",
                row,
                "name_as_given",
                market.name_as_given,
            )
    for resource, field in language_columns:
        for row, record in enumerate(getattr(dataset, resource), start=1):
            code = getattr(record, field)
            if code is not None and pycountry.languages.get(alpha_2=code) is None:
                yield Problem("language-code", "not an ISO 639-1 code", resource, row, field, code)


#: Resources whose row names exactly one party (or subject) among these columns.
ONE_PARTY = (
    ("identifiers", ("cluster_id", "organisation_id", "programme_id")),
    ("participations", ("cluster_id", "organisation_id")),
    ("collaborations", ("partner_cluster_id", "partner_organisation_id")),
    ("observations", ("cluster_id", "organisation_id", "programme_id")),
    ("event_roles", ("cluster_id", "organisation_id")),
)


def _one_party(dataset: Tables) -> Iterator[Problem]:
    for resource, columns in ONE_PARTY:
        for row, record in enumerate(getattr(dataset, resource), start=1):
            if sum(getattr(record, column) is not None for column in columns) != 1:
                yield Problem(
                    "one-party",
                    f"exactly one of {', '.join(columns)} must be given",
                    resource,
                    row,
                    columns[0],
                )


def _budget_scopes(dataset: Tables) -> Iterator[Problem]:
    """A project's figure names no party; a partner's names one; a country's names a country."""
    for row, budget in enumerate(dataset.budgets, start=1):
        parties = (budget.cluster_id is not None) + (budget.organisation_id is not None)
        country = budget.country is not None
        wanted = {
            "project": (0, False, "names neither a partner nor a country"),
            "partner": (1, False, "names one partner (cluster_id or organisation_id), no country"),
            "country": (0, True, "names a country and no partner"),
        }[budget.scope.value]
        if (parties, country) != wanted[:2]:
            yield Problem(
                "budget-scope",
                f"a {budget.scope.value} figure {wanted[2]}",
                "budgets",
                row,
                "scope",
                budget.scope.value,
            )


def _date_order(dataset: Tables) -> Iterator[Problem]:
    checks = (
        ("programmes", "start", "end"),
        ("labels", "valid_from", "valid_until"),
        ("events", "start", "end"),
        ("observations", "since", "as_of"),
        ("cluster_names", "valid_from", "valid_until"),
        ("statuses", "since", "as_of"),
        ("relationships", "since", "until"),
    )
    for resource, first, last in checks:
        for row, record in enumerate(getattr(dataset, resource), start=1):
            start, end = getattr(record, first), getattr(record, last)
            if start is not None and end is not None and start.first_day() > end.last_day():
                yield Problem(
                    "date-order",
                    f"{first} {start} is after {last} {end}",
                    resource,
                    row,
                    last,
                    str(end),
                )


def _identifier_patterns(dataset: Tables) -> Iterator[Problem]:
    """Each identifier's value matches its scheme's pattern (identifier_schemes.pattern),
    compiled as a schema's patterns are: one that could hang is refused, not run."""
    from medclusters.errors import PackageError
    from medclusters.io.spec import compile_pattern

    matchers: dict[str, Any] = {}
    for row, scheme in enumerate(dataset.identifier_schemes, start=1):
        try:
            matchers[scheme.scheme] = compile_pattern(scheme.pattern)
        except PackageError as error:
            yield Problem(
                "identifier-scheme-pattern",
                str(error),
                "identifier_schemes",
                row,
                "pattern",
                scheme.pattern,
            )
    for row, identifier in enumerate(dataset.identifiers, start=1):
        matcher = matchers.get(identifier.scheme)
        if matcher is not None and not matcher.fullmatch(identifier.value):
            yield Problem(
                "identifier-pattern",
                f"does not match the pattern of the scheme {identifier.scheme!r}",
                "identifiers",
                row,
                "value",
                identifier.value,
            )


def _relationships(dataset: Tables) -> Iterator[Problem]:
    """No cluster is related to itself, and no chain of successors comes back to its start."""
    successor: dict[str, str] = {}
    for row, edge in enumerate(dataset.relationships, start=1):
        if edge.cluster_id == edge.related_cluster_id:
            yield Problem(
                "relationship-self",
                "a cluster is related to itself",
                "relationships",
                row,
                "related_cluster_id",
                edge.related_cluster_id,
            )
        elif edge.relation == "successor":
            successor[edge.cluster_id] = edge.related_cluster_id
    for row, edge in enumerate(dataset.relationships, start=1):
        if edge.relation != "successor" or edge.cluster_id == edge.related_cluster_id:
            continue
        seen, at = {edge.cluster_id}, edge.related_cluster_id
        while at in successor and at not in seen:
            seen.add(at)
            at = successor[at]
        if at == edge.cluster_id:
            yield Problem(
                "successor-cycle",
                "following successors leads back to this cluster",
                "relationships",
                row,
                "related_cluster_id",
                edge.related_cluster_id,
            )


def _subjects(dataset: Tables) -> Iterator[Problem]:
    """Every claim and citation names an existing row and one of its fields."""
    resources = {entry["name"]: entry for entry in dataset.descriptor.get("resources", [])}
    known: dict[str, set[str]] = {}
    subjects: tuple[tuple[str, tuple[Claim | Citation, ...]], ...] = (
        ("claims", dataset.claims),
        ("citations", dataset.citations),
    )
    for resource, records in subjects:
        for row, item in enumerate(records, start=1):
            entry = resources.get(item.resource)
            if entry is None:
                yield Problem(
                    "subject", "names a resource the package lacks", resource, row,
                    "resource", item.resource,
                )  # fmt: skip
                continue
            if item.resource not in known:
                known[item.resource] = {
                    row_key(record)[1] for record in getattr(dataset, item.resource)
                }
            if item.subject_id not in known[item.resource]:
                yield Problem(
                    "subject",
                    f"no row of {item.resource!r} has this key",
                    resource,
                    row,
                    "subject_id",
                    item.subject_id,
                )
            fields = {field["name"] for field in (entry.get("schema") or {}).get("fields", [])}
            listing = getattr(item, "kind", None) == "incomplete" and item.field in resources
            if item.field is not None and item.field not in fields and not listing:
                yield Problem(
                    "subject",
                    f"{item.resource!r} has no field of this name",
                    resource,
                    row,
                    "field",
                    item.field,
                )


def _text(dataset: Tables) -> Iterator[Problem]:
    """Each text cell's problems, in row order. A column at a time: each distinct text is
    checked once (ids, codes and names repeat; :func:`_text_problems` remembers), and rows
    are looked at only for a column that has a text with a problem."""
    for resource, records in dataset.tables().items():
        if not records:
            continue
        found: list[tuple[int, int, str, str]] = []  # row, field position, field, text
        for position, field in enumerate(attrs.fields(type(records[0]))):
            column = list(map(attrgetter(field.name), records))
            if any(isinstance(v, str) and _text_problems(v) for v in set(column)):
                found.extend(
                    (row, position, field.name, value)
                    for row, value in enumerate(column, start=1)
                    if isinstance(value, str) and _text_problems(value)
                )
        for row, _, name, value in sorted(found):
            for message in _text_problems(value):
                yield Problem("text", message, resource, row, name, value)


@cache
def _scripts_of(char: str) -> tuple[str, ...]:
    """The scripts of :data:`_SCRIPTS` a letter belongs to (by its Unicode name), once a
    character: the names were looked up once a character of every word."""
    if not char.isalpha():
        return ()
    name = unicodedata.name(char, "")
    return tuple(script for script in _SCRIPTS if name.startswith(script))


def text_problems(text: str) -> list[str]:
    """What is wrong with a text cell: not NFC, untrimmed, odd spaces, control characters,
    bidirectional overrides, mixed scripts.

    >>> text_problems("DERMATOLOGY \\u0421LINIC")
    ["the word '\\u0421LINIC' mixes letters of the CYRILLIC and LATIN scripts"]
    >>> text_problems("Ušpele")
    []
    """
    return list(_text_problems(text))


@lru_cache(maxsize=1 << 16)
def _text_problems(text: str) -> tuple[str, ...]:
    """:func:`text_problems`, remembered for the process (a pure function of the text; most
    texts of a package recur from one validation to the next)."""

    found = []
    ascii_only = text.isascii()  # then NFC, no odd spaces and one script: the common case
    if not ascii_only and not unicodedata.is_normalized("NFC", text):
        found.append("not in Unicode NFC")
    if text != text.strip():
        found.append("leading or trailing white space")
    for char, name in () if ascii_only else _SPACES.items():
        if char in text:
            found.append(f"contains a {name} (U+{ord(char):04X})")
    if not text.isprintable():
        for char in dict.fromkeys(text):  # each character once, in order
            if char not in "\n\t" and unicodedata.category(char) == "Cc":
                found.append(f"contains the control character U+{ord(char):04X}")
            elif char in _BIDI_CONTROLS:
                found.append(f"contains the bidirectional control U+{ord(char):04X}")
    for word in () if ascii_only else _WORD.findall(text):
        if word.isascii():  # letters of one script (LATIN) at most
            continue
        scripts = {script for char in word for script in _scripts_of(char)}
        if len(scripts) > 1:
            found.append(
                f"the word {word!r} mixes letters of the {' and '.join(sorted(scripts))} scripts"
            )
    return tuple(found)
