"""Turning file records into a validated :class:`~ecosystem.model.graph.Ecosystem`.

Every reader (YAML, JSON, CSV, landscape) feeds records to one
:class:`EcosystemBuilder`, which checks them against the model, collects
*all* problems with their file and line, and only hands out an ecosystem when
there are none.  Nothing half-built ever escapes: :meth:`EcosystemBuilder.finish`
either returns a complete ecosystem or raises
:class:`~ecosystem.model.errors.InvalidEcosystemError` listing every problem.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .errors import InvalidEcosystemError, Problem
from .graph import Ecosystem, EcosystemAssembler, check_node, check_relationship
from .located import line_of
from .types import RULES, NodeType, RelType, check_id, node_type, plain_value, rel_type, show

__all__ = ["EcosystemBuilder", "build_document", "to_document", "SHORTHAND", "DOCUMENT_KEYS"]

#: Shorthand keys on a node: key -> (relationship type, key naming the target in a mapping item).
SHORTHAND: dict[str, tuple[RelType, str]] = {
    "provides": (RelType.PROVIDES, "id"),
    "partners": (RelType.PARTNERS_WITH, "id"),
    "serves": (RelType.SERVES, "id"),
    "integrates_with": (RelType.INTEGRATES_WITH, "id"),
    "requires": (RelType.REQUIRES, "id"),
    "jobs": (RelType.HAS_JOB, "job"),
    "part_of": (RelType.PART_OF, "id"),
}

#: The top-level keys of a YAML/JSON document.
DOCUMENT_KEYS = ("ecosystem", "focal", *(t.plural for t in NodeType), "relationships")


def _suggest(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


class EcosystemBuilder:
    """Collects node and relationship records, checks them, builds an ecosystem.

    >>> b = EcosystemBuilder("demo.yaml")
    >>> b.add_node({"id": "acme", "name": "Acme"}, NodeType.FIRM, line=3)
    >>> b.add_node({"id": "acme", "name": "Again"}, NodeType.PARTNER, line=4)
    >>> b.finish("Demo", "acme")
    Traceback (most recent call last):
    ...
    ecosystem.InvalidEcosystemError: 1 problem in demo.yaml:
      demo.yaml:4: duplicate id 'acme' (first at line 3)
    """

    def __init__(self, source: str | None = None) -> None:
        self.source = source
        self.problems: list[Problem] = []
        self._assembler = EcosystemAssembler()
        self._node_lines: dict[str, int | None] = {}
        self._pending: list[tuple[Any, Any, Any, dict[str, Any], int | None, bool, str]] = []

    @property
    def eco(self) -> Ecosystem:
        """The ecosystem built so far (checked records only); read it, do not change it."""
        return self._assembler.partial

    def problem(self, message: str, line: int | None = None, source: str | None = None) -> None:
        """Record a problem at a line of the current source."""
        self.problems.append(Problem(message, source or self.source, line))

    # -- nodes ------------------------------------------------------------
    def add_node(
        self,
        record: Mapping[str, Any],
        type: NodeType | str | None = None,
        line: int | None = None,
        source: str | None = None,
    ) -> None:
        """Add one node record (``id``, ``name``, free attributes, shorthand keys).

        ``type`` is the node type when the record comes from a per-type list;
        otherwise the record's own ``type`` key names it.
        """
        line = line_of(record, line)
        where = source or self.source
        declared = record.get("type")
        kind = node_type(type) if type is not None else node_type(declared)
        if type is None and kind is None:
            choices = [t.value for t in NodeType]
            what = "missing" if declared in (None, "") else f"unknown: {show(declared)}"
            suggestion = _suggest(str(declared).lower(), choices) if declared else ""
            self.problem(f"node type {what}; expected one of {', '.join(choices)}{suggestion}", line, where)
        elif type is not None and declared is not None and node_type(declared) is not kind:
            self.problem(f"type {show(declared)} contradicts the {kind.plural if kind else type} list", line, where)
        node_id = record.get("id")
        name = record.get("name", node_id)
        attributes: dict[str, Any] = {}
        for key, value in record.items():
            if key in ("id", "name", "type"):
                continue
            if key in SHORTHAND:
                self._shorthand(node_id, key, value, line, where)
            else:
                attributes[str(key)] = value
        if "id" not in record:
            self.problem("node has no id", line, where)
            return
        messages = check_node(self.eco, node_id, kind or NodeType.FIRM, name, attributes)
        for message in messages:
            if message.startswith("duplicate id") and node_id in self._node_lines:
                first = self._node_lines[node_id]
                message += f" (first at line {first})" if first is not None else ""
            elif message.startswith(f"id {node_id!r} differs only by case"):
                other = self.eco.case_twin(str(node_id))
                first = self._node_lines.get(other) if other else None
                message += f" (line {first})" if first is not None else ""
            self.problem(message, line, where)
        if kind is not None and check_id(node_id) is None and node_id not in self.eco:
            if self.eco.case_twin(str(node_id)) is not None:
                return
            plain_name = str(name) if isinstance(name, str) else str(node_id)
            data = {"type": kind.value, "name": plain_name, **_plain_dict(attributes)}
            self._assembler.add_node(str(node_id), data)
            self._node_lines[str(node_id)] = line

    def _shorthand(self, node_id: Any, key: str, value: Any, line: int | None, where: str | None) -> None:
        kind, target_key = SHORTHAND[key]
        items = [value] if key == "part_of" and not isinstance(value, list) else value
        if not isinstance(items, list):
            self.problem(f"{key} must be a list of ids, got {show(value)}", line, where)
            return
        for item in items:
            item_line = line_of(item, line)
            if isinstance(item, Mapping):
                props = {k: v for k, v in item.items() if k not in (target_key, "id")}
                target = item.get(target_key, item.get("id"))
                if target is None:
                    self.problem(f"an item of {key} has no {target_key}: {show(dict(item))}", item_line, where)
                    continue
            else:
                props, target = {}, item
            self._pending.append((kind, node_id, target, props, item_line, True, where or ""))

    # -- relationships ------------------------------------------------------
    def add_relationship(self, record: Mapping[str, Any], line: int | None = None, source: str | None = None) -> None:
        """Add one relationship record: ``type``, ``from``, ``to`` and properties."""
        line = line_of(record, line)
        where = source or self.source
        declared = record.get("type")
        kind = rel_type(declared)
        if kind is None:
            choices = [t.value for t in RelType]
            what = "missing" if declared in (None, "") else f"unknown: {show(declared)}"
            suggestion = _suggest(str(declared).upper(), choices) if declared else ""
            self.problem(f"relationship type {what}; expected one of {', '.join(choices)}{suggestion}", line, where)
            return
        missing = [k for k in ("from", "to") if k not in record or record[k] in (None, "")]
        if missing:
            self.problem(f"{kind.value} relationship has no {' and no '.join(missing)}", line, where)
            return
        props = {str(k): v for k, v in record.items() if k not in ("type", "from", "to")}
        self._pending.append((kind, record["from"], record["to"], props, line, False, where or ""))

    def _resolve_relationships(self) -> None:
        declared: dict[tuple[str, str, str], tuple[int | None, bool, dict[str, Any]]] = {}
        for kind, source, target, props, line, shorthand, where in self._pending:
            rule = RULES[kind]
            if isinstance(source, str) and isinstance(target, str):
                pair = tuple(sorted((source, target))) if rule.symmetric else (source, target)
                key = (kind.value, *pair)
                if key in declared:
                    first_line, first_short, first_props = declared[key]
                    if shorthand and first_short and not props and not first_props:
                        continue  # the same bare link typed on both ends: one relationship
                    at = f" at line {first_line}" if first_line is not None else ""
                    self.problem(
                        f"{kind.value} between {source!r} and {target!r} is already declared{at}", line, where
                    )
                    continue
            messages = check_relationship(self.eco, kind, source, target, props)
            for message in messages:
                self.problem(message, line, where)
            if not messages:
                self._assembler.add_relationship(str(source), str(target), kind.value, _plain_dict(props))
                declared[key] = (line, shorthand, props)

    # -- the end --------------------------------------------------------------
    def finish(self, name: Any, focal: Any, focal_line: int | None = None) -> Ecosystem:
        """Check the focal firm, resolve relationships, return the ecosystem or raise."""
        self._resolve_relationships()
        if not isinstance(name, str) or not name.strip():
            self.problem(f"ecosystem name must be a non-empty string, got {show(name)}", line_of(name))
        if focal is None or focal == "":
            self.problem("no focal firm: set focal to the id of the firm at the centre of this ecosystem", focal_line)
        else:
            message = check_id(focal, "focal")
            if message:
                self.problem(message, line_of(focal, focal_line))
            elif focal not in self.eco:
                suggestion = _suggest(focal, self.eco.ids(NodeType.FIRM))
                self.problem(f"focal {focal!r} is not a node in this ecosystem{suggestion}", line_of(focal, focal_line))
            elif self.eco.type_of(focal) is not NodeType.FIRM:
                actual = self.eco.type_of(focal).value
                self.problem(f"focal {focal!r} is a {actual}; the focal must be a firm", line_of(focal, focal_line))
        if self.problems:
            ordered = sorted(self.problems, key=lambda p: (p.source or "", p.line or 0))
            raise InvalidEcosystemError(ordered, self.source)
        return self._assembler.finish(str(name), str(focal))


def _plain_dict(values: Mapping[str, Any]) -> dict[str, Any]:
    return {str(k): plain_value(v) for k, v in values.items()}


def build_document(document: Any, source: str, problems: list[Problem] | None = None) -> Ecosystem:
    """Build an ecosystem from a parsed YAML/JSON document, or raise with every problem.

    >>> doc = {"ecosystem": "Demo", "focal": "acme",
    ...        "firms": [{"id": "acme", "name": "Acme", "provides": ["design"]}],
    ...        "capabilities": [{"id": "design", "name": "Design", "kind": "skill"}]}
    >>> build_document(doc, "demo.yaml").capabilities_of("acme")
    ['design']
    """
    builder = EcosystemBuilder(source)
    builder.problems.extend(problems or [])
    if document is None:
        raise InvalidEcosystemError(builder.problems or [Problem("no document", source)], source)
    if not isinstance(document, Mapping):
        builder.problem(
            f"the top level must be a mapping with {', '.join(DOCUMENT_KEYS[:3])}, ...; "
            f"got a {type(document).__name__}",
            line_of(document, 1),
        )
        raise InvalidEcosystemError(builder.problems, source)
    for key in document:
        if key not in DOCUMENT_KEYS:
            builder.problem(
                f"unknown top-level key {show(key)}; expected one of {', '.join(DOCUMENT_KEYS)}"
                + _suggest(str(key), list(DOCUMENT_KEYS)),
                line_of(document),
            )
    for kind in NodeType:
        items = document.get(kind.plural)
        if items is None:
            continue
        if not isinstance(items, list):
            builder.problem(f"{kind.plural} must be a list, got {show(items)}", line_of(document))
            continue
        for item in items:
            if not isinstance(item, Mapping):
                builder.problem(f"an item of {kind.plural} must be a mapping with id and name, got {show(item)}")
                continue
            builder.add_node(item, kind)
    relationships = document.get("relationships") or []
    if not isinstance(relationships, list):
        builder.problem(f"relationships must be a list, got {show(relationships)}", line_of(document))
        relationships = []
    for item in relationships:
        if not isinstance(item, Mapping):
            builder.problem(f"a relationship must be a mapping with type, from and to, got {show(item)}")
            continue
        builder.add_relationship(item)
    name = document.get("ecosystem", Path(source).stem)
    return builder.finish(name, document.get("focal"), line_of(document))


def to_document(eco: Ecosystem) -> dict[str, Any]:
    """The canonical document of an ecosystem (what the YAML/JSON writers write).

    Nodes are listed per type with ``id``, ``name`` and attributes; every
    relationship is in the ``relationships`` list (no shorthand).

    >>> from ecosystem import Ecosystem
    >>> eco = Ecosystem("Demo", focal="acme")
    >>> _ = eco.add_node("acme", "firm", "Acme", founded=1999)
    >>> to_document(eco)
    {'ecosystem': 'Demo', 'focal': 'acme', 'firms': [{'id': 'acme', 'name': 'Acme', 'founded': 1999}]}
    """
    doc: dict[str, Any] = {"ecosystem": eco.name, "focal": eco.focal}
    for kind in NodeType:
        items = [{"id": n.id, "name": n.name, **n.attributes} for n in eco.nodes(kind)]
        if items:
            doc[kind.plural] = items
    relationships = [
        {"type": r.type.value, "from": r.source, "to": r.target, **r.properties} for r in eco.relationships()
    ]
    if relationships:
        doc["relationships"] = relationships
    return doc
