"""Actor centrality per layer and actor type, with sampling on large graphs."""

from __future__ import annotations

import functools
import math
import random
import warnings
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import networkx as nx

from graphkit.graph import LAYERS, MEASURES

if TYPE_CHECKING:
    import numpy as np
    import scipy.sparse as sp

__all__ = [
    "LAYERS",
    "MEASURES",
    "EXACT_LIMIT",
    "SAMPLE_SIZE",
    "Centrality",
    "layer",
    "in_layer",
    "weight_attributes",
    "centrality",
    "path_centrality",
    "pagerank",
    "layer_pagerank",
    "eigenvector",
    "ranked",
]

#: Graphs with more nodes than this get sampled betweenness and closeness.
EXACT_LIMIT = 2_000
#: Number of sampled source nodes used above :data:`EXACT_LIMIT`.
SAMPLE_SIZE = 128


@dataclass(frozen=True)
class Centrality:
    """Ranked centrality rows for one layer, and how they were computed.

    ``rows`` holds one dict per actor (``actor``, ``label``, ``type`` and one
    float per measure), ranked by ``sort`` (a measure), then by name. ``sample`` is the
    number of source nodes used for betweenness and closeness, or None when
    they are exact.
    """

    rows: tuple[dict[str, Any], ...]
    layer: str
    actor_type: str | None
    nodes: int
    sample: int | None
    sort: str = "pagerank"

    def __repr__(self) -> str:
        return f"<Centrality: {self.note()}; {len(self.rows)} rows>"

    def note(self) -> str:
        """Describe how the values were computed, in one line."""
        plural = "" if self.nodes == 1 else "s"
        text = f"{self.nodes} actor{plural}, layer {self.layer}, by {self.sort}"
        if self.actor_type:
            text += f", showing type {self.actor_type}"
        if self.sample is not None:
            text += (
                f"; betweenness and closeness estimated from {self.sample} "
                f"sampled sources (graph above {EXACT_LIMIT} actors)"
            )
        return text

    def to_dict(self) -> dict[str, Any]:
        """Return the result as a JSON-ready dict."""
        return {
            "layer": self.layer,
            "actor_type": self.actor_type,
            "nodes": self.nodes,
            "sample": self.sample,
            "sort": self.sort,
            "rows": list(self.rows),
        }


