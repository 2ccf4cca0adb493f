"""Clause-level stance rules: who is the agent and who the target of each cue, and
whether the sentence asserts it (negation, denial, conditions, reversal)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, NamedTuple, TypeAlias

from graphkit.extract.stance.cues import Cue
from graphkit.extract.stance.phrases import (
    SOURCE_PREPS,
    SUBJECTS,
    Index,
    actors,
    governing_verb,
    inverted,
    noun_agents,
    object_actors,
    of_actors,
    of_carrier,
    owners,
    pobjs,
    unique,
    victims,
)
from graphkit.records import Mention, Polarity

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = [
    "Candidate",
    "Reading",
    "asserted_polarity",
    "assertion",
    "attributed",
    "entitlements",
    "cue_candidates",
    "noun_sources",
    "noun_targets",
    "speaker",
    "verb_sources",
]

# Closed-class English words the rules are built from (no actor names).
_OBJECTS = frozenset({"dobj", "dative", "oprd"})
_VERB_PREPS = frozenset(
    {"at", "on", "against", "with", "to", "toward", "towards", "into", "upon", "from"}
)
# prepositions on a verb's object that name the target: "fired missiles at X",
# "sent weapons to X"
_OBJECT_PREPS = {
    "oppose": frozenset({"at", "on", "against", "with"}),
    "support": frozenset({"to", "for"}),
}
_NOUN_PREPS = _VERB_PREPS - {"from"} | {"of", "for", "over", "between", "among"}
_GOVERNING = frozenset({"xcomp", "ccomp", "acomp", "pcomp", "prep", "pobj", "advcl"})
_INHERIT = frozenset({"xcomp", "conj", "advcl", "acomp", "pcomp", "prep", "pobj"})
_FLIP: dict[str, Polarity] = {"support": "oppose", "oppose": "support"}
_LOCATIVE = frozenset({"in", "inside"})
# verbs a state noun's phrase completes: "X and Y are at odds", "X is at war with Y"
_COPULAS = frozenset({"be", "remain", "stay"})
# prepositions of place and medium ("a message on Twitter", "troops in Syria")
_WHERE = frozenset({"in", "inside", "on", "at", "via", "across"})
_AGAINST = frozenset({"against"})
_RELATIVE = frozenset({"that", "which", "who", "whom", "whose"})
# "accused Y of arming Z", "thanked Y for helping Z": the object does the act
_CONTROL_PREPS = frozenset({"of", "for", "over", "with"})
# clause links through which a report governs what it reports
_REPORTED = frozenset({"ccomp", "xcomp", "conj", "pcomp", "prep", "pobj"})
# Hop limits: how far the rules climb the parse. An agent is sought through at
# most this many governing clauses ("X said it would continue to urge Y to
# strike" climbs said <- continue <- urge <- strike); deeper chains in news are
# parser errors more often than reported acts.
MAX_AGENT_HOPS = 4
# A pronoun subject is resolved to the speaker of its reporting clause through at
# most this many nested reports ("X said he told them he would ...").
MAX_SPEAKER_HOPS = 2
# An event noun "in" another ("a strike in protest of X") passes its agent through
# at most this many such phrases.
MAX_EVENT_HOPS = 2


# What a rule reads at one cue before its modality and mechanism are known:
# (cue token, cue, sources, targets, polarity in context).
Reading: TypeAlias = "tuple[Token, Cue, list[Mention], list[Mention], str]"


class Candidate(NamedTuple):
    """What a rule read at one cue: ``sources`` act on ``targets`` with
    ``polarity`` (in context). ``mechanism`` names the rule family and ``word``
    what it read (the basis of the tie is ``"mechanism:word"``, the cue's lemma
    when ``word`` is empty); ``confidence`` how directly the text states it;
    ``modality`` is ``"asserted"`` or why the text does not assert it (see
    :data:`graphkit.extract.stance.arbiter.MODALITIES`)."""

    token: Token
    cue: Cue
    sources: list[Mention]
    targets: list[Mention]
    polarity: str
    mechanism: str = "event"
    confidence: str = "explicit"
    word: str = ""
    modality: str = "asserted"


def cue_candidates(ix: Index) -> Iterator[Candidate]:
    """Sources and targets of every cue of the document; the readings the text
    does not assert carry their modality."""
    for i, cue in ix.cue_of.items():
        tok = ix.doc[i]
        if cue.undergone:  # foretold harms: see threats
            continue
        if cue.neutral and _reversal(tok, ix) is None:
            continue  # meeting, talking, visiting is no stance; cancelling a visit is
        polarity, modality = assertion(tok, cue, ix)
        # an unasserted cue is read anyway: the arbiter vetoes its clause
        for reading in _readings(tok, cue, polarity or cue.polarity, ix):
            yield from attributed(reading, modality, ix)


def attributed(reading: Reading, modality: str, ix: Index) -> Iterator[Candidate]:
    """The candidates of one reading: the speaker's own act is as explicit as the
    report of it, a third party's act inside a report is ``reported`` ("X said Y
    attacked Z", "X accused Y of arming Z")."""
    tok, cue, sources, targets, polarity = reading
    reporter = reporting_verb(tok, ix)
    speakers = {m.key for m in verb_sources(reporter, ix, cue)} if reporter else set()
    own = [m for m in sources if reporter is None or m.key in speakers]
    if own:
        yield Candidate(tok, cue, own, targets, polarity, modality=modality)
    others = [m for m in sources if m not in own]
    if others and reporter is not None:
        yield Candidate(
            tok, cue, others, targets, polarity, "reported", "reported",
            reporter.lemma_, modality,
        )  # fmt: skip
        if modality == "asserted" and _accuses(reporter, polarity, ix):
            yield from _accusation(reporter, others, ix)


