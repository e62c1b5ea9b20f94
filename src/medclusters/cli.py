"""The medclusters command line: look up, validate, compare, export and publish the dataset.

Exit codes: 0 success; 1 the package has problems or cannot be read; 2 the command line is
wrong; 3 a cluster or country named on the command line was not found; 4 an output file
cannot be written (it exists, is a folder or is not writable) or an optional extra is
missing. Every error is one line on standard error that starts with "error:"; text from a
package is printed with control and bidirectional characters escaped.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import attrs

from medclusters import __version__
from medclusters.dataset import Dataset
from medclusters.errors import NotFoundError, PackageError
from medclusters.package import load

__all__ = ["main"]


# -- output that a hostile package cannot turn into terminal commands ----------------------------


#: What a package's text may not send to a terminal raw: control, format (bidirectional),
#: line and paragraph separator, surrogate and private-use characters.
_HIDDEN = frozenset(("Cc", "Cf", "Zl", "Zp", "Cs", "Co"))


def _safe(text: str, keep: str = "\n\t") -> str:
    """``text`` with hidden characters (but those in ``keep``) written as JSON escapes
    (``\\u001b``; a pair of surrogates past U+FFFF), so a package cannot move the cursor,
    ring the bell or reverse what the terminal shows, and JSON readers decode them back."""
    visible = text
    for char in keep:
        visible = visible.replace(char, "")
    if visible.isprintable():
        return text
    return "".join(
        json.dumps(char)[1:-1]
        if char not in keep and unicodedata.category(char) in _HIDDEN
        else char
        for char in text
    )


def _say(text: object = "") -> None:
    print(_safe(str(text)))


def _print_json(value: object) -> None:
    """JSON on standard output; what JSON leaves raw (DEL and C1 controls, bidirectional
    marks and other format characters) is escaped too. The only raw control left is the
    indentation's line feed."""
    print(_safe(json.dumps(value, ensure_ascii=False, indent=2), keep="\n"))


