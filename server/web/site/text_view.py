"""A document's texts as HTML: paragraphs, the original and its translation aligned paragraph by paragraph, and
every annotation with a ``oa:TextPositionSelector`` shown where it points (mentions linked to their entity, events
underlined, editorial marks and page markers styled). Offsets are Unicode code points, as Python indexes strings.

Alignment: page markers are set aside and a paragraph broken by a page break is joined again; then the two lists of
paragraphs are paired by length (a small Gale-Church dynamic programme: 1-1, 1-2, 2-1, 1-0 and 0-1 pairs)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from markupsafe import Markup, escape

PARAGRAPH = re.compile(r"\S(?:.|\n(?![ \t]*\n))*")
PAGE_MARKER = re.compile(r"[-–—]\s*\d+[a-z]?\s*[-–—]|\[?(?:page|стр\.?|л\.)\s*\d+\]?", re.IGNORECASE)
PAGE_MARKER_LINE = re.compile(rf"(?m)^[ \t]*(?:{PAGE_MARKER.pattern})[ \t]*$", re.IGNORECASE)
HEADING = re.compile(r"#{1,6}[ \t]+")
WEB_ADDRESS = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:!?)\]]")
SUP = re.compile(r"&lt;(sup|sub)&gt;(.*?)&lt;/\1&gt;")
ALIGN_LIMIT = 40_000  # cells of the alignment table; longer texts are paired in order
PAIR_COST = {(1, 1): 0.0, (1, 2): 0.7, (2, 1): 0.7, (1, 0): 2.5, (0, 1): 2.5}


@dataclass(frozen=True)
class Span:
    """Something shown over ``text[start:end]``."""

    start: int
    end: int
    kind: str  # mention, event, mark, link (a web address printed in the text)
    href: str | None = None
    title: str = ""
    css: str = ""
    note: str = ""  # a short link text after the span (an event's number)


@dataclass
class Block:
    """A logical paragraph: one or more pieces of the text (a paragraph broken by a page marker is one block)."""

    pieces: list[tuple[int, int]]
    markers: list[tuple[int, int]] = field(default_factory=list)  # page markers between or before the pieces
    heading: bool = False

    @property
    def length(self) -> int:
        return sum(end - start for start, end in self.pieces)


def without_page_markers(text: str) -> str:
    """``text`` without the lines that are only a page number ('- 2 -', '[page 3]'): for snippets, not offsets."""
    return PAGE_MARKER_LINE.sub("", text)


def paragraphs(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.start() + len(m.group(0).rstrip())) for m in PARAGRAPH.finditer(text)]


def blocks(text: str, spans: list[Span]) -> list[Block]:
    """Paragraphs as blocks: page markers (by a mark annotation or by their look) join the next block; a paragraph
    continued after a page marker (it ends in a hyphen, or the next starts in lower case) is joined with it."""
    marker_spans = [(s.start, s.end) for s in spans if s.kind == "mark" and "pagemarker" in s.css]
    result: list[Block] = []
    pending: list[tuple[int, int]] = []
    for start, end in paragraphs(text):
        is_marker = PAGE_MARKER.fullmatch(text[start:end]) is not None or any(
            ms <= start and end <= me for ms, me in marker_spans
        )
        if is_marker:
            pending.append((start, end))
            continue
        if (
            pending
            and result
            and _continues(text[result[-1].pieces[-1][0] : result[-1].pieces[-1][1]], text[start:end])
        ):
            result[-1].markers.extend(pending)
            result[-1].pieces.append((start, end))
        else:
            heading = HEADING.match(text, start)
            piece_start = heading.end() if heading and heading.end() < end else start
            result.append(Block([(piece_start, end)], list(pending), heading is not None))
        pending = []
    if pending:
        result.append(Block([], pending))
    return result


def _continues(before: str, after: str) -> bool:
    return before.endswith(("-", "‐")) or (after[:1].islower() and not before.endswith((".", ":", "!", "?")))


def align(left: list[Block], right: list[Block]) -> list[tuple[list[Block], list[Block]]]:
    """Pairs of block groups, in order, so that each pair says the same thing in the two languages."""
    n, m = len(left), len(right)
    if not left or not right or n * m > ALIGN_LIMIT:
        return [([left[i]] if i < n else [], [right[i]] if i < m else []) for i in range(max(n, m))]
    total_left = sum(b.length for b in left) or 1
    total_right = sum(b.length for b in right) or 1
    ratio = total_right / total_left
    inf = math.inf
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    step: list[list[tuple[int, int]]] = [[(0, 0)] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            if cost[i][j] == inf:
                continue
            for (a, b), penalty in PAIR_COST.items():
                if i + a > n or j + b > m:
                    continue
                length_left = sum(x.length for x in left[i : i + a])
                length_right = sum(x.length for x in right[j : j + b])
                mismatch = abs(math.log((length_right + 8) / (length_left * ratio + 8))) if a and b else 0.0
                total = cost[i][j] + penalty + mismatch
                if total < cost[i + a][j + b]:
                    cost[i + a][j + b] = total
                    step[i + a][j + b] = (a, b)
    pairs: list[tuple[list[Block], list[Block]]] = []
    i, j = n, m
    while i or j:
        a, b = step[i][j]
        pairs.append((left[i - a : i], right[j - b : j]))
        i, j = i - a, j - b
    return pairs[::-1]


def _plain(text: str, start: int, end: int) -> str:
    html = str(escape(text[start:end]))
    html = SUP.sub(r"<\1>\2</\1>", html)
    return html.replace("\n", "<br>\n")


def _open(span: Span) -> str:
    title = f' title="{escape(span.title)}"' if span.title else ""
    if span.kind == "mention" and span.href:
        return f'<a class="mention {escape(span.css)}" href="{escape(span.href)}"{title}>'
    if span.kind == "link" and span.href:
        return f'<a href="{escape(span.href)}" rel="external">'
    return f'<span class="{escape(span.kind)} {escape(span.css)}"{title}>'


def _close(span: Span) -> str:
    closing = "</a>" if span.kind in ("mention", "link") and span.href else "</span>"
    if span.note and span.href:
        closing += f'<a class="event-note" href="{escape(span.href)}">{escape(span.note)}</a>'
    return closing


def render_piece(text: str, start: int, end: int, spans: list[Span]) -> str:
    """``text[start:end]`` as HTML with the spans that fall in it, nested; a span that crosses another is cut."""
    inside = sorted(
        (
            Span(max(s.start, start), min(s.end, end), s.kind, s.href, s.title, s.css, s.note)
            for s in spans
            if s.start < end and s.end > start and s.end > s.start
        ),
        key=lambda s: (s.start, -s.end),
    )
    out: list[str] = []
    position = start
    stack: list[Span] = []
    for span in inside:
        while stack and stack[-1].end <= span.start:
            out.append(_plain(text, position, stack[-1].end))
            position = stack[-1].end
            out.append(_close(stack.pop()))
        if stack and span.end > stack[-1].end:
            span = Span(span.start, stack[-1].end, span.kind, span.href, span.title, span.css, span.note)
        if span.start >= span.end or span.start < position:
            continue
        out.append(_plain(text, position, span.start))
        position = span.start
        out.append(_open(span))
        stack.append(span)
    while stack:
        out.append(_plain(text, position, stack[-1].end))
        position = stack[-1].end
        out.append(_close(stack.pop()))
    out.append(_plain(text, position, end))
    return "".join(out)


def render_block(text: str, block: Block, spans: list[Span]) -> Markup:
    parts: list[str] = []
    markers = sorted(block.markers)
    for start, end in block.pieces:
        while markers and markers[0][0] < start:
            marker = markers.pop(0)
            parts.append(f'<span class="page-marker" title="page marker">{escape(text[marker[0] : marker[1]])}</span>')
        parts.append(render_piece(text, start, end, spans))
    for marker in markers:
        parts.append(f'<span class="page-marker" title="page marker">{escape(text[marker[0] : marker[1]])}</span>')
    return Markup(" ".join(parts))


def render_text(text: str, spans: list[Span]) -> Markup:
    """A whole short text (a title, a citation) with its spans; the web addresses it prints are links."""
    links = [Span(m.start(), m.end(), "link", m.group(0)) for m in WEB_ADDRESS.finditer(text)]
    return Markup(render_piece(text, 0, len(text), [*spans, *links]))


@dataclass(frozen=True)
class Row:
    """One row of the side-by-side view: HTML of the left and right paragraphs."""

    left: list[Markup]
    right: list[Markup]
    heading: bool = False


def side_by_side(left_text: str, left_spans: list[Span], right_text: str, right_spans: list[Span]) -> list[Row]:
    left_blocks = blocks(left_text, left_spans)
    right_blocks = blocks(right_text, right_spans)
    rows = []
    for group_left, group_right in align(left_blocks, right_blocks):
        rows.append(
            Row(
                [render_block(left_text, b, left_spans) for b in group_left],
                [render_block(right_text, b, right_spans) for b in group_right],
                any(b.heading for b in group_left + group_right),
            )
        )
    return rows


def single(text: str, spans: list[Span]) -> list[Row]:
    return [Row([render_block(text, b, spans)], [], b.heading) for b in blocks(text, spans)]
