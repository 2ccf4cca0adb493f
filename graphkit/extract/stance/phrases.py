"""Per-document lookups for stance rules: tokens to mentions and cues, quotations to
their speakers, and noun phrases to the actors they stand for."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from functools import cached_property
from typing import TYPE_CHECKING

from graphkit.extract.columns import Columns
from graphkit.extract.mentions.descriptions import DESCRIPTION
from graphkit.extract.stance.cues import POS, Cue, Cues
from graphkit.records import Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = [
    "MODIFIERS",
    "SOURCE_PREPS",
    "SUBJECTS",
    "Index",
    "actors",
    "appositions",
    "governing_verb",
    "inverted",
    "members",
    "noun_agents",
    "object_actors",
    "of_actors",
    "of_carrier",
    "owners",
    "pobjs",
    "quote_verbs",
    "token_at",
    "unique",
    "victims",
]

SUBJECTS = frozenset({"nsubj", "csubj"})
MODIFIERS = frozenset({"poss", "compound", "amod", "nmod", "npadvmod"})
SOURCE_PREPS = frozenset({"by", "from"})
_SIDE_MARK = re.compile(r"\b(?:pro|anti)-\s?$", re.IGNORECASE)
# "at the behest of X", "on behalf of X": the "of" phrase names an agent
_AGENT_NOUNS = frozenset(
    "behest behalf request order invitation initiative urging instruction direction"
    " command name".split()
)
# prepositions of time and circumstance: their object is no verb's event
_CIRCUMSTANCES = frozenset(
    "after amid before despite during following since until".split()
)
_TIMES = frozenset({"TIME", "DATE"})
# tags of a verb that starts a clause of its own: modal, past, present
_FINITE = frozenset({"MD", "VBD", "VBZ", "VBP"})
_END_MARKS = frozenset({".", "?", "!"})
_QUOTE = re.compile(r"[“\"]([^”“\"]{8,})[”\"]")
# A quotation's speech verb is sought within this many tokens after its closing
# mark (", X said") or before its opening one ("X said: ...").
QUOTE_REACH = 6


class Index:
    """Per-document lookups, built once per :func:`relations` call.

    ``at`` maps a token index to the largest mention covering it, ``cue_of`` a
    token index to its cue (an event noun that modifies another noun counts
    only when that noun carries the event: "a mediation effort", not "aid
    workers"), ``quoted`` a token inside a quotation to the speech verb that
    attributes it; ``columns`` are the document's token attributes (given, or
    read here), which the rules that walk every token filter on.
    """

    def __init__(
        self,
        doc: Doc,
        mentions: Sequence[Mention],
        cues: Cues,
        columns: Columns | None = None,
    ) -> None:
        self.doc, self.cues = doc, cues
        self.columns = columns or Columns.of(doc)
        self.text = self.columns.text
        self.mentions = sorted(mentions, key=lambda m: (m.start, -m.end))
        self.at: dict[int, Mention] = {}
        for m in sorted(self.mentions, key=lambda m: m.end - m.start):
            span = self.columns.char_span(m.start, m.end)
            if span is not None:
                self.at.update(dict.fromkeys(range(span.start, span.end), m))
        self.quoted = quote_verbs(doc, cues.frame("speech"), self.text)
        self.cue_of: dict[int, Cue] = {}
        carriers = cues.frame("carrier")
        for i, pos in self._heads():
            cue = self._lookup(i, pos)
            if cue is None or (  # "emergency searches", "aid workers", "war crimes"
                cue.pos == "NOUN"
                and self.columns.dep[i] == "compound"
                and doc[i].head.pos_ == "NOUN"
                and doc[i].head.lemma_ not in carriers
            ):
                continue
            self.cue_of[i] = cue

    def _heads(self) -> list[tuple[int, str]]:
        """(index, part of speech) of the tokens that may head a cue: some cue
        has the token's lemma or form for head, in its part of speech (a proper
        noun tagged NN reads as a noun). Each distinct word is tested once;
        only these tokens' dependents are read."""
        cols, by_head = self.columns, self.cues.by_head

        def head_pos(pos: str, tag: str, lemma: str, lower: str) -> str | None:
            pos = "NOUN" if pos == "PROPN" and tag == "NN" else pos
            if pos not in POS:
                return None
            if (lemma.lower(), pos) not in by_head and (
                pos != "NOUN" or lower == lemma or (lower, pos) not in by_head
            ):
                return None
            return pos

        words = list(zip(cols.pos, cols.tag, cols.lemma, cols.lower, strict=True))
        heads = {word: head_pos(*word) for word in set(words)}
        return [(i, pos) for i, word in enumerate(words) if (pos := heads[word])]

    def _lookup(self, i: int, pos: str) -> Cue | None:
        """The cue of token ``i`` (a head of some cue in part of speech
        ``pos``, see :meth:`_heads`), if any."""
        cols = self.columns
        lemma, lower = cols.lemma[i], cols.lower[i]
        tok = self.doc[i]
        # "launched at 1922 UTC" is no "launch at": a time is no particle's object
        words = [c.lemma_.lower() for c in tok.children if not _of_time(c)]
        words += [
            g.lower_
            for c in tok.children
            if c.dep_ in ("dobj", "advcl", "ccomp")
            for g in c.children
            if g.dep_ == ("prep" if c.dep_ == "dobj" else "mark")
        ]  # "filed suit against X", "called for X to resign"
        if pos == "NOUN" and tok.dep_ == "pobj":
            words.append(tok.head.lower_)  # "at odds with X"
        found = self.cues.get(lemma, pos, words)
        if found is None and pos == "NOUN" and lower != lemma:
            found = self.cues.get(lower, pos, words)  # "odds", not "odd"
        return found

    @cached_property
    def questions(self) -> frozenset[int]:
        """Tokens whose sentence part is a question: the first end mark after
        them is a question mark ("Did X ever support you?")."""
        asked, found = False, []
        words = self.columns.orth
        for i in range(len(words) - 1, -1, -1):
            if asked:
                found.append(i)
            if words[i] in _END_MARKS:
                asked = words[i] == "?"
        return frozenset(found)

    def covering(self, char: int) -> Mention | None:
        """The smallest mention whose span contains character ``char``."""
        found = [m for m in self.mentions if m.start <= char < m.end]
        return min(found, key=lambda m: m.end - m.start) if found else None

    def event(self, tok: Token) -> Cue | None:
        """The cue of ``tok`` if it is an event noun ("attack", "sanctions")."""
        cue = self.cue_of.get(tok.i)
        return cue if cue is not None and cue.pos == "NOUN" else None


