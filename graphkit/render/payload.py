"""The page's embedded data: compact actor and tie tables, evidence read on demand.

The page opens on the tables alone (one JSON object of columns, actors and ties
by number, every repeated string once); evidence, which is most of a corpus's
bytes and is read only when a tie is opened, follows as lines that the page
parses one tie at a time. Format, version 2 (``"format": 2``):

- ``actors``: columns ``id``, ``x``, ``y``, ``size``, ``type`` (index into
  ``types``), ``community`` (index into ``palette``; past its end, grey),
  ``aliases``, ``mentions``, ``documents``, ``pagerank``; ``labels`` maps an
  actor number to its label where that is not its id; ``order`` lists the
  actors by importance (the first view takes them in that order).
- ``ties``: columns ``source``, ``target`` (actor numbers), ``relation`` (index
  into ``relations``), ``weight``, ``count``, ``dates`` (indices into
  ``dates``); and sparse ones, by tie number, only where they apply: ``kinds``
  and ``confidence`` (indices into ``kinds`` and ``confidences``), ``span``
  (first and last date, -1 when undated, where these are not the ends of
  ``dates``) and ``keys`` (the multigraph key where it is not the relation).
- The evidence lines: line 0 the articles (``doc``, ``title``, ``date``,
  ``url``, ``source`` as the evidence had them), line 1 the other evidence
  fields (``cue``, ``confidence``, ``basis``, ...), then one line per tie, a
  flat list of ``article, sentence, detail`` numbers (newest first, at most
  ``max_evidence``), then one line per distinct sentence.
"""

from __future__ import annotations

import json
import math
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from typing import Any

import networkx as nx

__all__ = [
    "ARTICLE_FIELDS",
    "FORMAT",
    "RELATION_COLORS",
    "embed_json",
    "evidence_block",
    "page_data",
]

FORMAT = 2
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=str)
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
ARTICLE_FIELDS = ("doc", "title", "date", "url", "source")
"""Evidence fields that belong to the article, stored once per article."""


class _Table:
    """Numbers the distinct values it is given, in the order first seen."""

    def __init__(self) -> None:
        self.index: dict[Hashable, int] = {}
        self.values: list[Any] = []

    def __call__(self, key: Hashable, value: Any = None) -> int:
        found = self.index.get(key)
        if found is None:
            found = self.index[key] = len(self.values)
            self.values.append(key if value is None else value)
        return found


