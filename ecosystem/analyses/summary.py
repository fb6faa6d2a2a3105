"""The one-page brief of an ecosystem: its summary, top integrators and top gaps."""

from __future__ import annotations

from dataclasses import dataclass

from .gaps import Gap, capability_gaps
from .integrators import IntegratorScore, central_integrators
from ..model.graph import Ecosystem
from .stats import Summary, summarize

__all__ = ["Brief", "brief"]


@dataclass(frozen=True)
class Brief:
    """What a strategy lead reads first."""

    summary: Summary
    integrators: tuple[IntegratorScore, ...]
    gaps: tuple[Gap, ...]


def brief(eco: Ecosystem, top: int = 5, depth: int = 1) -> Brief:
    """The summary, the ``top`` integrators and the ``top`` gaps at ``depth``.

    >>> import ecosystem
    >>> b = brief(ecosystem.load("sample_graphs/camera.yaml"), top=2)
    >>> [i.id for i in b.integrators], [(g.job, g.capability) for g in b.gaps]
    (['lumen', 'fixright'], [('keep-gear-working', 'spare-parts-logistics'), ('capture-sunset', 'scene-recognition')])
    """
    return Brief(summarize(eco), tuple(central_integrators(eco, top=top)), tuple(capability_gaps(eco, depth)[:top]))
