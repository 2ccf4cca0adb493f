"""Who stands with whom: communities, signed blocs, balance, ties and their evidence."""

from __future__ import annotations

import difflib
import random
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from itertools import combinations, count
from typing import Any

import networkx as nx

from graphkit.errors import AmbiguousActor, UnknownActor
from graphkit.graph.metrics import layer

__all__ = [
    "STANCE",
    "actor_key",
    "find_actor",
    "communities",
    "blocs",
    "frustration",
    "bloc_ties",
    "balance",
    "allies",
    "adversaries",
    "comentioned",
    "why",
    "summarise",
    "summary",
]

STANCE = ("support", "oppose")
RELATION_ORDER = ("support", "oppose", "co_mention")
Pair = tuple[str, str]
_NON_WORD = re.compile(r"[\W_]+")


def actor_key(name: str) -> str:
    """Return the form of ``name`` that actor lookups compare.

    Case-folded, accents dropped (NFKD, combining marks removed), every run of
    characters that are neither letters nor digits turned into one space.

    Examples
    --------
    >>> actor_key("  Éloïse  DURAND "), actor_key("al-Rahim"), actor_key("U.N.")
    ('eloise durand', 'al rahim', 'u n')
    """
    decomposed = unicodedata.normalize("NFKD", str(name).casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_NON_WORD.sub(" ", plain).split())


def _names(G: nx.MultiDiGraph, node: str) -> list[str]:
    data = G.nodes[node]
    return [node, data.get("label") or node, *(data.get("aliases") or [])]


def _by_prominence(G: nx.MultiDiGraph, nodes: Iterable[str]) -> list[str]:
    """``nodes`` most mentioned first, then by name."""
    return sorted(set(nodes), key=lambda n: (-(G.nodes[n].get("mentions") or 0), n))


def find_actor(G: nx.MultiDiGraph, name: str) -> str:
    """Return the node of ``G`` that ``name`` designates.

    Every command and the HTML page's search look actors up with these rules,
    tried in order; the first rule that matches decides:

    1. ``name`` is a node id, exactly.
    2. ``name`` equals the id, label or an alias of one node, compared by
       :func:`actor_key` (case, accents, punctuation and spacing ignored:
       ``"eloise durand"`` finds ``"Éloïse Durand"``, ``"al rahim"`` finds
       ``"al-Rahim"``).
    3. The same with the spaces removed too (``"UN"`` finds ``"U.N."``).
    4. Every word of ``name`` is a word of the id, label or an alias of the
       node (``"Durand"`` finds ``"Éloïse Durand"``, ``"durand eloise"``
       finds it too).

    A rule that matches several actors is an error listing them (most mentioned
    first); when no rule matches, the error suggests up to three actors whose
    name, or a word of it, is close to ``name`` (difflib, ratio 0.6).

    Raises
    ------
    AmbiguousActor
        If the first rule that matches matches several actors.
    UnknownActor
        If nothing matches; the message suggests the closest names.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("Rapid Support Forces", aliases=["RSF"])
    >>> G.add_node("Sudan", aliases=[])
    >>> G.add_node("Amina Okafor", aliases=["Okafor"], mentions=9)
    >>> G.add_node("Tomas Okafor", aliases=[], mentions=2)
    >>> find_actor(G, "rsf"), find_actor(G, "forces")
    ('Rapid Support Forces', 'Rapid Support Forces')
    >>> find_actor(G, "OKAFOR"), find_actor(G, "tomas")
    ('Amina Okafor', 'Tomas Okafor')
    >>> find_actor(G, "Sudann")
    Traceback (most recent call last):
    ...
    graphkit.errors.UnknownActor: Unknown actor 'Sudann'. Did you mean: Sudan?
    """
    if name in G:
        return name
    wanted = actor_key(name)
    if not wanted:
        raise UnknownActor("Give an actor name; an empty name matches no actor.")
    keys = {node: {actor_key(n) for n in _names(G, node)} for node in G}
    rules = (
        lambda node: wanted in keys[node],
        lambda node: (
            wanted.replace(" ", "") in {k.replace(" ", "") for k in keys[node]}
        ),
        lambda node: any(set(wanted.split()) <= set(k.split()) for k in keys[node]),
    )
    for rule in rules:
        found = _by_prominence(G, filter(rule, G))
        if len(found) == 1:
            return found[0]
        if found:
            shown = ", ".join(found[:8]) + (" ..." if len(found) > 8 else "")
            raise AmbiguousActor(
                f"{name!r} matches {len(found)} actors: {shown}; give more of the name."
            )
    by_key: dict[str, list[str]] = defaultdict(list)
    for node in _by_prominence(G, G):
        for key in dict.fromkeys(w for k in keys[node] for w in [k, *k.split()]):
            by_key[key].append(node)
    close = difflib.get_close_matches(wanted, by_key, n=8, cutoff=0.6)
    suggestions = list(dict.fromkeys(n for c in close for n in by_key[c]))[:3]
    if suggestions:
        raise UnknownActor(
            f"Unknown actor {name!r}. Did you mean: {', '.join(suggestions)}?"
        )
    raise UnknownActor(
        f"Unknown actor {name!r}, and no actor has a similar name; "
        f"list the actors with `graphkit centrality GRAPH.json`."
    )


