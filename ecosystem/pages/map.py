"""Maps of an ecosystem: an interactive page (vis-network, built with pyvis).

* :func:`ecosystem_map` builds a :class:`pyvis.network.Network` (nodes, edges,
  options) that a notebook user can tweak and ``show``;
* :func:`write_map` writes the map as **one self-contained HTML file** (see
  :mod:`ecosystem.pages.document`: everything inline, a policy that forbids
  the network, data as JSON shown as text);
* :func:`ecosystem.pages.picture.write_picture` draws the same map as a PNG
  or SVG for slides.

Each accepts an analysis context (:class:`ecosystem.analyses.context.Analysis`)
or an :class:`~ecosystem.model.graph.Ecosystem` (analysed once, at
``scope_depth``): a review, a map and a picture of one graph share one set of
page.

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
byte, :mod:`ecosystem.pages.layout`); physics is off in the browser.  Above
``max_nodes`` nodes (:data:`MAX_NODES`, 1,500, by default) the map keeps the
most important nodes of each type and groups the others into "+k more" nodes
(:mod:`ecosystem.pages.select`); the page says what was left out.

:func:`build_map` makes a map in named steps: select the nodes, merge the
relationships of grouped nodes, lay out, build the nodes (and their side
panels), build the lines, and describe the page.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..analyses.coverage import GAP
from ..analyses.scope import MAX_DEPTH
from ..formats.atomic import atomic_write_text
from ..formats.records import figure
from ..model.errors import ModelError
from ..model.graph import Ecosystem, NodeType, RelType
from .details import group_details, node_details
from .document import render, render_page
from .layout import force_layout, group_positions, layered_layout
from .select import Selection, importance, metric_values, parse_types, select_nodes
from .styles import EDGE_STYLES, LABEL_LIMIT, MAX_NODES, METRICS, NODE_STYLES, TYPE_ORDER, VIEWS, shade, type_of
from .view import PageView, view_of
from .vis import edge_title, node_size, vis_edge, vis_group, vis_node, vis_options

if TYPE_CHECKING:  # pragma: no cover
    from pyvis.network import Network

__all__ = [
    "MAX_NODES",
    "METRICS",
    "VIEWS",
    "NODE_STYLES",
    "EDGE_STYLES",
    "MapData",
    "build_map",
    "ecosystem_map",
    "map_html",
    "map_legend",
    "map_page",
    "map_payload",
    "map_section",
    "write_map",
]

#: A relationship between two shown nodes: (from, to, type, properties).
Line = tuple[str, str, str, dict[str, Any]]
#: Relationships merged into "+k more" nodes: (from, to, type) -> how many.
Merged = list[tuple[tuple[str, str, str], int]]


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


@dataclass(frozen=True)
class _Frame:
    """The selected nodes in page order, then the "+k more" nodes: ids, index, types, and who is grouped where."""

    selection: Selection
    ids: list[str]  # kept nodes, then group nodes
    index: dict[str, int]
    types: list[str]
    group_of: dict[str, str]  # grouped node -> its group's id

    @classmethod
    def of(cls, eco: Ecosystem, selection: Selection) -> _Frame:
        kept = selection.kept
        group_kinds = [k for k in TYPE_ORDER if k in selection.groups]
        ids = kept + [selection.group_ids[k] for k in group_kinds]
        group_of = {m: selection.group_ids[k] for k, members in selection.groups.items() for m in members}
        types = [type_of(eco, n) for n in kept] + group_kinds
        return cls(selection, ids, {n: i for i, n in enumerate(ids)}, types, group_of)

    @property
    def kept(self) -> list[str]:
        return self.selection.kept


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
    source: Any,
    *,
    size_by: str = "score",
    focus: str | None = None,
    depth: int = 1,
    only: str | NodeType | Iterable[str | NodeType] | None = None,
    view: str | None = None,
    max_nodes: int = MAX_NODES,
    seed: int = 0,
    scope_depth: int | None = None,
) -> MapData:
    """Build the map once: its pyvis network, side-panel details, gap list and notes.

    :func:`map_page` turns the result into the page and
    :func:`ecosystem.pages.picture.draw_picture` into a picture, so that a
    page and its pictures share one computation.

    Parameters
    ----------
    source : Analysis or Ecosystem
        An analysis context (its figures are used as they are) or an
        ecosystem (analysed at ``scope_depth``).
    size_by, focus, depth, only, view, max_nodes, seed, scope_depth
        As for :func:`ecosystem_map`.

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
    page = view_of(source, scope_depth)
    eco = page.eco
    _check_options(eco, size_by, focus, depth, view, max_nodes, seed)
    types_wanted = parse_types(only)
    metric = metric_values(page, size_by)
    selection = select_nodes(
        page, metric, focus=focus, depth=depth, only=types_wanted, view=view, max_nodes=max_nodes,
        size_by=size_by,
    )
    frame = _Frame.of(eco, selection)
    plain, merged = _merge_edges(eco, frame)
    sizes = _sizes(eco, metric, frame)
    positions, layers = _layout(page, metric, frame, plain, merged, sizes, seed)
    vis_nodes, details = _nodes(page, metric, size_by, frame, sizes, positions, focus)
    vis_edges, edge_kinds = _edges(page, frame, plain, merged, layers)
    network = _network(vis_nodes, vis_edges, vis_options(len(vis_nodes), len(vis_edges), seed, layered=bool(layers)))
    shown = set(frame.ids)
    meta = _meta(page, frame, focus, size_by, len(vis_edges))
    return MapData(
        network, details, _gap_list(page, shown), meta, positions, dict(zip(frame.ids, frame.types)), edge_kinds
    )


