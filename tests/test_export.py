"""GEXF and GraphML writers: the documents networkx writes, made in one pass."""

from __future__ import annotations

import io
import json
import re
from xml.etree import ElementTree

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphkit.graph import io as graph_io
from graphkit.graph.analytics import analyse
from graphkit.graph.export import flatten, gexf_text, graphml_text
from graphkit.ingest.clean import clean_text
from graphkit.pipeline import export_attributes

_META = re.compile(r"  <meta.*?</meta>\n", re.S)


def _networkx_copy(G, extra=None):
    """What networkx is given to write the same document: a flattened copy."""

    def flat(data):
        out = {}
        for name, value in data.items():
            if isinstance(value, list | tuple | dict):
                value = json.dumps(value, ensure_ascii=False)
            if value is not None:
                out[clean_text(name)] = (
                    clean_text(value) if isinstance(value, str) else value
                )
        return out

    extra = extra or {}
    H = nx.MultiDiGraph(**flat(G.graph))
    for n, d in G.nodes(data=True):
        merged = {**d, **{k: v[n] for k, v in extra.items() if n in v}}
        H.add_node(clean_text(n), **flat(merged))
    for u, v, k, d in G.edges(keys=True, data=True):
        H.add_edge(clean_text(u), clean_text(v), clean_text(k), **flat(d))
    return H


def _networkx_gexf(H):
    H = H.copy()
    for *_, d in H.edges(data=True):
        if d.get("relation") == "co_mention":
            d["type"] = "undirected"
    out = io.BytesIO()
    nx.write_gexf(H, out)
    return _META.sub("", out.getvalue().decode("utf-8"))


def _networkx_graphml(H):
    out = io.BytesIO()
    nx.write_graphml(H, out)
    return out.getvalue().decode("utf-8")


def test_export_seed_graph_is_what_networkx_writes(seed_build):
    G = graph_io.read_graph(seed_build / "graph.json")
    extra = export_attributes(analyse(G, seed=42))
    H = _networkx_copy(G, extra)
    gexf = gexf_text(G, node_attributes=extra)
    assert _META.sub("", gexf) == _networkx_gexf(H)
    assert graphml_text(G, node_attributes=extra) == _networkx_graphml(H)
    # graphkit names itself in the GEXF meta, with no date: same graph, same bytes
    assert "<creator>graphkit " in gexf and "lastmodifieddate" not in gexf


NASTY = "A&B <i>\"q\"</i> 'x'\ttab\r\nbreak\u2028sep\x07bell\ufffe\x00 ünï \U0001f600"


def _nasty_graph():
    G = nx.MultiDiGraph(documents=2, window="sentence", note=NASTY, empty="")
    G.add_node(NASTY, label=NASTY, type="person", aliases=[NASTY, "B"], country="")
    G.add_node("B & co", label="B & co", mentions=3, written=[], flag=True)
    G.add_node("lonely")
    G.add_edge(
        NASTY,
        "B & co",
        key="co_mention",
        relation="co_mention",
        weight=2,
        evidence=[{"sentence": NASTY, "date": None}],
        npmi=float("inf"),
    )
    G.add_edge(
        "B & co",
        NASTY,
        key="oppose",
        relation="oppose",
        weight=1.5,
        intensity=-1.5,
        kinds=["accuse"],
        first_date=None,
    )
    return G


def test_export_one_flattening_serves_both_formats():
    G = _nasty_graph()
    extra = {"pagerank": {NASTY: 0.25, "B & co": 0.5}, "community": {"lonely": 2}}
    flat = flatten(G, node_attributes=extra)
    gexf, graphml = gexf_text(flat), graphml_text(flat)
    assert (gexf, graphml) == (
        gexf_text(G, node_attributes=extra),
        graphml_text(G, node_attributes=extra),
    )
    # Writing one format leaves the flattened graph as it was for the other.
    assert gexf_text(flat) == gexf and graphml_text(flat) == graphml
    with pytest.raises(ValueError, match="flatten"):
        gexf_text(flat, node_attributes=extra)


