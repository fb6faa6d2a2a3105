"""Whom to partner with: a greedy weighted set cover of the capability gaps.

Each organisation outside the scope *covers* the gap capabilities it
provides.  The greedy cover repeatedly picks the candidate that closes the
most remaining gap severity (ties: smallest id), until ``max_partners`` are
picked or nobody closes anything more.  The gaps no known organisation can
fill are listed apart: those must be built or found.

The greedy choice is lazy (a heap of stale gains, which can only fall), so it
needs no search over all pairs; the first gains are one array sum over the
gaps' candidate lists.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

import numpy as np

from ..model.graph import Ecosystem
from .columns import running_sums
from .engine import without_gc
from .figures import Figures, figures_of
from .gaps import Gap, GapTable, capability_gaps

__all__ = ["Recommendation", "Recommendations", "recommend_partners", "cover"]


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


def recommend_partners(
    source: Ecosystem | Figures, depth: int | None = None, focal: str | None = None, max_partners: int | None = 10
) -> Recommendations:
    """Which outside organisations to partner with, by greedy weighted set cover of gap severity.

    Parameters
    ----------
    source : Ecosystem or Analysis
    depth : int, optional
        Partnership hops from the focal firm that count as its ecosystem
        (default: the analysis's, 1 for an ecosystem).
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
    figures = figures_of(source, depth, focal)
    return figures.figure(
        ("recommendations", max_partners), lambda: cover(figures.eco, capability_gaps(figures), max_partners)
    )


@without_gc
def cover(eco: Ecosystem, gaps: GapTable, max_partners: int | None = 10) -> Recommendations:
    """The greedy weighted set cover of a gap table (see :func:`recommend_partners`)."""
    total = gaps.total_severity
    severity = gaps.capability_severity.tolist()
    jobs = gaps.capability_jobs.tolist()
    # each candidate's capabilities, in capability id order (the candidate lists, turned around)
    pair_capability = np.repeat(np.arange(len(gaps.capabilities)), np.diff(gaps.candidate_offsets))
    pair_organisation = gaps.candidate_organisation
    by_candidate = np.lexsort((pair_capability, pair_organisation))
    covers = pair_capability[by_candidate].tolist()
    starts = np.zeros(len(gaps.organisations) + 1, dtype=np.int64)
    np.cumsum(np.bincount(pair_organisation, minlength=len(gaps.organisations)), out=starts[1:])
    first = starts.tolist()
    gains = running_sums(pair_organisation[by_candidate], gaps.capability_severity[pair_capability[by_candidate]],
                         len(gaps.organisations)).tolist()
    remaining = [True] * len(severity)

    def gain(o: int) -> float:
        # the same additions, in the same order, as the first gains above
        return sum(severity[k] for k in covers[first[o]:first[o + 1]] if remaining[k])

    heap = [(-g, name, o) for o, (g, name) in enumerate(zip(gains, gaps.organisations)) if g > 0]
    heapq.heapify(heap)
    picks: list[Recommendation] = []
    closed = 0.0
    while heap and (max_partners is None or len(picks) < max_partners):
        _, candidate, o = heapq.heappop(heap)
        fresh = gain(o)
        if fresh <= 0:
            continue
        if heap and (-fresh, candidate) > heap[0][:2]:
            heapq.heappush(heap, (-fresh, candidate, o))
            continue
        closing = [k for k in covers[first[o]:first[o + 1]] if remaining[k]]
        for k in closing:
            remaining[k] = False
        closed += fresh
        picks.append(
            Recommendation(
                candidate,
                eco.name_of(candidate),
                tuple(gaps.capabilities[k] for k in closing),
                sum(jobs[k] for k in closing),
                round(fresh, 6),
                round(closed / total, 6) if total > 0 else 1.0,
            )
        )
    return Recommendations(tuple(picks), gaps.without_candidates(), round(total, 6))
