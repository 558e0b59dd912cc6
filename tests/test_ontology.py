"""The dv: vocabulary, the SHACL shapes and the JSON-LD context in ``ontology/`` against the converter's output."""

from __future__ import annotations

import json
from pathlib import Path

import pyshacl
import pytest
from pyoxigraph import RdfFormat, serialize
from rdflib import RDF, SKOS, Dataset, Graph, Literal, Namespace, URIRef

from converter import convert_file
from converter.document import ROLE_CONCEPTS
from converter.textmarks import MARK_PATTERNS
from converter.titles import DOCUMENT_TYPES, UNSPECIFIED_TYPE
from ontology import path
from ontology.namespaces import PREFIXES

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample" / "119111.md"
BASE = "https://w3id.org/depesha/"
DV = Namespace("https://w3id.org/depesha/vocab#")
CRM = Namespace("http://www.cidoc-crm.org/cidoc-crm/")
OA = Namespace("http://www.w3.org/ns/oa#")
SH = Namespace("http://www.w3.org/ns/shacl#")
RDFS_LABEL = URIRef("http://www.w3.org/2000/01/rdf-schema#label")
DOC = URIRef(BASE + "id/document/119111")
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")  # rdflib's own N-Quads/JSON-LD parsers


@pytest.fixture(scope="module")
def vocab() -> Graph:
    return Graph().parse(path("vocab.ttl"), format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(path("shapes.ttl"), format="turtle")


@pytest.fixture(scope="module")
def converted():
    return convert_file(SAMPLE)


@pytest.fixture(scope="module")
def sample(converted) -> Graph:
    """The document's graph and its entity triples as one rdflib graph (terms carried over as N-Quads/N-Triples)."""
    dataset = Dataset()
    dataset.parse(data=serialize(converted.quads, format=RdfFormat.N_QUADS).decode(), format="nquads")
    graph = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    graph.parse(data=serialize(converted.entity_triples, format=RdfFormat.N_TRIPLES).decode(), format="nt")
    return graph


def validate(graph: Graph, shapes: Graph) -> tuple[bool, Graph, str]:
    conforms, report, text = pyshacl.validate(graph, shacl_graph=shapes, inference="none", advanced=False)
    return conforms, report, text


def focus_nodes(report: Graph) -> set[str]:
    return {str(report.value(result, SH.focusNode)) for result in report.subjects(RDF.type, SH.ValidationResult)}


def copy(graph: Graph) -> Graph:
    clone = Graph()
    clone += graph
    return clone


def concepts(vocab: Graph) -> set[URIRef]:
    return set(vocab.subjects(RDF.type, SKOS.Concept))


def scheme_members(vocab: Graph, scheme: str) -> set[URIRef]:
    return set(vocab.subjects(SKOS.inScheme, DV[scheme]))


# ---- the vocabulary ----


def test_vocab_concepts_are_types_with_labels_in_both_languages_and_a_definition(vocab):
    assert len(concepts(vocab)) > 60
    for concept in concepts(vocab):
        assert (concept, RDF.type, CRM.E55_Type) in vocab, concept
        langs = [label.language for label in vocab.objects(concept, SKOS.prefLabel)]
        assert sorted(langs) == ["en", "ru"], (concept, langs)
        definitions = [d for d in vocab.objects(concept, SKOS.definition) if isinstance(d, Literal)]
        assert [d.language for d in definitions] == ["en"] and len(definitions[0]) > 10, concept
        schemes = list(vocab.objects(concept, SKOS.inScheme))
        assert len(schemes) == 1 and (schemes[0], RDF.type, SKOS.ConceptScheme) in vocab, concept


def test_vocab_has_the_schemes_of_the_contract(vocab):
    for scheme in (
        "DocumentTypes",
        "Roles",
        "IdentifierTypes",
        "TextTypes",
        "ActivityTypes",
        "EditorialMarkTypes",
        "EventTypes",
    ):
        assert scheme_members(vocab, scheme), scheme
    assert {DV[name] for _, name in DOCUMENT_TYPES} | {DV[UNSPECIFIED_TYPE]} == scheme_members(vocab, "DocumentTypes")
    assert {URIRef(node.value) for node in ROLE_CONCEPTS.values()} == scheme_members(vocab, "Roles")
    marks = {kind for kind, _ in MARK_PATTERNS} | {"PageMarker", "PageBreakHyphenation"}
    assert {DV[kind] for kind in marks} == scheme_members(vocab, "EditorialMarkTypes")


def test_shortcut_properties_name_the_crm_path_they_abbreviate(vocab):
    owl = Namespace("http://www.w3.org/2002/07/owl#")
    expected = {
        "sender": "P94i_was_created_by",
        "addressee": "P16i_was_used_for",
        "sentFrom": "P7_took_place_at",
        "sentTo": "P7_took_place_at",
        "date": "P4_has_time-span",
    }
    for name, step in expected.items():
        kinds = set(vocab.objects(DV[name], RDF.type))
        assert kinds & {owl.ObjectProperty, owl.DatatypeProperty}, name
        assert step in str(vocab.value(DV[name], URIRef("http://www.w3.org/2000/01/rdf-schema#comment"))), name
        assert vocab.value(DV[name], RDFS_LABEL) is not None


def test_every_dv_term_in_the_converter_output_is_defined(vocab, sample):
    used = {term for triple in sample for term in triple if isinstance(term, URIRef) and term.startswith(str(DV))}
    defined = {s for s in vocab.subjects(RDF.type, None) if isinstance(s, URIRef)}
    assert used, "the sample uses no dv: terms"
    assert used - defined == set()


def test_shape_value_lists_match_the_concept_schemes(vocab, shapes):
    """The sh:in lists of the shapes and the schemes of vocab.ttl must not drift apart."""
    lists = [set(shapes.items(node)) for node in shapes.objects(None, SH["in"])]
    for scheme in ("DocumentTypes", "Roles", "EditorialMarkTypes", "EventTypes"):
        assert scheme_members(vocab, scheme) in lists, scheme


# ---- the shapes ----


def test_every_shape_says_what_it_catches(shapes):
    for shape in shapes.subjects(RDF.type, SH.NodeShape):
        assert shapes.value(shape, SH.name) is not None, shape
        assert shapes.value(shape, URIRef("http://www.w3.org/2000/01/rdf-schema#comment")) is not None, shape


def test_the_sample_conforms(sample, shapes):
    conforms, _, text = validate(sample, shapes)
    assert conforms, text


def _remove_title(graph: Graph) -> str:
    graph.remove((DOC, CRM.P102_has_title, None))
    return str(DOC)


def _begin_after_end(graph: Graph) -> str:
    span = URIRef(str(DOC) + "/creation/time-span")
    graph.set(
        (
            span,
            CRM.P82a_begin_of_the_begin,
            Literal("1945-11-25T00:00:00", datatype=URIRef("http://www.w3.org/2001/XMLSchema#dateTime")),
        )
    )
    return str(span)


def _start_after_end(graph: Graph) -> str:
    position = URIRef(str(DOC) + "/annotation/1#position")
    end = graph.value(position, OA.end).toPython()
    graph.set((position, OA.start, Literal(end + 3)))
    return str(position)


def _two_english_labels(graph: Graph) -> str:
    person = URIRef(BASE + "id/person/joseph-stalin")
    graph.add((person, RDFS_LABEL, Literal("J. V. Stalin", lang="en")))
    return str(person)


def _role_without_range(graph: Graph) -> str:
    role = URIRef(str(DOC) + "/creation/role/sender-mir-jafar-baghirov")
    graph.remove((role, CRM.P02_has_range, None))
    return str(role)


def _quote_not_at_position(graph: Graph) -> str:
    quote = URIRef(str(DOC) + "/annotation/1#quote")
    source = graph.value(URIRef(str(DOC) + "/annotation/1#target"), OA.hasSource)
    graph.set((quote, OA.exact, Literal("not what the text says")))
    return str(source)


def _sender_shortcut_without_crm_path(graph: Graph) -> str:
    graph.add((DOC, DV.sender, URIRef(BASE + "id/person/joseph-stalin")))
    return str(DOC)


@pytest.mark.parametrize(
    "breakage",
    [
        _remove_title,
        _begin_after_end,
        _start_after_end,
        _two_english_labels,
        _role_without_range,
        _quote_not_at_position,
        _sender_shortcut_without_crm_path,
    ],
)
def test_a_broken_sample_does_not_conform(sample, shapes, breakage):
    broken = copy(sample)
    expected_focus = breakage(broken)
    assert len(broken) != len(sample) or set(broken) != set(sample)
    conforms, report, text = validate(broken, shapes)
    assert not conforms
    assert expected_focus in focus_nodes(report), text


def test_a_narrated_event_as_the_contract_draws_it_conforms(sample, shapes):
    event = URIRef(str(DOC) + "/event/1000")  # a number the converter's own events of the sample do not reach
    graph = copy(sample)
    graph.add((DOC, CRM.P70_documents, event))
    graph.add((event, RDF.type, CRM.E5_Event))
    graph.add((event, CRM.P70i_is_documented_in, DOC))
    graph.add((event, CRM.P2_has_type, DV.ArmedClash))
    graph.add((event, RDFS_LABEL, Literal("Firefight near Tabriz", lang="en")))
    graph.add((event, CRM.P7_took_place_at, URIRef(BASE + "id/place/baku")))
    conforms, _, text = validate(graph, shapes)
    assert conforms, text
    graph.set((event, CRM.P2_has_type, DV.Telegram))
    assert not validate(graph, shapes)[0]


# ---- the JSON-LD context ----


def test_context_maps_the_contract_prefixes_and_short_terms():
    context = json.loads(path("context.jsonld").read_text(encoding="utf-8"))["@context"]
    assert context["@version"] == 1.1
    for prefix, iri in PREFIXES.items():
        assert context[prefix] == iri, prefix
    document = {
        "@context": context,
        "id": str(DOC),
        "refersTo": BASE + "id/place/baku",
        "date": "1945-11-24",
        "sender": BASE + "id/person/mir-jafar-baghirov",
        "hasType": "dv:Telegram",
        "label": {"@value": "Telegram", "@language": "en"},
        "start": 5,
    }
    graph = Graph().parse(data=json.dumps(document), format="json-ld")
    assert (DOC, CRM.P67_refers_to, URIRef(BASE + "id/place/baku")) in graph
    assert (DOC, CRM.P2_has_type, DV.Telegram) in graph
    assert (DOC, DV.sender, URIRef(BASE + "id/person/mir-jafar-baghirov")) in graph
    assert graph.value(DOC, DV.date).datatype == URIRef("http://www.w3.org/2001/XMLSchema#date")
    assert graph.value(DOC, OA.start).toPython() == 5


def test_a_typo_in_a_crm_or_dv_term_fails_instead_of_minting_an_iri() -> None:
    from ontology.namespaces import CRM, DV

    assert CRM.P67_refers_to.value.endswith("P67_refers_to") and DV.sender.value.endswith("#sender")
    with pytest.raises(AttributeError, match="not a term of the model"):
        _ = CRM.P67_refer_to
    with pytest.raises(ValueError, match="ontology/vocab.ttl"):
        DV.term("sendr")


def test_every_type_the_converter_can_give_is_a_term_of_the_vocabulary() -> None:
    from converter.event_lexicon import TRIGGERS_EN, TRIGGERS_RU
    from converter.titles import DOCUMENT_TYPES, UNSPECIFIED_TYPE
    from ontology.namespaces import DV

    names = [concept for _, concept in DOCUMENT_TYPES] + [UNSPECIFIED_TYPE] + [kind for kind, _ in MARK_PATTERNS]
    for name in names + [trigger.type for trigger in TRIGGERS_RU + TRIGGERS_EN]:
        DV.term(name)  # raises for a name vocab.ttl does not define
