"""Evaluative statements: praise and blame that a speaker aims at an actor.

Valences come from :mod:`graphkit.extract.stance.valence` (VADER plus
graphkit's additions) and are read only inside the phrase that carries the
verdict, never anywhere else in the sentence:

- naming: "Y called X a traitor", "Y described X's decision as reckless";
- predication in reported speech: "'X is a criminal,' said Y", "Y said X was
  the most brilliant scientist he had known" (the writer's own "X is a
  criminal" is no one's stance);
- attitudes: "Y is grateful to X", "we are disappointed with X", Y said;
- the speaker's own words in a quotation: "'X's destructive ambitions'",
  "'X treats the law with contempt'", "'X acted recklessly'";
- stance-holder nouns: "Y is a critic of X", "Y, a staunch ally of X" (Y's
  own stance, not a speaker's);
- sympathy: "Y offered condolences to X", "our thoughts are with X", Y said.

A verdict with a negation inside it ("no friend", "not a criminal") or on its
clause ("is not", "did not call") asserts nothing, and so do conditional,
denied and hypothetical clauses: such readings reach the arbiter as unasserted.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from graphkit.extract.stance.clauses import (
    Candidate,
    assertion,
    speaker,
    verb_sources,
)
from graphkit.extract.stance.cues import Cue
from graphkit.extract.stance.phrases import (
    SUBJECTS,
    Index,
    actors,
    object_actors,
    owners,
    pobjs,
    unique,
)
from graphkit.extract.stance.valence import Valence
from graphkit.records import Mention, Polarity

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["evaluations"]

# The strongest word of a verdict must reach this valence (VADER's scale), and
# a verdict mixing praise and blame must still lean this far one way.
_STRONGEST = 1.5
_NET = 1.0
_NEGATORS = frozenset(
    {"not", "n't", "never", "no", "nothing", "hardly", "neither", "nor", "without"}
)
_COPULAS = frozenset({"be", "become", "remain", "seem", "appear"})
_PHRASE = frozenset({"amod", "compound", "advmod", "nmod", "npadvmod", "acomp"})
_WITH = frozenset({"with"})
_BY = frozenset({"by"})
_OF = frozenset({"of", "to"})
_SYMPATHY_PREPS = frozenset({"with", "to", "for"})
# the valence of a sympathy noun's support (VADER's "sympathy" is 0.4)
_SYMPATHY = 2.0


def evaluations(ix: Index, valence: Valence) -> Iterator[Candidate]:
    """Praise and blame in ``ix``'s document, as stance candidates.

    Each candidate's token is the strongest evaluative word and its cue has
    kind ``praise`` or ``disapprove`` and the verdict's valence as intensity;
    mechanism ``evaluative``, word the evaluative word. Readings the text
    does not assert ("did not call X a traitor", "X is no friend of Y") are
    proposed with their modality, so that the arbiter lets them veto other
    readings of the pair. The ``Doc`` is not modified.
    """
    naming, feeling = valence.frame("naming"), valence.frame("feeling")
    holder, sympathy = valence.frame("holder"), valence.frame("sympathy")
    doc, cols = ix.doc, ix.columns
    for i, (lemma, pos) in enumerate(zip(cols.lemma, cols.pos, strict=True)):
        if lemma in naming and pos == "VERB":
            yield from _naming(doc[i], ix, valence)
        elif lemma in _COPULAS and pos in ("AUX", "VERB"):
            yield from _predication(doc[i], ix, valence)
        elif cols.lower[i] in feeling and cols.tag[i] == "VBN":
            yield from _felt(doc[i], ix, valence)
        if i in ix.quoted:
            yield from _quoted(doc[i], ix, valence)
        if lemma in holder and pos == "NOUN":
            yield from _holder(doc[i], ix, valence)
        if lemma in sympathy and pos == "NOUN":
            yield from _sympathy(doc[i], ix)


def _verdict(
    head: Token, ix: Index, valence: Valence
) -> tuple[Token, float, bool] | None:
    """The strongest word and net valence of the phrase headed by ``head`` (with
    its conjuncts and modifiers, not its clauses or actor names: a common noun
    the mention finder took for a group is a verdict still, "named X as
    terrorists"), and whether a negator inside it takes the verdict back ("no
    friend", "not a criminal"); None when it is weak or mixed."""
    words: list[Token] = []
    for part in (head, *head.conjuncts):
        words.append(part)
        for child in part.children:
            if child.dep_ in _PHRASE or child.dep_ in ("det", "neg"):
                words.append(child)
                words.extend(g for g in child.children if g.dep_ in ("advmod", "neg"))
    negated = any(w.lower_ in _NEGATORS or w.dep_ == "neg" for w in words)
    scored = [
        (w, valence.of(w.lower_, w.lemma_, w.pos_))
        for w in words
        if (w.i not in ix.at or w.pos_ == "NOUN") and w.lower_ not in _NEGATORS
    ]
    scored = [(w, v) for w, v in scored if v]
    if not scored:
        return None
    net = sum(v for _, v in scored)
    word, strongest = max(scored, key=lambda s: (abs(s[1]), -s[0].i))
    if abs(strongest) < _STRONGEST or abs(net) < _NET or (net > 0) != (strongest > 0):
        return None
    return word, max(-4.0, min(4.0, round(net, 2))), negated


def _cue(word: Token, frame: Token, value: float) -> tuple[Cue, Cue]:
    """The cue a verdict gives, and the one its frame verb asserts."""
    polarity: Polarity = "support" if value > 0 else "oppose"
    kind = "praise" if value > 0 else "disapprove"
    pos = word.pos_ if word.pos_ in ("NOUN", "ADJ") else "ADJ"
    return (
        Cue(word.lemma_.lower(), pos, polarity, kind, value),
        Cue(frame.lemma_.lower(), "VERB", polarity, kind, value),
    )


def _candidate(
    word: Token,
    frame: Token,
    value: float,
    sources: list[Mention],
    targets: list[Mention],
    ix: Index,
    negated: bool = False,
) -> Iterator[Candidate]:
    """The evaluation, asserted or not: an unasserted one (negated, denied,
    conditional) makes no tie and vetoes other readings of the pair."""
    cue, framing = _cue(word, frame, value)
    targets = [m for m in unique(targets) if m not in sources]
    if not (sources and targets):
        return
    polarity, modality = assertion(frame, framing, ix)
    if negated and modality == "asserted":
        modality = "negated"
    if modality == "asserted" and polarity != cue.polarity:
        return
    yield Candidate(
        word,
        cue,
        unique(sources),
        targets,
        cue.polarity,
        "evaluative",
        word=word.lower_,
        modality=modality,
    )


def _naming(verb: Token, ix: Index, valence: Valence) -> Iterator[Candidate]:
    """ "Y called X a traitor", "Y described X's move as reckless"."""
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    if not objects:
        return
    verdicts = [c for c in verb.children if c.dep_ == "oprd"]
    verdicts += [v for t in (verb, *objects) for v in _as_phrase(t)]
    # "called X's admission a ploy" judges X, whatever the noun
    targets = [m for o in objects for m in object_actors(o, ix) or owners(o, ix)]
    for head in verdicts:
        found = _verdict(head, ix, valence)
        if found is None or not targets:
            continue
        word, value, negated = found
        sources = verb_sources(verb, ix, _cue(word, verb, value)[1])
        yield from _candidate(word, verb, value, sources, targets, ix, negated)


def _as_phrase(tok: Token) -> list[Token]:
    """What "as" names after ``tok``: "as a traitor", "as brilliant" (an
    adjective the parser hangs on "as")."""
    return [
        c
        for prep in tok.children
        if prep.dep_ == "prep" and prep.lower_ == "as"
        for c in prep.children
        if c.dep_ in ("pobj", "amod", "acomp")
    ]


def _predication(cop: Token, ix: Index, valence: Valence) -> Iterator[Candidate]:
    """ "'X is a criminal,' said Y" and "we are grateful to X", Y said."""
    subject = next((c for c in cop.children if c.dep_ in SUBJECTS), None)
    if subject is None:
        return
    for pred in (c for c in cop.children if c.dep_ in ("attr", "acomp")):
        found = _verdict(pred, ix, valence)
        if found is None:
            continue
        word, value, negated = found
        held = _attitude_targets(pred, ix, valence)
        if held:  # "Y is grateful to X": Y's attitude towards X
            sources = verb_sources(cop, ix, _cue(word, cop, value)[1])
            yield from _candidate(word, cop, value, sources, held, ix, negated)
        elif not _has_clause(pred) and not _feels_or_holds(pred, ix, valence):
            targets = _judged(subject, ix, valence)
            yield from _candidate(
                word, cop, value, speaker(cop, ix), targets, ix, negated
            )


def _felt(verb: Token, ix: Index, valence: Valence) -> Iterator[Candidate]:
    """ "Y was disappointed with X", parsed as a passive."""
    subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    held = _attitude_targets(verb, ix, valence)
    found = _verdict(verb, ix, valence) if held and subject is not None else None
    if found is None or subject is None:
        return
    word, value, negated = found
    if subject.i in ix.at:
        sources = actors(subject, ix)
    else:
        sources = speaker(verb, ix) if subject.pos_ == "PRON" else []
    yield from _candidate(word, verb, value, sources, held, ix, negated)


def _attitude_targets(pred: Token, ix: Index, valence: Valence) -> list[Mention]:
    """Actors an adjective's attitude is held towards: "grateful to X"."""
    if pred.pos_ not in ("ADJ", "VERB"):
        return []
    return [
        ix.at[t.i]
        for p in pobjs(pred, valence.frame("attitude"))
        for t in (p, *p.conjuncts)
        if t.i in ix.at
    ]


def _feels_or_holds(pred: Token, ix: Index, valence: Valence) -> bool:
    """ "X is happy", "X is a friend of Y": X's own feeling or stance (see
    :func:`_holder`), not a verdict on X."""
    if pred.lemma_ in valence.frame("feeling"):
        return True
    return pred.lemma_ in valence.frame("holder") and any(
        object_actors(p, ix) for p in pobjs(pred, _OF)
    )


def _has_clause(pred: Token) -> bool:
    """ "X is sure to win", "it is clear that": the adjective rates a clause."""
    return any(c.dep_ in ("xcomp", "ccomp", "advcl") for c in pred.children)


def _judged(noun: Token, ix: Index, valence: Valence) -> list[Mention]:
    """The actor a noun phrase names, or whose conduct it names ("X's decision",
    "the decision by X"): not the people a thing happens to ("X's death")."""
    direct = [ix.at[t.i] for t in (noun, *noun.conjuncts) if t.i in ix.at]
    if direct or noun.lemma_ not in valence.frame("conduct"):
        return direct
    agents = (m for p in pobjs(noun, _BY) for m in actors(p, ix))
    return unique([*owners(noun, ix), *agents])


def _quoted(tok: Token, ix: Index, valence: Valence) -> Iterator[Candidate]:
    """The speaker's own words in a quotation: "X's destructive ambitions",
    "the corrupt X", "X treats the law with contempt", "X acted recklessly"."""
    if tok.dep_ == "amod" and tok.head.i in ix.quoted:
        noun = tok.head
        targets = _judged(noun, ix, valence)
        found = _verdict(tok, ix, valence) if targets else None
        if found is not None and not _negated_det(noun):
            word, value, negated = found
            frame = _clause_verb(noun)
            sources = speaker(frame, ix)
            yield from _candidate(word, frame, value, sources, targets, ix, negated)
    elif tok.pos_ == "VERB" and tok.lemma_ not in _COPULAS:
        subject = next((c for c in tok.children if c.dep_ in SUBJECTS), None)
        targets = _judged(subject, ix, valence) if subject is not None else []
        if not targets:
            return
        objects = [c for c in tok.children if c.dep_ == "dobj"]
        manners = [*pobjs(tok, _WITH), *(p for o in objects for p in pobjs(o, _WITH))]
        manners += [
            c
            for c in tok.children
            if c.dep_ == "advmod" and c.lower_.endswith("ly") and c.i in ix.quoted
        ]
        for head in manners:
            found = _verdict(head, ix, valence)
            if found is not None:
                word, value, negated = found
                yield from _candidate(
                    word, tok, value, speaker(tok, ix), targets, ix, negated
                )


def _holder(noun: Token, ix: Index, valence: Valence) -> Iterator[Candidate]:
    """ "Y is a critic of X", "Y is more of a critic of X", "Y, an ally of X"."""
    value = valence.of(noun.lower_, noun.lemma_, noun.pos_)
    targets = [m for p in pobjs(noun, _OF) for m in object_actors(p, ix)]
    if not value or not targets:
        return
    negated = _negated_det(noun)
    attr = noun
    if noun.dep_ == "pobj" and noun.head.lower_ == "of":  # "more of a critic"
        attr = noun.head.head
    if attr.dep_ == "attr":
        frame = attr.head
        sources = verb_sources(frame, ix, _cue(noun, frame, value)[1])
        yield from _candidate(noun, frame, value, sources, targets, ix, negated)
    elif noun.dep_ == "appos" and noun.head.i in ix.at:
        holder = [ix.at[noun.head.i]]
        yield from _candidate(noun, noun.head, value, holder, targets, ix, negated)


def _sympathy(noun: Token, ix: Index) -> Iterator[Candidate]:
    """ "Y offered condolences to X", "Y expressed sympathy for X", "our thoughts
    are with X" (Y said): whoever offers sympathy supports its addressee; the
    owner offers it, else the subject of the verb that carries it, else the
    speaker."""
    verb = noun.head
    carried = noun.dep_ in ("nsubj", "dobj") and verb.pos_ in ("VERB", "AUX")
    places = (noun, verb) if carried else (noun,)
    targets = [
        m
        for t in places
        for p in pobjs(t, _SYMPATHY_PREPS)
        for m in object_actors(p, ix)
    ]
    if not targets:
        return
    frame = verb if carried else _clause_verb(noun)
    sources = owners(noun, ix)
    if not sources and noun.dep_ == "dobj" and carried:
        sources = verb_sources(verb, ix, _cue(noun, verb, _SYMPATHY)[1])
    sources = sources or speaker(frame, ix)
    negated = _negated_det(noun)
    yield from _candidate(noun, frame, _SYMPATHY, sources, targets, ix, negated)


def _negated_det(noun: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ == "no" for c in noun.children)


def _clause_verb(tok: Token) -> Token:
    """The verb of the clause holding ``tok`` (itself when there is none)."""
    while tok.pos_ not in ("VERB", "AUX") and tok.head.i != tok.i:
        tok = tok.head
    return tok
