"""Browse the dataset in Datasette: ``medclusters serve`` (extra ``[serve]``).

The tables are written to a new SQLite database in a temporary folder of their own (the
same :meth:`Dataset.to_sqlite` that the release zips carry, with their primary and foreign
keys), with full-text indexes on names and statements added; the folder is removed when the
server stops (by a watchdog process where the server is killed), and no file of the user's is
ever written. A failed request is one line in the log. Datasette's metadata is generated
from ``datapackage.json``: title, description, licence and sources of the package, each
table's title and description, each column's description (with its unit where the field
name states one), facets on the columns that group rows (country, kind, role, scheme,
level ...), and a canned query ``cluster`` that lists every fact of one cluster with the
source that states it. A small plugin links each cluster's name to that page.

Datasette and uvicorn are imported only here, and only when a server or an app is made::

    pip install 'medclusters[serve]'
    medclusters serve              # http://127.0.0.1:8001/
"""

from __future__ import annotations

import contextlib
import csv
import io
import ipaddress
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import urllib.parse
from collections.abc import Callable, Iterator
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from medclusters.errors import install_hint
from medclusters.io.readers import descriptor_list, descriptor_or_bundled
from medclusters.publish.serve_names import CLUSTER_QUERY, DATABASE
from medclusters.records import KEYS, PERSONAL
from medclusters.utils.sql import literal, quoted

if TYPE_CHECKING:
    from medclusters.dataset import Dataset

__all__ = ["DATABASE", "build_database", "cluster_facts_sql", "make_app", "metadata", "serve"]

#: Columns indexed for full-text search, by table: names, descriptions and statements.
FULL_TEXT: dict[str, tuple[str, ...]] = {
    "clusters": ("name", "local_name", "acronym", "description"),
    "cluster_names": ("name",),
    "organisations": ("name", "local_name", "acronym", "description"),
    "organisation_names": ("name",),
    "programmes": ("name", "local_name", "acronym", "description"),
    "events": ("name", "local_name", "acronym", "description"),
    "statements": ("text",),
}
#: Columns that group rows, in the order they are offered as facets (three at most a table).
FACETS = ("country", "kind", "role", "scheme", "level", "scope", "measure", "name_type",
          "item", "instrument", "language")  # fmt: skip
#: Units that a field's name states (Datasette's own ``units`` are physical units for pint,
#: which knows no euro, so units are written into the column's description).
UNITS = {"_eur": "euro", "_percent": "percent", "_months": "months"}


def _needs_datasette() -> None:
    try:
        import datasette  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError as error:
        raise ImportError(f"serve needs Datasette: {install_hint('serve')}") from error


# -- the database ------------------------------------------------------------------------------


def build_database(dataset: Dataset, folder: str | Path, *, public: bool = False) -> Path:
    """Write ``medclusters.sqlite`` into ``folder`` (which must not hold one): every table of
    ``dataset`` with its keys, full-text indexes (FTS5, Datasette's ``<table>_fts``
    convention) on :data:`FULL_TEXT`; with ``public``, without the personal data of
    :data:`~medclusters.records.PERSONAL`."""
    path = Path(folder) / f"{DATABASE}.sqlite"
    dataset.to_sqlite(path)
    connection = sqlite3.connect(path)
    try:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        if public:
            for table in sorted(PERSONAL & tables):
                connection.execute(f"DROP TABLE {quoted(table)}")
        for table, columns in FULL_TEXT.items():
            if table not in tables:
                continue
            fts, names = quoted(f"{table}_fts"), ", ".join(map(quoted, columns))
            connection.execute(
                f"CREATE VIRTUAL TABLE {fts} USING FTS5({names}, "
                f"content={quoted(table)}, tokenize='unicode61 remove_diacritics 2')"
            )
            connection.execute(  # names quoted; nothing of a cell's value is in the SQL
                f"INSERT INTO {fts} (rowid, {names}) SELECT rowid, {names} FROM {quoted(table)}"  # noqa: S608
            )
        # the cluster page filters every table by its cluster and looks up each fact's
        # citations: indexed, its cost grows with the cluster's facts, not the tables' rows
        for table in sorted(name for name in tables if not (public and name in PERSONAL)):
            info = connection.execute(f"PRAGMA table_info({quoted(table)})")
            present = {row[1] for row in info}
            for column in ("cluster_id", "related_cluster_id", "partner_cluster_id"):
                if column in present:
                    index = quoted(f"{table}_{column}")
                    connection.execute(
                        f"CREATE INDEX IF NOT EXISTS {index} ON {quoted(table)} ({quoted(column)})"
                    )
        if "citations" in tables:
            connection.execute(
                'CREATE INDEX IF NOT EXISTS "citations_subject" ON "citations" '
                '("resource", "subject_id")'
            )
        connection.commit()
        connection.execute("VACUUM")
    finally:
        connection.close()
    return path


