"""The strategy-review page: one self-contained HTML file a strategy team reads (and looks at).

:func:`write_review` puts on one page, for the focal firm's ecosystem:

* the map (interactive, the same as :func:`ecosystem.pages.map.write_map`'s);
* the top integrators, with the make-up of their score and why;
* the top capability gaps with their candidates;
* whom to partner with (the greedy cover) and what to build or find;
* the risks: who the focal firm would miss most, what only one partner brings;
* coverage: a bar per customer, and a heat table of jobs x capabilities
  coloured in-house / partner / gap;
* with ``old=``, what changed since (:func:`ecosystem.analyses.diff.diff`);
* the definitions, in plain words.

Every figure in its tables comes from the very records the library returns
(and the command line prints as JSON): each number cell shows it as the
command line's tables do and keeps the exact value in ``data-value``.  The
page is the template ``templates/review.html``; it follows
:mod:`ecosystem.pages.document`'s rules: everything inline, a
Content-Security-Policy that forbids the network, and data escaped.

Every figure is computed once, by one analysis context per graph.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..analyses.coverage import GAP, IN_HOUSE, PARTNER
from ..formats.atomic import atomic_write_text
from ..formats.records import figure
from ..model.errors import ModelError
from ..model.graph import Ecosystem
from .document import render_page
from .map import build_map, map_legend, map_payload
from .view import PageView, view_of

if TYPE_CHECKING:  # pragma: no cover
    from ..analyses.coverage import JobCoverage

__all__ = ["DEFINITIONS", "review_html", "write_review"]

#: The definitions the page ends with: the README's "What the analyses mean", in plain words.
DEFINITIONS: tuple[tuple[str, str], ...] = (
    (
        "Scope",
        "(the focal firm's ecosystem at depth d): the focal firm, its units, and every organisation within d "
        "PARTNERS_WITH hops of it (direction ignored, hopping through organisations), with their units. "
        "Default d = 1.",
    ),
    (
        "Opportunity",
        "of a customer's job (Ulwick): importance + max(importance - satisfaction, 0). "
        "Band: above 15 extreme, 12 to 15 high, 10 to 12 worth considering, below 10 not attractive. "
        "Opportunity of a job: the sum over its customers of their opportunity, each times the customer's "
        "weight (default 1). A job no customer has is worth 0.",
    ),
    (
        "Coverage",
        "A capability a job requires is in-house if the focal firm or one of its units provides it, partner if "
        "another organisation in scope (or its unit) does, else a gap. A job's coverage = covered requirement "
        "weight / total requirement weight (1 for a job that requires nothing). A customer's covered share = the "
        "sum over its jobs of its weighted opportunity times the job's coverage, over its whole weighted "
        "opportunity.",
    ),
    (
        "Gap severity",
        "= opportunity(job) x requirement weight. Candidates of a gap: organisations outside the scope that "
        "provide the capability (themselves or through a unit), best first: highest proficiency, then the most "
        "total gap severity they could close, then id.",
    ),
    (
        "Recommendations",
        "greedy weighted set cover. Each outside organisation covers the gap capabilities it provides; repeatedly "
        "pick the one that closes the most remaining gap severity (ties: smallest id). cumulative_share is the "
        "share of all gap severity closed so far. Gaps nobody known can fill are listed as \"build or find\".",
    ),
    (
        "Risks",
        "single-sourced capabilities are required by some job and provided in scope by exactly one organisation "
        "other than the focal firm (a unit counts as its organisation); for each organisation in scope, the "
        "opportunity at risk if it left. Opportunity at risk = the sum over jobs of opportunity x coverage lost.",
    ),
    (
        "Integrator score",
        "of an organisation (firm or partner): the mean of three measures, each scaled to 0..1 by its maximum over "
        "the organisations: betweenness centrality in the whole graph (every node and relationship, direction "
        "ignored), brokerage (Burt's effective size in the organisation partnership graph: partners minus their "
        "redundancy), and integration reach (the total opportunity of the jobs it could fully cover with its own "
        "and its direct partners' capabilities, units included; jobs requiring nothing are left out). Each score "
        "comes with its three components and a one-sentence explanation. Betweenness is exact up to 5,000 nodes "
        "and estimated from 256 seeded source nodes above.",
    ),
    ("Diff", "nodes and relationships added, removed or changed, then the gaps, coverage and integrator ranks that moved."),
)

_HEAT_JOBS = 30
_HEAT_CAPABILITIES = 36
_CHANGES = 150
_CUSTOMERS = 40


@dataclass(frozen=True)
class _Kpi:
    value: str
    label: str
    bad: bool = False


@dataclass(frozen=True)
class _Heat:
    """The jobs x capabilities table: jobs by opportunity, capabilities gaps first, each cell's status."""

    jobs: list[JobCoverage]
    columns: list[tuple[str, bool]]  # capability, is a gap
    rows: list[tuple[JobCoverage, list[tuple[str, str | None]]]]
    cut: bool  # fewer jobs or capabilities than there are
    words: dict[str, str]
    letters: dict[str, str]


