"""``depesha check``: validate a store's current snapshot against ``ontology/shapes.ttl`` and say what is wrong.

The snapshot's union of graphs (each triple once) is handed to pyshacl as an rdflib graph (carried over as N-Triples,
the triple subset of N-Quads). Each violation is reported with its focus node, its path, what the shape expected and
the name of the shape, in the words of ``shapes.ttl`` (``sh:name``), so that a curator can find the triple to fix.
"""

from __future__ import annotations

import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import RdfFormat, Store, serialize
from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from ontology import path as ontology_path
from ontology.namespaces import PREFIXES
from server.store.store import UNION, open_snapshot

SH = Namespace("http://www.w3.org/ns/shacl#")
DVSH = "https://w3id.org/depesha/shapes#"
LIST_SHOWN = 8  # items of an sh:in list shown before "..."


@dataclass(frozen=True)
class Violation:
    """One SHACL validation result, in words."""

    focus: str
    path: str | None
    value: str | None
    expected: str
    shape: str
    message: str
    severity: str = "Violation"
    details: tuple[Violation, ...] = ()

    def lines(self, indent: str = "") -> list[str]:
        out = [f"{indent}{self.severity}: {self.focus}", f"{indent}  shape:    {self.shape}"]
        if self.path:
            out.append(f"{indent}  path:     {self.path}")
        out.append(f"{indent}  expected: {self.expected}")
        if self.value:
            out.append(f"{indent}  value:    {self.value}")
        out.append(f"{indent}  message:  {self.message}")
        for detail in self.details:
            out += detail.lines(indent + "    ")
        return out

    def __str__(self) -> str:
        return "\n".join(self.lines())


@dataclass
class CheckReport:
    triples: int
    seconds: float
    results: list[Violation] = field(default_factory=list)

    @property
    def violations(self) -> list[Violation]:
        return [r for r in self.results if r.severity == "Violation"]

    @property
    def conforms(self) -> bool:
        return not self.violations

    def summary(self) -> str:
        if self.conforms:
            extra = f", {len(self.results)} warnings" if self.results else ""
            return f"conforms: {self.triples} triples, 0 violations{extra} ({self.seconds:.1f} s)"
        nodes = len({v.focus for v in self.violations})
        return (
            f"does not conform: {len(self.violations)} violations on {nodes} nodes "
            f"({self.triples} triples checked in {self.seconds:.1f} s)"
        )


def load_shapes() -> Graph:
    return Graph().parse(ontology_path("shapes.ttl"), format="turtle")


def union_graph(store: Store) -> Graph:
    """All triples of all graphs, each once (the SPARQL default graph of the endpoint)."""
    triples = dict.fromkeys(quad.triple for quad in store.quads_for_pattern(None, None, None, UNION))
    graph = Graph()
    if triples:
        graph.parse(data=serialize(list(triples), format=RdfFormat.N_TRIPLES).decode("utf-8"), format="nt")
    return graph


def check_graph(graph: Graph, shapes: Graph | None = None) -> CheckReport:
    """Validate ``graph`` against the project's shapes (no inference), results in words."""
    import pyshacl  # imported here: it takes a second to import and only `check` needs it

    shapes = shapes if shapes is not None else load_shapes()
    started = time.monotonic()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        _, report, _ = pyshacl.validate(graph, shacl_graph=shapes, inference="none", advanced=False)
    describer = _Describer(report, shapes)
    results = [describer.result(node) for node in report.objects(None, SH.result)]
    results.sort(key=lambda v: (v.focus, v.shape, v.path or "", v.value or ""))
    return CheckReport(len(graph), time.monotonic() - started, results)


def check_store(folder: Path) -> CheckReport:
    """Validate the store's current snapshot (what ``query`` and ``serve`` see)."""
    started = time.monotonic()
    graph = union_graph(open_snapshot(folder))
    report = check_graph(graph)
    report.seconds = time.monotonic() - started
    return report


