"""One analysis context computes each figure once: counted, not assumed.

The counters wrap what reads the whole graph: the scope's breadth-first search
(``scope._search``), a coverage model's scan (``CoverageModel.__init__``), the gap
table's two passes (``gaps.gaps_in``), betweenness (``engine.betweenness``, the slowest
part of the integrator ranking) and the opportunity scan (``job_opportunities``, wherever
it is called from).  Before the context, one review with an old version built 13 scopes
and coverage models (7 of them in ``risks``) and scanned the opportunities 7 times.
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import pytest

import ecosystem
from ecosystem.analyses import coverage as coverage_module
from ecosystem.analyses import engine, figures, gaps, integrators
from ecosystem.analyses import scope as scope_module
from ecosystem.analyses.cocreate import cocreation_targets
from ecosystem.analyses.context import Analysis, analysis_of
from ecosystem.analyses.coverage import CoverageModel, coverage, customer_coverage
from ecosystem.analyses.diff import diff
from ecosystem.analyses.explain import explain_job
from ecosystem.analyses.gaps import GapTable, capability_gaps, gap_totals
from ecosystem.analyses.integrators import central_integrators
from ecosystem.analyses.recommend import recommend_partners
from ecosystem.analyses.scope import departures, scope
from ecosystem.analyses.summary import summary
from ecosystem.analyses.whatif import risks, what_if
from ecosystem.model.errors import ModelError

from .conftest import ROOT, SAMPLES

CAMERA = SAMPLES / "camera.yaml"
HAND = ROOT / "tests" / "hand.yaml"


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[Any]]:
    """Count the graph-wide computations; scope searches are counted per (graph, focal, depth)."""
    counts: Counter[Any] = Counter()

    def counting(key: Callable[..., Any], function: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            counts[key(*args, **kwargs)] += 1
            return function(*args, **kwargs)

        return wrapper

    search = scope_module._search
    monkeypatch.setattr(scope_module, "_search",
                        counting(lambda eco, centre, depth, *_: ("scope", eco.name, centre, depth), search))
    init = CoverageModel.__init__
    monkeypatch.setattr(CoverageModel, "__init__", counting(lambda self, eco, *_: ("coverage model", eco.name), init))
    monkeypatch.setattr(gaps, "gaps_in", counting(lambda model: ("gap table", model.eco.name), gaps.gaps_in))
    monkeypatch.setattr(engine, "betweenness", counting(lambda *_, **__: "betweenness", engine.betweenness))
    for module in (figures, coverage_module, integrators):
        monkeypatch.setattr(module, "job_opportunities",
                            counting(lambda eco: ("opportunities", eco.name), module.job_opportunities))
    yield counts


def test_one_context_builds_one_scope_for_every_analysis(builds: Counter[Any]) -> None:
    eco = ecosystem.load(CAMERA)
    analysis = Analysis(eco)
    # everything a summary, a review and the command line ask of one graph at one depth
    summary(analysis)
    capability_gaps(analysis)
    gap_totals(analysis)
    coverage(analysis)
    customer_coverage(analysis)
    recommend_partners(analysis, max_partners=3)
    recommend_partners(analysis)
    risks(analysis)
    central_integrators(analysis, top=5)
    cocreation_targets(analysis)
    explain_job(analysis, "keep-gear-working")
    _ = (analysis.gaps, analysis.gap_totals, analysis.job_coverage, analysis.customer_coverage, analysis.demand,
         analysis.job_gap_severity, analysis.integrators, analysis.partnership_graph, analysis.risks(),
         analysis.recommendations(), analysis.cocreation_targets(), analysis.summary())
    name = eco.name
    assert builds == Counter({
        ("scope", name, "lumen", 1): 1,  # risks derives its 7 departures from it: no new search
        ("coverage model", name): 1,
        ("gap table", name): 1,
        "betweenness": 1,
        ("opportunities", name): 1,
    })
    # the same figures, not copies computed again
    assert capability_gaps(analysis) is analysis.gaps and risks(analysis) is analysis.risks()


def test_a_sibling_at_another_depth_shares_the_graph_wide_figures(builds: Counter[Any]) -> None:
    analysis = Analysis(ecosystem.load(CAMERA))
    deeper = analysis.at(depth=2)
    assert deeper is analysis.at(depth=2) and deeper.at(depth=1) is analysis and analysis_of(analysis, 2) is deeper
    assert summary(analysis).integrators == summary(deeper).integrators  # one ranking for both
    capability_gaps(deeper)
    name = analysis.eco.name
    assert builds == Counter({
        ("scope", name, "lumen", 1): 1, ("scope", name, "lumen", 2): 1,  # one scope per depth
        ("coverage model", name): 2, ("gap table", name): 2,
        "betweenness": 1, ("opportunities", name): 1,  # graph-wide: once
    })


def test_diff_of_two_analyses_reuses_their_figures(builds: Counter[Any]) -> None:
    old, new = Analysis(ecosystem.load(HAND)), Analysis(ecosystem.load(CAMERA))
    # a review computes the new graph's figures first, then the diff with the old version
    new.gaps, new.job_coverage, new.integrators, new.risks()
    result = diff(old, new)
    assert result.gaps and result.integrators  # something moved: the figures were really compared
    diff(old, new)
    assert builds == Counter({
        ("scope", "Hand", "F", 1): 1, ("scope", new.eco.name, "lumen", 1): 1,
        ("coverage model", "Hand"): 1, ("coverage model", new.eco.name): 1,
        ("gap table", "Hand"): 1, ("gap table", new.eco.name): 1,
        "betweenness": 2,  # one per graph
        ("opportunities", "Hand"): 1, ("opportunities", new.eco.name): 1,
    })


def test_an_ecosystem_still_works_alone_and_gives_the_same_answers(builds: Counter[Any]) -> None:
    eco = ecosystem.load(CAMERA)
    analysis = Analysis(eco)
    assert capability_gaps(eco) == analysis.gaps and risks(eco) == analysis.risks()
    assert what_if(eco, without=["fixright"]) == analysis.what_if(without=["fixright"])
    assert recommend_partners(eco, 2, max_partners=None) == analysis.at(depth=2).recommendations(None)
    # risks(eco) alone: one search for its scope (it used to search once more for every organisation)
    before = builds[("scope", eco.name, "lumen", 1)]
    risks(eco)
    assert builds[("scope", eco.name, "lumen", 1)] == before + 1


def test_departures_equal_fresh_scopes_and_models() -> None:
    for path in (CAMERA, SAMPLES / "aero_engine.yaml", HAND):
        eco = ecosystem.load(path)
        for depth in range(4):
            where = scope(eco, depth)
            model = CoverageModel(eco, where)
            found = dict(departures(eco, where))
            assert sorted(found) == sorted(where.organisations[1:])  # every organisation but the focal firm
            for leaving, after in found.items():
                fresh = scope(eco, depth, without={leaving})
                assert after == fresh and after.organisations == fresh.organisations and after.via == fresh.via
                derived = model.without(set(where.organisations) - set(after.organisations), after)
                rebuilt = CoverageModel(eco, fresh)
                assert derived.in_house == rebuilt.in_house
                assert dict(derived.providers) == dict(rebuilt.providers), (path.name, depth, leaving)


def test_without_a_focal_firm_the_scope_figures_are_empty() -> None:
    eco = ecosystem.load(CAMERA).copy()
    eco.focal = None
    analysis = Analysis(eco)
    assert analysis.scope is None and analysis.coverage_model is None
    assert isinstance(analysis.gaps, GapTable) and len(analysis.gaps) == 0 and analysis.gap_totals == []
    assert analysis.job_coverage == {} and analysis.demand == {} and analysis.job_gap_severity == {}
    assert analysis.integrators[0].id == "lumen"  # graph-wide figures need no focal firm
    with pytest.raises(ModelError, match="no focal firm None in this ecosystem"):
        capability_gaps(analysis)
    with pytest.raises(ModelError, match="depth must be a whole number from 0 to 10, got 11"):
        Analysis(eco, depth=11)
    with pytest.raises(ModelError, match="'nimbus' is a partner, not a firm"):
        capability_gaps(ecosystem.load(CAMERA), focal="nimbus")
    with pytest.raises(TypeError, match="expected an Ecosystem or an Analysis, got str"):
        analysis_of("camera.yaml")  # type: ignore[arg-type]


def test_the_demand_and_job_gap_severity_by_hand() -> None:
    analysis = Analysis(ecosystem.load(HAND))
    # demand[c] = sum over jobs of opportunity x weight (J1 42, J2 27, J3 4, J4 0, J5 0, J6 27):
    #   c1: J1 42 x 1 = 42; c2: J1 42 x 2 + J3 4 x 1 = 88; c3: J1 42 + J5 0 = 42; c4: J2 27 x 2 + J6 27 = 81;
    #   c5: J2 27; c6: J3 4
    assert analysis.demand == {"c1": 42.0, "c2": 88.0, "c3": 42.0, "c4": 81.0, "c5": 27.0, "c6": 4.0}
    # gaps: J2/c4 54 + J2/c5 27 = 81; J1/c3 42; J6/c4 27; J5/c3 0
    assert analysis.job_gap_severity == {"J2": 81.0, "J1": 42.0, "J6": 27.0, "J5": 0.0}


@pytest.mark.parametrize("module, banned", [
    ("ecosystem.analyses.stats", ("numpy", "igraph")),
    ("ecosystem.analyses.context", ("igraph",)),
    ("ecosystem.analyses.integrators", ("igraph",)),
    ("ecosystem.analyses.communities", ("igraph",)),
])
def test_importing_analyses_loads_no_heavy_library(module: str, banned: tuple[str, ...]) -> None:
    code = f"import sys, {module}; print([m for m in {list(banned)!r} if m in sys.modules])"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stdout.strip() == "[]"


def test_igraph_is_loaded_by_the_first_algorithm_that_needs_it() -> None:
    code = (
        "import sys, ecosystem\n"
        "from ecosystem.analyses.integrators import central_integrators\n"
        "before = 'igraph' in sys.modules\n"
        "central_integrators(ecosystem.load('sample_graphs/camera.yaml'))\n"
        "print(before, 'igraph' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stdout.split() == ["False", "True"]
