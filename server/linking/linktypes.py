"""Type compatibility: is a Wikidata item a human (for a person), a settlement, region or country (for a place), an
organisation (for a group)? An item's classes (P31) are checked against a table of common classes first; the others
are asked of the query service in one request (``?class wdt:P279* ?root``, which the API cannot answer), and, when
the query service fails, by walking P279 upwards with ``wbgetentities`` for a few levels."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from server.linking.wditem import parse_item
from server.linking.wikidata import WikidataClient, WikidataError

# The classes every item of a kind falls under (the roots of the P279 tree that matter here).
ROOTS: dict[str, frozenset[str]] = {
    "person": frozenset({"Q5"}),  # human
    "place": frozenset({"Q486972", "Q56061", "Q6256", "Q82794", "Q3024240", "Q1620908"}),
    # human settlement, administrative territorial entity, country, geographic region, historical country,
    # historical region
    "group": frozenset({"Q43229"}),  # organization
}
# Common direct classes, so that most items need no further question.
DIRECT: dict[str, frozenset[str]] = {
    "person": ROOTS["person"],
    "place": ROOTS["place"]
    | {
        "Q515",
        "Q1549591",
        "Q1637706",
        "Q5119",
        "Q3624078",
        "Q7275",
        "Q10864048",
        "Q13220204",
        "Q532",
        "Q3957",
        "Q7930989",
    },
    # city, big city, city with millions, capital, sovereign state, state, first- and second-level
    # administrative divisions, village, town, city or town
    "group": ROOTS["group"] | {"Q7278", "Q327333", "Q2659904", "Q166118", "Q484652", "Q163740", "Q4830453", "Q783794"},
    # political party, government agency, government organization, archive, international organization,
    # nonprofit organization, business, company
}
# Classes that are never a person, place or group: pages about names, works, fiction, natural features, events.
NEVER = frozenset(
    {
        "Q4167410",
        "Q4167836",
        "Q13406463",
        "Q101352",
        "Q202444",
        "Q15632617",
        "Q95074",
        "Q11424",
        "Q5398426",
        "Q482994",
        "Q7366",
        "Q13442814",
        "Q571",
        "Q47461344",
        "Q4022",
        "Q8502",
        "Q1656682",
        "Q178561",
    }
)
WALK_DEPTH = 4


@dataclass
class TypeOracle:
    """Which kinds (person, place, group) each class belongs to; answers are remembered for the run."""

    client: WikidataClient
    kinds_of: dict[str, frozenset[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        for kind, classes in DIRECT.items():
            for qid in classes:
                self.kinds_of[qid] = self.kinds_of.get(qid, frozenset()) | {kind}
        for qid in NEVER:
            self.kinds_of[qid] = frozenset()

    def resolve(self, classes: Iterable[str]) -> None:
        """Learn the kinds of every class not yet known (one query-service request, or a P279 walk)."""
        unknown = sorted({c for c in classes if c not in self.kinds_of})
        if not unknown:
            return
        try:
            self._ask_query_service(unknown)
        except WikidataError as error:
            self.notes.append(f"query service failed ({error}); walked P279 with wbgetentities instead")
            self._walk(unknown)

    def verdict(self, kind: str, classes: Iterable[str]) -> tuple[int, str]:
        """(100, ...) when a class fits the kind, (0, ...) when every class is known and none fits, else (50, ...)."""
        classes = list(classes)
        if not classes:
            return 50, "no class (P31) on Wikidata"
        fitting = [c for c in classes if kind in self.kinds_of.get(c, frozenset())]
        if fitting:
            return 100, f"instance of {fitting[0]}, a {kind}"
        if all(c in self.kinds_of for c in classes):
            return 0, f"instance of {', '.join(classes[:3])}: not a {kind}"
        return 50, f"instance of {', '.join(classes[:3])}: not known to be a {kind}"

    def _ask_query_service(self, unknown: list[str]) -> None:
        roots = sorted(set().union(*ROOTS.values()))
        query = (
            "PREFIX wd: <http://www.wikidata.org/entity/>\nPREFIX wdt: <http://www.wikidata.org/prop/direct/>\n"
            f"SELECT ?class ?root WHERE {{ VALUES ?class {{ {' '.join('wd:' + c for c in unknown)} }}\n"
            f"  VALUES ?root {{ {' '.join('wd:' + r for r in roots)} }}\n  ?class wdt:P279* ?root }}"
        )
        found: dict[str, set[str]] = {c: set() for c in unknown}
        for row in self.client.sparql(query):
            qid, root = row.get("class", "").rsplit("/", 1)[-1], row.get("root", "").rsplit("/", 1)[-1]
            if qid in found:
                found[qid] |= {kind for kind, classes in ROOTS.items() if root in classes}
        for qid, kinds in found.items():
            self.kinds_of[qid] = frozenset(kinds)

    def _walk(self, unknown: list[str]) -> None:
        parents: dict[str, tuple[str, ...]] = {}
        frontier = list(unknown)
        for _ in range(WALK_DEPTH):
            frontier = [c for c in frontier if c not in parents and c not in self.kinds_of]
            if not frontier:
                break
            fetched = self.client.entities(frontier)
            for qid in frontier:
                parents[qid] = parse_item(fetched[qid].body).subclass_of if qid in fetched else ()
            frontier = [p for qid in frontier for p in parents[qid]]

        def kinds(qid: str, depth: int) -> frozenset[str]:
            if qid in self.kinds_of:
                return self.kinds_of[qid]
            if depth == 0 or qid not in parents:
                return frozenset()
            return frozenset().union(*(kinds(p, depth - 1) for p in parents[qid]))

        for qid in unknown:  # a walk that reached no root within its depth proves nothing: the class stays unknown
            if found := kinds(qid, WALK_DEPTH):
                self.kinds_of[qid] = found
