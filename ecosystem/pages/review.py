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
page follows :mod:`ecosystem.pages.map`'s rules: everything inline, a
Content-Security-Policy that forbids the network, and data escaped.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..analyses.coverage import GAP, IN_HOUSE, PARTNER, CustomerCoverage
from ..analyses.diff import EcosystemDiff, diff
from ..formats.files import atomic_write_text
from ..model.graph import Ecosystem
from ..analyses.recommend import Recommendations, recommend_partners
from .map import (
    Analyses,
    analyse,
    build_map,
    escape,
    figure,
    map_payload,
    map_section,
    page_document,
)
from ..analyses.stats import summarize
from ..analyses.whatif import Risks, risks

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

_CSS = """
.rv { max-width: 1280px; margin: 0 auto; padding: 0 24px 48px; }
body.eco-review { overflow-x: hidden; }
.rv-hero { padding: 28px 0 8px; }
.rv-eyebrow { margin: 0; text-transform: uppercase; letter-spacing: .12em; font-size: 12px; color: var(--muted);
  font-weight: 650; }
.rv-hero h1 { margin: 4px 0 6px; font-size: 30px; color: var(--accent); line-height: 1.2; overflow-wrap: anywhere; }
.rv-lede { margin: 0 0 16px; color: #495057; font-size: 15px; }
.rv-kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(160px, 1fr)); gap: 12px; margin: 0 0 8px; }
.rv-kpi { background: var(--soft); border: 1px solid var(--line); border-radius: 10px; padding: 10px 14px; }
.rv-kpi b { display: block; font-size: 24px; color: var(--accent); font-variant-numeric: tabular-nums;
  overflow-wrap: anywhere; }
.rv-kpi span { color: var(--muted); font-size: 12.5px; }
.rv-kpi.rv-bad b { color: var(--gap); }
.rv-nav { position: sticky; top: 0; z-index: 5; background: rgba(255,255,255,.95); border-bottom: 1px solid var(--line);
  display: flex; flex-wrap: wrap; gap: 4px 18px; padding: 10px 0; margin-bottom: 8px; }
.rv-nav a { color: var(--accent); text-decoration: none; font-weight: 600; font-size: 13.5px; }
.rv-nav a:hover { text-decoration: underline; }
.rv section.rv-section { padding: 18px 0 8px; border-bottom: 1px solid #f1f3f5; }
.rv-section > h2 { font-size: 21px; margin: 0 0 4px; color: var(--ink); }
.rv-section h3 { font-size: 15.5px; margin: 18px 0 6px; }
.rv-intro { margin: 0 0 12px; color: #495057; max-width: 900px; }
.rv-mapbox { border: 1px solid var(--line); border-radius: 10px; overflow: hidden; box-shadow: 0 1px 3px rgba(0,0,0,.05);
  width: calc(100vw - 40px); margin-left: calc(50% - 50vw + 20px); }
.rv-mapbox .eco-map { height: 80vh; min-height: 560px; }
.rv-mapbox .eco-notes { border-bottom: 1px solid #ffe08a; }
.rv-mapbox .eco-sub { padding: 8px 14px; border-bottom: 1px solid var(--line); background: #fff; }
table.rv-table { border-collapse: collapse; width: 100%; font-size: 13.5px; }
.rv-table th { text-align: left; font-weight: 650; color: #495057; border-bottom: 2px solid var(--line);
  padding: 6px 8px; white-space: nowrap; font-size: 12.5px; }
.rv-table td { border-bottom: 1px solid #edf0f2; padding: 6px 8px; vertical-align: top; overflow-wrap: anywhere; }
.rv-table tbody tr:hover { background: #f8fbff; }
.rv-table td.num, .rv-table th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.rv-table td.rank { color: var(--muted); width: 2.5em; }
.rv-table td[data-key="type"] { white-space: nowrap; }
.rv-table td[data-key="name"] { min-width: 150px; }
.rv-table .rv-why { color: #495057; font-size: 12.5px; margin-top: 2px; }
.rv-table .rv-muted { color: var(--muted); }
.rv-barcell { width: 170px; min-width: 120px; }
.rv-bar { display: block; height: 12px; border-radius: 3px; background: #3a86ff; min-width: 1px; margin-top: 3px; }
.rv-bar.rv-red { background: var(--gap); }
.rv-bar.rv-orange { background: #e07a2f; }
.rv-bar.rv-green { background: #2d9163; }
.rv-stack { display: flex; height: 12px; border-radius: 3px; overflow: hidden; background: #f1f3f5; margin-top: 3px; }
.rv-stack span { display: block; height: 100%; }
.rv-b { background: #1d3557; } .rv-e { background: #3a86ff; } .rv-r { background: #8ecae6; }
.rv-key { display: inline-flex; align-items: center; gap: 5px; margin-right: 14px; color: #495057; font-size: 12.5px; }
.rv-key i { display: inline-block; width: 12px; height: 12px; border-radius: 3px; }
.rv-two { display: grid; grid-template-columns: 1fr 1fr; gap: 28px; }
@media (max-width: 1000px) { .rv-two { grid-template-columns: 1fr; } }
.rv-chip { display: inline-block; background: #fdecea; color: #8a1c1c; border-radius: 999px; padding: 0 8px;
  margin: 1px 3px 1px 0; font-size: 12.5px; }
.rv-chip.rv-ok { background: #e7f0ff; color: #1c4fa1; }
.rv-heatwrap { overflow-x: auto; border: 1px solid var(--line); border-radius: 8px; }
table.rv-heat { border-collapse: separate; border-spacing: 2px; font-size: 12.5px; }
.rv-heat th.rv-col { vertical-align: bottom; height: 190px; padding: 4px 0; width: 26px; max-width: 26px; }
.rv-heat th.rv-col span { writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap;
  font-weight: 500; color: #343a40; max-height: 185px; overflow: hidden; text-overflow: ellipsis; display: inline-block; }
.rv-heat th.rv-col.rv-col-gap span { color: var(--gap); font-weight: 650; }
.rv-heat th.rv-row { text-align: left; font-weight: 500; white-space: nowrap; padding: 0 10px 0 6px;
  max-width: 340px; overflow: hidden; text-overflow: ellipsis; }
.rv-heat td.rv-cov { background: none; color: var(--muted); font-weight: 400; width: auto; padding: 0 10px 0 0;
  text-align: right; font-variant-numeric: tabular-nums; }
.rv-heat td { width: 24px; height: 24px; border-radius: 4px; text-align: center; font-size: 11px; font-weight: 700;
  color: #fff; }
.rv-heat td.in_house { background: #2d9163; }
.rv-heat td.partner { background: #3a86ff; }
.rv-heat td.gap { background: var(--gap); }
.rv-heat td.none { background: #f3f4f6; }
.rv-defs { display: grid; grid-template-columns: 200px 1fr; gap: 8px 20px; max-width: 1000px; }
.rv-defs dt { font-weight: 700; color: var(--accent); }
.rv-defs dd { margin: 0; color: #343a40; }
.rv-empty { color: var(--muted); font-style: italic; }
.rv-foot { color: var(--muted); font-size: 12.5px; padding-top: 18px; }
"""


