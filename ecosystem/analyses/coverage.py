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
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass

from ..model.graph import Ecosystem, NodeType, RelType
from .engine import without_gc
from .figures import Figures, figures_of
from .opportunity import job_opportunities, opportunity_score
from .scope import Scope

__all__ = [
    "IN_HOUSE",
    "PARTNER",
    "GAP",
    "JobCoverage",
    "CustomerCoverage",
    "CoverageModel",
    "coverage_model",
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
    ``opportunity`` is every job's opportunity: pass it when you have it
    (:func:`~ecosystem.analyses.opportunity.job_opportunities`), else it is
    computed on first use.
    """

    def __init__(self, eco: Ecosystem, where: Scope, opportunity: dict[str, float] | None = None) -> None:
        self.eco = eco
        self.scope = where
        self.in_house: set[str] = set()
        providers: dict[str, set[str]] = defaultdict(set)
        #: What each organisation in scope but the focal firm provides (itself or by a unit).
        self.provided: dict[str, set[str]] = defaultdict(set)
        out_links = eco.out_links
        for actor in sorted(where.actors):
            organisation = where.organisation_of(actor)
            for capability, keys in out_links[actor].items():
                if PROVIDES in keys:
                    if organisation == where.focal:
                        self.in_house.add(capability)
                    else:
                        providers[capability].add(organisation)
                        self.provided[organisation].add(capability)
        self.providers: Mapping[str, set[str]] = providers
        self._opportunity = opportunity

    def without(self, leaving: Collection[str], where: Scope) -> CoverageModel:
        """This model after the organisations ``leaving`` left, ``where`` being the scope they leave.

        Derived from this model's sets (the graph is not read again): the
        capabilities they provided lose them as providers.  The focal firm
        never leaves, so ``in_house`` stays as it is.

        >>> import ecosystem
        >>> from ecosystem.analyses.scope import scope
        >>> eco = ecosystem.load("sample_graphs/camera.yaml")
        >>> model = CoverageModel(eco, scope(eco))
        >>> after = model.without({"fixright"}, scope(eco, without={"fixright"}))
        >>> model.status("repair-network"), after.status("repair-network")
        ('partner', 'gap')
        """
        gone = set(leaving)
        changed = {c: self.providers[c] - gone for o in gone for c in self.provided.get(o, ())}
        model = object.__new__(CoverageModel)
        model.eco, model.scope, model.in_house = self.eco, where, self.in_house
        model.providers = _Without(self.providers, changed)
        model.provided = {o: caps for o, caps in self.provided.items() if o not in gone}
        model._opportunity = self._opportunity
        return model

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
            for capability, keys in self.eco.out_links[job].items()
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
            self.eco.node_data[job]["name"],
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


class _Without(Mapping[str, set[str]]):
    """A providers mapping with some entries replaced (an empty set: the capability has no provider left)."""

    __slots__ = ("_base", "_changed")

    def __init__(self, base: Mapping[str, set[str]], changed: dict[str, set[str]]) -> None:
        self._base, self._changed = base, changed

    def __contains__(self, capability: object) -> bool:
        changed = self._changed.get(capability)  # type: ignore[call-overload]
        return bool(changed) if changed is not None else capability in self._base

    def __getitem__(self, capability: str) -> set[str]:
        changed = self._changed.get(capability)
        if changed is None:
            return self._base[capability]
        if not changed:
            raise KeyError(capability)
        return changed

    def __iter__(self) -> Iterator[str]:
        return (c for c in self._base if c in self)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def coverage_model(source: Ecosystem | Figures, depth: int | None = None, focal: str | None = None) -> CoverageModel:
    """The coverage model of an analysis's scope, built once per analysis.

    >>> import ecosystem
    >>> coverage_model(ecosystem.load("sample_graphs/camera.yaml")).status("repair-network")
    'partner'
    """
    figures = figures_of(source, depth, focal)
    return figures.figure(
        "coverage_model", lambda: CoverageModel(figures.eco, figures.require_scope(), figures.opportunities)
    )


def coverage(source: Ecosystem | Figures, depth: int | None = None, focal: str | None = None) -> list[JobCoverage]:
    """Per job: opportunity, coverage, and which capabilities are in-house, partner or gaps.

    Parameters
    ----------
    source : Ecosystem or Analysis
    depth : int, optional
        Partnership hops from the focal firm that count as its ecosystem
        (default: the analysis's, 1 for an ecosystem).
    focal : str, optional
        Another firm to put at the centre.

    Returns
    -------
    list of JobCoverage
        Highest opportunity first, then by job id.

    Examples
    --------
    >>> import ecosystem
    >>> eco = ecosystem.load("sample_graphs/camera.yaml")
    >>> sunset = [c for c in coverage(eco) if c.job == "capture-sunset"][0]
    >>> sunset.coverage, sunset.gaps  # weights 3+1+2+2 covered of 9
    (0.888889, ('scene-recognition',))
    """
    figures = figures_of(source, depth, focal)
    return list(figures.figure("coverage", lambda: tuple(coverage_model(figures).jobs())))


def customer_coverage(
    source: Ecosystem | Figures, depth: int | None = None, focal: str | None = None
) -> list[CustomerCoverage]:
    """Per customer: its opportunity, the covered part, and the share (highest opportunity first).

    >>> import ecosystem
    >>> eco = ecosystem.load("sample_graphs/camera.yaml")
    >>> [(c.customer, c.share) for c in customer_coverage(eco)][:1]
    [('enthusiasts', 0.729665)]
    """
    figures = figures_of(source, depth, focal)
    return list(figures.figure("customer_coverage", lambda: tuple(_customer_rows(coverage_model(figures)))))


@without_gc
def _customer_rows(model: CoverageModel) -> list[CustomerCoverage]:
    eco = model.eco
    shares = {job: model.share(job) for job in eco.ids(NodeType.JOB)}
    rows = []
    nodes, out_links = eco.node_data, eco.out_links
    for customer in eco.ids(NodeType.CUSTOMER):
        weight = float(nodes[customer].get("weight", 1.0))
        total = covered = 0.0
        for job, keys in out_links[customer].items():
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
