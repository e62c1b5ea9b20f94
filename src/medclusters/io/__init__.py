"""The boundary and the parsers: every byte of a package comes in here, checked.

Offers the rest: ``limits`` (what one load may read, where the bundled package is),
``files`` (one regular file read within a limit, without blocking),
``readers`` (folder, zip and URL readers: paths, sizes, hashes, JSON), ``spec`` (the
descriptor read as typed specs), ``cells``, ``columnar`` and ``scalars`` (CSV cells read by
rows or columns, strict text-to-value parsers), ``rows`` (compiled row builders),
``constraints`` (what a load enforces beyond types) and ``rules`` (the domain rules
``validate()`` adds). Private: ``_http`` (downloads).
"""
