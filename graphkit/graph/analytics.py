"""The analytics of one graph, computed once per build and shared by every output.

PageRank, the layer of all ties, the centrality table, signed blocs, Louvain
communities and the alliances summary: the centrality reports,
``alliances.md`` and ``graph.html`` all read them from one :class:`Analytics`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from graphkit.graph import alliances, metrics

__all__ = ["Analytics", "analyse"]


@dataclass(frozen=True)
class Analytics:
    """What :func:`analyse` computed for one graph.

    Attributes
    ----------
    ties : nx.Graph
        The layer of all ties (:func:`graphkit.graph.metrics.layer`).
    pagerank : mapping
        PageRank of every actor on ``ties``.
    centrality : Centrality
        Every centrality measure on ``ties``.
    blocs, communities : tuple of frozenset
        Signed blocs and Louvain communities, largest first.
    summary : mapping
        The alliances summary (:func:`graphkit.graph.alliances.summary`).
    seed : int or None
        The seed they were computed with.
    """

    ties: nx.Graph
    pagerank: Mapping[str, float]
    centrality: metrics.Centrality
    blocs: tuple[frozenset[str], ...]
    communities: tuple[frozenset[str], ...]
    summary: dict[str, Any]
    seed: int | None = None


def analyse(
    G: nx.MultiDiGraph,
    *,
    seed: int | None = None,
    weight: str = "weight",
    resolution: float = 1.0,
    top: int = 5,
) -> Analytics:
    """Compute the layer, PageRank, centrality, blocs and communities of ``G`` once.

    The results equal those of :func:`graphkit.graph.metrics.centrality`,
    :func:`graphkit.graph.alliances.blocs`,
    :func:`~graphkit.graph.alliances.communities` and
    :func:`~graphkit.graph.alliances.summary` called with the same arguments.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("a", "b", key="support", relation="support", weight=2)
    >>> _ = G.add_edge("a", "c", key="oppose", relation="oppose", weight=1)
    >>> found = analyse(G, seed=0)
    >>> [sorted(b) for b in found.blocs], found.summary["blocs"]
    ([['a', 'b'], ['c']], [['a', 'b'], ['c']])
    """
    ties = metrics.layer(G, "all", weight=weight)
    rank = metrics.layer_pagerank(ties, weight)
    partition = alliances.blocs(G, seed=seed, weight=weight)
    groups = alliances.communities(G, resolution=resolution, seed=seed, weight=weight)
    return Analytics(
        ties=ties,
        pagerank=rank,
        centrality=metrics.centrality(
            G, weight=weight, seed=seed, ties=ties, pagerank=rank
        ),
        blocs=tuple(partition),
        communities=tuple(groups),
        summary=alliances.summarise(
            G,
            pagerank=rank,
            partition=partition,
            groups=groups,
            seed=seed,
            resolution=resolution,
            top=top,
            weight=weight,
        ),
        seed=seed,
    )
