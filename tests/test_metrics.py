"""Centrality: values worked out by hand, agreement with networkx, invariants, CLI."""

from __future__ import annotations

import json
import random

import networkx as nx
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from graphkit.cli import cli
from graphkit.graph import metrics
from graphkit.graph.io import read_graph, to_json_data, write_json

TYPES = {
    "Ukraine": "state",
    "Poland": "state",
    "Russia": "state",
    "Wagner Group": "group",
    "Belarus": "state",
    "NATO": "organization",
}


def graph(links: list[tuple[str, str, str, float]]) -> nx.MultiDiGraph:
    """A graph.json-shaped multigraph from (source, target, relation, weight) links."""
    G = nx.MultiDiGraph(documents=1, undated=0)
    for u, v, relation, weight in links:
        for node in (u, v):
            G.add_node(
                node,
                label=node,
                type=TYPES.get(node, "person"),
                aliases=[],
                mentions=1,
                documents=1,
            )
        if relation == "co_mention":
            u, v = sorted((u, v))
        G.add_edge(
            u,
            v,
            key=relation,
            relation=relation,
            weight=weight,
            count=1,
            evidence=[{"doc": "d1", "sentence": f"{u} and {v}.", "date": None}],
        )
    return G


def by_actor(result: metrics.Centrality) -> dict[str, dict]:
    return {row["actor"]: row for row in result.rows}


# A path Poland - Ukraine - Russia - Belarus, every co-mention of weight 1.
PATH = [
    ("Poland", "Ukraine", "co_mention", 1),
    ("Ukraine", "Russia", "co_mention", 1),
    ("Russia", "Belarus", "co_mention", 1),
]


def test_metrics_path_values_by_hand():
    rows = by_actor(metrics.centrality(graph(PATH), relation="co_mention"))
    end, middle = rows["Poland"], rows["Ukraine"]
    assert (end["degree"], middle["degree"]) == pytest.approx((1 / 3, 2 / 3))
    assert (end["weighted_degree"], middle["weighted_degree"]) == (1.0, 2.0)
    # Ukraine is on the Poland-Russia and Poland-Belarus paths: 2 of 3 pairs.
    assert (end["betweenness"], middle["betweenness"]) == pytest.approx((0.0, 2 / 3))
    # Poland is 1 + 2 + 3 away from the others; Ukraine 1 + 1 + 2.
    assert (end["closeness"], middle["closeness"]) == pytest.approx((3 / 6, 3 / 4))
    # PageRank: p_end = 0.15/4 + 0.85 p_mid/2 and 2 p_end + 2 p_mid = 1.
    assert end["pagerank"] == pytest.approx(0.25 / 1.425, abs=1e-6)
    assert middle["pagerank"] == pytest.approx(0.5 - 0.25 / 1.425, abs=1e-6)
    # Leading eigenvector of P4 is (1, phi, phi, 1), phi the golden ratio.
    phi = (1 + 5**0.5) / 2
    norm = (2 + 2 * phi**2) ** 0.5
    assert end["eigenvector"] == pytest.approx(1 / norm, abs=1e-4)
    assert middle["eigenvector"] == pytest.approx(phi / norm, abs=1e-4)


def test_metrics_paths_use_inverse_weight_as_distance():
    # Strong ties are short: Poland-Ukraine-Russia (1/4 + 1/4) beats Poland-Russia (1).
    G = graph(
        [
            ("Poland", "Ukraine", "co_mention", 4),
            ("Ukraine", "Russia", "co_mention", 4),
            ("Poland", "Russia", "co_mention", 1),
        ]
    )
    rows = by_actor(metrics.centrality(G))
    assert rows["Ukraine"]["betweenness"] == pytest.approx(1.0)
    assert rows["Russia"]["betweenness"] == 0.0
    # Poland: 1/4 to Ukraine, 1/2 to Russia.
    assert rows["Poland"]["closeness"] == pytest.approx(2 / 0.75)