def _resources(dataset: Dataset, public: bool) -> list[dict[str, Any]]:
    resources: list[dict[str, Any]] = descriptor_or_bundled(dataset.descriptor)["resources"]
    return [r for r in resources if not (public and r["name"] in PERSONAL)]


def cluster_facts_sql(dataset: Dataset, *, public: bool = False) -> str:
    """The canned query of the facts page: for the cluster ``:id``, one row per fact (each
    non-empty field of its row in ``clusters`` and of every row that names it in
    ``cluster_id``), with the resource, the row's key (as ``claims`` and ``citations`` write
    it), the field, the value (a referenced cluster, organisation, programme or event with its
    name), the source's title, publisher and URL, and the further sources ``citations`` give
    for the row or the field."""
    resources = _resources(dataset, public)
    named = {r["name"] for r in resources
             if any(f["name"] == "name" for f in r["schema"]["fields"])}  # fmt: skip
    parts = []
    for number, resource in enumerate(resources):
        name = resource["name"]
        fields = [field["name"] for field in resource["schema"]["fields"]]
        selector = "id" if name == "clusters" else "cluster_id"
        if selector not in fields or "source_id" not in fields:
            continue
        primary = KEYS[name].primary if name in KEYS else (selector,)
        record = " || '|' || ".join(f"t.{quoted(key)}" for key in primary)
        references = {fields_[0]: table for fields_, table, target in KEYS[name].foreign
                      if len(fields_) == 1 and target == ("id",) and table in named
                      and table != "clusters"}  # fmt: skip
        if name != "clusters":
            references.update({f: "clusters" for f in fields
                               if f.endswith("cluster_id") and f != "cluster_id"})  # fmt: skip
        for place, field in enumerate(fields):
            if field in {"id", selector, "source_id"}:
                continue
            value = f"CAST(t.{quoted(field)} AS TEXT)"
            if field in references:
                value = (  # names quoted, literals escaped: no cell's value is in the SQL
                    f"coalesce((SELECT r.name FROM {quoted(references[field])} r WHERE r.id = "  # noqa: S608
                    f"t.{quoted(field)}) || ' (' || t.{quoted(field)} || ')', {value})"
                )
            parts.append(  # names quoted, literals escaped: no cell's value is in the SQL
                f"SELECT {number} AS n, t.rowid AS r, {place} AS p, {literal(name)} AS resource, "  # noqa: S608
                f"{record} AS record, {literal(field)} AS field, {value} AS value, t.source_id "
                f"FROM {quoted(name)} t WHERE t.{quoted(selector)} = :id "
                f"AND t.{quoted(field)} IS NOT NULL AND t.{quoted(field)} != ''"
            )
    citations = any(r["name"] == "citations" for r in resources)
    also = (
        "(SELECT group_concat(c.source_id, ', ') FROM citations c WHERE c.resource = f.resource"
        " AND c.subject_id = f.record AND (c.field IS NULL OR c.field = '' OR c.field = f.field))"
        if citations
        else "NULL"
    )
    union = "\n  UNION ALL ".join(parts)
    return (
        f"WITH facts AS (\n  {union}\n)\n"
        "SELECT f.resource, f.record, f.field, f.value, s.title AS source, s.publisher,"
        f" s.url AS source_url, f.source_id, {also} AS also_cited\n"
        "FROM facts f LEFT JOIN sources s ON s.id = f.source_id\nORDER BY f.n, f.r, f.p"
    )


# -- the metadata ------------------------------------------------------------------------------


def _unit(field: str) -> str | None:
    return next((unit for suffix, unit in UNITS.items() if field.endswith(suffix)), None)


