"""Group-noun and nationality rules behind :mod:`graphkit.extract.mentions.ner`."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from graphkit.extract.mentions.names import NATIONAL_TYPES, POSSESSIVE, normalise
from graphkit.lexicons import ActorLexicon

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from graphkit.extract.columns import Columns

__all__ = [
    "HomeCountry",
    "Qualifier",
    "dateline_country",
    "entity_index",
    "entries_for",
    "group_qualifiers",
    "heads_group_phrase",
    "home_country",
    "is_generic",
    "is_group_name",
    "match_group_entry",
    "proper_name_start",
]


def dateline_country(dateline: str, lex: ActorLexicon) -> str | None:
    """The one country of a dateline's places (capitals, countries in the alias table).

    Examples
    --------
    >>> capitals = {"Khartoum": "Sudan", "Juba": "South Sudan"}
    >>> lex = ActorLexicon(aliases={k: (v, "capital") for k, v in capitals.items()})
    >>> dateline_country("KHARTOUM (Reuters) -", lex)
    'Sudan'
    >>> dateline_country("KHARTOUM/JUBA (Reuters) -", lex) is None
    True
    """
    places = re.split(r"[,/]", re.sub(r"\(.*?\)|[-–—]", " ", dateline))
    found = set()
    for place in places:
        for name in (place.strip(), " ".join(w.capitalize() for w in place.split())):
            alias = lex.aliases.get(name)
            if alias and alias[1] in ("country", "capital", "territory"):
                found.add(alias[0])
                break
    return found.pop() if len(found) == 1 else None


@dataclass(frozen=True)
class HomeCountry:
    """Which country an unqualified domestic group noun ("the police") belongs to.

    Evidence, strongest first: the article's dateline; a clear majority of
    the document's country names (three or more, and at least two thirds of
    them); the country named in the same or the previous sentence when it is
    the only one named there and also the document's most named one (named
    twice or more). Without such evidence the group keeps its bare key.
    """

    dateline: str | None
    majority: str | None
    top: str | None
    sentence_countries: tuple[frozenset[str], ...]

    def at(self, sent: int) -> str | None:
        """The home country for a group noun in sentence ``sent``, or None."""
        if self.dateline or self.majority:
            return self.dateline or self.majority
        near = self.sentence_countries[max(0, sent - 1) : sent + 1]
        named = frozenset().union(*near)
        return self.top if len(named) == 1 and self.top in named else None


def home_country(
    cols: Columns, sent_starts: list[int], dateline: str, lex: ActorLexicon
) -> HomeCountry:
    """Collect the evidence of :class:`HomeCountry` for one document from its
    entities (``cols.ents``).

    Examples
    --------
    >>> home = HomeCountry(None, None, "Sudan", (frozenset({"Sudan"}), frozenset()))
    >>> home.at(1), HomeCountry(None, None, None, (frozenset(),)).at(0)
    ('Sudan', None)
    """
    per_sentence: list[set[str]] = [set() for _ in sent_starts]
    counts: dict[str, int] = {}
    for ent, text in zip(cols.ents, cols.ent_texts, strict=True):
        alias = lex.aliases.get(normalise(text))
        if alias and alias[1] in NATIONAL_TYPES:
            counts[alias[0]] = counts.get(alias[0], 0) + 1
            per_sentence[bisect_right(sent_starts, ent.start) - 1].add(alias[0])
    ranked = sorted(counts, key=lambda c: (-counts[c], c))
    top = ranked[0] if ranked else None
    tied = len(ranked) > 1 and counts[ranked[1]] == counts[ranked[0]]
    if top and (counts[top] < 2 or tied):
        top = None
    total = sum(counts.values())
    majority = (
        top if top and counts[top] >= 3 and 3 * counts[top] >= 2 * total else None
    )
    return HomeCountry(
        dateline_country(dateline, lex),
        majority,
        top,
        tuple(frozenset(s) for s in per_sentence),
    )


def entity_index(ents: Sequence[Span]) -> dict[int, Span]:
    """Map each token index inside an entity of ``ents`` to that entity."""
    return {i: ent for ent in ents for i in range(ent.start, ent.end)}


def heads_group_phrase(
    token: Token, ent_of: dict[int, Span], lex: ActorLexicon
) -> bool:
    """True when a group noun heads its phrase (not "police vehicles", not a name)."""
    if token.pos_ not in ("NOUN", "PROPN"):
        return False
    ent = ent_of.get(token.i)
    if ent is not None and normalise(ent.text).lower() not in _group_names(token, lex):
        return False
    return not (
        token.dep_ in ("compound", "amod", "nmod")
        and token.head.pos_ in ("NOUN", "PROPN")
    )


_BELOW_STATE = frozenset({"local-modifier", "place-noun"})
_INDEFINITE = frozenset({"a", "an", "any", "another", "each", "every", "no", "some"})


def is_generic(token: Token, lex: ActorLexicon) -> bool:
    """True for a state noun used generically or below the state.

    "a government", "levels of government", "local government", "the city
    administration": indefinite, a bare singular, or modified by a
    ``local-modifier`` or ``place-noun`` context word.
    """
    if (
        token.tag_ == "NN"
        and token.is_lower
        and not any(child.dep_ in ("det", "poss", "compound") for child in token.lefts)
    ):
        return True  # a mass noun: "levels of government"
    return any(
        (child.dep_ == "det" and child.lower_ in _INDEFINITE)
        or (
            child.dep_ in ("amod", "compound", "nmod")
            and lex.context.get(child.lemma_.lower()) in _BELOW_STATE
        )
        for child in token.lefts
    )


def is_group_name(span: Span, key: str, lex: ActorLexicon) -> bool:
    """True when an entity is just a group noun ("Parliament"): a group, not a name."""
    names = {e["name"].lower() for e in entries_for(span[-1], lex)}
    lowered = key.lower()
    return (lowered in names or lowered in lex.groups) and heads_group_phrase(
        span[-1], {}, lex
    )


def entries_for(token: Token, lex: ActorLexicon) -> Sequence[Mapping[str, Any]]:
    """The ``groups.jsonl`` entries a noun may head, by lemma or form.

    Entries marked ``plural_only`` need a plural ("youths", not "in his youth").
    """
    entries = lex.groups.get(token.lemma_.lower()) or lex.groups.get(token.lower_, ())
    if token.tag_ in ("NNS", "NNPS"):
        return entries
    return [entry for entry in entries if not entry.get("plural_only")]


def _group_names(token: Token, lex: ActorLexicon) -> set[str]:
    return {entry["name"].lower() for entry in entries_for(token, lex)} | {token.lower_}


def match_group_entry(doc: Doc, token: Token, entries: Sequence[Mapping[str, Any]]):
    """The longest entry whose modifiers precede ``token``, and its first token."""
    best, first = None, token.i
    for entry in entries:
        mods = entry["modifiers"]
        start = token.i - len(mods)
        if start < 0 or [t.lower_ for t in doc[start : token.i]] != mods:
            continue
        if best is None or len(mods) > len(best["modifiers"]):
            best, first = entry, start
    return best, first


def proper_name_start(token: Token, first: int, lex: ActorLexicon) -> int | None:
    """Start of a capitalised name ending in ``token`` ("Popular Defence Forces").

    ``first`` is where the group entry's own modifiers begin ("Security Forces");
    capitalised nationalities ("Sudanese Armed Forces") do not make a name.
    """
    if not token.is_title:
        return None
    start, named = token.i, False
    while start > 0:
        left = token.doc[start - 1]
        if not (left.is_title and left.dep_ in ("compound", "amod", "nmod")):
            break
        start -= 1
        if start < first and normalise(left.text) not in lex.aliases:
            named = True
    return start if named else None


@dataclass(frozen=True)
class Qualifier:
    """A nationality qualifying a group noun: its entity span, country, adjective."""

    start: int
    end: int
    country: str | None
    adjective: str


def group_qualifiers(
    token: Token, first: int, ent_of: dict[int, Span], lex: ActorLexicon
) -> list[Qualifier]:
    """The nationalities modifying a group noun, in text order ("Kenyan and Ugandan").

    Only the last may be joined to the noun by further modifiers; an entity
    followed by a hyphen ("Rwanda-backed") or prefixed ("pro-Rwanda") is a stance.
    """
    for child in token.lefts:
        ent = ent_of.get(child.i)
        if child.i >= first or ent is None:
            continue
        if child.dep_ not in ("amod", "compound", "nmod", "poss"):
            continue
        chain = [ent] + [ent_of[c.i] for c in child.conjuncts if c.i in ent_of]
        chain.sort(key=lambda span: span.start)
        if not _adjacent(chain[-1], first) or ent[0].lower_ in ("pro", "anti"):
            continue
        qualifiers = [_qualifier(span, lex) for span in chain]
        return [q for q in qualifiers if q is not None]
    return []


def _qualifier(ent: Span, lex: ActorLexicon) -> Qualifier | None:
    name = normalise(ent.text)
    alias = lex.aliases.get(ent.ent_id_ or name) or lex.aliases.get(name)
    if alias and alias[1] in NATIONAL_TYPES:
        adjective = lex.demonyms.get(alias[0], alias[0])
        return Qualifier(ent.start, ent.end, alias[0], adjective)
    if ent.label_ == "NORP":
        return Qualifier(ent.start, ent.end, None, name)
    return None


def _adjacent(ent: Span, first: int) -> bool:
    """True when only modifiers stand between a qualifier entity and the group noun."""
    doc = ent.doc
    if ent.end < len(doc) and doc[ent.end].text == "-":
        return False
    between = doc[ent.end : first]
    return all(
        t.text in POSSESSIVE or t.dep_ in ("amod", "compound", "nmod") for t in between
    )
