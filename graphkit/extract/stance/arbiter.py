"""The arbiter: one place that turns every candidate tie of a document into relations.

Each stance mechanism (event patterns, evaluative statements, reported claims,
coreference) proposes :class:`Claim` objects; :func:`arbitrate` alone decides
which become :class:`~graphkit.records.Relation`. A mechanism never filters
another's claims: it states what it read, including readings that the text
negates, denies, refuses, puts under a condition or a hypothesis (``asserted`` is
False, ``modality`` says why), and the arbiter applies one policy to all of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from graphkit.records import Confidence, Mention, Polarity, Relation

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = [
    "CONFIDENCES",
    "MODALITIES",
    "Claim",
    "arbitrate",
    "clause_of",
]

# Strongest first: how directly the text states a tie.
CONFIDENCES: tuple[Confidence, ...] = ("explicit", "reported", "inferred")
# Why a reading is not asserted; "asserted" is the only one that makes a tie.
MODALITIES = frozenset(
    {
        "asserted",
        "negated",
        "denied",
        "refused",
        "conditional",
        "obligation",
        "question",
    }
)
# Mechanisms that judge rather than read an act: an event cue for the same pair
# in the same sentence speaks first.
_SECONDARY = frozenset({"evaluative"})
# Mechanisms whose claim is the condition itself ("X will strike if Y ..."): a
# conditional reading of their clause does not veto them.
_PROMISES = frozenset({"threat"})
# Dependencies that start a clause of their own (a clause's head is the token
# whose dependency is one of these, or the root).
_CLAUSE_DEPS = frozenset(
    {"ROOT", "ccomp", "xcomp", "advcl", "relcl", "acl", "conj", "parataxis", "pcomp"}
)


@dataclass(frozen=True)
class Claim:
    """One candidate tie: a mechanism's reading of one clause of one sentence.

    ``token`` is the document index of the word that carries the claim (the cue)
    and ``clause`` that of the head of its clause (:func:`clause_of`): readings
    of one clause conflict, readings of two clauses do not. ``mechanism`` names
    the generator (``"event"``, ``"evaluative"``, ``"reported"``, ``"compound"``,
    ``"threat"``, ...) and ``basis`` says what it read, ``"mechanism:word"``
    (``"event:condemn"``, ``"evaluative:criminal"``, ``"reported:accuse"``); a
    tie reached through a resolved pronoun or description has confidence
    ``"inferred"`` and says so in its basis (``"coref:he+event:condemn"``).
    ``depth`` is the cue's depth in the parse (0 = the root): of two readings of
    one pair in one sentence the higher one speaks for the sentence.
    ``asserted`` is False for a reading the text negates, denies, refuses or
    puts under a condition; ``modality`` then says which (:data:`MODALITIES`).
    """

    sent: int
    token: int
    clause: int
    source: Mention
    target: Mention
    polarity: Polarity
    kind: str
    intensity: float
    cue: str
    sentence: str
    mechanism: str
    basis: str
    confidence: Confidence = "explicit"
    depth: int = 0
    asserted: bool = True
    modality: str = "asserted"

    def rank(self) -> tuple[int, int, int, float]:
        """Sort key: the best supported reading first (the more direct
        confidence, then a reading of the act over an evaluation of it, then
        the cue higher in the parse, then the stronger cue)."""
        return (
            CONFIDENCES.index(self.confidence),
            self.mechanism in _SECONDARY,
            self.depth,
            -abs(self.intensity),
        )


def clause_of(tok: Token) -> Token:
    """The head of the clause holding ``tok``: the nearest ancestor (or ``tok``)
    that starts a clause of its own."""
    while tok.dep_ not in _CLAUSE_DEPS and tok.head is not tok:
        tok = tok.head
    return tok


def arbitrate(claims: Iterable[Claim]) -> list[Relation]:
    """Decide the relations of one document from all its candidate claims.

    1. A reading the text does not assert (negated, denied, refused, conditional,
       obligatory) makes no tie, and it vetoes every other reading of the same
       pair in the same clause: "X did not praise Y, calling him a friend" rests
       on a negated statement, whatever else a mechanism read in it (a threat
       is the conditional statement itself: a condition does not veto it).
    2. One relation per (sentence, source, target), so conflicting readings
       of a clause (both polarities) keep the best supported:
       :meth:`Claim.rank` (the more direct confidence, an act over an
       evaluation, the cue higher in the parse, the stronger cue).

    Parameters
    ----------
    claims : iterable of Claim
        Every mechanism's claims for one document.

    Returns
    -------
    list of Relation
        In sentence order, each with the winning claim's ``confidence`` and
        ``basis``.
    """
    claims = list(claims)
    vetoed = {
        (c.sent, c.clause, c.source.key, c.target.key): c.modality
        for c in claims
        if not c.asserted
    }
    best: dict[tuple[int, str, str], Claim] = {}
    for c in claims:
        if not c.asserted or c.source.key == c.target.key or c.source is c.target:
            continue
        veto = vetoed.get((c.sent, c.clause, c.source.key, c.target.key))
        if veto is not None and not (
            c.mechanism in _PROMISES and veto == "conditional"
        ):
            continue
        slot = (c.sent, c.source.key, c.target.key)
        if slot not in best or c.rank() < best[slot].rank():
            best[slot] = c
    ordered = sorted(best.values(), key=lambda c: (c.sent, c.rank()))
    return [_relation(c) for c in ordered]


def _relation(c: Claim) -> Relation:
    intensity = abs(c.intensity) if c.polarity == "support" else -abs(c.intensity)
    return Relation(
        c.source.doc,
        c.sent,
        c.source.key,
        c.target.key,
        c.polarity,
        c.kind,
        intensity,
        c.cue,
        c.sentence,
        c.confidence,
        c.basis,
    )