# -- cells ---------------------------------------------------------------------------------
def _num(key: str, value: Any) -> str:
    """A number cell: shown as the command line's tables show it, exact in ``data-value`` (JSON)."""
    shown = escape(figure(value)) if value is not None else '<span class="rv-muted">\u2013</span>'
    return f'<td class="num" data-key="{escape(key)}" data-value="{escape(json.dumps(value))}">{shown}</td>'


def _text(key: str, text: Any, *, data: str | None = None, extra: str = "") -> str:
    attribute = "" if data is None else f' data-value="{escape(data)}"'
    return f'<td data-key="{escape(key)}"{attribute}>{escape(text)}{extra}</td>'


def _bar(share: float, colour: str = "") -> str:
    width = max(0.0, min(1.0, share)) * 100
    return f'<td class="rv-barcell" aria-hidden="true"><span class="rv-bar {colour}" style="width:{width:.1f}%"></span></td>'


def _ids(values: Iterable[str]) -> str:
    return json.dumps(list(values), ensure_ascii=False)


def _names(eco: Ecosystem, ids: Sequence[str], chip: str = "") -> str:
    if not ids:
        return ""
    return "".join(f'<span class="rv-chip {chip}">{escape(eco.name_of(i))}</span>' for i in ids)


def _table(name: str, head: Sequence[tuple[str, str]], rows: Sequence[str], empty: str) -> str:
    if not rows:
        return f'<p class="rv-empty" data-table="{escape(name)}" data-rows="0">{escape(empty)}</p>'
    cells = "".join(f'<th class="{cls}">{escape(label)}</th>' for label, cls in head)
    return (
        f'<table class="rv-table" data-table="{escape(name)}"><thead><tr>{cells}</tr></thead>'
        f'<tbody>{"".join(rows)}</tbody></table>'
    )


