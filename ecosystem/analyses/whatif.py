"""What if a partner left, or a new one joined? And where is the ecosystem fragile?

* :func:`what_if` compares the focal firm's coverage before and after some
  organisations leave (``without``: they and their units are gone, and so is
  anyone only reachable through them at that depth) and/or join as direct
  partners (``with_partners``).
* **Opportunity at risk** = the sum over jobs of opportunity x the coverage
  lost (``max(before - after, 0)``); **opportunity gained** likewise for the
  coverage won.
* :func:`risks` lists the **single-sourced** capabilities (required by some
  job and provided in scope by exactly one organisation other than the focal
  firm, a unit counting as its organisation) and, for every organisation in
  scope, the opportunity at risk if it left, ranked.

Only the jobs that need a capability whose status changed are recomputed, so
a what-if costs about what the changed capabilities touch, not the graph.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..model.errors import ModelError
from ..model.graph import ORGANISATIONS, Ecosystem, RelType
from .coverage import GAP, CoverageModel, coverage_model
from .engine import without_gc
from .figures import Figures, figures_of
from .gaps import Gap
from .ranking import outside_candidates
from .scope import departures, scope

__all__ = ["CoverageChange", "WhatIf", "SingleSource", "PartnerRisk", "Risks", "what_if", "risks", "compare"]

PROVIDES, REQUIRES = RelType.PROVIDES.value, RelType.REQUIRES.value


@dataclass(frozen=True)
class CoverageChange:
    """A job whose coverage changes, and the opportunity that moves with it."""

    job: str
    name: str
    opportunity: float
    before: float
    after: float
    opportunity_change: float


@dataclass(frozen=True)
class WhatIf:
    """The effect of organisations leaving and/or joining."""

    without: tuple[str, ...]
    with_partners: tuple[str, ...]
    new_gaps: tuple[Gap, ...]
    closed_gaps: tuple[Gap, ...]
    changes: tuple[CoverageChange, ...]
    opportunity_at_risk: float
    opportunity_gained: float


@dataclass(frozen=True)
class SingleSource:
    """A required capability that only one organisation in scope provides."""

    capability: str
    name: str
    provider: str
    jobs: int
    severity_if_lost: float


@dataclass(frozen=True)
class PartnerRisk:
    """What the focal firm would lose if one organisation in scope left."""

    partner: str
    name: str
    opportunity_at_risk: float
    new_gaps: int
    sole_provider_of: tuple[str, ...]


@dataclass(frozen=True)
class Risks:
    """Single-sourced capabilities and each organisation's opportunity at risk."""

    single_sourced: tuple[SingleSource, ...]
    partners: tuple[PartnerRisk, ...]


def _check_organisations(eco: Ecosystem, ids: Iterable[str], option: str) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(ids))
    problems = []
    for node_id in chosen:
        if node_id not in eco:
            problems.append(f"{node_id!r} is not in this ecosystem")
        elif eco.type_of(node_id) not in ORGANISATIONS:
            problems.append(f"{node_id!r} is a {eco.type_of(node_id).value}, not an organisation")
    if problems:
        raise ModelError(f"{option}: " + "; ".join(problems))
    return chosen


@dataclass(frozen=True)
class _Moves:
    """What changes between two coverage models: the jobs' coverage and the (job, capability) gaps."""

    changes: list[CoverageChange]
    new: list[tuple[str, str, float, float]]  # (job, capability, weight, opportunity)
    closed: list[tuple[str, str, float, float]]
    at_risk: float
    gained: float


def _moves(before: CoverageModel, after: CoverageModel, moved: frozenset[str]) -> _Moves:
    """The jobs and gaps that change when the actors ``moved`` leave or join ``before``'s scope."""
    eco = before.eco
    out_links, in_links = eco.out_links, eco.in_links
    touched = {c for actor in moved for c, keys in out_links[actor].items() if PROVIDES in keys}
    changed = {c for c in touched if before.status(c) != after.status(c)}
    jobs = sorted({j for c in changed for j, keys in in_links[c].items() if REQUIRES in keys})
    opportunity = before.opportunity
    changes, new, closed = [], [], []
    at_risk = gained = 0.0
    for job in jobs:
        old, fresh = before.share(job), after.share(job)
        value = opportunity.get(job, 0.0)
        if fresh < old:
            at_risk += value * (old - fresh)
        elif fresh > old:
            gained += value * (fresh - old)
        if old != fresh:
            changes.append(
                CoverageChange(job, eco.name_of(job), round(value, 6), round(old, 6), round(fresh, 6),
                               round(value * (fresh - old), 6))
            )
        for capability, weight in before.requirements(job):
            if capability not in changed:
                continue
            row = (job, capability, weight, value)
            if after.status(capability) == GAP:
                new.append(row)
            elif before.status(capability) == GAP:
                closed.append(row)
    return _Moves(changes, new, closed, at_risk, gained)


