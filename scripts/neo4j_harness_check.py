#!/usr/bin/env python3
"""Manual end-to-end check of ``scripts/neo4j_server.py`` (not collected by pytest).

Starts a real Neo4j server, writes a node with the official driver, reads it
back, stops the server keeping its data, restarts it on the same port, reads the
node again, then stops it for good and prints timings and memory use.

    python tests/neo4j_harness_check.py [--crash]

``--crash`` stops the first run with SIGKILL instead of SIGTERM, so the restart
has to recover the committed node from the transaction log.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import neo4j

sys.path.insert(0, str(Path(__file__).resolve().parent))

from neo4j_server import Neo4jServer, download  # noqa: E402


def _read_marker(server: Neo4jServer, marker: str) -> list[str]:
    with neo4j.GraphDatabase.driver(server.uri, auth=server.auth) as driver:
        records, _, _ = driver.execute_query(
            "MATCH (n:HarnessCheck {marker: $marker}) RETURN n.name AS name",
            marker=marker,
            database_=server.database,
        )
    return [r["name"] for r in records]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--crash",
        action="store_true",
        help="SIGKILL instead of SIGTERM before the restart",
    )
    args = parser.parse_args()

    timings: dict[str, float] = {}
    t0 = time.monotonic()
    home = download()
    timings["download (cached if fast)"] = time.monotonic() - t0

    server = Neo4jServer(home)
    marker = f"check-{time.time_ns()}"
    try:
        t0 = time.monotonic()
        server.start()
        timings["first start"] = time.monotonic() - t0
        rss_first = server.rss_bytes()
        print(f"server up: {server!r} pid={server.pid}")

        with neo4j.GraphDatabase.driver(server.uri, auth=server.auth) as driver:
            t0 = time.monotonic()
            summary = driver.execute_query(
                "CREATE (n:HarnessCheck {marker: $marker, name: 'acme'})",
                marker=marker,
                database_=server.database,
            ).summary
            timings["create node"] = time.monotonic() - t0
            assert summary.counters.nodes_created == 1, summary.counters
        assert _read_marker(server, marker) == ["acme"], (
            "node not read back before restart"
        )
        port = server.port

        t0 = time.monotonic()
        server.stop(keep_data=True, force=args.crash)
        timings[
            "stop (keep_data, " + ("SIGKILL" if args.crash else "SIGTERM") + ")"
        ] = time.monotonic() - t0
        assert not server.running and server.workdir is not None

        t0 = time.monotonic()
        server.start()
        timings["restart (same data)"] = time.monotonic() - t0
        assert server.port == port, (server.port, port)
        assert _read_marker(server, marker) == ["acme"], "node lost across restart"
        rss_second = server.rss_bytes()
    finally:
        t0 = time.monotonic()
        workdir = server.workdir
        server.stop()
        timings["final stop"] = time.monotonic() - t0
    assert workdir is None or not workdir.exists(), f"{workdir} not deleted"

    print("OK: node survived the restart; work directory removed")
    for name, seconds in timings.items():
        print(f"  {name:<28} {seconds:7.2f} s")
    for name, rss in (
        ("RSS after first start", rss_first),
        ("RSS after restart+query", rss_second),
    ):
        print(f"  {name:<28} {rss / 2**20 if rss else float('nan'):7.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
