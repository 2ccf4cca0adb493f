"""The analytics of one graph, computed once per build and shared by every output.

PageRank, the layer of all ties, the centrality table, signed blocs, Louvain
communities and the alliances summary: the centrality reports,
``alliances.md`` and ``graph.html`` all read them from one :class:`Analytics`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import networkx as nx

from graphkit.graph import alliances, metrics

__all__ = ["Analytics", "analyse"]


@dataclass(frozen=True)
class Analytics:
    """What :func:`analyse` computed for one graph.

    The layer, PageRank and communities are computed at once; the centrality
    table, blocs and summary when first read (once each), since a page alone
    (:func:`graphkit.render.html.to_html`) needs only the first three. A build
    computes one per run, of the evidence its reports count, and its reports,
    exports and page all read it.

    Attributes
    ----------
    ties : nx.Graph
        The layer of all ties (:func:`graphkit.graph.metrics.layer`).
    pagerank : mapping
        PageRank of every actor on ``ties``.
    communities : tuple of frozenset
        Louvain communities, largest first.
    centrality : Centrality
        Every centrality measure on ``ties``.
    blocs : tuple of frozenset
        Signed blocs, largest first.
    summary : mapping
        The alliances summary (:func:`graphkit.graph.alliances.summary`).
    seed : int or None
        The seed they were computed with.
    """

    graph: nx.MultiDiGraph
    ties: nx.Graph
    pagerank: Mapping[str, float]
    communities: tuple[frozenset[str], ...]
    seed: int | None = None
    weight: str = "weight"
    resolution: float = 1.0
    top: int = 5

    @cached_property
    def centrality(self) -> metrics.Centrality:
        """Every centrality measure on :attr:`ties`."""
        return metrics.centrality(
            self.graph,
            weight=self.weight,
            seed=self.seed,
            ties=self.ties,
            pagerank=self.pagerank,
        )

    @cached_property
    def blocs(self) -> tuple[frozenset[str], ...]:
        """Signed blocs (:func:`graphkit.graph.alliances.blocs`), largest first."""
        return tuple(alliances.blocs(self.graph, seed=self.seed, weight=self.weight))

    @cached_property
    def summary(self) -> dict[str, Any]:
        """The alliances summary (:func:`graphkit.graph.alliances.summary`)."""
        return alliances.summarise(
            self.graph,
            pagerank=self.pagerank,
            partition=list(self.blocs),
            groups=list(self.communities),
            seed=self.seed,
            resolution=self.resolution,
            top=self.top,
            weight=self.weight,
        )


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
    ``G`` must not change while the result is in use: the centrality table,
    blocs and summary are computed from it when first read.

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
    groups = alliances.communities(G, resolution=resolution, seed=seed, weight=weight)
    return Analytics(
        graph=G,
        ties=ties,
        pagerank=metrics.layer_pagerank(ties, weight),
        communities=tuple(groups),
        seed=seed,
        weight=weight,
        resolution=resolution,
        top=top,
    )
