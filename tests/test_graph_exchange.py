"""GEXF and GraphML out: read back by networkx with every node, edge, type and value intact."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

import ecosystem
from ecosystem import Ecosystem, ModelError
from ecosystem.analyses.coverage import coverage
from ecosystem.analyses.gaps import gap_totals
from ecosystem.analyses.integrators import central_integrators
from ecosystem.formats.graph_exchange import gexf_text, graphml_text, write_gexf, write_graphml

from .conftest import SAMPLES


def scores_of(eco: Ecosystem) -> dict[str, dict[str, float]]:
    """The analysis figures a caller adds to nodes (what ``--with-scores`` writes)."""
    scores: dict[str, dict[str, float]] = {}
    for s in central_integrators(eco):
        scores.setdefault(s.id, {}).update(
            eco_integrator_score=s.score, eco_betweenness=s.betweenness, eco_brokerage=s.brokerage, eco_reach=s.reach
        )
    for job in coverage(eco):
        scores.setdefault(job.job, {}).update(eco_coverage=job.coverage, eco_opportunity=job.opportunity)
    for gap in gap_totals(eco):
        scores.setdefault(gap.capability, {})["eco_gap_severity"] = gap.severity
    return scores


def read_back(eco: Ecosystem, folder: Path, fmt: str, scores: Any = None) -> nx.MultiDiGraph:
    if fmt == "gexf":
        return nx.read_gexf(write_gexf(eco, folder / "eco.gexf", scores))
    return nx.read_graphml(write_graphml(eco, folder / "eco.graphml", scores), force_multigraph=True)


def expected(value: Any) -> Any:
    """A property's value as the file holds it, for the sample graphs (one type per attribute there)."""
    return json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) or value is None else value


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
@pytest.mark.parametrize("sample", ["camera.yaml", "aero_engine.yaml", "cncf.yaml"])
def test_the_sample_graphs_read_back_with_types_and_values_intact(sample: str, fmt: str, tmp_path: Path) -> None:
    eco = ecosystem.load(SAMPLES / sample)
    graph = read_back(eco, tmp_path, fmt)
    assert set(graph.nodes) == set(eco.node_data)
    for node in eco.nodes():
        data = graph.nodes[node.id]
        assert (data["type"], data["name"], data["label"]) == (node.type.value, node.name, node.name)
        for key, value in node.attributes.items():
            assert data[key] == expected(value) and type(data[key]) is type(expected(value)), (node.id, key)
    # networkx reads a GEXF file without parallel edges as a DiGraph: its edge ids are in the data
    edges = [(u, v, data["id"], data) for u, v, data in graph.edges(data=True)] if fmt == "gexf" else list(
        graph.edges(keys=True, data=True)
    )
    relationships = list(eco.relationships())
    assert len(edges) == len(relationships)
    by_id = {key: (u, v, data) for u, v, key, data in edges}
    assert sorted(by_id) == sorted(f"e{i}" for i in range(len(relationships)))  # unique ids
    for number, rel in enumerate(relationships):
        source, target, data = by_id[f"e{number}"]
        assert (source, target, data["label"]) == (rel.source, rel.target, rel.type.value)
        if fmt == "graphml":
            assert data["type"] == rel.type.value
        for key, value in rel.properties.items():
            if fmt == "gexf" and key == "weight":
                assert data[key] == float(value)  # GEXF's own edge weight, a float
            else:
                assert data[key] == expected(value) and type(data[key]) is type(expected(value)), (rel, key)


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_analysis_figures_are_written_on_the_nodes(fmt: str, tmp_path: Path) -> None:
    eco = ecosystem.load(SAMPLES / "camera.yaml")
    graph = read_back(eco, tmp_path, fmt, scores_of(eco))
    # figures from the analyses (the README's camera example): Lumen's integrator score 0.882763,
    # keep-gear-working covered 0.6 with opportunity 52.6, spare-parts logistics missing, severity 105.2
    assert graph.nodes["lumen"]["eco_integrator_score"] == 0.882763
    assert graph.nodes["lumen"]["eco_betweenness"] == 1.0
    assert graph.nodes["keep-gear-working"]["eco_coverage"] == 0.6
    assert graph.nodes["keep-gear-working"]["eco_opportunity"] == 52.6
    assert graph.nodes["spare-parts-logistics"]["eco_gap_severity"] == 105.2
    assert "eco_gap_severity" not in graph.nodes["lumen"]  # only capabilities have a gap severity


def test_awkward_attributes_get_one_type_each_and_reserved_names_move_aside(tmp_path: Path) -> None:
    eco = Ecosystem("Awkward\x01", focal="acme")
    eco.add_node("acme", "firm", "Acme\x02", label="old label", start=1999, mixed=1, both=1, listed=[1, "a"], none=None)
    eco.add_node("cloud", "partner", "CloudCo", mixed="one", both=2.5, mapped={"a": True}, flag=True)
    eco.add_node("hosting", "capability", "Hosting", kind="resource")
    eco.add_relationship("PARTNERS_WITH", "acme", "cloud", weight="heavy")
    eco.add_relationship("PROVIDES", "cloud", "hosting", weight=2)
    gexf = nx.read_gexf(write_gexf(eco, tmp_path / "a.gexf", {"acme": {"eco_score": 0.5, "mixed": 9}}))
    acme, cloud = gexf.nodes["acme"], gexf.nodes["cloud"]
    assert acme["label"] == "Acme\\u0002" and acme["label_"] == "old label" and acme["start_"] == 1999
    assert (acme["mixed"], cloud["mixed"]) == ("9", "one")  # a score replaces the attribute; str and int: text
    assert (acme["both"], cloud["both"]) == (1.0, 2.5)  # int and float: floats
    assert (acme["listed"], acme["none"], cloud["mapped"]) == ('[1, "a"]', "null", '{"a": true}')
    assert cloud["flag"] is True and acme["eco_score"] == 0.5
    weights = {data["label"]: (data.get("weight"), data.get("weight_")) for *_, data in gexf.edges(data=True)}
    assert weights == {"PARTNERS_WITH": (None, "heavy"), "PROVIDES": (None, "2")}  # not all numbers: moved aside
    graphml = nx.read_graphml(write_graphml(eco, tmp_path / "a.graphml"), force_multigraph=True)
    assert graphml.nodes["acme"]["label_"] == "old label" and graphml.nodes["acme"]["start"] == 1999
    assert (graphml.graph["name"], graphml.graph["focal"]) == ("Awkward\\u0001", "acme")
    assert ">true</data>" in graphml_text(eco) and ">True<" not in graphml_text(eco)


def test_the_same_ecosystem_gives_the_same_file(tmp_path: Path) -> None:
    eco = ecosystem.load(SAMPLES / "camera.yaml")
    assert gexf_text(eco) == gexf_text(ecosystem.load(SAMPLES / "camera.yaml"))
    assert "lastmodifieddate" not in gexf_text(eco)  # no date: tomorrow's file is today's
    assert write_graphml(eco, tmp_path / "x.graphml").read_text(encoding="utf-8") == graphml_text(eco)


def test_scores_for_a_node_that_does_not_exist_are_refused(tmp_path: Path) -> None:
    eco = ecosystem.load(SAMPLES / "camera.yaml")
    with pytest.raises(ModelError, match="scores for 'nobody', which is not a node"):
        write_gexf(eco, tmp_path / "x.gexf", {"nobody": {"eco_score": 1.0}})
    assert not (tmp_path / "x.gexf").exists()
