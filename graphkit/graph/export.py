"""GEXF and GraphML for Gephi and other tools, written as text in one pass.

networkx builds an ``ElementTree`` of the whole graph, copies every attribute
dict and pretty-prints the tree before writing it; on a few thousand actors
with their evidence that took seconds. These writers produce the same
documents as ``nx.write_gexf`` and ``nx.write_graphml`` (same elements,
attribute ids, types, order, escaping and indentation) straight from ``G``,
for the attribute types graphkit's graphs hold (``str``, ``int``, ``float``,
``bool``; lists and dicts become JSON strings). The GEXF ``meta`` names
graphkit and carries no date, so an unchanged graph gives unchanged bytes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

import graphkit
from graphkit.ingest.clean import clean_text

__all__ = ["FlatGraph", "NodeAttributes", "flatten", "gexf_text", "graphml_text"]

#: Extra node attributes for an export: ``{name: {node: value}}``.
NodeAttributes = Mapping[str, Mapping[str, Any]] | None

_DECLARATION = "<?xml version='1.0' encoding='utf-8'?>\n"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
_GEXF_NS = "http://www.gexf.net/1.2draft"
_GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
# XML Schema type names, as networkx writes them (bool before int: a subclass).
_TYPES = ((bool, "boolean"), (int, "long"), (float, "double"), (str, "string"))
_TYPE_OF = dict(_TYPES)
_json = json.JSONEncoder(ensure_ascii=False).encode
# Edge attributes that GEXF writes on the <edge> element itself, in this order.
_GEXF_EDGE_FIELDS = ("label", "weight", "type")
# What XML character data escapes (``&`` first), then what ElementTree escapes
# in an attribute value beyond that.
_TEXT_ENTITIES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"))
_ATTRIBUTE_ENTITIES = (
    *_TEXT_ENTITIES,
    ('"', "&quot;"),
    ("\r", "&#13;"),
    ("\n", "&#10;"),
    ("\t", "&#09;"),
)


def _escaped(value: str, entities: tuple[tuple[str, str], ...]) -> str:
    # Most values hold none of the characters: a scan each, no copy, no call
    # per entity (xml.sax.saxutils.escape copies the text once per entity).
    for char, entity in entities:
        if char in value:
            value = value.replace(char, entity)
    return value


def _text(value: str) -> str:
    """``value`` as XML character data (``&``, ``<``, ``>`` escaped)."""
    return _escaped(value, _TEXT_ENTITIES)


def _attr(value: str) -> str:
    """``value`` as a double-quoted XML attribute value, escaped as ElementTree does.

    Examples
    --------
    >>> _attr('a "b" & <c>\\n')
    'a &quot;b&quot; &amp; &lt;c&gt;&#10;'
    """
    return _escaped(value, _ATTRIBUTE_ENTITIES)


def _clean(text: str) -> str:
    """:func:`clean_text` of ``text``, at C speed when it has nothing to drop.

    Every character :func:`clean_text` drops or replaces is a control,
    separator, surrogate or non-character, none of which is printable.
    """
    return text if text.isprintable() else clean_text(text)


def _flat(value: Any) -> Any:
    """A value fit for XML: lists and dicts as JSON, text without what XML refuses."""
    if isinstance(value, list | tuple | dict):
        value = _json(value)
    return _clean(value) if isinstance(value, str) else value


def _flat_attributes(data: Mapping[str, Any]) -> dict[str, Any]:
    """``data`` without None values, names and values flattened (see :func:`_flat`)."""
    return {
        _clean(str(name)): _flat(value)
        for name, value in data.items()
        if value is not None
    }


def _xml_type(value: Any) -> str:
    exact = _TYPE_OF.get(type(value))
    if exact is not None:
        return exact
    for kind, name in _TYPES:
        if isinstance(value, kind):
            return name
    raise TypeError(f"attribute value type is not allowed: {type(value)}")


@dataclass(frozen=True)
class FlatGraph:
    """A graph with its names and attributes flattened for XML (see :func:`flatten`).

    Both writers read one, so a build that writes GEXF and GraphML flattens
    its graph once.
    """

    name: str
    graph: dict[str, Any]
    nodes: tuple[tuple[str, dict[str, Any]], ...]
    edges: tuple[tuple[str, str, str, dict[str, Any]], ...]


def flatten(G: nx.MultiDiGraph, *, node_attributes: NodeAttributes = None) -> FlatGraph:
    """Flatten ``G`` for :func:`gexf_text` and :func:`graphml_text`.

    Node ids, edge ends and keys become text, list and dict attributes JSON
    strings, None values are left out, text loses what XML refuses, and
    ``node_attributes`` (``{name: {node: value}}``) are merged into the nodes.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("a", "b", key="oppose", roles=["x"], date=None)
    >>> flatten(G, node_attributes={"pagerank": {"a": 0.5}}).nodes[0]
    ('a', {'pagerank': 0.5})
    >>> flatten(G).edges
    (('a', 'b', 'oppose', {'roles': '["x"]'}),)
    """
    extra = node_attributes or {}
    nodes = tuple(
        (
            _clean(str(node)),
            _flat_attributes(
                {**data, **{k: v[node] for k, v in extra.items() if node in v}}
            ),
        )
        for node, data in G.nodes(data=True)
    )
    edges = tuple(
        (_clean(str(u)), _clean(str(v)), _clean(str(key)), _flat_attributes(data))
        for u, v, key, data in G.edges(keys=True, data=True)
    )
    name = str(_flat(G.graph.get("name", "")))
    return FlatGraph(name, _flat_attributes(G.graph), nodes, edges)


def _flat_graph(G: nx.MultiDiGraph | FlatGraph, extra: NodeAttributes) -> FlatGraph:
    if isinstance(G, FlatGraph):
        if extra:
            raise ValueError("node_attributes go to flatten(), not with a FlatGraph")
        return G
    return flatten(G, node_attributes=extra)


def _value(value: Any) -> str:
    """An attribute value as GEXF writes it (booleans lower case, INF and NaN)."""
    if isinstance(value, bool):
        return str(value).lower()
    text = str(value)
    if isinstance(value, float):
        return {"inf": "INF", "-inf": "-INF", "nan": "NaN"}.get(text, text)
    return text


def _number(value: Any) -> bool:
    """Whether ``value`` is an int or a float (not a bool): its text needs no
    XML escaping (digits, ".", "e", "-", "+", inf, nan)."""
    kind = type(value)
    return kind is int or kind is float


def _attr_value(value: Any) -> str:
    """``_attr(_value(value))``, without escaping the text of a number."""
    if type(value) is str:
        return _attr(value)
    return _value(value) if _number(value) else _attr(_value(value))


def _data_text(value: Any, text: str) -> str:
    """``_text(text)`` of ``text = str(value)``, without escaping a number's."""
    return text if _number(value) else _text(text)


