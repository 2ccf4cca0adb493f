"""Reading and writing graph files: node-link JSON, GEXF, GraphML, edge CSV."""

from __future__ import annotations

import csv
import hashlib
import html
import io
import json
import os
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import networkx as nx

from graphkit.errors import GraphFileError, OutputError
from graphkit.graph.contract import contract_problem
from graphkit.ingest.clean import clean_text

__all__ = [
    "Staging",
    "staged_writes",
    "atomic_write",
    "to_json_data",
    "json_text",
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

#: Extra node attributes for an export: ``{name: {node: value}}``.
NodeAttributes = Mapping[str, Mapping[str, Any]] | None


class Staging:
    """Output files written to temporary names, renamed into place together.

    Use it through :func:`staged_writes`: each :meth:`write` puts the data in a
    temporary file beside its target at once (so nothing is held in memory),
    and only when every file was written are they all renamed, so an output
    set is either all old or all new. ``remove`` schedules stale files for
    deletion after the renames.
    """

    def __init__(self) -> None:
        self._staged: list[tuple[Path, Path]] = []
        self._stale: list[Path] = []
        #: SHA-256 of the data given for each path written so far.
        self.digests: dict[Path, str] = {}

    def write(self, path: str | Path, data: str | bytes) -> None:
        """Write ``data`` (text is UTF-8) to a temporary file beside ``path``.

        A file that already holds exactly ``data`` is left alone (same bytes,
        same modification time), so watchers and syncing tools see no change.
        """
        path = Path(path)
        data = data.encode("utf-8") if isinstance(data, str) else data
        self.digests[path] = hashlib.sha256(data).hexdigest()
        if _holds(path, data):
            return
        with _writing(path):
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(
                dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
            )
            self._staged.append((Path(tmp), path))
            # mkstemp makes 0600; outputs are ordinary files.
            os.fchmod(fd, 0o666 & ~_umask())
            with os.fdopen(fd, "wb") as f:
                f.write(data)

    def remove(self, path: str | Path) -> None:
        """Delete ``path`` (if it exists) once the new files are in place."""
        self._stale.append(Path(path))

    def _commit(self) -> None:
        for tmp, path in self._staged:
            with _writing(path):
                os.replace(tmp, path)
        for path in self._stale:
            with _writing(path):
                path.unlink(missing_ok=True)

    def _discard(self) -> None:
        for tmp, _ in self._staged:
            tmp.unlink(missing_ok=True)


@contextmanager
def staged_writes() -> Iterator[Staging]:
    """Stage output files, then rename them all into place when the block ends.

    If the block (or any write) fails, every temporary file is removed and no
    target is touched.

    Raises
    ------
    OutputError
        If a file cannot be written (naming it and the reason).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> with staged_writes() as out:
    ...     out.write(folder / "a.txt", "new a")
    ...     out.write(folder / "b.txt", b"new b")
    >>> sorted(p.name for p in folder.iterdir())
    ['a.txt', 'b.txt']
    """
    staging = Staging()
    try:
        yield staging
        staging._commit()
    finally:
        staging._discard()


def _holds(path: Path, data: bytes) -> bool:
    """Whether the file at ``path`` holds exactly ``data``."""
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


@contextmanager
def _writing(path: Path) -> Iterator[None]:
    """Turn an OS error while writing ``path`` into one OutputError line."""
    try:
        yield
    except OSError as err:
        reason = err.strerror or str(err)
        raise OutputError(f"Cannot write {path}: {reason}.") from None


def atomic_write(path: str | Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and ``os.replace``.

    A failure part-way never leaves a half-written file at ``path``.

    Raises
    ------
    OutputError
        If the file cannot be written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "x.txt"
    >>> atomic_write(target, "hello")
    >>> target.read_text()
    'hello'
    """
    with staged_writes() as out:
        out.write(path, data)


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


def json_text(G: nx.MultiDiGraph) -> str:
    """Return ``G`` as graph.json text (node-link JSON, stable key order)."""
    text = json.dumps(to_json_data(G), ensure_ascii=False, indent=1, sort_keys=True)
    return text + "\n"


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


def _flat(
    G: nx.MultiDiGraph, node_attributes: NodeAttributes = None
) -> nx.MultiDiGraph:
    """Copy ``G`` with list and dict attributes flattened to strings (for Gephi).

    Strings pass through :func:`clean_text`, so that no character an XML reader
    refuses (a control character from an alias file, say) reaches GEXF or GraphML.
    ``node_attributes`` (``{name: {node: value}}``) are added to the nodes.
    """
    extra = node_attributes or {}

    def text(value: Any) -> Any:
        return clean_text(value) if isinstance(value, str) else value

    def flatten(attrs: dict[str, Any]) -> dict[str, Any]:
        out = {}
        for name, value in attrs.items():
            if value is None:
                continue
            if isinstance(value, (list, tuple, dict)):
                value = json.dumps(value, ensure_ascii=False)
            out[text(name)] = text(value)
        return out

    flat = nx.MultiDiGraph()
    flat.graph.update(flatten(G.graph))
    flat.add_nodes_from(
        (text(n), flatten({**d, **{k: v[n] for k, v in extra.items() if n in v}}))
        for n, d in G.nodes(data=True)
    )
    flat.add_edges_from(
        (text(u), text(v), text(k), flatten(d))
        for u, v, k, d in G.edges(keys=True, data=True)
    )
    return flat


def gexf_bytes(G: nx.MultiDiGraph, *, node_attributes: NodeAttributes = None) -> bytes:
    """Return ``G`` as GEXF, list attributes flattened to JSON strings.

    Co-mention links are marked ``type="undirected"`` one by one (the graph's
    default stays directed, for stance), so that Gephi draws them without an
    arrow. ``node_attributes`` (``{name: {node: value}}``, such as PageRank and
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
    flat = _flat(G, node_attributes)
    for *_, data in flat.edges(data=True):
        if data.get("relation") == "co_mention":
            data["type"] = "undirected"
    buffer = io.BytesIO()
    nx.write_gexf(flat, buffer)
    return buffer.getvalue()


def graphml_bytes(
    G: nx.MultiDiGraph, *, node_attributes: NodeAttributes = None
) -> bytes:
    """Return ``G`` as GraphML, list attributes flattened to JSON strings.

    ``node_attributes`` (``{name: {node: value}}``) are added to the nodes.
    """
    buffer = io.BytesIO()
    nx.write_graphml(_flat(G, node_attributes), buffer)
    return buffer.getvalue()


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