def _finite(value: Any) -> float:
    """``value`` as a non-negative float; missing, NaN or negative weights count 0."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return 0.0
    return number if math.isfinite(number) and number > 0 else 0.0


def layer(
    G: nx.MultiDiGraph, relation: str = "all", *, weight: str = "weight"
) -> nx.Graph | nx.DiGraph:
    """Collapse the multigraph ``G`` into one simple graph for ``relation``.

    ``co_mention`` and ``all`` (every link but affiliations) give an undirected
    :class:`nx.Graph`; ``support``, ``oppose`` and ``affiliation`` a
    :class:`nx.DiGraph`. Parallel links between the same pair
    add up their ``weight`` and ``count``. Every node of ``G`` is kept, with its
    attributes, so that isolated actors score zero. Each edge also gets
    ``distance = 1 / weight`` for path-based measures (links with a
    non-positive weight get no distance and are skipped by them).

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("a", "b", key="co_mention", relation="co_mention", weight=2)
    >>> _ = G.add_edge("b", "a", key="support", relation="support", weight=3)
    >>> H = layer(G)
    >>> H["a"]["b"]["weight"], H["a"]["b"]["distance"]
    (5.0, 0.2)
    >>> list(layer(G, "support").edges())
    [('b', 'a')]
    """
    if relation not in LAYERS:
        raise ValueError(f"relation must be one of {LAYERS}, not {relation!r}")
    directed = relation in ("support", "oppose", "affiliation")
    sums: dict[tuple[str, str], list[float]] = {}
    for u, v, data in G.edges(data=True):
        if not in_layer(data, relation):
            continue
        total = sums.setdefault((u, v) if directed or u <= v else (v, u), [0, 0])
        total[0] += _finite(data.get(weight, 1))
        total[1] += data.get("count", 1)
    H = nx.DiGraph() if directed else nx.Graph()
    H.add_nodes_from(sorted(G.nodes(data=True)))
    H.add_edges_from(
        (u, v, {weight: w, "count": c, **({"distance": 1 / w} if w > 0 else {})})
        for (u, v), (w, c) in sums.items()
    )
    return H


def in_layer(data: dict, relation: str) -> bool:
    """Whether a link with attributes ``data`` belongs to layer ``relation``
    (see :data:`~graphkit.graph.LAYERS`: "all" leaves affiliations out).

    Examples
    --------
    >>> in_layer({"relation": "support"}, "all")
    True
    >>> in_layer({"relation": "affiliation"}, "all")
    False
    """
    kind = data.get("relation")
    return kind != "affiliation" if relation == "all" else kind == relation


def weight_attributes(G: nx.MultiDiGraph, relation: str = "all") -> list[str]:
    """Return the numeric attributes of ``relation``'s links: the valid weight names.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("a", "b", key="co_mention", relation="co_mention", weight=2,
    ...                count=2, jaccard=0.5, evidence=[])
    >>> weight_attributes(G)
    ['count', 'jaccard', 'weight']
    """
    return sorted(
        {
            name
            for *_, data in G.edges(data=True)
            if in_layer(data, relation)
            for name, value in data.items()
            if isinstance(value, int | float) and not isinstance(value, bool)
        }
    )


def _matrix(
    H: nx.Graph, nodes: list[str], attr: str, default: float | None = None
) -> sp.csr_array:
    """Return the adjacency of ``H`` as CSR over ``nodes`` (symmetric if undirected).

    Edges whose ``attr`` is missing get ``default``, or are left out if it is None.
    """
    # numpy and scipy are imported where they are used: a rebuild with nothing
    # new computes no metric, and importing them costs more than the rest of it.
    import numpy as np
    import scipy.sparse as sp

    index = {n: i for i, n in enumerate(nodes)}
    rows, cols, vals = [], [], []
    for u, v, value in H.edges(data=attr, default=default):
        if value is None:
            continue
        rows.append(index[u])
        cols.append(index[v])
        vals.append(float(value))
    n = len(nodes)
    A = sp.csr_array(
        (
            np.array(vals, dtype=float),
            (np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64)),
        ),
        shape=(n, n),
    )
    if H.is_directed():
        return A
    return (A + A.T - sp.diags_array(A.diagonal())).tocsr()


def _dependencies(
    edges: sp.coo_array, sources: list[int], dists: np.ndarray
) -> Iterator[np.ndarray]:
    """Yield the dependency of each of ``sources`` on every node (Brandes 2001).

    ``dists`` holds the shortest distances from each source, a row each. The
    shortest-path edges from a source form a DAG ordered by distance, so its
    path counts and dependencies are two sparse triangular solves instead of
    a Python loop over nodes. The DAGs of all of ``sources`` are solved at
    once, as the blocks of one block-diagonal system: a block's unknowns
    depend on its own entries only, taken in the same order as alone, so each
    source gets the values of a solve of its own, and scipy's fixed cost of a
    solve (checking, converting and copying the matrices: 19 parts in 20 of
    a solve on a 3,000-actor layer) is paid once for them all. The matrices
    ``I - dag`` and ``I - dag.T`` are built at once, and the solves are told
    their diagonal is 1 and that they may overwrite their inputs.
    """
    import numpy as np
    import scipy.sparse as sp
    from scipy.sparse.linalg import spsolve_triangular

    orders, firsts, tails, heads = [], [], [], []
    size = 0
    for dist in dists:
        reach = np.isfinite(dist)
        tail, head = edges.row, edges.col
        ok = reach[tail] & reach[head]
        tail, head, w = tail[ok], head[ok], edges.data[ok]
        tight = np.isclose(dist[tail] + w, dist[head], rtol=1e-12, atol=0.0)
        order = np.flatnonzero(reach)[np.argsort(dist[reach], kind="stable")]
        pos = np.full(len(dist), -1)
        pos[order] = np.arange(size, size + len(order))
        orders.append(order)
        firsts.append(size)
        tails.append(pos[tail[tight]])
        heads.append(pos[head[tight]])
        size += len(order)
    steps = np.arange(size)
    ones = np.concatenate([np.ones(size), -np.ones(sum(map(len, tails)))])
    later = np.concatenate([steps, *heads])
    earlier = np.concatenate([steps, *tails])
    start = np.zeros(size)
    start[firsts] = 1.0  # each source comes first in its block
    solve = functools.partial(
        spsolve_triangular, unit_diagonal=True, overwrite_A=True, overwrite_b=True
    )
    shape = (size, size)
    sigma = solve(sp.csr_array((ones, (later, earlier)), shape=shape), start)
    x = solve(
        sp.csr_array((ones, (earlier, later)), shape=shape), 1.0 / sigma, lower=False
    )
    for source, order, first in zip(sources, orders, firsts, strict=True):
        block = slice(first, first + len(order))
        delta = np.zeros(dists.shape[1])
        delta[order] = sigma[block] * x[block] - 1.0
        delta[source] = 0.0
        yield delta


def path_centrality(
    H: nx.Graph,
    *,
    k: int | None = None,
    seed: int | None = None,
    distance: str = "distance",
) -> tuple[dict[str, float], dict[str, float]]:
    """Return (betweenness, closeness) of ``H`` on edge attribute ``distance``.

    With ``k=None`` both are exact and equal networkx's
    ``betweenness_centrality(H, weight=distance)`` and
    ``closeness_centrality(H, distance=distance)``. With ``k`` sources sampled
    (``random.Random(seed).sample(list(H), k)``, as networkx does), betweenness
    equals ``betweenness_centrality(H, k=k, seed=seed, weight=distance)`` and
    closeness is estimated from the distances to those sources (Eppstein and
    Wang, 2004): sums and reach counts are scaled by ``n / k``.

    Each batch of 64 sources costs one C-level Dijkstra (scipy) and two sparse
    triangular solves (:func:`_dependencies`), instead of networkx's Python
    loop over nodes. Path lengths that tie up to a relative 1e-12 count as
    equally short (1/3 + 1/6 ties with 1/2); networkx compares float sums
    exactly and can miss such ties, so on graphs with non-binary weights the
    two may differ slightly.

    Examples
    --------
    >>> H = nx.path_graph(["a", "b", "c"])
    >>> nx.set_edge_attributes(H, 1.0, "distance")
    >>> between, close = path_centrality(H)
    >>> between["b"], close["a"]
    (1.0, 0.6666666666666666)
    """
    nodes = list(H)
    n = len(nodes)
    if n == 0:
        return {}, {}
    if k is not None and k >= n:
        k = None
    index = {node: i for i, node in enumerate(nodes)}
    sources = (
        list(range(n))
        if k is None
        else [index[s] for s in random.Random(seed).sample(nodes, k)]
    )
    import numpy as np
    from scipy.sparse.csgraph import dijkstra

    D = _matrix(H, nodes, distance)
    edges = D.tocoo()
    between = np.zeros(n)
    dist_sum, reached = np.zeros(n), np.zeros(n)
    for start in range(0, len(sources), 64):
        batch = sources[start : start + 64]
        rows = np.atleast_2d(dijkstra(D, directed=True, indices=batch))
        for delta in _dependencies(edges, batch, rows):
            between += delta
        for dist in rows:
            finite = np.isfinite(dist)
            dist_sum[finite] += dist[finite]
            reached[finite] += 1
    return (
        _scale_betweenness(nodes, between, sources, k),
        _closeness(nodes, dist_sum, reached, len(sources)),
    )


def _scale_betweenness(
    nodes: list[str], values: np.ndarray, sources: list[int], k: int | None
) -> dict[str, float]:
    """Normalise Brandes sums exactly as networkx does (endpoints excluded)."""
    import numpy as np

    n = len(nodes)
    if n <= 2:
        return dict.fromkeys(nodes, 0.0)
    scale = np.full(n, 1 / ((n - 1 if k is None else k) * (n - 2)))
    if k is not None:
        scale[sources] = 1 / ((k - 1) * (n - 2)) if k > 1 else 0.0
    return {node: float(v) for node, v in zip(nodes, values * scale, strict=True)}


def _closeness(
    nodes: list[str], dist_sum: np.ndarray, reached: np.ndarray, k: int
) -> dict[str, float]:
    """Closeness from distance sums over ``k`` sources (Wasserman-Faust scaled)."""
    n = len(nodes)
    factor = n / k
    result = {}
    for node, total, count in zip(
        nodes, dist_sum * factor, reached * factor, strict=True
    ):
        others = count - 1
        value = others / total * others / (n - 1) if total > 0 and n > 1 else 0.0
        result[node] = float(value)
    return result


def eigenvector(
    H: nx.Graph, *, weight: str = "weight", max_iter: int = 1000, tol: float = 1e-6
) -> dict[str, float]:
    """Return eigenvector centrality of the undirected view of ``H``.

    The power iteration of :func:`networkx.eigenvector_centrality` (on
    ``A + I``, from a uniform start), done with a sparse matrix. Directed layers
    are symmetrised first (the weights of both directions add up): stance
    graphs are often acyclic, where directed eigenvector centrality is
    degenerate. On a disconnected graph the iteration still converges (to the
    components with the largest eigenvalue). If it does not converge within
    ``max_iter`` iterations the last iterate is returned and a
    :class:`RuntimeWarning` says so. Values below 1e-12 (components decaying
    towards zero) are reported as 0.

    Examples
    --------
    >>> scores = eigenvector(nx.star_graph(["hub", "a", "b", "c"]))
    >>> round(scores["hub"], 3), round(scores["a"], 3)
    (0.707, 0.408)
    """
    import numpy as np

    nodes = list(H)
    n = len(nodes)
    if n == 0:
        return {}
    A = _matrix(H, nodes, weight, default=1.0)
    A = (A + A.T).tocsr() if H.is_directed() else A
    x = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        last = x
        x = A @ last + last
        norm = np.linalg.norm(x)
        x = x / norm if norm else x
        if np.abs(x - last).sum() < n * tol:
            break
    else:
        warnings.warn(
            f"eigenvector centrality did not converge in {max_iter} "
            f"iterations; values are approximate.",
            RuntimeWarning,
            stacklevel=2,
        )
    x[x < 1e-12] = 0.0  # components that decay towards zero, not a score
    return {node: float(v) for node, v in zip(nodes, x, strict=True)}


def layer_pagerank(
    H: nx.Graph | nx.DiGraph, weight: str = "weight"
) -> dict[str, float]:
    """PageRank of every actor of a layer already made by :func:`layer`."""
    if not len(H):
        return {}
    return {n: float(v) for n, v in nx.pagerank(H, weight=weight).items()}


def pagerank(
    G: nx.MultiDiGraph, *, relation: str = "all", weight: str = "weight"
) -> dict[str, float]:
    """PageRank of every actor on one layer of ``G`` (see :func:`layer`).

    Uses ``weight`` (larger = stronger tie); co-mentions count in both directions.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("a", "b", key="co_mention", relation="co_mention", weight=1)
    >>> pagerank(G)
    {'a': 0.5, 'b': 0.5}
    """
    return layer_pagerank(layer(G, relation, weight=weight), weight)


def _weighted_degree(H: nx.Graph, weight: str) -> dict[str, float]:
    """Sum of link weights at each node (in plus out for directed layers)."""
    return {n: float(d) for n, d in H.degree(weight=weight)}


def centrality(
    G: nx.MultiDiGraph,
    *,
    relation: str = "all",
    actor_type: str | None = None,
    weight: str = "weight",
    k: int | None = None,
    seed: int | None = None,
    top: int | None = None,
    sort: str = "pagerank",
    ties: nx.Graph | nx.DiGraph | None = None,
    pagerank: Mapping[str, float] | None = None,
) -> Centrality:
    """Rank the actors of ``G`` by degree, weighted degree, PageRank, betweenness,
    closeness and eigenvector centrality on one layer.

    Degree is normalised by ``n - 1`` (in plus out on directed layers);
    weighted degree and PageRank use ``weight``; betweenness and closeness use
    ``distance = 1 / weight`` (strong ties are short); eigenvector uses
    ``weight`` on the undirected view.

    Closeness is Wasserman and Faust's variant, aware of components: the
    inverse mean distance to the actors an actor reaches, times the share of
    the other actors it reaches, ``(r - 1) / (n - 1)``. An actor in an isolated
    pair joined by a tie of weight ``w`` scores ``w / (n - 1)``, so with equal
    weights it ranks below any actor reaching a larger part of the graph.
    Distances below 1 (ties of weight above 1, such as co-mention counts) can
    put closeness above 1; weights within (0, 1], such as ``jaccard``, keep it
    within [0, 1] and an isolated pair at most ``1 / (n - 1)``.

    Values are computed on the whole layer; ``actor_type`` only filters
    the rows. Rows are ranked by ``sort`` (one of :data:`MEASURES`), highest
    first, and ``top`` keeps the first rows. Above :data:`EXACT_LIMIT` actors
    betweenness and closeness use ``k`` (default :data:`SAMPLE_SIZE`) sources
    sampled with ``seed``, and the result's :meth:`Centrality.note` says so;
    passing ``k`` forces sampling. ``ties`` and ``pagerank`` pass the layer
    (:func:`layer` of ``relation``) and its PageRank when they were computed
    before, so that a build computes each once.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> for a, b in [("a", "b"), ("a", "c"), ("a", "d")]:
    ...     _ = G.add_edge(a, b, key="co_mention", relation="co_mention", weight=1)
    >>> result = centrality(G, relation="co_mention")
    >>> result.rows[0]["actor"], result.rows[0]["degree"], result.rows[0]["betweenness"]
    ('a', 1.0, 1.0)
    """
    if sort not in MEASURES:
        raise ValueError(f"sort must be one of {MEASURES}, not {sort!r}")
    H = ties if ties is not None else layer(G, relation, weight=weight)
    if k is None and len(H) > EXACT_LIMIT:
        k = SAMPLE_SIZE
    sample = k if k is not None and k < len(H) else None
    between, close = path_centrality(H, k=sample, seed=seed)
    values = {
        "degree": nx.degree_centrality(H) if len(H) > 1 else dict.fromkeys(H, 0.0),
        "weighted_degree": _weighted_degree(H, weight),
        "pagerank": dict(pagerank)
        if pagerank is not None
        else layer_pagerank(H, weight),
        "betweenness": between,
        "closeness": close,
        "eigenvector": eigenvector(H, weight=weight),
    }
    rows = _rows(H, values, actor_type)
    if sort != "pagerank":
        rows = ranked(rows, sort)
    return Centrality(
        rows=tuple(rows[:top] if top is not None else rows),
        layer=relation,
        actor_type=actor_type,
        nodes=len(H),
        sample=sample,
        sort=sort,
    )


def _rows(
    H: nx.Graph, values: dict[str, dict[str, float]], actor_type: str | None
) -> list[dict[str, Any]]:
    """One ranked row per actor (optionally of one type)."""
    rows = []
    for node, data in H.nodes(data=True):
        if actor_type is not None and data.get("type") != actor_type:
            continue
        row: dict[str, Any] = {
            "actor": node,
            "label": data.get("label", node),
            "type": data.get("type", ""),
        }
        row.update({m: float(values[m].get(node, 0.0)) for m in MEASURES})
        rows.append(row)
    rows.sort(key=lambda r: (-r["pagerank"], -r["weighted_degree"], r["actor"]))
    return rows


def ranked(rows: Iterable[dict[str, Any]], measure: str) -> list[dict[str, Any]]:
    """Return ``rows`` sorted by ``measure`` (descending), then by actor name.

    Examples
    --------
    >>> rows = [{"actor": "a", "x": 1}, {"actor": "b", "x": 2}]
    >>> [r["actor"] for r in ranked(rows, "x")]
    ['b', 'a']
    """
    return sorted(rows, key=lambda r: (-r[measure], r["actor"]))
