"""Who could fill a gap, best first: the one candidate-ranking rule.

A gap's **candidates** are the organisations outside the scope that provide
its capability, themselves or through a unit.  Every analysis that lists
candidates (gaps, what-if, explain; recommend reads the gaps' lists) ranks
them by the same rule, :func:`candidate_order`:

1. the highest proficiency (an organisation's best, direct or through a unit);
2. then the most total gap severity it could close: the severity of every gap
   in the scope (over all jobs) whose capability it provides;
3. then the smallest id.

:func:`ecosystem.analyses.gaps.gaps_in` ranks every gap's candidates at once
with it; :func:`outside_candidates` ranks a few capabilities' candidates (the
gaps a what-if opens or closes, a job's gaps) reading only the graph around
them, with the same figures, so both give the same order.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from ..model.graph import ORGANISATIONS, NodeType, RelType
from .columns import ranks, round_figures
from .coverage import GAP, CoverageModel

__all__ = ["candidate_order", "outside_candidates", "gap_severity"]

PROVIDES, PART_OF, REQUIRES = RelType.PROVIDES.value, RelType.PART_OF.value, RelType.REQUIRES.value
_ORGANISATION_TYPES = frozenset(t.value for t in ORGANISATIONS)


def candidate_order(
    capability: np.ndarray, proficiency: np.ndarray, closable: np.ndarray, organisation_rank: np.ndarray
) -> np.ndarray:
    """The order that lists each capability's candidates best first (the rule above).

    One row per (capability, candidate organisation): ``capability`` groups
    the rows (ascending), ``proficiency`` is the organisation's best
    proficiency for it, ``closable`` the total gap severity the organisation
    could close, ``organisation_rank`` its id's rank.

    >>> import numpy as np
    >>> # one capability, three candidates: b and c tie on proficiency 0.9, c could close more
    >>> candidate_order(np.array([0, 0, 0]), np.array([0.5, 0.9, 0.9]), np.array([9.0, 1.0, 2.0]),
    ...                 np.array([0, 1, 2])).tolist()
    [2, 1, 0]
    """
    return np.lexsort((organisation_rank, -closable, -proficiency, capability))


def gap_severity(model: CoverageModel, capability: str) -> float:
    """The total severity of a capability's gaps in ``model`` (0.0 if it is no gap).

    The jobs' severities (rounded to 6 decimals) are added most severe first,
    then by job id: the order and figures of
    :class:`~ecosystem.analyses.gaps.GapTable`'s ``capability_severity``.

    >>> import ecosystem
    >>> from ecosystem.analyses.scope import scope
    >>> eco = ecosystem.load("sample_graphs/camera.yaml")
    >>> gap_severity(CoverageModel(eco, scope(eco)), "spare-parts-logistics")  # 52.6 x weight 2
    105.2
    """
    if model.status(capability) != GAP:
        return 0.0
    opportunity = model.opportunity
    rows = [
        (job, opportunity.get(job, 0.0) * float(keys[REQUIRES].get("weight", 1.0)))
        for job, keys in model.eco.in_links[capability].items()
        if REQUIRES in keys
    ]
    severities = round_figures(np.array([value for _, value in rows], dtype=np.float64)).tolist()
    ordered = sorted(zip(severities, (job for job, _ in rows)), key=lambda row: (-row[0], row[1]))
    total = 0.0
    for severity, _ in ordered:
        total += severity
    return total


def outside_candidates(model: CoverageModel, capabilities: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """For each capability, the organisations outside ``model``'s scope that provide it, best first.

    Reads the providers of these capabilities and, for the rule's second key,
    everything those organisations (and their units) provide.

    >>> import ecosystem
    >>> from ecosystem.analyses.scope import scope
    >>> eco = ecosystem.load("sample_graphs/camera.yaml")
    >>> outside_candidates(CoverageModel(eco, scope(eco)), ["spare-parts-logistics"])
    {'spare-parts-logistics': ('gearlogix',)}
    """
    eco = model.eco
    out_links, in_links, nodes = eco.out_links, eco.in_links, eco.node_data
    inside = model.scope.distance
    unit = NodeType.UNIT.value
    wanted = sorted(set(capabilities))
    # (capability, organisation) -> the organisation's best proficiency for it
    best: dict[tuple[int, str], float] = {}
    for k, capability in enumerate(wanted):
        for actor, keys in in_links[capability].items():
            provision = keys.get(PROVIDES)
            if provision is None:
                continue
            organisation: str | None = actor
            if nodes[actor]["type"] == unit:
                organisation = next((o for o, links in out_links[actor].items() if PART_OF in links), None)
            if organisation is None or nodes[organisation]["type"] not in _ORGANISATION_TYPES or organisation in inside:
                continue
            proficiency = float(provision.get("proficiency", 1.0))
            if proficiency > best.get((k, organisation), -1.0):
                best[(k, organisation)] = proficiency
    organisations = sorted({organisation for _, organisation in best})
    severity: dict[str, float] = {}

    def closable(organisation: str) -> float:
        # what it provides (itself or by a unit) added in id order, as GapTable adds it; a
        # capability that is no gap adds 0.0, which leaves the sum exactly as it was
        actors = [organisation] + [u for u, links in in_links[organisation].items() if PART_OF in links]
        provided = {c for a in actors for c, links in out_links[a].items() if PROVIDES in links}
        total = 0.0
        for capability in sorted(provided):
            if capability not in severity:
                severity[capability] = gap_severity(model, capability)
            total += severity[capability]
        return total

    totals = {o: closable(o) for o in organisations}
    index = {o: i for i, o in enumerate(organisations)}
    pairs = sorted(best)
    row_capability = np.array([k for k, _ in pairs], dtype=np.int64)
    row_organisation = np.array([index[o] for _, o in pairs], dtype=np.int64)
    order = candidate_order(
        row_capability,
        np.array([best[p] for p in pairs], dtype=np.float64),
        np.array([totals[o] for _, o in pairs], dtype=np.float64),
        ranks(organisations)[row_organisation],
    ).tolist()
    found: dict[str, list[str]] = {capability: [] for capability in wanted}
    for i in order:
        k, organisation = pairs[i]
        found[wanted[k]].append(organisation)
    return {capability: tuple(found[capability]) for capability in wanted}

