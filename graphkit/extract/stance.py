"""Stance extraction: signed, directed relations between mentioned actors."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from spacy.tokens import Doc, Token

from graphkit.errors import LexiconError
from graphkit.lexicons import load_lexicon
from graphkit.records import Mention, Relation

__all__ = ["Cue", "Cues", "load_cues", "relations"]

CUES_FILE = "cues.jsonl"
_REQUIRED = ("lemma", "pos", "polarity", "kind", "intensity")
_POS = frozenset({"VERB", "NOUN", "ADJ"})
_POLARITIES = frozenset({"support", "oppose"})

# Closed-class English words the rules are built from (no actor names).
_SUBJECTS = frozenset({"nsubj", "csubj"})
_OBJECTS = frozenset({"dobj", "dative", "oprd"})
_MODIFIERS = frozenset({"poss", "compound", "amod", "nmod", "npadvmod"})
_VERB_PREPS = frozenset(
    {"at", "on", "against", "with", "to", "toward", "towards", "into", "upon", "from"}
)
_OBJECT_PREPS = frozenset({"at", "on", "against", "with"})
_NOUN_PREPS = _VERB_PREPS - {"from"} | {"of", "for", "over", "between", "among"}
_SOURCE_PREPS = frozenset({"by", "from"})
_GOVERNING = frozenset({"xcomp", "ccomp", "acomp", "pcomp", "prep", "pobj", "advcl"})
_INHERIT = frozenset({"xcomp", "conj", "advcl", "acomp", "pcomp", "prep", "pobj"})
_DENIALS = frozenset({"deny", "refute", "disavow"})
_REVERSALS = frozenset(
    {"lift", "ease", "end", "suspend", "cancel", "halt", "stop", "cut", "reduce",
     "relax", "scrap", "drop", "revoke", "withdraw", "abandon", "call"}
)
_FLIP = {"support": "oppose", "oppose": "support"}
_REFUSALS = frozenset({"refuse", "decline", "fail", "reject"})
_CONDITIONS = frozenset({"if", "unless", "whether"})
_SPEECH = frozenset(
    {"say", "tell", "add", "announce", "state", "declare", "insist", "claim", "write",
     "tweet", "note", "stress", "argue", "believe", "think", "warn", "vow", "pledge",
     "reiterate", "repeat", "conclude", "confirm"}
)
_LIGHT = frozenset(
    {"launch", "carry", "stage", "mount", "conduct", "wage", "step", "intensify",
     "escalate", "issue", "make", "give", "provide", "offer", "impose", "take",
     "lodge", "file", "level", "express", "voice", "declare", "begin", "start",
     "continue", "resume", "lead", "order", "announce", "call", "push", "threaten",
     "vow", "pledge", "promise", "extend", "deliver", "reiterate", "renew", "hold",
     "sign", "reach", "seek", "demand", "urge", "plan", "organize", "organise",
     "join", "unleash", "orchestrate", "claim", "undertake", "establish", "restore",
     "upgrade", "strengthen", "forge", "deepen", "boost", "expand", "normalize",
     "normalise", "improve", "build", "pursue", "finalize", "finalise", "broker",
     "spearhead", "insist", "tighten", "enforce", "reimpose", "press"}
)
_CONTENT_KINDS = frozenset({"demand", "threaten"})
_ATTITUDES = frozenset({"support", "praise", "disapprove", "reject"})
_RELATIVE = frozenset({"that", "which", "who", "whom", "whose"})
_SIDE_PREFIX = re.compile(r"\b(pro|anti)-\s?(?=\w)", re.IGNORECASE)


@dataclass(frozen=True)
class Cue:
    """One stance cue: a lemma and part of speech that signal support or opposition.

    ``particle`` is the other word of a two-word cue, a dependent of the head:
    the second word of a verb cue ("call for", "open fire"), the first of a noun
    cue ("hunger strike"); ``preps`` are extra prepositions that introduce the
    target ("a curfew in X");
    ``participle`` the form used in compounds like "X-backed Y"; ``negated`` the
    polarity the cue expresses when negated ("cannot be trusted"), or None when a
    negated cue asserts nothing; ``of_source`` says that an "of" phrase on the
    noun names its agent ("the demands of protesters"), not its target;
    ``mutual`` marks symmetric cues ("agree", "clash") whose conjoined subjects
    act on each other ("Chad and Niger clashed").
    """

    lemma: str
    pos: str
    polarity: str
    kind: str
    intensity: float
    particle: str = ""
    participle: str = ""
    negated: str | None = None
    of_source: bool = False
    mutual: bool = False
    preps: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Cues:
    """The stance cue lexicon, indexed by head lemma and part of speech.

    Examples
    --------
    >>> cues = load_cues()
    >>> cues.get("condemn", "VERB").polarity
    'oppose'
    >>> cues.get("condemn", "NOUN") is None
    True
    """

    by_head: Mapping[tuple[str, str], tuple[Cue, ...]]
    by_participle: Mapping[str, Cue]
    compound: re.Pattern | None

    def get(self, lemma: str, pos: str, words: Iterable[str] = ()) -> Cue | None:
        """Return the cue for ``lemma``/``pos``, preferring a two-word cue whose
        second word is among ``words`` (the head's dependents)."""
        entries = self.by_head.get((lemma.lower(), pos), ())
        present = set(words)
        for cue in entries:
            if not cue.particle or cue.particle in present:
                return cue
        return None

    def __len__(self) -> int:
        return sum(len(v) for v in self.by_head.values())


def load_cues(extra: Iterable[str | Path] = ()) -> Cues:
    """Load the packaged cue lexicon plus user ``extra`` files (later entries win).

    Parameters
    ----------
    extra : iterable of paths
        JSONL files with the same keys as ``graphkit/data/cues.jsonl``.

    Returns
    -------
    Cues

    Raises
    ------
    LexiconError
        If a file is unreadable or an entry has a bad pos, polarity or intensity.

    Examples
    --------
    >>> cues = load_cues()
    >>> cues.get("back", "VERB").kind, len(cues) > 200
    ('support', True)
    """
    entries: dict[tuple[str, str, str], Cue] = {}
    for raw in load_lexicon(CUES_FILE, extra, required=_REQUIRED):
        cue = _make_cue(raw)
        entries[(cue.lemma, cue.particle, cue.pos)] = cue
    by_head: dict[tuple[str, str], list[Cue]] = {}
    for cue in entries.values():
        by_head.setdefault((cue.lemma, cue.pos), []).append(cue)
    participles = {c.participle: c for c in entries.values() if c.participle}
    pattern = (
        re.compile(r"(?<=[\w.])-(" + "|".join(map(re.escape, sorted(participles)))
                   + r")\b", re.IGNORECASE)
        if participles else None
    )
    frozen = {k: tuple(sorted(v, key=lambda c: not c.particle)) for k, v in by_head.items()}
    return Cues(MappingProxyType(frozen), MappingProxyType(participles), pattern)


def _make_cue(raw: Mapping) -> Cue:
    pos, polarity = str(raw["pos"]).upper(), raw["polarity"]
    words = str(raw["lemma"]).lower().split()
    if pos == "NOUN":
        words.reverse()
    head, particle = words[0] if words else "", " ".join(words[1:])
    negated = raw.get("negated")
    try:
        intensity = float(raw["intensity"])
    except (TypeError, ValueError):
        intensity = float("nan")
    if pos not in _POS or polarity not in _POLARITIES or not -10 <= intensity <= 10:
        raise LexiconError(
            f"Bad stance cue {raw!r}: pos must be VERB/NOUN/ADJ, polarity "
            f"support/oppose and intensity a number in -10..10."
        )
    if negated is not None and negated not in _POLARITIES:
        raise LexiconError(f"Bad stance cue {raw!r}: negated must be support/oppose.")
    return Cue(head, pos, polarity, str(raw["kind"]), intensity, particle,
               str(raw.get("participle", "")).lower(), negated,
               raw.get("of") == "source", bool(raw.get("mutual", False)),
               frozenset(raw.get("preps", ())))


class _Index:
    """Per-document lookups from tokens and characters to mentions."""

    def __init__(self, doc: Doc, mentions: Sequence[Mention], cues: Cues) -> None:
        self.doc, self.cues = doc, cues
        self.mentions = sorted(mentions, key=lambda m: (m.start, -m.end))
        self.at: dict[int, Mention] = {}
        for m in sorted(self.mentions, key=lambda m: m.end - m.start):
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            for tok in span or ():
                self.at[tok.i] = m
        self.quoted = _quote_verbs(doc)
        self.cue_of: dict[int, Cue] = {}
        for tok in doc:
            cue = self._lookup(tok)
            if cue is not None:
                self.cue_of[tok.i] = cue

    def _lookup(self, tok: Token) -> Cue | None:
        pos = "NOUN" if tok.pos_ == "PROPN" and tok.tag_ == "NN" else tok.pos_
        if pos not in _POS:
            return None
        words = [c.lemma_.lower() for c in tok.children]
        words += [g.lower_ for c in tok.children if c.dep_ == "dobj" for g in c.children
                  if g.dep_ == "prep"]
        return self.cues.get(tok.lemma_, pos, words)

    def covering(self, char: int) -> Mention | None:
        """The smallest mention whose span contains character ``char``."""
        found = [m for m in self.mentions if m.start <= char < m.end]
        return min(found, key=lambda m: m.end - m.start) if found else None

    def event(self, tok: Token) -> Cue | None:
        cue = self.cue_of.get(tok.i)
        return cue if cue is not None and cue.pos == "NOUN" else None


_QUOTE = re.compile(r"[“\"]([^”“\"]{8,})[”\"]")


def _quote_verbs(doc: Doc) -> dict[int, Token]:
    """Map each token inside a quotation to the speech verb that attributes it
    ("'...,' X said" or "X said: '...'"), across sentence breaks."""
    quoted: dict[int, Token] = {}
    for match in _QUOTE.finditer(doc.text):
        inside = doc.char_span(match.start(1), match.end(1), alignment_mode="contract")
        if inside is None or not len(inside):
            continue
        near = [*doc[inside.end: inside.end + 6], *reversed(doc[max(inside.start - 6, 0):
                                                                inside.start])]
        verb = next((t for t in near if t.lemma_ in _SPEECH and t.pos_ == "VERB"), None)
        if verb is not None:
            quoted.update((t.i, verb) for t in inside)
    return quoted


def relations(doc: Doc, mentions: Sequence[Mention], *, cues: Cues) -> list[Relation]:
    """Extract directed support/oppose relations between ``mentions`` of ``doc``.

    Each cue (a verb, event noun or stance adjective from ``cues``) links the
    mentions that fill its agent role (subject, "by" agent, possessor, compound
    modifier, or the speaker of a reported clause) to those in its target role
    (object, prepositional object, passive subject, the subject of a demanded
    clause). "X-backed Y" and "pro-/anti-X Y" compounds give relations too.
    Negated, denied and conditional cues assert nothing. Per sentence, one
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

    Returns
    -------
    list of Relation
        In sentence order.

    Examples
    --------
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
    ix = _Index(doc, mentions, cues)
    sents = list(doc.sents)
    sent_of = {s.start: i for i, s in enumerate(sents)}
    best: dict[tuple[int, str, str], tuple[tuple[int, float], Relation]] = {}
    doc_id = mentions[0].doc if mentions else ""
    for tok, cue, sources, targets, polarity in _candidates(ix):
        sent = sent_of[tok.sent.start]
        rank = (_depth(tok), -abs(cue.intensity))
        for src in sources:
            for tgt in targets:
                if src.key == tgt.key or src is tgt:
                    continue
                rel = Relation(doc_id, sent, src.key, tgt.key, polarity, cue.kind,
                               _signed(cue.intensity, polarity), tok.text,
                               tok.sent.text.strip())
                slot = (sent, src.key, tgt.key)
                if slot not in best or rank < best[slot][0]:
                    best[slot] = (rank, rel)
    return [rel for _, rel in sorted(best.values(), key=lambda x: (x[1].sent, x[0]))]


def _signed(intensity: float, polarity: str) -> float:
    return abs(intensity) if polarity == "support" else -abs(intensity)


def _depth(tok: Token) -> int:
    return sum(1 for _ in tok.ancestors)


Candidate = tuple[Token, Cue, list[Mention], list[Mention], str]


def _candidates(ix: _Index) -> Iterator[Candidate]:
    for i, cue in ix.cue_of.items():
        tok = ix.doc[i]
        polarity = _polarity(tok, cue)
        if polarity is None:
            continue
        if cue.pos == "VERB" and _carries_event(tok, ix):
            continue
        if cue.pos == "VERB":
            sources, targets = _verb_sources(tok, ix, cue), _verb_targets(tok, ix, cue)
        elif cue.pos == "NOUN":
            sources, targets = _noun_sources(tok, ix), _noun_targets(tok, ix, cue)
        else:
            sources, targets = _verb_sources(tok, ix, cue), _adj_targets(tok, ix)
        if sources and not targets and cue.pos == "VERB" and not cue.mutual:
            targets = _clause_targets(tok, ix, sources)
        if sources and targets:
            yield tok, cue, sources, targets, polarity
            if cue.mutual and polarity == cue.polarity:  # "X met Y": Y met X too
                yield tok, cue, targets, sources, polarity
        elif cue.mutual and not _has_target_phrase(tok):
            yield from _mutual(tok, cue, sources or _between(tok, ix), polarity)
    yield from _compounds(ix)
    yield from _obligations(ix)


def _obligations(ix: _Index) -> Iterator[Candidate]:
    """ "X said Y must leave": the speaker makes a demand of Y."""
    for tok in ix.doc:
        if tok.lower_ != "must" or tok.dep_ != "aux":
            continue
        verb = tok.head
        if verb.dep_ != "ccomp" or verb.head.lemma_ not in _SPEECH:
            continue
        if any(c.dep_ == "neg" for c in verb.children):
            continue
        sources = _speaker(verb, ix)
        targets = [m for c in verb.children if c.dep_ in _SUBJECTS
                   for m in _actors(c, ix)]
        if sources and targets:
            yield verb, _MUST, sources, targets, _MUST.polarity


def _clause_targets(verb: Token, ix: _Index, sources: list[Mention]) -> list[Mention]:
    """Fallback: the one other actor inside the cue's own clause, if only one."""
    found = []
    for tok in _own_clause(verb):
        mention = ix.at.get(tok.i)
        if mention is not None and mention not in sources and mention not in found:
            found.append(mention)
    return found if len(found) == 1 else []


_PHRASAL = frozenset(
    {"dobj", "dative", "prep", "pobj", "compound", "amod", "poss", "nmod", "conj",
     "appos", "npadvmod", "attr", "oprd", "pcomp"}
)


def _own_clause(tok: Token) -> Iterator[Token]:
    """Tokens reached from ``tok`` through phrase-internal dependencies only."""
    for child in tok.children:
        if child.dep_ in _PHRASAL and child.pos_ not in ("VERB", "AUX"):
            yield child
            yield from _own_clause(child)


def _carries_event(verb: Token, ix: _Index) -> bool:
    """A light verb ("gave a warning") leaves the stance to its event object."""
    return verb.lemma_ in _LIGHT and any(
        c.dep_ == "dobj" and ix.event(c) is not None for c in verb.children
    )


def _has_target_phrase(tok: Token) -> bool:
    """Whether the cue has an object or target phrase, actor or not: "X and Y
    fought" is mutual, "X and Y fought against IS" is not."""
    holder = _light_governor(tok) if tok.pos_ == "NOUN" else None
    return any(
        c.dep_ in _OBJECTS or (c.dep_ == "prep" and c.lower_ in _VERB_PREPS)
        for t in (tok, holder) if t is not None for c in t.children
    )


def _mutual(tok: Token, cue: Cue, parties: list[Mention],
            polarity: str) -> Iterator[Candidate]:
    """Symmetric cues: every party acts on every other ("X and Y clashed")."""
    for party in parties:
        others = [m for m in parties if m is not party]
        if others:
            yield tok, cue, [party], others, polarity


def _between(noun: Token, ix: _Index) -> list[Mention]:
    """The parties of "talks between X and Y" / "clashes among X, Y and Z"."""
    return _unique(m for p in _pobjs(noun, frozenset({"between", "among"}))
                   for m in _actors(p, ix))


def _polarity(tok: Token, cue: Cue) -> str | None:
    """The cue's polarity in context, or None if negated, denied or conditional.

    An event noun that is the object of a reversal verb flips: "lifted the
    curfew" is a concession, "suspended aid" a sanction.
    """
    if cue.pos == "NOUN" and _reversal(tok) is not None:
        return _FLIP[cue.polarity]
    if cue.pos == "NOUN":  # "did not sign the deal", "refused to lift the ban"
        tok = _governing_verb(tok) or tok
    if any(c.dep_ == "neg" for c in tok.children) or _or_negated(tok):
        return cue.negated
    for gov, child in _governors(tok):
        dep = child.dep_
        if dep == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in _CONDITIONS for c in child.children
        ):
            return None
        if gov.lemma_ in _DENIALS or (gov.dep_ == "prep" and gov.lower_ == "without"):
            return None
        if dep in ("xcomp", "ccomp") and any(c.dep_ == "neg" for c in gov.children):
            return cue.negated
        if dep == "xcomp" and gov.lemma_ in _REFUSALS:
            return cue.negated
    if any(c.dep_ == "mark" and c.lower_ in _CONDITIONS for c in tok.children):
        return None
    return cue.polarity


