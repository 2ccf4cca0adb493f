"""Alliances: known blocs and balance on signed graphs, ties, evidence, CLI errors."""

from __future__ import annotations

import json
import random

import networkx as nx
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from graphkit.cli import cli
from graphkit.errors import UnknownActor
from graphkit.graph import alliances
from graphkit.graph.io import to_json_data, write_json


def graph(links: list[tuple[str, str, str, float]], aliases=None) -> nx.MultiDiGraph:
    """A graph.json-shaped multigraph from (source, target, relation, weight) links."""
    aliases = aliases or {}
    G = nx.MultiDiGraph(documents=1, undated=0)
    for u, v, relation, weight in links:
        for node in (u, v):
            G.add_node(
                node,
                label=node,
                type="state",
                aliases=aliases.get(node, []),
                mentions=1,
                documents=1,
            )
        if relation == "co_mention":
            u, v = sorted((u, v))
        evidence = {
            "doc": f"d-{u}-{v}",
            "title": "Wire",
            "date": "2024-05-01",
            "sentence": f"{u} {relation} {v}.",
        }
        if relation != "co_mention":
            evidence["cue"] = "back" if relation == "support" else "attack"
        G.add_edge(
            u,
            v,
            key=relation,
            relation=relation,
            weight=weight,
            count=2,
            evidence=[evidence],
        )
    return G


# Two camps: army allies against the RSF and its backers, plus one frustrated link.
CAMPS = [
    ("Sudan", "Egypt", "support", 3),
    ("Egypt", "Sudan", "support", 2),
    ("Eritrea", "Sudan", "support", 1),
    ("Rapid Support Forces", "Wagner Group", "support", 2),
    ("Wagner Group", "Rapid Support Forces", "support", 1),
    ("Rapid Support Forces", "Sudan", "oppose", 5),
    ("Sudan", "Rapid Support Forces", "oppose", 4),
    ("Egypt", "Wagner Group", "oppose", 2),
    ("Sudan", "Rapid Support Forces", "co_mention", 9),
    ("Sudan", "Chad", "co_mention", 1),
]


def test_alliances_blocs_split_the_camps():
    G = graph(CAMPS)
    found = alliances.blocs(G, seed=0)
    assert found == [
        frozenset({"Sudan", "Egypt", "Eritrea"}),
        frozenset({"Rapid Support Forces", "Wagner Group"}),
    ]
    assert alliances.frustration(G, found) == []


def test_alliances_frustration_lists_breaking_links_with_evidence():
    G = graph(CAMPS + [("Eritrea", "Egypt", "oppose", 1)])
    found = alliances.blocs(G, seed=0)
    assert frozenset({"Sudan", "Egypt", "Eritrea"}) in found
    broken = alliances.frustration(G, found)
    assert [(x["source"], x["target"], x["relation"]) for x in broken] == [
        ("Eritrea", "Egypt", "oppose")
    ]
    assert broken[0]["evidence"][0]["sentence"] == "Eritrea oppose Egypt."


def test_alliances_blocs_split_a_bloc_that_opposes_itself():
    # Chad supports Niger weakly but opposes it strongly: they end up apart.
    G = graph(
        [
            ("Chad", "Niger", "support", 1),
            ("Niger", "Chad", "oppose", 4),
            ("Chad", "Mali", "support", 2),
        ]
    )
    found = alliances.blocs(G, seed=1)
    assert found == [frozenset({"Chad", "Mali"}), frozenset({"Niger"})]


