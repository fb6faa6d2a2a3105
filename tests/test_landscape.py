"""Tests of the landscape.yml importer (ecosystem.formats.landscape)."""

from __future__ import annotations

import doctest
import re
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# Submodules are imported directly: the package's __init__ may be mid-edit.
import ecosystem.formats.landscape as landscape_module  # noqa: E402
from ecosystem.model.errors import EcosystemError, InvalidEcosystemError, SourceError  # noqa: E402
from ecosystem.formats.landscape import (  # noqa: E402
    LandscapeImport,
    import_landscape,
    import_landscape_report,
    slugify,
)
from ecosystem.model.graph import NodeType, RelType  # noqa: E402

CNCF = Path(__file__).resolve().parents[2] / "shared/datasets/cncf-landscape.yml"
CB = "https://www.crunchbase.com/organization/"

SMALL = f"""\
landscape:
  - category:
    name: Runtime
    subcategories:
      - subcategory:
        name: Framework
        items:
          - item:
            name: Alpha
            project: graduated
            crunchbase: {CB}open-foo-foundation
          - item:
            name: Zeta
            crunchbase: {CB}red-hat
          - item:
            name: Beta
            crunchbase: {CB}red-hat
          - item:
            name: Loner DB
            homepage_url: https://loner.example
      - subcategory:
        name: Empty Shelf
        items:
  - category:
    name: Serverless
    subcategories:
      - subcategory:
        name: Framework
        items:
          - item:
            name: Gamma
            project: sandbox
            crunchbase: {CB}open-foo-foundation
          - item:
            name: Delta
            organization:
              name: Delta Collective
            second_path:
              - Runtime / Framework
              - Nowhere / Else
          - item:
            name: Epsilon
            crunchbase: {CB}Red-Hat?utm_source=landscape
  - category:
    name: Foo Members
    subcategories:
      - subcategory:
        name: Gold
        items:
          - item:
            name: Red Hat (member)
            crunchbase: {CB}red-hat
            joined: '2019-05-01'
      - subcategory:
        name: Silver
        items:
          - item:
            name: Acme (member)
            crunchbase: {CB}acme-corp
          - item:
            name: Red Hat again (member)
            crunchbase: {CB}red-hat
          - item:
            name: Non-Public Organization Owl (member)
            unnamed_organization: true
      - subcategory:
        name: Academic
        items: []
"""

FOCAL = "org-open-foo-foundation"


