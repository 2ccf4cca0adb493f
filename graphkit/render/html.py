"""The interactive graph page: one self-contained, offline HTML file per graph."""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from typing import Any

import networkx as nx

from graphkit.files import atomic_write
from graphkit.graph.analytics import Analytics, analyse
from graphkit.lexicons import packaged_path
from graphkit.render.layout import layout

__all__ = ["RELATION_COLORS", "embed_json", "read_positions", "to_html", "write_html"]

RELATION_COLORS = {
    "co_mention": "#9aa0a6",
    "support": "#2e9d5b",
    "oppose": "#d64541",
    "affiliation": "#7b61c9",
}
RELATION_ORDER = ("co_mention", "support", "oppose", "affiliation")
# Muted community colours that keep clear of the support green and oppose red.
PALETTE = (
    "#4e79a7",
    "#f28e2b",
    "#76b7b2",
    "#b07aa1",
    "#edc948",
    "#9c755f",
    "#ff9da7",
    "#5f9ed1",
    "#c85200",
    "#a3acb9",
    "#6b8e9e",
    "#d4a6c8",
)
OTHER_COLOR = "#c4c9d0"
TYPE_WORDS = {
    "person": "person",
    "organization": "organisation",
    "state": "state",
    "group": "group",
    "norp": "nationality or religious group",
    "unknown": "other",
}
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
    analytics: Analytics | None = None,
    first_view: int = 300,
) -> str:
    """Return an interactive page of ``G`` as one offline HTML document.

    The layout is computed once here (see :func:`graphkit.render.layout.layout`)
    and frozen in the page. Actors are sized by PageRank and coloured by
    community (or by actor type); co-mention links are grey, support green,
    oppose red, affiliation purple. Above ``first_view`` actors the page opens
    on the most important ones (actors with a stance tie first, then by
    PageRank) and says how many it shows, with controls to show more. Selecting
    an actor or a tie highlights its neighbourhood and shows its details and
    evidence (title, date, source and a link to the article); the page filters
    by relation, confidence, actor type, weight and date, counts what is shown,
    exports the view (PNG, SVG, node-link JSON) and collects corrections as a
    JSONL file for ``graphkit build --corrections``. vis-network is inlined and
    the data is embedded as JSON, so the page makes no network request; article
    text is only ever inserted as text, never as markup.

    Parameters
    ----------
    G : nx.MultiDiGraph
        A graphkit graph (see :mod:`graphkit.graph.build`). It is not modified.
    title : str
        Page title and heading.
    seed : int or None
        Seed for the analytics (when not given) and the layout.
    weight : str
        Edge attribute used for sizes, widths, communities and the layout.
    max_evidence : int
        Evidence sentences kept per tie (newest first), which bounds the page size.
    previous : dict, optional
        Actor positions from an earlier page (see :func:`read_positions`): those
        actors keep them, so a rebuild does not reshuffle the picture.
    analytics : Analytics, optional
        The layer of all ties, PageRank and communities of ``G`` computed before
        (a build passes the ones its reports use); when omitted,
        :func:`graphkit.graph.analytics.analyse` with ``seed`` and ``weight``.
    first_view : int
        Actors shown when the page opens.

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
    if analytics is None:
        analytics = analyse(G, seed=seed, weight=weight)
    payload = _payload(
        G,
        weight=weight,
        max_evidence=max_evidence,
        positions=layout(
            analytics.ties,
            previous={str(k): v for k, v in (previous or {}).items()},
            seed=seed,
        ),
        ranks=analytics.pagerank,
        communities=analytics.communities,
        first_view=first_view,
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
    weight: str,
    max_evidence: int,
    positions: Mapping[Any, tuple[float, float]],
    ranks: Mapping[Any, float],
    communities: Sequence[Collection[Any]],
    first_view: int,
) -> dict[str, Any]:
    """Assemble the page's data: actors, ties, legend and the vis-network options."""
    community = {node: i for i, group in enumerate(communities) for node in group}
    types = sorted({str(d.get("type") or "unknown") for _, d in G.nodes(data=True)})
    type_color = {t: _palette(i) for i, t in enumerate(types)}
    top = max(ranks.values(), default=1.0) or 1.0
    stance = {
        node
        for u, v, key, data in G.edges(keys=True, data=True)
        if str(data.get("relation") or key) != "co_mention"
        for node in (u, v)
    }
    order = {
        node: i
        for i, node in enumerate(
            sorted(G, key=lambda n: (n not in stance, -ranks.get(n, 0.0), str(n)))
        )
    }
    nodes = []
    for node, data in sorted(G.nodes(data=True), key=lambda item: str(item[0])):
        kind = str(data.get("type") or "unknown")
        index = community.get(node, len(communities))
        x, y = positions[node]
        nodes.append(
            {
                "id": str(node),
                "x": x,
                "y": y,
                "size": round(8 + 30 * math.sqrt(ranks.get(node, 0.0) / top), 2),
                "order": order[node],
                "type": kind,
                "community": index + 1,
                "community_color": _palette(index),
                "type_color": type_color[kind],
                "aliases": [str(a) for a in data.get("aliases") or []],
                "mentions": data.get("mentions", 0),
                "documents": data.get("documents", 0),
                "pagerank": round(ranks.get(node, 0.0), 6),
            }
        )
    heaviest: dict[str, float] = {}
    for _, _, key, data in G.edges(keys=True, data=True):
        relation = str(data.get("relation") or key)
        heaviest[relation] = max(heaviest.get(relation, 0.0), _number(data.get(weight)))
    edges = [
        _edge(u, v, key, data, weight=weight, heaviest=heaviest, limit=max_evidence)
        for u, v, key, data in sorted(
            G.edges(keys=True, data=True),
            key=lambda e: (str(e[0]), str(e[1]), str(e[2])),
        )
    ]
    present = {e["relation"] for e in edges}
    return {
        "nodes": nodes,
        "edges": edges,
        "options": _options(),
        "types": [
            {"name": t, "label": _type_words(t), "color": type_color[t]} for t in types
        ],
        "communities": _community_legend(community, ranks),
        "relations": [r for r in RELATION_ORDER if r in present]
        + sorted(present - set(RELATION_ORDER)),
        "relation_colors": {
            # Relation order, then the others sorted: a set's order changes with
            # each process's hash seed, and the page must be byte-stable.
            r: RELATION_COLORS.get(r, OTHER_COLOR)
            for r in [*RELATION_ORDER, *sorted(present - set(RELATION_ORDER))]
        },
        "graph": {k: v for k, v in G.graph.items() if k != "corrections"},
        "first_view": first_view,
    }


