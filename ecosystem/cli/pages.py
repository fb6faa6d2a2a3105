"""The page commands: ``map`` (the interactive map, and a PNG/SVG picture) and ``review``.

The page builders (numpy, pyvis, matplotlib, the analyses) are imported inside the commands,
so the other commands do not load them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ..analyses.scope import MAX_DEPTH
from ..pages.styles import MAX_NODES, METRICS, VIEWS
from .options import connection_of, depth_option, library_errors, neo4j_options, read_source, source_argument

__all__ = ["map_command", "review_command", "register"]


def _size(path: Path) -> str:
    size = path.stat().st_size
    return f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{size / 1000:.0f} kB"


@click.command("map")
@source_argument
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False),
              help="The HTML page to write: one self-contained file (no network needed to open it).")
@click.option("--png", is_flag=True, help="Also draw the map as OUTPUT with .png (for slides).")
@click.option("--svg", is_flag=True, help="Also draw the map as OUTPUT with .svg.")
@click.option("--focus", default=None, metavar="ID", help="An ego map: only ID and what lies within --depth relationships of it.")
@click.option("--depth", type=click.IntRange(0, MAX_DEPTH), default=1, show_default=True,
              help="With --focus: how many relationships around it.")
@click.option("--only", "only", multiple=True, metavar="TYPES",
              help="Keep only these node types (comma-separated: partner,capability).")
@click.option("--view", type=click.Choice(VIEWS), default=None,
              help="integration: the focal firm, its partners, what they bring and the jobs needing it, left to right.")
@click.option("--size-by", default="score", show_default=True, metavar="METRIC",
              help=f"What node size shows: {', '.join(METRICS)}, or a numeric node attribute.")
@click.option("--max-nodes", type=click.IntRange(min=20), default=MAX_NODES, show_default=True,
              help="Above this many nodes, show the most important and group the rest into '+k more' nodes.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the layout: same seed, same map.")
@click.option("--scope-depth", type=click.IntRange(0, MAX_DEPTH), default=1, show_default=True,
              help="Partnership hops from the focal firm that count as its ecosystem (coverage and gaps).")
@neo4j_options
@library_errors
def map_command(
    source: str, output: str, png: bool, svg: bool, focus: str | None, depth: int, only: tuple[str, ...],
    view: str | None, size_by: str, max_nodes: int, seed: int, scope_depth: int, **connection: Any,
) -> None:
    """Draw SOURCE as an interactive map: one self-contained HTML page (and a PNG/SVG picture).

    Colours and shapes by node type, size by integrator score, the focal
    firm framed, gaps in red; click a node for its figures, search by name,
    hide types.  Nothing is loaded from the network.

    \b
    Example:
      ecosystem map sample_graphs/camera.yaml -o camera-map.html --png
      ecosystem map sample_graphs/camera.yaml -o camera-fixright.html --focus fixright --depth 2
      ecosystem map sample_graphs/aero_engine.yaml -o aero-integration.html --view integration
    """
    from ..formats.atomic import atomic_write_text
    from ..pages.map import build_map, map_page
    from ..pages.picture import draw_picture

    out = Path(output)
    if out.suffix.lower() not in (".html", ".htm"):
        raise click.BadParameter(f"{output!r}: the map is an HTML page; name it .html", param_hint="--output")
    eco = read_source(source, connection_of(connection))
    data = build_map(
        eco, size_by=size_by, focus=focus, depth=depth, only=list(only) or None, view=view, max_nodes=max_nodes,
        seed=seed, scope_depth=scope_depth,
    )
    atomic_write_text(out, map_page(data))
    written = [f"{out} ({_size(out)})"]
    for wanted, kind in ((png, "png"), (svg, "svg")):
        if wanted:
            picture = out.with_suffix("." + kind)
            draw_picture(data, picture, kind)
            written.append(f"{picture} ({_size(picture)})")
    meta = data.meta
    shown = f"{meta['shown']:,} of {meta['total']:,} nodes" if meta["shown"] != meta["total"] else f"{meta['shown']:,} nodes"
    click.echo(f"Wrote {', '.join(written)}: {shown}, {meta['relationships']:,} lines", err=True)
    for note in meta["notes"]:
        click.echo(f"  {note}", err=True)


@click.command("review")
@source_argument
@click.argument("old", metavar="[OLD]", required=False)
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False),
              help="The HTML page to write: one self-contained file.")
@depth_option
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True,
              help="How many integrators, gaps, recommendations and risks to list.")
@neo4j_options
@library_errors
def review_command(source: str, old: str | None, output: str, depth: int, top: int, **connection: Any) -> None:
    """Write the strategy-review page of SOURCE (one self-contained HTML file); with OLD, what changed since.

    The map, the top integrators and why, the top gaps with candidates,
    whom to partner with and what to build or find, the risks, coverage per
    customer and a jobs x capabilities heat table, and the definitions.
    Its figures are those of `--format json`.

    \b
    Example:
      ecosystem review sample_graphs/camera.yaml -o camera-review.html
      ecosystem review camera-now.yaml camera-last-quarter.yaml -o camera-review.html
    """
    from ..pages.review import write_review

    out = Path(output)
    if out.suffix.lower() not in (".html", ".htm"):
        raise click.BadParameter(f"{output!r}: the review is an HTML page; name it .html", param_hint="--output")
    settings = connection_of(connection)
    eco = read_source(source, settings)
    before = read_source(old, settings) if old is not None else None
    write_review(eco, out, old=before, depth=depth, top=top)
    click.echo(f"Wrote {out} ({_size(out)})" + (f", with what changed since {old}" if old else ""), err=True)


def register(group: click.Group) -> None:
    """Add this module's commands to ``group``."""
    for command in (map_command, review_command):
        group.add_command(command)