def _section(anchor: str, title: str, intro: str, content: str) -> str:
    return (
        f'<section class="rv-section" id="{escape(anchor)}"><h2>{escape(title)}</h2>'
        + (f'<p class="rv-intro">{intro}</p>' if intro else "")
        + content + "</section>\n"
    )


# -- sections ------------------------------------------------------------------------------
def _integrators(eco: Ecosystem, analyses: Analyses, top: int) -> str:
    rows = []
    for rank, s in enumerate(analyses.integrators[:top], start=1):
        stack = (
            '<td class="rv-barcell" aria-hidden="true"><div class="rv-stack">'
            f'<span class="rv-b" style="width:{s.betweenness / 3 * 100:.1f}%"></span>'
            f'<span class="rv-e" style="width:{s.brokerage / 3 * 100:.1f}%"></span>'
            f'<span class="rv-r" style="width:{s.reach / 3 * 100:.1f}%"></span></div></td>'
        )
        rows.append(
            f'<tr data-id="{escape(s.id)}"><td class="rank">{rank}</td>'
            f'<td><span data-key="name">{escape(s.name)}</span>'
            f'<div class="rv-why" data-key="explanation">{escape(s.explanation)}</div></td>'
            f'{_text("type", s.type)}{_num("score", s.score)}{stack}'
            f'{_num("betweenness", s.betweenness)}{_num("brokerage", s.brokerage)}{_num("reach", s.reach)}</tr>'
        )
    head = [("#", ""), ("Organisation and why", ""), ("Type", ""), ("Score", "num"), ("Make-up", ""),
            ("Betweenness", "num"), ("Brokerage", "num"), ("Reach", "num")]
    key = (
        '<p><span class="rv-key"><i class="rv-b"></i>betweenness</span><span class="rv-key"><i class="rv-e"></i>'
        'brokerage</span><span class="rv-key"><i class="rv-r"></i>integration reach</span>'
        '<span class="rv-key">(each a third of the score)</span></p>'
    )
    intro = (
        "Who really assembles partners' capabilities into customers' jobs: the integrator score is the mean of "
        "three measures scaled to 0..1 (see the definitions below)."
    )
    return _section("integrators", "Who integrates the ecosystem", intro,
                    key + _table("integrators", head, rows, "No organisations."))


def _gaps(eco: Ecosystem, analyses: Analyses, top: int) -> str:
    shown = analyses.gaps[:top]
    most = max((g.severity for g in shown), default=0.0)
    rows = []
    for rank, g in enumerate(shown, start=1):
        candidates = _names(eco, g.candidates, "rv-ok") or '<span class="rv-muted">none known: build or find</span>'
        rows.append(
            f'<tr data-job="{escape(g.job)}" data-capability="{escape(g.capability)}" '
            f'data-candidates="{escape(_ids(g.candidates))}"><td class="rank">{rank}</td>'
            f'{_text("job", eco.name_of(g.job))}{_text("capability", eco.name_of(g.capability))}'
            f'{_num("weight", g.weight)}{_num("opportunity", g.opportunity)}{_num("severity", g.severity)}'
            f'{_bar(g.severity / most if most else 0.0, "rv-red")}<td data-key="candidates">{candidates}</td></tr>'
        )
    head = [("#", ""), ("Job", ""), ("Missing capability", ""), ("Weight", "num"), ("Opportunity", "num"),
            ("Severity", "num"), ("", ""), ("Candidates (best first)", "")]
    total = len(analyses.gaps)
    intro = (
        f"{total:,} gap{'s' if total != 1 else ''}: a job needing a capability nobody in the ecosystem provides. "
        f"The {min(top, total)} most severe (opportunity of the job x weight), with the outside organisations "
        "that could fill them."
        if total else "Every capability a job requires is in the ecosystem."
    )
    return _section("gaps", "Capability gaps", escape(intro),
                    _table("gaps", head, rows, "No capability gaps: every required capability is provided in scope."))


