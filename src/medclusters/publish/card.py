"""The dataset card (README.md of a data package), written from the package itself.

Everything a reader can check against the data is generated here: coverage, counts, the list
of resources, every source with its publisher, language and date, and what the edition holds.
The prose between states the conventions. ``medclusters.release`` writes one card per
edition; ``scripts/make_card.py`` writes the repository's copy, and a test keeps it current.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from medclusters.index.registry import sources_about
from medclusters.io.readers import descriptor_list
from medclusters.utils.markdown import cell, code, link

if TYPE_CHECKING:
    from medclusters.dataset import Dataset

_INTRO = """\
A Frictionless Data Package of cluster organisations of medical and health tourism in Europe:
who they are, their members and founders, partners and networks, funded programmes and
budgets, labels and awards, target markets, classifications, dated figures and events. Every
row that states a fact names its source (`source_id`); a fact combined from several sources
lists the others in `citations`. Where sources disagree, both values are kept (`claims`), and
every value the editors derived, normalised, translated or interpreted is marked there with
its basis."""

_CONVENTIONS = """\
## How it was made

Each source page was read by hand and every fact placed in a table. Conventions:

- **Facts, not prose.** The tables hold names, dates, counts, amounts, roles, identifiers and
  places. Descriptions and statements are the editors' own summaries; no sentence of a source
  is copied.
- **Unknown is empty.** A field no source fills is empty, never 0.
- **Names keep their spelling.** `local_name` is an organisation's name in its own language
  as a source writes it; `name` is the English form a source gives, or the editors'
  translation (marked `translated` in `claims`). A rendering in another source's language
  ("Parku Naukowego Technopol Tallin" in a Polish article) is kept in `cluster_names` or
  `organisation_names` with the name type `as_given`, not as a local name.
- **Figures over time.** Member counts and other counts are rows of `observations`: the
  figure, its bound (exact, more than, at least, about, up to), the date it refers to and
  its source. The count columns of `clusters` show one of them (`members_observation_id`).
- **Disagreements stay visible.** Founding dates, counts, budgets, dates and roles on which
  sources differ have a `claims` row of kind `disagreement` naming the other source and its
  value; nothing is averaged or dropped.
- **Derived values are marked.** A country read from a name, a website read from the address
  of a cluster's own pages, a label's validity worked out from its scheme's rule, a role read
  from a verb: each has a `claims` row (`derived`, `normalised`, `translated` or
  `interpreted`) saying on what basis. Whole columns derived by one rule say so in their
  description (`markets.country` is read from `markets.name_as_given`).
- **Budgets say whose they are.** `budgets.scope` tells a whole project's figure from one
  partner's and from the partners of one country together."""

_PERSONAL = """\
## Personal data

`contacts` holds the names and positions of people in clusters' management teams, as the
sources publish them, and for two members of LHTC's team the work telephone numbers, work
e-mail addresses and gender their public ECCP profile gives. It is a separate resource so that
a publication can leave it out; the public edition does."""

_PUBLIC = """\
## Personal data

This is the public edition: it leaves out `contacts`, the resource that holds the names and
positions of people in clusters' management teams. The full edition has it."""


#: The columns of ``clusters`` whose gaps the card lists.
_GAP_COLUMNS = ("established", "region", "city", "website", "members_total", "staff_size")


def _gaps(dataset: Dataset) -> list[str]:
    lines = ["| cluster | no source states |", "| --- | --- |"]
    for cluster in dataset.clusters:
        empty = [column for column in _GAP_COLUMNS if getattr(cluster, column) is None]
        if empty:
            shown = ", ".join(code(column, table=True) for column in empty)
            lines.append(f"| {code(cluster.id, table=True)} | {shown} |")
    return lines


def _coverage(dataset: Dataset) -> list[str]:
    lines = [
        "| cluster | id | country | established | members | latest other figure | sources |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    bounds = {"exact": "", "more_than": "more than ", "at_least": "at least ",
              "about": "about ", "up_to": "up to "}  # fmt: skip
    sources = sources_about(dataset)
    for cluster in dataset.clusters:
        name = cluster.name + (f" ({cluster.local_name})" if cluster.local_name else "")
        figures = dataset.observations_of(cluster, "members")
        counted = next((o for o in figures if o.id == cluster.members_observation_id), None)
        members = "unknown" if cluster.members_total is None else str(cluster.members_total)
        if counted is not None:
            members += f" ({counted.as_of or 'undated'})"
        dated = [o for o in figures if o.as_of is not None and o is not counted]
        later = dated[-1] if dated else None
        if (
            later is not None
            and counted is not None
            and counted.as_of is not None
            and (later.as_of is None or later.as_of.last_day() <= counted.as_of.last_day())
        ):
            later = None
        latest = "-" if later is None else (
            f"{bounds[later.bound.value]}{later.value} ({later.as_of})"
        )  # fmt: skip
        cited = sources.get(cluster.id, ())
        lines.append(
            f"| {cell(name)} | {code(cluster.id, table=True)} | {cell(cluster.country)} | "
            f"{cluster.established or 'unknown'} | {members} | {latest} | {len(cited)} |"
        )
    return lines