def _heat(page: PageView) -> _Heat:
    analysis = page.analysis
    jobs = sorted(analysis.job_coverage.values(), key=lambda c: (-c.opportunity, c.job))
    jobs = [j for j in jobs if j.in_house or j.partner or j.gaps][:_HEAT_JOBS]
    status: dict[tuple[str, str], str] = {}
    order = {GAP: 0, PARTNER: 1, IN_HOUSE: 2}
    columns: dict[str, tuple[int, float]] = {}
    for job in jobs:
        for group, kind in ((job.gaps, GAP), (job.partner, PARTNER), (job.in_house, IN_HOUSE)):
            for capability in group:
                status[(job.job, capability)] = kind
                columns[capability] = (order[kind], -analysis.demand.get(capability, 0.0))
    chosen = sorted(columns, key=lambda c: (columns[c], c))[:_HEAT_CAPABILITIES]
    return _Heat(
        jobs=jobs,
        columns=[(c, columns[c][0] == 0) for c in chosen],
        rows=[(job, [(c, status.get((job.job, c))) for c in chosen]) for job in jobs],
        cut=len(analysis.job_coverage) > len(jobs) or len(columns) > len(chosen),
        words={GAP: "gap", PARTNER: "brought by a partner", IN_HOUSE: "in-house"},
        letters={GAP: "G", PARTNER: "P", IN_HOUSE: "H"},
    )


def _name_in_either(eco: Ecosystem, old: Ecosystem) -> Any:
    def name(node: str) -> str:
        return eco.name_of(node) if node in eco else old.name_of(node) if node in old else node

    return name


# -- the page ------------------------------------------------------------------------------
def review_html(source: Any, *, old: Any = None, depth: int | None = None, top: int = 10) -> str:
    """The strategy-review page as text (the options of :func:`write_review`).

    >>> import ecosystem
    >>> page = review_html(ecosystem.load("sample_graphs/camera.yaml"), top=2)
    >>> page.count('<tr data-id="'), "What the figures mean" in page
    (11, True)
    """
    from ..analyses.context import analysis_of
    from ..analyses.diff import diff

    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise ModelError(f"top must be a whole number of at least 1, got {top!r}")
    page = view_of(source, depth)
    analysis = page.analysis
    where = analysis.scope
    if where is None:
        raise ModelError("a review needs a focal firm")
    eco, depth = analysis.eco, analysis.depth
    data = build_map(page)
    recommendations = analysis.recommendations(max_partners=top)
    risk = analysis.risks()
    before = analysis_of(old, depth) if old is not None else None
    changed = diff(before, analysis) if before is not None else None
    gaps = analysis.gaps[:top]
    partners = list(risk.partners[:top])
    customers = list(analysis.customer_coverage.values())
    kpis = [
        _Kpi(f"{analysis.statistics.node_total:,}", "nodes"),
        _Kpi(f"{len(where.organisations) - 1:,}", f"partners in the ecosystem (depth {depth})"),
        _Kpi(f"{analysis.statistics.nodes.get('job', 0):,}", "jobs to be done"),
        _Kpi(f"{len(analysis.gaps):,}", "capability gaps (job x capability)", bool(analysis.gaps)),
        _Kpi(figure(recommendations.total_severity), "total gap severity", bool(analysis.gaps)),
        _Kpi(analysis.integrators[0].name if analysis.integrators else "none", "top integrator"),
    ]
    nav = [("map", "Map"), ("integrators", "Integrators"), ("gaps", "Gaps"), ("recommendations", "What to do"),
           ("risks", "Risks"), ("coverage", "Coverage")]
    if changed is not None:
        nav.append(("changes", "What changed"))
    nav.append(("definitions", "Definitions"))
    return render_page(
        "review.html", title=f"{eco.name} \u00b7 strategy review", payload=map_payload(data), body_class="eco-review",
        styles=["review.css"],
        title_name=eco.name, focal_name=eco.name_of(where.focal), depth=depth, kpis=kpis, nav=nav,
        legend=map_legend(data), name=eco.name_of,
        integrators=analysis.integrators[:top],
        gaps=gaps, gap_total=len(analysis.gaps), most_severe=max((g.severity for g in gaps), default=0.0),
        recommendations=recommendations,
        risk_partners=partners, most_at_risk=max((p.opportunity_at_risk for p in partners), default=0.0),
        single_sourced=risk.single_sourced[:top],
        customers=customers[:_CUSTOMERS], customer_total=len(customers), heat=_heat(page),
        changed=changed, changes=changed.changes[:_CHANGES] if changed is not None else [],
        old_name=before.eco.name if before is not None else "",
        either_name=_name_in_either(eco, before.eco) if before is not None else eco.name_of,
        definitions=[(term, text) for term, text in DEFINITIONS if changed is not None or term != "Diff"],
    )


def write_review(source: Any, path: str | Path, *, old: Any = None, depth: int | None = None, top: int = 10) -> Path:
    """Write the strategy-review page (one self-contained HTML file), atomically; return its path.

    Parameters
    ----------
    source : Analysis or Ecosystem
        The ecosystem to review (it needs a focal firm), or its analysis context.
    path : str or Path
        Where to write the page.
    old : Analysis or Ecosystem, optional
        An earlier version: adds a "what changed" section (:func:`ecosystem.analyses.diff.diff`).
    depth : int, optional
        Partnership hops from the focal firm that count as its ecosystem
        (default: the context's depth, 1 for an ecosystem).
    top : int
        How many integrators, gaps, recommendations and risks to list.

    Examples
    --------
    >>> import ecosystem, tempfile, pathlib
    >>> eco = ecosystem.load("sample_graphs/camera.yaml")
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     page = write_review(eco, pathlib.Path(folder) / "review.html", top=3).read_text(encoding="utf-8")
    >>> 'data-table="integrators"' in page and 'id="eco-data"' in page
    True
    """
    path = Path(path)
    atomic_write_text(path, review_html(source, old=old, depth=depth, top=top))
    return path
