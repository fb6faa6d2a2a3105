"""Heavy graph algorithms on a compiled engine, networkx graphs in and out.

Users see networkx graphs; the expensive analyses (betweenness centrality on
the whole ecosystem, Louvain communities on the partnership graph) run on
`igraph <https://python.igraph.org>`_, a C library: each function converts
its networkx graph once (nodes sorted by id, edges sorted), runs the
algorithm there and maps the result back to the node ids.  networkx stays the
reference: the results equal networkx's (betweenness, effective size) or are
of the same kind (Louvain), and every function falls back to networkx when
igraph is not installed (:data:`ENGINE` says which one is in use).

Why igraph (measured with ``benchmarks/bench_engine.py`` on this project's
generated ecosystems, on a shared 2-core machine): on 100,000 nodes and
295,000 relationships, betweenness from 256 sampled sources takes 13-16 s
in igraph (one thread, conversion included) against 18-22 s for networkit's
``EstimateBetweenness`` (two threads); Louvain on the 20,000-organisation
partnership graph takes 0.6-0.9 s in igraph and 0.2 s in networkit.
networkx, measured earlier on a graph of that size, took about 470 s and
560 s; on 10,000 nodes igraph is 47x faster than networkx for sampled
betweenness (0.3 s against 14 s) and 11x for Louvain.
igraph also takes the sampled sources explicitly (so the sample and its
scaling are exactly networkx's), takes a seedable random number generator
(so Louvain is reproducible), and is a 17 MB install with one small
pure-Python dependency, where networkit brings numpy and scipy (about
270 MB installed).

Everything is deterministic: the same graph (whatever its insertion order)
and seed give the same floats and the same partition in any process, because
nodes are put in a stable order (sorted ids) before anything random happens,
and nothing depends on string hashing.

>>> import networkx as nx
>>> G = nx.path_graph(["a", "b", "c"])
>>> betweenness(G)
{'a': 0.0, 'b': 1.0, 'c': 0.0}
"""

from __future__ import annotations

import functools
import gc
import importlib.util
import math
import random
import threading
from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import networkx as nx

__all__ = [
    "DEFAULT_SAMPLE",
    "ENGINE",
    "EXACT_BETWEENNESS_LIMIT",
    "betweenness",
    "effective_size",
    "louvain_communities",
    "sample_size_for",
]

ENGINE: str = "igraph" if importlib.util.find_spec("igraph") is not None else "networkx"
"""The library the heavy algorithms run on: ``"igraph"``, or ``"networkx"``
when igraph is not installed (same results, much slower).  igraph itself is
imported by the first function that needs it (it takes ~0.4 s to load)."""

_UNLOADED: Any = object()
#: The igraph module once loaded (``None`` if it cannot be; tests set ``None`` to run the fallback).
_ig: Any = _UNLOADED


def _igraph() -> Any:
    """The igraph module, imported on first use, or ``None`` when it is not installed."""
    global _ig
    if _ig is _UNLOADED:
        try:  # the compiled engine; everything works (slowly) without it
            import igraph
        except ImportError:  # pragma: no cover - exercised by monkeypatching in tests
            igraph = None
        _ig = igraph
    return _ig

EXACT_BETWEENNESS_LIMIT: int = 5000
"""Largest graph (in nodes) whose betweenness is worth computing exactly.

Exact betweenness runs one breadth-first search per node, so its cost grows
like n*m: with igraph, 2.2 s at 5,000 nodes and 10 s at 10,000 (generated
ecosystems, ~3 edges per node).  Above this limit pass
``sample=DEFAULT_SAMPLE`` (see :func:`sample_size_for`).
"""

DEFAULT_SAMPLE: int = 256
"""Number of source nodes for sampled betweenness on large graphs.

Measured error of ``sample=256`` against exact betweenness on a generated
10,000-node ecosystem (29,755 edges, 2,000 organisations; sampling seeds
0-4; ``benchmarks/bench_engine.py``):

* Spearman rank correlation 0.89-0.90 over the organisations, 0.93-0.94
  over all nodes;
* largest absolute difference of a normalised value 0.006-0.016 over the
  organisations (0.008-0.021 over all nodes), the largest exact value being
  0.195;
* 15-18 of the exact top-20 organisations are in the sampled top-20, and
  3-5 of the top 5.

So the sample finds the central integrators but may swap neighbours in the
ranking, and the long tail of small values is noisy; use exact values
(``sample=None``) when the graph is small enough
(:data:`EXACT_BETWEENNESS_LIMIT`).  The estimate is unbiased, its error
shrinks like ``1/sqrt(sample)`` and its cost grows linearly with it: about
0.3 s on 10,000 nodes and 15 s on 100,000 for 256 sources.
"""


