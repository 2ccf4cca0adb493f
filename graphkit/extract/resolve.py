"""Corpus-level actor resolution: mention keys merged into actors, each merge explained.

Rules, applied in order and only when the target is unique in the corpus
(whatever spaCy's label was):

1. ``defined-elsewhere``: a key that another document defined as an alias
   ("RSF" written without its "(RSF)" definition, a translation, a surname
   linked to a full name in its own article).
2. ``spelling``: keys equal up to case, hyphens and Arabic article particles
   ("al Qaeda", "al-Qaeda", "Al-Qaeda") join the most frequent spelling;
   ``plural``: a one-word plural read as people ("the Houthis") joins the
   organisation or people named by its singular ("Houthi").
3. ``surname`` / ``family-name`` / ``first-name``: a key that is the end or the
   first word of exactly one multi-word person name ("Dagalo" -> "Mohamed
   Hamdan Dagalo"; "Hamdan Dagalo" -> "Mohamed Hamdan Dagalo", never "Hamdan
   Ali Osman"). Alias-table actors (countries, organisations) are never
   absorbed, and "Kiir City" is not a surname.
4. ``acronym``: an all-capitals key that spells the initials of exactly one
   multi-word organisation ("ICRC" without a definition nearby);
   ``institution``: a key that writes the name of exactly one organisation
   the other way round ("State Department" -> "United States Department of
   State"; "American congress", the key of a US article's "Congress" ->
   "United States Congress").
5. ``knowledge-base``: keys that the knowledge base (by default the packaged
   Phoenix one, see :mod:`graphkit.extract.knowledge`) knows as spellings of
   one actor join, when one of them is a full name or an acronym ("Qaddafi",
   "Muammar al-Qaddafi", "Gaddafi"). It runs after the text's own evidence and
   never absorbs an alias-table actor, so a user's ``--aliases`` file wins;
   a person's key never joins a body, nor a body's full name another with a
   different head noun ("House of Representatives", "Congress").

Each actor takes the majority kind of its mentions (a person name merge makes
it a person); the knowledge base breaks the choice for a kind that some
mention had ("Mahan" read once as a person, once as an organisation), and gives
a known actor its home country. Actors of kinds outside ``kinds`` (e.g.
``place``) are dropped.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial

from graphkit.extract.knowledge import KnowledgeBase, initials
from graphkit.extract.mentions.bystanders import NON_ACTOR_KINDS
from graphkit.extract.mentions.candidates import KIND_RANK
from graphkit.extract.mentions.names import normalise
from graphkit.lexicons import ActorLexicon, compile_lexicon
from graphkit.records import (
    Actor,
    DocRecord,
    Drop,
    KeyStats,
    Mention,
    Merge,
    Resolution,
)

__all__ = [
    "DEFAULT_KINDS",
    "decision_rows",
    "resolve",
    "resolve_statistics",
    "statistics",
]

DEFAULT_KINDS = frozenset({"person", "organization", "state", "group", "norp"})
# Readings of a key that lose to any reading as an actor (see bystanders).
_PASSIVE_KINDS = NON_ACTOR_KINDS - {"place"}
_DROP_REASONS = {
    "place": "non-actor: used as a place",
    "source": "non-actor: only cited as a source",
    "journalist": "non-actor: a journalist of a medium",
    "affiliation": "non-actor: only named as a person's affiliation",
    "bystander": "non-actor: never acts or is acted on",
    "thing": "non-actor: a thing (work, award, product, event, building)",
}
# Kinds the knowledge base neither merges nor retypes.
_NOT_KNOWN_KINDS = frozenset({"group", "norp"})
_KNOWN_KINDS = frozenset({"person", "organization"})
_MIDDLE_INITIAL = re.compile(r"\w\.?")
_PARTICLE = re.compile(r"^(?:[AaEe]l|[Aa][dnrsz]|[Aa]sh)[- ](?=\w)")


@dataclass
class _Key:
    kinds: Counter[str] = field(default_factory=Counter)
    documents: set[str] = field(default_factory=set)
    surfaces: set[str] = field(default_factory=set)
    written: set[str] = field(default_factory=set)
    # a sentence per kind the key was read as, for explanations
    examples: dict[str, str] = field(default_factory=dict)
    written_in: dict[str, str] = field(default_factory=dict)  # surface -> sentence

    def add(self, stats: KeyStats) -> None:
        """Count one more article's use of the key (first sentences stay first)."""
        self.kinds.update(stats.kinds)
        self.documents.update(stats.documents)
        self.surfaces.update(stats.surfaces)
        self.written.update(stats.written)
        for kind, sentence in stats.examples.items():
            self.examples.setdefault(kind, sentence)
        for surface, sentence in stats.written_in.items():
            self.written_in.setdefault(surface, sentence)


