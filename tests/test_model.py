"""The model's typed API over the networkx graph."""

from __future__ import annotations

import pytest

from ecosystem import Ecosystem, ModelError, NodeType, RelType
from ecosystem.model.graph import RULES


def small() -> Ecosystem:
    eco = Ecosystem("Demo", focal="acme")
    eco.add_node("acme", "firm", "Acme")
    eco.add_node("cloud", NodeType.PARTNER, "CloudCo", region="EU")
    eco.add_node("ops", "unit", "Operations")
    eco.add_node("smb", "customer", "Small businesses", innovator=True)
    eco.add_node("run-shop", "job", "Run a shop")
    eco.add_node("hosting", "capability", "Hosting", kind="resource")
    eco.add_node("design", "capability", "Design", kind="skill")
    eco.add_relationship("PARTNERS_WITH", "acme", "cloud", strength=0.5)
    eco.add_relationship("PROVIDES", "cloud", "hosting", proficiency=0.7)
    eco.add_relationship("PROVIDES", "ops", "design")
    eco.add_relationship("PART_OF", "ops", "acme")
    eco.add_relationship("REQUIRES", "run-shop", "hosting", weight=2)
    eco.add_relationship("REQUIRES", "run-shop", "design")
    eco.add_relationship("HAS_JOB", "smb", "run-shop", importance=8, satisfaction=3)
    eco.add_relationship("SERVES", "acme", "smb")
    return eco


def test_accessors_by_type_and_relation() -> None:
    eco = small()
    assert [n.id for n in eco.firms()] == ["acme"]
    assert eco.node("cloud").attributes == {"region": "EU"}
    assert eco.focal_firm is not None and eco.focal_firm.name == "Acme"
    # direction of PARTNERS_WITH is ignored
    assert eco.partners_of("cloud") == ["acme"]
    assert eco.units_of("acme") == ["ops"] and eco.parent_of("ops") == "acme"
    assert [(p.provider, p.proficiency) for p in eco.providers("hosting")] == [("cloud", 0.7)]
    # weight defaults to 1 when not given
    assert {(r.capability, r.weight) for r in eco.requirements("run-shop")} == {("hosting", 2.0), ("design", 1.0)}
    assert eco.jobs_of("smb")[0].importance == 8.0
    assert eco.customers_of("run-shop")[0].customer == "smb"
    assert eco.counts()["capability"] == 2 and eco.relationship_counts()["REQUIRES"] == 2
    assert [r.target for r in eco.relationships(RelType.PROVIDES)] == ["hosting", "design"]


def test_relationship_defaults_come_from_the_model() -> None:
    eco = small()
    provides = eco.relationships("PROVIDES", source="ops")[0]
    assert provides.properties == {}  # nothing stored ...
    assert provides.get("proficiency") == 1.0  # ... the model's default is read
    assert RULES[RelType.REQUIRES].property("weight").default == 1.0


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda e: e.add_node("acme", "partner", "Again"), "duplicate id 'acme'"),
        (lambda e: e.add_node("ACME", "partner", "Shouty"), "differs only by case from 'acme'"),
        (lambda e: e.add_node(" x", "partner", "Spaces"), "has spaces around it"),
        (lambda e: e.add_node("x", "supplier", "X"), "unknown node type 'supplier'"),
        (lambda e: e.add_node("c", "capability", "C"), "needs kind"),
        (lambda e: e.add_node("c", "capability", "C", kind="money"), "kind must be one of knowledge, skill, resource"),
        (lambda e: e.add_relationship("PROVIDES", "run-shop", "hosting"), "PROVIDES from must be a firm or partner or unit"),
        (lambda e: e.add_relationship("HAS_JOB", "smb", "run-shop", importance=8, satisfaction=3), "already declared"),
        (lambda e: e.add_relationship("PARTNERS_WITH", "cloud", "acme"), "already declared"),
        (lambda e: e.add_relationship("PARTNERS_WITH", "acme", "acme"), "with itself"),
        (lambda e: e.add_relationship("REQUIRES", "run-shop", "design", weight=0), "weight must be a number > 0, got 0"),
        (lambda e: e.add_relationship("PART_OF", "ops", "cloud"), "already part of 'acme'"),
        (lambda e: e.add_relationship("OWNS", "acme", "cloud"), "unknown relationship type 'OWNS'"),
        (lambda e: e.add_relationship("SERVES", "acme", "ghost"), "'ghost' is not a node"),
    ],
)
def test_changes_that_break_the_model_are_refused(call, expected) -> None:  # type: ignore[no-untyped-def]
    eco = small()
    before = (len(eco), eco.graph.number_of_edges())
    with pytest.raises(ModelError, match=expected.replace("(", r"\(")):
        call(eco)
    assert (len(eco), eco.graph.number_of_edges()) == before  # nothing half-added


@pytest.mark.parametrize(
    ("props", "message"),
    [
        ({"importance": 11, "satisfaction": 3}, "importance must be a number from 0 to 10, got 11"),
        ({"importance": 5, "satisfaction": -1}, "satisfaction must be a number from 0 to 10, got -1"),
        ({"importance": float("nan"), "satisfaction": 3}, "importance must be a number from 0 to 10, got nan"),
        ({"importance": True, "satisfaction": 3}, "importance must be a number from 0 to 10, got True"),
        ({"satisfaction": 3}, "HAS_JOB needs importance"),
    ],
)
def test_has_job_ratings_are_on_the_odi_scale(props, message) -> None:  # type: ignore[no-untyped-def]
    eco = small()
    eco.add_node("other", "job", "Other job")
    with pytest.raises(ModelError, match=message):
        eco.add_relationship("HAS_JOB", "smb", "other", **props)


def test_equality_copy_and_removal() -> None:
    a, b = small(), small()
    assert a == b
    c = a.copy()
    c.remove_relationship("PARTNERS_WITH", "cloud", "acme")  # symmetric: either direction
    assert c != a and a == b
    c.remove_node("acme")
    assert c.focal is None and "acme" not in c and "acme" in a
    with pytest.raises(ModelError, match="not a firm"):
        a.focal = "cloud"


def test_the_trusted_assembler_keeps_the_invariants_add_node_keeps() -> None:
    from ecosystem.model.graph import EcosystemAssembler

    nodes = [("Acme", {"type": "firm", "name": "Acme"}), ("cap", {"type": "capability", "name": "C", "kind": "skill"})]
    eco = Ecosystem.from_trusted("Demo", "Acme", nodes, [("Acme", "cap", "PROVIDES", {"proficiency": 0.5})])
    # Same graph as the checked way in, in the same order.
    by_hand = Ecosystem("Demo", focal="Acme")
    by_hand.add_node("Acme", "firm", "Acme")
    by_hand.add_node("cap", "capability", "C", kind="skill")
    by_hand.add_relationship("PROVIDES", "Acme", "cap", proficiency=0.5)
    assert eco == by_hand and list(eco.graph.nodes(data=True)) == list(by_hand.graph.nodes(data=True))
    # The case-insensitive id index is kept: a later checked add of 'ACME' is refused.
    assert eco.case_twin("ACME") == "Acme"
    with pytest.raises(ModelError, match="differs only by case from 'Acme'"):
        eco.add_node("ACME", "partner")
    # An assembler hands over one ecosystem, once.
    assembler = EcosystemAssembler()
    assembler.add_node("a", {"type": "firm", "name": "A"})
    assembler.finish("One", "a")
    with pytest.raises(ModelError, match="has finished"):
        assembler.add_node("b", {"type": "firm", "name": "B"})