def _recommendations(eco: Ecosystem, result: Recommendations) -> str:
    rows = []
    for rank, pick in enumerate(result.picks, start=1):
        rows.append(
            f'<tr data-id="{escape(pick.candidate)}" data-covers="{escape(_ids(pick.covers))}">'
            f'<td class="rank">{rank}</td>{_text("name", pick.name)}'
            f'<td data-key="covers">{_names(eco, pick.covers)}</td>{_num("gaps_closed", pick.gaps_closed)}'
            f'{_num("gain", pick.gain)}{_num("cumulative_share", pick.cumulative_share)}'
            f'{_bar(pick.cumulative_share, "rv-green")}</tr>'
        )
    head = [("#", ""), ("Partner with", ""), ("It brings", ""), ("Gaps closed", "num"), ("Severity closed", "num"),
            ("Cumulative share", "num"), ("", "")]
    build = []
    for g in result.unfillable:
        build.append(
            f'<tr data-job="{escape(g.job)}" data-capability="{escape(g.capability)}">'
            f'{_text("job", eco.name_of(g.job))}{_text("capability", eco.name_of(g.capability))}'
            f'{_num("severity", g.severity)}</tr>'
        )
    intro = escape(
        "Whom to partner with, in order: each pick closes the most remaining gap severity (a greedy cover). "
        f"Total gap severity: {figure(result.total_severity)}."
    )
    content = (
        _table("recommendations", head, rows, "No outside organisation closes a gap.")
        + '<h3>Build or find</h3><p class="rv-intro">Gaps no known organisation can fill.</p>'
        + _table("build_or_find", [("Job", ""), ("Capability", ""), ("Severity", "num")], build,
                 "None: every gap has a candidate.")
    )
    return _section("recommendations", "What to do about the gaps", intro, content)


def _risks(eco: Ecosystem, result: Risks, top: int) -> str:
    partners = list(result.partners[:top])
    most = max((p.opportunity_at_risk for p in partners), default=0.0)
    rows = []
    for p in partners:
        rows.append(
            f'<tr data-id="{escape(p.partner)}" data-sole="{escape(_ids(p.sole_provider_of))}">{_text("name", p.name)}'
            f'{_num("opportunity_at_risk", p.opportunity_at_risk)}{_bar(p.opportunity_at_risk / most if most else 0.0, "rv-orange")}'
            f'{_num("new_gaps", p.new_gaps)}<td data-key="sole_provider_of">{_names(eco, p.sole_provider_of)}</td></tr>'
        )
    head = [("If it left", ""), ("Opportunity at risk", "num"), ("", ""), ("New gaps", "num"), ("Sole provider of", "")]
    single = []
    for s in result.single_sourced[:top]:
        single.append(
            f'<tr data-id="{escape(s.capability)}" data-provider="{escape(s.provider)}">{_text("name", s.name)}'
            f'{_text("provider", eco.name_of(s.provider))}{_num("jobs", s.jobs)}{_num("severity_if_lost", s.severity_if_lost)}</tr>'
        )
    content = (
        _table("risks", head, rows, "No organisation in scope but the focal firm.")
        + '<h3>Single-sourced capabilities</h3><p class="rv-intro">Required by some job, and only one '
        "organisation in the ecosystem brings them.</p>"
        + _table("single_sourced", [("Capability", ""), ("Only provider", ""), ("Jobs", "num"),
                                    ("Severity if lost", "num")], single, "None.")
    )
    intro = "Which organisations the focal firm would miss most if they left, and what hangs on a single partner."
    return _section("risks", "Risks", escape(intro), content)


