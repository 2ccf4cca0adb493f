"""Streaming JSONL and CSV records (``text`` plus metadata) into articles."""

from __future__ import annotations

import csv
import json
import warnings
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from graphkit.errors import CorpusError
from graphkit.ingest.dates import date_shaped, parse_article_date, year_in
from graphkit.ingest.dump import paragraphs, parse_article
from graphkit.records import Article

__all__ = [
    "CELL_CHARS",
    "OnError",
    "skip_or_raise",
    "jsonl_articles",
    "csv_articles",
    "decoded_lines",
    "binary_message",
    "encoding_message",
]


#: The most characters of one CSV cell. Python's csv reader refuses cells over
#: 131,072 characters by default, shorter than a long article, which the
#: extractor parses in pieces; the bound keeps a file without closing quote from
#: being read whole into one cell.
CELL_CHARS = 100_000_000

#: What a reader does with a bad file or record: None raises the error, a
#: callable is handed it and reading goes on with the next one.
OnError = Callable[[CorpusError], None] | None


def skip_or_raise(err: CorpusError, on_error: OnError) -> None:
    """Raise ``err``, or hand it to ``on_error`` so that reading goes on."""
    if on_error is None:
        raise err
    on_error(err)


def binary_message(name: str) -> str:
    """The error text for a binary input file."""
    return (
        f"{name} is a binary file, not text; "
        "graphkit reads .txt, .md, .jsonl and .csv files."
    )


def encoding_message(where: str, encoding: str, err: UnicodeDecodeError) -> str:
    """The error text for an input that does not decode, with the remedy."""
    byte = err.object[err.start : err.start + 1].hex()
    return (
        f"{where} is not valid {encoding} text (byte 0x{byte}); "
        "pass --encoding latin-1 (or the file's real encoding) to read it."
    )


def decoded_lines(
    raw: Iterable[bytes], name: str, encoding: str
) -> Iterator[tuple[int, str]]:
    """Decode byte lines one at a time, as ``(line number, text)``.

    Raises
    ------
    CorpusError
        On a NUL byte (a binary file) or a line that does not decode, naming it.

    Examples
    --------
    >>> list(decoded_lines([b"\\xef\\xbb\\xbfa\\n", b"b\\n"], "x.csv", "utf-8"))
    [(1, 'a\\n'), (2, 'b\\n')]
    """
    for lineno, line in enumerate(raw, start=1):
        if b"\x00" in line:
            raise CorpusError(binary_message(name))
        try:
            text = line.decode(encoding)
        except UnicodeDecodeError as err:
            where = f"{name}, line {lineno}"
            raise CorpusError(encoding_message(where, encoding, err)) from None
        yield lineno, text.lstrip("\ufeff") if lineno == 1 else text


def jsonl_articles(
    raw: Iterable[bytes],
    name: str,
    stem: str,
    *,
    encoding: str,
    year: int | None,
    source: str | None = None,
    on_error: OnError = None,
) -> Iterator[Article]:
    """Stream articles from JSONL byte lines, one JSON object per line.

    Records without an ``id`` get ``<stem>:<record number>``, without a
    ``source`` (or ``url``) ``source`` (by default ``name``); blank lines are
    skipped and records with an empty text give no article. With ``on_error``,
    a bad record is handed to it and skipped instead of raised.

    Raises
    ------
    CorpusError
        On malformed JSON, a line that is not an object, a record without
        ``text`` or with an ``id``, ``title`` or ``source`` that is an object or
        a list (each naming file and line), or a file with no records.

    Examples
    --------
    >>> lines = [b'{"text": "Unions called a strike.", "date": "2021-03-02"}\\n']
    >>> [a] = jsonl_articles(lines, "u.jsonl", "u", encoding="utf-8", year=None)
    >>> a.id, a.date, a.source
    ('u:1', '2021-03-02', 'u.jsonl')
    """
    yield from _numbered_articles(
        _json_records(raw, name, encoding, on_error),
        stem,
        source=name if source is None else source,
        year=year,
        on_error=on_error,
        empty=f"{name} is empty: it holds no JSON records.",
    )


