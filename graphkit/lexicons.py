"""Loading and validating graphkit's data files: packaged lexicons plus a user's own."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from graphkit.errors import LexiconError

__all__ = ["packaged_path", "read_jsonl", "load_lexicon"]


def packaged_path(name: str) -> Path:
    """Return the path of a data file shipped in ``graphkit/data``.

    Examples
    --------
    >>> packaged_path("aliases.jsonl").name
    'aliases.jsonl'
    """
    return Path(str(resources.files("graphkit") / "data" / name))


def read_jsonl(
    path: str | Path, *, required: Sequence[str] = ()
) -> list[dict[str, Any]]:
    """Read a JSONL lexicon, checking that every entry has the ``required`` keys.

    Blank lines and lines starting with ``#`` are skipped.

    Raises
    ------
    LexiconError
        If the file is missing, not UTF-8, or a line is not a JSON object with
        the required keys; the message names the file and line.

    Examples
    --------
    >>> import tempfile, os
    >>> f = tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False)
    >>> _ = f.write('{"pattern": "RSF", "id": "Rapid Support Forces"}\\n')
    >>> f.close()
    >>> read_jsonl(f.name, required=["pattern", "id"])[0]["id"]
    'Rapid Support Forces'
    >>> os.unlink(f.name)
    """
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise LexiconError(f"Lexicon file not found: {path}") from None
    except UnicodeDecodeError:
        raise LexiconError(f"Lexicon file {path} is not UTF-8 text.") from None
    entries = []
    for lineno, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        entries.append(_parse_entry(line, path, lineno, required))
    return entries


def _parse_entry(
    line: str, path: Path, lineno: int, required: Sequence[str]
) -> dict[str, Any]:
    try:
        entry = json.loads(line)
    except json.JSONDecodeError as err:
        raise LexiconError(
            f"{path}:{lineno}: malformed JSON ({err.msg}); "
            "each line must be one JSON object."
        ) from None
    if not isinstance(entry, dict):
        raise LexiconError(f"{path}:{lineno}: expected a JSON object.")
    missing = [key for key in required if key not in entry]
    if missing:
        raise LexiconError(f"{path}:{lineno}: missing key(s) {', '.join(missing)}.")
    return entry


def load_lexicon(
    name: str, extra: Iterable[str | Path] = (), *, required: Sequence[str] = ()
) -> list[dict[str, Any]]:
    """Load the packaged lexicon ``name`` followed by the entries of ``extra`` files.

    User entries come last so that code which builds a dict from the list lets
    them override packaged ones.

    Examples
    --------
    >>> entries = load_lexicon("aliases.jsonl", required=["pattern", "id"])
    >>> all("pattern" in e for e in entries)
    True
    """
    entries = read_jsonl(packaged_path(name), required=required)
    for path in extra:
        entries.extend(read_jsonl(path, required=required))
    return entries
