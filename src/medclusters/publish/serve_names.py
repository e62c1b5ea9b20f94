"""Names that ``medclusters serve`` and its Datasette hooks share: the database in Datasette's
URLs and the cluster facts page. A leaf, so that the hooks need not import ``serve``."""

from __future__ import annotations

__all__ = ["CLUSTER_QUERY", "DATABASE"]

#: The database's name in Datasette's URLs (``/medclusters/clusters``).
DATABASE = "medclusters"
#: The facts page: what it is called and says.
CLUSTER_QUERY = "cluster"
