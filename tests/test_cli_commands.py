"""Commands over a graph file: options, actor lookup, report shapes, time windows."""

from __future__ import annotations

import csv
import io
import itertools
import json
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from graphkit.cli import cli
from graphkit.graph.io import read_graph, write_json


def _evidence(date: str | None, n: int, what: str) -> list[dict]:
    return [
        {"doc": f"d{i}", "title": "T", "sentence": f"{what} #{i}.", "date": date}
        for i in range(n)
    ]


def _tie(G, u, v, relation, n, date="2023-01-05", **extra):
    dates = {date or "undated": n}
    G.add_edge(
        u,
        v,
        key=relation,
        relation=relation,
        weight=n,
        count=n,
        evidence=_evidence(date, n, f"{u} {relation} {v}"),
        first_date=date,
        last_date=date,
        date_counts=dates,
        **extra,
    )


def _actors(G, kinds):
    for node, kind in kinds.items():
        G.add_node(node, label=node, type=kind, aliases=[node], mentions=len(node))


@pytest.fixture
def hub_graph(tmp_path):
    """A hub tied to four actors, an isolated pair, and stance around the hub."""
    G = nx.MultiDiGraph(documents=6, undated=0, date_counts={"2023-01-05": 6})
    _actors(
        G,
        {
            "Amina Okafor": "person",
            "Tomas Okafor": "person",
            "Éloïse Durand": "person",
            "Republic of Nord": "state",
            "Sud": "state",
            "Harbour Union": "organization",
            "Lone A": "group",
            "Lone B": "group",
        },
    )
    hub = "Republic of Nord"
    for other in ("Amina Okafor", "Tomas Okafor", "Éloïse Durand", "Sud"):
        u, v = sorted((hub, other))
        _tie(G, u, v, "co_mention", 1, jaccard=0.5)
    _tie(G, "Lone A", "Lone B", "co_mention", 1, jaccard=1.0)
    for other in ("Amina Okafor", "Tomas Okafor", "Sud"):
        _tie(G, other, hub, "support", 2, sign=1, intensity=2.0)
    _tie(G, "Éloïse Durand", hub, "oppose", 3, sign=-1, intensity=-3.0)
    G.add_node("Harbour Union")
    path = tmp_path / "graph.json"
    write_json(G, path)
    return path


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_cli_centrality_weight_must_be_a_link_attribute(hub_graph):
    result = run("centrality", hub_graph, "--weight", "bogus")
    assert result.exit_code == 2
    assert "Invalid value for '--weight': 'bogus'" in result.output
    assert "count, intensity, jaccard, sign, weight." in result.output
    ok = run("centrality", hub_graph, "--layer", "co_mention", "--weight", "jaccard")
    assert ok.exit_code == 0, ok.output
    oppose = run("centrality", hub_graph, "--layer", "oppose", "--weight", "jaccard")
    assert oppose.exit_code == 2
    assert "oppose links" in oppose.output and "jaccard" not in oppose.output[-60:]


def test_cli_centrality_type_must_exist(hub_graph):
    result = run("centrality", hub_graph, "--type", "people")
    assert result.exit_code == 2
    assert "group, organization, person, state." in result.output
    states = run("centrality", hub_graph, "--type", "state", "-f", "csv")
    assert [row["actor"] for row in csv.DictReader(io.StringIO(states.output))] == [
        "Republic of Nord",
        "Sud",
    ]


