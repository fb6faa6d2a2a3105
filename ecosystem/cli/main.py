"""The ``ecosystem`` command: a thin layer over the library.

Each command opens a store, calls one library function and prints.  Library
errors become ``Error: ...`` on stderr with exit status 1; records go to
stdout as an aligned table, JSON or CSV (``--format``), with nothing else on
stdout so that JSON and CSV can be piped.

The commands live in one module per group (``files``, ``analyses``, ``pages``, ``neo4j``,
``queries``), their shared options in ``options``; this module makes the group and adds them.
"""

from __future__ import annotations

import os
import sys

import click

from . import analyses, files, neo4j, pages, queries

__all__ = ["main", "run"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="ecosystem", prog_name="ecosystem")
def main() -> None:
    """Map a business ecosystem as a graph and see what to do about it.

    SOURCE is a YAML or JSON file, a CSV folder (nodes.csv,
    relationships.csv), or a Neo4j URI.

    \b
    Example:
      ecosystem stats sample_graphs/camera.yaml
    """


for _module in (files, analyses, pages, neo4j, queries):
    _module.register(main)


def run() -> None:
    """The console entry point: ``main`` plus a quiet exit when stdout is closed (``| head``)."""
    try:
        main()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)


if __name__ == "__main__":  # pragma: no cover
    run()
