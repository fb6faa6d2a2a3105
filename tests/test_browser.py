"""The map and review pages in a real browser (headless Chromium), opened from disk, offline.

Each test checks that nothing tried the network, that the page's scripts ran
under its Content-Security-Policy (no violation, no error), and what a person
would do: see the legend, search, click a node, hide a type, read the
review's tables.  Screenshots and measurements go to ``artifacts/``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import ecosystem
from ecosystem.analyses.integrators import central_integrators
from ecosystem.cli.main import main
from ecosystem.formats.generate import generate_nodes
from ecosystem.formats.records import figure
from ecosystem.pages.map import write_map
from ecosystem.pages.review import write_review

from .browser import (
    ARTIFACTS,
    QUOTED_ID,
    SCRIPT_ATTRIBUTE,
    TEMPLATE_TEXT,
    XSS_NAME,
    Visit,
    hostile_ecosystem,
    launch,
    save_artifact,
    visit,
)
from .conftest import SAMPLES

pytestmark = pytest.mark.browser

TIMINGS: dict[str, Any] = {}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from launch()


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The pages under test, written once."""
    folder = tmp_path_factory.mktemp("pages")
    camera = ecosystem.load(SAMPLES / "camera.yaml")
    aero = ecosystem.load(SAMPLES / "aero_engine.yaml")
    older = camera.copy()
    older.remove_relationship("PARTNERS_WITH", "lumen", "fixright")
    hostile = hostile_ecosystem()
    return {
        "camera": write_map(camera, folder / "camera.html"),
        "aero": write_map(aero, folder / "aero.html", view="integration"),
        "review": write_review(camera, folder / "review.html", old=older),
        "hostile": write_map(hostile, folder / "hostile.html"),
        "hostile_review": write_review(hostile, folder / "hostile-review.html"),
    }


def assert_clean(seen: Visit) -> None:
    """No network attempt, no CSP violation, no script error, no dialog."""
    assert seen.network_attempts() == [], seen.network_attempts()
    assert seen.violations() == [], seen.violations()
    assert seen.errors == [], seen.errors
    assert seen.dialogs == [], seen.dialogs
    assert [c for c in seen.console if c.startswith("error")] == []


def node_count(page: Any) -> int:
    return int(page.evaluate("window.network.body.data.nodes.length"))


def click_node(page: Any, node: str) -> None:
    """Click a node where it is drawn (canvas coordinates to page coordinates)."""
    page.evaluate("id => window.network.focus(id, {scale: 1.0, animation: false})", node)
    point = page.evaluate(
        """id => {
            const p = window.network.getPositions([id])[id];
            const dom = window.network.canvasToDOM(p);
            const box = document.getElementById('eco-network').getBoundingClientRect();
            return {x: box.left + dom.x, y: box.top + dom.y};
        }""",
        node,
    )
    page.mouse.click(point["x"], point["y"])


def panel_fact(page: Any, key: str) -> dict[str, Any]:
    return dict(page.evaluate(
        """key => {
            const dd = document.querySelector('#eco-details dd[data-fact="' + key + '"]');
            return dd ? {text: dd.textContent, value: dd.getAttribute('data-value')} : null;
        }""",
        key,
    ) or {})


# -- the sample map ------------------------------------------------------------------------
def test_sample_map_renders_offline_with_legend_and_search(browser: Any, pages: dict[str, Path]) -> None:
    camera = ecosystem.load(SAMPLES / "camera.yaml")
    seen = visit(browser, pages["camera"])
    page = seen.page
    assert node_count(page) == len(camera) == 41
    assert page.evaluate("window.network.body.data.edges.length") == camera.graph.number_of_edges()
    types = page.eval_on_selector_all("#eco-types input[data-type]", "els => els.map(e => e.dataset.type)")
    assert types == ["firm", "partner", "unit", "customer", "job", "capability"]
    assert page.is_visible("#eco-search")
    assert page.locator("#eco-gaps li").count() == 4
    assert page.text_content("#eco-gaps li .eco-gap") == "Spare-parts logistics"
    assert "Focal firm: Lumen Cameras" in (page.text_content("#eco-sub") or "")
    assert_clean(seen)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "camera-map.png"))
    TIMINGS["camera_first_draw_ms"] = round(page.evaluate("window.ecoMap.firstDrawMs"), 1)


