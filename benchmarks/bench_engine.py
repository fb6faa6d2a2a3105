"""Benchmark ecosystem.analyses.engine against the plain networkx calls a user would write.

On generated ecosystems (``generate_nodes(n, seed)``, ~3 relationships per
node) it times, as the median of ``--repeat`` runs:

* betweenness of the undirected whole graph from 256 sampled sources:
  ``engine.betweenness(G, sample=256)`` (conversion to the engine included)
  vs ``nx.betweenness_centrality(G, k=256, seed=0)``;
* Louvain on the organisations' partnership graph:
  ``engine.louvain_communities(P)`` vs ``nx.community.louvain_communities(P, seed=0)``
  (with the modularity of each partition, so speed is not bought with quality);
* effective size on the partnership graph: ``engine.effective_size(P)`` vs
  ``nx.effective_size(P)``;

and prints the ratios.  networkx is skipped above ``--networkx-max`` nodes (it
takes many minutes at 100,000).  ``--networkit`` adds networkit's sampled
betweenness and PLM (Louvain) for comparison, if it is installed.

Then it measures the error of sampled betweenness against the exact one on
the ``--error-size`` graph, for a few seeds: Spearman rank correlation (over
the organisations and over all nodes), the largest absolute difference and
the overlap of the top 20 organisations.

Run from the repository root (2 cores: keep it to one benchmark at a time)::

    python benchmarks/bench_engine.py                       # 10k and 100k
    python benchmarks/bench_engine.py --sizes 10000 --repeat 1
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from collections.abc import Callable, Hashable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ecosystem.analyses import engine  # noqa: E402
from ecosystem.formats.generate import generate_nodes  # noqa: E402

T = TypeVar("T")
ORG_TYPES = ("firm", "partner")


def timed(fn: Callable[[], T], repeat: int) -> tuple[float, T]:
    """Median wall time of ``repeat`` calls, and the last result."""
    times = []
    result: Any = None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def views(n: int, seed: int) -> tuple[nx.Graph, nx.Graph, list[str]]:
    """The undirected whole graph, the partnership graph and the organisations' ids."""
    g = generate_nodes(n, seed).graph
    whole: nx.Graph = nx.Graph()
    whole.add_nodes_from(g)
    whole.add_edges_from((u, v) for u, v in g.edges() if u != v)
    orgs = [v for v, d in g.nodes(data=True) if d["type"] in ORG_TYPES]
    partners: nx.Graph = nx.Graph()
    partners.add_nodes_from(orgs)
    partners.add_edges_from((u, v) for u, v, k in g.edges(keys=True) if k == "PARTNERS_WITH")
    return whole, partners, orgs


