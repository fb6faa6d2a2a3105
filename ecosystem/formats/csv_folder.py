"""The CSV form: a folder for spreadsheets.

A folder holds

``nodes.csv``
    ``id,type,name`` then one column per free attribute;
``relationships.csv``
    ``type,from,to`` then one column per property;
``ecosystem.csv`` (optional)
    ``name,focal`` and one row.  Without it the ecosystem is named after the
    folder and the focal firm is the only firm, if there is just one.

Cells: an empty cell means "no value".  ``id``, ``type``, ``name``, ``from``
and ``to`` are always text.  Any other cell holding a JSON number, ``true``,
``false``, ``null``, a JSON list ``[...]``, object ``{...}`` or quoted string
``"..."`` is read as that value; anything else is text.  The writer quotes
text that would otherwise be misread (the text ``42`` is written ``"42"``), so a round trip
loses nothing.

Files saved by Excel are read as they are: a UTF-8 byte-order mark is
skipped and a ``;`` separator is recognised from the header.  A file that is
not UTF-8 (Excel's "CSV" is Windows-1252) is reported with what to do.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ..model.building import EcosystemBuilder
from ..model.errors import InvalidEcosystemError, SourceError
from ..model.graph import Ecosystem, NodeType
from .atomic import replace_folder

__all__ = ["read_csv_folder", "write_csv_folder", "decode_cell", "encode_cell", "NODE_COLUMNS", "RELATIONSHIP_COLUMNS"]

NODE_COLUMNS = ("id", "type", "name")
RELATIONSHIP_COLUMNS = ("type", "from", "to")
META_COLUMNS = ("name", "focal")
_TEXT_COLUMNS = frozenset({"id", "type", "name", "from", "to"})
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?\Z")

Progress = Callable[[int], None]


def decode_cell(text: str) -> Any:
    """The value a CSV cell holds (see the module docs).

    >>> decode_cell("0.8"), decode_cell("true"), decode_cell("Acme"), decode_cell('"42"'), decode_cell("007")
    (0.8, True, 'Acme', '42', '007')
    """
    if text in ("true", "false", "null"):
        return json.loads(text)
    if _NUMBER.match(text):
        return json.loads(text)
    if text[:1] in ('[', '{', '"'):
        try:
            return json.loads(text, parse_constant=_no_constant)
        except ValueError:
            return text
    return text


def _no_constant(name: str) -> Any:
    raise ValueError(name)


def encode_cell(value: Any) -> str:
    """The CSV cell text for a value, such that :func:`decode_cell` gives it back.

    >>> encode_cell("42"), encode_cell(42), encode_cell("Acme"), encode_cell(["a", 1])
    ('"42"', '42', 'Acme', '["a", 1]')
    """
    if isinstance(value, str):
        if value == "" or decode_cell(value) != value:  # a number, boolean or JSON text read back otherwise
            return json.dumps(value, ensure_ascii=False)
        return value
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


class _CsvFile:
    """One CSV file read row by row, with problems located by row."""

    def __init__(self, path: Path, builder: EcosystemBuilder) -> None:
        self.path = path
        self.name = str(path)
        self.builder = builder
        self.header: list[str] = []
        self._line = 1

    def rows(self, required: tuple[str, ...], progress: Progress | None = None) -> Iterator[tuple[int, dict[str, str]]]:
        # Streamed: one row in memory at a time, whatever the file's size.
        handle = open(self.path, encoding="utf-8-sig", newline="")  # noqa: SIM115 - closed below
        try:
            yield from self._rows(handle, required, progress)
        except UnicodeDecodeError:
            line, byte = _first_bad_byte(self.path)
            self.builder.problem(
                f"not UTF-8 (byte {byte:#04x}; Excel's plain 'CSV' is Windows-1252): "
                "save it as 'CSV UTF-8 (Comma delimited)' or convert it to UTF-8",
                line,
                self.name,
            )
        finally:
            handle.close()

    def _rows(
        self, handle: io.TextIOWrapper, required: tuple[str, ...], progress: Progress | None
    ) -> Iterator[tuple[int, dict[str, str]]]:
        self._line = 1
        first_line = handle.readline()
        delimiter = ";" if ";" in first_line and "," not in first_line else ","
        reader = csv.reader(itertools.chain([first_line], handle), delimiter=delimiter, strict=True)
        try:
            header = next(reader, None)
        except csv.Error as exc:
            self.builder.problem(f"not valid CSV: {exc}", 1, self.name)
            return
        if not header or all(not cell.strip() for cell in header):
            self.builder.problem(f"the file is empty; expected a header {','.join(required)},...", 1, self.name)
            return
        header = [cell.strip() for cell in header]
        self.header = header
        missing = [c for c in required if c not in header]
        if missing:
            self.builder.problem(
                f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}; "
                f"the header must start with {','.join(required)}, got {','.join(header)}",
                1,
                self.name,
            )
            return
        seen: set[str] = set()
        for column in header:
            if column == "":
                self.builder.problem("a column has no name in the header", 1, self.name)
                return
            if column in seen:
                self.builder.problem(f"column {column!r} appears twice in the header", 1, self.name)
                return
            seen.add(column)
        count = 0
        try:
            for cells in reader:
                row = reader.line_num
                self._line = row + 1
                count += 1
                if progress and count % 10000 == 0:
                    progress(count)
                if not cells or all(c == "" for c in cells):
                    continue
                if len(cells) != len(header):
                    extra = cells[len(header):]
                    what = (
                        f"{len(cells)} cells but the header has {len(header)} columns"
                        + (f" (extra: {', '.join(repr(c) for c in extra[:3])})" if extra else "")
                    )
                    self.builder.problem(what, row, self.name)
                    continue
                yield row, dict(zip(header, cells))
        except csv.Error as exc:
            self.builder.problem(f"not valid CSV: {exc}", reader.line_num, self.name)
        if progress:
            progress(count)


def _first_bad_byte(path: Path) -> tuple[int, int]:
    """The line of the first byte that is not UTF-8, and that byte (read in chunks)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    line = 1
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                data = exc.object  # the undecoded tail of the previous chunk, then this chunk
                return line + data[: exc.start].count(b"\n"), data[exc.start]
            line += chunk.count(b"\n")
    return line, 0  # pragma: no cover - only called after a decoding error