# -- the steps -----------------------------------------------------------------------------
def _merge_edges(eco: Ecosystem, frame: _Frame) -> tuple[list[Line], Merged]:
    """Relationships between kept nodes as they are; anything touching a grouped node merged and counted."""
    index, group_of = frame.index, frame.group_of
    wanted = set(frame.kept) | set(group_of)
    plain: list[Line] = []
    merged: dict[tuple[str, str, str], int] = defaultdict(int)
    for u in sorted(wanted, key=lambda n: (n not in index, index.get(n, 0), n)):
        for v, keys in eco.out_links[u].items():
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
    return plain, sorted(merged.items(), key=lambda item: (index[item[0][0]], index[item[0][1]], item[0][2]))


def _sizes(eco: Ecosystem, metric: dict[str, float], frame: _Frame) -> list[float]:
    """Node radii by the ``size_by`` metric (the focal firm at least 38 px, group nodes 22 px)."""
    kept = frame.kept
    shown_values = [metric[n] for n in kept if n in metric]
    low = min(shown_values, default=0.0)
    high = max(shown_values, default=0.0)
    sizes = [node_size(type_of(eco, n), metric.get(n), low, high) for n in kept] + [22.0] * (len(frame.ids) - len(kept))
    if eco.focal in frame.index:
        sizes[frame.index[eco.focal]] = max(sizes[frame.index[eco.focal]], 38.0)
    return sizes


def _layout(
    page: PageView, metric: dict[str, float], frame: _Frame, plain: list[Line], merged: Merged,
    sizes: list[float], seed: int,
) -> tuple[dict[str, tuple[float, float]], list[int]]:
    """Every node's position (rounded to 0.1 px) and, for the integration view, its column."""
    eco, index, kept, ids = page.eco, frame.index, frame.kept, frame.ids
    pairs = [(index[u], index[v]) for u, v, _, _ in plain] + [(index[a], index[b]) for (a, b, _), _ in merged]
    layers: list[int] = []
    if frame.selection.layer is not None:
        layers = [frame.selection.layer.get(n, 0) for n in kept] + [
            {"firm": 1, "partner": 1, "unit": 1, "capability": 2, "job": 3}.get(k, 3) for k in frame.types[len(kept):]
        ]
        neighbours: dict[int, list[int]] = defaultdict(list)
        for one, other in pairs:
            neighbours[one].append(other)
            neighbours[other].append(one)
        order_key = [
            (i >= len(kept), i >= len(kept) or ids[i] != eco.focal,
             -importance(page, metric, ids[i]) if i < len(kept) else 0.0, ids[i])
            for i in range(len(ids))
        ]
        coords = layered_layout(
            layers, neighbours, order_key, sizes, frozenset({index[eco.focal]} if eco.focal in index else ())
        )
    else:
        widths = [
            min(len(str(eco.node_data[n]["name"])), LABEL_LIMIT) * (11.5 if n == eco.focal else 8.8) + 10
            for n in kept
        ]
        inner = [(a, b) for a, b in pairs if a < len(kept) and b < len(kept)]
        coords = force_layout(frame.types[: len(kept)], inner, seed, widths, sizes[: len(kept)])
        coords += group_positions(frame.types[len(kept):], frame.types[: len(kept)], coords)
    return {node: (round(x, 1), round(y, 1)) for node, (x, y) in zip(ids, coords)}, layers


