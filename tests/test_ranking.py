"""One candidate-ranking rule: gaps, what-if and explain list a gap's candidates in the same order.

The rule (README, "Candidates"): highest proficiency, then the most total gap severity the
candidate could close, then id.  Before it was one function, what-if and explain skipped the
second key; the tiny graph below is one where that changes the answer.

The graph, worked out by hand:
  F is the focal firm; P is its only partner.  a, b, c are partners of nobody (outside the scope).
  Capabilities x and y.  Job J1 requires x (weight 1), job J2 requires y (weight 1).
  Customer K has J1 (importance 5, satisfaction 5) and J2 (importance 3, satisfaction 3).
  P provides x at proficiency 0.5; a and c provide x (1.0); b provides x (1.0) and y (1.0).

  Opportunity: J1 = 5 + max(5 - 5, 0) = 5;  J2 = 3 + 0 = 3.
  In scope (F, P): x is covered by P; y is a gap of severity 3 x 1 = 3.
  Without P (what-if, or the graph with the F-P partnership removed) x is a gap too: 5 x 1 = 5.
  Total gap severity each outside organisation could close (without P):
    a: x = 5;  b: x + y = 5 + 3 = 8;  c: x = 5;  P: x = 5.
  Candidates of x:  proficiency 1.0 for a, b, c, then P (0.5);
                    among the three, b closes most (8), then a and c tie at 5: by id, a then c.
                    -> (b, a, c, P)    [proficiency-then-id alone would give (a, b, c, P)]
  Candidates of y:  (b,)
"""

from __future__ import annotations

import pytest

import ecosystem
from ecosystem.analyses.context import Analysis
from ecosystem.analyses.coverage import CoverageModel
from ecosystem.analyses.explain import explain_job
from ecosystem.analyses.gaps import capability_gaps, gaps_in
from ecosystem.analyses.scope import scope
from ecosystem.analyses.whatif import what_if

from .conftest import ROOT, SAMPLES

X_CANDIDATES = ("b", "a", "c", "P")


def tie_graph(with_partnership: bool = True) -> ecosystem.Ecosystem:
    eco = ecosystem.Ecosystem("Ties", focal="F")
    eco.add_node("F", "firm")
    for partner in ("P", "a", "b", "c"):
        eco.add_node(partner, "partner")
    for capability in ("x", "y"):
        eco.add_node(capability, "capability", kind="skill")
    eco.add_node("J1", "job")
    eco.add_node("J2", "job")
    eco.add_node("K", "customer")
    if with_partnership:
        eco.add_relationship("PARTNERS_WITH", "F", "P")
    eco.add_relationship("PROVIDES", "P", "x", proficiency=0.5)
    eco.add_relationship("PROVIDES", "a", "x", proficiency=1.0)
    eco.add_relationship("PROVIDES", "c", "x")  # proficiency defaults to 1
    eco.add_relationship("PROVIDES", "b", "x", proficiency=1.0)
    eco.add_relationship("PROVIDES", "b", "y", proficiency=1.0)
    eco.add_relationship("REQUIRES", "J1", "x", weight=1)
    eco.add_relationship("REQUIRES", "J2", "y", weight=1)
    eco.add_relationship("HAS_JOB", "K", "J1", importance=5, satisfaction=5)
    eco.add_relationship("HAS_JOB", "K", "J2", importance=3, satisfaction=3)
    return eco


def test_gaps_rank_by_proficiency_then_closable_severity_then_id() -> None:
    gaps = capability_gaps(tie_graph(with_partnership=False))
    assert [(g.job, g.capability, g.severity, g.candidates) for g in gaps] == [
        ("J1", "x", 5.0, X_CANDIDATES),  # severity 5 x 1
        ("J2", "y", 3.0, ("b",)),  # severity 3 x 1
    ]


def test_what_if_new_gaps_rank_their_candidates_as_gaps_does() -> None:
    result = what_if(tie_graph(), without=["P"])
    # x opens (y was a gap already): the same candidates, in the same order, as the gaps of the graph without P
    assert [(g.job, g.capability, g.severity, g.candidates) for g in result.new_gaps] == [("J1", "x", 5.0, X_CANDIDATES)]
    assert result.opportunity_at_risk == 5.0  # J1: 5 x (1 - 0)


def test_what_if_closed_gaps_rank_their_candidates_in_the_scope_before() -> None:
    # joining b closes x and y; their candidates are ranked outside the scope before (F alone)
    result = what_if(tie_graph(with_partnership=False), with_partners=["b"])
    assert [(g.capability, g.candidates) for g in result.closed_gaps] == [("x", X_CANDIDATES), ("y", ("b",))]


def test_explain_ranks_a_jobs_gap_candidates_as_gaps_does() -> None:
    explained = explain_job(tie_graph(with_partnership=False), "J1")
    assert [(c.capability, c.status, c.candidates) for c in explained.capabilities] == [("x", "gap", X_CANDIDATES)]
    # with P in scope x is covered: no candidates to list
    assert explain_job(tie_graph(), "J1").capabilities[0].candidates == ()


@pytest.mark.parametrize("path", [SAMPLES / "camera.yaml", SAMPLES / "aero_engine.yaml", ROOT / "tests" / "hand.yaml"],
                         ids=lambda p: p.name)
@pytest.mark.parametrize("depth", [1, 2])
def test_one_rule_everywhere_on_the_samples(path: object, depth: int) -> None:
    eco = ecosystem.load(path)  # type: ignore[arg-type]
    analysis = Analysis(eco, depth=depth)
    table = {(g.job, g.capability): g.candidates for g in analysis.gaps}
    # explain: every job's gaps list the candidates the gap table lists
    for job in eco.ids("job"):
        for support in analysis.explain(job).capabilities:
            if support.status == "gap":
                assert support.candidates == table[(job, support.capability)], (job, support.capability)
    # what-if: the gaps a departure opens list the candidates of the gap table of the scope without it
    for leaving in analysis.require_scope().organisations[1:]:
        after = gaps_in(CoverageModel(eco, scope(eco, depth, without={leaving})))
        expected = {(g.job, g.capability): g.candidates for g in after}
        for gap in analysis.what_if(without=[leaving]).new_gaps:
            assert gap.candidates == expected[(gap.job, gap.capability)], (leaving, gap)
