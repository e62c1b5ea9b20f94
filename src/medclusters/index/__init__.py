"""The lookups: the indexes a Dataset builds on its first question, each once.

Offers the rest: ``indexes`` (:class:`~medclusters.index.indexes.Index`, every lookup family
the Dataset's methods ask) and ``registry`` (statuses, successors, networks, names over time,
identifiers; the card and coverage read it too). Private: ``_finder`` (a record by any of its
keys, with suggestions), ``_search`` (the word index) and the lookup families of ``Index``.
"""
