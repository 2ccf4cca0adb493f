"""Loading and validating data files; the actor lexicon compiled from them."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any

from graphkit.errors import LexiconError

__all__ = [
    "ActorLexicon",
    "LexiconFile",
    "compile_lexicon",
    "load_lexicon",
    "packaged_path",
    "read_jsonl",
]

# graphkit alias ``type`` when an entry does not give one, by its spaCy label.
_TYPE_OF_LABEL = {"GPE": "country", "NORP": "demonym", "ORG": "organization"}


@dataclass(frozen=True)
class LexiconFile:
    """A user's lexicon file, read once: its name (for messages) and its text.

    It travels instead of the path, so Dask workers on other machines need
    graphkit installed, not the user's files.

    Examples
    --------
    >>> LexiconFile("my.jsonl", '{"pattern": "RSF", "id": "RSF"}').name
    'my.jsonl'
    """

    name: str
    text: str

    @classmethod
    def read(cls, path: str | Path) -> LexiconFile:
        """Read the file at ``path``.

        Raises
        ------
        LexiconError
            If it is missing or not UTF-8 text.
        """
        path = Path(path)
        try:
            return cls(str(path), path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise LexiconError(f"Lexicon file not found: {path}") from None
        except UnicodeDecodeError:
            raise LexiconError(f"Lexicon file {path} is not UTF-8 text.") from None
        except IsADirectoryError:
            raise LexiconError(f"Lexicon file {path} is a directory.") from None


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
    return _entries(LexiconFile.read(path), required)


def _entries(file: LexiconFile, required: Sequence[str]) -> list[dict[str, Any]]:
    path = Path(file.name)
    entries = []
    for lineno, line in enumerate(file.text.splitlines(), start=1):
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
    name: str,
    extra: Iterable[str | Path | LexiconFile] = (),
    *,
    required: Sequence[str] = (),
) -> list[dict[str, Any]]:
    """Load the packaged lexicon ``name`` followed by the entries of ``extra`` files.

    ``extra`` holds paths or files already read (:class:`LexiconFile`).

    User entries come last so that code which builds a dict from the list lets
    them override packaged ones.

    Examples
    --------
    >>> entries = load_lexicon("aliases.jsonl", required=["pattern", "id"])
    >>> all("pattern" in e for e in entries)
    True
    """
    entries = read_jsonl(packaged_path(name), required=required)
    for file in extra:
        if not isinstance(file, LexiconFile):
            file = LexiconFile.read(file)
        entries.extend(_entries(file, required))
    return entries


@dataclass(frozen=True)
class ActorLexicon:
    """The actor lexicon compiled from ``graphkit/data`` and a user's alias files.

    Built once per extraction by :func:`compile_lexicon` and read by
    :func:`graphkit.extract.mentions.mentions` and
    :func:`graphkit.extract.resolve.resolve`.

    Attributes
    ----------
    rules : tuple of dict
        The alias entries as spaCy EntityRuler patterns (``label``,
        ``pattern``, ``id``), for ``graphkit_actor_ruler``.
    aliases : mapping
        Name -> ``(id, type)``.
    demonyms, peoples : mapping
        Id -> its adjective ("Sudanese") / plural noun.
    titles : mapping
        Lowercase title -> whether it implies a person; ``title_first``,
        ``title_last`` and ``title_words`` hold their words for quick
        rejection, ``title_len`` the longest title in words.
    groups : mapping
        Head lemma or plural of a group noun -> its entries.
    context : mapping
        Word -> role (``media-noun``, ``event-noun``...).
    nonactors : mapping
        Name -> type, for names that are never actors.
    participles : tuple of str
        The words that fuse an actor into a compound ("X-led", "X-based"): the
        packaged stance cues' participles and their ``compound`` frame.
    roles : frozenset of str
        Lowercase roles that tie a person to an organisation: the titles and
        ``roles.jsonl`` affiliation words, without the honorifics.
    descriptions : mapping
        Noun -> actor kind, for definite descriptions ("the bloc").
    genders : mapping
        Lowercase word or title -> ``"he"`` or ``"she"``, for people named with
        it ("Mrs X", "her brother X"), from ``genders.jsonl``.
    """

    rules: tuple[Mapping[str, Any], ...] = ()
    aliases: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    demonyms: Mapping[str, str] = field(default_factory=dict)
    peoples: Mapping[str, str] = field(default_factory=dict)
    titles: Mapping[str, bool] = field(default_factory=dict)
    title_first: frozenset[str] = frozenset()
    title_last: frozenset[str] = frozenset()
    title_words: frozenset[str] = frozenset()
    title_len: int = 1
    groups: Mapping[str, tuple[Mapping[str, Any], ...]] = field(default_factory=dict)
    context: Mapping[str, str] = field(default_factory=dict)
    nonactors: Mapping[str, str] = field(default_factory=dict)
    participles: tuple[str, ...] = ()
    roles: frozenset[str] = frozenset()
    descriptions: Mapping[str, str] = field(default_factory=dict)
    genders: Mapping[str, str] = field(default_factory=dict)

    @property
    def ids(self) -> frozenset[str]:
        """The canonical ids of the alias table (never absorbed into another actor)."""
        return frozenset(rule["id"] for rule in self.rules)

    @cached_property
    def group_names(self) -> frozenset[str]:
        """The names of the group entries (``groups``' ``name`` fields)."""
        return frozenset(
            entry["name"] for entries in self.groups.values() for entry in entries
        )

    @property
    def names(self) -> frozenset[str]:
        """The alias table's names (its string patterns)."""
        return frozenset(
            r["pattern"] for r in self.rules if isinstance(r["pattern"], str)
        )


def compile_lexicon(aliases: Iterable[str | Path | LexiconFile] = ()) -> ActorLexicon:
    """Compile the packaged alias table plus ``aliases`` files and the word lists.

    The alias table (``graphkit/data/aliases.jsonl`` plus ``aliases``) is in
    spaCy's EntityRuler format, ``{"label": "GPE", "pattern": "U.S.", "id":
    "United States"}``, with an optional graphkit ``type`` (``country``,
    ``capital``, ``demonym``, ``people``, ``organization``, ``person``); user
    entries come last and override packaged ones.

    Raises
    ------
    LexiconError
        If a file is missing or malformed.

    Examples
    --------
    >>> lex = compile_lexicon()
    >>> lex.aliases["Sudanese"], lex.demonyms["Sudan"]
    (('Sudan', 'demonym'), 'Sudanese')
    """
    entries = load_lexicon(
        "aliases.jsonl", aliases, required=["label", "pattern", "id"]
    )
    names: dict[str, tuple[str, str]] = {}
    demonyms: dict[str, str] = {}
    peoples: dict[str, str] = {}
    for entry in entries:
        if not isinstance(entry["pattern"], str):
            continue
        kind = entry.get("type") or _TYPE_OF_LABEL.get(entry["label"], "person")
        names[entry["pattern"]] = (entry["id"], kind)
        if kind in ("demonym", "people"):
            table = demonyms if kind == "demonym" else peoples
            table.setdefault(entry["id"], entry["pattern"])
    titles = load_lexicon("titles.jsonl", required=["title"])
    groups: dict[str, list[dict[str, Any]]] = {}
    for entry in load_lexicon("groups.jsonl", required=["name", "head"]):
        plural = entry["name"].split()[-1].lower()
        for word in {entry["head"], plural}:
            groups.setdefault(word, []).append(_group_entry(entry))
    return ActorLexicon(
        rules=tuple(
            {key: e[key] for key in ("label", "pattern", "id")} for e in entries
        ),
        aliases=names,
        demonyms=demonyms,
        peoples=peoples,
        titles={t["title"]: bool(t.get("implies_person")) for t in titles},
        title_first=frozenset(t["title"].split()[0] for t in titles),
        title_last=frozenset(t["title"].split()[-1] for t in titles),
        title_words=frozenset(w for t in titles for w in t["title"].split()),
        title_len=max((len(t["title"].split()) for t in titles), default=1),
        groups={word: tuple(found) for word, found in groups.items()},
        context={
            c["word"]: c["role"]
            for c in load_lexicon("context.jsonl", required=["word", "role"])
        },
        nonactors={
            n["pattern"]: n.get("type", "")
            for n in load_lexicon("nonactors.jsonl", required=["pattern"])
        },
        participles=_compound_participles(),
        genders=_genders(),
        **_roles(titles),
    )


def _genders() -> dict[str, str]:
    """Gendered words and titles from ``genders.jsonl``."""
    entries = load_lexicon("genders.jsonl", required=["word", "gender"])
    bad = [e for e in entries if e["gender"] not in ("he", "she")]
    if bad:
        raise LexiconError(f"genders.jsonl: bad gender in {bad[0]!r}; use he or she.")
    return {e["word"].lower(): e["gender"] for e in entries}


_ROLE_TYPES = frozenset({"affiliation", "honorific", "refers"})


def _roles(titles: list[dict[str, Any]]) -> dict[str, Any]:
    """Affiliation roles and description nouns from ``roles.jsonl``."""
    entries = load_lexicon("roles.jsonl", required=["word", "role"])
    bad = [e for e in entries if e["role"] not in _ROLE_TYPES]
    if bad:
        raise LexiconError(
            f"roles.jsonl: bad role in {bad[0]!r}; use one of "
            f"{', '.join(sorted(_ROLE_TYPES))}."
        )
    words = {e["word"].lower(): e for e in entries}
    honorific = {w for w, e in words.items() if e["role"] == "honorific"}
    roles = {t["title"] for t in titles} | {
        w for w, e in words.items() if e["role"] == "affiliation"
    }
    return {
        "roles": frozenset(roles - honorific),
        "descriptions": {
            w: e.get("kind", "organization")
            for w, e in words.items()
            if e["role"] == "refers"
        },
    }


def _compound_participles() -> tuple[str, ...]:
    """Participles of "X-<participle> Y" compounds, from the packaged cue file."""
    words = set()
    for entry in load_lexicon("cues.jsonl", required=["lemma"]):
        if entry.get("participle"):
            words.add(str(entry["participle"]).lower())
        elif entry.get("frame") == "compound":
            words.add(str(entry["lemma"]).lower())
    return tuple(sorted(words))


def _group_entry(entry: dict[str, Any]) -> dict[str, Any]:
    words = entry["name"].split()
    if not words:
        raise LexiconError(f"groups.jsonl: empty name in entry {entry!r}.")
    return {
        "name": entry.get("same_as") or entry["name"],
        "modifiers": [w.lower() for w in words[:-1]],
        "state": bool(entry.get("state")),
        "domestic": bool(entry.get("domestic")),
        "needs_qualifier": bool(entry.get("needs_qualifier")),
        "nationals": bool(entry.get("nationals")),
        "plural_only": bool(entry.get("plural_only")),
        "counted": bool(entry.get("counted")),
    }
