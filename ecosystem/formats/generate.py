"""Synthetic ecosystems of any size, for demos, tests and benchmarks.

:func:`generate` builds an :class:`~ecosystem.model.graph.Ecosystem` with a
realistic shape from a few counts; :func:`generate_nodes` picks the counts
for a total number of nodes (what a ``--nodes`` option needs) and
:func:`split_nodes` says what that split is.

The shape:

* one focal firm (``firm-0``), a few other firms (``firm_share`` of the
  organisations, 2% by default) and partners for the rest;
* ``units_per_firm`` units per firm (``PART_OF`` it), each providing a few
  capabilities;
* partnerships (``PARTNERS_WITH``, once per pair, never a loop) grown by
  preferential attachment, so degrees are heavy-tailed with a few hubs (the
  focal firm is the first node, hence a hub); each has a ``strength`` (0..1,
  two decimals), a ``kind`` and mostly a ``since`` year; some partnerships
  are also integrations (``INTEGRATES_WITH`` with a ``kind``);
* every organisation provides (``PROVIDES``, ``proficiency`` 0..1) a
  heavy-tailed number of capabilities, popular capabilities more often;
  exactly ``unprovided_share`` (7%) of the capabilities are provided by
  nobody, every other one by someone;
* capabilities have a ``kind`` (knowledge, skill or resource);
* every job requires (``REQUIRES``, ``weight`` 1..3) 2 to 6 distinct
  capabilities (fewer only when there are fewer capabilities);
* every customer segment has (``HAS_JOB``) a few jobs, popular jobs more
  often, and every job is some segment's; each is rated for ``importance``
  and ``satisfaction`` (0..10, one decimal) around a per-job baseline, so
  some jobs are underserved and some overserved; a few segments are
  ``innovator: true`` and some carry a ``weight``;
* every customer is served (``SERVES``) by one or more organisations (hubs
  and firms more likely), and by the focal firm with probability
  ``focal_reach``.

With the defaults there are about three relationships per node.  Ids are
``firm-0``, ``partner-0``, ``customer-0``, ``job-0``, ``capability-0`` and
``unit-0`` onwards.  The same arguments give the same ecosystem, node and
edge insertion order included, in any process: everything comes from one
``random.Random(seed)`` and nothing depends on hash randomisation.
"""

from __future__ import annotations

import math
import random
from bisect import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

from ..analyses.engine import gc_paused
from ..model.errors import ModelError
from ..model.graph import CAPABILITY_KINDS, Ecosystem, NodeType, RelType

__all__ = ["generate", "generate_nodes", "split_nodes", "NODE_SHARES"]

#: The share of each kind of node :func:`split_nodes` aims at (units come on
#: top of organisations: ``units_per_firm`` per firm, when there is room).
NODE_SHARES: dict[str, float] = {
    "orgs": 0.20,
    "customers": 0.10,
    "jobs": 0.30,
    "capabilities": 0.40,
}

