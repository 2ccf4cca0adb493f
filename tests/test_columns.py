"""graphkit.extract.columns: a document's token attributes read in one pass."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphkit.extract.columns import Columns
from graphkit.extract.headline import parsed_text
from graphkit.ingest import read_corpus

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.mark.model
def test_columns_are_the_tokens_attributes_on_real_articles(nlp):
    # every seed article, parsed with headline: lemmas, tags, POS, dependencies
    # and lowercase forms of real text, words repeated and unseen alike
    articles = list(read_corpus([SEEDS]))
    assert articles
    for doc in nlp.pipe(parsed_text(a) for a in articles):
        cols = Columns.of(doc)
        assert cols.lower == tuple(t.lower_ for t in doc)
        assert cols.lemma == tuple(t.lemma_ for t in doc)
        assert cols.pos == tuple(t.pos_ for t in doc)
        assert cols.tag == tuple(t.tag_ for t in doc)
        assert cols.dep == tuple(t.dep_ for t in doc)
        assert cols.orth == tuple(t.text for t in doc)
        assert cols.text == doc.text
        assert cols.idx == tuple(t.idx for t in doc)
        assert cols.sents == tuple(doc.sents)
        assert cols.ents == doc.ents
        assert cols.ent_texts == tuple(e.text for e in doc.ents)
        # char_span: spaCy's expanded span, for whole words and cut ones alike
        for ent in doc.ents:
            for start, end in [
                (ent.start_char, ent.end_char),
                (ent.start_char + 1, ent.end_char - 1),
            ]:
                expected = doc.char_span(start, end, alignment_mode="expand")
                assert cols.char_span(start, end) == expected
        # text_of: the text of any span, of one word or several, or none
        for start in range(0, len(doc), 7):
            for end in (start, start + 1, start + 4, len(doc)):
                end = min(end, len(doc))
                assert cols.text_of(start, end) == doc[start:end].text
        # where: the tokens written as one of some words, frequent and rare,
        # in lowercase and capitalised, and one the text lacks
        words = {"the", "The", "said", doc[0].text, "Zqxvian"}
        assert cols.where(words) == [t.i for t in doc if t.text in words]


@pytest.mark.model
def test_columns_of_a_document_inside_a_memory_zone(nlp):
    # graphkit parses inside memory zones, where new words' strings are transient
    text = "Zqxvian envoys condemned the Wrelbonian blockade on Tuesday."
    with nlp.memory_zone():
        doc = nlp(text)
        cols = Columns.of(doc)
        assert cols.lower[0] == "zqxvian"
        assert cols.lemma == tuple(t.lemma_ for t in doc)
        assert cols.pos[2] == "VERB"
        assert cols.dep[2] == "ROOT"


@pytest.mark.model
def test_columns_of_an_empty_document(nlp):
    doc = nlp("")
    assert Columns.of(doc) == Columns((), (), (), (), (), (), (), "", doc)