def test_export_control_characters_quotes_and_empty_values_as_networkx():
    G = _nasty_graph()
    extra = {"pagerank": {NASTY: 0.25, "B & co": 0.5}, "community": {"lonely": 2}}
    H = _networkx_copy(G, extra)
    gexf = gexf_text(G, node_attributes=extra)
    graphml = graphml_text(G, node_attributes=extra)
    assert _META.sub("", gexf) == _networkx_gexf(H)
    assert graphml == _networkx_graphml(H)
    back = nx.parse_graphml(graphml, force_multigraph=True)
    clean = clean_text(NASTY)
    assert set(back) == {clean, "B & co", "lonely"}
    aliases = clean_text(json.dumps([NASTY, "B"], ensure_ascii=False))
    assert back.nodes[clean]["aliases"] == aliases
    assert back.nodes["B & co"]["mentions"] == 3 and back.graph["empty"] == ""
    assert back.edges["B & co", clean, "oppose"]["weight"] == 1.5
    # A mixed graph: nx.read_gexf refuses it, Gephi and any XML parser read it.
    root = ElementTree.fromstring(gexf.encode("utf-8"))
    ns = {"g": "http://www.gexf.net/1.2draft"}
    edges = root.findall(".//g:edge", ns)
    assert [e.get("type") for e in edges] == ["undirected", None]
    assert {n.get("id") for n in root.iterfind(".//g:node", ns)} == set(back)


_names = st.text(st.characters(codec="utf-8"), max_size=8)
_values = st.one_of(
    _names,
    st.integers(-(2**40), 2**40),
    st.floats(allow_nan=False),
    st.booleans(),
    st.lists(_names, max_size=3),
    st.none(),
)
_attrs = st.dictionaries(
    st.sampled_from(["label", "type", "weight", "relation", "w", "note"]), _values
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    nodes=st.dictionaries(_names, _attrs, max_size=5),
    edges=st.lists(
        st.tuples(st.integers(0, 4), st.integers(0, 4), _names, _attrs), max_size=6
    ),
)
def test_export_any_graph_is_what_networkx_writes(nodes, edges):
    G = nx.MultiDiGraph(documents=len(nodes))
    for node, data in nodes.items():
        G.add_node(node, **data)
    names = list(G)
    for u, v, key, data in edges if names else []:
        G.add_edge(names[u % len(names)], names[v % len(names)], key=key, **data)
    H = _networkx_copy(G)
    if H.number_of_nodes() != G.number_of_nodes() or (
        H.number_of_edges() != G.number_of_edges()
    ):
        return  # names that only differ by what cleaning drops merge in networkx
    assert graphml_text(G) == _networkx_graphml(H)
    assert _META.sub("", gexf_text(G)) == _networkx_gexf(H)


_json_scalars = st.one_of(
    st.text(st.characters(codec="utf-8"), max_size=6),
    st.integers(-(2**70), 2**70),
    st.floats(),  # NaN and infinities too: json.dumps writes them
    st.booleans(),
    st.none(),
)
_json_values = st.recursive(
    _json_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.tuples(inner, inner),
        st.dictionaries(st.text(max_size=4), inner, max_size=4),
        st.dictionaries(st.integers(-9, 9), inner, max_size=4),
    ),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(_json_values)
def test_export_graph_json_text_is_what_json_dumps_writes(value):
    expected = json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True)
    assert graph_io.indented_json(value) == expected


def test_export_graph_json_text_refuses_what_json_dumps_refuses():
    for value in ({"a": {1, 2}}, [object()], {(1, 2): "x"}, {"b": 1, 2: "a"}):
        with pytest.raises(TypeError):
            json.dumps(value, indent=1, sort_keys=True)
        with pytest.raises(TypeError):
            graph_io.indented_json(value)


def test_export_graph_json_of_the_seed_build_is_what_json_dumps_writes(seed_build):
    G = graph_io.read_graph(seed_build / "graph.json")
    data = graph_io.to_json_data(G)
    expected = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)
    assert graph_io.json_text(G) == expected + "\n"
    assert graph_io.json_text(G) == (seed_build / "graph.json").read_text("utf-8")
