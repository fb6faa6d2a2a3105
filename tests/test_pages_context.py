"""The pages over one analysis context: every figure computed once, the same page from an ecosystem or a context.

A review with an OLD version shows two graphs' figures (gaps, coverage, risks,
recommendations, integrator ranks, and what moved between them); each graph
is analysed once, at one depth, and the map, the tables and the diff read
those figures.  Also here: the pages' templates and static files, and what
importing the pages loads.
"""

from __future__ import annotations

import base64
import collections
import hashlib
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from typing import Any

import pytest

import ecosystem
from ecosystem.analyses import coverage, gaps, integrators, opportunity
from ecosystem.analyses import scope as scope_module
from ecosystem.analyses.context import Analysis
from ecosystem.pages.document import content_security_policy, escape, static_text
from ecosystem.pages.map import map_html
from ecosystem.pages.review import review_html
from ecosystem.pages.styles import FONT
from ecosystem.pages.view import view_of

from .conftest import ROOT, SAMPLES

Counts = collections.Counter[str]


def _count_everywhere(monkeypatch: pytest.MonkeyPatch, counts: Counts, label: str, function: Callable[..., Any]) -> None:
    """Count calls of ``function`` under every name an ``ecosystem`` module holds it by."""

    def counted(*args: Any, **kwargs: Any) -> Any:
        counts[label] += 1
        return function(*args, **kwargs)

    for module in list(sys.modules.values()):
        if getattr(module, "__name__", "").startswith("ecosystem"):
            for name, value in list(vars(module).items()):
                if value is function:
                    monkeypatch.setattr(module, name, counted)


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counts]:
    """How many times each expensive figure is computed from a graph."""
    import ecosystem.analyses.diff  # noqa: F401  (the review imports them when it runs: patch them too)

    counts: Counts = collections.Counter()
    _count_everywhere(monkeypatch, counts, "scope", scope_module._search)  # the partnership search behind scope()
    _count_everywhere(monkeypatch, counts, "gap table", gaps.gaps_in)
    _count_everywhere(monkeypatch, counts, "integrator ranking", integrators._ranking)
    _count_everywhere(monkeypatch, counts, "opportunities", opportunity.job_opportunities)
    built = coverage.CoverageModel.__init__

    def coverage_model(self: coverage.CoverageModel, *args: Any, **kwargs: Any) -> None:
        counts["coverage model"] += 1
        built(self, *args, **kwargs)

    monkeypatch.setattr(coverage.CoverageModel, "__init__", coverage_model)
    yield counts


def test_a_review_with_old_computes_each_figure_once_per_graph(builds: Counts) -> None:
    camera = ecosystem.load(SAMPLES / "camera.yaml")
    hand = ecosystem.load(ROOT / "tests" / "hand.yaml")
    review_html(camera, old=hand)
    # Two graphs (camera now, hand.yaml before), one depth (1): one scope each, one coverage model on each
    # scope, one gap table on each model, one integrator ranking and one set of opportunities per graph.
    # (Before the analysis context: 13 scopes and coverage models, 4 gap tables, 2 rankings for camera.)
    assert dict(builds) == {
        "scope": 2, "coverage model": 2, "gap table": 2, "integrator ranking": 2, "opportunities": 2,
    }


def test_pages_reuse_the_context_they_are_given(builds: Counts) -> None:
    analysis = Analysis(ecosystem.load(SAMPLES / "camera.yaml"))
    review_html(analysis)
    first = dict(builds)
    assert first == {"scope": 1, "coverage model": 1, "gap table": 1, "integrator ranking": 1, "opportunities": 1}
    map_html(analysis, view="integration")  # the same figures: nothing is computed again
    review_html(analysis, depth=1)
    assert dict(builds) == first
    review_html(analysis, depth=2)  # another depth: its own scope, model and gaps; the graph-wide figures are shared
    assert dict(builds) == {"scope": 2, "coverage model": 2, "gap table": 2, "integrator ranking": 1, "opportunities": 1}
    assert view_of(analysis, 2).analysis is analysis.at(depth=2)


def test_an_ecosystem_and_its_context_give_the_same_pages() -> None:
    eco = ecosystem.load(SAMPLES / "camera.yaml")
    old = eco.copy()
    old.remove_relationship("PARTNERS_WITH", "lumen", "fixright")
    analysis = Analysis(eco, depth=2)
    assert map_html(analysis) == map_html(eco, scope_depth=2)
    assert review_html(analysis, old=Analysis(old, depth=2)) == review_html(eco, old=old, depth=2)


# -- templates and static files ----------------------------------------------------------------
def test_the_policy_hashes_the_static_script_the_page_runs() -> None:
    page = map_html(ecosystem.load(SAMPLES / "camera.yaml"))
    ours = "\n" + static_text("map.js")
    assert f"<script>{ours}</script>" in page
    digest = base64.b64encode(hashlib.sha256(ours.encode("utf-8")).digest()).decode("ascii")
    assert f"'sha256-{digest}'" in page.split("</head>")[0]
    assert content_security_policy([ours]).count("sha256-") == 1


def test_the_style_sheets_are_the_static_files() -> None:
    page = review_html(ecosystem.load(SAMPLES / "camera.yaml"))
    assert static_text("page.css") + "\n" + static_text("review.css") in page
    assert f"--font: {FONT};" in static_text("page.css")  # the canvas labels and the page use one font stack


def test_templates_escape_text_as_html_escape_does() -> None:
    # quotes become &quot; and &#x27; (html.escape), not Jinja's &#34; and &#39;: the pages' bytes never changed
    text = "<b title=\"x\">Tom's & co</b>"
    assert escape(text) == "&lt;b title=&quot;x&quot;&gt;Tom&#x27;s &amp; co&lt;/b&gt;"
    from ecosystem.pages.document import environment

    rendered = environment().from_string('{% from "cells.html" import text %}{{ text("name", value) }}').render(value=text)
    assert rendered == f'<td data-key="name">{escape(text)}</td>'
    assert "{{" not in rendered and "&#34;" not in rendered


def test_importing_the_pages_loads_no_heavy_library() -> None:
    code = (
        "import sys\n"
        "import ecosystem.pages.map, ecosystem.pages.review, ecosystem.pages.picture, ecosystem.pages.document\n"
        "heavy = ['pyvis', 'matplotlib', 'jinja2', 'numpy', 'igraph']\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.strip() == "[]"


def test_every_template_and_static_file_ships_in_the_package() -> None:
    import tomllib

    settings = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    data = settings["tool"]["setuptools"]["package-data"]["ecosystem.pages"]
    assert sorted(data) == ["static/*", "templates/*"]
    folder = ROOT / "ecosystem" / "pages"
    assert sorted(p.name for p in (folder / "static").iterdir()) == ["map.js", "page.css", "review.css"]
    assert {p.suffix for p in (folder / "templates").iterdir()} == {".html"}
    for template in (folder / "templates").iterdir():
        assert not re.search(r"\{\{[^}]*\bif\b(?![^}]*\belse\b)[^}]*\}\}", template.read_text(encoding="utf-8")), (
            f"{template.name}: an inline if without else renders as an undefined value"
        )
