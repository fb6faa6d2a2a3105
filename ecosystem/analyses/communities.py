"""Communities of the partnership graph, the organisations bridging them, and internal silos.

* **Communities**: Louvain communities of the organisation partnership graph
  (seeded: the same graph and seed always give the same communities),
  largest first.
* **Bridges**: organisations with partners in at least two communities
  (their own included), most communities first.
* **Silos**: units that share nothing with the other units of their
  organisation: no capability both provide, no ``INTEGRATES_WITH`` between
  them, and no common partner.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.graph import Ecosystem, NodeType
from . import engine
from .figures import Figures, figures_of
from .integrators import partnership_graph

__all__ = ["Community", "Bridge", "Silo", "CommunityReport", "communities"]


@dataclass(frozen=True)
class Community:
    """A group of organisations that partner mostly among themselves."""

    index: int
    size: int
    hub: str
    members: tuple[str, ...]


@dataclass(frozen=True)
class Bridge:
    """An organisation whose partners span several communities."""

    id: str
    name: str
    communities: tuple[int, ...]


@dataclass(frozen=True)
class Silo:
    """A unit that shares no capability, integration or partner with its organisation's other units."""

    unit: str
    name: str
    organisation: str | None


@dataclass(frozen=True)
class CommunityReport:
    """Communities, bridges and silos."""

    communities: tuple[Community, ...]
    bridges: tuple[Bridge, ...]
    silos: tuple[Silo, ...]


def communities(source: Ecosystem | Figures, seed: int = 0, resolution: float = 1.0) -> CommunityReport:
    """Communities of the partnership graph, their bridges, and the internal silos.

    They do not depend on the focal firm or depth: the analyses of one
    ecosystem compute them once (per seed and resolution).

    >>> import ecosystem
    >>> eco = ecosystem.load("sample_graphs/camera.yaml")
    >>> report = communities(eco)
    >>> [s.unit for s in report.silos]  # R&D and product management integrate; sales and service share nothing
    ['lumen-sales', 'lumen-service']
    """
    figures = figures_of(source)
    return figures.shared_figure(("communities", seed, resolution), lambda: _communities(figures, seed, resolution))


def _communities(figures: Figures, seed: int, resolution: float) -> CommunityReport:
    eco = figures.eco
    partners = partnership_graph(figures)
    groups = [frozenset(map(str, g)) for g in engine.louvain_communities(partners, seed=seed, resolution=resolution)]
    found = []
    member_of: dict[str, int] = {}
    for index, group in enumerate(groups):
        members = tuple(sorted(group))
        hub = min(members, key=lambda m: (-partners.degree(m), m))
        found.append(Community(index, len(members), hub, members))
        member_of.update(dict.fromkeys(members, index))
    bridges = []
    for organisation in partners.nodes:
        touched = {member_of[organisation]} | {member_of[p] for p in partners.adj[organisation]}
        if len(touched) >= 2:
            bridges.append(Bridge(organisation, eco.name_of(organisation), tuple(sorted(touched))))
    bridges.sort(key=lambda b: (-len(b.communities), b.id))
    return CommunityReport(tuple(found), tuple(bridges), tuple(_silos(eco)))


def _silos(eco: Ecosystem) -> list[Silo]:
    units = eco.ids(NodeType.UNIT)
    parent = {u: eco.parent_of(u) for u in units}
    provides = {u: set(eco.capabilities_of(u)) for u in units}
    partners = {u: set(eco.partners_of(u)) for u in units}
    integrations = {u: set(eco.integrations_of(u)) for u in units}
    silos = []
    for unit in units:
        siblings = [o for o in units if o != unit and parent[o] == parent[unit]]
        connected = any(
            provides[unit] & provides[o] or o in integrations[unit] or partners[unit] & partners[o] or o in partners[unit]
            for o in siblings
        )
        if siblings and not connected:
            silos.append(Silo(unit, eco.name_of(unit), parent[unit]))
    return sorted(silos, key=lambda s: s.unit)
