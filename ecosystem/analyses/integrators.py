"""Central integrators: who really assembles partners' capabilities into customers' jobs.

The **integrator score** of an organisation (firm or partner) is the mean of
three measures, each scaled to 0..1 by its maximum over all organisations:

* **betweenness**: betweenness centrality in the whole graph (every node and
  relationship, direction ignored): how much of the ecosystem's shortest
  connections pass through it.  Exact up to
  :data:`ecosystem.analyses.engine.EXACT_BETWEENNESS_LIMIT` nodes, estimated from
  :data:`ecosystem.analyses.engine.DEFAULT_SAMPLE` seeded source nodes above (see
  :mod:`ecosystem.analyses.engine` for the measured error);
* **brokerage**: Burt's effective size in the organisation partnership graph
  (``PARTNERS_WITH`` between organisations): how many non-redundant partners
  it connects;
* **reach**: the total opportunity of the jobs it could fully cover with its
  own and its direct partners' capabilities (units included; jobs that
  require nothing are left out).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import networkx as nx

from ..model.graph import ORGANISATIONS, Ecosystem, NodeType, RelType
from . import engine
from .engine import without_gc
from .figures import Figures, figures_of
from .opportunity import job_opportunities

__all__ = ["IntegratorScore", "central_integrators", "partnership_graph", "integration_reach"]

PROVIDES, PART_OF, PARTNERS = RelType.PROVIDES.value, RelType.PART_OF.value, RelType.PARTNERS_WITH.value


@dataclass(frozen=True)
class IntegratorScore:
    """An organisation's integrator score, its three scaled components, and why."""

    id: str
    name: str
    type: str
    score: float
    betweenness: float
    brokerage: float
    reach: float
    explanation: str


def partnership_graph(source: Ecosystem | Figures) -> nx.Graph:
    """The organisations and the partnerships between them (undirected, simple), built once per ecosystem.

    The graph an analysis keeps is frozen (read-only): copy it to change it.

    >>> import ecosystem
    >>> graph = partnership_graph(ecosystem.load("sample_graphs/camera.yaml"))
    >>> sorted(graph.adj["fixright"])
    ['gearlogix', 'lumen']
    """
    figures = figures_of(source)
    return figures.shared_figure("partnership_graph", lambda: nx.freeze(_partnership_graph(figures.eco)))


def _partnership_graph(eco: Ecosystem) -> nx.Graph:
    organisation_types = {t.value for t in ORGANISATIONS}
    graph: nx.Graph = nx.Graph()
    graph.add_nodes_from(sorted(n for n, t in eco.graph.nodes(data="type") if t in organisation_types))
    graph.add_edges_from(
        sorted({tuple(sorted((u, v))) for u, v, k in eco.graph.edges(keys=True) if k == PARTNERS and u in graph and v in graph})
    )
    return graph


def _whole_graph(eco: Ecosystem) -> nx.Graph:
    graph: nx.Graph = nx.Graph()
    graph.add_nodes_from(sorted(eco.graph.nodes))
    # sorted, so that the result does not depend on the order the store read the graph in
    graph.add_edges_from(sorted({tuple(sorted((u, v))) for u, v in eco.graph.edges() if u != v}))
    return graph


def integration_reach(
    eco: Ecosystem, partners: nx.Graph | None = None, opportunity: dict[str, float] | None = None
) -> dict[str, tuple[float, int]]:
    """For each organisation: (opportunity, number) of the jobs it could fully cover with its partners.

    Computed with an inverted index (capability -> jobs), not by testing every
    job against every organisation.  ``partners`` and ``opportunity`` are
    :func:`partnership_graph` and
    :func:`~ecosystem.analyses.opportunity.job_opportunities` when the caller
    has them.

    >>> import ecosystem
    >>> integration_reach(ecosystem.load("sample_graphs/camera.yaml"))["fixright"]  # keep-gear-working, with lumen
    (52.6, 1)
    """
    graph = eco.graph
    partners = partners if partners is not None else _partnership_graph(eco)
    own: dict[str, set[str]] = defaultdict(set)
    for actor, capability, key in graph.edges(keys=True):
        if key == PROVIDES:
            own[actor].add(capability)
    for unit in eco.ids(NodeType.UNIT):
        for parent, keys in eco.out_links[unit].items():
            if PART_OF in keys:
                own[parent] |= own.get(unit, set())
    needs: dict[str, int] = {}
    jobs_needing: dict[str, list[str]] = defaultdict(list)
    for job in eco.ids(NodeType.JOB):
        required = [c for c, keys in eco.out_links[job].items() if RelType.REQUIRES.value in keys]
        if required:
            needs[job] = len(required)
            for capability in required:
                jobs_needing[capability].append(job)
    opportunity = opportunity if opportunity is not None else job_opportunities(eco)
    reach: dict[str, tuple[float, int]] = {}
    for organisation in partners.nodes:
        available = set(own.get(organisation, ()))
        for other in partners.adj[organisation]:
            available |= own.get(other, set())
        counts: dict[str, int] = defaultdict(int)
        for capability in available:
            for job in jobs_needing.get(capability, ()):
                counts[job] += 1
        covered = sorted(job for job, n in counts.items() if n == needs[job])
        reach[organisation] = (sum(opportunity[j] for j in covered), len(covered))
    return reach