@without_gc
def compare(before: CoverageModel, after: CoverageModel) -> WhatIf:
    """What changes between two coverage models of the same ecosystem.

    A gap's candidates are ranked in the model it is a gap of (new gaps in
    ``after``, closed ones in ``before``) by the one rule of
    :mod:`ecosystem.analyses.ranking`.
    """
    moves = _moves(before, after, before.scope.actors ^ after.scope.actors)

    def as_gaps(rows: list[tuple[str, str, float, float]], model: CoverageModel) -> tuple[Gap, ...]:
        candidates = outside_candidates(model, {r[1] for r in rows})
        out = [
            Gap(job, cap, weight, round(value, 6), round(value * weight, 6), candidates[cap])
            for job, cap, weight, value in rows
        ]
        return tuple(sorted(out, key=lambda g: (-g.severity, g.job, g.capability)))

    moves.changes.sort(key=lambda c: (c.opportunity_change, c.job))
    return WhatIf(
        tuple(sorted(before.scope.actors - after.scope.actors)),
        tuple(sorted(after.scope.actors - before.scope.actors)),
        as_gaps(moves.new, after),
        as_gaps(moves.closed, before),
        tuple(moves.changes),
        round(moves.at_risk, 6),
        round(moves.gained, 6),
    )


def what_if(
    source: Ecosystem | Figures,
    without: Iterable[str] = (),
    with_partners: Iterable[str] = (),
    depth: int | None = None,
    focal: str | None = None,
) -> WhatIf:
    """Compare coverage before and after organisations leave and/or join.

    Parameters
    ----------
    source : Ecosystem or Analysis
    without : ids of organisations that leave (their units leave with them)
    with_partners : ids of organisations that become direct partners of the focal firm
    depth, focal : as in :func:`ecosystem.analyses.scope.scope` (default: the analysis's)

    ``without`` and ``with_partners`` in the result are the actors (organisations
    and units) that leave and join the scope.

    Examples
    --------
    >>> import ecosystem
    >>> eco = ecosystem.load("sample_graphs/camera.yaml")
    >>> w = what_if(eco, without=["fixright"])
    >>> [(g.job, g.capability, g.severity) for g in w.new_gaps]  # 52.6 x 2
    [('keep-gear-working', 'repair-network', 105.2)]
    >>> w.opportunity_at_risk  # 52.6 x (0.6 - 0.2)
    21.04
    """
    figures = figures_of(source, depth, focal)
    leaving = _check_organisations(figures.eco, without, "without")
    joining = _check_organisations(figures.eco, with_partners, "with")

    def compute() -> WhatIf:
        before = coverage_model(figures)
        where = scope(figures.eco, figures.depth, figures.focal, without=frozenset(leaving),
                      with_partners=frozenset(joining))
        return compare(before, CoverageModel(figures.eco, where, figures.opportunities))

    return figures.figure(("what_if", frozenset(leaving), frozenset(joining)), compute)


def risks(source: Ecosystem | Figures, depth: int | None = None, focal: str | None = None) -> Risks:
    """Single-sourced capabilities and each organisation's opportunity at risk if it left.

    Each departure is derived from the analysis's own scope and coverage
    model (:func:`~ecosystem.analyses.scope.departures`,
    :meth:`~ecosystem.analyses.coverage.CoverageModel.without`): the graph is
    not searched again for every organisation.

    >>> import ecosystem
    >>> eco = ecosystem.load("sample_graphs/camera.yaml")
    >>> r = risks(eco)
    >>> [(p.partner, p.opportunity_at_risk) for p in r.partners][:2]  # nimbus: 34.1 x 2/3
    [('nimbus', 22.733333), ('fixright', 21.04)]
    """
    figures = figures_of(source, depth, focal)
    return figures.figure("risks", lambda: _risks(coverage_model(figures)))


@without_gc
def _risks(before: CoverageModel) -> Risks:
    eco = before.eco
    in_links = eco.in_links
    single: list[SingleSource] = []
    sole: dict[str, list[str]] = {}
    for capability in sorted(before.providers):
        providers = before.providers[capability]
        if capability in before.in_house or len(providers) != 1:
            continue
        needs = [(j, float(keys[REQUIRES].get("weight", 1.0))) for j, keys in in_links[capability].items()
                 if REQUIRES in keys]
        if not needs:
            continue
        (provider,) = providers
        sole.setdefault(provider, []).append(capability)
        severity = sum(before.opportunity.get(j, 0.0) * w for j, w in needs)
        single.append(SingleSource(capability, eco.name_of(capability), provider, len(needs), round(severity, 6)))
    single.sort(key=lambda s: (-s.severity_if_lost, s.capability))
    partners = []
    for organisation, where in departures(eco, before.scope):
        left = frozenset(before.scope.organisations) - frozenset(where.organisations)
        after = before.without(left, where)
        moves = _moves(before, after, before.scope.actors - where.actors)
        partners.append(
            PartnerRisk(organisation, eco.name_of(organisation), round(moves.at_risk, 6), len(moves.new),
                        tuple(sole.get(organisation, ())))
        )
    partners.sort(key=lambda p: (-p.opportunity_at_risk, p.partner))
    return Risks(tuple(single), tuple(partners))
