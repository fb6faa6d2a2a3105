"""The ``ecosystem`` command: a thin layer over the library.

Each command opens a store, calls one library function and prints.  Library
errors become ``Error: ...`` on stderr with exit status 1; records go to
stdout as an aligned table, JSON or CSV (``--format``), with nothing else on
stdout so that JSON and CSV can be piped.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import click

from .. import __version__
from ..model.errors import EcosystemError
from ..formats.files import FORMATS, format_of
from ..model.graph import Ecosystem
from ..formats.records import OUTPUT_FORMATS, as_plain, render_json, render_records
from ..analyses.stats import summarize
from ..analyses.brief import brief
from ..analyses.cocreate import cocreation_targets
from ..analyses.communities import communities
from ..analyses.coverage import coverage, customer_coverage
from ..analyses.diff import diff
from ..analyses.explain import explain_job
from ..analyses.gaps import capability_gaps, gap_totals
from ..analyses.integrators import central_integrators
from ..analyses.named_queries import QueryError, catalogue, run_named_query
from ..analyses.recommend import recommend_partners
from ..analyses.scope import MAX_DEPTH
from ..analyses.whatif import risks, what_if
from ..stores.base import is_neo4j_uri, load, open_store, save

F = TypeVar("F", bound=Callable[..., Any])


def _library_errors(func: F) -> F:
    """Turn library errors into ``click.ClickException`` (``Error: ...``, exit 1)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except EcosystemError as exc:
            raise click.ClickException(str(exc)) from None
        except BrokenPipeError:
            raise
        except OSError as exc:
            name = f" {exc.filename}" if getattr(exc, "filename", None) else ""
            raise click.ClickException(f"cannot access{name}: {exc.strerror or exc}") from None

    return wrapper  # type: ignore[return-value]


@contextmanager
def _progress(label: str) -> Iterator[Callable[[int], None] | None]:
    """A row counter on stderr when it is a terminal; nothing when piped."""
    if not sys.stderr.isatty():
        yield None
        return
    shown = False

    def update(count: int) -> None:
        nonlocal shown
        shown = True
        click.echo(f"\r{label}: {count:,} rows", nl=False, err=True)

    try:
        yield update
    finally:
        if shown:
            click.echo("", err=True)