def _undirected(G: nx.MultiDiGraph, relations: Iterable[str], weight: str) -> nx.Graph:
    """Sum the ``weight`` of the links of ``relations`` per unordered pair."""
    relations = set(relations)
    H = nx.Graph()
    H.add_nodes_from(sorted(G))
    for u, v, data in G.edges(data=True):
        if data.get("relation") in relations and u != v:
            old = H.get_edge_data(u, v, default={}).get(weight, 0)
            H.add_edge(u, v, **{weight: old + data.get(weight, 1)})
    return H


def communities(
    G: nx.MultiDiGraph,
    *,
    resolution: float = 1.0,
    seed: int | None = None,
    weight: str = "weight",
) -> list[frozenset[str]]:
    """Return Louvain communities of the co-mention plus support layer.

    Largest first, ties broken by the smallest member name. Every actor is in
    exactly one community (isolated actors form their own).

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> for a, b in [("a", "b"), ("b", "c"), ("a", "c"), ("x", "y")]:
    ...     _ = G.add_edge(a, b, key="co_mention", relation="co_mention", weight=3)
    >>> [sorted(c) for c in communities(G, seed=1)]
    [['a', 'b', 'c'], ['x', 'y']]
    """
    H = _undirected(G, ("co_mention", "support"), weight)
    found = nx.community.louvain_communities(
        H, weight=weight, resolution=resolution, seed=seed
    )
    return sorted((frozenset(c) for c in found), key=lambda c: (-len(c), min(c)))


def _signed_pairs(G: nx.MultiDiGraph, weight: str) -> dict[str, dict[str, list[float]]]:
    """Map each actor to {neighbour: [support, oppose]} summed over both directions."""
    pairs: dict[str, dict[str, list[float]]] = defaultdict(dict)
    for u, v, data in G.edges(data=True):
        relation = data.get("relation")
        if relation not in STANCE or u == v:
            continue
        slot = STANCE.index(relation)
        for a, b in ((u, v), (v, u)):
            pairs[a].setdefault(b, [0.0, 0.0])[slot] += data.get(weight, 1)
    return pairs


def _with_affiliations(
    G: nx.MultiDiGraph, pairs: dict[str, dict[str, list[float]]]
) -> dict[str, dict[str, list[float]]]:
    """Add each affiliation of an actor with stance links as a strong support."""
    strength = max(
        (max(s, o) for nbrs in pairs.values() for s, o in nbrs.values()), default=0.0
    )
    stanced = set(pairs)
    for u, v, data in G.edges(data=True):
        if data.get("relation") != "affiliation" or u == v:
            continue
        if u in stanced or v in stanced:
            for a, b in ((u, v), (v, u)):
                pairs[a].setdefault(b, [0.0, 0.0])[0] += strength
    return pairs


def _cost(pairs: dict[str, dict[str, list[float]]], bloc_of: dict[str, int]) -> float:
    """Total weight of support across blocs plus opposition inside them."""
    total = 0.0
    for u, nbrs in pairs.items():
        for v, (support, oppose) in nbrs.items():
            total += oppose if bloc_of[u] == bloc_of[v] else support
    return total / 2


def _local_search(
    pairs: dict[str, dict[str, list[float]]], order: list[str]
) -> dict[str, int]:
    """Move single actors to the bloc they agree with most until nothing improves."""
    start = _undirected_net(pairs)
    bloc_of = {
        n: i for i, comp in enumerate(nx.connected_components(start)) for n in comp
    }
    fresh = count(len(bloc_of))
    for _ in range(100):
        moved = False
        for node in order:
            gain: dict[int, float] = defaultdict(float)
            for other, (support, oppose) in pairs[node].items():
                gain[bloc_of[other]] += support - oppose
            current = gain[bloc_of[node]]
            best = max(gain, key=lambda b: (gain[b], -b))
            if gain[best] > current + 1e-12:
                bloc_of[node], moved = best, True
            elif current < -1e-12:
                bloc_of[node], moved = next(fresh), True
        if not moved:
            break
    return bloc_of


