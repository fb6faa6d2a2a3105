"""Property-based tests: random valid ecosystems survive every round trip, and the analyses'
invariants hold on any valid graph (empty, no partners, jobs needing nothing, disconnected parts)."""

from __future__ import annotations

import math
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import ecosystem
from ecosystem.analyses.coverage import CoverageModel, coverage, customer_coverage
from ecosystem.analyses.gaps import capability_gaps
from ecosystem.analyses.integrators import central_integrators
from ecosystem.analyses.recommend import recommend_partners
from ecosystem.analyses.scope import scope
from ecosystem.analyses.whatif import risks, what_if
from ecosystem.model.graph import RULES, Ecosystem, NodeType, RelType

# Text that files and Neo4j must carry unchanged: quotes, markup, YAML/JSON/CSV syntax, unicode.
AWKWARD = st.one_of(
    st.text(alphabet=list("aZ09 -_.,;:'\"<>&{}[]#!%*|\\/é東\t\n~"), min_size=0, max_size=12),
    st.sampled_from(["NO", "on", "null", "007", "1e3", "true", "2019-05-01", "[1]", '"x"']),
)
SCALAR = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**53), max_value=2**53),
    st.floats(allow_nan=False, allow_infinity=False, width=64), AWKWARD,
)
VALUE = st.recursive(
    SCALAR,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text("abcxyz", min_size=1, max_size=4), inner, max_size=3)
    ),
    max_leaves=6,
)
KEY = st.text(alphabet="abcdefXYZ_09 -", min_size=1, max_size=8).filter(
    lambda k: k == k.strip() and not k.startswith("_") and k not in ecosystem.model.graph.RESERVED_NODE_KEYS
    and k not in {"kind", "weight", "innovator"}
)
ATTRIBUTES = st.dictionaries(KEY, VALUE, max_size=3)
COUNTS = {NodeType.FIRM: (1, 3), NodeType.PARTNER: (0, 6), NodeType.CUSTOMER: (0, 3), NodeType.JOB: (0, 4),
          NodeType.CAPABILITY: (0, 6), NodeType.UNIT: (0, 3)}


@st.composite
def ecosystems(draw: Any) -> Ecosystem:
    """A random ecosystem that the model accepts."""
    name = draw(st.text(alphabet="Eco <>'\"&東{}", min_size=1, max_size=10).filter(lambda t: t.strip() != ""))
    eco = Ecosystem(name, focal=None)
    for kind, (low, high) in COUNTS.items():
        for i in range(draw(st.integers(low, high))):
            suffix = draw(st.sampled_from(["", "<b>", "'q'", '"', "é", " x", "{{1}}", "NO"]))
            attributes = draw(ATTRIBUTES)
            if kind is NodeType.CAPABILITY:
                attributes["kind"] = draw(st.sampled_from(["knowledge", "skill", "resource"]))
            if kind is NodeType.CUSTOMER and draw(st.booleans()):
                attributes["weight"] = draw(st.floats(0.1, 5))
                attributes["innovator"] = draw(st.booleans())
            eco.add_node(f"{kind.value[:3]}{i}{suffix}", kind, draw(AWKWARD.filter(lambda t: t.strip() != "")) or "n",
                         **attributes)
    eco.focal = eco.ids(NodeType.FIRM)[0]
    ids = {kind: eco.ids(kind) for kind in NodeType}
    for rel in RelType:
        rule = RULES[rel]
        sources = [n for t in rule.sources for n in ids[t]]
        targets = [n for t in rule.targets for n in ids[t]]
        if not sources or not targets:
            continue
        for _ in range(draw(st.integers(0, 8))):
            source, target = draw(st.sampled_from(sorted(sources))), draw(st.sampled_from(sorted(targets)))
            props: dict[str, Any] = {}
            if rel is RelType.HAS_JOB:
                props = {"importance": draw(st.floats(0, 10)), "satisfaction": draw(st.floats(0, 10))}
            elif rel is RelType.REQUIRES and draw(st.booleans()):
                props = {"weight": draw(st.floats(0.1, 5))}
            elif rel is RelType.PROVIDES and draw(st.booleans()):
                props = {"proficiency": draw(st.floats(0, 1))}
            elif rel is RelType.PARTNERS_WITH and draw(st.booleans()):
                props = {"strength": draw(st.floats(0, 1)), "since": draw(st.integers(1950, 2030)), "note": draw(VALUE)}
            try:
                eco.add_relationship(rel, source, target, **props)
            except ecosystem.ModelError:
                pass  # a duplicate, a self-partnership or a second parent: skip it
    return eco


FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(ecosystems(), st.sampled_from(["eco.yaml", "eco.json", "eco_csv"]))
def test_every_valid_ecosystem_survives_a_file_round_trip(eco: Ecosystem, target: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = ecosystem.save(eco, Path(folder) / target)
        assert ecosystem.load(path) == eco


@FAST
@given(ecosystems(), st.integers(0, 3))
def test_analyses_never_crash_and_their_invariants_hold(eco: Ecosystem, depth: int) -> None:
    rows = coverage(eco, depth)
    assert all(0.0 <= r.coverage <= 1.0 for r in rows)
    assert all(0.0 <= c.share <= 1.0 for c in customer_coverage(eco, depth))
    where = scope(eco, depth)
    provided = {c for actor in where.actors for c in eco.capabilities_of(actor)}
    gaps = capability_gaps(eco, depth)
    for gap in gaps:  # every gap's capability is unprovided in scope, and its candidates are outside it
        assert gap.capability not in provided
        assert all(c not in where.distance for c in gap.candidates)
        assert gap.severity >= 0 and math.isfinite(gap.severity)
    scores = central_integrators(eco)
    assert all(0.0 <= s.score <= 1.0 for s in scores)
    picks = recommend_partners(eco, depth, max_partners=None).picks
    assert all(0.0 < p.cumulative_share <= 1.0 for p in picks)
    found = risks(eco, depth)
    assert all(s.severity_if_lost >= 0 and s.jobs >= 1 for s in found.single_sourced)
    assert all(p.opportunity_at_risk >= 0 and p.new_gaps >= 0 for p in found.partners)


def _total_severity(eco: Ecosystem, depth: int, **change: Any) -> float:
    if not change:
        return sum(g.severity for g in capability_gaps(eco, depth))
    model = CoverageModel(eco, scope(eco, depth, **change))
    from ecosystem.analyses.gaps import gaps_in

    return sum(g.severity for g in gaps_in(model))


@FAST
@given(ecosystems(), st.integers(0, 2), st.data())
def test_adding_a_partner_never_increases_gap_severity_and_removing_one_never_decreases_it(
    eco: Ecosystem, depth: int, data: Any
) -> None:
    organisations = [n.id for n in eco.organisations() if n.id != eco.focal]
    assume(organisations)  # discarded and counted, not passed
    other = data.draw(st.sampled_from(organisations))
    before = _total_severity(eco, depth)
    assert _total_severity(eco, depth, with_partners=frozenset({other})) <= before + 1e-9
    assert _total_severity(eco, depth, without=frozenset({other})) >= before - 1e-9
    change = what_if(eco, without=[other], depth=depth)
    assert change.opportunity_at_risk >= 0 and change.opportunity_gained == 0


def _reference_gaps(eco: Ecosystem, depth: int) -> list[tuple[Any, ...]]:
    """The gaps straight from the definitions, record by record: the reference for the columnar code."""
    where = scope(eco, depth)
    inside = {c for actor in where.actors for c in eco.capabilities_of(actor)}
    opportunity = dict.fromkeys(eco.ids(NodeType.JOB), 0.0)
    for customer in eco.ids(NodeType.CUSTOMER):  # each job's customers added in customer order
        weight = float(eco.graph.nodes[customer].get("weight", 1.0))
        for rating in eco.jobs_of(customer):
            imp, sat = float(rating.importance), float(rating.satisfaction)
            opportunity[rating.job] += weight * (imp + max(imp - sat, 0.0))
    rows = []
    for job in eco.ids(NodeType.JOB):
        for requirement in eco.requirements(job):
            if requirement.capability not in inside:
                severity = round(opportunity[job] * float(requirement.weight), 6)
                rows.append((job, requirement.capability, float(requirement.weight), round(opportunity[job], 6), severity))
    rows.sort(key=lambda r: (-r[4], r[0], r[1]))
    # per capability, the severities added in that order; each outside organisation's best proficiency
    totals: dict[str, float] = {}
    for row in rows:
        totals[row[1]] = totals.get(row[1], 0.0) + row[4]
    best: dict[str, dict[str, float]] = {c: {} for c in totals}
    for capability in best:
        for provision in eco.providers(capability):
            organisation = provision.provider
            if eco.type_of(organisation) is NodeType.UNIT:
                organisation = eco.parent_of(organisation)
            if organisation is None or organisation in where.distance:
                continue
            known = best[capability].get(organisation, 0.0)
            best[capability][organisation] = max(known, float(provision.proficiency))
    closable: dict[str, float] = {}
    for capability in sorted(best):
        for organisation in best[capability]:
            closable[organisation] = closable.get(organisation, 0.0) + totals[capability]
    ranked = {c: tuple(sorted(o, key=lambda x: (-o[x], -closable[x], x))) for c, o in best.items()}
    return [row + (ranked[row[1]],) for row in rows]


def _reference_recommendations(gaps: list[tuple[Any, ...]], max_partners: int | None) -> list[tuple[Any, ...]]:
    """Plain greedy set cover: every round, every candidate's remaining gain; the most wins, ties to the smaller id."""
    totals: dict[str, float] = {}
    jobs: dict[str, int] = {}
    covers: dict[str, set[str]] = {}
    for _, capability, _, _, severity, candidates in gaps:
        totals[capability] = totals.get(capability, 0.0) + severity
        jobs[capability] = jobs.get(capability, 0) + 1
        for candidate in candidates:
            covers.setdefault(candidate, set()).add(capability)
    total = sum(g[4] for g in gaps)
    remaining, picks, closed = set(totals), [], 0.0
    while max_partners is None or len(picks) < max_partners:
        gains = {c: sum(totals[k] for k in sorted(caps & remaining)) for c, caps in covers.items()}
        best = min(gains, key=lambda c: (-gains[c], c), default=None)
        if best is None or gains[best] <= 0:
            break
        closing = sorted(covers[best] & remaining)
        remaining -= set(closing)
        closed += gains[best]
        picks.append((best, tuple(closing), sum(jobs[k] for k in closing), round(gains[best], 6),
                      round(closed / total, 6) if total > 0 else 1.0))
    return picks


@FAST
@given(ecosystems(), st.integers(0, 3), st.sampled_from([None, 1, 2]))
def test_gaps_and_recommendations_equal_a_record_by_record_reference(
    eco: Ecosystem, depth: int, max_partners: int | None
) -> None:
    expected = _reference_gaps(eco, depth)
    found = capability_gaps(eco, depth)
    assert [(g.job, g.capability, g.weight, g.opportunity, g.severity, g.candidates) for g in found] == expected
    result = recommend_partners(eco, depth, max_partners=max_partners)
    picks = [(p.candidate, p.covers, p.gaps_closed, p.gain, p.cumulative_share) for p in result.picks]
    assert picks == _reference_recommendations(expected, max_partners)
    assert [(g.job, g.capability) for g in result.unfillable] == [(g[0], g[1]) for g in expected if not g[5]]


@pytest.mark.parametrize("seed,depth", [(1, 1), (2, 2), (3, 1)])
def test_gaps_and_recommendations_equal_the_reference_on_generated_ecosystems(seed: int, depth: int) -> None:
    # generated graphs have many candidates per capability with equal proficiency (so the
    # "most closable severity" tie-break decides) and many stale gains in the greedy cover
    from ecosystem.formats.generate import generate_nodes

    eco = generate_nodes(3000, seed=seed)
    expected = _reference_gaps(eco, depth)
    assert sum(1 for g in expected if len(g[5]) > 1) > 50
    found = capability_gaps(eco, depth)
    assert [(g.job, g.capability, g.weight, g.opportunity, g.severity, g.candidates) for g in found] == expected
    picks = [(p.candidate, p.covers, p.gaps_closed, p.gain, p.cumulative_share)
             for p in recommend_partners(eco, depth, max_partners=40).picks]
    assert picks == _reference_recommendations(expected, 40)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.integers(-10**9, 10**9).map(lambda k: (k + 0.5) / 10**6),  # half-way points, the hard case
    st.tuples(st.integers(0, 1000), st.integers(0, 500)).map(lambda t: t[0] / 100 * (t[1] / 100)),
), max_size=20))
def test_array_rounding_gives_exactly_pythons_round(values: list[float]) -> None:
    import numpy as np

    from ecosystem.analyses.columns import round_figures

    rounded = round_figures(np.array(values, dtype=np.float64)).tolist()
    assert [repr(v) for v in rounded] == [repr(round(v, 6)) for v in values]


