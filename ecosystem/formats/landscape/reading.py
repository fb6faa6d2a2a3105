"""Strict reading of landscape YAML files (``landscape.yml``, ``settings.yml``, ``config.yml``).

The files are read with libyaml's event parser when available (a 1.1 MB
landscape parses in well under a second), strictly: only plain data (no
``!!python`` tags), no aliases, at most
:data:`~ecosystem.formats.documents.MAX_DEPTH` levels, one document, no
repeated keys.  Plain scalars other than ``null``/``~``/empty and
``true``/``false`` are kept as the text typed (``name: 2048`` is the name
``"2048"``, dates stay text).  Mappings remember the line they start on
(``line``) and the line of each key (``key_lines``); lists remember the line
of each entry (``lines``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from ...model.errors import Problem, SourceError
from ..documents import MAX_DEPTH, LocatedDict, line_of

__all__ = ["LocatedList", "key_line", "line_at", "parse_yaml", "read_text"]

_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_STD = "tag:yaml.org,2002:"
_OK_SCALAR_TAGS = {None, "!", _STD + "str", _STD + "null", _STD + "bool", _STD + "int", _STD + "float"}
_OK_COLLECTION_TAGS = {None, "!", _STD + "map", _STD + "seq"}
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}


class _Refused(Exception):
    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


class LocatedList(list):
    """A list that remembers the line of each of its items (``lines``)."""

    lines: list[int]


def line_at(values: Any, index: int, default: int | None) -> int | None:
    """The line of entry ``index`` of a list read by :func:`parse_yaml`, else ``default``."""
    lines = getattr(values, "lines", None)
    return lines[index] if lines is not None and index < len(lines) else default


def key_line(mapping: Any, key: Any) -> int | None:
    """The line of ``key`` in a mapping read by :func:`parse_yaml`, else the mapping's own line."""
    lines = getattr(mapping, "key_lines", None)
    if lines is not None and key in lines:
        return int(lines[key])
    return line_of(mapping)


_NO_KEY = object()
_BAD_KEY = object()


class _Frame:
    __slots__ = ("container", "key", "seen")

    def __init__(self, container: Any) -> None:
        self.container = container
        self.key: Any = _NO_KEY
        self.seen: dict[Any, int | None] = {}


def _scalar(event: Any, text_value: bool) -> Any:
    line = event.start_mark.line + 1
    tag, value = event.tag, event.value
    if tag not in _OK_SCALAR_TAGS:
        raise _Refused(line, f"refused: the tag {tag}; only plain data (mappings, lists, strings, numbers) is allowed")
    if tag in (None, "!"):
        if not event.implicit[0]:  # quoted or block scalar: always text
            return value
        if value in _NULLS:
            return None
        if text_value:
            return value
        return _BOOLS.get(value, value)
    if tag == _STD + "null":
        return None
    if tag == _STD + "bool" and value in _BOOLS:
        return _BOOLS[value]
    return value


def _in_text_value(stack: list[_Frame], text_keys: frozenset[str]) -> bool:
    """True if the next scalar is the value (or a list item of the value) of a text key."""
    if not stack:
        return False
    frame = stack[-1]
    if type(frame.container) is LocatedList:
        return len(stack) >= 2 and stack[-2].key in text_keys
    return frame.key in text_keys


def parse_yaml(text: str, source: str, text_keys: frozenset[str] = frozenset()) -> tuple[Any, list[Problem]]:
    """Parse YAML text into plain data with located mappings and lists; never raises.

    Parameters
    ----------
    text : str
        The YAML text.
    source : str
        The file name the problems name.
    text_keys : frozenset of str
        Keys whose plain values stay text even when they read ``true``/``false``.

    Returns
    -------
    tuple of (object, list of Problem)
        The document (``None`` if it could not be read at all) and the problems.

    Examples
    --------
    >>> doc, problems = parse_yaml("a:\\n  b: 2048\\n  c: [x, y]\\n", "demo.yml")
    >>> doc, doc["a"].line, key_line(doc["a"], "c"), doc["a"]["c"].lines, problems
    ({'a': {'b': '2048', 'c': ['x', 'y']}}, 2, 3, [3, 3], [])
    """
    problems: list[Problem] = []
    roots: list[Any] = []
    stack: list[_Frame] = []
    documents = 0

    def put(value: Any, line: int) -> None:
        if not stack:
            roots.append(value)
            return
        frame = stack[-1]
        if type(frame.container) is LocatedList:
            frame.container.append(value)
            frame.container.lines.append(line)
        elif frame.key is _NO_KEY:
            if isinstance(value, (dict, list)):
                what = "list" if isinstance(value, list) else "mapping"
                problems.append(Problem(f"a mapping key must be a plain value, got a {what}", source, line))
                frame.key = _BAD_KEY
            elif value in frame.seen:
                first = frame.seen[value]
                problems.append(
                    Problem(
                        f"duplicate key {value!r} in one mapping (first at line {first}); remove one of them",
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
                frame.container[frame.key] = value
            frame.key = _NO_KEY

    events: Iterator[Any] = yaml.parse(text, Loader=_Loader)
    try:
        for event in events:
            line = event.start_mark.line + 1 if event.start_mark is not None else None
            if isinstance(event, yaml.ScalarEvent):
                put(_scalar(event, _in_text_value(stack, text_keys)), line or 0)
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                if event.tag not in _OK_COLLECTION_TAGS:
                    raise _Refused(line, f"refused: the tag {event.tag}; only plain data is allowed")
                if len(stack) >= MAX_DEPTH:
                    raise _Refused(line, f"nesting deeper than {MAX_DEPTH} levels")
                container: Any
                if isinstance(event, yaml.MappingStartEvent):
                    container = LocatedDict()
                    container.line = line
                else:
                    container = LocatedList()
                    container.lines = []
                put(container, line or 0)
                frame = _Frame(container)
                if isinstance(container, LocatedDict):
                    container.key_lines = frame.seen  # type: ignore[attr-defined]
                stack.append(frame)
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                stack.pop()
            elif isinstance(event, yaml.AliasEvent):
                raise _Refused(
                    line, "anchors and aliases (&name, *name) are not supported: write the value out in full"
                )
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
    except RecursionError:  # pragma: no cover - the depth limit comes first
        return None, [*problems, Problem("the YAML is nested too deeply", source)]
    finally:
        close = getattr(events, "close", None)
        if close is not None:
            close()
    return (roots[0] if roots else None), problems


def read_text(path: Path, source: str, what: str) -> tuple[str | None, list[Problem]]:
    """The UTF-8 text of a file (a leading BOM dropped), or ``None`` and the problem.

    Raises :class:`~ecosystem.model.errors.SourceError` if the file cannot be
    read at all; ``what`` names the file expected (``"a landscape.yml file"``).
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SourceError(f"{source}: no such file") from None
    except IsADirectoryError:
        raise SourceError(f"{source} is a folder, not {what}") from None
    except OSError as exc:
        raise SourceError(f"{source}: cannot be read ({exc.strerror or exc})") from None
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
