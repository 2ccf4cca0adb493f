"""Loading the spaCy pipeline with graphkit's actor ruler."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from itertools import product
from operator import itemgetter
from pathlib import Path
from typing import Any

import numpy
import spacy
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.errors import Errors
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler, Lemmatizer, SpanRuler
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span
from spacy.util import load_config, registry

from graphkit.errors import ModelNotFound
from graphkit.lexicons import ActorLexicon
from graphkit.models import DEFAULT_MODEL, missing_model, model_folder

__all__ = [
    "ACTOR_RULER",
    "ACTOR_RULER_CONFIG",
    "EMPTY_TOKENIZER",
    "add_actor_ruler",
    "index_lemmas_by_set",
    "lemmatize_by_columns",
    "match_attribute_rules_by_table",
    "load_pipeline",
    "longest_ents_filter",
]

ACTOR_RULER = "graphkit_actor_ruler"
#: The actor ruler's ``span_ruler`` config: it sets entities, keeping the longer
#: of an overlapping NER entity and its own.
ACTOR_RULER_CONFIG = {
    "spans_key": None,
    "annotate_ents": True,
    "overwrite": False,
    "ents_filter": {"@misc": "graphkit.longest_ents_filter.v1"},
}
#: A tokenizer factory that starts with no rules (see :func:`load_pipeline`).
EMPTY_TOKENIZER = "graphkit.empty_tokenizer.v1"
_DEFAULT_TOKENIZER = {"@tokenizers": "spacy.Tokenizer.v1"}


def load_pipeline(name: str = DEFAULT_MODEL, *, lexicon: ActorLexicon) -> Language:
    """Load an installed spaCy pipeline and add graphkit's actor ruler to it.

    Parameters
    ----------
    name : str
        Package name or path of a spaCy pipeline with a parser and an NER.
    lexicon : ActorLexicon
        The compiled actor lexicon (see :func:`graphkit.lexicons.compile_lexicon`)
        whose alias table the ruler matches.

    Returns
    -------
    Language
        The pipeline with ``graphkit_actor_ruler`` after its ``ner``.

    Raises
    ------
    ModelNotFound
        If no pipeline of that name is installed.

    Notes
    -----
    ``spacy.load`` builds the tokenizer from the language's defaults (its
    regexes and some 2,700 special cases), then loads the pipeline's saved
    tokenizer over it, which resets every rule before reading the saved
    ones. For spaCy's default tokenizer, graphkit builds it empty instead:
    the same tokenizer, one build less on every load (in each Dask worker
    too). Any other tokenizer (Chinese, Japanese, a custom one) loads as is.
    """
    try:
        nlp = spacy.load(name, config=_empty_tokenizer(model_folder(name)))
    except OSError:
        raise ModelNotFound(missing_model(name)) from None
    index_lemmas_by_set(nlp)
    lemmatize_by_columns(nlp)
    match_attribute_rules_by_table(nlp)
    return add_actor_ruler(nlp, lexicon)


def _empty_tokenizer(folder: Path) -> dict[str, Any]:
    """The config override that builds spaCy's default tokenizer empty, if it is."""
    config = load_config(folder / "config.cfg", interpolate=False)
    if config["nlp"].get("tokenizer") != _DEFAULT_TOKENIZER:
        return {}
    return {"nlp": {"tokenizer": {"@tokenizers": EMPTY_TOKENIZER}}}


@registry.tokenizers(EMPTY_TOKENIZER)
def make_empty_tokenizer() -> Callable[[Language], Tokenizer]:
    """Registered factory of a tokenizer without rules, for a pipeline to load into."""

    def create(nlp: Language) -> Tokenizer:
        return Tokenizer(nlp.vocab)

    return create


