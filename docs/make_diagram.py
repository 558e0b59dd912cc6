"""Draw the graph contract from ``ontology/shapes.ttl`` with Graphviz: ``docs/model.svg`` and ``docs/model.png``.

Each SHACL node shape becomes a box (the class it is about, its ``sh:name``, and the literal-valued properties it
requires with their datatypes or concept schemes); each property shape that points to another node becomes an arrow
labelled with its path. Shapes about a class (``sh:targetClass``) are merged into one box per class; shapes that are
alternatives (``sh:or`` / ``sh:xone`` of classes, as for senders: a person or a group) become one arrow per class.

    python docs/make_diagram.py [--out docs] [--dot-only]

Needs Graphviz's ``dot`` (Debian package ``graphviz``) unless ``--dot-only``.
"""

from __future__ import annotations

import argparse
import html
import shutil
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, SKOS, BNode, Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ontology import path as ontology_path  # noqa: E402
from ontology.namespaces import PREFIXES  # noqa: E402
from ontology.namespaces import compact as compact_iri  # noqa: E402

SH = Namespace("http://www.w3.org/ns/shacl#")
DVSH = "https://w3id.org/depesha/shapes#"
SHOWN = {**PREFIXES, "dvsh": DVSH}


def compact(term: Node) -> str:
    return compact_iri(str(term), SHOWN)


@dataclass
class Box:
    key: str
    title: str
    subtitle: str = ""
    attributes: list[str] = field(default_factory=list)


