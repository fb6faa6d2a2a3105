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


# -- members from the settings file ------------------------------------------------------------

# Three technology items of the foundation "cd-foundation" and a members category whose name does not
# contain "member": only a settings file can say it lists the members.
SUPPORTED = landscape(
    ("CI", [("Pipelines", [item("Tekton", "cd-foundation", project="graduated"), item("Jenkins X", "cd-foundation",
                                                                                     project="incubating")])]),
    ("CDF Supporters", [("Premier", [item("Google LLC", "google")]),
                        ("General", [item("Harness", "harness-512d"), item("Acme", "acme")])]),
)


def test_landscapeapp_settings_global_membership(tmp_path: Path) -> None:
    write(tmp_path, "global:\n  name: CD Foundation Interactive Landscape\n  short_name: CDF\n"
                    "  membership: CDF Supporters\n  self: " + CB + "cd-foundation\nmembership:\n"
                    "  Premier: {label: Premier Member}\n", "settings.yml")
    eco, report = import_landscape_report(write(tmp_path, SUPPORTED))
    assert report.settings == (str(tmp_path / "settings.yml"),)
    assert report.members_category == "CDF Supporters"
    assert report.members_basis == "settings.yml line 4 (global.membership)"
    # the display name is the settings' short name; the landscape is named after it
    assert (eco.focal, eco.name_of(eco.focal), eco.name) == ("org-cd-foundation", "CDF", "CDF Landscape")
    assert report.foundation_basis == "named in settings.yml line 5 (global.self)"
    assert [(m.name, m.tier) for m in report.members] == [("Google", "Premier"), ("Harness", "General"),
                                                          ("Acme", "General")]
    assert [j.name for j in eco.jobs()] == ["CI"]  # the members category is never a job
    tiers = {r.target: r.get("tier") for r in eco.relationships(RelType.PARTNERS_WITH)}
    assert tiers == {"org-google": "Premier", "org-harness-512d": "General", "org-acme": "General"}


def test_landscape2_settings(tmp_path: Path) -> None:
    write(tmp_path, "foundation: CDF\nurl: https://landscape.cd.foundation\nmembers_category: cdf supporters\n",
          "settings.yml")
    eco, report = import_landscape_report(write(tmp_path, SUPPORTED))
    assert report.members_basis == "settings.yml line 3 (members_category)"  # matched ignoring case
    assert report.members_category == "CDF Supporters" and len(report.members) == 3
    assert eco.name_of(eco.focal) == "CDF"
    assert report.foundation_basis == "the organisation owning the most items with a `project:` field (2)"


def test_lfx_config_with_member_classes_and_projects_category(tmp_path: Path) -> None:
    text = landscape(
        ("Projects", [("Active", [item("Tekton", "cd-foundation", project="active")])]),
        ("CI", [("Pipelines", [item("Jenkins X", "cd-foundation", project="incubating")])]),
        ("CDF Supporters", [("General", [item("Acme", "acme"), item("Google LLC", "google")]),
                            ("Premier", [item("Google LLC", "google")])]),
    )
    write(tmp_path, "landscapeMemberClasses:\n  - name: Premier Membership\n    category: Premier\n"
                    "  - name: General Membership\n    category: General\nslug: cdf\n"
                    "landscapeMemberCategory: CDF Supporters\nlandscapeProjectsCategory: Projects\n", "config.yml")
    eco, report = import_landscape_report(write(tmp_path, text))
    assert report.members_basis == "config.yml line 7 (landscapeMemberCategory)"
    # the member classes order the tiers: Google is Premier (first class) and General
    assert report.member_tiers == ("Premier", "General")
    google = eco.relationships(RelType.PARTNERS_WITH, target="org-google")[0]
    assert (google.get("tier"), google.get("tiers")) == ("Premier", ["Premier", "General"])
    assert report.skipped == (Skip("Projects", 1, "stage list (the projects category of config.yml line 8 "
                                                  "(landscapeProjectsCategory))"),)
    assert [j.name for j in report.jobs] == ["CI"]
    assert eco.name == "CDF Landscape"  # the members category's name without "Supporters"
    assert eco.name_of(eco.focal) == "CD Foundation"  # no display name in config.yml: the slug's words


