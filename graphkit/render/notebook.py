"""A graph as a pyvis ``Network``, for notebooks and small graphs.

pyvis is graphkit's source of vis-network, the engine that draws ``graph.html``
(:func:`graphkit.render.html.vis_network_js`). Its Python API is made for
exploring small graphs in a notebook: :func:`to_pyvis` hands pyvis a graph with
graphkit's frozen layout, sizes and colours, to tune with pyvis's own controls
(``net.show_buttons()``) and show with ``net.show("g.html", notebook=True)``.

``graph.html`` is not assembled with pyvis, for two measured reasons (see
``benchmarks/html_large.py``): ``Network.add_node`` and ``add_edge`` check
membership in lists, so assembling 5,000 actors and 25,000 ties takes seconds
and grows with the square of the size; and pyvis's page template loads Bootstrap
and vis-network from CDNs, while graphkit's page must work offline.
"""

from __future__ import annotations

import math
from typing import Any

import networkx as nx
from pyvis.network import Network

from graphkit.graph.analytics import Analytics, analyse
from graphkit.graph.build import DEFAULT_CONFIDENCE, at_confidence
from graphkit.records import Confidence
from graphkit.render.layout import layout
from graphkit.render.payload import page_data

__all__ = ["to_pyvis"]


def to_pyvis(
    G: nx.MultiDiGraph,
    *,
    seed: int | None = 42,
    weight: str = "weight",
    analytics: Analytics | None = None,
    min_confidence: Confidence = DEFAULT_CONFIDENCE,
    height: str = "750px",
) -> Network:
    """Return ``G`` as a pyvis ``Network`` drawn as ``graph.html`` draws it.

    Actors sit at graphkit's layout positions (physics off), sized by PageRank
    and coloured by community; ties are grey (co-mention), green (support), red
    (oppose) or purple (affiliation), with an arrow for stance. Hover titles are
    plain text. ``G`` is not modified.

    Parameters
    ----------
    G : nx.MultiDiGraph
        A graphkit graph (see :mod:`graphkit.graph.build`).
    seed : int or None
        Seed for the analytics (when not given) and the layout.
    weight : str
        Edge attribute used for sizes, widths, communities and the layout.
    analytics : Analytics, optional
        PageRank and communities computed before; else :func:`analyse` of
        ``G`` at ``min_confidence``.
    min_confidence : {"explicit", "reported", "inferred"}
        The least sure stance evidence the ranks, communities and layout count
        when ``analytics`` is omitted, as the page and the reports do.
    height : str
        Height of the pyvis canvas (CSS).

    Returns
    -------
    pyvis.network.Network

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("Kyiv", type="state", aliases=[], mentions=2)
    >>> G.add_node("Nato", type="organization", aliases=[], mentions=1)
    >>> _ = G.add_edge("Nato", "Kyiv", key="support", relation="support",
    ...                weight=3, count=1, evidence=[])
    >>> net = to_pyvis(G)
    >>> net.num_nodes(), net.num_edges(), net.options.physics.enabled
    (2, 1, False)
    >>> net.get_edges()[0]["arrows"], net.get_edges()[0]["color"]
    ('to', '#2e9d5b')
    """
    if analytics is None:
        analytics = analyse(at_confidence(G, min_confidence), seed=seed, weight=weight)
    data = page_data(
        G,
        weight=weight,
        positions=layout(analytics.ties, seed=seed),
        ranks=analytics.pagerank,
        communities=analytics.communities,
        first_view=0,
        options={},
    )
    actors, ties = data["actors"], data["ties"]
    net = Network(height=height, width="100%", directed=True, cdn_resources="in_line")
    net.toggle_physics(False)
    net.options.edges.smooth.enabled = False
    degree = [0] * len(actors["id"])
    for end in (*ties["source"], *ties["target"]):
        degree[end] += 1
    palette = [*data["palette"], data["other_color"]]
    for i, name in enumerate(actors["id"]):
        kind = data["types"][actors["type"][i]]
        net.add_node(
            name,
            label=name,
            x=actors["x"][i],
            y=actors["y"][i],
            size=actors["size"][i],
            color=palette[min(actors["community"][i], len(palette) - 1)],
            title=f"{name} · {kind['label']} · {degree[i]} ties",
        )
    for i, (s, t) in enumerate(zip(ties["source"], ties["target"], strict=True)):
        relation = data["relations"][ties["relation"][i]]
        options: dict[str, Any] = {
            "color": data["relation_colors"][ties["relation"][i]],
            "width": _width(ties["weight"][i], data["heaviest"][ties["relation"][i]]),
            "title": f"{relation.replace('_', '-')} · {ties['count'][i]} evidence",
            "arrows": "" if relation == "co_mention" else "to",
        }
        net.add_edge(actors["id"][s], actors["id"][t], **options)
    return net


def _width(weight: float, heaviest: float) -> float:
    """The drawn width of a tie, as in ``graph.html``: log of its weight."""
    return round(1.5 + 5 * math.log1p(max(weight, 0)) / math.log1p(heaviest or 1), 2)