def write(tmp_path: Path, text: str | bytes, name: str = "landscape.yml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def problems_of(text: str | bytes, tmp_path: Path, **kwargs: str) -> str:
    path = write(tmp_path, text)
    with pytest.raises(InvalidEcosystemError) as info:
        import_landscape(path, **kwargs)
    assert info.value.problems, "an InvalidEcosystemError lists its problems"
    return str(info.value)


# -- the small hand-made landscape ---------------------------------------------------------


@pytest.fixture()
def small(tmp_path: Path) -> tuple[object, LandscapeImport]:
    return import_landscape_report(write(tmp_path, SMALL))


def test_small_nodes(small: tuple) -> None:
    eco, _ = small
    assert eco.name == "Foo Landscape"  # from the "Foo Members" category
    assert eco.focal == FOCAL
    assert [(n.id, n.name) for n in eco.firms()] == [(FOCAL, "Open Foo Foundation")]
    assert [(n.id, n.name) for n in eco.partners()] == [
        ("org-red-hat", "Red Hat"),
        ("org-item-loner-db", "Loner DB"),
        ("org-delta-collective", "Delta Collective"),
        ("org-acme-corp", "Acme Corp"),
        ("org-item-non-public-organization-owl-member", "Non-Public Organization Owl (member)"),
    ]
    assert [(n.id, n.name) for n in eco.jobs()] == [("job-runtime", "Runtime"), ("job-serverless", "Serverless")]
    assert [(n.id, n.name, dict(n.attributes)) for n in eco.capabilities()] == [
        ("cap-runtime-framework", "Framework", {"kind": "resource", "category": "Runtime"}),
        ("cap-runtime-empty-shelf", "Empty Shelf", {"kind": "resource", "category": "Runtime"}),
        ("cap-serverless-framework", "Framework", {"kind": "resource", "category": "Serverless"}),
    ]
    assert eco.node(FOCAL).attributes == {"crunchbase": CB + "open-foo-foundation"}
    # the query string and the capitals of a crunchbase URL do not make another organisation
    assert eco.node("org-red-hat").attributes == {"crunchbase": CB + "red-hat"}
    assert eco.node("org-item-loner-db").attributes == {
        "organisation_unknown": True,
        "homepage_url": "https://loner.example",
    }
    assert eco.node("org-delta-collective").attributes == {}
    assert eco.node("org-item-non-public-organization-owl-member").get("organisation_unknown") is True
    assert eco.counts() == {"firm": 1, "partner": 5, "customer": 0, "job": 2, "capability": 3, "unit": 0}


def test_small_relationships(small: tuple) -> None:
    eco, _ = small
    rels = [(r.type.value, r.source, r.target, dict(r.properties)) for r in eco.relationships()]
    expected = [
        ("REQUIRES", "job-runtime", "cap-runtime-framework", {}),
        ("REQUIRES", "job-runtime", "cap-runtime-empty-shelf", {}),
        ("REQUIRES", "job-serverless", "cap-serverless-framework", {}),
        ("PROVIDES", FOCAL, "cap-runtime-framework", {"items": ["Alpha"]}),
        ("PROVIDES", FOCAL, "cap-serverless-framework", {"items": ["Gamma"]}),
        ("PROVIDES", "org-red-hat", "cap-runtime-framework", {"items": ["Beta", "Zeta"]}),
        ("PROVIDES", "org-red-hat", "cap-serverless-framework", {"items": ["Epsilon"]}),
        ("PROVIDES", "org-item-loner-db", "cap-runtime-framework", {"items": ["Loner DB"]}),
        ("PROVIDES", "org-delta-collective", "cap-serverless-framework", {"items": ["Delta"]}),
        ("PROVIDES", "org-delta-collective", "cap-runtime-framework", {"items": ["Delta"]}),  # second_path
        (
            "PARTNERS_WITH", FOCAL, "org-red-hat",
            {"kind": "member", "tier": "Gold", "tiers": ["Gold", "Silver"], "since": "2019-05-01"},
        ),
        ("PARTNERS_WITH", FOCAL, "org-acme-corp", {"kind": "member", "tier": "Silver"}),
        (
            "PARTNERS_WITH", FOCAL, "org-item-non-public-organization-owl-member",
            {"kind": "member", "tier": "Silver"},
        ),
    ]
    assert sorted(rels, key=repr) == sorted(expected, key=repr)
    # the empty subcategory is a required capability nobody provides: a real gap
    assert eco.providers("cap-runtime-empty-shelf") == []
    assert [r.weight for r in eco.requirements("job-runtime")] == [1.0, 1.0]
    # no job or capability for the members category
    assert not any("members" in i or "gold" in i for i in eco.ids())


def test_small_report(small: tuple) -> None:
    _, report = small
    assert report == LandscapeImport(
        source=report.source,
        foundation=FOCAL,
        foundation_detected=True,
        items=11,
        organisations=6,
        members=3,
        jobs=2,
        capabilities=3,
        empty_capabilities=1,
        provisions=7,
        items_with_crunchbase=8,
        items_named_organisation=1,
        items_without_organisation=2,
        second_paths=1,
        unresolved_second_paths=("Nowhere / Else",),
    )
    with pytest.raises(AttributeError):
        report.items = 0  # type: ignore[misc]  # frozen


def test_text_argument_and_path_give_the_same(tmp_path: Path) -> None:
    from_file = import_landscape(write(tmp_path, SMALL))
    from_text = import_landscape(tmp_path / "landscape.yml", text=SMALL)
    assert from_file == from_text


def test_deterministic(tmp_path: Path) -> None:
    path = write(tmp_path, SMALL)
    a, b = import_landscape(path), import_landscape(path)
    assert a == b
    assert list(a.graph.nodes(data=True)) == list(b.graph.nodes(data=True))
    assert list(a.graph.edges(keys=True, data=True)) == list(b.graph.edges(keys=True, data=True))


def test_round_trips_through_the_document_builder(small: tuple) -> None:
    """The imported graph obeys the model: the YAML/JSON document builder accepts it as it is."""
    from ecosystem.model.building import build_document, to_document

    eco, _ = small
    assert build_document(to_document(eco), "again.yaml") == eco


def test_foundation_argument(tmp_path: Path) -> None:
    path = write(tmp_path, SMALL)
    for given in ("red-hat", CB + "red-hat", "org-red-hat", "Red-Hat"):
        eco, report = import_landscape_report(path, foundation=given)
        assert eco.focal == "org-red-hat" and report.foundation_detected is False
        assert [n.id for n in eco.firms()] == ["org-red-hat"]
        assert eco.type_of(FOCAL) is NodeType.PARTNER
        # the members category belongs to the foundation: members partner with Red Hat now
        assert set(eco.partners_of("org-red-hat")) == {
            "org-acme-corp",
            "org-item-non-public-organization-owl-member",
        }
    message = problems_of(SMALL, tmp_path, foundation="red-hut")
    assert "foundation 'red-hut' owns no item" in message and "did you mean 'red-hat'" in message


def test_items_without_crunchbase_and_organization_as_url(tmp_path: Path) -> None:
    text = f"""\
landscape:
  - name: Tools
    subcategories:
      - name: Misc
        items:
          - name: Devtron
            organization: {CB}devtron-labs
          - name: Devtron Helm
            crunchbase: {CB}devtron-labs
            project: sandbox
          - name: Kubefwd
            organization: {{name: txn2}}
          - name: Lonely
          - name: Lonely
"""
    eco, report = import_landscape_report(write(tmp_path, text))
    assert eco.focal == "org-devtron-labs"
    assert [n.id for n in eco.partners()] == ["org-txn2", "org-item-lonely"]
    assert eco.relationships(RelType.PROVIDES, source="org-devtron-labs")[0].properties == {
        "items": ["Devtron", "Devtron Helm"]
    }
    # the same item name twice is one organisation; nothing is lost from items
    assert eco.relationships(RelType.PROVIDES, source="org-item-lonely")[0].properties == {
        "items": ["Lonely", "Lonely"]
    }
    assert (report.items_with_crunchbase, report.items_named_organisation, report.items_without_organisation) == (
        1,
        2,
        2,
    )
    assert eco.name == "Devtron Labs Landscape"  # no members category: the foundation's name


def test_ids_are_slugs_and_deduplicated(tmp_path: Path) -> None:
    text = f"""\
landscape:
  - name: A & B
    subcategories:
      - name: X
        items:
          - name: One
            project: incubating
            crunchbase: {CB}foo.bar
          - name: Two
            crunchbase: {CB}foo-bar
          - name: Three
            crunchbase: {CB}%E5%BC%80%E6%94%BE
          - name: C
          - name: C++
      - name: x
  - name: A B
    subcategories:
      - name: X
"""
    eco = import_landscape(write(tmp_path, text))
    assert eco.ids() == [
        "org-foo-bar",
        "org-foo-bar-2",
        "org-" + slugify("开放"),
        "org-item-c",
        "org-item-c-2",
        "job-a-b",
        "job-a-b-2",
        "cap-a-b-x",
        "cap-a-b-x-2",
        "cap-a-b-x-3",
    ]
    assert all(re.fullmatch(r"[a-z0-9-]+", i) for i in eco.ids())
    assert eco.name_of("org-" + slugify("开放")) == "开放"
    assert eco.name_of("org-foo-bar") == "Foo.bar"
    assert slugify("开放").startswith("x") and len(slugify("开放")) == 9


def test_second_path_matched_loosely(tmp_path: Path) -> None:
    text = f"""\
landscape:
  - name: Infra
    subcategories:
      - name: Governance, Policy and Security
      - name: Installable Platform
        items:
          - name: Kyverno
            project: incubating
            crunchbase: {CB}cncf
            second_path: ['Infra / Governance, Policy & Security', 'Infra / Installable Platforms',
                          'Infra / Installable Platform']
"""
    eco, report = import_landscape_report(write(tmp_path, text))
    assert report.second_paths == 1 and report.unresolved_second_paths == ()
    assert eco.capabilities_of("org-cncf") == [
        "cap-infra-installable-platform",
        "cap-infra-governance-policy-and-security",
    ]
    assert report.empty_capabilities == 0


def test_doctests() -> None:
    result = doctest.testmod(landscape_module)
    assert result.attempted > 0 and result.failed == 0


# -- bad input ---------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no such file"):
        import_landscape(tmp_path / "nope.yml")
    with pytest.raises(SourceError, match="is a folder"):
        import_landscape(tmp_path)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ecosystem: Demo\nfirms: []\n", "landscape.yml:1: not a landscape file: expected a top-level `landscape:`"),
        ("- a\n- b\n", "not a landscape file"),
        ("", "the file is empty"),
        ("landscape: 3\n", "landscape must be a list of categories"),
        ("landscape: []\n", "the landscape list is empty"),
        ("landscape:\n  - name: x\n    subcategories: [\n", "landscape.yml:4: not valid YAML"),
        ("landscape:\n  - name: x\n\tsubcategories: []\n", "not valid YAML"),
        ("landscape:\n  - &a {name: x}\n  - *a\n", "landscape.yml:3: anchors and aliases"),
        ("landscape: !!python/object/apply:os.system [ls]\n", "refused: the tag"),
        ("landscape: " + "[" * 200 + "]" * 200, "nesting deeper than"),
        ("landscape: []\n---\nlandscape: []\n", "expected a single YAML document"),
        ("landscape:\n  - name: a\n    name: b\n", "landscape.yml:3: duplicate key 'name'"),
    ],
)
def test_not_a_landscape(tmp_path: Path, text: str, expected: str) -> None:
    assert expected in problems_of(text, tmp_path)


