"""medclusters: typed records and an open data package of European medical and health-tourism
cluster organisations.

>>> import medclusters as mc
>>> ds = mc.load()
>>> sorted(cluster.acronym or cluster.id for cluster in ds.clusters)
['LHTC', 'LITCARE', 'Sanatate Romania', 'lubelska-medycyna']
"""

from medclusters._version import __version__
from medclusters.convert import configure_converter, make_converter
from medclusters.countries import Country, country
from medclusters.dataset import Dataset
from medclusters.dates import PartialDate
from medclusters.errors import MedclustersError, NotFoundError, PackageError, UnknownCountryError
from medclusters.graph import CollaborationGraph, Edge, Hyperedge, Node
from medclusters.lookups import Party, SearchHit, Shared
from medclusters.package import bundled_path, load
from medclusters.records import (
    RECORD_TYPES,
    Budget,
    BudgetItem,
    Claim,
    ClaimQualifier,
    Cluster,
    ClusterName,
    Collaboration,
    CollaborationKind,
    Contact,
    Gender,
    Identifier,
    Instrument,
    Label,
    LabelKind,
    LabelLevel,
    Language,
    Market,
    MarketScope,
    Membership,
    MembershipRole,
    NameType,
    Organisation,
    OrganisationKind,
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
from medclusters.validate import Problem, Report, validate

__all__ = [
    "RECORD_TYPES",
    "Budget",
    "BudgetItem",
    "Claim",
    "ClaimQualifier",
    "Cluster",
    "ClusterName",
    "Collaboration",
    "CollaborationGraph",
    "CollaborationKind",
    "Contact",
    "Country",
    "Dataset",
    "Edge",
    "Gender",
    "Hyperedge",
    "Identifier",
    "Instrument",
    "Label",
    "LabelKind",
    "LabelLevel",
    "Language",
    "Market",
    "MarketScope",
    "MedclustersError",
    "Membership",
    "MembershipRole",
    "NameType",
    "Node",
    "NotFoundError",
    "Organisation",
    "OrganisationKind",
    "PackageError",
    "PartialDate",
    "Participation",
    "ParticipationRole",
    "Party",
    "Problem",
    "Programme",
    "ProgrammeKind",
    "Report",
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
    "load",
    "make_converter",
    "validate",
]
