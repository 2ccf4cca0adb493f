"""Extraction from parsed documents: mentions, stance relations, resolution."""

from __future__ import annotations

import re
from bisect import bisect
from typing import TYPE_CHECKING

from graphkit.extract.affiliations import affiliations
from graphkit.extract.mentions import coref, mentions
from graphkit.extract.resolve import resolve
from graphkit.extract.stance import Cues, load_cues, relations
from graphkit.lexicons import ActorLexicon
from graphkit.records import Article, DocRecord

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = [
    "Cues",
    "affiliations",
    "load_cues",
    "mentions",
    "record",
    "relations",
    "resolve",
]


def record(
    doc: Doc, article: Article, *, lexicon: ActorLexicon, cues: Cues
) -> DocRecord:
    """Extract everything graphkit keeps from one parsed article.

    The ``Doc`` is read, never modified, and does not leave this function: the
    returned record holds sentence texts, mentions and relations only.
    Pronouns and descriptions resolved in the document
    (:mod:`graphkit.extract.mentions.coref`) give relations a source or target
    too (``confidence`` ``inferred``), but they are not mentions.

    Parameters
    ----------
    doc : Doc
        ``article.text`` parsed by :func:`graphkit.nlp.load_pipeline`'s pipeline.
    article : Article
        The article the doc was parsed from.
    lexicon : ActorLexicon
        The actor lexicon of the pipeline's ruler.
    cues : Cues
        The stance cue lexicon from :func:`load_cues`.

    Returns
    -------
    DocRecord
    """
    found = mentions(doc, article, lexicon=lexicon)
    anchors = coref.anchors(doc, found, lexicon=lexicon)
    ties = relations(doc, [*found, *anchors], cues=cues)
    text = article.text  # the doc's text: slices of it cost no token walk
    breaks = [m.start() for m in re.finditer("\n\n", text)]
    bounds = [(s.start_char, s.end_char) for s in doc.sents]
    return DocRecord(
        article=article,
        sentences=tuple(text[start:end].strip() for start, end in bounds),
        sentence_paragraphs=tuple(bisect(breaks, start) for start, _ in bounds),
        mentions=tuple(found),
        relations=tuple(coref.mark_inferred(ties, found, anchors)),
        affiliations=tuple(affiliations(doc, found, lexicon=lexicon)),
    )
