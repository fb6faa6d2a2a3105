"""A map as a static picture (PNG or SVG) drawn with matplotlib, for slides.

The picture draws a built map (:func:`ecosystem.pages.map.build_map`): same
layout, colours, shapes and sizes as the page, with a legend.  The SVG is
byte-for-byte reproducible.  matplotlib is imported when a picture is drawn.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from ..model.errors import EcosystemError, ModelError
from .map import MapData, build_map
from .styles import EDGE_STYLES, FOCAL_BORDER, GAP_COLOR, NODE_STYLES, TYPE_ORDER, plural, shade

__all__ = ["draw_picture", "write_picture"]

_MARKERS = {"square": "s", "dot": "o", "triangleDown": "v", "triangle": "^", "diamond": "D", "hexagon": "h", "box": "s"}


def write_picture(source: Any, path: str | Path, *, format: str | None = None, **options: Any) -> Path:
    """Draw the map (same layout and styling) as a PNG or SVG picture with matplotlib; return its path.

    ``format`` is ``png`` or ``svg`` (default: from the extension).  Other
    options are those of :func:`ecosystem.pages.map.ecosystem_map`; ``source``
    is an analysis context or an ecosystem.  The SVG is byte-for-byte
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
    draw_picture(build_map(source, **options), path, kind)
    return path


def draw_picture(data: MapData, path: Path, kind: str) -> None:
    """Draw a built map with matplotlib (no browser) and write it atomically as PNG or SVG."""
    import io

    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    frame = _Frame(data.positions)
    with matplotlib.rc_context({"svg.hashsalt": "ecosystem", "font.family": "DejaVu Sans", "path.simplify": True}):
        fig = Figure(figsize=(frame.fig_w, frame.fig_h), dpi=130, facecolor="white")
        FigureCanvasAgg(fig)
        ax = fig.add_axes((0.01, 0.01, 0.78, frame.plot_h / frame.fig_h))
        ax.set_xlim(frame.centre_x - frame.span_x / 2, frame.centre_x + frame.span_x / 2)
        ax.set_ylim(frame.centre_y + frame.span_y / 2, frame.centre_y - frame.span_y / 2)
        ax.set_axis_off()
        _draw_lines(ax, data, frame.scale)
        _draw_nodes(ax, data, frame.scale)
        fig.text(0.01, 1 - 0.35 / frame.fig_h, str(data.meta["name"]), fontsize=16, fontweight="bold",
                 color="#1d3557", va="top", parse_math=False)
        fig.text(0.01, 1 - 0.75 / frame.fig_h, _subtitle(data), fontsize=10, color="#6c757d", va="top",
                 parse_math=False)
        fig.legend(handles=_legend_handles(data), loc="upper left", bbox_to_anchor=(0.8, 1 - 1.1 / frame.fig_h),
                   frameon=False, fontsize=10, title="Legend", title_fontsize=11, alignment="left")
        buffer = io.BytesIO()
        metadata = {"Date": None} if kind == "svg" else {"Software": None}
        fig.savefig(buffer, format=kind, metadata=metadata, facecolor="white")
    _write_bytes(path, buffer.getvalue())


class _Frame:
    """The figure's size and the map's span at one scale on both axes (wide maps, tall maps)."""

    def __init__(self, positions: dict[str, tuple[float, float]]) -> None:
        xs = [p[0] for p in positions.values()] or [0.0]
        ys = [p[1] for p in positions.values()] or [0.0]
        pad = 90.0  # and more on the sides, where labels run wider than their nodes
        left, right, top, bottom = min(xs) - 2 * pad, max(xs) + 2 * pad, min(ys) - pad, max(ys) + pad
        span_x, span_y = max(right - left, 400.0), max(bottom - top, 300.0)
        self.fig_w = 16.0
        plot_w = self.fig_w * 0.78
        self.plot_h = min(max(plot_w * span_y / span_x, 5.0), 22.0)
        self.fig_h = self.plot_h + 1.1
        if span_x / span_y > plot_w / self.plot_h:  # same scale on both axes: widen the shorter span
            span_y = span_x * self.plot_h / plot_w
        else:
            span_x = span_y * plot_w / self.plot_h
        self.span_x, self.span_y = span_x, span_y
        self.centre_x, self.centre_y = (left + right) / 2, (top + bottom) / 2
        self.scale = plot_w / span_x * 72.0  # points per map pixel


