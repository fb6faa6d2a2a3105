"""Neo4j faults and hostile data, against the real server: each ends in a clear message and a
correct end state, and a re-run of an interrupted load completes it without duplicates."""

from __future__ import annotations

import threading
from typing import Any

import pytest

import ecosystem
from ecosystem.formats.generate import generate
from ecosystem.model.errors import SourceError
from ecosystem.stores.neo4j import LoadError, Neo4jStore

from .conftest import SAMPLES
from .proxy import CuttableProxy
from .test_neo4j import counts

pytestmark = pytest.mark.neo4j


def _host_port(uri: str) -> tuple[str, int]:
    host, _, port = uri.split("://", 1)[1].rpartition(":")
    return host, int(port)


def test_network_dropped_mid_load_then_rerun_completes(neo4j_env: Any) -> None:
    proxy = CuttableProxy(*_host_port(neo4j_env.uri))
    eco = generate(800, 300, 800, 1000, seed=5)
    cut = threading.Event()

    def drop_the_network(done: int, total: int) -> None:
        if not cut.is_set() and done >= 1000:
            cut.set()
            proxy.cut()

    try:
        uri = f"bolt://127.0.0.1:{proxy.port}"
        with Neo4jStore(uri, batch_size=500, max_retry_time=2.0, connection_timeout=2.0) as store:
            with pytest.raises(LoadError) as caught:
                store.write(eco, progress=drop_the_network)
        assert "stopped part-way" in str(caught.value) and "re-run the same load" in str(caught.value)
        assert neo4j_env.password not in str(caught.value)
        written = caught.value.report.nodes_written
        assert counts(neo4j_env)["EcosystemNode"] == written  # exactly what the report says
        proxy.restore()
        with Neo4jStore(uri) as store:
            assert store.write(eco).complete
            assert store.read() == eco
        assert counts(neo4j_env)["EcosystemNode"] == len(eco)
    finally:
        proxy.close()


def test_a_batch_too_big_for_transaction_memory_is_split_not_retried(neo4j_env: Any) -> None:
    if not hasattr(neo4j_env, "stop"):
        pytest.skip("needs a server with a small transaction memory limit, started by the tests")
    import neo4j_server as harness  # type: ignore[import-not-found]  # on sys.path via the fixture

    eco = generate(400, 100, 300, 400, seed=8)
    for node in list(eco.graph.nodes)[:2000]:
        eco.graph.nodes[node]["notes"] = "x" * 2000  # ~4 MB of text in the first node batch
    with harness.Neo4jServer(extra_config={"db.memory.transaction.max": "2m"}) as small:
        with Neo4jStore(small.uri, user=small.user, password=small.password, batch_size=5000) as store:
            report = store.write(eco)
            assert report.complete and store.read() == eco
    assert report.batches > 7  # 6 node types + 7 relationship types at most, unsplit
    assert report.seconds < 25  # split at once, not retried for the driver's 30 s


def test_two_loads_of_different_ecosystems_at_the_same_time(neo4j_env: Any) -> None:
    first, second = generate(300, 100, 200, 300, seed=1), generate(300, 100, 200, 300, seed=2)
    second.name = "Second"
    errors: list[BaseException] = []

    def load(eco: ecosystem.Ecosystem) -> None:
        try:
            with Neo4jStore(batch_size=100) as store:
                store.write(eco)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=load, args=(e,)) for e in (first, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == []
    with Neo4jStore() as store:
        assert store.read(first.name) == first and store.read("Second") == second
    assert counts(neo4j_env)["EcosystemNode"] == len(first) + len(second)


HOSTILE = "x'}) MATCH (n) DETACH DELETE n //"


def test_injection_through_ids_names_keys_and_the_ecosystem_name(neo4j_env: Any) -> None:
    bystander = ecosystem.load(SAMPLES / "aero_engine.yaml")
    eco = ecosystem.Ecosystem(HOSTILE + " `ecosystem`", focal="f` DETACH DELETE n //")
    eco.add_node("f` DETACH DELETE n //", "firm", "Robert'); DROP TABLE partners;--")
    eco.add_node("p\"}) DETACH DELETE n", "partner", HOSTILE, **{"key` = 1 DETACH DELETE n //": "v", "k'}": "$x"})
    eco.add_node("c", "capability", "{{7*7}}", kind="skill")
    eco.add_relationship("PARTNERS_WITH", "f` DETACH DELETE n //", "p\"}) DETACH DELETE n",
                         **{"kind": "') DETACH DELETE n //", "odd`key": 1})
    eco.add_relationship("PROVIDES", "p\"}) DETACH DELETE n", "c")
    with Neo4jStore() as store:
        store.write(bystander)
        store.write(eco)
        assert store.read(eco.name) == eco
        assert store.read(bystander.name) == bystander
    assert counts(neo4j_env)["EcosystemNode"] == len(bystander) + 3
    assert counts(neo4j_env)["Ecosystem"] == 2


def test_connection_errors_never_reveal_the_password(neo4j_env: Any, capfd: pytest.CaptureFixture[str]) -> None:
    from click.testing import CliRunner

    from ecosystem.cli.main import main

    secret = "Sup3r-Secret-Value"
    outputs = []
    for args in (
        ["stats", neo4j_env.uri, "--password", secret],
        ["stats", f"bolt://neo4j:{secret}@127.0.0.1:1"],
        ["load", str(SAMPLES / "camera.yaml"), neo4j_env.uri, "--password", secret],
        ["neo4j", "init", neo4j_env.uri, "--password", secret],
    ):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 1
        outputs.append(result.output)
    with pytest.raises(SourceError) as caught:
        Neo4jStore(neo4j_env.uri, password=secret).ecosystems()
    outputs.append(str(caught.value) + repr(Neo4jStore(neo4j_env.uri, password=secret)))
    captured = capfd.readouterr()
    everything = "\n".join(outputs) + captured.out + captured.err
    assert secret not in everything and "refused the credentials" in everything


def test_an_incomplete_commit_is_resolved_by_writing_the_idempotent_batch_again(neo4j_env: Any) -> None:
    # The proxy lets a COMMIT through to the server and then drops the connection before the
    # answer comes back: the driver raises IncompleteCommit (did it commit? nobody knows).
    proxy = CuttableProxy(*_host_port(neo4j_env.uri))
    eco = ecosystem.load(SAMPLES / "camera.yaml")
    try:
        with Neo4jStore(f"bolt://127.0.0.1:{proxy.port}", batch_size=10, max_retry_time=10.0) as store:
            store.init_schema()
            proxy.drop_after_commit = 3
            report = store.write(eco)
            assert proxy.commits_dropped == 3 and report.complete
            assert store.read() == eco
        assert counts(neo4j_env)["EcosystemNode"] == len(eco)  # nothing written twice
        assert counts(neo4j_env)["relationships"] == eco.graph.number_of_edges()
    finally:
        proxy.close()