def _or_negated(tok: Token) -> bool:
    """A conjunct joined by "or"/"nor" shares its head's negation."""
    if tok.dep_ != "conj":
        return False
    head = tok.head
    joined = any(c.dep_ == "cc" and c.lower_ in ("or", "nor") for c in head.children)
    return joined and any(c.dep_ == "neg" for c in head.children)


def _governors(tok: Token) -> Iterator[tuple[Token, Token]]:
    """Walk up through complement and adjunct clauses: (governor, its child)."""
    while tok.dep_ in _GOVERNING and tok.head is not tok:
        yield tok.head, tok
        tok = tok.head


def _actors(tok: Token, ix: _Index, *, top: bool = True) -> list[Mention]:
    """Mentions a noun phrase headed by ``tok`` stands for (with conjuncts)."""
    heads = [tok, *tok.conjuncts] if top else [tok]
    found: list[Mention] = []
    for head in heads:
        mention = ix.at.get(head.i)
        if mention is not None:
            found.append(mention)
        elif ix.event(head) is None and (head.pos_ in ("NOUN", "PROPN")
                                         or head.dep_ in ("dobj", "pobj")):
            found.extend(_owners(head, ix) or _appositions(head, ix)
                         or (_of_actors(head, ix, ("of", "from")) if top else []))
    return _unique(found)