def test_not_utf8(tmp_path: Path) -> None:
    message = problems_of("landscape:\n  - name: Caf\xe9\n".encode("latin-1"), tmp_path)
    assert "landscape.yml:2: not UTF-8 text" in message


def test_bad_items_are_all_reported_with_lines(tmp_path: Path) -> None:
    text = f"""\
landscape:
  - name: Cat
    subcategories:
      - name: Sub
        items:
          - homepage_url: https://nameless.example
          - name: Wrong URL
            crunchbase: https://example.com/acme
          - name: [not, a, name]
          - just a string
          - name: Org
            organization: {{homepage: x}}
          - name: Fine
            project: sandbox
            crunchbase: {CB}cncf
      - items: []
  - subcategories: 5
"""
    with pytest.raises(InvalidEcosystemError) as info:
        import_landscape(write(tmp_path, text))
    found = [(p.line, p.message) for p in info.value.problems]
    assert found == [
        (6, "an item of Cat / Sub has no name"),
        (7, "crunchbase of 'Wrong URL' must be a https://www.crunchbase.com/organization/<slug> URL, "
                "got 'https://example.com/acme'"),
        (9, "an item of Cat / Sub has no name (name: ['not', 'a', 'name'])"),
        (10, "an item of Cat / Sub must be a mapping with name, got 'just a string'"),
        (11, "organization of 'Org' has no name"),
        (16, "a subcategory of 'Cat' has no name"),
        (17, "a category has no name"),
        (17, "subcategories of 'category at line 17' must be a list, got '5'"),
    ]
    assert all(p.source == str(tmp_path / "landscape.yml") for p in info.value.problems)


