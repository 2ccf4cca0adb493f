"""People named by their office: appositions and definite descriptions.

- An apposition gives a name its type and role: "Okafor, the U.N. envoy,"
  and "the U.N. envoy, Okafor," make Okafor a person holding "envoy" (so does
  a title written before the name, "Envoy Okafor").
- A definite description of an office ("the envoy", "the French envoy", "the
  Speaker of the House") later or earlier in the document is a mention of the
  one person of the document holding that office; with none or several it is
  no mention at all. A country the description names ("the French
  president", "the president of France") picks, among the holders, the one
  the document names with that country ("French President X", "X, the
  president of France"); a holder named with no country is not picked.
- So is a name that is only an office ("Chilean President" read as an
  organisation), and, in the headline, an office written without "the"
  (headline-ese: "Kano governor bans rallies").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from graphkit.extract.mentions.candidates import Candidate
from graphkit.extract.mentions.names import title_at
from graphkit.lexicons import ActorLexicon

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from graphkit.extract.columns import Columns

__all__ = ["DESCRIPTION", "describe"]

#: The label of a mention that describes a person ("the French president",
#: "the governor of Kano") rather than naming them: a tie resting on one is
#: ``inferred``, as one resting on a pronoun.
DESCRIPTION = "DESCRIPTION"

# Words that may stand between "the" and an office: "the French president".
_MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "poss", "case"})
_LONGEST_DESCRIPTION = 8
# Words before a title that say the office is no longer held.
_FORMER = frozenset({"former", "ex", "late", "then"})
# Alias-table kinds that name a country, in a description or before a name.
_COUNTRY_KINDS = frozenset({"country", "demonym", "capital"})
# Positions of a headline's bare office ("Kano governor bans rallies").
_ARGUMENTS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj"})

# office -> holder's key -> countries the document names the holder with
_Holders = dict[str, dict[str, set[str]]]


def describe(
    doc: Doc,
    found: Sequence[Candidate],
    lex: ActorLexicon,
    cols: Columns,
    *,
    headline: int = 0,
) -> list[Candidate]:
    """``found`` with appositions typed and office descriptions added as mentions.

    ``cols`` are ``doc``'s token columns. ``headline`` is how many characters at
    the start of ``doc.text`` are the article's headline
    (:mod:`graphkit.extract.headline`), where an office needs no "the".
    """
    roles: _Holders = {}
    out = []
    apposed: list[tuple[Span, Token, Candidate]] = []
    for cand in found:
        office = _apposed_office(cols, cand, lex)
        before = "" if cand.written else _title_before(cols, cand, lex)
        if before:
            cand = replace(cand, written=_written_with(doc, cand, before))
        role = _written_role(cand, lex) or before or (office[2] if office else "")
        if office is None and cand.kind == "person" and not cand.fixed:
            described = _apposed_person_noun(doc, cand)
            if described is not None:
                apposed.append((*described, cand))
        if role and (cand.kind in ("person", "organization") and not cand.fixed):
            where = _name_modifiers(doc, cand) + (list(office[0]) if office else [])
            countries = roles.setdefault(role, {}).setdefault(cand.key, set())
            countries |= _countries(doc, where, lex)
            if cand.kind != "person":
                cand = cand.keyed(cand.key, kind="person", person=True)
            if office is not None:
                apposed.append((office[0], office[1], cand))
        out.append(cand)
    out = _apposed_descriptions(out, apposed)
    if not roles:
        return out
    out = [_office_name(doc, c, roles, lex) for c in out]
    taken = {i for c in out for i in range(c.start, c.end)}
    for span, described, role in _descriptions(doc, cols, lex, taken, headline):
        key = _holder(roles.get(role, {}), _countries(doc, list(described), lex))
        if key is not None:
            out.append(Candidate.of_span(span, DESCRIPTION, key, "person"))
    return out


def _holder(holders: dict[str, set[str]], countries: frozenset[str]) -> str | None:
    """The one holder of an office that fits a description naming ``countries``."""
    if countries:
        keys = [key for key, named in holders.items() if named & countries]
    else:
        keys = list(holders)
    return keys[0] if len(keys) == 1 else None


def _countries(doc: Doc, tokens: Sequence[Token], lex: ActorLexicon) -> frozenset[str]:
    """The countries that ``tokens`` name ("French", "Iran's", "the United States")."""
    found = (_country(t, lex) for t in tokens)
    return frozenset(country for country in found if country)


def _country(token: Token, lex: ActorLexicon) -> str:
    """The country a word names, alone or with its entity ("States" of "the
    United States"), or ""."""
    texts = [token.text]
    if token.ent_type_:
        texts.append(_entity_text(token))
    for text in texts:
        hit = lex.aliases.get(text.removesuffix("'s"))
        if hit and hit[1] in _COUNTRY_KINDS:
            return hit[0]
    return ""


def _entity_text(token: Token) -> str:
    """The text of the entity ``token`` is inside (it has an entity type).

    Read from the tokens' IOB tags, as ``doc.ents`` is, without building a
    span for every entity of the document.
    """
    doc = token.doc
    start, end = token.i, token.i + 1
    while doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end].text


