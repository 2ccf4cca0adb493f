"""Applying corrections: to the resolution, the records and the built graph.

See :mod:`graphkit.graph.corrections` for the file format and why each kind
acts where it does. The three steps, on records held in memory::

    plan = plan_corrections(resolution, corrections, records)
    G = build_graph(plan.records(records), plan.resolution)
    G, report = apply_corrections(G, plan)

A build reads its records once (:func:`corrected_graph`): a
:class:`CorrectionDraft` corrects each record on its way into a
:class:`~graphkit.graph.build.GraphBuilder` and counts what the plan needs
of it, and is settled when all are read::

    G, plan = corrected_graph(records, resolution, corrections)
    G, report = apply_corrections(G, plan)
"""

from __future__ import annotations

import warnings
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from itertools import combinations
from typing import Any

import networkx as nx

from graphkit.errors import UnknownActor
from graphkit.graph.alliances import actor_key, find_actor
from graphkit.graph.build import GraphBuilder, Window
from graphkit.graph.corrections import (
    Correction,
    CorrectionReport,
    Detach,
    DropEvidence,
    DropTie,
    MergeActors,
    NotActor,
    Outcome,
    Relabel,
    fold,
)
from graphkit.records import (
    Actor,
    DocRecord,
    Mention,
    Merge,
    Polarity,
    Relation,
    Resolution,
)

__all__ = [
    "CorrectionDraft",
    "CorrectionPlan",
    "corrected_graph",
    "plan_corrections",
    "apply_corrections",
    "find_whole",
]

Tie = tuple[str, str, str]
Mark = dict[str, str]


def _mark(correction: Correction, detail: str) -> dict[str, str]:
    """A ``corrections`` entry of a node or link."""
    return {
        "action": correction.kind,
        "detail": detail,
        "note": correction.note,
        "origin": correction.origin,
    }


def find_whole(G: nx.MultiDiGraph, name: str) -> str:
    """:func:`~graphkit.graph.alliances.find_actor`, for a whole name or alias only.

    A correction must not fall on another actor when its own has gone (a
    later corpus resolved it otherwise), so the word rule ("forces" for
    "Rapid Support Forces") is not enough here.

    Raises
    ------
    UnknownActor
        If ``name`` is no whole name or alias of an actor, or of several.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("Rapid Support Forces", aliases=["RSF"])
    >>> find_whole(G, "r.s.f.")
    'Rapid Support Forces'
    >>> find_whole(G, "support forces")
    Traceback (most recent call last):
    ...
    graphkit.errors.UnknownActor: 'support forces' is only part of a name of ...
    """
    node = find_actor(G, name)
    wanted = actor_key(name).replace(" ", "")
    names = [node, G.nodes[node].get("label", node), *G.nodes[node].get("aliases", [])]
    if wanted not in {actor_key(n).replace(" ", "") for n in names}:
        raise UnknownActor(f"{name!r} is only part of a name of {node}")
    return node


@dataclass(frozen=True)
class _Detached:
    """Mentions of one of ``keys`` written ``name`` (an actor_key) get key ``key``."""

    keys: frozenset[str]
    name: str
    key: str


