"""The Neo4j store: where a team keeps its shared ecosystem graph.

Layout in the database (several ecosystems can share one database):

* one ``(:Ecosystem {name, focal, status, nodes, relationships})`` node per
  ecosystem; ``status`` is ``loading`` while a load runs and ``complete``
  when it has finished, so a load that stopped part-way is never read as if
  it were whole;
* every node of an ecosystem has the label ``:EcosystemNode``, its type's
  label (``:Firm``, ``:Partner``, ``:Customer``, ``:Job``, ``:Capability``,
  ``:Unit``) and, for the focal firm, ``:Focal``; properties ``ecosystem``
  (the name), ``id``, ``name`` and the free attributes;
* relationships have the model's types and properties.

Attribute values Neo4j cannot hold as they are (null, mappings, mixed or
nested lists) are stored as JSON text and listed in the node's or
relationship's ``_json`` property, so a round trip loses nothing.

Safety: every value reaches Neo4j as a query parameter.  Labels and
relationship types only ever come from the model's enums
(:class:`~ecosystem.model.graph.NodeType`, :class:`~ecosystem.model.graph.RelType`), never
from data.  Credentials come from arguments or the environment
(``NEO4J_URI``, ``NEO4J_USERNAME``, ``NEO4J_PASSWORD``, ``NEO4J_DATABASE``)
and never appear in messages.
"""

from __future__ import annotations

import json
import math
import os
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from types import TracebackType
from typing import Any
from urllib.parse import unquote

from ..model.errors import EcosystemError, SourceError
from ..model.graph import RULES, Ecosystem, NodeType, RelType

__all__ = ["Neo4jStore", "LoadReport", "LoadError", "ReadOnlyViolation", "run_cypher", "SCHEMA_STATEMENTS", "NODE_LABEL"]

#: The label every ecosystem node carries (with its type's label).
NODE_LABEL = "EcosystemNode"
#: Node properties the store uses itself (not free attributes).
_STORE_KEYS = frozenset({"ecosystem", "id", "name", "_json", "_load"})
_INT64 = (-(2**63), 2**63 - 1)

#: What ``ecosystem neo4j init`` runs: uniqueness of ``(ecosystem, id)`` for
#: every node label, uniqueness of ecosystem names, and an index for the focal firm.
SCHEMA_STATEMENTS: tuple[str, ...] = (
    "CREATE CONSTRAINT ecosystem_name IF NOT EXISTS FOR (e:Ecosystem) REQUIRE e.name IS UNIQUE",
    f"CREATE CONSTRAINT ecosystem_node_id IF NOT EXISTS FOR (n:{NODE_LABEL}) REQUIRE (n.ecosystem, n.id) IS UNIQUE",
    *(
        f"CREATE CONSTRAINT {t.value}_id IF NOT EXISTS FOR (n:{t.label}) REQUIRE (n.ecosystem, n.id) IS UNIQUE"
        for t in NodeType
    ),
    "CREATE INDEX focal_ecosystem IF NOT EXISTS FOR (n:Focal) ON (n.ecosystem)",
)


class LoadError(EcosystemError):
    """A load into Neo4j stopped part-way; says exactly what was written.

    The ecosystem stays marked ``loading`` in the database (readers refuse
    it) until a re-run of the same load completes it.
    """

    def __init__(self, message: str, report: LoadReport) -> None:
        super().__init__(message)
        self.report = report


@dataclass(frozen=True)
class LoadReport:
    """What a load wrote: counts, batches, and how long it took."""

    ecosystem: str
    nodes: int
    relationships: int
    nodes_written: int
    relationships_written: int
    nodes_removed: int
    relationships_removed: int
    batches: int
    seconds: float
    complete: bool


def _storable(value: Any) -> bool:
    """Can Neo4j hold this value as a property, and give back the same value?"""
    if isinstance(value, bool) or isinstance(value, str):
        return True
    if isinstance(value, int):
        return _INT64[0] <= value <= _INT64[1]
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, list):
        kinds = {type(v) for v in value}
        return len(kinds) <= 1 and all(_storable(v) and not isinstance(v, list) for v in value)
    return False


