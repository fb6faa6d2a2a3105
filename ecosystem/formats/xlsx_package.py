"""Opening an Excel workbook: its cells (python-calamine) and what its zip says besides.

python-calamine gives the cells (about ten times faster than openpyxl's
read-only mode on a 140k-row workbook: see ``benchmarks/bench_xlsx.py``).
What calamine does not tell (formulas, error cells, number formats showing
decimals) is read from the sheets' XML with substring counts first, so the
scan costs little when there is nothing to find.  A file that is not an
.xlsx zip (a renamed CSV, an old .xls, a password-protected workbook) is
refused with what to do.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from xml.etree import ElementTree

from ..model.errors import SourceError
from .xlsx import is_decimal_format

__all__ = ["Workbook", "SheetScan", "Package", "open_workbook"]

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
#: Built-in number formats that show decimals (0.00, #,##0.00, 0.00%, 0.00E+00, ...).
_DECIMAL_BUILTINS = frozenset({2, 4, 7, 8, 10, 11, 39, 40, 43, 44, 48})
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_ROOT = re.compile(rb"\s*(?:<\?xml[^>]*>\s*)?<(\w+:)?worksheet\b")
_ERROR = re.compile(rb'\st="e"')
_CELL = re.compile(rb"<(?:\w+:)?c\s([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)
_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)<")


# -- the package: what the zip says that calamine does not -------------------------
def _letters_index(letters: bytes) -> int:
    index = 0
    for byte in letters:
        index = index * 26 + byte - 64
    return index - 1


@dataclass(frozen=True)
class SheetScan:
    """What a sheet's XML holds besides values: formula and error cells, and decimal-formatted cells."""

    formulas: tuple[tuple[int, int], ...] = ()
    errors: tuple[tuple[int, int, str], ...] = ()
    decimals: frozenset[tuple[int, int]] = frozenset()