def _accuses(reporter: Token, polarity: str, ix: Index) -> bool:
    """Whether reporting an act blames its agent: any act an accusation verb
    reports ("X alleged Y had armed Z"), a hostile one a suspicion verb reports
    ("X believes Y ordered the killing"); not what one says ("X said Y attacked
    Z" reports the attack)."""
    lemma = reporter.lemma_
    return lemma in ix.cues.frame("accusation") or (
        polarity == "oppose" and lemma in ix.cues.frame("suspicion")
    )


def _accusation(
    reporter: Token, accused: list[Mention], ix: Index
) -> Iterator[Candidate]:
    """The reporter's own stance: whoever alleges an act opposes its agent."""
    blame = Cue(reporter.lemma_, "VERB", "oppose", "accuse", -3.0)
    polarity, modality = assertion(reporter, blame, ix)
    sources = verb_sources(reporter, ix, blame)
    targets = [m for m in accused if m not in sources]
    if sources and targets:
        yield Candidate(
            reporter, blame, sources, targets, polarity or "oppose", "accusation",
            word=reporter.lemma_, modality=modality,
        )  # fmt: skip


def reporting_verb(tok: Token, ix: Index) -> Token | None:
    """The speech or accusation verb that reports the clause of ``tok`` ("X said
    Y attacked Z", "X accused Y of arming Z", a quotation), if any."""
    frames = ix.cues.frame("speech") | ix.cues.frame("accusation")
    start = tok
    if tok.pos_ == "NOUN":  # "blamed Y for the attack on Z"
        tok = _governor(tok, ix) or tok
        if tok is not start and tok.lemma_ in ix.cues.frame("accusation"):
            return tok
    for _ in range(MAX_AGENT_HOPS + 1):
        if tok.dep_ not in _REPORTED or tok.head is tok:
            break
        coordinated = tok.dep_ == "conj"  # "X claimed A, but Y did B": not reported
        tok = tok.head
        if tok.lemma_ in frames and tok.pos_ == "VERB" and not coordinated:
            return tok
    return ix.quoted.get(start.i)


def _readings(tok: Token, cue: Cue, polarity: str, ix: Index) -> Iterator[Reading]:
    """Who acts on whom at one cue, with ``polarity`` its polarity in context."""
    if cue.pos == "VERB":
        sources, targets = verb_sources(tok, ix, cue), _verb_targets(tok, ix, cue)
        if cue.experiencer and not _is_stative(tok):  # "Y's move angered X"
            sources, targets = targets, sources
        addressed = _encouraged(tok, cue, ix)
        targets = [m for m in targets if m not in addressed]
    elif cue.pos == "NOUN":
        sources, targets = noun_sources(tok, ix), noun_targets(tok, ix, cue)
    else:
        sources, targets = verb_sources(tok, ix, cue), _adj_targets(tok, ix)
    if sources and not targets:
        targets = _located(tok, ix, cue)
    if sources and cue.pos == "VERB":
        yield from _inverted_objects(tok, cue, sources, polarity, ix)
        if _entitlements(tok, ix):
            return  # "waived immunity for X": see entitlements()
    if sources and cue.polarity == polarity == "support":
        opposed = [m for m in _opposed(tok, ix) if m not in sources]
        if opposed:  # "backed X against Y"
            yield tok, cue, sources, opposed, "oppose"
        if cue.pos == "VERB":
            yield from _endorsed(tok, sources, ix)
    parties = _between(tok, ix) if cue.mutual else []
    if len(parties) > 1:  # "announced a deal between X and Y": X and Y agree
        yield from _mutual(tok, cue, parties, polarity)
    elif sources and targets:
        yield tok, cue, sources, targets, polarity
        if cue.mutual and polarity == cue.polarity and _has_partner(tok, ix, cue):
            yield tok, cue, targets, sources, polarity  # "X met Y": Y met X
    elif cue.mutual and not _has_target_phrase(tok, ix) and not _opinion(tok):
        yield from _mutual(tok, cue, sources or parties, polarity)


def _encouraged(verb: Token, cue: Cue, ix: Index) -> list[Mention]:
    """Whom a supportive appeal urges to act: "encouraged Y to restrict Z" takes
    a stance through the act (X -> Z, see :func:`verb_sources`), not towards Y
    ("pressed Y to resign" still opposes Y)."""
    if cue.polarity != "support" or verb.lemma_ not in ix.cues.frame("appeal"):
        return []
    if not any(c.dep_ == "xcomp" for c in verb.children):
        return []
    return [m for c in verb.children if c.dep_ in _OBJECTS for m in actors(c, ix)]


