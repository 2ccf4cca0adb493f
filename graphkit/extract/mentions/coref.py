"""Within-document coreference: pronouns and definite descriptions as anchors.

An anchor is a :class:`~graphkit.records.Mention` (label :data:`ANCHOR_LABEL`)
for a pronoun or description that stands for an actor named earlier in the
article, keyed like that actor. Anchors let the stance rules find the source
or target of "He rejected any coalition with the bloc", "the president said",
"the bloc condemned"; they are not mentions of their own (they do not count
as co-mentions or resolve names), and ties resting on one are ``inferred``.

Rules, all conservative: when two actors fit, there is no anchor.

- Third-person pronouns ("he", "his", "she", "her"; "it", "its"; "they",
  "their") take the nearest earlier actor of a compatible kind (people of a
  compatible gender; organisations and states; groups and nationalities;
  gender comes from earlier pronouns and from gendered words the document
  names a person with, ``genders.jsonl``: "Mrs X", "her brother X", "X, the
  chairwoman"): the earlier part of
  the sentence, else the nearest of the previous :data:`WINDOW` sentences that
  has one. Not the subject of the pronoun's own clause ("X praised him"), not
  the speaker of the quotation holding it, and not the subject of a reported
  clause ("X said he would ..."), which the stance rules give the speaker.
  "It" counts only as the subject of an action or as "its" (never "it is
  possible that"). A "he" or "she" is left unresolved when its candidate's
  gender is unknown and another person of that gender was named earlier in
  the article. For a pronoun outside quotation marks, what is quoted
  is another voice: names and pronouns inside a quotation are no
  antecedents, and a sentence wholly inside one does not count in the
  window ("X said: 'We won. He lied.' She added ...": "She" is X).
- "The <title>" ("the president", "the minister") is the one person the
  article gave that title before: "President X", "Y's foreign minister X",
  "X, the president of Y". "The <noun>" for an organisation noun of
  ``roles.jsonl`` ("the bloc", "the party") is the one earlier organisation
  whose name holds the noun.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from graphkit.extract.columns import Columns
from graphkit.lexicons import ActorLexicon
from graphkit.records import Mention, Relation

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["ANCHOR_LABEL", "WINDOW", "anchors", "mark_inferred"]

ANCHOR_LABEL = "COREF"
WINDOW = 2
# pronoun -> its class; a class's pronouns refer to actors of its kinds
_CLASS = {
    **dict.fromkeys(("he", "him", "his"), "he"),
    **dict.fromkeys(("she", "her", "hers"), "she"),
    **dict.fromkeys(("it", "its"), "it"),
    **dict.fromkeys(("they", "them", "their"), "they"),
}
_KINDS = {
    "he": frozenset({"person"}),
    "she": frozenset({"person"}),
    "it": frozenset({"organization", "state"}),
    "they": frozenset({"group", "norp"}),
}
# a nearer noun of the pronoun's number competes with the actor ("the bill ... it")
_RIVAL_TAGS = {"it": frozenset({"NN"}), "they": frozenset({"NNS"})}
_ARGUMENTS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj"})
# where a plural noun competes for "they": a clause's subject or object, not the
# object of a preposition ("referring to the protests as riots")
_RIVAL_DEPS = {"they": frozenset({"nsubj", "nsubjpass", "dobj"})}
_NOT_RIVALS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL"})
_OBJECTS = frozenset({"dobj", "pobj", "dative"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_CLAUSES = frozenset({"ccomp", "xcomp", "parataxis", "advcl", "relcl", "conj"})
# a qualifier that makes another office: "the president" is not the vice president
_OTHER_OFFICE = frozenset({"vice", "deputy", "assistant", "under", "former", "ex"})
_QUOTE = re.compile(r"[“\"][^”“\"]+[”\"]")


@dataclass(frozen=True)
class _Doc:
    """What the rules look up in one document."""

    doc: Doc
    mentions: Sequence[Mention]
    sent_starts: list[int]
    quotes: list[tuple[int, int]]
    holders: dict[str, list[tuple[int, Mention]]]
    descriptions: Mapping[str, str]
    taken: frozenset[int]
    root_of: dict[int, int]  # mention start -> index of its root token
    text: str  # doc.text, read once: each read of Doc.text joins every token
    quoted: frozenset[int]  # sentences wholly inside quotation marks
    named: Mapping[str, str]  # person key -> "he" / "she" the document names it with
    columns: Columns  # the document's token attributes, for walks over every token
    by_sent: Mapping[int, list[Mention]]  # sentence -> its mentions, in text order
    # kinds of a pronoun -> root tokens of the mentions that could be its actor
    roots: Mapping[frozenset[str], frozenset[int | None]]

    def sent_of(self, char: int) -> int:
        starts = self.sent_starts
        return bisect_right(starts, char) - 1

    def quote_at(self, char: int) -> tuple[int, int] | None:
        return next((q for q in self.quotes if q[0] <= char < q[1]), None)

    def window(self, sent: int, quoted: bool) -> list[int]:
        """The pronoun's sentence and the :data:`WINDOW` before it, nearest
        first; for a pronoun outside quotations, sentences wholly quoted are
        passed over without counting."""
        out = [sent]
        while len(out) <= WINDOW and sent > 0:
            sent -= 1
            if quoted or sent not in self.quoted:
                out.append(sent)
        return out


def anchors(
    doc: Doc,
    mentions: Sequence[Mention],
    *,
    lexicon: ActorLexicon,
    columns: Columns | None = None,
) -> list[Mention]:
    """Anchors for the pronouns and descriptions of ``doc`` that stand for one
    of its ``mentions``' actors (see the module rules). Pure: ``doc`` is read,
    never modified.

    Parameters
    ----------
    doc : Doc
        A parsed article (from :func:`graphkit.nlp.load_pipeline`).
    mentions : sequence of Mention
        Its actor mentions, from :func:`graphkit.extract.mentions.mentions`.
    lexicon : ActorLexicon
        The compiled actor lexicon (its titles and description nouns).
    columns : Columns, optional
        ``doc``'s token columns, if already read.

    Returns
    -------
    list of Mention
        Label :data:`ANCHOR_LABEL`, the antecedent's key and kind, the
        pronoun's or description's span; in text order.
    """
    if not mentions:
        return []
    cols = columns or Columns.of(doc)
    spans = {m.start: cols.char_span(m.start, m.end) or () for m in mentions}
    text = cols.text
    quotes = [(m.start(), m.end()) for m in _QUOTE.finditer(text)]
    in_order = sorted(mentions, key=lambda m: m.start)
    by_sent: dict[int, list[Mention]] = {}
    for m in in_order:
        by_sent.setdefault(m.sent, []).append(m)
    root_of = {start: span.root.i for start, span in spans.items() if span}
    ctx = _Doc(
        doc,
        in_order,
        [s.start_char for s in cols.sents],
        quotes,
        _title_holders(doc, cols, mentions, lexicon.titles),
        lexicon.descriptions,
        frozenset(t.i for span in spans.values() for t in span),
        root_of,
        text,
        _quoted_sentences(cols.sents, quotes),
        _named_genders(cols, mentions, lexicon.genders),
        cols,
        by_sent,
        {
            kinds: frozenset(
                root_of.get(m.start) for m in in_order if _could_be(m, kinds)
            )
            for kinds in set(_KINDS.values())
        },
    )
    found = [
        _anchor(antecedent, (tok.idx, tok.idx + len(tok)), ctx)
        for tok, antecedent in _pronouns(ctx)
    ]
    pos = ctx.columns.pos
    for tok in (doc[i] for i, p in enumerate(pos) if p == "NOUN"):
        if tok.i not in ctx.taken and _definite(tok):
            antecedent = _description(tok, ctx)
            if antecedent is not None:
                span = (tok.left_edge.idx, tok.idx + len(tok))
                found.append(_anchor(antecedent, span, ctx))
    return sorted(found, key=lambda m: m.start)


def mark_inferred(
    relations: Iterable[Relation], mentions: Sequence[Mention], found: Sequence[Mention]
) -> list[Relation]:
    """Mark the relations that rest on an anchor: ``confidence`` ``inferred``
    and ``basis`` ``"coref:<word>+<basis>"``.

    A relation rests on an anchor when one of its ends is named in its sentence
    only through an anchor of ``found``.
    """
    named = {(m.sent, m.key) for m in mentions}
    through: dict[tuple[int, str], str] = {}
    for a in found:
        through.setdefault((a.sent, a.key), a.text.lower())
    out = []
    for rel in relations:
        words = [
            through[rel.sent, key]
            for key in (rel.source, rel.target)
            if (rel.sent, key) not in named and (rel.sent, key) in through
        ]
        if words:
            basis = "+".join([f"coref:{w}" for w in words] + [rel.basis or "event"])
            rel = replace(rel, confidence="inferred", basis=basis)
        out.append(rel)
    return out


def _anchor(antecedent: Mention, span: tuple[int, int], ctx: _Doc) -> Mention:
    start, end = span
    sent = ctx.sent_of(start)
    paragraph = ctx.text.count("\n\n", 0, start)
    return Mention(
        antecedent.doc,
        sent,
        paragraph,
        start,
        end,
        ctx.text[start:end],
        ANCHOR_LABEL,
        antecedent.key,
        antecedent.kind,
    )


# --- pronouns ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Seen:
    """An earlier pronoun: where it is and whom it stands for (None: unknown)."""

    cls: str
    sent: int
    char: int
    antecedent: Mention | None


def _pronouns(ctx: _Doc) -> list[tuple[Token, Mention]]:
    """Third-person pronouns and the actor each stands for, in text order.

    Earlier pronouns count as referring expressions of their own: a "he" that
    stands for X keeps X the nearest "he", one left unresolved blocks the
    pronouns after it. A person that a "he" (or "she") stood for is not the
    antecedent of a "she" (or "he").
    """
    seen: list[_Seen] = []
    gender = {key: {cls} for key, cls in ctx.named.items()}
    found = []
    cols = ctx.columns
    for i, lower in enumerate(cols.lower):
        cls = _CLASS.get(lower)
        if cls is None or cols.pos[i] != "PRON":
            continue
        tok = ctx.doc[i]
        if not _referential(tok, cls):
            continue
        sent = ctx.sent_of(tok.idx)
        quote = ctx.quote_at(tok.idx)
        if quote is None and _reported_subject(tok):
            # "X said he would ...": the stance rules give it the speaker
            antecedent, emit = _speaker(tok, cls, ctx), False
        else:
            antecedent, emit = (
                _antecedent(tok, cls, sent, quote, seen, gender, ctx),
                True,
            )
        seen.append(_Seen(cls, sent, tok.idx, antecedent))
        if antecedent is not None:
            gender.setdefault(antecedent.key, set()).add(cls)
            if emit:
                found.append((tok, antecedent))
    return found


def _named_genders(
    cols: Columns, mentions: Sequence[Mention], genders: Mapping[str, str]
) -> dict[str, str]:
    """Person key -> "he" or "she", for the people the document names with a
    gendered word: before the name ("Mrs X", "her brother X", in the text or
    in the title the mention was written with) or apposed to it ("X, the
    chairwoman"; "Y's mother, X"). A person named with words of both is left
    out."""
    if not genders:
        return {}
    longest = max(len(word.split()) for word in genders)
    found: dict[str, set[str]] = {}
    doc = cols.doc
    for m in mentions:
        span = cols.char_span(m.start, m.end)
        if m.kind != "person" or span is None:
            continue
        before = list(doc[max(0, span.start - longest) : span.start])
        while before and before[-1].is_punct:
            before.pop()
        words = [
            " ".join(t.lower_.replace(".", "") for t in before[-n:])
            for n in range(1, len(before) + 1)
        ]
        words += m.written.lower().replace(".", "").split()
        root = span.root
        nouns = [c for c in root.children if c.dep_ == "appos"]
        if root.dep_ == "appos":
            nouns.append(root.head)
        words += [noun.lower_ for noun in nouns]
        for word in words:
            if word in genders:
                found.setdefault(m.key, set()).add(genders[word])
    return {key: next(iter(gs)) for key, gs in found.items() if len(gs) == 1}


def _quoted_sentences(
    sents: Sequence[Span], quotes: Sequence[tuple[int, int]]
) -> frozenset[int]:
    """Indices of the sentences (of a document) with no word outside ``quotes``."""
    out = set()
    for i, sent in enumerate(sents):
        start, end = sent.start_char, sent.end_char
        if not any(a < end and start < b for a, b in quotes):
            continue  # no quotation in it: a word outside one, if it has words
        words = [t.idx for t in sent if not (t.is_punct or t.is_space)]
        if words and all(any(a <= c < b for a, b in quotes) for c in words):
            out.add(i)
    return frozenset(out)


def _referential(tok: Token, cls: str) -> bool:
    """ "It" refers only as the subject of an action or as "its" (not "it is
    possible", "called it a sham")."""
    if tok.lower_ != "it":
        return True
    return tok.dep_ == "nsubj" and tok.head.pos_ == "VERB"


def _antecedent(
    tok: Token,
    cls: str,
    sent: int,
    quote: tuple[int, int] | None,
    seen: list[_Seen],
    gender: dict[str, set[str]],
    ctx: _Doc,
) -> Mention | None:
    kinds = _KINDS[cls]
    other = {"he": "she", "she": "he"}.get(cls)
    inside, keys = _bound(tok, ctx)
    if quote is not None:  # the quotation's speaker is not its "he"
        keys |= _attribution(quote, ctx)
    if _cataphora(tok, kinds, ctx):
        return None

    def fits(m: Mention | None) -> bool:
        if m is None:
            return True
        mixed = other in gender.get(m.key, ()) and cls not in gender[m.key]
        return m.key not in keys and not (other and mixed)

    def voiced(char: int) -> bool:  # said in the pronoun's own voice
        return quote is not None or ctx.quote_at(char) is None

    for earlier in ctx.window(sent, quote is not None):
        items: list[tuple[int, Mention | None]] = [
            (m.start, m)
            for m in ctx.by_sent.get(earlier, ())
            if m.kind in kinds
            and m.end <= tok.idx
            and m.start not in inside
            and fits(m)
            and voiced(m.start)
        ]
        items += [
            (p.char, p.antecedent)
            for p in seen
            if p.sent == earlier
            and p.cls == cls
            and fits(p.antecedent)
            and voiced(p.char)
        ]
        if not items:
            continue
        last = max(char for char, _ in items)
        if _rival(last, tok, cls, ctx) or _rival_name(last, tok, kinds, ctx):
            return None
        found = {m.key if m is not None else None for _, m in items}
        key = found.pop() if len(found) == 1 else None
        if key is None:
            return None
        if (
            other
            and cls not in gender.get(key, ())
            and any(
                cls in gender.get(m.key, ())
                for m in ctx.mentions
                if m.start < tok.idx and m.key != key
            )
        ):
            return None  # a "she" named earlier in the article may be this "she"
        return next(m for _, m in sorted(items, key=lambda i: -i[0]) if m is not None)
    return None


def _cataphora(tok: Token, kinds: frozenset[str], ctx: _Doc) -> bool:
    """ "In its ruling, the court ...": the pronoun may stand for its clause's
    subject, named after it."""
    later = ctx.roots[kinds]
    for head in tok.ancestors:
        if head.pos_ in ("VERB", "AUX") and any(
            c.dep_ in _SUBJECTS and c.i > tok.i and c.i in later for c in head.children
        ):
            return True
        if head.dep_ in _CLAUSES:  # a reporting verb beyond it is another clause
            return False
    return False


def _rival(after: int, tok: Token, cls: str, ctx: _Doc) -> bool:
    """A non-actor noun of the pronoun's number in an argument position between
    the actor and the pronoun: "the bill ... it", "citizens ... their"."""
    tags = _RIVAL_TAGS.get(cls)
    span = ctx.doc.char_span(after, after + 1, alignment_mode="expand")
    if tags is None or span is None:
        return False
    deps = _RIVAL_DEPS.get(cls, _ARGUMENTS)
    return any(
        t.tag_ in tags
        and t.dep_ in deps
        and t.i not in ctx.taken
        and t.ent_type_ not in _NOT_RIVALS
        for t in ctx.doc[span.start : tok.i]
    )


def _could_be(m: Mention, kinds: frozenset[str]) -> bool:
    """A mention of a compatible kind, or a name the NER read as a person that
    resolution typed otherwise (a person read as a work in one document)."""
    return m.kind in kinds or ("person" in kinds and m.label == "PERSON")


def _rival_name(after: int, tok: Token, kinds: frozenset[str], ctx: _Doc) -> bool:
    """A name read as a person but typed otherwise between the actor and a
    "he" or "she": it may be the one the pronoun stands for."""
    return any(
        after < m.start < tok.idx and m.kind not in kinds and _could_be(m, kinds)
        for m in ctx.mentions
    )


def _bound(tok: Token, ctx: _Doc) -> tuple[set[int], set[str]]:
    """What the pronoun cannot stand for, by the binding principles: the
    mentions (by start) inside the clause of a subject pronoun ("Speaking to X,
    he said"), and the actors (by key) that are the subject of an object
    pronoun's clause ("X praised him")."""
    if tok.dep_ in _SUBJECTS:
        clause = {t.i for t in tok.head.subtree}
        return {start for start, root in ctx.root_of.items() if root in clause}, set()
    return set(), _clause_subjects(tok, ctx)


def _speaker(tok: Token, cls: str, ctx: _Doc) -> Mention | None:
    """The subject of the verb that reports the pronoun's clause, if it fits."""
    clause = tok.head
    while clause.dep_ == "conj" and clause.head is not clause:
        clause = clause.head
    subject = next((c for c in clause.head.children if c.dep_ in _SUBJECTS), None)
    if subject is None:
        return None
    return next(
        (
            m
            for m in ctx.mentions
            if ctx.root_of.get(m.start) == subject.i and m.kind in _KINDS[cls]
        ),
        None,
    )


def _attribution(quote: tuple[int, int], ctx: _Doc) -> set[str]:
    """Keys named outside ``quote`` in the sentences it spans: its speaker."""
    first, last = ctx.sent_of(quote[0]), ctx.sent_of(quote[1] - 1)
    return {
        m.key
        for m in ctx.mentions
        if first <= m.sent <= last and not quote[0] <= m.start < quote[1]
    }


def _reported_subject(tok: Token) -> bool:
    """The subject of a clause reported by a verb with a subject of its own."""
    if tok.dep_ not in _SUBJECTS:
        return False
    clause = tok.head
    while clause.dep_ == "conj" and clause.head is not clause:
        clause = clause.head
    return clause.dep_ in ("ccomp", "xcomp") and any(
        c.dep_ in _SUBJECTS for c in clause.head.children
    )


def _clause_subjects(tok: Token, ctx: _Doc) -> set[str]:
    """Keys of the subject of the clause in which ``tok`` is an object."""
    if tok.dep_ not in _OBJECTS:
        return set()
    verb = tok.head.head if tok.dep_ == "pobj" else tok.head
    return {
        m.key
        for c in verb.children
        if c.dep_ in _SUBJECTS
        for m in ctx.mentions
        if m.start <= c.idx < m.end
    }


# --- descriptions --------------------------------------------------------------------


def _definite(noun: Token) -> bool:
    """ "the president" alone: not "the president of X", "the X president",
    "the president, X" or "the party's leader"."""
    return (
        any(c.dep_ == "det" and c.lower_ == "the" for c in noun.children)
        and noun.dep_ not in ("compound", "appos")
        and not any(
            c.dep_ in ("poss", "appos", "nummod")
            or (c.dep_ == "compound" and c.pos_ == "PROPN")
            or (c.dep_ == "prep" and c.lower_ in ("of", "for", "in", "at"))
            for c in noun.children
        )
        and not (noun.i + 1 < len(noun.doc) and noun.doc[noun.i + 1].pos_ == "PROPN")
    )


def _description(noun: Token, ctx: _Doc) -> Mention | None:
    words = [
        t.lower_
        for t in noun.doc[noun.left_edge.i : noun.i + 1]
        if t.dep_ != "det" and t.pos_ in ("NOUN", "ADJ")
    ]
    title = " ".join(words)
    if title in ctx.holders or noun.lower_ in ctx.holders:
        return _holder(title, noun, ctx)
    kind = ctx.descriptions.get(noun.lemma_.lower())
    if kind is None or len(words) > 1:
        return None
    fits = [
        m
        for m in ctx.mentions
        if m.end <= noun.idx
        and m.kind == kind
        and noun.lemma_.lower() in m.key.lower().split()
    ]
    return fits[-1] if len({m.key for m in fits}) == 1 else None


def _holder(title: str, noun: Token, ctx: _Doc) -> Mention | None:
    """The one person the article gave ``title`` before ``noun``."""
    held = [
        m
        for held_title, people in ctx.holders.items()
        if held_title == title
        or (
            held_title.endswith(" " + title)
            and held_title.split()[0] not in _OTHER_OFFICE
        )
        for char, m in people
        if char < noun.idx
    ]
    return held[-1] if len({m.key for m in held}) == 1 else None


def _title_holders(
    doc: Doc, cols: Columns, mentions: Sequence[Mention], titles: Mapping[str, bool]
) -> dict[str, list[tuple[int, Mention]]]:
    """Title -> the people the document names with it, by position."""
    if not titles:
        return {}
    longest = max(len(t.split()) for t in titles)
    found: dict[str, list[tuple[int, Mention]]] = {}
    for m in mentions:
        if m.kind != "person":
            continue
        span = cols.char_span(m.start, m.end)
        if span is None:
            continue
        for title in _titles_of(doc, cols, span.start, span.root, titles, longest):
            found.setdefault(title, []).append((m.start, m))
    return found


def _titles_of(
    doc: Doc,
    cols: Columns,
    start: int,
    root: Token,
    titles: Mapping[str, bool],
    longest: int,
):
    """Titles written before a name ("President X", "foreign minister X") or as
    its appositive ("X, the chancellor", "the chancellor, X")."""
    for n in range(min(longest, start), 0, -1):
        words = " ".join(w.replace(".", "") for w in cols.lower[start - n : start])
        if words in titles:
            yield words
            break
    nouns = [c for c in root.children if c.dep_ == "appos"]
    if root.dep_ == "appos":
        nouns.append(root.head)
    for noun in nouns:
        words = " ".join(
            t.lower_
            for t in doc[noun.left_edge.i : noun.i + 1]
            if t.dep_ != "det" and t.pos_ in ("NOUN", "ADJ")
        )
        if words in titles:
            yield words