class _Working:
    """A working copy of a resolution while the actor-level corrections apply."""

    def __init__(self, resolution: Resolution) -> None:
        self.actors = {a.id: a for a in resolution.actors}
        self.actor_of = dict(resolution.actor_of)
        self.merges = list(resolution.merges)
        self.detached: list[_Detached] = []
        self.recount: set[str] = set()
        self.created: set[str] = set()
        self.marks: dict[str, list[dict[str, str]]] = defaultdict(list)
        self._names: nx.MultiDiGraph | None = None

    def find(self, name: str) -> str:
        if self._names is None:
            self._names = nx.MultiDiGraph()
            self._names.add_nodes_from(
                (a.id, {"aliases": list(a.aliases)}) for a in self.actors.values()
            )
        return find_whole(self._names, name)

    def _changed(self) -> None:
        self._names = None

    def merge(self, c: MergeActors) -> Outcome:
        first, *others = (self.find(name) for name in c.actors)
        rest = [a for a in dict.fromkeys(others) if a != first]
        if not rest:
            return Outcome(c, False, f"{', '.join(c.actors)} are one actor already")
        self.actor_of = {k: first if a in rest else a for k, a in self.actor_of.items()}
        gone = [self.actors.pop(a) for a in rest]
        actor = self.actors[first]
        aliases = set(actor.aliases).union(*(a.aliases for a in gone), rest)
        self.actors[first] = replace(
            actor,
            aliases=tuple(sorted(aliases)),
            mentions=actor.mentions + sum(a.mentions for a in gone),
        )
        self.merges = [
            replace(m, actor=first) if m.actor in rest else m for m in self.merges
        ]
        self.merges += [Merge(a, first, "correction") for a in rest]
        self.recount.add(first)
        detail = f"merged {', '.join(rest)} into {first}"
        for a in rest:
            self.marks[first] += self.marks.pop(a, [])
        self.marks[first].append(_mark(c, detail))
        self._changed()
        return Outcome(c, True, detail)

    def not_actor(self, c: NotActor) -> Outcome:
        actor = self.find(c.actor)
        del self.actors[actor]
        self.actor_of = {k: a for k, a in self.actor_of.items() if a != actor}
        self.merges = [m for m in self.merges if m.actor != actor]
        self.marks.pop(actor, None)
        self._changed()
        return Outcome(c, True, f"{actor} is no actor")

    def detach(self, c: Detach) -> Outcome:
        actor = self.find(c.actor)
        name = actor_key(c.alias)
        names = [a for a in self.actors[actor].aliases if actor_key(a) == name]
        if not names:
            return Outcome(c, False, f"{c.alias!r} is not a name of {actor}")
        if actor_key(actor) == name:
            return Outcome(
                c, False, f"{c.alias!r} is {actor}'s own name (merge or not_actor it)"
            )
        keys = frozenset(k for k, a in self.actor_of.items() if a == actor)
        self.detached.append(_Detached(keys, name, names[0]))
        owner = self.actor_of.get(names[0], actor)
        if owner == actor:
            owner = self.actor_of[names[0]] = names[0]
            self.actors[owner] = Actor(owner, self.actors[actor].kind, (owner,))
            self.created.add(owner)
        old = self.actors[actor]
        self.actors[actor] = replace(
            old, aliases=tuple(a for a in old.aliases if actor_key(a) != name)
        )
        self.merges = [
            m
            for m in self.merges
            if not (m.actor == actor and actor_key(m.alias) == name)
        ]
        self.recount |= {actor, owner}
        self.marks[actor].append(_mark(c, f"{names[0]} is not a name of {actor}"))
        self.marks[owner].append(_mark(c, f"detached from {actor}"))
        self._changed()
        return Outcome(c, True, f"{names[0]} detached from {actor} (now {owner})")


@dataclass(frozen=True)
class _RecordFix:
    """How each record is corrected before its ties are counted."""

    actor_of: dict[str, str]
    detached: tuple[_Detached, ...] = ()
    relabels: dict[Tie, tuple[int, Relabel]] = field(default_factory=dict)
    struck: dict[str, dict[str, tuple[int, DropEvidence]]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.detached or self.relabels or self.struck)

    def _key(self, m: Mention) -> str:
        forms = {actor_key(m.text), actor_key(m.key)}
        if m.written:  # a titled or nicknamed form is an alias too
            forms.add(actor_key(m.written))
        for d in self.detached:
            if m.key in d.keys and d.name in forms:
                return d.key
        return m.key

    def rekey(self, rec: DocRecord) -> DocRecord:
        if not self.detached:
            return rec
        mentions, ends = [], defaultdict(set)
        for m in rec.mentions:
            key = self._key(m)
            ends[m.sent, m.key].add(key)
            mentions.append(m if key == m.key else replace(m, key=key))

        def end(sent: int, key: str) -> str:
            # A relation names a key, not a mention: it moves only when every
            # mention of that key in its sentence moved the same way.
            new = ends.get((sent, key), set())
            return next(iter(new)) if len(new) == 1 else key

        relations = [
            replace(r, source=end(r.sent, r.source), target=end(r.sent, r.target))
            for r in rec.relations
        ]
        return replace(rec, mentions=tuple(mentions), relations=tuple(relations))

    def struck_sentences(self, rec: DocRecord) -> dict[int, tuple[int, DropEvidence]]:
        """The sentences of ``rec`` that a ``drop_evidence`` strikes, and which."""
        wanted = self.struck.get(rec.article.id, {})
        if not wanted:
            return {}
        found = {
            i: wanted[fold(s)] for i, s in enumerate(rec.sentences) if fold(s) in wanted
        }
        found.update(
            (r.sent, wanted[fold(r.sentence)])
            for r in rec.relations
            if fold(r.sentence) in wanted
        )
        return found

    def relabel(self, r: Relation) -> tuple[Relation, tuple[int, Relabel] | None]:
        """``r`` with the polarity a ``relabel`` gives it, and that relabel."""
        tie = (self.actor_of.get(r.source, ""), self.actor_of.get(r.target, ""))
        found = self.relabels.get((*tie, r.polarity))
        if found is None:
            return r, None
        polarity: Polarity = "oppose" if r.polarity == "support" else "support"
        return replace(r, polarity=polarity, intensity=-r.intensity), found

    def __call__(self, rec: DocRecord) -> DocRecord:
        return self.corrected(self.rekey(rec))

    def corrected(self, rec: DocRecord) -> DocRecord:
        """``rec``, rekeyed already, without its struck sentences, relabelled."""
        struck = self.struck_sentences(rec)
        mentions = tuple(m for m in rec.mentions if m.sent not in struck)
        relations = tuple(
            self.relabel(r)[0] for r in rec.relations if r.sent not in struck
        )
        return replace(rec, mentions=mentions, relations=relations)


