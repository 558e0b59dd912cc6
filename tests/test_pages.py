"""The HTML pages over real HTTP: the document page (texts side by side, paragraphs aligned, mentions linked, marks
styled, holding hierarchy), person and place pages, search, the query UI for browsers, and a crawl from the home page
that follows every local link (bounded) and never meets an error."""

from __future__ import annotations

import hashlib
import re
from collections import deque
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests

from conftest import PREFIXES, select

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
CRAWL_LIMIT = 700


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.rows: list[str] = []
        self._row_depth = 0
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("href", "src"):
            if values.get(name):
                self.hrefs.append(values[name] or "")
        if tag == "div" and (values.get("class") or "") == "row":
            self._row_depth, self._text = 1, []
        elif tag == "div" and self._row_depth:
            self._row_depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "div" and self._row_depth:
            self._row_depth -= 1
            if not self._row_depth:
                self.rows.append(" ".join("".join(self._text).split()))

    def handle_data(self, data: str) -> None:
        if self._row_depth:
            self._text.append(data)


def page(url: str, path: str) -> tuple[requests.Response, Links]:
    response = requests.get(url + path, headers={"Accept": BROWSER}, timeout=30)
    parser = Links()
    if response.headers.get("Content-Type", "").startswith("text/html"):
        parser.feed(response.text)
    return response, parser


def test_document_page_aligns_the_texts_and_links_the_mentions(server: str) -> None:
    response, parsed = page(server, "/id/document/119111")
    assert response.status_code == 200
    row_with = {
        needle: next(r for r in parsed.rows if needle in r)
        for needle in ("ИЗ БАКУ", "Партизаны", "Принято по ВЧ", "Обращение и декларация")
    }
    assert "FROM BAKU" in row_with["ИЗ БАКУ"]
    assert "four-hour firefight" in row_with["Партизаны"]  # the paragraph broken by page 2 is joined again
    assert "Received via VCh" in row_with["Принято по ВЧ"]
    assert "The appeal and the declaration" in row_with["Обращение и декларация"]
    html = response.text
    assert re.search(r'<a class="mention mention-person" href="/id/person/joseph-stalin"[^>]*>СТАЛИНУ</a>', html)
    assert re.search(r'<a class="mention mention-person" href="/id/person/joseph-stalin"[^>]*>STALIN</a>', html)
    assert re.search(r'<span class="mark mark-editorialinsertion"[^>]*>\[they\]</span>', html)
    assert re.search(r'<span class="page-marker"[^>]*>- 2 -</span>', html)
    assert 'href="/id/holding/rgaspi/558/11/99"' in html and 'href="/id/group/rgaspi"' in html
    assert 'href="https://digitalarchive.umd.edu/document/119111"' in html
    assert 'href="/id/document/119111.ttl"' in html and 'href="/id/document/119111.jsonld"' in html
    assert "/sparql#query=DESCRIBE%20%3Chttps%3A%2F%2Fw3id.org%2Fdepesha%2Fid%2Fdocument%2F119111%3E" in html


def test_person_page_names_documents_snippets_and_wikidata(server: str) -> None:
    response, _ = page(server, "/id/person/joseph-stalin")
    html = response.text
    assert "Иосиф Сталин" in html and "Joseph Stalin" in html
    assert "<mark>СТАЛИНУ</mark>" in html and "<mark>STALIN</mark>" in html
    assert 'href="https://www.wikidata.org/wiki/Q855"' in html
    assert re.search(r"Documents \(1\)", html)
    roles = re.search(r'class="roles">([^<]*)<', html).group(1).split(", ")
    assert {"addressee", "mentioned"} <= set(roles)
    assert 'href="/id/person/vyacheslav-molotov"' in html  # appears with


def test_place_page_has_a_map_and_its_enclosing_places(server: str) -> None:
    html = page(server, "/id/place/baku")[0].text
    assert 'class="map"' in html and '"lat": 40.4093' in html and '"lon": 49.8671' in html
    assert 'href="/id/place/azerbaijan-ssr"' in html
    assert "vendor/world-atlas/countries-50m.json" in html and "vendor/leaflet/leaflet.js" in html


def test_search_finds_names_and_text_in_either_script(server: str) -> None:
    for query in ("сталин", "Stalin", "жандарм", "firefight"):
        response, parsed = page(server, "/search?q=" + query)
        assert response.status_code == 200
        assert "/id/document/119111" in parsed.hrefs, query
    assert "/id/person/joseph-stalin" in page(server, "/search?q=Сталин")[1].hrefs
    assert "No document matches" in page(server, "/search?q=zzqqxx")[0].text
    assert page(server, "/search?q=" + "x" * 300)[0].status_code == 400


def test_sparql_is_the_query_ui_for_browsers_and_the_endpoint_for_clients(server: str) -> None:
    ui, parsed = page(server, "/sparql")
    assert ui.status_code == 200 and 'id="yasgui"' in ui.text
    assert any(h.endswith("vendor/yasgui/yasgui.min.js") for h in parsed.hrefs)
    examples = sorted(p.stem for p in (Path(__file__).parent.parent / "queries").glob("*.rq"))
    for name in examples:
        assert f"/queries/{name}.rq" in parsed.hrefs
    plain = requests.get(server + "/sparql", timeout=30)
    assert not plain.headers["Content-Type"].startswith("text/html")
    results = requests.get(
        server + "/sparql",
        params={"query": "ASK {}"},
        headers={"Accept": "application/sparql-results+json"},
        timeout=30,
    )
    assert results.json()["boolean"] is True


