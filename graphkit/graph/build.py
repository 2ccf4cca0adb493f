"""Building the actor graph: the only code that creates nodes and edges.

The graph is an ``nx.MultiDiGraph`` whose edge key is the relation name. Its
attributes are graphkit's public contract (graph.json is its node-link form);
fields are only ever added, never renamed or removed.

Graph attributes
    ``documents`` (number of articles), ``undated`` (articles without a date),
    ``date_counts`` (articles per date), ``window`` (the co-mention window);
    a build adds ``fingerprint``, the extraction fingerprint under which its
    corpus store holds the records (so that ``slice --store`` finds them).
Node attributes
    ``label`` (the canonical name, also the node id), ``type`` (actor kind),
    ``aliases`` (every surface form merged into it, written forms included),
    ``mentions``, ``documents``,
    ``country`` (a known actor's home country from the knowledge base, or ""),
    ``written`` (titled and nicknamed forms of its name: "Prime Minister X").
Edge attributes, every relation
    ``relation`` (``"co_mention"``, ``"support"``, ``"oppose"`` or
    ``"affiliation"``), ``weight``,
    ``count`` (true number of evidence items), ``evidence`` (at most
    ``max_evidence`` dicts with ``doc``, ``title``, ``sentence``, ``date``,
    ``url`` and ``source`` when the article had them (``source`` only when it is
    not the url), ``headline`` (true) when every sentence of it is the
    article's headline, and for stance ``cue``, ``confidence`` (``explicit``,
    ``reported`` or ``inferred``: how directly the text states it) and
    ``basis`` (the mechanism and word that produced it, ``"event:condemn"``,
    ``"reported:accuse"``); in date order, undated last), ``first_date``,
    ``last_date``, ``date_counts`` (``{"YYYY-MM-DD" | "undated": n}`` over all
    evidence).
``co_mention`` edges
    stored once per unordered pair (``source < target``) and read as
    undirected; ``weight`` = ``count`` = co-mention count; ``jaccard`` and
    ``npmi`` are normalised weights that keep hubs from swamping the graph.
``support`` / ``oppose`` edges
    directed source -> target; ``weight`` = summed absolute intensity,
    ``intensity`` = signed sum, ``sign`` (+1 / -1), ``kinds`` (cue categories),
    ``date_weights`` (summed absolute intensity per date),
    ``confidence_counts`` (``{"explicit" | "reported" | "inferred": n}`` over all
    evidence) and ``confidence_weights`` (summed absolute intensity per
    confidence), so that :func:`at_confidence` can keep only the surer evidence.
Corrections (added by :mod:`graphkit.graph.corrected`, after this module)
    graph ``corrections``: ``{"applied": n, "unmatched": n, "log": [...]}``,
    one log entry per correction (``origin`` ``FILE:LINE``, the
    ``correction`` as written, with its note, ``status`` ``"applied"`` or
    ``"unmatched"``, ``detail``); only there for dropped ties and removed
    actors. Corrected nodes and edges (only those) have ``corrections``: a
    list of ``{"action", "detail", "note", "origin"}``, ``action`` being the
    correction's kind.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import combinations, zip_longest
from typing import Any, Literal

import networkx as nx

from graphkit.records import (
    CONFIDENCES,
    Actor,
    Affiliation,
    Confidence,
    DocRecord,
    Relation,
    Resolution,
)

__all__ = [
    "DEFAULT_CONFIDENCE",
    "WINDOWS",
    "GraphBuilder",
    "at_confidence",
    "build_graph",
]

# Metrics and alliances count what the text states or reports, not inferences.
DEFAULT_CONFIDENCE: Confidence = "reported"

Window = Literal["sentence", "paragraph", "document"]
WINDOWS: tuple[str, ...] = ("sentence", "paragraph", "document")
UNDATED = "undated"


@dataclass
class _Tie:
    """Accumulates the evidence of one (source, target, relation) link.

    Besides the counts it keeps, in bounded memory and whatever the order the
    items come in: the ``limit`` earliest items, the ``limit`` latest dated
    ones, and the earliest item of each date. :meth:`attributes` picks the
    stored evidence from them so that it spans the tie's dates (see
    :meth:`_selected`), and a time slice of the tie keeps some evidence.
    """

    limit: int = 20
    count: int = 0
    weight: float = 0.0
    intensity: float = 0.0
    kinds: set[str] = field(default_factory=set)
    earliest: list[tuple[tuple, dict[str, Any]]] = field(default_factory=list)
    latest: list[tuple[tuple, dict[str, Any]]] = field(default_factory=list)
    by_date: dict[str, tuple[tuple, dict[str, Any]]] = field(default_factory=dict)
    date_counts: Counter = field(default_factory=Counter)
    date_weights: defaultdict[str, float] = field(
        default_factory=lambda: defaultdict(float)
    )
    confidence_counts: Counter = field(default_factory=Counter)
    confidence_weights: defaultdict[str, float] = field(
        default_factory=lambda: defaultdict(float)
    )

    def add(self, order: tuple, item: dict[str, Any], weight: float = 1.0) -> None:
        date = item["date"] or UNDATED
        self.count += 1
        self.weight += weight
        self.date_counts[date] += 1
        self.date_weights[date] += weight
        entry = (order, item)
        self.earliest.append(entry)
        if len(self.earliest) >= 2 * self.limit:  # memory stays bounded per link
            self.earliest = _first(self.earliest, self.limit)
        if item["date"]:
            self.latest.append(entry)
            if len(self.latest) >= 2 * self.limit:
                self.latest = _first(self.latest, self.limit, latest=True)
            if date not in self.by_date or order < self.by_date[date][0]:
                self.by_date[date] = entry

    def _selected(self) -> list[dict[str, Any]]:
        """At most ``limit`` items spread over the tie's dates, in date order.

        First the earliest item of each date, or of ``limit`` dates evenly
        spaced from the first to the last when there are more; then, while
        room is left, the earliest and the latest remaining items in turn
        (undated ones after every dated one).
        """
        dates = sorted(self.by_date)
        if len(dates) > self.limit:
            step = (len(dates) - 1) / max(self.limit - 1, 1)
            dates = [dates[round(i * step)] for i in range(self.limit)]
        chosen = {id(self.by_date[d][1]): self.by_date[d] for d in dates}
        early = _first(self.earliest, self.limit)
        late = _first(self.latest, self.limit, latest=True)
        for entry in (e for pair in zip_longest(early, late) for e in pair if e):
            if len(chosen) >= self.limit:
                break
            chosen.setdefault(id(entry[1]), entry)
        return [item for _, item in sorted(chosen.values(), key=lambda e: e[0])]

    def attributes(self) -> dict[str, Any]:
        dates = sorted(d for d in self.date_counts if d != UNDATED)
        return {
            "count": self.count,
            "evidence": self._selected(),
            "first_date": dates[0] if dates else None,
            "last_date": dates[-1] if dates else None,
            "date_counts": dict(sorted(self.date_counts.items())),
        }


def _first(entries: list, n: int, *, latest: bool = False) -> list:
    """The ``n`` earliest (or latest) entries by their order key, earliest first."""
    return sorted(entries, key=lambda e: e[0], reverse=latest)[:n]


def build_graph(
    records: Iterable[DocRecord],
    resolution: Resolution,
    *,
    window: Window = "sentence",
    max_evidence: int = 20,
) -> nx.MultiDiGraph:
    """Build the actor graph from extracted records and a corpus resolution.

    Parameters
    ----------
    records : iterable of DocRecord
        What extraction produced for each article (any order: the graph is the same).
    resolution : Resolution
        Maps mention keys to actors; mentions whose key has no actor are ignored.
    window : {"sentence", "paragraph", "document"}
        Two actors mentioned inside the same window are co-mentioned.
    max_evidence : int
        Evidence items stored per link; ``count`` always holds the true total.

    Returns
    -------
    nx.MultiDiGraph
        Nodes and edges carrying the attributes listed in this module's docstring.

    Examples
    --------
    >>> from graphkit.records import Actor, Article, Mention
    >>> art = Article("a1", "Sudan accused Chad.", date="2023-05-01")
    >>> ms = (Mention("a1", 0, 0, 0, 5, "Sudan", "GPE", "Sudan", "state"),
    ...       Mention("a1", 0, 0, 14, 18, "Chad", "GPE", "Chad", "state"))
    >>> rel = Relation("a1", 0, "Sudan", "Chad", "oppose", "accuse", -2.0,
    ...                "accused", "Sudan accused Chad.")
    >>> rec = DocRecord(art, ("Sudan accused Chad.",), (0,), ms, (rel,))
    >>> res = Resolution((Actor("Chad", "state", ("Chad",), 1, 1),
    ...                   Actor("Sudan", "state", ("Sudan",), 1, 1)),
    ...                  {"Sudan": "Sudan", "Chad": "Chad"})
    >>> G = build_graph([rec], res)
    >>> sorted(G.edges(keys=True))
    [('Chad', 'Sudan', 'co_mention'), ('Sudan', 'Chad', 'oppose')]
    >>> G.edges["Sudan", "Chad", "oppose"]["sign"]
    -1
    """
    builder = GraphBuilder(
        resolution.actor_of, window=window, max_evidence=max_evidence
    )
    for rec in records:  # one pass, so records may stream from a store
        builder.add(rec)
    return builder.graph(resolution.actors)


class GraphBuilder:
    """The actor graph, built one record at a time (:func:`build_graph` in steps).

    Records stream through :meth:`add`, which keeps each link's counts and
    bounded evidence, never the records; :meth:`graph` then makes the graph
    of the actors given. A link whose ends are not both among them is left
    out, so the actors may be settled after the records were read (as
    corrections settle them, see :class:`graphkit.graph.corrected.CorrectionDraft`).

    Parameters
    ----------
    actor_of : dict
        Mention key -> actor id; mentions whose key has no actor are ignored.
    window, max_evidence
        As for :func:`build_graph`.
    """

    def __init__(
        self,
        actor_of: dict[str, str],
        *,
        window: Window = "sentence",
        max_evidence: int = 20,
    ) -> None:
        if window not in WINDOWS:
            raise ValueError(f"window must be one of {WINDOWS}, not {window!r}")
        limit = max_evidence
        self.actor_of, self.window = actor_of, window
        self.comention: dict[tuple[str, str], _Tie] = defaultdict(lambda: _Tie(limit))
        self.stance: dict[tuple[str, str, str], _Tie] = defaultdict(lambda: _Tie(limit))
        self.affiliation: dict[tuple[str, str], _Tie] = defaultdict(lambda: _Tie(limit))
        self.units_with: Counter = Counter()
        self.total_units = 0
        self.dates: Counter = Counter()

    def graph(self, actors: Iterable[Actor]) -> nx.MultiDiGraph:
        """The graph of ``actors`` and the links between them added so far."""
        G = nx.MultiDiGraph(
            documents=sum(self.dates.values()),
            undated=self.dates[UNDATED],
            date_counts=dict(sorted(self.dates.items())),
            window=self.window,
        )
        for actor in sorted(actors, key=lambda a: a.id):
            G.add_node(
                actor.id,
                label=actor.id,
                type=actor.kind,
                aliases=sorted(actor.aliases),
                mentions=actor.mentions,
                documents=actor.documents,
                country=actor.country,
                written=list(actor.written),
            )
        _add_comention_edges(G, self)
        _add_stance_edges(G, self)
        _add_affiliation_edges(G, self)
        return G

    def add(self, rec: DocRecord) -> None:
        """Count the links of one record."""
        self.dates[rec.article.date or UNDATED] += 1
        for unit in _window_units(rec, self.actor_of, self.window):
            self.total_units += 1
            self.units_with.update(unit.keys())
            for u, v in combinations(sorted(unit), 2):
                sents = (unit[u][0], unit[v][0])
                self.comention[u, v].add(_order(rec, min(sents)), _evidence(rec, sents))
        for rel in rec.relations:
            ends = _resolve_relation(rel, self.actor_of)
            if ends is None:
                continue
            tie = self.stance[(*ends, rel.polarity)]
            tie.intensity += rel.intensity
            tie.kinds.add(rel.kind)
            tie.confidence_counts[rel.confidence] += 1
            tie.confidence_weights[rel.confidence] += abs(rel.intensity)
            item = _evidence(
                rec, [rel.sent], cue=rel.cue, confidence=rel.confidence, basis=rel.basis
            )
            item["sentence"] = rel.sentence
            tie.add(_order(rec, rel.sent), item, weight=abs(rel.intensity))
        for aff in rec.affiliations:
            ends = _resolve_relation(aff, self.actor_of)
            if ends is None:
                continue
            tie = self.affiliation[ends]
            tie.kinds.add(aff.role)
            item = _evidence(rec, [aff.sent], role=aff.role)
            item["sentence"] = aff.sentence
            tie.add(_order(rec, aff.sent), item)


def _window_units(rec: DocRecord, actor_of: dict[str, str], window: Window):
    """Yield, for each window of ``rec``, the sentence indices of each actor in it."""
    units: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for m in rec.mentions:
        actor = actor_of.get(m.key)
        if actor is None:
            continue
        unit = {"sentence": m.sent, "paragraph": m.paragraph, "document": 0}[window]
        units[unit][actor].append(m.sent)
    for unit in sorted(units):
        yield units[unit]


def _evidence(rec: DocRecord, sents: Iterable[int], **extra: Any) -> dict[str, Any]:
    order = sorted(set(sents))
    text = " … ".join(rec.sentences[i] for i in order)
    art = rec.article
    item = {"doc": art.id, "title": art.title, "sentence": text, "date": art.date}
    if art.url:
        item["url"] = art.url
    if art.source and art.source != art.url:
        item["source"] = art.source
    if order[-1] < rec.headline:
        extra["headline"] = True
    return {**item, **extra}


def _order(rec: DocRecord, sent: int) -> tuple:
    """Sort key of an evidence item: dated first, then by date, article, sentence."""
    return (rec.article.date is None, rec.article.date or "", rec.article.id, sent)


def _among(G: nx.MultiDiGraph, links: Mapping[tuple, _Tie]) -> list[tuple[tuple, _Tie]]:
    """The ``links`` between two nodes of ``G``, sorted."""
    return sorted((e, tie) for e, tie in links.items() if e[0] in G and e[1] in G)


def _add_comention_edges(G: nx.MultiDiGraph, ties: GraphBuilder) -> None:
    units_with = ties.units_with
    for (u, v), tie in _among(G, ties.comention):
        G.add_edge(
            u,
            v,
            key="co_mention",
            relation="co_mention",
            weight=tie.count,
            jaccard=tie.count / (units_with[u] + units_with[v] - tie.count),
            npmi=_npmi(tie.count, units_with[u], units_with[v], ties.total_units),
            **tie.attributes(),
        )


def _npmi(joint: int, n_u: int, n_v: int, total: int) -> float:
    """Normalised pointwise mutual information of two actors' windows, in [-1, 1]."""
    if joint == total:
        return 1.0
    p_uv, p_u, p_v = joint / total, n_u / total, n_v / total
    return round(math.log(p_uv / (p_u * p_v)) / -math.log(p_uv), 6)