@dataclass(frozen=True)
class CorrectionPlan:
    """The corrections of one build, as decided before its graph is built.

    ``resolution`` is the corrected resolution; :meth:`records` corrects the
    records on their way into :func:`graphkit.graph.build.build_graph`;
    ``outcomes`` holds the outcome of every correction but ``drop`` (by
    position), which :func:`apply_corrections` settles on the graph.
    """

    corrections: tuple[Correction, ...]
    resolution: Resolution
    outcomes: dict[int, Outcome] = field(default_factory=dict)
    node_marks: dict[str, list[Mark]] = field(default_factory=dict)
    link_marks: dict[Tie, list[Mark]] = field(default_factory=dict)
    fix: _RecordFix | None = None

    def records(self, records: Iterable[DocRecord]) -> Iterable[DocRecord]:
        """Return ``records`` corrected, lazily (unchanged without corrections)."""
        return records if not self.fix else map(self.fix, records)


def _attempt(step: Callable[[Any], Outcome], c: Correction) -> Outcome:
    try:
        return step(c)
    except UnknownActor as err:
        return Outcome(c, False, str(err))


@dataclass
class _Tally:
    """What one pass over the corrected records finds."""

    mentions: Counter = field(default_factory=Counter)
    documents: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    kinds: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    docs: set[str] = field(default_factory=set)
    used: Counter = field(default_factory=Counter)
    links: dict[Tie, dict[int, Mark]] = field(default_factory=lambda: defaultdict(dict))

    def add(self, rec: DocRecord, fix: _RecordFix) -> None:
        """Count one record, rekeyed already."""
        actor_of = fix.actor_of
        self.docs.add(rec.article.id)
        for m in rec.mentions:
            if m.key in actor_of:
                self.mentions[actor_of[m.key]] += 1
                self.documents[actor_of[m.key]].add(m.doc)
                self.kinds[actor_of[m.key]][m.kind] += 1
        struck = fix.struck_sentences(rec)
        for sent, (i, c) in struck.items():
            self.used[i] += 1
            actors = sorted(
                {
                    actor_of[m.key]
                    for m in rec.mentions
                    if m.sent == sent and m.key in actor_of
                }
                & set(actor_of.values())
            )
            ties = [(u, v, "co_mention") for u, v in combinations(actors, 2)]
            ties += [
                (actor_of[r.source], actor_of[r.target], r.polarity)
                for r in rec.relations
                if r.sent == sent and r.source in actor_of and r.target in actor_of
            ]
            for tie in ties:
                self.links[tie][i] = _mark(c, f"a sentence of {rec.article.id} struck")
        for r in rec.relations:
            found = fix.relabel(r)[1]
            if found is not None and r.sent not in struck:
                i, relabel = found
                self.used[i] += 1
                tie = (actor_of[r.source], actor_of[r.target], relabel.new)
                self.links[tie][i] = _mark(
                    relabel, f"{relabel.old} relabelled {relabel.new}"
                )


