"""Ulwick's opportunity score, per customer and per job."""

from __future__ import annotations

from .model import Ecosystem

__all__ = ["opportunity_score", "job_opportunity"]


def opportunity_score(importance: float, satisfaction: float) -> float:
    """Ulwick's opportunity: ``importance + max(importance - satisfaction, 0)``.

    >>> opportunity_score(9, 4), opportunity_score(5, 8)
    (14.0, 5.0)
    """
    importance, satisfaction = float(importance), float(satisfaction)
    return importance + (importance - satisfaction if importance > satisfaction else 0.0)


def job_opportunity(eco: Ecosystem, job: str) -> float:
    """A job's opportunity: the sum over its customers of ``weight x opportunity_score``.

    A customer's ``weight`` attribute defaults to 1.

    >>> import ecosystem
    >>> eco = ecosystem.load("sample_graphs/camera.yaml")
    >>> round(job_opportunity(eco, "print-portfolio"), 6)  # 2 x (5.5 + 2.6) + (8.9 + 3.3)
    28.4
    """
    total = 0.0
    for rating in eco.customers_of(job):
        weight = float(eco.graph.nodes[rating.customer].get("weight", 1.0))
        total += weight * opportunity_score(rating.importance, rating.satisfaction)
    return total