def statistics(record: DocRecord) -> tuple[KeyStats, ...]:
    """What resolution counts of each mention key of one record, keys in text order.

    A corpus store keeps them beside the record, so that
    :func:`resolve_statistics` resolves a corpus without decoding its records.

    Examples
    --------
    >>> from graphkit.records import Article
    >>> m = Mention("a", 0, 0, 0, 4, "Kiir", "PERSON", "Kiir", "person")
    >>> [stats] = statistics(DocRecord(Article("a", "Kiir spoke."), ("Kiir spoke.",),
    ...                                (0,), (m,)))
    >>> stats.kinds, stats.examples
    ({'person': 1}, {'person': 'Kiir spoke.'})
    """
    keys: dict[str, _Key] = {}
    for mention in record.mentions:
        key = keys.setdefault(mention.key, _Key())
        key.kinds[mention.kind] += 1
        key.documents.add(mention.doc)
        key.surfaces.add(_surface(mention))
        if mention.written:
            key.written.add(mention.written)
        if mention.sent < len(record.sentences):
            sentence = record.sentences[mention.sent]
            key.examples.setdefault(mention.kind, sentence)
            key.written_in.setdefault(_surface(mention), sentence)
    return tuple(
        KeyStats(
            name,
            dict(key.kinds),
            tuple(sorted(key.documents)),
            tuple(sorted(key.surfaces)),
            tuple(sorted(key.written)),
            key.examples,
            key.written_in,
        )
        for name, key in keys.items()
    )


def resolve(
    records: Iterable[DocRecord],
    *,
    kinds: Iterable[str] = DEFAULT_KINDS,
    lexicon: ActorLexicon | None = None,
    knowledge: KnowledgeBase | None = None,
) -> Resolution:
    """Merge the mention keys of a corpus into actors.

    The same as :func:`resolve_statistics` of each record's :func:`statistics`.

    Parameters
    ----------
    records : iterable of DocRecord
        The extracted documents (their mentions are what is resolved).
    kinds : iterable of str
        Actor kinds to keep; keys of other kinds map to no actor.
    lexicon : ActorLexicon, optional
        The actor lexicon the mentions were found with (the packaged one when
        omitted): the ids of its alias table, user alias files' included, are
        never absorbed into a person.
    knowledge : KnowledgeBase, optional
        Known actors consulted after the text's evidence (rule 5); none when
        omitted.

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
    return resolve_statistics(
        map(statistics, records), kinds=kinds, lexicon=lexicon, knowledge=knowledge
    )


def resolve_statistics(
    records: Iterable[Sequence[KeyStats]],
    *,
    kinds: Iterable[str] = DEFAULT_KINDS,
    lexicon: ActorLexicon | None = None,
    knowledge: KnowledgeBase | None = None,
) -> Resolution:
    """Merge the mention keys of a corpus into actors, from each record's statistics.

    Parameters
    ----------
    records : iterable of sequences of KeyStats
        The :func:`statistics` of each extracted document, in corpus order
        (the first sentence that shows a key is its example).
    kinds, lexicon, knowledge
        As for :func:`resolve`.

    Returns
    -------
    Resolution
        Actors sorted by id, ``actor_of`` for every kept key, merges sorted.
    """
    stats = _collect(records)
    lexicon = lexicon if lexicon is not None else compile_lexicon()
    protected, patterns = lexicon.ids, lexicon.names
    parent: dict[str, tuple[str, str]] = {}
    known = partial(_known_names, knowledge=knowledge or KnowledgeBase())
    institutions = partial(_institution_names, lexicon=lexicon)
    rules = (
        _defined_elsewhere,
        _spelling,
        _plurals,
        _person_names,
        _acronyms,
        institutions,
        known,
    )
    for rule in rules:
        for alias, (target, reason) in rule(stats, parent, protected).items():
            if alias not in parent and _root(target, parent) != alias:
                parent[alias] = (target, reason)
    return _build(stats, parent, frozenset(kinds), patterns, knowledge)


def _collect(records: Iterable[Sequence[KeyStats]]) -> dict[str, _Key]:
    stats: dict[str, _Key] = {}
    for record in records:
        for key_stats in record:
            stats.setdefault(key_stats.key, _Key()).add(key_stats)
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
    """The majority kind; a non-actor reading only wins where no mention acts."""
    acting = Counter({k: n for k, n in counts.items() if k not in _PASSIVE_KINDS})
    counts = acting or counts
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


def _fold(text: str) -> str:
    """``text`` without accents: "Erdoğan" and "Erdogan" are one spelling."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _spelling_form(key: str) -> tuple[str, str]:
    """(form without middle initials, those initials), case and accents folded."""
    words = [_PARTICLE.sub("", w) for w in _fold(key).lower().replace("-", " ").split()]
    inner = {i for i in range(1, len(words) - 1) if _MIDDLE_INITIAL.fullmatch(words[i])}
    plain = " ".join(w for i, w in enumerate(words) if i not in inner)
    return plain, " ".join(words[i].rstrip(".") for i in sorted(inner))


