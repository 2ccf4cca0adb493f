"""Analytics once: a build computes PageRank, layers, blocs and communities once."""

from __future__ import annotations

import networkx as nx

import graphkit.graph.metrics
from graphkit.graph import alliances, metrics
from graphkit.graph.analytics import analyse
from graphkit.pipeline import write_outputs
from graphkit.render import report
from graphkit.render.html import to_html


def graph() -> nx.MultiDiGraph:
    """Two camps: Chad and Niger back each other and oppose Sudan and its militia."""
    G = nx.MultiDiGraph(documents=2)
    for name in ("Chad", "Niger", "Sudan", "Janjaweed", "Mali"):
        G.add_node(name, label=name, type="state", aliases=[], mentions=1, documents=1)
    for u, v, relation, weight in [
        ("Chad", "Niger", "support", 2),
        ("Janjaweed", "Sudan", "support", 3),
        ("Chad", "Sudan", "oppose", 4),
        ("Niger", "Janjaweed", "oppose", 1),
        ("Mali", "Niger", "co_mention", 2),
    ]:
        evidence = [{"sentence": f"{u} and {v}.", "doc": "d1", "title": "T"}]
        G.add_edge(
            u,
            v,
            key=relation,
            relation=relation,
            weight=weight,
            count=weight,
            evidence=evidence,
        )
    return G


def test_analytics_equal_the_separate_computations():
    G = graph()
    found = analyse(G, seed=3)
    assert found.centrality == metrics.centrality(G, seed=3)
    assert dict(found.pagerank) == metrics.pagerank(G)
    assert list(found.blocs) == alliances.blocs(G, seed=3)
    assert list(found.communities) == alliances.communities(G, seed=3)
    assert found.summary == alliances.summary(G, seed=3)
    assert to_html(G, seed=3, analytics=found) == to_html(G, seed=3)
    assert report.alliances_report(found.summary) == report.alliances_markdown(
        G, seed=3
    )


def test_analytics_a_build_runs_each_algorithm_once(tmp_path, monkeypatch):
    calls = {"pagerank": 0, "louvain": 0, "layer": 0}

    def counted(name, real):
        def run(*args, **kwargs):
            calls[name] += 1
            return real(*args, **kwargs)

        return run

    monkeypatch.setattr(nx, "pagerank", counted("pagerank", nx.pagerank))
    monkeypatch.setattr(
        nx.community,
        "louvain_communities",
        counted("louvain", nx.community.louvain_communities),
    )
    monkeypatch.setattr(
        graphkit.graph.metrics, "layer", counted("layer", graphkit.graph.metrics.layer)
    )
    write_outputs(graph(), tmp_path, seed=1)
    assert calls == {"pagerank": 1, "louvain": 1, "layer": 1}
    assert (tmp_path / "alliances.md").read_text().startswith("#")
