"""Name-level rules behind :mod:`graphkit.extract.ner`: normalising, titles, places, groups, links."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from spacy.tokens import Doc, Span, Token

__all__ = [
    "COMPOUND_PREFIX",
    "LEXICON_PARTS",
    "Qualifier",
    "acts",
    "dateline_country",
    "entity_index",
    "group_qualifier",
    "heads_group_phrase",
    "inner_possessive",
    "is_group_name",
    "is_noise",
    "link_in_document",
    "match_group_entry",
    "normalise",
    "place_use",
    "strip_titles",
    "trim",
]

LEXICON_PARTS = (
    "aliases", "demonyms", "peoples", "titles", "title_first", "title_last", "title_len",
    "groups", "context", "nonactors",
)
COMPOUND_PREFIX = re.compile(
    r"^(.+?)-(?:led|backed|based|allied|aligned|sponsored|funded|supported|"
    r"brokered|controlled|run|owned|held|armed|trained|linked)$"
)
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
_DETERMINERS = frozenset({"the", "a", "an"})
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})
_ACTING_DEPS = frozenset({"nsubj"})
_NAME_PARTICLE = re.compile(r"^(?:[AaEe]l|[Aa][dnrsz]|[Aa]sh)-(?=\w)")


def normalise(text: str) -> str:
    """Return a name as a key: straight quotes, single spaces, no article or possessive.

    Examples
    --------
    >>> normalise("the  Kremlin’s")
    'Kremlin'
    >>> normalise("Shi’ite")
    "Shi'ite"
    """
    text = " ".join(text.translate(_QUOTES).replace("(", "").replace(")", "").split())
    text = re.sub(r"^(?:the|The|THE)\s+", "", text)
    text = re.sub(r"(?<=\w)'s$|(?<=s)'$", "", text)
    return text.strip(" ,;:\"'-")


def trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop leading articles and trailing possessive markers from a token range."""
    while start < end and doc[start].lower_ in _DETERMINERS:
        start += 1
    while end > start and (doc[end - 1].text in _POSSESSIVE or doc[end - 1].is_punct):
        end -= 1
    return start, end


def inner_possessive(doc: Doc, start: int, end: int) -> int | None:
    """Index of an "'s" inside a name ("Iraq's Popular Mobilization Forces"), if any.

    A bare apostrophe is part of the name ("Kurdistan Workers' Party").
    """
    for i in range(start + 1, end - 1):
        if doc[i].text in ("'s", "’s"):
            return i
    return None


def _title_key(span: Span) -> str:
    return " ".join(span.text.lower().replace(".", " ").split())


def _word(token: Token) -> str:
    return token.lower_.replace(".", "")


def title_at(doc: Doc, start: int, end: int, lex: dict[str, Any]) -> tuple[int, bool]:
    """Longest title starting at ``start`` and ending before ``end``: (length, implies person)."""
    if start >= end or _word(doc[start]) not in lex["title_first"]:
        return 0, False
    for n in range(min(lex["title_len"] + 3, end - start), 0, -1):
        implies = lex["titles"].get(_title_key(doc[start : start + n]))
        if implies is not None:
            return n, implies
    return 0, False


def strip_titles(
    doc: Doc, start: int, end: int, lex: dict[str, Any], label: str
) -> tuple[int, bool]:
    """Skip leading titles ("Grand Ayatollah", "U.S. President", "Lt Col").

    Returns the new start and whether a title vouches for a person (one just
    before the name counts too). Titles that do not imply a person ("General")
    are only stripped from PERSON names, so "General Motors" stays whole.
    """
    person = _titled_before(doc, start, lex)
    while start < end:
        n, implies = title_at(doc, start, end, lex)
        if n and (implies or label == "PERSON"):
            start, person = start + n, True
            continue
        skip = _nationality_before_title(doc, start, end, lex)
        if not skip:
            break
        start += skip
    return start, person


