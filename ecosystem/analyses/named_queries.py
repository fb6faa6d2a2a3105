"""Named queries: the ``queries/*.cypher`` catalogue, and one runner for both stores.

Each query is a ``.cypher`` file whose header comments give its name, a
one-line description and its parameters::

    // name: capability-providers
    // description: Who provides a capability, most proficient first.
    // param: capability string -- the capability's id
    // param: depth integer = 1 in 0..10 -- partnership hops

A parameter has a type (``string``, ``integer``, ``float``, ``boolean``), an
optional default and an optional range; one without a default is required.
Every query also receives ``$ecosystem``, the name of the ecosystem it runs on.
Values always reach Neo4j as parameters, never as query text.

Every named query also has an embedded counterpart (:data:`EMBEDDED`), a
Python function of an :class:`~ecosystem.model.graph.Ecosystem` that gives the same
records, so a query runs on a file without any server.
"""

from __future__ import annotations

import os
from importlib import resources
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from ..model.errors import EcosystemError, ModelError, SourceError
from ..model.graph import Ecosystem, NodeType, RelType
from .gaps import capability_gaps as find_gaps
from .opportunity import opportunity_score

__all__ = ["QueryParameter", "NamedQuery", "QueryError", "catalogue", "query_folder", "run_named_query", "EMBEDDED"]

_HEADER = re.compile(r"^//\s*(name|description|param):\s*(.*?)\s*$")
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s+(?P<type>string|integer|float|boolean)"
    r"(?:\s*=\s*(?P<default>\S+))?"
    r"(?:\s+in\s+(?P<min>-?\d+(?:\.\d+)?)\.\.(?P<max>-?\d+(?:\.\d+)?))?"
    r"\s*--\s*(?P<description>.+)$"
)


class QueryError(EcosystemError):
    """A named query that does not exist, or parameters that do not fit it."""


@dataclass(frozen=True)
class QueryParameter:
    """One typed parameter of a named query."""

    name: str
    type: str
    description: str
    default: Any = None
    required: bool = True
    minimum: float | None = None
    maximum: float | None = None

    def parse(self, text: str) -> Any:
        """The value of a ``--param name=TEXT`` given on the command line."""
        try:
            if self.type == "integer":
                value: Any = int(text)
            elif self.type == "float":
                value = float(text)
            elif self.type == "boolean":
                lowered = text.strip().lower()
                if lowered not in ("true", "false"):
                    raise ValueError(text)
                value = lowered == "true"
            else:
                value = text
        except ValueError:
            raise QueryError(f"parameter {self.name} must be {_an(self.type)}, got {text!r}") from None
        return self.check(value)

    def check(self, value: Any) -> Any:
        """Validate a value's type and range; return it (ints accepted for floats)."""
        ok = {
            "string": isinstance(value, str),
            "integer": isinstance(value, int) and not isinstance(value, bool),
            "float": isinstance(value, (int, float)) and not isinstance(value, bool),
            "boolean": isinstance(value, bool),
        }[self.type]
        if not ok:
            raise QueryError(f"parameter {self.name} must be {_an(self.type)}, got {value!r}")
        if self.minimum is not None and value < self.minimum or self.maximum is not None and value > self.maximum:
            raise QueryError(
                f"parameter {self.name} must be from {_fmt(self.minimum)} to {_fmt(self.maximum)}, got {value!r}"
            )
        return float(value) if self.type == "float" else value


def _an(kind: str) -> str:
    return "an integer" if kind == "integer" else f"a {kind}"


def _fmt(x: float | None) -> str:
    return "" if x is None else str(int(x)) if float(x).is_integer() else str(x)


