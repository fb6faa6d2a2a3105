"""Bad input: every problem reported at once, with file, line/row, value and expectation."""

from __future__ import annotations

from pathlib import Path

import pytest

import ecosystem
from ecosystem import InvalidEcosystemError, SourceError


def problems_of(path: Path) -> list[str]:
    with pytest.raises(InvalidEcosystemError) as caught:
        ecosystem.load(path)
    assert caught.value.problems, "an invalid file must list its problems"
    return [str(p) for p in caught.value.problems]


GOOD_HEAD = """
ecosystem: Test
focal: acme
firms:
  - id: acme
    name: Acme
"""


def test_duplicate_ids_name_both_lines(write) -> None:  # type: ignore[no-untyped-def]
    path = write("dup.yaml", GOOD_HEAD + "partners:\n  - id: cloud\n    name: A\n  - id: cloud\n    name: B\n")
    assert problems_of(path) == [f"{path}:9: duplicate id 'cloud' (first at line 7)"]


def test_ids_differing_only_by_case_or_spaces(write) -> None:  # type: ignore[no-untyped-def]
    path = write("case.yaml", GOOD_HEAD + "partners:\n  - {id: Acme, name: A}\n  - {id: ' b ', name: B}\n")
    assert problems_of(path) == [
        f"{path}:7: id 'Acme' differs only by case from 'acme' (line 4)",
        f"{path}:8: id ' b ' has spaces around it",
    ]


def test_relationship_to_a_node_that_does_not_exist(write) -> None:  # type: ignore[no-untyped-def]
    path = write("ghost.yaml", GOOD_HEAD + "relationships:\n  - {type: SERVES, from: acme, to: ghost}\n")
    assert problems_of(path) == [f"{path}:7: to 'ghost' is not a node in this ecosystem"]


def test_relationship_between_the_wrong_node_types(write) -> None:  # type: ignore[no-untyped-def]
    path = write(
        "types.yaml",
        GOOD_HEAD + "capabilities: [{id: c, name: C, kind: skill}]\n"
        "relationships:\n  - {type: REQUIRES, from: acme, to: c}\n",
    )
    assert problems_of(path) == [f"{path}:8: REQUIRES from must be a job, but 'acme' is a firm"]


def test_unknown_types_suggest_the_right_one(write) -> None:  # type: ignore[no-untyped-def]
    path = write(
        "unknown.yaml",
        GOOD_HEAD + "suppliers: []\nrelationships:\n  - {type: PARTNER_WITH, from: acme, to: acme}\n",
    )
    found = problems_of(path)
    assert found[0].startswith(f"{path}:1: unknown top-level key 'suppliers'; expected one of ecosystem, focal, firms")
    assert found[1] == (
        f"{path}:8: relationship type unknown: 'PARTNER_WITH'; expected one of PARTNERS_WITH, PROVIDES, REQUIRES, "
        "HAS_JOB, SERVES, PART_OF, INTEGRATES_WITH (did you mean 'PARTNERS_WITH'?)"
    )


def test_unknown_node_type_in_csv(write) -> None:  # type: ignore[no-untyped-def]
    folder = write("t/nodes.csv", "id,type,name\nacme,firm,Acme\nx,suplier,X\n").parent
    assert problems_of(folder) == [
        f"{folder}/nodes.csv:3: node type unknown: 'suplier'; expected one of firm, partner, customer, job, "
        "capability, unit"
    ]


def test_missing_focal(write) -> None:  # type: ignore[no-untyped-def]
    path = write("nofocal.yaml", "firms: [{id: acme, name: Acme}]\n")
    assert problems_of(path) == [
        f"{path}:1: no focal firm: set focal to the id of the firm at the centre of this ecosystem"
    ]


def test_focal_that_is_not_a_firm(write) -> None:  # type: ignore[no-untyped-def]
    path = write("partnerfocal.yaml", "focal: cloud\nfirms: [{id: acme, name: Acme}]\npartners: [{id: cloud, name: C}]\n")
    assert problems_of(path) == [f"{path}:1: focal 'cloud' is a partner; the focal must be a firm"]