# -- vocabulary for plausible names -------------------------------------------
_ORG_HEADS = (
    "Ver", "Nor", "Quan", "Zen", "Ast", "Bel", "Cor", "Dyn", "El", "Fin", "Gal", "Hel", "Ion", "Jun",
    "Kin", "Lum", "Mer", "Nex", "Om", "Pol", "Rho", "Sol", "Tel", "Ul", "Vec", "Wex", "Xan", "Yor",
    "Zar", "Ard", "Brio", "Cap", "Del", "Ev", "Flo", "Gra", "Hal", "Ist", "Kor", "Lyn",
)
_ORG_TAILS = ("a", "ex", "ion", "ora", "ix", "on", "us", "ant", "ica", "era", "ia", "is", "o", "um", "yx", "eon")
_ORG_FORMS = (
    "Systems", "Labs", "Logistics", "Analytics", "Group", "Partners", "Software", "Networks", "Solutions",
    "Capital", "Health", "Energy", "Robotics", "Media", "Cloud", "Consulting", "Industries", "Payments",
)
_UNIT_NAMES = (
    "Sales", "Engineering", "Operations", "Customer Success", "Marketing", "Finance", "R&D", "Procurement",
    "Logistics", "Legal", "Data & Analytics", "IT",
)
_CAP_TOPICS = (
    "Cloud", "Payments", "Data", "Logistics", "Cybersecurity", "Machine learning", "Mobile", "Supply chain",
    "Identity", "Billing", "Search", "Compliance", "Manufacturing", "Retail", "Marketing", "Customer service",
    "Fleet", "Energy", "Healthcare", "Insurance", "Lending", "Recruiting", "Payroll", "Procurement", "Warehouse",
    "Video", "Messaging", "Mapping", "IoT", "Robotics", "E-commerce", "Translation", "Accounting", "Tax",
    "Networking", "Storage", "Printing", "Packaging", "Quality", "Field service",
)
_CAP_FACETS: dict[str, tuple[str, ...]] = {
    "knowledge": ("know-how", "expertise", "research", "regulation insight", "market insight", "standards", "patents"),
    "skill": ("engineering", "design", "operations", "integration", "consulting", "support", "project delivery"),
    "resource": ("infrastructure", "platform", "data sets", "licences", "network", "facilities", "equipment"),
}
_JOB_VERBS = (
    "Reduce the cost of", "Speed up", "Automate", "Monitor", "Plan", "Secure", "Simplify", "Outsource",
    "Forecast", "Track", "Finance", "Scale", "Audit", "Improve", "Standardise", "Get help with",
)
_JOB_OBJECTS = (
    "invoicing", "deliveries", "hiring", "customer support", "inventory", "payroll", "marketing campaigns",
    "tax filing", "equipment maintenance", "online sales", "supplier payments", "data backups", "onboarding",
    "reporting", "quality checks", "energy use", "fleet routing", "returns", "contract reviews", "cash flow",
    "training", "product launches", "store operations", "order fulfilment", "IT support", "compliance checks",
)
_SEGMENT_SIZES = ("Micro", "Small", "Mid-size", "Large", "Enterprise")
_SEGMENT_INDUSTRIES = (
    "retailers", "manufacturers", "clinics", "banks", "schools", "restaurants", "logistics firms", "law firms",
    "farms", "hotels", "utilities", "insurers", "software vendors", "construction firms", "public agencies",
    "media companies", "pharmacies", "car dealers", "universities", "NGOs",
)
_SEGMENT_REGIONS = (
    "the Nordics", "Germany", "France", "the UK", "Iberia", "Italy", "the Benelux", "Central Europe",
    "the US Northeast", "the US Midwest", "the US West", "Canada", "Brazil", "Mexico", "India", "Japan",
    "South-East Asia", "Australia", "the Gulf", "South Africa",
)
_PARTNERSHIP_KINDS = ("technology", "channel", "supply", "co-development", "reseller", "consulting", "financing")
_INTEGRATION_KINDS = ("API", "data exchange", "single sign-on", "payments", "logistics", "embedded component")

# -- shape constants ------------------------------------------------------------
_SINCE_FIRST, _SINCE_LAST = 1995, 2024  # fixed, so the output never depends on the clock
_SINCE_SHARE = 0.8  # partnerships with a known start year
_POPULARITY_ALPHA = 1.5  # Pareto tail of capability and job popularity
_PROVIDES_ALPHA = 1.8  # Pareto tail of the number of capabilities an organisation provides
_FIRM_BOOST = 10.0  # how much likelier a firm is than a partner (of equal degree) to serve a customer
_MAX_PER_ACTOR = 150  # cap on the capabilities one organisation provides
_MAX_JOBS_PER_CUSTOMER = 40
_MAX_SERVERS_PER_CUSTOMER = 25
_SCRAMBLE = 104_729  # a prime, for _mixed