def _spelling(stats, parent, protected) -> dict[str, tuple[str, str]]:
    """Keys equal up to case, accents, hyphens and particles join the commonest.

    A middle initial is a spelling too ("John R. Bolton", "John Bolton"),
    unless the corpus holds two different ones ("George W. Bush", "George H.
    W. Bush"): then only keys with the same initials join.
    """
    forms: dict[str, dict[str, list[str]]] = {}
    for key in sorted(stats):
        plain, inits = _spelling_form(key)
        forms.setdefault(plain, {}).setdefault(inits, []).append(key)
    merges = {}
    for by_initials in forms.values():
        signed = [i for i in by_initials if i]
        if len(signed) > 1:
            groups = list(by_initials.values())
        else:
            groups = [[k for keys in by_initials.values() for k in keys]]
        for keys in groups:
            best = max(
                keys, key=lambda k: (k in protected, sum(stats[k].kinds.values()), k)
            )
            merges.update(
                {
                    k: (best, "spelling")
                    for k in keys
                    if k != best and k not in protected
                }
            )
    return merges


# A plural read as these names the members of the body its singular names.
_MEMBER_KINDS = frozenset({"person", "group", "norp"})
_BODY_KINDS = frozenset({"organization", "norp"})


def _plurals(stats, parent, protected) -> dict[str, tuple[str, str]]:
    """ "Houthis" (read as people) joins "Houthi" (an organisation or a people)."""
    merges = {}
    for key in sorted(stats):
        singular = key[:-1]
        if (
            " " not in key
            and key.endswith("s")
            and len(singular) > 2
            and singular in stats
            and _kind(stats[key].kinds) in _MEMBER_KINDS
            and _kind(stats[singular].kinds) in _BODY_KINDS
            and key not in parent
            and key not in protected
        ):
            merges[key] = (singular, "plural")
    return merges


def _name_variants(name: str) -> dict[str, str]:
    words = [_PARTICLE.sub("", w) for w in _fold(name).split()]
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
        found = owners.get(_PARTICLE.sub("", _fold(key)), {})
        found = {p: r for p, r in found.items() if p != key and _root(p, parent) == p}
        if (
            len(found) == 1
            and _free(key, stats, parent, protected)
            and _kind(stats[key].kinds) != "norp"
        ):
            person, reason = next(iter(found.items()))
            merges[key] = (person, reason)
    return merges


def _acronyms(stats, parent, protected) -> dict[str, tuple[str, str]]:
    spelled: dict[str, set[str]] = {}
    for key, info in stats.items():
        if len(key.split()) > 1 and _kind(info.kinds) == "organization":
            spelled.setdefault(initials(key), set()).add(key)
    return {
        key: (next(iter(spelled[key])), "acronym")
        for key in sorted(stats)
        if key.isupper()
        and len(spelled.get(key, ())) == 1
        and _free(key, stats, parent, protected)
    }


# Institution nouns whose name is written both ways: "Department of State" and
# "State Department".
_INSTITUTIONS = frozenset("department ministry office bureau agency".split())


