"""Names that are in a story without taking part in it: sources, affiliations, things.

A name is an actor when it acts or is acted on somewhere. Within one document,
a name all of whose mentions stand in one of these positions is given a
non-actor kind instead (resolution drops it unless another document shows it
acting, see :mod:`graphkit.extract.resolve`):

- ``source``: an outlet or body only cited: "according to the Daily Star",
  "told the Coast Times", "in an interview with Radio Kano", "Radio Kano
  reported"; a medium (a listed one, or a name ending in a media noun)
  everywhere it is not acted on ("wrote on Twitter", "a Reuters witness", but
  not "Facebook was fined");
- ``journalist``: a person attached to a medium ("the Star's Ada Obi said",
  "Ada Obi of Radio Kano");
- ``affiliation``: a body only named as where a person comes from ("Ada Obi
  of Radio Kano", "Ada Obi from Lagos University", "Lagos Jazz Band drummer
  Ada Obi"). A body in which the person holds an office ("Freedom Party leader
  Ada Obi") or of which a political body noun makes them a member ("Ada Obi of
  the Freedom Party") is an actor: the affiliation layer ties the two;
- ``bystander``: a body or thing only used as an example, a comparison or a predicate
  ("such as El Niño", "a temple of Christendom", "the services Medicare and
  Medicaid", "the name is Islambol");
- ``place`` / ``thing``: one of the above whose own head noun, or a noun in
  apposition, is a place ("Kano Central Mosque", "X, a former church") or a
  thing ("Medal of Science") in the context lexicon.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from graphkit.extract.columns import Columns
from graphkit.extract.mentions.candidates import Candidate
from graphkit.extract.mentions.names import normalise
from graphkit.lexicons import ActorLexicon

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

__all__ = ["NON_ACTOR_KINDS", "classify"]

NON_ACTOR_KINDS = frozenset(
    {"source", "journalist", "affiliation", "bystander", "place", "thing"}
)
# Verbs whose subject is a source when it is a body: "the Post reported".
_REPORTING = frozenset(
    "report publish broadcast air quote cite carry reveal write".split()
)
# Verbs and nouns that make their "to"/"with" object (or "tell" object) a source.
_SPEAKING = frozenset("tell speak talk say interview comment".split())
# What one does to a medium as a source: "Wikinews contacted", "gave the Star".
_ASKING = frozenset("ask contact email give inform thank call reach".split())
# Verbs whose subject, without an object, undergoes what happens: "the zoo shut".
_HAPPENING = frozenset("shut close reopen collapse burn flood".split())
_AFFILIATING = frozenset({"of", "at", "from", "with"})
_EXAMPLE = frozenset({"as", "like", "than", "including"})
_WRITING_FOR = frozenset({"to", "for", "at"})
_MOTION = frozenset({"to", "from", "into", "toward", "towards"})
_ACTOR_HEADS = frozenset({"title", "group", "act-noun"})
_THING_HEADS = frozenset({"place-noun", "thing-noun", "event-noun"})
_UNCLASSIFIED = frozenset({"person", "organization"})
_WORDS = re.compile(r"[\w'’-]+")
# A name as a whole part of an entity: "Ayasofya [Haghia Sophia" has two.
_PARTS = re.compile(r"[\[\](),;]|\bor\b")
_KIND_OF_NOUN = {
    "place-noun": "place",
    "thing-noun": "thing",
    "event-noun": "thing",
    "work-noun": "thing",
    "animal-noun": "thing",
}
# NER labels of names that are no actors: the same name elsewhere is none either.
_NON_ACTOR_LABELS = {
    "WORK_OF_ART": "thing",
    "PRODUCT": "thing",
    "EVENT": "thing",
    "LAW": "thing",
    "FAC": "place",
}
_ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})


def classify(
    doc_cands: Sequence[Candidate],
    spans: Sequence[Span],
    lex: ActorLexicon,
    cols: Columns,
) -> list[Candidate]:
    """Give each key whose every mention takes no part a non-actor kind.

    ``spans`` are the candidates' token spans, in the same order, ``cols``
    their document's columns (whose entities count, see :func:`_said_to_be`). Lexicon
    actors (``fixed``) keep their kind, and people count as actors unless
    they are journalists.
    """
    pairs = list(zip(doc_cands, spans, strict=True))
    media = {c.key for c, s in pairs if _medium(cols.text_of(s.start, s.end), lex)}
    media |= {
        c.key
        for c, s in pairs
        if c.kind != "person" and _frame(s, lex, False) == "source"
    }
    positions: dict[str, Counter[str]] = {}
    for cand, span in pairs:
        found = _position(cand, span, lex, media)
        positions.setdefault(cand.key, Counter())[found or "actor"] += 1
    kinds = {
        key: count.most_common(1)[0][0]
        for key, count in positions.items()
        if "actor" not in count or "journalist" in count
    }
    kinds.update(_said_to_be(pairs, lex, cols))
    return [
        replace(c, kind=kinds[c.key], fixed=True)
        if c.key in kinds and not c.fixed and c.kind in _UNCLASSIFIED
        else c
        for c in doc_cands
    ]


def _said_to_be(pairs, lex: ActorLexicon, cols: Columns) -> dict[str, str]:
    """Keys the document itself shows to be a place or a thing, wherever used.

    A place, thing, work or animal noun apposed to the name or before it
    ("Hagia Sophia, formerly a church", "the character Tony Stark", "Bao, a
    giant panda") tells what the name is, as does a model code after it ("a
    Volvo XC90"); so does the NER when it reads the
    same name as a work, product, event, law or facility at least as often
    as an actor in the document ("Ayasofya" once a WORK_OF_ART, once an ORG),
    over all the ways the document writes it.
    A name a title vouches for as a person is left alone.
    """
    if not pairs:
        return {}
    readings = _readings(cols)
    surfaces: dict[str, set[tuple[str, ...]]] = {}
    for cand, span in pairs:
        text = cols.text_of(span.start, span.end)
        surfaces.setdefault(cand.key, set()).add(tuple(_WORDS.findall(text)))
    found: dict[str, str] = {}
    for cand, span in pairs:
        if cand.fixed or cand.person or cand.kind not in _UNCLASSIFIED:
            continue
        roles = [
            lex.context.get((t.lemma_ or t.text).lower(), "") for t in _describing(span)
        ]
        kind = next((_KIND_OF_NOUN[r] for r in roles if r in _KIND_OF_NOUN), None)
        if _a_model(span):
            kind = "thing"
        # every way the document writes the key counts ("Mahan Air", "Mahan")
        votes = sum(
            (readings.get(words, Counter()) for words in surfaces[cand.key]), Counter()
        )
        if kind is None:
            kind = _outvoting(votes)
        if kind is not None:
            found.setdefault(cand.key, kind)
            # and the name as written, where a link keyed it to a longer name
            found.setdefault(normalise(cols.text_of(span.start, span.end)), kind)
    return found


def _a_model(span: Span) -> bool:
    """ "a Volvo XC90", "an Airbus A320": a product, its maker's name before a
    model code."""
    doc = span.doc
    return (
        span.start > 0
        and doc[span.start - 1].lower_ in ("a", "an")
        and span.end < len(doc)
        and any(ch.isdigit() for ch in doc[span.end].text)
        and not doc[span.end].is_alpha
    )


def _describing(span: Span) -> list[Token]:
    """Nouns that say what a name is: apposed ("X, a former church", "the film
    X") or before it ("the character X")."""
    root = span.root
    nouns = [
        t
        for t in root.children
        if t.dep_ == "appos" or (t.dep_ == "compound" and t.i < span.start)
    ]
    if root.dep_ == "appos":
        nouns.append(root.head)
    nouns = (
        [t for t in nouns if t.pos_ == "NOUN"]
        if span.doc.has_annotation("POS")
        else nouns
    )
    # listed with a named thing, a name is one ("the Medal of Science and X")
    if root.dep_ == "conj" and root.head.pos_ == "PROPN":
        nouns.append(root.head)
    return nouns


def _outvoting(votes: Counter[str]) -> str | None:
    """The non-actor reading read at least as often as the actor one, if any.

    Ties between non-actor readings go by name, so that the answer does not
    depend on the order in which the ways of writing the key were counted.
    """
    others = sorted((-n, kind) for kind, n in votes.items() if kind != "actor")
    if others and -others[0][0] >= votes["actor"]:
        return others[0][1]
    return None


def _readings(cols: Columns) -> dict[tuple[str, ...], Counter[str]]:
    """How the NER read each name of the document: actor, thing or place.

    A name counts whole or as a bracketed or listed part of an entity
    ("Ayasofya [Haghia Sophia" reads two names).
    """
    readings: dict[tuple[str, ...], Counter[str]] = {}
    for ent, text in zip(cols.ents, cols.ent_texts, strict=True):
        kind = _NON_ACTOR_LABELS.get(ent.label_)
        if kind is None and ent.label_ not in _ACTOR_LABELS:
            continue
        for part in _PARTS.split(text):
            words = tuple(_WORDS.findall(part))
            if words:
                readings.setdefault(words, Counter())[kind or "actor"] += 1
    return readings


def _medium(text: str, lex: ActorLexicon) -> bool:
    """A name (its text) of a medium: a listed one, or one ending in a media noun."""
    words = text.lower().split()
    if lex.nonactors.get(" ".join(text.split())) == "media":
        return True
    return any(lex.context.get(" ".join(words[-n:])) == "media-noun" for n in (1, 2))


def _role_token(token: Token) -> Token:
    while token.dep_ == "conj" and token.head is not token:
        token = token.head
    return token


def _context(token: Token, lex: ActorLexicon) -> str:
    word = token.lemma_.lower()
    if word in lex.titles:
        return "title"
    if word in lex.groups or token.lower_ in lex.groups:
        return "group"
    return lex.context.get(word, "")


def _position(
    cand: Candidate, span: Span, lex: ActorLexicon, media: set[str]
) -> str | None:
    """The non-actor position of one mention, or None when it may take part."""
    if cand.fixed or cand.kind not in _UNCLASSIFIED:
        return None
    if cand.kind == "person" and cand.key not in media:
        # people in passing still count
        return _journalist(span, media) or _not_a_person(cand, span)
    found = _frame(span, lex, cand.key in media)
    return None if found is None else _own_kind(span, lex) or found


def _journalist(span: Span, media: set[str]) -> str | None:
    """ "journalist" for a person whose owner or "of" is a medium."""
    doc = span.doc
    for token in span.root.children:
        owner = token if token.dep_ == "poss" else None
        if token.dep_ == "prep" and token.lower_ == "of":
            owner = next((t for t in token.children if t.dep_ == "pobj"), None)
        if owner is not None:
            name = " ".join(
                t.text for t in doc[owner.left_edge.i : owner.i + 1] if t.text != "'s"
            )
            if any(name.endswith(m) for m in media):
                return "journalist"
    return None


def _not_a_person(cand: Candidate, span: Span) -> str | None:
    """A name the NER read as a person that the sentence shows is none.

    "Rudaw reports ...": a lone word that only reports is an outlet (a person
    who reports is named in full); "the name of this area is X": a name given,
    not a person.
    """
    token = _role_token(span.root)
    if " " not in cand.key and token.dep_ == "nsubj" and token.head.lemma_ == "report":
        return "source"
    if token.dep_ == "attr" and any(
        c.dep_ == "nsubj" and c.lemma_.lower() == "name" for c in token.head.children
    ):
        return "bystander"
    return None


def _frame(span: Span, lex: ActorLexicon, medium: bool) -> str | None:
    """source, affiliation or bystander for a mention that takes no part."""
    token = _role_token(span.root)
    head = token.head
    dep = token.dep_
    if medium:
        return None if _acted_on(token) else "source"
    if dep == "pobj":
        prep = head.lower_
        verb = head.head
        if prep == "to" and head.i > 0 and head.doc[head.i - 1].lower_ == "according":
            return "source"
        if prep in ("to", "with") and verb.lemma_.lower() in _SPEAKING:
            return "source"
        if (
            prep in _WRITING_FOR
            and lex.context.get(verb.lemma_.lower()) == "press-noun"
        ):
            return "source"  # "a contributor to Slate", "columnist for the Star"
        if prep == "by" and verb.lemma_.lower() in _REPORTING:
            return "source"
        if prep in _AFFILIATING and verb.ent_type_ == "PERSON":
            # "X of the Freedom Party" is a member's tie to a body that acts;
            # "X of PBS", "X from Lagos University" only say where X works
            political = prep == "of" and _head_noun(span, lex) == "body-noun"
            return None if political else "affiliation"
        if _context(head, lex) == "locative-preposition" or prep in _MOTION:
            return "place" if _own_kind(span, lex) == "place" else None
        if prep in _EXAMPLE or (head.dep_ == "prep" and prep == "as"):
            return "bystander"
        if prep == "of" and _context(verb, lex) in _THING_HEADS:
            return "bystander"  # "a temple of Christendom", not "the call of X"
        return None
    body = span.root.ent_type_ != "PERSON"
    if dep == "nsubj" and head.lemma_.lower() in _REPORTING and body:
        return "source"
    if dep == "nsubj" and head.lemma_.lower() in _HAPPENING and not _has_object(head):
        return "bystander"  # "the zoo has shut": what happens to it, no act
    if dep == "dobj" and head.lemma_.lower() == "tell" and body:
        return "source"
    if dep in ("attr", "oprd"):
        return "bystander"
    if dep in ("compound", "poss") and head.ent_type_ == "PERSON" and head not in span:
        return "affiliation"
    if dep in ("compound", "amod") and _describes_person(head, lex):
        # "Freedom Party leader X" names an office in the body (an affiliation
        # tie); "Lagos Jazz Band drummer X" only says where X plays
        return None if head.lemma_.lower() in lex.roles else "affiliation"
    if (
        dep == "appos"
        and head.pos_ == "NOUN"
        and _context(head, lex) not in _ACTOR_HEADS
    ):
        # "the services Medicare and Medicaid", "a former church": not "the case X"
        thing = head.tag_ == "NNS" or _context(head, lex) in _THING_HEADS
        return "bystander" if thing else None
    return None


def _has_object(verb: Token) -> bool:
    return any(c.dep_ in ("dobj", "attr", "oprd") for c in verb.children)


def _describes_person(token: Token, lex: ActorLexicon) -> bool:
    """A title, or a noun before a person's name ("drummer" of "drummer X")."""
    if _context(token, lex) == "title":
        return True
    return (
        token.pos_ == "NOUN"
        and token.dep_ == "compound"
        and token.head.ent_type_ == "PERSON"
    )


def _head_word(span: Span) -> str:
    """A name's head noun, lowercase: "party" of "Freedom Party", "bank" of
    "Bank of Kano"."""
    words = span.text.split()
    return (words[words.index("of") - 1] if "of" in words[1:] else words[-1]).lower()


def _head_noun(span: Span, lex: ActorLexicon) -> str:
    """The context role of a name's head noun ("body-noun" for "Freedom Party")."""
    return lex.context.get(_head_word(span), "")


def _acted_on(token: Token) -> bool:
    """True for the object of an act: "fined Facebook", "Facebook was sued"."""
    if token.dep_ in ("dobj", "nsubjpass"):
        return token.head.lemma_.lower() not in _SPEAKING | _ASKING
    return token.dep_ == "pobj" and token.head.lower_ == "against"


def _own_kind(span: Span, lex: ActorLexicon) -> str | None:
    """place or thing from the name's head noun or a noun in apposition to it."""
    nouns = [_head_word(span)] + [
        t.lemma_.lower() for t in span.root.children if t.dep_ in ("appos", "attr")
    ]
    for noun in nouns:
        role = lex.context.get(noun, "")
        if role == "place-noun":
            return "place"
        if role in ("thing-noun", "event-noun"):
            return "thing"
    return None