def _plural(count: int, noun: str, plural: str | None = None) -> str:
    """``1 partner``, ``2 partners``."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


# -- commands ----------------------------------------------------------------------------------


def _counts(dataset: Dataset) -> dict[str, dict[str, int]]:
    """Cluster id -> its counts, through the lookups (given records: no search of names), so
    they agree with show and partners; markets (each country once) and topics in one pass."""
    pairs = dict.fromkeys((market.cluster_id, market.country) for market in dataset.markets)
    markets, topics = Counter(c for c, _ in pairs), Counter(t.cluster_id for t in dataset.topics)
    return {
        cluster.id: {
            "organisations": len(dataset.members_of(cluster)),
            "programmes": len(dataset.programmes_of(cluster)),
            "labels": len(dataset.labels_of(cluster)),
            "partners": len(dataset.partners_of(cluster)),
            "markets": markets[cluster.id],
            "topics": topics[cluster.id],
        }
        for cluster in dataset.clusters
    }


def _summary(dataset: Dataset) -> list[dict[str, object]]:
    counts = _counts(dataset)
    return [
        {
            "id": cluster.id,
            "name": cluster.name,
            "local_name": cluster.local_name,
            "acronym": cluster.acronym,
            "country": cluster.country,
            "established": None if cluster.established is None else str(cluster.established),
            "members_total": cluster.members_total,
            **counts[cluster.id],
        }
        for cluster in dataset.clusters
    ]


def _info(args: argparse.Namespace) -> int:
    dataset = load(args.source)
    if args.json:
        _print_json(
            {"name": dataset.name, "version": dataset.version, "clusters": _summary(dataset)}
        )
        return 0
    _say(
        f"{dataset.name} {dataset.version}: {_plural(len(dataset.clusters), 'cluster')}, "
        f"{_plural(len(dataset.organisations), 'organisation')}, "
        f"{_plural(len(dataset.programmes), 'programme')}, "
        f"{_plural(len(dataset.sources), 'source')}"
    )
    tallies = _counts(dataset)
    for cluster in dataset.clusters:
        counts = tallies[cluster.id]
        members = "?" if cluster.members_total is None else cluster.members_total
        _say(f"\n{cluster.name} [{cluster.country}]")
        if cluster.local_name:
            _say(f"  {cluster.local_name}")
        _say(f"  established {cluster.established or '?'}; members {members}")
        _say(
            f"  {_plural(counts['organisations'], 'named organisation')}, "
            f"{_plural(counts['partners'], 'partner')}, "
            f"{_plural(counts['programmes'], 'programme')}, "
            f"{_plural(counts['labels'], 'label or award', 'labels and awards')}"
        )
        countries = _plural(counts["markets"], "target market country", "target market countries")
        _say(f"  {countries}, {_plural(counts['topics'], 'topic')}")
    return 0


def _validate(args: argparse.Namespace) -> int:
    from medclusters.validation import validate

    report = validate(args.source)
    if args.json:
        _print_json(
            {
                "source": report.source,
                "valid": report.valid,
                "problems": [attrs.asdict(p) for p in report.problems],
            }
        )
    else:
        _say(report)
    return 0 if report.valid else 1


def _clusters(args: argparse.Namespace) -> int:
    dataset = load(args.source)
    if args.json:
        _print_json(_summary(dataset))
        return 0
    width = max(len(c.id) for c in dataset.clusters) if dataset.clusters else 0
    for cluster in dataset.clusters:
        members = "?" if cluster.members_total is None else cluster.members_total
        _say(f"{cluster.id:<{width}}  {cluster.country}  {members:>4}  {cluster.name}")
    return 0


def _record(record: Any) -> dict[str, Any]:
    from medclusters.export import plain

    return {a.name: plain(getattr(record, a.name)) for a in attrs.fields(type(record))}


#: How a bounded figure is shown: "more than 80" as ">80".
_BOUND = {"exact": "", "more_than": ">", "at_least": ">=", "about": "~", "up_to": "<="}


def _show(args: argparse.Namespace) -> int:
    dataset = load(args.source)
    cluster = dataset.cluster(args.cluster)
    details: dict[str, Any] = {
        "cluster": _record(cluster),
        "names": [_record(n) for n in dataset.names_of(cluster)],
        "statuses": [_record(s) for s in dataset.statuses_of(cluster)],
        "relationships": [_record(r) for r in dataset.relationships_of(cluster)],
        "identifiers": [_record(i) for i in dataset.identifiers_of(cluster)],
        "members": [
            {"role": m.role.value, **_record(dataset.organisation(m.organisation_id))}
            for m in dataset.memberships_of(cluster)
        ],
        "partners": [_record(p) for p in dataset.partners_of(cluster)],
        "programmes": [_record(p) for p in dataset.programmes_of(cluster, with_parents=True)],
        "labels": [_record(label) for label in dataset.labels_of(cluster)],
        "markets": [_record(m) for m in dataset.markets if m.cluster_id == cluster.id],
        "observations": [_record(o) for o in dataset.observations_of(cluster)],
        "events": [_record(e) for e in dataset.events_of(cluster)],
        "claims": [_record(c) for c in dataset.claims_about(cluster)],
        "sources": [
            {"field": a.field, "note": a.note, **_record(a.source)}
            for a in dataset.sources_of(cluster)
        ],
    }
    if args.json:
        _print_json(details)
        return 0
    _say(f"{cluster.name} ({cluster.id}), {cluster.country}")
    for label, value in (
        ("local name", cluster.local_name),
        ("acronym", cluster.acronym),
        ("established", cluster.established),
        ("members", cluster.members_total),
        ("website", cluster.website),
    ):
        if value is not None:
            _say(f"  {label}: {value}")
    _lifecycle(dataset, cluster)
    roles: dict[str, list[str]] = {}
    for member in details["members"]:
        roles.setdefault(member["role"], []).append(member["name"])
    for role, names in roles.items():
        shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
        _item(f"{role.replace('_', ' ')} ({len(names)})", shown)
    for key in ("partners", "programmes", "labels"):
        if details[key]:
            _item(key, "; ".join(item["name"] for item in details[key]))
    if details["markets"]:
        _item("markets", " ".join(dict.fromkeys(m["country"] for m in details["markets"])))
    members = [o for o in dataset.observations_of(cluster) if o.measure.value == "members"]
    if members:
        _item(
            "members over time",
            "; ".join(
                f"{_BOUND[o.bound.value]}{o.value} ({o.as_of or 'undated'})" for o in members
            ),
        )
    events = dataset.events_of(cluster)
    if events:
        _item("events", "; ".join(f"{e.name} ({e.start or 'undated'})" for e in events))
    disagreements = [c for c in details["claims"] if c["kind"] == "disagreement"]
    if disagreements:
        _item(
            "sources disagree on",
            "; ".join(f"{c['field']} (also {c['value']}, {c['source_id']})" for c in disagreements),
        )
    return 0


def _span(since: object, until: object) -> str:
    """`` (2004-2019)``, `` (since 2013)``, `` (until 2019)`` or nothing."""
    if since and until:
        return f" ({since} to {until})"
    return f" (since {since})" if since else f" (until {until})" if until else ""


def _lifecycle(dataset: Dataset, cluster: Any) -> None:
    """The registry lines of ``show``: status, former names, relationships, identifiers."""
    status = dataset.status_of(cluster)
    if status is not None:
        when = status.since or status.as_of
        _say(f"  status: {status.status.value}{f' ({when})' if when else ''} [{status.source_id}]")
    former = [n for n in dataset.names_of(cluster) if n.name_type.value == "former"]
    if former:
        _item(
            "former names",
            "; ".join(f"{n.name}{_span(n.valid_from, n.valid_until)}" for n in former),
        )
    inverse = {"successor": "predecessor", "member_of": "has member", "related": "related"}
    for edge in dataset.relationships_of(cluster):
        if edge.cluster_id == cluster.id:
            label, other = edge.relation.value.replace("_", " "), edge.related_cluster_id
        else:
            label, other = inverse[edge.relation.value], edge.cluster_id
        _item(label, f"{dataset.cluster(other).name} ({other}){_span(edge.since, edge.until)}")
    identifiers = dataset.identifiers_of(cluster)
    if identifiers:
        _item("identifiers", "; ".join(f"{i.scheme} {i.value}" for i in identifiers))


def _coverage(args: argparse.Namespace) -> int:
    from medclusters._coverage import PROFILE, coverage

    report = coverage(load(args.source))
    if args.json:
        _print_json(report.to_dict())
        return 0
    leads = _plural(len(report.leads), "lead")
    _say(
        f"coverage of {report.version}: {_plural(len(report.clusters), 'cluster')} in "
        f"{_plural(sum(1 for c in report.countries if c.clusters), 'country', 'countries')}, "
        f"{leads} not yet profiled"
    )
    _say("\nprofile facts filled, share of clusters:")
    for field, rate in report.field_rates().items():
        _say(f"  {field:<18} {rate:>5.0%}")
    _say("\nper country (clusters, leads, mean fill):")
    for country in report.countries:
        fill = "-" if country.fill_rate is None else f"{country.fill_rate:.0%}"
        _say(f"  {country.country or '??'}  {country.clusters:>3}  {country.leads:>3}  {fill:>5}")
    _say(f"\nper cluster (fill of {len(PROFILE)} facts, sources, missing):")
    width = max((len(c.cluster_id) for c in report.clusters), default=0)
    for row in report.clusters:
        missing = ", ".join(row.missing) or "-"
        _say(
            f"  {row.cluster_id:<{width}}  {row.country}  {row.fill_rate:>4.0%}  "
            f"{row.sources:>3}  {missing}"
        )
    if report.leads:
        _say("\nleads (named by a page, too little to profile):")
        for lead in report.leads:
            _item(f"{lead.name} [{lead.country or '??'}]", f"{lead.why} [{lead.source_id}]")
    return 0


def _item(label: str, text: str) -> None:
    """``label: text``, wrapped to the terminal's width with a hanging indent."""
    import shutil  # for the two commands that wrap text; textwrap too
    import textwrap

    width = min(shutil.get_terminal_size((100, 24)).columns, 100)
    _say(textwrap.fill(f"{label}: {text}", width, initial_indent="  ", subsequent_indent="    "))