def gexf_text(
    G: nx.MultiDiGraph | FlatGraph, *, node_attributes: NodeAttributes = None
) -> str:
    """Return ``G`` as GEXF 1.2 text, as ``nx.write_gexf`` of its flattened copy.

    List and dict attributes become JSON strings, None values are left out,
    and co-mention links are marked ``type="undirected"`` one by one (the
    graph's default stays directed, for stance), so that Gephi draws them
    without an arrow: a mixed graph, which Gephi reads and ``nx.read_gexf``
    refuses. ``node_attributes`` (``{name: {node: value}}``) are added to
    the nodes. Edge keys are kept as the ``networkx_key`` attribute. ``G``
    may be given flattened already (:func:`flatten`, with its node attributes).

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("a", "b", key="co_mention", relation="co_mention", weight=1)
    >>> _ = G.add_edge("a", "b", key="oppose", relation="oppose", weight=2)
    >>> text = gexf_text(G, node_attributes={"pagerank": {"a": 0.4, "b": 0.6}})
    >>> text.count('type="undirected"'), 'title="pagerank" type="double"' in text
    (1, True)
    """
    flat = _flat_graph(G, node_attributes)
    ids: dict[str, dict[str, tuple[str, str]]] = {"node": {}, "edge": {}}

    def attvalues(cls: str, data: dict[str, Any], pad: str) -> list[str]:
        lines = [f"{pad}<attvalues>\n"]
        for name, value in data.items():
            known = ids[cls].get(name)
            if known is None:
                known = ids[cls][name] = (str(sum(map(len, ids.values()))), value)
            lines.append(
                f'{pad}  <attvalue for="{known[0]}" value="{_attr_value(value)}" />\n'
            )
        lines.append(f"{pad}</attvalues>\n")
        return lines

    nodes: list[str] = []
    for node, attributes in flat.nodes:
        data = dict(attributes)
        label = _attr(str(data.pop("label", node)))
        head = f'      <node id="{_attr(node)}" label="{label}"'
        if not data:
            nodes.append(f"{head} />\n")
            continue
        nodes += [f"{head}>\n", *attvalues("node", data, "        "), "      </node>\n"]
    edges: list[str] = []
    for number, (u, v, key, attributes) in enumerate(flat.edges):
        data = dict(attributes)
        if data.get("relation") == "co_mention":
            data["type"] = "undirected"
        fields = "".join(
            f' {name}="{_attr(str(data.pop(name)))}"'
            for name in _GEXF_EDGE_FIELDS
            if name in data
        )
        data.pop("key", None)
        data["networkx_key"] = key
        edges += [
            f'      <edge source="{_attr(u)}" target="{_attr(v)}" id="{number}"'
            f"{fields}>\n",
            *attvalues("edge", data, "        "),
            "      </edge>\n",
        ]
    name = _attr(flat.name)
    out = [
        _DECLARATION,
        f'<gexf xmlns="{_GEXF_NS}" xmlns:xsi="{_XSI}" xsi:schemaLocation="{_GEXF_NS} '
        f'http://www.gexf.net/1.2draft/gexf.xsd" version="1.2">\n',
        "  <meta>\n",
        f"    <creator>graphkit {graphkit.__version__}</creator>\n",
        "  </meta>\n",
        f'  <graph defaultedgetype="directed" mode="static" name="{name}">\n',
    ]
    for cls in ("edge", "node"):  # networkx puts each class first as it finds it
        if ids[cls]:
            out.append(f'    <attributes mode="static" class="{cls}">\n')
            out += [
                f'      <attribute id="{attr_id}" title="{_attr(name)}" '
                f'type="{_xml_type(first)}" />\n'
                for name, (attr_id, first) in ids[cls].items()
            ]
            out.append("    </attributes>\n")
    for tag, lines in (("nodes", nodes), ("edges", edges)):
        out += (
            [f"    <{tag}>\n", *lines, f"    </{tag}>\n"]
            if lines
            else [f"    <{tag} />\n"]
        )
    out += ["  </graph>\n", "</gexf>\n"]
    return "".join(out)