def _appositions(noun: Token, ix: _Index) -> list[Mention]:
    """ "a member of parliament, Ali Musa, ..." stands for Ali Musa."""
    return [ix.at[c.i] for c in noun.children if c.dep_ == "appos" and c.i in ix.at]


def _owners(noun: Token, ix: _Index, *, event: bool = False) -> list[Mention]:
    """Actors that own a non-actor noun: "U.S. bases", "Haiti's efforts"."""
    found = []
    for child in noun.children:
        if event and child.dep_ == "amod" and child.tag_ == "VBN":
            # "the Saudi-led offensive": the leader owns the event
            found.extend(ix.at[c.i] for c in child.children
                         if c.dep_ in _MODIFIERS and c.i in ix.at)
        if child.dep_ == "compound" and child.i not in ix.at:
            # "US Predator attacks", "a Security Council resolution"
            found.extend(ix.at[c.i] for c in child.children
                         if c.dep_ == "compound" and c.i in ix.at)
        if child.dep_ not in _MODIFIERS or child.i not in ix.at:
            continue
        if not event and ix.cues.compound and ix.cues.compound.search(child.text):
            continue
        found.extend(ix.at[c.i] for c in (child, *child.conjuncts) if c.i in ix.at)
    return found


def _unique(mentions: Iterable[Mention]) -> list[Mention]:
    seen: dict[tuple[int, int], Mention] = {}
    for m in mentions:
        seen.setdefault((m.start, m.end), m)
    return list(seen.values())


