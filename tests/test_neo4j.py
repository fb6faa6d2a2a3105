"""The Neo4j store against a real Neo4j 5.26 server (never a mock)."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Any

import neo4j
import pytest
from click.testing import CliRunner

import ecosystem
from ecosystem.analyses.named_queries import EMBEDDED, run_named_query
from ecosystem.cli.main import main
from ecosystem.formats.generate import generate
from ecosystem.model.errors import SourceError
from ecosystem.stores.catalogue import catalogue
from ecosystem.stores.neo4j import SCHEMA_STATEMENTS, LoadError, Neo4jStore, ReadOnlyViolation, run_cypher

from .conftest import CAMERA_GAPS, SAMPLES
from .test_files import awkward_ecosystem

pytestmark = pytest.mark.neo4j

CAMERA = SAMPLES / "camera.yaml"
AERO = SAMPLES / "aero_engine.yaml"


def counts(server: Any) -> dict[str, int]:
    """Everything in the database, counted independently of the library."""
    with neo4j.GraphDatabase.driver(server.uri, auth=(server.user, server.password)) as driver:
        records, _, _ = driver.execute_query(
            "MATCH (n) WITH count(n) AS nodes "
            "OPTIONAL MATCH ()-[r]->() RETURN nodes, count(r) AS relationships",
            database_=server.database,
        )
        labels, _, _ = driver.execute_query(
            "MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n ORDER BY label",
            database_=server.database,
        )
    out = {"nodes": records[0]["nodes"], "relationships": records[0]["relationships"]}
    out.update({r["label"]: r["n"] for r in labels})
    return out


def invoke(*args: str) -> Any:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_init_is_idempotent_and_creates_a_constraint_per_label(neo4j_env: Any) -> None:
    with Neo4jStore() as store:
        store.init_schema()
        store.init_schema()
        rows = store.run_read("SHOW CONSTRAINTS YIELD name, labelsOrTypes, properties RETURN *", {})
    constrained = {tuple(r["labelsOrTypes"]): r["properties"] for r in rows}
    for label in ("Firm", "Partner", "Customer", "Job", "Capability", "Unit", "EcosystemNode"):
        assert constrained[(label,)] == ["ecosystem", "id"]
    assert constrained[("Ecosystem",)] == ["name"]
    assert len(rows) == len(SCHEMA_STATEMENTS) - 1  # the last statement is an index, not a constraint
    result = invoke("neo4j", "init")
    assert result.exit_code == 0 and "Schema ready" in result.stderr


def test_load_twice_changes_nothing_and_reads_back_equal(neo4j_env: Any) -> None:
    eco = ecosystem.load(CAMERA)
    with Neo4jStore() as store:
        first = store.write(eco)
        after_first = counts(neo4j_env)
        second = store.write(eco)
        assert counts(neo4j_env) == after_first
        assert store.read() == eco
    # 41 ecosystem nodes + the (:Ecosystem) node; 76 relationships; one :Focal
    assert after_first["nodes"] == 42 and after_first["relationships"] == 76
    assert after_first["Focal"] == 1 and after_first["Partner"] == 11 and after_first["Capability"] == 17
    assert first.complete and second.nodes_written == 41 and second.relationships_written == 76


@pytest.mark.parametrize("sample", ["camera.yaml", "aero_engine.yaml", "cncf.yaml"])
def test_round_trip_file_to_neo4j_to_file(neo4j_env: Any, tmp_path: Path, sample: str) -> None:
    eco = ecosystem.load(SAMPLES / sample)
    result = invoke("load", str(SAMPLES / sample))
    assert result.exit_code == 0, result.output
    out = tmp_path / "back.yaml"
    assert invoke("convert", os.environ["NEO4J_URI"], str(out)).exit_code == 0
    assert ecosystem.load(out) == eco
    assert ecosystem.load(os.environ["NEO4J_URI"]) == eco


def test_awkward_attributes_survive_neo4j(neo4j_env: Any) -> None:
    eco = awkward_ecosystem()  # null, nested mappings, mixed lists, "NO", "007", unicode...
    with Neo4jStore() as store:
        store.write(eco)
        back = store.read()
    assert back == eco
    assert back.node("acme").attributes["address"] == {"city": "Oslo", "floor": 2}


def test_replace_removes_only_what_the_file_no_longer_has(neo4j_env: Any) -> None:
    eco = ecosystem.load(CAMERA)
    smaller = eco.copy()
    smaller.remove_node("astrovision")  # and its PROVIDES scene-recognition
    smaller.remove_relationship("PARTNERS_WITH", "lumen", "academy")
    with Neo4jStore() as store:
        store.write(eco)
        kept = store.write(smaller)  # without --replace nothing is removed
        assert kept.nodes_removed == 0 and store.read() == eco
        report = store.write(smaller, replace=True)
        assert store.read() == smaller
    assert (report.nodes_removed, report.relationships_removed) == (1, 2)
    assert counts(neo4j_env)["nodes"] == 41  # 40 nodes + the (:Ecosystem) node


def test_two_ecosystems_share_one_database(neo4j_env: Any) -> None:
    camera, aero = ecosystem.load(CAMERA), ecosystem.load(AERO)
    clash = generate(20, 5, 5, 10, seed=3)
    clash.name = camera.name + " (copy)"
    clash.graph.graph["name"] = clash.name
    with Neo4jStore() as store:
        store.write(camera)
        store.write(aero)
        store.write(clash)
        with pytest.raises(SourceError, match="holds several ecosystems"):
            store.read()
        assert store.read(camera.name) == camera and store.read(aero.name) == aero
        store.write(aero, replace=True)  # replacing one leaves the others alone
        assert store.read(camera.name) == camera and store.read(clash.name) == clash
    assert ecosystem.load(os.environ["NEO4J_URI"], ecosystem=aero.name) == aero
    result = invoke("neo4j", "ecosystems", "--format", "json")
    assert result.exit_code == 0 and '"Aerion power-by-the-hour"' in result.stdout


QUERY_PARAMS: dict[str, list[dict[str, Any]]] = {
    "focal-partners": [{}],
    "customer-jobs": [{"customer": "vloggers"}, {"customer": "longhaul"}, {"customer": "nobody"}],
    "capability-gaps": [{}, {"depth": 0}, {"depth": 2}, {"depth": 3}],
    "capability-providers": [{"capability": "repair-network"}, {"capability": "shop-visit-overhaul"}],
    "single-sourced": [{}],
    "integration-path": [{"from": "printhouse", "to": "snapshare"}, {"from": "skyfix-planning", "to": "cyberguard"},
                         {"from": "lumen", "to": "lumen"}],
    "job-dependencies": [{"job": "keep-gear-working"}, {"job": "keep-flying"}],
}


def test_every_named_query_has_parity_cases() -> None:
    assert set(QUERY_PARAMS) == set(catalogue()) == set(EMBEDDED)


@pytest.mark.parametrize("sample", [CAMERA, AERO])
def test_named_queries_give_identical_records_from_both_stores(neo4j_env: Any, sample: Path) -> None:
    eco = ecosystem.load(sample)
    with Neo4jStore() as store:
        store.write(eco)
        nonempty = 0
        for name, cases in QUERY_PARAMS.items():
            for params in cases:
                from_neo4j = run_named_query(store, name, params)
                from_file = run_named_query(ecosystem.open_store(sample), name, params)
                assert from_neo4j == from_file, (name, params)
                nonempty += bool(from_file)
    assert nonempty >= 9  # the cases really exercise the queries


def test_capability_gaps_by_hand(neo4j_env: Any) -> None:
    with Neo4jStore() as store:
        store.write(ecosystem.load(CAMERA))
        rows = run_named_query(store, "capability-gaps")
    assert [(r["job"], r["capability"], r["severity"]) for r in rows] == CAMERA_GAPS


def test_ad_hoc_cypher_is_read_only(neo4j_env: Any) -> None:
    with Neo4jStore() as store:
        store.write(ecosystem.load(CAMERA))
        before = counts(neo4j_env)
        rows = run_cypher(store, "MATCH (p:Partner {ecosystem: $ecosystem}) RETURN count(p) AS n")
        assert rows == [{"n": 11}]
        for write in (
            "CREATE (:Partner {id: 'intruder'})",
            "MATCH (n) DETACH DELETE n",
            "MATCH (p:Partner) SET p.name = 'pwned' RETURN p",
            "CREATE INDEX evil IF NOT EXISTS FOR (n:Partner) ON (n.name)",
        ):
            with pytest.raises(ReadOnlyViolation, match="refused"):
                run_cypher(store, write)
        # the server refuses a write in the read transaction too, even without the EXPLAIN check
        with pytest.raises(SourceError, match="(?i)write"):
            store.run_read("CREATE (:Partner {id: 'intruder'})", {})
    assert counts(neo4j_env) == before
    result = invoke("cypher", os.environ["NEO4J_URI"], "MATCH (n) DETACH DELETE n")
    assert result.exit_code == 1 and result.stderr.startswith("Error: refused: the query writes")
    assert counts(neo4j_env) == before
    query = "MATCH (j:Job {ecosystem: $ecosystem}) RETURN j.id AS id ORDER BY id"
    result = invoke("cypher", os.environ["NEO4J_URI"], query, "--format", "csv")
    assert result.exit_code == 0 and result.stdout.splitlines()[:2] == ["id", "capture-sunset"]


@pytest.mark.parametrize(
    "hostile",
    ["x' OR 1=1 //", "repair-network'}) DETACH DELETE n //", "$ecosystem", "\\u0027) MATCH (n) DETACH DELETE n"],
)
def test_parameters_carrying_cypher_are_data(neo4j_env: Any, hostile: str) -> None:
    with Neo4jStore() as store:
        store.write(ecosystem.load(CAMERA))
        before = counts(neo4j_env)
        assert run_named_query(store, "capability-providers", {"capability": hostile}) == []
    result = invoke("query", "customer-jobs", os.environ["NEO4J_URI"], "--param", f"customer={hostile}", "--format", "json")
    assert result.exit_code == 0 and result.stdout == "[]\n"
    assert counts(neo4j_env) == before


def test_cli_query_on_neo4j_matches_the_file(neo4j_env: Any) -> None:
    assert invoke("load", str(AERO)).exit_code == 0
    args = ["query", "capability-gaps", "--param", "depth=2", "--format", "json"]
    on_neo4j = invoke(args[0], args[1], os.environ["NEO4J_URI"], *args[2:])
    on_file = invoke(args[0], args[1], str(AERO), *args[2:])
    assert on_neo4j.exit_code == 0 and on_neo4j.stdout == on_file.stdout
    stats = invoke("stats", os.environ["NEO4J_URI"])
    assert stats.exit_code == 0 and "Focal firm: Aerion Engines (aerion)" in stats.stdout


def test_wrong_password_is_a_clear_error_that_never_shows_the_password(neo4j_env: Any) -> None:
    secret = "not-the-password-Zq93"
    result = invoke("stats", os.environ["NEO4J_URI"], "--password", secret)
    assert result.exit_code == 1
    assert "refused the credentials of user 'neo4j'" in result.stderr
    assert secret not in result.output and os.environ["NEO4J_PASSWORD"] not in result.output
    result = invoke("stats", os.environ["NEO4J_URI"], "--database", "nosuchdb")
    assert result.exit_code == 1 and "has no database 'nosuchdb'" in result.stderr


def test_server_not_running_is_a_clear_error(neo4j_env: Any) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = invoke("stats", f"bolt://127.0.0.1:{port}")
    assert result.exit_code == 1 and result.stderr.startswith(f"Error: cannot reach Neo4j at bolt://127.0.0.1:{port}")
    assert os.environ["NEO4J_PASSWORD"] not in result.output


def test_a_load_interrupted_by_stopping_the_server_is_completed_by_a_rerun(neo4j_env: Any) -> None:
    if not hasattr(neo4j_env, "stop"):
        pytest.skip("needs the server the tests started (NEO4J_URI points elsewhere)")
    eco = generate(1500, 800, 2000, 2500, seed=11)  # ~6.8k nodes, ~20k relationships
    stopped = threading.Event()

    def stop_after_the_second_batch(done: int, total: int) -> None:
        if not stopped.is_set() and done >= 2000:
            stopped.set()
            neo4j_env.stop(keep_data=True)

    with Neo4jStore(batch_size=1000, max_retry_time=3.0, connection_timeout=3.0) as store:
        with pytest.raises(LoadError) as caught:
            store.write(eco, progress=stop_after_the_second_batch)
    report = caught.value.report
    message = str(caught.value)
    assert not report.complete and 2000 <= report.nodes_written < len(eco) and report.relationships_written == 0
    written = report.nodes_written
    assert f"written: {written} of {len(eco)} nodes, 0 of {eco.graph.number_of_edges()} relationships" in message
    assert "re-run the same load to complete it" in message
    neo4j_env.start()
    # the report says exactly what the database holds: the batches committed before the stop
    assert counts(neo4j_env)["EcosystemNode"] == written and counts(neo4j_env)["relationships"] == 0
    with Neo4jStore() as store:
        with pytest.raises(SourceError, match="incomplete: its last load stopped part-way"):
            store.read()
        done = store.write(eco)
        assert done.complete and store.read() == eco
    assert counts(neo4j_env)["nodes"] == len(eco) + 1  # nothing duplicated


ANALYSIS_COMMANDS = [
    ["summary"], ["integrators"], ["gaps", "--totals"], ["gaps", "--depth", "2"], ["coverage", "--customers"],
    ["coverage"], ["recommend"], ["risks"], ["communities"], ["cocreate"],
]


@pytest.mark.parametrize("sample", [CAMERA, AERO])
def test_analyses_give_identical_records_from_neo4j_and_the_file(neo4j_env: Any, sample: Path) -> None:
    assert invoke("load", str(sample)).exit_code == 0
    extra = {CAMERA: (["whatif", "--without", "nimbus,fixright"], ["explain", "keep-gear-working"]),
             AERO: (["whatif", "--with", "jetfuel-ai"], ["explain", "keep-flying"])}[sample]
    for command, *rest in [*ANALYSIS_COMMANDS, *extra]:
        from_file = invoke(command, str(sample), *rest, "--format", "json")
        from_neo4j = invoke(command, os.environ["NEO4J_URI"], *rest, "--format", "json")
        assert from_file.exit_code == 0 and from_neo4j.exit_code == 0, (command, from_neo4j.output)
        assert from_neo4j.stdout == from_file.stdout, command
    old_new = invoke("diff", str(sample), os.environ["NEO4J_URI"], "--format", "json")
    assert json.loads(old_new.stdout) == {"changes": [], "gaps": [], "coverage": [], "integrators": []}
