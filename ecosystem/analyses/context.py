"""One analysis context: an ecosystem seen from a focal firm at a depth, every figure computed once.

:class:`Analysis` names the figures the pages and the command line show.
Each is computed on first use and kept, and the analysis functions share
them: ``capability_gaps(analysis)``, ``recommend_partners(analysis)`` and
``analysis.gaps`` read one gap table built from one scope and one coverage
model.  Siblings from :meth:`Analysis.at` (another depth or focal firm) share
the graph-wide figures: the opportunities, the integrator ranking, the
partnership graph and the communities.

>>> import ecosystem
>>> analysis = Analysis(ecosystem.load("sample_graphs/camera.yaml"))
>>> analysis.gaps[0].capability, analysis.integrators[0].id
('spare-parts-logistics', 'lumen')
>>> from ecosystem.analyses.gaps import capability_gaps
>>> capability_gaps(analysis) is analysis.gaps  # the same table, not a second computation
True

The ecosystem must not change while an analysis is in use: after a change,
start a new one.
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from ..model.graph import Ecosystem, NodeType, RelType
from . import cocreate as _cocreate
from . import communities as _communities
from . import coverage as _coverage
from . import explain as _explain
from . import gaps as _gaps
from . import integrators as _integrators
from . import recommend as _recommend
from . import stats as _stats
from . import summary as _summary
from . import whatif as _whatif
from .cocreate import CoCreationTarget
from .communities import CommunityReport
from .coverage import CoverageModel, CustomerCoverage, JobCoverage
from .explain import JobExplanation
from .figures import Figures
from .gaps import CapabilityGap, GapTable
from .integrators import IntegratorScore
from .recommend import Recommendations
from .stats import Statistics
from .summary import Summary
from .whatif import Risks, WhatIf

__all__ = ["Analysis", "analysis_of"]


class Analysis(Figures):
    """An ecosystem seen from one focal firm at one depth, with every figure computed at most once.

    Parameters
    ----------
    eco : Ecosystem
    focal : str, optional
        The firm at the centre (default: the ecosystem's focal firm).
    depth : int
        Partnership hops from the focal firm that count as its ecosystem.

    Without a focal firm in the graph, ``scope`` and ``coverage_model`` are
    ``None``, the gap and coverage figures are empty, and the graph-wide
    figures (integrators, communities...) are still there; the analysis
    functions that need a scope raise :class:`~ecosystem.model.errors.ModelError`.

    Examples
    --------
    >>> import ecosystem
    >>> analysis = Analysis(ecosystem.load("sample_graphs/camera.yaml"))
    >>> analysis.scope.organisations[:2], analysis.job_coverage["capture-sunset"].coverage
    (('lumen', 'academy'), 0.888889)
    >>> deeper = analysis.at(depth=2)
    >>> len(deeper.gaps) < len(analysis.gaps), deeper.integrators is analysis.integrators
    (True, True)
    """

    # -- per focal firm and depth ---------------------------------------------------------
    @property
    def coverage_model(self) -> CoverageModel | None:
        """Who provides what in the scope (``None`` without a scope)."""
        return _coverage.coverage_model(self) if self.scope is not None else None

    @property
    def gaps(self) -> GapTable:
        """The capability gaps, most severe first (an empty table without a scope)."""
        return _gaps.capability_gaps(self) if self.scope is not None else GapTable.empty()

    @property
    def gap_totals(self) -> list[CapabilityGap]:
        """Per missing capability: jobs hurt and total severity, most severe first."""
        return _gaps.gap_totals(self) if self.scope is not None else []

    @property
    def job_coverage(self) -> dict[str, JobCoverage]:
        """Each job's coverage by job id, highest opportunity first (empty without a scope)."""
        return self.figure("job_coverage", lambda: {c.job: c for c in _coverage.coverage(self)} if self.scope else {})

    @property
    def customer_coverage(self) -> dict[str, CustomerCoverage]:
        """Each customer's covered share by customer id, highest opportunity first (empty without a scope)."""
        return self.figure(
            "customer_coverage_by_id",
            lambda: {c.customer: c for c in _coverage.customer_coverage(self)} if self.scope else {},
        )

    @property
    def demand(self) -> dict[str, float]:
        """Per required capability: the sum over jobs of opportunity x requirement weight (empty without a scope)."""
        return self.figure("demand", self._demand)

    def _demand(self) -> dict[str, float]:
        if self.scope is None:
            return {}
        opportunities = self.opportunities
        requires = RelType.REQUIRES.value
        out_links = self.eco.out_links
        demand: dict[str, float] = defaultdict(float)
        for job in self.eco.ids(NodeType.JOB):
            opportunity = opportunities.get(job, 0.0)
            for capability, keys in out_links[job].items():
                data = keys.get(requires)
                if data is not None:
                    demand[capability] += opportunity * float(data.get("weight", 1.0))
        return {c: round(v, 6) for c, v in demand.items()}

    @property
    def job_gap_severity(self) -> dict[str, float]:
        """Per job with gaps: the sum of its gaps' severities (empty without a scope)."""
        return self.figure("job_gap_severity", self._job_gap_severity)

    def _job_gap_severity(self) -> dict[str, float]:
        totals: dict[str, float] = defaultdict(float)
        for gap in self.gaps:
            totals[gap.job] += gap.severity
        return {j: round(v, 6) for j, v in totals.items()}

    def recommendations(self, max_partners: int | None = 10) -> Recommendations:
        """Whom to partner with (:func:`~ecosystem.analyses.recommend.recommend_partners`)."""
        return _recommend.recommend_partners(self, max_partners=max_partners)

    def risks(self) -> Risks:
        """Single-sourced capabilities and each organisation's opportunity at risk (:func:`~ecosystem.analyses.whatif.risks`)."""
        return _whatif.risks(self)

    def what_if(self, without: tuple[str, ...] | list[str] = (), with_partners: tuple[str, ...] | list[str] = ()) -> WhatIf:
        """Organisations leaving and/or joining (:func:`~ecosystem.analyses.whatif.what_if`)."""
        return _whatif.what_if(self, without, with_partners)

    def explain(self, job: str) -> JobExplanation:
        """How the ecosystem gets one job done (:func:`~ecosystem.analyses.explain.explain_job`)."""
        return _explain.explain_job(self, job)

    def cocreation_targets(self) -> list[CoCreationTarget]:
        """Innovator customers by unmet opportunity (:func:`~ecosystem.analyses.cocreate.cocreation_targets`)."""
        return _cocreate.cocreation_targets(self)

    def summary(self, top: int = 5) -> Summary:
        """Statistics, top integrators and top gaps (:func:`~ecosystem.analyses.summary.summary`)."""
        return _summary.summary(self, top)

    # -- graph-wide: shared with every sibling from at() --------------------------------------
    @property
    def integrators(self) -> list[IntegratorScore]:
        """Every organisation by integrator score (:func:`~ecosystem.analyses.integrators.central_integrators`)."""
        return self.shared_figure("integrator_list", lambda: _integrators.central_integrators(self))

    @property
    def partnership_graph(self) -> nx.Graph:
        """The organisations and their partnerships (frozen: read-only)."""
        return _integrators.partnership_graph(self)

    @property
    def statistics(self) -> Statistics:
        """Counts by type, the focal firm's partners, loose ends (:func:`~ecosystem.analyses.stats.statistics`)."""
        return self.shared_figure("statistics", lambda: _stats.statistics(self))

    def communities(self, seed: int = 0, resolution: float = 1.0) -> CommunityReport:
        """Communities, bridges and silos (:func:`~ecosystem.analyses.communities.communities`)."""
        return _communities.communities(self, seed, resolution)


def analysis_of(source: Ecosystem | Figures, depth: int | None = None, focal: str | None = None) -> Analysis:
    """An :class:`Analysis` of ``source``: a new one for an ecosystem, else ``source``'s sibling at ``depth``/``focal``.

    >>> import ecosystem
    >>> analysis = analysis_of(ecosystem.load("sample_graphs/camera.yaml"), depth=2)
    >>> analysis.depth, analysis_of(analysis) is analysis, analysis_of(analysis, 1).at(depth=2) is analysis
    (2, True, True)
    """
    if isinstance(source, Analysis):
        return source.at(depth, focal)
    if isinstance(source, Figures):
        return Analysis(source.eco, focal if focal is not None else source.focal,
                        depth if depth is not None else source.depth)
    if isinstance(source, Ecosystem):
        return Analysis(source, focal, 1 if depth is None else depth)
    raise TypeError(f"expected an Ecosystem or an Analysis, got {type(source).__name__}")
