"""Tests of the synthetic ecosystem generator (ecosystem.formats.generate)."""

from __future__ import annotations

import gc
import hashlib
import os
import random
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from ecosystem.formats.generate import NODE_SHARES, generate, generate_nodes, split_nodes
from ecosystem.model.errors import EcosystemError, ModelError
from ecosystem.model.graph import (
    CAPABILITY_KINDS,
    NODE_PROPERTIES,
    RULES,
    Ecosystem,
    NodeType,
    RelType,
    check_node_properties,
)

ROOT = Path(__file__).resolve().parents[1]


def ordered(eco: Ecosystem) -> tuple[list, list]:
    """Nodes and edges with their data, in the graph's iteration order."""
    return list(eco.graph.nodes(data=True)), list(eco.graph.edges(keys=True, data=True))


def digest(eco: Ecosystem) -> str:
    nodes, edges = ordered(eco)
    return hashlib.sha256(repr((eco.name, eco.focal, nodes, edges)).encode()).hexdigest()


@pytest.fixture(scope="module")
def medium() -> Ecosystem:
    return generate(400, 150, 300, 500, seed=7)


@pytest.fixture(scope="module")
def big() -> Ecosystem:
    return generate(5000, 1000, 2000, 3000, seed=11)


# -- determinism ---------------------------------------------------------------
def test_same_seed_gives_equal_ecosystems_in_the_same_order() -> None:
    a = generate(300, 80, 200, 250, seed=5)
    b = generate(300, 80, 200, 250, seed=5)
    assert a == b
    assert ordered(a) == ordered(b)
    assert a.name == b.name and a.focal == b.focal
    assert a._lower_ids == b._lower_ids


def test_different_seeds_differ() -> None:
    a = generate(300, 80, 200, 250, seed=1)
    b = generate(300, 80, 200, 250, seed=2)
    assert a.counts() == b.counts()
    assert a != b
    assert set(a.graph.edges(keys=True)) != set(b.graph.edges(keys=True))


def test_same_across_processes_with_different_hash_seeds() -> None:
    code = (
        "import hashlib\n"
        "from ecosystem.formats.generate import generate\n"
        "eco = generate(120, 40, 60, 90, seed=3)\n"
        "nodes = list(eco.graph.nodes(data=True))\n"
        "edges = list(eco.graph.edges(keys=True, data=True))\n"
        "print(hashlib.sha256(repr((eco.name, eco.focal, nodes, edges)).encode()).hexdigest())\n"
    )
    here = digest(generate(120, 40, 60, 90, seed=3))
    for hash_seed in ("1", "12345"):
        env = dict(os.environ, PYTHONHASHSEED=hash_seed)
        env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
        out = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
        )
        assert out.stdout.strip() == here


def test_leaves_global_random_and_gc_alone() -> None:
    random.seed(99)
    state = random.getstate()
    assert gc.isenabled()
    generate(50, 10, 20, 30, seed=0)
    assert random.getstate() == state
    assert gc.isenabled()
    gc.disable()
    try:
        generate(50, 10, 20, 30, seed=0)
        assert not gc.isenabled()
    finally:
        gc.enable()


# -- counts --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("orgs", "customers", "jobs", "capabilities", "units_per_firm"),
    [(1, 0, 0, 0, 4), (1, 1, 1, 1, 0), (7, 3, 5, 2, 2), (250, 60, 90, 120, 3), (1000, 10, 10, 10, 1)],
)
def test_counts_are_exact(orgs: int, customers: int, jobs: int, capabilities: int, units_per_firm: int) -> None:
    eco = generate(orgs, customers, jobs, capabilities, seed=4, units_per_firm=units_per_firm)
    counts = eco.counts()
    firms = max(1, round(orgs * 0.02))
    assert counts == {
        "firm": firms,
        "partner": orgs - firms,
        "customer": customers,
        "job": jobs,
        "capability": capabilities,
        "unit": firms * units_per_firm,
    }
    assert eco.focal == "firm-0"
    assert eco.graph.nodes["firm-0"]["type"] == "firm"


