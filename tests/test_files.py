"""The file formats: YAML, JSON, CSV folders; shorthand; lossless round trips."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

import ecosystem
from ecosystem.formats.csv_folder import decode_cell, encode_cell
from ecosystem.model.building import build_document

from .conftest import MINIMAL, SAMPLES

FORMATS = {"yaml": "eco.yaml", "json": "eco.json", "csv": "eco_csv"}

#: Free attributes of awkward types and values that must survive every format.
AWKWARD = {
    "founded": 1987,
    "revenue": 12.5,
    "listed": False,
    "ticker": None,
    "zip": "007",  # looks like a number
    "country": "NO",  # YAML 1.1 would make it a boolean
    "switch": "on",
    "since_text": "2019-05-01",  # YAML would make it a date
    "quoted": '"already quoted"',
    "tags": ["b2b", 3, True],
    "address": {"city": "Oslo", "floor": 2},
    "empty": "",
    "unicode": "Zürich – 東京",
    "multiline": "line one\nline two, with \"quotes\"",
}


def awkward_ecosystem() -> ecosystem.Ecosystem:
    eco = build_document(yaml.safe_load(MINIMAL), "mini.yaml")
    eco.graph.nodes["acme"].update(AWKWARD)
    eco.graph.edges["acme", "cloud", "PARTNERS_WITH"].update({"kind": "true", "strength": 0.25, "since": 2020})
    return eco


def test_shorthand_and_explicit_forms_mean_the_same(write) -> None:  # type: ignore[no-untyped-def]
    short = ecosystem.load(write("short.yaml", MINIMAL))
    explicit = ecosystem.load(
        write(
            "explicit.yaml",
            """
            ecosystem: Mini
            focal: acme
            firms: [{id: acme, name: Acme}]
            partners: [{id: cloud, name: CloudCo}]
            customers: [{id: smb, name: Small businesses}]
            jobs: [{id: run-shop, name: Run an online shop}]
            capabilities:
              - {id: design, name: Design, kind: skill}
              - {id: hosting, name: Hosting, kind: resource}
            relationships:
              - {type: PROVIDES, from: acme, to: design}
              - {type: PARTNERS_WITH, from: acme, to: cloud}
              - {type: PROVIDES, from: cloud, to: hosting}
              - {type: HAS_JOB, from: smb, to: run-shop, importance: 8, satisfaction: 3}
              - {type: REQUIRES, from: run-shop, to: design}
              - {type: REQUIRES, from: run-shop, to: hosting}
            """,
        )
    )
    assert short == explicit
    assert short.requirements("run-shop")[0].weight == 1.0


def test_a_partnership_typed_on_both_ends_is_one_relationship(write) -> None:  # type: ignore[no-untyped-def]
    eco = ecosystem.load(
        write(
            "both.yaml",
            """
            focal: a
            firms: [{id: a, name: A, partners: [b]}]
            partners: [{id: b, name: B, partners: [a]}]
            """,
        )
    )
    assert eco.relationship_counts()["PARTNERS_WITH"] == 1
    assert eco.name == "both"  # no `ecosystem:` key: named after the file


@pytest.mark.parametrize("first", list(FORMATS))
@pytest.mark.parametrize("second", list(FORMATS))
def test_round_trip_between_every_pair_of_formats_loses_nothing(tmp_path: Path, first: str, second: str) -> None:
    original = awkward_ecosystem()
    a = ecosystem.save(original, tmp_path / ("a_" + FORMATS[first]))
    once = ecosystem.load(a)
    b = ecosystem.save(once, tmp_path / ("b_" + FORMATS[second]))
    twice = ecosystem.load(b)
    assert once == original and twice == original
    node = twice.node("acme")
    for key, value in AWKWARD.items():
        assert node.attributes[key] == value and type(node.attributes[key]) is type(value), key
    partnership = twice.relationships("PARTNERS_WITH")[0]
    assert partnership.properties == {"kind": "true", "strength": 0.25, "since": 2020}


@pytest.mark.parametrize("sample", sorted(p.name for p in SAMPLES.glob("*.yaml")))
@pytest.mark.parametrize("fmt", list(FORMATS))
def test_samples_round_trip_and_write_identical_bytes(tmp_path: Path, sample: str, fmt: str) -> None:
    eco = ecosystem.load(SAMPLES / sample)
    first = ecosystem.save(eco, tmp_path / ("1_" + FORMATS[fmt]))
    again = ecosystem.load(first)
    assert again == eco
    second = ecosystem.save(again, tmp_path / ("2_" + FORMATS[fmt]))
    if fmt == "csv":
        for name in ("nodes.csv", "relationships.csv", "ecosystem.csv"):
            assert (first / name).read_bytes() == (second / name).read_bytes()
    else:
        assert first.read_bytes() == second.read_bytes()


def test_json_output_is_plain_json_with_the_documented_keys(tmp_path: Path) -> None:
    path = ecosystem.save(ecosystem.load(SAMPLES / "camera.yaml"), tmp_path / "c.json")
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert list(doc)[:2] == ["ecosystem", "focal"]
    assert {"firms", "partners", "customers", "jobs", "capabilities", "units", "relationships"} <= set(doc)
    assert {"type": "PARTNERS_WITH", "from": "lumen", "to": "optica", "kind": "technology",
            "strength": 0.9, "since": 1994} in doc["relationships"]


@pytest.mark.parametrize(
    "value", ["plain", "007", "0.5", "true", "null", "[1]", '{"a": 1}', '"q"', "", " padded ", "NaN", 7, 0.5, True,
              None, [1, "a"], {"k": [None]}]
)
def test_csv_cells_decode_to_what_was_encoded(value: object) -> None:
    assert decode_cell(encode_cell(value)) == value
    assert type(decode_cell(encode_cell(value))) is type(value)


def test_excel_csv_with_bom_and_semicolons_is_read(write) -> None:  # type: ignore[no-untyped-def]
    folder = write("x/nodes.csv", "\ufeffid;type;name;kind\nacme;firm;Acme;\ncap;capability;Cap;skill\n").parent
    write("x/relationships.csv", "type;from;to;proficiency\nPROVIDES;acme;cap;0.5\n")
    eco = ecosystem.load(folder)
    assert eco.focal == "acme"  # the only firm, no ecosystem.csv
    assert eco.providers("cap")[0].proficiency == 0.5


def test_an_excel_decimal_comma_is_a_clear_error_not_a_guess(write) -> None:  # type: ignore[no-untyped-def]
    folder = write("y/nodes.csv", "id;type;name;kind\nacme;firm;Acme;\ncap;capability;Cap;skill\n").parent
    write("y/relationships.csv", "type;from;to;proficiency\nPROVIDES;acme;cap;0,5\n")
    with pytest.raises(ecosystem.InvalidEcosystemError) as caught:
        ecosystem.load(folder)
    assert "relationships.csv:2: proficiency must be a number from 0 to 1, got '0,5'" in str(caught.value)


def test_writes_are_atomic_and_leave_no_temporary_files(tmp_path: Path) -> None:
    eco = ecosystem.load(SAMPLES / "camera.yaml")
    target = tmp_path / "out.yaml"
    target.write_text("previous good content", encoding="utf-8")
    ecosystem.save(eco, target)
    assert ecosystem.load(target) == eco
    ecosystem.save(eco, tmp_path / "folder")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder", "out.yaml"]


def test_embedded_store_reads_and_writes_through_one_interface(tmp_path: Path) -> None:
    eco = ecosystem.load(SAMPLES / "aero_engine.yaml")
    with ecosystem.open_store(tmp_path / "copy.json") as store:
        assert isinstance(store, ecosystem.Store)
        store.write(eco)
        assert store.read() == eco
    assert ecosystem.load(tmp_path / "copy.json") == eco