def neo4j_options(func: F) -> F:
    """``--user/--password/--database/--ecosystem`` for commands that may read Neo4j."""
    options = [
        click.option("--user", default=None, help="Neo4j user (default: $NEO4J_USERNAME, else neo4j)."),
        click.option(
            "--password", default=None, help="Neo4j password (default: $NEO4J_PASSWORD; prefer the variable)."
        ),
        click.option("--database", default=None, help="Neo4j database (default: $NEO4J_DATABASE, else the server's)."),
        click.option("--ecosystem", "ecosystem_name", default=None, help="Which ecosystem, when a database holds several."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _neo4j(kwargs: dict[str, Any]) -> dict[str, Any]:
    return {
        "user": kwargs.pop("user", None),
        "password": kwargs.pop("password", None),
        "database": kwargs.pop("database", None),
        "ecosystem": kwargs.pop("ecosystem_name", None),
    }


def _read(source: str, connection: dict[str, Any] | None = None) -> Ecosystem:
    with _progress(f"Reading {source}") as progress:
        return load(source, progress, **(connection or {}))


format_option = click.option(
    "--format",
    "output_format",
    type=click.Choice(OUTPUT_FORMATS),
    default="table",
    show_default=True,
    help="table for people; json or csv for pipes (nothing else is printed on stdout).",
)
source_argument = click.argument("source", metavar="SOURCE")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ecosystem")
def main() -> None:
    """Map a business ecosystem as a graph and see what to do about it.

    SOURCE is a YAML or JSON file, a CSV folder (nodes.csv,
    relationships.csv), or a Neo4j URI.

    \b
    Example:
      ecosystem stats sample_graphs/camera.yaml
    """


@main.command()
@source_argument
@neo4j_options
@_library_errors
def validate(source: str, **connection: Any) -> None:
    """Check SOURCE against the model and report every problem at once.

    \b
    Example:
      ecosystem validate sample_graphs/camera.yaml
    """
    eco = _read(source, _neo4j(connection))
    click.echo(
        f"{source} is valid: {len(eco)} nodes, {eco.graph.number_of_edges()} relationships, "
        f"focal firm {eco.focal!r}"
    )


@main.command()
@source_argument
@format_option
@neo4j_options
@_library_errors
def stats(source: str, output_format: str, **connection: Any) -> None:
    """Counts by type, the focal firm's partners and loose ends of SOURCE.

    \b
    Example:
      ecosystem stats sample_graphs/camera.yaml
      ecosystem stats sample_graphs/camera.yaml --format json
    """
    summary = summarize(_read(source, _neo4j(connection)))
    if output_format == "json":
        click.echo(render_json(summary), nl=False)
        return
    if output_format == "csv":
        rows = [{"section": "nodes", "key": k, "value": v} for k, v in summary.nodes.items()]
        rows += [{"section": "relationships", "key": k, "value": v} for k, v in summary.relationships.items()]
        rows += [{"section": "partner", "key": p.id, "value": p.name} for p in summary.partners]
        for section in ("orphans", "unprovided", "unrequired", "unowned_jobs"):
            rows += [{"section": section, "key": i, "value": ""} for i in getattr(summary, section)]
        click.echo(render_records(rows, "csv"), nl=False)
        return
    _print_summary(summary)


def _print_summary(summary: Any) -> None:
    click.echo(f"Ecosystem: {summary.ecosystem}")
    click.echo(f"Focal firm: {summary.focal_name} ({summary.focal})")
    click.echo(
        f"{summary.node_total} nodes: "
        + ", ".join(f"{count} {kind}" for kind, count in summary.nodes.items())
    )
    click.echo(
        f"{summary.relationship_total} relationships: "
        + ", ".join(f"{count} {kind}" for kind, count in summary.relationships.items() if count)
    )
    click.echo("")
    click.echo(f"The focal firm's partners ({len(summary.partners)}):")
    if summary.partners:
        click.echo(render_records(summary.partners, "table", ["id", "name", "type", "kind", "provides"]), nl=False)
    units = ", ".join(summary.units) or "none"
    click.echo(f"\nIts units: {units}")
    click.echo(f"Customers it serves: {', '.join(summary.customers_served) or 'none'}")
    for label, ids in (
        ("Capabilities nobody provides", summary.unprovided),
        ("Jobs that require nothing", summary.unrequired),
        ("Jobs no customer has", summary.unowned_jobs),
        ("Nodes with no relationship", summary.orphans),
    ):
        shown = ", ".join(ids[:20]) + (f" ... (+{len(ids) - 20} more)" if len(ids) > 20 else "")
        click.echo(f"{label} ({len(ids)}): {shown or 'none'}")


to_option = click.option(
    "--to",
    "to_format",
    type=click.Choice(FORMATS),
    default=None,
    help="Output format; by default from OUT's extension (.yaml/.yml, .json; a folder for csv).",
)


@main.command()
@source_argument
@click.argument("out", metavar="OUT", type=click.Path(dir_okay=True, file_okay=True))
@to_option
@neo4j_options
@_library_errors
def convert(source: str, out: str, to_format: str | None, **connection: Any) -> None:
    """Convert SOURCE to OUT (YAML, JSON or a CSV folder); loses nothing.

    \b
    Example:
      ecosystem convert sample_graphs/camera.yaml camera.json
      ecosystem convert sample_graphs/camera.yaml camera_csv --to csv
    """
    kind = format_of(out, to_format)
    eco = _read(source, _neo4j(connection))
    save(eco, out, kind)
    click.echo(f"Wrote {out} ({kind}): {len(eco)} nodes, {eco.graph.number_of_edges()} relationships", err=True)


@main.command("import-landscape")
@click.argument("landscape", metavar="LANDSCAPE.yml", type=click.Path(dir_okay=False))
@click.argument("out", metavar="OUT", type=click.Path())
@click.option("--foundation", default=None, help="Crunchbase slug or URL of the focal foundation (default: the owner of most projects).")
@to_option
@_library_errors
def import_landscape(landscape: str, out: str, foundation: str | None, to_format: str | None) -> None:
    """Import a Linux Foundation / CNCF landscape.yml as an ecosystem.

    Organisations provide the capabilities named by their items'
    subcategories; categories become jobs requiring their subcategories; the
    foundation is the focal firm and its members are its partners.

    \b
    Example:
      ecosystem import-landscape ../shared/datasets/cncf-landscape.yml cncf.yaml
    """
    from ..formats.landscape import import_landscape_report

    kind = format_of(out, to_format)
    eco, report = import_landscape_report(landscape, foundation)
    save(eco, out, kind)
    details = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in as_plain(report).items())
    click.echo(f"Wrote {out} ({kind}): {len(eco)} nodes, {eco.graph.number_of_edges()} relationships; {details}", err=True)


@main.command()
@click.argument("out", metavar="OUT", type=click.Path())
@click.option("--orgs", type=click.IntRange(min=1), default=200, show_default=True, help="Organisations (firms and partners).")
@click.option("--customers", type=click.IntRange(min=0), default=100, show_default=True, help="Customers (segments).")
@click.option("--jobs", type=click.IntRange(min=0), default=300, show_default=True, help="Jobs-to-be-done.")
@click.option("--capabilities", type=click.IntRange(min=0), default=400, show_default=True, help="Capabilities.")
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed: same seed, same file.")
@to_option
@_library_errors
def generate(out: str, orgs: int, customers: int, jobs: int, capabilities: int, seed: int, to_format: str | None) -> None:
    """Write a synthetic ecosystem of a realistic shape to OUT (for tests and benchmarks).

    \b
    Example:
      ecosystem generate big.json --orgs 20000 --customers 10000 --jobs 30000 --capabilities 40000 --seed 1
    """
    from ..formats.generate import generate as generate_ecosystem

    kind = format_of(out, to_format)
    eco = generate_ecosystem(orgs, customers, jobs, capabilities, seed=seed)
    save(eco, out, kind)
    click.echo(f"Wrote {out} ({kind}): {len(eco)} nodes, {eco.graph.number_of_edges()} relationships", err=True)


def run() -> None:
    """The console entry point: ``main`` plus a quiet exit when stdout is closed (``| head``)."""
    import os

    try:
        main()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)