def generate(
    orgs: int,
    customers: int,
    jobs: int,
    capabilities: int,
    seed: int = 0,
    *,
    units_per_firm: int = 4,
    name: str | None = None,
    firms: int | None = None,
    firm_share: float = 0.02,
    partnerships_per_org: float = 2.0,
    capabilities_per_org: float = 2.5,
    capabilities_per_unit: float = 3.0,
    requirements_per_job: tuple[int, int] = (2, 6),
    jobs_per_customer: float = 4.0,
    servers_per_customer: float = 1.5,
    focal_reach: float = 0.3,
    unprovided_share: float = 0.07,
    integration_share: float = 0.15,
    innovator_share: float = 0.03,
    weighted_share: float = 0.2,
) -> Ecosystem:
    """Generate a synthetic ecosystem with a realistic shape.

    Parameters
    ----------
    orgs : int
        Organisations (firms and partners), at least 1: the focal firm.
    customers, jobs, capabilities : int
        Customer segments, jobs-to-be-done and capabilities (0 or more).
    seed : int, default 0
        Seed of the one ``random.Random`` everything is drawn from; the same
        arguments always give the same ecosystem, in any process (a negative
        seed draws like its absolute value, as ``random.Random`` does).
    units_per_firm : int, default 4
        Units (departments) of every firm; they are ``PART_OF`` it and
        provide capabilities too.  Partners have no units.
    name : str, optional
        The ecosystem's name; by default ``"Synthetic ecosystem (seed N)"``.
    firms : int, optional
        Number of firms, focal firm included (1..``orgs``); by default
        ``firm_share`` of ``orgs``, at least 1.
    firm_share : float, default 0.02
        Share of the organisations that are firms when ``firms`` is not given.
    partnerships_per_org : float, default 2.0
        Partnerships each organisation opens when it joins the preferential
        attachment process (about half the mean partnership degree).
    capabilities_per_org : float, default 2.5
        Mean number of capabilities an organisation picks (heavy-tailed: most
        pick 1-3, a few dozens).  Capabilities nobody picked, apart from the
        reserved gaps, then go to one provider each, broad providers being
        likelier, so the actual mean is somewhat higher.  0 means no
        organisation provides anything.
    capabilities_per_unit : float, default 3.0
        The same for units.
    requirements_per_job : (int, int), default (2, 6)
        Least and most capabilities a job requires (uniform in between).
    jobs_per_customer : float, default 4.0
        Mean number of jobs a customer segment picks (at least 1); jobs
        nobody picked then go to one segment each, so every job is some
        customer's when there are customers.  0 means no ``HAS_JOB``.
    servers_per_customer : float, default 1.5
        Mean number of organisations serving a customer, besides the focal
        firm (at least 1; 0 means none).
    focal_reach : float, default 0.3
        Probability that the focal firm serves a given customer.
    unprovided_share : float, default 0.07
        Share of capabilities nobody provides, exactly (rounded; at least one
        when it is positive and there are two or more capabilities, never all
        of them).  Every other capability has a provider.
    integration_share : float, default 0.15
        Share of partnerships that are also integrations.
    innovator_share : float, default 0.03
        Share of customers marked ``innovator: true``.
    weighted_share : float, default 0.2
        Share of customers given a ``weight`` (0.5..3.0).

    Returns
    -------
    Ecosystem
        A valid ecosystem whose focal firm is ``firm-0``.

    Raises
    ------
    ModelError
        If a count is negative or not a whole number, ``orgs`` is 0, or an
        option is out of its range; the message names the argument.

    Examples
    --------
    >>> from ecosystem.formats.generate import generate
    >>> eco = generate(50, 10, 20, 30, seed=1)
    >>> eco.focal, len(eco)
    ('firm-0', 114)
    >>> eco.counts()
    {'firm': 1, 'partner': 49, 'customer': 10, 'job': 20, 'capability': 30, 'unit': 4}
    >>> eco == generate(50, 10, 20, 30, seed=1)
    True
    """
    orgs = _count("orgs", orgs, minimum=1, why=" (the focal firm is an organisation)")
    customers = _count("customers", customers)
    jobs = _count("jobs", jobs)
    capabilities = _count("capabilities", capabilities)
    units_per_firm = _count("units_per_firm", units_per_firm)
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise ModelError(f"seed must be an integer, got {seed!r}")
    if name is not None and (not isinstance(name, str) or not name.strip()):
        raise ModelError(f"name must be a non-empty string, got {name!r}")
    firm_share = _share("firm_share", firm_share)
    if firms is None:
        firms = min(orgs, max(1, round(orgs * firm_share)))
    else:
        firms = _count("firms", firms, minimum=1)
        if firms > orgs:
            raise ModelError(f"firms must be at most orgs ({orgs}), got {firms}")
    partnerships_per_org = _mean("partnerships_per_org", partnerships_per_org)
    capabilities_per_org = _mean("capabilities_per_org", capabilities_per_org)
    capabilities_per_unit = _mean("capabilities_per_unit", capabilities_per_unit)
    jobs_per_customer = _mean("jobs_per_customer", jobs_per_customer)
    servers_per_customer = _mean("servers_per_customer", servers_per_customer)
    req_lo, req_hi = _range("requirements_per_job", requirements_per_job)
    focal_reach = _share("focal_reach", focal_reach)
    unprovided_share = _share("unprovided_share", unprovided_share)
    integration_share = _share("integration_share", integration_share)
    innovator_share = _share("innovator_share", innovator_share)
    weighted_share = _share("weighted_share", weighted_share)

    spec = _Spec(
        orgs=orgs,
        customers=customers,
        jobs=jobs,
        capabilities=capabilities,
        seed=seed,
        name=name if name is not None else f"Synthetic ecosystem (seed {seed})",
        firms=firms,
        units_per_firm=units_per_firm,
        partnerships_per_org=partnerships_per_org,
        capabilities_per_org=capabilities_per_org,
        capabilities_per_unit=capabilities_per_unit,
        requirements=(req_lo, req_hi),
        jobs_per_customer=jobs_per_customer,
        servers_per_customer=servers_per_customer,
        focal_reach=focal_reach,
        unprovided_share=unprovided_share,
        integration_share=integration_share,
        innovator_share=innovator_share,
        weighted_share=weighted_share,
    )
    with gc_paused():  # millions of new containers: collecting them midway only costs time
        return _Builder(spec).build()