def _institution_forms(key: str, lexicon: ActorLexicon) -> list[str]:
    """Other ways of writing an organisation's name, lowercase.

    "United States Department of State" is "state department"; "United States
    Congress" is "american congress" (the key of "Congress" in a US article).
    """
    words = key.split()
    for n in range(len(words) - 1, 0, -1):
        alias = lexicon.aliases.get(" ".join(words[:n]))
        if alias is not None and alias[1] == "country":
            country, rest = alias[0], words[n:]
            break
    else:
        country, rest = "", words
    forms = []
    if len(rest) == 3 and rest[1] == "of" and rest[0].lower() in _INSTITUTIONS:
        forms.append(f"{rest[2]} {rest[0]}".lower())
    if country and len(rest) == 1:
        forms.append(f"{lexicon.demonyms.get(country, country)} {rest[0]}".lower())
    return forms


def _institution_names(
    stats, parent, protected, *, lexicon: ActorLexicon
) -> dict[str, tuple[str, str]]:
    """Keys that write the name of exactly one organisation the other way round."""
    owners: dict[str, set[str]] = {}
    for key in sorted(stats):
        if key not in parent and _kind(stats[key].kinds) == "organization":
            for form in _institution_forms(key, lexicon):
                owners.setdefault(form, set()).add(key)
    return {
        key: (next(iter(owners[key.lower()])), "institution")
        for key in sorted(stats)
        if len(owners.get(key.lower(), ())) == 1
        and key not in parent
        and key not in protected
        and _kind(stats[key].kinds) in ("organization", "group")
    }


def _known_names(
    stats, parent, protected, *, knowledge: KnowledgeBase
) -> dict[str, tuple[str, str]]:
    """Keys that spell one known actor join the fullest of them."""
    spelled: dict[int, list[str]] = {}
    for key in sorted(stats):
        if key in parent or _kind(stats[key].kinds) in _NOT_KNOWN_KINDS:
            continue
        entry = knowledge.entry(key)
        if entry is None or (
            _kind(stats[key].kinds) == "person"
            and knowledge.known(entry).kind != "person"
        ):
            continue  # a leader listed under the body is not the body
        spelled.setdefault(entry, []).append(key)
    merges = {}
    for keys in spelled.values():
        if len(keys) < 2 or not any(" " in k or k.isupper() for k in keys):
            continue  # two lone surnames are not evidence enough
        best = max(
            keys,
            key=lambda k: (
                k in protected, " " in k, sum(stats[k].kinds.values()), len(k), k
            ),
        )  # fmt: skip
        merges.update(
            {
                k: (best, "knowledge-base")
                for k in keys
                if k != best and k not in protected and _same_head(k, best, stats)
            }
        )
    return merges


def _same_head(key: str, other: str, stats) -> bool:
    """False for two bodies' full names with different head nouns: the
    knowledge base lists "House of Representatives" under "Congress", but a
    text naming both means two bodies."""
    if " " not in key or " " not in other:
        return True
    if "organization" not in (_kind(stats[key].kinds), _kind(stats[other].kinds)):
        return True

    def head(name: str) -> str:
        words = name.lower().split()
        return words[words.index("of") - 1] if "of" in words[1:] else words[-1]

    return head(key) == head(other)


def _known_kind(
    actor_id: str, kind: str, counts: Counter[str], knowledge: KnowledgeBase | None
) -> tuple[str, str]:
    """(kind, home country) with the knowledge base's reading of a known actor."""
    known = knowledge.lookup(actor_id) if knowledge is not None else None
    if known is None:
        return kind, ""
    if known.kind != kind and counts[known.kind] and kind in _KNOWN_KINDS:
        kind = known.kind
    return kind, known.country or ""


def _build(
    stats,
    parent,
    kinds: frozenset[str],
    patterns: frozenset[str],
    knowledge: KnowledgeBase | None = None,
) -> Resolution:
    members: dict[str, list[str]] = {}
    for key in sorted(stats):
        members.setdefault(_root(key, parent), []).append(key)
    actors: list[Actor] = []
    actor_of: dict[str, str] = {}
    dropped: list[Drop] = []
    for actor_id, keys in sorted(members.items()):
        counts: Counter[str] = sum((stats[k].kinds for k in keys), Counter())
        person = any(parent.get(k, ("", ""))[1].endswith("name") for k in keys)
        kind = "person" if person else _kind(counts)
        kind, country = _known_kind(actor_id, kind, counts, knowledge)
        if kind not in kinds:
            reason = _DROP_REASONS.get(kind, f"kind {kind} not kept")
            example = stats[actor_id].examples.get(kind, "")
            dropped.extend(Drop(k, kind, reason, example) for k in keys)
            continue
        documents = set().union(*(stats[k].documents for k in keys))
        aliases = set(keys).union(*(stats[k].surfaces for k in keys))
        written = set().union(*(stats[k].written for k in keys)) - aliases
        aliases |= written  # "President X" finds X; corrections detach it by m.written
        actors.append(
            Actor(
                actor_id,
                kind,
                tuple(sorted(aliases)),
                counts.total(),
                len(documents),
                country,
                tuple(sorted(written)),
            )
        )
        actor_of.update(dict.fromkeys(keys, actor_id))
    merges = _merges(stats, parent, actor_of, patterns, knowledge)
    return Resolution(tuple(actors), actor_of, merges, tuple(dropped))


