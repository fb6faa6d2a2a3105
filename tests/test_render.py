"""Maps and review pages without a browser: self-contained, escaped, deterministic, sized, written safely."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from pyvis.network import Network

import ecosystem
from ecosystem import ModelError
from ecosystem.analyses.integrators import central_integrators
from ecosystem.cli.main import main
from ecosystem.cli.pages import map_command, register, review_command
from ecosystem.formats.generate import generate_nodes
from ecosystem.formats.records import figure
from ecosystem.pages.document import content_security_policy, script_json, vis_assets
from ecosystem.pages.map import MAX_NODES, build_map, ecosystem_map, map_html, write_map
from ecosystem.pages.picture import write_picture
from ecosystem.pages.review import DEFINITIONS, review_html, write_review

from .browser import QUOTED_ID, SCRIPT_ATTRIBUTE, TEMPLATE_TEXT, XSS_NAME, hostile_ecosystem, review_tables
from .conftest import ROOT, SAMPLES


@pytest.fixture(scope="module")
def camera() -> ecosystem.Ecosystem:
    return ecosystem.load(SAMPLES / "camera.yaml")


@pytest.fixture(scope="module")
def camera_page(camera: ecosystem.Ecosystem) -> str:
    return map_html(camera)


@pytest.fixture(scope="module")
def big() -> ecosystem.Ecosystem:
    return generate_nodes(3000, seed=2)


def inline_scripts(page: str) -> list[str]:
    """The text of every executable <script> (not the JSON data block)."""
    return re.findall(r"<script>(.*?)</script>", page, flags=re.S)


def without_vis(page: str) -> str:
    """The page without vis-network's script (whose core-js holds the string "<script>")."""
    return page.replace(vis_assets()[0].strip("\n"), "")


def data_block(page: str) -> dict:
    (text,) = re.findall(r'<script type="application/json" id="eco-data">(.*?)</script>', page, flags=re.S)
    return json.loads(text)


# -- self-contained ------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["map", "review"])
def test_pages_load_nothing_from_the_network(camera: ecosystem.Ecosystem, camera_page: str, kind: str) -> None:
    page = camera_page if kind == "map" else review_html(camera)
    assert not re.search(r"<(script|link|img|iframe|embed|object|source|audio|video)\b[^>]*\b(src|href)=", page, re.I)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page, re.I)
    assert "@import" not in page and not re.search(r"url\(\s*['\"]?(https?:)?//", page, re.I)
    assert "sourceMappingURL" not in page
    assert page.count("</script>") == 3  # the data, vis-network, ours
    assert without_vis(page).count("<script") == 3


