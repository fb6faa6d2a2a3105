"""Reading and writing the YAML and JSON file formats.

Both formats hold the same *document*: a mapping with ``ecosystem`` (name),
``focal`` (id), one list per node type and a ``relationships`` list.  The
readers return plain Python data whose mappings, lists and id strings
remember the line they came from (:mod:`ecosystem.model.located`), so that
:mod:`ecosystem.model.building` can say where each problem is.

This module holds the package's one strict YAML reader, :func:`read_yaml`
(the landscape importer reads through it too).  YAML is read safely and
strictly:

* only plain data: mappings, lists and scalars, with no tag but the standard
  ``!!str``, ``!!int``, ``!!float``, ``!!bool``, ``!!null``, ``!!map`` and
  ``!!seq`` (tags that would construct Python objects are refused);
* anchors and aliases are refused (no "billion laughs" expansion);
* nesting deeper than :data:`MAX_DEPTH` mappings/lists is refused;
* one document per file;
* a key repeated in one mapping is reported (PyYAML would keep the last);
* scalars are read by one of two rules (``scalars=``):

  ``"typed"`` (ecosystem files)
      numbers and ``null`` as YAML reads them; only ``true``/``false`` are
      booleans and dates stay strings (YAML 1.2 behaviour, not YAML 1.1's
      surprises); the values of :data:`TEXT_KEYS` (ids, names and
      references) stay exactly as typed: ``NO``, ``on``, ``0123`` or
      ``null`` are strings;
  ``"text"`` (imported files)
      every scalar is the text typed, except ``null``/``~``/empty (``None``)
      and ``true``/``false`` outside the ``text_keys``.

It parses with libyaml's event parser when PyYAML has it (a megabyte in a
fraction of a second), and never raises for a bad file: every problem comes
back as a :class:`~ecosystem.model.errors.Problem` with file and line.
"""

from __future__ import annotations

import bisect
import json
import json.decoder
import json.scanner
import re
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import Any, Literal

import yaml
from yaml.nodes import ScalarNode

from ..model.errors import Problem
from ..model.located import LocatedDict, LocatedList, LocatedStr, line_at, line_of
from ..model.types import show

__all__ = [
    "LocatedDict",
    "LocatedList",
    "LocatedStr",
    "line_of",
    "line_at",
    "decode_text",
    "read_yaml",
    "read_json",
    "dump_yaml",
    "dump_json",
    "MAX_DEPTH",
    "TEXT_KEYS",
    "ScalarRule",
]

#: Deepest nesting of mappings/lists accepted in a YAML or JSON file.
MAX_DEPTH = 64

#: Keys whose scalar values are always read as the exact text typed.
STRING_KEYS = frozenset({"id", "name", "from", "to", "focal", "ecosystem", "type", "job", "part_of"})
#: Keys whose lists hold ids (read as the exact text typed).
ID_LIST_KEYS = frozenset({"provides", "requires", "partners", "serves", "integrates_with"})
#: The keys of an ecosystem file whose scalar values, and the scalar items of
#: whose lists, are read as the exact text typed (``scalars="typed"``).
TEXT_KEYS = STRING_KEYS | ID_LIST_KEYS

#: How :func:`read_yaml` reads scalars: ``"typed"`` or ``"text"`` (see the module docs).
ScalarRule = Literal["typed", "text"]

_STD = "tag:yaml.org,2002:"
_SCALAR_TAGS = frozenset({None, "!", _STD + "str", _STD + "null", _STD + "bool", _STD + "int", _STD + "float"})
_COLLECTION_TAGS = frozenset({None, "!", _STD + "map", _STD + "seq"})
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_EventLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Refused(Exception):
    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def _strict_resolvers() -> dict[Any, list[tuple[str, re.Pattern[str]]]]:
    bool_tag = _STD + "bool"
    dropped = {bool_tag, _STD + "timestamp", _STD + "merge", _STD + "value"}
    table: dict[Any, list[tuple[str, re.Pattern[str]]]] = {}
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items():
        kept = [(tag, rx) for tag, rx in resolvers if tag not in dropped]
        if kept:
            table[first] = kept
    strict_bool = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
    for first in "tTfF":
        table.setdefault(first, []).insert(0, (bool_tag, strict_bool))
    return table


class _StrictResolver(yaml.resolver.Resolver):
    """YAML 1.1's implicit types without its surprises: no yes/no/on/off booleans, no timestamps, no merge keys."""

    yaml_implicit_resolvers = _strict_resolvers()


_RESOLVER = _StrictResolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_PLAIN = (True, False)


