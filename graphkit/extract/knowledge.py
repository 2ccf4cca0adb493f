"""A knowledge base of named people and bodies: spelling variants, kind, country, roles.

The packaged one, ``graphkit/data/phoenix_kb.jsonl``, is derived from the Phoenix
actor dictionaries of the event-data field (MIT; notice in
``graphkit/data/phoenix.LICENSE.txt``) by ``scripts/phoenix_kb.py``. Resolution
consults it after the text's own evidence (see :mod:`graphkit.extract.resolve`);
the affiliation of a known person (their country and dated roles) is available
through :meth:`KnowledgeBase.lookup`.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphkit.errors import LexiconError
from graphkit.lexicons import packaged_path

__all__ = [
    "KB_FILE",
    "KnowledgeBase",
    "KnownActor",
    "Role",
    "fold",
    "initials",
    "dump_knowledge_base",
    "load_knowledge_base",
    "load_knowledge_base_text",
]

KB_FILE = "phoenix_kb.jsonl"
_PARTICLE = re.compile(r"\b(?:al|el|ad|an|ar|as|ash|az|the)\b")
_PUNCT = re.compile(r"[-_'’.,()]")


def fold(name: str) -> str:
    """The form under which spellings of one name meet.

    Case, accents, hyphens, apostrophes, periods and Arabic article particles
    are dropped.

    Examples
    --------
    >>> fold("Muammar al-Qaddafi") == fold("MUAMMAR EL QADDAFI")
    True
    >>> fold("Erdoğan"), fold("Kurdistan Workers' Party")
    ('erdogan', 'kurdistan workers party')
    """
    decomposed = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    text = _PUNCT.sub(" ", text.casefold().replace("'s ", " "))
    return " ".join(_PARTICLE.sub(" ", text).split())


@dataclass(frozen=True)
class Role:
    """A dated role: ``country`` (ISO alpha-3, or IGO/NGO/MNC...) and ``role`` code.

    ``start``/``end`` are ISO days, or None where the dictionary gives none.
    """

    country: str
    role: str
    start: str | None = None
    end: str | None = None


@dataclass(frozen=True)
class KnownActor:
    """One person or body of the knowledge base.

    ``country`` is graphkit's id for its home country ("Libya") when its code
    is a country's, else None; ``code`` is the dictionary's own code.
    """

    name: str
    kind: str
    country: str | None
    code: str | None
    synonyms: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()


@dataclass(frozen=True)
class KnowledgeBase:
    """Known actors and the folded forms that name each of them unambiguously.

    ``entries`` are records of the file format (see :func:`load_knowledge_base`),
    turned into :class:`KnownActor` only when looked up; ``index`` maps a
    folded form (:func:`fold`) to an entry; ``countries`` maps a country code
    to graphkit's id for the country.
    """

    entries: Sequence[Mapping[str, Any]] = ()
    index: Mapping[str, int] = field(default_factory=dict)
    countries: Mapping[str, str] = field(default_factory=dict)

    def entry(self, name: str) -> int | None:
        """The index in ``entries`` of the one actor ``name`` may spell, or None."""
        return self.index.get(fold(name))

    def lookup(self, name: str) -> KnownActor | None:
        """The known actor ``name`` spells, or None.

        Examples
        --------
        >>> kb = KnowledgeBase.from_entries(
        ...     [{"name": "Muammar Gaddafi", "synonyms": ["Qaddafi"], "kind": "person",
        ...       "country": "LBY", "roles": [{"code": "LBYGOV", "start": "1969-09"}]}],
        ...     countries={"LBY": "Libya"})
        >>> known = kb.lookup("qaddafi")
        >>> known.name, known.country, known.roles[0].role
        ('Muammar Gaddafi', 'Libya', 'GOV')
        """
        index = self.entry(name)
        return None if index is None else self.known(index)

    def known(self, index: int) -> KnownActor:
        """The entry at ``index`` as a :class:`KnownActor`."""
        entry = self.entries[index]
        try:
            roles = tuple(
                Role(r["code"][:3], r["code"][3:], r.get("start"), r.get("end"))
                for r in entry.get("roles", ())
            )
            code = entry.get("country")
            return KnownActor(
                entry["name"],
                entry["kind"],
                self.countries.get(code) if code else None,
                code,
                tuple(entry.get("synonyms", ())),
                roles,
            )
        except (KeyError, TypeError, ValueError) as err:
            raise LexiconError(
                f"knowledge base: malformed entry {entry!r} ({err})"
            ) from None

    @classmethod
    def from_entries(
        cls,
        entries: Sequence[Mapping[str, Any]],
        *,
        countries: Mapping[str, str] = {},
    ) -> KnowledgeBase:
        """Build from entries: ``name``, ``synonyms``, ``kind``, ``country``, ``roles``.

        Entries that share a multi-word form, a kind and a country are one
        actor (the dictionaries list some people twice); a form naming two
        different actors names none.
        """
        return cls(tuple(entries), index_forms(entries), dict(countries))


def index_forms(entries: Sequence[Mapping[str, Any]]) -> dict[str, int]:
    """Folded form -> representative entry index, ambiguous forms left out.

    Two entries of one kind and country are one actor when they alone share a
    multi-word form (the dictionaries list some people twice), or when an
    acronym of one spells the initials of the other's name ("ISIL", "Islamic
    State of Iraq and the Levant"). A form listed under three or more entries
    ("Al-Qaeda in Iraq", under two bodies and their successor) joins none of
    them and names none.
    """
    parent = list(range(len(entries)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owners: dict[str, list[int]] = {}
    for i, entry in enumerate(entries):
        names = (entry["name"], *entry.get("synonyms", ()))
        for form in {fold(n) for n in names}:
            if form:
                owners.setdefault(form, []).append(i)
    same = [(e.get("kind"), e.get("country")) for e in entries]
    for form, found in owners.items():
        if " " in form and len(found) == 2 and same[found[0]] == same[found[1]]:
            parent[root(found[1])] = root(found[0])
    spelled: dict[tuple[str, Any], list[int]] = {}
    for i, entry in enumerate(entries):
        if len(entry["name"].split()) > 2:
            spelled.setdefault((initials(entry["name"]), same[i]), []).append(i)
    for j, entry in enumerate(entries):
        for acronym in filter(_ACRONYM.fullmatch, entry.get("synonyms", ())):
            found = spelled.get((acronym, same[j]), [])
            if len(found) == 1:
                parent[root(j)] = root(found[0])
    # each actor is represented by its entry with the most names
    fullest: dict[int, int] = {}
    for i, entry in enumerate(entries):
        best = fullest.setdefault(root(i), i)
        if len(entry.get("synonyms", ())) > len(entries[best].get("synonyms", ())):
            fullest[root(i)] = i
    index = {}
    for form, found in sorted(owners.items()):
        roots = {root(i) for i in found}
        if len(roots) == 1:
            index[form] = fullest[roots.pop()]
    return index


_ACRONYM = re.compile(r"[A-Z]{3,}")


def initials(name: str) -> str:
    """The initials of a name's capitalised words.

    Examples
    --------
    >>> initials("Islamic State of Iraq and the Levant")
    'ISIL'
    """
    return "".join(w[0] for w in re.split(r"[\s-]+", name) if w[:1].isupper())


class _Lines(Sequence[Mapping[str, Any]]):
    """Entries kept as their JSON lines and parsed when first read.

    A build looks up a few hundred of the tens of thousands of entries, so
    loading the file is splitting it, not parsing every entry.
    """

    def __init__(self, lines: Sequence[str]) -> None:
        self._lines = lines
        self._parsed: dict[int, Mapping[str, Any]] = {}

    def __len__(self) -> int:
        return len(self._lines)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        entry = self._parsed.get(index)
        if entry is None:
            try:
                entry = json.loads(self._lines[index])
            except ValueError as err:
                raise LexiconError(f"knowledge base: malformed entry ({err})") from None
            self._parsed[index] = entry
        return entry

    def __iter__(self) -> Iterator[Mapping[str, Any]]:
        return (self[i] for i in range(len(self)))


def dump_knowledge_base(
    entries: Sequence[Mapping[str, Any]],
    countries: Mapping[str, str],
    notice: str = "",
) -> str:
    """The text of a knowledge base file (see :func:`load_knowledge_base`).

    Examples
    --------
    >>> text = dump_knowledge_base([{"name": "Ada Obi", "kind": "person"}], {})
    >>> load_knowledge_base_text(text).lookup("ada obi").name
    'Ada Obi'
    """
    head = {
        "notice": notice,
        "countries": dict(countries),
        "index": index_forms(entries),
    }
    lines = [head, *entries]
    return "".join(
        json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n"
        for line in lines
    )


def load_knowledge_base_text(text: str) -> KnowledgeBase:
    """A knowledge base from the text of its file (see :func:`load_knowledge_base`).

    Raises
    ------
    LexiconError
        If the text is not of that shape.
    """
    head, _, rest = text.partition("\n")
    try:
        data = json.loads(head)
        entries = _Lines(rest.splitlines())
        return KnowledgeBase(entries, data["index"], data["countries"])
    except (ValueError, KeyError, TypeError) as err:
        raise LexiconError(f"not a graphkit knowledge base ({err}).") from None


def load_knowledge_base(path: str | Path | None = None) -> KnowledgeBase:
    """Load a knowledge base file (the packaged Phoenix one by default).

    The file is JSON lines: first an object of ``notice``, ``countries`` (code
    -> graphkit country id) and ``index`` (folded form -> entry number, made
    by :func:`index_forms`), then one entry per line (``name``, ``synonyms``,
    ``kind``, ``country`` code, ``roles`` of ``code``/``start``/``end``), as
    written by ``scripts/phoenix_kb.py`` with :func:`dump_knowledge_base`.
    Entries are parsed when first looked up.

    Raises
    ------
    LexiconError
        If the file is missing or not of that shape.
    """
    path = Path(path or packaged_path(KB_FILE))
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LexiconError(f"Knowledge base file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as err:
        raise LexiconError(f"{path}: not a graphkit knowledge base ({err}).") from None
    try:
        return load_knowledge_base_text(text)
    except LexiconError as err:
        raise LexiconError(f"{path}: {err}") from None
