"""Reading and writing graph files: node-link JSON, GEXF, GraphML, edge CSV."""

from __future__ import annotations

import csv
import html
import io
import json
import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any

import networkx as nx

from graphkit.errors import GraphFileError
from graphkit.files import atomic_write
from graphkit.graph.contract import contract_problem
from graphkit.graph.export import FlatGraph, NodeAttributes, gexf_text, graphml_text

__all__ = [
    "to_json_data",
    "json_text",
    "indented_json",
    "write_json",
    "read_graph",
    "gexf_bytes",
    "graphml_bytes",
    "write_gexf",
    "write_graphml",
    "edges_csv",
    "spreadsheet_safe",
    "csv_text",
    "markdown_safe",
]


def to_json_data(G: nx.MultiDiGraph) -> dict[str, Any]:
    """Return ``G`` as networkx node-link data with top-level ``nodes`` and ``links``.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("a", "b", key="co_mention", relation="co_mention", weight=1)
    >>> sorted(to_json_data(G))
    ['directed', 'graph', 'links', 'multigraph', 'nodes']
    """
    return nx.node_link_data(G, edges="links")


def json_text(G: nx.MultiDiGraph) -> str:
    """Return ``G`` as graph.json text (node-link JSON, stable key order).

    The text is ``json.dumps(data, ensure_ascii=False, indent=1,
    sort_keys=True)`` of :func:`to_json_data`, and a newline.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("a", "b", key="co_mention", relation="co_mention", weight=1)
    >>> text = json.dumps(to_json_data(G), ensure_ascii=False, indent=1,
    ...                   sort_keys=True)
    >>> json_text(G) == text + chr(10)
    True
    """
    return indented_json(to_json_data(G)) + "\n"


def _float(value: float) -> str:
    if math.isfinite(value):
        return float.__repr__(value)
    return "NaN" if math.isnan(value) else "Infinity" if value > 0 else "-Infinity"


# The JSON of each scalar type, looked up by exact type (subclasses take the
# slower way through _scalar, as json.dumps checks them).
_SCALARS: dict[type, Callable[[Any], str]] = {
    str: encode_basestring,
    int: int.__repr__,
    float: _float,
    bool: lambda value: "true" if value else "false",
    type(None): lambda value: "null",
}


def _scalar(value: Any) -> str | None:
    """The JSON of a scalar as ``json.dumps`` writes it; None for a container."""
    encode = _SCALARS.get(type(value))
    if encode is not None:
        return encode(value)
    for kind in (str, int, float):  # subclasses (an IntEnum, numpy's float64)
        if isinstance(value, kind):
            return _SCALARS[kind](kind(value))
    if isinstance(value, list | tuple | dict):
        return None
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _key(key: Any) -> str:
    """A dict key's text as ``json.dumps`` writes it (before quoting)."""
    if isinstance(key, str):
        return key
    if isinstance(key, bool | int | float) or key is None:
        return _scalar(key) or ""
    raise TypeError(
        f"keys must be str, int, float, bool or None, not {type(key).__name__}"
    )


def indented_json(value: Any) -> str:
    """Return ``json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True)``.

    The same text, made in about two thirds of the time: with ``indent`` set, the
    standard library encodes in Python through nested generators; this
    appends each line's text to one list instead.

    Examples
    --------
    >>> print(indented_json({"b": [1, 2.5], "a": {"x": None}}))
    {
     "a": {
      "x": null
     },
     "b": [
      1,
      2.5
     ]
    }
    """
    parts: list[str] = []
    add = parts.append
    scalars, quote = _SCALARS, encode_basestring

    def encode(node: Any, pad: str) -> None:
        inner = pad + " "
        if isinstance(node, dict):
            opener, closer = "{", "}"
            entries: Iterator[tuple[str, Any]] = (
                (quote(key if type(key) is str else _key(key)) + ": ", item)
                for key, item in sorted(node.items())
            )
        else:
            opener, closer = "[", "]"
            entries = (("", item) for item in node)
        if not node:
            add(opener + closer)
            return
        lead = opener + inner
        for label, item in entries:
            head = lead + label
            simple = scalars.get(type(item))
            text = simple(item) if simple is not None else _scalar(item)
            if text is None:
                add(head)
                encode(item, inner)
            else:
                add(head + text)
            lead = "," + inner
        add(pad + closer)

    text = _scalar(value)
    if text is not None:
        return text
    encode(value, "\n")
    return "".join(parts)


def write_json(G: nx.MultiDiGraph, path: str | Path) -> None:
    """Write ``G`` as graph.json (node-link JSON, stable key order), atomically."""
    atomic_write(path, json_text(G))