def test_explicit_settings_and_members_argument(tmp_path: Path) -> None:
    config = write(tmp_path / "elsewhere", "landscapeMemberCategory: CDF Supporters\n", "config.yml")
    path = write(tmp_path, SUPPORTED)
    _, report = import_landscape_report(path, settings=config)
    assert report.members_category == "CDF Supporters" and report.settings == (str(config),)
    # the members argument overrides the settings
    _, report = import_landscape_report(path, settings=config, members="ci")
    assert (report.members_category, report.members_basis) == ("CI", "the members argument")
    assert [j.name for j in report.jobs] == []  # CI was the only technology
    with pytest.raises(SourceError, match="no such file"):
        import_landscape(path, settings=tmp_path / "nope.yml")


def test_without_settings_members_detected_and_said(tmp_path: Path) -> None:
    text = landscape(
        ("Runtime", [("Engines", [item("Rook", "cncf", project="graduated")])]),
        ("Member Products", [("Misc", [item("Foo DB", "foo")])]),
        ("Foo Member Company", [("Gold", [item("Acme", "acme"), item("Beta", "beta")])]),
    )
    eco, report = import_landscape_report(write(tmp_path, text))
    # two categories contain "member": the one with the most items (2 against 1) lists the members
    assert report.members_category == "Foo Member Company"
    assert report.members_basis == ("detected: the category with the most items whose name contains 'member' "
                                    "(others: 'Member Products')")
    assert report.skipped == (Skip("Member Products", 1, "member logos (the name says 'Member')"),)
    assert eco.name == "Foo Landscape"
    alone = landscape(("Runtime", [("Engines", [item("Rook", "cncf", project="graduated")])]))
    _, none = import_landscape_report(write(tmp_path, alone))
    assert none.members_category is None and none.members == ()
    assert none.members_basis == "none: no settings file names one and no category name contains 'member'"


# -- categories that are not technologies ---------------------------------------------------------------


def test_non_technology_categories_are_skipped_with_their_reason(tmp_path: Path) -> None:
    tagged = [item(f"Firm {c} (KCSP)", f"firm-{c}") for c in "abcd"]
    own = [item(n.title(), n) for n in ("alpha", "bravo", "charlie", "delta", "echo")]
    text = landscape(
        ("Runtime", [("Engines", [item("Rook", "open-foundation", project="graduated")]),
                     ("Service", tagged),  # 4 of 4 tagged "(KCSP)"
                     ("Vendors", own),  # 5 of 5 named like their own organisation
                     ("Archived", [item("Old", "open-foundation", project="archived")]),
                     ("Tools", [item("Hammer", "tools-inc")])]),
        ("Dev Days 2024", [("Talks", [item("Keynote", "talks")])]),
        ("Hosting Companies", [("All", [item("Amazon (hosting)", "amazon")])]),
        ("Foundation Projects", [("Graduated", [item("Rook", "open-foundation", project="graduated")]),
                                 ("Incubating", [item("Kyverno", "open-foundation", project="incubating")])]),
        ("SIGs", [("SIG Storage", [])]),
        ("Logos", [("Friends", ["{name: Friend, logo: friend.svg}", "{name: Other, logo: other.svg}"])]),
        ("Training Partners", [("Everyone", [item("Teach Co", "teach")])]),
        ("Empty", [("Nothing yet", [])]),
    )
    eco, report = import_landscape_report(write(tmp_path, text), skip_categories=["runtime / tools"])
    assert report.skipped == (
        Skip("Runtime / Service", 4, "organisation list (4 of 4 items are tagged '(kcsp)')"),
        Skip("Runtime / Vendors", 5, "organisation list (5 of 5 items are named like their own organisation)"),
        Skip("Runtime / Archived", 1, "stage list (the name says 'Archived')"),
        Skip("Runtime / Tools", 1, "skipped by request (skip_categories)"),
        Skip("Dev Days 2024", 1, "events (the name says 'Days')"),
        Skip("Hosting Companies", 1, "hosting and service providers (the name says 'Hosting')"),
        Skip("Foundation Projects", 2, "stage list (subcategories Graduated, Incubating are project stages)"),
        Skip("SIGs", 0, "working groups (the name says 'SIGs')"),
        Skip("Logos / Friends", 2, "logos only (no item has a homepage, repository, description or project)"),
        Skip("Logos", 0, "every subcategory is skipped"),
        Skip("Training Partners", 1, "hosting and service providers (the name says 'Training Partners')"),
    )
    assert report.placeholders == ("Empty / Nothing yet",)
    assert [j.name for j in eco.jobs()] == ["Runtime"]
    assert [c.name for c in eco.capabilities()] == ["Engines"]
    # 1 placed + (4 + 5 + 1 + 1) + 1 + 1 + 2 + 0 + 2 + 1 skipped = 19 entries, nothing lost
    assert (report.items, report.items_placed, report.items_skipped) == (19, 1, 18)
    # organisations whose items are all skipped are not in the ecosystem
    assert [n.id for n in eco.organisations()] == ["org-open-foundation"]
    with pytest.raises(InvalidEcosystemError, match="skip_categories names 'Runtme', which is not a category"):
        import_landscape(tmp_path / "landscape.yml", skip_categories="Runtme")


