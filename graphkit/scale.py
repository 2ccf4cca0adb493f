"""Running parse and extraction over a corpus: in this process or on Dask distributed."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language

from graphkit.extract import Cues, record
from graphkit.nlp import parse
from graphkit.records import Article, DocRecord

__all__ = ["extract_records"]


def extract_records(
    articles: Iterable[Article], *, nlp: Language, cues: Cues, batch_size: int = 64
) -> Iterator[DocRecord]:
    """Parse articles with ``nlp`` and yield one :class:`DocRecord` each, streaming.

    No ``Doc`` is held beyond its batch.
    """
    for doc, article in parse(nlp, articles, batch_size=batch_size):
        yield record(doc, article, cues=cues)
