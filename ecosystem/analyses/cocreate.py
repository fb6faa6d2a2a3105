"""Whom to co-create with first: innovator customers with the most unmet opportunity.

A customer's **unmet opportunity** = the sum over its jobs of its weighted
opportunity score for the job x (1 - the job's coverage).  Customers flagged
``innovator: true`` are ranked by it, with the jobs to co-create around (those
with unmet opportunity, largest first) and the capabilities missing for them.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.graph import Ecosystem, NodeType
from .coverage import GAP, CoverageModel, coverage_model
from .figures import Figures, figures_of
from .opportunity import opportunity_score

__all__ = ["CoCreationTarget", "cocreation_targets"]


@dataclass(frozen=True)
class CoCreationTarget:
    """An innovator customer, its unmet opportunity, and what to co-create around."""

    customer: str
    name: str
    unmet_opportunity: float
    jobs: tuple[str, ...]
    missing_capabilities: tuple[str, ...]


def cocreation_targets(
    source: Ecosystem | Figures, depth: int | None = None, focal: str | None = None
) -> list[CoCreationTarget]:
    """Innovator customers ranked by unmet opportunity (largest first, then id).

    >>> import ecosystem
    >>> eco = ecosystem.load("sample_graphs/camera.yaml")
    >>> [(t.customer, t.unmet_opportunity) for t in cocreation_targets(eco)]
    [('enthusiasts', 28.655556), ('vloggers', 6.595556)]
    """
    figures = figures_of(source, depth, focal)
    return list(figures.figure("cocreation_targets", lambda: tuple(_targets(coverage_model(figures)))))


def _targets(model: CoverageModel) -> list[CoCreationTarget]:
    eco = model.eco
    rows = []
    for customer in eco.ids(NodeType.CUSTOMER):
        data = eco.node_data[customer]
        if data.get("innovator") is not True:
            continue
        weight = float(data.get("weight", 1.0))
        unmet: dict[str, float] = {}
        for rating in eco.jobs_of(customer):
            lost = weight * opportunity_score(rating.importance, rating.satisfaction) * (1 - model.share(rating.job))
            if lost > 0:
                unmet[rating.job] = lost
        jobs = tuple(sorted(unmet, key=lambda j: (-unmet[j], j)))
        missing = sorted({c for j in jobs for c, _ in model.requirements(j) if model.status(c) == GAP})
        rows.append(CoCreationTarget(customer, eco.name_of(customer), round(sum(unmet.values()), 6), jobs,
                                     tuple(missing)))
    return sorted(rows, key=lambda r: (-r.unmet_opportunity, r.customer))
