"""Writing an ecosystem as an Excel workbook (the layout is in :mod:`ecosystem.formats.xlsx`).

The workbook has an ``Elements``, a ``Connections`` and an ``Ecosystem``
sheet, each with a frozen, bold, shaded header row with a filter, columns
sized to their content, and drop-down lists for ``type`` (node types,
relationship types) and for the capabilities' ``kind``.  The same ecosystem
gives the same bytes: the workbook's created/modified times and the zip
entries' times are fixed.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from ..model.errors import SourceError
from ..model.graph import Ecosystem, NodeType
from .csv_folder import encode_cell
from .xlsx import (
    CONNECTION_COLUMNS,
    CONNECTIONS,
    ELEMENTS,
    EXACT_INTEGERS,
    KINDS,
    MAX_CELL_TEXT,
    META,
    META_COLUMNS,
    NODE_COLUMNS,
    NODE_TYPES,
    RELATIONSHIP_TYPES,
    TEXT_COLUMNS,
    column_letter,
    escape_text,
)

if TYPE_CHECKING:
    from openpyxl.workbook import Workbook
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

__all__ = ["write_xlsx", "xlsx_bytes", "WORKBOOK_TIME"]

#: The created/modified time every written workbook carries (so equal ecosystems give equal files).
WORKBOOK_TIME = dt.datetime(2000, 1, 1)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_HEADER_FILL = "DDEBF7"
_MAX_WIDTH = 60
_LAST_ROW = 1048576
#: Beyond this many separate runs of capability rows, ``kind`` gets one list for its whole column (as a warning).
_MAX_KIND_RANGES = 1000


class _FixedTimeZip(zipfile.ZipFile):
    """A zip whose entries all carry one fixed time and mode (openpyxl would stamp the current time)."""

    def writestr(  # type: ignore[override]
        self, zinfo_or_arcname: str | zipfile.ZipInfo, data: str | bytes, *args: Any, **kwargs: Any
    ) -> None:
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            info = zipfile.ZipInfo(zinfo_or_arcname, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            zinfo_or_arcname = info
        super().writestr(zinfo_or_arcname, data)

    def write(self, filename: Any, arcname: Any = None, *args: Any, **kwargs: Any) -> None:
        with open(filename, "rb") as handle:
            self.writestr(str(arcname or os.path.basename(filename)), handle.read())


class _Sheet:
    """One sheet's rows, built as cell values, with the widths they need."""

    def __init__(self, workbook: Workbook, title: str, header: list[str]) -> None:
        from openpyxl.cell import WriteOnlyCell

        self.ws: WriteOnlyWorksheet = workbook.create_sheet(title)
        self.header = header
        self.rows: list[list[Any]] = []
        self.widths = [len(name) + 4 for name in header]  # room for the filter button
        self._cell = WriteOnlyCell
        decimal = WriteOnlyCell(self.ws)
        decimal.number_format = "0.0"
        self._decimal_style = decimal._style

    def text(self, value: str, column: int, what: str) -> Any:
        """A text cell (never a formula, whatever it starts with)."""
        text = escape_text(value)
        if len(text) > MAX_CELL_TEXT:
            raise SourceError(
                f"cannot write {what} to Excel: a cell holds at most {MAX_CELL_TEXT:,} characters and this is "
                f"{len(text):,}; use YAML, JSON or a CSV folder for it"
            )
        self._width(column, len(text))
        if text.startswith("=") and len(text) > 1:
            cell = self._cell(self.ws, text)
            cell.data_type = "s"
            return cell
        return text

    def value(self, value: Any, column: int, what: str) -> Any:
        """A cell for any value: numbers and booleans typed, everything else as CSV cell text."""
        if isinstance(value, bool):
            self._width(column, 5)
            return value
        if isinstance(value, int) and abs(value) <= EXACT_INTEGERS:
            self._width(column, len(str(value)))
            return value
        if isinstance(value, float):
            cell = self._cell(self.ws)
            cell._value = repr(value)  # all 17 digits (openpyxl would write 16)
            cell.data_type = "n"
            if value.is_integer() and abs(value) <= EXACT_INTEGERS:
                cell._style = self._decimal_style.__copy__()  # shown as 6.0, read back as 6.0
            self._width(column, len(cell._value))
            return cell
        return self.text(encode_cell(value), column, what)

    def _width(self, column: int, size: int) -> None:
        if size > self.widths[column]:
            self.widths[column] = size

    def write(self) -> None:
        """Style the header, size the columns, then stream the rows into the sheet."""
        from openpyxl.styles import Font, PatternFill

        ws = self.ws
        for index, width in enumerate(self.widths):
            ws.column_dimensions[column_letter(index)].width = min(width + 2, _MAX_WIDTH)
        ws.freeze_panes = "A2"
        last = column_letter(len(self.header) - 1)
        ws.auto_filter.ref = f"A1:{last}{len(self.rows) + 1}"
        bold, fill = Font(bold=True), PatternFill("solid", start_color=_HEADER_FILL)
        header = []
        for name in self.header:
            cell = self._cell(ws, escape_text(name))
            cell.data_type = "s"
            cell.font, cell.fill = bold, fill
            header.append(cell)
        ws.append(header)
        for row in self.rows:
            ws.append(row)

    def choices(self, column: int, values: Iterable[str], what: str, ranges: str | None = None) -> None:
        """A drop-down list of ``values`` on ``column`` (all its rows, or ``ranges``)."""
        from openpyxl.worksheet.datavalidation import DataValidation

        allowed = ",".join(values)
        letter = column_letter(column)
        check = DataValidation(
            type="list",
            formula1=f'"{allowed}"',
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="stop" if ranges != "" else "warning",
            errorTitle=f"Unknown {what}",
            error=f"The {what} is one of: {allowed.replace(',', ', ')}",
        )
        check.add(ranges or f"{letter}2:{letter}{_LAST_ROW}")
        self.ws.data_validations.append(check)


