"""Gephi and yEd: an ecosystem written as GEXF or GraphML (write-only formats).

Both files hold the same graph, built for export by :func:`export_graph`:

* a node per node, its id the node's id, with the attributes ``type``
  (``firm``, ``partner``...), ``name`` and ``label`` (the name, which Gephi
  shows) and every free attribute;
* an edge per relationship, its id ``e0``, ``e1``... (unique, in the order of
  :meth:`~ecosystem.model.graph.Ecosystem.relationships`), with the
  relationship type as its ``label`` and, in GraphML, as ``type`` too (GEXF
  reserves an edge's ``type`` for its direction), and every property.

Every attribute has one type in the whole file: a boolean, an integer or a
floating-point number where all its values are of that kind (integers mixed
with decimals are written as decimals), else a string: text as it is, and
lists, mappings, ``null`` and other values as their JSON text.  A name the
format reserves (GEXF's ``start``, ``end``, ``pid``, ``viz``...; ``label``
in both) gets a trailing ``_``; a numeric relationship ``weight`` is GEXF's
own edge weight.  Characters XML cannot hold are written as ``\\uXXXX``.

``scores`` adds figures to nodes (``{node: {attribute: value}}``, e.g. the
integrator score as ``eco_integrator_score``); a score replaces an attribute
of the same name, so a file annotated before gets fresh figures.  The caller
computes them (this layer does not import the analyses).
"""

from __future__ import annotations

import io
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import Any

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter
from networkx.readwrite.graphml import GraphMLWriter

from ..model.errors import ModelError
from ..model.graph import Ecosystem
from .atomic import atomic_write_text

__all__ = ["export_graph", "gexf_text", "graphml_text", "write_gexf", "write_graphml", "Scores"]

#: Figures to add to nodes: node id -> {attribute: value}.
Scores = Mapping[str, Mapping[str, Any]]

_INT64 = 2**63
_EXACT = 2**53
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
#: Names each format reads as something else than an attribute (GraphML reserves none, but Gephi
#: takes ``label`` for the label).
_RESERVED = {
    ("gexf", "node"): frozenset({"id", "label", "pid", "start", "end", "viz", "parents", "spells", "slices"}),
    ("gexf", "edge"): frozenset(
        {"id", "label", "type", "start", "end", "viz", "spells", "slices", "key", "networkx_key"}
    ),
    ("graphml", "node"): frozenset({"label"}),
    ("graphml", "edge"): frozenset({"label", "type"}),
}


def _clean(text: str) -> str:
    """Text XML can hold: characters it cannot written as ``\\uXXXX``.

    >>> _clean("a\\x01b")
    'a\\\\u0001b'
    """
    return _ILLEGAL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _kind(values: Iterable[Any]) -> str:
    """The one type of an attribute's values: bool, int, float or str.

    >>> _kind([True, False]), _kind([1, 2]), _kind([1, 2.5]), _kind(["a", 1]), _kind([[1]])
    ('bool', 'int', 'float', 'str', 'str')
    """
    kinds = set()
    for value in values:
        if isinstance(value, bool):
            kinds.add("bool")
        elif isinstance(value, int):
            kinds.add("int" if abs(value) < _INT64 else "str")
            if abs(value) > _EXACT:
                kinds.add("big")
        elif isinstance(value, float):
            kinds.add("float")
        else:
            kinds.add("str")
        if "str" in kinds:
            return "str"
    if kinds == {"bool"}:
        return "bool"
    if kinds <= {"int", "big"}:
        return "int"
    if kinds == {"float"} or kinds == {"int", "float"}:
        return "float"
    return "str"


def _typed(value: Any, kind: str) -> Any:
    if kind == "float":
        return float(value)
    if kind != "str":
        return value
    if isinstance(value, str):
        return _clean(value)
    return _clean(json.dumps(value, ensure_ascii=False))


def _free_name(name: str, taken: AbstractSet[str]) -> str:
    while name in taken:
        name += "_"
    return name


