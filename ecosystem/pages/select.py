"""Which nodes a map shows: views, ego maps, type filters, and the cut of a large map.

Above ``max_nodes`` nodes a map keeps the most important nodes of each type,
in proportion to the type's size (organisations by the ``size_by`` metric,
the integrator score by default; jobs and customers by opportunity;
capabilities by the opportunity that needs them; units by their
organisation's score) and folds the others of each type into one "+k more"
node.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..model.errors import ModelError
from ..model.graph import Ecosystem, NodeType, RelType, is_number, node_type
from .styles import METRICS, TYPE_ORDER, plural, type_of
from .view import PageView

__all__ = ["Selection", "metric_values", "parse_types", "quotas", "select_nodes"]


def parse_types(only: str | NodeType | Iterable[str | NodeType] | None) -> tuple[str, ...] | None:
    """The node types ``only`` names (``"partner,capability"``, plurals, a list), in the order given.

    >>> parse_types("partners, capability"), parse_types(None)
    (('partner', 'capability'), None)
    """
    if only is None:
        return None
    items: list[Any] = [only] if isinstance(only, (str, NodeType)) else list(only)
    parts = [p.strip() for item in items for p in (item.split(",") if isinstance(item, str) else [item])]
    wanted, bad = [], []
    for part in parts:
        if part == "":
            continue
        kind = node_type(part)
        if kind is None and isinstance(part, str) and part.endswith("s"):  # plurals: partners, capabilities
            kind = node_type(part[:-1]) or (NodeType.CAPABILITY if part.lower() == "capabilities" else None)
        if kind is None:
            bad.append(str(part))
        elif kind.value not in wanted:
            wanted.append(kind.value)
    if bad or not wanted:
        raise ModelError(
            f"only: unknown node type {', '.join(repr(b) for b in bad) or 'none given'}; "
            f"expected some of {', '.join(t.value for t in NodeType)}"
        )
    return tuple(wanted)


def _neighbourhood(eco: Ecosystem, focus: str, depth: int) -> dict[str, int]:
    seen = {focus: 0}
    frontier = [focus]
    for hop in range(1, depth + 1):
        following = []
        for node in frontier:
            for other in sorted(set(eco.out_links[node]) | set(eco.in_links[node])):
                if other not in seen:
                    seen[other] = hop
                    following.append(other)
        frontier = following
    return seen


def _integration_nodes(page: PageView) -> dict[str, int]:
    """The integration view's nodes and layers: 0 the focal firm (and its units), 1 its partners in
    scope (and theirs), 2 the capabilities they provide and the gaps, 3 the jobs needing them."""
    where = page.analysis.scope
    if where is None:
        raise ModelError("the integration view needs a focal firm")
    eco = page.eco
    provides, requires = RelType.PROVIDES.value, RelType.REQUIRES.value
    layer: dict[str, int] = {a: 0 if where.organisation_of(a) == where.focal else 1 for a in sorted(where.actors)}
    for actor in sorted(where.actors):
        for capability, keys in eco.out_links[actor].items():
            if provides in keys:
                layer[capability] = 2
    for capability in [c for c, number in layer.items() if number == 2]:
        for job, keys in eco.in_links[capability].items():
            if requires in keys:
                layer[job] = 3
    for job in [j for j, number in layer.items() if number == 3]:
        for capability, keys in eco.out_links[job].items():
            if requires in keys and capability not in layer:
                layer[capability] = 2  # what nobody in scope brings: the gaps
    return layer


def metric_values(page: PageView, size_by: str) -> dict[str, float]:
    """Each node's value of the ``size_by`` metric (nodes without one are left out).

    >>> import ecosystem
    >>> from ecosystem.pages.view import view_of
    >>> values = metric_values(view_of(ecosystem.load("sample_graphs/camera.yaml")), "severity")
    >>> values["spare-parts-logistics"]
    105.2
    """
    eco = page.eco
    if size_by in ("score", "betweenness", "brokerage", "reach"):
        return {s.id: float(getattr(s, size_by)) for s in page.analysis.integrators}
    if size_by == "opportunity":
        values = {j: c.opportunity for j, c in page.analysis.job_coverage.items()}
        values.update({c: v.opportunity for c, v in page.analysis.customer_coverage.items()})
        values.update(page.analysis.demand)
        return values
    if size_by == "coverage":
        values = {j: c.coverage for j, c in page.analysis.job_coverage.items()}
        values.update({c: v.share for c, v in page.analysis.customer_coverage.items()})
        return values
    if size_by == "severity":
        values = {t.capability: t.severity for t in page.analysis.gap_totals}
        values.update(page.analysis.job_gap_severity)
        return values
    if size_by == "degree":
        return {n: float(eco.graph.degree(n)) for n in eco.node_data}
    values = {n: float(d[size_by]) for n, d in eco.node_data.items() if is_number(d.get(size_by))}
    if not values:
        raise ModelError(
            f"size_by {size_by!r} is neither a metric ({', '.join(METRICS)}) nor a numeric attribute of any node"
        )
    return values


def importance(page: PageView, metric: dict[str, float], node: str) -> float:
    """How much a node matters when a large map must choose (higher first)."""
    if node in metric:
        return metric[node]
    eco = page.eco
    kind = type_of(eco, node)
    if kind in ("firm", "partner"):
        score = page.by_id.get(node)
        return score.score if score else 0.0
    if kind == "job":
        job = page.analysis.job_coverage.get(node)
        return job.opportunity if job else 0.0
    if kind == "customer":
        customer = page.analysis.customer_coverage.get(node)
        return customer.opportunity if customer else 0.0
    if kind == "capability":
        return page.analysis.demand.get(node, 0.0)
    if kind == "unit":
        parent = next((o for o, keys in eco.out_links[node].items() if RelType.PART_OF.value in keys), None)
        score = page.by_id.get(parent) if parent else None
        return score.score if score else 0.0
    return 0.0


def quotas(counts: dict[str, int], max_nodes: int) -> dict[str, int]:
    """How many nodes of each type a map of at most ``max_nodes`` keeps (one "+k more" node per cut type).

    Types that fit their proportional share are kept whole; the others share
    what is left, largest remainders first.

    >>> quotas({"firm": 1, "job": 100}, 50)  # the firm fits; 49 slots left, one for the "+52 more jobs" node
    {'firm': 1, 'job': 48}
    """
    kept: dict[str, int] = {}
    open_types = [t for t in counts if counts[t] > 0]
    budget = max_nodes
    while open_types:
        slots = budget - len(open_types)
        total = sum(counts[t] for t in open_types)
        fitting = [t for t in open_types if counts[t] <= slots * counts[t] / total + 1]
        if not fitting:
            break
        for kind in fitting:
            kept[kind] = counts[kind]
            budget -= counts[kind]
            open_types.remove(kind)
    if open_types:
        slots = max(budget - len(open_types), len(open_types))
        total = sum(counts[t] for t in open_types)
        shares = {t: slots * counts[t] / total for t in open_types}
        for kind in open_types:
            kept[kind] = max(1, int(shares[kind]))
        spare = slots - sum(kept[t] for t in open_types)
        for kind in sorted(open_types, key=lambda t: (-(shares[t] - int(shares[t])), TYPE_ORDER.index(t))):
            if spare <= 0:
                break
            kept[kind] += 1
            spare -= 1
    return kept


@dataclass(frozen=True)
class Selection:
    """The nodes a map shows, in page order, and what it folded into "+k more" nodes."""

    kept: list[str]
    groups: dict[str, list[str]]  # type -> the nodes folded into its "+k more" node
    group_ids: dict[str, str]  # type -> id of the "+k more" node
    layer: dict[str, int] | None  # the integration view's column of each node
    notes: list[str]
    total: int


def select_nodes(
    page: PageView,
    metric: dict[str, float],
    *,
    focus: str | None,
    depth: int,
    only: tuple[str, ...] | None,
    view: str | None,
    max_nodes: int,
    size_by: str = "score",
) -> Selection:
    """Choose a map's nodes: the view, the ego map around ``focus``, the types ``only`` keeps, the cut."""
    eco = page.eco
    notes: list[str] = []
    layer: dict[str, int] | None = None
    candidates: Iterable[str] = eco.node_data
    if view == "integration":
        layer = _integration_nodes(page)
        candidates = [n for n in eco.node_data if n in layer]
        notes.append(
            "Integration view: the focal firm, the partners in its ecosystem, the capabilities they bring and "
            "the jobs that need them (with the capabilities nobody in it brings: the gaps), left to right."
        )
    if focus is not None:
        near = _neighbourhood(eco, focus, depth)
        candidates = [n for n in candidates if n in near]
        notes.append(
            f"Ego map: {eco.name_of(focus)} and what lies within {depth} relationship"
            f"{'' if depth == 1 else 's'} of it."
        )
    if only is not None:
        candidates = [n for n in candidates if type_of(eco, n) in only]
        notes.append("Only " + ", ".join(plural(t) for t in only) + ".")
    chosen = list(candidates)
    total = len(chosen)
    if total <= max_nodes:
        return Selection(_ordered(page, metric, chosen), {}, {}, layer, notes, total)
    kept, groups = _cut(page, metric, chosen, max_nodes, focus)
    group_ids: dict[str, str] = {}
    for kind in groups:
        gid = f"+more:{kind}"
        while gid in eco:
            gid += "+"
        group_ids[kind] = gid
    left_out = sum(len(g) for g in groups.values())
    notes.append(
        f"This map has {total:,} nodes, more than {max_nodes:,}: it shows the {len(kept):,} that matter most "
        f"({'' if size_by == 'score' else f'by {size_by} where a node has it, otherwise '}"
        "organisations by integrator score, jobs and customers by opportunity, "
        "capabilities by the opportunity that needs them, units by their "
        f"organisation) and groups the other {left_out:,} into "
        + ", ".join(f"+{len(g):,} more {plural(k)}" for k, g in groups.items())
        + ". Their relationships are merged into those group nodes."
    )
    return Selection(_ordered(page, metric, kept), groups, group_ids, layer, notes, total)