def test_focal_that_does_not_exist_suggests_a_firm(write) -> None:  # type: ignore[no-untyped-def]
    path = write("typo.yaml", "focal: acmee\nfirms: [{id: acme, name: Acme}]\n")
    assert problems_of(path) == [f"{path}:1: focal 'acmee' is not a node in this ecosystem (did you mean 'acme'?)"]


@pytest.mark.parametrize(
    ("ratings", "message"),
    [
        ("importance: 12, satisfaction: 3", "importance must be a number from 0 to 10, got 12"),
        ("importance: 8, satisfaction: -0.5", "satisfaction must be a number from 0 to 10, got -0.5"),
        ("importance: .nan, satisfaction: 3", "importance must be a number from 0 to 10, got nan"),
        ("importance: high, satisfaction: 3", "importance must be a number from 0 to 10, got 'high'"),
        ("satisfaction: 3", "HAS_JOB needs importance (a number from 0 to 10)"),
    ],
)
def test_importance_and_satisfaction_outside_0_to_10(write, ratings: str, message: str) -> None:  # type: ignore[no-untyped-def]
    path = write(
        "odi.yaml",
        GOOD_HEAD + f"customers:\n  - id: c\n    name: C\n    jobs:\n      - {{job: j, {ratings}}}\njobs: [{{id: j, name: J}}]\n",
    )
    assert problems_of(path) == [f"{path}:10: {message}"]


@pytest.mark.parametrize(
    ("weight", "message"),
    [("heavy", "weight must be a number > 0, got 'heavy'"), ("0", "weight must be a number > 0, got 0"),
     ("-2", "weight must be a number > 0, got -2"), (".inf", "weight must be a number > 0, got inf")],
)
def test_non_numeric_or_non_positive_weights(write, weight: str, message: str) -> None:  # type: ignore[no-untyped-def]
    path = write(
        "weight.yaml",
        GOOD_HEAD + "capabilities: [{id: c, name: C, kind: skill}]\njobs:\n"
        f"  - id: j\n    name: J\n    requires:\n      - {{id: c, weight: {weight}}}\n",
    )
    assert problems_of(path) == [f"{path}:11: {message}"]


def test_self_partnership(write) -> None:  # type: ignore[no-untyped-def]
    path = write("self.yaml", GOOD_HEAD + "    partners: [acme]\n")
    assert problems_of(path) == [f"{path}:6: 'acme' cannot have PARTNERS_WITH with itself"]


@pytest.mark.parametrize("name", ["empty.yaml", "empty.json"])
def test_empty_file(write, name: str) -> None:  # type: ignore[no-untyped-def]
    path = write(name, "\n  \n")
    assert problems_of(path)[0].startswith(f"{path}: the file is empty; expected a")


def test_not_yaml(write) -> None:  # type: ignore[no-untyped-def]
    path = write("broken.yaml", "focal: acme\nfirms:\n  - id: acme\n   name: [unclosed\n")
    (message,) = problems_of(path)
    assert message.startswith(f"{path}:4: not valid YAML")


def test_not_json(write) -> None:  # type: ignore[no-untyped-def]
    path = write("broken.json", '{"focal": "acme",\n "firms": [}\n')
    assert problems_of(path) == [f"{path}:2: not valid JSON: Expecting value (column 12)"]


def test_json_problems_have_lines_too(write) -> None:  # type: ignore[no-untyped-def]
    path = write(
        "lines.json", '{"focal": "acme",\n "firms": [\n  {"id": "acme", "name": "Acme"},\n  {"id": "acme", "name": "B"}]}\n'
    )
    assert problems_of(path) == [f"{path}:4: duplicate id 'acme' (first at line 3)"]


def test_non_utf8_csv_says_what_to_do(write) -> None:  # type: ignore[no-untyped-def]
    folder = write("excel/nodes.csv", "id,type,name\nacme,firm,Acme\nzur,partner,Zürich AG\n".encode("cp1252")).parent
    (message,) = problems_of(folder)
    assert message.startswith(f"{folder}/nodes.csv:3: not UTF-8 (byte 0xfc; Excel's plain 'CSV' is Windows-1252)")
    assert "save it as 'CSV UTF-8" in message


