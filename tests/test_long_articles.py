"""Issue 16, long articles: parsed in bounded pieces, one record, whole-text offsets."""

from __future__ import annotations

import json
import pickle
import re
from pathlib import Path

import pytest
import spacy
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from graphkit.cli import cli
from graphkit.extract.chunks import CHUNK_CHARS, pieces
from graphkit.extract.extractor import Extractor
from graphkit.records import Article

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
PARAGRAPHS = (SEEDS / "reuters_iraq_iran_2020.txt").read_text("utf-8").split("\n\n")
# The first story's headline, its dateline paragraph, then its body.
HEADLINE, LEAD, BODY = PARAGRAPHS[0], PARAGRAPHS[1], PARAGRAPHS[2:10]


def _joined(article: Article, limit: int):
    return list(pieces(article, limit=limit))


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="ab .A\n", max_size=300),
    st.integers(min_value=2, max_value=40),
)
def test_chunks_pieces_rejoin_and_count_paragraphs_as_the_whole_text(text, limit):
    cut = _joined(Article("a", text), limit)
    assert "".join(p.article.text for p in cut) == text
    assert [p.last for p in cut] == [False] * (len(cut) - 1) + [True]
    for p in cut:
        assert len(p.article.text) <= limit + 1
        assert p.article.text or not text
        # A piece counts its paragraph breaks as the whole text does.
        for i in range(len(p.article.text) + 1):
            local = p.paragraph + p.article.text.count("\n\n", 0, i)
            assert local == text.count("\n\n", 0, p.offset + i)


def test_chunks_single_line_is_cut_after_sentences_then_spaces_then_anywhere():
    line = " ".join(" ".join(BODY * 3).split())
    assert len(line) > 4000
    cut = _joined(Article("a", line), 500)
    assert len(cut) > 8
    for p in cut[:-1]:
        assert re.search(r"[.!?][\"'”’)\]]*\s+$", p.article.text), p.article.text
    words = re.sub(r"[.!?]", "", line)
    cut = _joined(Article("a", words), 500)
    assert all(p.article.text.endswith(" ") for p in cut[:-1])
    blob = "x" * 1234
    assert [len(p.article.text) for p in _joined(Article("a", blob), 500)] == [
        500,
        500,
        234,
    ]
    # No piece reaches spaCy's limit (E088) whatever the article's length.
    assert CHUNK_CHARS < spacy.blank("en").max_length


def test_chunks_article_within_the_limit_is_its_own_single_piece():
    article = Article("a", "\n\n".join(BODY), title="t", dateline="X (Reuters) -")
    (only,) = _joined(article, len(article.text))
    assert only.article is article and only.whole is article and only.last


def test_extractor_pickles_with_its_chunk_limit():
    small = Extractor(chunk_chars=1000)
    back = pickle.loads(pickle.dumps(small))
    assert back.chunk_chars == 1000
    assert back.fingerprint == small.fingerprint != Extractor().fingerprint
    with pytest.raises(ValueError, match="chunk_chars"):
        Extractor(chunk_chars=1)


@pytest.mark.model
def test_extractor_article_cut_between_paragraphs_gives_the_unsplit_record(extractor):
    text = "\n\n".join(PARAGRAPHS[1:13])
    article = Article("cut", text, title=HEADLINE)
    limit = 1500
    cut = _joined(article, limit)
    assert len(cut) == 2 and text[cut[1].offset - 2 : cut[1].offset] == "\n\n"
    small = Extractor(chunk_chars=limit)
    small.__dict__["nlp"] = extractor.nlp  # the same loaded pipeline, loaded once
    (whole,) = extractor.records([article])
    (joined,) = small.records([article])
    assert whole.mentions and whole.relations
    assert joined == whole


@pytest.mark.model
@pytest.mark.parametrize("sep", ["\n\n", " "], ids=["paragraphs", "one_line"])
def test_extractor_many_cuts_keep_offsets_sentences_and_evidence(extractor, sep):
    text = sep.join(PARAGRAPHS[1:41])
    article = Article("many", text)
    limit = 1200
    assert len(_joined(article, limit)) >= 6
    small = Extractor(chunk_chars=limit)
    small.__dict__["nlp"] = extractor.nlp
    (rec,) = small.records([article])
    assert rec.article == article
    assert len(rec.sentence_paragraphs) == len(rec.sentences)
    assert len(rec.mentions) > 50
    for m in rec.mentions:
        assert text[m.start : m.end] == m.text
        assert m.text in rec.sentences[m.sent]
        assert m.paragraph == rec.sentence_paragraphs[m.sent]
    assert rec.relations
    for r in rec.relations:
        assert r.sentence == rec.sentences[r.sent]
    paragraph_of = [text.count("\n\n", 0, text.index(s)) for s in rec.sentences[:3]]
    assert list(rec.sentence_paragraphs[:3]) == paragraph_of
    if sep == "\n\n":
        (whole,) = extractor.records([article])
        assert rec.sentences == whole.sentences
        assert rec.sentence_paragraphs == whole.sentence_paragraphs

        def evidence(r):
            return (r.sent, r.cue, r.polarity, r.kind, r.sentence, r.basis)

        # Stance read within a sentence is the same; the actors' keys may not
        # be, as in-document links (a surname, the home country) stop at a cut.
        assert sorted(map(evidence, rec.relations)) == sorted(
            map(evidence, whole.relations)
        )


def _story(copies: int) -> str:
    """One JSONL record: the first story, its body repeated ``copies`` times."""
    text = "\n\n".join([LEAD, *BODY * copies])
    return json.dumps({"id": "story", "title": HEADLINE, "text": text}) + "\n"


def _mentions(graph: dict) -> dict[str, int]:
    return {node["id"]: node["mentions"] for node in graph["nodes"]}


def test_build_of_an_article_over_a_million_characters_exits_0(tmp_path, blank_model):
    copies = 1_100_000 // len("\n\n".join(BODY)) + 1
    counts = []
    for n in (1, 2, copies):
        path = tmp_path / f"story_{n}.jsonl"
        path.write_text(_story(n), encoding="utf-8")
        out = tmp_path / f"out_{n}"
        args = ["build", str(path), "-m", str(blank_model), "--out", str(out)]
        result = CliRunner().invoke(cli, [*args, "-q", "--formats", "json"])
        assert result.exit_code == 0, result.output
        graph = json.loads((out / "graph.json").read_text("utf-8"))
        assert graph["graph"]["documents"] == 1
        counts.append(_mentions(graph))
    assert path.stat().st_size > 1_100_000
    once, twice, long = counts
    # Every copy of the body counts once: nothing lost or doubled at the cuts.
    assert once and long == {
        actor: once[actor] + (copies - 1) * (twice[actor] - once[actor])
        for actor in once
    }