def test_no_project_needs_foundation(tmp_path: Path) -> None:
    text = f"landscape:\n  - name: C\n    subcategories:\n      - name: S\n        items:\n" \
           f"          - name: A\n            crunchbase: {CB}acme\n"
    message = problems_of(text, tmp_path)
    assert "no item has a `project:` field" in message and "foundation=" in message
    assert import_landscape(write(tmp_path, text), foundation="acme").focal == "org-acme"


def test_only_library_errors(tmp_path: Path) -> None:
    """Odd but parseable input never gives a traceback of another kind."""
    for text in (
        "landscape:\n  - null\n",
        "landscape:\n  - name: C\n    subcategories:\n      - null\n      - name: S\n        items: {a: 1}\n",
        "landscape:\n  - name: 12\n    subcategories:\n      - name: true\n        items:\n          - name: 2048\n",
        "landscape:\n  - name: C\n    subcategories:\n      - name: S\n        items:\n"
        "          - {name: A, project: x, crunchbase: 5, second_path: 7}\n",
        "landscape:\n  - name: C\n    subcategories:\n      - name: S\n        items:\n"
        "          - {name: A, project: x, second_path: [1, 2]}\n",
    ):
        try:
            import_landscape(write(tmp_path, text))
        except EcosystemError:
            pass
    assert "landscape.yml:2: a mapping key must be a plain value, got a list" in problems_of(
        "landscape:\n  ? [a]\n  : b\n", tmp_path
    )


def test_scalars_are_kept_as_typed(tmp_path: Path) -> None:
    text = "landscape:\n  - name: 2048\n    subcategories:\n      - name: no\n        items:\n" \
           "          - name: 007\n            project: sandbox\n            crunchbase: " + CB + "acme\n"
    eco = import_landscape(write(tmp_path, text))
    assert eco.name_of("job-2048") == "2048"
    assert eco.name_of("cap-2048-no") == "no"
    assert eco.relationships(RelType.PROVIDES)[0].properties == {"items": ["007"]}


# -- the real CNCF landscape -------------------------------------------------------------

needs_cncf = pytest.mark.skipif(not CNCF.is_file(), reason=f"the CNCF landscape is not at {CNCF}")