def _coverage(eco: Ecosystem, analyses: Analyses, customers: list[CustomerCoverage]) -> str:
    rows = []
    for c in customers[:_CUSTOMERS]:
        colour = "rv-green" if c.share >= 0.8 else "rv-orange" if c.share >= 0.5 else "rv-red"
        rows.append(
            f'<tr data-id="{escape(c.customer)}">{_text("name", c.name)}{_num("opportunity", c.opportunity)}'
            f'{_num("covered", c.covered)}{_num("share", c.share)}{_bar(c.share, colour)}</tr>'
        )
    more = f" (the {_CUSTOMERS} with the most opportunity of {len(customers):,})" if len(customers) > _CUSTOMERS else ""
    bars = _table("customers", [("Customer", ""), ("Opportunity", "num"), ("Covered", "num"), ("Share", "num"),
                                ("", "")], rows, "No customers.")
    return _section(
        "coverage", "Coverage",
        escape(f"How much of each customer's opportunity the ecosystem can get done{more}."),
        bars + _heat(eco, analyses),
    )


def _heat(eco: Ecosystem, analyses: Analyses) -> str:
    jobs = sorted(analyses.jobs.values(), key=lambda c: (-c.opportunity, c.job))
    jobs = [j for j in jobs if j.in_house or j.partner or j.gaps][:_HEAT_JOBS]
    if not jobs:
        return '<h3>Jobs x capabilities</h3><p class="rv-empty">No job requires a capability.</p>'
    status: dict[tuple[str, str], str] = {}
    order = {GAP: 0, PARTNER: 1, IN_HOUSE: 2}
    columns: dict[str, tuple[int, float]] = {}
    for job in jobs:
        for group, kind in ((job.gaps, GAP), (job.partner, PARTNER), (job.in_house, IN_HOUSE)):
            for capability in group:
                status[(job.job, capability)] = kind
                columns[capability] = (order[kind], -analyses.demand.get(capability, 0.0))
    chosen = sorted(columns, key=lambda c: (columns[c], c))[:_HEAT_CAPABILITIES]
    labels = {GAP: "G", PARTNER: "P", IN_HOUSE: "H"}
    words = {GAP: "gap", PARTNER: "brought by a partner", IN_HOUSE: "in-house"}
    head = "".join(
        f'<th class="rv-col{" rv-col-gap" if columns[c][0] == 0 else ""}" data-capability="{escape(c)}" '
        f'title="{escape(eco.name_of(c))}"><span>{escape(eco.name_of(c))}</span></th>'
        for c in chosen
    )
    body = []
    for job in jobs:
        cells = []
        for capability in chosen:
            found = status.get((job.job, capability))
            if found is None:
                cells.append('<td class="none"></td>')
            else:
                tip = f"{eco.name_of(job.job)} needs {eco.name_of(capability)}: {words[found]}"
                cells.append(
                    f'<td class="{found}" data-capability="{escape(capability)}" data-status="{found}" '
                    f'title="{escape(tip)}">{labels[found]}</td>'
                )
        body.append(
            f'<tr data-job="{escape(job.job)}"><th class="rv-row" title="{escape(job.name)}">{escape(job.name)}</th>'
            f'<td class="rv-cov" data-key="coverage" data-value="{json.dumps(job.coverage)}">{escape(figure(job.coverage))}</td>'
            f'{"".join(cells)}</tr>'
        )
    cut = ""
    if len(analyses.jobs) > len(jobs) or len(columns) > len(chosen):
        cut = (
            f" Showing the {len(jobs)} jobs with the most opportunity and {len(chosen)} of the capabilities "
            "they need (gaps first)."
        )
    key = (
        '<p><span class="rv-key"><i style="background:#2d9163"></i>H in-house</span>'
        '<span class="rv-key"><i style="background:#3a86ff"></i>P brought by a partner</span>'
        '<span class="rv-key"><i style="background:#d62828"></i>G gap</span></p>'
    )
    return (
        '<h3>Jobs x capabilities</h3><p class="rv-intro">'
        + escape("What each job needs and where it comes from, jobs by opportunity." + cut) + "</p>" + key
        + f'<div class="rv-heatwrap"><table class="rv-heat" data-table="heat"><thead><tr><th></th><th class="rv-cov">coverage</th>{head}</tr></thead>'
        f'<tbody>{"".join(body)}</tbody></table></div>'
    )


