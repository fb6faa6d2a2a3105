"""Maps of an ecosystem: an interactive page (vis-network, built with pyvis) and a static picture.

* :func:`ecosystem_map` builds a :class:`pyvis.network.Network` (nodes, edges,
  options) that a notebook user can tweak and ``show``;
* :func:`write_map` writes the map as **one self-contained HTML file**: the
  vis-network script and style that ship inside the pyvis package are inlined,
  nothing is fetched from the network (a Content-Security-Policy forbids it),
  and every text that comes from the data is put in the page as JSON and shown
  with ``textContent``, so a partner called ``<img src=x onerror=alert(1)>``
  shows up as those characters and runs nothing;
* :func:`write_picture` draws the same layout and styling as a PNG or SVG with
  matplotlib, for slides.

What the map shows
------------------
Each node type has its colour and shape (a legend is on the page); node size
follows the integrator score (``size_by``: any metric of :data:`METRICS` or
any numeric node attribute); the focal firm is bigger, framed in gold, with a
highlighted label; capability **gaps** are red with a dashed border, the
``REQUIRES`` edges to them are red and dashed, the jobs they hurt have a red
frame, and the gaps are listed beside the map.  Clicking a node shows its
attributes and analysis figures (integrator score and its components,
coverage, opportunity, gap severity, candidates...) and highlights its
neighbourhood; a search box finds a node by name; check boxes hide node types.

The layout is computed in Python and seeded (same input, same page, byte for
byte): a force-directed layout in which organisations lean left, capabilities
sit in the middle and jobs and customers lean right (who brings what to which
job, for whom), or, with ``view="integration"``, strict layers.  Physics is
off in the browser.

Large graphs
------------
Above ``max_nodes`` nodes (:data:`MAX_NODES`, 1,500, by default) the map keeps
the most important nodes of each type, in proportion to the type's size
(organisations by the ``size_by`` metric, the integrator score by default;
jobs and customers by opportunity; capabilities by the opportunity that needs
them; units by their organisation's score) and groups the others of each type
into one "+k more <type>" node, whose relationships are merged; the page says
what was left out.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..analyses.coverage import GAP, IN_HOUSE, PARTNER, CoverageModel, CustomerCoverage, JobCoverage, customer_coverage
from ..model.errors import EcosystemError, ModelError
from ..formats.files import atomic_write_text
from ..analyses.gaps import CapabilityGap, Gap, gap_totals, gaps_in
from ..analyses.integrators import IntegratorScore, central_integrators
from ..model.graph import Ecosystem, NodeType, RelType, is_number, node_type
from ..formats.records import figure
from ..analyses.scope import MAX_DEPTH, Scope, scope

if TYPE_CHECKING:  # pragma: no cover
    from pyvis.network import Network

__all__ = [
    "MAX_NODES",
    "METRICS",
    "VIEWS",
    "NODE_STYLES",
    "EDGE_STYLES",
    "Analyses",
    "MapData",
    "analyse",
    "build_map",
    "draw_picture",
    "ecosystem_map",
    "map_html",
    "map_page",
    "write_map",
    "write_picture",
]

#: Above this many nodes a map shows the most important ones and "+k more" groups.
MAX_NODES = 1500

#: The metrics ``size_by`` knows (any other name is read as a numeric node attribute).
METRICS: dict[str, str] = {
    "score": "integrator score (organisations)",
    "betweenness": "betweenness component of the integrator score (organisations)",
    "brokerage": "brokerage component of the integrator score (organisations)",
    "reach": "integration reach component of the integrator score (organisations)",
    "opportunity": "opportunity (jobs, customers) and the opportunity that needs it (capabilities)",
    "coverage": "coverage (jobs) and covered share (customers)",
    "severity": "gap severity (gap capabilities; jobs: the severity of their gaps)",
    "degree": "number of relationships (every node)",
}

#: The views ``view`` knows.
VIEWS = ("integration",)

#: Colour, shape, base size and legend label of each node type.
NODE_STYLES: dict[str, dict[str, Any]] = {
    "firm": {"color": "#1d3557", "shape": "square", "size": 20, "label": "Firm", "marker": "s"},
    "partner": {"color": "#3a86ff", "shape": "dot", "size": 15, "label": "Partner", "marker": "o"},
    "unit": {"color": "#8ecae6", "shape": "triangleDown", "size": 12, "label": "Unit", "marker": "v"},
    "customer": {"color": "#f4a261", "shape": "triangle", "size": 19, "label": "Customer", "marker": "^"},
    "job": {"color": "#9d4edd", "shape": "diamond", "size": 17, "label": "Job", "marker": "D"},
    "capability": {"color": "#52b788", "shape": "hexagon", "size": 13, "label": "Capability", "marker": "h"},
}
GAP_COLOR = "#d62828"
FOCAL_BORDER = "#ffb703"
AGGREGATE_COLOR = "#e9ecef"
TYPE_ORDER = ("firm", "partner", "unit", "customer", "job", "capability")

#: Colour, line style and legend label of each relationship type (and of a REQUIRES to a gap).
EDGE_STYLES: dict[str, dict[str, Any]] = {
    "PARTNERS_WITH": {"color": "#3a86ff", "dashes": False, "arrow": False, "width": 1.5, "label": "partners with"},
    "INTEGRATES_WITH": {"color": "#1d3557", "dashes": [1, 3], "arrow": False, "width": 3.0, "label": "integrates with"},
    "PROVIDES": {"color": "#52b788", "dashes": False, "arrow": True, "width": 1.5, "label": "provides"},
    "REQUIRES": {"color": "#b79ced", "dashes": False, "arrow": True, "width": 1.2, "label": "requires"},
    "REQUIRES_GAP": {"color": GAP_COLOR, "dashes": [7, 5], "arrow": True, "width": 2.2, "label": "requires a gap"},
    "HAS_JOB": {"color": "#f4a261", "dashes": False, "arrow": True, "width": 1.2, "label": "has the job"},
    "SERVES": {"color": "#adb5bd", "dashes": [2, 4], "arrow": True, "width": 1.0, "label": "serves"},
    "PART_OF": {"color": "#8ecae6", "dashes": False, "arrow": True, "width": 1.0, "label": "part of"},
}

#: Where each type leans on the x axis of the force layout (0 left .. 1 right).
_ANCHOR_X = {"firm": 0.0, "partner": 0.0, "unit": -0.15, "capability": 0.6, "job": 1.1, "customer": 1.5}
_PULL_X, _PULL_Y = 2.0, 1.0
_FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "DejaVu Sans", sans-serif'
_LABEL_LIMIT = 32
_LIST_LIMIT = 40


# -- analyses ------------------------------------------------------------------------------
@dataclass
class Analyses:
    """Every figure a map or a review shows, computed once from the library's analyses.

    The records are the very ones the library returns (``central_integrators``,
    ``gaps_in``, ``customer_coverage``...), so the pages show the same figures
    as the command line's JSON.
    """

    eco: Ecosystem
    depth: int
    integrators: list[IntegratorScore]
    scope: Scope | None = None
    model: CoverageModel | None = None
    jobs: dict[str, JobCoverage] = field(default_factory=dict)
    customers: dict[str, CustomerCoverage] = field(default_factory=dict)
    gaps: list[Gap] = field(default_factory=list)
    totals: list[CapabilityGap] = field(default_factory=list)
    demand: dict[str, float] = field(default_factory=dict)
    job_gap_severity: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_id = {s.id: s for s in self.integrators}
        self.rank = {s.id: i + 1 for i, s in enumerate(self.integrators)}
        self.gap_by_capability = {t.capability: t for t in self.totals}
        self.gaps_of_job: dict[str, list[Gap]] = defaultdict(list)
        self.gaps_of_capability: dict[str, list[Gap]] = defaultdict(list)
        for gap in self.gaps:
            self.gaps_of_job[gap.job].append(gap)
            self.gaps_of_capability[gap.capability].append(gap)
        self.closes: dict[str, list[str]] = defaultdict(list)  # candidate -> the gap capabilities it provides
        for total in self.totals:  # most severe first
            for candidate in total.candidates:
                self.closes[candidate].append(total.capability)

    def status(self, capability: str) -> str | None:
        """``in_house``, ``partner``, ``gap`` (required, nobody in scope), ``unused`` or ``None`` (no scope)."""
        if self.model is None:
            return None
        if capability in self.gap_by_capability:
            return GAP
        status = self.model.status(capability)
        if status == GAP:
            return "unused" if capability not in self.demand else GAP
        return status


def analyse(eco: Ecosystem, depth: int = 1) -> Analyses:
    """Compute the analyses a map or review shows (the focal firm's ecosystem at ``depth``).

    Without a focal firm only the integrator scores are computed.

    >>> import ecosystem
    >>> a = analyse(ecosystem.load("sample_graphs/camera.yaml"))
    >>> a.integrators[0].id, a.gaps[0].capability
    ('lumen', 'spare-parts-logistics')
    """
    integrators = central_integrators(eco)
    if eco.focal is None or eco.focal not in eco:
        return Analyses(eco, depth, integrators)
    where = scope(eco, depth)
    model = CoverageModel(eco, where)
    gaps = gaps_in(model)
    jobs = {c.job: c for c in model.jobs()}
    customers = {c.customer: c for c in customer_coverage(eco, depth)}
    demand: dict[str, float] = defaultdict(float)
    requires = RelType.REQUIRES.value
    for job in eco.ids(NodeType.JOB):
        opportunity = model.opportunity.get(job, 0.0)
        for capability, keys in eco.graph.succ[job].items():
            data = keys.get(requires)
            if data is not None:
                demand[capability] += opportunity * float(data.get("weight", 1.0))
    job_gap: dict[str, float] = defaultdict(float)
    for gap in gaps:
        job_gap[gap.job] += gap.severity
    return Analyses(
        eco, depth, integrators, where, model, jobs, customers, gaps, gap_totals(eco, gaps),
        {c: round(v, 6) for c, v in demand.items()}, {j: round(v, 6) for j, v in job_gap.items()},
    )


# -- formatting ----------------------------------------------------------------------------
def _clip(text: str, limit: int = _LABEL_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def _attribute_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def script_json(value: Any) -> str:
    """JSON that is safe inside ``<script type="application/json">``: ``<``, ``>``, ``&``, U+2028/9 escaped.

    >>> script_json({"name": "</script><b>&"})
    '{"name":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (
        text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    )


def _plain_title(text: str) -> str:
    # pyvis's own template (Network.show) puts a title into innerHTML when it contains
    # "href"; a zero-width non-joiner keeps that path closed for data titles.
    return text.replace("href", "hre\u200cf")


# -- choosing the nodes --------------------------------------------------------------------
def _plural(kind: str) -> str:
    return NodeType(kind).plural


def _type_of(eco: Ecosystem, node: str) -> str:
    return str(eco.graph.nodes[node]["type"])


def _parse_types(only: str | NodeType | Iterable[str | NodeType] | None) -> tuple[str, ...] | None:
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
    graph = eco.graph
    seen = {focus: 0}
    frontier = [focus]
    for hop in range(1, depth + 1):
        following = []
        for node in frontier:
            for other in sorted(set(graph.succ[node]) | set(graph.pred[node])):
                if other not in seen:
                    seen[other] = hop
                    following.append(other)
        frontier = following
    return seen