def test_metrics_directed_support_layer():
    G = graph(
        [
            ("Poland", "Ukraine", "support", 2),
            ("NATO", "Ukraine", "support", 1),
            ("Ukraine", "Belarus", "support", 1),
            ("Russia", "Ukraine", "oppose", 5),
        ]
    )
    rows = by_actor(metrics.centrality(G, relation="support"))
    assert rows["Ukraine"]["degree"] == pytest.approx(3 / 4)  # in 2 + out 1, n - 1 = 4
    assert rows["Ukraine"]["weighted_degree"] == 4.0
    assert rows["Russia"]["degree"] == 0.0  # oppose links are not in this layer
    # Ukraine relays Poland->Belarus and NATO->Belarus: 2 of 4 * 3 ordered pairs.
    assert rows["Ukraine"]["betweenness"] == pytest.approx(2 / 12)
    assert rows["Ukraine"]["pagerank"] > rows["Poland"]["pagerank"]


def test_metrics_layer_sums_parallel_links_and_keeps_isolated_actors():
    G = graph(
        [
            ("Poland", "Ukraine", "co_mention", 2),
            ("Ukraine", "Poland", "support", 3),
            ("Poland", "Ukraine", "support", 1),
        ]
    )
    G.add_node("Belarus", type="state")
    H = metrics.layer(G, "all")
    assert not H.is_directed()
    assert H["Poland"]["Ukraine"]["weight"] == 6
    assert H["Poland"]["Ukraine"]["distance"] == pytest.approx(1 / 6)
    assert "Belarus" in H
    S = metrics.layer(G, "support")
    assert S.is_directed() and S["Ukraine"]["Poland"]["weight"] == 3
    with pytest.raises(ValueError, match="relation must be one of"):
        metrics.layer(G, "friendship")


def test_metrics_never_mutate_graph():
    G = graph(PATH + [("Russia", "Ukraine", "oppose", 3)])
    before = json.dumps(to_json_data(G), sort_keys=True)
    for relation in metrics.LAYERS:
        metrics.centrality(G, relation=relation, k=3, seed=1)
    assert json.dumps(to_json_data(G), sort_keys=True) == before


def test_metrics_type_filter_top_and_plain_types():
    G = graph(PATH + [("Wagner Group", "Russia", "co_mention", 2)])
    result = metrics.centrality(G, actor_type="state", top=2)
    assert len(result.rows) == 2
    assert all(row["type"] == "state" for row in result.rows)
    assert all(type(row[m]) is float for row in result.rows for m in metrics.MEASURES)
    assert "showing type state" in result.note()


def test_metrics_sampling_is_reported_and_seeded():
    G = graph([(f"actor{i}", f"actor{i + 1}", "co_mention", 1) for i in range(30)])
    one = metrics.centrality(G, k=5, seed=3)
    assert one.sample == 5
    assert "estimated from 5 sampled sources" in one.note()
    assert one == metrics.centrality(G, k=5, seed=3)
    assert metrics.centrality(G).sample is None


def test_metrics_empty_graph():
    result = metrics.centrality(nx.MultiDiGraph())
    assert result.rows == () and result.nodes == 0


def test_metrics_eigenvector_warns_when_not_converged():
    with pytest.warns(RuntimeWarning, match="did not converge in 1 iterations"):
        metrics.eigenvector(nx.path_graph(["a", "b", "c", "d"]), max_iter=1)


def test_metrics_eigenvector_matches_networkx_on_disconnected_graph():
    H = nx.disjoint_union(nx.path_graph(4), nx.cycle_graph(5))
    expected = nx.eigenvector_centrality(H, max_iter=1000)
    assert metrics.eigenvector(H) == pytest.approx(expected, abs=1e-6)


