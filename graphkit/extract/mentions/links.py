"""In-document name links for the mention finder: definitions, short names."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from graphkit.extract.mentions.candidates import Candidate
from graphkit.extract.mentions.names import NAME_PARTICLE, normalise

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from graphkit.extract.columns import Columns

__all__ = ["defined_acronyms", "link_in_document"]

# Words a part of a name cannot end with ("European Court of").
_DANGLING = frozenset({"of", "and", "for", "the", "de", "&", "on", "in"})


def link_in_document(
    doc: Doc, cols: Columns, found: Sequence[Candidate]
) -> list[Candidate]:
    """Apply in-document definitions and name links to candidates (see module
    rules); ``cols`` are ``doc``'s token columns."""
    found = _mend_split_names(doc, _parenthetical_first_names(doc, found))
    found = _expanded_acronyms(doc, found)
    nicknames = _nicknames(doc, found)
    found = [_nicknamed(c, nicknames) for c in found]
    aliases = _definitions(doc, found)
    found = [_defined(c, aliases) for c in found]
    found += _undefined_acronym_uses(doc, cols, found, aliases)
    found = _link_short_names(found)
    found = _link_organisation_short_names(found)
    return found + _untagged_names(doc, cols, found)


def defined_acronyms(doc: Doc, spans: Iterable[Span]) -> frozenset[str]:
    """Acronyms defined in parentheses right after ``spans``: "Clean Air Act (CAA)".

    Examples
    --------
    >>> import spacy
    >>> doc = spacy.blank("en")("The Clean Air Act (CAA) passed.")
    >>> sorted(defined_acronyms(doc, [doc[1:4]]))
    ['CAA']
    """
    found = set()
    for span in spans:
        e = span.end
        if e + 2 < len(doc) and doc[e].text == "(" and doc[e + 2].text == ")":
            inner = doc[e + 1].text
            if _acronym_shaped(inner) and _is_acronym(inner, span.text):
                found.add(inner)
    return frozenset(found)


def _defined(cand: Candidate, aliases: dict[str, str]) -> Candidate:
    """Key an alias by its defined name; a name given an alias is not a person.

    People get no acronyms or translations, so "X, or Y" tagged PERSON by the
    NER is an organisation unless a title vouches for a person.
    """
    if cand.fixed:
        return cand
    key = aliases.get(cand.key, cand.key)
    if key in aliases.values() and cand.kind == "person" and not cand.person:
        return cand.keyed(key, kind="organization")
    return cand.keyed(key)


# The longest full name written in parentheses after an acronym, in tokens.
_LONGEST_EXPANSION = 12


def _expanded_acronyms(doc: Doc, found: Sequence[Candidate]) -> list[Candidate]:
    """ "ACR (Full Name)": the full name is a mention of the acronym's actor.

    Names the NER found inside it ("Iraq", "Syria" of "ISIS (Islamic State of
    Iraq and Syria)") are parts of the name, not mentions of their own; a
    lexicon actor opening it ("Islamic State") is the actor of both.
    """
    out = list(found)
    for c in found:
        text = doc[c.start : c.end].text
        if not (_acronym_shaped(text) and c.end < len(doc) and doc[c.end].text == "("):
            continue
        close = next(
            (
                t.i
                for t in doc[c.end + 1 : c.end + 2 + _LONGEST_EXPANSION]
                if t.text == ")"
            ),
            None,
        )
        if close is None or close == c.end + 1:
            continue
        inner = doc[c.end + 1 : close]
        if not (inner[0].is_title and _is_acronym(text, inner.text)):
            continue
        inside = [d for d in out if inner.start <= d.start and d.end <= inner.end]
        # a lexicon actor opening the full name is the one both stand for
        known = next((d for d in inside if d.fixed and d.start == inner.start), c)
        out = [d for d in out if d not in inside and d is not c]
        out.append(replace(c, key=known.key, kind=known.kind, fixed=known.fixed))
        out.append(
            replace(
                known,
                start=inner.start,
                end=inner.end,
                start_char=inner.start_char,
                end_char=inner.end_char,
            )
        )
    return sorted(out, key=lambda d: d.start)


