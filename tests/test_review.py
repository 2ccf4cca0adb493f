"""review: which ties an analyst should check first, on hand-built graphs."""

from __future__ import annotations

import csv
import io
import json

import networkx as nx
import pytest
from click.testing import CliRunner

from graphkit.cli import cli
from graphkit.graph.io import read_graph, write_json
from graphkit.graph.review import review_ties


def _tie(G, u, v, relation, weight, docs, **item):
    evidence = [{"doc": d, "sentence": f"{u} and {v} in {d}.", **item} for d in docs]
    G.add_edge(
        u,
        v,
        key=relation,
        relation=relation,
        weight=weight,
        count=len(docs),
        evidence=evidence,
    )


def _graph():
    """A ring of four actors: one heavy tie on one article, one light on five."""
    G = nx.MultiDiGraph()
    _tie(G, "a", "b", "oppose", 8.0, ["d1"])
    _tie(G, "c", "d", "oppose", 2.0, ["d1", "d2", "d3", "d4", "d5"])
    _tie(G, "b", "c", "support", 3.0, ["d2", "d3"])
    _tie(G, "a", "d", "co_mention", 4, ["d1", "d2", "d3"])
    return G


def test_review_heavy_thin_tie_before_light_well_evidenced_one():
    ranked = [(t["source"], t["target"]) for t in review_ties(_graph())]
    assert ranked.index(("a", "b")) < ranked.index(("c", "d"))
    assert ranked[0] == ("a", "b")


def test_review_weaker_confidence_ranks_higher():
    G = _graph()
    H = G.copy()
    H.edges["c", "d", "oppose"]["evidence"] = [
        {**e, "confidence": "inferred"} for e in G.edges["c", "d", "oppose"]["evidence"]
    ]
    # graphs built since stance confidence exists count it over all evidence
    K = G.copy()
    K.edges["c", "d", "oppose"]["confidence_counts"] = {"explicit": 1, "inferred": 4}
    score = {
        name: next(t["score"] for t in review_ties(g) if t["source"] == "c")
        for name, g in (("explicit", G), ("inferred", H), ("counted", K))
    }
    assert score["inferred"] > score["counted"] > score["explicit"]


def test_review_ties_already_corrected_come_last():
    G = _graph()
    G.edges["a", "b", "oppose"]["corrections"] = [{"action": "relabel"}]
    ranked = review_ties(G)
    assert (ranked[-1]["source"], ranked[-1]["corrected"]) == ("a", 1)
    assert ranked[0]["score"] < 1.0


def test_review_rows_relation_filter_and_top():
    G = _graph()
    rows = review_ties(G, relation="oppose", top=1)
    assert [(r["rank"], r["source"], r["relation"], r["documents"]) for r in rows] == [
        (1, "a", "oppose", 1)
    ]
    assert rows[0]["score"] == 1.0
    assert rows[0]["doc"] == "d1" and rows[0]["evidence"] == "a and b in d1."
    assert review_ties(G) == review_ties(G.copy()), "deterministic"
    assert G.number_of_edges() == 4


def test_review_cli_csv(tmp_path):
    path = tmp_path / "graph.json"
    write_json(_graph(), path)
    result = CliRunner().invoke(cli, ["review", str(path), "--top", "2", "-f", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [(r["rank"], r["source"], r["target"]) for r in rows][0] == ("1", "a", "b")
    assert len(rows) == 2


@pytest.mark.model
def test_review_cli_on_the_seed_build(seed_build):
    graph = seed_build / "graph.json"
    result = CliRunner().invoke(cli, ["review", str(graph), "--top", "5", "-f", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    G = read_graph(graph)
    assert [r["rank"] for r in rows] == [1, 2, 3, 4, 5]
    assert rows[0]["score"] == 1.0
    assert [r["score"] for r in rows] == sorted(
        (r["score"] for r in rows), reverse=True
    )
    for row in rows:
        link = G.edges[row["source"], row["target"], row["relation"]]
        assert (
            row["count"] == link["count"] and row["doc"] == link["evidence"][0]["doc"]
        )
