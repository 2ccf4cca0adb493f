"""Analysts' corrections: a JSONL file of decisions that every build obeys.

One correction a line; actors are named by any of their names or aliases, case
aside (looked up with :func:`graphkit.graph.alliances.find_actor`)::

    {"drop": {"source": "A", "target": "B", "relation": "support"}}
    {"relabel": {"source": "A", "target": "B", "from": "support", "to": "oppose"}}
    {"merge": ["A", "B"]}
    {"not_actor": "A"}
    {"detach": {"actor": "A", "alias": "X"}}
    {"drop_evidence": {"doc": "ID", "sentence": "..."}}

Any line may carry a ``"note"``, kept in graph.json for the audit trail.

A built graph no longer knows which mention carried which name, so each kind
acts where its effect is exact (:mod:`graphkit.graph.corrected` applies them),
and :func:`graphkit.graph.build.build_graph` then counts every tie afresh
(weights, co-mention normalisations, dates):

1. on the resolution, in file order: ``merge`` and ``not_actor`` rewrite
   ``actor_of``; ``detach`` gives the mentions written with the detached name
   a key of their own, so the name becomes its own actor (or joins the actor
   that name already is, or is nothing when no mention is left);
2. on the records, as they stream into ``build_graph``: detached mentions are
   re-keyed, a relabelled tie's relations change polarity (and the sign of
   their intensity), and a ``drop_evidence`` sentence loses its mentions and
   relations, so that it supports no tie (mention counts stay as resolved);
3. on the built graph: ``drop`` removes the tie; every corrected node and link
   gets a ``corrections`` list of what was done and why, and
   ``graph["corrections"]`` counts the applied and unmatched corrections and
   logs each one (dropped ties and removed actors are only there).

``relabel``, ``drop`` and ``drop_evidence`` see the actors as corrected by
step 1. A correction that matches nothing is a warning, never an error.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, ClassVar

from graphkit.errors import CorrectionsError

__all__ = [
    "FILE_NAME",
    "Correction",
    "DropTie",
    "Relabel",
    "MergeActors",
    "NotActor",
    "Detach",
    "DropEvidence",
    "Outcome",
    "CorrectionReport",
    "fold",
    "load_corrections",
]

FILE_NAME = "corrections.jsonl"
RELATIONS = ("co_mention", "support", "oppose")
STANCE = ("support", "oppose")


def fold(text: str) -> str:
    """Return ``text`` as names and sentences are compared: case, spacing and
    curly apostrophes aside.

    Examples
    --------
    >>> fold("  Iran\u2019s   Army ")
    "iran's army"
    """
    return " ".join(text.replace("\u2019", "'").casefold().split())


def _fields(body: Any, names: Sequence[str], kind: str, origin: str) -> dict[str, str]:
    """The non-empty text fields ``names`` of a correction's object, or an error."""
    if isinstance(body, dict):
        bad = [n for n in names if not isinstance(body.get(n), str) or not body[n]]
        extra = sorted(set(body) - set(names))
        if not bad and not extra:
            return {n: body[n].strip() for n in names}
    raise CorrectionsError(
        f"{origin}: {kind!r} takes an object with the texts {', '.join(names)}."
    )


@dataclass(frozen=True, kw_only=True)
class Correction:
    """One analyst's decision: its ``note`` and ``origin`` (``FILE:LINE``)."""

    kind: ClassVar[str] = ""
    # JSON names of the fields that are not spelt as in the file
    spelt: ClassVar[dict[str, str]] = {}
    note: str = ""
    origin: str = ""

    @classmethod
    def keys(cls) -> dict[str, str]:
        """Map the JSON keys of the correction's object to its fields."""
        names = [f.name for f in fields(cls) if f.name not in ("note", "origin")]
        return {cls.spelt.get(name, name): name for name in names}

    def body(self) -> Any:
        """The value of the correction's key in its JSONL line."""
        return {key: getattr(self, name) for key, name in self.keys().items()}

    def to_dict(self) -> dict[str, Any]:
        """Return the correction as its JSONL line (a dict)."""
        line = {self.kind: self.body()}
        return {**line, "note": self.note} if self.note else line


@dataclass(frozen=True, kw_only=True)
class DropTie(Correction):
    """``drop``: the tie ``source`` -> ``target`` of ``relation`` is wrong."""

    kind: ClassVar[str] = "drop"
    source: str
    target: str
    relation: str


@dataclass(frozen=True, kw_only=True)
class Relabel(Correction):
    """``relabel``: the stance tie ``source`` -> ``target`` has the other sign."""

    kind: ClassVar[str] = "relabel"
    spelt: ClassVar[dict[str, str]] = {"old": "from", "new": "to"}
    source: str
    target: str
    old: str
    new: str


@dataclass(frozen=True, kw_only=True)
class MergeActors(Correction):
    """``merge``: these names are one actor, named by the first."""

    kind: ClassVar[str] = "merge"
    actors: tuple[str, ...]

    def body(self) -> Any:
        return list(self.actors)


@dataclass(frozen=True, kw_only=True)
class NotActor(Correction):
    """``not_actor``: this name is no actor; its ties go with it."""

    kind: ClassVar[str] = "not_actor"
    actor: str

    def body(self) -> Any:
        return self.actor


