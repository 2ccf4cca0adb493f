"""Evaluative statements: praise and blame aimed at an actor, on real parses."""

from __future__ import annotations

import json

import pytest

from graphkit.errors import LexiconError
from graphkit.extract import load_cues, mentions, record
from graphkit.extract.stance.phrases import Index
from graphkit.extract.stance.relations import claims
from graphkit.extract.stance.valence import load_valence
from graphkit.lexicons import compile_lexicon
from graphkit.records import Article

LEXICON = compile_lexicon()


@pytest.fixture(scope="module")
def cues():
    return load_cues()


def _ties(nlp, cues, text: str) -> set[tuple[str, str, str, str]]:
    """(source, target, polarity, basis) of every tie the pipeline finds."""
    rec = record(nlp(text), Article("t", text), lexicon=LEXICON, cues=cues)
    return {(r.source, r.target, r.polarity, r.basis) for r in rec.relations}


def _evaluative(nlp, cues, text: str) -> set[tuple[str, str, str]]:
    return {
        (s, t, p)
        for s, t, p, basis in _ties(nlp, cues, text)
        if basis[:10] == "evaluative"
    }


# --- the lexicon ---------------------------------------------------------------------


def test_evaluative_valence_vader_and_additions():
    val = load_valence()
    assert val.of("betrayal", "betrayal", "NOUN") < -2  # VADER
    assert val.of("corrupt", "corrupt", "ADJ") < -2  # graphkit's addition
    assert val.of("party", "party", "NOUN") == 0  # removed: not a verdict
    assert val.of("like", "like", "ADP") == 0  # only content words
    assert "call" in val.frame("naming") and "decision" in val.frame("conduct")


def test_evaluative_valence_user_file(tmp_path):
    extra = tmp_path / "mine.jsonl"
    extra.write_text(
        json.dumps({"lemma": "stalwart", "valence": 2.5})
        + "\n"
        + json.dumps({"lemma": "brilliant", "valence": 0})
        + "\n"
        + json.dumps({"lemma": "lambast", "evaluative": "naming"})
        + "\n",
        encoding="utf-8",
    )
    val = load_cues([extra]).valence
    assert val.of("stalwart", "stalwart", "NOUN") == 2.5
    assert val.of("brilliant", "brilliant", "ADJ") == 0
    assert "lambast" in val.frame("naming")


@pytest.mark.parametrize(
    "entry",
    [{"lemma": "x", "valence": 9}, {"lemma": "x", "evaluative": "nonsense"}],
)
def test_evaluative_valence_rejects_bad_entries(tmp_path, entry):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(entry) + "\n", encoding="utf-8")
    with pytest.raises(LexiconError):
        load_valence([bad])


# --- the rules -----------------------------------------------------------------------


@pytest.mark.model
@pytest.mark.parametrize(
    "text, tie",
    [
        ("Togo called Mongolia a reckless neighbour.", ("Togo", "Mongolia", "oppose")),
        (
            "Iceland described the decision by Malta as brilliant.",
            ("Iceland", "Malta", "support"),
        ),
        (
            '"Mongolia is a corrupt dictatorship," said Togo.',
            ("Togo", "Mongolia", "oppose"),
        ),
        (
            '"Togo has been a wonderful friend," Iceland said.',
            ("Iceland", "Togo", "support"),
        ),
        (
            '"Mara Lindqvist was the most brilliant diplomat I have known," said '
            "Tomas Brandt.",
            ("Tomas Brandt", "Mara Lindqvist", "support"),
        ),
        ("Iceland said it was grateful to Malta.", ("Iceland", "Malta", "support")),
        ("Iceland is frustrated with Malta.", ("Iceland", "Malta", "oppose")),
        (
            '"Mongolia\'s reckless policies hurt everyone," said Togo.',
            ("Togo", "Mongolia", "oppose"),
        ),
        (
            '"Malta treats its neighbours with utter contempt," said Iceland.',
            ("Iceland", "Malta", "oppose"),
        ),
        # a stance held by the subject: an ally, a critic, a friend of someone
        ("Togo has been a staunch ally of Malta.", ("Togo", "Malta", "support")),
        (
            "Mara Lindqvist, a longtime critic of Malta, spoke.",
            ("Mara Lindqvist", "Malta", "oppose"),
        ),
        (
            "Togo was much more of a critic of Malta than Iceland was.",
            ("Togo", "Malta", "oppose"),
        ),
        # the holder's own stance, not the speaker's verdict on the holder
        (
            '"Togo is a great friend of Malta," said Iceland.',
            ("Togo", "Malta", "support"),
        ),
    ],
)
def test_evaluative_praise_blame_and_stance_holders(nlp, cues, text, tie):
    assert _evaluative(nlp, cues, text) == {tie}


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "Togo is no friend of Malta.",
        "Togo is not an ally of Malta.",
        "Togo is a critic of the war.",
    ],
)
def test_evaluative_stance_holders_no_tie(nlp, cues, text):
    assert _evaluative(nlp, cues, text) == set()