def _integration_nodes(eco: Ecosystem, analyses: Analyses) -> dict[str, int]:
    """The integration view's nodes and layers: 0 the focal firm (and its units), 1 its partners in
    scope (and theirs), 2 the capabilities they provide and the gaps, 3 the jobs needing them."""
    if analyses.scope is None:
        raise ModelError("the integration view needs a focal firm")
    where = analyses.scope
    graph = eco.graph
    provides, requires = RelType.PROVIDES.value, RelType.REQUIRES.value
    layer: dict[str, int] = {a: 0 if where.organisation_of(a) == where.focal else 1 for a in sorted(where.actors)}
    for actor in sorted(where.actors):
        for capability, keys in graph.succ[actor].items():
            if provides in keys:
                layer[capability] = 2
    for capability in [c for c, number in layer.items() if number == 2]:
        for job, keys in graph.pred[capability].items():
            if requires in keys:
                layer[job] = 3
    for job in [j for j, number in layer.items() if number == 3]:
        for capability, keys in graph.succ[job].items():
            if requires in keys and capability not in layer:
                layer[capability] = 2  # what nobody in scope brings: the gaps
    return layer


def _metric(eco: Ecosystem, analyses: Analyses, size_by: str) -> dict[str, float]:
    """Each node's value of the ``size_by`` metric (nodes without one are left out)."""
    graph = eco.graph
    if size_by in ("score", "betweenness", "brokerage", "reach"):
        return {s.id: float(getattr(s, size_by)) for s in analyses.integrators}
    if size_by == "opportunity":
        values = {j: c.opportunity for j, c in analyses.jobs.items()}
        values.update({c: v.opportunity for c, v in analyses.customers.items()})
        values.update(analyses.demand)
        return values
    if size_by == "coverage":
        values = {j: c.coverage for j, c in analyses.jobs.items()}
        values.update({c: v.share for c, v in analyses.customers.items()})
        return values
    if size_by == "severity":
        values = {t.capability: t.severity for t in analyses.totals}
        values.update(analyses.job_gap_severity)
        return values
    if size_by == "degree":
        return {n: float(graph.degree(n)) for n in graph.nodes}
    values = {n: float(d[size_by]) for n, d in graph.nodes(data=True) if is_number(d.get(size_by))}
    if not values:
        raise ModelError(
            f"size_by {size_by!r} is neither a metric ({', '.join(METRICS)}) nor a numeric attribute of any node"
        )
    return values


def _importance(eco: Ecosystem, analyses: Analyses, metric: dict[str, float], node: str) -> float:
    """How much a node matters when a large map must choose (higher first)."""
    if node in metric:
        return metric[node]
    kind = _type_of(eco, node)
    if kind in ("firm", "partner"):
        score = analyses.by_id.get(node)
        return score.score if score else 0.0
    if kind == "job":
        job = analyses.jobs.get(node)
        return job.opportunity if job else 0.0
    if kind == "customer":
        customer = analyses.customers.get(node)
        return customer.opportunity if customer else 0.0
    if kind == "capability":
        return analyses.demand.get(node, 0.0)
    if kind == "unit":
        parent = next((o for o, keys in eco.graph.succ[node].items() if RelType.PART_OF.value in keys), None)
        score = analyses.by_id.get(parent) if parent else None
        return score.score if score else 0.0
    return 0.0


def _quotas(counts: dict[str, int], max_nodes: int) -> dict[str, int]:
    """How many nodes of each type a map of at most ``max_nodes`` keeps (one "+k more" node per cut type)."""
    quotas: dict[str, int] = {}
    open_types = [t for t in counts if counts[t] > 0]
    budget = max_nodes
    while open_types:
        slots = budget - len(open_types)
        total = sum(counts[t] for t in open_types)
        fitting = [t for t in open_types if counts[t] <= slots * counts[t] / total + 1]
        if not fitting:
            break
        for kind in fitting:
            quotas[kind] = counts[kind]
            budget -= counts[kind]
            open_types.remove(kind)
    if open_types:
        slots = max(budget - len(open_types), len(open_types))
        total = sum(counts[t] for t in open_types)
        shares = {t: slots * counts[t] / total for t in open_types}
        for kind in open_types:
            quotas[kind] = max(1, int(shares[kind]))
        spare = slots - sum(quotas[t] for t in open_types)
        for kind in sorted(open_types, key=lambda t: (-(shares[t] - int(shares[t])), TYPE_ORDER.index(t))):
            if spare <= 0:
                break
            quotas[kind] += 1
            spare -= 1
    return quotas


@dataclass
class _Selection:
    kept: list[str]
    groups: dict[str, list[str]]  # type -> the nodes folded into its "+k more" node
    group_ids: dict[str, str]  # type -> id of the "+k more" node
    layer: dict[str, int] | None
    notes: list[str]
    total: int


def _select(
    eco: Ecosystem,
    analyses: Analyses,
    metric: dict[str, float],
    *,
    focus: str | None,
    depth: int,
    only: tuple[str, ...] | None,
    view: str | None,
    max_nodes: int,
    size_by: str = "score",
) -> _Selection:
    notes: list[str] = []
    layer: dict[str, int] | None = None
    candidates: Iterable[str] = eco.graph.nodes
    if view == "integration":
        layer = _integration_nodes(eco, analyses)
        candidates = [n for n in eco.graph.nodes if n in layer]
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
        candidates = [n for n in candidates if _type_of(eco, n) in only]
        notes.append("Only " + ", ".join(_plural(t) for t in only) + ".")
    chosen = list(candidates)
    total = len(chosen)
    if total <= max_nodes:
        return _Selection(_ordered(eco, analyses, metric, chosen), {}, {}, layer, notes, total)
    by_type: dict[str, list[str]] = defaultdict(list)
    for node in chosen:
        by_type[_type_of(eco, node)].append(node)
    quotas = _quotas({t: len(by_type[t]) for t in TYPE_ORDER if t in by_type}, max_nodes)
    pinned = {n for n in (eco.focal, focus) if n is not None}
    kept: list[str] = []
    groups: dict[str, list[str]] = {}
    for kind in TYPE_ORDER:
        members = by_type.get(kind, [])
        ranked = sorted(members, key=lambda n: (n not in pinned, -_importance(eco, analyses, metric, n), n))
        kept.extend(ranked[: quotas.get(kind, 0)])
        if len(ranked) > quotas.get(kind, 0):
            groups[kind] = ranked[quotas.get(kind, 0):]
    group_ids: dict[str, str] = {}
    for kind in groups:
        gid = f"+more:{kind}"
        while gid in eco.graph:
            gid += "+"
        group_ids[kind] = gid
    left_out = sum(len(g) for g in groups.values())
    notes.append(
        f"This map has {total:,} nodes, more than {max_nodes:,}: it shows the {len(kept):,} that matter most "
        f"({'' if size_by == 'score' else f'by {size_by} where a node has it, otherwise '}"
        "organisations by integrator score, jobs and customers by opportunity, capabilities by the opportunity that needs them, units by their "
        f"organisation) and groups the other {left_out:,} into "
        + ", ".join(f"+{len(g):,} more {_plural(k)}" for k, g in groups.items())
        + ". Their relationships are merged into those group nodes."
    )
    return _Selection(_ordered(eco, analyses, metric, kept), groups, group_ids, layer, notes, total)


def _ordered(eco: Ecosystem, analyses: Analyses, metric: dict[str, float], nodes: list[str]) -> list[str]:
    """Nodes by type, then focal firm first, then importance, then id (a stable order for the page)."""
    return sorted(
        nodes,
        key=lambda n: (
            TYPE_ORDER.index(_type_of(eco, n)), n != eco.focal, -_importance(eco, analyses, metric, n), n,
        ),
    )


# -- layout --------------------------------------------------------------------------------
def _force_layout(
    types: list[str], pairs: list[tuple[int, int]], seed: int, widths: list[float] | None = None,
    sizes: list[float] | None = None,
) -> list[tuple[float, float]]:
    """A seeded Fruchterman-Reingold layout, types leaning to their column; pixel coordinates."""
    import numpy as np

    n = len(types)
    if n == 0:
        return []
    if n == 1:
        return [(0.0, 0.0)]
    rng = np.random.default_rng(seed)
    anchor = np.array([_ANCHOR_X.get(t, 0.5) for t in types])
    pos = np.column_stack([anchor + rng.normal(0.0, 0.04, n), rng.random(n)])
    k2 = 1.0 / n
    k = math.sqrt(k2)
    unique = sorted({(min(a, b), max(a, b)) for a, b in pairs if a != b})
    src = np.array([a for a, _ in unique], dtype=np.intp)
    dst = np.array([b for _, b in unique], dtype=np.intp)
    iterations = 150 if n <= 300 else 80 if n <= 1000 else 50
    pivots = None if n <= 2500 else np.sort(rng.choice(n, 1000, replace=False))
    degree = np.bincount(np.concatenate([src, dst]), minlength=n) if len(src) else np.zeros(n)
    pull_x = np.where(degree == 0, 4.0 * _PULL_X, _PULL_X)
    pull_y = np.where(degree == 0, 4.0 * _PULL_Y, _PULL_Y)
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        disp = _repulsion(pos, k2, pivots)
        if len(src):
            delta = pos[src] - pos[dst]
            length = np.sqrt((delta * delta).sum(axis=1))
            pull = delta * (length / k)[:, None]
            for axis in (0, 1):
                disp[:, axis] -= np.bincount(src, pull[:, axis], n)
                disp[:, axis] += np.bincount(dst, pull[:, axis], n)
        disp[:, 0] += pull_x * (anchor - pos[:, 0])
        disp[:, 1] += pull_y * (0.5 - pos[:, 1])
        length = np.sqrt((disp * disp).sum(axis=1))
        length[length < 1e-9] = 1e-9
        pos += disp * (np.minimum(length, temperature) / length)[:, None]
        temperature -= cooling
    spread = np.percentile(pos, 95, axis=0) - np.percentile(pos, 5, axis=0)
    if spread[1] > 0 and spread[0] > 0:  # landscape, like screens and slides
        stretch = math.sqrt(max(1.0, 1.5 * spread[1] / spread[0]))
        pos = pos * np.array([stretch, 1.0 / stretch])
    pos = _to_pixels(pos, n)
    if n <= 400:
        radius = np.array(sizes if sizes is not None else [15.0] * n)
        label = np.array(widths if widths is not None else [120.0] * n)
        pos = _unclutter(pos, np.maximum(label, 2 * radius + 12), 2 * radius + 30)
    return [(float(x), float(y)) for x, y in pos]


def _group_positions(
    groups: list[str], types: list[str], coords: list[tuple[float, float]]
) -> list[tuple[float, float]]:
    """Put the "+k more" nodes in a row under the map, spread over its width in type order."""
    if not groups:
        return []
    xs = [x for x, _ in coords] or [0.0]
    bottom = max((y for _, y in coords), default=0.0) + 300.0
    left, right = min(xs), max(xs)
    step = max((right - left) / max(len(groups) - 1, 1), 300.0)
    start = (left + right) / 2 - step * (len(groups) - 1) / 2
    return [(start + i * step, bottom) for i in range(len(groups))]


def _repulsion(pos: Any, k2: float, pivots: Any) -> Any:
    import numpy as np

    n = len(pos)
    disp = np.zeros_like(pos)
    others = pos if pivots is None else pos[pivots]
    weight = 1.0 if pivots is None else n / len(pivots)
    for start in range(0, n, 2048):
        block = pos[start : start + 2048]
        dx = block[:, 0][:, None] - others[:, 0][None, :]
        dy = block[:, 1][:, None] - others[:, 1][None, :]
        d2 = dx * dx + dy * dy
        np.maximum(d2, 1e-9, out=d2)
        w = (k2 * weight) / d2
        w[d2 <= 1e-9] = 0.0
        disp[start : start + len(block), 0] = (dx * w).sum(axis=1)
        disp[start : start + len(block), 1] = (dy * w).sum(axis=1)
    return disp