def plan_corrections(
    resolution: Resolution,
    corrections: Sequence[Correction],
    records: Iterable[DocRecord] = (),
) -> CorrectionPlan:
    """Apply the actor-level corrections to ``resolution``; plan the others.

    ``merge``, ``not_actor`` and ``detach`` change the resolution, in file
    order; ``relabel`` and ``drop_evidence`` are looked up in the result. One
    pass over ``records`` (which must be iterable again for the build) recounts
    the changed actors and finds what each correction matches; without
    corrections nothing is read.

    Parameters
    ----------
    resolution : Resolution
        What :func:`graphkit.extract.resolve` made of the corpus. Not modified.
    corrections : sequence of Correction
        From :func:`graphkit.graph.corrections.load_corrections`.
    records : iterable of DocRecord
        The corpus's records, as given to ``build_graph``.

    Returns
    -------
    CorrectionPlan

    Examples
    --------
    >>> from graphkit.records import Actor
    >>> res = Resolution((Actor("Chad", "state", ("Chad", "N'Djamena"), 2, 1),
    ...                   Actor("Reuters", "organization", ("Reuters",), 1, 1)),
    ...                  {"Chad": "Chad", "Reuters": "Reuters"})
    >>> plan = plan_corrections(res, [NotActor(actor="reuters")])
    >>> [a.id for a in plan.resolution.actors], plan.outcomes[0].detail
    (['Chad'], 'Reuters is no actor')
    """
    draft = CorrectionDraft(resolution, corrections)
    if draft.reads_records:
        for record in records:
            draft.correct(record)
    return draft.plan()


class CorrectionDraft:
    """A build's corrections while its records stream: a plan in the making.

    Made from the resolution, it applies the actor-level corrections (as
    :func:`plan_corrections` says); :meth:`correct` then takes each record
    once, counts what the plan needs of it and returns it corrected, and
    :meth:`plan` settles the plan when all records are read. A graph built
    meanwhile maps mention keys by :attr:`actor_of` and takes its actors from
    the plan's resolution (an actor whose every mention a ``detach`` moved is
    gone from it).
    """

    def __init__(self, resolution: Resolution, corrections: Sequence[Correction]):
        self.corrections = tuple(corrections)
        self._resolution = resolution
        self._tally = _Tally()
        if not self.corrections:
            self.actor_of = resolution.actor_of
            self.reads_records = False
            return
        self._work, self._outcomes, self._fix = _draft(resolution, self.corrections)
        work = self._work
        #: Mention key -> actor, as records are counted and corrected.
        self.actor_of = {k: a for k, a in work.actor_of.items() if a in work.actors}
        #: Whether the plan needs the records (else :meth:`correct` only corrects).
        self.reads_records = bool(self._fix or work.recount)

    def correct(self, record: DocRecord) -> DocRecord:
        """Count ``record`` for the plan; return it as corrected for the graph."""
        if not self.reads_records:
            return record
        rekeyed = self._fix.rekey(record)
        self._tally.add(rekeyed, self._fix)
        return self._fix.corrected(rekeyed) if self._fix else rekeyed

    def plan(self) -> CorrectionPlan:
        """The plan, from the records :meth:`correct` took (all of the corpus)."""
        if not self.corrections:
            return CorrectionPlan(self.corrections, self._resolution)
        work, fix, tally = self._work, self._fix, self._tally
        outcomes = dict(self._outcomes)
        for i, c in enumerate(self.corrections):
            if i not in outcomes and not isinstance(c, DropTie):
                outcomes[i] = _matched(c, tally.used[i], tally.docs, work)
        resolution = _recounted(work, tally)
        link_marks = {tie: list(marks.values()) for tie, marks in tally.links.items()}
        node_marks = {a: m for a, m in work.marks.items() if a in work.actors}
        return CorrectionPlan(
            self.corrections,
            resolution,
            outcomes,
            node_marks,
            link_marks,
            fix or None,
        )


