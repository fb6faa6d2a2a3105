"""Excel workbooks: the layout (Elements or one sheet per type, Connections, Ecosystem), lossless
round trips, references by name and with |, the written workbook's looks, and a clear error for
every kind of bad workbook."""

from __future__ import annotations

import datetime as dt
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given

import ecosystem
from ecosystem import Ecosystem, InvalidEcosystemError, SourceError
from ecosystem.formats.xlsx_read import read_xlsx
from ecosystem.formats.xlsx_write import write_xlsx, xlsx_bytes
from ecosystem.model.building import to_document

from .conftest import SAMPLES
from .test_properties import FAST, ecosystems


def typed(value: Any) -> Any:
    """A value with the type of every leaf beside it, so 6 and 6.0 (equal in Python) differ."""
    if isinstance(value, dict):
        return {k: typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [typed(v) for v in value]
    return (type(value).__name__, value)


def assert_same(back: Ecosystem, eco: Ecosystem) -> None:
    assert back == eco
    assert typed(to_document(back)) == typed(to_document(eco))


def book(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    """A workbook written with openpyxl (as a user's Excel file would be), one sheet per entry."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def problems(path: Path) -> list[str]:
    """The problems reading ``path`` raises, each as printed (without the folder)."""
    with pytest.raises(InvalidEcosystemError) as caught:
        read_xlsx(path)
    return [str(p).replace(f"{path.parent}/", "") for p in caught.value.problems]


MINI = {
    "Elements": [
        ["id", "type", "name", "kind"],
        ["acme", "firm", "Acme"],
        ["cloud", "partner", "CloudCo"],
        ["hosting", "capability", "Hosting", "resource"],
    ],
    "Connections": [["type", "from", "to"], ["PARTNERS_WITH", "acme", "cloud"], ["PROVIDES", "cloud", "hosting"]],
}


# -- round trips ------------------------------------------------------------------------------
@pytest.mark.parametrize("sample", ["camera.yaml", "aero_engine.yaml"])
def test_the_sample_graphs_survive_a_workbook_round_trip_exactly(sample: str, tmp_path: Path) -> None:
    eco = ecosystem.load(SAMPLES / sample)
    back = read_xlsx(write_xlsx(eco, tmp_path / "eco.xlsx"))
    assert_same(back, eco)  # with types: satisfaction 6.0 stays a float (its cell is formatted 0.0)


@FAST
@given(ecosystems())
def test_every_valid_ecosystem_survives_a_workbook_round_trip(eco: Ecosystem) -> None:
    with tempfile.TemporaryDirectory() as folder:
        back = read_xlsx(write_xlsx(eco, Path(folder) / "eco.xlsx"))
    assert_same(back, eco)


def test_awkward_values_survive_with_their_types(tmp_path: Path) -> None:
    eco = Ecosystem("Awkward\r\nname", focal="acme")
    eco.add_node(
        "acme", "firm", "Acme\x01\r_x000D_",
        whole=6.0, zero=-0.0, big=2**60, huge=1e300, tiny=5e-324, third=0.30000000000000004, count=7,
        text_number="42", text_true="true", text_null="null", none=None, empty="", formula="=SUM(A1)",
        control="a\x00b\x1fc\rd", escape="_x0041_", listed=[1, "two", None], mapped={"a": {"b": [True]}},
        quoted='"q"', spaced="  both  ", long="x" * 32000,
    )
    back = read_xlsx(write_xlsx(eco, tmp_path / "awkward.xlsx"))
    assert_same(back, eco)
    assert str(back.node("acme").attributes["zero"]) == "-0.0"


def test_the_same_ecosystem_gives_the_same_bytes(tmp_path: Path) -> None:
    eco = ecosystem.load(SAMPLES / "camera.yaml")
    first = write_xlsx(eco, tmp_path / "a.xlsx").read_bytes()
    assert first == xlsx_bytes(eco)
    with zipfile.ZipFile(tmp_path / "a.xlsx") as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert b"2000-01-01T00:00:00Z" in archive.read("docProps/core.xml")


def test_a_cell_longer_than_excel_allows_is_refused_on_write(tmp_path: Path) -> None:
    eco = Ecosystem("Long", focal="acme")
    eco.add_node("acme", "firm", "Acme", notes="x" * 40000)
    with pytest.raises(SourceError, match="at most 32,767 characters and this is 40,000"):
        write_xlsx(eco, tmp_path / "long.xlsx")
    assert not list(tmp_path.iterdir())  # nothing half-written left behind


# -- the written workbook ----------------------------------------------------------------------
def test_the_written_workbook_has_a_frozen_styled_header_sized_columns_and_drop_downs(tmp_path: Path) -> None:
    eco = ecosystem.load(SAMPLES / "camera.yaml")
    workbook = openpyxl.load_workbook(write_xlsx(eco, tmp_path / "camera.xlsx"))
    assert workbook.sheetnames == ["Elements", "Connections", "Ecosystem"]
    elements, connections = workbook["Elements"], workbook["Connections"]
    for sheet in (elements, connections, workbook["Ecosystem"]):
        assert sheet.freeze_panes == "A2"
        assert sheet["A1"].font.b and sheet["A1"].fill.fgColor.rgb.endswith("DDEBF7")
    assert [c.value for c in elements[1]][:3] == ["id", "type", "name"]
    assert [c.value for c in connections[1]][:3] == ["type", "from", "to"]
    # the name column is as wide as the longest name (plus 2), the id column at least "id" + filter room
    longest = max(len(n.name) for n in eco.nodes())
    assert elements.column_dimensions["C"].width == longest + 2
    checks = {str(v.sqref): v.formula1 for v in elements.data_validations.dataValidation}
    assert checks["B2:B1048576"] == '"firm,partner,customer,job,capability,unit"'
    kind_column = openpyxl.utils.get_column_letter([c.value for c in elements[1]].index("kind") + 1)
    capability_rows = [r for r in range(2, elements.max_row + 1) if elements[f"B{r}"].value == "capability"]
    kind_ranges = [ref for ref, formula in checks.items() if formula == '"knowledge,skill,resource"']
    assert kind_ranges == [f"{kind_column}{capability_rows[0]}:{kind_column}{capability_rows[-1]}"]
    rel_checks = [v.formula1 for v in connections.data_validations.dataValidation]
    assert rel_checks == ['"PARTNERS_WITH,PROVIDES,REQUIRES,HAS_JOB,SERVES,PART_OF,INTEGRATES_WITH"']


# -- the layout a person types ----------------------------------------------------------------
def test_kumu_style_headers_names_and_bars_in_from_and_to(tmp_path: Path) -> None:
    path = book(
        tmp_path / "kumu.xlsx",
        {
            "Elements": [
                ["ID", "Type", "Name", "Kind"],  # headers in any case; an attribute keeps its own
                ["acme", "Firm", "Acme"],
                ["cloud", "partner", "CloudCo"],
                ["fix", "partner", "FixIt"],
                ["hosting", "capability", "Hosting"],
                ["repair", "capability", "Repair"],
            ],
            "Connections": [
                ["Type", "From", "To", "strength"],
                ["PARTNERS_WITH", "Acme", "CloudCo|fix", 0.5],  # by name, and two targets: two relationships
                ["PROVIDES", "CloudCo | FixIt", "Hosting|repair"],  # 2 x 2 pairs
            ],
            "Ecosystem": [["Name", "Focal"], ["Kumu demo", "Acme"]],  # the focal by its name too
        },
    )
    with pytest.raises(InvalidEcosystemError, match="a capability needs kind"):
        read_xlsx(path)  # "Kind" is not "kind": capabilities without a kind are refused
    workbook = openpyxl.load_workbook(path)
    workbook["Elements"]["D1"] = "kind"
    workbook["Elements"]["D5"], workbook["Elements"]["D6"] = "resource", "skill"
    workbook.save(path)
    eco = read_xlsx(path)
    assert (eco.name, eco.focal) == ("Kumu demo", "acme")
    assert sorted(eco.partners_of("acme")) == ["cloud", "fix"]
    assert eco.graph.edges["acme", "fix", "PARTNERS_WITH"] == {"strength": 0.5}
    assert sorted((p.provider, p.capability) for c in ("hosting", "repair") for p in eco.providers(c)) == [
        ("cloud", "hosting"), ("cloud", "repair"), ("fix", "hosting"), ("fix", "repair"),
    ]


def test_an_id_with_a_bar_is_one_node_and_ids_win_over_names(tmp_path: Path) -> None:
    path = book(
        tmp_path / "bars.xlsx",
        {
            "Elements": [
                ["id", "type", "name", "kind"],
                ["acme", "firm", "cloud"],  # named like the other node's id
                ["cloud", "partner", "Cloud"],
                ["a|b", "capability", "A or B", "skill"],
            ],
            "Connections": [["type", "from", "to"], ["PARTNERS_WITH", "acme", "cloud"], ["PROVIDES", "cloud", "a|b"]],
        },
    )
    eco = read_xlsx(path)
    assert eco.partners_of("acme") == ["cloud"]  # 'cloud' is an id before it is acme's name
    assert eco.capabilities_of("cloud") == ["a|b"]
    assert (eco.name, eco.focal) == ("bars", "acme")  # no Ecosystem sheet: the file's name, the only firm


def test_one_sheet_per_node_type(tmp_path: Path) -> None:
    path = book(
        tmp_path / "typed.xlsx",
        {
            "Firms": [["id", "name", "founded"], ["acme", "Acme", 1999]],
            "partners": [["id", "name"], ["cloud", "CloudCo"]],
            "Capabilities": [["id", "name", "kind", "type"], ["hosting", "Hosting", "resource", "capability"]],
            "Notes": [["anything", "else"], ["is", "ignored"]],
            "Connections": [["type", "from", "to"], ["PROVIDES", "cloud", "hosting"]],
        },
    )
    eco = read_xlsx(path)
    assert [(n.id, n.type.value) for n in eco.nodes()] == [("acme", "firm"), ("cloud", "partner"), ("hosting", "capability")]
    assert eco.node("acme").attributes == {"founded": 1999}


def test_cells_keep_their_own_type_and_text_reads_as_a_csv_cell(tmp_path: Path) -> None:
    path = book(
        tmp_path / "cells.xlsx",
        {
            "Elements": [
                ["id", "type", "name", "whole", "decimal", "flag", "text_number", "quoted", "listed", "day", "zip"],
                [42, "firm", 2001, 7, 2.5, True, "42", '"42"', '["a", 1]', dt.datetime(2019, 5, 1), "007"],
            ],
            "Connections": [["type", "from", "to"]],
        },
    )
    node = read_xlsx(path).node("42")  # a number typed as an id is its text
    assert node.name == "2001"
    assert node.attributes == {
        "whole": 7, "decimal": 2.5, "flag": True, "text_number": 42, "quoted": "42", "listed": ["a", 1],
        "day": "2019-05-01", "zip": "007",
    }


def test_a_whole_number_formatted_with_decimals_is_a_float(tmp_path: Path) -> None:
    path = book(tmp_path / "fmt.xlsx", {"Elements": [["id", "type", "name", "score", "plain"], ["acme", "firm", "Acme", 6, 6]],
                                        "Connections": [["type", "from", "to"]]})
    workbook = openpyxl.load_workbook(path)
    workbook["Elements"]["D2"].number_format = "#,##0.00"
    workbook.save(path)
    attributes = read_xlsx(path).node("acme").attributes
    assert typed(attributes) == {"score": ("float", 6.0), "plain": ("int", 6)}


# -- problems, located --------------------------------------------------------------------------
def test_model_problems_are_located_by_sheet_row_and_column(tmp_path: Path) -> None:
    path = book(
        tmp_path / "camera.xlsx",
        {
            "Elements": [
                ["id", "type", "name", "kind"],
                ["lumen", "firm", "Lumen"],
                ["enthusiasts", "customer", "Enthusiasts"],
                ["sunset", "job", "Capture a sunset"],
                ["autofocus", "capability", "Autofocus", "money"],  # D5, the kind column
                ["lumen", "partner", "Again"],  # duplicate id, first at row 2
            ],
            "Connections": [
                ["type", "from", "to", "importance", "satisfaction"],
                ["HAS_JOB", "enthusiasts", "sunset", 11, 3],  # importance out of 0..10: D2
                ["HAS_JOB", "enthusiasts", "sunset", 5, 3],  # declared twice: the whole row
                ["PROVIDES", "lumen", "nobody"],  # C4
                ["LIKES", "lumen", "autofocus"],  # A5
                ["PROVIDES", "lumen"],  # no to: C6
            ],
        },
    )
    assert problems(path) == [
        "camera.xlsx: Elements!D5: kind must be one of knowledge, skill, resource, got 'money'",
        "camera.xlsx: Elements!A6: duplicate id 'lumen' (first at Elements row 2)",
        "camera.xlsx: Connections!D2: importance must be a number from 0 to 10, got 11",
        "camera.xlsx: Connections!C4: to 'nobody' is not a node in this ecosystem",
        "camera.xlsx: Connections!A5: relationship type unknown: 'LIKES'; expected one of PARTNERS_WITH, PROVIDES, "
        "REQUIRES, HAS_JOB, SERVES, PART_OF, INTEGRATES_WITH",
        "camera.xlsx: Connections!C6: PROVIDES relationship has no to",
    ]


def test_a_name_that_two_nodes_share_is_an_error_naming_both(tmp_path: Path) -> None:
    path = book(
        tmp_path / "twins.xlsx",
        {
            "Elements": [["id", "type", "name"], ["acme", "firm", "Acme"], ["acme-2", "partner", "Acme"]],
            "Connections": [["type", "from", "to"], ["PARTNERS_WITH", "acme-2", "Acme"]],
        },
    )
    assert problems(path) == [
        "twins.xlsx: Connections!C2: to 'Acme' is the name of 2 nodes ('acme', 'acme-2'): use the id of the one you mean"
    ]


# -- bad workbooks ------------------------------------------------------------------------------
def test_a_csv_renamed_xlsx_is_refused_with_what_to_do(write) -> None:  # type: ignore[no-untyped-def]
    path = write("nodes.xlsx", "id,type,name\nacme,firm,Acme\n")
    with pytest.raises(SourceError, match="is a text file .* not an Excel workbook"):
        read_xlsx(path)


def test_a_password_protected_workbook_is_refused(write) -> None:  # type: ignore[no-untyped-def]
    # An encrypted .xlsx is an OLE compound file holding an "EncryptedPackage" stream.
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "EncryptedPackage".encode("utf-16-le") + bytes(64)
    with pytest.raises(SourceError, match="password-protected"):
        read_xlsx(write("secret.xlsx", ole))


def test_an_old_xls_workbook_is_refused(write) -> None:  # type: ignore[no-untyped-def]
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "Workbook".encode("utf-16-le") + bytes(64)
    with pytest.raises(SourceError, match=r"Excel 97-2003 workbook \(\.xls\)"):
        read_xlsx(write("old.xlsx", ole))


def test_an_empty_file_and_a_zip_that_is_not_a_workbook_are_refused(write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SourceError, match=r"empty \(0 bytes\)"):
        read_xlsx(write("empty.xlsx", b""))
    with zipfile.ZipFile(tmp_path / "other.xlsx", "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(SourceError, match="a zip archive without xl/workbook.xml"):
        read_xlsx(tmp_path / "other.xlsx")
    with pytest.raises(SourceError, match="no such file"):
        read_xlsx(tmp_path / "missing.xlsx")


def test_formulas_are_refused_with_their_cells(tmp_path: Path) -> None:
    path = book(tmp_path / "calc.xlsx", MINI)
    workbook = openpyxl.load_workbook(path)
    workbook["Connections"]["D1"] = "strength"
    workbook["Connections"]["D2"] = "=0.2+0.3"
    workbook.save(path)
    assert problems(path) == [
        "calc.xlsx: Connections!D2: holds a formula: values must be typed, formulas are not evaluated "
        "(copy the cells and Paste Special > Values)"
    ]


def test_merged_cells_are_refused(tmp_path: Path) -> None:
    path = book(tmp_path / "merged.xlsx", MINI)
    workbook = openpyxl.load_workbook(path)
    workbook["Elements"].merge_cells("D2:E3")
    workbook.save(path)
    assert problems(path) == [
        "merged.xlsx: Elements!D2: merged cells D2:E3: unmerge them and give every cell its own value"
    ]


def test_dates_where_ids_are_expected_are_refused(tmp_path: Path) -> None:
    sheets = {name: [list(row) for row in rows] for name, rows in MINI.items()}
    sheets["Elements"].append([dt.datetime(2024, 3, 5), "partner", "Excel made me a date"])
    sheets["Connections"].append(["PARTNERS_WITH", "acme", dt.datetime(2024, 3, 1)])
    messages = problems(book(tmp_path / "dates.xlsx", sheets))
    assert messages == [
        "dates.xlsx: Elements!A5: id is a date or time (2024-03-05): Excel turned the text into a date; "
        "format the column as Text and type it again",
        "dates.xlsx: Connections!C4: to is a date or time (2024-03-01): Excel turned the text into a date; "
        "format the column as Text and type it again",
    ]


def test_error_values_are_refused(tmp_path: Path) -> None:
    path = book(tmp_path / "na.xlsx", MINI)
    workbook = openpyxl.load_workbook(path)
    cell = workbook["Elements"]["E2"]
    cell.value, cell.data_type = "#N/A", "e"
    workbook.save(path)
    assert problems(path)[0] == "na.xlsx: Elements!E2: holds the error value #N/A: type a value instead"


def test_missing_sheets_and_an_empty_workbook_are_reported(tmp_path: Path) -> None:
    only_nodes = book(tmp_path / "nodes.xlsx", {"Elements": MINI["Elements"], "Conections": [["type", "from", "to"]]})
    assert problems(only_nodes) == [
        "nodes.xlsx: no Connections sheet for the relationships: name a sheet Connections with columns type, from, to "
        "(leave it empty below the header if there are none) (is 'Conections' meant to be 'Connections'?); "
        "sheets found: 'Elements', 'Conections'"
    ]
    empty = openpyxl.Workbook()
    empty.save(tmp_path / "empty.xlsx")
    assert problems(tmp_path / "empty.xlsx") == [
        "empty.xlsx: no Elements sheet (nor Firms, Partners, Customers, Jobs, Capabilities, Units sheets) for the "
        "nodes: name a sheet Elements with columns id, type, name; sheets found: 'Sheet'",
        "empty.xlsx: no Connections sheet for the relationships: name a sheet Connections with columns type, from, "
        "to (leave it empty below the header if there are none); sheets found: 'Sheet'",
    ]


def test_missing_header_columns_and_empty_sheets_are_reported(tmp_path: Path) -> None:
    path = book(
        tmp_path / "header.xlsx",
        {
            "Elements": [["id", "name", "", "_secret"], ["acme", "Acme", "stray", 1]],
            "Connections": [],
        },
    )
    assert problems(path) == [  # a row's own problems come before its cells'
        "header.xlsx: Elements row 1: missing column type; row 1 must name id, type, name (then any other "
        "columns), got id, name, _secret",
        "header.xlsx: Elements!D1: column name '_secret' is reserved",
        "header.xlsx: Connections row 1: the sheet is empty; row 1 must be the header: type, from, to, ...",
    ]


def test_several_firms_and_no_ecosystem_sheet_asks_for_one(tmp_path: Path) -> None:
    path = book(
        tmp_path / "two.xlsx",
        {"Elements": [["id", "type", "name"], ["a", "firm", "A"], ["b", "firm", "B"]], "Connections": [["type", "from", "to"]]},
    )
    assert problems(path) == [
        "two.xlsx: 2 firms and no Ecosystem sheet: add a sheet Ecosystem with columns name, focal naming the focal firm"
    ]


def test_the_readme_error_example_is_what_such_a_workbook_gives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    block = readme.split("```\nError: 2 problems in camera.xlsx:\n", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(tmp_path)
    book(
        Path("camera.xlsx"),
        {
            "Elements": [
                ["id", "type", "name"], ["lumen", "firm", "Lumen"], ["fans", "customer", "Fans"], ["sunset", "job", "Sunset"],
            ],
            "Connections": [
                ["type", "from", "to", "importance", "satisfaction"],
                ["HAS_JOB", "fans", "sunset", 11, 3],
                ["SERVES", "lumen", "fans"],
                ["SERVES", "lumen", "nobody"],
            ],
        },
    )
    with pytest.raises(InvalidEcosystemError) as caught:
        read_xlsx("camera.xlsx")
    assert str(caught.value) == "2 problems in camera.xlsx:\n" + block.rstrip("\n")