def test_a_category_whose_subcategories_are_all_skipped_is_skipped(tmp_path: Path) -> None:
    text = landscape(
        ("Runtime", [("Engines", [item("Rook", "open-foundation", project="graduated")])]),
        ("Special", [("Kubernetes Certified Service Provider", [item("Acme (KCSP)", "acme")]),
                     ("Training Partner", [item("Teach (KTP)", "teach")])]),
    )
    _, report = import_landscape_report(write(tmp_path, text))
    assert [s.path for s in report.skipped] == [
        "Special / Kubernetes Certified Service Provider", "Special / Training Partner", "Special"]
    assert report.skipped[-1].reason == "every subcategory is skipped"
    assert [j.name for j in report.jobs] == ["Runtime"]


# -- names ------------------------------------------------------------------------------------------------


def test_organisation_names_without_slug_artefacts(tmp_path: Path) -> None:
    text = landscape(("Tools", [("Misc", [
        item("Watsonx", "ibm", project="graduated"), item("Watsonx 2", "ibm", project="graduated"),
        item("Open MCT", "nasa"), item("Grid Tool", "lf-energy"), item("Scanner", "fossa-2"),
        item("Harness", "harness-512d"), item("OpenVDB", "dreamworks-9660"),
        item("Spinnaker", "continuous-delivery-foundation-cdf"), item("OpenShift", "red-hat"),
        item("NVIDIA Corporation", "nvidia"), item("Gizmo", "acme-gmbh"),
        item("Thing", "named", organization="{name: Explicit Name}"),
    ])]))
    text = text.replace("organization: '{name: Explicit Name}'", "organization: {name: Explicit Name}")
    eco = import_landscape(write(tmp_path, text))
    assert [n.name for n in eco.organisations()] == [
        "IBM",  # common acronym
        "NASA",
        "LF Energy",  # a short word without a vowel is an acronym
        "Fossa",  # crunchbase's "-2" dropped
        "Harness",  # an item named like its organisation: "-512d" gone with it
        "Dreamworks",  # "-9660" dropped
        "Continuous Delivery Foundation (CDF)",  # a last word made of the initials before it
        "Red Hat",
        "NVIDIA",  # the first word of "NVIDIA Corporation" spells the slug
        "Acme",  # legal form dropped
        "Explicit Name",  # organization: {name} wins over the slug "named"
    ]


# -- bad input --------------------------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no such file"):
        import_landscape(tmp_path / "nope.yml")
    with pytest.raises(SourceError, match="is a folder"):
        import_landscape(tmp_path)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ecosystem: Demo\nfirms: []\n", "landscape.yml:1: not a landscape file: expected a top-level `landscape:`"),
        ("landscapes: []\n", "got the keys landscapes (did you mean 'landscape'?)"),
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