def _of_time(prep: Token) -> bool:
    """Whether a preposition's object is a time, a date or a number ("at 1922
    UTC", "at 9"), not a counted target ("at 40 soldiers")."""
    return prep.dep_ == "prep" and any(
        p.dep_ == "pobj"
        and (
            p.like_num
            or p.ent_type_ in _TIMES
            or any(c.dep_ == "nummod" and c.ent_type_ in _TIMES for c in p.children)
        )
        for p in prep.children
    )


def quote_verbs(doc: Doc, speech: frozenset[str], text: str) -> dict[int, Token]:
    """Map each token inside a quotation to the speech verb that attributes it
    ("'...,' X said" or "X said: '...'"), across sentence breaks; ``text`` is
    ``doc.text``."""
    quoted: dict[int, Token] = {}
    for match in _QUOTE.finditer(text):
        inside = doc.char_span(match.start(1), match.end(1), alignment_mode="contract")
        if inside is None or not len(inside):
            continue
        near = [
            *doc[inside.end : inside.end + QUOTE_REACH],
            *reversed(doc[max(inside.start - QUOTE_REACH, 0) : inside.start]),
        ]
        verb = next((t for t in near if t.lemma_ in speech and t.pos_ == "VERB"), None)
        verb = verb or _introducing(doc, inside.start)
        if verb is not None:
            quoted.update((t.i, verb) for t in inside)
    return quoted


def _introducing(doc: Doc, start: int) -> Token | None:
    """The verb of the clause a quotation follows after a comma or colon ("X
    defended the decision: '...'"), which speaks it when no speech verb does."""
    before = start - 2  # the opening mark, then the comma or colon
    if before < 1 or doc[before].text not in (",", ":"):
        return None
    if doc[start - 1].whitespace_:
        return None  # a closing mark ('... "riots," and ...'), not an opening one
    verb = doc[before - 1]
    while verb.pos_ != "VERB" and verb.head.i != verb.i:
        verb = verb.head
    if verb.pos_ != "VERB" or verb.i > before or verb.sent != doc[start].sent:
        return None
    return verb if any(c.dep_ in SUBJECTS for c in verb.children) else None


