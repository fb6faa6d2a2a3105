"""Benchmark: the analyses on generated graphs, next to the straightforward networkx way.

For each size, a generated ecosystem (``generate_nodes(n, seed=1)``, about 3
relationships per node) is analysed by the library and by the way a user
would first write it with networkx:

* gaps / coverage / recommend / what-if: the partnership graph built once,
  then per requirement a shortest-path search from the focal firm to each
  provider (``nx.shortest_path_length``), and per job a scan of its
  customers.  On big graphs that takes hours, so the searches are timed on the
  first ``--naive-jobs`` jobs and scaled to all jobs (marked ``est.``), and
  their gaps are checked against the library's before anything is printed.
  Coverage and recommend are compared with that same search (their own
  arithmetic on top of it is not added, so their ratios are low bounds);
  what-if with two of them (before and after);
* integrators: ``nx.betweenness_centrality(G, k=256, seed=0)`` on the whole
  undirected graph, ``nx.effective_size`` on the partnership graph, and a
  subset test of every job against every organisation for reach.  Above
  ``--networkx-max`` nodes betweenness is timed with k=2 sources and scaled
  by 128 (it is linear in k), effective size on 200 organisations and scaled,
  reach on 200 organisations and scaled: marked ``est.``.

``gaps`` ranks every gap with its candidates (a ``GapTable``, whose records
are built when read); ``gaps+records`` also builds every ``Gap`` record.
Medians of ``--repeat`` runs; ratios are naive / ours.  Loading the graph is
not timed.  Run: ``python benchmarks/bench_analyses.py [--sizes 10000 100000 1000000]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ecosystem.analyses.coverage import coverage  # noqa: E402
from ecosystem.analyses.gaps import capability_gaps  # noqa: E402
from ecosystem.formats.generate import generate_nodes  # noqa: E402
from ecosystem.analyses.integrators import central_integrators  # noqa: E402
from ecosystem.model.graph import Ecosystem  # noqa: E402
from ecosystem.analyses.recommend import recommend_partners  # noqa: E402
from ecosystem.analyses.whatif import what_if  # noqa: E402


def timed(work: Callable[[], Any], repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


# -- the straightforward way ---------------------------------------------------
def naive_partner_graph(eco: Ecosystem) -> nx.Graph:
    g = nx.Graph()
    g.add_nodes_from(n for n, t in eco.graph.nodes(data="type") if t in ("firm", "partner"))
    g.add_edges_from((u, v) for u, v, k in eco.graph.edges(keys=True) if k == "PARTNERS_WITH")
    return g


def naive_gaps(eco: Ecosystem, partners: nx.Graph, jobs: list[str], depth: int = 1) -> list[tuple[str, str, float]]:
    """Per job: its opportunity from its customers, then per requirement a path search to each provider."""
    g = eco.graph
    out = []
    for job in jobs:
        opportunity = 0.0
        for customer in g.predecessors(job):
            data = g[customer][job].get("HAS_JOB")
            if data:
                imp, sat = data["importance"], data["satisfaction"]
                opportunity += g.nodes[customer].get("weight", 1.0) * (imp + max(imp - sat, 0))
        for cap in g.successors(job):
            req = g[job][cap].get("REQUIRES")
            if req is None:
                continue
            covered = False
            for provider in g.predecessors(cap):
                if "PROVIDES" not in g[provider][cap]:
                    continue
                org = provider
                if g.nodes[provider]["type"] == "unit":
                    org = next((p for p in g.successors(provider) if "PART_OF" in g[provider][p]), provider)
                try:
                    if nx.shortest_path_length(partners, eco.focal, org) <= depth:
                        covered = True
                        break
                except (nx.NetworkXNoPath, nx.NodeNotFound):
                    pass
            if not covered:
                out.append((job, cap, opportunity * req.get("weight", 1.0)))
    return out


def naive_integrators(eco: Ecosystem, k: int, brokers: int | None = None) -> float:
    """Time of networkx betweenness (k sources) plus effective size (all nodes, or ``brokers``
    of them scaled to all): the two slow parts."""
    started = time.perf_counter()
    whole = nx.Graph(eco.graph.to_undirected(as_view=True))
    nx.betweenness_centrality(whole, k=min(k, whole.number_of_nodes()), seed=0)
    betweenness = time.perf_counter() - started
    partners = naive_partner_graph(eco)
    nodes = sorted(partners)[:brokers] if brokers else None
    started = time.perf_counter()
    nx.effective_size(partners, nodes=nodes)
    brokerage = (time.perf_counter() - started) * (len(partners) / len(nodes) if nodes else 1)
    return betweenness, brokerage


def naive_reach(eco: Ecosystem, organisations: list[str]) -> None:
    g = eco.graph
    jobs = [j for j, t in g.nodes(data="type") if t == "job"]
    needs = {j: {c for c in g.successors(j) if "REQUIRES" in g[j][c]} for j in jobs}
    partners = naive_partner_graph(eco)
    for org in organisations:
        caps = {c for c in g.successors(org) if "PROVIDES" in g[org][c]}
        for p in partners.neighbors(org):
            caps |= {c for c in g.successors(p) if "PROVIDES" in g[p][c]}
        sum(1 for j in jobs if needs[j] and needs[j] <= caps)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--naive-jobs", type=int, default=300)
    parser.add_argument("--networkx-max", type=int, default=10_000)
    parser.add_argument("--integrators-max", type=int, default=100_000)
    args = parser.parse_args()
    print(f"{'nodes':>8} {'analysis':<13} {'ours s':>8} {'networkx s':>12} {'ratio':>8}   (medians of {args.repeat})")
    for size in args.sizes:
        eco = generate_nodes(size, seed=1)
        jobs = [j for j, t in eco.graph.nodes(data="type") if t == "job"]
        top_partner = max(
            (n for n, t in eco.graph.nodes(data="type") if t == "partner"), key=lambda n: (eco.graph.degree(n), n)
        )
        sample_jobs = jobs[: args.naive_jobs]
        # the partnership graph is built once (timed once); the per-job searches are scaled to all jobs
        started = time.perf_counter()
        partners = naive_partner_graph(eco)
        setup = time.perf_counter() - started
        found: list[tuple[str, str, float]] = []
        per_jobs = timed(lambda: found.extend(naive_gaps(eco, partners, sample_jobs)), 1)
        naive = setup + per_jobs * len(jobs) / max(1, len(sample_jobs))
        estimated = len(sample_jobs) < len(jobs)
        # the baseline must get the same answer, or its time means nothing
        chosen = set(sample_jobs)
        expected = {(g.job, g.capability, g.severity) for g in capability_gaps(eco) if g.job in chosen}
        if {(j, c, round(s, 6)) for j, c, s in found} != expected:
            raise SystemExit(f"{size}: the networkx baseline and the library disagree on the gaps of {len(chosen)} jobs")
        rows = [
            ("gaps", lambda: capability_gaps(eco)),
            # the gaps come back as columns, each record built when read: this reads every one
            ("gaps+records", lambda: list(capability_gaps(eco))),
            ("coverage", lambda: coverage(eco)),
            ("recommend", lambda: recommend_partners(eco)),
            ("whatif", lambda: what_if(eco, without=[top_partner])),
        ]
        for name, work in rows:
            ours = timed(work, args.repeat)
            # the naive what-if runs the naive gaps twice (before and after)
            base = naive * (2 if name == "whatif" else 1)
            label = f"{base:,.1f}{' est.' if estimated else ''}"
            ratio = f"{base / ours:.0f}x{' est.' if estimated else ''}"
            print(f"{size:>8} {name:<13} {ours:>8.2f} {label:>12} {ratio:>10}", flush=True)
        if size <= args.integrators_max:
            ours = timed(lambda: central_integrators(eco), 1 if size > 10_000 else args.repeat)
            organisations = [n for n, t in eco.graph.nodes(data="type") if t in ("firm", "partner")]
            if size <= args.networkx_max:
                bet, brokerage = naive_integrators(eco, 256)
                base = bet + brokerage + timed(lambda: naive_reach(eco, organisations), 1)
                label = f"{base:,.1f}"
            else:
                # networkx's effective size takes over 7 minutes on a 20k-organisation graph here:
                # time 200 of them and scale; betweenness with 2 sources, scaled to 256.
                bet, brokerage = naive_integrators(eco, 2, brokers=200)
                sample = organisations[:200]
                reach = timed(lambda: naive_reach(eco, sample), 1) * len(organisations) / len(sample)
                base = bet * 128 + brokerage + reach
                label = f"{base:,.0f} est."
            print(f"{size:>8} {'integrators':<13} {ours:>8.2f} {label:>12} {base / ours:>7.0f}x", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
