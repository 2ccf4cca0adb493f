"""Headlines parsed as the article's first sentence (graphkit.extract.headline)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from graphkit.extract import load_cues, record, resolve
from graphkit.extract.chunks import join_records, pieces
from graphkit.extract.extractor import parse
from graphkit.extract.headline import HEADLINE_PARAGRAPH, headline, parsed_text
from graphkit.graph.build import build_graph
from graphkit.lexicons import compile_lexicon
from graphkit.records import Article, DocRecord

LEXICON = compile_lexicon()
BODY = (
    "Officials in Kano said on Monday that rallies were banned.\n\n"
    "Musa Danjuma, the governor of Kano, spoke to reporters in the city."
)
ARTICLE = Article("kano", BODY, title="Chile expels Peru's ambassador")


@pytest.fixture(scope="module")
def cues():
    return load_cues()


def _record(nlp, cues, article: Article) -> DocRecord:
    doc = next(parse(nlp, [article]))[0]
    return record(doc, article, lexicon=LEXICON, cues=cues)


@pytest.mark.parametrize(
    "title, parsed",
    [
        ("Ruritania expels envoy", "Ruritania expels envoy."),
        ("Does Ruritania back Borduria?", "Does Ruritania back Borduria?"),
        ("Envoy 'expelled'  \n from Ruritania ", "Envoy 'expelled'    from Ruritania."),
        ("   ", ""),
    ],
)
def test_headline_keeps_offsets_and_ends_as_a_sentence(title, parsed):
    head = headline(Article("a", "Body.", title=title))
    assert head == parsed
    # every character before the added end mark is where the title has it
    assert all(a == b or b.isspace() for a, b in zip(head, title, strict=False))


def test_headline_title_case_takes_the_body_case():
    body = "The governor of Kano banned opposition rallies in the city on Monday."
    title = "Governor Of Kano Bans Opposition Rallies In City"
    assert headline(Article("a", body, title=title)) == (
        "Governor of Kano bans opposition rallies in city."
    )
    # a headline in sentence case, or one of two words, is left as written
    assert headline(Article("a", body, title="Kano Governor")) == "Kano Governor."
    assert headline(Article("a", body, title="Kano bans Rallies")) == (
        "Kano bans Rallies."
    )


def test_headline_parsed_text_without_title_is_the_body():
    assert parsed_text(replace(ARTICLE, title="")) == BODY
    assert parsed_text(ARTICLE).endswith("\n\n" + BODY)


@pytest.mark.model
def test_headline_is_the_first_sentence_with_offsets_into_the_title(nlp, cues):
    rec = _record(nlp, cues, ARTICLE)
    assert rec.headline == 1
    assert rec.sentences[0] == ARTICLE.title
    assert rec.sentence_paragraphs[0] == HEADLINE_PARAGRAPH
    head = [m for m in rec.mentions if m.sent == 0]
    assert {m.key for m in head} >= {"Chile", "Peru"}
    for m in head:
        assert ARTICLE.title[m.start : m.end] == m.text
        assert m.paragraph == HEADLINE_PARAGRAPH
    body = [m for m in rec.mentions if m.sent > 0]
    assert body, "the body's mentions are kept"
    for m in body:
        assert BODY[m.start : m.end] == m.text
    # the body's paragraphs and sentences are those of a record without headline
    plain = _record(nlp, cues, replace(ARTICLE, title=""))
    assert rec.sentences[1:] == plain.sentences
    assert rec.sentence_paragraphs[1:] == plain.sentence_paragraphs
    # (the headline is context too: it may add mentions, never move them)
    assert {(m.key, m.start, m.paragraph, m.sent - 1) for m in body} >= {
        (m.key, m.start, m.paragraph, m.sent) for m in plain.mentions
    }


@pytest.mark.model
def test_headline_tie_says_it_came_from_the_headline(nlp, cues):
    rec = _record(nlp, cues, ARTICLE)
    tie = [r for r in rec.relations if r.sent == 0]
    assert [(r.source, r.polarity, r.sentence) for r in tie] == [
        ("Chile", "oppose", ARTICLE.title)
    ]
    assert tie[0].target in ("Peru", "ambassador")
    assert not _record(nlp, cues, replace(ARTICLE, title="")).relations
    graph = build_graph([rec], resolve([rec]))
    edges = [e for _, _, e in graph.edges(data=True)]
    stance = [e for e in edges if e["relation"] in ("support", "oppose")]
    assert stance and all(item["headline"] for e in stance for item in e["evidence"])
    comention = [e for e in edges if e["relation"] == "co_mention"]
    assert any("headline" not in item for e in comention for item in e["evidence"])


@pytest.mark.model
def test_headline_no_tie_where_the_headline_states_none(nlp, cues):
    article = replace(ARTICLE, title="Chile and Peru hold talks in Lima")
    assert not [r for r in _record(nlp, cues, article).relations if r.sent == 0]


@pytest.mark.model
def test_headline_parsed_once_in_a_long_article(nlp, cues):
    cut = list(pieces(ARTICLE, limit=70))
    assert len(cut) > 1 and all(p.article.title == "" for p in cut[1:])
    parts = [(p, _record(nlp, cues, p.article)) for p in cut]
    joined = join_records(parts)
    whole = _record(nlp, cues, ARTICLE)
    assert joined.headline == whole.headline == 1
    assert joined.sentences == whole.sentences
    assert joined.sentence_paragraphs == whole.sentence_paragraphs
    assert [(m.key, m.start, m.sent) for m in joined.mentions if m.sent == 0] == [
        (m.key, m.start, m.sent) for m in whole.mentions if m.sent == 0
    ]


@pytest.mark.model
def test_headline_record_round_trips(nlp, cues):
    rec = _record(nlp, cues, ARTICLE)
    assert DocRecord.from_dict(rec.to_dict()) == rec


@pytest.mark.model
def test_headline_of_a_body_parse_is_not_read(nlp, cues):
    # a doc parsed from the body alone gives the body's record
    rec = record(nlp(BODY), ARTICLE, lexicon=LEXICON, cues=cues)
    assert rec.headline == 0 and rec.sentences[0].startswith("Officials")


@pytest.mark.model
def test_headline_longer_name_keeps_what_the_body_says_a_name_is(extractor):
    # the headline's "San Marco Museum" takes some of the body's "San Marco"
    # mentions; the apposition still makes every "San Marco" a place
    body = (
        "President Ana Ruiz pledged converting San Marco, formerly a Catholic "
        'church and now a museum, to a library. Ruiz said, "We will change '
        "San Marco's name.\""
    )
    title = "President Ruiz proposes converting San Marco Museum to library"
    rec = next(extractor.records([Article("m", body, title=title)]))
    kinds = {m.kind for m in rec.mentions if m.text == "San Marco"}
    assert kinds == {"place"}