def _record(cells: dict[str, str]) -> dict[str, Any]:
    record: dict[str, Any] = {}
    for key, text in cells.items():
        if text == "":
            continue
        record[key] = text if key in _TEXT_COLUMNS else decode_cell(text)
    return record


def read_csv_folder(folder: Path | str, progress: Progress | None = None) -> Ecosystem:
    """Read a CSV folder into an ecosystem, or raise with every problem found.

    ``progress`` is called now and then with the number of rows read so far.
    """
    folder = Path(folder)
    nodes_path, rels_path, meta_path = folder / "nodes.csv", folder / "relationships.csv", folder / "ecosystem.csv"
    if not nodes_path.is_file():
        raise SourceError(f"{folder} has no nodes.csv (a CSV ecosystem is a folder with nodes.csv and relationships.csv)")
    builder = EcosystemBuilder(str(folder))
    name: Any = folder.resolve().name
    focal: Any = None
    meta_line: int | None = None
    if meta_path.is_file():
        meta = _CsvFile(meta_path, builder)
        rows = list(meta.rows(META_COLUMNS))
        if len(rows) != 1 and meta.header:
            builder.problem(f"expected exactly one row (name,focal), found {len(rows)}", 2, str(meta_path))
        if rows:
            meta_line = rows[0][0]
            name = rows[0][1].get("name", "") or name
            focal = rows[0][1].get("focal") or None
    nodes = _CsvFile(nodes_path, builder)
    for row, cells in nodes.rows(NODE_COLUMNS, progress):
        record = _record(cells)
        record.setdefault("type", "")
        builder.add_node(record, None, row, str(nodes_path))
    if rels_path.is_file():
        rels = _CsvFile(rels_path, builder)
        for row, cells in rels.rows(RELATIONSHIP_COLUMNS, progress):
            builder.add_relationship(_record(cells), row, str(rels_path))
    if focal is None and not meta_path.is_file():
        firms = builder.eco.ids(NodeType.FIRM)
        if len(firms) == 1:
            focal = firms[0]
        elif not builder.problems:
            builder.problem(
                f"{len(firms)} firms and no ecosystem.csv: add ecosystem.csv with columns name,focal "
                "naming the focal firm",
                None,
                str(meta_path),
            )
            raise InvalidEcosystemError(builder.problems, str(folder))
    if focal is None and builder.problems:
        raise InvalidEcosystemError(builder.problems, str(folder))
    return builder.finish(name, focal, meta_line)


def _columns(base: tuple[str, ...], dicts: list[dict[str, Any]]) -> list[str]:
    columns: dict[str, None] = dict.fromkeys(base)
    for d in dicts:
        for key in d:
            columns.setdefault(key, None)
    return list(columns)


def csv_texts(eco: Ecosystem) -> dict[str, str]:
    """The three CSV files of an ecosystem, as texts keyed by file name."""
    nodes = [{"id": n.id, "type": n.type.value, "name": n.name, **n.attributes} for n in eco.nodes()]
    rels = [{"type": r.type.value, "from": r.source, "to": r.target, **r.properties} for r in eco.relationships()]
    out: dict[str, str] = {}
    for filename, base, rows in (("nodes.csv", NODE_COLUMNS, nodes), ("relationships.csv", RELATIONSHIP_COLUMNS, rels)):
        columns = _columns(base, rows)
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow(
                [
                    ("" if key not in row else str(row[key]) if key in _TEXT_COLUMNS else encode_cell(row[key]))
                    for key in columns
                ]
            )
        out[filename] = buffer.getvalue()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(META_COLUMNS)
    writer.writerow([eco.name, eco.focal or ""])
    out["ecosystem.csv"] = buffer.getvalue()
    return out


def write_csv_folder(eco: Ecosystem, folder: Path | str) -> None:
    """Write an ecosystem as a CSV folder, replacing the three files atomically."""
    replace_folder(Path(folder), csv_texts(eco))
