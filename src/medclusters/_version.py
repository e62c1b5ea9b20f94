"""The library's version (the dataset has its own, in datapackage.json)."""

__version__ = "0.2.0"
