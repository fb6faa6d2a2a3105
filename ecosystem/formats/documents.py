"""Reading and writing the YAML and JSON file formats.

Both formats hold the same *document*: a mapping with ``ecosystem`` (name),
``focal`` (id), one list per node type and a ``relationships`` list.  The
readers return plain Python data whose mappings and id strings remember the
line they came from, so that :mod:`ecosystem.model.building` can say where each
problem is.

YAML is read safely and strictly:

* only plain data: tags that would construct Python objects are refused;
* anchors and aliases are refused (no "billion laughs" expansion);
* nesting deeper than :data:`MAX_DEPTH` is refused;
* a key repeated in one mapping is reported (PyYAML would keep the last);
* ids, names and references are kept exactly as typed: ``NO``, ``on`` or
  ``0123`` stay strings; in other values only ``true``/``false`` are booleans
  and dates stay strings (YAML 1.2 behaviour, not YAML 1.1's surprises).
"""

from __future__ import annotations

import bisect
import json
import json.decoder
import json.scanner
import re
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from ..model.errors import Problem

__all__ = ["LocatedDict", "LocatedStr", "read_yaml", "read_json", "dump_yaml", "dump_json", "MAX_DEPTH"]

#: Deepest nesting of mappings/lists accepted in a YAML or JSON file.
MAX_DEPTH = 64

#: Keys whose scalar values are always read as the exact text typed.
STRING_KEYS = frozenset({"id", "name", "from", "to", "focal", "ecosystem", "type", "job", "part_of"})
#: Keys whose lists hold ids (read as the exact text typed).
ID_LIST_KEYS = frozenset({"provides", "requires", "partners", "serves", "integrates_with"})


class LocatedDict(dict):  # type: ignore[type-arg]
    """A dict that remembers the line it started on (``line``, 1-based)."""

    line: int | None = None


class LocatedStr(str):
    """A str that remembers the line it was read from (``line``, 1-based)."""

    line: int | None = None

    def __new__(cls, value: str, line: int | None) -> LocatedStr:
        obj = super().__new__(cls, value)
        obj.line = line
        return obj


def line_of(value: Any, default: int | None = None) -> int | None:
    """The line a value was read from, if known."""
    line = getattr(value, "line", None)
    return line if isinstance(line, int) else default