def _parenthetical_first_names(doc: Doc, found: Sequence[Candidate]) -> list[Candidate]:
    """ "(Joseph) Kabila" -> one name "Joseph Kabila"."""
    out, drop = [], set()
    for c in found:
        s = c.start
        if (
            s >= 3
            and doc[s - 1].text == ")"
            and doc[s - 3].text == "("
            and doc[s - 2].is_title
        ):
            out.append(c.extended_to(doc[s - 3], f"{doc[s - 2].text} {c.key}"))
            drop.add(s - 2)
        else:
            out.append(c)
    return [c for c in out if c.start not in drop]


def _nicknamed(cand: Candidate, nicknames: dict[str, tuple[str, str]]) -> Candidate:
    """The candidate keyed as the person a nickname names, the nickname kept."""
    if cand.fixed or cand.key not in nicknames:
        return cand
    person, nick = nicknames[cand.key]
    return replace(
        cand.keyed(person, kind="person", person=True), written=cand.written or nick
    )


def _mend_split_names(doc: Doc, found: Sequence[Candidate]) -> list[Candidate]:
    """One person from a first name the NER cut off: "Musa" (ORG) + "Bello" (PERSON).

    A single capitalised word tagged ORG right before a PERSON name, with
    nothing between them, is that person's first name (a place before a name,
    "Vermont Bernie Sanders", is not).
    """
    by_start = {c.start: c for c in found}
    out, absorbed = [], set()
    for c in found:
        nxt = by_start.get(c.end)
        if (
            nxt is not None
            and c.end - c.start == 1
            and c.label == "ORG"
            and nxt.label == "PERSON"
            and not (c.fixed or nxt.fixed)
            and doc[c.start].is_title
            and doc[c.start].pos_ == "PROPN"
        ):
            out.append(nxt.extended_to(doc[c.start], f"{c.key} {nxt.key}"))
            absorbed.add(nxt.start)
        else:
            out.append(c)
    return [c for c in out if not (c.start in absorbed and c.label == "PERSON")]


# "X, also known as Y", "X, nicknamed 'Y'", "X, dubbed Y", "X, alias Y".
_NICKNAME_CUES = frozenset({"known", "nicknamed", "dubbed", "called", "alias", "aka"})
_BARE_NICKNAME_CUES = frozenset({"nicknamed", "alias", "aka"})
_QUOTED = re.compile(r'\s["“]([^"”]+)["”]\s')
_QUOTE_TOKENS = frozenset({'"', "'", "“", "”", "‘", "’", "``", "''"})


def _nicknames(doc: Doc, found: Sequence[Candidate]) -> dict[str, tuple[str, str]]:
    """{key: (person key, nickname)} from the ways a text gives a person another name.

    "X, (widely|also|better) known as Y", "X, nicknamed / dubbed 'Y'", a quoted
    name inside a name ('Rahim "The Hammer" Okonkwo' is Rahim Okonkwo), and
    "Y (X)" where X, in parentheses, is a person's full name. Every candidate
    inside the nickname ("Peace" of "Mama Peace") is keyed as the person.
    """
    by_start = {c.start: c for c in found}
    names: dict[str, tuple[str, str]] = {}
    for c in found:
        if c.kind != "person" or c.fixed:
            continue
        quoted = _QUOTED.search(c.key)
        if quoted:
            outer = " ".join(_QUOTED.sub(" ", c.key).split())
            nick = quoted.group(1).strip()
            names.update({c.key: (outer, nick), nick: (outer, nick)})
            continue
        span = _nickname_span(doc, c.end)
        if span is not None:
            nick = normalise(span.text)
            inside = [d.key for d in found if span.start <= d.start < span.end]
            for key in [nick, *inside]:
                if key != c.key and key not in names:
                    names[key] = (c.key, nick)
        inner = by_start.get(c.end + 1)
        if (
            c.end + 1 < len(doc)
            and doc[c.end].text == "("
            and inner is not None
            and inner.kind == "person"
            and " " in inner.key
            and inner.end < len(doc)
            and doc[inner.end].text == ")"
        ):
            names.setdefault(c.key, (inner.key, c.key))
    return names


