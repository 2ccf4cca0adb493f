"""Dated ties: slices, splits, periods, diffs, timelines and their CLI commands."""

from __future__ import annotations

import datetime as dt
import json
import sys

import networkx as nx
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from graphkit.cli import cli
from graphkit.errors import UnknownActor
from graphkit.graph.build import build_graph
from graphkit.graph.changes import changes_markdown, diff_graphs, diff_markdown
from graphkit.graph.io import read_graph, write_json
from graphkit.graph.time import (
    parse_date_bound,
    period_of,
    periods,
    slice_graph,
    split_graph,
    timeline,
)
from graphkit.records import Actor, Article, DocRecord, Mention, Relation, Resolution
from graphkit.render.plot import plot_timeline
from graphkit.render.report import format_rows

DIFF_KEYS = ["appeared", "vanished", "flipped", "rising", "falling"]


def _link(relation: str, dates: dict[str, int], *, cap: int = 20, per_item: float = 1):
    """A link in the graph.json shape, with one evidence item per counted date."""
    items = [
        {
            "doc": f"{date}#{i}",
            "title": "",
            "sentence": f"{relation} on {date} #{i}.",
            "date": None if date == "undated" else date,
        }
        for date, n in sorted(dates.items(), key=lambda d: (d[0] == "undated", d[0]))
        for i in range(n)
    ]
    count = sum(dates.values())
    dated = sorted(d for d in dates if d != "undated")
    attrs = {
        "relation": relation,
        "count": count,
        "weight": count * per_item,
        "evidence": items[:cap],
        "first_date": dated[0] if dated else None,
        "last_date": dated[-1] if dated else None,
        "date_counts": dict(dates),
    }
    if relation == "co_mention":
        attrs.update(jaccard=0.5, npmi=0.3)
    else:
        sign = 1 if relation == "support" else -1
        attrs.update(
            sign=sign,
            intensity=sign * count * per_item,
            kinds=["x"],
            date_weights={d: n * per_item for d, n in dates.items()},
        )
    return attrs


def _graph(*links) -> nx.MultiDiGraph:
    G = nx.MultiDiGraph(documents=10, undated=1)
    for u, v, relation, dates, *rest in links:
        G.add_edge(
            u, v, key=relation, **_link(relation, dates, **(rest[0] if rest else {}))
        )
    for node in G:
        G.nodes[node].update(label=node, type="state", aliases=[node.upper()])
    return G


@pytest.fixture
def sudan():
    """Three months of ties among Sudanese actors, with one undated item."""
    return _graph(
        (
            "Chad",
            "Sudan",
            "co_mention",
            {"2023-01-05": 2, "2023-02-10": 1, "2023-03-01": 1, "undated": 1},
        ),
        ("Sudan", "Chad", "support", {"2023-01-05": 2}, {"per_item": 3}),
        (
            "Sudan",
            "Chad",
            "oppose",
            {"2023-03-01": 1, "2023-03-20": 2},
            {"per_item": 4},
        ),
        ("Egypt", "Sudan", "co_mention", {"2023-01-20": 1}),
    )


@pytest.mark.parametrize(
    ("text", "end", "iso"),
    [
        ("2023-02-07", False, "2023-02-07"),
        ("2023-2-7", False, "2023-02-07"),
        ("2024-02", True, "2024-02-29"),
        ("2023", False, "2023-01-01"),
        ("2023", True, "2023-12-31"),
    ],
)
def test_time_parse_date_forms(text, end, iso):
    assert parse_date_bound(text, end=end) == iso


@pytest.mark.parametrize("text", ["yesterday", "2023-13-01", "2023-02-30", "23-01-01"])
def test_time_parse_date_rejects(text):
    with pytest.raises(ValueError, match="date"):
        parse_date_bound(text)


def test_time_period_of_iso_week_crosses_year():
    assert period_of("2021-01-01", "week") == "2020-W53"


def test_time_slice_keeps_window_evidence_and_recounts(sudan):
    S = slice_graph(sudan, since="2023-02-01", until="2023-03-05")
    co = S.edges["Chad", "Sudan", "co_mention"]
    assert [e["date"] for e in co["evidence"]] == ["2023-02-10", "2023-03-01"]
    assert (co["count"], co["weight"]) == (2, 2)
    assert (co["first_date"], co["last_date"]) == ("2023-02-10", "2023-03-01")
    assert co["date_counts"] == {"2023-02-10": 1, "2023-03-01": 1}
    assert "jaccard" not in co and "npmi" not in co
    oppose = S.edges["Sudan", "Chad", "oppose"]
    assert (oppose["count"], oppose["weight"], oppose["intensity"]) == (1, 4, -4)
    assert not S.has_edge("Sudan", "Chad", "support")
    assert "Egypt" not in S
    assert (S.graph["since"], S.graph["until"], S.graph["undated"]) == (
        "2023-02-01",
        "2023-03-05",
        0,
    )
    assert sudan.edges["Chad", "Sudan", "co_mention"]["count"] == 5  # not mutated


