"""Commands on ecosystem files: ``validate``, ``stats``, ``convert``, ``generate``, ``import-landscape``."""

from __future__ import annotations

from typing import Any

import click

from .options import (
    connection_of,
    format_option,
    library_errors,
    neo4j_options,
    print_statistics,
    read_source,
    source_argument,
    to_option,
)

__all__ = ["validate", "stats", "convert", "import_landscape", "generate", "register"]


@click.command()
@source_argument
@neo4j_options
@library_errors
def validate(source: str, **connection: Any) -> None:
    """Check SOURCE against the model and report every problem at once.

    \b
    Example:
      ecosystem validate sample_graphs/camera.yaml
    """
    eco = read_source(source, connection_of(connection))
    click.echo(
        f"{source} is valid: {len(eco)} nodes, {eco.graph.number_of_edges()} relationships, "
        f"focal firm {eco.focal!r}"
    )


@click.command()
@source_argument
@format_option
@neo4j_options
@library_errors
def stats(source: str, output_format: str, **connection: Any) -> None:
    """Counts by type, the focal firm's partners and loose ends of SOURCE.

    \b
    Example:
      ecosystem stats sample_graphs/camera.yaml
      ecosystem stats sample_graphs/camera.yaml --format json
    """
    from ..analyses.stats import statistics
    from ..formats.records import render_json, render_records

    counts = statistics(read_source(source, connection_of(connection)))
    if output_format == "json":
        click.echo(render_json(counts), nl=False)
        return
    if output_format == "csv":
        rows = [{"section": "nodes", "key": k, "value": v} for k, v in counts.nodes.items()]
        rows += [{"section": "relationships", "key": k, "value": v} for k, v in counts.relationships.items()]
        rows += [{"section": "partner", "key": p.id, "value": p.name} for p in counts.partners]
        for section in ("orphans", "unprovided", "unrequired", "unowned_jobs"):
            rows += [{"section": section, "key": i, "value": ""} for i in getattr(counts, section)]
        click.echo(render_records(rows, "csv"), nl=False)
        return
    print_statistics(counts)


@click.command()
@source_argument
@click.argument("out", metavar="OUT", type=click.Path(dir_okay=True, file_okay=True))
@to_option
@neo4j_options
@library_errors
def convert(source: str, out: str, to_format: str | None, **connection: Any) -> None:
    """Convert SOURCE to OUT (YAML, JSON or a CSV folder); loses nothing.

    \b
    Example:
      ecosystem convert sample_graphs/camera.yaml camera.json
      ecosystem convert sample_graphs/camera.yaml camera_csv --to csv
    """
    from ..formats.files import format_of
    from ..stores.base import save

    kind = format_of(out, to_format)
    eco = read_source(source, connection_of(connection))
    save(eco, out, kind)
    click.echo(f"Wrote {out} ({kind}): {len(eco)} nodes, {eco.graph.number_of_edges()} relationships", err=True)


@click.command("import-landscape")
@click.argument("landscape", metavar="LANDSCAPE.yml", type=click.Path(dir_okay=False))
@click.argument("out", metavar="OUT", type=click.Path())
@click.option(
    "--foundation", default=None,
    help="Crunchbase slug or URL of the focal foundation (default: the owner of most projects).",
)
@to_option
@library_errors
def import_landscape(landscape: str, out: str, foundation: str | None, to_format: str | None) -> None:
    """Import a Linux Foundation / CNCF landscape.yml as an ecosystem.

    Organisations provide the capabilities named by their items'
    subcategories; categories become jobs requiring their subcategories; the
    foundation is the focal firm and its members are its partners.

    \b
    Example:
      ecosystem import-landscape ../shared/datasets/cncf-landscape.yml cncf.yaml
    """
    from ..formats.files import format_of
    from ..formats.landscape import import_landscape_report
    from ..formats.records import as_plain
    from ..stores.base import save

    kind = format_of(out, to_format)
    eco, report = import_landscape_report(landscape, foundation)
    save(eco, out, kind)
    details = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in as_plain(report).items())
    click.echo(f"Wrote {out} ({kind}): {len(eco)} nodes, {eco.graph.number_of_edges()} relationships; {details}", err=True)


@click.command()
@click.argument("out", metavar="OUT", type=click.Path())
@click.option("--orgs", type=click.IntRange(min=1), default=200, show_default=True, help="Organisations (firms and partners).")
@click.option("--customers", type=click.IntRange(min=0), default=100, show_default=True, help="Customers (segments).")
@click.option("--jobs", type=click.IntRange(min=0), default=300, show_default=True, help="Jobs-to-be-done.")
@click.option("--capabilities", type=click.IntRange(min=0), default=400, show_default=True, help="Capabilities.")
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed: same seed, same file.")
@to_option
@library_errors
def generate(out: str, orgs: int, customers: int, jobs: int, capabilities: int, seed: int, to_format: str | None) -> None:
    """Write a synthetic ecosystem of a realistic shape to OUT (for tests and benchmarks).

    \b
    Example:
      ecosystem generate big.json --orgs 20000 --customers 10000 --jobs 30000 --capabilities 40000 --seed 1
    """
    from ..formats.files import format_of
    from ..formats.generate import generate as generate_ecosystem
    from ..stores.base import save

    kind = format_of(out, to_format)
    eco = generate_ecosystem(orgs, customers, jobs, capabilities, seed=seed)
    save(eco, out, kind)
    click.echo(f"Wrote {out} ({kind}): {len(eco)} nodes, {eco.graph.number_of_edges()} relationships", err=True)


def register(group: click.Group) -> None:
    """Add this module's commands to ``group``."""
    for command in (validate, stats, convert, import_landscape, generate):
        group.add_command(command)