def _undirected_net(pairs: dict[str, dict[str, list[float]]]) -> nx.Graph:
    """The graph of pairs whose support outweighs their opposition."""
    H = nx.Graph()
    H.add_nodes_from(pairs)
    H.add_edges_from(
        (u, v)
        for u, nbrs in pairs.items()
        for v, (support, oppose) in nbrs.items()
        if support > oppose
    )
    return H


def blocs(
    G: nx.MultiDiGraph,
    *,
    seed: int | None = None,
    weight: str = "weight",
    restarts: int = 8,
) -> list[frozenset[str]]:
    """Partition actors with stance links into blocs: support inside, opposition across.

    A correlation-clustering heuristic: start from the groups joined by net
    support, then move single actors to the bloc whose members they support
    most (or out on their own when they oppose their bloc on balance) until no
    move lowers the frustration, the weight of support across blocs plus
    opposition inside them. ``restarts`` visiting orders shuffled with ``seed``
    are tried and the least frustrated partition kept. The number of blocs is
    not fixed. Actors with no support or oppose link are left out. Largest
    blocs first, ties broken by the smallest member name.

    An affiliation (a leader and their party) is a strong tie: it counts as
    support as heavy as the heaviest stance pair of the graph, so a leader
    stays with their party unless the text sets them against it; the party
    joins its leader's bloc even when it has no stance link of its own.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("a", "b", key="support", relation="support", weight=2)
    >>> _ = G.add_edge("c", "d", key="support", relation="support", weight=2)
    >>> _ = G.add_edge("a", "c", key="oppose", relation="oppose", weight=5)
    >>> [sorted(b) for b in blocs(G, seed=0)]
    [['a', 'b'], ['c', 'd']]
    >>> _ = G.add_edge("b", "p", key="affiliation", relation="affiliation", weight=1)
    >>> [sorted(b) for b in blocs(G, seed=0)]
    [['a', 'b', 'p'], ['c', 'd']]
    """
    pairs = _with_affiliations(G, _signed_pairs(G, weight))
    rng = random.Random(seed)
    best: tuple[float, list[list[str]]] | None = None
    for attempt in range(max(restarts, 1)):
        order = sorted(pairs)
        if attempt:
            rng.shuffle(order)
        bloc_of = _local_search(pairs, order)
        groups: dict[int, list[str]] = defaultdict(list)
        for node in sorted(bloc_of):
            groups[bloc_of[node]].append(node)
        candidate = (
            _cost(pairs, bloc_of),
            sorted(groups.values(), key=lambda g: (-len(g), g)),
        )
        if best is None or candidate < best:
            best = candidate
    return [frozenset(group) for group in (best[1] if best else [])]


def _bloc_index(partition: list[frozenset[str]]) -> dict[str, int]:
    return {node: i for i, group in enumerate(partition) for node in group}


def _link(u: str, v: str, data: dict[str, Any], weight: str) -> dict[str, Any]:
    """A link as plain data for reports."""
    return {
        "source": u,
        "target": v,
        "relation": data.get("relation"),
        "weight": data.get(weight, 1),
        "count": data.get("count", 1),
        "evidence": list(data.get("evidence") or []),
    }


def _stance_links(G: nx.MultiDiGraph, weight: str) -> list[dict[str, Any]]:
    links = [
        _link(u, v, d, weight)
        for u, v, d in G.edges(data=True)
        if d.get("relation") in STANCE
    ]
    return sorted(
        links, key=lambda x: (-x["weight"], x["source"], x["target"], x["relation"])
    )


def frustration(
    G: nx.MultiDiGraph, partition: list[frozenset[str]], *, weight: str = "weight"
) -> list[dict[str, Any]]:
    """Return the stance links that break ``partition``, heaviest first, with evidence.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("a", "b", key="oppose", relation="oppose", weight=1)
    >>> [(x["source"], x["target"]) for x in frustration(G, [frozenset("ab")])]
    [('a', 'b')]
    """
    bloc_of = _bloc_index(partition)
    broken = []
    for link in _stance_links(G, weight):
        same = bloc_of.get(link["source"], -1) == bloc_of.get(link["target"], -2)
        if same == (link["relation"] == "oppose"):
            broken.append(link)
    return broken