def export_graph(eco: Ecosystem, scores: Scores | None = None, format: str = "graphml") -> nx.MultiDiGraph:
    """The graph that :func:`write_gexf` / :func:`write_graphml` write (see the module docs).

    >>> from ecosystem import Ecosystem
    >>> eco = Ecosystem("Demo", focal="acme")
    >>> _ = eco.add_node("acme", "firm", "Acme", tags=["b2b"], label="A")
    >>> _ = eco.add_node("cloud", "partner", "CloudCo")
    >>> _ = eco.add_relationship("PARTNERS_WITH", "acme", "cloud", strength=0.8)
    >>> graph = export_graph(eco, {"acme": {"eco_score": 1.0}})
    >>> graph.nodes["acme"]
    {'type': 'firm', 'name': 'Acme', 'label': 'Acme', 'tags': '["b2b"]', 'label_': 'A', 'eco_score': 1.0}
    >>> list(graph.edges(keys=True, data=True))
    [('acme', 'cloud', 'e0', {'type': 'PARTNERS_WITH', 'label': 'PARTNERS_WITH', 'strength': 0.8})]
    """
    scores = scores or {}
    for node_id in scores:
        if node_id not in eco.node_data:
            raise ModelError(f"scores for {node_id!r}, which is not a node of this ecosystem")
    nodes: list[tuple[str, dict[str, Any]]] = []
    for node in eco.nodes():
        fields = {"type": node.type.value, "name": node.name, "label": node.name}
        reserved = _RESERVED[(format, "node")] | set(fields)
        for key, value in node.attributes.items():
            fields[_free_name(key, reserved | set(fields))] = value
        for key, value in scores.get(node.id, {}).items():
            fields[key] = value  # a score replaces an attribute of the same name
        nodes.append((node.id, fields))
    edges: list[tuple[str, str, str, dict[str, Any]]] = []
    for number, rel in enumerate(eco.relationships()):
        edge_id = f"e{number}"
        # GEXF takes the edge id from the data (networkx would number edges itself), GraphML from the key
        fields = {"id": edge_id, "label": rel.type.value} if format == "gexf" else {
            "type": rel.type.value, "label": rel.type.value
        }
        reserved = _RESERVED[(format, "edge")] | set(fields)
        if format == "gexf":
            reserved -= {"weight"}
        for key, value in rel.properties.items():
            fields[_free_name(key, reserved | set(fields))] = value
        edges.append((rel.source, rel.target, edge_id, fields))
    if format == "gexf":
        weights = [f["weight"] for _, _, _, f in edges if "weight" in f]
        if weights and _kind(weights) not in ("int", "float"):  # GEXF's own weight is a number
            for _, _, _, fields in edges:
                if "weight" in fields:
                    name = _free_name("weight", set(fields))
                    fields[name] = fields.pop("weight")
    graph = nx.MultiDiGraph(name=_clean(eco.name))
    if eco.focal is not None:
        graph.graph["focal"] = eco.focal
    for items in ([f for _, f in nodes], [f for *_, f in edges]):
        values: dict[str, list[Any]] = defaultdict(list)
        for fields in items:
            for key, value in fields.items():
                values[key].append(value)
        kinds = {key: _kind(found) for key, found in values.items()}
        for fields in items:
            for key, value in fields.items():
                fields[key] = _typed(value, kinds[key])
    graph.add_nodes_from(nodes)
    graph.add_edges_from(edges)
    return graph


class _GraphMLWriter(GraphMLWriter):
    """networkx's pure-Python GraphML writer (the same bytes with or without lxml), booleans as
    XML Schema writes them (``true``, not Python's ``True``)."""

    def add_data(self, name: str, element_type: type, value: Any, scope: str = "all", default: Any = None) -> Any:
        element = super().add_data(name, element_type, value, scope, default)
        if element_type is bool:
            element.text = "true" if value else "false"
        return element


def gexf_text(eco: Ecosystem, scores: Scores | None = None) -> str:
    """The GEXF 1.2 document of an ecosystem (see the module docs).

    >>> from ecosystem import Ecosystem
    >>> eco = Ecosystem("Demo", focal="acme")
    >>> _ = eco.add_node("acme", "firm", "Acme")
    >>> '<node id="acme" label="Acme">' in gexf_text(eco)
    True
    """
    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    meta = writer.xml.find("meta")
    if meta is not None:
        meta.attrib.pop("lastmodifieddate", None)  # today's date: the same ecosystem must give the same file
    writer.add_graph(export_graph(eco, scores, "gexf"))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue().decode("utf-8")


def graphml_text(eco: Ecosystem, scores: Scores | None = None) -> str:
    """The GraphML document of an ecosystem (see the module docs).

    >>> from ecosystem import Ecosystem
    >>> eco = Ecosystem("Demo", focal="acme")
    >>> _ = eco.add_node("acme", "firm", "Acme", listed=True)
    >>> '>true</data>' in graphml_text(eco), '>True<' in graphml_text(eco)
    (True, False)
    """
    writer = _GraphMLWriter(graph=export_graph(eco, scores, "graphml"), encoding="utf-8", prettyprint=True)
    buffer = io.BytesIO()
    writer.dump(buffer)
    return buffer.getvalue().decode("utf-8")


def write_gexf(eco: Ecosystem, path: Path | str, scores: Scores | None = None) -> Path:
    """Write an ecosystem as a GEXF file for Gephi, atomically; return the path.

    >>> import tempfile, pathlib, networkx
    >>> from ecosystem import Ecosystem
    >>> eco = Ecosystem("Demo", focal="acme")
    >>> _ = eco.add_node("acme", "firm", "Acme", founded=1999)
    >>> path = write_gexf(eco, pathlib.Path(tempfile.mkdtemp()) / "demo.gexf")
    >>> networkx.read_gexf(path).nodes["acme"]["founded"]
    1999
    """
    atomic_write_text(path, gexf_text(eco, scores))
    return Path(path)


def write_graphml(eco: Ecosystem, path: Path | str, scores: Scores | None = None) -> Path:
    """Write an ecosystem as a GraphML file (yEd, Gephi, Cytoscape), atomically; return the path.

    >>> import tempfile, pathlib, networkx
    >>> from ecosystem import Ecosystem
    >>> eco = Ecosystem("Demo", focal="acme")
    >>> _ = eco.add_node("acme", "firm", "Acme", founded=1999)
    >>> path = write_graphml(eco, pathlib.Path(tempfile.mkdtemp()) / "demo.graphml")
    >>> networkx.read_graphml(path).nodes["acme"]["type"]
    'firm'
    """
    atomic_write_text(path, graphml_text(eco, scores))
    return Path(path)