def test_every_link_from_the_home_page_answers(corpus_server: str) -> None:
    """Breadth first from /, every local link (pages, data representations, dumps, static files), up to a bound."""
    queue, seen, failures = deque(["/"]), {"/"}, []
    fetched = 0
    while queue and fetched < CRAWL_LIMIT:
        path = queue.popleft()
        response, parsed = page(corpus_server, path)
        fetched += 1
        if response.status_code != 200:
            failures.append((path, response.status_code))
            continue
        assert "Traceback" not in response.text[:200_000]
        for href in parsed.hrefs:
            absolute = urljoin(corpus_server + path, href)
            parts = urlsplit(absolute)
            if parts.netloc != urlsplit(corpus_server).netloc:
                continue
            local = parts.path + (f"?{parts.query}" if parts.query else "")
            if local not in seen:
                seen.add(local)
                queue.append(local)
    assert not failures
    assert fetched >= 200 or not queue  # the crawl went wide (or saw everything)
    kinds = {re.sub(r"^/(id/\w+|[^/?]*).*", r"\1", p) for p in seen}
    assert {
        "id/document",
        "id/person",
        "id/place",
        "id/holding",
        "id/language",
        "graph",
        "concept",
        "dumps",
        "sparql",
        "people",
        "places",
        "documents",
        "timeline",
        "vocab",
        "dataset",
    } <= kinds


def entity_hits(html: str) -> dict[str, tuple[str, str, str]]:
    """href -> (name, kind, line) of each person, group or place in a search page."""
    found = re.findall(
        r'<li><a href="([^"]+)" class="\w+">([^<]+)</a> <span class="note">(\w+)</span> <span class="snippet">(.*?)</span></li>',
        html,
    )
    return {href: (name, kind, line) for href, name, kind, line in found}


def test_search_shows_entities_by_name_and_forgives_spelling_as_reconciliation_does(server: str) -> None:
    for query in ("Tabriz", "Tavriz", "Тебриз", "tabriz"):
        hits = entity_hits(page(server, "/search?q=" + query)[0].text)
        assert next(iter(hits)) == "/id/place/tabriz", (query, hits)
        name, kind, line = hits["/id/place/tabriz"]
        assert (name, kind) == ("Tabriz", "place") and line.endswith("named in 1 document"), line
        assert "<mark>" not in line and "Tabriz" not in line  # a readable line, not the index's text
    response, parsed = page(server, "/search?q=Tavriz")  # no text has this spelling: the documents naming Tabriz
    assert "/id/document/119111" in parsed.hrefs and "names <mark>Tabriz</mark>" in response.text
    stalin = entity_hits(page(server, "/search?q=Stalin")[0].text)["/id/person/joseph-stalin"]
    assert stalin[:2] == ("Joseph Stalin", "person") and "Иосиф Сталин" in stalin[2]
    assert entity_hits(page(server, "/search?q=Banana")[0].text) == {}


def snippets(html: str) -> list[str]:
    found = re.findall(r'<blockquote class="snippet">(.*?)</blockquote>', html, re.S)
    return [unescape(re.sub(r"<[^>]+>", "", s)) for s in found]


def test_snippets_are_spaced_as_printed_and_leave_out_page_markers(server: str) -> None:
    entities = select(
        server,
        PREFIXES + "SELECT DISTINCT ?e WHERE { VALUES ?c { crm:E21_Person crm:E74_Group crm:E53_Place } ?e a ?c }",
    )
    seen = []
    for row in entities:
        seen += snippets(page(server, urlsplit(row["e"]).path.removeprefix("/depesha"))[0].text)
    assert len(seen) > 50
    for text in seen:
        assert not re.search(r"\s[,.;:!?'’)»]", text), text  # 'gendarmes' action', not 'gendarmes ' action'
        assert not re.search(r"(^|\s|…)[-–—]?\s*\d+\s*[-–—](\s|$)", text), text  # no '- 2 -', no '…2 - но'
    document = page(server, "/id/document/119111")[0].text
    assert re.search(r'<span class="page-marker"[^>]*>- 2 -</span>', document)  # the text has one near 'разогнав'
    found = snippets(page(server, "/search?q=разогнав")[0].text)  # the search's snippets too
    assert found and not any(re.search(r"[-–—]\s*2\s*[-–—]", text) for text in found), found


def test_the_whole_dataset_downloads_have_their_sha256(server: str) -> None:
    rows = select(
        server,
        PREFIXES
        + """PREFIX spdx: <http://spdx.org/rdf/terms#>
        SELECT DISTINCT ?dump ?sha WHERE { ?dump dcterms:hasPart ?part ; spdx:checksum/spdx:checksumValue ?sha }""",
    )
    assert {urlsplit(r["dump"]).path.rsplit("/", 1)[1] for r in rows} == {"depesha.nq.gz", "depesha.trig.gz"}
    dataset = page(server, "/dataset")[0].text
    for row in rows:
        name = urlsplit(row["dump"]).path.rsplit("/", 1)[1]
        body = requests.get(f"{server}/dumps/{name}", timeout=30).content
        assert hashlib.sha256(body).hexdigest() == row["sha"]
        assert re.search(rf'href="/dumps/{re.escape(name)}".*?<code class="checksum">{row["sha"]}</code>', dataset)