def _partners(args: argparse.Namespace) -> int:
    dataset = load(args.source)
    cluster = dataset.cluster(args.cluster)
    partners = dataset.partners_of(cluster)
    if args.json:
        _print_json([{**_record(p), "type": type(p).__name__.lower()} for p in partners])
        return 0
    width = max((len(p.id) for p in partners), default=0)
    for partner in partners:
        kind = "cluster" if type(partner).__name__ == "Cluster" else "organisation"
        _say(f"{partner.id:<{width}}  {partner.country or '--'}  {kind:<12}  {partner.name}")
    return 0


def _country(args: argparse.Namespace) -> int:
    from medclusters import countries

    found = []
    status = 0
    for text in args.text:
        try:
            country = countries.country(text, language=args.language)
        except NotFoundError as error:
            found.append({"text": text, "error": str(error), "suggestions": error.suggestions})
            status = 3
        else:
            found.append({"text": text, **attrs.asdict(country)})
    if args.json:
        _print_json(found)
        return status
    for item in found:
        if "error" in item:
            _say(f"{item['text']}\t?\t{item['error']}")
        else:
            _say(f"{item['text']}\t{item['alpha_2']}\t{item['name']}")
    return status


_FORMATS = ("json", "jsonld", "sqlite", "parquet")


def _export(args: argparse.Namespace) -> int:
    from medclusters.export import write_text

    dataset = load(args.source)
    if args.format in ("sqlite", "parquet") and not args.out:
        raise _UsageError(f"export {args.format} needs --out PATH")
    if args.format == "sqlite":
        _say(dataset.to_sqlite(args.out, overwrite=args.force))
        return 0
    if args.format == "parquet":
        for path in dataset.to_parquet(args.out, overwrite=args.force):
            _say(path)
        return 0
    text = (
        dataset.to_json()
        if args.format == "json"
        else json.dumps(dataset.to_jsonld(), ensure_ascii=False, indent=2) + "\n"
    )
    if args.out:
        _say(write_text(args.out, text, dataset, overwrite=args.force))
    else:
        sys.stdout.write(text)
    return 0