def _typed(tag: str, value: str, line: int, problems: list[Problem], source: str) -> Any:
    """A scalar as the typed rule reads it, for a resolved or explicit standard tag."""
    if tag == _STD + "str":
        return value
    if tag == _STD + "null":
        return None
    construct = _CONSTRUCTOR.yaml_constructors[tag]
    try:
        return construct(_CONSTRUCTOR, ScalarNode(tag, value))
    except (ValueError, KeyError):
        problems.append(Problem(f"{show(value)} is not a valid !!{tag[len(_STD):]}", source, line))
        return value


def _refused_tag(tag: str | None) -> str:
    shown = "!!" + tag[len(_STD):] if tag is not None and tag.startswith(_STD) else tag
    return f"refused: the tag {shown}; only plain data (mappings, lists, strings, numbers) is allowed"


class _Frame:
    __slots__ = ("container", "key", "seen", "text")

    def __init__(self, container: Any, text: bool) -> None:
        self.container = container
        self.key: Any = _NO_KEY
        self.seen: dict[Any, int] = {}
        #: For a list: its scalar items are text (it is the value of a text key).
        self.text = text


_NO_KEY = object()
_BAD_KEY = object()


def _parse(text: str, source: str, typed: bool, text_keys: Collection[str]) -> tuple[Any, list[Problem]]:
    """Parse YAML text by the strict rules into located plain data; never raises."""
    problems: list[Problem] = []
    roots: list[Any] = []
    stack: list[_Frame] = []
    documents = 0

    def put(value: Any, line: int) -> None:
        if not stack:
            roots.append(value)
            return
        frame = stack[-1]
        container = frame.container
        if type(container) is LocatedList:
            container.append(value)
            container.lines.append(line)
        elif frame.key is _NO_KEY:
            if isinstance(value, (dict, list)):
                what = "list" if isinstance(value, list) else "mapping"
                problems.append(Problem(f"a mapping key must be a plain value, got a {what}", source, line))
                frame.key = _BAD_KEY
            elif value in frame.seen:
                problems.append(
                    Problem(
                        f"duplicate key {value!r} in one mapping (first at line {frame.seen[value]}); "
                        "remove one of them",
                        source,
                        line,
                    )
                )
                frame.key = _BAD_KEY
            else:
                frame.seen[value] = line
                frame.key = value
        else:
            if frame.key is not _BAD_KEY:
                container[frame.key] = value
            frame.key = _NO_KEY

    def text_value() -> bool:
        """True if the next scalar is the value, or an item of the list value, of a text key."""
        if not stack:
            return False
        frame = stack[-1]
        if type(frame.container) is LocatedList:
            return frame.text
        return frame.key is not _NO_KEY and frame.key in text_keys

    def scalar(event: Any, line: int) -> Any:
        tag, value = event.tag, event.value
        if tag not in _SCALAR_TAGS:
            raise _Refused(line, _refused_tag(tag))
        plain = tag is None and event.implicit[0]
        if text_value():
            if typed or not ((plain and value in _NULLS) or tag == _STD + "null"):
                if tag == _STD + "bool" and not typed and value in _BOOLS:
                    return _BOOLS[value]
                return LocatedStr(value, line)
            return None
        if typed:
            if plain:
                tag = _RESOLVER.resolve(ScalarNode, value, _PLAIN)
            elif tag in (None, "!"):
                return value
            return _typed(tag, value, line, problems, source)
        if tag in (None, "!"):
            if not plain:
                return value
            if value in _NULLS:
                return None
            return _BOOLS.get(value, value)
        if tag == _STD + "null":
            return None
        if tag == _STD + "bool" and value in _BOOLS:
            return _BOOLS[value]
        return value

    events: Iterator[Any] = yaml.parse(text, Loader=_EventLoader)
    try:
        for event in events:
            line = event.start_mark.line + 1 if event.start_mark is not None else 0
            if isinstance(event, yaml.ScalarEvent):
                put(scalar(event, line), line)
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                if event.tag not in _COLLECTION_TAGS:
                    raise _Refused(line, _refused_tag(event.tag))
                if len(stack) >= MAX_DEPTH:
                    raise _Refused(line, f"nesting deeper than {MAX_DEPTH} levels")
                container: Any
                is_text = False
                if isinstance(event, yaml.MappingStartEvent):
                    container = LocatedDict()
                else:
                    is_text = bool(stack) and type(stack[-1].container) is LocatedDict and text_value()
                    container = LocatedList()
                container.line = line
                put(container, line)
                stack.append(_Frame(container, is_text))
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                stack.pop()
            elif isinstance(event, yaml.AliasEvent):
                raise _Refused(line, "anchors and aliases (&name, *name) are not supported: write the value out in full")
            elif isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise _Refused(line, "expected a single YAML document, found another one (---)")
    except _Refused as exc:
        return None, [*problems, Problem(exc.message, source, exc.line)]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        what = getattr(exc, "problem", None) or str(exc)
        context = getattr(exc, "context", None)
        message = f"not valid YAML: {what}" + (f" ({context})" if context else "")
        return None, [*problems, Problem(message, source, mark.line + 1 if mark else None)]
    finally:
        close = getattr(events, "close", None)
        if close is not None:
            close()
    return (roots[0] if roots else None), problems


