"""The corpus store: extracted records of every parsed article, in one SQLite file.

A build looks each article up by its content hash under the *fingerprint* of
the extraction that produced it (model, pipeline settings, lexicons, graphkit
code), so nothing already parsed is parsed again. Records are stored as
zlib-compressed JSON (:meth:`DocRecord.to_dict`), each beside its resolution
statistics (:class:`~graphkit.records.KeyStats`), so that a build resolves
its actors from the statistics and decodes each record only once, to build
the graph. An entry that is damaged, or that a store of an older schema
wrote without statistics, is reported as missing and overwritten by a fresh
parse.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import tempfile
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import TypeVar

from graphkit.errors import StoreError
from graphkit.records import Article, DocRecord, KeyStats

__all__ = [
    "STORE_NAME",
    "Store",
    "article_hash",
    "clear_store",
    "decode_record",
    "decode_statistics",
    "encode_record",
    "encode_statistics",
]

STORE_NAME = "corpus.sqlite"
# "GKIT": marks a file as a graphkit store, so a stray database is refused.
_APPLICATION_ID = 0x474B4954
_SCHEMA_VERSION = 3
# ``stats`` holds the record's resolution statistics. ``size`` is the length of
# ``data`` and ``stats`` together when they were written: an entry of another
# length is damaged, or has no statistics (schema 2), found without decoding it.
_SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    hash TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    article_id TEXT NOT NULL,
    data BLOB NOT NULL,
    size INTEGER,
    stats BLOB,
    PRIMARY KEY (fingerprint, hash)
);
"""
# Columns added since schema 1, which an older store gets on opening.
_ADDED_COLUMNS = {"size": "INTEGER", "stats": "BLOB"}
_INTACT = "size = length(data) + length(stats)"
_READ_CHUNK = 500
_T = TypeVar("_T")
# How long a build waits for another one that holds the store's write lock.
BUSY_TIMEOUT = 120.0
# Pending records are committed at least this often, so a killed build resumes.
_COMMIT_SECONDS = 2.0
# SQLite's primary result codes for a database that another connection holds.
_BUSY_CODES = (5, 6)  # SQLITE_BUSY, SQLITE_LOCKED


