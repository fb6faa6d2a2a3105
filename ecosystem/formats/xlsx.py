"""The Excel form: one workbook (``.xlsx``) in the spirit of Kumu's import sheets.

A workbook holds

``Elements``
    ``id``, ``type``, ``name``, then one column per free attribute; or, instead
    of (or as well as) it, one sheet per node type: ``Firms``, ``Partners``,
    ``Customers``, ``Jobs``, ``Capabilities``, ``Units`` (``id``, ``name``,
    attribute columns; a ``type`` column there is optional and must agree);
``Connections``
    ``type``, ``from``, ``to``, then one column per property.  ``from`` and
    ``to`` name a node by its id, or by its name where no other node has that
    name; ``a|b`` in one cell means several nodes (one relationship per pair);
``Ecosystem`` (optional)
    ``name``, ``focal`` and one row.  Without it the ecosystem is named after
    the file and the focal firm is the only firm, if there is just one.

Sheet and column names are matched ignoring case (``From``, ``To`` and
``Type`` as Kumu writes them are fine); other sheets are ignored.  The header
is row 1.

Cells: an empty cell means "no value".  ``id``, ``type``, ``name``, ``from``
and ``to`` are always text (a number typed there is its text).  Elsewhere a
number cell is a number (an integer when it is whole, unless its number format
shows decimals, as ``6.0`` does), a TRUE/FALSE cell a boolean, a date an ISO
date text, and a text cell is read as a CSV cell is (see
:mod:`ecosystem.formats.csv_folder`): ``null``, JSON numbers, ``true``,
``false``, lists ``[...]``, objects ``{...}`` and quoted strings ``"..."``
are those values.  The writer quotes text that would otherwise be misread, so
a round trip loses nothing.

Formulas, merged cells and error values are refused (a workbook is data, not
a calculation), as are dates where an id is expected (Excel turns ``3-5`` or
``MAR1`` into dates); every problem is reported with its sheet and cell.
"""

from __future__ import annotations

import datetime as dt
import math
import re

from ..model.graph import CAPABILITY_KINDS, NodeType, RelType

__all__ = [
    "ELEMENTS",
    "CONNECTIONS",
    "META",
    "TYPE_SHEETS",
    "NODE_COLUMNS",
    "TYPE_SHEET_COLUMNS",
    "CONNECTION_COLUMNS",
    "META_COLUMNS",
    "TEXT_COLUMNS",
    "MAX_CELL_TEXT",
    "escape_text",
    "column_letter",
    "is_decimal_format",
]

#: The sheet of all nodes, the sheet of relationships, the sheet of the ecosystem's name and focal firm.
ELEMENTS, CONNECTIONS, META = "Elements", "Connections", "Ecosystem"
#: One sheet per node type (instead of, or as well as, ``Elements``).
TYPE_SHEETS: dict[str, NodeType] = {kind.plural.capitalize(): kind for kind in NodeType}
NODE_COLUMNS = ("id", "type", "name")
TYPE_SHEET_COLUMNS = ("id", "name")
CONNECTION_COLUMNS = ("type", "from", "to")
META_COLUMNS = ("name", "focal")
#: Columns whose cells are always text.
TEXT_COLUMNS = frozenset({"id", "type", "name", "from", "to", "focal"})
#: The most characters an Excel cell holds.
MAX_CELL_TEXT = 32767
#: The values the ``type`` and capability ``kind`` drop-down lists offer.
NODE_TYPES = tuple(kind.value for kind in NodeType)
RELATIONSHIP_TYPES = tuple(kind.value for kind in RelType)
KINDS = CAPABILITY_KINDS
#: Whole numbers up to this size are read as integers (doubles hold every integer up to it exactly).
EXACT_INTEGERS = 2**53

# Characters XML cannot carry (or that XML parsers change, like \r), written as
# Excel's own escape _xHHHH_; a literal _xHHHH_ in the text is escaped as _x005F_xHHHH_.
_UNSAFE = re.compile(r"_x[0-9A-Fa-f]{4}_|[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ufffe\uffff]")
# A number format showing decimals: a '.' followed by a digit placeholder, outside quotes and brackets.
_FORMAT_NOISE = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')
_DECIMALS = re.compile(r"\.[0#?]")


def _escape(match: re.Match[str]) -> str:
    text = match.group()
    return "_x005F" + text if len(text) > 1 else f"_x{ord(text):04X}_"


def escape_text(text: str) -> str:
    """Text as an Excel cell stores it: characters XML cannot carry as ``_xHHHH_``.

    Excel (and every reader of ``.xlsx``) turns ``_xHHHH_`` back into the
    character, so a literal ``_x000D_`` is itself escaped.  Text that is all
    white space has its first character escaped too: written as it is, readers
    drop it (openpyxl marks only text with something else in it as "preserve").

    >>> escape_text("a\\rb"), escape_text("tab\\tok"), escape_text("_x000D_"), escape_text("  ")
    ('a_x000D_b', 'tab\\tok', '_x005F_x000D_', '_x0020_ ')
    """
    text = _UNSAFE.sub(_escape, text)
    if text and not text.strip():
        text = f"_x{ord(text[0]):04X}_" + text[1:]
    return text


def column_letter(index: int) -> str:
    """The Excel letters of a 0-based column index.

    >>> column_letter(0), column_letter(25), column_letter(26), column_letter(701)
    ('A', 'Z', 'AA', 'ZZ')
    """
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def is_decimal_format(code: str) -> bool:
    """True if an Excel number format shows decimals (so ``6`` in it reads as ``6.0``).

    >>> is_decimal_format("0.0"), is_decimal_format("#,##0.00"), is_decimal_format("General"), is_decimal_format("0%")
    (True, True, False, False)
    """
    return bool(_DECIMALS.search(_FORMAT_NOISE.sub("", code)))


def iso_text(value: dt.date | dt.time) -> str:
    """The ISO text of a date, a date and time, or a time (midnight dates without the time).

    >>> iso_text(dt.datetime(2019, 5, 1)), iso_text(dt.datetime(2019, 5, 1, 9, 30)), iso_text(dt.time(9, 30))
    ('2019-05-01', '2019-05-01T09:30:00', '09:30:00')
    """
    if isinstance(value, dt.datetime) and value.time() == dt.time(0) and value.tzinfo is None:
        return value.date().isoformat()
    return value.isoformat()


def number_text(value: float) -> str:
    """The text of a number typed where text is expected (``42`` rather than ``42.0``).

    >>> number_text(42.0), number_text(4.5), number_text(7)
    ('42', '4.5', '7')
    """
    if isinstance(value, float) and value.is_integer() and abs(value) <= EXACT_INTEGERS:
        return str(int(value))
    return repr(value) if isinstance(value, float) else str(value)


def number_value(value: float, decimal: bool) -> int | float:
    """The value of a number cell: an integer when whole (and exact), unless shown with decimals.

    >>> number_value(6.0, False), number_value(6.0, True), number_value(0.25, False), number_value(1e300, False)
    (6, 6.0, 0.25, 1e+300)
    """
    if isinstance(value, int):
        return float(value) if decimal else value
    if not decimal and math.isfinite(value) and value.is_integer() and abs(value) <= EXACT_INTEGERS:
        return int(value)
    return value
