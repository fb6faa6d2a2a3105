"""The ecosystem graph: :class:`Ecosystem`, its records and its checks.

An ecosystem is a typed graph (a networkx ``MultiDiGraph`` underneath) of

* ``firm``: organisations that deliver offerings; one is the *focal* firm;
* ``partner``: other organisations the firms work with;
* ``customer``: a customer or a customer segment;
* ``job``: a job-to-be-done a customer is trying to get done;
* ``capability``: knowledge, a skill or a resource (``kind``);
* ``unit``: an internal department of an organisation.

Relationship types and the node types they may join are in
:data:`~ecosystem.model.types.RULES` (the vocabulary lives in
:mod:`ecosystem.model.types`; its names are importable from here too).
Every node has a unique string ``id`` and a ``name``; any other attribute is
kept as it is ("free" attributes survive every file format).

:class:`Ecosystem` keeps its own invariants (one node per id, ids unique
ignoring case, edges keyed by relationship type).  Readers and generators
that have checked their records already put an ecosystem together in bulk
with :class:`EcosystemAssembler` or :meth:`Ecosystem.from_trusted`, never by
writing into its graph.  This is the one module that touches networkx's
internals (see :attr:`Ecosystem.out_links`).
"""

from __future__ import annotations

import importlib
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from .errors import ModelError
from .types import (
    ACTORS,
    CAPABILITY_KINDS,
    NODE_PROPERTIES,
    ORGANISATIONS,
    RESERVED_NODE_KEYS,
    RESERVED_RELATIONSHIP_KEYS,
    RULES,
    NodeType,
    PropertySpec,
    RelationshipRule,
    RelType,
    check_attribute,
    check_id,
    check_node_properties,
    is_number,
    node_type,
    plain_value,
    rel_type,
    show,
)

