"""Reading and writing graph files: node-link JSON, GEXF, GraphML, edge CSV."""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import networkx as nx

from graphkit.errors import GraphFileError

__all__ = [
    "atomic_write",
    "to_json_data",
    "write_json",
    "read_graph",
    "write_gexf",
    "write_graphml",
    "edges_csv",
]


def atomic_write(path: str | Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and ``os.replace``.

    A failure part-way never leaves a half-written file at ``path``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "x.txt"
    >>> atomic_write(target, "hello")
    >>> target.read_text()
    'hello'
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = "wb" if isinstance(data, bytes) else "w"
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are ordinary files
    try:
        with os.fdopen(
            fd, mode, **({} if mode == "wb" else {"encoding": "utf-8"})
        ) as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


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


def write_json(G: nx.MultiDiGraph, path: str | Path) -> None:
    """Write ``G`` as graph.json (node-link JSON, stable key order), atomically."""
    text = json.dumps(to_json_data(G), ensure_ascii=False, indent=1, sort_keys=True)
    atomic_write(path, text + "\n")


def read_graph(path: str | Path) -> nx.MultiDiGraph:
    """Read a graph.json written by graphkit (or any node-link JSON with ``links``).

    Raises
    ------
    GraphFileError
        If the file is missing, not JSON, or not node-link data.
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
    try:
        return nx.node_link_graph(data, edges="links", multigraph=True, directed=True)
    except (KeyError, TypeError, nx.NetworkXError) as err:
        raise GraphFileError(f"{path}: malformed node-link data ({err}).") from None


def _flat(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Copy ``G`` with list and dict attributes flattened to strings (for Gephi)."""

    def flatten(attrs: dict[str, Any]) -> dict[str, Any]:
        out = {}
        for name, value in attrs.items():
            if value is None:
                continue
            if isinstance(value, (list, tuple, dict)):
                value = json.dumps(value, ensure_ascii=False)
            out[name] = value
        return out

    flat = nx.MultiDiGraph()
    flat.graph.update(flatten(G.graph))
    flat.add_nodes_from((n, flatten(d)) for n, d in G.nodes(data=True))
    flat.add_edges_from(
        (u, v, k, flatten(d)) for u, v, k, d in G.edges(keys=True, data=True)
    )
    return flat


def write_gexf(G: nx.MultiDiGraph, path: str | Path) -> None:
    """Write ``G`` as GEXF with list attributes flattened, atomically."""
    buffer = io.BytesIO()
    nx.write_gexf(_flat(G), buffer)
    atomic_write(path, buffer.getvalue())


def write_graphml(G: nx.MultiDiGraph, path: str | Path) -> None:
    """Write ``G`` as GraphML with list attributes flattened, atomically."""
    buffer = io.BytesIO()
    nx.write_graphml(_flat(G), buffer)
    atomic_write(path, buffer.getvalue())


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
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(EDGE_COLUMNS)
    for u, v, data in G.edges(data=True):
        evidence = data.get("evidence") or [{}]
        writer.writerow(
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
    return out.getvalue()
