"""The focal firm's ecosystem at a depth: who counts as "in" it.

**Scope** at depth *d*: the focal firm, its units, and every organisation
(firm or partner) within *d* ``PARTNERS_WITH`` hops of it (direction ignored,
hopping through organisations only), with their units.

:func:`scope` searches the graph; :func:`departures` derives, from one scope,
the scope left after each of its organisations leaves, reading the graph once
for all of them (the risks ask that question for every organisation).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from ..model.errors import ModelError
from ..model.graph import ORGANISATIONS, Ecosystem, NodeType, RelType

__all__ = ["Scope", "scope", "departures", "check_depth", "MAX_DEPTH"]

#: The deepest scope the tools accept (the Neo4j queries search at most this far).
MAX_DEPTH = 10

PARTNERS, PART_OF = RelType.PARTNERS_WITH.value, RelType.PART_OF.value
_ORGANISATION_TYPES = frozenset(t.value for t in ORGANISATIONS)


@dataclass(frozen=True)
class Scope:
    """Who is inside the focal firm's ecosystem at a given depth.

    ``distance`` maps each organisation in scope to its number of partnership
    hops from the focal firm (0 for the focal firm itself); ``parents`` maps
    each unit in scope to its organisation; ``via`` maps each organisation
    (but the focal firm) to the one before it on its path from the focal firm.
    """

    focal: str
    depth: int
    organisations: tuple[str, ...]
    units: tuple[str, ...]
    distance: Mapping[str, int] = field(hash=False)
    parents: Mapping[str, str] = field(hash=False, default_factory=dict)
    via: Mapping[str, str] = field(hash=False, default_factory=dict)

    def path_to(self, actor: str) -> tuple[str, ...]:
        """The partnership path from the focal firm to an actor in scope (a unit last).

        Among equally short paths, the one through the smallest ids.
        """
        organisation = self.organisation_of(actor)
        path = [organisation]
        while path[-1] in self.via:
            path.append(self.via[path[-1]])
        path.reverse()
        return tuple(path + [actor] if actor != organisation else path)

    def organisation_of(self, actor: str) -> str:
        """The organisation an actor in scope stands for: itself, or a unit's parent."""
        return self.parents.get(actor, actor)

    @property
    def actors(self) -> frozenset[str]:
        """Organisations and units in scope."""
        return frozenset(self.organisations) | frozenset(self.units)

    def __contains__(self, node_id: object) -> bool:
        return node_id in self.distance or node_id in self.units


def check_depth(depth: object) -> int:
    """``depth`` if it is a whole number from 0 to :data:`MAX_DEPTH`, else a :class:`ModelError`.

    >>> check_depth(2)
    2
    >>> try:
    ...     check_depth(11)
    ... except ModelError as error:
    ...     print(error)
    depth must be a whole number from 0 to 10, got 11
    """
    if isinstance(depth, bool) or not isinstance(depth, int) or not 0 <= depth <= MAX_DEPTH:
        raise ModelError(f"depth must be a whole number from 0 to {MAX_DEPTH}, got {depth!r}")
    return depth


def scope(
    eco: Ecosystem,
    depth: int = 1,
    focal: str | None = None,
    *,
    without: frozenset[str] | set[str] = frozenset(),
    with_partners: frozenset[str] | set[str] = frozenset(),
) -> Scope:
    """The focal firm's ecosystem at ``depth`` partnership hops.

    Parameters
    ----------
    eco : Ecosystem
    depth : int
        Partnership hops from the focal firm (0 to :data:`MAX_DEPTH`).
    focal : str, optional
        Another firm to put at the centre (default: the file's focal firm).
    without : set of str, optional
        Organisations to leave out, as if they had left (what-if).
    with_partners : set of str, optional
        Organisations to count as direct partners of the focal firm (what-if).

    Examples
    --------
    >>> import ecosystem
    >>> eco = ecosystem.load("sample_graphs/camera.yaml")
    >>> s = scope(eco, depth=1)
    >>> "optica" in s, "gearlogix" in s, "lumen-rnd" in s.units
    (True, False, True)
    >>> "gearlogix" in scope(eco, depth=2)
    True
    """
    check_depth(depth)
    centre = focal if focal is not None else eco.focal
    if centre is None or centre not in eco:
        raise ModelError(f"no focal firm {centre!r} in this ecosystem")
    if eco.type_of(centre) is not NodeType.FIRM:
        raise ModelError(f"{centre!r} is a {eco.type_of(centre).value}, not a firm")
    if centre in without:
        raise ModelError(f"the focal firm {centre!r} cannot be left out")
    return _search(eco, centre, depth, frozenset(without), frozenset(with_partners))


