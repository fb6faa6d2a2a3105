"""The analysis commands: ``summary``, ``integrators``, ``gaps``, ``coverage``, ``recommend``,
``whatif``, ``risks``, ``explain``, ``communities``, ``cocreate``, ``diff``.

Each reads SOURCE, calls one analysis and prints it; the analyses (numpy, igraph) are
imported inside the commands, so the other commands do not load them.
"""

from __future__ import annotations

from typing import Any

import click

from ..formats.records import render_records
from .options import (
    connection_of,
    depth_option,
    emit,
    focal_option,
    format_option,
    library_errors,
    neo4j_options,
    parse_ids,
    print_statistics,
    read_source,
    source_argument,
)


@click.command()
@source_argument
@click.option("--top", type=click.IntRange(min=1), default=None, help="Only the first N.")
@format_option
@neo4j_options
@library_errors
def integrators(source: str, top: int | None, output_format: str, **connection: Any) -> None:
    """Central integrators: organisations by integrator score, with its components and why.

    Score = mean of betweenness (whole graph), brokerage (Burt's effective
    size among partners) and integration reach (opportunity of the jobs it
    could fully cover with its direct partners), each scaled to 0..1.

    \b
    Example:
      ecosystem integrators sample_graphs/aero_engine.yaml --top 5
    """
    from ..analyses.integrators import central_integrators

    rows = central_integrators(read_source(source, connection_of(connection)), top=top)
    columns = ["id", "name", "type", "score", "betweenness", "brokerage", "reach"]
    if output_format == "table":
        click.echo(render_records(rows, "table", columns), nl=False)
        click.echo("")
        for row in rows:
            click.echo(f"- {row.explanation}")
        return
    click.echo(render_records(rows, output_format), nl=False)


@click.command()
@source_argument
@depth_option
@focal_option
@click.option("--totals", is_flag=True, help="Per missing capability instead of per (job, capability).")
@format_option
@neo4j_options
@library_errors
def gaps(source: str, depth: int, focal: str | None, totals: bool, output_format: str, **connection: Any) -> None:
    """Capability gaps: required capabilities nobody in the ecosystem provides, by severity.

    Severity = opportunity of the job x requirement weight; candidates are
    outside organisations that provide the capability, best first.

    \b
    Example:
      ecosystem gaps sample_graphs/camera.yaml
      ecosystem gaps sample_graphs/camera.yaml --depth 2 --totals
    """
    from ..analyses.gaps import capability_gaps, gap_totals

    eco = read_source(source, connection_of(connection))
    found = capability_gaps(eco, depth, focal)
    if totals:
        click.echo(render_records(gap_totals(eco, found), output_format), nl=False)
    else:
        click.echo(render_records(found, output_format), nl=False)


@click.command("summary")
@source_argument
@click.option("--top", type=click.IntRange(min=1), default=5, show_default=True, help="How many integrators and gaps.")
@depth_option
@format_option
@neo4j_options
@library_errors
def summary_command(source: str, top: int, depth: int, output_format: str, **connection: Any) -> None:
    """The brief: the ecosystem's summary, its top integrators and its top capability gaps.

    CSV holds the gaps; JSON everything.

    \b
    Example:
      ecosystem summary sample_graphs/camera.yaml
    """
    from ..analyses.summary import summary

    result = summary(read_source(source, connection_of(connection)), top, depth)
    if output_format != "table":
        emit(output_format, [("", list(result.gaps), None)], result)
        return
    print_statistics(result.summary)
    click.echo(f"\nTop integrators ({len(result.integrators)}):")
    columns = ["id", "name", "score", "betweenness", "brokerage", "reach"]
    click.echo(render_records(result.integrators, "table", columns), nl=False)
    for row in result.integrators[:3]:
        click.echo(f"- {row.explanation}")
    click.echo(f"\nTop capability gaps at depth {depth} ({len(result.gaps)}):")
    if result.gaps:
        click.echo(render_records(result.gaps, "table"), nl=False)


