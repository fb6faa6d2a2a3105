"""Synthetic ecosystems of any size, for demos, tests and benchmarks.

:func:`generate` builds an :class:`~ecosystem.model.graph.Ecosystem` with a
realistic shape from a few counts; :func:`generate_nodes` picks the counts
for a total number of nodes (what a ``--nodes`` option needs) and
:func:`split_nodes` says what that split is.

The shape (drawn by :mod:`ecosystem.formats.synthetic`):

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
from typing import Any

from ..model.bulk import gc_paused
from ..model.errors import ModelError
from ..model.graph import Ecosystem
from .synthetic import SyntheticSpec, draw

__all__ = ["generate", "generate_nodes", "split_nodes", "NODE_SHARES"]

#: The share of each kind of node :func:`split_nodes` aims at (units come on
#: top of organisations: ``units_per_firm`` per firm, when there is room).
NODE_SHARES: dict[str, float] = {
    "orgs": 0.20,
    "customers": 0.10,
    "jobs": 0.30,
    "capabilities": 0.40,
}


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

    spec = SyntheticSpec(
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
        return draw(spec)


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
    split: dict[str, Any] = split_nodes(n, units_per_firm=units_per_firm, firm_share=firm_share)
    return generate(seed=seed, name=name, firm_share=firm_share, **split, **options)


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