def test_csv_missing_column_and_extra_cells(write) -> None:  # type: ignore[no-untyped-def]
    folder = write("cols/nodes.csv", "id,type,name\nacme,firm,Acme\nb,partner,B,surprise\n").parent
    write("cols/relationships.csv", "type,from\nSERVES,acme\n")
    assert problems_of(folder) == [
        f"{folder}/nodes.csv:3: 4 cells but the header has 3 columns (extra: 'surprise')",
        f"{folder}/relationships.csv:1: missing column to; the header must start with type,from,to, got type,from",
    ]


def test_empty_id_cell(write) -> None:  # type: ignore[no-untyped-def]
    folder = write("ids/nodes.csv", "id,type,name\nacme,firm,Acme\n,partner,Nameless\n").parent
    assert problems_of(folder) == [f"{folder}/nodes.csv:3: node has no id"]


def test_yaml_1_1_booleans_stay_strings_for_ids(write) -> None:  # type: ignore[no-untyped-def]
    path = write("norway.yaml", "focal: NO\nfirms: [{id: NO, name: Norsk AS}, {id: on, name: YES}]\n")
    eco = ecosystem.load(path)
    assert eco.focal == "NO" and eco.name_of("on") == "YES"


def test_duplicate_keys_are_reported_not_silently_dropped(write) -> None:  # type: ignore[no-untyped-def]
    path = write("dupkey.yaml", GOOD_HEAD + "    name: Acme again\n")
    assert problems_of(path) == [
        f"{path}:6: duplicate key 'name' in one mapping (first at line 5); remove one of them"
    ]


def test_python_object_tags_are_refused(write) -> None:  # type: ignore[no-untyped-def]
    path = write("evil.yaml", GOOD_HEAD + "    evil: !!python/object/apply:os.system ['touch pwned']\n")
    (message,) = problems_of(path)
    assert message == (
        f"{path}:6: refused: the tag !!python/object/apply:os.system; "
        "only plain data (mappings, lists, strings, numbers) is allowed"
    )
    assert not Path("pwned").exists()


def test_anchors_and_aliases_are_refused(write) -> None:  # type: ignore[no-untyped-def]
    laughs = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b]\n"
    path = write("laughs.yaml", laughs)
    assert problems_of(path) == [
        f"{path}:2: anchors and aliases (&name, *name) are not supported: write the value out in full"
    ]


def test_deep_nesting_is_refused(write) -> None:  # type: ignore[no-untyped-def]
    path = write("deep.yaml", GOOD_HEAD + "    deep: " + "[" * 200 + "]" * 200 + "\n")
    (message,) = problems_of(path)
    assert message == f"{path}:6: nesting deeper than 64 levels"