def page_data(
    G: nx.MultiDiGraph,
    *,
    weight: str,
    positions: Mapping[Any, tuple[float, float]],
    ranks: Mapping[Any, float],
    communities: Sequence[Collection[Any]],
    first_view: int,
    options: Mapping[str, Any],
) -> dict[str, Any]:
    """Return the tables the page opens on (see the module docstring).

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("Kyiv", type="state", aliases=["Kiev"], mentions=2)
    >>> G.add_node("Nato", type="organization", aliases=[], mentions=1)
    >>> _ = G.add_edge("Nato", "Kyiv", key="support", relation="support",
    ...                weight=3, count=1, first_date="2022-03-01",
    ...                last_date="2022-03-01")
    >>> data = page_data(G, weight="weight", positions={"Kyiv": (0, 0),
    ...     "Nato": (40, 0)}, ranks={"Kyiv": 0.6, "Nato": 0.4}, communities=[],
    ...     first_view=300, options={})
    >>> data["actors"]["id"], data["actors"]["order"], data["ties"]["source"]
    (['Kyiv', 'Nato'], [0, 1], [1])
    >>> data["relations"], data["dates"], data["ties"]["dates"], data["ties"]["span"]
    (['support'], ['2022-03-01'], [[0]], {})
    """
    names = sorted(G, key=str)
    number = {node: i for i, node in enumerate(names)}
    community = {node: i for i, group in enumerate(communities) for node in group}
    types = sorted({str(d.get("type") or "unknown") for _, d in G.nodes(data=True)})
    type_index = {t: i for i, t in enumerate(types)}
    top = max(ranks.values(), default=1.0) or 1.0
    links = sorted(
        G.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2]))
    )
    stance = {
        node
        for u, v, key, data in links
        if str(data.get("relation") or key) != "co_mention"
        for node in (u, v)
    }
    order = sorted(names, key=lambda n: (n not in stance, -ranks.get(n, 0.0), str(n)))
    actors: dict[str, Any] = {
        "id": [str(n) for n in names],
        "x": [positions[n][0] for n in names],
        "y": [positions[n][1] for n in names],
        "size": [round(8 + 30 * math.sqrt(ranks.get(n, 0.0) / top), 2) for n in names],
        "type": [type_index[str(G.nodes[n].get("type") or "unknown")] for n in names],
        "community": [community.get(n, len(communities)) for n in names],
        "aliases": [[str(a) for a in G.nodes[n].get("aliases") or []] for n in names],
        "labels": {
            str(i): str(G.nodes[n]["label"])
            for i, n in enumerate(names)
            if G.nodes[n].get("label") and str(G.nodes[n]["label"]) != str(n)
        },
        "mentions": [G.nodes[n].get("mentions", 0) for n in names],
        "documents": [G.nodes[n].get("documents", 0) for n in names],
        "pagerank": [round(ranks.get(n, 0.0), 6) for n in names],
        "order": [number[n] for n in order],
    }
    present = {str(data.get("relation") or key) for _, _, key, data in links}
    # Relation order, then the others sorted: a set's order changes with each
    # process's hash seed, and the page must be byte-stable.
    relations = [r for r in RELATION_ORDER if r in present] + sorted(
        present - set(RELATION_ORDER)
    )
    relation_index = {r: i for i, r in enumerate(relations)}
    link_dates = [_dates(data) for *_, data in links]
    dates = sorted({d for found in link_dates for d in found})
    date_index = {d: i for i, d in enumerate(dates)}
    kinds, confidences = _Table(), _Table()
    ties: dict[str, Any] = {
        name: []
        for name in ("source", "target", "relation", "weight", "count", "dates")
    }
    # Sparse columns, by tie number: most ties have no kinds or confidence, and
    # their first and last dates are the ends of their dates.
    sparse: dict[str, dict[str, Any]] = {
        name: {} for name in ("keys", "kinds", "confidence", "span")
    }
    heaviest = [0.0] * len(relations)
    for i, (u, v, key, data) in enumerate(links):
        relation = str(data.get("relation") or key)
        if str(key) != relation:
            sparse["keys"][str(i)] = str(key)
        w = _number(data.get(weight))
        r = relation_index[relation]
        heaviest[r] = max(heaviest[r], w)
        evidence = data.get("evidence") or []
        ties["source"].append(number[u])
        ties["target"].append(number[v])
        ties["relation"].append(r)
        ties["weight"].append(int(w) if w.is_integer() else w)
        ties["count"].append(data.get("count", len(evidence)))
        days = [date_index[d] for d in link_dates[i]]
        ties["dates"].append(days)
        if data.get("kinds"):
            sparse["kinds"][str(i)] = [kinds(str(k)) for k in data["kinds"]]
        levels = _confidence_levels(data, evidence)
        if levels:
            sparse["confidence"][str(i)] = [confidences(c) for c in levels]
        span = [
            date_index.get(str(data.get(f"{end}_date") or ""), -1)
            for end in ("first", "last")
        ]
        if span != (days[:1] + days[-1:] if days else [-1, -1]):
            sparse["span"][str(i)] = span
    return {
        "format": FORMAT,
        "actors": actors,
        "ties": {**ties, **sparse},
        "dates": dates,
        "kinds": kinds.values,
        "confidences": confidences.values,
        "relations": relations,
        "relation_colors": [RELATION_COLORS.get(r, OTHER_COLOR) for r in relations],
        "heaviest": heaviest,
        "types": [
            {"name": t, "label": TYPE_WORDS.get(t, t.replace("_", " ")), "color": c}
            for t, c in zip(types, _colors(len(types)), strict=True)
        ],
        "palette": list(PALETTE),
        "other_color": OTHER_COLOR,
        "communities": _community_legend(community, ranks),
        "graph": {k: v for k, v in G.graph.items() if k != "corrections"},
        "first_view": first_view,
        "options": dict(options),
    }


