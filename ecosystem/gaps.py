"""Capability gaps: what the focal firm's ecosystem cannot get done, and who could fill it.

A **gap** is a (job, capability) pair where the job requires the capability
and nobody in scope provides it (see :mod:`ecosystem.coverage`).

* **Severity** = opportunity(job) x requirement weight.
* **Candidates** = organisations outside the scope that provide the
  capability themselves or through a unit, best first: highest proficiency,
  then the most total gap severity they could close, then id.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .engine import without_gc
from .coverage import GAP, CoverageModel
from .model import ORGANISATIONS, Ecosystem, NodeType, RelType
from .scope import Scope, scope

__all__ = ["Gap", "CapabilityGap", "capability_gaps", "gap_totals", "gaps_in", "candidates_for"]

PROVIDES, PART_OF = RelType.PROVIDES.value, RelType.PART_OF.value


@dataclass(frozen=True)
class Gap:
    """A job that needs a capability nobody in scope provides."""

    job: str
    capability: str
    weight: float
    opportunity: float
    severity: float
    candidates: tuple[str, ...]


@dataclass(frozen=True)
class CapabilityGap:
    """One missing capability over all the jobs that need it."""

    capability: str
    name: str
    jobs: int
    severity: float
    candidates: tuple[str, ...]


def outside_providers(eco: Ecosystem, where: Scope, capabilities: set[str]) -> dict[str, dict[str, float]]:
    """For each capability, the organisations outside ``where`` that provide it, with best proficiency."""
    graph = eco.graph
    nodes, succ, pred = graph._node, graph._succ, graph._pred
    organisation_types = {t.value for t in ORGANISATIONS}
    unit = NodeType.UNIT.value
    found: dict[str, dict[str, float]] = {}
    for capability in capabilities:
        providers: dict[str, float] = {}
        for actor, keys in pred[capability].items():
            data = keys.get(PROVIDES)
            if data is None:
                continue
            organisation = actor
            if nodes[actor]["type"] == unit:
                organisation = next((o for o, k in succ[actor].items() if PART_OF in k), None)
                if organisation is None:
                    continue
            if nodes[organisation]["type"] not in organisation_types or organisation in where.distance:
                continue
            proficiency = float(data.get("proficiency", 1.0))
            providers[organisation] = max(proficiency, providers.get(organisation, 0.0))
        found[capability] = providers
    return found


@without_gc
def gaps_in(model: CoverageModel) -> list[Gap]:
    """The gaps of a coverage model, with candidates, by severity (then job, capability).

    One pass over the ``REQUIRES`` relationships with set look-ups, then one
    look at the providers of each missing capability.
    """
    eco, graph = model.eco, model.eco.graph
    succ = graph._succ
    covered = model.in_house | model.providers.keys()
    opportunity = model.opportunity
    requires = RelType.REQUIRES.value
    raw: list[tuple[float, str, str, float, float]] = []
    per_capability: dict[str, float] = defaultdict(float)
    for job in eco.ids(NodeType.JOB):
        value = opportunity.get(job, 0.0)
        shown = round(value, 6)
        for capability, keys in succ[job].items():
            data = keys.get(requires)
            if data is not None and capability not in covered:
                weight = data.get("weight", 1.0)
                weight = weight if type(weight) is float else float(weight)
                severity = round(value * weight, 6)
                raw.append((-severity, job, capability, weight, shown))
                per_capability[capability] += severity
    providers = outside_providers(eco, model.scope, set(per_capability))
    closable: dict[str, float] = defaultdict(float)
    for capability, orgs in providers.items():
        for organisation in orgs:
            closable[organisation] += per_capability[capability]
    ranked = {
        capability: tuple(orgs) if len(orgs) < 2 else tuple(sorted(orgs, key=lambda o: (-orgs[o], -closable[o], o)))
        for capability, orgs in providers.items()
    }
    raw.sort()
    return [
        Gap(job, capability, weight, shown, -negative, ranked[capability])
        for negative, job, capability, weight, shown in raw
    ]


def candidates_for(gaps: list[Gap]) -> dict[str, tuple[str, ...]]:
    """Each gap capability's candidates (the same for every job that needs it)."""
    return {g.capability: g.candidates for g in gaps}


def capability_gaps(eco: Ecosystem, depth: int = 1, focal: str | None = None) -> list[Gap]:
    """The capability gaps of the focal firm's ecosystem, most severe first.

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
    >>> top = capability_gaps(eco)[0]
    >>> top.job, top.capability, top.severity, top.candidates  # 52.6 x weight 2
    ('keep-gear-working', 'spare-parts-logistics', 105.2, ('gearlogix',))
    """
    return gaps_in(CoverageModel(eco, scope(eco, depth, focal)))


def gap_totals(eco: Ecosystem, gaps: list[Gap]) -> list[CapabilityGap]:
    """Per missing capability: how many jobs it hurts and its total severity, most severe first.

    >>> import ecosystem
    >>> eco = ecosystem.load("sample_graphs/camera.yaml")
    >>> [(t.capability, t.jobs, t.severity) for t in gap_totals(eco, capability_gaps(eco))][:2]
    [('spare-parts-logistics', 1, 105.2), ('scene-recognition', 1, 44.0)]
    """
    jobs: dict[str, int] = defaultdict(int)
    severity: dict[str, float] = defaultdict(float)
    candidates = candidates_for(gaps)
    for gap in gaps:
        jobs[gap.capability] += 1
        severity[gap.capability] += gap.severity
    rows = [
        CapabilityGap(c, eco.name_of(c), jobs[c], round(severity[c], 6), candidates[c]) for c in severity
    ]
    return sorted(rows, key=lambda r: (-r.severity, r.capability))