def test_alliances_balance_counts_known_triangles():
    G = graph(
        [
            ("a1", "b1", "support", 1),
            ("b1", "c1", "support", 1),
            ("a1", "c1", "support", 1),
            ("a2", "b2", "oppose", 1),
            ("b2", "c2", "oppose", 1),
            ("a2", "c2", "support", 1),
            ("a3", "b3", "support", 2),
            ("b3", "c3", "support", 2),
            ("a3", "c3", "oppose", 2),
            ("a4", "b4", "oppose", 1),
            ("b4", "c4", "oppose", 1),
            ("a4", "c4", "oppose", 1),
        ]
    )
    result = alliances.balance(G)
    assert (result["balanced"], result["unbalanced"]) == (2, 2)
    assert [t["actors"] for t in result["most_unbalanced"]] == [
        ["a3", "b3", "c3"],
        ["a4", "b4", "c4"],
    ]
    assert ["a3", "c3", "oppose"] in result["most_unbalanced"][0]["ties"]


def test_alliances_balance_uses_net_stance_of_a_pair():
    # Support 1 one way, opposition 3 the other: the pair is net hostile.
    G = graph(
        [
            ("x", "y", "support", 1),
            ("y", "x", "oppose", 3),
            ("x", "z", "oppose", 1),
            ("y", "z", "oppose", 1),
        ]
    )
    result = alliances.balance(G)
    assert (result["balanced"], result["unbalanced"]) == (0, 1)


def signed_graph_from_sides(seed: int) -> tuple[nx.MultiDiGraph, dict[str, int]]:
    """A random balanced signed graph: support within a side, opposition across."""
    rng = random.Random(seed)
    side = {f"actor{i}": rng.randrange(2) for i in range(9)}
    links = []
    for _ in range(16):
        a, b = rng.sample(sorted(side), 2)
        links.append(
            (a, b, "support" if side[a] == side[b] else "oppose", rng.randint(1, 5))
        )
    return graph(links), side


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 100_000))
def test_alliances_balanced_graphs_have_no_frustration(seed):
    G, _ = signed_graph_from_sides(seed)
    found = alliances.blocs(G, seed=seed)
    assert alliances.frustration(G, found) == []
    assert alliances.balance(G)["unbalanced"] == 0


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 100_000))
def test_alliances_blocs_and_communities_are_partitions(seed):
    rng = random.Random(seed)
    names = [f"actor{i}" for i in range(8)]
    links = [
        (
            *rng.sample(names, 2),
            rng.choice(["support", "oppose", "co_mention"]),
            rng.randint(1, 3),
        )
        for _ in range(14)
    ]
    G = graph(links)
    stance_actors = {n for u, v, r, _ in links if r != "co_mention" for n in (u, v)}
    found = alliances.blocs(G, seed=seed)
    assert sum(len(b) for b in found) == len(stance_actors)
    assert set().union(*found) == stance_actors
    broken = sum(x["weight"] for x in alliances.frustration(G, found))
    assert broken <= sum(w for *_, r, w in links if r == "support")  # beats all-alone
    assert nx.community.is_partition(nx.Graph(G), alliances.communities(G, seed=seed))
    assert alliances.blocs(G, seed=seed) == found


def test_alliances_communities_seeded_and_sorted():
    G = graph(
        [
            ("a", "b", "co_mention", 5),
            ("b", "c", "co_mention", 5),
            ("a", "c", "support", 5),
            ("x", "y", "co_mention", 5),
            ("c", "x", "co_mention", 1),
        ]
    )
    found = alliances.communities(G, seed=7)
    assert found == [frozenset("abc"), frozenset("xy")]
    assert alliances.communities(G, seed=7, resolution=0.01) == [frozenset("abcxy")]


def test_alliances_find_actor_by_alias_any_case():
    G = graph(CAMPS, aliases={"Rapid Support Forces": ["RSF", "Rapid Support Force"]})
    assert alliances.find_actor(G, "rsf") == "Rapid Support Forces"
    assert alliances.find_actor(G, "  SUDAN ") == "Sudan"


def test_alliances_unknown_actor_suggests_closest_names():
    G = graph(
        [("Iran", "Iraq", "co_mention", 1), ("Israel", "Jordan", "co_mention", 1)]
    )
    with pytest.raises(UnknownActor) as err:
        alliances.find_actor(G, "Irann")
    assert str(err.value) == "Unknown actor 'Irann'. Did you mean: Iran, Iraq?"
    with pytest.raises(UnknownActor, match="no actor has a similar name"):
        alliances.find_actor(G, "Zanzibar Tourism Board")


