"""Writing output files atomically, so a failure never leaves a half-written file."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from graphkit.errors import OutputError

__all__ = ["Staging", "atomic_write", "staged_writes"]


class Staging:
    """Output files written to temporary names, renamed into place together.

    Use it through :func:`staged_writes`: each :meth:`write` puts the data in a
    temporary file beside its target at once (so nothing is held in memory),
    and only when every file was written are they all renamed, so an output
    set is either all old or all new. ``remove`` schedules stale files for
    deletion after the renames.
    """

    def __init__(self) -> None:
        self._staged: list[tuple[Path, Path]] = []
        self._stale: list[Path] = []
        #: SHA-256 of the data given for each path written so far.
        self.digests: dict[Path, str] = {}

    def write(self, path: str | Path, data: str | bytes) -> None:
        """Write ``data`` (text is UTF-8) to a temporary file beside ``path``.

        A file that already holds exactly ``data`` is left alone (same bytes,
        same modification time), so watchers and syncing tools see no change.
        """
        path = Path(path)
        data = data.encode("utf-8") if isinstance(data, str) else data
        self.digests[path] = hashlib.sha256(data).hexdigest()
        if _holds(path, data):
            return
        with _writing(path):
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(
                dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
            )
            self._staged.append((Path(tmp), path))
            # mkstemp makes 0600; outputs are ordinary files.
            os.fchmod(fd, 0o666 & ~_umask())
            with os.fdopen(fd, "wb") as f:
                f.write(data)

    def remove(self, path: str | Path) -> None:
        """Delete ``path`` (if it exists) once the new files are in place."""
        self._stale.append(Path(path))

    def _commit(self) -> None:
        for tmp, path in self._staged:
            with _writing(path):
                os.replace(tmp, path)
        for path in self._stale:
            with _writing(path):
                path.unlink(missing_ok=True)

    def _discard(self) -> None:
        for tmp, _ in self._staged:
            tmp.unlink(missing_ok=True)


@contextmanager
def staged_writes() -> Iterator[Staging]:
    """Stage output files, then rename them all into place when the block ends.

    If the block (or any write) fails, every temporary file is removed and no
    target is touched.

    Raises
    ------
    OutputError
        If a file cannot be written (naming it and the reason).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> with staged_writes() as out:
    ...     out.write(folder / "a.txt", "new a")
    ...     out.write(folder / "b.txt", b"new b")
    >>> sorted(p.name for p in folder.iterdir())
    ['a.txt', 'b.txt']
    """
    staging = Staging()
    try:
        yield staging
        staging._commit()
    finally:
        staging._discard()


def _holds(path: Path, data: bytes) -> bool:
    """Whether the file at ``path`` holds exactly ``data``."""
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


@contextmanager
def _writing(path: Path) -> Iterator[None]:
    """Turn an OS error while writing ``path`` into one OutputError line."""
    try:
        yield
    except OSError as err:
        reason = err.strerror or str(err)
        raise OutputError(f"Cannot write {path}: {reason}.") from None


def atomic_write(path: str | Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and ``os.replace``.

    A failure part-way never leaves a half-written file at ``path``.

    Raises
    ------
    OutputError
        If the file cannot be written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "x.txt"
    >>> atomic_write(target, "hello")
    >>> target.read_text()
    'hello'
    """
    with staged_writes() as out:
        out.write(path, data)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
