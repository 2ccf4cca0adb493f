"""Threats: actions promised on a condition, and harms a speaker foretells."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from graphkit.extract.stance.clauses import (
    Candidate,
    asserted_polarity,
    speaker,
    verb_sources,
)
from graphkit.extract.stance.cues import Cue
from graphkit.extract.stance.phrases import SUBJECTS, Index, actors

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["threats"]


def threats(ix: Index) -> Iterator[Candidate]:
    """Threats the document asserts.

    A threat is conditional ("X threatened to strike unless Y withdrew", "X
    will impose sanctions if Y ...": X opposes Y, the subject of the condition)
    or a foretold harm ("Y will meet the same fate", X warned: the speaker X
    opposes Y).
    """
    for i, cue in ix.cue_of.items():
        tok = ix.doc[i]
        if cue.pos != "VERB" or asserted_polarity(tok, cue, ix) != cue.polarity:
            continue
        if cue.undergone:
            yield from _foretold(tok, cue, ix)
        elif cue.polarity == "oppose" and _promised(tok, cue, ix):
            sources = verb_sources(tok, ix, cue)
            targets = [m for m in _condition_subjects(tok, ix) if m not in sources]
            if sources and targets:
                yield Candidate(tok, cue, sources, targets, "oppose", "threat")


def _promised(verb: Token, cue: Cue, ix: Index) -> bool:
    """A threat, or an act announced for the future ("will strike")."""
    future = ix.cues.frame("future")
    return cue.threat or any(
        c.dep_ == "aux" and c.lower_ in future for c in verb.children
    )


def _condition_subjects(verb: Token, ix: Index) -> list:
    """Actors that are subjects of an "if"/"unless" clause on ``verb`` or on its
    complement ("threatened to walk out unless Y ...")."""
    clauses = [verb, *(c for c in verb.children if c.dep_ in ("xcomp", "ccomp"))]
    marks = ix.cues.frame("ultimatum")
    return [
        m
        for clause in clauses
        for c in clause.children
        if c.dep_ == "advcl"
        and any(g.dep_ == "mark" and g.lower_ in marks for g in c.children)
        for s in c.children
        if s.dep_ in SUBJECTS
        for m in actors(s, ix)
    ]


def _foretold(verb: Token, cue: Cue, ix: Index) -> Iterator[Candidate]:
    """ "Y will meet the same fate if ...", X said: X opposes Y. A pronoun
    subject stands for the subject of the condition ("If Y attacks, he will
    pay the price")."""
    subject = next((c for c in verb.children if c.dep_ in SUBJECTS), None)
    if subject is None:
        return
    if subject.pos_ == "PRON" and subject.i not in ix.at:
        targets = _condition_subjects(verb, ix)
    else:
        targets = actors(subject, ix)
    sources = [m for m in speaker(verb, ix) if m not in targets]
    if sources and targets:
        yield Candidate(verb, cue, sources, targets, "oppose", "threat")