def actors(tok: Token, ix: Index, *, top: bool = True) -> list[Mention]:
    """Mentions a noun phrase headed by ``tok`` stands for (with conjuncts)."""
    heads = (
        [tok, *(c for c in tok.conjuncts if not _starts_clause(c))] if top else [tok]
    )
    described = _described_by_chain(heads, ix)
    if described:
        return described
    found: list[Mention] = []
    for head in heads:
        mention = ix.at.get(head.i)
        if mention is not None:
            found.append(mention)
            found.extend(_coordinated_modifiers(head, ix))
        elif ix.event(head) is None and (
            head.pos_ in ("NOUN", "PROPN") or head.dep_ in ("dobj", "pobj")
        ):
            found.extend(  # "Y's rector, X" stands for X, whom it describes
                (members(head, ix) if not of_actors(head, ix) else [])
                or appositions(head, ix)
                or owners(head, ix)
                or (of_actors(head, ix, ("of", "from")) if top else [])
            )
    return unique(found)


def _starts_clause(conjunct: Token) -> bool:
    """Whether a noun the parser joined to an object is the subject of the next
    clause instead: "defeated X and Y would be moving in" (a finite verb or a
    modal with no subject of its own follows it), not "defeated X and Y" or
    "clashes between X and Y left three dead"."""
    after = conjunct.right_edge.i + 1
    if conjunct.dep_ != "conj" or after >= len(conjunct.doc):
        return False
    first = conjunct
    while first.dep_ == "conj" and first.head is not first:
        first = first.head
    nxt = conjunct.doc[after]
    verb = nxt if nxt.pos_ == "VERB" else nxt.head
    return (
        first.dep_ in ("dobj", "pobj", "dative")
        and nxt.tag_ in _FINITE
        and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)
    )


def _described_by_chain(heads: list[Token], ix: Index) -> list[Mention]:
    """The named actor of a chain of descriptions the parser took for a list:
    "the University of X, Y's chancellor, Z" (no "and"/"or" joins them) stands
    for Z alone, named in apposition to a title (itself a description of Z or
    no mention), not for the university."""
    if len(heads) < 2 or any(
        c.dep_ == "cc" or c.lower_ in ("and", "or", "nor")
        for h in heads
        for c in h.children
    ):
        return []
    return unique(
        m
        for h in heads[1:]
        if h.i not in ix.at or ix.at[h.i].label == DESCRIPTION
        for m in appositions(h, ix)
    )


def _coordinated_modifiers(head: Token, ix: Index) -> list[Mention]:
    """ "Hungarian and Romanian officials": each coordinated qualifier is an actor."""
    return [
        ix.at[t.i]
        for c in head.children
        if c.dep_ in MODIFIERS and c.conjuncts
        for t in (c, *c.conjuncts)
        if t.i in ix.at
    ]


def members(noun: Token, ix: Index) -> list[Mention]:
    """The actors a plural noun names as its examples or members: "his critics,
    which include X", "allies such as X", "rights groups including X" stand
    for X (whose owner, "his", is no member). :func:`actors` prefers the body
    of "the members of Y, which include X" (Y)."""
    found = [
        ix.at[c.i]
        for prep in noun.children
        if prep.dep_ == "prep"
        and (
            prep.lower_ == "including"
            or (prep.lower_ == "as" and any(c.lower_ == "such" for c in prep.children))
        )
        for p in prep.children
        if p.dep_ == "pobj"
        for c in (p, *p.conjuncts)
        if c.i in ix.at
    ]
    found += [
        ix.at[o.i]
        for rel in noun.children
        if rel.dep_ == "relcl" and rel.lemma_ in ("include", "comprise")
        for d in rel.children
        if d.dep_ == "dobj"
        for o in (d, *d.conjuncts)
        if o.i in ix.at
    ]
    return unique(found)


def appositions(noun: Token, ix: Index) -> list[Mention]:
    """ "a member of parliament, Ali Musa, ..." stands for Ali Musa."""
    return [ix.at[c.i] for c in noun.children if c.dep_ == "appos" and c.i in ix.at]


