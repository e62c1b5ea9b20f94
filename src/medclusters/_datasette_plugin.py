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
