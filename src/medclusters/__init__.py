"""medclusters: typed records and an open data package of European medical and health-tourism
cluster organisations.

>>> import medclusters as mc
>>> ds = mc.load()
>>> [cluster.id for cluster in ds.clusters if cluster.country in ("LV", "LT")]
['lhtc', 'litcare']
>>> len(ds.clusters), ds.cluster("Kvarner Health Tourism Cluster").country
(10, 'HR')
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

from medclusters._version import __version__
from medclusters.dataset import Dataset
from medclusters.dates import PartialDate
from medclusters.errors import MedclustersError, NotFoundError, PackageError, UnknownCountryError
from medclusters.package import Limits, bundled_path, load
from medclusters.records import (
    RECORD_TYPES,
    Bound,
    Budget,
    BudgetItem,
    BudgetScope,
    Citation,
    Claim,
    ClaimKind,
    Cluster,
    ClusterName,
    Collaboration,
    CollaborationKind,
    Contact,
    Event,
    EventKind,
    EventRole,
    EventRoleKind,
    Gender,
    Identifier,
    Instrument,
    Label,
    LabelKind,
    LabelLevel,
    Language,
    Market,
    MarketScope,
    Measure,
    Membership,
    MembershipRole,
    NameType,
    Observation,
    Organisation,
    OrganisationKind,
    OrganisationName,
    Participation,
    ParticipationRole,
    Programme,
    ProgrammeKind,
    SizeClass,
    Source,
    SourceKind,
    Statement,
    StatementKind,
    Topic,
    TopicScheme,
    Vocabulary,
)

if TYPE_CHECKING:  # imported on first use (see __getattr__), so that import stays light
    DATA_VERSION: str  # the bundled dataset's version; __version__ is the library's
    from medclusters import (  # noqa: F401
        changes,
        convert,
        countries,
        graph,
        lookups,
        serve,
        validation,
    )
    from medclusters.changes import Diff, FieldChange, ResourceDiff, RowChange, diff
    from medclusters.convert import configure_converter, make_converter
    from medclusters.countries import Country, country
    from medclusters.graph import CollaborationGraph, Edge, Hyperedge, Node
    from medclusters.lookups import Attribution, Party, SearchHit, Shared
    from medclusters.validation import Problem, Report, validate

#: Public names whose modules load on first use: cattrs, the country index, the lookups and
#: validation are not needed to load a package.
_LAZY = {
    "Diff": "medclusters.changes",
    "FieldChange": "medclusters.changes",
    "ResourceDiff": "medclusters.changes",
    "RowChange": "medclusters.changes",
    "diff": "medclusters.changes",
    "configure_converter": "medclusters.convert",
    "make_converter": "medclusters.convert",
    "Country": "medclusters.countries",
    "country": "medclusters.countries",
    "CollaborationGraph": "medclusters.graph",
    "Edge": "medclusters.graph",
    "Hyperedge": "medclusters.graph",
    "Node": "medclusters.graph",
    "Attribution": "medclusters.lookups",
    "Party": "medclusters.lookups",
    "SearchHit": "medclusters.lookups",
    "Shared": "medclusters.lookups",
    "Problem": "medclusters.validation",
    "Report": "medclusters.validation",
    "validate": "medclusters.validation",
}
_SUBMODULES = {"changes", "convert", "countries", "graph", "lookups", "serve", "validation"}


def __getattr__(name: str) -> Any:
    """Load a lazily exported name (PEP 562) and keep it, so the next access is direct."""
    value: Any
    if name == "DATA_VERSION":  # the bundled dataset's version, read from its descriptor
        from medclusters.package import read_descriptor

        value = str(read_descriptor(bundled_path()).get("version", ""))
    elif name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
    elif name in _SUBMODULES:
        value = import_module(f"medclusters.{name}")
    else:
        raise AttributeError(f"module 'medclusters' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY, *_SUBMODULES, "DATA_VERSION"])


__all__ = [
    "DATA_VERSION",
    "RECORD_TYPES",
    "Attribution",
    "Bound",
    "Budget",
    "BudgetItem",
    "BudgetScope",
    "Citation",
    "Claim",
    "ClaimKind",
    "Cluster",
    "ClusterName",
    "Collaboration",
    "CollaborationGraph",
    "CollaborationKind",
    "Contact",
    "Country",
    "Dataset",
    "Diff",
    "Edge",
    "Event",
    "EventKind",
    "EventRole",
    "EventRoleKind",
    "FieldChange",
    "Gender",
    "Hyperedge",
    "Identifier",
    "Instrument",
    "Label",
    "LabelKind",
    "LabelLevel",
    "Language",
    "Limits",
    "Market",
    "MarketScope",
    "Measure",
    "MedclustersError",
    "Membership",
    "MembershipRole",
    "NameType",
    "Node",
    "NotFoundError",
    "Observation",
    "Organisation",
    "OrganisationKind",
    "OrganisationName",
    "PackageError",
    "PartialDate",
    "Participation",
    "ParticipationRole",
    "Party",
    "Problem",
    "Programme",
    "ProgrammeKind",
    "Report",
    "ResourceDiff",
    "RowChange",
    "SearchHit",
    "Shared",
    "SizeClass",
    "Source",
    "SourceKind",
    "Statement",
    "StatementKind",
    "Topic",
    "TopicScheme",
    "UnknownCountryError",
    "Vocabulary",
    "__version__",
    "bundled_path",
    "configure_converter",
    "country",
    "diff",
    "load",
    "make_converter",
    "validate",
]
