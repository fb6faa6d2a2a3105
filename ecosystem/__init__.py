"""ecosystem: map a business ecosystem as a graph and see what to do about it.

>>> import ecosystem
>>> eco = ecosystem.load("sample_graphs/camera.yaml")
>>> eco.focal_firm.name
'Lumen Cameras'
>>> [(g.job, g.capability) for g in ecosystem.capability_gaps(eco)][:1]
[('keep-gear-working', 'spare-parts-logistics')]

The model, its errors and the stores are imported with the package; every analysis and page is
imported on first use (PEP 562), so ``import ecosystem`` loads neither numpy, igraph,
matplotlib, pyvis nor the Neo4j driver.
"""

import importlib
from typing import TYPE_CHECKING, Any

from .model.errors import (
    EcosystemError,
    InvalidEcosystemError,
    ModelError,
    Problem,
    SourceError,
    UnsupportedSourceError,
)
from .model.graph import (
    CustomerJob,
    Ecosystem,
    Node,
    NodeType,
    Provision,
    Relationship,
    RelType,
    Requirement,
)
from .stores.base import EmbeddedStore, Store, load, open_store, save

__version__ = "0.1.0"

#: The names imported on first use, by the module that defines them.
_LAZY_MODULES: dict[str, tuple[str, ...]] = {
    "analyses.context": ("Analysis", "analysis_of"),
    "analyses.stats": ("Statistics", "DirectPartner", "statistics"),
    "analyses.summary": ("Summary", "summary"),
    "analyses.scope": ("Scope", "scope", "MAX_DEPTH"),
    "analyses.opportunity": ("CustomerOpportunity", "job_opportunities", "customer_opportunities", "opportunity_score"),
    "analyses.coverage": ("JobCoverage", "CustomerCoverage", "coverage", "customer_coverage"),
    "analyses.gaps": ("Gap", "CapabilityGap", "GapTable", "capability_gaps", "gap_totals"),
    "analyses.integrators": ("IntegratorScore", "central_integrators", "partnership_graph"),
    "analyses.recommend": ("Recommendation", "Recommendations", "recommend_partners"),
    "analyses.whatif": ("CoverageChange", "WhatIf", "SingleSource", "PartnerRisk", "Risks", "what_if", "risks"),
    "analyses.explain": ("CapabilitySupport", "JobExplanation", "explain_job"),
    "analyses.communities": ("Community", "Bridge", "Silo", "CommunityReport", "communities"),
    "analyses.cocreate": ("CoCreationTarget", "cocreation_targets"),
    "analyses.diff": ("Change", "GapChange", "CoverageMove", "RankMove", "EcosystemDiff", "diff"),
    "analyses.named_queries": ("run_named_query",),
    "stores.catalogue": ("NamedQuery", "QueryParameter", "QueryError", "catalogue"),
    "pages.map": ("ecosystem_map", "write_map"),
    "pages.picture": ("write_picture",),
    "pages.review": ("write_review",),
}
_LAZY: dict[str, str] = {name: module for module, names in _LAZY_MODULES.items() for name in names}

#: Former names kept working: ``summarize`` is :func:`statistics` (renamed when the brief became ``summary``).
_ALIASES: dict[str, str] = {"summarize": "statistics"}

