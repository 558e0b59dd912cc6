"""natasha's models, loaded once per process on first use (its wheel ships them; nothing is downloaded).

natasha imports pymorphy2, which imports ``pkg_resources`` (gone from current setuptools); ``mentions_ru`` registers
pymorphy3's modules under the pymorphy2 names first, and so does every loader here.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from .mentions_ru import _use_pymorphy3_for_pymorphy2


@lru_cache(maxsize=1)
def embedding() -> Any:
    _use_pymorphy3_for_pymorphy2()
    from natasha import NewsEmbedding

    return NewsEmbedding()


@lru_cache(maxsize=1)
def segmenter() -> Any:
    _use_pymorphy3_for_pymorphy2()
    from natasha import Segmenter

    return Segmenter()


@lru_cache(maxsize=1)
def morph_tagger() -> Any:
    from natasha import NewsMorphTagger

    return NewsMorphTagger(embedding())


@lru_cache(maxsize=1)
def syntax_parser() -> Any:
    from natasha import NewsSyntaxParser

    return NewsSyntaxParser(embedding())


def parse(text: str) -> Any:
    """A natasha ``Doc`` of ``text``: tokens with offsets, part of speech, morphology and dependency relations."""
    from natasha import Doc

    doc = Doc(text)
    doc.segment(segmenter())
    doc.tag_morph(morph_tagger())
    doc.parse_syntax(syntax_parser())
    return doc
