"""Corpus-level actor resolution: mention keys merged into actors, each merge explained.

Rules, applied in order and only when the target is unique in the corpus
(whatever spaCy's label was):

1. ``defined-elsewhere``: a key that another document defined as an alias
   ("RSF" written without its "(RSF)" definition, a translation, a surname
   linked to a full name in its own article).
2. ``spelling``: keys equal up to case, hyphens and Arabic article particles
   ("al Qaeda", "al-Qaeda", "Al-Qaeda") join the most frequent spelling.
3. ``surname`` / ``family-name`` / ``first-name``: a key that is the end or the
   first word of exactly one multi-word person name ("Dagalo" -> "Mohamed
   Hamdan Dagalo"; "Hamdan Dagalo" -> "Mohamed Hamdan Dagalo", never "Hamdan
   Ali Osman"). Alias-table actors (countries, organisations) are never
   absorbed, and "Kiir City" is not a surname.
4. ``acronym``: an all-capitals key that spells the initials of exactly one
   multi-word organisation ("ICRC" without a definition nearby).

Each actor takes the majority kind of its mentions (a person name merge makes
it a person); actors of kinds outside ``kinds`` (e.g. ``place``) are dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from graphkit.extract.mentions.candidates import KIND_RANK
from graphkit.extract.mentions.names import normalise
from graphkit.lexicons import load_lexicon
from graphkit.records import Actor, DocRecord, Mention, Merge, Resolution

__all__ = ["DEFAULT_KINDS", "resolve"]

DEFAULT_KINDS = frozenset({"person", "organization", "state", "group", "norp"})
_PARTICLE = re.compile(r"^(?:[AaEe]l|[Aa][dnrsz]|[Aa]sh)[- ](?=\w)")


@dataclass
class _Key:
    kinds: Counter[str] = field(default_factory=Counter)
    documents: set[str] = field(default_factory=set)
    surfaces: set[str] = field(default_factory=set)


def resolve(
    records: Iterable[DocRecord],
    *,
    kinds: Iterable[str] = DEFAULT_KINDS,
    aliases: Sequence[str | Path] = (),
) -> Resolution:
    """Merge the mention keys of a corpus into actors.

    Parameters
    ----------
    records : iterable of DocRecord
        The extracted documents (their mentions are what is resolved).
    kinds : iterable of str
        Actor kinds to keep; keys of other kinds map to no actor.
    aliases : sequence of paths
        User alias files: their ids, like the packaged table's, are never
        absorbed into a person.

    Returns
    -------
    Resolution
        Actors sorted by id, ``actor_of`` for every kept key, merges sorted.

    Examples
    --------
    >>> from graphkit.records import Article, Mention
    >>> def rec(doc, *keys):
    ...     ms = [Mention(doc, 0, 0, 0, len(k), k, "PERSON", k, "person") for k in keys]
    ...     return DocRecord(Article(doc, " ".join(keys)), mentions=tuple(ms))
    >>> res = resolve([rec("a", "Salva Kiir"), rec("b", "Kiir", "Riek Machar")])
    >>> res.actor_of["Kiir"], [m.reason for m in res.merges]
    ('Salva Kiir', ['surname'])
    """
    stats = _collect(records)
    table = load_lexicon("aliases.jsonl", aliases, required=["pattern", "id"])
    protected = {entry["id"] for entry in table}
    patterns = frozenset(e["pattern"] for e in table if isinstance(e["pattern"], str))
    parent: dict[str, tuple[str, str]] = {}
    for rule in (_defined_elsewhere, _spelling, _person_names, _acronyms):
        for alias, (target, reason) in rule(stats, parent, protected).items():
            if alias not in parent and _root(target, parent) != alias:
                parent[alias] = (target, reason)
    return _build(stats, parent, frozenset(kinds), patterns)


def _collect(records: Iterable[DocRecord]) -> dict[str, _Key]:
    stats: dict[str, _Key] = {}
    for record in records:
        for mention in record.mentions:
            key = stats.setdefault(mention.key, _Key())
            key.kinds[mention.kind] += 1
            key.documents.add(mention.doc)
            key.surfaces.add(_surface(mention))
    return stats


def _surface(mention: Mention) -> str:
    return normalise(mention.text) or mention.key


def _root(key: str, parent: dict[str, tuple[str, str]]) -> str:
    seen = {key}
    while key in parent and parent[key][0] not in seen:
        key = parent[key][0]
        seen.add(key)
    return key


def _kind(counts: Counter[str]) -> str:
    return max(counts, key=lambda k: (counts[k], KIND_RANK.get(k, 0), k))


def _free(key: str, stats, parent, protected) -> bool:
    return (
        key not in parent
        and key not in protected
        and _kind(stats[key].kinds) != "group"
    )


def _defined_elsewhere(stats, parent, protected) -> dict[str, tuple[str, str]]:
    targets: dict[str, set[str]] = {}
    for key, info in stats.items():
        for surface in info.surfaces - {key}:
            targets.setdefault(surface, set()).add(key)
    return {
        key: (next(iter(targets[key])), "defined-elsewhere")
        for key in sorted(stats)
        if len(targets.get(key, ())) == 1 and _free(key, stats, parent, protected)
    }


def _spelling_form(key: str) -> str:
    return " ".join(_PARTICLE.sub("", w) for w in key.lower().replace("-", " ").split())


def _spelling(stats, parent, protected) -> dict[str, tuple[str, str]]:
    groups: dict[str, list[str]] = {}
    for key in sorted(stats):
        groups.setdefault(_spelling_form(key), []).append(key)
    merges = {}
    for keys in groups.values():
        best = max(
            keys, key=lambda k: (k in protected, sum(stats[k].kinds.values()), k)
        )
        merges.update(
            {k: (best, "spelling") for k in keys if k != best and k not in protected}
        )
    return merges


def _name_variants(name: str) -> dict[str, str]:
    words = [_PARTICLE.sub("", w) for w in name.split()]
    variants = {words[0]: "first-name"}
    for i in range(1, len(words)):
        variants[" ".join(words[i:])] = (
            "surname" if i == len(words) - 1 else "family-name"
        )
    return variants


def _person_names(stats, parent, protected) -> dict[str, tuple[str, str]]:
    people = sorted(
        k
        for k, info in stats.items()
        if len(k.split()) > 1 and _kind(info.kinds) == "person" and k not in parent
    )
    owners: dict[str, dict[str, str]] = {}
    for person in people:
        for variant, reason in _name_variants(person).items():
            owners.setdefault(variant, {})[person] = reason
    merges = {}
    for key in sorted(stats):
        found = owners.get(_PARTICLE.sub("", key), {})
        found = {p: r for p, r in found.items() if p != key and _root(p, parent) == p}
        if (
            len(found) == 1
            and _free(key, stats, parent, protected)
            and _kind(stats[key].kinds) != "norp"
        ):
            person, reason = next(iter(found.items()))
            merges[key] = (person, reason)
    return merges


def _initials(name: str) -> str:
    return "".join(w[0] for w in re.split(r"[\s-]+", name) if w[:1].isupper())


def _acronyms(stats, parent, protected) -> dict[str, tuple[str, str]]:
    spelled: dict[str, set[str]] = {}
    for key, info in stats.items():
        if len(key.split()) > 1 and _kind(info.kinds) == "organization":
            spelled.setdefault(_initials(key), set()).add(key)
    return {
        key: (next(iter(spelled[key])), "acronym")
        for key in sorted(stats)
        if key.isupper()
        and len(spelled.get(key, ())) == 1
        and _free(key, stats, parent, protected)
    }


def _build(
    stats, parent, kinds: frozenset[str], patterns: frozenset[str]
) -> Resolution:
    members: dict[str, list[str]] = {}
    for key in sorted(stats):
        members.setdefault(_root(key, parent), []).append(key)
    actors, actor_of = [], {}
    for actor_id, keys in sorted(members.items()):
        counts = sum((stats[k].kinds for k in keys), Counter())
        person = any(parent.get(k, ("", ""))[1].endswith("name") for k in keys)
        kind = "person" if person else _kind(counts)
        if kind not in kinds:
            continue
        documents = set().union(*(stats[k].documents for k in keys))
        aliases = set(keys).union(*(stats[k].surfaces for k in keys))
        actors.append(
            Actor(
                actor_id, kind, tuple(sorted(aliases)), counts.total(), len(documents)
            )
        )
        actor_of.update(dict.fromkeys(keys, actor_id))
    merges = _merges(stats, parent, actor_of, patterns)
    return Resolution(tuple(actors), actor_of, merges)


def _merges(stats, parent, actor_of: dict[str, str], patterns) -> tuple[Merge, ...]:
    merges = {
        (key, actor_of[key], reason)
        for key, (_, reason) in parent.items()
        if key in actor_of
    }
    for key, info in stats.items():
        if key not in actor_of or _kind(info.kinds) == "group":
            continue
        merges.update(
            (surface, actor_of[key], _surface_reason(surface, key, patterns, info))
            for surface in info.surfaces
            if surface.lower() != key.lower() and surface not in actor_of
        )
    return tuple(Merge(*m) for m in sorted(merges))


def _surface_reason(
    surface: str, key: str, patterns: frozenset[str], info: _Key
) -> str:
    """Why a document keyed ``surface`` as ``key`` (for review; the rule ran in ner)."""
    if surface in patterns:
        return "alias-table"
    if _kind(info.kinds) == "state" and " " in surface:
        return "state-group"
    if surface.isupper() and _initials(key).upper() == surface.replace(".", ""):
        return "acronym"
    variants = _name_variants(key) if len(key.split()) > 1 else {}
    return f"{variants.get(_PARTICLE.sub('', surface), 'definition')}-in-document"