def _add_stance_edges(G: nx.MultiDiGraph, ties: GraphBuilder) -> None:
    for (u, v, polarity), tie in _among(G, ties.stance):
        G.add_edge(
            u,
            v,
            key=polarity,
            relation=polarity,
            weight=round(tie.weight, 6),
            intensity=round(tie.intensity, 6),
            sign=1 if polarity == "support" else -1,
            kinds=sorted(tie.kinds),
            date_weights={d: round(w, 6) for d, w in sorted(tie.date_weights.items())},
            confidence_counts=_by_level(tie.confidence_counts),
            confidence_weights={
                k: round(w, 6) for k, w in _by_level(tie.confidence_weights).items()
            },
            **tie.attributes(),
        )


def _by_level(counter: Mapping[str, float]) -> dict[str, Any]:
    return {level: counter[level] for level in CONFIDENCES if counter.get(level)}


def at_confidence(
    G: nx.MultiDiGraph, minimum: Confidence = DEFAULT_CONFIDENCE
) -> nx.MultiDiGraph:
    """A copy of ``G`` whose stance links count only evidence at least as sure as
    ``minimum`` (``"explicit"`` < ``"reported"`` < ``"inferred"``).

    A link's ``count``, ``weight`` and ``intensity`` are recounted from its
    ``confidence_counts`` and ``confidence_weights``, its stored evidence keeps
    the items at those levels, and a link left without evidence is dropped. Links
    of graphs written before these fields existed are kept as they are.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("A", "B", key="oppose", relation="oppose", weight=5.0,
    ...            intensity=-5.0, sign=-1, count=2, evidence=[],
    ...            confidence_counts={"explicit": 1, "inferred": 1},
    ...            confidence_weights={"explicit": 3.0, "inferred": 2.0})
    'oppose'
    >>> at_confidence(G)["A"]["B"]["oppose"]["weight"]
    3.0
    >>> at_confidence(G, "explicit").number_of_edges()
    1
    """
    if minimum not in CONFIDENCES:
        raise ValueError(f"minimum must be one of {CONFIDENCES}, not {minimum!r}")
    allowed = CONFIDENCES[: CONFIDENCES.index(minimum) + 1]
    H = G.copy()
    for u, v, key, d in list(H.edges(keys=True, data=True)):
        counts = d.get("confidence_counts")
        if d.get("relation") not in ("support", "oppose") or counts is None:
            continue
        count = sum(counts.get(level, 0) for level in allowed)
        if not count:
            H.remove_edge(u, v, key)
            continue
        weights = d.get("confidence_weights", {})
        weight = round(sum(weights.get(level, 0.0) for level in allowed), 6)
        H.edges[u, v, key].update(
            count=count,
            weight=weight,
            intensity=weight * d.get("sign", 1),
            evidence=[
                e
                for e in d.get("evidence", [])
                if e.get("confidence", "explicit") in allowed
            ],
        )
    return H


def _add_affiliation_edges(G: nx.MultiDiGraph, ties: GraphBuilder) -> None:
    for (u, v), tie in _among(G, ties.affiliation):
        G.add_edge(
            u,
            v,
            key="affiliation",
            relation="affiliation",
            weight=tie.count,
            roles=sorted(tie.kinds),
            **tie.attributes(),
        )


def _resolve_relation(
    rel: Relation | Affiliation, actor_of: dict[str, str]
) -> tuple[str, str] | None:
    source, target = actor_of.get(rel.source), actor_of.get(rel.target)
    if source is None or target is None or source == target:
        return None
    return source, target
