"""How the ecosystem gets one job done: each required capability, who brings it, by what path."""

from __future__ import annotations

from dataclasses import dataclass

from ..model.errors import ModelError
from ..model.graph import Ecosystem, NodeType, RelType
from .coverage import coverage_model
from .figures import Figures, figures_of
from .ranking import outside_candidates

__all__ = ["CapabilitySupport", "JobExplanation", "explain_job"]


@dataclass(frozen=True)
class CapabilitySupport:
    """One required capability: its status, who in scope provides it, and the path to them.

    ``path`` runs from the focal firm through partnerships to the first
    provider (by path length, then id); a unit comes last, after its
    organisation.  For a gap, ``candidates`` are the outside organisations
    that could fill it.
    """

    capability: str
    name: str
    weight: float
    status: str
    providers: tuple[str, ...]
    path: tuple[str, ...]
    candidates: tuple[str, ...]


@dataclass(frozen=True)
class JobExplanation:
    """A job, its customers, its coverage, and the support of each capability it needs."""

    job: str
    name: str
    opportunity: float
    coverage: float
    customers: tuple[str, ...]
    capabilities: tuple[CapabilitySupport, ...]
    missing: tuple[str, ...]

    def sentence(self) -> str:
        """The explanation in one sentence."""
        got = len(self.capabilities) - len(self.missing)
        text = (
            f"{self.name} ({self.job}) needs {len(self.capabilities)} capabilities; the ecosystem brings {got} "
            f"(coverage {self.coverage:.0%} of the weight)"
        )
        return text + (f" and lacks {', '.join(self.missing)}." if self.missing else ".")


def explain_job(source: Ecosystem | Figures, job: str, depth: int | None = None, focal: str | None = None) -> JobExplanation:
    """Explain how the ecosystem gets ``job`` done.

    A gap's candidates are ranked by the one rule of
    :mod:`ecosystem.analyses.ranking` (the order :func:`~ecosystem.analyses.gaps.capability_gaps` gives).

    >>> import ecosystem
    >>> eco = ecosystem.load("sample_graphs/camera.yaml")
    >>> e = explain_job(eco, "keep-gear-working")
    >>> [(c.capability, c.status, c.path) for c in e.capabilities]
    [('firmware-updates', 'in_house', ('lumen',)), ('repair-network', 'partner', ('lumen', 'fixright')),
     ('spare-parts-logistics', 'gap', ())]
    >>> print(e.sentence())
    Keep the gear working on every trip (keep-gear-working) needs 3 capabilities; the ecosystem brings 2
    (coverage 60% of the weight) and lacks spare-parts-logistics.
    """
    figures = figures_of(source, depth, focal)
    eco = figures.eco
    if job not in eco or eco.type_of(job) is not NodeType.JOB:
        raise ModelError(f"{job!r} is not a job in this ecosystem")
    return figures.figure(("explain", job), lambda: _explain(figures, job))


def _explain(figures: Figures, job: str) -> JobExplanation:
    eco = figures.eco
    model = coverage_model(figures)
    where = model.scope
    in_links = eco.in_links
    covered = model.job(job)
    outside = outside_candidates(model, covered.gaps)
    supports = []
    for capability, weight in model.requirements(job):
        providers = sorted(
            (a for a, keys in in_links[capability].items() if RelType.PROVIDES.value in keys and a in where),
            key=lambda a: (len(where.path_to(a)), a),
        )
        candidates = outside.get(capability, ())
        supports.append(
            CapabilitySupport(
                capability, eco.name_of(capability), weight, model.status(capability), tuple(providers),
                where.path_to(providers[0]) if providers else (), candidates,
            )
        )
    return JobExplanation(
        job,
        covered.name,
        covered.opportunity,
        covered.coverage,
        tuple(sorted(c.customer for c in eco.customers_of(job))),
        tuple(supports),
        covered.gaps,
    )