def _nickname_span(doc: Doc, end: int) -> Span | None:
    """The capitalised name after "known as", "nicknamed"... at ``doc[end]``."""
    comma = end < len(doc) and doc[end].text == ","
    i = end + comma
    while i < len(doc) and doc[i].pos_ == "ADV":
        i += 1
    if i >= len(doc) or not _nickname_cue(doc[i], comma=comma):
        return None
    i += 1 + (i + 1 < len(doc) and doc[i + 1].lower_ == "as")
    while i < len(doc) and doc[i].text in _QUOTE_TOKENS:
        i += 1
    j = i
    while j < len(doc) and (doc[j].is_title or doc[j].is_upper) and doc[j].is_alpha:
        j += 1
    return doc[i:j] if j > i else None


def _nickname_cue(token: Token, *, comma: bool) -> bool:
    """ "known" / "dubbed" as a participle after a comma, or "nicknamed" / "alias".

    Not a verb of the sentence: "Okafor called Bello's plan a ruse".
    """
    if token.lower_ not in _NICKNAME_CUES:
        return False
    return token.lower_ in _BARE_NICKNAME_CUES or (comma and token.tag_ == "VBN")


def _definitions(doc: Doc, found: Sequence[Candidate]) -> dict[str, str]:
    """{alias: name} from "Name (ACR)" (ACR = the initials) and "Name, or Alias"."""
    by_start = {c.start: c for c in found}
    aliases: dict[str, str] = {}
    for c in found:
        e = c.end + (c.end < len(doc) and doc[c.end].text in ("'s", "’s"))
        if e + 2 < len(doc) and doc[e].text == "(" and doc[e + 2].text == ")":
            inner = doc[e + 1]
            if _acronym_shaped(inner.text) and (
                _is_acronym(inner.text, c.key) or _foreign_acronym(c, inner, found)
            ):
                aliases.setdefault(inner.text, c.key)
        elif (translation := _translation(doc, c, by_start.get(e + 1))) is not None:
            aliases.setdefault(translation, c.key)
        elif e + 2 < len(doc) and doc[e].text == "," and doc[e + 1].lower_ == "or":
            alias = by_start.get(e + 2) or by_start.get(e + 3)
            if alias is not None and alias.key != c.key and not alias.fixed:
                aliases.setdefault(alias.key, c.key)
    return aliases


def _foreign_acronym(cand: Candidate, inner: Token, found: Sequence[Candidate]) -> bool:
    """ "People's Protection Units (YPG)": the acronym of the name in its own
    language, right after an organisation's English name, and naming no other
    actor of the document."""
    others = {c.key for c in found if c.fixed and c.start == inner.i}
    return (
        cand.kind == "organization"
        and not cand.fixed
        and len(cand.key.split()) > 1
        and inner.text.isupper()
        and len(inner.text) > 2
        and not others - {cand.key}
    )


def _translation(doc: Doc, cand: Candidate, inner: Candidate | None) -> str | None:
    """The key of "Body (Name in another language)": "the Supreme Court of Justice
    (Oberster Gerichtshof)"; not a person's, a place's or a part of the name."""
    if (
        inner is None
        or cand.kind != "organization"
        or inner.fixed
        or inner.person
        or inner.kind not in ("organization", "person")
        or " " not in inner.key
        or inner.end >= len(doc)
        or doc[inner.start - 1].text != "("
        or doc[inner.end].text != ")"
        or set(inner.key.lower().split()) & set(cand.key.lower().split())
    ):
        return None
    return inner.key


