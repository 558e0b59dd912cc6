"""natasha's models, loaded once per process on first use (its wheel ships them; nothing is downloaded).

natasha imports pymorphy2, which imports ``pkg_resources`` (gone from current setuptools): every loader here first
registers pymorphy3's modules under the pymorphy2 names. One embedding serves the NER tagger, the morphology tagger
and the syntax parser.
"""

from __future__ import annotations

import importlib
import sys
from functools import lru_cache
from typing import Any


def _use_pymorphy3_for_pymorphy2() -> None:
    if "pymorphy2" in sys.modules:
        return
    import pymorphy3

    for sub in ("analyzer", "tagset", "units", "opencorpora_dict", "lang", "dawg", "utils", "shapes", "tokenizers"):
        try:
            importlib.import_module(f"pymorphy3.{sub}")
        except ImportError:
            continue
    for name, module in list(sys.modules.items()):
        if name == "pymorphy3" or name.startswith("pymorphy3."):
            sys.modules["pymorphy2" + name[len("pymorphy3") :]] = module
    sys.modules["pymorphy2"] = pymorphy3


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
def ner_tagger() -> Any:
    """natasha's news NER tagger."""
    from natasha import NewsNERTagger

    return NewsNERTagger(embedding())


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
