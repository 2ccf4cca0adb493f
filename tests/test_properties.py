"""Hypothesis properties of graph building and graph.json."""

from __future__ import annotations

from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from graphkit.graph.build import build_graph
from graphkit.graph.io import read_graph, to_json_data, write_json
from graphkit.records import Actor, Article, DocRecord, Mention, Resolution

ACTORS = ["Chad", "Niger", "Mali", "Sudan", "Libya"]

sentence_actors = st.lists(st.sampled_from(ACTORS), min_size=0, max_size=4, unique=True)
documents = st.lists(
    st.lists(sentence_actors, min_size=1, max_size=4), min_size=1, max_size=6
)


def _records(docs):
    records = []
    for d, sentences in enumerate(docs):
        mentions = tuple(
            Mention(f"d{d}", s, 0, 0, len(k), k, "GPE", k, "state")
            for s, keys in enumerate(sentences)
            for k in keys
        )
        texts = tuple(" ".join(keys) + "." for keys in sentences)
        records.append(
            DocRecord(
                Article(f"d{d}", " ".join(texts)), texts, (0,) * len(texts), mentions
            )
        )
    return records


RESOLUTION = Resolution(
    tuple(Actor(a, "state", (a,)) for a in ACTORS), {a: a for a in ACTORS}
)


@settings(max_examples=60, deadline=None)
@given(documents, st.randoms())
def test_properties_build_is_independent_of_article_order(docs, rnd):
    records = _records(docs)
    shuffled = records[:]
    rnd.shuffle(shuffled)
    assert to_json_data(build_graph(records, RESOLUTION)) == to_json_data(
        build_graph(shuffled, RESOLUTION)
    )


@settings(max_examples=60, deadline=None)
@given(documents)
def test_properties_comention_weight_equals_cooccurring_sentences(docs):
    G = build_graph(_records(docs), RESOLUTION)
    expected = {}
    for sentences in docs:
        for keys in sentences:
            for pair in combinations(sorted(keys), 2):
                expected[pair] = expected.get(pair, 0) + 1
    got = {
        (u, v): d["weight"]
        for u, v, k, d in G.edges(keys=True, data=True)
        if k == "co_mention"
    }
    assert got == expected


@settings(max_examples=25, deadline=None)
@given(documents)
def test_properties_node_link_json_roundtrips(tmp_path_factory, docs):
    path = tmp_path_factory.mktemp("g") / "graph.json"
    G = build_graph(_records(docs), RESOLUTION)
    write_json(G, path)
    assert to_json_data(read_graph(path)) == to_json_data(G)
