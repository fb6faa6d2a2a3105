"""The named-query commands: ``queries`` (the catalogue) and ``query`` (run one, on a file or Neo4j)."""

from __future__ import annotations

from typing import Any

import click

from ..formats.records import render_records
from .options import (
    connection_of,
    format_option,
    library_errors,
    neo4j_options,
    param_option,
    parse_params,
    source_argument,
)

__all__ = ["queries_command", "query_command", "register"]


@click.command("queries")
@format_option
@library_errors
def queries_command(output_format: str) -> None:
    """List the named queries and their parameters.

    \b
    Example:
      ecosystem queries
    """
    from ..stores.catalogue import catalogue

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


@click.command("query")
@click.argument("name")
@source_argument
@param_option
@format_option
@neo4j_options
@library_errors
def query_command(name: str, source: str, query_params: tuple[str, ...], output_format: str, **connection: Any) -> None:
    """Run the named query NAME on SOURCE (Neo4j, or a file through its Python counterpart).

    \b
    Example:
      ecosystem query capability-providers sample_graphs/camera.yaml --param capability=repair-network
      ecosystem query capability-gaps neo4j://localhost:7687 --param depth=2 --format json
    """
    from ..analyses.named_queries import run_named_query
    from ..stores.base import open_store
    from ..stores.catalogue import QueryError, catalogue

    queries = catalogue()
    if name not in queries:
        raise QueryError(f"no named query {name!r}; `ecosystem queries` lists them: {', '.join(queries)}")
    spec = {p.name: p for p in queries[name].parameters}
    values: dict[str, Any] = {}
    for key, text in parse_params(query_params).items():
        values[key] = spec[key].parse(text) if key in spec else text
    with open_store(source, **connection_of(connection)) as store:
        rows = run_named_query(store, name, values)
    click.echo(render_records(rows, output_format), nl=False)


def register(group: click.Group) -> None:
    """Add this module's commands to ``group``."""
    for command in (queries_command, query_command):
        group.add_command(command)