def _plain_figures(path: Path) -> dict[str, object]:
    """Figures computed with plain PyYAML, independently of the importer."""
    doc = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    categories = doc["landscape"]
    members = [c for c in categories if c["name"].lower().endswith("members")]
    others = [c for c in categories if c not in members]

    def org_key(item: dict) -> tuple[str, str]:
        url = item.get("crunchbase") or (
            item["organization"] if isinstance(item.get("organization"), str) else None
        )
        if url:
            return ("cb", unquote(urlsplit(url).path.split("/")[2]).lower())
        if isinstance(item.get("organization"), dict):
            return ("name", item["organization"]["name"].lower())
        return ("item", item["name"].lower())

    all_items = [
        item
        for c in categories
        for s in c.get("subcategories") or []
        for item in s.get("items") or []
    ]
    member_orgs = {org_key(i) for c in members for s in c["subcategories"] for i in s.get("items") or []}
    no_cb = [i for i in all_items if not i.get("crunchbase")]
    return {
        "jobs": len(others),
        "capabilities": sum(len(c.get("subcategories") or []) for c in others),
        "job_names": [c["name"] for c in others],
        "items": len(all_items),
        "items_without_crunchbase": len(no_cb),
        "items_with_organization": sum(1 for i in no_cb if i.get("organization")),
        "organisations": len({org_key(i) for i in all_items}),
        "members": len(member_orgs - {("cb", "cloud-native-computing-foundation")}),
        "second_path_entries": sum(len(i.get("second_path") or []) for i in all_items),
        "non_member_items": sum(
            len(s.get("items") or []) for c in others for s in c.get("subcategories") or []
        ),
        "member_category": members[0]["name"],
    }


@needs_cncf
def test_real_cncf_landscape() -> None:
    expected = _plain_figures(CNCF)
    started = time.perf_counter()
    eco, report = import_landscape_report(CNCF)
    elapsed = time.perf_counter() - started

    assert eco.focal == "org-cloud-native-computing-foundation"
    assert report.foundation_detected
    assert eco.name == "CNCF Landscape" and expected["member_category"] == "CNCF Members"
    assert [n.id for n in eco.firms()] == ["org-cloud-native-computing-foundation"]
    assert eco.name_of(eco.focal) == "Cloud Native Computing Foundation"

    assert report.jobs == len(eco.jobs()) == expected["jobs"]
    assert [j.name for j in eco.jobs()] == expected["job_names"]
    assert report.capabilities == len(eco.capabilities()) == expected["capabilities"]
    assert eco.relationship_counts()["REQUIRES"] == expected["capabilities"]
    assert report.items == expected["items"]
    assert report.organisations == len(eco.organisations()) == expected["organisations"]
    assert report.items_named_organisation + report.items_without_organisation == expected["items_without_crunchbase"]
    assert report.items_named_organisation == expected["items_with_organization"]
    assert report.items_with_crunchbase == expected["items"] - expected["items_without_crunchbase"]

    member_links = [r for r in eco.relationships(RelType.PARTNERS_WITH) if r.get("kind") == "member"]
    assert report.members == len(member_links) == expected["members"]
    assert all(r.source == eco.focal for r in member_links)
    assert {r.get("tier") for r in member_links} == {
        "Platinum", "Gold", "Silver", "Academic", "Nonprofit", "End User Supporter and Contributor",
    }
    assert eco.relationship_counts()["PARTNERS_WITH"] == expected["members"]

    # every item is in the items of exactly one PROVIDES (plus its second paths)
    provides = eco.relationships(RelType.PROVIDES)
    assert report.provisions == len(provides)
    assert sum(len(r.properties["items"]) for r in provides) == expected["non_member_items"] + report.second_paths
    assert report.second_paths + len(report.unresolved_second_paths) <= expected["second_path_entries"]

    ids = eco.ids()
    assert len({i.casefold() for i in ids}) == len(ids)
    assert all(re.fullmatch(r"[a-z0-9-]+", i) for i in ids)
    assert all(n.get("kind") == "resource" and n.get("category") for n in eco.capabilities())
    # "Framework" and "Evaluation" are subcategories of two categories each
    assert "cap-serverless-framework" in eco and "cap-inference-framework" in eco
    assert "cap-ai-agent-evaluation" in eco and "cap-training-evaluation" in eco
    assert elapsed < 30, f"importing the CNCF landscape took {elapsed:.1f} s"

    again = import_landscape(CNCF)
    assert again == eco and again.ids() == ids
