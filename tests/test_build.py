"""graph.build: the attribute contract, co-mention counts, stance edges, evidence."""

from __future__ import annotations

import dataclasses
import json

import networkx as nx
import pytest

from graphkit.graph.build import build_graph
from graphkit.graph.io import read_graph, to_json_data, write_json
from graphkit.records import Actor, Article, DocRecord, Mention, Relation, Resolution


def _mention(doc, sent, key, paragraph=0, kind="state"):
    return Mention(doc, sent, paragraph, 0, len(key), key, "GPE", key, kind)


def _record(
    doc_id, sentences, keys_per_sentence, relations=(), date=None, paragraphs=None
):
    mentions = tuple(
        _mention(doc_id, i, key, paragraph=(paragraphs or [0] * len(sentences))[i])
        for i, keys in enumerate(keys_per_sentence)
        for key in keys
    )
    return DocRecord(
        Article(doc_id, " ".join(sentences), title=f"Title {doc_id}", date=date),
        tuple(sentences),
        tuple(paragraphs or [0] * len(sentences)),
        mentions,
        tuple(relations),
    )


def _resolution(*ids, alias_map=None):
    actor_of = {i: i for i in ids} | (alias_map or {})
    return Resolution(tuple(Actor(i, "state", (i,), 1, 1) for i in ids), actor_of)


@pytest.fixture
def corpus():
    sudan_chad = Relation(
        "a",
        0,
        "Khartoum",
        "Chad",
        "oppose",
        "accuse",
        -2.0,
        "accused",
        "Khartoum accused Chad of arming rebels.",
    )
    egypt_sudan = Relation(
        "b",
        1,
        "Egypt",
        "Sudan",
        "support",
        "back",
        3.0,
        "backed",
        "Egypt backed Sudan.",
    )
    return [
        _record(
            "a",
            ["Khartoum accused Chad of arming rebels.", "Egypt watched."],
            [["Khartoum", "Chad"], ["Egypt"]],
            [sudan_chad],
            date="2023-05-02",
        ),
        _record(
            "b",
            ["Chad and Sudan met.", "Egypt backed Sudan."],
            [["Chad", "Sudan"], ["Egypt", "Sudan"]],
            [egypt_sudan],
            date="2023-04-01",
        ),
        _record("c", ["Sudan and Chad talked again."], [["Sudan", "Chad"]]),
    ]


def test_build_comention_weight_is_sentence_count(corpus):
    G = build_graph(
        corpus, _resolution("Chad", "Egypt", "Sudan", alias_map={"Khartoum": "Sudan"})
    )
    edge = G.edges["Chad", "Sudan", "co_mention"]
    assert (edge["weight"], edge["count"]) == (3, 3)
    assert edge["first_date"] == "2023-04-01" and edge["last_date"] == "2023-05-02"
    assert edge["date_counts"] == {"2023-04-01": 1, "2023-05-02": 1, "undated": 1}
    assert [e["doc"] for e in edge["evidence"]] == ["b", "a", "c"]


def test_build_comention_stored_once_per_unordered_pair(corpus):
    G = build_graph(
        corpus, _resolution("Chad", "Egypt", "Sudan", alias_map={"Khartoum": "Sudan"})
    )
    comention = [(u, v) for u, v, k in G.edges(keys=True) if k == "co_mention"]
    assert comention == sorted({tuple(sorted(e)) for e in comention})
    assert all(u < v for u, v in comention)


def test_build_stance_edges_are_signed_and_resolved(corpus):
    G = build_graph(
        corpus, _resolution("Chad", "Egypt", "Sudan", alias_map={"Khartoum": "Sudan"})
    )
    oppose = G.edges["Sudan", "Chad", "oppose"]
    assert (
        oppose["sign"] == -1 and oppose["weight"] == 2.0 and oppose["intensity"] == -2.0
    )
    assert oppose["evidence"][0]["cue"] == "accused"
    assert (
        oppose["evidence"][0]["sentence"] == "Khartoum accused Chad of arming rebels."
    )
    support = G.edges["Egypt", "Sudan", "support"]
    assert support["sign"] == 1 and support["kinds"] == ["back"]


