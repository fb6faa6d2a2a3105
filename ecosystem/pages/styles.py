"""How the pages look: the node and relationship styles, the map's limits, and small text helpers.

Shared by the map (:mod:`ecosystem.pages.map`), its picture
(:mod:`ecosystem.pages.picture`) and the review (:mod:`ecosystem.pages.review`).
"""

from __future__ import annotations

import json
from typing import Any

from ..model.graph import Ecosystem, NodeType

__all__ = [
    "AGGREGATE_COLOR",
    "EDGE_STYLES",
    "FOCAL_BORDER",
    "FONT",
    "GAP_COLOR",
    "MAX_NODES",
    "METRICS",
    "NODE_STYLES",
    "TYPE_ORDER",
    "VIEWS",
    "attribute_text",
    "clip",
    "plain_title",
    "plural",
    "shade",
    "type_of",
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

#: The pages' font stack (the style sheet ``static/page.css`` names the same one).
FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "DejaVu Sans", sans-serif'
LABEL_LIMIT = 32
LIST_LIMIT = 40


def clip(text: str, limit: int = LABEL_LIMIT) -> str:
    """Shorten a label to ``limit`` characters with an ellipsis.

    >>> clip("Spare parts logistics", 10)
    'Spare par…'
    """
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def attribute_text(value: Any) -> str:
    """An attribute value as the side panel shows it (text as is, anything else as JSON).

    >>> attribute_text("Oslo"), attribute_text({"b": 1, "a": [2]})
    ('Oslo', '{"a": [2], "b": 1}')
    """
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def plain_title(text: str) -> str:
    """A tooltip that pyvis's own template (``Network.show``) never puts into ``innerHTML``.

    That template uses ``innerHTML`` for a title containing "href"; a
    zero-width non-joiner keeps the path closed for data titles.

    >>> plain_title("see href") == "see hre\\u200cf"
    True
    """
    return text.replace("href", "hre\u200cf")


def shade(color: str, factor: float = 0.7) -> str:
    """A darker ``#rrggbb`` colour (each channel times ``factor``).

    >>> shade("#3a86ff")
    '#285db2'
    """
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return f"#{int(r * factor):02x}{int(g * factor):02x}{int(b * factor):02x}"


def plural(kind: str) -> str:
    """The plural of a node type's name.

    >>> plural("capability")
    'capabilities'
    """
    return NodeType(kind).plural


def type_of(eco: Ecosystem, node: str) -> str:
    """A node's type, as text (``firm``, ``partner``...)."""
    return str(eco.node_data[node]["type"])