def test_explicit_firm_count() -> None:
    eco = generate(20, 5, 5, 5, seed=0, firms=3, units_per_firm=2)
    assert eco.counts()["firm"] == 3 and eco.counts()["partner"] == 17 and eco.counts()["unit"] == 6
    for firm in ("firm-0", "firm-1", "firm-2"):
        assert len(eco.units_of(firm)) == 2


def test_ids_and_bookkeeping_match_add_node(medium: Ecosystem) -> None:
    ids = list(medium.graph.nodes)
    assert len(ids) == len({i.casefold() for i in ids})
    assert medium._lower_ids == {i.casefold(): i for i in ids}
    assert medium.name == medium.graph.graph["name"] == "Synthetic ecosystem (seed 7)"
    assert medium.focal == "firm-0" and medium.focal_firm is not None
    assert generate(5, 1, 1, 1, name="Demo").name == "Demo"
    prefixes = {"firm": "firm-", "partner": "partner-", "customer": "customer-", "job": "job-",
                "capability": "capability-", "unit": "unit-"}
    for node_id, kind in medium.graph.nodes(data="type"):
        assert node_id.startswith(prefixes[kind])


def test_nodes_come_in_type_order(medium: Ecosystem) -> None:
    order = [t.value for t in NodeType]
    kinds = [t for _, t in medium.graph.nodes(data="type")]
    assert kinds == sorted(kinds, key=order.index)


def test_generate_nodes_gives_exactly_n_nodes() -> None:
    for n in (1, 2, 3, 7, 10, 49, 50, 333, 2000):
        eco = generate_nodes(n, seed=n)
        assert len(eco) == n, n
        assert eco.focal == "firm-0"


def test_split_nodes() -> None:
    split = split_nodes(100_000)
    assert split == {
        "orgs": 20000, "customers": 9800, "jobs": 29400, "capabilities": 39200, "firms": 400, "units_per_firm": 4,
    }
    assert abs(sum(NODE_SHARES.values()) - 1.0) < 1e-9
    for n in (1, 5, 17, 1234, 99_999):
        s = split_nodes(n)
        assert s["orgs"] + s["customers"] + s["jobs"] + s["capabilities"] + s["firms"] * s["units_per_firm"] == n
    assert generate_nodes(3000, seed=2).counts()["unit"] == split_nodes(3000)["firms"] * 4


def test_about_three_relationships_per_node() -> None:
    eco = generate_nodes(20_000, seed=1)
    ratio = eco.graph.number_of_edges() / len(eco)
    assert 2.5 < ratio < 3.5
    assert all(count > 0 for count in eco.relationship_counts().values())


# -- validity against the model --------------------------------------------------
def test_every_node_and_relationship_passes_the_model(medium: Ecosystem) -> None:
    """Replaying the ecosystem through the checked API accepts everything and gives it back."""
    replay = Ecosystem(medium.name, focal=medium.focal)
    for node_id, data in medium.graph.nodes(data=True):
        attrs = {k: v for k, v in data.items() if k not in ("type", "name")}
        assert check_node_properties(NodeType(data["type"]), attrs) == []
        replay.add_node(node_id, data["type"], data["name"], **attrs)
    for u, v, key, data in medium.graph.edges(keys=True, data=True):
        replay.add_relationship(key, u, v, **data)  # raises ModelError on any breach
    assert replay == medium
    assert replay._lower_ids == medium._lower_ids


def test_relationships_obey_rules_and_property_ranges(big: Ecosystem) -> None:
    types = dict(big.graph.nodes(data="type"))
    for u, v, key, data in big.graph.edges(keys=True, data=True):
        rule = RULES[RelType(key)]
        assert NodeType(types[u]) in rule.sources, (key, u)
        assert NodeType(types[v]) in rule.targets, (key, v)
        for spec in rule.properties:
            if spec.required:
                assert spec.name in data, (key, spec.name)
        for name, value in data.items():
            spec = rule.property(name)
            assert spec is not None, (key, name)
            assert spec.check(value) is None, (key, name, value)
        assert u != v


