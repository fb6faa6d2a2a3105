"""Whom to partner with: a greedy weighted set cover of the capability gaps.

Each organisation outside the scope *covers* the gap capabilities it
provides.  The greedy cover repeatedly picks the candidate that closes the
most remaining gap severity (ties: smallest id), until ``max_partners`` are
picked or nobody closes anything more.  The gaps no known organisation can
fill are listed apart: those must be built or found.

The greedy choice is lazy (a heap of stale gains, which can only fall), so it
needs no search over all pairs.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import dataclass

from .engine import without_gc
from .coverage import CoverageModel
from .gaps import Gap, gaps_in
from .model import Ecosystem
from .scope import scope

__all__ = ["Recommendation", "Recommendations", "recommend_partners"]


@dataclass(frozen=True)
class Recommendation:
    """One pick of the greedy cover: what it closes and the running share of gap severity."""

    candidate: str
    name: str
    covers: tuple[str, ...]
    gaps_closed: int
    gain: float
    cumulative_share: float


@dataclass(frozen=True)
class Recommendations:
    """The picks, in order, and the gaps nobody known can fill ("build or find")."""

    picks: tuple[Recommendation, ...]
    unfillable: tuple[Gap, ...]
    total_severity: float


@without_gc
def recommend_partners(
    eco: Ecosystem, depth: int = 1, focal: str | None = None, max_partners: int | None = 10
) -> Recommendations:
    """Which outside organisations to partner with, by greedy weighted set cover of gap severity.

    Parameters
    ----------
    eco : Ecosystem
    depth : int
        Partnership hops from the focal firm that count as its ecosystem.
    focal : str, optional
        Another firm to put at the centre.
    max_partners : int or None
        Stop after this many picks (``None``: until nothing more can be closed).

    Examples
    --------
    >>> import ecosystem
    >>> eco = ecosystem.load("sample_graphs/camera.yaml")
    >>> r = recommend_partners(eco)
    >>> [(p.candidate, p.gain) for p in r.picks]  # 105.2; 44; 28.4; 24
    [('gearlogix', 105.2), ('astrovision', 44.0), ('printhouse', 28.4), ('shutterforum', 24.0)]
    >>> r.picks[-1].cumulative_share, r.unfillable
    (1.0, ())
    """
    gaps = gaps_in(CoverageModel(eco, scope(eco, depth, focal)))
    total = sum(g.severity for g in gaps)
    severity: dict[str, float] = defaultdict(float)
    jobs: dict[str, int] = defaultdict(int)
    covers: dict[str, set[str]] = defaultdict(set)
    candidates: dict[str, tuple[str, ...]] = {}
    for gap in gaps:
        severity[gap.capability] += gap.severity
        jobs[gap.capability] += 1
        candidates[gap.capability] = gap.candidates
    for capability, organisations in candidates.items():
        for candidate in organisations:
            covers[candidate].add(capability)
    remaining = set(severity)

    def gain(candidate: str) -> float:
        return sum(severity[c] for c in covers[candidate] if c in remaining)

    heap = [(-gain(c), c) for c in sorted(covers)]
    heapq.heapify(heap)
    picks: list[Recommendation] = []
    closed = 0.0
    while heap and (max_partners is None or len(picks) < max_partners):
        _, candidate = heapq.heappop(heap)
        fresh = gain(candidate)
        if fresh <= 0:
            continue
        if heap and (-fresh, candidate) > heap[0]:
            heapq.heappush(heap, (-fresh, candidate))
            continue
        closing = sorted(c for c in covers[candidate] if c in remaining)
        remaining.difference_update(closing)
        closed += fresh
        picks.append(
            Recommendation(
                candidate,
                eco.name_of(candidate),
                tuple(closing),
                sum(jobs[c] for c in closing),
                round(fresh, 6),
                round(closed / total, 6) if total > 0 else 1.0,
            )
        )
    unfillable = tuple(g for g in gaps if not g.candidates)
    return Recommendations(tuple(picks), unfillable, round(total, 6))