def test_cli_centrality_sort_and_closeness_of_isolated_pair(hub_graph):
    result = run("centrality", hub_graph, "--sort", "closeness", "-f", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    closeness = [float(r["closeness"]) for r in rows]
    assert closeness == sorted(closeness, reverse=True)
    rank = [r["actor"] for r in rows]
    # The hub reaches every tied actor; the isolated pair reaches one.
    assert rank[0] == "Republic of Nord"
    assert rank.index("Lone A") > rank.index("Sud")
    bad = run("centrality", hub_graph, "--sort", "fame")
    assert bad.exit_code == 2 and "'closeness'" in bad.output


def test_cli_centrality_explains_closeness(hub_graph):
    text = run("centrality", hub_graph).output
    flat = " ".join(text.split())
    assert "8 actors, layer all, by pagerank." in flat
    assert "Closeness is Wasserman-Faust's" in flat and "above 1" in flat
    bounded = run(
        "centrality",
        hub_graph,
        "--layer",
        "co_mention",
        "--weight",
        "jaccard",
        "-f",
        "json",
    )
    values = [row["closeness"] for row in json.loads(bounded.output)["rows"]]
    assert max(values) <= 1 and values[0] == max(values)


def test_cli_alliances_refuses_empty_actor(hub_graph):
    result = run("alliances", hub_graph, "--actor", "")
    assert result.exit_code == 2
    assert "Invalid value for '--actor': give an actor name." in result.output


def test_cli_alliances_headers_show_listed_of_total(hub_graph):
    result = run("alliances", hub_graph, "--actor", "nord", "--top", "2")
    assert result.exit_code == 0, result.output
    assert "## Allies (2 of 3)" in result.output
    assert "## Adversaries (1)" in result.output
    assert "## Mentioned with (2 of 4)" in result.output
    data = json.loads(
        run("alliances", hub_graph, "--actor", "nord", "-f", "json").output
    )
    assert data["totals"] == {"allies": 3, "adversaries": 1, "comentioned": 4}


@pytest.mark.parametrize(
    ("query", "actor"),
    [
        ("Republic of Nord", "Republic of Nord"),
        ("republic  of NORD", "Republic of Nord"),
        ("Nord", "Republic of Nord"),
        ("eloise durand", "Éloïse Durand"),
        ("DURAND", "Éloïse Durand"),
        ("Tomas", "Tomas Okafor"),
    ],
)
def test_cli_one_actor_lookup_for_every_command(hub_graph, query, actor):
    why = run("why", hub_graph, query, "Sud", "-f", "json")
    assert why.exit_code == 0, why.output
    assert json.loads(why.output)["actors"] == [actor, "Sud"]
    ties = run("alliances", hub_graph, "--actor", query, "-f", "json")
    assert json.loads(ties.output)["actor"] == actor
    timeline = run("timeline", hub_graph, "--pair", query, "Sud", "-f", "json")
    assert timeline.exit_code == 0, timeline.output


def test_cli_lookup_lists_several_matches_and_suggests(hub_graph):
    several = run("why", hub_graph, "okafor", "Sud")
    assert several.exit_code == 1
    assert several.output == (
        "Error: 'okafor' matches 2 actors: Amina Okafor, Tomas Okafor; "
        "give more of the name.\n"
    )
    close = run("alliances", hub_graph, "--actor", "Durant")
    assert close.exit_code == 1
    assert close.output.startswith("Error: Unknown actor 'Durant'. Did you mean: ")
    assert "Éloïse Durand" in close.output


def test_cli_why_table_is_not_markdown(hub_graph):
    table = run("why", hub_graph, "Sud", "Nord", "-f", "table").output
    md = run("why", hub_graph, "Sud", "Nord", "-f", "md").output
    assert table != md and md.startswith("# Sud and Republic of Nord\n")
    lines = table.splitlines()
    assert lines[0].split() == [
        "relation",
        "source",
        "target",
        "doc",
        "date",
        "cue",
        "sentence",
    ]
    assert set(lines[1]) == {"-", " "}
    assert lines[2].split()[:3] == ["support", "Sud", "Republic"]
    assert "#" not in lines[0] and "**" not in table


COMMANDS = [
    ["centrality", "{g}"],
    ["alliances", "{g}"],
    ["alliances", "{g}", "--actor", "Sud"],
    ["why", "{g}", "Sud", "Nord"],
    ["timeline", "{g}", "--actor", "Sud"],
]


@pytest.mark.parametrize("fmt", ["table", "csv", "md", "json"])
@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a[2:]) or a[0])
def test_cli_every_output_ends_with_one_newline(hub_graph, tmp_path, args, fmt):
    args = [a.format(g=hub_graph) for a in args]
    shown = run(*args, "-f", fmt)
    assert shown.exit_code == 0, shown.output
    assert shown.output.endswith("\n") and not shown.output.endswith("\n\n")
    written = tmp_path / "out.txt"
    assert run(*args, "-f", fmt, "-o", written).exit_code == 0
    assert written.read_text(encoding="utf-8") == shown.output