def _titled_before(doc: Doc, start: int, lex: dict[str, Any]) -> bool:
    if start == 0 or doc[start - 1].is_punct or _word(doc[start - 1]) not in lex["title_last"]:
        return False
    for n in range(1, min(lex["title_len"] + 3, start) + 1):
        if doc[start - n + 1].is_sent_start:
            break
        implies = lex["titles"].get(_title_key(doc[start - n : start]))
        if implies:
            return True
    return False


def _nationality_before_title(doc: Doc, start: int, end: int, lex: dict[str, Any]) -> int:
    """Length of "Iranian " / "Iran's " / "U.S. " when a title follows, else 0."""
    for n in (1, 2, 3):
        if start + n >= end:
            break
        if normalise(doc[start : start + n].text) not in lex["aliases"]:
            continue
        skip = n + (doc[start + n].text in _POSSESSIVE)
        if start + skip < end and title_at(doc, start + skip, end, lex)[0]:
            return skip
    return 0


def _context(token: Token, lex: dict[str, Any]) -> str:
    return lex["context"].get(token.lemma_.lower(), "")


def is_noise(span: Span, key: str, lex: dict[str, Any]) -> bool:
    """True for names that are media, weapons, events, headings or capitalised common words.

    Names with digits are measures or codes ("Humberto 785 miles", "A320").
    """
    words = key.lower().split()
    media = {lex["context"].get(" ".join(words[-n:])) for n in (1, 2)}
    root = span.root
    if "media-noun" in media or (
        root.dep_ in ("compound", "appos", "nmod") and _context(root.head, lex) == "media-noun"
    ):
        return True
    if any(
        c.dep_ in ("appos", "amod", "compound") and _context(c, lex) == "media-noun"
        for c in root.children
    ):
        return True
    if root.dep_ == "compound" and _context(root.head, lex) == "weapon-noun":
        return True
    if len(words) > 1 and key.upper() == key and any(len(w) > 3 for w in words):
        return True
    if lex["context"].get(words[0]) == "event-noun" or any(ch.isdigit() for ch in key):
        return True
    if _inside_title(span, lex):
        return True
    return len(span) == 1 and span[0].is_sent_start and span[0].pos_ != "PROPN"


def _inside_title(span: Span, lex: dict[str, Any]) -> bool:
    """ "Supreme" of "Supreme Leader", "State" of "Secretary of State"."""
    doc, limit = span.doc, lex["title_len"] + 3
    for begin in range(max(0, span.start - limit), span.start + 1):
        n, _ = title_at(doc, begin, min(len(doc), begin + limit), lex)
        if n and begin + n >= span.end:
            return True
    return False


def _role_token(token: Token) -> Token:
    while token.dep_ == "conj" and token.head is not token:
        token = token.head
    return token


def place_use(span: Span, lex: dict[str, Any], *, strict: bool) -> bool:
    """True when a place name is used as a location, not as an actor.

    "in Baghdad", "Baghdad's Green Zone", "a Baghdad district", "the capital
    Baghdad", "the city of Nassiriya", "Nassiriya, Iraq". ``strict`` adds
    "from"/"to" (for cities and capitals, where "flew to Baghdad" is a place).
    """
    token = _role_token(span.root)
    head = token.head
    if token.dep_ == "pobj":
        prep = head.lower_
        if _context(head, lex) == "locative-preposition" or (strict and prep in ("from", "to")):
            return True
        return prep == "of" and _context(head.head, lex) == "place-noun"
    if token.dep_ in ("poss", "compound", "nmod", "appos", "npadvmod"):
        if _context(head, lex) == "place-noun":
            return True
        return bool(head.ent_type_ in ("GPE", "LOC", "FAC") and head not in span)
    return False


def acts(token: Token) -> bool:
    """True when a name is the subject of a verb other than "be", or a passive agent."""
    token = _role_token(token)
    if token.dep_ in _ACTING_DEPS:
        return token.head.lemma_ != "be"
    return token.dep_ == "pobj" and token.head.dep_ == "agent"


