"""Name rules behind the mention finder: keys, titles, noise and places."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from graphkit.lexicons import ActorLexicon

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from graphkit.extract.columns import Columns

__all__ = [
    "compound_prefix",
    "NAME_PARTICLE",
    "NATIONAL_TYPES",
    "POSSESSIVE",
    "acts",
    "acts_through",
    "foreign_script",
    "inner_possessive",
    "is_noise",
    "is_title",
    "leads_as_place",
    "looks_like_name",
    "names_a_place",
    "normalise",
    "place_use",
    "strip_titles",
    "title_before",
    "trim",
]

_THING_ROLES = frozenset({"weapon-noun", "thing-noun"})
_NOT_NAME_START = frozenset({"ADP", "ADV", "AUX", "CCONJ", "DET", "PRON", "SCONJ"})
POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
_DETERMINERS = frozenset({"the", "a", "an"})
_DANGLING_POS = frozenset({"ADP", "CCONJ", "DET", "SCONJ"})
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})
_ACTING_DEPS = frozenset({"nsubj"})
NATIONAL_TYPES = frozenset({"country", "capital", "territory", "demonym", "people"})
_LEADING_THE = re.compile(r"^(?:the|The|THE)\s+")
_POSSESSIVE_END = re.compile(r"(?<=\w)'s$|(?<=s)'$")
NAME_PARTICLE = re.compile(r"^(?:[AaEe]l|[Aa][dnrsz]|[Aa]sh)-(?=\w)")


# Letters (word characters that are not digits or "_") outside the Latin blocks.
_NON_LATIN_LETTER = re.compile(r"[^\W\d_A-Za-z\u00C0-\u024F\u1E00-\u1EFF]")
# Pipelines whose language is written in the Latin script.
_LATIN_SCRIPT_LANGS = frozenset(
    "ca cs da de en es fi fr hr hu id it lt nb nl pl pt ro sl sv tr vi".split()
)


def foreign_script(text: str, lang: str) -> bool:
    """True when a Latin-script pipeline (of language ``lang``) tagged a name
    (``text``) in another script.

    A Latin-script model has not learned names in Devanagari, Arabic or
    Cyrillic: what it tags there is noise ("का जो" as a PERSON).

    Examples
    --------
    >>> foreign_script("Modi", "en"), foreign_script("हैं", "en")
    (False, True)
    """
    return lang in _LATIN_SCRIPT_LANGS and bool(_NON_LATIN_LETTER.search(text))


def normalise(text: str) -> str:
    """Return a name as a key: straight quotes, single spaces, no article or possessive.

    Examples
    --------
    >>> normalise("the  Kremlin’s")
    'Kremlin'
    >>> normalise("Shi’ite")
    "Shi'ite"
    """
    # each step only where it can change something: most names need none
    if not text.isascii():
        text = text.translate(_QUOTES)
    text = " ".join(text.replace("(", "").replace(")", "").split())
    if text[:1] in ("t", "T"):
        text = _LEADING_THE.sub("", text)
    if "'" in text:
        text = _POSSESSIVE_END.sub("", text)
    return text.strip(" ,;:\"'-")


def trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop leading articles, trailing possessives, a stray "(..." and an
    editor's insertion ("[Bashar al] Assad" is "Assad") from a range."""
    for i in range(start + 1, end):
        if doc[i].text == "(":
            end = i
            break
    for i in range(start, end - 1):
        if doc[i].text.endswith("]"):
            start = i + 1
    while start < end and (
        doc[start].lower_ in _DETERMINERS or doc[start].tag_ == "MD"
    ):
        start += 1  # "the", and a modal fused by the NER ("Will Red Hat ...?")
    while end > start and (
        doc[end - 1].text in POSSESSIVE
        or doc[end - 1].is_punct
        or (doc[end - 1].is_lower and doc[end - 1].pos_ in _DANGLING_POS)
    ):
        end -= 1  # and a preposition the NER took along ("Patrice Talon of")
    return start, end