def _object_actors(tok: Token, ix: _Index) -> list[Mention]:
    """Targets reached through an object: an actor, an owner, or an event's agent."""
    found = []
    for head in [tok, *tok.conjuncts]:
        direct = _actors(head, ix, top=False)
        if direct:
            found.extend(direct)
        elif ix.event(head) is not None:
            found.extend(_noun_agents(head, ix))
        else:
            found.extend(_of_actors(head, ix))
            found.extend(m for p in _pobjs(head, _SOURCE_PREPS)
                         for m in _actors(p, ix))
    return _unique(found)


def _of_actors(noun: Token, ix: _Index, preps: tuple[str, ...] = ("of",)) -> list[Mention]:
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ in preps:
            return [m for p in prep.children if p.dep_ == "pobj"
                    for m in _actors(p, ix, top=False)]
    return []


def _pobjs(tok: Token, preps: frozenset[str]) -> Iterator[Token]:
    for prep in tok.children:
        if prep.dep_ in ("prep", "agent", "dative") and prep.lower_ in preps:
            yield from (p for p in prep.children if p.dep_ == "pobj")


def _is_passive(verb: Token) -> bool:
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return True
    return verb.dep_ == "acl" and verb.tag_ == "VBN"


def _verb_sources(verb: Token, ix: _Index, cue: Cue, hops: int = 0) -> list[Mention]:
    if _is_stative(verb):
        return [m for c in verb.children if c.dep_ == "nsubjpass" for m in _actors(c, ix)]
    if _is_passive(verb) and verb.pos_ == "VERB":
        found = _passive_agents(verb, ix)
        if not found and cue.kind in _ATTITUDES:
            found = _speaker(verb, ix)
        return found
    subject = next((c for c in verb.children if c.dep_ in _SUBJECTS), None)
    if subject is not None:
        return _subject_actors(subject, verb, ix)
    if hops > 4 or verb.head is verb:
        return []
    dep, head = verb.dep_, verb.head
    if dep == "relcl" or (dep == "acl" and verb.tag_ == "VBG"):
        found = _actors(head, ix)
        holder = _governing_verb(head) if not found else None
        # "issued a statement demanding ...": the statement's author demands
        return found or (_verb_sources(holder, ix, cue, hops + 1) if holder else [])
    if dep == "xcomp":
        controller = next((c for c in head.children if c.dep_ == "dobj"), None)
        if controller is not None and _actors(controller, ix):
            return _actors(controller, ix)
    if dep in _INHERIT:
        return _verb_sources(head, ix, cue, hops + 1)
    return []


