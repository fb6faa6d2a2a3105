"""What every command shares: its arguments and options, reading SOURCE, errors and printing.

The command modules (``analyses``, ``files``, ``pages``, ``neo4j``, ``queries``) import from
here and from nothing else in the CLI, so there is no cycle; ``main`` imports them all.

This module loads only light modules (click, the model, the file formats and the embedded
store): the heavy ones (igraph, numpy, matplotlib, pyvis, the Neo4j driver) are imported
inside the command functions that need them, so ``ecosystem validate`` starts fast.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ..analyses.scope import MAX_DEPTH
from ..formats.files import FORMATS
from ..formats.records import OUTPUT_FORMATS, render_json, render_records
from ..model.errors import EcosystemError
from ..model.graph import Ecosystem
from ..stores.base import load

if TYPE_CHECKING:
    from ..analyses.stats import Statistics

__all__ = [
    "library_errors",
    "source_argument",
    "uri_argument",
    "neo4j_options",
    "connection_of",
    "read_source",
    "format_option",
    "to_option",
    "depth_option",
    "focal_option",
    "param_option",
    "parse_ids",
    "parse_params",
    "emit",
    "print_statistics",
]

F = TypeVar("F", bound=Callable[..., Any])


def library_errors(func: F) -> F:
    """Turn library errors into ``click.ClickException`` (``Error: ...`` on stderr, exit 1).

    An :class:`~ecosystem.model.errors.EcosystemError` keeps its message (file, line, value,
    what was expected); an ``OSError`` says which file it could not access.  A closed stdout
    (``| head``) is left to :func:`ecosystem.cli.main.run`.
    """

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


# -- arguments and options ---------------------------------------------------
source_argument = click.argument("source", metavar="SOURCE")
uri_argument = click.argument("uri", metavar="NEO4J_URI", required=False)


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


def connection_of(options: dict[str, Any]) -> dict[str, Any]:
    """Take the :func:`neo4j_options` out of a command's keyword arguments, named as
    :func:`ecosystem.load` and :func:`ecosystem.open_store` want them.

    >>> connection_of({"user": "ada", "password": None, "database": None, "ecosystem_name": "cam"})
    {'user': 'ada', 'password': None, 'database': None, 'ecosystem': 'cam'}
    """
    return {
        "user": options.pop("user", None),
        "password": options.pop("password", None),
        "database": options.pop("database", None),
        "ecosystem": options.pop("ecosystem_name", None),
    }


def read_source(source: str, connection: dict[str, Any] | None = None) -> Ecosystem:
    """Read SOURCE (a file, a CSV folder or a Neo4j URI), counting rows on a terminal's stderr.

    >>> read_source("sample_graphs/camera.yaml").focal
    'lumen'
    """
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

to_option = click.option(
    "--to",
    "to_format",
    type=click.Choice(FORMATS),
    default=None,
    help="Output format; by default from OUT's extension (.yaml/.yml, .json; a folder for csv).",
)

depth_option = click.option(
    "--depth", type=click.IntRange(0, MAX_DEPTH), default=1, show_default=True,
    help="Partnership hops from the focal firm that count as its ecosystem.",
)

focal_option = click.option("--focal", default=None, help="Put another firm at the centre (default: the file's focal firm).")

param_option = click.option(
    "--param", "query_params", multiple=True, metavar="KEY=VALUE", help="A query parameter (repeatable)."
)


def parse_ids(values: Sequence[str]) -> list[str]:
    """The ids of a repeatable ``ORG[,ORG]`` option, in order.

    >>> parse_ids(("fixright", "gearlogix, astrovision", ""))
    ['fixright', 'gearlogix', 'astrovision']
    """
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def parse_params(query_params: Sequence[str]) -> dict[str, str]:
    """The ``--param key=value`` pairs as a dict (the last value of a key wins).

    >>> parse_params(("depth=2", "capability=a=b"))
    {'depth': '2', 'capability': 'a=b'}
    """
    values: dict[str, str] = {}
    for item in query_params:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"expected key=value, got {item!r}", param_hint="--param")
        values[key.strip()] = value
    return values


# -- printing ----------------------------------------------------------------
def emit(output_format: str, sections: list[tuple[str, list[Any], list[str] | None]], whole: Any) -> None:
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


def print_statistics(summary: Statistics) -> None:
    """Print an ecosystem's statistics (``stats``, and the top of ``summary``) for people."""
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
