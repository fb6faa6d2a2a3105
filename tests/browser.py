"""Helpers for the map and review tests: a hostile ecosystem, and a real browser with the network cut off.

The browser is Debian's Chromium (``/usr/bin/chromium``, installed by
``scripts/install_browser.sh``; ``$ECOSYSTEM_CHROMIUM`` names another one)
driven by Playwright for Python.  ``playwright install`` is never needed.
Without them the browser tests skip with a loud reason; under CI
(``CI=true``) they fail instead.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from ecosystem import Ecosystem

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "artifacts"
UNDER_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
CHROMIUM = os.environ.get("ECOSYSTEM_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

# -- a hostile ecosystem ------------------------------------------------------------------
XSS_NAME = "<img src=x onerror=alert(1)>"
SCRIPT_ATTRIBUTE = "</script><script>window.pwned=1</script>"
TEMPLATE_TEXT = "{{7*7}} {% if 1 %}yes{% endif %} ${7*7} @@DATA@@ @@APP_JS@@"
QUOTED_ID = "x\"y'z"


def hostile_ecosystem() -> Ecosystem:
    """An ecosystem whose every text tries to run script or inject markup."""
    eco = Ecosystem('Evil <script>window.pwned=2</script> & "co" {{7*7}}', focal="acme")
    eco.add_node("acme", "firm", "Acme \"quoted\" & 'single' {% raw %}", note=SCRIPT_ATTRIBUTE)
    eco.add_node(
        QUOTED_ID, "partner", XSS_NAME, motto=TEMPLATE_TEXT, html="<b onmouseover=alert(2)>bold</b>",
        nested={"k": [SCRIPT_ATTRIBUTE, "\u2028line\u2029"]}, score=0.5,
    )
    eco.add_node("cap<1>", "capability", "Cap </style><script>window.pwned=3</script>", kind="skill")
    eco.add_node("gapcap", "capability", "<svg onload=alert(4)>", kind="resource")
    eco.add_node("job&1", "job", "Job <iframe src=javascript:alert(5)></iframe>")
    eco.add_node("cust", "customer", "Customer --><!-- <script>window.pwned=4</script>")
    eco.add_node("outsider", "partner", "javascript:alert(6)", link="<a href=javascript:alert(7)>x</a>")
    eco.add_relationship("PARTNERS_WITH", "acme", QUOTED_ID, kind=SCRIPT_ATTRIBUTE, strength=0.5)
    eco.add_relationship("PROVIDES", QUOTED_ID, "cap<1>")
    eco.add_relationship("REQUIRES", "job&1", "cap<1>")
    eco.add_relationship("REQUIRES", "job&1", "gapcap", weight=2)
    eco.add_relationship("HAS_JOB", "cust", "job&1", importance=8, satisfaction=3)
    eco.add_relationship("PROVIDES", "outsider", "gapcap")
    eco.add_relationship("SERVES", "acme", "cust")
    return eco


# -- reading the review's tables without a browser ----------------------------------------------
class _Tables(HTMLParser):
    """Rows of every ``table[data-table]``: the row's data-* attributes and its [data-key] cells."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: dict[str, list[dict[str, Any]]] = {}
        self._table: str | None = None
        self._row: dict[str, Any] | None = None
        self._cells: list[tuple[str, dict[str, Any], int]] = []  # open [data-key] elements
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self._depth += 1
        if tag == "table" and "data-table" in a:
            self._table = a["data-table"]
            self.tables[self._table] = []
        elif tag == "tr" and self._table is not None:
            self._row = {"data": {k[5:]: v for k, v in a.items() if k.startswith("data-")}, "cells": {}}
        elif self._row is not None and "data-key" in a:
            cell = {"text": "", "value": a.get("data-value")}
            self._row["cells"][a["data-key"]] = cell
            self._cells.append((a["data-key"], cell, self._depth))

    def handle_endtag(self, tag: str) -> None:
        while self._cells and self._cells[-1][2] >= self._depth:
            self._cells.pop()
        self._depth -= 1
        if tag == "tr" and self._row is not None and self._table is not None:
            if self._row["cells"]:
                self.tables[self._table].append(self._row)
            self._row = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data: str) -> None:
        for _, cell, _ in self._cells:
            cell["text"] += data


def review_tables(html: str) -> dict[str, list[dict[str, Any]]]:
    """The review page's tables as rows of ``{"data": {...}, "cells": {key: {"text", "value"}}}``."""
    parser = _Tables()
    parser.feed(html)
    return parser.tables


# -- the browser --------------------------------------------------------------------------
def unavailable(reason: str) -> None:
    message = f"browser tests cannot run: {reason}"
    if UNDER_CI:
        pytest.fail(message + " (under CI=true they must run, not skip)", pytrace=False)
    pytest.skip("BROWSER TESTS SKIPPED: " + message + " (run scripts/install_browser.sh and pip install -e '.[test]')")


def launch() -> Iterator[Any]:
    """A headless Chromium (for a fixture to yield); skips, or fails under CI, when it cannot run."""
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        unavailable("Playwright for Python is not installed")
        return
    if not os.access(CHROMIUM, os.X_OK):
        unavailable(f"no browser at {CHROMIUM}")
        return
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        except Error as exc:
            unavailable(f"{CHROMIUM} does not start: {str(exc).splitlines()[0]}")
            return
        try:
            yield browser
        finally:
            browser.close()


_WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""


@dataclass
class Visit:
    """One page opened from disk with the network cut off, and everything it tried."""

    page: Any
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    load_seconds: float = 0.0

    def violations(self) -> list[str]:
        return list(self.page.evaluate("window.__violations || []"))

    def network_attempts(self) -> list[str]:
        local = ("file:", "data:", "about:", "blob:")
        return self.blocked + [u for u in self.requests if not u.startswith(local)]


def visit(browser: Any, path: Path, *, width: int = 1500, height: int = 950, timeout: float = 60_000) -> Visit:
    """Open ``path`` offline in a new context; wait until the map has drawn once."""
    context = browser.new_context(viewport={"width": width, "height": height}, offline=True)
    context.add_init_script(_WATCH)
    page = context.new_page()
    seen = Visit(page)

    def route(route: Any) -> None:
        url = route.request.url
        if url.startswith("file:"):
            route.continue_()
        else:
            seen.blocked.append(url)
            route.abort()

    context.route("**/*", route)
    page.on("request", lambda request: seen.requests.append(request.url))
    page.on("pageerror", lambda error: seen.errors.append(str(error)))
    page.on("console", lambda message: seen.console.append(f"{message.type}: {message.text}"))

    def dialog(d: Any) -> None:
        seen.dialogs.append(f"{d.type}: {d.message}")
        d.dismiss()

    page.on("dialog", dialog)
    started = time.perf_counter()
    page.goto(path.resolve().as_uri())
    page.wait_for_function("window.ecoMap && window.ecoMap.ready === true", timeout=timeout)
    seen.load_seconds = time.perf_counter() - started
    return seen


def save_artifact(name: str, data: Any) -> Path:
    """Write a JSON artefact (measurements) under artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return path