def inner_possessive(
    doc: Doc, start: int, end: int, lex: ActorLexicon, label: str
) -> int | None:
    """Index of an "'s" that joins an owner to a name ("Sudan's Rapid Support Forces").

    The owner must be an alias-table actor, or the entity a PERSON ("X's
    Wagner Group"); otherwise the "'s" is part of the name ("People's
    Liberation Army"), as is a bare apostrophe ("Kurdistan Workers' Party").
    """
    for i in range(start + 1, end - 1):
        if doc[i].text in ("'s", "’s"):
            owner = normalise(doc[start:i].text)
            return i if label == "PERSON" or owner in lex.aliases else None
    return None


def _title_key(text: str) -> str:
    return " ".join(text.lower().replace(".", " ").split())


def _word(token: Token) -> str:
    return token.lower_.replace(".", "")


def is_title(span: Span, lex: ActorLexicon) -> bool:
    """True when a span is just a title ("Prime Minister"), naming no one."""
    return _title_key(span.text) in lex.titles


def title_at(
    cols: Columns, start: int, end: int, lex: ActorLexicon
) -> tuple[int, bool]:
    """Longest title at ``start`` in ``doc[start:end]`` (``cols`` are the
    document's columns): (length, implies person)."""
    if start >= end or cols.lower[start].replace(".", "") not in lex.title_first:
        return 0, False
    for n in range(min(lex.title_len + 3, end - start), 0, -1):
        implies = lex.titles.get(_title_key(cols.text_of(start, start + n)))
        if implies is not None:
            return n, implies
    return 0, False


def strip_titles(
    cols: Columns, start: int, end: int, lex: ActorLexicon, label: str
) -> tuple[int, bool]:
    """Skip leading titles ("Grand Ayatollah", "U.S. President", "Lt Col") in
    ``doc[start:end]`` (``cols`` are the document's columns).

    Returns the new start and whether a title vouches for a person (one just
    before the name counts too). Titles that do not imply a person ("General")
    are only stripped from PERSON names, so "General Motors" stays whole.
    """
    person = _titled_before(cols, start, lex)
    while start < end:
        n, implies = title_at(cols, start, end, lex)
        if n and (implies or label == "PERSON"):
            start, person = start + n, True
            continue
        skip = _nationality_before_title(cols, start, end, lex)
        if not skip:
            break
        start += skip
    return start, person


def _titled_before(cols: Columns, start: int, lex: ActorLexicon) -> bool:
    return title_before(cols, start, lex) is not None


def title_before(cols: Columns, start: int, lex: ActorLexicon) -> int | None:
    """Start of a person-implying title right before ``doc[start]`` ("President"),
    ``cols`` being the document's columns."""
    doc = cols.doc
    if (
        start == 0
        or doc[start - 1].is_punct
        or cols.lower[start - 1].replace(".", "") not in lex.title_last
    ):
        return None
    found = None
    for n in range(1, min(lex.title_len + 3, start) + 1):
        if doc[start - n + 1].is_sent_start:
            break
        if lex.titles.get(_title_key(cols.text_of(start - n, start))):
            found = start - n  # the longest: "Prime Minister", not "Minister"
    return found


def _nationality_before_title(
    cols: Columns, start: int, end: int, lex: ActorLexicon
) -> int:
    """Length of "Kenyan " / "Kenya's " / "U.S. " when a title follows, else 0."""
    for n in (1, 2, 3):
        if start + n >= end:
            break
        if normalise(cols.text_of(start, start + n)) not in lex.aliases:
            continue
        skip = n + (cols.orth[start + n] in POSSESSIVE)
        if start + skip < end and title_at(cols, start + skip, end, lex)[0]:
            return skip
    return 0


def _context(token: Token, lex: ActorLexicon) -> str:
    return lex.context.get(token.lemma_.lower(), "")