def _acronym_shaped(text: str) -> bool:
    """Capitals, with lowercase letters between them allowed ("ECJ", "AfCFTA")."""
    letters = text.replace(".", "")
    return (
        letters.isalpha()
        and letters[:1].isupper()
        and sum(ch.isupper() for ch in letters) >= 2
    )


def _is_acronym(acronym: str, name: str) -> bool:
    """True when ``acronym`` spells the initials of the capitalised words of
    ``name``; a lowercase letter continues the word before it ("AfCFTA" of
    "African Continental Free Trade Area")."""
    letters = acronym.replace(".", "")
    words = [w for w in re.split(r"[\s-]+", name) if w and w[0].isupper()]
    if len(letters) < 2:
        return False
    i = 0
    for word in words:
        if i >= len(letters) or letters[i].upper() != word[0].upper():
            return False
        i, at = i + 1, 1
        while i < len(letters) and letters[i].islower():
            at = word.lower().find(letters[i], at) + 1
            if not at:
                return False
            i += 1
    return i == len(letters)


def _undefined_acronym_uses(
    doc: Doc, cols: Columns, found: Sequence[Candidate], aliases: dict[str, str]
) -> list[Candidate]:
    """Mentions for uses of a defined acronym that the NER did not tag, the
    definition's own "(ACR)" included: the text names the actor there too."""
    acronyms = {a for a in aliases if _acronym_shaped(a)}
    if not acronyms:
        return []
    taken = {i for c in found for i in range(c.start, c.end)}
    template = next(c for c in found if c.key in aliases.values())
    return [
        template.on_token(t, label="ORG").keyed(aliases[t.text])
        for t in map(doc.__getitem__, cols.where(acronyms))
        if t.i not in taken
    ]


def _untagged_names(
    doc: Doc, cols: Columns, found: Sequence[Candidate]
) -> list[Candidate]:
    """Mentions for names the NER tagged in one place and missed in another.

    An untagged proper noun standing alone is a mention when it is the surname
    of a person named in full in the document, the leading word of an
    organisation's name ("Facebook" of "Facebook Ireland Limited", "Burisma"
    of "Burisma Holdings") or a one-word name tagged elsewhere, names only
    one actor of the document, and is no word the document also writes in
    lowercase ("Chess" of "Chess Federation" beside "chess players").
    """
    owners: dict[str, dict[str, Candidate]] = {}
    leading = set()
    for c in found:
        words = c.key.split()
        if c.kind == "person" and len(words) > 1:
            form = NAME_PARTICLE.sub("", words[-1])
        elif c.kind == "organization" and len(words) > 1 and not c.fixed:
            form = words[0]
            leading.add(form)
        elif c.kind in ("person", "organization") and len(words) == 1:
            form = c.key
        else:
            continue
        if len(form) > 2 and form[0].isupper() and form.lower() not in _DANGLING:
            owners.setdefault(form, {}).setdefault(c.key, c)
    unique = {w: next(iter(cs.values())) for w, cs in owners.items() if len(cs) == 1}
    if not unique:
        return []
    # a word the document also writes in lowercase is a common word ("chess")
    common = {w.lower() for w in unique} & cols.positions.keys()
    taken = {i for c in found for i in range(c.start, c.end)}
    return [
        unique[t.text].on_token(t)
        for t in map(doc.__getitem__, cols.where(unique))
        if t.i not in taken
        and t.lower_ not in common
        and not t.ent_type_
        and t.pos_ == "PROPN"
        and (t.text not in leading or _alone(t))
    ]


def _alone(token: Token) -> bool:
    """A proper noun that is no part of a longer name ("Supreme" of "Supreme Court")."""
    doc = token.doc
    after = doc[token.i + 1] if token.i + 1 < len(doc) else None
    before = doc[token.i - 1] if token.i else None
    return not any(
        t is not None and t.pos_ == "PROPN" and t.text[:1].isupper()
        for t in (before, after)
    )


