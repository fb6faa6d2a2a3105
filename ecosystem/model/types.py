"""The vocabulary of the model: node and relationship types and their rules.

* :class:`NodeType` and :class:`RelType`, the six node types and seven
  relationship types;
* :data:`RULES`, which node types each relationship type joins and the
  properties it knows (:class:`RelationshipRule`, :class:`PropertySpec`);
* :data:`NODE_PROPERTIES`, the properties the model knows on nodes;
* the checks every way into an ecosystem shares: :func:`check_id`,
  :func:`check_attribute`, :func:`check_node_properties`, and the small
  helpers they use (:func:`node_type`, :func:`rel_type`, :func:`show`...).

Nothing here needs a graph: :mod:`ecosystem.model.graph` holds the
:class:`~ecosystem.model.graph.Ecosystem` and the checks that look into one.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

__all__ = [
    "NodeType",
    "RelType",
    "PropertySpec",
    "RelationshipRule",
    "RULES",
    "NODE_PROPERTIES",
    "ORGANISATIONS",
    "ACTORS",
    "CAPABILITY_KINDS",
    "RESERVED_NODE_KEYS",
    "RESERVED_RELATIONSHIP_KEYS",
    "is_number",
    "show",
    "check_id",
    "check_attribute",
    "check_node_properties",
    "node_type",
    "rel_type",
    "plain_value",
]


class NodeType(str, Enum):
    """The six kinds of node in an ecosystem."""

    FIRM = "firm"
    PARTNER = "partner"
    CUSTOMER = "customer"
    JOB = "job"
    CAPABILITY = "capability"
    UNIT = "unit"

    @property
    def plural(self) -> str:
        """The key of this type's list in a YAML/JSON file (``firms``...)."""
        return "capabilities" if self is NodeType.CAPABILITY else self.value + "s"

    @property
    def label(self) -> str:
        """The Neo4j label of this type (``Firm``...)."""
        return self.value.capitalize()

    def __str__(self) -> str:
        return self.value


class RelType(str, Enum):
    """The relationship types of the model."""

    PARTNERS_WITH = "PARTNERS_WITH"
    PROVIDES = "PROVIDES"
    REQUIRES = "REQUIRES"
    HAS_JOB = "HAS_JOB"
    SERVES = "SERVES"
    PART_OF = "PART_OF"
    INTEGRATES_WITH = "INTEGRATES_WITH"

    def __str__(self) -> str:
        return self.value


#: Organisations: the node types that partner, serve customers and have units.
ORGANISATIONS = frozenset({NodeType.FIRM, NodeType.PARTNER})
#: Actors: organisations and their units; they provide capabilities.
ACTORS = ORGANISATIONS | {NodeType.UNIT}
#: The allowed values of a capability's ``kind``.
CAPABILITY_KINDS = ("knowledge", "skill", "resource")


@dataclass(frozen=True)
class PropertySpec:
    """What the model knows about one property of a node or relationship.

    ``kind`` is ``number``, ``string``, ``boolean``, ``choice`` or ``scalar``
    (a string or an integer, e.g. a year or an ISO date).
    """

    name: str
    kind: str
    description: str
    required: bool = False
    default: Any = None
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: bool = False
    choices: tuple[str, ...] = ()

    def expectation(self) -> str:
        """A phrase saying what a valid value looks like."""
        if self.kind == "number":
            if self.minimum is not None and self.maximum is not None:
                return f"a number from {_num(self.minimum)} to {_num(self.maximum)}"
            if self.minimum is not None:
                op = ">" if self.exclusive_minimum else ">="
                return f"a number {op} {_num(self.minimum)}"
            return "a number"
        if self.kind == "boolean":
            return "true or false"
        if self.kind == "choice":
            return "one of " + ", ".join(self.choices)
        if self.kind == "scalar":
            return "a year or a date"
        return "a string"

    def check(self, value: Any) -> str | None:
        """Return ``None`` if ``value`` is valid, else a message naming it."""
        ok: bool
        if self.kind == "number":
            ok = is_number(value)
            if ok:
                if self.minimum is not None:
                    ok = value > self.minimum if self.exclusive_minimum else value >= self.minimum
                if ok and self.maximum is not None:
                    ok = value <= self.maximum
        elif self.kind == "boolean":
            ok = isinstance(value, bool)
        elif self.kind == "choice":
            ok = isinstance(value, str) and value in self.choices
        elif self.kind == "scalar":
            ok = isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool))
        else:
            ok = isinstance(value, str)
        if ok:
            return None
        return f"{self.name} must be {self.expectation()}, got {show(value)}"


