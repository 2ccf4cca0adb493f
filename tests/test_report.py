"""Reports: centrality tables in every format, the alliances, actor and why reports."""

from __future__ import annotations

import csv
import io
import json

import networkx as nx
import pytest

from graphkit.graph import alliances, metrics
from graphkit.render import report


def graph() -> nx.MultiDiGraph:
    """Ukraine and Poland against Russia and Belarus, with evidence on every link."""
    G = nx.MultiDiGraph(documents=3, undated=0)
    for name, kind in [
        ("Ukraine", "state"),
        ("Poland", "state"),
        ("Russia", "state"),
        ("Belarus", "state"),
        ("Wagner Group", "group"),
    ]:
        G.add_node(name, label=name, type=kind, aliases=[], mentions=2, documents=1)
    links = [
        ("Poland", "Ukraine", "support", 3, "Poland sent | tanks to Ukraine."),
        ("Belarus", "Russia", "support", 2, "Belarus hosted Russian troops."),
        ("Russia", "Ukraine", "oppose", 6, "Russia shelled Kharkiv, Ukraine said."),
        ("Wagner Group", "Ukraine", "oppose", 1, "Wagner fighters attacked Bakhmut."),
    ]
    for u, v, relation, weight, sentence in links:
        G.add_edge(
            u,
            v,
            key=relation,
            relation=relation,
            weight=weight,
            count=weight,
            evidence=[
                {
                    "doc": "w1",
                    "title": "Wire",
                    "date": "2023-02-01",
                    "sentence": sentence,
                    "cue": "x",
                }
            ],
        )
    G.add_edge(
        "Russia",
        "Ukraine",
        key="co_mention",
        relation="co_mention",
        weight=4,
        count=4,
        evidence=[
            {
                "doc": "w2",
                "title": "",
                "date": None,
                "sentence": "Russia and Ukraine met.",
            }
        ],
    )
    return G


@pytest.fixture
def result() -> metrics.Centrality:
    return metrics.centrality(graph(), k=3, seed=1)


def test_report_centrality_csv_parses_with_full_precision(result):
    rows = list(csv.DictReader(io.StringIO(report.centrality_table(result, "csv"))))
    assert [r["actor"] for r in rows] == [r["actor"] for r in result.rows]
    assert float(rows[0]["pagerank"]) == result.rows[0]["pagerank"]
    assert rows[0]["rank"] == "1"


def test_report_centrality_table_and_md_say_when_sampled(result):
    for fmt in ("table", "md"):
        text = report.centrality_table(result, fmt)
        assert "estimated from 3 sampled sources (graph above 2000 actors).\n" in text
        assert "Closeness is Wasserman-Faust's" in " ".join(text.split())
        assert text.endswith(".\n") and not text.endswith("\n\n")
    md = report.centrality_table(result, "md").splitlines()
    assert md[0].startswith("| rank | actor | type | degree |")
    assert md[1] == "|---|---|---|---|---|---|---|---|---|"
    assert md[2 + len(result.rows) :][:2] == ["", md[3 + len(result.rows)]]
    assert md[3 + len(result.rows)].endswith("(graph above 2000 actors).")


def test_report_centrality_json_round_trips(result):
    data = json.loads(report.centrality_table(result, "json"))
    assert data["sample"] == 3 and data["layer"] == "all"
    assert data["rows"] == list(result.rows)


def test_report_rejects_unknown_format(result):
    with pytest.raises(ValueError, match="fmt must be one of"):
        report.centrality_table(result, "xlsx")


def test_report_alliances_markdown_for_an_analyst():
    text = report.alliances_markdown(graph(), seed=0)
    assert text.startswith(
        "# Alliances\n\n5 actors; 2 support, 2 oppose and 1 co-mention"
    )
    assert "1. Belarus, Russia" in text or "1. Russia, Belarus" in text
    assert (
        "- **Russia** opposes **Ukraine** (weight 6, 6 items): "
        "“Russia shelled Kharkiv, Ukraine said.” (Wire, 2023-02-01)"
    ) in text
    assert "None: the blocs explain every stance link." in text
    assert "0 of 0 signed triangles are balanced" in text


def test_report_alliances_csv_and_json():
    data = alliances.summary(graph(), seed=0)
    rows = list(csv.DictReader(io.StringIO(report.alliances_report(data, "csv"))))
    assert {r["actor"] for r in rows} == set(graph())
    assert json.loads(report.alliances_report(data, "json"))["blocs"] == data["blocs"]


def test_report_actor_marks_directions():
    text = report.actor_markdown(graph(), "ukraine")
    assert "## Allies (1)\n\n- ← **Poland** (weight 3, 3 items)" in text
    assert "## Adversaries (2)\n\n- ← **Russia** (weight 6, 6 items)" in text
    assert "## Mentioned with (1)" in text


def test_report_why_markdown_groups_and_notes_capped_evidence():
    text = report.why_markdown(graph(), "Ukraine", "Russia")
    assert text.index("## oppose") < text.index("## co_mention")
    assert (
        "- “Russia shelled Kharkiv, Ukraine said.” (Wire, 2023-02-01) [cue: x]" in text
    )
    assert "- ... and 5 more (evidence is capped in graph.json)" in text


def test_report_why_without_links():
    assert report.why_markdown(graph(), "Poland", "Belarus") == (
        "# Poland and Belarus\n\nNo link between them.\n"
    )


def test_report_md_escapes_pipes():
    G = graph()
    nx.relabel_nodes(G, {"Poland": "Poland | EU"}, copy=False)
    md = report.centrality_table(metrics.centrality(G), "md")
    assert "Poland \\| EU" in md