def test_misspelt_keys_are_errors_with_did_you_mean(tmp_path: Path) -> None:
    text = f"""\
landscape:
  - name: Runtime
    subcategoriez:
      - name: Storage
        items: [{{name: Rook}}]
  - name: Tools
    subcategories:
      - name: Misc
        itemz:
          - name: Hammer
      - name: Other
        products: [{{name: Saw}}, {{name: Drill}}]
        items:
          - name: Chisel
            crunchbse: {CB}acme
            second_paths: [Tools / Misc]
            logo: chisel.svg
"""
    with pytest.raises(InvalidEcosystemError) as info:
        import_landscape(write(tmp_path, text))
    assert [(p.line, p.message) for p in info.value.problems] == [
        (3, "unknown key 'subcategoriez' in category 'Runtime': did you mean 'subcategories'?; "
            "its 1 entries would be lost"),
        (9, "unknown key 'itemz' in subcategory Tools / Misc: did you mean 'items'?; its 1 entries would be lost"),
        (12, "unknown key 'products' in subcategory Tools / Other holds a list of 2 entries that would be lost; "
             "expected only subcategory, name, items, note"),
        (15, "unknown key 'crunchbse' in item 'Chisel' of Tools / Other: did you mean 'crunchbase'?"),
        (16, "unknown key 'second_paths' in item 'Chisel' of Tools / Other: did you mean 'second_path'?; "
             "its 1 entries would be lost"),
    ]
    assert all(p.source == str(tmp_path / "landscape.yml") for p in info.value.problems)


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


def test_no_organisation_can_be_the_foundation(tmp_path: Path) -> None:
    # no crunchbase field at all: the project item stands for itself and must not become the foundation
    no_crunchbase = landscape(("Tools", [("Misc", [item("JayeX", project="sandbox"), item("Other")])]))
    message = problems_of(no_crunchbase, tmp_path)
    assert "cannot tell which organisation is the landscape's foundation: the 1 items with a `project:` field " \
           "name no organisation" in message and "pass foundation=" in message
    # no project field: nothing says which organisation runs the landscape
    no_project = landscape(("Tools", [("Misc", [item("A", "acme")])]))
    assert "no item has a `project:` field; pass foundation=" in problems_of(no_project, tmp_path)
    assert import_landscape(write(tmp_path, no_project), foundation="acme").focal == "org-acme"
    # a tie: two organisations own one project item each
    tie = landscape(("Tools", [("Misc", [item("A", "acme", project="x"), item("B", "beta", project="y")])]))
    message = problems_of(tie, tmp_path)
    assert "landscape.yml:6: cannot tell which organisation is the landscape's foundation: 'acme' and 'beta' " \
           "each own 1 items with a `project:` field" in message


def test_names_that_are_not_in_the_landscape(tmp_path: Path) -> None:
    path = write(tmp_path, SMALL)
    message = problems_of(SMALL, tmp_path, members="Foo Member")
    assert "members category 'Foo Member' (the members argument) is not a category of this landscape: " \
           "did you mean 'Foo Members'?" in message
    write(tmp_path, "landscapeMemberCategory: Foo Memebers\n", "config.yml")
    with pytest.raises(InvalidEcosystemError) as info:
        import_landscape(path)
    (problem,) = info.value.problems
    assert (problem.source, problem.line) == (str(tmp_path / "config.yml"), 1)
    assert problem.message.startswith(f"members category 'Foo Memebers' (landscapeMemberCategory) is not a category "
                                      f"of {path}: did you mean 'Foo Members'?")


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        ("landscapeMemberCategroy: Foo Members\n",
         "config.yml:1: unknown settings key 'landscapeMemberCategroy': did you mean 'landscapeMemberCategory'?"),
        ("landscapeMemberCategory: [Foo Members]\n",
         "config.yml:1: landscapeMemberCategory must be the name of the members category (text), got ['Foo Members']"),
        ("landscapeMemberClasses: 5\n",
         "config.yml:1: landscapeMemberClasses must be a list of {name, category} member classes, got '5'"),
        ("landscapeMemberClasses:\n  - name: Gold Membership\n",
         "config.yml:2: each entry of landscapeMemberClasses must be a mapping with a category"),
        ("global:\n  membrship: Foo Members\n",
         "config.yml:2: unknown settings key 'membrship' in global: did you mean 'membership'?"),
        ("global:\n  self: https://example.com/foo\n",
         "config.yml:2: global.self must be a https://www.crunchbase.com/organization/<slug> URL"),
        ("landscape: [oops\n", "config.yml:2: not valid YAML"),
    ],
)
def test_bad_settings(tmp_path: Path, settings: str, expected: str) -> None:
    write(tmp_path, settings, "config.yml")
    message = problems_of(SMALL, tmp_path)
    assert expected in message


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
        "landscape:\n  - name: C\n    subcategories:\n      - name: S\n        items:\n"
        "          - {name: A, project: x, 7: b, true: c}\n",
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