class _Describer:
    """Turns a pyshacl report into :class:`Violation` objects, reading shape names from the shapes graph."""

    def __init__(self, report: Graph, shapes: Graph) -> None:
        self.report = report
        self.shapes = shapes
        for graph in (report, shapes):
            for prefix, iri in {**PREFIXES, "sh": str(SH), "dvsh": DVSH}.items():
                graph.namespace_manager.bind(prefix, iri, override=True, replace=True)

    def result(self, node: Node) -> Violation:
        report = self.report
        component = report.value(node, SH.sourceConstraintComponent)
        shape = report.value(node, SH.sourceShape)
        constraint = report.value(node, SH.sourceConstraint)
        value = report.value(node, SH.value)
        path = report.value(node, SH.resultPath)
        severity = report.value(node, SH.resultSeverity)
        return Violation(
            focus=str(report.value(node, SH.focusNode)),
            path=self.path(report, path) if path is not None else None,
            value=self.term(value) if value is not None else None,
            expected=self.expected(component, shape, constraint),
            shape=self.shape_name(shape, constraint),
            message=str(report.value(node, SH.resultMessage) or ""),
            severity=_local(severity) if severity is not None else "Violation",
            details=tuple(self.result(detail) for detail in report.objects(node, SH.detail)),
        )

    # -- rendering terms and paths

    def term(self, term: Node) -> str:
        if isinstance(term, URIRef):
            return term.n3(self.shapes.namespace_manager)
        if isinstance(term, Literal):
            text = str(term)
            text = text if len(text) <= 80 else text[:77] + "..."
            suffix = (
                f"@{term.language}"
                if term.language
                else (f"^^{term.datatype.n3(self.shapes.namespace_manager)}" if term.datatype else "")
            )
            return f'"{text}"{suffix}'
        return "[]"

    def path(self, graph: Graph, node: Node) -> str:
        """A SHACL path as a SPARQL property path (sequences, inverses, alternatives)."""
        if isinstance(node, URIRef):
            return node.n3(self.shapes.namespace_manager)
        if (node, RDF.first, None) in graph:
            return "/".join(self.path(graph, step) for step in Collection(graph, node))
        inverse = graph.value(node, SH.inversePath)
        if inverse is not None:
            return f"^{self.path(graph, inverse)}"
        alternatives = graph.value(node, SH.alternativePath)
        if alternatives is not None:
            return "(" + "|".join(self.path(graph, step) for step in Collection(graph, alternatives)) + ")"
        for key, mark in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
            inner = graph.value(node, key)
            if inner is not None:
                return f"({self.path(graph, inner)}){mark}"
        return "[]"

    # -- shape names

    def shape_name(self, shape: Node | None, constraint: Node | None) -> str:
        """``node shape name > property shape name [dvsh:Id]``, the SPARQL constraint's name when there is one."""
        if shape is None:
            return "?"
        parent = shape if isinstance(shape, URIRef) else self.shapes.value(None, SH.property, shape)
        names = []
        parent_name = self.shapes.value(parent, SH.name) if parent is not None else None
        if parent_name is not None or isinstance(parent, URIRef):
            names.append(str(parent_name or _local(parent)))
        own = self.report.value(shape, SH.name) or self.shapes.value(shape, SH.name)
        if own is not None and shape != parent:
            names.append(str(own))
        label = " > ".join(names) or f"the shape {self.describe(shape)}"
        if isinstance(parent, URIRef):
            label += f"  [{parent.n3(self.shapes.namespace_manager)}]"
        return label

    # -- what was expected

    def value_of(self, shape: Node, key: URIRef) -> Node | None:
        found = self.report.value(shape, key)
        return found if found is not None else self.shapes.value(shape, key)

    def graph_of(self, node: Node) -> Graph:
        return self.report if (node, None, None) in self.report else self.shapes

    def items(self, node: Node) -> list[Node]:
        return list(Collection(self.graph_of(node), node))

    def expected(self, component: Node | None, shape: Node | None, constraint: Node | None) -> str:
        name = _local(component).removesuffix("ConstraintComponent") if component is not None else ""
        if constraint is not None:
            said = self.report.value(constraint, SH.name)
            return f"{said} (sh:sparql)" if said else "the SPARQL constraint finds nothing (sh:sparql)"
        if shape is None:
            return name
        get = self.value_of
        phrases = {
            "MinCount": lambda: f"at least {get(shape, SH.minCount)} value(s)",
            "MaxCount": lambda: f"at most {get(shape, SH.maxCount)} value(s)",
            "Datatype": lambda: f"literals of datatype {self.term(get(shape, SH.datatype))}",
            "Class": lambda: f"instances of {self.term(get(shape, SH['class']))}",
            "NodeKind": lambda: f"node kind {_local(get(shape, SH.nodeKind))}",
            "In": lambda: "one of " + self.listing(get(shape, SH["in"])),
            "HasValue": lambda: f"the value {self.term(get(shape, SH.hasValue))}",
            "Pattern": lambda: f"text matching /{get(shape, SH.pattern)}/",
            "MinLength": lambda: f"at least {get(shape, SH.minLength)} characters",
            "MaxLength": lambda: f"at most {get(shape, SH.maxLength)} characters",
            "MinInclusive": lambda: f"values >= {get(shape, SH.minInclusive)}",
            "MaxInclusive": lambda: f"values <= {get(shape, SH.maxInclusive)}",
            "UniqueLang": lambda: "at most one value per language tag",
            "LanguageIn": lambda: "language tags in " + self.listing(get(shape, SH.languageIn)),
            "LessThanOrEquals": lambda: f"values <= those of {self.term(get(shape, SH.lessThanOrEquals))}",
            "LessThan": lambda: f"values < those of {self.term(get(shape, SH.lessThan))}",
            "Node": lambda: f"a node that conforms to {self.describe(get(shape, SH.node))}",
            "Or": lambda: "conforms to at least one of: " + self.alternatives(get(shape, SH["or"])),
            "Xone": lambda: "conforms to exactly one of: " + self.alternatives(get(shape, SH.xone)),
            "And": lambda: "conforms to all of: " + self.alternatives(get(shape, SH["and"])),
            "Not": lambda: f"does not conform to {self.describe(get(shape, SH['not']))}",
            "QualifiedMinCount": lambda: (
                f"at least {get(shape, SH.qualifiedMinCount)} value(s) that "
                f"{self.describe(get(shape, SH.qualifiedValueShape))}"
            ),
            "QualifiedMaxCount": lambda: (
                f"at most {get(shape, SH.qualifiedMaxCount)} value(s) that "
                f"{self.describe(get(shape, SH.qualifiedValueShape))}"
            ),
        }
        phrase = phrases.get(name)
        return f"{phrase()} (sh:{name[0].lower()}{name[1:]})" if phrase else f"sh:{name}"

    def listing(self, node: Node | None) -> str:
        if node is None:
            return "()"
        items = [self.term(item) for item in self.items(node)]
        shown = items[:LIST_SHOWN] + (["..."] if len(items) > LIST_SHOWN else [])
        return "(" + ", ".join(shown) + ")"

    def alternatives(self, node: Node | None) -> str:
        return " | ".join(self.describe(item) for item in self.items(node)) if node is not None else "()"

    def describe(self, shape: Node | None) -> str:
        """A shape in a few words: its name, or its constraints (``sh:class crm:E21_Person``)."""
        if shape is None:
            return "?"
        name = self.value_of(shape, SH.name)
        if isinstance(shape, URIRef):
            return f"{name or _local(shape)} [{shape.n3(self.shapes.namespace_manager)}]"
        if name is not None:
            return str(name)
        graph = self.graph_of(shape)
        parts = []
        for key, value in sorted(graph.predicate_objects(shape)):
            if key == SH.property:
                parts.append(f"has {self.describe(value)}")
            elif key == SH.path:
                parts.append(f"path {self.path(graph, value)}")
            elif str(key).startswith(str(SH)) and key not in (SH.name, SH.message):
                shown = self.listing(value) if isinstance(value, BNode) else self.term(value)
                parts.append(f"{key.n3(self.shapes.namespace_manager)} {shown}")
        return "[" + "; ".join(parts) + "]" if parts else "[]"


def _local(term: Node) -> str:
    text = str(term)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