def test_node_properties(big: Ecosystem) -> None:
    kinds = Counter()
    for _, data in big.graph.nodes(data=True):
        kind = NodeType(data["type"])
        attrs = {k: v for k, v in data.items() if k not in ("type", "name")}
        assert check_node_properties(kind, attrs) == []
        assert isinstance(data["name"], str) and data["name"].strip()
        known = {spec.name for spec in NODE_PROPERTIES.get(kind, ())}
        assert set(attrs) <= known
        if kind is NodeType.CAPABILITY:
            kinds[data["kind"]] += 1
    assert set(kinds) == set(CAPABILITY_KINDS)


def test_symmetric_relationships_once_per_pair(big: Ecosystem) -> None:
    for key in (RelType.PARTNERS_WITH.value, RelType.INTEGRATES_WITH.value):
        pairs = [frozenset((u, v)) for u, v, k in big.graph.edges(keys=True) if k == key]
        assert pairs, key
        assert all(len(p) == 2 for p in pairs)
        assert len(pairs) == len(set(pairs))


def test_partnership_properties(big: Ecosystem) -> None:
    rels = big.relationships(RelType.PARTNERS_WITH)
    strengths = [r.properties["strength"] for r in rels]
    assert all(0 <= s <= 1 and round(s, 2) == s for s in strengths)
    assert min(strengths) < 0.2 and max(strengths) > 0.8
    with_since = [r.properties["since"] for r in rels if "since" in r.properties]
    assert 0.5 * len(rels) < len(with_since) < len(rels)
    assert all(isinstance(y, int) and 1990 <= y <= 2030 for y in with_since)
    integrations = big.relationships(RelType.INTEGRATES_WITH)
    partnered = {frozenset((r.source, r.target)) for r in rels}
    assert all(frozenset((r.source, r.target)) in partnered for r in integrations)


# -- shape -----------------------------------------------------------------------
def test_partnership_degrees_are_heavy_tailed(big: Ecosystem) -> None:
    degree = Counter()
    for u, v, k in big.graph.edges(keys=True):
        if k == RelType.PARTNERS_WITH.value:
            degree[u] += 1
            degree[v] += 1
    orgs = [n.id for n in big.organisations()]
    degrees = [degree[o] for o in orgs]
    median = statistics.median(degrees)
    assert max(degrees) > 5 * median
    assert sorted(degrees)[-10] > 3 * median  # several hubs, not one outlier
    assert degree["firm-0"] > 5 * median  # the focal firm is a hub
    assert len(big.partners_of("firm-0")) == degree["firm-0"]


def test_some_capabilities_are_provided_by_nobody(big: Ecosystem) -> None:
    provided = {v for _, v, k in big.graph.edges(keys=True) if k == RelType.PROVIDES.value}
    caps = big.ids(NodeType.CAPABILITY)
    nobody = [c for c in caps if c not in provided]
    assert len(nobody) == round(0.07 * len(caps))  # exactly the reserved gaps
    required = {v for _, v, k in big.graph.edges(keys=True) if k == RelType.REQUIRES.value}
    assert any(c in required for c in nobody)  # real gaps: needed, unprovided


@pytest.mark.parametrize(("share", "capabilities", "expected"), [(0.0, 200, 0), (0.5, 200, 100), (0.07, 10, 1),
                                                                  (0.07, 2, 1), (0.07, 1, 0), (1.0, 5, 4)])
def test_unprovided_share_option(share: float, capabilities: int, expected: int) -> None:
    eco = generate(100, 10, 30, capabilities, seed=1, unprovided_share=share)
    provided = {v for _, v, k in eco.graph.edges(keys=True) if k == "PROVIDES"}
    assert capabilities - len(provided) == expected


def test_no_provisions_when_switched_off() -> None:
    eco = generate(30, 5, 5, 50, seed=1, capabilities_per_org=0, capabilities_per_unit=0)
    assert eco.relationship_counts()["PROVIDES"] == 0
    only_units = generate(30, 5, 5, 50, seed=1, capabilities_per_org=0)
    providers = {u for u, _, k in only_units.graph.edges(keys=True) if k == "PROVIDES"}
    assert providers and all(only_units.type_of(p) is NodeType.UNIT for p in providers)
    assert len({v for _, v, k in only_units.graph.edges(keys=True) if k == "PROVIDES"}) == 50 - 4