# -- the real landscapes -------------------------------------------------------------------------------

needs_cncf = pytest.mark.skipif(not CNCF.is_file(), reason=f"the CNCF landscape is not at {CNCF}")
needs_lfai = pytest.mark.skipif(not LFAI.is_file(), reason=f"the LF AI & Data landscape is not at {LFAI}")

#: Title-cased acronyms a slug would give ("Ibm", "Lf Energy", "Continuous Delivery Foundation Cdf").
TITLED_ACRONYM = re.compile(r"^(Ibm|Nasa|Aws|Amd|Sap)$|\b(Lf|Cdf|Cncf)\b")


def _slug_artefacts(eco: object) -> list[str]:
    """Names still carrying their crunchbase slug's suffix ("Harness 512d", "Fossa 2") or a title-cased acronym."""
    found = []
    for node in eco.organisations():  # type: ignore[attr-defined]
        last = str(node.get("crunchbase") or "").rsplit("/", 1)[-1].rsplit("-", 1)[-1].lower()
        suffix = re.fullmatch(r"\d{1,2}|[0-9a-f]*\d[0-9a-f]*", last) and len(last) in (1, 2, 4)
        if (suffix and node.name.lower().endswith(" " + last)) or TITLED_ACRONYM.search(node.name):
            found.append(node.name)
    return found


def _org_key(item: dict) -> tuple[str, str]:
    url = item.get("crunchbase") or (item["organization"] if isinstance(item.get("organization"), str) else None)
    if url:
        return ("cb", unquote(urlsplit(url).path.split("/")[2]).lower())
    if isinstance(item.get("organization"), dict):
        return ("name", item["organization"]["name"].lower())
    return ("item", item["name"].lower())