def metadata(dataset: Dataset, *, public: bool = False, sql: bool = False) -> dict[str, Any]:
    """Datasette's metadata for ``dataset``, from its ``datapackage.json``."""
    descriptor = descriptor_or_bundled(dataset.descriptor)
    licence: dict[str, Any] = next(iter(descriptor_list(descriptor, "licenses")), {})
    sources = descriptor_list(descriptor, "sources")
    resources = _resources(dataset, public)
    files = {r.get("path"): r["name"] for r in resources}  # a table's file: its table

    def item(source: dict[str, Any]) -> str:
        path, title = source.get("path"), source.get("title", "") or source.get("path", "")
        if _web(path):
            return f'<li><a href="{escape(_web(path))}">{escape(title)}</a></li>'
        if isinstance(path, str) and path in files:  # "data/sources.csv": its table here
            href = f"/{DATABASE}/{urllib.parse.quote(files[path])}"
            return f'<li><a href="{escape(href)}">{escape(title)}</a></li>'
        return f"<li>{escape(title)}</li>"

    items = "".join(item(s) for s in sources)
    description = escape(str(descriptor.get("description", "")))
    edition = " Public edition: without personal data (contacts)." if public else ""
    html = (
        f"<p>{description}{edition}</p>"
        f"<p>Dataset version {escape(str(dataset.version))}. Every row names its source "
        f'(<code>source_id</code>, the <a href="/{DATABASE}/sources">sources</a> table); '
        f'each cluster\'s facts with their sources: <a href="/{DATABASE}/{CLUSTER_QUERY}">'
        "the cluster page</a>.</p>"
        + (f"<details><summary>Sources of the package</summary>"
           f"<ul>{items}</ul></details>" if sources else "")
    )  # fmt: skip
    tables: dict[str, Any] = {}
    for resource in resources:
        fields = resource["schema"]["fields"]
        columns = {}
        for field in fields:
            text = str(field.get("description", "")).strip()
            unit = _unit(field["name"])
            if unit:
                text = f"{text} Unit: {unit}.".strip()
            columns[field["name"]] = text
        names = [field["name"] for field in fields]
        table: dict[str, Any] = {
            "title": resource.get("title", resource["name"]),
            "description": resource.get("description", ""),
            "columns": columns,
            "facets": [column for column in FACETS if column in names][:3],
        }
        if resource["name"] in FULL_TEXT:
            table["fts_table"] = f"{resource['name']}_fts"
            table["fts_pk"] = "rowid"
        tables[resource["name"]] = table
    return {
        "title": descriptor.get("title", dataset.name),
        "description_html": html,
        "license": licence.get("title") or licence.get("name", ""),
        "license_url": _web(licence.get("path")),
        "source": f"{descriptor.get('name', dataset.name)} data package {dataset.version}",
        "source_url": _web(descriptor.get("homepage")),
        # no SQL of a visitor's own unless asked (``sql``): the tables, their filters and
        # facets, full-text search and the cluster page's canned query remain
        **({} if sql else {"allow_sql": False}),
        "databases": {
            DATABASE: {
                "tables": tables,
                "queries": {
                    CLUSTER_QUERY: {
                        "title": "A cluster's facts and their sources",
                        "description": "Every fact the dataset holds of one cluster (give its "
                        "id, such as lhtc), field by field, with the source that states it and "
                        "any further source cited for it.",
                        "sql": cluster_facts_sql(dataset, public=public),
                        "hide_sql": True,
                    }
                },
            }
        },
    }


def _web(url: object) -> str:
    """``url`` where it is an http(s) or mailto address (any case), else ``""``: a package's
    homepage, licence or source path of ``javascript:...`` never becomes a link."""
    text = str(url or "").strip()
    return text if re.match(r"(?i)(https?://|mailto:)\S+$", text) else ""


# -- the app and the server --------------------------------------------------------------------


#: What a spreadsheet reads as the start of a formula (OWASP's list for CSV injection).
_FORMULA = ("=", "+", "-", "@", "\t", "\r")
#: The most a CSV download may grow to while it is made inert (the bundled data's largest
#: table is some 100 KB; a bigger answer is refused rather than held).
MAX_CSV_BYTES = 64 * 1024 * 1024


