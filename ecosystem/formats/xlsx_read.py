"""Reading an Excel workbook into an ecosystem (the layout is in :mod:`ecosystem.formats.xlsx`).

The cells and what the workbook's XML says besides come from
:mod:`ecosystem.formats.xlsx_package`; the model's rules are checked by
:class:`~ecosystem.model.building.EcosystemBuilder`, so messages match the
other formats; every problem is reported with its sheet, row and column.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model.building import EcosystemBuilder
from ..model.errors import InvalidEcosystemError, Problem
from ..model.graph import Ecosystem, NodeType, RelType
from .csv_folder import decode_cell
from .xlsx import (
    CONNECTION_COLUMNS,
    CONNECTIONS,
    ELEMENTS,
    META,
    META_COLUMNS,
    NODE_COLUMNS,
    TEXT_COLUMNS,
    TYPE_SHEET_COLUMNS,
    TYPE_SHEETS,
    column_letter,
    iso_text,
    number_text,
    number_value,
)
from .xlsx_package import Workbook, open_workbook

__all__ = ["read_xlsx"]

Progress = Callable[[int], None]

_LINE = re.compile(r"\bline (\d+)")
_NEEDS = re.compile(r"\bneeds (.+?) \(")
_RESERVED = re.compile(r"'([^']*)' is a reserved name")
#: Row numbers reach 1,048,576 (2**20): a builder line is (sheet number + 1) * 2**21 + row.
_ROWS = 1 << 21
_MISSING = object()


# -- the rows: header, cells, problems located -----------------------------------------
@dataclass
class _Sheet:
    """A sheet being read: its number (for builder lines), its columns by key."""

    number: int
    name: str
    columns: dict[str, int] = field(default_factory=dict)


class _Reader:
    def __init__(self, book: Workbook, progress: Progress | None) -> None:
        self.book = book
        self.source = book.source
        self.progress = progress
        self.count = 0
        self.builder = EcosystemBuilder(self.source)
        self.sheets: list[_Sheet] = []
        self.located: list[tuple[tuple[int, int, int], Problem]] = []
        self.names: dict[str, list[str]] = {}

    # -- where --------------------------------------------------------------------
    def sheet(self, name: str) -> _Sheet:
        sheet = _Sheet(self.book.sheet_names.index(name) if name in self.book.sheet_names else len(self.sheets), name)
        self.sheets.append(sheet)
        return sheet

    def line(self, sheet: _Sheet, row: int) -> int:
        return (sheet.number + 1) * _ROWS + row

    def problem(self, message: str, sheet: _Sheet | None = None, row: int = 0, column: int | None = None) -> None:
        if sheet is None:
            self.located.append(((-1, 0, 0), Problem(message, self.source)))
            return
        where = f"{sheet.name}!{column_letter(column)}{row}" if column is not None else f"{sheet.name} row {row}"
        self.located.append(((sheet.number, row, -1 if column is None else column), Problem(message, f"{self.source}: {where}")))

    def relocate(self, problem: Problem) -> None:
        """Turn a builder problem (its line is sheet * 2**21 + row) into one at a sheet, row and column."""
        if problem.line is None or problem.line < _ROWS:
            self.located.append(((-1, 0, 0), Problem(problem.message, self.source)))
            return
        sheet = next(s for s in self.sheets if s.number == problem.line // _ROWS - 1)
        message = _LINE.sub(self._row_text, problem.message)
        self.problem(message, sheet, problem.line % _ROWS, _column_of(problem.message, sheet.columns))

    def _row_text(self, match: re.Match[str]) -> str:
        line = int(match.group(1))
        sheet = next((s for s in self.sheets if s.number == line // _ROWS - 1), None)
        return f"{sheet.name} row {line % _ROWS}" if sheet and line >= _ROWS else match.group()

    # -- a table ------------------------------------------------------------------
    def table(self, sheet: _Sheet, required: tuple[str, ...], fixed: tuple[str, ...]) -> Iterator[tuple[int, dict[str, Any]]]:
        """The sheet's rows as records keyed by header, every cell converted; problems recorded."""
        rows = self.book.rows(sheet.name)
        scan = self.book.scan(sheet.name)
        for row, column in scan.formulas:
            self.problem(
                "holds a formula: values must be typed, formulas are not evaluated "
                "(copy the cells and Paste Special > Values)", sheet, row, column,
            )
        for row, column, text in scan.errors:
            self.problem(f"holds the error value {text}: type a value instead", sheet, row, column)
        for (r0, c0), (r1, c1) in self.book.merged(sheet.name):
            span = f"{column_letter(c0)}{r0 + 1}:{column_letter(c1)}{r1 + 1}"
            self.problem(f"merged cells {span}: unmerge them and give every cell its own value", sheet, r0 + 1, c0)
        if not rows or not any(_present(v) for v in rows[0]):
            empty = not any(_present(v) for cells in rows for v in cells)
            what = "the sheet is empty" if empty else "row 1 is empty"
            self.problem(f"{what}; row 1 must be the header: {', '.join(required)}, ...", sheet, 1)
            return
        keys = self.header(sheet, rows[0], required, fixed)
        if keys is None:
            return
        named = [(column, key, key in TEXT_COLUMNS) for column, key in enumerate(keys) if key is not None]
        unnamed = {column for column, key in enumerate(keys) if key is None}
        decimals = scan.decimals
        for row_number, cells in enumerate(rows[1:], 2):
            self.count += 1
            if self.progress and self.count % 10000 == 0:
                self.progress(self.count)
            record: dict[str, Any] = {}
            complete = True
            for column, key, is_text in named:  # the common cells inline, the rest through cell()
                value: Any = cells[column] if column < len(cells) else ""
                kind = type(value)
                if kind is str:
                    if value:
                        record[key] = value if is_text else decode_cell(value)
                    continue
                if kind is float and not is_text:
                    record[key] = number_value(value, (row_number, column) in decimals)
                    continue
                if value is None:
                    continue
                converted = self.cell(key, value, (row_number, column) in decimals, sheet, row_number, column)
                if converted is _MISSING:
                    complete = False
                else:
                    record[key] = converted
            for column in list(unnamed):  # calamine gives every row the header's width
                if column < len(cells) and _present(cells[column]):
                    unnamed.discard(column)  # reported once
                    self.problem("this column has values but no name in row 1", sheet, 1, column)
            if record and complete:  # a row with a cell refused is reported once, not again by the builder
                yield row_number, record

    def header(
        self, sheet: _Sheet, cells: list[Any], required: tuple[str, ...], fixed: tuple[str, ...]
    ) -> list[str | None] | None:
        texts: list[str] = []
        for column, value in enumerate(cells):
            if isinstance(value, str):
                texts.append(value.strip())
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                texts.append(number_text(value))
            else:
                self.problem(f"a column name must be text, got {value!r}", sheet, 1, column)
                texts.append("")
        exact = {t for t in texts if t in fixed}
        keys: list[str | None] = []
        seen: dict[str, int] = {}
        for column, text in enumerate(texts):
            key = text
            if text not in fixed and text.casefold() in fixed and text.casefold() not in exact:
                key = text.casefold()
            if key == "":
                keys.append(None)
                continue
            if key in seen:
                self.problem(f"column {text!r} repeats column {column_letter(seen[key])}", sheet, 1, column)
                keys.append(None)
                continue
            if key.startswith("_"):
                self.problem(f"column name {key!r} is reserved", sheet, 1, column)
                keys.append(None)
                continue
            seen[key] = column
            keys.append(key)
        sheet.columns = dict(seen)
        missing = [c for c in required if c not in seen]
        if missing:
            self.problem(
                f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}; row 1 must name "
                f"{', '.join(required)} (then any other columns), got {', '.join(t for t in texts if t) or 'nothing'}",
                sheet, 1,
            )
            return None
        return keys

    def cell(self, key: str, value: Any, decimal: bool, sheet: _Sheet, row: int, column: int) -> Any:
        """A cell's value by the rules of the module docs, or _MISSING after recording a problem."""
        if key in TEXT_COLUMNS:
            if isinstance(value, str):
                return value
            if isinstance(value, bool):
                self.problem(f"{key} must be text, got the boolean {str(value).upper()}", sheet, row, column)
            elif isinstance(value, (int, float)):
                return number_text(value)
            elif isinstance(value, (dt.date, dt.time, dt.timedelta)):
                self.problem(
                    f"{key} is a date or time ({_shown(value)}): Excel turned the text into a date; "
                    "format the column as Text and type it again", sheet, row, column,
                )
            else:
                self.problem(f"{key} must be text, got {value!r}", sheet, row, column)
            return _MISSING
        if isinstance(value, str):
            return decode_cell(value)
        if isinstance(value, bool):
            return value
        if isinstance(value, (int, float)):
            return number_value(value, decimal)
        if isinstance(value, (dt.date, dt.time)):
            return iso_text(value)
        self.problem(f"{key} holds {_shown(value)}, which is not a value an ecosystem keeps", sheet, row, column)
        return _MISSING

    # -- references ---------------------------------------------------------------------
    def index_names(self) -> None:
        names: dict[str, list[str]] = defaultdict(list)
        for node_id, data in self.builder.eco.node_data.items():
            names[data["name"]].append(node_id)
        self.names = names

    def resolve(self, key: str, text: Any, sheet: _Sheet, row: int) -> list[Any]:
        """The node ids a from/to cell names: an id, a unique name, or several joined by |."""
        if not isinstance(text, str):
            return [text]
        found = self._one(key, text, sheet, row)
        if found is not None:
            return found
        if "|" in text:
            parts = [part.strip() for part in text.split("|") if part.strip()]
            return [node for part in parts for node in (self._one(key, part, sheet, row) or [part])]
        return [text]

    def _one(self, key: str, text: str, sheet: _Sheet, row: int) -> list[str] | None:
        if text in self.builder.eco.node_data:
            return [text]
        ids = self.names.get(text)
        if not ids:
            return None
        if len(ids) > 1:
            shown = ", ".join(repr(i) for i in ids[:5]) + (", ..." if len(ids) > 5 else "")
            self.problem(
                f"{key} {text!r} is the name of {len(ids)} nodes ({shown}): use the id of the one you mean",
                sheet, row, sheet.columns.get(key),
            )
            return []
        return ids

    # -- the workbook -------------------------------------------------------------------
    def read(self) -> Ecosystem:
        found = {name.strip().casefold(): name for name in reversed(self.book.sheet_names)}
        type_sheets = {plural.casefold(): kind for plural, kind in TYPE_SHEETS.items()}
        element_sheets = [
            name for name in self.book.sheet_names
            if name.strip().casefold() == ELEMENTS.casefold() or name.strip().casefold() in type_sheets
        ]
        connections = found.get(CONNECTIONS.casefold())
        meta = found.get(META.casefold())
        listed = ", ".join(repr(n) for n in self.book.sheet_names) or "none"
        if not element_sheets:
            self.problem(
                f"no {ELEMENTS} sheet (nor {', '.join(TYPE_SHEETS)} sheets) for the nodes: name a sheet {ELEMENTS} "
                f"with columns {', '.join(NODE_COLUMNS)}{_suggest(ELEMENTS, self.book.sheet_names)}; sheets found: {listed}"
            )
        if connections is None:
            self.problem(
                f"no {CONNECTIONS} sheet for the relationships: name a sheet {CONNECTIONS} with columns "
                f"{', '.join(CONNECTION_COLUMNS)} (leave it empty below the header if there are none)"
                f"{_suggest(CONNECTIONS, self.book.sheet_names)}; sheets found: {listed}"
            )
        name: Any = Path(self.source).stem
        focal: Any = None
        meta_sheet: _Sheet | None = None
        meta_row = 0
        if meta is not None:
            meta_sheet = self.sheet(meta)
            records = list(self.table(meta_sheet, META_COLUMNS, META_COLUMNS))
            if len(records) > 1:
                self.problem(f"expected one row (name, focal), found {len(records)}", meta_sheet, records[1][0])
            if records:
                meta_row, record = records[0]
                name = record.get("name", name)
                focal = record.get("focal")
        for sheet_name in element_sheets:
            kind = type_sheets.get(sheet_name.strip().casefold())
            sheet = self.sheet(sheet_name)
            if kind is None:
                rows = self.table(sheet, NODE_COLUMNS, NODE_COLUMNS)
            else:
                rows = self.table(sheet, TYPE_SHEET_COLUMNS, NODE_COLUMNS)
            for row, record in rows:
                self.builder.add_node(record, kind, self.line(sheet, row), self.source)
        self.index_names()
        if connections is not None:
            self.connections(self.sheet(connections))
        if self.progress:
            self.progress(self.count)
        return self.finish(name, focal, meta_sheet, meta_row)

    def connections(self, sheet: _Sheet) -> None:
        for row, record in self.table(sheet, CONNECTION_COLUMNS, CONNECTION_COLUMNS):
            sources = self.resolve("from", record.get("from"), sheet, row) if "from" in record else [None]
            targets = self.resolve("to", record.get("to"), sheet, row) if "to" in record else [None]
            props = {k: v for k, v in record.items() if k not in ("from", "to")}
            for source in sources:
                for target in targets:
                    fields = {**props}
                    if source is not None:
                        fields["from"] = source
                    if target is not None:
                        fields["to"] = target
                    self.builder.add_relationship(fields, self.line(sheet, row), self.source)

    def finish(self, name: Any, focal: Any, meta_sheet: _Sheet | None, meta_row: int) -> Ecosystem:
        focal_line = self.line(meta_sheet, meta_row) if meta_sheet is not None and meta_row else None
        dropped = ""
        if isinstance(focal, str):
            ids = self._one("focal", focal, meta_sheet, meta_row) if meta_sheet else None
            focal = ids[0] if ids else focal
        elif focal is None and meta_sheet is None:
            firms = self.builder.eco.ids(NodeType.FIRM)
            if len(firms) == 1:
                focal = firms[0]
            elif len(firms) > 1 or not (self.located or self.builder.problems):  # else: the nodes are unread
                self.problem(
                    f"{len(firms)} firms and no {META} sheet: add a sheet {META} with columns name, focal "
                    "naming the focal firm"
                )
            dropped = "no focal firm"
        try:
            eco = self.builder.finish(name, focal, focal_line)
        except InvalidEcosystemError as error:
            for problem in error.problems:
                if not (dropped and problem.message.startswith(dropped)):
                    self.relocate(problem)
            eco = None
        if self.located:
            ordered = [p for _, p in sorted(self.located, key=lambda item: item[0])]
            raise InvalidEcosystemError(ordered, self.source)
        assert eco is not None
        return eco