if TYPE_CHECKING:  # what the lazy names are, for type checkers and editors
    from .analyses.cocreate import CoCreationTarget, cocreation_targets
    from .analyses.communities import Bridge, Community, CommunityReport, Silo, communities
    from .analyses.context import Analysis, analysis_of
    from .analyses.coverage import CustomerCoverage, JobCoverage, coverage, customer_coverage
    from .analyses.diff import Change, CoverageMove, EcosystemDiff, GapChange, RankMove, diff
    from .analyses.explain import CapabilitySupport, JobExplanation, explain_job
    from .analyses.gaps import CapabilityGap, Gap, GapTable, capability_gaps, gap_totals
    from .analyses.integrators import IntegratorScore, central_integrators, partnership_graph
    from .analyses.named_queries import run_named_query
    from .analyses.opportunity import CustomerOpportunity, customer_opportunities, job_opportunities, opportunity_score
    from .analyses.recommend import Recommendation, Recommendations, recommend_partners
    from .analyses.scope import MAX_DEPTH, Scope, scope
    from .analyses.stats import DirectPartner, Statistics, statistics
    from .analyses.stats import statistics as summarize
    from .analyses.summary import Summary, summary
    from .analyses.whatif import CoverageChange, PartnerRisk, Risks, SingleSource, WhatIf, risks, what_if
    from .pages.map import ecosystem_map, write_map
    from .pages.picture import write_picture
    from .pages.review import write_review
    from .stores.catalogue import NamedQuery, QueryError, QueryParameter, catalogue

__all__ = [
    "__version__",
    # the model, its errors and the stores
    "CustomerJob",
    "Ecosystem",
    "EcosystemError",
    "InvalidEcosystemError",
    "ModelError",
    "Node",
    "NodeType",
    "Problem",
    "Provision",
    "Relationship",
    "RelType",
    "Requirement",
    "SourceError",
    "UnsupportedSourceError",
    "EmbeddedStore",
    "Store",
    "load",
    "open_store",
    "save",
    # analyses.context (imported on first use)
    "Analysis",
    "analysis_of",
    # analyses.stats (imported on first use)
    "Statistics",
    "DirectPartner",
    "statistics",
    # analyses.summary (imported on first use)
    "Summary",
    "summary",
    # analyses.scope (imported on first use)
    "Scope",
    "scope",
    "MAX_DEPTH",
    # analyses.opportunity (imported on first use)
    "CustomerOpportunity",
    "job_opportunities",
    "customer_opportunities",
    "opportunity_score",
    # analyses.coverage (imported on first use)
    "JobCoverage",
    "CustomerCoverage",
    "coverage",
    "customer_coverage",
    # analyses.gaps (imported on first use)
    "Gap",
    "CapabilityGap",
    "GapTable",
    "capability_gaps",
    "gap_totals",
    # analyses.integrators (imported on first use)
    "IntegratorScore",
    "central_integrators",
    "partnership_graph",
    # analyses.recommend (imported on first use)
    "Recommendation",
    "Recommendations",
    "recommend_partners",
    # analyses.whatif (imported on first use)
    "CoverageChange",
    "WhatIf",
    "SingleSource",
    "PartnerRisk",
    "Risks",
    "what_if",
    "risks",
    # analyses.explain (imported on first use)
    "CapabilitySupport",
    "JobExplanation",
    "explain_job",
    # analyses.communities (imported on first use)
    "Community",
    "Bridge",
    "Silo",
    "CommunityReport",
    "communities",
    # analyses.cocreate (imported on first use)
    "CoCreationTarget",
    "cocreation_targets",
    # analyses.diff (imported on first use)
    "Change",
    "GapChange",
    "CoverageMove",
    "RankMove",
    "EcosystemDiff",
    "diff",
    # analyses.named_queries (imported on first use)
    "run_named_query",
    # stores.catalogue (imported on first use)
    "NamedQuery",
    "QueryParameter",
    "QueryError",
    "catalogue",
    # pages.map (imported on first use)
    "ecosystem_map",
    "write_map",
    # pages.picture (imported on first use)
    "write_picture",
    # pages.review (imported on first use)
    "write_review",
    # former names
    "summarize",
]


def __getattr__(name: str) -> Any:
    """Import a lazy name's module on first use and keep the name (PEP 562)."""
    target = _ALIASES.get(name, name)
    module = _LAZY.get(target)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), target)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The public names (loaded or not), the dunders and the layer subpackages already imported."""
    here = globals()
    layers = [name for name, value in here.items() if getattr(value, "__name__", None) == f"{__name__}.{name}"]
    return sorted({*__all__, *layers, *(name for name in here if name.startswith("__"))})


del TYPE_CHECKING
