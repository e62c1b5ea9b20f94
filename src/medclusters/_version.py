"""The library's version (the dataset has its own, in datapackage.json)."""

__version__ = "0.1.0"