def encode_properties(values: dict[str, Any]) -> dict[str, Any]:
    """Properties for Neo4j: unstorable values become JSON text listed in ``_json``.

    >>> encode_properties({"a": 1, "b": None, "c": {"k": [1, "x"]}})
    {'a': 1, 'b': 'null', 'c': '{"k": [1, "x"]}', '_json': ['b', 'c']}
    """
    out: dict[str, Any] = {}
    encoded: list[str] = []
    for key, value in values.items():
        if _storable(value):
            out[key] = value
        else:
            out[key] = json.dumps(value, ensure_ascii=False, sort_keys=False)
            encoded.append(key)
    if encoded:
        out["_json"] = encoded
    return out


def decode_properties(values: dict[str, Any]) -> dict[str, Any]:
    """The inverse of :func:`encode_properties` (store keys dropped)."""
    encoded = set(values.get("_json") or ())
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key in _STORE_KEYS:
            continue
        out[key] = json.loads(value) if key in encoded else value
    return out


def _credentials(
    uri: str | None, user: str | None, password: str | None, database: str | None
) -> tuple[str, str, str | None, str | None]:
    uri = uri or os.environ.get("NEO4J_URI")
    if not uri:
        raise SourceError("no Neo4j URI: pass one (neo4j://host:7687) or set NEO4J_URI")
    scheme, sep, rest = uri.partition("://")
    if "@" in rest.split("/", 1)[0]:
        # user:password@host in the URI: take them as credentials, keep them out of the URI
        userinfo, rest = rest.split("@", 1)
        uri_user, _, uri_password = userinfo.partition(":")
        user = user if user is not None else (unquote(uri_user) or None)
        password = password if password is not None else (unquote(uri_password) or None)
        uri = f"{scheme}{sep}{rest}"
    user = user if user is not None else os.environ.get("NEO4J_USERNAME", "neo4j")
    password = password if password is not None else os.environ.get("NEO4J_PASSWORD")
    database = database or os.environ.get("NEO4J_DATABASE") or None
    return uri, user, password, database