def sample_size_for(n: int) -> int | None:
    """The ``sample`` to pass to :func:`betweenness` for a graph of ``n`` nodes.

    Parameters
    ----------
    n : int
        Number of nodes of the graph.

    Returns
    -------
    int or None
        ``None`` (exact) up to :data:`EXACT_BETWEENNESS_LIMIT` nodes, else
        :data:`DEFAULT_SAMPLE`.

    Examples
    --------
    >>> sample_size_for(100) is None, sample_size_for(100_000)
    (True, 256)
    """
    return None if n <= EXACT_BETWEENNESS_LIMIT else DEFAULT_SAMPLE


# -- conversion -----------------------------------------------------------------


def _sorted_nodes(graph: nx.Graph) -> list[Hashable]:
    """The nodes in a stable order: sorted, or by (type name, repr) if unorderable."""
    try:
        return sorted(graph)
    except TypeError:
        return sorted(graph, key=lambda v: (type(v).__name__, repr(v)))


def _simple_edges(graph: nx.Graph, index: dict[Hashable, int]) -> list[tuple[int, int]]:
    """The edges as sorted ``(i, j)`` index pairs with ``i < j``, self-loops left out."""
    n = len(index)
    codes = []
    for u, v in graph.edges():
        i, j = index[u], index[v]
        if i != j:
            codes.append(i * n + j if i < j else j * n + i)
    codes.sort()
    return [divmod(c, n) for c in codes]


def _require_undirected(graph: nx.Graph, what: str, *, multigraph_ok: bool = False) -> None:
    if graph.is_directed():
        raise nx.NetworkXNotImplemented(f"{what} is not implemented for directed graphs")
    if graph.is_multigraph() and not multigraph_ok:
        raise nx.NetworkXNotImplemented(f"{what} is not implemented for multigraphs")


# -- betweenness ------------------------------------------------------------------


