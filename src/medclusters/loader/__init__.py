"""From a reader's bytes to a checked Dataset, and the bundled package's prebuilt records.

Offers the rest: ``full`` (every check, every table: a complete Dataset or a PackageError
naming resource, row, field and value) and ``prebuilt`` (the bundled package's records, written
by a full load at build time and used only where every byte they came from is unchanged).
"""
