"""graphkit.nlp: loading the pipeline with the actor ruler and the compiled lexicon."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from graphkit.errors import LexiconError, ModelNotFound
from graphkit.extract.extractor import Extractor
from graphkit.extract.headline import parsed_text
from graphkit.ingest import read_corpus
from graphkit.lexicons import compile_lexicon, load_lexicon
from graphkit.models import DEFAULT_MODEL
from graphkit.nlp import (
    ACTOR_RULER,
    ACTOR_RULER_CONFIG,
    EMPTY_TOKENIZER,
    add_actor_ruler,
    index_lemmas_by_set,
    load_pipeline,
    match_attribute_rules_by_table,
)

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="module")
def blank():
    return add_actor_ruler(spacy.blank("en"), compile_lexicon())


def _ids(nlp, text):
    return [(ent.text, ent.ent_id_) for ent in nlp(text).ents]


def test_nlp_ruler_gives_canonical_ids(blank):
    assert _ids(blank, "Kyiv and Naypyidaw replied to the Burkinabe envoy") == [
        ("Kyiv", "Ukraine"),
        ("Naypyidaw", "Myanmar"),
        ("Burkinabe", "Burkina Faso"),
    ]


def test_nlp_alias_table_covers_un_members():
    entries = load_lexicon("aliases.jsonl", required=["label", "pattern", "id"])
    countries = {e["id"] for e in entries if e.get("type") == "country"}
    capitals = {e["id"] for e in entries if e.get("type") == "capital"}
    assert len(countries) >= 193
    assert {"Tuvalu", "Eswatini", "Timor-Leste", "South Sudan"} <= countries
    assert len(capitals) >= 180
    assert {"NATO", "African Union", "International Atomic Energy Agency"} <= {
        e["id"] for e in entries if e.get("type") == "organization"
    }


def test_nlp_longest_entity_wins_and_ruler_wins_ties(blank):
    words = ["U.S.", "Central", "Command", "and", "Ukraine", "spoke"]
    doc = Doc(
        blank.vocab, words=words, ents=["B-ORG", "I-ORG", "I-ORG", "O", "B-GPE", "O"]
    )
    doc = blank.get_pipe(ACTOR_RULER)(doc)
    assert [(e.text, e.label_, e.ent_id_) for e in doc.ents] == [
        ("U.S. Central Command", "ORG", ""),
        ("Ukraine", "GPE", "Ukraine"),
    ]


def test_nlp_user_aliases_extend_and_override(tmp_path):
    path = tmp_path / "mine.jsonl"
    lines = [
        {"label": "ORG", "pattern": "RSF", "id": "Rapid Support Forces"},
        {"label": "GPE", "pattern": "Kyiv", "id": "Kyiv City", "type": "territory"},
    ]
    path.write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    lexicon = compile_lexicon([path])
    nlp = add_actor_ruler(spacy.blank("en"), lexicon)
    assert _ids(nlp, "RSF shelled Kyiv") == [
        ("RSF", "Rapid Support Forces"),
        ("Kyiv", "Kyiv City"),
    ]
    assert lexicon.aliases["Kyiv"] == ("Kyiv City", "territory")
    assert "Rapid Support Forces" in lexicon.ids


def test_nlp_malformed_alias_file_names_the_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"label": "ORG", "pattern": "RSF"}\n', encoding="utf-8")
    with pytest.raises(LexiconError, match=r"bad.jsonl:1: missing key\(s\) id"):
        compile_lexicon([path])


def test_nlp_unknown_model_raises():
    with pytest.raises(ModelNotFound, match="no_such_pipeline"):
        load_pipeline("no_such_pipeline", lexicon=compile_lexicon())


def test_nlp_extractor_finds_a_missing_model_without_loading(monkeypatch):
    def no_load(*args, **kwargs):
        raise AssertionError("spacy.load called")

    monkeypatch.setattr(spacy, "load", no_load)
    with pytest.raises(ModelNotFound, match="no_such_pipeline"):
        Extractor("no_such_pipeline")
    assert len(Extractor().fingerprint) == 64


@pytest.mark.model
def test_nlp_load_pipeline_puts_ruler_after_ner(nlp):
    names = nlp.pipe_names
    assert names.index(ACTOR_RULER) == names.index("ner") + 1
    assert ("Tehran", "Iran") in _ids(nlp, "Tehran rejected the offer.")


@pytest.mark.model
def test_nlp_ruler_phrases_made_by_the_tokenizer_match_as_the_full_pipeline(nlp):
    # add_actor_ruler makes the phrase patterns with the tokenizer alone;
    # spaCy's default runs every earlier component over them. Same entities.
    lexicon = compile_lexicon()
    reference = spacy.load(nlp.path)
    ruler = reference.add_pipe(
        "span_ruler",
        name=ACTOR_RULER,
        config=dict(ACTOR_RULER_CONFIG),
        after="ner",
    )
    ruler.add_patterns([dict(rule) for rule in lexicon.rules])
    texts = [
        (SEEDS / name).read_text(encoding="utf-8")[:20_000]
        for name in sorted(p.name for p in SEEDS.iterdir())
    ]
    texts.append(
        "The U.S. and Kyiv replied; Naypyidaw and the Burkinabe envoy did not."
    )
    ours = [
        [(e.start, e.end, e.label_, e.ent_id_) for e in d.ents] for d in nlp.pipe(texts)
    ]
    theirs = [
        [(e.start, e.end, e.label_, e.ent_id_) for e in d.ents]
        for d in reference.pipe(texts)
    ]
    assert ours == theirs and sum(map(len, ours)) > 100


def _tokenizer_of(nlp):
    return nlp.config["nlp"]["tokenizer"]["@tokenizers"]


@pytest.mark.model
def test_nlp_tokenizer_is_built_once_from_the_saved_rules(nlp):
    reference = spacy.load(nlp.path)
    assert _tokenizer_of(nlp) == EMPTY_TOKENIZER
    rules = nlp.tokenizer.to_bytes(exclude=["vocab"])
    assert rules == reference.tokenizer.to_bytes(exclude=["vocab"])
    text = "U.S.-backed forces can't reach e-mail@x.org at 5:30pm (don't)."
    assert [t.text for t in nlp(text)] == [t.text for t in reference(text)]


def test_nlp_other_tokenizers_load_as_they_are(tmp_path):
    spacy.blank("en").to_disk(tmp_path / "en")
    spacy.blank("zh").to_disk(tmp_path / "zh")  # Chinese: one token per character
    lexicon = compile_lexicon()
    en = load_pipeline(str(tmp_path / "en"), lexicon=lexicon)
    zh = load_pipeline(str(tmp_path / "zh"), lexicon=lexicon)
    assert _tokenizer_of(en) == EMPTY_TOKENIZER
    assert _tokenizer_of(zh) == "spacy.zh.ChineseTokenizer"
    assert [t.text for t in zh("中国和美国")] == ["中", "国", "和", "美", "国"]
    rules = spacy.blank("en").tokenizer.to_bytes(exclude=["vocab"])
    assert en.tokenizer.to_bytes(exclude=["vocab"]) == rules


# the seed article, and inflected forms of each part of speech that the
# lemmatizer's suffix rules turn into candidates checked against its index, and
# words the attribute ruler's exceptions and multi-word rules set ("n't", "'s",
# "gonna", "nothin'", "it" as an object)
_TEXT = (SEEDS / "reuters_iraq_iran_2020.txt").read_text(encoding="utf-8") + (
    " The envoys were mediating; ceasefires collapsed and militias regrouped,"
    " their leaders fleeing faster than the wealthiest donors had feared."
    " \"We're not gonna take it,\" she said, \"there's nothin' they didn't try.\""
)


@pytest.fixture(scope="module")
def plain():
    """The model as spaCy loads it, with its own lemmatizer and attribute ruler."""
    return spacy.load(DEFAULT_MODEL)


@pytest.mark.model
def test_nlp_pipeline_tables_give_spacys_annotations(nlp, plain):
    index = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    assert index and all(isinstance(words, frozenset) for words in index.values())
    ours, theirs = nlp(_TEXT), plain(_TEXT)
    for attr in ("tag_", "pos_", "lemma_"):
        assert [getattr(t, attr) for t in ours] == [getattr(t, attr) for t in theirs]
    assert [str(t.morph) for t in ours] == [str(t.morph) for t in theirs]
    assert {"mediate", "collapse", "regroup", "flee", "wealthy", "fear"} <= {
        t.lemma_ for t in ours
    }


@pytest.mark.model
def test_nlp_pipe_lemmatises_by_columns_as_spacy(nlp, plain):
    # nlp.pipe, as graphkit parses: the lemmatizer reads each document's
    # columns; inside memory zones (strings freed between them), twice (the
    # second time from its caches), the seed articles with their headlines
    texts = [_TEXT] + [parsed_text(a) for a in read_corpus([SEEDS])]
    assert type(nlp.get_pipe("lemmatizer").pipe).__name__ == "_LemmasByColumns"
    with plain.memory_zone():
        theirs = [[t.lemma_ for t in doc] for doc in plain.pipe(texts)]
    for _ in range(2):
        with nlp.memory_zone():
            assert [[t.lemma_ for t in doc] for doc in nlp.pipe(texts)] == theirs


@pytest.mark.model
def test_nlp_attribute_rule_table_matches_as_the_matcher(nlp, plain):
    # on the parse before the ruler: every match of spaCy's Matcher, in order
    ruler = nlp.get_pipe("attribute_ruler")
    with plain.select_pipes(disable=["attribute_ruler", "lemmatizer", "ner"]):
        doc = plain(_TEXT)
    spacy_matches = AttributeRuler.match(plain.get_pipe("attribute_ruler"), doc)
    assert len(spacy_matches) > len(doc)  # the tag map matches every token
    assert ruler.match(doc) == spacy_matches


def test_nlp_attribute_rule_table_matches_every_kind_of_rule():
    # equality, IN, NOT_IN, REGEX, two tokens, alternative patterns, a rule
    # that requires no value, and an operator (left to spaCy's Matcher)
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "the"}]], {"POS": "DET"})
    ruler.add(
        [[{"LOWER": {"IN": ["end", "ends"]}}, {"LOWER": {"NOT_IN": [".", "of"]}}]],
        {"POS": "NOUN"},
    )
    ruler.add([[{"LOWER": {"REGEX": "^en"}}], [{"LOWER": "of"}]], {"POS": "ADP"})
    ruler.add([[{"LOWER": {"REGEX": "^y'?$"}}, {"LOWER": "all"}]], {"LEMMA": "you"})
    ruler.add([[{"IS_SPACE": False, "LOWER": {"REGEX": "s$"}}]], {"TAG": "NNS"})
    ruler.add([[{"LOWER": "end", "OP": "+"}]], {"TAG": "NN"})
    doc = nlp.make_doc("The end of the ends ends here. Y'all end end, y all.")
    expected = AttributeRuler.match(ruler, doc)  # spaCy's Matcher
    assert {m[0] for m in expected} == set(range(6))
    match_attribute_rules_by_table(nlp)
    assert ruler.match(doc) == expected


def test_nlp_lemma_index_left_alone_outside_rule_lemmatisation():
    from spacy.lookups import Lookups

    nlp = spacy.blank("en")
    lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    lemmatizer.lookups = Lookups()
    lemmatizer.lookups.add_table("lemma_index", {"noun": ["cat", "dog"]})
    index_lemmas_by_set(nlp)  # a lookup lemmatizer never reads that table
    assert lemmatizer.lookups.get_table("lemma_index")["noun"] == ["cat", "dog"]
