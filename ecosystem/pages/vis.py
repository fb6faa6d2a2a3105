"""A map's nodes, lines and options as vis-network reads them (pyvis's ``Network`` holds them).

Each node type has its colour and shape; node size follows the ``size_by``
metric; the focal firm is bigger, framed in gold, with a highlighted label;
capability gaps are red with a dashed border, the jobs they hurt have a red
frame.  Titles (tooltips) are plain text.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from ..analyses.coverage import GAP, IN_HOUSE, PARTNER
from ..formats.records import figure
from ..model.graph import Ecosystem, is_number
from .styles import (
    AGGREGATE_COLOR,
    EDGE_STYLES,
    FOCAL_BORDER,
    FONT,
    GAP_COLOR,
    NODE_STYLES,
    attribute_text,
    clip,
    plain_title,
    plural,
    shade,
    type_of,
)
from .view import PageView

__all__ = ["edge_title", "node_size", "type_label", "vis_edge", "vis_group", "vis_node", "vis_options"]


def node_size(kind: str, value: float | None, low: float, high: float) -> float:
    """A node's radius: its type's size without a value, else 9 to 40 px by the square root of its share.

    >>> node_size("job", None, 0.0, 1.0), node_size("job", 0.25, 0.0, 1.0), node_size("job", 1.0, 0.0, 1.0)
    (17.0, 24.5, 40.0)
    """
    if value is None:
        return float(NODE_STYLES[kind]["size"])
    if high <= low:
        share = 1.0 if high > 0 else 0.0
    elif low >= 0:
        share = value / high
    else:
        share = (value - low) / (high - low)
    return round(9.0 + 31.0 * math.sqrt(max(0.0, min(1.0, share))), 2)


def type_label(eco: Ecosystem, node: str) -> str:
    """``Focal firm`` or the type's legend label."""
    if node == eco.focal:
        return "Focal firm"
    return str(NODE_STYLES[type_of(eco, node)]["label"])


def vis_node(
    page: PageView, node: str, size: float, position: tuple[float, float], is_focus: bool
) -> dict[str, Any]:
    """One node: styled by type, gap status, focal firm and ego-map focus; placed at ``position``."""
    eco = page.eco
    data = eco.node_data[node]
    kind = str(data["type"])
    style = NODE_STYLES[kind]
    name = str(data["name"])
    color = style["color"]
    border = shade(color)
    border_width = 1.5
    dashes: bool | list[int] = False
    font: dict[str, Any] = {"size": 18, "color": "#212529", "face": FONT, "strokeWidth": 4, "strokeColor": "#ffffff"}
    status = page.status(node) if kind == "capability" else None
    if status == GAP:
        color, border, dashes, border_width = GAP_COLOR, "#6a040f", [4, 3], 2.5
    elif status == "unused":
        color, border = "#b7e4c7", "#52b788"
    if kind == "job" and page.gaps_of_job.get(node):
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
    title = f"{name}\n{type_label(eco, node)}" + _title_figures(page, node, kind)
    vis: dict[str, Any] = {
        "id": node,
        "label": clip(name),
        "shape": style["shape"],
        "color": node_color,
        "borderWidth": border_width,
        "borderWidthSelected": border_width + 2,
        "size": size,
        "font": font,
        "title": plain_title(title),
        "x": position[0],
        "y": position[1],
        "kind": kind,
    }
    if dashes:
        vis["shapeProperties"] = {"borderDashes": dashes}
    return vis


def _title_figures(page: PageView, node: str, kind: str) -> str:
    if kind in ("firm", "partner") and node in page.by_id:
        s = page.by_id[node]
        return f"\nintegrator score {figure(s.score)} (rank {page.rank[node]})"
    if kind == "job" and node in page.analysis.job_coverage:
        job = page.analysis.job_coverage[node]
        return f"\nopportunity {figure(job.opportunity)}, coverage {figure(job.coverage)}"
    if kind == "customer" and node in page.analysis.customer_coverage:
        customer = page.analysis.customer_coverage[node]
        return f"\nopportunity {figure(customer.opportunity)}, covered share {figure(customer.share)}"
    if kind == "capability":
        status = page.status(node)
        if status == GAP:
            total = page.gap_by_capability[node]
            return f"\ngap: severity {figure(total.severity)}, hurts {total.jobs} job{'s' if total.jobs != 1 else ''}"
        if status in (IN_HOUSE, PARTNER):
            return "\nin-house" if status == IN_HOUSE else "\nbrought by a partner"
    return ""


def vis_group(gid: str, kind: str, members: list[str], position: tuple[float, float]) -> dict[str, Any]:
    """The "+k more <type>" node that stands for ``members``.

    >>> vis_group("+more:job", "job", ["a", "b"], (0.0, 9.5))["label"]
    '+2 more jobs'
    """
    style = NODE_STYLES[kind]
    label = f"+{len(members):,} more {plural(kind)}"
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
        "font": {"size": 18, "color": "#343a40", "face": FONT, "strokeWidth": 0},
        "title": f"{label}: not drawn one by one on this map",
        "x": position[0],
        "y": position[1],
        "kind": kind,
        "group_of": len(members),
    }


def edge_title(eco: Ecosystem, u: str, v: str, key: str, data: Mapping[str, Any]) -> str:
    """A line's tooltip: who does what to whom, and the relationship's properties."""
    verb = EDGE_STYLES[key]["label"]
    text = f"{eco.name_of(u)} {verb} {eco.name_of(v)}"
    extras = ", ".join(f"{k} {attribute_text(val)}" for k, val in sorted(data.items()))
    return plain_title(text + (f" ({extras})" if extras else ""))


def vis_edge(eid: str, u: str, v: str, style_key: str, title: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """One line, styled by its relationship type (width by strength or proficiency where given).

    >>> vis_edge("e0", "a", "b", "PROVIDES", "A provides B", {"proficiency": 0.5})["width"]
    1.6
    """
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
        "color": {"color": style["color"], "highlight": shade(style["color"], 0.8), "hover": shade(style["color"], 0.8),
                  "opacity": 0.85},
        "width": round(width, 2),
        "dashes": style["dashes"],
        "title": title,
    }
    edge["arrows"] = {"to": {"enabled": bool(style["arrow"]), "scaleFactor": 0.55}}
    return edge


def vis_options(nodes: int, edges: int, seed: int, layered: bool = False) -> dict[str, Any]:
    """vis-network's options: physics off (positions come from Python), lighter interaction when big.

    >>> vis_options(10, 10, 0)["physics"], vis_options(700, 10, 0)["interaction"]["hover"]
    ({'enabled': False}, False)
    """
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