# -- analyses ----------------------------------------------------------------
depth_option = click.option(
    "--depth", type=click.IntRange(0, MAX_DEPTH), default=1, show_default=True,
    help="Partnership hops from the focal firm that count as its ecosystem.",
)
focal_option = click.option("--focal", default=None, help="Put another firm at the centre (default: the file's focal firm).")


def _emit(output_format: str, sections: list[tuple[str, list[Any], list[str] | None]], whole: Any) -> None:
    """Print an analysis: its sections as tables, the whole as JSON, or the first section as CSV."""
    if output_format == "json":
        click.echo(render_json(whole), nl=False)
        return
    if output_format == "csv":
        _, rows, columns = sections[0]
        click.echo(render_records(rows, "csv", columns), nl=False)
        return
    for index, (title, rows, columns) in enumerate(sections):
        if title:
            click.echo(("\n" if index else "") + f"{title} ({len(rows)}):")
        if rows:
            click.echo(render_records(rows, "table", columns), nl=False)


@main.command()
@source_argument
@click.option("--top", type=click.IntRange(min=1), default=None, help="Only the first N.")
@format_option
@neo4j_options
@_library_errors
def integrators(source: str, top: int | None, output_format: str, **connection: Any) -> None:
    """Central integrators: organisations by integrator score, with its components and why.

    Score = mean of betweenness (whole graph), brokerage (Burt's effective
    size among partners) and integration reach (opportunity of the jobs it
    could fully cover with its direct partners), each scaled to 0..1.

    \b
    Example:
      ecosystem integrators sample_graphs/aero_engine.yaml --top 5
    """
    rows = central_integrators(_read(source, _neo4j(connection)), top=top)
    columns = ["id", "name", "type", "score", "betweenness", "brokerage", "reach"]
    if output_format == "table":
        click.echo(render_records(rows, "table", columns), nl=False)
        click.echo("")
        for row in rows:
            click.echo(f"- {row.explanation}")
        return
    click.echo(render_records(rows, output_format), nl=False)


