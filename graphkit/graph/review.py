"""Which ties to check first: heavy, central ties that rest on thin evidence."""

from __future__ import annotations

from collections import Counter
from typing import Any

import networkx as nx

from graphkit.graph.metrics import layer, pagerank

__all__ = ["CONFIDENCE_WEIGHTS", "review_ties"]

RELATIONS = ("all", "co_mention", "support", "oppose")
# How much one evidence item vouches for a tie, by how directly the text states it.
CONFIDENCE_WEIGHTS = {"explicit": 1.0, "reported": 0.6, "inferred": 0.3}
SHORT = 100


def _support(data: dict[str, Any]) -> float:
    """How well a tie is vouched for: its distinct articles, scaled by confidence.

    The confidence mix is the link's ``confidence_counts`` (all its evidence)
    when it has them, else that of its stored evidence items.
    """
    evidence = data.get("evidence") or []
    documents = len({item.get("doc") for item in evidence}) or 1
    levels = data.get("confidence_counts") or Counter(
        item.get("confidence", "explicit") for item in evidence
    )
    total = sum(levels.values())
    if not total:
        return float(documents)
    sure = sum(CONFIDENCE_WEIGHTS.get(k, 1.0) * n for k, n in levels.items())
    return documents * sure / total


def _short(text: str) -> str:
    return text if len(text) <= SHORT else text[: SHORT - 1].rstrip() + "…"


def review_ties(
    G: nx.MultiDiGraph,
    *,
    relation: str = "all",
    top: int | None = None,
    weight: str = "weight",
) -> list[dict[str, Any]]:
    """Rank the ties of ``G`` by how much a wrong one would mislead, per evidence.

    A tie's ``score`` is ``share * impact / support``: ``share`` its weight
    over the heaviest of its relation (so co-mention counts and stance
    intensities compare); ``impact`` the PageRank its two ends draw from it
    (each end's PageRank on all links times the tie's part of that end's
    weighted degree); ``support`` the number of articles among its evidence,
    times the mean of :data:`CONFIDENCE_WEIGHTS` over its evidence items when
    they say how directly the text states them. Heavy ties between central
    actors that rest on one article come first; ties an analyst already
    corrected (see :mod:`graphkit.graph.corrections`) come last. Scores are
    scaled so that the highest of ``G`` is 1.

    Parameters
    ----------
    G : nx.MultiDiGraph
        A graphkit graph. Not modified.
    relation : {"all", "co_mention", "support", "oppose"}
        Which ties to rank.
    top : int, optional
        Only the ``top`` first.
    weight : str
        Link attribute used as tie strength.

    Returns
    -------
    list of dict
        ``rank``, ``source``, ``target``, ``relation``, ``weight``, ``count``,
        ``documents``, ``score``, ``corrected`` (corrections made to the tie),
        and the first evidence item's ``doc`` and ``evidence`` sentence
        (shortened), in that order.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> ev = lambda *docs: [{"doc": d, "sentence": "..."} for d in docs]
    >>> _ = G.add_edge("a", "b", key="oppose", relation="oppose", weight=8,
    ...                count=1, evidence=ev("d1"))
    >>> _ = G.add_edge("b", "c", key="oppose", relation="oppose", weight=2,
    ...                count=4, evidence=ev("d1", "d2", "d3", "d4"))
    >>> [(t["source"], t["target"]) for t in review_ties(G)]
    [('a', 'b'), ('b', 'c')]
    """
    if relation not in RELATIONS:
        raise ValueError(f"relation must be one of {RELATIONS}, not {relation!r}")
    ranks = pagerank(G, weight=weight)
    strength = dict(layer(G, weight=weight).degree(weight=weight))
    heaviest: dict[str, float] = {}
    for _, _, data in G.edges(data=True):
        kind = data.get("relation", "")
        heaviest[kind] = max(heaviest.get(kind, 0.0), float(data.get(weight, 1)))
    rows = []
    for u, v, data in G.edges(data=True):
        kind = data.get("relation", "")
        if relation not in ("all", kind) or u == v:
            continue
        w = float(data.get(weight, 1))
        impact = sum(
            ranks.get(end, 0.0) * w / strength[end]
            for end in (u, v)
            if strength.get(end)
        )
        share = w / heaviest[kind] if heaviest[kind] else 0.0
        evidence = (data.get("evidence") or [{}])[0]
        rows.append(
            {
                "source": u,
                "target": v,
                "relation": kind,
                "weight": data.get(weight, 1),
                "count": data.get("count", 1),
                "documents": len({e.get("doc") for e in data.get("evidence") or []}),
                "score": share * impact / _support(data),
                "corrected": len(data.get("corrections") or []),
                "doc": evidence.get("doc", ""),
                "evidence": _short(evidence.get("sentence", "")),
            }
        )
    best = max((r["score"] for r in rows), default=0.0) or 1.0
    for row in rows:
        row["score"] = round(row["score"] / best, 4)
    rows.sort(
        key=lambda r: (
            r["corrected"] > 0,
            -r["score"],
            r["source"],
            r["target"],
            r["relation"],
        )
    )
    return [{"rank": i, **row} for i, row in enumerate(rows[:top], start=1)]
