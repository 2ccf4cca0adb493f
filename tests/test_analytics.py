"""Analytics once: a build computes PageRank, layers, blocs and communities once."""

from __future__ import annotations

import json

import networkx as nx
import pytest
from click.testing import CliRunner

import graphkit.graph.metrics
from graphkit.cli import cli
from graphkit.graph import alliances, metrics
from graphkit.graph.analytics import analyse
from graphkit.graph.build import at_confidence
from graphkit.graph.io import write_json
from graphkit.pipeline import export_attributes, write_outputs
from graphkit.render import report
from graphkit.render.html import _DATA, to_html


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


def hedged_graph() -> nx.MultiDiGraph:
    """:func:`graph` where Chad's opposition to Sudan is only inferred, twice over.

    The reports count it out by default (``reported`` and surer), the graph
    files and the page keep it.
    """
    G = graph()
    G.edges["Chad", "Sudan", "oppose"].update(
        confidence_counts={"inferred": 4}, confidence_weights={"inferred": 4.0}
    )
    G.add_edge(
        "Mali",
        "Chad",
        key="oppose",
        relation="oppose",
        weight=5,
        count=5,
        evidence=[{"sentence": "Mali and Chad.", "doc": "d1", "title": "T"}],
        confidence_counts={"inferred": 5},
        confidence_weights={"inferred": 5.0},
    )
    return G


def page_actors(page: str) -> dict[str, tuple[int, float]]:
    """Each actor of a graphkit page: its community index and PageRank."""
    actors = json.loads(_DATA.search(page).group(1))["actors"]
    return {
        name: (community, rank)
        for name, community, rank in zip(
            actors["id"], actors["community"], actors["pagerank"], strict=True
        )
    }


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
    write_outputs(hedged_graph(), tmp_path, seed=1)
    assert calls == {"pagerank": 1, "louvain": 1, "layer": 1}
    assert (tmp_path / "alliances.md").read_text().startswith("#")


@pytest.mark.parametrize("level", ["explicit", "reported", "inferred"])
def test_analytics_the_page_ranks_and_groups_as_the_reports_count(tmp_path, level):
    G = hedged_graph()
    write_outputs(G, tmp_path, seed=1, min_confidence=level)
    counted = analyse(at_confidence(G, level), seed=1)
    numbers = export_attributes(counted)
    page = page_actors((tmp_path / "graph.html").read_text(encoding="utf-8"))
    assert page == {
        actor: (numbers["community"][actor] - 1, round(rank, 6))
        for actor, rank in counted.pagerank.items()
    }
    alliances_md = (tmp_path / "alliances.md").read_text(encoding="utf-8")
    assert alliances_md == report.alliances_report(counted.summary)
    # the page still draws the hedged tie and its evidence
    assert "Mali and Chad." in (tmp_path / "graph.html").read_text(encoding="utf-8")
    if level != "inferred":  # counting it out changes the ranks
        everything = analyse(G, seed=1).pagerank
        assert {a: round(r, 6) for a, r in everything.items()} != {
            a: rank for a, (_, rank) in page.items()
        }


def test_analytics_cli_html_draws_the_page_the_build_wrote(tmp_path):
    out = tmp_path / "out"
    write_outputs(hedged_graph(), out)
    write_json(hedged_graph(), tmp_path / "graph.json")
    page = tmp_path / "page.html"
    result = CliRunner().invoke(
        cli, ["html", str(tmp_path / "graph.json"), "-o", str(page)]
    )
    assert result.exit_code == 0, result.output
    assert page.read_bytes() == (out / "graph.html").read_bytes()
