"""The ecosystem model: node types, relationship types and the :class:`Ecosystem`.

An ecosystem is a typed graph (a networkx ``MultiDiGraph`` underneath) of

* ``firm``: organisations that deliver offerings; one is the *focal* firm;
* ``partner``: other organisations the firms work with;
* ``customer``: a customer or a customer segment;
* ``job``: a job-to-be-done a customer is trying to get done;
* ``capability``: knowledge, a skill or a resource (``kind``);
* ``unit``: an internal department of an organisation.

Relationship types and the node types they may join are in :data:`RULES`.
Every node has a unique string ``id`` and a ``name``; any other attribute is
kept as it is ("free" attributes survive every file format).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

import networkx as nx

from .errors import ModelError

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
    "Node",
    "Relationship",
    "Requirement",
    "Provision",
    "CustomerJob",
    "Ecosystem",
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


_UNIT_INTERVAL = {"minimum": 0.0, "maximum": 1.0}
_ODI_SCALE = {"minimum": 0.0, "maximum": 10.0}

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


def _plain(value: Any) -> Any:
    """Copy a value into plain Python types (drops location-carrying subclasses)."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, str):
        return str(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


@dataclass(frozen=True)
class Node:
    """A node of the ecosystem: its id, type, name and free attributes."""

    id: str
    type: NodeType
    name: str
    attributes: Mapping[str, Any] = field(default_factory=dict, hash=False)

    def get(self, key: str, default: Any = None) -> Any:
        """An attribute's value, or ``default``."""
        return self.attributes.get(key, default)


@dataclass(frozen=True)
class Relationship:
    """A typed relationship from ``source`` to ``target`` with its properties."""

    type: RelType
    source: str
    target: str
    properties: Mapping[str, Any] = field(default_factory=dict, hash=False)

    def get(self, key: str, default: Any = None) -> Any:
        """A property's value; for a model property without a value, its default."""
        if key in self.properties:
            return self.properties[key]
        spec = RULES[self.type].property(key)
        if spec is not None and spec.default is not None:
            return spec.default
        return default


@dataclass(frozen=True)
class Requirement:
    """A job's need for a capability (``REQUIRES``), with its weight."""

    job: str
    capability: str
    weight: float


@dataclass(frozen=True)
class Provision:
    """An organisation's or unit's provision of a capability (``PROVIDES``)."""

    provider: str
    capability: str
    proficiency: float


@dataclass(frozen=True)
class CustomerJob:
    """A customer's job (``HAS_JOB``) with Outcome-Driven Innovation ratings."""

    customer: str
    job: str
    importance: float
    satisfaction: float


class Ecosystem:
    """A typed graph of firms, partners, customers, jobs, capabilities and units.

    Build one from a file with :func:`ecosystem.load`, or by hand:

    >>> from ecosystem import Ecosystem
    >>> eco = Ecosystem("Demo", focal="acme")
    >>> _ = eco.add_node("acme", "firm", "Acme")
    >>> _ = eco.add_node("cloud", "partner", "CloudCo")
    >>> _ = eco.add_node("hosting", "capability", "Hosting", kind="resource")
    >>> _ = eco.add_relationship("PARTNERS_WITH", "acme", "cloud", strength=0.8)
    >>> _ = eco.add_relationship("PROVIDES", "cloud", "hosting")
    >>> [n.name for n in eco.partners()]
    ['CloudCo']
    >>> eco.partners_of("acme")
    ['cloud']
    >>> eco.providers("hosting")[0].proficiency
    1.0

    The underlying ``networkx.MultiDiGraph`` is :attr:`graph`: node data holds
    ``type`` and ``name`` plus free attributes; each edge's key is its
    relationship type.
    """

    def __init__(self, name: str = "ecosystem", focal: str | None = None) -> None:
        self.name = name
        self.graph: nx.MultiDiGraph = nx.MultiDiGraph(name=name)
        self._focal = focal
        self._lower_ids: dict[str, str] = {}

    # -- raw adjacency, read-only (the one place that touches networkx internals) --
    @property
    def out_links(self) -> Mapping[str, Mapping[str, Mapping[str, dict[str, Any]]]]:
        """``out_links[a][b][TYPE]`` is the properties of relationship ``a -TYPE-> b``.

        networkx's own successor dictionary, without the view objects that
        ``graph.succ`` wraps around every access (the analyses' hot loops read
        it millions of times).  Read it; never change it: change the graph
        with :meth:`add_relationship` / :meth:`remove_relationship`.
        """
        return self.graph._succ  # type: ignore[no-any-return]

    @property
    def in_links(self) -> Mapping[str, Mapping[str, Mapping[str, dict[str, Any]]]]:
        """``in_links[b][a][TYPE]``: :attr:`out_links` seen from the target (read-only)."""
        return self.graph._pred  # type: ignore[no-any-return]

    @property
    def node_data(self) -> Mapping[str, dict[str, Any]]:
        """``node_data[id]`` is a node's data (``type``, ``name``, attributes); read-only."""
        return self.graph._node  # type: ignore[no-any-return]

    # -- identity -------------------------------------------------------
    @property
    def focal(self) -> str | None:
        """The id of the focal firm (``None`` only for a graph built by hand)."""
        return self._focal

    @focal.setter
    def focal(self, node_id: str | None) -> None:
        if node_id is not None and node_id in self.graph and self.graph.nodes[node_id]["type"] != NodeType.FIRM.value:
            raise ModelError(f"focal {node_id!r} is a {self.graph.nodes[node_id]['type']}, not a firm")
        self._focal = node_id

    @property
    def focal_firm(self) -> Node | None:
        """The focal firm as a :class:`Node`, or ``None``."""
        return self.node(self._focal) if self._focal in self.graph else None

    # -- building ---------------------------------------------------------
    def add_node(self, node_id: str, type: NodeType | str, name: str | None = None, **attributes: Any) -> Node:
        """Add a node; raise :class:`~ecosystem.model.errors.ModelError` if it breaks the model."""
        kind = node_type(type)
        if name is None:
            name = node_id
        problems = check_node(self, node_id, type, name, attributes)
        if problems:
            raise ModelError(f"cannot add node {show(node_id)}: " + "; ".join(problems))
        assert kind is not None
        self.graph.add_node(node_id, type=kind.value, name=str(name), **_plain(attributes))
        self._lower_ids[node_id.casefold()] = node_id
        return self.node(node_id)

    def add_relationship(self, type: RelType | str, source: str, target: str, **properties: Any) -> Relationship:
        """Add a relationship; raise :class:`~ecosystem.model.errors.ModelError` if it breaks the model."""
        kind = rel_type(type)
        if kind is None:
            raise ModelError(f"unknown relationship type {show(type)}")
        problems = check_relationship(self, kind, source, target, properties)
        if problems:
            raise ModelError(f"cannot add {kind.value} {show(source)} -> {show(target)}: " + "; ".join(problems))
        self.graph.add_edge(source, target, key=kind.value, **_plain(properties))
        return Relationship(kind, source, target, dict(properties))

    def remove_node(self, node_id: str) -> None:
        """Remove a node and its relationships."""
        self._require(node_id)
        self.graph.remove_node(node_id)
        self._lower_ids.pop(node_id.casefold(), None)
        if node_id == self._focal:
            self._focal = None

    def remove_relationship(self, type: RelType | str, source: str, target: str) -> None:
        """Remove one relationship (for symmetric types, in either direction)."""
        kind = rel_type(type)
        key = kind.value if kind else str(type)
        if self.graph.has_edge(source, target, key):
            self.graph.remove_edge(source, target, key)
        elif kind is not None and RULES[kind].symmetric and self.graph.has_edge(target, source, key):
            self.graph.remove_edge(target, source, key)
        else:
            raise ModelError(f"no {key} relationship from {source!r} to {target!r}")

    def map(self, **options: Any) -> Any:
        """The interactive map as a pyvis ``Network``, to tweak and ``show`` in a notebook.

        Options are those of :func:`ecosystem.pages.map.ecosystem_map` (``size_by``,
        ``focus``, ``depth``, ``only``, ``view``, ``max_nodes``, ``seed``).
        """
        from ..pages.map import ecosystem_map

        return ecosystem_map(self, **options)

    def copy(self) -> Ecosystem:
        """An independent copy (for what-if changes)."""
        other = Ecosystem(self.name, self._focal)
        other.graph = self.graph.copy()
        other._lower_ids = dict(self._lower_ids)
        return other

    # -- reading ----------------------------------------------------------
    def _require(self, node_id: str) -> dict[str, Any]:
        try:
            return self.graph.nodes[node_id]
        except KeyError:
            raise ModelError(f"no node with id {node_id!r}") from None

    def node(self, node_id: str) -> Node:
        """The node with this id; :class:`~ecosystem.model.errors.ModelError` if none."""
        data = self._require(node_id)
        attrs = {k: v for k, v in data.items() if k not in ("type", "name")}
        return Node(node_id, NodeType(data["type"]), data["name"], attrs)

    def has_node(self, node_id: str) -> bool:
        return node_id in self.graph

    def nodes(self, type: NodeType | str | None = None) -> list[Node]:
        """All nodes, or those of one type, in insertion order."""
        wanted = node_type(type).value if type is not None and node_type(type) else type
        return [self.node(n) for n, d in self.graph._node.items() if wanted is None or d["type"] == wanted]

    def ids(self, type: NodeType | str | None = None) -> list[str]:
        """Node ids, all or of one type, in insertion order."""
        kind = node_type(type) if type is not None else None
        if kind is None:
            return list(self.graph._node)
        wanted = kind.value
        return [n for n, d in self.graph._node.items() if d["type"] == wanted]

    def type_of(self, node_id: str) -> NodeType:
        return NodeType(self._require(node_id)["type"])

    def name_of(self, node_id: str) -> str:
        return str(self._require(node_id)["name"])

    def firms(self) -> list[Node]:
        return self.nodes(NodeType.FIRM)

    def partners(self) -> list[Node]:
        return self.nodes(NodeType.PARTNER)

    def customers(self) -> list[Node]:
        return self.nodes(NodeType.CUSTOMER)

    def jobs(self) -> list[Node]:
        return self.nodes(NodeType.JOB)

    def capabilities(self) -> list[Node]:
        return self.nodes(NodeType.CAPABILITY)

    def units(self) -> list[Node]:
        return self.nodes(NodeType.UNIT)

    def organisations(self) -> list[Node]:
        """Firms and partners."""
        return [n for n in self.nodes() if n.type in ORGANISATIONS]

    def relationships(
        self, type: RelType | str | None = None, source: str | None = None, target: str | None = None
    ) -> list[Relationship]:
        """Relationships, optionally of one type and/or from a source / to a target."""
        kind = rel_type(type) if type is not None else None
        if type is not None and kind is None:
            raise ModelError(f"unknown relationship type {show(type)}")
        if source is not None:
            edges: Iterator[tuple[str, str, str, dict[str, Any]]] = iter(
                self.graph.out_edges(source, keys=True, data=True)
            )
        elif target is not None:
            edges = iter(self.graph.in_edges(target, keys=True, data=True))
        else:
            edges = iter(self.graph.edges(keys=True, data=True))
        return [
            Relationship(RelType(k), u, v, dict(d))
            for u, v, k, d in edges
            if (kind is None or k == kind.value) and (target is None or v == target)
        ]

    def providers(self, capability: str) -> list[Provision]:
        """Who provides a capability, with proficiency (default 1.0)."""
        self._require(capability)
        return [
            Provision(u, capability, float(d.get("proficiency", 1.0)))
            for u, _, k, d in self.graph.in_edges(capability, keys=True, data=True)
            if k == RelType.PROVIDES.value
        ]

    def capabilities_of(self, actor: str) -> list[str]:
        """Ids of the capabilities an organisation or unit provides."""
        self._require(actor)
        return [v for _, v, k in self.graph.out_edges(actor, keys=True) if k == RelType.PROVIDES.value]

    def requirements(self, job: str) -> list[Requirement]:
        """The capabilities a job requires, with weights (default 1.0)."""
        self._require(job)
        return [
            Requirement(job, v, float(d.get("weight", 1.0)))
            for _, v, k, d in self.graph.out_edges(job, keys=True, data=True)
            if k == RelType.REQUIRES.value
        ]

    def jobs_of(self, customer: str) -> list[CustomerJob]:
        """A customer's jobs with importance and satisfaction."""
        self._require(customer)
        return [
            CustomerJob(customer, v, float(d["importance"]), float(d["satisfaction"]))
            for _, v, k, d in self.graph.out_edges(customer, keys=True, data=True)
            if k == RelType.HAS_JOB.value
        ]

    def customers_of(self, job: str) -> list[CustomerJob]:
        """The customers who have a job, with their ratings."""
        self._require(job)
        return [
            CustomerJob(u, job, float(d["importance"]), float(d["satisfaction"]))
            for u, _, k, d in self.graph.in_edges(job, keys=True, data=True)
            if k == RelType.HAS_JOB.value
        ]

    def _neighbours(self, node_id: str, kind: RelType) -> list[str]:
        self._require(node_id)
        out = [v for _, v, k in self.graph.out_edges(node_id, keys=True) if k == kind.value]
        inn = [u for u, _, k in self.graph.in_edges(node_id, keys=True) if k == kind.value]
        seen: dict[str, None] = dict.fromkeys(out + inn)
        return list(seen)

    def partners_of(self, actor: str) -> list[str]:
        """Who an organisation or unit partners with (direction ignored)."""
        return self._neighbours(actor, RelType.PARTNERS_WITH)

    def integrations_of(self, actor: str) -> list[str]:
        """Who an organisation or unit integrates with (direction ignored)."""
        return self._neighbours(actor, RelType.INTEGRATES_WITH)

    def units_of(self, organisation: str) -> list[str]:
        """The units that are ``PART_OF`` an organisation."""
        self._require(organisation)
        return [u for u, _, k in self.graph.in_edges(organisation, keys=True) if k == RelType.PART_OF.value]

    def parent_of(self, unit: str) -> str | None:
        """The organisation a unit is part of, or ``None``."""
        self._require(unit)
        for _, v, k in self.graph.out_edges(unit, keys=True):
            if k == RelType.PART_OF.value:
                return str(v)
        return None

    def customers_served_by(self, actor: str) -> list[str]:
        self._require(actor)
        return [v for _, v, k in self.graph.out_edges(actor, keys=True) if k == RelType.SERVES.value]

    def counts(self) -> dict[str, int]:
        """Number of nodes of each type (every type present, zero included)."""
        found = Counter(d["type"] for d in self.graph._node.values())
        return {t.value: found.get(t.value, 0) for t in NodeType}

    def relationship_counts(self) -> dict[str, int]:
        """Number of relationships of each type (every type present)."""
        found = Counter(k for _, _, k in self.graph.edges(keys=True))
        return {t.value: found.get(t.value, 0) for t in RelType}

    # -- dunder -------------------------------------------------------------
    def __len__(self) -> int:
        return int(self.graph.number_of_nodes())

    def __contains__(self, node_id: object) -> bool:
        return node_id in self.graph

    def __iter__(self) -> Iterator[Node]:
        return iter(self.nodes())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Ecosystem):
            return NotImplemented
        return (
            self.name == other.name
            and self._focal == other._focal
            and dict(self.graph.nodes(data=True)) == dict(other.graph.nodes(data=True))
            and _edge_set(self) == _edge_set(other)
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"<Ecosystem {self.name!r} focal={self._focal!r} "
            f"nodes={self.graph.number_of_nodes()} relationships={self.graph.number_of_edges()}>"
        )


