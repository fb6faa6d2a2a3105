"""The focal firm's ecosystem at a depth: who counts as "in" it.

**Scope** at depth *d*: the focal firm, its units, and every organisation
(firm or partner) within *d* ``PARTNERS_WITH`` hops of it (direction ignored,
hopping through organisations only), with their units.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..model.errors import ModelError
from ..model.graph import ORGANISATIONS, Ecosystem, NodeType, RelType

__all__ = ["Scope", "scope", "MAX_DEPTH"]

#: The deepest scope the tools accept (the Neo4j queries search at most this far).
MAX_DEPTH = 10


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
    if isinstance(depth, bool) or not isinstance(depth, int) or not 0 <= depth <= MAX_DEPTH:
        raise ModelError(f"depth must be a whole number from 0 to {MAX_DEPTH}, got {depth!r}")
    centre = focal if focal is not None else eco.focal
    if centre is None or centre not in eco.graph:
        raise ModelError(f"no focal firm {centre!r} in this ecosystem")
    if eco.type_of(centre) is not NodeType.FIRM:
        raise ModelError(f"{centre!r} is a {eco.type_of(centre).value}, not a firm")
    if centre in without:
        raise ModelError(f"the focal firm {centre!r} cannot be left out")
    graph = eco.graph
    organisation_types = {t.value for t in ORGANISATIONS}
    partners = RelType.PARTNERS_WITH.value
    distance = {centre: 0}
    via: dict[str, str] = {}
    queue = deque([centre])
    while queue:
        node = queue.popleft()
        if distance[node] >= depth:
            continue
        neighbours = [v for v, keys in graph._succ[node].items() if partners in keys]
        neighbours += [u for u, keys in graph._pred[node].items() if partners in keys]
        if node == centre:
            neighbours += list(with_partners)
        for other in sorted(set(neighbours)):
            if other in without:
                continue
            if other not in distance and graph.nodes[other]["type"] in organisation_types:
                distance[other] = distance[node] + 1
                via[other] = node
                queue.append(other)
    organisations = tuple(sorted(distance, key=lambda n: (distance[n], n)))
    part_of = RelType.PART_OF.value
    parents = {u: org for org in organisations for u, keys in graph._pred[org].items() if part_of in keys}
    return Scope(centre, depth, organisations, tuple(sorted(parents)), distance, parents, via)
