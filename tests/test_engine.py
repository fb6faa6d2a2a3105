"""Tests of the compiled-engine algorithms (ecosystem.analyses.engine), networkx as the reference."""

from __future__ import annotations

import json
import math
import os
import random
import subprocess
import sys
import time
from collections.abc import Hashable, Iterator
from pathlib import Path

import networkx as nx
import pytest

from ecosystem.analyses import engine as engine
from ecosystem.formats.generate import generate_nodes

ROOT = Path(__file__).resolve().parents[1]
NX_VERSION = tuple(int(p) for p in nx.__version__.split(".")[:2])


@pytest.fixture(params=["igraph", "networkx"])
def backend(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test on igraph, then on the networkx fallback (igraph made unimportable)."""
    if request.param == "networkx":
        monkeypatch.setattr(engine, "_ig", None)
    else:
        assert engine._igraph() is not None  # igraph is a dependency: its runs never skip
    return str(request.param)


# -- graphs -------------------------------------------------------------------------


def strings(graph: nx.Graph, prefix: str = "n") -> nx.Graph:
    """The graph with its integer nodes renamed to string ids (not in sorted order)."""
    return nx.relabel_nodes(graph, {v: f"{prefix}{v}" for v in graph})


def sorted_copy(graph: nx.Graph) -> nx.Graph:
    """The same graph with its nodes inserted in sorted order (so networkx samples like engine)."""
    h: nx.Graph = nx.Graph()
    h.add_nodes_from(sorted(graph))
    h.add_edges_from(graph.edges(data=True))
    return h


def shuffled_copy(graph: nx.Graph, seed: int) -> nx.Graph:
    """The same graph with nodes and edges inserted in a random order."""
    rng = random.Random(seed)
    nodes, edges = list(graph.nodes(data=True)), list(graph.edges(data=True))
    rng.shuffle(nodes)
    rng.shuffle(edges)
    h: nx.Graph = nx.Graph()
    h.add_nodes_from(nodes)
    h.add_edges_from((v, u, d) if rng.random() < 0.5 else (u, v, d) for u, v, d in edges)
    return h


def small_graphs() -> Iterator[tuple[str, nx.Graph]]:
    yield "path", strings(nx.path_graph(7))
    yield "star", nx.star_graph(["hub", "a", "b", "c", "d", "e"])
    yield "karate", strings(nx.karate_club_graph())
    disconnected = strings(nx.path_graph(5))
    disconnected.add_edges_from([("x", "y"), ("y", "z"), ("z", "x"), ("z", "w")])
    yield "disconnected", disconnected
    isolated = strings(nx.cycle_graph(6))
    isolated.add_node("lonely")
    yield "isolated node", isolated
    yield "empty", nx.Graph()
    yield "one node", nx.Graph([("a", "a")])  # a self-loop only
    yield "two nodes", nx.Graph([("a", "b")])
    yield "gnm", strings(nx.gnm_random_graph(120, 300, seed=4))
    yield "grid", nx.relabel_nodes(nx.grid_2d_graph(5, 6), lambda v: f"{v[0]}-{v[1]}")


SMALL = list(small_graphs())
SMALL_IDS = [name for name, _ in SMALL]


def ecosystem_views(n: int, seed: int = 0) -> tuple[nx.Graph, nx.Graph]:
    """The undirected whole graph and the organisations' partnership graph of a generated ecosystem."""
    g = generate_nodes(n, seed).graph
    whole: nx.Graph = nx.Graph()
    whole.add_nodes_from(g)
    whole.add_edges_from((u, v) for u, v in g.edges() if u != v)
    partners: nx.Graph = nx.Graph()
    partners.add_nodes_from(v for v, d in g.nodes(data=True) if d["type"] in ("firm", "partner"))
    partners.add_edges_from((u, v) for u, v, k in g.edges(keys=True) if k == "PARTNERS_WITH")
    return whole, partners


@pytest.fixture(scope="module")
def eco2k() -> tuple[nx.Graph, nx.Graph]:
    return ecosystem_views(2000, seed=3)


def assert_close(
    got: dict[Hashable, float], want: dict[Hashable, float], tol: float = 1e-9, *, same_order: bool = True
) -> None:
    if same_order:
        assert list(got) == list(want)  # same nodes, in the graph's order
    assert got.keys() == want.keys()
    for v, value in want.items():
        if math.isnan(value):
            assert math.isnan(got[v]), v
        else:
            assert got[v] == pytest.approx(value, abs=tol), v


def top(values: dict[Hashable, float], k: int) -> set[Hashable]:
    return set(sorted(values, key=lambda v: (-values[v], str(v)))[:k])


def run_python(code: str, hashseed: str) -> str:
    env = dict(os.environ, PYTHONHASHSEED=hashseed, PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-c", code], check=False, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


# -- betweenness ------------------------------------------------------------------------


@pytest.mark.parametrize("name, graph", SMALL, ids=SMALL_IDS)
def test_exact_betweenness_equals_networkx(backend: str, name: str, graph: nx.Graph) -> None:
    assert_close(engine.betweenness(graph), nx.betweenness_centrality(graph, normalized=True))


def test_betweenness_known_values() -> None:
    assert engine.betweenness(nx.path_graph(["a", "b", "c"])) == {"a": 0.0, "b": 1.0, "c": 0.0}
    assert engine.betweenness(nx.Graph()) == {}
    assert engine.betweenness(nx.Graph([("a", "b")]), sample=1) == {"a": 0.0, "b": 0.0}
    star = engine.betweenness(nx.star_graph(["hub", *"abcdefg"]))
    assert star["hub"] == pytest.approx(1.0) and star["a"] == 0.0


@pytest.mark.skipif(NX_VERSION < (3, 5), reason="networkx < 3.5 scaled sampled betweenness differently")
@pytest.mark.parametrize("k, seed", [(1, 0), (2, 5), (5, 1), (10, 7), (33, 2)])
def test_sampled_betweenness_equals_networkx_with_same_sources(backend: str, k: int, seed: int) -> None:
    """networkx samples random.Random(seed).sample(list(G), k): the same sources as ours
    when G's nodes were added in sorted order, so its estimate (and scaling) must match."""
    graph = strings(nx.karate_club_graph())
    assert_close(
        engine.betweenness(graph, sample=k, seed=seed),
        nx.betweenness_centrality(sorted_copy(graph), k=k, seed=seed),
        same_order=False,
    )


@pytest.mark.parametrize("k", [3, 40])
def test_sampled_betweenness_scaling(backend: str, k: int) -> None:
    """The scaling written out (independent of the networkx version): the sum over the
    sources' shortest paths, / (k - 1)(n - 2) for a source and / k(n - 2) for the others."""
    graph = strings(nx.gnm_random_graph(60, 150, seed=2))
    n = len(graph)
    order = sorted(graph, key=str)
    sources = [order[i] for i in random.Random(9).sample(range(n), k)]
    half = nx.betweenness_centrality_subset(graph, sources=sources, targets=list(graph), normalized=False)
    want = {v: 2 * half[v] / ((k - 1 if v in sources else k) * (n - 2)) for v in graph}
    assert_close(engine.betweenness(graph, sample=k, seed=9), want)


def test_sampled_betweenness_is_deterministic(backend: str) -> None:
    graph = strings(nx.gnm_random_graph(300, 900, seed=5))
    first = engine.betweenness(graph, sample=20, seed=4)
    assert engine.betweenness(graph, sample=20, seed=4) == first
    # insertion order does not matter either: identical floats
    assert engine.betweenness(shuffled_copy(graph, 1), sample=20, seed=4) == first
    assert engine.betweenness(graph, sample=20, seed=5) != first


def test_sampled_betweenness_is_deterministic_across_processes(eco2k: tuple[nx.Graph, nx.Graph]) -> None:
    whole, partners = eco2k
    code = (
        "import json\n"
        "from ecosystem.analyses import engine\n"
        "from tests.test_engine import ecosystem_views\n"
        "whole, partners = ecosystem_views(2000, seed=3)\n"
        "b = engine.betweenness(whole, sample=64, seed=11)\n"
        "c = [sorted(map(str, x)) for x in engine.louvain_communities(partners, seed=2)]\n"
        "print(json.dumps({'b': b, 'c': c}))\n"
    )
    here = {
        "b": engine.betweenness(whole, sample=64, seed=11),
        "c": [sorted(map(str, x)) for x in engine.louvain_communities(partners, seed=2)],
    }
    for hashseed in ("1", "12345"):
        there = json.loads(run_python(code, hashseed))
        assert there["b"] == here["b"]  # identical floats (JSON round-trips them exactly)
        assert there["c"] == here["c"]


@pytest.mark.parametrize("name, graph", SMALL, ids=SMALL_IDS)
def test_sample_at_least_n_is_exact(name: str, graph: nx.Graph) -> None:
    exact = engine.betweenness(graph)
    n = len(graph)
    for k in (n, n + 1, 10 * n + 5):
        if k >= 1:
            assert engine.betweenness(graph, sample=k, seed=3) == exact


def test_sampled_betweenness_ranks_like_exact(eco2k: tuple[nx.Graph, nx.Graph]) -> None:
    whole, _ = eco2k
    exact = engine.betweenness(whole)
    sampled = engine.betweenness(whole, sample=256, seed=0)
    assert len(top(exact, 10) & top(sampled, 10)) >= 7


def test_betweenness_rejects_bad_input() -> None:
    with pytest.raises(ValueError):
        engine.betweenness(nx.path_graph(["a", "b", "c"]), sample=0)
    with pytest.raises(nx.NetworkXNotImplemented):
        engine.betweenness(nx.DiGraph([("a", "b")]))
    with pytest.raises(nx.NetworkXNotImplemented):
        engine.betweenness(nx.MultiGraph([("a", "b")]))


def test_betweenness_on_unorderable_ids(backend: str) -> None:
    graph = nx.Graph([(1, "a"), ("a", (2, 3)), ((2, 3), 4.5), (4.5, 1), ("a", "b")])
    assert_close(engine.betweenness(graph), nx.betweenness_centrality(graph))


# -- Louvain ------------------------------------------------------------------------------


def two_cliques(size: int = 6) -> nx.Graph:
    graph = nx.complete_graph([f"a{i}" for i in range(size)])
    graph.add_edges_from(nx.complete_graph([f"b{i}" for i in range(size)]).edges())
    graph.add_edge("a0", "b0")
    return graph


def assert_partition(communities: list[frozenset[Hashable]], graph: nx.Graph) -> None:
    members = [v for c in communities for v in c]
    assert sorted(members, key=str) == sorted(graph, key=str)  # every node exactly once
    keys = [(-len(c), min(str(v) for v in c)) for c in communities]
    assert keys == sorted(keys)


def test_louvain_finds_two_cliques(backend: str) -> None:
    graph = two_cliques()
    communities = engine.louvain_communities(graph)
    assert communities == [frozenset(f"a{i}" for i in range(6)), frozenset(f"b{i}" for i in range(6))]
    for seed in range(5):
        assert engine.louvain_communities(shuffled_copy(graph, seed), seed=seed) == communities


def test_louvain_is_deterministic(backend: str, eco2k: tuple[nx.Graph, nx.Graph]) -> None:
    _, partners = eco2k
    first = engine.louvain_communities(partners, seed=1)
    assert_partition(first, partners)
    assert engine.louvain_communities(partners, seed=1) == first
    assert engine.louvain_communities(shuffled_copy(partners, 3), seed=1) == first


def test_louvain_quality_matches_networkx(backend: str, eco2k: tuple[nx.Graph, nx.Graph]) -> None:
    _, partners = eco2k
    ours = nx.community.modularity(partners, [set(c) for c in engine.louvain_communities(partners, seed=0)])
    theirs = nx.community.modularity(partners, nx.community.louvain_communities(partners, seed=0))
    assert ours >= theirs - 0.02
    assert ours > 0.4


def test_louvain_uses_weights(backend: str) -> None:
    ring = nx.cycle_graph([f"r{i}" for i in range(12)])
    for i in range(0, 12, 2):  # heavy pairs r0-r1, r2-r3, ...
        ring[f"r{i}"][f"r{i + 1}"]["weight"] = 50.0
    pairs = sorted((frozenset({f"r{i}", f"r{i + 1}"}) for i in range(0, 12, 2)), key=min)
    assert engine.louvain_communities(ring) == pairs
    assert engine.louvain_communities(ring, weight=None) != pairs
    shifted = nx.cycle_graph([f"r{i}" for i in range(12)])  # the other pairing, r1-r2, ...
    for i in range(1, 12, 2):
        shifted[f"r{i}"][f"r{(i + 1) % 12}"]["weight"] = 50.0
    assert set(engine.louvain_communities(shifted)) == {
        frozenset({f"r{i}", f"r{(i + 1) % 12}"}) for i in range(1, 12, 2)
    }


def test_louvain_resolution(backend: str) -> None:
    graph = two_cliques()
    assert len(engine.louvain_communities(graph, resolution=0.05)) == 1
    assert len(engine.louvain_communities(graph, resolution=1.0)) == 2


def test_louvain_edge_cases(backend: str) -> None:
    assert engine.louvain_communities(nx.Graph()) == []
    graph: nx.Graph = nx.Graph()
    graph.add_nodes_from(["c", "a", "b"])
    assert engine.louvain_communities(graph) == [frozenset({"a"}), frozenset({"b"}), frozenset({"c"})]
    multi: nx.MultiGraph = nx.MultiGraph(two_cliques())
    multi.add_edge("a0", "b0")  # parallel edge: summed weight 2
    assert len(engine.louvain_communities(multi)) == 2
    with pytest.raises(nx.NetworkXNotImplemented):
        engine.louvain_communities(nx.DiGraph([("a", "b")]))


# -- effective size ---------------------------------------------------------------------------


def nx_effective_size(graph: nx.Graph) -> dict[Hashable, float]:
    """networkx's values, with its nan for neighbourless nodes read as our 0.0."""
    return {v: 0.0 if math.isnan(x) else x for v, x in nx.effective_size(graph).items()}


@pytest.mark.parametrize(
    "graph",
    [
        strings(nx.karate_club_graph()),
        strings(nx.gnm_random_graph(200, 800, seed=1)),
        strings(nx.gnm_random_graph(300, 3000, seed=2)),
        strings(nx.barabasi_albert_graph(400, 3, seed=3)),
        strings(nx.complete_graph(12)),
    ],
    ids=["karate", "gnm-200-800", "gnm-300-3000", "barabasi", "complete"],
)
def test_effective_size_equals_networkx(graph: nx.Graph) -> None:
    assert_close(engine.effective_size(graph), nx_effective_size(graph))


def test_effective_size_on_generated_partnerships(eco2k: tuple[nx.Graph, nx.Graph]) -> None:
    _, partners = eco2k
    assert_close(engine.effective_size(partners), nx_effective_size(partners))


def test_effective_size_edge_cases() -> None:
    assert engine.effective_size(nx.Graph()) == {}
    graph = nx.path_graph(["a", "b", "c"])
    graph.add_node("alone")
    graph.add_edge("loop", "loop")
    graph.add_edge("b", "b")  # self-loops are ignored
    assert engine.effective_size(graph) == {"a": 1.0, "b": 2.0, "c": 1.0, "alone": 0.0, "loop": 0.0}
    with pytest.raises(nx.NetworkXNotImplemented):
        engine.effective_size(nx.DiGraph([("a", "b")]))


def test_effective_size_hub_is_not_quadratic() -> None:
    """Hubs of 400 neighbours in a graph of 200,000 nodes: each edge costs its smaller
    degree (a pass over the graph per node would take hours; this takes about a second)."""
    graph: nx.Graph = nx.Graph()
    for h in range(20):
        graph.add_edges_from((f"hub{h}", f"s{h}-{i}") for i in range(400))
        graph.add_edges_from((f"s{h}-{i}", f"s{h}-{i + 1}") for i in range(0, 400, 2))  # 200 ties
    graph.add_edges_from((f"p{i}", f"p{i + 1}") for i in range(192_000))
    start = time.perf_counter()
    result = engine.effective_size(graph)
    assert time.perf_counter() - start < 20
    assert result["hub0"] == pytest.approx(400 - 2 * 200 / 400)
    assert result["s0-0"] == 1.0 and result["p5"] == 2.0
