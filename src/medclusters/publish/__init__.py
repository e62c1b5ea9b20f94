"""What the library publishes beyond the tables: the dataset card, JSON-LD, the typed columns
of the SQLite and Parquet copies, SQL text, and the Datasette plugin and templates of
``medclusters serve``.

Offers the rest: ``card``, ``jsonld``, ``typed``, ``sql``, ``serve_names`` and
``datasette_plugin`` (imported only with Datasette installed). The public ``export``,
``release`` and ``serve`` modules, at the top, are built on these.
"""