def _scaled(values: dict[str, float]) -> dict[str, float]:
    top = max(values.values(), default=0.0)
    return {k: (v / top if top > 0 else 0.0) for k, v in values.items()}


def central_integrators(
    source: Ecosystem | Figures, top: int | None = None, sample: int | None = None, seed: int = 0
) -> list[IntegratorScore]:
    """Organisations by integrator score (highest first, then id).

    Parameters
    ----------
    source : Ecosystem or Analysis
        The ranking does not depend on the focal firm or depth: the analyses
        of one ecosystem compute it once.
    top : int, optional
        Only the first ``top``.
    sample : int, optional
        Source nodes for estimated betweenness (default: exact up to
        ``engine.EXACT_BETWEENNESS_LIMIT`` nodes, else ``engine.DEFAULT_SAMPLE``).
    seed : int
        Seed of the sampling.

    Examples
    --------
    >>> import ecosystem
    >>> eco = ecosystem.load("sample_graphs/camera.yaml")
    >>> best = central_integrators(eco, top=1)[0]
    >>> best.id, best.betweenness, best.brokerage  # the focal firm is the most central and the best broker here
    ('lumen', 1.0, 1.0)
    """
    figures = figures_of(source)
    rows = figures.shared_figure(("integrators", sample, seed), lambda: tuple(_ranking(figures, sample, seed)))
    return list(rows[:top] if top is not None else rows)


@without_gc
def _ranking(figures: Figures, sample: int | None, seed: int) -> list[IntegratorScore]:
    eco = figures.eco
    organisations = partnership_graph(figures)
    whole = _whole_graph(eco)
    if sample is None:
        sample = engine.sample_size_for(whole.number_of_nodes())
    between = engine.betweenness(whole, sample=sample, seed=seed)
    brokerage = engine.effective_size(organisations)
    reach = integration_reach(eco, organisations, figures.opportunities)
    ids = list(organisations.nodes)
    b = _scaled({o: between.get(o, 0.0) for o in ids})
    e = _scaled({o: brokerage.get(o, 0.0) for o in ids})
    r = _scaled({o: reach[o][0] for o in ids})
    scores = {o: (b[o] + e[o] + r[o]) / 3 for o in ids}
    focal_score = scores.get(eco.focal or "", None)
    rows = []
    for o in ids:
        opportunity, jobs = reach[o]
        degree = organisations.degree(o)
        sentence = (
            f"{eco.name_of(o)} lies on {between.get(o, 0.0):.1%} of the ecosystem's shortest paths, "
            f"brokers among {degree} partner{'' if degree == 1 else 's'} (effective size {brokerage.get(o, 0.0):.1f}), "
            f"and with its direct partners could fully get {jobs} job{'s' if jobs != 1 else ''} done "
            f"(opportunity {opportunity:.1f})."
        )
        if focal_score is not None and o != eco.focal and scores[o] > focal_score:
            sentence += " It out-ranks the focal firm as integrator."
        rows.append(
            IntegratorScore(
                o, eco.name_of(o), eco.type_of(o).value, round(scores[o], 6), round(b[o], 6), round(e[o], 6),
                round(r[o], 6), sentence,
            )
        )
    rows.sort(key=lambda s: (-s.score, s.id))
    return rows