def index_lemmas_by_set(nlp: Language) -> None:
    """Make the rule lemmatizer's word index sets instead of lists (in place).

    spaCy's rule lemmatizer asks whether each form a suffix rule makes is in
    its ``lemma_index`` table, a list per part of speech (57,528 nouns in
    ``en_core_web_sm``): each word it has not seen before scans those lists
    once per rule. Membership is all it asks of them, so sets give the same
    lemmas; the first parse of a corpus then lemmatises about seven times
    faster (a repeat pass hits the lemmatizer's own cache either way). A
    lemmatizer whose rule lemmatisation is not spaCy's own is left alone.

    Examples
    --------
    >>> nlp = spacy.blank("en")
    >>> index_lemmas_by_set(nlp)  # no lemmatizer: nothing to do
    """
    for _, pipe in nlp.pipeline:
        if not isinstance(pipe, Lemmatizer) or pipe.mode != "rule":
            continue
        if type(pipe).rule_lemmatize is not Lemmatizer.rule_lemmatize:
            continue
        if pipe.lookups.has_table("lemma_index"):
            index = pipe.lookups.get_table("lemma_index")
            for pos, words in list(index.items()):
                index[pos] = frozenset(words)


# Base-form tests that read a token's part of speech and morphology only: a
# lemmatizer with one of them lemmatises a word by its form, part of speech and
# morphology alone.
_PURE_BASE_FORMS = (Lemmatizer.is_base_form, EnglishLemmatizer.is_base_form)
_KNOWN_WORDS = 10_000


def lemmatize_by_columns(nlp: Language) -> None:
    """Make the rule lemmatizer read ``nlp.pipe``'s documents by columns (in place).

    spaCy's rule lemmatizer walks a document in Python, a ``Token``, its
    morphology and its lemma's string for every word, although the lemma
    depends on the word's form, part of speech and morphology only (the key
    of the lemmatizer's own cache). In ``nlp.pipe`` it reads those three
    columns of the document at once instead, and lemmatises each distinct
    triple once per document, looking it up in its cache first and calling
    its own ``lemmatize`` otherwise: the same lemmas, which
    ``tests/test_nlp.py`` compares on real text. ``nlp(text)`` still runs
    spaCy's own loop. Other lemmatizers (lookup mode, other rules or base-form
    tests) are left alone.

    Examples
    --------
    >>> nlp = spacy.blank("en")
    >>> lemmatize_by_columns(nlp)  # no lemmatizer: nothing to do
    """
    for _, pipe in nlp.pipeline:
        if (
            isinstance(pipe, Lemmatizer)
            and pipe.mode == "rule"
            and type(pipe).__call__ is Lemmatizer.__call__
            and type(pipe).rule_lemmatize is Lemmatizer.rule_lemmatize
            and type(pipe).is_base_form in _PURE_BASE_FORMS
        ):
            # an instance attribute: Language.pipe calls each component's pipe
            pipe.pipe = _LemmasByColumns(pipe)  # type: ignore[method-assign]


class _LemmasByColumns:
    """``Lemmatizer.pipe`` that lemmatises a document by its ORTH, POS and
    MORPH columns, each distinct triple once."""

    def __init__(self, lemmatizer: Lemmatizer) -> None:
        self.lemmatizer = lemmatizer
        # lemmas spaCy's cache does not keep (base forms, proper nouns), bounded
        self.known: dict[tuple[int, int, int], str] = {}

    def __call__(
        self, stream: Iterable[Doc], *, batch_size: int = 128
    ) -> Iterator[Doc]:
        lemmatizer = self.lemmatizer
        error_handler = lemmatizer.get_error_handler()
        for doc in stream:
            try:
                yield self.lemmatize(doc)
            except Exception as e:
                error_handler(lemmatizer.name, lemmatizer, [doc], e)

    def lemmatize(self, doc: Doc) -> Doc:
        """Set the lemma of every token that has none (or all, to overwrite)."""
        lemmatizer = self.lemmatizer
        if not lemmatizer._validated:
            lemmatizer._validate_tables(Errors.E1004)
        cache, known, add = lemmatizer.cache, self.known, doc.vocab.strings.add
        overwrite = lemmatizer.overwrite
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()
        lemmas = []
        found: dict[tuple[int, int, int], int] = {}  # this document's lemma ids
        for i, (orth, pos, morph, lemma) in enumerate(rows):
            if lemma and not overwrite:
                lemmas.append(lemma)  # set before: by the attribute ruler
                continue
            key = (orth, pos, morph)
            value = found.get(key)
            if value is None:
                word = cache.get(key, (None,))[0] or known.get(key)
                if word is None:
                    word = lemmatizer.lemmatize(doc[i])[0]
                    if len(known) < _KNOWN_WORDS:
                        known[key] = word
                value = found[key] = add(word)
            lemmas.append(value)
        column: Any = numpy.array(lemmas, dtype=numpy.uint64).reshape(-1, 1)
        doc.from_array([LEMMA], column)
        return doc