def owners(noun: Token, ix: Index, *, event: bool = False) -> list[Mention]:
    """Actors that own a non-actor noun: "U.S. bases", "Haiti's efforts"."""
    found: list[Mention] = []
    for child in noun.children:
        if event and child.dep_ == "amod" and child.tag_ == "VBN":
            # "the Saudi-led offensive": the leader owns the event
            found.extend(
                ix.at[c.i]
                for c in child.children
                if c.dep_ in MODIFIERS and c.i in ix.at
            )
        if child.dep_ == "compound" and child.i not in ix.at:
            # "US Predator attacks", "a Security Council resolution"
            found.extend(
                ix.at[c.i]
                for c in child.children
                if c.dep_ == "compound" and c.i in ix.at
            )
        if child.dep_ not in MODIFIERS or child.i not in ix.at:
            continue
        if not event and ix.cues.compound and ix.cues.compound.search(child.text):
            continue
        start = ix.at[child.i].start
        if _SIDE_MARK.search(ix.text[max(start - 6, 0) : start]):
            continue  # "Kennedy's pro-Israel position" is not Israel's
        found.extend(ix.at[c.i] for c in (child, *child.conjuncts) if c.i in ix.at)
    return found


def unique(mentions: Iterable[Mention]) -> list[Mention]:
    """Mentions without repeats of one span, in first-seen order."""
    seen: dict[tuple[int, int], Mention] = {}
    for m in mentions:
        seen.setdefault((m.start, m.end), m)
    return list(seen.values())


def object_actors(tok: Token, ix: Index) -> list[Mention]:
    """Targets reached through an object: an actor, an owner, or an event's agent."""
    found = []
    for head in [tok, *(c for c in tok.conjuncts if not _starts_clause(c))]:
        if inverted(head, ix) and _judged(head, ix):
            continue  # "opposed the withdrawal of X" is no act on X: see clauses
        direct = actors(head, ix, top=False)
        if direct:
            found.extend(direct)
        elif ix.event(head) is not None:
            found.extend(noun_agents(head, ix) or _beneficiaries(head, ix))
        elif head.lemma_ not in _AGENT_NOUNS:
            found.extend(of_actors(head, ix))
            found.extend(m for p in pobjs(head, SOURCE_PREPS) for m in actors(p, ix))
            found.extend(_authors(head, ix))
    return unique(found)


def _authors(noun: Token, ix: Index) -> list[Mention]:
    """Who made a thing that a relative clause describes: "sued over the decree
    X signed", "criticised the plan that X announced" are aimed at X."""
    return [
        m
        for c in noun.children
        if c.dep_ == "relcl"
        and not any(o.dep_ == "dobj" and o.tag_ != "WDT" for o in c.children)
        for s in c.children
        if s.dep_ in ("nsubj",)
        for m in actors(s, ix, top=False)
    ]


def _judged(noun: Token, ix: Index) -> bool:
    """Whether a judging or desiring verb governs ``noun`` ("opposed the
    withdrawal of X", "called for the release of X"), not an act ("boycotted
    X's elections")."""
    verb = governing_verb(noun)
    if verb is None:
        return False
    cue = ix.cue_of.get(verb.i)
    return verb.lemma_ in ix.cues.frame("desire") or (cue is not None and cue.attitude)


def inverted(noun: Token, ix: Index) -> int:
    """+1 if ``noun`` is an event that favours its "of" object ("the release of
    X"), -1 if it harms it ("the withdrawal of X"), else 0."""
    if noun.i in ix.at or noun.pos_ not in ("NOUN", "PROPN"):
        return 0
    if noun.lemma_ in ix.cues.frame("favour"):
        return 1
    return -1 if noun.lemma_ in ix.cues.frame("harm") else 0


def _beneficiaries(event: Token, ix: Index) -> list[Mention]:
    """Who a cooperative event is for: refusing "aid to X" or "a deal with X"
    opposes X (while condemning "the attack on X" opposes the attacker)."""
    cue = ix.event(event)
    if cue is None or cue.polarity != "support" or cue.neutral:
        return []  # "called for talks with X" is no stance towards X
    preps = frozenset({"to", "for", "with"} | (set() if cue.of_source else {"of"}))
    return [m for p in pobjs(event, preps) for m in actors(p, ix)]


