"""Named queries, run on either store: the Cypher on Neo4j, its Python counterpart on a file.

The catalogue (the ``queries/*.cypher`` files, their parameters) is
:mod:`ecosystem.stores.catalogue`.  Every named query also has an embedded
counterpart (:data:`EMBEDDED`), a Python function of an
:class:`~ecosystem.model.graph.Ecosystem` that gives the same records, so a
query runs on a file without any server.  The counterparts are named after
the records they return (``capability_gap_rows``...), apart from the
analyses whose figures they reuse (:func:`~ecosystem.analyses.gaps.capability_gaps`).

Note: the ``single-sourced`` query counts providers in the whole graph;
:func:`~ecosystem.analyses.whatif.risks` counts them in the focal firm's scope.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import networkx as nx

from ..model.errors import ModelError
from ..model.graph import Ecosystem, NodeType, RelType
from ..stores.catalogue import QueryError, catalogue
from .gaps import capability_gaps
from .opportunity import opportunity_score

__all__ = ["run_named_query", "EMBEDDED"]


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


def focal_partner_rows(eco: Ecosystem) -> list[dict[str, Any]]:
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


def customer_job_rows(eco: Ecosystem, customer: str) -> list[dict[str, Any]]:
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


def capability_gap_rows(eco: Ecosystem, depth: int = 1) -> list[dict[str, Any]]:
    return [
        {"job": g.job, "capability": g.capability, "weight": g.weight, "opportunity": g.opportunity,
         "severity": g.severity}
        for g in capability_gaps(eco, depth)
    ]


def capability_provider_rows(eco: Ecosystem, capability: str) -> list[dict[str, Any]]:
    if capability not in eco or eco.type_of(capability) is not NodeType.CAPABILITY:
        return []
    rows = [
        {"provider": p.provider, "name": eco.name_of(p.provider), "type": eco.type_of(p.provider).value,
         "proficiency": p.proficiency}
        for p in eco.providers(capability)
    ]
    return sorted(rows, key=lambda r: (-r["proficiency"], r["provider"]))


def single_sourced_rows(eco: Ecosystem) -> list[dict[str, Any]]:
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


def integration_path_rows(eco: Ecosystem, **ends: str) -> list[dict[str, Any]]:
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


def job_dependency_rows(eco: Ecosystem, job: str) -> list[dict[str, Any]]:
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
    "focal-partners": focal_partner_rows,
    "customer-jobs": customer_job_rows,
    "capability-gaps": capability_gap_rows,
    "capability-providers": capability_provider_rows,
    "single-sourced": single_sourced_rows,
    "integration-path": integration_path_rows,
    "job-dependencies": job_dependency_rows,
}