def _name_variants(key: str) -> set[str]:
    """Surname, family names and first name of a multi-word person name."""
    words = [NAME_PARTICLE.sub("", w) for w in key.split()]
    variants = {" ".join(words[i:]) for i in range(1, len(words))}
    return variants | {words[0]}


def _link_short_names(found: Sequence[Candidate]) -> list[Candidate]:
    """A surname or first name of exactly one person in the doc takes the full name."""
    people = {c.key for c in found if c.kind == "person" and len(c.key.split()) > 1}
    owners: dict[str, set[str]] = {}
    for person in sorted(people):
        for variant in _name_variants(person):
            owners.setdefault(variant, set()).add(person)
    full = {p: _full_name(p, owners) for p in people}
    spelled = _near_spellings(owners)
    out = []
    for c in found:
        form = NAME_PARTICLE.sub("", c.key)
        match = {full[o] for o in owners.get(form, ())} - {c.key}
        if not match and c.kind in ("person", "organization"):
            match = {
                full[o]
                for o in spelled.get(_consonants(form), ())
                if _one_edit(form.lower(), o.split()[-1].lower())
            }
        if not c.fixed and len(match) == 1:
            c = c.keyed(match.pop(), kind="person", person=True)
        out.append(c)
    return out


def _one_edit(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by one letter changed, added or dropped."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    i = next(
        (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y),
        min(len(a), len(b)),
    )
    return a[i + 1 :] == b[i + 1 :] or a[i + 1 :] == b[i:] or a[i:] == b[i + 1 :]


def _consonants(word: str) -> str:
    return re.sub(r"[aeiouy]", "", word.lower())


def _near_spellings(owners: dict[str, set[str]]) -> dict[str, set[str]]:
    """Surnames by their consonants: "Saree" and "Sarea" are one transliterated
    name; a first name or a short name is no evidence of this."""
    spelled: dict[str, set[str]] = {}
    for variant, people in owners.items():
        if " " not in variant and len(variant) > 4:
            last = {p for p in people if p.split()[-1].endswith(variant)}
            if last:
                spelled.setdefault(_consonants(variant), set()).update(last)
    return spelled


def _full_name(person: str, owners: dict[str, set[str]]) -> str:
    """Follow "Abdul Mahdi" -> "Adel Abdul Mahdi" while the longer name is unique."""
    seen = {person}
    while len(longer := owners.get(person, set()) - seen) == 1:
        person = longer.pop()
        seen.add(person)
    return person


def _link_organisation_short_names(found: Sequence[Candidate]) -> list[Candidate]:
    """A leading or trailing part of exactly one organisation's name is that name.

    "Mahan" after "Mahan Air", "Court of Justice" after "European Court of
    Justice"; of two such organisations, the one the text named last before it.
    Lexicon actors, acronyms ("ISIS" of "ISIS Caliphate") and names linked to
    a person are left alone.
    """
    orgs = {c.key for c in found if c.kind == "organization" and " " in c.key}
    owners: dict[str, set[str]] = {}
    for org in sorted(orgs):
        words = org.split()
        for i in range(1, len(words)):
            for part in (words[:i], words[i:]):
                if part[-1].lower() not in _DANGLING and part[0][:1].isupper():
                    owners.setdefault(" ".join(part), set()).add(org)
    out = []
    last: dict[str, int] = {}  # organisation -> where it was last mentioned
    for c in sorted(found, key=lambda d: d.start):
        match = owners.get(c.key, set())
        if len(match) > 1:
            # the one of them the text named last ("the ECJ ... the Court of Justice")
            seen = sorted((last[m], m) for m in match if m in last)
            match = {seen[-1][1]} if seen else match
        if len(match) == 1 and not (c.fixed or c.person or c.key.isupper()):
            c = c.keyed(next(iter(match)), kind="organization")
        last[c.key] = c.start
        out.append(c)
    return out