def bloc_ties(
    G: nx.MultiDiGraph,
    partition: list[frozenset[str]],
    *,
    top: int = 5,
    weight: str = "weight",
) -> dict[str, list[dict[str, Any]]]:
    """Return the strongest support links inside blocs and oppose links across them."""
    bloc_of = _bloc_index(partition)
    inside, across = [], []
    for link in _stance_links(G, weight):
        a, b = bloc_of.get(link["source"]), bloc_of.get(link["target"])
        if a is None or b is None:
            continue
        if link["relation"] == "support" and a == b:
            inside.append(link)
        elif link["relation"] == "oppose" and a != b:
            across.append(link)
    return {"inside": inside[:top], "across": across[:top]}


def balance(
    G: nx.MultiDiGraph, *, top: int = 10, weight: str = "weight"
) -> dict[str, Any]:
    """Count balanced and unbalanced signed triangles; list the strongest unbalanced.

    A pair's sign is that of its net stance (support minus opposition, both
    directions); pairs that cancel out are skipped. A triangle is balanced when
    the product of its signs is positive ("the enemy of my enemy is my
    friend"). Unbalanced triangles are ranked by their weakest tie.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("a", "b", key="support", relation="support", weight=1)
    >>> _ = G.add_edge("b", "c", key="support", relation="support", weight=1)
    >>> _ = G.add_edge("a", "c", key="oppose", relation="oppose", weight=2)
    >>> result = balance(G)
    >>> result["balanced"], result["unbalanced"], result["most_unbalanced"][0]["actors"]
    (0, 1, ['a', 'b', 'c'])
    """
    net = {
        u: {v: s - o for v, (s, o) in nbrs.items() if s != o}
        for u, nbrs in _signed_pairs(G, weight).items()
    }
    counts = {True: 0, False: 0}
    unbalanced: list[dict[str, Any]] = []
    for u in sorted(net):
        later = sorted(v for v in net[u] if v > u)
        for v, w in combinations(later, 2):
            if w not in net[v]:
                continue
            signs = (net[u][v], net[u][w], net[v][w])
            balanced = (signs[0] > 0) == ((signs[1] > 0) == (signs[2] > 0))
            counts[balanced] += 1
            if not balanced:
                ties = [
                    [u, v, _sign(signs[0])],
                    [u, w, _sign(signs[1])],
                    [v, w, _sign(signs[2])],
                ]
                unbalanced.append(
                    {
                        "actors": [u, v, w],
                        "ties": ties,
                        "strength": min(abs(s) for s in signs),
                    }
                )
    unbalanced.sort(key=lambda t: (-t["strength"], t["actors"]))
    return {
        "balanced": counts[True],
        "unbalanced": counts[False],
        "most_unbalanced": unbalanced[:top],
    }


def _sign(value: float) -> str:
    return "support" if value > 0 else "oppose"


def _ties(
    G: nx.MultiDiGraph, actor: str, relation: str, top: int | None, weight: str
) -> list[dict[str, Any]]:
    """Aggregate ``actor``'s links of one relation per other actor."""
    node = find_actor(G, actor)
    found: dict[str, dict[str, Any]] = {}
    links = [(v, "to", d) for _, v, d in G.out_edges(node, data=True)]
    links += [(u, "from", d) for u, _, d in G.in_edges(node, data=True)]
    for other, direction, data in links:
        if data.get("relation") != relation or other == node:
            continue
        tie = found.setdefault(
            other,
            {
                "actor": other,
                "weight": 0,
                "count": 0,
                "directions": [],
                "evidence": None,
                "_best": -1,
            },
        )
        tie["weight"] += data.get(weight, 1)
        tie["count"] += data.get("count", 1)
        tie["directions"] = sorted({*tie["directions"], direction})
        if data.get("evidence") and data.get(weight, 1) > tie["_best"]:
            tie["evidence"], tie["_best"] = data["evidence"][0], data.get(weight, 1)
    ties = sorted(found.values(), key=lambda t: (-t["weight"], -t["count"], t["actor"]))
    for tie in ties:
        del tie["_best"]
        if relation == "co_mention":
            tie["directions"] = []
    return ties[:top] if top is not None else ties


def allies(
    G: nx.MultiDiGraph, actor: str, *, top: int | None = 10, weight: str = "weight"
) -> list[dict[str, Any]]:
    """Return the actors ``actor`` supports or is supported by, strongest first.

    Each tie has ``actor``, summed ``weight`` and ``count``, ``directions``
    (``to``: ``actor`` supports them; ``from``: they support ``actor``) and the
    top ``evidence`` entry of its heaviest link. ``actor`` may be any alias.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("a", "b", key="support", relation="support", weight=2, count=1,
    ...                evidence=[{"sentence": "a backed b."}])
    >>> tie = allies(G, "b")[0]
    >>> tie["actor"], tie["directions"], tie["evidence"]["sentence"]
    ('a', ['from'], 'a backed b.')
    """
    return _ties(G, actor, "support", top, weight)