def entitlements(ix: Index) -> Iterator[Candidate]:
    """Giving or ending what an actor holds by leave: "revoked X's visa" and
    "waived immunity for X" oppose X (any reversal verb), "granted X asylum"
    supports X (a cooperative cue)."""
    reversal, cols = ix.cues.frame("reversal"), ix.columns
    for i, pos in enumerate(cols.pos):
        if pos != "VERB":
            continue
        cue = ix.cue_of.get(i)
        ending = cols.lemma[i] in reversal
        if not (ending or (cue is not None and cue.polarity == "support")):
            continue
        verb = ix.doc[i]
        held = _entitlements(verb, ix)
        if not held:
            continue
        cue = cue or Cue(verb.lemma_, "VERB", "oppose", "sanction", -4.0)
        if ending:
            cue = replace(cue, polarity="oppose", negated=None)
        polarity, modality = assertion(verb, cue, ix)
        sources = [m for m in verb_sources(verb, ix, cue) if m not in held]
        if sources:
            reading = (verb, cue, sources, held, polarity or cue.polarity)
            yield from attributed(reading, modality, ix)


def _entitlements(verb: Token, ix: Index) -> list[Mention]:
    """Holders of the entitlements a verb gives or ends: "revoked X's visa",
    "waived immunity for X", "granted X asylum"."""
    nouns = [c for c in verb.children if c.dep_ == "dobj"]
    nouns = [n for n in nouns if n.lemma_ in ix.cues.frame("entitlement")]
    if not nouns:
        return []
    found = [m for n in nouns for m in owners(n, ix) + of_actors(n, ix, ("of", "for"))]
    found += [m for p in pobjs(verb, frozenset({"for"})) for m in actors(p, ix)]
    found += [m for c in verb.children if c.dep_ == "dative" for m in actors(c, ix)]
    return unique(found)


def _inverted_objects(
    verb: Token, cue: Cue, sources: list[Mention], polarity: str, ix: Index
) -> Iterator[Reading]:
    """A stance towards an event that favours or harms its object is a stance
    towards the object: "opposed the withdrawal of X" supports X, "demanded the
    release of X" supports X, "demanded the expulsion of X" opposes X. Desire
    verbs want the event; other judging verbs take their own polarity."""
    desire = verb.lemma_ in ix.cues.frame("desire")
    if not (desire or cue.attitude):
        return
    wants = (polarity == cue.polarity) if desire else polarity == "support"
    events = [c for c in verb.children if c.dep_ in _OBJECTS]
    events += pobjs(verb, frozenset({"for", "against", "to", "on"}))
    for event in (e for ev in events for e in (ev, *ev.conjuncts)):
        effect = inverted(event, ix)
        objects = [
            m for m in of_actors(event, ix) + owners(event, ix) if m not in sources
        ]
        if effect and objects:
            favour = (effect > 0) == wants
            yield verb, cue, sources, objects, "support" if favour else "oppose"


def _places(pobj: Token, ix: Index) -> list[Mention]:
    """The places a locative phrase names itself ("in X and Y"), not through
    another noun ("in anticipation of X")."""
    return [ix.at[t.i] for t in (pobj, *pobj.conjuncts) if t.i in ix.at]


def _appeal(verb: Token, ix: Index) -> Token | None:
    """The appeal verb that urges the act ``verb`` on someone ("urged Y to
    condemn Z", "called on Y to mobilise against Z", "demanded that Y leave
    Z"), if any."""
    appeal = verb.head
    if verb.head is verb or appeal.lemma_ not in ix.cues.frame("appeal"):
        return None
    if verb.dep_ == "ccomp":  # "demanded that Y refuse to recognise Z"
        return appeal
    if verb.dep_ != "xcomp":
        return None
    addressed = any(
        c.dep_ == "dobj" or (c.dep_ == "prep" and c.lower_ in ("on", "upon"))
        for c in appeal.children
    )
    return appeal if addressed else None


def _located(tok: Token, ix: Index, cue: Cue) -> list[Mention]:
    """A coercive or helping act with no other target acts on the state where
    it takes place: "deployed troops in X", "sent a force to a mission in X".
    (Not attacks: "an airstrike in X" need not be aimed at X.)"""
    if not cue.located or cue.target_preps is not None:
        return []
    holder = _light_governor(tok, ix) if tok.pos_ == "NOUN" else None
    near = [t for t in (tok, holder) if t is not None]
    near += [c for t in near for c in t.children if c.dep_ == "xcomp"]
    near += [p for t in near for p in pobjs(t, frozenset({"to", "for"}))]
    return unique(
        m
        for t in near
        for p in pobjs(t, _LOCATIVE)
        for m in _places(p, ix)
        if m.kind == "state"
    )


def _opposed(tok: Token, ix: Index) -> list[Mention]:
    """Whom a supportive act is aimed against: "backed X against Y"."""
    holder = _light_governor(tok, ix) if tok.pos_ == "NOUN" else None
    near = [t for t in (tok, holder) if t is not None]
    near += [c for t in near for c in t.children if c.dep_ in _OBJECTS]
    return unique(
        m for t in near for p in pobjs(t, _AGAINST) for m in object_actors(p, ix)
    )


