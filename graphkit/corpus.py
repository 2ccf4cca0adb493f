"""Bringing a corpus into the store: extraction in this process or on Dask distributed.

:func:`corpus_records` is the entry point a build uses: it looks every article
up in the :class:`~graphkit.store.Store`, parses only the ones missing (here,
or as tasks on a Dask cluster whose workers each rebuild the
:class:`~graphkit.extract.extractor.Extractor` once), and returns the records
re-readable from the store, so no ``Doc`` and no list of all records is ever
held. Each record is stored with its resolution statistics, which a build
reads first to resolve the actors; it then reads the records once, to build
the graph.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from graphkit.extract.extractor import Extractor
from graphkit.extract.resolve import statistics
from graphkit.records import Article, DocRecord, KeyStats
from graphkit.store import Store, article_hash

__all__ = ["RecordSet", "Total", "corpus_records"]

Run = Callable[[Iterable[Article]], Iterator[DocRecord]]
#: The number of articles to come: known, told once reading has learnt it, or not.
Total = int | Callable[[], int | None] | None


class RecordSet:
    """The records of one corpus, read back from the store on each iteration.

    Iterating twice reads the store twice; only the article keys are held.
    :meth:`statistics` reads what resolution needs of each record without
    decoding it. ``parsed`` counts the articles parsed in this build, the rest
    came from the store.
    """

    def __init__(self, store: Store, keys: list[str], *, parsed: int) -> None:
        self._store = store
        self._keys = keys
        self.parsed = parsed

    def __iter__(self) -> Iterator[DocRecord]:
        return self._store.records(self._keys)

    def statistics(self) -> Iterator[tuple[KeyStats, ...]]:
        """The resolution statistics of each record, in the records' order."""
        return self._store.statistics(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    @property
    def fingerprint(self) -> str:
        """The extraction fingerprint the records were made and stored under."""
        return self._store.fingerprint

    def __repr__(self) -> str:
        return f"<RecordSet: {len(self)} articles, {self.parsed} parsed>"


@contextmanager
def corpus_records(
    articles: Iterable[Article],
    *,
    extractor: Extractor,
    store: str | Path | None = None,
    jobs: int = 1,
    scheduler: str | None = None,
    progress: bool = False,
    total: Total = None,
) -> Iterator[RecordSet]:
    """Make sure every article has a record in the store, then give them back.

    Articles already in the store under the extractor's fingerprint are not
    parsed again (and the spaCy pipeline is not even loaded when none must
    be); duplicates (same content) are kept once. The records come back sorted
    by article id, identical whichever way they were made.

    Parameters
    ----------
    articles : iterable of Article
        Consumed once, lazily.
    extractor : Extractor
        The extraction to run (here, or rebuilt on each Dask worker).
    store : path, optional
        The SQLite store; None uses a temporary one (nothing is cached).
    jobs : int
        Worker processes of a local Dask cluster; 1 parses in this process.
    scheduler : str, optional
        Address of a running Dask scheduler (``tcp://host:8786``); overrides
        ``jobs``.
    progress : bool
        Show a progress bar of the articles done (parsed, or found in the store).
    total : int or callable, optional
        The number of articles, when known: the bar then shows it and an ETA.
        A callable gives it (or None) once the articles read so far tell it,
        as standard input does once read to its end; it is asked as each
        article arrives, until it knows.

    Yields
    ------
    RecordSet
        Valid until the ``with`` block ends.

    Raises
    ------
    StoreError
        If the store cannot be opened or written.
    GraphkitError
        If the Dask scheduler cannot be reached, or its workers load a
        different pipeline than this process.
    """
    digest = extractor.fingerprint
    opened = (
        Store(store, fingerprint=digest)
        if store is not None
        else Store.temporary(fingerprint=digest)
    )
    with opened, ExitStack() as closing:
        # A local cluster, if any, shuts down while the records are used, and is
        # gone when this block ends.
        with _runner(extractor, jobs, scheduler, closing) as extract:
            keys, parsed = _update(opened, articles, extract, progress, total)
        yield RecordSet(opened, keys, parsed=parsed)


def _update(
    store: Store,
    articles: Iterable[Article],
    extract: Run,
    progress: bool,
    total: Total,
) -> tuple[list[str], int]:
    """Extract the articles missing from ``store``; return all keys and the count.

    Each article is hashed once, and the store answers whether it has a record
    without decoding it.
    """
    ids: dict[str, str] = {}
    pending: dict[Article, str] = {}
    tick: Callable[[], object] = lambda: None  # noqa: E731
    learn: Callable[[], object] = lambda: None  # noqa: E731
    if progress:
        from tqdm import tqdm

        known = total if isinstance(total, int) else None
        bar = tqdm(total=known, desc="parsing", unit="doc", leave=False)
        tick = bar.update
        if callable(total):
            told = total

            def learn() -> None:
                if bar.total is None and (count := told()) is not None:
                    bar.total = count
                    bar.refresh()

    def missing() -> Iterator[Article]:
        # One lookup per article, not per chunk: a chunk would wait for articles
        # that a paused stream (stdin) has not sent yet.
        for article in articles:
            learn()
            key = article_hash(article)
            if key not in ids:
                ids[key] = article.id
                if store.missing([key]):
                    pending[article] = key
                    yield article
                    continue
            tick()  # in the store already, or a repeat: done at once

    parsed = 0
    for rec in extract(missing()):
        store.put(pending.pop(rec.article), rec, statistics(rec))
        parsed += 1
        tick()
    store.commit()
    if progress:
        bar.close()
    return sorted(ids, key=lambda key: (ids[key], key)), parsed


@contextmanager
def _runner(
    extractor: Extractor, jobs: int, scheduler: str | None, closing: ExitStack
) -> Iterator[Run]:
    """Extraction in this process, or on a Dask cluster with ``jobs``/``scheduler``
    (a local one shut down in the background, waited for by ``closing``)."""
    if scheduler is None and jobs <= 1:
        yield extractor.records
        return
    from graphkit.dask_runner import dask_client, distributed_records

    with dask_client(jobs=jobs, scheduler=scheduler, closing=closing) as client:
        yield lambda articles: distributed_records(
            articles, client=client, extractor=extractor
        )
