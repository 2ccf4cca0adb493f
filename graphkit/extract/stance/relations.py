"""Stance extraction: signed, directed relations between mentioned actors."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from graphkit.extract.columns import Columns
from graphkit.extract.stance.anaphora import antecedents
from graphkit.extract.stance.arbiter import Claim, arbitrate, clause_of
from graphkit.extract.stance.clauses import (
    Candidate,
    assertion,
    attributed,
    cue_candidates,
    entitlements,
    speaker,
    verb_sources,
)
from graphkit.extract.stance.cues import Cue, Cues, load_cues
from graphkit.extract.stance.evaluative import evaluations
from graphkit.extract.stance.phrases import (
    SUBJECTS,
    Index,
    actors,
    pobjs,
    token_at,
)
from graphkit.extract.stance.threats import threats
from graphkit.records import Mention, Relation

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["GENERATORS", "Cue", "Cues", "Generator", "claims", "load_cues", "relations"]

# A candidate generator reads one document (its Index) and proposes candidates;
# the arbiter decides which become relations.
Generator = Callable[[Index], Iterable[Candidate]]

# "called on Y to ...": the preposition that names whom an appeal addresses
_ADDRESSEE = frozenset({"on", "upon"})
_SIDE_PREFIX = re.compile(r"\b(pro|anti)-\s?(?=\w)", re.IGNORECASE)


def relations(
    doc: Doc,
    mentions: Sequence[Mention],
    *,
    cues: Cues,
    columns: Columns | None = None,
) -> list[Relation]:
    """Extract directed support/oppose relations between ``mentions`` of ``doc``.

    Each cue (a verb, event noun or stance adjective from ``cues``) links the
    mentions that fill its agent role (subject, "by" agent, possessor, compound
    modifier, or the speaker of a reported clause) to those in its target role
    (object, prepositional object, passive subject, the subject of a demanded
    clause). "X-backed Y" and "pro-/anti-X Y" compounds give relations too, and
    so do threats ("X threatened to strike unless Y ...", "Y will meet the same
    fate", X warned). Whoever urges or demands an act takes its stance ("X
    urged Y to condemn Z" is X -> Z, not Y -> Z). Negated, denied, conditional
    and obligatory ("Y must ...") cues assert nothing. Evaluative statements
    give relations too (praise and blame a speaker aims at an actor, see
    :mod:`graphkit.extract.stance.evaluative`; ``basis`` ``"evaluative:<word>"``),
    where no event cue links the pair. Per sentence, one
    relation is kept for each (source, target) pair: the one whose cue is highest
    in the parse. The ``Doc`` is not modified.

    Parameters
    ----------
    doc : Doc
        A parsed document (needs a dependency parse and lemmas).
    mentions : sequence of Mention
        The actor mentions of ``doc``; relations only ever link these (by ``key``).
    cues : Cues
        The lexicon from :func:`load_cues`.
    columns : Columns, optional
        ``doc``'s token columns, if already read.

    Returns
    -------
    list of Relation
        In sentence order.

    Examples
    --------
    >>> from spacy.tokens import Doc
    >>> from spacy.vocab import Vocab
    >>> words = ["Chad", "condemned", "Niger", "."]
    >>> doc = Doc(Vocab(), words=words, spaces=[True, True, False, False],
    ...           heads=[1, 1, 1, 1], deps=["nsubj", "ROOT", "dobj", "punct"],
    ...           pos=["PROPN", "VERB", "PROPN", "PUNCT"],
    ...           lemmas=["Chad", "condemn", "Niger", "."])
    >>> chad = Mention("d", 0, 0, 0, 4, "Chad", "GPE", "Chad", "state")
    >>> niger = Mention("d", 0, 0, 15, 20, "Niger", "GPE", "Niger", "state")
    >>> [(r.source, r.target, r.polarity, r.cue)
    ...  for r in relations(doc, [chad, niger], cues=load_cues())]
    [('Chad', 'Niger', 'oppose', 'condemned')]
    """
    if not mentions:
        return []
    return arbitrate(claims(Index(doc, mentions, cues, columns)))


def claims(ix: Index, generators: Sequence[Generator] | None = None) -> list[Claim]:
    """Every candidate tie of the document, as claims for the arbiter: one per
    (source, target) pair of each candidate that :data:`GENERATORS` propose."""
    sents = ix.columns.sents
    starts = [s.start for s in sents]
    texts: dict[int, str] = {}  # sentence -> its text, read once
    found = []
    for generate in GENERATORS if generators is None else generators:
        for cand in generate(ix):
            tok = cand.token
            sent = bisect_right(starts, tok.i) - 1
            if sent not in texts:
                texts[sent] = sents[sent].text.strip()
            parts = (cand.cue.lemma, cand.cue.particle)
            if cand.cue.pos == "NOUN":  # "hunger strike", "at odds": particle first
                parts = parts[::-1]
            word = cand.word or " ".join(filter(None, parts))
            for src in cand.sources:
                for tgt in cand.targets:
                    found.append(
                        Claim(
                            sent,
                            tok.i,
                            clause_of(tok).i,
                            src,
                            tgt,
                            cand.polarity,  # type: ignore[arg-type]
                            cand.cue.kind,
                            cand.cue.intensity,
                            tok.text,
                            texts[sent],
                            cand.mechanism,
                            f"{cand.mechanism}:{word}",
                            cand.confidence,  # type: ignore[arg-type]
                            _depth(tok),
                            cand.modality == "asserted",
                            cand.modality,
                        )
                    )
    return found


def _depth(tok: Token) -> int:
    return sum(1 for _ in tok.ancestors)


def _obligations(ix: Index) -> Iterator[Candidate]:
    """ "X said Y must leave": the speaker makes a demand of Y."""
    must, cols = ix.cues.rule("obligation"), ix.columns
    for i, lower in enumerate(cols.lower):
        if lower != must.lemma or cols.dep[i] != "aux":
            continue
        verb = ix.doc[i].head
        if verb.dep_ != "ccomp" or verb.head.lemma_ not in ix.cues.frame("speech"):
            continue
        if any(c.dep_ == "neg" for c in verb.children) or not _demands_act(verb, ix):
            continue
        sources = speaker(verb, ix)
        targets = [
            m for c in verb.children if c.dep_ in SUBJECTS for m in actors(c, ix)
        ]
        if sources and targets:
            yield Candidate(verb, must, sources, targets, must.polarity, "demand")


def _departures(ix: Index) -> Iterator[Candidate]:
    """ "X asked Y to resign", "X told Y to leave": whoever urges an actor to
    leave their post or a place opposes them."""
    directives = ix.cues.frame("appeal") | ix.cues.frame("speech")
    for i, dep in enumerate(ix.columns.dep):
        word = _departure(ix.doc[i], ix) if dep == "xcomp" else None
        if word is None:
            continue
        appeal = ix.doc[i].head
        if appeal.lemma_ not in directives:
            continue
        addressed = [c for c in appeal.children if c.dep_ in ("dobj", "dative")]
        addressed += pobjs(appeal, _ADDRESSEE)  # "called on Y to step down"
        targets = [m for c in addressed for m in actors(c, ix)]
        cue = ix.cues.rule("departure")
        polarity, modality = assertion(appeal, cue, ix)
        sources = [m for m in verb_sources(appeal, ix, cue) if m not in targets]
        if sources and targets:
            reading = (appeal, cue, sources, targets, polarity or cue.polarity)
            for cand in attributed(reading, modality, ix):
                mechanism = "demand" if cand.mechanism == "event" else cand.mechanism
                yield cand._replace(mechanism=mechanism, word=cand.word or word)


def _departure(verb: Token, ix: Index) -> str | None:
    """The departure a verb names ("resign", "step down", "leave"), if any."""
    phrasal = [f"{verb.lemma_} {c.lower_}" for c in verb.children if c.dep_ == "prt"]
    departures = ix.cues.frame("departure")
    return next((w for w in (*phrasal, verb.lemma_) if w in departures), None)


def _demands_act(verb: Token, ix: Index) -> bool:
    """Whether "Y must <verb>" asks Y to do something to someone or something
    ("must hand over the suspects", "must withdraw from X"), not only to go or
    to be ("Britain must leave by May with or without a deal", "Iraq must
    govern itself")."""
    return any(
        (c.dep_ == "dobj" and not c.lower_.endswith(("self", "selves")))
        or (c.dep_ in ("prep", "dative") and c.lower_ in ("to", "from", "on"))
        or (c.dep_ == "prep" and c.lower_ == "with" and _with_actor(c, ix))
        or c.dep_ in ("xcomp", "acomp")
        for c in verb.children
    )


def _with_actor(prep: Token, ix: Index) -> bool:
    """ "must cooperate with X", not "must leave with or without a deal"."""
    return any(actors(p, ix) for p in prep.children if p.dep_ == "pobj")


def _compounds(ix: Index) -> Iterator[Candidate]:
    """Relations from "X-backed Y" and "pro-X Y" / "anti-X Y" compounds."""
    text = ix.text
    if ix.cues.compound is not None:
        for match in ix.cues.compound.finditer(text):
            yield from _compound(ix, match.start() - 1, match.start(1), match.group(1))
    for match in _SIDE_PREFIX.finditer(text):
        yield from _side(ix, match)


def _modified_noun(tok: Token) -> Token:
    """The noun a (possibly hyphenated, multi-token) modifier belongs to."""
    while (
        tok.dep_ in ("amod", "compound", "npadvmod", "punct", "advmod", "nmod")
        and tok.head is not tok
    ):
        tok = tok.head
    return tok


def _compound(ix: Index, left: int, right: int, word: str) -> Iterator[Candidate]:
    """ "X-backed Y": the mention ending at ``left`` backs the noun at ``right``."""
    source = ix.covering(left)
    tok = token_at(ix.doc, right)
    cue = ix.cues.by_participle.get(word.lower())
    if source is None or tok is None or cue is None:
        return
    noun = _modified_noun(tok)
    targets = [
        m for m in actors(noun, ix, top=False) + _described(noun, ix) if m is not source
    ]
    if targets:
        yield Candidate(tok, cue, [source], targets, cue.polarity, "compound")


def _described(noun: Token, ix: Index) -> list[Mention]:
    """The actor an appositive describes as made of ``noun``: "the Front, an
    alliance of Sudan-backed militias" also makes the Front Sudan-backed."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ != "of":
        return []
    head = prep.head
    while head.dep_ in ("acl", "compound", "amod") and head.head is not head:
        head = head.head  # "an umbrella grouping of": grouping is parsed as acl
    described = head.head
    return [ix.at[described.i]] if head.dep_ == "appos" and described.i in ix.at else []


def _side(ix: Index, match: re.Match) -> Iterator[Candidate]:
    """ "pro-X Y" / "anti-X Y": Y supports or opposes X."""
    target = ix.covering(match.end())
    tok = token_at(ix.doc, match.start())
    if target is None or tok is None:
        return
    noun = _modified_noun(tok)
    sources = [m for m in actors(noun, ix, top=False) if m is not target]
    cue = ix.cues.rule(match.group(1).lower())
    if sources:
        yield Candidate(tok, cue, sources, [target], cue.polarity, "compound")


def _evaluations(ix: Index) -> Iterator[Candidate]:
    """Evaluative statements (see :mod:`graphkit.extract.stance.evaluative`)."""
    if ix.cues.valence is None:
        return
    yield from evaluations(ix, ix.cues.valence)


# Every mechanism's candidates, in the order the arbiter breaks exact ties.
GENERATORS: tuple[Generator, ...] = (
    cue_candidates,
    entitlements,
    _compounds,
    _obligations,
    _departures,
    threats,
    _evaluations,
    antecedents,
)