def test_provision_counts_are_heavy_tailed(big: Ecosystem) -> None:
    per_org = Counter(u for u, _, k in big.graph.edges(keys=True) if k == RelType.PROVIDES.value)
    counts = [per_org[n.id] for n in big.organisations()]
    assert min(counts) >= 1
    assert max(counts) > 5 * statistics.median(counts)
    profs = [r.properties["proficiency"] for r in big.relationships(RelType.PROVIDES)]
    assert all(0 <= p <= 1 and round(p, 2) == p for p in profs)


def test_units_belong_to_firms_and_provide(medium: Ecosystem) -> None:
    units = medium.ids(NodeType.UNIT)
    assert units
    for unit in units:
        parent = medium.parent_of(unit)
        assert parent is not None and medium.type_of(parent) is NodeType.FIRM
        assert medium.capabilities_of(unit)
    firms = medium.ids(NodeType.FIRM)
    assert all(len(medium.units_of(f)) == 4 for f in firms)


def test_jobs_require_two_to_six_distinct_capabilities(big: Ecosystem) -> None:
    sizes = Counter()
    for job in big.ids(NodeType.JOB):
        reqs = big.requirements(job)
        caps = [r.capability for r in reqs]
        assert 2 <= len(caps) <= 6
        assert len(set(caps)) == len(caps)
        assert all(1 <= r.weight <= 3 for r in reqs)
        sizes[len(caps)] += 1
    assert set(sizes) == {2, 3, 4, 5, 6}


def test_jobs_with_few_capabilities() -> None:
    one = generate(5, 2, 10, 1, seed=0)
    assert all(len(one.requirements(j)) == 1 for j in one.ids(NodeType.JOB))
    none = generate(5, 2, 10, 0, seed=0)
    assert none.relationship_counts()["REQUIRES"] == 0
    no_jobs = generate(5, 3, 0, 10, seed=0)
    assert no_jobs.relationship_counts()["HAS_JOB"] == 0


def test_customer_jobs_and_ratings_spread(big: Ecosystem) -> None:
    ratings = [cj for c in big.ids(NodeType.CUSTOMER) for cj in big.jobs_of(c)]
    per_customer = Counter(cj.customer for cj in ratings)
    assert len(per_customer) == len(big.ids(NodeType.CUSTOMER))  # everyone has a job
    assert {cj.job for cj in ratings} == set(big.ids(NodeType.JOB))  # every job is someone's
    assert statistics.mean(per_customer.values()) > 2
    for cj in ratings:
        assert 0 <= cj.importance <= 10 and round(cj.importance, 1) == cj.importance
        assert 0 <= cj.satisfaction <= 10 and round(cj.satisfaction, 1) == cj.satisfaction
    importance = [cj.importance for cj in ratings]
    satisfaction = [cj.satisfaction for cj in ratings]
    assert min(importance) < 2 and max(importance) > 9
    assert min(satisfaction) < 2 and max(satisfaction) > 8
    underserved = sum(1 for cj in ratings if cj.importance - cj.satisfaction > 3)
    overserved = sum(1 for cj in ratings if cj.satisfaction - cj.importance > 3)
    assert underserved > 0.05 * len(ratings) and overserved > 0.02 * len(ratings)
    assert all(len({cj.job for cj in big.jobs_of(c)}) == len(big.jobs_of(c)) for c in big.ids(NodeType.CUSTOMER))


def test_customers_innovators_weights_and_serves(big: Ecosystem) -> None:
    customers = big.customers()
    innovators = [c for c in customers if c.get("innovator") is True]
    weighted = [c for c in customers if "weight" in c.attributes]
    assert 0 < len(innovators) < 0.1 * len(customers)
    assert 0 < len(weighted) < len(customers)
    served = Counter(v for _, v, k in big.graph.edges(keys=True) if k == RelType.SERVES.value)
    assert all(served[c.id] >= 1 for c in customers)
    focal = big.customers_served_by("firm-0")
    assert 0.15 * len(customers) < len(focal) < 0.6 * len(customers)


