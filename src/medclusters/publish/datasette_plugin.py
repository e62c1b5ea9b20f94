"""Datasette hooks of ``medclusters serve`` (registered by :func:`medclusters.serve.make_app`;
imported only there, with Datasette installed).

A cluster's name, in the ``clusters`` table and on a cluster's row page, links to the page of
its facts and their sources (the canned query ``cluster``); there, each source's address is a
link that shows only its host, so the table stays readable.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from datasette import hookimpl
from markupsafe import Markup, escape

from medclusters.publish.serve_names import CLUSTER_QUERY, DATABASE


@hookimpl  # type: ignore[untyped-decorator]
def render_cell(row: Any, value: Any, column: str, table: str | None, database: str) -> Any:
    """The name of a cluster as a link to its facts page, a source's address on that page as a
    link named by its host; other cells as Datasette shows them."""
    if database != DATABASE or not value:
        return None
    if table is None and column == "source_url" and isinstance(value, str):
        host = urlsplit(value).hostname
        if host and value.startswith(("http://", "https://")):
            return Markup(f'<a href="{escape(value)}">{escape(host)}</a>')  # noqa: S704  # escaped
        return None
    if table != "clusters" or column != "name":
        return None
    try:
        cluster_id = row["id"]
    except (KeyError, IndexError, TypeError):
        return None
    href = f"/{DATABASE}/{CLUSTER_QUERY}?id={quote(str(cluster_id), safe='')}"
    return Markup(f'<a class="cluster-facts" href="{href}">{escape(value)}</a>')  # noqa: S704  # escaped


#: The longest text or blob an SQL value may grow to (SQLite's own limit is a gigabyte):
#: ``randomblob(900000000)`` and its kind are refused instead of growing the server.
MAX_LENGTH = 10_000_000


def _refuse(*_arguments: object) -> None:
    """In place of fts3_tokenizer: nothing is set, nothing is told (NULL)."""


@hookimpl  # type: ignore[untyped-decorator]
def prepare_connection(conn: Any, database: str, datasette: Any) -> None:  # noqa: ARG001
    """Every connection Datasette opens: values capped at :data:`MAX_LENGTH`, and the FTS3
    tokenizer function, whose two-argument form swaps a pointer the engine then calls (a
    crash from two requests) and whose one-argument form leaks a code address, replaced by
    one that refuses."""
    import sqlite3

    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_LENGTH)
    for arguments in (1, 2):
        conn.create_function("fts3_tokenizer", arguments, _refuse)


#: The longest log line of a failed request (its address and message are the visitor's).
LOG_WIDTH = 300


def log_line(status: int, method: str, path: str, message: str) -> str:
    """One line for the server's log: characters that are not printable (a ``%0A`` in an
    address is a new line once decoded; an escape code recolours a terminal) shown as
    escapes, and the line cut at :data:`LOG_WIDTH`."""
    text = f"medclusters serve: {status} {method} {path}: {message}"
    text = "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)
    return text if len(text) <= LOG_WIDTH else text[: LOG_WIDTH - 3] + "..."


@hookimpl  # type: ignore[untyped-decorator]
def handle_exception(datasette: Any, request: Any, exception: BaseException) -> Any:
    """Datasette's error page, with one log line per failed request in place of its
    traceback with every local variable (~150 lines for a mistyped address, ~2,000 for a
    query that runs out of time; a reader that stops reading the pipe froze the server).
    Registered in place of Datasette's own handler, whose answers it gives."""
    import sys

    from datasette import Response
    from datasette.utils.asgi import Base400
    from datasette.views.base import DatasetteError

    async def answer() -> Any:
        title = None
        if isinstance(exception, Base400):
            status, info, message = exception.status, {}, str(exception.args[0])
        elif isinstance(exception, DatasetteError):
            status, info, message = exception.status, dict(exception.error_dict), exception.message
            title = exception.title
        else:
            status, info, message = 500, {}, f"{type(exception).__name__}: {exception}"
        line = log_line(status, request.method, request.path, str(message))
        print(line, file=sys.stderr, flush=True)  # noqa: T201  # the server's log
        if isinstance(exception, DatasetteError) and exception.message_is_html:
            message = Markup(message)  # noqa: S704  # Datasette's own markup
        info.update({"ok": False, "error": message, "status": status, "title": title})
        if request.path.split("?")[0].endswith(".json"):
            return Response.json(info, status=status)
        template = datasette.jinja_env.select_template([f"{status}.html", "error.html"])
        page = await template.render_async(
            dict(info, urls=datasette.urls, app_css_hash=datasette.app_css_hash(),
                 menu_links=list)
        )  # fmt: skip
        return Response.html(page, status=status)

    return answer


# -- the home page's directory, the dataset's search, a cluster page that is not there ---------

