"""The Extractor: one extraction configuration, its fingerprint, and running it here.

An :class:`Extractor` is built once from the model name and the user's lexicon
files. It owns the compiled actor lexicon, the stance cues, the spaCy pipeline
(loaded on first use only, so a build that parses nothing never loads it) and
the fingerprint the record store keys on. It pickles as its model name and
lexicon texts, so each Dask worker rebuilds the same extraction.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from functools import cached_property
from importlib import metadata
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

import graphkit
from graphkit.extract import Cues, load_cues, record
from graphkit.extract.chunks import CHUNK_CHARS, Piece, join_records, pieces
from graphkit.extract.headline import parsed_text
from graphkit.lexicons import ActorLexicon, LexiconFile, compile_lexicon, packaged_path
from graphkit.models import DEFAULT_MODEL, model_files
from graphkit.records import Article, DocRecord

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["Extractor", "parse"]

BATCH_SIZE = 32
BATCH_CHARS = 50_000
ZONE_SIZE = 500
_CODE = ("nlp.py", "records.py", "lexicons.py")
# Installed packages whose data shapes records (VADER's valence lexicon).
_LIBRARIES = ("vaderSentiment",)


class Extractor:
    """Everything that turns an article into a :class:`DocRecord`, built once.

    Parameters
    ----------
    model : str
        Package name or path of an installed spaCy pipeline.
    aliases : sequence of path or LexiconFile
        User alias tables (EntityRuler JSONL), applied after the packaged one
        so that they override it.
    cues : sequence of path or LexiconFile
        User stance cue lexicons, applied after the packaged one.
    chunk_chars : int
        Longest text parsed at once: a longer article is parsed in pieces cut
        at paragraph, sentence or word boundaries
        (:mod:`graphkit.extract.chunks`), so no length fails and the parser's
        memory stays bounded.

    Attributes
    ----------
    lexicon : ActorLexicon
        The compiled actor lexicon.
    cues : Cues
        The stance cue lexicon.
    fingerprint : str
        Digest of everything besides an article's text that shapes its record:
        the pipeline's installed files (not the loaded model), the lexicons,
        and graphkit's extraction code and data.

    Raises
    ------
    ModelNotFound
        If the pipeline is not installed (found without loading it).
    LexiconError
        If a lexicon file is missing or malformed.

    Examples
    --------
    >>> extractor = Extractor()
    >>> extractor.lexicon.aliases["U.S."]
    ('United States', 'country')
    >>> extractor.fingerprint == Extractor().fingerprint
    True
    """

    def __init__(
        self,
        model: str = DEFAULT_MODEL,
        *,
        aliases: Sequence[str | Path | LexiconFile] = (),
        cues: Sequence[str | Path | LexiconFile] = (),
        chunk_chars: int = CHUNK_CHARS,
    ) -> None:
        if chunk_chars < 2:
            raise ValueError(f"chunk_chars must be at least 2, not {chunk_chars}")
        self.model = model
        self.alias_files = _read(aliases)
        self.cue_files = _read(cues)
        self.chunk_chars = chunk_chars
        self.fingerprint = _fingerprint(
            model, self.alias_files, self.cue_files, chunk_chars
        )
        self.lexicon: ActorLexicon = compile_lexicon(self.alias_files)
        self.cues: Cues = load_cues(self.cue_files)
        # words given to the tokenizer outside memory zones; None once its cache is full
        self._cached_words: set[str] | None = set()

    @cached_property
    def nlp(self) -> Language:
        """The spaCy pipeline with the actor ruler, loaded on first use."""
        # graphkit.nlp imports spaCy: only a build that parses something pays.
        from graphkit.nlp import load_pipeline

        return load_pipeline(self.model, lexicon=self.lexicon)

    def record(self, doc: Doc, article: Article) -> DocRecord:
        """Extract the record of ``article`` from its parsed ``doc``."""
        return record(doc, article, lexicon=self.lexicon, cues=self.cues)

    def records(
        self,
        articles: Iterable[Article],
        *,
        batch_size: int = BATCH_SIZE,
        batch_chars: int = BATCH_CHARS,
        zone_size: int = ZONE_SIZE,
    ) -> Iterator[DocRecord]:
        """Parse articles and yield one :class:`DocRecord` each, streaming.

        Articles are parsed ``zone_size`` at a time inside ``nlp.memory_zone()``,
        so strings interned for one chunk are freed before the next and a long
        run does not grow; no ``Doc`` outlives its chunk. A batch stops at
        ``batch_size`` articles or ``batch_chars`` characters, whichever comes
        first: the parser's working memory grows with the text of a batch, and
        a few very long articles in one batch would otherwise set the peak. An
        article longer than ``chunk_chars`` is parsed in pieces and gets one
        record, joined from theirs. The pipeline is loaded when the first
        article arrives.

        spaCy's tokenizer caches how it split each word (up to its
        ``max_cache_size`` words), but never inside a memory zone, whose
        lexemes the cache would outlive. Before a zone, while the cache has
        room, the zone's texts are therefore tokenized outside it
        (:meth:`_fill_tokenizer_cache`): the words they hold stay cached, and
        their lexemes interned, for every later zone. That costs a second
        tokenization of those texts and keeps a bounded vocabulary: the words
        the cache has room for, once per pipeline, whatever the corpus' length.

        Parameters
        ----------
        articles : iterable of Article
            Consumed lazily.
        batch_size : int
            Most documents per ``nlp.pipe`` batch.
        batch_chars : int
            Most characters per batch (a longer piece is a batch on its own).
        zone_size : int
            Pieces (articles, or pieces of long ones) per memory zone.

        Yields
        ------
        DocRecord
            In input order.
        """
        iterator = self._pieces(articles)
        parts: list[tuple[Piece, DocRecord]] = []
        while zone := list(islice(iterator, zone_size)):
            self._fill_tokenizer_cache(zone)
            with self.nlp.memory_zone():
                yield from self._parsed(zone, parts, batch_size, batch_chars)

    def records_in_zone(self, articles: Iterable[Article]) -> Iterator[DocRecord]:
        """Like :meth:`records`, inside the ``nlp.memory_zone()`` the caller holds.

        For a caller that keeps one zone across many calls (a Dask worker
        across its tasks): strings interned by one call stay for the next.
        """
        parts: list[tuple[Piece, DocRecord]] = []
        yield from self._parsed(self._pieces(articles), parts, BATCH_SIZE, BATCH_CHARS)

    def prime(self, articles: Iterable[Article]) -> bool:
        """Fill the tokenizer's cache from ``articles`` as :meth:`records` does
        before a zone (call it outside any memory zone); return whether the
        cache has room left, for a caller that holds its own zones (a Dask
        worker, which renews its zone per task while this is true)."""
        self._fill_tokenizer_cache(self._pieces(articles))
        return self._cached_words is not None

    def _fill_tokenizer_cache(self, zone: Iterable[Piece]) -> None:
        """Tokenize ``zone``'s texts outside any memory zone until the words
        given reach the tokenizer's cache size (once per pipeline), and note
        a full cache as soon as they do."""
        words = self._cached_words
        if words is None:
            return
        tokenizer = self.nlp.tokenizer
        room = getattr(tokenizer, "max_cache_size", 0)  # spaCy's own tokenizer
        for piece in zone:
            if len(words) >= room:
                break
            text = parsed_text(piece.article)
            words.update(text.split())
            tokenizer(text)
        if len(words) >= room:
            self._cached_words = None

    def _pieces(self, articles: Iterable[Article]) -> Iterator[Piece]:
        limit = self.chunk_chars
        return (piece for a in articles for piece in pieces(a, limit=limit))

    def _parsed(
        self,
        zone: Iterable[Piece],
        parts: list[tuple[Piece, DocRecord]],
        batch_size: int,
        batch_chars: int,
    ) -> Iterator[DocRecord]:
        """Parse ``zone`` in batches; yield each article's record once its last
        piece is parsed (``parts`` holds the pieces so far, across calls)."""
        nlp = self.nlp
        for batch in _batches(zone, batch_size, batch_chars):
            texts = [piece.article for piece in batch]
            parsed = parse(nlp, texts, batch_size=len(batch))
            for piece, (doc, _) in zip(batch, parsed, strict=True):
                parts.append((piece, self.record(doc, piece.article)))
                if piece.last:
                    yield join_records(parts)
                    parts.clear()

    def __reduce__(self) -> tuple[Any, ...]:
        # Workers get the model name and lexicon texts, never a loaded pipeline.
        files = (self.model, self.alias_files, self.cue_files, self.chunk_chars)
        return (_rebuild, files)

    def __repr__(self) -> str:
        extra = len(self.alias_files) + len(self.cue_files)
        return f"<Extractor: {self.model}, {extra} user lexicon files>"


def parse(
    nlp: Language, articles: Iterable[Article], *, batch_size: int = 64
) -> Iterator[tuple[Doc, Article]]:
    """Parse articles in batches, yielding each ``Doc`` with its article.

    The text parsed is :func:`~graphkit.extract.headline.parsed_text`: the
    headline, if the article has one, then the body.
    """
    pairs = ((parsed_text(article), article) for article in articles)
    yield from nlp.pipe(pairs, as_tuples=True, batch_size=batch_size)


def _rebuild(
    model: str,
    aliases: tuple[LexiconFile, ...],
    cues: tuple[LexiconFile, ...],
    chunk_chars: int,
) -> Extractor:
    return Extractor(model, aliases=aliases, cues=cues, chunk_chars=chunk_chars)


def _read(files: Sequence[str | Path | LexiconFile]) -> tuple[LexiconFile, ...]:
    return tuple(
        f if isinstance(f, LexiconFile) else LexiconFile.read(f) for f in files
    )


def _batches(items: Iterable[Piece], size: int, chars: int) -> Iterator[list[Piece]]:
    """Split ``items`` into runs of at most ``size`` pieces and ``chars`` chars.

    Examples
    --------
    >>> arts = [Article(str(i), "x" * n) for i, n in enumerate([5, 5, 20, 5])]
    >>> runs = _batches([Piece(a, a) for a in arts], 3, 12)
    >>> [[p.article.id for p in run] for run in runs]
    [['0', '1'], ['2'], ['3']]
    """
    batch: list[Piece] = []
    total = 0
    for piece in items:
        chars_of = len(piece.article.text)
        if batch and (len(batch) == size or total + chars_of > chars):
            yield batch
            batch, total = [], 0
        batch.append(piece)
        total += chars_of
    if batch:
        yield batch


def _fingerprint(
    model: str,
    aliases: Iterable[LexiconFile],
    cues: Iterable[LexiconFile],
    chunk_chars: int,
) -> str:
    """Digest the model's installed files, the user lexicons and graphkit's code.

    Also the versions of :data:`_LIBRARIES`, whose data files shape records,
    and the chunk limit, which shapes the records of long articles.
    """
    digest = hashlib.sha256()
    parts: list[bytes] = [model.encode()]
    parts += [b"%s=%s" % (name.encode(), data) for name, data in model_files(model)]
    parts += [f"{name}={metadata.version(name)}".encode() for name in _LIBRARIES]
    parts += [b"alias:" + f.text.encode() for f in aliases]
    parts += [b"cue:" + f.text.encode() for f in cues]
    parts += [b"chunk:%d" % chunk_chars]
    parts += [graphkit.__version__.encode(), _CODE_DIGEST.encode()]
    for part in parts:
        digest.update(part)
        digest.update(b"\0")
    return digest.hexdigest()


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