# -- arguments -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        ((0, 1, 1, 1), {}, "orgs must be at least 1"),
        ((-5, 1, 1, 1), {}, "orgs must be at least 1"),
        ((10, -1, 1, 1), {}, "customers must be at least 0"),
        ((10, 1, -2, 1), {}, "jobs must be at least 0"),
        ((10, 1, 1, -3), {}, "capabilities must be at least 0"),
        ((10.5, 1, 1, 1), {}, "orgs must be a whole number"),
        ((True, 1, 1, 1), {}, "orgs must be a whole number"),
        ((10, "3", 1, 1), {}, "customers must be a whole number"),
        ((10, 1, 1, 1), {"seed": 1.5}, "seed must be an integer"),
        ((10, 1, 1, 1), {"units_per_firm": -1}, "units_per_firm must be at least 0"),
        ((10, 1, 1, 1), {"firms": 11}, "firms must be at most orgs (10)"),
        ((10, 1, 1, 1), {"firms": 0}, "firms must be at least 1"),
        ((10, 1, 1, 1), {"firm_share": 1.5}, "firm_share must be a share from 0 to 1"),
        ((10, 1, 1, 1), {"unprovided_share": -0.1}, "unprovided_share must be a share from 0 to 1"),
        ((10, 1, 1, 1), {"focal_reach": float("nan")}, "focal_reach must be a finite number"),
        ((10, 1, 1, 1), {"partnerships_per_org": -1}, "partnerships_per_org must be at least 0"),
        ((10, 1, 1, 1), {"jobs_per_customer": "many"}, "jobs_per_customer must be a finite number"),
        ((10, 1, 1, 1), {"requirements_per_job": (6, 2)}, "requirements_per_job must have least <= most"),
        ((10, 1, 1, 1), {"requirements_per_job": 3}, "requirements_per_job must be a pair"),
        ((10, 1, 1, 1), {"name": "  "}, "name must be a non-empty string"),
    ],
)
def test_bad_arguments_raise_clear_errors(args: tuple, kwargs: dict, message: str) -> None:
    with pytest.raises(ModelError, match=message.replace("(", r"\(").replace(")", r"\)")):
        generate(*args, **kwargs)


def test_bad_generate_nodes_arguments() -> None:
    with pytest.raises(EcosystemError, match="n must be at least 1"):
        generate_nodes(0)
    with pytest.raises(EcosystemError, match="n must be a whole number"):
        generate_nodes(10.0)  # type: ignore[arg-type]
    with pytest.raises(EcosystemError, match="generate_nodes chooses orgs itself"):
        generate_nodes(100, orgs=5)
    with pytest.raises(TypeError, match="unknown_option"):  # like any misspelt keyword
        generate_nodes(100, unknown_option=1)


def test_generate_nodes_passes_options() -> None:
    eco = generate_nodes(500, seed=1, name="Big", innovator_share=1.0, units_per_firm=0)
    assert eco.name == "Big"
    assert eco.counts()["unit"] == 0
    assert all(c.get("innovator") is True for c in eco.customers())


def test_zero_means_switch_relationships_off() -> None:
    eco = generate(
        50, 20, 20, 20, seed=0, partnerships_per_org=0, capabilities_per_org=0, capabilities_per_unit=0,
        jobs_per_customer=0, servers_per_customer=0, focal_reach=0,
    )
    counts = eco.relationship_counts()
    for key in ("PARTNERS_WITH", "PROVIDES", "HAS_JOB", "SERVES", "INTEGRATES_WITH"):
        assert counts[key] == 0, key
    assert counts["REQUIRES"] > 0 and counts["PART_OF"] == 4


def test_fractional_partnerships_per_org() -> None:
    eco = generate(2000, 10, 10, 10, seed=0, partnerships_per_org=1.5)
    assert 2600 < eco.relationship_counts()["PARTNERS_WITH"] < 3400


# -- speed -----------------------------------------------------------------------
def test_fast_enough() -> None:
    start = time.perf_counter()
    eco = generate_nodes(20_000, seed=0)
    elapsed = time.perf_counter() - start
    assert len(eco) == 20_000
    assert elapsed < 10, f"20k nodes took {elapsed:.1f}s"