def _merges(
    stats, parent, actor_of: dict[str, str], patterns, knowledge=None
) -> tuple[Merge, ...]:
    merges = {
        (key, actor_of[key], reason, _evidence(key, target, reason, stats, knowledge))
        for key, (target, reason) in parent.items()
        if key in actor_of
    }
    for key, info in stats.items():
        if key not in actor_of or _kind(info.kinds) == "group":
            continue
        merges.update(
            (
                surface,
                actor_of[key],
                _surface_reason(surface, key, patterns, info),
                _quoted(info.written_in.get(surface, "")),
            )
            for surface in info.surfaces
            if surface.lower() != key.lower() and surface not in actor_of
        )
    return tuple(Merge(*m) for m in sorted(merges))


_EVIDENCE = {
    "defined-elsewhere": "another document wrote {target} for {key}",
    "spelling": "one name up to case, accents, hyphens, particles or initials",
    "plural": "{key} are the members of {target}",
    "surname": "{target} is the only person whose name ends so",
    "family-name": "{target} is the only person whose name ends so",
    "first-name": "{target} is the only person whose name starts so",
    "acronym": "the initials of {target}, the only organisation so spelled",
    "institution": "{target} is the only organisation whose name is written so",
}


def _evidence(key, target, reason, stats, knowledge) -> str:
    """The rule's ground for one corpus-level merge, and a sentence of the alias."""
    if reason == "knowledge-base" and knowledge is not None:
        known = knowledge.lookup(key)
        ground = f"the knowledge base spells {known.name if known else target} so"
    else:
        ground = _EVIDENCE.get(reason, reason).format(key=key, target=target)
    example = _example(stats[key])
    return f"{ground}; {example}" if example else ground


def _example(info: _Key) -> str:
    return _quoted(next(iter(info.examples.values()), ""))


def _quoted(sentence: str) -> str:
    return f'"{sentence[:200]}"' if sentence else ""


def _surface_reason(
    surface: str, key: str, patterns: frozenset[str], info: _Key
) -> str:
    """Why a document keyed ``surface`` as ``key`` (for review; the rule ran in ner)."""
    if surface in patterns:
        return "alias-table"
    if _kind(info.kinds) == "state" and " " in surface:
        return "state-group"
    if surface.isupper() and initials(key).upper() == surface.replace(".", ""):
        return "acronym"
    variants = _name_variants(key) if len(key.split()) > 1 else {}
    return f"{variants.get(_PARTICLE.sub('', surface), 'definition')}-in-document"


def decision_rows(resolution: Resolution) -> list[dict[str, str]]:
    """One row per merge and per drop: ``alias``, ``actor``, ``reason``, ``evidence``.

    Drops have an empty ``actor`` and a ``reason`` starting "non-actor:" (or
    naming the kind that is not kept).

    Examples
    --------
    >>> res = Resolution(merges=(Merge("Kiir", "Salva Kiir", "surname"),),
    ...                  dropped=(Drop("Kano", "place", "non-actor: used as a place"),))
    >>> [(r["alias"], r["actor"], r["reason"]) for r in decision_rows(res)]
    [('Kiir', 'Salva Kiir', 'surname'), ('Kano', '', 'non-actor: used as a place')]
    """
    rows = [
        {"alias": m.alias, "actor": m.actor, "reason": m.reason, "evidence": m.evidence}
        for m in resolution.merges
    ]
    return rows + [
        {"alias": d.key, "actor": "", "reason": d.reason, "evidence": d.evidence}
        for d in resolution.dropped
    ]
