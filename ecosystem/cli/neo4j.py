"""The Neo4j commands: ``load``, ``neo4j init``, ``neo4j ecosystems`` and ``cypher``.

The Neo4j driver is imported inside the commands (through ``ecosystem.stores.neo4j``), so the
other commands never load it.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import click

from ..formats.records import render_records
from ..stores.base import is_neo4j_uri
from .options import (
    connection_of,
    format_option,
    library_errors,
    neo4j_options,
    param_option,
    parse_params,
    read_source,
    source_argument,
    uri_argument,
)

if TYPE_CHECKING:
    from ..stores.neo4j import Neo4jStore

__all__ = ["neo4j", "neo4j_init", "neo4j_ecosystems", "load_command", "cypher_command", "register"]


def _neo4j_store(uri: str | None, connection: dict[str, Any], **options: Any) -> Neo4jStore:
    """A Neo4j store at ``uri`` (default ``$NEO4J_URI``); a URI of another kind is a usage error."""
    from ..stores.neo4j import Neo4jStore

    if uri is not None and not is_neo4j_uri(uri):
        raise click.ClickException(f"{uri!r} is not a Neo4j URI (bolt://, neo4j://, neo4j+s://...)")
    return Neo4jStore(uri, **connection, **options)


@click.group()
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
@library_errors
def neo4j_init(uri: str | None, **connection: Any) -> None:
    """Create the constraints and indexes (idempotent: safe to run again).

    \b
    Example:
      ecosystem neo4j init neo4j://localhost:7687
    """
    with _neo4j_store(uri, connection_of(connection)) as store:
        statements = store.init_schema()
    click.echo(f"Schema ready on {store.uri}: {len(statements)} constraints and indexes", err=True)


@neo4j.command("ecosystems")
@uri_argument
@format_option
@neo4j_options
@library_errors
def neo4j_ecosystems(uri: str | None, output_format: str, **connection: Any) -> None:
    """List the ecosystems stored in a Neo4j database.

    \b
    Example:
      ecosystem neo4j ecosystems neo4j://localhost:7687 --format json
    """
    with _neo4j_store(uri, connection_of(connection)) as store:
        rows = store.ecosystems()
    click.echo(render_records(rows, output_format, ["name", "focal", "status", "nodes", "relationships"]), nl=False)


@click.command("load")
@source_argument
@click.argument("uri", metavar="NEO4J_URI", required=False)
@click.option("--replace", is_flag=True, help="Also remove what SOURCE no longer has (this ecosystem only).")
@click.option("--batch-size", type=click.IntRange(min=1), default=5000, show_default=True, help="Rows per transaction.")
@neo4j_options
@library_errors
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
    settings = connection_of(connection)
    settings.pop("ecosystem")
    eco = read_source(source)
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


@click.command("cypher")
@source_argument
@click.argument("query")
@param_option
@click.option(
    "--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True,
    help="Seconds before the server stops the query.",
)
@format_option
@neo4j_options
@library_errors
def cypher_command(
    source: str, query: str, query_params: tuple[str, ...], timeout: float, output_format: str, **connection: Any
) -> None:
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

    settings = connection_of(connection)
    with _neo4j_store(source, settings) as store:
        rows = run_cypher(store, query, parse_params(query_params), timeout)
    click.echo(render_records(rows, output_format), nl=False)


def register(group: click.Group) -> None:
    """Add this module's commands to ``group``."""
    for command in (neo4j, load_command, cypher_command):
        group.add_command(command)