def of_actors(
    noun: Token, ix: Index, preps: tuple[str, ...] = ("of",)
) -> list[Mention]:
    """Actors of the first "of" (or ``preps``) phrase: "leaders of the union"."""
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ in preps:
            return [
                m
                for p in prep.children
                if p.dep_ == "pobj"
                for c in (p, *p.conjuncts)  # "scores of Karen and Kachin villagers"
                for m in actors(c, ix, top=False)
            ]
    return []


def pobjs(tok: Token, preps: frozenset[str]) -> Iterator[Token]:
    """Objects of the prepositions in ``preps`` that attach to ``tok`` (not
    absolute clauses: ", with X following suit")."""
    for prep in tok.children:
        if prep.dep_ in ("prep", "agent", "dative") and prep.lower_ in preps:
            yield from (
                p for p in prep.children if p.dep_ == "pobj" and not _absolute(prep, p)
            )


def _absolute(prep: Token, pobj: Token) -> bool:
    if prep.lower_ != "with" or prep.i == 0 or prep.doc[prep.i - 1].text != ",":
        return False
    after = pobj.right_edge.i + 1
    return any(c.tag_ in ("VBG", "VBN") for c in pobj.children) or (
        after < len(pobj.doc) and pobj.doc[after].tag_ in ("VBG", "VBN")
    )


def noun_agents(noun: Token, ix: Index) -> list[Mention]:
    """Agents an event noun names itself: possessor, compound, "by"/"from" phrase
    (a victim noun's owner undergoes it: "X's killing", see :func:`victims`)."""
    found = [] if victims(noun, ix) else owners(noun, ix, event=True)
    found.extend(m for p in pobjs(noun, SOURCE_PREPS) for m in actors(p, ix))
    found.extend(  # "the sanctions imposed by X"
        m
        for c in noun.children
        if c.dep_ == "acl" and c.tag_ == "VBN"
        for p in pobjs(c, frozenset({"by"}))
        for m in actors(p, ix)
    )
    cue = ix.event(noun)
    in_protest = noun.dep_ == "pobj" and noun.head.lower_ == "in"
    if cue is not None and cue.of_source and not in_protest and not found:
        found.extend(of_actors(noun, ix))
    return unique(found)


def victims(noun: Token, ix: Index) -> list[Mention]:
    """Who undergoes a victim noun as its owner: "X's killing", "X's arrest",
    not "Y's arrest of X" (an "of" object makes the owner the agent)."""
    cue = ix.event(noun)
    if (
        cue is None
        or not cue.victim
        or any(c.dep_ == "prep" and c.lower_ == "of" for c in noun.children)
    ):
        return []
    return owners(noun, ix, event=True)


def governing_verb(noun: Token, through: frozenset[str] = frozenset()) -> Token | None:
    """The verb whose object (direct or prepositional) ``noun`` is, if any,
    also through a noun that only carries it: "a mediation effort", "a state
    of emergency", "$5 million of aid", or "the suspension of aid" when
    "suspension" is in ``through``."""
    if noun.dep_ == "compound" and noun.head.pos_ == "NOUN":
        noun = noun.head
    elif of_carrier(noun, through) is not None:
        noun = noun.head.head
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ in _CIRCUMSTANCES:
        return None  # "offered talks following the invasion": no light verb
    if noun.dep_ == "pobj" and head.dep_ == "prep":
        head = head.head
    elif noun.dep_ not in ("dobj", "nsubjpass"):
        return None
    return head if head.pos_ == "VERB" else None


def of_carrier(noun: Token, through: frozenset[str] = frozenset()) -> Token | None:
    """The noun whose "of" phrase ``noun`` is, when that noun only carries it:
    "a state of X", a quantity ("5,000 tonnes of X"), or a lemma in ``through``."""
    if noun.dep_ != "pobj" or noun.head.lower_ != "of":
        return None
    head = noun.head.head
    if head.pos_ != "NOUN":
        return None
    carries = head.lemma_ == "state" or head.lemma_ in through
    if carries or any(c.dep_ == "nummod" for c in head.children):
        return head
    return None


def token_at(doc: Doc, char: int) -> Token | None:
    """The token holding character offset ``char``."""
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None
