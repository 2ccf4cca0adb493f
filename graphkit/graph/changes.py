"""What changed between two graphs: ties that appeared, vanished or flipped."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from typing import Any

import networkx as nx

from graphkit.graph.io import markdown_safe
from graphkit.graph.metrics import pagerank

__all__ = ["DIFF_KEYS", "diff_graphs", "diff_markdown", "changes_markdown"]

DIFF_KEYS = ("appeared", "vanished", "flipped", "rising", "falling")
STANCES = ("support", "oppose")


def _ties(G: nx.MultiDiGraph) -> dict[tuple[str, str, str], dict[str, Any]]:
    """Links of ``G`` by (source, target, relation); co-mention pairs sorted."""
    ties = {}
    for u, v, key, data in G.edges(keys=True, data=True):
        relation = data.get("relation", key)
        if relation == "co_mention":
            u, v = sorted((u, v))
        ties[u, v, relation] = data
    return ties


def _tie(
    key: tuple[str, str, str], data: Mapping[str, Any], **extra: Any
) -> dict[str, Any]:
    """One tie of a diff: its ends, relation, first date and first evidence sentence."""
    evidence = sorted(data.get("evidence") or [], key=lambda e: e.get("date") or "~")
    first = evidence[0] if evidence else {}
    source, target, relation = key
    return {
        "source": source,
        "target": target,
        "relation": relation,
        **extra,
        "date": data.get("first_date") or first.get("date"),
        "weight": data.get("weight", 0),
        "count": data.get("count", 0),
        "doc": first.get("doc"),
        "sentence": first.get("sentence", ""),
    }


def _majorities(
    ties: Mapping[tuple[str, str, str], Mapping],
) -> dict[tuple[str, str], str]:
    """The stance with more weight for each directed pair (equal weights omitted)."""
    weights: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for (u, v, relation), data in ties.items():
        if relation in STANCES:
            weights[u, v][relation] += data.get("weight", 0)
    return {
        pair: "support" if w["support"] > w["oppose"] else "oppose"
        for pair, w in weights.items()
        if w["support"] != w["oppose"]
    }


def _ranked(items: list[dict], top: int | None, key) -> list[dict]:
    return sorted(items, key=key)[:top]


def _strongest(tie: dict[str, Any]) -> tuple:
    """Stance ties before co-mentions, then heaviest first, then by name."""
    is_comention = tie["relation"] == "co_mention"
    return (is_comention, -tie["weight"], tie["source"], tie["target"], tie["relation"])


def diff_graphs(
    old: nx.MultiDiGraph, new: nx.MultiDiGraph, *, top: int | None = 10
) -> dict[str, list[dict[str, Any]]]:
    """Say what changed between two graphs: ties that appeared, vanished or flipped.

    A tie is a (source, target, relation) link. It *appeared* if only ``new`` has
    it and *vanished* if only ``old`` has it. A directed pair *flipped* if its
    majority stance by weight (support vs oppose) differs between the graphs.
    ``rising`` / ``falling`` are the actors whose PageRank (on the graph collapsed
    to weighted arcs, co-mentions both ways) grew / shrank the most.

    Parameters
    ----------
    old, new : nx.MultiDiGraph
        Two graphkit graphs, e.g. the halves from
        :func:`graphkit.graph.time.split_graph`.
    top : int or None
        Longest list kept under each key; None keeps all. Ties are ranked stance
        (support/oppose) before co-mention, then by weight.

    Returns
    -------
    dict
        Keys ``appeared``, ``vanished``, ``flipped``, ``rising``, ``falling``. A
        tie has ``source``, ``target``, ``relation``, ``date`` (its first dated
        evidence in its period), ``weight``, ``count``, ``doc`` and ``sentence``
        (its first evidence: in ``new``, or in ``old`` for vanished ties); a
        flipped tie also has ``from``, the old majority. An actor entry has
        ``actor``, ``change``, ``old`` and ``new`` (PageRank).

    Examples
    --------
    >>> old, new = nx.MultiDiGraph(), nx.MultiDiGraph()
    >>> _ = old.add_edge("A", "B", key="support", relation="support", weight=2)
    >>> _ = new.add_edge("A", "B", key="oppose", relation="oppose", weight=3)
    >>> d = diff_graphs(old, new)
    >>> [(t["source"], t["target"], t["from"], t["relation"]) for t in d["flipped"]]
    [('A', 'B', 'support', 'oppose')]
    """
    old_ties, new_ties = _ties(old), _ties(new)
    old_major, new_major = _majorities(old_ties), _majorities(new_ties)
    flipped = [
        _tie(
            (*pair, new_major[pair]),
            new_ties[(*pair, new_major[pair])],
            **{"from": old_major[pair]},
        )
        for pair in old_major.keys() & new_major.keys()
        if old_major[pair] != new_major[pair]
    ]
    old_rank, new_rank = pagerank(old), pagerank(new)
    changes: list[dict[str, Any]] = [
        {
            "actor": a,
            "change": round(new_rank.get(a, 0.0) - old_rank.get(a, 0.0), 6),
            "old": round(old_rank.get(a, 0.0), 6),
            "new": round(new_rank.get(a, 0.0), 6),
        }
        for a in old_rank.keys() | new_rank.keys()
    ]
    return {
        "appeared": _ranked(
            [_tie(k, new_ties[k]) for k in new_ties.keys() - old_ties.keys()],
            top,
            _strongest,
        ),
        "vanished": _ranked(
            [_tie(k, old_ties[k]) for k in old_ties.keys() - new_ties.keys()],
            top,
            _strongest,
        ),
        "flipped": _ranked(flipped, top, _strongest),
        "rising": _ranked(
            [c for c in changes if c["change"] > 0],
            top,
            lambda c: (-c["change"], c["actor"]),
        ),
        "falling": _ranked(
            [c for c in changes if c["change"] < 0],
            top,
            lambda c: (c["change"], c["actor"]),
        ),
    }


def _shorten(text: str, limit: int = 240) -> str:
    """One line of at most ``limit`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _tie_line(tie: Mapping[str, Any]) -> str:
    arrow = "–" if tie["relation"] == "co_mention" else "→"
    what = f"{tie['from']} → {tie['relation']}" if "from" in tie else tie["relation"]
    when = f", {tie['date']}" if tie.get("date") else ""
    quote = f": “{_shorten(tie['sentence'])}”" if tie.get("sentence") else ""
    return f"- **{tie['source']}** {arrow} **{tie['target']}** ({what}{when}){quote}"


def diff_markdown(diff: Mapping[str, list[dict[str, Any]]], *, level: int = 2) -> str:
    """Render a :func:`diff_graphs` result as Markdown, one section per key.

    HTML in names and sentences is escaped (:func:`~graphkit.graph.io.markdown_safe`).

    Examples
    --------
    >>> print(diff_markdown({"appeared": [], "vanished": [], "flipped": [],
    ...                      "rising": [{"actor": "A", "change": 0.1}], "falling": []}))
    ... # doctest: +ELLIPSIS
    ## Appeared
    <BLANKLINE>
    _none_
    ...
    ## Rising (PageRank)
    <BLANKLINE>
    - **A** +0.1
    ...
    """
    hashes = "#" * level
    titles = {
        "appeared": "Appeared",
        "vanished": "Vanished",
        "flipped": "Flipped",
        "rising": "Rising (PageRank)",
        "falling": "Falling (PageRank)",
    }
    parts = []
    for key in DIFF_KEYS:
        items = diff.get(key) or []
        if key in ("rising", "falling"):
            lines = [f"- **{c['actor']}** {c['change']:+}" for c in items]
        else:
            lines = [_tie_line(t) for t in items]
        parts.append(
            f"{hashes} {titles[key]}\n\n" + ("\n".join(lines) or "_none_") + "\n"
        )
    return markdown_safe("\n".join(parts))


def changes_markdown(
    graphs: Mapping[str, nx.MultiDiGraph], *, top: int | None = 10
) -> str:
    """Diff each period's graph against the one before, as one Markdown document.

    ``graphs`` maps period names to graphs in date order, as
    :func:`graphkit.graph.time.periods` returns.

    Examples
    --------
    >>> old, new = nx.MultiDiGraph(), nx.MultiDiGraph()
    >>> _ = new.add_edge("A", "B", key="support", relation="support", weight=2)
    >>> print(changes_markdown({"2020-01": old, "2020-03": new}).splitlines()[2])
    ## 2020-03 (since 2020-01)
    """
    names = list(graphs)
    parts = ["# What changed, period by period\n"]
    if len(names) < 2:
        parts.append("_Fewer than two dated periods: nothing to compare._\n")
    for before, after in zip(names, names[1:], strict=False):
        diff = diff_graphs(graphs[before], graphs[after], top=top)
        parts.append(f"## {after} (since {before})\n\n" + diff_markdown(diff, level=3))
    return "\n".join(parts)