def test_missing_source_and_single_csv_file(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no such file or folder"):
        ecosystem.load(tmp_path / "nope.yaml")
    (tmp_path / "nodes.csv").write_text("id,type,name\n")
    with pytest.raises(SourceError, match="pass the folder"):
        ecosystem.load(tmp_path / "nodes.csv")


FIVE_PROBLEMS = """
ecosystem: Five
focal: acme
firms:
  - id: acme
    name: Acme
partners:
  - id: acme
    name: Duplicate
customers:
  - id: c
    name: C
    jobs:
      - {job: j, importance: 11, satisfaction: 2}
jobs:
  - id: j
    name: J
    requires:
      - {id: cap, weight: lots}
capabilities:
  - {id: cap, name: Cap, kind: money}
relationships:
  - {type: SERVES, from: acme, to: nobody}
"""


def test_five_problems_are_all_reported_in_one_go(write) -> None:  # type: ignore[no-untyped-def]
    path = write("five.yaml", FIVE_PROBLEMS)
    assert problems_of(path) == [
        f"{path}:7: duplicate id 'acme' (first at line 4)",
        f"{path}:13: importance must be a number from 0 to 10, got 11",
        f"{path}:18: weight must be a number > 0, got 'lots'",
        f"{path}:20: kind must be one of knowledge, skill, resource, got 'money'",
        f"{path}:22: to 'nobody' is not a node in this ecosystem",
    ]


# -- the one strict YAML reader (ecosystem.formats.documents.read_yaml) -----------------------


def test_explicit_tags_other_than_plain_data_are_refused_where_they_stand() -> None:
    from ecosystem.formats.documents import read_yaml

    # Line 3 holds the tag; the alias on line 4 is never reached: the first refusal stops the read.
    doc, problems = read_yaml("x.yaml", text="a: 1\nb: [x]\nc: !!binary aGk=\nd: *b\n")
    assert doc is None
    assert [str(p) for p in problems] == [
        "x.yaml:3: refused: the tag !!binary; only plain data (mappings, lists, strings, numbers) is allowed"
    ]


def test_a_second_document_is_refused() -> None:
    from ecosystem.formats.documents import read_yaml

    doc, problems = read_yaml("x.yaml", text="focal: a\n---\nfocal: b\n")
    assert doc is None and [str(p) for p in problems] == [
        "x.yaml:2: expected a single YAML document, found another one (---)"
    ]


def test_standard_tags_and_their_bad_values() -> None:
    from ecosystem.formats.documents import read_yaml

    doc, problems = read_yaml("x.yaml", text="a: !!int '12'\nb: !!str 12\nc: !!int twelve\nd: =\n")
    # !!int '12' is the number 12, !!str 12 the text '12'; 'twelve' is no integer (kept as text,
    # reported on its line); a lone '=' is text (YAML 1.1's "value key" is not honoured).
    assert doc == {"a": 12, "b": "12", "c": "twelve", "d": "="}
    assert [str(p) for p in problems] == ["x.yaml:3: 'twelve' is not a valid !!int"]


def test_typed_and_text_scalars_side_by_side() -> None:
    from ecosystem.formats.documents import LocatedStr, read_yaml

    text = "items:\n  - name: 007\n    id: null\n    year: 2016\n    on: yes\n    open: true\n    gone: ~\n"
    typed, _ = read_yaml("x.yaml", text=text)
    # typed: id/name kept exactly as typed (even 'null'); 2016 a number; 'yes' and 'on' stay text.
    assert typed["items"][0] == {"name": "007", "id": "null", "year": 2016, "on": "yes", "open": True, "gone": None}
    text_doc, _ = read_yaml("x.yaml", text=text, scalars="text", text_keys={"name", "id"})
    # text: everything is text but null and true/false; a text key's null is still None.
    assert text_doc["items"][0] == {"name": "007", "id": None, "year": "2016", "on": "yes", "open": True, "gone": None}
    name = text_doc["items"][0]["name"]
    assert isinstance(name, LocatedStr) and name.line == 2
    assert text_doc["items"].line == 2 and text_doc["items"].lines == [2]


def test_list_items_remember_their_lines() -> None:
    from ecosystem.formats.documents import line_at, read_yaml

    doc, _ = read_yaml("x.yaml", text="partners:\n  - a\n\n  - {id: b}\n  - [c]\n")
    items = doc["partners"]
    # 'a' on line 2, the mapping on line 4, the nested list on line 5.
    assert [line_at(items, i) for i in range(3)] == [2, 4, 5]
    assert line_at(items, 3, default=99) == 99


def test_a_property_called_key_is_an_ordinary_property(write) -> None:  # type: ignore[no-untyped-def]
    # networkx names an edge's key "key": the model must not trip over a property of that name.
    path = write("key.yaml", GOOD_HEAD + "    provides: [{id: c, key: 1}]\ncapabilities: [{id: c, name: C, kind: skill}]\n")
    eco = ecosystem.load(path)
    assert eco.relationships("PROVIDES")[0].properties == {"key": 1}
    _ = eco.add_node("acme2", "partner", "Acme 2")
    assert eco.add_relationship("PARTNERS_WITH", "acme", "acme2", key="k").properties == {"key": "k"}
    assert eco.relationships("PARTNERS_WITH")[0].properties == {"key": "k"}
