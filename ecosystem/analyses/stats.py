"""The statistics of an ecosystem (what ``ecosystem stats`` prints): what is in it, and the focal firm's place in it.

Light on purpose: ``validate`` and ``stats`` import it, so it loads neither
numpy nor igraph.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.graph import Ecosystem, NodeType, RelType
from .figures import Figures

__all__ = ["DirectPartner", "Statistics", "statistics"]


@dataclass(frozen=True)
class DirectPartner:
    """One of the focal firm's direct partners and the capabilities it brings."""

    id: str
    name: str
    type: str
    kind: str | None
    provides: tuple[str, ...]


@dataclass(frozen=True)
class Statistics:
    """Counts and a first look at the focal firm's ecosystem (every list in id order).

    ``orphans`` are nodes with no relationship at all; ``unprovided`` are
    capabilities nobody provides; ``unrequired`` are jobs that need nothing;
    ``unowned_jobs`` are jobs no customer has.
    """

    ecosystem: str
    focal: str | None
    focal_name: str | None
    nodes: dict[str, int]
    relationships: dict[str, int]
    partners: tuple[DirectPartner, ...]
    units: tuple[str, ...]
    customers_served: tuple[str, ...]
    orphans: tuple[str, ...]
    unprovided: tuple[str, ...]
    unrequired: tuple[str, ...]
    unowned_jobs: tuple[str, ...]

    @property
    def node_total(self) -> int:
        return sum(self.nodes.values())

    @property
    def relationship_total(self) -> int:
        return sum(self.relationships.values())


def statistics(source: Ecosystem | Figures) -> Statistics:
    """The statistics of an ecosystem: counts by type, the focal firm's partners, loose ends.

    >>> from ecosystem import Ecosystem
    >>> eco = Ecosystem("Demo", focal="acme")
    >>> _ = eco.add_node("acme", "firm", "Acme")
    >>> _ = eco.add_node("cloud", "partner", "CloudCo")
    >>> _ = eco.add_node("lonely", "partner", "Nobody's friend")
    >>> _ = eco.add_node("hosting", "capability", "Hosting", kind="resource")
    >>> _ = eco.add_relationship("PARTNERS_WITH", "acme", "cloud", kind="technology")
    >>> _ = eco.add_relationship("PROVIDES", "cloud", "hosting")
    >>> s = statistics(eco)
    >>> s.nodes["partner"], s.partners[0].provides, s.orphans
    (2, ('hosting',), ('lonely',))
    """
    eco = source.eco if isinstance(source, Figures) else source
    graph = eco.graph
    focal = eco.focal if eco.focal in graph else None
    partners: list[DirectPartner] = []
    units: tuple[str, ...] = ()
    served: tuple[str, ...] = ()
    if focal is not None:
        for other in sorted(eco.partners_of(focal)):
            data = graph.get_edge_data(focal, other, RelType.PARTNERS_WITH.value) or graph.get_edge_data(
                other, focal, RelType.PARTNERS_WITH.value
            ) or {}
            partners.append(
                DirectPartner(
                    other,
                    eco.name_of(other),
                    eco.type_of(other).value,
                    data.get("kind"),
                    tuple(sorted(eco.capabilities_of(other))),
                )
            )
        units = tuple(sorted(eco.units_of(focal)))
        served = tuple(sorted(eco.customers_served_by(focal)))
    requires = RelType.REQUIRES.value
    return Statistics(
        ecosystem=eco.name,
        focal=focal,
        focal_name=eco.name_of(focal) if focal else None,
        nodes=eco.counts(),
        relationships=eco.relationship_counts(),
        partners=tuple(partners),
        units=units,
        customers_served=served,
        orphans=tuple(sorted(n for n in graph if graph.degree(n) == 0)),
        unprovided=tuple(
            c for c in sorted(eco.ids(NodeType.CAPABILITY))
            if not any(k == RelType.PROVIDES.value for _, _, k in graph.in_edges(c, keys=True))
        ),
        unrequired=tuple(
            j for j in sorted(eco.ids(NodeType.JOB)) if not any(k == requires for _, _, k in graph.out_edges(j, keys=True))
        ),
        unowned_jobs=tuple(
            j for j in sorted(eco.ids(NodeType.JOB))
            if not any(k == RelType.HAS_JOB.value for _, _, k in graph.in_edges(j, keys=True))
        ),
    )
