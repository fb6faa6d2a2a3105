"""Stores: where an ecosystem lives.

One interface, :class:`Store`, with ``read()`` and ``write()``; the analyses
only ever see the :class:`~ecosystem.model.graph.Ecosystem` a store reads, never the
store itself.  :func:`open_store` picks the implementation from a SOURCE:

* a path (YAML/JSON file or CSV folder): the embedded store, in memory
  (networkx), no server needed;
* a Neo4j URI (``bolt://``, ``neo4j://``, ``neo4j+s://``...): the Neo4j store
  (:class:`ecosystem.stores.neo4j.Neo4jStore`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Protocol, runtime_checkable

from ..formats.files import read_file, write_file
from ..model.errors import UnsupportedSourceError
from ..model.graph import Ecosystem

__all__ = ["Store", "EmbeddedStore", "open_store", "is_neo4j_uri", "load", "save", "NEO4J_SCHEMES"]

#: URI schemes that name a Neo4j server.
NEO4J_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


def is_neo4j_uri(source: str | Path) -> bool:
    """True if ``source`` is a Neo4j URI rather than a path.

    >>> is_neo4j_uri("neo4j+s://demo.databases.neo4j.io"), is_neo4j_uri("sample_graphs/camera.yaml")
    (True, False)
    """
    text = str(source)
    scheme, sep, _ = text.partition("://")
    return bool(sep) and scheme.lower() in NEO4J_SCHEMES


@runtime_checkable
class Store(Protocol):
    """Where an ecosystem is kept: read it whole, write it whole."""

    def read(self) -> Ecosystem:
        """Return the stored ecosystem."""
        ...

    def write(self, eco: Ecosystem) -> object:
        """Store an ecosystem, replacing what was there (a store may return a report of the write)."""
        ...

    def close(self) -> None:
        """Release what the store holds."""
        ...

    def __enter__(self) -> Store: ...

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...


class EmbeddedStore:
    """The zero-setup store: an ecosystem in memory, backed by a file or CSV folder.

    >>> import tempfile, pathlib
    >>> from ecosystem import Ecosystem
    >>> eco = Ecosystem("Demo", focal="acme"); _ = eco.add_node("acme", "firm", "Acme")
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "demo.yaml"
    >>> with EmbeddedStore(path) as store:
    ...     store.write(eco)
    ...     store.read() == eco
    True
    """

    def __init__(self, path: str | Path | None = None, progress: Callable[[int], None] | None = None) -> None:
        self.path = Path(path) if path is not None else None
        self._progress = progress
        self._eco: Ecosystem | None = None

    def read(self) -> Ecosystem:
        if self._eco is None:
            if self.path is None:
                raise UnsupportedSourceError("this embedded store has no file and nothing written to it")
            self._eco = read_file(self.path, self._progress)
        return self._eco

    def write(self, eco: Ecosystem) -> None:
        if self.path is not None:
            write_file(eco, self.path)
        self._eco = eco

    def close(self) -> None:
        self._eco = None

    def __enter__(self) -> EmbeddedStore:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"EmbeddedStore({str(self.path)!r})"


def open_store(
    source: str | Path,
    progress: Callable[[int], None] | None = None,
    *,
    user: str | None = None,
    password: str | None = None,
    database: str | None = None,
    ecosystem: str | None = None,
) -> Store:
    """The store for a SOURCE: a path (embedded store) or a Neo4j URI (Neo4j store).

    For Neo4j, credentials default to ``NEO4J_USERNAME``/``NEO4J_PASSWORD``
    and the database to ``NEO4J_DATABASE``; ``ecosystem`` picks one ecosystem
    when the database holds several.
    """
    if is_neo4j_uri(source):
        try:
            from .neo4j import Neo4jStore
        except ImportError as exc:  # pragma: no cover - neo4j is a dependency
            raise UnsupportedSourceError(f"Neo4j sources need the neo4j driver: {exc}") from None
        return Neo4jStore(str(source), user=user, password=password, database=database, ecosystem=ecosystem)
    return EmbeddedStore(source, progress)


def load(
    source: str | Path,
    progress: Callable[[int], None] | None = None,
    *,
    user: str | None = None,
    password: str | None = None,
    database: str | None = None,
    ecosystem: str | None = None,
) -> Ecosystem:
    """Load an ecosystem from a SOURCE (a YAML/JSON file, a CSV folder or a Neo4j URI).

    >>> import ecosystem
    >>> eco = ecosystem.load("sample_graphs/camera.yaml")
    >>> eco.focal_firm.name
    'Lumen Cameras'

    ``ecosystem.load("neo4j://host:7687")`` returns the same ``Ecosystem`` as
    the file that was loaded into that database.
    """
    with open_store(source, progress, user=user, password=password, database=database, ecosystem=ecosystem) as store:
        return store.read()


def save(eco: Ecosystem, target: str | Path, format: str | None = None) -> Path:
    """Write an ecosystem to a YAML/JSON file or a CSV folder (by extension or ``format``)."""
    return write_file(eco, target, format)