def test_build_paragraph_window_links_across_sentences():
    rec = _record("p", ["Chad spoke.", "Niger replied."], [["Chad"], ["Niger"]])
    res = _resolution("Chad", "Niger")
    assert not build_graph([rec], res).has_edge("Chad", "Niger")
    G = build_graph([rec], res, window="paragraph")
    assert G.edges["Chad", "Niger", "co_mention"]["evidence"][0]["sentence"] == (
        "Chad spoke. … Niger replied."
    )


def test_build_unresolved_keys_and_self_ties_are_dropped():
    rel = Relation("s", 0, "Chad", "N'Djamena", "oppose", "attack", -9, "hit", "x")
    rec = _record(
        "s",
        ["Chad hit N'Djamena and the Unknown."],
        [["Chad", "N'Djamena", "Unknown"]],
        [rel],
    )
    G = build_graph([rec], _resolution("Chad", alias_map={"N'Djamena": "Chad"}))
    assert G.number_of_edges() == 0 and list(G) == ["Chad"]


def test_build_evidence_cap_keeps_true_count():
    recs = [
        _record(f"d{i}", ["Chad met Niger."], [["Chad", "Niger"]]) for i in range(5)
    ]
    G = build_graph(recs, _resolution("Chad", "Niger"), max_evidence=2)
    edge = G.edges["Chad", "Niger", "co_mention"]
    assert edge["count"] == 5 and len(edge["evidence"]) == 2


def test_build_normalised_weights():
    recs = [
        _record("x", ["Chad met Niger.", "Chad alone."], [["Chad", "Niger"], ["Chad"]]),
    ]
    edge = build_graph(recs, _resolution("Chad", "Niger")).edges[
        "Chad", "Niger", "co_mention"
    ]
    assert edge["jaccard"] == pytest.approx(1 / 2)
    # p(uv)=1/2, p(u)=1, p(v)=1/2 -> pmi=0 -> npmi 0
    assert edge["npmi"] == pytest.approx(0.0)


def test_build_graph_json_roundtrips(tmp_path, corpus):
    G = build_graph(
        corpus, _resolution("Chad", "Egypt", "Sudan", alias_map={"Khartoum": "Sudan"})
    )
    write_json(G, tmp_path / "graph.json")
    data = json.loads((tmp_path / "graph.json").read_text())
    assert {"nodes", "links"} <= set(data)
    assert {"source", "target", "relation", "weight", "count", "evidence"} <= set(
        data["links"][0]
    )
    H = read_graph(tmp_path / "graph.json")
    assert to_json_data(H) == to_json_data(G)
    assert nx.utils.edges_equal(
        H.edges(keys=True, data=True), G.edges(keys=True, data=True)
    )


def test_build_rejects_unknown_window(corpus):
    with pytest.raises(ValueError, match="window"):
        build_graph(corpus, _resolution("Chad"), window="page")


def test_stance_links_carry_confidence_and_metrics_count_down_to_a_level():
    from graphkit.graph.build import at_confidence

    def rel(sent, confidence, basis):
        return Relation(
            "a", sent, "Chad", "Niger", "oppose", "attack", -4.0, "hit",
            f"Sentence {sent}.", confidence, basis,
        )  # fmt: skip

    rels = [
        rel(0, "explicit", "event:attack"),
        rel(1, "reported", "reported:say"),
        rel(2, "inferred", "coref:it+event:attack"),
    ]
    sents = ["Sentence 0.", "Sentence 1.", "Sentence 2."]
    rec = _record("a", sents, [["Chad", "Niger"]] * 3, rels)
    G = build_graph([rec], _resolution("Chad", "Niger"))
    link = G.edges["Chad", "Niger", "oppose"]
    assert link["confidence_counts"] == {"explicit": 1, "reported": 1, "inferred": 1}
    assert link["confidence_weights"]["inferred"] == 4.0
    assert [e["basis"] for e in link["evidence"]] == [r.basis for r in rels]
    assert [e["confidence"] for e in link["evidence"]] == [r.confidence for r in rels]
    default = at_confidence(G).edges["Chad", "Niger", "oppose"]
    assert (default["count"], default["weight"], default["intensity"]) == (2, 8.0, -8.0)
    assert [e["confidence"] for e in default["evidence"]] == ["explicit", "reported"]
    assert at_confidence(G, "inferred").edges["Chad", "Niger", "oppose"]["count"] == 3
    only = [rel(1, "reported", "reported:say")]
    H = build_graph([_record("a", sents, [["Chad", "Niger"]] * 3, only)],
                    _resolution("Chad", "Niger"))  # fmt: skip
    assert not at_confidence(H, "explicit").has_edge("Chad", "Niger", "oppose")
    assert G.edges["Chad", "Niger", "oppose"]["count"] == 3  # the copy is changed
    with pytest.raises(ValueError):
        at_confidence(G, "rumoured")