def test_clicking_a_node_shows_its_figures_and_highlights_its_neighbourhood(
    browser: Any, pages: dict[str, Path]
) -> None:
    camera = ecosystem.load(SAMPLES / "camera.yaml")
    scores = {s.id: s for s in central_integrators(camera)}
    seen = visit(browser, pages["camera"])
    page = seen.page
    click_node(page, "fixright")
    page.wait_for_selector('#eco-details[data-node="fixright"]')
    assert page.text_content("#eco-details .eco-detail-name") == "FixRight Service Centres"
    for key in ("score", "betweenness", "brokerage", "reach"):
        fact = panel_fact(page, key)
        expected = getattr(scores["fixright"], key)
        assert float(fact["value"]) == expected and fact["text"] == figure(expected), key
    assert panel_fact(page, "explanation")["text"] == scores["fixright"].explanation
    assert page.evaluate("window.network.getSelectedNodes()") == ["fixright"]
    # the neighbourhood stays, the rest fades
    highlighted = page.evaluate("window.ecoMap.highlighted")
    assert sorted(highlighted) == ["fixright", "gearlogix", "lumen", "repair-network", "wedding-pros"]
    page.screenshot(path=str(ARTIFACTS / "camera-map-selected.png"))
    # a job: its opportunity and coverage, and the gap that hurts it
    page.evaluate("window.ecoMap.select('keep-gear-working', true)")
    assert panel_fact(page, "coverage") == {"text": "0.6", "value": "0.6"}
    assert panel_fact(page, "opportunity") == {"text": "52.6", "value": "52.6"}
    assert "Spare-parts logistics" in (page.text_content("#eco-details") or "")
    # clicking the background clears it
    page.keyboard.press("Escape")
    assert page.is_hidden("#eco-details")
    assert page.evaluate("window.ecoMap.highlighted") == []
    assert_clean(seen)


def test_search_finds_a_node_by_name_and_selects_it(browser: Any, pages: dict[str, Path]) -> None:
    seen = visit(browser, pages["camera"])
    page = seen.page
    page.fill("#eco-search", "gear")
    names = page.eval_on_selector_all("#eco-results .eco-result-name", "els => els.map(e => e.textContent)")
    assert names[0] == "GearLogix" and "Keep the gear working on every trip" in names
    page.click('#eco-results button[data-node="gearlogix"]')
    page.wait_for_selector('#eco-details[data-node="gearlogix"]')
    assert page.evaluate("window.network.getSelectedNodes()") == ["gearlogix"]
    page.fill("#eco-search", "no such thing")
    assert page.text_content("#eco-results") == "No node matches"
    assert_clean(seen)


def test_unticking_a_type_hides_its_nodes(browser: Any, pages: dict[str, Path]) -> None:
    camera = ecosystem.load(SAMPLES / "camera.yaml")
    seen = visit(browser, pages["camera"])
    page = seen.page
    page.uncheck('#eco-types input[data-type="capability"]')
    assert node_count(page) == len(camera) - len(camera.capabilities())
    visible = page.evaluate("window.network.body.data.nodes.getIds()")
    assert not set(visible) & {c.id for c in camera.capabilities()}
    # finding a hidden node shows its type again
    page.fill("#eco-search", "spare")
    page.click('#eco-results button[data-node="spare-parts-logistics"]')
    assert page.is_checked('#eco-types input[data-type="capability"]')
    assert node_count(page) == len(camera)
    assert_clean(seen)


def test_integration_view_is_laid_out_in_layers(browser: Any, pages: dict[str, Path]) -> None:
    seen = visit(browser, pages["aero"])
    page = seen.page
    xs = page.evaluate(
        "ids => { const p = window.network.getPositions(ids); return ids.map(i => p[i].x); }",
        ["aerion", "skyfix", "predictive-analytics", "keep-flying"],
    )
    assert xs == sorted(xs) and len(set(xs)) == 4
    assert_clean(seen)
    page.screenshot(path=str(ARTIFACTS / "aero-integration-map.png"))