def is_noise(span: Span, key: str, lex: ActorLexicon, cols: Columns) -> bool:
    """True for media, weapons, events, laws, products, sports clubs and
    capitalised common words.

    Names with digits are measures or codes ("Humberto 785 miles", "A320");
    a word opening a sentence is a common one when the document also writes
    it in lowercase ("Hydrogen and helium ..." beside "hydrogen-rich").
    ``cols`` are the document's token columns.
    """
    words = key.lower().split()
    media = {lex.context.get(" ".join(words[-n:])) for n in (1, 2)}
    root = span.root
    if "media-noun" in media or (
        root.dep_ in ("compound", "appos", "nmod")
        and _context(root.head, lex) == "media-noun"
    ):
        return True
    if any(
        c.dep_ in ("appos", "amod", "compound") and _context(c, lex) == "media-noun"
        for c in root.children
    ):
        return True
    if media & _THING_ROLES and "of" not in words:
        return True  # "Clean Air Act", "Rocky Linux"; not "Institute of Law"
    if any(lex.context.get(w.strip(".")) == "sports-noun" for w in words):
        return True  # "Sunshine Coast Rugby Union": a club or league
    if "of" in words[1:] and lex.context.get(words[words.index("of") - 1]) in (
        _THING_ROLES
    ):
        return True  # "Medal of Science", "Economy of Turkey"
    if root.dep_ == "compound" and _context(root.head, lex) in _THING_ROLES:
        return True
    if len(words) > 1 and key.upper() == key and any(len(w) > 3 for w in words):
        return True
    if lex.context.get(words[0]) == "event-noun" or any(ch.isdigit() for ch in key):
        return True
    if _inside_title(span, lex, cols):
        return True
    return (
        len(span) == 1
        and bool(span[0].is_sent_start)
        and (
            (span[0].pos_ != "PROPN" and not _named_elsewhere(span[0], cols))
            or _lowercase_elsewhere(span[0], cols)
        )
    )


def _lowercase_elsewhere(token: Token, cols: Columns) -> bool:
    """True when the document also writes the word in lowercase ("hydrogen")."""
    return token.lower_ != token.text and token.lower_ in cols.positions


def _named_elsewhere(token: Token, cols: Columns) -> bool:
    """True when the document also tags the word inside a name ("Sacoolas" at
    the start of a sentence, after "Anne Sacoolas")."""
    doc = token.doc
    return any(doc[i].ent_type_ and i != token.i for i in cols.positions[token.text])


def _inside_title(span: Span, lex: ActorLexicon, cols: Columns) -> bool:
    """ "Supreme" of "Supreme Leader", "State" of "Secretary of State"."""
    if any(_word(token) not in lex.title_words for token in span):
        return False
    size, limit = len(cols.orth), lex.title_len + 3
    for begin in range(max(0, span.start - limit), span.start + 1):
        n, _ = title_at(cols, begin, min(size, begin + limit), lex)
        if n and begin + n >= span.end:
            return True
    return False


def _role_token(token: Token) -> Token:
    while token.dep_ == "conj" and token.head is not token:
        token = token.head
    return token


def place_use(span: Span, lex: ActorLexicon, *, strict: bool) -> bool:
    """True when a place name is used as a location, not as an actor.

    "in Khartoum", "Khartoum's Green Square", "a Khartoum district", "the capital
    Khartoum", "the city of Omdurman", "Omdurman, Sudan". ``strict`` adds
    "from"/"to" (for cities and capitals, where "flew to Khartoum" is a place).
    """
    token = _role_token(span.root)
    head = token.head
    if token.dep_ == "pobj":
        prep = head.lower_
        if _context(head, lex) == "locative-preposition" or (
            strict and prep in ("from", "to")
        ):
            return True
        return prep == "of" and _context(head.head, lex) == "place-noun"
    if token.dep_ in ("poss", "compound", "nmod", "appos", "npadvmod"):
        if _context(head, lex) == "place-noun":
            return True
        return bool(head.ent_type_ in ("GPE", "LOC", "FAC") and head not in span)
    return False