@dataclass(frozen=True, kw_only=True)
class Detach(Correction):
    """``detach``: ``alias`` is not a name of ``actor``."""

    kind: ClassVar[str] = "detach"
    actor: str
    alias: str


@dataclass(frozen=True, kw_only=True)
class DropEvidence(Correction):
    """``drop_evidence``: this sentence of article ``doc`` supports no tie."""

    kind: ClassVar[str] = "drop_evidence"
    doc: str
    sentence: str


KINDS = ("drop", "relabel", "merge", "not_actor", "detach", "drop_evidence")
_OBJECTS: dict[str, type[Correction]] = {
    cls.kind: cls for cls in (DropTie, Relabel, Detach, DropEvidence)
}


def _parse(body: Any, kind: str, origin: str, note: str) -> Correction:
    meta = {"note": note, "origin": origin}
    if kind == "merge":
        names = body if isinstance(body, list) else []
        if len(names) < 2 or not all(isinstance(n, str) and n.strip() for n in names):
            raise CorrectionsError(
                f"{origin}: 'merge' takes a list of two or more names."
            )
        return MergeActors(actors=tuple(n.strip() for n in names), **meta)
    if kind == "not_actor":
        if not isinstance(body, str) or not body.strip():
            raise CorrectionsError(f"{origin}: 'not_actor' takes an actor's name.")
        return NotActor(actor=body.strip(), **meta)
    cls = _OBJECTS[kind]
    keys = cls.keys()
    found = _fields(body, tuple(keys), kind, origin)
    if kind == "drop" and found["relation"] not in RELATIONS:
        raise CorrectionsError(
            f"{origin}: 'drop' relation must be one of {', '.join(RELATIONS)}."
        )
    if kind == "relabel" and {found["from"], found["to"]} != set(STANCE):
        raise CorrectionsError(
            f"{origin}: 'relabel' goes from support to oppose or back."
        )
    return cls(**{keys[key]: value for key, value in found.items()}, **meta)


def _parse_line(line: str, origin: str) -> Correction:
    try:
        entry = json.loads(line)
    except json.JSONDecodeError as err:
        raise CorrectionsError(
            f"{origin}: malformed JSON ({err.msg}); each line must be one JSON object."
        ) from None
    if not isinstance(entry, dict):
        raise CorrectionsError(f"{origin}: expected a JSON object.")
    note = entry.pop("note", "")
    if not isinstance(note, str):
        raise CorrectionsError(f"{origin}: 'note' must be a text.")
    if len(entry) != 1 or next(iter(entry)) not in KINDS:
        raise CorrectionsError(
            f"{origin}: expected one of {', '.join(KINDS)} (and an optional note), "
            f"not {', '.join(map(repr, entry)) or 'nothing'}."
        )
    kind, body = next(iter(entry.items()))
    return _parse(body, kind, origin, note.strip())


def load_corrections(paths: Iterable[str | Path]) -> list[Correction]:
    """Read corrections files (JSONL), in order, one correction a line.

    Blank lines are skipped. Each correction remembers its ``FILE:LINE``.

    Raises
    ------
    CorrectionsError
        If a file is missing or not UTF-8, or a line is not one well-formed
        correction; the message names the file and line.

    Examples
    --------
    >>> import os, tempfile
    >>> f = tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False)
    >>> _ = f.write('{"not_actor": "Reuters", "note": "a news agency"}\\n')
    >>> f.close()
    >>> [c.to_dict() for c in load_corrections([f.name])]
    [{'not_actor': 'Reuters', 'note': 'a news agency'}]
    >>> os.unlink(f.name)
    """
    found: list[Correction] = []
    for path in map(Path, paths):
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            raise CorrectionsError(f"Corrections file not found: {path}") from None
        except UnicodeDecodeError:
            raise CorrectionsError(
                f"Corrections file {path} is not UTF-8 text."
            ) from None
        except OSError as err:
            raise CorrectionsError(
                f"Cannot read corrections file {path}: {err.strerror}."
            ) from None
        found += [
            _parse_line(line, f"{path}:{n}")
            for n, line in enumerate(lines, start=1)
            if line.strip()
        ]
    return found


@dataclass(frozen=True)
class Outcome:
    """What became of one correction: ``applied`` or not, and ``detail`` saying so."""

    correction: Correction
    applied: bool
    detail: str

    def to_dict(self) -> dict[str, Any]:
        """Return the outcome as logged in ``graph["corrections"]["log"]``."""
        return {
            "origin": self.correction.origin,
            "correction": self.correction.to_dict(),
            "status": "applied" if self.applied else "unmatched",
            "detail": self.detail,
        }


@dataclass(frozen=True)
class CorrectionReport:
    """Every correction's outcome, in file order, and the files they came from."""

    outcomes: tuple[Outcome, ...] = ()
    files: tuple[Path, ...] = ()

    @property
    def applied(self) -> int:
        """How many corrections changed the graph."""
        return sum(o.applied for o in self.outcomes)

    @property
    def unmatched(self) -> int:
        """How many corrections matched nothing."""
        return len(self.outcomes) - self.applied

    def summary(self) -> str:
        """One line for the build output."""
        files = ", ".join(map(str, self.files))
        return (
            f"Corrections from {files}: {self.applied} applied, "
            f"{self.unmatched} unmatched."
        )
