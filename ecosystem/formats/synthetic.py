"""How :func:`ecosystem.formats.generate.generate` draws one synthetic ecosystem.

:class:`SyntheticSpec` holds the checked arguments; :func:`draw` runs the
phases (nodes, partnerships by preferential attachment, provision,
requirements, jobs, serving, units, integrations) in a fixed order, all from
one ``random.Random(seed)``, and hands the records to
:meth:`~ecosystem.model.graph.Ecosystem.from_trusted` in one go.  The shape
is described in :mod:`ecosystem.formats.generate`.
"""

from __future__ import annotations

import math
import random
from bisect import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

from ..model.graph import Ecosystem, EdgeRecord, NodeRecord
from ..model.types import CAPABILITY_KINDS, NodeType, RelType

__all__ = ["SyntheticSpec", "draw"]

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


# -- the drawing ------------------------------------------------------------------
@dataclass(frozen=True)
class SyntheticSpec:
    """The checked arguments of :func:`ecosystem.formats.generate.generate` (see its parameters)."""

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


def draw(spec: SyntheticSpec) -> Ecosystem:
    """Draw the ecosystem ``spec`` describes (the same spec, the same ecosystem, byte for byte).

    >>> spec = SyntheticSpec(3, 2, 2, 4, seed=0, name="Tiny", firms=1, units_per_firm=1,
    ...     partnerships_per_org=1.0, capabilities_per_org=1.0, capabilities_per_unit=1.0,
    ...     requirements=(1, 2), jobs_per_customer=1.0, servers_per_customer=1.0, focal_reach=0.5,
    ...     unprovided_share=0.0, integration_share=0.0, innovator_share=0.0, weighted_share=0.0)
    >>> draw(spec).counts()
    {'firm': 1, 'partner': 2, 'customer': 2, 'job': 2, 'capability': 4, 'unit': 1}
    """
    return _Draw(spec).build()


class _Draw:
    """Draws one ecosystem from a :class:`SyntheticSpec`; call :meth:`build` once.

    The phases run in a fixed order, each drawing from the one ``Random``;
    they work on integer indices and collect node and relationship records
    as lists that :meth:`build` hands to the model in one go.
    """

    def __init__(self, spec: SyntheticSpec) -> None:
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
        self.nodes: list[NodeRecord] = []
        self.edges: list[EdgeRecord] = []
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
        # The records are valid by construction: no per-item checks.
        return Ecosystem.from_trusted(self.spec.name, self.org_ids[0], self.nodes, self.edges)

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
