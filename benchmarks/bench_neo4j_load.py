"""Benchmark: loading generated ecosystems into a real Neo4j server.

Compares ``Neo4jStore.write`` (batched ``UNWIND $rows ... MERGE`` in managed
transactions) with the straightforward way a user would write it: one
auto-commit ``MERGE`` statement per node and per relationship.  Both run in
the same process against the same server; the naive way is timed on the
first ``--naive-rows`` rows (it would take many minutes on the whole graph)
and compared by throughput.  Medians of ``--repeat`` runs are printed.

Run: ``python benchmarks/bench_neo4j_load.py [--sizes 10000 100000] [--repeat 3]``
(uses $NEO4J_URI if set, else starts a throw-away server with scripts/neo4j_server.py).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import neo4j

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from ecosystem.formats.generate import generate_nodes  # noqa: E402
from ecosystem.model.graph import NodeType  # noqa: E402
from ecosystem.stores.neo4j import NODE_LABEL, Neo4jStore, encode_properties  # noqa: E402


def wipe(driver: neo4j.Driver, database: str | None) -> None:
    with driver.session(database=database) as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()


def naive_load(driver: neo4j.Driver, database: str | None, eco, limit: int) -> tuple[int, float]:  # type: ignore[no-untyped-def]
    """One auto-commit statement per row, as a first attempt would do it."""
    rows = 0
    started = time.perf_counter()
    with driver.session(database=database) as session:
        half = limit // 2
        for node_id, data in eco.graph.nodes(data=True):
            if rows >= half:
                break
            label = NodeType(data["type"]).label
            props = encode_properties({k: v for k, v in data.items() if k != "type"})
            session.run(
                f"MERGE (n:{NODE_LABEL} {{ecosystem: $ecosystem, id: $id}}) SET n += $props SET n:{label}",
                ecosystem=eco.name, id=node_id, props=props,
            ).consume()
            rows += 1
        for u, v, key, data in eco.graph.edges(keys=True, data=True):
            if rows >= limit:
                break
            session.run(
                f"MATCH (a:{NODE_LABEL} {{ecosystem: $ecosystem, id: $u}}) "
                f"MATCH (b:{NODE_LABEL} {{ecosystem: $ecosystem, id: $v}}) "
                f"MERGE (a)-[r:{key}]->(b) SET r += $props",
                ecosystem=eco.name, u=u, v=v, props=encode_properties(dict(data)),
            ).consume()
            rows += 1
    return rows, time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--naive-rows", type=int, default=4000)
    parser.add_argument("--batch-size", type=int, default=5000)
    args = parser.parse_args()

    server = None
    if os.environ.get("NEO4J_URI"):
        uri, auth = os.environ["NEO4J_URI"], (os.environ.get("NEO4J_USERNAME", "neo4j"), os.environ["NEO4J_PASSWORD"])
        database = os.environ.get("NEO4J_DATABASE")
    else:
        import neo4j_server

        server = neo4j_server.Neo4jServer(heap="2g", pagecache="1g")
        server.start()
        uri, auth, database = server.uri, server.auth, server.database
    try:
        driver = neo4j.GraphDatabase.driver(uri, auth=auth)
        print(f"{'nodes':>8} {'rels':>8} {'batched rows/s':>15} {'naive rows/s':>13} {'ratio':>7}  (medians of {args.repeat})")
        for size in args.sizes:
            eco = generate_nodes(size, seed=1)
            rows_total = len(eco) + eco.graph.number_of_edges()
            batched, naive = [], []
            for _ in range(args.repeat):
                wipe(driver, database)
                with Neo4jStore(driver=driver, database=database, batch_size=args.batch_size) as store:
                    report = store.write(eco)
                batched.append(rows_total / report.seconds)
                wipe(driver, database)
                with Neo4jStore(driver=driver, database=database) as store:
                    store.init_schema()
                rows, seconds = naive_load(driver, database, eco, args.naive_rows)
                naive.append(rows / seconds)
            b, n = statistics.median(batched), statistics.median(naive)
            print(f"{len(eco):>8} {eco.graph.number_of_edges():>8} {b:>15,.0f} {n:>13,.0f} {b / n:>6.1f}x", flush=True)
        wipe(driver, database)
        driver.close()
    finally:
        if server is not None:
            server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