def test_time_slice_keep_isolated_and_open_window(sudan):
    S = slice_graph(sudan, since="2023-03", keep_isolated=True)
    assert set(S) == set(sudan)
    assert S.number_of_edges() == 2
    whole = slice_graph(sudan)
    assert (
        whole.edges["Chad", "Sudan", "co_mention"]
        == sudan.edges["Chad", "Sudan", "co_mention"]
    )


def test_time_slice_capped_evidence_counts_from_date_counts():
    G = _graph(
        (
            "Chad",
            "Sudan",
            "co_mention",
            {"2023-01-01": 20, "2023-01-02": 10},
            {"cap": 5},
        )
    )
    link = slice_graph(G, since="2023-01-02").edges["Chad", "Sudan", "co_mention"]
    assert (link["count"], link["weight"], link["evidence"]) == (10, 10, [])


def test_time_slice_without_date_counts_scales_stored_evidence():
    G = _graph(("Chad", "Sudan", "co_mention", {"2023-01-01": 2, "2023-01-02": 2}))
    link = G.edges["Chad", "Sudan", "co_mention"]
    del link["date_counts"]
    link["count"] = link["weight"] = 40  # 4 stored items stand for 40
    sliced = slice_graph(G, until="2023-01-01").edges["Chad", "Sudan", "co_mention"]
    assert (sliced["count"], sliced["weight"], len(sliced["evidence"])) == (20, 20, 2)


def test_time_split_graph_partitions_dated_evidence(sudan):
    before, after = split_graph(sudan, "2023-02-10")
    assert before.edges["Chad", "Sudan", "co_mention"]["count"] == 2
    assert after.edges["Chad", "Sudan", "co_mention"]["count"] == 2
    assert set(before.edges(keys=True)) == {
        ("Chad", "Sudan", "co_mention"),
        ("Sudan", "Chad", "support"),
        ("Egypt", "Sudan", "co_mention"),
    }
    assert (before.graph["until"], after.graph["since"]) == ("2023-02-09", "2023-02-10")


def test_time_periods_by_month(sudan):
    graphs = periods(sudan, by="month")
    assert list(graphs) == ["2023-01", "2023-02", "2023-03"]
    assert graphs["2023-03"].edges["Sudan", "Chad", "oppose"]["count"] == 3
    assert graphs["2023-02"].graph["period"] == "2023-02"


def test_changes_diff_finds_appeared_vanished_flipped(sudan):
    old, new = split_graph(sudan, "2023-02-01")
    diff = diff_graphs(old, new)
    assert list(diff) == DIFF_KEYS
    assert [(t["source"], t["target"], t["relation"]) for t in diff["appeared"]] == [
        ("Sudan", "Chad", "oppose")
    ]
    appeared = diff["appeared"][0]
    assert (appeared["date"], appeared["sentence"]) == (
        "2023-03-01",
        "oppose on 2023-03-01 #0.",
    )
    assert {(t["source"], t["target"], t["relation"]) for t in diff["vanished"]} == {
        ("Sudan", "Chad", "support"),
        ("Egypt", "Sudan", "co_mention"),
    }
    [flip] = diff["flipped"]
    assert (flip["source"], flip["target"], flip["from"], flip["relation"]) == (
        "Sudan",
        "Chad",
        "support",
        "oppose",
    )
    assert flip["sentence"] == "oppose on 2023-03-01 #0."
    assert [c["actor"] for c in diff["falling"]] == ["Egypt"]
    assert all(c["change"] > 0 for c in diff["rising"])


def test_changes_majority_decides_flip():
    old = _graph(
        ("Chad", "Sudan", "support", {"2023-01-01": 3}),
        ("Chad", "Sudan", "oppose", {"2023-01-02": 1}),
    )
    same = _graph(
        ("Chad", "Sudan", "support", {"2023-02-01": 2}),
        ("Chad", "Sudan", "oppose", {"2023-02-02": 1}),
    )
    flipped = _graph(
        ("Chad", "Sudan", "support", {"2023-02-01": 1}),
        ("Chad", "Sudan", "oppose", {"2023-02-02": 2}),
    )
    assert diff_graphs(old, same)["flipped"] == []
    assert [t["relation"] for t in diff_graphs(old, flipped)["flipped"]] == ["oppose"]