class Neo4jStore:
    """An ecosystem store in a Neo4j database.

    Parameters
    ----------
    uri : str, optional
        ``bolt://``, ``neo4j://``, ``neo4j+s://``... (default: ``NEO4J_URI``).
    user, password, database : str, optional
        Default: ``NEO4J_USERNAME`` (else ``neo4j``), ``NEO4J_PASSWORD``,
        ``NEO4J_DATABASE`` (else the server's default database).
    ecosystem : str, optional
        Which ecosystem to read when the database holds several.
    driver : neo4j.Driver, optional
        Use this driver; the store then does not close it.
    batch_size : int
        Rows per write transaction.
    connection_timeout, query_timeout : float
        Seconds to wait for a connection, and for one query or transaction.
    max_retry_time : float
        Seconds the driver keeps retrying a transaction after transient errors.

    The store owns (and closes) the driver only if it created it; use it as a
    context manager.
    """

    def __init__(
        self,
        uri: str | None = None,
        *,
        user: str | None = None,
        password: str | None = None,
        database: str | None = None,
        ecosystem: str | None = None,
        driver: Any = None,
        batch_size: int = 5000,
        connection_timeout: float = 15.0,
        query_timeout: float = 300.0,
        max_retry_time: float = 30.0,
    ) -> None:
        import neo4j

        self._neo4j = neo4j
        self.ecosystem_name = ecosystem
        self.batch_size = max(1, int(batch_size))
        self.query_timeout = query_timeout
        self.max_retry_time = max_retry_time
        self._password: str | None = None
        if driver is not None:
            self._driver = driver
            self._owns_driver = False
            self.uri = "(driver)"
            self.database = database
        else:
            uri, user, password, database = _credentials(uri, user, password, database)
            self._password = password
            self.uri = uri  # _credentials took any user:password@ out of it
            self.database = database
            auth = (user, password) if password is not None else None
            try:
                self._driver = neo4j.GraphDatabase.driver(
                    uri,
                    auth=auth,
                    connection_timeout=connection_timeout,
                    connection_acquisition_timeout=connection_timeout,
                    max_transaction_retry_time=max_retry_time,
                )
            except (ValueError, neo4j.exceptions.ConfigurationError) as exc:
                raise SourceError(f"invalid Neo4j URI {self.uri}: {str(exc).replace(uri, self.uri)}") from None
            self._owns_driver = True
        self.user = user

    # -- plumbing -----------------------------------------------------------
    def close(self) -> None:
        if self._owns_driver:
            self._driver.close()

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Neo4jStore({self.uri!r}, database={self.database!r}, ecosystem={self.ecosystem_name!r})"

    def _session(self, read: bool = False) -> Any:
        access = self._neo4j.READ_ACCESS if read else self._neo4j.WRITE_ACCESS
        return self._driver.session(database=self.database, default_access_mode=access)

    def _translate(self, exc: Exception) -> EcosystemError:
        """A user-facing error for a driver exception (never with the password)."""
        error = self._describe(exc)
        if self._password and self._password in str(error):
            error = type(error)(str(error).replace(self._password, "***"))
        return error

    def _describe(self, exc: Exception) -> EcosystemError:
        e = self._neo4j.exceptions
        where = f"Neo4j at {self.uri}"
        if isinstance(exc, e.AuthError):
            return SourceError(f"{where} refused the credentials of user {self.user!r}: check NEO4J_USERNAME/NEO4J_PASSWORD")
        if isinstance(exc, (e.ServiceUnavailable, e.SessionExpired)):
            return SourceError(f"cannot reach {where}: is the server running and reachable? ({_first_line(exc)})")
        if isinstance(exc, e.ClientError) and "DatabaseNotFound" in (exc.code or ""):
            return SourceError(f"{where} has no database {self.database!r}")
        if isinstance(exc, e.Neo4jError):
            return SourceError(f"{where} failed: {exc.code}: {_first_line(exc)}")
        if isinstance(exc, e.DriverError):
            return SourceError(f"{where}: {type(exc).__name__}: {_first_line(exc)}")
        if isinstance(exc, OSError):
            return SourceError(f"cannot reach {where}: {exc}")
        raise exc

    def _query(self, text: str, timeout: float | None = None) -> Any:
        return self._neo4j.Query(text, timeout=timeout or self.query_timeout)

    # -- schema ---------------------------------------------------------------
    def init_schema(self) -> list[str]:
        """Create the constraints and indexes (``IF NOT EXISTS``: idempotent); return the statements."""
        try:
            with self._session() as session:
                for statement in SCHEMA_STATEMENTS:
                    session.run(self._query(statement)).consume()
        except Exception as exc:  # noqa: BLE001 - translated or re-raised
            raise self._translate(exc) from None
        return list(SCHEMA_STATEMENTS)

    # -- reading --------------------------------------------------------------
    def ecosystems(self) -> list[dict[str, Any]]:
        """The ecosystems in the database: name, focal, status, counts."""
        try:
            with self._session(read=True) as session:
                result = session.run(
                    self._query(
                        "MATCH (e:Ecosystem) RETURN e.name AS name, e.focal AS focal, e.status AS status, "
                        "e.nodes AS nodes, e.relationships AS relationships ORDER BY name"
                    )
                )
                return [dict(r) for r in result]
        except Exception as exc:  # noqa: BLE001
            raise self._translate(exc) from None

    def _pick_ecosystem(self, name: str | None) -> dict[str, Any]:
        found = self.ecosystems()
        name = name or self.ecosystem_name
        if name is None:
            if len(found) == 1:
                return found[0]
            if not found:
                raise SourceError(f"Neo4j at {self.uri} holds no ecosystem: load one with `ecosystem load FILE URI`")
            names = ", ".join(repr(e["name"]) for e in found)
            raise SourceError(f"Neo4j at {self.uri} holds several ecosystems ({names}): choose one with --ecosystem")
        for item in found:
            if item["name"] == name:
                return item
        names = ", ".join(repr(e["name"]) for e in found) or "none"
        raise SourceError(f"Neo4j at {self.uri} has no ecosystem {name!r} (it has: {names})")

    def read(self, name: str | None = None) -> Ecosystem:
        """Read one ecosystem back, in two streamed queries (nodes, then relationships)."""
        meta = self._pick_ecosystem(name)
        if meta["status"] != "complete":
            raise SourceError(
                f"ecosystem {meta['name']!r} in Neo4j is incomplete: its last load stopped part-way; "
                "re-run the same `ecosystem load` to complete it"
            )
        labels = {t.label: t for t in NodeType}
        rel_types = [t.value for t in RelType]
        try:
            with self._session(read=True) as session:
                nodes = session.run(
                    self._query(
                        f"MATCH (n:{NODE_LABEL} {{ecosystem: $ecosystem}}) "
                        "RETURN n.id AS id, labels(n) AS labels, properties(n) AS props ORDER BY n.id"
                    ),
                    ecosystem=meta["name"],
                )
                rows = []
                for record in nodes:
                    kind = next((labels[lab] for lab in record["labels"] if lab in labels), None)
                    if kind is None:
                        raise SourceError(f"node {record['id']!r} in Neo4j has no node-type label")
                    rows.append((kind, record["id"], record["props"]))
                order = {t: i for i, t in enumerate(NodeType)}
                rows.sort(key=lambda r: (order[r[0]], r[1]))
                node_records = (
                    (node_id, {"type": kind.value, "name": props.get("name", node_id), **decode_properties(props)})
                    for kind, node_id, props in rows
                )
                rels = session.run(
                    self._query(
                        f"MATCH (a:{NODE_LABEL} {{ecosystem: $ecosystem}})-[r]->(b:{NODE_LABEL} {{ecosystem: $ecosystem}}) "
                        "WHERE type(r) IN $types "
                        "RETURN a.id AS source, type(r) AS type, b.id AS target, properties(r) AS props "
                        "ORDER BY type, source, target"
                    ),
                    ecosystem=meta["name"],
                    types=rel_types,
                )
                # The store only ever holds what a checked ecosystem wrote: assemble it without re-checking.
                return Ecosystem.from_trusted(
                    meta["name"],
                    meta["focal"],
                    node_records,
                    (
                        (record["source"], record["target"], record["type"], decode_properties(record["props"]))
                        for record in rels
                    ),
                )
        except EcosystemError:
            raise
        except Exception as exc:  # noqa: BLE001
            raise self._translate(exc) from None

    # -- writing --------------------------------------------------------------
    def write(
        self,
        eco: Ecosystem,
        replace: bool = False,
        progress: Callable[[int, int], None] | None = None,
    ) -> LoadReport:
        """Load an ecosystem: batched, idempotent ``UNWIND ... MERGE``, one write transaction per batch.

        Each transaction is retried on transient errors like the driver's
        managed transactions (see :meth:`_transact`).

        Loading the same ecosystem twice changes nothing.  With ``replace``,
        nodes and relationships of this ecosystem that ``eco`` no longer has
        are removed (other ecosystems are untouched).  ``progress(done,
        total)`` is called after each batch.  If the load stops part-way, a
        :class:`LoadError` says what was written, and the ecosystem stays
        marked incomplete until a re-run completes it.
        """
        name = eco.name
        _check_keys(eco)
        stamp = uuid.uuid4().hex if replace else None
        node_batches = list(self._node_batches(eco, stamp))
        rel_batches = list(self._relationship_batches(eco, stamp))
        total_nodes, total_rels = len(eco), eco.graph.number_of_edges()
        total = total_nodes + total_rels
        started = time.perf_counter()
        written_nodes = written_rels = batches = removed_nodes = removed_rels = 0

        def report(complete: bool) -> LoadReport:
            return LoadReport(
                name, total_nodes, total_rels, written_nodes, written_rels, removed_nodes, removed_rels,
                batches, round(time.perf_counter() - started, 3), complete,
            )

        try:
            self.init_schema()
            with self._session() as session:
                self._transact(session, _begin, name, eco.focal)

                def committed(count: int, relationships: bool) -> None:
                    nonlocal written_nodes, written_rels, batches
                    if relationships:
                        written_rels += count
                    else:
                        written_nodes += count
                    batches += 1
                    if progress:
                        progress(written_nodes + written_rels, total)

                for label, rows in node_batches:
                    self._write_batch(session, _write_nodes, label, name, rows, lambda n: committed(n, False))
                for rel, rows in rel_batches:
                    self._write_batch(session, _write_relationships, rel, name, rows, lambda n: committed(n, True))
                if stamp is not None:
                    removed_rels, removed_nodes = self._transact(session, _remove_stale, name, stamp)
                self._transact(session, _finish, name, eco.focal, total_nodes, total_rels)
        except EcosystemError:
            raise
        except Exception as exc:  # noqa: BLE001
            translated = self._translate(exc)
            partial = report(False)
            raise LoadError(
                f"load of {name!r} into Neo4j at {self.uri} stopped part-way: {translated}\n"
                f"written: {written_nodes} of {total_nodes} nodes, {written_rels} of {total_rels} relationships "
                f"({batches} batches committed); not written: {total_nodes - written_nodes} nodes, "
                f"{total_rels - written_rels} relationships.\n"
                "The ecosystem is marked incomplete in Neo4j; re-run the same load to complete it "
                "(every batch is idempotent, nothing will be duplicated).",
                partial,
            ) from None
        return report(True)

    def _transact(self, session: Any, work: Callable[..., Any], *args: Any) -> Any:
        """Run ``work(tx, *args)`` in a write transaction, retried on transient errors.

        This is the driver's managed-transaction retry (exponential back-off
        up to ``max_retry_time``) with two differences: a transaction too big
        for the server's memory (a ``TransientError`` the driver would retry
        for 30 s) raises :class:`_TooBig` at once, so that the caller can split
        it; and after an ``IncompleteCommit`` (the connection dropped during
        the commit: its state is unknown) the work is simply run again, which
        is safe because every write here is idempotent.
        """
        errors = self._neo4j.exceptions
        deadline = time.monotonic() + self.max_retry_time
        delay = 0.2
        while True:
            try:
                with session.begin_transaction(timeout=self.query_timeout) as tx:
                    result = work(tx, *args)
                    tx.commit()
                return result
            except errors.TransientError as exc:
                if "OutOfMemory" in (exc.code or ""):
                    raise _TooBig(_first_line(exc)) from None
                retry: Exception = exc
            except (errors.IncompleteCommit, errors.ServiceUnavailable, errors.SessionExpired) as exc:
                retry = exc
            if time.monotonic() + delay > deadline:
                raise retry
            time.sleep(delay)
            delay = min(delay * 2, 5.0)

    def _write_batch(
        self, session: Any, work: Callable[..., None], kind: Any, name: str, rows: list[dict[str, Any]],
        committed: Callable[[int], None],
    ) -> None:
        """Write one batch; split it in halves if it is too big for the server's transaction memory."""
        try:
            self._transact(session, work, kind, name, rows)
        except _TooBig as exc:
            self._split(session, work, kind, name, rows, committed, exc)
            return
        committed(len(rows))

    def _split(
        self, session: Any, work: Callable[..., None], kind: Any, name: str, rows: list[dict[str, Any]],
        committed: Callable[[int], None], cause: Exception,
    ) -> None:
        if len(rows) == 1:
            raise EcosystemError(
                f"one {kind} row is bigger than the server's transaction memory allows ({_first_line(cause)}); "
                "raise db.memory.transaction.max or make the row smaller"
            ) from None
        half = len(rows) // 2
        self._write_batch(session, work, kind, name, rows[:half], committed)
        self._write_batch(session, work, kind, name, rows[half:], committed)

    def _node_batches(self, eco: Ecosystem, stamp: str | None) -> Iterator[tuple[NodeType, list[dict[str, Any]]]]:
        for kind in NodeType:
            rows = []
            for node_id, data in eco.graph.nodes(data=True):
                if data["type"] != kind.value:
                    continue
                attrs = {k: v for k, v in data.items() if k not in ("type", "name")}
                props = encode_properties(attrs)
                props.update({"ecosystem": eco.name, "id": node_id, "name": data["name"]})
                if stamp:
                    props["_load"] = stamp
                rows.append({"id": node_id, "props": props})
            yield from ((kind, chunk) for chunk in _chunks(rows, self.batch_size))

    def _relationship_batches(
        self, eco: Ecosystem, stamp: str | None
    ) -> Iterator[tuple[RelType, list[dict[str, Any]]]]:
        for kind in RelType:
            rows = []
            for source, target, key, data in eco.graph.edges(keys=True, data=True):
                if key != kind.value:
                    continue
                props = encode_properties(dict(data))
                if stamp:
                    props["_load"] = stamp
                rows.append({"from": source, "to": target, "props": props})
            yield from ((kind, chunk) for chunk in _chunks(rows, self.batch_size))

    # -- queries ----------------------------------------------------------------
    def run_read(self, text: str, parameters: dict[str, Any], timeout: float | None = None) -> list[dict[str, Any]]:
        """Run a read-only query in a managed read transaction; return records as dicts."""

        def work(tx: Any) -> list[dict[str, Any]]:
            return [record.data() for record in tx.run(text, parameters)]

        try:
            with self._session(read=True) as session:
                timed = self._neo4j.unit_of_work(timeout=timeout or self.query_timeout)(work)
                return list(session.execute_read(timed))
        except Exception as exc:  # noqa: BLE001
            raise self._translate(exc) from None

    def query_type(self, text: str, parameters: dict[str, Any]) -> str:
        """The server's classification of a query (``r``, ``rw``, ``w``, ``s``), from ``EXPLAIN``."""

        def work(tx: Any) -> str:
            summary = tx.run("EXPLAIN " + text, parameters).consume()
            return str(summary.query_type)

        try:
            with self._session(read=True) as session:
                return str(session.execute_read(work))
        except Exception as exc:  # noqa: BLE001
            raise self._translate(exc) from None