def test_the_degenerate_cases_named_in_the_guarantees() -> None:
    empty = Ecosystem("Empty", focal="f")
    empty.add_node("f", "firm", "Only the focal firm")
    assert coverage(empty) == [] and capability_gaps(empty) == [] and central_integrators(empty)[0].score == 0.0
    disconnected = Ecosystem("Islands", focal="f")
    for node_id, kind in [("f", "firm"), ("p", "partner"), ("q", "partner"), ("j", "job"), ("c", "capability")]:
        disconnected.add_node(node_id, kind, node_id, **({"kind": "skill"} if kind == "capability" else {}))
    disconnected.add_relationship("PARTNERS_WITH", "p", "q")
    disconnected.add_relationship("REQUIRES", "j", "c")
    assert [(g.job, g.capability, g.severity) for g in capability_gaps(disconnected)] == [("j", "c", 0.0)]
    # no shortest path runs through anyone; p and q each broker one partner; nobody can cover j:
    # p and q score (0 + 1 + 0) / 3, the isolated focal firm 0
    assert [(s.id, s.score) for s in central_integrators(disconnected)] == [("p", 0.333333), ("q", 0.333333), ("f", 0.0)]


@pytest.mark.neo4j
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(eco=ecosystems())
def test_every_valid_ecosystem_survives_a_neo4j_round_trip(neo4j_env: Any, eco: Ecosystem) -> None:
    from ecosystem.stores.neo4j import Neo4jStore

    with Neo4jStore() as store:
        store.write(eco, replace=True)
        assert store.read(eco.name) == eco
