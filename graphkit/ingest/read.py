"""Reading a corpus from files, directories or stdin: :func:`read_corpus`."""

from __future__ import annotations

import codecs
import functools
import io
import itertools
import os
import sys
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from graphkit.errors import CorpusError
from graphkit.ingest.clean import clean_text
from graphkit.ingest.dump import split_dump
from graphkit.ingest.tables import (
    OnError,
    binary_message,
    csv_articles,
    encoding_message,
    jsonl_articles,
    skip_or_raise,
)
from graphkit.records import Article

__all__ = ["check_inputs", "read_corpus", "TEXT_SUFFIXES", "TABLE_SUFFIXES"]

#: Told how many articles an input holds, when it is read whole before they are given.
OnCount = Callable[[int], None] | None

TEXT_SUFFIXES = (".txt", ".md")
TABLE_SUFFIXES = (".jsonl", ".ndjson", ".csv", ".tsv")
# Repository meta-files that sit next to a corpus but are not articles.
_META_STEMS = frozenset(
    "README LICENSE LICENCE COPYING CHANGELOG NOTICE AUTHORS CONTRIBUTING".split()
)
_SNIFF_BYTES = 8192
# Files that together mark a folder as a build's output, never a corpus.
_OUTPUT_MARKERS = ("graph.json", "actors.csv")


def _reject_binary(head: bytes, name: str, *, wide_ok: bool) -> None:
    """Reject NUL bytes (a binary file), naming UTF-16/32 text as such."""
    if b"\x00" not in head or wide_ok:
        return
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise CorpusError(
            f"{name} is UTF-16 text; save it as UTF-8 "
            "(or pass --encoding utf-16 for a plain-text file)."
        )
    raise CorpusError(binary_message(name))


def _decode_text(data: bytes, name: str, encoding: str) -> str:
    wide = codecs.lookup(encoding).name.startswith(("utf-16", "utf-32"))
    # The whole text, not a sniffed head: a NUL anywhere makes a file binary.
    _reject_binary(data, name, wide_ok=wide)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as err:
        raise CorpusError(encoding_message(name, encoding, err)) from None
    if not text.strip():
        raise CorpusError(f"{name} is empty; give it article text or leave it out.")
    return text


def _text_articles(
    data: bytes,
    name: str,
    prefix: str,
    *,
    encoding: str,
    year: int | None,
    source: str,
) -> list[Article]:
    text = _decode_text(data, name, encoding)
    return split_dump(text, source=source, year=year, prefix=prefix)


def _file_articles(
    path: Path, root: Path, *, encoding: str, year: int | None, on_error: OnError
) -> Iterator[Article]:
    """Articles of one file, by suffix: JSONL/CSV row by row, text as a dump.

    Ids and sources come from the path relative to ``root`` (the directory
    given, or the file's own folder), however the input was spelled, so the
    store finds the same articles under ``seeds/`` and ``/abs/path/seeds/``.
    """
    name, suffix = str(path), path.suffix.lower()
    relative = path.relative_to(root)
    prefix, source = relative.with_suffix("").as_posix(), relative.as_posix()
    try:
        with path.open("rb") as handle:
            if suffix in TABLE_SUFFIXES:
                _check_start(handle, name)
                if suffix in (".jsonl", ".ndjson"):
                    yield from jsonl_articles(
                        handle,
                        name,
                        prefix,
                        encoding=encoding,
                        year=year,
                        source=source,
                        on_error=on_error,
                    )
                else:
                    yield from csv_articles(
                        handle,
                        name,
                        prefix,
                        encoding=encoding,
                        year=year,
                        delimiter="\t" if suffix == ".tsv" else ",",
                        source=source,
                        on_error=on_error,
                    )
            else:
                yield from _text_articles(
                    handle.read(),
                    name,
                    prefix,
                    encoding=encoding,
                    year=year,
                    source=source,
                )
    except OSError as err:
        raise CorpusError(f"Cannot read {name}: {err.strerror}.") from None


def _check_start(handle: io.BufferedReader, name: str) -> None:
    """Reject binary and empty table files before streaming their rows."""
    head = handle.peek(_SNIFF_BYTES)[:_SNIFF_BYTES]
    _reject_binary(head, name, wide_ok=False)
    if not head.strip():
        raise CorpusError(f"{name} is empty; give it records or leave it out.")