@dataclass(frozen=True)
class NamedQuery:
    """A named Cypher query from the catalogue."""

    name: str
    description: str
    parameters: tuple[QueryParameter, ...]
    text: str
    path: str

    def bind(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """Check ``values`` against the parameters; fill defaults; refuse unknown names."""
        known = {p.name: p for p in self.parameters}
        unknown = sorted(set(values) - set(known))
        if unknown:
            expected = ", ".join(known) or "none"
            raise QueryError(f"query {self.name} has no parameter {', '.join(unknown)} (parameters: {expected})")
        bound: dict[str, Any] = {}
        for param in self.parameters:
            if param.name in values:
                bound[param.name] = param.check(values[param.name])
            elif param.required:
                raise QueryError(f"query {self.name} needs --param {param.name}=... ({param.description})")
            else:
                bound[param.name] = param.default
        return bound

    @classmethod
    def from_file(cls, path: Path) -> NamedQuery:
        """Parse a ``.cypher`` file with its header."""
        name = description = None
        parameters: list[QueryParameter] = []
        body: list[str] = []
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            match = _HEADER.match(line)
            if match and not body:
                key, value = match.groups()
                if key == "name":
                    name = value
                elif key == "description":
                    description = value
                else:
                    p = _PARAM.match(value)
                    if not p:
                        raise QueryError(
                            f"{path}:{number}: a parameter line must read "
                            "'// param: NAME TYPE [= DEFAULT] [in MIN..MAX] -- DESCRIPTION'"
                        )
                    parameters.append(_parameter(p.groupdict()))
            elif line.strip() or body:
                body.append(line)
        if not name or not description:
            raise QueryError(f"{path}: the header needs '// name:' and '// description:' lines")
        if name != path.stem:
            raise QueryError(f"{path}: the query's name {name!r} must match its file name")
        return cls(name, description, tuple(parameters), "\n".join(body).strip() + "\n", str(path))


def _parameter(fields: dict[str, Any]) -> QueryParameter:
    kind = fields["type"]
    bounds = [None if fields[k] is None else float(fields[k]) for k in ("min", "max")]
    spec = QueryParameter(fields["name"], kind, fields["description"], None, True, bounds[0], bounds[1])
    if fields["default"] is not None:
        default = None if fields["default"] == "null" else spec.parse(fields["default"])
        spec = QueryParameter(spec.name, kind, spec.description, default, False, spec.minimum, spec.maximum)
    return spec


def query_folder() -> Path:
    """Where the catalogue lives: ``$ECOSYSTEM_QUERIES`` or the catalogue shipped inside the package
    (``ecosystem/stores/queries``; ``queries/`` at the repository root links to it)."""
    configured = os.environ.get("ECOSYSTEM_QUERIES")
    if configured:
        return Path(configured)
    return Path(str(resources.files("ecosystem.stores") / "queries"))


def catalogue(folder: Path | str | None = None) -> dict[str, NamedQuery]:
    """The named queries, by name, in name order.

    >>> sorted(catalogue())[:3]
    ['capability-gaps', 'capability-providers', 'customer-jobs']
    """
    folder = Path(folder) if folder is not None else query_folder()
    if not folder.is_dir():
        raise SourceError(f"no query catalogue at {folder} (set ECOSYSTEM_QUERIES to the queries/ folder)")
    queries = [NamedQuery.from_file(path) for path in sorted(folder.glob("*.cypher"))]
    return {q.name: q for q in queries}


def run_named_query(store: Any, name: str, values: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
    """Run a named query on a store (Neo4j: the Cypher; embedded: its Python counterpart).

    >>> import ecosystem
    >>> with ecosystem.open_store("sample_graphs/camera.yaml") as store:
    ...     rows = run_named_query(store, "capability-providers", {"capability": "repair-network"})
    >>> [(r["provider"], r["proficiency"]) for r in rows]
    [('fixright', 1.0), ('gearlogix', 1.0)]
    """
    queries = catalogue()
    if name not in queries:
        raise QueryError(f"no named query {name!r}; `ecosystem queries` lists them: {', '.join(queries)}")
    query = queries[name]
    bound = query.bind(values or {})
    from ..stores.neo4j import Neo4jStore

    if isinstance(store, Neo4jStore):
        meta = store._pick_ecosystem(None)
        return store.run_read(query.text, {**bound, "ecosystem": meta["name"]})
    return EMBEDDED[name](store.read(), **bound)


# -- embedded counterparts: the same records from an Ecosystem ----------------
def _focal(eco: Ecosystem) -> str:
    if eco.focal is None:
        raise ModelError("this ecosystem has no focal firm")
    return eco.focal


def focal_partners(eco: Ecosystem) -> list[dict[str, Any]]:
    focal = _focal(eco)
    rows = []
    for other in sorted(eco.partners_of(focal)):
        data = eco.graph.get_edge_data(focal, other, RelType.PARTNERS_WITH.value) or eco.graph.get_edge_data(
            other, focal, RelType.PARTNERS_WITH.value
        )
        rows.append(
            {
                "partner": other,
                "name": eco.name_of(other),
                "kind": data.get("kind"),
                "strength": data.get("strength"),
                "provides": sorted(eco.capabilities_of(other)),
            }
        )
    return rows


def customer_jobs(eco: Ecosystem, customer: str) -> list[dict[str, Any]]:
    if customer not in eco or eco.type_of(customer) is not NodeType.CUSTOMER:
        return []
    rows = [
        {
            "job": r.job,
            "name": eco.name_of(r.job),
            "importance": r.importance,
            "satisfaction": r.satisfaction,
            "opportunity": round(opportunity_score(r.importance, r.satisfaction), 6),
        }
        for r in eco.jobs_of(customer)
    ]
    return sorted(rows, key=lambda r: (-r["opportunity"], r["job"]))


def capability_gaps(eco: Ecosystem, depth: int = 1) -> list[dict[str, Any]]:
    return [
        {"job": g.job, "capability": g.capability, "weight": g.weight, "opportunity": g.opportunity,
         "severity": g.severity}
        for g in find_gaps(eco, depth)
    ]


def capability_providers(eco: Ecosystem, capability: str) -> list[dict[str, Any]]:
    if capability not in eco or eco.type_of(capability) is not NodeType.CAPABILITY:
        return []
    rows = [
        {"provider": p.provider, "name": eco.name_of(p.provider), "type": eco.type_of(p.provider).value,
         "proficiency": p.proficiency}
        for p in eco.providers(capability)
    ]
    return sorted(rows, key=lambda r: (-r["proficiency"], r["provider"]))


def single_sourced(eco: Ecosystem) -> list[dict[str, Any]]:
    rows = []
    for capability in eco.ids(NodeType.CAPABILITY):
        providers = eco.providers(capability)
        jobs = {u for u, _, k in eco.graph.in_edges(capability, keys=True) if k == RelType.REQUIRES.value}
        if len(providers) == 1 and jobs:
            provider = providers[0].provider
            rows.append(
                {"capability": capability, "name": eco.name_of(capability), "provider": provider,
                 "provider_name": eco.name_of(provider), "jobs": len(jobs)}
            )
    return sorted(rows, key=lambda r: (-r["jobs"], r["capability"]))


def integration_path(eco: Ecosystem, **ends: str) -> list[dict[str, Any]]:
    start, end = ends["from"], ends["to"]
    if start == end or start not in eco or end not in eco:
        return []
    kinds = (RelType.PARTNERS_WITH.value, RelType.INTEGRATES_WITH.value)
    graph: nx.Graph = nx.Graph()
    via: dict[frozenset[str], str] = {}
    for u, v, k in eco.graph.edges(keys=True):
        if k in kinds:
            graph.add_edge(u, v)
            pair = frozenset((u, v))
            via[pair] = min(via.get(pair, k), k)
    if start not in graph or end not in graph or not nx.has_path(graph, start, end):
        return []
    paths = list(nx.all_shortest_paths(graph, start, end))
    if len(paths[0]) - 1 > 15:
        return []
    best = min(paths)
    return [
        {"step": i, "id": node, "name": eco.name_of(node),
         "via": None if i == 0 else via[frozenset((best[i - 1], node))]}
        for i, node in enumerate(best)
    ]


def job_dependencies(eco: Ecosystem, job: str) -> list[dict[str, Any]]:
    if job not in eco or eco.type_of(job) is not NodeType.JOB:
        return []
    partners = set(eco.partners_of(_focal(eco)))
    rows = []
    for need in eco.requirements(job):
        for p in eco.providers(need.capability):
            if p.provider in partners:
                rows.append({"capability": need.capability, "partner": p.provider, "name": eco.name_of(p.provider),
                             "proficiency": p.proficiency})
    return sorted(rows, key=lambda r: (r["capability"], r["partner"]))


#: The embedded counterpart of every named query.
EMBEDDED: dict[str, Callable[..., list[dict[str, Any]]]] = {
    "focal-partners": focal_partners,
    "customer-jobs": customer_jobs,
    "capability-gaps": capability_gaps,
    "capability-providers": capability_providers,
    "single-sourced": single_sourced,
    "integration-path": integration_path,
    "job-dependencies": job_dependencies,
}