# -- hostile text ----------------------------------------------------------------------------
@pytest.mark.parametrize("which", ["hostile", "hostile_review"])
def test_hostile_text_is_shown_literally_and_runs_nothing(browser: Any, pages: dict[str, Path], which: str) -> None:
    seen = visit(browser, pages[which])
    page = seen.page
    page.wait_for_timeout(300)
    assert page.evaluate("[window.pwned, window.pwned2, window.pwned3, window.pwned4]") == [None] * 4
    assert page.evaluate("document.querySelectorAll('img, iframe, svg[onload], b[onmouseover]').length") == 0
    # the search result and the panel show the characters
    page.fill("#eco-search", "<img")
    assert page.eval_on_selector_all("#eco-results .eco-result-name", "els => els.map(e => e.textContent)") == [XSS_NAME]
    page.click("#eco-results button")
    page.wait_for_selector("#eco-details:not([hidden])")
    assert page.evaluate("document.querySelector('#eco-details').getAttribute('data-node')") == QUOTED_ID
    assert page.text_content("#eco-details .eco-detail-name") == XSS_NAME
    attributes = page.evaluate(
        """() => { const out = {}; const dts = document.querySelectorAll('#eco-details .eco-attrs dt');
                   dts.forEach(dt => { out[dt.textContent] = dt.nextElementSibling.textContent; }); return out; }"""
    )
    assert attributes["id"] == QUOTED_ID
    assert attributes["motto"] == TEMPLATE_TEXT
    assert attributes["html"] == "<b onmouseover=alert(2)>bold</b>"
    assert SCRIPT_ATTRIBUTE in attributes["nested"]
    page.evaluate("window.ecoMap.select('acme', false)")
    notes = page.evaluate(
        "() => [...document.querySelectorAll('#eco-details .eco-attrs dd')].map(d => d.textContent)"
    )
    assert SCRIPT_ATTRIBUTE in notes
    # the node's label on the canvas is the text too
    assert page.evaluate("id => window.ecoMap.nodes.get(id).label", QUOTED_ID) == XSS_NAME
    assert "{{7*7}}" in page.title() and "49" not in page.title()
    assert page.evaluate("[window.pwned, window.pwned2, window.pwned3, window.pwned4]") == [None] * 4
    assert_clean(seen)
    if which == "hostile":
        page.screenshot(path=str(ARTIFACTS / "hostile-map.png"))


# -- the review ------------------------------------------------------------------------------
def _rows(page: Any, table: str) -> list[dict[str, Any]]:
    return list(page.evaluate(
        """name => [...document.querySelectorAll('table[data-table="' + name + '"] tbody tr')].map(tr => ({
            data: Object.assign({}, tr.dataset),
            cells: Object.fromEntries([...tr.querySelectorAll('[data-key]')].map(
                td => [td.dataset.key, {text: td.textContent, value: td.getAttribute('data-value')}]))
        }))""",
        table,
    ))


