"""What a release and a served copy show beside the tables: the dataset card (the README of a
release) and the Datasette plugin and templates of ``medclusters serve``.

Offers the rest: ``card`` (to ``release``), ``serve_names`` and ``datasette_plugin`` (to
``serve``; the plugin is imported only with Datasette installed). Above the Dataset: the card
asks the Dataset's own questions.
"""
