"""The pages' view of an analysis: the lookups a page needs, over one analysis context.

Every figure a page shows is the analysis context's
(:class:`ecosystem.analyses.context.Analysis`), computed once; :class:`PageView`
adds only presentation lookups (an organisation's rank and score by id, the
gaps of a job or of a capability, the gaps an outside organisation could
close, a capability's status on the map), each derived from those figures.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cached_property
from typing import TYPE_CHECKING, Any

from ..analyses.coverage import GAP
from ..model.graph import Ecosystem

if TYPE_CHECKING:  # pragma: no cover
    from ..analyses.context import Analysis
    from ..analyses.gaps import CapabilityGap, Gap
    from ..analyses.integrators import IntegratorScore

__all__ = ["PageView", "view_of"]


class PageView:
    """An analysis context with the lookups a page needs.

    Without a focal firm only the graph-wide figures exist: the analysis's
    ``scope`` is ``None``, its gap and coverage figures are empty and
    :meth:`status` is ``None``.

    >>> import ecosystem
    >>> view = view_of(ecosystem.load("sample_graphs/camera.yaml"))
    >>> view.rank["lumen"], view.status("spare-parts-logistics"), view.closes["gearlogix"]
    (1, 'gap', ['spare-parts-logistics'])
    """

    def __init__(self, analysis: Analysis) -> None:
        self.analysis = analysis
        self.eco: Ecosystem = analysis.eco

    @cached_property
    def by_id(self) -> dict[str, IntegratorScore]:
        """Integrator scores by organisation id."""
        return {s.id: s for s in self.analysis.integrators}

    @cached_property
    def rank(self) -> dict[str, int]:
        """Integrator rank (1 = best) by organisation id."""
        return {s.id: i + 1 for i, s in enumerate(self.analysis.integrators)}

    @cached_property
    def gap_by_capability(self) -> dict[str, CapabilityGap]:
        """Each missing capability's totals (jobs hurt, severity, candidates)."""
        return {t.capability: t for t in self.analysis.gap_totals}

    @cached_property
    def gaps_of_job(self) -> dict[str, list[Gap]]:
        """The gaps that hurt each job, most severe first."""
        found: dict[str, list[Gap]] = defaultdict(list)
        for gap in self.analysis.gaps:
            found[gap.job].append(gap)
        return found

    @cached_property
    def gaps_of_capability(self) -> dict[str, list[Gap]]:
        """The gaps of each missing capability (one per job it hurts), most severe first."""
        found: dict[str, list[Gap]] = defaultdict(list)
        for gap in self.analysis.gaps:
            found[gap.capability].append(gap)
        return found

    @cached_property
    def closes(self) -> dict[str, list[str]]:
        """Outside organisation -> the gap capabilities it provides, most severe first."""
        found: dict[str, list[str]] = defaultdict(list)
        for total in self.analysis.gap_totals:  # most severe first
            for candidate in total.candidates:
                found[candidate].append(total.capability)
        return found

    def status(self, capability: str) -> str | None:
        """``in_house``, ``partner``, ``gap`` (required, nobody in scope), ``unused`` or ``None`` (no scope)."""
        model = self.analysis.coverage_model
        if model is None:
            return None
        if capability in self.gap_by_capability:
            return GAP
        status = model.status(capability)
        if status == GAP:
            return "unused" if capability not in self.analysis.demand else GAP
        return status


def view_of(source: Ecosystem | Analysis | PageView | Any, depth: int | None = None) -> PageView:
    """The page view of an analysis context or of an ecosystem (analysed once).

    ``depth`` (partnership hops of the focal firm's ecosystem) defaults to the
    context's own, 1 for an ecosystem; another depth is the context's sibling
    (:meth:`~ecosystem.analyses.context.Analysis.at`), which shares its
    graph-wide figures.

    >>> import ecosystem
    >>> from ecosystem.analyses.context import Analysis
    >>> analysis = Analysis(ecosystem.load("sample_graphs/camera.yaml"))
    >>> view_of(analysis).analysis is analysis, view_of(analysis, 2).analysis is analysis.at(depth=2)
    (True, True)
    """
    from ..analyses.context import analysis_of  # the analyses (numpy, networkx) load when a page is made

    if isinstance(source, PageView):
        if depth is None or depth == source.analysis.depth:
            return source
        source = source.analysis
    return PageView(analysis_of(source, depth))
