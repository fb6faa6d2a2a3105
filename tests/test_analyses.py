"""The analyses, pinned on a hand-made graph (tests/hand.yaml) whose answers are worked out here.

The hand graph: focal F with units U, U2 (both provide c1) and U3; partnerships F-P, P-A, P-B, P-C,
A-X; Z stands alone. P provides c2, c6; A c3; B c6; X c4 (proficiency 0.5); Z c4 (0.9); nobody c5.
Jobs: J1 needs c1, c2 (weight 2), c3; J2 needs c4 (2), c5; J3 needs c2, c6; J4 needs nothing;
J5 needs c3; J6 needs c4.  Customers: K1 (weight 2): J1 8/4, J2 6/7; K2: J1 10/2, J2 9/3, J3 4/9;
K3 (weight 1.5): J6 9/0.

Opportunity per customer and job (importance + max(importance - satisfaction, 0)):
  K1-J1 = 8 + 4 = 12 (x2 = 24)   K1-J2 = 6 + 0 = 6 (x2 = 12)
  K2-J1 = 10 + 8 = 18            K2-J2 = 9 + 6 = 15            K2-J3 = 4 + 0 = 4
  K3-J6 = 9 + 9 = 18 (x1.5 = 27)
Opportunity per job: J1 = 24 + 18 = 42, J2 = 12 + 15 = 27, J3 = 4, J4 = 0, J5 = 0, J6 = 27.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import networkx as nx
import pytest
from click.testing import CliRunner

import ecosystem
from ecosystem.analyses.cocreate import cocreation_targets
from ecosystem.analyses.communities import communities
from ecosystem.analyses.coverage import coverage, customer_coverage
from ecosystem.analyses.diff import diff
from ecosystem.analyses.explain import explain_job
from ecosystem.analyses.gaps import Gap, capability_gaps, gap_totals
from ecosystem.analyses.integrators import central_integrators
from ecosystem.analyses.named_queries import run_named_query
from ecosystem.analyses.opportunity import customer_opportunities, job_opportunities
from ecosystem.analyses.recommend import recommend_partners
from ecosystem.analyses.scope import scope
from ecosystem.analyses.summary import summary
from ecosystem.analyses.whatif import risks, what_if
from ecosystem.cli.main import main
from ecosystem.formats.records import render_json
from ecosystem.model.errors import ModelError

from .conftest import CAMERA_GAPS, ROOT, SAMPLES

HAND = ROOT / "tests" / "hand.yaml"


@pytest.fixture(scope="module")
def eco() -> ecosystem.Ecosystem:
    return ecosystem.load(HAND)


def test_opportunity_per_job_and_bands(eco: ecosystem.Ecosystem) -> None:
    assert job_opportunities(eco) == {"J1": 42.0, "J2": 27.0, "J3": 4.0, "J4": 0.0, "J5": 0.0, "J6": 18.0 * 1.5}
    bands = {(r.customer, r.job): (r.opportunity, r.band, r.overserved) for r in customer_opportunities(eco)}
    assert bands[("K2", "J1")] == (18.0, "extreme", False)  # above 15
    assert bands[("K2", "J2")] == (15.0, "high", False)  # 15 is still "high" (12 to 15)
    assert bands[("K1", "J1")] == (12.0, "high", False)  # unweighted per-customer score
    assert bands[("K1", "J2")] == (6.0, "not attractive", False)
    assert bands[("K2", "J3")] == (4.0, "not attractive", True)  # satisfaction 9 > importance 4 <= 5: overserved


def test_scope_at_depth_1_and_2(eco: ecosystem.Ecosystem) -> None:
    assert scope(eco, 0).organisations == ("F",)
    assert scope(eco, 1).organisations == ("F", "P")
    assert scope(eco, 1).units == ("U", "U2", "U3")
    assert scope(eco, 2).organisations == ("F", "P", "A", "B", "C")  # by distance, then id
    assert scope(eco, 3).organisations == ("F", "P", "A", "B", "C", "X")  # Z is never reachable
    assert scope(eco, 3).path_to("X") == ("F", "P", "A", "X")
    with pytest.raises(ModelError, match="depth must be a whole number from 0 to 10"):
        scope(eco, 11)


def test_coverage_in_house_partner_and_gaps(eco: ecosystem.Ecosystem) -> None:
    rows = {c.job: c for c in coverage(eco)}
    # J1: c1 in-house (units U, U2), c2 partner (P, weight 2), c3 gap -> (1 + 2) / 4
    assert (rows["J1"].in_house, rows["J1"].partner, rows["J1"].gaps, rows["J1"].coverage) == (
        ("c1",), ("c2",), ("c3",), 0.75)
    assert rows["J2"].coverage == 0.0 and rows["J2"].gaps == ("c4", "c5")
    assert rows["J3"].coverage == 1.0 and rows["J3"].partner == ("c2", "c6")
    assert rows["J4"].coverage == 1.0  # a job that needs nothing is not short of anything
    assert [c.job for c in coverage(eco)] == ["J1", "J2", "J6", "J3", "J4", "J5"]  # opportunity, then id


def test_depth_2_turns_a_gap_into_coverage(eco: ecosystem.Ecosystem) -> None:
    assert {c.job: c.coverage for c in coverage(eco, depth=2)}["J1"] == 1.0  # A (2 hops) brings c3
    assert [(g.job, g.capability) for g in capability_gaps(eco, depth=2)] == [("J2", "c4"), ("J2", "c5"), ("J6", "c4")]


def test_customer_coverage(eco: ecosystem.Ecosystem) -> None:
    rows = {c.customer: (c.opportunity, c.covered, c.share) for c in customer_coverage(eco)}
    assert rows["K1"] == (36.0, 18.0, 0.5)  # 24 x 0.75 + 12 x 0 = 18 of 36
    assert rows["K2"] == (37.0, 17.5, 0.472973)  # 18 x 0.75 + 15 x 0 + 4 x 1 = 17.5 of 37
    assert rows["K3"] == (27.0, 0.0, 0.0)


def test_gaps_severity_ties_candidates_and_unprovided(eco: ecosystem.Ecosystem) -> None:
    # severity = opportunity x weight: J2/c4 27 x 2 = 54; J1/c3 42; J2/c5 27; J6/c4 27; J5/c3 0 (no customers)
    # ties (27) by job id; candidates of c4: Z (0.9) before X (0.5); nobody provides c5
    assert [(g.job, g.capability, g.severity, g.candidates) for g in capability_gaps(eco)] == [
        ("J2", "c4", 54.0, ("Z", "X")),
        ("J1", "c3", 42.0, ("A",)),
        ("J2", "c5", 27.0, ()),
        ("J6", "c4", 27.0, ("Z", "X")),
        ("J5", "c3", 0.0, ("A",)),
    ]
    totals = [(t.capability, t.jobs, t.severity) for t in gap_totals(eco, capability_gaps(eco))]
    assert totals == [("c4", 2, 81.0), ("c3", 2, 42.0), ("c5", 1, 27.0)]


def test_capability_gaps_by_hand_from_the_file() -> None:
    # the figures worked out in tests/conftest.py; tests/test_neo4j.py checks the server gives them too
    rows = run_named_query(ecosystem.open_store(SAMPLES / "camera.yaml"), "capability-gaps")
    assert [(r["job"], r["capability"], r["severity"]) for r in rows] == CAMERA_GAPS


def test_the_gap_table_reads_like_a_list_of_gap_records(eco: ecosystem.Ecosystem) -> None:
    # the same five gaps as above, in the same order, however they are read
    gaps = capability_gaps(eco)
    records = list(gaps)
    assert len(gaps) == 5 and gaps == records and records == gaps
    assert gaps[0].severity == 54.0 and gaps[-1] == records[4] and gaps[1:3] == records[1:3]
    assert [g.job for g in gaps[::-2]] == ["J5", "J2", "J2"]
    assert gaps[0] == Gap("J2", "c4", 2.0, 27.0, 54.0, ("Z", "X"))  # 27 x weight 2
    assert gaps != records[:4] and gaps != "J2"
    with pytest.raises(IndexError):
        gaps[5]
    # the per-capability totals read from the columns equal the totals of the plain records
    assert gap_totals(eco, gaps) == gap_totals(eco, records)
    assert json.loads(render_json(gaps))[0]["candidates"] == ["Z", "X"]
    # per capability, in id order: c3 42 + 0 over 2 jobs, c4 54 + 27 over 2, c5 27 over 1
    assert (gaps.capabilities, gaps.capability_severity.tolist(), gaps.capability_jobs.tolist()) == (
        ["c3", "c4", "c5"], [42.0, 81.0, 27.0], [2, 2, 1])
    assert [gaps.candidates_of(k) for k in range(3)] == [("A",), ("Z", "X"), ()]
    with pytest.raises(ValueError):
        gaps.capability_severity[0] = 0.0  # the columns are read-only


def test_recommend_greedy_set_cover(eco: ecosystem.Ecosystem) -> None:
    # gap severity by capability: c4 54 + 27 = 81, c3 42 + 0 = 42, c5 27; total 150.
    # X and Z both close 81: the tie goes to the smaller id, X; then A closes 42; Z adds nothing more.
    result = recommend_partners(eco, max_partners=None)
    assert [(p.candidate, p.covers, p.gaps_closed, p.gain, p.cumulative_share) for p in result.picks] == [
        ("X", ("c4",), 2, 81.0, 0.54),  # 81 / 150
        ("A", ("c3",), 2, 42.0, 0.82),  # 123 / 150
    ]
    assert [(g.job, g.capability) for g in result.unfillable] == [("J2", "c5")]
    assert result.total_severity == 150.0
    assert len(recommend_partners(eco, max_partners=1).picks) == 1


def test_what_if_removal_creates_gaps(eco: ecosystem.Ecosystem) -> None:
    # without P: J1 keeps only c1 -> 1/4 (was 3/4): 42 x 0.5 = 21 at risk; J3 1 -> 0: 4 x 1 = 4
    result = what_if(eco, without=["P"])
    assert result.opportunity_at_risk == 25.0 and result.opportunity_gained == 0.0
    assert [(g.job, g.capability, g.severity) for g in result.new_gaps] == [
        ("J1", "c2", 84.0), ("J3", "c2", 4.0), ("J3", "c6", 4.0)]
    assert [(c.job, c.before, c.after) for c in result.changes] == [("J1", 0.75, 0.25), ("J3", 1.0, 0.0)]
    assert result.without == ("P",)


def test_what_if_a_new_partner_closes_gaps(eco: ecosystem.Ecosystem) -> None:
    result = what_if(eco, with_partners=["A"])
    assert result.opportunity_gained == 10.5  # J1 0.75 -> 1: 42 x 0.25; J5 0 -> 1 but worth 0
    assert [(g.job, g.capability) for g in result.closed_gaps] == [("J1", "c3"), ("J5", "c3")]
    with pytest.raises(ModelError, match="'c1' is a capability, not an organisation"):
        what_if(eco, without=["c1"])
    with pytest.raises(ModelError, match="cannot be left out"):
        what_if(eco, without=["F"])


def test_risks(eco: ecosystem.Ecosystem) -> None:
    result = risks(eco)
    # in scope only P provides c2 (J1 weight 2, J3 weight 1: 42 x 2 + 4 = 88) and c6 (J3: 4)
    assert [(s.capability, s.provider, s.jobs, s.severity_if_lost) for s in result.single_sourced] == [
        ("c2", "P", 2, 88.0), ("c6", "P", 1, 4.0)]
    assert [(p.partner, p.opportunity_at_risk, p.new_gaps) for p in result.partners] == [("P", 25.0, 3)]


def test_explain_a_job(eco: ecosystem.Ecosystem) -> None:
    result = explain_job(eco, "J1")
    assert [(c.capability, c.status, c.providers, c.path, c.candidates) for c in result.capabilities] == [
        ("c1", "in_house", ("U", "U2"), ("F", "U"), ()),
        ("c2", "partner", ("P",), ("F", "P"), ()),
        ("c3", "gap", (), (), ("A",)),
    ]
    assert result.customers == ("K1", "K2") and result.missing == ("c3",) and result.coverage == 0.75


def test_platform_partner_out_ranks_the_focal_firm(eco: ecosystem.Ecosystem) -> None:
    rows = {s.id: s for s in central_integrators(eco)}
    # brokerage (effective size, no ties among neighbours): P 4 partners -> 4; A 2; F, B, C, X 1; Z 0
    assert (rows["P"].brokerage, rows["A"].brokerage, rows["F"].brokerage, rows["Z"].brokerage) == (1.0, 0.5, 0.25, 0.0)
    # reach: P with F(+units), A, B, C covers J1 (42), J3 (4), J5 (0) = 46; F with P covers J3 = 4
    assert rows["P"].reach == 1.0 and rows["F"].reach == round(4 / 46, 6)
    # betweenness: the networkx reference on the whole graph, direction ignored
    reference = nx.betweenness_centrality(nx.Graph(eco.graph.to_undirected()))
    top = max(reference[o] for o in rows)
    for o, row in rows.items():
        assert row.betweenness == pytest.approx(reference[o] / top, abs=1e-6)
    assert rows["P"].score > rows["F"].score
    # score = (betweenness + brokerage + reach) / 3: P (1 + 1 + 1) / 3 = 1; Z, a leaf with no partner that
    # alone covers J6 (27 of 46): (0 + 0 + 27/46) / 3 = 0.195652; B and C, leaves with one partner (P) that
    # cover J3 (4) with P: (0 + 1/4 + 4/46) / 3 = 0.112319
    assert (rows["P"].score, rows["Z"].score, rows["B"].score, rows["C"].score) == (1.0, 0.195652, 0.112319, 0.112319)
    assert next(iter(rows)) == "P"
    assert rows["P"].explanation.endswith("It out-ranks the focal firm as integrator.")
    assert "effective size 4.0" in rows["P"].explanation


def test_communities_bridges_and_silos(eco: ecosystem.Ecosystem) -> None:
    report = communities(eco)
    members = {m for c in report.communities for m in c.members}
    assert members == {"F", "P", "A", "B", "C", "X", "Z"}
    # partnerships F-P, P-A, P-B, P-C, A-X (m = 5), Z alone. {F,P,B,C} holds 3 edges with degree 7, {A,X} 1
    # edge with degree 3: Q = (3/5 - 0.7^2) + (1/5 - 0.3^2) = 0.22, while one community {A,X,F,P,B,C} gives
    # Q = 5/5 - 1^2 = 0. Hubs: the best-connected member (P 4 partners, A 2).
    assert [(c.members, c.hub) for c in report.communities] == [
        (("B", "C", "F", "P"), "P"), (("A", "X"), "A"), (("Z",), "Z")]
    # A and P partner across communities 0 and 1 (the P-A edge)
    assert [(b.id, b.communities) for b in report.bridges] == [("A", (0, 1)), ("P", (0, 1))]
    assert [s.unit for s in report.silos] == ["U3"]  # U and U2 both provide c1
    assert communities(eco) == report  # seeded: the same every time


def test_cocreation_targets(eco: ecosystem.Ecosystem) -> None:
    # unmet = sum of weighted opportunity x (1 - coverage): K3 27 x 1 = 27;
    # K2 18 x 0.25 + 15 x 1 + 4 x 0 = 19.5; K1 is not an innovator
    rows = cocreation_targets(eco)
    assert [(r.customer, r.unmet_opportunity, r.jobs, r.missing_capabilities) for r in rows] == [
        ("K3", 27.0, ("J6",), ("c4",)),
        ("K2", 19.5, ("J2", "J1"), ("c3", "c4", "c5")),
    ]


def test_diff(eco: ecosystem.Ecosystem) -> None:
    new = eco.copy()
    new.add_relationship("PARTNERS_WITH", "F", "Z")
    new.graph.nodes["C"]["name"] = "C renamed"
    result = diff(eco, new)
    assert [(c.kind, c.change, c.id) for c in result.changes] == [
        ("node", "changed", "C"), ("relationship", "added", "PARTNERS_WITH F -> Z")]
    assert result.changes[0].details == "name: 'C' -> 'C renamed'"
    # Z now in scope brings c4: J2/c4 (54) and J6/c4 (27) close
    assert [(g.job, g.capability, g.before, g.after) for g in result.gaps] == [
        ("J2", "c4", 54.0, None), ("J6", "c4", 27.0, None)]
    # J6 needs only c4: 0 -> 1; J2 needs c4 (weight 2) and c5 (weight 1): 0 -> 2/3
    assert [(m.job, m.before, m.after) for m in result.coverage] == [("J2", 0.0, 0.666667), ("J6", 0.0, 1.0)]


def test_empty_and_degenerate_ecosystems_do_not_crash() -> None:
    eco = ecosystem.Ecosystem("Lonely", focal="f")
    eco.add_node("f", "firm", "F")
    eco.add_node("j", "job", "Needs nothing")
    assert capability_gaps(eco) == [] and coverage(eco)[0].coverage == 1.0
    assert central_integrators(eco)[0].score == 0.0
    assert recommend_partners(eco).picks == () and risks(eco).partners == ()
    assert communities(eco).silos == () and cocreation_targets(eco) == []


# each command with the library call it must print (the CLI's defaults: depth 1, top 5 for summary)
ANALYSES: dict[str, Callable[[ecosystem.Ecosystem], Any]] = {
    "integrators": central_integrators,
    "gaps": capability_gaps,
    "gaps --totals": lambda e: gap_totals(e, capability_gaps(e)),
    "coverage": coverage,
    "coverage --customers": customer_coverage,
    "recommend": recommend_partners,
    "whatif --without fixright": lambda e: what_if(e, without=["fixright"]),
    "risks": risks,
    "explain keep-gear-working": lambda e: explain_job(e, "keep-gear-working"),
    "communities": communities,
    "cocreate": cocreation_targets,
    "summary": lambda e: summary(e, 5, 1),
}


@pytest.mark.parametrize("args", list(ANALYSES))
def test_cli_json_is_the_library_result_and_deterministic(args: str) -> None:
    command, *rest = args.split()
    cli = [command, str(SAMPLES / "camera.yaml"), *rest, "--format", "json"]
    first = CliRunner().invoke(main, cli, catch_exceptions=False)
    second = CliRunner().invoke(main, cli, catch_exceptions=False)
    assert first.exit_code == 0 and first.stdout == second.stdout
    library = ANALYSES[args](ecosystem.load(SAMPLES / "camera.yaml"))
    assert json.loads(first.stdout) == json.loads(render_json(library))
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    other = subprocess.run([sys.executable, "-m", "ecosystem.cli.main", *cli], capture_output=True, text=True, env=env,
                           cwd=ROOT, check=True)
    assert other.stdout == first.stdout  # same bytes in another process with other hash seeds


def test_cli_table_and_csv_of_gaps() -> None:
    result = CliRunner().invoke(main, ["gaps", str(HAND), "--format", "csv"], catch_exceptions=False)
    assert result.stdout.splitlines()[:2] == [
        "job,capability,weight,opportunity,severity,candidates", "J2,c4,2,27,54,Z;X"]
    result = CliRunner().invoke(main, ["whatif", str(HAND)])
    assert result.exit_code == 2 and "--without ORG and/or --with ORG" in result.stderr
    result = CliRunner().invoke(main, ["explain", str(HAND), "c1"])
    assert result.exit_code == 1 and result.stderr == "Error: 'c1' is not a job in this ecosystem\n"