def graphml_text(
    G: nx.MultiDiGraph | FlatGraph, *, node_attributes: NodeAttributes = None
) -> str:
    """Return ``G`` as GraphML text, as ``nx.write_graphml`` of its flattened copy.

    List and dict attributes become JSON strings and None values are left
    out; ``node_attributes`` (``{name: {node: value}}``) are added to the
    nodes. One key per attribute name, scope and type, numbered in the order
    first met (graph, nodes, edges) and listed last first, as networkx does.
    ``G`` may be given flattened already (:func:`flatten`).

    Examples
    --------
    >>> G = nx.MultiDiGraph(documents=1)
    >>> _ = G.add_edge("a", "b", key="oppose", relation="oppose", weight=2.5)
    >>> back = nx.parse_graphml(graphml_text(G), force_multigraph=True)
    >>> back.graph["documents"], back.edges["a", "b", "oppose"]["weight"]
    (1, 2.5)
    """
    flat = _flat_graph(G, node_attributes)
    keys: dict[tuple[str, str, str], str] = {}

    def data_lines(scope: str, data: dict[str, Any], pad: str) -> list[str]:
        lines = []
        for name, value in data.items():
            kind = _TYPE_OF.get(type(value)) or _xml_type(value)
            key = keys.setdefault((name, kind, scope), f"d{len(keys)}")
            text = str(value)
            lines.append(
                f'{pad}<data key="{key}">{_data_text(value, text)}</data>\n'
                if text
                else f'{pad}<data key="{key}" />\n'
            )
        return lines

    tail = data_lines("graph", flat.graph, "    ")
    body: list[str] = []
    for node, data in flat.nodes:
        head = f'    <node id="{_attr(node)}"'
        lines = data_lines("node", data, "      ")
        body += [f"{head}>\n", *lines, "    </node>\n"] if lines else [f"{head} />\n"]
    for u, v, key, data in flat.edges:
        head = f'    <edge source="{_attr(u)}" target="{_attr(v)}" id="{_attr(key)}"'
        lines = data_lines("edge", data, "      ")
        body += [f"{head}>\n", *lines, "    </edge>\n"] if lines else [f"{head} />\n"]
    body += tail
    out = [
        _DECLARATION,
        f'<graphml xmlns="{_GRAPHML_NS}" xmlns:xsi="{_XSI}" '
        f'xsi:schemaLocation="{_GRAPHML_NS} '
        f'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n',
    ]
    out += [
        f'  <key id="{key}" for="{scope}" attr.name="{_attr(name)}" '
        f'attr.type="{kind}" />\n'
        for (name, kind, scope), key in reversed(keys.items())
    ]
    graph = '  <graph edgedefault="directed"'
    out += [f"{graph}>\n", *body, "  </graph>\n"] if body else [f"{graph} />\n"]
    out.append("</graphml>\n")
    return "".join(out)