def test_alliances_ties_with_counts_directions_and_evidence():
    G = graph(CAMPS)
    allies = alliances.allies(G, "Sudan")
    assert [(t["actor"], t["weight"], t["count"], t["directions"]) for t in allies] == [
        ("Egypt", 5, 4, ["from", "to"]),
        ("Eritrea", 1, 2, ["from"]),
    ]
    assert allies[0]["evidence"]["sentence"] == "Sudan support Egypt."  # heaviest link
    enemies = alliances.adversaries(G, "rapid support forces")
    assert [(t["actor"], t["weight"]) for t in enemies] == [("Sudan", 9)]
    assert [t["actor"] for t in alliances.comentioned(G, "Sudan", top=1)] == [
        "Rapid Support Forces"
    ]
    assert alliances.allies(G, "Chad") == []


def test_alliances_why_lists_both_directions_by_relation():
    grouped = alliances.why(graph(CAMPS), "Rapid Support Forces", "Sudan")
    assert list(grouped) == ["oppose", "co_mention"]
    assert sorted((x["source"], x["target"]) for x in grouped["oppose"]) == [
        ("Rapid Support Forces", "Sudan"),
        ("Sudan", "Rapid Support Forces"),
    ]
    assert grouped["co_mention"][0]["count"] == 2
    assert alliances.why(graph(CAMPS), "Chad", "Egypt") == {}


def test_alliances_never_mutate_graph():
    G = graph(CAMPS)
    before = json.dumps(to_json_data(G), sort_keys=True)
    alliances.summary(G, seed=3)
    alliances.why(G, "Sudan", "Egypt")
    assert json.dumps(to_json_data(G), sort_keys=True) == before


@pytest.fixture
def graph_file(tmp_path):
    path = tmp_path / "graph.json"
    write_json(graph(CAMPS, aliases={"Rapid Support Forces": ["RSF"]}), path)
    return path


def test_alliances_cli_report(graph_file):
    result = CliRunner().invoke(cli, ["alliances", str(graph_file), "--seed", "1"])
    assert result.exit_code == 0, result.output
    assert "1. Sudan, Egypt, Eritrea" in result.output
    assert "2. Rapid Support Forces, Wagner Group" in result.output


def test_alliances_cli_actor_by_alias(graph_file):
    result = CliRunner().invoke(cli, ["alliances", str(graph_file), "--actor", "rsf"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("# Rapid Support Forces (state)")
    assert "- ↔ **Sudan** (weight 9, 4 items): “" in result.output


def test_alliances_cli_unknown_actor_error_line(graph_file):
    result = CliRunner().invoke(
        cli, ["alliances", str(graph_file), "--actor", "Sudann"]
    )
    assert result.exit_code == 1
    assert result.output == "Error: Unknown actor 'Sudann'. Did you mean: Sudan?\n"


def test_alliances_cli_why(graph_file):
    result = CliRunner().invoke(
        cli, ["why", str(graph_file), "RSF", "sudan", "-f", "csv"]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "relation,source,target,doc,date,cue,sentence"
    assert lines[1] == (
        "oppose,Rapid Support Forces,Sudan,d-Rapid Support Forces-Sudan,"
        "2024-05-01,attack,Rapid Support Forces oppose Sudan."
    )
    assert len(lines) == 4


def test_alliances_cli_malformed_graph_file(tmp_path):
    bad = tmp_path / "graph.json"
    bad.write_text('{"nodes": []}', encoding="utf-8")
    result = CliRunner().invoke(cli, ["why", str(bad), "a", "b"])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {bad} is not node-link JSON (needs 'nodes' and "
        f"'links'); pass the graph.json written by graphkit build.\n"
    )