def random_layer(seed: int, directed: bool) -> nx.Graph:
    """A random layer whose distances are exact binary fractions (no float ties)."""
    H = nx.gnm_random_graph(12, 24, seed=seed, directed=directed)
    H = nx.relabel_nodes(H, {i: f"n{i:02d}" for i in H})
    rng = random.Random(seed)
    for u, v in H.edges:
        H[u][v]["distance"] = rng.choice([0.25, 0.5, 1.0, 2.0])
    return H


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), directed=st.booleans())
def test_metrics_path_centrality_equals_networkx(seed, directed):
    H = random_layer(seed, directed)
    between, close = metrics.path_centrality(H)
    assert between == pytest.approx(nx.betweenness_centrality(H, weight="distance"))
    assert close == pytest.approx(nx.closeness_centrality(H, distance="distance"))
    sampled, _ = metrics.path_centrality(H, k=4, seed=seed)
    assert sampled == pytest.approx(
        nx.betweenness_centrality(H, k=4, seed=seed, weight="distance")
    )


@pytest.mark.parametrize("relation", ["all", "co_mention", "support"])
def test_metrics_path_centrality_of_a_real_graph_equals_networkx(seed_build, relation):
    """The seed article's layers, every source's DAG solved in one system."""
    H = metrics.layer(read_graph(seed_build / "graph.json"), relation)
    between, close = metrics.path_centrality(H)
    assert max(between.values()) > 0 and len(H) > 10
    assert between == pytest.approx(nx.betweenness_centrality(H, weight="distance"))
    assert close == pytest.approx(nx.closeness_centrality(H, distance="distance"))
    sampled, _ = metrics.path_centrality(H, k=6, seed=5)
    assert sampled == pytest.approx(
        nx.betweenness_centrality(H, k=6, seed=5, weight="distance")
    )


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10_000), data=st.data())
def test_metrics_relabelling_does_not_change_values(seed, data):
    rng = random.Random(seed)
    names = [f"actor{i}" for i in range(7)]
    links = [
        (a, b, rel, rng.randint(1, 4))
        for a, b in (rng.sample(names, 2) for _ in range(12))
        for rel in [rng.choice(["co_mention", "support", "oppose"])]
    ]
    G = graph(links)
    new = data.draw(st.permutations([f"x{i}" for i in range(7)]))
    mapping = dict(zip(names, new, strict=True))
    relabelled = graph([(mapping[a], mapping[b], rel, w) for a, b, rel, w in links])
    relation = data.draw(st.sampled_from(metrics.LAYERS))
    before = by_actor(metrics.centrality(G, relation=relation))
    after = by_actor(metrics.centrality(relabelled, relation=relation))
    for old, row in before.items():
        for measure in metrics.MEASURES:
            assert after[mapping[old]][measure] == pytest.approx(row[measure], abs=1e-9)


@pytest.fixture
def graph_file(tmp_path):
    path = tmp_path / "graph.json"
    write_json(graph(PATH + [("Wagner Group", "Russia", "support", 2)]), path)
    return path


def test_metrics_cli_csv_top_and_type(graph_file):
    result = CliRunner().invoke(
        cli,
        ["centrality", str(graph_file), "-f", "csv", "--type", "state", "--top", "2"],
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "rank,actor,type," + ",".join(metrics.MEASURES)
    assert len(lines) == 3 and all(",state," in line for line in lines[1:])


def test_metrics_cli_says_when_sampled(graph_file):
    result = CliRunner().invoke(cli, ["centrality", str(graph_file), "--sample", "2"])
    assert result.exit_code == 0, result.output
    assert "estimated from 2 sampled sources" in result.output


def test_metrics_cli_malformed_graph_file(tmp_path):
    bad = tmp_path / "graph.json"
    bad.write_text("{not json", encoding="utf-8")
    result = CliRunner().invoke(cli, ["centrality", str(bad)])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {bad} is not a graph.json file")
    assert len(result.output.splitlines()) == 1