def dateline_country(dateline: str, lex: dict[str, Any]) -> str | None:
    """The country of a dateline ("BAGHDAD", "NASSIRIYA, Iraq"), via the alias table.

    Examples
    --------
    >>> lex = {"aliases": {"Khartoum": ["Sudan", "capital"]}}
    >>> dateline_country("KHARTOUM", lex)
    'Sudan'
    """
    for part in reversed(dateline.split(",")):
        name = " ".join(w.capitalize() for w in part.split())
        for candidate in (part.strip(), name):
            alias = lex["aliases"].get(candidate)
            if alias and alias[1] in ("country", "capital"):
                return alias[0]
    return None


def entity_index(doc: Doc) -> dict[int, Span]:
    """Map each token index inside an entity to that entity."""
    return {i: ent for ent in doc.ents for i in range(ent.start, ent.end)}


def heads_group_phrase(token: Token, ent_of: dict[int, Span], lex: dict[str, Any]) -> bool:
    """True when a group noun heads its own phrase (not "police vehicles", not in a name)."""
    if token.pos_ not in ("NOUN", "PROPN"):
        return False
    ent = ent_of.get(token.i)
    if ent is not None and normalise(ent.text).lower() not in _group_names(token, lex):
        return False
    return not (token.dep_ in ("compound", "amod", "nmod") and token.head.pos_ in ("NOUN", "PROPN"))


def is_group_name(span: Span, key: str, lex: dict[str, Any]) -> bool:
    """True when an entity is just a group noun ("Parliament"): the group rule keys it."""
    names = {e["name"].lower() for e in _group_entries(span[-1], lex)}
    return key.lower() in names and heads_group_phrase(span[-1], {}, lex)


def _group_entries(token: Token, lex: dict[str, Any]) -> list[dict[str, Any]]:
    return lex["groups"].get(token.lemma_.lower()) or lex["groups"].get(token.lower_, [])


def _group_names(token: Token, lex: dict[str, Any]) -> set[str]:
    return {entry["name"].lower() for entry in _group_entries(token, lex)} | {token.lower_}


def match_group_entry(doc: Doc, token: Token, entries: list[dict[str, Any]]):
    """The longest entry whose modifier words precede ``token``, with its first token."""
    best, first = None, token.i
    for entry in entries:
        mods = entry["modifiers"]
        start = token.i - len(mods)
        if start < 0 or [t.lower_ for t in doc[start : token.i]] != mods:
            continue
        if best is None or len(mods) > len(best["modifiers"]):
            best, first = entry, start
    return best, first


@dataclass(frozen=True)
class Qualifier:
    """A nationality qualifying a group noun: its entity start, country (if any), adjective."""

    start: int
    country: str | None
    adjective: str


def group_qualifier(
    token: Token, first: int, ent_of: dict[int, Span], lex: dict[str, Any]
) -> Qualifier | None:
    """The nationality or NORP entity modifying a group noun ("Iraqi", "U.S.", "Iraq's")."""
    for child in token.lefts:
        ent = ent_of.get(child.i)
        if child.i >= first or ent is None or child.dep_ not in ("amod", "compound", "nmod", "poss"):
            continue
        if not _adjacent(ent, first) or ent[0].lower_ in ("pro", "anti"):
            continue  # "Iran-backed", "pro-Iran", "Iran and world powers": not a nationality
        name = normalise(ent.text)
        alias = lex["aliases"].get(ent.ent_id_ or name) or lex["aliases"].get(name)
        if alias and alias[1] in ("country", "capital", "territory", "demonym", "people"):
            return Qualifier(ent.start, alias[0], lex["demonyms"].get(alias[0], alias[0]))
        if ent.label_ == "NORP":
            return Qualifier(ent.start, None, name)
    return None


def _adjacent(ent: Span, first: int) -> bool:
    """True when only modifiers stand between a qualifier entity and the group noun."""
    doc = ent.doc
    if ent.end < len(doc) and doc[ent.end].text == "-":
        return False
    between = doc[ent.end : first]
    return all(t.text in _POSSESSIVE or t.dep_ in ("amod", "compound", "nmod") for t in between)