def looks_like_name(span: Span) -> bool:
    """True when a PERSON span has the shape of a personal name.

    Not a name: one led by a gerund or function word ("Regarding Ashodaya"),
    with no capitalised word, with an all-capitals word ("COVID Melbourne"),
    or with a lowercase word that is not a short particle ("dela", "al-Bashir")
    or the end of a hyphenated name ("Park Won-soon").

    Examples
    --------
    >>> import spacy
    >>> doc = spacy.blank("en")("Luiz Inácio da Silva met COVID Team")
    >>> looks_like_name(doc[0:4]), looks_like_name(doc[5:7])
    (True, False)
    """
    first = span[0]
    if first.pos_ in _NOT_NAME_START or first.tag_ == "VBG":
        return False
    if not any(ch.isupper() for ch in span.text):
        return False
    for token in span:
        text = token.text
        if len(text) > 3 and text.isalpha() and text.isupper():
            return False
        hyphenated = token.i > 0 and token.doc[token.i - 1].text == "-"
        if text[:1].islower() and len(text) > 4 and not hyphenated:
            if not re.search("[-'’]", text):
                return False
    return True


def leads_as_place(key: str, lex: ActorLexicon) -> bool:
    """True for a place name whose noun leads: "Masjid Al-Aqsa", "Tell Tamer"."""
    words = key.split()
    return len(words) > 1 and lex.context.get(words[0].lower()) == "place-lead"


def names_a_place(span: Span, key: str, lex: ActorLexicon) -> bool:
    """True when a PERSON name is a place: "Trafalgar Square", "Masjid Al-Aqsa",
    or a lone "in Kerman"."""
    if lex.context.get(key.split()[-1].lower()) == "place-noun":
        return True
    if leads_as_place(key, lex):
        return True
    token = _role_token(span.root)
    return (
        len(span) == 1
        and token.dep_ == "pobj"
        and _context(token.head, lex) == "locative-preposition"
    )


def compound_prefix(lex: ActorLexicon) -> re.Pattern:
    """The pattern of an actor fused into one token with a participle ("U.S.-led",
    "Russia-backed"); group 1 is the actor. The participles come from the cue
    lexicon (``lex.participles``)."""
    return re.compile(rf"(?<!\S)(\w[^\s-]*?)-(?:{'|'.join(lex.participles)})\b")


def acts_through(span: Span, lex: ActorLexicon) -> bool:
    """True when a nationality adjective names the agent of what it modifies.

    An act ("an Indian proposal"), a hyphenated participle ("Saudi-led") or
    weapons as subject ("Israeli tanks fired"): the country is an actor
    there, unlike on a thing ("shot down an Indian airliner").
    """
    doc, token = span.doc, span.root
    if span.end + 1 < len(doc) and doc[span.end].text == "-":
        return doc[span.end + 1].lower_ in lex.participles
    if token.dep_ not in ("amod", "compound", "nmod"):
        return False
    head, role = token.head, _context(token.head, lex)
    # weapons that act are their state's: "Israeli tanks shelled the town"
    return role == "act-noun" or (
        role == "weapon-noun" and head.dep_ == "nsubj" and _plural_or_bare(head)
    )


def _plural_or_bare(token: Token) -> bool:
    """ "tanks", "aircraft": not "an airliner" (one thing, not a force)."""
    return token.tag_ == "NNS" or not any(c.dep_ == "det" for c in token.children)


def acts(token: Token) -> bool:
    """True when a name is the subject of a verb other than "be", or a passive agent."""
    token = _role_token(token)
    if token.dep_ in _ACTING_DEPS:
        return token.head.lemma_ != "be"
    return token.dep_ == "pobj" and token.head.dep_ == "agent"