def split_nodes(n: int, *, units_per_firm: int = 4, firm_share: float = 0.02) -> dict[str, int]:
    """The node counts :func:`generate_nodes` uses for ``n`` nodes in all.

    Organisations get 20% of the nodes, customers 10%, jobs 30% and
    capabilities 40% of what is left once units are counted (see
    :data:`NODE_SHARES`).  Every firm gets ``units_per_firm`` units when
    they fit in about a tenth of the non-organisation nodes, fewer otherwise.

    Parameters
    ----------
    n : int
        Total number of nodes, at least 1.
    units_per_firm : int, default 4
        The most units a firm gets.
    firm_share : float, default 0.02
        Share of the organisations that are firms (at least one firm).

    Returns
    -------
    dict
        Keyword arguments for :func:`generate`: ``orgs``, ``customers``,
        ``jobs``, ``capabilities``, ``firms`` and ``units_per_firm``; the
        node total ``orgs + customers + jobs + capabilities +
        firms * units_per_firm`` is exactly ``n``.

    Examples
    --------
    >>> split_nodes(100_000)
    {'orgs': 20000, 'customers': 9800, 'jobs': 29400, 'capabilities': 39200, 'firms': 400, 'units_per_firm': 4}
    """
    n = _count("n", n, minimum=1, why=" (the focal firm is a node)")
    units_per_firm = _count("units_per_firm", units_per_firm)
    firm_share = _share("firm_share", firm_share)
    orgs = max(1, round(n * NODE_SHARES["orgs"]))
    firms = min(orgs, max(1, round(orgs * firm_share)))
    upf = min(units_per_firm, (n - orgs) // (10 * firms))
    rest = n - orgs - firms * upf
    others = NODE_SHARES["customers"] + NODE_SHARES["jobs"] + NODE_SHARES["capabilities"]
    customers = round(rest * NODE_SHARES["customers"] / others)
    jobs = round(rest * NODE_SHARES["jobs"] / others)
    capabilities = rest - customers - jobs
    return {
        "orgs": orgs,
        "customers": customers,
        "jobs": jobs,
        "capabilities": capabilities,
        "firms": firms,
        "units_per_firm": upf,
    }


def generate_nodes(
    n: int,
    seed: int = 0,
    *,
    units_per_firm: int = 4,
    firm_share: float = 0.02,
    name: str | None = None,
    **options: Any,
) -> Ecosystem:
    """Generate a synthetic ecosystem of exactly ``n`` nodes.

    The counts come from :func:`split_nodes`; the rest is :func:`generate`
    (any of its keyword options may be passed).  With the defaults there are
    about ``3 * n`` relationships.

    Parameters
    ----------
    n : int
        Total number of nodes, at least 1.
    seed : int, default 0
        Random seed; the same ``n``, seed and options give the same ecosystem.
    units_per_firm, firm_share : int, float
        As for :func:`split_nodes`.
    name : str, optional
        The ecosystem's name.
    **options
        Other keyword options of :func:`generate`.

    Returns
    -------
    Ecosystem

    Examples
    --------
    >>> from ecosystem.formats.generate import generate_nodes
    >>> eco = generate_nodes(1000, seed=3)
    >>> len(eco), eco.focal
    (1000, 'firm-0')
    """
    for key in ("orgs", "customers", "jobs", "capabilities", "firms"):
        if key in options:
            raise ModelError(f"generate_nodes chooses {key} itself; call generate() to set it")
    split = split_nodes(n, units_per_firm=units_per_firm, firm_share=firm_share)
    return generate(seed=seed, name=name, firm_share=firm_share, **split, **options)


# -- the builder ------------------------------------------------------------------
@dataclass(frozen=True)
class _Spec:
    """The validated arguments of :func:`generate`."""

    orgs: int
    customers: int
    jobs: int
    capabilities: int
    seed: int
    name: str
    firms: int
    units_per_firm: int
    partnerships_per_org: float
    capabilities_per_org: float
    capabilities_per_unit: float
    requirements: tuple[int, int]
    jobs_per_customer: float
    servers_per_customer: float
    focal_reach: float
    unprovided_share: float
    integration_share: float
    innovator_share: float
    weighted_share: float


_Edge = tuple[str, str, str, dict[str, Any]]


class _Builder:
    """Draws one ecosystem from a :class:`_Spec`; call :meth:`build` once.

    The phases run in a fixed order, each drawing from the one ``Random``;
    they work on integer indices and collect nodes and edges as lists that
    :meth:`build` hands to networkx in one go.
    """

    def __init__(self, spec: _Spec) -> None:
        self.spec = spec
        self.rng = random.Random(spec.seed)
        self.rand = self.rng.random
        firms, orgs = spec.firms, spec.orgs
        self.n_units = firms * spec.units_per_firm
        self.org_ids = [f"firm-{i}" for i in range(firms)] + [f"partner-{i}" for i in range(orgs - firms)]
        self.customer_ids = [f"customer-{i}" for i in range(spec.customers)]
        self.job_ids = [f"job-{i}" for i in range(spec.jobs)]
        self.cap_ids = [f"capability-{i}" for i in range(spec.capabilities)]
        self.unit_ids = [f"unit-{i}" for i in range(self.n_units)]
        self.nodes: list[tuple[str, dict[str, Any]]] = []
        self.edges: list[_Edge] = []
        self.partnerships: list[tuple[int, int]] = []
        self.degree = [0] * orgs

    def build(self) -> Ecosystem:
        self.add_nodes()
        self.grow_partnerships()
        # Edges go in RelType order.
        self.add_partnerships()
        self.add_provides()
        self.add_requires()
        self.add_has_job()
        self.add_serves()
        self.add_part_of()
        self.add_integrations()
        # Write straight into the graph, with the bookkeeping Ecosystem.add_node does.
        eco = Ecosystem(self.spec.name, focal=self.org_ids[0])
        eco.graph.graph["name"] = self.spec.name
        eco.graph.add_nodes_from(self.nodes)
        eco.graph.add_edges_from(self.edges)
        eco._lower_ids = {node_id.casefold(): node_id for node_id, _ in self.nodes}
        return eco

    # -- nodes ------------------------------------------------------------------
    def add_nodes(self) -> None:
        spec, rng, rand = self.spec, self.rng, self.rand
        orgs, firms = spec.orgs, spec.firms

        org_names = _names(orgs, lambda i: _mixed(i, _ORG_HEADS, _ORG_TAILS, _ORG_FORMS, joins=("", " ")))
        firm_t, partner_t = NodeType.FIRM.value, NodeType.PARTNER.value
        self.nodes += [
            (self.org_ids[i], {"type": firm_t if i < firms else partner_t, "name": org_names[i]}) for i in range(orgs)
        ]

        customer_names = _names(
            spec.customers,
            lambda i: _mixed(i, _SEGMENT_SIZES, _SEGMENT_INDUSTRIES, _SEGMENT_REGIONS, joins=(" ", " in ")),
        )
        customer_t = NodeType.CUSTOMER.value
        for i in range(spec.customers):
            data: dict[str, Any] = {"type": customer_t, "name": customer_names[i]}
            if rand() < spec.innovator_share:
                data["innovator"] = True
            if rand() < spec.weighted_share:
                data["weight"] = round(0.5 + 2.5 * rand(), 1)
            self.nodes.append((self.customer_ids[i], data))

        job_names = _names(spec.jobs, lambda i: _mixed(i, _JOB_VERBS, _JOB_OBJECTS, joins=(" ",)))
        job_t = NodeType.JOB.value
        self.nodes += [(self.job_ids[i], {"type": job_t, "name": job_names[i]}) for i in range(spec.jobs)]
        # How many segments have a job (heavy-tailed), and its baseline ratings:
        # importance leans high, satisfaction is centred, so all quadrants fill.
        self.job_cum = list(accumulate(rng.paretovariate(_POPULARITY_ALPHA) for _ in range(spec.jobs)))
        self.job_base = [(10.0 * rand() ** 0.6, 5.0 * (rand() + rand())) for _ in range(spec.jobs)]

        kinds = [CAPABILITY_KINDS[int(rand() * len(CAPABILITY_KINDS))] for _ in range(spec.capabilities)]
        topics = len(_CAP_TOPICS)
        cap_names = _names(
            spec.capabilities,
            lambda i: f"{_CAP_TOPICS[i % topics]} {_pick_word(_CAP_FACETS[kinds[i]], i // topics)}",
        )
        cap_t = NodeType.CAPABILITY.value
        self.nodes += [
            (self.cap_ids[i], {"type": cap_t, "name": cap_names[i], "kind": kinds[i]})
            for i in range(spec.capabilities)
        ]
        # Popular capabilities are both required and provided more often.
        popularity = [rng.paretovariate(_POPULARITY_ALPHA) for _ in range(spec.capabilities)]
        self.cap_cum = list(accumulate(popularity))
        unprovided = 0
        if spec.capabilities >= 2 and spec.unprovided_share > 0:
            unprovided = min(spec.capabilities - 1, max(1, round(spec.capabilities * spec.unprovided_share)))
        gap = bytearray(spec.capabilities)
        for c in rng.sample(range(spec.capabilities), unprovided):
            gap[c] = 1
        self.supply = [c for c in range(spec.capabilities) if not gap[c]]
        self.supply_cum = list(accumulate(popularity[c] for c in self.supply))

        unit_t = NodeType.UNIT.value
        per = spec.units_per_firm
        self.nodes += [
            (self.unit_ids[u], {"type": unit_t, "name": f"{org_names[u // per]} {_pick_word(_UNIT_NAMES, u % per)}"})
            for u in range(self.n_units)
        ]

    # -- relationships ------------------------------------------------------------
    def grow_partnerships(self) -> None:
        """Preferential attachment: each organisation joining links to ``m`` earlier ones by degree."""
        spec, rand = self.spec, self.rand
        order = list(range(1, spec.orgs))
        self.rng.shuffle(order)
        order.insert(0, 0)  # the focal firm comes first and becomes a hub
        whole = int(spec.partnerships_per_org)
        fraction = spec.partnerships_per_org - whole
        pool: list[int] = []  # one entry per partnership end: a uniform pick is degree-proportional
        degree = self.degree
        for idx in range(1, spec.orgs):
            new = order[idx]
            k = whole + (1 if fraction and rand() < fraction else 0)
            k = min(k, idx)
            chosen: list[int] = []
            tries = 0
            while len(chosen) < k:
                if pool and tries < 8 * k + 16:
                    old = pool[int(rand() * len(pool))]
                else:  # too few distinct partners yet: any earlier organisation
                    old = order[int(rand() * idx)]
                tries += 1
                if old not in chosen:
                    chosen.append(old)
            for old in chosen:
                self.partnerships.append((new, old))
                pool.append(old)
                pool.append(new)
                degree[old] += 1
                degree[new] += 1

    def add_partnerships(self) -> None:
        rand, ids, key = self.rand, self.org_ids, RelType.PARTNERS_WITH.value
        kinds = _PARTNERSHIP_KINDS
        span = _SINCE_LAST - _SINCE_FIRST + 1
        for a, b in self.partnerships:
            props: dict[str, Any] = {
                "kind": kinds[int(rand() * len(kinds))],
                "strength": round(0.5 * (rand() + rand()), 2),
            }
            if rand() < _SINCE_SHARE:
                props["since"] = _SINCE_FIRST + int(rand() * span)
            self.edges.append((ids[a], ids[b], key, props))

    def add_provides(self) -> None:
        """Heavy-tailed provisions by popularity, then a provider for every capability still without one.

        Only the reserved gaps (``unprovided_share``) end up provided by nobody.
        """
        spec, rng, rand, key = self.spec, self.rng, self.rand, RelType.PROVIDES.value
        cap_ids, supply, supply_cum = self.cap_ids, self.supply, self.supply_cum
        most = min(_MAX_PER_ACTOR, len(supply))
        actors = [(o, spec.capabilities_per_org, _PROVIDES_ALPHA) for o in self.org_ids]
        actors += [(u, spec.capabilities_per_unit, 3.0) for u in self.unit_ids]
        provided = bytearray(spec.capabilities)
        breadth: list[float] = []  # how likely an actor is to take on an uncovered capability
        for actor, mean, alpha in actors:
            picks = _distinct(rng, _heavy(rng, mean, most, alpha), supply, supply_cum)
            breadth.append(len(picks) + 0.25 if mean > 0 else 0.0)
            for c in picks:
                provided[c] = 1
                self.edges.append((actor, cap_ids[c], key, {"proficiency": _proficiency(rand())}))
        breadth_cum = list(accumulate(breadth))
        if not breadth_cum or breadth_cum[-1] <= 0:
            return
        total, last = breadth_cum[-1], len(actors) - 1
        for c in supply:
            if not provided[c]:
                actor = actors[bisect(breadth_cum, rand() * total, 0, last)][0]
                self.edges.append((actor, cap_ids[c], key, {"proficiency": _proficiency(rand())}))

    def add_requires(self) -> None:
        spec, rng, rand, key = self.spec, self.rng, self.rand, RelType.REQUIRES.value
        lo, hi = spec.requirements
        caps = range(spec.capabilities)
        for job in self.job_ids:
            k = min(spec.capabilities, lo + int(rand() * (hi - lo + 1)))
            for c in _distinct(rng, k, caps, self.cap_cum):
                self.edges.append((job, self.cap_ids[c], key, {"weight": round(1.0 + 2.0 * rand(), 1)}))

    def add_has_job(self) -> None:
        """A few popular-weighted jobs per customer, then a customer for every job still without one."""
        spec, rng, key = self.spec, self.rng, RelType.HAS_JOB.value
        gauss, base, job_ids = rng.gauss, self.job_base, self.job_ids
        most = min(_MAX_JOBS_PER_CUSTOMER, spec.jobs)
        had = bytearray(spec.jobs)
        breadth: list[float] = []

        def rate(customer: str, j: int) -> None:
            importance, satisfaction = base[j]
            props = {
                "importance": _rating(importance + gauss(0.0, 1.0)),
                "satisfaction": _rating(satisfaction + gauss(0.0, 1.2)),
            }
            self.edges.append((customer, job_ids[j], key, props))

        for customer in self.customer_ids:
            k = _heavy(rng, spec.jobs_per_customer, most, 3.0, least=1)
            picks = _distinct(rng, k, range(spec.jobs), self.job_cum)
            breadth.append(len(picks) + 0.25 if spec.jobs_per_customer > 0 else 0.0)
            for j in picks:
                had[j] = 1
                rate(customer, j)
        breadth_cum = list(accumulate(breadth))
        if not breadth_cum or breadth_cum[-1] <= 0:
            return
        total, last = breadth_cum[-1], len(breadth_cum) - 1
        for j in range(spec.jobs):
            if not had[j]:
                rate(self.customer_ids[bisect(breadth_cum, self.rand() * total, 0, last)], j)

    def add_serves(self) -> None:
        """Each customer is served by a few organisations (hubs and firms likelier), often the focal firm."""
        spec, rng, rand, key = self.spec, self.rng, self.rand, RelType.SERVES.value
        firms, degree = spec.firms, self.degree
        org_cum = list(accumulate((degree[o] + 1) * (_FIRM_BOOST if o < firms else 1.0) for o in range(spec.orgs)))
        orgs = range(spec.orgs)
        most = min(_MAX_SERVERS_PER_CUSTOMER, spec.orgs)
        for customer in self.customer_ids:
            servers = _distinct(rng, _heavy(rng, spec.servers_per_customer, most, 3.0, least=1), orgs, org_cum)
            if rand() < spec.focal_reach and 0 not in servers:
                servers.insert(0, 0)
            for o in servers:
                self.edges.append((self.org_ids[o], customer, key, {}))

    def add_part_of(self) -> None:
        per, key = self.spec.units_per_firm, RelType.PART_OF.value
        for u, unit in enumerate(self.unit_ids):
            self.edges.append((unit, self.org_ids[u // per], key, {}))

    def add_integrations(self) -> None:
        """Some partnerships are integrations too (same pair, same direction)."""
        rand, ids, key, share = self.rand, self.org_ids, RelType.INTEGRATES_WITH.value, self.spec.integration_share
        kinds = _INTEGRATION_KINDS
        for a, b in self.partnerships:
            if rand() < share:
                self.edges.append((ids[a], ids[b], key, {"kind": kinds[int(rand() * len(kinds))]}))



# -- helpers ----------------------------------------------------------------------
def _count(what: str, value: Any, minimum: int = 0, why: str = "") -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ModelError(f"{what} must be a whole number, got {value!r}")
    if value < minimum:
        raise ModelError(f"{what} must be at least {minimum}{why}, got {value}")
    return int(value)


def _number(what: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ModelError(f"{what} must be a finite number, got {value!r}")
    return float(value)


def _share(what: str, value: Any) -> float:
    share = _number(what, value)
    if not 0.0 <= share <= 1.0:
        raise ModelError(f"{what} must be a share from 0 to 1, got {value!r}")
    return share


def _mean(what: str, value: Any) -> float:
    mean = _number(what, value)
    if mean < 0:
        raise ModelError(f"{what} must be at least 0, got {value!r}")
    return mean


def _range(what: str, value: Any) -> tuple[int, int]:
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        raise ModelError(f"{what} must be a pair (least, most), got {value!r}")
    lo = _count(f"{what}[0]", value[0])
    hi = _count(f"{what}[1]", value[1])
    if lo > hi:
        raise ModelError(f"{what} must have least <= most, got {value!r}")
    return lo, hi


def _heavy(rng: random.Random, mean: float, most: int, alpha: float, least: int | None = None) -> int:
    """A heavy-tailed (Pareto) whole number of about ``mean``, in ``least..most``.

    ``least`` defaults to 1 for a mean of at least 1, else 0.
    """
    lo = least if least is not None else (1 if mean >= 1 else 0)
    if mean <= 0 or most <= 0:
        return 0
    scale = max(0.0, mean - lo) * (alpha - 1.0)
    k = lo + int(scale * (rng.paretovariate(alpha) - 1.0) + 0.5)
    return min(k, most)


def _distinct(rng: random.Random, k: int, population: Sequence[int], cum: list[float]) -> list[int]:
    """``k`` distinct items of ``population`` drawn by weight (cumulative ``cum``), in draw order."""
    n = len(population)
    if k <= 0 or n == 0:
        return []
    if k >= n:
        return list(population)
    rand = rng.random
    total = cum[-1]
    hi = n - 1
    chosen: list[int] = []
    tries = 0
    limit = 8 * k + 16
    while len(chosen) < k and tries < limit:
        item = population[bisect(cum, rand() * total, 0, hi)]
        tries += 1
        if item not in chosen:
            chosen.append(item)
    while len(chosen) < k:  # weights too skewed for what is asked: top up uniformly
        item = population[int(rand() * n)]
        if item not in chosen:
            chosen.append(item)
    return chosen


def _proficiency(u: float) -> float:
    """A proficiency from a uniform draw: 0..1, two decimals, leaning high (mean 2/3)."""
    return round(u**0.5, 2)


def _rating(value: float) -> float:
    """A 0..10 rating with one decimal."""
    return round(min(10.0, max(0.0, value)), 1)


def _pick_word(words: Sequence[str], i: int) -> str:
    """``words[i]``, numbered once the list runs out (``R&D 2``)."""
    if i < len(words):
        return words[i]
    return f"{words[i % len(words)]} {i // len(words) + 1}"


def _mixed(i: int, *parts: Sequence[str], joins: Sequence[str]) -> str:
    """A combination of words from ``parts``, joined; every one once before any repeats.

    ``i`` is scrambled (times a prime, modulo the number of combinations) so
    that neighbouring ids do not get neighbouring names.
    """
    space = math.prod(len(part) for part in parts)
    i = (i * _SCRAMBLE) % space
    words = []
    for part in parts:
        words.append(part[i % len(part)])
        i //= len(part)
    text = words[0]
    for join, word in zip(joins, words[1:]):
        text += join + word
    return text


def _names(count: int, make: Callable[[int], str]) -> list[str]:
    """``count`` names from ``make(i)``, numbered from the second time one repeats."""
    seen: dict[str, int] = {}
    names = []
    for i in range(count):
        base = make(i)
        times = seen.get(base, 0) + 1
        seen[base] = times
        names.append(base if times == 1 else f"{base} {times}")
    return names