def test_cli_metrics_take_min_confidence(tmp_path):
    from click.testing import CliRunner

    from graphkit.cli import cli

    rel = Relation(
        "a", 0, "Chad", "Niger", "oppose", "attack", -4.0, "hit", "Chad hit Niger.",
        "reported", "reported:say",
    )  # fmt: skip
    rec = _record("a", ["Chad hit Niger."], [["Chad", "Niger"]], [rel])
    path = tmp_path / "graph.json"
    write_json(build_graph([rec], _resolution("Chad", "Niger")), path)
    runner = CliRunner()

    def oppose_degree(level):
        args = ["centrality", str(path), "--layer", "oppose", "-f", "json"]
        result = runner.invoke(cli, [*args, "--min-confidence", level])
        assert result.exit_code == 0, result.output
        rows = json.loads(result.output)["rows"]
        return {r["actor"]: r["weighted_degree"] for r in rows}["Chad"]

    assert oppose_degree("reported") == 4.0
    assert oppose_degree("explicit") == 0
    result = runner.invoke(
        cli, ["alliances", str(path), "--min-confidence", "explicit"]
    )
    assert result.exit_code == 0 and "0 oppose" in result.output


def _dated(doc: str, date: str | None) -> DocRecord:
    rec = _record(doc, ["Chad met Niger."], [["Chad", "Niger"]])
    return dataclasses.replace(rec, article=dataclasses.replace(rec.article, date=date))


def test_build_capped_evidence_spans_the_dates_of_a_tie():
    dates = [f"2020-{m:02d}-{d:02d}" for m in range(1, 13) for d in (1, 15)]
    recs = [_dated(f"d{i}", date) for i, date in enumerate(dates)]
    recs += [_dated(f"busy{i}", "2020-01-01") for i in range(30)]  # one busy day
    recs += [_dated("undated", None)]
    G = build_graph(recs, _resolution("Chad", "Niger"), max_evidence=6)
    edge = G.edges["Chad", "Niger", "co_mention"]
    kept = [e["date"] for e in edge["evidence"]]
    assert edge["count"] == len(recs) and len(kept) == 6
    assert kept == sorted(kept)
    assert (kept[0], kept[-1]) == ("2020-01-01", "2020-12-15")  # earliest, latest
    assert len(set(kept)) == 6  # six dates, not six items of the busy day
    # Every quarter of the year keeps evidence, so a slice of it has some.
    assert {(int(date[5:7]) - 1) // 3 for date in kept} == {0, 1, 2, 3}


def test_build_evidence_does_not_depend_on_record_order():
    dates = [f"2021-03-{d:02d}" for d in range(1, 29)] + [None, None]
    recs = [_dated(f"d{i:02d}", date) for i, date in enumerate(dates)]
    res = _resolution("Chad", "Niger")
    forward = build_graph(recs, res, max_evidence=5)
    backward = build_graph(recs[::-1], res, max_evidence=5)
    assert to_json_data(forward) == to_json_data(backward)
    few = build_graph(recs[:3] + recs[-2:], res, max_evidence=5)
    assert [
        e["date"] for e in few.edges["Chad", "Niger", "co_mention"]["evidence"]
    ] == ["2021-03-01", "2021-03-02", "2021-03-03", None, None]
