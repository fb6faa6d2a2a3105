"""Values that remember where they were read from.

The file readers (:mod:`ecosystem.formats.documents` and the importers built
on it) return plain Python data whose mappings, lists and id strings carry
the 1-based line they started on, so that the builder
(:mod:`ecosystem.model.building`) can say where each problem is.  They are
ordinary ``dict``, ``list`` and ``str`` values in every other respect.
"""

from __future__ import annotations

from typing import Any

__all__ = ["LocatedDict", "LocatedList", "LocatedStr", "line_of", "line_at"]


class LocatedDict(dict[Any, Any]):
    """A dict that remembers the line it started on (``line``, 1-based)."""

    line: int | None = None


class LocatedList(list[Any]):
    """A list that remembers the line it started on (``line``) and the line of each item (``lines``)."""

    line: int | None = None
    lines: list[int]

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.lines = []


class LocatedStr(str):
    """A str that remembers the line it was read from (``line``, 1-based).

    >>> name = LocatedStr("Acme", 3)
    >>> name == "Acme", name.line
    (True, 3)
    """

    line: int | None = None

    def __new__(cls, value: str, line: int | None) -> LocatedStr:
        obj = super().__new__(cls, value)
        obj.line = line
        return obj


def line_of(value: Any, default: int | None = None) -> int | None:
    """The line a value was read from, if known, else ``default``.

    >>> line_of(LocatedStr("acme", 7)), line_of("acme", 1), line_of(42)
    (7, 1, None)
    """
    line = getattr(value, "line", None)
    return line if isinstance(line, int) else default


def line_at(values: Any, index: int, default: int | None = None) -> int | None:
    """The line of item ``index`` of a list read from a file, if known, else ``default``.

    >>> items = LocatedList(["a", "b"]); items.lines = [4, 6]
    >>> line_at(items, 1), line_at(["a", "b"], 1, 2)
    (6, 2)
    """
    lines = getattr(values, "lines", None)
    if isinstance(lines, list) and 0 <= index < len(lines):
        return int(lines[index])
    return default