def betweenness(graph: nx.Graph, sample: int | None = None, seed: int = 0) -> dict[Hashable, float]:
    """Betweenness centrality of every node, normalised like networkx.

    Equals ``networkx.betweenness_centrality(graph, normalized=True)``
    (endpoints excluded, no weights): the share of shortest paths between
    other pairs of nodes that go through a node, divided by the number of
    pairs, ``(n - 1)(n - 2) / 2``.  With ``sample=k`` only the shortest paths
    from ``k`` source nodes are counted and scaled up exactly as networkx
    (>= 3.5) does for ``k``: a node's sum over (source, target) pairs is
    divided by ``k (n - 2)``, or by ``(k - 1)(n - 2)`` if it is one of the
    sources (it cannot be between itself and a target).  The sources are
    ``random.Random(seed).sample(nodes sorted by id, k)``, the very ones
    networkx would pick on a graph whose nodes were added in sorted order.

    Runs on igraph (one breadth-first search per source, in C); without
    igraph it falls back to networkx, with the same sources and results.

    Parameters
    ----------
    graph : networkx.Graph
        Undirected simple graph (self-loops are ignored: they are on no
        shortest path).  Node ids should be mutually orderable (e.g. all
        strings); other ids are ordered by type name and ``repr``.
    sample : int, optional
        Number of source nodes to estimate from.  ``None`` (default), or at
        least the number of nodes, gives the exact value.  With ``sample=1``
        the single source's value is ``nan`` (no data), as in networkx.
        See :data:`DEFAULT_SAMPLE` for the error of sampling.
    seed : int, default 0
        Seed of the source sample: the same graph and seed give identical
        floats in any process.

    Returns
    -------
    dict
        Node id -> betweenness in [0, 1], in the graph's node order.

    Raises
    ------
    networkx.NetworkXNotImplemented
        For a directed graph or a multigraph.
    ValueError
        If ``sample`` is less than 1.

    Examples
    --------
    >>> import networkx as nx
    >>> betweenness(nx.star_graph(["hub", "a", "b", "c"]))
    {'hub': 1.0, 'a': 0.0, 'b': 0.0, 'c': 0.0}
    >>> G = nx.path_graph(["a", "b", "c", "d", "e"])
    >>> betweenness(G, sample=3, seed=1) == betweenness(G, sample=3, seed=1)
    True
    """
    _require_undirected(graph, "betweenness")
    if sample is not None and sample < 1:
        raise ValueError(f"sample must be at least 1, got {sample}")
    nodes = _sorted_nodes(graph)
    n = len(nodes)
    if n < 3:  # nothing can lie between two other nodes
        return dict.fromkeys(graph, 0.0)
    k = None if sample is None or sample >= n else sample
    sources = None if k is None else random.Random(seed).sample(range(n), k)
    index = {v: i for i, v in enumerate(nodes)}
    edges = _simple_edges(graph, index)

    # half = sum over (source s, target t != s) of the share of s-t shortest
    # paths through v, halved (igraph's and networkx's undirected convention)
    ig = _igraph()
    if ig is not None:
        half = ig.Graph(n=n, edges=edges).betweenness(directed=False, sources=sources)
    else:
        h: nx.Graph = nx.Graph()
        h.add_nodes_from(range(n))
        h.add_edges_from(edges)
        if sources is None:
            bc = nx.betweenness_centrality(h, normalized=False)
        else:
            bc = nx.betweenness_centrality_subset(h, sources=sources, targets=range(n), normalized=False)
        half = [bc[i] for i in range(n)]

    if k is None:
        scale = 2.0 / ((n - 1) * (n - 2))
        values = [x * scale for x in half]
    else:
        scale_other = 2.0 / (k * (n - 2))
        scale_source = 2.0 / ((k - 1) * (n - 2)) if k > 1 else math.nan
        values = [x * scale_other for x in half]
        for s in sources or ():
            values[s] = half[s] * scale_source
    return {v: values[index[v]] for v in graph}


# -- communities --------------------------------------------------------------------

_RNG_LOCK = threading.Lock()


def louvain_communities(
    graph: nx.Graph, seed: int = 0, resolution: float = 1.0, weight: str | None = "weight"
) -> list[frozenset[Hashable]]:
    """Louvain communities (modularity maximisation), reproducibly.

    Runs igraph's multilevel algorithm (Blondel et al.), the method of
    ``networkx.community.louvain_communities``, on the graph with its nodes
    in sorted order and igraph's random number generator set to
    ``random.Random(seed)`` for the call (then set back to igraph's default,
    the ``random`` module).  The partition is the level of highest
    modularity.  Without igraph it falls back to networkx's Louvain on the
    same ordered graph; the partition is then as good but may differ.

    Parameters
    ----------
    graph : networkx.Graph
        Undirected graph (a multigraph's parallel edges count as one edge of
        their summed weight).
    seed : int, default 0
        The same graph (whatever its insertion order), seed and igraph
        version give the same partition in any process.
    resolution : float, default 1.0
        Modularity resolution: above 1 favours smaller communities.
    weight : str or None, default "weight"
        Edge attribute holding the weight; edges without it weigh 1.  If no
        edge has it (or ``weight=None``) the graph is unweighted.

    Returns
    -------
    list of frozenset
        Communities covering every node once, sorted by decreasing size,
        then by smallest member id.

    Raises
    ------
    networkx.NetworkXNotImplemented
        For a directed graph.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("c", "d"),
    ...               ("d", "e"), ("e", "f"), ("d", "f")])
    >>> [sorted(c) for c in louvain_communities(G)]
    [['a', 'b', 'c'], ['d', 'e', 'f']]
    """
    _require_undirected(graph, "louvain_communities", multigraph_ok=True)
    nodes = _sorted_nodes(graph)
    n = len(nodes)
    if n == 0:
        return []
    index = {v: i for i, v in enumerate(nodes)}
    attr = weight or ""
    weighted = bool(attr) and any(attr in d for _, _, d in graph.edges(data=True))
    summed: dict[tuple[int, int], float] = {}
    for u, v, d in graph.edges(data=True):
        i, j = index[u], index[v]
        key = (i, j) if i <= j else (j, i)
        summed[key] = summed.get(key, 0.0) + (float(d.get(attr, 1.0)) if weighted else 1.0)
    edges = sorted(summed)
    weights = [summed[e] for e in edges]

    ig = _igraph()
    if ig is not None:
        g = ig.Graph(n=n, edges=edges)
        with _RNG_LOCK:
            ig.set_random_number_generator(random.Random(seed))
            try:
                clustering = g.community_multilevel(
                    weights=weights if weighted or graph.is_multigraph() else None,
                    return_levels=False,
                    resolution=resolution,
                )
            finally:
                ig.set_random_number_generator(random)
        groups: Iterable[Iterable[int]] = _groups(clustering.membership)
    else:
        h: nx.Graph = nx.Graph()
        h.add_nodes_from(range(n))
        h.add_weighted_edges_from((i, j, w) for (i, j), w in zip(edges, weights))
        groups = nx.community.louvain_communities(h, weight="weight", resolution=resolution, seed=seed)

    ranked = sorted((sorted(c) for c in groups), key=lambda c: (-len(c), c[0]))
    return [frozenset(nodes[i] for i in c) for c in ranked]


