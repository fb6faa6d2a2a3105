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
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__
from .errors import EcosystemError
from .files import FORMATS, format_of
from .model import Ecosystem
from .output import OUTPUT_FORMATS, as_plain, render_json, render_records
from .stats import summarize
from .queries import QueryError, catalogue, run_named_query
from .store import is_neo4j_uri, load, open_store, save

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
    from .landscape import import_landscape_report

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
    from .generate import generate as generate_ecosystem

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


# -- Neo4j -------------------------------------------------------------------
def _neo4j_store(uri: str | None, connection: dict[str, Any], **options: Any) -> Any:
    from .neo4j_store import Neo4jStore

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
    from .neo4j_store import run_cypher

    settings = _neo4j(connection)
    with _neo4j_store(source, settings) as store:
        rows = run_cypher(store, query, _params(query_params), timeout)
    click.echo(render_records(rows, output_format), nl=False)


if __name__ == "__main__":  # pragma: no cover
    run()