def adversaries(
    G: nx.MultiDiGraph, actor: str, *, top: int | None = 10, weight: str = "weight"
) -> list[dict[str, Any]]:
    """Return the actors ``actor`` opposes or is opposed by, strongest first.

    Same fields as :func:`allies`.
    """
    return _ties(G, actor, "oppose", top, weight)


def comentioned(
    G: nx.MultiDiGraph, actor: str, *, top: int | None = 10, weight: str = "weight"
) -> list[dict[str, Any]]:
    """Return the actors mentioned together with ``actor``, most often first.

    Same fields as :func:`allies` (``directions`` is empty: co-mention is undirected).
    """
    return _ties(G, actor, "co_mention", top, weight)


def why(
    G: nx.MultiDiGraph, a: str, b: str, *, weight: str = "weight"
) -> dict[str, list[dict[str, Any]]]:
    """Return every link between actors ``a`` and ``b``, both directions, by relation.

    Keys are relations in the order support, oppose, co_mention (only those
    present); each value lists links with ``source``, ``target``, ``weight``,
    ``count`` (the true number of evidence items) and ``evidence`` (as stored,
    possibly capped). ``a`` and ``b`` may be any alias.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("a", "b", key="oppose", relation="oppose", weight=1,
    ...                evidence=[{"sentence": "a struck b."}])
    >>> why(G, "b", "a")["oppose"][0]["evidence"][0]["sentence"]
    'a struck b.'
    """
    u, v = find_actor(G, a), find_actor(G, b)
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for source, target in ((u, v), (v, u)) if u != v else ((u, v),):
        for data in (G.get_edge_data(source, target) or {}).values():
            grouped[data.get("relation", "")].append(
                _link(source, target, data, weight)
            )
    order = [r for r in RELATION_ORDER if r in grouped] + sorted(
        set(grouped) - set(RELATION_ORDER)
    )
    return {r: grouped[r] for r in order}


def summary(
    G: nx.MultiDiGraph,
    *,
    seed: int | None = None,
    resolution: float = 1.0,
    top: int = 5,
    weight: str = "weight",
) -> dict[str, Any]:
    """Gather blocs, communities, ties, frustration and balance as plain data.

    Members of each bloc and community are ranked by PageRank on the whole
    graph. This is what ``graphkit alliances`` prints and ``out/alliances.md``
    renders.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("a", "b", key="oppose", relation="oppose", weight=1)
    >>> summary(G, seed=0)["blocs"]
    [['a'], ['b']]
    """
    return summarise(
        G,
        pagerank=nx.pagerank(layer(G, "all", weight=weight), weight=weight),
        partition=blocs(G, seed=seed, weight=weight),
        groups=communities(G, resolution=resolution, seed=seed, weight=weight),
        seed=seed,
        resolution=resolution,
        top=top,
        weight=weight,
    )


def summarise(
    G: nx.MultiDiGraph,
    *,
    pagerank: Mapping[str, float],
    partition: Sequence[frozenset[str]],
    groups: Sequence[frozenset[str]],
    seed: int | None = None,
    resolution: float = 1.0,
    top: int = 5,
    weight: str = "weight",
) -> dict[str, Any]:
    """:func:`summary` from PageRank, blocs and communities computed before.

    ``partition`` comes from :func:`blocs` and ``groups`` from
    :func:`communities` with the same ``seed`` and ``resolution``, so that a
    build runs each once for all its outputs.
    """
    rank = {n: i for i, n in enumerate(sorted(pagerank, key=lambda n: -pagerank[n]))}
    ranked = lambda group: sorted(group, key=lambda n: (rank[n], n))  # noqa: E731
    broken = frustration(G, list(partition), weight=weight)
    return {
        "actors": G.number_of_nodes(),
        "links": {
            r: sum(1 for *_, rel in G.edges(data="relation") if rel == r)
            for r in RELATION_ORDER
        },
        "documents": G.graph.get("documents"),
        "blocs": [ranked(b) for b in partition],
        "ties": bloc_ties(G, list(partition), top=top, weight=weight),
        "frustration": {
            "weight": sum(x["weight"] for x in broken),
            "links": len(broken),
            "top": broken[:top],
        },
        "balance": balance(G, top=top, weight=weight),
        "communities": [ranked(c) for c in groups],
        "seed": seed,
        "resolution": resolution,
    }