def _record(doc: str, date: str | None, text: str, a: str, b: str, polarity=None):
    i, j = text.index(a), text.index(b)
    mentions = (
        Mention(doc, 0, 0, i, i + len(a), a, "GPE", a, "state"),
        Mention(doc, 0, 0, j, j + len(b), b, "GPE", b, "state"),
    )
    relations = (
        ()
        if polarity is None
        else (
            Relation(
                doc,
                0,
                a,
                b,
                polarity,
                "x",
                2.0 if polarity == "support" else -2.0,
                "cue",
                text,
            ),
        )
    )
    return DocRecord(
        Article(doc, text, title=doc, date=date), (text,), (0,), mentions, relations
    )


def test_changes_diff_on_built_graph_from_dated_records():
    records = [
        _record(
            "d1",
            "2022-02-03",
            "Ukraine thanked Poland for aid.",
            "Ukraine",
            "Poland",
            "support",
        ),
        _record("d2", "2022-02-20", "Ukraine met Hungary.", "Ukraine", "Hungary"),
        _record(
            "d3",
            "2022-05-02",
            "Ukraine accused Poland of delays.",
            "Ukraine",
            "Poland",
            "oppose",
        ),
        _record("d4", None, "Ukraine met Hungary again.", "Ukraine", "Hungary"),
    ]
    names = ("Hungary", "Poland", "Ukraine")
    resolution = Resolution(
        tuple(Actor(n, "state", (n,), 1, 1) for n in names), {n: n for n in names}
    )
    G = build_graph(records, resolution)
    diff = diff_graphs(*split_graph(G, "2022-04"))
    [flip] = diff["flipped"]
    assert (flip["source"], flip["target"], flip["date"]) == (
        "Ukraine",
        "Poland",
        "2022-05-02",
    )
    assert flip["sentence"] == "Ukraine accused Poland of delays."
    vanished = {(t["source"], t["target"], t["relation"]) for t in diff["vanished"]}
    assert ("Hungary", "Ukraine", "co_mention") in vanished
    assert timeline(G, pair=("Hungary", "Ukraine"))[-1] == {
        "period": "undated",
        "co_mention": 1,
        "support": 0,
        "oppose": 0,
    }


def test_changes_markdown_sections(sudan):
    text = diff_markdown(diff_graphs(*split_graph(sudan, "2023-02-01")))
    assert "## Flipped\n\n- **Sudan** → **Chad** (support → oppose, 2023-03-01)" in text
    assert "## Appeared" in text and "## Falling (PageRank)\n\n- **Egypt** -" in text
    report = changes_markdown(periods(sudan))
    assert "## 2023-02 (since 2023-01)" in report
    assert "## 2023-03 (since 2023-02)" in report


def test_time_timeline_counts_per_period_and_relation(sudan):
    rows = timeline(sudan, actor="sudan", by="month")
    assert rows == [
        {"period": "2023-01", "co_mention": 3, "support": 2, "oppose": 0},
        {"period": "2023-02", "co_mention": 1, "support": 0, "oppose": 0},
        {"period": "2023-03", "co_mention": 1, "support": 0, "oppose": 3},
        {"period": "undated", "co_mention": 1, "support": 0, "oppose": 0},
    ]
    weeks = timeline(sudan, pair=("Chad", "Sudan"), by="week")
    # Every week from the first to the last, the empty ones as zeros.
    assert [r["period"] for r in weeks][:6] == [f"2023-W0{i}" for i in range(1, 7)]
    assert weeks[1] == {
        "period": "2023-W02",
        "co_mention": 0,
        "support": 0,
        "oppose": 0,
    }
    days = timeline(sudan, actor="Egypt", by="day")
    assert days == [
        {"period": "2023-01-20", "co_mention": 1, "support": 0, "oppose": 0}
    ]


def test_time_timeline_unknown_actor_suggests(sudan):
    with pytest.raises(
        UnknownActor, match=r"Unknown actor 'Suda'.*Did you mean: Sudan"
    ):
        timeline(sudan, actor="Suda")


def test_time_timeline_text_and_plot(sudan, tmp_path):
    rows = timeline(sudan, actor="Chad")
    assert format_rows(rows, "csv").splitlines()[1] == "2023-01,2,2,0"
    assert json.loads(format_rows(rows, "json")) == rows
    plot_timeline(rows, tmp_path / "t.png")
    plot_timeline(rows, tmp_path / "t.svg", title="Chad")
    assert (tmp_path / "t.png").read_bytes()[:4] == b"\x89PNG"
    assert "<svg" in (tmp_path / "t.svg").read_text()
    with pytest.raises(ValueError, match=r"\.png or \.svg"):
        plot_timeline(rows, tmp_path / "t.pdf")


@pytest.fixture
def graph_file(sudan, tmp_path):
    path = tmp_path / "graph.json"
    write_json(sudan, path)
    return path


