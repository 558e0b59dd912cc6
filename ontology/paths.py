"""The model's paths as SPARQL, written once for every query that needs them (pages, reconciliation, the example
queries of ``queries/``).

What a count of documents counts: the archive's records, each one ``crm:E31_Document`` (MODEL.md, "A document"). Its
translation is a ``crm:E33_Linguistic_Object`` of its own with its own ``crm:P67_refers_to`` links, and its creation,
translating, receipt and publication are activities of their own; none of them is a second document. So a person is
in a document when the document, one of its translations or the archive's summary of it names them, when they are a shortcut's value (sender,
addressee, place sent from or to), when they carry out one of its activities or the translation's (the senders,
the addressees of the receipt, the translator, the contributor, the funder), or when they keep the archival unit
that holds its leaves (the archive). The people of its narrated events are named in its texts, so the first branch
holds them. Count ``COUNT(DISTINCT ?document)``: one document is in several branches."""

from __future__ import annotations

import re

from .namespaces import CRM, DV

DOCUMENTS_OF = """{
  { $document crm:P67_refers_to $entity }
  UNION { $document crm:P73_has_translation|crm:P67i_is_referred_to_by $translation .
          $translation crm:P67_refers_to $entity }
  UNION { $document dv:sender|dv:addressee|dv:sentFrom|dv:sentTo $entity }
  UNION { $document crm:P94i_was_created_by|crm:P16i_was_used_for $activity .
          $activity crm:P14_carried_out_by|crm:P7_took_place_at $entity }
  UNION { $document crm:P73_has_translation/crm:P94i_was_created_by/crm:P14_carried_out_by $entity }
  UNION { $document crm:P128i_is_carried_by/crm:P46i_forms_part_of+/crm:P50_has_current_keeper $entity }
  $document a crm:E31_Document .
}"""
TERM = re.compile(r"\b(crm|dv):([A-Za-z0-9_.-]*[A-Za-z0-9_])")
NAMESPACES = {"crm": CRM, "dv": DV}


def documents_of(entity: str = "?entity", document: str = "?document", prefixed: bool = False) -> str:
    """A SPARQL group pattern binding ``document`` (a variable) to every document that ``entity`` (a variable or an
    ``<IRI>``) is in, as this module's docstring says. Its helper variables are named after ``document``
    (``?documentTranslation``, ``?documentActivity``), so that two of these patterns can share a query. With
    ``prefixed``, terms are written ``crm:``/``dv:`` (the query declares those prefixes), else as full IRIs."""
    name = document.lstrip("?$")
    text = (
        DOCUMENTS_OF.replace("$document", document)
        .replace("$entity", entity)
        .replace("$translation", f"?{name}Translation")
        .replace("$activity", f"?{name}Activity")
    )
    return text if prefixed else TERM.sub(lambda m: f"<{NAMESPACES[m.group(1)].term(m.group(2)).value}>", text)


def document_counts(entity: str = "?entity", count: str = "?documents") -> str:
    """A sub-SELECT binding every ``entity`` that is in a document to how many documents it is in (``count``): join
    it with the entities of a list (counting in one pass is faster than counting for each entity in turn)."""
    return (
        f"{{ SELECT {entity} (COUNT(DISTINCT ?document) AS {count}) WHERE {documents_of(entity)} GROUP BY {entity} }}"
    )
