"""The model layer (see ARCHITECTURE.md): the ecosystem graph, its vocabulary and its errors.

* :mod:`ecosystem.model.types`: node and relationship types, their rules and the value checks;
* :mod:`ecosystem.model.graph`: :class:`Ecosystem`, its records, and :class:`EcosystemAssembler`;
* :mod:`ecosystem.model.building`: the validating builder every file reader feeds;
* :mod:`ecosystem.model.located`: values that remember the line they were read from;
* :mod:`ecosystem.model.errors`: the library's exceptions;
* :mod:`ecosystem.model.bulk`: pausing the garbage collector for bulk work.
"""

from .errors import (
    EcosystemError,
    InvalidEcosystemError,
    ModelError,
    Problem,
    SourceError,
    UnsupportedSourceError,
)
from .graph import (
    CustomerJob,
    Ecosystem,
    EcosystemAssembler,
    Node,
    Provision,
    Relationship,
    Requirement,
)
from .types import (
    ACTORS,
    CAPABILITY_KINDS,
    NODE_PROPERTIES,
    ORGANISATIONS,
    RULES,
    NodeType,
    PropertySpec,
    RelationshipRule,
    RelType,
)

__all__ = [
    "Ecosystem",
    "EcosystemAssembler",
    "Node",
    "Relationship",
    "Requirement",
    "Provision",
    "CustomerJob",
    "NodeType",
    "RelType",
    "PropertySpec",
    "RelationshipRule",
    "RULES",
    "NODE_PROPERTIES",
    "ORGANISATIONS",
    "ACTORS",
    "CAPABILITY_KINDS",
    "EcosystemError",
    "SourceError",
    "UnsupportedSourceError",
    "InvalidEcosystemError",
    "ModelError",
    "Problem",
]
