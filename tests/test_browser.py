"""A real headless Chromium (Debian's ``chromium``, driven by playwright through ``executable_path``; ``.ci/run``
installs it) against a real ``depesha serve``: the document page, a mention followed to a person page, the map of a
place, a query run in the query UI with its result table read back. No request leaves 127.0.0.1 and the console
has no errors. Set DEPESHA_SCREENSHOTS=docs/screenshots to refresh the README's screenshots."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert CHROMIUM.exists(), "the browser tests need Debian's chromium: apt-get install chromium (.ci/run does)"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)
        yield launched
        launched.close()


class Watched:
    """A page that records every request it makes and every console error."""

    def __init__(self, browser: Browser, width: int = 1280) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": 900})
        self.page: Page = self.context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def check(self) -> None:
        outside = [
            u for u in self.requests if urlsplit(u).hostname not in ("127.0.0.1", None) and not u.startswith("data:")
        ]
        assert outside == []
        assert self.errors == []
        self.context.close()


def shoot(page: Page, name: str, tmp_path: Path) -> None:
    folder = Path(os.environ.get("DEPESHA_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=name not in ("document", "document-phone"))


def test_document_mention_person_and_map(browser: Browser, server: str, tmp_path: Path) -> None:
    watched = Watched(browser)
    page = watched.page
    page.goto(server + "/")
    shoot(page, "home", tmp_path)
    page.goto(server + "/id/document/119111")
    assert page.locator(".aligned .row").count() >= 10
    assert page.locator(".aligned .row", has_text="ИЗ БАКУ").inner_text().count("FROM BAKU") == 1
    shoot(page, "document", tmp_path)
    page.locator('.aligned a.mention[href="/id/person/joseph-stalin"]').first.click()
    page.wait_for_url(server + "/id/person/joseph-stalin")
    assert page.locator("h1").inner_text() == "Joseph Stalin"
    assert page.locator("blockquote.snippet mark").count() >= 2
    shoot(page, "person", tmp_path)
    page.goto(server + "/id/place/baku")
    page.wait_for_selector("div.map[data-ready=true]")
    assert page.locator("div.map path.leaflet-interactive").count() >= 1  # the place's marker
    assert page.locator("div.map svg path").count() > 100  # the countries of the basemap
    shoot(page, "place", tmp_path)
    watched.check()


def test_query_ui_runs_a_query_and_shows_the_table(browser: Browser, server: str, tmp_path: Path) -> None:
    watched = Watched(browser)
    page = watched.page
    page.goto(server + "/sparql")
    page.wait_for_selector(".yasqe .CodeMirror")
    page.evaluate("""() => window.depeshaYasgui.getTab().getYasqe().setValue(
        'PREFIX dv: <https://w3id.org/depesha/vocab#>\\n' +
        'SELECT ?doc ?date WHERE { ?doc dv:date ?date ; ' +
        'dv:addressee <https://w3id.org/depesha/id/person/joseph-stalin> }')""")
    page.click(".yasqe_queryButton")
    page.wait_for_selector(".yasr table tbody tr")
    rows = page.locator(".yasr table tbody tr")
    assert rows.count() == 1
    assert "id/document/119111" in rows.first.inner_text() and "1945-11-24" in rows.first.inner_text()
    shoot(page, "sparql", tmp_path)
    page.goto(server + "/id/document/119111")
    page.click("a.query-this")
    page.wait_for_selector(".yasr .CodeMirror, .yasr pre, .yasr table", timeout=15_000)
    assert "DESCRIBE" in page.evaluate("() => window.depeshaYasgui.getTab().getYasqe().getValue()")
    watched.check()


def test_document_page_on_a_phone(browser: Browser, server: str, tmp_path: Path) -> None:
    watched = Watched(browser, width=390)
    page = watched.page
    page.goto(server + "/id/document/119111")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390  # nothing wider than the screen
    shoot(page, "document-phone", tmp_path)
    watched.check()


def test_query_ui_says_which_prefix_a_query_forgot(browser: Browser, server: str) -> None:
    watched = Watched(browser)
    page = watched.page
    page.goto(server + "/sparql")
    page.wait_for_selector(".yasqe .CodeMirror")
    page.evaluate("""() => window.depeshaYasgui.getTab().getYasqe().setValue(
        'SELECT ?doc WHERE { ?doc crm:P67_refers_to ?p }')""")
    page.click(".yasqe_queryButton")
    error = page.locator(".yasr .errorResult")
    error.wait_for()
    text = error.inner_text()
    assert "the prefix 'crm:' is not declared" in text and "PREFIX crm: <http://www.cidoc-crm.org/cidoc-crm/>" in text
    assert "1:43" in text and "\\u{" not in text
    watched.errors = [e for e in watched.errors if "status of 400" not in e]  # the browser logs the answer's status
    watched.check()


def test_the_reconciliation_preview_fits_the_size_its_manifest_declares(browser: Browser, server: str) -> None:
    manifest = requests.get(server + "/reconcile", timeout=30).json()
    width, height = manifest["preview"]["width"], manifest["preview"]["height"]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    for entity in ("group/peoples-party-rasht-committee", "group/rgaspi", "person/joseph-stalin"):  # many names
        page.goto(manifest["preview"]["url"].replace("{{id}}", entity))
        scrolled = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
        assert scrolled[0] <= width and scrolled[1] <= height, (entity, scrolled)
        name = page.locator("strong a")
        assert name.is_visible() and name.bounding_box()["y"] + name.bounding_box()["height"] <= height
        assert page.get_by_text("named in ").is_visible()
    context.close()