def _plain(path: Path) -> list[dict]:
    """The categories, read with plain PyYAML, independently of the importer."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))["landscape"]


def _check_real(eco: object, report: LandscapeImport, categories: list[dict], members: str, skipped: set[str]) -> None:
    """What must hold on any real landscape, against figures computed with plain PyYAML."""
    member_items = [i for c in categories if c["name"] == members for s in c["subcategories"] for i in s["items"] or []]
    tiers = [s["name"] for c in categories if c["name"] == members for s in c["subcategories"]]
    all_items = [i for c in categories for s in c.get("subcategories") or [] for i in s.get("items") or []]
    assert report.items == len(all_items)
    assert report.items == report.items_placed + report.items_as_members + report.items_skipped
    assert report.items_as_members == len(member_items)
    assert report.members_category == members
    # every member organisation but the foundation partners with it, with its tier
    member_orgs = {_org_key(i) for i in member_items}
    assert len(report.members) == len(member_orgs - {("cb", report.foundation[4:])})
    links = eco.relationships(RelType.PARTNERS_WITH)  # type: ignore[attr-defined]
    assert len(links) == len(report.members) and all(r.source == report.foundation for r in links)
    assert {r.get("tier") for r in links} <= set(tiers)
    # no member tier, no skipped category is a job or a capability; no placeholder is a gap
    jobs = {n.name for n in eco.jobs()}  # type: ignore[attr-defined]
    assert jobs.isdisjoint({members, *skipped, *tiers})
    capability_categories = {(n.get("category"), n.name) for n in eco.capabilities()}  # type: ignore[attr-defined]
    assert all(category not in {members, *skipped} for category, _ in capability_categories)
    assert all(eco.providers(n.id) for n in eco.capabilities())  # type: ignore[attr-defined]
    assert [j.name for j in report.jobs] == [n.name for n in eco.jobs()]  # type: ignore[attr-defined]
    # names without slug artefacts; capability names distinct
    assert _slug_artefacts(eco) == []
    capability_names = [n.name.casefold() for n in eco.capabilities()]  # type: ignore[attr-defined]
    assert len(set(capability_names)) == len(capability_names)
    ids = eco.ids()  # type: ignore[attr-defined]
    assert len({i.casefold() for i in ids}) == len(ids) and all(re.fullmatch(r"[a-z0-9-]+", i) for i in ids)
    assert len(report.unresolved_second_paths) == len(set(report.unresolved_second_paths))


@needs_lfai
def test_real_lfai_landscape_with_its_config() -> None:
    categories = _plain(LFAI)
    started = time.perf_counter()
    eco, report = import_landscape_report(LFAI)
    elapsed = time.perf_counter() - started
    assert report.settings == (str(LFAI.parent / "config.yml"),)
    # config.yml line 9: landscapeMemberCategory: LF AI & Data Member Company
    assert report.members_basis == "config.yml line 9 (landscapeMemberCategory)"
    _check_real(eco, report, categories, "LF AI & Data Member Company", {"Hosting Companies"})
    # the tiers in the order of landscapeMemberClasses, with their counts in the file (4 + 17 + 43 = 64)
    assert report.member_tiers == ("Premier", "General", "Associate")
    assert [sum(m.tier == t for m in report.members) for t in report.member_tiers] == [4, 17, 43]
    # the names the landscape gives: "IBM (hosting)" spells ibm, the first word of "NVIDIA Corporation"
    # spells nvidia, the member entry "ZTE Corporation" spells zte-corporation as a whole
    assert [m.name for m in report.members if m.tier == "Premier"] == ["Huawei", "IBM", "NVIDIA", "ZTE Corporation"]
    assert eco.focal == "org-lf-artificial-intelligence-foundation"  # 59 of the 64 project items
    assert [n.id for n in eco.firms()] == [eco.focal]
    assert eco.name == "LF AI & Data Landscape"
    assert report.skipped == (Skip("Hosting Companies", 40, "hosting and service providers (the name says 'Hosting')"),)
    assert report.placeholders == ("Data / Education",)  # the only empty subcategory
    assert len(report.jobs) == 12  # 14 categories but members and hosting
    assert report.capabilities == 40  # 45 subcategories but 3 tiers, 1 hosting, 1 placeholder
    names = {n.name for n in eco.capabilities()}
    assert {"Framework (Machine Learning)", "Framework (Deep Learning)", "Tool (Model)"} <= names
    assert elapsed < 10


@needs_cncf
def test_real_cncf_landscape_without_settings() -> None:
    categories = _plain(CNCF)
    started = time.perf_counter()
    eco, report = import_landscape_report(CNCF)
    elapsed = time.perf_counter() - started
    assert report.settings == ()
    assert report.members_basis == "detected: the only category whose name contains 'member'"
    kcsp, training = "Special / Kubernetes Certified Service Provider", "Special / Kubernetes and Cloud Native Training Partner"
    _check_real(eco, report, categories, "CNCF Members", {kcsp, training})
    assert report.skipped == (
        Skip(kcsp, 199, "hosting and service providers (the name says 'Service Provider')"),
        Skip(training, 46, "hosting and service providers (the name says 'Training Partner')"),
    )
    assert eco.focal == "org-cloud-native-computing-foundation"
    assert eco.name == "CNCF Landscape" and eco.name_of(eco.focal) == "Cloud Native Computing Foundation"
    assert report.member_tiers == ("Platinum", "Gold", "Silver", "Academic", "Nonprofit",
                                   "End User Supporter and Contributor")
    assert len(report.jobs) == 14  # 15 categories but CNCF Members; Special keeps Certified CNFs
    assert report.capabilities == 72  # 80 subcategories but 6 tiers and the 2 skipped
    assert report.placeholders == ()  # the 4 subcategories without items of their own are filled by second_path
    assert {"Evaluation (AI Agent)", "Evaluation (Training)", "Framework (Serverless)"} <= {
        n.name for n in eco.capabilities()}
    assert {"IBM", "Red Hat", "NVIDIA", "Harness"} <= {n.name for n in eco.partners()}
    assert elapsed < 30, f"importing the CNCF landscape took {elapsed:.1f} s"
    again = import_landscape(CNCF)
    assert again == eco and again.ids() == eco.ids()