def _name_modifiers(doc: Doc, cand: Candidate) -> list[Token]:
    """The words before a name that modify it ("French" of "French President X")."""
    root = doc[cand.start : cand.end].root
    return [
        t
        for child in root.lefts
        if child.i < cand.start and child.dep_ in _MODIFIER_DEPS
        for t in child.subtree
    ]


def _office_name(
    doc: Doc, cand: Candidate, roles: _Holders, lex: ActorLexicon
) -> Candidate:
    """A name that is only an office, countries aside ("Tunisian Prime Minister"
    read as an organisation), as a mention of the office's one holder."""
    if cand.fixed or cand.kind not in ("organization", "person"):
        return cand
    words = [t for t in doc[cand.start : cand.end] if not _country_word(t, lex)]
    title = " ".join(t.lower_.replace(".", "") for t in words if t.dep_ != "det")
    if not lex.titles.get(title) or title not in roles:
        return cand
    span = list(doc[cand.start : cand.end])
    key = _holder(roles[title], _countries(doc, span, lex))
    if key is None or key == cand.key:
        return cand
    return replace(cand.keyed(key, kind="person", person=True), label=DESCRIPTION)


def _country_word(token: Token, lex: ActorLexicon) -> bool:
    return token.dep_ == "case" or token.is_punct or bool(_country(token, lex))


def _title_ending(
    cols: Columns, end: int, lex: ActorLexicon, *, person: bool = False
) -> tuple[int, str] | None:
    """(start, title key) of the longest title that ends at ``doc[end - 1]``
    (``cols`` are the document's columns): one that implies a person, or any
    title when ``person`` (the office of a name read as a person: "Mahan's
    director, Hamid Karimi")."""
    best = None
    for start in range(max(0, end - lex.title_len - 2), end):
        n, implies = title_at(cols, start, end, lex)
        if n and start + n == end and (implies or person):
            best = (
                start,
                " ".join(cols.text_of(start, end).lower().replace(".", "").split()),
            )
            break
    return best


def _title_before(cols: Columns, cand: Candidate, lex: ActorLexicon) -> str:
    """A person's office written just before the name, outside the entity
    ("commissioner" of "trade commissioner Ali Musa"); ``cols`` are the
    document's columns."""
    if cand.kind != "person":
        return ""
    lower = cols.lower
    for n in range(min(lex.title_len, cand.start), 0, -1):
        words = " ".join(w.replace(".", "") for w in lower[cand.start - n : cand.start])
        if words in lex.titles:
            former = cand.start - n > 0 and lower[cand.start - n - 1] in _FORMER
            return "" if former else words
    return ""


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
    cols: Columns, cand: Candidate, lex: ActorLexicon
) -> tuple[Span, Token, str] | None:
    """(description, its noun, office) of "X, the envoy," or "the envoy, X"
    (``cols`` are the document's columns).

    The description is the noun with the words before it, its article aside,
    and its "of" phrase up to a comma ("Vice President" of "The Vice
    President, Mike Pence,", "governor of Kano" of "Amina Yusuf, the governor
    of Kano,").
    """
    doc = cols.doc
    for noun in _apposed_nouns(doc, cand):
        person = cand.label == "PERSON" or cand.person
        found = _title_ending(cols, noun.i + 1, lex, person=person)
        if found is not None:
            start = noun.left_edge.i
            if doc[start].dep_ == "det":
                start += 1
            return doc[start : _office_end(doc, noun)], noun, found[1]
    return None


def _apposed_nouns(doc: Doc, cand: Candidate) -> list[Token]:
    """The nouns apposed to a name: "X, the envoy," and "the envoy, X"."""
    root = doc[cand.start : cand.end].root
    nouns = [t for t in root.children if t.dep_ == "appos" and t.i >= cand.end]
    if root.dep_ == "appos" and root.head.i < cand.start:
        # "the envoy, X"; without the comma the office is a title ("envoy X")
        if any(t.is_punct for t in doc[root.head.i : cand.start]):
            nouns.append(root.head)
    return nouns


def _apposed_person_noun(doc: Doc, cand: Candidate) -> tuple[Span, Token] | None:
    """(description, noun) of a definite or possessed noun apposed to a
    person that is no office: "the plaintiff, X", "Y's mother, X"."""
    for noun in _apposed_nouns(doc, cand):
        marks = {c.dep_ for c in noun.children} | {
            c.lower_ for c in noun.children if c.dep_ == "det"
        }
        if noun.tag_ == "NN" and ("the" in marks or "poss" in marks):
            start = noun.left_edge.i + (doc[noun.left_edge.i].dep_ == "det")
            return doc[start : noun.i + 1], noun
    return None