def _to_pixels(pos: Any, n: int) -> Any:
    """Scale a layout so that nodes sit about 130 px from their nearest neighbour."""
    import numpy as np

    pos = pos - np.median(pos, axis=0)
    if n <= 3000:
        dx = pos[:, 0][:, None] - pos[:, 0][None, :]
        dy = pos[:, 1][:, None] - pos[:, 1][None, :]
        d = np.sqrt(dx * dx + dy * dy)
        np.fill_diagonal(d, np.inf)
        nearest = float(np.median(d.min(axis=1)))
    else:
        spread = np.percentile(pos, 95, axis=0) - np.percentile(pos, 5, axis=0)
        nearest = float(math.sqrt(max(spread[0] * spread[1], 1e-12) / n))
    return pos * (130.0 / max(nearest, 1e-9))


def _unclutter(pos: Any, widths: Any, heights: Any) -> Any:
    """Move nodes apart until their boxes (node and label below it: ``widths`` x ``heights`` px) no longer overlap.

    Overlapping pairs are pushed apart along the axis where they overlap least
    (mostly vertically, labels being wide), a few passes, all at once.
    """
    import numpy as np

    n = len(pos)
    order = np.arange(n)
    need_x = (widths[:, None] + widths[None, :]) / 2 + 8.0
    need_y = (heights[:, None] + heights[None, :]) / 2
    for _ in range(100):
        dx = pos[:, 0][:, None] - pos[:, 0][None, :]
        dy = pos[:, 1][:, None] - pos[:, 1][None, :]
        over_x = need_x - np.abs(dx)
        over_y = need_y - np.abs(dy)
        clash = (over_x > 0) & (over_y > 0)
        np.fill_diagonal(clash, False)
        if not clash.any():
            break
        # ties (same spot) are broken by index, so that the result is deterministic
        sign_y = np.where(dy != 0, np.sign(dy), np.sign(order[:, None] - order[None, :]))
        sign_x = np.where(dx != 0, np.sign(dx), np.sign(order[:, None] - order[None, :]))
        vertical = clash & (over_y <= over_x * 1.6)
        sideways = clash & ~vertical
        move_y = (np.where(vertical, over_y, 0.0) * sign_y).sum(axis=1) * 0.3
        move_x = (np.where(sideways, over_x, 0.0) * sign_x).sum(axis=1) * 0.3
        pos = pos + np.column_stack([move_x, move_y])
    return pos


def _layered_layout(
    layers: list[int], neighbours: dict[int, list[int]], order_key: list[tuple[Any, ...]], sizes: list[float],
    tall: frozenset[int] = frozenset(),
) -> list[tuple[float, float]]:
    """Columns left to right; within a column, nodes ordered to keep edges short (barycentre sweeps)."""
    columns: dict[int, list[int]] = defaultdict(list)
    for index in sorted(range(len(layers)), key=lambda i: order_key[i]):
        columns[layers[index]].append(index)
    y: dict[int, float] = {}
    for column in columns.values():
        for rank, index in enumerate(column):
            y[index] = float(rank) / max(len(column) - 1, 1)
    first = min(columns, default=0)
    for _ in range(4):
        for number in sorted(columns)[1:] + sorted(columns)[::-1][1:]:
            if number == first:
                continue
            column = columns[number]

            def centre(index: int, number: int = number) -> tuple[float, tuple[Any, ...]]:
                near = [y[o] for o in neighbours.get(index, []) if layers[o] != number]
                return (sum(near) / len(near) if near else y[index], order_key[index])

            column.sort(key=centre)
            for rank, index in enumerate(column):
                y[index] = float(rank) / max(len(column) - 1, 1)
    width = 520.0
    positions: list[tuple[float, float]] = [(0.0, 0.0)] * len(layers)
    for number, column in columns.items():
        steps = [0.0]
        for before, after in zip(column, column[1:]):
            steps.append(steps[-1] + max(62.0, sizes[before] + sizes[after] + 44.0 + (20.0 if before in tall else 0.0)))
        offset = steps[-1] / 2
        for step, index in zip(steps, column):
            positions[index] = (number * width, step - offset)
    return positions


# -- building the map ----------------------------------------------------------------------
@dataclass
class MapData:
    """Everything a map page needs: the pyvis network, the side-panel details and the page's notes."""

    network: Network
    details: list[dict[str, Any]]
    gaps: list[dict[str, Any]]
    meta: dict[str, Any]
    positions: dict[str, tuple[float, float]]
    node_types: dict[str, str]
    edge_kinds: list[str]


def _check_options(
    eco: Ecosystem, size_by: str, focus: str | None, depth: int, view: str | None, max_nodes: int, seed: int
) -> None:
    if not isinstance(size_by, str) or not size_by:
        raise ModelError(f"size_by must be a metric name or a node attribute, got {size_by!r}")
    if focus is not None and focus not in eco:
        raise ModelError(f"focus {focus!r} is not a node of this ecosystem")
    if isinstance(depth, bool) or not isinstance(depth, int) or not 0 <= depth <= MAX_DEPTH:
        raise ModelError(f"depth must be a whole number from 0 to {MAX_DEPTH}, got {depth!r}")
    if view is not None and view not in VIEWS:
        raise ModelError(f"view must be one of {', '.join(VIEWS)}, got {view!r}")
    if isinstance(max_nodes, bool) or not isinstance(max_nodes, int) or max_nodes < 20:
        raise ModelError(f"max_nodes must be a whole number of at least 20, got {max_nodes!r}")
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise ModelError(f"seed must be a whole number, got {seed!r}")