def _draw_lines(ax: Any, data: MapData, scale: float) -> None:
    """The relationships, one collection per colour, width, line style and opacity."""
    from matplotlib.collections import LineCollection

    pos = data.positions
    groups: dict[tuple[str, float, str, float], list[tuple[tuple[float, float], tuple[float, float]]]] = defaultdict(list)
    for edge in data.network.edges:
        if edge["from"] not in pos or edge["to"] not in pos:
            continue
        style = EDGE_STYLES[edge["rel"]]
        line = "--" if style["dashes"] and edge["rel"] == "REQUIRES_GAP" else ":" if style["dashes"] else "-"
        alpha = float(edge["color"].get("opacity", 0.85)) * (0.85 if line != "--" else 1.1)
        key = (style["color"], min(float(edge["width"]), 5.0), line, round(min(alpha, 1.0), 2))
        groups[key].append((pos[edge["from"]], pos[edge["to"]]))
    for (color, width, line, alpha), segments in sorted(groups.items()):
        ax.add_collection(LineCollection(
            segments, colors=color, linewidths=max(0.4, width * scale * 0.9), linestyles=line, alpha=alpha, zorder=1,
        ))


def _draw_nodes(ax: Any, data: MapData, scale: float) -> None:
    """The nodes and their labels (every label up to 120 nodes, else the 60 biggest, groups and the focal firm)."""
    nodes = data.network.nodes
    sizes = [float(n.get("size", 15)) for n in nodes]
    labelled = set(range(len(nodes))) if len(nodes) <= 120 else {
        i for i in sorted(range(len(nodes)), key=lambda i: -sizes[i])[:60]
    } | {i for i, n in enumerate(nodes) if n["shape"] == "box" or n["id"] == data.meta["focal"]}
    for i, node in enumerate(nodes):
        x, y = data.positions[node["id"]]
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


def _legend_handles(data: MapData) -> list[Any]:
    """The legend: node types present, the focal firm, gaps, and the relationship types drawn."""
    from matplotlib.lines import Line2D

    handles = []
    present = {n["kind"] for n in data.network.nodes}
    for kind_name in TYPE_ORDER:
        if kind_name in present:
            style = NODE_STYLES[kind_name]
            handles.append(Line2D([], [], ls="", marker=_MARKERS[style["shape"]], ms=10, mfc=style["color"],
                                  mec=shade(style["color"]), label=style["label"]))
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
    return handles


def _subtitle(data: MapData) -> str:
    meta = data.meta
    parts = ["Ecosystem map"]
    if meta["focal"]:
        focal = next((d["name"] for d in data.details if d["id"] == meta["focal"]), meta["focal"])
        parts.append(f"Focal firm: {focal}")
    shown, total = meta["shown"], meta["total"]
    parts.append(f"{shown:,} of {total:,} nodes" if shown != total else f"{shown:,} nodes")
    parts.append(f"node size: {meta['size_by_text']}")
    text = " \u00b7 ".join(parts)
    if meta["grouped"]:
        text += " \u00b7 grouped: " + ", ".join(f"+{n:,} {plural(k)}" for k, n in meta["grouped"].items())
    return text


def _write_bytes(path: Path, content: bytes) -> None:
    """Write ``content`` via a temporary file and a rename (a failed write leaves the old file)."""
    import os
    import tempfile

    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise EcosystemError(f"cannot write {str(path)!r}: folder {str(directory)!r} does not exist")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
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
