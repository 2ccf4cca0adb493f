"""The graph.json contract's value types, checked once when a graph is read."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["contract_problem"]


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


# kind -> (test, what the message says the value must be)
_KINDS: dict[str, tuple[Callable[[Any], bool], str]] = {
    "number": (_number, "a number"),
    "text": (lambda v: isinstance(v, str), "a string"),
    "date": (lambda v: v is None or isinstance(v, str), "a date string or null"),
    "texts": (
        lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v),
        "a list of strings",
    ),
    "counts": (
        lambda v: isinstance(v, dict) and all(map(_number, v.values())),
        "an object of numbers",
    ),
    "objects": (
        lambda v: isinstance(v, list) and all(isinstance(x, dict) for x in v),
        "a list of objects",
    ),
    "id": (lambda v: isinstance(v, str) or _number(v), "a string or a number"),
}
_GRAPH = {
    "documents": "number",
    "undated": "number",
    "date_counts": "counts",
    "window": "text",
}
_NODE = {
    "id": "id",
    "label": "text",
    "type": "text",
    "aliases": "texts",
    "mentions": "number",
    "documents": "number",
    "country": "text",
    "written": "texts",
}
_LINK = {
    "source": "id",
    "target": "id",
    "key": "text",
    "relation": "text",
    "weight": "number",
    "count": "number",
    "evidence": "objects",
    "first_date": "date",
    "last_date": "date",
    "date_counts": "counts",
    "date_weights": "counts",
    "confidence_counts": "counts",
    "confidence_weights": "counts",
    "jaccard": "number",
    "npmi": "number",
    "intensity": "number",
    "sign": "number",
    "kinds": "texts",
}
_EVIDENCE = {
    "doc": "id",
    "title": "text",
    "sentence": "text",
    "date": "date",
    "cue": "text",
}


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _field_problem(item: Mapping[str, Any], fields: Mapping[str, str]) -> str | None:
    for name, kind in fields.items():
        if name in item:
            test, what = _KINDS[kind]
            if not test(item[name]):
                return f"'{name}' must be {what}, not {_shown(item[name])}"
    return None


def contract_problem(data: Mapping[str, Any]) -> str | None:
    """Say what in node-link ``data`` breaks graph.json's value types, or None.

    Only the contract's fields are checked, and only where present, so node-link
    JSON from other tools (with fewer or more fields) passes. The first problem
    found is named with its place: the graph, a node (by id) or a link (by
    number, ends and relation), and an evidence item by number.

    Examples
    --------
    >>> link = {"source": "A", "target": "B", "relation": "oppose", "weight": "x"}
    >>> contract_problem({"graph": {}, "nodes": [{"id": "A"}], "links": [link]})
    "link 1 (A -> B, oppose): 'weight' must be a number, not 'x'"
    >>> contract_problem({"graph": [], "nodes": [], "links": []})
    "'graph' must be an object, not []"
    >>> contract_problem({"nodes": [{"id": "A"}], "links": []}) is None
    True
    """
    graph = data.get("graph", {})
    for name in ("nodes", "links"):
        if not isinstance(data[name], list):
            return f"'{name}' must be a list, not {type(data[name]).__name__}"
    if not isinstance(graph, dict):
        return f"'graph' must be an object, not {_shown(graph)}"
    problem = _field_problem(graph, _GRAPH)
    if problem:
        return f"graph attributes: {problem}"
    for node in data["nodes"]:
        if not isinstance(node, dict) or "id" not in node:
            return f"node {_shown(node)}: a node must be an object with an 'id'"
        problem = _field_problem(node, _NODE)
        if problem:
            return f"node {_shown(node['id'])}: {problem}"
    for number, link in enumerate(data["links"], 1):
        if not isinstance(link, dict) or not {"source", "target"} <= set(link):
            return f"link {number}: a link must be an object with 'source', 'target'"
        where = f"link {number} ({link['source']} -> {link['target']}" + (
            f", {link['relation']})" if "relation" in link else ")"
        )
        problem = _field_problem(link, _LINK)
        if problem:
            return f"{where}: {problem}"
        for item_number, item in enumerate(link.get("evidence", ()), 1):
            problem = _field_problem(item, _EVIDENCE)
            if problem:
                return f"{where}, evidence item {item_number}: {problem}"
    return None