def _stdin_articles(
    *, encoding: str, year: int | None, on_error: OnError, on_count: OnCount
) -> Iterator[Article]:
    """Articles from standard input: JSONL when it starts with ``{``, else a dump.

    JSONL streams line by line; when standard input is a file (``< news.jsonl``),
    its articles are counted first and it is read again, and ``on_count`` is
    told how many :func:`read_corpus` will give of it. A dump is read to its
    end and split, and counted alike. A pipe of JSONL streams uncounted, so
    that a paused feed is parsed as it comes.
    """
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise CorpusError("Cannot read standard input as bytes.")
    start = stream.tell() if stream.seekable() else None
    lines = iter(stream)
    head = list(_takewhile_blank(lines))
    if head and head[-1].lstrip().startswith(b"{"):
        jsonl = functools.partial(
            jsonl_articles, name="<stdin>", stem="stdin", encoding=encoding, year=year
        )
        if on_count is not None and start is not None:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # the real pass says it all again
                readable = jsonl(itertools.chain(head, lines), on_error=_ignore)
                on_count(_count_with_text(_skipping(readable, _ignore)))
            stream.seek(start)
            head, lines = [], iter(stream)
        yield from jsonl(itertools.chain(head, lines), on_error=on_error)
    else:
        data = b"".join(head) + b"".join(lines)
        articles = _text_articles(
            data, "<stdin>", "stdin", encoding=encoding, year=year, source="<stdin>"
        )
        if on_count is not None:
            on_count(_count_with_text(articles))
        yield from articles


def _count_with_text(articles: Iterable[Article]) -> int:
    """How many of ``articles`` :func:`read_corpus` gives (those with text)."""
    return sum(1 for a in articles if clean_text(a.text).strip())


def _ignore(err: CorpusError) -> None:
    """An ``on_error`` for a counting pass: the real pass reports each error."""


def _takewhile_blank(lines: Iterator[bytes]) -> Iterator[bytes]:
    """Yield lines up to and including the first non-blank one."""
    for line in lines:
        yield line
        if line.strip():
            return


def _corpus_files(directory: Path, exclude: Sequence[Path]) -> list[Path]:
    """Corpus files under ``directory``: sorted, no hidden or README-like files,
    nothing inside ``exclude`` (resolved paths) or another build's output folder."""
    outputs = [
        marker.parent.resolve()
        for marker in directory.rglob(_OUTPUT_MARKERS[0])
        if all((marker.parent / name).is_file() for name in _OUTPUT_MARKERS)
    ]
    for folder in outputs:
        if not any(folder.is_relative_to(away) for away in exclude):
            warnings.warn(
                f"{folder} holds a graphkit build's outputs; not reading it as input.",
                stacklevel=2,
            )
    exclude = [*exclude, *outputs]
    files = [
        path
        for path in directory.rglob("*")
        if path.is_file()
        and path.suffix.lower() in TEXT_SUFFIXES + TABLE_SUFFIXES
        and not any(part.startswith(".") for part in path.relative_to(directory).parts)
        and path.stem.upper() not in _META_STEMS
        and not any(path.resolve().is_relative_to(away) for away in exclude)
    ]
    if not files:
        raise CorpusError(f"{directory} holds no .txt, .md, .jsonl or .csv files.")
    return sorted(files, key=lambda path: path.relative_to(directory).as_posix())


def _input_articles(
    path_text: str,
    *,
    encoding: str,
    year: int | None,
    exclude: Sequence[Path],
    on_error: OnError,
    on_count: OnCount,
) -> Iterator[Article]:
    if path_text == "-":
        yield from _stdin_articles(
            encoding=encoding, year=year, on_error=on_error, on_count=on_count
        )
        return
    path = Path(path_text)
    check_inputs([path_text])
    if path.is_dir():
        for file in _corpus_files(path, exclude):
            yield from _skipping(
                _file_articles(
                    file, path, encoding=encoding, year=year, on_error=on_error
                ),
                on_error,
            )
    else:
        yield from _file_articles(
            path, path.parent, encoding=encoding, year=year, on_error=on_error
        )


def check_inputs(paths: Sequence[str | os.PathLike[str]]) -> None:
    """Raise :class:`CorpusError` for the first input that is not there.

    Cheap (no file is read), so callers check before loading a model.

    Examples
    --------
    >>> check_inputs(["-"])
    >>> check_inputs(["x.txt"])
    Traceback (most recent call last):
    ...
    graphkit.errors.CorpusError: x.txt: no such file or directory; check the path.
    """
    for path in map(str, paths):
        if path != "-" and not (Path(path).is_dir() or Path(path).is_file()):
            raise CorpusError(f"{path}: no such file or directory; check the path.")


def _skipping(articles: Iterator[Article], on_error: OnError) -> Iterator[Article]:
    """``articles`` until one raises CorpusError, which goes to ``on_error`` if set."""
    try:
        yield from articles
    except CorpusError as err:
        skip_or_raise(err, on_error)


