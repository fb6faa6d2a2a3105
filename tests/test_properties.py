"""Property-based tests: random valid ecosystems survive every round trip, and the analyses'
invariants hold on any valid graph (empty, no partners, jobs needing nothing, disconnected parts)."""

from __future__ import annotations

import math
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ecosystem
from ecosystem.coverage import CoverageModel, coverage, customer_coverage
from ecosystem.gaps import capability_gaps
from ecosystem.integrators import central_integrators
from ecosystem.model import RULES, Ecosystem, NodeType, RelType
from ecosystem.recommend import recommend_partners
from ecosystem.scope import scope
from ecosystem.whatif import risks, what_if

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
    lambda k: k == k.strip() and not k.startswith("_") and k not in ecosystem.model.RESERVED_NODE_KEYS
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
    risks(eco, depth)


def _total_severity(eco: Ecosystem, depth: int, **change: Any) -> float:
    if not change:
        return sum(g.severity for g in capability_gaps(eco, depth))
    model = CoverageModel(eco, scope(eco, depth, **change))
    from ecosystem.gaps import gaps_in

    return sum(g.severity for g in gaps_in(model))


@FAST
@given(ecosystems(), st.integers(0, 2), st.data())
def test_adding_a_partner_never_increases_gap_severity_and_removing_one_never_decreases_it(
    eco: Ecosystem, depth: int, data: Any
) -> None:
    organisations = [n.id for n in eco.organisations() if n.id != eco.focal]
    if not organisations:
        return
    other = data.draw(st.sampled_from(organisations))
    before = _total_severity(eco, depth)
    assert _total_severity(eco, depth, with_partners=frozenset({other})) <= before + 1e-9
    assert _total_severity(eco, depth, without=frozenset({other})) >= before - 1e-9
    change = what_if(eco, without=[other], depth=depth)
    assert change.opportunity_at_risk >= 0 and change.opportunity_gained == 0


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
    from ecosystem.neo4j_store import Neo4jStore

    with Neo4jStore() as store:
        store.write(eco, replace=True)
        assert store.read(eco.name) == eco
