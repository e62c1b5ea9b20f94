"""medclusters: typed records and an open data package of European medical and health-tourism
cluster organisations.

>>> import medclusters as mc
>>> ds = mc.load()
>>> [cluster.id for cluster in ds.clusters if cluster.country == "LT"]
['litcare', 'baltic-health-tourism-cluster', 'ivita']
>>> ds.cluster("Kvarner Health Tourism Cluster").country
'HR'
>>> ds.successor_of("Welfare Tech").name
'Danish Life Science Cluster'
>>> sorted({n.name for n in ds.names_of("Medicon Valley Alliance") if n.name_type == "former"})
['Medicon Valley Academy']
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

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
    ClusterStatus,
    Collaboration,
    CollaborationKind,
    Contact,
    Event,
    EventKind,
    EventRole,
    EventRoleKind,
    Gender,
    Identifier,
    IdentifierScheme,
    Instrument,
    Label,
    LabelKind,
    LabelLevel,
    Language,
    Lead,
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
    Relation,
    Relationship,
    SizeClass,
    Source,
    SourceKind,
    Statement,
    StatementKind,
    Status,
    Topic,
    TopicScheme,
    Vocabulary,
)
from medclusters.utils.version import __version__

if TYPE_CHECKING:  # imported on first use (see __getattr__), so that import stays light
    DATA_VERSION: str  # the bundled dataset's version; __version__ is the library's
    from medclusters import (  # noqa: F401
        changes,
        convert,
        countries,
        export,
        graph,
        release,
        results,
        serve,
        validation,
    )
    from medclusters._coverage import ClusterCoverage, CountryCoverage, Coverage, coverage
    from medclusters.changes import (
        Diff,
        FieldChange,
        ResourceDiff,
        RowChange,
        StatusChange,
        diff,
    )
    from medclusters.convert import configure_converter, make_converter
    from medclusters.countries import Country, country
    from medclusters.graph import CollaborationGraph, Edge, Hyperedge, Node
    from medclusters.results import Attribution, Party, SearchHit, Shared
    from medclusters.validation import Problem, Report, validate

#: The public names whose modules load on first use, with their module: cattrs, the country
#: index, the lookups and validation are not needed to load a package. ``__all__`` is the
#: literal list type checkers read; a test checks it is exactly the names imported above plus
#: these, and that the imports under TYPE_CHECKING name these.
_LAZY = {
    **dict.fromkeys(
        ("Diff", "FieldChange", "ResourceDiff", "RowChange", "StatusChange", "diff"), "changes"
    ),
    **dict.fromkeys(("ClusterCoverage", "CountryCoverage", "Coverage", "coverage"), "_coverage"),
    **dict.fromkeys(("configure_converter", "make_converter"), "convert"),
    **dict.fromkeys(("Country", "country"), "countries"),
    **dict.fromkeys(("CollaborationGraph", "Edge", "Hyperedge", "Node"), "graph"),
    **dict.fromkeys(("Attribution", "Party", "SearchHit", "Shared"), "results"),
    **dict.fromkeys(("Problem", "Report", "validate"), "validation"),
}
#: Modules reachable as attributes (``mc.export.to_parquet``), loaded on first use.
_SUBMODULES = frozenset(
    ("changes", "convert", "countries", "export", "graph", "release", "results", "serve",
     "validation")
)  # fmt: skip


def __getattr__(name: str) -> Any:
    """Load a lazily exported name (PEP 562) and keep it, so the next access is direct."""
    value: Any
    if name == "DATA_VERSION":  # the bundled dataset's version, read from its descriptor
        from medclusters.package import read_descriptor

        value = str(read_descriptor(bundled_path()).get("version", ""))
    elif name in _LAZY:
        value = getattr(import_module(f"medclusters.{_LAZY[name]}"), name)
    elif name in _SUBMODULES:
        value = import_module(f"medclusters.{name}")
    else:
        raise AttributeError(f"module 'medclusters' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__, *_SUBMODULES})


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
    "ClusterCoverage",
    "ClusterName",
    "ClusterStatus",
    "Collaboration",
    "CollaborationGraph",
    "CollaborationKind",
    "Contact",
    "Country",
    "CountryCoverage",
    "Coverage",
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
    "IdentifierScheme",
    "Instrument",
    "Label",
    "LabelKind",
    "LabelLevel",
    "Language",
    "Lead",
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
    "Relation",
    "Relationship",
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
    "Status",
    "StatusChange",
    "Topic",
    "TopicScheme",
    "UnknownCountryError",
    "Vocabulary",
    "__version__",
    "bundled_path",
    "configure_converter",
    "country",
    "coverage",
    "diff",
    "load",
    "make_converter",
    "validate",
]