def _columns(base: tuple[str, ...], keys: Iterable[Iterable[str]]) -> list[str]:
    columns: dict[str, None] = dict.fromkeys(base)
    for item in keys:
        for key in item:
            columns.setdefault(key, None)
    return list(columns)


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Consecutive row numbers as (first, last) runs.

    >>> _runs([2, 3, 4, 7, 9, 10])
    [(2, 4), (7, 7), (9, 10)]
    """
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and runs[-1][1] == row - 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs


def _elements(workbook: Workbook, eco: Ecosystem) -> _Sheet:
    nodes = list(eco.nodes())
    columns = _columns(NODE_COLUMNS, (n.attributes for n in nodes))
    sheet = _Sheet(workbook, ELEMENTS, columns)
    capabilities: list[int] = []
    for row_number, node in enumerate(nodes, 2):
        fields = {"id": node.id, "type": node.type.value, "name": node.name, **node.attributes}
        row: list[Any] = []
        for index, key in enumerate(columns):
            if key not in fields:
                row.append(None)
            elif key in TEXT_COLUMNS:
                row.append(sheet.text(str(fields[key]), index, f"the {key} of node {node.id!r}"))
            else:
                row.append(sheet.value(fields[key], index, f"attribute {key!r} of node {node.id!r}"))
        sheet.rows.append(row)
        if node.type is NodeType.CAPABILITY:
            capabilities.append(row_number)
    sheet.choices(1, NODE_TYPES, "node type")
    if "kind" in columns and capabilities:
        letter = column_letter(columns.index("kind"))
        runs = _runs(capabilities)
        ranges = (
            " ".join(f"{letter}{a}" if a == b else f"{letter}{a}:{letter}{b}" for a, b in runs)
            if len(runs) <= _MAX_KIND_RANGES
            else ""
        )
        sheet.choices(columns.index("kind"), KINDS, "capability kind", ranges)
    return sheet


def _connections(workbook: Workbook, eco: Ecosystem) -> _Sheet:
    relationships = list(eco.relationships())
    columns = _columns(CONNECTION_COLUMNS, (r.properties for r in relationships))
    sheet = _Sheet(workbook, CONNECTIONS, columns)
    for rel in relationships:
        fields = {"type": rel.type.value, "from": rel.source, "to": rel.target, **rel.properties}
        what = f"{rel.type.value} {rel.source!r} -> {rel.target!r}"
        row: list[Any] = []
        for index, key in enumerate(columns):
            if key not in fields:
                row.append(None)
            elif key in TEXT_COLUMNS:
                row.append(sheet.text(str(fields[key]), index, f"the {key} of {what}"))
            else:
                row.append(sheet.value(fields[key], index, f"property {key!r} of {what}"))
        sheet.rows.append(row)
    sheet.choices(0, RELATIONSHIP_TYPES, "relationship type")
    return sheet


def _meta(workbook: Workbook, eco: Ecosystem) -> _Sheet:
    sheet = _Sheet(workbook, META, list(META_COLUMNS))
    sheet.rows.append(
        [
            sheet.text(eco.name, 0, "the ecosystem's name"),
            sheet.text(eco.focal, 1, "the focal firm") if eco.focal else None,
        ]
    )
    return sheet


def _save(eco: Ecosystem, handle: IO[bytes]) -> None:
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    workbook = Workbook(write_only=True)
    for sheet in (_elements(workbook, eco), _connections(workbook, eco), _meta(workbook, eco)):
        sheet.write()
    workbook.properties.creator = "ecosystem"
    workbook.properties.created = workbook.properties.modified = WORKBOOK_TIME
    archive = _FixedTimeZip(handle, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(workbook, archive).save()


def xlsx_bytes(eco: Ecosystem) -> bytes:
    """The workbook of an ecosystem, as bytes (what :func:`write_xlsx` writes).

    >>> from ecosystem import Ecosystem
    >>> eco = Ecosystem("Demo", focal="acme")
    >>> _ = eco.add_node("acme", "firm", "Acme", founded=1999)
    >>> data = xlsx_bytes(eco)
    >>> data[:2], data == xlsx_bytes(eco)
    (b'PK', True)
    """
    with tempfile.TemporaryFile() as handle:
        _save(eco, handle)
        handle.seek(0)
        return handle.read()


def write_xlsx(eco: Ecosystem, path: Path | str) -> Path:
    """Write an ecosystem as an Excel workbook, atomically (a temporary file, then a rename).

    >>> import tempfile, pathlib
    >>> from ecosystem import Ecosystem
    >>> eco = Ecosystem("Demo", focal="acme")
    >>> _ = eco.add_node("acme", "firm", "Acme")
    >>> write_xlsx(eco, pathlib.Path(tempfile.mkdtemp()) / "demo.xlsx").stat().st_size > 0
    True
    """
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise SourceError(f"cannot write {str(path)!r}: folder {str(directory)!r} does not exist")
    if path.is_dir():
        raise SourceError(f"cannot write {str(path)!r}: it is a folder")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        os.chmod(tmp, _mode_for(path))
        with os.fdopen(fd, "w+b") as handle:
            _save(eco, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _mode_for(path: Path) -> int:
    """The permission bits a replaced file keeps, or the umask's default for a new one."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask

