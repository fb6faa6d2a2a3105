"""Tests of the landscape.yml importer (ecosystem.formats.landscape).

Small hand-made landscapes pin each rule (expected values worked out by hand in
the comments); the two real landscapes in ../shared (CNCF, with no settings
file, and LF AI & Data, with an LFX config.yml) are checked against figures
computed independently with plain PyYAML.
"""

from __future__ import annotations

import json
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

from ecosystem.formats.landscape import (  # noqa: E402
    LandscapeImport,
    LandscapeJob,
    LandscapeMember,
    Skip,
    import_landscape,
    import_landscape_report,
    report_json,
    report_lines,
    slugify,
)
from ecosystem.model.errors import EcosystemError, InvalidEcosystemError, SourceError  # noqa: E402
from ecosystem.model.graph import NodeType, RelType  # noqa: E402

SHARED = ROOT.parent / "shared" / "datasets"
CNCF = SHARED / "cncf-landscape.yml"
LFAI = SHARED / "lfai" / "landscape.yml"
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
OWL = "org-item-non-public-organization-owl-member"


def write(folder: Path, text: str | bytes, name: str = "landscape.yml") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def problems_of(text: str | bytes, tmp_path: Path, **kwargs: object) -> str:
    path = write(tmp_path, text)
    with pytest.raises(InvalidEcosystemError) as info:
        import_landscape(path, **kwargs)  # type: ignore[arg-type]
    assert info.value.problems, "an InvalidEcosystemError lists its problems"
    return str(info.value)


def landscape(*categories: tuple[str, list[tuple[str, list[str]]]]) -> str:
    """A landscape text: categories of (name, [(subcategory, [item lines as flow mappings])])."""
    out = ["landscape:"]
    for name, subs in categories:
        out += [f"  - name: {name}", "    subcategories:"]
        for sub, items in subs:
            out += [f"      - name: {sub}", "        items:" if items else "        items: []"]
            out += [f"          - {item}" for item in items]
    return "\n".join(out) + "\n"


def item(name: str, slug: str | None = None, **extra: str) -> str:
    fields = [f"name: '{name}'", "homepage_url: 'https://x.example'"]
    if slug:
        fields.append(f"crunchbase: '{CB}{slug}'")
    fields += [f"{k}: '{v}'" for k, v in extra.items()]
    return "{" + ", ".join(fields) + "}"


# -- the small hand-made landscape ---------------------------------------------------------


@pytest.fixture()
def small(tmp_path: Path) -> tuple[object, LandscapeImport]:
    return import_landscape_report(write(tmp_path, SMALL))


def test_small_nodes(small: tuple) -> None:
    eco, _ = small
    assert eco.name == "Foo Landscape"  # "Foo Members" without the member word
    assert eco.focal == FOCAL  # 2 project items (Alpha, Gamma), nobody else has one
    assert [(n.id, n.name) for n in eco.firms()] == [(FOCAL, "Open Foo Foundation")]
    assert [(n.id, n.name) for n in eco.partners()] == [
        ("org-red-hat", "Red Hat"),  # the member entry "Red Hat (member)" spells the slug red-hat
        ("org-item-loner-db", "Loner DB"),
        ("org-delta-collective", "Delta Collective"),  # organization: {name}
        ("org-acme-corp", "Acme"),  # "Acme (member)" spells acme-corp without the legal form "corp"
        (OWL, "Non-Public Organization Owl"),  # an item standing for itself, without its "(member)" tag
    ]
    assert [(n.id, n.name) for n in eco.jobs()] == [("job-runtime", "Runtime"), ("job-serverless", "Serverless")]
    # two capabilities called Framework are told apart; the empty "Empty Shelf" is a placeholder, not a capability
    assert [(n.id, n.name, dict(n.attributes)) for n in eco.capabilities()] == [
        ("cap-runtime-framework", "Framework (Runtime)", {"kind": "resource", "category": "Runtime"}),
        ("cap-serverless-framework", "Framework (Serverless)", {"kind": "resource", "category": "Serverless"}),
    ]
    assert eco.node(FOCAL).attributes == {"crunchbase": CB + "open-foo-foundation"}
    # the query string and the capitals of a crunchbase URL do not make another organisation
    assert eco.node("org-red-hat").attributes == {"crunchbase": CB + "red-hat"}
    assert eco.node("org-item-loner-db").attributes == {
        "organisation_unknown": True,
        "homepage_url": "https://loner.example",
    }
    assert eco.node(OWL).get("organisation_unknown") is True
    assert eco.counts() == {"firm": 1, "partner": 5, "customer": 0, "job": 2, "capability": 2, "unit": 0}


def test_small_relationships(small: tuple) -> None:
    eco, _ = small
    rels = [(r.type.value, r.source, r.target, dict(r.properties)) for r in eco.relationships()]
    assert sorted(rels, key=repr) == sorted([
        ("REQUIRES", "job-runtime", "cap-runtime-framework", {}),
        ("REQUIRES", "job-serverless", "cap-serverless-framework", {}),
        ("PROVIDES", FOCAL, "cap-runtime-framework", {"items": ["Alpha"]}),
        ("PROVIDES", FOCAL, "cap-serverless-framework", {"items": ["Gamma"]}),
        ("PROVIDES", "org-red-hat", "cap-runtime-framework", {"items": ["Beta", "Zeta"]}),
        ("PROVIDES", "org-red-hat", "cap-serverless-framework", {"items": ["Epsilon"]}),
        ("PROVIDES", "org-item-loner-db", "cap-runtime-framework", {"items": ["Loner DB"]}),
        ("PROVIDES", "org-delta-collective", "cap-serverless-framework", {"items": ["Delta"]}),
        ("PROVIDES", "org-delta-collective", "cap-runtime-framework", {"items": ["Delta"]}),  # second_path
        ("PARTNERS_WITH", FOCAL, "org-red-hat",
         {"kind": "member", "tier": "Gold", "tiers": ["Gold", "Silver"], "since": "2019-05-01"}),
        ("PARTNERS_WITH", FOCAL, "org-acme-corp", {"kind": "member", "tier": "Silver"}),
        ("PARTNERS_WITH", FOCAL, OWL, {"kind": "member", "tier": "Silver"}),
    ], key=repr)  # fmt: skip
    # member tiers are neither jobs nor capabilities
    assert not any("members" in i or "gold" in i or "silver" in i for i in eco.ids())


def test_small_report(small: tuple) -> None:
    _, report = small
    assert report == LandscapeImport(
        source=report.source,
        settings=(),
        foundation=FOCAL,
        foundation_name="Open Foo Foundation",
        foundation_basis="the organisation owning the most items with a `project:` field (2)",
        members_category="Foo Members",
        members_basis="detected: the only category whose name contains 'member'",
        members=(
            LandscapeMember("org-red-hat", "Red Hat", "Gold"),
            LandscapeMember("org-acme-corp", "Acme", "Silver"),
            LandscapeMember(OWL, "Non-Public Organization Owl", "Silver"),
        ),
        member_tiers=("Gold", "Silver", "Academic"),
        jobs=(
            # Runtime / Framework: Alpha, Zeta, Beta, Loner DB and Delta by its second_path = 5
            LandscapeJob("Runtime", "job-runtime", ("Framework (Runtime)",), 5),
            LandscapeJob("Serverless", "job-serverless", ("Framework (Serverless)",), 3),
        ),
        skipped=(),
        placeholders=("Runtime / Empty Shelf",),
        placeholders_kept=False,
        items=11,  # 4 + 0 + 3 + 1 + 3 + 0 entries
        items_placed=7,
        items_as_members=4,
        items_skipped=0,
        organisations=6,
        capabilities=2,
        provisions=7,
        items_with_crunchbase=8,  # Alpha Zeta Beta Gamma Epsilon and the three crunchbase members
        items_named_organisation=1,  # Delta
        items_without_organisation=2,  # Loner DB, Owl
        second_paths=1,
        unresolved_second_paths=("Nowhere / Else",),  # listed twice in the file, reported once
    )
    assert report.items == report.items_placed + report.items_as_members + report.items_skipped
    with pytest.raises(AttributeError):
        report.items = 0  # type: ignore[misc]  # frozen


def test_report_renders_as_lines_and_json(small: tuple) -> None:
    _, report = small
    lines = report_lines(report)
    assert lines[0] == f"Landscape {report.source}: 11 items = 7 placed + 4 as members + 0 skipped"
    assert lines[1:] == [
        "Settings: none",
        "Foundation (focal firm): Open Foo Foundation (org-open-foo-foundation), "
        "the organisation owning the most items with a `project:` field (2)",
        "Members category: Foo Members (detected: the only category whose name contains 'member'): 3 members",
        "  Gold (1): Red Hat",
        "  Silver (2): Acme, Non-Public Organization Owl",
        "  Academic (0): ",
        "Jobs (2 categories, 2 capabilities, 7 provisions):",
        "  Runtime: 1 capability (Framework (Runtime)), 5 items",
        "  Serverless: 1 capability (Framework (Serverless)), 3 items",
        "Skipped (0)",
        "Placeholders (1, not made capabilities):",
        "  Runtime / Empty Shelf",
        "Unresolved second paths (1):",
        "  Nowhere / Else",
    ]
    plain = json.loads(report_json(report))
    assert plain["members"][0] == {"id": "org-red-hat", "name": "Red Hat", "tier": "Gold"}
    assert plain["placeholders"] == ["Runtime / Empty Shelf"]
    assert plain["unresolved_second_paths"] == ["Nowhere / Else"]


def test_keep_placeholders(tmp_path: Path) -> None:
    eco, report = import_landscape_report(write(tmp_path, SMALL), keep_placeholders=True)
    # Empty Shelf is now a capability Runtime requires and nobody provides: a gap
    assert [r.capability for r in eco.requirements("job-runtime")] == ["cap-runtime-framework", "cap-runtime-empty-shelf"]
    assert eco.providers("cap-runtime-empty-shelf") == []
    assert report.placeholders == ("Runtime / Empty Shelf",) and report.placeholders_kept
    assert report.capabilities == 3


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
        assert eco.focal == "org-red-hat" and report.foundation_basis == "given as the foundation argument"
        assert [n.id for n in eco.firms()] == ["org-red-hat"]
        assert eco.type_of(FOCAL) is NodeType.PARTNER
        # the members category belongs to the foundation: members partner with Red Hat now
        assert set(eco.partners_of("org-red-hat")) == {"org-acme-corp", OWL}
    message = problems_of(SMALL, tmp_path, foundation="red-hut")
    assert "foundation 'red-hut' owns no item" in message and "did you mean 'red-hat'" in message
    # a full crunchbase URL of an organisation without items is taken (a members-only landscape)
    eco, report = import_landscape_report(path, foundation=CB + "umbrella-foundation")
    assert eco.focal == "org-umbrella-foundation" and eco.name_of(eco.focal) == "Umbrella Foundation"
    assert report.foundation_basis == "given as the foundation argument (it owns no item)"


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
    assert eco.relationships(RelType.PROVIDES, source="org-item-lonely")[0].properties == {"items": ["Lonely", "Lonely"]}
    counts = (report.items_with_crunchbase, report.items_named_organisation, report.items_without_organisation)
    assert counts == (1, 2, 2)
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
        items: [{{name: Four, homepage_url: 'https://four.example'}}]
  - name: A B
    subcategories:
      - name: X
        items: [{{name: Five, homepage_url: 'https://five.example'}}]
"""
    eco = import_landscape(write(tmp_path, text))
    assert eco.ids() == [
        "org-foo-bar",
        "org-foo-bar-2",
        "org-" + slugify("开放"),
        "org-item-c",
        "org-item-c-2",
        "org-item-four",
        "org-item-five",
        "job-a-b",
        "job-a-b-2",
        "cap-a-b-x",
        "cap-a-b-x-2",
        "cap-a-b-x-3",
    ]
    assert all(re.fullmatch(r"[a-z0-9-]+", i) for i in eco.ids())
    assert eco.name_of("org-" + slugify("开放")) == "开放"
    assert eco.name_of("org-foo-bar") == "Foo.bar"
    # three capabilities named X / x / X: each told apart by its category (two are in "A & B")
    assert [n.name for n in eco.capabilities()] == ["X (A & B)", "x (A & B)", "X (A B)"]


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
    assert eco.capabilities_of("org-cncf") == ["cap-infra-installable-platform", "cap-infra-governance-policy-and-security"]
    assert report.placeholders == ()  # the second_path fills the subcategory that had no item of its own