def test_time_cli_slice_writes_recounted_graph(graph_file, tmp_path):
    out = tmp_path / "feb.json"
    result = CliRunner().invoke(
        cli,
        [
            "slice",
            str(graph_file),
            "--since",
            "2023-02",
            "--until",
            "2023-02",
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    G = read_graph(out)
    assert list(G.edges(keys=True, data="count")) == [
        ("Chad", "Sudan", "co_mention", 1)
    ]


@pytest.mark.parametrize(
    "args",
    [
        ["slice", "{g}", "--since", "2023-02-30", "-o", "x.json"],
        ["diff", "{g}", "--split", "next week"],
    ],
)
def test_time_cli_bad_date_exits_2(graph_file, args):
    result = CliRunner().invoke(cli, [a.format(g=graph_file) for a in args])
    assert result.exit_code == 2
    assert "Invalid value for '--" in result.output
    assert "date" in result.output


def test_time_cli_diff_json_keys(graph_file):
    result = CliRunner().invoke(
        cli, ["diff", str(graph_file), "--split", "2023-02-01", "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    diff = json.loads(result.output)
    assert list(diff) == DIFF_KEYS
    assert diff["flipped"][0]["relation"] == "oppose"


def test_time_cli_diff_two_files_markdown(graph_file, sudan, tmp_path):
    old = tmp_path / "old.json"
    write_json(slice_graph(sudan, until="2023-01"), old)
    result = CliRunner().invoke(cli, ["diff", str(old), str(graph_file)])
    assert result.exit_code == 0, result.output
    assert "## Appeared\n\n- **Sudan** → **Chad** (oppose, 2023-03-01)" in result.output


def test_time_cli_diff_needs_split_or_two_graphs(graph_file):
    result = CliRunner().invoke(cli, ["diff", str(graph_file)])
    assert result.exit_code == 2
    assert "Give one GRAPH with --split DATE, or OLD NEW graphs." in result.output


def test_time_cli_timeline_csv_and_plot(graph_file, tmp_path):
    plot = tmp_path / "pair.svg"
    result = CliRunner().invoke(
        cli,
        [
            "timeline",
            str(graph_file),
            "--pair",
            "chad",
            "SUDAN",
            "--by",
            "month",
            "-f",
            "csv",
            "--plot",
            str(plot),
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[:2] == [
        "period,co_mention,support,oppose",
        "2023-01,2,2,0",
    ]
    assert plot.exists()


def test_time_cli_timeline_errors(graph_file):
    runner = CliRunner()
    unknown = runner.invoke(cli, ["timeline", str(graph_file), "--actor", "Khartoum"])
    assert unknown.exit_code == 1
    assert unknown.output.startswith("Error: Unknown actor 'Khartoum', and no actor")
    bad_plot = runner.invoke(cli, ["timeline", str(graph_file), "--plot", "t.pdf"])
    assert bad_plot.exit_code == 2
    assert "'t.pdf' must end in .png or .svg." in bad_plot.output


def test_changes_ranks_stance_first_and_caps_top():
    new = _graph(
        ("Chad", "Sudan", "co_mention", {"2023-01-01": 9}),
        ("Egypt", "Libya", "co_mention", {"2023-01-01": 5}),
        ("Libya", "Sudan", "oppose", {"2023-01-02": 1}),
    )
    appeared = diff_graphs(nx.MultiDiGraph(), new, top=2)["appeared"]
    assert [(t["source"], t["relation"]) for t in appeared] == [
        ("Libya", "oppose"),
        ("Chad", "co_mention"),
    ]


@given(
    st.dictionaries(
        st.dates(dt.date(2019, 1, 1), dt.date(2021, 12, 31)).map(str)
        | st.just("undated"),
        st.integers(1, 5),
        min_size=1,
    ),
    st.sampled_from(["day", "week", "month"]),
)
def test_time_periods_partition_dated_evidence(dates, by):
    G = _graph(("Chad", "Sudan", "co_mention", dates, {"cap": 3}))
    total = sum(
        g.edges["Chad", "Sudan", "co_mention"]["count"]
        for g in periods(G, by=by).values()
    )
    assert total == sum(n for d, n in dates.items() if d != "undated")


def test_time_cli_timeline_plot_without_matplotlib_says_what_to_install(
    graph_file, tmp_path, monkeypatch
):
    # None in sys.modules makes ``import matplotlib.figure`` raise ImportError.
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    plot = tmp_path / "pair.png"
    result = CliRunner().invoke(
        cli, ["timeline", str(graph_file), "--actor", "chad", "--plot", str(plot)]
    )
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == (
        "Error: Plots need matplotlib, which is not installed: pip install matplotlib"
    )
    assert not plot.exists()