class _SafeOut:
    """Standard output for text written in pieces, each piece made safe as :func:`_safe`."""

    def __init__(self, keep: str) -> None:
        self.keep = keep

    def write(self, text: str) -> int:
        return sys.stdout.write(_safe(text, self.keep))


def _diff(args: argparse.Namespace) -> int:
    from medclusters import changes as compare

    # the reports are written as they are made, one resource at a time
    if args.json:
        compare.write_json(args.old, args.new, _SafeOut(keep="\n"))
        return 0
    if args.markdown:
        compare.write_markdown(args.old, args.new, _SafeOut(keep="\n\t"))
        return 0
    changes = compare.diff(args.old, args.new)
    _say(f"{changes.old_version} -> {changes.new_version}")
    _say(changes.summary())
    return 0


def _release(args: argparse.Namespace) -> int:
    from medclusters import release

    if args.stamp:
        _say("stamped" if release.stamp(args.source) else "already stamped")
        return 0
    if args.publish:
        folder = release.publish(args.publish, args.source, overwrite=args.force)
        _say(folder)
        _say(Path(args.publish) / release.INDEX)
        return 0
    for path in release.build(args.out, args.source, overwrite=args.force):
        _say(path)
    return 0


_LOOPBACK = ("127.0.0.1", "localhost", "::1")


def _serve(args: argparse.Namespace) -> int:
    from medclusters import serve

    if args.host not in _LOOPBACK and not args.public:
        print(
            f"warning: serving on {args.host}, beyond this machine, with the personal data "
            "of contacts; add --public to leave them out",
            file=sys.stderr,
        )

    def ready(url: str, database: Path) -> None:
        _say(f"Datasette at {url} (database {database}, removed on exit; Ctrl-C stops)")
        sys.stdout.flush()

    serve.serve(
        args.source, host=args.host, port=args.port, public=args.public, sql=args.sql, ready=ready
    )
    return 0


# -- the parser and the exit codes -------------------------------------------------------------