def _is_stative(verb: Token) -> bool:
    """ "X is opposed to Y", "X is allied with Y": a passive form with no agent
    whose prepositional object is the target."""
    return _is_passive(verb) and verb.dep_ != "acl" and not any(
        c.dep_ == "agent" for c in verb.children
    ) and any(c.dep_ == "prep" and c.lower_ in ("to", "with", "against")
              for c in verb.children)


def _subject_actors(subject: Token, verb: Token, ix: _Index,
                    hops: int = 0) -> list[Mention]:
    if subject.pos_ in ("VERB", "AUX") and subject.i not in ix.at:
        # "The Red Cross operating in Iraq said ...": the clause's own subject
        inner = next((c for c in subject.children if c.dep_ in _SUBJECTS), None)
        return _actors(inner, ix) if inner is not None else []
    if subject.lower_ in _RELATIVE and verb.dep_ == "relcl":
        return _actors(verb.head, ix)
    if subject.pos_ == "PRON" and subject.i not in ix.at:
        return _speaker(verb, ix, hops)
    found = _actors(subject, ix)
    if not found and ix.event(subject) is not None:
        found = _noun_agents(subject, ix)
    return found


def _passive_agents(verb: Token, ix: _Index) -> list[Mention]:
    found = []
    for pobj in _pobjs(verb, frozenset({"by"})):
        found.extend(_actors(pobj, ix) or _noun_agents(pobj, ix))
    for pobj in _pobjs(verb, frozenset({"in", "during"})):
        if ix.event(pobj) is not None:
            found.extend(_noun_agents(pobj, ix))
    return _unique(found)


