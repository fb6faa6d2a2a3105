"""Coverage: how much of each job the focal firm's ecosystem can get done.

A capability a job ``REQUIRES`` is

* ``in_house`` if the focal firm or one of its units provides it,
* ``partner`` if another organisation in scope (or one of its units) does,
* a **gap** otherwise.

A job's **coverage** is its covered requirement weight divided by its total
requirement weight (1.0 for a job that requires nothing).  A customer's
**covered share** is the part of its opportunity (its weighted opportunity
score over its jobs) times each job's coverage, over its whole opportunity
(1.0 when it has none).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from .engine import without_gc
from ..model.graph import Ecosystem, NodeType, RelType
from .opportunity import job_opportunities, opportunity_score
from .scope import Scope, scope

__all__ = [
    "IN_HOUSE",
    "PARTNER",
    "GAP",
    "JobCoverage",
    "CustomerCoverage",
    "CoverageModel",
    "coverage",
    "customer_coverage",
]

IN_HOUSE, PARTNER, GAP = "in_house", "partner", "gap"
PROVIDES, REQUIRES, HAS_JOB = RelType.PROVIDES.value, RelType.REQUIRES.value, RelType.HAS_JOB.value


@dataclass(frozen=True)
class JobCoverage:
    """How the ecosystem covers one job: the capabilities in each status."""

    job: str
    name: str
    opportunity: float
    coverage: float
    in_house: tuple[str, ...]
    partner: tuple[str, ...]
    gaps: tuple[str, ...]


@dataclass(frozen=True)
class CustomerCoverage:
    """The share of a customer's opportunity that the ecosystem covers."""

    customer: str
    name: str
    opportunity: float
    covered: float
    share: float


class CoverageModel:
    """Who provides what inside one scope, computed once (sets, no graph searches).

    ``providers[c]`` is the set of organisations in scope other than the
    focal firm that provide capability ``c`` (a unit counts as its
    organisation); ``in_house`` is what the focal firm and its units provide.
    """

    def __init__(self, eco: Ecosystem, where: Scope) -> None:
        self.eco = eco
        self.scope = where
        self.in_house: set[str] = set()
        self.providers: dict[str, set[str]] = defaultdict(set)
        graph = eco.graph
        for actor in sorted(where.actors):
            organisation = where.organisation_of(actor)
            for capability, keys in graph._succ[actor].items():
                if PROVIDES in keys:
                    if organisation == where.focal:
                        self.in_house.add(capability)
                    else:
                        self.providers[capability].add(organisation)
        self._opportunity: dict[str, float] | None = None

    @property
    def opportunity(self) -> dict[str, float]:
        """Every job's opportunity (computed once)."""
        if self._opportunity is None:
            self._opportunity = job_opportunities(self.eco)
        return self._opportunity

    def status(self, capability: str) -> str:
        """``in_house``, ``partner`` or ``gap``."""
        if capability in self.in_house:
            return IN_HOUSE
        if capability in self.providers:
            return PARTNER
        return GAP

    def requirements(self, job: str) -> list[tuple[str, float]]:
        """A job's required capabilities with weights, in capability id order."""
        needs = [
            (capability, float(keys[REQUIRES].get("weight", 1.0)))
            for capability, keys in self.eco.graph._succ[job].items()
            if REQUIRES in keys
        ]
        needs.sort()
        return needs

    def share(self, job: str) -> float:
        """A job's coverage, unrounded: covered weight over total weight (1.0 if it needs nothing)."""
        total = covered = 0.0
        for capability, weight in self.requirements(job):
            total += weight
            if capability in self.in_house or capability in self.providers:
                covered += weight
        return covered / total if total > 0 else 1.0

    def job(self, job: str) -> JobCoverage:
        """The coverage of one job (one pass over its requirements)."""
        in_house: list[str] = []
        partner: list[str] = []
        gaps: list[str] = []
        total = covered = 0.0
        for capability, weight in self.requirements(job):
            total += weight
            if capability in self.in_house:
                in_house.append(capability)
                covered += weight
            elif capability in self.providers:
                partner.append(capability)
                covered += weight
            else:
                gaps.append(capability)
        return JobCoverage(
            job,
            self.eco.graph._node[job]["name"],
            round(self.opportunity.get(job, 0.0), 6),
            round(covered / total, 6) if total > 0 else 1.0,
            tuple(in_house),
            tuple(partner),
            tuple(gaps),
        )

    @without_gc
    def jobs(self, jobs: Iterable[str] | None = None) -> list[JobCoverage]:
        """Coverage of every job (or of ``jobs``), highest opportunity first, then by id."""
        chosen = self.eco.ids(NodeType.JOB) if jobs is None else list(jobs)
        return sorted((self.job(j) for j in chosen), key=lambda c: (-c.opportunity, c.job))


def coverage(eco: Ecosystem, depth: int = 1, focal: str | None = None) -> list[JobCoverage]:
    """Per job: opportunity, coverage, and which capabilities are in-house, partner or gaps.

    Parameters
    ----------
    eco : Ecosystem
    depth : int
        Partnership hops from the focal firm that count as its ecosystem.
    focal : str, optional
        Another firm to put at the centre.

    Examples
    --------
    >>> import ecosystem
    >>> eco = ecosystem.load("sample_graphs/camera.yaml")
    >>> sunset = [c for c in coverage(eco) if c.job == "capture-sunset"][0]
    >>> sunset.coverage, sunset.gaps  # weights 3+1+2+2 covered of 9
    (0.888889, ('scene-recognition',))
    """
    return CoverageModel(eco, scope(eco, depth, focal)).jobs()


@without_gc
def customer_coverage(eco: Ecosystem, depth: int = 1, focal: str | None = None) -> list[CustomerCoverage]:
    """Per customer: its opportunity, the covered part, and the share (highest opportunity first).

    >>> import ecosystem
    >>> eco = ecosystem.load("sample_graphs/camera.yaml")
    >>> [(c.customer, c.share) for c in customer_coverage(eco)][:1]
    [('enthusiasts', 0.729665)]
    """
    model = CoverageModel(eco, scope(eco, depth, focal))
    shares = {job: model.share(job) for job in eco.ids(NodeType.JOB)}
    rows = []
    graph = eco.graph
    for customer in eco.ids(NodeType.CUSTOMER):
        weight = float(graph.nodes[customer].get("weight", 1.0))
        total = covered = 0.0
        for job, keys in graph._succ[customer].items():
            data = keys.get(HAS_JOB)
            if data is None:
                continue
            term = weight * opportunity_score(data["importance"], data["satisfaction"])
            total += term
            covered += term * shares[job]
        rows.append(
            CustomerCoverage(
                customer, eco.name_of(customer), round(total, 6), round(covered, 6),
                round(covered / total, 6) if total > 0 else 1.0,
            )
        )
    return sorted(rows, key=lambda r: (-r.opportunity, r.customer))
