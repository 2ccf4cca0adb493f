"""The interactive graph page: one self-contained, offline HTML file per graph."""

from __future__ import annotations

import html
import importlib.util
import json
import math
import re
from pathlib import Path
from typing import Any

import networkx as nx

from graphkit.errors import GraphkitError
from graphkit.files import atomic_write
from graphkit.graph.analytics import Analytics, analyse
from graphkit.graph.build import DEFAULT_CONFIDENCE, at_confidence
from graphkit.lexicons import packaged_path
from graphkit.records import Confidence
from graphkit.render.payload import (
    RELATION_COLORS,
    embed_json,
    evidence_block,
    page_data,
)

__all__ = [
    "RELATION_COLORS",
    "embed_json",
    "read_positions",
    "to_html",
    "vis_network_js",
    "write_html",
]

VIS_NETWORK = ("lib", "vis-9.1.2", "vis-network.min.js")
"""Where pyvis keeps the vis-network build that draws the page."""
_SLOT = re.compile(r"__GRAPHKIT_([A-Z]+)__")
_DATA = re.compile(
    r'<script type="application/json" id="graphkit-data">(.*?)</script>', re.S
)
_SOURCE_MAP = re.compile(r"\n//# sourceMappingURL=\S*\s*$")
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
    min_confidence: Confidence = DEFAULT_CONFIDENCE,
    first_view: int = 300,
) -> str:
    """Return an interactive page of ``G`` as one offline HTML document.

    The layout is computed once here (see :func:`graphkit.render.layout.layout`)
    and frozen in the page. Actors are sized by PageRank and coloured by
    community (or by actor type), both counting the stance evidence the
    centrality and alliance reports count; the page draws every tie and all
    its evidence. Co-mention links are grey, support green,
    oppose red, affiliation purple. Above ``first_view`` actors the page opens
    on the most important ones (actors with a stance tie first, then by
    PageRank) and says how many it shows, with controls to show more. Selecting
    an actor or a tie highlights its neighbourhood and shows its details and
    evidence (title, date, source and a link to the article); the page filters
    by relation, confidence, actor type, weight and date, counts what is shown,
    exports the view (PNG, SVG, node-link JSON) and collects corrections as a
    JSONL file for ``graphkit build --corrections``. Its search box finds an
    actor by the rules of :func:`graphkit.graph.alliances.find_actor`.
    vis-network, read from the installed pyvis package, is inlined and the data
    is embedded as compact tables, with the evidence as lines read only when a
    tie is opened (:mod:`graphkit.render.payload`), so the page makes no network
    request; article text is only ever inserted as text, never as markup.

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
        The layer of all ties, PageRank and communities computed before (a
        build passes the ones its reports use); when omitted,
        :func:`graphkit.graph.analytics.analyse` of ``G`` at ``min_confidence``
        with ``seed`` and ``weight``.
    min_confidence : {"explicit", "reported", "inferred"}
        The least sure stance evidence the ranks, communities and layout count
        when ``analytics`` is omitted (see
        :func:`graphkit.graph.build.at_confidence`), as the reports do.
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
    # Imported here: the layout needs numpy, which a build that writes no page
    # (a rebuild with nothing new) never imports.
    from graphkit.render.layout import layout

    if analytics is None:
        analytics = analyse(at_confidence(G, min_confidence), seed=seed, weight=weight)
    data = page_data(
        G,
        weight=weight,
        positions=layout(
            analytics.ties,
            previous={str(k): v for k, v in (previous or {}).items()},
            seed=seed,
        ),
        ranks=analytics.pagerank,
        communities=analytics.communities,
        first_view=first_view,
        options=_options(),
    )
    values = {
        "TITLE": html.escape(title),
        "DATA": embed_json(data),
        "EVIDENCE": evidence_block(G, max_evidence=max_evidence),
        "VIS": vis_network_js(),
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
        data = json.loads(found.group(1)) if found else {}
        if "actors" in data:
            actors = data["actors"]
            rows = list(zip(actors["id"], actors["x"], actors["y"], strict=True))
        else:  # a page of format 1 (before 2026-12), one object per actor
            rows = [(n["id"], n["x"], n["y"]) for n in data.get("nodes", [])]
        points = {str(k): (float(x), float(y)) for k, x, y in rows}
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return {}
    return {k: p for k, p in points.items() if all(map(math.isfinite, p))}


def vis_network_js() -> str:
    """Return the vis-network script that draws the page, as pyvis ships it.

    The page inlines it, so it makes no request; its licence header stays in.
    The trailing source-map comment is dropped (it names a file that is not
    there, which a browser's developer tools would try to fetch).

    Raises
    ------
    GraphkitError
        If pyvis is not installed.

    Examples
    --------
    >>> script = vis_network_js()
    >>> "@license" in script[:2000], "sourceMappingURL" in script
    (True, False)
    """
    # Found without importing pyvis: its __init__ imports IPython, which costs
    # about a second of CPU that a build writing graph.html does not need.
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise GraphkitError(
            "pyvis is not installed; graph.html needs it: pip install 'pyvis>=0.3.2'."
        )
    script = Path(spec.submodule_search_locations[0], *VIS_NETWORK)
    return _SOURCE_MAP.sub("\n", script.read_text(encoding="utf-8"))


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
