"""The side panel: what a click on a map's node shows (its figures, its neighbours, its attributes).

Each node's panel is data (facts, link lists, attributes) that the page's
script shows as text; nothing in it is markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..analyses.coverage import GAP, IN_HOUSE, PARTNER
from ..formats.records import figure
from ..model.graph import RelType
from .styles import LIST_LIMIT, attribute_text, plural
from .view import PageView
from .vis import type_label

__all__ = ["fact", "group_details", "node_details"]


def fact(key: str, label: str, value: Any, text: str | None = None) -> dict[str, Any]:
    """One line of figures: shown as ``text`` (the value as the tables show it by default), exact in ``value``.

    >>> fact("score", "Integrator score", 0.729665)
    {'key': 'score', 'label': 'Integrator score', 'text': '0.73', 'value': 0.729665}
    """
    return {"key": key, "label": label, "text": figure(value) if text is None else text,
            "value": value if isinstance(value, (int, float)) and not isinstance(value, bool) else None}


def _links(title: str, items: Sequence[tuple[str, str]], shown: set[str]) -> dict[str, Any]:
    return {
        "title": title,
        "items": [{"id": i, "text": t, "shown": i in shown} for i, t in items[:LIST_LIMIT]],
        "more": max(0, len(items) - LIST_LIMIT),
    }


def _with(label: str, data: dict[str, Any], key: str) -> str:
    """``label (key value)`` when the relationship has the property."""
    return label + (f" ({key} {figure(float(data[key]))})" if key in data else "")


class _Panel:
    """The facts and link lists of one node's panel, filled in by kind."""

    def __init__(self, page: PageView, node: str, shown: set[str]) -> None:
        self.page = page
        self.eco = page.eco
        self.node = node
        self.shown = shown
        self.facts: list[dict[str, Any]] = []
        self.lists: list[dict[str, Any]] = []

    def out(self, rel: RelType) -> list[tuple[str, dict[str, Any]]]:
        return sorted((v, keys[rel.value]) for v, keys in self.eco.out_links[self.node].items() if rel.value in keys)

    def inn(self, rel: RelType) -> list[tuple[str, dict[str, Any]]]:
        return sorted((u, keys[rel.value]) for u, keys in self.eco.in_links[self.node].items() if rel.value in keys)

    def links(self, title: str, items: Sequence[tuple[str, str]]) -> None:
        self.lists.append(_links(title, items, self.shown))

    def named(self, title: str, ids: Sequence[str]) -> None:
        """A list of nodes by name (only if there are any)."""
        if ids:
            self.links(title, [(i, self.eco.name_of(i)) for i in ids])

    # -- by kind --------------------------------------------------------------------------
    def organisation(self) -> None:
        page, node, name = self.page, self.node, self.eco.name_of
        analysis = page.analysis
        if node in page.by_id:
            s = page.by_id[node]
            self.facts += [
                fact("rank", "Integrator rank", page.rank[node], f"{page.rank[node]} of {len(analysis.integrators)}"),
                fact("score", "Integrator score", s.score),
                fact("betweenness", "Betweenness (scaled)", s.betweenness),
                fact("brokerage", "Brokerage (scaled)", s.brokerage),
                fact("reach", "Integration reach (scaled)", s.reach),
                fact("explanation", "Why", None, s.explanation),
            ]
        if analysis.scope is not None:
            self.facts.append(fact("in_scope", "In the focal firm's ecosystem", None, self._in_scope()))
            closes = page.closes.get(node, [])
            if closes:
                self.links("Could close these gaps", [
                    (c, f"{name(c)} (severity {figure(page.gap_by_capability[c].severity)})") for c in closes
                ])
        provided = self.out(RelType.PROVIDES)
        if provided:
            self.links("Provides", [(c, _with(name(c), d, "proficiency")) for c, d in provided])
        self.named("Partners", sorted(set(self.eco.partners_of(node))))
        self.named("Integrates with", sorted(set(self.eco.integrations_of(node))))
        self.named("Part of", [v for v, _ in self.out(RelType.PART_OF)])
        self.named("Units", [u for u, _ in self.inn(RelType.PART_OF)])
        self.named("Serves", [c for c, _ in self.out(RelType.SERVES)])

    def _in_scope(self) -> str:
        where, node = self.page.analysis.scope, self.node
        assert where is not None
        organisation = where.organisation_of(node) if node in where else node
        if node == where.focal:
            return "the focal firm"
        if organisation in where.distance:
            hops = where.distance[organisation]
            return f"yes, {hops} partnership hop{'s' if hops != 1 else ''} away"
        return "no (outside it)"

    def job(self) -> None:
        page, node, name = self.page, self.node, self.eco.name_of
        analysis = page.analysis
        coverage = analysis.job_coverage.get(node)
        if coverage is not None:
            self.facts += [
                fact("opportunity", "Opportunity", coverage.opportunity),
                fact("coverage", "Coverage", coverage.coverage),
                fact("gap_severity", "Gap severity", analysis.job_gap_severity.get(node, 0.0)),
            ]
            self.named("Gaps (nobody in the ecosystem brings them)", coverage.gaps)
            self.named("In-house", coverage.in_house)
            self.named("Brought by partners", coverage.partner)
        else:
            self.links("Requires", [(c, name(c)) for c, _ in self.out(RelType.REQUIRES)])
        customers = self.inn(RelType.HAS_JOB)
        if customers:
            self.links("Customers (importance / satisfaction)", [
                (c, f"{name(c)} ({figure(float(d['importance']))} / {figure(float(d['satisfaction']))})")
                for c, d in customers
            ])

    def capability(self, data: dict[str, Any]) -> None:
        page, node, name = self.page, self.node, self.eco.name_of
        analysis = page.analysis
        status = page.status(node)
        status_text = {GAP: "gap: required, and nobody in the ecosystem provides it", IN_HOUSE: "in-house",
                       PARTNER: "brought by a partner", "unused": "no job requires it"}.get(status or "", "")
        if "kind" in data:
            self.facts.append(fact("kind", "Kind", None, str(data["kind"])))
        if status_text:
            self.facts.append(fact("status", "Status", None, status_text))
        if node in page.gap_by_capability:
            total = page.gap_by_capability[node]
            self.facts += [fact("severity", "Gap severity", total.severity), fact("jobs_hurt", "Jobs it hurts", total.jobs)]
            self.links("Candidates (outside organisations that provide it)", [(c, name(c)) for c in total.candidates])
            self.links("Jobs it hurts", [
                (g.job, f"{name(g.job)} (severity {figure(g.severity)})") for g in page.gaps_of_capability[node]
            ])
        elif node in analysis.demand:
            self.facts.append(fact("opportunity", "Opportunity that needs it", analysis.demand[node]))
        providers = self.inn(RelType.PROVIDES)
        if providers:
            self.links("Provided by", [(p, _with(name(p), d, "proficiency")) for p, d in providers])
        needing = self.inn(RelType.REQUIRES)
        if needing and node not in page.gap_by_capability:
            self.links("Required by", [(j, _with(name(j), d, "weight")) for j, d in needing])

    def customer(self) -> None:
        page, node, name = self.page, self.node, self.eco.name_of
        analysis = page.analysis
        row = analysis.customer_coverage.get(node)
        if row is not None:
            self.facts += [
                fact("opportunity", "Opportunity (weighted)", row.opportunity),
                fact("covered", "Covered opportunity", row.covered),
                fact("share", "Covered share", row.share),
            ]
        jobs = self.out(RelType.HAS_JOB)
        if jobs:
            self.links("Jobs (importance / satisfaction)", [
                (j, f"{name(j)} ({figure(float(d['importance']))} / {figure(float(d['satisfaction']))})")
                for j, d in jobs
            ])
        self.named("Served by", [a for a, _ in self.inn(RelType.SERVES)])