class _UsageError(Exception):
    """A command line that cannot be run as given (exit 2)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # argparse's own usage errors: one line, exit 2
        raise SystemExit(_fail(f"{message} (see {self.prog} --help)", 2))


def _fail(message: object, code: int) -> int:
    print(f"error: {_safe(str(message))}", file=sys.stderr)
    return code


def _deprecated_source(args: argparse.Namespace) -> None:
    """``info PATH`` and ``validate PATH``: the older positional form of ``--source``."""
    given = getattr(args, "source_positional", None)
    if given is None:
        return
    if args.source is not None:
        raise _UsageError("give the package once: --source PATH")
    print(
        "warning: the positional PATH is deprecated; write --source PATH",
        file=sys.stderr,
    )
    args.source = given


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="medclusters",
        description="Look up, validate, compare, export and publish the medclusters dataset.",
        epilog="exit codes: 0 success, 1 package problems, 2 usage, 3 not found, "
        "4 output not written or extra missing",
    )
    parser.add_argument("--version", action="version", version=f"medclusters {__version__}")
    source_help = "folder, datapackage.json, zip or http(s) URL (default: the bundled package)"
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-s", "--source", help=source_help)
    listing = argparse.ArgumentParser(add_help=False)
    listing.add_argument("--json", action="store_true", help="print JSON")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, handler: Callable[..., int], text: str, *parents: Any) -> Any:
        command = commands.add_parser(name, help=text, description=text, parents=list(parents))
        command.set_defaults(handler=handler)
        return command

    for name, handler, text in (
        ("info", _info, "summarise the clusters of a package"),
        ("validate", _validate, "validate a package; exit 1 on problems"),
    ):
        command = add(name, handler, text, common, listing)
        command.add_argument(
            "source_positional", nargs="?", metavar="PATH", help="deprecated: use --source"
        )
    add("clusters", _clusters, "list the clusters", common, listing)
    add("coverage", _coverage, "fill rates per cluster and country, and the leads", common, listing)
    add("show", _show, "everything known of one cluster", common, listing).add_argument(
        "cluster", help="id, name, acronym or alias"
    )
    add(
        "partners", _partners, "a cluster's partners, both directions", common, listing
    ).add_argument("cluster", help="id, name, acronym or alias")
    command = add("country", _country, "normalise country names to ISO 3166-1", listing)
    command.add_argument("text", nargs="+", help="country names or codes, in any language")
    command.add_argument("--language", help="ISO 639-1 hint for ambiguous names")
    command = add("export", _export, "write the dataset in another format", common)
    command.add_argument("format", choices=_FORMATS)
    command.add_argument("-o", "--out", help="file (folder for parquet); default: stdout")
    command.add_argument("--force", action="store_true", help="replace existing files")
    command = add("diff", _diff, "rows added, removed and changed between two packages")
    command.add_argument("old", help="the older package: folder, datapackage.json, zip or URL")
    command.add_argument("new", help="the newer package, given the same ways")
    formats = command.add_mutually_exclusive_group()
    formats.add_argument("--json", action="store_true", help="print every row as JSON, as it goes")
    formats.add_argument(
        "--markdown", action="store_true", help="print a Markdown changelog, as it goes"
    )
    command = add("release", _release, "build the release zips (full and public)", common)
    command.add_argument("-o", "--out", default="dist", help="folder for the zips (default: dist)")
    command.add_argument("--stamp", action="store_true", help="re-record sizes and hashes")
    command.add_argument(
        "--publish", metavar="ROOT",
        help="keep the release in ROOT/<version>/ (zips, unpacked files, SHA256SUMS) and "
        "rewrite ROOT/index.json",
    )  # fmt: skip
    command.add_argument("--force", action="store_true", help="replace existing zips")
    command = add("serve", _serve, "browse the dataset in Datasette (extra [serve])", common)
    command.add_argument("--host", default="127.0.0.1", help="address (default: 127.0.0.1)")
    command.add_argument("-p", "--port", type=int, default=8001, help="8001 by default; 0: any")
    command.add_argument("--public", action="store_true", help="leave out personal data")
    command.add_argument(
        "--sql", action="store_true", help="let visitors run SQL of their own (off by default)"
    )
    return parser


def _os_reason(error: OSError) -> str:
    """``cannot write PATH: reason``, from what the system said."""
    if error.errno is None:  # a refusal of ours, already a sentence
        return str(error)
    where = f" {error.filename}" if error.filename else ""
    return f"cannot write{where}: {error.strerror or error}"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code. Never shows a traceback for a user's
    mistake or a bad package: an ``error:`` line and the documented exit code."""
    try:
        args = _parser().parse_args(argv)
    except SystemExit as stop:  # --help, --version and usage errors
        return int(stop.code or 0) if not isinstance(stop.code, str) else _fail(stop.code, 2)
    try:
        _deprecated_source(args)
        return int(args.handler(args))
    except NotFoundError as error:
        return _fail(error, 3)
    except PackageError as error:
        return _fail(error, 1)
    except _UsageError as error:
        return _fail(error, 2)
    except ValueError as error:  # a filter value outside its closed set, a bad limit
        return _fail(error, 2)
    except ImportError as error:  # an optional extra is missing
        return _fail(error, 4)
    except (FileExistsError, IsADirectoryError, PermissionError) as error:
        if error.errno is not None:  # from the system, not a refusal of ours
            return _fail(_os_reason(error), 4)
        if isinstance(error, FileExistsError):
            return _fail(f"{error.filename or 'the output'} exists; add --force to replace it", 4)
        return _fail(error, 4)
    except BrokenPipeError:  # the reader of our output went away (| head): stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except OSError as error:  # a folder that cannot be created, a disk that is full
        return _fail(_os_reason(error), 4)
    except KeyboardInterrupt:
        return _fail("interrupted", 130)