class _Refused(Exception):
    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def _strict_resolvers() -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    bool_tag = "tag:yaml.org,2002:bool"
    dropped = {bool_tag, "tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:merge"}
    table: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items():
        kept = [(tag, rx) for tag, rx in resolvers if tag not in dropped]
        if kept:
            table[first] = kept
    strict_bool = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
    for first in "tTfF":
        table.setdefault(first, []).insert(0, (bool_tag, strict_bool))
    return table


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader with located mappings, strict scalars and no aliases."""

    yaml_implicit_resolvers = _strict_resolvers()

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.problems: list[tuple[int | None, str]] = []
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:  # noqa: D102
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _Refused(
                event.start_mark.line + 1,
                "anchors and aliases (&name, *name) are not supported: write the value out in full",
            )
        self._depth += 1
        if self._depth > MAX_DEPTH:
            event = self.peek_event()
            raise _Refused(event.start_mark.line + 1, f"nesting deeper than {MAX_DEPTH} levels")
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_located_mapping(self, node: MappingNode) -> Any:
        data = LocatedDict()
        data.line = node.start_mark.line + 1
        yield data
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            try:
                hash(key)
            except TypeError:
                self.problems.append((line, f"a mapping key must be a plain value, got {type(key).__name__}"))
                continue
            if key in seen:
                self.problems.append(
                    (line, f"duplicate key {key!r} in one mapping (first at line {seen[key]}); remove one of them")
                )
                continue
            seen[key] = line
            value: Any
            if key in STRING_KEYS and isinstance(value_node, ScalarNode):
                value = LocatedStr(value_node.value, value_node.start_mark.line + 1)
            elif key in ID_LIST_KEYS and isinstance(value_node, SequenceNode):
                value = [
                    LocatedStr(item.value, item.start_mark.line + 1)
                    if isinstance(item, ScalarNode)
                    else self.construct_object(item, deep=True)
                    for item in value_node.value
                ]
            else:
                value = self.construct_object(value_node, deep=True)
            data[key] = value


_StrictLoader.add_constructor("tag:yaml.org,2002:map", _StrictLoader.construct_located_mapping)


def _decode(raw: bytes, source: str) -> tuple[str | None, list[Problem]]:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [
            Problem(
                f"not UTF-8 text (byte {raw[exc.start]:#04x} at offset {exc.start}); save the file as UTF-8",
                source,
                line,
            )
        ]


def read_yaml(path: Path | str, text: str | None = None) -> tuple[Any, list[Problem]]:
    """Parse a YAML file strictly; return ``(document, problems)``.

    The document is ``None`` when the file could not be parsed at all.

    >>> doc, problems = read_yaml("x.yaml", text="focal: acme\\nfirms:\\n  - {id: NO, name: Norway AS}\\n")
    >>> doc["firms"][0]["id"], doc["firms"][0].line, problems
    ('NO', 3, [])
    """
    source = str(path)
    if text is None:
        text, problems = _decode(Path(path).read_bytes(), source)
        if text is None:
            return None, problems
    if not text.strip():
        return None, [Problem("the file is empty; expected a mapping with ecosystem, focal, firms, ...", source)]
    loader = _StrictLoader(text)
    try:
        doc = loader.get_single_data()
    except _Refused as exc:
        return None, [Problem(exc.message, source, exc.line)]
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        tag = exc.problem or "an unsupported tag"
        return None, [
            Problem(
                f"refused: {tag}; only plain data (mappings, lists, strings, numbers) is allowed",
                source,
                mark.line + 1 if mark else None,
            )
        ]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        what = getattr(exc, "problem", None) or str(exc)
        context = getattr(exc, "context", None)
        message = f"not valid YAML: {what}" + (f" ({context})" if context else "")
        return None, [Problem(message, source, mark.line + 1 if mark else None)]
    except RecursionError:
        return None, [Problem("the YAML is nested too deeply", source)]
    finally:
        loader.dispose()
    problems = [Problem(message, source, line) for line, message in loader.problems]
    return doc, problems


def read_json(path: Path | str, text: str | None = None, locate: bool = True) -> tuple[Any, list[Problem]]:
    """Parse a JSON file; return ``(document, problems)``.

    With ``locate`` (the default), objects remember their line, at the cost of
    Python's slower pure-Python scanner; without it, the C scanner is used and
    only syntax errors and duplicate keys are reported, without lines.

    >>> doc, problems = read_json("x.json", text='{"firms": [\\n {"id": "a", "id": "b"}]}')
    >>> doc["firms"][0].line, [str(p) for p in problems]
    (2, ["x.json:2: duplicate key 'id' in one object; remove one of them"])
    """
    source = str(path)
    if text is None:
        text, problems = _decode(Path(path).read_bytes(), source)
        if text is None:
            return None, problems
    if not text.strip():
        return None, [Problem("the file is empty; expected an object with ecosystem, focal, firms, ...", source)]
    newlines = [m.start() for m in re.finditer("\n", text)] if locate else []
    problems: list[Problem] = []

    def pairs(items: list[tuple[str, Any]]) -> LocatedDict:
        obj = LocatedDict()
        dupes = []
        for key, value in items:
            if key in obj:
                dupes.append(key)
                continue
            obj[key] = value
        if dupes:
            obj.duplicates = dupes  # type: ignore[attr-defined]
        if not locate:
            for key in dupes:
                problems.append(Problem(f"duplicate key {key!r} in one object; remove one of them", source))
        return obj

    def refuse_constant(name: str) -> Any:
        raise ValueError(f"{name} is not a JSON number; use a finite number")

    decoder = json.JSONDecoder(object_pairs_hook=pairs, parse_constant=refuse_constant)
    if locate:

        def parse_object(s_and_end: tuple[str, int], *args: Any, **kwargs: Any) -> tuple[Any, int]:
            start = s_and_end[1]
            obj, end = json.decoder.JSONObject(s_and_end, *args, **kwargs)
            obj.line = bisect.bisect_left(newlines, start - 1) + 1
            for key in getattr(obj, "duplicates", ()):
                problems.append(Problem(f"duplicate key {key!r} in one object; remove one of them", source, obj.line))
            return obj, end

        decoder.parse_object = parse_object  # type: ignore[assignment]
        decoder.scan_once = json.scanner.py_make_scanner(decoder)  # type: ignore[attr-defined]
    try:
        doc = decoder.decode(text)
    except json.JSONDecodeError as exc:
        return None, [Problem(f"not valid JSON: {exc.msg} (column {exc.colno})", source, exc.lineno)]
    except ValueError as exc:
        return None, [Problem(f"not valid JSON: {exc}", source)]
    except RecursionError:
        return None, [Problem("the JSON is nested too deeply", source)]
    depth = _depth(doc)
    if depth > MAX_DEPTH:
        return None, [Problem(f"nesting deeper than {MAX_DEPTH} levels", source)]
    return doc, problems


def _depth(value: Any) -> int:
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            deepest = max(deepest, level)
            stack.extend((v, level + 1) for v in item.values())
        elif isinstance(item, list):
            deepest = max(deepest, level)
            stack.extend((v, level + 1) for v in item)
    return deepest


class _Dumper(yaml.SafeDumper):
    """Block-style YAML with plain ``str`` subclasses and readable unicode."""


_Dumper.add_representer(LocatedStr, yaml.representer.SafeRepresenter.represent_str)
_Dumper.add_representer(LocatedDict, yaml.representer.SafeRepresenter.represent_dict)


def dump_yaml(document: dict[str, Any]) -> str:
    """A YAML text of a document; strings that YAML 1.1 would misread are quoted."""
    return str(yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100))


def dump_json(document: dict[str, Any]) -> str:
    """A JSON text of a document (2-space indent, UTF-8, no NaN)."""
    return json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
