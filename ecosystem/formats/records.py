"""Rendering records as an aligned table (for people), JSON or CSV (for pipes)."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["OUTPUT_FORMATS", "as_plain", "figure", "render_json", "render_records"]

#: The values of every command's ``--format`` option.
OUTPUT_FORMATS = ("table", "json", "csv")


def as_plain(value: Any) -> Any:
    """Dataclasses, tuples and enums turned into JSON-ready dicts, lists and strings."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: as_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): as_plain(v) for k, v in value.items()}
    if isinstance(value, Sequence) and not isinstance(value, (str, bytes)):
        return [as_plain(v) for v in value]
    if hasattr(value, "value") and type(value).__module__.startswith("ecosystem"):
        return value.value
    return value


def figure(value: Any) -> str:
    """One value as the tables print it (floats to 3 decimals, no trailing zeros); the pages use it too.

    >>> figure(0.729665), figure(105.2), figure(3), figure(None), figure(True)
    ('0.73', '105.2', '3', '', 'yes')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        text = f"{value:.3f}".rstrip("0").rstrip(".")
        return text if text not in ("-0", "") else "0"
    return str(value)


def _cell(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, Mapping):
        return ", ".join(f"{k}={_cell(v)}" for k, v in value.items())
    return figure(value)


def render_json(value: Any) -> str:
    """One value (a dataclass, mapping or list) as indented JSON text."""
    return json.dumps(as_plain(value), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def render_records(
    records: Sequence[Any], format: str = "table", columns: Sequence[str] | None = None, max_width: int = 60
) -> str:
    """Render records (dataclasses or mappings) in one of :data:`OUTPUT_FORMATS`.

    Table cells longer than ``max_width`` are cut with ``...``; JSON and CSV
    always hold the whole value.

    >>> print(render_records([{"id": "acme", "score": 0.5}, {"id": "cloud", "score": 1.0}]))
    id     score
    -----  -----
    acme   0.5
    cloud  1
    >>> render_records([{"id": "acme", "score": 0.5}], "json")
    '[\\n  {\\n    "id": "acme",\\n    "score": 0.5\\n  }\\n]\\n'
    """
    rows = [as_plain(r) for r in records]
    if columns is None:
        seen: dict[str, None] = {}
        for row in rows:
            seen.update(dict.fromkeys(row))
        columns = list(seen)
    if format == "json":
        return render_json(rows)
    if format == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow(
                [
                    ";".join(_cell(v) for v in row.get(c)) if isinstance(row.get(c), list) else _cell(row.get(c))
                    for c in columns
                ]
            )
        return buffer.getvalue()
    if format != "table":
        raise ValueError(f"unknown format {format!r}; expected one of {', '.join(OUTPUT_FORMATS)}")
    table = [[str(c) for c in columns]] + [[_clip(_cell(row.get(c)), max_width) for c in columns] for row in rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(columns))]
    lines = [table[0], ["-" * w for w in widths], *table[1:]]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(line, widths)).rstrip() for line in lines) + "\n"
