"""What changed between two versions of an ecosystem, and how the answers moved."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..model.graph import Ecosystem
from .coverage import coverage
from .figures import Figures, figures_of
from .gaps import capability_gaps
from .integrators import central_integrators

__all__ = ["Change", "GapChange", "CoverageMove", "RankMove", "EcosystemDiff", "diff"]


@dataclass(frozen=True)
class Change:
    """A node or relationship added, removed or changed (with what changed)."""

    kind: str
    change: str
    id: str
    details: str


@dataclass(frozen=True)
class GapChange:
    """A gap that opened, closed, or changed severity (``None``: no gap then)."""

    job: str
    capability: str
    before: float | None
    after: float | None


@dataclass(frozen=True)
class CoverageMove:
    """A job whose coverage moved."""

    job: str
    before: float | None
    after: float | None


@dataclass(frozen=True)
class RankMove:
    """An organisation whose integrator rank moved (1 = first; ``None``: absent)."""

    id: str
    before: int | None
    after: int | None
    score_before: float | None
    score_after: float | None


@dataclass(frozen=True)
class EcosystemDiff:
    """Structural changes, then how gaps, coverage and the integrator ranking moved."""

    changes: tuple[Change, ...]
    gaps: tuple[GapChange, ...]
    coverage: tuple[CoverageMove, ...]
    integrators: tuple[RankMove, ...]


def _describe(old: dict[str, Any], new: dict[str, Any]) -> str:
    keys = sorted(set(old) | set(new))
    parts = [f"{k}: {old.get(k)!r} -> {new.get(k)!r}" for k in keys if old.get(k, ...) != new.get(k, ...)]
    return "; ".join(parts)


def diff(old: Ecosystem | Figures, new: Ecosystem | Figures, depth: int | None = None) -> EcosystemDiff:
    """Compare two ecosystems: nodes, relationships, gaps, coverage and integrator ranks.

    Parameters
    ----------
    old, new : Ecosystem or Analysis
        The two versions.  Pass the analyses a caller has already (the review
        page does): their gaps, coverage and integrator ranking are reused.
    depth : int, optional
        Partnership hops of both scopes (default: each analysis's, 1 for an
        ecosystem).  Each side is seen from its own focal firm.

    Examples
    --------
    >>> import ecosystem
    >>> old = ecosystem.load("sample_graphs/camera.yaml")
    >>> new = old.copy()
    >>> _ = new.add_relationship("PARTNERS_WITH", "lumen", "gearlogix")
    >>> d = diff(old, new)
    >>> [(c.change, c.id) for c in d.changes]
    [('added', 'PARTNERS_WITH lumen -> gearlogix')]
    >>> [(g.job, g.capability, g.before, g.after) for g in d.gaps]
    [('keep-gear-working', 'spare-parts-logistics', 105.2, None)]
    """
    was, now = figures_of(old, depth), figures_of(new, depth)
    changes = _changes(was.eco, now.eco)
    before = {(g.job, g.capability): g.severity for g in capability_gaps(was)}
    after = {(g.job, g.capability): g.severity for g in capability_gaps(now)}
    gaps = [
        GapChange(job, cap, before.get((job, cap)), after.get((job, cap)))
        for job, cap in sorted(set(before) | set(after))
        if before.get((job, cap)) != after.get((job, cap))
    ]
    gaps.sort(key=lambda g: (-max(g.before or 0.0, g.after or 0.0), g.job, g.capability))
    cov_before = {c.job: c.coverage for c in coverage(was)}
    cov_after = {c.job: c.coverage for c in coverage(now)}
    moves = [
        CoverageMove(job, cov_before.get(job), cov_after.get(job))
        for job in sorted(set(cov_before) | set(cov_after))
        if cov_before.get(job) != cov_after.get(job)
    ]
    rank_before = {s.id: (i + 1, s.score) for i, s in enumerate(central_integrators(was))}
    rank_after = {s.id: (i + 1, s.score) for i, s in enumerate(central_integrators(now))}
    ranks = []
    for org in sorted(set(rank_before) | set(rank_after)):
        b, a = rank_before.get(org), rank_after.get(org)
        if b != a:
            ranks.append(RankMove(org, b[0] if b else None, a[0] if a else None, b[1] if b else None, a[1] if a else None))
    ranks.sort(key=lambda r: (r.after if r.after is not None else 10**9, r.id))
    return EcosystemDiff(tuple(changes), tuple(gaps), tuple(moves), tuple(ranks))


def _changes(old: Ecosystem, new: Ecosystem) -> list[Change]:
    """The nodes and relationships added, removed or changed, then a changed focal firm."""
    changes: list[Change] = []
    old_nodes, new_nodes = dict(old.graph.nodes(data=True)), dict(new.graph.nodes(data=True))
    for node in sorted(set(old_nodes) | set(new_nodes)):
        if node not in old_nodes:
            changes.append(Change("node", "added", node, f"{new_nodes[node]['type']} {new_nodes[node]['name']!r}"))
        elif node not in new_nodes:
            changes.append(Change("node", "removed", node, f"{old_nodes[node]['type']} {old_nodes[node]['name']!r}"))
        elif old_nodes[node] != new_nodes[node]:
            changes.append(Change("node", "changed", node, _describe(old_nodes[node], new_nodes[node])))
    old_edges = {(k, u, v): d for u, v, k, d in old.graph.edges(keys=True, data=True)}
    new_edges = {(k, u, v): d for u, v, k, d in new.graph.edges(keys=True, data=True)}
    for key in sorted(set(old_edges) | set(new_edges)):
        label = f"{key[0]} {key[1]} -> {key[2]}"
        if key not in old_edges:
            changes.append(Change("relationship", "added", label, _describe({}, new_edges[key])))
        elif key not in new_edges:
            changes.append(Change("relationship", "removed", label, _describe(old_edges[key], {})))
        elif old_edges[key] != new_edges[key]:
            changes.append(Change("relationship", "changed", label, _describe(old_edges[key], new_edges[key])))
    if old.focal != new.focal:
        changes.append(Change("ecosystem", "changed", "focal", f"{old.focal!r} -> {new.focal!r}"))
    return changes