@dataclass
class Workbook:
    """An opened workbook: its sheets' rows (0-based lists of calamine values) and their scans.

    ``rows(name)`` is a sheet's rows from A1 (row 1 is ``rows[0]``).
    """

    source: str
    sheet_names: list[str]
    _rows: Callable[[str], list[list[Any]]]
    _merged: Callable[[str], list[tuple[tuple[int, int], tuple[int, int]]]]
    _scan: Callable[[str], SheetScan]
    scans: dict[str, SheetScan] = field(default_factory=dict)

    def rows(self, name: str) -> list[list[Any]]:
        return self._rows(name)

    def merged(self, name: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
        return self._merged(name)

    def scan(self, name: str) -> SheetScan:
        if name not in self.scans:
            self.scans[name] = self._scan(name)
        return self.scans[name]


def _check_container(path: Path, source: str) -> None:
    """Refuse, with what to do, a file that is not an .xlsx zip (encrypted, .xls, CSV, empty)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(8)
            rest = handle.read(64 << 20 if head == _OLE else 4096)
        encrypted = _ENCRYPTED in rest
    except OSError as exc:
        raise SourceError(f"{source}: cannot read: {exc.strerror}") from None
    if head == _OLE:
        if encrypted:
            raise SourceError(
                f"{source} is password-protected (encrypted): open it in Excel, remove the password "
                "(File > Info > Protect Workbook > Encrypt with Password, then clear it) and save it again"
            )
        raise SourceError(
            f"{source} is an Excel 97-2003 workbook (.xls), not .xlsx: open it in Excel and "
            "save it as 'Excel Workbook (.xlsx)'"
        )
    if head[:4] == b"PK\x03\x04":
        return
    if not head:
        raise SourceError(f"{source} is empty (0 bytes), not an Excel workbook")
    try:
        text = (head + rest).decode("utf-8-sig")
    except UnicodeDecodeError:  # binary, or a multi-byte character cut at 4096 bytes
        text = ""
    if text and all(ch.isprintable() or ch in "\r\n\t" for ch in text):
        raise SourceError(
            f"{source} is a text file (a CSV or other text renamed .xlsx?), not an Excel workbook: "
            "save it from Excel as 'Excel Workbook (.xlsx)', or use a CSV folder (nodes.csv, relationships.csv)"
        )
    raise SourceError(f"{source} is not an Excel workbook: an .xlsx file is a zip archive, this one starts {head!r}")


class Package:
    """The workbook's zip: which XML part is which sheet, which cell styles show decimals."""

    def __init__(self, path: Path, source: str) -> None:
        self.source = source
        try:
            self.zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise SourceError(f"{source} is not a readable Excel workbook (a damaged zip: {exc})") from None
        names = set(self.zip.namelist())
        if "xl/workbook.xml" not in names:
            what = (
                "an Excel binary workbook (.xlsb)" if "xl/workbook.bin" in names
                else "an OpenDocument spreadsheet (.ods)" if "content.xml" in names
                else "a zip archive without xl/workbook.xml"
            )
            raise SourceError(f"{source} is {what}, not an .xlsx workbook: save it as 'Excel Workbook (.xlsx)'")
        self.parts = self._sheet_parts(names)
        self.decimal_styles = self._decimal_styles(names)

    def _xml(self, name: str) -> ElementTree.Element:
        try:
            return ElementTree.fromstring(self.zip.read(name))
        except (ElementTree.ParseError, KeyError, zipfile.BadZipFile, OSError) as exc:
            raise SourceError(f"{self.source}: damaged workbook part {name}: {exc}") from None

    def _sheet_parts(self, names: set[str]) -> dict[str, str]:
        targets: dict[str, str] = {}
        if "xl/_rels/workbook.xml.rels" in names:
            for rel in self._xml("xl/_rels/workbook.xml.rels"):
                target = rel.get("Target", "")
                path = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
                targets[rel.get("Id", "")] = path
        parts: dict[str, str] = {}
        for sheet in self._xml("xl/workbook.xml").iter():
            if sheet.tag.rpartition("}")[2] != "sheet":
                continue
            rid = next((v for k, v in sheet.attrib.items() if k.rpartition("}")[2] == "id" and k != "sheetId"), "")
            if targets.get(rid) in names:
                parts[sheet.get("name", "")] = targets[rid]
        return parts

    def _decimal_styles(self, names: set[str]) -> list[bytes]:
        if "xl/styles.xml" not in names:
            return []
        styles = self._xml("xl/styles.xml")
        decimal_formats = set(_DECIMAL_BUILTINS)
        xfs: list[ElementTree.Element] = []
        for element in styles:
            tag = element.tag.rpartition("}")[2]
            if tag == "numFmts":
                for fmt in element:
                    if is_decimal_format(fmt.get("formatCode", "")):
                        decimal_formats.add(int(fmt.get("numFmtId", "-1")))
                    else:
                        decimal_formats.discard(int(fmt.get("numFmtId", "-1")))
            elif tag == "cellXfs":
                xfs = list(element)
        return [str(i).encode() for i, xf in enumerate(xfs) if int(xf.get("numFmtId", "0")) in decimal_formats]

    def scan(self, name: str) -> SheetScan:
        part = self.parts.get(name)
        if part is None:
            return SheetScan()
        data = self.zip.read(part)
        formulas: list[tuple[int, int]] = []
        errors: list[tuple[int, int, str]] = []
        # Substring counts first (a regex takes ~20x longer on a 26 MB sheet); the regex then runs
        # only on a sheet that may hold a formula (a <f> element; <formula1> is a validation's).
        root = _ROOT.match(data)
        tag = b"<" + (root.group(1) or b"" if root else b"") + b"f"
        if data.count(tag) > data.count(tag + b"ormula") or b' t="e"' in data:
            for cell in _CELL.finditer(data):
                attrs, body = cell.group(1), cell.group(2) or b""
                is_error, is_formula = _ERROR.search(b" " + attrs), _FORMULA.search(body)
                if not (is_error or is_formula):
                    continue
                ref = _REF.search(attrs)
                where = (int(ref.group(2)), _letters_index(ref.group(1))) if ref else (0, 0)
                if is_formula:
                    formulas.append(where)
                else:
                    value = _VALUE.search(body)
                    errors.append((*where, value.group(1).decode("utf-8", "replace") if value else "#error"))
        decimals: set[tuple[int, int]] = set()
        if self.decimal_styles:
            for style in self.decimal_styles:  # found as text, then the cell tag around it
                needle = b' s="' + style + b'"'
                at = data.find(needle)
                while at != -1:
                    start, end = data.rfind(b"<", 0, at), data.find(b">", at)
                    tag = data[start + 1:data.find(b" ", start)]
                    ref = _REF.search(data, start, end) if tag == b"c" or tag.endswith(b":c") else None
                    if ref:
                        decimals.add((int(ref.group(2)), _letters_index(ref.group(1))))
                    at = data.find(needle, at + 1)
        return SheetScan(tuple(formulas), tuple(errors), frozenset(decimals))


def open_workbook(path: Path | str) -> Workbook:
    """Open an .xlsx workbook with python-calamine, or raise :class:`SourceError` saying what it is instead."""
    path = Path(path)
    source = str(path)
    if not path.is_file():
        raise SourceError(f"{source}: no such file" if not path.exists() else f"{source} is a folder, not a workbook")
    _check_container(path, source)
    package = Package(path, source)
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        names = list(book.sheet_names)
    except Exception as exc:  # calamine's errors (zip, XML, password) have no common base
        raise SourceError(f"{source}: cannot read the workbook: {exc}") from None

    sheets: dict[str, Any] = {}  # calamine parses a sheet on every get_sheet_by_name: once each

    def sheet(name: str) -> Any:
        if name not in sheets:
            try:
                sheets[name] = book.get_sheet_by_name(name)
            except Exception as exc:
                raise SourceError(f"{source}: cannot read sheet {name!r}: {exc}") from None
        return sheets[name]

    def rows(name: str) -> list[list[Any]]:
        try:
            return sheet(name).to_python(skip_empty_area=False)
        except SourceError:
            raise
        except Exception as exc:
            raise SourceError(f"{source}: cannot read sheet {name!r}: {exc}") from None

    def merged(name: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
        try:
            return list(sheet(name).merged_cell_ranges or [])  # python-calamine 0.4+
        except SourceError:
            raise
        except Exception:
            return []

    return Workbook(source, names, rows, merged, package.scan)