def _endorsed(verb: Token, sources: list[Mention], ix: Index) -> Iterator[Reading]:
    """ "X backed the sanctions against Y": who endorses a hostile act opposes
    its target."""
    for obj in verb.children:
        event = ix.event(obj) if obj.dep_ == "dobj" else None
        if event is None or event.polarity != "oppose":
            continue
        targets = [m for m in noun_targets(obj, ix, event) if m not in sources]
        if targets and asserted_polarity(obj, event, ix) == "oppose":
            yield verb, event, sources, targets, "oppose"


def _opinion(tok: Token) -> bool:
    """ "X and Y agreed that vaccines work": a shared view, not a pact (which
    binds them to act: "agreed that their armies should withdraw")."""
    return any(
        c.dep_ == "ccomp"
        and not any(a.dep_ == "aux" and a.tag_ == "MD" for a in c.children)
        for c in tok.children
    )


def _has_target_phrase(tok: Token, ix: Index) -> bool:
    """Whether the cue names a counterpart ("against"/"with" phrase, indirect
    object), actor or not: "X and Y fought" is mutual, "X and Y fought against
    IS" is not."""
    holder = _light_governor(tok, ix) if tok.pos_ == "NOUN" else None
    return any(
        c.dep_ == "dative" or (c.dep_ == "prep" and c.lower_ in ("against", "with"))
        for t in (tok, holder)
        if t is not None
        for c in t.children
    )


def _has_partner(tok: Token, ix: Index, cue: Cue) -> bool:
    """Whether a mutual cue names its partner itself ("met Y", "talks with Y"),
    not through a complement ("agreed to help Y"). A hostile act's object is
    its target, not its partner: "X fought Y" says what X did ("X and Y
    fought", "X clashed with Y" are mutual)."""
    holder = _light_governor(tok, ix) if tok.pos_ == "NOUN" else None
    return any(
        (c.dep_ in _OBJECTS and t is tok and cue.polarity == "support")
        or (c.dep_ == "prep" and c.lower_ in ("with", "between"))
        for t in (tok, holder)
        if t is not None
        for c in t.children
    )


def _mutual(
    tok: Token, cue: Cue, parties: list[Mention], polarity: str
) -> Iterator[Reading]:
    """Symmetric cues: every party acts on every other ("X and Y clashed")."""
    for party in parties:
        others = [m for m in parties if m is not party]
        if others:
            yield tok, cue, [party], others, polarity


def _between(noun: Token, ix: Index) -> list[Mention]:
    """The parties of "talks between X and Y" / "clashes among X, Y and Z"."""
    return unique(
        m
        for f in _noun_frames(noun, ix)
        for p in pobjs(f, frozenset({"between", "among"}))
        for m in actors(p, ix)
    )


def asserted_polarity(tok: Token, cue: Cue, ix: Index) -> str | None:
    """The cue's polarity in context, or None if negated, denied or conditional
    (see :func:`assertion`)."""
    return assertion(tok, cue, ix)[0]


def assertion(tok: Token, cue: Cue, ix: Index) -> tuple[str | None, str]:
    """The cue's polarity in context and whether the text asserts it.

    Returns ``(polarity, "asserted")``, or ``(None, modality)`` when the clause
    is negated, denied, refused, conditional, an obligation or a question (a negated cue
    with a ``negated`` polarity asserts that one: "cannot be trusted"). An
    event noun that is the object of a reversal verb flips: "lifted the
    curfew" is a concession, "suspended aid" a sanction.
    """
    ender = _reversal(tok, ix) if cue.pos == "NOUN" else None
    if ender is not None:  # "refused to lift the curfew" keeps it in force
        ending = replace(
            cue, pos="VERB", polarity=_FLIP[cue.polarity], negated=cue.polarity
        )
        return assertion(ender, ending, ix)
    if cue.pos == "NOUN":  # "did not sign the deal", "refused to lift the ban"
        claim = _claimed(tok, ix)  # "denied responsibility for the attack"
        if claim is not None and claim.lemma_ in ix.cues.frame("denial"):
            return None, "denied"
        tok = _governor(tok, ix) or _copula(tok) or claim or tok
    if any(c.dep_ == "neg" for c in tok.children) or _or_negated(tok):
        return _negated(cue, "negated")
    if tok.i in ix.questions:
        return None, "question"  # "Did X ever support you?"
    obligations = ix.cues.frame("obligation")
    if any(c.dep_ == "aux" and c.lower_ in obligations for c in tok.children):
        return None, "obligation"  # "Y must reach an agreement": required, not done
    conditions = ix.cues.frame("condition")
    for gov, child in _governors(tok):
        dep = child.dep_
        if dep == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in conditions for c in child.children
        ):
            return None, "conditional"
        if gov.lemma_ in ix.cues.frame("denial") or (
            gov.dep_ == "prep" and gov.lower_ == "without"
        ):
            return None, "denied"
        if dep in ("xcomp", "ccomp") and any(c.dep_ == "neg" for c in gov.children):
            return _negated(cue, "negated")
        if dep == "xcomp" and gov.lemma_ in ix.cues.frame("refusal"):
            return _negated(cue, "refused")
    if any(c.dep_ == "mark" and c.lower_ in conditions for c in tok.children):
        return None, "conditional"
    return cue.polarity, "asserted"