@pytest.mark.parametrize("kind", ["map", "review"])
def test_pages_carry_a_policy_that_forbids_the_network_and_allows_their_own_scripts(
    camera: ecosystem.Ecosystem, camera_page: str, kind: str
) -> None:
    page = camera_page if kind == "map" else review_html(camera)
    head = page.split("</head>")[0]
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', head)
    assert policy and head.index("Content-Security-Policy") < head.index("<style")
    directives = dict(d.strip().split(" ", 1) for d in policy.group(1).split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["connect-src"] == "'none'" and directives["img-src"] == "data:"
    assert directives["base-uri"] == "'none'" and directives["form-action"] == "'none'"
    scripts = inline_scripts(page)
    assert len(scripts) == 2 and "unsafe-inline" not in directives["script-src"]
    assert policy.group(1) == content_security_policy(scripts)  # exactly our scripts, by hash


def test_vis_network_comes_from_the_pyvis_package(camera_page: str) -> None:
    import pyvis

    shipped = (Path(pyvis.__file__).parent / "lib" / "vis-9.1.2" / "vis-network.min.js").read_text(encoding="utf-8")
    marker = shipped[shipped.index("vis-network"): shipped.index("vis-network") + 2000]
    assert marker in camera_page
    assert 'content="ecosystem' in camera_page and "vis-9.1.2" in camera_page


def test_writing_leaves_one_file_and_no_lib_folder(camera: ecosystem.Ecosystem, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    out = write_map(camera, "map.html")
    write_review(camera, "review.html")
    assert out == Path("map.html")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.html", "review.html"]


def test_a_failed_write_leaves_no_temporary_file_and_no_half_page(
    camera: ecosystem.Ecosystem, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "map.html"
    target.write_text("the old map", encoding="utf-8")

    def broken(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    for write in (write_map, write_review, write_picture):
        with pytest.raises(OSError):
            write(camera, target if write is not write_picture else tmp_path / "map.png")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.html"]
    assert target.read_text(encoding="utf-8") == "the old map"


def test_writing_into_a_missing_folder_is_a_clear_error(camera: ecosystem.Ecosystem, tmp_path: Path) -> None:
    with pytest.raises(ecosystem.EcosystemError, match="does not exist"):
        write_map(camera, tmp_path / "nowhere" / "map.html")
    with pytest.raises(ecosystem.EcosystemError, match="does not exist"):
        write_picture(camera, tmp_path / "nowhere" / "map.png")


# -- escaping ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def hostile_pages() -> dict[str, str]:
    eco = hostile_ecosystem()
    return {"map": map_html(eco), "review": review_html(eco), "integration": map_html(eco, view="integration")}


@pytest.mark.parametrize("kind", ["map", "review", "integration"])
def test_hostile_text_never_reaches_the_page_as_markup(hostile_pages: dict[str, str], kind: str) -> None:
    page = hostile_pages[kind]
    for raw in ("<img", "<iframe", "<svg onload", "<b onmouseover", "window.pwned", "<a href=javascript"):
        if raw == "window.pwned":
            assert not re.search(r"<script>window\.pwned", page)
        else:
            assert raw not in page, raw
    assert page.count("</script>") == 3 and without_vis(page).count("<script") == 3
    assert page.count("</style>") == 2
    # placeholders in data are left alone, and every placeholder of the template is filled
    assert re.findall(r"@@[A-Z_]+@@", without_vis(page)) == ["@@DATA@@", "@@APP_JS@@"] * (len(page.split(TEMPLATE_TEXT)) - 1)
    data = data_block(page)
    names = {d["id"]: d["name"] for d in data["details"]}
    if kind != "integration":
        assert names[QUOTED_ID] == XSS_NAME
    blob = json.dumps(data, ensure_ascii=False)
    assert SCRIPT_ATTRIBUTE in blob and TEMPLATE_TEXT in blob  # the text itself survives, as data


def test_the_page_title_and_headings_are_escaped(hostile_pages: dict[str, str]) -> None:
    title = re.search(r"<title>(.*?)</title>", hostile_pages["map"]).group(1)  # type: ignore[union-attr]
    assert title.startswith("Evil &lt;script&gt;window.pwned=2&lt;/script&gt; &amp; &quot;co&quot; {{7*7}}")
    assert "&lt;img src=x onerror=alert(1)&gt;" in hostile_pages["review"]  # in the review's tables


def test_script_json_cannot_close_its_script_tag() -> None:
    text = script_json({"a": "</script><!-- \u2028 \u2029 & <b>"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"a": "</script><!-- \u2028 \u2029 & <b>"}


def test_pictures_escape_hostile_text(tmp_path: Path) -> None:
    out = write_picture(hostile_ecosystem(), tmp_path / "hostile.svg")
    svg = out.read_text(encoding="utf-8")
    assert "<img" not in svg and "<script" not in svg and "<iframe" not in svg
    assert svg.count("<svg") == 1


# -- determinism ---------------------------------------------------------------------------
def test_the_same_input_gives_byte_identical_pages_and_pictures(camera: ecosystem.Ecosystem, tmp_path: Path) -> None:
    again = ecosystem.load(SAMPLES / "camera.yaml")
    assert map_html(camera) == map_html(again)
    assert map_html(camera, view="integration") == map_html(again, view="integration")
    assert review_html(camera) == review_html(again)
    first = write_picture(camera, tmp_path / "a.svg").read_bytes()
    assert first == write_picture(again, tmp_path / "b.svg").read_bytes()
    assert map_html(camera, seed=1) != map_html(camera)  # the seed moves the layout


def test_positions_are_computed_in_python_and_physics_is_off(camera: ecosystem.Ecosystem) -> None:
    net = ecosystem_map(camera)
    assert isinstance(net, Network)
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in net.nodes)
    assert net.options["physics"]["enabled"] is False
    assert len({(n["x"], n["y"]) for n in net.nodes}) == len(net.nodes)


# -- what the map shows -----------------------------------------------------------------
def test_styling_marks_types_the_focal_firm_and_gaps(camera: ecosystem.Ecosystem) -> None:
    net = ecosystem_map(camera)
    nodes = net.node_map
    assert nodes["lumen"]["shape"] == "square" and nodes["lumen"]["borderWidth"] == 6.0
    assert nodes["lumen"]["size"] >= max(n["size"] for n in net.nodes if n["id"] != "lumen")
    assert nodes["spare-parts-logistics"]["color"]["background"] == "#d62828"
    assert nodes["spare-parts-logistics"]["shapeProperties"]["borderDashes"]
    assert nodes["keep-gear-working"]["color"]["border"] == "#d62828"  # a job a gap hurts
    assert nodes["share-photos"]["color"]["border"] != "#d62828"
    gap_edges = [e for e in net.edges if e["rel"] == "REQUIRES_GAP"]
    assert {(e["from"], e["to"]) for e in gap_edges} == {
        ("keep-gear-working", "spare-parts-logistics"), ("capture-sunset", "scene-recognition"),
        ("print-portfolio", "fine-art-printing"), ("learn-the-craft", "photo-community"),
    }
    assert all(e["dashes"] and e["color"]["color"] == "#d62828" for e in gap_edges)
    assert {n["shape"] for n in net.nodes} == {"square", "dot", "triangleDown", "triangle", "diamond", "hexagon"}
    scores = {s.id: s.score for s in central_integrators(camera)}
    assert nodes["fixright"]["size"] > nodes["optica"]["size"]  # bigger integrator, bigger node
    assert scores["fixright"] > scores["optica"]


def test_panel_details_hold_the_library_figures(camera: ecosystem.Ecosystem) -> None:
    data = build_map(camera)
    details = {d["id"]: d for d in data.details}
    facts = {f["key"]: f for f in details["fixright"]["facts"]}
    best = {s.id: s for s in central_integrators(camera)}["fixright"]
    assert facts["score"]["value"] == best.score and facts["score"]["text"] == figure(best.score)
    assert facts["explanation"]["text"] == best.explanation
    assert data.gaps[0]["id"] == "spare-parts-logistics" and data.gaps[0]["severity"] == 105.2


def test_size_by_any_metric_or_numeric_attribute(camera: ecosystem.Ecosystem) -> None:
    by_opportunity = ecosystem_map(camera, size_by="opportunity").node_map
    assert by_opportunity["keep-gear-working"]["size"] > by_opportunity["learn-the-craft"]["size"]
    by_year = ecosystem_map(camera, size_by="founded").node_map
    assert by_year["lumen"]["size"] >= 38
    with pytest.raises(ModelError, match="neither a metric"):
        ecosystem_map(camera, size_by="nonsense")


def test_focus_and_depth_make_an_ego_map(camera: ecosystem.Ecosystem) -> None:
    net = ecosystem_map(camera, focus="fixright", depth=1)
    near = {"fixright", *camera.graph.succ["fixright"], *camera.graph.pred["fixright"]}
    assert set(net.node_ids) == near
    assert net.node_map["fixright"]["borderWidth"] == 5.0
    two = ecosystem_map(camera, focus="fixright", depth=2)
    assert set(net.node_ids) < set(two.node_ids)
    with pytest.raises(ModelError, match="not a node"):
        ecosystem_map(camera, focus="nobody")


def test_only_keeps_the_named_types(camera: ecosystem.Ecosystem) -> None:
    net = ecosystem_map(camera, only="partner,capability")
    assert {n["kind"] for n in net.nodes} == {"partner", "capability"}
    assert len(net.nodes) == len(camera.partners()) + len(camera.capabilities())
    assert {n["kind"] for n in ecosystem_map(camera, only=["firms", "Partners"]).nodes} == {"firm", "partner"}
    with pytest.raises(ModelError, match="unknown node type"):
        ecosystem_map(camera, only="wizard")


def test_the_integration_view_has_who_brings_what_to_which_job_left_to_right(camera: ecosystem.Ecosystem) -> None:
    net = ecosystem_map(camera, view="integration")
    x = {n["id"]: n["x"] for n in net.nodes}
    kinds = {n["id"]: n["kind"] for n in net.nodes}
    assert "gearlogix" not in x and "enthusiasts" not in x  # outside the ecosystem; customers are not layers
    assert x["lumen"] < x["fixright"] < x["repair-network"] < x["keep-gear-working"]
    assert x["spare-parts-logistics"] == x["repair-network"]  # the gap sits with the capabilities
    assert {kinds[n] for n in x} == {"firm", "partner", "unit", "capability", "job"}
    with pytest.raises(ModelError, match="view"):
        ecosystem_map(camera, view="galaxy")


# -- size ----------------------------------------------------------------------------------
def test_above_the_limit_the_map_keeps_the_most_important_and_groups_the_rest(big: ecosystem.Ecosystem) -> None:
    data = build_map(big, max_nodes=300)
    net = data.network
    assert len(net.nodes) <= 300
    groups = [n for n in net.nodes if n["id"].startswith("+more:")]
    assert {g["kind"] for g in groups} == {"firm", "partner", "unit", "customer", "job", "capability"}
    assert sum(g["group_of"] for g in groups) + len(net.nodes) - len(groups) == len(big)
    assert "firm-0" in net.node_map  # the focal firm is always kept
    scores = [s.id for s in central_integrators(big) if s.type == "partner"]
    kept_partners = [n["id"] for n in net.nodes if n["kind"] == "partner" and not n["id"].startswith("+")]
    assert set(kept_partners) == set(scores[: len(kept_partners)])  # the best integrators
    ids = set(net.node_ids)
    assert all(e["from"] in ids and e["to"] in ids for e in net.edges)
    assert any(e.get("merged", 0) > 1 for e in net.edges)
    note = " ".join(data.meta["notes"])
    assert f"This map has {len(big):,} nodes, more than 300" in note and "more partners" in note
    assert MAX_NODES == 1500 and len(ecosystem_map(big).nodes) == 1500


def test_a_group_id_never_collides_with_a_real_id() -> None:
    eco = generate_nodes(400, seed=3)
    eco.add_node("+more:partner", "partner", "A partner whose id looks like a group")
    net = ecosystem_map(eco, max_nodes=50)
    assert len(set(net.node_ids)) == len(net.node_ids)
    assert any(i.startswith("+more:partner+") for i in net.node_ids)


def test_bad_options_are_clear_errors(camera: ecosystem.Ecosystem) -> None:
    for options, message in (({"max_nodes": 3}, "max_nodes"), ({"depth": 11}, "depth"), ({"seed": "x"}, "seed")):
        with pytest.raises(ModelError, match=message):
            ecosystem_map(camera, **options)  # type: ignore[arg-type]
    with pytest.raises(ModelError, match="png or svg"):
        write_picture(camera, "map.gif")


# -- pictures ------------------------------------------------------------------------------
def test_png_and_svg_pictures_are_written(camera: ecosystem.Ecosystem, tmp_path: Path) -> None:
    png = write_picture(camera, tmp_path / "camera.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 50_000
    svg = write_picture(camera, tmp_path / "camera.svg", view="integration")
    assert svg.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    assert write_picture(camera, tmp_path / "camera.img", format="png").read_bytes()[:4] == b"\x89PNG"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["camera.img", "camera.png", "camera.svg"]


# -- the review ----------------------------------------------------------------------------
def test_review_tables_hold_the_library_records(camera: ecosystem.Ecosystem) -> None:
    tables = review_tables(review_html(camera, top=5))
    best = central_integrators(camera, top=5)
    assert [r["data"]["id"] for r in tables["integrators"]] == [s.id for s in best]
    for row, score in zip(tables["integrators"], best):
        assert row["cells"]["score"]["value"] == json.dumps(score.score)
        assert row["cells"]["score"]["text"] == figure(score.score)
        assert row["cells"]["name"]["text"] == score.name
    assert len(tables["gaps"]) == 4 and len(tables["recommendations"]) == 4
    assert {"risks", "single_sourced", "customers", "heat"} <= set(tables)
    assert "changes" not in tables


def test_review_with_an_old_version_says_what_changed(camera: ecosystem.Ecosystem) -> None:
    old = camera.copy()
    old.remove_relationship("PARTNERS_WITH", "lumen", "fixright")
    page = review_html(camera, old=old)
    tables = review_tables(page)
    assert [r["cells"]["id"]["text"] for r in tables["changes"]] == ["PARTNERS_WITH lumen -> fixright"]
    moved = {r["data"]["job"]: r for r in tables["coverage_moves"]}
    assert moved["keep-gear-working"]["cells"]["before"]["value"] == "0.2"
    assert 'id="changes"' in page and ">Diff</dt>" in page


def test_review_definitions_are_the_readmes(camera: ecosystem.Ecosystem) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## What the analyses mean", 1)[1].split("\n## ", 1)[0]
    plain = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", section)
    plain = re.sub(r"\s+", " ", plain.replace("**", "").replace("*", "").replace("`", ""))
    for term, text in DEFINITIONS:
        assert term in plain, term
        for sentence in re.split(r"(?<=[.;])\s+", text):
            assert sentence.rstrip(".;") in plain, (term, sentence)


def test_review_needs_a_focal_firm_and_a_sane_top() -> None:
    eco = ecosystem.Ecosystem("No focal")
    eco.add_node("a", "partner", "A")
    with pytest.raises(ModelError, match="focal"):
        review_html(eco)
    with pytest.raises(ModelError, match="top"):
        review_html(ecosystem.load(SAMPLES / "camera.yaml"), top=0)


def test_maps_work_without_a_focal_firm_and_on_an_empty_ecosystem() -> None:
    eco = ecosystem.Ecosystem("Loose")
    eco.add_node("a", "partner", "A")
    eco.add_node("b", "partner", "B")
    eco.add_relationship("PARTNERS_WITH", "a", "b")
    assert len(ecosystem_map(eco).nodes) == 2
    assert "eco-data" in map_html(ecosystem.Ecosystem("Empty"))


# -- the commands --------------------------------------------------------------------------
def test_map_command_writes_the_page_and_pictures(tmp_path: Path) -> None:
    out = tmp_path / "camera.html"
    result = CliRunner().invoke(
        map_command, [str(SAMPLES / "camera.yaml"), "-o", str(out), "--png", "--svg", "--only", "partner,capability"]
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["camera.html", "camera.png", "camera.svg"]
    assert result.stdout == "" and "Wrote" in result.stderr and "Only partners, capabilities." in result.stderr
    bad = CliRunner().invoke(map_command, [str(SAMPLES / "camera.yaml"), "-o", str(out), "--focus", "nobody"])
    assert bad.exit_code == 1 and "Error: focus 'nobody' is not a node" in bad.output
    wrong = CliRunner().invoke(map_command, [str(SAMPLES / "camera.yaml"), "-o", str(tmp_path / "map.png")])
    assert wrong.exit_code == 2 and ".html" in wrong.output


def test_review_command_writes_the_page(tmp_path: Path) -> None:
    out = tmp_path / "review.html"
    result = CliRunner().invoke(
        review_command, [str(SAMPLES / "camera.yaml"), str(SAMPLES / "camera.yaml"), "-o", str(out), "--top", "3"]
    )
    assert result.exit_code == 0, result.output
    assert len(review_tables(out.read_text(encoding="utf-8"))["integrators"]) == 3


def test_the_commands_register_on_the_main_group() -> None:
    import click

    group = click.Group("test")
    register(group)
    assert set(group.commands) == {"map", "review"}
    assert main.name == "main"


def test_the_library_faces_of_the_map_and_review(tmp_path: Path) -> None:
    import ecosystem as package

    eco = package.load(SAMPLES / "camera.yaml")
    network = eco.map()
    assert len(network.nodes) == len(eco) and {n["id"] for n in network.nodes} == set(eco.graph.nodes)
    page = package.write_review(eco, tmp_path / "review.html")
    assert Path(page).read_text(encoding="utf-8").count("Lumen Cameras") > 3