@click.command("coverage")
@source_argument
@depth_option
@focal_option
@click.option("--customers", is_flag=True, help="Per customer: the share of its opportunity that is covered.")
@format_option
@neo4j_options
@library_errors
def coverage_command(source: str, depth: int, focal: str | None, customers: bool, output_format: str, **connection: Any) -> None:
    """Coverage per job (in-house, partner, gaps) or per customer (--customers).

    \b
    Example:
      ecosystem coverage sample_graphs/camera.yaml
      ecosystem coverage sample_graphs/camera.yaml --customers --format json
    """
    from ..analyses.coverage import coverage, customer_coverage

    eco = read_source(source, connection_of(connection))
    rows: list[Any] = customer_coverage(eco, depth, focal) if customers else coverage(eco, depth, focal)
    click.echo(render_records(rows, output_format), nl=False)


@click.command()
@source_argument
@depth_option
@focal_option
@click.option("--max", "max_partners", type=click.IntRange(min=1), default=10, show_default=True, help="At most N picks.")
@format_option
@neo4j_options
@library_errors
def recommend(source: str, depth: int, focal: str | None, max_partners: int, output_format: str, **connection: Any) -> None:
    """Whom to partner with: greedy weighted set cover of gap severity; then what to build or find.

    CSV holds the picks; JSON holds picks and unfillable gaps.

    \b
    Example:
      ecosystem recommend sample_graphs/aero_engine.yaml --max 3
    """
    from ..analyses.recommend import recommend_partners

    result = recommend_partners(read_source(source, connection_of(connection)), depth, focal, max_partners)
    emit(
        output_format,
        [
            ("Partner with", list(result.picks), None),
            ("Build or find (no known organisation provides it)", list(result.unfillable), ["job", "capability", "severity"]),
        ],
        result,
    )


@click.command()
@source_argument
@click.option("--without", "without", multiple=True, metavar="ORG[,ORG]", help="Organisations that leave.")
@click.option("--with", "with_", multiple=True, metavar="ORG[,ORG]", help="Organisations that become direct partners.")
@depth_option
@focal_option
@format_option
@neo4j_options
@library_errors
def whatif(
    source: str, without: tuple[str, ...], with_: tuple[str, ...], depth: int, focal: str | None, output_format: str,
    **connection: Any,
) -> None:
    """What if organisations left (--without) or joined (--with): new gaps, coverage, opportunity at risk.

    CSV holds the coverage changes; JSON everything.

    \b
    Example:
      ecosystem whatif sample_graphs/camera.yaml --without fixright
      ecosystem whatif sample_graphs/camera.yaml --with gearlogix,astrovision
    """
    from ..analyses.whatif import what_if

    if not without and not with_:
        raise click.UsageError("say what changes: --without ORG and/or --with ORG")
    result = what_if(read_source(source, connection_of(connection)), parse_ids(without), parse_ids(with_), depth, focal)
    if output_format == "table":
        click.echo(f"Opportunity at risk: {result.opportunity_at_risk:g}; opportunity gained: {result.opportunity_gained:g}")
    emit(
        output_format,
        [
            ("Coverage changes", list(result.changes), None),
            ("New gaps", list(result.new_gaps), None),
            ("Closed gaps", list(result.closed_gaps), None),
        ],
        result,
    )


@click.command("risks")
@source_argument
@depth_option
@focal_option
@format_option
@neo4j_options
@library_errors
def risks_command(source: str, depth: int, focal: str | None, output_format: str, **connection: Any) -> None:
    """Single-sourced capabilities, and each organisation's opportunity at risk if it left.

    CSV holds the organisations; JSON everything.

    \b
    Example:
      ecosystem risks sample_graphs/aero_engine.yaml
    """
    from ..analyses.whatif import risks

    result = risks(read_source(source, connection_of(connection)), depth, focal)
    emit(
        output_format,
        [
            ("If it left", list(result.partners), None),
            ("Single-sourced capabilities", list(result.single_sourced), None),
        ],
        result,
    )