@pytest.mark.model
def test_evaluative_direction_follows_the_speaker(nlp, cues):
    one = _evaluative(nlp, cues, '"Togo is a disgrace," said Mongolia.')
    other = _evaluative(nlp, cues, '"Mongolia is a disgrace," said Togo.')
    assert one == {("Mongolia", "Togo", "oppose")}
    assert other == {("Togo", "Mongolia", "oppose")}


@pytest.mark.model
def test_evaluative_basis_names_the_word(nlp, cues):
    ties = _ties(nlp, cues, "Togo called Mongolia a traitor.")
    assert ("Togo", "Mongolia", "oppose", "evaluative:traitor") in ties


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "Togo did not call Mongolia a traitor.",  # negated naming
        '"Mongolia is not a corrupt state," said Togo.',  # negated verdict
        "Iceland denied that Malta was a corrupt state.",  # denied
        "If Togo is a corrupt state, Iceland said, the talks will fail.",  # condition
        "Mongolia is a corrupt neighbour of Togo.",  # the writer's words: no speaker
        '"Iceland is happy," said Malta.',  # a feeling, not a verdict on Iceland
        "Iceland said the terrible floods hit Malta.",  # off the path: the floods
        "In a brilliant ceremony in Malta, officials of Iceland spoke.",
    ],
)
def test_evaluative_no_tie(nlp, cues, text):
    assert _evaluative(nlp, cues, text) == set()


@pytest.mark.model
def test_evaluative_negated_praise_verb_gives_no_tie(nlp, cues):
    assert _ties(nlp, cues, "Iceland did not praise Malta.") == set()


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "Togo did not call Mongolia a traitor.",
        '"Mongolia is not a corrupt state," said Togo.',
        "Togo is no friend of Mongolia.",
    ],
)
def test_evaluative_unasserted_readings_reach_the_arbiter(nlp, cues, text):
    """A negated verdict is proposed as such, so that it can veto other readings."""
    doc = nlp(text)
    ix = Index(doc, mentions(doc, Article("t", text), lexicon=LEXICON), cues)
    found = [c for c in claims(ix) if c.mechanism == "evaluative"]
    assert [(c.source.key, c.target.key, c.modality) for c in found] == [
        ("Togo", "Mongolia", "negated")
    ]


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "edges"),
    [
        # a pejorative name for an act judges whose act it is, whatever the noun
        ('Iceland called Malta\'s apology a "political maneuver."',
         {("Iceland", "Malta", "oppose")}),
        ("Iceland called Malta's admission a cynical ploy.",
         {("Iceland", "Malta", "oppose")}),
        ('Tomas Brandt said "Mara Lindqvist has been a national treasure for the '
         'arts."', {("Tomas Brandt", "Mara Lindqvist", "support")}),
        ("Iceland did not call Malta's apology a ploy.", set()),
    ],
)  # fmt: skip
def test_evaluative_pejorative_names_for_an_act(nlp, cues, text, edges):
    assert _evaluative(nlp, cues, text) == edges


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "edges"),
    [
        # a quotation after a clause's comma or colon is that clause's subject's
        ('Iceland defended the plan: "Malta is a disgrace."',
         {("Iceland", "Malta", "oppose")}),
        ('Iceland defended its decision, "Malta has been a wonderful friend."',
         {("Iceland", "Malta", "support")}),
        # a quotation no one introduces is no one's
        ('Signs in the square read "Malta is a disgrace."', set()),
    ],
)  # fmt: skip
def test_evaluative_quotation_introduced_by_a_clause(nlp, cues, text, edges):
    assert _evaluative(nlp, cues, text) == edges


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "edges"),
    [
        # sympathy supports whom it is with, to or for
        ("Iceland said our thoughts are with the people of Malta.",
         {("Iceland", "Malta", "support")}),
        ("Iceland expressed sympathy for Malta.", {("Iceland", "Malta", "support")}),
        ("Iceland's condolences to Malta came late.",
         {("Iceland", "Malta", "support")}),
        # none, or none expressed, or thoughts about something
        ("Iceland has no sympathy for Malta.", set()),
        ("Iceland did not express sympathy for Malta.", set()),
        ("Iceland shared its thoughts on Malta's plan.", set()),
    ],
)  # fmt: skip
def test_evaluative_sympathy_supports_its_addressee(nlp, cues, text, edges):
    assert _evaluative(nlp, cues, text) == edges