def link_in_document(doc: Doc, found: list, lex: dict[str, Any]) -> list:
    """Apply in-document definitions and name links to candidates (see module rules)."""
    found = _parenthetical_first_names(doc, found)
    aliases = _definitions(doc, found)
    found = [c if c.fixed or c.key not in aliases else replace(c, key=aliases[c.key]) for c in found]
    found += _undefined_acronym_uses(doc, found, aliases)
    return _link_short_names(found)


def _parenthetical_first_names(doc: Doc, found: list) -> list:
    """ "(Esmail) Ghaani" -> one name "Esmail Ghaani"."""
    out, drop = [], set()
    for c in found:
        s = c.start
        if s >= 3 and doc[s - 1].text == ")" and doc[s - 3].text == "(" and doc[s - 2].is_title:
            first = doc[s - 3]
            out.append(replace(c, start=s - 3, start_char=first.idx,
                               key=f"{doc[s - 2].text} {c.key}", kind="person", person=True))
            drop.add(s - 2)
        else:
            out.append(c)
    return [c for c in out if c.start not in drop]


def _definitions(doc: Doc, found: list) -> dict[str, str]:
    """ "Name (ACR)" (when ACR spells the initials) and "Name, or Translation" -> {alias: name}."""
    by_start = {c.start: c for c in found}
    aliases: dict[str, str] = {}
    for c in found:
        e = c.end + (c.end < len(doc) and doc[c.end].text in ("'s", "’s"))
        if e + 2 < len(doc) and doc[e].text == "(" and doc[e + 2].text == ")":
            inner = doc[e + 1]
            if inner.is_upper and _is_acronym(inner.text, c.key):
                aliases.setdefault(inner.text, c.key)
        elif e + 2 < len(doc) and doc[e].text == "," and doc[e + 1].lower_ == "or":
            alias = by_start.get(e + 2) or by_start.get(e + 3)
            if alias is not None and alias.key != c.key and not alias.fixed:
                aliases.setdefault(alias.key, c.key)
    return aliases


def _is_acronym(acronym: str, name: str) -> bool:
    letters = acronym.replace(".", "")
    initials = "".join(w[0] for w in re.split(r"[\s-]+", name) if w and w[0].isupper())
    return len(letters) >= 2 and letters.upper() == initials.upper()


def _undefined_acronym_uses(doc: Doc, found: list, aliases: dict[str, str]) -> list:
    """Mentions for later uses of a defined acronym that the NER did not tag."""
    acronyms = {a for a in aliases if a.isupper()}
    if not acronyms:
        return []
    taken = {i for c in found for i in range(c.start, c.end)}
    template = next(c for c in found if c.key in aliases.values())
    return [
        replace(template, start=t.i, end=t.i + 1, start_char=t.idx,
                end_char=t.idx + len(t.text), label="ORG", key=aliases[t.text])
        for t in doc
        if t.text in acronyms and t.i not in taken and doc[t.i - 1].text != "("
    ]


def _name_variants(key: str) -> set[str]:
    """Surname, family names and first name of a multi-word person name."""
    words = [_NAME_PARTICLE.sub("", w) for w in key.split()]
    variants = {" ".join(words[i:]) for i in range(1, len(words))}
    return variants | {words[0]}


def _link_short_names(found: list) -> list:
    """A name that is the surname/first name of exactly one person here takes the full name."""
    people = {c.key for c in found if c.kind == "person" and len(c.key.split()) > 1}
    owners: dict[str, set[str]] = {}
    for person in sorted(people):
        for variant in _name_variants(person):
            owners.setdefault(variant, set()).add(person)
    full = {p: _full_name(p, owners) for p in people}
    out = []
    for c in found:
        match = {full[o] for o in owners.get(_NAME_PARTICLE.sub("", c.key), ())} - {c.key}
        if not c.fixed and len(match) == 1:
            c = replace(c, key=match.pop(), kind="person", person=True)
        out.append(c)
    return out


def _full_name(person: str, owners: dict[str, set[str]]) -> str:
    """Follow "Abdul Mahdi" -> "Adel Abdul Mahdi" while the longer name is unique."""
    seen = {person}
    while len(longer := owners.get(person, set()) - seen) == 1:
        person = longer.pop()
        seen.add(person)
    return person
