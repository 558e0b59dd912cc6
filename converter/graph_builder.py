"""A document's graph under construction: the quads of its named graph, the triples it adds to ``graph/entities``,
and the patterns every section repeats (an E52 time-span, a role, a Web Annotation). The sections of
``document.py`` and ``event_triples.py`` write through it."""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode, Quad, Triple

from ontology.iris import Iris
from ontology.namespaces import CRM, DV, EDTF, OA, RDFS, XSD, A, integer, text, typed

from .dates import DateValue


class GraphBuilder:
    def __init__(self, iris: Iris, record: str) -> None:
        self.iris = iris
        self.record = record
        self.graph = iris.document_graph(record)
        self.quads: list[Quad] = []
        self.shared: list[Triple] = []
        self.annotations = 0

    def add(self, s: NamedNode, p: NamedNode, o: NamedNode | Literal) -> None:
        self.quads.append(Quad(s, p, o, self.graph))

    def part(self, name: str) -> NamedNode:
        return self.iris.document_part(self.record, name)

    def time_span(self, owner: NamedNode, date: DateValue) -> NamedNode:
        span = NamedNode(owner.value + "/time-span")
        self.add(owner, CRM.term("P4_has_time-span"), span)
        return self.span_node(span, date)

    def span_node(self, span: NamedNode, date: DateValue) -> NamedNode:
        """A crm:E52_Time-Span covering ``date``, labelled with the date as printed."""
        self.add(span, A, CRM.term("E52_Time-Span"))
        self.add(span, CRM.P82a_begin_of_the_begin, typed(date.begin_datetime, XSD.dateTime))
        self.add(span, CRM.P82b_end_of_the_end, typed(date.end_datetime, XSD.dateTime))
        self.add(span, RDFS.label, text(date.label))
        self.add(span, CRM.P170i_time_is_defined_by, typed(date.edtf, EDTF))
        return span

    def roles(self, activity: NamedNode, actors: list[NamedNode], role: NamedNode) -> None:
        """Each actor carries out ``activity`` in ``role``; the role node keeps the actor's place in the source's
        order (``dv:position``, from 1), which the graph would otherwise lose."""
        for position, actor in enumerate(actors, start=1):
            self.add(activity, CRM.P14_carried_out_by, actor)
            node = NamedNode(
                f"{activity.value}/role/{role.value.rsplit('#', 1)[-1].lower()}-{actor.value.rsplit('/', 1)[-1]}"
            )
            self.add(activity, CRM.P01i_is_domain_of, node)
            self.add(node, A, CRM.PC14_carried_out_by)
            self.add(node, CRM.P02_has_range, actor)
            self.add(node, CRM.term("P14.1_in_the_role_of"), role)
            self.add(node, DV.position, integer(position))

    def annotate(
        self,
        body: NamedNode,
        source: NamedNode,
        start: int,
        end: int,
        exact: str,
        motivation: NamedNode = OA.identifying,
    ) -> NamedNode:
        self.annotations += 1
        number = self.annotations
        annotation = self.iris.annotation(self.record, number)
        target = self.iris.annotation(self.record, number, "target")
        position = self.iris.annotation(self.record, number, "position")
        quote = self.iris.annotation(self.record, number, "quote")
        self.add(annotation, A, OA.Annotation)
        self.add(annotation, OA.motivatedBy, motivation)
        self.add(annotation, OA.hasBody, body)
        self.add(annotation, OA.hasTarget, target)
        self.add(target, OA.hasSource, source)
        self.add(target, OA.hasSelector, position)
        self.add(target, OA.hasSelector, quote)
        self.add(position, A, OA.TextPositionSelector)
        self.add(position, OA.start, integer(start))
        self.add(position, OA.end, integer(end))
        self.add(quote, A, OA.TextQuoteSelector)
        self.add(quote, OA.exact, Literal(exact))
        return annotation

    def text_node(self, part_name: str, text_type: NamedNode, content: str, lang: str | None) -> NamedNode:
        """A text about the document (summary, citation, credits): an E33 of a type, with its content."""
        node = self.part(part_name)
        self.add(node, A, CRM.E33_Linguistic_Object)
        self.add(node, CRM.P2_has_type, text_type)
        self.add(node, CRM.P190_has_symbolic_content, text(content, lang))
        return node
