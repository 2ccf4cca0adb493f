"""Extraction from parsed documents: mentions, stance relations, resolution."""

from __future__ import annotations

import re
from bisect import bisect
from dataclasses import replace
from typing import TYPE_CHECKING

from graphkit.extract.affiliations import affiliations
from graphkit.extract.columns import Columns
from graphkit.extract.headline import unheaded
from graphkit.extract.mentions import coref, mentions
from graphkit.extract.mentions.descriptions import DESCRIPTION
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
    too (``confidence`` ``inferred``), but they are not mentions; a tie whose
    end is named in its sentence only by a description of a person
    (:data:`~graphkit.extract.mentions.descriptions.DESCRIPTION` mentions:
    "the French president") is ``inferred`` as well. When ``doc``
    is the parse of :func:`~graphkit.extract.headline.parsed_text` the
    headline is read as the article's first sentence
    (:mod:`graphkit.extract.headline`); a parse of ``article.text`` alone
    gives the body's record.

    Parameters
    ----------
    doc : Doc
        ``parsed_text(article)`` (or ``article.text``) parsed by
        :func:`graphkit.nlp.load_pipeline`'s pipeline.
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
    cols = Columns.of(doc)  # read once for every rule that walks all tokens
    text = cols.text
    # the parse of parsed_text(article) is the headline, a break, then the body
    headed = len(text) > len(article.text) and text.endswith(article.text)
    parsed = replace(article, text=text) if headed else article
    head = len(text) - len(article.text) if headed else 0
    found = mentions(doc, parsed, lexicon=lexicon, headline=head, columns=cols)
    anchors = coref.anchors(doc, found, lexicon=lexicon, columns=cols)
    names = [m for m in found if m.label != DESCRIPTION]
    described = [m for m in found if m.label == DESCRIPTION]
    ties = relations(doc, [*found, *anchors], cues=cues, columns=cols)
    breaks = [m.start() for m in re.finditer("\n\n", text)]
    bounds = [(s.start_char, s.end_char) for s in cols.sents]
    rec = DocRecord(
        article=parsed,
        sentences=tuple(text[start:end].strip() for start, end in bounds),
        sentence_paragraphs=tuple(bisect(breaks, start) for start, _ in bounds),
        mentions=tuple(found),
        relations=tuple(coref.mark_inferred(ties, names, [*anchors, *described])),
        affiliations=tuple(affiliations(doc, found, lexicon=lexicon, columns=cols)),
    )
    return unheaded(rec, doc, article) if headed else rec