def _edge(
    u: Any,
    v: Any,
    key: Any,
    data: dict[str, Any],
    *,
    weight: str,
    heaviest: dict[str, float],
    limit: int,
) -> dict[str, Any]:
    """Return the drawing options and details of one link."""
    relation = str(data.get("relation") or key)
    w = _number(data.get(weight))
    color = RELATION_COLORS.get(relation, OTHER_COLOR)
    evidence = sorted(
        (dict(item) for item in data.get("evidence") or []),
        key=lambda item: item.get("date") or "",
        reverse=True,
    )
    # Levels over all the evidence when the graph counts them, else the kept items.
    counts = data.get("confidence_counts") or {}
    confidence = {str(k) for k, n in counts.items() if n} or {
        str(i["confidence"]) for i in evidence if i.get("confidence")
    }
    return {
        "id": json.dumps(
            [str(u), str(v), str(key)], ensure_ascii=False, separators=(",", ":")
        ),
        "from": str(u),
        "to": str(v),
        "key": str(key),
        "relation": relation,
        "weight": w,
        "count": data.get("count", len(evidence)),
        "kinds": [str(k) for k in data.get("kinds") or []],
        "confidence": sorted(confidence),
        "first_date": data.get("first_date"),
        "last_date": data.get("last_date"),
        "dates": _dates(data, evidence),
        "evidence": evidence[:limit],
        "width": round(
            1.5 + 5 * math.log1p(max(w, 0.0)) / math.log1p(heaviest[relation] or 1.0), 2
        ),
        "color": {"color": color, "opacity": 0.5 if relation == "co_mention" else 1.0},
        "arrows": "" if relation == "co_mention" else "to",
    }


def _dates(data: dict[str, Any], evidence: list[dict[str, Any]]) -> list[str]:
    """Return the sorted dates of a link's evidence, from ``date_counts`` if present."""
    dates = set(data.get("date_counts") or ()) - {"undated"}
    if not dates:
        dates = {item["date"] for item in evidence if item.get("date")}
        dates |= {data[k] for k in ("first_date", "last_date") if data.get(k)}
    return sorted(str(d) for d in dates)


def _options() -> dict[str, Any]:
    """Return the vis-network options: a frozen layout, no physics, own labels."""
    return {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "interaction": {
            "hover": True,
            "multiselect": False,
            "hideEdgesOnDrag": False,
            "tooltipDelay": 3600000,
            "zoomSpeed": 0.7,
        },
        "nodes": {
            "shape": "dot",
            "borderWidth": 1.5,
            "borderWidthSelected": 3,
            "font": {"size": 0},
        },
        "edges": {
            "smooth": {"enabled": False},
            "selectionWidth": 3,
            "hoverWidth": 1.5,
            "arrowStrikethrough": False,
            "arrows": {"to": {"scaleFactor": 0.6}},
        },
    }


def _community_legend(community: Mapping[Any, int], rank: Mapping[Any, float]) -> list:
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


def _type_words(kind: str) -> str:
    """The actor type in plain words, as the legend shows it."""
    return TYPE_WORDS.get(kind, kind.replace("_", " "))


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