@pytest.fixture
def dated_graph(tmp_path):
    G = nx.MultiDiGraph(
        documents=4,
        undated=0,
        date_counts={"2023-01-05": 1, "2023-02-01": 1, "2023-04-10": 2},
    )
    _actors(G, {"Nord": "state", "Sud": "state"})
    G.add_edge(
        "Nord",
        "Sud",
        key="co_mention",
        relation="co_mention",
        weight=4,
        count=4,
        evidence=_evidence("2023-01-05", 1, "a") + _evidence("2023-04-10", 3, "b"),
        first_date="2023-01-05",
        last_date="2023-04-10",
        date_counts={"2023-01-05": 1, "2023-04-10": 3},
    )
    path = tmp_path / "dated.json"
    write_json(G, path)
    return path


def test_cli_slice_refuses_reversed_window(dated_graph, tmp_path):
    out = tmp_path / "s.json"
    result = run(
        "slice", dated_graph, "--since", "2023-03", "--until", "2023-01", "-o", out
    )
    assert result.exit_code == 2
    assert "2023-03-01 is after --until 2023-01-31" in result.output
    assert not out.exists()


def test_cli_slice_recounts_graph_metadata(dated_graph, tmp_path):
    out = tmp_path / "s.json"
    result = run("slice", dated_graph, "--since", "2023-02", "-o", out)
    assert result.exit_code == 0, result.output
    S = read_graph(out)
    assert S.graph["date_counts"] == {"2023-02-01": 1, "2023-04-10": 2}
    assert (S.graph["documents"], S.graph["since"]) == (3, "2023-02-01")


def test_cli_timeline_shows_empty_periods(dated_graph):
    result = run("timeline", dated_graph, "--actor", "Sud", "-f", "csv")
    assert result.output.splitlines() == [
        "period,co_mention,support,oppose",
        "2023-01,1,0,0",
        "2023-02,0,0,0",
        "2023-03,0,0,0",
        "2023-04,3,0,0",
    ]


@pytest.fixture
def undated_graph(tmp_path):
    G = nx.MultiDiGraph(documents=2, undated=2, date_counts={"undated": 2})
    _actors(G, {"Nord": "state", "Sud": "state"})
    _tie(G, "Nord", "Sud", "co_mention", 2, date=None)
    path = tmp_path / "undated.json"
    write_json(G, path)
    return path


@pytest.mark.parametrize(
    "args",
    [
        ["slice", "{g}", "--since", "2020", "-o", "{o}"],
        ["diff", "{g}", "--split", "2020-06"],
    ],
)
def test_cli_undated_graph_says_how_to_date(undated_graph, tmp_path, args):
    out = tmp_path / "x.json"
    result = run(*[a.format(g=undated_graph, o=out) for a in args])
    assert result.exit_code == 1
    [line] = result.output.splitlines()
    assert line.startswith("Error: The articles of this graph are undated")
    assert "'date' field" in line and "--year" in line
    assert not out.exists()


def _written_paths(text: str) -> list[str]:
    """The paths after -o/--output/--out/--plot in the graphkit calls of ``text``."""
    found = []
    for line in text.splitlines():
        words = line.split("#")[0].split()
        if "graphkit" not in words:
            continue
        words = words[words.index("graphkit") :]
        found += [b for a, b in itertools.pairwise(words) if a in WRITING_OPTIONS]
    return found


WRITING_OPTIONS = {"-o", "--output", "--out", "--plot"}


def test_cli_examples_write_under_out():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    helps = "\n".join(
        CliRunner().invoke(cli, [name, "--help"]).output
        for name in sorted(cli.commands)
    )
    paths = _written_paths(readme) + _written_paths(helps)
    assert len(paths) > 10
    # Everything an example writes lands in out/ (ignored by git), or a named place.
    assert [p for p in paths if not p.startswith(("out/", "DIR", "OUT", "FILE"))] == []