class Diagram:
    def __init__(self, shapes: Graph, vocab: Graph) -> None:
        self.shapes = shapes
        self.vocab = vocab
        self.boxes: dict[str, Box] = {}
        self.edges: dict[tuple[str, str, str], None] = {}
        self.objects_of = {}  # path IRI -> shape targeting the objects of that path
        for shape in shapes.subjects(RDF.type, SH.NodeShape):
            for path in shapes.objects(shape, SH.targetObjectsOf):
                self.objects_of[path] = shape

    # -- what a shape stands for

    def classes_of_union(self, shape: Node) -> list[URIRef] | None:
        """The classes of a shape that is only ``sh:or``/``sh:xone`` of ``[ sh:class C ]`` (ActorShape), else None."""
        for key in (SH["or"], SH.xone):
            members = self.shapes.value(shape, key)
            if members is not None and not list(self.shapes.objects(shape, SH.property)):
                classes = [self.shapes.value(m, SH["class"]) for m in Collection(self.shapes, members)]
                if all(isinstance(c, URIRef) for c in classes):
                    return classes
        return None

    def box_of_union(self, shape: URIRef) -> str:
        """A shape that is one of several classes (an actor: a person or a group): a small box with an arrow to each."""
        key = str(shape)
        if key not in self.boxes:
            self.boxes[key] = Box(key, str(self.shapes.value(shape, SH.name) or compact(shape)), "(one of)")
            for cls in self.classes_of_union(shape) or []:
                self.edges[(key, "", self.box_of_class(cls))] = None
        return key

    def box_of_class(self, cls: URIRef) -> str:
        key = str(cls)
        self.boxes.setdefault(key, Box(key, compact(cls)))
        return key

    def box_of_shape(self, shape: Node, cls: Node | None = None, name: str | None = None) -> str:
        targeted = self.shapes.value(shape, SH.targetClass)
        if isinstance(targeted, URIRef):  # a shape about a class is drawn in that class's box
            return self.box_of_class(targeted)
        key = str(shape)
        if key not in self.boxes:
            own = self.shapes.value(shape, SH["class"]) or cls
            name = str(self.shapes.value(shape, SH.name) or name or compact(shape))
            self.boxes[key] = Box(
                key, compact(own) if own is not None else name, f"({name})" if own is not None else ""
            )
            self.add_properties(shape, key)
        return key

    def targets(self, property_shape: Node, path: Node) -> list[str]:
        """The boxes a property shape points to (empty for literal-valued properties)."""
        shapes = self.shapes
        node = shapes.value(property_shape, SH.node)
        cls = shapes.value(property_shape, SH["class"])
        qualified = shapes.value(shapes.value(property_shape, SH.qualifiedValueShape), SH["class"])
        if isinstance(qualified, URIRef):
            return [self.box_of_class(qualified)]
        if isinstance(node, URIRef):
            return [self.box_of_union(node) if self.classes_of_union(node) else self.box_of_shape(node, cls)]
        if isinstance(node, BNode):  # an inline shape: a box of its own, named after the property
            return [self.box_of_shape(node, cls, str(shapes.value(property_shape, SH.name) or ""))]
        alternatives = shapes.value(property_shape, SH.xone) or shapes.value(property_shape, SH["or"])
        if alternatives is not None:
            members = list(Collection(shapes, alternatives))
            if all(isinstance(m, URIRef) for m in members):
                return [self.box_of_shape(m, cls) for m in members]
        if path in self.objects_of and list(shapes.objects(self.objects_of[path], SH.property)):
            return [self.box_of_shape(self.objects_of[path], cls)]
        if isinstance(cls, URIRef):
            return [self.box_of_class(cls)]
        return []

    # -- properties

    def path_text(self, path: Node) -> str:
        if isinstance(path, URIRef):
            return compact(path)
        if (path, RDF.first, None) in self.shapes:
            return "/".join(self.path_text(step) for step in Collection(self.shapes, path))
        inverse = self.shapes.value(path, SH.inversePath)
        return f"^{self.path_text(inverse)}" if inverse is not None else "?"

    def value_text(self, property_shape: Node) -> str:
        shapes = self.shapes
        datatypes = [shapes.value(property_shape, SH.datatype)]
        alternatives = shapes.value(property_shape, SH["or"])
        if alternatives is not None:
            datatypes = [shapes.value(m, SH.datatype) for m in Collection(shapes, alternatives)]
        datatypes = [d for d in datatypes if d is not None]
        if datatypes:
            return " | ".join(compact(d) for d in datatypes)
        members = shapes.value(property_shape, SH["in"])
        if members is not None:
            values = list(Collection(shapes, members))
            schemes = {self.vocab.value(v, SKOS.inScheme) for v in values}
            if len(schemes) == 1 and None not in schemes:
                return f"in {compact(schemes.pop())}"
            return " | ".join(compact(v) for v in values[:3]) + (" | ..." if len(values) > 3 else "")
        value = shapes.value(property_shape, SH.hasValue)
        if value is not None:
            return f"= {compact(value)}"
        if shapes.value(property_shape, SH.pattern) is not None or shapes.value(property_shape, SH.minLength):
            return "text"
        return ""

    def add_properties(self, shape: Node, key: str) -> None:
        shapes = self.shapes
        members = []
        for combinator in (SH.xone, SH["or"]):  # alternatives at node level: their properties belong here too
            found = shapes.value(shape, combinator)
            if found is not None:
                members += [m for m in Collection(shapes, found) if self.classes_of_union(m) is None]
        for source in [shape, *members]:
            for property_shape in shapes.objects(source, SH.property):
                path = shapes.value(property_shape, SH.path)
                if path is None or path == RDF.type:
                    continue
                label = self.path_text(path)
                targets = (
                    self.targets(property_shape, path)
                    if isinstance(path, URIRef)
                    or (shapes.value(property_shape, SH["class"]) or shapes.value(property_shape, SH.node))
                    else []
                )
                for target in targets:
                    self.edges[(key, label, target)] = None
                value = self.value_text(property_shape)
                attributes = self.boxes[key].attributes
                if not targets and not any(a == label or a.startswith(f"{label}: ") for a in attributes):
                    attributes.append(f"{label}: {value}" if value else label)

    def build(self) -> Diagram:
        by_class: dict[URIRef, list[Node]] = defaultdict(list)
        for shape in self.shapes.subjects(RDF.type, SH.NodeShape):
            for cls in self.shapes.objects(shape, SH.targetClass):
                by_class[cls].append(shape)
        for cls, shapes in sorted(by_class.items()):
            key = self.box_of_class(cls)
            for shape in sorted(shapes):
                self.add_properties(shape, key)
        for shape in sorted(set(self.objects_of.values())):
            if list(self.shapes.objects(shape, SH.property)):
                self.box_of_shape(shape)
        for shape in sorted(self.shapes.subjects(SH.targetSubjectsOf, None)):
            if list(self.shapes.objects(shape, SH.property)):
                self.box_of_shape(shape, self.shapes.value(shape, SH["class"]))
        return self

    # -- Graphviz

    def dot(self) -> str:
        ids = {key: f"n{i}" for i, key in enumerate(sorted(self.boxes))}
        lines = [
            "digraph model {",
            '  graph [rankdir=LR, fontname="Helvetica", nodesep=0.25, ranksep=0.9, '
            'label="Depesha graph contract, drawn from ontology/shapes.ttl", labelloc=t, fontsize=18];',
            '  node [shape=plain, fontname="Helvetica", fontsize=10];',
            '  edge [fontname="Helvetica", fontsize=9, color="#555555"];',
        ]
        drawn = {(source, label) for source, label, _ in self.edges}
        for key in sorted(self.boxes):
            box = self.boxes[key]
            attributes = [a for a in box.attributes if (key, a) not in drawn]  # a bare path already drawn as an arrow
            rows = [
                f'<tr><td bgcolor="#dbe8f5"><b>{html.escape(box.title)}</b>'
                + (f'<br/><font point-size="8">{html.escape(box.subtitle)}</font>' if box.subtitle else "")
                + "</td></tr>"
            ]
            rows += [f'<tr><td align="left">{html.escape(a)}</td></tr>' for a in attributes]
            table = '<table border="0" cellborder="1" cellspacing="0" cellpadding="3">' + "".join(rows) + "</table>"
            lines.append(f"  {ids[key]} [label=<{table}>];")
        for source, label, target in sorted(self.edges):
            style = f'label="{label}"' if label else "style=dashed, arrowhead=empty"
            lines.append(f"  {ids[source]} -> {ids[target]} [{style}];")
        lines.append("}")
        return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs", help="Folder for model.dot, model.svg, model.png.")
    parser.add_argument("--dot-only", action="store_true", help="Write model.dot only (no Graphviz needed).")
    args = parser.parse_args()
    shapes = Graph().parse(ontology_path("shapes.ttl"), format="turtle")
    vocab = Graph().parse(ontology_path("vocab.ttl"), format="turtle")
    source = Diagram(shapes, vocab).build().dot()
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "model.dot").write_text(source, encoding="utf-8")
    if args.dot_only:
        return
    dot = shutil.which("dot")
    if dot is None:
        sys.exit("make_diagram: Graphviz 'dot' is not installed (Debian: apt-get install graphviz)")
    for fmt in ("svg", "png"):
        subprocess.run(
            [dot, f"-T{fmt}", "-Gdpi=72", "-o", str(args.out / f"model.{fmt}")],
            input=source.encode("utf-8"),
            check=True,
        )
    print(f"wrote {args.out / 'model.svg'} and {args.out / 'model.png'} ({len(source.splitlines())} lines of DOT)")


if __name__ == "__main__":
    main()
