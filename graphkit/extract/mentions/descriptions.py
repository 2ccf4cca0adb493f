"""People named by their office: appositions and definite descriptions.

- An apposition gives a name its type and role: "Okafor, the U.N. envoy,"
  and "the U.N. envoy, Okafor," make Okafor a person holding "envoy" (so does
  a title written before the name, "Envoy Okafor").
- A definite description of an office ("the envoy", "the French envoy", "the
  Speaker of the House") later or earlier in the document is a mention of the
  one person of the document holding that office; with none or several it is
  no mention at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from graphkit.extract.mentions.candidates import Candidate
from graphkit.extract.mentions.names import title_at
from graphkit.lexicons import ActorLexicon

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["describe"]

# Words that may stand between "the" and an office: "the French president".
_MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "poss", "case"})
_LONGEST_DESCRIPTION = 8


def describe(
    doc: Doc, found: Sequence[Candidate], lex: ActorLexicon
) -> list[Candidate]:
    """``found`` with appositions typed and office descriptions added as mentions."""
    roles: dict[str, set[str]] = {}
    out = []
    apposed: list[tuple[Span, Token, Candidate]] = []
    for cand in found:
        office = _apposed_office(doc, cand, lex)
        role = _written_role(cand, lex) or (office[2] if office else "")
        if role and (cand.kind in ("person", "organization") and not cand.fixed):
            roles.setdefault(role, set()).add(cand.key)
            if cand.kind != "person":
                cand = cand.keyed(cand.key, kind="person", person=True)
            if office is not None:
                apposed.append((office[0], office[1], cand))
        out.append(cand)
    out = _apposed_descriptions(out, apposed)
    holders = {role: keys.pop() for role, keys in roles.items() if len(keys) == 1}
    if not holders:
        return out
    taken = {i for c in out for i in range(c.start, c.end)}
    for span, role in _descriptions(doc, lex, taken):
        if role in holders:
            out.append(Candidate.of_span(span, "PERSON", holders[role], "person"))
    return out


def _title_ending(doc: Doc, end: int, lex: ActorLexicon) -> tuple[int, str] | None:
    """(start, title key) of the longest title that ends at ``doc[end - 1]``."""
    best = None
    for start in range(max(0, end - lex.title_len - 2), end):
        n, implies = title_at(doc, start, end, lex)
        if n and start + n == end and implies:
            best = (
                start,
                " ".join(doc[start:end].text.lower().replace(".", "").split()),
            )
            break
    return best


def _written_role(cand: Candidate, lex: ActorLexicon) -> str:
    """The office written before a name: "Prime Minister" of "Prime Minister X"."""
    if not cand.written or not cand.written.endswith(cand.key):
        return ""
    words = cand.written[: -len(cand.key)].lower().replace(".", "").split()
    for i in range(len(words)):
        key = " ".join(words[i:])
        if lex.titles.get(key):
            return key
    return ""


def _apposed_office(
    doc: Doc, cand: Candidate, lex: ActorLexicon
) -> tuple[Span, Token, str] | None:
    """(description, its noun, office) of "X, the envoy," or "the envoy, X".

    The description is the noun with the words before it, its article aside,
    and its "of" phrase up to a comma ("Vice President" of "The Vice
    President, Mike Pence,", "governor of Kano" of "Amina Yusuf, the governor
    of Kano,").
    """
    root = doc[cand.start : cand.end].root
    nouns = [t for t in root.children if t.dep_ == "appos" and t.i >= cand.end]
    if root.dep_ == "appos" and root.head.i < cand.start:
        nouns.append(root.head)
    for noun in nouns:
        found = _title_ending(doc, noun.i + 1, lex)
        if found is not None:
            start = noun.left_edge.i
            if doc[start].dep_ == "det":
                start += 1
            return doc[start : _office_end(doc, noun)], noun, found[1]
    return None


def _apposed_descriptions(
    found: list[Candidate], apposed: list[tuple[Span, Token, Candidate]]
) -> list[Candidate]:
    """The description apposed to a name is a mention of that name.

    A candidate before the office noun that ends in it ("Senate Minority
    Leader" read as an organisation) was the office, not a name, and goes; a
    description with another name before its noun ("Mahan's director") is
    left out. Names in the "of" phrase ("Kano") stay mentions of their own.
    """
    for span, noun, cand in apposed:
        office = noun.lower_
        before = [c for c in found if span.start <= c.start <= noun.i]
        if any(not c.key.lower().endswith(office) for c in before):
            continue
        if any(c.start < span.start < c.end for c in found):
            continue
        found = [c for c in found if c not in before]
        found.append(Candidate.of_span(span, "PERSON", cand.key, "person", person=True))
    return found


def _descriptions(doc: Doc, lex: ActorLexicon, taken: set[int]):
    """(span, office) of each definite description of an office outside names."""
    for token in doc:
        if token.i in taken or token.pos_ not in ("NOUN", "PROPN"):
            continue
        found = _title_ending(doc, token.i + 1, lex)
        if found is None:
            continue
        start, role = found
        if token.i + 1 < len(doc) and doc[token.i + 1].pos_ == "PROPN":
            continue  # "the president Trump": a title before a name
        det = _determiner(token)
        if det is None or det.i > start or any(i in taken for i in range(det.i, start)):
            continue
        end = _office_end(doc, token)
        if end + 1 < len(doc) and doc[end].text == "," and doc[end + 1].pos_ == "PROPN":
            continue  # "the president of Namibia, Hage Geingob": an apposition
        if end - det.i <= _LONGEST_DESCRIPTION:
            yield doc[det.i + 1 : end], role


def _determiner(token: Token) -> Token | None:
    """The "the" of a description, its modifiers being all that stands before."""
    for child in token.lefts:
        if child.dep_ == "det" and child.lower_ == "the":
            return child
        if child.dep_ not in _MODIFIER_DEPS:
            return None
    return None


def _office_end(doc: Doc, token: Token) -> int:
    """The end of "the Speaker of the House", with its "of" phrase up to a comma."""
    end = token.i + 1
    for child in token.rights:
        if child.dep_ == "prep" and child.lower_ == "of" and child.i == end:
            end = child.right_edge.i + 1
        break
    stop = next((t.i for t in doc[token.i + 1 : end] if t.is_punct), end)
    return stop