def _speaker(tok: Token, ix: _Index, hops: int = 0) -> list[Mention]:
    """The subject of the speech verb that reports the clause holding ``tok``."""
    verb = next((gov for gov, child in _reporting_chain(tok)
                 if child.dep_ == "ccomp" and gov.lemma_ in _SPEECH), None)
    if verb is None:
        verb = next((c for c in tok.children
                     if c.dep_ in ("parataxis", "ccomp") and c.lemma_ in _SPEECH), None)
    if verb is None:
        verb = ix.quoted.get(tok.i) or _split_report(tok)
    if verb is None or hops > 2:
        return []
    subject = next((c for c in verb.children if c.dep_ in _SUBJECTS), None)
    return _subject_actors(subject, verb, ix, hops + 1) if subject is not None else []


def _reporting_chain(tok: Token) -> Iterator[tuple[Token, Token]]:
    """Like :func:`_governors`, through complement clauses only: a reported
    clause's pronoun is the speaker, one in a "because" clause need not be."""
    while tok.dep_ in ("xcomp", "ccomp", "conj") and tok.head is not tok:
        yield tok.head, tok
        tok = tok.head


def _split_report(tok: Token) -> Token | None:
    """The speech verb of the previous sentence when the parser split
    "X told them ... | that Y cannot be trusted" into two sentences."""
    root = tok.sent.root
    first = tok.sent[0]
    if first.dep_ != "mark" or first.lower_ != "that" or first.head is not root:
        return None
    if tok is not root and root not in tok.ancestors:
        return None
    before = tok.doc[tok.sent.start - 1].sent.root if tok.sent.start else None
    return before if before is not None and before.lemma_ in _SPEECH else None