@dataclass(frozen=True)
class RelationshipRule:
    """Which node types a relationship type joins, and its properties."""

    type: RelType
    sources: frozenset[NodeType]
    targets: frozenset[NodeType]
    description: str
    properties: tuple[PropertySpec, ...] = ()
    #: A symmetric relationship holds once per pair, whatever its direction.
    symmetric: bool = False

    def property(self, name: str) -> PropertySpec | None:
        for spec in self.properties:
            if spec.name == name:
                return spec
        return None


_UNIT_INTERVAL: dict[str, Any] = {"minimum": 0.0, "maximum": 1.0}
_ODI_SCALE: dict[str, Any] = {"minimum": 0.0, "maximum": 10.0}

#: The relationship types, the node types they join, and their properties.
RULES: dict[RelType, RelationshipRule] = {
    RelType.PARTNERS_WITH: RelationshipRule(
        RelType.PARTNERS_WITH,
        ACTORS,
        ACTORS,
        "a partnership between two organisations (or units)",
        (
            PropertySpec("kind", "string", "the kind of partnership (technology, channel, ...)"),
            PropertySpec("strength", "number", "how strong the partnership is", **_UNIT_INTERVAL),
            PropertySpec("since", "scalar", "when it started (year or ISO date)"),
        ),
        symmetric=True,
    ),
    RelType.PROVIDES: RelationshipRule(
        RelType.PROVIDES,
        ACTORS,
        frozenset({NodeType.CAPABILITY}),
        "an organisation or unit provides a capability",
        (PropertySpec("proficiency", "number", "how well it provides it", default=1.0, **_UNIT_INTERVAL),),
    ),
    RelType.REQUIRES: RelationshipRule(
        RelType.REQUIRES,
        frozenset({NodeType.JOB}),
        frozenset({NodeType.CAPABILITY}),
        "a job needs a capability to get done",
        (
            PropertySpec(
                "weight", "number", "how much of the job depends on it", default=1.0,
                minimum=0.0, exclusive_minimum=True,
            ),
        ),
    ),
    RelType.HAS_JOB: RelationshipRule(
        RelType.HAS_JOB,
        frozenset({NodeType.CUSTOMER}),
        frozenset({NodeType.JOB}),
        "a customer is trying to get a job done",
        (
            PropertySpec(
                "importance", "number",
                "share of the segment rating the job important (4-5 of 5), times 10",
                required=True, **_ODI_SCALE,
            ),
            PropertySpec(
                "satisfaction", "number",
                "share of the segment satisfied (4-5 of 5) with how it gets done, times 10",
                required=True, **_ODI_SCALE,
            ),
        ),
    ),
    RelType.SERVES: RelationshipRule(
        RelType.SERVES, ACTORS, frozenset({NodeType.CUSTOMER}), "an organisation serves a customer",
    ),
    RelType.PART_OF: RelationshipRule(
        RelType.PART_OF,
        frozenset({NodeType.UNIT}),
        ORGANISATIONS,
        "a unit is a department of an organisation",
    ),
    RelType.INTEGRATES_WITH: RelationshipRule(
        RelType.INTEGRATES_WITH,
        ACTORS,
        ACTORS,
        "a product or process integration between two organisations (or units)",
        (PropertySpec("kind", "string", "what is integrated"),),
        symmetric=True,
    ),
}

#: Properties the model knows on nodes, by node type (others are free).
NODE_PROPERTIES: dict[NodeType, tuple[PropertySpec, ...]] = {
    NodeType.CAPABILITY: (
        PropertySpec("kind", "choice", "knowledge, skill or resource", required=True, choices=CAPABILITY_KINDS),
    ),
    NodeType.CUSTOMER: (
        PropertySpec(
            "weight", "number", "multiplies this customer's opportunity terms", default=1.0,
            minimum=0.0, exclusive_minimum=True,
        ),
        PropertySpec("innovator", "boolean", "a lead customer to co-create with"),
    ),
}

