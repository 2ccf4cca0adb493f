"""Group-noun and nationality rules behind :mod:`graphkit.extract.ner`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Span, Token

from graphkit.extract._names import NATIONAL_TYPES, POSSESSIVE, normalise

__all__ = [
    "Qualifier",
    "dateline_country",
    "entity_index",
    "group_qualifiers",
    "heads_group_phrase",
    "is_group_name",
    "main_country",
    "match_group_entry",
    "proper_name_start",
]


def dateline_country(dateline: str, lex: dict[str, Any]) -> str | None:
    """The one country of a dateline's places (capitals, countries in the alias table).

    Examples
    --------
    >>> capitals = {"Khartoum": "Sudan", "Juba": "South Sudan"}
    >>> lex = {"aliases": {k: [v, "capital"] for k, v in capitals.items()}}
    >>> dateline_country("KHARTOUM (Reuters) -", lex)
    'Sudan'
    >>> dateline_country("KHARTOUM/JUBA (Reuters) -", lex) is None
    True
    """
    places = re.split(r"[,/]", re.sub(r"\(.*?\)|[-–—]", " ", dateline))
    found = set()
    for place in places:
        for name in (place.strip(), " ".join(w.capitalize() for w in place.split())):
            alias = lex["aliases"].get(name)
            if alias and alias[1] in ("country", "capital", "territory"):
                found.add(alias[0])
                break
    return found.pop() if len(found) == 1 else None


def main_country(doc: Doc, lex: dict[str, Any]) -> str | None:
    """The country of at least half (and at least two) of a doc's country names."""
    counts: dict[str, int] = {}
    for ent in doc.ents:
        alias = lex["aliases"].get(normalise(ent.text))
        if alias and alias[1] in NATIONAL_TYPES:
            counts[alias[0]] = counts.get(alias[0], 0) + 1
    if not counts:
        return None
    best = max(sorted(counts), key=counts.__getitem__)
    return (
        best if counts[best] >= 2 and 2 * counts[best] >= sum(counts.values()) else None
    )


def entity_index(doc: Doc) -> dict[int, Span]:
    """Map each token index inside an entity to that entity."""
    return {i: ent for ent in doc.ents for i in range(ent.start, ent.end)}


def heads_group_phrase(
    token: Token, ent_of: dict[int, Span], lex: dict[str, Any]
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


def is_group_name(span: Span, key: str, lex: dict[str, Any]) -> bool:
    """True when an entity is just a group noun ("Parliament"): a group, not a name."""
    names = {e["name"].lower() for e in _group_entries(span[-1], lex)}
    lowered = key.lower()
    return (lowered in names or lowered in lex["groups"]) and heads_group_phrase(
        span[-1], {}, lex
    )


def _group_entries(token: Token, lex: dict[str, Any]) -> list[dict[str, Any]]:
    return lex["groups"].get(token.lemma_.lower()) or lex["groups"].get(
        token.lower_, []
    )


def _group_names(token: Token, lex: dict[str, Any]) -> set[str]:
    return {entry["name"].lower() for entry in _group_entries(token, lex)} | {
        token.lower_
    }


def match_group_entry(doc: Doc, token: Token, entries: list[dict[str, Any]]):
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


def proper_name_start(token: Token, first: int, lex: dict[str, Any]) -> int | None:
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
        if start < first and normalise(left.text) not in lex["aliases"]:
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
    token: Token, first: int, ent_of: dict[int, Span], lex: dict[str, Any]
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


def _qualifier(ent: Span, lex: dict[str, Any]) -> Qualifier | None:
    name = normalise(ent.text)
    alias = lex["aliases"].get(ent.ent_id_ or name) or lex["aliases"].get(name)
    if alias and alias[1] in NATIONAL_TYPES:
        adjective = lex["demonyms"].get(alias[0], alias[0])
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