def _verb_targets(verb: Token, ix: _Index, cue: Cue) -> list[Mention]:
    found: list[Mention] = []
    if _is_passive(verb) and not _is_stative(verb):
        found.extend(m for c in verb.children if c.dep_ == "nsubjpass"
                     for m in _actors(c, ix))
        if verb.dep_ == "acl":
            found.extend(_actors(verb.head, ix))
    found.extend(_complement_targets(verb, ix, cue))
    for child in verb.children:
        if cue.kind in _CONTENT_KINDS and child.dep_ in ("ccomp", "xcomp"):
            found.extend(m for c in child.children if c.dep_ in _SUBJECTS
                         for m in _actors(c, ix))
        if child.dep_ == "xcomp" and not found and _carries_over(cue, child, ix):
            found.extend(_complement_targets(child, ix, cue))
    return _unique(found)


def _raised_objects(verb: Token, ix: _Index) -> list[Mention]:
    """ "allowed X to stand", "forced X to leave": X is parsed as the subject of
    an infinitival complement but is the verb's object."""
    return [m for c in verb.children
            if c.dep_ == "ccomp" and any(a.lower_ == "to" for a in c.children)
            for s in c.children if s.dep_ in _SUBJECTS for m in _actors(s, ix)]


def _carries_over(cue: Cue, complement: Token, ix: _Index) -> bool:
    """Whether ``cue`` reaches the objects of its complement verb: not when the
    complement is a cue of its own with the other polarity ("helped kill X"),
    unless ``cue`` is a refusal ("refused to meet X")."""
    inner = ix.cue_of.get(complement.i)
    return inner is None or inner.polarity == cue.polarity or cue.kind == "reject"


def _complement_targets(verb: Token, ix: _Index, cue: Cue) -> list[Mention]:
    """Objects and prepositional objects of ``verb`` (the cue or its complement)."""
    preps = _VERB_PREPS | cue.preps | {cue.particle}
    if cue.polarity == "support":
        preps = preps | {"for"}
    object_preps = _OBJECT_PREPS | ({"to", "for"} if cue.polarity == "support" else set())
    found = [m for p in _pobjs(verb, preps) for m in _object_actors(p, ix)]
    found.extend(_raised_objects(verb, ix))
    for child in verb.children:
        if child.dep_ in _OBJECTS:
            found.extend(_object_actors(child, ix))
            found.extend(m for p in _pobjs(child, frozenset(object_preps))
                         for m in _object_actors(p, ix))
    return found


def _noun_agents(noun: Token, ix: _Index) -> list[Mention]:
    """Agents an event noun names itself: possessor, compound, "by"/"from" phrase."""
    found = _owners(noun, ix, event=True)
    found.extend(m for p in _pobjs(noun, _SOURCE_PREPS) for m in _actors(p, ix))
    cue = ix.event(noun)
    in_protest = noun.dep_ == "pobj" and noun.head.lower_ == "in"
    if cue is not None and cue.of_source and not in_protest and not found:
        found.extend(_of_actors(noun, ix))
    return _unique(found)


def _governing_verb(noun: Token) -> Token | None:
    if noun.dep_ == "compound" and noun.head.pos_ == "NOUN":
        noun = noun.head  # "a mediation effort": the effort carries the event
    head = noun.head
    if noun.dep_ == "pobj" and head.dep_ == "prep":
        head = head.head
    elif noun.dep_ not in ("dobj", "nsubjpass"):
        return None
    return head if head.pos_ == "VERB" else None


def _light_governor(noun: Token) -> Token | None:
    """The verb an event noun is the object of, if it only carries the event."""
    verb = _governing_verb(noun)
    if verb is not None and (verb.lemma_ in _LIGHT or verb.lemma_ in _REVERSALS):
        return verb
    return None