@click.command("explain")
@source_argument
@click.argument("job")
@depth_option
@focal_option
@format_option
@neo4j_options
@library_errors
def explain_command(source: str, job: str, depth: int, focal: str | None, output_format: str, **connection: Any) -> None:
    """How the ecosystem gets JOB done: each capability, who provides it, by what path, what is missing.

    \b
    Example:
      ecosystem explain sample_graphs/camera.yaml keep-gear-working
    """
    from ..analyses.explain import explain_job

    result = explain_job(read_source(source, connection_of(connection)), job, depth, focal)
    if output_format == "table":
        click.echo(result.sentence())
        click.echo(f"Opportunity {result.opportunity:g}; customers: {', '.join(result.customers) or 'none'}\n")
        rows = [
            {
                "capability": c.capability, "weight": c.weight, "status": c.status,
                "providers": c.providers, "path": " > ".join(c.path), "candidates": c.candidates,
            }
            for c in result.capabilities
        ]
        click.echo(render_records(rows, "table"), nl=False)
        return
    emit(output_format, [("", list(result.capabilities), None)], result)


@click.command("communities")
@source_argument
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the community detection.")
@format_option
@neo4j_options
@library_errors
def communities_command(source: str, seed: int, output_format: str, **connection: Any) -> None:
    """Communities of the partnership graph, the organisations bridging them, and internal silos.

    CSV holds the communities; JSON everything.

    \b
    Example:
      ecosystem communities sample_graphs/camera.yaml
    """
    from ..analyses.communities import communities

    result = communities(read_source(source, connection_of(connection)), seed=seed)
    emit(
        output_format,
        [
            ("Communities", list(result.communities), None),
            ("Bridges", list(result.bridges), None),
            ("Silos (units sharing no capability, integration or partner with their siblings)", list(result.silos), None),
        ],
        result,
    )


@click.command("cocreate")
@source_argument
@depth_option
@focal_option
@format_option
@neo4j_options
@library_errors
def cocreate_command(source: str, depth: int, focal: str | None, output_format: str, **connection: Any) -> None:
    """Innovator customers to co-create with first, by unmet opportunity, and around what.

    \b
    Example:
      ecosystem cocreate sample_graphs/camera.yaml
    """
    from ..analyses.cocreate import cocreation_targets

    rows = cocreation_targets(read_source(source, connection_of(connection)), depth, focal)
    click.echo(render_records(rows, output_format), nl=False)


@click.command("diff")
@click.argument("old", metavar="OLD")
@click.argument("new", metavar="NEW")
@depth_option
@format_option
@neo4j_options
@library_errors
def diff_command(old: str, new: str, depth: int, output_format: str, **connection: Any) -> None:
    """What changed from OLD to NEW: nodes, relationships, gaps, coverage, integrator ranks.

    CSV holds the structural changes; JSON everything.

    \b
    Example:
      ecosystem diff sample_graphs/camera.yaml camera-next-quarter.yaml
    """
    from ..analyses.diff import diff

    settings = connection_of(connection)
    result = diff(read_source(old, settings), read_source(new, settings), depth)
    emit(
        output_format,
        [
            ("Changes", list(result.changes), None),
            ("Gaps that moved", list(result.gaps), None),
            ("Coverage that moved", list(result.coverage), None),
            ("Integrator ranks that moved", list(result.integrators), None),
        ],
        result,
    )


def register(group: click.Group) -> None:
    """Add this module's commands to ``group``."""
    for command in (
        summary_command, integrators, gaps, coverage_command, recommend, whatif, risks_command,
        explain_command, communities_command, cocreate_command, diff_command,
    ):
        group.add_command(command)
