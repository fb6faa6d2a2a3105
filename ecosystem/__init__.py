"""ecosystem: map a business ecosystem as a graph and see what to do about it.

>>> import ecosystem
>>> eco = ecosystem.load("sample_graphs/camera.yaml")
>>> eco.focal_firm.name
'Lumen Cameras'
"""

from __future__ import annotations

__version__ = "0.1.0"

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
from .analyses.stats import Summary, summarize
from .stores.base import EmbeddedStore, Store, load, open_store, save


def write_review(eco: Ecosystem, path: str, **options: object) -> object:
    """Write the strategy-review page (see :func:`ecosystem.pages.review.write_review`)."""
    from .pages.review import write_review as write

    return write(eco, path, **options)  # type: ignore[arg-type]

__all__ = [
    "__version__",
    "CustomerJob",
    "Ecosystem",
    "EcosystemError",
    "EmbeddedStore",
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
    "Store",
    "Summary",
    "UnsupportedSourceError",
    "load",
    "open_store",
    "save",
    "summarize",
    "write_review",
]