def _reversal(noun: Token) -> Token | None:
    """The verb that ends or suspends the event ``noun`` names, if any."""
    verb = _governing_verb(noun)
    if verb is None or verb.lemma_ not in _REVERSALS:
        return None
    if noun.dep_ != "dobj" and not (verb.lemma_ == "withdraw" and noun.head.lower_ == "from"):
        return None
    if verb.lemma_ == "call" and not any(c.lower_ == "off" for c in verb.children):
        return None
    return verb


def _noun_sources(noun: Token, ix: _Index) -> list[Mention]:
    found = _noun_agents(noun, ix)
    if found:
        return found
    light = _light_governor(noun)
    if light is None:
        return []
    return _verb_sources(light, ix, ix.cue_of.get(light.i) or ix.cue_of[noun.i])


def _noun_targets(noun: Token, ix: _Index, cue: Cue) -> list[Mention]:
    in_protest = noun.dep_ == "pobj" and noun.head.lower_ == "in"  # "in protest of X"
    of_source = cue.of_source and not in_protest
    preps = (_NOUN_PREPS - {"of"} if of_source else _NOUN_PREPS) | cue.preps
    frame = noun.head if noun.dep_ == "compound" and noun.head.pos_ == "NOUN" else noun
    found = [m for p in _pobjs(frame, preps) for m in _object_actors(p, ix)]
    if frame is not noun:
        found.extend(m for p in _pobjs(noun, preps) for m in _object_actors(p, ix))
    if cue.kind in _CONTENT_KINDS:
        found.extend(m for c in frame.children if c.dep_ in ("acl", "ccomp")
                     for s in c.children if s.dep_ in _SUBJECTS
                     for m in _actors(s, ix))
    light = _light_governor(noun)
    if light is not None:
        found.extend(m for p in _pobjs(light, _VERB_PREPS | cue.preps)
                     for m in _object_actors(p, ix))
        found.extend(m for c in light.children if c.dep_ == "dative"
                     for m in _actors(c, ix))
    return _unique(found)


def _adj_targets(adj: Token, ix: _Index) -> list[Mention]:
    preps = frozenset({"to", "toward", "towards", "of", "with"})
    return _unique(m for p in _pobjs(adj, preps) for m in _object_actors(p, ix))


_MUST = Cue("must", "VERB", "oppose", "demand", -3.0)
_PRO = Cue("pro", "ADJ", "support", "support", 4.0)
_ANTI = Cue("anti", "ADJ", "oppose", "reject", -4.0)


def _compounds(ix: _Index) -> Iterator[Candidate]:
    """Relations from "X-backed Y" and "pro-X Y" / "anti-X Y" compounds."""
    text = ix.doc.text
    if ix.cues.compound is not None:
        for match in ix.cues.compound.finditer(text):
            yield from _compound(ix, match.start() - 1, match.start(1), match.group(1))
    for match in _SIDE_PREFIX.finditer(text):
        yield from _side(ix, match)


def _modified_noun(tok: Token) -> Token:
    while tok.dep_ in ("amod", "compound", "npadvmod", "punct", "advmod", "nmod") \
            and tok.head is not tok:
        tok = tok.head
    return tok


def _compound(ix: _Index, left: int, right: int, word: str) -> Iterator[Candidate]:
    source = ix.covering(left)
    tok = _token_at(ix.doc, right)
    cue = ix.cues.by_participle.get(word.lower())
    if source is None or tok is None or cue is None:
        return
    noun = _modified_noun(tok)
    targets = [m for m in _actors(noun, ix, top=False) + _described(noun, ix)
               if m is not source]
    if targets:
        yield tok, cue, [source], targets, cue.polarity


def _described(noun: Token, ix: _Index) -> list[Mention]:
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


def _side(ix: _Index, match: re.Match) -> Iterator[Candidate]:
    target = ix.covering(match.end())
    tok = _token_at(ix.doc, match.start())
    if target is None or tok is None:
        return
    noun = _modified_noun(tok)
    sources = [m for m in _actors(noun, ix, top=False) if m is not target]
    cue = _PRO if match.group(1).lower() == "pro" else _ANTI
    if sources:
        yield tok, cue, sources, [target], cue.polarity


def _token_at(doc: Doc, char: int) -> Token | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None