def neutralise_csv(data: bytes) -> bytes:
    r"""A CSV download whose cells cannot run as spreadsheet formulas: a cell that begins with
    ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading ``'``, which
    spreadsheets show and do not run. The header row is left as it is.

    >>> neutralise_csv(b'name,note\r\n=HYPERLINK("x"),-3\r\nLublin,@SUM(A1)\r\n')
    b'name,note\r\n"\'=HYPERLINK(""x"")",\'-3\r\nLublin,\'@SUM(A1)\r\n'
    """
    text = data.decode("utf-8", "replace")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for number, row in enumerate(rows):
        if number:
            row = [f"'{cell}" if cell.startswith(_FORMULA) else cell for cell in row]
        writer.writerow(row)
    return out.getvalue().encode("utf-8")


def _inert_csv(send: Any) -> Any:
    """``send`` for a CSV download: the body is gathered (up to :data:`MAX_CSV_BYTES`), made
    inert by :func:`neutralise_csv` and sent with its new length."""
    start: dict[str, Any] = {}
    body = bytearray()

    async def sending(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            start.update(message)
            return
        if message["type"] != "http.response.body":
            await send(message)
            return
        body.extend(message.get("body", b""))
        if len(body) > MAX_CSV_BYTES:
            raise ValueError(f"a CSV download over {MAX_CSV_BYTES:,} bytes is refused")
        if message.get("more_body"):
            return
        data = neutralise_csv(bytes(body)) if start.get("status") == 200 else bytes(body)
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
        headers.append((b"content-length", str(len(data)).encode()))
        await send({**start, "headers": headers})
        await send({"type": "http.response.body", "body": data})

    return sending


def _host_guard(app: Any, host: str) -> Any:
    """The ASGI app behind a check of the ``Host`` header: an IP address, ``localhost`` or the
    name the server was asked to listen on, else 421 Misdirected Request. A web page the user
    visits cannot read the server through a domain name it rebinds to 127.0.0.1."""
    allowed = {host.strip("[]").lower(), "localhost"}

    def accepted(value: bytes) -> bool:
        name = value.decode("latin-1").strip().lower()
        name = name[1 : name.find("]")] if name.startswith("[") else name.rsplit(":", 1)[0]
        if name in allowed:
            return True
        try:
            ipaddress.ip_address(name)
        except ValueError:
            return False
        return True

    async def guarded(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope.get("type") == "http":
            headers = dict(scope.get("headers") or [])
            if str(scope.get("path", "")).endswith(".csv"):
                send = _inert_csv(send)
            if not accepted(headers.get(b"host", b"")):
                body = b"Misdirected request: unknown Host\n"
                await send({"type": "http.response.start", "status": 421, "headers": [
                    (b"content-type", b"text/plain; charset=utf-8"),
                    (b"content-length", str(len(body)).encode()),
                ]})  # fmt: skip
                await send({"type": "http.response.body", "body": body})
                return
        await app(scope, receive, send)

    return guarded


def _one_facet_each(app: Any, facets: dict[str, list[str]]) -> Any:
    """The ASGI app behind a filter of its query strings: a ``_facet`` a table already shows
    (from the metadata, or asked twice) is dropped, so no column is faceted twice
    (Datasette showed ``country`` and ``country_2``)."""
    from urllib.parse import parse_qsl, urlencode

    async def filtered(scope: dict[str, Any], receive: Any, send: Any) -> None:
        query = scope.get("query_string") or b""
        if scope.get("type") == "http" and b"_facet" in query:
            parts = str(scope.get("path", "")).strip("/").split("/")
            table = parts[1].rsplit(".", 1)[0] if len(parts) == 2 and parts[0] == DATABASE else ""
            shown = set(facets.get(table, ()))
            pairs = []
            for key, value in parse_qsl(query.decode("latin-1"), keep_blank_values=True):
                if key == "_facet":
                    if value in shown:
                        continue
                    shown.add(value)
                pairs.append((key, value))
            scope = {**scope, "query_string": urlencode(pairs).encode("latin-1")}
        await app(scope, receive, send)

    return filtered


def make_app(dataset: Dataset, database: Path, *, public: bool = False, sql: bool = False) -> Any:
    """A ``datasette.app.Datasette`` over ``database`` (made by :func:`build_database`), its
    metadata from ``dataset``, the database opened read-only and immutable."""
    _needs_datasette()
    from datasette.app import Datasette
    from datasette.plugins import pm

    from medclusters.publish import datasette_plugin

    if not pm.is_registered(datasette_plugin):
        pm.register(datasette_plugin, name="medclusters")
    # its error pages come from the plugin, which logs one line where this one printed pages
    # of traceback with local variables
    if pm.has_plugin("datasette.handle_exception"):
        pm.unregister(name="datasette.handle_exception")
    app = Datasette(
        immutables=[str(database)],
        metadata=metadata(dataset, public=public, sql=sql),
        template_dir=str(datasette_plugin.TEMPLATES),
        settings={"default_page_size": 50, "sql_time_limit_ms": 3000},
    )
    # the home page's directory, the dataset's search and the cluster page's suggestions
    # come from the very records the database was built from
    setattr(app, datasette_plugin.DATASET, dataset)
    return app


#: The watchdog of a database folder: waits until the server's end of the pipe closes
#: (however the server ends, SIGKILL included), then removes the folder.
_WATCHDOG = "import shutil, sys; sys.stdin.buffer.read(); shutil.rmtree(sys.argv[1], True)"


@contextlib.contextmanager
def database_folder() -> Iterator[Path]:
    """A new temporary folder for the database, removed on leaving, and by a watchdog
    process if this one dies without leaving (killed, or crashed in the engine)."""
    folder = Path(tempfile.mkdtemp(prefix="medclusters-serve-"))
    watchdog = None
    with contextlib.suppress(OSError):  # without one, the folder still goes on leaving
        watchdog = subprocess.Popen(  # noqa: S603  # this interpreter, a fixed program
            [sys.executable, "-I", "-S", "-c", _WATCHDOG, str(folder)],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,  # Ctrl-C in the terminal reaches the server, not it
        )  # fmt: skip
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        if watchdog is not None and watchdog.stdin is not None:
            watchdog.stdin.close()
            with contextlib.suppress(subprocess.TimeoutExpired):
                watchdog.wait(5)


def _listen(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port`` (port 0: a free one), or OSError naming both."""
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
    except (OSError, OverflowError) as error:
        raise OSError(f"cannot listen on {host}:{port}: {error}") from None
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
    except (OSError, OverflowError) as error:
        sock.close()
        reason = error.strerror if isinstance(error, OSError) and error.strerror else error
        raise OSError(f"cannot listen on {host}:{port}: {reason}") from None
    return sock


def serve(
    source: str | Path | None = None,
    *,
    host: str = "127.0.0.1",
    port: int = 8001,
    public: bool = False,
    sql: bool = False,
    ready: Callable[[str, Path], None] | None = None,
) -> None:
    """Load ``source`` (the bundled package by default), build its database in a temporary
    folder and serve it with Datasette on ``host:port`` (port 0: a free one) until
    interrupted; then remove the folder. ``ready(url, database)`` is called once listening."""
    _needs_datasette()
    import uvicorn

    from medclusters.package import load

    dataset = load(source)
    with database_folder() as folder:
        database = build_database(dataset, folder, public=public)
        app = make_app(dataset, database, public=public, sql=sql)
        sock = _listen(host, port)
        shown = f"[{host}]" if ":" in host else host
        url = f"http://{shown}:{sock.getsockname()[1]}/"
        tables = app.metadata("tables", database=DATABASE) or {}
        facets = {name: table.get("facets", []) for name, table in tables.items()}
        guarded = _host_guard(_one_facet_each(app.app(), facets), host)
        config = uvicorn.Config(guarded, log_level="warning", lifespan="on")
        server = uvicorn.Server(config)
        # uvicorn stops gracefully on SIGINT and SIGTERM, then raises the signal again: as
        # KeyboardInterrupt both end here, and the folder is removed on the way out. The
        # handler is in place before the address is announced: a SIGTERM sent as soon as it
        # is (before uvicorn's own handlers) killed the process, leaving the folder.
        previous = _on_terminate(_interrupt)
        try:
            if ready is not None:
                ready(url, database)
            server.run(sockets=[sock])
        except KeyboardInterrupt:
            pass
        finally:
            sock.close()
            _on_terminate(previous)


def _interrupt(signum: int, frame: object) -> None:  # noqa: ARG001  # a signal handler
    raise KeyboardInterrupt


def _on_terminate(handler: Any) -> Any:
    """Install ``handler`` for SIGTERM (in the main thread only); return the one before."""
    if threading.current_thread() is not threading.main_thread() or handler is None:
        return None
    return signal.signal(signal.SIGTERM, handler)