def _cli_json(*args: str) -> Any:
    result = CliRunner().invoke(main, [*args, "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _same_number(cell: dict[str, Any], expected: Any) -> None:
    assert json.loads(cell["value"]) == expected
    assert cell["text"] == (figure(expected) if expected is not None else "\u2013")


def test_review_tables_hold_the_figures_the_cli_prints(browser: Any, pages: dict[str, Path]) -> None:
    source = str(SAMPLES / "camera.yaml")
    seen = visit(browser, pages["review"])
    page = seen.page
    assert node_count(page) == 41  # the map is embedded, and works
    integrators = _cli_json("integrators", source, "--top", "10")
    rows = _rows(page, "integrators")
    assert [r["data"]["id"] for r in rows] == [i["id"] for i in integrators]
    for row, expected in zip(rows, integrators):
        assert row["cells"]["name"]["text"] == expected["name"]
        assert row["cells"]["explanation"]["text"] == expected["explanation"]
        for key in ("score", "betweenness", "brokerage", "reach"):
            _same_number(row["cells"][key], expected[key])
    gaps = _cli_json("gaps", source)[:10]
    rows = _rows(page, "gaps")
    assert [(r["data"]["job"], r["data"]["capability"]) for r in rows] == [(g["job"], g["capability"]) for g in gaps]
    for row, expected in zip(rows, gaps):
        assert json.loads(row["data"]["candidates"]) == expected["candidates"]
        for key in ("weight", "opportunity", "severity"):
            _same_number(row["cells"][key], expected[key])
    recommended = _cli_json("recommend", source)
    rows = _rows(page, "recommendations")
    assert [r["data"]["id"] for r in rows] == [p["candidate"] for p in recommended["picks"]]
    for row, expected in zip(rows, recommended["picks"]):
        assert json.loads(row["data"]["covers"]) == expected["covers"]
        for key in ("gaps_closed", "gain", "cumulative_share"):
            _same_number(row["cells"][key], expected[key])
    assert len(_rows(page, "build_or_find")) == len(recommended["unfillable"])
    risks = _cli_json("risks", source)
    rows = _rows(page, "risks")
    assert [r["data"]["id"] for r in rows] == [p["partner"] for p in risks["partners"][:10]]
    for row, expected in zip(rows, risks["partners"]):
        _same_number(row["cells"]["opportunity_at_risk"], expected["opportunity_at_risk"])
        _same_number(row["cells"]["new_gaps"], expected["new_gaps"])
    rows = _rows(page, "single_sourced")
    assert [(r["data"]["id"], r["data"]["provider"]) for r in rows] == [
        (s["capability"], s["provider"]) for s in risks["single_sourced"][:10]
    ]
    for row, expected in zip(rows, risks["single_sourced"]):
        _same_number(row["cells"]["severity_if_lost"], expected["severity_if_lost"])
    customers = _cli_json("coverage", source, "--customers")
    rows = _rows(page, "customers")
    assert [r["data"]["id"] for r in rows] == [c["customer"] for c in customers]
    for row, expected in zip(rows, customers):
        for key in ("opportunity", "covered", "share"):
            _same_number(row["cells"][key], expected[key])
    jobs = {c["job"]: c for c in _cli_json("coverage", source)}
    for row in _rows(page, "heat"):
        expected = jobs[row["data"]["job"]]
        _same_number(row["cells"]["coverage"], expected["coverage"])
    cells = page.evaluate(
        """() => [...document.querySelectorAll('table[data-table="heat"] td[data-status]')].map(
            td => [td.closest('tr').dataset.job, td.dataset.capability, td.dataset.status])"""
    )
    for job, capability, status in cells:
        assert capability in jobs[job][{"in_house": "in_house", "partner": "partner", "gap": "gaps"}[status]]
    assert len(cells) == sum(len(j["in_house"]) + len(j["partner"]) + len(j["gaps"]) for j in jobs.values())
    # what changed: the old version lacked the partnership with FixRight
    rows = _rows(page, "changes")
    assert [r["cells"]["id"]["text"] for r in rows] == ["PARTNERS_WITH lumen -> fixright"]
    assert_clean(seen)
    page.screenshot(path=str(ARTIFACTS / "camera-review.png"), full_page=True)


# -- size ------------------------------------------------------------------------------------
def test_a_5000_node_map_draws_and_responds_within_seconds(browser: Any, tmp_path: Path) -> None:
    eco = generate_nodes(5000, seed=1)
    started = time.perf_counter()
    path = write_map(eco, tmp_path / "5k.html")
    written = time.perf_counter() - started
    seen = visit(browser, path)
    page = seen.page
    first_draw = page.evaluate("window.ecoMap.firstDrawMs")
    assert node_count(page) == 1500  # above MAX_NODES: the most important, and "+k more" groups
    assert "+687 more partners" in (page.text_content("#eco-notes") or "")
    response = page.evaluate(
        """() => new Promise(resolve => {
            const t0 = performance.now();
            window.ecoMap.select('firm-0', true);
            requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t0)));
        })"""
    )
    assert page.text_content("#eco-details .eco-detail-name") == eco.name_of("firm-0")
    assert_clean(seen)
    page.screenshot(path=str(ARTIFACTS / "generated-5k-map.png"))
    TIMINGS.update({
        "5k_write_map_s": round(written, 2),
        "5k_page_mb": round(path.stat().st_size / 1e6, 2),
        "5k_first_draw_ms": round(first_draw, 1),
        "5k_open_to_ready_s": round(seen.load_seconds, 2),
        "5k_select_response_ms": round(response, 1),
    })
    save_artifact("browser-timings.json", TIMINGS)
    assert first_draw < 10_000, f"first draw took {first_draw:.0f} ms"
    assert response < 3_000, f"selecting a node took {response:.0f} ms"


def test_a_5000_node_map_shown_whole_still_draws(browser: Any, tmp_path: Path) -> None:
    eco = generate_nodes(5000, seed=1)
    path = tmp_path / "5k-whole.html"
    started = time.perf_counter()
    write_map(eco, path, max_nodes=5000)
    written = time.perf_counter() - started
    seen = visit(browser, path)
    first_draw = seen.page.evaluate("window.ecoMap.firstDrawMs")
    assert node_count(seen.page) == 5000
    assert_clean(seen)
    TIMINGS.update({
        "5k_whole_write_map_s": round(written, 2),
        "5k_whole_page_mb": round(path.stat().st_size / 1e6, 2),
        "5k_whole_first_draw_ms": round(first_draw, 1),
    })
    save_artifact("browser-timings.json", TIMINGS)
    assert first_draw < 15_000, f"first draw took {first_draw:.0f} ms"