#: Node keys that are not free attributes: the node's own fields, the file
#: formats' shorthand keys, and the name the Neo4j store tags nodes with.
#: Names starting with ``_`` are reserved too.
RESERVED_NODE_KEYS = frozenset(
    {"id", "type", "name", "ecosystem", "provides", "partners", "serves", "integrates_with", "requires", "jobs",
     "part_of"}
)
#: Relationship keys that are not properties (names starting with ``_`` are reserved too).
RESERVED_RELATIONSHIP_KEYS = frozenset({"type", "from", "to"})

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def is_number(value: Any) -> bool:
    """True for a finite int or float that is not a bool."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def show(value: Any, limit: int = 60) -> str:
    """A short, quoted rendering of a value for error messages."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def check_id(value: Any, what: str = "id") -> str | None:
    """Return a message if ``value`` is not a usable id, else ``None``."""
    if not isinstance(value, str):
        return f"{what} must be a string, got {show(value)} ({type(value).__name__}); quote it"
    if value == "" or value.strip() == "":
        return f"{what} is empty"
    if value != value.strip():
        return f"{what} {show(value)} has spaces around it"
    if _CONTROL.search(value):
        return f"{what} {show(value)} contains control characters"
    return None


def check_attribute(key: Any, value: Any, path: str | None = None) -> str | None:
    """Return a message if a free attribute cannot be stored, else ``None``.

    Free attributes may be strings, finite numbers, booleans, null, lists and
    mappings with string keys (anything JSON can hold).
    """
    where = path or str(key)
    if not isinstance(key, str) or key == "":
        return f"attribute name must be a non-empty string, got {show(key)}"
    if path is None and (key != key.strip() or _CONTROL.search(key)):
        return f"attribute name {show(key)} has spaces around it or control characters"
    if path is None and key.startswith("_"):
        return f"attribute name {show(key)} starts with _, which is reserved"
    if value is None or isinstance(value, (str, bool)):
        return None
    if isinstance(value, (int, float)):
        return None if math.isfinite(value) else f"{where} must be a finite number, got {show(value)}"
    if isinstance(value, list):
        for i, item in enumerate(value):
            msg = check_attribute(key, item, f"{where}[{i}]")
            if msg:
                return msg
        return None
    if isinstance(value, dict):
        for k, item in value.items():
            if not isinstance(k, str):
                return f"{where} has a key {show(k)} that is not a string"
            msg = check_attribute(k, item, f"{where}.{k}")
            if msg:
                return msg
        return None
    return f"{where} has a value of an unsupported type {type(value).__name__}: {show(value)}"


def node_type(value: Any) -> NodeType | None:
    """The :class:`NodeType` named by ``value`` (case-insensitive), or ``None``."""
    if isinstance(value, NodeType):
        return value
    if isinstance(value, str):
        try:
            return NodeType(value.strip().lower())
        except ValueError:
            return None
    return None


def rel_type(value: Any) -> RelType | None:
    """The :class:`RelType` named exactly by ``value``, or ``None``."""
    if isinstance(value, RelType):
        return value
    if isinstance(value, str):
        try:
            return RelType(value)
        except ValueError:
            return None
    return None


def plain_value(value: Any) -> Any:
    """Copy a value into plain Python types (drops location-carrying subclasses).

    >>> class Tagged(str): pass
    >>> value = plain_value({"a": [Tagged("x"), 1.5, None]})
    >>> value, type(value["a"][0]) is str
    ({'a': ['x', 1.5, None]}, True)
    """
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, str):
        return str(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, list):
        return [plain_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain_value(v) for k, v in value.items()}
    return value


def check_node_properties(kind: NodeType, attributes: Mapping[str, Any]) -> list[str]:
    """Messages for model properties of a node that are missing or invalid."""
    problems = []
    for spec in NODE_PROPERTIES.get(kind, ()):
        if spec.name not in attributes:
            if spec.required:
                problems.append(f"a {kind.value} needs {spec.name} ({spec.expectation()})")
            continue
        msg = spec.check(attributes[spec.name])
        if msg:
            problems.append(msg)
    return problems