def article_hash(article: Article) -> str:
    """Return the sha256 hex digest of everything in ``article`` that shapes its record.

    Examples
    --------
    >>> a = Article("a1", "Sudan's army shelled the city.")
    >>> article_hash(a) == article_hash(Article("a1", "Sudan's army shelled the city."))
    True
    >>> article_hash(a) == article_hash(Article("a2", "Sudan's army shelled the city."))
    False
    """
    payload = json.dumps(article.to_dict(), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def encode_record(record: DocRecord) -> bytes:
    """Serialise a record as zlib-compressed JSON.

    Examples
    --------
    >>> rec = DocRecord(Article("a1", "Kyiv spoke."), ("Kyiv spoke.",), (0,))
    >>> decode_record(encode_record(rec)) == rec
    True
    """
    text = json.dumps(record.to_dict(), ensure_ascii=False, separators=(",", ":"))
    return zlib.compress(text.encode("utf-8"), 1)


def decode_record(data: bytes) -> DocRecord | None:
    """Decode :func:`encode_record` output, or return None if it is damaged.

    Examples
    --------
    >>> decode_record(b"not zlib") is None
    True
    """
    try:
        return DocRecord.from_dict(json.loads(zlib.decompress(data)))
    except (zlib.error, ValueError, TypeError, KeyError, AttributeError):
        return None


def encode_statistics(stats: Sequence[KeyStats]) -> bytes:
    """Serialise a record's resolution statistics as zlib-compressed JSON.

    Examples
    --------
    >>> stats = (KeyStats("Kyiv", {"state": 1}, ("a1",), ("Kyiv",)),)
    >>> decode_statistics(encode_statistics(stats)) == stats
    True
    """
    rows = [s.to_dict() for s in stats]
    text = json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
    return zlib.compress(text.encode("utf-8"), 1)


def decode_statistics(data: bytes) -> tuple[KeyStats, ...] | None:
    """Decode :func:`encode_statistics` output, or return None if it is damaged."""
    try:
        return tuple(
            KeyStats.from_dict(row) for row in json.loads(zlib.decompress(data))
        )
    except (zlib.error, ValueError, TypeError, KeyError, AttributeError):
        return None


class Store:
    """Extracted records keyed by article hash, under one extraction fingerprint.

    Open it with a path (created if missing) and the fingerprint of the
    extraction in use; records made under other fingerprints stay in the file
    but are invisible. Writes are committed every ``batch`` records or two
    seconds, whichever comes first, so a killed build keeps what it parsed. Use
    it as a context manager: pending writes are committed on exit, even when
    the block fails, so an interrupted build resumes. Several builds may share
    one store: each waits (up to :data:`BUSY_TIMEOUT` seconds) while another
    writes.

    Parameters
    ----------
    path : str or Path
        The SQLite file.
    fingerprint : str
        Identifies the model, lexicons and code that produce the records.
    batch : int
        Most writes grouped into one transaction.

    Raises
    ------
    StoreError
        If the file cannot be opened, is not a graphkit store (an existing
        empty file is not one), or stays locked by another build.

    Examples
    --------
    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "corpus.sqlite")
    >>> rec = DocRecord(Article("a1", "Kyiv spoke."), ("Kyiv spoke.",), (0,))
    >>> with Store(path, fingerprint="f1") as store:
    ...     store.put(article_hash(rec.article), rec, ())
    >>> with Store(path, fingerprint="f1") as store:
    ...     store.get(article_hash(rec.article)) == rec
    True
    >>> with Store(path, fingerprint="f2") as store:
    ...     store.get(article_hash(rec.article)) is None
    True
    """

    def __init__(self, path: str | Path, *, fingerprint: str, batch: int = 32):
        self.path = Path(path)
        self.fingerprint = fingerprint
        self._batch = batch
        self._pending = 0
        self._committed = time.monotonic()
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self._created = _create(self.path)
        self._db = _connect(self.path)

    @classmethod
    def temporary(cls, *, fingerprint: str) -> Store:
        """Open a store in a fresh temporary directory, deleted on :meth:`close`."""
        tmp = tempfile.TemporaryDirectory(prefix="graphkit-")
        store = cls(Path(tmp.name) / STORE_NAME, fingerprint=fingerprint)
        store._tmp = tmp
        return store

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # Records made before a failure or Ctrl-C are kept, so a rerun resumes;
        # a store this run created and left empty is removed, so a failed run
        # leaves no new file behind.
        try:
            self.commit()
            empty = kind is not None and self._created and len(self) == 0
        except StoreError:
            if kind is None:
                raise
            empty = False
        finally:
            self.close(commit=False)
        if empty:
            clear_store(self.path)

    def missing(self, keys: Iterable[str]) -> set[str]:
        """Return the ``keys`` that have no intact record, without decoding any.

        An entry is intact when its record and statistics have the length they
        were written with, so a truncated or overwritten entry, or one of a
        store of schema 2 (no statistics), counts as missing and is parsed
        again.
        """
        keys = list(keys)
        found: set[str] = set()
        for start in range(0, len(keys), _READ_CHUNK):
            chunk = keys[start : start + _READ_CHUNK]
            marks = ",".join("?" * len(chunk))
            found.update(
                row[0]
                for row in self._execute(
                    "SELECT hash FROM records WHERE fingerprint = ? "
                    f"AND hash IN ({marks}) AND {_INTACT}",
                    (self.fingerprint, *chunk),
                )
            )
        return set(keys) - found

    def get(self, key: str) -> DocRecord | None:
        """Return the record stored under ``key``, or None if absent or damaged."""
        row = self._execute(
            "SELECT data FROM records WHERE fingerprint = ? AND hash = ?",
            (self.fingerprint, key),
        ).fetchone()
        if row is None:
            return None
        record = decode_record(row[0])
        if record is None or article_hash(record.article) != key:
            return None
        return record

    def put(self, key: str, record: DocRecord, stats: Sequence[KeyStats]) -> None:
        """Store ``record`` and its resolution statistics under ``key``, replacing
        any entry there (``stats`` from :func:`graphkit.extract.resolve.statistics`).
        """
        data, stats_data = encode_record(record), encode_statistics(stats)
        self._execute(
            "INSERT OR REPLACE INTO records (hash, fingerprint, article_id, data, "
            "size, stats) VALUES (?, ?, ?, ?, ?, ?)",
            (
                key,
                self.fingerprint,
                record.article.id,
                data,
                len(data) + len(stats_data),
                stats_data,
            ),
        )
        self._pending += 1
        due = time.monotonic() - self._committed >= _COMMIT_SECONDS
        if self._pending >= self._batch or due:
            self.commit()

    def records(self, keys: Sequence[str]) -> Iterator[DocRecord]:
        """Yield the records of ``keys`` in that order, reading a chunk at a time.

        Raises
        ------
        StoreError
            If a key is missing or its entry no longer decodes.
        """
        return self._read(keys, "data", decode_record)

    def statistics(self, keys: Sequence[str]) -> Iterator[tuple[KeyStats, ...]]:
        """Yield the resolution statistics of ``keys`` in that order, no record
        decoded (see :func:`graphkit.extract.resolve.resolve_statistics`).

        Raises
        ------
        StoreError
            If a key is missing or its entry no longer decodes.
        """
        return self._read(keys, "stats", decode_statistics)

    def _read(
        self, keys: Sequence[str], column: str, decode: Callable[[bytes], _T | None]
    ) -> Iterator[_T]:
        """Yield ``column`` of each of ``keys``, decoded, reading a chunk at a time."""
        self.commit()
        for start in range(0, len(keys), _READ_CHUNK):
            chunk = keys[start : start + _READ_CHUNK]
            found = dict(self._select(chunk, column))
            for key in chunk:
                value = decode(found[key]) if found.get(key) is not None else None
                if value is None:
                    raise StoreError(
                        f"Record {key[:12]} vanished from {self.path} during the "
                        f"build; rerun it, or delete the store with "
                        f"`graphkit clear-cache`."
                    )
                yield value

    def __iter__(self) -> Iterator[DocRecord]:
        """Yield every record stored under this fingerprint, by article id.

        Entries that no longer decode are left out.
        """
        self.commit()
        rows = self._execute(
            "SELECT data FROM records WHERE fingerprint = ? ORDER BY article_id, hash",
            (self.fingerprint,),
        )
        for (data,) in rows:
            record = decode_record(data)
            if record is not None:
                yield record

    def __len__(self) -> int:
        row = self._execute(
            "SELECT count(*) FROM records WHERE fingerprint = ?", (self.fingerprint,)
        ).fetchone()
        return int(row[0])

    def commit(self) -> None:
        """Commit pending writes."""
        try:
            self._db.commit()
        except sqlite3.Error as err:
            if _busy(err):
                raise _busy_error(self.path) from None
            raise StoreError(f"Cannot write the store {self.path}: {err}.") from None
        self._pending = 0
        self._committed = time.monotonic()

    def close(self, *, commit: bool = True) -> None:
        """Commit (unless ``commit`` is false) and close the file."""
        try:
            if commit:
                self.commit()
        finally:
            self._db.close()
            if self._tmp is not None:
                self._tmp.cleanup()

    def _select(self, keys: Sequence[str], column: str) -> Iterable[tuple[str, bytes]]:
        marks = ",".join("?" * len(keys))
        return self._execute(
            f"SELECT hash, {column} FROM records "
            f"WHERE fingerprint = ? AND hash IN ({marks})",
            (self.fingerprint, *keys),
        ).fetchall()

    def _execute(self, sql: str, params: Sequence[object] = ()) -> sqlite3.Cursor:
        try:
            return self._db.execute(sql, params)
        except sqlite3.Error as err:
            if _busy(err):
                raise _busy_error(self.path) from None
            raise StoreError(
                f"The store {self.path} is damaged ({err}). "
                f"Delete it with `graphkit clear-cache` or pass --no-cache."
            ) from None


def clear_store(path: str | Path) -> bool:
    """Delete the store file at ``path`` (and its journal); return whether it existed.

    Raises
    ------
    StoreError
        If ``path`` exists but is not a graphkit store (so a mistyped path
        never deletes someone's file).

    Examples
    --------
    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "corpus.sqlite")
    >>> Store(path, fingerprint="f").close()
    >>> clear_store(path), clear_store(path)
    (True, False)
    """
    path = Path(path)
    if not path.exists():
        return False
    if not _is_graphkit_store(path):
        raise StoreError(f"{path} is not a graphkit store; not deleting it.")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return True


def _busy(err: sqlite3.Error) -> bool:
    """Whether ``err`` says another connection holds the database (not damage)."""
    return getattr(err, "sqlite_errorcode", 0) & 0xFF in _BUSY_CODES


def _busy_error(path: Path) -> StoreError:
    return StoreError(
        f"The store {path} stayed locked by another build for {BUSY_TIMEOUT:.0f} s; "
        f"rerun when it has finished, or pass another --store."
    )


def _create(path: Path) -> bool:
    """Create an empty graphkit store at ``path`` unless a file is there already.

    The store is made whole under a temporary name and linked into place, so a
    concurrent build never finds a half-made store, and a file that is empty at
    ``path`` was not made by graphkit. Returns whether this call created it.
    """
    if path.exists():
        return False
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        os.close(fd)
    except OSError as err:
        raise StoreError(
            f"Cannot create the store {path} ({err.strerror}); pass another "
            f"--store, or pass --no-cache."
        ) from None
    tmp = Path(name)
    try:
        db = sqlite3.connect(tmp)
        try:
            db.execute("PRAGMA journal_mode = WAL")
            db.execute(f"PRAGMA application_id = {_APPLICATION_ID}")
            db.execute(f"PRAGMA user_version = {_SCHEMA_VERSION}")
            db.executescript(_SCHEMA)
        finally:
            db.close()
        return _claim(tmp, path)
    except (OSError, sqlite3.Error) as err:
        raise StoreError(f"Cannot create the store {path} ({err}).") from None
    finally:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{tmp}{suffix}").unlink(missing_ok=True)


def _claim(tmp: Path, path: Path) -> bool:
    """Give ``tmp`` the name ``path`` unless that exists; return whether it did."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        return False  # another build made it meanwhile
    except OSError:
        # A file system without hard links: a rename, racing only with a build
        # started in the same instant.
        if path.exists():
            return False
        os.replace(tmp, path)
    return True


def _connect(path: Path) -> sqlite3.Connection:
    """Open an existing graphkit store, checking it is one."""
    if not _is_graphkit_store(path):
        raise StoreError(
            f"{path} is not a graphkit store. Pass another --store or --no-cache."
        )
    try:
        db = sqlite3.connect(path, timeout=BUSY_TIMEOUT)
        db.execute("PRAGMA synchronous = NORMAL")
        db.execute("SELECT count(*) FROM records WHERE 0").fetchone()
        columns = {row[1] for row in db.execute("PRAGMA table_info(records)")}
        if missing := [name for name in _ADDED_COLUMNS if name not in columns]:
            # A store of an older schema: its entries have no size or no
            # statistics, so they count as missing and are parsed again.
            for name in missing:
                db.execute(
                    f"ALTER TABLE records ADD COLUMN {name} {_ADDED_COLUMNS[name]}"
                )
            db.execute(f"PRAGMA user_version = {_SCHEMA_VERSION}")
            db.commit()
    except sqlite3.Error as err:
        if _busy(err):
            raise _busy_error(path) from None
        raise StoreError(
            f"The store {path} is damaged ({err}). "
            f"Delete it with `graphkit clear-cache` or pass --no-cache."
        ) from None
    return db


def _is_graphkit_store(path: Path) -> bool:
    """Return whether ``path`` is a graphkit store (by its header), even a damaged one.

    A graphkit store is written whole before it gets its name, so the header
    carries graphkit's application id; an empty file or another database does not.
    """
    try:
        with path.open("rb") as fh:
            header = fh.read(100)
    except OSError:
        return False
    # SQLite file header: magic string, then the application id at offset 68.
    return header.startswith(b"SQLite format 3\x00") and header[
        68:72
    ] == _APPLICATION_ID.to_bytes(4, "big")
