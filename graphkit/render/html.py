"""The interactive graph page: one self-contained, offline HTML file per graph."""

from __future__ import annotations

import html
import json
import math
import re
from pathlib import Path
from typing import Any

import networkx as nx
from pyvis.network import Network

from graphkit.graph import alliances, metrics
from graphkit.graph.io import atomic_write
from graphkit.lexicons import packaged_path
from graphkit.render.layout import layout

__all__ = ["RELATION_COLORS", "embed_json", "read_positions", "to_html", "write_html"]

RELATION_COLORS = {"co_mention": "#8c8c8c", "support": "#2ca02c", "oppose": "#d62728"}
PALETTE = (
    "#1f77b4",
    "#ff7f0e",
    "#9467bd",
    "#17becf",
    "#e377c2",
    "#bcbd22",
    "#8c564b",
    "#393b79",
    "#ad494a",
    "#637939",
    "#7b4173",
    "#3182bd",
)
OTHER_COLOR = "#b4b4b4"
_SLOT = re.compile(r"__GRAPHKIT_([A-Z]+)__")
_DATA = re.compile(
    r'<script type="application/json" id="graphkit-data">(.*?)</script>', re.S
)
Positions = dict[str, tuple[float, float]]


def to_html(
    G: nx.MultiDiGraph,
    *,
    title: str = "graphkit",
    seed: int | None = 42,
    weight: str = "weight",
    max_evidence: int = 10,
    previous: Positions | None = None,
) -> str:
    """Return an interactive page of ``G`` as one offline HTML document.

    Nodes are sized by PageRank over all ties and coloured by Louvain community
    over co-mention and support ties (switchable to actor type in the page).
    Co-mention links are grey, support green and oppose red with arrows. Clicking
    an actor shows its type, aliases, counts, allies and adversaries; clicking a
    tie shows its evidence sentences, newest first. The page has a search box,
    filters (relation, minimum weight, actor type, isolated actors, date range)
    and a legend. vis-network is inlined and the data is embedded as JSON, so
    the page makes no network request; article text is only ever inserted as
    text, never as markup.

    Parameters
    ----------
    G : nx.MultiDiGraph
        A graphkit graph (see :mod:`graphkit.graph.build`). It is not modified.
    title : str
        Page title and heading.
    seed : int or None
        Seed for the communities and the layout.
    weight : str
        Edge attribute used for sizes, widths, communities and the layout.
    max_evidence : int
        Evidence sentences kept per tie (newest first), which bounds the page size.
    previous : dict, optional
        Actor positions from an earlier page (see :func:`read_positions`): those
        actors keep them, so a rebuild does not reshuffle the picture.

    Returns
    -------
    str
        The HTML document.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("Kyiv", type="state", aliases=[], mentions=2, documents=1)
    >>> G.add_node("Nato", type="organization", aliases=[], mentions=1, documents=1)
    >>> _ = G.add_edge("Nato", "Kyiv", key="support", relation="support",
    ...                weight=3, count=1, evidence=[])
    >>> page = to_html(G, title="Ukraine")
    >>> page.startswith("<!DOCTYPE html>"), "<title>Ukraine</title>" in page
    (True, True)
    """
    payload = _payload(
        G, seed=seed, weight=weight, max_evidence=max_evidence, previous=previous
    )
    values = {
        "TITLE": html.escape(title),
        "DATA": embed_json(payload),
        "VIS": packaged_path("vis-network.min.js").read_text(encoding="utf-8"),
    }
    template = packaged_path("template.html").read_text(encoding="utf-8")
    # One pass, so nothing substituted (article text, the JS) is scanned again.
    return _SLOT.sub(lambda m: values[m.group(1)], template)