def _edge_set(eco: Ecosystem) -> dict[tuple[str, str, str], dict[str, Any]]:
    return {(u, v, k): d for u, v, k, d in eco.graph.edges(keys=True, data=True)}


def check_node(eco: Ecosystem, node_id: Any, type: Any, name: Any, attributes: Mapping[str, Any]) -> list[str]:
    """Messages for everything wrong with a prospective node of ``eco``."""
    kind = node_type(type)
    problems = [m for m in (check_id(node_id),) if m]
    if kind is None:
        problems.append(f"unknown node type {show(type)}; expected one of {', '.join(t.value for t in NodeType)}")
    if not problems:
        if node_id in eco.graph:
            problems.append(f"duplicate id {node_id!r}")
        elif node_id.casefold() in eco._lower_ids:
            problems.append(f"id {node_id!r} differs only by case from {eco._lower_ids[node_id.casefold()]!r}")
    if not isinstance(name, str) or not name.strip():
        problems.append(f"name must be a non-empty string, got {show(name)}")
    for key, value in attributes.items():
        if key in RESERVED_NODE_KEYS:
            problems.append(f"{key!r} is a reserved name, not a free attribute")
            continue
        msg = check_attribute(key, value)
        if msg:
            problems.append(msg)
    if kind is not None:
        problems.extend(check_node_properties(kind, attributes))
    return problems


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