@main.command()
@source_argument
@depth_option
@focal_option
@click.option("--totals", is_flag=True, help="Per missing capability instead of per (job, capability).")
@format_option
@neo4j_options
@_library_errors
def gaps(source: str, depth: int, focal: str | None, totals: bool, output_format: str, **connection: Any) -> None:
    """Capability gaps: required capabilities nobody in the ecosystem provides, by severity.

    Severity = opportunity of the job x requirement weight; candidates are
    outside organisations that provide the capability, best first.

    \b
    Example:
      ecosystem gaps sample_graphs/camera.yaml
      ecosystem gaps sample_graphs/camera.yaml --depth 2 --totals
    """
    eco = _read(source, _neo4j(connection))
    found = capability_gaps(eco, depth, focal)
    if totals:
        click.echo(render_records(gap_totals(eco, found), output_format), nl=False)
    else:
        click.echo(render_records(found, output_format), nl=False)


@main.command("summary")
@source_argument
@click.option("--top", type=click.IntRange(min=1), default=5, show_default=True, help="How many integrators and gaps.")
@depth_option
@format_option
@neo4j_options
@_library_errors
def summary_command(source: str, top: int, depth: int, output_format: str, **connection: Any) -> None:
    """The brief: the ecosystem's summary, its top integrators and its top capability gaps.

    CSV holds the gaps; JSON everything.

    \b
    Example:
      ecosystem summary sample_graphs/camera.yaml
    """
    result = brief(_read(source, _neo4j(connection)), top, depth)
    if output_format != "table":
        _emit(output_format, [("", list(result.gaps), None)], result)
        return
    _print_summary(result.summary)
    click.echo(f"\nTop integrators ({len(result.integrators)}):")
    click.echo(render_records(result.integrators, "table", ["id", "name", "score", "betweenness", "brokerage", "reach"]), nl=False)
    for row in result.integrators[:3]:
        click.echo(f"- {row.explanation}")
    click.echo(f"\nTop capability gaps at depth {depth} ({len(result.gaps)}):")
    if result.gaps:
        click.echo(render_records(result.gaps, "table"), nl=False)


@main.command("coverage")
@source_argument
@depth_option
@focal_option
@click.option("--customers", is_flag=True, help="Per customer: the share of its opportunity that is covered.")
@format_option
@neo4j_options
@_library_errors
def coverage_command(source: str, depth: int, focal: str | None, customers: bool, output_format: str, **connection: Any) -> None:
    """Coverage per job (in-house, partner, gaps) or per customer (--customers).

    \b
    Example:
      ecosystem coverage sample_graphs/camera.yaml
      ecosystem coverage sample_graphs/camera.yaml --customers --format json
    """
    eco = _read(source, _neo4j(connection))
    rows: list[Any] = customer_coverage(eco, depth, focal) if customers else coverage(eco, depth, focal)
    click.echo(render_records(rows, output_format), nl=False)


@main.command()
@source_argument
@depth_option
@focal_option
@click.option("--max", "max_partners", type=click.IntRange(min=1), default=10, show_default=True, help="At most N picks.")
@format_option
@neo4j_options
@_library_errors
def recommend(source: str, depth: int, focal: str | None, max_partners: int, output_format: str, **connection: Any) -> None:
    """Whom to partner with: greedy weighted set cover of gap severity; then what to build or find.

    CSV holds the picks; JSON holds picks and unfillable gaps.

    \b
    Example:
      ecosystem recommend sample_graphs/aero_engine.yaml --max 3
    """
    result = recommend_partners(_read(source, _neo4j(connection)), depth, focal, max_partners)
    _emit(
        output_format,
        [
            ("Partner with", list(result.picks), None),
            ("Build or find (no known organisation provides it)", list(result.unfillable), ["job", "capability", "severity"]),
        ],
        result,
    )