def _groups(membership: list[int]) -> list[list[int]]:
    out: dict[int, list[int]] = {}
    for i, c in enumerate(membership):
        out.setdefault(c, []).append(i)
    return list(out.values())


# -- structural holes -----------------------------------------------------------------


def effective_size(graph: nx.Graph) -> dict[Any, float]:
    """Burt's effective size of every node's ego network, fast.

    For an undirected unweighted graph this is Borgatti's simplification,
    what ``networkx.effective_size(graph)`` computes: ``n - 2t/n`` with ``n``
    the node's number of neighbours and ``t`` the number of ties among them.
    ``t`` is the number of triangles through the node, counted edge by edge
    with set intersections (each costs the smaller degree), so the total is
    O(sum over edges of the smaller degree), at most O(m^1.5): a hub with
    hundreds of neighbours costs hundreds of small intersections, never a
    pass over the whole graph.  Pure Python; no engine needed.

    Parameters
    ----------
    graph : networkx.Graph
        Undirected simple graph; edge weights are ignored and so are
        self-loops.

    Returns
    -------
    dict
        Node id -> effective size, in the graph's node order.  A node with no
        neighbour (other than itself) gets ``0.0``, where networkx gives
        ``nan`` (undefined): it has no contacts, redundant or not.

    Raises
    ------
    networkx.NetworkXNotImplemented
        For a directed graph or a multigraph.

    Examples
    --------
    >>> import networkx as nx
    >>> effective_size(nx.star_graph(["hub", "a", "b", "c"]))
    {'hub': 3.0, 'a': 1.0, 'b': 1.0, 'c': 1.0}
    >>> G = nx.complete_graph(["a", "b", "c"])
    >>> G.add_node("alone")
    >>> effective_size(G)
    {'a': 1.0, 'b': 1.0, 'c': 1.0, 'alone': 0.0}
    """
    _require_undirected(graph, "effective_size")
    adj: dict[Any, set[Any]] = {}
    for v, nbrs in graph.adjacency():
        s = set(nbrs)
        s.discard(v)
        adj[v] = s
    # twice_ties[v] = 2t: each triangle through v is seen from both of its edges at v
    twice_ties = dict.fromkeys(adj, 0)
    for u, v in graph.edges():
        if u != v:
            common = len(adj[u] & adj[v])
            if common:
                twice_ties[u] += common
                twice_ties[v] += common
    result: dict[Any, float] = {}
    for v, s in adj.items():
        deg = len(s)
        result[v] = deg - twice_ties[v] / deg if deg else 0.0
    return result


_F = TypeVar("_F", bound=Callable[..., Any])


@contextmanager
def gc_paused() -> Iterator[None]:
    """Switch Python's cyclic garbage collector off for bulk work (restored as it was).

    Building many records next to a large graph otherwise triggers full
    collections that walk every object of the graph, again and again.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def without_gc(func: _F) -> _F:
    """Decorator: run ``func`` with the garbage collector paused (see :func:`gc_paused`)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with gc_paused():
            return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]