def write_html(G: nx.MultiDiGraph, path: str | Path, **options: Any) -> None:
    """Write :func:`to_html` of ``G`` to ``path`` atomically; nothing else is written.

    When ``path`` already holds a graphkit page and ``previous`` is not given,
    its actors keep the positions they had there (see :func:`read_positions`).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "graph.html"
    >>> write_html(nx.MultiDiGraph(), target, title="empty")
    >>> "<title>empty</title>" in target.read_text()
    True
    """
    if options.get("previous") is None:
        options["previous"] = read_positions(path)
    atomic_write(path, to_html(G, **options))


def read_positions(path: str | Path) -> Positions:
    """Return the actor positions drawn by the graphkit page at ``path``.

    A missing file, or one that is not a graphkit page, gives ``{}``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "graph.html"
    >>> G = nx.MultiDiGraph([("Kyiv", "Nato")])
    >>> write_html(G, target)
    >>> sorted(read_positions(target))
    ['Kyiv', 'Nato']
    >>> read_positions(target.parent / "missing.html")
    {}
    """
    try:
        with open(path, encoding="utf-8") as page:
            found = _DATA.search(page.read())
        nodes = json.loads(found.group(1))["nodes"] if found else []
        points = {str(n["id"]): (float(n["x"]), float(n["y"])) for n in nodes}
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return {}
    return {k: p for k, p in points.items() if all(map(math.isfinite, p))}


def embed_json(data: Any) -> str:
    """Return ``data`` as JSON that is safe inside a ``<script>`` element.

    ``<``, ``>`` and ``&`` are written as ``\\u`` escapes, so no string in the
    data can close the element or open a comment.

    Examples
    --------
    >>> embed_json({"s": "</script><b>"})
    '{"s":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    for char in "<>&\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


def _payload(
    G: nx.MultiDiGraph,
    *,
    seed: int | None,
    weight: str,
    max_evidence: int,
    previous: Positions | None,
) -> dict[str, Any]:
    """Assemble the page's data: vis-network nodes, edges and options, plus legend."""
    ties = metrics.layer(G, "all", weight=weight)
    rank = metrics.pagerank(G, weight=weight)
    community = {
        node: i
        for i, group in enumerate(alliances.communities(G, seed=seed, weight=weight))
        for node in group
    }
    types = sorted({str(d.get("type") or "unknown") for _, d in G.nodes(data=True)})
    type_color = {t: _palette(i) for i, t in enumerate(types)}
    # pyvis only assembles the vis-network node, edge and option dicts here: its
    # page writers link CDN assets ("in_line") or write lib/ into the cwd
    # ("local"), and Network.from_nx mutates the graph it is given.
    net = Network(directed=True, cdn_resources="remote")
    positions = layout(
        ties, previous={str(k): v for k, v in (previous or {}).items()}, seed=seed
    )
    top = max(rank.values(), default=1.0) or 1.0
    for node, data in sorted(G.nodes(data=True), key=lambda item: str(item[0])):
        kind = str(data.get("type") or "unknown")
        x, y = positions[node]
        net.add_node(
            str(node),
            label=str(node),
            title=f"{node} ({kind})",
            x=x,
            y=y,
            size=10 + 30 * math.sqrt(rank.get(node, 0.0) / top),
            color=_palette(community[node]),
            community_color=_palette(community[node]),
            type_color=type_color[kind],
            type=kind,
            community=community[node] + 1,
            aliases=list(data.get("aliases") or []),
            mentions=data.get("mentions", 0),
            documents=data.get("documents", 0),
            pagerank=round(rank.get(node, 0.0), 6),
        )
    heaviest: dict[str, float] = {}
    for _, _, key, data in G.edges(keys=True, data=True):
        relation = str(data.get("relation") or key)
        heaviest[relation] = max(heaviest.get(relation, 0.0), _number(data.get(weight)))
    for u, v, key, data in sorted(
        G.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2]))
    ):
        options = _edge(
            u,
            v,
            key,
            data,
            weight=weight,
            heaviest=heaviest,
            max_evidence=max_evidence,
        )
        net.add_edge(str(u), str(v), **options)
    return {
        "nodes": net.nodes,
        "edges": net.edges,
        "options": _options(net),
        "types": [{"name": t, "color": type_color[t]} for t in types],
        "communities": _community_legend(community, rank),
        "relation_colors": RELATION_COLORS,
    }