def _negated(cue: Cue, modality: str) -> tuple[str | None, str]:
    return (cue.negated, "asserted") if cue.negated else (None, modality)


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


def _is_passive(verb: Token) -> bool:
    """A passive clause, or a past participle modifying a noun ("X killed in")."""
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return True
    return verb.dep_ == "acl" and verb.tag_ == "VBN"


def verb_sources(verb: Token, ix: Index, cue: Cue, hops: int = 0) -> list[Mention]:
    """The agent of a verb: its subject, its "by" agent, the noun a relative
    clause or participle modifies, or the subject it shares with its governor.
    Whoever urges an act takes its stance: in "X urged Y to condemn Z", X
    opposes Z (and Y's act is not asserted)."""
    appeal = _appeal(verb, ix) if hops <= MAX_AGENT_HOPS else None
    if appeal is not None:
        return verb_sources(appeal, ix, cue, hops + 1)
    if _is_stative(verb):
        return [
            m for c in verb.children if c.dep_ == "nsubjpass" for m in actors(c, ix)
        ]
    if _is_passive(verb) and verb.pos_ == "VERB":
        found = _passive_agents(verb, ix, cue)
        if not found and cue.attitude:
            found = speaker(verb, ix)
        return found
    subject = next((c for c in verb.children if c.dep_ in SUBJECTS), None)
    described = _described_noun(verb, subject, ix)
    if subject is not None and described is None:
        return _subject_actors(subject, verb, ix)
    if hops > MAX_AGENT_HOPS or verb.head is verb:
        return []
    dep, head = verb.dep_, verb.head
    if dep == "relcl" or described is not None:
        noun = head if described is None else described
        found = actors(noun, ix)
        holder = _governor(noun, ix) if not found else None
        # "issued a statement demanding ...": the statement's author demands
        return found or (verb_sources(holder, ix, cue, hops + 1) if holder else [])
    if dep == "acl" and head.lemma_ in ix.cues.frame("attempt") and _infinitive(verb):
        # "attempts by X to encourage ...", "X's decision to annex ...": the noun's
        # agent (not "rejected X's request to ...": a request is not the act)
        found = noun_agents(head, ix)
        if found:
            return found
    if dep == "xcomp":
        controller = next((c for c in head.children if c.dep_ == "dobj"), None)
        if controller is not None and actors(controller, ix):
            return actors(controller, ix)
    if dep == "pcomp" and head.dep_ == "prep" and head.lower_ in _CONTROL_PREPS:
        controlled = object_controller(head.head, ix)
        if controlled is not None:
            return controlled
    if dep in _INHERIT:
        return verb_sources(head, ix, cue, hops + 1)
    return []


