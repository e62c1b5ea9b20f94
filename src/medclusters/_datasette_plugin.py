"""Datasette hooks of ``medclusters serve`` (registered by :func:`medclusters.serve.make_app`;
imported only there, with Datasette installed).

A cluster's name, in the ``clusters`` table and on a cluster's row page, links to the page of
its facts and their sources (the canned query ``cluster``); there, each source's address is a
link that shows only its host, so the table stays readable.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlsplit

from datasette import hookimpl
from markupsafe import Markup, escape

from medclusters._serve_names import CLUSTER_QUERY, DATABASE


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