# The token attributes an attribute rule's token may test, as Doc.to_array
# reads them (as the Matcher does: the lexeme's LOWER and IS_SPACE, the token's
# TAG and DEP).
_TABLE_ATTRS = ("TAG", "LOWER", "DEP", "IS_SPACE")
_TABLE_IDS = [TAG, LOWER, DEP, IS_SPACE]


def match_attribute_rules_by_table(nlp: Language) -> None:
    """Match the attribute ruler's rules by table lookup (in place).

    spaCy's ``attribute_ruler`` (the tag map and its exceptions: 179 rules in
    ``en_core_web_sm``) runs a ``Matcher`` that tries every rule at every
    token, a tenth of the pipeline's time. Its rules are short fixed
    sequences of tokens whose attributes equal given values (``{"TAG":
    "NN"}``, ``{"LOWER": "his", "TAG": "PRP$"}``, "gon" + "na"), are not in a
    list (``NOT_IN``) or match a regular expression (``REGEX``): each is
    looked up in a table keyed by the values one of its tokens requires, its
    other tests checked where the key finds it (a rule that requires no value
    is checked at every token); anything else (operators, other attributes)
    still runs through a ``Matcher``. The matches, and so every tag, part of
    speech, morphology and lemma the ruler sets, are the same
    (``tests/test_nlp.py`` compares them on real text).

    Examples
    --------
    >>> nlp = spacy.blank("en")
    >>> ruler = nlp.add_pipe("attribute_ruler")
    >>> ruler.add([[{"LOWER": "the"}]], {"POS": "DET"})
    >>> ruler.add([[{"LOWER": {"REGEX": "^en"}}]], {"POS": "NOUN"})
    >>> match_attribute_rules_by_table(nlp)
    >>> [t.pos_ for t in nlp("The end")]
    ['DET', 'NOUN']
    """
    for _, pipe in nlp.pipeline:
        if isinstance(pipe, AttributeRuler):
            # an instance attribute: AttributeRuler.__call__ calls self.match
            pipe.match = _RuleTable(pipe)  # type: ignore[method-assign]


# One token of a rule: the values each attribute (by position in _TABLE_ATTRS)
# must have, the values it must not have, and the expressions its string must match.
_Test = tuple[
    dict[int, frozenset[int]],
    tuple[tuple[int, frozenset[int]], ...],
    tuple[tuple[int, re.Pattern], ...],
]
# (rule, match id, the keyed token's offset in the rule, the rule's length, and
# (offset, tests) of each token with a test left once the key is found)
_Entry = tuple[int, int, int, int, tuple[tuple[int, _Test], ...]]