def _edge(
    u: Any,
    v: Any,
    key: Any,
    data: dict[str, Any],
    *,
    weight: str,
    heaviest: dict[str, float],
    max_evidence: int,
) -> dict[str, Any]:
    """Return the vis-network options and details of one link."""
    relation = str(data.get("relation") or key)
    w = _number(data.get(weight))
    stance = relation in ("support", "oppose")
    color = RELATION_COLORS.get(relation, OTHER_COLOR)
    evidence = sorted(
        (dict(item) for item in data.get("evidence") or []),
        key=lambda item: item.get("date") or "",
        reverse=True,
    )
    verb = {"support": "supports", "oppose": "opposes"}.get(relation, "named with")
    return {
        "title": f"{u} {verb} {v} ({data.get('count', len(evidence))} evidence)",
        "id": json.dumps(
            [str(u), str(v), str(key)], ensure_ascii=False, separators=(",", ":")
        ),
        "relation": relation,
        "weight": w,
        "count": data.get("count", len(evidence)),
        "kinds": list(data.get("kinds") or []),
        "first_date": data.get("first_date"),
        "last_date": data.get("last_date"),
        "dates": _dates(data, evidence),
        "evidence": evidence[:max_evidence],
        "width": 1
        + 5 * math.log1p(max(w, 0.0)) / math.log1p(heaviest[relation] or 1.0),
        "color": {
            "color": color,
            "highlight": color,
            "hover": color,
            "opacity": 1.0 if stance else 0.55,
        },
        "base_opacity": 1.0 if stance else 0.55,
        "arrows": "to" if stance else "",
        "smooth": {"enabled": False},
    }


def _dates(data: dict[str, Any], evidence: list[dict[str, Any]]) -> list[str]:
    """Return the sorted dates of a link's evidence, from ``date_counts`` if present."""
    dates = set(data.get("date_counts") or ()) - {"undated"}
    if not dates:
        dates = {item["date"] for item in evidence if item.get("date")}
        dates |= {data[k] for k in ("first_date", "last_date") if data.get(k)}
    return sorted(dates)


def _options(net: Network) -> dict[str, Any]:
    """Return vis-network options: pyvis's, with the layout frozen (no physics)."""
    net.toggle_physics(False)
    net.options.edges.smooth.enabled = False
    net.options.edges.inherit_colors(False)
    options = json.loads(net.options.to_json())
    options["layout"] = {"improvedLayout": False}
    options["interaction"].update(hover=True, tooltipDelay=150, multiselect=False)
    options["nodes"] = {"shape": "dot", "font": {"size": 14, "strokeWidth": 3}}
    return options


def _community_legend(community: dict[Any, int], rank: dict[Any, float]) -> list:
    """Describe the first communities by size and most central member."""
    members: dict[int, list] = {}
    for node, index in community.items():
        members.setdefault(index, []).append(node)
    return [
        {
            "index": i + 1,
            "color": _palette(i),
            "size": len(members[i]),
            "top": str(max(members[i], key=lambda n: (rank.get(n, 0.0), str(n)))),
        }
        for i in sorted(members)[: len(PALETTE)]
    ]


def _number(value: Any) -> float:
    """Return ``value`` as a finite float (0.0 for missing or NaN), valid in JSON."""
    try:
        number = float(value or 0.0)
    except (TypeError, ValueError):
        return 0.0
    return number if math.isfinite(number) else 0.0


def _palette(index: int) -> str:
    """Return the colour of community or type ``index`` (grey past the palette)."""
    return PALETTE[index] if index < len(PALETTE) else OTHER_COLOR