#: The attribute of the Datasette app that holds the Dataset it serves (set by make_app).
#: The folder of the templates the served pages use (beside this module).
TEMPLATES = Path(__file__).with_name("templates")

DATASET = "medclusters_dataset"
#: The search page of the whole dataset, the same search as ``Dataset.search``.
SEARCH_PATH = "/-/search"
#: The most hits a search page lists.
SEARCH_LIMIT = 50
_LEVELS = ("bronze", "silver", "gold")


def _dataset(datasette: Any) -> Any:
    return getattr(datasette, DATASET, None)


def _record_url(datasette: Any, kind: str, record_id: str) -> str:
    from datasette.utils import tilde_encode

    if kind == "cluster":
        return f"/{DATABASE}/{CLUSTER_QUERY}?id={quote(record_id, safe='')}"
    return str(datasette.urls.row(DATABASE, f"{kind}s", tilde_encode(record_id)))


def directory(ds: Any) -> list[dict[str, Any]]:
    """One row a cluster for the home page: name, country, city, founded, members, its best
    label level, its status where a source states one; by country, then name."""
    rows = []
    for cluster in ds.clusters:
        levels = {str(label.level) for label in ds.labels_of(cluster) if label.level}
        status = ds.status_of(cluster)
        rows.append({
            "id": cluster.id,
            "name": cluster.name,
            "country": cluster.country,
            "city": cluster.city or "",
            "founded": str(cluster.established or ""),
            "members": "" if cluster.members_total is None else cluster.members_total,
            "label": max(levels, key=_LEVELS.index, default="") if levels else "",
            "status": status.status.value if status is not None else "",
        })  # fmt: skip
    return sorted(rows, key=lambda row: (row["country"], row["name"].casefold()))


@hookimpl  # type: ignore[untyped-decorator]
def extra_template_vars(template: str, request: Any, datasette: Any) -> Any:
    """The home page's directory of clusters and its tables in the package's order, with
    their titles and row counts; on a cluster page whose id answers to no cluster, what the
    library suggests."""
    ds = _dataset(datasette)
    if ds is None or request is None:
        return {}
    if template == "index.html":
        titles = datasette.metadata("tables", database=DATABASE) or {}
        tables = [
            {"name": name, "title": (titles.get(name) or {}).get("title", name),
             "rows": len(getattr(ds, name))}
            for name in titles
        ]  # fmt: skip
        return {"cluster_directory": directory(ds), "package_tables": tables,
                "database_name": DATABASE, "cluster_query": CLUSTER_QUERY}  # fmt: skip
    if template.startswith(f"query-{DATABASE}-{CLUSTER_QUERY}"):
        wanted = request.args.get("id")
        if wanted and not any(cluster.id == wanted for cluster in ds.clusters):
            return _missing(ds, wanted, datasette)
    return {}


def _missing(ds: Any, wanted: str, datasette: Any) -> dict[str, Any]:
    """What a cluster page says when ``wanted`` is no cluster's id: the cluster it names (a
    name, acronym or former name), else the library's close names."""
    from medclusters.errors import NotFoundError

    try:
        found = [ds.cluster(wanted).id]
        reason = "It is a name of this cluster:"
    except NotFoundError as error:
        # the finder writes each suggestion as "Name (id)"
        found = [text.rsplit(" (", 1)[-1].rstrip(")") for text in error.suggestions]
        reason = "Nor does any cluster answer to it as a name" + (
            "; close names:" if found else "."
        )
    suggested = [
        (ds.cluster(i).name, _record_url(datasette, "cluster", i))
        for i in found
        if ds.get_cluster(i) is not None
    ]
    return {"missing_cluster": wanted, "missing_reason": reason, "suggested_clusters": suggested}


@hookimpl  # type: ignore[untyped-decorator]
def register_routes() -> list[tuple[str, Any]]:
    return [(rf"^{SEARCH_PATH}$", search_page)]


async def search_page(datasette: Any, request: Any) -> Any:
    """``/-/search?q=``: :meth:`Dataset.search` over clusters, organisations and programmes,
    its hits in its order, each linking to its page (``.json`` gives the same hits)."""
    from datasette import Response

    ds = _dataset(datasette)
    text = (request.args.get("q") or "").strip()[:200]
    hits = ds.search(text, SEARCH_LIMIT) if ds is not None and text else ()
    found = [
        {"kind": hit.kind, "id": hit.record.id, "name": hit.record.name, "field": hit.field,
         "score": round(hit.score, 3), "url": _record_url(datasette, hit.kind, hit.record.id)}
        for hit in hits
    ]  # fmt: skip
    if request.args.get("_format") == "json":
        return Response.json({"q": text, "hits": found})
    page = await datasette.render_template(
        "medclusters-search.html", {"q": text, "hits": found}, request=request
    )
    return Response.html(page)