def read_graph(path: str | Path) -> nx.MultiDiGraph:
    """Read a graph.json written by graphkit (or any node-link JSON with ``links``).

    Raises
    ------
    GraphFileError
        If the file is missing, not JSON, not node-link data, or a field of the
        graph.json contract has a value of the wrong type (naming the field and
        the node or link; see :func:`~graphkit.graph.contract.contract_problem`).
    """
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GraphFileError(f"Graph file not found: {path}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        detail = getattr(err, "msg", "not UTF-8 text")
        raise GraphFileError(
            f"{path} is not a graph.json file ({detail}); "
            f"pass the graph.json written by graphkit build."
        ) from None
    if not isinstance(data, dict) or "nodes" not in data or "links" not in data:
        raise GraphFileError(
            f"{path} is not node-link JSON (needs 'nodes' and 'links'); "
            f"pass the graph.json written by graphkit build."
        )
    problem = contract_problem(data)
    if problem:
        raise GraphFileError(f"{path} is not a valid graph.json: {problem}.")
    try:
        return nx.node_link_graph(data, edges="links", multigraph=True, directed=True)
    except (KeyError, TypeError, nx.NetworkXError) as err:
        raise GraphFileError(f"{path}: malformed node-link data ({err}).") from None


def gexf_bytes(
    G: nx.MultiDiGraph | FlatGraph, *, node_attributes: NodeAttributes = None
) -> bytes:
    """Return ``G`` as GEXF (see :func:`graphkit.graph.export.gexf_text`).

    List attributes are flattened to JSON strings, co-mention links are marked
    ``type="undirected"`` one by one (the graph's default stays directed, for
    stance), so that Gephi draws them without an arrow, and
    ``node_attributes`` (``{name: {node: value}}``, such as PageRank and
    community) are added to the nodes.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("a", "b", key="co_mention", relation="co_mention", weight=1)
    >>> _ = G.add_edge("a", "b", key="oppose", relation="oppose", weight=2)
    >>> extra = {"pagerank": {"a": 0.4, "b": 0.6}}
    >>> text = gexf_bytes(G, node_attributes=extra).decode()
    >>> text.count('type="undirected"'), 'title="pagerank"' in text
    (1, True)
    """
    return gexf_text(G, node_attributes=node_attributes).encode("utf-8")


def graphml_bytes(
    G: nx.MultiDiGraph | FlatGraph, *, node_attributes: NodeAttributes = None
) -> bytes:
    """Return ``G`` as GraphML (see :func:`graphkit.graph.export.graphml_text`).

    List attributes are flattened to JSON strings; ``node_attributes``
    (``{name: {node: value}}``) are added to the nodes.
    """
    return graphml_text(G, node_attributes=node_attributes).encode("utf-8")


def write_gexf(G: nx.MultiDiGraph, path: str | Path) -> None:
    """Write ``G`` as GEXF with list attributes flattened, atomically."""
    atomic_write(path, gexf_bytes(G))


def write_graphml(G: nx.MultiDiGraph, path: str | Path) -> None:
    """Write ``G`` as GraphML with list attributes flattened, atomically."""
    atomic_write(path, graphml_bytes(G))


EDGE_COLUMNS = (
    "source",
    "target",
    "relation",
    "weight",
    "count",
    "first_date",
    "last_date",
    "top_evidence",
)


def edges_csv(G: nx.MultiDiGraph) -> str:
    """Return one CSV row per link of ``G``, with its first evidence sentence.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("a", "b", key="co_mention", relation="co_mention", weight=2,
    ...                count=2, evidence=[{"sentence": "a met b."}])
    >>> print(edges_csv(G).splitlines()[1])
    a,b,co_mention,2,2,,,a met b.
    """
    rows = []
    for u, v, data in G.edges(data=True):
        evidence = data.get("evidence") or [{}]
        rows.append(
            [
                u,
                v,
                data.get("relation", ""),
                data.get("weight", ""),
                data.get("count", ""),
                data.get("first_date") or "",
                data.get("last_date") or "",
                evidence[0].get("sentence", ""),
            ]
        )
    return csv_text(EDGE_COLUMNS, rows)


# What makes a spreadsheet read a cell as a formula (OWASP's CSV injection list).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """Return ``value`` fit for a CSV cell that a spreadsheet will open.

    Text starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return gets a
    leading apostrophe, so a spreadsheet shows it as text and never runs it as
    a formula; numbers and other text are unchanged.

    Examples
    --------
    >>> spreadsheet_safe("=SUM(A1:A9)"), spreadsheet_safe("-Iran")
    ("'=SUM(A1:A9)", "'-Iran")
    >>> spreadsheet_safe(-5.0), spreadsheet_safe("Iran")
    (-5.0, 'Iran')
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """Return ``header`` and ``rows`` as CSV, every cell :func:`spreadsheet_safe`.

    Examples
    --------
    >>> print(csv_text(["actor", "delta"], [["@Iran", -2]]), end="")
    actor,delta
    '@Iran,-2
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([spreadsheet_safe(cell) for cell in row] for row in rows)
    return out.getvalue()


def markdown_safe(text: str) -> str:
    """Escape ``&``, ``<`` and ``>`` in Markdown, so no HTML in it ever runs.

    graphkit's report templates hold none of them, so escaping a whole report
    escapes exactly the article text, names and ids it quotes.

    Examples
    --------
    >>> markdown_safe("- **A** opposes **B**: “<script>alert(1)</script>”")
    '- **A** opposes **B**: “&lt;script&gt;alert(1)&lt;/script&gt;”'
    """
    return html.escape(text, quote=False)