class _RuleTable:
    """``AttributeRuler.match`` with its rules in tables: keyed by the values
    one token requires (one entry per combination of ``IN`` lists' values),
    every other test checked on the tokens a key finds."""

    def __init__(self, ruler: AttributeRuler) -> None:
        self.strings = strings = ruler.vocab.strings
        # which attributes a table reads -> their values -> entries
        self.tables: dict[itemgetter, dict[Any, list[_Entry]]] = {}
        self.everywhere: list[_Entry] = []  # rules that require no value
        readers: dict[tuple[int, ...], itemgetter] = {}
        self.rest = Matcher(ruler.vocab)
        for i, rule in enumerate(ruler.patterns):
            match_id = strings.add(str(i))
            patterns: Any = rule["patterns"]
            sequences = [s for p in patterns if (s := _sequence(p, strings))]
            if not patterns or len(sequences) < len(patterns):
                self.rest.add(match_id, patterns)
                continue
            for sequence in sequences:
                keyed = [k for k, (required, _, _) in enumerate(sequence) if required]
                if not keyed:
                    tests = tuple(enumerate(sequence))
                    self.everywhere.append((i, match_id, 0, len(sequence), tests))
                    continue
                key = keyed[0]
                required, unless, patterns = sequence[key]
                tests = tuple(
                    (k, ({}, unless, patterns) if k == key else test)
                    for k, test in enumerate(sequence)
                    if k != key or unless or patterns
                )
                entry = (i, match_id, key, len(sequence), tests)
                where = tuple(sorted(required))
                read = readers.setdefault(where, itemgetter(*where))
                table = self.tables.setdefault(read, {})
                probe = [0] * len(_TABLE_ATTRS)
                for values in product(*(required[j] for j in where)):
                    for j, value in zip(where, values, strict=True):
                        probe[j] = value
                    table.setdefault(read(probe), []).append(entry)

    def __call__(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        found = self.rest(doc, allow_missing=True) if len(self.rest) else []
        matches = [(int(self.strings[m]), m, start, end) for m, start, end in found]
        rows = doc.to_array(_TABLE_IDS).tolist()
        text = _Strings(doc.vocab.strings)
        for read, table in self.tables.items():
            for at, row in enumerate(rows):
                for entry in table.get(read(row), ()):
                    if not entry[4]:  # one token, matched by its key alone
                        matches.append((entry[0], entry[1], at, at + 1))
                    elif (span := _span(entry, at, rows, text)) is not None:
                        matches.append(span)
        for entry in self.everywhere:
            for at in _first_passing(entry, rows, text):
                if (span := _span(entry, at, rows, text)) is not None:
                    matches.append(span)
        matches.sort()
        return matches


class _Strings(dict[int, str]):
    """The strings of one document's attribute values, each decoded once."""

    def __init__(self, strings: Any) -> None:
        super().__init__()
        self.strings = strings

    def __missing__(self, value: int) -> str:
        self[value] = text = self.strings[value]
        return text


def _first_passing(
    entry: _Entry, rows: list[list[int]], text: _Strings
) -> Iterable[int]:
    """Where a rule that requires no value may start: the tokens whose value
    matches its first token's first expression (each distinct value searched
    once), or every token."""
    _, (_, _, patterns) = entry[4][0]
    if not patterns:
        return range(len(rows))
    j, pattern = patterns[0]
    passing = {v for v in {row[j] for row in rows} if pattern.search(text[v])}
    return [at for at, row in enumerate(rows) if row[j] in passing]


def _span(
    entry: _Entry, at: int, rows: list[list[int]], text: _Strings
) -> tuple[int, int, int, int] | None:
    """The match of ``entry`` whose keyed token is ``rows[at]``, if it has one."""
    rule, match_id, keyed, length, tests = entry
    start, end = at - keyed, at - keyed + length
    if start < 0 or end > len(rows):
        return None
    for k, (required, unless, patterns) in tests:
        row = rows[start + k]
        if (
            not all(row[j] in values for j, values in required.items())
            or any(row[j] in values for j, values in unless)
            or not all(p.search(text[row[j]]) for j, p in patterns)
        ):
            return None
    return rule, match_id, start, end


def _sequence(pattern: list[dict[str, Any]], strings: Any) -> tuple[_Test, ...]:
    """The tests of a pattern's tokens, or none (empty) if one of them cannot be
    tabled."""
    tests = [_tabled(token, strings) for token in pattern]
    return tuple(t for t in tests if t is not None) if None not in tests else ()


def _tabled(token: dict[str, Any], strings: Any) -> _Test | None:
    """One token of a rule as the values each attribute must have (``{"TAG":
    "NN"}`` or ``{"LOWER": {"IN": [...]}}``), those it must not (``NOT_IN``)
    and the expressions it must match (``REGEX``, as the Matcher searches
    them), by position in :data:`_TABLE_ATTRS`; None if it tests anything
    else."""
    required: dict[int, frozenset[int]] = {}
    unless = []
    patterns = []
    for key, test in token.items():
        if key not in _TABLE_ATTRS:
            return None
        j = _TABLE_ATTRS.index(key)
        if isinstance(test, str | bool):
            required[j] = frozenset({_table_value(test, strings)})
        elif isinstance(test, dict) and set(test) == {"IN"}:
            required[j] = frozenset(_table_value(v, strings) for v in test["IN"])
        elif isinstance(test, dict) and set(test) == {"NOT_IN"}:
            unless.append(
                (j, frozenset(_table_value(v, strings) for v in test["NOT_IN"]))
            )
        elif isinstance(test, dict) and set(test) == {"REGEX"} and key != "IS_SPACE":
            patterns.append((j, re.compile(test["REGEX"])))
        else:
            return None
    return required, tuple(unless), tuple(patterns)


def _table_value(value: str | bool, strings: Any) -> int:
    return int(value) if isinstance(value, bool) else strings.add(value)


def add_actor_ruler(nlp: Language, lexicon: ActorLexicon) -> Language:
    """Add the alias ruler ``graphkit_actor_ruler`` to ``nlp`` (in place).

    The ruler annotates ``doc.ents`` with the names of ``lexicon.rules`` so
    that ``ent.ent_id_`` carries the canonical id; when a matched name
    overlaps a longer entity of the NER, the longer one is kept.

    Examples
    --------
    >>> import spacy
    >>> from graphkit.lexicons import compile_lexicon
    >>> nlp = add_actor_ruler(spacy.blank("en"), compile_lexicon())
    >>> [(e.text, e.ent_id_) for e in nlp("Moscow and the U.S. said").ents]
    [('Moscow', 'Russia'), ('U.S.', 'United States')]
    """
    ruler = nlp.add_pipe(
        "span_ruler",
        name=ACTOR_RULER,
        config=dict(ACTOR_RULER_CONFIG),
        after="ner" if "ner" in nlp.pipe_names else None,
    )
    assert isinstance(ruler, SpanRuler)
    # The ruler matches the ORTH of its phrases, which the tokenizer alone
    # gives; left enabled, every earlier component (tagger, parser, NER...)
    # would run over each of the lexicon's thousand phrases, most of the time
    # it takes to load the pipeline.
    with nlp.select_pipes(disable=nlp.pipe_names):
        ruler.add_patterns([dict(rule) for rule in lexicon.rules])
    return nlp


@registry.misc("graphkit.longest_ents_filter.v1")
def make_longest_ents_filter():
    """Registered factory of :func:`longest_ents_filter` for the span ruler config."""
    return longest_ents_filter


def longest_ents_filter(entities: Iterable[Span], spans: Iterable[Span]) -> list[Span]:
    """Merge NER entities with ruler matches: longest span first, ruler wins ties.

    A ruler match replaces an NER entity of the same extent (so it brings its
    id), but never cuts a longer NER entity ("U.S." inside "U.S. Central
    Command").
    """
    ranked = sorted(
        [(s, 0) for s in spans] + [(e, 1) for e in entities],
        key=lambda pair: (pair[0].start - pair[0].end, pair[1], pair[0].start),
    )
    taken: set[int] = set()
    kept = []
    for span, _ in ranked:
        if not taken.intersection(range(span.start, span.end)):
            kept.append(span)
            taken.update(range(span.start, span.end))
    return sorted(kept, key=lambda span: span.start)