def _changes(eco: Ecosystem, old: Ecosystem, result: EcosystemDiff) -> str:
    def name(node: str) -> str:
        return eco.name_of(node) if node in eco else old.name_of(node) if node in old else node

    structural = [
        f'<tr>{_text("kind", c.kind)}{_text("change", c.change)}{_text("id", c.id)}{_text("details", c.details)}</tr>'
        for c in result.changes[:_CHANGES]
    ]
    cut = f" (the first {_CHANGES} of {len(result.changes):,})" if len(result.changes) > _CHANGES else ""
    gap_rows = [
        f'<tr data-job="{escape(g.job)}" data-capability="{escape(g.capability)}">{_text("job", name(g.job))}'
        f'{_text("capability", name(g.capability))}{_num("before", g.before)}{_num("after", g.after)}</tr>'
        for g in result.gaps
    ]
    coverage_rows = [
        f'<tr data-job="{escape(c.job)}">{_text("job", name(c.job))}{_num("before", c.before)}{_num("after", c.after)}</tr>'
        for c in result.coverage
    ]
    rank_rows = [
        f'<tr data-id="{escape(r.id)}">{_text("name", name(r.id))}{_num("before", r.before)}{_num("after", r.after)}'
        f'{_num("score_before", r.score_before)}{_num("score_after", r.score_after)}</tr>'
        for r in result.integrators
    ]
    content = (
        f"<h3>Nodes and relationships{escape(cut)}</h3>"
        + _table("changes", [("Kind", ""), ("Change", ""), ("What", ""), ("Details", "")], structural, "No change.")
        + '<div class="rv-two"><div><h3>Gaps that moved</h3>'
        + _table("gap_moves", [("Job", ""), ("Capability", ""), ("Severity before", "num"), ("After", "num")],
                 gap_rows, "No gap moved.")
        + "<h3>Coverage that moved</h3>"
        + _table("coverage_moves", [("Job", ""), ("Before", "num"), ("After", "num")], coverage_rows,
                 "No coverage moved.")
        + "</div><div><h3>Integrator ranks that moved</h3>"
        + _table("rank_moves", [("Organisation", ""), ("Rank before", "num"), ("After", "num"),
                                ("Score before", "num"), ("After", "num")], rank_rows, "No rank moved.")
        + "</div></div>"
    )
    intro = escape(f"From {old.name} to {eco.name}: what changed, and how the answers moved.")
    return _section("changes", "What changed", intro, content)


def _definitions(with_diff: bool) -> str:
    rows = "".join(
        f"<dt>{escape(term)}</dt><dd>{escape(text)}</dd>"
        for term, text in DEFINITIONS if with_diff or term != "Diff"
    )
    return _section("definitions", "What the figures mean", "", f'<dl class="rv-defs">{rows}</dl>')


