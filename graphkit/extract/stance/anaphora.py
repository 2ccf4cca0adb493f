"""Definite event nouns that name an event of an earlier sentence ("the subpoena")."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from graphkit.extract.stance.clauses import (
    Candidate,
    assertion,
    noun_sources,
    noun_targets,
    object_controller,
)
from graphkit.extract.stance.phrases import Index, pobjs

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["MAX_ANTECEDENT_SENTENCES", "antecedents"]

# An antecedent is sought in at most this many sentences before the noun's.
MAX_ANTECEDENT_SENTENCES = 8
_DEFINITE = frozenset({"the", "this", "that", "these", "those"})
# prepositions that would name a target of the noun's own, actor or not
_TARGET_PREPS = frozenset({"on", "against", "into", "to", "for", "at", "with", "of"})


def antecedents(ix: Index) -> Iterator[Candidate]:
    """Ties of a definite event noun whose target its sentence does not name:
    "X issued a subpoena for documents from Y. | The subpoena was signed by Z"
    gives Z -> Y, taken from the latest event noun of the same lemma in the
    sentences before (``confidence`` ``inferred``, mechanism ``anaphora``). A
    noun with a target phrase of its own ("the attack on the base") has its
    own target, and one with no agent in its sentence makes no tie; nor does a
    noun someone is blamed or thanked for ("blamed X for the attack": which
    attack an allegation means is the allegation's business)."""
    for i, cue in ix.cue_of.items():
        noun = ix.doc[i]
        if cue.pos != "NOUN" or cue.neutral or cue.mutual or not _definite(noun):
            continue
        if list(pobjs(noun, _TARGET_PREPS)) or noun_targets(noun, ix, cue):
            continue
        if noun.dep_ == "pobj" and object_controller(noun.head.head, ix) is not None:
            continue
        sources = noun_sources(noun, ix)
        earlier = _antecedent(noun, ix) if sources else None
        if earlier is None:
            continue
        targets = [
            m
            for m in noun_targets(earlier, ix, ix.cue_of[earlier.i])
            if m not in sources
        ]
        polarity, modality = assertion(noun, cue, ix)
        if targets:
            yield Candidate(
                noun, cue, sources, targets, polarity or cue.polarity, "anaphora",
                "inferred", modality=modality,
            )  # fmt: skip


def _definite(noun: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ in _DEFINITE for c in noun.children)


def _antecedent(noun: Token, ix: Index) -> Token | None:
    """The latest event noun of the same lemma in the sentences before."""
    first = ix.doc[noun.sent.start]
    for _ in range(MAX_ANTECEDENT_SENTENCES):
        if first.i == 0:
            return None
        sent = ix.doc[first.i - 1].sent
        found = [t for t in sent if t.lemma_ == noun.lemma_ and ix.event(t) is not None]
        if found:
            return found[-1]
        first = sent[0]
    return None