def read_corpus(
    paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    *,
    encoding: str = "utf-8",
    year: int | None = None,
    exclude: Sequence[str | os.PathLike[str]] = (),
    on_error: OnError = None,
    on_count: OnCount = None,
) -> Iterator[Article]:
    """Read articles from dumps, directories, JSONL, CSV files or stdin, lazily.

    Each path is a plain-text dump (``.txt``, ``.md`` or any other suffix; see
    :func:`split_dump`), a JSONL (``.jsonl``/``.ndjson``) or CSV (``.csv``,
    ``.tsv``) file of records with a ``text`` field and optional ``id``,
    ``title``, ``date`` and ``source`` (or ``url``), a directory (searched
    recursively for those suffixes in sorted order, skipping hidden and
    README/LICENSE-like files), or ``-`` for standard input (JSONL when its
    first line starts with ``{``). Records without an ``id`` get
    ``<file stem>:<record number>``; ids repeated across or within inputs get
    a ``#2``, ``#3``... suffix, with a warning. An article's ``source``, when
    its record names none, is its file's path relative to the directory given
    (for a file given, its name), so that it does not depend on how the input
    path was spelled. Dates come from the ``date``
    field, a leading date line or a dated dateline; see
    :func:`parse_article_date`.
    Control characters and non-characters are dropped from every field (see
    :func:`~graphkit.ingest.clean.clean_text`). Only one file's text is held
    at a time; JSONL and CSV stream by row.

    Parameters
    ----------
    paths : path or sequence of paths
        The inputs, read in the order given.
    encoding : str, default "utf-8"
        The text encoding of every input.
    year : int, optional
        The year of dateline dates written without one (``--year``).
    exclude : sequence of paths
        Never read inside these (a build's output folder and store), even when
        a directory given holds them.
    on_error : callable, optional
        Called with each :class:`CorpusError` of one input, file or record
        (unreadable, binary, empty, malformed), which is then skipped and
        reading goes on (``--skip-errors``). By default the error is raised.
    on_count : callable, optional
        Called with the number of articles of standard input, before its first
        article is given (so a progress bar can show a total): a text dump is
        read to its end, and a file of JSONL (``< news.jsonl``) counted then
        read again. JSONL from a pipe streams, and is not counted.

    Yields
    ------
    Article

    Raises
    ------
    CorpusError
        For a missing path, a binary, non-decodable or empty file, malformed
        JSONL or CSV (naming file and line), unless ``on_error`` takes them;
        always when no article is found.

    Examples
    --------
    >>> import os, tempfile
    >>> folder = tempfile.mkdtemp()
    >>> path = os.path.join(folder, "news.jsonl")
    >>> line = '{"id": "n1", "date": "4 Jan 2019", "text": "Kyiv protested."}'
    >>> with open(path, "w") as f:
    ...     _ = f.write(line + "\\n")
    >>> [(a.id, a.date, a.text) for a in read_corpus([path])]
    [('n1', '2019-01-04', 'Kyiv protested.')]
    """
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise CorpusError(
            f"Unknown encoding {encoding!r}; use a codec name such as utf-8 or latin-1."
        ) from None
    inputs = [paths] if isinstance(paths, str | os.PathLike) else list(paths)
    away = [Path(path).resolve() for path in exclude]
    if not inputs:
        raise CorpusError("No input given; pass a file, a directory or - for stdin.")
    seen: set[str] = set()
    for path in inputs:
        renamed = False
        found_in = _input_articles(
            os.fspath(path),
            encoding=encoding,
            year=year,
            exclude=away,
            on_error=on_error,
            on_count=on_count,
        )
        for found in _skipping(found_in, on_error):
            article = _cleaned(found)
            if not article.text.strip():
                continue
            unique = _unique_id(article.id, seen)
            if unique != article.id and not renamed:
                renamed = True
                warnings.warn(
                    f"{os.fspath(path)}: article id {article.id!r} was already used; "
                    f"renamed to {unique!r} (later repeats are renamed alike).",
                    stacklevel=2,
                )
            yield replace(article, id=unique) if unique != article.id else article
    if not seen:
        names = ", ".join(os.fspath(path) for path in inputs)
        raise CorpusError(
            f"No articles found in {names}; check that the input holds article text."
        )


def _cleaned(article: Article) -> Article:
    """``article`` with :func:`clean_text` applied to every text field."""
    fields = article.to_dict()
    cleaned = {k: clean_text(v) for k, v in fields.items() if isinstance(v, str)}
    changed = {k: v for k, v in cleaned.items() if v != fields[k]}
    return replace(article, **changed) if changed else article


def _unique_id(id_: str, seen: set[str]) -> str:
    """Return ``id_``, or ``id_#2``, ``id_#3``... if taken; add it to ``seen``."""
    candidate, count = id_, 1
    while candidate in seen:
        count += 1
        candidate = f"{id_}#{count}"
    seen.add(candidate)
    return candidate