# -- the page ------------------------------------------------------------------------------
def review_html(eco: Ecosystem, *, old: Ecosystem | None = None, depth: int = 1, top: int = 10) -> str:
    """The strategy-review page as text (the options of :func:`write_review`).

    >>> import ecosystem
    >>> page = review_html(ecosystem.load("sample_graphs/camera.yaml"), top=2)
    >>> page.count('<tr data-id="'), "What the figures mean" in page
    (11, True)
    """
    from .. import __version__

    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        from ..model.errors import ModelError

        raise ModelError(f"top must be a whole number of at least 1, got {top!r}")
    analyses = analyse(eco, depth)
    if analyses.scope is None:
        from ..model.errors import ModelError

        raise ModelError("a review needs a focal firm")
    data = build_map(eco, analyses=analyses, scope_depth=depth)
    recommendations = recommend_partners(eco, depth, max_partners=top)
    risk = risks(eco, depth)
    customers = list(analyses.customers.values())
    summary = summarize(eco)
    changed = diff(old, eco, depth, integrators_after=analyses.integrators) if old is not None else None
    where = analyses.scope
    focal_name = eco.name_of(where.focal)
    kpis = [
        (f"{summary.node_total:,}", "nodes", ""),
        (f"{len(where.organisations) - 1:,}", f"partners in the ecosystem (depth {depth})", ""),
        (f"{summary.nodes.get('job', 0):,}", "jobs to be done", ""),
        (f"{len(analyses.gaps):,}", "capability gaps (job x capability)", " rv-bad" if analyses.gaps else ""),
        (figure(recommendations.total_severity), "total gap severity", " rv-bad" if analyses.gaps else ""),
        (analyses.integrators[0].name if analyses.integrators else "none", "top integrator", ""),
    ]
    cards = "".join(
        f'<div class="rv-kpi{cls}"><b>{escape(value)}</b><span>{escape(label)}</span></div>'
        for value, label, cls in kpis
    )
    nav = [("map", "Map"), ("integrators", "Integrators"), ("gaps", "Gaps"), ("recommendations", "What to do"),
           ("risks", "Risks"), ("coverage", "Coverage")]
    if changed is not None:
        nav.append(("changes", "What changed"))
    nav.append(("definitions", "Definitions"))
    map_block = (
        '<div class="rv-mapbox"><p class="eco-sub" id="eco-sub"></p><p class="eco-notes" id="eco-notes" hidden></p>'
        + map_section(data) + "</div>"
    )
    body = (
        '<div class="rv">\n<header class="rv-hero"><p class="rv-eyebrow">Strategy review</p>'
        f"<h1>{escape(eco.name)}</h1>"
        f'<p class="rv-lede">Focal firm: <b>{escape(focal_name)}</b>. Its ecosystem: the organisations within '
        f"{depth} partnership hop{'s' if depth != 1 else ''} of it.</p>"
        f'<div class="rv-kpis">{cards}</div></header>\n'
        '<nav class="rv-nav">' + "".join(f'<a href="#{a}">{escape(t)}</a>' for a, t in nav) + "</nav>\n"
        + _section("map", "The map", escape(
            "Click a node for its figures; search by name; untick a type to hide it. Red: capability gaps and "
            "the jobs they hurt."), map_block)
        + _integrators(eco, analyses, top)
        + _gaps(eco, analyses, top)
        + _recommendations(eco, recommendations)
        + _risks(eco, risk, top)
        + _coverage(eco, analyses, customers)
        + (_changes(eco, old, changed) if changed is not None and old is not None else "")
        + _definitions(changed is not None)
        + f'<p class="rv-foot">Made by ecosystem {escape(__version__)}. Every figure is the one '
        "<code>ecosystem ... --format json</code> prints for the same graph (tables show it rounded to 3 "
        "decimals, as the command line's tables do).</p>\n</div>"
    )
    return page_document(
        title=f"{eco.name} \u00b7 strategy review", body=body, payload=map_payload(data), body_class="eco-review",
        css=_CSS,
    )


def write_review(
    eco: Ecosystem, path: str | Path, *, old: Ecosystem | None = None, depth: int = 1, top: int = 10
) -> Path:
    """Write the strategy-review page (one self-contained HTML file), atomically; return its path.

    Parameters
    ----------
    eco : Ecosystem
        The ecosystem to review (it needs a focal firm).
    path : str or Path
        Where to write the page.
    old : Ecosystem, optional
        An earlier version: adds a "what changed" section (:func:`ecosystem.analyses.diff.diff`).
    depth : int
        Partnership hops from the focal firm that count as its ecosystem.
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
    atomic_write_text(path, review_html(eco, old=old, depth=depth, top=top))
    return path