def _written_with(doc: Doc, cand: Candidate, title: str) -> str:
    """The name with the title written before it ("Speaker Pelosi")."""
    return doc[cand.start - len(title.split()) : cand.end].text


def _apposed_descriptions(
    found: list[Candidate], apposed: list[tuple[Span, Token, Candidate]]
) -> list[Candidate]:
    """The description apposed to a name is a mention of that name.

    A candidate before the office noun that ends in it ("Senate Minority
    Leader" read as an organisation) was the office, not a name, and goes; a
    possessor's name before it ("Mahan's director") stays a mention of its
    own and the description starts after it; a description with another
    name before its noun is left out. Names in the "of" phrase ("Kano") stay
    mentions of their own.
    """
    doc = apposed[0][0].doc if apposed else None
    for span, noun, cand in apposed:
        office = noun.lower_
        before = [c for c in found if span.start <= c.start <= noun.i]
        owners = [c for c in before if _possessor(doc, c)]
        if owners:
            last = max(c.end for c in owners) + 1  # after the "'s"
            span = span.doc[last : span.end]
            before = [c for c in before if c.start >= last]
        if not len(span) or any(not c.key.lower().endswith(office) for c in before):
            continue
        if any(c.start < span.start < c.end for c in found):
            continue
        found = [c for c in found if c not in before]
        found.append(
            Candidate.of_span(span, DESCRIPTION, cand.key, "person", person=True)
        )
    return found


def _possessor(doc: Doc | None, cand: Candidate) -> bool:
    """Whether a "'s" follows the candidate ("Mahan's")."""
    return doc is not None and cand.end < len(doc) and doc[cand.end].dep_ == "case"


def _descriptions(
    doc: Doc, cols: Columns, lex: ActorLexicon, taken: set[int], headline: int
):
    """(span, words, office) of each definite description of an office outside
    names: ``words`` are the span with the countries before it.

    A description starts after its "the"; in the headline (the first
    ``headline`` characters) an office that is a subject or object may have
    none. Names between "the" and the office may only be countries ("the
    U.S. envoy"); the description starts after them.
    """
    # where a title may start (title_at's first test), to pass over the nouns
    # that no title can end at without reading their words
    openers = {w for w in set(cols.lower) if w.replace(".", "") in lex.title_first}
    may_start = [w in openers for w in cols.lower]
    reach = lex.title_len + 2
    for i, pos in enumerate(cols.pos):
        if i in taken or pos not in ("NOUN", "PROPN"):
            continue
        if not any(may_start[max(0, i + 1 - reach) : i + 1]):
            continue
        found = _title_ending(cols, i + 1, lex)
        if found is None:
            continue
        start, role = found
        token = doc[i]
        if i + 1 < len(doc) and cols.pos[i + 1] == "PROPN":
            continue  # "the president Trump": a title before a name
        det = _determiner(token)
        if det is None:
            continue
        if det is token:  # no article: headline-ese only
            if token.idx >= headline or token.dep_ not in _ARGUMENTS:
                continue
            lead = min([start, *(c.left_edge.i for c in token.lefts)])
        elif det.i < start:
            lead = det.i + 1
        else:
            continue
        names = [i for i in range(lead, start) if i in taken]
        if any(not _country_word(doc[i], lex) for i in names):
            continue
        end = _office_end(doc, token)
        if end + 1 < len(doc) and doc[end].text == "," and doc[end + 1].pos_ == "PROPN":
            continue  # "the president of Namibia, Hage Geingob": an apposition
        first = max([lead, *(i + 1 for i in names)])
        if end - lead <= _LONGEST_DESCRIPTION and first < end:
            yield doc[first:end], doc[lead:end], role


def _determiner(token: Token) -> Token | None:
    """The "the" of a description, its modifiers being all that stands before;
    ``token`` itself when nothing but modifiers stands before it (no article)."""
    for child in token.lefts:
        if child.dep_ == "det" and child.lower_ == "the":
            return child
        if child.dep_ not in _MODIFIER_DEPS:
            return None
    return token


def _office_end(doc: Doc, token: Token) -> int:
    """The end of "the Speaker of the House", with its "of" phrase up to a comma."""
    end = token.i + 1
    for child in token.rights:
        if child.dep_ == "prep" and child.lower_ == "of" and child.i == end:
            end = child.right_edge.i + 1
        break
    stop = next((t.i for t in doc[token.i + 1 : end] if t.is_punct), end)
    return stop
