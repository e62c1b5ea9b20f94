"""The library's version, and the dataset versions it reads (the dataset has its own
version, in datapackage.json)."""

__version__ = "0.2.0"

#: The dataset version whose resources and fields this library's records are: it reads
#: packages of this version and of later ones that only add to it.
DATASET_VERSION = "0.3.0"

#: Earlier dataset versions, each with the commit of the medclusters repository whose library
#: reads it (checked by loading the release zips kept in releases/ with each).
EARLIER_READERS = {"0.1.0": "f96bf68", "0.2.0": "2ab743e"}


def older_than_read(version: object) -> str:
    """A sentence for an error about a package of an earlier dataset version than this
    library reads, naming the commit whose library reads it; ``""`` for any other."""
    try:
        found = tuple(int(part) for part in str(version).split("-")[0].split("."))
        ours = tuple(int(part) for part in DATASET_VERSION.split("."))
    except ValueError:
        return ""
    if len(found) != 3 or found >= ours:
        return ""
    where = EARLIER_READERS.get(str(version))
    reader = (
        f"the library as of commit {where} of the medclusters repository reads it"
        if where
        else "an earlier release of the library reads it"
    )
    return (
        f" (the package is dataset {version}; this library reads dataset {DATASET_VERSION} "
        f"and later: {reader}, and medclusters diff compares it with any version)"
    )