class ReadOnlyViolation(EcosystemError):
    """An ad-hoc query that is not read-only."""


def run_cypher(
    store: Neo4jStore, text: str, parameters: dict[str, Any] | None = None, timeout: float = 30.0
) -> list[dict[str, Any]]:
    """Run an ad-hoc Cypher query, read-only, with a timeout.

    The server classifies the query with ``EXPLAIN``; anything but a read
    (``r``) is refused before it runs.  It then runs in a read transaction,
    where the server refuses writes too.  ``$ecosystem`` is set to the
    ecosystem's name unless given.
    """
    params = dict(parameters or {})
    if "ecosystem" not in params:
        chosen = store.ecosystem_name
        if chosen is None:  # ask the server only when the store names no ecosystem
            found = store.ecosystems()
            chosen = found[0]["name"] if len(found) == 1 else None
        params["ecosystem"] = chosen
    kind = store.query_type(text, params)
    if kind != "r":
        what = {"rw": "reads and writes", "w": "writes", "s": "changes the schema"}.get(kind, f"is of type {kind!r}")
        raise ReadOnlyViolation(f"refused: the query {what}; `ecosystem cypher` runs read-only queries only")
    return store.run_read(text, params, timeout)


def _first_line(exc: BaseException) -> str:
    text = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return str(text).strip().splitlines()[0] if str(text).strip() else type(exc).__name__


