"""The text renderer keeps every character of the text and nests its tags, whatever spans overlap or cross; the
aligner pairs paragraphs in order and loses none."""

from __future__ import annotations

from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from server.web.site.text_view import Span, align, blocks, render_piece


class Balance(HTMLParser):
    VOID = {"br"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.ok = True
        self.text: list[str] = []
        self.in_note = False

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "br":
            self.text.append("\n")
        elif tag not in self.VOID:
            self.stack.append(tag)
            self.in_note = ("class", "event-note") in attrs

    def handle_endtag(self, tag: str) -> None:
        self.in_note = False
        if not self.stack or self.stack.pop() != tag:
            self.ok = False

    def handle_data(self, data: str) -> None:
        if not self.in_note:  # an event's number after its span is not text of the document
            self.text.append(data)


texts = st.text(alphabet=st.sampled_from(list("ablt; <>&#\"'\nЖж-")), min_size=0, max_size=60)


@st.composite
def text_and_spans(draw):
    text = draw(texts)
    spans = []
    for _ in range(draw(st.integers(0, 6))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, len(text)))
        kind = draw(st.sampled_from(["mention", "event", "mark"]))
        spans.append(
            Span(
                start,
                end,
                kind,
                "/id/person/x" if kind != "mark" else None,
                't<i>t"le',
                "c",
                "1" if kind == "event" else "",
            )
        )
    return text, spans


@settings(max_examples=300, deadline=None)
@given(text_and_spans())
def test_rendering_keeps_the_text_and_nests_the_tags(case) -> None:
    text, spans = case
    html = render_piece(text, 0, len(text), spans)
    parser = Balance()
    parser.feed(html)
    parser.close()
    assert parser.ok and parser.stack == []
    assert "".join(parser.text).replace("\n\n", "\n") == text


def test_a_paragraph_broken_by_a_page_marker_is_one_block() -> None:
    text = "First para.\n\nIt goes on and is cut here, правиль-\n\n- 2 -\n\nно, and ends.\n\nLast one."
    found = blocks(text, [])
    assert len(found) == 3
    middle = found[1]
    assert [text[s:e] for s, e in middle.pieces] == ["It goes on and is cut here, правиль-", "но, and ends."]
    assert [text[s:e] for s, e in middle.markers] == ["- 2 -"]


@given(st.lists(st.integers(1, 400), min_size=0, max_size=12), st.lists(st.integers(1, 400), min_size=0, max_size=12))
def test_alignment_keeps_every_paragraph_in_order(left_lengths: list[int], right_lengths: list[int]) -> None:
    def make(lengths: list[int]) -> list:
        text = "\n\n".join("x" * n for n in lengths)
        return blocks(text, [])

    left, right = make(left_lengths), make(right_lengths)
    pairs = align(left, right)
    assert [b for pair in pairs for b in pair[0]] == left
    assert [b for pair in pairs for b in pair[1]] == right
    assert all(pair[0] or pair[1] for pair in pairs)