def _json_records(
    raw: Iterable[bytes], name: str, encoding: str, on_error: OnError
) -> Iterator[tuple[str, dict[Any, Any]]]:
    """Each JSON object of the non-blank lines, with where it is (file and line)."""
    for lineno, line in decoded_lines(raw, name, encoding):
        if not line.strip():
            continue
        where = f"{name}, line {lineno}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            message = (
                f"{where}: malformed JSON ({err.msg}); "
                "each line must be one JSON object."
            )
            skip_or_raise(CorpusError(message), on_error)
            continue
        if not isinstance(record, dict):
            kind = type(record).__name__
            message = f"{where}: expected a JSON object, got {kind}."
            skip_or_raise(CorpusError(message), on_error)
            continue
        yield where, record


def csv_articles(
    raw: Iterable[bytes],
    name: str,
    stem: str,
    *,
    encoding: str,
    year: int | None,
    delimiter: str = ",",
    source: str | None = None,
    on_error: OnError = None,
    cell_chars: int = CELL_CHARS,
) -> Iterator[Article]:
    """Stream articles from CSV byte lines with a header row naming a ``text`` column.

    Column names are matched case-insensitively; ``url`` serves as ``source``
    when there is no ``source`` column, and ``source`` (by default ``name``)
    when neither is. Ids default to ``<stem>:<row number>``. With ``on_error``,
    a bad row is handed to it and skipped instead of raised. A cell may hold up
    to ``cell_chars`` characters; csv's process-wide limit is raised only while
    a row is read, then put back.

    Raises
    ------
    CorpusError
        When the header has no ``text`` column, a row is malformed, has the
        wrong number of fields or a cell longer than ``cell_chars`` (naming file
        and line), or there are no rows.

    Examples
    --------
    >>> lines = [b"url,date,title,text\\n", b"https://x.org/a,4 Jan 2019,Vote,Met.\\n"]
    >>> [a] = csv_articles(lines, "w.csv", "w", encoding="utf-8", year=None)
    >>> a.id, a.source, a.url, a.date, a.title
    ('w:1', 'https://x.org/a', 'https://x.org/a', '2019-01-04', 'Vote')
    """
    reader = csv.reader(
        (line for _, line in decoded_lines(raw, name, encoding)),
        delimiter=delimiter,
        strict=True,
    )
    rows = _csv_rows(reader, name, on_error, cell_chars)
    header = [column.strip().lower() for column in next(rows, [])]
    if "text" not in header:
        raise CorpusError(
            f"{name} has no 'text' column (columns: {', '.join(header) or 'none'}); "
            "its first row must name the columns, one of them 'text'."
        )
    yield from _numbered_articles(
        _csv_records(reader, rows, header, name, on_error),
        stem,
        source=name if source is None else source,
        year=year,
        on_error=on_error,
        empty=f"{name} has a header but no rows.",
    )


def _csv_records(
    reader: Any,
    rows: Iterator[list[str]],
    header: list[str],
    name: str,
    on_error: OnError,
) -> Iterator[tuple[str, dict[Any, Any]]]:
    """Each row with as many fields as ``header``, as a record keyed by it,
    with where it is (file and line)."""
    for row in rows:
        where = f"{name}, line {reader.line_num}"
        if len(row) != len(header):
            message = (
                f"{where}: malformed row with {len(row)} fields where the header "
                f"has {len(header)}; check its quoting."
            )
            skip_or_raise(CorpusError(message), on_error)
            continue
        yield where, dict(zip(header, row, strict=True))