def evidence_block(G: nx.MultiDiGraph, *, max_evidence: int) -> str:
    """Return the evidence lines of the page, escaped as :func:`embed_json` does.

    See the module docstring for the lines. Each tie keeps its ``max_evidence``
    newest items; an article's fields and a sentence shared by several ties are
    written once.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> said = {"doc": "a1", "title": "Talks", "date": "2022-03-01",
    ...         "sentence": "Nato and Kyiv met."}
    >>> _ = G.add_edge("Kyiv", "Nato", key="co_mention", evidence=[said])
    >>> _ = G.add_edge("Nato", "Kyiv", key="support",
    ...                evidence=[{**said, "cue": "met"}])
    >>> print(evidence_block(G, max_evidence=10))
    [{"doc":"a1","title":"Talks","date":"2022-03-01"}]
    [{},{"cue":"met"}]
    [0,0,0]
    [0,0,1]
    "Nato and Kyiv met."
    """
    articles, sentences, details = _Table(), _Table(), _Table()
    ties = []
    links = sorted(
        G.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2]))
    )
    for *_, data in links:
        evidence = sorted(
            data.get("evidence") or [],
            key=lambda item: str(item.get("date") or ""),
            reverse=True,
        )[:max_evidence]
        numbers: list[int] = []
        for item in evidence:
            article = {k: item[k] for k in ARTICLE_FIELDS if k in item}
            rest = {
                str(k): v
                for k, v in item.items()
                if k not in ARTICLE_FIELDS and k != "sentence"
            }
            sentence = item.get("sentence")
            numbers += [
                articles(_key(article), article),
                -1 if sentence is None else sentences(str(sentence)),
                details(_key(rest), rest),
            ]
        ties.append("[" + ",".join(map(str, numbers)) + "]")
    lines = [_JSON.encode(articles.values), _JSON.encode(details.values), *ties]
    lines += map(_JSON.encode, sentences.values)
    # JSON text never holds a raw newline, so the lines stay lines.
    return _escape("\n".join(lines))


def embed_json(data: Any) -> str:
    """Return ``data`` as one line of JSON that is safe inside a ``<script>`` element.

    ``<``, ``>`` and ``&`` are written as ``\\u`` escapes, so no string in the
    data can close the element or open a comment; line and paragraph separators
    too, so the text stays one line.

    Examples
    --------
    >>> embed_json({"s": "</script><b>"})
    '{"s":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
    """
    return _escape(_JSON.encode(data))


def _escape(text: str) -> str:
    """``<``, ``>``, ``&`` and the line separators of ``text`` as ``\\u`` escapes."""
    for char in "<>&\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


def _key(fields: Mapping[str, Any]) -> Hashable:
    """A hashable key for a dict of JSON values: equal dicts, equal keys."""
    key = tuple(sorted(fields.items()))
    try:
        hash(key)
        return key
    except TypeError:  # a list or dict among the values
        return json.dumps(fields, ensure_ascii=False, sort_keys=True, default=str)


def _confidence_levels(data: Mapping[str, Any], evidence: Iterable[Any]) -> list[str]:
    """Levels over all the evidence when the graph counts them, else the kept items."""
    counts = data.get("confidence_counts") or {}
    found = {str(k) for k, n in counts.items() if n} or {
        str(i["confidence"]) for i in evidence if i.get("confidence")
    }
    return sorted(found)


def _dates(data: Mapping[str, Any]) -> list[str]:
    """Return the sorted dates of a link's evidence, from ``date_counts`` if present."""
    dates = set(data.get("date_counts") or ()) - {"undated"}
    if not dates:
        dates = {i["date"] for i in data.get("evidence") or [] if i.get("date")}
        dates |= {data[k] for k in ("first_date", "last_date") if data.get(k)}
    return sorted(str(d) for d in dates)


def _community_legend(
    community: Mapping[Any, int], rank: Mapping[Any, float]
) -> list[dict[str, Any]]:
    """Describe the first communities by size and most central member."""
    members: dict[int, list] = {}
    for node, index in community.items():
        members.setdefault(index, []).append(node)
    return [
        {
            "index": i + 1,
            "color": PALETTE[i],
            "size": len(members[i]),
            "top": str(max(members[i], key=lambda n: (rank.get(n, 0.0), str(n)))),
        }
        for i in sorted(members)[: len(PALETTE)]
    ]


def _colors(n: int) -> list[str]:
    """The first ``n`` palette colours, grey past its end."""
    return [PALETTE[i] if i < len(PALETTE) else OTHER_COLOR for i in range(n)]


def _number(value: Any) -> float:
    """Return ``value`` as a finite float (0.0 for missing or NaN), valid in JSON."""
    try:
        number = float(value or 0.0)
    except (TypeError, ValueError):
        return 0.0
    return number if math.isfinite(number) else 0.0