def _cut(
    page: PageView, metric: dict[str, float], chosen: list[str], max_nodes: int, focus: str | None
) -> tuple[list[str], dict[str, list[str]]]:
    """Keep each type's quota of its most important nodes (the focal firm and ``focus`` always); group the rest."""
    eco = page.eco
    by_type: dict[str, list[str]] = defaultdict(list)
    for node in chosen:
        by_type[type_of(eco, node)].append(node)
    quota = quotas({t: len(by_type[t]) for t in TYPE_ORDER if t in by_type}, max_nodes)
    pinned = {n for n in (eco.focal, focus) if n is not None}
    kept: list[str] = []
    groups: dict[str, list[str]] = {}
    for kind in TYPE_ORDER:
        members = by_type.get(kind, [])
        ranked = sorted(members, key=lambda n: (n not in pinned, -importance(page, metric, n), n))
        kept.extend(ranked[: quota.get(kind, 0)])
        if len(ranked) > quota.get(kind, 0):
            groups[kind] = ranked[quota.get(kind, 0):]
    return kept, groups


def _ordered(page: PageView, metric: dict[str, float], nodes: list[str]) -> list[str]:
    """Nodes by type, then focal firm first, then importance, then id (a stable order for the page)."""
    eco = page.eco
    return sorted(
        nodes,
        key=lambda n: (TYPE_ORDER.index(type_of(eco, n)), n != eco.focal, -importance(page, metric, n), n),
    )