def _infinitive(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _copula(noun: Token) -> Token | None:
    """The copula whose prepositional phrase a state noun heads ("X and Y have
    been at odds", "Y, which is in a conflict with Z"): its subject is the
    noun's agent."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.dep_ != "prep" or prep.head.lemma_ not in _COPULAS:
        return None
    return prep.head


def _claimed(noun: Token, ix: Index) -> Token | None:
    """The verb that claims (or denies) responsibility for an event noun: "X
    claimed responsibility for the attacks", "X denied credit for the attack"."""
    holder = noun.head.head
    if (
        noun.dep_ != "pobj"
        or noun.head.lower_ != "for"
        or holder.lemma_ not in ix.cues.frame("responsibility")
        or holder.dep_ != "dobj"
    ):
        return None
    return holder.head


def _described_noun(verb: Token, subject: Token | None, ix: Index) -> Token | None:
    """The noun an "-ing" participle describes, whose agent is its agent:
    "troops fighting X", also where the parser attached it to the place or
    medium after the noun ("a message on Twitter blaming X", "troops in Syria
    fighting X"), even as that medium's clause when the medium is no actor
    ("on Twitter blaming X" read as Twitter blaming X)."""
    if verb.tag_ != "VBG":
        return None
    if verb.dep_ == "acl" and subject is None:
        noun, prep = verb.head, verb.head.head
        if noun.dep_ == "pobj" and prep.lower_ in _WHERE and prep.head.pos_ == "NOUN":
            return prep.head
        return noun
    prep = verb.head
    medium = ix.at.get(subject.i) if subject is not None else None
    if (
        verb.dep_ == "pcomp"
        and prep.lower_ in _WHERE
        and prep.head.pos_ == "NOUN"
        and medium is not None
        and medium.kind == "source"
    ):
        return prep.head
    return None


def object_controller(verb: Token, ix: Index) -> list[Mention] | None:
    """Who does what the "of"/"for" complement of an accusing or judging verb
    describes, when the verb has an object: the object ("accused Y of arming
    Z", "thanked Y for helping Z", and in the passive "Y was accused of arming
    Z"), never the verb's subject. None for other verbs and when the verb has no
    object (then its subject is the agent: "X apologised for attacking Z")."""
    judging = ix.cue_of.get(verb.i)
    if verb.pos_ != "VERB" or not (
        verb.lemma_ in ix.cues.frame("accusation") or (judging and judging.attitude)
    ):
        return None  # "mobilised reservists for a war on Z": the subject's war
    deps = ("nsubjpass",) if _is_passive(verb) else ("dobj",)
    objects = [c for c in verb.children if c.dep_ in deps]
    if not objects:
        return None
    return [m for c in objects for m in actors(c, ix)]


def _is_stative(verb: Token) -> bool:
    """ "X is opposed to Y", "X is allied with Y": a passive form with no agent
    whose prepositional object is the target."""
    return (
        _is_passive(verb)
        and verb.dep_ != "acl"
        and not any(c.dep_ == "agent" for c in verb.children)
        and any(
            c.dep_ == "prep" and c.lower_ in ("to", "with", "against")
            for c in verb.children
        )
    )


def _subject_actors(
    subject: Token, verb: Token, ix: Index, hops: int = 0
) -> list[Mention]:
    """Actors a subject stands for, resolving relative and personal pronouns."""
    if subject.pos_ in ("VERB", "AUX") and subject.i not in ix.at:
        # "The Red Cross operating in Iraq said ...": the clause's own subject
        inner = next((c for c in subject.children if c.dep_ in SUBJECTS), None)
        return actors(inner, ix) if inner is not None else []
    if subject.lower_ in _RELATIVE and verb.dep_ == "relcl":
        # "the militia that attacked", "the Israeli strike that killed"
        return actors(verb.head, ix) or noun_agents(verb.head, ix)
    if subject.pos_ == "PRON" and subject.i not in ix.at:
        return speaker(verb, ix, hops)
    found = actors(subject, ix)
    if not found and ix.event(subject) is not None:
        found = noun_agents(subject, ix)
    return found


def _passive_agents(verb: Token, ix: Index, cue: Cue) -> list[Mention]:
    """ "killed by X", "killed by an X strike", "killed in an X strike" (an act
    done in an act of its kind, not a judgement: "X cannot be trusted in Y's
    standoff with Z" is no judgement of Y's)."""
    found = []
    for pobj in pobjs(verb, frozenset({"by"})):
        found.extend(actors(pobj, ix) or noun_agents(pobj, ix))
    for pobj in pobjs(verb, frozenset({"in", "during"})):
        event = ix.event(pobj)
        if event is not None and event.polarity == cue.polarity and not cue.attitude:
            found.extend(noun_agents(pobj, ix))
    return unique(found)


def speaker(tok: Token, ix: Index, hops: int = 0) -> list[Mention]:
    """The subject of the speech verb that reports the clause holding ``tok``."""
    verb = next(
        (
            gov
            for gov, child in _reporting_chain(tok)
            if child.dep_ == "ccomp" and gov.lemma_ in ix.cues.frame("speech")
        ),
        None,
    )
    if verb is None:
        verb = next(
            (
                c
                for c in tok.children
                if c.dep_ in ("parataxis", "ccomp")
                and c.lemma_ in ix.cues.frame("speech")
            ),
            None,
        )
    if verb is None:
        verb = ix.quoted.get(tok.i) or _split_report(tok, ix)
    if verb is None or hops > MAX_SPEAKER_HOPS:
        return []
    subject = next((c for c in verb.children if c.dep_ in SUBJECTS), None)
    return _subject_actors(subject, verb, ix, hops + 1) if subject is not None else []


def _reporting_chain(tok: Token) -> Iterator[tuple[Token, Token]]:
    """Like :func:`_governors`, through complement clauses only: a reported
    clause's pronoun is the speaker, one in a "because" clause need not be."""
    while tok.dep_ in ("xcomp", "ccomp", "conj") and tok.head is not tok:
        yield tok.head, tok
        tok = tok.head


def _split_report(tok: Token, ix: Index) -> Token | None:
    """The speech verb of the previous sentence when the parser split
    "X told them ... | that Y cannot be trusted" into two sentences."""
    root = tok.sent.root
    first = tok.sent[0]
    if first.dep_ != "mark" or first.lower_ != "that" or first.head != root:
        return None
    if tok is not root and root not in tok.ancestors:
        return None
    before = tok.doc[tok.sent.start - 1].sent.root if tok.sent.start else None
    return (
        before
        if before is not None and before.lemma_ in ix.cues.frame("speech")
        else None
    )


def _verb_targets(verb: Token, ix: Index, cue: Cue) -> list[Mention]:
    """The patient of a verb: passive subject, objects, prepositional objects,
    the subject of a demanded clause, or the objects of its complement."""
    found: list[Mention] = []
    if _is_passive(verb) and not _is_stative(verb):
        found.extend(
            m for c in verb.children if c.dep_ == "nsubjpass" for m in actors(c, ix)
        )
        relative = any(
            c.dep_ == "nsubjpass" and c.lower_ in _RELATIVE for c in verb.children
        )
        if verb.dep_ == "acl" or (verb.dep_ == "relcl" and relative):
            found.extend(actors(verb.head, ix))  # "X, who is backed by Y"
    found.extend(_complement_targets(verb, ix, cue))
    for child in verb.children:
        if cue.content and child.dep_ in ("ccomp", "xcomp"):
            found.extend(
                m for c in child.children if c.dep_ in SUBJECTS for m in actors(c, ix)
            )
        if child.dep_ == "xcomp" and not found and _carries_over(cue, child, ix):
            found.extend(_complement_targets(child, ix, cue))
    return unique(found)


def _raised_objects(verb: Token, ix: Index) -> list[Mention]:
    """ "allowed X to stand", "forced X to leave", "called for X to resign": X is
    parsed as the subject of an infinitival complement but is the verb's object."""
    return [
        m
        for c in verb.children
        if (c.dep_ == "ccomp" or (c.dep_ == "advcl" and _for_clause(c)))
        and any(a.lower_ == "to" for a in c.children)
        for s in c.children
        if s.dep_ in SUBJECTS
        for m in actors(s, ix)
    ]


def _for_clause(clause: Token) -> bool:
    """ "voted for X to serve", "called for X to resign": X is the target."""
    return any(c.dep_ == "mark" and c.lower_ == "for" for c in clause.children)


def _carries_over(cue: Cue, complement: Token, ix: Index) -> bool:
    """Whether ``cue`` reaches the objects of its complement verb: not when the
    complement is a cue of its own with the other polarity ("helped kill X"),
    unless ``cue`` is a refusal of a cooperative act ("refused to meet X"). A
    complement that is no cue carries a hostile intent ("threatened to deliver
    blows to X") but not a promise or an agreement, which is a stance towards
    the act, not towards whoever it touches ("agreed to add members to X's
    council", "pledged to convert X")."""
    inner = ix.cue_of.get(complement.i)
    if cue.lemma in ix.cues.frame("refusal"):  # "refused to condemn X" is no stance
        return inner is None or inner.polarity == "support"
    if inner is None:
        return cue.polarity == "oppose"
    return inner.polarity == cue.polarity


def _complement_targets(verb: Token, ix: Index, cue: Cue) -> list[Mention]:
    """Objects and prepositional objects of ``verb`` (the cue or its complement)."""
    preps = frozenset(_verb_preps(cue) | {cue.particle})
    # "fired missiles at X", but not "renounced its struggle against X"
    object_preps = frozenset(
        {cue.particle} if cue.attitude else _OBJECT_PREPS[cue.polarity] | {cue.particle}
    )
    # what one demands or calls for is no opposed actor ("called for G7 action");
    # whom one demands it of is ("demanded an apology from X")
    reach = _named if verb.lemma_ in ix.cues.frame("desire") else object_actors
    found = [
        m
        for p in pobjs(verb, preps)
        for m in (object_actors if p.head.lower_ == "from" else reach)(p, ix)
    ]
    found.extend(_raised_objects(verb, ix))
    for child in verb.children:
        if child.dep_ in _OBJECTS:
            found.extend(reach(child, ix))
            found.extend(
                m for p in pobjs(child, object_preps) for m in object_actors(p, ix)
            )
    return found


def _named(tok: Token, ix: Index) -> list[Mention]:
    """Actors a demanded thing names as its giver: itself, or a "by"/"from"
    phrase ("demanded an admission by X", "autonomy from X"), not an owner
    ("called for G7 action" asks G7 to act)."""
    found = [ix.at[t.i] for t in (tok, *tok.conjuncts) if t.i in ix.at]
    return found + [m for p in pobjs(tok, SOURCE_PREPS) for m in actors(p, ix)]


def _verb_preps(cue: Cue) -> frozenset[str]:
    """Prepositions that introduce a verb cue's target."""
    if cue.target_preps is not None:
        return cue.target_preps
    if cue.polarity == "support":  # "backed X against Y" does not back Y
        return _VERB_PREPS - _AGAINST | cue.preps | {"for"}
    return _VERB_PREPS | cue.preps


def _light_governor(noun: Token, ix: Index) -> Token | None:
    """The verb an event noun is the object of, if it only carries the event."""
    verb = _governor(noun, ix)
    frames = ix.cues.frame("light") | ix.cues.frame("reversal")
    if verb is not None and verb.lemma_ in frames:
        return verb
    return None


def _governor(noun: Token, ix: Index) -> Token | None:
    return governing_verb(noun, ix.cues.frame("reversal"))


def _reversal(noun: Token, ix: Index) -> Token | None:
    """The verb (or noun: "the lifting of sanctions") that ends or suspends the
    event ``noun`` names, if any."""
    ender = of_carrier(noun, ix.cues.frame("reversal"))
    if ender is not None and ender.lemma_ in ix.cues.frame("reversal"):
        return ender
    verb = governing_verb(noun)
    if verb is None or verb.lemma_ not in ix.cues.frame("reversal"):
        return None
    if noun.dep_ != "dobj" and not (
        verb.lemma_ == "withdraw" and noun.head.lower_ == "from"
    ):
        return None
    if verb.lemma_ == "call" and not any(c.lower_ == "off" for c in verb.children):
        return None
    return verb


def noun_sources(noun: Token, ix: Index, hops: int = 0) -> list[Mention]:
    """The agent of an event noun, or of the light verb that carries it."""
    found = noun_agents(noun, ix)
    carrier = of_carrier(noun, ix.cues.frame("reversal"))
    if not found and carrier is not None:  # "X's withholding of aid to Y"
        found = noun_agents(carrier, ix)
    if found:
        return found
    copula = _copula(noun)
    if copula is not None:  # "X and Y are at odds", "X is at war with Y"
        return verb_sources(copula, ix, ix.cue_of[noun.i])
    claim = _claimed(noun, ix)
    if claim is not None:  # "X claimed responsibility for the attacks": X attacked
        return verb_sources(claim, ix, ix.cue_of[noun.i])
    holder = noun.head.head
    if noun.dep_ == "pobj" and noun.head.lower_ in _CONTROL_PREPS:
        controlled = object_controller(holder, ix)  # "blamed Y for the attack"
        if controlled is not None:
            return controlled
    if noun.dep_ == "pobj" and noun.head.lower_ == "in" and hops < MAX_EVENT_HOPS:
        # "staged a strike in protest of X", "fired rockets in retaliation"
        if ix.event(holder) is not None:
            return noun_sources(holder, ix, hops + 1)
        if holder.pos_ == "VERB":
            return verb_sources(holder, ix, ix.cue_of[noun.i])
    light = _light_governor(noun, ix)
    if light is None:
        return []
    return verb_sources(light, ix, ix.cue_of.get(light.i) or ix.cue_of[noun.i])


def noun_targets(noun: Token, ix: Index, cue: Cue) -> list[Mention]:
    """The target of an event noun: "attack on X", "sanctions against X"."""
    in_protest = noun.dep_ == "pobj" and noun.head.lower_ == "in"  # "in protest of X"
    of_source = cue.of_source and not in_protest
    default = _NOUN_PREPS | cue.preps if cue.target_preps is None else cue.target_preps
    if cue.target_preps is None and _alongside(cue):
        default = default - {"with"}  # "airstrikes with X": X strikes alongside
    preps = default - {"of"} if of_source else default
    frame = noun.head if noun.dep_ == "compound" and noun.head.pos_ == "NOUN" else noun
    frames = _noun_frames(noun, ix)
    found = [
        m
        for f in frames
        for p in pobjs(f, preps - _LOCATIVE)
        for m in object_actors(p, ix)
    ]
    found.extend(
        m for f in frames for p in pobjs(f, preps & _LOCATIVE) for m in _places(p, ix)
    )
    found.extend(_undergoers(noun, ix))
    found.extend(victims(noun, ix))  # "ordered X's killing"
    light = _light_governor(noun, ix)
    if cue.content:  # "its demand that X leave"
        found.extend(
            m
            for c in (*frame.children, *(light.children if light else ()))
            if c.dep_ in ("acl", "ccomp")
            for s in c.children
            if s.dep_ in SUBJECTS
            for m in actors(s, ix)
        )
    if light is not None:
        preps = _verb_preps(cue)
        found.extend(
            m for p in pobjs(light, preps - _LOCATIVE) for m in object_actors(p, ix)
        )
        found.extend(m for p in pobjs(light, preps & _LOCATIVE) for m in _places(p, ix))
        found.extend(
            m for c in light.children if c.dep_ == "dative" for m in actors(c, ix)
        )
    return unique(found)


def _alongside(cue: Cue) -> bool:
    """Whether a "with" phrase names a companion rather than the target: a
    hostile act done with someone ("airstrikes with X", "attacked with X") is
    done alongside them, unlike a mutual one ("clashes with X") or a cue whose
    data lists "with" ("a protest with X")."""
    return cue.polarity == "oppose" and not cue.mutual and "with" not in cue.preps


def _undergoers(noun: Token, ix: Index) -> list[Mention]:
    """ "Y has been the subject of X sanctions", "Y was the target of attacks":
    the subject of the copula undergoes the event."""
    holder = (
        noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ == "of" else None
    )
    if holder is None or holder.lemma_ not in ix.cues.frame("undergoer"):
        return []
    if holder.dep_ != "attr":
        return []
    return [
        m for c in holder.head.children if c.dep_ in SUBJECTS for m in actors(c, ix)
    ]


def _noun_frames(noun: Token, ix: Index) -> list[Token]:
    """Tokens whose prepositions complete an event noun: the noun, the noun
    that carries it ("a mediation effort between", "a state of emergency in X",
    "the suspension of aid to X"), and the participle that attaches it
    ("sanctions imposed on X")."""
    frames = [noun]
    carrier = of_carrier(noun, ix.cues.frame("reversal"))
    if noun.dep_ == "compound" and noun.head.pos_ == "NOUN":
        frames.append(noun.head)
    elif carrier is not None:
        frames.append(carrier)
    frames.extend(
        c
        for f in tuple(frames)
        for c in f.children
        if c.dep_ == "acl" and c.tag_ == "VBN"
    )
    return frames


def _adj_targets(adj: Token, ix: Index) -> list[Mention]:
    """The target of a stance adjective: "hostile to X", "loyal to X"."""
    preps = frozenset({"to", "toward", "towards", "of", "with"})
    return unique(m for p in pobjs(adj, preps) for m in object_actors(p, ix))