def corrected_graph(
    records: Iterable[DocRecord],
    resolution: Resolution,
    corrections: Sequence[Correction] = (),
    *,
    window: Window = "sentence",
    max_evidence: int = 20,
) -> tuple[nx.MultiDiGraph, CorrectionPlan]:
    """Build the graph of ``records`` with ``corrections``, reading the records once.

    The graph is :func:`graphkit.graph.build.build_graph` of the records that
    :meth:`CorrectionPlan.records` corrects, under the plan's resolution;
    :func:`apply_corrections` settles the rest on it. ``window`` and
    ``max_evidence`` are :func:`~graphkit.graph.build.build_graph`'s.

    Returns
    -------
    (nx.MultiDiGraph, CorrectionPlan)

    Examples
    --------
    >>> from graphkit.records import Article
    >>> text = "Chad and Sudan met."
    >>> ms = (Mention("a1", 0, 0, 0, 4, "Chad", "GPE", "Chad", "state"),
    ...       Mention("a1", 0, 0, 9, 14, "Sudan", "GPE", "Sudan", "state"))
    >>> rec = DocRecord(Article("a1", text), (text,), (0,), ms)
    >>> res = Resolution((Actor("Chad", "state", ("Chad",), 1, 1),
    ...                   Actor("Sudan", "state", ("Sudan",), 1, 1)),
    ...                  {"Chad": "Chad", "Sudan": "Sudan"})
    >>> G, plan = corrected_graph(iter([rec]), res, [NotActor(actor="sudan")])
    >>> list(G), G.number_of_edges(), plan.outcomes[0].detail
    (['Chad'], 0, 'Sudan is no actor')
    """
    draft = CorrectionDraft(resolution, corrections)
    builder = GraphBuilder(draft.actor_of, window=window, max_evidence=max_evidence)
    for record in records:  # one pass, so records may stream from a store
        builder.add(draft.correct(record))
    plan = draft.plan()
    return builder.graph(plan.resolution.actors), plan


def _draft(
    resolution: Resolution, corrections: tuple[Correction, ...]
) -> tuple[_Working, dict[int, Outcome], _RecordFix]:
    """The actor-level corrections applied, the others looked up, in file order."""
    work = _Working(resolution)
    steps: dict[type, Callable[[Any], Outcome]] = {
        MergeActors: work.merge,
        NotActor: work.not_actor,
        Detach: work.detach,
    }
    outcomes = {
        i: _attempt(steps[type(c)], c)
        for i, c in enumerate(corrections)
        if type(c) in steps
    }
    relabels: dict[Tie, tuple[int, Relabel]] = {}
    struck: dict[str, dict[str, tuple[int, DropEvidence]]] = defaultdict(dict)
    for i, c in enumerate(corrections):
        if isinstance(c, Relabel):
            try:
                tie = (work.find(c.source), work.find(c.target), c.old)
            except UnknownActor as err:
                outcomes[i] = Outcome(c, False, str(err))
                continue
            if tie in relabels:
                outcomes[i] = _repeated(c, relabels[tie][1])
            relabels.setdefault(tie, (i, c))
        elif isinstance(c, DropEvidence):
            parts = [fold(part) for part in c.sentence.split(" \u2026 ")]
            if all(part in struck[c.doc] for part in parts):
                outcomes[i] = _repeated(c, struck[c.doc][parts[0]][1])
            for part in parts:
                struck[c.doc].setdefault(part, (i, c))
    fix = _RecordFix(work.actor_of, tuple(work.detached), relabels, dict(struck))
    return work, outcomes, fix


def _repeated(c: Correction, first: Correction) -> Outcome:
    return Outcome(c, False, f"{first.origin} says so already")


def _matched(c: Correction, used: int, docs: set[str], work: _Working) -> Outcome:
    if isinstance(c, Relabel):
        source, target = work.find(c.source), work.find(c.target)
        if used:
            return Outcome(
                c, True, f"{used} {c.old} relation(s) {source} -> {target} now {c.new}"
            )
        return Outcome(c, False, f"no {c.old} tie from {source} to {target}")
    if used:
        return Outcome(c, True, f"{used} sentence(s) struck")
    assert isinstance(c, DropEvidence)
    if c.doc not in docs:
        return Outcome(c, False, f"no article {c.doc!r}")
    return Outcome(c, False, f"no sentence of {c.doc!r} reads {c.sentence!r}")