def node_details(
    page: PageView, node: str, shown: set[str], metric: dict[str, float], size_by: str
) -> dict[str, Any]:
    """A node's panel: type, facts (figures), link lists (to the nodes ``shown`` on the map) and attributes.

    >>> import ecosystem
    >>> from ecosystem.pages.view import view_of
    >>> panel = node_details(view_of(ecosystem.load("sample_graphs/camera.yaml")), "lumen", set(), {}, "score")
    >>> panel["type_label"], [f["text"] for f in panel["facts"]][:1], panel["lists"][0]["title"]
    ('Focal firm', ['1 of 12'], 'Provides')
    """
    eco = page.eco
    data = eco.node_data[node]
    kind = str(data["type"])
    panel = _Panel(page, node, shown)
    if kind in ("firm", "partner", "unit"):
        panel.organisation()
    elif kind == "job":
        panel.job()
    elif kind == "capability":
        panel.capability(data)
    elif kind == "customer":
        panel.customer()
    if size_by not in ("score",) and node in metric and size_by not in {f["key"] for f in panel.facts}:
        panel.facts.append(fact("size_by", f"Size: {size_by}", metric[node]))
    attributes = [[key, attribute_text(value)] for key, value in sorted(data.items()) if key not in ("type", "name")]
    return {
        "id": node,
        "name": str(data["name"]),
        "type": kind,
        "type_label": type_label(eco, node),
        "facts": panel.facts,
        "lists": panel.lists,
        "attributes": [["id", node]] + attributes,
    }


def group_details(page: PageView, gid: str, kind: str, members: list[str]) -> dict[str, Any]:
    """The panel of a "+k more" node: how many it stands for, and the most important of them."""
    label = plural(kind)
    return {
        "id": gid,
        "name": f"+{len(members):,} more {label}",
        "type": kind,
        "type_label": f"Group of {label}",
        "facts": [fact("members", "Not drawn one by one", len(members), f"{len(members):,} {label}")],
        "lists": [{
            "title": "The most important of them",
            "items": [{"id": m, "text": page.eco.name_of(m), "shown": False} for m in members[:15]],
            "more": max(0, len(members) - 15),
        }],
        "attributes": [],
    }