def _present(value: Any) -> bool:
    return value is not None and value != ""


def _shown(value: Any) -> str:
    if isinstance(value, (dt.date, dt.time)):
        return iso_text(value)
    if isinstance(value, dt.timedelta):
        return f"a duration of {value}"
    return repr(value)


def _suggest(word: str, names: list[str]) -> str:
    close = difflib.get_close_matches(word.casefold(), [n.casefold() for n in names], n=1, cutoff=0.7)
    if not close:
        return ""
    actual = next(n for n in names if n.casefold() == close[0])
    return f" (is {actual!r} meant to be {word!r}?)"


def _column_of(message: str, columns: dict[str, int]) -> int | None:
    """The column a builder message is about (by the words it starts with), or None for the whole row."""
    text = message
    first = text.split(" ", 1)[0]
    if first in RelType.__members__ and " " in text:
        text = text.split(" ", 1)[1]
    for prefix, key in (
        ("node type", "type"), ("unknown node type", "type"), ("relationship type", "type"), ("type ", "type"),
        ("node has no id", "id"), ("duplicate id", "id"), ("id ", "id"), ("name ", "name"),
        ("relationship has no from", "from"), ("relationship has no to", "to"),
        ("from ", "from"), ("to ", "to"), ("focal ", "focal"), ("ecosystem name", "name"),
    ):
        if text.startswith(prefix):
            return columns.get(key)
    for pattern in (_RESERVED, _NEEDS):
        match = pattern.search(text)
        if match and match.group(1) in columns:
            return columns[match.group(1)]
    best = max(
        (key for key in columns if text.startswith(key) and text[len(key):len(key) + 1] in (" ", "[", ".")),
        key=len,
        default=None,
    )
    return columns[best] if best is not None else None


def read_xlsx(path: Path | str, progress: Progress | None = None) -> Ecosystem:
    """Read an Excel workbook into an ecosystem, or raise with every problem found.

    ``progress`` is called now and then with the number of rows read so far.

    >>> import tempfile, pathlib
    >>> from ecosystem import Ecosystem
    >>> from ecosystem.formats.xlsx_write import write_xlsx
    >>> eco = Ecosystem("Demo", focal="acme")
    >>> _ = eco.add_node("acme", "firm", "Acme", founded=1999, rating=6.0)
    >>> path = write_xlsx(eco, pathlib.Path(tempfile.mkdtemp()) / "demo.xlsx")
    >>> read_xlsx(path) == eco, read_xlsx(path).node("acme").attributes
    (True, {'founded': 1999, 'rating': 6.0})
    """
    return _Reader(open_workbook(path), progress).read()
