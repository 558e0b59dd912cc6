"""The SPARQL 1.1 Service Description served at the endpoint URL (GET with no query): what the endpoint speaks, its
default dataset (the union of every graph) with its named graphs, and the limits it enforces
(``server/web/sparql/limits.py``),
stated with ``dv:`` properties defined in ``ontology/vocab.ttl``."""

from __future__ import annotations

from pyoxigraph import BlankNode, Literal, NamedNode, QueryResultsFormat, RdfFormat, Store, Triple

from ontology.namespaces import DCTERMS, DV, RDF, VOID, XSD, Namespace, integer, text
from server.web.sparql.limits import Limits

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
RESULT_FORMATS = [QueryResultsFormat.JSON, QueryResultsFormat.XML, QueryResultsFormat.CSV, QueryResultsFormat.TSV]
GRAPH_FORMATS = [
    RdfFormat.TURTLE,
    RdfFormat.N_TRIPLES,
    RdfFormat.N_QUADS,
    RdfFormat.RDF_XML,
    RdfFormat.JSON_LD,
    RdfFormat.TRIG,
]
FORMAT_IRIS = {"https://www.w3.org/ns/formats/data/JSON-LD": "http://www.w3.org/ns/formats/JSON-LD"}  # W3C's IRI
TRIPLES = """PREFIX void: <http://rdfs.org/ns/void#>
SELECT ?n WHERE { GRAPH ?g { ?d a void:Dataset ; void:triples ?n } FILTER(STRENDS(STR(?g), "graph/meta")) } LIMIT 1"""


def _decimal(value: float) -> Literal:
    return Literal(f"{value:g}" if "." in f"{value:g}" else f"{value:g}.0", datatype=XSD.decimal)


def service_description(
    store: Store, endpoint: str, limits: Limits, update_endpoint: str | None = None
) -> list[Triple]:
    service = NamedNode(endpoint)
    dataset, default_graph = BlankNode(), BlankNode()
    triples = [
        Triple(service, RDF.type, SD.Service),
        Triple(service, SD.endpoint, service),
        Triple(service, SD.supportedLanguage, SD.SPARQL11Query),
        Triple(service, SD.feature, SD.UnionDefaultGraph),
        Triple(service, SD.defaultEntailmentRegime, NamedNode("http://www.w3.org/ns/entailment/Simple")),
        Triple(
            service,
            DCTERMS.description,
            text(
                "SPARQL 1.1 query endpoint (queries only). The default graph is the union of all named graphs. Limits: "
                f"queries stop after {limits.query_timeout_s:g} s (HTTP 504), results stop at {limits.max_result_rows} "
                f"rows (HTTP 503, nothing returned), requests stop at {limits.max_request_bytes} bytes (HTTP 413).",
                "en",
            ),
        ),
        Triple(service, DV.queryTimeout, _decimal(limits.query_timeout_s)),
        Triple(service, DV.maxResultRows, integer(limits.max_result_rows)),
        Triple(service, DV.maxRequestBytes, integer(limits.max_request_bytes)),
        Triple(service, SD.defaultDataset, dataset),
        Triple(dataset, RDF.type, SD.Dataset),
        Triple(dataset, SD.defaultGraph, default_graph),
        Triple(default_graph, RDF.type, SD.Graph),
        Triple(
            default_graph,
            DCTERMS.description,
            text("The union of all named graphs (each triple lives in one graph only).", "en"),
        ),
    ]
    if update_endpoint:  # updates go to their own URL, described alongside
        update = NamedNode(update_endpoint)
        triples += [
            Triple(update, RDF.type, SD.Service),
            Triple(update, SD.endpoint, update),
            Triple(update, SD.supportedLanguage, SD.SPARQL11Update),
            Triple(
                update,
                DCTERMS.description,
                text("SPARQL 1.1 Update, for holders of the write token (Authorization: Bearer).", "en"),
            ),
        ]
    if limits.query_memory_mb:
        triples.append(Triple(service, DV.queryMemoryMegabytes, integer(limits.query_memory_mb)))
    if limits.service_allow:
        triples.append(Triple(service, SD.feature, SD.BasicFederatedQuery))
        triples.append(Triple(service, DV.serviceTimeout, _decimal(limits.service_timeout_s)))
        triples.append(Triple(service, DV.serviceMaxBytes, integer(limits.service_max_bytes)))
        triples += [Triple(service, DV.allowedService, NamedNode(iri)) for iri in sorted(limits.service_allow)]
    triples += [
        Triple(service, SD.resultFormat, NamedNode(FORMAT_IRIS.get(f.iri, f.iri)))
        for f in RESULT_FORMATS + GRAPH_FORMATS
    ]
    count = next(iter(store.query(TRIPLES)), None)
    if count is not None:
        triples.append(Triple(default_graph, VOID.triples, count["n"]))
    for name in sorted(store.named_graphs(), key=lambda g: g.value):
        if isinstance(name, NamedNode):
            entry = BlankNode()
            triples += [
                Triple(dataset, SD.namedGraph, entry),
                Triple(entry, RDF.type, SD.NamedGraph),
                Triple(entry, SD.name, name),
            ]
    order = {subject: index for index, subject in reversed(list(enumerate(t.subject for t in triples)))}
    return sorted(triples, key=lambda t: order[t.subject])  # grouped by subject, for readable Turtle