def _ids(values: tuple[str, ...]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


@main.command()
@source_argument
@click.option("--without", "without", multiple=True, metavar="ORG[,ORG]", help="Organisations that leave.")
@click.option("--with", "with_", multiple=True, metavar="ORG[,ORG]", help="Organisations that become direct partners.")
@depth_option
@focal_option
@format_option
@neo4j_options
@_library_errors
def whatif(source: str, without: tuple[str, ...], with_: tuple[str, ...], depth: int, focal: str | None, output_format: str, **connection: Any) -> None:
    """What if organisations left (--without) or joined (--with): new gaps, coverage, opportunity at risk.

    CSV holds the coverage changes; JSON everything.

    \b
    Example:
      ecosystem whatif sample_graphs/camera.yaml --without fixright
      ecosystem whatif sample_graphs/camera.yaml --with gearlogix,astrovision
    """
    if not without and not with_:
        raise click.UsageError("say what changes: --without ORG and/or --with ORG")
    result = what_if(_read(source, _neo4j(connection)), _ids(without), _ids(with_), depth, focal)
    if output_format == "table":
        click.echo(f"Opportunity at risk: {result.opportunity_at_risk:g}; opportunity gained: {result.opportunity_gained:g}")
    _emit(
        output_format,
        [
            ("Coverage changes", list(result.changes), None),
            ("New gaps", list(result.new_gaps), None),
            ("Closed gaps", list(result.closed_gaps), None),
        ],
        result,
    )


@main.command("risks")
@source_argument
@depth_option
@focal_option
@format_option
@neo4j_options
@_library_errors
def risks_command(source: str, depth: int, focal: str | None, output_format: str, **connection: Any) -> None:
    """Single-sourced capabilities, and each organisation's opportunity at risk if it left.

    CSV holds the organisations; JSON everything.

    \b
    Example:
      ecosystem risks sample_graphs/aero_engine.yaml
    """
    result = risks(_read(source, _neo4j(connection)), depth, focal)
    _emit(
        output_format,
        [
            ("If it left", list(result.partners), None),
            ("Single-sourced capabilities", list(result.single_sourced), None),
        ],
        result,
    )


@main.command("explain")
@source_argument
@click.argument("job")
@depth_option
@focal_option
@format_option
@neo4j_options
@_library_errors
def explain_command(source: str, job: str, depth: int, focal: str | None, output_format: str, **connection: Any) -> None:
    """How the ecosystem gets JOB done: each capability, who provides it, by what path, what is missing.

    \b
    Example:
      ecosystem explain sample_graphs/camera.yaml keep-gear-working
    """
    result = explain_job(_read(source, _neo4j(connection)), job, depth, focal)
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
    _emit(output_format, [("", list(result.capabilities), None)], result)


@main.command("communities")
@source_argument
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the community detection.")
@format_option
@neo4j_options
@_library_errors
def communities_command(source: str, seed: int, output_format: str, **connection: Any) -> None:
    """Communities of the partnership graph, the organisations bridging them, and internal silos.

    CSV holds the communities; JSON everything.

    \b
    Example:
      ecosystem communities sample_graphs/camera.yaml
    """
    result = communities(_read(source, _neo4j(connection)), seed=seed)
    _emit(
        output_format,
        [
            ("Communities", list(result.communities), None),
            ("Bridges", list(result.bridges), None),
            ("Silos (units sharing no capability, integration or partner with their siblings)", list(result.silos), None),
        ],
        result,
    )


@main.command("cocreate")
@source_argument
@depth_option
@focal_option
@format_option
@neo4j_options
@_library_errors
def cocreate_command(source: str, depth: int, focal: str | None, output_format: str, **connection: Any) -> None:
    """Innovator customers to co-create with first, by unmet opportunity, and around what.

    \b
    Example:
      ecosystem cocreate sample_graphs/camera.yaml
    """
    rows = cocreation_targets(_read(source, _neo4j(connection)), depth, focal)
    click.echo(render_records(rows, output_format), nl=False)


@main.command("diff")
@click.argument("old", metavar="OLD")
@click.argument("new", metavar="NEW")
@depth_option
@format_option
@neo4j_options
@_library_errors
def diff_command(old: str, new: str, depth: int, output_format: str, **connection: Any) -> None:
    """What changed from OLD to NEW: nodes, relationships, gaps, coverage, integrator ranks.

    CSV holds the structural changes; JSON everything.

    \b
    Example:
      ecosystem diff sample_graphs/camera.yaml camera-next-quarter.yaml
    """
    settings = _neo4j(connection)
    result = diff(_read(old, settings), _read(new, settings), depth)
    _emit(
        output_format,
        [
            ("Changes", list(result.changes), None),
            ("Gaps that moved", list(result.gaps), None),
            ("Coverage that moved", list(result.coverage), None),
            ("Integrator ranks that moved", list(result.integrators), None),
        ],
        result,
    )


# -- Neo4j -------------------------------------------------------------------
def _neo4j_store(uri: str | None, connection: dict[str, Any], **options: Any) -> Any:
    from ..stores.neo4j import Neo4jStore

    if uri is not None and not is_neo4j_uri(uri):
        raise click.ClickException(f"{uri!r} is not a Neo4j URI (bolt://, neo4j://, neo4j+s://...)")
    return Neo4jStore(uri, **connection, **options)


uri_argument = click.argument("uri", metavar="NEO4J_URI", required=False)


@main.group()
def neo4j() -> None:
    """Manage the Neo4j database that holds a team's ecosystems.

    NEO4J_URI defaults to $NEO4J_URI; credentials come from $NEO4J_USERNAME
    and $NEO4J_PASSWORD (or --user/--password) and are never printed.

    \b
    Example:
      ecosystem neo4j init neo4j://localhost:7687
    """


@neo4j.command("init")
@uri_argument
@neo4j_options
@_library_errors
def neo4j_init(uri: str | None, **connection: Any) -> None:
    """Create the constraints and indexes (idempotent: safe to run again).

    \b
    Example:
      ecosystem neo4j init neo4j://localhost:7687
    """
    with _neo4j_store(uri, _neo4j(connection)) as store:
        statements = store.init_schema()
    click.echo(f"Schema ready on {store.uri}: {len(statements)} constraints and indexes", err=True)


@neo4j.command("ecosystems")
@uri_argument
@format_option
@neo4j_options
@_library_errors
def neo4j_ecosystems(uri: str | None, output_format: str, **connection: Any) -> None:
    """List the ecosystems stored in a Neo4j database.

    \b
    Example:
      ecosystem neo4j ecosystems neo4j://localhost:7687 --format json
    """
    with _neo4j_store(uri, _neo4j(connection)) as store:
        rows = store.ecosystems()
    click.echo(render_records(rows, output_format, ["name", "focal", "status", "nodes", "relationships"]), nl=False)


@main.command("load")
@source_argument
@click.argument("uri", metavar="NEO4J_URI", required=False)
@click.option("--replace", is_flag=True, help="Also remove what SOURCE no longer has (this ecosystem only).")
@click.option("--batch-size", type=click.IntRange(min=1), default=5000, show_default=True, help="Rows per transaction.")
@neo4j_options
@_library_errors
def load_command(source: str, uri: str | None, replace: bool, batch_size: int, **connection: Any) -> None:
    """Load SOURCE into Neo4j (NEO4J_URI, default $NEO4J_URI); loading twice changes nothing.

    Nodes and relationships are merged by id in batched, idempotent
    transactions, tagged with the ecosystem's name so several ecosystems can
    share a database.  If a load stops part-way, it says what was written,
    and re-running it completes it.

    \b
    Example:
      ecosystem load sample_graphs/camera.yaml neo4j://localhost:7687
      ecosystem load sample_graphs/camera.yaml --replace
    """
    settings = _neo4j(connection)
    settings.pop("ecosystem")
    eco = _read(source)
    with _neo4j_store(uri, settings, batch_size=batch_size) as store:
        if sys.stderr.isatty():
            with click.progressbar(length=len(eco) + eco.graph.number_of_edges(), label="Loading", file=sys.stderr) as bar:
                done = [0]

                def progress(count: int, total: int) -> None:
                    bar.update(count - done[0])
                    done[0] = count

                report = store.write(eco, replace=replace, progress=progress)
        else:
            report = store.write(eco, replace=replace)
    removed = (
        f"; removed {report.nodes_removed} nodes and {report.relationships_removed} relationships no longer in {source}"
        if replace
        else ""
    )
    click.echo(
        f"Loaded {report.ecosystem!r} into {store.uri}: {report.nodes} nodes, {report.relationships} relationships "
        f"in {report.batches} batches, {report.seconds:.1f} s{removed}",
        err=True,
    )


@main.command("queries")
@format_option
@_library_errors
def queries_command(output_format: str) -> None:
    """List the named queries and their parameters.

    \b
    Example:
      ecosystem queries
    """
    rows = [
        {
            "name": q.name,
            "parameters": [
                f"{p.name}:{p.type}" + ("" if p.required else f"={'null' if p.default is None else p.default}")
                for p in q.parameters
            ],
            "description": q.description,
        }
        for q in catalogue().values()
    ]
    click.echo(render_records(rows, output_format, max_width=120), nl=False)


def _params(query_params: tuple[str, ...]) -> dict[str, str]:
    values: dict[str, str] = {}
    for item in query_params:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"expected key=value, got {item!r}", param_hint="--param")
        values[key.strip()] = value
    return values