def check_relationship(
    eco: Ecosystem, kind: RelType, source: Any, target: Any, properties: Mapping[str, Any]
) -> list[str]:
    """Messages for everything wrong with a prospective relationship."""
    rule = RULES[kind]
    problems: list[str] = []
    for end, value, allowed in (("from", source, rule.sources), ("to", target, rule.targets)):
        msg = check_id(value, end)
        if msg:
            problems.append(msg)
            continue
        if value not in eco.graph:
            problems.append(f"{end} {value!r} is not a node in this ecosystem")
            continue
        actual = eco.graph.nodes[value]["type"]
        if NodeType(actual) not in allowed:
            names = " or ".join(sorted(t.value for t in allowed))
            problems.append(f"{kind.value} {end} must be a {names}, but {value!r} is a {actual}")
    for key, value in properties.items():
        if key in RESERVED_RELATIONSHIP_KEYS:
            problems.append(f"{key!r} is a reserved name, not a property")
            continue
        spec = rule.property(key)
        msg = spec.check(value) if spec else check_attribute(key, value)
        if msg:
            problems.append(msg)
    for spec in rule.properties:
        if spec.required and spec.name not in properties:
            problems.append(f"{kind.value} needs {spec.name} ({spec.expectation()})")
    if not problems:
        if source == target and kind in (RelType.PARTNERS_WITH, RelType.INTEGRATES_WITH, RelType.PART_OF):
            problems.append(f"{source!r} cannot have {kind.value} with itself")
        elif eco.graph.has_edge(source, target, kind.value) or (
            rule.symmetric and eco.graph.has_edge(target, source, kind.value)
        ):
            problems.append(f"{kind.value} between {source!r} and {target!r} is already declared")
        elif kind is RelType.PART_OF and eco.parent_of(source) is not None:
            problems.append(f"unit {source!r} is already part of {eco.parent_of(source)!r}")
    return problems