def build_map(
    eco: Ecosystem,
    *,
    size_by: str = "score",
    focus: str | None = None,
    depth: int = 1,
    only: str | NodeType | Iterable[str | NodeType] | None = None,
    view: str | None = None,
    max_nodes: int = MAX_NODES,
    seed: int = 0,
    scope_depth: int = 1,
    analyses: Analyses | None = None,
) -> MapData:
    """Build the map once: its pyvis network, side-panel details, gap list and notes.

    :func:`map_page` turns the result into the page and :func:`draw_picture`
    into a picture, so that a page and its pictures share one computation.

    Parameters
    ----------
    eco : Ecosystem
    size_by, focus, depth, only, view, max_nodes, seed, scope_depth
        As for :func:`ecosystem_map`.
    analyses : Analyses, optional
        Figures already computed by :func:`analyse` (for the same ``scope_depth``).

    Returns
    -------
    MapData

    Examples
    --------
    >>> import ecosystem
    >>> data = build_map(ecosystem.load("sample_graphs/camera.yaml"), focus="fixright")
    >>> data.meta["shown"], data.meta["notes"][0]
    (5, 'Ego map: FixRight Service Centres and what lies within 1 relationship of it.')
    """
    from pyvis.network import Network

    _check_options(eco, size_by, focus, depth, view, max_nodes, seed)
    types_wanted = _parse_types(only)
    if analyses is None:
        analyses = analyse(eco, scope_depth)
    metric = _metric(eco, analyses, size_by)
    selection = _select(
        eco, analyses, metric, focus=focus, depth=depth, only=types_wanted, view=view, max_nodes=max_nodes,
        size_by=size_by,
    )
    kept = selection.kept
    index = {n: i for i, n in enumerate(kept)}
    group_of: dict[str, str] = {}
    for kind, members in selection.groups.items():
        for member in members:
            group_of[member] = selection.group_ids[kind]
    all_ids = kept + [selection.group_ids[k] for k in TYPE_ORDER if k in selection.groups]
    for gid in all_ids[len(kept):]:
        index[gid] = len(index)
    types = [_type_of(eco, n) for n in kept] + [k for k in TYPE_ORDER if k in selection.groups]

    # relationships: kept-kept as they are; anything touching a grouped node is merged
    graph = eco.graph
    wanted = set(kept) | set(group_of)
    plain: list[tuple[str, str, str, dict[str, Any]]] = []
    merged: dict[tuple[str, str, str], int] = defaultdict(int)
    for u in sorted(wanted, key=lambda n: (n not in index, index.get(n, 0), n)):
        for v, keys in graph.succ[u].items():
            if v not in wanted:
                continue
            for key in sorted(keys) if len(keys) > 1 else keys:
                if u in index and v in index:
                    plain.append((u, v, key, keys[key]))
                else:
                    a, b = group_of.get(u, u), group_of.get(v, v)
                    if a != b:
                        merged[(a, b, key)] += 1
    plain.sort(key=lambda e: (index[e[0]], index[e[1]], e[2]))
    merged_edges = sorted(merged.items(), key=lambda item: (index[item[0][0]], index[item[0][1]], item[0][2]))

    # layout
    pairs = [(index[u], index[v]) for u, v, _, _ in plain] + [(index[a], index[b]) for (a, b, _), _ in merged_edges]
    shown_values = [metric[n] for n in kept if n in metric]
    low = min(shown_values, default=0.0)
    high = max(shown_values, default=0.0)
    sizes = [_size(_type_of(eco, n), metric.get(n), low, high) for n in kept] + [22.0] * (len(all_ids) - len(kept))
    if eco.focal in index:
        sizes[index[eco.focal]] = max(sizes[index[eco.focal]], 38.0)
    layers: list[int] = []
    if selection.layer is not None:
        layers = [selection.layer.get(n, 0) for n in kept] + [
            {"firm": 1, "partner": 1, "unit": 1, "capability": 2, "job": 3}.get(k, 3)
            for k in TYPE_ORDER if k in selection.groups
        ]
        neighbours: dict[int, list[int]] = defaultdict(list)
        for one, other in pairs:
            neighbours[one].append(other)
            neighbours[other].append(one)
        order_key = [
            (i >= len(kept), i >= len(kept) or all_ids[i] != eco.focal, -_importance(eco, analyses, metric, all_ids[i])
             if i < len(kept) else 0.0, all_ids[i])
            for i in range(len(all_ids))
        ]
        coords = _layered_layout(
            layers, neighbours, order_key, sizes, frozenset({index[eco.focal]} if eco.focal in index else ())
        )
    else:
        widths = [
            min(len(str(eco.graph.nodes[n]["name"])), _LABEL_LIMIT) * (11.5 if n == eco.focal else 8.8) + 10
            for n in kept
        ]
        inner = [(a, b) for a, b in pairs if a < len(kept) and b < len(kept)]
        coords = _force_layout(types[: len(kept)], inner, seed, widths, sizes[: len(kept)])
        coords += _group_positions(types[len(kept):], types[: len(kept)], coords)
    positions = {node: (round(x, 1), round(y, 1)) for node, (x, y) in zip(all_ids, coords)}

    # nodes
    vis_nodes: list[dict[str, Any]] = []
    details: list[dict[str, Any]] = []
    shown = set(all_ids)
    for node in kept:
        vis_nodes.append(_vis_node(eco, analyses, node, sizes[index[node]], positions[node], node == focus))
        details.append(_details(eco, analyses, node, shown, metric, size_by))
    for kind in TYPE_ORDER:
        if kind in selection.groups:
            gid = selection.group_ids[kind]
            vis_nodes.append(_vis_group(gid, kind, selection.groups[kind], positions[gid]))
            details.append(_group_details(eco, analyses, gid, kind, selection.groups[kind]))

    # edges
    vis_edges: list[dict[str, Any]] = []
    edge_kinds: list[str] = []
    for number, (u, v, key, data) in enumerate(plain):
        style_key = key
        if key == RelType.REQUIRES.value and analyses.status(v) == GAP:
            style_key = "REQUIRES_GAP"
        edge_kinds.append(style_key)
        vis_edges.append(_vis_edge(f"e{number}", u, v, style_key, _edge_title(eco, u, v, key, data), data))
        if layers and layers[index[u]] == layers[index[v]]:
            vis_edges[-1]["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.35}
    for number, ((a, b, key), count) in enumerate(merged_edges, start=len(plain)):
        edge_kinds.append(key)
        title = f"{count:,} {key} relationship{'s' if count != 1 else ''} merged into this line"
        edge = _vis_edge(f"e{number}", a, b, key, title, {})
        edge["width"] = round(0.6 + 0.8 * math.log10(1 + count), 2)
        edge["color"] = {**edge["color"], "opacity": 0.2}
        edge["dashes"] = False
        edge["merged"] = count
        vis_edges.append(edge)

    options = _vis_options(len(vis_nodes), len(vis_edges), seed, layered=bool(layers))
    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    net.nodes = vis_nodes
    net.node_ids = [n["id"] for n in vis_nodes]
    net.node_map = {n["id"]: n for n in vis_nodes}
    net.edges = vis_edges
    net.options = options

    gaps = []
    for total in analyses.totals[:25]:
        gaps.append({
            "id": total.capability,
            "name": total.name,
            "severity": total.severity,
            "text": f"severity {figure(total.severity)}",
            "jobs": [
                {"id": g.job, "name": eco.name_of(g.job), "shown": g.job in shown}
                for g in analyses.gaps_of_capability.get(total.capability, [])[:8]
            ],
            "more_jobs": max(0, total.jobs - 8),
            "shown": total.capability in shown,
        })
    counts: dict[str, int] = defaultdict(int)
    for kind in types[: len(kept)]:
        counts[kind] += 1
    start = focus if focus is not None and focus in shown else eco.focal if eco.focal in shown else None
    meta = {
        "name": eco.name,
        "focal": eco.focal if eco.focal in shown else None,
        "focus": focus,
        "start": start,
        "notes": selection.notes,
        "total": selection.total,
        "shown": len(kept),
        "grouped": {k: len(v) for k, v in selection.groups.items()},
        "counts": dict(counts),
        "relationships": len(vis_edges),
        "size_by": size_by,
        "size_by_text": METRICS.get(size_by, f"the attribute {size_by!r}"),
        "gap_total": len(analyses.totals),
    }
    return MapData(net, details, gaps, meta, positions, {n: t for n, t in zip(all_ids, types)}, edge_kinds)


def _size(kind: str, value: float | None, low: float, high: float) -> float:
    if value is None:
        return float(NODE_STYLES[kind]["size"])
    if high <= low:
        share = 1.0 if high > 0 else 0.0
    elif low >= 0:
        share = value / high
    else:
        share = (value - low) / (high - low)
    return round(9.0 + 31.0 * math.sqrt(max(0.0, min(1.0, share))), 2)


def _vis_node(
    eco: Ecosystem, analyses: Analyses, node: str, size: float, position: tuple[float, float], is_focus: bool
) -> dict[str, Any]:
    data = eco.graph.nodes[node]
    kind = str(data["type"])
    style = NODE_STYLES[kind]
    name = str(data["name"])
    color = style["color"]
    border = _shade(color)
    border_width = 1.5
    dashes: bool | list[int] = False
    font: dict[str, Any] = {"size": 18, "color": "#212529", "face": _FONT, "strokeWidth": 4, "strokeColor": "#ffffff"}
    status = analyses.status(node) if kind == "capability" else None
    if status == GAP:
        color, border, dashes, border_width = GAP_COLOR, "#6a040f", [4, 3], 2.5
    elif status == "unused":
        color, border = "#b7e4c7", "#52b788"
    if kind == "job" and analyses.gaps_of_job.get(node):
        border, border_width = GAP_COLOR, 4.0
    if node == eco.focal:
        border, border_width = FOCAL_BORDER, 6.0
        font = {**font, "size": 23, "color": "#0b1f3a", "background": "#fff3c4", "strokeWidth": 0}
    elif is_focus:
        border, border_width = "#212529", 5.0
        font = {**font, "size": 20}
    outline = FOCAL_BORDER if node == eco.focal else "#212529"
    node_color = {
        "background": color,
        "border": border,
        "highlight": {"background": color, "border": outline},
        "hover": {"background": color, "border": outline},
    }
    title = f"{name}\n{_type_label(eco, node)}" + _title_figures(analyses, node, kind)
    vis: dict[str, Any] = {
        "id": node,
        "label": _clip(name),
        "shape": style["shape"],
        "color": node_color,
        "borderWidth": border_width,
        "borderWidthSelected": border_width + 2,
        "size": size,
        "font": font,
        "title": _plain_title(title),
        "x": position[0],
        "y": position[1],
        "kind": kind,
    }
    if dashes:
        vis["shapeProperties"] = {"borderDashes": dashes}
    return vis


def _shade(color: str, factor: float = 0.7) -> str:
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return f"#{int(r * factor):02x}{int(g * factor):02x}{int(b * factor):02x}"


def _type_label(eco: Ecosystem, node: str) -> str:
    kind = _type_of(eco, node)
    if node == eco.focal:
        return "Focal firm"
    return str(NODE_STYLES[kind]["label"])


def _title_figures(analyses: Analyses, node: str, kind: str) -> str:
    if kind in ("firm", "partner") and node in analyses.by_id:
        s = analyses.by_id[node]
        return f"\nintegrator score {figure(s.score)} (rank {analyses.rank[node]})"
    if kind == "job" and node in analyses.jobs:
        job = analyses.jobs[node]
        return f"\nopportunity {figure(job.opportunity)}, coverage {figure(job.coverage)}"
    if kind == "customer" and node in analyses.customers:
        customer = analyses.customers[node]
        return f"\nopportunity {figure(customer.opportunity)}, covered share {figure(customer.share)}"
    if kind == "capability":
        status = analyses.status(node)
        if status == GAP:
            total = analyses.gap_by_capability[node]
            return f"\ngap: severity {figure(total.severity)}, hurts {total.jobs} job{'s' if total.jobs != 1 else ''}"
        if status in (IN_HOUSE, PARTNER):
            return "\nin-house" if status == IN_HOUSE else "\nbrought by a partner"
    return ""


def _vis_group(gid: str, kind: str, members: list[str], position: tuple[float, float]) -> dict[str, Any]:
    style = NODE_STYLES[kind]
    label = f"+{len(members):,} more {_plural(kind)}"
    return {
        "id": gid,
        "label": label,
        "shape": "box",
        "color": {
            "background": AGGREGATE_COLOR, "border": style["color"],
            "highlight": {"background": "#dee2e6", "border": "#212529"},
            "hover": {"background": "#dee2e6", "border": "#212529"},
        },
        "borderWidth": 2.5,
        "borderWidthSelected": 4,
        "shapeProperties": {"borderDashes": [6, 3], "borderRadius": 10},
        "margin": 10,
        "font": {"size": 18, "color": "#343a40", "face": _FONT, "strokeWidth": 0},
        "title": f"{label}: not drawn one by one on this map",
        "x": position[0],
        "y": position[1],
        "kind": kind,
        "group_of": len(members),
    }


def _edge_title(eco: Ecosystem, u: str, v: str, key: str, data: Mapping[str, Any]) -> str:
    verb = EDGE_STYLES[key]["label"]
    text = f"{eco.name_of(u)} {verb} {eco.name_of(v)}"
    extras = ", ".join(f"{k} {_attribute_text(val)}" for k, val in sorted(data.items()))
    return _plain_title(text + (f" ({extras})" if extras else ""))


def _vis_edge(eid: str, u: str, v: str, style_key: str, title: str, data: Mapping[str, Any]) -> dict[str, Any]:
    style = EDGE_STYLES[style_key]
    width = style["width"]
    if style_key == "PARTNERS_WITH" and is_number(data.get("strength")):
        width = 1.0 + 3.0 * float(data["strength"])
    elif style_key == "PROVIDES" and is_number(data.get("proficiency")):
        width = 0.8 + 1.6 * float(data["proficiency"])
    edge: dict[str, Any] = {
        "id": eid,
        "from": u,
        "to": v,
        "rel": style_key,
        "color": {"color": style["color"], "highlight": _shade(style["color"], 0.8), "hover": _shade(style["color"], 0.8),
                  "opacity": 0.85},
        "width": round(width, 2),
        "dashes": style["dashes"],
        "title": title,
    }
    edge["arrows"] = {"to": {"enabled": bool(style["arrow"]), "scaleFactor": 0.55}}
    return edge


def _vis_options(nodes: int, edges: int, seed: int, layered: bool = False) -> dict[str, Any]:
    big = nodes > 600 or edges > 2000
    smooth: dict[str, Any] = {"enabled": edges <= 400, "type": "continuous", "roundness": 0.25}
    if layered:
        smooth = {"enabled": edges <= 1500, "type": "cubicBezier", "forceDirection": "horizontal", "roundness": 0.45}
    return {
        "autoResize": True,
        "physics": {"enabled": False},
        "layout": {"randomSeed": seed, "improvedLayout": False},
        "interaction": {
            "hover": not big,
            "tooltipDelay": 250,
            "navigationButtons": True,
            "keyboard": {"enabled": True, "bindToWindow": False},
            "multiselect": False,
            "hideEdgesOnDrag": big,
            "hideEdgesOnZoom": big,
        },
        "nodes": {"scaling": {"label": {"enabled": False, "drawThreshold": 7}}},
        "edges": {
            "smooth": smooth,
            "selectionWidth": 1.5,
            "hoverWidth": 0.5,
        },
    }


# -- the side panel ------------------------------------------------------------------------
def _fact(key: str, label: str, value: Any, text: str | None = None) -> dict[str, Any]:
    return {"key": key, "label": label, "text": figure(value) if text is None else text,
            "value": value if isinstance(value, (int, float)) and not isinstance(value, bool) else None}


def _links(eco: Ecosystem, title: str, items: Sequence[tuple[str, str]], shown: set[str]) -> dict[str, Any]:
    return {
        "title": title,
        "items": [{"id": i, "text": t, "shown": i in shown} for i, t in items[:_LIST_LIMIT]],
        "more": max(0, len(items) - _LIST_LIMIT),
    }


def _details(
    eco: Ecosystem, analyses: Analyses, node: str, shown: set[str], metric: dict[str, float], size_by: str
) -> dict[str, Any]:
    graph = eco.graph
    data = graph.nodes[node]
    kind = str(data["type"])
    name = eco.name_of
    facts: list[dict[str, Any]] = []
    lists: list[dict[str, Any]] = []

    def out(rel: RelType) -> list[tuple[str, dict[str, Any]]]:
        return sorted((v, keys[rel.value]) for v, keys in graph.succ[node].items() if rel.value in keys)

    def inn(rel: RelType) -> list[tuple[str, dict[str, Any]]]:
        return sorted((u, keys[rel.value]) for u, keys in graph.pred[node].items() if rel.value in keys)

    if kind in ("firm", "partner", "unit"):
        if node in analyses.by_id:
            s = analyses.by_id[node]
            facts += [
                _fact("rank", "Integrator rank", analyses.rank[node], f"{analyses.rank[node]} of {len(analyses.integrators)}"),
                _fact("score", "Integrator score", s.score),
                _fact("betweenness", "Betweenness (scaled)", s.betweenness),
                _fact("brokerage", "Brokerage (scaled)", s.brokerage),
                _fact("reach", "Integration reach (scaled)", s.reach),
                _fact("explanation", "Why", None, s.explanation),
            ]
        if analyses.scope is not None:
            where = analyses.scope
            organisation = where.organisation_of(node) if node in where else node
            if node == where.focal:
                text = "the focal firm"
            elif organisation in where.distance:
                hops = where.distance[organisation]
                text = f"yes, {hops} partnership hop{'s' if hops != 1 else ''} away"
            else:
                text = "no (outside it)"
            facts.append(_fact("in_scope", "In the focal firm's ecosystem", None, text))
            closes = analyses.closes.get(node, [])
            if closes:
                lists.append(_links(eco, "Could close these gaps", [
                    (c, f"{name(c)} (severity {figure(analyses.gap_by_capability[c].severity)})") for c in closes
                ], shown))
        provided = out(RelType.PROVIDES)
        if provided:
            lists.append(_links(eco, "Provides", [
                (c, name(c) + (f" (proficiency {figure(float(d['proficiency']))})" if "proficiency" in d else ""))
                for c, d in provided
            ], shown))
        partners = sorted(set(eco.partners_of(node)))
        if partners:
            lists.append(_links(eco, "Partners", [(p, name(p)) for p in partners], shown))
        integrations = sorted(set(eco.integrations_of(node)))
        if integrations:
            lists.append(_links(eco, "Integrates with", [(p, name(p)) for p in integrations], shown))
        parent = [v for v, _ in out(RelType.PART_OF)]
        if parent:
            lists.append(_links(eco, "Part of", [(p, name(p)) for p in parent], shown))
        units = [u for u, _ in inn(RelType.PART_OF)]
        if units:
            lists.append(_links(eco, "Units", [(u, name(u)) for u in units], shown))
        served = out(RelType.SERVES)
        if served:
            lists.append(_links(eco, "Serves", [(c, name(c)) for c, _ in served], shown))
    elif kind == "job":
        coverage = analyses.jobs.get(node)
        if coverage is not None:
            facts += [
                _fact("opportunity", "Opportunity", coverage.opportunity),
                _fact("coverage", "Coverage", coverage.coverage),
                _fact("gap_severity", "Gap severity", analyses.job_gap_severity.get(node, 0.0)),
            ]
            for title, group in (("Gaps (nobody in the ecosystem brings them)", coverage.gaps),
                                 ("In-house", coverage.in_house), ("Brought by partners", coverage.partner)):
                if group:
                    lists.append(_links(eco, title, [(c, name(c)) for c in group], shown))
        else:
            lists.append(_links(eco, "Requires", [(c, name(c)) for c, _ in out(RelType.REQUIRES)], shown))
        customers = inn(RelType.HAS_JOB)
        if customers:
            lists.append(_links(eco, "Customers (importance / satisfaction)", [
                (c, f"{name(c)} ({figure(float(d['importance']))} / {figure(float(d['satisfaction']))})")
                for c, d in customers
            ], shown))
    elif kind == "capability":
        status = analyses.status(node)
        status_text = {GAP: "gap: required, and nobody in the ecosystem provides it", IN_HOUSE: "in-house",
                       PARTNER: "brought by a partner", "unused": "no job requires it"}.get(status or "", "")
        if "kind" in data:
            facts.append(_fact("kind", "Kind", None, str(data["kind"])))
        if status_text:
            facts.append(_fact("status", "Status", None, status_text))
        if node in analyses.gap_by_capability:
            total = analyses.gap_by_capability[node]
            facts += [_fact("severity", "Gap severity", total.severity), _fact("jobs_hurt", "Jobs it hurts", total.jobs)]
            lists.append(_links(eco, "Candidates (outside organisations that provide it)",
                                [(c, name(c)) for c in total.candidates], shown))
            lists.append(_links(eco, "Jobs it hurts", [
                (g.job, f"{name(g.job)} (severity {figure(g.severity)})") for g in analyses.gaps_of_capability[node]
            ], shown))
        elif node in analyses.demand:
            facts.append(_fact("opportunity", "Opportunity that needs it", analyses.demand[node]))
        providers = inn(RelType.PROVIDES)
        if providers:
            lists.append(_links(eco, "Provided by", [
                (p, name(p) + (f" (proficiency {figure(float(d['proficiency']))})" if "proficiency" in d else ""))
                for p, d in providers
            ], shown))
        needing = inn(RelType.REQUIRES)
        if needing and node not in analyses.gap_by_capability:
            lists.append(_links(eco, "Required by", [
                (j, name(j) + (f" (weight {figure(float(d['weight']))})" if "weight" in d else "")) for j, d in needing
            ], shown))
    elif kind == "customer":
        coverage_row = analyses.customers.get(node)
        if coverage_row is not None:
            facts += [
                _fact("opportunity", "Opportunity (weighted)", coverage_row.opportunity),
                _fact("covered", "Covered opportunity", coverage_row.covered),
                _fact("share", "Covered share", coverage_row.share),
            ]
        jobs = out(RelType.HAS_JOB)
        if jobs:
            lists.append(_links(eco, "Jobs (importance / satisfaction)", [
                (j, f"{name(j)} ({figure(float(d['importance']))} / {figure(float(d['satisfaction']))})")
                for j, d in jobs
            ], shown))
        served_by = inn(RelType.SERVES)
        if served_by:
            lists.append(_links(eco, "Served by", [(a, name(a)) for a, _ in served_by], shown))
    if size_by not in ("score",) and node in metric and size_by not in {f["key"] for f in facts}:
        facts.append(_fact("size_by", f"Size: {size_by}", metric[node]))
    attributes = [
        [key, _attribute_text(value)] for key, value in sorted(data.items()) if key not in ("type", "name")
    ]
    return {
        "id": node,
        "name": str(data["name"]),
        "type": kind,
        "type_label": _type_label(eco, node),
        "facts": facts,
        "lists": lists,
        "attributes": [["id", node]] + attributes,
    }


def _group_details(eco: Ecosystem, analyses: Analyses, gid: str, kind: str, members: list[str]) -> dict[str, Any]:
    label = _plural(kind)
    return {
        "id": gid,
        "name": f"+{len(members):,} more {label}",
        "type": kind,
        "type_label": f"Group of {label}",
        "facts": [_fact("members", "Not drawn one by one", len(members), f"{len(members):,} {label}")],
        "lists": [{
            "title": "The most important of them",
            "items": [{"id": m, "text": eco.name_of(m), "shown": False} for m in members[:15]],
            "more": max(0, len(members) - 15),
        }],
        "attributes": [],
    }


# -- public API ----------------------------------------------------------------------------
def ecosystem_map(
    eco: Ecosystem,
    *,
    size_by: str = "score",
    focus: str | None = None,
    depth: int = 1,
    only: str | NodeType | Iterable[str | NodeType] | None = None,
    view: str | None = None,
    max_nodes: int = MAX_NODES,
    seed: int = 0,
    scope_depth: int = 1,
) -> Network:
    """The ecosystem as a :class:`pyvis.network.Network`, laid out, styled and ready to tweak.

    Parameters
    ----------
    eco : Ecosystem
    size_by : str
        What node size shows: a metric of :data:`METRICS` (``score``,
        ``betweenness``, ``brokerage``, ``reach``, ``opportunity``,
        ``coverage``, ``severity``, ``degree``) or a numeric node attribute.
        Nodes without a value keep their type's size.
    focus : str, optional
        An ego map: only this node and what lies within ``depth``
        relationships of it (in any direction).
    depth : int
        Hops around ``focus`` (0 to 10).
    only : str or iterable of str, optional
        Keep only these node types (``"partner,capability"`` or a list).
    view : {"integration"}, optional
        ``"integration"``: the focal firm, the partners in its ecosystem, the
        capabilities they bring and the jobs that need them (with the gaps),
        in layers left to right.
    max_nodes : int
        Above this many nodes, keep the most important of each type and
        group the rest into "+k more" nodes (default :data:`MAX_NODES`).
    seed : int
        Seed of the layout (same seed, same map).
    scope_depth : int
        Partnership hops of the focal firm's ecosystem for coverage and gaps
        (the ``--depth`` of the other commands).

    Returns
    -------
    pyvis.network.Network
        Nodes carry ``x``/``y`` (physics is off), colour, shape, size and a
        plain-text ``title``.  ``Network.show`` uses pyvis's own template
        (which loads scripts from CDNs); :func:`write_map` writes the
        self-contained page.

    Examples
    --------
    >>> import ecosystem
    >>> net = ecosystem_map(ecosystem.load("sample_graphs/camera.yaml"))
    >>> len(net.nodes), net.node_map["lumen"]["shape"], net.node_map["spare-parts-logistics"]["color"]["background"]
    (41, 'square', '#d62828')
    """
    return build_map(
        eco, size_by=size_by, focus=focus, depth=depth, only=only, view=view, max_nodes=max_nodes, seed=seed,
        scope_depth=scope_depth,
    ).network


def map_html(eco: Ecosystem, **options: Any) -> str:
    """The self-contained map page as text (the options of :func:`ecosystem_map`).

    >>> import ecosystem
    >>> page = map_html(ecosystem.load("sample_graphs/camera.yaml"))
    >>> "Content-Security-Policy" in page and "https://" not in page.split("<script")[0]
    True
    """
    return map_page(build_map(eco, **options))


def write_map(eco: Ecosystem, path: str | Path, **options: Any) -> Path:
    """Write the map as one self-contained HTML file, atomically; return its path.

    Every script and style is inline (vis-network comes from the copy inside
    the pyvis package), a Content-Security-Policy forbids loading anything
    from the network, and data is shown as text, never as markup.  Options
    are those of :func:`ecosystem_map`.

    Examples
    --------
    >>> import ecosystem, tempfile, pathlib
    >>> eco = ecosystem.load("sample_graphs/camera.yaml")
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     out = write_map(eco, pathlib.Path(folder) / "camera.html")
    ...     text = out.read_text(encoding="utf-8")
    ...     sorted(p.name for p in pathlib.Path(folder).iterdir())
    ['camera.html']
    >>> 'id="eco-data"' in text
    True
    """
    path = Path(path)
    atomic_write_text(path, map_html(eco, **options))
    return path


def write_picture(eco: Ecosystem, path: str | Path, *, format: str | None = None, **options: Any) -> Path:
    """Draw the map (same layout and styling) as a PNG or SVG picture with matplotlib; return its path.

    ``format`` is ``png`` or ``svg`` (default: from the extension).  Other
    options are those of :func:`ecosystem_map`.  The SVG is byte-for-byte
    reproducible.

    Examples
    --------
    >>> import ecosystem, tempfile, pathlib
    >>> eco = ecosystem.load("sample_graphs/camera.yaml")
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     out = write_picture(eco, pathlib.Path(folder) / "camera.svg")
    ...     out.read_text(encoding="utf-8").count("<svg") >= 1
    True
    """
    path = Path(path)
    kind = (format or path.suffix.lstrip(".")).lower()
    if kind not in ("png", "svg"):
        raise ModelError(f"a picture is png or svg, got {kind or 'no extension'!r} for {str(path)!r}")
    draw_picture(build_map(eco, **options), path, kind)
    return path


# -- the page ------------------------------------------------------------------------------
@functools.lru_cache(maxsize=1)
def vis_assets() -> tuple[str, str, str]:
    """vis-network's script and style from the copy inside the pyvis package, and its version.

    Made safe to inline: no source-map reference, no ``</script`` or ``</style``.
    """
    import pyvis

    lib = Path(pyvis.__file__).resolve().parent / "lib"

    def version(folder: Path) -> tuple[int, ...]:
        return tuple(int(p) for p in re.findall(r"\d+", folder.name))

    folders = sorted((f for f in lib.glob("vis-*") if (f / "vis-network.min.js").is_file()), key=version)
    if not folders:
        raise EcosystemError(f"pyvis's copy of vis-network is missing (looked in {lib}): reinstall pyvis")
    folder = folders[-1]
    script = (folder / "vis-network.min.js").read_text(encoding="utf-8")
    style = (folder / "vis-network.css").read_text(encoding="utf-8") if (folder / "vis-network.css").is_file() else ""
    script = re.sub(r"^//# sourceMappingURL=.*$", "", script, flags=re.M).rstrip() + "\n"
    script = re.sub(r"</(script)", r"<\\/\1", script, flags=re.I).replace("<!--", "<\\!--")
    style = re.sub(r"/\*# sourceMappingURL=.*?\*/", "", style)
    style = re.sub(r"</(style)", r"<\\/\1", style, flags=re.I)
    return script, style, folder.name


def content_security_policy(scripts: Sequence[str]) -> str:
    """A policy that loads nothing from anywhere and runs only these inline scripts (by hash)."""
    hashes = " ".join(
        "'sha256-" + base64_sha256(script) + "'" for script in scripts
    )
    return (
        "default-src 'none'; "
        f"script-src {hashes}; "
        "style-src 'unsafe-inline'; img-src data:; font-src data:; connect-src 'none'; "
        "media-src 'none'; object-src 'none'; frame-src 'none'; worker-src 'none'; "
        "base-uri 'none'; form-action 'none'"
    )


def base64_sha256(text: str) -> str:
    import base64

    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def escape(text: Any) -> str:
    """HTML-escape any text (quotes included) for the server-rendered parts of a page."""
    return html.escape(str(text), quote=True)


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="@@CSP@@">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="ecosystem @@VERSION@@ (vis-network from pyvis, @@VIS@@)">
<title>@@TITLE@@</title>
<style>
@@VIS_CSS@@</style>
<style>
@@CSS@@</style>
</head>
<body class="@@BODY_CLASS@@">
@@BODY@@
<script type="application/json" id="eco-data">@@DATA@@</script>
<script>@@VIS_JS@@</script>
<script>@@APP_JS@@</script>
</body>
</html>
"""

_CSS = """:root {
  --ink: #212529; --muted: #6c757d; --line: #dee2e6; --soft: #f8f9fa; --accent: #1d3557;
  --gap: #d62828; --in-house: #2d6a4f; --partner: #3a86ff; --gold: #ffb703;
  --font: @@FONT@@;
}
* { box-sizing: border-box; }
html, body { margin: 0; }
body { font-family: var(--font); color: var(--ink); background: #fff; font-size: 14px; line-height: 1.45; }
button { font: inherit; }
.eco-map-page { height: 100vh; display: flex; flex-direction: column; overflow: hidden; }
.eco-header { display: flex; align-items: baseline; flex-wrap: wrap; gap: 4px 18px; padding: 10px 18px;
  border-bottom: 1px solid var(--line); background: #fff; }
.eco-header h1 { font-size: 20px; margin: 0; color: var(--accent); }
.eco-sub { margin: 0; color: var(--muted); }
.eco-kind { font-weight: 400; color: var(--muted); }
.eco-notes { margin: 0; padding: 8px 18px; background: #fff8e1; border-bottom: 1px solid #ffe08a; color: #5c4400; }
.eco-map { display: flex; min-height: 0; background: #fff; }
.eco-map-page .eco-map { flex: 1; }
.eco-stage { position: relative; flex: 1; min-width: 0;
  background: radial-gradient(circle at 50% 40%, #ffffff 0%, #f4f6f9 100%); }
.eco-network { position: absolute; inset: 0; }
.eco-network:focus, .eco-network .vis-network:focus { outline: none; }
.eco-tools { position: absolute; top: 10px; left: 12px; display: flex; gap: 8px; align-items: center; z-index: 2; }
.eco-tools button { background: #fff; border: 1px solid #ced4da; border-radius: 6px; padding: 4px 10px;
  cursor: pointer; box-shadow: 0 1px 2px rgba(0,0,0,.06); }
.eco-tools button:hover { border-color: var(--accent); }
.eco-hint { color: var(--muted); font-size: 12px; background: rgba(255,255,255,.8); padding: 2px 6px; border-radius: 4px; }
.eco-side { width: 370px; flex: none; overflow-y: auto; border-left: 1px solid var(--line);
  background: var(--soft); padding: 12px 16px 28px; }
.eco-side h2 { font-size: 11.5px; text-transform: uppercase; letter-spacing: .07em; color: var(--muted);
  margin: 18px 0 6px; font-weight: 650; }
.eco-side h2 small { text-transform: none; letter-spacing: 0; font-weight: 400; }
.eco-search label { display: block; font-size: 11.5px; text-transform: uppercase; letter-spacing: .07em;
  color: var(--muted); font-weight: 650; margin-bottom: 4px; }
.eco-search input { width: 100%; padding: 7px 10px; border: 1px solid #ced4da; border-radius: 6px; font: inherit;
  background: #fff; }
.eco-search input:focus { outline: 2px solid #a5c8ff; border-color: var(--partner); }
.eco-results { list-style: none; margin: 4px 0 0; padding: 4px; background: #fff; border: 1px solid var(--line);
  border-radius: 6px; max-height: 260px; overflow-y: auto; }
.eco-results button { display: flex; justify-content: space-between; gap: 8px; width: 100%; text-align: left;
  border: 0; background: none; padding: 4px 6px; border-radius: 4px; cursor: pointer; }
.eco-results button:hover, .eco-results button:focus { background: #e7f0ff; }
.eco-results .eco-result-type { color: var(--muted); font-size: 12px; white-space: nowrap; }
.eco-none { color: var(--muted); padding: 4px 6px; }
.eco-details { margin-top: 14px; background: #fff; border: 1px solid var(--line); border-radius: 8px;
  padding: 10px 12px 12px; box-shadow: 0 1px 3px rgba(0,0,0,.05); }
.eco-detail-head { display: flex; justify-content: space-between; align-items: center; }
.eco-badge { font-size: 11.5px; font-weight: 650; padding: 2px 8px; border-radius: 999px; color: #fff;
  background: var(--muted); }
.eco-badge[data-type="firm"] { background: #1d3557; }
.eco-badge[data-type="partner"] { background: #3a86ff; }
.eco-badge[data-type="unit"] { background: #5fa8c7; }
.eco-badge[data-type="customer"] { background: #e07a2f; }
.eco-badge[data-type="job"] { background: #9d4edd; }
.eco-badge[data-type="capability"] { background: #2d9163; }
.eco-close { border: 0; background: none; font-size: 20px; line-height: 1; cursor: pointer; color: var(--muted); }
.eco-side .eco-detail-name { margin: 6px 0 8px; font-size: 17px; line-height: 1.3; overflow-wrap: anywhere;
  text-transform: none; letter-spacing: 0; color: var(--ink); font-weight: 700; }
.eco-facts { display: grid; grid-template-columns: auto 1fr; gap: 3px 12px; margin: 0 0 6px; }
.eco-facts dt { color: var(--muted); }
.eco-facts dd { margin: 0; font-variant-numeric: tabular-nums; font-weight: 600; overflow-wrap: anywhere; }
.eco-facts dd.eco-why { grid-column: 1 / -1; font-weight: 400; color: #343a40; background: var(--soft);
  border-radius: 6px; padding: 6px 8px; }
.eco-details h3 { font-size: 12.5px; margin: 10px 0 4px; color: #495057; }
.eco-links { list-style: none; margin: 0; padding: 0; }
.eco-links li { margin: 1px 0; overflow-wrap: anywhere; }
.eco-link { border: 0; background: none; padding: 0; color: #1c5fd4; cursor: pointer; text-align: left; }
.eco-link:hover { text-decoration: underline; }
.eco-off { color: #495057; }
.eco-more { color: var(--muted); }
.eco-attrs { display: grid; grid-template-columns: auto 1fr; gap: 2px 12px; margin: 0; font-size: 13px; }
.eco-attrs dt { color: var(--muted); overflow-wrap: anywhere; }
.eco-attrs dd { margin: 0; overflow-wrap: anywhere; white-space: pre-wrap; }
.eco-types, .eco-rels, .eco-marks { list-style: none; margin: 0; padding: 0; }
.eco-types label, .eco-rels li, .eco-marks li { display: flex; align-items: center; gap: 8px; padding: 2px 0; }
.eco-types label { cursor: pointer; }
.eco-types input { margin: 0; accent-color: var(--accent); }
.eco-count { margin-left: auto; color: var(--muted); font-variant-numeric: tabular-nums; }
.eco-marks { margin-top: 6px; color: #495057; }
.eco-gaps { margin: 0; padding-left: 22px; }
.eco-gaps li { margin: 0 0 6px; }
.eco-gap { border: 0; background: none; padding: 0; color: var(--gap); font-weight: 650; cursor: pointer; text-align: left; }
span.eco-gap { cursor: default; }
.eco-gap:hover { text-decoration: underline; }
.eco-gap-sev { color: var(--muted); margin-left: 6px; font-size: 12.5px; }
.eco-gap-jobs { color: #495057; font-size: 12.5px; }
div.vis-tooltip { font-family: var(--font); font-size: 13px; white-space: pre-line; max-width: 360px;
  background: #fff; border: 1px solid #ced4da; border-radius: 6px; box-shadow: 0 2px 8px rgba(0,0,0,.12);
  color: var(--ink); padding: 6px 9px; }
@media (max-width: 800px) {
  .eco-map { flex-direction: column; }
  .eco-stage { min-height: 60vh; }
  .eco-side { width: auto; border-left: 0; border-top: 1px solid var(--line); }
}
"""

_APP_JS = r"""
(function () {
  "use strict";
  var root = document.getElementById("eco-map");
  var source = document.getElementById("eco-data");
  if (!root || !source || typeof vis === "undefined") { return; }
  var DATA = JSON.parse(source.textContent);
  var meta = DATA.meta;
  function byId(id) { return document.getElementById(id); }
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  var details = new Map();
  DATA.details.forEach(function (d) { details.set(d.id, d); });
  var hidden = new Set();
  var nodes = new vis.DataSet(DATA.nodes);
  var edges = new vis.DataSet(DATA.edges);
  var view = new vis.DataView(nodes, { filter: function (n) { return !hidden.has(n.kind); } });
  var state = { ready: false, firstDrawMs: null, selected: null, highlighted: [], nodes: nodes, edges: edges, view: view };
  window.ecoMap = state;
  var network = new vis.Network(byId("eco-network"), { nodes: view, edges: edges }, DATA.options);
  window.network = network;
  network.once("afterDrawing", function () {
    state.firstDrawMs = performance.now();
    state.ready = true;
    root.setAttribute("data-ready", "true");
  });

  function initialView() {
    network.fit({ animation: false });
    network.moveTo({ scale: network.getScale() * 0.93, animation: false });  // room for the outer labels
    if (meta.start && network.getScale() < 0.42 && nodes.get(meta.start)) {
      var at = network.getPositions([meta.start])[meta.start];
      network.moveTo({ position: at, scale: 0.75, animation: false });
    }
  }
  initialView();

  // header: what is on the map
  var sub = byId("eco-sub");
  if (sub) {
    var parts = [];
    if (meta.focal && details.has(meta.focal)) { parts.push("Focal firm: " + details.get(meta.focal).name); }
    parts.push(meta.shown.toLocaleString("en") + (meta.shown === meta.total ? "" : " of " + meta.total.toLocaleString("en")) + " nodes");
    parts.push(meta.relationships.toLocaleString("en") + " lines");
    parts.push("node size: " + meta.size_by_text);
    sub.textContent = parts.join(" \u00b7 ");
  }
  var notes = byId("eco-notes");
  if (notes && meta.notes.length) { notes.textContent = meta.notes.join(" "); notes.hidden = false; }

  // neighbourhood highlight: after vis has drawn, veil the canvas and draw the selected node,
  // its lines and its neighbours again on top (no data update, so it costs one redraw at any size)
  var focusSet = null;
  function veil(ctx) {
    if (focusSet === null) { return; }
    var body = network.body;
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = "rgba(246,247,249,0.86)";
    ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
    ctx.restore();
    focusSet.edges.forEach(function (id) {
      var edge = body.edges[id];
      if (edge && edge.connected && body.nodes[edge.fromId] && body.nodes[edge.toId]) { edge.draw(ctx); }
    });
    var labels = [];
    focusSet.nodes.forEach(function (id) {
      var node = body.nodes[id];
      if (node) {
        var drawn = node.draw(ctx);
        if (drawn && typeof drawn.drawExternalLabel === "function") { labels.push(drawn.drawExternalLabel); }
      }
    });
    labels.forEach(function (draw) { draw(); });
  }
  network.on("afterDrawing", function (ctx) {
    try { veil(ctx); } catch (error) { focusSet = null; }  // another vis-network version: no veil, no harm
  });
  function dim(centre) {
    var around = network.getConnectedNodes(centre).filter(function (id) { return id !== centre; });
    around.push(centre);
    focusSet = { nodes: around, edges: network.getConnectedEdges(centre) };
    state.highlighted = around.slice();
    network.redraw();
  }
  function undim() {
    if (focusSet === null) { return; }
    focusSet = null;
    state.highlighted = [];
    network.redraw();
  }

  // the side panel
  var panel = byId("eco-details");
  function showDetails(id) {
    panel.replaceChildren();
    var d = id === null ? undefined : details.get(id);
    if (!d) { panel.hidden = true; return; }
    panel.hidden = false;
    panel.setAttribute("data-node", d.id);
    var head = el("div", "eco-detail-head");
    var badge = el("span", "eco-badge", d.type_label);
    badge.setAttribute("data-type", d.type);
    head.appendChild(badge);
    var close = el("button", "eco-close", "\u00d7");
    close.type = "button";
    close.title = "Close";
    close.addEventListener("click", clearSelection);
    head.appendChild(close);
    panel.appendChild(head);
    panel.appendChild(el("h2", "eco-detail-name", d.name));
    if (d.facts.length) {
      var facts = el("dl", "eco-facts");
      d.facts.forEach(function (f) {
        var dt = el("dt", null, f.label);
        var dd = el("dd", f.key === "explanation" ? "eco-why" : null, f.text);
        dd.setAttribute("data-fact", f.key);
        if (f.value !== null && f.value !== undefined) { dd.setAttribute("data-value", String(f.value)); }
        if (f.key !== "explanation") { facts.appendChild(dt); }
        facts.appendChild(dd);
      });
      panel.appendChild(facts);
    }
    d.lists.forEach(function (list) {
      panel.appendChild(el("h3", null, list.title));
      var ul = el("ul", "eco-links");
      list.items.forEach(function (item) {
        var li = el("li");
        if (item.shown) {
          var link = el("button", "eco-link", item.text);
          link.type = "button";
          link.addEventListener("click", function () { select(item.id, true); });
          li.appendChild(link);
        } else {
          li.appendChild(el("span", "eco-off", item.text));
        }
        ul.appendChild(li);
      });
      if (list.more) { ul.appendChild(el("li", "eco-more", "+" + list.more.toLocaleString("en") + " more")); }
      panel.appendChild(ul);
    });
    if (d.attributes.length) {
      panel.appendChild(el("h3", null, "Attributes"));
      var attrs = el("dl", "eco-attrs");
      d.attributes.forEach(function (pair) {
        attrs.appendChild(el("dt", null, pair[0]));
        attrs.appendChild(el("dd", null, pair[1]));
      });
      panel.appendChild(attrs);
    }
    var side = root.querySelector(".eco-side");
    if (side) { side.scrollTop = 0; }
  }

  function checkboxFor(type) {
    var found = null;
    root.querySelectorAll("input[data-type]").forEach(function (box) { if (box.getAttribute("data-type") === type) { found = box; } });
    return found;
  }
  function select(id, move) {
    var d = details.get(id);
    if (!d) { return; }
    if (hidden.has(d.type)) {
      hidden.delete(d.type);
      var box = checkboxFor(d.type);
      if (box) { box.checked = true; }
      view.refresh();
    }
    state.selected = id;
    network.selectNodes([id]);
    dim(id);
    showDetails(id);
    if (move) {
      network.focus(id, { scale: Math.max(network.getScale(), 0.9), animation: { duration: 350, easingFunction: "easeInOutQuad" } });
    }
  }
  function clearSelection() {
    state.selected = null;
    network.unselectAll();
    undim();
    showDetails(null);
  }
  state.select = select;
  state.clear = clearSelection;
  network.on("click", function (params) {
    if (params.nodes.length) { select(params.nodes[0], false); } else { clearSelection(); }
  });
  document.addEventListener("keydown", function (event) { if (event.key === "Escape") { clearSelection(); } });

  // filters
  root.querySelectorAll("input[data-type]").forEach(function (box) {
    box.addEventListener("change", function () {
      var type = box.getAttribute("data-type");
      if (box.checked) { hidden.delete(type); } else { hidden.add(type); }
      if (state.selected !== null && hidden.has(details.get(state.selected).type)) { clearSelection(); }
      view.refresh();
    });
  });

  // search
  var input = byId("eco-search");
  var results = byId("eco-results");
  var index = DATA.details.map(function (d) {
    return { id: d.id, name: d.name, type: d.type_label, key: (d.name + "\n" + d.id).toLowerCase() };
  });
  function runSearch() {
    var query = input.value.trim().toLowerCase();
    results.replaceChildren();
    if (!query) { results.hidden = true; return; }
    var hits = index.filter(function (item) { return item.key.indexOf(query) !== -1; });
    hits.sort(function (a, b) {
      var pa = a.name.toLowerCase().indexOf(query) === 0 ? 0 : 1;
      var pb = b.name.toLowerCase().indexOf(query) === 0 ? 0 : 1;
      return pa - pb || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    });
    hits.slice(0, 25).forEach(function (hit) {
      var li = el("li");
      var button = el("button");
      button.type = "button";
      button.setAttribute("data-node", hit.id);
      button.appendChild(el("span", "eco-result-name", hit.name));
      button.appendChild(el("span", "eco-result-type", hit.type));
      button.addEventListener("click", function () { select(hit.id, true); });
      li.appendChild(button);
      results.appendChild(li);
    });
    if (!hits.length) { results.appendChild(el("li", "eco-none", "No node matches")); }
    else if (hits.length > 25) { results.appendChild(el("li", "eco-none", "+" + (hits.length - 25) + " more: type more of the name")); }
    results.hidden = false;
  }
  input.addEventListener("input", runSearch);
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      var first = results.querySelector("button");
      if (first) { first.click(); }
      event.preventDefault();
    }
  });

  // gaps
  var gapList = byId("eco-gaps");
  if (!DATA.gaps.length) {
    gapList.appendChild(el("li", "eco-none", meta.focal === null && meta.gap_total === 0
      ? "No capability gaps on this map." : "No capability gaps: every required capability is in the ecosystem."));
  }
  DATA.gaps.forEach(function (gap) {
    var li = el("li");
    var name = el(gap.shown ? "button" : "span", "eco-gap", gap.name);
    if (gap.shown) {
      name.type = "button";
      name.addEventListener("click", function () { select(gap.id, true); });
    }
    li.appendChild(name);
    li.appendChild(el("span", "eco-gap-sev", gap.text));
    var hurt = gap.jobs.map(function (j) { return j.name; }).join(", ");
    if (gap.more_jobs) { hurt += " +" + gap.more_jobs + " more"; }
    li.appendChild(el("div", "eco-gap-jobs", "hurts: " + hurt));
    gapList.appendChild(li);
  });
  if (meta.gap_total > DATA.gaps.length) {
    gapList.appendChild(el("li", "eco-none", "+" + (meta.gap_total - DATA.gaps.length) + " smaller gaps"));
  }

  var fit = byId("eco-fit");
  if (fit) { fit.addEventListener("click", function () { network.fit({ animation: { duration: 300, easingFunction: "easeInOutQuad" } }); }); }
})();
"""

_SHAPES = {
    "square": '<rect x="3" y="3" width="12" height="12" rx="1"{a}/>',
    "dot": '<circle cx="9" cy="9" r="6.5"{a}/>',
    "triangleDown": '<polygon points="2.5,4 15.5,4 9,15.5"{a}/>',
    "triangle": '<polygon points="9,2.5 15.5,14.5 2.5,14.5"{a}/>',
    "diamond": '<polygon points="9,1.5 16.5,9 9,16.5 1.5,9"{a}/>',
    "hexagon": '<polygon points="9,1.8 15.3,5.4 15.3,12.6 9,16.2 2.7,12.6 2.7,5.4"{a}/>',
    "box": '<rect x="1.5" y="4" width="15" height="10" rx="3"{a}/>',
}


def _icon(shape: str, fill: str, stroke: str, width: float = 1.2, dashes: str | None = None) -> str:
    attributes = f' fill="{fill}" stroke="{stroke}" stroke-width="{width}"'
    if dashes:
        attributes += f' stroke-dasharray="{dashes}"'
    return (
        '<svg class="eco-icon" width="18" height="18" viewBox="0 0 18 18" aria-hidden="true">'
        + _SHAPES[shape].format(a=attributes) + "</svg>"
    )


def _line_icon(style: Mapping[str, Any]) -> str:
    dash = f' stroke-dasharray="{" ".join(str(d) for d in style["dashes"])}"' if style["dashes"] else ""
    arrow = f'<polygon points="30,5 38,9 30,13" fill="{style["color"]}"/>' if style["arrow"] else ""
    return (
        '<svg class="eco-icon" width="40" height="18" viewBox="0 0 40 18" aria-hidden="true">'
        f'<line x1="2" y1="9" x2="{31 if style["arrow"] else 38}" y2="9" stroke="{style["color"]}" '
        f'stroke-width="{min(float(style["width"]), 3.0) + 0.5}"{dash}/>{arrow}</svg>'
    )


def map_section(data: MapData) -> str:
    """The map's markup (canvas, search, details panel, legend and filters, gap list); no data in it."""
    counts = dict(data.meta["counts"])
    for kind, number in data.meta["grouped"].items():
        counts[kind] = counts.get(kind, 0) + number
    rows = []
    for kind in TYPE_ORDER:
        if kind not in counts:
            continue
        style = NODE_STYLES[kind]
        rows.append(
            f'<li><label><input type="checkbox" data-type="{kind}" checked> '
            f'{_icon(style["shape"], style["color"], _shade(style["color"]))} {escape(style["label"])}'
            f'<span class="eco-count">{counts[kind]:,}</span></label></li>'
        )
    marks = []
    if data.meta["focal"] is not None:
        marks.append(f'<li>{_icon("square", NODE_STYLES["firm"]["color"], FOCAL_BORDER, 3)} the focal firm</li>')
    kinds = set(data.edge_kinds)
    if "REQUIRES_GAP" in kinds or any(g["shown"] for g in data.gaps):
        marks.append(f'<li>{_icon("hexagon", GAP_COLOR, "#6a040f", 1.5, "3 2")} a capability gap</li>')
        marks.append(f'<li>{_icon("diamond", NODE_STYLES["job"]["color"], GAP_COLOR, 2.5)} a job a gap hurts</li>')
    if data.meta["grouped"]:
        marks.append(f'<li>{_icon("box", AGGREGATE_COLOR, "#6c757d", 1.5, "4 2")} a group of nodes not drawn one by one</li>')
    rels = [
        f'<li>{_line_icon(EDGE_STYLES[k])} {escape(EDGE_STYLES[k]["label"])}</li>'
        for k in EDGE_STYLES if k in kinds
    ]
    return (
        '<div class="eco-map" id="eco-map">\n'
        '<div class="eco-stage">\n'
        '<div id="eco-network" class="eco-network" role="application" aria-label="Ecosystem map"></div>\n'
        '<div class="eco-tools"><button type="button" id="eco-fit">Show all</button>'
        '<span class="eco-hint">Click a node for its figures; scroll to zoom, drag to pan.</span></div>\n'
        '</div>\n'
        '<aside class="eco-side">\n'
        '<div class="eco-search"><label for="eco-search">Find a node</label>'
        '<input id="eco-search" type="search" placeholder="Name or id\u2026" autocomplete="off" spellcheck="false">'
        '<ul id="eco-results" class="eco-results" hidden></ul></div>\n'
        '<section id="eco-details" class="eco-details" hidden aria-live="polite"></section>\n'
        '<section><h2>Node types <small>(untick to hide)</small></h2><ul id="eco-types" class="eco-types">'
        + "".join(rows) + '</ul><ul class="eco-marks">' + "".join(marks) + "</ul></section>\n"
        '<section><h2>Relationships</h2><ul class="eco-rels">' + "".join(rels) + "</ul></section>\n"
        '<section><h2>Capability gaps</h2><ol id="eco-gaps" class="eco-gaps"></ol></section>\n'
        "</aside>\n"
        "</div>"
    )


def map_payload(data: MapData) -> dict[str, Any]:
    """The JSON the map's script reads: vis nodes, edges and options, details, gaps, notes."""
    nodes, edges, _heading, _height, _width, options = data.network.get_network_data()
    return {
        "meta": data.meta,
        "nodes": nodes,
        "edges": edges,
        "options": json.loads(options),
        "details": data.details,
        "gaps": data.gaps,
    }


def page_document(*, title: str, body: str, payload: Mapping[str, Any], body_class: str, css: str = "") -> str:
    """A whole self-contained page: CSP, inline vis-network, our style and script, the JSON payload."""
    from .. import __version__

    vis_js, vis_css, vis_version = vis_assets()
    scripts = ["\n" + vis_js.strip("\n") + "\n", _APP_JS]
    parts = {
        "CSP": content_security_policy(scripts),
        "VERSION": escape(__version__),
        "VIS": escape(vis_version),
        "TITLE": escape(title),
        "VIS_CSS": vis_css.strip("\n") + "\n",
        "CSS": _CSS.replace("@@FONT@@", _FONT) + css,
        "BODY_CLASS": escape(body_class),
        "BODY": body,
        "DATA": script_json(payload),
        "VIS_JS": scripts[0],
        "APP_JS": scripts[1],
    }
    # one pass: text put in is never scanned again for placeholders
    return re.sub(r"@@([A-Z_]+)@@", lambda m: parts[m.group(1)], _PAGE)


def map_page(data: MapData) -> str:
    """The map's self-contained page."""
    name = data.meta["name"]
    body = (
        '<header class="eco-header"><h1>' + escape(name) + ' <span class="eco-kind">map</span>' + "</h1>"
        '<p class="eco-sub" id="eco-sub"></p></header>\n'
        '<p class="eco-notes" id="eco-notes" hidden></p>\n' + map_section(data)
    )
    return page_document(
        title=f"{name} \u00b7 map", body=body, payload=map_payload(data), body_class="eco-map-page"
    )


# -- the picture ---------------------------------------------------------------------------
_MARKERS = {"square": "s", "dot": "o", "triangleDown": "v", "triangle": "^", "diamond": "D", "hexagon": "h", "box": "s"}


def draw_picture(data: MapData, path: Path, kind: str) -> None:
    """Draw a built map with matplotlib (no browser) and write it atomically as PNG or SVG."""
    import io
    import os
    import tempfile

    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.collections import LineCollection
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    nodes = data.network.nodes
    edges = data.network.edges
    pos = data.positions
    xs = [p[0] for p in pos.values()] or [0.0]
    ys = [p[1] for p in pos.values()] or [0.0]
    pad = 90.0  # and more on the sides, where labels run wider than their nodes
    left, right, top, bottom = min(xs) - 2 * pad, max(xs) + 2 * pad, min(ys) - pad, max(ys) + pad
    span_x, span_y = max(right - left, 400.0), max(bottom - top, 300.0)
    fig_w = 16.0
    plot_w = fig_w * 0.78
    plot_h = min(max(plot_w * span_y / span_x, 5.0), 22.0)
    fig_h = plot_h + 1.1
    if span_x / span_y > plot_w / plot_h:  # same scale on both axes: widen the shorter span
        span_y = span_x * plot_h / plot_w
    else:
        span_x = span_y * plot_w / plot_h
    scale = plot_w / span_x * 72.0  # points per map pixel
    with matplotlib.rc_context({"svg.hashsalt": "ecosystem", "font.family": "DejaVu Sans", "path.simplify": True}):
        fig = Figure(figsize=(fig_w, fig_h), dpi=130, facecolor="white")
        FigureCanvasAgg(fig)
        ax = fig.add_axes((0.01, 0.01, 0.78, plot_h / fig_h))
        ax.set_xlim((left + right) / 2 - span_x / 2, (left + right) / 2 + span_x / 2)
        ax.set_ylim((top + bottom) / 2 + span_y / 2, (top + bottom) / 2 - span_y / 2)
        ax.set_axis_off()
        groups: dict[tuple[str, float, str, float], list[tuple[tuple[float, float], tuple[float, float]]]] = defaultdict(list)
        for edge in edges:
            if edge["from"] not in pos or edge["to"] not in pos:
                continue
            style = EDGE_STYLES[edge["rel"]]
            line = "--" if style["dashes"] and edge["rel"] == "REQUIRES_GAP" else ":" if style["dashes"] else "-"
            alpha = float(edge["color"].get("opacity", 0.85)) * (0.85 if line != "--" else 1.1)
            key = (style["color"], min(float(edge["width"]), 5.0), line, round(min(alpha, 1.0), 2))
            groups[key].append((pos[edge["from"]], pos[edge["to"]]))
        for (color, width, line, alpha), segments in sorted(groups.items()):
            ax.add_collection(LineCollection(
                segments, colors=color, linewidths=max(0.4, width * scale * 0.9), linestyles=line, alpha=alpha,
                zorder=1,
            ))
        sizes = [float(n.get("size", 15)) for n in nodes]
        labelled = set(range(len(nodes))) if len(nodes) <= 120 else {
            i for i in sorted(range(len(nodes)), key=lambda i: -sizes[i])[:60]
        } | {i for i, n in enumerate(nodes) if n["shape"] == "box" or n["id"] == data.meta["focal"]}
        for i, node in enumerate(nodes):
            x, y = pos[node["id"]]
            color = node["color"]
            marker = _MARKERS[node["shape"]]
            radius = sizes[i] if node["shape"] != "box" else 22.0
            dashed = bool(node.get("shapeProperties", {}).get("borderDashes"))
            ax.scatter(
                [x], [y], s=(2 * radius * scale) ** 2 * (0.8 if marker in "sD" else 1.0), marker=marker,
                c=color["background"], edgecolors=color["border"],
                linewidths=max(0.5, float(node.get("borderWidth", 1.5)) * scale * 1.4),
                linestyles="--" if dashed else "-", zorder=3 if node["shape"] != "box" else 2,
            )
            if i in labelled:
                font = node.get("font", {})
                size_pt = max(5.5, float(font.get("size", 15)) * scale * 1.05)
                below = node["shape"] != "box"
                ax.text(
                    x, y + (radius + 6) * (1 if below else 0), node["label"], fontsize=size_pt,
                    ha="center", va="top" if below else "center", color=font.get("color", "#212529"),
                    fontweight="bold" if node["id"] == data.meta["focal"] else "normal", zorder=4, parse_math=False,
                    bbox={"boxstyle": "round,pad=0.2", "fc": font.get("background", "white"), "ec": "none",
                          "alpha": 0.85 if font.get("background") else 0.6},
                )
        fig.text(0.01, 1 - 0.35 / fig_h, str(data.meta["name"]), fontsize=16, fontweight="bold",
                 color="#1d3557", va="top", parse_math=False)
        fig.text(0.01, 1 - 0.75 / fig_h, _picture_subtitle(data), fontsize=10, color="#6c757d", va="top",
                 parse_math=False)
        handles = []
        present = {n["kind"] for n in nodes}
        for kind_name in TYPE_ORDER:
            if kind_name in present:
                style = NODE_STYLES[kind_name]
                handles.append(Line2D([], [], ls="", marker=_MARKERS[style["shape"]], ms=10, mfc=style["color"],
                                      mec=_shade(style["color"]), label=style["label"]))
        if data.meta["focal"] is not None:
            handles.append(Line2D([], [], ls="", marker="s", ms=11, mfc=NODE_STYLES["firm"]["color"], mec=FOCAL_BORDER,
                                  mew=2.5, label="focal firm"))
        if "REQUIRES_GAP" in data.edge_kinds or data.meta["gap_total"]:
            handles.append(Line2D([], [], ls="", marker="h", ms=10, mfc=GAP_COLOR, mec="#6a040f", label="capability gap"))
            handles.append(Line2D([], [], ls="", marker="D", ms=9, mfc=NODE_STYLES["job"]["color"], mec=GAP_COLOR,
                                  mew=2, label="job a gap hurts"))
        for rel, style in EDGE_STYLES.items():
            if rel in data.edge_kinds:
                line = "--" if rel == "REQUIRES_GAP" else ":" if style["dashes"] else "-"
                handles.append(Line2D([], [], color=style["color"], lw=2, ls=line, label=style["label"]))
        fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.8, 1 - 1.1 / fig_h), frameon=False,
                   fontsize=10, title="Legend", title_fontsize=11, alignment="left")
        buffer = io.BytesIO()
        metadata = {"Date": None} if kind == "svg" else {"Software": None}
        fig.savefig(buffer, format=kind, metadata=metadata, facecolor="white")
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise EcosystemError(f"cannot write {str(path)!r}: folder {str(directory)!r} does not exist")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(buffer.getvalue())
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    import os

    mask = os.umask(0)
    os.umask(mask)
    return mask


def _picture_subtitle(data: MapData) -> str:
    meta = data.meta
    parts = ["Ecosystem map"]
    if meta["focal"]:
        focal = next((d["name"] for d in data.details if d["id"] == meta["focal"]), meta["focal"])
        parts.append(f"Focal firm: {focal}")
    parts.append(f"{meta['shown']:,} of {meta['total']:,} nodes" if meta["shown"] != meta["total"] else f"{meta['shown']:,} nodes")
    parts.append(f"node size: {meta['size_by_text']}")
    text = " \u00b7 ".join(parts)
    if meta["grouped"]:
        text += " \u00b7 grouped: " + ", ".join(f"+{n:,} {_plural(k)}" for k, n in meta["grouped"].items())
    return text
