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
from .store import load, save

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


def _read(source: str) -> Ecosystem:
    with _progress(f"Reading {source}") as progress:
        return load(source, progress)


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
@_library_errors
def validate(source: str) -> None:
    """Check SOURCE against the model and report every problem at once.

    \b
    Example:
      ecosystem validate sample_graphs/camera.yaml
    """
    eco = _read(source)
    click.echo(
        f"{source} is valid: {len(eco)} nodes, {eco.graph.number_of_edges()} relationships, "
        f"focal firm {eco.focal!r}"
    )


@main.command()
@source_argument
@format_option
@_library_errors
def stats(source: str, output_format: str) -> None:
    """Counts by type, the focal firm's partners and loose ends of SOURCE.

    \b
    Example:
      ecosystem stats sample_graphs/camera.yaml
      ecosystem stats sample_graphs/camera.yaml --format json
    """
    summary = summarize(_read(source))
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
@_library_errors
def convert(source: str, out: str, to_format: str | None) -> None:
    """Convert SOURCE to OUT (YAML, JSON or a CSV folder); loses nothing.

    \b
    Example:
      ecosystem convert sample_graphs/camera.yaml camera.json
      ecosystem convert sample_graphs/camera.yaml camera_csv --to csv
    """
    kind = format_of(out, to_format)
    eco = _read(source)
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


if __name__ == "__main__":  # pragma: no cover
    run()