def _nodes(
    page: PageView, metric: dict[str, float], size_by: str, frame: _Frame, sizes: list[float],
    positions: dict[str, tuple[float, float]], focus: str | None,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The vis nodes and their side panels, kept nodes first, then the "+k more" nodes."""
    vis_nodes: list[dict[str, Any]] = []
    details: list[dict[str, Any]] = []
    shown = set(frame.ids)
    for node in frame.kept:
        vis_nodes.append(vis_node(page, node, sizes[frame.index[node]], positions[node], node == focus))
        details.append(node_details(page, node, shown, metric, size_by))
    groups = frame.selection.groups
    for kind in TYPE_ORDER:
        if kind in groups:
            gid = frame.selection.group_ids[kind]
            vis_nodes.append(vis_group(gid, kind, groups[kind], positions[gid]))
            details.append(group_details(page, gid, kind, groups[kind]))
    return vis_nodes, details


def _edges(
    page: PageView, frame: _Frame, plain: list[Line], merged: Merged, layers: list[int]
) -> tuple[list[dict[str, Any]], list[str]]:
    """The vis lines (REQUIRES to a gap in red, merged lines thin and pale) and their style keys."""
    vis_edges: list[dict[str, Any]] = []
    edge_kinds: list[str] = []
    for number, (u, v, key, data) in enumerate(plain):
        style_key = key
        if key == RelType.REQUIRES.value and page.status(v) == GAP:
            style_key = "REQUIRES_GAP"
        edge_kinds.append(style_key)
        vis_edges.append(vis_edge(f"e{number}", u, v, style_key, edge_title(page.eco, u, v, key, data), data))
        if layers and layers[frame.index[u]] == layers[frame.index[v]]:
            vis_edges[-1]["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.35}
    for number, ((a, b, key), count) in enumerate(merged, start=len(plain)):
        edge_kinds.append(key)
        title = f"{count:,} {key} relationship{'s' if count != 1 else ''} merged into this line"
        edge = vis_edge(f"e{number}", a, b, key, title, {})
        edge["width"] = round(0.6 + 0.8 * math.log10(1 + count), 2)
        edge["color"] = {**edge["color"], "opacity": 0.2}
        edge["dashes"] = False
        edge["merged"] = count
        vis_edges.append(edge)
    return vis_edges, edge_kinds


def _network(vis_nodes: list[dict[str, Any]], vis_edges: list[dict[str, Any]], options: dict[str, Any]) -> Network:
    from pyvis.network import Network

    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    net.nodes = vis_nodes
    net.node_ids = [n["id"] for n in vis_nodes]
    net.node_map = {n["id"]: n for n in vis_nodes}
    net.edges = vis_edges
    net.options = options
    return net


def _gap_list(page: PageView, shown: set[str]) -> list[dict[str, Any]]:
    """The 25 most severe gap capabilities, with up to 8 of the jobs each hurts."""
    eco = page.eco
    return [
        {
            "id": total.capability,
            "name": total.name,
            "severity": total.severity,
            "text": f"severity {figure(total.severity)}",
            "jobs": [
                {"id": g.job, "name": eco.name_of(g.job), "shown": g.job in shown}
                for g in page.gaps_of_capability.get(total.capability, [])[:8]
            ],
            "more_jobs": max(0, total.jobs - 8),
            "shown": total.capability in shown,
        }
        for total in page.analysis.gap_totals[:25]
    ]


def _meta(page: PageView, frame: _Frame, focus: str | None, size_by: str, relationships: int) -> dict[str, Any]:
    """What the page says about the map: its name, focus, notes and counts."""
    eco = page.eco
    shown = set(frame.ids)
    selection = frame.selection
    counts: dict[str, int] = defaultdict(int)
    for kind in frame.types[: len(frame.kept)]:
        counts[kind] += 1
    start = focus if focus is not None and focus in shown else eco.focal if eco.focal in shown else None
    return {
        "name": eco.name,
        "focal": eco.focal if eco.focal in shown else None,
        "focus": focus,
        "start": start,
        "notes": selection.notes,
        "total": selection.total,
        "shown": len(frame.kept),
        "grouped": {k: len(v) for k, v in selection.groups.items()},
        "counts": dict(counts),
        "relationships": relationships,
        "size_by": size_by,
        "size_by_text": METRICS.get(size_by, f"the attribute {size_by!r}"),
        "gap_total": len(page.analysis.gap_totals),
    }


# -- public API ----------------------------------------------------------------------------
def ecosystem_map(
    source: Any,
    *,
    size_by: str = "score",
    focus: str | None = None,
    depth: int = 1,
    only: str | NodeType | Iterable[str | NodeType] | None = None,
    view: str | None = None,
    max_nodes: int = MAX_NODES,
    seed: int = 0,
    scope_depth: int | None = None,
) -> Network:
    """The ecosystem as a :class:`pyvis.network.Network`, laid out, styled and ready to tweak.

    Parameters
    ----------
    source : Analysis or Ecosystem
        An analysis context, or an ecosystem (analysed at ``scope_depth``).
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
    scope_depth : int, optional
        Partnership hops of the focal firm's ecosystem for coverage and gaps
        (the ``--depth`` of the other commands); default: the analysis
        context's depth, 1 for an ecosystem.

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
        source, size_by=size_by, focus=focus, depth=depth, only=only, view=view, max_nodes=max_nodes, seed=seed,
        scope_depth=scope_depth,
    ).network


