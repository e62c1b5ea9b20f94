"""The Dataset's copies in other forms: JSON, JSON-LD, SQLite, data frames, Parquet and the
collaboration graph, each made by a module imported only when asked for."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from medclusters.graph import CollaborationGraph

from medclusters.dataset._base import Asking

__all__ = ["Exports"]


class Exports(Asking):
    """The exports, each a call into :mod:`medclusters.export` or :mod:`medclusters.graph`."""

    def to_json(self, *, indent: int | None = 2) -> str:
        """Every table as JSON: ``{"name", "version", "resources": {name: [row, ...]}}``."""
        from medclusters.export import to_json

        return to_json(self, indent=indent)

    def to_jsonld(self) -> dict[str, Any]:
        """Clusters and members as schema.org and W3C ORG JSON-LD (context inline)."""
        from medclusters.export import to_jsonld

        return to_jsonld(self)

    def to_sqlite(self, path: str | Path, *, overwrite: bool = False) -> Path:
        """Every table, with its keys and foreign keys, in a new SQLite database (an existing
        file is replaced only with ``overwrite``)."""
        from medclusters.export import to_sqlite

        return to_sqlite(self, path, overwrite=overwrite)

    def to_pandas(self) -> dict[str, Any]:
        """Resource name -> pandas DataFrame (needs pandas)."""
        from medclusters.export import to_pandas

        return to_pandas(self)

    def to_polars(self) -> dict[str, Any]:
        """Resource name -> polars DataFrame (needs polars)."""
        from medclusters.export import to_polars

        return to_polars(self)

    def to_parquet(self, folder: str | Path, *, overwrite: bool = False) -> list[Path]:
        """One Parquet file per resource in ``folder`` (needs pyarrow; existing files are
        replaced only with ``overwrite``)."""
        from medclusters.export import to_parquet

        return to_parquet(self, folder, overwrite=overwrite)

    def collaboration_graph(self) -> CollaborationGraph:
        """Clusters and partners as nodes, links as edges, programmes as hyperedges."""
        from medclusters.graph import build

        return build(self, self._index)
