"""Ulwick's opportunity score: per customer and job, per job, and its bands.

* **Opportunity** of a customer's job = ``importance + max(importance -
  satisfaction, 0)`` (Outcome-Driven Innovation, both on the 0..10 scale).
* **Opportunity of a job** = the sum of that over the customers who have it,
  each multiplied by the customer's ``weight`` (default 1).
* **Band** of a customer's job (Ulwick): above 15 ``extreme``, 12 to 15
  ``high``, 10 to 12 ``worth considering``, below 10 ``not attractive``.
* **Overserved**: satisfaction above importance, for a job of low
  importance (5 or less): effort there is wasted.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.graph import Ecosystem, NodeType, RelType

__all__ = [
    "CustomerOpportunity",
    "opportunity_score",
    "opportunity_band",
    "is_overserved",
    "job_opportunity",
    "job_opportunities",
    "customer_opportunities",
]

HAS_JOB = RelType.HAS_JOB.value


@dataclass(frozen=True)
class CustomerOpportunity:
    """One customer's job with its ratings, opportunity and band."""

    customer: str
    job: str
    importance: float
    satisfaction: float
    opportunity: float
    band: str
    overserved: bool


def opportunity_score(importance: float, satisfaction: float) -> float:
    """Ulwick's opportunity: ``importance + max(importance - satisfaction, 0)``.

    >>> opportunity_score(9, 4), opportunity_score(5, 8)
    (14.0, 5.0)
    """
    importance, satisfaction = float(importance), float(satisfaction)
    return importance + (importance - satisfaction if importance > satisfaction else 0.0)


def opportunity_band(score: float) -> str:
    """Ulwick's band of an opportunity score.

    >>> [opportunity_band(s) for s in (15.1, 15, 12, 11.9, 10, 9.9)]
    ['extreme', 'high', 'high', 'worth considering', 'worth considering', 'not attractive']
    """
    if score > 15:
        return "extreme"
    if score >= 12:
        return "high"
    if score >= 10:
        return "worth considering"
    return "not attractive"


def is_overserved(importance: float, satisfaction: float) -> bool:
    """A well-satisfied job of low importance: satisfaction > importance and importance <= 5.

    >>> is_overserved(4, 8), is_overserved(9, 9.5), is_overserved(4, 3)
    (True, False, False)
    """
    return satisfaction > importance and importance <= 5


def job_opportunities(eco: Ecosystem) -> dict[str, float]:
    """The opportunity of every job (0.0 for a job no customer has), in one pass.

    >>> import ecosystem
    >>> eco = ecosystem.load("sample_graphs/camera.yaml")
    >>> round(job_opportunities(eco)["print-portfolio"], 6)  # 2 x (5.5 + 2.6) + (8.9 + 3.3)
    28.4
    """
    nodes, succ = eco.node_data, eco.out_links
    job, customer_type = NodeType.JOB.value, NodeType.CUSTOMER.value
    totals: dict[str, float] = {}
    customers: list[str] = []
    for node, attributes in nodes.items():  # one scan for both kinds, in insertion order
        kind = attributes["type"]
        if kind == job:
            totals[node] = 0.0
        elif kind == customer_type:
            customers.append(node)
    for customer in customers:
        weight = float(nodes[customer].get("weight", 1.0))
        for target, keys in succ[customer].items():
            data = keys.get(HAS_JOB)
            if data is not None:
                # opportunity_score, inlined: this loop runs once per rating
                importance, satisfaction = data["importance"], data["satisfaction"]
                if type(importance) is not float:
                    importance = float(importance)
                if type(satisfaction) is not float:
                    satisfaction = float(satisfaction)
                unmet = importance - satisfaction if importance > satisfaction else 0.0
                totals[target] += weight * (importance + unmet)
    return totals


def job_opportunity(eco: Ecosystem, job: str) -> float:
    """One job's opportunity: the sum over its customers of ``weight x opportunity_score``.

    >>> import ecosystem
    >>> eco = ecosystem.load("sample_graphs/camera.yaml")
    >>> round(job_opportunity(eco, "print-portfolio"), 6)
    28.4
    """
    total = 0.0
    for rating in eco.customers_of(job):
        weight = float(eco.node_data[rating.customer].get("weight", 1.0))
        total += weight * opportunity_score(rating.importance, rating.satisfaction)
    return total


def customer_opportunities(eco: Ecosystem) -> list[CustomerOpportunity]:
    """Every customer's jobs with opportunity (unweighted, to 6 decimals), band and overserved flag.

    Sorted by opportunity (highest first), then customer and job.

    >>> import ecosystem
    >>> eco = ecosystem.load("sample_graphs/camera.yaml")
    >>> first = customer_opportunities(eco)[0]
    >>> first.customer, first.job, first.opportunity, first.band  # 9.6 + (9.6 - 4.4)
    ('vloggers', 'share-photos', 14.8, 'high')
    """
    rows = []
    for customer in eco.ids(NodeType.CUSTOMER):
        for rating in eco.jobs_of(customer):
            score = round(opportunity_score(rating.importance, rating.satisfaction), 6)
            rows.append(
                CustomerOpportunity(
                    customer, rating.job, rating.importance, rating.satisfaction, score,
                    opportunity_band(score), is_overserved(rating.importance, rating.satisfaction),
                )
            )
    return sorted(rows, key=lambda r: (-r.opportunity, r.customer, r.job))