def map_html(source: Any, **options: Any) -> str:
    """The self-contained map page as text (the options of :func:`ecosystem_map`).

    >>> import ecosystem
    >>> page = map_html(ecosystem.load("sample_graphs/camera.yaml"))
    >>> "Content-Security-Policy" in page and "https://" not in page.split("<script")[0]
    True
    """
    return map_page(build_map(source, **options))


def write_map(source: Any, path: str | Path, **options: Any) -> Path:
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
    atomic_write_text(path, map_html(source, **options))
    return path


# -- the page ------------------------------------------------------------------------------
@dataclass(frozen=True)
class _LegendType:
    kind: str
    label: str
    shape: str
    color: str
    border: str
    count: int


def map_legend(data: MapData) -> dict[str, Any]:
    """What the legend lists: the node types shown (with counts), the marks in use, the relationship types."""
    counts = dict(data.meta["counts"])
    for kind, number in data.meta["grouped"].items():
        counts[kind] = counts.get(kind, 0) + number
    types = [
        _LegendType(kind, str(style["label"]), str(style["shape"]), str(style["color"]), shade(style["color"]), counts[kind])
        for kind, style in ((k, NODE_STYLES[k]) for k in TYPE_ORDER if k in counts)
    ]
    kinds = set(data.edge_kinds)
    return {
        "types": types,
        "focal": data.meta["focal"] is not None,
        "gaps": "REQUIRES_GAP" in kinds or any(g["shown"] for g in data.gaps),
        "grouped": bool(data.meta["grouped"]),
        "relationships": [EDGE_STYLES[k] for k in EDGE_STYLES if k in kinds],
    }


def map_section(data: MapData) -> str:
    """The map's markup (canvas, search, details panel, legend and filters, gap list); no data in it."""
    return render("map_section.html", legend=map_legend(data))


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


def map_page(data: MapData) -> str:
    """The map's self-contained page."""
    name = data.meta["name"]
    return render_page(
        "map.html", title=f"{name} \u00b7 map", payload=map_payload(data), body_class="eco-map-page",
        name=name, legend=map_legend(data),
    )
