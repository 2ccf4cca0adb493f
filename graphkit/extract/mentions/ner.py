"""Actor mentions in a parsed document: named actors and group nouns, with their keys.

Rules (each driven by the actor lexicon that
:func:`graphkit.lexicons.compile_lexicon` compiles from ``graphkit/data``):

- Entities (PERSON, ORG, GPE, NORP, LOC, FAC) are keyed by their name with
  titles, ranks, leading articles and possessives stripped; alias-table names
  are keyed by their canonical id (``"U.S."`` -> ``"United States"``). A title
  ("Lt Col", "Ayatollah") makes the name a person whatever spaCy's label.
- Places do not act: a city, region or facility after a locative preposition
  ("in Khartoum") or owning a place noun ("Khartoum's airport") is dropped. A
  capital that is not a place ("Moscow said") is its country. A country is an
  actor wherever it is named: "troops deployed in Liberia" is an act on Liberia
  (PLOVER codes it so) and the country is a party to what happens there.
- Names that are not actors are dropped: names in another script than the
  pipeline's (an English model's "PERSON" in Devanagari), names ending in a
  law, product or event word ("Clean Air Act", "Rocky Linux"), and PERSON
  names without the shape of a name ("Regarding X", "COVID Melbourne").
- Demonyms are actors only as nouns ("Sudanese", key "Sudanese", kind ``norp``),
  inside "pro-"/"anti-" ("anti-American": the United States), as the agent of
  an act or participle ("an Indian proposal", "Saudi-led") or of weapons that
  act ("Israeli tanks fired"). Modifying a group noun they qualify it;
  modifying anything else they are dropped ("a Ukrainian airliner").
- Group nouns from ``groups.jsonl`` are actors keyed by their nationality
  ("Sudanese protesters"); ``domestic`` ones ("police", "the government") take
  the country of the article's dateline, of a clear majority of its country
  names, or of the main country when it alone is named in the same or the
  previous sentence (see :class:`~graphkit.extract.mentions.groups.HomeCountry`);
  otherwise they, and every group without a nationality, are keyed within
  their article ("police (a12)"): the police of one story are not another's.
  Generic state nouns ("a government", "local government") are never the state.
  Qualified ``state`` nouns are the state ("Ethiopian officials" -> Ethiopia).
  "Rwanda-backed rebels" is the group "rebels": backing is a stance,
  not a nationality, and ``Rwanda`` stays a mention of its own.
- Within a document, "Name (ACR)" and "Name, or Translation" define aliases,
  "(First) Last" is one name, and a surname, family name or first name alone
  takes the full name of the only person in the document it fits.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from graphkit.extract.columns import Columns
from graphkit.extract.mentions import bystanders, descriptions, names
from graphkit.extract.mentions import groups as grouping
from graphkit.extract.mentions.candidates import KIND_RANK, Candidate
from graphkit.extract.mentions.links import defined_acronyms, link_in_document
from graphkit.lexicons import ActorLexicon
from graphkit.records import Article, Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["KIND_OF_LABEL", "mentions"]

KIND_OF_LABEL = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "state",
    "NORP": "norp",
    "LOC": "place",
    "FAC": "place",
}
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "npadvmod", "poss"})
_STANCE_PREFIXES = frozenset({"pro", "anti"})
# What may follow a demonym used as a noun ("the British relinquished", "the
# Saudis that"), unlike a noun it modifies or a conjunct ("the British and").
_AFTER_A_NOUN = frozenset({"ADP", "AUX", "PART", "PUNCT", "SCONJ", "VERB"})
_FUNCTION_POS = frozenset({"ADP", "AUX", "CCONJ", "DET", "PRON", "PUNCT", "SCONJ"})


# Votes of one mention for its key's kind within a document (see _consistent_kinds):
# a title or rank is decisive, a place reading counts half of any other reading.
TITLED_PERSON_VOTE = 100.0
MENTION_VOTE = 1.0
PLACE_VOTE = 0.5
# An all-capitals sentence with at least this many letters is a heading, not prose.
HEADING_MIN_LETTERS = 4


def mentions(
    doc: Doc,
    article: Article,
    *,
    lexicon: ActorLexicon,
    headline: int = 0,
    columns: Columns | None = None,
) -> list[Mention]:
    """Return the actor mentions of one parsed article, in text order.

    Pure: reads ``doc`` (parse and entities) and never modifies it.
    Mentions of kind ``place`` are names that may still turn out to be people
    at corpus level; :func:`graphkit.extract.resolve.resolve` drops the rest.

    Parameters
    ----------
    doc : Doc
        ``article.text`` parsed by a pipeline from :func:`graphkit.nlp.load_pipeline`.
    article : Article
        The article; its ``id`` and ``dateline`` are used.
    lexicon : ActorLexicon
        The actor lexicon of the pipeline's ruler
        (:func:`graphkit.lexicons.compile_lexicon`).
    headline : int
        How many characters at the start of ``doc.text`` are the headline
        (:mod:`graphkit.extract.headline`), 0 for none.
    columns : Columns, optional
        ``doc``'s token columns, if already read.

    Returns
    -------
    list of Mention

    Examples
    --------
    >>> import spacy
    >>> from spacy.tokens import Doc
    >>> from graphkit.lexicons import compile_lexicon
    >>> lexicon = compile_lexicon()
    >>> nlp = spacy.blank("en")
    >>> doc = Doc(nlp.vocab, words=["The", "U.S.", "warned", "Sudan", "."],
    ...           ents=["O", "B-GPE", "O", "B-GPE", "O"],
    ...           sent_starts=[True] + [False] * 4)
    >>> [(m.text, m.key, m.kind) for m in mentions(doc, Article("a1", doc.text),
    ...                                               lexicon=lexicon)]
    [('U.S.', 'United States', 'state'), ('Sudan', 'Sudan', 'state')]
    """
    cols = columns or Columns.of(doc)
    sents = cols.sents
    starts = [sent.start for sent in sents]
    headings = _heading_sentences(article.text, sents)
    home = grouping.home_country(cols, starts, article.dateline, lexicon)
    groups, proper, consumed = _group_candidates(doc, cols, lexicon, home, starts)
    groups = _scoped_to_document(groups, article.id, lexicon)
    found = _named_candidates(doc, cols, lexicon, starts, consumed, headings)
    found += proper + _compound_prefix_candidates(doc, article.text, lexicon)
    found, groups = _bodies_named_by_their_noun(doc, found, groups, lexicon)
    found = _untagged_titled_names(doc, cols, lexicon, found, groups)
    found = [
        c  # a name read as a place that no link made a body's is none
        for c in link_in_document(doc, cols, found)
        if not (c.label == "PERSON" and c.kind == "place")
    ]
    found = descriptions.describe(
        doc, _introduced(doc, found, article.id), lexicon, cols, headline=headline
    )
    spans = [doc[c.start : c.end] for c in found]
    found = bystanders.classify(found, spans, lexicon, cols)
    found = sorted(found + groups, key=lambda c: c.start)
    return _records(doc, article, sents, starts, found, lexicon)


def _heading_sentences(text: str, sents: Sequence[Span]) -> frozenset[int]:
    """Indices of all-capitals sentences that open a line (section subheads,
    datelines); one shouted inside a paragraph ("... territory. THE USA IS
    GREAT!") is prose."""
    return frozenset(
        i
        for i, sent in enumerate(sents)
        if (line := text[sent.start_char : sent.end_char]).upper() == line
        and sum(ch.isalpha() for ch in line) >= HEADING_MIN_LETTERS
        and text[: sent.start_char].rstrip(" \t")[-1:] in ("", "\n")
    )


def _named_candidates(
    doc: Doc,
    cols: Columns,
    lex: ActorLexicon,
    starts: Sequence[int],
    consumed: set[int],
    headings: frozenset[int],
) -> list[Candidate]:
    """Candidates from ``doc.ents`` outside headings and group phrases.

    The acronym of a name that is no actor is none either: "Red Hat
    Enterprise Linux (RHEL)" drops "RHEL" wherever it occurs.
    """
    found, dropped = [], []
    for ent in _regions_joined(doc, cols, lex):
        if ent.start in consumed or bisect_right(starts, ent.start) - 1 in headings:
            continue
        cands = _entity_candidates(ent, cols, lex)
        found += cands
        if not cands:
            dropped.append(ent)
    silenced = defined_acronyms(doc, dropped)
    return [cand for cand in found if cand.key not in silenced]


def _regions_joined(doc: Doc, cols: Columns, lex: ActorLexicon) -> list[Span]:
    """``doc.ents``, with a name the NER cut at "and the" made whole again.

    "the Islamic State of Iraq" (ORG) + "and the" + "Levant" (a region, not a
    country) is one organisation: its name names a country and a region; so
    is a country before a body's untagged name (:func:`_country_body`).
    """
    ents = [
        _country_body(cols, ent, text, lex)
        for ent, text in zip(cols.ents, cols.ent_texts, strict=True)
    ]
    out = []
    i = 0
    while i < len(ents):
        ent, nxt = ents[i], ents[i + 1] if i + 1 < len(ents) else None
        if nxt is not None and _cut_at_region(cols, ent, nxt, lex):
            joined = doc.char_span(ent.start_char, nxt.end_char, label="ORG")
            if joined is not None:
                out.append(joined)
                i += 2
                continue
        out.append(ent)
        i += 1
    return out


def _country_body(cols: Columns, ent: Span, text: str, lex: ActorLexicon) -> Span:
    """A country named before a body the NER left untagged ("the United States
    House of Representatives") is the body's name, not the country (``text``
    is ``ent``'s, ``cols`` its document's columns)."""
    doc = cols.doc
    alias = lex.aliases.get(names.normalise(text))
    head = ent[-1].head
    if (
        alias is None
        or alias[1] != "country"
        or ent[-1].dep_ != "compound"
        or head.i < ent.end
        or any(
            t.ent_type_ or not t.is_title or t.pos_ != "PROPN"
            for t in doc[ent.end : head.i + 1]
        )
    ):
        return ent
    end = head.i + 1
    if end + 1 < len(doc) and doc[end].lower_ == "of":
        tail = end + 1
        while tail < len(doc) and doc[tail].is_title and not doc[tail].ent_type_:
            tail += 1
        end = tail if tail > end + 1 else end
    if any(names.title_at(cols, i, end, lex)[0] for i in range(ent.end, end)):
        return ent  # "U.S. President": an office, not a body
    body = doc.char_span(ent.start_char, doc[end - 1].idx + len(doc[end - 1]), "ORG")
    return ent if body is None else body


def _cut_at_region(cols: Columns, ent: Span, nxt: Span, lex: ActorLexicon) -> bool:
    if ent.label_ != "ORG" or nxt.label_ not in _PLACE_LABELS:
        return False
    words = cols.lower[ent.start : ent.end]
    if "of" not in words[1:-1]:
        return False
    after_of = ent.start + words.index("of") + 1
    country = lex.aliases.get(" ".join(cols.orth[after_of : ent.end]))
    region = lex.aliases.get(names.normalise(nxt.text))
    between = list(cols.lower[ent.end : nxt.start])
    return (
        between in (["and"], ["and", "the"])
        and country is not None
        and country[1] == "country"
        and (region is None or region[1] != "country")
    )


def _entity_candidates(ent: Span, cols: Columns, lex: ActorLexicon) -> list[Candidate]:
    if ent.label_ not in KIND_OF_LABEL:
        return []
    doc = cols.doc
    if names.foreign_script(cols.text_of(ent.start, ent.end), doc.lang_):
        return []
    start, end = names.trim(doc, ent.start, ent.end)
    stance = False
    if (
        end - start > 2
        and doc[start].lower_ in _STANCE_PREFIXES
        and doc[start + 1].text == "-"
    ):
        start, stance = start + 2, True
    split = names.inner_possessive(doc, start, end, lex, ent.label_)
    if split is None:
        return _maybe(_name_candidate(doc[start:end], ent, cols, lex, stance=stance))
    # a person's named possession is an organisation ("X's Wagner Group")
    owned_label = "ORG" if ent.label_ == "PERSON" else ent.label_
    return _maybe(_name_candidate(doc[start:split], ent, cols, lex)) + _maybe(
        _name_candidate(doc[split + 1 : end], ent, cols, lex, label=owned_label)
    )


def _maybe(cand: Candidate | None) -> list[Candidate]:
    return [] if cand is None else [cand]


def _name_candidate(
    span: Span,
    ent: Span,
    cols: Columns,
    lex: ActorLexicon,
    *,
    label: str = "",
    stance: bool = False,
) -> Candidate | None:
    label = label or ent.label_
    start, person = names.strip_titles(cols, span.start, span.end, lex, label)
    if start >= span.end:
        return None
    before = names.title_before(cols, span.start, lex)
    first = span.start if before is None or span.doc[before].is_lower else before
    written = names.normalise(span.doc[first : span.end].text) if start > first else ""
    span = span.doc[start : span.end]
    key = names.normalise(span.text)
    listed = lex.nonactors.get(key)
    if (
        not key
        or listed not in (None, "media")
        or grouping.is_group_name(span, key, lex)
    ):
        return None  # a medium is one only when it never acts: see bystanders
    make = _cand_maker(span, label)
    alias = lex.aliases.get(key)
    if alias is None and span == ent and ent.ent_id_:
        alias = (ent.ent_id_, ent.label_)
    if alias is not None and not person:
        return _alias_candidate(span, alias, lex, make, stance=stance)
    if stance or names.is_noise(span, key, lex, cols):
        return None  # "pro-democracy": a stance on a cause, not on an actor
    if person:
        return make(key, "person", person=True, written=written)
    return _label_candidate(span, key, label, lex, make)


def _of_country_end(span: Span, lex: ActorLexicon) -> int:
    """End of "of <country>" after a person's name ("President Ada Obi of
    Ghana": a form the person is written in); the name's end otherwise."""
    doc, end = span.doc, span.end
    if end + 1 >= len(doc) or doc[end].lower_ != "of" or doc[end + 1].ent_iob_ != "B":
        return end
    country = next(e for e in doc.ents if e.start == end + 1)
    alias = lex.aliases.get(names.normalise(country.text))
    return country.end if alias and alias[1] == "country" else end


def _cand_maker(span: Span, label: str) -> Callable[..., Candidate]:
    def make(key: str, kind: str, **flags: Any) -> Candidate:
        return Candidate.of_span(span, label, key, kind, **flags)

    return make


def _alias_candidate(span, alias, lex, make, *, stance: bool) -> Candidate | None:
    actor, kind = alias
    if kind in ("demonym", "people"):
        if stance or _the_nation(span, actor, lex):
            return make(*_nation(actor, lex), fixed=True)
        if _modifies(span.root):
            if names.acts_through(span, lex):
                return make(*_nation(actor, lex), fixed=True)
            return None
        return make(
            lex.peoples.get(actor) or names.normalise(span.text), "norp", fixed=True
        )
    if kind in ("country", "capital", "territory"):
        if kind == "capital" and names.place_use(span, lex, strict=True):
            return None
        return make(actor, "state", fixed=True)
    return make(actor, KIND_OF_LABEL.get(kind.upper(), kind), fixed=True)


def _the_nation(span: Span, actor: str, lex: ActorLexicon) -> bool:
    """True for "the Saudis", "The British" standing alone: the nation as a
    party ("we warn the Saudis"), where "Saudis" or "ordinary Saudis" are people."""
    doc = span.doc
    return (
        span.start > 0
        and doc[span.start - 1].lower_ == "the"
        and doc[span.start - 1].dep_ == "det"
        and (span.end == len(doc) or doc[span.end].pos_ in _AFTER_A_NOUN)
        and lex.aliases.get(actor, ("", ""))[1] == "country"
    )


def _nation(actor: str, lex: ActorLexicon) -> tuple[str, str]:
    """(key, kind) of the nation a demonym names as an agent: its state, or
    the people of a territory that is no state ("Kurdish-led": the Kurds)."""
    people = lex.peoples.get(actor)
    if people and lex.aliases.get(actor, ("", ""))[1] == "territory":
        return people, "norp"
    return actor, "state"


def _label_candidate(span, key, label, lex, make) -> Candidate | None:
    country = _state_noun_of(key, lex)
    if country is not None:
        return make(country, "state", fixed=True)  # "the Government of Iraq"
    if label == "NORP":
        return None if _modifies(span.root) else make(key, "norp")
    if label in ("ORG", "GPE") and names.leads_as_place(key, lex):
        return make(key, "place")
    if label in _PLACE_LABELS:
        if names.place_use(span, lex, strict=True):
            return None
        acting = label == "GPE" and names.acts(span.root)
        return make(key, "state" if acting else "place")
    if label == "PERSON" and not names.looks_like_name(span):
        return None
    if label == "PERSON" and names.names_a_place(span, key, lex):
        # a place, unless the document names a body so ("into Burisma" after
        # "Burisma Holdings"): see links
        return make(key, "place")
    return make(key, KIND_OF_LABEL[label])


def _state_noun_of(key: str, lex: ActorLexicon) -> str | None:
    """The country of "<state noun> of <country>" ("Government of Iraq"), as
    "Iraqi government" is Iraq (a state noun of ``groups.jsonl``)."""
    head, of, rest = key.partition(" of ")
    if not of or " " in head:
        return None
    alias = lex.aliases.get(rest)
    entries = lex.groups.get(head.lower(), ())
    if alias is None or alias[1] != "country" or not any(e["state"] for e in entries):
        return None
    return alias[0]


def _modifies(token: Token) -> bool:
    return token.dep_ in _MODIFIER_DEPS or (
        token.pos_ == "ADJ" and token.dep_ != "conj"
    )


def _compound_prefix_candidates(
    doc: Doc, text: str, lex: ActorLexicon
) -> list[Candidate]:
    """Actors fused into one token with a participle: "U.S.-led", "Russia-backed"."""
    found = []
    for match in names.compound_prefix(lex).finditer(text):
        span = doc.char_span(match.start(), match.end())
        alias = lex.aliases.get(match.group(1))
        if alias is None or span is None or len(span) != 1 or span[0].ent_type_:
            continue
        token = span[0]
        actor, kind = alias
        start = token.idx
        found.append(
            Candidate(
                token.i,
                token.i + 1,
                start,
                start + len(match.group(1)),
                "ORG" if kind == "organization" else "GPE",
                actor,
                "organization" if kind == "organization" else "state",
                fixed=True,
            )
        )
    return found


def _bodies_named_by_their_noun(
    doc: Doc,
    found: Sequence[Candidate],
    groups: Sequence[Candidate],
    lex: ActorLexicon,
) -> tuple[list[Candidate], list[Candidate]]:
    """An organisation with its own body noun: "the Houthi movement", "YPG militia".

    The mention covers the noun (the body is written so) and keeps the
    organisation's key; the noun is no group of its own ("militias").
    """
    out, absorbed = [], set()
    for cand in found:
        noun = doc[cand.end] if cand.end < len(doc) else None
        if (
            noun is not None
            and cand.kind == "organization"
            and noun.tag_ == "NN"
            and noun.is_lower
            and doc[cand.end - 1].head.i == noun.i
            and doc[cand.end - 1].dep_ == "compound"
            and _body_noun(noun, lex)
        ):
            end_char = noun.idx + len(noun.text)
            cand = replace(cand, end=cand.end + 1, end_char=end_char)
            absorbed.add(noun.i)
        out.append(cand)
    kept = [g for g in groups if not absorbed & set(range(g.start, g.end))]
    return out, kept


def _body_noun(noun: Token, lex: ActorLexicon) -> bool:
    """A noun for a body ("movement") or an armed group ("militia"), not for
    its people ("leader", "officials")."""
    lemma = noun.lemma_.lower()
    if lex.context.get(lemma) == "body-noun":
        return True
    entries = lex.groups.get(lemma, ())
    return (
        bool(entries)
        and lemma not in lex.titles
        and not any(e["state"] for e in entries)
    )


def _untagged_titled_names(
    doc: Doc,
    cols: Columns,
    lex: ActorLexicon,
    found: Sequence[Candidate],
    groups: Sequence[Candidate],
) -> list[Candidate]:
    """``found`` with people the NER missed after a title: "Presidents Amadou Diallo".

    A one-word title that implies a person (by form or lemma, so plurals
    count), then capitalised words (whatever their tag: the tagger calls
    unknown names verbs) that are in no entity and no candidate: a person, or
    the first name of a PERSON name right after them.
    """
    taken = {i for c in [*found, *groups] for i in range(c.start, c.end)}
    people = {c.start: c for c in found if c.label == "PERSON" and not c.fixed}
    out, joined = [], set()
    titles = lex.titles
    # the test of each distinct form and lemma, then of each word by them
    forms = {
        word
        for word in set(cols.lower)
        if titles.get(word) or titles.get(word[:-1] if word.endswith("s") else "")
    }
    lemmas = {lemma for lemma in set(cols.lemma) if titles.get(lemma.lower())}
    pairs = enumerate(zip(cols.lower, cols.lemma, strict=True))
    for i in [i for i, (word, lemma) in pairs if word in forms or lemma in lemmas]:
        token = doc[i]
        begin = token.i + 1
        # "the chancellor, Ada Obi": an apposed name needs two words
        comma = begin < len(doc) and doc[begin].text == "," and token.pos_ == "NOUN"
        begin += comma
        end = begin
        while (
            end < len(doc)
            and doc[end].is_title
            and doc[end].is_alpha
            and doc[end].pos_ not in _FUNCTION_POS
            and not doc[end].ent_type_
            and end not in taken
        ):
            end += 1
        if end - begin < 1 + comma:
            continue
        first = doc[begin:end]
        taken.update(range(begin, end))
        person = people.get(end)
        if person is None:
            make = _cand_maker(first, "PERSON")
            out.append(make(names.normalise(first.text), "person", person=True))
        else:  # "envoy Musa" + PERSON "Bello": the NER cut off the first name
            key = f"{names.normalise(first.text)} {person.key}"
            out.append(person.extended_to(first[0], key))
            joined.add(person.start)
    return [c for c in found if c.start not in joined or c.label != "PERSON"] + out


def _group_candidates(
    doc: Doc,
    cols: Columns,
    lex: ActorLexicon,
    home: grouping.HomeCountry,
    starts: list[int],
) -> tuple[list[Candidate], list[Candidate], set[int]]:
    """Group actors, untagged proper names ending in a group noun, consumed entities.

    A capitalised group noun led by capitalised words that are neither the
    entry's own modifiers nor nationalities is the name of an organisation the
    NER missed ("Popular Defence Forces"), not a group.
    """
    ent_of = grouping.entity_index(cols.ents)
    found: list[Candidate] = []
    proper: list[Candidate] = []
    consumed: set[int] = set()
    for token in _group_nouns(doc, cols, lex):
        entries = grouping.entries_for(token, lex)
        if not entries or not grouping.heads_group_phrase(token, ent_of, lex):
            continue
        entry, first = grouping.match_group_entry(doc, token, entries)
        if entry is None:
            continue
        name_start = grouping.proper_name_start(token, first, lex)
        if name_start is not None:
            span = doc[name_start : token.i + 1]
            if names.is_title(span, lex):
                continue  # "Prime Minister": an office, not a name
            proper.append(
                _cand_maker(span, "ORG")(names.normalise(span.text), "organization")
            )
            continue
        qualifiers = grouping.group_qualifiers(token, first, ent_of, lex)
        # "Kenyan and Ugandan troops": "Kenyan" alone, then "Ugandan troops"
        for q in qualifiers[:-1]:
            found.append(_qualified(doc[q.start : q.end], entry, q, lex))
        last = qualifiers[-1] if qualifiers else None
        country = home.at(bisect_right(starts, token.i) - 1)
        cand = _group_candidate(doc, token, first, entry, last, country, lex)
        if cand is not None:
            found.append(cand)
            consumed.update(q.start for q in qualifiers)
    return found, proper, consumed


def _introduced(doc: Doc, found: Sequence[Candidate], doc_id: str) -> list[Candidate]:
    """A person introduced by one name ("a student named Wong") is keyed within
    the article: someone the reader does not know, not the only Wong named in
    full elsewhere."""
    keys = {
        c.key
        for c in found
        if c.kind == "person"
        and " " not in c.key
        and c.start > 0
        and doc[c.start - 1].lower_ in ("named", "called")
        and doc[c.start - 1].tag_ == "VBN"
    }
    return [c.keyed(f"{c.key} ({doc_id})") if c.key in keys else c for c in found]


def _counted(token: Token) -> bool:
    """ "Sixteen states": a number makes a set of polities the story's actors."""
    return any(
        c.dep_ == "nummod" and c.like_num and c.lower_ not in ("one", "1")
        for c in token.lefts
    )


def _scoped_to_document(
    groups: Sequence[Candidate], doc_id: str, lex: ActorLexicon
) -> list[Candidate]:
    """Groups with no country, keyed within their article: "police (a12)".

    The police or protesters of one story are not those of another; only a
    country (the article's or a qualifier) makes them one group across
    articles ("Kenyan police").
    """
    bare = lex.group_names
    return [
        g.keyed(f"{g.key} ({doc_id})") if g.kind == "group" and g.key in bare else g
        for g in groups
    ]


def _group_nouns(doc: Doc, cols: Columns, lex: ActorLexicon) -> list[Token]:
    """Tokens whose form or lemma is a group noun ("guerillas" by its lemma)."""
    groups = lex.groups
    return [
        doc[i]
        for i, (lower, lemma) in enumerate(zip(cols.lower, cols.lemma, strict=True))
        if lower in groups or lemma in groups
    ]


def _qualified(span: Span, entry: dict[str, Any], qualifier, lex) -> Candidate:
    make = _cand_maker(span, "GROUP")
    if entry["state"] and qualifier.country:
        return make(qualifier.country, "state", fixed=True)
    people = lex.peoples.get(qualifier.country or "")
    if entry["nationals"] and (people or qualifier.adjective != qualifier.country):
        return make(people or qualifier.adjective, "norp", fixed=True)
    return make(f"{qualifier.adjective} {entry['name']}", "group", fixed=True)


def _group_candidate(
    doc, token, first, entry, qualifier, country, lex
) -> Candidate | None:
    if qualifier is not None:
        span = doc[min(first, qualifier.start) : token.i + 1]
        return _qualified(span, entry, qualifier, lex)
    make = _cand_maker(doc[first : token.i + 1], "GROUP")
    if entry["needs_qualifier"] and not (entry["counted"] and _counted(token)):
        return None
    if entry["state"] and grouping.is_generic(token, lex):
        country = None  # "a government", "local government": not the state
    if entry["domestic"] and country is not None:
        if entry["state"]:
            return make(country, "state", fixed=True)
        adjective = lex.demonyms.get(country, country)
        return make(f"{adjective} {entry['name']}", "group", fixed=True)
    if entry["state"]:
        return None  # a state institution of unknown country would merge unrelated ones
    return make(entry["name"], "group", fixed=True)


def _records(
    doc: Doc,
    article: Article,
    sents: Sequence[Span],
    starts: Sequence[int],
    found: Sequence[Candidate],
    lex: ActorLexicon,
) -> list[Mention]:
    breaks = [m.start() for m in re.finditer("\n\n", article.text)]
    records = []
    for cand in _consistent_kinds(found):
        index = bisect_right(starts, cand.start) - 1
        written = cand.written
        if cand.kind == "person":
            end = _of_country_end(doc[cand.start : cand.end], lex)
            if end > cand.end:
                name = written or names.normalise(doc[cand.start : cand.end].text)
                written = f"{name} {doc[cand.end : end].text}"
        records.append(
            Mention(
                doc=article.id,
                sent=index,
                paragraph=bisect_right(breaks, sents[index].start_char),
                start=cand.start_char,
                end=cand.end_char,
                text=article.text[cand.start_char : cand.end_char],
                label=cand.label,
                key=cand.key,
                kind=cand.kind,
                written=written,
            )
        )
    return records


def _consistent_kinds(found: Sequence[Candidate]) -> list[Candidate]:
    """Give every unfixed mention of a key the document's majority kind.

    A title anywhere makes the key a person; ``place`` only wins when nothing
    else was seen.
    """
    votes: dict[str, defaultdict[str, float]] = {}
    for cand in found:
        weight = (
            TITLED_PERSON_VOTE
            if cand.person
            else PLACE_VOTE
            if cand.kind == "place"
            else MENTION_VOTE
        )
        votes.setdefault(cand.key, defaultdict(float))[cand.kind] += weight
    best = {
        key: max(count, key=lambda kind: (count[kind], KIND_RANK.get(kind, 0), kind))
        for key, count in votes.items()
    }
    return [
        c if c.fixed or c.kind == best[c.key] else replace(c, kind=best[c.key])
        for c in found
    ]