def _numbered_articles(
    records: Iterable[tuple[str, dict[Any, Any]]],
    stem: str,
    *,
    source: str,
    year: int | None,
    on_error: OnError,
    empty: str,
) -> Iterator[Article]:
    """The articles of ``records`` (each with where it is), numbered from 1 for
    their default ids ``<stem>:<number>``; raise ``empty`` when there is none."""
    count = 0
    for count, (where, record) in enumerate(records, start=1):
        article = _article_or_skip(
            record,
            on_error,
            where=where,
            default_id=f"{stem}:{count}",
            source=source,
            year=year,
        )
        if article is not None:
            yield article
    if count == 0:
        raise CorpusError(empty)


def _csv_rows(
    reader: Any, name: str, on_error: OnError, cell_chars: int
) -> Iterator[list[str]]:
    """The reader's non-blank rows, with csv errors turned into CorpusError."""
    while True:
        try:
            with _cell_limit(cell_chars):
                row = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            where = f"{name}, line {reader.line_num}"
            message = (
                f"{where}: a cell is longer than {cell_chars:,} characters "
                "(an unclosed quote?); close the quote or split the article."
                if "field limit" in str(err)
                else f"{where}: malformed CSV ({err})."
            )
            skip_or_raise(CorpusError(message), on_error)
            continue
        if row:
            yield row


@contextmanager
def _cell_limit(chars: int) -> Iterator[None]:
    """csv reads cells of up to ``chars`` characters inside the block only."""
    before = csv.field_size_limit(chars)
    try:
        yield
    finally:
        csv.field_size_limit(before)


def _article_or_skip(
    record: dict[Any, Any], on_error: OnError, **fields: Any
) -> Article | None:
    """The article of ``record`` (see :func:`_record_article`), or None when the
    record is bad and ``on_error`` skips it instead of raising."""
    try:
        return _record_article(record, **fields)
    except CorpusError as err:
        skip_or_raise(err, on_error)
        return None


def _record_article(
    record: dict[Any, Any],
    *,
    where: str,
    default_id: str,
    source: str,
    year: int | None,
) -> Article | None:
    """Build an article from one record (``text`` plus metadata), or None if empty."""
    record = {str(key).strip().lower(): value for key, value in record.items()}
    text = record.get("text")
    if not isinstance(text, str):
        raise CorpusError(f"{where}: the record has no 'text' string; add its text.")
    meta_date, meta_year = _meta_date(record.get("date"), where=where, year=year)
    units = [unit for unit in paragraphs(text) if unit is not None]
    parsed = parse_article(units, year=meta_year, loose_title=False)
    if parsed is None:
        return None
    meta = {key: _field(record, key, where) for key in ("id", "title", "source", "url")}
    return Article(
        id=meta["id"] or default_id,
        text="\n\n".join(parsed.body),
        title=meta["title"] or parsed.title,
        date=meta_date or parsed.date,
        source=meta["source"] or meta["url"] or source,
        dateline=parsed.dateline,
        url=meta["url"],
    )


def _field(record: dict[str, Any], key: str, where: str) -> str:
    value = record.get(key)
    if isinstance(value, dict | list):
        kind = "an object" if isinstance(value, dict) else "a list"
        raise CorpusError(f"{where}: '{key}' must be a string or a number, not {kind}.")
    return "" if value is None else str(value).strip()


def _meta_date(
    value: Any, *, where: str, year: int | None
) -> tuple[str | None, int | None]:
    """Return ``(ISO date, year for datelines without one)`` from a ``date`` field."""
    if value is None or not str(value).strip():
        return None, year
    iso = parse_article_date(str(value), year=year)
    if iso is not None:
        return iso, int(iso[:4])
    # A year alone (or a month and year) dates datelines written without one;
    # an impossible date (2020-13-45) warns like an unreadable one.
    found = year_in(str(value))
    kind = "impossible" if date_shaped(str(value)) else "unrecognised"
    if found is None or kind == "impossible":
        warnings.warn(
            f"{where}: {kind} date {value!r}; the article is kept as undated.",
            stacklevel=2,
        )
    return None, found or year