def _chunks(rows: list[dict[str, Any]], size: int) -> Iterable[list[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _check_keys(eco: Ecosystem) -> None:
    reserved = _STORE_KEYS - {"id", "name"}
    clashes = [f"{node_id}.{key}" for node_id, data in eco.node_data.items() for key in data if key in reserved]
    clashes += [
        f"{u}-{k}->{v}.{key}"
        for u, targets in eco.out_links.items()
        for v, keys in targets.items()
        for k, data in keys.items()
        for key in data
        if key in ("_json", "_load")
    ]
    if clashes:
        raise EcosystemError(
            "these attribute names are used by the Neo4j store itself (ecosystem, _json, _load): "
            + ", ".join(clashes[:10])
            + ("..." if len(clashes) > 10 else "")
        )


class _TooBig(Exception):
    """A transaction exceeded the server's transaction memory: split it rather than retry it."""


# Transaction functions: each is idempotent, so it may be run again.
def _begin(tx: Any, name: str, focal: str | None) -> None:
    tx.run("MERGE (e:Ecosystem {name: $name}) SET e.status = 'loading', e.focal = $focal", name=name, focal=focal)


def _write_nodes(tx: Any, kind: NodeType, name: str, rows: list[dict[str, Any]]) -> None:
    # Labels come from the NodeType enum only, never from data.
    others = ":".join(t.label for t in NodeType if t is not kind)
    tx.run(
        f"UNWIND $rows AS row "
        f"MERGE (n:{NODE_LABEL} {{ecosystem: $ecosystem, id: row.id}}) "
        f"SET n = row.props SET n:{kind.label} REMOVE n:{others}",
        rows=rows,
        ecosystem=name,
    ).consume()


def _write_relationships(tx: Any, kind: RelType, name: str, rows: list[dict[str, Any]]) -> None:
    # The relationship type comes from the RelType enum only, never from data.
    rel = RelType(kind).value
    reverse = (
        f"WITH a, b, row OPTIONAL MATCH (b)-[old:{rel}]->(a) DELETE old " if RULES[kind].symmetric else ""
    )
    tx.run(
        f"UNWIND $rows AS row "
        f"MATCH (a:{NODE_LABEL} {{ecosystem: $ecosystem, id: row.from}}) "
        f"MATCH (b:{NODE_LABEL} {{ecosystem: $ecosystem, id: row.to}}) "
        f"{reverse}"
        f"WITH a, b, row MERGE (a)-[r:{rel}]->(b) SET r = row.props",
        rows=rows,
        ecosystem=name,
    ).consume()


def _remove_stale(tx: Any, name: str, stamp: str) -> tuple[int, int]:
    rels = tx.run(
        f"MATCH (a:{NODE_LABEL} {{ecosystem: $ecosystem}})-[r]->(b:{NODE_LABEL} {{ecosystem: $ecosystem}}) "
        "WHERE type(r) IN $types AND coalesce(r._load, '') <> $stamp DELETE r RETURN count(r) AS removed",
        ecosystem=name,
        stamp=stamp,
        types=[t.value for t in RelType],
    ).single()["removed"]
    nodes = tx.run(
        f"MATCH (n:{NODE_LABEL} {{ecosystem: $ecosystem}}) WHERE coalesce(n._load, '') <> $stamp "
        "DETACH DELETE n RETURN count(n) AS removed",
        ecosystem=name,
        stamp=stamp,
    ).single()["removed"]
    return int(rels), int(nodes)


def _finish(tx: Any, name: str, focal: str | None, nodes: int, relationships: int) -> None:
    tx.run(
        f"MATCH (n:Focal:{NODE_LABEL} {{ecosystem: $ecosystem}}) WHERE n.id <> $focal REMOVE n:Focal",
        ecosystem=name,
        focal=focal,
    ).consume()
    tx.run(
        f"MATCH (n:{NODE_LABEL} {{ecosystem: $ecosystem, id: $focal}}) SET n:Focal", ecosystem=name, focal=focal
    ).consume()
    tx.run(
        "MATCH (e:Ecosystem {name: $name}) SET e.status = 'complete', e.focal = $focal, "
        "e.nodes = $nodes, e.relationships = $relationships",
        name=name,
        focal=focal,
        nodes=nodes,
        relationships=relationships,
    ).consume()
