"""Affiliations: a person's tie to the organisation or state they lead, speak for or
belong to ("X, leader of Y", "Y's spokesman X", "X of the Y party", "Y leader X").

Role words are the titles of ``titles.jsonl`` and the affiliation words of
``roles.jsonl`` (honorifics such as "Mr" name no office). An affiliation is not
a stance: graph building keeps it as a layer of its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from graphkit.extract.columns import Columns
from graphkit.lexicons import ActorLexicon
from graphkit.records import Affiliation, Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["GROUP_KINDS", "affiliations"]

GROUP_KINDS = frozenset({"organization", "state", "group", "norp"})
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
# words that qualify a role without changing whose it is: "Y's former leader X"
_QUALIFIERS = frozenset(
    "former acting interim then new incoming outgoing current longtime veteran "
    "top senior chief deputy minority majority".split()
)
_OF = frozenset({"of", "for", "at", "from"})


def affiliations(
    doc: Doc,
    mentions: Sequence[Mention],
    *,
    lexicon: ActorLexicon,
    columns: Columns | None = None,
) -> list[Affiliation]:
    """Affiliations of the people among ``mentions`` to the organisations and
    states among them, in text order. Pure: ``doc`` is read, never modified.

    Parameters
    ----------
    doc : Doc
        A parsed article (from :func:`graphkit.nlp.load_pipeline`, whose
        lexicon holds the role words).
    mentions : sequence of Mention
        Its actor mentions.
    lexicon : ActorLexicon
        The compiled actor lexicon (its role words and alias table).
    columns : Columns, optional
        ``doc``'s token columns, if already read.

    Returns
    -------
    list of Affiliation
        ``source`` the person's key, ``target`` the organisation's, ``role``
        the role word, ``basis`` ``"affiliation:<pattern>"`` (``title``,
        ``apposition``, ``of``).
    """
    if not mentions:
        return []
    roles, aliases = lexicon.roles, lexicon.aliases
    words = {w for role in roles for w in role.split()} | _QUALIFIERS
    cols = columns or Columns.of(doc)
    spans = {m.start: _span(cols, m) for m in mentions}
    at = {t.i: m for m in mentions for t in spans[m.start] or ()}
    found: dict[tuple[int, str, str], Affiliation] = {}
    for person in mentions:
        span = spans[person.start]
        if person.kind != "person" or span is None:
            continue
        for (key, kind), role, pattern in (
            *_titled(span, at, roles, words, aliases),
            *_apposed(span.root, at, roles),
            *_of(span.root, at),
        ):
            if key == person.key or kind not in GROUP_KINDS:
                continue
            found.setdefault(
                (person.sent, person.key, key),
                Affiliation(
                    person.doc,
                    person.sent,
                    person.key,
                    key,
                    role,
                    span.sent.text.strip(),
                    f"affiliation:{pattern}",
                ),
            )
    return sorted(found.values(), key=lambda a: a.sent)


def _span(cols: Columns, m: Mention) -> Span | None:
    span = cols.char_span(m.start, m.end)
    return span if span is not None and len(span) else None


def _actor(m: Mention) -> tuple[str, str]:
    return m.key, m.kind


def _role(tokens: Iterable[Token], roles) -> str | None:
    """The role that ``tokens`` spell, allowing qualifiers before it."""
    text = [t.lower_.replace(".", "") for t in tokens]
    while text and text[0] in _QUALIFIERS and " ".join(text) not in roles:
        text = text[1:]
    role = " ".join(text)
    return role if role in roles else None


def _titled(span: Span, at: dict[int, Mention], roles, words, aliases):
    """ "Y leader X", "Y's spokesman X", "US President X", "Iraqi Prime Minister X"."""
    doc = span.doc
    i = span.start
    while i - 1 not in at and i > 0 and doc[i - 1].lower_.replace(".", "") in words:
        i -= 1
    if i == span.start:
        # the mention finder may keep the title in a group's name: "the
        # Iraqi foreign minister Ali Musa" names Iraq right before the person
        group = at.get(i - 1)
        if group is not None and i and doc[i - 1].lower_ in roles:
            yield _actor(group), doc[i - 1].lower_, "title"
        return
    role = _role(doc[i : span.start], roles)
    if role is None:
        return
    j = i - 1 if i and doc[i - 1].text in _POSSESSIVE else i
    if j and j - 1 in at:
        yield _actor(at[j - 1]), role, "title"
    elif j:
        alias = aliases.get(doc[j - 1].text)  # a demonym: "Iraqi Prime Minister X"
        if alias is not None and alias[1] in ("demonym", "country"):
            yield (alias[0], "state"), role, "title"


def _apposed(root: Token, at: dict[int, Mention], roles):
    """ "X, leader of Y", "X, Y's spokesman", "Y's spokesman, X"."""
    nouns = [c for c in root.children if c.dep_ == "appos"]
    if root.dep_ == "appos":
        nouns.append(root.head)
    for noun in nouns:
        words = [
            c for c in noun.lefts if c.dep_ in ("compound", "amod") and c.i not in at
        ]
        role = _role([*words, noun], roles)
        if role is None:
            continue
        for child in noun.children:
            if child.dep_ in ("poss", "compound") and child.i in at:
                yield _actor(at[child.i]), role, "apposition"
            elif child.dep_ == "prep" and child.lower_ in _OF:
                for pobj in child.children:
                    if pobj.dep_ == "pobj" and pobj.i in at:
                        yield _actor(at[pobj.i]), role, "apposition"


def _of(root: Token, at: dict[int, Mention]):
    """ "X of the Y party", "Presidents A of Y and B of Z"."""
    for child in root.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                if pobj.dep_ == "pobj" and pobj.i in at:
                    yield _actor(at[pobj.i]), "member", "of"