def _search(eco: Ecosystem, centre: str, depth: int, without: frozenset[str], with_partners: frozenset[str]) -> Scope:
    """The breadth-first search of the partnership graph behind :func:`scope` (arguments checked)."""
    out_links, in_links, nodes = eco.out_links, eco.in_links, eco.node_data

    def neighbours(node: str) -> Iterable[str]:
        found = {v for v, keys in out_links[node].items() if PARTNERS in keys}
        found.update(u for u, keys in in_links[node].items() if PARTNERS in keys)
        if node == centre:
            found.update(with_partners)
        return [o for o in sorted(found) if o not in without and nodes[o]["type"] in _ORGANISATION_TYPES]

    distance, via = _breadth_first(centre, depth, neighbours)
    parents = {u: org for org in distance for u, keys in in_links[org].items() if PART_OF in keys}
    return _scope(centre, depth, distance, parents, via)


def _breadth_first(
    centre: str, depth: int, neighbours: Callable[[str], Iterable[str]]
) -> tuple[dict[str, int], dict[str, str]]:
    """Distances from ``centre`` up to ``depth`` hops, and each organisation's predecessor.

    ``neighbours(node)`` gives a node's candidate organisations in id order,
    so that among equally short paths the one through the smallest ids wins.
    """
    distance = {centre: 0}
    via: dict[str, str] = {}
    queue = deque([centre])
    while queue:
        node = queue.popleft()
        if distance[node] >= depth:
            continue
        for other in neighbours(node):
            if other not in distance:
                distance[other] = distance[node] + 1
                via[other] = node
                queue.append(other)
    return distance, via


def _scope(centre: str, depth: int, distance: dict[str, int], parents: dict[str, str], via: dict[str, str]) -> Scope:
    organisations = tuple(sorted(distance, key=lambda n: (distance[n], n)))
    return Scope(centre, depth, organisations, tuple(sorted(parents)), distance, parents, via)


def departures(eco: Ecosystem, where: Scope) -> Iterator[tuple[str, Scope]]:
    """For each organisation in ``where`` but the focal firm, the scope after it left.

    Each equals ``scope(eco, where.depth, where.focal, without={organisation})``
    for a ``where`` built without what-if options, but the graph is read once
    for all of them: only organisations already in scope can remain (leaving
    never shortens a path), so each search runs over the partnerships among
    them.

    >>> import ecosystem
    >>> eco = ecosystem.load("sample_graphs/camera.yaml")
    >>> where = scope(eco, depth=2)
    >>> all(after == scope(eco, 2, without={left}) for left, after in departures(eco, where))
    True
    """
    out_links, in_links = eco.out_links, eco.in_links
    inside = where.distance
    links: dict[str, list[str]] = {}
    for node, hops in inside.items():
        if hops < where.depth:  # only these are searched from
            found = {v for v, keys in out_links[node].items() if PARTNERS in keys and v in inside}
            found.update(u for u, keys in in_links[node].items() if PARTNERS in keys and u in inside)
            links[node] = sorted(found)
    for leaving in where.organisations:
        if leaving == where.focal:
            continue

        def neighbours(node: str, leaving: str = leaving) -> Iterable[str]:
            return [o for o in links[node] if o != leaving]

        distance, via = _breadth_first(where.focal, where.depth, neighbours)
        parents = {u: org for u, org in where.parents.items() if org in distance}
        yield leaving, _scope(where.focal, where.depth, distance, parents, via)