def _recounted(work: _Working, tally: _Tally) -> Resolution:
    """The corrected resolution: changed actors counted again, empty ones gone."""
    for actor in sorted(work.recount & set(work.actors)):
        if not tally.mentions[actor]:
            del work.actors[actor]
            continue
        kind = work.actors[actor].kind
        if actor in work.created:
            kind = tally.kinds[actor].most_common(1)[0][0]
        work.actors[actor] = replace(
            work.actors[actor],
            kind=kind,
            mentions=tally.mentions[actor],
            documents=len(tally.documents[actor]),
        )
    actor_of = {k: a for k, a in work.actor_of.items() if a in work.actors}
    merges = sorted(
        {m for m in work.merges if m.actor in work.actors},
        key=lambda m: (m.alias, m.actor, m.reason),
    )
    actors = tuple(sorted(work.actors.values(), key=lambda a: a.id))
    return Resolution(actors, actor_of, tuple(merges))


def _drop(G: nx.MultiDiGraph, c: DropTie) -> Outcome:
    try:
        u, v = find_whole(G, c.source), find_whole(G, c.target)
    except UnknownActor as err:
        return Outcome(c, False, str(err))
    if c.relation == "co_mention" and u > v:
        u, v = v, u
    if not G.has_edge(u, v, c.relation):
        return Outcome(c, False, f"no {c.relation} tie from {u} to {v}")
    count = G.edges[u, v, c.relation].get("count", 0)
    G.remove_edge(u, v, c.relation)
    return Outcome(c, True, f"dropped {u} -> {v} ({c.relation}, {count} evidence)")


def apply_corrections(
    G: nx.MultiDiGraph, plan: CorrectionPlan, *, copy: bool = True
) -> tuple[nx.MultiDiGraph, CorrectionReport]:
    """Settle a build's corrections on its graph; return a new graph and the report.

    Drops the ties named by ``drop``, adds a ``corrections`` list to every
    node and link a correction changed, and sets ``graph["corrections"]``:
    ``applied`` and ``unmatched`` counts and a ``log`` of every correction's
    outcome (dropped ties and removed actors are only there). Each unmatched
    correction is one warning.

    Parameters
    ----------
    G : nx.MultiDiGraph
        Built from ``plan.records(...)`` and ``plan.resolution``. Not modified,
        unless ``copy`` is false.
    plan : CorrectionPlan
        From :func:`plan_corrections`.
    copy : bool
        False settles the corrections on ``G`` itself and returns it, for a
        caller that has no other use for the graph as built (a build: copying
        its few thousand actors and ties costs more than the rest of this).

    Returns
    -------
    (nx.MultiDiGraph, CorrectionReport)

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("a", "b", key="support", relation="support", count=1)
    >>> plan = plan_corrections(Resolution(), [DropTie(source="A", target="b",
    ...                                                relation="support")])
    >>> H, report = apply_corrections(G, plan)
    >>> H.number_of_edges(), G.number_of_edges(), H.graph["corrections"]["applied"]
    (0, 1, 1)
    """
    H = G.copy() if copy else G
    outcomes = dict(plan.outcomes)
    for i, c in enumerate(plan.corrections):
        if isinstance(c, DropTie):
            outcomes[i] = _drop(H, c)
    for node, marks in plan.node_marks.items():
        if node in H:
            H.nodes[node]["corrections"] = [
                *H.nodes[node].get("corrections", []),
                *marks,
            ]
    for (u, v, relation), marks in plan.link_marks.items():
        if H.has_edge(u, v, relation):
            data = H.edges[u, v, relation]
            data["corrections"] = [*data.get("corrections", []), *marks]
    report = CorrectionReport(tuple(outcomes[i] for i in range(len(plan.corrections))))
    H.graph["corrections"] = {
        "applied": report.applied,
        "unmatched": report.unmatched,
        "log": [o.to_dict() for o in report.outcomes],
    }
    for o in report.outcomes:
        if not o.applied:
            c = o.correction
            end = "" if o.detail.endswith(("?", ".")) else "."
            warnings.warn(
                f"{c.origin}: {c.kind} matches nothing: {o.detail}{end}", stacklevel=2
            )
    return H, report
