"""The summary of an ecosystem (what ``ecosystem summary`` prints): its statistics, top integrators and top gaps."""

from __future__ import annotations

from dataclasses import dataclass

from ..model.graph import Ecosystem
from .figures import Figures, figures_of
from .gaps import Gap, capability_gaps
from .integrators import IntegratorScore, central_integrators
from .stats import Statistics, statistics

__all__ = ["Summary", "summary"]


@dataclass(frozen=True)
class Summary:
    """What a strategy lead reads first.

    ``summary`` holds the ecosystem's :class:`~ecosystem.analyses.stats.Statistics`
    (the field keeps the name the JSON output has always had).
    """

    summary: Statistics
    integrators: tuple[IntegratorScore, ...]
    gaps: tuple[Gap, ...]


def summary(source: Ecosystem | Figures, top: int = 5, depth: int | None = None) -> Summary:
    """The statistics, the ``top`` integrators and the ``top`` gaps at ``depth``.

    Parameters
    ----------
    source : Ecosystem or Analysis
    top : int
        How many integrators and gaps.
    depth : int, optional
        Partnership hops of the scope (default: the analysis's, 1 for an ecosystem).

    Examples
    --------
    >>> import ecosystem
    >>> s = summary(ecosystem.load("sample_graphs/camera.yaml"), top=2)
    >>> [i.id for i in s.integrators], [(g.job, g.capability) for g in s.gaps]
    (['lumen', 'fixright'], [('keep-gear-working', 'spare-parts-logistics'), ('capture-sunset', 'scene-recognition')])
    """
    figures = figures_of(source, depth)
    return Summary(statistics(figures), tuple(central_integrators(figures, top=top)), tuple(capability_gaps(figures)[:top]))