def decode_text(raw: bytes, source: str) -> tuple[str | None, list[Problem]]:
    r"""The text of a file's bytes: UTF-8, a leading byte-order mark dropped.

    Returns ``(text, [])``, or ``(None, [problem])`` locating the first byte
    that is not UTF-8.

    >>> decode_text(b"\xef\xbb\xbfname: Acme\n", "x.yaml")
    ('name: Acme\n', [])
    >>> text, problems = decode_text(b"name: Z\xfcrich\n", "x.yaml")
    >>> text, str(problems[0])
    (None, 'x.yaml:1: not UTF-8 text (byte 0xfc at offset 7); save the file as UTF-8')
    """
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


def read_yaml(
    path: Path | str,
    text: str | None = None,
    *,
    scalars: ScalarRule = "typed",
    text_keys: Collection[str] = TEXT_KEYS,
    expected: str = "a mapping with ecosystem, focal, firms, ...",
) -> tuple[Any, list[Problem]]:
    """Parse a YAML file by the strict rules (see the module docs); return ``(document, problems)``.

    Parameters
    ----------
    path : Path or str
        The file; with ``text``, only its name (for messages).
    text : str, optional
        The file's content, already decoded (see :func:`decode_text`).
    scalars : {"typed", "text"}
        How scalars are read (see the module docs).
    text_keys : collection of str
        Keys whose scalar values, and the scalar items of whose list values,
        are kept as the text typed (as :class:`LocatedStr`).
    expected : str
        What the file should hold, for the message about an empty file.

    Returns
    -------
    tuple of (object, list of Problem)
        The document, ``None`` when the file is empty, holds no document or
        could not be parsed at all.  Mappings are :class:`LocatedDict`, lists
        :class:`LocatedList` (with the line of every item), text-key strings
        :class:`LocatedStr`.  The problems are every one found (repeated
        keys) or the one that stopped the parse.

    Examples
    --------
    >>> doc, problems = read_yaml("x.yaml", text="focal: acme\\nfirms:\\n  - {id: NO, name: Norway AS, size: 12}\\n")
    >>> doc["firms"][0]["id"], doc["firms"][0].line, doc["firms"][0]["size"], problems
    ('NO', 3, 12, [])
    >>> doc, _ = read_yaml("l.yml", text="items:\\n  - name: 2048\\n    joined: 2016\\n    open: true\\n", scalars="text",
    ...                    text_keys={"name"})
    >>> doc["items"][0], doc["items"].lines
    ({'name': '2048', 'joined': '2016', 'open': True}, [2])
    >>> read_yaml("a.yaml", text="a: &x 1\\nb: *x\\n")[1][0].message
    'anchors and aliases (&name, *name) are not supported: write the value out in full'
    """
    source = str(path)
    if text is None:
        text, problems = decode_text(Path(path).read_bytes(), source)
        if text is None:
            return None, problems
    if not text.strip():
        return None, [Problem(f"the file is empty; expected {expected}", source)]
    return _parse(text, source, scalars == "typed", text_keys)


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
        text, undecodable = decode_text(Path(path).read_bytes(), source)
        if text is None:
            return None, undecodable
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
            obj, end = json.decoder.JSONObject(s_and_end, *args, **kwargs)  # type: ignore[attr-defined]
            obj.line = bisect.bisect_left(newlines, start - 1) + 1
            for key in getattr(obj, "duplicates", ()):
                problems.append(Problem(f"duplicate key {key!r} in one object; remove one of them", source, obj.line))
            return obj, end

        decoder.parse_object = parse_object  # type: ignore[attr-defined]
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
_Dumper.add_representer(LocatedList, yaml.representer.SafeRepresenter.represent_list)


def dump_yaml(document: dict[str, Any]) -> str:
    """A YAML text of a document; strings that YAML 1.1 would misread are quoted."""
    return str(yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100))


def dump_json(document: dict[str, Any]) -> str:
    """A JSON text of a document (2-space indent, UTF-8, no NaN)."""
    return json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