param_option = click.option("--param", "query_params", multiple=True, metavar="KEY=VALUE", help="A query parameter (repeatable).")


@main.command("query")
@click.argument("name")
@source_argument
@param_option
@format_option
@neo4j_options
@_library_errors
def query_command(name: str, source: str, query_params: tuple[str, ...], output_format: str, **connection: Any) -> None:
    """Run the named query NAME on SOURCE (Neo4j, or a file through its Python counterpart).

    \b
    Example:
      ecosystem query capability-providers sample_graphs/camera.yaml --param capability=repair-network
      ecosystem query capability-gaps neo4j://localhost:7687 --param depth=2 --format json
    """
    queries = catalogue()
    if name not in queries:
        raise QueryError(f"no named query {name!r}; `ecosystem queries` lists them: {', '.join(queries)}")
    spec = {p.name: p for p in queries[name].parameters}
    values: dict[str, Any] = {}
    for key, text in _params(query_params).items():
        values[key] = spec[key].parse(text) if key in spec else text
    with open_store(source, **_neo4j(connection)) as store:
        rows = run_named_query(store, name, values)
    click.echo(render_records(rows, output_format), nl=False)


@main.command("cypher")
@source_argument
@click.argument("query")
@param_option
@click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True, help="Seconds before the server stops the query.")
@format_option
@neo4j_options
@_library_errors
def cypher_command(source: str, query: str, query_params: tuple[str, ...], timeout: float, output_format: str, **connection: Any) -> None:
    """Run an ad-hoc read-only Cypher QUERY on a Neo4j SOURCE.

    The server classifies the query first (EXPLAIN) and anything but a read
    is refused; it then runs in a read transaction with a timeout.
    Parameters (--param key=value) are passed as strings; $ecosystem is set.

    \b
    Example:
      ecosystem cypher neo4j://localhost:7687 'MATCH (p:Partner {ecosystem: $ecosystem}) RETURN p.name AS name LIMIT 5'
    """
    if not is_neo4j_uri(source):
        raise click.ClickException("ad-hoc Cypher needs a Neo4j SOURCE; for files use `ecosystem query`")
    from ..stores.neo4j import run_cypher

    settings = _neo4j(connection)
    with _neo4j_store(source, settings) as store:
        rows = run_cypher(store, query, _params(query_params), timeout)
    click.echo(render_records(rows, output_format), nl=False)


from . import maps as cli_maps  # noqa: E402  (registers `map` and `review` on the group)

cli_maps.register(main)

if __name__ == "__main__":  # pragma: no cover
    run()