def _resources(dataset: Dataset, leave_out: frozenset[str]) -> list[str]:
    lines = ["| resource | rows | one row is |", "| --- | --- | --- |"]
    for entry in dataset.descriptor.get("resources", []):
        name = str(entry.get("name"))
        if name in leave_out:
            continue
        rows = len(getattr(dataset, name, ()))
        lines.append(
            f"| {code(name, table=True)} | {rows} | {cell(entry.get('description', ''))} |"
        )
    return lines


def _sources(dataset: Dataset) -> list[str]:
    used = Counter(
        record.source_id
        for records in dataset.tables().values()
        for record in records
        if hasattr(record, "source_id")
    )
    lines = [
        "| id | publisher | title | language | published | rows |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for source in dataset.sources:
        lines.append(
            f"| {code(source.id, table=True)} | {cell(source.publisher)} | "
            f"{link(source.title, source.url)} | {cell(source.language)} | "
            f"{cell(source.published or 'undated')} | "
            f"{used[source.id] - 1} |"  # the sources row itself does not count
        )
    return lines


def _has_map(dataset: Dataset) -> bool:
    """Whether the package's folder carries the map of its clusters (``map.svg``)."""
    if dataset.origin is None:
        return False
    origin = Path(dataset.origin)
    if origin.is_file() and origin.suffix == ".zip":  # a release zip: map.svg beside the data
        import zipfile

        with zipfile.ZipFile(origin) as archive:
            return any(
                name.count("/") <= 1 and name.endswith("map.svg") for name in archive.namelist()
            )
    folder = origin if origin.is_dir() else origin.parent
    return (folder / "map.svg").is_file()


def render(dataset: Dataset, *, public: bool = False, copies: tuple[str, ...] = ()) -> str:
    """The card of ``dataset``: the full edition's, or (``public``) the public edition's,
    which leaves out ``contacts``. ``copies`` names the other formats the edition carries
    beside the CSV files (``"SQLite"``, ``"Parquet"``)."""
    leave_out = frozenset({"contacts"}) if public else frozenset()
    descriptor = dataset.descriptor
    csv_files = sum(1 for e in descriptor.get("resources", []) if e.get("name") not in leave_out)
    title = str(descriptor.get("title", dataset.name))
    licence = ", ".join(
        item.get("name") or item.get("title", "")
        for item in descriptor_list(descriptor, "licenses")
    )
    edition = "public edition, without personal data" if public else "full edition"
    lines = [
        f"# {title}",
        "",
        _INTRO,
        "",
        (
            f"- **Version** {dataset.version} (dataset, {edition}; the Python library has its "
            "own version)"
        ),
        f"- **Licence** {licence}, with attribution to the sources ([LICENSE](LICENSE))",
        (
            f"- **Format** `datapackage.json` (Data Package v1, profile `tabular-data-package`) "
            f"and {csv_files} CSV files in `data/`, UTF-8, comma-separated, header row, empty "
            "cell = unknown"
        ),
    ]
    if copies:
        lines.append(
            "- **Also** the same tables as " + " and ".join(_COPIES[c] for c in copies) + "; the "
            "CSV files and `datapackage.json` are the reference. In both, a date keeps its text "
            "and gains `<field>_date` (a date where the source gives the day) and "
            "`<field>_precision` (year, month or day)"
        )
    lines += ["", "## Coverage", ""]
    if _has_map(dataset):
        lines += [
            "![The clusters on a map of Europe, each at its city](map.svg)",
            "",
            (
                "The clusters on a map of Europe (`map.svg`), each at its city's coordinates "
                "(`clusters.latitude` and `longitude`, derived from GeoNames and marked so in "
                "`claims`); clusters whose sources name no city are not on it."
            ),
            "",
        ]
    lines += [*_coverage(dataset), ""]
    tables = dataset.tables()
    counted = {n: r for n, r in tables.items() if n not in leave_out}
    lines += [
        "Counts: "
        + ", ".join(f"{len(rows)} {name.replace('_', ' ')}" for name, rows in counted.items())
        + ".",
        "",
        "## Tables",
        "",
        *_resources(dataset, leave_out),
        "",
        "Every field is described in `datapackage.json` and in the library's data dictionary.",
        "",
        _CONVENTIONS,
        "",
        "## Known gaps",
        "",
        (
            "Empty cells of `clusters`: what no source among these states (`members_total` is "
            'empty where the sources give only bounds such as "more than 80"; those are in '
            "`observations`)."
        ),
        "",
        *_gaps(dataset),
        "",
        f"## Sources ({len(dataset.sources)})",
        "",
        "Every page the facts come from, with the number of rows that cite it.",
        "",
        *_sources(dataset),
        "",
        _PUBLIC if public else _PERSONAL,
        "",
        "## How to cite",
        "",
        (
            f"medclusters contributors ({str(descriptor.get('created', ''))[:4] or 'n.d.'}). "
            f"*{title}*, data package version {dataset.version}. {licence}. Cite the sources "
            "each fact comes from too: they are listed above and in the `sources` table."
        ),
        "",
    ]
    return "\n".join(lines)


_COPIES = {
    "SQLite": (
        "one SQLite database (`medclusters.sqlite`, with keys and foreign keys; amounts "
        "`NUMERIC` beside `<field>_text`, their exact text)"
    ),
    "Parquet": ("Parquet files (`parquet/<resource>.parquet`; amounts `decimal128`, exact)"),
}
