"""A real headless Chromium (Debian's ``chromium``, driven by playwright through ``executable_path``; ``.ci/run``
installs it) against a real ``depesha serve``: the document page, a mention followed to a person page, the map of a
place, a query run in the query UI with its result table read back. No request leaves 127.0.0.1 and the console
has no errors. Set DEPESHA_SCREENSHOTS=docs/screenshots to refresh the README's screenshots."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from playwright.sync_api import Browser, Locator, Page, sync_playwright

from conftest import PREFIXES, select

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


PHONE_PAGES = {
    "document-phone": "/id/document/119111",
    "person-phone": "/id/person/joseph-stalin",
    "place-phone": "/id/place/baku",
    "dataset-phone": "/dataset",
    "home-phone": "/",
    "sparql-phone": "/sparql",
}


@pytest.mark.parametrize("name", sorted(PHONE_PAGES))
def test_pages_fit_a_phone(browser: Browser, server: str, tmp_path: Path, name: str) -> None:
    watched = Watched(browser, width=390)
    page = watched.page
    page.goto(server + PHONE_PAGES[name])
    if name == "sparql-phone":
        page.wait_for_selector(".yasqe .CodeMirror")
    if name == "place-phone":
        page.wait_for_selector("div.map[data-ready=true]")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390  # nothing wider than the screen
    if name == "dataset-phone":  # a size is one piece ('73.5 kB'), never broken across lines
        sizes = page.locator("td.size data")
        assert sizes.count() >= 2
        for size in sizes.all():
            assert re.fullmatch(r"\d+(\.\d)? (bytes|kB|MB|GB|TB)", size.inner_text())
            assert size.evaluate("e => e.getClientRects().length") == 1
    if name == "document-phone":  # the README's phone screenshot
        shoot(page, name, tmp_path)
    watched.check()


def names_in(page: Page | Locator, selector: str) -> list[str]:
    return [a.inner_text() for a in page.locator(selector).all()]


@pytest.fixture
def document_page(browser: Browser, server: str) -> Iterator[Page]:
    watched = Watched(browser)
    watched.page.goto(server + "/id/document/119111")
    yield watched.page
    watched.check()


def test_document_page_names_senders_and_addressees_in_the_sources_order(document_page: Page) -> None:
    page = document_page
    title = page.locator("h1").inner_text()  # '... M.D. Bagriov and I.I. Maslennikov to Cdes. Stalin, Molotov, ...'
    senders = names_in(page, "dl.facts dt:text-is('From') + dd a.person")
    addressees = names_in(page, "dl.facts dt:text-is('To') + dd a.person")
    assert len(senders) == 2 and len(addressees) == 4
    for names in (senders, addressees):  # as the title prints them (Baghirov is 'Bagriov' there)
        places = [title.find(name.split()[-1][:3]) for name in names]
        assert -1 not in places and places == sorted(places), names
    receipt = page.locator("li.activity", has=page.locator("strong", has_text="Receipt"))
    assert names_in(receipt, ".actors a.person") == addressees


def test_document_page_event_markers_read_apart_and_are_explained(document_page: Page) -> None:
    page = document_page  # bracketed, so that '[13][12][11]' never reads as one number
    notes = page.locator(".aligned a.event-note")
    assert notes.count() >= 10
    assert all(re.fullmatch(r"\[\d+\]", n) for n in notes.all_inner_texts())
    legend = page.locator("p.legend")
    assert legend.locator("a.event-note").count() == 1 and "Events reported" in legend.inner_text()
    legend.locator("a[href='#events']").last.click()
    assert page.evaluate("() => location.hash") == "#events"


def test_document_page_gives_dates_in_english_with_the_printed_form(document_page: Page) -> None:
    page = document_page
    dates = page.locator("span.when time").all_inner_texts()
    assert dates and all(re.fullmatch(r"(\d{1,2}(–\d{1,2})? )?[A-Z][a-z]+ \d{4}", d) for d in dates), dates
    assert not any(re.search("[а-яА-Я]", d) for d in dates)
    receipt = page.locator("li.activity", has=page.locator("strong", has_text="Receipt"))
    received = receipt.locator("span.when").inner_text()
    assert "24 November 1945" in received and "printed “24.XI.1945г.”" in received


def test_document_page_links_the_citations_url(document_page: Page) -> None:
    page = document_page
    citation = page.locator("section.part", has=page.locator("h2", has_text="Citation"))
    url = re.search(r"https?://\S+?(?=>|\s|$)", citation.inner_text()).group(0)
    assert citation.locator(f"a[href='{url}']").count() == 1


def test_home_has_one_search_box_and_says_when_most_named_is_cut(browser: Browser, server: str) -> None:
    watched = Watched(browser)
    page = watched.page
    page.goto(server + "/")
    assert page.locator("input[type=search]").count() == 1
    chips = names_in(page, "ul.chips.people li:not(.more) a")
    for correspondent in ("Joseph Stalin", "Vyacheslav Molotov", "Lavrentiy Beria", "Georgy Malenkov"):
        assert correspondent in chips  # named three times each: not cut off by the tie of one document
    last = page.locator("ul.chips.people li:not(.more) .count").last.inner_text()
    more = re.fullmatch(
        r"and (\d+) more, also in (\d+) documents?", page.locator("ul.chips.people li.more").inner_text()
    )
    assert more and more.group(2) == last
    page.goto(server + "/people")  # every person and group with their counts: the tie at the cut in full
    tied = [row for row in page.locator("table.list tbody tr td:nth-child(3)").all_inner_texts() if row == last]
    page.go_back()
    shown_tied = page.locator("ul.chips.people li:not(.more) .count", has_text=re.compile(f"^{last}$")).count()
    assert shown_tied + int(more.group(1)) == len(tied)
    watched.check()


def test_person_page_says_how_many_more_it_appears_with(browser: Browser, server: str) -> None:
    stalin = "<https://w3id.org/depesha/id/person/joseph-stalin>"
    others = select(
        server,
        PREFIXES
        + f"""SELECT (COUNT(DISTINCT ?other) AS ?n) WHERE {{
            GRAPH ?g {{ ?a crm:P67_refers_to {stalin} . ?b crm:P67_refers_to ?other }} FILTER (?other != {stalin}) }}""",
    )
    total = int(others[0]["n"])
    watched = Watched(browser)
    page = watched.page
    page.goto(server + "/id/person/joseph-stalin")
    shown = page.locator("section.companions ul.chips li:not(.more)").count()
    assert 0 < shown < total
    assert page.locator("section.companions li.more").inner_text() == f"and {total - shown} more"
    watched.check()


def test_place_page_centres_the_map_on_the_place_and_gives_its_coordinates(browser: Browser, server: str) -> None:
    wkt = select(
        server,
        PREFIXES + "SELECT ?w WHERE { <https://w3id.org/depesha/id/place/baku> crm:P168_place_is_defined_by ?w }",
    )[0]["w"]
    lon, lat = (float(x) for x in re.search(r"\(([-\d.]+) ([-\d.]+)\)", wkt).groups())
    watched = Watched(browser)
    page = watched.page
    page.goto(server + "/id/place/baku")
    assert page.locator("dd.coordinates").inner_text().startswith(f"{lat:.4f}° N, {lon:.4f}° E")
    page.wait_for_selector("div.map[data-ready=true]")
    assert int(float(page.locator("div.map").get_attribute("data-zoom"))) >= 7  # a city, not a continent
    box = page.locator("div.map").bounding_box()
    marker = page.locator("div.map path.leaflet-interactive").first.bounding_box()
    assert abs(marker["x"] + marker["width"] / 2 - (box["x"] + box["width"] / 2)) < box["width"] * 0.05
    assert abs(marker["y"] + marker["height"] / 2 - (box["y"] + box["height"] / 2)) < box["height"] * 0.05
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