__all__ = [
    "Node",
    "Relationship",
    "Requirement",
    "Provision",
    "CustomerJob",
    "Ecosystem",
    "EcosystemAssembler",
    "NodeRecord",
    "EdgeRecord",
    "check_node",
    "check_relationship",
    # the vocabulary, defined in ecosystem.model.types and importable from here as before
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

#: A node as the assembler takes it: ``(id, data)``, ``data`` holding ``type``
#: (a :class:`NodeType` value), ``name`` and the free attributes, all plain values.
NodeRecord = tuple[str, dict[str, Any]]
#: A relationship as the assembler takes it: ``(source, target, TYPE, properties)``
#: with ``TYPE`` a :class:`RelType` value and plain property values.
EdgeRecord = tuple[str, str, str, dict[str, Any]]


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
        #: Every id by its casefold, so ids that differ only by case are refused.
        self._lower_ids: dict[str, str] = {}

    @classmethod
    def from_trusted(
        cls,
        name: str,
        focal: str | None,
        nodes: Iterable[NodeRecord],
        relationships: Iterable[EdgeRecord] = (),
    ) -> Ecosystem:
        """An ecosystem from records the caller has already checked, in one go.

        For readers and generators that validate their input themselves: no
        per-item check is made (a bad record makes a bad ecosystem), but every
        invariant :meth:`add_node` keeps is kept.  Insertion order is the
        order of ``nodes`` and ``relationships``.

        Parameters
        ----------
        name : str
            The ecosystem's name.
        focal : str or None
            The focal firm's id.
        nodes : iterable of (str, dict)
            ``(id, data)``: ``data`` holds ``type`` (a :class:`NodeType`
            value), ``name`` and the free attributes, as plain values; ids are
            unique, also ignoring case.
        relationships : iterable of (str, str, str, dict)
            ``(source, target, TYPE, properties)`` between those nodes, each
            allowed by :data:`RULES` and given once.

        Returns
        -------
        Ecosystem

        Examples
        --------
        >>> eco = Ecosystem.from_trusted(
        ...     "Demo", "acme",
        ...     [("acme", {"type": "firm", "name": "Acme"}), ("cloud", {"type": "partner", "name": "CloudCo"})],
        ...     [("acme", "cloud", "PARTNERS_WITH", {"strength": 0.8})],
        ... )
        >>> eco.partners_of("acme"), eco.case_twin("ACME")
        (['cloud'], 'acme')
        """
        assembler = EcosystemAssembler()
        assembler.add_nodes(nodes)
        assembler.add_relationships(relationships)
        return assembler.finish(name, focal)

    # -- raw adjacency, read-only (the one place that touches networkx internals) --
    @property
    def out_links(self) -> Mapping[str, Mapping[str, Mapping[str, dict[str, Any]]]]:
        """``out_links[a][b][TYPE]`` is the properties of relationship ``a -TYPE-> b``.

        networkx's own successor dictionary, without the view objects that
        ``graph.succ`` wraps around every access (the analyses' hot loops read
        it millions of times).  Read it; never change it: change the graph
        with :meth:`add_relationship` / :meth:`remove_relationship`.
        """
        return self.graph._succ

    @property
    def in_links(self) -> Mapping[str, Mapping[str, Mapping[str, dict[str, Any]]]]:
        """``in_links[b][a][TYPE]``: :attr:`out_links` seen from the target (read-only)."""
        return self.graph._pred

    @property
    def node_data(self) -> Mapping[str, dict[str, Any]]:
        """``node_data[id]`` is a node's data (``type``, ``name``, attributes); read-only."""
        return self.graph._node

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
        focal = self._focal
        return self.node(focal) if focal is not None and focal in self.graph else None

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
        self.graph.add_node(node_id, type=kind.value, name=str(name), **plain_value(attributes))
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
        # add_edges_from, not add_edge(key=...): a property may be called "key"
        self.graph.add_edges_from(((source, target, kind.value, plain_value(dict(properties))),))
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
        # A documented late binding: the model layer sits below the pages, so it
        # names the page module instead of importing it.
        pages = importlib.import_module("ecosystem.pages.map")
        return pages.ecosystem_map(self, **options)

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

    def case_twin(self, node_id: str) -> str | None:
        """The id of a node that equals ``node_id`` ignoring case, or ``None``.

        >>> eco = Ecosystem("Demo"); _ = eco.add_node("Acme", "firm")
        >>> eco.case_twin("ACME"), eco.case_twin("other")
        ('Acme', None)
        """
        return self._lower_ids.get(node_id.casefold())

    def nodes(self, type: NodeType | str | None = None) -> list[Node]:
        """All nodes, or those of one type, in insertion order."""
        kind = node_type(type) if type is not None else None
        wanted = kind.value if kind is not None else type
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


class EcosystemAssembler:
    """Puts one :class:`Ecosystem` together from records its caller has checked.

    The fast, trusted way in for readers and generators: no per-item check
    (the caller has made them, e.g. with :func:`check_node` against
    :attr:`partial`), but the ecosystem's invariants are kept as
    :meth:`Ecosystem.add_node` keeps them.  Call :meth:`finish` once, last.

    >>> asm = EcosystemAssembler()
    >>> asm.add_node("acme", {"type": "firm", "name": "Acme"})
    >>> asm.add_nodes([("design", {"type": "capability", "name": "Design", "kind": "skill"})])
    >>> check_node(asm.partial, "ACME", "partner", "Again", {})
    ["id 'ACME' differs only by case from 'acme'"]
    >>> asm.add_relationship("acme", "design", "PROVIDES", {"proficiency": 0.5})
    >>> eco = asm.finish("Demo", "acme")
    >>> eco.providers("design")
    [Provision(provider='acme', capability='design', proficiency=0.5)]
    """

    def __init__(self) -> None:
        self._eco: Ecosystem | None = Ecosystem()

    @property
    def partial(self) -> Ecosystem:
        """The ecosystem so far, to check the next record against (read it; do not change it)."""
        return self._open()

    def _open(self) -> Ecosystem:
        if self._eco is None:
            raise ModelError("this EcosystemAssembler has finished; start a new one")
        return self._eco

    def add_node(self, node_id: str, data: dict[str, Any]) -> None:
        """Add one node: ``data`` holds ``type`` (a :class:`NodeType` value), ``name``, attributes."""
        eco = self._open()
        eco.graph.add_nodes_from(((node_id, data),))
        eco._lower_ids[node_id.casefold()] = node_id

    def add_nodes(self, nodes: Iterable[NodeRecord]) -> None:
        """Add ``(id, data)`` nodes in order (see :meth:`add_node`)."""
        lower = self._open()._lower_ids

        def indexed() -> Iterator[NodeRecord]:
            for record in nodes:
                lower[record[0].casefold()] = record[0]
                yield record

        self._open().graph.add_nodes_from(indexed())

    def add_relationship(self, source: str, target: str, type: str, properties: dict[str, Any]) -> None:
        """Add one relationship; ``type`` is a :class:`RelType` value, the properties plain values."""
        self._open().graph.add_edges_from(((source, target, type, properties),))

    def add_relationships(self, relationships: Iterable[EdgeRecord]) -> None:
        """Add ``(source, target, TYPE, properties)`` relationships in order."""
        self._open().graph.add_edges_from(relationships)

    def finish(self, name: str, focal: str | None) -> Ecosystem:
        """Name the ecosystem and its focal firm and hand it over (the assembler is then spent)."""
        eco = self._open()
        self._eco = None
        eco.name = name
        eco.graph.graph["name"] = name
        eco._focal = focal
        return eco


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
        else:
            twin = eco.case_twin(node_id)
            if twin is not None:
                problems.append(f"id {node_id!r} differs only by case from {twin!r}")
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