def fmt(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    return f"{seconds:.3f} s" if seconds < 10 else f"{seconds:.1f} s"


def ratio(slow: float | None, fast: float | None) -> str:
    if slow is None or fast is None or fast <= 0:
        return "-"
    return f"{slow / fast:,.0f}x" if slow / fast >= 10 else f"{slow / fast:.1f}x"


# -- the comparison -----------------------------------------------------------------


def convert_only(graph: nx.Graph) -> Any:
    """What engine.betweenness does before computing: the conversion to igraph."""
    nodes = engine._sorted_nodes(graph)
    index = {v: i for i, v in enumerate(nodes)}
    edges = engine._simple_edges(graph, index)
    ig = engine._igraph()
    return ig.Graph(n=len(nodes), edges=edges) if ig is not None else edges


def networkit_times(whole: nx.Graph, partners: nx.Graph, sample: int, repeat: int) -> dict[str, float]:
    import networkit as nk  # type: ignore[import-untyped]

    def to_nk(graph: nx.Graph) -> Any:
        nodes = engine._sorted_nodes(graph)
        index = {v: i for i, v in enumerate(nodes)}
        h = nk.Graph(len(nodes))
        for i, j in engine._simple_edges(graph, index):
            h.addEdge(i, j)
        return h

    def betw() -> Any:
        nk.setSeed(0, False)
        est = nk.centrality.EstimateBetweenness(to_nk(whole), sample, True, True)
        est.run()
        return est.scores()

    def plm() -> Any:
        nk.setSeed(0, False)
        algo = nk.community.PLM(to_nk(partners), refine=False, gamma=1.0)
        algo.run()
        return algo.getPartition()

    return {"betweenness": timed(betw, repeat)[0], "louvain": timed(plm, repeat)[0]}


def compare(n: int, args: argparse.Namespace) -> None:
    start = time.perf_counter()
    whole, partners, _ = views(n, args.seed)
    built = time.perf_counter() - start
    print(
        f"\n## {n:,} nodes: whole graph {whole.number_of_nodes():,} nodes / {whole.number_of_edges():,} edges, "
        f"partnership graph {partners.number_of_nodes():,} / {partners.number_of_edges():,}"
        f"  (generated + views built in {built:.1f} s)"
    )
    k, repeat = args.sample, args.repeat
    run_nx = n <= args.networkx_max

    rows: list[tuple[str, float | None, float | None, str]] = []
    conv, _ = timed(lambda: convert_only(whole), repeat)
    rows.append(("convert whole graph (incl. below)", conv, None, ""))

    eb, _ = timed(lambda: engine.betweenness(whole, sample=k, seed=0), repeat)
    nb = timed(lambda: nx.betweenness_centrality(whole, k=k, seed=0), repeat)[0] if run_nx else None
    rows.append((f"betweenness k={k}", eb, nb, ratio(nb, eb)))

    el, ours = timed(lambda: engine.louvain_communities(partners, seed=0), repeat)
    if run_nx:
        nl, theirs = timed(lambda: nx.community.louvain_communities(partners, seed=0), repeat)
    else:
        nl, theirs = None, None
    rows.append(("louvain (partnerships)", el, nl, ratio(nl, el)))

    ee, _ = timed(lambda: engine.effective_size(partners), repeat)
    ne = timed(lambda: nx.effective_size(partners), repeat)[0] if run_nx else None
    rows.append(("effective size (partnerships)", ee, ne, ratio(ne, ee)))

    total_e = eb + el + ee
    total_n = None if not run_nx else (nb or 0) + (nl or 0) + (ne or 0)
    rows.append(("total", total_e, total_n, ratio(total_n, total_e)))

    skipped = f"skipped (> {args.networkx_max:,})"
    print(f"\n| step | {engine.ENGINE} | networkx | speed-up |")
    print("| --- | ---: | ---: | ---: |")
    for name, e, nxt, r in rows:
        shown = fmt(nxt) if (run_nx or name.startswith("convert")) else skipped
        print(f"| {name} | {fmt(e)} | {shown} | {r or '-'} |")

    q_ours = nx.community.modularity(partners, [set(c) for c in ours])
    line = f"\nLouvain modularity: {engine.ENGINE} {q_ours:.4f} ({len(ours)} communities)"
    if theirs is not None:
        q_theirs = nx.community.modularity(partners, theirs)
        line += f", networkx {q_theirs:.4f} ({len(theirs)} communities)"
    print(line)

    if args.networkit:
        try:
            nkt = networkit_times(whole, partners, k, repeat)
        except ImportError:
            print("networkit: not installed")
        else:
            print(
                f"networkit (conversion included, {nk_threads()} threads): "
                f"EstimateBetweenness k={k} {fmt(nkt['betweenness'])}, PLM {fmt(nkt['louvain'])}"
            )


def nk_threads() -> int:
    import networkit as nk  # type: ignore[import-untyped]

    return int(nk.getMaxNumberOfThreads())


# -- sampling error -------------------------------------------------------------------


def ranks(values: Sequence[float]) -> list[float]:
    """Ranks from 1, ties sharing their average rank."""
    order = sorted(range(len(values)), key=values.__getitem__)
    out = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for p in range(i, j + 1):
            out[order[p]] = (i + j) / 2 + 1
        i = j + 1
    return out


def spearman(a: dict[Hashable, float], b: dict[Hashable, float], keys: Sequence[Hashable]) -> float:
    ra, rb = ranks([a[v] for v in keys]), ranks([b[v] for v in keys])
    return statistics.correlation(ra, rb)


def top(values: dict[Hashable, float], keys: Sequence[Hashable], k: int) -> set[Hashable]:
    return set(sorted(keys, key=lambda v: (-values[v], str(v)))[:k])


def sampling_error(n: int, args: argparse.Namespace) -> None:
    whole, _, orgs = views(n, args.seed)
    k = args.sample
    start = time.perf_counter()
    exact = engine.betweenness(whole)
    took = time.perf_counter() - start
    every = list(whole)
    print(
        f"\n## Error of sampled (k={k}) vs exact betweenness, {n:,}-node ecosystem "
        f"({len(orgs):,} organisations; exact took {took:.1f} s on {engine.ENGINE}; "
        f"largest exact value {max(exact.values()):.4f})\n"
    )
    print(
        "| seed | Spearman (orgs) | Spearman (all) | max abs diff (orgs) | max abs diff (all) "
        "| top-20 orgs overlap | top-5 orgs overlap |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for seed in range(args.error_seeds):
        est = engine.betweenness(whole, sample=k, seed=seed)
        print(
            f"| {seed} | {spearman(exact, est, orgs):.4f} | {spearman(exact, est, every):.4f} "
            f"| {max(abs(exact[v] - est[v]) for v in orgs):.4f} | {max(abs(exact[v] - est[v]) for v in every):.4f} "
            f"| {len(top(exact, orgs, 20) & top(est, orgs, 20))}/20 | {len(top(exact, orgs, 5) & top(est, orgs, 5))}/5 |"
        )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000], help="ecosystem sizes (nodes)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (median)")
    parser.add_argument("--networkx-max", type=int, default=10_000, help="skip networkx above this many nodes")
    parser.add_argument("--sample", type=int, default=engine.DEFAULT_SAMPLE, help="sampled betweenness sources")
    parser.add_argument("--seed", type=int, default=0, help="seed of the generated ecosystems")
    parser.add_argument("--error-size", type=int, default=10_000, help="graph size for the sampling error (0: skip)")
    parser.add_argument("--error-seeds", type=int, default=5, help="sampling seeds for the error")
    parser.add_argument("--networkit", action="store_true", help="also time networkit, if installed")
    args = parser.parse_args(argv)

    print(f"engine: {engine.ENGINE}; networkx {nx.__version__}; python {sys.version.split()[0]}")
    if engine.ENGINE == "igraph":
        import igraph  # type: ignore[import-untyped]

        print(f"igraph {igraph.__version__}")
    for n in args.sizes:
        compare(n, args)
    if args.error_size:
        sampling_error(args.error_size, args)


if __name__ == "__main__":
    main()
