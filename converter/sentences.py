"""Paragraphs and sentences of a transcript or translation, and the alignment of a translation to its original.

    split_sentences(view) -> [Sentence]                      in text order, with printed and view offsets
    align(a, b, anchors_a, anchors_b) -> {i: [j, ...]}       sentence i of text a <-> sentences j of text b

Splitting works on the ``TextView`` (markup dropped, a word split across a page break joined), so a sentence that
runs over a page break is one sentence; a paragraph broken by a page marker in mid-sentence is joined with the next.
Sentences end at '.', '!', '?' or '…' before a capital, a digit or an opening quote, except after an abbreviation
or an initial ('т.т.', 'г. Тавриз', 'Cdes.', 'M. D.'). Offsets are code points into the printed text.

Alignment is two-level, paragraphs first and then sentences inside aligned paragraphs, by dynamic programming over
1-1, 1-2, 2-1, 1-0 and 0-1 steps (Gale and Church's idea): the cost of a step is the log ratio of the lengths, scaled
by the texts' overall length ratio, less the share of anchors (entities, numbers) the two sides have in common.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .textview import TextView

BLANK_LINE = re.compile(r"\n[ \t]*\n\s*")
BOUNDARY = re.compile(r"(?<=[.!?…])[\"»”')\]]*\s+(?=[«\"“(\[]?[A-ZА-ЯЁ0-9])")
SENTENCE_END = re.compile(r"[.!?…:;][\"»”')\]]*\s*$")
ABBREVIATIONS = {
    "г",
    "гг",
    "т",
    "тт",
    "тов",
    "ст",
    "им",
    "см",
    "ул",
    "обл",
    "р",
    "руб",
    "млн",
    "тыс",
    "ген",
    "полк",
    "с",
    "ф",
    "оп",
    "д",
    "л",
    "лл",
    "пр",
    "cde",
    "cdes",
    "col",
    "gen",
    "lt",
    "capt",
    "maj",
    "mr",
    "mrs",
    "dr",
    "st",
    "no",
    "nos",
    "f",
    "op",
    "d",
    "l",
    "ll",
    "p",
    "pp",
    "vol",
    "cf",
    "gov",
    "sgt",
    "adm",
    "prof",
    "jr",
    "sr",
}
SKIP_STEP = 2.5  # cost of leaving a unit unaligned
MERGE_STEP = 0.6  # extra cost of a 2-1 or 1-2 step
ANCHOR_WEIGHT = 1.5


@dataclass(frozen=True)
class Sentence:
    index: int
    paragraph: int
    start: int  # printed offsets into the text part
    end: int
    view_start: int  # offsets into the view's text
    view_end: int


def _paragraphs(view: TextView) -> list[tuple[int, int]]:
    """View spans of the paragraphs that have text outside the blocked ranges (headings, page markers, marks),
    a paragraph cut by a page break in mid-sentence joined with the next."""
    spans: list[tuple[int, int]] = []
    at = 0
    for m in [*BLANK_LINE.finditer(view.text), None]:
        end = m.start() if m else len(view.text)
        chunk = view.text[at:end]
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            spans.append((at + lead, at + len(chunk.rstrip())))
        at = m.end() if m else end
    blocked = bytearray(len(view.original))
    for a, b in view.blocked:
        blocked[a:b] = b"\x01" * (b - a)
    kept: list[tuple[int, int]] = []
    broken = False  # the last kept paragraph was followed by a dropped one (a page marker)
    for start, end in spans:
        if _is_blocked(view, blocked, start, end):
            broken = bool(kept)
            continue
        if (
            broken
            and kept
            and not SENTENCE_END.search(view.text[kept[-1][0] : kept[-1][1]])
            and view.text[start : start + 1].islower()
        ):
            kept[-1] = (kept[-1][0], end)
        else:
            kept.append((start, end))
        broken = False
    return kept


def _is_blocked(view: TextView, blocked: bytearray, start: int, end: int) -> bool:
    a, b = view.original_span(start, end)
    printed = view.original
    return all(blocked[i] or printed[i].isspace() for i in range(a, b))


def _boundaries(text: str) -> list[int]:
    cuts = []
    for m in BOUNDARY.finditer(text):
        before = text[: m.start()].rstrip("\"»”')]")
        word = re.search(r"(\w+)\.$", before)
        if word:
            token = word.group(1)
            if token.lower() in ABBREVIATIONS and not (token.lower() == "г" and re.search(r"\d{4}\s*г\.$", before)):
                continue
            if len(token) == 1 and token.isupper():  # an initial: 'M. D. BAGIROV', 'И. И.'
                continue
        cuts.append(m.end())
    return cuts


def split_sentences(view: TextView) -> list[Sentence]:
    sentences: list[Sentence] = []
    for number, (p_start, p_end) in enumerate(_paragraphs(view)):
        text = view.text[p_start:p_end]
        starts = [0, *_boundaries(text)]
        for i, s in enumerate(starts):
            e = starts[i + 1] if i + 1 < len(starts) else len(text)
            piece = text[s:e].rstrip()
            if not piece:
                continue
            vs, ve = p_start + s, p_start + s + len(piece)
            a, b = view.original_span(vs, ve)
            sentences.append(Sentence(len(sentences), number, a, b, vs, ve))
    return sentences


Unit = tuple[float, frozenset[str]]  # a unit's length (scaled to the other text's) + 20, and its anchors
STEPS = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2))


def _units(
    lengths: Sequence[int], anchors: Sequence[frozenset[str]], ratio: float = 1.0
) -> tuple[list[Unit], list[Unit]]:
    """Every unit alone, and every two neighbours merged: what a step of one or two units reads."""
    one = [(ratio * lengths[k] + 20, anchors[k]) for k in range(len(lengths))]
    two = [(ratio * (lengths[k] + lengths[k + 1]) + 20, anchors[k] | anchors[k + 1]) for k in range(len(lengths) - 1)]
    return one, two


def _dp(a: tuple[list[Unit], list[Unit]], b: tuple[list[Unit], list[Unit]]) -> list[tuple[range, range]]:
    """The cheapest sequence of steps that covers every unit of a and of b. A 1-0 or 0-1 step costs ``SKIP_STEP``;
    the others twice the log ratio of the lengths, ``MERGE_STEP`` more for a 2-1 or 1-2 step, plus ``ANCHOR_WEIGHT``
    times (anchors on one side only - anchors on both) / all anchors."""
    n, m = len(a[0]), len(b[0])
    inf = float("inf")
    best = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            here = best[i][j]
            if here == inf:
                continue
            for di, dj in STEPS:
                ni, nj = i + di, j + dj
                if ni > n or nj > m:
                    continue
                if not di or not dj:
                    value = here + SKIP_STEP
                else:
                    la, anchors_a = a[di - 1][i]
                    lb, anchors_b = b[dj - 1][j]
                    cost = abs(math.log(lb / la)) * 2
                    if di + dj > 2:
                        cost += MERGE_STEP
                    if anchors_a or anchors_b:
                        both = len(anchors_a & anchors_b)
                        either = len(anchors_a) + len(anchors_b) - both
                        cost += ANCHOR_WEIGHT * (either - 2 * both) / either
                    value = here + cost
                if value < best[ni][nj]:
                    best[ni][nj] = value
                    back[ni][nj] = (i, j)
    path: list[tuple[range, range]] = []
    i, j = n, m
    while (i, j) != (0, 0):
        step = back[i][j]
        assert step is not None  # every cell on the way back was reached
        pi, pj = step
        path.append((range(pi, i), range(pj, j)))
        i, j = pi, pj
    return path[::-1]


def align(
    a: Sequence[Sentence],
    b: Sequence[Sentence],
    anchors_a: Sequence[frozenset[str]],
    anchors_b: Sequence[frozenset[str]],
) -> dict[int, list[int]]:
    """For each sentence index of ``a``, the indices of the sentences of ``b`` that translate it (maybe none)."""
    if not a or not b:
        return {}
    length = [s.end - s.start for s in a], [s.end - s.start for s in b]
    ratio = sum(length[1]) / max(1, sum(length[0]))
    paragraphs_a = sorted({s.paragraph for s in a})
    paragraphs_b = sorted({s.paragraph for s in b})

    def members(sentences: Sequence[Sentence], paragraph: int) -> list[int]:
        return [s.index for s in sentences if s.paragraph == paragraph]

    para = ([members(a, p) for p in paragraphs_a], [members(b, p) for p in paragraphs_b])
    para_length = ([sum(length[0][i] for i in p) for p in para[0]], [sum(length[1][j] for j in p) for p in para[1]])
    para_anchors = (
        [frozenset().union(*(anchors_a[i] for i in p)) for p in para[0]],
        [frozenset().union(*(anchors_b[j] for j in p)) for p in para[1]],
    )
    mapping: dict[int, list[int]] = {}
    for ra, rb in _dp(_units(para_length[0], para_anchors[0], ratio), _units(para_length[1], para_anchors[1])):
        sa = [i for k in ra for i in para[0][k]]
        sb = [j for k in rb for j in para[1][k]]
        if not sa or not sb:
            continue
        steps = _dp(
            _units([length[0][i] for i in sa], [anchors_a[i] for i in sa], ratio),
            _units([length[1][j] for j in sb], [anchors_b[j] for j in sb]),
        )
        for xa, xb in steps:
            for i in xa:
                mapping[sa[i]] = [sb[j] for j in xb]
    return mapping
